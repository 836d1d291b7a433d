//! The conditions a 专票 must meet to prove 一般纳税人 status (RULES.md §3.3, §3.4, §4 (c)):
//! a special invoice, not older than the window, at a general taxpayer's rate, not 代开.

use chrono::NaiveDate;

use super::daikai::DaikaiSignal;
use super::rates::TaxRate;
use crate::report::{Finding, FindingCode};
use crate::rules::config::RulesConfig;

/// `GT_PROOF_NOT_SPECIAL` (`REJECT` as proof) unless the invoice is a 专票 (§4 (c)).
pub fn check_proof_is_special(is_special: bool) -> Option<Finding> {
    (!is_special).then(|| {
        Finding::new(
            FindingCode::GtProofNotSpecial,
            "普通发票不能证明一般纳税人资格，请上传增值税专用发票或其他证明",
            "A normal invoice does not prove general-taxpayer status; upload a special invoice or other proof",
        )
        .on_field("invoice_code")
    })
}

/// `GT_PROOF_TOO_OLD` (`REJECT` as proof) when the invoice was issued more than
/// `config.gt_proof_max_age_days` before `as_of` (the boundary day counts when
/// `gt_proof_window_inclusive`); an issue date after `as_of` is `DATE_INVALID` (review).
pub fn check_proof_age(
    issued: NaiveDate,
    as_of: NaiveDate,
    config: &RulesConfig,
) -> Option<Finding> {
    if issued > as_of {
        return Some(
            Finding::new(
                FindingCode::DateInvalid,
                "开票日期晚于提交日期，请核对",
                "The invoice date is after the submission date; check it",
            )
            .on_field("issue_date")
            .with_detail(format!("issued {issued}, as of {as_of}")),
        );
    }
    let age = (as_of - issued).num_days();
    let limit = i64::from(config.gt_proof_max_age_days);
    let too_old = if config.gt_proof_window_inclusive {
        age > limit
    } else {
        age >= limit
    };
    too_old.then(|| {
        Finding::new(
            FindingCode::GtProofTooOld,
            format!("发票开具已超过{limit}天，请上传近{limit}天内开具的增值税专用发票"),
            format!("The invoice is more than {limit} days old; upload a special invoice from the last {limit} days"),
        )
        .on_field("issue_date")
        .with_detail(format!("issued {issued}, {age} days before {as_of}"))
    })
}

/// `GT_PROOF_SMALL_SCALE_RATE` (`REJECT` as proof) unless at least one line carries a
/// general taxpayer's rate (§3.3; 13/9/6% by default); `INVOICE_RATE_UNEXPECTED` (review)
/// for a 免税 line on the 专票 (§3.3 table) or a rate cell that could not be read (`None`).
pub fn check_proof_rates(rates: &[Option<TaxRate>], config: &RulesConfig) -> Vec<Finding> {
    let mut findings = Vec::new();
    let unexpected: Vec<String> = rates
        .iter()
        .enumerate()
        .filter(|(_, rate)| matches!(rate, None | Some(TaxRate::Exempt)))
        .map(|(i, rate)| format!("line {}: {}", i + 1, rate.map_or("unreadable", |_| "免税")))
        .collect();
    if !unexpected.is_empty() {
        findings.push(
            Finding::new(
                FindingCode::InvoiceRateUnexpected,
                "专用发票税率栏无法识别或为免税，请人工核对",
                "A rate cell of the special invoice is unreadable or exempt; check it by hand",
            )
            .on_field("tax_rates")
            .with_detail(unexpected.join("; ")),
        );
    }
    let accepted = &config.gt_accepted_rates_percent;
    let general = rates
        .iter()
        .flatten()
        .any(|rate| rate.is_general_rate(accepted));
    let readable = rates.iter().any(Option::is_some);
    if readable && !general {
        findings.push(
            Finding::new(
                FindingCode::GtProofSmallScaleRate,
                "发票税率均为征收率或免税，不能证明一般纳税人资格，请提供其他证明",
                "No line carries a general taxpayer's rate (13/9/6%); the invoice does not prove general-taxpayer status",
            )
            .on_field("tax_rates")
            .with_detail(format!("rates {rates:?}, accepted {accepted:?}%")),
        );
    }
    findings
}

/// `GT_PROOF_DAIKAI` (severity [`RulesConfig::gt_proof_daikai`], `REJECT` as proof by
/// default) when any 代开 signal was found (§3.4).
pub fn check_proof_daikai(signals: &[DaikaiSignal], config: &RulesConfig) -> Option<Finding> {
    (!signals.is_empty()).then(|| {
        Finding::new(
            FindingCode::GtProofDaikai,
            "该发票为税务机关代开，不能证明一般纳税人资格",
            "The invoice was issued by the tax authority on the seller's behalf and does not prove general-taxpayer status",
        )
        .on_field("remarks")
        .with_detail(format!("signals {signals:?}"))
        .with_severity(config.gt_proof_daikai)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn special_only() {
        assert_eq!(check_proof_is_special(true), None);
        let normal = check_proof_is_special(false).unwrap();
        assert_eq!(
            (normal.code, normal.severity),
            (FindingCode::GtProofNotSpecial, Severity::Reject)
        );
    }

    #[test]
    fn ninety_day_window_inclusive_by_default() {
        let config = RulesConfig::default();
        let as_of = date(2025, 6, 1);
        assert_eq!(check_proof_age(date(2025, 3, 3), as_of, &config), None); // 90 days
        assert_eq!(check_proof_age(as_of, as_of, &config), None);
        let old = check_proof_age(date(2025, 3, 2), as_of, &config).unwrap(); // 91 days
        assert_eq!(
            (old.code, old.severity),
            (FindingCode::GtProofTooOld, Severity::Reject)
        );
        let exclusive = RulesConfig {
            gt_proof_window_inclusive: false,
            ..RulesConfig::default()
        };
        assert!(check_proof_age(date(2025, 3, 3), as_of, &exclusive).is_some());
        let future = check_proof_age(date(2025, 6, 2), as_of, &config).unwrap();
        assert_eq!(future.code, FindingCode::DateInvalid);
    }

    #[test]
    fn rates_as_proof() {
        let config = RulesConfig::default();
        let codes = |rates: &[Option<TaxRate>]| -> Vec<FindingCode> {
            check_proof_rates(rates, &config)
                .iter()
                .map(|f| f.code)
                .collect()
        };
        let p = |bp| Some(TaxRate::Percent(bp));
        assert!(codes(&[p(1300)]).is_empty());
        assert!(codes(&[p(300), p(600)]).is_empty());
        assert_eq!(codes(&[p(300)]), [FindingCode::GtProofSmallScaleRate]);
        assert_eq!(
            codes(&[p(100), p(50), p(500)]),
            [FindingCode::GtProofSmallScaleRate]
        );
        assert_eq!(codes(&[p(1700)]), [FindingCode::GtProofSmallScaleRate]);
        assert_eq!(
            codes(&[Some(TaxRate::Exempt)]),
            [
                FindingCode::InvoiceRateUnexpected,
                FindingCode::GtProofSmallScaleRate
            ]
        );
        assert_eq!(codes(&[None]), [FindingCode::InvoiceRateUnexpected]);
        assert_eq!(codes(&[None, p(900)]), [FindingCode::InvoiceRateUnexpected]);
    }

    #[test]
    fn daikai_as_proof() {
        let config = RulesConfig::default();
        assert_eq!(check_proof_daikai(&[], &config), None);
        let finding = check_proof_daikai(&[DaikaiSignal::RemarkLabel], &config).unwrap();
        assert_eq!(
            (finding.code, finding.severity),
            (FindingCode::GtProofDaikai, Severity::Reject)
        );
    }
}
