//! The officer console: server-rendered pages under `/console` for the work at the counter
//! (log in, enroll a citizen from the registry and show the activation QR, revoke a lost phone)
//! and, for admins, the audit log. No script at all: plain forms, a strict CSP, a CSRF token in
//! every form, the session in an HttpOnly SameSite=Strict cookie (Secure when the public URL is
//! https). The same rules and audit lines as the API: both call the same `AppState` methods.

mod pages;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::accounts::Role;
use crate::api::ApiError;
use crate::routes::{self, Actor, AppState, MAX_AUDIT_LINES};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "ikd_session";
/// The cookie that carries the login form's CSRF token (before there is a session).
pub const LOGIN_CSRF_COOKIE: &str = "ikd_login_csrf";
/// The Content-Security-Policy of every console page: nothing but our own stylesheet and
/// inline SVG (the QR); no script, no frames, forms only to ourselves.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The console's routes (merged into the service's router).
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/console", get(|| async { redirect("/console/enrol") }))
        .route("/console/style.css", get(style))
        .route("/console/login", get(login_page).post(login))
        .route("/console/logout", axum::routing::post(logout))
        .route("/console/enrol", get(enrol_page).post(enrol))
        .route("/console/revoke", get(revoke_page).post(revoke))
        .route("/console/audit", get(audit_page))
        .route("/console/accounts", get(accounts_page).post(add_account))
        .layer(axum::middleware::map_response(secure_headers))
}

async fn secure_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        pages::STYLE,
    )
        .into_response()
}

fn redirect(to: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// `Set-Cookie` for `name`: HttpOnly, SameSite=Strict, path /console, Secure behind https.
fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> String {
    let secure = if state.origin.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!("{name}={value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// A session's CSRF token: derived from the session token (which only the cookie carries), so
/// a page from another site can neither read nor guess it.
fn csrf_of(session_token: &str) -> String {
    routes::hex(&Sha256::digest(
        [b"ikd-console-csrf\0".as_slice(), session_token.as_bytes()].concat(),
    ))
}

/// The logged-in officer and the CSRF token of their session.
struct Session {
    actor: Actor,
    csrf: String,
    token: String,
}

fn session(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, ApiError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(state.session_actor(&token)?.map(|actor| Session {
        actor,
        csrf: csrf_of(&token),
        token,
    }))
}

/// The session of a form post, if its CSRF token is the session's.
fn posted_session(
    state: &AppState,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<Option<Session>, ApiError> {
    Ok(session(state, headers)?.filter(|s| routes::equal(s.csrf.as_bytes(), csrf.as_bytes())))
}

/// A page for an error of the service (its own two-language message), with its status.
fn error_page(session: Option<&Session>, error: &ApiError) -> Response {
    let (id, en) = error.messages();
    html(
        error.status(),
        pages::layout(
            session.map(|s| (&s.actor, s.csrf.as_str())),
            ("Gagal", "Failed"),
            &pages::notice(false, id, en),
        ),
    )
}

fn internal(session: Option<&Session>) -> Response {
    error_page(session, &ApiError::internal())
}

async fn login_page(State(state): State<Arc<AppState>>) -> Response {
    let Ok(token) = routes::random_bytes::<16>() else {
        return internal(None);
    };
    let csrf = routes::hex(&token);
    let mut response = html(StatusCode::OK, pages::login(&csrf, None));
    if let Ok(value) = HeaderValue::from_str(&set_cookie(&state, LOGIN_CSRF_COOKIE, &csrf, 3600)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The login form.
#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    csrf: String,
}

async fn login(
    State(state): State<Arc<AppState>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let password = zeroize::Zeroizing::new(form.password);
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !routes::equal(expected.as_bytes(), form.csrf.as_bytes()) {
        return html(
            StatusCode::FORBIDDEN,
            pages::login(
                &expected,
                Some((
                    "Formulir kedaluwarsa. Muat ulang halaman, lalu masuk lagi.",
                    "The form expired. Reload the page, then log in again.",
                )),
            ),
        );
    }
    match routes::log_in(&state, client.ip(), &form.username, password).await {
        Ok(login) => {
            let mut response = redirect("/console/enrol");
            let max_age = login.expires_at - state.now();
            let cookies = [
                set_cookie(&state, SESSION_COOKIE, &login.token, max_age),
                set_cookie(&state, LOGIN_CSRF_COOKIE, "", 0),
            ];
            for value in cookies {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(error) => {
            let (id, en) = error.messages();
            html(error.status(), pages::login(&expected, Some((id, en))))
        }
    }
}

/// A form that only carries the CSRF token.
#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Ok(Some(session)) = posted_session(&state, &headers, &form.csrf)
        && state.end_session(&session.token).is_err()
    {
        return internal(Some(&session));
    }
    let mut response = redirect("/console/login");
    if let Ok(value) = HeaderValue::from_str(&set_cookie(&state, SESSION_COOKIE, "", 0)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn enrol_page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    match session(&state, &headers) {
        Ok(Some(s)) => html(
            StatusCode::OK,
            pages::layout(
                Some((&s.actor, &s.csrf)),
                ("Daftarkan warga", "Enroll a citizen"),
                &pages::enrol_form(&s.csrf),
            ),
        ),
        Ok(None) => redirect("/console/login"),
        Err(_) => internal(None),
    }
}

/// The enrollment form.
#[derive(Deserialize)]
struct EnrolForm {
    nik: String,
    email: String,
    csrf: String,
}

async fn enrol(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<EnrolForm>,
) -> Response {
    let s = match posted_session(&state, &headers, &form.csrf) {
        Ok(Some(s)) => s,
        Ok(None) => return redirect("/console/login"),
        Err(_) => return internal(None),
    };
    let nik = form.nik.trim().to_string();
    match state.enroll_citizen(&s.actor, &nik, form.email.trim()) {
        Ok(enrolled) => {
            let Ok(qr) = ikd_protocol::qr::encode(enrolled.activation_qr.as_bytes()) else {
                return internal(Some(&s));
            };
            html(
                StatusCode::CREATED,
                pages::layout(
                    Some((&s.actor, &s.csrf)),
                    ("Warga terdaftar", "Citizen enrolled"),
                    &pages::enrolled(&enrolled, &qr.to_svg(6)),
                ),
            )
        }
        Err(error) => error_page(Some(&s), &error),
    }
}

async fn revoke_page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    match session(&state, &headers) {
        Ok(Some(s)) => html(
            StatusCode::OK,
            pages::layout(
                Some((&s.actor, &s.csrf)),
                ("Cabut ponsel hilang", "Revoke a lost phone"),
                &pages::revoke_form(&s.csrf),
            ),
        ),
        Ok(None) => redirect("/console/login"),
        Err(_) => internal(None),
    }
}

/// The revocation form.
#[derive(Deserialize)]
struct RevokeForm {
    nik: String,
    csrf: String,
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<RevokeForm>,
) -> Response {
    let s = match posted_session(&state, &headers, &form.csrf) {
        Ok(Some(s)) => s,
        Ok(None) => return redirect("/console/login"),
        Err(_) => return internal(None),
    };
    match state.revoke_citizen(&s.actor, form.nik.trim()) {
        Ok(revoked) => {
            let notice = if revoked {
                pages::notice(
                    true,
                    "Ponsel dicabut. Warga bisa mengaktifkan ponsel baru di loket.",
                    "Phone revoked. The citizen can activate a new phone at the counter.",
                )
            } else {
                pages::notice(
                    false,
                    "Tidak ada ponsel aktif untuk NIK ini. Tidak ada yang berubah.",
                    "No active phone for this NIK. Nothing changed.",
                )
            };
            html(
                StatusCode::OK,
                pages::layout(
                    Some((&s.actor, &s.csrf)),
                    ("Cabut ponsel hilang", "Revoke a lost phone"),
                    &(notice + &pages::revoke_form(&s.csrf)),
                ),
            )
        }
        Err(error) => error_page(Some(&s), &error),
    }
}

async fn audit_page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let s = match session(&state, &headers) {
        Ok(Some(s)) => s,
        Ok(None) => return redirect("/console/login"),
        Err(_) => return internal(None),
    };
    if let Some(page) = refuse_non_admin(&s) {
        return page;
    }
    match state.with_store(|store| store.audit_entries(None, MAX_AUDIT_LINES)) {
        Ok(entries) => html(
            StatusCode::OK,
            pages::layout(
                Some((&s.actor, &s.csrf)),
                ("Log audit", "Audit log"),
                &pages::audit(&entries),
            ),
        ),
        Err(_) => internal(Some(&s)),
    }
}

/// The page to answer instead when the session is not an admin's.
fn refuse_non_admin(s: &Session) -> Option<Response> {
    if s.actor.role == Role::Admin {
        return None;
    }
    let forbidden = ApiError::new(
        StatusCode::FORBIDDEN,
        "admin_only",
        "Hanya admin yang boleh membuka halaman ini.",
        "Only an admin may open this page.",
    );
    Some(error_page(Some(s), &forbidden))
}

fn accounts_response(
    state: &AppState,
    s: &Session,
    status: StatusCode,
    notice: String,
) -> Response {
    match state.with_store(|store| store.account_list()) {
        Ok(list) => html(
            status,
            pages::layout(
                Some((&s.actor, &s.csrf)),
                ("Akun petugas", "Officer accounts"),
                &(notice + &pages::accounts(&list, &s.csrf, state.now())),
            ),
        ),
        Err(_) => internal(Some(s)),
    }
}

async fn accounts_page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let s = match session(&state, &headers) {
        Ok(Some(s)) => s,
        Ok(None) => return redirect("/console/login"),
        Err(_) => return internal(None),
    };
    match refuse_non_admin(&s) {
        None => accounts_response(&state, &s, StatusCode::OK, String::new()),
        Some(page) => page,
    }
}

/// The new-account form.
#[derive(Deserialize)]
struct AccountForm {
    username: String,
    password: String,
    role: String,
    csrf: String,
}

async fn add_account(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<AccountForm>,
) -> Response {
    let password = zeroize::Zeroizing::new(form.password);
    let s = match posted_session(&state, &headers, &form.csrf) {
        Ok(Some(s)) => s,
        Ok(None) => return redirect("/console/login"),
        Err(_) => return internal(None),
    };
    if let Some(page) = refuse_non_admin(&s) {
        return page;
    }
    let Some(role) = Role::parse(&form.role) else {
        return accounts_response(
            &state,
            &s,
            StatusCode::BAD_REQUEST,
            pages::notice(false, "Peran tidak dikenal.", "Unknown role."),
        );
    };
    // Argon2id off the async workers, and before the store is taken.
    let username = form.username.trim().to_string();
    let name = username.clone();
    let hashed =
        tokio::task::spawn_blocking(move || crate::admin::account_hash(&name, &password)).await;
    let now = state.now();
    let stored = match hashed {
        Ok(Ok(hash)) => state
            .with_store(|store| {
                Ok(crate::admin::store_account(
                    store,
                    &s.actor.name,
                    &username,
                    &hash,
                    role,
                    now,
                ))
            })
            .unwrap_or(Err(crate::admin::AccountError::Storage)),
        Ok(Err(error)) => Err(error),
        Err(_) => Err(crate::admin::AccountError::Storage),
    };
    match stored {
        Ok(()) => accounts_response(
            &state,
            &s,
            StatusCode::CREATED,
            pages::notice(
                true,
                "Akun dibuat. Berikan kata sandinya kepada petugas secara langsung.",
                "Account created. Hand the password to the officer in person.",
            ),
        ),
        Err(error) => {
            // The error's text is already "Indonesian / English".
            let text = error.to_string();
            let (id, en) = text.split_once(" / ").unwrap_or((&text, &text));
            accounts_response(
                &state,
                &s,
                StatusCode::BAD_REQUEST,
                pages::notice(false, id, en),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csrf_token_depends_on_the_session_and_is_not_the_token() {
        let a = csrf_of("token-a");
        assert_eq!(a, csrf_of("token-a"));
        assert_ne!(a, csrf_of("token-b"));
        assert!(!a.contains("token-a"));
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("x_ikd_session=evil; ikd_session=good"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("good"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
