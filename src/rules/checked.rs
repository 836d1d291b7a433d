//! The shape every field check of `rules` returns: the value it accepted, if any, and the
//! findings it raised on the way.

use crate::report::Finding;

/// A field value after its checks. `value` is the normalised (possibly OCR-repaired) value
/// when the checks could establish one, even if findings were raised about it; `None`
/// when the text could not be read as a value at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T> {
    pub value: Option<T>,
    pub findings: Vec<Finding>,
}

impl<T> Checked<T> {
    /// A value with no findings.
    pub fn ok(value: T) -> Self {
        Checked {
            value: Some(value),
            findings: Vec::new(),
        }
    }

    /// No value, and the finding that says why.
    pub fn failed(finding: Finding) -> Self {
        Checked {
            value: None,
            findings: vec![finding],
        }
    }

    /// Adds a finding.
    pub fn with(mut self, finding: Finding) -> Self {
        self.findings.push(finding);
        self
    }

    /// Adds a finding if there is one.
    pub fn with_opt(mut self, finding: Option<Finding>) -> Self {
        self.findings.extend(finding);
        self
    }

    /// Whether any finding was raised.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}
