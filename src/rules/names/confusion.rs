//! The OCR confusion table of RULES.md §5.3, kept as data so it can be tuned: groups of
//! characters that OCR mistakes for one another. A substitution within a group costs
//! [`crate::rules::names::NameParams::confusion_cost`] instead of 1 (§5.4).

use std::collections::HashSet;
use std::sync::LazyLock;

/// Latin letters, digits and the ASCII signs OCR reads for CJK strokes (§5.3 "Latin and
/// digits"). Every string is one group; the characters of a group are mutually
/// confusable. A character may sit in several groups (`0` in `0ODQ`, `〇0O` and `口□0`);
/// confusability is not transitive across groups (`O` and `口` are not a pair).
///
/// The lower-case letters (`l`, `b`, `g`, `q`, `x`) never meet a normalised name, which
/// is upper-cased (§5.1 step 7); they are kept because the table is the spec's.
pub const LATIN_DIGIT_GROUPS: &[&str] = &[
    "0ODQ", "1Il|", "2Z", "5S", "6Gb", "8B3", "9gq", "UV", "X×xK", "〇0O", "一-—", "二=", "十+",
    "口□0",
];

/// CJK glyphs that OCR confuses (§5.3 "CJK glyph pairs"), one group per string.
pub const CJK_GROUPS: &[&str] = &[
    "己已巳",
    "未末",
    "土士",
    "日曰",
    "千干于",
    "人入八",
    "大太犬",
    "木本术",
    "王玉壬主",
    "刀力",
    "戊戌戍戎",
    "免兔",
    "贝见",
    "鸟乌",
    "汩汨",
    "辨辩辫",
    "折拆",
    "市巿",
    "准淮",
    "厂广",
    "司同可",
    "公么",
    "科料",
    "技枝",
    "贸货资",
    "电由甲申田",
    "子孑孓",
    "务各",
    "业亚",
    "实买卖",
    "团因困",
    "股服",
    "份伤",
    "责贵",
    "任仼",
    "限很恨",
    "冶治",
    "侯候",
    "拔拨",
    "茶荼",
    "宇字",
    "处外",
];

/// Katakana that multilingual OCR models emit for look-alike CJK characters (§5.3), as
/// (katakana, CJK). [`crate::rules::names::normalise_name`] maps them to the CJK
/// character before comparing; [`are_confusable`] also reports each as a pair.
pub const KATAKANA_LOOKALIKES: [(char, char); 6] = [
    ('エ', '工'),
    ('カ', '力'),
    ('タ', '夕'),
    ('ロ', '口'),
    ('ニ', '二'),
    ('ト', '卜'),
];

/// Every ordered pair of distinct confusable characters, built once from the tables.
static PAIRS: LazyLock<HashSet<(char, char)>> = LazyLock::new(build_pairs);

fn build_pairs() -> HashSet<(char, char)> {
    let mut pairs = HashSet::new();
    for group in LATIN_DIGIT_GROUPS.iter().chain(CJK_GROUPS) {
        for a in group.chars() {
            for b in group.chars().filter(|&b| b != a) {
                pairs.insert((a, b));
            }
        }
    }
    for (katakana, cjk) in KATAKANA_LOOKALIKES {
        pairs.insert((katakana, cjk));
        pairs.insert((cjk, katakana));
    }
    pairs
}

/// Whether OCR may have read `b` for `a` (§5.3): both in one group of the table, or a
/// katakana look-alike pair. Symmetric; `false` when `a == b` (no edit at all).
pub fn are_confusable(a: char, b: char) -> bool {
    a != b && PAIRS.contains(&(a, b))
}

/// Katakana look-alike `c` as its CJK character (§5.3); any other character unchanged.
pub fn katakana_to_cjk(c: char) -> char {
    KATAKANA_LOOKALIKES
        .iter()
        .find(|&&(katakana, _)| katakana == c)
        .map_or(c, |&(_, cjk)| cjk)
}

/// Whether two character slices are equal up to confusion substitutions: the same length,
/// every position equal or a confusion pair. The "remainder is equal" test of §5.2.
pub fn confusion_equal(a: &[char], b: &[char]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(&x, &y)| x == y || are_confusable(x, y))
}
