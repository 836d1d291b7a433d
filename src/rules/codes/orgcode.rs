//! The 组织机构代码 (organisation code) of GB 11714-1997 (RULES.md §2.2): eight body characters
//! over `0-9A-Z` and a check character `0-9` or `X`. It also sits inside every USCC at
//! positions 9–17.

/// Weights of the eight body characters (GB 11714-1997).
const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Radix that gives `0-9` their digit value and `A`..`Z` the values 10..35, as GB 11714
/// numbers letters over the full alphabet (unlike the USCC table, which skips I, O, S, V, Z).
const VALUE_RADIX: u32 = 36;

/// The check character for an eight-character body over `0-9A-Z` (upper case), or `None` if
/// the body has the wrong length or characters. A remainder result of 10 is `X`, of 11 is `0`.
pub fn check_char(body8: &str) -> Option<char> {
    if body8.chars().count() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, weight) in body8.chars().zip(WEIGHTS) {
        if !(c.is_ascii_digit() || c.is_ascii_uppercase()) {
            return None;
        }
        sum += c.to_digit(VALUE_RADIX)? * weight;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        digit => char::from_digit(digit, 10)?,
    })
}

/// Whether `code9` is a valid organisation code: eight body characters, an optional `-`, and
/// the matching check character (`^[0-9A-Z]{8}-?[0-9X]$` plus the check).
pub fn is_valid(code9: &str) -> bool {
    let body: String = code9.chars().take(WEIGHTS.len()).collect();
    // `body.len()` is the byte length of the characters taken, so it is a char boundary.
    let rest = &code9[body.len()..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let mut check = rest.chars();
    match (check.next(), check.next()) {
        (Some(found), None) => check_char(&body) == Some(found),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        assert_eq!(check_char("M000100Y"), Some('4'));
        assert_eq!(check_char("71526726"), Some('X'));
        assert!(is_valid("M000100Y-4"));
        assert!(is_valid("71526726-X"));
        assert!(is_valid("M000100Y4"));
        assert!(is_valid("71526726X"));
    }

    #[test]
    fn embedded_codes_of_the_uscc_vectors() {
        for uscc in [
            "91350100M000100Y43",
            "91330100716105852F",
            "9144030071526726XG",
            "914403001922038216",
            "91110108551385082Q",
            "9135052155323005XL",
            "91110000600037341L",
        ] {
            assert!(is_valid(&uscc[8..17]), "{uscc}");
        }
        assert!(!is_valid(&"91310115MA1H8R7C6D"[8..17]));
    }

    #[test]
    fn remainder_zero_gives_check_zero() {
        // 0·… = 0, 11 − 0 = 11 → '0'.
        assert_eq!(check_char("00000000"), Some('0'));
        assert!(is_valid("00000000-0"));
    }

    #[test]
    fn rejects_malformed() {
        assert!(!is_valid("M000100Y-5"));
        assert!(!is_valid("M000100Y--4"));
        assert!(!is_valid("M000100-Y4"));
        assert!(!is_valid("M000100Y"));
        assert!(!is_valid("m000100Y4"));
        assert!(!is_valid("M000100Y-4 "));
        assert!(!is_valid(""));
        assert_eq!(check_char("M000100"), None);
        assert_eq!(check_char("M000100y"), None);
        assert_eq!(check_char("M000100Ý"), None);
    }
}
