//! The desk asks first, from the wallet's side: a real desk (ikd-verifier) makes the request, the
//! wallet reads it, shows who asks and exactly what would be shared, and answers only a desk the
//! pinned trust root certifies, for a profile its certificate allows.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::*;
use ed25519_dalek::SigningKey;
use ikd_core::CoreError;
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::issue_profiles;
use ikd_protocol::desk::certificate::{DeskCertificate, ProfileSet};
use ikd_protocol::desk::fixtures as f;
use ikd_protocol::desk::request::{DeskCard, DeskRequest};
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::desk::rules::DeskRefusal;
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::profile::DocType;
use ikd_protocol::trust::RevocationList;
use ikd_verifier::{Desk, SqliteReplayStore};

const NOW: i64 = f::NOW;

fn activated_phone() -> (Phone, ikd_core::Wallet) {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let device = session.device_public_key().unwrap();
    let issued = issue_profiles(
        &Document::Ktp(fixtures::sample_ktp()),
        device,
        &fixtures::issuer_signing_key(),
        CivilDate::from_unix(NOW).unwrap(),
        365,
    );
    session.store_credentials(&issued).unwrap();
    session
        .store_lists(
            f::trust_root().verifying_key().as_bytes(),
            &f::trust_list().sign(&f::trust_root()),
            &RevocationList::default().sign(&f::trust_root()),
            NOW,
        )
        .unwrap();
    (phone, wallet)
}

fn desk(dir: &std::path::Path, certificate: DeskCertificate) -> Desk {
    Desk::new(
        [0xD5; 32],
        certificate,
        f::trust_list(),
        RevocationList::default(),
        Vec::new(),
        Box::new(SqliteReplayStore::open(&dir.join("replay.sqlite")).unwrap()),
    )
    .unwrap()
}

fn refusal(result: Result<ikd_core::ConsentRequest, CoreError>) -> DeskRefusal {
    match result {
        Err(CoreError::DeskRefused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_wallet_names_the_desk_shows_the_fields_and_its_answer_verifies_at_that_desk() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path(), f::certificate());
    let request = desk.new_request(DocType::KtpBasic, NOW).unwrap();
    let consent = session.read_desk_request(&request, NOW + 3).unwrap();
    assert_eq!(consent.institution, "BANK CONTOH");
    assert_eq!(consent.desk, "LOKET 1");
    assert_eq!(consent.sector_en, "Finance");
    assert!(consent.may_share && consent.warning.is_none() && !consent.printed_card);
    let labels: Vec<&str> = consent.fields.iter().map(|f| f.label_en).collect();
    assert_eq!(labels.len(), 3, "NIK, name, birth date: {labels:?}");
    let answer = session.answer_desk_request(&consent, NOW + 5).unwrap();
    assert_eq!(answer.addressed_to, "BANK CONTOH, LOKET 1");
    assert!(answer.matrix.version <= 13);
    let accepted = desk.verify_answer(&answer.payload, NOW + 6).unwrap();
    assert_eq!(accepted.credential.doc_type, DocType::KtpBasic);
}

#[test]
fn a_printed_card_is_answered_for_the_current_window() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path(), f::certificate());
    let card = desk.card(DocType::AgeOver17, NOW).unwrap();
    let consent = session.read_desk_request(&card, NOW).unwrap();
    assert!(consent.printed_card);
    let answer = session.answer_desk_request(&consent, NOW).unwrap();
    assert!(desk.verify_answer(&answer.payload, NOW + 20).is_ok());
}

#[test]
fn a_request_under_an_uncertified_key_is_refused() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let stranger = SigningKey::from_bytes(&[0x66; 32]);
    let forged = DeskRequest::Card(DeskCard {
        certificate: DeskCertificate::sign(f::certificate().body, &stranger),
        profile: DocType::KtpBasic,
    });
    assert_eq!(
        refusal(session.read_desk_request(&forged.encode(), NOW)),
        DeskRefusal::UnknownDesk
    );
}

#[test]
fn a_desk_asking_beyond_its_allowance_is_named_with_a_warning_and_cannot_be_answered() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let mut body = f::certificate().body;
    body.institution = "BAR CONTOH".into();
    body.allowed = ProfileSet::of(&[DocType::AgeOver17]);
    let greedy = DeskRequest::Card(DeskCard {
        certificate: DeskCertificate::sign(body, &f::authority()),
        profile: DocType::KtpFull,
    });
    let consent = session.read_desk_request(&greedy.encode(), NOW).unwrap();
    assert_eq!(consent.institution, "BAR CONTOH");
    assert!(!consent.may_share);
    let warning = consent.warning.clone().unwrap();
    assert!(warning.id.contains("Jangan bagikan") && warning.en.contains("Proof of age 17+"));
    assert_eq!(
        session.answer_desk_request(&consent, NOW).unwrap_err(),
        CoreError::DeskRefused(DeskRefusal::ProfileNotAllowed)
    );
}

#[test]
fn a_certificate_past_its_validity_or_revoked_is_refused() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let card = f::card().encode();
    let after = (i64::from(f::certificate().body.valid_until) + 1) * 86_400;
    assert_eq!(
        refusal(session.read_desk_request(&card, after)),
        DeskRefusal::CertificateExpired
    );
    let list = DeskRevocationList {
        authority: f::certificate().body.authority,
        sequence: 1,
        issued_at: NOW,
        revoked: vec![f::certificate().body.desk_key_id()],
    }
    .sign(&f::authority());
    session.store_desk_revocations(&list, NOW).unwrap();
    assert_eq!(
        refusal(session.read_desk_request(&card, NOW)),
        DeskRefusal::DeskRevoked
    );
    // An older list of the same authority cannot undo it.
    let older = DeskRevocationList {
        authority: f::certificate().body.authority,
        sequence: 0,
        issued_at: NOW,
        revoked: vec![],
    }
    .sign(&f::authority());
    assert_eq!(
        session.store_desk_revocations(&older, NOW),
        Err(CoreError::UntrustedList)
    );
    // Nor can a newer-numbered list issued too long ago (a replay of a list from before).
    let stale = DeskRevocationList {
        authority: f::certificate().body.authority,
        sequence: 5,
        issued_at: NOW - ikd_protocol::trust::MAX_LIST_AGE_SECONDS - 1,
        revoked: vec![],
    }
    .sign(&f::authority());
    assert_eq!(
        session.store_desk_revocations(&stale, NOW),
        Err(CoreError::UntrustedList)
    );
    assert_eq!(
        refusal(session.read_desk_request(&card, NOW)),
        DeskRefusal::DeskRevoked
    );
}

#[test]
fn a_stale_request_is_refused_and_a_consent_left_open_too_long_cannot_be_answered() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let request = f::session_request().encode();
    assert_eq!(
        refusal(session.read_desk_request(&request, NOW + 151)),
        DeskRefusal::RequestExpired
    );
    let consent = session.read_desk_request(&request, NOW + 100).unwrap();
    assert_eq!(
        session
            .answer_desk_request(&consent, NOW + 151)
            .unwrap_err(),
        CoreError::DeskRefused(DeskRefusal::RequestExpired)
    );
}

#[test]
fn garbage_and_a_wrong_clock_are_refused() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    assert_eq!(
        refusal(session.read_desk_request(b"\x02not a request", NOW)),
        DeskRefusal::Malformed
    );
    assert_eq!(
        session
            .read_desk_request(&f::card().encode(), 1_000)
            .unwrap_err(),
        CoreError::ClockOutOfRange
    );
}

#[test]
fn a_request_with_a_low_order_desk_key_is_refused_as_malformed_not_blamed_on_the_phone() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    // A relay swaps the desk's ephemeral key for a low-order point: every key agreement with it
    // gives zero. The request itself is not signed, so only the answer can notice.
    let DeskRequest::Session(mut forged) = f::session_request() else {
        panic!("the vector request is a session request");
    };
    forged.ephemeral_key = [0; 32];
    let consent = session
        .read_desk_request(&DeskRequest::Session(forged).encode(), NOW)
        .unwrap();
    assert_eq!(
        session.answer_desk_request(&consent, NOW).unwrap_err(),
        CoreError::DeskRefused(DeskRefusal::Malformed)
    );
    assert!(session.history().unwrap().is_empty(), "nothing was shown");
}

// --- Riwayat: the history of what was shown ---

fn answer_once(session: &ikd_core::Session, desk: &mut Desk, profile: DocType, at: i64) {
    let request = desk.new_request(profile, at).unwrap();
    let consent = session.read_desk_request(&request, at).unwrap();
    session.answer_desk_request(&consent, at + 1).unwrap();
}

#[test]
fn every_answer_is_recorded_newest_first_with_who_asked_and_which_fields_but_no_values() {
    let (phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path(), f::certificate());
    assert!(session.history().unwrap().is_empty());
    answer_once(&session, &mut desk, DocType::KtpBasic, NOW);
    answer_once(&session, &mut desk, DocType::AgeOver17, NOW + 60);
    let history = session.history().unwrap();
    assert_eq!(history.len(), 2);
    let newest = &history[0];
    assert_eq!(newest.profile, DocType::AgeOver17);
    assert_eq!(newest.at_unix, NOW + 61);
    assert_eq!(
        (newest.institution.as_str(), newest.desk.as_str()),
        ("BANK CONTOH", "LOKET 1")
    );
    assert_eq!(history[1].profile, DocType::KtpBasic);
    let labels: Vec<&str> = history[1]
        .fields
        .iter()
        .map(|f| f.label_id.as_str())
        .collect();
    assert_eq!(labels, ["NIK", "Nama", "Tanggal lahir"]);
    // Sealed like the documents: neither the desk's name nor a field label is in any file.
    drop(session);
    wallet.lock();
    let files = phone.all_file_bytes();
    assert!(!contains(&files, b"BANK CONTOH"));
    assert!(!contains(&files, b"Tanggal lahir"));
}

#[test]
fn one_entry_or_the_whole_history_can_be_deleted_and_nothing_else_through_it() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path(), f::certificate());
    for i in 0..3 {
        answer_once(&session, &mut desk, DocType::KtpBasic, NOW + 60 * i);
    }
    let history = session.history().unwrap();
    session.delete_history_entry(history[1].id).unwrap();
    let left: Vec<i64> = session.history().unwrap().iter().map(|e| e.id).collect();
    assert_eq!(left, [history[0].id, history[2].id]);
    // The same id again, or the id of a credential record, deletes nothing.
    session.delete_history_entry(history[1].id).unwrap();
    let oldest_entry = history.iter().map(|e| e.id).min().unwrap();
    for id in 0..oldest_entry {
        session.delete_history_entry(id).unwrap();
    }
    assert!(session.document(DocType::KtpBasic).is_ok());
    assert_eq!(session.history().unwrap().len(), 2);
    session.clear_history().unwrap();
    assert!(session.history().unwrap().is_empty());
    assert!(session.document(DocType::KtpFull).is_ok());
}

#[test]
fn the_history_keeps_its_newest_entries_up_to_its_bound() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path(), f::certificate());
    let bound = ikd_core::history::MAX_HISTORY_ENTRIES as i64;
    for i in 0..bound + 3 {
        answer_once(&session, &mut desk, DocType::AgeOver17, NOW + 10 * i);
    }
    let history = session.history().unwrap();
    assert_eq!(history.len() as i64, bound);
    assert_eq!(history[0].at_unix, NOW + 10 * (bound + 2) + 1);
    assert_eq!(
        history.last().unwrap().at_unix,
        NOW + 10 * 3 + 1,
        "the three oldest went"
    );
}

#[test]
fn a_locked_wallet_shows_no_history() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path(), f::certificate());
    answer_once(&session, &mut desk, DocType::KtpBasic, NOW);
    session.lock();
    assert_eq!(session.history(), Err(CoreError::SessionLocked));
    assert_eq!(session.clear_history(), Err(CoreError::SessionLocked));
}
