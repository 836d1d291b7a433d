//! The machine-readable zone of a passport photo page, ICAO 9303 TD3 (RULES.md §2.6): two
//! lines of 44 characters, 7-3-1 weighted check digits, names split on `<<`.
//!
//! Only TD3 is described by RULES.md, and the onboarding rules only ask for the passport
//! photo page (§6.5), so the card formats TD1/TD2 are not parsed here.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Characters per TD3 line.
pub const TD3_LINE_LEN: usize = 44;

/// The repeating weights of the ICAO 9303 check digit.
const WEIGHTS: [u32; 3] = [7, 3, 1];

/// The filler character; worth 0 in a check digit.
const FILLER: char = '<';

/// Line-2 fields as 0-based byte ranges (§2.6 table, 1-based positions 1–44).
const DOC_NUMBER: std::ops::Range<usize> = 0..9;
const DOC_NUMBER_CHECK: usize = 9;
const NATIONALITY: std::ops::Range<usize> = 10..13;
const BIRTH: std::ops::Range<usize> = 13..19;
const BIRTH_CHECK: usize = 19;
const SEX: usize = 20;
const EXPIRY: std::ops::Range<usize> = 21..27;
const EXPIRY_CHECK: usize = 27;
const OPTIONAL: std::ops::Range<usize> = 28..42;
const OPTIONAL_CHECK: usize = 42;
const COMPOSITE_CHECK: usize = 43;

/// Line-1 fields: document code (`P` + type or filler), issuing state, then the name.
const ISSUING_STATE: std::ops::Range<usize> = 2..5;
const NAME: std::ops::Range<usize> = 5..44;

/// Separator between the primary identifier (surname) and the secondary one (given names).
const NAME_SEPARATOR: &str = "<<";

/// The ICAO 9303 check digit of a field: `0-9` keep their value, `A-Z` are 10–35, `<` is 0,
/// weights 7, 3, 1 repeat; the digit is the sum mod 10. `None` for any other character.
pub fn check_digit(field: &str) -> Option<u32> {
    let mut sum = 0;
    for (c, weight) in field.chars().zip(WEIGHTS.iter().cycle()) {
        let value = match c {
            FILLER => 0,
            '0'..='9' | 'A'..='Z' => c.to_digit(36)?,
            _ => return None,
        };
        sum += value * weight;
    }
    Some(sum % 10)
}

/// A field of the TD3 line 2 protected by a check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MrzField {
    DocumentNumber,
    BirthDate,
    ExpiryDate,
    OptionalData,
    /// Positions 1–10, 14–20 and 22–43 together.
    Composite,
}

/// Why two lines are not a valid TD3 machine-readable zone (`MRZ_CHECK_FAIL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    /// Line 1 is not 44 characters starting with `P`, over `A-Z0-9<`.
    #[error("MRZ line 1 is not a TD3 passport line (44 characters, starting with P)")]
    Line1Format,
    /// Line 2 does not match the TD3 line-2 shape of Appendix A (`MRZ_TD3_L2`).
    #[error("MRZ line 2 does not have the TD3 shape")]
    Line2Format,
    /// A check digit does not match.
    #[error("MRZ check digit of {field:?} is {found}, expected {expected}")]
    CheckDigit {
        field: MrzField,
        expected: u32,
        found: char,
    },
    /// A date field is not a real calendar date.
    #[error("MRZ {field:?} is not a real date")]
    Date { field: MrzField },
}

/// The sex field of line 2: `M`, `F`, or `X`/`<` for unspecified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MrzSex {
    Male,
    Female,
    Unspecified,
}

/// A TD3 zone whose every check digit passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Td3 {
    /// Issuing state or organisation, e.g. `UTO`.
    pub issuing_state: String,
    /// The primary identifier, fillers as spaces: `ERIKSSON`.
    pub surname: String,
    /// The secondary identifier, fillers as spaces: `ANNA MARIA`. Empty when absent.
    pub given_names: String,
    /// Document number without trailing fillers: `L898902C3`.
    pub document_number: String,
    pub nationality: String,
    pub birth_date: NaiveDate,
    pub sex: MrzSex,
    pub expiry_date: NaiveDate,
    /// Optional data (personal number) without trailing fillers; may be empty.
    pub optional_data: String,
}

/// Parses and checks a TD3 zone (normalised: upper case, no spaces) as of `as_of`, the date
/// that decides the century of the birth year (the latest year not after `as_of`). Expiry
/// years are taken in 2000–2099: a passport is valid at most ten years.
pub fn parse_td3(line1: &str, line2: &str, as_of: NaiveDate) -> Result<Td3, MrzError> {
    let (issuing_state, surname, given_names) = parse_line1(line1)?;
    if !has_line2_shape(line2) {
        return Err(MrzError::Line2Format);
    }
    verify(
        line2,
        DOC_NUMBER,
        DOC_NUMBER_CHECK,
        MrzField::DocumentNumber,
    )?;
    verify(line2, BIRTH, BIRTH_CHECK, MrzField::BirthDate)?;
    verify(line2, EXPIRY, EXPIRY_CHECK, MrzField::ExpiryDate)?;
    let optional = &line2[OPTIONAL];
    let all_fillers = optional.chars().all(|c| c == FILLER);
    if !(all_fillers && line2.as_bytes()[OPTIONAL_CHECK] == FILLER as u8) {
        verify(line2, OPTIONAL, OPTIONAL_CHECK, MrzField::OptionalData)?;
    }
    let composite = format!(
        "{}{}{}",
        &line2[DOC_NUMBER.start..=DOC_NUMBER_CHECK],
        &line2[BIRTH.start..=BIRTH_CHECK],
        &line2[EXPIRY.start..=OPTIONAL_CHECK]
    );
    verify_digit(&composite, line2, COMPOSITE_CHECK, MrzField::Composite)?;

    let birth_date = century_before(&line2[BIRTH], as_of).ok_or(MrzError::Date {
        field: MrzField::BirthDate,
    })?;
    let expiry_date = yymmdd(&line2[EXPIRY], 2000).ok_or(MrzError::Date {
        field: MrzField::ExpiryDate,
    })?;
    let sex = match line2.as_bytes()[SEX] {
        b'M' => MrzSex::Male,
        b'F' => MrzSex::Female,
        _ => MrzSex::Unspecified,
    };
    Ok(Td3 {
        issuing_state,
        surname,
        given_names,
        document_number: trim_fillers(&line2[DOC_NUMBER]),
        nationality: line2[NATIONALITY].to_owned(),
        birth_date,
        sex,
        expiry_date,
        optional_data: trim_fillers(optional),
    })
}

/// Line 1: `P<ISSSURNAME<<GIVEN<NAMES<<<…` → (issuing state, surname, given names).
fn parse_line1(line1: &str) -> Result<(String, String, String), MrzError> {
    let ok = line1.len() == TD3_LINE_LEN
        && line1.starts_with('P')
        && line1
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == FILLER as u8);
    if !ok {
        return Err(MrzError::Line1Format);
    }
    let name = &line1[NAME];
    let (surname, given) = name.split_once(NAME_SEPARATOR).unwrap_or((name, ""));
    let spaced = |s: &str| s.replace(FILLER, " ").trim().to_owned();
    let given = spaced(given)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Ok((trim_fillers(&line1[ISSUING_STATE]), spaced(surname), given))
}

/// Line 2 against Appendix A `MRZ_TD3_L2`:
/// `[A-Z0-9<]{9}[0-9][A-Z<]{3}[0-9]{6}[0-9][MFX<][0-9]{6}[0-9][A-Z0-9<]{14}[0-9<][0-9]`.
fn has_line2_shape(line2: &str) -> bool {
    if line2.len() != TD3_LINE_LEN || !line2.is_ascii() {
        return false;
    }
    let alnum_or_filler = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<';
    line2.bytes().enumerate().all(|(i, b)| match i {
        i if DOC_NUMBER.contains(&i) || OPTIONAL.contains(&i) => alnum_or_filler(b),
        i if NATIONALITY.contains(&i) => b.is_ascii_uppercase() || b == b'<',
        SEX => matches!(b, b'M' | b'F' | b'X' | b'<'),
        OPTIONAL_CHECK => b.is_ascii_digit() || b == b'<',
        _ => b.is_ascii_digit(),
    })
}

fn verify(
    line: &str,
    field: std::ops::Range<usize>,
    check: usize,
    which: MrzField,
) -> Result<(), MrzError> {
    verify_digit(&line[field], line, check, which)
}

/// Compares the check digit of `data` with the character at `line[check]`.
fn verify_digit(data: &str, line: &str, check: usize, which: MrzField) -> Result<(), MrzError> {
    let expected = check_digit(data).ok_or(MrzError::Line2Format)?;
    let found = char::from(line.as_bytes()[check]);
    if found.to_digit(10) == Some(expected) {
        Ok(())
    } else {
        Err(MrzError::CheckDigit {
            field: which,
            expected,
            found,
        })
    }
}

/// `YYMMDD` in the century starting at `century` (1900, 2000), if a real date.
fn yymmdd(text: &str, century: i32) -> Option<NaiveDate> {
    let part = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
    let year = century + i32::try_from(part(0..2)?).ok()?;
    NaiveDate::from_ymd_opt(year, part(2..4)?, part(4..6)?)
}

/// `YYMMDD` in the latest century that does not put it after `as_of` (birth dates).
fn century_before(text: &str, as_of: NaiveDate) -> Option<NaiveDate> {
    let century = as_of.year() / 100 * 100;
    yymmdd(text, century)
        .filter(|d| *d <= as_of)
        .or_else(|| yymmdd(text, century - 100))
}

fn trim_fillers(s: &str) -> String {
    s.trim_end_matches(FILLER).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ICAO 9303 specimen of RULES.md §2.6.
    const LINE1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    const LINE2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn spec_check_digits() {
        assert_eq!(check_digit("L898902C3"), Some(6));
        assert_eq!(check_digit("740812"), Some(2));
        assert_eq!(check_digit("120415"), Some(9));
        assert_eq!(check_digit("ZE184226B<<<<<"), Some(1));
        let composite = "L898902C36".to_owned() + "7408122" + "1204159ZE184226B<<<<<1";
        assert_eq!(check_digit(&composite), Some(0));
        assert_eq!(check_digit(""), Some(0));
        assert_eq!(check_digit("l898902C3"), None);
    }

    #[test]
    fn parses_the_specimen() {
        let td3 = parse_td3(LINE1, LINE2, date(2010, 1, 1)).unwrap();
        assert_eq!(td3.issuing_state, "UTO");
        assert_eq!(td3.surname, "ERIKSSON");
        assert_eq!(td3.given_names, "ANNA MARIA");
        assert_eq!(td3.document_number, "L898902C3");
        assert_eq!(td3.nationality, "UTO");
        assert_eq!(td3.birth_date, date(1974, 8, 12));
        assert_eq!(td3.sex, MrzSex::Female);
        assert_eq!(td3.expiry_date, date(2012, 4, 15));
        assert_eq!(td3.optional_data, "ZE184226B");
    }

    #[test]
    fn each_wrong_check_digit_is_named() {
        let cases = [
            (DOC_NUMBER_CHECK, MrzField::DocumentNumber),
            (BIRTH_CHECK, MrzField::BirthDate),
            (EXPIRY_CHECK, MrzField::ExpiryDate),
            (OPTIONAL_CHECK, MrzField::OptionalData),
            (COMPOSITE_CHECK, MrzField::Composite),
        ];
        for (position, field) in cases {
            let mut line2 = LINE2.to_owned();
            let wrong = if &LINE2[position..=position] == "5" {
                "4"
            } else {
                "5"
            };
            line2.replace_range(position..=position, wrong);
            let err = parse_td3(LINE1, &line2, date(2010, 1, 1)).unwrap_err();
            assert!(
                matches!(err, MrzError::CheckDigit { field: f, .. } if f == field),
                "{position}: {err:?}"
            );
        }
    }

    #[test]
    fn every_single_digit_substitution_in_line2_is_caught() {
        // Digit for digit only: a letter and a digit whose values differ by a multiple of 10
        // (`L` = 21 and `1`, `A` = 10 and `0`, `<` = 0 and `0`) move the sum by a multiple of
        // 10, which the 7-3-1 check cannot see.
        for replacement in '0'..='9' {
            for i in 0..TD3_LINE_LEN {
                let original = LINE2.as_bytes()[i];
                if original == replacement as u8 || !original.is_ascii_digit() {
                    continue;
                }
                let mut line2 = LINE2.to_owned();
                line2.replace_range(i..=i, replacement.encode_utf8(&mut [0; 4]));
                let result = parse_td3(LINE1, &line2, date(2010, 1, 1));
                // Nationality, sex and the filler check of empty optional data are not
                // protected by a check digit; everything else is.
                let unprotected = NATIONALITY.contains(&i) || i == SEX;
                if !unprotected {
                    assert!(result.is_err(), "{line2}");
                }
            }
        }
    }

    #[test]
    fn filler_check_is_allowed_only_for_empty_optional_data() {
        let empty = "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<";
        let mut with_composite = empty[..43].to_owned();
        let composite = format!("{}{}{}", &empty[0..10], &empty[13..20], &empty[21..43]);
        with_composite.push_str(&check_digit(&composite).unwrap().to_string());
        let td3 = parse_td3(LINE1, &with_composite, date(2010, 1, 1)).unwrap();
        assert_eq!(td3.optional_data, "");
        let filler_check = LINE2[..OPTIONAL_CHECK].to_owned() + "<0";
        assert!(parse_td3(LINE1, &filler_check, date(2010, 1, 1)).is_err());
    }

    #[test]
    fn birth_century_follows_the_as_of_date() {
        let td3 = parse_td3(LINE1, LINE2, date(2074, 8, 11)).unwrap();
        assert_eq!(td3.birth_date, date(1974, 8, 12));
        let td3 = parse_td3(LINE1, LINE2, date(2074, 8, 12)).unwrap();
        assert_eq!(td3.birth_date, date(2074, 8, 12));
    }

    #[test]
    fn malformed_lines() {
        let as_of = date(2010, 1, 1);
        assert_eq!(parse_td3("", LINE2, as_of), Err(MrzError::Line1Format));
        let id_card = LINE1.replacen('P', "I", 1);
        assert_eq!(
            parse_td3(&id_card, LINE2, as_of),
            Err(MrzError::Line1Format)
        );
        assert_eq!(
            parse_td3(LINE1, &LINE2[1..], as_of),
            Err(MrzError::Line2Format)
        );
        let lower = LINE2.to_lowercase();
        assert_eq!(parse_td3(LINE1, &lower, as_of), Err(MrzError::Line2Format));
        let bad_sex = LINE2.replacen("2F1", "2Q1", 1);
        assert_eq!(
            parse_td3(LINE1, &bad_sex, as_of),
            Err(MrzError::Line2Format)
        );
        let wide = LINE2.replacen('L', "Ｌ", 1);
        assert_eq!(parse_td3(LINE1, &wide, as_of), Err(MrzError::Line2Format));
    }

    #[test]
    fn a_surname_alone_has_no_given_names() {
        let line1 = format!("{:<<44}", "P<UTOERIKSSON");
        let td3 = parse_td3(&line1, LINE2, date(2010, 1, 1)).unwrap();
        assert_eq!(
            (td3.surname.as_str(), td3.given_names.as_str()),
            ("ERIKSSON", "")
        );
    }
}
