use super::*;
use crate::rules::codes::repair::CONFUSION_PAIRS;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn as_of() -> NaiveDate {
    date(2025, 6, 1)
}

fn codes<T>(checked: &Checked<T>) -> Vec<FindingCode> {
    checked.findings.iter().map(|f| f.code).collect()
}

const NOTHING_PRINTED: PrintedIdFields<'static> = PrintedIdFields {
    birth: None,
    sex: None,
};

#[test]
fn valid_id_vectors() {
    let printed = PrintedIdFields {
        birth: Some("1949年12月31日"),
        sex: Some("女"),
    };
    let checked = check_id_number("11010519491231002X", printed, as_of());
    assert!(checked.is_clean(), "{:?}", checked.findings);
    let id = checked.value.unwrap();
    assert_eq!(id.info.birth_date, date(1949, 12, 31));
    let printed = PrintedIdFields {
        birth: Some("1991年1月1日"),
        sex: Some("男"),
    };
    assert!(check_id_number("360426199101010071", printed, as_of()).is_clean());
}

#[test]
fn the_1880_vector_passes_its_check_but_not_the_1900_floor() {
    // RULES §9 lists 440524188001010014 as valid: its check character is right, but §2.4
    // also asks for a birth date from 1900-01-01, so it cannot pass as a live ID.
    let checked = check_id_number("440524188001010014", NOTHING_PRINTED, as_of());
    assert_eq!(codes(&checked), [FindingCode::ChecksumFail]);
    assert!(
        checked.findings[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("1900")
    );
}

#[test]
fn first_generation_numbers_are_rejected_with_the_conversion() {
    let checked = check_id_number("110105491231002", NOTHING_PRINTED, as_of());
    assert_eq!(codes(&checked), [FindingCode::IdFirstGen]);
    assert_eq!(checked.findings[0].severity, Severity::Reject);
    assert!(
        checked.findings[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("11010519491231002X")
    );
}

#[test]
fn repairs_once_and_reports_it() {
    let checked = check_id_number("11010519491231D02X", NOTHING_PRINTED, as_of());
    assert_eq!(checked.value.as_ref().unwrap().number, "11010519491231002X");
    assert_eq!(codes(&checked), [FindingCode::OcrRepaired]);
    let lower_x = check_id_number("11010519491231002x", NOTHING_PRINTED, as_of());
    assert!(lower_x.is_clean());
}

#[test]
fn wrong_check_character_is_a_checksum_failure() {
    let checked = check_id_number("110105194912310021", NOTHING_PRINTED, as_of());
    assert_eq!(checked.value, None);
    assert_eq!(codes(&checked), [FindingCode::ChecksumFail]);
    assert_eq!(checked.findings[0].severity, Severity::NeedsReview);
}

#[test]
fn printed_birth_and_sex_are_compared() {
    let printed = PrintedIdFields {
        birth: Some("1949年12月30日"),
        sex: Some("男"),
    };
    let checked = check_id_number("11010519491231002X", printed, as_of());
    assert_eq!(
        codes(&checked),
        [FindingCode::IdBirthMismatch, FindingCode::IdGenderMismatch]
    );
    assert!(
        checked
            .findings
            .iter()
            .all(|f| f.severity == Severity::Reject)
    );
    let unreadable = PrintedIdFields {
        birth: Some("1949年13月31日"),
        sex: Some("?"),
    };
    let checked = check_id_number("11010519491231002X", unreadable, as_of());
    assert_eq!(codes(&checked), [FindingCode::DateInvalid]);
}

#[test]
fn residence_permit_vectors() {
    for number in [
        "810000199408230021",
        "830000199201300022",
        "820000200009100032",
    ] {
        let checked = check_residence_permit_number(number, NOTHING_PRINTED, as_of());
        assert!(checked.is_clean(), "{number}: {:?}", checked.findings);
    }
    let mainland = check_residence_permit_number("11010519491231002X", NOTHING_PRINTED, as_of());
    assert_eq!(codes(&mainland), [FindingCode::PermitNumberFormat]);
    let repaired = check_residence_permit_number("81OOOO199408230021", NOTHING_PRINTED, as_of());
    assert_eq!(
        repaired.value.as_ref().unwrap().number,
        "810000199408230021"
    );
    assert_eq!(codes(&repaired), [FindingCode::OcrRepaired]);
}

#[test]
fn permit_numbers() {
    let config = RulesConfig::default();
    let check = |kind, raw| check_permit_number(kind, raw, &config);
    assert!(check(PermitKind::HkMacau, "H12345678").is_clean());
    assert!(check(PermitKind::HkMacau, "M1234567801").is_clean());
    assert_eq!(
        codes(&check(PermitKind::HkMacau, "X12345678")),
        [FindingCode::PermitNumberFormat]
    );
    assert!(check(PermitKind::Taiwan, "12345678").is_clean());
    let one_time = check(PermitKind::Taiwan, "T12345678A");
    assert_eq!(codes(&one_time), [FindingCode::PermitNumberFormat]);
    assert_eq!(one_time.value.as_deref(), Some("T12345678A"));
    assert_eq!(one_time.findings[0].severity, Severity::NeedsReview);
    assert!(check(PermitKind::PermanentResidence, "911840198001010013").is_clean());
    assert!(check(PermitKind::PermanentResidence, "USA110080010180").is_clean());
    let repaired = check(PermitKind::PermanentResidence, "9118401980O1010013");
    assert_eq!(repaired.value.as_deref(), Some("911840198001010013"));
    assert_eq!(codes(&repaired), [FindingCode::OcrRepaired]);
    let wrong = check(PermitKind::PermanentResidence, "911840198001010014");
    assert_eq!(codes(&wrong), [FindingCode::ChecksumFail]);
    assert!(check(PermitKind::PrcPassport, "E12345678").is_clean());
    assert_eq!(
        codes(&check(PermitKind::PrcPassport, "E1234")),
        [FindingCode::PermitNumberFormat]
    );
}

#[test]
fn id_validity_expiry() {
    let config = RulesConfig::default();
    let birth = Some(date(1975, 1, 1));
    let running = check_id_validity("2015.06.01-2035.06.01", birth, as_of(), &config);
    assert!(running.is_clean(), "{:?}", running.findings);
    let last_day = check_id_validity("2005.06.01-2025.06.01", birth, as_of(), &config);
    assert!(last_day.is_clean(), "{:?}", last_day.findings);
    let expired = check_id_validity("2005.05.31-2025.05.31", birth, as_of(), &config);
    assert_eq!(codes(&expired), [FindingCode::IdExpired]);
    assert_eq!(expired.findings[0].severity, Severity::Reject);
    assert_eq!(expired.findings[0].field.as_deref(), Some("valid_to"));
    let unreadable = check_id_validity("2015.06.01-2035.06.31", birth, as_of(), &config);
    assert_eq!(codes(&unreadable), [FindingCode::DateInvalid]);
}

#[test]
fn id_validity_shape_by_length_and_age() {
    let config = RulesConfig::default();
    let shape = |text, birth| codes(&check_id_validity(text, birth, as_of(), &config));
    // Not 5, 10 or 20 years to the day.
    assert_eq!(
        shape("2015.06.01-2035.05.31", None),
        [FindingCode::IdValidityShape]
    );
    assert_eq!(
        shape("2015.06.01-2030.06.01", None),
        [FindingCode::IdValidityShape]
    );
    // Without a birth date any statutory length passes.
    assert!(shape("2020.06.01-2025.06.01", None).is_empty());
    // By age at issue: 12 → 5, 20 → 10, 30 → 20, 50 → 长期.
    assert!(shape("2020.06.01-2025.06.01", Some(date(2008, 1, 1))).is_empty());
    assert!(shape("2020.06.01-2030.06.01", Some(date(2000, 1, 1))).is_empty());
    assert!(shape("2020.06.01-2040.06.01", Some(date(1990, 1, 1))).is_empty());
    assert!(shape("2020.06.01-长期", Some(date(1970, 1, 1))).is_empty());
    // A 30-year-old with a 10-year card, a 50-year-old with a 20-year card, a 20-year-old
    // with 长期.
    assert_eq!(
        shape("2020.06.01-2030.06.01", Some(date(1990, 1, 1))),
        [FindingCode::IdValidityShape]
    );
    assert_eq!(
        shape("2020.06.01-2040.06.01", Some(date(1970, 1, 1))),
        [FindingCode::IdValidityShape]
    );
    assert_eq!(
        shape("2020.06.01-长期", Some(date(2000, 1, 1))),
        [FindingCode::IdValidityShape]
    );
    // Turned 26 after applying, before the printed start: the 10-year card still fits.
    assert!(shape("2020.06.01-2030.06.01", Some(date(1994, 5, 1))).is_empty());
    let warning = check_id_validity("2015.06.01-2035.05.31", None, as_of(), &config);
    assert_eq!(warning.findings[0].severity, Severity::PassWithWarning);
}

#[test]
fn document_expiry() {
    assert!(check_document_expiry("2030-01-01", as_of()).is_clean());
    assert!(check_document_expiry("长期", as_of()).is_clean());
    let expired = check_document_expiry("2025.05.31", as_of());
    assert_eq!(codes(&expired), [FindingCode::IdExpired]);
    assert_eq!(
        codes(&check_document_expiry("soon", as_of())),
        [FindingCode::DateInvalid]
    );
}

#[test]
fn mrz_specimen() {
    let line1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    let line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let valid = check_mrz(line1, line2, date(2010, 1, 1));
    assert!(valid.is_clean());
    assert_eq!(valid.value.unwrap().surname, "ERIKSSON");
    let expired = check_mrz(line1, line2, as_of());
    assert_eq!(codes(&expired), [FindingCode::IdExpired]);
    let broken = check_mrz(line1, &line2.replacen("C36", "C35", 1), date(2010, 1, 1));
    assert_eq!(codes(&broken), [FindingCode::MrzCheckFail]);
    assert_eq!(broken.findings[0].severity, Severity::NeedsReview);
}

#[test]
fn legal_rep_age() {
    assert_eq!(check_legal_rep_age(date(2007, 6, 1), as_of()), None);
    let seventeen = check_legal_rep_age(date(2007, 6, 2), as_of()).unwrap();
    assert_eq!(
        (seventeen.code, seventeen.severity),
        (FindingCode::LegalRepUnderage, Severity::NeedsReview)
    );
    let fifteen = check_legal_rep_age(date(2010, 1, 1), as_of()).unwrap();
    assert_eq!(fifteen.severity, Severity::Reject);
}

/// Valid mainland ID numbers born 1900-01-01 to the as-of date.
fn valid_id() -> impl Strategy<Value = String> {
    let max_days = (as_of() - date(1900, 1, 1)).num_days();
    (11u32..=65, 0u32..10_000, 0..=max_days, 0u32..1000).prop_map(
        |(province, area, days, sequence)| {
            let birth = date(1900, 1, 1) + chrono::Duration::days(days);
            let body = format!(
                "{province:02}{area:04}{}{sequence:03}",
                birth.format("%Y%m%d")
            );
            format!("{body}{}", idcard::check_char(&body).unwrap())
        },
    )
}

/// What OCR may put in place of a character: any other digit, `X`, and the letters of the
/// §0.4 confusion pairs and forced look-alikes.
fn replacements() -> Vec<char> {
    let mut out: Vec<char> = ('0'..='9').chain(['X', 'O', 'I', 'Z', 'S']).collect();
    for (a, b) in CONFUSION_PAIRS {
        out.extend([a, b]);
    }
    out.sort_unstable();
    out.dedup();
    out
}

proptest! {
    /// RULES.md §7: every single-character corruption of a valid ID number is caught. Either
    /// the check fails, or the §0.4 repair brings back exactly the original; the corrupted
    /// text is never accepted as it was read.
    #[test]
    fn every_single_character_corruption_is_caught(id in valid_id()) {
        for i in 0..id.len() {
            for replacement in replacements() {
                if id.as_bytes()[i] == replacement as u8 {
                    continue;
                }
                let mut corrupted = id.clone();
                corrupted.replace_range(i..=i, replacement.encode_utf8(&mut [0; 4]));
                let checked = check_id_number(&corrupted, NOTHING_PRINTED, as_of());
                match &checked.value {
                    None => prop_assert_eq!(codes(&checked), vec![FindingCode::ChecksumFail]),
                    Some(repaired) => {
                        prop_assert_eq!(&repaired.number, &id, "{}", corrupted);
                        prop_assert_eq!(codes(&checked), vec![FindingCode::OcrRepaired]);
                    }
                }
            }
        }
    }
}
