//! The web app's defences. The desk's pages show personal data and its forms accept answers,
//! so: a strict Content-Security-Policy (scripts and styles from the desk itself only, nothing
//! inline, no framing), no caching anywhere (a result page must not come back from the cache or
//! the back button after "Warga berikutnya"), a Host check against DNS rebinding, and a CSRF
//! token on every POST with a same-origin check.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

/// The policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self'; media-src 'self' mediastream: blob:; connect-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers to every response.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::CACHE_CONTROL, "no-store"),
        (header::PRAGMA, "no-cache"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // `same-origin`, not `no-referrer`: with no referrer Chromium sends `Origin: null` on the
        // desk's own form posts, and the same-origin check could not tell them from a foreign one.
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// A fresh random token for this process's forms (hex of 32 bytes).
pub fn new_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `given` is the token (constant time).
pub fn token_matches(given: &str, token: &str) -> bool {
    given.len() == token.len() && bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

/// Whether the request's Host is one the desk answers to (its own address and port): a page
/// from another site that rebinds its name to 127.0.0.1 sends its own name and is refused.
pub fn host_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(h)))
}

/// Whether a POST comes from the desk's own pages: an `Origin` (browsers send it on every
/// POST) naming one of the desk's hosts, or none at all (a command-line client), and never
/// a cross-site `Sec-Fetch-Site`.
pub fn same_origin(headers: &HeaderMap, hosts: &[String]) -> bool {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v != "same-origin" && v != "none");
    if cross_site {
        return false;
    }
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => true,
        Some(origin) => hosts
            .iter()
            .any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_the_desks_own_host_and_origin_pass() {
        let hosts = vec!["127.0.0.1:8090".to_string(), "localhost:8090".to_string()];
        assert!(host_allowed(&map(&[("host", "127.0.0.1:8090")]), &hosts));
        assert!(!host_allowed(
            &map(&[("host", "evil.example:8090")]),
            &hosts
        ));
        assert!(!host_allowed(&HeaderMap::new(), &hosts));
        assert!(same_origin(
            &map(&[("origin", "http://localhost:8090")]),
            &hosts
        ));
        assert!(!same_origin(
            &map(&[("origin", "http://evil.example")]),
            &hosts
        ));
        assert!(!same_origin(
            &map(&[("sec-fetch-site", "cross-site")]),
            &hosts
        ));
        assert!(same_origin(&HeaderMap::new(), &hosts));
    }

    #[test]
    fn the_token_must_match_exactly() {
        let token = new_token().unwrap();
        assert_eq!(token.len(), 64);
        assert!(token_matches(&token.clone(), &token));
        assert!(!token_matches(&token[..63], &token));
        assert!(!token_matches("", &token));
    }
}
