//! The company name across the licence, the bank document, the invoice or taxpayer proof
//! and the form (RULES.md §5.4, §5.5, §6.6): the licence is the authority; the bank account
//! must be in exactly its name.

use super::Application;
use super::sources::{Source, finding_on};
use crate::report::{DocumentType, Finding, FindingCode, Severity};
use crate::rules::RulesConfig;
use crate::rules::names::{NameOutcome, compare_company_names, normalise_name};

use DocumentType::*;

/// Every company-name check.
pub fn check(app: &Application, config: &RulesConfig) -> Vec<Finding> {
    let others = other_sources(app);
    let mut findings = Vec::new();
    // An unread licence name is reported by the `unread` check.
    let reference = app.read(&[BusinessLicense], "name").into_iter().next();
    let Some(licence_name) = reference else {
        // Without the licence, the name the documents agree on stands in for it; failing
        // that, the name typed into the form is what the bank account must be in.
        let stand_in = documents_agreed_name(&others, config)
            .or_else(|| others.iter().find(|s| s.field == "company_name"));
        if let Some(stand_in) = stand_in {
            findings.extend(compare_each(stand_in, &others, config));
        }
        return findings;
    };
    match outvoting_name(&licence_name, &others, config) {
        Some(consensus) => findings.push(licence_outvoted(&licence_name, consensus, config)),
        None => findings.extend(compare_each(&licence_name, &others, config)),
    }
    findings
}

/// The readings of the company name other than the licence's, form first.
fn other_sources(app: &Application) -> Vec<Source> {
    let mut sources = Vec::new();
    if let Some(form) = app.form {
        sources.extend(Source::from_form(
            "company_name",
            form.company_name.as_ref(),
        ));
        let account = form.bank_account.as_ref();
        sources.extend(Source::from_form(
            "account_name",
            account.and_then(|a| a.account_name.as_ref()),
        ));
    }
    sources.extend(app.read(&[BankPermit, BasicAccountInfo], "depositor_name"));
    sources.extend(app.read(&[VatSpecialInvoice, VatNormalInvoice], "seller_name"));
    sources.extend(app.read(&[TaxpayerProof], "name"));
    sources
}

/// Whether `source` names the bank account holder, which must equal the licence name.
fn is_account_name(source: &Source) -> bool {
    matches!(source.field.as_str(), "account_name" | "depositor_name")
}

/// With the licence name unread: the name every document reading agrees on, when at least
/// `names_outvote_min_documents` printed documents say it. Such an agreement is likelier the
/// licence's name than what one hand typed into the form; a single document could carry the
/// very difference under review (a bank account in another name).
fn documents_agreed_name<'a>(others: &'a [Source], config: &RulesConfig) -> Option<&'a Source> {
    let documents: Vec<&Source> = others.iter().filter(|s| !s.is_form()).collect();
    let first = normalise_name(&documents.first()?.value);
    let agree = documents.iter().all(|s| normalise_name(&s.value) == first);
    (agree && documents.len() >= config.names_outvote_min_documents).then(|| documents[0])
}

/// RULES §5.5: when the other readings agree among themselves on one name that differs from
/// the licence as read, and that agreement includes at least one document (the form's two
/// name keys are typed by one hand), the licence reading is the likelier error. Returns one
/// of those agreeing sources.
fn outvoting_name<'a>(
    licence: &Source,
    others: &'a [Source],
    config: &RulesConfig,
) -> Option<&'a Source> {
    let licence_key = normalise_name(&licence.value);
    let keys: Vec<String> = others.iter().map(|s| normalise_name(&s.value)).collect();
    let candidate = keys.iter().position(|k| *k != licence_key)?;
    let agreeing: Vec<&Source> = others
        .iter()
        .zip(&keys)
        .filter(|(_, k)| **k == keys[candidate])
        .map(|(s, _)| s)
        .collect();
    let all_agree = agreeing.len() == others.len();
    let documents = agreeing.iter().filter(|s| !s.is_form()).count();
    let forms = agreeing.len() - documents;
    let enough = documents >= config.names_outvote_min_documents
        || (documents >= 1 && forms >= 1 && agreeing.len() >= 2);
    (all_agree && enough).then_some(agreeing[0])
}

/// The licence reading disagrees with everything else: a warning when the difference is
/// a known OCR confusion, otherwise a person compares the licence with the others.
fn licence_outvoted(licence: &Source, consensus: &Source, config: &RulesConfig) -> Finding {
    let comparison = compare_company_names(&consensus.value, &licence.value, &config.names);
    if comparison.outcome == NameOutcome::OcrVariant {
        return finding_on(
            FindingCode::NameOcrVariant,
            Severity::PassWithWarning,
            "营业执照企业名称的识别结果与其他材料有形近字差异，已按其他材料一致的名称核对",
            "The licence name as read differs from all other documents only by look-alike characters; the name they agree on was used",
            licence,
            &[consensus],
        );
    }
    finding_on(
        FindingCode::NameSourcesDisagree,
        Severity::NeedsReview,
        "营业执照企业名称与申请表及其他材料一致的名称不同，请人工核对营业执照",
        "The licence name differs from the name the form and the other documents agree on; check the licence by eye",
        licence,
        &[consensus],
    )
}

/// Compares every other reading with the reference and reports each that differs.
fn compare_each(reference: &Source, others: &[Source], config: &RulesConfig) -> Vec<Finding> {
    others
        .iter()
        .filter(|other| !std::ptr::eq(*other, reference))
        .filter_map(|other| compare_one(reference, other, config))
        .collect()
}

/// The finding for one reading against the reference, if they differ.
fn compare_one(reference: &Source, other: &Source, config: &RulesConfig) -> Option<Finding> {
    let comparison = compare_company_names(&reference.value, &other.value, &config.names);
    let outcome = comparison.outcome;
    let code = outcome.code()?;
    let confident = config.is_confident(reference.confidence.min(other.confidence));
    if is_account_name(other) {
        if outcome.passes_bank_rule() {
            return Some(ocr_variant(other, reference));
        }
        let severity = if confident {
            config.bank_name_mismatch
        } else {
            Severity::NeedsReview
        };
        return Some(finding_on(
            FindingCode::BankNameMismatch,
            severity,
            "银行账户名称与营业执照企业名称不一致，账户须以营业执照上的企业名称开立",
            "The bank account name differs from the licence name; the account must be in the company's exact registered name",
            other,
            &[reference],
        ));
    }
    if outcome == NameOutcome::OcrVariant {
        return Some(ocr_variant(other, reference));
    }
    let severity = match outcome.severity() {
        Severity::Reject if !confident => Severity::NeedsReview,
        severity => severity,
    };
    let (zh, en) = name_messages(outcome);
    Some(finding_on(code, severity, zh, en, other, &[reference]))
}

fn ocr_variant(other: &Source, reference: &Source) -> Finding {
    finding_on(
        FindingCode::NameOcrVariant,
        Severity::PassWithWarning,
        "企业名称与营业执照仅有形近字差异（可能为识别误差），以营业执照为准",
        "The company name differs from the licence only by look-alike characters (likely an OCR misread); the licence spelling is used",
        other,
        &[reference],
    )
}

/// The reviewer's and the supplier's message for a name outcome (RULES §5.4).
fn name_messages(outcome: NameOutcome) -> (&'static str, &'static str) {
    match outcome {
        NameOutcome::LegalFormDiff => (
            "企业名称的组织形式（如有限公司/有限责任公司）与营业执照不同，请核对是否为同一主体",
            "The legal form in the company name (e.g. 有限公司 vs 有限责任公司) differs from the licence; check it is the same entity",
        ),
        NameOutcome::BranchDiff => (
            "企业名称与营业执照相差分支机构（分公司等），请核对是否为同一主体",
            "The company name differs from the licence by a branch (分公司 etc.); check it is the same entity",
        ),
        NameOutcome::ParenDiff => (
            "企业名称括号中的内容与营业执照不同，请核对",
            "The part of the company name in parentheses differs from the licence; check it",
        ),
        NameOutcome::NearMatch => (
            "企业名称与营业执照相近但不一致，可能为不同企业，需人工核对",
            "The company name is close to the licence name but not the same; it may be a different company",
        ),
        _ => (
            "企业名称与营业执照不一致，可能为不同企业",
            "The company name differs from the licence name; likely a different company",
        ),
    }
}
