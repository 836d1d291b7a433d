//! Whether the set of uploads holds what the application needs (RULES.md §6.1, §6.5):
//! each required document once, no upload twice, nothing that is not an onboarding
//! document.

use std::collections::HashMap;

use super::Application;
use crate::documents::other::{BANK_CARD, LOOKS_LIKE};
use crate::ingest::{IdType, TaxpayerKind};
use crate::report::{DocumentReport, DocumentType, Finding, FindingCode, Severity};
use crate::rules::RulesConfig;

use DocumentType::*;

/// A document the application must hold: the key it is reported under (`field` of the
/// `MISSING_DOCUMENT` finding), what it is called, and the types that satisfy it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirement {
    pub key: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub accepted: &'static [DocumentType],
}

const LICENCE: Requirement = Requirement {
    key: "business_license",
    name_zh: "营业执照",
    name_en: "business licence",
    accepted: &[BusinessLicense],
};
const ID_FRONT: Requirement = Requirement {
    key: "id_card_front",
    name_zh: "法定代表人身份证人像面",
    name_en: "legal representative's ID card (photo side)",
    accepted: &[IdCardFront],
};
const ID_BACK: Requirement = Requirement {
    key: "id_card_back",
    name_zh: "法定代表人身份证国徽面",
    name_en: "legal representative's ID card (emblem side)",
    accepted: &[IdCardBack],
};
const BANK: Requirement = Requirement {
    key: "bank_permit",
    name_zh: "开户许可证或基本存款账户信息",
    name_en: "account-opening permit or basic deposit account information",
    accepted: &[BankPermit, BasicAccountInfo],
};
/// A normal invoice is accepted here so that it is judged as proof (`GT_PROOF_NOT_SPECIAL`)
/// rather than reported missing.
const GT_PROOF: Requirement = Requirement {
    key: "vat_special_invoice",
    name_zh: "一般纳税人证明（近期自开增值税专用发票或一般纳税人登记证明）",
    name_en: "proof of general-taxpayer status (a recent self-issued special VAT invoice or a registration certificate)",
    accepted: &[VatSpecialInvoice, TaxpayerProof, VatNormalInvoice],
};
/// The identity documents of HK, Macau, Taiwan and foreign representatives (§6.5).
const OTHER_IDENTITY: [DocumentType; 5] = [
    HkMacauPermit,
    TaiwanPermit,
    ResidencePermit,
    ForeignPermanentResidence,
    Passport,
];

/// Every check of this module.
pub fn check(app: &Application, config: &RulesConfig) -> Vec<Finding> {
    let mut findings = duplicate_uploads(app.documents);
    findings.extend(wrong_documents(app.documents, config));
    findings.extend(missing_documents(app, &requirements(app)));
    findings
}

/// What this application must hold: the licence, the representative's identity document
/// (both ID faces, or the permit or passport the form names), the bank document, and
/// proof of general-taxpayer status when the form says `general`.
pub fn requirements(app: &Application) -> Vec<Requirement> {
    let mut required = vec![LICENCE];
    let id_type = app
        .form
        .and_then(|f| f.legal_rep.as_ref())
        .and_then(|r| r.id_type);
    match id_type.and_then(identity_document) {
        Some(requirement) => required.push(requirement),
        None => {
            let has_other_identity = app.documents_of(&OTHER_IDENTITY).next().is_some();
            // Without a stated type, a permit or passport stands for the ID card.
            if id_type.is_some() || !has_other_identity {
                required.extend([ID_FRONT, ID_BACK]);
            }
        }
    }
    required.push(BANK);
    let general = app.form.and_then(|f| f.taxpayer) == Some(TaxpayerKind::General);
    if general {
        required.push(GT_PROOF);
    }
    required
}

/// The one document a non-mainland identity type calls for; `None` for the resident ID
/// (two faces).
fn identity_document(id_type: IdType) -> Option<Requirement> {
    let (key, name_zh, name_en, accepted): (_, _, _, &'static [DocumentType]) = match id_type {
        IdType::ResidentId => return None,
        IdType::HkMacauPermit => (
            "hk_macau_permit",
            "港澳居民来往内地通行证",
            "Mainland travel permit for HK/Macau residents",
            &[HkMacauPermit],
        ),
        IdType::TaiwanPermit => (
            "taiwan_permit",
            "台湾居民来往大陆通行证",
            "Mainland travel permit for Taiwan residents",
            &[TaiwanPermit],
        ),
        IdType::ResidencePermit => (
            "residence_permit",
            "港澳台居民居住证",
            "residence permit for HK/Macau/Taiwan residents",
            &[ResidencePermit],
        ),
        IdType::ForeignPermanentResidence => (
            "foreign_permanent_residence",
            "外国人永久居留身份证",
            "foreign permanent resident ID card",
            &[ForeignPermanentResidence],
        ),
        IdType::Passport => (
            "passport",
            "护照（个人资料页）",
            "passport (photo page)",
            &[Passport],
        ),
    };
    Some(Requirement {
        key,
        name_zh,
        name_en,
        accepted,
    })
}

/// `MISSING_DOCUMENT` (re-upload) for each requirement no upload satisfies. An upload whose
/// kind could not be recognised is named in the detail: it is most likely the missing
/// document, too damaged to read.
fn missing_documents(app: &Application, required: &[Requirement]) -> Vec<Finding> {
    let unrecognised: Vec<&str> = app
        .documents
        .iter()
        .filter(|d| matches!(d.doc_type, Unknown | Other))
        .map(|d| d.file.as_str())
        .collect();
    required
        .iter()
        .filter(|r| app.documents_of(r.accepted).next().is_none())
        .map(|r| {
            let finding = Finding::new(
                FindingCode::MissingDocument,
                format!("缺少{}，请上传", r.name_zh),
                format!("The {} is missing; please upload it", r.name_en),
            )
            .with_severity(Severity::Reupload)
            .on_field(r.key);
            if unrecognised.is_empty() {
                finding
            } else {
                finding.with_detail(format!(
                    "not recognised, perhaps this document: {}",
                    unrecognised.join(", ")
                ))
            }
        })
        .collect()
}

/// Drops the `MISSING_DOCUMENT` findings that unreadable uploads already explain: when
/// every missing document can be one of the unrecognised uploads that a re-upload finding
/// (a blurred, too small, cut or covered photo) already asks the supplier to take again,
/// the retake is the one thing to do, and a second finding for it is noise. When more
/// documents are missing than such uploads, all are kept.
pub fn drop_missing_explained_by_retakes(
    findings: Vec<Finding>,
    documents: &[DocumentReport],
) -> Vec<Finding> {
    let retaken = retaken_uploads(&findings);
    let mut unreadable_retakes: Vec<&str> = documents
        .iter()
        .filter(|d| matches!(d.doc_type, Unknown | Other) && retaken.contains(&d.file))
        .map(|d| d.file.as_str())
        .collect();
    unreadable_retakes.dedup();
    let missing = findings
        .iter()
        .filter(|f| f.code == FindingCode::MissingDocument)
        .count();
    if missing == 0 || missing > unreadable_retakes.len() {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| f.code != FindingCode::MissingDocument)
        .collect()
}

/// Drops what the rules made of an upload already asked for again because of its pixels
/// (blurred, too small, cut, glared, covered): that a field of it could not be read
/// (`FIELD_UNREAD`), that a value of it was repaired or derived (`OCR_REPAIRED`: a tax
/// under a cover worked out from the total), or that it is none of the onboarding
/// documents (`WRONG_DOCUMENT`; a permit cut in half may show no title). So is any
/// verdict of the rules short of a rejection that rests on its reading, the finding
/// naming it among its documents: a blurred sheet's J-number read `5818583761301`
/// (`HEZHUN_FORMAT`) and its account number `198378803987149` against the form's
/// (`ACCOUNT_NUMBER_MISMATCH`, blind seed 9737 app-00112). The retake is what to do, and
/// it will be read and judged again; the decision is a re-upload either way. A rejection
/// stays: it outranks the retake. An upload recognised as something else (a bank card:
/// `looks_like`) stays a wrong document, blurred or not: a sharper photo of it would be
/// no better.
pub fn drop_verdicts_on_retaken_uploads(
    findings: Vec<Finding>,
    documents: &[DocumentReport],
) -> Vec<Finding> {
    let retaken = retaken_uploads(&findings);
    let recognised = |file: &str| {
        documents
            .iter()
            .any(|d| d.file == file && looks_like(d).is_some())
    };
    let moot = |f: &Finding| {
        let review_verdict = !f.code.is_from_reading() && f.severity < Severity::Reupload;
        let Some(document) = f.document.as_ref().filter(|d| retaken.contains(d)) else {
            return review_verdict && f.documents.iter().any(|d| retaken.contains(d));
        };
        match f.code {
            FindingCode::FieldUnread | FindingCode::OcrRepaired => true,
            FindingCode::WrongDocument => !recognised(document),
            _ => review_verdict,
        }
    };
    findings.into_iter().filter(|f| !moot(f)).collect()
}

/// The uploads a re-upload finding from their file or pixels (blurred, too small, cut,
/// glared, covered) asks the supplier to take again.
fn retaken_uploads(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Reupload && f.code.is_from_reading())
        .filter_map(|f| f.document.clone())
        .collect()
}

/// Drops the findings of the rules that rest on a value read from under a cover: when a
/// key field is `KEY_FIELD_OCCLUDED` on an upload, what OCR read of it there (`杭司` for
/// `杭州宏江贸易有限公司` with a note over the middle) is no evidence of a different
/// company or person, and the retake asked for will be checked again. So is any other
/// value of that upload read where the cover lies (a note across two rows: the 基本存款账户
/// 编号 read `900843300001` beside it, blind seed 7919). Findings of the file and its
/// pixels are kept.
pub fn drop_readings_under_covers(findings: Vec<Finding>) -> Vec<Finding> {
    let covers: Vec<Finding> = findings
        .iter()
        .filter(|f| f.code == FindingCode::KeyFieldOccluded)
        .cloned()
        .collect();
    if covers.is_empty() {
        return findings;
    }
    let under = |f: &Finding, cover: &Finding| {
        let Some(document) = &cover.document else {
            return false;
        };
        let on_upload = f.document.as_ref() == Some(document) || f.documents.contains(document);
        let same_field = cover.field.is_some() && f.field == cover.field;
        let same_place = f.document.as_ref() == Some(document)
            && matches!((f.region, cover.region), (Some(a), Some(b)) if a.overlaps(b));
        (on_upload && same_field) || same_place
    };
    let read_under_cover =
        |f: &Finding| !f.code.is_from_reading() && covers.iter().any(|cover| under(f, cover));
    findings
        .into_iter()
        .filter(|f| !read_under_cover(f))
        .collect()
}

/// `DUPLICATE_UPLOAD` (warning) on every upload whose bytes repeat an earlier upload's,
/// listing both.
fn duplicate_uploads(documents: &[DocumentReport]) -> Vec<Finding> {
    let mut first_with_hash: HashMap<&str, &str> = HashMap::new();
    let mut findings = Vec::new();
    let mut seen_files: Vec<&str> = Vec::new();
    for document in documents {
        // A photo of both ID faces gives two documents of one file: one upload.
        if seen_files.contains(&document.file.as_str()) {
            continue;
        }
        seen_files.push(&document.file);
        let Some(hash) = document.upload.as_ref().and_then(|u| u.sha256.as_deref()) else {
            continue;
        };
        match first_with_hash.get(hash) {
            Some(original) => {
                let mut finding = Finding::new(
                    FindingCode::DuplicateUpload,
                    format!("该文件与{original}完全相同，重复上传"),
                    format!("This file is identical to {original}"),
                )
                .with_severity(Severity::PassWithWarning)
                .on_document(&document.file);
                finding.documents = vec![original.to_string(), document.file.clone()];
                findings.push(finding);
            }
            None => {
                first_with_hash.insert(hash, &document.file);
            }
        }
    }
    findings
}

/// `WRONG_DOCUMENT` (reject) on an upload that was read well and is none of the onboarding
/// documents (a delivery note), or that is recognisably something else however little it
/// prints (a bank card). An upload that could not be read well is not judged here: its
/// text does not say what it is.
fn wrong_documents(documents: &[DocumentReport], config: &RulesConfig) -> Vec<Finding> {
    documents
        .iter()
        .filter(|d| d.doc_type == Other)
        .filter_map(|d| {
            let bank_card = looks_like(d) == Some(BANK_CARD);
            if !bank_card && !is_legible(d, config) {
                return None;
            }
            let finding = if bank_card {
                Finding::new(
                    FindingCode::WrongDocument,
                    "该文件是银行卡，不是开户许可证或基本存款账户信息，请上传对公账户的开户证明",
                    "This upload is a bank card, not the account-opening permit or basic account information; upload the company account's document",
                )
            } else {
                Finding::new(
                    FindingCode::WrongDocument,
                    "该文件不是入驻所需的证照（营业执照、身份证、开户许可证、增值税专用发票等），请上传正确的材料",
                    "This upload is none of the onboarding documents (licence, ID card, bank permit, special VAT invoice); upload the right document",
                )
            };
            Some(
                finding
                    .with_severity(Severity::Reject)
                    .on_document(&d.file),
            )
        })
        .collect()
}

/// What an upload of no onboarding type was recognised as (`looks_like`), if anything.
fn looks_like(document: &DocumentReport) -> Option<&str> {
    document.fields.get(LOOKS_LIKE)?.value.as_str()
}

/// Whether OCR read enough text, confidently enough, to say what the upload is not.
fn is_legible(document: &DocumentReport, config: &RulesConfig) -> bool {
    match document.text {
        Some(text) => {
            text.characters >= config.legible_min_characters
                && text.mean_confidence >= config.legible_min_confidence
        }
        // Reports written before the text summary existed: trust the classifier alone.
        None => document.type_confidence >= config.legible_min_confidence,
    }
}
