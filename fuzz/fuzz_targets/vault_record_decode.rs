//! The vault's record decoder on hostile rows: a real SQLite vault holds genuine records, the input
//! overwrites their columns (any type, any length) and the manifest, then every kind is read back.
//! Whatever the bytes, reading is an error or the genuine records, never a panic or other
//! plaintext. The manifest's plaintext decoder, which no input reaches through the AEAD, is
//! called directly.
#![no_main]

use std::sync::{Mutex, OnceLock};

use ikd_core::SecretKey;
use ikd_core::vault::Vault;
use ikd_core::vault::records::{self, RecordKind};
use libfuzzer_sys::fuzz_target;
use rusqlite::types::Value;

const KINDS: [RecordKind; 5] = [
    RecordKind::DeviceKey,
    RecordKind::Credential,
    RecordKind::Citizen,
    RecordKind::TrustList,
    RecordKind::RevocationList,
];
const GENUINE: [&[u8]; 3] = [b"device seed", b"credential one", b"credential two"];

fn key() -> SecretKey {
    SecretKey::from_bytes([0x42; 32])
}

/// One vault for the whole run (opening a database per input would dominate the time); each
/// input is applied inside a transaction that is rolled back.
fn vault() -> &'static Mutex<Vault> {
    static VAULT: OnceLock<Mutex<Vault>> = OnceLock::new();
    VAULT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ikd-fuzz-vault-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut vault = Vault::open(&dir).expect("vault opens");
        let key = key();
        vault
            .write(|tx| {
                records::insert(tx, &key, RecordKind::DeviceKey, GENUINE[0])?;
                records::insert(tx, &key, RecordKind::Credential, GENUINE[1])?;
                records::insert(tx, &key, RecordKind::Credential, GENUINE[2])
            })
            .expect("genuine records");
        // Durability is not under test here; syncing every rolled-back edit would dominate.
        vault
            .connection()
            .execute_batch("PRAGMA synchronous = OFF")
            .expect("pragma");
        Mutex::new(vault)
    })
}

/// A column value chosen by the input: integer, blob or text of the input's bytes, or NULL.
fn value(kind: u8, bytes: &[u8]) -> Value {
    match kind % 4 {
        0 => {
            let mut be = [0u8; 8];
            be.iter_mut().zip(bytes).for_each(|(d, s)| *d = *s);
            Value::Integer(i64::from_be_bytes(be))
        }
        1 => Value::Blob(bytes.to_vec()),
        2 => Value::Text(String::from_utf8_lossy(bytes).into_owned()),
        _ => Value::Null,
    }
}

const COLUMNS: [(&str, &str); 8] = [
    ("records", "id"),
    ("records", "kind"),
    ("records", "version"),
    ("records", "format"),
    ("records", "nonce"),
    ("records", "ciphertext"),
    ("manifest", "version"),
    ("manifest", "ciphertext"),
];

fuzz_target!(|data: &[u8]| {
    let _ = records::decode_manifest_plaintext(data);

    let guard = vault()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let conn = guard.connection();
    conn.execute_batch("SAVEPOINT fuzz").expect("savepoint");
    // Edits: [column, value type, row, length, bytes...] repeated.
    let mut rest = data;
    while let [column, kind, row, len, tail @ ..] = rest {
        let len = usize::from(*len).min(tail.len());
        let (bytes, tail) = tail.split_at(len);
        let (table, column) = COLUMNS[usize::from(*column) % COLUMNS.len()];
        let sql = format!("UPDATE {table} SET {column} = ?1 WHERE rowid = ?2");
        // A constraint may refuse the edit; that is the database defending itself.
        let _ = conn.execute(
            &sql,
            rusqlite::params![value(*kind, bytes), i64::from(*row % 4)],
        );
        rest = tail;
    }
    let key = key();
    for kind in KINDS {
        if let Ok(opened) = records::read_all(conn, &key, kind) {
            // Anything that opens must be one of the genuine plaintexts.
            for (_, plain) in opened {
                assert!(
                    GENUINE.contains(&plain.as_slice()),
                    "forged plaintext accepted"
                );
            }
        }
    }
    conn.execute_batch("ROLLBACK TO fuzz; RELEASE fuzz")
        .expect("rollback");
});
