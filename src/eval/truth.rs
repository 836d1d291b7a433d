//! Ground truth: the `truth.json` files under a folder (REPORT.md "Ground truth"), parsed
//! into plain data. A bad file is a warning naming it, never the end of the run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use super::EvalError;
use crate::report::{DocumentType, FindingCode, Region, Severity};

/// The file name ground truth goes by.
const TRUTH_FILE: &str = "truth.json";

/// One application's ground truth. Every key but `documents[].file` and `findings[].code`
/// is optional, and unknown keys (`scenario`, `as_of`, `label_note`, …) are ignored. What is
/// absent is not scored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TruthApplication {
    /// The application id; when the file has none, [`load_truth`] uses its folder's name.
    #[serde(default)]
    pub application: String,
    /// The expected decision; `None`: decisions are not scored for this application.
    #[serde(default)]
    pub decision: Option<Severity>,
    /// The findings that must be raised. `None` (no `findings` key): findings are not scored
    /// for this application, so nothing it reports is a false positive. `Some(vec![])`: no
    /// finding may be raised, and every reported one is a false positive.
    #[serde(default)]
    pub findings: Option<Vec<TruthFinding>>,
    #[serde(default)]
    pub documents: Vec<TruthDocument>,
    /// The file this truth came from (set by [`load_truth`]).
    #[serde(skip)]
    pub source: PathBuf,
}

/// A finding that must be raised.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TruthFinding {
    pub code: FindingCode,
    /// Recorded for readers; matching ignores it (the decision is scored on its own).
    #[serde(default)]
    pub severity: Option<Severity>,
    /// When given, the reported finding must name the same document.
    #[serde(default)]
    pub document: Option<String>,
    /// For a finding about several documents (a duplicate, a name mismatch), all of them.
    /// Which one `document` names is a convention (REPORT.md: "the first"), so a reported
    /// finding that lists every one of these also matches.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Recorded for readers; matching ignores it.
    #[serde(default)]
    pub field: Option<String>,
    /// When given, the reported finding must have a region that overlaps this one.
    #[serde(default)]
    pub region: Option<Region>,
}

/// One upload's truth: its type and the exact values of the labelled fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TruthDocument {
    /// The upload's path relative to the application folder; documents are matched by it.
    pub file: String,
    /// `None`: the document type is not scored (fields are grouped under `unknown`).
    #[serde(rename = "type", default)]
    pub doc_type: Option<DocumentType>,
    /// Field key to expected value: a plain JSON value (a string, or a list for
    /// `tax_rates`), compared with the report's `value`.
    #[serde(default)]
    pub fields: BTreeMap<String, serde_json::Value>,
}

/// Everything found under a truth folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TruthSet {
    /// One per application id, in path order; a later file with the same id is dropped.
    pub applications: Vec<TruthApplication>,
    /// One line per file that could not be used, naming the file and why.
    pub warnings: Vec<String>,
}

/// Parses one `truth.json`. Syntax errors name the line and column, wrong types and unknown
/// codes name the key (`findings[0].code`).
pub fn parse_truth(json: &[u8]) -> Result<TruthApplication, String> {
    let json = json.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(json);
    let value: serde_json::Value = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let key = e.path().to_string();
        format!("`{key}`: {}", e.into_inner())
    })
}

/// Finds and parses every `truth.json` anywhere under `dir`, in path order.
///
/// Fails only when `dir` is not a folder or holds no usable truth at all; an unreadable or
/// invalid file, or a second file for the same application, becomes a warning.
pub fn load_truth(dir: &Path) -> Result<TruthSet, EvalError> {
    if !dir.is_dir() {
        return Err(EvalError::TruthDirMissing(dir.to_path_buf()));
    }
    let mut set = TruthSet::default();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                set.warnings
                    .push(format!("cannot read the truth folder: {error}"));
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.file_name() != TRUTH_FILE {
            continue;
        }
        let path = entry.path();
        let parsed = std::fs::read(path)
            .map_err(|e| format!("cannot read it: {e}"))
            .and_then(|bytes| parse_truth(&bytes));
        let mut application = match parsed {
            Ok(application) => application,
            Err(detail) => {
                set.warnings.push(format!(
                    "{}: skipped, not valid ground truth: {detail}",
                    path.display()
                ));
                continue;
            }
        };
        if application.application.is_empty() {
            application.application = folder_name(path);
        }
        if let Some(first) = seen.get(&application.application) {
            set.warnings.push(format!(
                "{}: skipped, application {} already has truth in {}",
                path.display(),
                application.application,
                first.display()
            ));
            continue;
        }
        seen.insert(application.application.clone(), path.to_path_buf());
        application.source = path.to_path_buf();
        set.applications.push(application);
    }
    if set.applications.is_empty() {
        return Err(EvalError::NoTruth {
            dir: dir.to_path_buf(),
            warnings: set.warnings,
        });
    }
    Ok(set)
}

/// The name of the folder holding `path`, resolving `.` and the like.
fn folder_name(path: &Path) -> String {
    let parent = path.parent().unwrap_or(Path::new("."));
    let name = match parent.file_name() {
        Some(name) => Some(name.to_os_string()),
        None => std::fs::canonicalize(parent)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_os_string())),
    };
    name.map_or_else(
        || parent.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_shape_parses_and_unknown_keys_are_ignored() {
        let truth = parse_truth(
            br#"{ "application": "app-0001", "scenario": "blur", "as_of": "2026-11-28",
                  "label_note": "hand-labelled", "decision": "REUPLOAD",
                  "findings": [ { "code": "BLUR", "severity": "REUPLOAD", "document": "licence.jpg",
                                  "field": null, "region": [10, 20, 300, 200] } ],
                  "documents": [ { "file": "licence.jpg", "type": "business_license",
                                   "fields": { "credit_code": "91330100716105852F", "tax_rates": ["13%"] } } ] }"#,
        )
        .unwrap();
        assert_eq!(truth.application, "app-0001");
        assert_eq!(truth.decision, Some(Severity::Reupload));
        let findings = truth.findings.unwrap();
        assert_eq!(findings[0].code, FindingCode::Blur);
        assert_eq!(findings[0].region, Some(Region::from([10, 20, 300, 200])));
        assert_eq!(
            truth.documents[0].doc_type,
            Some(DocumentType::BusinessLicense)
        );
        assert_eq!(
            truth.documents[0].fields["tax_rates"],
            serde_json::json!(["13%"])
        );
    }

    #[test]
    fn absent_findings_differ_from_empty_findings() {
        let cases: &[(&str, Option<usize>)] = &[
            (r#"{ "documents": [] }"#, None),
            (r#"{ "findings": null }"#, None),
            (r#"{ "findings": [] }"#, Some(0)),
            (r#"{ "findings": [ { "code": "GLARE" } ] }"#, Some(1)),
        ];
        for (json, expected) in cases {
            let truth = parse_truth(json.as_bytes()).unwrap();
            assert_eq!(truth.findings.map(|f| f.len()), *expected, "{json}");
            assert_eq!(truth.decision, None, "{json}");
        }
    }

    #[test]
    fn errors_name_the_key_or_the_place() {
        let cases = [
            (
                r#"{ "findings": [ { "code": "NO_SUCH_CODE" } ] }"#,
                "findings[0].code",
            ),
            (r#"{ "decision": "MAYBE" }"#, "decision"),
            (
                r#"{ "documents": [ { "type": "passport" } ] }"#,
                "documents[0]",
            ),
            ("{ \"application\": \n", "line 2"),
        ];
        for (json, needle) in cases {
            let error = parse_truth(json.as_bytes()).unwrap_err();
            assert!(error.contains(needle), "{json}: {error}");
        }
    }

    #[test]
    fn loading_walks_the_tree_names_bad_files_and_falls_back_to_the_folder_name() {
        let root = tempfile::tempdir().unwrap();
        let put = |name: &str, text: &str| {
            let path = root.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        put("batch-1/app-a/truth.json", r#"{ "decision": "PASS" }"#);
        put("batch-1/app-b/truth.json", r#"{ "application": "app-b2" }"#);
        put("batch-2/app-c/truth.json", "{ not json");
        put("batch-2/app-d/truth.json", r#"{ "application": "app-a" }"#);
        put("batch-2/app-d/other.json", "{ ignored");

        let set = load_truth(root.path()).unwrap();
        let ids: Vec<_> = set
            .applications
            .iter()
            .map(|a| a.application.as_str())
            .collect();
        assert_eq!(ids, ["app-a", "app-b2"]);
        assert!(
            set.applications[0]
                .source
                .ends_with("batch-1/app-a/truth.json")
        );
        assert_eq!(set.warnings.len(), 2, "{:?}", set.warnings);
        assert!(
            set.warnings[0].contains("app-c/truth.json"),
            "{:?}",
            set.warnings
        );
        assert!(
            set.warnings[1].contains("already has truth"),
            "{:?}",
            set.warnings
        );
    }

    #[test]
    fn a_missing_folder_or_one_without_truth_is_an_error() {
        let root = tempfile::tempdir().unwrap();
        assert!(matches!(
            load_truth(&root.path().join("nowhere")),
            Err(EvalError::TruthDirMissing(_))
        ));
        std::fs::write(root.path().join("truth.json"), "[1, 2]").unwrap();
        let error = load_truth(root.path()).unwrap_err();
        assert!(matches!(error, EvalError::NoTruth { .. }));
        assert!(error.to_string().contains("truth.json"), "{error}");
    }
}
