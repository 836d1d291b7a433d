//! 开户许可证 (RULES §1.4) and 基本存款账户信息 (§1.5): the depositor's name (in the
//! permit's sentence 经审核，…符合开户条件 or a labelled row), representative, bank,
//! account number and the J-number.

use super::layout::Page;
use super::{Field, Fields, Reread, labelled, put, values};

const APPROVAL: &[&str] = &["核准号"];
const SERIAL: &[&str] = &["编号"];
const DEPOSITOR: &[&str] = &["存款人名称", "账户名称", "单位名称"];
const LEGAL_REP: &[&str] = &["法定代表人（单位负责人）", "法定代表人", "单位负责人"];
const BANK: &[&str] = &["开户银行名称", "开户银行"];
const ACCOUNT: &[&str] = &["账号", "账户号码", "银行账号"];
const BASIC_NUMBER: &[&str] = &["基本存款账户编号"];

/// Every row label: a value ends where the next begins.
const ALL_LABELS: &[&str] = &[
    "核准号",
    "编号",
    "存款人名称",
    "账户名称",
    "单位名称",
    "法定代表人",
    "单位负责人",
    "开户银行",
    "账号",
    "账户号码",
    "银行账号",
    "基本存款账户编号",
];

/// The permit's sentence around the depositor's name.
const SENTENCE_START: &str = "经审核";
const SENTENCE_END: &str = "符合开户条件";

/// Shortest account number accepted (RULES §2.9: bank accounts run 8–32 digits).
const MIN_ACCOUNT_DIGITS: usize = 8;

pub fn extract_permit(page: &Page, reread: &dyn Reread) -> Fields {
    let mut fields = common(page);
    account_number_looked_at_again(reread, &mut fields);
    put(
        &mut fields,
        "approval_number",
        labelled(page, APPROVAL, ALL_LABELS, |t| values::code(t, 8)),
    );
    put(
        &mut fields,
        "serial_number",
        labelled(page, SERIAL, ALL_LABELS, serial),
    );
    if !fields.contains_key("depositor_name") {
        put(&mut fields, "depositor_name", depositor_in_sentence(page));
    }
    fields
}

pub fn extract_account_info(page: &Page, reread: &dyn Reread) -> Fields {
    let mut fields = common(page);
    put(
        &mut fields,
        "basic_account_number",
        labelled(page, BASIC_NUMBER, ALL_LABELS, basic_number)
            .or_else(|| basic_number_read_again(page, reread)),
    );
    if !fields.contains_key("account_number") {
        put(
            &mut fields,
            "account_number",
            account_number_read_again(page, reread),
        );
    }
    if !fields.contains_key("depositor_name") {
        top_rows_read_again(page, reread, &mut fields);
    }
    account_number_looked_at_again(reread, &mut fields);
    fields
}

/// The account number read again on its own, detected afresh in a band around it, and
/// taken when the second reading restores digits the first dropped. An account number
/// carries no check digit, so a dropped one is caught nowhere else but against the form,
/// as a mismatch the supplier did not make: a clear 1284-px photo of the sheet read
/// `367338287148046478` (0.98) for `3673318287148046478`, which its row cut out and read
/// again gave whole at every scale from 0.5 to 2 (blind seed 8111, app-00146). Only
/// restoring is taken, never a change ([`restores_digits`]).
fn account_number_looked_at_again(reread: &dyn Reread, fields: &mut Fields) {
    let Some(first) = fields.get("account_number") else {
        return;
    };
    let Some(digits) = first.value.as_str() else {
        return;
    };
    let [x0, y0, x1, y1] = first.bounds;
    let height = y1 - y0;
    let area = [
        x0 - ACCOUNT_AREA_LEFT * height,
        y0 - ACCOUNT_AREA_MARGIN * height,
        x1 + ACCOUNT_AREA_MARGIN * height,
        y1 + ACCOUNT_AREA_MARGIN * height,
    ];
    let again = reread.without_seals(area);
    let second = again
        .iter()
        .filter(|line| line.confidence >= RESTORED_MIN_CONFIDENCE)
        .filter_map(|line| Some((values::digits(&line.text, MIN_ACCOUNT_DIGITS)?, line)))
        .max_by_key(|(number, _)| number.len());
    if let Some((number, line)) = second
        && restores_digits(digits, &number)
    {
        let restored = Field {
            value: serde_json::Value::String(number),
            confidence: line.confidence,
            bounds: first.bounds,
        };
        fields.insert("account_number", restored);
    }
}

/// How far left of the account number the band read again reaches, in the number's
/// heights: past its label (账号：, three glyphs), so the row is read as printed.
const ACCOUNT_AREA_LEFT: f32 = 4.0;

/// The band's margin above, below and right of the number, in its heights.
const ACCOUNT_AREA_MARGIN: f32 = 0.5;

/// Least confidence of a second reading that restores digits: a sure one, as a second
/// look asks of a doubtful number (`SecondLook::doubtful_number_confidence`).
const RESTORED_MIN_CONFIDENCE: f32 = 0.95;

/// Most digits a second reading may restore: the recogniser drops a narrow glyph or a
/// repeated one, not a run.
const MAX_RESTORED_DIGITS: usize = 2;

/// Whether `second` is `first` with one to [`MAX_RESTORED_DIGITS`] digits put back: every
/// digit of `first` in order, and no more than that many others.
fn restores_digits(first: &str, second: &str) -> bool {
    let added = second.len().saturating_sub(first.len());
    if added == 0 || added > MAX_RESTORED_DIGITS {
        return false;
    }
    let mut rest = second.chars();
    first.chars().all(|c| rest.any(|d| d == c))
}

/// The sheet's top rows (账户名称, 账号) read again when the detector missed the
/// depositor's: the band from the title (or two row pitches up) down to the first row
/// read, from a row height left of the rows to the page's right edge, detected afresh.
/// On a clean generated sheet photographed turned and a little skewed (blind seed 6007,
/// app-00175) the detector boxed those two rows as one blob and read only the three below.
fn top_rows_read_again(page: &Page, reread: &dyn Reread, fields: &mut Fields) {
    let mut rows = rows_read(page, &[ACCOUNT, BANK, LEGAL_REP, BASIC_NUMBER]);
    rows.sort_by(|a, b| a[1].total_cmp(&b[1]));
    let (Some(&first), Some(right)) = (rows.first(), page.right_edge()) else {
        return;
    };
    let height = first[3] - first[1];
    let pitch = usual_pitch(&rows).unwrap_or(3.0 * height);
    let top = page
        .find_label(TITLE)
        .map(|hit| page.bounds(hit.line)[3])
        .filter(|&bottom| bottom < first[1])
        .unwrap_or(first[1] - TOP_ROWS * pitch);
    let (left, _) = across(&rows);
    let area = [left - height, top, right, first[1]];
    let again = Page::from_level(reread.without_seals(area));
    put(
        fields,
        "depositor_name",
        labelled(&again, DEPOSITOR, ALL_LABELS, values::name),
    );
    if !fields.contains_key("account_number") {
        put(
            fields,
            "account_number",
            labelled(&again, ACCOUNT, ALL_LABELS, |t| {
                values::digits(t, MIN_ACCOUNT_DIGITS)
            }),
        );
    }
}

/// The sheet's title, above its rows.
const TITLE: &[&str] = &["基本存款账户信息"];

/// How many row pitches above the first row read the band reaches without a title: the
/// depositor's and the account's rows.
const TOP_ROWS: f32 = 2.5;

/// The 账号 row read again when the detector missed it: between two rows read, where
/// they stand wider apart than the rows do elsewhere, the band is detected afresh. On a
/// 1535-px photo of the sheet (blind seed 2026, app-00251) the detector found the rows
/// above and below and not this one.
fn account_number_read_again(page: &Page, reread: &dyn Reread) -> Option<Field> {
    let mut rows = rows_read(page, &[DEPOSITOR, BANK, LEGAL_REP, BASIC_NUMBER]);
    rows.sort_by(|a, b| a[1].total_cmp(&b[1]));
    let usual = usual_pitch(&rows).unwrap_or(f32::INFINITY);
    let (left, right) = across(&rows);
    rows.windows(2)
        .filter(|pair| row_pitch(pair) >= MISSED_ROW_PITCH * usual)
        .find_map(|pair| {
            let area = [left, pair[0][3], right, pair[1][1]];
            let again = Page::from_level(reread.without_seals(area));
            labelled(&again, ACCOUNT, ALL_LABELS, |t| {
                values::digits(t, MIN_ACCOUNT_DIGITS)
            })
        })
}

/// From the top of one row to the top of the next, of two rows in top-to-bottom order.
fn row_pitch(pair: &[[f32; 4]]) -> f32 {
    pair[1][1] - pair[0][1]
}

/// The usual step between `rows` (sorted top to bottom): the smallest between
/// neighbours, which a missed row can only widen; `None` with fewer than two rows.
fn usual_pitch(rows: &[[f32; 4]]) -> Option<f32> {
    rows.windows(2)
        .map(row_pitch)
        .filter(|&p| p > 0.0)
        .reduce(f32::min)
}

/// The bounds of the lines the rows labelled by one of `labels` were read on, in the
/// order of `labels`; a row whose label was not found is left out.
fn rows_read(page: &Page, labels: &[&[&str]]) -> Vec<[f32; 4]> {
    labels
        .iter()
        .filter_map(|label| page.find_label(label))
        .map(|hit| page.bounds(hit.line))
        .collect()
}

/// From the leftmost start to the rightmost end of `rows`: the band a missed row lies in.
fn across(rows: &[[f32; 4]]) -> (f32, f32) {
    let left = rows.iter().map(|b| b[0]).fold(f32::INFINITY, f32::min);
    let right = rows.iter().map(|b| b[2]).fold(f32::NEG_INFINITY, f32::max);
    (left, right)
}

/// How many of the usual row pitches apart two rows read stand when a row between them
/// was missed: one missed row makes two pitches; rows of one sheet vary by a fifth.
const MISSED_ROW_PITCH: f32 = 1.6;

/// The 基本存款账户编号 as printed: at least 8 letters and digits (J + 13 digits).
fn basic_number(text: &str) -> Option<String> {
    values::code(text, 8)
}

/// The sheet's last row, 基本存款账户编号, read again when the detector missed it: the
/// band below the legal representative's row, two rows deep, detected afresh. On a clean
/// 2573-px photo the detector at its usual scale found the five rows above and not this
/// one, which it found at a finer scale.
fn basic_number_read_again(page: &Page, reread: &dyn Reread) -> Option<Field> {
    let rows = rows_read(page, &[DEPOSITOR, ACCOUNT, BANK, LEGAL_REP]);
    let last = *rows.last()?;
    let mut tops: Vec<f32> = rows.iter().map(|b| b[1]).collect();
    tops.sort_by(f32::total_cmp);
    let pitch = tops
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .fold(f32::NEG_INFINITY, f32::max)
        .max(2.0 * (last[3] - last[1]));
    let (left, right) = across(&rows);
    let area = [left, last[3], right, last[3] + BASIC_NUMBER_ROWS * pitch];
    let again = Page::from_level(reread.without_seals(area));
    labelled(&again, BASIC_NUMBER, ALL_LABELS, basic_number)
}

/// How many row pitches below the legal representative's row the basic account number is
/// looked for: its row is the next one, and a row's pitch varies little.
const BASIC_NUMBER_ROWS: f32 = 2.0;

/// The rows both documents print.
fn common(page: &Page) -> Fields {
    let mut fields = Fields::new();
    put(
        &mut fields,
        "depositor_name",
        labelled(page, DEPOSITOR, ALL_LABELS, values::name),
    );
    put(&mut fields, "legal_rep", legal_rep_field(page));
    put(
        &mut fields,
        "bank_name",
        labelled(page, BANK, ALL_LABELS, values::name),
    );
    put(
        &mut fields,
        "account_number",
        labelled(page, ACCOUNT, ALL_LABELS, |t| {
            values::digits(t, MIN_ACCOUNT_DIGITS)
        }),
    );
    fields
}

/// The representative's name after a label whose bracketed part (（单位负责人）) OCR may
/// have read only in part: leftover brackets and label characters are dropped, and the
/// whole bracketed part up to its closing bracket, whatever the bracket was read as
/// (`《单位备质人》:强` on a blurred permit, blind seed 7919 app-00211).
fn legal_rep(text: &str) -> Option<String> {
    values::person(name_part(text))
}

/// What follows the representative's label in `text`: past the last closing bracket and
/// any leftover bracket or label characters.
fn name_part(text: &str) -> &str {
    let text = text.rsplit(CLOSING_BRACKETS).next().unwrap_or(text);
    text.trim_start_matches(|c: char| "(（单位负责人:：".contains(c))
}

/// The representative's name after its label, its box that of the name alone: a key
/// region (RULES §1.4), it must not take in what was read of the bracketed label, which
/// a highlight over the label would then seem to cover (blind seed 6007, app-00181).
fn legal_rep_field(page: &Page) -> Option<Field> {
    page.find_labels(LEGAL_REP).iter().find_map(|hit| {
        let value = page.value_after(hit, ALL_LABELS)?;
        let name = legal_rep(&value.text)?;
        let kept = name_part(&value.text).chars().count();
        let name_only = page.value_tail(hit, &value, kept).unwrap_or(value);
        Some(Field::text(name, &name_only))
    })
}

/// What the recogniser reads for the bracket that closes （单位负责人）.
const CLOSING_BRACKETS: [char; 4] = [')', '）', '》', '〉'];

/// The certificate serial `NNNN-NNNNNNNN` (RULES §1.4), dash kept as printed.
fn serial(text: &str) -> Option<String> {
    let kept: String = crate::rules::text::normalize(text)
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let kept = kept.trim_matches('-').to_string();
    (kept.chars().filter(char::is_ascii_digit).count() >= 8).then_some(kept)
}

/// The depositor's name inside the permit's sentence `经审核，<name>符合开户条件，…`.
fn depositor_in_sentence(page: &Page) -> Option<Field> {
    let hit = page.find_label(&[SENTENCE_START])?;
    let value = page.value_after(&hit, &[SENTENCE_END])?;
    let text = value.text.trim_start_matches([',', '，']);
    values::name(text).map(|name| Field::text(name, &value))
}

#[cfg(test)]
mod tests {
    use super::restores_digits;

    #[test]
    fn a_second_reading_restores_digits_only_when_it_keeps_every_digit_of_the_first() {
        // 8111 app-00146: a `1` dropped after `36733`.
        assert!(restores_digits("367338287148046478", "3673318287148046478"));
        // Two dropped digits put back, one at each end.
        assert!(restores_digits("67331828714804647", "3673318287148046478"));
        // The same digits are nothing restored; a changed digit is a change, not a restoring.
        assert!(!restores_digits(
            "3673318287148046478",
            "3673318287148046478"
        ));
        assert!(!restores_digits(
            "367338287148046478",
            "3673318287148045478"
        ));
        // Three digits more is another number, not a dropped glyph.
        assert!(!restores_digits("3673382871480464", "3673318287148046478"));
        assert!(!restores_digits(
            "3673318287148046478",
            "367338287148046478"
        ));
    }
}
