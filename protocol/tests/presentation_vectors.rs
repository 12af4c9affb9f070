//! Fixed test vectors for the credential and the IDQR payload: fixed keys, fixed time, fixed
//! ephemeral key, expected bytes. An independent implementation must produce the same bytes.
//!
//! The expected values live in `vectors/idqr-v1.txt`. They change only when the format changes:
//! then bump the format version, regenerate with `IKD_WRITE_VECTORS=1 cargo test -p ikd-protocol
//! --test presentation_vectors`, and review the diff.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ed25519_dalek::SigningKey;
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::issue_profiles;
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::presentation::{VerifierPublicKey, build_frame_with_ephemeral, open_frame};
use x25519_dalek::StaticSecret;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/idqr-v1.txt");

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn computed() -> Vec<(&'static str, String)> {
    let issuer = fixtures::issuer_signing_key();
    let device = fixtures::device_signing_key();
    let verifier_secret = StaticSecret::from([0x5E; 32]);
    let ephemeral = StaticSecret::from([0xEE; 32]);
    let now: i64 = 1_795_000_000;
    let issued = CivilDate::from_unix(now).unwrap();
    let signed = issue_profiles(
        &Document::Ktp(fixtures::sample_ktp()),
        device.verifying_key().to_bytes(),
        &issuer,
        issued,
        365,
    )
    .remove(1); // KTP basic
    let verifier = VerifierPublicKey::of_secret(&verifier_secret);
    let frame = build_frame_with_ephemeral(&signed, &device, &verifier, now, &ephemeral).unwrap();
    // The vector must also open.
    assert_eq!(
        open_frame(&frame.payload, &verifier_secret).unwrap().signed,
        signed
    );
    vec![
        ("issuer_seed", hex(&[0x1D; 32])),
        ("issuer_public_key", hex(issuer.verifying_key().as_bytes())),
        ("device_seed", hex(&[0xDE; 32])),
        ("device_public_key", hex(device.verifying_key().as_bytes())),
        ("verifier_secret", hex(&[0x5E; 32])),
        ("verifier_public_key", hex(&verifier.public_key)),
        ("verifier_key_id", hex(&verifier.key_id.0)),
        ("ephemeral_secret", hex(&[0xEE; 32])),
        ("unix_time", now.to_string()),
        ("window", frame.window.to_string()),
        ("credential", hex(&signed.credential)),
        ("issuer_signature", hex(&signed.signature)),
        ("payload", hex(&frame.payload)),
    ]
}

#[test]
fn the_idqr_v1_vectors_are_reproduced_byte_for_byte() {
    let computed = computed();
    let text: String = computed
        .iter()
        .map(|(k, v)| format!("{k} = {v}\n"))
        .collect();
    if std::env::var_os("IKD_WRITE_VECTORS").is_some() {
        std::fs::write(VECTORS, &text).unwrap();
    }
    let expected = std::fs::read_to_string(VECTORS).unwrap();
    for ((key, value), line) in computed.iter().zip(expected.lines()) {
        assert_eq!(line, format!("{key} = {value}"), "vector {key} changed");
    }
    assert_eq!(expected.lines().count(), computed.len());
}

#[test]
fn ed25519_signing_is_deterministic_so_the_vectors_are_stable() {
    // RFC 8032 signatures have no randomness: the same key and message give the same bytes.
    let key = SigningKey::from_bytes(&[0x1D; 32]);
    use ed25519_dalek::Signer;
    assert_eq!(key.sign(b"IKD").to_bytes(), key.sign(b"IKD").to_bytes());
}
