//! Content scenarios: corrupted codes, near-miss names, invoices that break a rule, and
//! the findings each must raise; plus the completeness scenarios (wrong, missing and
//! duplicate uploads).

use chrono::{Days, Months, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::application::Slot;
use super::docs;
use super::fonts::Fonts;
use super::identity::{self, Company, TRADE_CHARS};
use super::invoice_data::{Invoice, party, tax_on};
use super::names::FileNames;
use super::scenario::Scenario;
use super::truth::TruthFinding;
use crate::ingest::FORM_FILE_NAME;
use crate::report::{FindingCode, Severity};
use crate::rules::codes::repair::Repair;
use crate::rules::codes::{idcard, regno, uscc};
use crate::rules::money::words::format_words;

const USCC_CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The licence code with two substitutions in its organisation-code part: fails the
/// check and no single OCR repair (RULES.md §0.4) restores a valid code.
pub fn unrepairable_corruption(code: &str, rng: &mut ChaCha8Rng) -> String {
    loop {
        let mut chars: Vec<char> = code.chars().collect();
        for position in rand::seq::index::sample(rng, 10, 2).iter().map(|i| 8 + i) {
            let original = chars[position];
            while chars[position] == original {
                chars[position] = char::from(*USCC_CHARSET.choose(rng).expect("non-empty"));
            }
        }
        let corrupted: String = chars.into_iter().collect();
        if uscc::validate(&corrupted).is_err()
            && matches!(uscc::repair(&corrupted), Repair::Unrepairable { .. })
        {
            return corrupted;
        }
    }
}

/// The ID number with two of its sequence and check digits changed (birth date and sex
/// digit untouched), failing MOD 11-2 beyond single repair.
pub fn unrepairable_id_corruption(id: &str, rng: &mut ChaCha8Rng) -> String {
    loop {
        let mut chars: Vec<char> = id.chars().collect();
        for position in [14usize, 15, 17].choose_multiple(rng, 2) {
            let original = chars[*position];
            while chars[*position] == original {
                chars[*position] = char::from(b'0' + rng.random_range(0..10u8));
            }
        }
        let corrupted: String = chars.into_iter().collect();
        if idcard::validate(&corrupted).is_err()
            && matches!(idcard::repair(&corrupted), Repair::Unrepairable { .. })
        {
            return corrupted;
        }
    }
}

/// The company's name with one trade-name character replaced by another real character
/// (never an OCR look-alike): a different company.
/// Another company's name in the same city, one the §5.4 table calls a mismatch
/// (similarity under 0.80): two random names of one city share its name, the industry
/// and the suffix, and one in a few differs only in its two-character trade name, which
/// is a near match (s = 0.80 for ten characters), not a mismatch.
pub fn different_company(company: &Company, rng: &mut ChaCha8Rng) -> String {
    loop {
        let (name, _) = identity::company_name(rng, &company.place);
        if is_different_entity(&company.name, &name) {
            return name;
        }
    }
}

/// Whether RULES §5.4 calls `other` a different company from `name` (`NAME_MISMATCH`).
fn is_different_entity(name: &str, other: &str) -> bool {
    use crate::rules::names::{NameOutcome, NameParams, compare_company_names};
    compare_company_names(name, other, &NameParams::default()).outcome == NameOutcome::Mismatch
}

/// Another company whose name RULES §5.4 calls a different entity (`NAME_MISMATCH`), as
/// the truth of a seller that is not the applicant says: a company drawn at random may
/// share the city and the industry and differ only in a two-glyph trade name, which is
/// similar enough (s = 0.80) to be `NAME_NEAR_MATCH`.
fn unrelated_company(company: &Company, as_of: NaiveDate, rng: &mut ChaCha8Rng) -> Company {
    loop {
        let other = identity::company(rng, as_of);
        if is_different_entity(&company.name, &other.name) {
            return other;
        }
    }
}

pub fn near_miss_name(company: &Company, rng: &mut ChaCha8Rng) -> String {
    let city = company.place.city;
    let rest = &company.name[city.len() + company.trade.len()..];
    let mut trade: Vec<char> = company.trade.chars().collect();
    let i = rng.random_range(0..trade.len());
    let original = trade[i];
    while trade[i] == original {
        trade[i] = *TRADE_CHARS.choose(rng).expect("non-empty");
    }
    format!("{city}{}{rest}", trade.into_iter().collect::<String>())
}

/// A valid old 15-digit 注册号 of the company's region (GS 15-2006).
pub fn old_registration_number(company: &Company, rng: &mut ChaCha8Rng) -> String {
    let body = format!(
        "{}{}{:07}",
        company.place.code,
        rng.random_range(0..4),
        rng.random_range(0..10_000_000u32)
    );
    let check = regno::check_digit(&body).expect("14 digits");
    format!("{body}{check}")
}

/// What is printed where a data scenario makes a document differ from the registered facts.
#[derive(Debug, Clone)]
pub struct Printed {
    pub credit_code: String,
    pub id_number: String,
    /// The name on the ID card.
    pub id_name: String,
    /// The account holder on the permit or information sheet.
    pub depositor_name: String,
}

/// Applies the scenarios that change data: the company's dates, the form, or what a
/// document prints. Returns what the documents print.
pub fn apply_data_scenario(
    scenario: Scenario,
    company: &mut Company,
    form: &mut Value,
    as_of: NaiveDate,
    rng: &mut ChaCha8Rng,
) -> Printed {
    let mut printed = Printed {
        credit_code: company.credit_code.clone(),
        id_number: company.legal_rep.id_number.clone(),
        id_name: company.legal_rep.name.clone(),
        depositor_name: company.name.clone(),
    };
    match scenario {
        Scenario::LicenseExpired => {
            company.term_end = Some(as_of - Days::new(rng.random_range(10..=30)));
        }
        Scenario::IdExpired => {
            let end = as_of - Days::new(rng.random_range(5..=300));
            company.legal_rep.valid_to = Some(end);
            company.legal_rep.valid_from = end
                .checked_sub_months(Months::new(12 * 20))
                .expect("in range");
        }
        Scenario::ChecksumFail => {
            // The form leaves the code out, so the only finding is the checksum.
            if rng.random_bool(0.5) {
                printed.credit_code = unrepairable_corruption(&company.credit_code, rng);
                remove_key(form, &["credit_code"]);
            } else {
                printed.id_number = unrepairable_id_corruption(&company.legal_rep.id_number, rng);
                remove_key(form, &["legal_rep", "id_number"]);
            }
        }
        Scenario::LicenseOldFormat => remove_key(form, &["credit_code"]),
        Scenario::NameMismatch => form["company_name"] = json!(different_company(company, rng)),
        Scenario::NameNearMatch => form["company_name"] = json!(near_miss_name(company, rng)),
        Scenario::AccountNameMismatch => {
            form["bank_account"]["account_name"] = json!(near_miss_name(company, rng))
        }
        Scenario::PermitNameMismatch => printed.depositor_name = near_miss_name(company, rng),
        Scenario::LegalRepMismatch => {
            while printed.id_name == company.legal_rep.name {
                printed.id_name = identity::person_name(rng);
            }
            form["legal_rep"]["name"] = json!(printed.id_name);
        }
        Scenario::CreditCodeMismatch => {
            let mut other = company.credit_code.clone();
            while other == company.credit_code {
                other = identity::credit_code(rng, &company.place);
            }
            form["credit_code"] = json!(other);
        }
        _ => {}
    }
    printed
}

/// Removes the key at `path` (`["legal_rep", "id_number"]`) from the form.
fn remove_key(form: &mut Value, path: &[&str]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = form;
    for key in parents {
        node = &mut node[*key];
    }
    if let Some(object) = node.as_object_mut() {
        object.remove(*last);
    }
}

/// Changes the invoice as the scenario says.
pub fn apply_invoice_scenario(
    scenario: Scenario,
    invoice: &mut Invoice,
    company: &Company,
    as_of: NaiveDate,
    rng: &mut ChaCha8Rng,
) {
    match scenario {
        Scenario::SmallScaleRate => {
            for line in &mut invoice.lines {
                line.rate = *[3u32, 3, 1].choose(rng).expect("non-empty");
                line.tax_fen = tax_on(line.amount_fen, line.rate);
            }
            invoice.recompute();
        }
        Scenario::Daikai => {
            invoice.remarks = format!(
                "代开企业税号:{} 代开企业名称:{}",
                company.credit_code, company.name
            );
            invoice.seal_ring = format!(
                "国家税务总局{}市{}税务局",
                company.place.city, company.place.district
            );
        }
        Scenario::InvoiceTooOld => {
            invoice.issue_date = as_of - Days::new(rng.random_range(100..=300));
        }
        Scenario::SellerNotApplicant => {
            let other = unrelated_company(company, as_of, rng);
            invoice.seller = party(&other);
            invoice.seal_ring = other.name.clone();
        }
        Scenario::TotalMismatch => {
            // The figures no longer add up; the words still spell the printed total.
            invoice.total_fen += nonzero_delta(rng);
            invoice.total_words = format_words(invoice.total_fen);
        }
        Scenario::WordsMismatch => {
            invoice.total_words = format_words(invoice.total_fen + nonzero_delta(rng));
        }
        _ => {}
    }
}

fn nonzero_delta(rng: &mut ChaCha8Rng) -> i64 {
    let magnitude = rng.random_range(100..=50_000i64);
    if rng.random_bool(0.5) {
        magnitude
    } else {
        -magnitude
    }
}

fn file_of<'a>(slots: &'a [Slot], doc_type: &str) -> &'a str {
    slots
        .iter()
        .find(|s| s.sheet.doc_type == doc_type)
        .map_or("", |s| s.file.as_str())
}

fn bank_file(slots: &[Slot]) -> &str {
    slots
        .iter()
        .find(|s| matches!(s.sheet.doc_type, "bank_permit" | "basic_account_info"))
        .map_or("", |s| s.file.as_str())
}

/// The findings of the content scenarios, on the documents that prove them.
pub fn content_findings(scenario: Scenario, slots: &[Slot], findings: &mut Vec<TruthFinding>) {
    let licence = file_of(slots, "business_license");
    let invoice = file_of(slots, "vat_special_invoice");
    let on_form = |code, severity, field: &str| {
        TruthFinding::new(code, severity)
            .on(FORM_FILE_NAME)
            .also(&[FORM_FILE_NAME, licence])
            .field(field)
    };
    let on_invoice =
        |code, severity, field: &str| TruthFinding::new(code, severity).on(invoice).field(field);
    let finding = match scenario {
        Scenario::NameMismatch => {
            on_form(FindingCode::NameMismatch, Severity::Reject, "company_name")
        }
        Scenario::NameNearMatch => on_form(
            FindingCode::NameNearMatch,
            Severity::NeedsReview,
            "company_name",
        ),
        Scenario::AccountNameMismatch => on_form(
            FindingCode::BankNameMismatch,
            Severity::Reject,
            "account_name",
        ),
        Scenario::CreditCodeMismatch => on_form(
            FindingCode::CreditCodeMismatch,
            Severity::NeedsReview,
            "credit_code",
        ),
        Scenario::PermitNameMismatch => {
            let bank = bank_file(slots);
            TruthFinding::new(FindingCode::BankNameMismatch, Severity::Reject)
                .on(bank)
                .also(&[bank, licence])
                .field("depositor_name")
        }
        Scenario::LegalRepMismatch => {
            let id = file_of(slots, "id_card_front");
            TruthFinding::new(FindingCode::LegalRepMismatch, Severity::NeedsReview)
                .on(id)
                .also(&[id, licence])
                .field("name")
        }
        Scenario::ChecksumFail => {
            let licence_code_ok = slots
                .iter()
                .find(|s| s.sheet.doc_type == "business_license")
                .and_then(|s| s.sheet.fields.get("credit_code"))
                .and_then(|v| v.as_str())
                .is_some_and(|code| uscc::validate(code).is_ok());
            if licence_code_ok {
                TruthFinding::new(FindingCode::ChecksumFail, Severity::NeedsReview)
                    .on(file_of(slots, "id_card_front"))
                    .field("id_number")
            } else {
                TruthFinding::new(FindingCode::ChecksumFail, Severity::NeedsReview)
                    .on(licence)
                    .field("credit_code")
            }
        }
        Scenario::IdExpired => TruthFinding::new(FindingCode::IdExpired, Severity::Reject)
            .on(file_of(slots, "id_card_back"))
            .field("valid_to"),
        Scenario::LicenseExpired => {
            TruthFinding::new(FindingCode::LicenseTermExpired, Severity::Reject)
                .on(licence)
                .field("term_end")
        }
        Scenario::LicenseOldFormat => {
            TruthFinding::new(FindingCode::LicenseOldFormat, Severity::Reject)
                .on(licence)
                .field("registration_number")
        }
        Scenario::SmallScaleRate => on_invoice(
            FindingCode::GtProofSmallScaleRate,
            Severity::Reject,
            "tax_rates",
        ),
        Scenario::Daikai => on_invoice(FindingCode::GtProofDaikai, Severity::Reject, "remarks"),
        Scenario::InvoiceTooOld => {
            on_invoice(FindingCode::GtProofTooOld, Severity::Reject, "issue_date")
        }
        Scenario::SellerNotApplicant => {
            findings.push(
                on_invoice(FindingCode::NameMismatch, Severity::Reject, "seller_name")
                    .also(&[invoice, licence]),
            );
            on_invoice(
                FindingCode::InvoiceSellerIdMismatch,
                Severity::Reject,
                "seller_tax_id",
            )
            .also(&[invoice, licence])
        }
        Scenario::TotalMismatch => {
            on_invoice(FindingCode::InvoiceTotalMismatch, Severity::Reject, "total")
        }
        Scenario::WordsMismatch => on_invoice(
            FindingCode::AmountWordsMismatch,
            Severity::Reject,
            "total_in_words",
        ),
        _ => return,
    };
    findings.push(finding);
}

/// Wrong, missing and duplicate uploads.
pub fn completeness(
    scenario: Scenario,
    slots: &mut Vec<Slot>,
    names: &mut FileNames,
    company: &Company,
    fonts: &Fonts,
    rng: &mut ChaCha8Rng,
    findings: &mut Vec<TruthFinding>,
) {
    match scenario {
        Scenario::WrongDocument => {
            let victims: Vec<usize> = slots
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    matches!(
                        s.sheet.doc_type,
                        "business_license" | "id_card_front" | "bank_permit" | "basic_account_info"
                    )
                })
                .map(|(i, _)| i)
                .collect();
            let victim = *victims.choose(rng).expect("the set has these documents");
            let missing = slots[victim].sheet.doc_type;
            slots[victim].sheet = docs::other::render(company, fonts, rng);
            findings.push(
                TruthFinding::new(FindingCode::WrongDocument, Severity::Reject)
                    .on(&slots[victim].file),
            );
            findings.push(
                TruthFinding::new(FindingCode::MissingDocument, Severity::Reupload).field(missing),
            );
        }
        Scenario::MissingDocument => {
            let victims: Vec<usize> = slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.sheet.doc_type != "id_card_front")
                .map(|(i, _)| i)
                .collect();
            let victim = *victims.choose(rng).expect("the set has these documents");
            let removed = slots.remove(victim);
            findings.push(
                TruthFinding::new(FindingCode::MissingDocument, Severity::Reupload)
                    .field(removed.sheet.doc_type),
            );
        }
        Scenario::DuplicateUpload => {
            let original = slots.choose(rng).expect("non-empty").file.clone();
            let copy = names.next(rng);
            findings.push(
                TruthFinding::new(FindingCode::DuplicateUpload, Severity::PassWithWarning)
                    .on(&copy)
                    .also(&[&original, &copy]),
            );
        }
        _ => {}
    }
}
