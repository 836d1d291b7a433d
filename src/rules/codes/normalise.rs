//! Normalisation of code-like fields (RULES.md §0.3 steps 1–3): what every validator in
//! [`crate::rules::codes`] expects before it looks at an OCR-ed ID, code or number.

use crate::rules::text::INVISIBLE;

/// Separators printed or read inside codes, dropped (§0.3 step 3). The hyphen-like dashes
/// (`‐ ‑ – —`) and `・` are included because OCR reads the printed `-`/`·` as them.
const SEPARATORS: [char; 9] = ['-', '_', '·', '‐', '‑', '–', '—', '・', '•'];

/// Look-alikes of the ID check character `X` (§0.3 step 3).
const X_LOOK_ALIKES: [char; 3] = ['×', '✕', 'ｘ'];

/// The ideographic zero, read for the digit 0 (§0.3 step 3).
const IDEOGRAPHIC_ZERO: char = '〇';

/// First and last code point of the full-width ASCII block (`！`..`～`), and the distance
/// to the ASCII character each stands for: the part of NFKC (§0.3 step 1) that matters
/// for codes.
const FULL_WIDTH_FIRST: char = '\u{FF01}';
const FULL_WIDTH_LAST: char = '\u{FF5E}';
const FULL_WIDTH_OFFSET: u32 = 0xFEE0;

/// Normalises a code-like field (§0.3 steps 1–3): full-width ASCII to ASCII, zero-width
/// characters, whitespace and the separators `- _ ·` removed, `× ✕ ｘ` to `X`, `〇` to `0`,
/// then upper case. `"９１３５ 0100-m000100y43"` becomes `"91350100M000100Y43"`.
///
/// Full NFKC ([`crate::rules::text::normalize`]) matters for names (§5.1), not for codes,
/// whose characters are all ASCII once full-width forms are folded.
pub fn code_like(raw: &str) -> String {
    raw.chars()
        .map(fold_full_width)
        .filter(|c| !c.is_whitespace() && !INVISIBLE.contains(c) && !SEPARATORS.contains(c))
        .map(|c| match c {
            c if X_LOOK_ALIKES.contains(&c) => 'X',
            IDEOGRAPHIC_ZERO => '0',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Maps a full-width ASCII character to its ASCII form; everything else is unchanged.
fn fold_full_width(c: char) -> char {
    if (FULL_WIDTH_FIRST..=FULL_WIDTH_LAST).contains(&c) {
        char::from_u32(c as u32 - FULL_WIDTH_OFFSET).unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_separators_case_and_look_alikes() {
        let cases = [
            ("９１３５ 0100-m000100y43", "91350100M000100Y43"),
            ("M000100Y-4", "M000100Y4"),
            ("11010519491231002×", "11010519491231002X"),
            ("11010519491231002ｘ", "11010519491231002X"),
            ("110105 1949 1231 002x", "11010519491231002X"),
            ("\u{FEFF}J2900\u{200B}123456789", "J2900123456789"),
            ("4510—02019263", "451002019263"),
            ("〇〇1", "001"),
            ("\u{3000}H1234５６７８\t", "H12345678"),
            ("", ""),
        ];
        for (raw, expected) in cases {
            assert_eq!(code_like(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn leaves_other_characters_for_the_validators_to_reject() {
        assert_eq!(code_like("91é"), "91é");
        assert_eq!(code_like("长期"), "长期");
    }
}
