//! The issuer's request handling on arbitrary input: the first byte picks the endpoint, the
//! officer token (right or wrong), the content type and the client address; the rest is the body.
//! The real router runs in-process (the same one `ikd issuer serve` serves). No input may panic
//! the service or make it answer with a server error (5xx).
#![no_main]

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, header};
use ikd_issuer::IssuerConfig;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

const OFFICER_TOKEN: &str = "fuzz-officer-token";
const ROUTES: [(&str, Method); 11] = [
    ("/v1/officer/login", Method::POST),
    ("/v1/admin/audit", Method::POST),
    ("/v1/credentials/refresh/challenge", Method::POST),
    ("/v1/officer/enrollments", Method::POST),
    ("/v1/officer/revocations", Method::POST),
    ("/v1/activation/challenge", Method::POST),
    ("/v1/activation", Method::POST),
    ("/v1/credentials/refresh", Method::POST),
    ("/v1/trust-list", Method::GET),
    ("/v1/revocation-list", Method::GET),
    ("/v1/unknown", Method::POST),
];

fn service() -> &'static (tokio::runtime::Runtime, Router) {
    static SERVICE: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    SERVICE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ikd-fuzz-issuer-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("data folder");
        ikd_issuer::testkit::import_sample_population(&dir, 0).expect("sample registry");
        let config = IssuerConfig::new(dir, OFFICER_TOKEN);
        let state = ikd_issuer::routes::AppState::load(&config).expect("issuer state");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        (runtime, ikd_issuer::routes::router(state))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let (path, method) = &ROUTES[usize::from(selector) % ROUTES.len()];
    let mut request = Request::builder().method(method.clone()).uri(*path);
    if selector & 0x08 != 0 {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    if selector & 0x10 != 0 {
        let token = if selector & 0x20 != 0 {
            OFFICER_TOKEN
        } else {
            "wrong-token"
        };
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let mut request = request.body(Body::from(body.to_vec())).expect("request");
    let client = SocketAddr::from(([127, 0, 0, selector >> 6], 40_000));
    request.extensions_mut().insert(ConnectInfo(client));
    let (runtime, router) = service();
    let response = runtime
        .block_on(router.clone().oneshot(request))
        .expect("the router is infallible");
    assert!(
        !response.status().is_server_error(),
        "{path}: {} for a client's input",
        response.status()
    );
});
