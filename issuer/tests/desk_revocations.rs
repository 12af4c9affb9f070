//! Desk revocation on a real loopback port: only an admin revokes a desk, the revocation is
//! audited, and `GET /v1/desk-revocation-list` publishes a list signed by the service's verifier
//! authority whose sequence rises with every desk revoked.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ikd_issuer::accounts::Role;
use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::desk::certificate::DeskKeyId;
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::issuer_api::{
    AuditResponse, ErrorBody, ListResponse, LoginResponse, RevokeResponse, unb64_vec,
};
use ikd_protocol::trust::SignedList;
use reqwest::blocking::{Client, Response};
use serde_json::json;

const OFFICER_PASSWORD: &str = "loket-kebayoran-01";
const ADMIN_PASSWORD: &str = "admin-dukcapil-pusat";
const DESK: &str = "00112233445566778899aabbccddeeff";

fn start() -> (IssuerHandle, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (name, password, role) in [
        ("budi", OFFICER_PASSWORD, Role::Officer),
        ("ani", ADMIN_PASSWORD, Role::Admin),
    ] {
        ikd_issuer::admin::add_account(
            &mut ikd_issuer::store::SqliteStore::open(dir.path()).unwrap(),
            name,
            password,
            role,
            1,
        )
        .unwrap();
    }
    let mut config = IssuerConfig::new(dir.path(), "unused");
    config.officer_tokens.clear();
    (IssuerHandle::start(config).unwrap(), dir)
}

fn token(issuer: &IssuerHandle, username: &str, password: &str) -> String {
    let response = Client::new()
        .post(format!("{}/v1/officer/login", issuer.base_url()))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json::<LoginResponse>().unwrap().token
}

fn revoke(issuer: &IssuerHandle, token: &str, desk: &str) -> Response {
    Client::new()
        .post(format!("{}/v1/admin/desk-revocations", issuer.base_url()))
        .bearer_auth(token)
        .json(&json!({ "desk_key_id": desk }))
        .send()
        .unwrap()
}

fn code(response: Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.json::<ErrorBody>().unwrap().error.code)
}

/// The published list (and its signed body's size), checked against the service's own verifier authority key.
fn published(issuer: &IssuerHandle, dir: &std::path::Path) -> (DeskRevocationList, usize) {
    let response = Client::new()
        .get(format!("{}/v1/desk-revocation-list", issuer.base_url()))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let bytes = unb64_vec(&response.json::<ListResponse>().unwrap().list).unwrap();
    let signed = SignedList::decode(&bytes).unwrap();
    let authority = ikd_issuer::routes::verifier_authority_key(dir).unwrap();
    (
        DeskRevocationList::verify_with_key(&signed, &authority.verifying_key()).unwrap(),
        signed.body.len(),
    )
}

#[test]
fn an_admin_revokes_a_desk_and_the_signed_list_names_it_with_a_higher_sequence() {
    let (issuer, dir) = start();
    let (before, empty_size) = published(&issuer, dir.path());
    assert!(before.revoked.is_empty());
    let admin = token(&issuer, "ani", ADMIN_PASSWORD);
    let response = revoke(&issuer, &admin, DESK);
    assert_eq!(response.status(), 200);
    assert!(response.json::<RevokeResponse>().unwrap().revoked);
    let (after, one_size) = published(&issuer, dir.path());
    let mut id = [0u8; 16];
    for (i, b) in id.iter_mut().enumerate() {
        *b = (i as u8) * 0x11;
    }
    assert_eq!(after.revoked, vec![DeskKeyId(id)]);
    assert!(after.sequence > before.sequence);
    // Each revoked desk costs the signed body its 16-byte id and a one-byte CBOR head.
    assert_eq!(one_size - empty_size, 17);
    // Revoking it again changes nothing, the sequence included.
    let again = revoke(&issuer, &admin, DESK);
    assert!(!again.json::<RevokeResponse>().unwrap().revoked);
    assert_eq!(published(&issuer, dir.path()).0.sequence, after.sequence);
    // The audit log says who revoked which desk.
    let audit = Client::new()
        .post(format!("{}/v1/admin/audit", issuer.base_url()))
        .bearer_auth(&admin)
        .json(&json!({}))
        .send()
        .unwrap()
        .json::<AuditResponse>()
        .unwrap();
    let lines: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.action.starts_with("revoke_desk"))
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].actor, "ani");
    assert_eq!(lines[0].action, format!("revoke_desk:{DESK}"));
}

#[test]
fn an_officer_or_a_caller_without_a_login_cannot_revoke_a_desk() {
    let (issuer, dir) = start();
    let officer = token(&issuer, "budi", OFFICER_PASSWORD);
    assert_eq!(
        code(revoke(&issuer, &officer, DESK)),
        (403, "admin_only".into())
    );
    assert_eq!(
        code(revoke(&issuer, "not-a-token", DESK)),
        (401, "officer_unauthorized".into())
    );
    assert!(published(&issuer, dir.path()).0.revoked.is_empty());
}

#[test]
fn a_desk_key_id_that_is_not_32_hex_digits_is_refused() {
    let (issuer, dir) = start();
    let admin = token(&issuer, "ani", ADMIN_PASSWORD);
    for bad in [
        "",
        "0011",
        "zz112233445566778899aabbccddeeff",
        &format!("{DESK}00"),
    ] {
        assert_eq!(
            code(revoke(&issuer, &admin, bad)),
            (400, "invalid_desk_key_id".into()),
            "{bad}"
        );
    }
    assert!(published(&issuer, dir.path()).0.revoked.is_empty());
}
