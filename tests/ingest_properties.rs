//! Property tests: ingest never panics, whatever bytes arrive, and always explains itself.

use std::io::Cursor;

use dossier::ingest::{IngestLimits, decode_upload};
use image::{ImageFormat, Rgb, RgbImage};
use proptest::prelude::*;

fn encoded(format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(40, 30, |x, y| Rgb([(x * 6) as u8, (y * 8) as u8, 90]));
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

/// Bytes that start like a real image of each accepted format, then get damaged: the
/// inputs most likely to reach deep into a decoder.
fn damaged_image() -> impl Strategy<Value = Vec<u8>> {
    let formats = prop_oneof![
        Just(ImageFormat::Jpeg),
        Just(ImageFormat::Png),
        Just(ImageFormat::Tiff),
        Just(ImageFormat::Bmp),
        Just(ImageFormat::WebP),
    ];
    (
        formats,
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(format, edits, cut)| {
            let mut bytes = encoded(format);
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            let keep = 1 + cut.index(bytes.len());
            bytes.truncate(keep);
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = decode_upload(&bytes, &IngestLimits::default());
    }

    #[test]
    fn damaged_images_never_panic_and_failures_have_a_message(bytes in damaged_image()) {
        if let Err(problem) = decode_upload(&bytes, &IngestLimits::default()) {
            prop_assert!(!problem.to_string().is_empty());
        }
    }
}
