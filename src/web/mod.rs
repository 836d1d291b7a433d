//! The reviewer console and the API (`dossier serve`): an `axum` router over the store,
//! server-rendered with `askama`. Reviewers sign in and work the queue; the upload page
//! calls the pre-screen API with a bearer token; the platform submits applications.
//!
//! Nothing here is reachable signed out except the sign-in page and `/healthz`: every
//! page, image and API answer checks a session or a token first.

mod api;
mod auth;
mod console;
mod error;
pub mod mask;
mod rate;
mod text_diff;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::pipeline::ScreenSettings;
use crate::store::Store;

/// Limits the server enforces, from the command line.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// Largest upload accepted by the API (the same limit the pipeline applies).
    pub max_upload_bytes: u64,
    /// Largest whole application (all its files) accepted by `POST /api/v1/applications`.
    pub max_application_bytes: u64,
    /// API requests each token may make per minute.
    pub api_requests_per_minute: u32,
    /// Mark cookies `Secure` (set when the console is served over HTTPS).
    pub secure_cookies: bool,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions {
            max_upload_bytes: crate::ingest::IngestLimits::default().max_file_bytes,
            max_application_bytes: 60 * 1024 * 1024,
            api_requests_per_minute: 120,
            secure_cookies: false,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    settings: Arc<ScreenSettings>,
    options: WebOptions,
    rate: rate::RateLimiter,
    /// Pre-screens running at once. OCR already uses every core for one photo, so more at
    /// a time only share the cores unfairly: a few finish fast and the rest wait very long.
    /// Waiting requests are served first come, first served.
    prescreen_slots: tokio::sync::Semaphore,
    /// Pre-screens without OCR (`?read=false`) running at once: the quality checks use one
    /// core each, so one per core.
    quick_prescreen_slots: tokio::sync::Semaphore,
}

impl AppState {
    pub fn new(store: Store, settings: Arc<ScreenSettings>, options: WebOptions) -> AppState {
        let rate = rate::RateLimiter::new(options.api_requests_per_minute, Duration::from_secs(60));
        AppState {
            inner: Arc::new(Inner {
                store,
                settings,
                options,
                rate,
                prescreen_slots: tokio::sync::Semaphore::new(PRESCREENS_AT_ONCE),
                quick_prescreen_slots: tokio::sync::Semaphore::new(
                    std::thread::available_parallelism().map_or(1, |n| n.get()),
                ),
            }),
        }
    }

    fn store(&self) -> &Store {
        &self.inner.store
    }

    fn settings(&self) -> &Arc<ScreenSettings> {
        &self.inner.settings
    }

    fn options(&self) -> &WebOptions {
        &self.inner.options
    }
}

/// See `Inner::prescreen_slots`: one OCR pass at a time keeps the latency even.
const PRESCREENS_AT_ONCE: usize = 1;

/// Room for the multipart framing and the form beside the files.
const MULTIPART_OVERHEAD_BYTES: u64 = 256 * 1024;

/// Every route of the console and the API.
pub fn router(state: AppState) -> Router {
    let upload_limit = (state.options().max_upload_bytes + MULTIPART_OVERHEAD_BYTES) as usize;
    let application_limit =
        (state.options().max_application_bytes + MULTIPART_OVERHEAD_BYTES) as usize;
    let api = Router::new()
        .route(
            "/api/v1/prescreen",
            post(api::prescreen).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/v1/applications",
            post(api::submit_application).layer(DefaultBodyLimit::max(application_limit)),
        )
        .route("/api/v1/applications/{id}", get(api::application_status));
    let console = Router::new()
        .route("/", get(console::queue))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/applications/{id}", get(console::application))
        .route("/applications/{id}/decision", post(console::decide))
        .route("/uploads/{sha256}", get(console::upload_bytes))
        .route("/healthz", get(|| async { "ok" }));
    api.merge(console)
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// One line per request on stderr: method, path (numbers masked), status, time.
async fn log_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let path = mask::mask_in_text(request.uri().path());
    let response = next.run(request).await;
    eprintln!(
        "{method} {path} {} {:.0} ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1e3
    );
    response
}
