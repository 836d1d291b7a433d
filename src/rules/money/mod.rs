//! Money as integer fen (1 yuan = 100 fen; RULES.md §0.3 step 6 and §3): amounts in figures
//! (小写) here, amounts in words (大写, §3.1) in [`words`]. Never a float.

pub mod words;

pub use words::{WordsError, format_words, parse_words};

/// Fen in one yuan.
const FEN_PER_YUAN: i64 = 100;

/// Currency signs dropped before parsing figures (§0.3 step 6), half- and full-width.
const CURRENCY_SIGNS: &[char] = &['¥', '￥'];

/// Thousands separators (§0.3 step 6), half- and full-width.
const THOUSANDS_SEPARATORS: &[char] = &[',', '，'];

/// Digits between thousands separators.
const THOUSANDS_GROUP: usize = 3;

/// Minus signs accepted before figures: ASCII and U+2212 (as RULES.md prints `−100.00`).
const MINUS_SIGNS: &[char] = &['-', '−'];

/// Formats fen as yuan with two decimals and no separators: `3495.00`, `-100.00`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let per_yuan = FEN_PER_YUAN.unsigned_abs();
    format!("{sign}{}.{:02}", abs / per_yuan, abs % per_yuan)
}

/// Parses an amount in figures to fen: strips `¥`, `￥` and whitespace, takes an optional
/// leading minus, then digits and either no decimals or exactly two
/// (`^-?[0-9]+(\.[0-9]{2})?$`). Thousands separators are stripped too, but only where they
/// separate groups of three, so that a decimal comma (`3495,00`) is not read as 349500 yuan.
/// `None` if malformed or beyond `i64` fen.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !CURRENCY_SIGNS.contains(c))
        .collect();
    let (negative, unsigned) = match cleaned.strip_prefix(MINUS_SIGNS) {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (yuan, fen) = match unsigned.split_once('.') {
        Some((yuan, fen)) if fen.len() == 2 => (yuan, fen),
        Some(_) => return None,
        None => (unsigned, "00"),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut groups = yuan.split(THOUSANDS_SEPARATORS);
    let first = groups.next().unwrap_or_default();
    let grouped = yuan.contains(THOUSANDS_SEPARATORS);
    if !all_digits(first) || (grouped && first.len() > THOUSANDS_GROUP) || !all_digits(fen) {
        return None;
    }
    if !groups.all(|group| group.len() == THOUSANDS_GROUP && all_digits(group)) {
        return None;
    }
    let yuan = yuan.replace(THOUSANDS_SEPARATORS, "");
    // Parse as a negative number so that i64::MIN fen is reachable.
    let mut total: i64 = 0;
    for digit in yuan.bytes().chain(fen.bytes()) {
        total = total
            .checked_mul(10)?
            .checked_sub(i64::from(digit - b'0'))?;
    }
    if negative {
        Some(total)
    } else {
        total.checked_neg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats() {
        assert_eq!(format_yuan(349_500), "3495.00");
        assert_eq!(format_yuan(-10_000), "-100.00");
        assert_eq!(format_yuan(0), "0.00");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(format_yuan(-5), "-0.05");
        assert_eq!(format_yuan(i64::MIN), "-92233720368547758.08");
        assert_eq!(format_yuan(i64::MAX), "92233720368547758.07");
    }

    #[test]
    fn parses() {
        let cases = [
            ("3495.00", 349_500),
            ("¥3,495.00", 349_500),
            ("￥ 11 300.00", 1_130_000),
            ("11300", 1_130_000),
            ("-100.00", -10_000),
            ("−100.00", -10_000),
            ("¥-100.00", -10_000),
            ("-¥100.00", -10_000),
            ("0.05", 5),
            ("-0.00", 0),
            ("1,234,567.89", 123_456_789),
            ("1，234.00", 123_400),
            ("92233720368547758.07", i64::MAX),
            ("-92233720368547758.08", i64::MIN),
        ];
        for (text, fen) in cases {
            assert_eq!(parse_yuan(text), Some(fen), "{text}");
        }
    }

    #[test]
    fn rejects() {
        for text in [
            "",
            "¥",
            "-",
            ".50",
            "3495.",
            "3495.0",
            "3495.000",
            "3,495.5",
            "1e3",
            "+5.00",
            "--5.00",
            "5.00-",
            "3495,00",
            "1,2345.00",
            "1234,567.00",
            ",123.00",
            "1,,234.00",
            "3.4.5",
            "1.2,3",
            "０.05",
            "92233720368547758.08",
            "壹佰",
        ] {
            assert_eq!(parse_yuan(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn round_trips(fen in any::<i64>()) {
            prop_assert_eq!(parse_yuan(&format_yuan(fen)), Some(fen));
        }
    }
}
