//! Image quality: is this upload good enough to read? One file per check, each a pure
//! function of the decoded pixels (plus the document's place and, when a later stage knows
//! them, the key fields), returning findings with the REPORT.md codes.
//!
//! Every check works on a [`Work`] copy of the photo shrunk to about a thousand pixels on
//! its long side (cheap, and the defects it looks for are larger than that grid), except
//! the screen-pattern check, which needs full-resolution pixels and samples a few tiles.

mod blocks;
pub mod blur;
pub mod border;
pub mod colour;
pub mod document;
pub mod fold;
pub mod glare;
pub mod keys;
mod mask;
pub mod occlusion;
pub mod portrait;
pub mod qr;
pub mod rescreen;
pub mod resolution;
pub mod seals;
mod work;

use std::collections::BTreeMap;

use image::RgbImage;
use serde::Serialize;

use crate::report::{Finding, FindingCode, Region, Severity};

pub use document::{DocumentLocation, Quad};
pub use keys::KeyField;
pub use seals::ExpectedMarks;
pub use work::Work;

/// What the later stages know about an upload that helps judge it. Everything is optional:
/// at upload time nothing is known but the pixels.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// Whether the document type needs a colour image (RULES.md §6: ID cards and bank
    /// permits). `None` when the type is not known yet: then a colourless upload is flagged,
    /// since most onboarding documents need colour.
    pub colour_required: Option<bool>,
    /// Key fields (seal, legal representative, credit code, ID number, account number) in
    /// upload pixels; occlusion, glare or a crease over one becomes a `KEY_FIELD_*` finding.
    /// Marks estimated from the text are among them (an ID card's portrait, a licence's QR
    /// code, a paper invoice's seller seal): the portrait's box shrinks to its pixels, a
    /// code or a seal found on the pixels replaces the estimate of it, and a seal's estimate
    /// leaves the red marks found elsewhere out of the key regions.
    pub key_fields: &'a [KeyField],
    /// The lines OCR read: print size is judged on them when given, and the border of a
    /// document printed on wider paper.
    pub text_boxes: Option<&'a [TextBox]>,
    /// The red marks the document always shows ([`seals`]): what each one found is
    /// called, and which one a cover or glare is taken to hide when it is not found.
    pub marks: ExpectedMarks,
    /// Whether a QR code on the document is key information ([`qr`]): the licence's is
    /// (RULES.md §6.3); an invoice's is not.
    pub qr_code_is_key: bool,
    /// Whether OCR read the upload as none of the onboarding documents (a bank card, a
    /// delivery note). Its design is unknown, so a uniform patch on it (a card's chip, a
    /// logo) may be print rather than something covering it: `OCCLUSION` is not judged.
    /// The upload is rejected as the wrong document anyway.
    pub foreign_layout: bool,
    /// Whether the document is a form whose paper may run past its print (a paper
    /// invoice's sprocket strips and margins) and whose print's first and last rows were
    /// read: its border is judged on the print ([`border`]).
    pub paper_beyond_print: bool,
}

/// One line of text OCR read, as the quality checks see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextBox {
    /// Where the line lies, in upload pixels.
    pub region: Region,
    /// How many characters were read in it.
    pub glyphs: usize,
    /// Whether it runs across the page's lines (taller than wide on an upright page), as a
    /// form's margin imprint does.
    pub sideways: bool,
}

/// One quality problem: a REPORT.md code, how bad it is, a score (the measurement that
/// crossed its threshold, in the check's own unit), where it is, and what the supplier
/// should do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityFinding {
    pub code: FindingCode,
    pub severity: Severity,
    pub score: f64,
    pub region: Option<Region>,
    /// The key field it touches, for `KEY_FIELD_*`.
    pub field: Option<String>,
    /// More key fields it touches (a crease runs through every field along its line); the
    /// region then holds them all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more_fields: Vec<String>,
    /// For a crease: the ends of its line where it leaves the document, upload pixels.
    /// Its region is the box around that line, which for a slanted crease is far wider than
    /// the line: whether it crosses a key field is judged on the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<[(f32, f32); 2]>,
    pub message_zh: String,
    pub message_en: String,
}

impl QualityFinding {
    pub fn new(code: FindingCode, severity: Severity, score: f64, region: Option<Region>) -> Self {
        let (zh, en) = messages(code);
        QualityFinding {
            code,
            severity,
            score,
            region,
            field: None,
            more_fields: Vec::new(),
            line: None,
            message_zh: zh.to_string(),
            message_en: en.to_string(),
        }
    }

    /// The report's finding for upload `document`.
    pub fn into_finding(self, document: &str) -> Finding {
        let mut finding = Finding::new(self.code, self.message_zh, self.message_en)
            .on_document(document)
            .with_severity(self.severity)
            .with_detail(if self.more_fields.is_empty() {
                format!("score {:.3}", self.score)
            } else {
                format!(
                    "score {:.3}; also through {}",
                    self.score,
                    self.more_fields.join(", ")
                )
            });
        finding.region = self.region;
        finding.field = self.field;
        finding
    }
}

/// What the supplier is told for each code: what is wrong and what to do.
pub fn messages(code: FindingCode) -> (&'static str, &'static str) {
    use FindingCode::*;
    match code {
        Blur => (
            "照片模糊，请对焦后在光线充足处重新拍摄，拍摄时保持手机稳定",
            "The photo is blurred: focus on the document and hold the phone still, then retake it",
        ),
        Glare => (
            "证件有反光，请在光线均匀处重新拍摄，避免反光",
            "There is glare on the document: retake it in even light, away from reflections",
        ),
        Occlusion => (
            "证件有部分被遮挡，请移开手指或物品后重新拍摄",
            "Part of the document is covered: move fingers or objects away and retake it",
        ),
        Fold => (
            "证件有折痕，请展平后重新拍摄",
            "The document is folded or creased: flatten it and retake the photo",
        ),
        BorderIncomplete => (
            "证件边缘不完整，请将证件四角完整拍入画面",
            "Part of the document is outside the picture: fit all four corners in the frame",
        ),
        ColorScanRequired => (
            "请上传彩色照片或彩色扫描件，不接受黑白复印件",
            "Upload a colour photo or colour scan; black-and-white copies are not accepted",
        ),
        LowResolution => (
            "图片分辨率过低，文字无法辨认，请靠近证件或使用原图重新上传",
            "The image resolution is too low to read the print: move closer or upload the original photo",
        ),
        Rescreen => (
            "请拍摄证件原件，不要翻拍屏幕或照片",
            "Photograph the original document, not a screen or a printout of a photo",
        ),
        KeyFieldOccluded => (
            "证件关键信息（印章、法定代表人、证照号码、账号）被遮挡或反光，请重新拍摄",
            "A key field (seal, legal representative, code or account number) is covered or glared: retake the photo",
        ),
        KeyFieldCreased => (
            "证件关键信息处有折痕，请展平证件后重新拍摄",
            "A crease runs through a key field: flatten the document and retake the photo",
        ),
        _ => ("请检查图片质量", "Check the image quality"),
    }
}

/// The thresholds of every check, each documented in its own module.
#[derive(Debug, Clone, Default)]
pub struct QualityParams {
    pub work: work::WorkParams,
    pub document: document::DocumentParams,
    pub border: border::BorderParams,
    pub blur: blur::BlurParams,
    pub glare: glare::GlareParams,
    pub occlusion: occlusion::OcclusionParams,
    pub fold: fold::FoldParams,
    pub colour: colour::ColourParams,
    pub resolution: resolution::ResolutionParams,
    pub rescreen: rescreen::RescreenParams,
    pub keys: keys::KeyParams,
    pub seals: seals::SealParams,
    pub portrait: portrait::PortraitParams,
}

/// Everything the quality pass found about one upload.
#[derive(Debug, Clone, Default)]
pub struct QualityReport {
    pub findings: Vec<QualityFinding>,
    /// Measurements by name (`sharpness`, `glare_fraction`, …) for the report's
    /// `documents[].quality`.
    pub measures: BTreeMap<String, f64>,
    /// Where the document lies in the upload, when it could be found.
    pub document: Option<DocumentLocation>,
    /// The document's bounding box in upload pixels.
    pub document_region: Option<Region>,
    /// The red marks (seals, an ID card's emblem) found on it, in upload pixels.
    pub red_marks: Vec<Region>,
}

/// Runs every check on one decoded upload.
pub fn assess(image: &RgbImage, context: &Context<'_>, params: &QualityParams) -> QualityReport {
    let mut report = QualityReport::default();
    if image.width() == 0 || image.height() == 0 {
        return report;
    }
    let work = Work::new(image, &params.work);
    let location = document::locate(&work, &params.document);
    let red_marks = seals::locate(&work, &location, &params.seals);
    let m = &mut report.measures;
    m.insert("red_marks".into(), red_marks.len() as f64);
    let mut found = Vec::new();

    let print = context.text_boxes.filter(|_| context.paper_beyond_print);
    // A screen's moiré corrupts the sharpness measure, and its bands run over the desk
    // as over the document, which is then found running into the frame (an ID card
    // photographed off a screen, whole on it, in blind seed 8642's app-00258); a rescreen
    // is retaken anyway.
    let rescreen = rescreen::check(image, &work, &location, &params.rescreen, m);
    let rescreened = rescreen.is_some();
    let border = border::check(&work, &location, print, &params.border, m);
    found.extend(border.filter(|_| !rescreened));
    found.extend(resolution::check(
        &work,
        &location,
        context.text_boxes,
        &params.resolution,
        m,
    ));
    let blur = if rescreened {
        None
    } else {
        blur::check(&work, &location, &params.blur, m)
    };
    let blurred = blur.is_some();
    found.extend(blur);
    found.extend(rescreen);
    found.extend(colour::check(
        image,
        &work,
        &location,
        context.colour_required,
        red_marks.len(),
        &params.colour,
        m,
    ));
    let occlusion = if context.foreign_layout {
        occlusion::Covers::default()
    } else {
        occlusion::check(&work, &location, &params.occlusion, m)
    };
    let covers = occlusion.regions();
    // A screen has no paper to crease, and its moiré bands step like creases. Blur smears
    // the sheet's edges and print into soft steps like a crease's (a motion-blurred
    // permit's frame, blind seed 2929), and a blurred photo is retaken anyway.
    // On a form judged on its print, a step beyond the print is the edge of the sheets
    // stacked under it (a paper invoice's copies), not a crease through the form.
    let fold = if rescreened || blurred {
        None
    } else {
        fold::check(&work, &location, &covers, &params.fold, m)
            .filter(|f| print.is_none_or(|lines| crosses_print(f, lines)))
    };
    let creased = fold.is_some();
    let colourless = found
        .iter()
        .any(|f| f.code == FindingCode::ColorScanRequired);
    let (glare, qr_codes) = glare_beside_codes(
        image,
        &work,
        &location,
        context,
        (creased, colourless),
        params,
        m,
    );
    found.extend(glare);
    found.extend(occlusion.largest);
    found.extend(fold);

    let (mark_names, missing_marks) = context.marks.name(&red_marks, &location.quad);
    // A code located by its finder patterns, or a seal by its red, replaces the estimate
    // of where it is printed.
    let keys: Vec<KeyField> = context
        .key_fields
        .iter()
        .filter(|key| key.name != keys::QR || qr_codes.is_empty())
        .filter(|key| key.name != keys::SEAL || !red_marks.iter().any(|&m| key.region.overlaps(m)))
        .map(|key| match key.name.as_str() {
            keys::PORTRAIT => KeyField {
                name: key.name.clone(),
                region: portrait::in_pixels(&work, &location, key.region, &params.portrait),
            },
            _ => key.clone(),
        })
        .chain(key_marks(&red_marks, &mark_names, context.key_fields))
        .chain(
            qr_codes
                .iter()
                .filter(|_| context.qr_code_is_key)
                .map(|&region| KeyField {
                    name: keys::QR.to_string(),
                    region,
                }),
        )
        .collect();
    report.findings = found
        .into_iter()
        .map(|f| keys::escalate(f, &keys, &params.keys))
        .map(|f| keys::escalate_over_missing_mark(f, &missing_marks))
        .collect();
    // A small cover counts only over a key field, once per field.
    for small in occlusion.small {
        let over_key = keys::escalate(small, &keys, &params.keys);
        let reported = |f: &QualityFinding| f.code == over_key.code && f.field == over_key.field;
        if over_key.code == FindingCode::KeyFieldOccluded && !report.findings.iter().any(reported) {
            report.findings.push(over_key);
        }
    }
    let (x0, y0, x1, y1) = location.bbox;
    report.document_region = Some(work.to_full(x0, y0, x1, y1));
    report.document = Some(location);
    report.red_marks = red_marks;
    report
}

/// The red marks found that are key regions, by `names`. Where the layout tells where a
/// document's seal is stamped (a `seal` among the estimated `key_fields`: a paper
/// invoice's seller seal by its footer), a mark elsewhere is the form's own print (the
/// supervision seal printed over an invoice's title), not key information; elsewhere every
/// mark is.
fn key_marks<'a>(
    red_marks: &'a [Region],
    names: &'a [&'static str],
    key_fields: &'a [KeyField],
) -> impl Iterator<Item = KeyField> + 'a {
    let placed: Vec<Region> = key_fields
        .iter()
        .filter(|key| key.name == keys::SEAL)
        .map(|key| key.region)
        .collect();
    red_marks
        .iter()
        .zip(names)
        .filter(move |(mark, _)| placed.is_empty() || placed.iter().any(|p| p.overlaps(**mark)))
        .map(|(&region, name)| KeyField {
            name: name.to_string(),
            region,
        })
}

/// The glare check, and the QR codes on the upload where they are looked for. A code's
/// white modules and quiet zone are white by design, not glare, so the check leaves them
/// out; but finding codes is the costliest step of the pass (a fifth of it on a 12-MP
/// photo), so they are looked for only where they matter: on a document whose code is
/// key information (a licence), and on an upload where glare found a highlight large
/// enough to report, which is then judged again beside the codes. Leaving blocks out only
/// shrinks highlights, so a photo without one has none beside the codes either (a clean
/// licence's few bright blocks, too small to report, had the codes looked for on every
/// upload). `state` is glare's (creased, colourless).
fn glare_beside_codes(
    image: &RgbImage,
    work: &Work,
    location: &DocumentLocation,
    context: &Context<'_>,
    state: (bool, bool),
    params: &QualityParams,
    measures: &mut BTreeMap<String, f64>,
) -> (Option<QualityFinding>, Vec<Region>) {
    let mut first = BTreeMap::new();
    let without_codes = glare::check(work, location, &[], state, &params.glare, &mut first);
    let codes_are_key =
        context.qr_code_is_key || context.key_fields.iter().any(|key| key.name == keys::QR);
    let highlight = without_codes.is_some();
    let qr_codes = if codes_are_key || highlight {
        qr::locate(image)
    } else {
        Vec::new()
    };
    if qr_codes.is_empty() || !highlight {
        measures.extend(first);
        return (without_codes, qr_codes);
    }
    let glare = glare::check(work, location, &qr_codes, state, &params.glare, measures);
    (glare, qr_codes)
}

/// Whether a crease `finding`'s line (or, without one, its box) meets the span of the
/// print's body: the lines of several glyphs printed along the page.
fn crosses_print(finding: &QualityFinding, lines: &[TextBox]) -> bool {
    let Some(print) = border::body_bounds(lines) else {
        return true;
    };
    let [px0, py0, px1, py1] = print;
    match (finding.line, finding.region) {
        (Some([a, b]), _) => {
            let direction = (b.0 - a.0, b.1 - a.1);
            fold::clip_line(a, direction, 0.0, 1.0, print).is_some()
        }
        (None, Some(r)) => {
            let [x0, y0] = [r.x as f32, r.y as f32];
            let [x1, y1] = [x0 + r.width as f32, y0 + r.height as f32];
            x0 <= px1 && x1 >= px0 && y0 <= py1 && y1 >= py0
        }
        (None, None) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A card-like page on a grey desk with a gold rectangle (a chip, or a sticker) on it.
    fn page_with_gold_patch() -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([70, 72, 80]);
            }
            if (300..400).contains(&x) && (200..280).contains(&y) {
                return Rgb([214, 180, 80]);
            }
            if y % 20 < 8 && x % 11 < 7 {
                Rgb([40, 40, 40])
            } else {
                Rgb([246, 244, 236])
            }
        })
    }

    fn codes(context: &Context<'_>) -> Vec<FindingCode> {
        assess(&page_with_gold_patch(), context, &QualityParams::default())
            .findings
            .iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn a_crease_beyond_a_forms_print_is_not_judged_on_it() {
        let body = |x: u32, y: u32| TextBox {
            region: Region::from([x, y, 600, 40]),
            glyphs: 12,
            sideways: false,
        };
        // The print spans rows 300–1240; a lone glyph lower down is a sprocket letter.
        let mut lines = vec![body(200, 300), body(200, 1200)];
        lines.push(TextBox {
            region: Region::from([100, 1500, 40, 40]),
            glyphs: 1,
            sideways: false,
        });
        let crease = |y: f32| {
            let mut finding =
                QualityFinding::new(FindingCode::Fold, Severity::PassWithWarning, 9.0, None);
            finding.line = Some([(0.0, y), (2000.0, y + 20.0)]);
            finding
        };
        assert!(crosses_print(&crease(700.0), &lines));
        // The edge of the sheets stacked under it, below the footer.
        assert!(!crosses_print(&crease(1400.0), &lines));
    }

    /// `image` with a QR code printed from (60, 60), 4-px modules, in a 16-px quiet zone.
    fn with_qr_code(mut image: RgbImage) -> RgbImage {
        qr::paint::qr_code(&mut image, (60, 60), 4, 16);
        image
    }

    /// The code and the field named of each finding `assess` makes on `image`.
    fn codes_and_fields(
        image: &RgbImage,
        context: &Context<'_>,
    ) -> Vec<(FindingCode, Option<String>)> {
        assess(image, context, &QualityParams::default())
            .findings
            .into_iter()
            .map(|f| (f.code, f.field))
            .collect()
    }

    #[test]
    fn a_located_qr_code_replaces_the_estimate_of_where_it_is() {
        // The documents stage guessed the code under the gold patch.
        let estimate = [KeyField {
            name: keys::QR.into(),
            region: Region::from([300, 200, 100, 80]),
        }];
        let context = Context {
            key_fields: &estimate,
            qr_code_is_key: true,
            ..Context::default()
        };
        let fields = |image: &RgbImage| codes_and_fields(image, &context);
        let covered = (FindingCode::KeyFieldOccluded, Some(keys::QR.to_string()));
        assert!(fields(&page_with_gold_patch()).contains(&covered));
        let found_elsewhere = fields(&with_qr_code(page_with_gold_patch()));
        assert!(!found_elsewhere.contains(&covered), "{found_elsewhere:?}");
        assert!(found_elsewhere.contains(&(FindingCode::Occlusion, None)));
    }

    #[test]
    fn a_seal_found_replaces_the_estimate_of_where_it_is_stamped() {
        // A paper invoice's seal placed from its footer, the gold patch over a third of it.
        let estimate = [KeyField {
            name: keys::SEAL.into(),
            region: Region::from([280, 180, 200, 140]),
        }];
        let context = Context {
            key_fields: &estimate,
            ..Context::default()
        };
        let fields = |image: &RgbImage| codes_and_fields(image, &context);
        let covered = (FindingCode::KeyFieldOccluded, Some(keys::SEAL.to_string()));
        assert!(fields(&page_with_gold_patch()).contains(&covered));
        // The seal stamped right of the patch, in the estimate: the patch hides none of it.
        let mut stamped = page_with_gold_patch();
        for (x, y, pixel) in stamped.enumerate_pixels_mut() {
            let d = (x as f32 - 445.0).hypot(y as f32 - 250.0);
            if (29.0..35.0).contains(&d) || d < 8.0 {
                *pixel = Rgb([210, 40, 45]);
            }
        }
        let found = fields(&stamped);
        assert!(!found.contains(&covered), "{found:?}");
        assert!(found.contains(&(FindingCode::Occlusion, None)), "{found:?}");
    }

    #[test]
    fn a_mark_away_from_where_the_seal_is_stamped_is_no_key_region() {
        let supervision = Region::from([400, 20, 200, 120]);
        let seller = Region::from([900, 700, 250, 180]);
        let marks = [supervision, seller];
        let names = [keys::SEAL, keys::SEAL];
        let regions = |key_fields: &[KeyField]| -> Vec<Region> {
            key_marks(&marks, &names, key_fields)
                .map(|k| k.region)
                .collect()
        };
        // Nothing tells where the seal is: both marks are key.
        assert_eq!(regions(&[]), marks);
        // An invoice's footer places its seller seal: the title's supervision seal is not.
        let placed = KeyField {
            name: keys::SEAL.into(),
            region: Region::from([800, 650, 500, 300]),
        };
        assert_eq!(regions(&[placed]), [seller]);
    }

    /// Paper with print rows on a desk, slightly unevenly lit, creased along x = 300 (as
    /// `fold`'s tests draw it): a dark valley, a bright
    /// ridge right of it, the left side shaded.
    fn creased_page() -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([90, 70, 60]);
            }
            let light = 1.0 - 0.1 * y as f32 / 480.0;
            // Print rows of strokes at irregular places: a regular grid is a screen's.
            let cell = (x / 3) * 7919 + (y / 20) * 104_729;
            let ink = y % 20 < 8 && (cell ^ (cell >> 5)) % 3 == 0;
            let base = if ink { 40.0 } else { 240.0 };
            let d = x as f32 - 300.0;
            let shade = match d {
                d if d.abs() < 1.5 => 0.62,
                d if (1.5..4.0).contains(&d) => 1.1,
                d if d < 0.0 => 0.93,
                _ => 1.0,
            };
            Rgb([(base * light * shade).min(255.0) as u8; 3])
        })
    }

    /// The codes `assess` finds on `image` with no context.
    fn codes_of(image: &RgbImage) -> Vec<FindingCode> {
        assess(image, &Context::default(), &QualityParams::default())
            .findings
            .iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn a_blurred_photo_is_not_judged_for_creases() {
        let sharp = creased_page();
        assert!(codes_of(&sharp).contains(&FindingCode::Fold));
        let blurred = imageproc::filter::gaussian_blur_f32(&sharp, 4.0);
        // The crease's step survives the blur, but the photo is asked for again as blurred.
        let work = Work::new(&blurred, &QualityParams::default().work);
        let location = document::locate(&work, &QualityParams::default().document);
        let params = fold::FoldParams::default();
        assert!(fold::check(&work, &location, &[], &params, &mut BTreeMap::new()).is_some());
        let found = codes_of(&blurred);
        assert!(found.contains(&FindingCode::Blur), "{found:?}");
        assert!(!found.contains(&FindingCode::Fold), "{found:?}");
    }

    /// A printed card on a desk, running off the picture's right side.
    fn card_cut_by_the_frame() -> RgbImage {
        RgbImage::from_fn(600, 400, |x, y| {
            if x < 120 || !(80..320).contains(&y) {
                Rgb([120, 86, 60])
            } else if (y - 80) % 20 < 8 && (140..560).contains(&x) && {
                // Strokes at irregular places: a regular grid is a screen's.
                let cell = (x / 3) * 7919 + (y / 20) * 104_729;
                (cell ^ (cell >> 5)) % 3 == 0
            } {
                Rgb([30, 30, 30])
            } else {
                Rgb([238, 236, 230])
            }
        })
    }

    #[test]
    fn a_photo_of_a_screen_is_not_judged_for_its_border() {
        let cut = card_cut_by_the_frame();
        let plain = codes_of(&cut);
        assert!(plain.contains(&FindingCode::BorderIncomplete), "{plain:?}");
        let found = codes_of(&rescreen::tests::screen(&cut));
        assert!(found.contains(&FindingCode::Rescreen), "{found:?}");
        assert!(!found.contains(&FindingCode::BorderIncomplete), "{found:?}");
    }

    #[test]
    fn a_small_note_counts_only_over_a_key_field() {
        // A 10 × 10-px note: too small for a warning, enough to hide a glyph of a name.
        let image = RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                Rgb([70, 72, 80])
            } else if (304..314).contains(&x) && (204..214).contains(&y) {
                Rgb([250, 232, 110])
            } else if y % 20 < 8 && x % 11 < 7 {
                Rgb([40, 40, 40])
            } else {
                Rgb([246, 244, 236])
            }
        });
        let findings = |keys: &[KeyField]| {
            let context = Context {
                key_fields: keys,
                ..Context::default()
            };
            // The page's regular dot print reads as a screen's pattern: covers only.
            let covers = [FindingCode::Occlusion, FindingCode::KeyFieldOccluded];
            let mut found = assess(&image, &context, &QualityParams::default()).findings;
            found.retain(|f| covers.contains(&f.code));
            found
        };
        assert_eq!(findings(&[]), []);
        let name = KeyField {
            name: "legal_rep".into(),
            region: Region::from([296, 200, 60, 20]),
        };
        let found = findings(std::slice::from_ref(&name));
        let [cover] = found.as_slice() else {
            panic!("one finding: {found:?}");
        };
        assert_eq!(cover.code, FindingCode::KeyFieldOccluded);
        assert_eq!(cover.field.as_deref(), Some("legal_rep"));
        // A key field elsewhere on the page: the note hides none of it.
        let elsewhere = KeyField {
            region: Region::from([100, 300, 60, 20]),
            ..name
        };
        assert_eq!(findings(&[elsewhere]), []);
    }

    #[test]
    fn a_uniform_patch_is_an_occlusion_only_on_a_known_layout() {
        assert!(codes(&Context::default()).contains(&FindingCode::Occlusion));
        let foreign = Context {
            foreign_layout: true,
            ..Context::default()
        };
        assert!(!codes(&foreign).contains(&FindingCode::Occlusion));
    }
}
