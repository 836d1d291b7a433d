//! The fields a document must yield for the rules to vouch for it: a licence without its
//! name, an ID card back without its validity, a proof invoice without its figures cannot
//! be passed, because the check that field feeds did not run. Each such document gets one
//! `FIELD_UNREAD` (review) naming what is missing.

use super::Application;
use crate::ingest::TaxpayerKind;
use crate::report::{DocumentReport, DocumentType, Finding, FindingCode, Severity};

use DocumentType::*;

/// Fields each type must yield; an inner list is satisfied by any one of its keys (a
/// licence has a credit code or, in the old format, a registration number).
fn required(doc_type: DocumentType, judged_as_proof: bool) -> &'static [&'static [&'static str]] {
    match doc_type {
        BusinessLicense => &[
            &["name"],
            &["legal_rep"],
            &["credit_code", "registration_number"],
            &["term_end"],
        ],
        IdCardFront => &[&["name"], &["id_number"]],
        IdCardBack => &[&["valid_to"]],
        HkMacauPermit | TaiwanPermit | ResidencePermit | ForeignPermanentResidence | Passport => {
            &[&["name"], &["id_number"], &["valid_to"]]
        }
        // Both print 法定代表人（单位负责人） (RULES.md §1.4, §1.5), which the representative
        // check compares with the licence, and the 核准号 / 基本存款账户编号 whose shape is
        // checked: both key information (§6.3).
        BankPermit => &[
            &["depositor_name"],
            &["legal_rep"],
            &["approval_number"],
            &["account_number"],
        ],
        BasicAccountInfo => &[
            &["depositor_name"],
            &["legal_rep"],
            &["basic_account_number"],
            &["account_number"],
        ],
        VatSpecialInvoice | VatNormalInvoice if judged_as_proof => &[
            &["issue_date"],
            &["seller_name"],
            &["seller_tax_id"],
            &["amount"],
            &["tax_amount"],
            &["total"],
            &["total_in_words"],
            &["tax_rates"],
        ],
        TaxpayerProof => &[&["name"], &["taxpayer_id"]],
        _ => &[],
    }
}

/// One `FIELD_UNREAD` per document that lacks a field its checks need.
pub fn check(app: &Application) -> Vec<Finding> {
    let judged_as_proof = app.form.and_then(|f| f.taxpayer) != Some(TaxpayerKind::SmallScale);
    app.documents
        .iter()
        .filter_map(|document| {
            let missing = unread_fields(document, judged_as_proof);
            (!missing.is_empty()).then(|| unread(document, &missing))
        })
        .collect()
}

/// The fields `document` must yield for its checks and does not (an invoice's figures only
/// when it is `judged_as_proof`).
pub fn unread_fields(document: &DocumentReport, judged_as_proof: bool) -> Vec<&'static str> {
    let required = required(document.doc_type, judged_as_proof);
    let read = |key: &str| {
        document.fields.get(key).is_some_and(|f| match &f.value {
            serde_json::Value::String(text) => !text.trim().is_empty(),
            serde_json::Value::Array(items) => !items.is_empty(),
            serde_json::Value::Null => false,
            _ => true,
        })
    };
    required
        .iter()
        .filter(|any_of| !any_of.iter().any(|key| read(key)))
        .map(|any_of| any_of[0])
        .collect()
}

fn unread(document: &DocumentReport, missing: &[&str]) -> Finding {
    Finding::new(
        FindingCode::FieldUnread,
        format!(
            "未能识别该证件的以下信息，相关核对未能进行，需人工审核：{}",
            missing.join("、")
        ),
        format!(
            "These fields could not be read, so the checks that need them did not run; check them by hand: {}",
            missing.join(", ")
        ),
    )
    .with_severity(Severity::NeedsReview)
    .on_document(&document.file)
    .on_field(missing[0])
    .with_detail(format!("unread: {}", missing.join(", ")))
}
