//! The second engine, Tesseract 5 with Debian's chi_sim (installed by scripts/setup.sh),
//! on clean printed lines, and `dossier ocr --engine tesseract`.

mod util;

use dossier::ocr::OcrEngine;
use dossier::ocr::tesseract::{DEFAULT_LANGUAGE, TesseractEngine};

#[test]
fn reads_clean_printed_figures_with_boxes_where_they_were_printed() {
    let page = util::printed(&[
        ("发票号码 12271524", 40.0, 40.0),
        ("价税合计 3495.00", 40.0, 150.0),
    ]);
    let engine = TesseractEngine::new(DEFAULT_LANGUAGE).expect("chi_sim is installed by setup");
    let lines = engine.recognize(&page).expect("Tesseract runs");
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let number = lines
        .iter()
        .find(|l| l.text.contains("12271524"))
        .unwrap_or_else(|| panic!("{texts:?}"));
    let total = lines
        .iter()
        .find(|l| l.text.contains("3495.00"))
        .unwrap_or_else(|| panic!("{texts:?}"));
    assert!(
        number.quad[0][1] < total.quad[0][1],
        "reading order: {texts:?}"
    );
    // The total's box starts near where it was printed (y 150, 34-px type).
    assert!(
        (130.0..200.0).contains(&total.quad[0][1]),
        "{:?}",
        total.quad
    );
    assert!(lines.iter().all(|l| (0.0..=1.0).contains(&l.confidence)));
    // The engine is reused: a second page reads as well.
    let again = engine.recognize(&page).expect("Tesseract runs again");
    assert_eq!(again.len(), lines.len());
}

#[test]
fn the_ocr_command_runs_tesseract_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.png");
    util::printed(&[("3495.00", 40.0, 40.0)])
        .save(&path)
        .unwrap();
    let output = util::dossier()
        .args(["ocr", "--engine", "tesseract", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        lines
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["text"].as_str().unwrap().contains("3495.00")),
        "{lines}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("tesseract-5-chi_sim"));
}
