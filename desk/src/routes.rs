//! The desk's HTTP routes. Each handler checks the request (host, origin, token), asks the
//! station, and renders a page from `pages.rs`. Slow work (decoding a camera frame, fetching
//! lists) runs on the blocking pool, outside the station's lock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Form, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use ikd_protocol::profile::DocType;

use crate::lists::{self, ListUpdateError};
use crate::pages;
use crate::scanned_text::typed_payload;
use crate::security;
use crate::station::{Station, StationError};
use crate::store::ListKind;
use crate::texts;

/// Largest camera frame accepted (a 1280x720 JPEG is about 100 KiB).
pub const MAX_FRAME_BYTES: usize = 4 * 1024 * 1024;

/// What the handlers share.
pub struct App {
    /// The station.
    pub station: Mutex<Station>,
    /// This process's CSRF token.
    pub token: String,
    /// The `host:port` names the desk answers to.
    pub hosts: Vec<String>,
    /// The issuer's base URL, for the lists.
    pub issuer_url: Option<String>,
}

impl App {
    /// The station, even after a panic elsewhere (its state stays consistent: every change is
    /// one assignment or one committed row).
    pub fn station(&self) -> MutexGuard<'_, Station> {
        self.station.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Fetches both lists from the issuer and offers them to the station (blocking).
pub fn refresh_lists(app: &App) {
    let Some(url) = &app.issuer_url else {
        return;
    };
    for kind in [ListKind::Trust, ListKind::Revocation] {
        match lists::fetch(url, kind) {
            Ok(bytes) => {
                // A refused list is noted on the set-up screen; the held one stays.
                let _ = app.station().offer_list(kind, &bytes);
            }
            Err(ListUpdateError::Unreachable) => {
                app.station().note_unreachable();
                return;
            }
            Err(_) => {}
        }
    }
}

/// The router with its defences.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/setup", get(setup))
        .route("/setup/key", post(make_key))
        .route("/setup/certificate", post(check_certificate))
        .route("/setup/lists", post(update_lists))
        .route("/waiting", get(waiting))
        .route("/waiting/profile", post(choose_profile))
        .route("/camera", get(camera))
        .route("/camera/frame", post(camera_frame))
        .route("/scan", post(scan))
        .route("/result", get(result))
        .route("/next", post(next_citizen))
        .route("/assets/desk.css", get(css))
        .route("/assets/camera.js", get(script))
        .layer(DefaultBodyLimit::max(MAX_FRAME_BYTES))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .layer(middleware::from_fn(security::headers))
        .with_state(app)
}

/// Refuses a foreign Host on every request, and a cross-origin POST.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !security::host_allowed(headers, &app.hosts) {
        return (StatusCode::MISDIRECTED_REQUEST, "host not served").into_response();
    }
    if request.method() == axum::http::Method::POST && !security::same_origin(headers, &app.hosts) {
        return forbidden(&app);
    }
    next.run(request).await
}

fn forbidden(app: &App) -> Response {
    (
        StatusCode::FORBIDDEN,
        Html(pages::message(texts::FORBIDDEN, &app.token, "/waiting")),
    )
        .into_response()
}

fn checked(app: &App, form: &HashMap<String, String>) -> bool {
    form.get("csrf")
        .is_some_and(|t| security::token_matches(t, &app.token))
}

fn see(path: &str) -> Response {
    Redirect::to(path).into_response()
}

async fn home(State(app): State<Arc<App>>) -> Response {
    if app.station().ready() {
        see("/waiting")
    } else {
        see("/setup")
    }
}

async fn setup(State(app): State<Arc<App>>) -> Response {
    let station = app.station();
    match station.setup_status() {
        Ok(status) => Html(pages::setup(&status, &app.token)).into_response(),
        Err(_) => storage_failure(&app),
    }
}

fn storage_failure(app: &App) -> Response {
    let e = ikd_verifier::VerifyError::ReplayStoreUnavailable;
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Html(pages::message(
            texts::Text {
                id: e.reason_id(),
                en: e.reason_en(),
            },
            &app.token,
            "/setup",
        )),
    )
        .into_response()
}

async fn make_key(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !checked(&app, &form) {
        return forbidden(&app);
    }
    let _ = app.station().make_key();
    see("/setup")
}

async fn check_certificate(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !checked(&app, &form) {
        return forbidden(&app);
    }
    let _ = app.station().reload();
    see("/setup")
}

async fn update_lists(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !checked(&app, &form) {
        return forbidden(&app);
    }
    let worker = Arc::clone(&app);
    let _ = tokio::task::spawn_blocking(move || refresh_lists(&worker)).await;
    see("/setup")
}

fn waiting_page(app: &App, profile: Option<DocType>) -> Response {
    let mut station = app.station();
    let allowed = station.allowed_profiles();
    match station.current_request(profile) {
        Ok((request, expired)) => Html(pages::waiting(
            &request,
            &allowed,
            expired,
            station.now(),
            &app.token,
        ))
        .into_response(),
        Err(StationError::NotReady) => {
            let text = if station.setup_status().is_ok_and(|s| {
                matches!(s.trust.1, lists::Freshness::TooOld(_))
                    || matches!(s.revocation.1, lists::Freshness::TooOld(_))
            }) {
                texts::LISTS_TOO_OLD
            } else {
                texts::NOT_READY
            };
            Html(pages::message(text, &app.token, "/setup")).into_response()
        }
        Err(StationError::Refused(e)) => Html(pages::message(
            texts::Text {
                id: e.reason_id(),
                en: e.reason_en(),
            },
            &app.token,
            "/setup",
        ))
        .into_response(),
        Err(_) => storage_failure(app),
    }
}

async fn waiting(State(app): State<Arc<App>>) -> Response {
    if app.station().result().is_some() {
        // A result is on screen until "Warga berikutnya" or "Pindai ulang".
        return waiting_after_result(&app);
    }
    waiting_page(&app, None)
}

fn waiting_after_result(app: &App) -> Response {
    // "Pindai ulang" after a refusal: the same request again; the result is dropped.
    let mut station = app.station();
    if station.result().is_some_and(|r| r.accepted) {
        return see("/result");
    }
    station.clear_result();
    drop(station);
    waiting_page(app, None)
}

async fn choose_profile(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !checked(&app, &form) {
        return forbidden(&app);
    }
    let profile = form
        .get("profile")
        .and_then(|p| p.parse::<u8>().ok())
        .and_then(DocType::from_code);
    match profile {
        Some(p) => waiting_page(&app, Some(p)),
        None => see("/waiting"),
    }
}

async fn camera(State(app): State<Arc<App>>) -> Response {
    if !app.station().ready() {
        return see("/setup");
    }
    Html(pages::camera(&app.token)).into_response()
}

async fn camera_frame(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let token_ok = headers
        .get("x-desk-token")
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| security::token_matches(t, &app.token));
    if !token_ok {
        return forbidden(&app);
    }
    let decoded = tokio::task::spawn_blocking(move || {
        ikd_verifier::image_decode::qr_payload_from_image(&body)
    })
    .await;
    let Ok(Ok(payload)) = decoded else {
        return Json(serde_json::json!({ "result": false })).into_response();
    };
    match app.station().check_answer(&payload) {
        Ok(()) => Json(serde_json::json!({ "result": true })).into_response(),
        Err(_) => Json(serde_json::json!({ "result": false })).into_response(),
    }
}

async fn scan(State(app): State<Arc<App>>, Form(form): Form<HashMap<String, String>>) -> Response {
    if !checked(&app, &form) {
        return forbidden(&app);
    }
    let payload = form
        .get("payload")
        .and_then(|t| typed_payload(t))
        .unwrap_or_default();
    match app.station().check_answer(&payload) {
        Ok(()) => see("/result"),
        Err(StationError::NotReady) => see("/setup"),
        Err(_) => storage_failure(&app),
    }
}

async fn result(State(app): State<Arc<App>>) -> Response {
    let station = app.station();
    match station.result() {
        Some(shown) => Html(pages::result(shown, &app.token)).into_response(),
        None => see("/waiting"),
    }
}

async fn next_citizen(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if !checked(&app, &form) {
        return forbidden(&app);
    }
    app.station().next_citizen();
    see("/waiting")
}

async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../assets/desk.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../assets/camera.js"),
    )
        .into_response()
}
