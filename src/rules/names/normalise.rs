//! The comparison form of a company or person name (RULES.md §5.1). Only for comparing:
//! the raw string is what a report shows. Nothing of legal meaning is removed: legal-form
//! suffixes, `分公司`, region prefixes and parenthesised text all stay.

use super::confusion::katakana_to_cjk;
use super::simplified::to_simplified;
use crate::rules::text;

/// Opening brackets that become `(` (§5.1 step 2). `［` is `[` once NFKC has run, so the
/// ASCII bracket is listed for it; full-width `（` is already `(`.
const OPENING_BRACKETS: [char; 5] = ['【', '〔', '［', '〖', '['];

/// Closing brackets that become `)` (§5.1 step 2), as [`OPENING_BRACKETS`].
const CLOSING_BRACKETS: [char; 5] = ['】', '〕', '］', '〗', ']'];

/// Quotation marks that are dropped (§5.1 step 3). Full-width `＂＇` are `"'` after NFKC.
const QUOTES: [char; 6] = ['“', '”', '‘', '’', '"', '\''];

/// Middle-dot variants that become `·` U+00B7 (§5.1 step 5), as in `买买提·艾力`.
/// Half-width `･` is `・` after NFKC and is listed for clarity.
const MIDDLE_DOTS: [char; 4] = ['•', '・', '‧', '･'];

/// A name in the comparison form of §5.1: NFKC and invisible characters removed
/// ([`text::normalize`]), other brackets as `()`, quotes dropped, whitespace removed,
/// middle dots as `·`, traditional characters simplified, katakana look-alikes as their
/// CJK characters (§5.3), ASCII upper-cased.
///
/// `normalise_name("阿里巴巴（中国） 有限公司")` is `"阿里巴巴(中国)有限公司"`.
pub fn normalise_name(raw: &str) -> String {
    text::normalize(raw).chars().filter_map(name_char).collect()
}

/// One character of a name in comparison form, or `None` for one that is dropped.
fn name_char(c: char) -> Option<char> {
    if c.is_whitespace() || QUOTES.contains(&c) {
        return None;
    }
    let c = bracket(c);
    let c = middle_dot(c);
    let c = to_simplified(c);
    let c = katakana_to_cjk(c);
    Some(c.to_ascii_uppercase())
}

/// `【〔［〖` as `(` and `】〕］〗` as `)`; any other character unchanged.
fn bracket(c: char) -> char {
    if OPENING_BRACKETS.contains(&c) {
        '('
    } else if CLOSING_BRACKETS.contains(&c) {
        ')'
    } else {
        c
    }
}

/// A middle-dot variant as `·`; any other character unchanged.
fn middle_dot(c: char) -> char {
    if MIDDLE_DOTS.contains(&c) { '·' } else { c }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_quotes_spaces_and_invisible_characters() {
        assert_eq!(
            normalise_name("阿里巴巴（中国） 有限公司"),
            "阿里巴巴(中国)有限公司"
        );
        for raw in [
            "阿里巴巴【中国】有限公司",
            "阿里巴巴〔中国〕有限公司",
            "阿里巴巴［中国］有限公司",
            "阿里巴巴〖中国〗有限公司",
            "阿里巴巴[中国]有限公司",
        ] {
            assert_eq!(normalise_name(raw), "阿里巴巴(中国)有限公司", "{raw}");
        }
        assert_eq!(normalise_name("“华为”技术有限公司"), "华为技术有限公司");
        assert_eq!(normalise_name("＂华为＇技术"), "华为技术");
        assert_eq!(
            normalise_name("深圳\u{3000}海盛\u{200B}科技\t有限\u{FEFF}公司\n"),
            "深圳海盛科技有限公司"
        );
    }

    #[test]
    fn dots_traditional_katakana_and_case() {
        for raw in ["买买提•艾力", "买买提・艾力", "买买提‧艾力", "买买提･艾力"]
        {
            assert_eq!(normalise_name(raw), "买买提·艾力", "{raw}");
        }
        assert_eq!(
            normalise_name("廣州東方貿易有限公司"),
            "广州东方贸易有限公司"
        );
        assert_eq!(normalise_name("深圳市エカタロニト"), "深圳市工力夕口二卜");
        // Half-width katakana are full-width after NFKC, then mapped.
        assert_eq!(normalise_name("ｴ"), "工");
        assert_eq!(normalise_name("ｓｏｎｙ (china) co"), "SONY(CHINA)CO");
    }

    #[test]
    fn legal_meaning_is_kept() {
        let raw = "阿里巴巴(中国)网络技术有限责任公司杭州分公司";
        assert_eq!(normalise_name(raw), raw);
    }
}
