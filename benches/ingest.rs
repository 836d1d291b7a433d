//! Ingest benchmark: decoding an upload within the limits, the first cost every upload pays.

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::ingest::{IngestLimits, decode_upload};
use image::{ImageFormat, Rgb, RgbImage};

/// A 12-MP (4000 × 3000) photo-like JPEG: a smooth gradient with texture, about what a
/// phone produces of a document on a desk.
fn twelve_megapixel_jpeg() -> Vec<u8> {
    let image = RgbImage::from_fn(4000, 3000, |x, y| {
        let texture = ((x * 7 + y * 13) % 31) as u8;
        Rgb([(x / 16) as u8 ^ texture, (y / 12) as u8, 128 + texture])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .expect("encoding to memory succeeds");
    bytes
}

fn decode(c: &mut Criterion) {
    let jpeg = twelve_megapixel_jpeg();
    let limits = IngestLimits::default();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.bench_function("decode_12mp_jpeg", |b| {
        b.iter(|| decode_upload(black_box(&jpeg), &limits).expect("decodes"))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
