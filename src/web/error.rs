//! Errors as the two audiences see them: a JSON body with a code and a message for API
//! clients, a plain page for people. Internal details go to the server log, not the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::store::StoreError;

/// An API error: `{"error": {"code": "...", "message": "..."}}` with its status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        eprintln!("store error: {error}");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "store_unavailable",
            "the store could not answer; try again shortly",
        )
    }
}

/// A page error for the console.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> PageError {
        PageError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = format!(
            "<!doctype html><meta charset=utf-8><title>dossier</title>\
             <p>{}</p><p><a href=\"/\">Back to the queue</a></p>",
            html_escape(&self.message)
        );
        (self.status, Html(body)).into_response()
    }
}

impl From<StoreError> for PageError {
    fn from(error: StoreError) -> Self {
        eprintln!("store error: {error}");
        PageError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "The store could not answer; try again shortly.",
        )
    }
}

impl From<askama::Error> for PageError {
    fn from(error: askama::Error) -> Self {
        eprintln!("template error: {error}");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The page could not be drawn.",
        )
    }
}

pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint").into_response()
    } else {
        PageError::new(StatusCode::NOT_FOUND, "No such page.").into_response()
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
