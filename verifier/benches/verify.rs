//! Verifications per second, beside the sum of the primitives a verification uses.

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark program

use chacha20poly1305::aead::{Aead, KeyInit};
use criterion::{Criterion, criterion_group, criterion_main};
use ed25519_dalek::Signer;
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::{Credential, issue_profiles};
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::presentation::{VerifierPublicKey, build_frame};
use ikd_protocol::trust::{RevocationList, TrustList, TrustedIssuer, TrustedVerifier};
use ikd_verifier::Verifier;

fn bench(c: &mut Criterion) {
    let secret = [0x5E; 32];
    let desk = VerifierPublicKey::of_secret(&x25519_dalek::StaticSecret::from(secret));
    let trust = TrustList {
        sequence: 1,
        issued_at: 0,
        issuers: vec![TrustedIssuer {
            public_key: fixtures::issuer_signing_key().verifying_key().to_bytes(),
            valid_from: 0,
            valid_until: 40_000,
        }],
        verifiers: vec![TrustedVerifier {
            public_key: desk.public_key,
            name: "X".into(),
            valid_from: 0,
            valid_until: 40_000,
        }],
        authorities: Vec::new(),
    };
    let device = fixtures::device_signing_key();
    let signed = issue_profiles(
        &Document::Ktp(fixtures::sample_ktp()),
        device.verifying_key().to_bytes(),
        &fixtures::issuer_signing_key(),
        CivilDate::from_unix(1_795_000_000).unwrap(),
        365,
    )
    .remove(0);
    let now = 1_795_000_000;
    // Frames of distinct windows would be needed to avoid the replay check; a fresh verifier per
    // iteration costs only a struct.
    let payload = build_frame(&signed, &device, &desk, now).unwrap().payload;
    c.bench_function("verifier/verify-payload", |b| {
        b.iter(|| {
            let mut v = Verifier::new(secret, trust.clone(), RevocationList::default());
            v.verify_payload(&payload, now).unwrap()
        })
    });

    let mut primitives = c.benchmark_group("verifier/primitives");
    let x_secret = x25519_dalek::StaticSecret::from([3; 32]);
    let x_public = x25519_dalek::PublicKey::from([9; 32]);
    primitives.bench_function("x25519", |b| b.iter(|| x_secret.diffie_hellman(&x_public)));
    primitives.bench_function("hkdf-sha256", |b| {
        b.iter(|| {
            let mut okm = [0u8; 44];
            hkdf::Hkdf::<sha2::Sha256>::new(Some(b"salt"), &[1; 32])
                .expand(&[2; 76], &mut okm)
                .unwrap();
            okm
        })
    });
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(&[4; 32].into());
    let sealed = cipher.encrypt(&[0; 12].into(), &[5u8; 250][..]).unwrap();
    primitives.bench_function("chacha20poly1305-open-250B", |b| {
        b.iter(|| cipher.decrypt(&[0; 12].into(), &sealed[..]).unwrap())
    });
    let key = fixtures::issuer_signing_key();
    let message = [6u8; 200];
    let signature = key.sign(&message);
    let public = key.verifying_key();
    primitives.bench_function("ed25519-verify-strict", |b| {
        b.iter(|| public.verify_strict(&message, &signature).unwrap())
    });
    primitives.bench_function("credential-decode", |b| {
        b.iter(|| Credential::decode(&signed.credential).unwrap())
    });
    primitives.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
