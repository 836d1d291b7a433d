//! Where an ID card's portrait is in the pixels. The documents stage can only estimate the
//! portrait's box from the text around it (it prints no text), and generously: card
//! layouts leave different gaps between the text block and the photo. A crease in that
//! gap is no crease through the photo; the photo is where the document's pixels stand far
//! from its paper (a face, hair, clothes), and the estimated box shrinks to them.

use super::{DocumentLocation, Work};
use crate::report::Region;

#[derive(Debug, Clone)]
pub struct PortraitParams {
    /// How far a pixel's colour stands from the paper's (the largest of its three channel
    /// differences) to be the portrait's, grey levels. A crease shades paper by 12–25
    /// levels and a card's guilloche tints it by less; a face, hair and clothes stand 60
    /// and more from it.
    pub min_contrast: u8,
    /// Least share of the estimated box such pixels must fill for their extent to be the
    /// portrait; fewer, and the estimate stays (a photo washed out or covered whole).
    pub min_share: f32,
    /// Share of those pixels left out at each end of their extent, across and down: stray
    /// specks and a text stroke the estimate took in do not widen it.
    pub trim: f32,
    /// Least thickness, working pixels, across and down, of what stands out for it to be
    /// the portrait's: a crease's dark valley (1–3 px) and text strokes are thinner, a
    /// face and shoulders far thicker.
    pub min_thickness: u32,
    /// Widest run of columns (or rows) without such pixels that still lies within the
    /// portrait, as a share of the estimated box's side: the gap between a face and its
    /// shoulders, or a pale shirt. A wider gap parts the portrait from what else stands out
    /// in the box (a dark crease line in the gap between the text and the photo, 3 digit
    /// heights from it in seed 4242's app-00279).
    pub max_gap: f32,
}

impl Default for PortraitParams {
    fn default() -> Self {
        PortraitParams {
            min_contrast: 60,
            min_share: 0.05,
            trim: 0.02,
            min_thickness: 6,
            max_gap: 0.08,
        }
    }
}

/// The part of `estimate` (upload pixels) where the document's pixels stand far from its
/// paper: the portrait's extent. `estimate` unchanged when too few pixels do.
pub fn in_pixels(
    work: &Work,
    location: &DocumentLocation,
    estimate: Region,
    params: &PortraitParams,
) -> Region {
    let Some(paper) = paper_colour(work, location) else {
        return estimate;
    };
    let (x0, y0, x1, y1) = work.from_full(estimate, 0);
    let (w, h) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
    let mut mask = vec![false; (w * h) as usize];
    for y in y0..y1 {
        for x in (x0..x1).filter(|&x| location.contains(x, y)) {
            let p = work.rgb.get_pixel(x, y).0;
            let contrast = (0..3).map(|c| p[c].abs_diff(paper[c])).max().unwrap_or(0);
            mask[((y - y0) * w + (x - x0)) as usize] = contrast >= params.min_contrast;
        }
    }
    let mask = without_thin_strokes(&mask, w, params.min_thickness);
    let (xs, ys): (Vec<u32>, Vec<u32>) = (0..w * h)
        .filter(|&i| mask[i as usize])
        .map(|i| (x0 + i % w, y0 + i / w))
        .unzip();
    let area = (w * h).max(1) as f32;
    if (xs.len() as f32) < params.min_share * area {
        return estimate;
    }
    let mut points: Vec<(u32, u32)> = xs.into_iter().zip(ys).collect();
    let gap = |side: u32| (side as f32 * params.max_gap) as u32;
    points = in_heaviest_run(points, |p| p.0 - x0, x1 - x0, gap(x1 - x0));
    points = in_heaviest_run(points, |p| p.1 - y0, y1 - y0, gap(y1 - y0));
    let (mut xs, mut ys): (Vec<u32>, Vec<u32>) = points.into_iter().unzip();
    let (left, right) = trimmed_extent(&mut xs, params.trim);
    let (top, bottom) = trimmed_extent(&mut ys, params.trim);
    work.to_full(left, top, right + 1, bottom + 1)
}

/// `mask` (rows of `width`) without what is thinner than `min_thickness` across or down:
/// a pixel stays where both its row's and its column's run of set pixels are that long.
fn without_thin_strokes(mask: &[bool], width: u32, min_thickness: u32) -> Vec<bool> {
    let (w, h) = (width as usize, mask.len() / width.max(1) as usize);
    let mut across = vec![false; mask.len()];
    let mut down = vec![false; mask.len()];
    let mark_long_runs = |cells: &mut dyn Iterator<Item = usize>, out: &mut [bool]| {
        let mut run: Vec<usize> = Vec::new();
        for i in cells.chain(std::iter::once(usize::MAX)) {
            if i != usize::MAX && mask[i] {
                run.push(i);
                continue;
            }
            if run.len() >= min_thickness as usize {
                run.iter().for_each(|&j| out[j] = true);
            }
            run.clear();
        }
    };
    for y in 0..h {
        mark_long_runs(&mut (y * w..(y + 1) * w), &mut across);
    }
    for x in 0..w {
        mark_long_runs(&mut (0..h).map(|y| y * w + x), &mut down);
    }
    across.iter().zip(&down).map(|(a, d)| *a && *d).collect()
}

/// The points whose `offset` (0 to `side`) lies in the run of offsets holding the most of
/// them, a run being offsets that hold points with gaps of at most `max_gap` between.
fn in_heaviest_run(
    points: Vec<(u32, u32)>,
    offset: impl Fn(&(u32, u32)) -> u32,
    side: u32,
    max_gap: u32,
) -> Vec<(u32, u32)> {
    let mut counts = vec![0usize; side as usize + 1];
    for p in &points {
        counts[(offset(p) as usize).min(side as usize)] += 1;
    }
    let (mut best, mut best_weight) = ((0, 0), 0);
    let (mut start, mut end, mut weight) = (None, 0, 0);
    for (i, &n) in counts.iter().enumerate() {
        if n == 0 {
            continue;
        }
        match start {
            Some(_) if i - end <= max_gap as usize + 1 => weight += n,
            _ => (start, weight) = (Some(i), n),
        }
        end = i;
        if weight > best_weight {
            (best, best_weight) = ((start.unwrap_or(i), end), weight);
        }
    }
    points
        .into_iter()
        .filter(|p| (best.0..=best.1).contains(&(offset(p) as usize)))
        .collect()
}

/// The document's paper colour: the median of each channel over the document, sampled.
fn paper_colour(work: &Work, location: &DocumentLocation) -> Option<[u8; 3]> {
    let mut channels: [Vec<u8>; 3] = Default::default();
    for (x, y) in location.paper_samples(work.width(), work.height()) {
        let p = work.rgb.get_pixel(x, y).0;
        for (channel, value) in channels.iter_mut().zip(p) {
            channel.push(value);
        }
    }
    if channels[0].is_empty() {
        return None;
    }
    Some(channels.map(|mut values| {
        values.sort_unstable();
        values[values.len() / 2]
    }))
}

/// The smallest and largest of `values` with `trim` of them left out at each end.
fn trimmed_extent(values: &mut [u32], trim: f32) -> (u32, u32) {
    values.sort_unstable();
    let cut = (values.len() as f32 * trim) as usize;
    let last = values.len() - 1;
    (values[cut.min(last)], values[last.saturating_sub(cut)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    /// A pale card on a dark desk, its portrait (a grey ground, a face and shoulders) from
    /// x = 400 to 540, and a crease's shade down x = 330.
    fn card() -> RgbImage {
        RgbImage::from_fn(640, 400, |x, y| {
            if !(40..600).contains(&x) || !(40..360).contains(&y) {
                return Rgb([90, 70, 60]);
            }
            if (400..540).contains(&x) && (80..280).contains(&y) {
                let face = (x as i32 - 470).pow(2) + (y as i32 - 150).pow(2) < 40 * 40;
                let shoulders = y > 210;
                return if face {
                    Rgb([210, 168, 140])
                } else if shoulders {
                    Rgb([40, 44, 60])
                } else {
                    Rgb([214, 218, 222])
                };
            }
            if (325..335).contains(&x) {
                return Rgb([210, 222, 214]);
            }
            Rgb([232, 242, 234])
        })
    }

    /// The estimate over the card's right part: the gap, the crease and the portrait.
    const OVER_PORTRAIT: [u32; 4] = [300, 60, 300, 260];

    /// The portrait found in `image` from `estimate`.
    fn found_in(image: &RgbImage, estimate: Region) -> Region {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        in_pixels(&work, &location, estimate, &PortraitParams::default())
    }

    #[test]
    fn the_estimate_shrinks_to_the_face_and_shoulders() {
        let found = found_in(&card(), Region::from(OVER_PORTRAIT));
        // From the shoulders' left edge, right of the crease, to their right edge.
        assert!((395..=410).contains(&found.x), "{found:?}");
        assert!((530..=545).contains(&(found.x + found.width)), "{found:?}");
        assert!(found.y >= 100 && found.y + found.height <= 285, "{found:?}");
    }

    #[test]
    fn a_dark_crease_line_in_the_gap_is_not_the_portraits() {
        // The crease's valley drawn dark down the gap, 70 px or 12 px left of the photo.
        for crease_x in [329, 385] {
            let mut image = card();
            for y in 40..360 {
                for x in crease_x..crease_x + 3 {
                    image.put_pixel(x, y, Rgb([140, 150, 145]));
                }
            }
            let found = found_in(&image, Region::from(OVER_PORTRAIT));
            assert!((395..=410).contains(&found.x), "{crease_x}: {found:?}");
            assert!((530..=545).contains(&(found.x + found.width)), "{found:?}");
        }
    }

    #[test]
    fn an_estimate_over_plain_paper_stays() {
        let estimate = Region::from([60, 60, 200, 200]);
        assert_eq!(found_in(&card(), estimate), estimate);
    }
}
