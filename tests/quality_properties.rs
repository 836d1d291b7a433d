//! No quality check panics, whatever the picture's shape: empty, one pixel, one row or
//! column ten thousand long, and random small sizes and contents.

use dossier::quality::{Context, ExpectedMarks, KeyField, QualityParams, TextBox, assess};
use dossier::report::Region;
use image::{Rgb, RgbImage};
use proptest::prelude::*;

fn run(image: &RgbImage) {
    let keys = [KeyField {
        name: "seal".into(),
        region: Region::from([0, 0, 5, 5]),
    }];
    let boxes = [TextBox {
        region: Region::from([0, 0, 3, 1]),
        glyphs: 2,
        sideways: false,
    }];
    for context in [
        Context::default(),
        Context {
            colour_required: Some(true),
            key_fields: &keys,
            text_boxes: Some(&boxes),
            marks: ExpectedMarks::EmblemAndSeal,
            qr_code_is_key: true,
            foreign_layout: true,
            paper_beyond_print: true,
        },
    ] {
        let report = assess(image, &context, &QualityParams::default());
        for finding in report.findings {
            if let Some(r) = finding.region {
                assert!(r.x + r.width <= image.width() && r.y + r.height <= image.height());
            }
        }
    }
}

#[test]
fn degenerate_shapes_do_not_panic() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (1, 10_000),
        (10_000, 1),
        (0, 5),
        (7, 0),
        (3, 3),
    ] {
        run(&RgbImage::from_pixel(w, h, Rgb([200, 180, 160])));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_small_pictures_do_not_panic(w in 0u32..80, h in 0u32..80, seed in any::<u32>()) {
        let image = RgbImage::from_fn(w, h, |x, y| {
            let v = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ seed;
            Rgb([(v >> 3) as u8, (v >> 11) as u8, (v >> 19) as u8])
        });
        run(&image);
    }
}
