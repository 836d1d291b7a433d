//! Screens one application: reads its form, takes in each upload, runs the stages on the
//! pixels and decides. Stages after ingest see only in-memory data.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::documents::{self, layout::Page};
use crate::ingest::{self, ApplicationDir, ApplicationForm, IngestLimits, LoadedUpload};
use crate::ocr::{Corner, OcrEngine, PageTurn};
use crate::quality::resolution::KeyFieldsRead;
use crate::quality::{self, ExpectedMarks, KeyField, QualityParams, TextBox};
use crate::report::{
    ApplicationReport, DocumentReport, DocumentType, FieldValue, Finding, FindingCode, Region,
    Severity, TextSummary,
};
use crate::rules::RulesConfig;
use crate::rules::crosscheck;
use crate::rules::decision::decide;
use crate::validate::validate_document;

/// The version stamped on every report: the crate version and the stages it ran.
/// Reprocessing compares it to decide what is stale.
pub const PIPELINE_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "+ocr+documents+quality+crosscheck"
);

/// Everything a screening run needs to know, resolved once from the command line.
#[derive(Clone, Default)]
pub struct ScreenSettings {
    pub limits: IngestLimits,
    /// The as-of date for every date rule; overrides the form's `submitted_at`.
    pub as_of: Option<NaiveDate>,
    /// The OCR engine, loaded once and shared; without one uploads are only ingested
    /// (their type stays `unknown`).
    pub ocr: Option<Arc<dyn OcrEngine>>,
    /// Run the image-quality checks (blur, glare, folds, …) on every upload.
    pub quality_checks: bool,
    /// The configurable rules (RULES.md [U]).
    pub rules: RulesConfig,
}

impl ScreenSettings {
    /// The version results are stored and compared under: [`PIPELINE_VERSION`], plus what
    /// these settings change in the outcome (no OCR, the quality checks, rules other than
    /// the defaults), so a result is never taken for one made differently.
    pub fn pipeline_version(&self) -> String {
        let mut version = PIPELINE_VERSION.to_string();
        if self.ocr.is_none() {
            version.push_str(";no-ocr");
        }
        if self.quality_checks {
            version.push_str(";quality");
        }
        if self.rules != RulesConfig::default() {
            let rules = serde_json::to_vec(&self.rules).expect("the rules serialise");
            let digest = ingest::sha256_hex(&rules);
            version.push_str(&format!(";rules-{}", &digest[..8]));
        }
        version
    }
}

impl std::fmt::Debug for ScreenSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScreenSettings")
            .field("limits", &self.limits)
            .field("as_of", &self.as_of)
            .field("ocr", &self.ocr.as_ref().map(|e| e.name()))
            .field("quality_checks", &self.quality_checks)
            .finish()
    }
}

/// Screens one application folder. Uploads are decoded one at a time so memory holds a
/// single image per worker.
pub fn screen_application(app: &ApplicationDir, settings: &ScreenSettings) -> ApplicationReport {
    let mut findings = Vec::new();
    let form = match &app.form {
        Some(path) => match ingest::load_form(path, settings.limits.max_form_bytes) {
            Ok(form) => Some(form),
            Err(problem) => {
                findings.push(problem.to_finding());
                None
            }
        },
        None => None,
    };
    let as_of = settings
        .as_of
        .or(form.as_ref().and_then(|f| f.submitted_at))
        .unwrap_or_else(|| chrono::Local::now().date_naive());

    let mut documents = Vec::with_capacity(app.uploads.len());
    for upload in &app.uploads {
        let loaded = ingest::load_upload(&upload.path, &settings.limits);
        let (upload_documents, upload_findings) = screen_upload(&upload.name, loaded, settings);
        documents.extend(upload_documents);
        findings.extend(upload_findings);
    }
    // Without OCR no upload has a type or fields: there is nothing to check.
    if settings.ocr.is_some() {
        findings.extend(check_rules(
            &mut documents,
            form.as_ref(),
            as_of,
            &settings.rules,
        ));
        findings = drop_explained_by_retakes(findings, &documents);
    }
    ApplicationReport {
        application: app.id.clone(),
        decision: decide(&findings),
        pipeline_version: settings.pipeline_version(),
        as_of: Some(as_of),
        findings,
        documents,
    }
}

/// Runs the per-upload stages on one ingested upload: OCR, classification and field
/// extraction, then the image-quality checks told what OCR found (whether the document
/// needs colour, where its key fields and text are). An upload gives one document, or two
/// for a photo of both ID faces.
pub fn screen_upload(
    name: &str,
    loaded: LoadedUpload,
    settings: &ScreenSettings,
) -> (Vec<DocumentReport>, Vec<Finding>) {
    let mut findings = Vec::new();
    let blank = DocumentReport {
        file: name.to_string(),
        doc_type: DocumentType::Unknown,
        type_confidence: 0.0,
        quality: Default::default(),
        fields: Default::default(),
        upload: Some(loaded.info),
        text: None,
    };
    let image = match loaded.decoded {
        Ok(decoded) => decoded.image.into_rgb8(),
        Err(problem) => {
            findings.push(problem.to_finding(name));
            return (vec![blank], findings);
        }
    };
    let read = match settings.ocr.as_deref() {
        Some(ocr) => read_upload(&image, ocr, &blank).unwrap_or_else(|error| {
            findings.push(ocr_failed(name, &error.to_string()));
            ReadUpload::default()
        }),
        None => ReadUpload::default(),
    };
    let ReadUpload {
        mut reports,
        text_boxes,
        marks,
        invoice_print_whole,
    } = read;
    if reports.is_empty() {
        reports.push(blank);
    }
    if settings.quality_checks {
        let mut key_fields = key_fields(&reports);
        key_fields.extend(marks);
        let context = quality::Context {
            colour_required: colour_required(&reports),
            key_fields: &key_fields,
            text_boxes: (!text_boxes.is_empty()).then_some(text_boxes.as_slice()),
            marks: expected_marks(&reports),
            qr_code_is_key: reports
                .iter()
                .any(|r| r.doc_type == DocumentType::BusinessLicense),
            foreign_layout: reports.iter().all(|r| r.doc_type == DocumentType::Other),
            paper_beyond_print: invoice_print_whole
                && reports.iter().any(|r| {
                    matches!(
                        r.doc_type,
                        DocumentType::VatSpecialInvoice | DocumentType::VatNormalInvoice
                    )
                }),
        };
        let params = QualityParams::default();
        let mut assessed = quality::assess(&image, &context, &params);
        for report in &mut reports {
            report.quality = assessed.measures.clone();
        }
        let unread: Vec<Vec<&str>> = reports.iter().map(unread_key_fields).collect();
        quality::resolution::check_after_reading(
            &mut assessed,
            key_fields_read(&reports, &unread, settings.ocr.is_some()),
            &params.resolution,
        );
        quality::blur::check_after_reading(
            &mut assessed,
            settings.ocr.is_some() && text_boxes.is_empty(),
        );
        findings.extend(assessed.findings.into_iter().map(|f| f.into_finding(name)));
        if let Some(missing) = unread.iter().find(|missing| !missing.is_empty()) {
            escalate_over_unread(&mut findings, missing);
        }
    }
    (reports, findings)
}

/// The rules on what the stages read: each document's fields (check digits and their
/// repair, dates, money), then the checks across documents and the form. Repaired values
/// replace the ones read. Pure, so a stored report can be re-checked when a rule changes.
pub fn check_rules(
    documents: &mut [DocumentReport],
    form: Option<&ApplicationForm>,
    as_of: NaiveDate,
    rules: &RulesConfig,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = documents
        .iter_mut()
        .flat_map(|document| validate_document(document, as_of, rules))
        .collect();
    let application = crosscheck::Application {
        documents,
        form,
        as_of,
    };
    findings.extend(crosscheck::cross_check(&application, rules));
    findings
}

/// Re-runs the rules on a stored report: the documents as they were read, the findings
/// from the files and pixels kept, everything the rules said computed again with `rules`
/// as of `as_of` (else the report's own as-of date, else the form's). For backlogs when a
/// rule or threshold changed: no image is decoded and no OCR runs.
pub fn recheck_report(
    mut report: ApplicationReport,
    form: Option<&ApplicationForm>,
    as_of: Option<NaiveDate>,
    rules: &RulesConfig,
) -> ApplicationReport {
    let as_of = as_of
        .or(report.as_of)
        .or(form.and_then(|f| f.submitted_at))
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut findings: Vec<Finding> = report
        .findings
        .into_iter()
        .filter(|f| f.code.is_from_reading())
        .collect();
    let read_anything = report
        .documents
        .iter()
        .any(|d| d.doc_type != DocumentType::Unknown);
    if read_anything {
        for finding in check_rules(&mut report.documents, form, as_of, rules) {
            let repeated = findings.iter().any(|kept| {
                kept.code == finding.code
                    && kept.document == finding.document
                    && kept.field == finding.field
            });
            if !repeated {
                findings.push(finding);
            }
        }
        findings = drop_explained_by_retakes(findings, &report.documents);
    }
    ApplicationReport {
        decision: decide(&findings),
        pipeline_version: PIPELINE_VERSION.to_string(),
        as_of: Some(as_of),
        findings,
        ..report
    }
}

/// Drops what a retake already asked for explains, on screening and on re-checking alike:
/// a missing document that an unreadable retaken upload may be, what the rules made of a
/// value read from under a cover, and what they said of a retaken photo's reading (a field
/// it did not yield or yielded repaired, that it is no onboarding document). A rejection
/// read beside a glare or cover goes to review.
fn drop_explained_by_retakes(findings: Vec<Finding>, documents: &[DocumentReport]) -> Vec<Finding> {
    let findings = crosscheck::drop_missing_explained_by_retakes(findings, documents);
    let findings = crosscheck::drop_verdicts_on_retaken_uploads(findings, documents);
    let findings = crosscheck::drop_readings_under_covers(findings);
    crosscheck::review_readings_beside_defects(findings, documents)
}

/// The quality pass on a decoded upload with nothing known but its pixels (upload time).
/// Takes the image to keep an RGB decode's pixels without copying them.
pub fn assess_upload(image: image::DynamicImage) -> quality::QualityReport {
    let context = quality::Context::default();
    quality::assess(&image.into_rgb8(), &context, &QualityParams::default())
}

/// What OCR and the documents stage found on one upload, regions in upload pixels.
#[derive(Default)]
struct ReadUpload {
    /// A report per document found.
    reports: Vec<DocumentReport>,
    /// Every text line.
    text_boxes: Vec<TextBox>,
    /// Key regions that are not fields (the ID card's portrait and emblem, the licence's
    /// QR code, a paper invoice's seller seal).
    marks: Vec<KeyField>,
    /// Whether an invoice's title and footer were both read, so that its print lies
    /// whole between them ([`documents::invoice_print_ends_read`]).
    invoice_print_whole: bool,
}

/// OCR and the documents stage on one image.
fn read_upload(
    image: &image::RgbImage,
    ocr: &dyn OcrEngine,
    blank: &DocumentReport,
) -> Result<ReadUpload, crate::ocr::OcrError> {
    let page = ocr.read_page(image)?;
    let size = image.dimensions();
    let turn = page.turn;
    // The lines as the detector boxed them, before pieces of one row are joined: a joined
    // row spans columns and margins the quality checks judge apart.
    let text_boxes = page
        .lines
        .iter()
        .map(|line| {
            let [x0, y0, x1, y1] = documents::layout::quad_bounds(&line.quad);
            TextBox {
                region: region_in_upload(line.quad, turn, size),
                glyphs: line.text.chars().count(),
                sideways: y1 - y0 > x1 - x0,
            }
        })
        .collect();
    let page = Page::new(page.lines);
    let to_region = |bounds: [f32; 4]| region_in_upload(page.image_corners(bounds), turn, size);
    let invoice_print_whole = documents::invoice_print_ends_read(&page);
    let reread = UploadReread::new(ocr, image, turn, &page);
    let text = Some(text_summary(page.lines()));
    let documents = documents::read_documents(&page, &reread);
    let marks = documents
        .iter()
        .flat_map(|document| &document.marks)
        .map(|&(name, bounds)| KeyField {
            name: name.to_string(),
            region: to_region(bounds),
        })
        .collect();
    let reports = documents
        .into_iter()
        .map(|document| DocumentReport {
            text,
            doc_type: document.doc_type,
            type_confidence: document.type_confidence,
            fields: document
                .fields
                .into_iter()
                .map(|(key, field)| {
                    let value = FieldValue {
                        value: field.value,
                        confidence: field.confidence,
                        region: Some(to_region(field.bounds)),
                    };
                    (key.to_string(), value)
                })
                .collect(),
            ..blank.clone()
        })
        .collect();
    Ok(ReadUpload {
        reports,
        text_boxes,
        marks,
        invoice_print_whole,
    })
}

/// How many lines and characters OCR read, and its confidence weighted by line length.
fn text_summary(lines: &[crate::ocr::TextLine]) -> TextSummary {
    let characters: usize = lines.iter().map(|l| l.text.chars().count()).sum();
    let weighted: f32 = lines
        .iter()
        .map(|l| l.confidence * l.text.chars().count() as f32)
        .sum();
    TextSummary {
        lines: lines.len(),
        characters,
        mean_confidence: if characters == 0 {
            0.0
        } else {
            weighted / characters as f32
        },
    }
}

/// Re-reads part of an upload for the documents stage: with the seals' red washed out
/// (the red channel alone shows red ink as light as the paper and black print still
/// dark), or one line stretched.
pub struct UploadReread<'a> {
    ocr: &'a dyn OcrEngine,
    image: &'a image::RgbImage,
    turn: PageTurn,
    page: &'a Page,
    /// The upload turned upright, made on the first re-read.
    upright: std::sync::OnceLock<image::RgbImage>,
}

impl<'a> UploadReread<'a> {
    /// Re-reads of `image` as given, which `ocr` read into `page` after turning it by
    /// `turn`.
    pub fn new(
        ocr: &'a dyn OcrEngine,
        image: &'a image::RgbImage,
        turn: PageTurn,
        page: &'a Page,
    ) -> Self {
        UploadReread {
            ocr,
            image,
            turn,
            page,
            upright: std::sync::OnceLock::new(),
        }
    }
}

/// Margin, in pixels, around a re-read area, so that print cut by its edge is whole.
const REREAD_MARGIN: f32 = 8.0;

impl documents::Reread for UploadReread<'_> {
    fn without_seals(&self, bounds: [f32; 4]) -> Vec<crate::ocr::TextLine> {
        let upright = self.upright.get_or_init(|| self.turn.upright(self.image));
        let [x0, y0, x1, y1] = documents::layout::quad_bounds(&self.page.image_corners(bounds));
        let clamp = |v: f32, max: u32| v.clamp(0.0, max as f32) as u32;
        let (left, top) = (
            clamp(x0 - REREAD_MARGIN, upright.width()),
            clamp(y0 - REREAD_MARGIN, upright.height()),
        );
        let (right, bottom) = (
            clamp(x1 + REREAD_MARGIN, upright.width()),
            clamp(y1 + REREAD_MARGIN, upright.height()),
        );
        if right <= left || bottom <= top {
            return Vec::new();
        }
        let crop = image::RgbImage::from_fn(right - left, bottom - top, |x, y| {
            let red = upright.get_pixel(left + x, top + y)[0];
            image::Rgb([red, red, red])
        });
        let Ok(read) = self.ocr.read_page(&crop) else {
            return Vec::new();
        };
        let offset = |[x, y]: Corner| self.page.level_point([x + left as f32, y + top as f32]);
        read.into_given(crop.dimensions())
            .into_iter()
            .map(|mut line| {
                line.map_corners(offset);
                line
            })
            .collect()
    }

    fn stretched(&self, bounds: [f32; 4]) -> Option<crate::ocr::TextLine> {
        self.line_read_again(bounds, |upright, corners| {
            self.ocr.read_line_stretched(upright, corners)
        })
    }

    fn within(
        &self,
        bounds: [f32; 4],
        allowed: &dyn Fn(char) -> bool,
    ) -> Option<crate::ocr::TextLine> {
        self.line_read_again(bounds, |upright, corners| {
            self.ocr.read_line_within(upright, corners, allowed)
        })
    }
}

impl UploadReread<'_> {
    /// The line in `bounds` (page pixels, widened by [`LINE_MARGIN`]) read again by
    /// `read` on the upright upload, its corners brought back to the page.
    fn line_read_again(
        &self,
        [x0, y0, x1, y1]: [f32; 4],
        read: impl FnOnce(
            &image::RgbImage,
            &[Corner; 4],
        ) -> Result<Option<crate::ocr::TextLine>, crate::ocr::OcrError>,
    ) -> Option<crate::ocr::TextLine> {
        let upright = self.upright.get_or_init(|| self.turn.upright(self.image));
        let margin = LINE_MARGIN * (y1 - y0);
        let corners = self.page.image_corners([x0 - margin, y0, x1 + margin, y1]);
        let mut line = read(upright, &corners).ok()??;
        line.map_corners(|corner| self.page.level_point(corner));
        Some(line)
    }
}

/// Margin left and right of a line read again, in line heights: a value's bounds come
/// from its characters' boxes, which may end inside the first and last glyph.
const LINE_MARGIN: f32 = 0.3;

/// The red marks the upload's documents always show (RULES.md §1): an ID card's back its
/// national emblem, a licence its emblem and the registration authority's seal, a permit,
/// an account sheet or a taxpayer proof its issuer's seal. An invoice's seal depends on
/// its kind (paper or 数电) and is not expected.
fn expected_marks(reports: &[DocumentReport]) -> ExpectedMarks {
    use DocumentType::*;
    let types: Vec<DocumentType> = reports.iter().map(|r| r.doc_type).collect();
    if types.contains(&IdCardBack) {
        ExpectedMarks::One(quality::keys::EMBLEM)
    } else if types.contains(&BusinessLicense) {
        ExpectedMarks::EmblemAndSeal
    } else if types
        .iter()
        .any(|t| matches!(t, BankPermit | BasicAccountInfo | TaxpayerProof))
    {
        ExpectedMarks::One(quality::keys::SEAL)
    } else {
        ExpectedMarks::Unknown
    }
}

/// RULES §6.2: ID cards and bank permits must be colour; `None` when OCR did not tell
/// what the upload is.
fn colour_required(reports: &[DocumentReport]) -> Option<bool> {
    use DocumentType::*;
    let types: Vec<DocumentType> = reports.iter().map(|r| r.doc_type).collect();
    if types.iter().all(|t| matches!(t, Unknown)) {
        return None;
    }
    Some(types.iter().any(|t| {
        matches!(
            t,
            IdCardFront
                | IdCardBack
                | BankPermit
                | BasicAccountInfo
                | HkMacauPermit
                | TaiwanPermit
                | ResidencePermit
                | ForeignPermanentResidence
        )
    }))
}

/// The key fields (RULES §6.3 and what the checks compute with, see
/// [`crate::rules::key_fields`]) where they were read.
fn key_fields(reports: &[DocumentReport]) -> Vec<KeyField> {
    reports
        .iter()
        .flat_map(|r| {
            let keys = crate::rules::key_fields::key_fields(r.doc_type);
            r.fields
                .iter()
                .filter(move |(key, _)| keys.contains(&key.as_str()))
        })
        .filter_map(|(key, field)| {
            Some(KeyField {
                name: key.clone(),
                region: field.region?,
            })
        })
        .collect()
}

/// The key fields (RULES.md §1) of `report` its checks need, or that its type always
/// prints, that were not read. A licence's term, needed by its checks but no key field,
/// is left out: unread, it is for review, and a cover elsewhere is not taken to hide it.
fn unread_key_fields(report: &DocumentReport) -> Vec<&'static str> {
    let key = crate::rules::key_fields::key_fields(report.doc_type);
    let mut unread = crosscheck::unread_fields(report, true);
    unread.retain(|field| key.contains(field));
    for key in crate::rules::key_fields::always_printed(report) {
        if !report.fields.contains_key(key) && !unread.contains(&key) {
            unread.push(key);
        }
    }
    unread
}

/// Whether OCR (when it `ran`) read every key field of the documents on one upload, given
/// each one's unread key fields.
fn key_fields_read(reports: &[DocumentReport], unread: &[Vec<&str>], ran: bool) -> KeyFieldsRead {
    let known = reports
        .iter()
        .any(|r| !crate::rules::key_fields::key_fields(r.doc_type).is_empty());
    if !ran {
        KeyFieldsRead::NotRead
    } else if !known {
        KeyFieldsRead::NoDocument
    } else if unread.iter().all(Vec::is_empty) && !reports.iter().any(card_field_unread) {
        KeyFieldsRead::All
    } else {
        KeyFieldsRead::NotAll
    }
}

/// Whether an ID card face left a field unread: each face prints every one of its fields
/// in a fixed layout, so one unread beside key fields read says the print is only just
/// legible (blind seed 5353, app-00001: a 5.3-px card front read only its name and
/// number).
fn card_field_unread(report: &DocumentReport) -> bool {
    let printed: &[&str] = match report.doc_type {
        DocumentType::IdCardFront => &[
            "name",
            "sex",
            "ethnicity",
            "birth_date",
            "address",
            "id_number",
        ],
        DocumentType::IdCardBack => &["issuing_authority", "valid_from", "valid_to"],
        _ => &[],
    };
    printed.iter().any(|key| !report.fields.contains_key(*key))
}

/// A cover, glare or crease on a document whose key field could not be read is taken to
/// hide that field: a field under a sticky note is not read, so it has no region for the
/// quality checks to find the defect over. The finding becomes `KEY_FIELD_OCCLUDED` /
/// `KEY_FIELD_CREASED` (re-upload), naming the first of the `unread` fields. Not on a
/// blurred or too coarse upload: that explains the fields unread (blind seed 5353,
/// app-00287: a blurred permit's faint crease was taken to hide its five unread fields).
fn escalate_over_unread(findings: &mut [Finding], unread: &[&str]) {
    let Some(first) = unread.first() else {
        return;
    };
    let unreadable = findings
        .iter()
        .any(|f| matches!(f.code, FindingCode::Blur | FindingCode::LowResolution));
    if unreadable {
        return;
    }
    for finding in findings.iter_mut() {
        let Some(code) = quality::keys::over_key_field(finding.code) else {
            continue;
        };
        let (message_zh, message_en) = quality::messages(code);
        finding.code = code;
        finding.severity = Severity::Reupload;
        finding.message_zh = message_zh.to_string();
        finding.message_en = message_en.to_string();
        finding.field = Some(first.to_string());
        let note = format!("{} could not be read", unread.join(", "));
        finding.detail = Some(match finding.detail.take() {
            Some(detail) => format!("{detail}; {note}"),
            None => note,
        });
    }
}

/// Corners in upright image pixels as a region of the upload as given (before the
/// pipeline turned the page upright), clamped to the image.
fn region_in_upload(corners: [Corner; 4], turn: PageTurn, size: (u32, u32)) -> Region {
    let corners = corners.map(|c| turn.to_given(c, size));
    let [x0, y0, x1, y1] = documents::layout::quad_bounds(&corners);
    let clamp = |v: f32, max: u32| v.round().clamp(0.0, max as f32) as u32;
    let (x0, y0) = (clamp(x0, size.0), clamp(y0, size.1));
    let (x1, y1) = (clamp(x1, size.0), clamp(y1, size.1));
    Region {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// OCR could not run on an upload: a person must look at it.
fn ocr_failed(name: &str, reason: &str) -> Finding {
    Finding::new(
        FindingCode::PipelineError,
        "系统无法识别该文件中的文字，需人工审核",
        "the text of this upload could not be read; a person must review it",
    )
    .on_document(name)
    .with_detail(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(file: &str) -> Finding {
        let mut finding = Finding::new(FindingCode::Fold, "折痕", "fold")
            .on_document(file)
            .with_severity(Severity::PassWithWarning);
        finding.region = Some(Region::from([10, 0, 20, 400]));
        finding
    }

    fn id_back(fields: &[(&str, &str)]) -> DocumentReport {
        let fields: Vec<(&str, serde_json::Value)> = fields
            .iter()
            .map(|(k, v)| (*k, serde_json::json!(v)))
            .collect();
        DocumentReport::with_fields("back.jpg", DocumentType::IdCardBack, &fields, None)
    }

    #[test]
    fn a_defect_on_a_document_whose_key_field_was_not_read_hides_that_field() {
        let mut findings = vec![fold("back.jpg")];
        let authority_only = id_back(&[("issuing_authority", "某公安局")]);
        escalate_over_unread(&mut findings, &unread_key_fields(&authority_only));
        assert_eq!(findings[0].code, FindingCode::KeyFieldCreased);
        assert_eq!(findings[0].severity, Severity::Reupload);
        assert_eq!(findings[0].field.as_deref(), Some("valid_to"));
        assert_eq!(findings[0].region, Some(Region::from([10, 0, 20, 400])));

        // On a blurred upload the blur is why the field went unread.
        let blur = Finding::new(FindingCode::Blur, "模糊", "blurred")
            .on_document("back.jpg")
            .with_severity(Severity::Reupload);
        let mut findings = vec![fold("back.jpg"), blur];
        escalate_over_unread(&mut findings, &unread_key_fields(&authority_only));
        assert_eq!(findings[0].code, FindingCode::Fold);

        let mut findings = vec![fold("back.jpg")];
        let whole = id_back(&[("issuing_authority", "某公安局"), ("valid_to", "长期")]);
        escalate_over_unread(&mut findings, &unread_key_fields(&whole));
        assert_eq!(findings[0].code, FindingCode::Fold);
        assert_eq!(findings[0].severity, Severity::PassWithWarning);
    }

    #[test]
    fn an_id_card_face_with_a_field_unread_has_not_all_its_key_fields_read() {
        let read = |fields: &[(&str, &str)]| {
            let back = id_back(fields);
            let unread = vec![unread_key_fields(&back)];
            key_fields_read(&[back], &unread, true)
        };
        let whole = [
            ("issuing_authority", "某公安局"),
            ("valid_from", "2017-08-12"),
            ("valid_to", "2037-08-12"),
        ];
        assert_eq!(read(&whole), KeyFieldsRead::All);
        // Its key fields read, its start date not: the print is only just legible.
        assert_eq!(read(&[whole[0], whole[2]]), KeyFieldsRead::NotAll);
        assert_eq!(read(&[whole[0]]), KeyFieldsRead::NotAll);
    }

    #[test]
    fn an_unread_field_that_is_no_key_field_is_not_taken_to_be_under_a_defect() {
        // The licence's term is needed by its checks (FIELD_UNREAD) but is no key field.
        let fields: Vec<(&str, serde_json::Value)> = [
            ("name", "杭州示例科技有限公司"),
            ("legal_rep", "张伟"),
            ("credit_code", "91330100716105852F"),
        ]
        .iter()
        .map(|(k, v)| (*k, serde_json::json!(v)))
        .collect();
        let licence = DocumentReport::with_fields(
            "licence.jpg",
            DocumentType::BusinessLicense,
            &fields,
            None,
        );
        let mut findings = vec![fold("licence.jpg")];
        escalate_over_unread(&mut findings, &unread_key_fields(&licence));
        assert_eq!(findings[0].code, FindingCode::Fold);
    }
}
