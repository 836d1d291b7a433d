//! The generator's truth and the scorer fit together: a report that copies a generated
//! set's truth scores perfectly, and a damaged copy scores lower where it was damaged.

mod util;

use chrono::NaiveDate;
use dossier::eval::{load_truth, score};
use dossier::report::{ApplicationReport, Finding, Region, Severity};
use dossier::synth::{PhotoStyle, Scenario, SynthOptions, Truth, generate};

fn generated_set() -> (tempfile::TempDir, Vec<Truth>) {
    let dir = tempfile::tempdir().unwrap();
    // A mixed set plus two scenarios with image regions and a REJECT decision.
    let base = SynthOptions {
        out: dir.path().to_path_buf(),
        count: 6,
        seed: 99,
        scenario: None,
        as_of: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        style: PhotoStyle {
            long_side: (320, 480),
            jpeg_quality: Some(70),
        },
        first_index: 0,
    };
    generate(&base, || {}).unwrap();
    for (index, scenario) in [
        (6, Scenario::KeyFieldOccluded),
        (7, Scenario::SellerNotApplicant),
    ] {
        generate(
            &SynthOptions {
                count: 1,
                scenario: Some(scenario),
                first_index: index,
                ..base.clone()
            },
            || {},
        )
        .unwrap();
    }
    let truths = (0..8)
        .map(|i| {
            let path = dir.path().join(format!("app-{i:05}/truth.json"));
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
        })
        .collect();
    (dir, truths)
}

/// The report a perfect pipeline would write.
fn perfect_report(truth: &Truth) -> ApplicationReport {
    let findings = truth
        .findings
        .iter()
        .map(|f| {
            let mut finding = Finding::new(f.code, "消息", "message").with_severity(f.severity);
            finding.document = f.document.clone();
            finding.documents = f.documents.clone();
            finding.field = f.field.clone();
            finding.region = f.region.map(Region::from);
            finding
        })
        .collect();
    let documents = truth.documents.iter().map(util::read_perfectly).collect();
    ApplicationReport {
        application: truth.application.clone(),
        decision: truth.decision,
        pipeline_version: "test".into(),
        as_of: Some(truth.as_of),
        findings,
        documents,
    }
}

#[test]
fn a_copy_of_generated_truth_scores_perfectly() {
    let (dir, truths) = generated_set();
    let loaded = load_truth(dir.path()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.applications.len(), truths.len());
    let reports: Vec<ApplicationReport> = truths.iter().map(perfect_report).collect();
    let summary = score(&loaded.applications, &reports);

    assert!(
        summary.fields.overall.total > 100,
        "{} fields",
        summary.fields.overall.total
    );
    assert_eq!(summary.fields.overall.hits, summary.fields.overall.total);
    assert_eq!(summary.document_types.hits, summary.document_types.total);
    assert!(summary.findings.all.true_positives >= 3);
    assert_eq!(
        (
            summary.findings.all.false_negatives,
            summary.findings.all.false_positives
        ),
        (0, 0)
    );
    assert_eq!(summary.decisions.accuracy.hits, truths.len());
    assert_eq!(summary.false_accepts.count, 0);
}

#[test]
fn a_damaged_copy_scores_lower_where_it_was_damaged() {
    let (dir, truths) = generated_set();
    let loaded = load_truth(dir.path()).unwrap();
    let mut reports: Vec<ApplicationReport> = truths.iter().map(perfect_report).collect();

    // One field read wrong, the key-field finding missed, and the REJECT passed.
    let field = reports[0].documents[0].fields.values_mut().next().unwrap();
    field.value = serde_json::json!("wrong");
    let occluded = &mut reports[6];
    occluded.findings.clear();
    occluded.decision = Severity::Pass;
    let rejected = &mut reports[7];
    assert_eq!(rejected.decision, Severity::Reject);
    rejected.decision = Severity::PassWithWarning;

    let summary = score(&loaded.applications, &reports);
    assert_eq!(
        summary.fields.overall.hits,
        summary.fields.overall.total - 1
    );
    let key = &summary.findings.by_code["KEY_FIELD_OCCLUDED"];
    assert_eq!((key.true_positives, key.false_negatives), (0, 1));
    assert_eq!(summary.decisions.accuracy.hits, truths.len() - 2);
    assert_eq!(
        summary.false_accepts.applications,
        ["app-00006", "app-00007"]
    );
}
