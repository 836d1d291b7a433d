//! Company-name and person-name matching (RULES.md §5): the comparison form of a name
//! (§5.1), the OCR confusion table (§5.3), the weighted edit distance and the decision
//! (§5.4), the structural differences that are never auto-equal (§5.2), and person names
//! (§5.6).
//!
//! The entry points are [`compare_company_names`] (licence name against a bank permit,
//! invoice or form name) and [`compare_person_names`] (legal representative). Both are
//! pure functions of their strings; neither looks at OCR confidence.

pub mod company;
pub mod confusion;
pub mod distance;
pub mod normalise;
pub mod person;
pub mod simplified;
pub mod structure;

pub use company::{NameComparison, NameOutcome, NameParams, compare_company_names};
pub use confusion::are_confusable;
pub use distance::{EditSummary, similarity, weighted_edit_distance};
pub use normalise::normalise_name;
pub use person::{PersonOutcome, compare_person_names};
pub use simplified::{to_simplified, to_simplified_unambiguous};
pub use structure::{StructuralDiff, structural_difference};

#[cfg(test)]
mod tests;
