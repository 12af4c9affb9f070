//! The credential inside an answer, checked by the real desk: who issued it, whether it was
//! altered, whether it is in force and not revoked; answers read from PNG images by our decoder
//! and by an independent one; garbage refused without a panic. The request and relay rules are
//! in `desk_flow.rs`.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ed25519_dalek::SigningKey;
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::{SignedCredential, issue_profiles};
use ikd_protocol::desk::answer::build_answer;
use ikd_protocol::desk::fixtures as f;
use ikd_protocol::desk::request::DeskRequest;
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::profile::{Claims, DocType};
use ikd_protocol::trust::RevocationList;
use ikd_verifier::{Desk, SqliteReplayStore, VerifyError};
use proptest::prelude::*;

const NOW: i64 = f::NOW;

fn desk(dir: &std::path::Path) -> Desk {
    Desk::new(
        [0xD5; 32],
        f::certificate(),
        f::trust_list(),
        RevocationList::default(),
        Vec::new(),
        Box::new(SqliteReplayStore::open(&dir.join("replay.sqlite")).unwrap()),
    )
    .unwrap()
}

/// Siti's KTP basic credential for the fixture device, signed by `issuer`, issued today.
fn ktp_basic(issuer: &SigningKey, validity_days: i32) -> SignedCredential {
    issue_profiles(
        &Document::Ktp(fixtures::sample_ktp()),
        fixtures::device_signing_key().verifying_key().to_bytes(),
        issuer,
        CivilDate::from_unix(NOW).unwrap(),
        validity_days,
    )
    .into_iter()
    .find(|s| s.decode_unverified().unwrap().doc_type == DocType::KtpBasic)
    .unwrap()
}

/// A fresh request of `desk` at `at`, answered with `signed`.
fn answer(desk: &mut Desk, signed: &SignedCredential, at: i64) -> Vec<u8> {
    let request = desk.new_request(DocType::KtpBasic, at).unwrap();
    build_answer(
        &DeskRequest::decode(&request).unwrap(),
        signed,
        &fixtures::device_signing_key(),
        at as u32,
    )
    .unwrap()
}

#[test]
fn a_good_answer_verifies_and_shows_the_claims() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let good = answer(&mut desk, &f::signed_ktp_basic(), NOW);
    let accepted = desk.verify_answer(&good, NOW).unwrap();
    assert_eq!(accepted.profile, DocType::KtpBasic);
    assert!(
        accepted
            .fields
            .iter()
            .any(|f| f.value == "SITI CONTOH RAHAYU")
    );
}

#[test]
fn a_tampered_claim_is_refused() {
    let signed = f::signed_ktp_basic();
    let mut credential = signed.decode_unverified().unwrap();
    let Claims::KtpBasic { name, .. } = &mut credential.claims else {
        panic!("a KTP basic credential");
    };
    *name = "BUDI CONTOH PALSU".into();
    let tampered = SignedCredential {
        credential: credential.encode(),
        signature: signed.signature,
    };
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let forged = answer(&mut desk, &tampered, NOW);
    assert_eq!(
        desk.verify_answer(&forged, NOW),
        Err(VerifyError::BadIssuerSignature)
    );
}

#[test]
fn a_credential_from_an_untrusted_issuer_is_refused() {
    let rogue = SigningKey::from_bytes(&[0x66; 32]);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let forged = answer(&mut desk, &ktp_basic(&rogue, 365), NOW);
    assert_eq!(
        desk.verify_answer(&forged, NOW),
        Err(VerifyError::UnknownIssuer)
    );
}

#[test]
fn an_expired_credential_is_refused() {
    let short = ktp_basic(&fixtures::issuer_signing_key(), 1);
    let later = NOW + 3 * 86_400;
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let stale = answer(&mut desk, &short, later);
    assert_eq!(
        desk.verify_answer(&stale, later),
        Err(VerifyError::CredentialExpired)
    );
}

#[test]
fn a_revoked_credential_or_device_is_refused() {
    let signed = f::signed_ktp_basic();
    let device = fixtures::device_signing_key().verifying_key().to_bytes();
    for revoked in [
        RevocationList {
            sequence: 1,
            credentials: vec![signed.id()],
            ..Default::default()
        },
        RevocationList {
            sequence: 1,
            devices: vec![device],
            ..Default::default()
        },
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        desk.update_revocations(revoked);
        let shown = answer(&mut desk, &signed, NOW);
        assert_eq!(desk.verify_answer(&shown, NOW), Err(VerifyError::Revoked));
    }
}

#[test]
fn an_answer_read_from_a_png_image_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let good = answer(&mut desk, &f::signed_ktp_basic(), NOW);
    let png = ikd_protocol::qr::encode(&good).unwrap().to_png(4);
    assert!(desk.verify_answer_image(&png, NOW).is_ok());
}

#[test]
fn zbarimg_an_independent_decoder_reads_the_same_bytes_from_the_png() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let good = answer(&mut desk, &f::signed_ktp_basic(), NOW);
    let path = dir.path().join("answer.png");
    std::fs::write(&path, ikd_protocol::qr::encode(&good).unwrap().to_png(4)).unwrap();
    let output = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary"])
        .arg(&path)
        .output()
        .expect("zbarimg is installed by tests/setup/debian-tools.sh");
    assert!(
        output.status.success(),
        "zbarimg failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut read = output.stdout;
    if read.last() == Some(&b'\n') && read.len() == good.len() + 1 {
        read.pop();
    }
    assert_eq!(read, good);
    // And what zbarimg read verifies.
    assert!(desk.verify_answer(&read, NOW).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn truncated_or_garbage_input_is_refused_without_panic(
        garbage in proptest::collection::vec(any::<u8>(), 0..500),
        cut in any::<usize>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        prop_assert!(desk.verify_answer(&garbage, NOW).is_err());
        let good = answer(&mut desk, &f::signed_ktp_basic(), NOW);
        let cut = cut % good.len();
        prop_assert!(desk.verify_answer(&good[..cut], NOW).is_err());
        prop_assert!(desk.verify_answer_image(&garbage, NOW).is_err());
        // None of it used the request up.
        prop_assert!(desk.verify_answer(&good, NOW).is_ok());
    }
}
