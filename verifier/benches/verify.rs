//! Desk answers verified per second (with the real SQLite replay store, whose committed write is
//! part of accepting an answer), beside the sum of the primitives a verification uses.

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark program

use chacha20poly1305::aead::{Aead, KeyInit};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ed25519_dalek::Signer;
use ikd_protocol::credential::Credential;
use ikd_protocol::desk::answer::build_answer;
use ikd_protocol::desk::fixtures as f;
use ikd_protocol::desk::request::DeskRequest;
use ikd_protocol::fixtures;
use ikd_protocol::profile::DocType;
use ikd_protocol::trust::RevocationList;
use ikd_verifier::{Desk, SqliteReplayStore};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteReplayStore::open(&dir.path().join("replay.sqlite")).unwrap();
    let desk = Desk::new(
        [0xD5; 32],
        f::certificate(),
        f::trust_list(),
        RevocationList::default(),
        Vec::new(),
        Box::new(store),
    )
    .unwrap();
    // Both closures below use the desk, one after the other.
    let desk = std::cell::RefCell::new(desk);
    let signed = f::signed_ktp_basic();
    let device = fixtures::device_signing_key();
    let now = f::NOW;
    // Each request takes one answer: a fresh request and its answer are made outside the timing.
    c.bench_function("verifier/verify-answer", |b| {
        b.iter_batched(
            || {
                let request = desk
                    .borrow_mut()
                    .new_request(DocType::KtpBasic, now)
                    .unwrap();
                let request = DeskRequest::decode(&request).unwrap();
                build_answer(&request, &signed, &device, now as u32).unwrap()
            },
            |answer| desk.borrow_mut().verify_answer(&answer, now).unwrap(),
            // One at a time: a desk keeps only so many requests open.
            BatchSize::PerIteration,
        )
    });

    let mut primitives = c.benchmark_group("verifier/primitives");
    let x_secret = x25519_dalek::StaticSecret::from([3; 32]);
    let x_public = x25519_dalek::PublicKey::from([9; 32]);
    primitives.bench_function("x25519", |b| b.iter(|| x_secret.diffie_hellman(&x_public)));
    primitives.bench_function("hkdf-sha256", |b| {
        b.iter(|| {
            let mut okm = [0u8; 44];
            hkdf::Hkdf::<sha2::Sha256>::new(Some(b"salt"), &[1; 64])
                .expand(&[2; 74], &mut okm)
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
