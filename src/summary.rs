//! The human summary of a screening run, printed on stderr beside the JSON Lines report.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use crate::report::{ApplicationReport, FindingCode, Severity};

/// How many flagged applications the summary lists by name before it only counts them.
const LISTED_APPLICATIONS: usize = 20;

/// Counts gathered while reports stream past.
#[derive(Debug, Default)]
pub struct RunSummary {
    pub applications: usize,
    pub uploads: usize,
    pub by_decision: BTreeMap<Severity, usize>,
    pub by_code: BTreeMap<FindingCode, usize>,
    /// `(application, decision, its most severe finding's message)` for the worst ones,
    /// at most [`LISTED_APPLICATIONS`] kept so a backlog run's memory does not grow.
    flagged: Vec<(String, Severity, String)>,
    /// Every application at NEEDS_REVIEW or worse, listed or not.
    flagged_total: usize,
}

impl RunSummary {
    pub fn add(&mut self, report: &ApplicationReport) {
        self.applications += 1;
        self.uploads += report.documents.len();
        *self.by_decision.entry(report.decision).or_default() += 1;
        for finding in &report.findings {
            *self.by_code.entry(finding.code).or_default() += 1;
        }
        if let Some(worst) = report.findings.iter().max_by_key(|f| f.severity)
            && report.decision >= Severity::NeedsReview
        {
            let more = report.findings.len() - 1;
            let mut line = format!("{} {}", worst.code, worst.message_en);
            if more > 0 {
                let _ = write!(line, " (+{more} more)");
            }
            self.flagged
                .push((report.application.clone(), report.decision, line));
            self.flagged_total += 1;
            if self.flagged.len() > 2 * LISTED_APPLICATIONS {
                sort_worst_first(&mut self.flagged);
                self.flagged.truncate(LISTED_APPLICATIONS);
            }
        }
    }

    /// Renders the summary as a few lines of text.
    pub fn render(&self, elapsed: Duration) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "screened {} application{} ({} upload{}) in {:.1} s",
            self.applications,
            plural(self.applications),
            self.uploads,
            plural(self.uploads),
            elapsed.as_secs_f64()
        );
        let decisions: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter_map(|s| self.by_decision.get(s).map(|n| format!("{s} {n}")))
            .collect();
        if !decisions.is_empty() {
            let _ = writeln!(out, "  decisions: {}", decisions.join(" · "));
        }
        if !self.by_code.is_empty() {
            let codes: Vec<String> = self
                .by_code
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            let _ = writeln!(out, "  findings:  {}", codes.join(" · "));
        }
        let mut flagged = self.flagged.clone();
        sort_worst_first(&mut flagged);
        for (application, decision, line) in flagged.iter().take(LISTED_APPLICATIONS) {
            let _ = writeln!(out, "  {decision:<12} {application}: {line}");
        }
        if self.flagged_total > LISTED_APPLICATIONS {
            let _ = writeln!(
                out,
                "  … and {} more flagged application(s); see the report",
                self.flagged_total - LISTED_APPLICATIONS
            );
        }
        out
    }
}

/// Worst decision first, then by application id.
fn sort_worst_first(flagged: &mut [(String, Severity, String)]) {
    flagged.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::pipeline_error_report;

    #[test]
    fn counts_decisions_and_codes_and_lists_flagged_applications() {
        let mut summary = RunSummary::default();
        summary.add(&pipeline_error_report("app-1", "boom"));
        summary.add(&pipeline_error_report("app-2", "boom"));
        assert_eq!(summary.applications, 2);
        assert_eq!(summary.by_decision[&Severity::NeedsReview], 2);
        assert_eq!(summary.by_code[&FindingCode::PipelineError], 2);
        let text = summary.render(Duration::from_millis(1500));
        assert!(
            text.starts_with("screened 2 applications (0 uploads) in 1.5 s"),
            "{text}"
        );
        assert!(text.contains("NEEDS_REVIEW 2"), "{text}");
        assert!(text.contains("app-1: PIPELINE_ERROR"), "{text}");
    }

    #[test]
    fn a_long_run_lists_the_worst_and_counts_the_rest() {
        let mut summary = RunSummary::default();
        for i in 0..100 {
            summary.add(&pipeline_error_report(&format!("app-{i:03}"), "boom"));
        }
        assert!(summary.flagged.len() <= 2 * LISTED_APPLICATIONS);
        let text = summary.render(Duration::from_secs(1));
        assert!(text.contains("app-000: PIPELINE_ERROR"), "{text}");
        assert!(!text.contains("app-099"), "{text}");
        assert!(text.contains("… and 80 more flagged"), "{text}");
    }
}
