//! The 统一社会信用代码 (unified social credit code, USCC) of GB 32100-2015 (RULES.md §2.1):
//! 18 characters over a 31-symbol charset, a mod-31 check character, and the GB 11714
//! organisation code embedded at positions 9–17 (§2.2).

use super::{idcard, orgcode, repair::Repair, repair::repair_code};

/// The 31 symbols of the USCC, each worth its index; I, O, S, V and Z are left out.
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights `3^(i-1) mod 31` of positions 1–17 (GB 32100-2015).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Modulus of the check character: the size of the charset, a prime, so every single
/// substitution changes the sum by a non-zero amount mod 31.
const MODULUS: u32 = 31;

/// Length of a USCC.
pub const LEN: usize = 18;

/// Positions 3–8 (0-based 2..8): the registration authority's GB/T 2260 region code, digits only.
const REGION: std::ops::Range<usize> = 2..8;

/// Positions 3–4 (0-based 2..4): the province part of the region code.
const PROVINCE: std::ops::Range<usize> = 2..4;

/// Positions 9–17 (0-based 8..17): the embedded organisation code with its own check.
const ORG_CODE: std::ops::Range<usize> = 8..17;

/// Region prefix of authorities at the national level (国家市场监督管理总局, 中央机构编制委员会),
/// e.g. `91100000100003962T` (中国工商银行), which both checks accept.
const NATIONAL_REGION_PREFIX: &str = "10";

/// Why a code is not a valid USCC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    /// Not 18 characters of `^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$` (§1.1.5).
    #[error(
        "not a USCC: 18 characters over 0-9 and A-Y without I, O, S, V, Z, with digits at positions 3-8"
    )]
    Format,
    /// The mod-31 check character does not match (`CHECKSUM_FAIL`).
    #[error("USCC check character is {found}, expected {expected}")]
    CheckChar { expected: char, found: char },
    /// The mod-31 check passes but the embedded GB 11714 check does not (`USCC_ORGCODE_FAIL`).
    #[error("the organisation code inside the USCC (positions 9-17) fails its GB 11714 check")]
    OrgCode,
}

/// The value of a USCC character (its index in [`CHARSET`]).
fn value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The 18th character for a 17-character body over [`CHARSET`], or `None` if the body has the
/// wrong length or a character outside the charset. A sum ≡ 0 (mod 31) gives `'0'`.
pub fn check_char(body17: &str) -> Option<char> {
    if body17.chars().count() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, weight) in body17.chars().zip(WEIGHTS) {
        sum += value(c)? * weight;
    }
    let index = (MODULUS - sum % MODULUS) % MODULUS;
    CHARSET.chars().nth(index as usize)
}

/// Whether `code` has the shape of §1.1.5: 18 charset characters, digits at positions 3–8.
fn has_format(code: &str) -> bool {
    code.len() == LEN
        && code.chars().enumerate().all(|(i, c)| {
            if REGION.contains(&i) {
                c.is_ascii_digit()
            } else {
                value(c).is_some()
            }
        })
}

/// Checks a normalised USCC (upper case, no spaces): its format, the mod-31 check character
/// and the embedded organisation-code check, in that order.
pub fn validate(code: &str) -> Result<(), UsccError> {
    if !has_format(code) {
        return Err(UsccError::Format);
    }
    // `has_format` guarantees 18 ASCII characters, so byte slicing is safe.
    let (body, found) = code.split_at(LEN - 1);
    let expected = check_char(body).ok_or(UsccError::Format)?;
    let found = found.chars().next().ok_or(UsccError::Format)?;
    if expected != found {
        return Err(UsccError::CheckChar { expected, found });
    }
    if !orgcode::is_valid(&code[ORG_CODE]) {
        return Err(UsccError::OrgCode);
    }
    Ok(())
}

/// Whether positions 3–4 name a province (RULES.md §2.4 list) or the national level (`10`).
///
/// A policy check, not part of [`validate`]: §2.1 asks for a province code, but codes issued
/// by national authorities carry `10` and pass both check digits, so the caller should turn a
/// miss into a review, never a rejection. Returns `false` for a code without the USCC format.
pub fn has_known_region(code: &str) -> bool {
    has_format(code)
        && (&code[PROVINCE] == NATIONAL_REGION_PREFIX || idcard::is_province_code(&code[PROVINCE]))
}

/// Repairs OCR confusions in a USCC (RULES.md §0.4). Letters outside the charset are first
/// mapped to their look-alike (`O→0`, `I→1`, `Z→2`, `S→5`, `V→U`); positions 3–8 take digits
/// only; a candidate must pass every check of [`validate`].
pub fn repair(raw: &str) -> Repair {
    let forced: String = raw.chars().map(outside_charset_look_alike).collect();
    match repair_code(&forced, |i| REGION.contains(&i), |c| validate(c).is_ok()) {
        Repair::AlreadyValid if forced != raw => Repair::Repaired(forced),
        outcome => outcome,
    }
}

/// Maps a letter the USCC charset never uses to its look-alike. `V` could be `U` or `Y`; `U`
/// is the closer shape and the one §0.4 lists as a confusion pair.
fn outside_charset_look_alike(c: char) -> char {
    match c {
        'O' => '0',
        'I' => '1',
        'Z' => '2',
        'S' => '5',
        'V' => 'U',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::codes::repair::confusion_substitutions;
    use proptest::prelude::*;

    /// The valid vectors of RULES.md §2.1 and §9.
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
    fn valid_vectors() {
        for code in VALID {
            assert_eq!(validate(code), Ok(()), "{code}");
            assert_eq!(check_char(&code[..17]), code.chars().last(), "{code}");
            assert!(has_known_region(code), "{code}");
        }
    }

    #[test]
    fn standard_worked_example() {
        assert_eq!(check_char("91350100M000100Y4"), Some('3'));
        // `Z` is outside the charset, so the printed example fails on format before the check.
        assert_eq!(validate("91350100M000100Y4Z"), Err(UsccError::Format));
        let expected = UsccError::CheckChar {
            expected: '3',
            found: 'Y',
        };
        assert_eq!(validate("91350100M000100Y4Y"), Err(expected));
    }

    #[test]
    fn blog_example_fails_both_checks() {
        assert_eq!(check_char("91310115MA1H8R7C6"), Some('7'));
        let expected = UsccError::CheckChar {
            expected: '7',
            found: 'D',
        };
        assert_eq!(validate("91310115MA1H8R7C6D"), Err(expected));
        // With the mod-31 character fixed, the embedded organisation code still fails.
        assert_eq!(validate("91310115MA1H8R7C67"), Err(UsccError::OrgCode));
    }

    #[test]
    fn sum_divisible_by_31_gives_zero_not_a_panic() {
        assert_eq!(check_char("00000000000000000"), Some('0'));
        // Σ over "91350100M000100Y" is 1528 ≡ 9, and 3·28 = 84 ≡ 22 = 31 − 9.
        assert_eq!(check_char("91350100M000100Y3"), Some('0'));
    }

    #[test]
    fn national_authorities_pass_both_checks() {
        // 中国工商银行 and 国务院办公厅: region `10`, not a province code.
        for code in ["91100000100003962T", "11100000000013127D"] {
            assert_eq!(validate(code), Ok(()), "{code}");
            assert!(has_known_region(code), "{code}");
        }
        let unknown_region = "91990000100003962T";
        assert!(!has_known_region(unknown_region));
        assert!(!has_known_region("9110"));
    }

    #[test]
    fn format_errors() {
        for code in [
            "",
            "91350100M000100Y4",
            "91350100M000100Y433",
            "913501O0M000100Y43",
            "9135010AM000100Y43",
            "91350100m000100Y43",
            "91350100I000100Y43",
            "9135０100M000100Y43",
            "91350100M000100Y4é",
        ] {
            assert_eq!(validate(code), Err(UsccError::Format), "{code}");
        }
        assert_eq!(check_char("91350100M000100Y"), None);
        assert_eq!(check_char("91350100M000100YO"), None);
    }

    #[test]
    fn repairs_of_rules_examples() {
        let cases = [
            ("9144O30071526726XG", "9144030071526726XG"),
            ("91330100716105B52F", "91330100716105852F"),
            ("91110108551385O82Q", "91110108551385082Q"),
            ("9I35052155323005XL", "9135052155323005XL"),
        ];
        for (raw, repaired) in cases {
            assert_eq!(repair(raw), Repair::Repaired(repaired.into()), "{raw}");
        }
        assert_eq!(repair("91350100M000100Y43"), Repair::AlreadyValid);
        assert_eq!(
            repair("91310115MA1H8R7C6D"),
            Repair::Unrepairable { candidates: 0 }
        );
    }

    #[test]
    fn confusions_of_the_vectors_repair_to_the_original() {
        let mut unique = 0;
        for code in VALID {
            for corrupted in confusion_substitutions(code) {
                match repair(&corrupted) {
                    Repair::Repaired(repaired) => {
                        assert_eq!(repaired, code, "{corrupted}");
                        unique += 1;
                    }
                    Repair::Unrepairable { candidates } => assert!(candidates > 1, "{corrupted}"),
                    Repair::AlreadyValid => panic!("{corrupted} passed as valid"),
                }
            }
        }
        assert!(unique > 0);
    }

    /// Valid USCCs: random charset symbols and region digits, with both checks computed.
    fn valid_uscc() -> impl Strategy<Value = String> {
        prop::collection::vec(0..MODULUS as usize, 16).prop_map(|indices| {
            let charset: Vec<char> = CHARSET.chars().collect();
            let body: String = indices
                .iter()
                .enumerate()
                .map(|(i, &v)| charset[if REGION.contains(&i) { v % 10 } else { v }])
                .collect();
            let with_org = format!("{body}{}", orgcode::check_char(&body[8..]).unwrap());
            format!("{with_org}{}", check_char(&with_org).unwrap())
        })
    }

    proptest! {
        #[test]
        fn generated_codes_are_valid(code in valid_uscc()) {
            prop_assert_eq!(validate(&code), Ok(()));
        }

        #[test]
        fn every_single_substitution_fails(code in valid_uscc()) {
            for i in 0..LEN {
                for replacement in CHARSET.chars() {
                    if code.as_bytes()[i] == replacement as u8 {
                        continue;
                    }
                    let mut corrupted = code.clone();
                    corrupted.replace_range(i..=i, replacement.encode_utf8(&mut [0; 4]));
                    prop_assert!(validate(&corrupted).is_err(), "{}", corrupted);
                }
            }
        }

        #[test]
        fn one_confusion_repairs_to_the_original_when_unique(
            code in valid_uscc(),
            pick in any::<prop::sample::Index>(),
        ) {
            let corruptions = confusion_substitutions(&code);
            prop_assume!(!corruptions.is_empty());
            let corrupted = &corruptions[pick.index(corruptions.len())];
            match repair(corrupted) {
                Repair::Repaired(repaired) => prop_assert_eq!(repaired, code),
                Repair::Unrepairable { candidates } => prop_assert!(candidates > 1),
                Repair::AlreadyValid => prop_assert!(false, "{} passed as valid", corrupted),
            }
        }
    }
}
