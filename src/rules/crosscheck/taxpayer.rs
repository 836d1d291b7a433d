//! Proof of 一般纳税人 status (RULES.md §4): when the form says `general`, an invoice offered
//! as proof must be a 专票 issued by the supplier within the window, at a general
//! taxpayer's rate, not 代开. That the seller is the applicant is checked with the other
//! names and codes.

use super::Application;
use super::sources::Source;
use super::sources::finding_on;
use crate::ingest::TaxpayerKind;
use crate::report::{DocumentReport, DocumentType, Finding};
use crate::rules::RulesConfig;
use crate::rules::dates::parse_date;
use crate::rules::invoice::daikai::{DaikaiEvidence, daikai_signals};
use crate::rules::invoice::proof::{
    check_proof_age, check_proof_daikai, check_proof_is_special, check_proof_rates,
};
use crate::rules::invoice::rates::read_rates;

use DocumentType::*;

/// Every proof check, on each invoice of an application that must prove general-taxpayer
/// status. A small-scale taxpayer needs no proof; without a form the invoice is judged as
/// proof, because that is why it was uploaded.
pub fn check(app: &Application, config: &RulesConfig) -> Vec<Finding> {
    let taxpayer = app.form.and_then(|f| f.taxpayer);
    if taxpayer == Some(TaxpayerKind::SmallScale) {
        return Vec::new();
    }
    app.documents_of(&[VatSpecialInvoice, VatNormalInvoice])
        .flat_map(|invoice| check_invoice(invoice, app, config))
        .collect()
}

fn check_invoice(
    invoice: &DocumentReport,
    app: &Application,
    config: &RulesConfig,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(check_proof_is_special(
        invoice.doc_type == VatSpecialInvoice,
    ));
    let issued = invoice
        .field_text("issue_date")
        .and_then(|d| parse_date(&d).ok());
    if let Some(issued) = issued {
        findings.extend(check_proof_age(issued, app.as_of, config));
    }
    let rates = read_rates(invoice);
    if !rates.is_empty() {
        findings.extend(check_proof_rates(&rates, config));
    }
    let remarks = invoice.field_text("remarks").unwrap_or_default();
    let seller_tax_id = invoice.field_text("seller_tax_id").unwrap_or_default();
    let evidence = DaikaiEvidence {
        remarks: &remarks,
        seller_tax_id: &seller_tax_id,
        ..Default::default()
    };
    findings.extend(check_proof_daikai(&daikai_signals(&evidence), config));
    findings
        .into_iter()
        .map(|finding| place(finding, invoice))
        .collect()
}

/// Puts a proof finding on the invoice field it is about.
fn place(finding: Finding, invoice: &DocumentReport) -> Finding {
    let source = finding
        .field
        .as_deref()
        .and_then(|field| Source::from_field(invoice, field));
    match source {
        Some(source) => {
            let mut placed = finding_on(
                finding.code,
                finding.severity,
                finding.message_zh,
                finding.message_en,
                &source,
                &[],
            );
            placed.detail = finding.detail;
            placed
        }
        None => finding.on_document(&invoice.file),
    }
}
