//! The text report of an evaluation: aligned tables, counts beside percentages.

use std::fmt::Write;

use super::{EvalSummary, Ratio};
use crate::report::Severity;

/// How many application ids a list shows before it only counts the rest (the JSON has all).
const LISTED_IDS: usize = 20;

/// Renders every score of `summary` as text, sections separated by blank lines.
pub fn render(summary: &EvalSummary) -> String {
    let mut out = String::new();
    coverage(&mut out, summary);
    fields(&mut out, summary);
    findings(&mut out, summary);
    decisions(&mut out, summary);
    if !summary.warnings.is_empty() {
        let _ = writeln!(
            out,
            "\n{} warning{} (listed on standard error and in --json)",
            summary.warnings.len(),
            if summary.warnings.len() == 1 { "" } else { "s" }
        );
    }
    out
}

fn coverage(out: &mut String, summary: &EvalSummary) {
    let c = &summary.coverage;
    out.push_str("Coverage\n");
    let rows = [
        ("applications in truth", c.truth_applications),
        ("applications in the report", c.report_applications),
        ("scored (in both)", c.scored),
        (
            "in truth, missing from the report",
            c.missing_from_report.len(),
        ),
        ("in the report, without truth", c.without_truth),
        (
            "truth documents missing from the report",
            c.missing_documents,
        ),
    ];
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(label, n)| vec![label.to_string(), n.to_string()])
        .collect();
    table(out, None, &rows);
    if !c.missing_from_report.is_empty() {
        let _ = writeln!(out, "  missing: {}", id_list(&c.missing_from_report));
    }
}

fn fields(out: &mut String, summary: &EvalSummary) {
    let f = &summary.fields;
    out.push_str("\nFields (exact match, strings trimmed)\n");
    if f.overall.total == 0 {
        out.push_str("  not scored: no truth lists a field\n");
    } else {
        let mut rows = vec![ratio_row("all fields", &f.overall)];
        rows.extend(
            f.by_condition
                .iter()
                .map(|(name, r)| ratio_row(&format!("  on {name} photos"), r)),
        );
        rows.extend(f.by_type.iter().map(|(name, r)| ratio_row(name, r)));
        rows.extend(f.by_field.iter().map(|(name, r)| ratio_row(name, r)));
        table(out, Some(&["", "match", "rate"]), &rows);
    }
    out.push_str("\nDocument types\n");
    if summary.document_types.total == 0 {
        out.push_str("  not scored: no truth document has a type\n");
    } else {
        table(
            out,
            None,
            &[ratio_row("correct type", &summary.document_types)],
        );
    }
}

fn findings(out: &mut String, summary: &EvalSummary) {
    let f = &summary.findings;
    let _ = writeln!(
        out,
        "\nFindings ({} application{} with a findings list)",
        f.applications_scored,
        if f.applications_scored == 1 { "" } else { "s" }
    );
    if f.applications_scored == 0 {
        out.push_str("  not scored: no truth has a findings key\n");
        return;
    }
    let row = |label: &str, s: &super::CodeScore| {
        vec![
            label.to_string(),
            s.true_positives.to_string(),
            s.false_negatives.to_string(),
            s.false_positives.to_string(),
            percent(s.recall),
            percent(s.precision),
        ]
    };
    let mut rows: Vec<Vec<String>> = f.by_code.iter().map(|(code, s)| row(code, s)).collect();
    rows.push(row("all codes", &f.all));
    table(
        out,
        Some(&["code", "TP", "FN", "FP", "recall", "precision"]),
        &rows,
    );
}

fn decisions(out: &mut String, summary: &EvalSummary) {
    let d = &summary.decisions;
    let _ = writeln!(
        out,
        "\nDecisions ({} application{} with a truth decision)",
        d.accuracy.total,
        if d.accuracy.total == 1 { "" } else { "s" }
    );
    if d.accuracy.total == 0 {
        out.push_str("  not scored: no truth has a decision\n");
    } else {
        table(out, None, &[ratio_row("correct decision", &d.accuracy)]);
        if d.missing_from_report > 0 {
            let _ = writeln!(
                out,
                "  ({} missing from the report, counted as wrong)",
                d.missing_from_report
            );
        }
        out.push_str("  confusion: rows are truth, columns the report\n");
        let mut header = vec!["truth \\ report"];
        header.extend(Severity::ALL.iter().map(|s| s.as_str()));
        let rows: Vec<Vec<String>> = Severity::ALL
            .iter()
            .map(|truth| {
                let mut row = vec![truth.to_string()];
                row.extend(Severity::ALL.iter().map(|reported| {
                    d.confusion
                        .get(truth)
                        .and_then(|r| r.get(reported))
                        .copied()
                        .unwrap_or(0)
                        .to_string()
                }));
                row
            })
            .collect();
        table(out, Some(&header), &rows);
    }
    let fa = &summary.false_accepts;
    let _ = write!(
        out,
        "\nFalse accepts (truth NEEDS_REVIEW or worse, reported PASS or PASS_WITH_WARNING): {}",
        fa.count
    );
    if fa.applications.is_empty() {
        out.push('\n');
    } else {
        let _ = writeln!(out, "\n  {}", id_list(&fa.applications));
    }
}

/// `label  hits/total  rate%`.
fn ratio_row(label: &str, ratio: &Ratio) -> Vec<String> {
    vec![
        label.to_string(),
        format!("{}/{}", ratio.hits, ratio.total),
        percent(ratio.rate),
    ]
}

/// `94.7%`, or `-` when there was nothing to score.
fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// Up to [`LISTED_IDS`] ids, comma-separated, then how many more.
fn id_list(ids: &[String]) -> String {
    let mut list = ids
        .iter()
        .take(LISTED_IDS)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > LISTED_IDS {
        let _ = write!(list, " (+{} more)", ids.len() - LISTED_IDS);
    }
    list
}

/// Writes rows indented by two spaces, the first column left-aligned and the others
/// right-aligned, columns two spaces apart. Widths count characters, not display columns.
fn table(out: &mut String, header: Option<&[&str]>, rows: &[Vec<String>]) {
    let header: Option<Vec<String>> = header.map(|h| h.iter().map(|s| s.to_string()).collect());
    let all: Vec<&Vec<String>> = header.iter().chain(rows).collect();
    let columns = all.iter().map(|r| r.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            all.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in all {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            let width = widths[c];
            if c == 0 {
                let _ = write!(line, " {cell:<width$}");
            } else {
                let _ = write!(line, "  {cell:>width$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{CodeScore, DecisionScores};

    #[test]
    fn tables_align_and_show_counts_beside_percentages() {
        let mut summary = EvalSummary {
            decisions: DecisionScores::new(),
            ..EvalSummary::default()
        };
        for hit in [true; 18].into_iter().chain([false]) {
            summary.fields.overall.record(hit);
        }
        summary
            .fields
            .by_field
            .insert("vat_special_invoice.total".into(), summary.fields.overall);
        summary.fields.by_field.insert(
            "vat_special_invoice.amount".into(),
            Ratio {
                hits: 0,
                total: 0,
                rate: None,
            },
        );
        summary.findings.applications_scored = 1;
        let mut blur = CodeScore::default();
        blur.add(1, 1, 0);
        summary.findings.by_code.insert("BLUR".into(), blur);
        let text = render(&summary);
        assert!(
            text.contains("  vat_special_invoice.total   18/19  94.7%\n"),
            "{text}"
        );
        assert!(
            text.contains("  vat_special_invoice.amount    0/0      -\n"),
            "{text}"
        );
        assert!(
            text.contains("  BLUR        1   1   0   50.0%     100.0%\n"),
            "{text}"
        );
        assert!(text.contains("Decisions (0 applications with a truth decision)\n  not scored"));
        assert!(text.contains(
            "False accepts (truth NEEDS_REVIEW or worse, reported PASS or PASS_WITH_WARNING): 0\n"
        ));
    }

    #[test]
    fn long_id_lists_are_cut() {
        let ids: Vec<String> = (0..25).map(|i| format!("app-{i:02}")).collect();
        let list = id_list(&ids);
        assert!(list.starts_with("app-00, app-01"), "{list}");
        assert!(list.ends_with("app-19 (+5 more)"), "{list}");
    }
}
