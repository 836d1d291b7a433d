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
}

impl Default for PortraitParams {
    fn default() -> Self {
        PortraitParams {
            min_contrast: 60,
            min_share: 0.05,
            trim: 0.02,
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
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for y in y0..y1 {
        for x in (x0..x1).filter(|&x| location.contains(x, y)) {
            let p = work.rgb.get_pixel(x, y).0;
            let contrast = (0..3).map(|c| p[c].abs_diff(paper[c])).max().unwrap_or(0);
            if contrast >= params.min_contrast {
                xs.push(x);
                ys.push(y);
            }
        }
    }
    let area = (x1.saturating_sub(x0) * y1.saturating_sub(y0)).max(1) as f32;
    if (xs.len() as f32) < params.min_share * area {
        return estimate;
    }
    let (left, right) = trimmed_extent(&mut xs, params.trim);
    let (top, bottom) = trimmed_extent(&mut ys, params.trim);
    work.to_full(left, top, right + 1, bottom + 1)
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

    #[test]
    fn the_estimate_shrinks_to_the_face_and_shoulders() {
        let image = card();
        let work = Work::new(&image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        let estimate = Region::from([300, 60, 300, 260]);
        let found = in_pixels(&work, &location, estimate, &PortraitParams::default());
        // From the shoulders' left edge, right of the crease, to their right edge.
        assert!((395..=410).contains(&found.x), "{found:?}");
        assert!((530..=545).contains(&(found.x + found.width)), "{found:?}");
        assert!(found.y >= 100 && found.y + found.height <= 285, "{found:?}");
    }

    #[test]
    fn an_estimate_over_plain_paper_stays() {
        let image = card();
        let work = Work::new(&image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        let estimate = Region::from([60, 60, 200, 200]);
        let found = in_pixels(&work, &location, estimate, &PortraitParams::default());
        assert_eq!(found, estimate);
    }
}
