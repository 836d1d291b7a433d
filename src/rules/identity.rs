//! Checks of the legal representative's identity documents (RULES.md §1.2, §1.3, §2.4–§2.6):
//! the ID number with its OCR repair, the first-generation number, the printed 出生 and 性别
//! against the number, the 有效期限 (expiry and 5/10/20-year shape by age), permit numbers,
//! the passport MRZ, and the representative's age.

use chrono::NaiveDate;

use super::checked::Checked;
use super::codes::mrz::{self, Td3};
use super::codes::permit::{
    self, PR_2023_LEADING, PR_2023_LEN, PermanentResidence, PermitError, TaiwanPermit,
};
use super::codes::repair::{Repair, repair_code};
use super::codes::{IdNumberInfo, Sex, idcard, normalise};
use super::config::RulesConfig;
use super::dates::{self, Term, TermEnd};
use super::licence::{checksum_fail, date_invalid, ocr_repaired};
use crate::report::{Finding, FindingCode, Severity};

/// Field keys of REPORT.md.
const ID_NUMBER: &str = "id_number";
const BIRTH_DATE: &str = "birth_date";
const SEX: &str = "sex";
const VALID_TO: &str = "valid_to";

/// Digits of a first-generation number, and of the body before an ID check character.
const FIRST_GEN_LEN: usize = 15;
const ID_BODY_LEN: usize = 17;

/// The validity a card gets by the holder's age when it is issued (居民身份证法 Art. 5,
/// §1.2): under 16 → 5 years, 16–25 → 10, 26–45 → 20, 46 and over → 长期.
const VALIDITY_BY_AGE: [(u32, Option<i32>); 4] = [
    (16, Some(5)),
    (26, Some(10)),
    (46, Some(20)),
    (u32::MAX, None),
];

/// The law counts age on the day of application, which comes before the printed start date
/// by the card's production time. A period that fits the age on the start date or on the
/// day this many days earlier passes. An assumption (production takes weeks; not in RULES).
const APPLICATION_LEAD_DAYS: i64 = 90;

/// Legal representatives must be adults (§1.2, [K] business rule); at 16 and 17 a person
/// with own income has full capacity, so that is a review; under 16 is a rejection.
const ADULT_AGE: u32 = 18;
const FULL_CAPACITY_MIN_AGE: u32 = 16;

/// What the card prints beside the number, as read (both optional).
#[derive(Debug, Clone, Copy, Default)]
pub struct PrintedIdFields<'a> {
    /// The 出生 field, e.g. `1949年12月31日`.
    pub birth: Option<&'a str>,
    /// The 性别 field: `男` or `女`; anything else is not compared.
    pub sex: Option<&'a str>,
}

/// A checked ID or 居住证 number and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// The normalised, possibly repaired, 18-character number.
    pub number: String,
    pub info: IdNumberInfo,
}

/// Checks a 居民身份证 number (§1.2, §2.4, §0.4) as of `as_of`: a 15-digit number is
/// `ID_FIRST_GEN` (`REJECT`); an invalid one is repaired (`OCR_REPAIRED`) or `CHECKSUM_FAIL`;
/// then the printed 出生 and 性别 are compared (`ID_BIRTH_MISMATCH`, `ID_GENDER_MISMATCH`).
pub fn check_id_number(raw: &str, printed: PrintedIdFields, as_of: NaiveDate) -> Checked<IdNumber> {
    let number = normalise::code_like(raw);
    if number.len() == FIRST_GEN_LEN && number.bytes().all(|b| b.is_ascii_digit()) {
        return Checked::failed(first_gen(&number));
    }
    let checked = check_mod11_2(raw, &number, |n| idcard::validate_on(n, as_of));
    cross_check(checked, printed)
}

/// Checks a 港澳台居民居住证 number (§1.3, §2.5): like [`check_id_number`], but the number
/// must start `810000`, `820000` or `830000` (`PERMIT_NUMBER_FORMAT` otherwise).
pub fn check_residence_permit_number(
    raw: &str,
    printed: PrintedIdFields,
    as_of: NaiveDate,
) -> Checked<IdNumber> {
    let number = normalise::code_like(raw);
    let checked = check_mod11_2(raw, &number, |n| {
        permit::parse_residence_permit(n, as_of).map(|(_, info)| info)
    });
    if checked.value.is_none()
        && permit::parse_residence_permit(&number, as_of) == Err(PermitError::Format)
    {
        return Checked::failed(permit_format(&number, Severity::NeedsReview));
    }
    cross_check(checked, printed)
}

/// Validates, or repairs per §0.4 with letters forced to digits in the 17-digit body.
fn check_mod11_2<E: std::fmt::Display>(
    raw: &str,
    number: &str,
    validate: impl Fn(&str) -> Result<IdNumberInfo, E>,
) -> Checked<IdNumber> {
    let error = match validate(number) {
        Ok(info) => {
            return Checked::ok(IdNumber {
                number: number.to_owned(),
                info,
            });
        }
        Err(error) => error,
    };
    let repaired = match repair_code(number, |i| i < ID_BODY_LEN, |n| validate(n).is_ok()) {
        Repair::Repaired(repaired) => repaired,
        Repair::AlreadyValid => return Checked::failed(checksum_fail(ID_NUMBER, raw, 0, &error)),
        Repair::Unrepairable { candidates } => {
            return Checked::failed(checksum_fail(ID_NUMBER, raw, candidates, &error));
        }
    };
    match validate(&repaired) {
        Ok(info) => Checked::ok(IdNumber {
            number: repaired.clone(),
            info,
        })
        .with(ocr_repaired(ID_NUMBER, raw, &repaired)),
        Err(_) => Checked::failed(checksum_fail(ID_NUMBER, raw, 0, &error)),
    }
}

/// Compares the printed 出生 and 性别 with the number (§1.2 cross-checks).
fn cross_check(mut checked: Checked<IdNumber>, printed: PrintedIdFields) -> Checked<IdNumber> {
    let Some(id) = &checked.value else {
        return checked;
    };
    if let Some(text) = printed.birth {
        match dates::parse_date(text) {
            Ok(birth) if birth != id.info.birth_date => checked.findings.push(
                Finding::new(
                    FindingCode::IdBirthMismatch,
                    "身份证出生日期与公民身份号码不一致",
                    "The printed date of birth does not match the ID number",
                )
                .on_field(BIRTH_DATE)
                .with_detail(format!(
                    "printed {birth}, number says {}",
                    id.info.birth_date
                )),
            ),
            Ok(_) => {}
            Err(error) => checked
                .findings
                .push(date_invalid(BIRTH_DATE, text, &error)),
        }
    }
    let printed_sex = match printed.sex.map(str::trim) {
        Some("男") => Some(Sex::Male),
        Some("女") => Some(Sex::Female),
        _ => None,
    };
    if let Some(sex) = printed_sex.filter(|s| *s != id.info.sex) {
        checked.findings.push(
            Finding::new(
                FindingCode::IdGenderMismatch,
                "身份证性别与公民身份号码不一致",
                "The printed sex does not match the ID number",
            )
            .on_field(SEX)
            .with_detail(format!("printed {sex:?}, number says {:?}", id.info.sex)),
        );
    }
    checked
}

fn first_gen(number: &str) -> Finding {
    let detail = match idcard::from_15(number) {
        Some(converted) => format!("15-digit number {number}; as 18 digits {converted}"),
        None => format!("15-digit number {number}, not a valid first-generation number"),
    };
    Finding::new(
        FindingCode::IdFirstGen,
        "第一代身份证已于2013年1月1日停止使用，请上传第二代居民身份证",
        "First-generation ID cards have been invalid since 2013-01-01; upload the second-generation card",
    )
    .on_field(ID_NUMBER)
    .with_detail(detail)
}

fn permit_format(number: &str, severity: Severity) -> Finding {
    Finding::new(
        FindingCode::PermitNumberFormat,
        "证件号码格式不符，请人工核对",
        "The document number does not have the expected format; check it by hand",
    )
    .on_field(ID_NUMBER)
    .with_detail(format!("read {number:?}"))
    .with_severity(severity)
}

/// The identity documents of §1.3 that carry a number other than the ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermitKind {
    /// 港澳居民来往内地通行证.
    HkMacau,
    /// 台湾居民来往大陆通行证.
    Taiwan,
    /// 外国人永久居留身份证 (2017 or 2023 edition).
    PermanentResidence,
    /// PRC passport (the MRZ is checked separately by [`check_mrz`]).
    PrcPassport,
}

/// Checks a permit number's format (§1.3): `PERMIT_NUMBER_FORMAT` (`NEEDS_REVIEW`) when it
/// does not fit; a one-time 台胞证 shape gets [`RulesConfig::taiwan_one_time_permit`]; a 2023
/// 永居证 with a wrong MOD 11-2 character is repaired or `CHECKSUM_FAIL`, as for ID numbers.
pub fn check_permit_number(kind: PermitKind, raw: &str, config: &RulesConfig) -> Checked<String> {
    let number = normalise::code_like(raw);
    let ok = Checked::ok(number.clone());
    match kind {
        PermitKind::HkMacau => match permit::parse_hk_macau(&number) {
            Ok(_) => ok,
            Err(_) => Checked::failed(permit_format(&number, Severity::NeedsReview)),
        },
        PermitKind::Taiwan => match permit::parse_taiwan(&number) {
            Ok(TaiwanPermit::OneTime) => ok.with(
                permit_format(&number, config.taiwan_one_time_permit)
                    .with_detail(format!("{number}: one-time permit shape [U]")),
            ),
            Ok(_) => ok,
            Err(_) => Checked::failed(permit_format(&number, Severity::NeedsReview)),
        },
        PermitKind::PermanentResidence => check_permanent_residence(raw, &number),
        PermitKind::PrcPassport if permit::is_prc_passport_number(&number) => ok,
        PermitKind::PrcPassport => Checked::failed(permit_format(&number, Severity::NeedsReview)),
    }
}

fn check_permanent_residence(raw: &str, number: &str) -> Checked<String> {
    let error = match permit::parse_permanent_residence(number) {
        Ok(_) => return Checked::ok(number.to_owned()),
        Err(error) => error,
    };
    let is_2023 = |n: &str| {
        matches!(
            permit::parse_permanent_residence(n),
            Ok(PermanentResidence::Edition2023 { .. })
        )
    };
    // Only the 2023 edition has a check character to repair against (§2.5).
    let repair = if number.len() == PR_2023_LEN && number.starts_with(PR_2023_LEADING) {
        repair_code(number, |i| i < ID_BODY_LEN, is_2023)
    } else {
        Repair::Unrepairable { candidates: 0 }
    };
    match (repair, error) {
        (Repair::Repaired(repaired), _) => {
            Checked::ok(repaired.clone()).with(ocr_repaired(ID_NUMBER, raw, &repaired))
        }
        (_, PermitError::Format) => Checked::failed(permit_format(number, Severity::NeedsReview)),
        (Repair::Unrepairable { candidates }, error) => {
            Checked::failed(checksum_fail(ID_NUMBER, raw, candidates, &error))
        }
        (Repair::AlreadyValid, error) => Checked::failed(checksum_fail(ID_NUMBER, raw, 0, &error)),
    }
}

/// Checks an ID card's 有效期限 (§1.2) as of `as_of`: `ID_EXPIRED` (`REJECT`) when the end
/// date is before `as_of`; `ID_VALIDITY_SHAPE` (severity from the config) when the period
/// is not 5, 10 or 20 years to the day, or — with the holder's `birth` date — not the one
/// the holder's age calls for; `DATE_INVALID` when unreadable.
pub fn check_id_validity(
    text: &str,
    birth: Option<NaiveDate>,
    as_of: NaiveDate,
    config: &RulesConfig,
) -> Checked<Term> {
    let term = match dates::parse_term(text) {
        Ok(term) => term,
        Err(error) => return Checked::failed(date_invalid(VALID_TO, text, &error)),
    };
    let expired = expiry_finding(term.end, as_of);
    let shape = term
        .start
        .and_then(|start| validity_shape_problem(start, term.end, birth))
        .map(|problem| {
            Finding::new(
                FindingCode::IdValidityShape,
                "身份证有效期限与法定期限（5年、10年、20年或长期）不符，请核对",
                "The ID card's validity period is not the statutory 5, 10 or 20 years or long-term for the holder's age; check it",
            )
            .on_field(VALID_TO)
            .with_detail(problem)
            .with_severity(config.id_validity_shape)
        });
    Checked::ok(term).with_opt(expired).with_opt(shape)
}

/// Why a validity period does not have a statutory shape, or `None` if it does.
fn validity_shape_problem(
    start: NaiveDate,
    end: TermEnd,
    birth: Option<NaiveDate>,
) -> Option<String> {
    let years = match end {
        TermEnd::LongTerm => None,
        TermEnd::Date(end) => match [5, 10, 20]
            .into_iter()
            .find(|&n| dates::add_years(start, n) == end)
        {
            Some(n) => Some(n),
            None => {
                return Some(format!(
                    "{start} to {end} is not 5, 10 or 20 years to the day"
                ));
            }
        },
    };
    let birth = birth?;
    let expected = |on: NaiveDate| {
        let age = dates::age_on(birth, on);
        VALIDITY_BY_AGE
            .iter()
            .find(|(below, _)| age < *below)
            .and_then(|(_, years)| *years)
    };
    let applied = start - chrono::Duration::days(APPLICATION_LEAD_DAYS);
    if expected(start) == years || expected(applied) == years {
        return None;
    }
    let describe = |y: Option<i32>| y.map_or("长期".to_owned(), |y| format!("{y} years"));
    Some(format!(
        "holder aged {} at {start} should get {}, card has {}",
        dates::age_on(birth, start),
        describe(expected(start)),
        describe(years)
    ))
}

/// Checks the expiry date of a permit or passport (`valid_to`, §1.3, §6.5): `ID_EXPIRED`
/// (`REJECT`) when before `as_of`; `长期` never expires; `DATE_INVALID` when unreadable.
pub fn check_document_expiry(text: &str, as_of: NaiveDate) -> Checked<TermEnd> {
    let end = if text.trim() == dates::LONG_TERM {
        TermEnd::LongTerm
    } else {
        match dates::parse_date(text) {
            Ok(date) => TermEnd::Date(date),
            Err(error) => return Checked::failed(date_invalid(VALID_TO, text, &error)),
        }
    };
    Checked::ok(end).with_opt(expiry_finding(end, as_of))
}

fn expiry_finding(end: TermEnd, as_of: NaiveDate) -> Option<Finding> {
    let TermEnd::Date(date) = end else {
        return None;
    };
    (!end.covers(as_of)).then(|| {
        Finding::new(
            FindingCode::IdExpired,
            format!("证件已于 {date} 过期，请上传有效证件"),
            format!("The identity document expired on {date}; upload a valid one"),
        )
        .on_field(VALID_TO)
        .with_detail(format!("valid to {date}, as of {as_of}"))
    })
}

/// Checks a passport's TD3 machine-readable zone (§2.6) as of `as_of`: `MRZ_CHECK_FAIL`
/// (`NEEDS_REVIEW`) when a line is malformed or a check digit fails; `ID_EXPIRED` when the
/// expiry date is before `as_of`. Lines are normalised (spaces dropped, upper case) first;
/// `<` survives normalisation.
pub fn check_mrz(line1: &str, line2: &str, as_of: NaiveDate) -> Checked<Td3> {
    let clean = |line: &str| -> String {
        line.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    match mrz::parse_td3(&clean(line1), &clean(line2), as_of) {
        Ok(td3) => {
            let expired = expiry_finding(TermEnd::Date(td3.expiry_date), as_of);
            Checked::ok(td3).with_opt(expired)
        }
        Err(error) => Checked::failed(
            Finding::new(
                FindingCode::MrzCheckFail,
                "护照机读区校验失败，请人工核对或重新上传清晰的护照资料页",
                "The passport's machine-readable zone fails its checks; check it by hand or upload a clearer photo page",
            )
            .on_field(ID_NUMBER)
            .with_detail(error.to_string()),
        ),
    }
}

/// `LEGAL_REP_UNDERAGE` unless the representative born on `birth` is 18 on `as_of` (§1.2):
/// 16–17 is a review (full capacity with own income), under 16 a rejection.
pub fn check_legal_rep_age(birth: NaiveDate, as_of: NaiveDate) -> Option<Finding> {
    let age = dates::age_on(birth, as_of);
    if age >= ADULT_AGE {
        return None;
    }
    let severity = if age >= FULL_CAPACITY_MIN_AGE {
        Severity::NeedsReview
    } else {
        Severity::Reject
    };
    Some(
        Finding::new(
            FindingCode::LegalRepUnderage,
            format!("法定代表人未满18周岁（{age}岁），请人工核对"),
            format!("The legal representative is under 18 ({age}); check it by hand"),
        )
        .on_field(BIRTH_DATE)
        .with_detail(format!("born {birth}, {age} on {as_of}"))
        .with_severity(severity),
    )
}

#[cfg(test)]
mod tests;
