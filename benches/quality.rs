//! The quality pass on a 12-MP photo: decode alone, the checks alone (knowing nothing of
//! the upload, as at upload time, and known to be a licence, as after OCR), both, and the
//! costliest steps on their own. The photo is a generated business licence, made once in
//! memory at 4000 × 3000.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::ingest::{IngestLimits, decode_upload};
use std::collections::BTreeMap;

use dossier::quality::{
    Context, QualityParams, Work, assess, blur, border, colour, document, fold, glare, occlusion,
    qr, rescreen, seals,
};
use dossier::synth::{PhotoStyle, Scenario, SynthOptions, application_id, generate};

/// The business licence photo of one clean generated application at 4000 × 3000.
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
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(app.join("truth.json")).expect("the application's truth"),
    )
    .expect("truth is JSON");
    let licence = truth["documents"]
        .as_array()
        .expect("the truth lists documents")
        .iter()
        .find(|d| d["type"] == "business_license")
        .and_then(|d| d["file"].as_str())
        .expect("a clean application holds a licence");
    std::fs::read(app.join(licence)).expect("the photo")
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
    // Known to be a licence (after OCR, in `dossier screen`): its QR code is key
    // information and is looked for.
    let licence = Context {
        qr_code_is_key: true,
        ..Context::default()
    };
    group.bench_function("checks_licence", |b| {
        b.iter(|| assess(&image, &licence, &params))
    });
    group.bench_function("decode_and_checks", |b| {
        b.iter(|| {
            let decoded = decode_upload(&bytes, &limits).expect("decodes");
            assess(&decoded.image.into_rgb8(), &context, &params)
        })
    });
    group.finish();

    // Where the time of the checks goes: the costliest steps on their own.
    let mut stages = c.benchmark_group("quality_12mp_stages");
    stages.sample_size(10);
    let work = Work::new(&image, &params.work);
    let location = document::locate(&work, &params.document);
    stages.bench_function("working_copy", |b| {
        b.iter(|| Work::new(&image, &params.work))
    });
    stages.bench_function("document", |b| {
        b.iter(|| document::locate(&work, &params.document))
    });
    stages.bench_function("fold", |b| {
        b.iter(|| fold::check(&work, &location, &[], &params.fold, &mut BTreeMap::new()))
    });
    stages.bench_function("qr_codes", |b| b.iter(|| qr::locate(&image)));
    stages.bench_function("red_marks", |b| {
        b.iter(|| seals::locate(&work, &location, &params.seals))
    });
    let measures = &mut BTreeMap::new();
    stages.bench_function("rescreen", |b| {
        b.iter(|| rescreen::check(&image, &work, &location, &params.rescreen, measures))
    });
    stages.bench_function("border", |b| {
        b.iter(|| border::check(&work, &location, None, &params.border, measures))
    });
    stages.bench_function("blur", |b| {
        b.iter(|| blur::check(&work, &location, &params.blur, measures))
    });
    stages.bench_function("colour", |b| {
        b.iter(|| colour::check(&image, &work, &location, None, 1, &params.colour, measures))
    });
    stages.bench_function("occlusion", |b| {
        b.iter(|| occlusion::check(&work, &location, &params.occlusion, measures))
    });
    stages.bench_function("glare", |b| {
        let state = (false, false);
        b.iter(|| glare::check(&work, &location, &[], state, &params.glare, measures))
    });
    stages.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
