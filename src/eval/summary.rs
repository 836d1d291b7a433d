//! The numbers of an evaluation as plain `serde` data: what `dossier eval --json` writes and
//! what the text report renders. Rates are `null` where nothing was scored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::Severity;

/// Every score of one evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalSummary {
    pub coverage: Coverage,
    pub fields: FieldScores,
    /// Truth documents with a `type` whose report document has the same type.
    pub document_types: Ratio,
    pub findings: FindingScores,
    pub decisions: DecisionScores,
    pub false_accepts: FalseAccepts,
    /// Truth files that could not be used and duplicate report lines, one line each.
    pub warnings: Vec<String>,
}

/// `hits` of `total`, and their ratio (`null` when `total` is 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    pub hits: usize,
    pub total: usize,
    pub rate: Option<f64>,
}

impl Ratio {
    /// Counts one more case, a hit or a miss.
    pub fn record(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
        self.rate = rate(self.hits, self.total);
    }
}

/// Which applications were scored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Applications with usable truth.
    pub truth_applications: usize,
    /// Distinct applications in the report.
    pub report_applications: usize,
    /// Applications in both: the ones scored against a report.
    pub scored: usize,
    /// Applications in truth but not in the report (their fields are misses, their truth
    /// findings false negatives, their decisions wrong), sorted.
    pub missing_from_report: Vec<String>,
    /// Report applications without truth (not scored).
    pub without_truth: usize,
    /// Truth documents whose file is not among the report's documents of that application.
    pub missing_documents: usize,
}

/// Field exact match: truth values against the report's `value`, strings trimmed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldScores {
    pub overall: Ratio,
    /// By the truth document's type (`vat_special_invoice`).
    pub by_type: BTreeMap<String, Ratio>,
    /// By `type.field` (`vat_special_invoice.total`).
    pub by_field: BTreeMap<String, Ratio>,
    /// By the photo's condition in truth, for truths with a findings list: `clean` (no
    /// image defect on the document), `degraded` (a defect, none asking for a re-upload),
    /// `degraded, re-upload` (a defect the supplier is asked to retake).
    #[serde(default)]
    pub by_condition: BTreeMap<String, Ratio>,
}

/// Finding detection, per code and over all codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FindingScores {
    /// Applications whose truth has a `findings` key (the only ones scored for findings).
    pub applications_scored: usize,
    /// All codes together (micro-averaged).
    pub all: CodeScore,
    /// Each code that was in truth or raised in a scored application (`BLUR`), sorted.
    pub by_code: BTreeMap<String, CodeScore>,
}

/// Detection counts of one finding code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CodeScore {
    pub true_positives: usize,
    pub false_negatives: usize,
    pub false_positives: usize,
    /// `tp / (tp + fn)`; `null` when the truth holds none of this code.
    pub recall: Option<f64>,
    /// `tp / (tp + fp)`; `null` when the report raised none of this code.
    pub precision: Option<f64>,
}

impl CodeScore {
    /// Adds the counts and recomputes the rates.
    pub fn add(&mut self, true_positives: usize, false_negatives: usize, false_positives: usize) {
        self.true_positives += true_positives;
        self.false_negatives += false_negatives;
        self.false_positives += false_positives;
        self.recall = rate(
            self.true_positives,
            self.true_positives + self.false_negatives,
        );
        self.precision = rate(
            self.true_positives,
            self.true_positives + self.false_positives,
        );
    }
}

/// Decisions, over the applications whose truth has a decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DecisionScores {
    /// Correct decisions of all applications with a truth decision, those missing from the
    /// report counted as wrong.
    pub accuracy: Ratio,
    /// Of those, how many were missing from the report (they are in no matrix cell).
    pub missing_from_report: usize,
    /// `confusion[truth][report]`: counts for all 25 pairs of the five severities.
    pub confusion: BTreeMap<Severity, BTreeMap<Severity, usize>>,
}

impl DecisionScores {
    /// Empty scores with every cell of the matrix present and zero.
    pub fn new() -> Self {
        let row: BTreeMap<Severity, usize> = Severity::ALL.iter().map(|&s| (s, 0)).collect();
        DecisionScores {
            accuracy: Ratio::default(),
            missing_from_report: 0,
            confusion: Severity::ALL.iter().map(|&s| (s, row.clone())).collect(),
        }
    }
}

/// Applications whose truth is NEEDS_REVIEW, REUPLOAD or REJECT but that the report let
/// through as PASS or PASS_WITH_WARNING: the costliest error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FalseAccepts {
    pub count: usize,
    /// Their ids, sorted.
    pub applications: Vec<String>,
}

/// `hits / total`, or `None` when there is nothing to divide.
fn rate(hits: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| hits as f64 / total as f64)
}
