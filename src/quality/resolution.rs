//! `LOW_RESOLUTION`: too few pixels on the print to read it. The smallest print's height is
//! estimated from the document's size (OCR text boxes, when passed, are only recorded; see
//! [`check`]): onboarding documents print nothing smaller than about 1/60 of
//! their short side (a licence's 3.5-mm footer on 210 mm, an invoice's 2.3-mm cells on
//! 140 mm, an ID card's 1.5-mm number on 54 mm is 1/36).

use std::collections::BTreeMap;

use super::{DocumentLocation, QualityFinding, QualityReport, TextBox, Work};
use crate::report::{FindingCode, Severity};

#[derive(Debug, Clone)]
pub struct ResolutionParams {
    /// The smallest print as a fraction of the document's short side (see the module).
    pub smallest_print_ratio: f32,
    /// Least height of the smallest print, upload pixels. At under 6 px strokes merge and
    /// OCR stops reading; 5.7 px is a 340-px short side, below every ordinary generated
    /// photo's document (610 px and up, seed 5101) and above every low-resolution one
    /// (300 px and down), and it keeps the small real vendor crops (345 px) readable.
    pub min_print_px: f32,
    /// Print this small or smaller is read on a crisp render but not on a photo shrunk to
    /// it: the real vendor crops of an ID card and an invoice (389 px across, 6.5 px) read
    /// whole, while generated photos of bank documents at 363 and 376 px (6.1 and 6.3 px)
    /// lost three or four fields. Between [`Self::min_print_px`] and this, the document is
    /// too coarse when OCR could not read its key fields ([`check_after_reading`]).
    pub marginal_print_px: f32,
}

impl Default for ResolutionParams {
    fn default() -> Self {
        ResolutionParams {
            smallest_print_ratio: 1.0 / 60.0,
            min_print_px: 5.7,
            marginal_print_px: 7.5,
        }
    }
}

pub fn check(
    work: &Work,
    location: &DocumentLocation,
    text_boxes: Option<&[TextBox]>,
    params: &ResolutionParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let [a, b, _, d] = location.quad.0;
    let len = |p: (f32, f32), q: (f32, f32)| ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
    let short_side = len(a, b).min(len(a, d));
    measures.insert("document_short_side".into(), f64::from(short_side));
    // OCR text boxes are recorded but do not decide: the smallest box (PP-OCR grows every
    // box ~2.5× around its print) flagged small vendor crops that OCR reads well, and on a
    // photo too coarse to read the small print is not detected at all, so the boxes left
    // are titles (LOW_RESOLUTION recall fell from 2/2 to 0/2 on seed 6303 when they
    // decided). The estimate from the document's size stands until a measure from the
    // boxes is shown to do better.
    if let Some(smallest) = text_boxes.and_then(|b| b.iter().map(|line| line.region.height).min()) {
        measures.insert("smallest_text_box_px".into(), f64::from(smallest));
    }
    let print = short_side * params.smallest_print_ratio;
    measures.insert("print_height_px".into(), f64::from(print));
    if print >= params.min_print_px {
        return None;
    }
    let (x0, y0, x1, y1) = location.bbox;
    Some(QualityFinding::new(
        FindingCode::LowResolution,
        Severity::Reupload,
        f64::from(print),
        Some(work.to_full(x0, y0, x1, y1)),
    ))
}

/// The check again once OCR has tried the document: print measured under
/// [`ResolutionParams::marginal_print_px`] (but not under `min_print_px`, already
/// flagged) is too coarse when key fields went unread on it, unless the photo is of a
/// screen, whose moiré rather than its pixels spoils the print (`RESCREEN` says so).
pub fn check_after_reading(
    report: &QualityReport,
    key_fields_unread: bool,
    params: &ResolutionParams,
) -> Option<QualityFinding> {
    let print = *report.measures.get("print_height_px")? as f32;
    let flagged = report
        .findings
        .iter()
        .any(|f| matches!(f.code, FindingCode::LowResolution | FindingCode::Rescreen));
    (key_fields_unread && !flagged && print < params.marginal_print_px).then(|| {
        QualityFinding::new(
            FindingCode::LowResolution,
            Severity::Reupload,
            f64::from(print),
            report.document_region,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    /// A card of `w × h` px on a desk twice its size.
    fn card(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(2 * w, 2 * h, |x, y| {
            let inside = (w / 2..w / 2 + w).contains(&x) && (h / 2..h / 2 + h).contains(&y);
            if inside {
                Rgb([245, 245, 240])
            } else {
                Rgb([90, 70, 60])
            }
        })
    }

    fn judge(image: &RgbImage, boxes: Option<&[TextBox]>) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            &work,
            &location,
            boxes,
            &ResolutionParams::default(),
            &mut BTreeMap::new(),
        )
    }

    #[test]
    fn a_large_document_passes() {
        assert_eq!(judge(&card(600, 400), None), None);
    }

    #[test]
    fn a_small_document_is_low_resolution() {
        let finding = judge(&card(300, 200), None).expect("small");
        assert_eq!(finding.code, FindingCode::LowResolution);
        assert!(
            (finding.score - 200.0 / 60.0).abs() < 0.3,
            "{}",
            finding.score
        );
    }

    #[test]
    fn text_boxes_do_not_overrule_the_documents_size() {
        let line = |height| TextBox {
            region: crate::report::Region::from([0, 0, 50, height]),
            glyphs: 4,
            sideways: false,
        };
        let tiny = [line(4)];
        assert_eq!(judge(&card(600, 400), Some(&tiny)), None);
        let tall = [line(40)];
        assert!(judge(&card(300, 200), Some(&tall)).is_some());
    }

    #[test]
    fn marginal_print_is_too_coarse_only_where_key_fields_went_unread() {
        let report = |print: f64| QualityReport {
            measures: [("print_height_px".to_string(), print)].into(),
            document_region: Some(crate::report::Region::from([0, 0, 360, 480])),
            ..QualityReport::default()
        };
        let params = ResolutionParams::default();
        let finding = check_after_reading(&report(6.1), true, &params).expect("coarse");
        assert_eq!(finding.code, FindingCode::LowResolution);
        assert_eq!(finding.severity, Severity::Reupload);
        assert_eq!(check_after_reading(&report(6.1), false, &params), None);
        assert_eq!(check_after_reading(&report(9.0), true, &params), None);
    }
}
