//! Rejections that rest on a value read beside a glare or a cover: a highlight washes out
//! the first glyphs of a line and OCR reads the rest (`柒拾贰圆壹角柒分` of
//! `贰万捌仟玖佰柒拾贰圆壹角柒分`), so a mismatch read there is no evidence to reject on.
//! Such a finding goes to a reviewer instead, who sees the defect beside it.

use crate::report::{DocumentReport, Finding, FindingCode, Region, Severity};

/// How near a defect's region a value's region may come, in the value's heights, for the
/// value to be read beside it: the glyphs the defect took are about a glyph wide each, and
/// a value stops where they start.
const NEARBY_HEIGHTS: u32 = 1;

/// The other fields a finding's verdict rests on, besides the one it names: a mismatch of
/// money compares readings of several cells.
const RESTS_ON: [(FindingCode, &[&str]); 2] = [
    (FindingCode::AmountWordsMismatch, &["total"]),
    (
        FindingCode::InvoiceTotalMismatch,
        &["amount", "tax_amount", "total"],
    ),
];

/// `findings` with every `REJECT` from the rules whose field's region, or that of a field
/// its verdict rests on ([`RESTS_ON`]), lies within [`NEARBY_HEIGHTS`] of a `GLARE` or
/// `OCCLUSION` on the same upload (or either over a key field, `KEY_FIELD_OCCLUDED`)
/// turned into `NEEDS_REVIEW`, its detail saying why.
pub fn review_readings_beside_defects(
    findings: Vec<Finding>,
    documents: &[DocumentReport],
) -> Vec<Finding> {
    let defects: Vec<(String, Region)> = findings
        .iter()
        .filter(|f| {
            matches!(
                f.code,
                FindingCode::Glare | FindingCode::Occlusion | FindingCode::KeyFieldOccluded
            )
        })
        .filter_map(|f| Some((f.document.clone()?, f.region?)))
        .collect();
    if defects.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .map(|finding| {
            let beside = finding.severity == Severity::Reject
                && !finding.code.is_from_reading()
                && value_regions(&finding, documents).iter().any(|&value| {
                    defects.iter().any(|(document, defect)| {
                        finding.document.as_ref() == Some(document) && near(value, *defect)
                    })
                });
            if !beside {
                return finding;
            }
            let note = "read beside a glare or cover on the same upload: for review";
            let detail = match &finding.detail {
                Some(detail) => format!("{detail}; {note}"),
                None => note.to_string(),
            };
            finding
                .with_severity(Severity::NeedsReview)
                .with_detail(detail)
        })
        .collect()
}

/// The regions of the values `finding` rests on: its own, and those of the fields
/// [`RESTS_ON`] names, as read on its document.
fn value_regions(finding: &Finding, documents: &[DocumentReport]) -> Vec<Region> {
    let document = documents
        .iter()
        .find(|d| finding.document.as_deref() == Some(d.file.as_str()));
    let others = RESTS_ON
        .iter()
        .filter(|(code, _)| *code == finding.code)
        .flat_map(|(_, keys)| keys.iter())
        .filter_map(|key| document?.fields.get(*key)?.region);
    finding.region.into_iter().chain(others).collect()
}

/// Whether `value` comes within [`NEARBY_HEIGHTS`] of its own height of `defect`.
fn near(value: Region, defect: Region) -> bool {
    let reach = NEARBY_HEIGHTS * value.height;
    let apart = |a0: u32, al: u32, b0: u32, bl: u32| {
        let gap_after = b0.saturating_sub(a0 + al);
        let gap_before = a0.saturating_sub(b0 + bl);
        gap_after.max(gap_before)
    };
    apart(value.x, value.width, defect.x, defect.width) <= reach
        && apart(value.y, value.height, defect.y, defect.height) <= reach
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(code: FindingCode, severity: Severity, region: [u32; 4]) -> Finding {
        let mut finding = Finding::new(code, "", "").with_severity(severity);
        finding.document = Some("invoice.jpg".into());
        finding.region = Some(Region::from(region));
        finding
    }

    #[test]
    fn a_rejection_read_beside_a_glare_goes_to_review() {
        let glare = on(
            FindingCode::Glare,
            Severity::PassWithWarning,
            [612, 1404, 252, 108],
        );
        // The words start where the glare ends.
        let words = on(
            FindingCode::AmountWordsMismatch,
            Severity::Reject,
            [869, 1452, 192, 38],
        );
        let out = review_readings_beside_defects(vec![glare.clone(), words.clone()], &[]);
        assert_eq!(out[1].severity, Severity::NeedsReview);
        assert!(out[1].detail.as_deref().unwrap().contains("glare"));
        // Far from it, or on another upload, it stands.
        let far = on(
            FindingCode::AmountWordsMismatch,
            Severity::Reject,
            [1400, 1452, 192, 38],
        );
        let out = review_readings_beside_defects(vec![glare.clone(), far.clone()], &[]);
        assert_eq!(out[1].severity, Severity::Reject);
        let mut elsewhere = words;
        elsewhere.document = Some("licence.jpg".into());
        let out = review_readings_beside_defects(vec![glare.clone(), elsewhere], &[]);
        assert_eq!(out[1].severity, Severity::Reject);
        // Far from the words, but the total in figures it was compared with is beside it.
        let invoice = DocumentReport::with_fields(
            "invoice.jpg",
            crate::report::DocumentType::VatSpecialInvoice,
            &[("total", serde_json::json!("9627.42"))],
            Some(Region::from([700, 1400, 100, 38])),
        );
        let out = review_readings_beside_defects(vec![glare, far], &[invoice]);
        assert_eq!(out[1].severity, Severity::NeedsReview);
    }
}
