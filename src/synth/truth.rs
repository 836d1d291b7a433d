//! `truth.json`: what a generated application holds and must raise (REPORT.md "Ground truth").

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::report::{FindingCode, Severity};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    pub application: String,
    pub scenario: String,
    pub as_of: NaiveDate,
    /// The decision a correct pipeline reaches: the worst severity of `findings`.
    pub decision: Severity,
    pub findings: Vec<TruthFinding>,
    pub documents: Vec<TruthDocument>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthFinding {
    pub code: FindingCode,
    pub severity: Severity,
    pub document: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    pub field: Option<String>,
    /// `[x, y, width, height]` in photo pixels, for findings about a place.
    pub region: Option<[u32; 4]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthDocument {
    pub file: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub fields: BTreeMap<String, Value>,
    /// Where each field and key element is in the photo (an addition for debugging and
    /// for checks that need places, e.g. key-field occlusion).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub regions: BTreeMap<String, [u32; 4]>,
}

impl TruthFinding {
    pub fn new(code: FindingCode, severity: Severity) -> Self {
        TruthFinding {
            code,
            severity,
            document: None,
            documents: Vec::new(),
            field: None,
            region: None,
        }
    }

    pub fn on(mut self, document: &str) -> Self {
        self.document = Some(document.to_string());
        self
    }

    pub fn also(mut self, documents: &[&str]) -> Self {
        self.documents = documents.iter().map(|d| d.to_string()).collect();
        self
    }

    pub fn field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    pub fn region(mut self, region: Option<[u32; 4]>) -> Self {
        self.region = region;
        self
    }
}
