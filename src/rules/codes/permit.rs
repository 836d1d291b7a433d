//! Numbers of the identity documents of Hong Kong, Macau, Taiwan and foreign legal
//! representatives (RULES.md §1.3, §2.5): 回乡证, 台胞证, 港澳台居民居住证, 外国人永久居留身份证
//! and the PRC passport. Only the 居住证 and the 2023 永居证 carry a check character (MOD 11-2).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::idcard::{self, IdNumberError, IdNumberInfo, Sex};

/// Digits of a 回乡证 card number after `H`/`M` (card since 2013), and of the legacy booklet
/// number, whose last two digits count the issues (§1.3).
const HK_MACAU_CARD_DIGITS: usize = 8;
const HK_MACAU_BOOKLET_DIGITS: usize = 10;

/// Digits of the lifelong 台胞证 number (since 2008-09-25) and of the legacy number with a
/// two-digit issue count (§1.3).
const TAIWAN_DIGITS: usize = 8;
const TAIWAN_LEGACY_DIGITS: usize = 10;
/// Lengths of the [U] one-time 台胞证 `^[0-9A-Z]{10,12}$`.
const TAIWAN_ONE_TIME_LENGTHS: std::ops::RangeInclusive<usize> = 10..=12;

/// 2017 永居证: 3-letter nationality + 12 digits.
const PR_2017_LETTERS: usize = 3;
const PR_2017_DIGITS: usize = 12;
/// 2023 永居证: `9` + 16 digits + check; the same length as an ID number.
pub const PR_2023_LEN: usize = 18;
pub const PR_2023_LEADING: char = '9';

/// Where a 回乡证 or 居住证 holder lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HmtRegion {
    HongKong,
    Macau,
    Taiwan,
}

/// Why a permit number is malformed (`PERMIT_NUMBER_FORMAT`) or fails its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PermitError {
    #[error("the number does not have the format of this document")]
    Format,
    /// The MOD 11-2 check character does not match (`CHECKSUM_FAIL`).
    #[error("check character is {found}, expected {expected}")]
    CheckChar { expected: char, found: char },
    /// A 居住证 number fails one of the ID-number checks.
    #[error(transparent)]
    IdNumber(#[from] IdNumberError),
}

/// A 港澳居民来往内地通行证 number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HkMacauPermit {
    pub region: HmtRegion,
    /// The legacy booklet's issue count (its last two digits); `None` on the card.
    pub issue_count: Option<u8>,
}

/// Parses a normalised 回乡证 number: `^[HM][0-9]{8}([0-9]{2})?$` (§1.3).
pub fn parse_hk_macau(number: &str) -> Result<HkMacauPermit, PermitError> {
    let region = match number.chars().next() {
        Some('H') => HmtRegion::HongKong,
        Some('M') => HmtRegion::Macau,
        _ => return Err(PermitError::Format),
    };
    let digits = &number[1..];
    if !all_digits(digits) {
        return Err(PermitError::Format);
    }
    let issue_count = match digits.len() {
        HK_MACAU_CARD_DIGITS => None,
        HK_MACAU_BOOKLET_DIGITS => digits[HK_MACAU_CARD_DIGITS..].parse().ok(),
        _ => return Err(PermitError::Format),
    };
    Ok(HkMacauPermit {
        region,
        issue_count,
    })
}

/// The shape of a 台湾居民来往大陆通行证 number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaiwanPermit {
    /// The lifelong 8-digit number.
    Lifelong,
    /// 8 digits + 2-digit issue count, optionally with an `(X)` issuing-office letter.
    Legacy {
        issue_count: u8,
        office: Option<char>,
    },
    /// `^[0-9A-Z]{10,12}$` that is not a legacy number: a one-time permit [U], for review.
    OneTime,
}

/// Parses a normalised 台胞证 number (§1.3): 8 digits; or 10 digits with an optional `(X)`
/// office suffix; or the [U] one-time shape.
pub fn parse_taiwan(number: &str) -> Result<TaiwanPermit, PermitError> {
    let (digits, office) = split_office_suffix(number).ok_or(PermitError::Format)?;
    if all_digits(digits) && digits.len() == TAIWAN_DIGITS && office.is_none() {
        return Ok(TaiwanPermit::Lifelong);
    }
    if all_digits(digits) && digits.len() == TAIWAN_LEGACY_DIGITS {
        let issue_count = digits[TAIWAN_DIGITS..]
            .parse()
            .map_err(|_| PermitError::Format)?;
        return Ok(TaiwanPermit::Legacy {
            issue_count,
            office,
        });
    }
    let alphanumeric = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if office.is_none() && alphanumeric && TAIWAN_ONE_TIME_LENGTHS.contains(&digits.len()) {
        return Ok(TaiwanPermit::OneTime);
    }
    Err(PermitError::Format)
}

/// Splits `0123456701(B)` into `0123456701` and `Some('B')`; `None` if a bracket is
/// malformed.
fn split_office_suffix(number: &str) -> Option<(&str, Option<char>)> {
    let Some(body) = number.strip_suffix(')') else {
        return (!number.contains(['(', ')'])).then_some((number, None));
    };
    let (digits, office) = body.split_once('(')?;
    let mut letters = office.chars();
    match (letters.next(), letters.next()) {
        (Some(c), None) if c.is_ascii_uppercase() => Some((digits, Some(c))),
        _ => None,
    }
}

/// Parses a normalised 港澳台居民居住证 number: `810000`/`820000`/`830000` + the ID-number
/// structure and MOD 11-2 check (§1.3, §2.5), with the birth date no later than `today`.
pub fn parse_residence_permit(
    number: &str,
    today: NaiveDate,
) -> Result<(HmtRegion, IdNumberInfo), PermitError> {
    let region = match number.get(0..6) {
        Some("810000") => HmtRegion::HongKong,
        Some("820000") => HmtRegion::Macau,
        Some("830000") => HmtRegion::Taiwan,
        _ => return Err(PermitError::Format),
    };
    Ok((region, idcard::validate_on(number, today)?))
}

/// A 外国人永久居留身份证 number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermanentResidence {
    /// 2017 edition: the 3-letter nationality code; no check character is known [U].
    Edition2017 { nationality: String },
    /// 2023 edition, MOD 11-2 checked. Its internal layout is [U]; where digits 7–14 form a
    /// real date and digit 17 a sex, as in the believed layout, they are reported.
    Edition2023 {
        birth_date: Option<NaiveDate>,
        sex: Sex,
    },
}

/// Parses a normalised 永居证 number (§1.3): `^[A-Z]{3}[0-9]{12}$` (2017) or
/// `^9[0-9]{16}[0-9X]$` with the MOD 11-2 check (2023).
pub fn parse_permanent_residence(number: &str) -> Result<PermanentResidence, PermitError> {
    let letters = number.get(..PR_2017_LETTERS).unwrap_or_default();
    let rest = number.get(PR_2017_LETTERS..).unwrap_or_default();
    if letters.len() == PR_2017_LETTERS
        && letters.bytes().all(|b| b.is_ascii_uppercase())
        && rest.len() == PR_2017_DIGITS
        && all_digits(rest)
    {
        return Ok(PermanentResidence::Edition2017 {
            nationality: letters.to_owned(),
        });
    }
    let shape = number.len() == PR_2023_LEN
        && number.starts_with(PR_2023_LEADING)
        && number
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || (i == PR_2023_LEN - 1 && b == b'X'));
    if !shape {
        return Err(PermitError::Format);
    }
    let (body, found) = number.split_at(PR_2023_LEN - 1);
    let expected = idcard::check_char(body).ok_or(PermitError::Format)?;
    let found = found.chars().next().ok_or(PermitError::Format)?;
    if expected != found {
        return Err(PermitError::CheckChar { expected, found });
    }
    let birth_date = idcard::birth_date_digits(&number[6..14]);
    let sex = if number.as_bytes()[16] % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(PermanentResidence::Edition2023 { birth_date, sex })
}

/// Whether a normalised number has a PRC passport shape, `^E[0-9]{8}$` or `^E[A-Z][0-9]{7}$`
/// (§1.3, [K/U]); the MRZ is the real check.
pub fn is_prc_passport_number(number: &str) -> bool {
    let Some(rest) = number.strip_prefix('E') else {
        return false;
    };
    let mut chars = rest.chars();
    let second_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
    rest.len() == 8 && second_ok && all_digits(chars.as_str())
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn hk_macau() {
        let card = parse_hk_macau("H12345678").unwrap();
        assert_eq!((card.region, card.issue_count), (HmtRegion::HongKong, None));
        let booklet = parse_hk_macau("M1234567803").unwrap();
        assert_eq!(
            (booklet.region, booklet.issue_count),
            (HmtRegion::Macau, Some(3))
        );
        for bad in [
            "",
            "H",
            "H1234567",
            "H123456789",
            "H123456780A",
            "K12345678",
            "12345678",
        ] {
            assert_eq!(parse_hk_macau(bad), Err(PermitError::Format), "{bad}");
        }
    }

    #[test]
    fn taiwan() {
        assert_eq!(parse_taiwan("12345678"), Ok(TaiwanPermit::Lifelong));
        assert_eq!(
            parse_taiwan("1234567801"),
            Ok(TaiwanPermit::Legacy {
                issue_count: 1,
                office: None
            })
        );
        assert_eq!(
            parse_taiwan("1234567802(B)"),
            Ok(TaiwanPermit::Legacy {
                issue_count: 2,
                office: Some('B')
            })
        );
        assert_eq!(parse_taiwan("T12345678A"), Ok(TaiwanPermit::OneTime));
        assert_eq!(parse_taiwan("123456789012"), Ok(TaiwanPermit::OneTime));
        for bad in [
            "",
            "1234567",
            "123456789",
            "12345678(B)",
            "1234567802(BB)",
            "1234567802(B",
            "1234567890123",
        ] {
            assert_eq!(parse_taiwan(bad), Err(PermitError::Format), "{bad}");
        }
    }

    #[test]
    fn residence_permit_vectors() {
        let today = date(2025, 6, 1);
        let cases = [
            (
                "810000199408230021",
                HmtRegion::HongKong,
                date(1994, 8, 23),
                Sex::Female,
            ),
            (
                "830000199201300022",
                HmtRegion::Taiwan,
                date(1992, 1, 30),
                Sex::Female,
            ),
            (
                "820000200009100032",
                HmtRegion::Macau,
                date(2000, 9, 10),
                Sex::Male,
            ),
        ];
        for (number, region, birth_date, sex) in cases {
            let (r, info) = parse_residence_permit(number, today).unwrap();
            assert_eq!(
                (r, info.birth_date, info.sex),
                (region, birth_date, sex),
                "{number}"
            );
        }
        assert_eq!(
            parse_residence_permit("11010519491231002X", today),
            Err(PermitError::Format)
        );
        assert!(matches!(
            parse_residence_permit("810000199408230022", today),
            Err(PermitError::IdNumber(IdNumberError::CheckChar { .. }))
        ));
    }

    #[test]
    fn permanent_residence_2023_vector() {
        assert_eq!(
            parse_permanent_residence("911840198001010013"),
            Ok(PermanentResidence::Edition2023 {
                birth_date: Some(date(1980, 1, 1)),
                sex: Sex::Male,
            })
        );
        assert_eq!(
            parse_permanent_residence("911840198001010014"),
            Err(PermitError::CheckChar {
                expected: '3',
                found: '4'
            })
        );
        assert_eq!(
            parse_permanent_residence("811840198001010013"),
            Err(PermitError::Format)
        );
    }

    #[test]
    fn permanent_residence_2017() {
        assert_eq!(
            parse_permanent_residence("USA110080010180"),
            Ok(PermanentResidence::Edition2017 {
                nationality: "USA".into()
            })
        );
        for bad in ["US1110080010180", "USA11008001018", "USA1100800101800", ""] {
            assert_eq!(
                parse_permanent_residence(bad),
                Err(PermitError::Format),
                "{bad}"
            );
        }
    }

    #[test]
    fn prc_passport() {
        assert!(is_prc_passport_number("E12345678"));
        assert!(is_prc_passport_number("EA1234567"));
        assert!(!is_prc_passport_number("E1234567"));
        assert!(!is_prc_passport_number("EAB123456"));
        assert!(!is_prc_passport_number("G12345678"));
    }
}
