//! `BORDER_INCOMPLETE`: part of the document lies outside the picture. The located document
//! runs into a side of the frame while background shows elsewhere (a scan or tight crop, with
//! no background at all, is not judged).

use std::collections::BTreeMap;

use super::{DocumentLocation, QualityFinding, Work};
use crate::report::{FindingCode, Severity};

#[derive(Debug, Clone)]
pub struct BorderParams {
    /// Smallest share of one side of the frame the document must run into. A document
    /// cut by the frame meets it along a long stretch; a corner grazing the frame meets it
    /// over a few pixels. 10% of a side sits between the two in the generated set.
    pub min_touch: f32,
}

impl Default for BorderParams {
    fn default() -> Self {
        BorderParams { min_touch: 0.10 }
    }
}

pub fn check(
    work: &Work,
    location: &DocumentLocation,
    params: &BorderParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let touch = location.touches.iter().copied().fold(0.0f32, f32::max);
    measures.insert("border_touch".into(), f64::from(touch));
    if !location.found || touch < params.min_touch {
        return None;
    }
    let (x0, y0, x1, y1) = location.bbox;
    Some(QualityFinding::new(
        FindingCode::BorderIncomplete,
        Severity::Reupload,
        f64::from(touch),
        Some(work.to_full(x0, y0, x1, y1)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    fn card(x0: u32, x1: u32) -> RgbImage {
        RgbImage::from_fn(400, 300, |x, y| {
            if x >= x0 && x < x1 && (60..240).contains(&y) {
                Rgb([245, 244, 238])
            } else {
                Rgb([70, 72, 80])
            }
        })
    }

    fn run(image: &RgbImage) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            &work,
            &location,
            &BorderParams::default(),
            &mut BTreeMap::new(),
        )
    }

    #[test]
    fn a_card_inside_the_frame_is_complete() {
        assert_eq!(run(&card(80, 320)), None);
    }

    #[test]
    fn a_card_cut_by_the_frame_is_incomplete() {
        let finding = run(&card(150, 400)).expect("cut");
        assert_eq!(finding.code, FindingCode::BorderIncomplete);
        assert_eq!(finding.severity, Severity::Reupload);
        let region = finding.region.unwrap();
        assert!(region.x >= 140 && region.x <= 160, "{region:?}");
    }
}
