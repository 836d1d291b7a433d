//! Where things are on a page read by OCR: printed labels found by fuzzy match (OCR drops
//! and confuses characters in labels too; letter-spaced labels like `名　　称` come out with
//! spaces) and the values printed after them on the same line, to their right or below.

use crate::ocr::{Corner, TextLine};
use crate::rules::text::{INVISIBLE, normalize};

/// A page's lines, turned so the text runs level (a photo is rarely square to the page),
/// each also in the compact form labels are matched in. Bounds are in this level frame;
/// [`Page::image_corners`] maps them back to the upright image.
#[derive(Debug, Clone)]
pub struct Page {
    lines: Vec<TextLine>,
    compact: Vec<CompactLine>,
    /// The text's slope in the upright image, radians (clockwise positive, as y runs down).
    skew: f32,
}

/// A line's text NFKC-normalised with whitespace removed, and for each character the index
/// of the character of the OCR text it came from (for its box).
#[derive(Debug, Clone)]
struct CompactLine {
    chars: Vec<char>,
    source: Vec<usize>,
}

/// A label found on the page: the line and the compact character range it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelHit {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    /// Edits (substitutions, drops, insertions) between the printed label and what was read.
    pub errors: usize,
}

/// A value read off the page: compact text, the reader's confidence and its box.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub text: String,
    pub confidence: f32,
    /// Axis-aligned bounds in upright page pixels: `[x0, y0, x1, y1]`.
    pub bounds: [f32; 4],
}

/// How many edits a label of `length` characters may be read with and still count:
/// none up to three characters (`经营者` would match inside `经营范围`), one up to five,
/// two beyond.
pub fn allowed_errors(length: usize) -> usize {
    match length {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// Characters that sit between a label and its value: colons, and the separators OCR
/// reads for them.
const LABEL_SEPARATORS: [char; 4] = [':', ';', '.', '：'];

/// How far, in the label's heights, a line's box may start inside the label's box and
/// still be to its right: the detector pads each box by about a third of its height, so
/// two boxes side by side overlap by up to two thirds (营业期限 and its term's box by 0.54
/// on a generated licence photo).
const BOX_OVERLAP: f32 = 0.7;

/// A value line counts as being on the label's row when its vertical centre is within this
/// fraction of the label line's height of the label's centre.
const SAME_ROW_TOLERANCE: f32 = 0.6;

/// A line continues a multi-line value when its top is within this many line heights of
/// the previous line's bottom and its left edge within this many of the value's.
const CONTINUATION_GAP: f32 = 0.9;
const CONTINUATION_INDENT: f32 = 1.5;

/// Boxes on one row this close (in line heights) are pieces of one line: the detector
/// splits letter-spaced labels (`名　　称`: single-glyph boxes 28 px high, 120 px apart on a
/// generated licence) and label from value. Columns of a two-column layout stand further
/// apart, and a label found in a merged line ends the value before it.
const ROW_MERGE_GAP: f32 = 5.0;

/// A lone glyph joins the next piece of its row up to this many line heights away: a glyph of a
/// letter-spaced label (`名　　称`) may get a box much shorter than the glyph (13 px for a
/// 19-px `称` on a generated licence photo), which shrinks the height the gap is measured
/// in. Values are rarely one glyph, and a label found in the joined line still ends the
/// value before it.
const LONE_GLYPH_MERGE_GAP: f32 = 8.0;

/// Neighbouring boxes on a row may overlap by this many line heights and still be pieces of
/// one line (a licence's `名称…公司注` and `册资本…` overlapping by 21 px at 58 px); a lone
/// glyph's box by more (`合` and `计` of an invoice's 合计 detected as two boxes
/// overlapping by 12 px at a 35-px height).
const ROW_MERGE_OVERLAP: f32 = 0.5;
const LONE_GLYPH_MERGE_OVERLAP: f32 = 0.6;

/// Pieces of one row differ in height by at most this factor: a lone glyph's box is
/// shorter than a line's.
const ROW_MERGE_HEIGHT_RATIO: f32 = 2.2;

impl Page {
    /// A page from OCR lines in reading order, in upright image pixels: levelled by the
    /// lines' median slope, then pieces of one row joined.
    pub fn new(lines: Vec<TextLine>) -> Page {
        let skew = median_slope(&lines);
        let lines = lines.into_iter().map(|l| rotate_line(l, -skew)).collect();
        Page::level(lines, skew)
    }

    /// A page from lines already level (a part of another page, in its frame).
    pub fn from_level(lines: Vec<TextLine>) -> Page {
        Page::level(lines, 0.0)
    }

    fn level(lines: Vec<TextLine>, skew: f32) -> Page {
        let order = crate::ocr::reading_order(&lines.iter().map(|l| l.quad).collect::<Vec<_>>());
        let mut slots: Vec<Option<TextLine>> = lines.into_iter().map(Some).collect();
        let lines: Vec<TextLine> = order.into_iter().filter_map(|i| slots[i].take()).collect();
        let lines = merge_rows(lines);
        let compact = lines.iter().map(|l| compact_line(&l.text)).collect();
        Page {
            lines,
            compact,
            skew,
        }
    }

    /// Where point `corner` of the upright image lies in this page's level frame.
    pub fn level_point(&self, corner: Corner) -> Corner {
        rotate(corner, -self.skew)
    }

    /// The corners, in the upright image, of `bounds` given in this page's level frame.
    pub fn image_corners(&self, bounds: [f32; 4]) -> [Corner; 4] {
        let [x0, y0, x1, y1] = bounds;
        [[x0, y0], [x1, y0], [x1, y1], [x0, y1]].map(|c| rotate(c, self.skew))
    }

    pub fn lines(&self) -> &[TextLine] {
        &self.lines
    }

    /// All text of the page, compact, one line a line: for classification.
    pub fn compact_text(&self) -> String {
        self.compact
            .iter()
            .map(|l| l.chars.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The compact text of line `line`.
    pub fn line_text(&self, line: usize) -> String {
        self.compact[line].chars.iter().collect()
    }

    /// The compact text of line `line` after its widest gap between two characters, when
    /// that gap is wider than `min_gap` line heights: a label and its value read as one
    /// box (`莊李华` for `姓　李华`) stand further apart than the characters of either.
    pub fn text_after_widest_gap(&self, line: usize, min_gap: f32) -> Option<String> {
        let chars = &self.compact[line].chars;
        let [_, top, _, bottom] = self.bounds(line);
        let height = bottom - top;
        let (split, gap) = (1..chars.len())
            .map(|k| {
                let left = self.char_bounds(line, k - 1, k);
                let right = self.char_bounds(line, k, k + 1);
                (k, right[0] - left[2])
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        (gap > min_gap * height).then(|| chars[split..].iter().collect())
    }

    /// The text of line `line` normalised but with its spaces, which keep apart the
    /// numbers of pieces joined into one row.
    pub fn spaced_text(&self, line: usize) -> String {
        normalize(&self.lines[line].text)
    }

    /// The pieces line `line` was joined from (the detector's boxes on one row, and any
    /// words a box's text keeps apart with a space): each its normalised text and bounds,
    /// left to right.
    pub fn pieces(&self, line: usize) -> Vec<(String, [f32; 4])> {
        let text: Vec<char> = self.lines[line].text.chars().collect();
        let mut pieces = Vec::new();
        let mut start = 0;
        for end in 0..=text.len() {
            if end < text.len() && !text[end].is_whitespace() {
                continue;
            }
            if end > start {
                let piece: String = text[start..end].iter().collect();
                pieces.push((normalize(&piece), self.text_bounds(line, start..end)));
            }
            start = end + 1;
        }
        pieces
    }

    /// Every place one of `variants` is printed, top to bottom, then left to right: per
    /// line the best-matching variant, and again after it (a row joined from two columns
    /// holds the label twice).
    pub fn find_labels(&self, variants: &[&str]) -> Vec<LabelHit> {
        let patterns: Vec<Vec<char>> = variants.iter().map(|v| compact_line(v).chars).collect();
        let mut hits = Vec::new();
        for line in 0..self.lines.len() {
            let mut from = 0;
            while let Some(hit) = patterns
                .iter()
                .filter_map(|p| self.match_in_line(line, from, p))
                .min_by_key(|h| (h.errors, h.start))
            {
                from = hit.end;
                hits.push(hit);
            }
        }
        hits.sort_by(|a, b| {
            self.top(a.line)
                .total_cmp(&self.top(b.line))
                .then(a.line.cmp(&b.line))
                .then(a.start.cmp(&b.start))
        });
        hits
    }

    /// Bounds of the label `hit` itself (not its whole line).
    pub fn hit_bounds(&self, hit: &LabelHit) -> [f32; 4] {
        self.char_bounds(hit.line, hit.start, hit.end)
    }

    /// The best place one of `variants` is printed: fewest errors, then topmost.
    pub fn find_label(&self, variants: &[&str]) -> Option<LabelHit> {
        self.find_labels(variants)
            .into_iter()
            .min_by_key(|h| h.errors)
    }

    /// The value printed after `hit`: the rest of its line (up to the next of
    /// `stop_labels`), or else the nearest line to its right on the same row.
    pub fn value_after(&self, hit: &LabelHit, stop_labels: &[&str]) -> Option<Value> {
        let start = self.value_start(hit);
        let end = self.stop_in_line(hit.line, start, stop_labels);
        if end > start {
            return Some(self.value_of(hit.line, start, end));
        }
        let right = self.line_right_of(hit)?;
        let end = self.stop_in_line(right, 0, stop_labels);
        (end > 0).then(|| self.value_of(right, 0, end))
    }

    /// Where on `hit`'s line the value after it starts: past the label and the separators
    /// (`:`, `：`) printed after it.
    fn value_start(&self, hit: &LabelHit) -> usize {
        let chars = &self.compact[hit.line].chars;
        let mut start = hit.end;
        while chars
            .get(start)
            .is_some_and(|c| LABEL_SEPARATORS.contains(c))
        {
            start += 1;
        }
        start
    }

    /// `value`, read on `hit`'s line right after it, from its first character whose box's
    /// centre lies right of `x` on: what the recogniser read in the blank between a label
    /// and the column its value is printed in is no part of the value. `None` when the
    /// value is not on the label's line or nothing lies left of `x`.
    pub fn value_from_column(&self, hit: &LabelHit, value: &Value, x: f32) -> Option<Value> {
        let std::ops::Range { start, end } = self.value_on_label_line(hit, value)?;
        let first = self.first_char_right_of(hit.line, start..end, x)?;
        (first > start).then(|| self.value_of(hit.line, first, end))
    }

    /// The last `keep` characters of `value` (read on `hit`'s line right after it), with
    /// their own box: the part of a value its normaliser kept (a name after what was read
    /// of a bracketed label). `None` when the value is not on the label's line or is
    /// shorter than `keep`.
    pub fn value_tail(&self, hit: &LabelHit, value: &Value, keep: usize) -> Option<Value> {
        let std::ops::Range { start, end } = self.value_on_label_line(hit, value)?;
        (keep > 0 && keep <= end - start).then(|| self.value_of(hit.line, end - keep, end))
    }

    /// Where `value` lies among the compact characters of `hit`'s line, when it was read
    /// there right after the label.
    fn value_on_label_line(&self, hit: &LabelHit, value: &Value) -> Option<std::ops::Range<usize>> {
        let chars = &self.compact[hit.line].chars;
        let start = self.value_start(hit);
        let end = start + value.text.chars().count();
        chars
            .get(start..end)
            .is_some_and(|read| read.iter().copied().eq(value.text.chars()))
            .then_some(start..end)
    }

    /// The first of compact characters `chars` of `line` whose box's centre lies right of
    /// `x`.
    pub fn first_char_right_of(
        &self,
        line: usize,
        chars: std::ops::Range<usize>,
        x: f32,
    ) -> Option<usize> {
        chars.into_iter().find(|&k| {
            let b = self.value_of(line, k, k + 1).bounds;
            (b[0] + b[2]) / 2.0 >= x
        })
    }

    /// How many compact characters line `line` has.
    pub fn char_count(&self, line: usize) -> usize {
        self.compact[line].chars.len()
    }

    /// `value` with the lines printed under it that continue it (a wrapped address or
    /// business scope): left-aligned with it, close below, and holding none of
    /// `stop_labels`. At most `max_lines` lines are added.
    pub fn continue_below(&self, value: Value, stop_labels: &[&str], max_lines: usize) -> Value {
        let mut value = value;
        let mut last = value.bounds;
        for _ in 0..max_lines {
            let height = last[3] - last[1];
            let next = (0..self.lines.len())
                .filter(|&i| {
                    let b = self.bounds(i);
                    b[1] >= last[1] + 0.5 * height
                        && b[1] - last[3] <= CONTINUATION_GAP * height
                        && (b[0] - value.bounds[0]).abs() <= CONTINUATION_INDENT * height
                })
                .min_by(|&a, &b| self.top(a).total_cmp(&self.top(b)));
            let Some(next) = next else { break };
            let end = self.stop_in_line(next, 0, stop_labels);
            if end == 0 {
                break;
            }
            let more = self.value_of(next, 0, end);
            value.text.push_str(&more.text);
            value.confidence = value.confidence.min(more.confidence);
            value.bounds = union(value.bounds, more.bounds);
            last = more.bounds;
        }
        value
    }

    /// The line whose box is nearest to the right of `hit`'s label on the same row.
    fn line_right_of(&self, hit: &LabelHit) -> Option<usize> {
        self.lines_right_of(hit).into_iter().next()
    }

    /// The lines to the right of `hit`'s label on the same row, left to right.
    pub fn lines_right_of(&self, hit: &LabelHit) -> Vec<usize> {
        let label = self.char_bounds(hit.line, hit.start, hit.end);
        let height = label[3] - label[1];
        let centre = (label[1] + label[3]) / 2.0;
        let mut right: Vec<usize> = (0..self.lines.len())
            .filter(|&i| i != hit.line)
            .filter(|&i| {
                let b = self.bounds(i);
                ((b[1] + b[3]) / 2.0 - centre).abs() <= SAME_ROW_TOLERANCE * height
                    && b[0] >= label[2] - BOX_OVERLAP * height
            })
            .collect();
        right.sort_by(|&a, &b| self.bounds(a)[0].total_cmp(&self.bounds(b)[0]));
        right
    }

    /// `value` (read after `hit`) followed by the next line to its right on the same row,
    /// up to that line's first of `stop_labels`: OCR splits a value in two boxes where its
    /// print has a gap (`营业期限2` and `2017年11月24日至长期`). `None` when no line follows.
    pub fn joined_with_next_right(
        &self,
        value: &Value,
        hit: &LabelHit,
        stop_labels: &[&str],
    ) -> Option<Value> {
        let next = self
            .lines_right_of(hit)
            .into_iter()
            .find(|&i| self.bounds(i)[0] > value.bounds[0])?;
        let end = self.stop_in_line(next, 0, stop_labels);
        (end > 0).then(|| {
            let more = self.value_of(next, 0, end);
            Value {
                text: format!("{}{}", value.text, more.text),
                confidence: value.confidence.min(more.confidence),
                bounds: union(value.bounds, more.bounds),
            }
        })
    }

    /// The compact text after `hit` on its own line.
    pub fn rest_of_line(&self, hit: &LabelHit) -> String {
        self.compact[hit.line].chars[hit.end.min(self.compact[hit.line].chars.len())..]
            .iter()
            .collect()
    }

    /// The end of the value that starts at `start` on `line`: where the first of
    /// `stop_labels` begins after it, or the end of the line.
    fn stop_in_line(&self, line: usize, start: usize, stop_labels: &[&str]) -> usize {
        let chars = &self.compact[line].chars;
        let matches: Vec<_> = stop_labels
            .iter()
            .filter_map(|label| {
                let label = compact_line(label).chars;
                find_fuzzy(&chars[start.min(chars.len())..], &label)
                    .filter(|m| m.errors <= allowed_errors(label.len()))
            })
            .collect();
        let Some(first) = matches.iter().min_by_key(|m| m.start) else {
            return chars.len();
        };
        // A loose match overlapping a closer one is text before that label read as part
        // of it: in `食品经营住所`, 经营场所 matches with one error, 住所 with none.
        let stop = matches
            .iter()
            .filter(|m| m.start < first.end)
            .min_by_key(|m| (m.errors, m.start))
            .unwrap_or(first);
        start + stop.start
    }

    /// The whole compact text of `line` as a value.
    pub fn line_value(&self, line: usize) -> Value {
        self.value_of(line, 0, self.compact[line].chars.len())
    }

    /// Compact characters `start..end` of `line` as a value, with their box.
    pub fn value_of(&self, line: usize, start: usize, end: usize) -> Value {
        Value {
            text: self.compact[line].chars[start..end].iter().collect(),
            confidence: self.lines[line].confidence,
            bounds: self.char_bounds(line, start, end),
        }
    }

    /// Bounds of compact characters `start..end` of `line`: from the character boxes where
    /// the engine gave them, else the whole line.
    fn char_bounds(&self, line: usize, start: usize, end: usize) -> [f32; 4] {
        let compact = &self.compact[line];
        let text_line = &self.lines[line];
        let (Some(&first), Some(&last)) = (
            compact.source.get(start),
            compact.source.get(end.saturating_sub(1).max(start)),
        ) else {
            return self.bounds(line);
        };
        match text_line.region_of(first..last + 1) {
            Some(quad) => quad_bounds(&quad),
            None => self.bounds(line),
        }
    }

    /// The box of each character of `text` where it was read: on the line whose compact
    /// characters, each mapped by `same` (a name is kept simplified, read as printed), hold
    /// `text` with its box's centre inside `near`. `None` when no line holds it so, or
    /// when the engine gave no character boxes there (each would be the whole line's).
    pub fn char_boxes_of(
        &self,
        text: &str,
        near: [f32; 4],
        same: impl Fn(char) -> char,
    ) -> Option<Vec<[f32; 4]>> {
        let wanted: Vec<char> = text.chars().collect();
        let n = wanted.len();
        let inside = |b: [f32; 4]| {
            let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
            (near[0]..=near[2]).contains(&cx) && (near[1]..=near[3]).contains(&cy)
        };
        (0..self.lines.len()).find_map(|line| {
            let mapped: Vec<char> = self.compact[line].chars.iter().map(|&c| same(c)).collect();
            let start = (0..(mapped.len() + 1).saturating_sub(n)).find(|&k| {
                mapped[k..k + n] == wanted[..] && inside(self.char_bounds(line, k, k + n))
            })?;
            let boxes: Vec<[f32; 4]> = (start..start + n)
                .map(|k| self.char_bounds(line, k, k + 1))
                .collect();
            let separate = boxes.windows(2).all(|pair| pair[0][0] < pair[1][0]);
            (n > 0 && (n == 1 || separate)).then_some(boxes)
        })
    }

    /// Bounds of characters `chars` of line `line`'s text as read (not compacted): from
    /// the character boxes where the engine gave them, else the whole line.
    pub fn text_bounds(&self, line: usize, chars: std::ops::Range<usize>) -> [f32; 4] {
        match self.lines[line].region_of(chars) {
            Some(quad) => quad_bounds(&quad),
            None => self.bounds(line),
        }
    }

    /// Axis-aligned bounds of line `line`.
    pub fn bounds(&self, line: usize) -> [f32; 4] {
        quad_bounds(&self.lines[line].quad)
    }

    /// The right edge of the page's rightmost line; `None` on an empty page.
    pub fn right_edge(&self) -> Option<f32> {
        (0..self.lines.len())
            .map(|line| self.bounds(line)[2])
            .reduce(f32::max)
    }

    fn top(&self, line: usize) -> f32 {
        self.bounds(line)[1]
    }

    /// The best match of the compact label `label` in line `line` from compact character
    /// `from` on.
    fn match_in_line(&self, line: usize, from: usize, label: &[char]) -> Option<LabelHit> {
        let chars = &self.compact[line].chars;
        let m = find_fuzzy(chars.get(from..)?, label)?;
        (m.end > m.start && m.errors <= allowed_errors(label.len())).then_some(LabelHit {
            line,
            start: from + m.start,
            end: from + m.end,
            errors: m.errors,
        })
    }
}

/// Lines at least this many times wider than high show the text's slope reliably.
const SLOPE_MIN_ASPECT: f32 = 3.0;

/// The median slope of the long lines' top edges, radians; 0 without long lines.
fn median_slope(lines: &[TextLine]) -> f32 {
    let mut slopes: Vec<f32> = lines
        .iter()
        .filter_map(|l| {
            let [tl, tr, _, bl] = l.quad;
            let (dx, dy) = (tr[0] - tl[0], tr[1] - tl[1]);
            let width = dx.hypot(dy);
            let height = (bl[0] - tl[0]).hypot(bl[1] - tl[1]);
            (width >= SLOPE_MIN_ASPECT * height && dx > 0.0).then(|| dy.atan2(dx))
        })
        .collect();
    if slopes.is_empty() {
        return 0.0;
    }
    slopes.sort_by(f32::total_cmp);
    slopes[slopes.len() / 2]
}

/// `corner` turned by `angle` radians about the origin.
fn rotate([x, y]: Corner, angle: f32) -> Corner {
    let (sin, cos) = angle.sin_cos();
    [x * cos - y * sin, x * sin + y * cos]
}

fn rotate_line(mut line: TextLine, angle: f32) -> TextLine {
    if angle != 0.0 {
        line.map_corners(|c| rotate(c, angle));
    }
    line
}

/// Joins lines (in reading order) that continue each other on one row: level, of like
/// height and at most [`ROW_MERGE_GAP`] line heights apart.
fn merge_rows(lines: Vec<TextLine>) -> Vec<TextLine> {
    let mut merged: Vec<TextLine> = Vec::with_capacity(lines.len());
    for mut line in lines {
        match merged.last_mut() {
            Some(previous) if continues(previous, &line) => {
                drop_glyph_read_twice(previous, &mut line);
                join(previous, line)
            }
            _ => merged.push(with_spans(line)),
        }
    }
    merged
}

fn continues(previous: &TextLine, next: &TextLine) -> bool {
    let (a, b) = (quad_bounds(&previous.quad), quad_bounds(&next.quad));
    let (ha, hb) = (a[3] - a[1], b[3] - b[1]);
    let height = ha.max(hb);
    let level = ((a[1] + a[3]) / 2.0 - (b[1] + b[3]) / 2.0).abs() <= 0.5 * height;
    let alike = ha.min(hb) >= height / ROW_MERGE_HEIGHT_RATIO;
    let gap = b[0] - a[2];
    // Only a lone glyph that opens a piece (名 before 称…): a lone glyph after a line is as
    // often a vertical label's first glyph beside it (密 of 密码区 right of a buyer's name).
    let lone_glyph = previous.text.chars().count() == 1;
    let (max_gap, max_overlap) = if lone_glyph {
        (LONE_GLYPH_MERGE_GAP, LONE_GLYPH_MERGE_OVERLAP)
    } else {
        (ROW_MERGE_GAP, ROW_MERGE_OVERLAP)
    };
    level && alike && gap >= -max_overlap * height && gap <= max_gap * height
}

/// Where two pieces of a row overlap, the detector's boxes may share a glyph, read in
/// both: the first piece's last character read from the left part of the second piece's
/// first glyph (子 of 孙 after 法定代表人), or the second piece's first character read from
/// the right part of the first piece's last glyph (尔 of 称 before a licence's name). When
/// the first piece's last glyph's centre lies inside the second piece, the narrower of the
/// two glyphs is the part, and is dropped. Only spans of one character are judged
/// (Tesseract's spans are words).
fn drop_glyph_read_twice(previous: &mut TextLine, next: &mut TextLine) {
    let chars = previous.text.chars().count();
    let Some(last) = previous.spans.last() else {
        return;
    };
    let [x0, _, x1, _] = quad_bounds(&last.quad);
    let one_glyph = last.end == chars && last.end == last.start + 1;
    if !one_glyph || (x0 + x1) / 2.0 < quad_bounds(&next.quad)[0] {
        return;
    }
    let first_width = next
        .spans
        .first()
        .filter(|first| first.start == 0 && first.end == 1 && next.text.chars().count() > 1)
        .map(|first| {
            let [a, _, b, _] = quad_bounds(&first.quad);
            b - a
        });
    match first_width {
        Some(width) if width < x1 - x0 => drop_first_glyph(next),
        _ if chars >= 2 => {
            previous.spans.pop();
            let kept: String = previous.text.chars().take(chars - 1).collect();
            previous.text = kept.trim_end().to_string();
        }
        _ => {}
    }
}

/// `line` without its first character (and the spaces after it), its spans moved along.
fn drop_first_glyph(line: &mut TextLine) {
    let rest: String = line.text.chars().skip(1).collect();
    let kept = rest.trim_start();
    let removed = line.text.chars().count() - kept.chars().count();
    line.text = kept.to_string();
    line.spans.remove(0);
    for span in &mut line.spans {
        span.start = span.start.saturating_sub(removed);
        span.end = span.end.saturating_sub(removed);
    }
}

/// A line whose engine gave no spans gets one span over all of it, so that joined lines
/// still know which part came from where.
fn with_spans(mut line: TextLine) -> TextLine {
    if line.spans.is_empty() {
        line.spans.push(crate::ocr::TextSpan {
            start: 0,
            end: line.text.chars().count(),
            quad: line.quad,
        });
    }
    line
}

/// Appends `next` to `previous` after a space: the compact form (labels) ignores it, the
/// spaced form keeps numbers of neighbouring pieces apart (`8803.92` `9%`).
fn join(previous: &mut TextLine, next: TextLine) {
    let next = with_spans(next);
    let before = previous.text.chars().count();
    let count = next.text.chars().count();
    previous.confidence = (previous.confidence * before as f32 + next.confidence * count as f32)
        / (before + count).max(1) as f32;
    previous.text.push(' ');
    let offset = before + 1;
    previous.text.push_str(&next.text);
    previous
        .spans
        .extend(next.spans.into_iter().map(|s| crate::ocr::TextSpan {
            start: s.start + offset,
            end: s.end + offset,
            quad: s.quad,
        }));
    let [x0, y0, x1, y1] = union(quad_bounds(&previous.quad), quad_bounds(&next.quad));
    previous.quad = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

/// The band from `left` to `right` over the row of `row` (a label's bounds), reaching
/// `above` and `below` of the row's heights beyond it: where a value printed on a label's
/// row is read a second time.
pub fn row_band(row: [f32; 4], (left, right): (f32, f32), (above, below): (f32, f32)) -> [f32; 4] {
    let height = row[3] - row[1];
    [
        left,
        row[1] - above * height,
        right,
        row[3] + below * height,
    ]
}

/// Axis-aligned bounds `[x0, y0, x1, y1]` of a quadrilateral.
pub fn quad_bounds(quad: &[Corner; 4]) -> [f32; 4] {
    let xs = quad.map(|c| c[0]);
    let ys = quad.map(|c| c[1]);
    let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
    let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
    [min(xs), min(ys), max(xs), max(ys)]
}

/// The smallest box holding both `a` and `b`.
pub fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

fn compact_line(text: &str) -> CompactLine {
    let mut chars = Vec::new();
    let mut source = Vec::new();
    for (index, c) in text.chars().enumerate() {
        for folded in normalize(c.encode_utf8(&mut [0; 4])).chars() {
            if !folded.is_whitespace() && !INVISIBLE.contains(&folded) {
                chars.push(folded);
                source.push(index);
            }
        }
    }
    CompactLine { chars, source }
}

/// The best approximate occurrence of `pattern` in `text`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FuzzyMatch {
    start: usize,
    end: usize,
    errors: usize,
}

/// The substring of `text` with the fewest edits (Levenshtein) from `pattern`, the
/// leftmost of equals; `None` for an empty pattern. Sellers' algorithm: O(|text|·|pattern|).
fn find_fuzzy(text: &[char], pattern: &[char]) -> Option<FuzzyMatch> {
    if pattern.is_empty() {
        return None;
    }
    // For each end position in `text`, the best distance and where that substring starts.
    let n = text.len();
    let mut previous: Vec<(usize, usize)> = (0..=n).map(|j| (0, j)).collect();
    for (i, &p) in pattern.iter().enumerate() {
        let mut current = vec![(i + 1, 0); n + 1];
        for j in 1..=n {
            let substitute = (
                previous[j - 1].0 + usize::from(text[j - 1] != p),
                previous[j - 1].1,
            );
            let skip_pattern = (previous[j].0 + 1, previous[j].1);
            let skip_text = (current[j - 1].0 + 1, current[j - 1].1);
            current[j] = [substitute, skip_pattern, skip_text]
                .into_iter()
                .min_by_key(|&(d, start)| (d, std::cmp::Reverse(start)))
                .expect("three candidates");
        }
        previous = current;
    }
    let (end, &(errors, start)) = previous
        .iter()
        .enumerate()
        .skip(1)
        .min_by_key(|&(end, &(d, _))| (d, end))?;
    Some(FuzzyMatch { start, end, errors })
}

#[cfg(test)]
pub(crate) mod tests;
