//! Key fields (RULES.md §1 and §6.3): the seal, the legal representative's name, the credit
//! code, the ID number, the account number. A cover, a highlight or a crease over one of
//! them is no longer a warning but a reason to retake the photo.

use serde::{Deserialize, Serialize};

use super::QualityFinding;
use super::fold::clip_line;
use crate::report::{FindingCode, Region, Severity};

/// A key field's name (a REPORT.md field key, or `seal`, `photo`, `qr`, `emblem`) and where it
/// is in upload pixels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyField {
    pub name: String,
    pub region: Region,
}

/// The key region of an ID card's portrait, whose box the documents stage estimates from
/// the text around it and the pixels narrow down ([`super::portrait::in_pixels`]).
pub const PORTRAIT: &str = "photo";
/// The key region of an ID card back's or a licence's national emblem.
pub const EMBLEM: &str = "emblem";
/// The key region of an issuer's red seal.
pub const SEAL: &str = "seal";
/// The key region of a licence's QR code.
pub const QR: &str = "qr";

/// Key regions that are marks, not text: a value read in part runs on under a cover, a
/// mark's box is the whole mark.
const MARKS: [&str; 4] = [SEAL, PORTRAIT, QR, EMBLEM];

impl KeyField {
    /// Whether the key field is a printed value, read by OCR, rather than a mark.
    pub fn is_text(&self) -> bool {
        !MARKS.contains(&self.name.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct KeyParams {
    /// Least share of a key field's area a defect's region must cover to touch it.
    /// RULES.md §6.3 uses 20% for watermarks over key boxes; a crease's band is thin, so
    /// its region is widened to the field before this test (see [`escalate`]).
    pub min_overlap: f32,
    /// Widest gap, in the field's heights, between the end of a field's value and a cover
    /// on the same line for the cover to hide the rest of the value. Values run left to
    /// right from their labels, and OCR reads one only up to where it is covered (a bank
    /// name read as `中国` with a note over `银行…支行`): the field's box then ends where
    /// the cover starts. Half a character height is closer than printed words sit.
    pub max_continuation_gap: f32,
}

impl Default for KeyParams {
    fn default() -> Self {
        KeyParams {
            min_overlap: 0.2,
            max_continuation_gap: 0.5,
        }
    }
}

/// Turns an occlusion, glare or fold finding that touches a key field into
/// `KEY_FIELD_OCCLUDED` / `KEY_FIELD_CREASED` with severity `REUPLOAD`; anything else, or a
/// finding that touches no key field, is returned unchanged. The region of a covered field
/// takes in the cover (or highlight) and the field; a creased one's is the fields'.
pub fn escalate(finding: QualityFinding, keys: &[KeyField], params: &KeyParams) -> QualityFinding {
    let Some(code) = over_key_field(finding.code) else {
        return finding;
    };
    let Some(region) = finding.region else {
        return finding;
    };
    let crease = code == FindingCode::KeyFieldCreased;
    let touches = |key: &&KeyField| {
        let covered = overlap_area(region, key.region) as f32;
        let area = (key.region.width as f32 * key.region.height as f32).max(1.0);
        // A crease is a line: crossing the field at all spoils it.
        if crease {
            match finding.line {
                Some(line) => crosses(line, key.region),
                None => covered > 0.0,
            }
        } else {
            covered / area >= params.min_overlap
                || (key.is_text() && continues(key.region, region, params))
        }
    };
    // A crease runs the length of the document and spoils every field along it; a cover
    // or a highlight is named by the first field it lies over.
    let touched: Vec<&KeyField> = if crease {
        keys.iter().filter(touches).collect()
    } else {
        keys.iter().find(touches).into_iter().collect()
    };
    let Some((first, more)) = touched.split_first() else {
        return finding;
    };
    // A crease's region is its line's box, as long as the document: the fields it spoils
    // place it. A cover or highlight is shown where it lies and over what it hides.
    let start = if crease {
        first.region
    } else {
        region.union(first.region)
    };
    let region = more.iter().fold(start, |all, key| all.union(key.region));
    let mut out = QualityFinding::new(code, Severity::Reupload, finding.score, Some(region));
    out.field = Some(first.name.clone());
    out.more_fields = more.iter().map(|key| key.name.clone()).collect();
    out
}

/// Turns a cover or glare on a document that should show a red mark it does not (see
/// [`super::seals::ExpectedMarks`]) into `KEY_FIELD_OCCLUDED` naming that mark: a note over
/// a seal hides all but its rim, so the seal is not found where the key regions are
/// looked for, and glare washes its red out. Any other finding is returned unchanged.
pub fn escalate_over_missing_mark(finding: QualityFinding, missing: &[&str]) -> QualityFinding {
    let Some(mark) = missing.first() else {
        return finding;
    };
    if over_key_field(finding.code) != Some(FindingCode::KeyFieldOccluded) {
        return finding;
    }
    let mut out = QualityFinding::new(
        FindingCode::KeyFieldOccluded,
        Severity::Reupload,
        finding.score,
        finding.region,
    );
    out.field = Some(mark.to_string());
    out
}

/// Whether the crease between `ends` passes through the print of `field`. A field's box is
/// upright while the document may be turned: the box of a long value on a turned photo is
/// much taller than its print. Creases run along the document's axes, so the print is a
/// rectangle parallel to the crease; its side across the crease is recovered from the box
/// and the crease's angle, and the crease crosses the field when it passes within half that
/// side of the box's centre.
fn crosses(ends: [(f32, f32); 2], field: Region) -> bool {
    let [(xa, ya), (xb, yb)] = ends;
    let (w, h) = (field.width as f32, field.height as f32);
    let length = (xb - xa).hypot(yb - ya);
    let (cos, sin) = ((xb - xa) / length.max(1.0), (yb - ya) / length.max(1.0));
    let dominance = cos * cos - sin * sin;
    if length < 1.0 || dominance.abs() < MIN_AXIS_DOMINANCE {
        let bounds = [
            field.x as f32,
            field.y as f32,
            field.x as f32 + w,
            field.y as f32 + h,
        ];
        return clip_line((xa, ya), (xb - xa, yb - ya), 0.0, 1.0, bounds).is_some();
    }
    // box width = along·|cos| + across·|sin|, box height = along·|sin| + across·|cos|;
    // solved for `across` (the division by the signed dominance keeps it positive for
    // creases nearer upright than level).
    let across = ((h * cos.abs() - w * sin.abs()) / dominance).max(1.0);
    let (cx, cy) = (field.x as f32 + w / 2.0, field.y as f32 + h / 2.0);
    let distance = (-sin * (cx - xa) + cos * (cy - ya)).abs();
    let along = cos * (cx - xa) + sin * (cy - ya);
    distance < across / 2.0 && (0.0..=length).contains(&along)
}

/// How far from 45° a crease must run (cos 2θ, θ its angle to the nearest image axis) for a
/// field's turned print to be recovered from its upright box: 0.5 is within 30° of an
/// axis, which any photo a person would upload is.
const MIN_AXIS_DOMINANCE: f32 = 0.5;

/// The code a defect gets when it lies over a key field: a cover or glare hides it
/// (`KEY_FIELD_OCCLUDED`), a fold creases it (`KEY_FIELD_CREASED`); `None` for other codes.
pub fn over_key_field(code: FindingCode) -> Option<FindingCode> {
    match code {
        FindingCode::Occlusion | FindingCode::Glare => Some(FindingCode::KeyFieldOccluded),
        FindingCode::Fold => Some(FindingCode::KeyFieldCreased),
        _ => None,
    }
}

/// Whether `cover` starts right where `field` ends, on the same line: the field's value
/// goes on under it. A field far taller than wide is a line printed down a turned photo
/// (an ID card photographed upright): its line runs down the image, its glyphs are as
/// high as the box is wide, and it reads from the top or from the bottom as the photo was
/// turned, so a cover at either end continues it. Measured across, a highlight 190 px
/// beside the ID number of such a card (blind seed 6823's app-00036) was within half its
/// 720-px box "height" of the number's end.
fn continues(field: Region, cover: Region, params: &KeyParams) -> bool {
    if field.height as f32 > DOWN_THE_IMAGE * field.width as f32 {
        let (field, cover) = (transposed(field), transposed(cover));
        let far_end = (field.x + field.width).max(cover.x + cover.width);
        return continues_after(field, cover, params)
            || continues_after(mirrored(field, far_end), mirrored(cover, far_end), params);
    }
    continues_after(field, cover, params)
}

/// How many times taller than wide a field's box is when its line runs down the image: a
/// value of two glyphs or more is at least twice as long as it is high.
const DOWN_THE_IMAGE: f32 = 1.5;

/// [`continues`] for a line running left to right.
fn continues_after(field: Region, cover: Region, params: &KeyParams) -> bool {
    let field_end = u64::from(field.x) + u64::from(field.width);
    let gap = u64::from(cover.x) as f32 - field_end as f32;
    let height = field.height.max(1) as f32;
    let shared_rows = span_overlap(field.y, field.height, cover.y, cover.height) as f32;
    cover.x + cover.width > field.x
        && gap <= params.max_continuation_gap * height
        && shared_rows >= SAME_LINE_SHARE * height
}

/// `region` with its axes swapped.
fn transposed(r: Region) -> Region {
    Region {
        x: r.y,
        y: r.x,
        width: r.height,
        height: r.width,
    }
}

/// `r` mirrored left to right within `[0, far_end)`, which holds it: a line read from its
/// right end.
fn mirrored(r: Region, far_end: u32) -> Region {
    Region {
        x: far_end - (r.x + r.width),
        ..r
    }
}

/// Least share of a field's height a cover must span to be on the field's line: half, so
/// that a cover on the line above or below, which touches the field's edge, is not.
const SAME_LINE_SHARE: f32 = 0.5;

fn span_overlap(a0: u32, al: u32, b0: u32, bl: u32) -> u64 {
    let end = (u64::from(a0) + u64::from(al)).min(u64::from(b0) + u64::from(bl));
    end.saturating_sub(u64::from(a0.max(b0)))
}

fn overlap_area(a: Region, b: Region) -> u64 {
    span_overlap(a.x, a.width, b.x, b.width) * span_overlap(a.y, a.height, b.y, b.height)
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
    fn a_cover_right_of_a_mark_on_its_line_hides_none_of_it() {
        // A value read in part goes on under a cover that starts where it ends; a mark's
        // box is the whole mark.
        let beside = finding(FindingCode::Occlusion, [151, 110, 60, 40]);
        assert_eq!(
            escalate(beside.clone(), &seal(), &KeyParams::default()),
            beside
        );
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

    fn bank_name_read_in_part() -> Vec<KeyField> {
        vec![KeyField {
            name: "bank_name".into(),
            region: Region::from([994, 1140, 80, 67]),
        }]
    }

    #[test]
    fn a_cover_where_a_value_stops_short_hides_the_rest_of_it() {
        let out = escalate(
            finding(FindingCode::Occlusion, [1080, 1152, 432, 72]),
            &bank_name_read_in_part(),
            &KeyParams::default(),
        );
        assert_eq!(out.code, FindingCode::KeyFieldOccluded);
        assert_eq!(out.field.as_deref(), Some("bank_name"));
    }

    #[test]
    fn a_covered_fields_region_takes_in_the_cover_and_the_field() {
        let out = escalate(
            finding(FindingCode::Occlusion, [1080, 1152, 432, 72]),
            &bank_name_read_in_part(),
            &KeyParams::default(),
        );
        assert_eq!(out.region, Some(Region::from([994, 1140, 518, 84])));
    }

    #[test]
    fn a_cover_where_a_turned_value_stops_short_hides_the_rest_of_it_at_either_end() {
        // An ID number printed down a turned photo: 97 px across, 720 px along.
        let number = vec![KeyField {
            name: "id_number".into(),
            region: Region::from([717, 1437, 97, 720]),
        }];
        let params = KeyParams::default();
        for cover in [[700, 2160, 130, 300], [700, 1100, 130, 330]] {
            let out = escalate(finding(FindingCode::Glare, cover), &number, &params);
            assert_eq!(out.code, FindingCode::KeyFieldOccluded, "{cover:?}");
        }
        // A highlight beside the number, across its line (blind seed 6823's app-00036).
        let beside = finding(FindingCode::Glare, [1008, 1584, 336, 528]);
        assert_eq!(escalate(beside.clone(), &number, &params), beside);
    }

    #[test]
    fn a_cover_further_along_the_line_or_on_another_line_hides_nothing() {
        let params = KeyParams::default();
        let further = finding(FindingCode::Occlusion, [1200, 1152, 300, 72]);
        assert_eq!(
            escalate(further.clone(), &bank_name_read_in_part(), &params),
            further
        );
        let below = finding(FindingCode::Occlusion, [1080, 1230, 432, 72]);
        assert_eq!(
            escalate(below.clone(), &bank_name_read_in_part(), &params),
            below
        );
        let before = finding(FindingCode::Occlusion, [700, 1152, 280, 72]);
        assert_eq!(
            escalate(before.clone(), &bank_name_read_in_part(), &params),
            before
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

    #[test]
    fn a_crease_names_every_key_field_along_its_line() {
        let keys = vec![
            KeyField {
                name: "issuing_authority".into(),
                region: Region::from([300, 600, 500, 60]),
            },
            KeyField {
                name: "valid_to".into(),
                region: Region::from([300, 700, 500, 60]),
            },
            KeyField {
                name: "emblem".into(),
                region: Region::from([40, 40, 120, 120]),
            },
        ];
        let mut upright = finding(FindingCode::Fold, [498, 0, 4, 800]);
        upright.line = Some([(500.0, 0.0), (500.0, 800.0)]);
        let out = escalate(upright, &keys, &KeyParams::default());
        assert_eq!(out.code, FindingCode::KeyFieldCreased);
        assert_eq!(out.field.as_deref(), Some("issuing_authority"));
        assert_eq!(out.more_fields, ["valid_to"]);
        assert_eq!(out.region, Some(Region::from([300, 600, 500, 160])));
        let detail = out.into_finding("back.jpg").detail.unwrap();
        assert!(detail.contains("also through valid_to"), "{detail}");
    }

    #[test]
    fn a_slanted_crease_is_judged_on_its_line_not_its_box() {
        // The crease's box covers the seal, its line passes below it.
        let mut passing = finding(FindingCode::Fold, [0, 140, 400, 60]);
        passing.line = Some([(0.0, 160.0), (400.0, 200.0)]);
        assert_eq!(
            escalate(passing.clone(), &seal(), &KeyParams::default()),
            passing
        );
        let mut through = finding(FindingCode::Fold, [0, 100, 400, 60]);
        through.line = Some([(0.0, 100.0), (400.0, 160.0)]);
        let out = escalate(through, &seal(), &KeyParams::default());
        assert_eq!(out.code, FindingCode::KeyFieldCreased);
    }

    #[test]
    fn a_crease_beside_a_long_value_on_a_turned_photo_does_not_cross_it() {
        // A value 400 × 40 px turned 6°: its upright box is 400 × 82 px. A crease along
        // the same turn 30 px below the value's middle runs through the box, not the print.
        let value = vec![KeyField {
            name: "depositor_name".into(),
            region: Region::from([100, 100, 400, 82]),
        }];
        let slope = 6f32.to_radians().tan();
        let line_at = |offset: f32| {
            let y = |x: f32| 141.0 + offset + (x - 300.0) * slope;
            Some([(0.0, y(0.0)), (1000.0, y(1000.0))])
        };
        let mut below = finding(FindingCode::Fold, [0, 100, 1000, 120]);
        below.line = line_at(30.0);
        assert_eq!(
            escalate(below.clone(), &value, &KeyParams::default()).code,
            FindingCode::Fold
        );
        let mut through = below;
        through.line = line_at(5.0);
        assert_eq!(
            escalate(through, &value, &KeyParams::default()).code,
            FindingCode::KeyFieldCreased
        );
    }

    #[test]
    fn an_upright_crease_through_a_value_crosses_it() {
        // A tax ID 217 × 46 px, a crease running down the page through its middle and one
        // running down beside it.
        let value = vec![KeyField {
            name: "seller_tax_id".into(),
            region: Region::from([1521, 536, 217, 46]),
        }];
        let mut through = finding(FindingCode::Fold, [1599, 177, 57, 1185]);
        through.line = Some([(1620.0, 177.0), (1635.0, 1362.0)]);
        let out = escalate(through, &value, &KeyParams::default());
        assert_eq!(out.code, FindingCode::KeyFieldCreased);
        let mut beside = finding(FindingCode::Fold, [1750, 177, 57, 1185]);
        beside.line = Some([(1771.0, 177.0), (1786.0, 1362.0)]);
        assert_eq!(
            escalate(beside.clone(), &value, &KeyParams::default()),
            beside
        );
    }

    #[test]
    fn a_cover_on_a_document_missing_its_seal_hides_the_seal() {
        let cover = finding(FindingCode::Occlusion, [400, 300, 120, 120]);
        let out = escalate_over_missing_mark(cover.clone(), &["seal"]);
        assert_eq!(out.code, FindingCode::KeyFieldOccluded);
        assert_eq!(out.severity, Severity::Reupload);
        assert_eq!(out.field.as_deref(), Some("seal"));
        assert_eq!(out.region, cover.region);
        // Every mark found: the cover stays a warning.
        assert_eq!(escalate_over_missing_mark(cover.clone(), &[]), cover);
        // A crease does not hide a seal from being found.
        let crease = finding(FindingCode::Fold, [0, 300, 800, 10]);
        assert_eq!(
            escalate_over_missing_mark(crease.clone(), &["seal"]),
            crease
        );
    }
}
