//! Applies RULES.md to the fields read from one document: check characters and their
//! single-substitution OCR repair, formats, dates against the as-of date, invoice
//! arithmetic and money in words. A repaired value replaces the one read; every finding
//! names its document, its field and, where the field was read, its region.

use chrono::NaiveDate;

use crate::report::FindingCode;
use crate::report::{DocumentReport, DocumentType, FieldValue, Finding};
use crate::rules::dates::parse_date;
use crate::rules::identity::PrintedIdFields;
use crate::rules::invoice::arithmetic::{InvoiceTotals, check_amount_words, check_arithmetic};
use crate::rules::money::words::parse_words;
use crate::rules::money::{format_yuan, parse_yuan};
use crate::rules::{Checked, RulesConfig, bank, identity, invoice, licence};

/// Checks the fields of `document` as of `as_of`, repairing them in place, and returns
/// what the rules found.
pub fn validate_document(
    document: &mut DocumentReport,
    as_of: NaiveDate,
    config: &RulesConfig,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    match document.doc_type {
        DocumentType::BusinessLicense => check_licence(document, as_of, config, &mut findings),
        DocumentType::IdCardFront => check_id_front(document, as_of, &mut findings),
        DocumentType::IdCardBack => {
            if let Some(valid_to) = document.field_text("valid_to") {
                let checked = identity::check_document_expiry(&valid_to, as_of);
                findings.extend(checked.findings);
            }
        }
        DocumentType::BankPermit => check_bank(document, "approval_number", config, &mut findings),
        DocumentType::BasicAccountInfo => {
            check_bank(document, "basic_account_number", config, &mut findings)
        }
        DocumentType::VatSpecialInvoice | DocumentType::VatNormalInvoice => {
            check_invoice(document, as_of, config, &mut findings)
        }
        _ => {}
    }
    let file = document.file.clone();
    findings
        .into_iter()
        .map(|f| locate(f, &file, document))
        .collect()
}

fn check_licence(
    document: &mut DocumentReport,
    as_of: NaiveDate,
    config: &RulesConfig,
    findings: &mut Vec<Finding>,
) {
    match document.field_text("credit_code") {
        Some(code) => {
            let checked = licence::check_credit_code(&code, config);
            apply(document, "credit_code", checked, Clone::clone, findings);
        }
        None => {
            if let Some(number) = document.field_text("registration_number") {
                let entity = document.field_text("entity_type").unwrap_or_default();
                findings.push(
                    licence::old_format_licence(&number, &entity, config)
                        .on_field("registration_number"),
                );
            }
        }
    }
    if let Some(end) = document.field_text("term_end") {
        let start = document.field_text("term_start");
        let term = match start {
            Some(start) => format!("{start}至{end}"),
            None => end,
        };
        findings.extend(licence::check_licence_term(&term, as_of).findings);
    }
    if let Some(date) = document.field_text("established_date") {
        findings.extend(licence::check_past_date(&date, as_of, "established_date").findings);
    }
}

fn check_id_front(document: &mut DocumentReport, as_of: NaiveDate, findings: &mut Vec<Finding>) {
    let Some(number) = document.field_text("id_number") else {
        return;
    };
    let birth = document.field_text("birth_date");
    let sex = document.field_text("sex");
    let printed = PrintedIdFields {
        birth: birth.as_deref(),
        sex: sex.as_deref(),
    };
    let checked = identity::check_id_number(&number, printed, as_of);
    apply(
        document,
        "id_number",
        checked,
        |id| id.number.clone(),
        findings,
    );
}

fn check_bank(
    document: &mut DocumentReport,
    number_key: &str,
    config: &RulesConfig,
    findings: &mut Vec<Finding>,
) {
    if let Some(number) = document.field_text(number_key) {
        findings.extend(bank::check_hezhun(&number, number_key, config).findings);
    }
    if let Some(account) = document.field_text("account_number") {
        findings.extend(bank::check_account_number(&account, config).findings);
    }
}

fn check_invoice(
    document: &mut DocumentReport,
    as_of: NaiveDate,
    config: &RulesConfig,
    findings: &mut Vec<Finding>,
) {
    let issue_date = document
        .field_text("issue_date")
        .and_then(|d| parse_date(&d).ok());
    if let Some(code) = document.field_text("invoice_code") {
        let special = Some(document.doc_type == DocumentType::VatSpecialInvoice);
        findings.extend(invoice::check_invoice_code(&code, special, issue_date).findings);
    }
    if let Some(number) = document.field_text("invoice_number") {
        findings.extend(invoice::check_invoice_number(&number, as_of, config).findings);
    }
    findings.extend(repair_total_by_majority(document));
    let fen = |key: &str| document.field_text(key).and_then(|t| parse_yuan(&t));
    let confident = ["amount", "tax_amount", "total", "total_in_words"]
        .iter()
        .filter_map(|k| document.fields.get(*k))
        .all(|f| config.is_confident(f.confidence));
    if let (Some(amount), Some(tax), Some(total)) = (fen("amount"), fen("tax_amount"), fen("total"))
    {
        let totals = InvoiceTotals { amount, tax, total };
        findings.extend(check_arithmetic(&[], totals, confident));
    }
    if let (Some(words), Some(total)) = (document.field_text("total_in_words"), fen("total")) {
        findings.extend(check_amount_words(&words, total, confident).findings);
    }
}

/// The invoice states its total three times: as the amount plus the tax, in words, and in
/// figures. When the first two agree and the figures read one digit off (a digit dropped,
/// doubled or misread), the figures were misread: the total is repaired to the agreed
/// value (`OCR_REPAIRED`) instead of two mismatches being raised.
fn repair_total_by_majority(document: &mut DocumentReport) -> Option<Finding> {
    let fen = |key: &str| document.field_text(key).and_then(|t| parse_yuan(&t));
    let (amount, tax, total) = (fen("amount")?, fen("tax_amount")?, fen("total")?);
    let words = parse_words(&document.field_text("total_in_words")?).ok()?;
    let agreed = amount.checked_add(tax)?;
    if words != agreed || total == agreed {
        return None;
    }
    let (read, repaired) = (format_yuan(total), format_yuan(agreed));
    if crate::rules::text::edit_distance(&read, &repaired) != 1 {
        return None;
    }
    document.fields.get_mut("total")?.value = serde_json::Value::String(repaired.clone());
    Some(
        Finding::new(
            FindingCode::OcrRepaired,
            format!("价税合计小写金额识别结果已按合计金额、税额及大写金额更正为 {repaired}"),
            format!("The total in figures was corrected to {repaired}, the value the amount plus tax and the words agree on"),
        )
        .on_field("total")
        .with_detail(format!("read {read}, amount + tax and words say {repaired}")),
    )
}

/// Keeps a check's findings and, when it accepted a (possibly repaired) value, writes that
/// value into the field.
fn apply<T>(
    document: &mut DocumentReport,
    key: &str,
    checked: Checked<T>,
    value: impl Fn(&T) -> String,
    findings: &mut Vec<Finding>,
) {
    if let Some(accepted) = &checked.value
        && let Some(field) = document.fields.get_mut(key)
    {
        field.value = serde_json::Value::String(value(accepted));
    }
    findings.extend(checked.findings);
}

/// Names the document on a finding and, when it is about a field that was read, that
/// field's region.
fn locate(mut finding: Finding, file: &str, document: &DocumentReport) -> Finding {
    finding.document = Some(file.to_string());
    if finding.region.is_none()
        && let Some(FieldValue {
            region: Some(region),
            ..
        }) = finding
            .field
            .as_deref()
            .and_then(|k| document.fields.get(k))
    {
        finding.region = Some(*region);
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FindingCode, Region};

    fn document(doc_type: DocumentType, fields: &[(&str, &str)]) -> DocumentReport {
        let fields: Vec<(&str, serde_json::Value)> = fields
            .iter()
            .map(|(k, v)| (*k, serde_json::json!(v)))
            .collect();
        let region = Region::from([10, 20, 30, 40]);
        DocumentReport::with_fields("a.jpg", doc_type, &fields, Some(region))
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn codes(findings: &[Finding]) -> Vec<FindingCode> {
        findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_misread_credit_code_is_repaired_in_place_and_reported_where_it_is() {
        // RULES §9: 9144O30071526726XG repairs to 9144030071526726XG.
        let mut licence = document(
            DocumentType::BusinessLicense,
            &[("credit_code", "9144O30071526726XG")],
        );
        let findings = validate_document(&mut licence, as_of(), &RulesConfig::default());
        assert_eq!(codes(&findings), [FindingCode::OcrRepaired]);
        assert_eq!(licence.fields["credit_code"].value, "9144030071526726XG");
        assert_eq!(findings[0].document.as_deref(), Some("a.jpg"));
        assert_eq!(findings[0].region.map(|r| r.x), Some(10));
    }

    #[test]
    fn an_expired_licence_term_and_an_old_format_licence_are_found() {
        let mut expired = document(
            DocumentType::BusinessLicense,
            &[
                ("credit_code", "91350100M000100Y43"),
                ("term_start", "2006-01-01"),
                ("term_end", "2026-01-01"),
            ],
        );
        let findings = validate_document(&mut expired, as_of(), &RulesConfig::default());
        assert_eq!(codes(&findings), [FindingCode::LicenseTermExpired]);

        let mut old = document(
            DocumentType::BusinessLicense,
            &[("registration_number", "110108000000016")],
        );
        let findings = validate_document(&mut old, as_of(), &RulesConfig::default());
        assert_eq!(codes(&findings), [FindingCode::LicenseOldFormat]);
    }

    #[test]
    fn invoice_totals_and_words_are_checked_against_the_figures() {
        let fields = [
            ("amount", "2987.18"),
            ("tax_amount", "507.82"),
            ("total", "3495.00"),
            ("total_in_words", "叁仟肆佰玖拾伍圆整"),
        ];
        let mut right = document(DocumentType::VatSpecialInvoice, &fields);
        let findings = validate_document(&mut right, as_of(), &RulesConfig::default());
        assert!(findings.is_empty(), "{findings:?}");

        let mut wrong = document(
            DocumentType::VatSpecialInvoice,
            &[
                ("amount", "2987.18"),
                ("tax_amount", "507.82"),
                ("total", "3596.00"), // two digits off: not taken for a misread
                ("total_in_words", "叁仟肆佰玖拾伍圆整"),
            ],
        );
        let found = codes(&validate_document(
            &mut wrong,
            as_of(),
            &RulesConfig::default(),
        ));
        assert!(
            found.contains(&FindingCode::InvoiceTotalMismatch),
            "{found:?}"
        );
        assert!(
            found.contains(&FindingCode::AmountWordsMismatch),
            "{found:?}"
        );
    }

    #[test]
    fn a_total_in_figures_one_digit_off_the_sum_and_the_words_is_a_misread() {
        let fields = [
            ("amount", "2987.18"),
            ("tax_amount", "507.82"),
            ("total", "34995.00"),
            ("total_in_words", "叁仟肆佰玖拾伍圆整"),
        ];
        let mut misread = document(DocumentType::VatSpecialInvoice, &fields);
        let findings = validate_document(&mut misread, as_of(), &RulesConfig::default());
        assert_eq!(codes(&findings), [FindingCode::OcrRepaired]);
        assert_eq!(misread.fields["total"].value, "3495.00");

        // Words and figures agree against the sum (a changed total): a real mismatch.
        let mut changed = document(
            DocumentType::VatSpecialInvoice,
            &[
                ("amount", "2987.18"),
                ("tax_amount", "507.82"),
                ("total", "3496.00"),
                ("total_in_words", "叁仟肆佰玖拾陆圆整"),
            ],
        );
        let found = codes(&validate_document(
            &mut changed,
            as_of(),
            &RulesConfig::default(),
        ));
        assert_eq!(found, [FindingCode::InvoiceTotalMismatch]);
    }

    #[test]
    fn an_expired_id_card_and_a_birth_date_that_disagrees_with_the_number() {
        let mut back = document(
            DocumentType::IdCardBack,
            &[("valid_from", "2006-01-01"), ("valid_to", "2016-01-01")],
        );
        let found = codes(&validate_document(
            &mut back,
            as_of(),
            &RulesConfig::default(),
        ));
        assert_eq!(found, [FindingCode::IdExpired]);

        let mut front = document(
            DocumentType::IdCardFront,
            &[
                ("id_number", "11010519491231002X"),
                ("birth_date", "1950-12-31"),
                ("sex", "女"),
            ],
        );
        let found = codes(&validate_document(
            &mut front,
            as_of(),
            &RulesConfig::default(),
        ));
        assert_eq!(found, [FindingCode::IdBirthMismatch]);
    }
}
