//! Amounts in words (大写金额, RULES.md §3.1): the canonical invoice form, and a strict parser
//! of the grammar of §3.1 that follows the 支付结算 filling-in norms (正确填写票据和结算凭证).

/// Digits by value; `零` marks zero places and is never a digit of its own.
const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
/// Units inside a four-digit section, for places 1, 2 and 3.
const SECTION_UNITS: [char; 3] = ['拾', '佰', '仟'];
const ZERO: char = '零';
const WAN: char = '万';
const YI: char = '亿';
const YUAN: char = '圆';
const JIAO: char = '角';
const FEN: char = '分';
const ZHENG: char = '整';
/// Marker the canonical form puts before a negative (red-letter) amount.
const NEGATIVE_PREFIX: &str = "(负数)";

const FEN_PER_YUAN: u64 = 100;
const WAN_VALUE: u64 = 10_000;
const YI_VALUE: u64 = 100_000_000;
/// Amounts must stay below 1万亿 yuan (§3.1 validation 4); larger ones are for review.
const LIMIT_YUAN: u64 = 1_000_000_000_000;

/// Places (powers of ten of a yuan) right below the 亿, 万 and 圆 boundaries: when the zero
/// run before such a place ends at the boundary, its `零` may be written or omitted (§3.1).
const ZERO_OPTIONAL_BEFORE: [i32; 3] = [7, 3, -1];

/// Traditional forms (§3.1) and the common variant 叄, the equivalents 元 = 圆 and 正 = 整,
/// and full-width brackets, each mapped to the character at the same index of [`MAPPED_TO`].
const MAPPED_FROM: &str = "貳陸億萬圓參叄元正（）";
const MAPPED_TO: &str = "贰陆亿万圆叁叁圆整()";
/// Prefixes dropped before parsing: currency, the (大写) label and the invoice markers.
const DECORATIONS: [&str; 5] = ["人民币", "(大写)", "ⓧ", "⊗", "×"];
/// Prefixes that mark a red-letter (negative) amount.
const NEGATIVE_MARKERS: [&str; 2] = ["(负数)", "负数"];
/// Characters left after normalisation (Appendix A, `AMOUNT_WORDS_CHARS`).
const ALLOWED: &str = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿圆角分整";
/// Colloquial numerals and units the norms forbid (不得用一、二（两）…十、毛、另).
const COLLOQUIAL: &str = "一二两三四五六七八九十百千毛另";

/// Why a text is not an amount in words (`AMOUNT_WORDS_UNPARSEABLE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    #[error("no amount in words")]
    Empty,
    #[error("'{ch}' is a colloquial numeral or unit, not allowed in an amount in words")]
    Colloquial { ch: char },
    #[error("'{ch}' is not a character of amounts in words")]
    UnexpectedChar { ch: char },
    #[error("the amount has no 圆, 角 or 分")]
    NoUnit,
    #[error("two digits in a row: '{first}{second}'")]
    DigitsInARow { first: char, second: char },
    #[error("units are not strictly descending at '{ch}'")]
    UnitsNotDescending { ch: char },
    #[error("整 is not written after 分")]
    ZhengAfterFen,
    #[error("零 missing before '{ch}': a zero place inside the amount must be marked")]
    MissingZero { ch: char },
    #[error("零 before '{ch}' stands for no zero place")]
    SuperfluousZero { ch: char },
    #[error("'{ch}' is out of place")]
    Misplaced { ch: char },
    #[error("amounts of 1万亿 yuan or more are not supported")]
    TooLarge,
}

/// An amount in words, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedWords {
    /// The amount in fen, negative when marked 负数.
    pub fen: i64,
    /// The amount starts with a bare `拾` (10 without 壹): tolerated, but worth a warning.
    pub bare_ten: bool,
}

/// The canonical invoice form of an amount in fen (§3.1 table): `圆` and `整`, `零` for
/// internal zero runs, `(负数)` before a negative amount, `零圆整` for zero. Amounts of
/// 1万亿 yuan or more come out as `…万亿…`, which [`parse_words`] refuses.
pub fn format_words(fen: i64) -> String {
    let mut out = String::new();
    if fen < 0 {
        out.push_str(NEGATIVE_PREFIX);
    }
    let abs = fen.unsigned_abs();
    let yuan = abs / FEN_PER_YUAN;
    let (jiao, fen) = ((abs / 10 % 10) as usize, (abs % 10) as usize);
    if yuan > 0 {
        push_integer(&mut out, yuan);
        out.push(YUAN);
    }
    match (yuan, jiao, fen) {
        (0, 0, 0) => out.extend([ZERO, YUAN, ZHENG]),
        (_, 0, 0) => out.push(ZHENG),
        _ => {
            if yuan > 0 && jiao == 0 {
                out.push(ZERO);
            }
            if jiao > 0 {
                out.extend([DIGITS[jiao], JIAO]);
            }
            if fen > 0 {
                out.extend([DIGITS[fen], FEN]);
            }
        }
    }
    out
}

/// Writes a positive whole number of yuan: sections split on 亿, then 万.
fn push_integer(out: &mut String, n: u64) {
    if n < YI_VALUE {
        return push_below_yi(out, n);
    }
    push_integer(out, n / YI_VALUE);
    out.push(YI);
    let rest = n % YI_VALUE;
    if rest > 0 {
        if rest < YI_VALUE / 10 {
            out.push(ZERO);
        }
        push_below_yi(out, rest);
    }
}

/// Writes `0 < n < 1亿`.
fn push_below_yi(out: &mut String, n: u64) {
    let (high, low) = (n / WAN_VALUE, n % WAN_VALUE);
    if high > 0 {
        push_section(out, high);
        out.push(WAN);
        if low > 0 && low < WAN_VALUE / 10 {
            out.push(ZERO);
        }
    }
    if low > 0 {
        push_section(out, low);
    }
}

/// Writes `0 < n < 1万`, with one `零` per internal zero run and none for trailing zeros.
fn push_section(out: &mut String, n: u64) {
    let (mut started, mut zero_run) = (false, false);
    for place in (0..4).rev() {
        let digit = (n / 10u64.pow(place) % 10) as usize;
        if digit == 0 {
            zero_run = started;
            continue;
        }
        if zero_run {
            out.push(ZERO);
            zero_run = false;
        }
        out.push(DIGITS[digit]);
        if place > 0 {
            out.push(SECTION_UNITS[place as usize - 1]);
        }
        started = true;
    }
}

/// Parses an amount in words to fen; see [`parse_words_detailed`].
pub fn parse_words(text: &str) -> Result<i64, WordsError> {
    parse_words_detailed(text).map(|parsed| parsed.fen)
}

/// Parses an amount in words (§3.1 grammar) after normalising it: whitespace dropped,
/// traditional forms and 元/正 mapped, full-width brackets made half-width, and the prefixes
/// 人民币, (大写), ⓧ/⊗/× and (负数)/负数 stripped (the last making the amount negative).
/// Optional `零` and `整` may be missing; a `零` that the norms require may not.
pub fn parse_words_detailed(text: &str) -> Result<ParsedWords, WordsError> {
    let (negative, chars) = normalise(text)?;
    let tokens: Vec<Token> = chars.iter().map(|&c| Token::of(c)).collect();
    let (fen, bare_ten) = parse_amount(&tokens)?;
    let fen = i64::try_from(fen).map_err(|_| WordsError::TooLarge)?;
    let fen = if negative { -fen } else { fen };
    Ok(ParsedWords { fen, bare_ten })
}

/// Applies the §3.1 normalisations; returns whether a 负数 marker was found, and the rest.
fn normalise(text: &str) -> Result<(bool, Vec<char>), WordsError> {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match MAPPED_FROM.chars().position(|from| from == c) {
            Some(i) => MAPPED_TO.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .collect();
    let mut negative = false;
    'strip: loop {
        for prefix in DECORATIONS.iter().chain(&NEGATIVE_MARKERS) {
            if let Some(rest) = s.strip_prefix(prefix) {
                negative |= NEGATIVE_MARKERS.contains(prefix);
                s = rest.to_owned();
                continue 'strip;
            }
        }
        break;
    }
    if s.is_empty() {
        return Err(WordsError::Empty);
    }
    if let Some(ch) = s.chars().find(|&c| !ALLOWED.contains(c)) {
        return Err(if COLLOQUIAL.contains(ch) {
            WordsError::Colloquial { ch }
        } else {
            WordsError::UnexpectedChar { ch }
        });
    }
    Ok((negative, s.chars().collect()))
}

/// One character of a normalised amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Digit(u8),
    Zero,
    /// 拾, 佰, 仟: the place 1, 2 or 3 inside a section.
    Unit(u8),
    /// 万, 亿, 圆, 角, 分, 整.
    Mark(char),
}

impl Token {
    fn of(c: char) -> Token {
        if c == ZERO {
            Token::Zero
        } else if let Some(value) = DIGITS.iter().position(|&d| d == c) {
            Token::Digit(value as u8)
        } else if let Some(unit) = SECTION_UNITS.iter().position(|&u| u == c) {
            Token::Unit(unit as u8 + 1)
        } else {
            Token::Mark(c)
        }
    }

    fn char(self) -> char {
        match self {
            Token::Digit(value) => DIGITS[usize::from(value)],
            Token::Zero => ZERO,
            Token::Unit(place) => SECTION_UNITS[usize::from(place) - 1],
            Token::Mark(c) => c,
        }
    }
}

/// A written digit at its place (power of ten of a yuan; 角 is −1, 分 −2), or a `零`.
#[derive(Debug, Clone, Copy)]
enum Item {
    Digit { place: i32, value: u8 },
    Zero,
}

/// `amount := [int 圆] [零] [jiao 角] [fen 分] [整]`; returns fen and whether 拾 was bare.
fn parse_amount(tokens: &[Token]) -> Result<(u64, bool), WordsError> {
    let is_mark = |t: &Token, c: char| *t == Token::Mark(c);
    if !tokens
        .iter()
        .any(|t| [YUAN, JIAO, FEN].iter().any(|&c| is_mark(t, c)))
    {
        return Err(WordsError::NoUnit);
    }
    let mut items = Vec::new();
    let (mut bare_ten, mut zero_yuan) = (false, false);
    let mut yuans = (0..tokens.len()).filter(|&i| is_mark(&tokens[i], YUAN));
    let decimals = match (yuans.next(), yuans.next()) {
        (Some(_), Some(_)) => return Err(WordsError::Misplaced { ch: YUAN }),
        (Some(at), None) => {
            let int = &tokens[..at];
            match int {
                [] => return Err(WordsError::Misplaced { ch: YUAN }),
                [Token::Zero] => zero_yuan = true,
                _ => bare_ten = parse_integer(int, &mut items)?,
            }
            &tokens[at + 1..]
        }
        (None, _) => tokens,
    };
    parse_decimals(decimals, &mut items)?;
    check_zeros(&items, zero_yuan)?;

    let (mut yuan, mut fen) = (0u64, 0u64);
    for item in &items {
        if let Item::Digit { place, value } = *item {
            match u32::try_from(place) {
                Ok(place) => yuan += u64::from(value) * 10u64.pow(place),
                Err(_) => fen += u64::from(value) * 10u64.pow((place + 2) as u32),
            }
        }
    }
    if yuan >= LIMIT_YUAN {
        return Err(WordsError::TooLarge);
    }
    Ok((yuan * FEN_PER_YUAN + fen, bare_ten))
}

/// `int := [sec 亿] [sec 万] [sec]`, split on the last 亿, then on 万.
fn parse_integer(tokens: &[Token], items: &mut Vec<Item>) -> Result<bool, WordsError> {
    let (high, rest) = match tokens.iter().rposition(|&t| t == Token::Mark(YI)) {
        Some(at) => (Some(&tokens[..at]), &tokens[at + 1..]),
        None => (None, tokens),
    };
    let mut bare_ten = false;
    if let Some(high) = high {
        if high.is_empty() {
            return Err(WordsError::Misplaced { ch: YI });
        }
        if high.contains(&Token::Mark(YI)) {
            return Err(WordsError::TooLarge);
        }
        // A 万 before the 亿 (…万亿) parses, and is then refused as too large.
        bare_ten = parse_below_yi(high, 8, true, items)?;
    }
    Ok(parse_below_yi(rest, 0, high.is_none(), items)? || bare_ten)
}

/// `[sec 万] [sec]` at place `offset`; the section before 万 may not be empty.
fn parse_below_yi(
    tokens: &[Token],
    offset: i32,
    first: bool,
    items: &mut Vec<Item>,
) -> Result<bool, WordsError> {
    let mut wans = (0..tokens.len()).filter(|&i| tokens[i] == Token::Mark(WAN));
    match (wans.next(), wans.next()) {
        (Some(_), Some(_)) => Err(WordsError::Misplaced { ch: WAN }),
        (Some(0), None) => Err(WordsError::Misplaced { ch: WAN }),
        (Some(at), None) => {
            let bare_ten = parse_section(&tokens[..at], offset + 4, first, items)?;
            parse_section(&tokens[at + 1..], offset, false, items)?;
            Ok(bare_ten)
        }
        (None, _) => parse_section(tokens, offset, first, items),
    }
}

/// One section at place `offset`: digit-unit groups with strictly descending units
/// (仟 > 佰 > 拾 > none) and `零` between them. A bare 拾 is read as 壹拾 only as the very
/// first token of the amount (`first`); returns whether it was.
fn parse_section(
    tokens: &[Token],
    offset: i32,
    first: bool,
    items: &mut Vec<Item>,
) -> Result<bool, WordsError> {
    let mut previous_place = None;
    let mut bare_ten = false;
    let mut i = 0;
    while i < tokens.len() {
        let (place, value, used) = match (tokens[i], tokens.get(i + 1)) {
            (Token::Zero, None) => return Err(WordsError::Misplaced { ch: ZERO }),
            (Token::Zero, Some(_)) => {
                items.push(Item::Zero);
                i += 1;
                continue;
            }
            (Token::Digit(first), Some(&Token::Digit(second))) => {
                return Err(WordsError::DigitsInARow {
                    first: Token::Digit(first).char(),
                    second: Token::Digit(second).char(),
                });
            }
            (Token::Digit(value), Some(&Token::Unit(place))) => (place, value, 2),
            (Token::Digit(value), _) => (0, value, 1),
            (Token::Unit(1), _) if first && i == 0 => {
                bare_ten = true;
                (1, 1, 1)
            }
            (other, _) => return Err(WordsError::Misplaced { ch: other.char() }),
        };
        if previous_place.is_some_and(|previous| place >= previous) {
            return Err(WordsError::UnitsNotDescending {
                ch: tokens[i + used - 1].char(),
            });
        }
        previous_place = Some(place);
        items.push(Item::Digit {
            place: offset + i32::from(place),
            value,
        });
        i += used;
    }
    Ok(bare_ten)
}

/// `[零] [digit 角] [digit 分] [整]`, with no 整 after 分.
fn parse_decimals(tokens: &[Token], items: &mut Vec<Item>) -> Result<(), WordsError> {
    let mut rest = tokens;
    if let [Token::Zero, tail @ ..] = rest {
        items.push(Item::Zero);
        rest = tail;
    }
    let mut ends_with_fen = false;
    for (mark, place) in [(JIAO, -1), (FEN, -2)] {
        if let [Token::Digit(value), Token::Mark(m), tail @ ..] = rest
            && *m == mark
        {
            items.push(Item::Digit {
                place,
                value: *value,
            });
            rest = tail;
            ends_with_fen = mark == FEN;
        }
    }
    match rest {
        [] => Ok(()),
        [Token::Mark(ZHENG)] if ends_with_fen => Err(WordsError::ZhengAfterFen),
        [Token::Mark(ZHENG)] => Ok(()),
        [Token::Digit(first), Token::Digit(second), ..] => Err(WordsError::DigitsInARow {
            first: Token::Digit(*first).char(),
            second: Token::Digit(*second).char(),
        }),
        [other, ..] => Err(WordsError::Misplaced { ch: other.char() }),
    }
}

/// The §3.1 zero rules over all written places: a `零` stands between two digits for at least
/// one zero place; a zero run goes unmarked only when it ends at the 亿, 万 or 圆 boundary.
fn check_zeros(items: &[Item], zero_yuan: bool) -> Result<(), WordsError> {
    for (i, &item) in items.iter().enumerate() {
        let previous = i.checked_sub(1).map(|j| items[j]);
        match item {
            Item::Zero => {
                let Some(Item::Digit { place, value }) = items.get(i + 1).copied() else {
                    return Err(WordsError::Misplaced { ch: ZERO });
                };
                match previous {
                    Some(Item::Digit { place: before, .. }) if before - place < 2 => {
                        return Err(WordsError::SuperfluousZero {
                            ch: DIGITS[usize::from(value)],
                        });
                    }
                    Some(Item::Digit { .. }) => {}
                    None if zero_yuan => {}
                    _ => return Err(WordsError::Misplaced { ch: ZERO }),
                }
            }
            Item::Digit { place, value } => {
                if let Some(Item::Digit { place: before, .. }) = previous
                    && before - place >= 2
                    && !ZERO_OPTIONAL_BEFORE.contains(&place)
                {
                    return Err(WordsError::MissingZero {
                        ch: DIGITS[usize::from(value)],
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The §3.1 test vectors: fen, canonical words.
    const CANONICAL: [(i64, &str); 17] = [
        (1_130_000, "壹万壹仟叁佰圆整"),
        (140_950, "壹仟肆佰零玖圆伍角"),
        (600_714, "陆仟零柒圆壹角肆分"),
        (1_640_902, "壹万陆仟肆佰零玖圆零贰分"),
        (32_504, "叁佰贰拾伍圆零肆分"),
        (168_032, "壹仟陆佰捌拾圆叁角贰分"),
        (10_700_053, "壹拾万柒仟圆伍角叁分"),
        (101_000, "壹仟零壹拾圆整"),
        (1_000, "壹拾圆整"),
        (10_001_000, "壹拾万零壹拾圆整"),
        (1_000_010_000, "壹仟万零壹佰圆整"),
        (10_000_000_100, "壹亿零壹圆整"),
        (100_001, "壹仟圆零壹分"),
        (50, "伍角"),
        (5, "伍分"),
        (
            99_999_999_999,
            "玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖圆玖角玖分",
        ),
        (-10_000, "(负数)壹佰圆整"),
    ];

    #[test]
    fn canonical_table_both_ways() {
        for (fen, words) in CANONICAL {
            assert_eq!(format_words(fen), words, "{fen}");
            assert_eq!(parse_words(words), Ok(fen), "{words}");
        }
    }

    #[test]
    fn accepted_alternatives() {
        let cases = [
            ("壹仟陆佰捌拾圆零叁角贰分", 168_032),
            ("壹拾万零柒仟圆伍角叁分", 10_700_053),
            ("壹拾万柒仟圆零伍角叁分", 10_700_053),
            ("壹拾万零柒仟圆零伍角叁分", 10_700_053),
            ("零圆伍角", 50),
            ("壹佰圆", 10_000),
            ("伍角整", 50),
            ("零圆整", 0),
            ("壹亿零壹佰万圆整", 10_100_000_000),
            ("壹拾亿壹仟万圆整", 101_000_000_000),
            ("壹拾亿零壹仟万圆整", 101_000_000_000),
        ];
        for (words, fen) in cases {
            assert_eq!(parse_words(words), Ok(fen), "{words}");
        }
    }

    #[test]
    fn bare_ten_is_tolerated_with_a_flag() {
        let parsed = parse_words_detailed("拾圆整").unwrap();
        assert_eq!(
            parsed,
            ParsedWords {
                fen: 1_000,
                bare_ten: true
            }
        );
        let parsed = parse_words_detailed("拾万零伍圆整").unwrap();
        assert_eq!(
            parsed,
            ParsedWords {
                fen: 10_000_500,
                bare_ten: true
            }
        );
        assert!(!parse_words_detailed("壹拾圆整").unwrap().bare_ten);
        let not_leading = WordsError::Misplaced { ch: '拾' };
        assert_eq!(parse_words("壹万拾圆整"), Err(not_leading));
    }

    #[test]
    fn must_reject_table() {
        use WordsError::*;
        let cases = [
            ("壹佰壹仟圆整", UnitsNotDescending { ch: '仟' }),
            (
                "壹贰圆整",
                DigitsInARow {
                    first: '壹',
                    second: '贰',
                },
            ),
            ("壹分整", ZhengAfterFen),
            ("两佰圆整", Colloquial { ch: '两' }),
            ("壹仟壹佰", NoUnit),
        ];
        for (words, error) in cases {
            assert_eq!(parse_words(words), Err(error), "{words}");
        }
    }

    #[test]
    fn further_rejections() {
        use WordsError::*;
        let cases = [
            ("", Empty),
            ("人民币（大写）", Empty),
            ("壹佰圆整整", Misplaced { ch: '整' }),
            ("壹佰1圆整", UnexpectedChar { ch: '1' }),
            ("壹佰圆伍毛", Colloquial { ch: '毛' }),
            ("一百元整", Colloquial { ch: '一' }),
            ("壹仟玖圆整", MissingZero { ch: '玖' }),
            ("壹仟壹拾圆整", MissingZero { ch: '壹' }),
            ("壹亿壹圆整", MissingZero { ch: '壹' }),
            ("壹万陆仟肆佰零玖圆贰分", MissingZero { ch: '贰' }),
            ("壹万零壹仟圆整", SuperfluousZero { ch: '壹' }),
            ("壹仟零壹佰圆整", SuperfluousZero { ch: '壹' }),
            ("壹佰零零伍圆整", Misplaced { ch: '零' }),
            ("壹佰零圆整", Misplaced { ch: '零' }),
            ("壹圆零整", Misplaced { ch: '零' }),
            ("壹拾零万伍仟圆整", Misplaced { ch: '零' }),
            ("零壹圆整", Misplaced { ch: '零' }),
            ("圆整", Misplaced { ch: '圆' }),
            ("万圆整", Misplaced { ch: '万' }),
            ("亿圆整", Misplaced { ch: '亿' }),
            ("壹万壹万圆整", Misplaced { ch: '万' }),
            ("壹圆伍", Misplaced { ch: '伍' }),
            ("壹圆壹圆", Misplaced { ch: '圆' }),
            ("壹圆整伍角", Misplaced { ch: '整' }),
            ("壹分伍角", Misplaced { ch: '伍' }),
            (
                "壹圆伍贰角",
                DigitsInARow {
                    first: '伍',
                    second: '贰',
                },
            ),
            ("壹拾佰圆整", Misplaced { ch: '佰' }),
            ("壹万亿圆整", TooLarge),
            ("壹亿亿圆整", TooLarge),
            ("负数", Empty),
            ("(负数)-壹佰圆整", UnexpectedChar { ch: '-' }),
        ];
        for (words, error) in cases {
            assert_eq!(parse_words(words), Err(error), "{words}");
        }
    }

    #[test]
    fn normalisations() {
        assert_eq!(MAPPED_FROM.chars().count(), MAPPED_TO.chars().count());
        let cases = [
            ("壹万壹仟叁佰元整", 1_130_000),
            ("壹万壹仟叁佰圆正", 1_130_000),
            ("壹萬壹仟參佰圓整", 1_130_000),
            ("貳億陸仟萬元正", 26_000_000_000),
            ("叄佰圆整", 30_000),
            ("人民币壹佰圆整", 10_000),
            ("（大写）ⓧ壹佰圆整", 10_000),
            ("(大写)⊗壹佰圆整", 10_000),
            ("×壹佰圆整", 10_000),
            (" 壹 佰\u{3000}圆整 ", 10_000),
            ("(负数)壹佰圆整", -10_000),
            ("（负数）壹佰圆整", -10_000),
            ("负数壹佰圆整", -10_000),
            ("ⓧ（负数）壹佰圆整", -10_000),
            ("人民币伍佰万元整", 500_000_000),
        ];
        for (words, fen) in cases {
            assert_eq!(parse_words(words), Ok(fen), "{words}");
        }
    }

    #[test]
    fn limits() {
        let largest = 100 * LIMIT_YUAN as i64 - 1;
        assert_eq!(parse_words(&format_words(largest)), Ok(largest));
        assert_eq!(parse_words(&format_words(-largest)), Ok(-largest));
        assert_eq!(format_words(largest + 1), "壹万亿圆整");
        assert_eq!(
            parse_words(&format_words(largest + 1)),
            Err(WordsError::TooLarge)
        );
        assert_eq!(format_words(0), "零圆整");
        // The extremes still format, without panicking.
        assert!(format_words(i64::MIN).starts_with("(负数)玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿"));
        assert!(format_words(i64::MAX).ends_with("柒分"));
    }

    /// Amounts below 1万亿 yuan with mostly zero digits, to exercise the 零 rules.
    fn sparse_fen() -> impl Strategy<Value = i64> {
        let digit = prop_oneof![3 => Just(0i64), 1 => 1i64..=9];
        prop::collection::vec(digit, 14).prop_map(|digits| digits.iter().fold(0, |n, d| n * 10 + d))
    }

    /// A canonical form with one character deleted, inserted or replaced.
    fn mutated_words() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = ALLOWED.chars().collect();
        let amount = -99_999_999_999_999i64..=99_999_999_999_999;
        let edit = (
            0..3u8,
            any::<prop::sample::Index>(),
            prop::sample::select(alphabet),
        );
        (amount, edit).prop_map(|(fen, (kind, at, c))| {
            let mut chars: Vec<char> = format_words(fen).chars().collect();
            let at = at.index(chars.len());
            match kind {
                0 => drop(chars.remove(at)),
                1 => chars.insert(at, c),
                _ => chars[at] = c,
            }
            chars.into_iter().collect()
        })
    }

    proptest! {
        // About one sparse amount in five has no 零 to drop and is rejected.
        #![proptest_config(ProptestConfig {
            cases: 2000,
            max_global_rejects: 100_000,
            ..ProptestConfig::default()
        })]

        #[test]
        fn round_trips(fen in -99_999_999_999_999i64..=99_999_999_999_999) {
            prop_assert_eq!(parse_words(&format_words(fen)), Ok(fen));
        }

        #[test]
        fn sparse_amounts_round_trip(fen in sparse_fen(), negative in any::<bool>()) {
            let fen = if negative { -fen } else { fen };
            prop_assert_eq!(parse_words(&format_words(fen)), Ok(fen));
        }

        #[test]
        fn dropping_a_zero_never_changes_the_amount(
            fen in sparse_fen(),
            pick in any::<prop::sample::Index>(),
        ) {
            let words = format_words(fen);
            let zeros: Vec<usize> = words.match_indices(ZERO).map(|(i, _)| i).collect();
            prop_assume!(!zeros.is_empty() && fen != 0);
            let at = zeros[pick.index(zeros.len())];
            let dropped = format!("{}{}", &words[..at], &words[at + ZERO.len_utf8()..]);
            match parse_words(&dropped) {
                Ok(parsed) => prop_assert_eq!(parsed, fen, "{}", dropped),
                Err(error) => prop_assert!(
                    matches!(error, WordsError::MissingZero { .. }), "{}: {:?}", dropped, error
                ),
            }
        }

        #[test]
        fn edited_forms_parse_within_limits_or_fail_cleanly(text in mutated_words()) {
            match parse_words(&text) {
                Ok(fen) => prop_assert!(fen.unsigned_abs() < 100 * LIMIT_YUAN),
                Err(error) => prop_assert!(!error.to_string().is_empty()),
            }
        }
    }
}
