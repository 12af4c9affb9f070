//! The station on real files (key file, certificate file, SQLite state and replay store) with
//! the protocol's fixture keys: lists that are too old stop the desk with a plain reason, an
//! older list is refused, and the state survives a restart.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::os::unix::fs::OpenOptionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use ikd_desk::lists::{ListUpdateError, MAX_LIST_AGE_SECONDS};
use ikd_desk::station::{CERTIFICATE_FILE, Station};
use ikd_desk::store::ListKind;
use ikd_protocol::desk::fixtures;
use ikd_protocol::trust::RevocationList;

struct Fixture {
    dir: tempfile::TempDir,
    clock: Arc<AtomicI64>,
}

fn lists(sequence: u64, at: i64) -> (Vec<u8>, Vec<u8>) {
    let root = fixtures::trust_root();
    let mut trust = fixtures::trust_list();
    trust.sequence = sequence;
    trust.issued_at = at;
    let revocation = RevocationList {
        sequence,
        issued_at: at,
        ..RevocationList::default()
    };
    (trust.sign(&root).encode(), revocation.sign(&root).encode())
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut key = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dir.path().join("static.key"))
        .unwrap();
    std::io::Write::write_all(&mut key, &fixtures::desk_static().to_bytes()).unwrap();
    std::fs::write(
        dir.path().join(CERTIFICATE_FILE),
        fixtures::certificate().encode(),
    )
    .unwrap();
    Fixture {
        dir,
        clock: Arc::new(AtomicI64::new(fixtures::NOW)),
    }
}

fn open(f: &Fixture) -> Station {
    let clock = Arc::clone(&f.clock);
    Station::open(
        f.dir.path(),
        fixtures::trust_root().verifying_key(),
        Arc::new(move || clock.load(Ordering::SeqCst)),
        MAX_LIST_AGE_SECONDS,
    )
    .unwrap()
}

fn offer(station: &mut Station, sequence: u64, at: i64) -> Result<(), ListUpdateError> {
    let (trust, revocation) = lists(sequence, at);
    station.offer_list(ListKind::Trust, &trust)?;
    station.offer_list(ListKind::Revocation, &revocation)
}

#[test]
fn a_desk_with_key_certificate_and_fresh_lists_serves_and_refuses_garbage_as_malformed() {
    let f = fixture();
    let mut station = open(&f);
    assert!(!station.ready(), "no lists yet");
    offer(&mut station, 3, fixtures::NOW).unwrap();
    assert!(station.ready());
    let (request, _) = station.current_request(None).unwrap();
    assert_eq!(request.expires_at, fixtures::NOW + 150);
    station.check_answer(b"not an answer").unwrap();
    let shown = station.result().unwrap();
    assert!(!shown.accepted);
    assert_eq!(shown.code, "malformed");
    station.next_citizen();
    assert!(station.result().is_none());
}

#[test]
fn lists_past_the_maximum_age_stop_the_desk_with_a_plain_reason() {
    let f = fixture();
    let mut station = open(&f);
    offer(&mut station, 3, fixtures::NOW).unwrap();
    f.clock
        .store(fixtures::NOW + MAX_LIST_AGE_SECONDS, Ordering::SeqCst);
    assert!(station.ready(), "exactly the maximum age still works");
    f.clock
        .store(fixtures::NOW + MAX_LIST_AGE_SECONDS + 1, Ordering::SeqCst);
    assert!(!station.ready());
    assert!(station.current_request(None).is_err());
    station.check_answer(b"anything").unwrap();
    let shown = station.result().unwrap();
    assert_eq!(shown.code, "lists_too_old");
    assert!(shown.reason.unwrap().id.contains("terlalu lama"));
    // New lists make it work again.
    let now = fixtures::NOW + MAX_LIST_AGE_SECONDS + 1;
    offer(&mut station, 4, now).unwrap();
    assert!(station.ready());
}

#[test]
fn an_older_list_is_refused_and_the_newer_one_kept_across_a_restart() {
    let f = fixture();
    {
        let mut station = open(&f);
        offer(&mut station, 7, fixtures::NOW).unwrap();
        assert_eq!(
            offer(&mut station, 6, fixtures::NOW),
            Err(ListUpdateError::Rollback)
        );
    }
    let mut station = open(&f);
    assert!(station.ready(), "the lists and certificate were kept");
    let status = station.setup_status().unwrap();
    assert_eq!(status.trust.0, Some(7));
    assert_eq!(
        offer(&mut station, 5, fixtures::NOW),
        Err(ListUpdateError::Rollback)
    );
    assert_eq!(station.setup_status().unwrap().trust.0, Some(7));
}

#[test]
fn a_certificate_for_another_key_is_not_taken() {
    let f = fixture();
    let mut body = fixtures::certificate().body;
    body.static_key = [9; 32];
    let other =
        ikd_protocol::desk::certificate::DeskCertificate::sign(body, &fixtures::authority());
    std::fs::write(f.dir.path().join(CERTIFICATE_FILE), other.encode()).unwrap();
    let mut station = open(&f);
    offer(&mut station, 1, fixtures::NOW).unwrap();
    assert!(!station.ready());
    assert_eq!(
        station.setup_status().unwrap().certificate,
        ikd_desk::station::CertificateStatus::OtherKey
    );
}
