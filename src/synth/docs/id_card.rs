//! 居民身份证: the 人像面 (photo side, `id_card_front`) and the 国徽面 (emblem side,
//! `id_card_back`), RULES.md §1.2.

use chrono::Datelike;
use image::Rgb;

use super::Sheet;
use crate::synth::canvas::{Canvas, Pen};
use crate::synth::fonts::{FontKind, Fonts};
use crate::synth::geometry::Rect;
use crate::synth::identity::Person;

/// ID-1 card at about 16.4 px/mm: 85.6 × 54 mm.
const WIDTH: u32 = 1400;
const HEIGHT: u32 = 883;
const LABEL_BLUE: Rgb<u8> = Rgb([52, 110, 170]);
const VALUE_INK: Rgb<u8> = Rgb([20, 20, 24]);
const FRONT_KEYS: &[&str] = &["name", "id_number", "photo"];
const BACK_KEYS: &[&str] = &["issuing_authority", "valid_to", "emblem"];

fn card(fonts: &Fonts) -> Canvas<'_> {
    let mut c = Canvas::new(WIDTH, HEIGHT, Rgb([236, 240, 238]), fonts);
    // A soft guilloche-like wash so the card is not flat white.
    for (x, y, p) in c.image.enumerate_pixels_mut() {
        let wave = ((x as f32 / 37.0).sin() + (y as f32 / 23.0).cos()) * 4.0;
        p[0] = (p[0] as f32 - 6.0 + wave) as u8;
        p[2] = (p[2] as f32 + wave) as u8;
    }
    c
}

pub fn render_front(person: &Person, fonts: &Fonts) -> Sheet {
    let mut c = card(fonts);
    let (lx, vx) = (90.0, 260.0);
    c.spaced(
        lx,
        90.0,
        110.0,
        Pen::new(40.0, FontKind::Sans, LABEL_BLUE),
        "姓名",
    );
    let r = c.text(vx, 84.0, 50.0, FontKind::Sans, VALUE_INK, &person.name);
    c.record("name", r);
    c.spaced(
        lx,
        200.0,
        110.0,
        Pen::new(40.0, FontKind::Sans, LABEL_BLUE),
        "性别",
    );
    let r = c.text(vx, 196.0, 44.0, FontKind::Sans, VALUE_INK, person.sex.zh());
    c.record("sex", r);
    c.spaced(
        vx + 170.0,
        200.0,
        110.0,
        Pen::new(40.0, FontKind::Sans, LABEL_BLUE),
        "民族",
    );
    let r = c.text(
        vx + 320.0,
        196.0,
        44.0,
        FontKind::Sans,
        VALUE_INK,
        &person.ethnicity,
    );
    c.record("ethnicity", r);
    c.spaced(
        lx,
        300.0,
        110.0,
        Pen::new(40.0, FontKind::Sans, LABEL_BLUE),
        "出生",
    );
    let birth = format!(
        "{}  年  {}  月  {}  日",
        person.birth.year(),
        person.birth.month(),
        person.birth.day()
    );
    let r = c.text(vx, 296.0, 44.0, FontKind::Sans, VALUE_INK, &birth);
    c.record("birth_date", r);
    c.spaced(
        lx,
        400.0,
        110.0,
        Pen::new(40.0, FontKind::Sans, LABEL_BLUE),
        "住址",
    );
    let address = c.wrapped_text(560.0, 42.0, FontKind::Sans, &person.address, 3);
    let r = c.paragraph(
        (vx, 396.0),
        560.0,
        14.0,
        Pen::new(42.0, FontKind::Sans, VALUE_INK),
        &person.address,
        3,
    );
    c.record("address", r);
    c.text(lx, 700.0, 40.0, FontKind::Sans, LABEL_BLUE, "公民身份号码");
    let r = c.text(
        lx + 300.0,
        692.0,
        54.0,
        FontKind::Mono,
        VALUE_INK,
        &person.id_number,
    );
    c.record("id_number", r);
    let photo = Rect::new(930.0, 110.0, 380.0, 470.0);
    draw_portrait(&mut c, photo);
    c.record("photo", photo);

    let mut sheet = Sheet::from_canvas(c, "id_card_front", FRONT_KEYS);
    sheet.field("name", person.name.clone());
    sheet.field("sex", person.sex.zh());
    sheet.field("ethnicity", person.ethnicity.clone());
    sheet.field("birth_date", person.birth.to_string());
    sheet.field("address", address);
    sheet.field("id_number", person.id_number.clone());
    sheet
}

pub fn render_back(person: &Person, fonts: &Fonts) -> Sheet {
    let mut c = card(fonts);
    let emblem = c.emblem(210.0, 200.0, 120.0);
    c.record("emblem", emblem);
    c.text(
        420.0,
        110.0,
        64.0,
        FontKind::SerifBold,
        VALUE_INK,
        "中华人民共和国",
    );
    c.text(
        420.0,
        230.0,
        96.0,
        FontKind::SerifBold,
        VALUE_INK,
        "居民身份证",
    );
    c.spaced(
        250.0,
        600.0,
        170.0,
        Pen::new(38.0, FontKind::Sans, VALUE_INK),
        "签发机关",
    );
    let r = c.text(
        470.0,
        594.0,
        44.0,
        FontKind::Sans,
        VALUE_INK,
        &person.issuing_authority,
    );
    c.record("issuing_authority", r);
    c.spaced(
        250.0,
        700.0,
        170.0,
        Pen::new(38.0, FontKind::Sans, VALUE_INK),
        "有效期限",
    );
    let to = person
        .valid_to
        .map_or("长期".to_string(), |d| d.format("%Y.%m.%d").to_string());
    let validity = format!("{}-{}", person.valid_from.format("%Y.%m.%d"), to);
    let r = c.text(470.0, 694.0, 44.0, FontKind::Sans, VALUE_INK, &validity);
    c.record("valid_from", r);
    c.record("valid_to", r);

    let mut sheet = Sheet::from_canvas(c, "id_card_back", BACK_KEYS);
    sheet.field("issuing_authority", person.issuing_authority.clone());
    sheet.field("valid_from", person.valid_from.to_string());
    sheet.field(
        "valid_to",
        person
            .valid_to
            .map_or("长期".to_string(), |d| d.to_string()),
    );
    sheet
}

/// A portrait stand-in: light backdrop, shoulders and a head.
fn draw_portrait(c: &mut Canvas, r: Rect) {
    c.fill(r, Rgb([226, 232, 236]));
    let (cx, top) = (r.x + r.w / 2.0, r.y);
    for y in r.y as u32..(r.y + r.h) as u32 {
        for x in r.x as u32..(r.x + r.w) as u32 {
            let (fx, fy) = (x as f32, y as f32);
            let head = ((fx - cx) / (r.w * 0.23)).powi(2)
                + ((fy - (top + r.h * 0.36)) / (r.h * 0.22)).powi(2)
                <= 1.0;
            let body = fy > top + r.h * 0.62
                && ((fx - cx) / (r.w * 0.48)).powi(2)
                    + ((fy - (top + r.h * 1.05)) / (r.h * 0.45)).powi(2)
                    <= 1.0;
            if head {
                c.image.put_pixel(x, y, Rgb([214, 178, 150]));
            } else if body {
                c.image.put_pixel(x, y, Rgb([40, 44, 60]));
            }
        }
    }
}
