//! Every rule of the verifier, end to end: wallet-side frames built with the real protocol,
//! checked by the real verifier, from payload bytes and from PNG images.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ed25519_dalek::SigningKey;
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::{SignedCredential, issue_profiles};
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::presentation::{VerifierPublicKey, build_frame};
use ikd_protocol::profile::{Claims, DocType};
use ikd_protocol::trust::{RevocationList, TrustList, TrustedIssuer, TrustedVerifier};
use ikd_verifier::{Verifier, VerifyError};
use proptest::prelude::*;

const NOW: i64 = 1_795_000_000; // 2026-11-18
const VERIFIER_SECRET: [u8; 32] = [0x5E; 32];

fn today() -> CivilDate {
    CivilDate::from_unix(NOW).unwrap()
}

fn trust_list() -> TrustList {
    let verifier = VerifierPublicKey::of_secret(&x25519_dalek::StaticSecret::from(VERIFIER_SECRET));
    TrustList {
        sequence: 1,
        issued_at: NOW,
        issuers: vec![TrustedIssuer {
            public_key: fixtures::issuer_signing_key().verifying_key().to_bytes(),
            valid_from: 0,
            valid_until: 40_000,
        }],
        verifiers: vec![TrustedVerifier {
            public_key: verifier.public_key,
            name: "LOKET CONTOH".into(),
            valid_from: 0,
            valid_until: 40_000,
        }],
        authorities: Vec::new(),
    }
}

fn verifier() -> Verifier {
    Verifier::new(VERIFIER_SECRET, trust_list(), RevocationList::default())
}

fn credential_for(
    device: &SigningKey,
    issuer: &SigningKey,
    validity_days: i32,
) -> SignedCredential {
    issue_profiles(
        &Document::Ktp(fixtures::sample_ktp()),
        device.verifying_key().to_bytes(),
        issuer,
        today(),
        validity_days,
    )
    .remove(0)
}

fn frame_at(signed: &SignedCredential, device: &SigningKey, at: i64) -> Vec<u8> {
    let to = verifier().public_key();
    build_frame(signed, device, &to, at).unwrap().payload
}

fn good() -> (SignedCredential, SigningKey) {
    let device = fixtures::device_signing_key();
    (
        credential_for(&device, &fixtures::issuer_signing_key(), 365),
        device,
    )
}

#[test]
fn a_good_frame_verifies_and_shows_the_claims() {
    let (signed, device) = good();
    let verified = verifier()
        .verify_payload(&frame_at(&signed, &device, NOW), NOW)
        .unwrap();
    assert_eq!(verified.credential.doc_type, DocType::KtpFull);
    assert!(
        verified
            .fields
            .iter()
            .any(|f| f.value == "SITI CONTOH RAHAYU")
    );
}

#[test]
fn a_tampered_claim_is_refused() {
    let (signed, device) = good();
    let mut credential = signed.decode_unverified().unwrap();
    if let Claims::KtpFull(ktp) = &mut credential.claims {
        ktp.occupation = ikd_protocol::codes::Occupation::Doctor;
    }
    let tampered = SignedCredential {
        credential: credential.encode(),
        signature: signed.signature,
    };
    let result = verifier().verify_payload(&frame_at(&tampered, &device, NOW), NOW);
    assert_eq!(result.unwrap_err(), VerifyError::BadIssuerSignature);
}

#[test]
fn a_credential_from_an_untrusted_issuer_is_refused() {
    let device = fixtures::device_signing_key();
    let rogue = SigningKey::from_bytes(&[0x66; 32]);
    let signed = credential_for(&device, &rogue, 365);
    let result = verifier().verify_payload(&frame_at(&signed, &device, NOW), NOW);
    assert_eq!(result.unwrap_err(), VerifyError::UnknownIssuer);
}

#[test]
fn a_credential_shown_from_another_device_is_refused() {
    let (signed, _) = good();
    let thief = SigningKey::from_bytes(&[0x77; 32]);
    let result = verifier().verify_payload(&frame_at(&signed, &thief, NOW), NOW);
    assert_eq!(result.unwrap_err(), VerifyError::BadDeviceSignature);
}

#[test]
fn a_frame_older_than_two_windows_is_refused() {
    let (signed, device) = good();
    let payload = frame_at(&signed, &device, NOW);
    assert!(verifier().verify_payload(&payload, NOW + 60).is_ok());
    assert_eq!(
        verifier().verify_payload(&payload, NOW + 95).unwrap_err(),
        VerifyError::FrameTooOld
    );
}

#[test]
fn a_frame_more_than_one_window_in_the_future_is_refused() {
    let (signed, device) = good();
    let payload = frame_at(&signed, &device, NOW + 30);
    assert!(verifier().verify_payload(&payload, NOW).is_ok());
    let far = frame_at(&signed, &device, NOW + 65);
    assert_eq!(
        verifier().verify_payload(&far, NOW).unwrap_err(),
        VerifyError::FrameFromTheFuture
    );
}

#[test]
fn a_replayed_frame_is_refused_and_the_next_window_is_accepted() {
    let (signed, device) = good();
    let mut desk = verifier();
    let payload = frame_at(&signed, &device, NOW);
    desk.verify_payload(&payload, NOW).unwrap();
    assert_eq!(
        desk.verify_payload(&payload, NOW + 1).unwrap_err(),
        VerifyError::Replayed
    );
    let next = frame_at(&signed, &device, NOW + 30);
    assert!(desk.verify_payload(&next, NOW + 30).is_ok());
}

#[test]
fn an_expired_credential_is_refused() {
    let device = fixtures::device_signing_key();
    let signed = credential_for(&device, &fixtures::issuer_signing_key(), 1);
    let later = NOW + 3 * 86_400;
    let result = verifier().verify_payload(&frame_at(&signed, &device, later), later);
    assert_eq!(result.unwrap_err(), VerifyError::CredentialExpired);
}

#[test]
fn a_revoked_credential_or_device_is_refused() {
    let (signed, device) = good();
    let payload = frame_at(&signed, &device, NOW);
    for revoked in [
        RevocationList {
            sequence: 1,
            credentials: vec![signed.id()],
            ..Default::default()
        },
        RevocationList {
            sequence: 1,
            devices: vec![device.verifying_key().to_bytes()],
            ..Default::default()
        },
    ] {
        let mut desk = verifier();
        desk.update_revocations(revoked);
        assert_eq!(
            desk.verify_payload(&payload, NOW).unwrap_err(),
            VerifyError::Revoked
        );
    }
}

#[test]
fn a_frame_for_another_verifier_key_is_refused() {
    let (signed, device) = good();
    let other_desk = VerifierPublicKey::new([0x12; 32]);
    let payload = build_frame(&signed, &device, &other_desk, NOW)
        .unwrap()
        .payload;
    assert_eq!(
        verifier().verify_payload(&payload, NOW).unwrap_err(),
        VerifyError::OtherVerifier
    );
}

#[test]
fn a_frame_read_from_a_png_image_verifies() {
    let (signed, device) = good();
    let payload = frame_at(&signed, &device, NOW);
    let png = ikd_protocol::qr::encode(&payload).unwrap().to_png(4);
    assert!(verifier().verify_image(&png, NOW).is_ok());
}

#[test]
fn zbarimg_an_independent_decoder_reads_the_same_bytes_from_the_png() {
    let (signed, device) = good();
    let payload = frame_at(&signed, &device, NOW);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frame.png");
    std::fs::write(&path, ikd_protocol::qr::encode(&payload).unwrap().to_png(4)).unwrap();
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
    if read.last() == Some(&b'\n') && read.len() == payload.len() + 1 {
        read.pop();
    }
    assert_eq!(read, payload);
    // And what zbarimg read verifies.
    assert!(verifier().verify_payload(&read, NOW).is_ok());
}

proptest! {
    #[test]
    fn truncated_or_garbage_input_is_refused_without_panic(
        garbage in proptest::collection::vec(any::<u8>(), 0..500),
        cut in any::<usize>(),
    ) {
        let mut desk = verifier();
        prop_assert!(desk.verify_payload(&garbage, NOW).is_err());
        let (signed, device) = good();
        let payload = frame_at(&signed, &device, NOW);
        let cut = cut % payload.len();
        prop_assert!(desk.verify_payload(&payload[..cut], NOW).is_err());
        prop_assert!(desk.verify_image(&garbage, NOW).is_err());
    }
}

#[test]
fn every_error_has_a_stable_code_and_both_languages() {
    let all = [
        VerifyError::Malformed,
        VerifyError::NoQrInImage,
        VerifyError::OtherVerifier,
        VerifyError::Decryption,
        VerifyError::UnknownIssuer,
        VerifyError::BadIssuerSignature,
        VerifyError::BadDeviceSignature,
        VerifyError::FrameTooOld,
        VerifyError::FrameFromTheFuture,
        VerifyError::Replayed,
        VerifyError::CredentialExpired,
        VerifyError::CredentialNotYetValid,
        VerifyError::Revoked,
    ];
    let codes: std::collections::HashSet<&str> = all.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), all.len());
    for e in all {
        assert!(!e.reason_id().is_empty() && !e.reason_en().is_empty());
    }
}

#[test]
fn a_desk_refuses_a_trust_list_older_than_its_own_or_issued_too_long_ago() {
    use ikd_protocol::trust::{ListRefusal, MAX_LIST_AGE_SECONDS};
    let mut desk = verifier();
    let newer = TrustList {
        sequence: 5,
        issued_at: NOW + 60,
        ..trust_list()
    };
    desk.update_trust(newer, NOW + 60).unwrap();
    assert_eq!(desk.lists_issued_at().0, NOW + 60);
    assert_eq!(
        desk.update_trust(trust_list(), NOW + 60),
        Err(ListRefusal::OlderSequence)
    );
    let stale = TrustList {
        sequence: 6,
        ..trust_list()
    };
    assert_eq!(
        desk.update_trust(stale, NOW + MAX_LIST_AGE_SECONDS + 1),
        Err(ListRefusal::TooOld)
    );
    assert_eq!(desk.lists_issued_at().0, NOW + 60);
}
