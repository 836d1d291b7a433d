//! Person-name comparison for the legal representative (RULES.md §5.6): the ID card's
//! `姓名` against the licence, Chinese names exactly after §5.1, Latin names (HK/Macau/
//! Taiwan permits, passports and their MRZ) as sets of name tokens.

use super::confusion::confusion_equal;
use super::normalise::normalise_name;
use crate::rules::text;

/// The dot between the parts of a transliterated name (`买买提·艾力`), after §5.1 step 5.
const NAME_DOT: char = '·';

/// Characters that separate the tokens of a Latin name: space, hyphen, comma and the
/// MRZ filler `<` (§5.6). Any whitespace separates too.
const LATIN_SEPARATORS: [char; 3] = ['-', ',', '<'];

/// The result of comparing two person names (§5.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonOutcome {
    /// The same name: `PASS`.
    Equal,
    /// Equal except that one has the `·` between name parts: `PASS_WITH_WARNING`.
    DotOnly,
    /// Same length, every difference an OCR confusion pair: `NEEDS_REVIEW`. Names are
    /// short, so one character matters: never an automatic pass.
    Confusable,
    /// Different names. A Latin name against a Chinese one lands here too: a
    /// transliteration cannot be checked, and §5.6 sends it to review.
    Different,
}

/// Compares two person names (§5.6).
///
/// Two Latin names (ASCII letters and separators only) are compared case-insensitively
/// with spaces, hyphens, commas and `<` as separators: they are equal when their token
/// multisets are equal, which allows surname/given-name swaps (`CHAN TAI MAN` vs `TAI MAN
/// CHAN`), or when their letters are equal in the same order, which ignores where the
/// spaces fall (`Chan, Taiman` vs `CHAN TAI MAN`). Joined tokens *and* a swap
/// (`TAIMAN CHAN`) are not accepted.
///
/// Other names are compared in the form of §5.1 (traditional characters simplified, so
/// `張偉` equals `张伟`): equal; equal without `·` → [`PersonOutcome::DotOnly`]; equal
/// without `·` up to confusion substitutions → [`PersonOutcome::Confusable`].
pub fn compare_person_names(a: &str, b: &str) -> PersonOutcome {
    match (latin_tokens(a), latin_tokens(b)) {
        (Some(x), Some(y)) => compare_latin(x, y),
        (None, None) => compare_chinese(&normalise_name(a), &normalise_name(b)),
        _ => PersonOutcome::Different,
    }
}

/// The upper-cased tokens of a Latin name, or `None` when the name has a character other
/// than ASCII letters and separators, or no letter at all.
fn latin_tokens(name: &str) -> Option<Vec<String>> {
    let name = text::normalize(name);
    let is_separator = |c: char| c.is_whitespace() || LATIN_SEPARATORS.contains(&c);
    if !name
        .chars()
        .all(|c| c.is_ascii_alphabetic() || is_separator(c))
    {
        return None;
    }
    let tokens: Vec<String> = name
        .split(is_separator)
        .filter(|token| !token.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    (!tokens.is_empty()).then_some(tokens)
}

fn compare_latin(mut a: Vec<String>, mut b: Vec<String>) -> PersonOutcome {
    if a.concat() == b.concat() {
        return PersonOutcome::Equal;
    }
    a.sort_unstable();
    b.sort_unstable();
    if a == b {
        PersonOutcome::Equal
    } else {
        PersonOutcome::Different
    }
}

fn compare_chinese(a: &str, b: &str) -> PersonOutcome {
    if a == b {
        return PersonOutcome::Equal;
    }
    let a = without_dots(a);
    let b = without_dots(b);
    if a == b {
        return PersonOutcome::DotOnly;
    }
    if confusion_equal(&a, &b) {
        PersonOutcome::Confusable
    } else {
        PersonOutcome::Different
    }
}

fn without_dots(name: &str) -> Vec<char> {
    name.chars().filter(|&c| c != NAME_DOT).collect()
}
