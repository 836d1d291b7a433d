//! 营业执照 (RULES §1.1): the label/value pairs of every entity type's layout, the credit
//! code near its label, and the issue date under 登记机关.

use super::layout::{self, LabelHit, Page, Value};
use super::{
    Field, Fields, Reread, credit_code_read_again, labelled, name_without_split_glyph, put, values,
};
use crate::rules::codes::{regno, uscc};

/// Labels by field; the representative's label depends on the entity type (§1.1.4).
const NAME: &[&str] = &["名称"];
const ENTITY_TYPE: &[&str] = &["类型"];
const LEGAL_REP: &[&str] = &["法定代表人", "负责人", "执行事务合伙人", "投资人", "经营者"];
const CAPITAL: &[&str] = &["注册资本", "出资额", "成员出资总额"];
const ESTABLISHED: &[&str] = &["成立日期", "注册日期"];
const TERM: &[&str] = &["营业期限", "合伙期限", "经营期限"];
const ADDRESS: &[&str] = &["住所", "营业场所", "主要经营场所", "经营场所"];
const SCOPE: &[&str] = &["经营范围", "业务范围"];
const CREDIT_CODE: &[&str] = &["统一社会信用代码"];
const REGISTRATION_NUMBER: &[&str] = &["注册号"];
const AUTHORITY: &[&str] = &["登记机关"];

/// Every label of the layout: a value ends where the next label begins.
const ALL_LABELS: &[&[&str]] = &[
    NAME,
    ENTITY_TYPE,
    LEGAL_REP,
    CAPITAL,
    ESTABLISHED,
    TERM,
    ADDRESS,
    SCOPE,
    AUTHORITY,
    &["组成形式"],
];

/// Lines a wrapped address or business scope may take.
const MAX_WRAPPED_LINES: usize = 8;

/// The fields of a licence; an old-format one (no credit code) gives its 15-digit 注册号 as
/// `registration_number`.
pub fn extract(page: &Page, reread: &dyn Reread) -> Fields {
    let stop: Vec<&str> = ALL_LABELS.iter().flat_map(|l| l.iter().copied()).collect();
    let mut fields = Fields::new();
    put(
        &mut fields,
        "credit_code",
        credit_code(page).map(|code| credit_code_read_again(code, reread)),
    );
    let entity_type = labelled(page, ENTITY_TYPE, &stop, values::name)
        .or_else(|| after_one_label_glyph(page, ["类", "型"], &stop).and_then(named));
    // The 类型 row's value, under the name's, starts where the left column's values do.
    let values_column = entity_type.as_ref().map(|field| field.bounds[0]);
    put(
        &mut fields,
        "name",
        name_after_label(page, &stop, values_column)
            .or_else(|| after_one_label_glyph(page, ["名", "称"], &stop).and_then(named))
            .or_else(|| name_read_again(page, reread))
            .or_else(|| name_above_entity_type(page, entity_type.as_ref()?, &stop)),
    );
    let legal_rep = labelled(page, LEGAL_REP, &stop, values::person)
        .or_else(|| legal_rep_without_label(page, entity_type.as_ref()?))
        .map(|name| name_without_split_glyph(page, name));
    put(&mut fields, "entity_type", entity_type);
    put(&mut fields, "legal_rep", legal_rep);
    put(
        &mut fields,
        "registered_capital",
        labelled(page, CAPITAL, &stop, values::amount_in_words),
    );
    put(
        &mut fields,
        "established_date",
        labelled(page, ESTABLISHED, &stop, values::date),
    );
    if let Some((value, (start, end))) =
        term(page, &stop).or_else(|| term_read_again(page, &stop, reread))
    {
        if let Some(start) = start {
            fields.insert("term_start", Field::text(start, &value));
        }
        fields.insert("term_end", Field::text(end, &value));
    }
    let column = right_column(page);
    let remnant = column
        .filter(|_| page.find_label(ADDRESS).is_none())
        .and_then(|column| address_label_remnant(page, column));
    let address = address(page, &stop, column, remnant.as_ref(), reread);
    let scope = business_scope(page, &stop, column, reread).map(|mut scope| {
        if let (Some(remnant), Some(text)) = (&remnant, scope.value.as_str()) {
            let address = address.as_ref().and_then(|a| a.value.as_str());
            scope.value = serde_json::Value::String(remnant.cut_from(text, address));
        }
        restore_general_items(scope)
    });
    put(&mut fields, "address", address);
    put(&mut fields, "business_scope", scope);
    put(
        &mut fields,
        "issue_date",
        issue_date_under_seal(page, reread).or_else(|| issue_date(page)),
    );
    if !fields.contains_key("credit_code") {
        put(
            &mut fields,
            "registration_number",
            registration_number(page),
        );
    }
    fields
}

/// Where a 2019-edition licence's QR code is (RULES.md §1.1.3: top right, above the hint
/// `扫描二维码登录…`): the square centred over the hint's first line, ending at its top.
/// The code is key (§1.1.6) but is no text; `rqrr` finds it by its finder patterns, and this
/// estimate stands in where it cannot, which is what a crease or cover across the code
/// does. `None` without the hint (older licences print the code elsewhere, unlabelled).
pub fn qr_code(page: &Page) -> Option<[f32; 4]> {
    let hint = page.find_label(QR_HINT)?;
    // From the hint's first glyph: a line joined with print left of it is not the column.
    let left = page.hit_bounds(&hint)[0];
    let [_, top, right, _] = page.bounds(hint.line);
    let side = (right - left) * QR_SIDE_PER_HINT_WIDTH;
    let centre = (left + right) / 2.0;
    (side > 0.0).then_some([centre - side / 2.0, top - side, centre + side / 2.0, top])
}

const QR_HINT: &[&str] = &["扫描二维码"];

/// The code's side as a share of the hint's first line, which wraps in a column a little
/// wider than the code (a 192-px code over a 249-px line on the generated licences).
const QR_SIDE_PER_HINT_WIDTH: f32 = 0.8;

/// The value after the 名称 label, from the left column's values on (`values_column`,
/// page pixels, when known): what the recogniser read in the blank between the label and
/// the column is no part of the name (`名称昇青岛兴鑫…` for `名　　称　　青岛兴鑫…`, blind
/// seed 2929), when it is a glyph's centre more than [`COLUMN_SLACK`] line heights left of
/// the column and a name is left without it.
fn name_after_label(page: &Page, stop: &[&str], values_column: Option<f32>) -> Option<Field> {
    page.find_labels(NAME).iter().find_map(|hit| {
        let value = page.value_after(hit, stop)?;
        let trimmed = values_column.and_then(|column| {
            let slack = COLUMN_SLACK * (value.bounds[3] - value.bounds[1]);
            page.value_from_column(hit, &value, column - slack)
                .filter(|trimmed| values::name(&trimmed.text).is_some())
        });
        named(trimmed.unwrap_or(value))
    })
}

/// How far left of the values column a glyph's centre may be and still be the value's, in
/// line heights: a name's first glyph is centred half a glyph right of the column, and the
/// recogniser's centres stray by a quarter of a glyph at most, so a quarter left of the
/// column still keeps every glyph; the glyph read in the blank (blind seed 2929) was
/// centred 0.47 heights left of it. On 200 generated licences from nine seeds nothing was
/// trimmed and every name read as before.
const COLUMN_SLACK: f32 = 0.25;

/// When OCR lost one glyph of a letter-spaced two-glyph label (`名　　称`, `类　　型`),
/// the value follows the other at a line's start, up to the next label. No other licence
/// line starts with the second glyph, or has it after one glyph (the first misread:
/// `舌称…`); a lone first glyph counts only when the wide gap the lost second one leaves
/// follows it, since a company name may begin with 名 itself. Both labels stand above the
/// 经营范围 row, whose wrapped lines may start with any glyph.
fn after_one_label_glyph(page: &Page, [first, second]: [&str; 2], stop: &[&str]) -> Option<Value> {
    let scope_top = scope_top(page);
    let glyph_at = |glyph: &str, most_before: usize| {
        page.find_labels(&[glyph])
            .into_iter()
            .filter(move |hit| hit.start <= most_before && page.hit_bounds(hit)[1] < scope_top)
    };
    let line_starts = |glyph: &str| glyph_at(glyph, 0);
    let after_second =
        glyph_at(second, MISREAD_FIRST_GLYPHS).find_map(|hit| page.value_after(&hit, stop));
    let after_first = || {
        line_starts(first).find_map(|hit| {
            let value = page.value_after(&hit, stop)?;
            let [_, top, glyph_right, bottom] = page.hit_bounds(&hit);
            let gap = value.bounds[0] - glyph_right;
            (gap > LOST_GLYPH_GAP * (bottom - top)).then_some(value)
        })
    };
    after_second.or_else(after_first)
}

/// The name's row read again when OCR found its label, or a glyph of it, alone on its
/// line (the detector missed the value: a row of large print now and then): from the
/// label's right edge to the right column's labels (or the page's right edge), on the
/// label's row. What the second reading keeps of the label (the letter-spaced 称 after a
/// lone 名, a colon) is dropped.
fn name_read_again(page: &Page, reread: &dyn Reread) -> Option<Field> {
    let scope_top = scope_top(page);
    let (hit, lone_ming) = [(NAME, false), (&["名"][..], true), (&["称"][..], false)]
        .into_iter()
        .flat_map(|(variants, lone_ming)| {
            page.find_labels(variants)
                .into_iter()
                .map(move |hit| (hit, lone_ming))
        })
        .find(|(hit, _)| {
            hit.start == 0
                && page.char_count(hit.line) == hit.end
                && page.hit_bounds(hit)[1] < scope_top
        })?;
    let label = page.hit_bounds(&hit);
    let right = match right_column(page) {
        Some((left, _)) => left,
        None => page
            .right_edge()
            .map_or(label[2], |right| right.max(label[2])),
    };
    let area = layout::row_band(label, (label[2], right), (NAME_ROW_MARGIN, NAME_ROW_MARGIN));
    let again = Page::from_level(reread.without_seals(area));
    let mut value = joined_on_row(&again, label)?;
    let mut text = value.text.as_str();
    if lone_ming {
        text = text.strip_prefix('称').unwrap_or(text);
    }
    value.text = text.trim_start_matches([':', '：']).to_string();
    named(value)
}

/// The name's row when OCR lost its whole letter-spaced label (`名　　称`: the detector
/// found neither glyph on a clean generated licence, blind seed 6007): the nearest line
/// above the 类型 row that starts where the 类型 value does, up to the first label on it.
/// Every layout of §1.1 prints the name on the row right above the entity type's, in the
/// same column.
fn name_above_entity_type(page: &Page, entity_type: &Field, stop: &[&str]) -> Option<Field> {
    let [column, top, _, bottom] = entity_type.bounds;
    let height = bottom - top;
    let line = (0..page.lines().len())
        .filter(|&line| {
            let [left, _, _, line_bottom] = page.bounds(line);
            (left - column).abs() <= height
                && line_bottom <= top
                && line_bottom >= top - ROWS_ABOVE_ENTITY_TYPE * height
        })
        .max_by(|&a, &b| page.bounds(a)[3].total_cmp(&page.bounds(b)[3]))?;
    let end = page
        .find_labels(stop)
        .iter()
        .filter(|hit| hit.line == line)
        .map(|hit| hit.start)
        .min()
        .unwrap_or_else(|| page.char_count(line));
    named(page.value_of(line, 0, end))
}

/// How far above the 类型 row's top the name's row may end, in that row's heights: the
/// licence's rows stand about 2.7 heights apart (top to top), so the name's row ends about
/// two heights above it, and the row above that (the title or 副本) beyond four.
const ROWS_ABOVE_ENTITY_TYPE: f32 = 3.0;

/// Where the representative's name is printed when its label was read and the name was
/// not: right of the label, on its row, [`UNREAD_NAME_WIDTH`] label heights on. The name
/// is key (RULES §1.1.6): a note over the whole of it leaves nothing read to place it by,
/// and this estimate stands in for it.
pub fn unread_legal_rep(page: &Page, fields: &Fields) -> Option<[f32; 4]> {
    if fields.contains_key("legal_rep") {
        return None;
    }
    let hit = page.find_label(LEGAL_REP)?;
    let [_, top, right, bottom] = page.hit_bounds(&hit);
    Some([
        right,
        top,
        right + UNREAD_NAME_WIDTH * (bottom - top),
        bottom,
    ])
}

/// How far right of its label an unread name may be printed, in label heights: the gap
/// to the values column (about a glyph) and a name of up to four glyphs, with a glyph to
/// spare.
const UNREAD_NAME_WIDTH: f32 = 6.0;

/// The representative's name when OCR lost its whole letter-spaced label (`法 定 代 表 人`:
/// the detector boxed the name and not the label on a clean generated licence, blind seed
/// 6007): the first line below the 类型 row and above the 经营范围 label that starts where
/// the 类型 value does and is nothing but a person's name, two to
/// [`MAX_UNLABELLED_NAME_GLYPHS`] Han glyphs, with nothing read left of it on its row. The
/// other values of that column are longer, or hold digits or brackets (an address, the
/// wrapped tail of an entity type: `或控股）`).
fn legal_rep_without_label(page: &Page, entity_type: &Field) -> Option<Field> {
    let [column, top, _, bottom] = entity_type.bounds;
    let height = bottom - top;
    let scope_top = scope_top(page);
    let nothing_left_of = |line: usize| {
        let [left, line_top, _, line_bottom] = page.bounds(line);
        (0..page.lines().len()).all(|other| {
            let [_, other_top, other_right, other_bottom] = page.bounds(other);
            other == line
                || other_right > left
                || other_bottom < line_top
                || other_top > line_bottom
        })
    };
    let line = (0..page.lines().len())
        .filter(|&line| {
            let [left, line_top, _, _] = page.bounds(line);
            (left - column).abs() <= height && line_top >= bottom && line_top < scope_top
        })
        .min_by(|&a, &b| page.bounds(a)[1].total_cmp(&page.bounds(b)[1]))?;
    let text = page.line_text(line);
    let glyphs = text.chars().count();
    let han_only = text.chars().all(|c| values::is_cjk(c) || c == '·');
    (han_only && (2..=MAX_UNLABELLED_NAME_GLYPHS).contains(&glyphs) && nothing_left_of(line))
        .then(|| named_person(page.line_value(line)))
        .flatten()
}

/// Most glyphs of a representative's name taken without its label: Han names run two to
/// four glyphs; a longer one (a transliterated name with ·) waits for its label.
const MAX_UNLABELLED_NAME_GLYPHS: usize = 4;

/// A person's name (a representative's) as a field.
fn named_person(value: Value) -> Option<Field> {
    values::person(&value.text).map(|name| Field::text(name, &value))
}

/// How far above and below the name label's row the second look reaches, in label
/// heights: the name is set in the label's size, on its baseline.
const NAME_ROW_MARGIN: f32 = 0.5;

/// Glyphs a two-glyph label's first may be misread as, before its second.
const MISREAD_FIRST_GLYPHS: usize = 1;

/// The top of the 经营范围 label, below which lines may start with any glyph (the scope's
/// wrapped lines); the page's end when the label is not read.
fn scope_top(page: &Page) -> f32 {
    page.find_label(SCOPE)
        .map_or(f32::INFINITY, |hit| page.hit_bounds(&hit)[1])
}

/// A name-like value (company name, entity type) as a field.
fn named(value: Value) -> Option<Field> {
    values::name(&value.text).map(|name| Field::text(name, &value))
}

/// Least gap, in line heights, after a lone 名 for it to be the label's first glyph: the
/// label's glyphs stand two characters apart and the lost 称 widens that further, while
/// the glyphs of a name stand a fraction of a height apart.
const LOST_GLYPH_GAP: f32 = 1.0;

/// A term's start (none for some old licences) and end (a date or 长期).
type Term = (Option<String>, String);

/// The 营业期限 value and its term, read across the row when OCR split it in two.
fn term(page: &Page, stop: &[&str]) -> Option<(Value, Term)> {
    // A line opening with 期限 is the term's row with the label's first glyphs lost: no
    // other licence label ends in it.
    let hit = page.find_label(TERM).or_else(|| {
        page.find_labels(&["期限"])
            .into_iter()
            .find(|hit| hit.start == 0)
    });
    let Some(hit) = hit else {
        return term_row_without_label(page);
    };
    let value = page.value_after(&hit, stop)?;
    if let Some(term) = values::term(&value.text) {
        return Some((value, term));
    }
    let value = page.joined_with_next_right(&value, &hit, stop)?;
    values::term(&value.text).map(|term| (value, term))
}

/// The 营业期限 row read again when neither its label nor a term was read: the band
/// below the 成立日期 row, about a row deep, from that row's left to the page's right
/// edge, detected afresh. On a clean generated photo (blind seed 5353) the detector
/// missed the whole row, label and dates, between two rows it found.
fn term_read_again(page: &Page, stop: &[&str], reread: &dyn Reread) -> Option<(Value, Term)> {
    let established = page.bounds(page.find_label(ESTABLISHED)?.line);
    let height = established[3] - established[1];
    let area = [
        established[0],
        established[3],
        page.right_edge()?.max(established[2]),
        established[3] + TERM_ROW_DEPTH * height,
    ];
    term(&Page::from_level(reread.without_seals(area)), stop)
}

/// How deep below the 成立日期 row the term's row is looked for, in that row's heights:
/// the licence's rows stand about two heights apart, so the band takes in the term's row
/// and stops short of the 住所 row after it.
const TERM_ROW_DEPTH: f32 = 2.5;

/// Most glyphs of a lost label a line may open with before a term that is the whole
/// rest of the line (`营2017年08月18日至2047年08月18日`).
const LABEL_REMNANT: usize = 3;

/// The term's row when OCR lost most of its label: a line whose rest, after a few
/// glyphs, is exactly a term (two dates, or a date and 长期, joined by 至). No other line
/// of a licence is one: the annual-report notice's `1月1日至6月30日` has no years.
fn term_row_without_label(page: &Page) -> Option<(Value, Term)> {
    (0..page.lines().len()).find_map(|line| {
        let text = page.line_text(line);
        let skip = values::digits_after_remnant(&text, LABEL_REMNANT)?;
        let rest: String = text.chars().skip(skip).collect();
        crate::rules::dates::parse_term(&rest).ok()?;
        let term = values::term(&rest)?;
        let value = Value {
            text: rest,
            confidence: page.lines()[line].confidence,
            bounds: page.bounds(line),
        };
        Some((value, term))
    })
}

/// The 住所 value, from its label, else from where the label stands in the right column:
/// after what is left of the label ([`address_label_remnant`]), on the 经营范围 row
/// ([`address_on_scope_row`]), or read again there.
fn address(
    page: &Page,
    stop: &[&str],
    column: Option<(f32, f32)>,
    remnant: Option<&LabelRemnant>,
    reread: &dyn Reread,
) -> Option<Field> {
    if let Some(address) = wrapped(page, ADDRESS, stop) {
        return Some(address);
    }
    let column = column?;
    remnant
        .and_then(|remnant| {
            let value = page.value_after(&remnant.hit, stop)?;
            address_field(page.continue_below(value, stop, MAX_WRAPPED_LINES))
        })
        .or_else(|| address_on_scope_row(page, stop, column))
        .or_else(|| address_read_again(page, column, reread))
}

/// The 经营范围 value: after its label, wrapped over the lines below. When OCR missed the
/// first line (the label's nearest line to the right is then the 住所 value in the other
/// column), that line is read again between the label and the right column.
fn business_scope(
    page: &Page,
    stop: &[&str],
    column: Option<(f32, f32)>,
    reread: &dyn Reread,
) -> Option<Field> {
    let hit = page.find_label(SCOPE)?;
    let label = page.hit_bounds(&hit);
    let height = label[3] - label[1];
    let in_left_column =
        |value: &Value| column.is_none_or(|(left, _)| value.bounds[0] < left - height);
    let first = match page.value_after(&hit, stop).filter(in_left_column) {
        Some(first) => first,
        None => {
            let (left, _) = column?;
            let area = [label[2], label[1], left, label[3]];
            let again = Page::from_level(reread.without_seals(area));
            let mut first = joined_on_row(&again, label)?;
            // The 住 of the 住所 label, read with the line's end.
            if first.bounds[2] > left && first.text.ends_with('住') {
                first.text.pop();
            }
            first
        }
    };
    let value = page.continue_below(first, stop, MAX_WRAPPED_LINES);
    let value = final_full_stop_read_again(page, value, reread);
    values::mainland_text(&value.text).map(|v| Field::text(v, &value))
}

/// A scope ends with `。`, a mark small enough that the detector's box often ends before
/// it. When the text lacks it, its last line is read again stretched, and the mark is
/// taken when that reading ends the line as the first did, with `。` after it.
fn final_full_stop_read_again(page: &Page, mut value: Value, reread: &dyn Reread) -> Value {
    if value.text.ends_with('。') {
        return value;
    }
    let [x0, y0, x1, y1] = value.bounds;
    let inside = |line: &usize| {
        let [a0, b0, a1, b1] = page.bounds(*line);
        let (x, y) = ((a0 + a1) / 2.0, (b0 + b1) / 2.0);
        (x0..=x1).contains(&x) && (y0..=y1).contains(&y)
    };
    let Some(last) = (0..page.lines().len())
        .filter(inside)
        .max_by(|&a, &b| page.bounds(a)[1].total_cmp(&page.bounds(b)[1]))
    else {
        return value;
    };
    let Some(again) = reread.stretched(page.bounds(last)) else {
        return value;
    };
    let again = Page::from_level(vec![again]).line_text(0);
    let last_text = page.line_text(last);
    let ending: String = {
        let chars: Vec<char> = last_text.chars().collect();
        chars[chars.len().saturating_sub(FULL_STOP_CONTEXT)..]
            .iter()
            .collect()
    };
    if !ending.is_empty()
        && again.ends_with(&format!("{ending}。"))
        && value.text.ends_with(&ending)
    {
        value.text.push('。');
    }
    value
}

/// Glyphs before the `。` that the stretched reading must share with the first one (it
/// may lose or change glyphs elsewhere on the line, being stretched).
const FULL_STOP_CONTEXT: usize = 2;

/// Least height of a line on a row read again, in the row's label heights.
const ROW_LINE_MIN_HEIGHT: f32 = 0.5;

/// The lines of `page` (a row read again) on the row of `label` joined left to right
/// into one value: their middles within its height, and they not much shorter (the
/// edges of the rows above and below read as junk).
fn joined_on_row(page: &Page, label: [f32; 4]) -> Option<Value> {
    let height = label[3] - label[1];
    let on_row = |line: &usize| {
        let [_, top, _, bottom] = page.bounds(*line);
        (label[1]..=label[3]).contains(&((top + bottom) / 2.0))
            && bottom - top >= ROW_LINE_MIN_HEIGHT * height
    };
    let mut lines: Vec<usize> = (0..page.lines().len()).filter(on_row).collect();
    lines.sort_by(|&a, &b| page.bounds(a)[0].total_cmp(&page.bounds(b)[0]));
    lines
        .into_iter()
        .map(|line| page.line_value(line))
        .reduce(|a, b| Value {
            text: a.text + &b.text,
            confidence: a.confidence.min(b.confidence),
            bounds: layout::union(a.bounds, b.bounds),
        })
}

/// Left and right edges of the right column's labels (注册资本, 成立日期, 营业期限), which
/// the 住所 label lines up with: letter-spaced to their width, 住 at the left, 所 at the
/// right.
fn right_column(page: &Page) -> Option<(f32, f32)> {
    let labels: Vec<[f32; 4]> = [CAPITAL, ESTABLISHED, TERM]
        .iter()
        .filter_map(|labels| page.find_label(labels))
        .map(|hit| page.hit_bounds(&hit))
        .collect();
    let left = labels.iter().map(|b| b[0]).reduce(f32::min)?;
    let right = labels.iter().map(|b| b[2]).reduce(f32::max)?;
    Some((left, right))
}

/// What OCR left of a half-lost 住所 label: a lone 住 where the right column's labels
/// start, or a lone 所 where they end, often joined to the business scope's first line
/// (the two columns share the row).
struct LabelRemnant {
    hit: LabelHit,
    /// The few characters before the glyph on its line, to find it in the scope.
    before: String,
}

/// Characters before a label remnant that place it in the business scope's text.
const REMNANT_CONTEXT: usize = 6;

/// The first lone 住 or 所 standing where the 住所 label would, given the right column's
/// label edges.
fn address_label_remnant(page: &Page, (left, right): (f32, f32)) -> Option<LabelRemnant> {
    (0..page.lines().len()).find_map(|line| {
        let text: Vec<char> = page.line_text(line).chars().collect();
        text.iter().enumerate().find_map(|(k, &glyph)| {
            let hit = LabelHit {
                line,
                start: k,
                end: k + 1,
                errors: 0,
            };
            let [glyph_left, top, glyph_right, bottom] = page.hit_bounds(&hit);
            let in_place = match glyph {
                '住' => (glyph_left - left).abs() <= bottom - top,
                '所' => (glyph_right - right).abs() <= bottom - top,
                _ => false,
            };
            let before = text[k.saturating_sub(REMNANT_CONTEXT)..k].iter().collect();
            in_place.then_some(LabelRemnant { hit, before })
        })
    })
}

impl LabelRemnant {
    /// The business scope without this remnant, nor the address OCR joined after it.
    fn cut_from(&self, scope: &str, address: Option<&str>) -> String {
        let Some(before) = values::mainland_text(&self.before) else {
            return scope.to_string();
        };
        let Some(at) = scope.find(&before).map(|at| at + before.len()) else {
            return scope.to_string();
        };
        let rest = scope[at..].trim_start_matches(ADDRESS_LABEL_LEFTOVERS);
        let rest = address
            .and_then(|address| rest.strip_prefix(address))
            .unwrap_or(rest);
        format!("{}{rest}", &scope[..at])
    }
}

/// When OCR lost the whole 住所 label, the address is the line that starts just right of
/// where the label ends, on the row of the 经营范围 label (the two share the row).
fn address_on_scope_row(page: &Page, stop: &[&str], (left, right): (f32, f32)) -> Option<Field> {
    let scope = scope_label_left_of(page, left)?;
    let height = scope[3] - scope[1];
    let row_middle = (scope[1] + scope[3]) / 2.0;
    let line = (0..page.lines().len()).find(|&line| {
        let [x0, y0, _, y1] = page.bounds(line);
        (y0..=y1).contains(&row_middle) && x0 >= left && x0 <= right + ADDRESS_VALUE_GAP * height
    })?;
    address_field(page.continue_below(page.line_value(line), stop, MAX_WRAPPED_LINES))
}

/// The 经营范围 label's bounds when it stands left of the right column (the two-column
/// layouts, where 住所 shares its row), else `None`.
fn scope_label_left_of(page: &Page, column_left: f32) -> Option<[f32; 4]> {
    let scope = page.hit_bounds(&page.find_label(SCOPE)?);
    (scope[2] < column_left).then_some(scope)
}

/// Farthest the address value starts right of its label, in label heights: the layout
/// leaves about one character between them.
const ADDRESS_VALUE_GAP: f32 = 3.0;

/// The area right of the 住所 label's place read again, when OCR found nothing there
/// (the detector misses a row of small print now and then): from the label's right edge
/// to the page's, from the 经营范围 label's row down the address's wrapped lines.
fn address_read_again(
    page: &Page,
    (left, right): (f32, f32),
    reread: &dyn Reread,
) -> Option<Field> {
    let scope = scope_label_left_of(page, left)?;
    let area = layout::row_band(scope, (right, page.right_edge()?), ADDRESS_AREA);
    let again = Page::from_level(reread.without_seals(area));
    let first = (0..again.lines().len())
        .min_by(|&a, &b| again.bounds(a)[1].total_cmp(&again.bounds(b)[1]))?;
    address_field(again.continue_below(again.line_value(first), &[], MAX_WRAPPED_LINES))
}

/// Where the address is read again, in the 经营范围 label's heights: from half a height
/// above its row to the third wrapped line below (a line and its leading per height).
const ADDRESS_AREA: (f32, f32) = (0.5, 4.0);

/// What OCR leaves of a half-lost 住所 label and its colon before an address.
const ADDRESS_LABEL_LEFTOVERS: [char; 4] = ['住', '所', ':', '：'];

/// An address value without what is left of a lost label before it (`所`, `：所`).
fn address_field(value: Value) -> Option<Field> {
    let text = value.text.trim_start_matches(ADDRESS_LABEL_LEFTOVERS);
    values::mainland_text(text).map(|address| Field::text(address, &value))
}

/// A value that may wrap over several lines (住所, 经营范围).
fn wrapped(page: &Page, labels: &[&str], stop: &[&str]) -> Option<Field> {
    let hit = page.find_label(labels)?;
    let value = page.value_after(&hit, stop)?;
    let value = page.continue_below(value, stop, MAX_WRAPPED_LINES);
    values::mainland_text(&value.text).map(|v| Field::text(v, &value))
}

/// Where the seal's date is printed relative to the 登记机关 label, in label widths and
/// heights: below it, from one width left to two right, four heights down.
const SEAL_DATE_AREA: (f32, f32, f32) = (1.0, 2.0, 4.0);

/// The issue date read again around the 登记机关 label with the seal's red washed out.
/// It is taken before the first reading, which the seal's ink over the digits can change
/// while still giving a date (`12月` read `2月`): on development seed 4141 the second
/// reading was right on all 114 clean licences, the first on 110.
fn issue_date_under_seal(page: &Page, reread: &dyn Reread) -> Option<Field> {
    let hit = page.find_label(AUTHORITY)?;
    let [x0, y0, x1, y1] = page.bounds(hit.line);
    let (w, h) = (x1 - x0, y1 - y0);
    let (left, right, down) = SEAL_DATE_AREA;
    let area = [x0 - left * w, y0, x1 + right * w, y1 + down * h];
    let lines = reread.without_seals(area);
    let again = Page::from_level(lines);
    (0..again.lines().len()).find_map(|i| {
        let date = values::date(&again.line_text(i))?;
        Some(Field::of_line(date, &again, i))
    })
}

/// Scopes since the 2021 reform open with `一般项目：`; the recogniser drops a lone `一`
/// (one thin stroke) at the start of a line, so `般项目` gets it back.
fn restore_general_items(mut field: Field) -> Field {
    if let serde_json::Value::String(text) = &mut field.value
        && text.starts_with("般项目")
    {
        text.insert(0, '一');
    }
    field
}

/// The credit code: after its label, else under it (the 2019 layout prints it under the
/// label), preferring one whose check characters hold.
fn credit_code(page: &Page) -> Option<Field> {
    code_at_label(
        page,
        CREDIT_CODE,
        |text| values::code(text, 18).filter(|c| c.len() == 18),
        |code| uscc::validate(code).is_ok(),
    )
}

/// The old format's 15-digit 注册号, after or under its label like the credit code.
fn registration_number(page: &Page) -> Option<Field> {
    code_at_label(
        page,
        REGISTRATION_NUMBER,
        |text| values::digits(text, 15).filter(|c| c.len() == 15),
        regno::is_valid,
    )
}

/// A code printed after its label, else the code on the line nearest the label (by
/// vertical plus horizontal distance), preferring one that passes `is_valid`.
fn code_at_label(
    page: &Page,
    labels: &[&str],
    read: impl Fn(&str) -> Option<String>,
    is_valid: impl Fn(&str) -> bool,
) -> Option<Field> {
    let hit = page.find_label(labels)?;
    if let Some(value) = page.value_after(&hit, &[])
        && let Some(code) = read(&value.text)
    {
        return Some(Field::text(code, &value));
    }
    let label = page.bounds(hit.line);
    let candidates = (0..page.lines().len()).filter_map(|i| {
        let code = read(&page.line_text(i))?;
        let b = page.bounds(i);
        let distance = (b[1] - label[1]).abs() + (b[0] - label[0]).abs();
        Some((i, code, distance))
    });
    let (line, code, _) = candidates.min_by(|a, b| {
        (!is_valid(&a.1), a.2)
            .partial_cmp(&(!is_valid(&b.1), b.2))
            .expect("finite")
    })?;
    Some(Field::of_line(code, page, line))
}

/// The issue date of this copy: the date printed lowest on the page below 登记机关 (the
/// seal's date), else the lowest date on the page that is not the founding date.
fn issue_date(page: &Page) -> Option<Field> {
    let authority_top = page
        .find_label(AUTHORITY)
        .map_or(f32::NEG_INFINITY, |h| page.bounds(h.line)[1]);
    (0..page.lines().len())
        .filter(|&i| page.bounds(i)[1] >= authority_top)
        .filter(|&i| {
            let text = page.line_text(i);
            !ESTABLISHED.iter().chain(TERM).any(|l| text.contains(l)) && !text.contains('至')
        })
        .filter_map(|i| {
            let date = values::date(&page.line_text(i))?;
            Some((i, date))
        })
        .max_by(|a, b| page.bounds(a.0)[1].total_cmp(&page.bounds(b.0)[1]))
        .map(|(i, date)| Field::of_line(date, page, i))
}
