//! The shared text normalisation of RULES.md §0.3, applied before any field is parsed or
//! compared: NFKC and invisible characters (steps 1–2). The code-field form (step 3) is
//! [`crate::rules::codes::normalise::code_like`].

use unicode_normalization::UnicodeNormalization;

/// Zero-width and invisible characters that OCR or copy-paste leave in text (§0.3 step 2):
/// zero-width space, non-joiner and joiner, word joiner, byte-order mark, soft hyphen.
pub const INVISIBLE: [char; 6] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}',
];

/// §0.3 steps 1–2: NFKC (full-width ASCII becomes ASCII, U+3000 a space, Kangxi radicals
/// and compatibility ideographs unified ideographs) and invisible characters removed.
pub fn normalize(text: &str) -> String {
    text.nfkc().filter(|c| !INVISIBLE.contains(c)).collect()
}

/// [`normalize`] with every whitespace character removed: the form in which printed
/// labels (`名　　称`) and values split by OCR across spaces are compared.
pub fn compact(text: &str) -> String {
    normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Levenshtein distance over characters: inserted, dropped or changed characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Whether `read` is `other` with one of a doubled character merged into one: the
/// recogniser (CTC) collapses a repeated character unless it sees a gap between the two,
/// so `1569.41` is read for `11569.41`. Two readings this far apart may be one value.
pub fn merged_repeat(read: &str, other: &str) -> bool {
    let (read, other): (Vec<char>, Vec<char>) = (read.chars().collect(), other.chars().collect());
    other.len() == read.len() + 1
        && (0..read.len()).any(|k| {
            other[k] == other[k + 1] && read[..k] == other[..k] && read[k..] == other[k + 1..]
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_inserted_dropped_and_changed_characters() {
        assert_eq!(edit_distance("2177.38", "21177.38"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn a_merged_repeat_is_one_of_a_doubled_character_dropped() {
        assert!(merged_repeat("1569.41", "11569.41"));
        assert!(merged_repeat("33107453449", "331074534449"));
        assert!(!merged_repeat("11569.41", "1569.41"));
        // A dropped character that was not doubled, a changed one, or the same text.
        assert!(!merged_repeat("1569.41", "12569.41"));
        assert!(!merged_repeat("1569.41", "1579.41"));
        assert!(!merged_repeat("1569.41", "1569.41"));
    }

    #[test]
    fn nfkc_folds_full_width_and_drops_invisible_characters() {
        assert_eq!(normalize("ＡＢＣ１２３（）："), "ABC123():");
        assert_eq!(normalize("名\u{3000}称\u{200B}"), "名 称");
        // Kangxi radical ⼈ (U+2F08) is the ideograph 人.
        assert_eq!(normalize("\u{2F08}民币"), "人民币");
    }

    #[test]
    fn compact_removes_all_spaces() {
        assert_eq!(compact("名　　称： 深圳 海盛"), "名称:深圳海盛");
    }
}
