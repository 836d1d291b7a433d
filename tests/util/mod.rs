//! Shared harness for the integration tests: run the built `dossier`, and make test uploads.

#![allow(dead_code)] // each test binary uses a different part of the harness

use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use image::{ImageFormat, Rgb, RgbImage};
use serde_json::Value;

/// The `dossier` binary built for this test run.
pub fn dossier() -> Command {
    Command::cargo_bin("dossier").expect("the dossier binary is built")
}

/// Runs `dossier screen DIR --jobs 2` and returns the parsed report lines and the output.
pub fn screen(dir: &Path, extra_args: &[&str]) -> (Vec<Value>, Output) {
    let output = dossier()
        .arg("screen")
        .arg(dir)
        .args(["--jobs", "2"])
        .args(extra_args)
        .output()
        .expect("dossier runs");
    let reports = parse_json_lines(&output.stdout);
    (reports, output)
}

pub fn parse_json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .expect("the report is UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("every report line is JSON"))
        .collect()
}

/// The report of application `id` among `reports`.
pub fn report_of<'a>(reports: &'a [Value], id: &str) -> &'a Value {
    reports
        .iter()
        .find(|r| r["application"] == id)
        .unwrap_or_else(|| panic!("application {id} is missing from the report"))
}

/// `(code, document)` of every finding of a report, sorted.
pub fn findings_of(report: &Value) -> Vec<(String, String)> {
    let mut findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["document"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    findings.sort();
    findings
}

/// A small document-like JPEG: dark rows of "text" on light paper.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        if (y / 6) % 3 == 0 && (x / 4) % 5 != 0 {
            Rgb([30, 30, 40])
        } else {
            Rgb([235, 230, 220])
        }
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .unwrap();
    bytes
}

/// A valid PNG that claims `side`×`side` 1-bit pixels of zeros: a few hundred kilobytes that
/// decode to gigabytes, a decompression bomb.
pub fn png_bomb(side: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().unwrap();
        let mut stream = writer.stream_writer().unwrap();
        let row = vec![0u8; side.div_ceil(8) as usize];
        for _ in 0..side {
            stream.write_all(&row).unwrap();
        }
        stream.finish().unwrap();
    }
    bytes
}

/// Writes `bytes` to `dir/name`, creating folders as needed.
pub fn put(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Lines printed with Debian's Noto Sans CJK (installed by scripts/setup.sh), black on white.
pub fn printed(lines: &[(&str, f32, f32)]) -> RgbImage {
    let path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (run scripts/setup.sh)"));
    let font = ab_glyph::FontVec::try_from_vec_and_index(bytes, 2).expect("the SC face");
    let mut page = RgbImage::from_pixel(900, 260, image::Rgb([255, 255, 255]));
    for &(text, x, y) in lines {
        imageproc::drawing::draw_text_mut(
            &mut page,
            image::Rgb([20, 20, 20]),
            x as i32,
            y as i32,
            ab_glyph::PxScale::from(34.0),
            &font,
            text,
        );
    }
    page
}

/// A generated document as a perfect reader would report it: its type and every field's
/// exact value at confidence 1.0, in its truth region.
pub fn read_perfectly(truth: &dossier::synth::TruthDocument) -> dossier::report::DocumentReport {
    use dossier::report::{DocumentReport, DocumentType, FieldValue, Region};
    DocumentReport {
        file: truth.file.clone(),
        doc_type: serde_json::from_value::<DocumentType>(serde_json::json!(truth.doc_type))
            .expect("a REPORT.md document type"),
        type_confidence: 1.0,
        quality: Default::default(),
        fields: truth
            .fields
            .iter()
            .map(|(key, value)| {
                let field = FieldValue {
                    value: value.clone(),
                    confidence: 1.0,
                    region: truth.regions.get(key).copied().map(Region::from),
                };
                (key.clone(), field)
            })
            .collect(),
        upload: None,
        text: None,
    }
}
