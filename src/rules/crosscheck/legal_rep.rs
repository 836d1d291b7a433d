//! The legal representative across the licence, the identity document, the bank document
//! and the form (RULES.md §5.6, §6.6): the licence names the representative; a different
//! name anywhere else is for a person to judge.

use super::sources::{Source, finding_on};
use super::{Application, IDENTITY_DOCUMENTS};
use crate::report::{DocumentType, Finding, FindingCode, Severity};
use crate::rules::RulesConfig;
use crate::rules::names::{PersonOutcome, compare_person_names};

use DocumentType::*;

/// Every legal-representative check.
pub fn check(app: &Application, _config: &RulesConfig) -> Vec<Finding> {
    // An unread licence representative is reported by the `unread` check; the first other
    // reading is then the reference the rest are compared with.
    let licence = app.read(&[BusinessLicense], "legal_rep").into_iter().next();
    let others = other_sources(app);
    let Some(reference) = licence.or_else(|| others.first().cloned()) else {
        return Vec::new();
    };
    let groups = differing_groups(&reference, &others);
    if let [group] = groups.as_slice()
        && reference.doc_type == Some(BusinessLicense)
        && outvotes_the_licence(group, others.len())
    {
        return vec![licence_outvoted(&reference, group)];
    }
    groups
        .iter()
        .map(|group| mismatch(&reference, group))
        .collect()
}

/// RULES §5.5 for the representative: every other reading gives one name, from the
/// identity document *and* the bank document (the form is typed by the applicant), and
/// only the licence as read differs: the licence reading is the likelier error. A real
/// change of representative shows on the bank document as on the licence.
fn outvotes_the_licence(group: &[(Source, PersonOutcome)], readings: usize) -> bool {
    let has = |types: &[DocumentType]| {
        group
            .iter()
            .any(|(s, _)| s.doc_type.is_some_and(|t| types.contains(&t)))
    };
    group.len() == readings && has(&IDENTITY_DOCUMENTS) && has(&[BankPermit, BasicAccountInfo])
}

/// `NAME_SOURCES_DISAGREE` (review) on the licence's representative.
fn licence_outvoted(licence: &Source, group: &[(Source, PersonOutcome)]) -> Finding {
    let others: Vec<&Source> = group.iter().map(|(s, _)| s).collect();
    finding_on(
        FindingCode::NameSourcesDisagree,
        Severity::NeedsReview,
        "营业执照上的法定代表人识别结果与身份证、开户许可证及申请表一致的姓名不同，请人工核对营业执照",
        "The licence's legal representative as read differs from the name the ID card, the bank document and the form agree on; check the licence by eye",
        licence,
        &others,
    )
}

/// The readings of the representative's name other than the licence's, in the order a
/// finding is placed on: the identity document, the bank document, the form.
fn other_sources(app: &Application) -> Vec<Source> {
    let mut sources = app.read(&IDENTITY_DOCUMENTS, "name");
    sources.extend(app.read(&[BankPermit, BasicAccountInfo], "legal_rep"));
    if let Some(form) = app.form {
        let typed = form.legal_rep.as_ref().and_then(|r| r.name.as_ref());
        sources.extend(Source::from_form("legal_rep", typed));
    }
    sources
}

/// The readings that differ from the reference, grouped by the name they give (readings of
/// one name make one finding, placed on the first of them).
fn differing_groups(reference: &Source, others: &[Source]) -> Vec<Vec<(Source, PersonOutcome)>> {
    let mut groups: Vec<Vec<(Source, PersonOutcome)>> = Vec::new();
    for other in others.iter().filter(|o| *o != reference) {
        let outcome = compare_person_names(&reference.value, &other.value);
        if outcome == PersonOutcome::Equal {
            continue;
        }
        let same_name = groups
            .iter_mut()
            .find(|g| compare_person_names(&g[0].0.value, &other.value) == PersonOutcome::Equal);
        match same_name {
            Some(group) => group.push((other.clone(), outcome)),
            None => groups.push(vec![(other.clone(), outcome)]),
        }
    }
    groups
}

/// `LEGAL_REP_MISMATCH`: a warning when the names differ only by the `·` of a
/// transliterated name, otherwise a review (a confusable character is not auto-passed:
/// names are short, §5.6).
fn mismatch(reference: &Source, group: &[(Source, PersonOutcome)]) -> Finding {
    let (primary, outcome) = &group[0];
    let mut involved: Vec<&Source> = group[1..].iter().map(|(s, _)| s).collect();
    involved.insert(0, reference);
    let severity = match outcome {
        PersonOutcome::DotOnly => Severity::PassWithWarning,
        _ => Severity::NeedsReview,
    };
    let (zh, en) = match (primary.doc_type, outcome) {
        (_, PersonOutcome::DotOnly) => (
            "法定代表人姓名与营业执照仅相差间隔号“·”",
            "The legal representative's name differs from the licence only by the middle dot",
        ),
        (Some(BankPermit | BasicAccountInfo), _) => (
            "开户许可证上的法定代表人与营业执照不一致（可能已变更），需人工核对",
            "The legal representative on the bank document differs from the licence (it may have changed); check it",
        ),
        _ => (
            "法定代表人姓名与营业执照不一致，需人工核对",
            "The legal representative's name differs from the licence; check it",
        ),
    };
    finding_on(
        FindingCode::LegalRepMismatch,
        severity,
        zh,
        en,
        primary,
        &involved,
    )
}
