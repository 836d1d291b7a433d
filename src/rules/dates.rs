//! Dates as printed on the documents (RULES.md §0.3 step 5, §1.1.5, §1.2): single dates in
//! the five accepted shapes, validity terms (`…至…`, `…-长期`, `长期`), and the calendar
//! arithmetic the validity rules need. Every date is checked as a real calendar date.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The open end of a term: licences and ID cards print `长期` (long-term).
pub const LONG_TERM: &str = "长期";

/// Separators between the two ends of a term: `至` on licences, `-` on ID cards, and the
/// dashes and tilde OCR reads for the latter.
const TERM_SEPARATORS: [char; 6] = ['至', '-', '—', '–', '~', '～'];

/// Decorations around a term or a date that carry no meaning: `自…起` and brackets.
const TERM_DECORATIONS: [char; 5] = ['自', '起', '(', ')', ' '];

/// Separators of the numeric shapes `YYYY.MM.DD`, `YYYY-MM-DD`, `YYYY/MM/DD` (§0.3 step 5).
const DATE_SEPARATORS: [char; 3] = ['.', '-', '/'];

/// Characters of the Chinese shape `YYYY年M月D日`.
const YEAR: char = '年';
const MONTH: char = '月';
const DAY: char = '日';

/// Digits of the compact shape `YYYYMMDD`.
const COMPACT_LEN: usize = 8;

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// None of `YYYY年M月D日`, `YYYY.MM.DD`, `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`.
    #[error("not a date in any accepted shape")]
    Format,
    /// The shape is right but the day does not exist (`2019-02-30`).
    #[error("{year:04}-{month:02}-{day:02} is not a calendar date")]
    NotACalendarDate { year: i32, month: u32, day: u32 },
}

/// Parses one date in the shapes of §0.3 step 5, after dropping whitespace and folding
/// full-width digits: `2019年3月5日`, `2019年03月05日`, `2019.03.05`, `2019-03-05`,
/// `2019/03/05`, `20190305`. Months and days may have one or two digits except in the
/// compact shape.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_full_width_digit)
        .collect();
    let (year, month, day) = split_date(&cleaned).ok_or(DateError::Format)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NotACalendarDate {
        year,
        month,
        day,
    })
}

/// Splits a cleaned date into numbers, without judging the calendar.
fn split_date(s: &str) -> Option<(i32, u32, u32)> {
    if s.len() == COMPACT_LEN && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            s[0..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..8].parse().ok()?,
        ));
    }
    let parts: Vec<&str> = if let Some(body) = s.strip_suffix(DAY) {
        let (year, rest) = body.split_once(YEAR)?;
        let (month, day) = rest.split_once(MONTH)?;
        vec![year, month, day]
    } else {
        let separator = s.chars().find(|c| DATE_SEPARATORS.contains(c))?;
        s.split(separator).collect()
    };
    let [year, month, day] = parts[..] else {
        return None;
    };
    let number = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    Some((year, number(month, 1..=2)?, number(day, 1..=2)?))
}

/// Folds `０`–`９` to ASCII digits (the part of NFKC, §0.3 step 1, that dates need).
fn fold_full_width_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        other => other,
    }
}

/// The end of a validity term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermEnd {
    /// The last valid day.
    Date(NaiveDate),
    /// `长期`: no end.
    LongTerm,
}

impl TermEnd {
    /// Whether the term still runs on `day` (the end date itself is still valid).
    pub fn covers(self, day: NaiveDate) -> bool {
        match self {
            TermEnd::Date(end) => day <= end,
            TermEnd::LongTerm => true,
        }
    }
}

/// A validity term: a licence's 营业期限 or an ID card's 有效期限.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The first valid day; `None` when the term is printed as a bare `长期`.
    pub start: Option<NaiveDate>,
    pub end: TermEnd,
}

/// Parses a term: `2019年3月5日至2039年3月4日`, `2019年03月05日至长期`, `长期`,
/// `2015.06.01-2035.06.01`, `2015.06.01-长期` (§1.1.5, §1.2). Any date shape of
/// [`parse_date`] is accepted on either side; a bare date is not a term.
pub fn parse_term(text: &str) -> Result<Term, DateError> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !TERM_DECORATIONS.contains(c))
        .map(fold_full_width_digit)
        .collect();
    if cleaned == LONG_TERM {
        return Ok(Term {
            start: None,
            end: TermEnd::LongTerm,
        });
    }
    // `-` also separates the parts of a `YYYY-MM-DD` date, so try every separator position
    // and keep the first split whose both sides parse; report the most specific error.
    let mut error = DateError::Format;
    for (i, c) in cleaned.char_indices() {
        if !TERM_SEPARATORS.contains(&c) {
            continue;
        }
        let (start, end) = (&cleaned[..i], &cleaned[i + c.len_utf8()..]);
        let start = match parse_date(start) {
            Ok(start) => start,
            Err(e) => {
                error = more_specific(error, e);
                continue;
            }
        };
        let end = if end == LONG_TERM {
            TermEnd::LongTerm
        } else {
            match parse_date(end) {
                Ok(end) => TermEnd::Date(end),
                Err(e) => {
                    error = more_specific(error, e);
                    continue;
                }
            }
        };
        return Ok(Term {
            start: Some(start),
            end,
        });
    }
    Err(error)
}

fn more_specific(current: DateError, new: DateError) -> DateError {
    match current {
        DateError::Format => new,
        calendar => calendar,
    }
}

/// `date` moved by whole years; 29 February becomes 28 February in a common year.
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    let year = date.year() + years;
    date.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
        .unwrap_or(date)
}

/// Age in completed years on `day` of someone born on `birth` (0 if `day` is earlier).
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    day.years_since(birth).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_accepted_shape() {
        for text in [
            "2019年03月05日",
            "2019年3月5日",
            "2019 年 3 月 5 日",
            "2019.03.05",
            "2019.3.5",
            "2019-03-05",
            "2019/03/05",
            "20190305",
            "２０１９年３月５日",
        ] {
            assert_eq!(parse_date(text), Ok(date(2019, 3, 5)), "{text}");
        }
    }

    #[test]
    fn real_calendar_dates_only() {
        assert_eq!(
            parse_date("2019年2月29日"),
            Err(DateError::NotACalendarDate {
                year: 2019,
                month: 2,
                day: 29
            })
        );
        assert_eq!(parse_date("2020年2月29日"), Ok(date(2020, 2, 29)));
        assert!(matches!(
            parse_date("2019.13.01"),
            Err(DateError::NotACalendarDate { .. })
        ));
        assert!(matches!(
            parse_date("20190431"),
            Err(DateError::NotACalendarDate { .. })
        ));
        assert!(matches!(
            parse_date("2019-00-10"),
            Err(DateError::NotACalendarDate { .. })
        ));
    }

    #[test]
    fn malformed_dates() {
        for text in [
            "",
            "2019",
            "2019年3月",
            "2019年3月5",
            "19年3月5日",
            "2019.03-05",
            "2019.003.05",
            "2019..05",
            "2019.03.05.01",
            "201935",
            "2019-3-5日",
            "二〇一九年三月五日",
            "长期",
        ] {
            assert_eq!(parse_date(text), Err(DateError::Format), "{text}");
        }
    }

    #[test]
    fn licence_terms() {
        let term = parse_term("2019年3月5日至2039年3月4日").unwrap();
        assert_eq!(term.start, Some(date(2019, 3, 5)));
        assert_eq!(term.end, TermEnd::Date(date(2039, 3, 4)));
        let open = parse_term("2019年03月05日 至 长期").unwrap();
        assert_eq!(open.end, TermEnd::LongTerm);
        assert_eq!(
            parse_term("长期"),
            Ok(Term {
                start: None,
                end: TermEnd::LongTerm
            })
        );
        let decorated = parse_term("自2019年3月5日起至长期").unwrap();
        assert_eq!(decorated.start, Some(date(2019, 3, 5)));
    }

    #[test]
    fn id_validity_terms() {
        let term = parse_term("2015.06.01-2035.06.01").unwrap();
        assert_eq!(term.start, Some(date(2015, 6, 1)));
        assert_eq!(term.end, TermEnd::Date(date(2035, 6, 1)));
        let open = parse_term("2015.06.01-长期").unwrap();
        assert_eq!(open.end, TermEnd::LongTerm);
        let dashed = parse_term("2015-06-01-2035-06-01").unwrap();
        assert_eq!(dashed.end, TermEnd::Date(date(2035, 6, 1)));
        let em_dash = parse_term("2015.06.01—2035.06.01").unwrap();
        assert_eq!(em_dash.start, Some(date(2015, 6, 1)));
    }

    #[test]
    fn malformed_terms() {
        assert_eq!(parse_term(""), Err(DateError::Format));
        assert_eq!(parse_term("2015.06.01"), Err(DateError::Format));
        assert_eq!(parse_term("2015.06.01-"), Err(DateError::Format));
        assert_eq!(parse_term("长期-2015.06.01"), Err(DateError::Format));
        assert_eq!(
            parse_term("2015.06.01-2035.02.30"),
            Err(DateError::NotACalendarDate {
                year: 2035,
                month: 2,
                day: 30
            })
        );
    }

    #[test]
    fn term_end_covers_its_last_day() {
        let end = TermEnd::Date(date(2025, 6, 1));
        assert!(end.covers(date(2025, 6, 1)));
        assert!(!end.covers(date(2025, 6, 2)));
        assert!(TermEnd::LongTerm.covers(date(9999, 1, 1)));
    }

    #[test]
    fn year_arithmetic() {
        assert_eq!(add_years(date(2015, 6, 1), 20), date(2035, 6, 1));
        assert_eq!(add_years(date(2016, 2, 29), 10), date(2026, 2, 28));
        assert_eq!(add_years(date(2016, 2, 29), 4), date(2020, 2, 29));
        assert_eq!(age_on(date(1990, 6, 2), date(2025, 6, 1)), 34);
        assert_eq!(age_on(date(1990, 6, 1), date(2025, 6, 1)), 35);
        assert_eq!(age_on(date(2026, 1, 1), date(2025, 6, 1)), 0);
    }
}
