//! Cold open: open the vault file and read the documents, without the KDF.

#![allow(missing_docs, clippy::unwrap_used)] // a benchmark program

use criterion::{Criterion, criterion_group, criterion_main};
use ikd_core::SecretKey;
use ikd_core::vault::Vault;
use ikd_core::vault::records::{self, RecordKind};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::from_bytes([9; 32]);
    {
        let mut vault = Vault::open(dir.path()).unwrap();
        vault
            .write(|tx| {
                for _ in 0..7 {
                    records::insert(tx, &key, RecordKind::Credential, &[0x5A; 300])?;
                }
                Ok(())
            })
            .unwrap();
    }
    c.bench_function("cold-open/open-and-list-7-documents", |b| {
        b.iter(|| {
            let vault = Vault::open(dir.path()).unwrap();
            records::read_all(vault.connection(), &key, RecordKind::Credential).unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
