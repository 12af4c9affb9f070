//! The service's database: enrollments, challenges, device bindings and revocations (SQLite).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

/// One enrollment as stored.
#[derive(Debug, Clone)]
pub struct Enrollment {
    /// The NIK the officer enrolled.
    pub nik: String,
    /// HMAC of the activation code.
    pub code_hash: [u8; 32],
    /// Expiry of the code (unix seconds).
    pub expires_at: i64,
    /// When it was used, if it was.
    pub used_at: Option<i64>,
    /// Wrong codes tried against it.
    pub failures: u32,
}

/// The database.
pub struct Store {
    conn: Connection,
}

const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    CREATE TABLE IF NOT EXISTS enrollments (
        id TEXT PRIMARY KEY, nik TEXT NOT NULL, code_hash BLOB NOT NULL,
        created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        used_at INTEGER, failures INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS challenges (
        challenge BLOB PRIMARY KEY, enrollment_id TEXT NOT NULL,
        expires_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS bindings (
        nik TEXT PRIMARY KEY, device_key BLOB NOT NULL UNIQUE, bound_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS revoked_devices (
        device_key BLOB PRIMARY KEY, revoked_at INTEGER NOT NULL);
";

impl Store {
    /// Opens (or creates) `<data_dir>/issuer.sqlite3`.
    pub fn open(data_dir: &Path) -> rusqlite::Result<Store> {
        let conn = Connection::open(data_dir.join("issuer.sqlite3"))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store { conn })
    }

    /// Records a new enrollment.
    pub fn add_enrollment(
        &self,
        id: &str,
        nik: &str,
        code_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO enrollments (id, nik, code_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, nik, code_hash, now, expires_at],
        )?;
        Ok(())
    }

    /// The enrollment `id`.
    pub fn enrollment(&self, id: &str) -> rusqlite::Result<Option<Enrollment>> {
        self.conn
            .query_row(
                "SELECT nik, code_hash, expires_at, used_at, failures FROM enrollments WHERE id = ?1",
                params![id],
                |r| {
                    Ok(Enrollment {
                        nik: r.get(0)?,
                        code_hash: r.get(1)?,
                        expires_at: r.get(2)?,
                        used_at: r.get(3)?,
                        failures: r.get(4)?,
                    })
                },
            )
            .optional()
    }

    /// Counts a wrong code against `id`.
    pub fn add_failure(&self, id: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE enrollments SET failures = failures + 1 WHERE id = ?1",
            params![id],
        )?;
        Ok(())
    }

    /// Stores a fresh challenge for `enrollment_id`.
    pub fn add_challenge(
        &self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        expires_at: i64,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO challenges (challenge, enrollment_id, expires_at) VALUES (?1, ?2, ?3)",
            params![challenge, enrollment_id, expires_at],
        )?;
        Ok(())
    }

    /// Uses up a challenge: true only the first time, for its enrollment, before it expires.
    pub fn take_challenge(
        &self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
    ) -> rusqlite::Result<bool> {
        let changed = self.conn.execute(
            "UPDATE challenges SET used = 1
             WHERE challenge = ?1 AND enrollment_id = ?2 AND used = 0 AND expires_at >= ?3",
            params![challenge, enrollment_id, now],
        )?;
        Ok(changed == 1)
    }

    /// Binds `device_key` to `nik`, marking the enrollment used; returns the device key this
    /// replaces (which the caller revokes), in one transaction.
    pub fn bind(
        &mut self,
        enrollment_id: &str,
        nik: &str,
        device_key: &[u8; 32],
        now: i64,
    ) -> rusqlite::Result<Option<[u8; 32]>> {
        let tx = self.conn.transaction()?;
        let previous: Option<[u8; 32]> = tx
            .query_row(
                "SELECT device_key FROM bindings WHERE nik = ?1",
                params![nik],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(old) = previous.filter(|old| old != device_key) {
            tx.execute(
                "INSERT OR IGNORE INTO revoked_devices (device_key, revoked_at) VALUES (?1, ?2)",
                params![old, now],
            )?;
        }
        tx.execute(
            "INSERT INTO bindings (nik, device_key, bound_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(nik) DO UPDATE SET device_key = ?2, bound_at = ?3",
            params![nik, device_key, now],
        )?;
        tx.execute(
            "UPDATE enrollments SET used_at = ?2 WHERE id = ?1",
            params![enrollment_id, now],
        )?;
        tx.commit()?;
        Ok(previous.filter(|old| old != device_key))
    }

    /// The NIK a device key is bound to.
    pub fn nik_of_device(&self, device_key: &[u8; 32]) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT nik FROM bindings WHERE device_key = ?1",
                params![device_key],
                |r| r.get(0),
            )
            .optional()
    }

    /// Revokes the device bound to `nik` (lost phone); false if none was bound.
    pub fn revoke_nik(&mut self, nik: &str, now: i64) -> rusqlite::Result<bool> {
        let tx = self.conn.transaction()?;
        let device: Option<[u8; 32]> = tx
            .query_row(
                "SELECT device_key FROM bindings WHERE nik = ?1",
                params![nik],
                |r| r.get(0),
            )
            .optional()?;
        let Some(device) = device else {
            return Ok(false);
        };
        tx.execute(
            "INSERT OR IGNORE INTO revoked_devices (device_key, revoked_at) VALUES (?1, ?2)",
            params![device, now],
        )?;
        tx.execute("DELETE FROM bindings WHERE nik = ?1", params![nik])?;
        tx.commit()?;
        Ok(true)
    }

    /// Every revoked device key, oldest first.
    pub fn revoked_devices(&self) -> rusqlite::Result<Vec<[u8; 32]>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device_key FROM revoked_devices ORDER BY revoked_at, device_key")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect()
    }

    /// Whether `device_key` is revoked.
    pub fn is_revoked(&self, device_key: &[u8; 32]) -> rusqlite::Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM revoked_devices WHERE device_key = ?1",
                params![device_key],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
    }
}
