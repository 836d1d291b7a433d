//! The reviewer's pages: the queue, one application (each upload with its finding and field
//! boxes drawn over it, the fields, the comparisons across documents, the actions and the
//! audit trail), the decision form, and the upload images themselves.

use askama::Template;
use axum::body::Body;
use axum::extract::{Form, Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::AppState;
use super::auth::{SignedIn, check_csrf};
use super::error::PageError;
use super::mask::mask_in_text;
use super::text_diff::{Span, diff_against};
use crate::ingest::ApplicationForm;
use crate::report::{ApplicationReport, DocumentReport, DocumentType, Region, Severity};
use crate::store::{QueueFilter, ReviewDecision, SessionUser};

/// Most tasks listed on the queue page.
const QUEUE_PAGE_SIZE: i64 = 200;

/// What a rejection may be filed under, beside the application's own finding codes.
const GENERAL_REJECT_REASONS: [&str; 4] = [
    "DOCUMENTS_INVALID",
    "NOT_ELIGIBLE",
    "FRAUD_SUSPECTED",
    "OTHER",
];

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    code: String,
    #[serde(default)]
    doc_type: String,
    #[serde(default)]
    all: Option<String>,
}

struct QueueLine {
    application_id: String,
    decision: String,
    decision_class: &'static str,
    status: String,
    opened: String,
    codes: String,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    user: SessionUser,
    lines: Vec<QueueLine>,
    code: String,
    doc_type: String,
    include_decided: bool,
    codes: Vec<&'static str>,
    doc_types: Vec<&'static str>,
}

pub async fn queue(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(query): Query<QueueQuery>,
) -> Result<Html<String>, PageError> {
    let filter = QueueFilter {
        code: Some(query.code.clone()).filter(|c| !c.is_empty()),
        doc_type: Some(query.doc_type.clone()).filter(|d| !d.is_empty()),
        include_decided: query.all.is_some(),
    };
    let rows = state.store().queue_page(&filter, QUEUE_PAGE_SIZE).await?;
    let lines = rows
        .into_iter()
        .map(|row| QueueLine {
            decision_class: decision_class(&row.task.machine_decision),
            application_id: row.task.application_id,
            decision: row.task.machine_decision,
            status: row.task.status,
            opened: format_time(row.task.opened_at),
            codes: mask_in_text(&row.codes.join(" ")),
        })
        .collect();
    let page = QueuePage {
        user,
        lines,
        code: query.code,
        doc_type: query.doc_type,
        include_decided: filter.include_decided,
        codes: crate::report::FindingCode::ALL
            .iter()
            .map(|c| c.as_str())
            .collect(),
        doc_types: ALL_DOC_TYPES.to_vec(),
    };
    Ok(Html(page.render()?))
}

/// Every document type's report spelling, for the filter.
const ALL_DOC_TYPES: [&str; 15] = [
    "business_license",
    "id_card_front",
    "id_card_back",
    "hk_macau_permit",
    "taiwan_permit",
    "residence_permit",
    "foreign_permanent_residence",
    "passport",
    "bank_permit",
    "basic_account_info",
    "vat_special_invoice",
    "vat_normal_invoice",
    "taxpayer_proof",
    "other",
    "unknown",
];

/// One box drawn over an upload, in the displayed image's pixels.
struct OverlayBox {
    /// `finding` or `field`.
    kind: &'static str,
    code: String,
    label: String,
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

struct FieldLine {
    key: String,
    value: String,
    confidence: String,
}

struct UploadView {
    file: String,
    types: String,
    image_url: Option<String>,
    width: u32,
    height: u32,
    boxes: Vec<OverlayBox>,
    fields: Vec<FieldLine>,
}

struct FindingLine {
    code: String,
    severity: String,
    severity_class: &'static str,
    document: String,
    field: String,
    message_zh: String,
    message_en: String,
}

struct ComparisonLine {
    source: String,
    spans: Vec<Span>,
    reference: bool,
}

struct Comparison {
    title: &'static str,
    lines: Vec<ComparisonLine>,
}

struct AuditLine {
    at: String,
    actor: String,
    action: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "application.html")]
struct ApplicationPage {
    user: SessionUser,
    id: String,
    result_id: i64,
    decision: String,
    decision_class: &'static str,
    status: String,
    pipeline_version: String,
    uploads: Vec<UploadView>,
    findings: Vec<FindingLine>,
    comparisons: Vec<Comparison>,
    reject_reasons: Vec<String>,
    reupload_message: String,
    reviews: Vec<ReviewDecision>,
    audit: Vec<AuditLine>,
}

pub async fn application(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UrlPath(id): UrlPath<String>,
) -> Result<Html<String>, PageError> {
    let store = state.store();
    let (Some(task), Some(report)) = (store.task(&id).await?, store.task_report(&id).await?) else {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            "No screened application with this id.",
        ));
    };
    let stored = store.load_application(&id).await?;
    let form = stored.as_ref().and_then(|app| store.application_form(app));
    let sha_of = |file: &str| {
        stored
            .as_ref()
            .and_then(|app| app.uploads.iter().find(|u| u.name == file))
            .map(|u| u.sha256.clone())
    };
    let uploads = upload_views(&report, &sha_of);
    let findings = report
        .findings
        .iter()
        .map(|f| FindingLine {
            code: f.code.as_str().to_string(),
            severity: f.severity.as_str().to_string(),
            severity_class: decision_class(f.severity.as_str()),
            document: if f.documents.is_empty() {
                f.document.clone().unwrap_or_default()
            } else {
                f.documents.join(", ")
            },
            field: f.field.clone().unwrap_or_default(),
            message_zh: f.message_zh.clone(),
            message_en: f.message_en.clone(),
        })
        .collect();
    // The application's own serious codes first, each once, then the general reasons.
    let mut reject_reasons: Vec<String> = Vec::new();
    let serious = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::NeedsReview)
        .map(|f| f.code.as_str());
    for reason in serious.chain(GENERAL_REJECT_REASONS) {
        if !reject_reasons.iter().any(|r| r == reason) {
            reject_reasons.push(reason.to_string());
        }
    }
    let reupload_message = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Reupload)
        .map(|f| f.message_zh.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let audit = store
        .audit_entries(&id)
        .await?
        .into_iter()
        .map(|entry| AuditLine {
            at: format_time(entry.at),
            actor: entry.actor,
            action: entry.action,
            detail: mask_in_text(&entry.detail),
        })
        .collect();
    let page = ApplicationPage {
        user,
        decision_class: decision_class(report.decision.as_str()),
        decision: report.decision.as_str().to_string(),
        status: task.status,
        result_id: task.result_id,
        pipeline_version: report.pipeline_version.clone(),
        comparisons: comparisons(&report, form.as_ref()),
        uploads,
        findings,
        reject_reasons,
        reupload_message,
        reviews: store.reviews(&id).await?,
        audit,
        id,
    };
    Ok(Html(page.render()?))
}

/// One view per upload file (an ID photo with both faces is one upload, two documents).
fn upload_views(
    report: &ApplicationReport,
    sha_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<UploadView> {
    let mut views: Vec<UploadView> = Vec::new();
    for document in &report.documents {
        let index = match views.iter().position(|v| v.file == document.file) {
            Some(index) => index,
            None => {
                views.push(new_upload_view(document, sha_of));
                views.len() - 1
            }
        };
        let view = &mut views[index];
        if !view.types.contains(type_name(document.doc_type)) {
            if !view.types.is_empty() {
                view.types.push_str(" + ");
            }
            view.types.push_str(type_name(document.doc_type));
        }
        let orientation = document.upload.as_ref().and_then(|u| u.exif_orientation);
        let stored = stored_size(document);
        for (key, field) in &document.fields {
            let value = match &field.value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            if let Some(region) = field.region {
                let (x, y, width, height) = displayed(region, orientation, stored);
                view.boxes.push(OverlayBox {
                    kind: "field",
                    code: key.clone(),
                    label: key.clone(),
                    x,
                    y,
                    width,
                    height,
                });
            }
            view.fields.push(FieldLine {
                key: key.clone(),
                value,
                confidence: format!("{:.2}", field.confidence),
            });
        }
    }
    for finding in &report.findings {
        let Some(region) = finding.region else {
            continue;
        };
        let Some(file) = finding.document.as_deref() else {
            continue;
        };
        let Some(view) = views.iter_mut().find(|v| v.file == file) else {
            continue;
        };
        let document = report.documents.iter().find(|d| d.file == file);
        let orientation = document
            .and_then(|d| d.upload.as_ref())
            .and_then(|u| u.exif_orientation);
        let stored = document
            .map(stored_size)
            .unwrap_or((view.width, view.height));
        let (x, y, width, height) = displayed(region, orientation, stored);
        view.boxes.push(OverlayBox {
            kind: "finding",
            code: finding.code.as_str().to_string(),
            label: finding.code.as_str().to_string(),
            x,
            y,
            width,
            height,
        });
    }
    views
}

fn new_upload_view(
    document: &DocumentReport,
    sha_of: &dyn Fn(&str) -> Option<String>,
) -> UploadView {
    let info = document.upload.as_ref();
    let decoded = info.is_some_and(|u| u.decoded);
    UploadView {
        file: document.file.clone(),
        types: String::new(),
        image_url: sha_of(&document.file)
            .filter(|_| decoded)
            .map(|sha| format!("/uploads/{sha}")),
        width: info.and_then(|u| u.width).unwrap_or(0),
        height: info.and_then(|u| u.height).unwrap_or(0),
        boxes: Vec::new(),
        fields: Vec::new(),
    }
}

/// The stored (pre-EXIF-rotation) size of an upload: the report's width and height are
/// after rotation, swapped for the quarter turns.
fn stored_size(document: &DocumentReport) -> (u32, u32) {
    let info = document.upload.as_ref();
    let (w, h) = (
        info.and_then(|u| u.width).unwrap_or(0),
        info.and_then(|u| u.height).unwrap_or(0),
    );
    match info.and_then(|u| u.exif_orientation) {
        Some(5..=8) => (h, w),
        _ => (w, h),
    }
}

/// A region in stored pixels as the browser shows the image (EXIF orientation applied).
fn displayed(
    region: Region,
    orientation: Option<u8>,
    (stored_w, stored_h): (u32, u32),
) -> (u32, u32, u32, u32) {
    let Region {
        x,
        y,
        width: w,
        height: h,
    } = region;
    match orientation {
        Some(3) => (
            stored_w.saturating_sub(x + w),
            stored_h.saturating_sub(y + h),
            w,
            h,
        ),
        Some(6) => (stored_h.saturating_sub(y + h), x, h, w),
        Some(8) => (y, stored_w.saturating_sub(x + w), h, w),
        _ => (x, y, w, h),
    }
}

/// Company name, legal representative and credit code as each source gives them, the
/// licence first; characters differing from the licence's reading are marked.
fn comparisons(report: &ApplicationReport, form: Option<&ApplicationForm>) -> Vec<Comparison> {
    use DocumentType::*;
    let read = |types: &[DocumentType], key: &str| -> Vec<(String, String)> {
        report
            .documents
            .iter()
            .filter(|d| types.contains(&d.doc_type))
            .filter_map(|d| {
                d.field_text(key)
                    .map(|v| (format!("{} · {}", type_name(d.doc_type), d.file), v))
            })
            .collect()
    };
    let mut company = read(&[BusinessLicense], "name");
    company.extend(read(&[BankPermit, BasicAccountInfo], "account_name"));
    company.extend(read(&[BankPermit, BasicAccountInfo], "depositor_name"));
    company.extend(read(&[VatSpecialInvoice, VatNormalInvoice], "seller_name"));
    company.extend(read(&[TaxpayerProof], "name"));
    let mut legal_rep = read(&[BusinessLicense], "legal_rep");
    legal_rep.extend(read(
        &[
            IdCardFront,
            HkMacauPermit,
            TaiwanPermit,
            ResidencePermit,
            ForeignPermanentResidence,
            Passport,
        ],
        "name",
    ));
    legal_rep.extend(read(&[BankPermit, BasicAccountInfo], "legal_rep"));
    let mut credit = read(&[BusinessLicense], "credit_code");
    credit.extend(read(
        &[VatSpecialInvoice, VatNormalInvoice],
        "seller_tax_id",
    ));
    if let Some(form) = form {
        company.extend(form.company_name.clone().map(|v| ("form".to_string(), v)));
        if let Some(account) = &form.bank_account {
            company.extend(
                account
                    .account_name
                    .clone()
                    .map(|v| ("form · account name".to_string(), v)),
            );
        }
        if let Some(rep) = &form.legal_rep {
            legal_rep.extend(rep.name.clone().map(|v| ("form".to_string(), v)));
        }
        credit.extend(form.credit_code.clone().map(|v| ("form".to_string(), v)));
    }
    [
        ("Company name 企业名称", company),
        ("Legal representative 法定代表人", legal_rep),
        ("Credit code 统一社会信用代码", credit),
    ]
    .into_iter()
    .filter(|(_, sources)| !sources.is_empty())
    .map(|(title, sources)| {
        let reference = sources[0].1.clone();
        Comparison {
            title,
            lines: sources
                .into_iter()
                .enumerate()
                .map(|(i, (source, value))| ComparisonLine {
                    source,
                    spans: diff_against(&reference, &value),
                    reference: i == 0,
                })
                .collect(),
        }
    })
    .collect()
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    action: String,
    /// The machine result the page showed.
    #[serde(default)]
    result_id: Option<i64>,
    #[serde(default)]
    reason_code: String,
    #[serde(default)]
    message: String,
}

/// `POST /applications/{id}/decision`: approve, reject with a reason code, or ask for a
/// re-upload with the message the supplier will see.
pub async fn decide(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    check_csrf(&user, &form.csrf)?;
    let reason = Some(form.reason_code.trim().to_string()).filter(|r| !r.is_empty());
    let message = Some(form.message.trim().to_string()).filter(|m| !m.is_empty());
    let (decision, reason_code, note) = match form.action.as_str() {
        "approve" => ("APPROVE", None, message),
        "reject" => {
            let Some(reason) = reason else {
                return Err(PageError::new(
                    StatusCode::BAD_REQUEST,
                    "A rejection needs a reason code.",
                ));
            };
            ("REJECT", Some(reason), message)
        }
        "reupload" => {
            let Some(message) = message else {
                return Err(PageError::new(
                    StatusCode::BAD_REQUEST,
                    "A re-upload request needs the message the supplier will see.",
                ));
            };
            ("REQUEST_REUPLOAD", reason, Some(message))
        }
        _ => return Err(PageError::new(StatusCode::BAD_REQUEST, "Unknown action.")),
    };
    let review = ReviewDecision {
        reviewer: user.name.clone(),
        decision: decision.to_string(),
        reason_code,
        note,
    };
    match state
        .store()
        .record_review(&id, &review, form.result_id)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/applications/{id}")).into_response()),
        Err(error @ crate::store::StoreError::Stale { .. }) => {
            Err(PageError::new(StatusCode::CONFLICT, error.to_string()))
        }
        Err(crate::store::StoreError::Application { reason, .. }) => {
            Err(PageError::new(StatusCode::NOT_FOUND, reason))
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /uploads/{sha256}`: an upload's bytes, for signed-in users, only when some
/// application holds it.
pub async fn upload_bytes(
    State(state): State<AppState>,
    SignedIn(_user): SignedIn,
    UrlPath(sha256): UrlPath<String>,
) -> Result<Response, PageError> {
    let Some(path) = state.store().upload_blob_path(&sha256).await? else {
        return Err(PageError::new(StatusCode::NOT_FOUND, "No such upload."));
    };
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|_| PageError::new(StatusCode::NOT_FOUND, "The upload's bytes are missing."))?;
    let content_type = match crate::ingest::sniff(&bytes).format_name() {
        Some("jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("bmp") => "image/bmp",
        Some("tiff") => "image/tiff",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "private, max-age=3600"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        Body::from(bytes),
    )
        .into_response())
}

fn type_name(doc_type: DocumentType) -> &'static str {
    let value = serde_json::to_value(doc_type).expect("a type serialises");
    ALL_DOC_TYPES
        .iter()
        .find(|name| value.as_str() == Some(name))
        .copied()
        .unwrap_or("unknown")
}

/// The CSS class of a decision or severity.
fn decision_class(decision: &str) -> &'static str {
    match decision {
        "REJECT" => "reject",
        "REUPLOAD" => "reupload",
        "NEEDS_REVIEW" => "review",
        "PASS_WITH_WARNING" => "warn",
        _ => "pass",
    }
}

fn format_time(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_follow_the_exif_turn_the_browser_applies() {
        let region = Region {
            x: 10,
            y: 20,
            width: 30,
            height: 40,
        };
        // Stored 200 wide, 100 high.
        assert_eq!(displayed(region, None, (200, 100)), (10, 20, 30, 40));
        assert_eq!(displayed(region, Some(3), (200, 100)), (160, 40, 30, 40));
        // Turned a quarter clockwise: the displayed image is 100 wide, 200 high.
        assert_eq!(displayed(region, Some(6), (200, 100)), (40, 10, 40, 30));
        assert_eq!(displayed(region, Some(8), (200, 100)), (20, 160, 40, 30));
    }
}
