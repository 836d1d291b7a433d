//! The quality pass on a 12-MP photo: decode alone, the checks alone, and both (the
//! upload-time pre-screen). The photo is a generated licence application's upload, made
//! once in memory at 4000 × 3000.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::ingest::{IngestLimits, decode_upload};
use dossier::quality::{Context, QualityParams, assess};
use dossier::synth::{PhotoStyle, Scenario, SynthOptions, application_id, generate};

/// The licence photo of one clean generated application at 4000 × 3000.
fn twelve_megapixel_jpeg() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let options = SynthOptions {
        out: dir.path().to_path_buf(),
        count: 1,
        seed: 7,
        scenario: Some(Scenario::Clean),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date"),
        style: PhotoStyle {
            long_side: (4000, 4000),
            jpeg_quality: None,
        },
        first_index: 0,
    };
    generate(&options, || {}).expect("generates");
    let app = dir.path().join(application_id(0));
    let mut photos: Vec<_> = std::fs::read_dir(&app)
        .expect("the application folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    photos.sort();
    std::fs::read(&photos[0]).expect("the photo")
}

fn bench(c: &mut Criterion) {
    let bytes = twelve_megapixel_jpeg();
    let limits = IngestLimits::default();
    let image = decode_upload(&bytes, &limits)
        .expect("decodes")
        .image
        .to_rgb8();
    let params = QualityParams::default();
    let context = Context::default();
    let mut group = c.benchmark_group("quality_12mp");
    group.sample_size(10);
    group.bench_function("decode", |b| {
        b.iter(|| decode_upload(&bytes, &limits).expect("decodes"))
    });
    group.bench_function("checks", |b| b.iter(|| assess(&image, &context, &params)));
    group.bench_function("decode_and_checks", |b| {
        b.iter(|| {
            let decoded = decode_upload(&bytes, &limits).expect("decodes");
            assess(&decoded.image.to_rgb8(), &context, &params)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
