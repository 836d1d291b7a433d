//! Extractors on hand-made pages: the fallbacks that real photos need.

use super::layout::Page;
use super::layout::tests::line;
use super::*;

/// Answers a re-read with `lines` when the area asked for contains `point`.
struct FakeReread {
    point: [f32; 2],
    lines: Vec<crate::ocr::TextLine>,
}

impl Reread for FakeReread {
    fn without_seals(&self, [x0, y0, x1, y1]: [f32; 4]) -> Vec<crate::ocr::TextLine> {
        let [x, y] = self.point;
        if (x0..=x1).contains(&x) && (y0..=y1).contains(&y) {
            self.lines.clone()
        } else {
            Vec::new()
        }
    }

    fn stretched(&self, bounds: [f32; 4]) -> Option<crate::ocr::TextLine> {
        self.without_seals(bounds).into_iter().next()
    }

    /// The first of `lines`, its text kept to `allowed` (a fake of the recogniser's
    /// choice among the allowed characters: a disallowed one is dropped).
    fn within(
        &self,
        bounds: [f32; 4],
        allowed: &dyn Fn(char) -> bool,
    ) -> Option<crate::ocr::TextLine> {
        let mut line = self.without_seals(bounds).into_iter().next()?;
        line.text = line.text.chars().filter(|&c| allowed(c)).collect();
        Some(line)
    }
}

fn value(document: &Document, key: &str) -> Option<String> {
    document
        .fields
        .get(key)
        .map(|f| f.value.as_str().unwrap().to_string())
}

/// A licence's page: the credit code and title every licence prints, then `rows`.
fn read_licence(rows: Vec<crate::ocr::TextLine>) -> Vec<Document> {
    let mut lines = vec![
        line("统一社会信用代码", 100.0, 40.0, 20.0),
        line("91350100M000100Y43", 100.0, 70.0, 20.0),
        line("营业执照", 400.0, 120.0, 40.0),
    ];
    lines.extend(rows);
    read_documents(&Page::new(lines), &NoReread)
}

#[test]
fn a_value_whose_box_starts_inside_its_labels_padding_is_still_its_value() {
    // 营业期限 ends at x = 680; the term's box starts 0.55 of a height (11 px) before it.
    let term = |start: f32| {
        let read = read_licence(vec![
            line("营业期限", 600.0, 300.0, 20.0),
            line("艮2013年09月30日至长期", start, 300.0, 20.0),
        ]);
        value(&read[0], "term_end")
    };
    assert_eq!(term(669.0).as_deref(), Some("长期"));
    // A box starting a whole height inside the label's is not beside it.
    assert_eq!(term(655.0), None);
}

#[test]
fn a_glyph_read_in_the_blank_before_the_licences_values_column_is_no_part_of_the_name() {
    // The 类型 row's value starts the left column's values at x = 195.
    let name = |name_line: crate::ocr::TextLine| {
        let read = read_licence(vec![
            line("名称", 50.0, 200.0, 20.0),
            name_line,
            line("类型", 50.0, 240.0, 20.0),
            line("有限责任公司", 195.0, 240.0, 20.0),
        ]);
        value(&read[0], "name")
    };
    // 昇 read in the blank, centred at x = 182.
    assert_eq!(
        name(line("昇青岛兴鑫信息技术有限公司", 172.0, 200.0, 20.0)).as_deref(),
        Some("青岛兴鑫信息技术有限公司")
    );
    // A name starting at the column keeps every glyph.
    assert_eq!(
        name(line("昇青岛兴鑫信息技术有限公司", 195.0, 200.0, 20.0)).as_deref(),
        Some("昇青岛兴鑫信息技术有限公司")
    );
}

#[test]
fn a_licence_date_under_the_seal_is_read_again_without_the_red() {
    let page = Page::new(vec![
        line("营业执照", 400.0, 50.0, 40.0),
        line("统一社会信用代码91350100M000100Y43", 50.0, 120.0, 20.0),
        line("登记机关", 800.0, 600.0, 20.0),
        line("2023年011日", 820.0, 640.0, 20.0),
    ]);
    let reread = FakeReread {
        point: [850.0, 650.0],
        lines: vec![line("2023年01月11日", 820.0, 640.0, 20.0)],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(read[0].doc_type, DocumentType::BusinessLicense);
    assert_eq!(value(&read[0], "issue_date").as_deref(), Some("2023-01-11"));
    // Without the second look the date is not guessed.
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "issue_date"), None);
}

#[test]
fn a_licence_date_the_seal_changed_but_left_a_date_is_read_again_too() {
    // The seal's ink over the month's 1 leaves a valid date, 2025-02-14.
    let page = Page::new(vec![
        line("营业执照", 400.0, 50.0, 40.0),
        line("统一社会信用代码91350100M000100Y43", 50.0, 120.0, 20.0),
        line("登记机关", 800.0, 600.0, 20.0),
        line("2025年2月14日", 820.0, 640.0, 20.0),
    ]);
    let reread = FakeReread {
        point: [850.0, 650.0],
        lines: vec![line("2025年12月14日", 820.0, 640.0, 20.0)],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(value(&read[0], "issue_date").as_deref(), Some("2025-12-14"));
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "issue_date").as_deref(), Some("2025-02-14"));
}

#[test]
fn an_old_format_licence_number_printed_under_its_label() {
    // RULES §9: 110108000000016 is a valid 注册号; the line beside it holds none.
    let page = Page::new(vec![
        line("注册号", 100.0, 40.0, 20.0),
        line("110108000000016", 100.0, 70.0, 20.0),
        line("营业执照", 400.0, 120.0, 40.0),
        line("名称北京甲贸易有限公司", 100.0, 200.0, 20.0),
        line("法定代表人王强", 100.0, 240.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::BusinessLicense);
    assert_eq!(
        value(&read[0], "registration_number").as_deref(),
        Some("110108000000016")
    );
    assert_eq!(value(&read[0], "credit_code"), None);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("北京甲贸易有限公司")
    );
}

#[test]
fn a_licence_name_after_a_lone_cheng_when_the_ming_is_lost() {
    let read = read_licence(vec![
        line("称南京昌泰包装有限公司", 140.0, 200.0, 20.0),
        line("注册资本人民币伍仟万元整", 700.0, 200.0, 20.0),
        line("法定代表人孙磊", 100.0, 240.0, 20.0),
    ]);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("南京昌泰包装有限公司")
    );
    // 名 misread as 舌 and read into the line.
    let read = read_licence(vec![
        line("舌称深圳昌鑫贸易有限公司", 100.0, 200.0, 20.0),
        line("注册资本人民币伍佰万元整", 700.0, 200.0, 20.0),
        line("法定代表人陈敏", 100.0, 240.0, 20.0),
    ]);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("深圳昌鑫贸易有限公司")
    );
}

#[test]
fn a_licence_name_after_a_lone_ming_only_across_the_gap_of_the_lost_cheng() {
    let licence = |name_row: Vec<crate::ocr::TextLine>| {
        let mut rows = vec![line("法定代表人孙磊", 100.0, 240.0, 20.0)];
        rows.extend(name_row);
        read_licence(rows)
    };
    // 名 and then, where 称 and the label's spacing were, a gap of three glyphs.
    let read = licence(vec![
        line("名", 100.0, 200.0, 20.0),
        line("北京诚海电子有限公司", 180.0, 200.0, 20.0),
    ]);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("北京诚海电子有限公司")
    );
    // A name that itself begins with 名, its label lost: no guess at a shorter name.
    let read = licence(vec![line("名创优品有限公司", 180.0, 200.0, 20.0)]);
    assert_eq!(value(&read[0], "name"), None);
}

#[test]
fn a_licence_name_the_detector_missed_is_read_again_right_of_its_lone_label_glyph() {
    let page = Page::new(vec![
        line("统一社会信用代码", 100.0, 40.0, 20.0),
        line("91350100M000100Y43", 100.0, 70.0, 20.0),
        line("营业执照", 400.0, 120.0, 40.0),
        line("名", 100.0, 200.0, 20.0),
        line("注册资本人民币伍佰万元整", 600.0, 200.0, 20.0),
        line("类型有限责任公司", 100.0, 240.0, 20.0),
        line("经营范围软件开发", 100.0, 320.0, 20.0),
    ]);
    // The second look reads the row from 名 on, the letter-spaced 称 included.
    let reread = FakeReread {
        point: [300.0, 210.0],
        lines: vec![line("称深圳市鹏程科技有限公司", 180.0, 200.0, 20.0)],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(read[0].doc_type, DocumentType::BusinessLicense);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("深圳市鹏程科技有限公司")
    );
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "name"), None);
}

#[test]
fn a_licence_name_whose_whole_label_was_lost_is_the_row_above_the_entity_type() {
    let licence = |name_row: Vec<crate::ocr::TextLine>| {
        let mut rows = vec![
            line("注册资本人民币壹佰万元整", 700.0, 200.0, 20.0),
            line("类型", 50.0, 240.0, 20.0),
            line("股份有限公司(非上市)", 195.0, 240.0, 20.0),
        ];
        rows.extend(name_row);
        read_licence(rows)
    };
    let read = licence(vec![line("深圳信昌新材料股份有限公司", 195.0, 200.0, 20.0)]);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("深圳信昌新材料股份有限公司")
    );
    // The name joined with the right column's label: cut where the label begins.
    let read = licence(vec![line(
        "深圳信昌新材料股份有限公司注册资本人民币壹佰万元整",
        195.0,
        200.0,
        20.0,
    )]);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("深圳信昌新材料股份有限公司")
    );
    // No name row (covered): a line at the column more than a row above is no name.
    let read = licence(vec![line("深圳信昌新材料股份有限公司", 195.0, 150.0, 20.0)]);
    assert_eq!(value(&read[0], "name"), None);
    // A row starting away from the values column is no name.
    let read = licence(vec![line("深圳信昌新材料股份有限公司", 400.0, 200.0, 20.0)]);
    assert_eq!(value(&read[0], "name"), None);
}

#[test]
fn a_licence_representative_whose_whole_label_was_lost_is_the_lone_name_below_the_type() {
    let licence = |rows: Vec<crate::ocr::TextLine>| {
        let mut lines = vec![
            line("名称广州新峰食品有限公司", 50.0, 200.0, 20.0),
            line("类型有限责任公司", 50.0, 240.0, 20.0),
            line("经营范围食品经营", 50.0, 320.0, 20.0),
        ];
        lines.extend(rows);
        value(&read_licence(lines)[0], "legal_rep")
    };
    // 类型 is two glyphs of 20 px: its value starts at x = 90.
    assert_eq!(
        licence(vec![line("刘勇敏", 90.0, 280.0, 20.0)]).as_deref(),
        Some("刘勇敏")
    );
    // The wrapped tail of the entity type is no name.
    assert_eq!(licence(vec![line("或控股）", 90.0, 280.0, 20.0)]), None);
    // Nor a short line left of which something was read on its row.
    assert_eq!(
        licence(vec![
            line("法定", 50.0, 280.0, 20.0),
            line("刘勇敏", 90.0, 280.0, 20.0)
        ]),
        None
    );
    // Nor a name in the scope's rows.
    assert_eq!(licence(vec![line("刘勇敏", 90.0, 340.0, 20.0)]), None);
}

#[test]
fn an_unread_licence_representative_is_placed_right_of_its_label_as_a_key_region() {
    let read = read_licence(vec![
        line("名称广州新峰食品有限公司", 50.0, 200.0, 20.0),
        line("法定代表人", 50.0, 240.0, 20.0),
    ]);
    assert_eq!(value(&read[0], "legal_rep"), None);
    let placed: Vec<_> = read[0]
        .marks
        .iter()
        .filter(|(name, _)| *name == "legal_rep")
        .collect();
    let [(_, [x0, y0, x1, y1])] = placed.as_slice() else {
        panic!("one estimate: {:?}", read[0].marks);
    };
    // From the label's end (x = 150), six label heights on, on its row.
    assert_eq!([*x0, *y0, *x1, *y1], [150.0, 240.0, 270.0, 260.0]);
    // A name read is its own key region: no estimate.
    let read = read_licence(vec![line("法定代表人刘勇敏", 50.0, 240.0, 20.0)]);
    assert!(read[0].marks.iter().all(|(name, _)| *name != "legal_rep"));
}

#[test]
fn a_licence_entity_type_after_a_lone_lei_but_not_a_scope_line_opening_with_xing() {
    // 类 and the gap its lost 型 left, as 名 and 称 before.
    let read = read_licence(vec![
        line("类", 100.0, 200.0, 20.0),
        line("有限责任公司(自然人投资或控股)", 180.0, 200.0, 20.0),
        line("经营范围一般项目:新", 100.0, 280.0, 20.0),
        line("型建筑材料销售", 180.0, 305.0, 20.0),
    ]);
    assert_eq!(
        value(&read[0], "entity_type").as_deref(),
        Some("有限责任公司（自然人投资或控股）")
    );
    // The type's row unread: a wrapped scope line that opens with 型 is no type.
    let read = read_licence(vec![
        line("经营范围一般项目:新", 100.0, 280.0, 20.0),
        line("型建筑材料销售", 180.0, 305.0, 20.0),
    ]);
    assert_eq!(value(&read[0], "entity_type"), None);
}

#[test]
fn the_name_is_the_row_above_the_sex_row_when_its_label_is_lost() {
    let page = Page::new(vec![
        line("姓马超芳", 100.0, 100.0, 30.0),
        line("性别男民族汉", 100.0, 160.0, 30.0),
        line("公民身份号码440106197104210051", 100.0, 400.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    assert_eq!(value(&read[0], "name").as_deref(), Some("马超芳"));
    // A misread label glyph (姓 read 莊) stands apart from the name it precedes.
    let page = Page::new(vec![
        line("莊", 100.0, 100.0, 30.0),
        line("李华", 190.0, 100.0, 30.0),
        line("性别女民族汉", 100.0, 160.0, 30.0),
        line("公民身份号码440106197104210051", 100.0, 400.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "name").as_deref(), Some("李华"));
    for (first_row, name) in [
        ("名吴勇", "吴勇"),
        ("张华", "张华"),
        ("莊名黃磊", "黄磊"),
        ("莊郭芳", "郭芳"),
    ] {
        let page = Page::new(vec![
            line(first_row, 100.0, 100.0, 30.0),
            line("性别女民族汉", 100.0, 160.0, 30.0),
            line("公民身份号码440106197104210051", 100.0, 400.0, 30.0),
        ]);
        let read = read_documents(&page, &NoReread);
        assert_eq!(
            value(&read[0], "name").as_deref(),
            Some(name),
            "{first_row}"
        );
    }
}

/// `row` (a two-glyph label and its value read as one line) with the glyphs after the
/// label moved `gap` pixels right: the blank the card prints between them.
fn label_gap(mut row: crate::ocr::TextLine, gap: f32) -> crate::ocr::TextLine {
    for span in &mut row.spans[2..] {
        for corner in &mut span.quad {
            corner[0] += gap;
        }
    }
    row
}

#[test]
fn a_glyph_read_in_the_blank_before_the_values_column_is_not_the_names() {
    // The card prints 姓名, a blank of a glyph or two, then the name in the column its
    // birth date and address start in (x = 195).
    let card = |first_row| {
        Page::new(vec![
            first_row,
            line("性别女民族汉", 100.0, 160.0, 30.0),
            line("出生", 100.0, 220.0, 30.0),
            line("1969年5月4日", 195.0, 220.0, 30.0),
            line("住址", 100.0, 280.0, 30.0),
            line("浙江省杭州市西湖区科技园路146号", 195.0, 280.0, 30.0),
            line("公民身份号码330106196905040486", 100.0, 400.0, 30.0),
        ])
    };
    // 莊 read in the blank, centred at x = 175: more than half a glyph before the column.
    let read = read_documents(&card(line("姓名莊朱洋", 100.0, 100.0, 30.0)), &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    assert_eq!(value(&read[0], "name").as_deref(), Some("朱洋"));
    // A name that starts at the column keeps every glyph, 庄 included.
    let spaced = label_gap(line("姓名庄朱洋", 100.0, 100.0, 30.0), 35.0);
    let read = read_documents(&card(spaced), &NoReread);
    assert_eq!(value(&read[0], "name").as_deref(), Some("庄朱洋"));
}

#[test]
fn a_name_read_from_before_the_values_column_is_read_again_from_the_column_on() {
    let card = Page::new(vec![
        // 莊 read in the blank, its box centred at x = 185: too near the column (x = 195)
        // to cut, but the name's box starts left of it.
        label_gap(line("姓名莊郭文", 100.0, 100.0, 30.0), 10.0),
        line("性别女民族壮", 100.0, 160.0, 30.0),
        line("出生", 100.0, 220.0, 30.0),
        line("1986年11月13日", 195.0, 220.0, 30.0),
        line("住址", 100.0, 280.0, 30.0),
        line("北京市朝阳区人民路170号", 195.0, 280.0, 30.0),
        line("公民身份号码110105198611130525", 100.0, 400.0, 30.0),
    ]);
    let again = |text: &str| FakeReread {
        point: [230.0, 115.0],
        lines: vec![line(text, 195.0, 100.0, 30.0)],
    };
    let name = |reread: &dyn Reread| value(&read_documents(&card, reread)[0], "name");
    assert_eq!(name(&again("郭文")).as_deref(), Some("郭文"));
    // A second reading that is not the end of the first, or no name, changes nothing.
    assert_eq!(name(&again("郭丈")).as_deref(), Some("庄郭文"));
    assert_eq!(name(&again("文")).as_deref(), Some("庄郭文"));
    assert_eq!(name(&NoReread).as_deref(), Some("庄郭文"));
}

#[test]
fn the_name_is_the_line_in_the_values_column_above_the_ethnicity_row_when_both_labels_are_lost() {
    // 姓名 read as `姓` and `生名`, 性别 as `别`: the name is what starts in the column the
    // birth date starts in.
    let page = Page::new(vec![
        line("姓", 100.0, 100.0, 30.0),
        line("生名", 130.0, 100.0, 30.0),
        line("李芳建", 195.0, 100.0, 30.0),
        line("别", 130.0, 160.0, 30.0),
        line("女", 195.0, 160.0, 30.0),
        line("民族汉", 300.0, 160.0, 30.0),
        line("出生", 100.0, 220.0, 30.0),
        line("1989年5月25日", 195.0, 220.0, 30.0),
        line("公民身份号码330106198905250486", 100.0, 400.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("李芳建"),
        "{:?}",
        read[0].fields
    );
    // 姓 misread as 兴 and read with 名 into the name's line, 性别 read whole.
    let first_row = label_gap(line("兴名郭艳", 100.0, 100.0, 30.0), 35.0);
    let page = Page::new(vec![
        first_row,
        line("性别女民族汉", 100.0, 160.0, 30.0),
        line("出生", 100.0, 220.0, 30.0),
        line("1989年5月25日", 195.0, 220.0, 30.0),
        line("公民身份号码330106198905250486", 100.0, 400.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "name").as_deref(), Some("郭艳"));
}

#[test]
fn the_name_is_the_row_above_the_sex_values_when_the_sex_row_lost_its_labels_too() {
    // 姓名 read as `姓`, 性别 and 民族 as `性` and `民`: above the 出生 row, past the row
    // whose value is a sex, the name starts in the birth date's column.
    let page = Page::new(vec![
        line("姓", 100.0, 100.0, 30.0),
        line("林军涛", 195.0, 100.0, 30.0),
        line("性", 100.0, 160.0, 30.0),
        line("男民", 195.0, 160.0, 30.0),
        line("出生", 100.0, 220.0, 30.0),
        line("1964年10月7日", 195.0, 220.0, 30.0),
        line("公民身份号码330106196410070894", 100.0, 400.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    assert_eq!(
        value(&read[0], "name").as_deref(),
        Some("林军涛"),
        "{:?}",
        read[0].fields
    );
}

#[test]
fn a_buyers_name_found_by_its_label_tail_stays_the_buyers() {
    // The buyer's 名 was lost, so its name is found by `称:` alone, after the seller's
    // 名称 was found whole: the parties still go top to bottom.
    let page = Page::new(vec![
        line("浙江增值税专用发票", 300.0, 20.0, 30.0),
        line("称:武汉泰江服饰有限公司", 120.0, 100.0, 20.0),
        line("纳税人识别号:91420106MAF1XXLH83", 100.0, 130.0, 20.0),
        line("销名称:杭州宁兴贸易有限公司", 80.0, 400.0, 20.0),
        line("售纳税人识别号:91330106004651716H", 80.0, 430.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "buyer_name").as_deref(),
        Some("武汉泰江服饰有限公司")
    );
    assert_eq!(
        value(&read[0], "seller_name").as_deref(),
        Some("杭州宁兴贸易有限公司")
    );
}

#[test]
fn with_the_buyers_block_cut_off_a_lone_party_in_the_sellers_block_is_the_sellers() {
    // A 数电 invoice cut by the frame at its left: of the buyer's block only the ends of
    // its name and code are left.
    let page = Page::new(vec![
        line("电子发票(增值税专用发票)", 460.0, 20.0, 40.0),
        line("销售方信息", 800.0, 120.0, 20.0),
        line("品有限公司", 0.0, 150.0, 20.0),
        line("名称:深圳瑞辉科技有限公司", 800.0, 150.0, 20.0),
        line("91350203MATMXPFM37", 260.0, 180.0, 20.0),
        line(
            "统一社会信用代码/纳税人识别号:91440305MAX7TK92X1",
            800.0,
            180.0,
            20.0,
        ),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "seller_name").as_deref(),
        Some("深圳瑞辉科技有限公司")
    );
    assert_eq!(
        value(&read[0], "seller_tax_id").as_deref(),
        Some("91440305MAX7TK92X1")
    );
    assert_eq!(value(&read[0], "buyer_name"), None);
}

#[test]
fn a_tax_id_wrapped_under_its_label_is_read_from_the_line_below() {
    let page = Page::new(vec![
        line("湖北增值税专用发票", 300.0, 20.0, 30.0),
        line("名称:深圳恒盛包装有限公司", 100.0, 100.0, 20.0),
        line("纳税人识别号:91440305248087170L", 100.0, 130.0, 20.0),
        line("销名称:武汉亿泰包装有限公司", 80.0, 400.0, 20.0),
        line("纳税人识别号:", 100.0, 430.0, 20.0),
        line("售91420106MA8NDUA845", 80.0, 436.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "seller_tax_id").as_deref(),
        Some("91420106MA8NDUA845")
    );
    assert_eq!(
        value(&read[0], "buyer_tax_id").as_deref(),
        Some("91440305248087170L")
    );

    // Just above its label, with the address line (another label) just below: the code
    // above is the tax ID, not the digits of the telephone.
    let page = Page::new(vec![
        line("深圳增值税专用发票", 300.0, 20.0, 30.0),
        line("名称:深圳市购机汇网络有限公司", 100.0, 80.0, 20.0),
        line("购440300083885931", 80.0, 104.0, 20.0),
        line("纳税人识别号:", 100.0, 110.0, 20.0),
        line(
            "地址、电话:深圳市民治大道A12070755-23806606",
            100.0,
            134.0,
            20.0,
        ),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "buyer_tax_id").as_deref(),
        Some("440300083885931")
    );
}

#[test]
fn a_seller_tax_id_read_short_is_taken_from_the_seal_that_prints_it() {
    let invoice = |seal_lines: &[&str]| {
        let mut lines = vec![
            line("湖北增值税专用发票", 300.0, 20.0, 30.0),
            line("名称:深圳恒盛包装有限公司", 100.0, 100.0, 20.0),
            line("纳税人识别号:91440305248087170L", 100.0, 130.0, 20.0),
            line("名称:武汉亿泰包装有限公司", 100.0, 400.0, 20.0),
            // 18 characters with a run of repeated digits, read 15 long.
            line("纳税人识别号:914201068NDUA845", 100.0, 430.0, 20.0),
            line("发票专用章", 700.0, 600.0, 16.0),
        ];
        for (k, text) in seal_lines.iter().enumerate() {
            lines.push(line(text, 650.0, 520.0 + 30.0 * k as f32, 16.0));
        }
        read_documents(&Page::new(lines), &NoReread)
    };
    let read = invoice(&["91420106MA8NDUA845"]);
    assert_eq!(
        value(&read[0], "seller_tax_id").as_deref(),
        Some("91420106MA8NDUA845")
    );
    // A glyph of the seal's ring read beside the code; two glyphs are a line of text.
    let read = invoice(&["宏91420106MA8NDUA845"]);
    assert_eq!(
        value(&read[0], "seller_tax_id").as_deref(),
        Some("91420106MA8NDUA845")
    );
    let read = invoice(&["税号91420106MA8NDUA845"]);
    assert_eq!(
        value(&read[0], "seller_tax_id").as_deref(),
        Some("914201068NDUA845")
    );
    // Without the seal's code, or with two codes to choose from, the reading stands.
    let read = invoice(&[]);
    assert_eq!(
        value(&read[0], "seller_tax_id").as_deref(),
        Some("914201068NDUA845")
    );
    let read = invoice(&["91420106MA8NDUA845", "91330100716105852F"]);
    assert_eq!(
        value(&read[0], "seller_tax_id").as_deref(),
        Some("914201068NDUA845")
    );
}

#[test]
fn an_account_number_row_the_detector_missed_is_read_again_between_the_rows_read() {
    // Rows 60 px apart, but 120 between the name and the bank: the 账号 row is missing.
    let page = Page::new(vec![
        line("基本存款账户信息", 300.0, 20.0, 30.0),
        line("账户名称：厦门博丰新材料有限公司", 100.0, 100.0, 20.0),
        line(
            "开户银行：中国银行股份有限公司厦门中山支行",
            100.0,
            220.0,
            20.0,
        ),
        line("法定代表人（单位负责人）：林浩明", 100.0, 280.0, 20.0),
        line("基本存款账户编号：J3930997841901", 100.0, 340.0, 20.0),
    ]);
    let reread = FakeReread {
        point: [200.0, 170.0],
        lines: vec![line("账号：3673420266437853796", 100.0, 160.0, 20.0)],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(read[0].doc_type, DocumentType::BasicAccountInfo);
    assert_eq!(
        value(&read[0], "account_number").as_deref(),
        Some("3673420266437853796")
    );
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "account_number"), None);
}

#[test]
fn an_account_number_read_again_on_its_own_gets_back_a_digit_the_first_reading_dropped() {
    let page = Page::new(vec![
        line("基本存款账户信息", 300.0, 20.0, 30.0),
        line("账户名称：厦门凯亿贸易有限责任公司", 100.0, 100.0, 20.0),
        line("账号：367338287148046478", 100.0, 160.0, 20.0),
        line(
            "开户银行：中国银行股份有限公司厦门工业园支行",
            100.0,
            220.0,
            20.0,
        ),
        line("法定代表人（单位负责人）：孙平伟", 100.0, 280.0, 20.0),
        line("基本存款账户编号：J3930684344801", 100.0, 340.0, 20.0),
    ]);
    let account = |second: &str| {
        let reread = FakeReread {
            point: [300.0, 170.0],
            lines: vec![line(second, 100.0, 160.0, 20.0)],
        };
        let read = read_documents(&page, &reread);
        assert_eq!(read[0].doc_type, DocumentType::BasicAccountInfo);
        value(&read[0], "account_number")
    };
    // The `1` after `36733` put back.
    assert_eq!(
        account("账号：3673318287148046478").as_deref(),
        Some("3673318287148046478")
    );
    // A second reading that changes a digit, or reads fewer, leaves the first.
    assert_eq!(
        account("账号：3673318287148045478").as_deref(),
        Some("367338287148046478")
    );
    assert_eq!(
        account("账号：36733828714804647").as_deref(),
        Some("367338287148046478")
    );
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "account_number").as_deref(),
        Some("367338287148046478")
    );
}

#[test]
fn the_top_rows_the_detector_missed_are_read_again_between_the_title_and_the_first_row() {
    let page = Page::new(vec![
        line("基本存款账户信息", 300.0, 20.0, 30.0),
        line(
            "开户银行：中国银行股份有限公司厦门中山支行",
            100.0,
            220.0,
            20.0,
        ),
        line("法定代表人（单位负责人）：林浩明", 100.0, 280.0, 20.0),
        line("基本存款账户编号：J3930997841901", 100.0, 340.0, 20.0),
    ]);
    // The band asked for runs from the title's bottom to the bank's row, past the rows'
    // left edge: the reread finds both rows there.
    let reread = FakeReread {
        point: [95.0, 60.0],
        lines: vec![
            line("账户名称：厦门博丰新材料有限公司", 95.0, 100.0, 20.0),
            line("账号：3673420266437853796", 95.0, 160.0, 20.0),
        ],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(read[0].doc_type, DocumentType::BasicAccountInfo);
    assert_eq!(
        value(&read[0], "depositor_name").as_deref(),
        Some("厦门博丰新材料有限公司")
    );
    assert_eq!(
        value(&read[0], "account_number").as_deref(),
        Some("3673420266437853796")
    );
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "depositor_name"), None);
}

#[test]
fn a_representatives_bracketed_label_misread_is_no_part_of_the_name() {
    let read_rep = |row: &str| {
        let page = Page::new(vec![
            line("基本存款账户信息", 300.0, 20.0, 30.0),
            line("账户名称：厦门博丰新材料有限公司", 100.0, 100.0, 20.0),
            line(row, 100.0, 280.0, 20.0),
            line("基本存款账户编号：J3930997841901", 100.0, 340.0, 20.0),
        ]);
        let read = read_documents(&page, &NoReread);
        assert_eq!(read[0].doc_type, DocumentType::BasicAccountInfo);
        value(&read[0], "legal_rep")
    };
    assert_eq!(
        read_rep("法定代表人（单位负责人）：林浩明").as_deref(),
        Some("林浩明")
    );
    assert_eq!(
        read_rep("法定代表人(单位负责人林浩明").as_deref(),
        Some("林浩明")
    );
    assert_eq!(
        read_rep("法定代表人《单位负责人》：林浩明").as_deref(),
        Some("林浩明")
    );
    // 负责 misread and the name's first glyph lost: no name is left.
    assert_eq!(read_rep("港定代表人《单位备质人》:强"), None);
}

#[test]
fn a_representatives_box_is_the_names_alone_not_the_bracketed_label_read_with_it() {
    // 负责人 misread as 负贡八: the long label is not found, the short one is, and the
    // bracketed part is read into the value. Glyphs are 20 px wide: 朱勇 starts at 340.
    let page = Page::new(vec![
        line("开户许可证", 300.0, 20.0, 30.0),
        line("核准号：J3930813122901", 100.0, 100.0, 20.0),
        line("法定代表人(单位负贡八)朱勇", 100.0, 280.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::BankPermit);
    let rep = &read[0].fields["legal_rep"];
    assert_eq!(rep.value.as_str(), Some("朱勇"));
    assert!(rep.bounds[0] >= 335.0, "{:?}", rep.bounds);
}

#[test]
fn a_basic_account_number_row_the_detector_missed_is_read_again_below_the_representative() {
    let page = Page::new(vec![
        line("基本存款账户信息", 300.0, 20.0, 30.0),
        line("账户名称：厦门博丰新材料有限公司", 100.0, 100.0, 20.0),
        line("账号：3673420266437853796", 100.0, 160.0, 20.0),
        line(
            "开户银行：中国银行股份有限公司厦门中山支行",
            100.0,
            220.0,
            20.0,
        ),
        line("法定代表人（单位负责人）：林浩明", 100.0, 280.0, 20.0),
    ]);
    let reread = FakeReread {
        point: [200.0, 350.0],
        lines: vec![line("基本存款账户编号：J3930997841901", 100.0, 340.0, 20.0)],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(read[0].doc_type, DocumentType::BasicAccountInfo);
    assert_eq!(
        value(&read[0], "basic_account_number").as_deref(),
        Some("J3930997841901")
    );
    // Nothing below the rows: nothing is made up.
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "basic_account_number"), None);
}

#[test]
fn daikai_remarks_are_found_without_their_label() {
    let page = Page::new(vec![
        line("江苏增值税专用发票", 300.0, 20.0, 30.0),
        line(
            "价税合计(大写)伍万柒仟伍佰陆拾贰圆贰角叁分",
            50.0,
            280.0,
            20.0,
        ),
        line(
            "代开企业税号:91320106022315708G代开企业名称:南京辉瑞包装有限公司",
            600.0,
            330.0,
            15.0,
        ),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::VatSpecialInvoice);
    // The space the system prints between the two parts, lost in the compact line, is put
    // back.
    assert_eq!(
        value(&read[0], "remarks").as_deref(),
        Some("代开企业税号:91320106022315708G 代开企业名称:南京辉瑞包装有限公司")
    );
}

#[test]
fn the_seller_name_is_the_seller_blocks_not_the_daikai_remarks_name() {
    // The 代开 remarks name the seller again, cut short at the cell's edge. The 销售方 read
    // is the one in the signature row (the block's own title is vertical and lost), nearer
    // to the remarks than to the seller block's 名称.
    let page = Page::new(vec![
        line("广东增值税专用发票", 300.0, 20.0, 30.0),
        line("购买方", 20.0, 100.0, 20.0),
        line("名称:深圳海诚电子有限公司", 100.0, 100.0, 20.0),
        line("名称:深圳信诚供应链管理有限公司", 100.0, 300.0, 20.0),
        line(
            "代开企业税号:91440305MAY6Q0A1E 代开企业名称:深圳信诚供应链管理有限公",
            600.0,
            360.0,
            15.0,
        ),
        line(
            "收款人:周国浩复核:郭建开票人:黄斌销售方:(章)",
            20.0,
            420.0,
            15.0,
        ),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::VatSpecialInvoice);
    assert_eq!(
        value(&read[0], "seller_name").as_deref(),
        Some("深圳信诚供应链管理有限公司")
    );
    assert_eq!(
        value(&read[0], "buyer_name").as_deref(),
        Some("深圳海诚电子有限公司")
    );
}

#[test]
fn daikai_remarks_after_a_vertical_label_read_as_a_lone_bei() {
    // The paper form prints 备 above 注; OCR reads 备 alone and joins 注 to the remarks.
    let page = Page::new(vec![
        line("四川增值税专用发票", 300.0, 20.0, 30.0),
        line("价税合计(大写)柒万柒仟捌佰玖拾柒圆整", 50.0, 280.0, 20.0),
        line("备", 600.0, 322.0, 15.0),
        line(
            "注代开企业税号:915101071949080084代开企业名称:成都嘉康信息技术股份有限",
            598.0,
            332.0,
            15.0,
        ),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "remarks").as_deref(),
        Some("代开企业税号:915101071949080084 代开企业名称:成都嘉康信息技术股份有限")
    );
}

#[test]
fn the_sum_row_is_the_amounts_above_the_grand_total_when_its_label_is_lost() {
    let page = Page::new(vec![
        line("福建增值税专用发票", 300.0, 20.0, 30.0),
        line(
            "货物或应税劳务、服务名称规格型号单位数量单价金额税率税额",
            50.0,
            100.0,
            15.0,
        ),
        line("*纸制品*瓦楞纸箱", 50.0, 130.0, 15.0),
        line("台55802.163455544118.9913%5735.47", 400.0, 130.0, 15.0),
        line("合", 100.0, 240.0, 20.0),
        line("¥106174.98 ¥13802.75", 700.0, 238.0, 20.0),
        line(
            "价税合计(大写)壹拾壹万玖仟玖佰柒拾柒圆柒角叁分",
            50.0,
            280.0,
            20.0,
        ),
        line("(小写)¥119977.73", 800.0, 280.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::VatSpecialInvoice);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("106174.98"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("13802.75"));
}

/// An invoice's title and its figures: the 合计 row's `sums` (under the label at y = 240),
/// then on the row below the total in `words` (from x = 50) and the `figures` line
/// (`(小写)¥…`, from x = 800).
fn invoice_with_figures(sums: crate::ocr::TextLine, words: &str, figures: &str) -> Page {
    Page::new(vec![
        line("福建增值税专用发票", 300.0, 20.0, 30.0),
        line("合计", 90.0, 240.0, 20.0),
        sums,
        line(words, 50.0, 280.0, 20.0),
        line(figures, 800.0, 280.0, 20.0),
    ])
}

/// An invoice whose 合计 row's figures are `sums` and whose total reads `2025.23` for the
/// `22025.23` its words say.
fn invoice_with_total_short_of_its_words(sums: crate::ocr::TextLine) -> Page {
    invoice_with_figures(
        sums,
        "价税合计(大写)贰万贰仟零贰拾伍圆贰角叁分",
        "(小写)¥2025.23",
    )
}

/// A second look at that invoice's total that reads `again`.
fn total_read_again(again: &str) -> FakeReread {
    FakeReread {
        point: [950.0, 290.0],
        lines: vec![line(again, 800.0, 280.0, 20.0)],
    }
}

#[test]
fn a_sum_cell_read_without_its_sign_stays_the_amount_when_the_sum_label_is_lost() {
    // Blind seed 5477's app-00195: `合计` read as a lone `合`, the amount's `¥` dropped,
    // and the `金额` and `税额` headers boxed apart on their row.
    let page = |amount: &str| {
        Page::new(vec![
            line("福建增值税专用发票", 300.0, 20.0, 30.0),
            line("金额税率", 700.0, 150.0, 20.0),
            line("税额", 1000.0, 150.0, 20.0),
            line("合", 90.0, 245.0, 20.0),
            line(amount, 700.0, 236.0, 20.0),
            line("¥3046.58", 1000.0, 238.0, 20.0),
            line(
                "价税合计(大写)⊗肆万伍仟肆佰柒拾玖圆肆角玖分",
                50.0,
                280.0,
                20.0,
            ),
            line("(小写)¥45479.49", 800.0, 280.0, 20.0),
        ])
    };
    let read = read_documents(&page("42432.91"), &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("42432.91"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("3046.58"));
    // The amount not read at all: the lone cell under 税额 is the tax, not the amount.
    let read = read_documents(&page("*"), &NoReread);
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("3046.58"));
    assert_ne!(value(&read[0], "amount").as_deref(), Some("3046.58"));
}

#[test]
fn figures_that_disagree_are_read_again_and_the_reading_that_agrees_is_taken() {
    let page =
        invoice_with_total_short_of_its_words(line("¥19491.35 ¥2533.88", 700.0, 238.0, 20.0));
    // `22025.23` read with its repeated 2 written once; stretched, it is read whole.
    let read = read_documents(&page, &total_read_again("(小写)¥22025.23"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("22025.23"));
    assert_eq!(value(&read[0], "amount").as_deref(), Some("19491.35"));
    // A second reading that agrees with nothing is not taken.
    let read = read_documents(&page, &total_read_again("(小写)¥22025.28"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("2025.23"));
    // Without a second look the figures stay as read, for the checks to report.
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "total").as_deref(), Some("2025.23"));
}

#[test]
fn a_total_read_again_as_its_words_say_is_taken_when_the_sums_do_not_add_up() {
    // The 合计 row adds up to 21025.23, not to the 22025.23 the words and the total say:
    // the total, read `2025.23`, is read whole on a second look, and the sums stay wrong
    // for the checks to report.
    let page =
        invoice_with_total_short_of_its_words(line("¥18491.35 ¥2533.88", 700.0, 238.0, 20.0));
    let read = read_documents(&page, &total_read_again("(小写)¥22025.23"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("22025.23"));
    assert_eq!(value(&read[0], "amount").as_deref(), Some("18491.35"));
    // A second reading that is not what the words say is not taken.
    let read = read_documents(&page, &total_read_again("(小写)¥21025.23"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("2025.23"));
}

#[test]
fn an_amount_misread_in_the_sum_row_is_filled_in_from_a_second_look() {
    // `¥10550.44` read with its repeated 4 written once: not an amount, and not a field;
    // the words and the total agree, and the amount is derived from them unless its line
    // is read again.
    let page = invoice_with_figures(
        line("¥10550.4 ¥1371.56", 700.0, 238.0, 20.0),
        "价税合计(大写)壹万壹仟玖佰贰拾贰圆整",
        "(小写)¥11922.00",
    );
    assert_eq!(value(&read_documents(&page, &NoReread)[0], "amount"), None);
    let sums_read_again = |again: &str| FakeReread {
        point: [750.0, 248.0],
        lines: vec![line(again, 700.0, 238.0, 20.0)],
    };
    let read = read_documents(&page, &sums_read_again("¥10550.44 ¥1371.56"));
    assert_eq!(value(&read[0], "amount").as_deref(), Some("10550.44"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("1371.56"));
    // A second reading that does not add up fills nothing in.
    let read = read_documents(&page, &sums_read_again("¥10560.44 ¥1371.56"));
    assert_eq!(value(&read[0], "amount"), None);
}

/// A second look that reads only with the red washed out: the stretched reading and the
/// reading kept to some characters find nothing.
struct WashedOnly(FakeReread);

impl Reread for WashedOnly {
    fn without_seals(&self, bounds: [f32; 4]) -> Vec<crate::ocr::TextLine> {
        self.0.without_seals(bounds)
    }

    fn stretched(&self, _bounds: [f32; 4]) -> Option<crate::ocr::TextLine> {
        None
    }

    fn within(
        &self,
        _bounds: [f32; 4],
        _allowed: &dyn Fn(char) -> bool,
    ) -> Option<crate::ocr::TextLine> {
        None
    }
}

#[test]
fn a_tax_figure_crossed_by_a_grid_line_is_read_again_with_the_red_washed_out() {
    // The 合计 row's tax printed across a red-brown grid line, its `91` lost.
    let page = invoice_with_figures(
        line("¥13234.90 ¥11.14", 700.0, 238.0, 20.0),
        "价税合计(大写)壹万肆仟肆佰贰拾陆圆零肆分",
        "(小写)¥14426.04",
    );
    // Washed out, the tax cell's area yields the row's figures, in no useful order.
    let washed = WashedOnly(FakeReread {
        point: [980.0, 248.0],
        lines: vec![
            line("￥1191.14", 900.0, 238.0, 20.0),
            line("¥13234.90", 700.0, 238.0, 20.0),
            line("￥14426.04", 900.0, 260.0, 20.0),
        ],
    });
    let read = read_documents(&page, &washed);
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("1191.14"));
    assert_eq!(value(&read[0], "amount").as_deref(), Some("13234.90"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("14426.04"));
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("11.14"));
}

#[test]
fn an_amount_and_a_tax_both_misread_are_not_taken_swapped() {
    // Both cells of the 合计 row lost digits; read again, each figure's area yields both.
    let page = invoice_with_figures(
        line("¥11807.22 ¥997.96", 700.0, 238.0, 20.0),
        "价税合计(大写)壹拾贰万陆仟捌佰零伍圆壹角捌分",
        "(小写)¥126805.18",
    );
    // The row is one line: both cells' bounds are its own.
    let washed = WashedOnly(FakeReread {
        point: [800.0, 248.0],
        lines: vec![
            line("¥115807.22", 700.0, 238.0, 20.0),
            line("¥10997.96", 900.0, 238.0, 20.0),
        ],
    });
    let read = read_documents(&page, &washed);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("115807.22"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("10997.96"));
}

#[test]
fn a_seller_name_read_apart_from_its_label_is_the_company_above_its_tax_id() {
    let page = |name_line: crate::ocr::TextLine| {
        Page::new(vec![
            line("广东增值税专用发票", 300.0, 20.0, 30.0),
            line("购名称:青岛凯远包装有限公司", 100.0, 100.0, 20.0),
            line("买纳税人识别号:91370202MA670ANM8R", 100.0, 130.0, 20.0),
            line("合计", 150.0, 300.0, 20.0),
            line("名称:", 125.0, 400.0, 20.0),
            name_line,
            line("售纳税人识别号:91440106MADJ2T673T", 100.0, 430.0, 20.0),
        ])
    };
    let seller = |name_line| {
        value(
            &read_documents(&page(name_line), &NoReread)[0],
            "seller_name",
        )
    };
    // The block's 销 joined to the name, standing out left of the labels.
    assert_eq!(
        seller(line("销广州康远实业有限责任公司", 95.0, 402.0, 20.0)).as_deref(),
        Some("广州康远实业有限责任公司")
    );
    // A name that starts with one of the block's glyphs keeps it when level with the labels.
    assert_eq!(
        seller(line("方正科技有限公司", 125.0, 402.0, 20.0)).as_deref(),
        Some("方正科技有限公司")
    );
    // No company's ending: not taken for a name.
    assert_eq!(seller(line("销广州康远实业", 95.0, 402.0, 20.0)), None);
    // The tail of the 名称 label read with the name.
    assert_eq!(
        seller(line("称广州康远实业有限责任公司", 125.0, 402.0, 20.0)).as_deref(),
        Some("广州康远实业有限责任公司")
    );
}

#[test]
fn words_that_do_not_parse_are_read_again_kept_to_the_characters_of_amount_words() {
    let page = |words: &str| {
        invoice_with_figures(
            line("¥73611.59 ¥6625.04", 700.0, 238.0, 20.0),
            words,
            "(小写)¥80236.63",
        )
    };
    // The recogniser, kept to the allowed characters, reads 国 as the numeral it is.
    let within = FakeReread {
        point: [300.0, 290.0],
        lines: vec![line(
            "价税合计(大写)⊗捌国万零贰佰叁拾陆圆陆角叁分",
            50.0,
            280.0,
            20.0,
        )],
    };
    let misread = page("价税合计(大写)国万零贰佰叁拾陆圆陆角叁分");
    let read = read_documents(&misread, &within);
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("捌万零贰佰叁拾陆圆陆角叁分")
    );
    let read = read_documents(&misread, &NoReread);
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("万零贰佰叁拾陆圆陆角叁分")
    );
    // Words that parse are read again only against figures that add up: with the tax a
    // fen off, they stay as read though a second look says the total.
    let parsing = invoice_with_figures(
        line("¥73611.59 ¥6625.05", 700.0, 238.0, 20.0),
        "价税合计(大写)⊗柒万零贰佰叁拾陆圆陆角叁分",
        "(小写)¥80236.63",
    );
    let read = read_documents(&parsing, &within);
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("柒万零贰佰叁拾陆圆陆角叁分")
    );
}

#[test]
fn a_total_whose_figures_do_not_parse_is_read_again_where_they_were_printed() {
    // `22025.23` read `22025.2`: no amount, so no total field, but the place to look.
    let page = invoice_with_figures(
        line("¥19491.35 ¥2533.88", 700.0, 238.0, 20.0),
        "价税合计(大写)贰万贰仟零贰拾伍圆贰角叁分",
        "(小写)¥22025.2",
    );
    assert_eq!(value(&read_documents(&page, &NoReread)[0], "total"), None);
    let read = read_documents(&page, &total_read_again("(小写)¥22025.23"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("22025.23"));
    // Its box is where the figures were read.
    let bounds = read[0].fields["total"].bounds;
    assert!(bounds[0] >= 800.0 && bounds[2] <= 1100.0, "{bounds:?}");
    // A second reading that agrees with nothing makes no field.
    let read = read_documents(&page, &total_read_again("(小写)¥22025.28"));
    assert_eq!(value(&read[0], "total"), None);
}

#[test]
fn a_total_whose_small_figures_label_was_misread_is_the_yuan_cell_right_of_the_grand_label() {
    // `(小写)` read `(5)`: the `¥` cell on the 价税合计 row is the total when it agrees.
    let total = |figures: &str| {
        let page = invoice_with_figures(
            line("¥19491.35 ¥2533.88", 700.0, 238.0, 20.0),
            "价税合计(大写)贰万贰仟零贰拾伍圆贰角叁分",
            figures,
        );
        value(&read_documents(&page, &NoReread)[0], "total")
    };
    assert_eq!(total("(5)¥22025.23").as_deref(), Some("22025.23"));
    // A figure that agrees with neither the sum nor the words is left for a person.
    assert_eq!(total("(5)¥22025.28"), None);
}

#[test]
fn a_total_is_read_again_against_the_words_when_a_part_is_unread() {
    // The 合计 row's amount unread: the words alone say what the total should be.
    let page = invoice_with_total_short_of_its_words(line("¥2533.88", 900.0, 238.0, 20.0));
    let read = read_documents(&page, &total_read_again("(小写)¥22025.23"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("22025.23"));
    let read = read_documents(&page, &total_read_again("(小写)¥2025.28"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("2025.23"));
}

#[test]
fn a_line_rate_with_a_stray_digit_before_it_is_the_rate_printed() {
    let page = Page::new(vec![
        line("山东增值税专用发票", 300.0, 20.0, 30.0),
        line("货物或应税劳务、服务名称 金额 税率 税额", 90.0, 100.0, 20.0),
        line("套 44884.150909 38902.64 19% 3501.24", 500.0, 140.0, 20.0),
        line("箱 84446.288750 35570.31 6% 2134.22", 500.0, 170.0, 20.0),
        line("件 10 100 1000.00 16% 160.00", 500.0, 200.0, 20.0),
        line("台 1 100 100.00 1.3% 13.00", 500.0, 220.0, 20.0),
        line("合计", 90.0, 240.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    let rates = &read[0].fields["tax_rates"].value;
    // 19% is no rate and 9% is; 16%, a rate before 2019, stays; 1.3% is 13% with a point
    // read in (no 合计 figures to choose otherwise). The rates as printed come first.
    assert_eq!(rates, &serde_json::json!(["6%", "16%", "9%", "13%"]));
}

#[test]
fn a_rate_column_the_detector_missed_is_read_again_and_taken_when_the_sum_row_agrees() {
    // The header's 税率 stands at x = 410–450; the item line's rate cell was not detected.
    let page = Page::new(vec![
        line("山东增值税专用发票", 300.0, 20.0, 30.0),
        line("货物或应税劳务、服务名称 金额 税率 税额", 90.0, 100.0, 20.0),
        line("*食品*预包装食品", 90.0, 140.0, 20.0),
        line("48226.10", 600.0, 140.0, 20.0),
        line("合计", 90.0, 240.0, 20.0),
        line("¥48226.10 ¥4340.35", 600.0, 238.0, 20.0),
    ]);
    let rates = |again: &str| {
        let reread = WashedOnly(FakeReread {
            point: [430.0, 150.0],
            lines: vec![line(again, 420.0, 140.0, 20.0)],
        });
        let read = read_documents(&page, &reread);
        read[0].fields.get("tax_rates").map(|f| f.value.clone())
    };
    // 48226.10 at 9% is 4340.35.
    assert_eq!(rates("9%"), Some(serde_json::json!(["9%"])));
    // A rate the 合计 row disagrees with, or none an invoice prints: nothing taken.
    assert_eq!(rates("13%"), None);
    assert_eq!(rates("19%"), None);
    assert!(
        !read_documents(&page, &NoReread)[0]
            .fields
            .contains_key("tax_rates")
    );
}

#[test]
fn a_rate_a_repair_makes_is_the_one_the_sum_row_vouches_for() {
    // 3% with its sign read 9% (blind seed 4242 app-00095): dropping the first digit
    // makes 9%, but the 合计 row's tax is the amount's at 3%.
    let rates = |tax: &str| {
        invoice_with_unsigned_rate("39%", tax)[0]
            .fields
            .get("tax_rates")
            .map(|f| f.value.clone())
    };
    assert_eq!(rates("30.00"), Some(serde_json::json!(["3%"])));
    assert_eq!(rates("90.00"), Some(serde_json::json!(["9%"])));
}

/// A one-line invoice whose rate cell reads `cell` (no `%`), amount 1000.00 and tax `tax`
/// in its 合计 row.
fn invoice_with_unsigned_rate(cell: &str, tax: &str) -> Vec<Document> {
    invoice_with_rate_header("税率", cell, tax)
}

/// [`invoice_with_unsigned_rate`] with its rate column's header read `header`.
fn invoice_with_rate_header(header: &str, cell: &str, tax: &str) -> Vec<Document> {
    let page = Page::new(vec![
        line("山东增值税专用发票", 300.0, 20.0, 30.0),
        line(
            &format!("货物或应税劳务、服务名称 金额 {header} 税额"),
            90.0,
            100.0,
            20.0,
        ),
        line("1000.00", 250.0, 140.0, 20.0),
        line(cell, 410.0, 140.0, 20.0),
        line(tax, 490.0, 140.0, 20.0),
        line("合计", 90.0, 240.0, 20.0),
        line("¥1000.00", 250.0, 240.0, 20.0),
        line(&format!("¥{tax}"), 490.0, 240.0, 20.0),
    ]);
    read_documents(&page, &NoReread)
}

#[test]
fn a_rate_read_without_its_sign_is_the_rate_the_sum_row_vouches_for() {
    let rates = |cell: &str, tax: &str| {
        invoice_with_unsigned_rate(cell, tax)[0]
            .fields
            .get("tax_rates")
            .map(|f| f.value.clone())
    };
    // The `%` lost, or read as a digit or two: the tax is the amount's at that rate.
    assert_eq!(rates("13", "130.00"), Some(serde_json::json!(["13%"])));
    assert_eq!(rates("99", "90.00"), Some(serde_json::json!(["9%"])));
    assert_eq!(rates("986", "90.00"), Some(serde_json::json!(["9%"])));
    // `16` is 16% or 1% with its sign read as a 6: the figures choose.
    assert_eq!(rates("16", "160.00"), Some(serde_json::json!(["16%"])));
    assert_eq!(rates("16", "10.00"), Some(serde_json::json!(["1%"])));
    // Digits the figures vouch for no rate of stay unread, for review.
    assert_eq!(rates("99", "130.00"), None);
    assert_eq!(rates("4", "40.00"), None);
    // A sign read as `8%`: no rate as read, the one its digits can be that the figures
    // vouch for; kept as read, for the checks to report, when they vouch for none.
    assert_eq!(rates("98%", "90.00"), Some(serde_json::json!(["9%"])));
    assert_eq!(rates("98%", "130.00"), Some(serde_json::json!(["98%"])));
}

#[test]
fn a_rate_read_as_no_rate_is_the_one_its_own_line_vouches_for_on_a_mixed_rate_invoice() {
    // Lines at 6% and 9%: the 合计 row (3000.00, 240.00) vouches for neither alone.
    let rates = |before: &str, cell: &str, tax: &str| {
        let page = Page::new(vec![
            line("山东增值税专用发票", 300.0, 20.0, 30.0),
            line("货物或应税劳务、服务名称 金额 税率 税额", 90.0, 100.0, 20.0),
            line(before, 150.0, 140.0, 20.0),
            line(cell, 410.0, 140.0, 20.0),
            line(tax, 490.0, 140.0, 20.0),
            line("2000.00", 250.0, 180.0, 20.0),
            line("9%", 410.0, 180.0, 20.0),
            line("180.00", 490.0, 180.0, 20.0),
            line("合计", 90.0, 240.0, 20.0),
            line("¥3000.00", 250.0, 240.0, 20.0),
            line("¥240.00", 490.0, 240.0, 20.0),
        ]);
        read_documents(&page, &NoReread)[0]
            .fields
            .get("tax_rates")
            .map(|f| f.value.clone())
    };
    // 6% with its sign read `8%`: 1000.00 at 6% is the line's 60.00.
    let six = Some(serde_json::json!(["9%", "6%"]));
    assert_eq!(rates("1000.00", "68%", "60.00"), six);
    // The amount run into the unit price before it.
    assert_eq!(rates("5500.001000.00", "68%", "60.00"), six);
    // A line whose figures vouch for no rate the cell can be keeps it as read, for review.
    assert_eq!(
        rates("1000.00", "68%", "70.00"),
        Some(serde_json::json!(["9%", "68%"]))
    );
}

#[test]
fn a_rate_header_with_its_second_glyph_misread_still_marks_the_column() {
    let rates = |header: &str| {
        invoice_with_rate_header(header, "139", "130.00")[0]
            .fields
            .get("tax_rates")
            .map(|f| f.value.clone())
    };
    assert_eq!(rates("税事"), Some(serde_json::json!(["13%"])));
    // Without a rate header between 金额 and 税额, no cell is taken for a rate.
    assert_eq!(rates("单价"), None);
}

#[test]
fn the_grand_total_figure_riding_high_is_not_a_sum_cell() {
    // A tilted photo: the sum row's cells sit off its label's row, and the grand total's
    // (小写) figure rides higher than its own label, above the 价税合计 line's top.
    let page = Page::new(vec![
        line("福建增值税专用发票", 300.0, 20.0, 30.0),
        line(
            "货物或应税劳务、服务名称规格型号单位数量单价金额税率税额",
            50.0,
            100.0,
            15.0,
        ),
        line("合计", 90.0, 208.0, 18.0),
        line("¥76017.70", 400.0, 194.0, 22.0),
        line("¥9251.90", 1000.0, 190.0, 22.0),
        line("(小写)¥85269.60", 560.0, 228.0, 26.0),
        line("价税合计(大写)", 80.0, 244.0, 26.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("76017.70"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("9251.90"));
}

#[test]
fn the_sex_is_taken_before_the_ethnicity_when_its_label_is_lost() {
    let page = Page::new(vec![
        line("姓名黄凯", 100.0, 100.0, 30.0),
        line("别女民族回", 100.0, 160.0, 30.0),
        line("公民身份号码350203198105230360", 100.0, 400.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    assert_eq!(value(&read[0], "sex").as_deref(), Some("女"));
    assert_eq!(value(&read[0], "ethnicity").as_deref(), Some("回"));
}

#[test]
fn an_ethnicity_read_with_noise_before_it_is_the_group_it_ends_with() {
    let page = Page::new(vec![
        line("姓名孙国", 100.0, 100.0, 30.0),
        line("性别女民族莊蒙古", 100.0, 160.0, 30.0),
        line("公民身份号码420106198302190822", 100.0, 400.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "ethnicity").as_deref(), Some("蒙古"));
    // A reading that names no group is kept as read, for a person to see.
    let page = Page::new(vec![
        line("姓名孙国", 100.0, 100.0, 30.0),
        line("性别女民族莊", 100.0, 160.0, 30.0),
        line("公民身份号码420106198302190822", 100.0, 400.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "ethnicity").as_deref(), Some("莊"));
}

#[test]
fn an_ethnicity_the_detector_missed_is_read_again_right_of_min() {
    let card = |sex_row| {
        Page::new(vec![
            line("姓名孙国", 100.0, 100.0, 30.0),
            line(sex_row, 100.0, 160.0, 30.0),
            line("公民身份号码420106198302190822", 100.0, 400.0, 30.0),
        ])
    };
    // `性别男民回`: 族 lost, the group read right after 民.
    let read = read_documents(&card("性别男民回"), &NoReread);
    assert_eq!(value(&read[0], "ethnicity").as_deref(), Some("回"));
    // `性别女民`: the lone 满 was not detected; read again right of 民 it is.
    let reread = |again: &str| FakeReread {
        point: [400.0, 175.0],
        lines: vec![line(again, 380.0, 160.0, 30.0)],
    };
    let read = read_documents(&card("性别女民"), &reread("满"));
    assert_eq!(value(&read[0], "ethnicity").as_deref(), Some("满"));
    // A second reading that names no group is not taken.
    let read = read_documents(&card("性别女民"), &reread("一"));
    assert_eq!(value(&read[0], "ethnicity"), None);
}

#[test]
fn a_name_the_detector_missed_is_read_again_right_of_its_label() {
    let page = Page::new(vec![
        line("姓名", 100.0, 100.0, 30.0),
        line("性别女民族汉", 100.0, 160.0, 30.0),
        line("出生1965年3月12日", 100.0, 220.0, 30.0),
        line("公民身份号码110105196503120785", 100.0, 400.0, 30.0),
    ]);
    let reread = |again: &str| FakeReread {
        point: [260.0, 110.0],
        lines: vec![line(again, 230.0, 95.0, 30.0)],
    };
    let read = read_documents(&page, &reread("陈凯"));
    assert_eq!(value(&read[0], "name").as_deref(), Some("陈凯"));
    assert_eq!(value(&read[0], "sex").as_deref(), Some("女"));
    // A second reading that is no name, or none at all, leaves the name unread.
    let read = read_documents(&page, &reread("1965"));
    assert_eq!(value(&read[0], "name"), None);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "name"), None);
}

#[test]
fn a_sex_the_detector_missed_is_read_again_between_its_label_and_minzu() {
    let page = Page::new(vec![
        line("姓名何强", 100.0, 100.0, 30.0),
        line("性别", 100.0, 160.0, 30.0),
        line("民族汉", 340.0, 160.0, 30.0),
        line("公民身份号码440305198711180308", 100.0, 400.0, 30.0),
    ]);
    let reread = |again: &str| FakeReread {
        point: [200.0, 175.0],
        lines: vec![line(again, 190.0, 160.0, 30.0)],
    };
    let read = read_documents(&page, &reread("女"));
    assert_eq!(value(&read[0], "sex").as_deref(), Some("女"));
    assert_eq!(value(&read[0], "ethnicity").as_deref(), Some("汉"));
    // A second reading with no 男 or 女, or none at all, leaves the sex unread.
    let read = read_documents(&page, &reread("一"));
    assert_eq!(value(&read[0], "sex"), None);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "sex"), None);
}

#[test]
fn an_id_validity_without_its_label_or_missed_by_the_detector_is_found() {
    let back = |rows: Vec<crate::ocr::TextLine>| {
        let mut lines = vec![
            line("中华人民共和国", 200.0, 40.0, 40.0),
            line("居民身份证", 200.0, 100.0, 50.0),
        ];
        lines.extend(rows);
        Page::new(lines)
    };
    let validity = |page: &Page, reread: &dyn Reread| {
        let read = read_documents(page, reread);
        assert_eq!(read[0].doc_type, DocumentType::IdCardBack);
        (value(&read[0], "valid_from"), value(&read[0], "valid_to"))
    };
    let period = || {
        (
            Some("2025-03-18".to_string()),
            Some("2045-03-18".to_string()),
        )
    };
    // The label lost: the line that is a period.
    let page = back(vec![
        line("深圳市公安局南山分局", 240.0, 300.0, 30.0),
        line("2025.03.18-2045.03.18", 240.0, 350.0, 30.0),
    ]);
    assert_eq!(validity(&page, &NoReread), period());
    // The period unread: read again right of its label, or under the authority.
    let again = |x: f32| FakeReread {
        point: [x + 60.0, 365.0],
        lines: vec![line("2025.03.18-2045.03.18", x, 350.0, 30.0)],
    };
    let page = back(vec![
        line("签发机关深圳市公安局南山分局", 100.0, 300.0, 30.0),
        line("有效期限", 100.0, 350.0, 30.0),
    ]);
    assert_eq!(validity(&page, &again(260.0)), period());
    assert_eq!(validity(&page, &NoReread), (None, None));
    let page = back(vec![line("深圳市公安局南山分局", 240.0, 300.0, 30.0)]);
    assert_eq!(validity(&page, &again(240.0)), period());
}

#[test]
fn an_address_whose_label_was_lost_lies_between_the_birth_and_number_rows() {
    let card = |address_line| {
        Page::new(vec![
            line("姓名陈国", 100.0, 100.0, 30.0),
            line("性别男民族汉", 100.0, 160.0, 30.0),
            line("出生1985年1月8日", 100.0, 220.0, 30.0),
            address_line,
            line("公民身份号码110105198501080598", 100.0, 400.0, 30.0),
        ])
    };
    let read = read_documents(
        &card(line("北京市朝阳区中山路338号", 160.0, 280.0, 30.0)),
        &NoReread,
    );
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    assert_eq!(
        value(&read[0], "address").as_deref(),
        Some("北京市朝阳区中山路338号")
    );
    // What is left of the label is not part of the address.
    let read = read_documents(
        &card(line("址北京市朝阳区中山路338号", 130.0, 280.0, 30.0)),
        &NoReread,
    );
    assert_eq!(
        value(&read[0], "address").as_deref(),
        Some("北京市朝阳区中山路338号")
    );
    // The label misread (`性址`, or `住崑址` with a stray glyph): up to its 址.
    for misread in [
        "性址北京市朝阳区中山路338号",
        "住崑址北京市朝阳区中山路338号",
    ] {
        let read = read_documents(&card(line(misread, 100.0, 280.0, 30.0)), &NoReread);
        assert_eq!(
            value(&read[0], "address").as_deref(),
            Some("北京市朝阳区中山路338号"),
            "{misread}"
        );
    }
    // A lone mark there (the portrait read as `:`) is no address.
    let read = read_documents(&card(line(":", 600.0, 280.0, 30.0)), &NoReread);
    assert_eq!(value(&read[0], "address"), None);
}

#[test]
fn an_issuing_authority_whose_label_was_lost_is_the_bureau_named_on_the_back() {
    let page = Page::new(vec![
        line("中华人民共和国", 300.0, 100.0, 40.0),
        line("居民身份证", 300.0, 160.0, 50.0),
        line("广州市公安局天河分局", 320.0, 400.0, 30.0),
        line("有效期限2017.07.07-长期", 200.0, 460.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardBack);
    assert_eq!(
        value(&read[0], "issuing_authority").as_deref(),
        Some("广州市公安局天河分局")
    );
    assert_eq!(value(&read[0], "valid_to").as_deref(), Some("长期"));

    // The label's first glyph misread and joined to the name: the name, in its own box.
    let page = Page::new(vec![
        line("中华人民共和国", 300.0, 100.0, 40.0),
        line("居民身份证", 300.0, 160.0, 50.0),
        line("气机关北京市公安局朝阳分局", 200.0, 400.0, 30.0),
        line("有效期限2017.07.07-长期", 200.0, 460.0, 30.0),
    ]);
    let read = read_documents(&page, &NoReread);
    let authority = &read[0].fields["issuing_authority"];
    assert_eq!(authority.value, "北京市公安局朝阳分局");
    assert!(authority.bounds[0] > 230.0, "{:?}", authority.bounds);
}

#[test]
fn a_paper_invoice_number_is_not_taken_from_the_code_line() {
    let page = Page::new(vec![
        line("发票代码4400261150", 50.0, 60.0, 20.0),
        line("广东增值税专用发票", 500.0, 40.0, 40.0),
        line("No17360723", 1400.0, 60.0, 24.0),
        line("价税合计（大写）", 50.0, 700.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::VatSpecialInvoice);
    assert_eq!(
        value(&read[0], "invoice_code").as_deref(),
        Some("4400261150")
    );
    assert_eq!(
        value(&read[0], "invoice_number").as_deref(),
        Some("17360723")
    );
}

#[test]
fn a_paper_invoice_code_printed_without_its_label_is_read_above_the_buyer_block() {
    let page = |code_line: &str| {
        Page::new(vec![
            line(code_line, 120.0, 60.0, 24.0),
            line("广东增值税专用发票", 500.0, 40.0, 40.0),
            line("No12271524", 1400.0, 60.0, 24.0),
            line("开票日期：2016年06月12日", 1400.0, 110.0, 20.0),
            line("名称：深圳市购机汇网络有限公司", 100.0, 200.0, 20.0),
            line("纳税人识别号：440300083885931", 100.0, 240.0, 20.0),
            line("4403000838", 900.0, 300.0, 20.0),
            line("价税合计（大写）", 50.0, 700.0, 20.0),
        ])
    };
    let code_of = |code_line: &str| {
        let read = read_documents(&page(code_line), &NoReread);
        assert_eq!(read[0].doc_type, DocumentType::VatSpecialInvoice);
        value(&read[0], "invoice_code")
    };
    assert_eq!(code_of("4400154130").as_deref(), Some("4400154130"));
    assert_eq!(code_of("限4400154130").as_deref(), Some("4400154130"));
    assert_eq!(code_of("4400154130国统").as_deref(), Some("4400154130"));
    // Not a code: too many other glyphs, or the wrong length; and ten digits below the
    // buyer's first label are never taken.
    assert_eq!(code_of("联系电话4400154130"), None);
    assert_eq!(code_of("440015413"), None);
}

#[test]
fn an_invoice_print_is_whole_between_its_title_and_its_drawer() {
    let page = |title: &str, footer: &str| {
        Page::new(vec![
            line("发票代码4400154130", 50.0, 60.0, 20.0),
            line(title, 500.0, 40.0, 40.0),
            line("名称：深圳市购机汇网络有限公司", 100.0, 200.0, 20.0),
            line("价税合计（大写）", 50.0, 700.0, 20.0),
            line(footer, 50.0, 900.0, 20.0),
        ])
    };
    let footer = "收款人：王梅 复核：张雪 开票人：陈秋燕";
    assert!(invoice_print_ends_read(&page("广东增值税专用发票", footer)));
    // The supervision seal over the title's middle.
    assert!(invoice_print_ends_read(&page("广东增发票", footer)));
    assert!(!invoice_print_ends_read(&page(
        "广东增值税专用发票",
        "收款人：王梅"
    )));
    // A code's label is no title.
    assert!(!invoice_print_ends_read(&page("发票号码12271524", footer)));
}

#[test]
fn a_paper_invoices_seal_is_placed_by_its_footer() {
    let page = |footer: &str| {
        Page::new(vec![
            line("广东增值税专用发票", 500.0, 40.0, 40.0),
            line("No12345678", 1100.0, 40.0, 40.0),
            line("价税合计（大写）", 50.0, 700.0, 20.0),
            line(footer, 50.0, 900.0, 20.0),
        ])
    };
    let drawer = "收款人：王梅复核：张雪开票人：陈秋燕";
    let right_edge = 1100.0 + 10.0 * 40.0;
    // `销售方：（章）` starts after the drawer's 18 glyphs of 20 px.
    let label_left = 50.0 + 18.0 * 20.0;
    let [left, top, right, bottom] =
        invoice::seal(&page(&format!("{drawer}销售方：（章）"))).expect("a paper footer");
    assert!((left - label_left).abs() < 1.0, "{left}");
    assert_eq!(right, right_edge);
    assert!(
        top < 900.0 - 100.0 && top > 700.0,
        "{top}: above the footer"
    );
    assert!(bottom > 920.0, "{bottom}: below the footer");
    // The seal's label unread (under the cover that hides the seal): right of the drawer.
    let [left, ..] = invoice::seal(&page(drawer)).expect("a paper footer");
    assert!((left - label_left).abs() < 1.0, "{left}");
    // A 数电 invoice's footer names its drawer only, and it has no seal.
    assert_eq!(invoice::seal(&page("开票人：陈秋燕")), None);
}

#[test]
fn a_tax_the_detector_missed_is_read_again_right_of_the_amount() {
    let page = Page::new(vec![
        line("广东增值税专用发票", 500.0, 40.0, 40.0),
        line("金额        税率        税额", 800.0, 300.0, 20.0),
        line("合计", 100.0, 600.0, 20.0),
        line("¥111927.49", 800.0, 600.0, 20.0),
        line(
            "价税合计（大写）⊗壹拾贰万叁仟壹佰贰拾柒圆零陆分",
            50.0,
            650.0,
            20.0,
        ),
        line("(小写)¥123127.06", 1100.0, 650.0, 20.0),
    ]);
    // The tax printed over the row's rule, a little below the amount.
    let reread = FakeReread {
        point: [1250.0, 610.0],
        lines: vec![line("¥11199.57", 1200.0, 608.0, 20.0)],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("111927.49"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("11199.57"));
    // A reading that does not add up is not taken.
    let reread = FakeReread {
        point: [1250.0, 610.0],
        lines: vec![line("¥1199.57", 1200.0, 608.0, 20.0)],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(value(&read[0], "tax_amount"), None);
}

#[test]
fn the_total_in_words_is_read_after_a_label_read_with_a_bracket_too_many() {
    let page = Page::new(vec![
        line("广东增值税专用发票", 500.0, 40.0, 40.0),
        line(
            "价税合计（(大写）⑧伍万捌仟贰佰柒拾肆圆壹角",
            50.0,
            700.0,
            20.0,
        ),
        line("(小写)¥58274.10", 1000.0, 700.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("伍万捌仟贰佰柒拾肆圆壹角")
    );
    // Words of one yuan end in the 小写 label's 写: they are the words', not the label's.
    let page = Page::new(vec![
        line("广东增值税专用发票", 500.0, 40.0, 40.0),
        line("价税合计壹圆(小写)¥1.00", 50.0, 700.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "total_in_words").as_deref(), Some("壹圆"));
}

#[test]
fn the_total_in_words_is_read_after_a_label_that_lost_its_da() {
    let page = Page::new(vec![
        line("广东增值税专用发票", 500.0, 40.0, 40.0),
        line(
            "价税合计(写)⊗肆万叁仟伍佰贰拾玖圆壹角贰分",
            50.0,
            700.0,
            20.0,
        ),
        line("(小写)¥43529.12", 900.0, 700.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("肆万叁仟伍佰贰拾玖圆壹角贰分")
    );
    assert_eq!(value(&read[0], "total").as_deref(), Some("43529.12"));
}

#[test]
fn a_seller_name_whose_label_lost_its_first_glyph_to_the_block_label_is_read() {
    let page = Page::new(vec![
        line("广东增值税专用发票", 500.0, 40.0, 40.0),
        line("名称：深圳市购机汇网络有限公司", 100.0, 200.0, 20.0),
        line("称:广州晶东贸易有限公司", 150.0, 600.0, 20.0),
        line("销名", 20.0, 640.0, 20.0),
        line("纳税人识别号：91440101664041243T", 100.0, 680.0, 20.0),
        line("价税合计（大写）", 50.0, 500.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "buyer_name").as_deref(),
        Some("深圳市购机汇网络有限公司")
    );
    assert_eq!(
        value(&read[0], "seller_name").as_deref(),
        Some("广州晶东贸易有限公司")
    );
}

#[test]
fn the_sum_row_cells_are_found_above_a_grand_total_row_that_slopes_down_to_the_right() {
    // A photo taken at a slant: the 合计 label read as 台计, the tax cell lower than the
    // 价税合计 label's top but above the row where it runs at the right.
    let page = Page::from_level(vec![
        line("广东增值税专用发票", 500.0, 40.0, 40.0),
        line("台计", 169.0, 1072.0, 59.0),
        line(
            "价税合计(大写)⊗捌万柒仟伍佰陆拾伍圆贰角捌分",
            157.0,
            1145.0,
            60.0,
        ),
        line("¥79980.59", 1351.0, 1109.0, 56.0),
        line("¥7584.69", 1840.0, 1124.0, 57.0),
        line("(小写)¥87565.28", 1508.0, 1200.0, 60.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("79980.59"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("7584.69"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("87565.28"));
}

#[test]
fn a_party_name_on_its_own_line_is_found_past_the_tax_id_beside_its_label() {
    let invoice = |remarks_only: bool| {
        let mut lines = vec![
            line(
                "发票代码3300261130浙江增值税专用发票抵扣联No08927493",
                100.0,
                20.0,
                30.0,
            ),
            line("购名称:厦门信海服饰有限责任公司", 50.0, 80.0, 20.0),
            line("价税合计(大写)⊗玖万零玖佰陆拾陆圆零贰分", 50.0, 300.0, 20.0),
            // The seller's label on a line of its own; the tax ID below it on its row
            // starts further left than the name above it.
            line("销名称:", 50.0, 345.0, 20.0),
            line("91330106570373079X", 200.0, 355.0, 20.0),
        ];
        let name = line("杭州泰明电子有限公司", 205.0, 335.0, 20.0);
        // The remarks column, far right on the row, names the 代开 company.
        let remarks = line("杭州市西湖区税务局代开", 900.0, 340.0, 20.0);
        lines.push(if remarks_only { remarks } else { name });
        value(
            &read_documents(&Page::new(lines), &NoReread)[0],
            "seller_name",
        )
    };
    assert_eq!(invoice(false).as_deref(), Some("杭州泰明电子有限公司"));
    assert_eq!(invoice(true), None);
}

#[test]
fn a_lone_party_name_below_the_grand_total_is_the_sellers() {
    let invoice = |name_row: f32| {
        let page = Page::new(vec![
            line(
                "发票代码3200265150江苏增值税专用发票抵扣联No49632102",
                100.0,
                20.0,
                30.0,
            ),
            // The buyer's 名称 read `购称`: no label.
            line("购称:北京安凯电子有限公司", 50.0, 80.0, 20.0),
            line(
                "价税合计(大写)⊗伍万捌仟柒佰柒拾捌圆陆角叁分",
                50.0,
                300.0,
                20.0,
            ),
            line("名称:南京峰鑫五金制品有限公司", 70.0, name_row, 20.0),
        ]);
        let read = read_documents(&page, &NoReread);
        (
            value(&read[0], "buyer_name"),
            value(&read[0], "seller_name"),
        )
    };
    assert_eq!(
        invoice(340.0),
        (None, Some("南京峰鑫五金制品有限公司".to_string()))
    );
    // Above the grand total (a 数电 invoice's blocks head the form): read in order.
    assert_eq!(
        invoice(120.0),
        (Some("南京峰鑫五金制品有限公司".to_string()), None)
    );
}

#[test]
fn an_invoice_date_the_detector_missed_is_read_again_right_of_its_label() {
    let page = Page::new(vec![
        line(
            "电子发票(增值税专用发票)发票号码:26312736004585414230",
            300.0,
            20.0,
            30.0,
        ),
        line("开票日期:", 700.0, 60.0, 20.0),
        line(
            "价税合计(大写)捌万陆仟玖佰叁拾圆柒角壹分",
            50.0,
            400.0,
            20.0,
        ),
    ]);
    let date = |reread: &dyn Reread| value(&read_documents(&page, reread)[0], "issue_date");
    assert_eq!(date(&NoReread), None);
    // The label ends at x = 800; the date is read afresh right of it on its row.
    let again = FakeReread {
        point: [900.0, 70.0],
        lines: vec![line("2026年10月12日", 820.0, 60.0, 20.0)],
    };
    assert_eq!(date(&again).as_deref(), Some("2026-10-12"));
    // A date read on another row is not asked for.
    let below = FakeReread {
        point: [900.0, 130.0],
        lines: vec![line("2026年10月12日", 820.0, 120.0, 20.0)],
    };
    assert_eq!(date(&below), None);
}

#[test]
fn a_notices_addressee_rows_the_detector_missed_are_read_again_under_the_title() {
    let page = Page::new(vec![
        line("国家税务总局杭州市西湖区税务局", 300.0, 50.0, 30.0),
        line("税务事项通知书", 350.0, 120.0, 40.0),
        line(
            "事项:增值税一般纳税人登记。经审核,你单位自2023年04月06日起登记为增值税一般纳税人,",
            120.0,
            340.0,
            25.0,
        ),
    ]);
    let proof = |reread: &dyn Reread| {
        let read = read_documents(&page, reread);
        (value(&read[0], "name"), value(&read[0], "taxpayer_id"))
    };
    assert_eq!(proof(&NoReread), (None, None));
    // Between the title's bottom (y = 160) and the 事项 row (y = 340).
    let again = FakeReread {
        point: [400.0, 250.0],
        lines: vec![
            line("杭州源嘉包装有限公司:", 120.0, 220.0, 30.0),
            line("纳税人识别号:91330106528840083K", 120.0, 270.0, 30.0),
        ],
    };
    assert_eq!(
        proof(&again),
        (
            Some("杭州源嘉包装有限公司".to_string()),
            Some("91330106528840083K".to_string())
        )
    );
}

#[test]
fn a_taxpayer_id_the_detector_missed_is_read_again_right_of_its_label() {
    let page = Page::new(vec![
        line("国家税务总局杭州市西湖区税务局", 300.0, 50.0, 30.0),
        line("税务事项通知书", 350.0, 120.0, 40.0),
        line("杭州兴昌新材料有限责任公司:", 100.0, 220.0, 30.0),
        line("纳税人识别号:", 100.0, 280.0, 30.0),
        line(
            "事项:增值税一般纳税人登记。经审核,你单位自2025年09月28日起登记为增值税一般纳税人,",
            120.0,
            340.0,
            25.0,
        ),
    ]);
    let id = |reread: &dyn Reread| {
        read_documents(&page, reread)
            .into_iter()
            .find(|d| d.doc_type == DocumentType::TaxpayerProof)
            .and_then(|d| value(&d, "taxpayer_id"))
    };
    assert_eq!(id(&NoReread), None);
    // Detected afresh on the label's row, far to its right.
    let again = FakeReread {
        point: [1000.0, 295.0],
        lines: vec![line("91330106MAT9PBG49P", 700.0, 282.0, 28.0)],
    };
    assert_eq!(id(&again).as_deref(), Some("91330106MAT9PBG49P"));
    // The row below is not the ID's.
    let below = FakeReread {
        point: [1000.0, 400.0],
        lines: vec![line("91330106MAT9PBG49P", 700.0, 390.0, 28.0)],
    };
    assert_eq!(id(&below), None);
}

#[test]
fn a_taxpayer_id_row_the_detector_missed_is_read_again_under_the_addressee() {
    let page = Page::new(vec![
        line("国家税务总局深圳市南山区税务局", 300.0, 50.0, 30.0),
        line("税务事项通知书", 350.0, 120.0, 40.0),
        line("深圳旭江供应链管理有限公司:", 100.0, 220.0, 30.0),
        line("按照规定办理增值税涉税事项。", 100.0, 400.0, 25.0),
    ]);
    let id = |reread: &dyn Reread| {
        read_documents(&page, reread)
            .into_iter()
            .find(|d| d.doc_type == DocumentType::TaxpayerProof)
            .and_then(|d| value(&d, "taxpayer_id"))
    };
    assert_eq!(id(&NoReread), None);
    let again = FakeReread {
        point: [500.0, 290.0],
        lines: vec![
            line("纳税人识别号:", 100.0, 280.0, 28.0),
            line("91440305121211170D", 450.0, 280.0, 28.0),
        ],
    };
    assert_eq!(id(&again).as_deref(), Some("91440305121211170D"));
}

#[test]
fn a_taxpayer_id_whose_label_went_unread_is_the_pages_one_lone_code() {
    let page = |codes: &[&str]| {
        let mut lines = vec![
            line("国家税务总局武汉市武昌区税务局", 300.0, 50.0, 30.0),
            line("税务事项通知书", 350.0, 120.0, 40.0),
            line("武汉晨丰信息技术有限公司:", 100.0, 220.0, 30.0),
            line(
                "事项:增值税一般纳税人登记。经审核,你单位自2025年11月24日起登记为增值税一般纳税人,",
                120.0,
                340.0,
                25.0,
            ),
        ];
        for (k, code) in codes.iter().enumerate() {
            lines.push(line(code, 300.0, 270.0 + 30.0 * k as f32, 28.0));
        }
        read_documents(&Page::new(lines), &NoReread)
            .into_iter()
            .find(|d| d.doc_type == DocumentType::TaxpayerProof)
            .and_then(|d| value(&d, "taxpayer_id"))
    };
    assert_eq!(
        page(&["91420106MAL74THP56"]).as_deref(),
        Some("91420106MAL74THP56")
    );
    // Two lone codes: which is the ID is a guess.
    assert_eq!(page(&["91420106MAL74THP56", "91330106MAT9PBG49P"]), None);
    // A code inside a sentence is not the ID's line.
    assert_eq!(page(&["文号91420106MAL74THP56"]), None);
}

#[test]
fn the_grand_total_level_with_the_sum_rows_label_is_not_its_tax_cell() {
    // A photo taken at a slant (blind seed 2026 app-00081): the 合计 row's cells rise
    // above its label, while the grand total's figure rides level with it.
    let page = Page::new(vec![
        line("广东增值税专用发票", 500.0, 40.0, 40.0),
        line("¥14888.82", 1073.0, 741.0, 23.0),
        line("¥1339.99", 1600.0, 727.0, 29.0),
        line("合计", 276.0, 754.0, 41.0),
        line("(小写)¥16228.81", 1161.0, 783.0, 29.0),
        line(
            "价税合计(大写)⊗壹万陆仟贰佰贰拾捌圆捌角壹分",
            269.0,
            798.0,
            49.0,
        ),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("14888.82"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("1339.99"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("16228.81"));
}

#[test]
fn the_grand_total_boxed_apart_from_its_label_is_not_the_sum_rows_tax_cell() {
    // A blurred scan (blind seed 8111 app-00076): the 合计 label sits half a row low, level
    // with the grand total's figure, which the detector boxed apart from `(小写)`.
    let page = Page::new(vec![
        line("江苏增值税专用发票", 500.0, 40.0, 40.0),
        line("¥11326.18", 936.0, 585.0, 26.0),
        line("¥1472.40", 1140.0, 581.0, 25.0),
        line("合计", 387.0, 598.0, 31.0),
        line("¥12798.58", 1100.0, 613.0, 31.0),
        line("壹万贰仟柒佰玖拾捌圆伍角捌分", 493.0, 624.0, 31.0),
        line("(小写)", 1038.0, 621.0, 10.0),
        line("价税合计(大写)", 316.0, 633.0, 32.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("11326.18"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("1472.40"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("12798.58"));
}

#[test]
fn a_sum_row_cell_read_as_bare_digits_keeps_its_place_before_the_tax() {
    // A blurred scan (blind seed 9737 app-00170): `¥88419.72` read `8841972`.
    let page = |amount: &str| {
        Page::new(vec![
            line("四川增值税专用发票", 700.0, 205.0, 40.0),
            line("合计", 426.0, 546.0, 25.0),
            line(amount, 700.0, 544.0, 22.0),
            line("7464.53", 1068.0, 543.0, 20.0),
            line(
                "价税合计(大写)玖万伍仟捌佰捌拾肆圆贰角伍分",
                366.0,
                578.0,
                21.0,
            ),
            line("(小写)¥95884.25", 978.0, 568.0, 23.0),
        ])
    };
    let read = read_documents(&page("8841972"), &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("88419.72"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("7464.53"));
    // Two digits are no amount of yuan and fen: the row's one amount is the first cell.
    let read = read_documents(&page("88"), &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("7464.53"));
    // Both cells boxed as one line.
    let page = Page::new(vec![
        line("四川增值税专用发票", 700.0, 205.0, 40.0),
        line("合计", 426.0, 546.0, 25.0),
        line("8841972 7464.53", 700.0, 544.0, 22.0),
        line(
            "价税合计(大写)玖万伍仟捌佰捌拾肆圆贰角伍分",
            366.0,
            578.0,
            21.0,
        ),
        line("(小写)¥95884.25", 978.0, 568.0, 23.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("88419.72"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("7464.53"));
}

#[test]
fn an_id_number_read_with_a_label_remnant_is_boxed_without_it() {
    // Glare washed out 份号码: what is left of the label is read into the number's line.
    let page = Page::new(vec![
        line("姓名刘洋", 100.0, 50.0, 20.0),
        line("性别女民族汉", 100.0, 100.0, 20.0),
        line("出生1995年5月13日", 100.0, 150.0, 20.0),
        line("公民身440305199505132561", 100.0, 330.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(
        value(&read[0], "id_number").as_deref(),
        Some("440305199505132561")
    );
    let [left, _, right, _] = read[0].fields["id_number"].bounds;
    assert_eq!((left, right), (160.0, 520.0), "the 18 digits' box");
}

#[test]
fn the_id_card_portrait_is_right_of_the_text_block_above_the_number() {
    // The photo side's rows as the card prints them: text on the left, the number below.
    let page = Page::new(vec![
        line("姓名刘洋", 100.0, 50.0, 20.0),
        line("性别女民族汉", 100.0, 100.0, 20.0),
        line("出生1995年5月13日", 100.0, 150.0, 20.0),
        line("住址广东省深圳市南山区", 100.0, 200.0, 20.0),
        line("公民身份号码440305199505132561", 100.0, 330.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    let [(name, [left, top, right, bottom])] = read[0].marks[..] else {
        panic!("one mark: {:?}", read[0].marks);
    };
    assert_eq!(name, "photo");
    let text_right = read[0].fields["address"].bounds[2];
    let number = read[0].fields["id_number"].bounds;
    assert!(
        left > text_right,
        "{left} right of the text ending at {text_right}"
    );
    assert_eq!(top, read[0].fields["name"].bounds[1], "level with the name");
    assert!(
        bottom < number[1],
        "{bottom} above the number's row {}",
        number[1]
    );
    assert!(
        right > number[2],
        "{right} past the number's end {}",
        number[2]
    );

    // Without the number there is no anchor, and no guess.
    let page = Page::new(vec![
        line("姓名刘洋", 100.0, 50.0, 20.0),
        line("性别女民族汉", 100.0, 100.0, 20.0),
        line("出生1995年5月13日", 100.0, 150.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    assert!(read[0].marks.is_empty());
}

#[test]
fn the_id_card_emblem_is_left_of_the_two_title_rows() {
    let page = Page::new(vec![
        line("中华人民共和国", 260.0, 30.0, 30.0),
        line("居民身份证", 240.0, 85.0, 45.0),
        line("签发机关深圳市公安局南山分局", 190.0, 240.0, 18.0),
        line("有效期限2017.08.12-2037.08.12", 190.0, 290.0, 18.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardBack);
    let [(name, [left, top, right, bottom])] = read[0].marks[..] else {
        panic!("one mark: {:?}", read[0].marks);
    };
    assert_eq!(name, "emblem");
    assert!(right < 240.0, "{right} left of the titles");
    assert!(
        top < 30.0 && bottom > 130.0,
        "{top}..{bottom} spans both rows"
    );
    let (width, height) = (right - left, bottom - top);
    assert!((width - height).abs() < 1.0, "round: {width} × {height}");
}

#[test]
fn a_licence_term_split_in_two_boxes_or_with_its_label_cut_short() {
    let licence = |term_row: Vec<crate::ocr::TextLine>| {
        let mut rows = vec![
            line("名称南京昌泰包装有限公司", 100.0, 200.0, 20.0),
            line("市场主体应当于每年1月1日至6月30日通过", 100.0, 500.0, 20.0),
        ];
        rows.extend(term_row);
        let read = read_licence(rows);
        (value(&read[0], "term_start"), value(&read[0], "term_end"))
    };
    let expected = (Some("2017-11-24".to_string()), Some("长期".to_string()));
    let split = vec![
        line("营业期限2", 600.0, 300.0, 20.0),
        line("2017年11月24日至长期", 710.0, 300.0, 20.0),
    ];
    assert_eq!(licence(split), expected);
    let two_glyphs_lost = vec![line("期限2017年11月24日至长期", 640.0, 300.0, 20.0)];
    assert_eq!(licence(two_glyphs_lost), expected);
    let three_glyphs_lost = vec![line("营2017年11月24日至长期", 640.0, 300.0, 20.0)];
    assert_eq!(licence(three_glyphs_lost), expected);
    // The annual-report notice's dates have no year: it is never the term.
    assert_eq!(licence(vec![]), (None, None));
}

#[test]
fn the_birth_date_is_the_lone_date_line_when_its_label_is_lost() {
    let page = Page::new(vec![
        line("姓名高玲", 100.0, 50.0, 20.0),
        line("性别女民族汉", 100.0, 100.0, 20.0),
        line("1972年6月22日", 160.0, 150.0, 20.0),
        line("住址广东省深圳市南山区中山路295号", 100.0, 200.0, 20.0),
        line("公民身份号码44030519720622060X", 100.0, 330.0, 20.0),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::IdCardFront);
    assert_eq!(value(&read[0], "birth_date").as_deref(), Some("1972-06-22"));
}

#[test]
fn a_licence_address_joined_to_the_scope_after_a_lone_zhu() {
    // The scope's first row and the 住所 row read as one line, 所 lost: the 住 stands where
    // the right column's labels start.
    let scope_start = "经营范围一般项目:企业管理咨询;食品经营";
    let left = 753.0 - 20.0 * scope_start.chars().count() as f32;
    let read = read_licence(vec![
        line("名称上海海晨包装有限公司", left, 200.0, 20.0),
        line("注册资本人民币伍拾万元整", 753.0, 200.0, 20.0),
        line("成立日期2017年10月04日", 753.0, 240.0, 20.0),
        line(
            &format!("{scope_start}住上海浦东新区解放路112号11幢477室"),
            left,
            280.0,
            20.0,
        ),
        line("(除依法须经批准的项目外)。", left + 150.0, 305.0, 20.0),
    ]);
    assert_eq!(
        value(&read[0], "address").as_deref(),
        Some("上海浦东新区解放路112号11幢477室")
    );
    let scope = value(&read[0], "business_scope").unwrap();
    assert!(!scope.contains("上海浦东"), "{scope}");
    assert!(
        scope.starts_with("一般项目:企业管理咨询;食品经营"),
        "{scope}"
    );
}

#[test]
fn a_licence_address_after_a_lone_suo_where_the_label_ends() {
    // 住 joined to the end of the scope's first line, 所 opening the address's line: each
    // glyph where the right column's labels (four glyphs wide) start and end.
    let scope_start = "经营范围一般项目:企业管理咨询;仓储服务";
    let left = 753.0 - 20.0 * scope_start.chars().count() as f32;
    let read = read_licence(vec![
        line("名称上海海晨包装有限公司", left, 200.0, 20.0),
        line("注册资本人民币伍拾万元整", 753.0, 200.0, 20.0),
        line("成立日期2017年10月04日", 753.0, 240.0, 20.0),
        line(&format!("{scope_start}住"), left, 280.0, 20.0),
        line("所上海浦东新区解放路112号11幢477室", 813.0, 280.0, 20.0),
        line("(除依法须经批准的项目外)。", left + 80.0, 305.0, 20.0),
    ]);
    assert_eq!(
        value(&read[0], "address").as_deref(),
        Some("上海浦东新区解放路112号11幢477室")
    );
    assert_eq!(
        value(&read[0], "business_scope").as_deref(),
        Some("一般项目:企业管理咨询;仓储服务(除依法须经批准的项目外)。")
    );
}

#[test]
fn a_licence_scope_row_the_detector_missed_is_read_again_and_the_address_kept() {
    // The 住所 label and the scope's first line unread: the label's nearest line to the
    // right is the address, in the other column.
    let left = 300.0;
    let page = Page::new(vec![
        line("统一社会信用代码", 100.0, 40.0, 20.0),
        line("91350100M000100Y43", 100.0, 70.0, 20.0),
        line("营业执照", 400.0, 120.0, 40.0),
        line("名称上海海晨包装有限公司", left, 200.0, 20.0),
        line("注册资本人民币伍拾万元整", 753.0, 200.0, 20.0),
        line("成立日期2017年10月04日", 753.0, 240.0, 20.0),
        line("经营范围", left, 280.0, 20.0),
        line("上海浦东新区解放路112号11幢477室", 873.0, 280.0, 20.0),
        line("(除依法须经批准的项目外)。", left + 100.0, 305.0, 20.0),
    ]);
    let reread = FakeReread {
        point: [500.0, 290.0],
        lines: vec![line("一般项目:企业管理咨询", left + 100.0, 280.0, 20.0)],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(
        value(&read[0], "address").as_deref(),
        Some("上海浦东新区解放路112号11幢477室")
    );
    assert_eq!(
        value(&read[0], "business_scope").as_deref(),
        Some("一般项目:企业管理咨询(除依法须经批准的项目外)。")
    );
    // Without the second look the scope is not the address.
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "business_scope"), None);
}

#[test]
fn a_licence_term_row_the_detector_missed_is_read_again_below_the_established_date() {
    let page = Page::new(vec![
        line("统一社会信用代码", 100.0, 40.0, 20.0),
        line("91350100M000100Y43", 100.0, 70.0, 20.0),
        line("营业执照", 400.0, 120.0, 40.0),
        line("名称上海海晨包装有限公司", 300.0, 200.0, 20.0),
        line("注册资本人民币伍拾万元整", 753.0, 200.0, 20.0),
        line("成立日期2017年10月04日", 753.0, 240.0, 20.0),
        line("住所上海浦东新区解放路112号", 753.0, 320.0, 20.0),
    ]);
    let reread = FakeReread {
        point: [900.0, 290.0],
        lines: vec![line(
            "营业期限2017年10月04日至2047年10月03日",
            753.0,
            280.0,
            20.0,
        )],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(value(&read[0], "term_start").as_deref(), Some("2017-10-04"));
    assert_eq!(value(&read[0], "term_end").as_deref(), Some("2047-10-03"));
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "term_end"), None);
}

#[test]
fn a_licence_address_the_detector_missed_is_read_again_right_of_its_label() {
    let left = 300.0;
    let page = Page::new(vec![
        line("统一社会信用代码", 100.0, 40.0, 20.0),
        line("91350100M000100Y43", 100.0, 70.0, 20.0),
        line("营业执照", 400.0, 120.0, 40.0),
        line("名称上海海晨包装有限公司", left, 200.0, 20.0),
        line("注册资本人民币伍拾万元整", 753.0, 200.0, 20.0),
        line("成立日期2017年10月04日", 753.0, 240.0, 20.0),
        line("经营范围一般项目:企业管理咨询", left, 280.0, 20.0),
    ]);
    let reread = FakeReread {
        point: [900.0, 290.0],
        lines: vec![
            line("上海浦东新区解放路", 873.0, 280.0, 20.0),
            line("112号11幢477室", 873.0, 305.0, 20.0),
        ],
    };
    let read = read_documents(&page, &reread);
    assert_eq!(
        value(&read[0], "address").as_deref(),
        Some("上海浦东新区解放路112号11幢477室")
    );
    let read = read_documents(&page, &NoReread);
    assert_eq!(value(&read[0], "address"), None);
}

#[test]
fn a_licence_scope_full_stop_outside_the_box_is_taken_from_a_stretched_reading() {
    let page = |last: &str| {
        Page::new(vec![
            line("统一社会信用代码", 100.0, 40.0, 20.0),
            line("91350100M000100Y43", 100.0, 70.0, 20.0),
            line("营业执照", 400.0, 120.0, 40.0),
            line(
                "经营范围一般项目:企业管理咨询(除依法须经批准",
                100.0,
                280.0,
                20.0,
            ),
            line(last, 180.0, 305.0, 20.0),
        ])
    };
    let reread = |text: &str| FakeReread {
        point: [200.0, 315.0],
        lines: vec![line(text, 180.0, 305.0, 20.0)],
    };
    let scope = |last: &str, again: &str| {
        let read = read_documents(&page(last), &reread(again));
        value(&read[0], "business_scope").unwrap()
    };
    // The stretched reading loses a glyph elsewhere but ends as the first, with 。.
    assert!(scope("的项目外)", "的项外)。").ends_with("的项目外)。"));
    // One that ends otherwise, or without the mark, adds nothing.
    assert!(scope("的项目外)", "的项目外]。").ends_with("的项目外)"));
    assert!(scope("的项目外)", "的项目外)").ends_with("的项目外)"));
}

#[test]
fn a_credit_code_its_checks_reject_is_read_again() {
    let page = |code: &str| {
        Page::new(vec![
            line("营业执照", 400.0, 50.0, 40.0),
            line("统一社会信用代码", 50.0, 120.0, 20.0),
            line(code, 50.0, 150.0, 20.0),
        ])
    };
    let reread = |text: &str| FakeReread {
        point: [100.0, 160.0],
        lines: vec![line(text, 50.0, 150.0, 20.0)],
    };
    let code = |first: &str, again: &str| {
        let read = read_documents(&page(first), &reread(again));
        value(&read[0], "credit_code").unwrap()
    };
    // 0 read O: the reading kept to the code's alphabet passes and is taken.
    assert_eq!(
        code("91350100MOOO100Y43", "91350100M000100Y43"),
        "91350100M000100Y43"
    );
    // A second reading that fails the checks too changes nothing.
    assert_eq!(
        code("91350100MOOO100Y43", "91350100M000100Y44"),
        "91350100MOOO100Y43"
    );
    // A code that passes is not read again.
    assert_eq!(
        code("91350100M000100Y43", "91350100M000100Y44"),
        "91350100M000100Y43"
    );
}

#[test]
fn a_tax_id_short_of_characters_is_read_again() {
    // Repeated characters written once: `91110105114007497A` read `91105114007497A`.
    let page = Page::new(vec![
        line("广东增值税专用发票", 300.0, 20.0, 30.0),
        line("购名称:青岛凯远包装有限公司", 100.0, 100.0, 20.0),
        line("买纳税人识别号:91370202MA670ANM8R", 100.0, 130.0, 20.0),
        line("合计", 150.0, 300.0, 20.0),
        line("销名称:北京远泰五金制品有限公司", 100.0, 400.0, 20.0),
        line("售纳税人识别号:91105114007497A", 100.0, 430.0, 20.0),
    ]);
    let seller_tax_id = |again: &str| {
        let reread = FakeReread {
            point: [500.0, 440.0],
            lines: vec![line(again, 340.0, 430.0, 20.0)],
        };
        value(&read_documents(&page, &reread)[0], "seller_tax_id")
    };
    assert_eq!(
        seller_tax_id("91110105114007497A").as_deref(),
        Some("91110105114007497A")
    );
    // Read the same again, or to a code that fails its checks: left as first read.
    assert_eq!(
        seller_tax_id("91105114007497A").as_deref(),
        Some("91105114007497A")
    );
    assert_eq!(
        seller_tax_id("91110105114007497B").as_deref(),
        Some("91105114007497A")
    );
}

#[test]
fn a_paper_invoice_number_joined_to_the_copys_name_when_no_stands_apart() {
    // A turned photo: the title rides higher than 抵扣联, which took the number.
    let page = Page::new(vec![
        line("4200266150", 100.0, 40.0, 20.0),
        line("湖北增值税专用发票", 400.0, 20.0, 30.0),
        line("抵扣联16490431", 900.0, 40.0, 20.0),
        line("发票代码", 20.0, 40.0, 20.0),
        line("No", 1300.0, 80.0, 20.0),
        line("开票日期:2026年09月25日", 1300.0, 120.0, 20.0),
        line(
            "货物或应税劳务、服务名称规格型号单位数量单价",
            50.0,
            300.0,
            15.0,
        ),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::VatSpecialInvoice);
    assert_eq!(
        value(&read[0], "invoice_number").as_deref(),
        Some("16490431")
    );
    // Its box is the digits', not the line's from 抵扣联 on (x = 900).
    let bounds = read[0].fields["invoice_number"].bounds;
    assert!(bounds[0] >= 959.0, "{bounds:?}");
}

#[test]
fn a_paper_invoice_number_joined_to_the_title_when_no_stands_apart() {
    let page = Page::new(vec![
        line("3500263130", 100.0, 40.0, 20.0),
        line("福建增值税专用发票抵扣联64595506", 400.0, 30.0, 30.0),
        line("发票代码", 20.0, 40.0, 20.0),
        line("No", 1300.0, 80.0, 20.0),
        line("开票日期:2026年10月03日", 1300.0, 120.0, 20.0),
        line(
            "货物或应税劳务、服务名称规格型号单位数量单价",
            50.0,
            300.0,
            15.0,
        ),
    ]);
    let read = read_documents(&page, &NoReread);
    assert_eq!(read[0].doc_type, DocumentType::VatSpecialInvoice);
    assert_eq!(
        value(&read[0], "invoice_number").as_deref(),
        Some("64595506")
    );
}

#[test]
fn the_licence_qr_code_is_over_its_hint() {
    // The hint's first line, joined with the 副本编号 printed left of it on the same row.
    let read = read_licence(vec![line(
        "副本编号:1-1扫描二维码登录“国家企业信用信息公示系统”了",
        560.0,
        300.0,
        10.0,
    )]);
    let [(name, [left, top, right, bottom])] = read[0].marks[..] else {
        panic!("one mark: {:?}", read[0].marks);
    };
    assert_eq!(name, "qr");
    // The hint runs from its first glyph at x = 640 (after eight 10-px glyphs) to 860.
    let (width, height) = (right - left, bottom - top);
    assert!(
        (width - 0.8 * 220.0).abs() < 1.0,
        "{width}: 0.8 of the hint"
    );
    assert!((width - height).abs() < 1.0, "square: {width} × {height}");
    assert!(
        ((left + right) / 2.0 - 750.0).abs() < 1.0,
        "centred over the hint"
    );
    assert!(
        (bottom - 300.0).abs() < 1.0,
        "{bottom}: ends at the hint's top"
    );
}

#[test]
fn a_licence_without_the_hint_has_no_qr_estimate() {
    let read = read_licence(vec![line("名称南京昌泰包装有限公司", 100.0, 200.0, 20.0)]);
    assert!(read[0].marks.is_empty(), "{:?}", read[0].marks);
}

#[test]
fn a_lone_sum_row_cell_under_the_tax_header_is_the_tax() {
    // Header centres: 金额 at x = 370, 税额 at x = 490; the 合计 row's amount is covered.
    let page = |cell: crate::ocr::TextLine| {
        Page::new(vec![
            line("山东增值税专用发票", 300.0, 20.0, 30.0),
            line("货物或应税劳务、服务名称 金额 税率 税额", 90.0, 100.0, 20.0),
            line("合计", 90.0, 240.0, 20.0),
            cell,
        ])
    };
    let read = read_documents(&page(line("¥4340.35", 470.0, 238.0, 20.0)), &NoReread);
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("4340.35"));
    assert_eq!(value(&read[0], "amount"), None);
    // Under the amount's header it stays the amount.
    let read = read_documents(&page(line("¥48226.10", 200.0, 238.0, 20.0)), &NoReread);
    assert_eq!(value(&read[0], "amount").as_deref(), Some("48226.10"));
    assert_eq!(value(&read[0], "tax_amount"), None);
}

#[test]
fn words_that_disagree_with_figures_that_add_up_are_read_again() {
    // 20025.23 + 2000.00 = 22025.23; the words read with 贰 dropped say 2025.23.
    let page = invoice_with_figures(
        line("¥20025.23 ¥2000.00", 700.0, 238.0, 20.0),
        "价税合计(大写)贰万贰仟零贰拾伍圆贰角叁分",
        "(小写)¥22025.23",
    );
    let page_misread = invoice_with_figures(
        line("¥20025.23 ¥2000.00", 700.0, 238.0, 20.0),
        "价税合计(大写)贰仟零贰拾伍圆贰角叁分",
        "(小写)¥22025.23",
    );
    let words_again = |again: &str| FakeReread {
        point: [300.0, 290.0],
        lines: vec![line(again, 50.0, 280.0, 20.0)],
    };
    let read = read_documents(&page_misread, &words_again("⊗贰万贰仟零贰拾伍圆贰角叁分"));
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("贰万贰仟零贰拾伍圆贰角叁分")
    );
    // Words that print another amount read the same again, and stay.
    let read = read_documents(&page_misread, &words_again("⊗贰仟零贰拾伍圆贰角叁分"));
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("贰仟零贰拾伍圆贰角叁分")
    );
    // Words that agree are not read again.
    let read = read_documents(&page, &words_again("⊗贰仟零贰拾伍圆贰角叁分"));
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("贰万贰仟零贰拾伍圆贰角叁分")
    );
}

/// `text` as one line from `x`, its glyphs `widths` wide (a glyph per width).
fn line_of_widths(text: &str, x: f32, y: f32, size: f32, widths: &[f32]) -> crate::ocr::TextLine {
    let mut read = line(text, x, y, size);
    let mut x0 = x;
    for (span, width) in read.spans.iter_mut().zip(widths) {
        span.quad = [
            [x0, y],
            [x0 + width, y],
            [x0 + width, y + size],
            [x0, y + size],
        ];
        x0 += width;
    }
    read.quad[1][0] = x0;
    read.quad[2][0] = x0;
    read
}

/// An ID card's photo side with `name_row` read right of 姓名.
fn card_named(name_row: crate::ocr::TextLine) -> Page {
    Page::new(vec![
        line("姓名", 100.0, 100.0, 30.0),
        name_row,
        line("性别女民族汉", 100.0, 160.0, 30.0),
        line("出生", 100.0, 220.0, 30.0),
        line("1969年5月4日", 195.0, 220.0, 30.0),
        line("住址", 100.0, 280.0, 30.0),
        line("浙江省杭州市西湖区科技园路146号", 195.0, 280.0, 30.0),
        line("公民身份号码330106196905040486", 100.0, 400.0, 30.0),
    ])
}

#[test]
fn a_glyph_a_crease_split_in_two_is_one_glyph_of_the_name() {
    // 高杰超 with 杰 read as 杰 and 傑 of 19 and 20 px among 30-px glyphs (blind seed
    // 9737's app-00288).
    let split = line_of_widths("高杰傑超", 195.0, 100.0, 30.0, &[30.0, 19.0, 20.0, 30.0]);
    let read = read_documents(&card_named(split), &NoReread);
    assert_eq!(value(&read[0], "name").as_deref(), Some("高杰超"));
}

#[test]
fn a_doubled_glyph_printed_twice_stays_in_the_name() {
    // 王丽丽: each 丽 as wide as 王, or a little narrower.
    for widths in [[30.0, 30.0, 30.0], [34.0, 27.0, 27.0]] {
        let doubled = line_of_widths("王丽丽", 195.0, 100.0, 30.0, &widths);
        let read = read_documents(&card_named(doubled), &NoReread);
        assert_eq!(
            value(&read[0], "name").as_deref(),
            Some("王丽丽"),
            "{widths:?}"
        );
    }
}

#[test]
fn without_glyph_boxes_a_doubled_glyph_is_left_as_read() {
    let mut split = line("高杰傑超", 195.0, 100.0, 30.0);
    split.spans.clear();
    let read = read_documents(&card_named(split), &NoReread);
    assert_eq!(value(&read[0], "name").as_deref(), Some("高杰杰超"));
}

#[test]
fn a_split_glyph_in_the_licences_legal_representative_is_one_glyph() {
    let read = read_licence(vec![
        line("法定代表人", 50.0, 200.0, 20.0),
        line_of_widths("张伟伟明", 160.0, 200.0, 20.0, &[20.0, 13.0, 12.0, 20.0]),
    ]);
    assert_eq!(value(&read[0], "legal_rep").as_deref(), Some("张伟明"));
}

#[test]
fn figures_that_disagree_with_words_that_disagree_by_design_still_add_up_on_a_second_look() {
    // The words say 101799.96 against figures of 101814.66 (the checks report that); the
    // tax `11713.19` was read with its repeated 1 written once (blind seed 6823's
    // app-00046), and no reading agrees with the words.
    let page = invoice_with_figures(
        line("¥90101.47 ¥1713.19", 700.0, 238.0, 20.0),
        "价税合计(大写)壹拾万壹仟柒佰玖拾玖圆玖角陆分",
        "(小写)¥101814.66",
    );
    let row_again = |again: &str| FakeReread {
        point: [980.0, 248.0],
        lines: vec![line(again, 700.0, 238.0, 20.0)],
    };
    let read = read_documents(&page, &row_again("¥90101.47 ¥11713.19"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("11713.19"));
    assert_eq!(value(&read[0], "total").as_deref(), Some("101814.66"));
    assert_eq!(
        value(&read[0], "total_in_words").as_deref(),
        Some("壹拾万壹仟柒佰玖拾玖圆玖角陆分")
    );
    // A second reading that does not add up either is not taken.
    let read = read_documents(&page, &row_again("¥90101.47 ¥11713.18"));
    assert_eq!(value(&read[0], "tax_amount").as_deref(), Some("1713.19"));
}
