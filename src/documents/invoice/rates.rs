//! The 税率 column of an invoice's item lines: the rates as printed, and the rate cells
//! whose `%` the recogniser lost or read as digits, taken only where the invoice's own
//! 合计 row vouches for one rate.

use std::ops::Range;

use super::super::layout::{Page, quad_bounds, union};
use super::super::{Field, Fields, Reread, values};
use super::{SUM_ROW, amount_and_tax_headers};

use crate::rules::invoice::arithmetic::{
    CUMULATIVE_TAX_TOLERANCE_FEN, LINE_TAX_TOLERANCE_FEN, expected_tax,
};
use crate::rules::invoice::{TaxRate, parse_rate};
use crate::rules::money::parse_yuan;

const RATE_HEADER: &[&str] = &["税率/征收率", "税率"];

/// A rate cell holds at most this many glyphs the recogniser put for its `%`: `13` (lost),
/// `99` and `696` (read as one digit), `986` (read as two).
const MAX_SIGN_GLYPHS: usize = 2;

/// A rate cell lies under its header: its centre at most this many header heights from
/// the header's. Cells sit anywhere in a column wider than the header's text, and the
/// header's place comes from the recogniser's steps along a long joined row, a glyph or so
/// off (30 px at a 28-px header on a generated invoice photo); the neighbouring columns'
/// figures stand further away and hold a decimal point.
const CELL_REACH_HEIGHTS: f32 = 2.0;

/// The rates printed in the item lines: between the rate column's header and the 合计
/// row (the whole page when those are not found). Lines whose rate cell was read without
/// its `%`, or with it but as no rate an invoice prints even once repaired ([`repaired`]:
/// `98%`, the sign read `8%`), add the one rate their digits can be that the 合计 row's
/// amount and tax agree with (`fields`' `amount` and `tax_amount`). When no single rate
/// does, unsigned cells add nothing and the others stay as read, for the checks to report.
/// When no rate cell was read at all, the column is read again ([`column_read_again`]).
pub(super) fn tax_rates(page: &Page, fields: &Fields, reread: &dyn Reread) -> Option<Field> {
    let header = rate_header(page);
    let top = header.map_or(f32::NEG_INFINITY, |(line, _)| page.bounds(line)[1]);
    let bottom = page
        .find_labels(SUM_ROW)
        .first()
        .map_or(f32::INFINITY, |h| page.bounds(h.line)[1]);
    let mut rates: Vec<String> = Vec::new();
    let mut bounds: Option<[f32; 4]> = None;
    let mut confidence = 1.0f32;
    let mut unsigned: Vec<Cell> = Vec::new();
    for line in 0..page.lines().len() {
        let b = page.bounds(line);
        if b[1] <= top || b[1] >= bottom {
            continue;
        }
        let text = &page.lines()[line].text;
        let signed = values::rates_with_chars(text);
        if signed.is_empty() {
            let cell = header.and_then(|(_, h)| unsigned_cell(page, line, h));
            unsigned.extend(cell.map(|(digits, bounds)| Cell {
                digits,
                bounds,
                confidence: page.lines()[line].confidence,
                as_read: None,
                line_vouches: None,
            }));
        }
        for (rate, chars) in signed {
            // The rate cell, not its whole item line: a crease through the line's name
            // or amount does not touch the rate.
            let b = page.text_bounds(line, chars.clone());
            match repaired(&rate) {
                Some(printed) if printed == rate => {
                    if !rates.contains(&rate) {
                        rates.push(rate);
                    }
                    widen(&mut bounds, b);
                    confidence = confidence.min(page.lines()[line].confidence);
                }
                // A rate only a repair makes one (`39%`: 9% with a stray digit, or 3% with
                // its sign read `9%`) is the rate the figures vouch for when they vouch for
                // one, else the repair's.
                repair => unsigned.push(Cell {
                    digits: rate.chars().filter(char::is_ascii_digit).collect(),
                    bounds: b,
                    confidence: page.lines()[line].confidence,
                    as_read: Some(repair.unwrap_or(rate)),
                    line_vouches: {
                        let (row, start) = row_text(page, line);
                        rate_the_line_vouches_for(&row, start + chars.start..start + chars.end)
                    },
                }),
            }
        }
    }
    match rate_the_totals_vouch_for(&unsigned, &rates, fields) {
        Some((rate, vouched)) => {
            if !rates.contains(&rate) {
                rates.push(rate);
            }
            for cell in &unsigned {
                widen(&mut bounds, cell.bounds);
            }
            confidence = confidence.min(vouched);
        }
        None => {
            for cell in unsigned {
                let Some(rate) = cell.line_vouches.or(cell.as_read) else {
                    continue;
                };
                if !rates.contains(&rate) {
                    rates.push(rate);
                }
                widen(&mut bounds, cell.bounds);
                confidence = confidence.min(cell.confidence);
            }
        }
    }
    if let Some(bounds) = bounds {
        return Some(Field {
            value: serde_json::Value::Array(
                rates.into_iter().map(serde_json::Value::String).collect(),
            ),
            confidence,
            bounds,
        });
    }
    let (_, header) = header?;
    column_read_again(header, bottom, fields, reread)
}

/// The rate column under its `header` down to the 合计 row (`bottom`) read again with the
/// red washed out, detected afresh: the detector misses a short cell now and then (`9%`
/// between an item line's amount and its tax, on a clean generated scan of blind seed
/// 3737). Taken only when it reads one rate an invoice prints, and the 合计 row's amount
/// and tax agree with it.
fn column_read_again(
    header: [f32; 4],
    bottom: f32,
    fields: &Fields,
    reread: &dyn Reread,
) -> Option<Field> {
    let [x0, top, x1, header_bottom] = header;
    let reach = CELL_REACH_HEIGHTS * (header_bottom - top);
    let centre = (x0 + x1) / 2.0;
    if !bottom.is_finite() || bottom <= header_bottom {
        return None;
    }
    let column = [centre - reach, header_bottom, centre + reach, bottom];
    let mut found: Vec<(String, f32, [f32; 4])> = Vec::new();
    for line in reread.without_seals(column) {
        for (rate, _) in values::rates_with_chars(&line.text) {
            if repaired(&rate).as_deref() == Some(rate.as_str()) {
                found.push((rate, line.confidence, quad_bounds(&line.quad)));
            }
        }
    }
    let [(rate, confidence, bounds)] = found.as_slice() else {
        return None;
    };
    let figure = |key: &str| parse_yuan(fields.get(key)?.value.as_str()?);
    let (amount, tax) = (figure("amount")?, figure("tax_amount")?);
    let agrees =
        (expected_tax(amount, parse_rate(rate)?) - tax).abs() <= CUMULATIVE_TAX_TOLERANCE_FEN;
    agrees.then(|| Field {
        value: serde_json::Value::Array(vec![serde_json::Value::String(rate.clone())]),
        confidence: *confidence,
        bounds: *bounds,
    })
}

/// The rate column's header: its line and bounds. `税率` as read, else on the header row
/// the glyph 税 and one other between the `金额` and `税额` headers: the second glyph of
/// 税率 is lost to a misreading more often than the others (`税事`), and the column lies
/// between those two on every form.
fn rate_header(page: &Page) -> Option<(usize, [f32; 4])> {
    if let Some(hit) = page.find_label(RATE_HEADER) {
        return Some((hit.line, page.hit_bounds(&hit)));
    }
    amount_and_tax_headers(page).find_map(|(amount, tax)| {
        let text: Vec<char> = page.line_text(tax.line).chars().collect();
        let between = &text[amount.end..tax.start];
        let at = between
            .windows(2)
            .position(|w| w[0] == '税' && w[1] != '额')?;
        let start = amount.end + at;
        Some((tax.line, page.value_of(tax.line, start, start + 2).bounds))
    })
}

/// `bounds` grown to hold `b` (or `b` when there are none yet).
fn widen(bounds: &mut Option<[f32; 4]>, b: [f32; 4]) {
    *bounds = Some(bounds.map_or(b, |u| union(u, b)));
}

/// A rate cell whose rate is not known from its text alone: its digits, where it is, its
/// line's confidence, what was read when that was a rate with its sign (kept when the
/// figures choose none), and the rate its own item line's figures vouch for, if any.
struct Cell {
    digits: String,
    bounds: [f32; 4],
    confidence: f32,
    as_read: Option<String>,
    line_vouches: Option<String>,
}

/// A rate read with its sign as the rate printed: as read when an invoice prints it; else
/// without a point the recogniser put in (`1.3%` for 13%), or without its first digit
/// (`19%` for 9%: a mark in the gap before the cell read as a digit), when that is one.
/// `None` for anything else.
fn repaired(rate: &str) -> Option<String> {
    let without_point = rate.replace('.', "");
    let without_first = rate
        .get(1..)
        .filter(|s| s.starts_with(|c: char| c.is_ascii_digit()));
    [Some(rate), Some(without_point.as_str()), without_first]
        .into_iter()
        .flatten()
        .find(|candidate| parse_rate(candidate).is_some())
        .map(str::to_string)
}

/// The piece of item line `line` under the rate column's header (bounds `header`) when
/// it is digits alone: a rate cell read without its `%`. An amount (it has a point) or a
/// piece away from the column is none.
fn unsigned_cell(page: &Page, line: usize, header: [f32; 4]) -> Option<(String, [f32; 4])> {
    let centre = |b: [f32; 4]| (b[0] + b[2]) / 2.0;
    let reach = CELL_REACH_HEIGHTS * (header[3] - header[1]);
    page.pieces(line)
        .into_iter()
        .filter(|(_, b)| (centre(*b) - centre(header)).abs() <= reach)
        .min_by(|a, b| {
            let off = |p: &(String, [f32; 4])| (centre(p.1) - centre(header)).abs();
            off(a).total_cmp(&off(b))
        })
        .filter(|(text, _)| !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()))
}

/// The one rate a rate cell read as no rate an invoice prints (`68%`: 6% with its sign read
/// `8%`, on a low-resolution photo of blind seed 6389 whose lines were at 6, 9 and 13%, so
/// that the 合计 row vouched for none) can be that its own item line agrees with: the 金额
/// just before the cell (characters `chars` of the line's `text`) taxed at it is the 税额
/// just after, within the per-line tolerance. The 金额 may be run into the 单价 before it
/// (`3793.41317549985.03`): each of its tails is tried. `None` when either figure is not
/// beside the cell or no rate, or more than one, fits.
fn rate_the_line_vouches_for(text: &str, chars: Range<usize>) -> Option<String> {
    let text: Vec<char> = text.chars().collect();
    let piece = |range: Range<usize>| text.get(range).map(|c| c.iter().collect::<String>());
    let (before, cell, after) = (
        piece(0..chars.start)?,
        piece(chars.clone())?,
        piece(chars.end..text.len())?,
    );
    let tax = leading_figure(after.split_whitespace().next()?)?;
    let amounts = trailing_figures(before.split_whitespace().last()?);
    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
    let fitting: Vec<TaxRate> = rates_the_digits_can_be(&digits)
        .into_iter()
        .filter(|rate| {
            amounts
                .iter()
                .any(|&amount| (expected_tax(amount, *rate) - tax).abs() <= LINE_TAX_TOLERANCE_FEN)
        })
        .collect();
    match fitting.as_slice() {
        [rate] => Some(rate.printed()),
        _ => None,
    }
}

/// The text of the row item line `line` lies on, and where `line`'s own text starts in it
/// (characters): it and the lines level with it, left to right, joined with spaces. An
/// item line's figures are read as one line or as several.
fn row_text(page: &Page, line: usize) -> (String, usize) {
    let [_, top, _, bottom] = page.bounds(line);
    let level = |i: &usize| {
        let b = page.bounds(*i);
        ((b[1] + b[3]) / 2.0 - (top + bottom) / 2.0).abs() <= (bottom - top) / 2.0
    };
    let mut row: Vec<usize> = (0..page.lines().len()).filter(level).collect();
    row.sort_by(|&a, &b| page.bounds(a)[0].total_cmp(&page.bounds(b)[0]));
    let (mut text, mut start) = (String::new(), 0);
    for i in row {
        if !text.is_empty() {
            text.push(' ');
        }
        if i == line {
            start = text.chars().count();
        }
        text.push_str(&page.lines()[i].text);
    }
    (text, start)
}

/// The figure (two decimals) `token` starts with, in fen: `2999.10` of `2999.10*`.
fn leading_figure(token: &str) -> Option<i64> {
    let yuan: String = token.chars().take_while(char::is_ascii_digit).collect();
    let rest = token.get(yuan.len()..)?.strip_prefix('.')?;
    let fen = rest
        .get(..2)
        .filter(|f| f.bytes().all(|b| b.is_ascii_digit()))?;
    parse_yuan(&format!("{yuan}.{fen}"))
}

/// The figures (two decimals) `token` can end with, in fen: `49985.03`, and every shorter
/// tail of its whole yuan (`9985.03`, …) for a figure run into the one before it.
fn trailing_figures(token: &str) -> Vec<i64> {
    let Some((head, fen)) = token.rsplit_once('.') else {
        return Vec::new();
    };
    if fen.len() != 2 || !fen.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let yuan_len = head.bytes().rev().take_while(u8::is_ascii_digit).count();
    let yuan = &head[head.len() - yuan_len..];
    (0..yuan.len())
        .map(|start| &yuan[start..])
        .filter(|tail| tail.len() == 1 || !tail.starts_with('0'))
        .filter_map(|tail| parse_yuan(&format!("{tail}.{fen}")))
        .collect()
}

/// The rates a rate cell's `digits` can stand for: the rates read without a sign
/// ([`rates_read_without_sign`]), and the digits after a stray first one (`19` → 9%).
fn rates_the_digits_can_be(digits: &str) -> Vec<TaxRate> {
    let mut rates = rates_read_without_sign(digits);
    let after_stray = digits.get(1..).filter(|d| !d.is_empty());
    if let Some(rate) = after_stray.and_then(|d| parse_rate(&format!("{d}%")))
        && !rates.contains(&rate)
    {
        rates.push(rate);
    }
    rates
}

/// The rates the digits of an unsigned cell can stand for: the digits whole (`13`), or
/// a rate followed by up to [`MAX_SIGN_GLYPHS`] glyphs read for its `%` (`99` → 9%).
fn rates_read_without_sign(digits: &str) -> Vec<TaxRate> {
    (1..=digits.len())
        .filter(|&end| digits.len() - end <= MAX_SIGN_GLYPHS)
        .filter_map(|end| parse_rate(&format!("{}%", &digits[..end])))
        .collect()
}

/// The one rate every cell in `unsigned` can stand for, that the rates known from their
/// text (`signed`) leave room for (none or only it), and that makes the 合计 row's tax the amount's
/// tax at that rate: as printed (`13%`), with the lower of the two figures' confidences.
/// `None` when the figures are unread or no rate, or more than one, fits.
fn rate_the_totals_vouch_for(
    unsigned: &[Cell],
    signed: &[String],
    fields: &Fields,
) -> Option<(String, f32)> {
    let figure = |key: &str| {
        let field = fields.get(key)?;
        Some((parse_yuan(field.value.as_str()?)?, field.confidence))
    };
    let ((amount, amount_confidence), (tax, tax_confidence)) =
        (figure("amount")?, figure("tax_amount")?);
    let signed: Vec<TaxRate> = signed.iter().filter_map(|r| parse_rate(r)).collect();
    let (first, rest) = unsigned.split_first()?;
    let mut fitting: Vec<TaxRate> = rates_read_without_sign(&first.digits)
        .into_iter()
        .filter(|rate| {
            rest.iter()
                .all(|cell| rates_read_without_sign(&cell.digits).contains(rate))
        })
        .filter(|rate| signed.iter().all(|s| s == rate))
        .filter(|rate| (expected_tax(amount, *rate) - tax).abs() <= CUMULATIVE_TAX_TOLERANCE_FEN)
        .collect();
    fitting.dedup();
    match fitting.as_slice() {
        [rate] => Some((rate.printed(), amount_confidence.min(tax_confidence))),
        _ => None,
    }
}
