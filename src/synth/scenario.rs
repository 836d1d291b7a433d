//! The scenarios a generated application can carry, each with the findings it must raise.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// One defect or rule violation planted in an application (or none: `Clean`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    Clean,
    // Image quality.
    Blur,
    Glare,
    Occlusion,
    KeyFieldOccluded,
    Fold,
    KeyFieldCreased,
    BorderIncomplete,
    ColorScanRequired,
    LowResolution,
    Rescreen,
    // Completeness of the set.
    WrongDocument,
    MissingDocument,
    DuplicateUpload,
    // Content (RULES.md §8).
    NameMismatch,
    NameNearMatch,
    LegalRepMismatch,
    CreditCodeMismatch,
    PermitNameMismatch,
    AccountNameMismatch,
    ChecksumFail,
    IdExpired,
    LicenseExpired,
    LicenseOldFormat,
    SmallScaleRate,
    Daikai,
    InvoiceTooOld,
    SellerNotApplicant,
    TotalMismatch,
    WordsMismatch,
}

impl Scenario {
    pub const ALL: [Scenario; 30] = [
        Scenario::Clean,
        Scenario::Blur,
        Scenario::Glare,
        Scenario::Occlusion,
        Scenario::KeyFieldOccluded,
        Scenario::Fold,
        Scenario::KeyFieldCreased,
        Scenario::BorderIncomplete,
        Scenario::ColorScanRequired,
        Scenario::LowResolution,
        Scenario::Rescreen,
        Scenario::WrongDocument,
        Scenario::MissingDocument,
        Scenario::DuplicateUpload,
        Scenario::NameMismatch,
        Scenario::NameNearMatch,
        Scenario::LegalRepMismatch,
        Scenario::CreditCodeMismatch,
        Scenario::PermitNameMismatch,
        Scenario::AccountNameMismatch,
        Scenario::ChecksumFail,
        Scenario::IdExpired,
        Scenario::LicenseExpired,
        Scenario::LicenseOldFormat,
        Scenario::SmallScaleRate,
        Scenario::Daikai,
        Scenario::InvoiceTooOld,
        Scenario::SellerNotApplicant,
        Scenario::TotalMismatch,
        Scenario::WordsMismatch,
    ];

    /// The name used on the command line and in `truth.json` (`key_field_occluded`).
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Clean => "clean",
            Scenario::Blur => "blur",
            Scenario::Glare => "glare",
            Scenario::Occlusion => "occlusion",
            Scenario::KeyFieldOccluded => "key_field_occluded",
            Scenario::Fold => "fold",
            Scenario::KeyFieldCreased => "key_field_creased",
            Scenario::BorderIncomplete => "border_incomplete",
            Scenario::ColorScanRequired => "color_scan_required",
            Scenario::LowResolution => "low_resolution",
            Scenario::Rescreen => "rescreen",
            Scenario::WrongDocument => "wrong_document",
            Scenario::MissingDocument => "missing_document",
            Scenario::DuplicateUpload => "duplicate_upload",
            Scenario::NameMismatch => "name_mismatch",
            Scenario::NameNearMatch => "name_near_match",
            Scenario::LegalRepMismatch => "legal_rep_mismatch",
            Scenario::CreditCodeMismatch => "credit_code_mismatch",
            Scenario::PermitNameMismatch => "permit_name_mismatch",
            Scenario::AccountNameMismatch => "account_name_mismatch",
            Scenario::ChecksumFail => "checksum_fail",
            Scenario::IdExpired => "id_expired",
            Scenario::LicenseExpired => "license_expired",
            Scenario::LicenseOldFormat => "license_old_format",
            Scenario::SmallScaleRate => "small_scale_rate",
            Scenario::Daikai => "daikai",
            Scenario::InvoiceTooOld => "invoice_too_old",
            Scenario::SellerNotApplicant => "seller_not_applicant",
            Scenario::TotalMismatch => "total_mismatch",
            Scenario::WordsMismatch => "words_mismatch",
        }
    }

    /// Whether the scenario needs a general taxpayer with an invoice as proof.
    pub fn needs_invoice(self) -> bool {
        matches!(
            self,
            Scenario::SmallScaleRate
                | Scenario::Daikai
                | Scenario::InvoiceTooOld
                | Scenario::SellerNotApplicant
                | Scenario::TotalMismatch
                | Scenario::WordsMismatch
        )
    }

    /// A scenario for an application of a mixed set: clean `CLEAN_SHARE` of the time,
    /// otherwise any other scenario with equal chance.
    pub fn random(rng: &mut ChaCha8Rng) -> Scenario {
        /// Clean applications are the majority in real traffic; 40% keeps every defect
        /// frequent enough to measure on a few hundred applications.
        const CLEAN_SHARE: f64 = 0.4;
        if rng.random_bool(CLEAN_SHARE) {
            Scenario::Clean
        } else {
            Scenario::ALL[rng.random_range(1..Scenario::ALL.len())]
        }
    }
}

impl std::str::FromStr for Scenario {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Scenario::ALL
            .iter()
            .copied()
            .find(|sc| sc.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
                format!("unknown scenario `{s}`; one of: {}", names.join(", "))
            })
    }
}

impl std::fmt::Display for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
        for s in Scenario::ALL {
            assert_eq!(s.name().parse::<Scenario>(), Ok(s));
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Scenario::ALL.len());
        assert_eq!(
            "KEY-FIELD-OCCLUDED".parse::<Scenario>(),
            Ok(Scenario::KeyFieldOccluded)
        );
        assert!("sunburn".parse::<Scenario>().is_err());
    }
}
