//! The desk's state in one SQLite file (`desk.sqlite`, WAL, synchronous=FULL: a crash loses no
//! committed row), with a versioned schema (`PRAGMA user_version`, migrations applied in order
//! inside one transaction each). Tables:
//!
//! - `certificate`: the one certificate in force (its bytes);
//! - `lists`: the newest verified trust and revocation lists, with sequence and issue time;
//! - `verification_log`: one row per answer checked: time, profile, result, reason code. No
//!   name, no NIK, no field of the credential: the log holds no personal data.
//!
//! The replay store is its own file (`replay.sqlite`, `ikd_verifier::SqliteReplayStore`), the
//! static key its own file with mode 0600 (`keys.rs`).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = 1;
/// The state file's name in the desk's folder.
pub const STATE_FILE: &str = "desk.sqlite";
/// Most log rows kept (older ones are dropped): a year of a busy desk.
pub const MAX_LOG_ROWS: i64 = 200_000;

const MIGRATIONS: [&str; 1] = ["CREATE TABLE certificate (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        bytes BLOB NOT NULL,
        stored_at INTEGER NOT NULL);
     CREATE TABLE lists (
        kind TEXT PRIMARY KEY CHECK (kind IN ('trust', 'revocation')),
        bytes BLOB NOT NULL,
        sequence INTEGER NOT NULL,
        issued_at INTEGER NOT NULL,
        fetched_at INTEGER NOT NULL);
     CREATE TABLE verification_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        profile INTEGER,
        result TEXT NOT NULL CHECK (result IN ('accepted', 'refused')),
        reason TEXT NOT NULL);"];

/// The state file could not be opened, read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (the message names no personal data: the desk stores none).
    #[error("desk state: {0}")]
    Sqlite(String),
    /// The file was written by a newer version of the desk.
    #[error("desk state from a newer version ({0})")]
    NewerSchema(i64),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e.to_string())
    }
}

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// The trust list (issuers, verifier authorities).
    Trust,
    /// The revocation list (credentials, devices).
    Revocation,
}

impl ListKind {
    fn name(self) -> &'static str {
        match self {
            ListKind::Trust => "trust",
            ListKind::Revocation => "revocation",
        }
    }
}

/// A stored list, as received (its signature is checked again when it is used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredList {
    /// The signed list's bytes.
    pub bytes: Vec<u8>,
    /// Its sequence.
    pub sequence: u64,
    /// When the trust root signed it (unix seconds).
    pub issued_at: i64,
    /// When this desk received it.
    pub fetched_at: i64,
}

/// One line of the verification log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// When (unix seconds).
    pub at: i64,
    /// The profile code asked for, if a request was open.
    pub profile: Option<u8>,
    /// Accepted or not.
    pub accepted: bool,
    /// `accepted`, or the refusal's code.
    pub reason: String,
}

/// The open state file.
#[derive(Debug)]
pub struct DeskStore {
    conn: Connection,
}

impl DeskStore {
    /// Opens (or creates) `desk.sqlite` in `dir` and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<DeskStore, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Sqlite(e.kind().to_string()))?;
        let mut conn = Connection::open(dir.join(STATE_FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema(version));
        }
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(migration)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
        }
        Ok(DeskStore { conn })
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The stored certificate's bytes.
    pub fn certificate(&self) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT bytes FROM certificate WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Stores the certificate in force (replacing the previous one).
    pub fn set_certificate(&self, bytes: &[u8], now: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO certificate (id, bytes, stored_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes, stored_at = excluded.stored_at",
            params![bytes, now],
        )?;
        Ok(())
    }

    /// The stored list of `kind`.
    pub fn list(&self, kind: ListKind) -> Result<Option<StoredList>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT bytes, sequence, issued_at, fetched_at FROM lists WHERE kind = ?1",
                [kind.name()],
                |r| {
                    Ok(StoredList {
                        bytes: r.get(0)?,
                        sequence: r.get::<_, i64>(1)? as u64,
                        issued_at: r.get(2)?,
                        fetched_at: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Stores a verified list of `kind` (the caller checked it may replace the held one).
    pub fn set_list(&self, kind: ListKind, list: &StoredList) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO lists (kind, bytes, sequence, issued_at, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (kind) DO UPDATE SET bytes = excluded.bytes,
               sequence = excluded.sequence, issued_at = excluded.issued_at,
               fetched_at = excluded.fetched_at",
            params![
                kind.name(),
                list.bytes,
                list.sequence as i64,
                list.issued_at,
                list.fetched_at
            ],
        )?;
        Ok(())
    }

    /// Appends a line to the verification log (and drops the oldest past [`MAX_LOG_ROWS`]).
    pub fn log(&self, entry: &LogEntry) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO verification_log (at, profile, result, reason) VALUES (?1, ?2, ?3, ?4)",
            params![
                entry.at,
                entry.profile,
                if entry.accepted {
                    "accepted"
                } else {
                    "refused"
                },
                entry.reason
            ],
        )?;
        self.conn.execute(
            "DELETE FROM verification_log WHERE id <= (SELECT MAX(id) FROM verification_log) - ?1",
            [MAX_LOG_ROWS],
        )?;
        Ok(())
    }

    /// The last `count` log lines, newest first.
    pub fn recent_log(&self, count: u32) -> Result<Vec<LogEntry>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT at, profile, result, reason FROM verification_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([count], |r| {
            Ok(LogEntry {
                at: r.get(0)?,
                profile: r.get(1)?,
                accepted: r.get::<_, String>(2)? == "accepted",
                reason: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_survives_reopening_and_the_schema_is_versioned() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = DeskStore::open(dir.path()).unwrap();
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
            store.set_certificate(b"cert", 10).unwrap();
            let list = StoredList {
                bytes: b"list".to_vec(),
                sequence: 4,
                issued_at: 100,
                fetched_at: 101,
            };
            store.set_list(ListKind::Trust, &list).unwrap();
            store
                .log(&LogEntry {
                    at: 5,
                    profile: Some(2),
                    accepted: false,
                    reason: "replayed".into(),
                })
                .unwrap();
        }
        let store = DeskStore::open(dir.path()).unwrap();
        assert_eq!(store.certificate().unwrap().unwrap(), b"cert");
        assert_eq!(store.list(ListKind::Trust).unwrap().unwrap().sequence, 4);
        assert_eq!(store.list(ListKind::Revocation).unwrap(), None);
        let log = store.recent_log(10).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].reason, "replayed");
    }

    #[test]
    fn a_file_from_a_newer_desk_is_refused_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        drop(DeskStore::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join(STATE_FILE)).unwrap();
        conn.pragma_update(None, "user_version", 9).unwrap();
        drop(conn);
        assert_eq!(
            DeskStore::open(dir.path()).unwrap_err(),
            StoreError::NewerSchema(9)
        );
    }

    #[test]
    fn the_log_has_columns_for_time_profile_result_and_reason_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = DeskStore::open(dir.path()).unwrap();
        let columns: Vec<String> = store
            .conn
            .prepare("SELECT name FROM pragma_table_info('verification_log')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(columns, ["id", "at", "profile", "result", "reason"]);
    }
}
