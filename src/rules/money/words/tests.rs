//! Tests of amounts in words: the RULES.md §3.1 tables both ways, the rejections, and
//! round-trip properties.

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
