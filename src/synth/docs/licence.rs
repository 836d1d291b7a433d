//! 营业执照 副本: the 2019 edition, the 2015 三证合一 edition, and the old format with a
//! 15-digit 注册号 (RULES.md §1.1).

use image::Rgb;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Sheet;
use crate::rules::money::words::format_words;
use crate::synth::canvas::{Canvas, INK, Pen};
use crate::synth::fonts::{FontKind, Fonts};
use crate::synth::geometry::Rect;
use crate::synth::identity::{Company, registration_authority, yuan, zh_date};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// 国市监注〔2018〕253号, from 2019-03-01.
    Y2019,
    /// 三证合一, 2015–2018, supervised by 国家工商行政管理总局.
    Y2015,
    /// Before 三证合一: a 15-digit 注册号 and no credit code. No longer valid.
    OldRegistrationNumber,
}

const KEY_REGIONS: &[&str] = &["credit_code", "name", "legal_rep", "seal", "qr", "emblem"];
/// Sheet size: A4 landscape at 8 px/mm.
const WIDTH: u32 = 2376;
const HEIGHT: u32 = 1680;

/// Prints the licence of `company`; `registration_number` is used by the old edition.
pub fn render(
    company: &Company,
    edition: Edition,
    registration_number: &str,
    fonts: &Fonts,
    rng: &mut ChaCha8Rng,
) -> Sheet {
    let paper = Rgb([250, 246, 236]);
    let mut c = Canvas::new(WIDTH, HEIGHT, paper, fonts);
    decorative_border(&mut c);
    let w = WIDTH as f32;

    let mut sheet_fields = Vec::new();
    // Top-left: the code.
    let (code_label, code_value, code_key) = match edition {
        Edition::OldRegistrationNumber => (
            "注册号",
            registration_number.to_string(),
            "registration_number",
        ),
        _ => (
            "统一社会信用代码",
            company.credit_code.clone(),
            "credit_code",
        ),
    };
    c.text(190.0, 180.0, 38.0, FontKind::Serif, INK, code_label);
    let code_rect = c.text(190.0, 232.0, 44.0, FontKind::Sans, INK, &code_value);
    c.record(code_key, code_rect);
    sheet_fields.push((code_key, serde_json::Value::from(code_value)));

    // Centre: emblem, title, 副本.
    let emblem = c.emblem(w / 2.0, 250.0, 95.0);
    c.record("emblem", emblem);
    c.text_centered(
        w / 2.0,
        370.0,
        130.0,
        FontKind::SerifBold,
        INK,
        "营  业  执  照",
    );
    c.text_centered(
        w / 2.0,
        530.0,
        46.0,
        FontKind::Serif,
        INK,
        "（副       本）",
    );
    c.text(
        w / 2.0 + 330.0,
        545.0,
        30.0,
        FontKind::Serif,
        INK,
        &format!("副本编号：{}-{}", rng.random_range(1..4), 1),
    );

    // Top-right: QR code (not on the old format).
    if edition != Edition::OldRegistrationNumber {
        let qr = c.qr(
            w - 430.0,
            150.0,
            230.0,
            &format!("http://www.gsxt.gov.cn/{}", company.credit_code),
        );
        c.record("qr", qr);
        c.paragraph(
            (w - 470.0, 395.0),
            310.0,
            6.0,
            Pen::new(20.0, FontKind::Serif, INK),
            "扫描二维码登录“国家企业信用信息公示系统”了解更多登记、备案、许可、监管信息。",
            3,
        );
    }

    // Body: two columns of spaced labels and values.
    let label_w = 230.0;
    let size = 40.0;
    let row = 92.0;
    let (lx, rx, top) = (230.0, 1270.0, 650.0);
    let value = |c: &mut Canvas, x: f32, y: f32, label: &str, text: &str| -> Rect {
        c.spaced(x, y, label_w, Pen::new(size, FontKind::Serif, INK), label);
        c.text(x + label_w + 40.0, y, size, FontKind::Sans, INK, text)
    };
    let r = value(&mut c, lx, top, "名称", &company.name);
    c.record("name", r);
    let r = value(&mut c, lx, top + row, "类型", &company.entity_type);
    c.record("entity_type", r);
    let r = value(
        &mut c,
        lx,
        top + 2.0 * row,
        "法定代表人",
        &company.legal_rep.name,
    );
    c.record("legal_rep", r);
    c.spaced(
        lx,
        top + 3.0 * row,
        label_w,
        Pen::new(size, FontKind::Serif, INK),
        "经营范围",
    );
    let scope_w = 760.0;
    let scope = c.wrapped_text(scope_w, 34.0, FontKind::Sans, &company.business_scope, 6);
    let r = c.paragraph(
        (lx + label_w + 40.0, top + 3.0 * row),
        scope_w,
        12.0,
        Pen::new(34.0, FontKind::Sans, INK),
        &company.business_scope,
        6,
    );
    c.record("business_scope", r);

    let capital_words = format!("人民币{}", wan_words(company.registered_capital_fen));
    let r = value(&mut c, rx, top, "注册资本", &capital_words);
    c.record("registered_capital", r);
    let r = value(
        &mut c,
        rx,
        top + row,
        "成立日期",
        &zh_date(company.established),
    );
    c.record("established_date", r);
    let term = match company.term_end {
        Some(end) => format!("{} 至 {}", zh_date(company.established), zh_date(end)),
        None => format!("{} 至 长期", zh_date(company.established)),
    };
    let r = value(&mut c, rx, top + 2.0 * row, "营业期限", &term);
    c.record("term_end", r);
    c.spaced(
        rx,
        top + 3.0 * row,
        label_w,
        Pen::new(size, FontKind::Serif, INK),
        "住所",
    );
    let address = c.wrapped_text(560.0, 36.0, FontKind::Sans, &company.address, 3);
    let r = c.paragraph(
        (rx + label_w + 40.0, top + 3.0 * row),
        560.0,
        12.0,
        Pen::new(36.0, FontKind::Sans, INK),
        &company.address,
        3,
    );
    c.record("address", r);

    // Bottom-right: authority, date and the red seal over them.
    let (ax, ay) = (1480.0, 1310.0);
    c.spaced(
        ax,
        ay,
        200.0,
        Pen::new(size, FontKind::Serif, INK),
        "登记机关",
    );
    let date_rect = c.text(
        ax + 150.0,
        ay + 110.0,
        42.0,
        FontKind::Sans,
        INK,
        &spaced_date(company.issue_date),
    );
    c.record("issue_date", date_rect);
    let seal = c.seal(
        (ax + 400.0, ay + 60.0),
        (150.0, 150.0),
        &registration_authority(&company.place),
        "",
        true,
    );
    c.record("seal", seal);

    // Bottom: annual-report line, URL and supervisor.
    let supervisor = match edition {
        Edition::Y2019 => "国家市场监督管理总局监制",
        _ => "国家工商行政管理总局监制",
    };
    if edition == Edition::Y2019 {
        c.text(
            230.0,
            1440.0,
            26.0,
            FontKind::Serif,
            INK,
            "市场主体应当于每年1月1日至6月30日通过",
        );
        c.text(
            230.0,
            1478.0,
            26.0,
            FontKind::Serif,
            INK,
            "国家企业信用信息公示系统报送公示年度报告。",
        );
    }
    c.text(
        230.0,
        1535.0,
        26.0,
        FontKind::Serif,
        INK,
        "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn",
    );
    c.text(w - 600.0, 1535.0, 26.0, FontKind::Serif, INK, supervisor);

    let mut sheet = Sheet::from_canvas(c, "business_license", KEY_REGIONS);
    for (k, v) in sheet_fields {
        sheet.field(k, v);
    }
    sheet.field("name", company.name.clone());
    sheet.field("entity_type", company.entity_type.clone());
    sheet.field("legal_rep", company.legal_rep.name.clone());
    sheet.field("registered_capital", yuan(company.registered_capital_fen));
    sheet.field("established_date", company.established.to_string());
    sheet.field("term_start", company.established.to_string());
    sheet.field(
        "term_end",
        company
            .term_end
            .map_or("长期".to_string(), |d| d.to_string()),
    );
    sheet.field("address", address);
    sheet.field("business_scope", scope);
    sheet.field("issue_date", company.issue_date.to_string());
    sheet
}

/// Registered capital as licences print it: in 万元 when round (`伍佰万元整`).
fn wan_words(fen: i64) -> String {
    let yuan = fen / 100;
    if yuan % 10_000 == 0 {
        format_words(yuan / 10_000 * 100).replace("圆整", "万元整")
    } else {
        format_words(fen).replace('圆', "元")
    }
}

/// `2024 年 03 月 15 日`, as the licence prints its issue date.
fn spaced_date(date: chrono::NaiveDate) -> String {
    zh_date(date)
        .replace('年', " 年 ")
        .replace('月', " 月 ")
        .replace('日', " 日")
}

fn decorative_border(c: &mut Canvas) {
    let brown = Rgb([176, 96, 60]);
    let (w, h) = (c.width() as f32, c.height() as f32);
    c.frame(Rect::new(40.0, 40.0, w - 80.0, h - 80.0), brown, 10);
    c.frame(Rect::new(72.0, 72.0, w - 144.0, h - 144.0), brown, 3);
    // A repeating lattice between the two frames.
    let mut x = 58.0;
    while x < w - 60.0 {
        c.fill(Rect::new(x, 55.0, 8.0, 8.0), brown);
        c.fill(Rect::new(x, h - 63.0, 8.0, 8.0), brown);
        x += 24.0;
    }
    let mut y = 58.0;
    while y < h - 60.0 {
        c.fill(Rect::new(55.0, y, 8.0, 8.0), brown);
        c.fill(Rect::new(w - 63.0, y, 8.0, 8.0), brown);
        y += 24.0;
    }
}
