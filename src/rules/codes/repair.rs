//! Generic OCR auto-repair for check-digit-protected codes (RULES.md §0.4): force letters to
//! digits where only digits may stand, then try every single substitution over the OCR
//! confusion pairs, and accept a repair only when exactly one candidate passes all checks.

use std::collections::BTreeSet;

/// Letters OCR reads for digits, forced back wherever the charset allows only digits (§0.4
/// step 1).
const FORCED_DIGITS: [(char, char); 4] = [('O', '0'), ('I', '1'), ('Z', '2'), ('S', '5')];

/// The OCR confusion pairs of §0.4 step 3; each is tried in both directions.
pub const CONFUSION_PAIRS: [(char, char); 7] = [
    ('8', 'B'),
    ('0', 'D'),
    ('0', 'Q'),
    ('6', 'G'),
    ('1', 'T'),
    ('7', 'T'),
    ('U', 'V'),
];

/// The outcome of an auto-repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// The code was valid as read; nothing changed.
    AlreadyValid,
    /// The one valid reading found (report `OCR_REPAIRED`, `PASS_WITH_WARNING`).
    Repaired(String),
    /// No valid reading, or more than one (`candidates` of them): `CHECKSUM_FAIL`,
    /// `NEEDS_REVIEW`.
    Unrepairable {
        /// How many single-substitution readings passed every check.
        candidates: usize,
    },
}

/// Repairs `raw` (normalised per §0.3) against `is_valid`, which must apply every check of the
/// code. `charset_forbids_letters_at(i)` tells whether the character at 0-based index `i` must
/// be a digit: there `O`, `I`, `Z` and `S` become `0`, `1`, `2` and `5`, and no substitution
/// puts a letter there.
pub fn repair_code(
    raw: &str,
    charset_forbids_letters_at: impl Fn(usize) -> bool,
    is_valid: impl Fn(&str) -> bool,
) -> Repair {
    if is_valid(raw) {
        return Repair::AlreadyValid;
    }
    let forced: Vec<char> = raw
        .chars()
        .enumerate()
        .map(
            |(i, c)| match FORCED_DIGITS.iter().find(|(letter, _)| *letter == c) {
                Some(&(_, digit)) if charset_forbids_letters_at(i) => digit,
                _ => c,
            },
        )
        .collect();
    let forced_text: String = forced.iter().collect();
    if is_valid(&forced_text) {
        return Repair::Repaired(forced_text);
    }

    let mut candidates = BTreeSet::new();
    for (i, &original) in forced.iter().enumerate() {
        for replacement in confusions_of(original) {
            if replacement.is_ascii_alphabetic() && charset_forbids_letters_at(i) {
                continue;
            }
            let mut candidate = forced.clone();
            candidate[i] = replacement;
            let candidate: String = candidate.into_iter().collect();
            if is_valid(&candidate) {
                candidates.insert(candidate);
            }
        }
    }
    if candidates.len() == 1 {
        let only = candidates.pop_first().unwrap_or_default();
        Repair::Repaired(only)
    } else {
        Repair::Unrepairable {
            candidates: candidates.len(),
        }
    }
}

/// The characters `c` is confused with, over both directions of [`CONFUSION_PAIRS`].
fn confusions_of(c: char) -> impl Iterator<Item = char> {
    CONFUSION_PAIRS.iter().filter_map(move |&(a, b)| {
        if a == c {
            Some(b)
        } else if b == c {
            Some(a)
        } else {
            None
        }
    })
}

/// Every reading of `code` with one character swapped for its confusion partner: the
/// corruptions the property tests of each code feed to its repair.
#[cfg(test)]
pub(super) fn confusion_substitutions(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        for replacement in confusions_of(c) {
            let mut corrupted = chars.clone();
            corrupted[i] = replacement;
            out.push(corrupted.into_iter().collect());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::codes::regno;

    fn digits_only(_: usize) -> bool {
        true
    }

    #[test]
    fn a_valid_code_is_left_alone() {
        assert_eq!(
            repair_code("110108000000016", digits_only, regno::is_valid),
            Repair::AlreadyValid
        );
    }

    #[test]
    fn forced_letters_alone_can_repair() {
        assert_eq!(
            repair_code("11O1O8OOOOOOO16", digits_only, regno::is_valid),
            Repair::Repaired("110108000000016".into())
        );
    }

    #[test]
    fn letters_are_forced_only_where_digits_are_required() {
        let only_first_is_digit = |i: usize| i == 0;
        let is_o_then_zero = |c: &str| c == "00";
        assert_eq!(
            repair_code("OO", only_first_is_digit, is_o_then_zero),
            Repair::Unrepairable { candidates: 0 }
        );
        assert_eq!(
            repair_code("OO", |_| true, is_o_then_zero),
            Repair::Repaired("00".into())
        );
    }

    #[test]
    fn one_confusion_after_forcing() {
        // The O are forced to 0, then B → 8 at index 5 gives the valid number.
        assert_eq!(
            repair_code("11O1OBOOOOOOO16", digits_only, regno::is_valid),
            Repair::Repaired("110108000000016".into())
        );
        // Two confusions are beyond a single substitution.
        assert_eq!(
            repair_code("11O1OBOOOOOOOT6", digits_only, regno::is_valid),
            Repair::Unrepairable { candidates: 0 }
        );
    }

    #[test]
    fn confusions_go_both_ways() {
        let mut of_t: Vec<char> = confusions_of('T').collect();
        of_t.sort_unstable();
        assert_eq!(of_t, ['1', '7']);
        let mut of_0: Vec<char> = confusions_of('0').collect();
        of_0.sort_unstable();
        assert_eq!(of_0, ['D', 'Q']);
        assert_eq!(confusions_of('V').collect::<Vec<_>>(), ['U']);
        assert_eq!(confusions_of('A').count(), 0);
    }

    #[test]
    fn several_candidates_are_not_a_repair() {
        let accept_both = |c: &str| c == "1X" || c == "7X";
        assert_eq!(
            repair_code("TX", |_| false, accept_both),
            Repair::Unrepairable { candidates: 2 }
        );
        assert_eq!(
            repair_code("TX", |_| false, |c: &str| c == "7X"),
            Repair::Repaired("7X".into())
        );
    }

    #[test]
    fn no_letter_is_substituted_into_a_digit_position() {
        assert_eq!(
            repair_code("8", |_| true, |c: &str| c == "B"),
            Repair::Unrepairable { candidates: 0 }
        );
        assert_eq!(
            repair_code("8", |_| false, |c: &str| c == "B"),
            Repair::Repaired("B".into())
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for raw in ["", "é", "零零", "\u{0}"] {
            assert_eq!(
                repair_code(raw, digits_only, regno::is_valid),
                Repair::Unrepairable { candidates: 0 }
            );
        }
    }
}
