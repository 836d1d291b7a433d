//! Application-level checks (RULES.md §4–§6): whether the set of uploads holds what the
//! application needs, and whether the documents and the form agree on the company, its
//! legal representative, its codes and its bank account. Pure: reads the documents the
//! earlier stages produced and the form, returns findings.

mod beside_defects;
mod company;
mod completeness;
pub use beside_defects::review_readings_beside_defects;
pub use completeness::{
    drop_missing_explained_by_retakes, drop_readings_under_covers, drop_verdicts_on_retaken_uploads,
};
mod legal_rep;
mod numbers;
mod sources;
mod taxpayer;
mod unread;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::ingest::ApplicationForm;
use crate::report::{DocumentReport, Finding};
use crate::rules::RulesConfig;

pub use sources::Source;

use crate::report::DocumentType;

/// The documents that prove who the legal representative is (RULES §1.2, §1.3, §6.5).
pub const IDENTITY_DOCUMENTS: [DocumentType; 6] = [
    DocumentType::IdCardFront,
    DocumentType::HkMacauPermit,
    DocumentType::TaiwanPermit,
    DocumentType::ResidencePermit,
    DocumentType::ForeignPermanentResidence,
    DocumentType::Passport,
];
pub use unread::unread_fields;

/// Everything the cross-document checks look at: one application's documents, as read and
/// validated, and its form.
#[derive(Debug, Clone, Copy)]
pub struct Application<'a> {
    pub documents: &'a [DocumentReport],
    pub form: Option<&'a ApplicationForm>,
    pub as_of: NaiveDate,
}

/// Runs every application-level check and returns their findings, each naming the
/// documents, fields and regions that prove it.
pub fn cross_check(app: &Application, config: &RulesConfig) -> Vec<Finding> {
    let mut findings = completeness::check(app, config);
    findings.extend(company::check(app, config));
    findings.extend(legal_rep::check(app, config));
    findings.extend(numbers::check(app, config));
    findings.extend(taxpayer::check(app, config));
    findings.extend(unread::check(app));
    findings
}
