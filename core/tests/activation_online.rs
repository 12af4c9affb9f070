//! Activation and refresh against the real issuer service on a loopback port: the citizen's first
//! day, a second phone, a lost phone, and a server that is down.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::path::Path;
use std::sync::atomic::Ordering;

use common::office::*;
use common::*;
use ikd_core::issuer_client::{IssuerClient, NetworkError};
use ikd_core::{CoreError, WalletStatus};
use ikd_protocol::issuer_api::RevokeRequest;
use ikd_protocol::profile::DocType;
use ikd_verifier::VerifyError;

const SITI: &str = "3174015708900001";

fn refused_code(error: CoreError) -> String {
    match error {
        CoreError::Network(NetworkError::Refused { code, .. }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn rm(path: &Path) {
    let _ = std::fs::remove_dir_all(path);
}

#[test]
fn a_citizen_activates_and_answers_a_desk_that_accepts_it() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    let wallet = phone.open();
    let session = wallet
        .activate(&qr, SITI, &code.to_lowercase(), &PIN.into())
        .unwrap();
    let types: Vec<DocType> = session
        .documents()
        .unwrap()
        .iter()
        .map(|d| d.doc_type())
        .collect();
    assert_eq!(types.len(), 7, "{types:?}");
    let dir = tempfile::tempdir().unwrap();
    let accepted = show_at_desk(
        &session,
        &mut office.desk(dir.path()),
        DocType::KtpBasic,
        T0,
    );
    assert_eq!(accepted.unwrap().profile, DocType::KtpBasic);
    // Lock and unlock: still there, offline.
    wallet.lock();
    assert_eq!(
        phone
            .open()
            .unlock(&PIN.into())
            .unwrap()
            .documents()
            .unwrap()
            .len(),
        7
    );
}

#[test]
fn a_wrong_code_is_refused_and_the_wallet_can_try_again() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    let wallet = phone.open();
    let error = wallet
        .activate(&qr, SITI, "WRONG234", &PIN.into())
        .unwrap_err();
    assert_eq!(refused_code(error), "activation_code_invalid");
    assert_eq!(wallet.status(), WalletStatus::NotSetUp);
    assert!(wallet.activate(&qr, SITI, &code, &PIN.into()).is_ok());
}

#[test]
fn an_expired_code_is_refused() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    office.clock.fetch_add(24 * 3600 + 1, Ordering::SeqCst);
    let error = Phone::new()
        .open()
        .activate(&qr, SITI, &code, &PIN.into())
        .unwrap_err();
    assert_eq!(refused_code(error), "activation_code_expired");
}

#[test]
fn a_used_code_cannot_activate_a_second_phone() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    Phone::new()
        .open()
        .activate(&qr, SITI, &code, &PIN.into())
        .unwrap();
    let error = Phone::new()
        .open()
        .activate(&qr, SITI, &code, &PIN.into())
        .unwrap_err();
    assert_eq!(refused_code(error), "activation_code_used");
}

#[test]
fn guessing_codes_locks_the_enrollment() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    let wallet = phone.open();
    for _ in 0..5 {
        let error = wallet
            .activate(&qr, SITI, "AAAAAAAA", &PIN.into())
            .unwrap_err();
        assert_eq!(refused_code(error), "activation_code_invalid");
    }
    // Even the right code no longer works: the officer must enroll again.
    let error = wallet.activate(&qr, SITI, &code, &PIN.into()).unwrap_err();
    assert_eq!(refused_code(error), "enrollment_locked");
}

#[test]
fn activating_a_new_phone_revokes_the_old_one() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let old_phone = Phone::new();
    let old = old_phone
        .open()
        .activate(&qr, SITI, &code, &PIN.into())
        .unwrap();
    // Before the new phone: the desk makes a request and the old phone answers it.
    let dir = tempfile::tempdir().unwrap();
    let mut desk = office.desk(dir.path());
    let request = desk.new_request(DocType::KtpBasic, T0).unwrap();
    let consent = old.read_desk_request(&request, T0).unwrap();
    let old_answer = old.answer_desk_request(&consent, T0).unwrap();

    let (qr, code) = office.enroll(SITI);
    let new_phone = Phone::new();
    let new = new_phone
        .open()
        .activate(&qr, SITI, &code, &PIN.into())
        .unwrap();

    // The desk takes the revocation list of after the second activation.
    desk.update_revocations(office.lists().1);
    assert_eq!(
        desk.verify_answer(&old_answer.payload, T0).unwrap_err(),
        VerifyError::Revoked
    );
    assert!(show_at_desk(&new, &mut desk, DocType::KtpBasic, T0).is_ok());
    let client = IssuerClient::new(&office.issuer.base_url()).unwrap();
    assert_eq!(
        refused_code(client.refresh(&old, T0).unwrap_err()),
        "device_revoked"
    );
}

#[test]
fn an_officer_revokes_a_lost_phone() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    let session = phone
        .open()
        .activate(&qr, SITI, &code, &PIN.into())
        .unwrap();
    let response = reqwest::blocking::Client::new()
        .post(format!(
            "{}/v1/officer/revocations",
            office.issuer.base_url()
        ))
        .bearer_auth(OFFICER_TOKEN)
        .json(&RevokeRequest { nik: SITI.into() })
        .send()
        .unwrap();
    assert!(response.status().is_success());
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        show_at_desk(
            &session,
            &mut office.desk(dir.path()),
            DocType::KtpBasic,
            T0
        )
        .unwrap_err(),
        VerifyError::Revoked
    );
}

#[test]
fn refresh_brings_fresh_credentials_from_the_issuer_that_activated_the_wallet() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    let wallet = phone.open();
    wallet.activate(&qr, SITI, &code, &PIN.into()).unwrap();
    office.clock.fetch_add(86_400, Ordering::SeqCst);
    phone.clock.advance(86_400);
    assert_eq!(wallet.refresh_documents(), Err(CoreError::SessionLocked));
    let session = wallet.unlock(&PIN.into()).unwrap();
    wallet.refresh_documents().unwrap();
    let ktp = session.document(DocType::KtpFull).unwrap();
    assert_eq!(
        ktp.credential.issued,
        ikd_protocol::civil_date::CivilDate::from_unix(T0 + 86_400)
            .unwrap()
            .to_days()
    );
}

#[test]
fn with_the_server_down_documents_and_desk_answers_still_work() {
    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    phone
        .open()
        .activate(&qr, SITI, &code, &PIN.into())
        .unwrap();
    let base = office.issuer.base_url();
    let desk_dir = tempfile::tempdir().unwrap();
    let mut desk = office.desk(desk_dir.path());
    let Office { issuer, data, .. } = office;
    issuer.stop();
    rm(data.path());

    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    assert_eq!(session.documents().unwrap().len(), 7);
    assert!(show_at_desk(&session, &mut desk, DocType::AgeOver17, T0).is_ok());
    let client = IssuerClient::new(&base).unwrap();
    assert_eq!(
        client.refresh(&session, T0),
        Err(CoreError::Network(NetworkError::Unreachable))
    );
    assert_eq!(
        wallet.refresh_documents(),
        Err(CoreError::Network(NetworkError::Unreachable))
    );
    assert_eq!(session.documents().unwrap().len(), 7, "nothing was lost");
}

#[test]
fn an_answer_built_while_the_tenth_wrong_pin_erases_does_not_hang() {
    use std::sync::Arc;
    use std::sync::mpsc;
    use std::time::Duration;

    let office = office();
    let (qr, code) = office.enroll(SITI);
    let phone = Phone::new();
    let wallet = Arc::new(phone.open());
    let session = wallet.activate(&qr, SITI, &code, &PIN.into()).unwrap();
    // Nine wrong PINs, waiting out each delay a minute at a time so the session stays open.
    for _ in 0..9 {
        while wallet.lockout_state().unwrap().wait_seconds > 0 {
            phone.clock.advance(60);
            session.keep_alive();
        }
        assert!(matches!(
            wallet.unlock(&WRONG_PIN.into()),
            Err(CoreError::WrongPin(_))
        ));
    }
    while wallet.lockout_state().unwrap().wait_seconds > 0 {
        phone.clock.advance(60);
        session.keep_alive();
    }
    assert!(!session.is_locked());
    let dir = tempfile::tempdir().unwrap();
    let request = office
        .desk(dir.path())
        .new_request(DocType::KtpBasic, T0)
        .unwrap();
    let consent = session.read_desk_request(&request, T0).unwrap();
    let (done, finished) = mpsc::channel();
    let showing = {
        let (session, done) = (Arc::clone(&session), done.clone());
        std::thread::spawn(move || {
            while session.answer_desk_request(&consent, T0).is_ok() {}
            done.send("answers").unwrap();
        })
    };
    let erasing = {
        let wallet = Arc::clone(&wallet);
        std::thread::spawn(move || {
            let result = wallet.unlock(&WRONG_PIN.into());
            done.send("erase").unwrap();
            result
        })
    };
    for _ in 0..2 {
        finished
            .recv_timeout(Duration::from_secs(20))
            .expect("an answer and the erase waited for each other");
    }
    assert!(matches!(
        erasing.join().unwrap(),
        Err(CoreError::NeedsReactivation(_))
    ));
    showing.join().unwrap();
    assert!(session.is_locked());
}
