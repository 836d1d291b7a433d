//! 增值税专用发票: the paper (税控) form with its dot-matrix print and red 发票专用章, and
//! the 数电 form (RULES.md §1.6).

use image::Rgb;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Sheet;
use crate::synth::canvas::{Canvas, Pen, SEAL_RED};
use crate::synth::fonts::{FontKind, Fonts};
use crate::synth::geometry::Rect;
use crate::synth::identity::{person_name, yuan, zh_date};
use crate::synth::invoice_data::{Invoice, InvoiceFamily};

const PAPER_KEYS: &[&str] = &[
    "seller_name",
    "seller_tax_id",
    "tax_rates",
    "amount",
    "tax_amount",
    "total",
    "issue_date",
    "invoice_code",
    "invoice_number",
    "remarks",
    "seal",
];
const DIGITAL_KEYS: &[&str] = &[
    "seller_name",
    "seller_tax_id",
    "tax_rates",
    "amount",
    "tax_amount",
    "total",
    "issue_date",
    "invoice_number",
];
/// The printed form's rules and labels.
const FORM_BROWN: Rgb<u8> = Rgb([150, 86, 60]);
/// Dot-matrix ink.
const PRINT_INK: Rgb<u8> = Rgb([38, 38, 84]);

pub fn render(invoice: &Invoice, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Sheet {
    let mut sheet = match invoice.family {
        InvoiceFamily::Paper => render_paper(invoice, fonts, rng),
        InvoiceFamily::Digital => render_digital(invoice, fonts, rng),
    };
    if let Some(code) = &invoice.code {
        sheet.field("invoice_code", code.clone());
    }
    sheet.field("invoice_number", invoice.number.clone());
    sheet.field("issue_date", invoice.issue_date.to_string());
    sheet.field("buyer_name", invoice.buyer.name.clone());
    sheet.field("buyer_tax_id", invoice.buyer.tax_id.clone());
    sheet.field("seller_name", invoice.seller.name.clone());
    sheet.field("seller_tax_id", invoice.seller.tax_id.clone());
    sheet.field("amount", yuan(invoice.amount_fen));
    sheet.field("tax_amount", yuan(invoice.tax_fen));
    sheet.field("total", yuan(invoice.total_fen));
    sheet.field("total_in_words", invoice.total_words.clone());
    sheet.field("tax_rates", invoice.rates());
    sheet.field("remarks", invoice.remarks.clone());
    sheet
}

/// Column x-positions of the line-item table: name, spec, unit, quantity, price, amount, rate, tax, end.
const COLUMNS: [f32; 9] = [
    120.0, 560.0, 720.0, 800.0, 930.0, 1120.0, 1380.0, 1480.0, 1860.0,
];

fn render_paper(invoice: &Invoice, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Sheet {
    let mut c = Canvas::new(1920, 1120, Rgb([246, 244, 236]), fonts);
    let title = format!("{}增值税专用发票", invoice.province);
    c.text_centered(960.0, 30.0, 62.0, FontKind::SerifBold, FORM_BROWN, &title);
    c.line(640.0, 112.0, 1280.0, 112.0, FORM_BROWN, 3);
    c.line(640.0, 120.0, 1280.0, 120.0, FORM_BROWN, 3);
    c.text(1330.0, 60.0, 34.0, FontKind::Serif, FORM_BROWN, "抵扣联");
    c.seal(
        (960.0, 72.0),
        (110.0, 62.0),
        "全国统一发票监制章",
        &format!("{}省税务局", invoice.province),
        false,
    );

    // Printed values share one dot-matrix offset: the form and the print never align.
    let (dx, dy) = (
        rng.random_range(-10.0..16.0f32),
        rng.random_range(-8.0..12.0f32),
    );
    let print = |c: &mut Canvas, x: f32, y: f32, size: f32, text: &str| {
        c.text(x + dx, y + dy, size, FontKind::Mono, PRINT_INK, text)
    };

    c.text(60.0, 70.0, 30.0, FontKind::Serif, FORM_BROWN, "发票代码");
    let code = invoice.code.clone().unwrap_or_default();
    let r = print(&mut c, 190.0, 64.0, 38.0, &code);
    c.record("invoice_code", r);
    c.text(1470.0, 60.0, 40.0, FontKind::Serif, FORM_BROWN, "No");
    let r = print(&mut c, 1540.0, 54.0, 46.0, &invoice.number);
    c.record("invoice_number", r);
    c.text(
        1420.0,
        150.0,
        30.0,
        FontKind::Serif,
        FORM_BROWN,
        "开票日期：",
    );
    let r = print(&mut c, 1570.0, 146.0, 32.0, &zh_date(invoice.issue_date));
    c.record("issue_date", r);

    let table = Rect::new(60.0, 200.0, 1800.0, 800.0);
    c.frame(table, FORM_BROWN, 3);
    for y in [360.0, 680.0, 730.0, 790.0] {
        c.line(60.0, y, 1860.0, y, FORM_BROWN, 2);
    }
    c.line(110.0, 200.0, 110.0, 360.0, FORM_BROWN, 2);
    c.line(110.0, 790.0, 110.0, 1000.0, FORM_BROWN, 2);
    c.line(1150.0, 200.0, 1150.0, 360.0, FORM_BROWN, 2);
    c.line(1150.0, 790.0, 1150.0, 1000.0, FORM_BROWN, 2);
    for x in &COLUMNS[1..8] {
        c.line(*x, 360.0, *x, 730.0, FORM_BROWN, 1);
    }
    vertical_label(&mut c, 70.0, 215.0, "购买方");
    vertical_label(&mut c, 70.0, 805.0, "销售方");
    vertical_label(&mut c, 1160.0, 215.0, "密码区");
    vertical_label(&mut c, 1160.0, 805.0, "备注");

    let party_rows = [
        "名    称：",
        "纳税人识别号：",
        "地址、电话：",
        "开户行及账号：",
    ];
    for (block_y, party, prefix) in [
        (210.0, &invoice.buyer, "buyer"),
        (800.0, &invoice.seller, "seller"),
    ] {
        let values = [
            &party.name,
            &party.tax_id,
            &party.address_phone,
            &party.bank_account,
        ];
        for (i, (label, value)) in party_rows.iter().zip(values).enumerate() {
            let y = block_y + i as f32 * 38.0;
            c.text(125.0, y, 26.0, FontKind::Serif, FORM_BROWN, label);
            let r = print(&mut c, 330.0, y - 2.0, 28.0, value);
            match i {
                0 => c.record(&format!("{prefix}_name"), r),
                1 => c.record(&format!("{prefix}_tax_id"), r),
                _ => {}
            }
        }
    }
    let cipher: String = (0..4 * 27)
        .map(|_| char::from(b"0123456789+-*/<>"[rng.random_range(0..16)]))
        .collect();
    for (i, chunk) in cipher.as_bytes().chunks(27).enumerate() {
        print(
            &mut c,
            1200.0,
            212.0 + i as f32 * 36.0,
            28.0,
            std::str::from_utf8(chunk).unwrap_or(""),
        );
    }

    print_item_table(
        &mut c,
        invoice,
        &ItemTable {
            headers: [
                "货物或应税劳务、服务名称",
                "规格型号",
                "单位",
                "数量",
                "单价",
                "金额",
                "税率",
                "税额",
            ],
            columns: COLUMNS,
            header_y: 372.0,
            header_pen: Pen::new(24.0, FontKind::Serif, FORM_BROWN),
            first_row_y: 420.0,
            row_step: 48.0,
            value_pen: Pen::new(26.0, FontKind::Mono, PRINT_INK),
            offset: (dx, dy),
        },
    );
    c.text(
        COLUMNS[0] + 120.0,
        692.0,
        26.0,
        FontKind::Serif,
        FORM_BROWN,
        "合        计",
    );
    let r = print(
        &mut c,
        COLUMNS[5] + 10.0,
        690.0,
        26.0,
        &format!("¥{}", yuan(invoice.amount_fen)),
    );
    c.record("amount", r);
    let r = print(
        &mut c,
        COLUMNS[7] + 10.0,
        690.0,
        26.0,
        &format!("¥{}", yuan(invoice.tax_fen)),
    );
    c.record("tax_amount", r);
    c.text(
        125.0,
        746.0,
        26.0,
        FontKind::Serif,
        FORM_BROWN,
        "价税合计（大写）",
    );
    let r = print(
        &mut c,
        400.0,
        744.0,
        28.0,
        &format!("⊗{}", invoice.total_words),
    );
    c.record("total_in_words", r);
    c.text(1300.0, 746.0, 26.0, FontKind::Serif, FORM_BROWN, "（小写）");
    let r = print(
        &mut c,
        1420.0,
        744.0,
        28.0,
        &format!("¥{}", yuan(invoice.total_fen)),
    );
    c.record("total", r);
    let r = c.paragraph(
        (1210.0 + dx, 810.0 + dy),
        620.0,
        8.0,
        Pen::new(26.0, FontKind::Mono, PRINT_INK),
        &invoice.remarks,
        5,
    );
    c.record("remarks", r.union(&Rect::new(1160.0, 795.0, 690.0, 200.0)));

    let clerk = |rng: &mut ChaCha8Rng| person_name(rng);
    let footer = format!(
        "收款人：{}      复核：{}      开票人：{}      销售方：（章）",
        clerk(rng),
        clerk(rng),
        clerk(rng)
    );
    c.text(80.0, 1030.0, 28.0, FontKind::Serif, FORM_BROWN, &footer);
    let seal = c.seal(
        (1560.0, 985.0),
        (165.0, 118.0),
        &invoice.seal_ring,
        &invoice.seller.tax_id,
        false,
    );
    c.text_centered(1560.0, 1040.0, 26.0, FontKind::Sans, SEAL_RED, "发票专用章");
    c.record("seal", seal);

    Sheet::from_canvas(c, "vat_special_invoice", PAPER_KEYS)
}

/// Where and how a form prints its line-item table.
struct ItemTable {
    headers: [&'static str; 8],
    /// Left edges of the eight columns, then the right edge of the last.
    columns: [f32; 9],
    header_y: f32,
    header_pen: Pen,
    first_row_y: f32,
    row_step: f32,
    value_pen: Pen,
    /// How far the printed values sit from the form's columns (dot-matrix misalignment).
    offset: (f32, f32),
}

/// Prints the column headers and one row per invoice line; records the rate column as
/// `tax_rates`.
fn print_item_table(c: &mut Canvas, invoice: &Invoice, table: &ItemTable) {
    let cols = &table.columns;
    let Pen { size, kind, color } = table.header_pen;
    for (i, header) in table.headers.iter().enumerate() {
        c.text_centered(
            (cols[i] + cols[i + 1]) / 2.0,
            table.header_y,
            size,
            kind,
            color,
            header,
        );
    }
    let Pen { size, kind, color } = table.value_pen;
    let (dx, dy) = table.offset;
    let mut rates: Option<Rect> = None;
    for (i, line) in invoice.lines.iter().enumerate() {
        let y = table.first_row_y + i as f32 * table.row_step + dy;
        let price = line.amount_fen as f64 / 100.0 / line.quantity as f64;
        let cells = [
            (0, line.item.clone()),
            (2, line.unit.clone()),
            (3, line.quantity.to_string()),
            (4, format!("{price:.6}")),
            (5, yuan(line.amount_fen)),
            (6, format!("{}%", line.rate)),
            (7, yuan(line.tax_fen)),
        ];
        for (column, text) in cells {
            let r = c.text(cols[column] + 8.0 + dx, y, size, kind, color, &text);
            if column == 6 {
                rates = Some(rates.map_or(r, |a| a.union(&r)));
            }
        }
    }
    if let Some(r) = rates {
        c.record("tax_rates", r);
    }
}

fn vertical_label(c: &mut Canvas, x: f32, y: f32, text: &str) {
    for (i, ch) in text.chars().enumerate() {
        c.text(
            x,
            y + i as f32 * 34.0,
            28.0,
            FontKind::Serif,
            FORM_BROWN,
            &ch.to_string(),
        );
    }
}

fn render_digital(invoice: &Invoice, fonts: &Fonts, rng: &mut ChaCha8Rng) -> Sheet {
    let mut c = Canvas::new(1754, 1140, Rgb([255, 255, 255]), fonts);
    let red = Rgb([160, 60, 40]);
    let ink = Rgb([30, 30, 30]);
    c.qr(
        60.0,
        40.0,
        170.0,
        &format!(
            "01,32,,{},{},{},",
            invoice.number,
            yuan(invoice.total_fen),
            invoice.issue_date.format("%Y%m%d")
        ),
    );
    c.text_centered(
        877.0,
        60.0,
        54.0,
        FontKind::SerifBold,
        red,
        "电子发票（增值税专用发票）",
    );
    c.line(560.0, 132.0, 1194.0, 132.0, red, 2);
    c.text(1260.0, 70.0, 28.0, FontKind::Sans, red, "发票号码：");
    let r = c.text(1400.0, 68.0, 30.0, FontKind::Sans, ink, &invoice.number);
    c.record("invoice_number", r);
    c.text(1260.0, 120.0, 28.0, FontKind::Sans, red, "开票日期：");
    let r = c.text(
        1400.0,
        118.0,
        30.0,
        FontKind::Sans,
        ink,
        &zh_date(invoice.issue_date),
    );
    c.record("issue_date", r);

    c.frame(Rect::new(50.0, 230.0, 1654.0, 760.0), red, 2);
    c.line(50.0, 420.0, 1704.0, 420.0, red, 2);
    c.line(877.0, 230.0, 877.0, 420.0, red, 2);
    for (x0, title, party, prefix) in [
        (60.0, "购买方信息", &invoice.buyer, "buyer"),
        (887.0, "销售方信息", &invoice.seller, "seller"),
    ] {
        c.text(x0 + 10.0, 245.0, 28.0, FontKind::Sans, red, title);
        c.text(x0 + 10.0, 300.0, 26.0, FontKind::Sans, red, "名称：");
        let r = c.text(x0 + 90.0, 298.0, 28.0, FontKind::Sans, ink, &party.name);
        c.record(&format!("{prefix}_name"), r);
        c.text(
            x0 + 10.0,
            360.0,
            24.0,
            FontKind::Sans,
            red,
            "统一社会信用代码/纳税人识别号：",
        );
        let r = c.text(x0 + 400.0, 358.0, 28.0, FontKind::Sans, ink, &party.tax_id);
        c.record(&format!("{prefix}_tax_id"), r);
    }
    let cols = [
        60.0, 520.0, 680.0, 770.0, 900.0, 1080.0, 1300.0, 1460.0, 1700.0,
    ];
    print_item_table(
        &mut c,
        invoice,
        &ItemTable {
            headers: [
                "项目名称",
                "规格型号",
                "单位",
                "数量",
                "单价",
                "金额",
                "税率/征收率",
                "税额",
            ],
            columns: cols,
            header_y: 432.0,
            header_pen: Pen::new(24.0, FontKind::Sans, red),
            first_row_y: 480.0,
            row_step: 46.0,
            value_pen: Pen::new(24.0, FontKind::Sans, ink),
            offset: (0.0, 0.0),
        },
    );
    c.line(50.0, 760.0, 1704.0, 760.0, red, 1);
    c.text(
        cols[0] + 10.0,
        772.0,
        26.0,
        FontKind::Sans,
        red,
        "合        计",
    );
    let r = c.text(
        cols[5] + 10.0,
        770.0,
        26.0,
        FontKind::Sans,
        ink,
        &format!("¥{}", yuan(invoice.amount_fen)),
    );
    c.record("amount", r);
    let r = c.text(
        cols[7] + 10.0,
        770.0,
        26.0,
        FontKind::Sans,
        ink,
        &format!("¥{}", yuan(invoice.tax_fen)),
    );
    c.record("tax_amount", r);
    c.line(50.0, 820.0, 1704.0, 820.0, red, 2);
    c.text(60.0, 836.0, 26.0, FontKind::Sans, red, "价税合计（大写）");
    let r = c.text(
        300.0,
        834.0,
        28.0,
        FontKind::Sans,
        ink,
        &format!("⊗{}", invoice.total_words),
    );
    c.record("total_in_words", r);
    c.text(1200.0, 836.0, 26.0, FontKind::Sans, red, "（小写）");
    let r = c.text(
        1320.0,
        834.0,
        28.0,
        FontKind::Sans,
        ink,
        &format!("¥{}", yuan(invoice.total_fen)),
    );
    c.record("total", r);
    c.line(50.0, 880.0, 1704.0, 880.0, red, 2);
    c.text(60.0, 900.0, 26.0, FontKind::Sans, red, "备注");
    let r = c.paragraph(
        (160.0, 898.0),
        1500.0,
        8.0,
        Pen::new(26.0, FontKind::Sans, ink),
        &invoice.remarks,
        3,
    );
    c.record("remarks", r.union(&Rect::new(150.0, 885.0, 1550.0, 100.0)));
    c.text(
        100.0,
        1020.0,
        28.0,
        FontKind::Sans,
        red,
        &format!("开票人：{}", person_name(rng)),
    );

    Sheet::from_canvas(c, "vat_special_invoice", DIGITAL_KEYS)
}
