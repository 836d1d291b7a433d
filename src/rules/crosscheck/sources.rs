//! Where a fact was read: a field of an upload or a key of the form, with the confidence
//! and region a finding about it carries.

use super::Application;
use crate::ingest::FORM_FILE_NAME;
use crate::report::{DocumentReport, DocumentType, Finding, FindingCode, Region, Severity};

/// One reading of a fact (a name, a code, a number).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The upload's file name, or `application.json` for the form.
    pub document: String,
    /// The upload's type; `None` for the form.
    pub doc_type: Option<DocumentType>,
    /// The REPORT.md field key (`name`, `depositor_name`) or form key (`company_name`).
    pub field: String,
    pub value: String,
    /// The reader's confidence; 1.0 for what the supplier typed.
    pub confidence: f32,
    pub region: Option<Region>,
}

impl Source {
    /// The field `key` of `document`, when it was read and is not empty; a list (the
    /// invoice's `tax_rates`) reads as its items joined by `,`.
    pub fn from_field(document: &DocumentReport, key: &str) -> Option<Source> {
        let field = document.fields.get(key)?;
        let value = match &field.value {
            serde_json::Value::String(text) => text.trim().to_string(),
            serde_json::Value::Array(items) => items
                .iter()
                .filter_map(|item| item.as_str())
                .collect::<Vec<_>>()
                .join(","),
            _ => return None,
        };
        (!value.is_empty()).then(|| Source {
            document: document.file.clone(),
            doc_type: Some(document.doc_type),
            field: key.to_string(),
            value,
            confidence: field.confidence,
            region: field.region,
        })
    }

    /// A value typed into the form under `key`, when present and non-empty.
    pub fn from_form(key: &str, value: Option<&String>) -> Option<Source> {
        let value = value?.trim();
        (!value.is_empty()).then(|| Source {
            document: FORM_FILE_NAME.to_string(),
            doc_type: None,
            field: key.to_string(),
            value: value.to_string(),
            confidence: 1.0,
            region: None,
        })
    }

    pub fn is_form(&self) -> bool {
        self.doc_type.is_none()
    }

    /// How the source is named in a message: `application.json company_name`.
    pub fn describe(&self) -> String {
        format!("{} {} {:?}", self.document, self.field, self.value)
    }
}

impl Application<'_> {
    /// The documents of any of `types`, in upload order.
    pub fn documents_of<'s>(
        &'s self,
        types: &'s [DocumentType],
    ) -> impl Iterator<Item = &'s DocumentReport> + 's {
        self.documents
            .iter()
            .filter(move |d| types.contains(&d.doc_type))
    }

    /// Field `key` of every document of `types` that has it.
    pub fn read(&self, types: &[DocumentType], key: &str) -> Vec<Source> {
        self.documents_of(types)
            .filter_map(|d| Source::from_field(d, key))
            .collect()
    }
}

/// A finding about `primary` (its document, field and region) that lists every document
/// involved, `primary`'s first, and the values compared in its detail.
pub fn finding_on(
    code: FindingCode,
    severity: Severity,
    message_zh: impl Into<String>,
    message_en: impl Into<String>,
    primary: &Source,
    others: &[&Source],
) -> Finding {
    let mut finding = Finding::new(code, message_zh, message_en)
        .with_severity(severity)
        .on_document(&primary.document)
        .on_field(&primary.field);
    finding.region = primary.region;
    if !others.is_empty() {
        let mut documents = vec![primary.document.clone()];
        for other in others {
            if !documents.contains(&other.document) {
                documents.push(other.document.clone());
            }
        }
        finding.documents = documents;
    }
    let detail: Vec<String> = std::iter::once(primary)
        .chain(others.iter().copied())
        .map(Source::describe)
        .collect();
    finding.with_detail(detail.join(" vs "))
}
