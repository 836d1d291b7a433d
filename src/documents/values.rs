//! Turning the text read after a label into the normalised value REPORT.md stores: dates
//! `YYYY-MM-DD`, money with two decimals, codes upper-case without separators, names
//! NFKC with full-width brackets. Each returns `None` when the text holds no such value.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::rules::codes::normalise::code_like;
use crate::rules::dates::{TermEnd, parse_date, parse_term};
use crate::rules::money::words::parse_words;
use crate::rules::money::{format_yuan, parse_yuan};
use crate::rules::names::to_simplified_unambiguous;
use crate::rules::text::normalize;

/// A printed date anywhere in a text: `2019年3月5日`, `2019.03.05`, `2019-03-05`,
/// `2019/03/05`. Between month and day any one character is taken for 月, which OCR
/// misreads (`2026年1有04日`); the date must still be a real calendar date.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        // 年 M 月 D 日 with any glyph for 月 and 日 lost at the end of the text; 年 MMDD with
        // 月 lost, ending in 日, a term's 至 or the text; separators; or 日 lost before a
        // term's 至 after a two-digit day (a lone digit there may be a day that lost its
        // second).
        r"(\d{4})\s*(?:年\s*(\d{1,2})\s*[^\d\s]\s*(\d{1,2})\s*(?:日|$)|年\s*(\d{2})(\d{2})\s*(?:日|至|$)|[./-](\d{1,2})[./-](\d{1,2})|年\s*(\d{1,2})\s*[^\d\s]\s*(\d{2})\s*至)",
    )
    .expect("a valid pattern")
});

/// An amount in figures: optional currency sign, digits, two decimals.
static AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"-?[¥￥]?\s*-?\d+\.\d{2}").expect("a valid pattern"));

/// A cell of figures whose decimal point was read as a dash: digits, a dash, two digits.
static DASH_FOR_POINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)[-–—一](\d{2})$").expect("a valid pattern"));

/// A decimal point between digits with spaces before or after it, or read twice.
static LOOSE_POINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d)\s*(?:\.\s*)+(\d)").expect("a valid pattern"));

/// A tax rate as printed in the rate column: `13%`, `6%`, `1.5%`, not the tail of a
/// number run into it (`8803.929%` is an amount and a rate).
static RATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.])(\d{1,2}(?:\.\d)?%)").expect("a valid pattern"));

/// Currencies a registered capital may be stated in (RULES §1.1.5).
const CURRENCY_PREFIXES: [&str; 7] = ["人民币", "美元", "港元", "港币", "欧元", "日元", "英镑"];

/// The first date in `text`, as `YYYY-MM-DD`.
pub fn date(text: &str) -> Option<String> {
    dates(text).into_iter().next()
}

/// Every date in `text`, in order, as `YYYY-MM-DD`.
pub fn dates(text: &str) -> Vec<String> {
    let text = normalize(text);
    DATE.captures_iter(&text)
        .filter_map(|c| {
            let number = |i: usize| c.get(i).map(|m| m.as_str());
            let month = number(2).or(number(4)).or(number(6)).or(number(8))?;
            let day = number(3).or(number(5)).or(number(7)).or(number(9))?;
            parse_date(&format!("{}-{month}-{day}", number(1)?)).ok()
        })
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect()
}

/// A term `…至…` / `…-长期` / `长期`: its start (if printed) and its end (`长期` or a date).
pub fn term(text: &str) -> Option<(Option<String>, String)> {
    let text = normalize(text);
    if let Ok(term) = parse_term(&text) {
        let start = term.start.map(|d| d.format("%Y-%m-%d").to_string());
        let end = match term.end {
            TermEnd::Date(d) => d.format("%Y-%m-%d").to_string(),
            TermEnd::LongTerm => "长期".to_string(),
        };
        return Some((start, end));
    }
    // OCR noise around the term: take the dates found and a 长期.
    let found = dates(&text);
    let long_term = text.contains("长期");
    match (found.as_slice(), long_term) {
        ([start], true) => Some((Some(start.clone()), "长期".into())),
        ([start, end, ..], _) => Some((Some(start.clone()), end.clone())),
        ([], true) => Some((None, "长期".into())),
        _ => None,
    }
}

/// A code (credit code, ID, account number): §0.3 code form, the longest run of letters
/// and digits of at least `min_len`.
pub fn code(text: &str, min_len: usize) -> Option<String> {
    let cleaned = code_like(text);
    cleaned
        .split(|c: char| !c.is_ascii_alphanumeric())
        .max_by_key(|run| run.len())
        .filter(|run| run.len() >= min_len)
        .map(str::to_string)
}

/// Where the digits of a line start when at most `remnant` glyphs (what OCR left of a
/// lost label) stand before them; `None` when more do.
pub fn digits_after_remnant(text: &str, remnant: usize) -> Option<usize> {
    text.chars()
        .take(remnant + 1)
        .position(|c| c.is_ascii_digit())
}

/// A number made only of digits, at least `min_len` long (invoice codes and numbers,
/// account numbers).
pub fn digits(text: &str, min_len: usize) -> Option<String> {
    code_like(text)
        .split(|c: char| !c.is_ascii_digit())
        .max_by_key(|run| run.len())
        .filter(|run| run.len() >= min_len)
        .map(str::to_string)
}

/// The first amount in figures in `text`, as yuan with two decimals.
pub fn amount(text: &str) -> Option<String> {
    amounts(text).into_iter().next()
}

/// Every amount in figures in `text`, in order.
pub fn amounts(text: &str) -> Vec<String> {
    let text = normalize(text);
    AMOUNT
        .find_iter(&text)
        .filter_map(|m| parse_yuan(m.as_str()))
        .map(format_yuan)
        .collect()
}

/// The amounts of a row of `¥` cells (the 合计 row), one per `¥` sign in order: `None` for
/// a cell whose figures are not a well-formed amount (`¥442.3`), so that a misread cell
/// keeps its place and the next amount is not taken for it. Without a `¥` sign, every
/// amount in the text, each in its own cell; so are figures after a cell's before the next
/// sign. Two signs side by side (`¥¥4811.51`) are one sign read twice: a cell's figures
/// would stand between them.
pub fn yuan_cells(text: &str) -> Vec<Option<String>> {
    let mut text = normalize(text).replace('￥', "¥");
    while text.contains("¥¥") {
        text = text.replace("¥¥", "¥");
    }
    let segments: Vec<&str> = text.split('¥').collect();
    let Some((before, cells)) = segments.split_first() else {
        return Vec::new();
    };
    if cells.is_empty() {
        return amounts(&text).into_iter().map(Some).collect();
    }
    // Figures before the first sign are a cell whose sign was lost.
    let mut out: Vec<Option<String>> = amounts(before).into_iter().map(Some).collect();
    let mut previous = *before;
    for cell in cells {
        // A red-letter amount is printed `-¥…`: the minus ends the previous segment.
        let negative = previous.trim_end().ends_with('-');
        let figures = with_lost_point(&point_rejoined(&dash_as_point(&with_digit_lookalikes(
            cell.trim(),
        ))));
        let cell_amount = if negative {
            amount(&format!("-{figures}"))
        } else {
            amount(&figures)
        };
        out.push(cell_amount);
        // Further figures before the next sign are cells whose sign was lost
        // (`¥34271.23 4455.26`, blind seed 7919 app-00135).
        out.extend(
            AMOUNT
                .find_iter(&normalize(&figures))
                .skip(1)
                .filter_map(|m| parse_yuan(m.as_str()))
                .map(|v| Some(format_yuan(v))),
        );
        previous = cell;
    }
    out
}

/// A `¥` cell's figures with a dash read for its decimal point put back as the point
/// (`¥4051-15` for `¥4051.15`, blind seed 2929): a cell prints no dash between its
/// digits, and a red-letter amount's minus stands before the `¥`. The sum of the 合计
/// cells against the total (validation) checks the result.
fn dash_as_point(cell: &str) -> String {
    DASH_FOR_POINT.replace(cell, "$1.$2").into_owned()
}

/// A `¥` cell's figures with the spaces beside its decimal point taken out and a point
/// read twice written once: the detector splits a figure at its point now and then
/// (`￥23139 .79`), the recogniser writes the point twice now and then (`¥40751..14`,
/// blind seed 2929), and neither is ever printed.
fn point_rejoined(cell: &str) -> String {
    LOOSE_POINT.replace_all(cell, "$1.$2").into_owned()
}

/// A `¥` cell's figures with the letters the recogniser writes for digits (`B` for 8,
/// `O` for 0, `l` and `I` for 1, `S` for 5) put back as digits, when the cell holds
/// nothing else but figures and a point: no letter is ever printed in a cell
/// (`¥5830.6B` for `¥5830.68`, blind seed 5353). The sum of the 合计 cells against the
/// total (validation) checks the result. Anything else is returned as it was.
fn with_digit_lookalikes(cell: &str) -> String {
    let digit = |c: char| match c {
        'B' => Some('8'),
        'O' | 'o' => Some('0'),
        'l' | 'I' => Some('1'),
        'S' => Some('5'),
        _ => None,
    };
    let figures_only = cell
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || digit(c).is_some());
    let has_digits = cell.chars().filter(char::is_ascii_digit).count() >= 2;
    if figures_only && has_digits {
        cell.chars().map(|c| digit(c).unwrap_or(c)).collect()
    } else {
        cell.to_string()
    }
}

/// A `¥` cell's figures with the decimal point put back when the reading lost it
/// (`8656696` for `86566.96`): every amount on an invoice is printed with two decimals,
/// so a cell of bare digits lost its point. The sum of the 合计 cells against the total
/// (validation) checks the result. Anything else is returned as it was.
fn with_lost_point(cell: &str) -> String {
    let digits = cell.chars().all(|c| c.is_ascii_digit());
    if digits && cell.len() >= 3 {
        let (yuan, fen) = cell.split_at(cell.len() - 2);
        format!("{yuan}.{fen}")
    } else {
        cell.to_string()
    }
}

/// Characters of an amount in words (RULES §3.1).
pub const WORD_CHARS: &str = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿圆元角分整正";

/// An amount in words (`人民币伍仟万元整`, `⊗叁仟肆佰玖拾伍圆整`), as yuan with two decimals.
pub fn amount_in_words(text: &str) -> Option<String> {
    parse_words(&words(text)?).ok().map(format_yuan)
}

/// The amount in words in `text` as printed: the first run of numeral and unit
/// characters, without a currency prefix or the ⊗ before it.
pub fn words(text: &str) -> Option<String> {
    let text = normalize(text);
    let text = CURRENCY_PREFIXES
        .iter()
        .find_map(|p| text.find(p).map(|at| &text[at + p.len()..]))
        .unwrap_or(&text);
    let chars: Vec<char> = text.chars().collect();
    let words: String = (0..chars.len())
        .map(|k| {
            let c = numeral_as_printed(&chars, k, yuan_as_printed(&chars, k));
            unit_as_printed(&chars, k, c)
        })
        .skip_while(|c| !WORD_CHARS.contains(*c))
        .take_while(|c| WORD_CHARS.contains(*c))
        .collect();
    (words.chars().count() >= 2).then_some(words)
}

/// What the recogniser reads for 圆 in a line of amount words: glyphs of its shape (a box
/// round a few strokes) that an amount in words never prints.
const YUAN_MISREADINGS: [char; 2] = ['园', '国'];

/// Character `k` of `chars`, with a misreading of 圆 ([`YUAN_MISREADINGS`]) taken as 圆
/// where 圆 belongs: after a numeral or unit, and before the end, 整, or the 角 and 分
/// part (`壹拾贰园柒角壹分`, `柒万零肆佰玖拾壹国壹角`).
fn yuan_as_printed(chars: &[char], k: usize) -> char {
    let c = chars[k];
    if !YUAN_MISREADINGS.contains(&c) {
        return c;
    }
    let after_amount = k > 0 && "壹贰叁肆伍陆柒捌玖拾佰仟万亿零".contains(chars[k - 1]);
    let before_cents = match chars.get(k + 1) {
        None => true,
        Some(&next) => "零壹贰叁肆伍陆柒捌玖角分整正".contains(next),
    };
    if after_amount && before_cents {
        '圆'
    } else {
        c
    }
}

/// What the recogniser reads for a unit in a line of amount words, and the unit: glyphs of
/// the unit's shape that an amount in words never prints (仟 and 任 differ by a stroke,
/// 拾 and 抢 by one component).
const UNIT_MISREADINGS: [(char, char); 2] = [('任', '仟'), ('抢', '拾')];

/// What the recogniser reads for a numeral in a line of amount words, and the numeral:
/// glyphs of its shape that an amount in words never prints (柒 and 染 differ by one
/// component, 七 against 九).
const NUMERAL_MISREADINGS: [(char, char); 1] = [('染', '柒')];

/// `c` (character `k` of `chars`), or the numeral it misreads ([`NUMERAL_MISREADINGS`])
/// right before a unit, where a numeral belongs (`壹万零贰佰柒拾陆圆染角壹分`).
fn numeral_as_printed(chars: &[char], k: usize, c: char) -> char {
    let before_unit = chars
        .get(k + 1)
        .is_some_and(|&next| "拾佰仟万亿圆元角分".contains(next));
    NUMERAL_MISREADINGS
        .iter()
        .find(|(misread, _)| *misread == c && before_unit)
        .map_or(c, |&(_, numeral)| numeral)
}

/// `c` (character `k` of `chars`), or the unit it misreads ([`UNIT_MISREADINGS`]) right
/// after a numeral, where a unit belongs (`壹任伍佰玖拾叁圆整`, `叁仟肆佰玖抢伍圆整`).
fn unit_as_printed(chars: &[char], k: usize, c: char) -> char {
    let after_numeral = k > 0 && "壹贰叁肆伍陆柒捌玖".contains(chars[k - 1]);
    UNIT_MISREADINGS
        .iter()
        .find(|(misread, _)| *misread == c && after_numeral)
        .map_or(c, |&(_, unit)| unit)
}

/// Every tax rate printed in `text` (`13%`, not the tail of a number run into it), in
/// order, with the characters of `text` it was read from, so that its place on the line
/// can be found.
pub fn rates_with_chars(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    // NFKC one character at a time keeps the character count, so that a match's place in
    // the folded text is its place in `text`.
    let folded: String = text
        .chars()
        .map(|c| {
            let mut nfkc = std::iter::once(c).nfkc();
            match (nfkc.next(), nfkc.next()) {
                (Some(single), None) => single,
                _ => c,
            }
        })
        .collect();
    let char_at = |byte: usize| folded[..byte].chars().count();
    RATE.captures_iter(&folded)
        .filter_map(|c| c.get(1))
        .map(|m| (m.as_str().to_string(), char_at(m.start())..char_at(m.end())))
        .collect()
}

/// A company or organisation name: NFKC, brackets full-width (REPORT.md), and nothing
/// after a stray colon; a code (digits and capitals) is not one. Names on mainland documents are printed in simplified characters:
/// a traditional form the recogniser answered with is simplified where that leaves no
/// choice ([`to_simplified_unambiguous`]).
pub fn name(text: &str) -> Option<String> {
    let text = normalize(text);
    let text = text.trim_start_matches([':', '：']);
    let name: String = text
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => to_simplified_unambiguous(c),
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    // A run of digits and capitals is a code (a tax ID on the name's line), not a name.
    let is_code =
        name.chars().all(|c| c.is_ascii_alphanumeric()) && name.chars().any(|c| c.is_ascii_digit());
    // A name may hold a bracketed part (（集团）), but a bracket alone is a form's note
    // (价税合计's `（小写）` taken from the row beside a party block).
    let is_note = name.starts_with('（') && name.ends_with('）') && name.matches('（').count() == 1;
    (name.chars().count() >= 2 && !is_code && !is_note).then(|| legal_form_as_printed(name))
}

/// The legal forms a company name ends in (公司法 Art. 7: an LLC's name holds 有限责任公司
/// or 有限公司, a company limited by shares 股份有限公司 or 股份公司; RULES.md §5.2).
const LEGAL_FORMS: [&str; 4] = ["有限责任公司", "股份有限公司", "有限公司", "股份公司"];

/// `name` with its legal form as printed when the reading changed one glyph of it
/// (`…有限费任公司` for `…有限责任公司`): the forms are a closed list, and a name that ends
/// in none of them but in one with a single glyph changed ends in that one. A name that
/// ends in a form is as read: which form it is, is the registration's, never a repair's.
fn legal_form_as_printed(name: String) -> String {
    if LEGAL_FORMS.iter().any(|form| name.ends_with(form)) {
        return name;
    }
    let chars: Vec<char> = name.chars().collect();
    for form in LEGAL_FORMS {
        let form: Vec<char> = form.chars().collect();
        let Some(stem) = chars.len().checked_sub(form.len()).filter(|&n| n > 0) else {
            continue;
        };
        let changed = chars[stem..]
            .iter()
            .zip(&form)
            .filter(|(read, printed)| read != printed)
            .count();
        if changed == 1 {
            return chars[..stem].iter().chain(&form).collect();
        }
    }
    name
}

/// A person's name: CJK characters and the middle dot, or Latin letters and spaces for a
/// foreign name. Simplified like [`name`]: the extractors that call it read mainland
/// documents (孙傑磊 read for 孙杰磊).
pub fn person(text: &str) -> Option<String> {
    let text = normalize(text);
    let cjk: String = text
        .chars()
        .filter(|&c| is_cjk(c) || matches!(c, '·' | '•' | '・'))
        .map(|c| match c {
            '•' | '・' => '·',
            c => to_simplified_unambiguous(c),
        })
        .collect();
    if cjk.chars().count() >= 2 {
        return Some(cjk);
    }
    let latin = text.trim();
    (latin.len() >= 2 && latin.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
        .then(|| latin.to_string())
}

/// Free text (address, scope, authority): NFKC, kept as read.
pub fn free_text(text: &str) -> Option<String> {
    let text = normalize(text);
    let text = text.trim().trim_start_matches([':', '：']).trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// [`free_text`] of a mainland document, printed in 规范汉字: a glyph the recogniser
/// answered in its traditional form is turned back where OpenCC leaves no choice
/// (`福建廈门` for `福建厦门`).
pub fn mainland_text(text: &str) -> Option<String> {
    free_text(text).map(|text| text.chars().map(to_simplified_unambiguous).collect())
}

pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_found_with_their_place_in_the_line() {
        let line = "箱 8 1548.42 6% 2665.35 １３％";
        let found = rates_with_chars(line);
        assert_eq!(
            found,
            [("6%".to_string(), 12..14), ("13%".to_string(), 23..26)]
        );
        let read: Vec<String> = found
            .iter()
            .map(|(_, chars)| line.chars().skip(chars.start).take(chars.len()).collect())
            .collect();
        assert_eq!(read, ["6%", "１３％"]);
    }

    #[test]
    fn yuan_cells_keep_a_misread_cell_in_its_place() {
        let some = |v: &str| Some(v.to_string());
        assert_eq!(
            yuan_cells("¥44422.53 ¥2665.35"),
            [some("44422.53"), some("2665.35")]
        );
        assert_eq!(yuan_cells("¥442.3 ¥2665.35"), [None, some("2665.35")]);
        assert_eq!(yuan_cells("¥¥4811.51"), [some("4811.51")]);
        // A figure the detector split at its point is one cell.
        assert_eq!(
            yuan_cells("￥23139 .79 ¥2287.28"),
            [some("23139.79"), some("2287.28")]
        );
        // A point read twice is one point.
        assert_eq!(
            yuan_cells("¥40751..14 ¥2449.66"),
            [some("40751.14"), some("2449.66")]
        );
        assert_eq!(
            yuan_cells("¥8656696 ¥8178.67"),
            [some("86566.96"), some("8178.67")]
        );
        // A cell with anything but digits is not guessed at.
        assert_eq!(yuan_cells("¥86566 96"), [None]);
        // Letters read for digits in a cell of figures; not in a cell of words.
        assert_eq!(
            yuan_cells("¥65219.37 ¥5830.6B"),
            [some("65219.37"), some("5830.68")]
        );
        assert_eq!(yuan_cells("¥1O2.5l"), [some("102.51")]);
        // A dash read for the point; not a dash before other figures.
        assert_eq!(
            yuan_cells("¥48478.50 ¥4051-15"),
            [some("48478.50"), some("4051.15")]
        );
        assert_eq!(yuan_cells("¥4051-1"), [None]);
        // The next cell's sign lost, with or without the blank between them.
        for row in ["¥34271.23 4455.26", "¥34271.234455.26"] {
            assert_eq!(
                yuan_cells(row),
                [some("34271.23"), some("4455.26")],
                "{row}"
            );
        }
        assert_eq!(yuan_cells("¥B"), [None]);
        assert_eq!(yuan_cells("¥ ¥2665.35"), [None, some("2665.35")]);
        assert_eq!(
            yuan_cells("44422.53¥2665.35"),
            [some("44422.53"), some("2665.35")]
        );
        assert_eq!(
            yuan_cells("-¥100.00 -¥13.00"),
            [some("-100.00"), some("-13.00")]
        );
        assert_eq!(yuan_cells("100.00 13.00"), [some("100.00"), some("13.00")]);
        assert!(yuan_cells("合计").is_empty());
    }

    #[test]
    fn dates_in_any_printed_shape() {
        assert_eq!(
            date("成立日期2008年09月09日").as_deref(),
            Some("2008-09-09")
        );
        assert_eq!(date("2026 年 1 月 11 日").as_deref(), Some("2026-01-11"));
        assert_eq!(date("出生1990.3.5").as_deref(), Some("1990-03-05"));
        assert_eq!(date("2019年02月30日"), None);
        assert_eq!(date("2026年1有04日").as_deref(), Some("2026-01-04"));
        assert_eq!(date("无"), None);
        // 月 lost between four digits; 日 lost at the end of the text, or before a term's 至
        // after a two-digit day, never elsewhere mid-text.
        assert_eq!(date("2012年0824日").as_deref(), Some("2012-08-24"));
        assert_eq!(date("至2042年08月24").as_deref(), Some("2042-08-24"));
        assert_eq!(date("2042年08月2至"), None);
        assert_eq!(date("2042年08月24至").as_deref(), Some("2042-08-24"));
    }

    #[test]
    fn terms_with_an_end_or_long_term() {
        assert_eq!(
            term("2008年09月09日至长期"),
            Some((Some("2008-09-09".into()), "长期".into()))
        );
        assert_eq!(
            term("2015.06.01-2035.06.01"),
            Some((Some("2015-06-01".into()), "2035-06-01".into()))
        );
        assert_eq!(term("长期"), Some((None, "长期".into())));
        assert_eq!(
            term("2012年0824日至2042年08月24"),
            Some((Some("2012-08-24".into()), "2042-08-24".into()))
        );
        // The start's 日 lost before 至, and the end's 月.
        assert_eq!(
            term("2015年09月20至2045年0920日"),
            Some((Some("2015-09-20".into()), "2045-09-20".into()))
        );
        // The start's 月 and 日 lost, and the end's 日.
        assert_eq!(
            term("2013年0227至2043年02月27"),
            Some((Some("2013-02-27".into()), "2043-02-27".into()))
        );
    }

    #[test]
    fn codes_amounts_and_rates() {
        assert_eq!(
            code("91440305 MA7E4KT381", 18).as_deref(),
            Some("91440305MA7E4KT381")
        );
        assert_eq!(code("No:12", 8), None);
        assert_eq!(digits("No 12271524", 8).as_deref(), Some("12271524"));
        assert_eq!(amounts("¥2987.18 ¥507.82"), ["2987.18", "507.82"]);
        assert_eq!(amount("(小写)￥3495.00").as_deref(), Some("3495.00"));
        assert_eq!(
            amount_in_words("人民币伍仟万元整").as_deref(),
            Some("50000000.00")
        );
        assert_eq!(
            amount_in_words("ⓧ叁仟肆佰玖拾伍圆整").as_deref(),
            Some("3495.00")
        );
        // 圆 read as a glyph of its shape, where only 圆 can stand.
        assert_eq!(
            words("壹拾壹万玖仟捌佰陆拾贰园柒角壹分").as_deref(),
            Some("壹拾壹万玖仟捌佰陆拾贰圆柒角壹分")
        );
        assert_eq!(
            amount_in_words("⑧柒万零肆佰玖拾壹国壹角").as_deref(),
            Some("70491.10")
        );
        assert_eq!(words("中国壹佰圆整").as_deref(), Some("壹佰圆整"));
        // 仟 read as 任 and 拾 as 抢, after a numeral only.
        assert_eq!(
            amount_in_words("壹任伍佰玖拾叁圆整").as_deref(),
            Some("1593.00")
        );
        assert_eq!(
            amount_in_words("叁仟肆佰玖抢伍圆整").as_deref(),
            Some("3495.00")
        );
        assert_eq!(words("任壹佰圆整").as_deref(), Some("壹佰圆整"));
        // 柒 read as 染, before a unit only.
        assert_eq!(
            amount_in_words("⑧壹万零贰佰柒拾陆圆染角壹分").as_deref(),
            Some("10276.71")
        );
        assert_eq!(words("染壹佰圆整").as_deref(), Some("壹佰圆整"));
        let rates = |text: &str| -> Vec<String> {
            rates_with_chars(text).into_iter().map(|(r, _)| r).collect()
        };
        assert_eq!(rates("13% 13% 9%"), ["13%", "13%", "9%"]);
        assert_eq!(rates("8803.929%"), Vec::<String>::new());
        assert_eq!(rates("免税 3%"), ["3%"]);
    }

    #[test]
    fn a_legal_form_read_with_one_glyph_changed_is_the_form_printed() {
        assert_eq!(
            name("武汉润弘贸易有限费任公司").as_deref(),
            Some("武汉润弘贸易有限责任公司")
        );
        assert_eq!(
            name("上海浦东发展银行股分有限公司").as_deref(),
            Some("上海浦东发展银行股分有限公司"),
            "ends in 有限公司, a form: as read"
        );
        assert_eq!(
            name("深圳腾讯有限公同").as_deref(),
            Some("深圳腾讯有限公司")
        );
        // Forms as read stay, whichever they are.
        for read in [
            "杭州闪客科技有限公司",
            "杭州闪客科技有限责任公司",
            "某某股份公司",
        ] {
            assert_eq!(name(read).as_deref(), Some(read));
        }
        // A branch or another ending is no misread form.
        for read in [
            "广州商贸有限公司分公司",
            "中国银行深圳分行",
            "广州某某合伙企业",
        ] {
            assert_eq!(name(read).as_deref(), Some(read));
        }
    }

    #[test]
    fn names_get_full_width_brackets() {
        assert_eq!(
            name("：阿里巴巴(中国)有限公司").as_deref(),
            Some("阿里巴巴（中国）有限公司")
        );
        assert_eq!(name("91320106MAE7EQGB8G"), None, "a tax ID is no name");
        assert_eq!(name("(小写)"), None, "a bracketed note is no name");
        assert_eq!(
            name("(北京)科技有限公司").as_deref(),
            Some("（北京）科技有限公司")
        );
        assert_eq!(name("IBM").as_deref(), Some("IBM"));
        assert_eq!(person("王宇").as_deref(), Some("王宇"));
        assert_eq!(person("买买提•艾力").as_deref(), Some("买买提·艾力"));
        assert_eq!(person("JOHN SMITH").as_deref(), Some("JOHN SMITH"));
        assert_eq!(person("1"), None);
    }

    #[test]
    fn traditional_glyphs_read_on_mainland_names_are_simplified_where_unambiguous() {
        assert_eq!(person("孙傑磊").as_deref(), Some("孙杰磊"));
        assert_eq!(person("黃建").as_deref(), Some("黄建"));
        assert_eq!(
            name("廣州昌騰食品有限公司").as_deref(),
            Some("广州昌腾食品有限公司")
        );
        // 乾 is a name character of its own as well as the old form of 干: kept.
        assert_eq!(person("李乾").as_deref(), Some("李乾"));
    }

    #[test]
    fn mainland_text_turns_traditional_glyphs_back_where_there_is_no_choice() {
        assert_eq!(
            mainland_text("：福建廈门思明区文三路134号").as_deref(),
            Some("福建厦门思明区文三路134号")
        );
        assert_eq!(mainland_text(" ："), None);
    }
}
