//! OCR benchmark: PP-OCRv5 detection and recognition on a real 13-MP phone photo of a 专票
//! (b0.jpg, 4208 × 3120), the stages DESIGN.md's "Where OCR time goes" budgets.
//! Needs the models (`scripts/setup.sh`) and the shared real-data folder beside the checkout.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::ingest::{IngestLimits, load_upload};
use dossier::ocr::{PpOcr, PpOcrParams};

const PHOTO: &str = "../shared/realdata/vat_invoice_photos/zzsfp_b0/b0.jpg";

fn ocr(c: &mut Criterion) {
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join(PHOTO);
    let image = load_upload(&photo, &IngestLimits::default())
        .decoded
        .expect("b0.jpg decodes")
        .image
        .to_rgb8();
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ppocrv5");
    let mut group = c.benchmark_group("ocr");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    for max_side in [960, 1600] {
        let params = PpOcrParams {
            max_side,
            ..PpOcrParams::default()
        };
        let engine = PpOcr::load(&models, params).expect("the models load");
        group.bench_function(format!("detect_13mp_photo_at_{max_side}"), |b| {
            b.iter(|| engine.detect(black_box(&image)).expect("detects"))
        });
        if max_side == 1600 {
            let boxes = engine.detect(&image).expect("detects");
            group.bench_function("recognize_13mp_photo_lines", |b| {
                b.iter(|| engine.read_boxes(black_box(&image), &boxes).expect("reads"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, ocr);
criterion_main!(benches);
