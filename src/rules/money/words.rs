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
mod tests;
