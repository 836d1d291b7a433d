//! Label finding and value geometry on hand-made lines.

use super::*;
use crate::ocr::TextSpan;

/// A line of `text` whose characters are `size` px boxes side by side from (x, y).
pub fn line(text: &str, x: f32, y: f32, size: f32) -> TextLine {
    let spans: Vec<TextSpan> = text
        .chars()
        .enumerate()
        .map(|(k, _)| {
            let x0 = x + k as f32 * size;
            TextSpan {
                start: k,
                end: k + 1,
                quad: [
                    [x0, y],
                    [x0 + size, y],
                    [x0 + size, y + size],
                    [x0, y + size],
                ],
            }
        })
        .collect();
    let x1 = x + text.chars().count() as f32 * size;
    TextLine {
        text: text.to_string(),
        confidence: 0.95,
        quad: [[x, y], [x1, y], [x1, y + size], [x, y + size]],
        spans,
    }
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

#[test]
fn fuzzy_search_counts_substitutions_drops_and_insertions() {
    let find = |text: &str, pattern: &str| find_fuzzy(&chars(text), &chars(pattern)).unwrap();
    assert_eq!(
        find("名称注册资本人民币", "注册资本"),
        FuzzyMatch {
            start: 2,
            end: 6,
            errors: 0
        }
    );
    assert_eq!(find("法册资本人民币", "注册资本").errors, 1);
    assert_eq!(find("统一社会信代码9144", "统一社会信用代码").errors, 1);
    assert_eq!(find("统一社会信用用代码", "统一社会信用代码").errors, 1);
    assert!(find_fuzzy(&chars("abc"), &[]).is_none());
    assert!(find_fuzzy(&[], &chars("名称")).is_none());
}

#[test]
fn a_letter_spaced_label_and_its_value_on_the_same_line() {
    let page = Page::new(vec![line(
        "名　　称　深圳海盛食品有限公司",
        100.0,
        50.0,
        20.0,
    )]);
    let hit = page.find_label(&["名称"]).unwrap();
    let value = page.value_after(&hit, &[]).unwrap();
    assert_eq!(value.text, "深圳海盛食品有限公司");
    // The value's box starts at its first character (the 6th of the OCR text).
    assert_eq!(value.bounds, [200.0, 50.0, 400.0, 70.0]);
}

#[test]
fn a_letter_spaced_label_split_into_glyph_boxes_of_unequal_height() {
    // As detected on a licence photo: `名` 17×19 px, `称` 18×13 px 97 px to its right,
    // then the value. Measured in the taller glyph's height the gap is over 5 heights.
    let boxed = |text: &str, x0: f32, y0: f32, x1: f32, y1: f32| {
        let mut l = line(text, x0, y0, y1 - y0);
        l.quad = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
        l.spans.clear();
        l
    };
    let page = Page::new(vec![
        boxed("名", 557.0, 712.0, 574.0, 731.0),
        boxed("称", 671.0, 717.0, 689.0, 730.0),
        boxed("北京泰丰包装有限公司", 710.0, 710.0, 884.0, 737.0),
        boxed("注册资本人民币壹仟万元整", 1173.0, 719.0, 1467.0, 742.0),
    ]);
    let hit = page.find_label(&["名称"]).unwrap();
    let value = page.value_after(&hit, &["注册资本"]).unwrap();
    assert_eq!(value.text, "北京泰丰包装有限公司");

    // An invoice's 合 and 计 as two boxes overlapping by a third of their height.
    let page = Page::new(vec![
        boxed("合", 281.0, 974.0, 319.0, 1007.0),
        boxed("计", 307.0, 972.0, 353.0, 1007.0),
    ]);
    assert!(page.find_label(&["合计"]).is_some());

    // A label cut between two overlapping boxes ends the value before it.
    let page = Page::new(vec![
        boxed("名称广州腾诚贸易有限公司注", 997.0, 997.0, 2035.0, 1055.0),
        boxed("册资本人民币贰佰万元整", 2014.0, 990.0, 2479.0, 1049.0),
    ]);
    let hit = page.find_label(&["名称"]).unwrap();
    let value = page.value_after(&hit, &["注册资本"]).unwrap();
    assert_eq!(value.text, "广州腾诚贸易有限公司");
}

#[test]
fn a_value_on_its_own_line_to_the_right() {
    let page = Page::new(vec![
        line("法定代表人", 100.0, 200.0, 20.0),
        line("王宇", 400.0, 202.0, 22.0),
        line("李四", 400.0, 260.0, 22.0),
        line("张三", 50.0, 201.0, 22.0),
    ]);
    let hit = page.find_label(&["法定代表人", "负责人"]).unwrap();
    assert_eq!(page.value_after(&hit, &[]).unwrap().text, "王宇");
}

#[test]
fn the_next_label_on_a_line_ends_a_value() {
    let page = Page::new(vec![line(
        "名称深圳甲公司注册资本人民币伍万元整",
        0.0,
        0.0,
        10.0,
    )]);
    let hit = page.find_label(&["名称"]).unwrap();
    let value = page.value_after(&hit, &["注册资本"]).unwrap();
    assert_eq!(value.text, "深圳甲公司");
    let capital = page.find_label(&["注册资本"]).unwrap();
    assert_eq!(
        page.value_after(&capital, &[]).unwrap().text,
        "人民币伍万元整"
    );
}

#[test]
fn misread_labels_are_found_within_their_allowance() {
    let page = Page::new(vec![
        line("法册资本人民币伍万元整", 0.0, 0.0, 10.0),
        line("住址 北京市", 0.0, 40.0, 10.0),
    ]);
    let hit = page.find_label(&["注册资本"]).unwrap();
    assert_eq!(hit.errors, 1);
    // Two-character labels must be read exactly: 住址 is not 住所.
    assert!(page.find_label(&["住所"]).is_none());
    assert!(page.find_label(&["住址"]).is_some());
}

#[test]
fn a_wrapped_value_is_joined_until_the_next_label() {
    let page = Page::new(vec![
        line("经营范围一般项目：仓储服务", 0.0, 0.0, 20.0),
        line("企业管理咨询。", 80.0, 24.0, 20.0),
        line("住所广东深圳", 0.0, 48.0, 20.0),
    ]);
    let hit = page.find_label(&["经营范围"]).unwrap();
    let value = page.value_after(&hit, &[]).unwrap();
    let joined = page.continue_below(value, &["住所"], 5);
    assert_eq!(joined.text, "一般项目:仓储服务企业管理咨询。");
    assert_eq!(joined.bounds, [80.0, 0.0, 260.0, 44.0]);
}

#[test]
fn labels_are_listed_top_to_bottom() {
    let page = Page::new(vec![
        line("名称乙公司", 0.0, 300.0, 10.0),
        line("名称甲公司", 0.0, 100.0, 10.0),
    ]);
    let hits = page.find_labels(&["名称"]);
    let values: Vec<String> = hits
        .iter()
        .map(|h| page.value_after(h, &[]).unwrap().text)
        .collect();
    assert_eq!(values, ["甲公司", "乙公司"]);
}

#[test]
fn pieces_of_one_row_are_joined_and_columns_are_not() {
    let page = Page::new(vec![
        line("名", 100.0, 50.0, 20.0),
        line("称", 160.0, 50.0, 20.0),
        line("深圳海盛食品有限公司", 230.0, 51.0, 20.0),
        line("注册资本人民币伍万元整", 900.0, 50.0, 20.0),
    ]);
    assert_eq!(page.lines().len(), 2);
    let hit = page.find_label(&["名称"]).unwrap();
    let value = page.value_after(&hit, &[]).unwrap();
    assert_eq!(value.text, "深圳海盛食品有限公司");
    assert_eq!(value.bounds, [230.0, 51.0, 430.0, 71.0]);
}

#[test]
fn a_glyph_read_in_both_of_two_overlapping_pieces_is_kept_once() {
    // The label's box runs 12 px into the value's and reads 子, the left of 孙.
    let mut label = line("法定代表人子", 414.0, 862.0, 35.0);
    label.spans[5].quad = [
        [610.0, 862.0],
        [628.0, 862.0],
        [628.0, 897.0],
        [610.0, 897.0],
    ];
    label.quad[1][0] = 628.0;
    label.quad[2][0] = 628.0;
    let page = Page::new(vec![label, line("孙娜", 613.0, 869.0, 27.0)]);
    assert_eq!(page.lines().len(), 1);
    let hit = page.find_label(&["法定代表人"]).unwrap();
    assert_eq!(page.value_after(&hit, &[]).unwrap().text, "孙娜");
    // Where the boxes overlap by less than half the last glyph, it is the first piece's own.
    let page = Page::new(vec![
        line("法定代表人", 414.0, 862.0, 35.0),
        line("孙娜", 585.0, 862.0, 35.0),
    ]);
    let hit = page.find_label(&["法定代表人"]).unwrap();
    assert_eq!(page.value_after(&hit, &[]).unwrap().text, "孙娜");
}

#[test]
fn the_part_of_a_label_glyph_read_again_at_the_start_of_the_value_is_dropped() {
    // The name's box, taller than its 36-px glyphs, runs 24 px into 称's and reads 尔,
    // the right of 称 (blind seed 1357).
    let mut name = line("尔上海宁润包装有限公司", 856.0, 822.0, 36.0);
    name.quad[0][1] = 816.0;
    name.quad[1][1] = 816.0;
    name.quad[2][1] = 876.0;
    name.quad[3][1] = 876.0;
    let page = Page::new(vec![
        line("名", 619.0, 826.0, 46.0),
        line("称", 834.0, 826.0, 46.0),
        name,
    ]);
    assert_eq!(page.lines().len(), 1);
    let hit = page.find_label(&["名称"]).unwrap();
    assert_eq!(
        page.value_after(&hit, &[]).unwrap().text,
        "上海宁润包装有限公司"
    );
}

#[test]
fn a_lone_glyph_label_joins_the_value_beside_it() {
    let mut first = line("名", 593.0, 1008.0, 28.0);
    first.quad = [
        [593.0, 1008.0],
        [622.0, 1008.0],
        [622.0, 1036.0],
        [593.0, 1036.0],
    ];
    let mut second = line("称武汉凯华包装有限公司", 742.0, 1000.0, 46.0);
    second.quad = [
        [742.0, 1000.0],
        [1035.0, 1000.0],
        [1035.0, 1046.0],
        [742.0, 1046.0],
    ];
    let page = Page::new(vec![first, second]);
    assert_eq!(page.lines().len(), 1, "{:?}", page.lines());
}

#[test]
fn a_label_printed_twice_on_a_joined_row_is_found_twice() {
    let page = Page::new(vec![line(
        "纳税人识别号:911101050000000001纳税人识别号:913702020000000002",
        0.0,
        0.0,
        10.0,
    )]);
    let hits = page.find_labels(&["纳税人识别号"]);
    assert_eq!(hits.len(), 2);
    let values: Vec<String> = hits
        .iter()
        .map(|h| page.value_after(h, &["纳税人识别号"]).unwrap().text)
        .collect();
    assert_eq!(values, ["911101050000000001", "913702020000000002"]);
    assert!(page.hit_bounds(&hits[0])[0] < page.hit_bounds(&hits[1])[0]);
}

#[test]
fn a_value_stops_at_the_closest_stop_label_when_a_looser_one_overlaps_it() {
    // 经营场所 matches `经营住所` with one error; 住所 matches exactly two glyphs on.
    let page = Page::new(vec![line(
        "经营范围食品经营住所广东广州天河区",
        100.0,
        100.0,
        20.0,
    )]);
    let hit = page.find_label(&["经营范围"]).unwrap();
    let value = page.value_after(&hit, &["经营场所", "住所"]).unwrap();
    assert_eq!(value.text, "食品经营");
    // Alone, the looser label still stops the value.
    let value = page.value_after(&hit, &["经营场所"]).unwrap();
    assert_eq!(value.text, "食品");
}
