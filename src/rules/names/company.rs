//! Company-name comparison (RULES.md §5.4): a licence name against the name on a bank
//! permit, an invoice or the supplier's form, decided by the first matching row of the
//! §5.4 table: equal, structural difference (§5.2), OCR variant, near match, mismatch.

use serde::{Deserialize, Serialize};

use super::distance::{EditSummary, similarity, weighted_edit_distance};
use super::normalise::normalise_name;
use super::structure::{StructuralDiff, structural_difference};
use crate::report::{FindingCode, Severity};

/// A similarity computed as exactly the bound (2 edits in 10 characters is 0.80) must
/// meet it; floating-point division can land a hair below, never by this much.
const SIMILARITY_TOLERANCE: f32 = 1e-6;

/// The result of comparing two company names, one row of the §5.4 decision table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOutcome {
    /// Identical after normalisation (WED = 0): `PASS`.
    Equal,
    /// Only a few OCR confusion substitutions: `PASS_WITH_WARNING`, and the licence
    /// spelling is canonical.
    OcrVariant,
    /// The legal-form suffix differs (`有限公司` vs `有限责任公司`): `NEEDS_REVIEW`.
    LegalFormDiff,
    /// A branch against its head office: `NEEDS_REVIEW`.
    BranchDiff,
    /// A parenthesised region present in one only: `NEEDS_REVIEW`.
    ParenDiff,
    /// Similar (s ≥ 0.80) but not an OCR variant, often a different trade name (华为 vs
    /// 华力): `NEEDS_REVIEW`, never an automatic pass.
    NearMatch,
    /// Dissimilar (s < 0.80), likely a different entity: `REJECT`.
    Mismatch,
}

impl NameOutcome {
    /// The finding code of the outcome; `None` for [`NameOutcome::Equal`].
    pub fn code(self) -> Option<FindingCode> {
        match self {
            Self::Equal => None,
            Self::OcrVariant => Some(FindingCode::NameOcrVariant),
            Self::LegalFormDiff => Some(FindingCode::NameLegalFormDiff),
            Self::BranchDiff => Some(FindingCode::NameBranchDiff),
            Self::ParenDiff => Some(FindingCode::NameParenDiff),
            Self::NearMatch => Some(FindingCode::NameNearMatch),
            Self::Mismatch => Some(FindingCode::NameMismatch),
        }
    }

    /// The decision of the §5.4 table for a name comparison in general. The bank
    /// comparison is stricter: see [`NameOutcome::passes_bank_rule`].
    pub fn severity(self) -> Severity {
        match self {
            Self::Equal => Severity::Pass,
            Self::OcrVariant => Severity::PassWithWarning,
            Self::LegalFormDiff | Self::BranchDiff | Self::ParenDiff | Self::NearMatch => {
                Severity::NeedsReview
            }
            Self::Mismatch => Severity::Reject,
        }
    }

    /// Whether a bank account name with this outcome against the licence passes (§5.4
    /// bank rule): only equal names and OCR variants; anything else is
    /// `BANK_NAME_MISMATCH`, rejected unless a reviewer overrides it.
    pub fn passes_bank_rule(self) -> bool {
        matches!(self, Self::Equal | Self::OcrVariant)
    }
}

impl From<StructuralDiff> for NameOutcome {
    fn from(diff: StructuralDiff) -> Self {
        match diff {
            StructuralDiff::LegalForm => Self::LegalFormDiff,
            StructuralDiff::Branch => Self::BranchDiff,
            StructuralDiff::Paren => Self::ParenDiff,
        }
    }
}

/// Thresholds of the company-name decision. `Default` is RULES.md §5.4; deserialising a
/// partial table keeps the defaults for the keys it leaves out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NameParams {
    /// Cost of substituting one character of a §5.3 confusion group for another, where an
    /// unrelated substitution, an insertion or a deletion costs 1: 0.3 (§5.3 [K]).
    pub confusion_cost: f32,

    /// Similarity at or above which a name that is neither equal, structurally different
    /// nor an OCR variant is a near match (review) rather than a mismatch (reject): 0.80
    /// (§5.4 rows 4–5).
    pub near_match_min_similarity: f32,

    /// Characters of the licence name per confusion substitution an OCR variant may have:
    /// at most max(1, ⌊len / 8⌋) edits (§5.4 row 3). 0 allows one edit at any length.
    pub chars_per_ocr_edit: usize,
}

impl Default for NameParams {
    fn default() -> Self {
        Self {
            confusion_cost: 0.3,
            near_match_min_similarity: 0.80,
            chars_per_ocr_edit: 8,
        }
    }
}

impl NameParams {
    /// The most confusion substitutions an OCR variant of a name of `len` characters may
    /// have: max(1, ⌊len / chars_per_ocr_edit⌋).
    pub fn max_ocr_edits(&self, len: usize) -> usize {
        len.checked_div(self.chars_per_ocr_edit).unwrap_or(0).max(1)
    }
}

/// A company-name comparison: the outcome, the numbers behind it and the two names in
/// comparison form.
#[derive(Debug, Clone, PartialEq)]
pub struct NameComparison {
    pub outcome: NameOutcome,
    /// The weighted edit distance, WED (§5.4).
    pub distance: f32,
    /// `1 − WED / max(len)`, in characters (§5.4).
    pub similarity: f32,
    /// The reference (licence) name, normalised (§5.1).
    pub reference: String,
    /// The other name, normalised (§5.1).
    pub other: String,
}

/// Compares a company name with the reference spelling (§5.4). `reference` is the
/// authority, normally the business licence; `other` the permit, invoice or form name.
/// Both are normalised (§5.1) first; the first matching row of the decision wins:
/// equal; structural difference (§5.2); OCR variant (only confusion substitutions, at
/// most [`NameParams::max_ocr_edits`] of them); near match (s ≥ 0.80); mismatch.
pub fn compare_company_names(reference: &str, other: &str, params: &NameParams) -> NameComparison {
    let reference = normalise_name(reference);
    let other = normalise_name(other);
    let a: Vec<char> = reference.chars().collect();
    let b: Vec<char> = other.chars().collect();
    let edits = weighted_edit_distance(&a, &b, params.confusion_cost);
    let similarity = similarity(edits.distance, a.len(), b.len());
    let outcome = decide(&a, &b, &edits, similarity, params);
    NameComparison {
        outcome,
        distance: edits.distance,
        similarity,
        reference,
        other,
    }
}

/// The §5.4 decision table, first match wins.
fn decide(
    reference: &[char],
    other: &[char],
    edits: &EditSummary,
    similarity: f32,
    params: &NameParams,
) -> NameOutcome {
    if reference == other {
        return NameOutcome::Equal;
    }
    if let Some(diff) = structural_difference(reference, other) {
        return diff.into();
    }
    if is_ocr_variant(edits, reference.len(), params) {
        return NameOutcome::OcrVariant;
    }
    if similarity + SIMILARITY_TOLERANCE >= params.near_match_min_similarity {
        NameOutcome::NearMatch
    } else {
        NameOutcome::Mismatch
    }
}

/// §5.4 row 3: every edit a confusion substitution, and few enough for the length of
/// the reference name.
fn is_ocr_variant(edits: &EditSummary, reference_len: usize, params: &NameParams) -> bool {
    edits.only_confusions() && edits.confusion_substitutions <= params.max_ocr_edits(reference_len)
}
