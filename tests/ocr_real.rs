//! The PP-OCRv5 engine with the real models (fetched by scripts/setup.sh) on crops of a
//! real phone photo of a 专票 (b0.jpg, 4208×3120), and the `dossier ocr` command.
//! Only text the engine reads with high confidence is asserted, exactly.

mod util;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::ingest::{IngestLimits, load_upload};
use dossier::ocr::{OcrEngine, PpOcr, PpOcrParams, TextLine};
use image::RgbImage;
use image::imageops::crop_imm;

fn model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ppocrv5")
}

const PHOTO: &str = "/work/shared/realdata/vat_invoice_photos/zzsfp_b0/b0.jpg";

fn photo() -> &'static RgbImage {
    static PHOTO_PIXELS: OnceLock<RgbImage> = OnceLock::new();
    PHOTO_PIXELS.get_or_init(|| {
        let upload = load_upload(Path::new(PHOTO), &IngestLimits::default());
        upload.decoded.expect("b0.jpg decodes").image.to_rgb8()
    })
}

fn engine() -> &'static PpOcr {
    static ENGINE: OnceLock<PpOcr> = OnceLock::new();
    ENGINE.get_or_init(|| {
        PpOcr::load(&model_dir(), PpOcrParams::default())
            .unwrap_or_else(|e| panic!("{e} (the real-model tests need the models)"))
    })
}

fn read(x: u32, y: u32, w: u32, h: u32) -> Vec<TextLine> {
    let region = crop_imm(photo(), x, y, w, h).to_image();
    engine().recognize(&region).expect("OCR runs")
}

fn texts(lines: &[TextLine]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn reads_the_invoice_number_of_a_real_photo() {
    // The top-right corner: "No 12271524" printed in red, and the number again in black.
    let lines = read(2850, 450, 1300, 400);
    assert!(
        lines
            .iter()
            .any(|l| l.text == "12271524" && l.confidence > 0.9),
        "{:?}",
        texts(&lines)
    );
    assert!(lines.iter().any(|l| l.text.ends_with("12271524")));
}

#[test]
fn reads_the_total_and_the_buyer_of_a_real_photo() {
    let total = read(2850, 2100, 1100, 200);
    assert!(
        total.iter().any(|l| l.text.contains("3495.00")),
        "{:?}",
        texts(&total)
    );
    let buyer = read(950, 900, 1100, 250);
    let found = texts(&buyer);
    assert!(found.contains(&"深圳市购机汇网络有限公司"), "{found:?}");
    assert!(found.contains(&"440300083885931"), "{found:?}");
    // Reading order: the name is printed above the tax number.
    let name = found.iter().position(|t| *t == "深圳市购机汇网络有限公司");
    let tax_id = found.iter().position(|t| *t == "440300083885931");
    assert!(name < tax_id);
    // Boxes are in the crop's pixels, around where the text is.
    let line = &buyer[name.unwrap()];
    assert!(
        line.quad
            .iter()
            .all(|[x, y]| (0.0..=1100.0).contains(x) && (0.0..=250.0).contains(y))
    );
}

#[test]
fn the_orientation_classifier_turns_an_upside_down_line() {
    let engine = PpOcr::load(
        &model_dir(),
        PpOcrParams {
            turn_upside_down_lines: true,
            ..PpOcrParams::default()
        },
    )
    .unwrap();
    let (w, h) = (1100, 200);
    let upside_down = image::imageops::rotate180(&crop_imm(photo(), 2850, 2100, w, h).to_image());
    let lines = engine.recognize(&upside_down).unwrap();
    let total = lines
        .iter()
        .find(|l| l.text.contains("3495.00"))
        .unwrap_or_else(|| panic!("{:?}", texts(&lines)));
    // The text's top-left corner is the box's bottom-right in the turned image.
    let [first, _, third, _] = total.quad;
    assert!(
        first[0] > third[0] && first[1] > third[1],
        "{:?}",
        total.quad
    );
}

#[test]
fn the_ocr_command_prints_json_lines_with_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("total.png");
    crop_imm(photo(), 2850, 2100, 1100, 200)
        .to_image()
        .save(&path)
        .unwrap();
    let output = util::dossier()
        .args(["ocr", "--json", "--models"])
        .arg(model_dir())
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines = lines.as_array().unwrap();
    let total = lines
        .iter()
        .find(|l| l["text"].as_str().unwrap().contains("3495.00"))
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(total["confidence"].as_f64().unwrap() > 0.5);
    let corners = total["box"].as_array().unwrap();
    assert_eq!(corners.len(), 4);
    assert!(corners.iter().all(|c| c.as_array().unwrap().len() == 2));
}

#[test]
fn the_ocr_command_without_models_says_to_run_setup() {
    let dir = tempfile::tempdir().unwrap();
    let output = util::dossier()
        .args(["ocr", "--models"])
        .arg(dir.path())
        .arg(PHOTO)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("det.onnx") && stderr.contains("scripts/setup.sh"),
        "{stderr}"
    );
}
