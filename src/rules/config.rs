//! Settings of the rules RULES.md marks uncertain ([U]) or leaves to the product owner ([B]),
//! so that a `[rules]` table of a future `dossier.toml` can set them. Every default follows
//! §0.1: an uncertain rule raises a warning or `NEEDS_REVIEW`, never a silent reject.

use serde::{Deserialize, Serialize};

use crate::report::Severity;
use crate::rules::names::NameParams;

/// What the validators do where RULES.md is not sure. `Default` is the documented policy;
/// deserialising a partial table keeps the defaults for the keys it leaves out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// Mean OCR character confidence (0–1) below which a read is "low confidence": the
    /// mismatches of §3.1 (words vs figures) and §3.2 (totals) then go to review instead
    /// of rejection. 0.85 is the key-field threshold of §1.1.6/§6.3 [U].
    pub low_confidence_below: f32,

    /// Severity of a USCC whose positions 1–2 are not `9` + `1/2/3`, or whose positions
    /// 3–4 are not a province code (`USCC_UNEXPECTED_ISSUER`, §2.1). Position-1 codes beyond
    /// 1/5/9/Y are unverified and lists conflict (§10.6) [U]: `NEEDS_REVIEW`.
    pub uscc_unexpected_issuer: Severity,

    /// Severity of a 个体工商户 licence that still prints a 15-digit `注册号`
    /// (`LICENSE_OLD_FORMAT`, §1.1.1 exception) [U]: `NEEDS_REVIEW`. Other entities with an
    /// old-format licence are rejected (§1.1.1 [K]).
    pub individual_business_old_format: Severity,

    /// Severity of an ID validity period that is not 5, 10 or 20 years to the day, or not
    /// the length the holder's age at issue calls for (`ID_VALIDITY_SHAPE`, §1.2 [K]):
    /// `PASS_WITH_WARNING`, as §1.2 says.
    pub id_validity_shape: Severity,

    /// Severity of a 台湾居民来往大陆通行证 number in the one-time-permit shape
    /// `^[0-9A-Z]{10,12}$` (`PERMIT_NUMBER_FORMAT`, §1.3) [U]: `NEEDS_REVIEW`.
    pub taiwan_one_time_permit: Severity,

    /// Severity of a 核准号/基本存款账户编号 with a prefix other than `J` (`L` 临时, `Z` 专用
    /// are [U]) (`HEZHUN_FORMAT`, §1.4): `NEEDS_REVIEW`, as §1.4 says.
    pub hezhun_other_prefix: Severity,

    /// Fewest and most digits of a corporate (对公) account number after stripping spaces and
    /// `-` (§2.9, bounds [U]); outside them is a review, never a rejection.
    pub account_min_digits: usize,
    pub account_max_digits: usize,

    /// Severity of a 20-digit 数电 number whose digits 3–4 are not a known province code
    /// (§1.6.4: the codes of 计划单列市 are [U]): `PASS_WITH_WARNING`, as §1.6.4 says.
    pub shudian_unknown_region: Severity,

    /// How old, in days before the as-of date, a 专票 may be to prove 一般纳税人 status
    /// (§4 (c) and §6 `invoice_max_age_days`) [B]: 90.
    pub gt_proof_max_age_days: u32,

    /// Whether an invoice exactly `gt_proof_max_age_days` old still counts (§4 (c): boundary
    /// inclusivity is [U]; default inclusive).
    pub gt_proof_window_inclusive: bool,

    /// Tax rates, in whole percent, that count as 一般纳税人 evidence (§3.3 and §6
    /// `accepted_rates_percent`) [B]: 13, 9, 6.
    pub gt_accepted_rates_percent: Vec<u32>,

    /// Severity of a 代开 signal on an invoice offered as proof (`GT_PROOF_DAIKAI`, §3.4,
    /// §6 `reject_daikai`) [B]: `REJECT` (as proof); a product owner may soften it.
    pub gt_proof_daikai: Severity,

    /// Severity of a bank account name (the form's or the bank document's) that is not the
    /// licence name up to OCR look-alikes (`BANK_NAME_MISMATCH`, §5.4 bank rule) [B]:
    /// `REJECT`; read with low confidence it is always a review.
    pub bank_name_mismatch: Severity,

    /// How many documents (not counting the form) must agree on a company name that differs
    /// from the licence as read before the licence reading is taken for the error (§5.5):
    /// 2. One document and the form also suffice.
    pub names_outvote_min_documents: usize,

    /// An upload that matches no onboarding document is `WRONG_DOCUMENT` only when OCR read
    /// at least this many characters on it, at least this confidently on average; less
    /// text says nothing about what it is (it may be a blurred licence). 20 characters is a
    /// short line of a bank card; 0.90 is above what blurred print reads at.
    pub legible_min_characters: usize,
    pub legible_min_confidence: f32,

    /// Company-name comparison (§5.4): the look-alike cost and the thresholds.
    pub names: NameParams,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            low_confidence_below: 0.85,
            uscc_unexpected_issuer: Severity::NeedsReview,
            individual_business_old_format: Severity::NeedsReview,
            id_validity_shape: Severity::PassWithWarning,
            taiwan_one_time_permit: Severity::NeedsReview,
            hezhun_other_prefix: Severity::NeedsReview,
            account_min_digits: 8,
            account_max_digits: 32,
            shudian_unknown_region: Severity::PassWithWarning,
            gt_proof_max_age_days: 90,
            gt_proof_window_inclusive: true,
            gt_accepted_rates_percent: vec![13, 9, 6],
            gt_proof_daikai: Severity::Reject,
            bank_name_mismatch: Severity::Reject,
            names_outvote_min_documents: 2,
            legible_min_characters: 20,
            legible_min_confidence: 0.90,
            names: NameParams::default(),
        }
    }
}

impl RulesConfig {
    /// Whether a read with this mean character confidence is trusted enough to reject on.
    pub fn is_confident(&self, confidence: f32) -> bool {
        confidence >= self.low_confidence_below
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncertain_rules_never_reject_by_default() {
        let config = RulesConfig::default();
        for severity in [
            config.uscc_unexpected_issuer,
            config.individual_business_old_format,
            config.id_validity_shape,
            config.taiwan_one_time_permit,
            config.hezhun_other_prefix,
            config.shudian_unknown_region,
        ] {
            assert!(severity <= Severity::NeedsReview, "{severity}");
        }
    }

    #[test]
    fn a_partial_table_keeps_the_other_defaults() {
        let json =
            r#"{ "gt_proof_max_age_days": 60, "uscc_unexpected_issuer": "PASS_WITH_WARNING" }"#;
        let config: RulesConfig = serde_json::from_str(json).unwrap();
        assert_eq!(config.gt_proof_max_age_days, 60);
        assert_eq!(config.uscc_unexpected_issuer, Severity::PassWithWarning);
        assert_eq!(config.account_min_digits, 8);
        assert!(config.gt_proof_window_inclusive);
    }

    #[test]
    fn unknown_keys_are_an_error_not_ignored() {
        let json = r#"{ "gt_proof_max_age": 60 }"#;
        assert!(serde_json::from_str::<RulesConfig>(json).is_err());
    }

    #[test]
    fn confidence_threshold() {
        let config = RulesConfig::default();
        assert!(config.is_confident(0.85));
        assert!(!config.is_confident(0.84));
    }
}
