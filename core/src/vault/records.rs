//! Encrypted records: each value sealed under the master key, bound to its row, kind and version.
//!
//! A sealed manifest lists every record's id, kind and version. Reading a record checks it against
//! the manifest, so a row that was deleted, swapped with another, or rolled back to an older copy is
//! reported as tampering instead of being used.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use zeroize::Zeroizing;

use super::StorageError;
use crate::aead::{self, Sealed};
use crate::secret::SecretKey;

/// Format of a sealed record, bound into its associated data.
pub const RECORD_FORMAT: u32 = 1;

const RECORD_AD_LABEL: &[u8] = b"IKD-record-v1";
const MANIFEST_AD_LABEL: &[u8] = b"IKD-manifest-v1";
/// More records than any wallet holds; a manifest claiming more is damaged.
const MAX_RECORDS: usize = 4096;

/// What a record holds; part of the associated data, so a record cannot change kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum RecordKind {
    /// The Ed25519 device key.
    DeviceKey = 1,
    /// An issued credential (one document under one disclosure profile).
    Credential = 2,
    /// The citizen's profile kept by the wallet (NIK for the PIN rules, activation details).
    Citizen = 3,
    /// The signed trust list (issuer and verifier keys).
    TrustList = 4,
    /// The signed revocation list.
    RevocationList = 5,
    /// The issuer's address from the activation QR (for credential refresh).
    IssuerServer = 6,
    /// A verifier authority's signed list of revoked desks (one record per authority).
    DeskRevocationList = 7,
    /// One presentation in the citizen's history (when, to whom, which fields; no values).
    History = 8,
}

impl RecordKind {
    fn from_code(code: u8) -> Option<Self> {
        [
            Self::DeviceKey,
            Self::Credential,
            Self::Citizen,
            Self::TrustList,
            Self::RevocationList,
            Self::IssuerServer,
            Self::DeskRevocationList,
            Self::History,
        ]
        .into_iter()
        .find(|k| *k as u8 == code)
    }
}

/// A record's id and its decrypted bytes (wiped on drop).
pub type OpenedRecord = (i64, Zeroizing<Vec<u8>>);

/// One manifest entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    id: i64,
    kind: RecordKind,
    version: u32,
}

/// The list of records as the master key last wrote it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Manifest {
    version: u32,
    entries: Vec<Entry>,
}

fn record_ad(id: i64, kind: RecordKind, version: u32) -> Vec<u8> {
    let mut ad = RECORD_AD_LABEL.to_vec();
    ad.extend_from_slice(b"records");
    ad.extend_from_slice(&id.to_be_bytes());
    ad.push(kind as u8);
    ad.extend_from_slice(&version.to_be_bytes());
    ad.extend_from_slice(&RECORD_FORMAT.to_be_bytes());
    ad
}

fn manifest_ad(version: u32) -> Vec<u8> {
    let mut ad = MANIFEST_AD_LABEL.to_vec();
    ad.extend_from_slice(&version.to_be_bytes());
    ad
}

impl Manifest {
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.entries.len() * 13);
        out.extend_from_slice(&(self.entries.len() as u32).to_be_bytes());
        for e in &self.entries {
            out.extend_from_slice(&e.id.to_be_bytes());
            out.push(e.kind as u8);
            out.extend_from_slice(&e.version.to_be_bytes());
        }
        out
    }

    fn decode(version: u32, bytes: &[u8]) -> Result<Manifest, StorageError> {
        let (count, mut rest) = bytes
            .split_first_chunk::<4>()
            .ok_or(StorageError::Tampered)?;
        let count = u32::from_be_bytes(*count) as usize;
        if count > MAX_RECORDS || rest.len() != count * 13 {
            return Err(StorageError::Tampered);
        }
        let mut entries = Vec::with_capacity(count);
        while let Some((id, tail)) = rest.split_first_chunk::<8>() {
            let (&kind, tail) = tail.split_first().ok_or(StorageError::Tampered)?;
            let (ver, tail) = tail
                .split_first_chunk::<4>()
                .ok_or(StorageError::Tampered)?;
            entries.push(Entry {
                id: i64::from_be_bytes(*id),
                kind: RecordKind::from_code(kind).ok_or(StorageError::Tampered)?,
                version: u32::from_be_bytes(*ver),
            });
            rest = tail;
        }
        Ok(Manifest { version, entries })
    }
}

fn read_manifest(conn: &Connection, key: &SecretKey) -> Result<Manifest, StorageError> {
    let row: Option<(u32, [u8; 24], Vec<u8>)> = conn
        .query_row(
            "SELECT version, nonce, ciphertext FROM manifest WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((version, nonce, ciphertext)) = row else {
        return Ok(Manifest::default());
    };
    let plain = aead::open(key, &Sealed { nonce, ciphertext }, &manifest_ad(version))
        .map_err(|_| StorageError::Tampered)?;
    Manifest::decode(version, &plain)
}

fn write_manifest(
    tx: &Transaction<'_>,
    key: &SecretKey,
    manifest: &mut Manifest,
) -> Result<(), StorageError> {
    manifest.version = manifest.version.wrapping_add(1);
    let sealed = aead::seal(key, &manifest.encode(), &manifest_ad(manifest.version))
        .map_err(|_| StorageError::Other("NoRandomness".into()))?;
    tx.execute(
        "INSERT OR REPLACE INTO manifest (id, version, nonce, ciphertext) VALUES (1, ?1, ?2, ?3)",
        params![manifest.version, sealed.nonce, sealed.ciphertext],
    )?;
    Ok(())
}

fn seal_into(
    tx: &Transaction<'_>,
    key: &SecretKey,
    entry: Entry,
    plaintext: &[u8],
) -> Result<(), StorageError> {
    let sealed = aead::seal(
        key,
        plaintext,
        &record_ad(entry.id, entry.kind, entry.version),
    )
    .map_err(|_| StorageError::Other("NoRandomness".into()))?;
    tx.execute(
        "INSERT OR REPLACE INTO records (id, kind, version, format, nonce, ciphertext)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            entry.id,
            entry.kind as u8,
            entry.version,
            RECORD_FORMAT,
            sealed.nonce,
            sealed.ciphertext
        ],
    )?;
    Ok(())
}

/// Seals `plaintext` as a new record of `kind`; returns its id.
pub fn insert(
    tx: &Transaction<'_>,
    key: &SecretKey,
    kind: RecordKind,
    plaintext: &[u8],
) -> Result<i64, StorageError> {
    let mut manifest = read_manifest(tx, key)?;
    let max_row: i64 =
        tx.query_row("SELECT COALESCE(MAX(id), 0) FROM records", [], |r| r.get(0))?;
    let max_listed = manifest.entries.iter().map(|e| e.id).max().unwrap_or(0);
    let entry = Entry {
        id: max_row.max(max_listed) + 1,
        kind,
        version: 1,
    };
    seal_into(tx, key, entry, plaintext)?;
    manifest.entries.push(entry);
    write_manifest(tx, key, &mut manifest)?;
    Ok(entry.id)
}

/// Replaces the content of record `id` (its version goes up, so the old copy no longer verifies).
pub fn update(
    tx: &Transaction<'_>,
    key: &SecretKey,
    id: i64,
    plaintext: &[u8],
) -> Result<(), StorageError> {
    let mut manifest = read_manifest(tx, key)?;
    let entry = manifest
        .entries
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or(StorageError::Tampered)?;
    entry.version = entry.version.checked_add(1).ok_or(StorageError::Tampered)?;
    let entry = *entry;
    seal_into(tx, key, entry, plaintext)?;
    write_manifest(tx, key, &mut manifest)
}

/// Deletes record `id`. Call [`super::Vault::checkpoint`] after the transaction commits.
pub fn delete(tx: &Transaction<'_>, key: &SecretKey, id: i64) -> Result<(), StorageError> {
    let mut manifest = read_manifest(tx, key)?;
    let before = manifest.entries.len();
    manifest.entries.retain(|e| e.id != id);
    if manifest.entries.len() == before {
        return Err(StorageError::Tampered);
    }
    tx.execute("DELETE FROM records WHERE id = ?1", params![id])?;
    write_manifest(tx, key, &mut manifest)
}

/// Decodes a manifest's plaintext as [`read_all`] does once the manifest has been opened; returns
/// the number of entries. Not part of the API: the entry point of the vault decoder's fuzz target
/// (`fuzz/fuzz_targets/vault_record_decode.rs`), whose input never gets past the AEAD otherwise.
#[doc(hidden)]
pub fn decode_manifest_plaintext(bytes: &[u8]) -> Result<usize, StorageError> {
    Manifest::decode(0, bytes).map(|m| m.entries.len())
}

/// Opens every record of `kind`, in id order, checking each against the manifest.
pub fn read_all(
    conn: &Connection,
    key: &SecretKey,
    kind: RecordKind,
) -> Result<Vec<OpenedRecord>, StorageError> {
    let manifest = read_manifest(conn, key)?;
    let rows = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, kind, version, format, nonce, ciphertext FROM records ORDER BY id",
        )?;
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, [u8; 24]>(4)?,
                r.get::<_, Vec<u8>>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?
    };
    // Every listed record must be present, and no unlisted row may exist.
    if rows.len() != manifest.entries.len() {
        return Err(StorageError::Tampered);
    }
    let mut out = Vec::new();
    for (id, kind_code, version, format, nonce, ciphertext) in rows {
        let entry = manifest
            .entries
            .iter()
            .find(|e| e.id == id)
            .ok_or(StorageError::Tampered)?;
        if entry.kind as u8 != kind_code || entry.version != version || format != RECORD_FORMAT {
            return Err(StorageError::Tampered);
        }
        if entry.kind != kind {
            continue;
        }
        let plain = aead::open(
            key,
            &Sealed { nonce, ciphertext },
            &record_ad(id, kind, version),
        )
        .map_err(|_| StorageError::Tampered)?;
        out.push((id, plain));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Vault;

    fn setup() -> (tempfile::TempDir, Vault, SecretKey) {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::open(dir.path()).unwrap();
        (dir, vault, SecretKey::random().unwrap())
    }

    #[test]
    fn records_round_trip_and_are_listed_by_kind() {
        let (_dir, mut vault, key) = setup();
        let (a, b) = vault
            .write(|tx| {
                let a = insert(tx, &key, RecordKind::Credential, b"first")?;
                insert(tx, &key, RecordKind::DeviceKey, b"device")?;
                let b = insert(tx, &key, RecordKind::Credential, b"second")?;
                Ok((a, b))
            })
            .unwrap();
        let creds = read_all(vault.connection(), &key, RecordKind::Credential).unwrap();
        let got: Vec<(i64, &[u8])> = creds.iter().map(|(id, p)| (*id, p.as_slice())).collect();
        assert_eq!(got, vec![(a, &b"first"[..]), (b, &b"second"[..])]);
    }

    #[test]
    fn update_and_delete_are_reflected() {
        let (_dir, mut vault, key) = setup();
        let id = vault
            .write(|tx| insert(tx, &key, RecordKind::Citizen, b"v1"))
            .unwrap();
        vault.write(|tx| update(tx, &key, id, b"v2")).unwrap();
        let got = read_all(vault.connection(), &key, RecordKind::Citizen).unwrap();
        assert_eq!(got[0].1.as_slice(), b"v2");
        vault.write(|tx| delete(tx, &key, id)).unwrap();
        assert!(
            read_all(vault.connection(), &key, RecordKind::Citizen)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn swapped_rows_are_reported_as_tampering() {
        let (_dir, mut vault, key) = setup();
        vault
            .write(|tx| {
                insert(tx, &key, RecordKind::Credential, b"one")?;
                insert(tx, &key, RecordKind::Credential, b"two")
            })
            .unwrap();
        vault
            .connection()
            .execute_batch(
                "UPDATE records SET id = -1 WHERE id = 1;
                 UPDATE records SET id = 1 WHERE id = 2;
                 UPDATE records SET id = 2 WHERE id = -1;",
            )
            .unwrap();
        assert_eq!(
            read_all(vault.connection(), &key, RecordKind::Credential).unwrap_err(),
            StorageError::Tampered
        );
    }

    #[test]
    fn a_rolled_back_row_is_reported_as_tampering() {
        let (_dir, mut vault, key) = setup();
        let id = vault
            .write(|tx| insert(tx, &key, RecordKind::Credential, b"old"))
            .unwrap();
        let old: (u32, Vec<u8>, Vec<u8>) = vault
            .connection()
            .query_row("SELECT version, nonce, ciphertext FROM records", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        vault.write(|tx| update(tx, &key, id, b"new")).unwrap();
        vault
            .connection()
            .execute(
                "UPDATE records SET version = ?1, nonce = ?2, ciphertext = ?3",
                params![old.0, old.1, old.2],
            )
            .unwrap();
        assert_eq!(
            read_all(vault.connection(), &key, RecordKind::Credential).unwrap_err(),
            StorageError::Tampered
        );
    }

    #[test]
    fn a_deleted_or_added_row_is_reported_as_tampering() {
        let (_dir, mut vault, key) = setup();
        vault
            .write(|tx| insert(tx, &key, RecordKind::Credential, b"x"))
            .unwrap();
        let conn = vault.connection();
        conn.execute(
            "INSERT INTO records SELECT id + 1, kind, version, format, nonce, ciphertext FROM records",
            [],
        )
        .unwrap();
        assert!(read_all(conn, &key, RecordKind::Credential).is_err());
        conn.execute("DELETE FROM records", []).unwrap();
        assert_eq!(
            read_all(conn, &key, RecordKind::Credential).unwrap_err(),
            StorageError::Tampered
        );
    }

    #[test]
    fn a_flipped_bit_in_a_record_is_reported_as_tampering() {
        let (_dir, mut vault, key) = setup();
        vault
            .write(|tx| insert(tx, &key, RecordKind::Credential, b"payload"))
            .unwrap();
        let conn = vault.connection();
        let mut ct: Vec<u8> = conn
            .query_row("SELECT ciphertext FROM records", [], |r| r.get(0))
            .unwrap();
        ct[0] ^= 0x01;
        conn.execute("UPDATE records SET ciphertext = ?1", params![ct])
            .unwrap();
        assert_eq!(
            read_all(conn, &key, RecordKind::Credential).unwrap_err(),
            StorageError::Tampered
        );
    }

    #[test]
    fn a_record_changing_kind_is_reported_as_tampering() {
        let (_dir, mut vault, key) = setup();
        vault
            .write(|tx| insert(tx, &key, RecordKind::Credential, b"payload"))
            .unwrap();
        let conn = vault.connection();
        conn.execute("UPDATE records SET kind = 3", []).unwrap();
        assert!(read_all(conn, &key, RecordKind::Citizen).is_err());
    }

    #[test]
    fn a_full_disk_is_reported_and_loses_nothing() {
        let (_dir, mut vault, key) = setup();
        vault
            .write(|tx| insert(tx, &key, RecordKind::Credential, b"kept"))
            .unwrap();
        let pages: u32 = vault
            .connection()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        // SQLite's own limit makes the next growth fail exactly like a full disk (SQLITE_FULL).
        vault
            .connection()
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let big = vec![0u8; 64 * 1024];
        let error = vault
            .write(|tx| insert(tx, &key, RecordKind::Credential, &big))
            .unwrap_err();
        assert_eq!(error, StorageError::Full);
        let kept = read_all(vault.connection(), &key, RecordKind::Credential).unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].1.as_slice(), b"kept");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any single bit flipped in any stored column of any record or of the manifest, or any
        /// two records' columns swapped, is reported as tampering: never another plaintext, never
        /// a panic.
        #[test]
        fn any_bit_flip_or_swap_in_the_stored_rows_is_reported_as_tampering(
            column in 0usize..7,
            row in 1i64..4,
            other in 1i64..4,
            position in proptest::prelude::any::<usize>(),
            bit in 0u8..8,
            swap in proptest::prelude::any::<bool>(),
        ) {
            let (_dir, mut vault, key) = setup();
            vault
                .write(|tx| {
                    insert(tx, &key, RecordKind::Credential, b"one")?;
                    insert(tx, &key, RecordKind::Credential, b"two")?;
                    insert(tx, &key, RecordKind::Credential, b"three")
                })
                .unwrap();
            let conn = vault.connection();
            let (table, name, id) = match column {
                0 => ("records", "id", row),
                1 => ("records", "kind", row),
                2 => ("records", "version", row),
                3 => ("records", "nonce", row),
                4 => ("records", "ciphertext", row),
                5 => ("manifest", "nonce", 1),
                _ => ("manifest", "ciphertext", 1),
            };
            if swap && table == "records" && other != row && matches!(name, "nonce" | "ciphertext") {
                // Exchange one column between two records (same kind, so only the AD tells).
                conn.execute(
                    &format!(
                        "UPDATE records SET {name} = CASE id WHEN ?1 THEN
                             (SELECT {name} FROM records WHERE id = ?2)
                         ELSE (SELECT {name} FROM records WHERE id = ?1) END
                         WHERE id IN (?1, ?2)"
                    ),
                    params![row, other],
                )
                .unwrap();
            } else if name == "id" || name == "kind" || name == "version" {
                let value: i64 = conn
                    .query_row(&format!("SELECT {name} FROM {table} WHERE id = ?1"), [id], |r| r.get(0))
                    .unwrap();
                conn.execute(
                    &format!("UPDATE {table} SET {name} = ?1 WHERE id = ?2"),
                    // High bits only: a low bit could turn id 1 into the existing id 3.
                    params![value ^ (1i64 << (8 + position % 40)), id],
                )
                .unwrap();
            } else {
                let mut bytes: Vec<u8> = conn
                    .query_row(&format!("SELECT {name} FROM {table} WHERE id = ?1"), [id], |r| r.get(0))
                    .unwrap();
                let index = position % bytes.len();
                bytes[index] ^= 1 << bit;
                conn.execute(
                    &format!("UPDATE {table} SET {name} = ?1 WHERE id = ?2"),
                    params![bytes, id],
                )
                .unwrap();
            }
            let outcome = read_all(conn, &key, RecordKind::Credential);
            proptest::prop_assert!(outcome.is_err(), "read {:?}", outcome.map(|v| v.len()));
        }
    }

    #[test]
    fn another_master_key_opens_nothing() {
        let (_dir, mut vault, key) = setup();
        vault
            .write(|tx| insert(tx, &key, RecordKind::Credential, b"payload"))
            .unwrap();
        let other = SecretKey::random().unwrap();
        assert!(read_all(vault.connection(), &other, RecordKind::Credential).is_err());
    }
}
