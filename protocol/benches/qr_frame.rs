//! One QR frame: build + sign + encrypt + encode + module matrix; and the matrix step alone.

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark program

use criterion::{Criterion, criterion_group, criterion_main};
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::issue_profiles;
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::presentation::{VerifierPublicKey, build_frame};
use ikd_protocol::qr;

fn bench(c: &mut Criterion) {
    let device = fixtures::device_signing_key();
    let signed = issue_profiles(
        &Document::Ktp(fixtures::sample_ktp()),
        device.verifying_key().to_bytes(),
        &fixtures::issuer_signing_key(),
        CivilDate::new(2026, 11, 22).unwrap(),
        365,
    )
    .remove(0);
    let verifier = VerifierPublicKey::new([0x42; 32]);
    c.bench_function("qr-frame/full-ktp", |b| {
        b.iter(|| {
            let frame = build_frame(&signed, &device, &verifier, 1_800_000_000).unwrap();
            qr::encode(&frame.payload).unwrap()
        })
    });
    let payload = build_frame(&signed, &device, &verifier, 1_800_000_000)
        .unwrap()
        .payload;
    std::fs::write(std::env::temp_dir().join("ikd-bench-payload.bin"), &payload).unwrap();
    c.bench_function("qr-frame/matrix-only", |b| {
        b.iter(|| qr::encode(&payload).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
