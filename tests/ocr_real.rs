//! The PP-OCRv5 engine with the real models (fetched by scripts/setup.sh) on crops of a
//! real phone photo of a 专票 (b0.jpg, 4208×3120), and the `dossier ocr` command.
//! Only text the engine reads with high confidence is asserted, exactly. The photo lives in
//! the shared real-data folder beside the checkout; where it is missing the photo tests are
//! skipped (as in `eval_cli.rs`), the models are required.

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

fn photo_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realdata/vat_invoice_photos/zzsfp_b0/b0.jpg")
}

/// The photo's pixels, or `None` (and a note) where the shared real data is absent.
fn photo() -> Option<&'static RgbImage> {
    static PHOTO_PIXELS: OnceLock<Option<RgbImage>> = OnceLock::new();
    let pixels = PHOTO_PIXELS.get_or_init(|| {
        let path = photo_path();
        if !path.is_file() {
            return None;
        }
        let upload = load_upload(&path, &IngestLimits::default());
        Some(upload.decoded.expect("b0.jpg decodes").image.to_rgb8())
    });
    if pixels.is_none() {
        eprintln!("skipped: {} does not exist", photo_path().display());
    }
    pixels.as_ref()
}

fn engine() -> &'static PpOcr {
    static ENGINE: OnceLock<PpOcr> = OnceLock::new();
    ENGINE.get_or_init(|| {
        PpOcr::load(&model_dir(), PpOcrParams::default())
            .unwrap_or_else(|e| panic!("{e} (the real-model tests need the models)"))
    })
}

fn read(photo: &RgbImage, x: u32, y: u32, w: u32, h: u32) -> Vec<TextLine> {
    let region = crop_imm(photo, x, y, w, h).to_image();
    engine().recognize(&region).expect("OCR runs")
}

fn texts(lines: &[TextLine]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn reads_printed_lines_exactly_and_in_order() {
    let page = util::printed(&[
        ("统一社会信用代码", 40.0, 40.0),
        ("91440300708461136T", 420.0, 42.0),
        ("价税合计（小写）￥3495.00", 40.0, 150.0),
    ]);
    let lines = engine().recognize(&page).expect("OCR runs");
    assert_eq!(
        texts(&lines),
        [
            "统一社会信用代码",
            "91440300708461136T",
            "价税合计（小写）￥3495.00"
        ],
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| l.confidence > 0.9), "{lines:?}");
    // The second line's box lies around where it was printed (x 420, y 42, 34 px type).
    let [tl, _, br, _] = lines[1].quad;
    assert!(
        (400.0..430.0).contains(&tl[0]) && (30.0..50.0).contains(&tl[1]),
        "{:?}",
        lines[1].quad
    );
    assert!(br[1] > 70.0 && br[1] < 100.0, "{:?}", lines[1].quad);
}

#[test]
fn pages_turned_sideways_or_upside_down_are_found_and_read_upright() {
    use dossier::ocr::PageTurn;
    use image::imageops::{rotate90, rotate180, rotate270};
    let page = util::printed(&[
        ("统一社会信用代码", 40.0, 40.0),
        ("91440300708461136T", 420.0, 42.0),
        ("价税合计（小写）￥3495.00", 40.0, 150.0),
    ]);
    let upright = engine().read_page(&page).expect("OCR runs");
    assert_eq!(upright.turn, PageTurn::Upright);
    let cases = [
        (rotate90(&page), PageTurn::Clockwise90),
        (rotate180(&page), PageTurn::Half),
        (rotate270(&page), PageTurn::Counterclockwise90),
    ];
    for (image, turn) in cases {
        let read = engine().read_page(&image).expect("OCR runs");
        assert_eq!(read.turn, turn);
        assert_eq!(texts(&read.lines), texts(&upright.lines), "{turn:?}");
        // Boxes of the page as given lie inside the given image.
        let (w, h) = (image.width() as f32, image.height() as f32);
        let given = engine().recognize(&image).unwrap();
        assert!(
            given
                .iter()
                .flat_map(|l| l.quad)
                .all(|[x, y]| (-1.0..=w + 1.0).contains(&x) && (-1.0..=h + 1.0).contains(&y)),
            "{turn:?}: {given:?}"
        );
    }
}

#[test]
fn characters_have_boxes_along_their_line() {
    let page = util::printed(&[("91440300708461136T", 420.0, 42.0)]);
    let lines = engine().recognize(&page).expect("OCR runs");
    let line = &lines[0];
    assert_eq!(line.spans.len(), line.text.chars().count(), "{line:?}");
    // Left to right, each inside the line's box, the digits about as wide as the type
    // is high (34 px) or less.
    let lefts: Vec<f32> = line.spans.iter().map(|s| s.quad[0][0]).collect();
    assert!(lefts.windows(2).all(|w| w[0] < w[1]), "{lefts:?}");
    let [tl, tr, ..] = line.quad;
    for span in &line.spans {
        let (left, right) = (span.quad[0][0], span.quad[1][0]);
        assert!(
            left >= tl[0] - 0.5 && right <= tr[0] + 0.5,
            "{span:?} in {:?}",
            line.quad
        );
        assert!(right - left < 34.0, "{span:?}");
    }
    // The credit code's last character, the check digit, sits at the line's right end.
    let check = line.region_of(17..18).unwrap();
    assert!(tr[0] - check[1][0] < 20.0, "{check:?} vs {:?}", line.quad);
}

#[test]
fn reads_the_invoice_number_of_a_real_photo() {
    let Some(photo) = photo() else { return };
    // The top-right corner: "No 12271524" printed in red, and the number again in black.
    let lines = read(photo, 2850, 450, 1300, 400);
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
    let Some(photo) = photo() else { return };
    let total = read(photo, 2850, 2100, 1100, 200);
    assert!(
        total.iter().any(|l| l.text.contains("3495.00")),
        "{:?}",
        texts(&total)
    );
    let buyer = read(photo, 950, 900, 1100, 250);
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
    let Some(photo) = photo() else { return };
    let engine = PpOcr::load(
        &model_dir(),
        PpOcrParams {
            turn_upside_down_lines: true,
            ..PpOcrParams::default()
        },
    )
    .unwrap();
    let (w, h) = (1100, 200);
    let upside_down = image::imageops::rotate180(&crop_imm(photo, 2850, 2100, w, h).to_image());
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
    let Some(photo) = photo() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("total.png");
    crop_imm(photo, 2850, 2100, 1100, 200)
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
    let image = dir.path().join("page.jpg");
    std::fs::write(&image, util::jpeg(64, 48)).unwrap();
    let output = util::dossier()
        .args(["ocr", "--models"])
        .arg(dir.path())
        .arg(&image)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("det.onnx") && stderr.contains("scripts/setup.sh"),
        "{stderr}"
    );
}
