//! The desk's persistent replay store: every accepted answer leaves a key here, so the same
//! answer is refused again after a restart or a crash. Behind a trait so a desk can keep it
//! elsewhere; the SQLite implementation is the one shipped.
//!
//! Behaviour (docs/qr-format.md, "Replay store"): a key is recorded durably (synchronous=FULL)
//! before the answer is reported accepted; keys past their expiry are pruned on every insert;
//! when the store holds [`MAX_STORED_KEYS`] unexpired keys it refuses to record more, and the
//! desk refuses the answer (fail closed) rather than accept it unrecorded.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

/// Most unexpired keys kept (a busy desk records far fewer in a day).
pub const MAX_STORED_KEYS: u64 = 1_000_000;

/// The store could not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReplayStoreError {
    /// [`MAX_STORED_KEYS`] unexpired keys are stored.
    #[error("the replay store is full")]
    Full,
    /// The database could not be read or written.
    #[error("the replay store is unavailable")]
    Unavailable,
}

/// Where a desk records used answers.
pub trait ReplayStore: Send {
    /// Records `key` until `expires_at` (unix seconds). `Ok(true)` when it was new (and is now
    /// durably recorded), `Ok(false)` when it was already recorded and not expired at `now`.
    fn check_and_insert(
        &mut self,
        key: &[u8],
        expires_at: i64,
        now: i64,
    ) -> Result<bool, ReplayStoreError>;

    /// Whether `key` is recorded and not expired at `now`.
    fn contains(&self, key: &[u8], now: i64) -> Result<bool, ReplayStoreError>;
}

/// The replay store in a SQLite file.
#[derive(Debug)]
pub struct SqliteReplayStore {
    connection: Connection,
}

fn unavailable(_: rusqlite::Error) -> ReplayStoreError {
    ReplayStoreError::Unavailable
}

impl SqliteReplayStore {
    /// Opens (or creates) the store at `path`.
    pub fn open(path: &Path) -> Result<SqliteReplayStore, ReplayStoreError> {
        let connection = Connection::open(path).map_err(unavailable)?;
        connection
            .execute_batch(
                "PRAGMA journal_mode=WAL;
                 PRAGMA synchronous=FULL;
                 CREATE TABLE IF NOT EXISTS used (
                     key BLOB PRIMARY KEY NOT NULL,
                     expires_at INTEGER NOT NULL
                 ) WITHOUT ROWID;
                 CREATE INDEX IF NOT EXISTS used_expiry ON used (expires_at);",
            )
            .map_err(unavailable)?;
        Ok(SqliteReplayStore { connection })
    }
}

impl ReplayStore for SqliteReplayStore {
    fn check_and_insert(
        &mut self,
        key: &[u8],
        expires_at: i64,
        now: i64,
    ) -> Result<bool, ReplayStoreError> {
        let tx = self.connection.transaction().map_err(unavailable)?;
        tx.execute("DELETE FROM used WHERE expires_at < ?1", params![now])
            .map_err(unavailable)?;
        let seen: Option<i64> = tx
            .query_row("SELECT 1 FROM used WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(unavailable)?;
        if seen.is_some() {
            return Ok(false);
        }
        let count: i64 = tx
            .query_row("SELECT COUNT(*) FROM used", [], |r| r.get(0))
            .map_err(unavailable)?;
        if u64::try_from(count).unwrap_or(u64::MAX) >= MAX_STORED_KEYS {
            return Err(ReplayStoreError::Full);
        }
        tx.execute(
            "INSERT INTO used (key, expires_at) VALUES (?1, ?2)",
            params![key, expires_at],
        )
        .map_err(unavailable)?;
        tx.commit().map_err(unavailable)?;
        Ok(true)
    }

    fn contains(&self, key: &[u8], now: i64) -> Result<bool, ReplayStoreError> {
        let seen: Option<i64> = self
            .connection
            .query_row(
                "SELECT 1 FROM used WHERE key = ?1 AND expires_at >= ?2",
                params![key, now],
                |r| r.get(0),
            )
            .optional()
            .map_err(unavailable)?;
        Ok(seen.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_accepted_once_and_remembered_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("replay.sqlite");
        let mut store = SqliteReplayStore::open(&path).unwrap();
        assert_eq!(store.check_and_insert(b"k1", 200, 100), Ok(true));
        assert_eq!(store.check_and_insert(b"k1", 200, 100), Ok(false));
        drop(store);
        let mut store = SqliteReplayStore::open(&path).unwrap();
        assert_eq!(store.contains(b"k1", 150), Ok(true));
        assert_eq!(store.check_and_insert(b"k1", 200, 150), Ok(false));
        assert_eq!(store.check_and_insert(b"k2", 200, 150), Ok(true));
    }

    #[test]
    fn expired_keys_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteReplayStore::open(&dir.path().join("r.sqlite")).unwrap();
        assert_eq!(store.check_and_insert(b"k", 200, 100), Ok(true));
        assert_eq!(store.contains(b"k", 201), Ok(false));
        assert_eq!(store.check_and_insert(b"k", 400, 201), Ok(true));
    }

    #[test]
    fn a_store_that_cannot_be_opened_is_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/folder/r.sqlite");
        assert_eq!(
            SqliteReplayStore::open(&missing).err(),
            Some(ReplayStoreError::Unavailable)
        );
    }
}
