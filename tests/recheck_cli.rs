//! `dossier recheck`: the rules run again over a stored report, with the forms read again
//! and `--config` applied; findings about the pixels are kept.

mod util;

use serde_json::{Value, json};
use util::{dossier, parse_json_lines, put};

const COMPANY: &str = "杭州示例科技有限公司";

fn field(value: &str) -> Value {
    json!({ "value": value, "confidence": 0.99, "region": [10, 20, 300, 40] })
}

/// A stored report of one application: a licence, both ID faces and a bank permit whose
/// depositor is another company, and a blur finding on the permit; the findings the rules
/// raised back then are gone (an old pipeline had no cross-document checks).
fn stored_report() -> String {
    stored_report_with(json!([
        { "code": "BLUR", "severity": "REUPLOAD", "document": "permit.jpg",
          "message_zh": "模糊", "message_en": "blurred" }
    ]))
}

/// The stored report with `findings` from its files and pixels.
fn stored_report_with(findings: Value) -> String {
    let report = json!({
        "application": "app-1",
        "decision": "REUPLOAD",
        "pipeline_version": "0.0.1",
        "as_of": "2026-11-28",
        "findings": findings,
        "documents": [
            { "file": "licence.jpg", "type": "business_license", "type_confidence": 1.0,
              "fields": { "name": field(COMPANY), "legal_rep": field("张伟"),
                          "credit_code": field("91330100716105852F"), "term_end": field("长期") } },
            { "file": "front.jpg", "type": "id_card_front", "type_confidence": 1.0,
              "fields": { "name": field("张伟"), "id_number": field("11010519491231002X") } },
            { "file": "back.jpg", "type": "id_card_back", "type_confidence": 1.0,
              "fields": { "valid_to": field("长期") } },
            { "file": "permit.jpg", "type": "bank_permit", "type_confidence": 1.0,
              "fields": { "depositor_name": field("杭州示范科技有限公司"),
                          "account_number": field("1202021109900123456") } }
        ]
    });
    format!("{report}\n")
}

fn recheck(root: &std::path::Path, extra: &[&str]) -> Value {
    let output = dossier()
        .args(["recheck", "--quiet", "--report"])
        .arg(root.join("old.jsonl"))
        .arg("--apps")
        .arg(root.join("apps"))
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut reports = parse_json_lines(&output.stdout);
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

fn codes(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_rules_run_again_over_the_stored_documents_and_the_pixels_findings_stay() {
    let root = tempfile::tempdir().unwrap();
    put(root.path(), "old.jsonl", stored_report().as_bytes());
    let form = json!({ "company_name": COMPANY, "taxpayer": "small_scale" });
    put(
        root.path(),
        "apps/app-1/application.json",
        form.to_string().as_bytes(),
    );

    let report = recheck(root.path(), &[]);
    let found = codes(&report);
    assert!(
        found.contains(&("BLUR".into(), "REUPLOAD".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("BANK_NAME_MISMATCH".into(), "REJECT".into())),
        "{found:?}"
    );
    assert_eq!(report["decision"], "REJECT");
    assert_ne!(report["pipeline_version"], "0.0.1");

    // The platform softens the bank rule in its config: a review, not a rejection.
    put(
        root.path(),
        "soft.toml",
        b"[rules]\nbank_name_mismatch = \"NEEDS_REVIEW\"\n",
    );
    let soft = root.path().join("soft.toml");
    let report = recheck(root.path(), &["--config", soft.to_str().unwrap()]);
    // A review of the blurred permit's reading waits for its retake.
    assert_eq!(codes(&report), [("BLUR".into(), "REUPLOAD".into())]);
    assert_eq!(report["decision"], "REUPLOAD");
    // A sharp permit's is there for the reviewer.
    put(
        root.path(),
        "old.jsonl",
        stored_report_with(json!([])).as_bytes(),
    );
    let report = recheck(root.path(), &["--config", soft.to_str().unwrap()]);
    let found = codes(&report);
    assert!(
        found.contains(&("BANK_NAME_MISMATCH".into(), "NEEDS_REVIEW".into())),
        "{found:?}"
    );
    assert_eq!(report["decision"], "NEEDS_REVIEW");
}

#[test]
fn a_bad_config_file_stops_the_run_and_names_the_key() {
    let root = tempfile::tempdir().unwrap();
    put(root.path(), "old.jsonl", stored_report().as_bytes());
    put(
        root.path(),
        "bad.toml",
        b"[rules]\nbank_name_mismatch_typo = 1\n",
    );
    let output = dossier()
        .args(["recheck", "--report"])
        .arg(root.path().join("old.jsonl"))
        .arg("--config")
        .arg(root.path().join("bad.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bank_name_mismatch_typo"), "{stderr}");
    assert!(stderr.contains("bad.toml"), "{stderr}");
}
