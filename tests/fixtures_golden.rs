//! Golden test: screening the bundled sample applications gives the stored report.
//! After an intended change, regenerate with `DOSSIER_BLESS=1 cargo test --test fixtures_golden`
//! and review the diff of `tests/golden/fixtures.jsonl` like code.
//!
//! The golden run is the pixel stages only (`--no-ocr --quality`): they are exact integer
//! and scalar arithmetic, the same on every machine, while the networks' floating-point
//! sums may differ in the last bits between CPUs (AVX-512 here, maybe AVX2 in CI). The OCR
//! and documents stages on the same samples are checked in `documents_fixtures.rs`.

mod util;

use std::path::Path;

use serde_json::Value;
use util::{dossier, parse_json_lines};

const GOLDEN: &str = "tests/golden/fixtures.jsonl";

#[test]
fn the_bundled_samples_screen_to_the_golden_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = dossier()
        .current_dir(root)
        .args([
            "screen",
            "fixtures/apps",
            "--as-of",
            "2026-11-28",
            "--quiet",
            "--no-ocr",
            "--quality",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let golden_path = root.join(GOLDEN);
    if std::env::var_os("DOSSIER_BLESS").is_some() {
        std::fs::write(&golden_path, &output.stdout).unwrap();
    }
    let actual: Vec<Value> = parse_json_lines(&output.stdout);
    let expected: Vec<Value> = parse_json_lines(&std::fs::read(&golden_path).unwrap());
    assert_eq!(actual.len(), expected.len(), "number of applications");
    for (actual, expected) in actual.iter().zip(&expected) {
        assert_eq!(
            actual, expected,
            "report of {} differs from {GOLDEN}; if the change is intended, regenerate with DOSSIER_BLESS=1",
            expected["application"]
        );
    }
}
