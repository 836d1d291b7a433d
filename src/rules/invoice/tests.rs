use super::*;
use crate::report::Severity;
use crate::rules::codes::invoice::InvoiceKind;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn codes<T>(checked: &Checked<T>) -> Vec<FindingCode> {
    checked.findings.iter().map(|f| f.code).collect()
}

#[test]
fn titles() {
    assert_eq!(title_is_special("北京增值税专用发票"), Some(true));
    assert_eq!(title_is_special("电子发票（增值税专用发票）"), Some(true));
    assert_eq!(title_is_special("广东增值税电子普通发票"), Some(false));
    assert_eq!(title_is_special("收据"), None);
}

#[test]
fn code_vectors_of_section_9() {
    let hunan = check_invoice_code("4300171130", Some(true), Some(date(2019, 5, 1)));
    assert!(hunan.is_clean());
    assert_eq!(hunan.value.map(|c| c.kind), Some(InvoiceKind::Special));
    let guangdong = check_invoice_code("044001500111", Some(false), None);
    assert!(guangdong.is_clean());
    let electronic = check_invoice_code("0 4400 1500 113", Some(true), None);
    assert!(electronic.is_clean());
}

#[test]
fn title_conflicts_with_the_code() {
    let normal_code = check_invoice_code("4300171330", Some(true), None);
    assert_eq!(codes(&normal_code), [FindingCode::InvoiceTypeConflict]);
    assert_eq!(normal_code.findings[0].severity, Severity::NeedsReview);
    let special_code = check_invoice_code("4300171130", Some(false), None);
    assert_eq!(codes(&special_code), [FindingCode::InvoiceTypeConflict]);
    assert!(check_invoice_code("4300171330", None, None).is_clean());
}

#[test]
fn code_structure_and_year() {
    let future = check_invoice_code("4300251130", None, Some(date(2024, 12, 31)));
    assert_eq!(codes(&future), [FindingCode::InvoiceCodeFormat]);
    let bad = check_invoice_code("4301171130", None, None);
    assert_eq!(
        (bad.value.is_none(), codes(&bad)),
        (true, vec![FindingCode::InvoiceCodeFormat])
    );
}

#[test]
fn invoice_numbers() {
    let config = RulesConfig::default();
    let as_of = date(2025, 6, 1);
    assert_eq!(
        check_invoice_number("No 12345678", as_of, &config)
            .value
            .as_deref(),
        Some("12345678")
    );
    let digital = check_invoice_number("24322000000338897678", as_of, &config);
    assert!(digital.is_clean());
    let unknown_region = check_invoice_number("24992000000338897678", as_of, &config);
    assert_eq!(codes(&unknown_region), [FindingCode::InvoiceCodeFormat]);
    assert_eq!(
        unknown_region.findings[0].severity,
        Severity::PassWithWarning
    );
    assert!(unknown_region.value.is_some());
    let future = check_invoice_number("26322000000338897678", as_of, &config);
    assert_eq!(
        (future.value, future.findings[0].severity),
        (None, Severity::NeedsReview)
    );
    assert_eq!(
        codes(&check_invoice_number("1234567", as_of, &config)),
        [FindingCode::InvoiceCodeFormat]
    );
}

#[test]
fn seller_tax_id() {
    let licence = Some("91330100716105852F");
    assert!(check_seller_tax_id("91330100716105852F", licence).is_clean());
    let repaired = check_seller_tax_id("91330100716105B52F", licence);
    assert_eq!(repaired.value.as_deref(), Some("91330100716105852F"));
    assert_eq!(codes(&repaired), [FindingCode::OcrRepaired]);
    let other = check_seller_tax_id("9144030071526726XG", licence);
    assert_eq!(codes(&other), [FindingCode::InvoiceSellerIdMismatch]);
    assert_eq!(other.findings[0].severity, Severity::Reject);
    let legacy = check_seller_tax_id("11010871526726X", licence);
    assert_eq!(codes(&legacy), [FindingCode::TaxpayerIdFormat]);
    assert_eq!(legacy.findings[0].severity, Severity::NeedsReview);
    let broken = check_seller_tax_id("91310115MA1H8R7C6D", licence);
    assert_eq!(codes(&broken), [FindingCode::ChecksumFail]);
    assert!(check_seller_tax_id("91330100716105852F", None).is_clean());
    // An invalid read one or two characters off the licence's code is that code misread:
    // a dropped character, a dropped and a changed one.
    for misread in ["9133010071610585F", "9133010071G10585F"] {
        let near = check_seller_tax_id(misread, licence);
        assert_eq!(near.value.as_deref(), licence, "{misread}");
        assert_eq!(codes(&near), [FindingCode::OcrRepaired], "{misread}");
        assert_eq!(near.findings[0].severity, Severity::PassWithWarning);
    }
    // Three edits away, or a valid code of another company, is not.
    let far = check_seller_tax_id("913301007161G58F", licence);
    assert_ne!(codes(&far), [FindingCode::OcrRepaired]);
}
