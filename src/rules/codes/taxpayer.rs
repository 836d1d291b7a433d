//! The 纳税人识别号 (taxpayer ID) printed on invoices (RULES.md §2.8): today the USCC itself,
//! formerly 15, 17, 18 or 20 alphanumeric characters.

use serde::{Deserialize, Serialize};

use super::uscc;

/// Marker of the temporary IDs the 2011 代开 system issued (§2.8, §3.4 signal 4) [V-weak].
const DAIKAI_MARKER: &str = "DK";

/// What a taxpayer ID is, by its length and checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxpayerIdKind {
    /// 18 characters that pass every USCC check: the only kind expected today.
    Uscc,
    /// 15 characters: 6-digit region + 9-character organisation code.
    Legacy15,
    /// 17 or 20 characters: an individual's ID number + 2 digits.
    LegacyPersonal,
    /// 18 characters that are not a valid USCC (an ID number, or a misread USCC).
    Legacy18,
}

/// Classifies a normalised taxpayer ID by `^([0-9A-Z]{15}|[0-9A-Z]{17,18}|[0-9A-Z]{20})$`
/// (§2.8); `None` when it has neither that length nor that charset.
pub fn classify(id: &str) -> Option<TaxpayerIdKind> {
    if !id
        .bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return None;
    }
    match id.len() {
        15 => Some(TaxpayerIdKind::Legacy15),
        17 | 20 => Some(TaxpayerIdKind::LegacyPersonal),
        18 if uscc::validate(id).is_ok() => Some(TaxpayerIdKind::Uscc),
        18 => Some(TaxpayerIdKind::Legacy18),
        _ => None,
    }
}

/// Whether a taxpayer ID carries the legacy 代开 marker `DK` (a 代开 signal, §3.4). The
/// marker belongs to the legacy IDs: in a valid credit code `DK` is just two characters of
/// the organisation code (1 in 31² codes holds them somewhere).
pub fn has_daikai_marker(id: &str) -> bool {
    id.contains(DAIKAI_MARKER) && classify(id) != Some(TaxpayerIdKind::Uscc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify("91330100716105852F"), Some(TaxpayerIdKind::Uscc));
        assert_eq!(
            classify("91330100716105852G"),
            Some(TaxpayerIdKind::Legacy18)
        );
        assert_eq!(
            classify("11010519491231002X"),
            Some(TaxpayerIdKind::Legacy18)
        );
        assert_eq!(classify("11010871526726X"), Some(TaxpayerIdKind::Legacy15));
        assert_eq!(
            classify("11010519491231002"),
            Some(TaxpayerIdKind::LegacyPersonal)
        );
        assert_eq!(
            classify("11010519491231002X01"),
            Some(TaxpayerIdKind::LegacyPersonal)
        );
    }

    #[test]
    fn rejects_other_lengths_and_characters() {
        for id in [
            "",
            "1234567890123",
            "1101087152672",
            "9133010071610585",
            "91330100716105852f",
        ] {
            assert_eq!(classify(id), None, "{id}");
        }
        assert_eq!(classify("913301007161058521234"), None);
        assert_eq!(classify("9133010071610585-F"), None);
    }

    #[test]
    fn daikai_marker() {
        assert!(has_daikai_marker("440300DK0001234"));
        assert!(!has_daikai_marker("91330100716105852F"));
        // A valid credit code that happens to hold `DK` is no 代开 marker.
        let valid = "0123456789X"
            .chars()
            .map(|org_check| format!("91330100DK000123{org_check}"))
            .filter_map(|body| Some(format!("{body}{}", uscc::check_char(&body)?)))
            .find(|code| classify(code) == Some(TaxpayerIdKind::Uscc))
            .expect("some organisation check digit makes the code valid");
        assert!(!has_daikai_marker(&valid));
    }
}
