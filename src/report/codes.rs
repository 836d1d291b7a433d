//! The stable finding codes of RULES.md §8 and REPORT.md, as one enum that prints as those strings.

use serde::{Deserialize, Serialize};

use super::Severity;

/// A stable machine code for a finding. Serialised as the upper-case identifier
/// (`FILE_TOO_LARGE`); these strings are a contract with the console, evaluation
/// and downstream systems, so variants may be added but never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingCode {
    // File and image (REPORT.md "Finding codes", RULES.md §8).
    FileTooLarge,
    FileUnreadable,
    LowResolution,
    Blur,
    Glare,
    Occlusion,
    Fold,
    BorderIncomplete,
    ColorScanRequired,
    Rescreen,
    KeyFieldOccluded,
    KeyFieldCreased,
    SealMissing,
    // Completeness of the set.
    WrongDocument,
    MissingDocument,
    DuplicateUpload,
    // The form the supplier typed (`application.json`).
    FormInvalid,
    // The pipeline itself failed on this application; a person must look.
    PipelineError,
    // Code checks.
    OcrRepaired,
    ChecksumFail,
    UsccOrgcodeFail,
    UsccUnexpectedIssuer,
    // Licence.
    LicenseOldFormat,
    LicenseTermExpired,
    // Identity documents.
    IdExpired,
    IdFirstGen,
    IdBirthMismatch,
    IdGenderMismatch,
    IdValidityShape,
    PermitNumberFormat,
    MrzCheckFail,
    // Bank.
    BankNameMismatch,
    AccountLooksLikePersonalCard,
    HezhunFormat,
    // Invoice.
    InvoiceTypeConflict,
    InvoiceQrMismatch,
    InvoiceTotalMismatch,
    InvoiceLineTaxTolerance,
    AmountWordsUnparseable,
    AmountWordsMismatch,
    InvoiceRedLetter,
    InvoiceSellerIdMismatch,
    // Proof of general-taxpayer status.
    GtProofNotSpecial,
    GtProofSmallScaleRate,
    GtProofDaikai,
    GtProofTooOld,
    GtProofOldCert,
    // Names.
    NameOcrVariant,
    NameNearMatch,
    NameMismatch,
    NameLegalFormDiff,
    NameBranchDiff,
    NameParenDiff,
    // Cross-document identity (RULES.md §6.6): no code is given there, so these are added.
    LegalRepMismatch,
    CreditCodeMismatch,
    // Field checks RULES.md asks for without naming a code (§1.1.5, §1.2, §1.6.4, §2.7–§2.9,
    // §3.2, §3.3), added by the validators of `rules`.
    DateInvalid,
    InvoiceCodeFormat,
    TaxpayerIdFormat,
    AccountNumberFormat,
    LegalRepUnderage,
    InvoiceRateUnexpected,
    InvoiceLinePriceTolerance,
    // Cross-document checks RULES.md §6.6 asks for without naming a code.
    IdNumberMismatch,
    AccountNumberMismatch,
    /// The licence name as read differs from the name the form and the other documents
    /// agree on (§5.5): the licence read itself may be wrong, so a person looks.
    NameSourcesDisagree,
    /// A field a cross-document check needs could not be read, so the check could not run.
    FieldUnread,
}

impl FindingCode {
    /// Every code, in declaration order (for tests, docs and evaluation tables).
    pub const ALL: &'static [FindingCode] = &[
        Self::FileTooLarge,
        Self::FileUnreadable,
        Self::LowResolution,
        Self::Blur,
        Self::Glare,
        Self::Occlusion,
        Self::Fold,
        Self::BorderIncomplete,
        Self::ColorScanRequired,
        Self::Rescreen,
        Self::KeyFieldOccluded,
        Self::KeyFieldCreased,
        Self::SealMissing,
        Self::WrongDocument,
        Self::MissingDocument,
        Self::DuplicateUpload,
        Self::FormInvalid,
        Self::PipelineError,
        Self::OcrRepaired,
        Self::ChecksumFail,
        Self::UsccOrgcodeFail,
        Self::UsccUnexpectedIssuer,
        Self::LicenseOldFormat,
        Self::LicenseTermExpired,
        Self::IdExpired,
        Self::IdFirstGen,
        Self::IdBirthMismatch,
        Self::IdGenderMismatch,
        Self::IdValidityShape,
        Self::PermitNumberFormat,
        Self::MrzCheckFail,
        Self::BankNameMismatch,
        Self::AccountLooksLikePersonalCard,
        Self::HezhunFormat,
        Self::InvoiceTypeConflict,
        Self::InvoiceQrMismatch,
        Self::InvoiceTotalMismatch,
        Self::InvoiceLineTaxTolerance,
        Self::AmountWordsUnparseable,
        Self::AmountWordsMismatch,
        Self::InvoiceRedLetter,
        Self::InvoiceSellerIdMismatch,
        Self::GtProofNotSpecial,
        Self::GtProofSmallScaleRate,
        Self::GtProofDaikai,
        Self::GtProofTooOld,
        Self::GtProofOldCert,
        Self::NameOcrVariant,
        Self::NameNearMatch,
        Self::NameMismatch,
        Self::NameLegalFormDiff,
        Self::NameBranchDiff,
        Self::NameParenDiff,
        Self::LegalRepMismatch,
        Self::CreditCodeMismatch,
        Self::DateInvalid,
        Self::InvoiceCodeFormat,
        Self::TaxpayerIdFormat,
        Self::AccountNumberFormat,
        Self::LegalRepUnderage,
        Self::InvoiceRateUnexpected,
        Self::InvoiceLinePriceTolerance,
        Self::IdNumberMismatch,
        Self::AccountNumberMismatch,
        Self::NameSourcesDisagree,
        Self::FieldUnread,
    ];

    /// The code as it appears in reports (`"FILE_TOO_LARGE"`).
    pub fn as_str(self) -> &'static str {
        // Discriminants run 0..N in declaration order, the order of `CODE_NAMES`;
        // a unit test checks every entry against the serde spelling.
        CODE_NAMES[self as usize]
    }

    /// Whether the finding is a defect of the photo itself (blur, glare, a cover, a fold,
    /// a cut-off border, no colour, too few pixels, a screen): what makes a document
    /// "degraded" when reading accuracy is measured.
    pub fn is_image_defect(self) -> bool {
        use FindingCode::*;
        matches!(
            self,
            LowResolution
                | Blur
                | Glare
                | Occlusion
                | Fold
                | BorderIncomplete
                | ColorScanRequired
                | Rescreen
                | KeyFieldOccluded
                | KeyFieldCreased
        )
    }

    /// Whether the finding comes from the file or its pixels (ingest, image quality, OCR) or
    /// from the form's parsing, rather than from the rules on what was read: such findings
    /// stay when a stored report's rules are re-checked. `OCR_REPAIRED` is among them
    /// because the stored fields already hold the repaired values.
    pub fn is_from_reading(self) -> bool {
        use FindingCode::*;
        self.is_image_defect()
            || matches!(
                self,
                FileTooLarge
                    | FileUnreadable
                    | SealMissing
                    | FormInvalid
                    | PipelineError
                    | OcrRepaired
            )
    }

    /// The severity a finding with this code gets unless the check that raises it says
    /// otherwise (RULES.md §6.1 for files, REPORT.md for image quality, and the rule sections
    /// of RULES.md that name a code's result: §1.1.1, §1.1.5, §1.2, §2.8, §3.1–§3.4, §4).
    pub fn default_severity(self) -> Severity {
        use FindingCode::*;
        match self {
            FileTooLarge | FileUnreadable | LowResolution | Blur | Glare | Occlusion | Fold
            | BorderIncomplete | ColorScanRequired | Rescreen | KeyFieldOccluded
            | KeyFieldCreased => Severity::Reupload,
            OcrRepaired
            | NameOcrVariant
            | IdValidityShape
            | GtProofOldCert
            | InvoiceLinePriceTolerance => Severity::PassWithWarning,
            WrongDocument
            | BankNameMismatch
            | IdBirthMismatch
            | IdGenderMismatch
            | IdExpired
            | IdFirstGen
            | LicenseOldFormat
            | LicenseTermExpired
            | InvoiceSellerIdMismatch
            | InvoiceTotalMismatch
            | AmountWordsMismatch
            | InvoiceRedLetter
            | GtProofNotSpecial
            | GtProofSmallScaleRate
            | GtProofDaikai
            | GtProofTooOld => Severity::Reject,
            _ => Severity::NeedsReview,
        }
    }
}

/// The report spellings of [`FindingCode::ALL`], in the same order. Kept as a static table
/// so `as_str` can hand out `&'static str`; a unit test checks it against serde.
const CODE_NAMES: &[&str] = &[
    "FILE_TOO_LARGE",
    "FILE_UNREADABLE",
    "LOW_RESOLUTION",
    "BLUR",
    "GLARE",
    "OCCLUSION",
    "FOLD",
    "BORDER_INCOMPLETE",
    "COLOR_SCAN_REQUIRED",
    "RESCREEN",
    "KEY_FIELD_OCCLUDED",
    "KEY_FIELD_CREASED",
    "SEAL_MISSING",
    "WRONG_DOCUMENT",
    "MISSING_DOCUMENT",
    "DUPLICATE_UPLOAD",
    "FORM_INVALID",
    "PIPELINE_ERROR",
    "OCR_REPAIRED",
    "CHECKSUM_FAIL",
    "USCC_ORGCODE_FAIL",
    "USCC_UNEXPECTED_ISSUER",
    "LICENSE_OLD_FORMAT",
    "LICENSE_TERM_EXPIRED",
    "ID_EXPIRED",
    "ID_FIRST_GEN",
    "ID_BIRTH_MISMATCH",
    "ID_GENDER_MISMATCH",
    "ID_VALIDITY_SHAPE",
    "PERMIT_NUMBER_FORMAT",
    "MRZ_CHECK_FAIL",
    "BANK_NAME_MISMATCH",
    "ACCOUNT_LOOKS_LIKE_PERSONAL_CARD",
    "HEZHUN_FORMAT",
    "INVOICE_TYPE_CONFLICT",
    "INVOICE_QR_MISMATCH",
    "INVOICE_TOTAL_MISMATCH",
    "INVOICE_LINE_TAX_TOLERANCE",
    "AMOUNT_WORDS_UNPARSEABLE",
    "AMOUNT_WORDS_MISMATCH",
    "INVOICE_RED_LETTER",
    "INVOICE_SELLER_ID_MISMATCH",
    "GT_PROOF_NOT_SPECIAL",
    "GT_PROOF_SMALL_SCALE_RATE",
    "GT_PROOF_DAIKAI",
    "GT_PROOF_TOO_OLD",
    "GT_PROOF_OLD_CERT",
    "NAME_OCR_VARIANT",
    "NAME_NEAR_MATCH",
    "NAME_MISMATCH",
    "NAME_LEGAL_FORM_DIFF",
    "NAME_BRANCH_DIFF",
    "NAME_PAREN_DIFF",
    "LEGAL_REP_MISMATCH",
    "CREDIT_CODE_MISMATCH",
    "DATE_INVALID",
    "INVOICE_CODE_FORMAT",
    "TAXPAYER_ID_FORMAT",
    "ACCOUNT_NUMBER_FORMAT",
    "LEGAL_REP_UNDERAGE",
    "INVOICE_RATE_UNEXPECTED",
    "INVOICE_LINE_PRICE_TOLERANCE",
    "ID_NUMBER_MISMATCH",
    "ACCOUNT_NUMBER_MISMATCH",
    "NAME_SOURCES_DISAGREE",
    "FIELD_UNREAD",
];

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad` so width and alignment flags work in tables.
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_in_declaration_order() {
        assert_eq!(FindingCode::ALL.len(), CODE_NAMES.len());
        for (index, code) in FindingCode::ALL.iter().enumerate() {
            assert_eq!(*code as usize, index, "{code:?} is out of order in ALL");
        }
    }

    #[test]
    fn report_spelling_matches_serde_both_ways() {
        for code in FindingCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: FindingCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *code);
        }
    }

    #[test]
    fn file_problems_ask_for_a_new_upload() {
        // RULES.md §6.1: too large and undecodable files are REUPLOAD.
        assert_eq!(
            FindingCode::FileTooLarge.default_severity(),
            Severity::Reupload
        );
        assert_eq!(
            FindingCode::FileUnreadable.default_severity(),
            Severity::Reupload
        );
        assert_eq!(
            FindingCode::OcrRepaired.default_severity(),
            Severity::PassWithWarning
        );
    }

    #[test]
    fn rule_sections_set_the_defaults_they_name() {
        use FindingCode::*;
        // §1.1.5, §1.2, §3.2, §3.3, §3.4: definite violations reject.
        for code in [
            LicenseTermExpired,
            IdExpired,
            IdFirstGen,
            InvoiceTotalMismatch,
        ] {
            assert_eq!(code.default_severity(), Severity::Reject, "{code}");
        }
        for code in [GtProofSmallScaleRate, GtProofDaikai, AmountWordsMismatch] {
            assert_eq!(code.default_severity(), Severity::Reject, "{code}");
        }
        // §1.2 and §4 (b): noted, not blocking.
        assert_eq!(
            IdValidityShape.default_severity(),
            Severity::PassWithWarning
        );
        assert_eq!(GtProofOldCert.default_severity(), Severity::PassWithWarning);
        // §0.4, §2.1, §2.2: a person decides.
        for code in [
            ChecksumFail,
            UsccOrgcodeFail,
            UsccUnexpectedIssuer,
            MrzCheckFail,
        ] {
            assert_eq!(code.default_severity(), Severity::NeedsReview, "{code}");
        }
    }
}
