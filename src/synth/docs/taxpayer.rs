//! 税务事项通知书 (一般纳税人登记): the certificate that can replace an invoice as proof of
//! general-taxpayer status (RULES.md §4 (a)).

use image::Rgb;

use super::Sheet;
use crate::synth::canvas::{Canvas, INK, Pen};
use crate::synth::fonts::{FontKind, Fonts};
use crate::synth::identity::{Company, zh_date};

const KEYS: &[&str] = &["name", "taxpayer_id", "seal"];

pub fn render(company: &Company, issue_date: chrono::NaiveDate, fonts: &Fonts) -> Sheet {
    let mut c = Canvas::new(1470, 2079, Rgb([253, 253, 250]), fonts);
    let bureau = format!(
        "国家税务总局{}市{}税务局",
        company.place.city, company.place.district
    );
    c.text_centered(735.0, 160.0, 40.0, FontKind::Serif, INK, &bureau);
    c.text_centered(
        735.0,
        240.0,
        76.0,
        FontKind::SerifBold,
        INK,
        "税务事项通知书",
    );
    let name_rect = c.text(150.0, 420.0, 40.0, FontKind::Sans, INK, &company.name);
    c.record("name", name_rect);
    c.text(150.0 + name_rect.w, 420.0, 40.0, FontKind::Serif, INK, "：");
    c.text(150.0, 500.0, 38.0, FontKind::Serif, INK, "纳税人识别号：");
    let r = c.text(
        430.0,
        496.0,
        40.0,
        FontKind::Sans,
        INK,
        &company.credit_code,
    );
    c.record("taxpayer_id", r);
    let body = format!(
        "事项：增值税一般纳税人登记。经审核，你单位自{}起登记为增值税一般纳税人，按照规定办理增值税涉税事项。",
        zh_date(issue_date)
    );
    c.paragraph(
        (190.0, 600.0),
        1100.0,
        22.0,
        Pen::new(38.0, FontKind::Serif, INK),
        &body,
        6,
    );
    let date = c.text(
        880.0,
        1180.0,
        40.0,
        FontKind::Sans,
        INK,
        &zh_date(issue_date),
    );
    c.record("issue_date", date);
    let seal = c.seal((1010.0, 1120.0), (170.0, 170.0), &bureau, "", true);
    c.record("seal", seal);

    let mut sheet = Sheet::from_canvas(c, "taxpayer_proof", KEYS);
    sheet.field("name", company.name.clone());
    sheet.field("taxpayer_id", company.credit_code.clone());
    sheet.field("issue_date", issue_date.to_string());
    sheet
}
