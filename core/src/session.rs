//! An unlocked session: the master key and device key in memory until the wallet locks.
//!
//! Locking (explicitly, when the app goes to the background, or after inactivity) drops the keys,
//! which wipes them (`ZeroizeOnDrop`). Every use checks the inactivity deadline first.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use zeroize::Zeroizing;

use crate::clock::Clock;
use crate::device_key::DeviceKey;
use crate::error::CoreError;
use crate::secret::SecretKey;
use crate::sync::lock;
use crate::vault::Vault;
use crate::vault::records::{self, RecordKind};

/// Keys held while unlocked.
pub(crate) struct SessionKeys {
    pub(crate) master_key: SecretKey,
    pub(crate) device_key: DeviceKey,
}

/// A record read back from the vault: its id and its decrypted bytes.
#[derive(Clone)]
pub struct StoredRecord {
    /// Row id (stable while the record exists).
    pub id: i64,
    /// The plaintext, wiped on drop.
    pub bytes: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for StoredRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "StoredRecord {{ id: {}, bytes: <{} bytes> }}",
            self.id,
            self.bytes.len()
        )
    }
}

/// An unlocked wallet session.
pub struct Session {
    vault: Arc<Mutex<Vault>>,
    keys: Mutex<Option<SessionKeys>>,
    clock: Arc<dyn Clock>,
    idle_timeout: Mutex<Duration>,
    last_activity: Mutex<Duration>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("locked", &self.is_locked())
            .finish_non_exhaustive()
    }
}

impl Session {
    pub(crate) fn new(
        vault: Arc<Mutex<Vault>>,
        keys: SessionKeys,
        clock: Arc<dyn Clock>,
        idle_timeout: Duration,
    ) -> Session {
        let now = clock.monotonic();
        Session {
            vault,
            keys: Mutex::new(Some(keys)),
            clock,
            idle_timeout: Mutex::new(idle_timeout),
            last_activity: Mutex::new(now),
        }
    }

    /// Locks the session: the keys are dropped and wiped. Idempotent.
    pub fn lock(&self) {
        lock(&self.keys).take();
    }

    /// Whether the session is locked (explicitly or by inactivity).
    pub fn is_locked(&self) -> bool {
        self.expire_if_idle();
        lock(&self.keys).is_none()
    }

    /// Seconds left before the session locks itself for inactivity (0 when locked).
    pub fn idle_seconds_left(&self) -> u64 {
        if self.is_locked() {
            return 0;
        }
        let idle = self
            .clock
            .monotonic()
            .saturating_sub(*lock(&self.last_activity));
        lock(&self.idle_timeout).saturating_sub(idle).as_secs()
    }

    /// Counts as activity (a tap, a scroll): postpones the auto-lock. Does nothing once locked.
    pub fn keep_alive(&self) {
        if !self.is_locked() {
            *lock(&self.last_activity) = self.clock.monotonic();
        }
    }

    /// Changes the inactivity after which the session locks itself (the auto-lock setting).
    pub fn set_idle_timeout(&self, idle_timeout: Duration) {
        *lock(&self.idle_timeout) = idle_timeout;
    }

    fn expire_if_idle(&self) {
        let idle = self
            .clock
            .monotonic()
            .saturating_sub(*lock(&self.last_activity));
        if idle >= *lock(&self.idle_timeout) {
            self.lock();
        }
    }

    /// Runs `f` with the keys and the vault, counting as activity. Fails once locked.
    pub(crate) fn with_keys<T>(
        &self,
        f: impl FnOnce(&SessionKeys, &mut Vault) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        self.expire_if_idle();
        let keys = lock(&self.keys);
        let keys = keys.as_ref().ok_or(CoreError::SessionLocked)?;
        *lock(&self.last_activity) = self.clock.monotonic();
        let mut vault = lock(&self.vault);
        f(keys, &mut vault)
    }

    /// Runs `f` with the master key (to seal it into another slot), counting as activity.
    pub(crate) fn with_master_key<T>(
        &self,
        f: impl FnOnce(&SecretKey) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        self.with_keys(|keys, _| f(&keys.master_key))
    }

    /// The device public key (for activation and refresh requests).
    pub fn device_public_key(&self) -> Result<[u8; 32], CoreError> {
        self.with_keys(|keys, _| Ok(keys.device_key.public_key().to_bytes()))
    }

    /// Signs `message` with the device key (an activation challenge, a refresh request).
    pub fn sign_with_device_key(&self, message: &[u8]) -> Result<[u8; 64], CoreError> {
        self.with_keys(|keys, _| Ok(keys.device_key.sign(message)))
    }

    /// Runs `f` with the device key, for protocol functions that sign presentations.
    pub fn with_device_key<T>(&self, f: impl FnOnce(&DeviceKey) -> T) -> Result<T, CoreError> {
        self.with_keys(|keys, _| Ok(f(&keys.device_key)))
    }

    /// Reads every record of `kind`. Crate-private: credentials are stored only through the
    /// device-key check (`store_credentials`).
    pub(crate) fn records(&self, kind: RecordKind) -> Result<Vec<StoredRecord>, CoreError> {
        self.with_keys(|keys, vault| {
            let rows = records::read_all(vault.connection(), &keys.master_key, kind)?;
            Ok(rows
                .into_iter()
                .map(|(id, bytes)| StoredRecord { id, bytes })
                .collect())
        })
    }

    /// Replaces every record of `kind` with `values`, in one transaction.
    pub(crate) fn replace_records(
        &self,
        kind: RecordKind,
        values: &[Vec<u8>],
    ) -> Result<(), CoreError> {
        self.with_keys(|keys, vault| {
            let key = &keys.master_key;
            let had_any = vault.write(|tx| {
                let old = records::read_all(tx, key, kind)?;
                for (id, _) in &old {
                    records::delete(tx, key, *id)?;
                }
                for value in values {
                    records::insert(tx, key, kind, value)?;
                }
                Ok(!old.is_empty())
            })?;
            // Committed: a checkpoint that fails now (disk full, EIO) loses nothing and only
            // leaves the old ciphertext in the WAL until the next one, so it is not an error.
            if had_any && vault.checkpoint().is_err() {
                log::warn!("records replaced; the WAL checkpoint is left for later");
            }
            Ok(())
        })
    }
}

/// Raw record access for the core's own storage and crash-safety tests (feature `raw-records`,
/// enabled only by the core's dev-dependency on itself; no production crate enables it).
#[cfg(feature = "raw-records")]
impl Session {
    /// [`Session::records`], for tests.
    pub fn raw_records(&self, kind: RecordKind) -> Result<Vec<StoredRecord>, CoreError> {
        self.records(kind)
    }

    /// [`Session::replace_records`], for tests: stores bytes without the device-key check.
    pub fn replace_raw_records(
        &self,
        kind: RecordKind,
        values: &[Vec<u8>],
    ) -> Result<(), CoreError> {
        self.replace_records(kind, values)
    }
}
