//! Checks of the business licence's fields (RULES.md §1.1, §2.1–§2.3): the credit code with
//! its OCR repair, embedded organisation code and issuer, the old 注册号 format, the
//! 营业期限 against the as-of date, and dates that must not lie in the future.

use chrono::NaiveDate;

use super::checked::Checked;
use super::codes::repair::Repair;
use super::codes::{normalise, regno, uscc};
use super::config::RulesConfig;
use super::dates::{self, Term, TermEnd};
use crate::report::{Finding, FindingCode};

/// Positions 1–2 expected on a supplier's USCC: 9 (market regulation) + 1 企业, 2 个体工商户,
/// 3 农民专业合作社 (§2.1 policy).
const SUPPLIER_ISSUERS: [&str; 3] = ["91", "92", "93"];

/// Field keys of REPORT.md.
const CREDIT_CODE: &str = "credit_code";
const REGISTRATION_NUMBER: &str = "registration_number";
const TERM_END: &str = "term_end";

/// The `类型` prefix of an individual business (§1.1.4), whose old-format licence is a
/// review, not a rejection (§1.1.1 exception).
const INDIVIDUAL_BUSINESS: &str = "个体工商户";

/// Checks an OCR-ed credit code (§2.1, §2.2, §0.4): normalises it, accepts it, repairs a
/// unique single confusion (`OCR_REPAIRED`), or reports `CHECKSUM_FAIL`; a code whose
/// mod-31 check passes but whose embedded organisation code fails is `USCC_ORGCODE_FAIL`;
/// an issuer other than `91`/`92`/`93` or an unknown province is `USCC_UNEXPECTED_ISSUER`.
pub fn check_credit_code(raw: &str, config: &RulesConfig) -> Checked<String> {
    let code = normalise::code_like(raw);
    let checked = match uscc::validate(&code) {
        Ok(()) => Checked::ok(code),
        Err(uscc::UsccError::OrgCode) => Checked::ok(code.clone()).with(orgcode_fail(&code)),
        Err(error) => match uscc::repair(&code) {
            Repair::Repaired(repaired) => {
                Checked::ok(repaired.clone()).with(ocr_repaired(CREDIT_CODE, raw, &repaired))
            }
            Repair::AlreadyValid => Checked::ok(code),
            Repair::Unrepairable { candidates } => {
                return Checked::failed(checksum_fail(CREDIT_CODE, raw, candidates, &error));
            }
        },
    };
    let issuer = checked
        .value
        .as_deref()
        .and_then(|code| unexpected_issuer(code, config));
    checked.with_opt(issuer)
}

/// `USCC_UNEXPECTED_ISSUER` when positions 1–2 are not a supplier's or positions 3–4 are not
/// a province (or national) code (§2.1 policy; severity from the config, §10.6 [U]).
fn unexpected_issuer(code: &str, config: &RulesConfig) -> Option<Finding> {
    let issuer_ok = SUPPLIER_ISSUERS.iter().any(|p| code.starts_with(p));
    let region_ok = uscc::has_known_region(code);
    if issuer_ok && region_ok {
        return None;
    }
    let detail = if issuer_ok {
        format!("positions 3-4 of {code} are not a province code")
    } else {
        format!("positions 1-2 of {code} are not 91, 92 or 93")
    };
    Some(
        Finding::new(
            FindingCode::UsccUnexpectedIssuer,
            "统一社会信用代码的登记管理部门或机构类别不是企业、个体工商户或农民专业合作社，请人工核对",
            "The credit code was not issued to a company, individual business or cooperative; check it by hand",
        )
        .on_field(CREDIT_CODE)
        .with_detail(detail)
        .with_severity(config.uscc_unexpected_issuer),
    )
}

fn orgcode_fail(code: &str) -> Finding {
    Finding::new(
        FindingCode::UsccOrgcodeFail,
        "统一社会信用代码校验位正确，但其中的组织机构代码校验失败，请人工核对",
        "The credit code's check character is right but its embedded organisation code fails its check; check it by hand",
    )
    .on_field(CREDIT_CODE)
    .with_detail(format!("GB 11714 check fails on {}", &code[8..17]))
}

/// `OCR_REPAIRED`: the value read was corrected to the one valid reading (§0.4).
pub(crate) fn ocr_repaired(field: &str, raw: &str, repaired: &str) -> Finding {
    Finding::new(
        FindingCode::OcrRepaired,
        format!("识别结果已自动更正为 {repaired}"),
        format!("The OCR reading was corrected to {repaired}"),
    )
    .on_field(field)
    .with_detail(format!("read {raw:?}, repaired to {repaired}"))
}

/// `CHECKSUM_FAIL`: no unique valid reading (§0.4 step 4).
pub(crate) fn checksum_fail(
    field: &str,
    raw: &str,
    candidates: usize,
    error: &dyn std::fmt::Display,
) -> Finding {
    Finding::new(
        FindingCode::ChecksumFail,
        "号码校验失败，且无法唯一更正，请人工核对",
        "The number fails its check and no unique correction exists; check it by hand",
    )
    .on_field(field)
    .with_detail(format!(
        "read {raw:?}: {error}; {candidates} single-substitution candidates"
    ))
}

/// `LICENSE_OLD_FORMAT` for a licence that prints a 15-digit `注册号` and no credit code
/// (§1.1.1): `REJECT`, except for a 个体工商户 (`类型` starting with it), whose severity is
/// [`RulesConfig::individual_business_old_format`]. The detail says whether the number
/// passes its MOD 11,10 check (§2.3).
pub fn old_format_licence(
    registration_number: &str,
    entity_type: &str,
    config: &RulesConfig,
) -> Finding {
    let number = normalise::code_like(registration_number);
    let individual = entity_type.trim().starts_with(INDIVIDUAL_BUSINESS);
    let finding = Finding::new(
        FindingCode::LicenseOldFormat,
        "营业执照为旧版（注册号），请上传载有统一社会信用代码的新版营业执照或电子营业执照",
        "The licence is the old format with a registration number; upload the current licence with a credit code, or the electronic licence",
    )
    .on_field(REGISTRATION_NUMBER)
    .with_detail(format!(
        "注册号 {number}: MOD 11,10 check {}",
        if regno::is_valid(&number) { "passes" } else { "fails" }
    ));
    if individual {
        finding.with_severity(config.individual_business_old_format)
    } else {
        finding
    }
}

/// Checks a 营业期限 (§1.1.5): parses the term and raises `LICENSE_TERM_EXPIRED` (`REJECT`)
/// when it has an end date before `as_of`; an unreadable term is `DATE_INVALID`.
pub fn check_licence_term(text: &str, as_of: NaiveDate) -> Checked<Term> {
    let term = match dates::parse_term(text) {
        Ok(term) => term,
        Err(error) => return Checked::failed(date_invalid(TERM_END, text, &error)),
    };
    match term.end {
        TermEnd::Date(end) if !term.end.covers(as_of) => Checked::ok(term).with(
            Finding::new(
                FindingCode::LicenseTermExpired,
                format!("营业执照营业期限已于 {end} 届满，请上传有效的营业执照"),
                format!("The licence term ended on {end}; upload a current licence"),
            )
            .on_field(TERM_END)
            .with_detail(format!("term ends {end}, as of {as_of}")),
        ),
        _ => Checked::ok(term),
    }
}

/// Checks a date that must not lie after `as_of` (成立日期, a copy's issue date; §1.1.5):
/// `DATE_INVALID` when unreadable, not a calendar date, or in the future.
pub fn check_past_date(text: &str, as_of: NaiveDate, field: &str) -> Checked<NaiveDate> {
    match dates::parse_date(text) {
        Ok(date) if date > as_of => Checked::ok(date).with(
            Finding::new(
                FindingCode::DateInvalid,
                format!("日期 {date} 晚于提交日期，请核对"),
                format!("The date {date} is after the submission date; check it"),
            )
            .on_field(field)
            .with_detail(format!("{date} > as-of {as_of}")),
        ),
        Ok(date) => Checked::ok(date),
        Err(error) => Checked::failed(date_invalid(field, text, &error)),
    }
}

/// `DATE_INVALID` for a text that is not a date or term.
pub(crate) fn date_invalid(field: &str, text: &str, error: &dyn std::fmt::Display) -> Finding {
    Finding::new(
        FindingCode::DateInvalid,
        "日期无法识别或不是有效日期，请人工核对",
        "The date cannot be read or is not a real date; check it by hand",
    )
    .on_field(field)
    .with_detail(format!("{text:?}: {error}"))
}

#[cfg(test)]
mod tests;
