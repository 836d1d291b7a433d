use super::*;
use crate::rules::money::format_words;

fn line(amount: i64, rate_bp: u32, tax: i64) -> InvoiceLine {
    InvoiceLine {
        amount,
        rate: TaxRate::Percent(rate_bp),
        tax: Some(tax),
        quantity: None,
        unit_price: None,
    }
}

fn codes(findings: &[Finding]) -> Vec<FindingCode> {
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn worked_example_of_3_2() {
    // 10000.00 at 13%, tax 1300.00, total 11300.00 = 壹万壹仟叁佰圆整.
    let lines = [line(1_000_000, 1300, 130_000)];
    let totals = InvoiceTotals {
        amount: 1_000_000,
        tax: 130_000,
        total: 1_130_000,
    };
    assert!(check_arithmetic(&lines, totals, true).is_empty());
    let words = check_amount_words("壹万壹仟叁佰圆整", totals.total, true);
    assert_eq!(words.value, Some(1_130_000));
    assert!(words.is_clean());
}

#[test]
fn totals_must_add_up_exactly() {
    let totals = InvoiceTotals {
        amount: 1_000_000,
        tax: 130_000,
        total: 1_130_001,
    };
    let findings = check_arithmetic(&[], totals, true);
    assert_eq!(codes(&findings), [FindingCode::InvoiceTotalMismatch]);
    assert_eq!(findings[0].severity, Severity::Reject);
    assert_eq!(findings[0].field.as_deref(), Some("total"));
    let unsure = check_arithmetic(&[], totals, false);
    assert_eq!(unsure[0].severity, Severity::NeedsReview);
}

#[test]
fn line_sums_must_match_the_totals_row() {
    let lines = [line(600_000, 1300, 78_000), line(400_000, 1300, 52_000)];
    let totals = InvoiceTotals {
        amount: 1_000_100,
        tax: 130_000,
        total: 1_130_100,
    };
    let findings = check_arithmetic(&lines, totals, true);
    assert_eq!(codes(&findings), [FindingCode::InvoiceTotalMismatch]);
    assert_eq!(findings[0].field.as_deref(), Some("amount"));
}

#[test]
fn line_tax_tolerance() {
    // 0.06 off passes; 0.07 off does not.
    let ok = [line(1_000_000, 1300, 130_006)];
    let totals = InvoiceTotals {
        amount: 1_000_000,
        tax: 130_006,
        total: 1_130_006,
    };
    assert!(check_arithmetic(&ok, totals, true).is_empty());
    let off = [line(1_000_000, 1300, 130_007)];
    let totals = InvoiceTotals {
        amount: 1_000_000,
        tax: 130_007,
        total: 1_130_007,
    };
    let findings = check_arithmetic(&off, totals, true);
    assert_eq!(codes(&findings), [FindingCode::InvoiceLineTaxTolerance]);
    assert_eq!(findings[0].severity, Severity::NeedsReview);
}

#[test]
fn cumulative_tax_tolerance() {
    // 22 lines each 0.06 over: every line passes, the sum (1.32) does not.
    let lines: Vec<InvoiceLine> = (0..22).map(|_| line(10_000, 1300, 1_306)).collect();
    let totals = InvoiceTotals {
        amount: 220_000,
        tax: 22 * 1_306,
        total: 220_000 + 22 * 1_306,
    };
    let findings = check_arithmetic(&lines, totals, true);
    assert_eq!(codes(&findings), [FindingCode::InvoiceLineTaxTolerance]);
    assert!(
        findings[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("cumulative")
    );
}

#[test]
fn exempt_lines_count_as_zero_tax() {
    let exempt = InvoiceLine {
        rate: TaxRate::Exempt,
        tax: None,
        ..line(50_000, 0, 0)
    };
    let totals = InvoiceTotals {
        amount: 50_000,
        tax: 0,
        total: 50_000,
    };
    assert!(check_arithmetic(&[exempt], totals, true).is_empty());
}

#[test]
fn rounding_is_half_away_from_zero() {
    // 0.50 × 13% = 0.065 → 0.07; 0.5% of 1.00 = 0.005 → 0.01; negatives mirror.
    assert_eq!(expected_tax(50, TaxRate::Percent(1300)), 7);
    assert_eq!(expected_tax(100, TaxRate::Percent(50)), 1);
    assert_eq!(expected_tax(-50, TaxRate::Percent(1300)), -7);
    assert_eq!(expected_tax(1_000_000, TaxRate::Exempt), 0);
}

#[test]
fn quantity_times_price() {
    let priced = |quantity: &str, price: &str, amount| InvoiceLine {
        quantity: Some(quantity.into()),
        unit_price: Some(price.into()),
        ..line(amount, 1300, expected_tax(amount, TaxRate::Percent(1300)))
    };
    let check = |l: InvoiceLine| {
        let tax = l.tax.unwrap();
        let totals = InvoiceTotals {
            amount: l.amount,
            tax,
            total: l.amount + tax,
        };
        codes(&check_arithmetic(&[l], totals, true))
    };
    // 3 × 8.849557522 = 26.548672566 → 26.55 is within 0.01.
    assert!(check(priced("3", "8.849557522", 2_655)).is_empty());
    assert!(check(priced("2.5", "4", 1_000)).is_empty());
    assert_eq!(
        check(priced("3", "8.85", 2_660)),
        [FindingCode::InvoiceLinePriceTolerance]
    );
    // An unreadable quantity is not compared.
    assert!(check(priced("三", "8.85", 2_660)).is_empty());
}

/// The §3.1 table: figures → canonical words, each checked against the figures.
const AMOUNTS: [(i64, &str); 17] = [
    (1_130_000, "壹万壹仟叁佰圆整"),
    (140_950, "壹仟肆佰零玖圆伍角"),
    (600_714, "陆仟零柒圆壹角肆分"),
    (1_640_902, "壹万陆仟肆佰零玖圆零贰分"),
    (32_504, "叁佰贰拾伍圆零肆分"),
    (168_032, "壹仟陆佰捌拾圆叁角贰分"),
    (10_700_053, "壹拾万柒仟圆伍角叁分"),
    (101_000, "壹仟零壹拾圆整"),
    (1_000, "壹拾圆整"),
    (10_001_000, "壹拾万零壹拾圆整"),
    (1_000_010_000, "壹仟万零壹佰圆整"),
    (10_000_000_100, "壹亿零壹圆整"),
    (100_001, "壹仟圆零壹分"),
    (50, "伍角"),
    (5, "伍分"),
    (
        99_999_999_999,
        "玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖圆玖角玖分",
    ),
    (-10_000, "(负数)壹佰圆整"),
];

#[test]
fn amounts_table_of_3_1() {
    for (fen, words) in AMOUNTS {
        assert_eq!(format_words(fen), words, "{fen}");
        let checked = check_amount_words(words, fen, true);
        assert_eq!(checked.value, Some(fen), "{words}");
        assert!(checked.is_clean(), "{words}");
    }
    // Accepted alternatives of the table.
    for (words, fen) in [
        ("壹仟陆佰捌拾圆零叁角贰分", 168_032),
        ("壹拾万零柒仟圆伍角叁分", 10_700_053),
        ("零圆伍角", 50),
        ("拾圆整", 1_000),
        ("人民币壹万壹仟叁佰元整", 1_130_000),
    ] {
        assert!(check_amount_words(words, fen, true).is_clean(), "{words}");
    }
}

#[test]
fn words_mismatch_and_unparseable() {
    let mismatch = check_amount_words("壹万壹仟叁佰圆整", 1_130_100, true);
    assert_eq!(
        codes(&mismatch.findings),
        [FindingCode::AmountWordsMismatch]
    );
    assert_eq!(mismatch.findings[0].severity, Severity::Reject);
    let unsure = check_amount_words("壹万壹仟叁佰圆整", 1_130_100, false);
    assert_eq!(unsure.findings[0].severity, Severity::NeedsReview);
    for words in ["壹佰壹仟圆整", "壹贰圆整", "壹分整", "两佰圆整", "壹仟壹佰"]
    {
        let checked = check_amount_words(words, 0, true);
        assert_eq!(checked.value, None, "{words}");
        assert_eq!(
            codes(&checked.findings),
            [FindingCode::AmountWordsUnparseable],
            "{words}"
        );
        assert_eq!(checked.findings[0].severity, Severity::NeedsReview);
    }
}

#[test]
fn a_dropped_jiao_is_restored_only_when_the_figures_confirm_it() {
    // Read on a photo: 捌万贰仟壹佰捌拾陆圆贰捌分 for 捌万贰仟壹佰捌拾陆圆贰角捌分.
    let words = "捌万贰仟壹佰捌拾陆圆贰捌分";
    let agreed = check_amount_words(words, 8_218_628, true);
    assert!(agreed.is_clean(), "{:?}", agreed.findings);
    assert_eq!(agreed.value, Some(8_218_628));
    // The figures say otherwise: still unparseable, never a silent pass.
    let disagreed = check_amount_words(words, 8_218_682, true);
    assert_eq!(
        codes(&disagreed.findings),
        [FindingCode::AmountWordsUnparseable]
    );
    // Two digits anywhere else are not a dropped 角.
    let elsewhere = check_amount_words("壹贰圆整", 1_200, true);
    assert_eq!(
        codes(&elsewhere.findings),
        [FindingCode::AmountWordsUnparseable]
    );
}

#[test]
fn a_dropped_closing_jiao_is_restored_only_when_the_figures_confirm_it() {
    // Read on a scan: 伍万零壹佰陆拾伍圆陆 for 伍万零壹佰陆拾伍圆陆角.
    let words = "伍万零壹佰陆拾伍圆陆";
    let agreed = check_amount_words(words, 5_016_560, true);
    assert!(agreed.is_clean(), "{:?}", agreed.findings);
    assert!(words_say(words, 5_016_560));
    let disagreed = check_amount_words(words, 5_016_506, true);
    assert_eq!(
        codes(&disagreed.findings),
        [FindingCode::AmountWordsUnparseable]
    );
}

#[test]
fn red_letter() {
    assert!(is_red_letter(-10_000, ""));
    assert!(is_red_letter(10_000, "（负数）壹佰圆整"));
    assert!(!is_red_letter(10_000, "壹佰圆整"));
    let finding = check_red_letter(-10_000, "(负数)壹佰圆整").unwrap();
    assert_eq!(
        (finding.code, finding.severity),
        (FindingCode::InvoiceRedLetter, Severity::Reject)
    );
    assert_eq!(check_red_letter(10_000, "壹佰圆整"), None);
}
