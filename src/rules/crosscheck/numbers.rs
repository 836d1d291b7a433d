//! Codes and numbers across documents and the form (RULES.md §6.6): the credit code on the
//! licence, the invoice seller's taxpayer ID, the taxpayer proof and the form; the ID
//! number on the card and the form; the account number on the bank document and the form.

use super::sources::{Source, finding_on};
use super::{Application, IDENTITY_DOCUMENTS};
use crate::report::{DocumentType, Finding, FindingCode, Severity};
use crate::rules::RulesConfig;
use crate::rules::codes::normalise::code_like;
use crate::rules::invoice::check_seller_tax_id;

use DocumentType::*;

/// Every code and number check.
pub fn check(app: &Application, config: &RulesConfig) -> Vec<Finding> {
    let mut findings = credit_code(app, config);
    findings.extend(id_number(app));
    findings.extend(account_number(app));
    findings
}

fn credit_code(app: &Application, config: &RulesConfig) -> Vec<Finding> {
    let licence = app
        .read(&[BusinessLicense], "credit_code")
        .into_iter()
        .next();
    let mut findings = Vec::new();
    for invoice in app.documents_of(&[VatSpecialInvoice, VatNormalInvoice]) {
        let Some(seller) = Source::from_field(invoice, "seller_tax_id") else {
            continue;
        };
        let licence_code = licence.as_ref().map(|l| code_like(&l.value));
        let checked = check_seller_tax_id(&seller.value, licence_code.as_deref());
        for finding in checked.findings {
            findings.push(place_seller_finding(
                finding,
                &seller,
                licence.as_ref(),
                config,
            ));
        }
    }
    let Some(licence) = licence else {
        return findings;
    };
    let mut others: Vec<Source> = app.read(&[TaxpayerProof], "taxpayer_id");
    if let Some(form) = app.form {
        others.extend(Source::from_form("credit_code", form.credit_code.as_ref()));
    }
    for other in others {
        if code_like(&other.value) != code_like(&licence.value) {
            findings.push(finding_on(
                FindingCode::CreditCodeMismatch,
                Severity::NeedsReview,
                "统一社会信用代码与营业执照不一致，请核对",
                "The credit code differs from the licence's; check it",
                &other,
                &[&licence],
            ));
        }
    }
    findings
}

/// A finding of the seller-ID check, placed on the invoice; a mismatch read with low
/// confidence goes to review instead of rejection.
fn place_seller_finding(
    finding: Finding,
    seller: &Source,
    licence: Option<&Source>,
    config: &RulesConfig,
) -> Finding {
    let confident = config.is_confident(seller.confidence);
    let involved: Vec<&Source> = licence.into_iter().collect();
    let severity = match finding.severity {
        Severity::Reject if !confident => Severity::NeedsReview,
        severity => severity,
    };
    let mut placed = finding_on(
        finding.code,
        severity,
        finding.message_zh,
        finding.message_en,
        seller,
        &involved,
    );
    if finding.code != FindingCode::InvoiceSellerIdMismatch {
        placed.documents.clear();
    }
    if let Some(detail) = finding.detail {
        placed.detail = Some(detail);
    }
    placed
}

/// The ID number typed into the form against the one on the card (§6.6 asks for the
/// identity to match; the card's number is already validated).
fn id_number(app: &Application) -> Vec<Finding> {
    let Some(typed) = app
        .form
        .and_then(|f| f.legal_rep.as_ref())
        .and_then(|r| Source::from_form("id_number", r.id_number.as_ref()))
    else {
        return Vec::new();
    };
    app.read(&IDENTITY_DOCUMENTS, "id_number")
        .into_iter()
        .take(1)
        .filter(|card| code_like(&card.value) != code_like(&typed.value))
        .map(|card| {
            finding_on(
                FindingCode::IdNumberMismatch,
                Severity::NeedsReview,
                "申请表填写的法定代表人证件号码与证件不一致，请核对",
                "The ID number typed into the form differs from the identity document's; check it",
                &typed,
                &[&card],
            )
        })
        .collect()
}

/// The account number typed into the form against the bank document's (§6.6: digits equal,
/// otherwise a review).
fn account_number(app: &Application) -> Vec<Finding> {
    let Some(typed) = app
        .form
        .and_then(|f| f.bank_account.as_ref())
        .and_then(|a| Source::from_form("account_number", a.account_number.as_ref()))
    else {
        return Vec::new();
    };
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    app.read(&[BankPermit, BasicAccountInfo], "account_number")
        .into_iter()
        .take(1)
        .filter(|bank| digits(&bank.value) != digits(&typed.value))
        .map(|bank| {
            finding_on(
                FindingCode::AccountNumberMismatch,
                Severity::NeedsReview,
                "申请表填写的银行账号与开户许可证（基本存款账户信息）不一致，请核对",
                "The account number typed into the form differs from the bank document's; check it",
                &typed,
                &[&bank],
            )
        })
        .collect()
}
