//! The vault: one SQLite file holding the PIN slot, the lockout record and encrypted records.
//!
//! Only the PIN slot's header, the lockout counters and row bookkeeping are stored in the clear;
//! every document byte is sealed per record under the master key (see [`records`]).

pub mod records;
pub mod schema;
pub mod storage_error;

use std::path::Path;
use std::time::Duration;

use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};

use crate::aead::Sealed;
use crate::lockout::LockoutRecord;
use crate::pin::kdf::KdfParams;
use crate::pin::slot::{PinKey, PinSlot};
pub use storage_error::StorageError;

/// File name of the database inside the wallet folder.
pub const DATABASE_FILE: &str = "wallet.sqlite3";

/// The stored lifecycle of a wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredState {
    /// Set up, waiting for the issuer to bind the device key (activation under way). A wallet
    /// left in this state by a crash counts as not set up: activating again replaces it.
    Activating,
    /// Keys and PIN slot in place.
    Active,
    /// Keys were erased; the citizen must activate again at a Dukcapil office or online.
    NeedsReactivation(ReactivationReason),
}

/// Why a wallet needs to be activated again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReactivationReason {
    /// Ten wrong PINs erased the keys.
    TooManyWrongPins,
    /// The database was damaged beyond use.
    Corrupt,
    /// The citizen (or an officer) reset the wallet.
    Reset,
}

impl ReactivationReason {
    fn as_str(self) -> &'static str {
        match self {
            ReactivationReason::TooManyWrongPins => "too_many_wrong_pins",
            ReactivationReason::Corrupt => "corrupt",
            ReactivationReason::Reset => "reset",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::TooManyWrongPins, Self::Corrupt, Self::Reset]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// An open vault database.
pub struct Vault {
    conn: Connection,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").finish_non_exhaustive()
    }
}

impl Vault {
    /// Opens (or creates) the vault in `dir`, applies the pragmas and migrations, and checks the
    /// file's structure.
    pub fn open(dir: &Path) -> Result<Vault, StorageError> {
        std::fs::create_dir_all(dir).map_err(|e| StorageError::from_io(&e))?;
        let path = dir.join(DATABASE_FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // journal_mode answers with a row; a damaged header fails here already.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StorageError::ReadOnly);
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA secure_delete = ON;
             PRAGMA foreign_keys = ON;
             PRAGMA trusted_schema = OFF;",
        )?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StorageError::Corrupt);
        }
        schema::migrate(&mut conn)?;
        Ok(Vault { conn })
    }

    /// Runs `f` in an immediate (write-locking) transaction and commits it.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Read access for queries that need no transaction.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Moves the WAL's content into the database and truncates the WAL to zero bytes, so deleted
    /// data does not linger in it.
    pub fn checkpoint(&self) -> Result<(), StorageError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// The stored lifecycle state and keystore alias, or None for a wallet never set up.
    pub fn state(&self) -> Result<Option<(StoredState, String)>, StorageError> {
        let row: Option<(String, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT state, reason, keystore_alias FROM wallet_state WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((state, reason, alias)) = row else {
            return Ok(None);
        };
        let state = match state.as_str() {
            "activating" => StoredState::Activating,
            "active" => StoredState::Active,
            "needs_reactivation" => StoredState::NeedsReactivation(
                reason
                    .as_deref()
                    .and_then(ReactivationReason::parse)
                    .ok_or(StorageError::Corrupt)?,
            ),
            _ => return Err(StorageError::Corrupt),
        };
        Ok(Some((state, alias)))
    }

    /// The biometric slot, if biometric unlock is on.
    pub fn biometric_slot(&self) -> Result<Option<BiometricSlot>, StorageError> {
        Ok(self
            .conn
            .query_row(
                "SELECT salt, nonce, wrapped_master_key FROM biometric_slot WHERE id = 1",
                [],
                |r| {
                    Ok(BiometricSlot {
                        salt: r.get(0)?,
                        wrapped_master_key: Sealed {
                            nonce: r.get(1)?,
                            ciphertext: r.get(2)?,
                        },
                    })
                },
            )
            .optional()?)
    }

    /// Reads the PIN slot, if there is one.
    pub fn pin_slot(&self) -> Result<Option<PinSlot>, StorageError> {
        self.conn
            .query_row(
                "SELECT kdf_version, memory_kib, iterations, parallelism, salt, nonce,
                        wrapped_master_key, keystore_check, generation
                 FROM pin_slot WHERE id = 1",
                [],
                |r| {
                    Ok(PinSlot {
                        params: KdfParams {
                            version: r.get(0)?,
                            memory_kib: r.get(1)?,
                            iterations: r.get(2)?,
                            parallelism: r.get(3)?,
                        },
                        salt: r.get(4)?,
                        wrapped_master_key: Sealed {
                            nonce: r.get(5)?,
                            ciphertext: r.get(6)?,
                        },
                        keystore_check: r.get(7)?,
                        generation: r.get(8)?,
                    })
                },
            )
            .optional()
            .map_err(StorageError::from)
    }

    /// Which keystore key answers the PIN ([`PinKey::Unlimited`] for a wallet never set up or
    /// made before limited keys).
    pub fn pin_key(&self) -> Result<PinKey, StorageError> {
        let generation: Option<Option<u32>> = self
            .conn
            .query_row(
                "SELECT pin_key_generation FROM wallet_state WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match generation.flatten() {
            Some(generation) => PinKey::Limited { generation },
            None => PinKey::Unlimited,
        })
    }

    /// Reads the lockout record and its seal (all zero and no seal for a new wallet). The caller
    /// checks the seal ([`crate::lockout_seal`]): the vault only stores it.
    pub fn lockout(&self) -> Result<(LockoutRecord, Option<Vec<u8>>), StorageError> {
        Ok(self
            .conn
            .query_row(
                "SELECT failures, not_before, last_seen, seal FROM lockout WHERE id = 1",
                [],
                |r| {
                    let record = LockoutRecord {
                        failures: r.get(0)?,
                        not_before: r.get(1)?,
                        last_seen: r.get(2)?,
                    };
                    Ok((record, r.get(3)?))
                },
            )
            .optional()?
            .unwrap_or_default())
    }
}

/// Writes the lifecycle state.
pub fn write_state(
    tx: &Transaction<'_>,
    state: &StoredState,
    keystore_alias: &str,
) -> Result<(), StorageError> {
    let (name, reason) = match state {
        StoredState::Activating => ("activating", None),
        StoredState::Active => ("active", None),
        StoredState::NeedsReactivation(r) => ("needs_reactivation", Some(r.as_str())),
    };
    tx.execute(
        "INSERT INTO wallet_state (id, state, reason, keystore_alias) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET state = ?1, reason = ?2, keystore_alias = ?3",
        params![name, reason, keystore_alias],
    )?;
    Ok(())
}

/// Records which key answers the PIN; the state row must exist ([`write_state`] first). Written
/// in the transaction that writes the slot wrapped under that key, so the two never disagree.
pub fn write_pin_key(tx: &Transaction<'_>, pin_key: PinKey) -> Result<(), StorageError> {
    let generation = match pin_key {
        PinKey::Unlimited => None,
        PinKey::Limited { generation } => Some(generation),
    };
    let changed = tx.execute(
        "UPDATE wallet_state SET pin_key_generation = ?1 WHERE id = 1",
        params![generation],
    )?;
    if changed == 1 {
        Ok(())
    } else {
        Err(StorageError::Tampered)
    }
}

/// Writes (or replaces) the PIN slot.
pub fn write_pin_slot(tx: &Transaction<'_>, slot: &PinSlot) -> Result<(), StorageError> {
    tx.execute(
        "INSERT OR REPLACE INTO pin_slot (id, kdf_version, memory_kib, iterations, parallelism,
             salt, nonce, wrapped_master_key, keystore_check, generation)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            slot.params.version,
            slot.params.memory_kib,
            slot.params.iterations,
            slot.params.parallelism,
            slot.salt,
            slot.wrapped_master_key.nonce,
            slot.wrapped_master_key.ciphertext,
            slot.keystore_check,
            slot.generation,
        ],
    )?;
    Ok(())
}

/// Writes the lockout record with its seal (`None` only once the keys are erased).
pub fn write_lockout(
    tx: &Transaction<'_>,
    record: &LockoutRecord,
    seal: Option<&[u8]>,
) -> Result<(), StorageError> {
    tx.execute(
        "INSERT OR REPLACE INTO lockout (id, failures, not_before, last_seen, seal)
         VALUES (1, ?1, ?2, ?3, ?4)",
        params![record.failures, record.not_before, record.last_seen, seal],
    )?;
    Ok(())
}

/// Removes every key-bearing and encrypted row: what "crypto-erase" leaves is bookkeeping only.
pub fn erase_secrets(tx: &Transaction<'_>) -> Result<(), StorageError> {
    tx.execute_batch(
        "DELETE FROM pin_slot; DELETE FROM biometric_slot; DELETE FROM records;
         DELETE FROM manifest;",
    )?;
    Ok(())
}

/// The master key wrapped for biometric unlock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BiometricSlot {
    /// The random input the platform key answers, also the HKDF salt.
    pub salt: [u8; crate::biometric::SALT_LEN],
    /// The master key sealed under the key derived from the platform's answer.
    pub wrapped_master_key: Sealed,
}

/// Writes (or replaces) the biometric slot.
pub fn write_biometric_slot(
    tx: &Transaction<'_>,
    slot: &BiometricSlot,
) -> Result<(), StorageError> {
    tx.execute(
        "INSERT OR REPLACE INTO biometric_slot (id, salt, nonce, wrapped_master_key)
         VALUES (1, ?1, ?2, ?3)",
        params![
            slot.salt,
            slot.wrapped_master_key.nonce,
            slot.wrapped_master_key.ciphertext
        ],
    )?;
    Ok(())
}

/// Deletes the biometric slot (none is not an error).
pub fn delete_biometric_slot(tx: &Transaction<'_>) -> Result<(), StorageError> {
    tx.execute("DELETE FROM biometric_slot", [])?;
    Ok(())
}
