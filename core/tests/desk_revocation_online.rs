//! Desk revocation reaches the wallet through the real issuer on a loopback port: an admin
//! revokes a desk, the wallet refreshes its documents, and that desk's request is then refused as
//! revoked; a rolled-back list from the issuer does not undo it, and costs no documents.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::office::*;
use common::*;
use ikd_core::CoreError;
use ikd_issuer::accounts::Role;
use ikd_protocol::desk::certificate::{
    AuthorityKeyId, CertificateBody, DeskCertificate, ProfileSet, Sector,
};
use ikd_protocol::desk::rules::{DeskRefusal, utc_day};
use ikd_protocol::issuer_api::{ListResponse, LoginResponse, RevokeResponse, unb64_vec};
use ikd_protocol::profile::DocType;
use ikd_protocol::trust::{RevocationList, SignedList, TrustList};
use ikd_verifier::{Desk, SqliteReplayStore};
use serde_json::json;
use x25519_dalek::{PublicKey, StaticSecret};

const SITI: &str = "3174015708900001";
const ADMIN_PASSWORD: &str = "admin-dukcapil-pusat";
const DESK_SECRET: [u8; 32] = [0xD5; 32];

fn fetch_list(office: &Office, path: &str) -> SignedList {
    let body: ListResponse = reqwest::blocking::get(format!("{}{path}", office.issuer.base_url()))
        .unwrap()
        .json()
        .unwrap();
    SignedList::decode(&unb64_vec(&body.list).unwrap()).unwrap()
}

/// A bank's desk certified by the office's verifier authority, replay store in `dir`.
fn bank_desk(office: &Office, dir: &std::path::Path) -> Desk {
    let authority = ikd_issuer::routes::verifier_authority_key(office.data.path()).unwrap();
    let today = utc_day(T0).unwrap();
    let certificate = DeskCertificate::sign(
        CertificateBody {
            authority: AuthorityKeyId([0; 8]),
            institution: "BANK CONTOH".into(),
            desk: "LOKET 1".into(),
            sector: Sector::Finance,
            allowed: ProfileSet::of(&[DocType::KtpBasic]),
            static_key: PublicKey::from(&StaticSecret::from(DESK_SECRET)).to_bytes(),
            valid_from: today,
            valid_until: today + 364,
        },
        &authority,
    );
    let root = ikd_issuer::routes::trust_root_public_key(office.data.path()).unwrap();
    let root = ed25519_dalek::VerifyingKey::from_bytes(&root).unwrap();
    Desk::new(
        DESK_SECRET,
        certificate,
        TrustList::verify(&fetch_list(office, "/v1/trust-list"), &root).unwrap(),
        RevocationList::verify(&fetch_list(office, "/v1/revocation-list"), &root).unwrap(),
        Vec::new(),
        Box::new(SqliteReplayStore::open(&dir.join("replay.sqlite")).unwrap()),
    )
    .unwrap()
}

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
    let mut desk = bank_desk(&office, dir.path());
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
    let mut desk = bank_desk(&office, dir.path());
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
