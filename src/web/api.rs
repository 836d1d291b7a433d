//! The JSON API: pre-screening one photo while the supplier waits, submitting a whole
//! application, and asking how it went. Every call needs a bearer token.

use std::path::Path;
use std::time::Instant;

use axum::Json;
use axum::extract::multipart::Field;
use axum::extract::{Multipart, Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::AppState;
use super::auth::ApiClient;
use super::error::ApiError;
use crate::ingest::{ApplicationDir, FORM_FILE_NAME, UploadPath};
use crate::pipeline::{ScreenSettings, screen_upload};
use crate::rules::decision::decide;
use crate::store::{IngestOutcome, Selection, StoreError};

/// Longest file name kept from an upload; longer ones are cut.
const MAX_FILE_NAME_CHARS: usize = 120;
/// Most files in one submitted application (the documents, both ID faces, a spare).
const MAX_FILES_PER_APPLICATION: usize = 20;

#[derive(serde::Deserialize)]
pub struct PrescreenQuery {
    /// `?read=false`: only decoding and the image-quality checks, no OCR (no type, no
    /// fields): the sub-second verdict for the upload page while the photo is taken.
    #[serde(default = "default_read")]
    read: bool,
}

fn default_read() -> bool {
    true
}

/// `POST /api/v1/prescreen`: one multipart file part. Answers with the document type,
/// the fields read, and the findings with regions and messages in both languages.
pub async fn prescreen(
    State(state): State<AppState>,
    ApiClient(_client): ApiClient,
    Query(query): Query<PrescreenQuery>,
    mut multipart: Multipart,
) -> Result<Json<Value>, ApiError> {
    let max = state.options().max_upload_bytes;
    let mut upload = None;
    while let Some(field) = next_field(&mut multipart).await? {
        if field.file_name().is_some() || field.name() == Some("file") {
            let name = safe_file_name(field.file_name().unwrap_or("upload"), 0);
            let bytes = read_limited(field, max).await?;
            upload = Some((name, bytes));
            break;
        }
    }
    let (name, bytes) = upload.ok_or_else(|| {
        ApiError::bad_request("send the photo as a multipart file part named `file`")
    })?;
    let mut settings = state.settings().as_ref().clone();
    if !query.read {
        settings.ocr = None;
    }
    let slots = if settings.ocr.is_some() {
        &state.inner.prescreen_slots
    } else {
        &state.inner.quick_prescreen_slots
    };
    let _slot = slots
        .acquire()
        .await
        .expect("the semaphore is never closed");
    let answer = tokio::task::spawn_blocking(move || prescreen_bytes(&name, &bytes, &settings))
        .await
        .expect("prescreen_bytes does not panic")?;
    Ok(Json(answer))
}

/// Runs the per-upload stages on bytes: ingest limits and decoding, OCR, classification,
/// fields, then the image-quality checks. A file that is not a readable image is a 422.
fn prescreen_bytes(name: &str, bytes: &[u8], settings: &ScreenSettings) -> Result<Value, ApiError> {
    let started = Instant::now();
    let mut temp = tempfile::NamedTempFile::new()
        .map_err(|e| internal(format!("cannot stage the upload: {e}")))?;
    std::io::Write::write_all(&mut temp, bytes)
        .map_err(|e| internal(format!("cannot stage the upload: {e}")))?;
    let loaded = crate::ingest::load_upload(temp.path(), &settings.limits);
    if let Err(problem) = &loaded.decoded {
        let finding = problem.to_finding(name);
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem.code().as_str(),
            format!("{} / {}", finding.message_en, finding.message_zh),
        ));
    }
    let settings = ScreenSettings {
        quality_checks: true,
        ..settings.clone()
    };
    let (documents, findings) = screen_upload(name, loaded, &settings);
    Ok(json!({
        "file": name,
        "decision": decide(&findings),
        "documents": documents,
        "findings": findings,
        "elapsed_ms": started.elapsed().as_millis() as u64,
    }))
}

/// `POST /api/v1/applications`: a multipart body with an optional `application_id` text
/// part, the form as a `form` part (or a file named application.json), and the uploads as
/// file parts. Stored and queued for screening; answers 202 with where to ask.
pub async fn submit_application(
    State(state): State<AppState>,
    ApiClient(client): ApiClient,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let staging = tempfile::tempdir().map_err(|e| internal(format!("cannot stage: {e}")))?;
    let mut id = None;
    let mut form = None;
    let mut uploads: Vec<UploadPath> = Vec::new();
    let mut total = 0u64;
    let max_total = state.options().max_application_bytes;
    while let Some(field) = next_field(&mut multipart).await? {
        let part = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        if part == "application_id" && file_name.is_none() {
            let text = field.text().await.map_err(multipart_error)?;
            id = Some(valid_application_id(text.trim())?);
        } else if part == "form" || file_name.as_deref() == Some(FORM_FILE_NAME) {
            let bytes = read_limited(field, 1024 * 1024).await?;
            let path = staging.path().join(FORM_FILE_NAME);
            write_file(&path, &bytes)?;
            form = Some(path);
        } else if let Some(file_name) = file_name {
            if uploads.len() >= MAX_FILES_PER_APPLICATION {
                return Err(ApiError::bad_request(format!(
                    "at most {MAX_FILES_PER_APPLICATION} files per application"
                )));
            }
            let bytes = read_limited(field, state.options().max_upload_bytes).await?;
            total += bytes.len() as u64;
            if total > max_total {
                return Err(too_large(max_total));
            }
            let name = unique_name(safe_file_name(&file_name, uploads.len()), &uploads);
            let path = staging.path().join(&name);
            write_file(&path, &bytes)?;
            uploads.push(UploadPath { name, path });
        }
    }
    if uploads.is_empty() {
        return Err(ApiError::bad_request("the application has no files"));
    }
    uploads.sort_by(|a, b| a.name.cmp(&b.name));
    let id = id.unwrap_or_else(|| {
        format!(
            "api-{}",
            crate::store::accounts::new_token()[..16].to_owned()
        )
    });
    let app = ApplicationDir {
        id: id.clone(),
        dir: staging.path().to_path_buf(),
        uploads,
        form,
    };
    let store = state.store();
    let outcome = match store.ingest(&app).await {
        Ok(outcome) => outcome,
        Err(StoreError::Application { reason, .. }) => {
            return Err(ApiError::new(StatusCode::CONFLICT, "conflict", reason));
        }
        Err(other) => return Err(other.into()),
    };
    let version = state.settings().pipeline_version();
    store
        .enqueue(&Selection::Applications(vec![id.clone()]), &version)
        .await?;
    eprintln!("api: {client} submitted {id} ({outcome:?})");
    let body = json!({
        "application": id,
        "status": "queued",
        "already_stored": outcome == IngestOutcome::AlreadyStored,
        "status_url": format!("/api/v1/applications/{id}"),
    });
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

/// `GET /api/v1/applications/{id}`: the job's state for this pipeline version and, once
/// screened, the decision and the report.
pub async fn application_status(
    State(state): State<AppState>,
    ApiClient(_client): ApiClient,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    let store = state.store();
    if store.load_application(&id).await?.is_none() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such application",
        ));
    }
    let version = state.settings().pipeline_version();
    let report = store.report(&id, &version).await?;
    let status = match (&report, store.job_state(&id, &version).await?) {
        (Some(_), _) => "screened".to_string(),
        (None, Some(state)) => state,
        (None, None) => "stored".to_string(),
    };
    Ok(Json(json!({
        "application": id,
        "status": status,
        "decision": report.as_ref().map(|r| r.decision),
        "report": report,
    })))
}

async fn next_field<'a>(multipart: &'a mut Multipart) -> Result<Option<Field<'a>>, ApiError> {
    multipart.next_field().await.map_err(multipart_error)
}

/// Reads a part, refusing it as soon as it passes `max` bytes.
async fn read_limited(mut field: Field<'_>, max: u64) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if (bytes.len() + chunk.len()) as u64 > max {
            return Err(too_large(max));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn too_large(max: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "FILE_TOO_LARGE",
        format!(
            "the upload is larger than {:.1} MiB / 文件超过 {:.1} MiB，请压缩后重新上传",
            max as f64 / 1048576.0,
            max as f64 / 1048576.0
        ),
    )
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> ApiError {
    let status = error.status();
    let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "FILE_TOO_LARGE"
    } else {
        "bad_multipart"
    };
    ApiError::new(
        status,
        code,
        format!("cannot read the multipart body: {}", error.body_text()),
    )
}

fn internal(message: String) -> ApiError {
    eprintln!("api: {message}");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the server could not stage the upload",
    )
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    std::fs::write(path, bytes)
        .map_err(|e| internal(format!("cannot write {}: {e}", path.display())))
}

/// Application ids become folder-like names in the store and URLs: letters, digits, `-`
/// and `_`, at most 64.
fn valid_application_id(id: &str) -> Result<String, ApiError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(id.to_string())
    } else {
        Err(ApiError::bad_request(
            "application_id must be 1-64 letters, digits, '-' or '_'",
        ))
    }
}

/// The last path component of a client's file name, without control characters or a
/// leading dot, cut to a sane length; `upload-N` when nothing is left.
fn safe_file_name(raw: &str, index: usize) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() || cleaned == FORM_FILE_NAME || cleaned == crate::ingest::TRUTH_FILE_NAME
    {
        format!("upload-{index}")
    } else {
        cleaned
    }
}

/// `name`, or `name (2)`… when an earlier part had it.
fn unique_name(name: String, taken: &[UploadPath]) -> String {
    if !taken.iter().any(|u| u.name == name) {
        return name;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem.to_string(), format!(".{ext}")),
        None => (name.clone(), String::new()),
    };
    (2..)
        .map(|n| format!("{stem} ({n}){ext}"))
        .find(|candidate| !taken.iter().any(|u| &u.name == candidate))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn file_names_from_clients_are_made_safe() {
        assert_eq!(safe_file_name("../../etc/passwd", 0), "passwd");
        assert_eq!(
            safe_file_name("C:\\photos\\营业执照.jpg", 0),
            "营业执照.jpg"
        );
        assert_eq!(safe_file_name(".hidden", 3), "hidden");
        assert_eq!(safe_file_name("...", 3), "upload-3");
        assert_eq!(safe_file_name("truth.json", 1), "upload-1");
        assert_eq!(safe_file_name("a\u{0}b.png", 0), "ab.png");
    }

    #[test]
    fn repeated_names_get_a_number() {
        let taken = vec![UploadPath {
            name: "id.jpg".into(),
            path: PathBuf::new(),
        }];
        assert_eq!(unique_name("id.jpg".into(), &taken), "id (2).jpg");
        assert_eq!(unique_name("bank.jpg".into(), &taken), "bank.jpg");
    }

    #[test]
    fn application_ids_are_plain_names() {
        assert!(valid_application_id("app-00001_b").is_ok());
        assert!(valid_application_id("../x").is_err());
        assert!(valid_application_id("").is_err());
        assert!(valid_application_id(&"a".repeat(65)).is_err());
    }
}
