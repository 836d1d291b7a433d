//! The 公民身份号码 (citizen ID number) of GB 11643-1999 (RULES.md §2.4), also used by the
//! 居住证 of Hong Kong, Macau and Taiwan residents (§2.5): 6-digit address code, birth date
//! `YYYYMMDD`, 3-digit sequence, and an ISO 7064 MOD 11-2 check character `0-9` or `X`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::repair::{Repair, repair_code};

/// Weights `2^(18-i) mod 11` of positions 1–17.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character for each value of the weighted sum mod 11.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Length of a second-generation ID number.
const LEN: usize = 18;

/// Length of a first-generation (15-digit) number: no century, no check character.
const LEN_15: usize = 15;

/// Province codes (GB/T 2260, first two digits) accepted on an ID number (§2.4): the mainland
/// provinces, Taiwan (`71`, possible in principle), and Hong Kong, Macau and Taiwan residence
/// permits (`81`–`83`), which must be followed by `0000`.
const PROVINCE_CODES: &[&str] = &[
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

/// Province codes of 居住证 numbers, valid only as `810000`, `820000`, `830000` (§2.5).
const RESIDENCE_PERMIT_CODES: &[&str] = &["81", "82", "83"];

/// The earliest birth date accepted (§2.4).
const EARLIEST_BIRTH: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date");

/// Sex, from the parity of digit 17.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    /// Digit 17 is odd.
    Male,
    /// Digit 17 is even.
    Female,
}

/// What a valid ID number says about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdNumberInfo {
    /// Digits 7–14. Must also equal the card's 出生 field (checked by the caller).
    pub birth_date: NaiveDate,
    /// From digit 17.
    pub sex: Sex,
}

/// Why a number is not a valid ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    /// Not 17 digits followed by a digit or `X`.
    #[error("not an ID number: 18 characters, 17 digits then a digit or X")]
    Format,
    /// Digits 7–14 are not a real date from 1900-01-01 to today.
    #[error("the birth date in the ID number is not a real date from 1900-01-01 to today")]
    BirthDate,
    /// Digits 1–2 are not a province code (`81`–`83` only followed by `0000`).
    #[error("the ID number does not start with a province code")]
    Region,
    /// The MOD 11-2 check character does not match (`CHECKSUM_FAIL`).
    #[error("ID number check character is {found}, expected {expected}")]
    CheckChar { expected: char, found: char },
}

/// The check character for 17 body digits, or `None` if `body17` is not 17 ASCII digits.
pub fn check_char(body17: &str) -> Option<char> {
    if body17.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, weight) in body17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * weight;
    }
    Some(char::from(CHECK_CHARS[(sum % 11) as usize]))
}

/// Whether `code2` is one of the two-digit province codes of §2.4 (including `71` and `81`–`83`;
/// [`validate`] adds the `0000` rule for the latter).
pub fn is_province_code(code2: &str) -> bool {
    PROVINCE_CODES.contains(&code2)
}

/// Whether `code2` is a mainland province code of §2.4 (`11`–`65`): the province list
/// without Taiwan (`71`) and the residence-permit codes `81`–`83`.
pub fn is_mainland_province_code(code2: &str) -> bool {
    is_province_code(code2) && code2 != "71" && !RESIDENCE_PERMIT_CODES.contains(&code2)
}

/// Checks a normalised 18-character ID number against today's date; see [`validate_on`].
pub fn validate(id: &str) -> Result<IdNumberInfo, IdNumberError> {
    validate_on(id, chrono::Local::now().date_naive())
}

/// Checks a normalised 18-character ID number: format, check character, province code, then
/// birth date (a real date, not before 1900-01-01 and not after `today`).
pub fn validate_on(id: &str, today: NaiveDate) -> Result<IdNumberInfo, IdNumberError> {
    let is_format = id.len() == LEN
        && id
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || (i == LEN - 1 && c == 'X'));
    if !is_format {
        return Err(IdNumberError::Format);
    }
    // 18 ASCII characters from here on.
    let (body, found) = id.split_at(LEN - 1);
    let expected = check_char(body).ok_or(IdNumberError::Format)?;
    let found = found.chars().next().ok_or(IdNumberError::Format)?;
    if expected != found {
        return Err(IdNumberError::CheckChar { expected, found });
    }
    let province = &id[..2];
    if !is_province_code(province)
        || (RESIDENCE_PERMIT_CODES.contains(&province) && &id[2..6] != "0000")
    {
        return Err(IdNumberError::Region);
    }
    let birth_date = birth_date(&id[6..14]).ok_or(IdNumberError::BirthDate)?;
    if birth_date > today {
        return Err(IdNumberError::BirthDate);
    }
    let sex = if id.as_bytes()[16] % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(IdNumberInfo { birth_date, sex })
}

/// The birth date in digits `YYYYMMDD` (digits 7–14 of an ID number), if it is a real date
/// not before 1900-01-01.
pub fn birth_date_digits(yyyymmdd: &str) -> Option<NaiveDate> {
    birth_date(yyyymmdd)
}

/// A real date from eight ASCII digits `YYYYMMDD`, not before 1900-01-01.
fn birth_date(yyyymmdd: &str) -> Option<NaiveDate> {
    let field = |range| {
        yyyymmdd
            .get(range)
            .and_then(|s: &str| s.parse::<u32>().ok())
    };
    let year = i32::try_from(field(0..4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, field(4..6)?, field(6..8)?)?;
    (date >= EARLIEST_BIRTH).then_some(date)
}

/// Converts a first-generation 15-digit number to 18 digits: inserts `19` before the
/// two-digit year and appends the MOD 11-2 check. `None` unless `old` is 15 digits with a
/// non-zero first digit and a real date `19YYMMDD` at digits 7–12.
pub fn from_15(old: &str) -> Option<String> {
    if old.len() != LEN_15 || !old.bytes().all(|b| b.is_ascii_digit()) || old.starts_with('0') {
        return None;
    }
    let body = format!("{}19{}", &old[..6], &old[6..]);
    birth_date(&body[6..14])?;
    let check = check_char(&body)?;
    Some(format!("{body}{check}"))
}

/// Repairs OCR confusions in an ID number (RULES.md §0.4): positions 1–17 take digits only,
/// and a candidate must pass every check of [`validate`].
pub fn repair(raw: &str) -> Repair {
    repair_code(raw, |i| i < LEN - 1, |id| validate(id).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::codes::repair::confusion_substitutions;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A fixed "today" so the tests do not depend on the clock.
    fn today() -> NaiveDate {
        date(2025, 6, 1)
    }

    /// Appends the check character to a 17-digit body.
    fn with_check(body: &str) -> String {
        format!("{body}{}", check_char(body).unwrap())
    }

    #[test]
    fn standard_example() {
        assert_eq!(check_char("11010519491231002"), Some('X'));
        let info = validate_on("11010519491231002X", today()).unwrap();
        assert_eq!(info.birth_date, date(1949, 12, 31));
        assert_eq!(info.sex, Sex::Female);
    }

    #[test]
    fn spec_vectors() {
        let cases = [
            ("360426199101010071", date(1991, 1, 1), Sex::Male),
            ("810000199408230021", date(1994, 8, 23), Sex::Female),
            ("830000199201300022", date(1992, 1, 30), Sex::Female),
            ("820000200009100032", date(2000, 9, 10), Sex::Male),
        ];
        for (id, birth_date, sex) in cases {
            assert_eq!(check_char(&id[..17]), id.chars().last(), "{id}");
            let expected = IdNumberInfo { birth_date, sex };
            assert_eq!(validate_on(id, today()), Ok(expected), "{id}");
        }
    }

    #[test]
    fn vector_born_1880_has_a_good_check_but_is_before_the_1900_floor() {
        // §2.4 lists it as valid, yet its birth date breaks the §2.4 floor of 1900-01-01.
        assert_eq!(check_char("44052418800101001"), Some('4'));
        let result = validate_on("440524188001010014", today());
        assert_eq!(result, Err(IdNumberError::BirthDate));
    }

    #[test]
    fn permanent_residence_2023_shares_the_check_but_not_the_region() {
        assert_eq!(check_char("91184019800101001"), Some('3'));
        let result = validate_on("911840198001010013", today());
        assert_eq!(result, Err(IdNumberError::Region));
    }

    #[test]
    fn fifteen_to_eighteen() {
        let converted = from_15("110105491231002");
        assert_eq!(converted.as_deref(), Some("11010519491231002X"));
        for bad in [
            "11010549123100",
            "1101054912310021",
            "010105491231002",
            "110105491331002",
            "110105490230002",
            "11010549123100X",
            "11010549123100é",
        ] {
            assert_eq!(from_15(bad), None, "{bad}");
        }
    }

    #[test]
    fn wrong_check_char_names_both() {
        let result = validate_on("110105194912310021", today());
        let expected = IdNumberError::CheckChar {
            expected: 'X',
            found: '1',
        };
        assert_eq!(result, Err(expected));
    }

    #[test]
    fn region_rules() {
        for body in [
            "99010519491231002",
            "00010519491231002",
            "81000119940823002",
        ] {
            assert_eq!(
                validate_on(&with_check(body), today()),
                Err(IdNumberError::Region)
            );
        }
        for body in [
            "71010519491231002",
            "65010519491231002",
            "83000019920130002",
        ] {
            assert!(validate_on(&with_check(body), today()).is_ok(), "{body}");
        }
    }

    #[test]
    fn birth_date_rules() {
        for body in [
            "11010518991231002",
            "11010519490230002",
            "11010519491301002",
            "11010519490000002",
            "11010520250602002",
        ] {
            let id = with_check(body);
            assert_eq!(
                validate_on(&id, today()),
                Err(IdNumberError::BirthDate),
                "{id}"
            );
        }
        let first_day = validate_on(&with_check("11010519000101001"), today());
        assert_eq!(first_day.map(|i| i.birth_date), Ok(date(1900, 1, 1)));
        let today_born = validate_on(&with_check("11010520250601001"), today());
        assert_eq!(today_born.map(|i| i.sex), Ok(Sex::Male));
    }

    #[test]
    fn format_errors() {
        for id in [
            "",
            "11010519491231002",
            "11010519491231002XX",
            "11010519491231002x",
            "1101051949123100X2",
            "11010519491231002Ⅹ",
            "1101051949123１002X",
        ] {
            assert_eq!(validate_on(id, today()), Err(IdNumberError::Format), "{id}");
        }
        assert_eq!(check_char("1101051949123100"), None);
        assert_eq!(check_char("1101051949123100X"), None);
    }

    #[test]
    fn repairs() {
        assert_eq!(repair("11010519491231002X"), Repair::AlreadyValid);
        let repaired = Repair::Repaired("11010519491231002X".into());
        assert_eq!(repair("11O1O5I949I23IOO2X"), repaired);
        assert_eq!(repair("1101051949123100ZX"), repaired);
        assert_eq!(repair("11010519491231D02X"), repaired);
        assert_eq!(repair("T1010519491231002X"), repaired);
        assert!(matches!(
            repair("110105194912310021"),
            Repair::Unrepairable { .. }
        ));
    }

    /// Valid ID numbers born 1900-01-01 to 2025-06-01, from any province of §2.4.
    fn valid_id() -> impl Strategy<Value = String> {
        let provinces = prop::sample::select(PROVINCE_CODES);
        let max_days = (today() - date(1900, 1, 1)).num_days();
        (provinces, 0u32..10_000, 0..=max_days, 0u32..1000).prop_map(
            |(province, area, days, sequence)| {
                let area = if RESIDENCE_PERMIT_CODES.contains(&province) {
                    0
                } else {
                    area
                };
                let birth = date(1900, 1, 1) + chrono::Duration::days(days);
                let body = format!("{province}{area:04}{}{sequence:03}", birth.format("%Y%m%d"));
                with_check(&body)
            },
        )
    }

    proptest! {
        #[test]
        fn generated_numbers_are_valid(id in valid_id()) {
            prop_assert!(validate_on(&id, today()).is_ok(), "{}", id);
        }

        #[test]
        fn every_single_substitution_fails(id in valid_id()) {
            for i in 0..LEN {
                for replacement in ('0'..='9').chain(['X']) {
                    if id.as_bytes()[i] == replacement as u8 {
                        continue;
                    }
                    let mut corrupted = id.clone();
                    corrupted.replace_range(i..=i, replacement.encode_utf8(&mut [0; 4]));
                    prop_assert!(validate_on(&corrupted, today()).is_err(), "{}", corrupted);
                }
            }
        }

        #[test]
        fn one_confusion_is_repaired(id in valid_id(), pick in any::<prop::sample::Index>()) {
            let corruptions = confusion_substitutions(&id);
            prop_assume!(!corruptions.is_empty());
            let corrupted = &corruptions[pick.index(corruptions.len())];
            // Digits confused with letters leave a letter no ID number holds, so the repair is
            // always unique.
            prop_assert_eq!(repair(corrupted), Repair::Repaired(id));
        }
    }
}
