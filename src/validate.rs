//! Applies RULES.md to the fields read from one document: check characters and their
//! single-substitution OCR repair, formats, dates against the as-of date, invoice
//! arithmetic and money in words. A repaired value replaces the one read; every finding
//! names its document, its field and, where the field was read, its region.

use chrono::NaiveDate;

use crate::report::FindingCode;
use crate::report::{DocumentReport, DocumentType, FieldValue, Finding};
use crate::rules::dates::parse_date;
use crate::rules::identity::PrintedIdFields;
use crate::rules::invoice::arithmetic::{
    CUMULATIVE_TAX_TOLERANCE_FEN, InvoiceTotals, check_amount_words, check_arithmetic,
    expected_tax, words_say, words_with_jiao_put_back,
};
use crate::rules::invoice::rates::{TaxRate, read_rates};
use crate::rules::money::{format_yuan, parse_words, parse_yuan};
use crate::rules::text::merged_repeat;
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
    findings.extend(repair_parts_by_majority(document));
    findings.extend(derive_unread_part(document));
    put_back_dropped_jiao(document);
    let fen = |key: &str| document.field_text(key).and_then(|t| parse_yuan(&t));
    let sure = |keys: &[&str]| {
        keys.iter()
            .filter_map(|k| document.fields.get(*k))
            .all(|f| config.is_confident(f.confidence))
    };
    let merged = figure_merged_a_repeat(document);
    let figures_read_surely = sure(&["amount", "tax_amount", "total"]);
    let figures = (fen("amount"), fen("tax_amount"), fen("total"));
    if let (Some(amount), Some(tax), Some(total)) = figures {
        let totals = InvoiceTotals { amount, tax, total };
        let confident = figures_read_surely && !merged;
        findings.extend(check_arithmetic(&[], totals, confident));
    }
    if let (Some(words), Some(total)) = (document.field_text("total_in_words"), fen("total")) {
        // The words are compared with the total, and a total the amount and the tax add up
        // to is vouched for by them, however unsurely any of the three was read (blind seed
        // 3737: words a digit off a total its parts confirm, held for the amount's 0.84).
        let vouched = matches!(figures, (Some(amount), Some(tax), _) if amount.checked_add(tax) == Some(total));
        let figures_sure = vouched || figures_read_surely;
        let confident = sure(&["total_in_words"]) && figures_sure && !merged;
        findings.extend(check_amount_words(&words, total, confident).findings);
    }
}

/// Whether one of the 合计 amount, the 合计 tax and the total in figures reads as what the
/// other two make it but for one of a doubled digit merged ([`merged_repeat`]: `1569.41`
/// for `11569.41`): the recogniser's commonest slip on figures, which its confidence does
/// not show. A mismatch it explains is a reading to check, not an invoice to reject.
fn figure_merged_a_repeat(document: &DocumentReport) -> bool {
    let fen = |key: &str| document.field_text(key).and_then(|t| parse_yuan(&t));
    let (Some(amount), Some(tax), Some(total)) = (fen("amount"), fen("tax_amount"), fen("total"))
    else {
        return false;
    };
    [
        (amount, total - tax),
        (tax, total - amount),
        (total, amount + tax),
    ]
    .into_iter()
    .any(|(read, made)| merged_repeat(&format_yuan(read), &format_yuan(made)))
}

/// The total in words as printed when the recogniser dropped its small `角` and the words
/// say the total in figures once it is put back: two reads that agree (the words check
/// accepts them either way; the field then shows what the invoice says).
fn put_back_dropped_jiao(document: &mut DocumentReport) {
    let total = document.field_text("total").and_then(|t| parse_yuan(&t));
    let words = document.field_text("total_in_words");
    let restored = words
        .zip(total)
        .and_then(|(words, total)| words_with_jiao_put_back(&words, total));
    if let (Some(restored), Some(field)) = (restored, document.fields.get_mut("total_in_words")) {
        field.value = serde_json::Value::String(restored);
    }
}

/// The invoice states its total three times: as the amount plus the tax, in words, and in
/// figures. When the first two agree and the figures read one digit off (a digit dropped,
/// doubled or misread, or a run of one digit read short), the figures were misread: the
/// total is repaired to the agreed value (`OCR_REPAIRED`) instead of two mismatches being
/// raised.
fn repair_total_by_majority(document: &mut DocumentReport) -> Option<Finding> {
    let fen = |key: &str| document.field_text(key).and_then(|t| parse_yuan(&t));
    let (amount, tax, total) = (fen("amount")?, fen("tax_amount")?, fen("total")?);
    let words = document.field_text("total_in_words")?;
    let agreed = amount.checked_add(tax)?;
    if !words_say(&words, agreed) || total == agreed {
        return None;
    }
    let (read, repaired) = (format_yuan(total), format_yuan(agreed));
    let slip =
        crate::rules::text::edit_distance(&read, &repaired) == 1 || is_slip(&read, &repaired);
    if !slip {
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

/// Most characters OCR may drop from runs of one repeated digit in a figure (`7777.29`
/// read `77.29`): a CTC decoder merges a repeated character when it misses the gap between
/// the two, and long runs lose more than one.
const MAX_DROPPED_REPEATS: usize = 2;

/// When the total in figures and in words agree, but the amount plus the tax does not make
/// it, and putting back digits OCR dropped (or taking out one it added) in the amount, the
/// tax or both makes the sum right (`37330.59` read `3730.59`), they were misread: they
/// are repaired (`OCR_REPAIRED`). Of several such readings the one that changes fewest
/// figures is taken, and none when two tie. A changed digit is not taken for a
/// misread here: a figure that differs by a digit's value is what an altered invoice
/// looks like. The total in figures may have slipped too (`39118.45` read `3118.45`
/// beside a tax `4431.10` read `443.10`): when the words are the figures with a digit put
/// back, the parts are fitted to the words and the total is repaired with them.
fn repair_parts_by_majority(document: &mut DocumentReport) -> Vec<Finding> {
    let fen = |key: &str| document.field_text(key).and_then(|t| parse_yuan(&t));
    let (Some(amount), Some(tax), Some(read_total)) =
        (fen("amount"), fen("tax_amount"), fen("total"))
    else {
        return Vec::new();
    };
    let Some(words) = document.field_text("total_in_words") else {
        return Vec::new();
    };
    let total = if words_say(&words, read_total) {
        read_total
    } else {
        match parse_words(&words) {
            Ok(said) if is_slip(&format_yuan(read_total), &format_yuan(said)) => said,
            _ => return Vec::new(),
        }
    };
    if amount.checked_add(tax) == Some(total) {
        return Vec::new();
    }
    // Every reading of the pair that makes the total (and, on a one-rate invoice, whose tax
    // is the amount at that rate), with how many of the two slipped; the one that needs
    // fewest slips wins, if it is the only one.
    let tax_slips = slip_variants(&format_yuan(tax));
    let rate = single_rate(document);
    let mut fits: Vec<(usize, i64, i64)> = std::iter::once(amount)
        .chain(slip_variants(&format_yuan(amount)))
        .map(|a| (a, total - a))
        .filter(|&(_, t)| t == tax || tax_slips.binary_search(&t).is_ok())
        .filter(|&(a, t)| {
            rate.is_none_or(|rate| {
                (t - expected_tax(a, rate)).abs() <= CUMULATIVE_TAX_TOLERANCE_FEN
            })
        })
        .map(|(a, t)| (usize::from(a != amount) + usize::from(t != tax), a, t))
        .collect();
    fits.sort_unstable();
    let (new_amount, new_tax) = match fits.as_slice() {
        [(_, a, t)] => (*a, *t),
        [(fewest, a, t), (next, ..), ..] if fewest < next => (*a, *t),
        _ => return Vec::new(),
    };
    [
        ("amount", "合计金额", amount, new_amount),
        ("tax_amount", "合计税额", tax, new_tax),
        ("total", "价税合计小写金额", read_total, total),
    ]
    .into_iter()
    .filter(|(_, _, read, repaired)| read != repaired)
    .filter_map(|(key, label_zh, read, repaired)| {
        let (read, repaired) = (format_yuan(read), format_yuan(repaired));
        document.fields.get_mut(key)?.value = serde_json::Value::String(repaired.clone());
        Some(
            Finding::new(
                FindingCode::OcrRepaired,
                format!("{label_zh}识别结果已按价税合计（大写金额及各项之和）更正为 {repaired}"),
                format!(
                    "The {key} was corrected to {repaired}: the total in words and the sum of the parts agree on it"
                ),
            )
            .on_field(key)
            .with_detail(format!("read {read}, the totals say {repaired}")),
        )
    })
    .collect()
}

/// When one of the amount and the tax was not read (or read as the total itself), the
/// total in figures and in words
/// agree, and the lines were all read with one rate, the missing one is the total less the
/// other, if the tax is then the amount at that rate (within the 1.27 yuan the invoicing
/// software allows over all lines): three readings vouch for it. It is filled in
/// (`OCR_REPAIRED`), so the checks that need it run.
fn derive_unread_part(document: &mut DocumentReport) -> Option<Finding> {
    let fen = |key: &str| document.field_text(key).and_then(|t| parse_yuan(&t));
    let total = fen("total")?;
    let words = document.field_text("total_in_words")?;
    let rate = single_rate(document)?;
    if !words_say(&words, total) {
        return None;
    }
    if let (Some(amount), Some(tax)) = (fen("amount"), fen("tax_amount"))
        && amount.checked_add(tax) == Some(total)
    {
        return None;
    }
    // A part read as the total itself (the sum failing) is the grand total's figure taken
    // into the 合计 row, as good as unread.
    let part = |key: &str| fen(key).filter(|&v| v != total);
    let (key, label_zh, amount, tax) = match (part("amount"), part("tax_amount")) {
        (None, Some(tax)) => ("amount", "合计金额", total - tax, tax),
        (Some(amount), None) => ("tax_amount", "合计税额", amount, total - amount),
        _ => return None,
    };
    if amount < 0
        || tax < 0
        || (tax - expected_tax(amount, rate)).abs() > CUMULATIVE_TAX_TOLERANCE_FEN
    {
        return None;
    }
    let derived = format_yuan(if key == "amount" { amount } else { tax });
    let confidence = ["total", "total_in_words", "tax_rates"]
        .iter()
        .filter_map(|k| document.fields.get(*k).map(|f| f.confidence))
        .fold(1.0f32, f32::min);
    document.fields.insert(
        key.to_string(),
        FieldValue {
            value: serde_json::Value::String(derived.clone()),
            confidence,
            region: None,
        },
    );
    Some(
        Finding::new(
            FindingCode::OcrRepaired,
            format!("{label_zh}未能识别，已按价税合计（大写与小写一致）及税率推算为 {derived}"),
            format!(
                "The {key} could not be read; it was taken as {derived}, what the total in figures and words and the tax rate make it"
            ),
        )
        .on_field(key)
        .with_detail(format!("derived {derived} from the total and the rate")),
    )
}

/// The one rate all of an invoice's lines were read with, if they were all read alike.
fn single_rate(document: &DocumentReport) -> Option<TaxRate> {
    let rates = read_rates(document);
    let first = (*rates.first()?)?;
    rates.iter().all(|r| *r == Some(first)).then_some(first)
}

/// Whether `read` is `intended` with a digit dropped or added (see [`slip_variants`]).
fn is_slip(read: &str, intended: &str) -> bool {
    parse_yuan(intended).is_some_and(|fen| slip_variants(read).contains(&fen))
}

/// The amounts a figure read as `read` (`^\d+\.\d{2}$`) may have been printed as, if OCR
/// dropped one digit, added one, or dropped up to [`MAX_DROPPED_REPEATS`] from one run of
/// a repeated digit; each still a well-formed figure.
fn slip_variants(read: &str) -> Vec<i64> {
    let chars: Vec<char> = read.chars().collect();
    let mut texts: Vec<String> = Vec::new();
    for at in 0..chars.len() {
        if chars[at].is_ascii_digit() {
            let mut dropped = chars.clone();
            dropped.remove(at);
            texts.push(dropped.into_iter().collect());
        }
    }
    for at in 0..=chars.len() {
        for digit in '0'..='9' {
            let mut added = chars.clone();
            added.insert(at, digit);
            texts.push(added.into_iter().collect());
        }
    }
    for at in 0..chars.len() {
        if chars[at].is_ascii_digit() {
            let mut lengthened = chars.clone();
            for _ in 0..MAX_DROPPED_REPEATS {
                lengthened.insert(at, chars[at]);
            }
            texts.push(lengthened.into_iter().collect());
        }
    }
    let mut variants: Vec<i64> = texts
        .iter()
        .filter(|text| is_plain_figure(text) && text.as_str() != read)
        .filter_map(|text| parse_yuan(text))
        .collect();
    variants.sort_unstable();
    variants.dedup();
    variants
}

/// `^(0|[1-9]\d*)\.\d{2}$`: how an invoice prints an amount.
fn is_plain_figure(text: &str) -> bool {
    let Some((yuan, fen)) = text.split_once('.') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(yuan) && digits(fen) && fen.len() == 2 && (yuan == "0" || !yuan.starts_with('0'))
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

    /// A 专票 with `fields`, validated: the codes found and the invoice as repaired.
    fn validated_invoice(fields: &[(&str, &str)]) -> (Vec<FindingCode>, DocumentReport) {
        validated(document(DocumentType::VatSpecialInvoice, fields))
    }

    fn validated(mut document: DocumentReport) -> (Vec<FindingCode>, DocumentReport) {
        let findings = validate_document(&mut document, as_of(), &RulesConfig::default());
        (codes(&findings), document)
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
    fn words_that_lost_a_jiao_show_it_again_when_they_then_say_the_figures() {
        let invoice = |words: &str, total: &str| {
            let fields = [
                ("amount", "94719.74"),
                ("tax_amount", "8.00"),
                ("total", total),
                ("total_in_words", words),
            ];
            validated_invoice(&fields)
        };
        // …柒角肆分 read 柒肆分, and …陆角 read …陆: put back, no finding.
        let (codes, fixed) = invoice("玖万肆仟柒佰贰拾柒圆柒肆分", "94727.74");
        assert_eq!(codes, []);
        assert_eq!(
            fixed.fields["total_in_words"].value,
            "玖万肆仟柒佰贰拾柒圆柒角肆分"
        );
        let (_, fixed) = invoice("伍万零壹佰陆拾伍圆陆", "50165.60");
        assert_eq!(
            fixed.fields["total_in_words"].value,
            "伍万零壹佰陆拾伍圆陆角"
        );
        // Put back, the words would say another amount: they stay as read.
        let (codes, fixed) = validated_invoice(&[
            ("amount", "94719.75"),
            ("tax_amount", "8.00"),
            ("total", "94727.75"),
            ("total_in_words", "玖万肆仟柒佰贰拾柒圆柒肆分"),
        ]);
        assert!(
            codes.contains(&FindingCode::AmountWordsUnparseable),
            "{codes:?}"
        );
        assert_eq!(
            fixed.fields["total_in_words"].value,
            "玖万肆仟柒佰贰拾柒圆柒肆分"
        );
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
    fn words_off_a_total_its_parts_add_up_to_are_rejected_however_unsurely_a_part_was_read() {
        let severity = |amount: &str, confidence: f32| {
            let mut invoice = document(
                DocumentType::VatSpecialInvoice,
                &[
                    ("amount", amount),
                    ("tax_amount", "5170.31"),
                    ("total", "44941.91"),
                    ("total_in_words", "肆万伍仟壹佰捌拾壹圆零壹分"),
                ],
            );
            invoice.fields.get_mut("amount").unwrap().confidence = confidence;
            validate_document(&mut invoice, as_of(), &RulesConfig::default())
                .into_iter()
                .find(|f| f.code == FindingCode::AmountWordsMismatch)
                .map(|f| f.severity)
        };
        // 39771.60 + 5170.31 = 44941.91: the total is vouched for, the words say 45181.01.
        assert_eq!(
            severity("39771.60", 0.84),
            Some(crate::report::Severity::Reject)
        );
        // The parts do not add up: an unsure part leaves the mismatch to a reviewer.
        assert_eq!(
            severity("39771.00", 0.84),
            Some(crate::report::Severity::NeedsReview)
        );
        assert_eq!(
            severity("39771.00", 0.99),
            Some(crate::report::Severity::Reject)
        );
    }

    #[test]
    fn a_total_in_figures_one_digit_off_the_sum_and_the_words_is_a_misread() {
        let (found, misread) = validated_invoice(&[
            ("amount", "2987.18"),
            ("tax_amount", "507.82"),
            ("total", "34995.00"),
            ("total_in_words", "叁仟肆佰玖拾伍圆整"),
        ]);
        assert_eq!(found, [FindingCode::OcrRepaired]);
        assert_eq!(misread.fields["total"].value, "3495.00");

        // Words and figures agree against the sum, and the tax is one changed digit from
        // making it: what an altered invoice shows, a real mismatch, nothing repaired.
        let (found, changed) = validated_invoice(&[
            ("amount", "2987.18"),
            ("tax_amount", "507.82"),
            ("total", "3496.00"),
            ("total_in_words", "叁仟肆佰玖拾陆圆整"),
        ]);
        assert_eq!(found, [FindingCode::InvoiceTotalMismatch]);
        assert_eq!(changed.fields["tax_amount"].value, "507.82");
    }

    #[test]
    fn an_amount_or_tax_with_a_digit_dropped_is_repaired_from_the_agreeing_totals() {
        // 37330.59 + 4852.98 = 42183.57, said in figures and in words; `33` read as `3`.
        let (found, misread) = validated_invoice(&[
            ("amount", "3730.59"),
            ("tax_amount", "4852.98"),
            ("total", "42183.57"),
            ("total_in_words", "肆万贰仟壹佰捌拾叁圆伍角柒分"),
        ]);
        assert_eq!(found, [FindingCode::OcrRepaired]);
        assert_eq!(misread.fields["amount"].value, "37330.59");

        // 2 of a run of four dropped from the tax: 60000.00 + 7777.29 = 67777.29; the
        // words also when read without their small 角 (`贰玖分`).
        for words in ["陆万柒仟柒佰柒拾柒圆贰角玖分", "陆万柒仟柒佰柒拾柒圆贰玖分"]
        {
            let (found, run) = validated_invoice(&[
                ("amount", "60000.00"),
                ("tax_amount", "77.29"),
                ("total", "67777.29"),
                ("total_in_words", words),
            ]);
            assert_eq!(found, [FindingCode::OcrRepaired], "{words}");
            assert_eq!(run.fields["tax_amount"].value, "7777.29");
        }
    }

    #[test]
    fn a_total_off_the_sum_by_what_no_slip_explains_stays_a_mismatch() {
        let (found, _) = validated_invoice(&[
            ("amount", "60878.54"),
            ("tax_amount", "3652.72"),
            ("total", "64950.58"),
            ("total_in_words", "陆万肆仟玖佰伍拾圆伍角捌分"),
        ]);
        assert_eq!(found, [FindingCode::InvoiceTotalMismatch]);
    }

    #[test]
    fn an_unread_amount_is_derived_only_when_the_total_and_the_rate_vouch_for_it() {
        // 44422.53 at 6% is 2665.35; 47087.88 in figures and in words.
        let with_rates = |rates: Option<&str>| {
            let mut invoice = document(
                DocumentType::VatSpecialInvoice,
                &[
                    ("tax_amount", "2665.35"),
                    ("total", "47087.88"),
                    ("total_in_words", "肆万柒仟零捌拾柒圆捌角捌分"),
                ],
            );
            if let Some(rate) = rates {
                invoice.fields.insert("tax_rates".into(), rates_field(rate));
            }
            validated(invoice)
        };
        let (found, invoice) = with_rates(Some("6%"));
        assert_eq!(found, [FindingCode::OcrRepaired]);
        assert_eq!(invoice.fields["amount"].value, "44422.53");

        // At 13% the tax would be 5774.93: the pieces do not fit, nothing is filled in.
        let (found, wrong_rate) = with_rates(Some("13%"));
        assert!(found.is_empty(), "{found:?}");
        assert!(!wrong_rate.fields.contains_key("amount"));

        // Without the rate there is no third witness.
        let (_, no_rate) = with_rates(None);
        assert!(!no_rate.fields.contains_key("amount"));
    }

    #[test]
    fn a_total_that_merged_a_doubled_digit_is_reviewed_not_rejected() {
        // 10240.18 + 1329.23 = 11569.41, read 1569.41; the words lost their 壹分.
        let fields = |total: &'static str| {
            [
                ("amount", "10240.18"),
                ("tax_amount", "1329.23"),
                ("total", total),
                ("total_in_words", "壹万壹仟伍佰陆拾玖圆肆角"),
            ]
        };
        let severities = |total| {
            let mut invoice = document(DocumentType::VatSpecialInvoice, &fields(total));
            validate_document(&mut invoice, as_of(), &RulesConfig::default())
                .into_iter()
                .map(|f| (f.code, f.severity))
                .collect::<Vec<_>>()
        };
        let merged = severities("1569.41");
        assert!(!merged.is_empty());
        assert!(
            merged
                .iter()
                .all(|(_, s)| *s == crate::report::Severity::NeedsReview),
            "{merged:?}"
        );
        // A total off by a digit no slip explains is rejected.
        let changed = severities("12569.41");
        assert!(changed.contains(&(
            FindingCode::InvoiceTotalMismatch,
            crate::report::Severity::Reject
        )));
    }

    #[test]
    fn a_tax_read_as_the_grand_total_is_derived_as_if_unread() {
        // The 合计 row's tax cell took the total's figure: 35648.83 + 37787.76 ≠ 37787.76.
        let mut invoice = document(
            DocumentType::VatSpecialInvoice,
            &[
                ("amount", "35648.83"),
                ("tax_amount", "37787.76"),
                ("total", "37787.76"),
                ("total_in_words", "叁万柒仟柒佰捌拾柒圆柒角陆分"),
            ],
        );
        invoice.fields.insert("tax_rates".into(), rates_field("6%"));
        let (found, invoice) = validated(invoice);
        assert_eq!(found, [FindingCode::OcrRepaired]);
        assert_eq!(invoice.fields["tax_amount"].value, "2138.93");
        // A 0% invoice whose amount is the total adds up: nothing to derive.
        let mut exempt = document(
            DocumentType::VatSpecialInvoice,
            &[
                ("amount", "1000.00"),
                ("tax_amount", "0.00"),
                ("total", "1000.00"),
                ("total_in_words", "壹仟圆整"),
            ],
        );
        exempt.fields.insert("tax_rates".into(), rates_field("0%"));
        let (found, _) = validated(exempt);
        assert!(!found.contains(&FindingCode::OcrRepaired), "{found:?}");
    }

    fn rates_field(rate: &str) -> FieldValue {
        FieldValue {
            value: serde_json::json!([rate]),
            confidence: 0.98,
            region: None,
        }
    }

    #[test]
    fn digit_slips_are_drops_and_additions_not_changes() {
        assert!(is_slip("3730.59", "37330.59"));
        assert!(is_slip("46620.28", "6620.28"));
        assert!(is_slip("660.91", "6610.91"));
        assert!(is_slip("58.82", "5558.82"));
        assert!(!is_slip("507.82", "508.82"));
        assert!(!is_slip("5.82", "5558.82"));
        assert!(!is_slip("12.00", "1200.00"));
        assert!(!is_slip("12.00", "012.00"));
    }

    #[test]
    fn an_amount_and_a_tax_both_with_a_digit_dropped_are_repaired_together() {
        // 111316.82 + 14471.18 = 125788.00; each read with one `1` or `4` short.
        let both = document(
            DocumentType::VatSpecialInvoice,
            &[
                ("amount", "11316.82"),
                ("tax_amount", "1471.18"),
                ("total", "125788.00"),
                ("total_in_words", "壹拾贰万伍仟柒佰捌拾捌圆整"),
            ],
        );
        // Without the rate, a digit put back at the same place in both fits six ways.
        let (found, _) = validated(both.clone());
        assert_eq!(found, [FindingCode::InvoiceTotalMismatch]);
        // The lines' one rate, 13%, picks the reading whose tax is 13% of its amount.
        let mut with_rate = both;
        with_rate
            .fields
            .insert("tax_rates".into(), rates_field("13%"));
        let (found, repaired) = validated(with_rate);
        assert_eq!(found, [FindingCode::OcrRepaired, FindingCode::OcrRepaired]);
        assert_eq!(repaired.fields["amount"].value, "111316.82");
        assert_eq!(repaired.fields["tax_amount"].value, "14471.18");
    }

    #[test]
    fn a_total_and_a_tax_both_with_a_digit_dropped_are_repaired_from_the_words() {
        // 34618.10 + 4500.35 (13%) = 39118.45; the tax read `450.35`, the total `3118.45`.
        let invoice = |total: &str| {
            let mut invoice = document(
                DocumentType::VatSpecialInvoice,
                &[
                    ("amount", "34618.10"),
                    ("tax_amount", "450.35"),
                    ("total", total),
                    ("total_in_words", "叁万玖仟壹佰壹拾捌圆肆角伍分"),
                ],
            );
            invoice
                .fields
                .insert("tax_rates".into(), rates_field("13%"));
            invoice
        };
        let (found, repaired) = validated(invoice("3118.45"));
        assert_eq!(found, [FindingCode::OcrRepaired, FindingCode::OcrRepaired]);
        assert_eq!(repaired.fields["tax_amount"].value, "4500.35");
        assert_eq!(repaired.fields["total"].value, "39118.45");
        // A total one digit changed, not dropped, is what an altered invoice looks like.
        let (found, repaired) = validated(invoice("38118.45"));
        assert!(!found.contains(&FindingCode::OcrRepaired), "{found:?}");
        assert_eq!(repaired.fields["total"].value, "38118.45");
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
