//! Writes the bundled sample applications under `fixtures/apps/`: one generated
//! application per scenario (small photos, with `truth.json`), and two hand-made ones
//! with the bad inputs ingest must survive (a truncated JPEG, an empty file, a text file
//! named `.jpg`, a broken `application.json`). Deterministic; rerun with
//! `cargo run --example make_fixtures` after changing the generator, then regenerate the
//! golden report (`DOSSIER_BLESS=1 cargo test --test fixtures_golden`).

use std::path::Path;

use chrono::NaiveDate;
use dossier::synth::{PhotoStyle, Scenario, SynthOptions, application_id, generate};

/// The seed of the bundled set; sets used for tuning and evaluation use other seeds.
const FIXTURE_SEED: u64 = 2026;

fn put(root: &Path, name: &str, bytes: &[u8]) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/apps");
    if root.exists() {
        std::fs::remove_dir_all(&root).unwrap();
    }
    for (index, scenario) in Scenario::ALL.iter().enumerate() {
        let options = SynthOptions {
            out: root.clone(),
            count: 1,
            seed: FIXTURE_SEED,
            scenario: Some(*scenario),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            // Small photos keep the repository small; LOW_RESOLUTION is still far smaller.
            style: PhotoStyle {
                long_side: (900, 1200),
                jpeg_quality: Some(65),
            },
            first_index: index,
        };
        generate(&options, || {}).unwrap();
        println!("{} {scenario}", application_id(index));
    }

    // Bad inputs, built from a generated photo so they look like real uploads.
    let clean = root.join(application_id(0));
    let photo = std::fs::read_dir(&clean)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .min()
        .expect("the clean application has photos");
    let jpeg = std::fs::read(&photo).unwrap();
    let form = std::fs::read(clean.join("application.json")).unwrap();

    put(&root, "bad-uploads/application.json", &form);
    put(&root, "bad-uploads/licence.jpg", &jpeg[..jpeg.len() / 2]);
    put(&root, "bad-uploads/id_front.jpg", b"");
    put(
        &root,
        "bad-uploads/permit.jpg",
        "开户许可证 scan to follow\n".as_bytes(),
    );
    put(&root, "bad-uploads/id_back.jpg", &jpeg);

    put(
        &root,
        "broken-form/application.json",
        r#"{ "company_name": "杭州示例科技有限公司", "taxpayer": 1 }"#.as_bytes(),
    );
    put(&root, "broken-form/licence.jpg", &jpeg);
    println!("bad-uploads, broken-form");
}
