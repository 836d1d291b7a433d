//! The key information of each document (RULES.md §1, §6.3): what identifies the company,
//! its representative and its account, and what the rules compute with. A cover, glare or
//! crease over one of these fields is a reason to retake the photo, not a warning.

use crate::report::DocumentType;

use DocumentType::*;

/// The REPORT.md field keys that are key information on a document of `doc_type`. The
/// seal, QR code, emblem and photo are key too (§6.3) but are not fields.
pub fn key_fields(doc_type: DocumentType) -> &'static [&'static str] {
    match doc_type {
        BusinessLicense => &["name", "legal_rep", "credit_code", "registration_number"],
        IdCardFront => &["name", "id_number"],
        IdCardBack => &["issuing_authority", "valid_from", "valid_to"],
        HkMacauPermit | TaiwanPermit | ResidencePermit | ForeignPermanentResidence | Passport => {
            &["name", "id_number", "valid_to"]
        }
        BankPermit => &[
            "depositor_name",
            "legal_rep",
            "approval_number",
            "account_number",
            "bank_name",
        ],
        BasicAccountInfo => &[
            "depositor_name",
            "legal_rep",
            "basic_account_number",
            "account_number",
            "bank_name",
        ],
        // Not the total in words: it restates the total in figures, so a crease through
        // it hides nothing the figures do not show.
        VatSpecialInvoice | VatNormalInvoice => &[
            "invoice_code",
            "invoice_number",
            "issue_date",
            "seller_name",
            "seller_tax_id",
            "amount",
            "tax_amount",
            "total",
            "tax_rates",
        ],
        TaxpayerProof => &["name", "taxpayer_id"],
        Other | Unknown => &[],
    }
}
