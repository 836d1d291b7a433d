//! `COLOR_SCAN_REQUIRED`: a colourless image (a black-and-white copy or a greyscale scan)
//! where RULES.md §6 requires colour, judged on the document's pixels by the two tests of
//! RULES.md §6.2. A document on which the red-seal detector (§6.4) found red print is in
//! colour whatever the two tests say: a white page whose only colour is its seal has over
//! 99% grey pixels. (The "copy of a copy" case, a colour image with no seal where the type
//! needs one, is not flagged yet.)

use std::collections::BTreeMap;

use image::RgbImage;

use super::work::chroma;
use super::{DocumentLocation, QualityFinding, Work};
use crate::report::{FindingCode, Severity};

#[derive(Debug, Clone)]
pub struct ColourParams {
    /// RULES.md §6.2: greyscale if the 99th percentile of `|Cb−128| + |Cr−128|` on the
    /// document is below this. RULES.md suggests 6 [U]; measured at upload resolution a
    /// colour photo of even a black-and-white page carries sensor colour noise above 4,
    /// while a greyscale file stays at 0–1 (generated set, seed 5101), so 3.
    pub max_chroma_p99: f32,
    /// RULES.md §6.2: greyscale if more than this share of the pixels have
    /// `max(R,G,B) − min(R,G,B)` below [`Self::grey_spread`].
    pub grey_share: f32,
    /// Channel spread under which a pixel counts as grey. RULES.md §6.2 says 12 [U], but at
    /// upload resolution that calls a colour photo of a white page grey; a greyscale file
    /// has spreads of 0–2.
    pub grey_spread: u8,
    /// Upload pixels sampled every this many in each direction: 1 in 9 of a 12-MP photo
    /// is over a million pixels, plenty for a 99th percentile.
    pub sample_step: u32,
}

impl Default for ColourParams {
    fn default() -> Self {
        ColourParams {
            max_chroma_p99: 3.0,
            grey_share: 0.995,
            grey_spread: 4,
            sample_step: 3,
        }
    }
}

pub fn check(
    image: &RgbImage,
    work: &Work,
    location: &DocumentLocation,
    colour_required: Option<bool>,
    red_marks: usize,
    params: &ColourParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let (p99, grey_share) = colour_statistics(image, work, location, params)?;
    measures.insert("chroma_p99".into(), f64::from(p99));
    if colour_required == Some(false) || red_marks > 0 {
        return None;
    }
    let colourless = p99 < params.max_chroma_p99 || grey_share > params.grey_share;
    if !colourless {
        return None;
    }
    let (x0, y0, x1, y1) = location.bbox;
    Some(QualityFinding::new(
        FindingCode::ColorScanRequired,
        Severity::Reupload,
        f64::from(p99),
        Some(work.to_full(x0, y0, x1, y1)),
    ))
}

/// The 99th percentile of chroma and the share of grey pixels on the document, sampled at
/// upload resolution (shrinking averages away the sensor's colour noise, which a colour
/// photo of a grey page has and a greyscale copy has not); `None` when the document has
/// no pixels.
fn colour_statistics(
    image: &RgbImage,
    work: &Work,
    location: &DocumentLocation,
    params: &ColourParams,
) -> Option<(f32, f32)> {
    let mut hist = [0u32; 512];
    let (mut n, mut grey) = (0u32, 0u32);
    let f = work.factor;
    let step = params.sample_step.max(1) as usize;
    for y in (0..image.height()).step_by(step) {
        for x in (0..image.width()).step_by(step) {
            if location.contains(x / f, y / f) {
                let p = image.get_pixel(x, y);
                hist[(chroma(p) as usize).min(511)] += 1;
                let (hi, lo) = (p.0.iter().max()?, p.0.iter().min()?);
                grey += u32::from(hi - lo < params.grey_spread);
                n += 1;
            }
        }
    }
    if n == 0 {
        return None;
    }
    let wanted = (n as f32 * 0.99).ceil() as u32;
    let mut seen = 0;
    let p99 = hist
        .iter()
        .position(|c| {
            seen += c;
            seen >= wanted
        })
        .unwrap_or(511);
    Some((p99 as f32, grey as f32 / n as f32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    /// Paper with black print and a red seal in the corner.
    fn colour_page() -> RgbImage {
        RgbImage::from_fn(200, 150, |x, y| {
            let (dx, dy) = (x as f32 - 160.0, y as f32 - 110.0);
            if (dx * dx + dy * dy).sqrt() < 25.0 {
                Rgb([200, 40, 40])
            } else if y % 10 < 2 {
                Rgb([20, 20, 20])
            } else {
                Rgb([248, 246, 240])
            }
        })
    }

    fn grey_copy(image: &RgbImage) -> RgbImage {
        RgbImage::from_fn(image.width(), image.height(), |x, y| {
            let v = super::super::work::luma(image.get_pixel(x, y));
            Rgb([v, v, v])
        })
    }

    fn judge(image: &RgbImage, required: Option<bool>) -> Option<QualityFinding> {
        judge_with_marks(image, required, 0)
    }

    fn judge_with_marks(
        image: &RgbImage,
        required: Option<bool>,
        red_marks: usize,
    ) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            image,
            &work,
            &location,
            required,
            red_marks,
            &ColourParams::default(),
            &mut BTreeMap::new(),
        )
    }

    /// A clean white page on a grey desk whose only colour is a small seal: under 1% of
    /// the page's pixels.
    fn page_with_a_small_seal() -> RgbImage {
        RgbImage::from_fn(240, 180, |x, y| {
            let (dx, dy) = (x as f32 - 180.0, y as f32 - 130.0);
            let d = (dx * dx + dy * dy).sqrt();
            if !(20..220).contains(&x) || !(15..165).contains(&y) {
                Rgb([90, 90, 90])
            } else if (9.0..11.0).contains(&d) {
                Rgb([200, 40, 40])
            } else if y % 10 < 2 {
                Rgb([20, 20, 20])
            } else {
                Rgb([248, 248, 248])
            }
        })
    }

    #[test]
    fn a_colour_page_passes() {
        assert_eq!(judge(&colour_page(), Some(true)), None);
    }

    #[test]
    fn a_grey_copy_needs_a_colour_scan_where_colour_is_required() {
        let grey = grey_copy(&colour_page());
        let finding = judge(&grey, Some(true)).expect("grey");
        assert_eq!(finding.code, FindingCode::ColorScanRequired);
        assert!(judge(&grey, None).is_some(), "unknown type: flagged");
        assert_eq!(judge(&grey, Some(false)), None, "colour not required");
    }

    #[test]
    fn a_white_page_whose_only_colour_is_a_seal_is_colour_once_the_seal_is_found() {
        let page = page_with_a_small_seal();
        assert!(
            judge_with_marks(&page, Some(true), 0).is_some(),
            "the two §6.2 tests alone call it grey"
        );
        assert_eq!(judge_with_marks(&page, Some(true), 1), None);
    }
}
