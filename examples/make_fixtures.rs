//! Writes the bundled sample applications under `fixtures/apps/`: placeholder documents
//! (paper, border, text rows, red seal) and the bad uploads that ingest must survive.
//! Deterministic; rerun with `cargo run --example make_fixtures` after changing it.
//! The synthetic-document generator (`dossier synth`) will replace the placeholders.

use std::io::{Cursor, Write};
use std::path::Path;

use image::{ImageFormat, Rgb, RgbImage};

const PAPER: Rgb<u8> = Rgb([238, 233, 222]);
const INK: Rgb<u8> = Rgb([40, 38, 45]);
const SEAL_RED: Rgb<u8> = Rgb([200, 40, 45]);
const DESK: Rgb<u8> = Rgb([92, 74, 60]);

/// A document-like picture: a sheet on a desk, a border, rows of "print" and a seal.
fn document(width: u32, height: u32, border: Rgb<u8>, seal: bool) -> RgbImage {
    let margin = width / 16;
    let (sheet_w, sheet_h) = (width - 2 * margin, height - 2 * margin);
    RgbImage::from_fn(width, height, |x, y| {
        let on_sheet = x >= margin && y >= margin && x < margin + sheet_w && y < margin + sheet_h;
        if !on_sheet {
            return DESK;
        }
        let (sx, sy) = (x - margin, y - margin);
        let edge = sx.min(sy).min(sheet_w - 1 - sx).min(sheet_h - 1 - sy);
        if (8..14).contains(&edge) {
            return border;
        }
        if seal {
            let (cx, cy, r) = (
                sheet_w as i64 * 3 / 4,
                sheet_h as i64 * 3 / 4,
                sheet_h as i64 / 7,
            );
            let d2 = (sx as i64 - cx).pow(2) + (sy as i64 - cy).pow(2);
            if d2 <= r * r && d2 >= (r - 6) * (r - 6) {
                return SEAL_RED;
            }
        }
        let row = sy / 22;
        let in_text_row = sy % 22 < 11 && row % 2 == 1 && sy > 40 && sy + 40 < sheet_h;
        let in_word = (sx / 9 + row) % 7 != 0 && sx > 50 && sx + 50 < sheet_w - (row * 37) % 200;
        if in_text_row && in_word { INK } else { PAPER }
    })
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .unwrap();
    bytes
}

fn png(image: &RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

/// A one-page PDF with a red frame and a few ruled lines, like an invoice's table.
fn pdf() -> Vec<u8> {
    let content = "0.8 0.1 0.1 RG 2 w 20 20 640 380 re S 0 0 0 RG 1 w 20 300 m 660 300 l S 20 120 m 660 120 l S";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 680 420] /Contents 4 0 R >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n{body}\nendobj\n", i + 1).unwrap();
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for offset in offsets {
        writeln!(out, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

fn put(root: &Path, name: &str, bytes: &[u8]) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    println!("wrote {} ({} bytes)", path.display(), bytes.len());
}

const FORM: &str = r#"{
  "company_name": "杭州示例科技有限公司",
  "credit_code": "91330100716105852F",
  "legal_rep": { "name": "张三", "id_type": "resident_id", "id_number": "11010519491231002X" },
  "bank_account": { "account_name": "杭州示例科技有限公司", "bank_name": "中国工商银行杭州文三路支行",
                    "account_number": "1202021109900123456" },
  "taxpayer": "general",
  "submitted_at": "2026-11-28"
}
"#;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/apps");
    let licence = jpeg(&document(1000, 720, SEAL_RED, true));
    let id_front = jpeg(&document(856, 540, Rgb([90, 140, 190]), false));
    let id_back = jpeg(&document(856, 540, Rgb([90, 140, 190]), true));
    let permit = png(&document(900, 640, Rgb([60, 120, 80]), true));

    let app = "sample-complete";
    put(&root, &format!("{app}/application.json"), FORM.as_bytes());
    put(&root, &format!("{app}/licence.jpg"), &licence);
    put(&root, &format!("{app}/id_front.jpg"), &id_front);
    put(&root, &format!("{app}/id_back.jpg"), &id_back);
    put(&root, &format!("{app}/permit.png"), &permit);
    put(&root, &format!("{app}/invoice.pdf"), &pdf());

    let app = "sample-bad-uploads";
    put(&root, &format!("{app}/application.json"), FORM.as_bytes());
    put(
        &root,
        &format!("{app}/licence.jpg"),
        &licence[..licence.len() / 2],
    );
    put(&root, &format!("{app}/id_front.jpg"), b"");
    put(
        &root,
        &format!("{app}/permit.jpg"),
        "开户许可证 scan to follow\n".as_bytes(),
    );
    put(&root, &format!("{app}/id_back.jpg"), &id_back);

    let app = "sample-broken-form";
    put(
        &root,
        &format!("{app}/application.json"),
        r#"{ "company_name": "杭州示例科技有限公司", "taxpayer": 1 }"#.as_bytes(),
    );
    put(&root, &format!("{app}/licence.jpg"), &licence);
}
