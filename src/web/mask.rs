//! Masking of ID and bank account numbers wherever they appear in lists and logs: the
//! first few and the last four characters stay, enough to tell two apart, too few to use.

/// Shortest digit run treated as an ID or account number (bank accounts start near 12;
/// credit codes are public and not masked, but are letters-and-digits anyway).
const MIN_SENSITIVE_DIGITS: usize = 12;

/// `440106197510260257` → `440***********0257`.
pub fn mask_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let keep_head = 3;
    let keep_tail = 4;
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_head || i >= chars.len() - keep_tail {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Masks every run of at least [`MIN_SENSITIVE_DIGITS`] digits (an ID number's final `X`
/// included) in free text such as an audit entry or a log line.
pub fn mask_in_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i < chars.len() && (chars[i] == 'X' || chars[i] == 'x') && i - start == 17 {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let digits = run.chars().filter(char::is_ascii_digit).count();
            let joined_to_word = start > 0 && chars[start - 1].is_ascii_alphabetic();
            if digits >= MIN_SENSITIVE_DIGITS && !joined_to_word {
                out.push_str(&mask_number(&run));
            } else {
                out.push_str(&run);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_ends_only() {
        assert_eq!(mask_number("440106197510260257"), "440***********0257");
        assert_eq!(mask_number("11010519491231002X"), "110***********002X");
        assert_eq!(mask_number("6222021234567890123"), "622************0123");
        assert_eq!(mask_number("123"), "***");
    }

    #[test]
    fn long_digit_runs_in_text_are_masked_and_the_rest_kept() {
        assert_eq!(
            mask_in_text(r#"{"id_number":"11010519491231002X","account":"6222021234567890123"}"#),
            r#"{"id_number":"110***********002X","account":"622************0123"}"#
        );
        // Dates, amounts, short numbers and credit codes stay readable.
        let plain = "2026-11-28 ¥1130.00 job 42 91440106MAC4K84Y7T";
        assert_eq!(mask_in_text(plain), plain);
    }
}
