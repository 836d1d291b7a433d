//! `LOW_RESOLUTION`: too few pixels on the print to read it. The smallest print's height is
//! estimated from the document's size (OCR text boxes, when passed, are only recorded; see
//! [`check`]): onboarding documents print nothing smaller than about 1/60 of
//! their short side (a licence's 3.5-mm footer on 210 mm, an invoice's 2.3-mm cells on
//! 140 mm, an ID card's 1.5-mm number on 54 mm is 1/36). Once OCR has tried the document,
//! its reading revises the estimate ([`check_after_reading`]).

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
    /// Print under [`Self::min_print_px`] is not flagged when OCR read every key field on
    /// it ([`check_after_reading`]), down to this: a glyph 5 px high has strokes about a
    /// pixel wide, and what OCR makes of thinner ones is a guess however confident. The real
    /// vendor crops of an ID card back (329 px across, 5.5 px) and an e-invoice (5.3 px)
    /// read whole; of the generated low-resolution photos (3.6–5.6 px) none of 18 on two
    /// seeds read more than half its fields, but an ID card back at 4.7 px (seed 6161) read
    /// all three: its fields are few and printed larger than the smallest print.
    pub min_legible_print_px: f32,
    /// What becomes of `LOW_RESOLUTION` on print between [`Self::min_legible_print_px`] and
    /// [`Self::min_print_px`] when OCR read every key field on it anyway. `NeedsReview`
    /// (the default) keeps the finding for a person to confirm the reading, because at
    /// these sizes a confident reading can still be a guess; the finding is never
    /// withdrawn unseen. `PassWithWarning` trusts the reading. `Reupload` ignores it, which
    /// also asks the real vendor crops (5.3–5.5 px, read whole) for a new photo.
    pub read_anyway_severity: Severity,
}

impl Default for ResolutionParams {
    fn default() -> Self {
        ResolutionParams {
            smallest_print_ratio: 1.0 / 60.0,
            min_print_px: 5.7,
            marginal_print_px: 7.5,
            min_legible_print_px: 5.0,
            read_anyway_severity: Severity::NeedsReview,
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

/// What OCR made of a document's key fields (RULES.md §1), for [`check_after_reading`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFieldsRead {
    /// The document's type is known and every key field it prints was read.
    All,
    /// Some key field of a known document type went unread, or some field of an ID
    /// card face (whose every field is always printed).
    NotAll,
    /// OCR recognised none of the onboarding documents on the upload.
    NoDocument,
    /// OCR did not run.
    NotRead,
}

/// The check again once OCR has tried the document, revising `report`'s findings:
/// - print measured under [`ResolutionParams::marginal_print_px`] (but not under
///   `min_print_px`, already flagged) is too coarse when key fields went unread on it, or
///   when no document was recognised on it at all (a generated invoice at 5.9 px, read as
///   none, of nine seeds the only upload read as no document in that band), unless the
///   photo is of a screen, whose moiré rather than its pixels spoils the print (`RESCREEN`
///   says so);
/// - print flagged as too small from the document's size alone, when every key field was
///   read on it anyway (down to [`ResolutionParams::min_legible_print_px`]), is judged
///   with [`ResolutionParams::read_anyway_severity`] and a message saying so: the size is
///   an estimate of the print, the reading a test of it, and a person settles between them.
pub fn check_after_reading(
    report: &mut QualityReport,
    key_fields: KeyFieldsRead,
    params: &ResolutionParams,
) {
    let Some(print) = report.measures.get("print_height_px").map(|&p| p as f32) else {
        return;
    };
    let low = |f: &QualityFinding| f.code == FindingCode::LowResolution;
    let flagged = report
        .findings
        .iter()
        .any(|f| low(f) || f.code == FindingCode::Rescreen);
    match key_fields {
        KeyFieldsRead::NotAll | KeyFieldsRead::NoDocument
            if !flagged && print < params.marginal_print_px =>
        {
            report.findings.push(QualityFinding::new(
                FindingCode::LowResolution,
                Severity::Reupload,
                f64::from(print),
                report.document_region,
            ));
        }
        KeyFieldsRead::All if print >= params.min_legible_print_px => {
            for finding in report.findings.iter_mut().filter(|f| low(f)) {
                read_anyway(finding, params.read_anyway_severity);
            }
        }
        _ => {}
    }
}

/// Re-judges a `LOW_RESOLUTION` finding whose key fields were all read, and says so to
/// the supplier and the reviewer.
fn read_anyway(finding: &mut QualityFinding, severity: Severity) {
    finding.severity = severity;
    if severity == Severity::Reupload {
        return;
    }
    finding.message_zh = "照片分辨率偏低：关键信息已识别，但需人工核对；\
        请尽量上传证件占满画面、更高分辨率的照片"
        .to_string();
    finding.message_en = "The photo has few pixels on the document: its key fields were \
        read, but a person must confirm them; a closer, higher-resolution photo avoids this"
        .to_string();
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

    /// The findings of a report that measured `print` and held `findings`, once revised
    /// after a reading with outcome `read`.
    fn revised(
        print: f64,
        findings: Vec<QualityFinding>,
        read: KeyFieldsRead,
    ) -> Vec<QualityFinding> {
        let mut report = QualityReport {
            measures: [("print_height_px".to_string(), print)].into(),
            findings,
            document_region: Some(crate::report::Region::from([0, 0, 360, 480])),
            ..QualityReport::default()
        };
        check_after_reading(&mut report, read, &ResolutionParams::default());
        report.findings
    }

    #[test]
    fn marginal_print_is_too_coarse_where_key_fields_or_the_document_went_unread() {
        let revised = |print: f64, read: KeyFieldsRead| revised(print, Vec::new(), read);
        let coarse = revised(6.1, KeyFieldsRead::NotAll);
        assert_eq!(coarse.len(), 1);
        assert_eq!(coarse[0].code, FindingCode::LowResolution);
        assert_eq!(coarse[0].severity, Severity::Reupload);
        assert!(revised(6.1, KeyFieldsRead::All).is_empty());
        assert_eq!(revised(6.1, KeyFieldsRead::NoDocument).len(), 1);
        assert!(revised(6.1, KeyFieldsRead::NotRead).is_empty());
        assert!(revised(9.0, KeyFieldsRead::NotAll).is_empty());
    }

    #[test]
    fn small_print_whose_key_fields_all_read_goes_to_a_person() {
        let revised = |print: f64, read: KeyFieldsRead| {
            let flagged =
                QualityFinding::new(FindingCode::LowResolution, Severity::Reupload, print, None);
            let findings = revised(print, vec![flagged], read);
            assert_eq!(findings.len(), 1, "LOW_RESOLUTION is never withdrawn");
            assert_eq!(findings[0].code, FindingCode::LowResolution);
            findings[0].severity
        };
        assert_eq!(revised(5.4, KeyFieldsRead::All), Severity::NeedsReview);
        assert_eq!(revised(5.4, KeyFieldsRead::NotAll), Severity::Reupload);
        assert_eq!(revised(5.4, KeyFieldsRead::NoDocument), Severity::Reupload);
        assert_eq!(revised(5.4, KeyFieldsRead::NotRead), Severity::Reupload);
        // Too small for any reading to prove it legible (an ID card back at 4.7 px).
        assert_eq!(revised(4.7, KeyFieldsRead::All), Severity::Reupload);
        assert_eq!(revised(3.6, KeyFieldsRead::All), Severity::Reupload);
    }

    #[test]
    fn the_severity_of_small_print_read_anyway_is_a_parameter() {
        let flagged =
            || QualityFinding::new(FindingCode::LowResolution, Severity::Reupload, 5.4, None);
        for severity in [
            Severity::PassWithWarning,
            Severity::NeedsReview,
            Severity::Reupload,
        ] {
            let mut report = QualityReport {
                measures: [("print_height_px".to_string(), 5.4)].into(),
                findings: vec![flagged()],
                ..QualityReport::default()
            };
            let params = ResolutionParams {
                read_anyway_severity: severity,
                ..ResolutionParams::default()
            };
            check_after_reading(&mut report, KeyFieldsRead::All, &params);
            assert_eq!(report.findings[0].severity, severity);
            let told = report.findings[0].message_en != flagged().message_en;
            assert_eq!(told, severity != Severity::Reupload, "{severity:?}");
        }
    }
}
