//! Bank numbers on the 开户许可证 and 基本存款账户信息 (RULES.md §1.4, §2.9, §2.10): the
//! corporate account number (no checksum), the Luhn test that tells a personal bank card,
//! the 核准号 / 基本存款账户编号 and the permit's 编号.

use serde::{Deserialize, Serialize};

/// The letter of a basic deposit account (基本存款账户) 核准号 (§1.4).
const BASIC_ACCOUNT_PREFIX: char = 'J';

/// Other account-type letters: `L` 临时 (temporary) and `Z` 专用 (special-purpose), both
/// [U] (§1.4, §10.2).
const OTHER_ACCOUNT_PREFIXES: [char; 2] = ['L', 'Z'];

/// Digits after the letter of a 核准号: 4 area + 7 sequence + 2 version (§1.4).
const HEZHUN_DIGITS: usize = 13;
const AREA: std::ops::Range<usize> = 1..5;
const SEQUENCE: std::ops::Range<usize> = 5..12;
const VERSION: std::ops::Range<usize> = 12..14;

/// Bank-card (PAN) lengths, ISO/IEC 7812 as issued in China: 16–19 digits (§2.9).
const CARD_LENGTHS: std::ops::RangeInclusive<usize> = 16..=19;

/// Leading digits of personal bank cards: UnionPay `62`, Visa `4`, Mastercard `5` (§2.9).
const CARD_PREFIXES: [&str; 3] = ["62", "4", "5"];

/// The digits of an account number once spaces and `-` are gone (§2.9), or `None` if anything
/// else is left. Expects a code-like normalised text (which has already dropped them).
pub fn account_digits(normalised: &str) -> Option<&str> {
    (!normalised.is_empty() && normalised.bytes().all(|b| b.is_ascii_digit())).then_some(normalised)
}

/// The Luhn (mod 10) check of a bank card number. Only for cards: corporate accounts have no
/// checksum and must never be judged by it (§2.9). `false` for non-digits or an empty text.
pub fn luhn_ok(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether an account number looks like a personal bank card rather than a corporate account:
/// 16–19 digits, starting `62`, `4` or `5`, **and** passing Luhn (§2.9,
/// `ACCOUNT_LOOKS_LIKE_PERSONAL_CARD`).
pub fn looks_like_personal_card(digits: &str) -> bool {
    CARD_LENGTHS.contains(&digits.len())
        && CARD_PREFIXES.iter().any(|p| digits.starts_with(p))
        && luhn_ok(digits)
}

/// A 核准号 or 基本存款账户编号, split per the [U/K] structure of §1.4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hezhun {
    /// The account-type letter: `J` for a basic deposit account.
    pub prefix: char,
    /// The 4-digit PBOC area code (`2900` Shanghai, `1000` Beijing, `5840` Shenzhen).
    pub area: String,
    pub sequence: String,
    /// The 2-digit version / change counter (meaning [U]).
    pub version: String,
}

/// Why a text is not a basic-account 核准号 (`HEZHUN_FORMAT`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HezhunError {
    /// Not a letter followed by 13 digits.
    #[error("not a 核准号: J followed by 13 digits")]
    Format,
    /// The shape is right but the letter is `L` or `Z`, not `J`: not a basic deposit account
    /// (onboarding needs one; §1.4 sends this to review).
    #[error("核准号 starts with {}, not J: not a basic deposit account", .0.prefix)]
    OtherPrefix(Hezhun),
}

/// Parses a normalised 核准号 / 基本存款账户编号: `^J[0-9]{13}$` (§1.4, §2.10). No check digit
/// is known, so the shape is all that is checked.
pub fn parse_hezhun(code: &str) -> Result<Hezhun, HezhunError> {
    let mut chars = code.chars();
    let prefix = chars.next().ok_or(HezhunError::Format)?;
    let digits = chars.as_str();
    if digits.len() != HEZHUN_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HezhunError::Format);
    }
    let parsed = Hezhun {
        prefix,
        area: code[AREA].to_owned(),
        sequence: code[SEQUENCE].to_owned(),
        version: code[VERSION].to_owned(),
    };
    match prefix {
        BASIC_ACCOUNT_PREFIX => Ok(parsed),
        p if OTHER_ACCOUNT_PREFIXES.contains(&p) => Err(HezhunError::OtherPrefix(parsed)),
        _ => Err(HezhunError::Format),
    }
}

/// Whether a permit 编号 has the [U] shape `^[0-9]{4}-?[0-9]{8}$` (§1.4). Takes the text
/// as printed (before code-like normalisation drops the `-`).
pub fn is_permit_serial(text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match text.split_once('-') {
        Some((area, rest)) => digits(area, 4) && digits(rest, 8),
        None => digits(text, 12),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_digits_only() {
        assert_eq!(
            account_digits("1202021109900123456"),
            Some("1202021109900123456")
        );
        assert_eq!(account_digits(""), None);
        assert_eq!(account_digits("12020211O9900123456"), None);
    }

    #[test]
    fn luhn() {
        assert!(luhn_ok("4111111111111111"));
        assert!(luhn_ok("79927398713"));
        assert!(!luhn_ok("79927398710"));
        assert!(!luhn_ok(""));
        assert!(!luhn_ok("4111-1111"));
    }

    #[test]
    fn personal_cards() {
        // A Visa test number and a UnionPay-shaped number with its Luhn digit.
        assert!(looks_like_personal_card("4111111111111111"));
        assert!(looks_like_personal_card("6212345678901234569"));
        // Same prefix but failing Luhn, a corporate-looking length, a non-card prefix.
        assert!(!looks_like_personal_card("6212345678901234567"));
        assert!(!looks_like_personal_card("41111111111111"));
        assert!(!looks_like_personal_card("1202021109900123456"));
    }

    #[test]
    fn hezhun_sample() {
        let parsed = parse_hezhun("J2900123456789").unwrap();
        assert_eq!(parsed.prefix, 'J');
        assert_eq!(parsed.area, "2900");
        assert_eq!(parsed.sequence, "1234567");
        assert_eq!(parsed.version, "89");
    }

    #[test]
    fn hezhun_other_prefixes_and_shapes() {
        assert!(
            matches!(parse_hezhun("L2900123456789"), Err(HezhunError::OtherPrefix(h)) if h.prefix == 'L')
        );
        assert!(matches!(
            parse_hezhun("Z2900123456789"),
            Err(HezhunError::OtherPrefix(_))
        ));
        for bad in [
            "",
            "J",
            "J290012345678",
            "J29001234567890",
            "A2900123456789",
            "J29001234567B9",
            "2900123456789J",
        ] {
            assert_eq!(parse_hezhun(bad), Err(HezhunError::Format), "{bad}");
        }
    }

    #[test]
    fn permit_serials() {
        assert!(is_permit_serial("4510-02019263"));
        assert!(is_permit_serial("451002019263"));
        assert!(!is_permit_serial("4510-0201926"));
        assert!(!is_permit_serial("451-002019263"));
        assert!(!is_permit_serial("4510--02019263"));
    }
}
