//! Officer and admin accounts on a real loopback port: own password, role, failed logins
//! limited, every action in an append-only audit log that keeps no plaintext NIK.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ikd_issuer::accounts::Role;
use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::issuer_api::{AuditResponse, ErrorBody, LoginResponse};
use reqwest::blocking::{Client, Response};
use serde_json::json;

const NIK: &str = "3174015708900001";
const OFFICER_PASSWORD: &str = "loket-kebayoran-01";
const ADMIN_PASSWORD: &str = "admin-dukcapil-pusat";

fn start() -> (IssuerHandle, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(dir.path(), 0).unwrap();
    ikd_issuer::admin::add_account(
        &mut ikd_issuer::store::SqliteStore::open(dir.path()).unwrap(),
        "budi",
        OFFICER_PASSWORD,
        Role::Officer,
        1,
    )
    .unwrap();
    ikd_issuer::admin::add_account(
        &mut ikd_issuer::store::SqliteStore::open(dir.path()).unwrap(),
        "ani",
        ADMIN_PASSWORD,
        Role::Admin,
        1,
    )
    .unwrap();
    // No shared token: accounts only.
    let mut config = IssuerConfig::new(dir.path(), "unused");
    config.officer_tokens.clear();
    (IssuerHandle::start(config).unwrap(), dir)
}

fn login(issuer: &IssuerHandle, username: &str, password: &str) -> Response {
    Client::new()
        .post(format!("{}/v1/officer/login", issuer.base_url()))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .unwrap()
}

fn token(issuer: &IssuerHandle, username: &str, password: &str) -> String {
    let response = login(issuer, username, password);
    assert_eq!(response.status(), 200);
    response.json::<LoginResponse>().unwrap().token
}

fn code(response: Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.json::<ErrorBody>().unwrap().error.code)
}

fn audit(issuer: &IssuerHandle, token: &str, nik: Option<&str>) -> Response {
    Client::new()
        .post(format!("{}/v1/admin/audit", issuer.base_url()))
        .bearer_auth(token)
        .json(&json!({ "nik": nik }))
        .send()
        .unwrap()
}

#[test]
fn an_officer_enrolls_with_their_own_login_and_the_admin_sees_who_did_it() {
    let (issuer, dir) = start();
    let officer = token(&issuer, "budi", OFFICER_PASSWORD);
    let enrolled = Client::new()
        .post(format!("{}/v1/officer/enrollments", issuer.base_url()))
        .bearer_auth(&officer)
        .json(&json!({"nik": NIK, "email": "siti.contoh@example.id"}))
        .send()
        .unwrap();
    assert_eq!(enrolled.status(), 201);
    let admin = token(&issuer, "ani", ADMIN_PASSWORD);
    let about: AuditResponse = audit(&issuer, &admin, Some(NIK)).json().unwrap();
    assert_eq!(about.entries.len(), 1);
    assert_eq!(
        (
            about.entries[0].actor.as_str(),
            about.entries[0].action.as_str()
        ),
        ("budi", "enroll")
    );
    let subject = about.entries[0].subject.clone().unwrap();
    assert!(!subject.contains(NIK));
    let all: AuditResponse = audit(&issuer, &admin, None).json().unwrap();
    let actions: Vec<&str> = all.entries.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"login") && actions.contains(&"add_admin"),
        "{actions:?}"
    );
    drop(issuer);
    // The audit table holds the keyed hash, never the NIK's digits.
    let store = rusqlite::Connection::open(dir.path().join("issuer.sqlite3")).unwrap();
    let plain: i64 = store
        .query_row(
            "SELECT count(*) FROM audit WHERE instr(actor || action || coalesce(hex(subject), ''), ?1) > 0
               OR instr(coalesce(subject, x''), CAST(?1 AS BLOB)) > 0",
            [NIK],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(plain, 0);
}

#[test]
fn an_officer_cannot_read_the_audit_log_and_a_stranger_cannot_enroll() {
    let (issuer, _dir) = start();
    let officer = token(&issuer, "budi", OFFICER_PASSWORD);
    assert_eq!(
        code(audit(&issuer, &officer, None)),
        (403, "admin_only".into())
    );
    for bearer in ["", "unused", "ikds-00"] {
        let response = Client::new()
            .post(format!("{}/v1/officer/enrollments", issuer.base_url()))
            .bearer_auth(bearer)
            .json(&json!({"nik": NIK, "email": "a@example.id"}))
            .send()
            .unwrap();
        assert_eq!(
            code(response),
            (401, "officer_unauthorized".into()),
            "{bearer}"
        );
    }
}

#[test]
fn failed_logins_lock_the_account_even_for_the_right_password() {
    let (issuer, _dir) = start();
    assert_eq!(
        code(login(&issuer, "nobody", "whatever-password")),
        (401, "login_failed".into())
    );
    for _ in 0..ikd_issuer::routes::MAX_LOGIN_FAILURES_PER_ACCOUNT {
        assert_eq!(
            code(login(&issuer, "budi", "wrong-password-1")).1,
            "login_failed"
        );
    }
    assert_eq!(
        code(login(&issuer, "budi", OFFICER_PASSWORD)),
        (429, "too_many_attempts".into())
    );
    // Another account is not affected.
    assert_eq!(login(&issuer, "ani", ADMIN_PASSWORD).status(), 200);
}

#[test]
fn an_account_needs_a_proper_name_and_a_long_password() {
    let dir = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(dir.path(), 0).unwrap();
    let add = |name: &str, password: &str| {
        ikd_issuer::admin::add_account(
            &mut ikd_issuer::store::SqliteStore::open(dir.path()).unwrap(),
            name,
            password,
            Role::Officer,
            1,
        )
    };
    assert!(matches!(
        add("Budi", OFFICER_PASSWORD),
        Err(ikd_issuer::admin::AccountError::BadUsername)
    ));
    assert!(matches!(
        add("budi", "short"),
        Err(ikd_issuer::admin::AccountError::WeakPassword)
    ));
    add("budi", OFFICER_PASSWORD).unwrap();
    assert!(matches!(
        add("budi", OFFICER_PASSWORD),
        Err(ikd_issuer::admin::AccountError::Exists)
    ));
}
