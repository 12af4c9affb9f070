//! The desk-first flow end to end at the desk: requests made by the real desk, answers built by
//! the real protocol functions the wallet uses, replay stores in real SQLite files. Each attack
//! of the old design (one shared desk key, an in-memory replay cache) has its test here.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ed25519_dalek::SigningKey;
use ikd_protocol::desk::answer::{build_answer, open_answer};
use ikd_protocol::desk::certificate::{CertificateBody, DeskCertificate, ProfileSet};
use ikd_protocol::desk::fixtures as f;
use ikd_protocol::desk::request::DeskRequest;
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::fixtures;
use ikd_protocol::profile::DocType;
use ikd_protocol::time_window::window_of;
use ikd_protocol::trust::RevocationList;
use ikd_verifier::{Desk, SqliteReplayStore, VerifyError};
use x25519_dalek::{PublicKey, StaticSecret};

const NOW: i64 = f::NOW;

fn desk_at(dir: &std::path::Path, secret: [u8; 32], certificate: DeskCertificate) -> Desk {
    let store = SqliteReplayStore::open(&dir.join("replay.sqlite")).unwrap();
    Desk::new(
        secret,
        certificate,
        f::trust_list(),
        RevocationList::default(),
        Vec::new(),
        Box::new(store),
    )
    .unwrap()
}

fn desk(dir: &std::path::Path) -> Desk {
    desk_at(dir, [0xD5; 32], f::certificate())
}

/// A second bank desk with its own keys, certified by the same authority.
fn other_desk(dir: &std::path::Path) -> Desk {
    let mut body = f::certificate().body;
    body.desk = "LOKET 2".into();
    body.static_key = PublicKey::from(&StaticSecret::from([0x77; 32])).to_bytes();
    desk_at(
        dir,
        [0x77; 32],
        DeskCertificate::sign(body, &f::authority()),
    )
}

/// What the wallet does: read the request, answer it with Siti's credential of `profile`.
fn answer(request: &[u8], profile: DocType, time: i64) -> Vec<u8> {
    let request = DeskRequest::decode(request).unwrap();
    build_answer(
        &request,
        &f::signed(profile),
        &fixtures::device_signing_key(),
        time as u32,
    )
    .unwrap()
}

#[test]
fn a_desk_accepts_the_answer_to_its_request_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let request = desk.new_request(DocType::KtpBasic, NOW).unwrap();
    let bytes = answer(&request, DocType::KtpBasic, NOW + 5);
    let accepted = desk.verify_answer(&bytes, NOW + 10).unwrap();
    assert_eq!(accepted.profile, DocType::KtpBasic);
    assert!(
        accepted
            .fields
            .iter()
            .any(|f| f.value == "SITI CONTOH RAHAYU")
    );
    assert_eq!(
        desk.verify_answer(&bytes, NOW + 11),
        Err(VerifyError::Replayed)
    );
}

#[test]
fn an_answer_relayed_to_another_desk_is_refused() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut desk_a = desk(a.path());
    let mut desk_b = other_desk(b.path());
    let request = desk_a.new_request(DocType::KtpBasic, NOW).unwrap();
    let _open_at_b = desk_b.new_request(DocType::KtpBasic, NOW).unwrap();
    let bytes = answer(&request, DocType::KtpBasic, NOW);
    assert_eq!(
        desk_b.verify_answer(&bytes, NOW),
        Err(VerifyError::OtherRequest)
    );
    // The same with printed cards: desk B cannot use an answer made for desk A's card.
    let card_a = desk_a.card(DocType::KtpBasic, NOW).unwrap();
    desk_b.card(DocType::KtpBasic, NOW).unwrap();
    let window = i64::from(window_of(NOW).unwrap());
    let bytes = answer(&card_a, DocType::KtpBasic, window);
    assert_eq!(
        desk_b.verify_answer(&bytes, NOW),
        Err(VerifyError::OtherDesk)
    );
    assert!(desk_a.verify_answer(&bytes, NOW).is_ok());
}

#[test]
fn an_answer_replayed_after_the_desk_restarts_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let window = i64::from(window_of(NOW).unwrap());
    let (card_answer, session_answer) = {
        let mut desk = desk(dir.path());
        let card = desk.card(DocType::KtpBasic, NOW).unwrap();
        let card_answer = answer(&card, DocType::KtpBasic, window);
        desk.verify_answer(&card_answer, NOW).unwrap();
        let request = desk.new_request(DocType::KtpBasic, NOW).unwrap();
        let session_answer = answer(&request, DocType::KtpBasic, NOW);
        desk.verify_answer(&session_answer, NOW).unwrap();
        (card_answer, session_answer)
    }; // the desk process ends here
    let mut restarted = desk(dir.path());
    restarted.card(DocType::KtpBasic, NOW).unwrap();
    assert_eq!(
        restarted.verify_answer(&card_answer, NOW + 20),
        Err(VerifyError::Replayed)
    );
    assert_eq!(
        restarted.verify_answer(&session_answer, NOW + 20),
        Err(VerifyError::Replayed)
    );
}

#[test]
fn an_answer_to_a_stale_request_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let request = desk.new_request(DocType::KtpBasic, NOW).unwrap();
    let bytes = answer(&request, DocType::KtpBasic, NOW + 100);
    assert_eq!(
        desk.verify_answer(&bytes, NOW + 151),
        Err(VerifyError::RequestExpired)
    );
    // Forgotten once expired: the ephemeral key is gone.
    assert_eq!(
        desk.verify_answer(&bytes, NOW + 152),
        Err(VerifyError::OtherRequest)
    );
}

#[test]
fn a_desk_under_an_uncertified_key_cannot_make_a_request() {
    let dir = tempfile::tempdir().unwrap();
    let stranger = SigningKey::from_bytes(&[0x66; 32]);
    let mut desk = desk_at(
        dir.path(),
        [0xD5; 32],
        DeskCertificate::sign(f::certificate().body, &stranger),
    );
    assert_eq!(
        desk.new_request(DocType::KtpBasic, NOW),
        Err(VerifyError::UnknownDesk)
    );
}

#[test]
fn a_desk_cannot_ask_beyond_its_allowance_and_a_wrong_profile_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    assert_eq!(
        desk.new_request(DocType::KtpFull, NOW),
        Err(VerifyError::ProfileNotAllowed)
    );
    let request = desk.new_request(DocType::AgeOver17, NOW).unwrap();
    let bytes = answer(&request, DocType::KtpBasic, NOW);
    assert_eq!(
        desk.verify_answer(&bytes, NOW),
        Err(VerifyError::WrongProfile)
    );
}

#[test]
fn a_certificate_past_its_validity_or_revoked_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let last_second = (i64::from(f::certificate().body.valid_until) + 1) * 86_400 - 1;
    assert!(desk.new_request(DocType::KtpBasic, last_second).is_ok());
    assert_eq!(
        desk.new_request(DocType::KtpBasic, last_second + 1),
        Err(VerifyError::CertificateExpired)
    );
    let request = desk.new_request(DocType::KtpBasic, NOW).unwrap();
    let bytes = answer(&request, DocType::KtpBasic, NOW);
    let signed = DeskRevocationList {
        authority: f::certificate().body.authority,
        sequence: 1,
        issued_at: NOW,
        revoked: vec![f::certificate().body.desk_key_id()],
    }
    .sign(&f::authority());
    let list = DeskRevocationList::verify(&signed, &f::trust_list(), f::today()).unwrap();
    desk.update_desk_revocations(list);
    assert_eq!(
        desk.verify_answer(&bytes, NOW),
        Err(VerifyError::DeskRevoked)
    );
    assert_eq!(
        desk.new_request(DocType::KtpBasic, NOW),
        Err(VerifyError::DeskRevoked)
    );
}

#[test]
fn a_recorded_answer_stays_sealed_when_the_desk_static_key_leaks_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let request_bytes = desk.new_request(DocType::KtpBasic, NOW).unwrap();
    let recorded = answer(&request_bytes, DocType::KtpBasic, NOW);
    desk.verify_answer(&recorded, NOW).unwrap();
    drop(desk); // the session's ephemeral secret is gone with it
    // Later the desk's long-term secret and the authority key leak: an attacker holding the
    // recording and the request has every long-term key, but not the ephemeral one.
    let leaked_static = StaticSecret::from([0xD5; 32]);
    let request = DeskRequest::decode(&request_bytes).unwrap();
    for guess in [
        None,
        Some(StaticSecret::from([0xD5; 32])),
        Some(StaticSecret::from([0; 32])),
    ] {
        assert!(open_answer(&recorded, &request, &leaked_static, guess.as_ref()).is_err());
    }
}

#[test]
fn a_desk_refuses_a_certificate_for_another_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteReplayStore::open(&dir.path().join("r.sqlite")).unwrap();
    let result = Desk::new(
        [0x01; 32],
        f::certificate(),
        f::trust_list(),
        RevocationList::default(),
        Vec::new(),
        Box::new(store),
    );
    assert_eq!(result.err(), Some(VerifyError::UnknownDesk));
}

#[test]
fn card_answers_are_bound_to_their_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let card = desk.card(DocType::KtpBasic, NOW).unwrap();
    let window = i64::from(window_of(NOW).unwrap());
    let old = answer(&card, DocType::KtpBasic, window - 3);
    assert_eq!(desk.verify_answer(&old, NOW), Err(VerifyError::FrameTooOld));
    let ahead = answer(&card, DocType::KtpBasic, window + 2);
    assert_eq!(
        desk.verify_answer(&ahead, NOW),
        Err(VerifyError::FrameFromTheFuture)
    );
    let narrow = CertificateBody {
        allowed: ProfileSet::of(&[DocType::AgeOver17]),
        ..f::certificate().body
    };
    let mut narrow_desk = desk_at(
        dir.path(),
        [0xD5; 32],
        DeskCertificate::sign(narrow, &f::authority()),
    );
    assert_eq!(
        narrow_desk.card(DocType::KtpBasic, NOW),
        Err(VerifyError::ProfileNotAllowed)
    );
}

#[test]
fn an_answer_signed_outside_its_request_lifetime_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let request = desk.new_request(DocType::KtpBasic, NOW).unwrap();
    let bytes = answer(&request, DocType::KtpBasic, NOW + 200);
    assert_eq!(
        desk.verify_answer(&bytes, NOW + 5),
        Err(VerifyError::BadAnswerTime)
    );
    let good = answer(&request, DocType::KtpBasic, NOW + 5);
    assert!(desk.verify_answer(&good, NOW + 5).is_ok());
}

#[test]
fn a_damaged_answer_or_one_signed_by_another_device_is_refused_with_its_own_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let request = desk.new_request(DocType::KtpBasic, NOW).unwrap();
    let good = answer(&request, DocType::KtpBasic, NOW);
    let mut version = good.clone();
    version[0] = 0x03;
    assert_eq!(
        desk.verify_answer(&version, NOW),
        Err(VerifyError::Malformed)
    );
    let mut flipped = good.clone();
    flipped[40] ^= 0x01;
    assert_eq!(
        desk.verify_answer(&flipped, NOW),
        Err(VerifyError::Decryption)
    );
    let thief = build_answer(
        &DeskRequest::decode(&request).unwrap(),
        &f::signed_ktp_basic(),
        &SigningKey::from_bytes(&[0x0B; 32]),
        NOW as u32,
    )
    .unwrap();
    assert_eq!(
        desk.verify_answer(&thief, NOW),
        Err(VerifyError::BadDeviceSignature)
    );
    // None of the refusals used the request up: the right answer is still accepted.
    assert!(desk.verify_answer(&good, NOW).is_ok());
}
