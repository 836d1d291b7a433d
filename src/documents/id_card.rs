//! 居民身份证 (RULES §1.2): the photo side's 姓名, 性别/民族 (one row), 出生, 住址 (up to three
//! lines) and 公民身份号码; the emblem side's 签发机关 and 有效期限.

use super::layout::{LabelHit, Page, Value, quad_bounds, row_band};
use super::{Field, Fields, Reread, labelled, name_without_split_glyph, put, values};

const NAME: &[&str] = &["姓名"];
const SEX: &[&str] = &["性别"];
const ETHNICITY: &[&str] = &["民族"];
const BIRTH: &[&str] = &["出生"];
const ADDRESS: &[&str] = &["住址"];
const NUMBER: &[&str] = &["公民身份号码"];
const AUTHORITY: &[&str] = &["签发机关"];
const VALIDITY: &[&str] = &["有效期限"];

/// What the card prints for the sex: no surname is one of them.
const SEX_VALUES: [char; 2] = ['男', '女'];

const FRONT_LABELS: &[&str] = &["姓名", "性别", "民族", "出生", "住址", "公民身份号码"];

/// The address takes at most three lines on the card.
const ADDRESS_LINES: usize = 2;

pub fn extract_front(page: &Page, reread: &dyn Reread) -> Fields {
    let mut fields = Fields::new();
    put(
        &mut fields,
        "name",
        labelled(page, NAME, FRONT_LABELS, values::person)
            .or_else(|| name_above_sex_row(page))
            .or_else(|| name_read_again(page, reread)),
    );
    put(
        &mut fields,
        "sex",
        labelled(page, SEX, FRONT_LABELS, sex)
            .or_else(|| sex_before_ethnicity(page))
            .or_else(|| sex_read_again(page, reread)),
    );
    put(
        &mut fields,
        "ethnicity",
        labelled(page, ETHNICITY, FRONT_LABELS, ethnicity)
            .or_else(|| ethnicity_after_sex(page))
            .or_else(|| ethnicity_after_lone_min(page, reread)),
    );
    put(
        &mut fields,
        "birth_date",
        labelled(page, BIRTH, FRONT_LABELS, values::date).or_else(|| lone_date(page)),
    );
    put(&mut fields, "id_number", id_number(page));
    let address = page
        .find_label(ADDRESS)
        .and_then(|hit| page.value_after(&hit, FRONT_LABELS))
        .or_else(|| address_without_label(page, &fields))
        .map(|value| page.continue_below(value, FRONT_LABELS, ADDRESS_LINES));
    put(
        &mut fields,
        "address",
        address
            .and_then(|value| values::mainland_text(&value.text).map(|v| Field::text(v, &value))),
    );
    if let Some(column) = values_column(&fields) {
        name_in_values_column(page, column, &mut fields);
        name_read_again_from_column(column, reread, &mut fields);
    }
    if let Some(name) = fields.remove("name") {
        fields.insert("name", name_without_split_glyph(page, name));
    }
    fields
}

/// The name read again from the values column at `column` on, when what was read of it
/// starts left of the column: the recogniser may read a glyph into the blank between 姓名
/// and the name (`莊郭文` for `郭文`, blind seed 6007) whose box, placed by the reading's
/// time steps, lies too near the column for [`name_from_values_column`] to cut. The
/// second reading is taken when it is a shorter name that the first ends with.
fn name_read_again_from_column(column: f32, reread: &dyn Reread, fields: &mut Fields) {
    let Some(name) = fields.get("name") else {
        return;
    };
    let [x0, y0, x1, y1] = name.bounds;
    let height = y1 - y0;
    if x0 >= column - NAME_START_SLACK * height {
        return;
    }
    let read = name.value.as_str().unwrap_or_default().to_string();
    let Some(again) = reread.stretched([column, y0, x1, y1]) else {
        return;
    };
    let Some(cut) = values::person(&again.text) else {
        return;
    };
    if cut.chars().count() >= 2 && cut.len() < read.len() && read.ends_with(&cut) {
        let value = Value {
            text: cut.clone(),
            confidence: again.confidence,
            bounds: [column, y0, x1, y1],
        };
        fields.insert("name", Field::text(cut, &value));
    }
}

/// How far left of the values column, in the name's box heights, what was read of the
/// name may start before it is read again from the column: a box starts up to a fifth of
/// a height before its first glyph.
const NAME_START_SLACK: f32 = 0.2;

/// The name cut to the card's values column at `column`: a labelled name without a glyph
/// read in the blank before the column, a name read with its label misread (`兴名郭艳`
/// for 姓名 郭艳) without that label, or, when no name was read, what the first row holds
/// from the column on.
fn name_in_values_column(page: &Page, column: f32, fields: &mut Fields) {
    if let Some(name) = name_from_values_column(page, column) {
        fields.insert("name", name);
        return;
    }
    let Some(from_column) = name_starting_in_values_column(page, column) else {
        return;
    };
    let text = |field: &Field| field.value.as_str().unwrap_or_default().to_string();
    let replaces = fields.get("name").is_none_or(|read| {
        let (read, cut) = (text(read), text(&from_column));
        read.len() > cut.len() && read.ends_with(&cut)
    });
    if replaces {
        fields.insert("name", from_column);
    }
}

/// When neither 姓名 nor 性别 was read whole (`姓`, `生名`, `别`), the name is what the
/// nearest line above the 性别/民族 row holds from the values column at `column` on: what
/// lies left of it is what is left of the labels. With that row's labels lost too
/// (`别男民吳族满`, `性男民`), the nearest line above the 出生 row whose value is no sex.
fn name_starting_in_values_column(page: &Page, column: f32) -> Option<Field> {
    let row = page
        .find_label(SEX)
        .or_else(|| page.find_label(ETHNICITY))
        .or_else(|| page.find_label(BIRTH))?;
    let row_top = page.hit_bounds(&row)[1];
    let mut above: Vec<usize> = (0..page.lines().len())
        .filter(|&i| page.bounds(i)[3] <= row_top)
        .collect();
    above.sort_by(|&a, &b| page.bounds(b)[1].total_cmp(&page.bounds(a)[1]));
    above.into_iter().find_map(|i| {
        let [_, top, _, bottom] = page.bounds(i);
        let end = page.char_count(i);
        let from = column - COLUMN_SLACK * (bottom - top);
        let start = page.first_char_right_of(i, 0..end, from)?;
        let value = page.value_of(i, start, end);
        if value.text.starts_with(SEX_VALUES) {
            // The sex row, between the 出生 row and the name's.
            return None;
        }
        let name =
            values::person(&value.text).filter(|name| name.chars().count() <= MAX_NAME_CHARS)?;
        Some(Field::text(name, &value))
    })
}

/// Where the card prints its values (姓名, 性别, 出生 and 住址 start in one column), in page
/// pixels: the left edge of the birth date or the address, whichever is further left.
fn values_column(fields: &Fields) -> Option<f32> {
    ["birth_date", "address"]
        .iter()
        .filter_map(|key| fields.get(key))
        .map(|field| field.bounds[0])
        .min_by(f32::total_cmp)
}

/// The name without what the recogniser read in the blank between 姓名 and the values
/// column (`姓名莊朱洋` for `姓名　朱洋`): glyphs whose centres lie more than
/// [`COLUMN_SLACK`] line heights left of `column`. `None` when nothing lies there, or
/// when fewer than two glyphs would be left (no Han name is shorter).
fn name_from_values_column(page: &Page, column: f32) -> Option<Field> {
    let hit = page.find_label(NAME)?;
    let value = page.value_after(&hit, FRONT_LABELS)?;
    let slack = COLUMN_SLACK * (value.bounds[3] - value.bounds[1]);
    let trimmed = page.value_from_column(&hit, &value, column - slack)?;
    let name = values::person(&trimmed.text).filter(|name| name.chars().count() >= 2)?;
    Some(Field::text(name, &trimmed))
}

/// How far left of the values column a glyph's centre may be and still be the value's, in
/// line heights: a recogniser's glyph centres lie within a quarter of a glyph of the
/// printed ones, and the blank before the column is over a glyph wide.
const COLUMN_SLACK: f32 = 0.5;

/// When OCR lost the 住址 label (its two glyphs stand far apart and the detector often
/// misses them, or reads 住 as a box of its own), the address is the first line of
/// text below the birth date's row and above the number's, without what is left of the
/// label. `fields` holds the birth date and the number already read.
fn address_without_label(page: &Page, fields: &Fields) -> Option<Value> {
    let below = fields.get("birth_date")?.bounds[3];
    let above = fields.get("id_number")?.bounds[1];
    let line = (0..page.lines().len())
        .filter(|&i| {
            let [_, top, _, bottom] = page.bounds(i);
            top >= below && bottom <= above
        })
        .filter(|&i| {
            let text = page.line_text(i);
            text.chars().filter(|&c| values::is_cjk(c)).count() >= MIN_ADDRESS_GLYPHS
        })
        .min_by(|&a, &b| page.bounds(a)[1].total_cmp(&page.bounds(b)[1]))?;
    let text: Vec<char> = page.line_text(line).chars().collect();
    let start = text
        .iter()
        .take(ADDRESS_LABEL_REMNANT)
        .position(|&c| c == '址')
        .map_or_else(
            || text.iter().take_while(|c| matches!(c, '住' | '址')).count(),
            |k| k + 1,
        );
    Some(page.value_of(line, start, text.len()))
}

/// Most glyphs the 住址 label leaves before the address when OCR misread it (`性址…`,
/// `住崑址…`): up to a 址 among them, what precedes the address is the label's. No
/// address starts with 址 or has it second or third (a province, a city or 北京市 does).
const ADDRESS_LABEL_REMNANT: usize = 3;

/// The fewest ideographs a line needs to be taken for an address without its label: the
/// shortest address names a province or city and a street (`北京市朝阳区…`), while what
/// else lies between the birth and number rows is a lone label glyph or the portrait's
/// box read as a mark.
const MIN_ADDRESS_GLYPHS: usize = 4;

/// Where the portrait is on an ID card's photo side, from the fields read: right of the
/// text block (name, sex, ethnicity, birth, address), from the top of that block down to
/// the ID number's row. The portrait is key (RULES.md §6.3) but is no text, so OCR gives no
/// box for it; a cover or crease over it must still be told from one elsewhere. `None`
/// without the ID number, the one anchor every card prints in the same place.
pub fn portrait(fields: &Fields) -> Option<[f32; 4]> {
    let [number_left, number_top, number_right, number_bottom] = fields.get("id_number")?.bounds;
    let digit = (number_bottom - number_top).max(1.0);
    let block: Vec<[f32; 4]> = ["name", "sex", "ethnicity", "birth_date", "address"]
        .iter()
        .filter_map(|key| fields.get(key).map(|f| f.bounds))
        .collect();
    let left = block
        .iter()
        .map(|b| b[2] + PORTRAIT_GAP * digit)
        .reduce(f32::max)
        .unwrap_or(number_right - PORTRAIT_LEFT_OF_NUMBER_END * digit)
        .max(number_left);
    let top = block
        .iter()
        .map(|b| b[1])
        .reduce(f32::min)
        .unwrap_or(number_top - PORTRAIT_TOP_ABOVE_NUMBER * digit);
    let bottom = number_top - PORTRAIT_GAP * digit;
    let right = number_right + PORTRAIT_RIGHT_OF_NUMBER_END * digit;
    (left < right && top < bottom).then_some([left, top, right, bottom])
}

/// Blank space, in ID-number digit heights, between the text block or the number's row and
/// the portrait.
const PORTRAIT_GAP: f32 = 0.5;

/// How far, in digit heights, the portrait reaches right of the ID number's end. On the
/// card (an ID-1 card, 85.6 × 54 mm) the photo ends about 2 digit heights past it
/// and the card some 3; card layouts that set the number shorter (the generated cards)
/// put the photo's far edge up to 13 past it. The bound is generous because the region
/// only decides which defects are over the portrait, and beyond the card's edge no
/// defect is found.
const PORTRAIT_RIGHT_OF_NUMBER_END: f32 = 14.0;

/// Without a text block: where the portrait starts, in digit heights left of the ID
/// number's end (the card prints the number's last third under the photo).
const PORTRAIT_LEFT_OF_NUMBER_END: f32 = 6.0;

/// Without a text block: how far above the ID number's row the portrait starts, in digit
/// heights (the photo's top is level with the name, some 11 digit heights up).
const PORTRAIT_TOP_ABOVE_NUMBER: f32 = 11.0;

/// Where the national emblem is on an ID card's emblem side: left of the two title rows
/// (中华人民共和国 over 居民身份证), as tall as both and about as wide, since the emblem
/// is round. Found from the text so that an emblem hidden whole, which leaves no red to
/// find, is still known to be under the cover. `None` without the 居民身份证 row.
pub fn emblem(page: &Page) -> Option<[f32; 4]> {
    let card_title = page.hit_bounds(&page.find_label(CARD_TITLE)?);
    let height = (card_title[3] - card_title[1]).max(1.0);
    let country = page
        .find_label(COUNTRY_TITLE)
        .map(|hit| page.hit_bounds(&hit))
        .filter(|b| b[3] <= card_title[1]);
    let top = country.map_or(card_title[1] - EMBLEM_ABOVE_CARD_TITLE * height, |b| {
        b[1] - EMBLEM_MARGIN * height
    });
    let bottom = card_title[3] + EMBLEM_MARGIN * height;
    let titles_left = country.map_or(card_title[0], |b| b[0].min(card_title[0]));
    let right = titles_left - EMBLEM_MARGIN * height;
    let left = right - (bottom - top);
    (top < bottom && left < right).then_some([left, top, right, bottom])
}

const CARD_TITLE: &[&str] = &["居民身份证"];
const COUNTRY_TITLE: &[&str] = &["中华人民共和国"];

/// Slack, in heights of the 居民身份证 row, between the emblem and the titles' edges: the
/// emblem's rim reaches a little above and below them.
const EMBLEM_MARGIN: f32 = 0.3;

/// Without the 中华人民共和国 row: how far above the 居民身份证 row the emblem starts, in
/// that row's heights (the country row and its spacing above it).
const EMBLEM_ABOVE_CARD_TITLE: f32 = 1.6;

pub fn extract_back(page: &Page, reread: &dyn Reread) -> Fields {
    let mut fields = Fields::new();
    let authority = labelled(page, AUTHORITY, VALIDITY, values::mainland_text)
        .or_else(|| authority_without_label(page));
    let validity = labelled_validity(page)
        .or_else(|| validity_without_label(page))
        .or_else(|| validity_read_again(page, authority.as_ref(), reread));
    if let Some((field, (start, end))) = validity {
        if let Some(start) = start {
            fields.insert("valid_from", Field::text(start, &field));
        }
        fields.insert("valid_to", Field::text(end, &field));
    }
    put(&mut fields, "issuing_authority", authority);
    fields
}

/// A validity period as read, and its start (none on some old cards) and end.
type Validity = (Value, (Option<String>, String));

/// The 有效期限 value after its label.
fn labelled_validity(page: &Page) -> Option<Validity> {
    let hit = page.find_label(VALIDITY)?;
    let value = page.value_after(&hit, AUTHORITY)?;
    let term = values::term(&value.text)?;
    Some((value, term))
}

/// When OCR lost the 有效期限 label, the validity is the line that is a period (two dates,
/// or a date and 长期, joined by `-`) after at most a few glyphs of the label: the emblem
/// side prints no other date.
fn validity_without_label(page: &Page) -> Option<Validity> {
    (0..page.lines().len()).find_map(|line| {
        let text = page.line_text(line);
        let start = values::digits_after_remnant(&text, VALIDITY_LABEL_REMNANT)?;
        let length = text.chars().count();
        let value = page.value_of(line, start, length);
        let term = values::term(&value.text)?;
        Some((value, term))
    })
}

/// Most glyphs of a lost 有效期限 label before a validity period.
const VALIDITY_LABEL_REMNANT: usize = 4;

/// When OCR read no period (the detector missed the row), it is read again where it is
/// printed: right of the 有效期限 label, or else on the row under the issuing authority,
/// whose value it starts under.
fn validity_read_again(
    page: &Page,
    authority: Option<&Field>,
    reread: &dyn Reread,
) -> Option<Validity> {
    let area = match page.find_label(VALIDITY) {
        Some(hit) => {
            let label = page.hit_bounds(&hit);
            let height = label[3] - label[1];
            [
                label[2],
                label[1] - VALIDITY_AREA_MARGIN * height,
                label[2] + VALIDITY_AREA_WIDTH * height,
                label[3] + VALIDITY_AREA_MARGIN * height,
            ]
        }
        None => {
            let value = authority?.bounds;
            let height = value[3] - value[1];
            [
                value[0] - VALIDITY_AREA_MARGIN * height,
                value[3],
                value[0] + VALIDITY_AREA_WIDTH * height,
                value[3] + VALIDITY_ROW_BELOW * height,
            ]
        }
    };
    let again = Page::from_level(reread.without_seals(area));
    validity_without_label(&again)
}

/// How far right of its label the validity is read again, in glyph heights: the gap of
/// about two glyphs the card prints and 21 characters of half-width digits and points.
const VALIDITY_AREA_WIDTH: f32 = 14.0;

/// Margin above and below the validity's row (or before its start) when read again, in
/// glyph heights.
const VALIDITY_AREA_MARGIN: f32 = 0.5;

/// How far below the issuing authority's bottom the validity row ends, in its heights:
/// the row spacing and the row.
const VALIDITY_ROW_BELOW: f32 = 2.5;

/// When OCR lost the 签发机关 label, the issuing authority is the line naming a public
/// security bureau (`…公安局`, `…分局`), the only such text on the emblem side.
fn authority_without_label(page: &Page) -> Option<Field> {
    (0..page.lines().len()).find_map(|i| {
        let chars: Vec<char> = page.line_text(i).chars().collect();
        let value = page.value_of(i, label_remnant_len(&chars), chars.len());
        let text = values::mainland_text(&value.text)?;
        AUTHORITY_ENDINGS
            .iter()
            .any(|ending| text.ends_with(ending))
            .then(|| Field::text(text, &value))
    })
}

/// How many characters at the start of a line are what is left of the 签发机关 label: the
/// label's glyphs, or everything up to its `机关` within the label's length when a glyph
/// before it was misread (`气机关北京市公安局朝阳分局`). The authority's box then starts
/// after them.
fn label_remnant_len(chars: &[char]) -> usize {
    let head = &chars[..chars.len().min(AUTHORITY_LABEL_GLYPHS.len())];
    if let Some(at) = head.windows(2).position(|pair| pair == ['机', '关']) {
        return at + 2;
    }
    chars
        .iter()
        .take_while(|c| AUTHORITY_LABEL_GLYPHS.contains(c))
        .count()
}

/// How an issuing authority's name ends: a county- or city-level public security bureau
/// or its district branch (RULES §1.2).
const AUTHORITY_ENDINGS: [&str; 2] = ["公安局", "分局"];

/// What may be left of the 签发机关 label before the authority's name when OCR lost part
/// of it.
const AUTHORITY_LABEL_GLYPHS: [char; 4] = ['签', '发', '机', '关'];

/// The ID number: after its label (or on the line to its right), else any 18-character
/// run of digits ending in a digit or X on the page.
fn id_number(page: &Page) -> Option<Field> {
    let is_id = |c: &String| c.len() == 18 && c[..17].bytes().all(|b| b.is_ascii_digit());
    if let Some(field) = labelled(page, NUMBER, &[], |t| values::code(t, 18).filter(is_id)) {
        return Some(field);
    }
    (0..page.lines().len()).find_map(|i| {
        let text = page.line_text(i);
        let code = values::code(&text, 18).filter(is_id)?;
        let mut field = Field::of_line(code, page, i);
        // Its box is the number's own, not the line's: a label remnant read into the line
        // (`公民身370202…` with the rest of the label lost) is no part of the key field.
        if let Some(start) = id_number_start(&text) {
            field.bounds = page.value_of(i, start, start + 18).bounds;
        }
        Some(field)
    })
}

/// Where in `text`, in characters, the first ID number as printed starts: 17 digits and a
/// digit or X.
fn id_number_start(text: &str) -> Option<usize> {
    const LEN: usize = 18;
    let chars: Vec<char> = text.chars().collect();
    (0..=chars.len().checked_sub(LEN)?).find(|&start| {
        let run = &chars[start..start + LEN];
        run[..LEN - 1].iter().all(char::is_ascii_digit)
            && (run[LEN - 1].is_ascii_digit() || matches!(run[LEN - 1], 'X' | 'x'))
    })
}

/// 性别 and 民族 share a row: when OCR lost the 性别 label, the 男/女 before 民族 is the sex.
fn sex_before_ethnicity(page: &Page) -> Option<Field> {
    let hit = page.find_label(ETHNICITY)?;
    let before: String = page.line_text(hit.line).chars().take(hit.start).collect();
    let value = sex(&before)?;
    Some(Field::of_line(value, page, hit.line))
}

/// When OCR read the 性别 label but not the lone 男 or 女 after it (a single glyph the
/// detector often misses), the area between the label and 民族 (or a few glyphs right of
/// the label) is read again, and a 男 or 女 read there taken.
fn sex_read_again(page: &Page, reread: &dyn Reread) -> Option<Field> {
    let label = page.hit_bounds(&page.find_label(SEX)?);
    let height = label[3] - label[1];
    let right = page
        .find_label(ETHNICITY)
        .map(|hit| page.hit_bounds(&hit))
        .filter(|ethnicity| ethnicity[0] > label[2])
        .map_or(label[2] + SEX_AREA_WIDTH * height, |ethnicity| ethnicity[0]);
    let margins = (ETHNICITY_AREA_MARGIN, ETHNICITY_AREA_MARGIN);
    first_read_again(reread, row_band(label, (label[2], right), margins), sex)
}

/// The first line read again in `area` whose text `parse` takes, as a field of that line.
fn first_read_again(
    reread: &dyn Reread,
    area: [f32; 4],
    parse: impl Fn(&str) -> Option<String>,
) -> Option<Field> {
    reread.without_seals(area).into_iter().find_map(|line| {
        Some(Field {
            value: serde_json::Value::String(parse(&line.text)?),
            confidence: line.confidence,
            bounds: quad_bounds(&line.quad),
        })
    })
}

/// When OCR read the 姓名 label but no line beside it (the detector missed a name of two
/// glyphs two glyphs right of it, seed 8642's app-00255), the area right of the label is
/// read again and a name read there taken.
fn name_read_again(page: &Page, reread: &dyn Reread) -> Option<Field> {
    let label = page.hit_bounds(&page.find_label(NAME)?);
    let right = label[2] + NAME_AREA_WIDTH * (label[3] - label[1]);
    let margins = (NAME_AREA_MARGIN, NAME_AREA_MARGIN);
    first_read_again(
        reread,
        row_band(label, (label[2], right), margins),
        values::person,
    )
}

/// How far right of 姓名 its value is looked for, in glyph heights: the card's gap of
/// about two glyphs and a name of up to six (a minority name runs longer, on a row of its
/// own below when it does).
const NAME_AREA_WIDTH: f32 = 8.0;

/// Margin above and below the 姓名 row when the name is read again, in glyph heights: a
/// photo taken at a slant lifts the name by half a glyph over the two-glyph gap.
const NAME_AREA_MARGIN: f32 = 0.6;

/// How far right of 性别 its value is looked for when 民族 was not read, in glyph
/// heights: the card's gap of about two glyphs and the glyph.
const SEX_AREA_WIDTH: f32 = 4.0;

/// When OCR lost the label `姓名` or part of it, the name is the row above the 性别 row (the
/// card's first row), without what is left of the label (`姓马超芳`, `名吴勇`, `张华`).
fn name_above_sex_row(page: &Page) -> Option<Field> {
    let sex_row_top = page.bounds(page.find_label(SEX)?.line)[1];
    let mut above: Vec<usize> = (0..page.lines().len())
        .filter(|&i| page.bounds(i)[3] <= sex_row_top)
        .collect();
    above.sort_by(|&a, &b| page.bounds(b)[1].total_cmp(&page.bounds(a)[1]));
    above.into_iter().find_map(|i| {
        let text = page
            .text_after_widest_gap(i, LABEL_VALUE_GAP)
            .unwrap_or_else(|| page.line_text(i));
        let rest = text.trim_start().trim_start_matches(LABEL_GLYPHS);
        let value = values::person(rest).filter(|name| name.chars().count() <= MAX_NAME_CHARS)?;
        Some(Field::of_line(value, page, i))
    })
}

/// What is left of the 姓名 label before the name when OCR joined them: its glyphs, and
/// 莊, the recogniser's usual misreading of 姓 (a mainland card prints 庄, never 莊, so no
/// name on it starts with 莊).
const LABEL_GLYPHS: [char; 3] = ['姓', '名', '莊'];

/// The card prints the name some two glyphs right of its label; glyphs of one name stand
/// closer than this many line heights.
const LABEL_VALUE_GAP: f32 = 0.8;

/// The longest name taken from the row above 性别 without its label: Han names are 2–4
/// characters; longer text there is not a name.
const MAX_NAME_CHARS: usize = 4;

/// When OCR lost the 出生 label, the birth date is the line that is a date and nothing
/// else (the card prints no other date on its photo side), after at most a glyph left of
/// the label.
fn lone_date(page: &Page) -> Option<Field> {
    (0..page.lines().len()).find_map(|i| {
        let text = page.line_text(i);
        let start = values::digits_after_remnant(&text, BIRTH_LABEL_REMNANT)?;
        let rest: String = text.chars().skip(start).collect();
        let date = values::date(&rest)?;
        rest.ends_with('日').then(|| Field::of_line(date, page, i))
    })
}

/// Most glyphs left of a lost 出生 label before a lone birth date.
const BIRTH_LABEL_REMNANT: usize = 1;

/// When OCR lost the 民 of 民族, the ethnicity is what follows 族 on the 性别 row.
fn ethnicity_after_sex(page: &Page) -> Option<Field> {
    let hit = page.find_label(SEX)?;
    let rest = page.rest_of_line(&hit);
    let (_, after) = rest.split_once('族')?;
    let value = ethnicity(after)?;
    Some(Field::of_line(value, page, hit.line))
}

/// When OCR lost 族 and the value, or read only `民` and the group after it (`性别男民回`):
/// the group's one or two glyphs stand apart right of the label, and the detector often
/// misses them. What follows `民` on the 性别 row is taken when it is a group's name;
/// else the area right of `民` is read again, and a reading that is a group's name taken.
fn ethnicity_after_lone_min(page: &Page, reread: &dyn Reread) -> Option<Field> {
    let sex = page.find_label(SEX)?;
    let text: Vec<char> = page.line_text(sex.line).chars().collect();
    let min = (sex.end..text.len()).find(|&k| text[k] == '民')?;
    let rest: String = text[min + 1..].iter().collect();
    if ETHNIC_GROUPS.contains(&rest.as_str()) {
        return Some(Field::of_line(rest, page, sex.line));
    }
    let label = page.hit_bounds(&LabelHit {
        line: sex.line,
        start: min,
        end: min + 1,
        errors: 0,
    });
    let right = label[2] + ETHNICITY_AREA_WIDTH * (label[3] - label[1]);
    let margins = (ETHNICITY_AREA_MARGIN, ETHNICITY_AREA_MARGIN);
    first_read_again(
        reread,
        row_band(label, (label[2], right), margins),
        |text| ethnicity(text).filter(|v| ETHNIC_GROUPS.contains(&v.as_str())),
    )
}

/// How far right of `民` the ethnicity is looked for, in glyph heights: 族, the gap of about
/// two glyphs the card prints, and a group of up to four glyphs (柯尔克孜).
const ETHNICITY_AREA_WIDTH: f32 = 8.0;

/// Margin above and below the 性别 row when the ethnicity is read again, in glyph heights.
const ETHNICITY_AREA_MARGIN: f32 = 0.5;

fn sex(text: &str) -> Option<String> {
    text.chars()
        .find(|c| SEX_VALUES.contains(c))
        .map(String::from)
}

/// 民族 as printed: the group's name without 族, CJK only. A reading that ends in the
/// name of one of the 56 groups is that name: what stands before it is noise the
/// recogniser read into the wide gap after the label (`莊蒙古`, `庄汉`).
fn ethnicity(text: &str) -> Option<String> {
    let read = values::person(text)
        .or_else(|| (text.chars().count() == 1).then(|| text.to_string()))
        .map(|v| v.trim_end_matches('族').to_string())
        .filter(|v| !v.is_empty())?;
    let group = ETHNIC_GROUPS
        .iter()
        .filter(|group| read.ends_with(*group))
        .max_by_key(|group| group.chars().count());
    Some(group.map_or(read, |group| group.to_string()))
}

/// The 56 ethnic groups as the card prints them (GB/T 3304), without 族.
const ETHNIC_GROUPS: [&str; 56] = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];
