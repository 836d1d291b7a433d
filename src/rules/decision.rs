//! The application's decision: the worst severity among its findings (RULES.md §0.2).

use crate::report::{Finding, Severity};

/// Aggregates findings into a decision: the worst severity wins, `PASS` when there are none.
pub fn decide(findings: &[Finding]) -> Severity {
    findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Pass)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FindingCode;

    fn finding(severity: Severity) -> Finding {
        Finding::new(FindingCode::PipelineError, "", "").with_severity(severity)
    }

    #[test]
    fn no_findings_pass() {
        assert_eq!(decide(&[]), Severity::Pass);
    }

    #[test]
    fn the_worst_severity_wins_whatever_the_order() {
        use Severity::*;
        let cases: &[(&[Severity], Severity)] = &[
            (&[PassWithWarning], PassWithWarning),
            (&[PassWithWarning, NeedsReview], NeedsReview),
            (&[Reupload, NeedsReview, PassWithWarning], Reupload),
            (&[NeedsReview, Reject, Reupload], Reject),
            (&[Pass, Pass], Pass),
        ];
        for (severities, expected) in cases {
            let findings: Vec<Finding> = severities.iter().copied().map(finding).collect();
            assert_eq!(decide(&findings), *expected, "{severities:?}");
            let reversed: Vec<Finding> = findings.into_iter().rev().collect();
            assert_eq!(decide(&reversed), *expected, "{severities:?} reversed");
        }
    }
}
