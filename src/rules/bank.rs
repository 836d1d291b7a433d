//! Checks of the bank documents' numbers (RULES.md §1.4, §1.5, §2.9, §2.10): the corporate
//! account number's shape, the personal-card heuristic, and the 核准号 / 基本存款账户编号.

use super::checked::Checked;
use super::codes::bank::{self, Hezhun, HezhunError};
use super::codes::normalise;
use super::config::RulesConfig;
use crate::report::{Finding, FindingCode};

/// Field key of REPORT.md for the account number.
const ACCOUNT_NUMBER: &str = "account_number";

/// Checks a corporate account number (§2.9): digits only once spaces and `-` are gone, with
/// a length within the configured [U] bounds (`ACCOUNT_NUMBER_FORMAT`, review), and not a
/// personal bank card (`ACCOUNT_LOOKS_LIKE_PERSONAL_CARD`, review). Never rejects: there is
/// no checksum for corporate accounts.
pub fn check_account_number(raw: &str, config: &RulesConfig) -> Checked<String> {
    let normalised = normalise::code_like(raw);
    let Some(digits) = bank::account_digits(&normalised) else {
        return Checked::failed(account_format(raw, "not digits only"));
    };
    let checked = Checked::ok(digits.to_owned());
    let length = digits.len();
    if !(config.account_min_digits..=config.account_max_digits).contains(&length) {
        let why = format!(
            "{length} digits, outside {}-{}",
            config.account_min_digits, config.account_max_digits
        );
        return checked.with(account_format(raw, &why));
    }
    if bank::looks_like_personal_card(digits) {
        return checked.with(
            Finding::new(
                FindingCode::AccountLooksLikePersonalCard,
                "账号疑似个人银行卡号，请确认为单位基本存款账户",
                "The account number looks like a personal bank card; confirm it is the company's basic deposit account",
            )
            .on_field(ACCOUNT_NUMBER)
            .with_detail(format!("{length} digits, card prefix, passes Luhn")),
        );
    }
    checked
}

fn account_format(raw: &str, why: &str) -> Finding {
    Finding::new(
        FindingCode::AccountNumberFormat,
        "银行账号格式异常，请人工核对",
        "The bank account number has an unusual format; check it by hand",
    )
    .on_field(ACCOUNT_NUMBER)
    .with_detail(format!("read {raw:?}: {why}"))
}

/// Checks a 核准号 (`field` = `approval_number`) or 基本存款账户编号 (`basic_account_number`)
/// (§1.4, §2.10): `^J[0-9]{13}$`; another shape is `HEZHUN_FORMAT` (review); an `L`/`Z`
/// prefix is `HEZHUN_FORMAT` with [`RulesConfig::hezhun_other_prefix`]. The PBOC area list
/// is not available, so the area code is reported but not checked.
pub fn check_hezhun(raw: &str, field: &str, config: &RulesConfig) -> Checked<Hezhun> {
    let code = normalise::code_like(raw);
    let finding = Finding::new(
        FindingCode::HezhunFormat,
        "核准号/基本存款账户编号格式不符（应为J加13位数字），请人工核对",
        "The approval / basic account number is not J followed by 13 digits; check it by hand",
    )
    .on_field(field);
    match bank::parse_hezhun(&code) {
        Ok(hezhun) => Checked::ok(hezhun),
        Err(HezhunError::OtherPrefix(hezhun)) => {
            let detail = format!(
                "{code}: prefix {} is not a basic deposit account",
                hezhun.prefix
            );
            Checked::ok(hezhun).with(
                finding
                    .with_detail(detail)
                    .with_severity(config.hezhun_other_prefix),
            )
        }
        Err(HezhunError::Format) => Checked::failed(finding.with_detail(format!("read {raw:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    fn codes<T>(checked: &Checked<T>) -> Vec<FindingCode> {
        checked.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn corporate_accounts() {
        let config = RulesConfig::default();
        let ok = check_account_number("1202 0211 0990 0123 456", &config);
        assert_eq!(ok.value.as_deref(), Some("1202021109900123456"));
        assert!(ok.is_clean());
        assert!(check_account_number("4510-0201-9263", &config).is_clean());
        let short = check_account_number("1234567", &config);
        assert_eq!(codes(&short), [FindingCode::AccountNumberFormat]);
        assert_eq!(short.findings[0].severity, Severity::NeedsReview);
        let letters = check_account_number("12020211O9900123456", &config);
        assert_eq!(letters.value, None);
        assert_eq!(codes(&letters), [FindingCode::AccountNumberFormat]);
    }

    #[test]
    fn personal_cards_go_to_review() {
        let card = check_account_number("6212 3456 7890 1234 569", &RulesConfig::default());
        assert_eq!(codes(&card), [FindingCode::AccountLooksLikePersonalCard]);
        assert_eq!(card.findings[0].severity, Severity::NeedsReview);
    }

    #[test]
    fn configured_bounds() {
        let config = RulesConfig {
            account_min_digits: 10,
            ..RulesConfig::default()
        };
        let short = check_account_number("123456789", &config);
        assert_eq!(codes(&short), [FindingCode::AccountNumberFormat]);
    }

    #[test]
    fn hezhun() {
        let config = RulesConfig::default();
        let ok = check_hezhun("J2900123456789", "approval_number", &config);
        assert_eq!(ok.value.map(|h| h.area), Some("2900".into()));
        let empty = check_hezhun("", "approval_number", &config);
        assert_eq!(codes(&empty), [FindingCode::HezhunFormat]);
        let temporary = check_hezhun("L2900123456789", "approval_number", &config);
        assert!(temporary.value.is_some());
        assert_eq!(codes(&temporary), [FindingCode::HezhunFormat]);
        assert_eq!(temporary.findings[0].severity, Severity::NeedsReview);
        let short = check_hezhun("J290012345678", "basic_account_number", &config);
        assert_eq!(short.value, None);
        assert_eq!(
            short.findings[0].field.as_deref(),
            Some("basic_account_number")
        );
    }
}
