//! Checks of a VAT invoice (RULES.md §1.6, §2.7, §2.8, §3, §4 (c)): code and number
//! structure against the title and date, the seller's taxpayer ID against the licence, the
//! arithmetic and amount in words ([`arithmetic`]), rates ([`rates`]), 代开 ([`daikai`]) and
//! the conditions an invoice must meet to prove 一般纳税人 status ([`proof`]).

pub mod arithmetic;
pub mod daikai;
pub mod proof;
pub mod rates;

use chrono::{Datelike, NaiveDate};

use crate::report::{Finding, FindingCode};
use crate::rules::checked::Checked;
use crate::rules::codes::invoice::{self, InvoiceCode, InvoiceNumberKind};
use crate::rules::codes::repair::Repair;
use crate::rules::codes::taxpayer::{self, TaxpayerIdKind};
use crate::rules::codes::{normalise, uscc};
use crate::rules::config::RulesConfig;
use crate::rules::licence::{checksum_fail, ocr_repaired};

pub use arithmetic::{
    InvoiceLine, InvoiceTotals, check_amount_words, check_arithmetic, check_red_letter,
};
pub use daikai::{DaikaiEvidence, DaikaiSignal, daikai_signals};
pub use proof::{check_proof_age, check_proof_daikai, check_proof_is_special, check_proof_rates};
pub use rates::{TaxRate, parse_rate};

/// Title words of a special and of a normal invoice (§1.6.1): `北京增值税专用发票`,
/// `电子发票（增值税专用发票）`, `…增值税普通发票`.
const SPECIAL_TITLE: &str = "专用发票";
const NORMAL_TITLE: &str = "普通发票";

/// The `No` printed before an 8-digit number (§1.6.1), dropped before the check.
const NUMBER_PREFIX: &str = "NO";

/// Field keys of REPORT.md.
const INVOICE_CODE: &str = "invoice_code";
const INVOICE_NUMBER: &str = "invoice_number";
const SELLER_TAX_ID: &str = "seller_tax_id";

/// What the title says: `Some(true)` for a 专票, `Some(false)` for a 普票, `None` if neither.
pub fn title_is_special(title: &str) -> Option<bool> {
    if title.contains(SPECIAL_TITLE) {
        Some(true)
    } else if title.contains(NORMAL_TITLE) {
        Some(false)
    } else {
        None
    }
}

/// Checks a 发票代码 (§1.6.4, §2.7): `INVOICE_CODE_FORMAT` (review) when it does not decode
/// or its printing year is after the invoice's `issue_date`; `INVOICE_TYPE_CONFLICT` (review)
/// when its type disagrees with what the title says (`title_special`).
pub fn check_invoice_code(
    raw: &str,
    title_special: Option<bool>,
    issue_date: Option<NaiveDate>,
) -> Checked<InvoiceCode> {
    let code = normalise::code_like(raw);
    let decoded = match invoice::decode_code(&code) {
        Ok(decoded) => decoded,
        Err(error) => return Checked::failed(code_format(INVOICE_CODE, raw, &error)),
    };
    let mut findings = Vec::new();
    if let Some(issued) = issue_date.filter(|d| decoded.year > d.year()) {
        let detail = format!("printed in {}, issued {issued}", decoded.year);
        findings.push(code_format(INVOICE_CODE, raw, &detail));
    }
    if let Some(special) = title_special.filter(|s| *s != decoded.kind.is_special()) {
        findings.push(
            Finding::new(
                FindingCode::InvoiceTypeConflict,
                "发票代码的类别与发票标题不一致，请人工核对",
                "The invoice code's type does not match the invoice title; check it by hand",
            )
            .on_field(INVOICE_CODE)
            .with_detail(format!(
                "title says {}, code {code} says {:?}",
                if special { "专票" } else { "普票" },
                decoded.kind
            )),
        );
    }
    Checked {
        value: Some(decoded),
        findings,
    }
}

/// Checks a 发票号码 (§1.6.4): 8 digits, or 20 digits for 数电, whose year must be 2021 to
/// `as_of`'s year (`INVOICE_CODE_FORMAT`, review) and whose region should be a province
/// (`INVOICE_CODE_FORMAT` with [`RulesConfig::shudian_unknown_region`], a warning).
pub fn check_invoice_number(raw: &str, as_of: NaiveDate, config: &RulesConfig) -> Checked<String> {
    let cleaned = normalise::code_like(raw);
    let number = cleaned
        .strip_prefix(NUMBER_PREFIX)
        .unwrap_or(&cleaned)
        .to_owned();
    match invoice::number_kind(&number) {
        None => Checked::failed(code_format(INVOICE_NUMBER, raw, &"not 8 or 20 digits")),
        Some(InvoiceNumberKind::Coded) => Checked::ok(number),
        Some(InvoiceNumberKind::Digital) => {
            match invoice::decode_digital_number(&number, as_of.year()) {
                Err(error) => Checked::failed(code_format(INVOICE_NUMBER, raw, &error)),
                Ok(decoded) if !decoded.region_known => {
                    let detail = format!("region {} is not a province code [U]", decoded.region);
                    Checked::ok(number).with(
                        code_format(INVOICE_NUMBER, raw, &detail)
                            .with_severity(config.shudian_unknown_region),
                    )
                }
                Ok(_) => Checked::ok(number),
            }
        }
    }
}

fn code_format(field: &str, raw: &str, why: &dyn std::fmt::Display) -> Finding {
    Finding::new(
        FindingCode::InvoiceCodeFormat,
        "发票代码或号码的结构不符，请人工核对",
        "The invoice code or number does not have the expected structure; check it by hand",
    )
    .on_field(field)
    .with_detail(format!("read {raw:?}: {why}"))
}

/// Most edits (inserted, dropped or changed characters) between an invalid seller ID read
/// and the licence's valid credit code for the read to count as that code misread: credit
/// codes are spread so thinly (31 characters in 10 checked positions) that another
/// company's code is never this close, while the recogniser drops or adds a character.
const SELLER_ID_MAX_EDITS: usize = 2;

/// `Some(edits)` when `read` is not a valid credit code but within
/// [`SELLER_ID_MAX_EDITS`] of the licence's valid one.
fn misread_of(read: &str, licence: &str) -> Option<usize> {
    if read == licence || uscc::validate(read).is_ok() || uscc::validate(licence).is_err() {
        return None;
    }
    let edits = crate::rules::text::edit_distance(read, licence);
    (edits <= SELLER_ID_MAX_EDITS).then_some(edits)
}

/// Checks the seller's 纳税人识别号 (§2.8) against the licence's credit code: a USCC-shaped
/// ID is repaired per §0.4 first (`OCR_REPAIRED`); one that is not a valid USCC is
/// `TAXPAYER_ID_FORMAT` (review); a valid one that differs from `licence_credit_code` is
/// `INVOICE_SELLER_ID_MISMATCH` (`REJECT`).
pub fn check_seller_tax_id(raw: &str, licence_credit_code: Option<&str>) -> Checked<String> {
    let id = normalise::code_like(raw);
    if let Some(licence) = licence_credit_code
        && let Some(edits) = misread_of(&id, licence)
    {
        return Checked::ok(licence.to_string()).with(
            ocr_repaired(SELLER_TAX_ID, raw, licence).with_detail(format!(
                "read {raw:?}, not a valid credit code and {edits} edit(s) from the licence's {licence}"
            )),
        );
    }
    let mut checked = match taxpayer::classify(&id) {
        Some(TaxpayerIdKind::Uscc) => Checked::ok(id),
        Some(TaxpayerIdKind::Legacy18) => match uscc::repair(&id) {
            Repair::Repaired(repaired) => {
                Checked::ok(repaired.clone()).with(ocr_repaired(SELLER_TAX_ID, raw, &repaired))
            }
            Repair::AlreadyValid => Checked::ok(id),
            Repair::Unrepairable { candidates } => {
                let error = uscc::validate(&id)
                    .err()
                    .map_or(String::new(), |e| e.to_string());
                return Checked::failed(checksum_fail(SELLER_TAX_ID, raw, candidates, &error));
            }
        },
        kind => {
            let why = match kind {
                Some(kind) => format!("legacy taxpayer ID ({kind:?}), not a credit code"),
                None => "not 15, 17, 18 or 20 letters and digits".to_owned(),
            };
            return Checked::failed(
                Finding::new(
                    FindingCode::TaxpayerIdFormat,
                    "销售方纳税人识别号不是统一社会信用代码，请人工核对",
                    "The seller's taxpayer ID is not a unified social credit code; check it by hand",
                )
                .on_field(SELLER_TAX_ID)
                .with_detail(format!("read {raw:?}: {why}")),
            );
        }
    };
    let seller = checked.value.clone().unwrap_or_default();
    if let Some(licence) = licence_credit_code.filter(|l| **l != seller) {
        checked.findings.push(
            Finding::new(
                FindingCode::InvoiceSellerIdMismatch,
                "发票销售方纳税人识别号与营业执照统一社会信用代码不一致",
                "The invoice seller's taxpayer ID differs from the licence's credit code",
            )
            .on_field(SELLER_TAX_ID)
            .with_detail(format!("invoice {seller}, licence {licence}")),
        );
    }
    checked
}

#[cfg(test)]
mod tests;
