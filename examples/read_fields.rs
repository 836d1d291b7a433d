//! Prints what the documents stage sees on one image: the OCR lines joined into rows, the
//! document type and the fields, for working on extractors.
//! `cargo run --release --example read_fields -- IMAGE [MODELS_DIR]`

use std::path::PathBuf;

use dossier::documents::{layout::Page, read_documents};
use dossier::ingest::{IngestLimits, load_upload};
use dossier::ocr::{OcrEngine, PpOcr, PpOcrParams};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let image = PathBuf::from(args.next().expect("usage: read_fields IMAGE [MODELS_DIR]"));
    let models = args.next().map_or_else(
        || PathBuf::from(dossier::ocr::ppocr::DEFAULT_MODEL_DIR),
        PathBuf::from,
    );
    let engine = PpOcr::load(&models, PpOcrParams::default())?;
    let upload = load_upload(&image, &IngestLimits::default());
    let decoded = upload.decoded.map_err(|p| anyhow::anyhow!("{p}"))?;
    let page = engine.read_page(&decoded.image.to_rgb8())?;
    println!("turn: {:?}", page.turn);
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
    for document in read_documents(&page, &dossier::documents::NoReread) {
        println!("{:?} ({:.2})", document.doc_type, document.type_confidence);
        for (key, field) in &document.fields {
            println!("  {key}: {} ({:.2})", field.value, field.confidence);
        }
    }
    Ok(())
}
