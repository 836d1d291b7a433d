//! 营业执照 (RULES §1.1): the label/value pairs of every entity type's layout, the credit
//! code near its label, and the issue date under 登记机关.

use super::layout::{LabelHit, Page, Value};
use super::{Field, Fields, Reread, labelled, put, values};
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
    put(&mut fields, "credit_code", credit_code(page));
    put(
        &mut fields,
        "name",
        labelled(page, NAME, &stop, values::name)
            .or_else(|| name_after_one_label_glyph(page, &stop)),
    );
    put(
        &mut fields,
        "entity_type",
        labelled(page, ENTITY_TYPE, &stop, values::name),
    );
    put(
        &mut fields,
        "legal_rep",
        labelled(page, LEGAL_REP, &stop, values::person),
    );
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
    if let Some((value, (start, end))) = term(page, &stop) {
        if let Some(start) = start {
            fields.insert("term_start", Field::text(start, &value));
        }
        fields.insert("term_end", Field::text(end, &value));
    }
    let address = wrapped(page, ADDRESS, &stop);
    let (address, cut_from_scope) = match address {
        Some(address) => (Some(address), None),
        None => match address_after_lone_glyph(page, &stop) {
            Some((address, glyph)) => {
                let joined = format!("{glyph}{}", address.value.as_str().unwrap_or_default());
                (Some(address), Some(joined))
            }
            None => (None, None),
        },
    };
    put(&mut fields, "address", address);
    let scope = wrapped(page, SCOPE, &stop).map(|mut scope| {
        if let (Some(joined), Some(text)) = (&cut_from_scope, scope.value.as_str()) {
            scope.value = serde_json::Value::String(text.replacen(joined.as_str(), "", 1));
        }
        restore_general_items(scope)
    });
    put(&mut fields, "business_scope", scope);
    put(
        &mut fields,
        "issue_date",
        issue_date(page).or_else(|| issue_date_under_seal(page, reread)),
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

/// When OCR lost one glyph of the letter-spaced `名　　称`, the name follows the other at
/// a line's start, up to the next label. No other licence line starts with 称; a lone 名
/// counts only when the wide gap the lost 称 leaves follows it, since a company name may
/// begin with 名 itself.
fn name_after_one_label_glyph(page: &Page, stop: &[&str]) -> Option<Field> {
    let after_cheng = page
        .find_labels(&["称"])
        .into_iter()
        .filter(|hit| hit.start == 0)
        .find_map(|hit| page.value_after(&hit, stop));
    let after_ming = || {
        page.find_labels(&["名"])
            .into_iter()
            .filter(|hit| hit.start == 0)
            .find_map(|hit| {
                let value = page.value_after(&hit, stop)?;
                let [_, top, glyph_right, bottom] = page.hit_bounds(&hit);
                let gap = value.bounds[0] - glyph_right;
                (gap > LOST_GLYPH_GAP * (bottom - top)).then_some(value)
            })
    };
    let value = after_cheng.or_else(after_ming)?;
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

/// Most glyphs of a lost label a line may open with before a term that is the whole
/// rest of the line (`营2017年08月18日至2047年08月18日`).
const LABEL_REMNANT: usize = 3;

/// The term's row when OCR lost most of its label: a line whose rest, after a few
/// glyphs, is exactly a term (two dates, or a date and 长期, joined by 至). No other line
/// of a licence is one: the annual-report notice's `1月1日至6月30日` has no years.
fn term_row_without_label(page: &Page) -> Option<(Value, Term)> {
    (0..page.lines().len()).find_map(|line| {
        let text = page.line_text(line);
        let skip = text
            .chars()
            .take(LABEL_REMNANT + 1)
            .position(|c| c.is_ascii_digit())?;
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

/// When OCR lost half of the 住所 label and joined what is left of it to the business
/// scope's first line (the two columns share the row), the address follows the lone 住 or
/// 所 that stands where the right column's labels start (注册资本, 成立日期, 营业期限).
/// Gives the address and the glyph, so the scope can be cut where the address began.
fn address_after_lone_glyph(page: &Page, stop: &[&str]) -> Option<(Field, char)> {
    let column_left = [CAPITAL, ESTABLISHED, TERM]
        .iter()
        .filter_map(|labels| page.find_label(labels))
        .map(|hit| page.hit_bounds(&hit)[0])
        .reduce(f32::min)?;
    (0..page.lines().len()).find_map(|line| {
        let text: Vec<char> = page.line_text(line).chars().collect();
        text.iter().enumerate().find_map(|(k, &glyph)| {
            if glyph != '住' && glyph != '所' {
                return None;
            }
            let hit = LabelHit {
                line,
                start: k,
                end: k + 1,
                errors: 0,
            };
            let [left, top, _, bottom] = page.hit_bounds(&hit);
            if (left - column_left).abs() > bottom - top {
                return None;
            }
            let value = page.value_after(&hit, stop)?;
            let value = page.continue_below(value, stop, MAX_WRAPPED_LINES);
            let address = values::mainland_text(&value.text)?;
            Some((Field::text(address, &value), glyph))
        })
    })
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

/// The issue date read again around the 登记机关 label with the seal's red washed out,
/// when the first reading of that date failed (the seal's ink over the digits).
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
