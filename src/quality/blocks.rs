//! Block statistics of the document on the working copy, shared by the glare and occlusion
//! checks, and the smooth light field a document's paper follows.

use image::Rgb;

use super::work::{cbcr, luma};
use super::{DocumentLocation, Work};

/// Statistics of one square block of the working copy that lies wholly on the document.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    /// Block column and row.
    pub bx: u32,
    pub by: u32,
    /// Darkest print: the 5th percentile of luma.
    pub dark: f32,
    /// Brightest: the 95th percentile of the smallest channel (white glare lifts all three).
    pub white: f32,
    /// Dimmest paper: the 5th percentile of the smallest channel. Near the sensor's top
    /// only where nearly every pixel is washed out to white.
    pub floor: f32,
    /// Standard deviation of luma: texture.
    pub spread: f32,
    /// Mean Cb and Cr (centred on zero).
    pub cb: f32,
    pub cr: f32,
}

/// The blocks of side `size` on the document, and the grid's size in blocks.
pub fn document_blocks(
    work: &Work,
    location: &DocumentLocation,
    size: u32,
) -> (Vec<Block>, (u32, u32)) {
    let size = size.max(2);
    let (gw, gh) = (work.width() / size, work.height() / size);
    let mut out = Vec::new();
    for by in 0..gh {
        for bx in 0..gw {
            let (x0, y0) = (bx * size, by * size);
            let (x1, y1) = (x0 + size - 1, y0 + size - 1);
            if [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
                .iter()
                .all(|&(x, y)| location.contains(x, y))
            {
                out.push(block(work, bx, by, size));
            }
        }
    }
    (out, (gw, gh))
}

fn block(work: &Work, bx: u32, by: u32, size: u32) -> Block {
    let n = (size * size) as usize;
    let mut lumas = Vec::with_capacity(n);
    let mut mins = Vec::with_capacity(n);
    let (mut cb_sum, mut cr_sum) = (0.0, 0.0);
    for y in by * size..(by + 1) * size {
        for x in bx * size..(bx + 1) * size {
            let p: &Rgb<u8> = work.rgb.get_pixel(x, y);
            lumas.push(luma(p));
            mins.push(*p.0.iter().min().unwrap_or(&0));
            let (cb, cr) = cbcr(p);
            cb_sum += cb;
            cr_sum += cr;
        }
    }
    let mean = lumas.iter().map(|&v| v as f32).sum::<f32>() / n as f32;
    let var = lumas
        .iter()
        .map(|&v| (v as f32 - mean).powi(2))
        .sum::<f32>()
        / n as f32;
    lumas.sort_unstable();
    mins.sort_unstable();
    Block {
        bx,
        by,
        dark: lumas[n / 20] as f32,
        white: mins[n * 19 / 20] as f32,
        floor: mins[n / 20] as f32,
        spread: var.sqrt(),
        cb: cb_sum / n as f32,
        cr: cr_sum / n as f32,
    }
}

/// A quadratic surface `a + bx + cy + dx² + exy + fy²` fitted by least squares to
/// `(x, y, value)` samples; the light over a flat sheet follows one closely.
#[derive(Debug, Clone, Copy)]
pub struct Surface([f64; 6]);

impl Surface {
    pub fn fit(samples: &[(f32, f32, f32)]) -> Option<Surface> {
        if samples.len() < 6 {
            return None;
        }
        let mut m = [[0.0f64; 7]; 6];
        for &(x, y, v) in samples {
            let t = terms(x, y);
            for i in 0..6 {
                for j in 0..6 {
                    m[i][j] += t[i] * t[j];
                }
                m[i][6] += t[i] * f64::from(v);
            }
        }
        solve(m).map(Surface)
    }

    pub fn at(&self, x: f32, y: f32) -> f32 {
        terms(x, y)
            .iter()
            .zip(self.0)
            .map(|(t, c)| t * c)
            .sum::<f64>() as f32
    }
}

fn terms(x: f32, y: f32) -> [f64; 6] {
    let (x, y) = (f64::from(x), f64::from(y));
    [1.0, x, y, x * x, x * y, y * y]
}

/// Gauss–Jordan elimination with partial pivoting on an augmented 6 × 7 matrix.
fn solve(mut m: [[f64; 7]; 6]) -> Option<[f64; 6]> {
    for col in 0..6 {
        let pivot = (col..6).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-9 {
            return None;
        }
        m.swap(col, pivot);
        for row in 0..6 {
            if row != col {
                let k = m[row][col] / m[col][col];
                let pivot_row = m[col];
                for (cell, p) in m[row].iter_mut().zip(pivot_row).skip(col) {
                    *cell -= k * p;
                }
            }
        }
    }
    Some(std::array::from_fn(|i| m[i][6] / m[i][i]))
}

/// Groups of 4-connected marked cells on a `gw × gh` grid, each as its cells.
pub fn groups(marked: &[bool], gw: u32, gh: u32) -> Vec<Vec<(u32, u32)>> {
    let mut seen = vec![false; marked.len()];
    let mut out = Vec::new();
    for start in 0..marked.len() {
        if !marked[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![start];
        let mut cells = Vec::new();
        while let Some(i) = stack.pop() {
            let (x, y) = ((i as u32) % gw, (i as u32) / gw);
            cells.push((x, y));
            let neighbours = [
                (x > 0).then(|| i - 1),
                (x + 1 < gw).then(|| i + 1),
                (y > 0).then(|| i - gw as usize),
                (y + 1 < gh).then(|| i + gw as usize),
            ];
            for j in neighbours.into_iter().flatten() {
                if marked[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        out.push(cells);
    }
    out
}

/// The bounding box `(x0, y0, x1, y1)` of grid cells, in working pixels.
pub fn cells_box(cells: &[(u32, u32)], size: u32) -> (u32, u32, u32, u32) {
    let x0 = cells.iter().map(|c| c.0).min().unwrap_or(0);
    let y0 = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let x1 = cells.iter().map(|c| c.0).max().unwrap_or(0) + 1;
    let y1 = cells.iter().map(|c| c.1).max().unwrap_or(0) + 1;
    (x0 * size, y0 * size, x1 * size, y1 * size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quadratic_is_fitted_exactly() {
        let f = |x: f32, y: f32| 200.0 + 0.5 * x - 0.2 * y + 0.01 * x * x - 0.003 * x * y;
        let samples: Vec<_> = (0..10)
            .flat_map(|i| (0..10).map(move |j| (i as f32 * 3.0, j as f32 * 2.0)))
            .map(|(x, y)| (x, y, f(x, y)))
            .collect();
        let s = Surface::fit(&samples).unwrap();
        assert!((s.at(7.0, 5.0) - f(7.0, 5.0)).abs() < 1e-2);
    }

    #[test]
    fn groups_are_four_connected() {
        #[rustfmt::skip]
        let marked = [
            true, true, false,
            false, false, true,
            true, false, true,
        ];
        let mut sizes: Vec<usize> = groups(&marked, 3, 3).iter().map(Vec::len).collect();
        sizes.sort();
        assert_eq!(sizes, vec![1, 2, 2]);
    }
}
