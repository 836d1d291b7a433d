//! Signing in and out, the session cookie, CSRF tokens, and the extractors that let a
//! handler run only for a signed-in reviewer ([`SignedIn`]) or a valid API token
//! ([`ApiClient`]).

use askama::Template;
use axum::extract::{Form, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::AppState;
use super::error::{ApiError, PageError};
use crate::store::SessionUser;
use crate::store::accounts::{SESSION_LIFETIME, new_token};

/// The session cookie: an opaque token; the store keeps only its hash.
pub const SESSION_COOKIE: &str = "dossier_session";
/// The sign-in form's double-submit CSRF cookie (there is no session yet to hold a token).
const LOGIN_CSRF_COOKIE: &str = "dossier_login_csrf";

/// A signed-in user. Pages that take it send everyone else to the sign-in page.
pub struct SignedIn(pub SessionUser);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login(parts));
        };
        match state.store().session_user(&token).await {
            Ok(Some(user)) => Ok(SignedIn(user)),
            Ok(None) => Err(to_login(parts)),
            Err(error) => Err(PageError::from(error).into_response()),
        }
    }
}

/// Where a signed-out visitor goes: the sign-in page (GET), or a 401 for anything else so
/// that a form posted from a stale page does nothing.
fn to_login(parts: &Parts) -> Response {
    if parts.method == axum::http::Method::GET {
        Redirect::to("/login").into_response()
    } else {
        PageError::new(StatusCode::UNAUTHORIZED, "Sign in first.").into_response()
    }
}

/// An API client holding a valid bearer token, within its request budget.
pub struct ApiClient(pub String);

impl FromRequestParts<AppState> for ApiClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "send `Authorization: Bearer TOKEN` (`dossier token add NAME` makes one)",
                )
            })?;
        let name = state.store().api_token_name(token).await?.ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "unknown or revoked token",
            )
        })?;
        state.inner.rate.check(&name).map_err(|wait| {
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!(
                    "too many requests; try again in {} s",
                    wait.as_secs().max(1)
                ),
            )
        })?;
        Ok(ApiClient(name))
    }
}

/// Checks a form's CSRF token against the session's, in constant time.
pub fn check_csrf(user: &SessionUser, sent: &str) -> Result<(), PageError> {
    if constant_time_eq(user.csrf_token.as_bytes(), sent.as_bytes()) {
        Ok(())
    } else {
        Err(PageError::new(
            StatusCode::FORBIDDEN,
            "This form has expired or did not come from this console; reload the page and try again.",
        ))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

fn set_cookie(name: &str, value: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
    ))
    .expect("cookie values are hex")
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    error: Option<String>,
}

pub async fn login_page(State(state): State<AppState>) -> Result<Response, PageError> {
    login_form(&state, None, StatusCode::OK)
}

fn login_form(
    state: &AppState,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let csrf = new_token();
    let page = LoginPage {
        csrf: csrf.clone(),
        error,
    };
    let mut response = (status, Html(page.render()?)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            LOGIN_CSRF_COOKIE,
            &csrf,
            3600,
            state.options().secure_cookies,
        ),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), form.csrf.as_bytes()) {
        return login_form(
            &state,
            Some("The sign-in form expired; please try again.".to_string()),
            StatusCode::FORBIDDEN,
        );
    }
    match state
        .store()
        .sign_in(form.name.trim(), &form.password)
        .await?
    {
        Some((token, _user)) => {
            let mut response = Redirect::to("/").into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    SESSION_COOKIE,
                    &token,
                    SESSION_LIFETIME.as_secs(),
                    state.options().secure_cookies,
                ),
            );
            Ok(response)
        }
        None => login_form(
            &state,
            Some("Wrong name or password.".to_string()),
            StatusCode::UNAUTHORIZED,
        ),
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    headers: HeaderMap,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    check_csrf(&user, &form.csrf)?;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store().sign_out(&token).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.options().secure_cookies),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; dossier_session=abc"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "b").as_deref(), Some("2"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn csrf_tokens_must_match_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
