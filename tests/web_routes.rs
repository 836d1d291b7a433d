//! Every route of the console and the API, driven in-process with `tower::ServiceExt::oneshot`:
//! what a signed-out visitor, a wrong CSRF token, a missing or bad bearer token, and a
//! bad upload get; and the happy paths of signing in, reviewing, pre-screening and
//! submitting.

mod store_common;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dossier::pipeline::ScreenSettings;
use dossier::store::accounts::Role;
use dossier::store::work::{WorkOptions, run_workers};
use dossier::store::{OpenMode, Store};
use dossier::web::{AppState, WebOptions, router};
use http_body_util::BodyExt;
use store_common::write_applications;
use tower::ServiceExt;

const PASSWORD: &str = "reviewer-password-1";

/// Not needed here; the shared harness refers to it.
async fn fresh_database() -> String {
    unreachable!()
}

struct Console {
    app: Router,
    store: Store,
    token: String,
    _dir: tempfile::TempDir,
}

/// A store with three screened applications, a reviewer `li` and an API token.
async fn console(options: WebOptions) -> Console {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("dossier.db").display());
    let store = Store::open(&url, &dir.path().join("blobs"), OpenMode::CreateIfEmpty)
        .await
        .unwrap();
    let apps = dir.path().join("apps");
    write_applications(&apps, 3);
    let discovery = dossier::ingest::discover(&apps).unwrap();
    for app in &discovery.applications {
        store.ingest(app).await.unwrap();
    }
    let settings = Arc::new(ScreenSettings::default());
    let ids = discovery
        .applications
        .iter()
        .map(|a| a.id.clone())
        .collect();
    store
        .enqueue(
            &dossier::store::Selection::Applications(ids),
            &settings.pipeline_version(),
        )
        .await
        .unwrap();
    run_workers(
        &store,
        settings.clone(),
        &WorkOptions::default(),
        Arc::new(|_| {}),
    )
    .await
    .unwrap();
    store
        .add_user("li", Role::Reviewer, PASSWORD)
        .await
        .unwrap();
    let token = store.add_api_token("upload-page").await.unwrap();
    let app = router(AppState::new(store.clone(), settings, options));
    Console {
        app,
        store,
        token,
        _dir: dir,
    }
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&bytes).to_string())
}

fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(uri);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::empty()).unwrap()
}

fn post_form(uri: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut builder =
        Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

/// A multipart body of (part name, file name, bytes) parts.
fn multipart(
    uri: &str,
    token: Option<&str>,
    parts: &[(&str, Option<&str>, &[u8])],
) -> Request<Body> {
    let boundary = "dossier-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file_name {
            Some(file) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut builder = Request::post(uri).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::from(body)).unwrap()
}

fn set_cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap().to_string())
        })
}

fn hidden_csrf(page: &str) -> String {
    let start =
        page.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    page[start..start + 64].to_string()
}

/// Signs `li` in through the form; returns the session cookie header and the session's
/// CSRF token (read from the queue page).
async fn sign_in(app: &Router) -> (String, String) {
    let (_, headers, page) = send(app, get("/login", None)).await;
    let login_csrf = hidden_csrf(&page);
    let login_cookie = format!(
        "dossier_login_csrf={}",
        set_cookie_value(&headers, "dossier_login_csrf").unwrap()
    );
    let (status, headers, _) = send(
        app,
        post_form(
            "/login",
            Some(&login_cookie),
            &format!("name=li&password={PASSWORD}&csrf={login_csrf}"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let session = format!(
        "dossier_session={}",
        set_cookie_value(&headers, "dossier_session").unwrap()
    );
    let (status, _, page) = send(app, get("/", Some(&session))).await;
    assert_eq!(status, StatusCode::OK);
    (session, hidden_csrf(&page))
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_out_visitors_see_nothing_but_the_sign_in_page() {
    let c = console(WebOptions::default()).await;
    let app_view = c
        .store
        .load_application("app-00000")
        .await
        .unwrap()
        .unwrap();
    let sha = &app_view.uploads[0].sha256;
    for uri in [
        "/",
        "/applications/app-00000",
        &format!("/uploads/{sha}"),
        "/?code=FILE_UNREADABLE",
    ] {
        let (status, headers, body) = send(&c.app, get(uri, None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{uri}");
        assert_eq!(headers[header::LOCATION], "/login", "{uri}");
        assert!(!body.contains("app-00000"), "{uri}");
    }
    // A forged or expired session cookie is the same as none.
    let (status, _, _) = send(&c.app, get("/", Some("dossier_session=00ff"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for uri in ["/applications/app-00000/decision", "/logout"] {
        let (status, _, _) = send(&c.app, post_form(uri, None, "csrf=x&action=approve")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{uri}");
    }
    let (status, _, body) = send(&c.app, get("/login", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("name=\"password\""));
    let (status, _, body) = send(&c.app, get("/healthz", None)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_needs_the_form_token_and_the_right_password() {
    let c = console(WebOptions::default()).await;
    let (_, headers, page) = send(&c.app, get("/login", None)).await;
    let csrf = hidden_csrf(&page);
    let cookie = format!(
        "dossier_login_csrf={}",
        set_cookie_value(&headers, "dossier_login_csrf").unwrap()
    );
    // No cookie, or a token that does not match it: refused before the password is checked.
    let (status, _, _) = send(
        &c.app,
        post_form(
            "/login",
            None,
            &format!("name=li&password={PASSWORD}&csrf={csrf}"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &c.app,
        post_form(
            "/login",
            Some(&cookie),
            &format!("name=li&password={PASSWORD}&csrf={}", "0".repeat(64)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (name, password) in [("li", "wrong-password-9"), ("nobody", PASSWORD)] {
        let (status, headers, body) = send(
            &c.app,
            post_form(
                "/login",
                Some(&cookie),
                &format!("name={name}&password={password}&csrf={csrf}"),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("Wrong name or password"));
        assert!(set_cookie_value(&headers, "dossier_session").is_none());
    }
    let (session, _) = sign_in(&c.app).await;
    assert!(session.len() > 70);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_queue_lists_and_filters_tasks() {
    let c = console(WebOptions::default()).await;
    let (session, _) = sign_in(&c.app).await;
    let (status, _, page) = send(&c.app, get("/", Some(&session))).await;
    assert_eq!(status, StatusCode::OK);
    for id in ["app-00000", "app-00001", "app-00002"] {
        assert!(page.contains(&format!("/applications/{id}")), "{id}");
    }
    let (_, _, page) = send(&c.app, get("/?code=FILE_UNREADABLE", Some(&session))).await;
    assert!(page.contains("app-00001"));
    let (_, _, page) = send(&c.app, get("/?code=NAME_MISMATCH", Some(&session))).await;
    assert!(!page.contains("/applications/app-"));
    assert!(page.contains("Nothing to review"));
    let (_, _, page) = send(&c.app, get("/?doc_type=unknown", Some(&session))).await;
    assert!(page.contains("app-00002"));
    let (_, _, page) = send(&c.app, get("/?doc_type=passport", Some(&session))).await;
    assert!(!page.contains("/applications/app-"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_application_page_shows_uploads_findings_and_audit() {
    let c = console(WebOptions::default()).await;
    let (session, _) = sign_in(&c.app).await;
    let (status, _, page) = send(&c.app, get("/applications/app-00001", Some(&session))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("FILE_UNREADABLE"));
    assert!(
        page.contains("<svg viewBox=\"0 0 24 16\""),
        "the PNG is drawn at its size"
    );
    assert!(page.contains("id=\"audit\""));
    assert!(page.contains("ingested") && page.contains("screened"));
    let (status, _, _) = send(&c.app, get("/applications/no-such-app", Some(&session))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Upload bytes: served for a stored upload, never for the form or an unknown hash.
    let stored = c
        .store
        .load_application("app-00001")
        .await
        .unwrap()
        .unwrap();
    let licence = stored
        .uploads
        .iter()
        .find(|u| u.name == "licence.png")
        .unwrap();
    let (status, headers, _) = send(
        &c.app,
        get(&format!("/uploads/{}", licence.sha256), Some(&session)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    let form_sha = &stored.form.as_ref().unwrap().sha256;
    for uri in [
        format!("/uploads/{form_sha}"),
        format!("/uploads/{}", "0".repeat(64)),
        "/uploads/..%2Fdossier.db".to_string(),
    ] {
        let (status, _, _) = send(&c.app, get(&uri, Some(&session))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn decisions_need_the_session_csrf_token_and_are_audited() {
    let c = console(WebOptions::default()).await;
    let (session, csrf) = sign_in(&c.app).await;
    let uri = "/applications/app-00002/decision";
    let (status, _, _) = send(&c.app, post_form(uri, Some(&session), "action=approve")).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no csrf field at all"
    );
    let (status, _, _) = send(
        &c.app,
        post_form(
            uri,
            Some(&session),
            &format!("csrf={}&action=approve", "f".repeat(64)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &c.app,
        post_form(uri, Some(&session), &format!("csrf={csrf}&action=reject")),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a rejection needs a reason"
    );
    let (status, _, _) = send(
        &c.app,
        post_form(
            uri,
            Some(&session),
            &format!("csrf={csrf}&action=reupload&message="),
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a re-upload request needs a message"
    );
    assert_eq!(
        c.store.task("app-00002").await.unwrap().unwrap().status,
        "open"
    );

    // A decision on a machine result that is no longer the task's is refused.
    let shown = c.store.task("app-00002").await.unwrap().unwrap().result_id;
    let stale = format!("csrf={csrf}&action=approve&result_id={}", shown + 1000);
    let (status, _, body) = send(&c.app, post_form(uri, Some(&session), &stale)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("screened again"), "{body}");

    let (status, headers, _) = send(
        &c.app,
        post_form(
            uri,
            Some(&session),
            &format!(
                "csrf={csrf}&action=reject&reason_code=DOCUMENTS_INVALID&message=empty+file&result_id={shown}"
            ),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/applications/app-00002");
    assert_eq!(
        c.store.task("app-00002").await.unwrap().unwrap().status,
        "decided"
    );
    let (_, _, page) = send(&c.app, get("/applications/app-00002", Some(&session))).await;
    assert!(
        page.contains("li: <strong>REJECT</strong> (DOCUMENTS_INVALID)"),
        "{page}"
    );
    let trail = c.store.audit_trail("app-00002").await.unwrap();
    assert_eq!(
        trail.last().unwrap(),
        &("li".to_string(), "reviewed".to_string())
    );
    // Decided tasks leave the default queue.
    let (_, _, page) = send(&c.app, get("/", Some(&session))).await;
    assert!(!page.contains("/applications/app-00002"));
    let (_, _, page) = send(&c.app, get("/?all=1", Some(&session))).await;
    assert!(page.contains("/applications/app-00002"));
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_out_ends_the_session() {
    let c = console(WebOptions::default()).await;
    let (session, csrf) = sign_in(&c.app).await;
    let (status, _, _) = send(&c.app, post_form("/logout", Some(&session), "csrf=wrong")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(&c.app, get("/", Some(&session))).await;
    assert_eq!(status, StatusCode::OK, "a refused sign-out changes nothing");
    let (status, headers, _) = send(
        &c.app,
        post_form("/logout", Some(&session), &format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/login");
    let (status, _, _) = send(&c.app, get("/", Some(&session))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 128])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

#[tokio::test(flavor = "multi_thread")]
async fn prescreen_needs_a_token_and_answers_json() {
    let c = console(WebOptions {
        max_upload_bytes: 200_000,
        ..WebOptions::default()
    })
    .await;
    let photo = png(400, 300);
    let uri = "/api/v1/prescreen";
    let (status, _, body) = send(
        &c.app,
        multipart(uri, None, &[("file", Some("a.png"), &photo)]),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let error: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["error"]["code"], "unauthorized");
    let (status, _, _) = send(
        &c.app,
        multipart(uri, Some("not-a-token"), &[("file", Some("a.png"), &photo)]),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, _, body) = send(
        &c.app,
        multipart(uri, Some(&c.token), &[("file", Some("a.png"), &photo)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["file"], "a.png");
    assert!(answer["decision"].is_string());
    assert_eq!(answer["documents"][0]["upload"]["width"], 400);
    // A 400 x 300 photo is far below the resolution a document needs.
    let codes: Vec<&str> = answer["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"LOW_RESOLUTION"), "{codes:?}");
    assert!(answer["findings"][0]["message_zh"].is_string());
    // The quick path (no OCR) answers the same shape.
    let quick = format!("{uri}?read=false");
    let (status, _, body) = send(
        &c.app,
        multipart(&quick, Some(&c.token), &[("file", Some("a.png"), &photo)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("LOW_RESOLUTION"));

    let (status, _, body) = send(
        &c.app,
        multipart(
            uri,
            Some(&c.token),
            &[("file", Some("a.jpg"), b"not an image at all")],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["error"]["code"], "FILE_UNREADABLE");
    let big = vec![0u8; 210_000];
    let (status, _, body) = send(
        &c.app,
        multipart(uri, Some(&c.token), &[("file", Some("big.jpg"), &big)]),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("FILE_TOO_LARGE"));
    let (status, _, _) = send(
        &c.app,
        multipart(uri, Some(&c.token), &[("note", None, b"hello")]),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread")]
async fn api_tokens_have_a_request_budget() {
    let c = console(WebOptions {
        api_requests_per_minute: 2,
        ..WebOptions::default()
    })
    .await;
    let uri = "/api/v1/applications/app-00000";
    let request = || {
        Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", c.token))
            .body(Body::empty())
            .unwrap()
    };
    for _ in 0..2 {
        let (status, _, _) = send(&c.app, request()).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _, body) = send(&c.app, request()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("rate_limited"));
}

#[tokio::test(flavor = "multi_thread")]
async fn applications_are_submitted_queued_and_reported() {
    let c = console(WebOptions::default()).await;
    let photo = png(64, 48);
    let form = r#"{"company_name": "测试有限公司", "submitted_at": "2026-11-20"}"#.as_bytes();
    let parts: [(&str, Option<&str>, &[u8]); 4] = [
        ("application_id", None, b"sub-001"),
        ("form", None, form),
        ("files", Some("licence.png"), &photo),
        ("files", Some("../../bank.png"), &photo),
    ];
    let (status, _, body) = send(&c.app, multipart("/api/v1/applications", None, &parts)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _, body) = send(
        &c.app,
        multipart("/api/v1/applications", Some(&c.token), &parts),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["application"], "sub-001");
    let stored = c.store.load_application("sub-001").await.unwrap().unwrap();
    let names: Vec<&str> = stored.uploads.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["bank.png", "licence.png"]);
    assert!(stored.form.is_some());

    let status_request = |id: &str| {
        Request::get(format!("/api/v1/applications/{id}"))
            .header(header::AUTHORIZATION, format!("Bearer {}", c.token))
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, body) = send(&c.app, status_request("sub-001")).await;
    assert_eq!(status, StatusCode::OK);
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["status"], "queued");
    let (status, _, body) = send(&c.app, status_request("app-00000")).await;
    assert_eq!(status, StatusCode::OK);
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["status"], "screened");
    assert_eq!(answer["report"]["application"], "app-00000");
    let (status, _, _) = send(&c.app, status_request("nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The same id with other files is a conflict; no files, or a bad id, is a bad request.
    let other: [(&str, Option<&str>, &[u8]); 2] = [
        ("application_id", None, b"sub-001"),
        ("files", Some("x.png"), &photo),
    ];
    let (status, _, _) = send(
        &c.app,
        multipart("/api/v1/applications", Some(&c.token), &other),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let empty: [(&str, Option<&str>, &[u8]); 1] = [("application_id", None, b"sub-002")];
    let (status, _, _) = send(
        &c.app,
        multipart("/api/v1/applications", Some(&c.token), &empty),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let bad_id: [(&str, Option<&str>, &[u8]); 2] = [
        ("application_id", None, b"../x"),
        ("files", Some("x.png"), &photo),
    ];
    let (status, _, _) = send(
        &c.app,
        multipart("/api/v1/applications", Some(&c.token), &bad_id),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_paths_are_404_in_the_right_language() {
    let c = console(WebOptions::default()).await;
    let (status, _, body) = send(&c.app, get("/api/v1/nothing", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("\"not_found\""));
    let (status, _, body) = send(&c.app, get("/nothing", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("No such page"));
}
