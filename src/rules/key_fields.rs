//! The key information of each document (RULES.md §1, §6.3): what identifies the company,
//! its representative and its account, and what the rules compute with. A cover, glare or
//! crease over one of these fields is a reason to retake the photo, not a warning.

use crate::report::{DocumentReport, DocumentType};

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

/// The key fields a document always prints that its checks may not need, as far as what
/// was read tells: an ID card back's issuing authority (§1.2), a bank document's bank
/// (§1.4, §1.5), an invoice's number, and on a paper invoice (an 8-digit number; a 数电
/// invoice's has 20 and no code) its code. One of them not read was covered or spoilt
/// rather than absent. The fields the checks need are
/// [`crate::rules::crosscheck::unread_fields`].
pub fn always_printed(document: &DocumentReport) -> Vec<&'static str> {
    match document.doc_type {
        IdCardBack => return vec!["issuing_authority"],
        BankPermit | BasicAccountInfo => return vec!["bank_name"],
        VatSpecialInvoice | VatNormalInvoice => {}
        _ => return Vec::new(),
    }
    let number_digits = document
        .fields
        .get("invoice_number")
        .and_then(|f| f.value.as_str())
        .map(|n| n.chars().filter(char::is_ascii_digit).count());
    if number_digits == Some(PAPER_INVOICE_NUMBER_DIGITS) {
        vec!["invoice_number", "invoice_code"]
    } else {
        vec!["invoice_number"]
    }
}

/// Digits in a paper invoice's number (RULES.md §1.6.4).
const PAPER_INVOICE_NUMBER_DIGITS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn invoice(fields: &[(&str, serde_json::Value)]) -> DocumentReport {
        DocumentReport::with_fields("invoice.jpg", VatSpecialInvoice, fields, None)
    }

    #[test]
    fn an_invoice_always_prints_its_number_and_on_paper_its_code() {
        assert_eq!(always_printed(&invoice(&[])), vec!["invoice_number"]);
        let paper = invoice(&[("invoice_number", json!("74489738"))]);
        assert_eq!(
            always_printed(&paper),
            vec!["invoice_number", "invoice_code"]
        );
        let digital = invoice(&[("invoice_number", json!("26442000000123456751"))]);
        assert_eq!(always_printed(&digital), vec!["invoice_number"]);
        let licence = DocumentReport::with_fields("licence.jpg", BusinessLicense, &[], None);
        assert!(always_printed(&licence).is_empty());
    }

    #[test]
    fn an_id_back_always_prints_its_authority_and_a_bank_document_its_bank() {
        let back = DocumentReport::with_fields("back.jpg", IdCardBack, &[], None);
        assert_eq!(always_printed(&back), vec!["issuing_authority"]);
        for doc_type in [BankPermit, BasicAccountInfo] {
            let bank = DocumentReport::with_fields("bank.jpg", doc_type, &[], None);
            assert_eq!(always_printed(&bank), vec!["bank_name"]);
        }
    }
}
