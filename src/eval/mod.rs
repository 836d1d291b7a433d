//! Evaluation: scores a JSON Lines report (one [`ApplicationReport`] per line, as
//! `dossier screen` writes it) against ground truth (`truth.json` files, REPORT.md
//! "Ground truth").
//!
//! The scores: field exact match (overall, per document type, per field) and document-type
//! accuracy; per finding code true and false positives and false negatives, recall and
//! precision; the decision confusion matrix; false accepts (a truth of NEEDS_REVIEW or worse
//! reported as PASS or PASS_WITH_WARNING); and coverage (applications in truth but missing
//! from the report, report lines without truth).
//!
//! As DESIGN.md asks, this module depends on the report types only, never on the stages it
//! scores. It reads files ([`load_truth`], [`load_reports`]) and then works on plain data
//! ([`score`], [`render`]).

mod matching;
mod render;
mod reports;
mod score;
mod summary;
mod truth;

use std::path::PathBuf;

pub use matching::{match_findings, regions_overlap};
pub use render::render;
pub use reports::{load_reports, parse_reports};
pub use score::score;
pub use summary::{
    CodeScore, Coverage, DecisionScores, EvalSummary, FalseAccepts, FieldScores, FindingScores,
    Ratio,
};
pub use truth::{TruthApplication, TruthDocument, TruthFinding, TruthSet, load_truth, parse_truth};

#[cfg(doc)]
use crate::report::ApplicationReport;

/// Why an evaluation could not run. Problems with single truth files are not errors: they
/// become warnings in [`TruthSet::warnings`] and the rest is scored.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("the truth folder {} does not exist or is not a folder", .0.display())]
    TruthDirMissing(PathBuf),
    #[error(
        "no usable truth.json was found under {}{}",
        dir.display(),
        warnings.iter().map(|w| format!("\n  {w}")).collect::<String>()
    )]
    NoTruth { dir: PathBuf, warnings: Vec<String> },
    #[error("cannot read the report {}", path.display())]
    ReportUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: cannot read the report line", path.display())]
    ReportLineUnreadable {
        path: PathBuf,
        line: usize,
        source: std::io::Error,
    },
    #[error("{}:{line}: the report line is not an application report: {detail}", path.display())]
    ReportLineInvalid {
        path: PathBuf,
        line: usize,
        detail: String,
    },
}
