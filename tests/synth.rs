//! The generator: deterministic for a seed, every scenario plants what its truth says,
//! and every truth value is valid against RULES.md (check digits, dates, totals).

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use dossier::rules::codes::{idcard, uscc};
use dossier::rules::money::{parse_yuan, words::parse_words};
use dossier::synth::{PhotoStyle, Scenario, SynthOptions, Truth, generate};

fn options(out: &Path, count: usize, seed: u64, scenario: Option<Scenario>) -> SynthOptions {
    SynthOptions {
        out: out.to_path_buf(),
        count,
        seed,
        scenario,
        as_of: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        // Small photos keep the suite fast; the documents are printed at full size.
        style: PhotoStyle {
            long_side: (320, 480),
            jpeg_quality: Some(70),
        },
        first_index: 0,
    }
}

fn truths(dir: &Path) -> Vec<Truth> {
    let mut out: Vec<Truth> = walk_files(dir)
        .into_iter()
        .filter(|p| p.ends_with("truth.json"))
        .map(|p| serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap())
        .collect();
    out.sort_by(|a, b| a.application.cmp(&b.application));
    out
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    files
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(&options(a.path(), 3, 42, None), || {}).unwrap();
    generate(&options(b.path(), 3, 42, None), || {}).unwrap();
    generate(&options(c.path(), 3, 43, None), || {}).unwrap();
    let files_a = walk_files(a.path());
    assert!(
        files_a.len() >= 3 * 6,
        "3 applications of at least 4 uploads, a form and a truth"
    );
    let relative = |root: &Path, files: &[std::path::PathBuf]| -> Vec<String> {
        files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().display().to_string())
            .collect()
    };
    let files_b = walk_files(b.path());
    assert_eq!(relative(a.path(), &files_a), relative(b.path(), &files_b));
    for (fa, fb) in files_a.iter().zip(&files_b) {
        assert!(
            std::fs::read(fa).unwrap() == std::fs::read(fb).unwrap(),
            "{} differs between runs",
            fa.display()
        );
    }
    let truth_a = std::fs::read(a.path().join("app-00000/truth.json")).unwrap();
    let truth_c = std::fs::read(c.path().join("app-00000/truth.json")).unwrap();
    assert_ne!(truth_a, truth_c, "another seed gives another application");
}

/// The codes each scenario must plant, written out here rather than taken from the
/// generator, so a generator that forgets one fails.
fn expected_codes(scenario: Scenario) -> &'static [&'static str] {
    use Scenario::*;
    match scenario {
        Clean => &[],
        Blur => &["BLUR"],
        Glare => &["GLARE"],
        Occlusion => &["OCCLUSION"],
        KeyFieldOccluded => &["KEY_FIELD_OCCLUDED"],
        Fold => &["FOLD"],
        KeyFieldCreased => &["KEY_FIELD_CREASED"],
        BorderIncomplete => &["BORDER_INCOMPLETE"],
        ColorScanRequired => &["COLOR_SCAN_REQUIRED"],
        LowResolution => &["LOW_RESOLUTION"],
        Rescreen => &["RESCREEN"],
        WrongDocument => &["MISSING_DOCUMENT", "WRONG_DOCUMENT"],
        MissingDocument => &["MISSING_DOCUMENT"],
        DuplicateUpload => &["DUPLICATE_UPLOAD"],
        NameMismatch => &["NAME_MISMATCH"],
        NameNearMatch => &["NAME_NEAR_MATCH"],
        LegalRepMismatch => &["LEGAL_REP_MISMATCH"],
        CreditCodeMismatch => &["CREDIT_CODE_MISMATCH"],
        PermitNameMismatch | AccountNameMismatch => &["BANK_NAME_MISMATCH"],
        ChecksumFail => &["CHECKSUM_FAIL"],
        IdExpired => &["ID_EXPIRED"],
        LicenseExpired => &["LICENSE_TERM_EXPIRED"],
        LicenseOldFormat => &["LICENSE_OLD_FORMAT"],
        SmallScaleRate => &["GT_PROOF_SMALL_SCALE_RATE"],
        Daikai => &["GT_PROOF_DAIKAI"],
        InvoiceTooOld => &["GT_PROOF_TOO_OLD"],
        SellerNotApplicant => &["INVOICE_SELLER_ID_MISMATCH", "NAME_MISMATCH"],
        TotalMismatch => &["INVOICE_TOTAL_MISMATCH"],
        WordsMismatch => &["AMOUNT_WORDS_MISMATCH"],
    }
}

#[test]
fn every_scenario_plants_its_findings_with_places_inside_the_photo() {
    let dir = tempfile::tempdir().unwrap();
    for (i, scenario) in Scenario::ALL.iter().enumerate() {
        let mut opts = options(dir.path(), 1, 7, Some(*scenario));
        opts.first_index = i;
        generate(&opts, || {}).unwrap();
    }
    let truths = truths(dir.path());
    assert_eq!(truths.len(), Scenario::ALL.len());
    for truth in &truths {
        let scenario: Scenario = truth.scenario.parse().unwrap();
        let codes: BTreeSet<String> = truth
            .findings
            .iter()
            .map(|f| {
                serde_json::to_value(f.code)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let expected: BTreeSet<String> = expected_codes(scenario)
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(codes, expected, "{}: {scenario}", truth.application);
        let worst = truth.findings.iter().map(|f| f.severity).max();
        assert_eq!(
            Some(truth.decision),
            worst.or(Some(dossier::report::Severity::Pass)),
            "{scenario}"
        );

        let app_dir = dir.path().join(&truth.application);
        for finding in &truth.findings {
            if let Some(document) = &finding.document {
                assert!(
                    app_dir.join(document).is_file() || document == "application.json",
                    "{scenario}: {document} is not in the folder"
                );
            }
            if let (Some(document), Some([x, y, w, h])) = (&finding.document, finding.region) {
                let (width, height) = image::image_dimensions(app_dir.join(document)).unwrap();
                assert!(
                    w > 0 && h > 0 && x + w <= width && y + h <= height,
                    "{scenario}: region {:?} outside {width}x{height}",
                    finding.region
                );
            }
        }
        let image_defect = expected.iter().any(|c| {
            [
                "BLUR",
                "GLARE",
                "OCCLUSION",
                "KEY_FIELD_OCCLUDED",
                "FOLD",
                "KEY_FIELD_CREASED",
                "BORDER_INCOMPLETE",
                "COLOR_SCAN_REQUIRED",
                "LOW_RESOLUTION",
                "RESCREEN",
            ]
            .contains(&c.as_str())
        });
        if image_defect {
            assert!(
                truth.findings[0].region.is_some(),
                "{scenario}: an image defect has a region"
            );
        }
        if matches!(
            scenario,
            Scenario::KeyFieldOccluded | Scenario::KeyFieldCreased
        ) {
            assert!(
                truth.findings[0].field.is_some(),
                "{scenario}: names the key field"
            );
        }
    }
}

#[test]
fn every_truth_value_is_valid_against_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    generate(&options(dir.path(), 16, 2024, None), || {}).unwrap();
    let truths = truths(dir.path());
    assert_eq!(truths.len(), 16);
    let mut documents_checked = 0;
    for truth in &truths {
        let scenario: Scenario = truth.scenario.parse().unwrap();
        for document in &truth.documents {
            let field = |key: &str| {
                document
                    .fields
                    .get(key)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            match document.doc_type.as_str() {
                "business_license"
                    if scenario != Scenario::ChecksumFail
                        && scenario != Scenario::LicenseOldFormat =>
                {
                    let code = field("credit_code").expect("a licence has a credit code");
                    assert_eq!(
                        uscc::validate(&code),
                        Ok(()),
                        "{}: {code}",
                        truth.application
                    );
                    documents_checked += 1;
                }
                "id_card_front" if scenario != Scenario::ChecksumFail => {
                    let number = field("id_number").unwrap();
                    let info =
                        idcard::validate(&number).unwrap_or_else(|e| panic!("{number}: {e}"));
                    assert_eq!(info.birth_date.to_string(), field("birth_date").unwrap());
                    let sex = if field("sex").unwrap() == "男" {
                        idcard::Sex::Male
                    } else {
                        idcard::Sex::Female
                    };
                    assert_eq!(info.sex, sex, "{number}");
                    documents_checked += 1;
                }
                "vat_special_invoice" => {
                    let money = |key: &str| parse_yuan(&field(key).unwrap()).unwrap();
                    if scenario != Scenario::TotalMismatch {
                        assert_eq!(
                            money("amount") + money("tax_amount"),
                            money("total"),
                            "{}",
                            truth.application
                        );
                    }
                    if scenario != Scenario::WordsMismatch {
                        assert_eq!(
                            parse_words(&field("total_in_words").unwrap()),
                            Ok(money("total"))
                        );
                    }
                    let issued =
                        NaiveDate::parse_from_str(&field("issue_date").unwrap(), "%Y-%m-%d")
                            .unwrap();
                    assert!(issued <= truth.as_of);
                    documents_checked += 1;
                }
                _ => {}
            }
        }
    }
    assert!(
        documents_checked >= 16,
        "checked {documents_checked} documents"
    );
}
