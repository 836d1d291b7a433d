//! Key fields (RULES.md §1 and §6.3): the seal, the legal representative's name, the credit
//! code, the ID number, the account number. A cover, a highlight or a crease over one of
//! them is no longer a warning but a reason to retake the photo.

use serde::{Deserialize, Serialize};

use super::QualityFinding;
use crate::report::{FindingCode, Region, Severity};

/// A key field's name (a REPORT.md field key, or `seal`, `photo`, `qr`, `emblem`) and where it
/// is in upload pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyField {
    pub name: String,
    pub region: Region,
}

#[derive(Debug, Clone)]
pub struct KeyParams {
    /// Least share of a key field's area a defect's region must cover to touch it.
    /// RULES.md §6.3 uses 20% for watermarks over key boxes; a crease's band is thin, so
    /// its region is widened to the field before this test (see [`escalate`]).
    pub min_overlap: f32,
}

impl Default for KeyParams {
    fn default() -> Self {
        KeyParams { min_overlap: 0.2 }
    }
}

/// Turns an occlusion, glare or fold finding that touches a key field into
/// `KEY_FIELD_OCCLUDED` / `KEY_FIELD_CREASED` with severity `REUPLOAD`; anything else, or a
/// finding that touches no key field, is returned unchanged.
pub fn escalate(finding: QualityFinding, keys: &[KeyField], params: &KeyParams) -> QualityFinding {
    let Some(code) = over_key_field(finding.code) else {
        return finding;
    };
    let Some(region) = finding.region else {
        return finding;
    };
    let crease = code == FindingCode::KeyFieldCreased;
    let touched = keys.iter().find(|key| {
        let covered = overlap_area(region, key.region) as f32;
        let area = (key.region.width as f32 * key.region.height as f32).max(1.0);
        // A crease is a line: crossing the field at all spoils it.
        if crease {
            covered > 0.0
        } else {
            covered / area >= params.min_overlap
        }
    });
    let Some(key) = touched else {
        return finding;
    };
    let mut out = QualityFinding::new(code, Severity::Reupload, finding.score, Some(key.region));
    out.field = Some(key.name.clone());
    out
}

/// The code a defect gets when it lies over a key field: a cover or glare hides it
/// (`KEY_FIELD_OCCLUDED`), a fold creases it (`KEY_FIELD_CREASED`); `None` for other codes.
pub fn over_key_field(code: FindingCode) -> Option<FindingCode> {
    match code {
        FindingCode::Occlusion | FindingCode::Glare => Some(FindingCode::KeyFieldOccluded),
        FindingCode::Fold => Some(FindingCode::KeyFieldCreased),
        _ => None,
    }
}

fn overlap_area(a: Region, b: Region) -> u64 {
    let span = |a0: u32, al: u32, b0: u32, bl: u32| {
        let end = (u64::from(a0) + u64::from(al)).min(u64::from(b0) + u64::from(bl));
        end.saturating_sub(u64::from(a0.max(b0)))
    };
    span(a.x, a.width, b.x, b.width) * span(a.y, a.height, b.y, b.height)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: FindingCode, r: [u32; 4]) -> QualityFinding {
        QualityFinding::new(code, Severity::PassWithWarning, 1.0, Some(Region::from(r)))
    }

    fn seal() -> Vec<KeyField> {
        vec![KeyField {
            name: "seal".into(),
            region: Region::from([100, 100, 50, 50]),
        }]
    }

    #[test]
    fn a_cover_over_the_seal_is_a_key_field_occlusion() {
        let out = escalate(
            finding(FindingCode::Occlusion, [90, 90, 40, 40]),
            &seal(),
            &KeyParams::default(),
        );
        assert_eq!(out.code, FindingCode::KeyFieldOccluded);
        assert_eq!(out.severity, Severity::Reupload);
        assert_eq!(out.field.as_deref(), Some("seal"));
    }

    #[test]
    fn a_cover_elsewhere_stays_a_warning() {
        let away = finding(FindingCode::Occlusion, [0, 0, 40, 40]);
        assert_eq!(escalate(away.clone(), &seal(), &KeyParams::default()), away);
        let grazing = finding(FindingCode::Glare, [140, 140, 40, 40]);
        assert_eq!(
            escalate(grazing.clone(), &seal(), &KeyParams::default()).code,
            FindingCode::Glare
        );
    }

    #[test]
    fn a_crease_through_the_seal_is_a_key_field_crease() {
        let out = escalate(
            finding(FindingCode::Fold, [0, 120, 400, 4]),
            &seal(),
            &KeyParams::default(),
        );
        assert_eq!(out.code, FindingCode::KeyFieldCreased);
        let blur = finding(FindingCode::Blur, [0, 0, 400, 400]);
        assert_eq!(escalate(blur.clone(), &seal(), &KeyParams::default()), blur);
    }
}
