//! Prints what the documents stage sees on one image: the OCR lines joined into rows, the
//! document type and the fields (with the pipeline's second looks), for working on
//! extractors.
//! `cargo run --release --example read_fields -- IMAGE [MODELS_DIR]`
//!
//! For experiments, environment variables override the engine's parameters:
//! `MIN_CONFIDENCE`, `MAX_SIDE`, `SMALL_MIN_HEIGHT` (the small-print second detection),
//! `HOLE_PITCHES` (the second look), `BOX_THRESHOLD` and `PIXEL_THRESHOLD` (DB
//! post-processing); `RAW=1` also prints the engine's lines before they are joined into
//! rows, with their confidence, and `SPANS=1` besides each character's left and right edge.

use std::path::PathBuf;

use dossier::documents::{layout::Page, read_documents};
use dossier::ingest::{IngestLimits, load_upload};
use dossier::ocr::{OcrEngine, PpOcr, PpOcrParams};
use dossier::pipeline::UploadReread;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let image = PathBuf::from(args.next().expect("usage: read_fields IMAGE [MODELS_DIR]"));
    let models = args.next().map_or_else(
        || PathBuf::from(dossier::ocr::ppocr::DEFAULT_MODEL_DIR),
        PathBuf::from,
    );
    let mut params = PpOcrParams::default();
    if let Some(confidence) = from_env("MIN_CONFIDENCE") {
        params.min_confidence = confidence;
    }
    if let (Some(small), Some(height)) = (params.small_text.as_mut(), from_env("SMALL_MIN_HEIGHT"))
    {
        small.min_height = height;
    }
    if let Some(side) = from_env("MAX_SIDE") {
        params.max_side = side;
    }
    if let (Some(look), Some(pitches)) = (params.second_look.as_mut(), from_env("HOLE_PITCHES")) {
        look.hole_pitches = pitches;
    }
    if let Some(threshold) = from_env("BOX_THRESHOLD") {
        params.db.box_threshold = threshold;
    }
    if let Some(threshold) = from_env("PIXEL_THRESHOLD") {
        params.db.pixel_threshold = threshold;
    }
    let engine = PpOcr::load(&models, params)?;
    let upload = load_upload(&image, &IngestLimits::default());
    let decoded = upload.decoded.map_err(|p| anyhow::anyhow!("{p}"))?;
    let image = decoded.image.to_rgb8();
    let page = engine.read_page(&image)?;
    let turn = page.turn;
    println!("turn: {turn:?}");
    if std::env::var_os("RAW").is_some() {
        for line in &page.lines {
            let q = line.quad;
            println!(
                "raw [{:5.0} {:5.0} {:5.0} {:5.0}] {:.2} {}",
                q[0][0], q[0][1], q[2][0], q[2][1], line.confidence, line.text
            );
            if std::env::var_os("SPANS").is_some() {
                let chars: Vec<char> = line.text.chars().collect();
                for span in &line.spans {
                    let text: String = chars[span.start..span.end].iter().collect();
                    let (x0, x1) = (span.quad[0][0], span.quad[1][0]);
                    println!("      {text} {x0:.0}..{x1:.0}");
                }
            }
        }
    }
    let page = Page::new(page.lines);
    for (i, _) in page.lines().iter().enumerate() {
        let b = page.bounds(i);
        println!(
            "{i:3} [{:5.0} {:5.0} {:5.0} {:5.0}] {}",
            b[0],
            b[1],
            b[2],
            b[3],
            page.line_text(i)
        );
    }
    let reread = UploadReread::new(&engine, &image, turn, &page);
    for document in read_documents(&page, &reread) {
        println!("{:?} ({:.2})", document.doc_type, document.type_confidence);
        for (key, field) in &document.fields {
            println!("  {key}: {} ({:.2})", field.value, field.confidence);
        }
    }
    Ok(())
}

/// The environment variable `name` parsed, when it is set and parses.
fn from_env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok()?.parse().ok()
}
