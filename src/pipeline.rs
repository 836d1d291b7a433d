//! Screens one application: reads its form, takes in each upload, runs the stages on the
//! pixels and decides. Stages after ingest see only in-memory data.

use chrono::NaiveDate;

use crate::ingest::{self, ApplicationDir, IngestLimits, LoadedUpload};
use crate::quality::{self, QualityParams};
use crate::report::{ApplicationReport, DocumentReport, DocumentType, Finding};
use crate::rules::decision::decide;

/// The version stamped on every report: the crate version and the stages it ran.
/// Reprocessing compares it to decide what is stale.
pub const PIPELINE_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+quality");

/// Everything a screening run needs to know, resolved once from the command line.
#[derive(Debug, Clone, Default)]
pub struct ScreenSettings {
    pub limits: IngestLimits,
    /// The as-of date for every date rule; overrides the form's `submitted_at`.
    pub as_of: Option<NaiveDate>,
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
        let (document, upload_findings) = screen_upload(&upload.name, loaded);
        documents.push(document);
        findings.extend(upload_findings);
    }
    ApplicationReport {
        application: app.id.clone(),
        decision: decide(&findings),
        pipeline_version: PIPELINE_VERSION.to_string(),
        as_of: Some(as_of),
        findings,
        documents,
    }
}

/// Runs the per-upload stages on one ingested upload: the image-quality checks today; OCR,
/// classification and extraction plug in here as they land.
pub fn screen_upload(name: &str, loaded: LoadedUpload) -> (DocumentReport, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut measures = Default::default();
    match &loaded.decoded {
        Err(problem) => findings.push(problem.to_finding(name)),
        Ok(decoded) => {
            let report = assess_upload(&decoded.image);
            measures = report.measures;
            findings.extend(report.findings.into_iter().map(|f| f.into_finding(name)));
        }
    }
    let document = DocumentReport {
        file: name.to_string(),
        doc_type: DocumentType::Unknown,
        type_confidence: 0.0,
        quality: measures,
        fields: Default::default(),
        upload: Some(loaded.info),
    };
    (document, findings)
}

/// The quality pass on a decoded upload, with what is known before OCR (nothing but pixels).
/// Regions are in the decoded (EXIF-upright) image's pixels.
pub fn assess_upload(image: &image::DynamicImage) -> quality::QualityReport {
    let context = quality::Context::default();
    let params = QualityParams::default();
    match image.as_rgb8() {
        Some(rgb) => quality::assess(rgb, &context, &params),
        None => quality::assess(&image.to_rgb8(), &context, &params),
    }
}
