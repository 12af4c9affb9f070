//! One desk answer as the wallet draws it: sign + key agreement + encrypt + QR module matrix; and
//! the matrix step alone (compared with qrencode by bench/compare.py).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark program

use criterion::{Criterion, criterion_group, criterion_main};
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::issue_profiles;
use ikd_protocol::desk::answer::build_answer;
use ikd_protocol::desk::fixtures as desk;
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
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
    let request = desk::session_request();
    let time = desk::NOW as u32;
    c.bench_function("desk-answer/full-ktp", |b| {
        b.iter(|| {
            let answer = build_answer(&request, &signed, &device, time).unwrap();
            qr::encode(&answer).unwrap()
        })
    });
    let payload = build_answer(&request, &signed, &device, time).unwrap();
    std::fs::write(std::env::temp_dir().join("ikd-bench-payload.bin"), &payload).unwrap();
    c.bench_function("desk-answer/matrix-only", |b| {
        b.iter(|| qr::encode(&payload).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
