use super::*;
use crate::report::Severity;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn codes<T>(checked: &Checked<T>) -> Vec<FindingCode> {
    checked.findings.iter().map(|f| f.code).collect()
}

/// The valid USCC vectors of RULES.md §9.
const VALID: [&str; 7] = [
    "91350100M000100Y43",
    "91330100716105852F",
    "9144030071526726XG",
    "914403001922038216",
    "91110108551385082Q",
    "9135052155323005XL",
    "91110000600037341L",
];

#[test]
fn valid_vectors_pass_clean() {
    let config = RulesConfig::default();
    for code in VALID {
        let checked = check_credit_code(code, &config);
        assert_eq!(checked.value.as_deref(), Some(code), "{code}");
        assert!(checked.is_clean(), "{code}: {:?}", checked.findings);
    }
}

#[test]
fn printed_spacing_and_full_width_are_normalised() {
    let checked = check_credit_code("9133 0100 7161 0585 2f", &RulesConfig::default());
    assert_eq!(checked.value.as_deref(), Some("91330100716105852F"));
    assert!(checked.is_clean());
    let wide = check_credit_code(
        "９１３３０１００７１６１０５８５２Ｆ",
        &RulesConfig::default(),
    );
    assert_eq!(wide.value.as_deref(), Some("91330100716105852F"));
}

#[test]
fn repairable_vectors_are_repaired_with_a_warning() {
    let config = RulesConfig::default();
    for (raw, repaired) in [
        ("9144O30071526726XG", "9144030071526726XG"),
        ("91330100716105B52F", "91330100716105852F"),
        ("91110108551385O82Q", "91110108551385082Q"),
    ] {
        let checked = check_credit_code(raw, &config);
        assert_eq!(checked.value.as_deref(), Some(repaired), "{raw}");
        assert_eq!(codes(&checked), [FindingCode::OcrRepaired], "{raw}");
        assert_eq!(checked.findings[0].severity, Severity::PassWithWarning);
        assert_eq!(checked.findings[0].field.as_deref(), Some("credit_code"));
    }
}

#[test]
fn invalid_vectors_fail_the_checksum_for_review() {
    let config = RulesConfig::default();
    for raw in ["91350100M000100Y4Z", "91310115MA1H8R7C6D", "9135", ""] {
        let checked = check_credit_code(raw, &config);
        assert_eq!(checked.value, None, "{raw}");
        assert_eq!(codes(&checked), [FindingCode::ChecksumFail], "{raw}");
        assert_eq!(checked.findings[0].severity, Severity::NeedsReview);
    }
}

#[test]
fn embedded_organisation_code_failure_is_its_own_code() {
    // §2.1 negative vector with the mod-31 character fixed: only the org code fails.
    let checked = check_credit_code("91310115MA1H8R7C67", &RulesConfig::default());
    assert_eq!(checked.value.as_deref(), Some("91310115MA1H8R7C67"));
    assert_eq!(codes(&checked), [FindingCode::UsccOrgcodeFail]);
    assert_eq!(checked.findings[0].severity, Severity::NeedsReview);
}

#[test]
fn non_supplier_issuers_go_to_review_by_default() {
    // 国务院办公厅 (1 机构编制) and a region-less code: valid, but not a supplier's.
    let config = RulesConfig::default();
    let office = check_credit_code("11100000000013127D", &config);
    assert_eq!(office.value.as_deref(), Some("11100000000013127D"));
    assert_eq!(codes(&office), [FindingCode::UsccUnexpectedIssuer]);
    assert_eq!(office.findings[0].severity, Severity::NeedsReview);

    let relaxed = RulesConfig {
        uscc_unexpected_issuer: Severity::PassWithWarning,
        ..RulesConfig::default()
    };
    let office = check_credit_code("11100000000013127D", &relaxed);
    assert_eq!(office.findings[0].severity, Severity::PassWithWarning);
}

#[test]
fn unknown_province_is_an_unexpected_issuer() {
    // `91990000100003962T` with a recomputed check: the org code is unchanged.
    let body = "91990000100003962";
    let code = format!("{body}{}", uscc::check_char(body).unwrap());
    let checked = check_credit_code(&code, &RulesConfig::default());
    assert_eq!(codes(&checked), [FindingCode::UsccUnexpectedIssuer]);
    assert!(
        checked.findings[0]
            .detail
            .as_deref()
            .unwrap()
            .contains("province")
    );
}

#[test]
fn old_format_rejects_except_individual_businesses() {
    let config = RulesConfig::default();
    let company = old_format_licence("110108000000016", "有限责任公司(自然人投资或控股)", &config);
    assert_eq!(company.code, FindingCode::LicenseOldFormat);
    assert_eq!(company.severity, Severity::Reject);
    assert!(company.detail.as_deref().unwrap().contains("passes"));
    let shop = old_format_licence("110108000000017", "个体工商户", &config);
    assert_eq!(shop.severity, Severity::NeedsReview);
    assert!(shop.detail.as_deref().unwrap().contains("fails"));
}

#[test]
fn licence_terms_against_the_as_of_date() {
    let as_of = date(2025, 6, 1);
    let running = check_licence_term("2019年3月5日至2039年3月4日", as_of);
    assert!(running.is_clean());
    let long = check_licence_term("2019年03月05日至长期", as_of);
    assert!(long.is_clean());
    assert_eq!(long.value.unwrap().end, TermEnd::LongTerm);
    assert!(check_licence_term("长期", as_of).is_clean());
    let last_day = check_licence_term("2005年6月1日至2025年6月1日", as_of);
    assert!(last_day.is_clean());

    let expired = check_licence_term("2005年5月31日至2025年5月31日", as_of);
    assert_eq!(codes(&expired), [FindingCode::LicenseTermExpired]);
    assert_eq!(expired.findings[0].severity, Severity::Reject);
    assert_eq!(expired.findings[0].field.as_deref(), Some("term_end"));

    let unreadable = check_licence_term("2019年3月5日至2039年2月30日", as_of);
    assert_eq!(unreadable.value, None);
    assert_eq!(codes(&unreadable), [FindingCode::DateInvalid]);
}

#[test]
fn founding_dates_may_not_be_in_the_future() {
    let as_of = date(2025, 6, 1);
    let founded = check_past_date("2019年03月05日", as_of, "established_date");
    assert_eq!(founded.value, Some(date(2019, 3, 5)));
    assert!(founded.is_clean());
    assert!(check_past_date("2025年6月1日", as_of, "established_date").is_clean());
    let future = check_past_date("2025年6月2日", as_of, "established_date");
    assert_eq!(codes(&future), [FindingCode::DateInvalid]);
    let bad = check_past_date("2025年2月29日", as_of, "established_date");
    assert_eq!(
        (bad.value, codes(&bad)),
        (None, vec![FindingCode::DateInvalid])
    );
}

mod corruption {
    use super::*;
    use crate::rules::codes::orgcode;
    use proptest::prelude::*;

    /// Valid USCCs: random charset symbols and region digits, both checks computed.
    fn valid_uscc() -> impl Strategy<Value = String> {
        prop::collection::vec(0..uscc::CHARSET.len(), 16).prop_map(|indices| {
            let charset: Vec<char> = uscc::CHARSET.chars().collect();
            let body: String = indices
                .iter()
                .enumerate()
                .map(|(i, &v)| charset[if (2..8).contains(&i) { v % 10 } else { v }])
                .collect();
            let with_org = format!("{body}{}", orgcode::check_char(&body[8..]).unwrap());
            format!("{with_org}{}", uscc::check_char(&with_org).unwrap())
        })
    }

    proptest! {
        /// RULES.md §7: every single-character corruption of a valid USCC is caught: the
        /// corrupted text is never accepted as read. It fails for review, or the §0.4 repair
        /// replaces it with a valid code and says so.
        #[test]
        fn every_single_character_corruption_is_caught(code in valid_uscc()) {
            let config = RulesConfig::default();
            let replacements = uscc::CHARSET.chars().chain(['O', 'I', 'Z', 'S', 'V']);
            for replacement in replacements {
                for i in 0..code.len() {
                    if code.as_bytes()[i] == replacement as u8 {
                        continue;
                    }
                    let mut corrupted = code.clone();
                    corrupted.replace_range(i..=i, replacement.encode_utf8(&mut [0; 4]));
                    let checked = check_credit_code(&corrupted, &config);
                    let first = checked.findings.first().map(|f| f.code);
                    match checked.value.as_deref() {
                        None => prop_assert_eq!(first, Some(FindingCode::ChecksumFail)),
                        Some(value) => {
                            prop_assert_ne!(value, corrupted.as_str());
                            prop_assert_eq!(uscc::validate(value), Ok(()));
                            prop_assert_eq!(first, Some(FindingCode::OcrRepaired));
                        }
                    }
                }
            }
        }
    }
}
