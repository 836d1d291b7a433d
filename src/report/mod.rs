//! The screening contract of REPORT.md as plain `serde` data: one [`ApplicationReport`] per
//! application, its documents, fields and findings. Keys are added here, never renamed.

mod codes;
mod severity;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use codes::FindingCode;
pub use severity::Severity;

/// `[x, y, width, height]` in pixels of the uploaded image as stored, before any rotation
/// the pipeline applied (REPORT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "[u32; 4]", into = "[u32; 4]")]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl From<[u32; 4]> for Region {
    fn from([x, y, width, height]: [u32; 4]) -> Self {
        Region {
            x,
            y,
            width,
            height,
        }
    }
}

impl Region {
    /// The smallest region holding both.
    pub fn union(self, other: Region) -> Region {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        let right = (self.x + self.width).max(other.x + other.width);
        let bottom = (self.y + self.height).max(other.y + other.height);
        Region {
            x,
            y,
            width: right - x,
            height: bottom - y,
        }
    }

    /// Whether the two share some area (intersection area > 0). Touching edges and empty
    /// regions do not overlap.
    pub fn overlaps(self, other: Region) -> bool {
        // u64 so that x + width cannot overflow.
        let overlap = |a_start: u32, a_len: u32, b_start: u32, b_len: u32| {
            let end =
                (u64::from(a_start) + u64::from(a_len)).min(u64::from(b_start) + u64::from(b_len));
            end > u64::from(a_start.max(b_start))
        };
        overlap(self.x, self.width, other.x, other.width)
            && overlap(self.y, self.height, other.y, other.height)
    }
}

impl From<Region> for [u32; 4] {
    fn from(r: Region) -> Self {
        [r.x, r.y, r.width, r.height]
    }
}

/// One problem or note, with the place that proves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    /// The upload the finding is about (its path relative to the application folder), or
    /// `application.json`, or `null` for the application as a whole.
    pub document: Option<String>,
    /// Every document involved, when there is more than one (a name mismatch).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    /// The field key of REPORT.md the finding is about, if any.
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub region: Option<Region>,
    /// For the reviewer and the supplier, in Chinese: what is wrong and what to do.
    pub message_zh: String,
    /// The same in English.
    pub message_en: String,
    /// Technical detail for the reviewer and for debugging (a decoder's error, a limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Finding {
    /// A finding with the code's default severity and no place yet.
    pub fn new(
        code: FindingCode,
        message_zh: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            document: None,
            documents: Vec::new(),
            field: None,
            region: None,
            message_zh: message_zh.into(),
            message_en: message_en.into(),
            detail: None,
        }
    }

    pub fn on_document(mut self, document: impl Into<String>) -> Self {
        self.document = Some(document.into());
        self
    }

    /// The REPORT.md field key the finding is about (`credit_code`, `valid_to`, …).
    pub fn on_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// The document types of REPORT.md. `Unknown` until classification has run or when it
/// could not (an unreadable upload).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    BusinessLicense,
    IdCardFront,
    IdCardBack,
    HkMacauPermit,
    TaiwanPermit,
    ResidencePermit,
    ForeignPermanentResidence,
    Passport,
    BankPermit,
    BasicAccountInfo,
    VatSpecialInvoice,
    VatNormalInvoice,
    TaxpayerProof,
    Other,
    Unknown,
}

/// One extracted field: a normalised value, how sure the reader is, and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: serde_json::Value,
    pub confidence: f32,
    #[serde(default)]
    pub region: Option<Region>,
}

/// What ingest learned about an upload's bytes (an addition to REPORT.md's document shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadInfo {
    /// Size of the file in bytes.
    pub bytes: u64,
    /// SHA-256 of the file's bytes, lower-case hex: the upload's identity in the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Format sniffed from the bytes (`jpeg`, `png`, `pdf`, …), whatever the extension says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Width and height of the decoded image after EXIF orientation was applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The EXIF orientation tag (1–8) that was applied; absent when the file has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exif_orientation: Option<u8>,
    /// Whether the upload could be decoded; findings say why not.
    pub decoded: bool,
}

/// One upload of an application and everything the stages found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentReport {
    /// Path of the upload relative to the application folder.
    pub file: String,
    #[serde(rename = "type")]
    pub doc_type: DocumentType,
    pub type_confidence: f32,
    /// Image-quality measurements (sharpness, glare fraction, …) by name.
    #[serde(default)]
    pub quality: BTreeMap<String, f64>,
    #[serde(default)]
    pub fields: BTreeMap<String, FieldValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload: Option<UploadInfo>,
    /// How much text OCR read on the upload (an addition to REPORT.md): tells a readable
    /// document of another kind from an unreadable one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<TextSummary>,
}

impl DocumentReport {
    /// The value of field `key` when it was read as a string.
    pub fn field_text(&self, key: &str) -> Option<String> {
        self.fields
            .get(key)
            .and_then(|f| f.value.as_str())
            .map(str::to_string)
    }

    /// A document of `doc_type` in `file` with `fields` read at confidence 0.99, each in
    /// `region`: for tests and tools that build reports by hand.
    pub fn with_fields(
        file: &str,
        doc_type: DocumentType,
        fields: &[(&str, serde_json::Value)],
        region: Option<Region>,
    ) -> DocumentReport {
        DocumentReport {
            file: file.to_string(),
            doc_type,
            type_confidence: 1.0,
            quality: BTreeMap::new(),
            fields: fields
                .iter()
                .map(|(key, value)| {
                    let field = FieldValue {
                        value: value.clone(),
                        confidence: 0.99,
                        region,
                    };
                    (key.to_string(), field)
                })
                .collect(),
            upload: None,
            text: None,
        }
    }
}

/// How much text OCR read on an upload, and how sure it was.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TextSummary {
    pub lines: usize,
    pub characters: usize,
    /// Mean of the lines' confidences, weighted by their length in characters.
    pub mean_confidence: f32,
}

/// The report for one application: one line of the JSON Lines output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationReport {
    /// The application's id: its folder name.
    pub application: String,
    /// The worst severity among the findings (`PASS` when there are none).
    pub decision: Severity,
    pub pipeline_version: String,
    /// The date every date rule was judged against (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<chrono::NaiveDate>,
    pub findings: Vec<Finding>,
    pub documents: Vec<DocumentReport>,
}
