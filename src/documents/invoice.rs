//! 增值税专用发票 / 普通发票, paper, electronic and 数电 (RULES §1.6): header codes and
//! date, buyer and seller blocks (top and bottom on paper, side by side on 数电), the
//! 合计 row, the total in words and figures, the rates of the item lines, 备注.

mod rates;

use super::layout::{LabelHit, Page, Value, row_band};
use super::{Field, Fields, Reread, credit_code_read_again, labelled, put, values};
use crate::rules::money::{format_yuan, parse_words, parse_yuan};

const CODE: &[&str] = &["发票代码"];
const NUMBER: &[&str] = &["发票号码", "No"];
const DATE: &[&str] = &["开票日期"];
const CHECK_CODE: &[&str] = &["校验码"];
const NAME: &[&str] = &["名称"];
const TAX_ID: &[&str] = &["纳税人识别号", "统一社会信用代码/纳税人识别号"];
const SUM_ROW: &[&str] = &["合计"];
/// The recogniser drops 大 between the brackets now and then (4 of 300 generated
/// applications, seed 8383): `价税合计(写)` is the whole label, whose `(写)` would otherwise
/// be taken for the 小写 label that ends the words' value.
const WORDS: &[&str] = &["价税合计（大写）", "价税合计（写）", "价税合计"];
/// The grand total's row label, whose row holds the words and the figures.
const GRAND_TOTAL: &[&str] = &["价税合计"];
const FIGURES: &[&str] = &["（小写）", "小写"];
const REMARKS: &[&str] = &["备注"];
const BUYER: &[&str] = &["购买方", "购货单位"];
const SELLER: &[&str] = &["销售方", "销货单位"];

/// Labels that end a party's name or number on a merged line.
const PARTY_LABELS: &[&str] = &[
    "名称",
    "纳税人识别号",
    "统一社会信用代码",
    "地址、电话",
    "开户行及账号",
];

/// What stands before the 名称 of the 代开 remarks' `代开企业名称` (RULES §3.4), which
/// names the seller again in 备注 and is no party block's label.
const DAIKAI_NAME_PREFIX: &str = "代开企业";

/// Column headers that contain 名称 but are not a party's name.
const ITEM_HEADERS: &[&str] = &["服务名称", "项目名称", "劳务"];

/// Invoice codes are 10 (paper) or 12 (electronic) digits; numbers 8 or 20 (数电).
const MIN_CODE_DIGITS: usize = 10;
const MIN_NUMBER_DIGITS: usize = 8;
/// Taxpayer IDs: 15, 17, 18 or 20 characters (RULES §2.8).
const MIN_TAX_ID_LEN: usize = 15;

pub fn extract(page: &Page, reread: &dyn Reread) -> Fields {
    let mut fields = Fields::new();
    put(
        &mut fields,
        "invoice_code",
        invoice_code(page).or_else(|| code_without_label(page)),
    );
    put(
        &mut fields,
        "invoice_number",
        invoice_number(page).or_else(|| number_after_title(page)),
    );
    put(
        &mut fields,
        "issue_date",
        labelled(page, DATE, &[], values::date).or_else(|| issue_date_read_again(page, reread)),
    );
    put(
        &mut fields,
        "check_code",
        labelled(page, CHECK_CODE, &[], |t| values::digits(t, 5)),
    );
    parties(page, reread, &mut fields);
    seller_tax_id_from_seal(page, &mut fields);
    let [unread_amount, unread_tax] = sum_row(page, &mut fields);
    let unread_tax = unread_tax.or_else(|| tax_cell_unseen(page, &fields));
    put(
        &mut fields,
        "total",
        labelled(page, FIGURES, &[], values::amount),
    );
    put(
        &mut fields,
        "total_in_words",
        total_in_words(page).map(|words| words_read_within(words, reread)),
    );
    put(&mut fields, "remarks", remarks(page));
    let unread_total = if fields.contains_key("total") {
        None
    } else {
        total_as_read(page)
    };
    figures_read_again(
        reread,
        &mut fields,
        [unread_amount, unread_tax, unread_total],
    );
    words_read_again_against_figures(reread, &mut fields);
    // After the figures' second look: a rate read without its `%` is taken by them.
    let rates = rates::tax_rates(page, &fields, reread);
    put(&mut fields, "tax_rates", rates);
    fields
}

/// The total in words after its label, up to the 小写 label. A label read with a glyph
/// too many (`价税合计（(大写）`, blind seed 7919 app-00205) matches its short form
/// `价税合计` best; its bracketed `大写` is skipped, else the 小写 label, one glyph off,
/// would be found in it and end the words before they start.
fn total_in_words(page: &Page) -> Option<Field> {
    page.find_labels(WORDS).iter().find_map(|hit| {
        let hit = past_daxie(page, hit);
        let value = page.value_after(&hit, FIGURES)?;
        values::words(&value.text).map(|words| Field::text(words, &value))
    })
}

/// `hit` ending past the `大写）` that follows it within [`DAXIE_SPAN`] glyphs before any
/// amount word, or as it is.
fn past_daxie(page: &Page, hit: &LabelHit) -> LabelHit {
    let end = hit.end.min(page.char_count(hit.line));
    let after: Vec<char> = page
        .value_of(hit.line, end, page.char_count(hit.line))
        .text
        .chars()
        .take(DAXIE_SPAN)
        .collect();
    // Words before a 写 are the amount's, and the 写 the 小写 label's.
    let Some(xie) = after
        .iter()
        .take_while(|c| !values::WORD_CHARS.contains(**c))
        .position(|&c| c == '写')
    else {
        return *hit;
    };
    let closed = after.get(xie + 1).is_some_and(|c| ")）".contains(*c));
    LabelHit {
        end: end + xie + 1 + usize::from(closed),
        ..*hit
    }
}

/// The issue date read again when the detector found its label and nothing after it:
/// the label's row, from the label to [`DATE_AREA_WIDTH`] label heights on, detected
/// afresh. On a clean 数电 invoice photographed at a slant (blind seed 8111) the detector
/// boxed `开票日期:` and not the date beside it.
fn issue_date_read_again(page: &Page, reread: &dyn Reread) -> Option<Field> {
    let label = page.hit_bounds(&page.find_label(DATE)?);
    let right = label[2] + DATE_AREA_WIDTH * (label[3] - label[1]);
    let area = row_band(label, (label[2], right), (DATE_ROW_MARGIN, DATE_ROW_MARGIN));
    let again = Page::from_level(reread.without_seals(area));
    (0..again.lines().len()).find_map(|line| {
        let date = values::date(&again.line_text(line))?;
        Some(Field::of_line(date, &again, line))
    })
}

/// How far right of 开票日期 its date is looked for, in label heights: a gap of a glyph or
/// two and `2026年11月27日`, eleven glyphs wide (digits are half a glyph).
const DATE_AREA_WIDTH: f32 = 12.0;

/// Margin above and below the date's row when it is read again, in label heights: a photo
/// taken at a slant lifts the date by up to half a height over the gap.
const DATE_ROW_MARGIN: f32 = 0.6;

/// How many glyphs after the words' label its `（大写）` may end in: the four of the
/// bracketed word and one misread bracket.
const DAXIE_SPAN: usize = 5;

/// The total in words, when what was read of it does not parse as an amount, read again
/// with the recogniser kept to the characters of amount words, the label's and the ⊗
/// before them, and that reading taken when it parses: a numeral read as a glyph no
/// amount prints (`⊗捌万零贰佰…` read `国万零贰佰…`, blind seed 6161) is read as the
/// numeral it most looks like when the glyph is not a choice. A reading that still does
/// not parse changes nothing, for the checks to report.
fn words_read_within(field: Field, reread: &dyn Reread) -> Field {
    let parses = |words: &str| parse_words(words).is_ok();
    if field.value.as_str().is_none_or(parses) {
        return field;
    }
    reread
        .within(field.bounds, &on_words_line)
        .and_then(|line| {
            let words = values::words(&line.text).filter(|w| parses(w))?;
            Some(Field {
                value: serde_json::Value::String(words),
                confidence: line.confidence,
                bounds: field.bounds,
            })
        })
        .unwrap_or(field)
}

/// The total in words read again, stretched and kept to the characters of amount words,
/// when it says other than figures that add up (amount plus tax is the total): a glyph
/// dropped from the words (`…陆拾圆陆角` for `…陆拾捌圆陆角`, blind seed 7919's app-00038)
/// parses as another amount. A second reading is taken only when it says the total; words
/// that print another amount read the same again and stay, for the checks to report.
fn words_read_again_against_figures(reread: &dyn Reread, fields: &mut Fields) {
    let [Some(amount), Some(tax), Some(total)] = figures_as_read(fields) else {
        return;
    };
    let Some(words) = fields.get_mut("total_in_words") else {
        return;
    };
    let says_total = |text: &str| parse_words(text).ok() == Some(total);
    if amount.checked_add(tax) != Some(total) || words.value.as_str().is_some_and(says_total) {
        return;
    }
    // The words' bounds come from their glyphs' boxes and may end inside the last one: a
    // glyph's height more on either side keeps it whole.
    let [x0, y0, x1, y1] = words.bounds;
    let wider = [x0 - (y1 - y0), y0, x1 + (y1 - y0), y1];
    let again = [
        reread.stretched(wider),
        reread.within(wider, &on_words_line),
    ];
    if let Some((text, confidence)) = again.into_iter().flatten().find_map(|line| {
        Some((
            values::words(&line.text).filter(|w| says_total(w))?,
            line.confidence,
        ))
    }) {
        words.value = serde_json::Value::String(text);
        words.confidence = confidence;
    }
}

/// What a total-in-words line prints besides the words: its label and the ⊗ before the
/// amount.
const WORDS_LINE_EXTRAS: &str = "价税合计（大写）()⊗ⓧ";

/// Whether a total-in-words line prints `c`: an amount word or one of [`WORDS_LINE_EXTRAS`].
fn on_words_line(c: char) -> bool {
    values::WORD_CHARS.contains(c) || WORDS_LINE_EXTRAS.contains(c)
}

/// The invoice states its total three times: as the amount plus the tax, in figures and in
/// words. When they disagree, the figures' lines are read again, stretched (a repeated
/// digit written once, `22025.23` read `2025.23`, is the recogniser's usual slip on
/// figures) and with the red washed out (a paper invoice's figures printed across its
/// red-brown grid lose the digits a line crosses: `1191.14` read `11.14`), and the second
/// readings are taken where they make all three agree, changing as few figures as
/// possible, and only when one way does. Figures that still disagree are left as read for
/// the checks to report.
///
/// A figure that is not a well-formed amount (a total `¥48033.2` for `¥48033.72`, blind
/// seed 2929; an amount `¥10550.4` for `¥10550.44`, seed 3737) is not a field, but where
/// it was read, `unread` (amount, tax, total), says where to look again; a second reading
/// that agrees becomes the field.
fn figures_read_again(reread: &dyn Reread, fields: &mut Fields, unread: [Option<Value>; 3]) {
    let said = fields
        .get("total_in_words")
        .and_then(|f| f.value.as_str())
        .and_then(|words| parse_words(words).ok());
    let current = figures_as_read(fields);
    let fillable = current
        .iter()
        .zip(&unread)
        .any(|(read, place)| read.is_none() && place.is_some());
    if figures_agree(current, said) && !fillable {
        return;
    }
    let mut areas = FIGURES_KEYS.map(|key| fields.get(key).map(|f| f.bounds));
    for (area, place) in areas.iter_mut().zip(&unread) {
        *area = area.or(place.as_ref().map(|v| v.bounds));
    }
    let mut again = second_readings(reread, areas);
    // A figure read whole where its label was not (`(5)¥13553.01`) is a reading too.
    for (readings, place) in again.iter_mut().zip(&unread) {
        let cells = place.iter().flat_map(|read| values::yuan_cells(&read.text));
        readings.extend(cells.flatten().filter_map(|cell| parse_yuan(&cell)));
    }
    // Without a choice that agrees with the words, parts that at least add up to the
    // total as read: the words may say another sum than the figures (the checks report
    // that), and a part still be misread (blind seed 6823's app-00046: a tax of
    // `11713.19` read `1713.19` beside words that disagree by design). The total stays
    // as read: the words vouch against any other.
    let figures = match best_fit(current, &again, said) {
        Fit::One(figures) => figures,
        Fit::Several => return,
        Fit::Nothing => match total_as_words_say(current, said, &again[2]) {
            Some(figures) => figures,
            None if said.is_some() => {
                let parts_again = [again[0].clone(), again[1].clone(), Vec::new()];
                match best_fit(current, &parts_again, None) {
                    Fit::One(figures) => figures,
                    _ => return,
                }
            }
            None => return,
        },
    };
    for ((key, place), (value, first)) in FIGURES_KEYS
        .iter()
        .zip(&unread)
        .zip(figures.into_iter().zip(current))
    {
        let Some(value) = value.filter(|&v| Some(v) != first) else {
            continue;
        };
        let value = format_yuan(value);
        match (fields.get_mut(*key), place) {
            (Some(field), _) => field.value = serde_json::Value::String(value),
            (None, Some(read)) => {
                fields.insert(key, Field::text(value, read));
            }
            (None, None) => {}
        }
    }
}

/// What [`best_fit`] found.
enum Fit {
    /// One choice of readings fits with fewer changes than any other.
    One(Figures),
    /// Several fit with as few changes.
    Several,
    /// None fits.
    Nothing,
}

/// Every choice of the first or a second reading per figure that agrees (with `said`, the
/// words' sum, where given), ranked by how many figures it changes from what was read,
/// then how many it leaves unread (filling a misread figure in changes nothing read).
fn best_fit(current: Figures, again: &[Vec<i64>; 3], said: Option<i64>) -> Fit {
    let mut fits: Vec<((usize, usize), Figures)> = Vec::new();
    let options = |k: usize| {
        std::iter::once(current[k]).chain(
            again[k]
                .iter()
                .filter(move |&&v| Some(v) != current[k])
                .map(|&v| Some(v)),
        )
    };
    for amount in options(0) {
        for tax in options(1) {
            for total in options(2) {
                let figures = [amount, tax, total];
                let changed = figures
                    .iter()
                    .zip(&current)
                    .filter(|(now, first)| first.is_some() && now != first)
                    .count();
                let missing = figures.iter().filter(|f| f.is_none()).count();
                if figures_agree(figures, said)
                    && tax_within_amount(amount, tax)
                    && !fits.iter().any(|(_, f)| *f == figures)
                {
                    fits.push(((changed, missing), figures));
                }
            }
        }
    }
    fits.sort_unstable_by_key(|(cost, _)| *cost);
    match fits.as_slice() {
        [(_, figures)] => Fit::One(*figures),
        [(fewest, figures), (next, _), ..] if fewest < next => Fit::One(*figures),
        [] => Fit::Nothing,
        _ => Fit::Several,
    }
}

/// When no reading makes the three agree (an invoice whose amount and tax do not add up
/// to its total is the checks' to report), the figures with the total a second reading
/// that says what the words say: two independent readings agree on it (blind seed 3737's
/// app-00235: `¥33947.58` read `¥3947.58` beside words of 33947.58, read whole
/// stretched).
fn total_as_words_say(
    [amount, tax, total]: Figures,
    said: Option<i64>,
    total_again: &[i64],
) -> Option<Figures> {
    let said = said.filter(|&said| Some(said) != total)?;
    total_again
        .contains(&said)
        .then_some([amount, tax, Some(said)])
}

/// Whether `tax` can be the tax on `amount`: never more than it, as no VAT rate ever
/// reached 100% (the highest was 17%). Washed out, both cells of the 合计 row are read in
/// each figure's area in no useful order, so when both figures were misread the amount and
/// the tax swapped add up as well as the right way round (blind seed 2929's app-00172:
/// `11807.22` and `997.96` for `115807.22` and `10997.96`). Either unread: no bound.
fn tax_within_amount(amount: Option<i64>, tax: Option<i64>) -> bool {
    match (amount, tax) {
        (Some(amount), Some(tax)) => tax.unsigned_abs() <= amount.unsigned_abs(),
        _ => true,
    }
}

/// What was read after the total's label, `(小写)`, when it holds digits: `(大写)` is one
/// edit from `（小写）` and the words after it hold none. With that label misread past
/// finding (`(5)¥13553.01`, blind seed 6007's app-00079), the line right of the 价税合计
/// label that holds a `¥` and digits.
fn total_as_read(page: &Page) -> Option<Value> {
    let has_digits = |value: &Value| value.text.chars().any(|c| c.is_ascii_digit());
    page.find_labels(FIGURES)
        .iter()
        .filter_map(|hit| page.value_after(hit, &[]))
        .find(has_digits)
        .or_else(|| {
            let grand = page.find_label(GRAND_TOTAL)?;
            page.lines_right_of(&grand)
                .into_iter()
                .map(|line| page.line_value(line))
                .find(|value| value.text.contains(['¥', '￥']) && has_digits(value))
        })
}

/// The amount, the tax and the total, in fen, each as far as it was read.
type Figures = [Option<i64>; 3];

/// The figures [`figures_read_again`] compares, in the order of its arrays.
const FIGURES_KEYS: [&str; 3] = ["amount", "tax_amount", "total"];

/// The amount, the tax and the total as the fields hold them, in fen.
fn figures_as_read(fields: &Fields) -> Figures {
    FIGURES_KEYS.map(|key| {
        fields
            .get(key)
            .and_then(|f| f.value.as_str())
            .and_then(parse_yuan)
    })
}

/// Whether the amount plus the tax is the total, and the total what the words say, as far
/// as they were read: an unread total agrees with nothing, and with a part unread the
/// total must be what the words say.
fn figures_agree([amount, tax, total]: Figures, said: Option<i64>) -> bool {
    let Some(total) = total else {
        return false;
    };
    let sum = match (amount, tax) {
        (Some(amount), Some(tax)) => amount.checked_add(tax) == Some(total),
        // A part unread: the words alone vouch for the total.
        _ => said.is_some(),
    };
    sum && said.is_none_or(|said| said == total)
}

/// What the amount, the tax and the total may be on a second look: their lines, in
/// `areas`, read stretched (the 合计 row holds the amount and the tax as its first and
/// second `¥` cell), and every amount read in their areas with the red washed out (the
/// cells' order there is not known). Empty for a figure with no area.
fn second_readings(reread: &dyn Reread, areas: [Option<[f32; 4]>; 3]) -> [Vec<i64>; 3] {
    // The amount and the tax are cells of one line, the 合计 row, and share its area: each
    // area is read once.
    let mut stretched: [Option<String>; 3] = Default::default();
    let mut washed: [Vec<i64>; 3] = Default::default();
    for k in 0..areas.len() {
        if let Some(same) = (0..k).find(|&j| areas[j] == areas[k]) {
            stretched[k] = stretched[same].clone();
            washed[k] = washed[same].clone();
            continue;
        }
        let Some(area) = areas[k] else {
            continue;
        };
        stretched[k] = reread.stretched(area).map(|line| line.text);
        washed[k] = reread
            .without_seals(area)
            .iter()
            .flat_map(|line| values::yuan_cells(&line.text))
            .flatten()
            .filter_map(|v| parse_yuan(&v))
            .collect();
    }
    let cell = |k: usize, index: usize| {
        let cells = values::yuan_cells(stretched[k].as_deref()?);
        let cell = match cells.as_slice() {
            [only] => only.clone(),
            _ => cells.get(index).cloned().flatten(),
        }?;
        parse_yuan(&cell)
    };
    let total = stretched[2]
        .as_deref()
        .and_then(values::amount)
        .and_then(|v| parse_yuan(&v));
    let [amount_washed, tax_washed, total_washed] = washed;
    [
        cell(0, 0).into_iter().chain(amount_washed).collect(),
        cell(1, 1).into_iter().chain(tax_washed).collect(),
        total.into_iter().chain(total_washed).collect(),
    ]
}

/// 备注: the text after the label, or "" when the box is empty. The paper form prints the
/// label vertically, so OCR often reads only `备` at the start of the first remark line.
fn remarks(page: &Page) -> Option<Field> {
    let label = page
        .find_label(REMARKS)
        .or_else(|| page.find_labels(&["备"]).into_iter().find(|h| h.start == 0));
    let Some(hit) = label else {
        return daikai_line(page);
    };
    let value = page.value_after(&hit, &[]);
    let read =
        value.and_then(|v| values::free_text(&v.text).map(|t| Field::text(daikai_spaced(&t), &v)));
    Some(
        read.or_else(|| daikai_line(page))
            .unwrap_or_else(|| Field::of_line(String::new(), page, hit.line)),
    )
}

/// The text the 代开 system prints in 备注 (`代开企业税号:… 代开企业名称:…`, RULES §3.4),
/// found anywhere on the face when the 备注 label was not read, or read with nothing after
/// it (a lone `备` above a line that begins with the label's `注`): it is what the remarks
/// are read for. The text starts at `代开企业`, so a label glyph joined to it stays out.
fn daikai_line(page: &Page) -> Option<Field> {
    let hit = page.find_labels(&["代开企业"]).into_iter().next()?;
    let rest: String = page.line_text(hit.line).chars().skip(hit.start).collect();
    let text = values::free_text(&rest)?;
    Some(Field::of_line(daikai_spaced(&text), page, hit.line))
}

/// The 代开 remarks with the space the system prints before `代开企业名称`, which reading
/// lines as compact text (or as two lines) loses: `代开企业税号:… 代开企业名称:…`.
fn daikai_spaced(text: &str) -> String {
    const NAME_PART: &str = "代开企业名称";
    match text.find(NAME_PART) {
        Some(at) if at > 0 && !text[..at].ends_with(' ') => {
            format!("{} {}", &text[..at], &text[at..])
        }
        _ => text.to_string(),
    }
}

/// Digits of a paper or electronic invoice's number, printed after `No` (数电 numbers, 20
/// digits, come after 发票号码 instead).
const PAPER_NUMBER_DIGITS: usize = 8;

/// The number after 发票号码 or No (not on the 发票代码 line, which is one misread character
/// away from 发票号码). After `No` it is the first 8 digits: the paper form's machine-printed
/// repeat of the code often runs into it on the same row.
fn invoice_number(page: &Page) -> Option<Field> {
    page.find_labels(NUMBER)
        .iter()
        .filter(|h| !page.line_text(h.line).contains("代码"))
        .find_map(|hit| {
            let value = page.value_after(hit, &["开票日期"])?;
            let digits = values::digits(&value.text, MIN_NUMBER_DIGITS)?;
            let paper = page.line_text(hit.line).contains("No");
            let number = if paper {
                digits[..PAPER_NUMBER_DIGITS].to_string()
            } else {
                digits
            };
            Some(Field::text(number, &value))
        })
}

/// When `No` stood apart from its number (read as a line of its own), the number joins
/// the line of the title or of the copy's name printed before `No` (抵扣联, 发票联, 记账联)
/// instead: that line ends in exactly the paper form's 8 digits, the number's box theirs.
fn number_after_title(page: &Page) -> Option<Field> {
    page.find_labels(TITLE_OR_COPY).into_iter().find_map(|hit| {
        let text: Vec<char> = page.line_text(hit.line).chars().collect();
        let digits = text.iter().rev().take_while(|c| c.is_ascii_digit()).count();
        let before = text.len().checked_sub(digits + 1).map(|k| text[k]);
        (digits == PAPER_NUMBER_DIGITS && before.is_some_and(|c| !c.is_ascii_alphanumeric())).then(
            || {
                // The digits' own box: the title's is no place of the number's.
                let value = page.value_of(hit.line, text.len() - digits, text.len());
                Field::text(value.text.clone(), &value)
            },
        )
    })
}

/// The paper form's title and the names of its copies, printed on the number's row.
const TITLE_OR_COPY: &[&str] = &["专用发票", "普通发票", "抵扣联", "发票联", "记账联"];

/// The 10- or 12-digit code after 发票代码 (数电 invoices have none; their 发票号码 is one
/// misread character away from the label, so a 号码 line is not taken).
fn invoice_code(page: &Page) -> Option<Field> {
    page.find_labels(CODE)
        .iter()
        .filter(|h| !page.line_text(h.line).contains("号码"))
        .find_map(|hit| {
            let value = page.value_after(hit, &["No", "开票日期"])?;
            values::digits(&value.text, MIN_CODE_DIGITS).map(|d| Field::text(d, &value))
        })
}

/// Whether an invoice's first and last printed rows were read: its title above the buyer
/// block and its footer's 开票人 (the drawer, printed on every form). All the form lies
/// between them; a sheet running off the picture is judged on its print only when both
/// were read (`quality::border`). The title counts when a line above the buyer block
/// names a 发票 other than in a code's or number's label or the seal's 发票专用章: the
/// supervision seal printed over the title's middle leaves `广东增发票`.
pub fn print_ends_read(page: &Page) -> bool {
    let Some(buyer_top) = buyer_block_top(page) else {
        return false;
    };
    let title = (0..page.lines().len()).any(|i| {
        let text = page.line_text(i);
        page.bounds(i)[3] <= buyer_top
            && text.contains(INVOICE)
            && !NOT_TITLES.iter().any(|label| text.contains(label))
    });
    title && !page.find_labels(DRAWER).is_empty()
}

const INVOICE: &str = "发票";
/// Lines naming a 发票 that are not the title.
const NOT_TITLES: &[&str] = &["发票代码", "发票号码", "专用章"];
const DRAWER: &[&str] = &["开票人"];

/// Where a paper invoice's seller seal is stamped (RULES.md §1.6.2, §6.4: the 发票专用章,
/// 40 × 30 mm, by the footer's `销售方：（章）`): from that label to the print's right end,
/// from [`SEAL_ABOVE_FOOTER`] footer heights above the footer row to [`SEAL_BELOW_FOOTER`]
/// below. Found from the text so that a seal hidden whole, which leaves no red to find, is
/// still known to be under the cover. Without the label, a footer row whose 开票人 shares
/// its line with 复核 (printed on paper forms only; a 数电 invoice has no seal) stands in,
/// the seal right of its print. `None` on other invoices.
pub fn seal(page: &Page) -> Option<[f32; 4]> {
    let (left, footer) = match page.find_label(SEAL_PLACE) {
        Some(hit) => {
            let bounds = page.hit_bounds(&hit);
            (bounds[0], bounds)
        }
        None => {
            let drawer = page
                .find_labels(DRAWER)
                .into_iter()
                .find(|hit| page.line_text(hit.line).contains(CHECKER))?;
            let line = page.bounds(drawer.line);
            (line[2], page.hit_bounds(&drawer))
        }
    };
    let right = page.right_edge()?;
    let height = footer[3] - footer[1];
    let bounds = [
        left,
        footer[1] - SEAL_ABOVE_FOOTER * height,
        right,
        footer[3] + SEAL_BELOW_FOOTER * height,
    ];
    (left < right && height > 0.0).then_some(bounds)
}

const SEAL_PLACE: &[&str] = &["销售方：（章）"];
const CHECKER: &str = "复核";

/// How far above the footer row a seller seal reaches, in footer heights: 30 mm of seal
/// over 3.5-mm footer glyphs is 8.5 heights, stamped over the row or above it (on the
/// generated forms its top is 5.8 heights above the row's top).
const SEAL_ABOVE_FOOTER: f32 = 6.5;

/// How far below the footer row a seller seal reaches, in footer heights: the sheet ends
/// some 1.5 heights below the row (1.6 on the generated forms).
const SEAL_BELOW_FOOTER: f32 = 2.0;

/// The top of the first party block: its first 名称 label.
fn buyer_block_top(page: &Page) -> Option<f32> {
    page.find_labels(NAME)
        .iter()
        .map(|hit| page.hit_bounds(hit)[1])
        .reduce(f32::min)
}

/// The paper form's 10-digit code where no 发票代码 label was read: older paper 专票 (the
/// 2016 Guangdong form) print the code unlabelled beside the QR code and repeat it by
/// machine at the top right. Taken from a line above the buyer block that holds the 10
/// digits and at most two stray glyphs (a seal's edge read as 限, the supervision seal's
/// 国统 joined to the code); the number's line holds 8 digits and the 密码区 starts beside
/// the buyer block.
fn code_without_label(page: &Page) -> Option<Field> {
    let buyer_top = buyer_block_top(page)?;
    (0..page.lines().len())
        .filter(|&i| page.bounds(i)[3] <= buyer_top)
        .find_map(|i| {
            let text = page.line_text(i);
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let stray = text
                .chars()
                .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
                .count();
            (digits.len() == PAPER_CODE_DIGITS && stray <= MAX_STRAY_GLYPHS)
                .then(|| Field::of_line(digits, page, i))
        })
}

/// Digits in a paper invoice's code (RULES.md §1.6.4).
const PAPER_CODE_DIGITS: usize = 10;
/// Glyphs besides the digits an unlabelled code's line may hold: a seal's edge or glyphs
/// read into it. A label before the digits (电话, 账号) would be of another value, but none
/// is printed above the buyer block.
const MAX_STRAY_GLYPHS: usize = 2;

/// Buyer then seller: the first and second party blocks, top to bottom on paper, left to
/// right when they stand side by side (数电).
fn parties(page: &Page, reread: &dyn Reread, fields: &mut Fields) {
    let names: Vec<LabelHit> = page
        .find_labels(NAME)
        .into_iter()
        .filter(|h| {
            let text = page.line_text(h.line);
            let before: String = text.chars().take(h.start).collect();
            !ITEM_HEADERS.iter().any(|header| text.contains(header))
                && !before.ends_with(DAIKAI_NAME_PREFIX)
        })
        .collect();
    let names = in_block_order(page, with_name_tails(page, names));
    let tax_ids = in_block_order(page, page.find_labels(TAX_ID));
    for (hit, key) in names.iter().zip(["buyer_name", "seller_name"]) {
        let Some(hit) = hit else {
            continue;
        };
        put(fields, key, party_name(page, hit));
    }
    if !fields.contains_key("seller_name")
        && let [_, Some(seller)] = &tax_ids
    {
        put(fields, "seller_name", name_above_tax_id(page, seller));
    }
    for (hit, key) in tax_ids.iter().zip(["buyer_tax_id", "seller_tax_id"]) {
        let Some(hit) = hit else {
            continue;
        };
        let field = page
            .value_after(hit, PARTY_LABELS)
            .and_then(|v| values::code(&v.text, MIN_TAX_ID_LEN).map(|c| Field::text(c, &v)))
            .or_else(|| code_under(page, hit))
            .map(|id| credit_code_read_again(id, reread));
        put(fields, key, field);
    }
}

/// The name after a party's 名称 label: the value after it, or else the first line right
/// of it on its row that is a name. A label read on a line of its own has the name and,
/// on a photo at a slant, the tax ID below it on its row; the ID, starting further left,
/// comes first (`销名称:` beside `91330106570373079X` and `杭州泰明电子有限公司`, blind
/// seed 8111).
fn party_name(page: &Page, hit: &LabelHit) -> Option<Field> {
    let named = |value: Value| values::name(&value.text).map(|name| Field::text(name, &value));
    let [_, top, label_end, bottom] = page.hit_bounds(hit);
    let reach = label_end + PARTY_NAME_REACH * (bottom - top);
    page.value_after(hit, PARTY_LABELS)
        .and_then(named)
        .or_else(|| {
            page.lines_right_of(hit)
                .into_iter()
                .filter(|&line| page.bounds(line)[0] <= reach)
                .find_map(|line| named(page.line_value(line)))
        })
}

/// How far right of its 名称 label a party's name may start, in label heights: the name
/// stands a few glyphs on; the 密码区 and 备注 columns, whose text is no party's name,
/// start a score of heights further.
const PARTY_NAME_REACH: f32 = 6.0;

/// A party's name when no value was read beside its 名称 label: the nearest line above
/// the party's 纳税人识别号 label (its middle above the label's top: boxes of neighbouring
/// rows overlap on a photo), starting level with it, holding a company's name and no
/// label. A glyph of the block's vertical label that opens it, standing out left of the
/// labels' column, is dropped (`销广州康远实业有限责任公司` on a clean generated photo,
/// blind seed 5353: the detector joined 销 to the name, which then started left of its
/// 名称 label, read on a line of its own).
fn name_above_tax_id(page: &Page, tax_id: &LabelHit) -> Option<Field> {
    let label = page.hit_bounds(tax_id);
    let height = label[3] - label[1];
    let company = |line: usize| {
        let text = page.line_text(line);
        let stands_out = page.bounds(line)[0] < label[0] - BLOCK_GLYPH_OUTSET * height;
        let name = match text.strip_prefix(BLOCK_LABEL_GLYPHS) {
            Some(rest) if stands_out => rest,
            _ => &text,
        };
        // The tail of a 名称 label whose 名 was lost or read on a line of its own (`称成都
        // 江安实业有限公司` off a screen, seed 1212's app-00003): no company's name opens
        // with 称.
        let name = name.strip_prefix(NAME_TAIL_GLYPH).unwrap_or(name);
        let is_company = LEGAL_FORM_ENDINGS.iter().any(|form| name.ends_with(form));
        let labelled = PARTY_LABELS.iter().any(|l| name.contains(l));
        (is_company && !labelled)
            .then(|| values::name(name))
            .flatten()
    };
    (0..page.lines().len())
        .filter(|&line| {
            let b = page.bounds(line);
            (b[1] + b[3]) / 2.0 <= label[1]
                && b[1] >= label[1] - NAME_ROW_REACH * height
                && (b[0] - label[0]).abs() <= NAME_ROW_REACH * height
        })
        .filter_map(|line| company(line).map(|name| (line, name)))
        .max_by(|(a, _), (b, _)| page.bounds(*a)[1].total_cmp(&page.bounds(*b)[1]))
        .map(|(line, name)| Field::of_line(name, page, line))
}

/// The second glyph of the 名称 label, left before a name whose label was not read whole.
const NAME_TAIL_GLYPH: char = '称';

/// How far from the tax ID label's row the name's row may lie, in label heights: the
/// rows of a party block stand about 1.5 heights apart, and a block's vertical label
/// joined to a row starts it up to a glyph or so left of the labels below.
const NAME_ROW_REACH: f32 = 2.0;

/// How far left of the labels' column, in label heights, a row's first glyph stands when
/// it is the block's vertical label joined to the row (a glyph and its gap).
const BLOCK_GLYPH_OUTSET: f32 = 0.5;

/// The glyphs of a party block's vertical label (销售方, 购买方, 销货单位, 购货单位) that
/// the reading may join to the start of a row.
const BLOCK_LABEL_GLYPHS: &[char] = &['销', '售', '方', '购', '买', '货', '单', '位'];

/// How a company's name ends: it is taken without its label only when it does.
const LEGAL_FORM_ENDINGS: &[&str] = &["公司", "企业", "合伙）", "厂", "店", "中心", "事务所"];

/// `names` and, when fewer than the two parties' were found, each line that opens with
/// `称:`: the tail of a letter-spaced 名　称 whose 名 the row's reading order joined to the
/// block's vertical label beside it instead (`销名` then `称:广州晶东贸易有限公司` on a real
/// photo, whose 销 sits lower than the row).
fn with_name_tails(page: &Page, mut names: Vec<LabelHit>) -> Vec<LabelHit> {
    if names.len() >= 2 {
        return names;
    }
    let labelled: Vec<usize> = names.iter().map(|hit| hit.line).collect();
    names.extend(
        page.find_labels(NAME_TAIL)
            .into_iter()
            .filter(|hit| hit.start == 0 && !labelled.contains(&hit.line)),
    );
    names
}

/// The second glyph of 名称 and its separator.
const NAME_TAIL: &[&str] = &["称:"];

/// The seller's tax ID as the invoice seal prints it, when the one read beside its label
/// fails its checks or was not read. The 发票专用章 prints the seller's 纳税人识别号
/// across its middle, often more legibly than the cell, where the recogniser reads a run
/// of repeated digits short (`914403015124512` for `914403051111124512`). Taken only
/// when the buyer's ID was read and exactly one other credit code that passes its checks
/// stands on a line of its own (but for a glyph of the seal's ring read beside it:
/// `宏91310115MA4XMHTD11`): a code chosen among several would be a guess.
fn seller_tax_id_from_seal(page: &Page, fields: &mut Fields) {
    use crate::rules::codes::uscc;
    let text_of = |key: &str| fields.get(key).and_then(|f| f.value.as_str());
    if text_of("seller_tax_id").is_some_and(|id| uscc::validate(id).is_ok()) {
        return;
    }
    // Without the buyer's ID to tell it apart, the buyer's code would be a candidate too.
    let Some(buyer) = text_of("buyer_tax_id").map(str::to_string) else {
        return;
    };
    let mut found: Vec<(String, usize)> = Vec::new();
    for i in 0..page.lines().len() {
        let text = page.line_text(i);
        let glyphs = text.chars().filter(|c| !c.is_whitespace()).count();
        let stray = text.chars().filter(|&c| values::is_cjk(c)).count();
        let alone = glyphs == uscc::LEN + stray && stray <= MAX_SEAL_RING_GLYPHS;
        let Some(code) = values::code(&text, uscc::LEN).filter(|_| alone) else {
            continue;
        };
        let new = code != buyer && found.iter().all(|(seen, _)| *seen != code);
        if new && uscc::validate(&code).is_ok() {
            found.push((code, i));
        }
    }
    if let [(code, line)] = found.as_slice() {
        fields.insert("seller_tax_id", Field::of_line(code.clone(), page, *line));
    }
}

/// Most ideographs read on the seal's code line beside the code: the seal's ring of
/// text curves down to the code's ends, and the recogniser joins a glyph of it.
const MAX_SEAL_RING_GLYPHS: usize = 1;

/// How far from its label's centre, in label heights, the centre of a tax ID that the
/// label's row left empty may be: the paper form's cell wraps it just under or over the
/// label.
const TAX_ID_MAX_OFFSET: f32 = 1.5;

/// A tax ID on the line nearest its label that overlaps it horizontally and holds no other
/// party label (`纳税人识别号:` alone, then `售91420106MA8NDUA845` with the block title's
/// glyph in front, or `购440300083885931` just above).
fn code_under(page: &Page, hit: &LabelHit) -> Option<Field> {
    let label = page.hit_bounds(hit);
    let height = label[3] - label[1];
    let centre = |b: [f32; 4]| (b[1] + b[3]) / 2.0;
    let offset = |i: usize| (centre(page.bounds(i)) - centre(label)).abs();
    (0..page.lines().len())
        .filter(|&i| i != hit.line)
        .filter(|&i| {
            let b = page.bounds(i);
            offset(i) <= TAX_ID_MAX_OFFSET * height && b[0] < label[2] && b[2] > label[0]
        })
        .filter(|&i| {
            let text = page.line_text(i);
            !PARTY_LABELS.iter().any(|l| text.contains(l))
        })
        .min_by(|&a, &b| offset(a).total_cmp(&offset(b)))
        .and_then(|i| {
            let code = values::code(&page.line_text(i), MIN_TAX_ID_LEN)?;
            Some(Field::of_line(code, page, i))
        })
}

/// Party labels in block order, `[buyer's, seller's]`: each given to the nearer of the
/// 购买方 and 销售方 block titles when both are read, a lone label in the seller's block
/// when only the seller's title is read ([`in_seller_block`]), else top to bottom (paper)
/// or left to right when the first two share a row (数电 blocks side by side).
fn in_block_order(page: &Page, mut hits: Vec<LabelHit>) -> [Option<LabelHit>; 2] {
    let titles = (page.find_label(BUYER), page.find_label(SELLER));
    if let (Some(buyer), Some(seller)) = titles {
        let centre = |hit: &LabelHit| {
            let b = page.hit_bounds(hit);
            [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]
        };
        let distance = |a: [f32; 2], b: [f32; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
        let (buyer, seller) = (centre(&buyer), centre(&seller));
        let nearer_buyer = |h: &LabelHit| {
            let here = centre(h);
            distance(here, buyer) - distance(here, seller)
        };
        let first = hits
            .iter()
            .copied()
            .filter(|h| nearer_buyer(h) < 0.0)
            .min_by(|a, b| nearer_buyer(a).total_cmp(&nearer_buyer(b)));
        let second = hits
            .iter()
            .copied()
            .filter(|h| nearer_buyer(h) >= 0.0)
            .max_by(|a, b| nearer_buyer(a).total_cmp(&nearer_buyer(b)));
        if let (Some(first), Some(second)) = (first, second) {
            return [Some(first), Some(second)];
        }
    }
    if let ([only], (None, Some(seller))) = (hits.as_slice(), titles)
        && in_seller_block(page, &seller, only)
    {
        return [None, Some(*only)];
    }
    if let [only] = hits.as_slice()
        && below_grand_total(page, only)
    {
        return [None, Some(*only)];
    }
    if let [a, b, ..] = hits.as_slice() {
        let (ba, bb) = (page.hit_bounds(a), page.hit_bounds(b));
        let height = (ba[3] - ba[1]).max(bb[3] - bb[1]);
        // Top to bottom as well as reading order: a 名称 found only by its tail `称:`
        // (seed 1212's app-00044, the buyer's) comes after the labels found whole.
        let axis = if (ba[1] - bb[1]).abs() < height { 0 } else { 1 };
        hits.sort_by(|x, y| page.hit_bounds(x)[axis].total_cmp(&page.hit_bounds(y)[axis]));
    }
    let mut hits = hits.into_iter();
    [hits.next(), hits.next()]
}

/// Whether a party label stands below the 价税合计 row: on a paper invoice only the
/// seller's block does (the buyer's heads the form), so a lone 名称 there is the seller's
/// when the buyer's was lost (`购称:` for `购 名称:`, blind seed 8111, where the seller's
/// name was taken for the buyer's and the seller's went unread).
fn below_grand_total(page: &Page, label: &LabelHit) -> bool {
    page.find_label(GRAND_TOTAL)
        .is_some_and(|grand| page.hit_bounds(label)[1] >= page.hit_bounds(&grand)[3])
}

/// Whether a party label is the seller's when the seller's block `title` was read and the
/// buyer's was not (the buyer's block cut off by the frame, left of the seller's on a 数电
/// invoice, seed 8642's app-00212; above it on paper): it stands in the seller's block,
/// below the title's top and no further left than its left edge, give or take a height.
fn in_seller_block(page: &Page, title: &LabelHit, label: &LabelHit) -> bool {
    let title = page.hit_bounds(title);
    let at = page.hit_bounds(label);
    let height = title[3] - title[1];
    at[0] >= title[0] - height && at[1] >= title[1]
}

/// The 合计 row: the amount before tax, then the tax. When the recogniser lost the 合计
/// label (a lone `合` and no `计`), the row of `¥` amounts just above 价税合计 stands for it.
///
/// The row is read as cells, one per `¥`: a cell whose figures are misread stays empty
/// and keeps its place, so a lone readable tax is not taken for the amount. When the
/// label's row gives fewer than the two cells, the `¥` row above 价税合计 is tried.
/// Returns, for the amount and the tax, the line of a cell found but misread.
fn sum_row(page: &Page, fields: &mut Fields) -> [Option<Value>; 2] {
    let labelled = page
        .find_labels(SUM_ROW)
        .into_iter()
        .find(|h| !page.line_text(h.line).contains("价税"))
        .map(|hit| cells_after_label(page, &hit))
        .unwrap_or_default();
    let found = if labelled.len() >= 2 {
        labelled
    } else {
        let above = cells_above_grand_total(page);
        if above.len() > labelled.len() {
            above
        } else {
            labelled
        }
    };
    let mut found = found.into_iter();
    let mut cells = [found.next(), found.next()];
    if let [Some(lone), None] = &cells
        && under_tax_header(page, lone)
    {
        cells.swap(0, 1);
    }
    let [amount, tax] = cells;
    [("amount", amount), ("tax_amount", tax)].map(|(key, cell)| match cell {
        Some(Ok(field)) => {
            put(fields, key, Some(field));
            None
        }
        Some(Err(misread)) => Some(misread),
        None => None,
    })
}

/// Where the 合计 row's tax is printed when the detector saw no line there but the amount
/// beside it was read: right of the amount, on its row, in a table with a 税额 column. A
/// paper invoice's figures printed over the row's rule are lost to the detector now and
/// then (blind seed 7919 app-00136: `¥11199.57` on the rule under the row). The second
/// look ([`figures_read_again`]) reads the place and takes a figure only where it makes
/// the amount, the tax, the total and the words agree.
fn tax_cell_unseen(page: &Page, fields: &Fields) -> Option<Value> {
    if fields.contains_key("tax_amount") {
        return None;
    }
    let amount = fields.get("amount")?;
    amount_and_tax_headers(page).next()?;
    let [_, top, right, bottom] = amount.bounds;
    let height = bottom - top;
    let bounds = row_band(
        amount.bounds,
        (right + height * TAX_CELL_GAP, page.right_edge()?),
        (TAX_ROW_SLACK, TAX_ROW_SLACK),
    );
    (bounds[0] < bounds[2]).then(|| Value {
        text: String::new(),
        confidence: amount.confidence,
        bounds,
    })
}

/// Blank between the amount's cell and where the tax's may start, in row heights: the
/// rate column stands between them.
const TAX_CELL_GAP: f32 = 0.5;

/// How far above and below the amount's row the tax's figures may lie, in row heights:
/// printed shifted over the row's rule (half a row on app-00136), or left level by a
/// photo taken at a slant.
const TAX_ROW_SLACK: f32 = 0.6;

/// Whether a lone cell of the 合计 row stands in the tax's column: its right edge lies
/// right of the middle between the `金额` and `税额` headers' centres (the rate column's
/// place). The amount's cell may be covered (a sticker over it, blind seed 8642's
/// app-00276) or lost to the recogniser while the tax beside it is read.
fn under_tax_header(page: &Page, cell: &Cell) -> bool {
    let right_edge = match cell {
        Ok(field) => field.bounds[2],
        Err(line) => line.bounds[2],
    };
    let centre = |hit: &LabelHit| {
        let [x0, _, x1, _] = page.hit_bounds(hit);
        (x0 + x1) / 2.0
    };
    amount_and_tax_headers(page)
        .any(|(amount, tax)| right_edge > (centre(&amount) + centre(&tax)) / 2.0)
}

/// Each `税额` header with the `金额` header before it on its row, as read: on its line, or
/// on a line of its own that the `税额` line stands right of on the same row (the detector
/// boxed `金额税率` apart from `税额` in blind seed 5477's app-00195).
fn amount_and_tax_headers(page: &Page) -> impl Iterator<Item = (LabelHit, LabelHit)> + '_ {
    page.find_labels(TAX_HEADER).into_iter().filter_map(|tax| {
        let amount = page.find_labels(AMOUNT_HEADER).into_iter().find(|a| {
            if a.line == tax.line {
                a.end <= tax.start
            } else {
                page.lines_right_of(a).contains(&tax.line)
            }
        })?;
        Some((amount, tax))
    })
}

/// The item table's headers over the amount's and the tax's columns.
const AMOUNT_HEADER: &[&str] = &["金额"];
const TAX_HEADER: &[&str] = &["税额"];

/// A `¥` cell of the 合计 row: its amount as a field on its line, or, when its figures are
/// not a well-formed amount, that line, to look at again.
type Cell = Result<Field, Value>;

/// The `¥` cells of `line`'s text (or of `text`, part of it) as fields on that line. A
/// misread cell's line keeps the bounds a read cell's field has, so that a misread amount
/// and a read tax on one line are read again once ([`second_readings`]).
fn cells_of(text: &str, page: &Page, line: usize) -> Vec<Cell> {
    values::yuan_cells(&with_sign_restored(text))
        .into_iter()
        .map(|cell| match cell {
            Some(amount) => Ok(Field::of_line(amount, page, line)),
            None => Err(Value {
                bounds: page.bounds(line),
                ..page.line_value(line)
            }),
        })
        .collect()
}

/// A line of the 合计 row read without a `¥` sign, its cells given theirs back when each
/// is figures alone: a line of that row holds nothing but cells, and with its sign a cell
/// read as bare digits (`8841972` for `¥88419.72` on a blurred scan, its point lost too,
/// blind seed 9737 app-00170) gets its point back from [`values::yuan_cells`] as any cell
/// does. Without it those figures were no cell at all, and the tax beside them was taken
/// for the amount.
fn with_sign_restored(text: &str) -> String {
    let is_cell = |token: &str| {
        token.len() >= MIN_BARE_CELL_DIGITS
            && token.chars().all(|c| c.is_ascii_digit() || c == '.')
            && token.chars().filter(|&c| c == '.').count() <= 1
    };
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if text.contains(['¥', '￥']) || tokens.is_empty() || !tokens.iter().all(|t| is_cell(t)) {
        return text.to_string();
    }
    tokens
        .iter()
        .map(|token| format!("¥{token}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fewest characters of a cell read without its sign: yuan and the two decimals of fen.
const MIN_BARE_CELL_DIGITS: usize = 3;

/// The cells after the 合计 label on its line and the lines to its right, but for the
/// grand total's figure (`(小写)¥…`): on a photo taken at a slant it rides level with the
/// 合计 label while the row's own cells rise above it.
fn cells_after_label(page: &Page, hit: &LabelHit) -> Vec<Cell> {
    let mut found = cells_of(&page.rest_of_line(hit), page, hit.line);
    let figures = grand_total_figures(page);
    for line in page.lines_right_of(hit) {
        let [x0, y0, x1, y1] = page.bounds(line);
        let centre = [(x0 + x1) / 2.0, (y0 + y1) / 2.0];
        let is_figure = page.line_text(line).contains(GRAND_TOTAL_FIGURE)
            || figures.iter().any(|&bounds| contains(bounds, centre));
        if !is_figure {
            found.extend(cells_of(&page.spaced_text(line), page, line));
        }
    }
    found
}

/// The bounds of what was read after each `(小写)` label: the grand total's figure, which
/// the detector may box apart from its label. A blurred scan's 合计 label sat half a row
/// low, level with `¥12798.58` boxed alone after `(小写)`, which was taken for the row's
/// tax cell (blind seed 8111, app-00076).
fn grand_total_figures(page: &Page) -> Vec<[f32; 4]> {
    page.find_labels(FIGURES)
        .iter()
        .filter_map(|hit| page.value_after(hit, &[]))
        .map(|value| value.bounds)
        .collect()
}

/// Whether `point` lies within `bounds`.
fn contains([x0, y0, x1, y1]: [f32; 4], [x, y]: [f32; 2]) -> bool {
    (x0..=x1).contains(&x) && (y0..=y1).contains(&y)
}

/// The label of the grand total in figures, printed on the 价税合计 row.
const GRAND_TOTAL_FIGURE: &str = "小写";

/// How far above the 价税合计 row, in its line heights, the 合计 row may be.
const SUM_ROW_MAX_RISE: f32 = 2.5;

/// The `¥` cells of the lines just above the 价税合计 row, left to right. The row's top at
/// a cell is taken on the line from the 价税合计 label's top to the top of the grand total's
/// figure (`(小写)¥…`) at the row's right end, when that was read: on a photo taken at a
/// slant the row runs lower (or higher) at its right, where the 合计 row's tax cell stands.
fn cells_above_grand_total(page: &Page) -> Vec<Cell> {
    let Some(grand) = page.find_label(GRAND_TOTAL) else {
        return Vec::new();
    };
    let [x0, top, x1, bottom] = page.bounds(grand.line);
    let height = bottom - top;
    let row_top = row_top_towards_figure(page, [(x0 + x1) / 2.0, top], height);
    let mut lines: Vec<usize> = (0..page.lines().len())
        .filter(|&i| {
            let [x0, y0, x1, y1] = page.bounds(i);
            let (centre, top) = ((y0 + y1) / 2.0, row_top((x0 + x1) / 2.0));
            centre < top && centre >= top - SUM_ROW_MAX_RISE * height
        })
        .filter(|&i| {
            let text = page.line_text(i);
            // The grand total's own figure, `(小写)¥…`, rides higher than its row's label
            // on a tilted photo; it is never one of the 合计 cells. A cell whose `¥` the
            // recogniser dropped (`42432.91`, blind seed 5477's app-00195) is figures
            // alone, which no other line just above 价税合计 is.
            let spaced = page.spaced_text(i);
            let is_cell = text.contains(['¥', '￥']) || with_sign_restored(&spaced) != spaced;
            is_cell && !text.contains(GRAND_TOTAL_FIGURE)
        })
        .collect();
    lines.sort_by(|&a, &b| page.bounds(a)[0].total_cmp(&page.bounds(b)[0]));
    lines
        .into_iter()
        .flat_map(|line| cells_of(&page.spaced_text(line), page, line))
        .collect()
}

/// The top of the 价税合计 row at `x`: level with `label` (its label's centre and top),
/// or sloping to the top of the grand total's figure when that was read on the row.
fn row_top_towards_figure(page: &Page, label: [f32; 2], height: f32) -> impl Fn(f32) -> f32 {
    let [label_x, label_top] = label;
    let figure = page
        .find_labels(FIGURES)
        .into_iter()
        .map(|hit| page.bounds(hit.line))
        .find(|&[x0, y0, _, _]| x0 > label_x && (y0 - label_top).abs() <= FIGURE_MAX_STEP * height);
    let slope = figure.map_or(0.0, |[x0, y0, x1, _]| {
        (y0 - label_top) / ((x0 + x1) / 2.0 - label_x)
    });
    move |x| label_top + slope * (x - label_x)
}

/// How far, in the 价税合计 line's heights, the grand total's figure may stand above or
/// below the label and still be on its row.
const FIGURE_MAX_STEP: f32 = 1.5;
