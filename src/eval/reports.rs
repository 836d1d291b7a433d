//! Reading the JSON Lines report that `dossier screen` writes: one [`ApplicationReport`]
//! per line. Unlike truth, a bad report line stops the evaluation: scores over a partly
//! read report would look valid and be wrong.

use std::io::BufRead;
use std::path::Path;

use super::EvalError;
use crate::report::ApplicationReport;

/// Reads every report line of the file at `path`; blank lines are skipped.
pub fn load_reports(path: &Path) -> Result<Vec<ApplicationReport>, EvalError> {
    let file = std::fs::File::open(path).map_err(|source| EvalError::ReportUnreadable {
        path: path.to_path_buf(),
        source,
    })?;
    parse_reports(std::io::BufReader::new(file), path)
}

/// Parses report lines from `reader`; `path` only names the source in errors, which give
/// the 1-based line number and, for a wrong shape, the key (`documents[0].type`).
pub fn parse_reports(
    reader: impl BufRead,
    path: &Path,
) -> Result<Vec<ApplicationReport>, EvalError> {
    let mut reports = Vec::new();
    for (index, line) in reader.lines().enumerate() {
        let line_number = index + 1;
        let line = line.map_err(|source| EvalError::ReportLineUnreadable {
            path: path.to_path_buf(),
            line: line_number,
            source,
        })?;
        let text = line.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        let invalid = |detail: String| EvalError::ReportLineInvalid {
            path: path.to_path_buf(),
            line: line_number,
            detail,
        };
        // A report line is one line of JSON, so serde_json's "line 1" would only mislead.
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| invalid(e.to_string().replace(" at line 1 column ", " at column ")))?;
        let report = serde_path_to_error::deserialize(value).map_err(|e| {
            let key = e.path().to_string();
            invalid(format!("`{key}`: {}", e.into_inner()))
        })?;
        reports.push(report);
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"application":"a","decision":"PASS","pipeline_version":"t","findings":[],"documents":[]}"#;

    fn parse(text: &str) -> Result<Vec<ApplicationReport>, EvalError> {
        parse_reports(text.as_bytes(), Path::new("report.jsonl"))
    }

    #[test]
    fn lines_parse_and_blank_lines_are_skipped() {
        let reports = parse(&format!(
            "{LINE}\n\n  \n{}\n",
            LINE.replace("\"a\"", "\"b\"")
        ))
        .unwrap();
        let ids: Vec<_> = reports.iter().map(|r| r.application.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn a_bad_line_is_an_error_naming_the_file_and_line() {
        let cases = [
            (format!("{LINE}\nnot json\n"), 2, "report.jsonl:2: "),
            ("{bad".to_string(), 1, "at column 2"),
            (
                format!("\n\n{}", LINE.replace("PASS", "GREAT")),
                3,
                "`decision`",
            ),
            (r#"{"application": "a"}"#.to_string(), 1, "decision"),
        ];
        for (text, line, needle) in cases {
            let error = parse(&text).unwrap_err();
            assert!(
                matches!(error, EvalError::ReportLineInvalid { line: l, .. } if l == line),
                "{error}"
            );
            assert!(error.to_string().contains(needle), "{error}");
        }
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let error = load_reports(Path::new("/no/such/report.jsonl")).unwrap_err();
        assert!(
            error.to_string().contains("/no/such/report.jsonl"),
            "{error}"
        );
    }
}
