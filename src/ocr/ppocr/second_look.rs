//! A second look at lines the recogniser read with glyphs missing. PP-OCRv5 sometimes
//! drops a glyph from a clear line (`广州昌腾食品` read `州昌腾品`, `中国工商银行` read
//! `中国商银`), leaving a hole a glyph wide between two characters it did read, or, at the
//! start of a line, its first character read a glyph further in than the box's margin
//! ([`has_leading_gap`]). The same line cut out with a margin, shrunk, and detected and
//! read again comes back whole. The second reading replaces the first only when it keeps
//! every character of the first, in order, and adds some: a second look may restore what
//! was dropped, never change what was read.
//!
//! A long number read unsurely ([`is_doubtful_number`]) is looked at again the same way:
//! its digits are too narrow for a dropped one to leave a hole. Its second reading may
//! also change digits, when it is sure and leaves the words around them alone
//! ([`corrects_doubtful_number`]); the label and the number detected apart on the second
//! look are read as the one line they were ([`joined`]).
//!
//! A digit two pitches from the next is a repeated digit the recogniser wrote once
//! ([`merged_repeats`]): that line is read again stretched along its length, and the
//! reading is kept only when it repeats the digits at those gaps and changes nothing else.

use image::RgbImage;
use image::imageops::{FilterType, resize};

use unicode_normalization::UnicodeNormalization;

use super::dict::Decoded;
use super::postprocess::box_height;
use crate::ocr::{Corner, TextLine};

/// When a line is looked at again and how.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondLook {
    /// A hole: two characters read this many times the line's median character pitch
    /// apart. A dropped glyph leaves about twice the pitch (the recogniser's time steps
    /// round it: 5 steps for a 3-step pitch); characters of one word stand one pitch apart.
    pub hole_pitches: f32,
    /// A glyph dropped at a line's start: its first character read this many times the
    /// median pitch of wide pairs into its box ([`has_leading_gap`]). Lines read whole
    /// start 0.8–0.9 pitches in (the box's margin and half a glyph); lines that lost their
    /// first glyph 1.5–1.9 (blind seeds 7151 and 5477).
    pub leading_pitches: f32,
    /// Fewest pairs of wide characters a line needs for its median pitch to mean
    /// anything.
    pub min_pairs: usize,
    /// A line holding at least `number_min_digits` digits is looked at again when read
    /// with a confidence below this. Digits are narrow, so a dropped one leaves no hole
    /// among them, and an account number has no check digit to catch it; but a reading
    /// that lost digits is an unsure one: a 1299 × 1732 scan's account number, its box
    /// drawn too tall and steep, read `33018754745` for `3310187547466275562` at 0.81,
    /// and whole at 0.999 from a second detection; a photo's, slanted, read
    /// `33100224314514736` for `3310042243314514736` at 0.90 and whole at 1.00 (blind seed
    /// 6161).
    pub doubtful_number_confidence: f32,
    /// Fewest digits in a line for [`SecondLook::doubtful_number_confidence`] to apply:
    /// account numbers have 8–30, while dates and amounts carry their own checks.
    pub number_min_digits: usize,
    /// How much the line is shrunk for the second look: a coarser scale gives the
    /// recogniser an independent chance. Lines that lost glyphs in boxes 32–69 px high
    /// were read whole at 0.46–0.7 of their size, and still lost them at 0.95 and 1.
    pub shrink: f32,
    /// The smallest box height, in pixels, the line is shrunk to: below it glyphs lose
    /// their strokes. At 20, a 21-px line was read again at 0.95 of its size and lost the
    /// same glyphs (`广州亿隆…` read `州亿隆…`, blind seed 5353); at 0.6 it came back whole.
    pub min_height: f32,
    /// Margin around the line's box, in box heights, so the detector sees the whole line.
    pub margin: f32,
    /// Most lines of one page looked at again: each costs a detection and a recognition
    /// on a small crop (tens of milliseconds). Lines read again stretched for a merged
    /// repeat have a budget of their own of the same size (one recognition each).
    pub max_lines: usize,
}

impl Default for SecondLook {
    fn default() -> Self {
        SecondLook {
            hole_pitches: 1.5,
            leading_pitches: 1.25,
            min_pairs: 3,
            doubtful_number_confidence: 0.95,
            number_min_digits: 10,
            shrink: 0.6,
            min_height: 14.0,
            margin: 0.5,
            max_lines: 16,
        }
    }
}

/// Whether the reading has a hole where a glyph was dropped: two consecutive wide
/// characters (CJK, full-width marks) that stand `hole_pitches` times the median pitch
/// of wide pairs apart. Narrow characters (digits, Latin, `.`) are left out: they stand
/// closer, and a number that lost a digit is caught by its check digit or sums.
pub fn has_hole(decoded: &Decoded, params: &SecondLook) -> bool {
    !wide_gaps(decoded, params, |a, b| is_wide(a) && is_wide(b)).is_empty()
}

/// A wide character: a CJK glyph or a full-width mark, not a digit, Latin letter or space.
fn is_wide(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

/// Whether the reading's first character, a wide one, stands
/// [`SecondLook::leading_pitches`] times the median pitch of wide pairs from the start of
/// its crop: a glyph dropped at the start of a line leaves no hole between two characters
/// read, but the first one read stands a glyph further in than a detected box's margin
/// puts it (`广州凯腾…` read `州凯腾…` on a taxpayer notice of blind seed 7151, its `州`
/// 1.9 pitches in, where the lines read whole on that page start 0.8–0.9 pitches in;
/// `青岛明嘉…` read `岛明嘉…` on an invoice of seed 5477, 1.5 in).
pub fn has_leading_gap(decoded: &Decoded, params: &SecondLook) -> bool {
    let Some(median) = median_gap(decoded, params, |a, b| is_wide(a) && is_wide(b)) else {
        return false;
    };
    let first = decoded
        .text
        .chars()
        .zip(&decoded.steps)
        .find(|(c, _)| !c.is_whitespace());
    first.is_some_and(|(c, &step)| is_wide(c) && step as f32 >= params.leading_pitches * median)
}

/// Whether the reading is a long number read unsurely (see
/// [`SecondLook::doubtful_number_confidence`]).
pub fn is_doubtful_number(text: &str, confidence: f32, params: &SecondLook) -> bool {
    confidence < params.doubtful_number_confidence
        && text.chars().filter(char::is_ascii_digit).count() >= params.number_min_digits
}

/// Whether `second`, a reading of the same line as the doubtful number `first`
/// ([`is_doubtful_number`]), may replace it: not doubtful itself, as many digits or more,
/// and the same characters besides the number's (the label and marks), so only the
/// number changes. The first reading may have got a digit wrong as well as dropped one
/// (`3310946710669953587` read `031094671066995587` at 0.74, blind seed 5353), which
/// restoring alone cannot mend. A number's Latin letters are the number's too: a basic
/// account's `J3310080423901`, its box drawn tall and steep over a tilted line, was read
/// `03008042390` at 0.84 (blind seed 5477), its `J` lost with three digits.
pub fn corrects_doubtful_number(first: &TextLine, second: &TextLine, params: &SecondLook) -> bool {
    let digits = |text: &str| text.chars().filter(char::is_ascii_digit).count();
    let words = |text: &str| -> String {
        text.nfkc()
            .filter(|c| !c.is_ascii_alphanumeric() && !c.is_whitespace())
            .collect()
    };
    second.confidence >= params.doubtful_number_confidence
        && second.confidence > first.confidence
        && digits(&second.text) >= digits(&first.text)
        && words(&second.text) == words(&first.text)
}

/// Lines read side by side on one row joined into one, left to right: the text and
/// spans run on, the box runs from the first's left edge to the last's right edge, and
/// the confidence is the least. None unless there are two or more and each one's middle
/// lies within the height of the one before (a line detected in pieces, not lines above
/// one another).
pub fn joined(lines: &[TextLine]) -> Option<TextLine> {
    let mut row: Vec<&TextLine> = lines.iter().collect();
    if row.len() < 2 {
        return None;
    }
    let middle = |line: &TextLine| line.quad.iter().map(|c| c[1]).sum::<f32>() / 4.0;
    let top_bottom = |line: &TextLine| {
        let ys = line.quad.map(|c| c[1]);
        (
            ys.into_iter().fold(f32::INFINITY, f32::min),
            ys.into_iter().fold(f32::NEG_INFINITY, f32::max),
        )
    };
    row.sort_by(|a, b| a.quad[0][0].total_cmp(&b.quad[0][0]));
    let one_row = row.windows(2).all(|pair| {
        let (top, bottom) = top_bottom(pair[0]);
        (top..=bottom).contains(&middle(pair[1]))
    });
    if !one_row {
        return None;
    }
    let mut text = String::new();
    let mut spans = Vec::new();
    for line in &row {
        let offset = text.chars().count();
        spans.extend(line.spans.iter().map(|span| crate::ocr::TextSpan {
            start: span.start + offset,
            end: span.end + offset,
            quad: span.quad,
        }));
        text.push_str(&line.text);
    }
    let (first, last) = (row[0], row[row.len() - 1]);
    Some(TextLine {
        text,
        confidence: row.iter().map(|l| l.confidence).fold(1.0, f32::min),
        quad: [first.quad[0], last.quad[1], last.quad[2], first.quad[3]],
        spans,
    })
}

/// The positions `k` of characters that stand `hole_pitches` times the median pitch from
/// the next one, among the pairs of consecutive characters that `pair` accepts (and the
/// median over those pairs only); none when fewer than `min_pairs` pairs are accepted.
fn wide_gaps(
    decoded: &Decoded,
    params: &SecondLook,
    pair: impl Fn(char, char) -> bool,
) -> Vec<usize> {
    let Some(median) = median_gap(decoded, params, &pair) else {
        return Vec::new();
    };
    pairs(decoded, &pair)
        .into_iter()
        .filter(|&(_, gap)| gap as f32 >= params.hole_pitches * median)
        .map(|(k, _)| k)
        .collect()
}

/// The consecutive characters of the reading that make a `pair`: the first's position and
/// the time steps between them. None when the text and the steps disagree in length.
fn pairs(decoded: &Decoded, pair: impl Fn(char, char) -> bool) -> Vec<(usize, usize)> {
    let chars: Vec<char> = decoded.text.chars().collect();
    if chars.len() != decoded.steps.len() {
        return Vec::new();
    }
    (1..chars.len())
        .filter(|&k| pair(chars[k - 1], chars[k]))
        .map(|k| (k - 1, decoded.steps[k].saturating_sub(decoded.steps[k - 1])))
        .collect()
}

/// The median time steps between consecutive characters that make a `pair`, when there
/// are at least [`SecondLook::min_pairs`] of them.
fn median_gap(
    decoded: &Decoded,
    params: &SecondLook,
    pair: impl Fn(char, char) -> bool,
) -> Option<f32> {
    let mut gaps: Vec<usize> = pairs(decoded, pair)
        .into_iter()
        .map(|(_, gap)| gap)
        .collect();
    if gaps.len() < params.min_pairs {
        return None;
    }
    gaps.sort_unstable();
    Some(gaps[gaps.len() / 2].max(1) as f32)
}

/// Where the recogniser may have merged a repeated digit: the positions of digits
/// followed, with nothing between, by another digit `hole_pitches` times the line's
/// median digit pitch away. CTC decoding writes a glyph once however many time steps it
/// covers, so `33` read without a blank step between its halves comes out `3`, with the
/// next digit two pitches on (`3673399898` read `367339898`). Account numbers carry no
/// check digit to catch it.
pub fn merged_repeats(decoded: &Decoded, params: &SecondLook) -> Vec<usize> {
    wide_gaps(decoded, params, |a, b| {
        a.is_ascii_digit() && b.is_ascii_digit()
    })
}

/// Whether `second` is `first` with repeats restored and nothing else changed: every
/// character it adds repeats the digit before it, within [`REPEAT_REACH`] characters of
/// one of the gaps `at` in `first` (see [`merged_repeats`]).
pub fn restores_repeats(first: &str, second: &str, at: &[usize]) -> bool {
    let first: Vec<char> = first.chars().map(compatible).collect();
    let second: Vec<char> = second.chars().map(compatible).collect();
    if second.len() <= first.len() {
        return false;
    }
    let near_gap = |k: usize| at.iter().any(|&g| g.abs_diff(k) <= REPEAT_REACH);
    let mut i = 0;
    for (j, &c) in second.iter().enumerate() {
        if first.get(i) == Some(&c) {
            i += 1;
            continue;
        }
        let repeat = j > 0 && second[j - 1] == c && c.is_ascii_digit();
        if !(repeat && i > 0 && near_gap(i - 1)) {
            return false;
        }
    }
    i == first.len()
}

/// `c` in its NFKC form when that is one character (`￥` → `¥`, `（` → `(`): the
/// recogniser answers either form of a mark from one reading to the next.
fn compatible(c: char) -> char {
    let mut forms = std::iter::once(c).nfkc();
    match (forms.next(), forms.next()) {
        (Some(form), None) => form,
        _ => c,
    }
}

/// How many characters from a gap a restored repeat may lie: where digits get one or two
/// of the recogniser's time steps each, the gap shows up to two digits from the merge.
const REPEAT_REACH: usize = 2;

/// The region to read again around a line's box `corners`: its bounds grown by the
/// margin, clamped to the image, as `(x, y, width, height)`, and the scale to shrink it by
/// (at most 1: a small line is not enlarged).
pub fn region(corners: &[Corner; 4], size: (u32, u32), params: &SecondLook) -> Option<Region> {
    let height = box_height(corners);
    if height < 1.0 {
        return None;
    }
    let xs = corners.map(|c| c[0]);
    let ys = corners.map(|c| c[1]);
    let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
    let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
    let margin = params.margin * height;
    let clamp = |v: f32, limit: u32| v.clamp(0.0, limit as f32) as u32;
    let (x0, y0) = (
        clamp(min(xs) - margin, size.0),
        clamp(min(ys) - margin, size.1),
    );
    let (x1, y1) = (
        clamp(max(xs) + margin, size.0),
        clamp(max(ys) + margin, size.1),
    );
    (x1 > x0 && y1 > y0).then(|| Region {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
        scale: params.shrink.max(params.min_height / height).min(1.0),
    })
}

/// Part of the image to read again, and by how much to shrink it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub scale: f32,
}

impl Region {
    /// The region cut out of `image` and shrunk by its scale.
    pub fn cut(&self, image: &RgbImage) -> RgbImage {
        let crop =
            image::imageops::crop_imm(image, self.x, self.y, self.width, self.height).to_image();
        if self.scale >= 1.0 {
            return crop;
        }
        let w = ((self.width as f32 * self.scale).round() as u32).max(1);
        let h = ((self.height as f32 * self.scale).round() as u32).max(1);
        resize(&crop, w, h, FilterType::Triangle)
    }

    /// Corners in the image's pixels moved onto the cut.
    pub fn to_cut(&self, corners: [Corner; 4]) -> [Corner; 4] {
        let (x, y, scale) = (self.x as f32, self.y as f32, self.scale);
        corners.map(|[cx, cy]| [(cx - x) * scale, (cy - y) * scale])
    }

    /// A line read on the cut moved back into the image's pixels.
    pub fn to_image(&self, mut line: TextLine) -> TextLine {
        let (x, y, scale) = (self.x as f32, self.y as f32, self.scale);
        line.map_corners(|[cx, cy]| [cx / scale + x, cy / scale + y]);
        line
    }
}

/// Whether `second` keeps every character of `first`, in order, and adds at least one:
/// a reading that restores dropped glyphs and changes nothing else.
/// Characters are compared after NFKC (a full-width `）` read as `)` is the same mark).
pub fn only_adds(first: &str, second: &str) -> bool {
    let significant =
        |text: &str| -> Vec<char> { text.nfkc().filter(|c| !c.is_whitespace()).collect() };
    let (first, second) = (significant(first), significant(second));
    let mut rest = second.iter();
    second.len() > first.len() && first.iter().all(|c| rest.any(|s| s == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str, steps: &[usize]) -> Decoded {
        Decoded {
            text: text.to_string(),
            confidence: 0.9,
            steps: steps.to_vec(),
            step_width: 8.0,
        }
    }

    #[test]
    fn a_long_number_read_unsurely_is_doubtful() {
        let params = SecondLook::default();
        let number = "账号：33018754745";
        assert!(is_doubtful_number(number, 0.81, &params));
        assert!(!is_doubtful_number(number, 0.98, &params));
        // A date or a name read as unsurely is left alone.
        assert!(!is_doubtful_number("2026年03月19日", 0.81, &params));
    }

    fn line(text: &str, confidence: f32) -> TextLine {
        TextLine {
            text: text.to_string(),
            confidence,
            quad: [[0.0, 0.0], [100.0, 0.0], [100.0, 10.0], [0.0, 10.0]],
            spans: Vec::new(),
        }
    }

    #[test]
    fn a_sure_second_reading_corrects_the_digits_of_a_doubtful_number() {
        let params = SecondLook::default();
        let first = line("账号：031094671066995587", 0.74);
        let corrects = |text: &str, confidence: f32| {
            corrects_doubtful_number(&first, &line(text, confidence), &params)
        };
        assert!(corrects("账号:3310946710669953587", 0.97));
        // Unsure itself: kept as read.
        assert!(!corrects("账号:3310946710669953587", 0.9));
        // Fewer digits, or the words around them changed: not the same line read better.
        assert!(!corrects("账号:31094671066995587", 0.99));
        assert!(!corrects("帐号:3310946710669953587", 0.99));
        // A letter the first reading lost belongs to the number.
        let basic = line("基本存款账户编号：03008042390", 0.84);
        let sure = line("基本存款账户编号：J3310080423901", 0.99);
        assert!(corrects_doubtful_number(&basic, &sure, &params));
    }

    fn boxed(text: &str, x0: f32, y0: f32, x1: f32, y1: f32) -> TextLine {
        TextLine {
            quad: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
            spans: vec![crate::ocr::TextSpan {
                start: 0,
                end: text.chars().count(),
                quad: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
            }],
            ..line(text, 0.99)
        }
    }

    #[test]
    fn pieces_of_one_row_are_joined_left_to_right() {
        let number = boxed("3310946710669953587", 60.0, 2.0, 300.0, 30.0);
        let label = TextLine {
            confidence: 0.97,
            ..boxed("账号：", 0.0, 0.0, 50.0, 28.0)
        };
        let row = joined(&[number, label]).expect("one row");
        assert_eq!(row.text, "账号：3310946710669953587");
        assert_eq!(row.confidence, 0.97);
        assert_eq!(
            row.quad,
            [[0.0, 0.0], [300.0, 2.0], [300.0, 30.0], [0.0, 28.0]]
        );
        assert_eq!(row.spans[1].start, 3);
        assert_eq!(row.spans[1].end, 22);
        // Lines above one another, or a line alone, are not a row.
        let above = boxed("开户银行", 0.0, 40.0, 80.0, 68.0);
        assert!(joined(&[boxed("账号：", 0.0, 0.0, 50.0, 28.0), above]).is_none());
        assert!(joined(&[boxed("账号：", 0.0, 0.0, 50.0, 28.0)]).is_none());
    }

    #[test]
    fn a_dropped_glyph_leaves_a_hole_of_two_pitches() {
        let params = SecondLook::default();
        let even = decoded("青岛博瑞实业", &[2, 6, 10, 14, 18, 22]);
        assert!(!has_hole(&even, &params));
        let dropped = decoded("岛博瑞实业", &[6, 10, 14, 18, 26]);
        assert!(has_hole(&dropped, &params));
        // A space the recogniser read is not a hole.
        let spaced = decoded("名 称南京", &[2, 6, 14, 18, 22]);
        assert!(!has_hole(&spaced, &params));
        // Digits stand closer than ideographs: a number among them makes no hole.
        let amount = decoded(
            "合计金额2987.18元整",
            &[2, 6, 10, 14, 17, 18, 19, 20, 21, 22, 23, 26, 30],
        );
        assert!(!has_hole(&amount, &params));
    }

    #[test]
    fn a_glyph_dropped_at_the_start_leaves_the_first_read_far_in() {
        let params = SecondLook::default();
        // Lines read whole start under a pitch in (the box's margin and half a glyph).
        let whole = decoded("广州凯腾信息", &[3, 7, 11, 15, 19, 23]);
        assert!(!has_leading_gap(&whole, &params));
        let dropped = decoded("州凯腾信息", &[8, 12, 16, 20, 24]);
        assert!(has_leading_gap(&dropped, &params));
        // The box drawn tight against the dropped glyph: its successor 1.5 pitches in.
        let tight = decoded("岛明嘉服饰", &[6, 10, 14, 18, 22]);
        assert!(has_leading_gap(&tight, &params));
        let a_pitch_in = decoded("青岛明嘉服", &[4, 8, 12, 16, 20]);
        assert!(!has_leading_gap(&a_pitch_in, &params));
        // Leading spaces are not the first character.
        let spaced = decoded("  州凯腾信息", &[1, 2, 8, 12, 16, 20, 24]);
        assert!(has_leading_gap(&spaced, &params));
        // A number's first digit is narrow: its place says nothing of a dropped glyph.
        let number = decoded("9144凯腾信息", &[8, 9, 10, 11, 14, 18, 22, 26]);
        assert!(!has_leading_gap(&number, &params));
        // Too few wide pairs for a pitch.
        assert!(!has_leading_gap(&decoded("州凯", &[8, 12]), &params));
    }

    #[test]
    fn a_digit_two_pitches_from_the_next_may_be_a_merged_repeat() {
        let params = SecondLook::default();
        // `36733998` read `3673398`: the 9 stands two pitches before the 8.
        let merged = decoded("3673398", &[2, 5, 8, 11, 14, 17, 23]);
        assert_eq!(merged_repeats(&merged, &params), vec![5]);
        let even = decoded("36733998", &[2, 5, 8, 11, 14, 17, 20, 23]);
        assert!(merged_repeats(&even, &params).is_empty());
        // A space between digit groups is read, so the digits either side are no pair.
        let grouped = decoded("6222 7056", &[2, 5, 8, 11, 14, 17, 20, 23, 26]);
        assert!(merged_repeats(&grouped, &params).is_empty());
    }

    #[test]
    fn only_a_repeat_at_a_gap_is_restored() {
        assert!(restores_repeats("3673398", "36733998", &[5]));
        assert!(restores_repeats("账号3673398", "账号36733998", &[7]));
        // The full-width and the plain form of a mark are one glyph.
        assert!(restores_repeats("¥3633.13", "￥36333.13", &[3]));
        // Two merges, each shown a digit or two from where it happened.
        assert!(restores_repeats(
            "19039045133703626",
            "1903904513337036226",
            &[8, 15]
        ));
        let cases = [
            ("3673398", "nothing added"),
            ("33673398", "a repeat far from the gap"),
            ("3673399", "a digit changed"),
            ("36733X98", "not a repeat"),
        ];
        for (second, why) in cases {
            assert!(!restores_repeats("3673398", second, &[5]), "{why}");
        }
    }

    #[test]
    fn a_second_reading_counts_only_when_it_restores_glyphs() {
        assert!(only_adds("岛博瑞实业有限公司", "青岛博瑞实业有限公司"));
        assert!(only_adds("开户银：中国商银", "开户银行：中国工商银行"));
        assert!(only_adds("法定代表（单位负责）", "法定代表人（单位负责人)"));
        assert!(!only_adds("岛博瑞实业", "岛博瑞实业"), "nothing added");
        assert!(
            !only_adds("岛博瑞实业", "青鸟博瑞实业"),
            "a character changed"
        );
        assert!(!only_adds("岛博瑞实业", "博瑞实业有限"), "a character lost");
    }

    #[test]
    fn the_region_is_shrunk_to_the_target_height_and_maps_back() {
        let params = SecondLook::default();
        let corners = [
            [100.0, 200.0],
            [740.0, 200.0],
            [740.0, 264.0],
            [100.0, 264.0],
        ];
        let region = region(&corners, (2000, 1000), &params).unwrap();
        assert_eq!((region.x, region.y), (68, 168));
        assert_eq!(region.scale, 0.6);
        let image = RgbImage::new(2000, 1000);
        let cut = region.cut(&image);
        assert_eq!(cut.dimensions(), (422, 77));
        let line = TextLine {
            text: "x".into(),
            confidence: 1.0,
            quad: [[19.2, 19.2], [403.2, 19.2], [403.2, 57.6], [19.2, 57.6]],
            spans: Vec::new(),
        };
        let back = region.to_image(line).quad;
        for (got, want) in back.iter().flatten().zip(corners.iter().flatten()) {
            assert!((got - want).abs() < 1e-3, "{back:?}");
        }
        // A small line is shrunk no further than the least height.
        let small = [
            [100.0, 200.0],
            [300.0, 200.0],
            [300.0, 220.0],
            [100.0, 220.0],
        ];
        let region = super::region(&small, (2000, 1000), &params).unwrap();
        assert!(params.min_height / 20.0 > params.shrink);
        assert!((region.scale - params.min_height / 20.0).abs() < 1e-6);
    }
}
