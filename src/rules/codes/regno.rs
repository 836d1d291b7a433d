//! The old 15-digit 注册号 (business registration number) of GS 15-2006 (RULES.md §2.3):
//! 14 body digits and an ISO 7064 MOD 11,10 check digit. Only used to recognise an
//! old-format licence.

/// Number of body digits before the check digit.
const BODY_LEN: usize = 14;

/// Modulus M of the ISO 7064 hybrid system MOD 11,10; the other modulus is 10.
const MODULUS: u32 = 11;

/// The check digit for 14 body digits, or `None` if `body14` is not exactly 14 ASCII digits.
pub fn check_digit(body14: &str) -> Option<char> {
    if body14.len() != BODY_LEN {
        return None;
    }
    let mut p = 10;
    for c in body14.chars() {
        let mut s = (c.to_digit(10)? + p) % 10;
        if s == 0 {
            s = 10;
        }
        p = (s * 2) % MODULUS;
    }
    char::from_digit((MODULUS - p) % 10, 10)
}

/// Whether `code15` is 15 ASCII digits whose last digit is the MOD 11,10 check of the rest.
pub fn is_valid(code15: &str) -> bool {
    match (code15.get(..BODY_LEN), code15.get(BODY_LEN..)) {
        (Some(body), Some(check)) if check.len() == 1 => {
            check_digit(body).is_some_and(|c| check.starts_with(c))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_vectors() {
        assert_eq!(check_digit("11010800000001"), Some('6'));
        assert!(is_valid("110108000000016"));
        assert!(!is_valid("110108000000017"));
    }

    #[test]
    fn every_single_digit_substitution_is_caught() {
        let valid = "110108000000016";
        for (i, original) in valid.char_indices() {
            for digit in '0'..='9' {
                if digit == original {
                    continue;
                }
                let mut corrupted = valid.to_owned();
                corrupted.replace_range(i..=i, digit.encode_utf8(&mut [0; 4]));
                assert!(!is_valid(&corrupted), "{corrupted}");
            }
        }
    }

    #[test]
    fn rejects_malformed() {
        assert!(!is_valid("11010800000001"));
        assert!(!is_valid("1101080000000160"));
        assert!(!is_valid("11010800000001X"));
        assert!(!is_valid("1101080000000A6"));
        assert!(!is_valid("11010800000001é"));
        assert_eq!(check_digit("1101080000000"), None);
        assert_eq!(check_digit("1101080000000Ö"), None);
    }
}
