//! End-to-end tests of `dossier eval`: a report that copies the truth scores perfectly, a
//! perturbed one scores exactly lower, bad inputs give the documented exit codes, and the
//! real labelled invoice photos can be scored.

mod util;

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};
use util::{dossier, put};

/// Four applications' truth: image and document findings, with and without regions, an
/// empty findings list, and one labelled like the real data (no decision, no findings, no
/// `application` key, unknown keys).
fn truth_folder() -> (tempfile::TempDir, Vec<Value>) {
    let truths = vec![
        json!({ "application": "app-a", "scenario": "blur", "as_of": "2026-11-28",
            "decision": "REUPLOAD",
            "findings": [{ "code": "BLUR", "severity": "REUPLOAD", "document": "licence.jpg",
                           "field": null, "region": [10, 20, 300, 200] }],
            "documents": [{ "file": "licence.jpg", "type": "business_license",
                "fields": { "credit_code": "91330100716105852F", "name": "杭州示例科技有限公司" } }] }),
        json!({ "application": "app-b", "decision": "REJECT",
            "findings": [{ "code": "WRONG_DOCUMENT", "severity": "REJECT", "document": "id_front.jpg" }],
            "documents": [
                { "file": "id_front.jpg", "type": "id_card_front",
                  "fields": { "name": "张三", "id_number": "330106199001011234" } },
                { "file": "invoice.jpg", "type": "vat_special_invoice",
                  "fields": { "total": "3495.00", "tax_rates": ["13%"] } }] }),
        json!({ "application": "app-c", "decision": "PASS", "findings": [],
            "documents": [{ "file": "licence.jpg", "type": "business_license",
                "fields": { "credit_code": "91330106MA2B3C4D5E" } }] }),
        json!({ "label_note": "only labelled fields are listed",
            "documents": [{ "file": "b0.jpg", "type": "vat_special_invoice",
                "fields": { "total": "12.00" } }] }),
    ];
    let root = tempfile::tempdir().unwrap();
    for (truth, folder) in truths
        .iter()
        .zip(["app-a", "app-b", "app-c", "batch-2/app-d"])
    {
        put(
            root.path(),
            &format!("{folder}/truth.json"),
            truth.to_string().as_bytes(),
        );
    }
    let mut truths = truths;
    truths[3]["application"] = json!("app-d");
    (root, truths)
}

/// The report a perfect pipeline would write for `truth`.
fn report_from_truth(truth: &Value) -> Value {
    let findings: Vec<Value> = truth["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|f| {
                    json!({ "code": f["code"], "severity": f["severity"],
                        "document": f["document"], "field": f["field"], "region": f["region"],
                        "message_zh": "测试", "message_en": "test" })
                })
                .collect()
        })
        .unwrap_or_default();
    let documents: Vec<Value> = truth["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let fields: serde_json::Map<String, Value> = d["fields"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(key, value)| {
                    let field = json!({ "value": value, "confidence": 1.0, "region": null });
                    (key.clone(), field)
                })
                .collect();
            json!({ "file": d["file"], "type": d["type"], "type_confidence": 1.0,
                    "fields": fields })
        })
        .collect();
    let decision = truth.get("decision").cloned().unwrap_or(json!("PASS"));
    json!({ "application": truth["application"], "decision": decision,
            "pipeline_version": "test", "findings": findings, "documents": documents })
}

/// Writes `reports` as JSON Lines, runs `dossier eval --json` and returns the parsed scores
/// and the output.
fn eval(truth_dir: &Path, reports: &[Value]) -> (Value, Output) {
    let work = tempfile::tempdir().unwrap();
    let lines: String = reports.iter().map(|r| format!("{r}\n")).collect();
    put(work.path(), "report.jsonl", lines.as_bytes());
    let json_path = work.path().join("scores.json");
    let output = dossier()
        .arg("eval")
        .arg("--truth")
        .arg(truth_dir)
        .arg("--report")
        .arg(work.path().join("report.jsonl"))
        .arg("--json")
        .arg(&json_path)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let scores = serde_json::from_slice(&std::fs::read(json_path).unwrap()).unwrap();
    (scores, output)
}

fn counts(ratio: &Value) -> (u64, u64) {
    (
        ratio["hits"].as_u64().unwrap(),
        ratio["total"].as_u64().unwrap(),
    )
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn a_report_that_copies_the_truth_scores_perfectly() {
    let (root, truths) = truth_folder();
    let reports: Vec<Value> = truths.iter().map(report_from_truth).collect();
    let (scores, output) = eval(root.path(), &reports);

    assert_eq!(counts(&scores["fields"]["overall"]), (8, 8));
    assert_eq!(scores["fields"]["overall"]["rate"], 1.0);
    for (name, ratio) in scores["fields"]["by_field"].as_object().unwrap() {
        assert_eq!(ratio["rate"], 1.0, "{name}");
    }
    assert_eq!(counts(&scores["document_types"]), (5, 5));
    let by_code = scores["findings"]["by_code"].as_object().unwrap();
    let codes: Vec<&str> = by_code.keys().map(String::as_str).collect();
    assert_eq!(codes, ["BLUR", "WRONG_DOCUMENT"]);
    for (code, score) in by_code {
        assert_eq!(score["recall"], 1.0, "{code}");
        assert_eq!(score["precision"], 1.0, "{code}");
        assert_eq!(score["false_positives"], 0, "{code}");
    }
    assert_eq!(scores["findings"]["applications_scored"], 3);
    assert_eq!(counts(&scores["decisions"]["accuracy"]), (3, 3));
    assert_eq!(scores["decisions"]["accuracy"]["rate"], 1.0);
    assert_eq!(scores["false_accepts"]["count"], 0);
    assert_eq!(scores["coverage"]["scored"], 4);
    assert_eq!(scores["coverage"]["missing_from_report"], json!([]));
    assert_eq!(scores["warnings"], json!([]));

    let text = stdout(&output);
    assert!(text.contains("  all fields "), "{text}");
    assert!(
        line_of(&text, "  vat_special_invoice.tax_rates ").ends_with("1/1  100.0%"),
        "{text}"
    );
}

#[test]
fn a_perturbed_report_scores_exactly_lower_and_shows_the_false_accept() {
    let (root, truths) = truth_folder();
    let mut reports: Vec<Value> = truths.iter().map(report_from_truth).collect();
    // app-a: a wrong credit code, and its BLUR finding dropped.
    reports[0]["documents"][0]["fields"]["credit_code"]["value"] = json!("91330100716105852X");
    reports[0]["findings"] = json!([]);
    // app-b: REJECT let through as PASS.
    reports[1]["decision"] = json!("PASS");
    let (scores, output) = eval(root.path(), &reports);

    assert_eq!(counts(&scores["fields"]["overall"]), (7, 8));
    assert_eq!(scores["fields"]["overall"]["rate"], 0.875);
    assert_eq!(
        counts(&scores["fields"]["by_type"]["business_license"]),
        (2, 3)
    );
    assert_eq!(
        counts(&scores["fields"]["by_field"]["business_license.credit_code"]),
        (1, 2)
    );
    assert_eq!(
        counts(&scores["fields"]["by_field"]["business_license.name"]),
        (1, 1)
    );
    let blur = &scores["findings"]["by_code"]["BLUR"];
    assert_eq!(
        (
            &blur["true_positives"],
            &blur["false_negatives"],
            &blur["false_positives"]
        ),
        (&json!(0), &json!(1), &json!(0))
    );
    assert_eq!(blur["recall"], 0.0);
    assert_eq!(blur["precision"], Value::Null);
    assert_eq!(
        scores["findings"]["by_code"]["WRONG_DOCUMENT"]["recall"],
        1.0
    );
    assert_eq!(scores["findings"]["all"]["recall"], 0.5);
    assert_eq!(scores["findings"]["all"]["precision"], 1.0);
    assert_eq!(counts(&scores["decisions"]["accuracy"]), (2, 3));
    assert_eq!(scores["decisions"]["confusion"]["REJECT"]["PASS"], 1);
    assert_eq!(scores["decisions"]["confusion"]["REJECT"]["REJECT"], 0);
    assert_eq!(scores["false_accepts"]["count"], 1);
    assert_eq!(scores["false_accepts"]["applications"], json!(["app-b"]));

    let text = stdout(&output);
    assert!(
        line_of(&text, "  business_license.credit_code ").ends_with("1/2   50.0%"),
        "{text}"
    );
    assert!(
        line_of(&text, "  all fields ").ends_with("7/8   87.5%"),
        "{text}"
    );
    assert!(text.contains("\n  app-b\n"), "{text}");
}

#[test]
fn missing_applications_count_as_misses_and_extra_lines_are_counted() {
    let (root, truths) = truth_folder();
    let mut reports: Vec<Value> = truths.iter().map(report_from_truth).collect();
    reports.remove(2); // app-c
    let mut extra = report_from_truth(&truths[0]);
    extra["application"] = json!("app-z");
    reports.push(extra);
    let (scores, output) = eval(root.path(), &reports);

    assert_eq!(scores["coverage"]["missing_from_report"], json!(["app-c"]));
    assert_eq!(scores["coverage"]["without_truth"], 1);
    assert_eq!(scores["coverage"]["missing_documents"], 1);
    assert_eq!(counts(&scores["fields"]["overall"]), (7, 8));
    assert_eq!(counts(&scores["decisions"]["accuracy"]), (2, 3));
    assert_eq!(scores["decisions"]["missing_from_report"], 1);
    assert!(stdout(&output).contains("  missing: app-c\n"));
}

#[test]
fn a_bad_truth_file_is_a_warning_naming_it_and_the_rest_is_scored() {
    let (root, truths) = truth_folder();
    put(root.path(), "app-broken/truth.json", b"{ \"decision\": ");
    let reports: Vec<Value> = truths.iter().map(report_from_truth).collect();
    let (scores, output) = eval(root.path(), &reports);

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("app-broken/truth.json"), "{stderr}");
    assert_eq!(scores["warnings"].as_array().unwrap().len(), 1);
    assert_eq!(scores["coverage"]["truth_applications"], 4);
    assert_eq!(counts(&scores["fields"]["overall"]), (8, 8));
}

#[test]
fn unusable_inputs_exit_2_with_an_error_naming_them() {
    let (root, truths) = truth_folder();
    let work = tempfile::tempdir().unwrap();
    let good_line = report_from_truth(&truths[0]).to_string();
    put(
        work.path(),
        "bad.jsonl",
        format!("{good_line}\n{{oops\n").as_bytes(),
    );
    put(
        work.path(),
        "good.jsonl",
        format!("{good_line}\n").as_bytes(),
    );
    let run = |truth: &Path, report: &Path| {
        dossier()
            .arg("eval")
            .arg("--truth")
            .arg(truth)
            .arg("--report")
            .arg(report)
            .output()
            .unwrap()
    };
    let cases = [
        (
            root.path().to_path_buf(),
            work.path().join("bad.jsonl"),
            "bad.jsonl:2:",
        ),
        (
            root.path().to_path_buf(),
            work.path().join("absent.jsonl"),
            "absent.jsonl",
        ),
        (
            root.path().join("no-such-dir"),
            work.path().join("good.jsonl"),
            "no-such-dir",
        ),
    ];
    for (truth, report, needle) in cases {
        let output = run(&truth, &report);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{needle}: {stderr}");
        assert!(stderr.contains(needle), "{needle}: {stderr}");
        assert!(output.stdout.is_empty(), "{needle}");
    }
}

#[test]
fn the_real_labelled_invoice_photos_can_be_scored() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata/vat_invoice_photos");
    if !real.is_dir() {
        eprintln!("skipped: {} does not exist", real.display());
        return;
    }
    let labelled = std::fs::read_dir(&real)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("truth.json").is_file())
        .count();
    let work = tempfile::tempdir().unwrap();
    let report = work.path().join("report.jsonl");
    let screened = dossier()
        .arg("screen")
        .arg(&real)
        .arg("--out")
        .arg(&report)
        // The plumbing of scoring real labels is under test here, not OCR accuracy (that is
        // measured with `dossier eval`, see README): the pixels-only pass keeps it quick.
        .args(["--jobs", "2", "--quiet", "--no-ocr"])
        .output()
        .unwrap();
    assert!(screened.status.success(), "{screened:?}");

    let json_path = work.path().join("scores.json");
    let output = dossier()
        .arg("eval")
        .arg("--truth")
        .arg(&real)
        .arg("--report")
        .arg(&report)
        .arg("--json")
        .arg(&json_path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let scores: Value = serde_json::from_slice(&std::fs::read(json_path).unwrap()).unwrap();
    assert!(labelled > 0);
    assert_eq!(scores["coverage"]["truth_applications"], labelled);
    assert_eq!(scores["coverage"]["scored"], labelled);
    assert!(scores["fields"]["overall"]["total"].as_u64().unwrap() > 100);
    // The real labels list fields only: findings and decisions are not scored.
    assert_eq!(scores["findings"]["applications_scored"], 0);
    assert_eq!(scores["decisions"]["accuracy"]["total"], 0);
    assert!(stdout(&output).contains("vat_special_invoice.total"));
}

/// The line of `text` that starts with `prefix`.
fn line_of<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find(|line| line.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix:?} in\n{text}"))
}
