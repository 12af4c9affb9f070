//! The unlock should cost the KDF and nothing more: the full `Wallet::unlock` beside Argon2id alone
//! with the same parameters (the floor 19 MiB/t=2 and the 64 MiB ceiling).

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark program

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ikd_core::pin::kdf::{self, KdfParams, MAX_MEMORY_KIB};
use ikd_core::{KdfPolicy, ManualClock, SoftwareKeystore, Wallet, WalletConfig};

fn bench(c: &mut Criterion) {
    let ceiling = KdfParams {
        memory_kib: MAX_MEMORY_KIB,
        ..KdfParams::MINIMUM
    };
    for (name, params) in [
        ("floor-19MiB-t2", KdfParams::MINIMUM),
        ("ceiling-64MiB-t2", ceiling),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let keystore = Arc::new(SoftwareKeystore::new(dir.path().join("keystore")).unwrap());
        let config = WalletConfig {
            kdf: KdfPolicy::Fixed(params),
        };
        let wallet = Wallet::open(
            dir.path().join("wallet"),
            keystore,
            Arc::new(ManualClock::at(1_800_000_000)),
            config,
        )
        .unwrap();
        wallet.set_up(&"246813".into(), "3174015708900001").unwrap();
        let mut group = c.benchmark_group(format!("unlock/{name}"));
        group.sample_size(20);
        group.bench_function("argon2id-only", |b| {
            b.iter(|| kdf::derive("246813", &[7u8; 16], params).unwrap())
        });
        group.bench_function("full-unlock", |b| {
            b.iter(|| wallet.unlock(&"246813".into()).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
