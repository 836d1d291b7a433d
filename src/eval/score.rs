//! Scoring: truth applications against report applications, into an [`EvalSummary`].

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{DecisionScores, EvalSummary, FindingScores, TruthApplication, match_findings};
use crate::report::{ApplicationReport, DocumentType, Finding, Severity};
use crate::rules::text::compact;

/// Scores `reports` against `truth`. Applications are matched by id; when the report holds
/// an id twice, its first line is scored and a warning says so.
pub fn score(truth: &[TruthApplication], reports: &[ApplicationReport]) -> EvalSummary {
    let mut summary = EvalSummary {
        decisions: DecisionScores::new(),
        ..EvalSummary::default()
    };
    let mut by_id: HashMap<&str, &ApplicationReport> = HashMap::new();
    for report in reports {
        if by_id.contains_key(report.application.as_str()) {
            summary.warnings.push(format!(
                "application {} appears more than once in the report; its first line is scored",
                report.application
            ));
        } else {
            by_id.insert(&report.application, report);
        }
    }
    let truth_ids: HashSet<&str> = truth.iter().map(|t| t.application.as_str()).collect();
    let coverage = &mut summary.coverage;
    coverage.truth_applications = truth_ids.len();
    coverage.report_applications = by_id.len();
    coverage.without_truth = by_id.keys().filter(|id| !truth_ids.contains(*id)).count();

    for application in truth {
        let report = by_id.get(application.application.as_str()).copied();
        match report {
            Some(_) => summary.coverage.scored += 1,
            None => summary
                .coverage
                .missing_from_report
                .push(application.application.clone()),
        }
        score_documents(application, report, &mut summary);
        score_findings(application, report, &mut summary.findings);
        score_decision(application, report, &mut summary);
    }
    summary.coverage.missing_from_report.sort();
    summary.false_accepts.applications.sort();
    summary
}

/// Field exact match and document type, document by document (matched by `file`).
fn score_documents(
    truth: &TruthApplication,
    report: Option<&ApplicationReport>,
    summary: &mut EvalSummary,
) {
    for document in &truth.documents {
        let reported = report.and_then(|r| r.documents.iter().find(|d| d.file == document.file));
        if reported.is_none() {
            summary.coverage.missing_documents += 1;
        }
        if let Some(expected) = document.doc_type {
            summary
                .document_types
                .record(reported.is_some_and(|d| d.doc_type == expected));
        }
        let type_name = type_name(document.doc_type.unwrap_or(DocumentType::Unknown));
        let condition = photo_condition(truth, &document.file);
        for (key, expected) in &document.fields {
            let hit = reported
                .and_then(|d| d.fields.get(key))
                .is_some_and(|field| values_match(expected, &field.value));
            let fields = &mut summary.fields;
            fields.overall.record(hit);
            fields
                .by_type
                .entry(type_name.clone())
                .or_default()
                .record(hit);
            fields
                .by_field
                .entry(format!("{type_name}.{key}"))
                .or_default()
                .record(hit);
            if let Some(condition) = condition {
                fields
                    .by_condition
                    .entry(condition.to_string())
                    .or_default()
                    .record(hit);
            }
        }
    }
}

/// The condition of the photo `file` by its truth's image-defect findings (see
/// [`crate::eval::FieldScores::by_condition`]); `None` when the truth lists no findings.
fn photo_condition(truth: &TruthApplication, file: &str) -> Option<&'static str> {
    let defects: Vec<_> = truth
        .findings
        .as_ref()?
        .iter()
        .filter(|f| f.code.is_image_defect() && f.document.as_deref() == Some(file))
        .collect();
    Some(if defects.is_empty() {
        "clean"
    } else if defects
        .iter()
        .any(|f| f.severity == Some(Severity::Reupload))
    {
        "degraded, re-upload"
    } else {
        "degraded"
    })
}

/// Findings of one application, when its truth has a `findings` key.
fn score_findings(
    truth: &TruthApplication,
    report: Option<&ApplicationReport>,
    scores: &mut FindingScores,
) {
    let Some(expected) = &truth.findings else {
        return;
    };
    scores.applications_scored += 1;
    let reported: &[Finding] = report.map_or(&[], |r| &r.findings);
    let outcome = match_findings(expected, reported);
    let mut count = |code: &str, tp, fn_, fp| {
        scores.all.add(tp, fn_, fp);
        scores
            .by_code
            .entry(code.to_string())
            .or_default()
            .add(tp, fn_, fp);
    };
    for (finding, paired) in expected.iter().zip(&outcome.truth_to_report) {
        match paired {
            Some(_) => count(finding.code.as_str(), 1, 0, 0),
            None => count(finding.code.as_str(), 0, 1, 0),
        }
    }
    for &index in &outcome.unmatched_reported {
        count(reported[index].code.as_str(), 0, 0, 1);
    }
}

/// The decision of one application, when its truth has one.
fn score_decision(
    truth: &TruthApplication,
    report: Option<&ApplicationReport>,
    summary: &mut EvalSummary,
) {
    let Some(expected) = truth.decision else {
        return;
    };
    let decisions = &mut summary.decisions;
    let Some(report) = report else {
        decisions.accuracy.record(false);
        decisions.missing_from_report += 1;
        return;
    };
    decisions.accuracy.record(report.decision == expected);
    *decisions
        .confusion
        .entry(expected)
        .or_default()
        .entry(report.decision)
        .or_default() += 1;
    if is_false_accept(expected, report.decision) {
        summary.false_accepts.count += 1;
        summary
            .false_accepts
            .applications
            .push(truth.application.clone());
    }
}

/// A truth that needs a person (NEEDS_REVIEW or worse) let through without one.
fn is_false_accept(truth: Severity, reported: Severity) -> bool {
    truth >= Severity::NeedsReview && reported <= Severity::PassWithWarning
}

/// Exact JSON equality, except that strings (also inside lists and objects) are compared
/// after trimming whitespace.
fn values_match(expected: &Value, reported: &Value) -> bool {
    match (expected, reported) {
        // REPORT.md: exact match after normalisation (NFKC, so （） and () are one).
        (Value::String(a), Value::String(b)) => compact(a) == compact(b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| values_match(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| values_match(a, b)))
        }
        _ => expected == reported,
    }
}

/// The report spelling of a document type (`vat_special_invoice`).
fn type_name(doc_type: DocumentType) -> String {
    match serde_json::to_value(doc_type) {
        Ok(Value::String(name)) => name,
        _ => format!("{doc_type:?}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::eval::parse_truth;

    fn truth(json: Value) -> TruthApplication {
        parse_truth(json.to_string().as_bytes()).unwrap()
    }

    fn report(json: Value) -> ApplicationReport {
        let mut json = json;
        let object = json.as_object_mut().unwrap();
        object.entry("pipeline_version").or_insert(json!("test"));
        object.entry("decision").or_insert(json!("PASS"));
        object.entry("findings").or_insert(json!([]));
        object.entry("documents").or_insert(json!([]));
        for finding in object["findings"].as_array_mut().unwrap() {
            let finding = finding.as_object_mut().unwrap();
            finding.entry("severity").or_insert(json!("REUPLOAD"));
            finding.entry("document").or_insert(Value::Null);
            finding.entry("message_zh").or_insert(json!("测试"));
            finding.entry("message_en").or_insert(json!("test"));
        }
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn values_match_table() {
        let cases = [
            (
                json!("91330100716105852F"),
                json!("91330100716105852F"),
                true,
            ),
            (json!(" 3495.00\n"), json!("3495.00"), true),
            (
                json!("阿里巴巴(中国)有限公司"),
                json!("阿里巴巴（中国）有限公司"),
                true,
            ),
            (
                json!("阿里巴巴中国有限公司"),
                json!("阿里巴巴（中国）有限公司"),
                false,
            ),
            (json!("3495.00"), json!("3495.0"), false),
            (json!(["13%"]), json!([" 13%"]), true),
            (json!(["13%", "9%"]), json!(["9%", "13%"]), false),
            (json!(["13%"]), json!("13%"), false),
            (json!(1), json!(1.0), false),
            (json!(null), json!(""), false),
            (json!({"a": " x"}), json!({"a": "x"}), true),
        ];
        for (expected, reported, outcome) in cases {
            assert_eq!(
                values_match(&expected, &reported),
                outcome,
                "{expected} {reported}"
            );
        }
    }

    #[test]
    fn false_accepts_are_worse_truths_let_through() {
        use Severity::*;
        let mut false_accepts = Vec::new();
        for t in Severity::ALL {
            for r in Severity::ALL {
                if is_false_accept(t, r) {
                    false_accepts.push((t, r));
                }
            }
        }
        let expected = [
            (NeedsReview, Pass),
            (NeedsReview, PassWithWarning),
            (Reupload, Pass),
            (Reupload, PassWithWarning),
            (Reject, Pass),
            (Reject, PassWithWarning),
        ];
        assert_eq!(false_accepts, expected);

        let truths: Vec<_> = [
            ("a", "REJECT"),
            ("b", "REUPLOAD"),
            ("c", "PASS"),
            ("d", "NEEDS_REVIEW"),
        ]
        .iter()
        .map(|(id, d)| truth(json!({ "application": id, "decision": d })))
        .collect();
        let reports: Vec<_> = [
            ("a", "PASS_WITH_WARNING"),
            ("b", "REJECT"),
            ("c", "PASS"),
            ("d", "PASS"),
        ]
        .iter()
        .map(|(id, d)| report(json!({ "application": id, "decision": d })))
        .collect();
        let summary = score(&truths, &reports);
        assert_eq!(summary.false_accepts.count, 2);
        assert_eq!(summary.false_accepts.applications, ["a", "d"]);
        assert_eq!(
            (
                summary.decisions.accuracy.hits,
                summary.decisions.accuracy.total
            ),
            (1, 4)
        );
        assert_eq!(summary.decisions.confusion[&Reject][&PassWithWarning], 1);
        assert_eq!(summary.decisions.confusion[&Reupload][&Reject], 1);
        let cells: usize = summary
            .decisions
            .confusion
            .values()
            .flat_map(|r| r.values())
            .sum();
        assert_eq!(cells, 4);
    }

    #[test]
    fn absent_findings_are_not_scored_but_empty_findings_make_false_positives() {
        let raised = json!([{ "code": "GLARE", "document": "x.jpg" }]);
        // (truth findings key, expected (tp, fn, fp), applications scored)
        let cases = [
            (None, None, 0),
            (Some(json!([])), Some((0, 0, 1)), 1),
            (Some(json!([{ "code": "GLARE" }])), Some((1, 0, 0)), 1),
            (Some(json!([{ "code": "BLUR" }])), Some((0, 1, 1)), 1),
        ];
        for (findings, expected, scored) in cases {
            let mut t = json!({ "application": "a" });
            if let Some(findings) = &findings {
                t["findings"] = findings.clone();
            }
            let summary = score(
                &[truth(t)],
                &[report(json!({ "application": "a", "findings": raised }))],
            );
            let all = summary.findings.all;
            let counts = (all.true_positives, all.false_negatives, all.false_positives);
            assert_eq!(summary.findings.applications_scored, scored, "{findings:?}");
            match expected {
                None => assert!(summary.findings.by_code.is_empty(), "{findings:?}"),
                Some(expected) => assert_eq!(counts, expected, "{findings:?}"),
            }
        }
    }

    #[test]
    fn per_field_counts_group_by_type_and_field() {
        let t = truth(json!({ "application": "a", "documents": [
            { "file": "inv.jpg", "type": "vat_special_invoice",
              "fields": { "total": "3495.00", "amount": "2987.18", "tax_rates": ["17%"] } },
            { "file": "inv2.jpg", "type": "vat_special_invoice", "fields": { "total": "10.00" } },
            { "file": "lic.jpg", "type": "business_license", "fields": { "credit_code": "X" } },
            { "file": "gone.jpg", "type": "id_card_front", "fields": { "name": "张三" } },
            { "file": "what.jpg", "fields": { "name": "?" } } ] }));
        let field = |v: Value| json!({ "value": v, "confidence": 1.0, "region": null });
        let r = report(json!({ "application": "a", "documents": [
            { "file": "inv.jpg", "type": "vat_special_invoice", "type_confidence": 1.0,
              "fields": { "total": field(json!("3495.00 ")), "amount": field(json!("2987.00")),
                          "tax_rates": field(json!(["17%"])) } },
            { "file": "inv2.jpg", "type": "vat_normal_invoice", "type_confidence": 1.0,
              "fields": { "total": field(json!("10.00")) } },
            { "file": "lic.jpg", "type": "business_license", "type_confidence": 1.0, "fields": {} },
            { "file": "what.jpg", "type": "other", "type_confidence": 1.0,
              "fields": { "name": field(json!("?")) } } ] }));
        let summary = score(&[t], &[r]);
        let counts = |ratio: &super::super::Ratio| (ratio.hits, ratio.total);
        let fields = &summary.fields;
        assert_eq!(counts(&fields.overall), (4, 7));
        assert_eq!(counts(&fields.by_type["vat_special_invoice"]), (3, 4));
        assert_eq!(counts(&fields.by_type["business_license"]), (0, 1));
        assert_eq!(counts(&fields.by_type["id_card_front"]), (0, 1));
        assert_eq!(counts(&fields.by_type["unknown"]), (1, 1));
        assert_eq!(
            counts(&fields.by_field["vat_special_invoice.total"]),
            (2, 2)
        );
        assert_eq!(
            counts(&fields.by_field["vat_special_invoice.amount"]),
            (0, 1)
        );
        assert_eq!(fields.by_field.len(), 6);
        // inv2 was typed as a normal invoice, gone.jpg is missing, what.jpg has no truth type.
        assert_eq!(counts(&summary.document_types), (2, 4));
        assert_eq!(summary.coverage.missing_documents, 1);
    }

    #[test]
    fn fields_are_also_counted_by_the_photo_s_condition() {
        let t = truth(json!({ "application": "a", "findings": [
                { "code": "GLARE", "severity": "PASS_WITH_WARNING", "document": "glare.jpg" },
                { "code": "KEY_FIELD_OCCLUDED", "severity": "REUPLOAD", "document": "cover.jpg" },
                { "code": "NAME_MISMATCH", "severity": "REJECT", "document": "clean.jpg" } ],
            "documents": [
            { "file": "clean.jpg", "type": "business_license", "fields": { "name": "甲", "legal_rep": "乙" } },
            { "file": "glare.jpg", "type": "id_card_front", "fields": { "name": "丙" } },
            { "file": "cover.jpg", "type": "bank_permit", "fields": { "depositor_name": "丁" } } ] }));
        let field = |v: &str| json!({ "value": v, "confidence": 1.0, "region": null });
        let r = report(json!({ "application": "a", "documents": [
            { "file": "clean.jpg", "type": "business_license", "type_confidence": 1.0,
              "fields": { "name": field("甲"), "legal_rep": field("乙") } },
            { "file": "glare.jpg", "type": "id_card_front", "type_confidence": 1.0,
              "fields": { "name": field("两") } },
            { "file": "cover.jpg", "type": "bank_permit", "type_confidence": 1.0,
              "fields": { "depositor_name": field("丁") } } ] }));
        let summary = score(&[t], &[r]);
        let counts = |key: &str| {
            let ratio = &summary.fields.by_condition[key];
            (ratio.hits, ratio.total)
        };
        // A content finding does not make a photo degraded.
        assert_eq!(counts("clean"), (2, 2));
        assert_eq!(counts("degraded"), (0, 1));
        assert_eq!(counts("degraded, re-upload"), (1, 1));
        // Without a findings list the condition is unknown and not counted.
        let t = truth(json!({ "application": "b", "documents": [
            { "file": "x.jpg", "type": "business_license", "fields": { "name": "甲" } } ] }));
        assert!(score(&[t], &[]).fields.by_condition.is_empty());
    }

    #[test]
    fn applications_missing_from_the_report_count_against_every_score() {
        let t = |id: &str| {
            truth(json!({ "application": id, "decision": "REJECT",
                "findings": [{ "code": "WRONG_DOCUMENT" }],
                "documents": [{ "file": "a.jpg", "type": "passport", "fields": { "name": "X" } }] }))
        };
        let reports = [
            report(json!({ "application": "zz-extra" })),
            report(json!({ "application": "b" })),
            report(json!({ "application": "b", "decision": "REJECT" })),
        ];
        let summary = score(&[t("c"), t("a"), t("b")], &reports);
        let coverage = &summary.coverage;
        assert_eq!(coverage.missing_from_report, ["a", "c"]);
        assert_eq!(
            (coverage.truth_applications, coverage.report_applications),
            (3, 2)
        );
        assert_eq!((coverage.scored, coverage.without_truth), (1, 1));
        assert_eq!(summary.fields.overall.total, 3);
        assert_eq!(summary.fields.overall.hits, 0);
        assert_eq!(
            summary.findings.by_code["WRONG_DOCUMENT"].false_negatives,
            3
        );
        assert_eq!(summary.decisions.missing_from_report, 2);
        // The first line of "b" (PASS) is scored: a false accept; the duplicate is a warning.
        assert_eq!(summary.false_accepts.applications, ["b"]);
        assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
        assert_eq!(summary.decisions.accuracy.rate, Some(0.0));
    }
}
