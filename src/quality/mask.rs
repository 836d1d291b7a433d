//! Binary masks on the working copy: closing and opening with a square, and labelling of
//! 8-connected areas. The results are imageproc's (`close_mut`/`open_mut` with
//! `Norm::LInf`, `connected_components` with 8-connectivity), computed the way large
//! blobs on a megapixel mask want: the square's filter separably, by runs along rows and
//! running counts down columns, the labels by runs of pixels rather than pixel by pixel.
//! Document localisation runs two closings, two openings and four labellings over the
//! whole working copy, and those took a quarter of the quality pass done imageproc's way.
//!
//! A pixel is set when it is non-zero; results are 0 and 255 (labels: 0 and 1, 2, …).

use image::{GrayImage, ImageBuffer, Luma};

/// Labels of the areas of a mask: 0 where unset, else 1, 2, … in the order the areas'
/// first pixels come in a raster scan.
pub type Labels = ImageBuffer<Luma<u32>, Vec<u32>>;

/// Dilation then erosion with a `(2 × radius + 1)`-pixel square.
pub fn close_square(mask: &mut GrayImage, radius: u8) {
    *mask = square_filter(mask, radius, Keep::Any);
    *mask = square_filter(mask, radius, Keep::All);
}

/// Erosion then dilation with a `(2 × radius + 1)`-pixel square.
pub fn open_square(mask: &mut GrayImage, radius: u8) {
    *mask = square_filter(mask, radius, Keep::All);
    *mask = square_filter(mask, radius, Keep::Any);
}

/// Which pixels a square's filter keeps set.
#[derive(Clone, Copy)]
enum Keep {
    /// Those with any set pixel in the square (dilation).
    Any,
    /// Those with only set pixels in the square (erosion).
    All,
}

/// The square's filter, along rows and then along columns (a square is the product of
/// two intervals): along a row each run of set pixels grows or shrinks by the radius;
/// down the columns the set pixels are counted in a sliding window. The square is clipped
/// to the picture, as imageproc's distance transform ignores what lies beyond it: a run
/// that starts or ends at the picture's edge does not shrink from it.
fn square_filter(mask: &GrayImage, radius: u8, keep: Keep) -> GrayImage {
    let (w, h) = (mask.width() as usize, mask.height() as usize);
    let r = usize::from(radius);
    let mut across = vec![0u8; w * h];
    for (row, out) in mask
        .as_raw()
        .chunks_exact(w.max(1))
        .zip(across.chunks_exact_mut(w.max(1)))
    {
        for (a, b) in row_runs(row) {
            let (from, to) = match keep {
                Keep::Any => (a.saturating_sub(r), (b + r).min(w)),
                Keep::All => (
                    if a == 0 { 0 } else { a + r },
                    if b == w { w } else { b.saturating_sub(r) },
                ),
            };
            if from < to {
                out[from..to].fill(255);
            }
        }
    }
    // Set pixels per column among the rows of the window; `across` holds 0 and 255.
    let mut counts = vec![0u32; w];
    let row = |y: usize| &across[y * w..(y + 1) * w];
    for y in 0..r.min(h) {
        add_row(&mut counts, row(y));
    }
    let mut out = vec![0u8; w * h];
    for (y, out_row) in out.chunks_exact_mut(w.max(1)).enumerate() {
        if y + r < h {
            add_row(&mut counts, row(y + r));
        }
        if y > r {
            remove_row(&mut counts, row(y - r - 1));
        }
        let window = ((y + r + 1).min(h) - y.saturating_sub(r)) as u32;
        match keep {
            Keep::Any => {
                for (o, &c) in out_row.iter_mut().zip(&counts) {
                    *o = set_if(c > 0);
                }
            }
            Keep::All => {
                for (o, &c) in out_row.iter_mut().zip(&counts) {
                    *o = set_if(c == window);
                }
            }
        }
    }
    GrayImage::from_raw(w as u32, h as u32, out).expect("the filtered buffer holds w × h pixels")
}

fn add_row(counts: &mut [u32], row: &[u8]) {
    for (c, &v) in counts.iter_mut().zip(row) {
        *c += u32::from(v & 1);
    }
}

fn remove_row(counts: &mut [u32], row: &[u8]) {
    for (c, &v) in counts.iter_mut().zip(row) {
        *c -= u32::from(v & 1);
    }
}

/// A mask's value for a pixel: 255 when `set`, else 0.
pub(super) fn set_if(set: bool) -> u8 {
    if set { 255 } else { 0 }
}

/// One row's run of set pixels, `[x0, x1)`.
#[derive(Clone, Copy)]
struct Run {
    y: u32,
    x0: u32,
    x1: u32,
}

/// The 8-connected areas of the mask's set pixels. Runs on neighbouring rows that touch,
/// diagonally included, are joined (union-find over runs); labels then go to the areas in
/// the order their first runs come, which is the order of their first pixels.
pub fn label_areas(mask: &GrayImage) -> Labels {
    let (w, h) = mask.dimensions();
    let runs = runs_of(mask);
    let mut parent: Vec<usize> = (0..runs.len()).collect();
    let mut above = 0..0;
    let mut start = 0;
    while start < runs.len() {
        let y = runs[start].y;
        let end = start + runs[start..].iter().take_while(|r| r.y == y).count();
        if !above.is_empty() && runs[above.start].y + 1 != y {
            above = 0..0;
        }
        let mut j = above.start;
        for i in start..end {
            // Runs above that end left of this one's left neighbour cannot touch it or
            // any later run of this row.
            while j < above.end && runs[j].x1 < runs[i].x0 {
                j += 1;
            }
            let mut k = j;
            while k < above.end && runs[k].x0 <= runs[i].x1 {
                union(&mut parent, i, k);
                k += 1;
            }
        }
        above = start..end;
        start = end;
    }
    let mut label_of_root = vec![0u32; runs.len()];
    let mut next = 1;
    let mut labels = Labels::new(w, h);
    for (i, run) in runs.iter().enumerate() {
        let root = find(&mut parent, i);
        if label_of_root[root] == 0 {
            label_of_root[root] = next;
            next += 1;
        }
        for x in run.x0..run.x1 {
            labels.put_pixel(x, run.y, Luma([label_of_root[root]]));
        }
    }
    labels
}

/// Pixels per label, the background's (0) first.
pub fn label_sizes(labels: &Labels) -> Vec<u32> {
    let mut sizes: Vec<u32> = vec![0];
    for p in labels.pixels() {
        let l = p[0] as usize;
        if sizes.len() <= l {
            sizes.resize(l + 1, 0);
        }
        sizes[l] += 1;
    }
    sizes
}

/// The runs of set pixels, row by row, left to right.
fn runs_of(mask: &GrayImage) -> Vec<Run> {
    let w = mask.width() as usize;
    mask.as_raw()
        .chunks_exact(w.max(1))
        .enumerate()
        .flat_map(|(y, row)| {
            row_runs(row).map(move |(x0, x1)| Run {
                y: y as u32,
                x0: x0 as u32,
                x1: x1 as u32,
            })
        })
        .collect()
}

/// The runs `[start, end)` of set pixels in one row, left to right.
fn row_runs(row: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut x = 0;
    std::iter::from_fn(move || {
        x += row[x.min(row.len())..]
            .iter()
            .take_while(|&&v| v == 0)
            .count();
        if x >= row.len() {
            return None;
        }
        let start = x;
        x += row[x..].iter().take_while(|&&v| v > 0).count();
        Some((start, x))
    })
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (low, high) = (ra.min(rb), ra.max(rb));
        parent[high] = low;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use imageproc::distance_transform::Norm;
    use imageproc::morphology::{close_mut, open_mut};
    use imageproc::region_labelling::{Connectivity, connected_components};
    use proptest::prelude::*;

    /// A mask of `w × h` from a list of set bits, with blobs: every set bit in `seeds`
    /// sets a small rectangle, so that areas touch, nest and join as a photo's do.
    fn mask_from(w: u32, h: u32, seeds: &[(u32, u32, u32, u32)]) -> GrayImage {
        let mut mask = GrayImage::new(w, h);
        for &(x, y, rw, rh) in seeds {
            for yy in y..(y + rh).min(h) {
                for xx in x..(x + rw).min(w) {
                    mask.put_pixel(xx, yy, Luma([255]));
                }
            }
        }
        mask
    }

    fn masks() -> impl Strategy<Value = GrayImage> {
        (1u32..40, 1u32..40).prop_flat_map(|(w, h)| {
            prop::collection::vec((0..w, 0..h, 1u32..6, 1u32..6), 0..25)
                .prop_map(move |seeds| mask_from(w, h, &seeds))
        })
    }

    /// Whether imageproc's morphology is defined as a square's on `mask`: its distance
    /// transform counts distances up to the width plus the height only, so on a mask with
    /// no unset pixel that is not larger than the radius it erodes everything.
    fn square_within(mask: &GrayImage, radius: u8) -> bool {
        mask.width() + mask.height() > u32::from(radius)
    }

    proptest! {
        #[test]
        fn closing_is_imageprocs(mask in masks(), radius in 0u8..5) {
            prop_assume!(square_within(&mask, radius));
            let mut ours = mask.clone();
            close_square(&mut ours, radius);
            let mut theirs = mask;
            close_mut(&mut theirs, Norm::LInf, radius);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn opening_is_imageprocs(mask in masks(), radius in 0u8..5) {
            prop_assume!(square_within(&mask, radius));
            let mut ours = mask.clone();
            open_square(&mut ours, radius);
            let mut theirs = mask;
            open_mut(&mut theirs, Norm::LInf, radius);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn labels_are_imageprocs(mask in masks()) {
            // imageproc's union-find panics on a single set pixel alone in a 1 × 1 mask;
            // `empty_and_degenerate_masks_pass_through` covers that size.
            prop_assume!(mask.width() * mask.height() > 1);
            let theirs = connected_components(&mask, Connectivity::Eight, Luma([0u8]));
            prop_assert_eq!(label_areas(&mask), theirs);
        }
    }

    #[test]
    fn diagonal_neighbours_are_one_area_and_a_gap_makes_two() {
        let mask = mask_from(6, 3, &[(0, 0, 1, 1), (1, 1, 1, 1), (4, 0, 2, 3)]);
        let labels = label_areas(&mask);
        assert_eq!(labels.get_pixel(0, 0)[0], 1);
        assert_eq!(labels.get_pixel(1, 1)[0], 1);
        assert_eq!(labels.get_pixel(4, 2)[0], 2);
        assert_eq!(labels.get_pixel(2, 2)[0], 0);
    }

    #[test]
    fn closing_fills_a_gap_narrower_than_the_square() {
        let mut mask = mask_from(20, 5, &[(0, 0, 9, 5), (11, 0, 9, 5)]);
        close_square(&mut mask, 1);
        assert!(mask.pixels().all(|p| p[0] == 255));
    }

    #[test]
    fn empty_and_degenerate_masks_pass_through() {
        for (w, h) in [(0, 0), (0, 5), (5, 0), (1, 1), (1, 30)] {
            let mut mask = GrayImage::new(w, h);
            close_square(&mut mask, 3);
            open_square(&mut mask, 3);
            assert_eq!(mask.dimensions(), (w, h));
            assert_eq!(label_areas(&mask).dimensions(), (w, h));
        }
    }
}
