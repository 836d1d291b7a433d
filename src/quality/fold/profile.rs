//! The paper's brightness profiled across lines of one direction: for every offset across
//! the line and every stretch along it, the sum and the count of the paper samples there.
//! Samples lie on a grid; along a row (or a column) the bin a sample falls in changes only
//! every few dozen samples, so the row's running sums add whole runs of it at once, the
//! runs' ends found with the very expression that bins one sample (the result is the same
//! as binning every sample, as the tests check).

/// The uncovered paper of a document's box (print filtered out) as running sums along its
/// rows and along its columns.
pub struct PaperSums {
    /// Working-pixel place of the first sample, and the spacing of samples.
    origin: (u32, u32),
    step: u32,
    /// Samples across and down.
    width: usize,
    height: usize,
    rows: RunningSums,
    columns: RunningSums,
}

/// Running sums of brightness and of paper samples along each of several lines of samples
/// (`len + 1` places per line, the first zero), the sum at `place` of `line` stored at
/// `line * line_stride + place * place_stride`: rows keep their places together, columns
/// are summed and stored row by row, as the grid is laid out.
struct RunningSums {
    brightness: Vec<u32>,
    count: Vec<u32>,
    line_stride: usize,
    place_stride: usize,
}

impl RunningSums {
    /// Along the rows of the `width × height` grid.
    fn along_rows(grid: &[Option<u8>], width: usize, height: usize) -> Self {
        let stride = width + 1;
        let mut brightness = vec![0u32; height * stride];
        let mut count = vec![0u32; height * stride];
        for (j, row) in grid.chunks_exact(width.max(1)).take(height).enumerate() {
            let base = j * stride;
            for (i, v) in row.iter().enumerate() {
                brightness[base + i + 1] = brightness[base + i] + v.map_or(0, u32::from);
                count[base + i + 1] = count[base + i] + u32::from(v.is_some());
            }
        }
        RunningSums {
            brightness,
            count,
            line_stride: stride,
            place_stride: 1,
        }
    }

    /// Down the columns of the `width × height` grid.
    fn down_columns(grid: &[Option<u8>], width: usize, height: usize) -> Self {
        let mut brightness = vec![0u32; (height + 1) * width];
        let mut count = vec![0u32; (height + 1) * width];
        for (j, row) in grid.chunks_exact(width.max(1)).take(height).enumerate() {
            let (above, below) = (j * width, (j + 1) * width);
            for (i, v) in row.iter().enumerate() {
                brightness[below + i] = brightness[above + i] + v.map_or(0, u32::from);
                count[below + i] = count[above + i] + u32::from(v.is_some());
            }
        }
        RunningSums {
            brightness,
            count,
            line_stride: 1,
            place_stride: width,
        }
    }

    /// Brightness and count of the samples `from..to` of `line`.
    fn span(&self, line: usize, from: usize, to: usize) -> (u32, u32) {
        let at = |place: usize| line * self.line_stride + place * self.place_stride;
        (
            self.brightness[at(to)] - self.brightness[at(from)],
            self.count[at(to)] - self.count[at(from)],
        )
    }
}

impl PaperSums {
    /// The samples every `step` working pixels of the box `(x0, y0, x1, y1)`; `paper_at`
    /// gives a pixel's paper brightness, `None` where it is not uncovered paper.
    pub fn new(
        (x0, y0, x1, y1): (u32, u32, u32, u32),
        step: u32,
        paper_at: impl Fn(u32, u32) -> Option<u8>,
    ) -> Self {
        let step = step.max(1);
        let width = x1.saturating_sub(x0).div_ceil(step) as usize;
        let height = y1.saturating_sub(y0).div_ceil(step) as usize;
        let mut grid = vec![None; width * height];
        for (j, row) in grid.chunks_mut(width.max(1)).enumerate().take(height) {
            let y = y0 + j as u32 * step;
            for (i, cell) in row.iter_mut().enumerate() {
                *cell = paper_at(x0 + i as u32 * step, y);
            }
        }
        PaperSums {
            origin: (x0, y0),
            step,
            width,
            height,
            rows: RunningSums::along_rows(&grid, width, height),
            columns: RunningSums::down_columns(&grid, width, height),
        }
    }

    /// The working-pixel place of sample `(i, j)`, as floats.
    fn place(&self, i: usize, j: usize) -> (f32, f32) {
        (
            (self.origin.0 + i as u32 * self.step) as f32,
            (self.origin.1 + j as u32 * self.step) as f32,
        )
    }

    /// Sums and counts per bin, `bin` giving a place's bin: adds up runs of each row (for
    /// lines nearer the horizontal, `along_rows`) or of each column that share a bin.
    /// `bin` must be monotonic along rows and columns (a projection, rounded down, is).
    pub fn profile(
        &self,
        bins: usize,
        along_rows: bool,
        bin: impl Fn(f32, f32) -> usize,
    ) -> (Vec<u32>, Vec<u32>) {
        let mut sum = vec![0u32; bins];
        let mut count = vec![0u32; bins];
        let (lines, len, sums) = if along_rows {
            (self.height, self.width, &self.rows)
        } else {
            (self.width, self.height, &self.columns)
        };
        for line in 0..lines {
            let bin_at = |p: usize| {
                let (x, y) = if along_rows {
                    self.place(p, line)
                } else {
                    self.place(line, p)
                };
                bin(x, y)
            };
            let mut start = 0;
            let mut last_run = 1;
            while start < len {
                let current = bin_at(start);
                let end = run_end(start, len, last_run, |p| bin_at(p) == current);
                let (b, n) = sums.span(line, start, end);
                sum[current] += b;
                count[current] += n;
                last_run = end - start;
                start = end;
            }
        }
        (sum, count)
    }
}

/// The end of the run that starts at `start` (where `same` holds) within `..len`: the first
/// place after it where `same` fails, `same` holding on one interval. Runs along a line
/// are as long as the previous one give or take a sample, so the place before the guessed
/// end (`start + guess`, `guess` the previous run's length) and the end itself are tried
/// first: two tests settle most runs. From there the search gallops away from the guess,
/// upwards while `same` holds and downwards once it fails, and bisects what is left.
fn run_end(start: usize, len: usize, guess: usize, same: impl Fn(usize) -> bool) -> usize {
    // Invariant: `same` holds on `start..lo`, and the end is at most `hi`.
    let mut lo = start + 1;
    let mut hi = len;
    let inside = (start + guess.max(1) - 1).max(lo);
    // Upwards from the last place the guess puts in the run: 0, 1, 2, 4, … past it.
    let mut reach = 0;
    while inside + reach < hi {
        let probe = inside + reach;
        if !same(probe) {
            hi = probe;
            break;
        }
        lo = probe + 1;
        reach = (reach * 2).max(1);
    }
    // Downwards when the guessed place itself failed: 1, 2, 4, … before it.
    if hi == inside {
        let mut reach = 1;
        while hi > lo {
            let probe = hi.saturating_sub(reach).max(lo);
            if same(probe) {
                lo = probe + 1;
                break;
            }
            hi = probe;
            reach *= 2;
        }
    }
    // Bisect `lo..hi`: the first place that fails, or `hi`.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if same(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The sums binning every sample on its own, as the profile is defined.
    fn profile_by_sample(
        paper: &PaperSums,
        bins: usize,
        bin: impl Fn(f32, f32) -> usize,
    ) -> (Vec<u32>, Vec<u32>) {
        let mut sum = vec![0u32; bins];
        let mut count = vec![0u32; bins];
        for j in 0..paper.height {
            for i in 0..paper.width {
                let (b, n) = paper.rows.span(j, i, i + 1);
                let (x, y) = paper.place(i, j);
                sum[bin(x, y)] += b;
                count[bin(x, y)] += n;
            }
        }
        (sum, count)
    }

    #[test]
    fn a_run_ends_where_its_test_first_fails() {
        for len in 1..40 {
            for end in 1..=len {
                for guess in 1..=len + 2 {
                    assert_eq!(
                        run_end(0, len, guess, |p| p < end),
                        end,
                        "{len} {end} {guess}"
                    );
                }
            }
        }
        assert_eq!(run_end(5, 9, 2, |p| p < 7), 7);
    }

    proptest! {
        #[test]
        fn runs_sum_as_every_sample_does(
            w in 1u32..60,
            h in 1u32..60,
            step in 1u32..3,
            degrees in -50.0f32..50.0,
            seed in 0u32..1000,
            stretches in 1usize..7,
        ) {
            let (x0, y0) = (3, 5);
            let paper_at = |x: u32, y: u32| {
                let hash = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729) ^ seed) % 11;
                (hash != 0).then_some((hash * 23) as u8)
            };
            let paper = PaperSums::new((x0, y0, x0 + w, y0 + h), step, paper_at);
            let angle = degrees.to_radians();
            let (dir, normal) = ((angle.cos(), angle.sin()), (-angle.sin(), angle.cos()));
            let corners = [(x0, y0), (x0 + w, y0), (x0, y0 + h), (x0 + w, y0 + h)]
                .map(|(x, y)| (x as f32, y as f32));
            let t_min = corners.iter().map(|c| c.0 * normal.0 + c.1 * normal.1).fold(f32::INFINITY, f32::min);
            let s_min = corners.iter().map(|c| c.0 * dir.0 + c.1 * dir.1).fold(f32::INFINITY, f32::min);
            let across = (w + h) as usize + 2;
            let stretch_len = 7.3;
            let bin = |x: f32, y: f32| {
                let t = ((x * normal.0 + y * normal.1) - t_min).max(0.0) as usize;
                let s = (((x * dir.0 + y * dir.1) - s_min) / stretch_len).max(0.0) as usize;
                t.min(across - 1) * stretches + s.min(stretches - 1)
            };
            let bins = across * stretches;
            let expected = profile_by_sample(&paper, bins, bin);
            prop_assert_eq!(paper.profile(bins, true, bin), expected.clone());
            prop_assert_eq!(paper.profile(bins, false, bin), expected);
        }
    }
}
