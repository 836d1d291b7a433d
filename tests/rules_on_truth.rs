//! The rules stage on perfect reads: for generated applications of every scenario, the
//! documents exactly as the truth lists them go through `check_rules`, which must raise
//! exactly the content findings the truth lists (same code, same document) and nothing
//! else. Image-quality findings are the pixels' business and are left out on both sides.

mod util;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use dossier::ingest::{FORM_FILE_NAME, load_form};
use dossier::pipeline::check_rules;
use dossier::report::{DocumentReport, UploadInfo};
use dossier::rules::RulesConfig;
use dossier::synth::{PhotoStyle, Scenario, SynthOptions, Truth, generate};

/// Applications generated per scenario: different companies, documents and numbers.
const PER_SCENARIO: usize = 3;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// The documents of `truth` as a perfect reader would report them, with the uploads'
/// real hashes (duplicates are found by their bytes).
fn documents_of(truth: &Truth, dir: &std::path::Path) -> Vec<DocumentReport> {
    truth
        .documents
        .iter()
        .map(|d| {
            let bytes = std::fs::read(dir.join(&d.file)).unwrap();
            DocumentReport {
                upload: Some(UploadInfo {
                    bytes: bytes.len() as u64,
                    sha256: Some(format!("{:x}", Sha256::digest(&bytes))),
                    format: Some("jpeg".into()),
                    width: None,
                    height: None,
                    exif_orientation: None,
                    decoded: true,
                }),
                ..util::read_perfectly(d)
            }
        })
        .collect()
}

/// A finding as compared here: its code and the document it names.
fn key(code: &str, document: Option<&str>) -> String {
    format!("{code} {}", document.unwrap_or("-"))
}

#[test]
fn perfect_reads_raise_exactly_the_content_findings_of_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut compared = 0;
    for (index, scenario) in Scenario::ALL.iter().enumerate() {
        let options = SynthOptions {
            out: dir.path().to_path_buf(),
            count: PER_SCENARIO,
            seed: 4242,
            scenario: Some(*scenario),
            as_of: as_of(),
            style: PhotoStyle {
                long_side: (200, 240),
                jpeg_quality: Some(50),
            },
            first_index: index * PER_SCENARIO,
        };
        generate(&options, || {}).unwrap();
    }
    for index in 0..Scenario::ALL.len() * PER_SCENARIO {
        let app_dir = dir.path().join(format!("app-{index:05}"));
        let truth: Truth =
            serde_json::from_slice(&std::fs::read(app_dir.join("truth.json")).unwrap()).unwrap();
        let form = load_form(&app_dir.join(FORM_FILE_NAME), 1 << 20).unwrap();
        let mut documents = documents_of(&truth, &app_dir);
        let findings = check_rules(
            &mut documents,
            Some(&form),
            truth.as_of,
            &RulesConfig::default(),
        );
        let mut got: Vec<String> = findings
            .iter()
            .filter(|f| !f.code.is_from_reading())
            .map(|f| key(f.code.as_str(), f.document.as_deref()))
            .collect();
        let mut want: Vec<String> = truth
            .findings
            .iter()
            .filter(|f| !f.code.is_from_reading())
            .map(|f| key(f.code.as_str(), f.document.as_deref()))
            .collect();
        got.sort();
        want.sort();
        compared += 1;
        if got != want {
            failures.push(format!(
                "{} ({}): want {want:?}, got {got:?}\n{findings:#?}",
                truth.application, truth.scenario
            ));
        }
    }
    assert_eq!(compared, Scenario::ALL.len() * PER_SCENARIO);
    assert!(
        failures.is_empty(),
        "{} of {compared} applications differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
