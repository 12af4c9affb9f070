//! Desk revocation reaches the wallet through the real issuer on a loopback port: an admin
//! revokes a desk, the wallet refreshes its documents, and that desk's request is then refused as
//! revoked; a rolled-back list from the issuer does not undo it, and costs no documents.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::office::*;
use common::*;
use ikd_core::CoreError;
use ikd_issuer::accounts::Role;
use ikd_protocol::desk::rules::{DeskRefusal, utc_day};
use ikd_protocol::issuer_api::{LoginResponse, RevokeResponse};
use ikd_protocol::profile::DocType;
use ikd_verifier::Desk;
use serde_json::json;

const SITI: &str = "3174015708900001";
const ADMIN_PASSWORD: &str = "admin-dukcapil-pusat";
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Revokes `desk` through the admin API, logged in as a real admin account.
fn revoke_at_the_issuer(office: &Office, desk: &Desk) {
    ikd_issuer::admin::add_account(
        &mut ikd_issuer::store::SqliteStore::open(office.data.path()).unwrap(),
        "ani",
        ADMIN_PASSWORD,
        Role::Admin,
        T0,
    )
    .unwrap();
    let client = reqwest::blocking::Client::new();
    let base = office.issuer.base_url();
    let login: LoginResponse = client
        .post(format!("{base}/v1/officer/login"))
        .json(&json!({"username": "ani", "password": ADMIN_PASSWORD}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let revoked: RevokeResponse = client
        .post(format!("{base}/v1/admin/desk-revocations"))
        .bearer_auth(&login.token)
        .json(&json!({"desk_key_id": hex(&desk.certificate().body.desk_key_id().0)}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(revoked.revoked);
}

fn refusal(result: Result<ikd_core::ConsentRequest, CoreError>) -> DeskRefusal {
    match result {
        Err(CoreError::DeskRefused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_desk_revoked_at_the_issuer_is_refused_after_the_next_refresh() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    let wallet = phone.open();
    let session = wallet.activate(&qr, SITI, &code, &PIN.into()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = office.desk_allowed(dir.path(), &[DocType::KtpBasic]);
    let request = desk.new_request(DocType::KtpBasic, T0).unwrap();
    assert!(session.read_desk_request(&request, T0).unwrap().may_share);

    revoke_at_the_issuer(&office, &desk);
    // Until the wallet refreshes it knows nothing of it (offline: the list it holds).
    assert!(session.read_desk_request(&request, T0).is_ok());
    wallet.refresh_documents().unwrap();
    assert_eq!(
        refusal(session.read_desk_request(&request, T0)),
        DeskRefusal::DeskRevoked
    );
    assert_eq!(session.documents().unwrap().len(), 7);
}

#[test]
fn a_rolled_back_desk_list_from_the_issuer_is_refused_and_the_documents_still_arrive() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    let wallet = phone.open();
    let session = wallet.activate(&qr, SITI, &code, &PIN.into()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = office.desk_allowed(dir.path(), &[DocType::KtpBasic]);
    revoke_at_the_issuer(&office, &desk);
    wallet.refresh_documents().unwrap();
    let request = desk.new_request(DocType::KtpBasic, T0).unwrap();
    assert_eq!(
        refusal(session.read_desk_request(&request, T0)),
        DeskRefusal::DeskRevoked
    );
    // The issuer's database is restored from a backup made before the revocation: it signs a
    // list with the old, lower sequence and without the desk.
    let db = rusqlite::Connection::open(office.data.path().join("issuer.sqlite3")).unwrap();
    db.execute_batch(
        "DELETE FROM revoked_desks; UPDATE lists SET sequence = 1 WHERE name = 'desk_revocation';",
    )
    .unwrap();
    drop(db);
    // Two days on, so that the documents of this refresh are told from the earlier ones.
    let later = T0 + 2 * 86_400;
    office
        .clock
        .store(later, std::sync::atomic::Ordering::SeqCst);
    phone.clock.set_wall(later);
    wallet.refresh_documents().unwrap();
    assert_eq!(
        refusal(session.read_desk_request(&request, T0)),
        DeskRefusal::DeskRevoked
    );
    let documents = session.documents().unwrap();
    let later_day = utc_day(later).unwrap();
    assert!(documents.iter().all(|d| d.credential.issued == later_day));
    assert_eq!(session.documents().unwrap().len(), 7);
}
