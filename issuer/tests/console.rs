//! The officer console's protections over real HTTP: the headers every page carries, the
//! cookie flags (Secure behind an https public URL), CSRF on every form, roles.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ikd_issuer::accounts::Role;
use ikd_issuer::store::SqliteStore;
use ikd_issuer::{IssuerConfig, IssuerHandle};
use reqwest::blocking::{Client, Response};
use reqwest::redirect::Policy;

const OFFICER_PASSWORD: &str = "kata-sandi-petugas";
const SITI: &str = "3174015708900001";

fn start(public_url: Option<&str>) -> (IssuerHandle, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(dir.path(), 0).unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    ikd_issuer::admin::add_account(&mut store, "budi", OFFICER_PASSWORD, Role::Officer, 1).unwrap();
    let mut config = IssuerConfig::new(dir.path(), "shared-token-not-for-the-console");
    config.public_url = public_url.map(str::to_string);
    (IssuerHandle::start(config).unwrap(), dir)
}

fn client() -> Client {
    Client::builder().redirect(Policy::none()).build().unwrap()
}

fn set_cookies(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

/// `name=value` of a Set-Cookie line.
fn pair(line: &str) -> (String, String) {
    let first = line.split(';').next().unwrap();
    let (name, value) = first.split_once('=').unwrap();
    (name.to_string(), value.to_string())
}

fn hidden_csrf(page: &str) -> String {
    let start = page.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

/// Logs in as budi: the session cookie line and the page's CSRF token.
fn log_in(issuer: &IssuerHandle) -> (String, String) {
    let url = format!("{}/console/login", issuer.base_url());
    let page = client().get(&url).send().unwrap();
    let (_, login_csrf) = pair(&set_cookies(&page)[0]);
    let response = client()
        .post(&url)
        .header("cookie", format!("ikd_login_csrf={login_csrf}"))
        .form(&[
            ("username", "budi"),
            ("password", OFFICER_PASSWORD),
            ("csrf", login_csrf.as_str()),
        ])
        .send()
        .unwrap();
    assert_eq!(response.status(), 303);
    let session = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with("ikd_session="))
        .unwrap();
    let (_, token) = pair(&session);
    let enrol = client()
        .get(format!("{}/console/enrol", issuer.base_url()))
        .header("cookie", format!("ikd_session={token}"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    (session, hidden_csrf(&enrol))
}

#[test]
fn every_console_page_carries_a_strict_csp_and_refuses_framing() {
    let (issuer, _dir) = start(None);
    for path in ["/console/login", "/console/enrol", "/console/style.css"] {
        let response = client()
            .get(format!("{}{path}", issuer.base_url()))
            .send()
            .unwrap();
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe") && !csp.contains("script-src"),
            "{csp}"
        );
        assert_eq!(response.headers()["x-frame-options"], "DENY");
        assert_eq!(response.headers()["cache-control"], "no-store");
    }
}

#[test]
fn the_session_cookie_is_http_only_strict_and_secure_behind_https() {
    let (issuer, _dir) = start(None);
    let (plain, _) = log_in(&issuer);
    assert!(
        plain.contains("HttpOnly") && plain.contains("SameSite=Strict"),
        "{plain}"
    );
    assert!(!plain.contains("Secure"), "{plain}");
    drop(issuer);
    let (issuer, _dir) = start(Some("https://ikd.example.id"));
    let (secure, _) = log_in(&issuer);
    assert!(secure.contains("; Secure"), "{secure}");
}

#[test]
fn a_form_without_the_sessions_csrf_token_changes_nothing() {
    let (issuer, dir) = start(None);
    let (session, csrf) = log_in(&issuer);
    let (_, token) = pair(&session);
    let enrol = |csrf: &str| {
        client()
            .post(format!("{}/console/enrol", issuer.base_url()))
            .header("cookie", format!("ikd_session={token}"))
            .form(&[("nik", SITI), ("email", "warga@example.id"), ("csrf", csrf)])
            .send()
            .unwrap()
    };
    let outbox = || {
        std::fs::read_dir(dir.path().join("outbox"))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    for forged in ["", "00", &"0".repeat(64)] {
        assert_eq!(enrol(forged).status(), 303, "{forged:?}");
    }
    assert_eq!(outbox(), 0);
    let page = enrol(&csrf);
    assert_eq!(page.status(), 201);
    assert!(page.text().unwrap().contains("<svg"));
    assert_eq!(outbox(), 1);
}

#[test]
fn the_shared_token_opens_no_console_page_and_officers_see_no_audit_log() {
    let (issuer, _dir) = start(None);
    let response = client()
        .get(format!("{}/console/enrol", issuer.base_url()))
        .bearer_auth("shared-token-not-for-the-console")
        .send()
        .unwrap();
    assert_eq!(response.status(), 303);
    let (session, _) = log_in(&issuer);
    let (_, token) = pair(&session);
    let audit = client()
        .get(format!("{}/console/audit", issuer.base_url()))
        .header("cookie", format!("ikd_session={token}"))
        .send()
        .unwrap();
    assert_eq!(audit.status(), 403);
    let accounts = client()
        .get(format!("{}/console/accounts", issuer.base_url()))
        .header("cookie", format!("ikd_session={token}"))
        .send()
        .unwrap();
    assert_eq!(accounts.status(), 403);
}

#[test]
fn a_value_echoed_into_a_page_comes_back_escaped() {
    let (issuer, _dir) = start(None);
    // The login page echoes its CSRF cookie into the form: a forged one must come back inert.
    let evil = "\"><script>alert(1)</script>";
    let response = client()
        .post(format!("{}/console/login", issuer.base_url()))
        .header("cookie", format!("ikd_login_csrf={evil}"))
        .form(&[("username", "budi"), ("password", "x"), ("csrf", "other")])
        .send()
        .unwrap();
    assert_eq!(response.status(), 403);
    let page = response.text().unwrap();
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
}
