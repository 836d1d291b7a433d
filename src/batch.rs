//! Runs screening over many applications in parallel and hands the reports back in input
//! order as soon as each is ready, so a killed run keeps every report written before it.
//! One application's failure, even a panic, never stops the others.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::ingest::ApplicationDir;
use crate::parallel::for_each_ordered;
use crate::pipeline::{PIPELINE_VERSION, ScreenSettings, screen_application};
use crate::report::{ApplicationReport, Finding, FindingCode};
use crate::rules::decision::decide;

/// Screens `applications` on `jobs` threads and calls `on_report` with each report, in the
/// order of `applications`. Stops early only if `on_report` returns an error (the output
/// cannot be written), and returns that error.
pub fn screen_all<E>(
    applications: &[ApplicationDir],
    settings: &ScreenSettings,
    jobs: usize,
    on_report: impl FnMut(ApplicationReport) -> Result<(), E>,
) -> Result<(), E> {
    for_each_ordered(
        applications,
        jobs,
        |app| screen_guarded(app, settings),
        on_report,
    )
}

/// Screens one application; a panic inside any stage becomes a `PIPELINE_ERROR` report for
/// that application instead of taking the batch down.
pub fn screen_guarded(app: &ApplicationDir, settings: &ScreenSettings) -> ApplicationReport {
    match catch_unwind(AssertUnwindSafe(|| screen_application(app, settings))) {
        Ok(report) => report,
        Err(payload) => {
            let reason = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            pipeline_error_report(&app.id, &reason)
        }
    }
}

/// The applications already reported in the JSON Lines `report` of a stopped run, and the
/// length of its leading run of complete lines (a line cut off by a kill, and anything
/// after it, is not counted).
pub fn completed_reports(report: &[u8]) -> (std::collections::HashSet<String>, usize) {
    let mut done = std::collections::HashSet::new();
    let mut complete = 0;
    for line in report.split_inclusive(|b| *b == b'\n') {
        if !line.ends_with(b"\n") {
            break;
        }
        match serde_json::from_slice::<ApplicationReport>(line) {
            Ok(parsed) => {
                done.insert(parsed.application);
                complete += line.len();
            }
            Err(_) => break,
        }
    }
    (done, complete)
}

/// The report for an application the pipeline failed on: a person must look at it.
pub fn pipeline_error_report(application: &str, reason: &str) -> ApplicationReport {
    let findings = vec![
        Finding::new(
            FindingCode::PipelineError,
            "系统处理该申请时出错，需人工审核",
            "the pipeline failed on this application; a person must review it",
        )
        .with_detail(reason),
    ];
    ApplicationReport {
        application: application.to_string(),
        decision: decide(&findings),
        pipeline_version: PIPELINE_VERSION.to_string(),
        as_of: None,
        findings,
        documents: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;
    use std::path::PathBuf;

    fn empty_app(id: &str) -> ApplicationDir {
        ApplicationDir {
            id: id.to_string(),
            dir: PathBuf::from("/nonexistent").join(id),
            uploads: Vec::new(),
            form: None,
        }
    }

    #[test]
    fn reports_come_back_in_input_order_whatever_the_thread_count() {
        let apps: Vec<_> = (0..50).map(|i| empty_app(&format!("app-{i:03}"))).collect();
        for jobs in [1, 2, 7] {
            let mut seen = Vec::new();
            screen_all::<()>(&apps, &ScreenSettings::default(), jobs, |r| {
                seen.push(r.application);
                Ok(())
            })
            .unwrap();
            let expected: Vec<_> = apps.iter().map(|a| a.id.clone()).collect();
            assert_eq!(seen, expected, "jobs = {jobs}");
        }
    }

    #[test]
    fn completed_reports_stop_at_a_cut_off_line() {
        let line =
            |id: &str| serde_json::to_string(&pipeline_error_report(id, "x")).unwrap() + "\n";
        let whole = format!("{}{}", line("a"), line("b"));
        let cut = format!("{whole}{}", &line("c")[..20]);
        let (done, complete) = completed_reports(cut.as_bytes());
        assert_eq!(complete, whole.len());
        let mut ids: Vec<_> = done.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(completed_reports(b"not json\n").1, 0);
        assert_eq!(completed_reports(b"").1, 0);
    }

    #[test]
    fn a_pipeline_error_needs_review() {
        let report = pipeline_error_report("x", "boom");
        assert_eq!(report.decision, Severity::NeedsReview);
        assert_eq!(report.findings[0].code, FindingCode::PipelineError);
        assert_eq!(report.findings[0].detail.as_deref(), Some("boom"));
    }
}
