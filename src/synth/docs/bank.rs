//! 开户许可证 (`bank_permit`, RULES.md §1.4) and 基本存款账户信息 (`basic_account_info`, §1.5).

use image::Rgb;

use super::Sheet;
use crate::synth::canvas::{Canvas, INK};
use crate::synth::fonts::{FontKind, Fonts};
use crate::synth::geometry::Rect;
use crate::synth::identity::{Company, zh_date};

const PERMIT_KEYS: &[&str] = &[
    "seal",
    "depositor_name",
    "legal_rep",
    "approval_number",
    "account_number",
    "bank_name",
];
const INFO_KEYS: &[&str] = &[
    "seal",
    "depositor_name",
    "legal_rep",
    "basic_account_number",
    "account_number",
    "bank_name",
];

/// The permit, 1900 × 1300 px. `depositor_name` is the name printed on it (normally the
/// company's; scenarios print another).
pub fn render_permit(company: &Company, depositor_name: &str, fonts: &Fonts) -> Sheet {
    let mut c = Canvas::new(1900, 1300, Rgb([252, 250, 244]), fonts);
    let green = Rgb([40, 120, 90]);
    c.frame(Rect::new(30.0, 30.0, 1840.0, 1240.0), green, 8);
    c.frame(Rect::new(56.0, 56.0, 1788.0, 1188.0), green, 2);
    c.text_centered(
        950.0,
        110.0,
        100.0,
        FontKind::SerifBold,
        Rgb([180, 30, 36]),
        "开 户 许 可 证",
    );
    let bank = &company.bank;
    c.text(130.0, 270.0, 38.0, FontKind::Serif, INK, "核准号：");
    let r = c.text(
        290.0,
        266.0,
        42.0,
        FontKind::Sans,
        INK,
        &bank.approval_number,
    );
    c.record("approval_number", r);
    c.text(1230.0, 270.0, 38.0, FontKind::Serif, INK, "编号：");
    let r = c.text(
        1350.0,
        266.0,
        42.0,
        FontKind::Sans,
        INK,
        &bank.serial_number,
    );
    c.record("serial_number", r);

    let prefix = "经审核，";
    let x0 = 130.0;
    let prefix_w = c.measure(FontKind::Serif, 44.0, prefix);
    c.text(x0, 400.0, 44.0, FontKind::Serif, INK, prefix);
    let name_rect = c.text(
        x0 + prefix_w,
        396.0,
        46.0,
        FontKind::Sans,
        INK,
        depositor_name,
    );
    c.record("depositor_name", name_rect);
    c.text(
        x0 + prefix_w + name_rect.w,
        400.0,
        44.0,
        FontKind::Serif,
        INK,
        "符合开户条件，",
    );
    c.text(
        x0,
        480.0,
        44.0,
        FontKind::Serif,
        INK,
        "准予开立基本存款账户。",
    );

    let rows = [
        (
            "法定代表人（单位负责人）",
            company.legal_rep.name.as_str(),
            "legal_rep",
        ),
        ("开户银行", bank.bank_name.as_str(), "bank_name"),
        ("账号", bank.account_number.as_str(), "account_number"),
    ];
    for (i, (label, value, key)) in rows.iter().enumerate() {
        let y = 620.0 + i as f32 * 110.0;
        c.text(x0, y, 40.0, FontKind::Serif, INK, label);
        let r = c.text(x0 + 520.0, y - 4.0, 44.0, FontKind::Sans, INK, value);
        c.record(key, r);
    }
    c.text(
        1180.0,
        1000.0,
        38.0,
        FontKind::Serif,
        INK,
        "发证机关（盖章）",
    );
    let date = c.text(
        1260.0,
        1120.0,
        40.0,
        FontKind::Sans,
        INK,
        &zh_date(bank.issue_date),
    );
    c.record("issue_date", date);
    let seal = c.seal(
        (1430.0, 1050.0),
        (150.0, 150.0),
        &bank.pboc_branch,
        "",
        true,
    );
    c.record("seal", seal);

    let mut sheet = Sheet::from_canvas(c, "bank_permit", PERMIT_KEYS);
    sheet.field("approval_number", bank.approval_number.clone());
    sheet.field("serial_number", bank.serial_number.clone());
    sheet.field("depositor_name", depositor_name.to_string());
    sheet.field("legal_rep", company.legal_rep.name.clone());
    sheet.field("bank_name", bank.bank_name.clone());
    sheet.field("account_number", bank.account_number.clone());
    sheet
}

/// The information sheet a bank prints from AMS, A4 portrait at 7 px/mm.
pub fn render_account_info(company: &Company, depositor_name: &str, fonts: &Fonts) -> Sheet {
    let mut c = Canvas::new(1470, 2079, Rgb([253, 253, 252]), fonts);
    c.text_centered(
        735.0,
        200.0,
        72.0,
        FontKind::SerifBold,
        INK,
        "基本存款账户信息",
    );
    let bank = &company.bank;
    let rows = [
        ("账户名称：", depositor_name, "depositor_name"),
        ("账号：", bank.account_number.as_str(), "account_number"),
        ("开户银行：", bank.bank_name.as_str(), "bank_name"),
        (
            "法定代表人（单位负责人）：",
            company.legal_rep.name.as_str(),
            "legal_rep",
        ),
        (
            "基本存款账户编号：",
            bank.approval_number.as_str(),
            "basic_account_number",
        ),
    ];
    for (i, (label, value, key)) in rows.iter().enumerate() {
        let y = 420.0 + i as f32 * 130.0;
        let lw = c.measure(FontKind::Sans, 40.0, label);
        c.text(150.0, y, 40.0, FontKind::Sans, INK, label);
        let r = c.text(150.0 + lw + 10.0, y, 40.0, FontKind::Sans, INK, value);
        c.record(key, r);
    }
    let date = c.text(
        880.0,
        1300.0,
        40.0,
        FontKind::Sans,
        INK,
        &zh_date(bank.issue_date),
    );
    c.record("issue_date", date);
    let bank_short = bank
        .bank_name
        .split("股份有限公司")
        .next()
        .unwrap_or(&bank.bank_name)
        .to_string();
    let branch = bank.bank_name.split("股份有限公司").nth(1).unwrap_or("");
    let seal = c.seal(
        (1030.0, 1260.0),
        (160.0, 160.0),
        &format!("{bank_short}{branch}"),
        "业务专用章",
        true,
    );
    c.record("seal", seal);

    let mut sheet = Sheet::from_canvas(c, "basic_account_info", INFO_KEYS);
    sheet.field("basic_account_number", bank.approval_number.clone());
    sheet.field("depositor_name", depositor_name.to_string());
    sheet.field("legal_rep", company.legal_rep.name.clone());
    sheet.field("bank_name", bank.bank_name.clone());
    sheet.field("account_number", bank.account_number.clone());
    sheet
}
