//! Documents that are not onboarding documents, for `WRONG_DOCUMENT`: a bank card and a
//! delivery note (送货单).

use image::Rgb;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Sheet;
use crate::synth::canvas::{Canvas, INK};
use crate::synth::fonts::{FontKind, Fonts};
use crate::synth::geometry::Rect;
use crate::synth::identity::{Company, zh_date};

pub fn render(company: &Company, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Sheet {
    if rng.random_bool(0.5) {
        bank_card(fonts, rng)
    } else {
        delivery_note(company, fonts, rng)
    }
}

fn bank_card(fonts: &Fonts, rng: &mut ChaCha8Rng) -> Sheet {
    let mut c = Canvas::new(1400, 883, Rgb([30, 70, 140]), fonts);
    let white = Rgb([245, 245, 250]);
    c.text(80.0, 70.0, 64.0, FontKind::SerifBold, white, "中国示例银行");
    c.fill(Rect::new(120.0, 300.0, 170.0, 130.0), Rgb([210, 180, 90]));
    let number: String = (0..4)
        .map(|_| format!("{:04}", rng.random_range(0..10_000)))
        .collect::<Vec<_>>()
        .join(" ");
    c.text(
        120.0,
        520.0,
        72.0,
        FontKind::Mono,
        white,
        &format!("6222 {number}"),
    );
    c.text(1000.0, 740.0, 54.0, FontKind::SerifBold, white, "银联");
    Sheet::from_canvas(c, "other", &[])
}

fn delivery_note(company: &Company, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Sheet {
    let mut c = Canvas::new(1754, 1240, Rgb([252, 252, 248]), fonts);
    c.text_centered(877.0, 60.0, 70.0, FontKind::SerifBold, INK, "送  货  单");
    c.text(
        100.0,
        200.0,
        34.0,
        FontKind::Sans,
        INK,
        &format!("发货单位：{}", company.name),
    );
    c.text(
        100.0,
        260.0,
        34.0,
        FontKind::Sans,
        INK,
        &format!("日期：{}", zh_date(company.issue_date)),
    );
    c.frame(Rect::new(100.0, 340.0, 1554.0, 600.0), INK, 2);
    for i in 0..6 {
        let y = 340.0 + i as f32 * 100.0;
        c.line(100.0, y, 1654.0, y, INK, 1);
        if i > 0 {
            c.text(
                130.0,
                y + 30.0,
                32.0,
                FontKind::Sans,
                INK,
                &format!(
                    "货品{}    数量 {}    单价 {}.00",
                    i,
                    rng.random_range(1..50),
                    rng.random_range(5..900)
                ),
            );
        }
    }
    c.text(100.0, 1020.0, 34.0, FontKind::Sans, INK, "收货人签字：");
    Sheet::from_canvas(c, "other", &[])
}
