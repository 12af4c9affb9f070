//! The issuer database's schema and the one versioned runner that migrates it.
//!
//! `PRAGMA user_version` holds the schema version. Each migration runs in its own transaction
//! together with the version bump, so a crash leaves the database at one version or the next.
//! Append only: a released step is never edited.

use rusqlite::{Connection, TransactionBehavior};

/// One step of the schema's history.
struct Migration {
    version: u32,
    sql: &'static str,
}

/// Every migration, oldest first.
const MIGRATIONS: &[Migration] = &[
    // The schema the service had before versions: `IF NOT EXISTS`, so a database made then
    // (user_version 0, tables present) is taken over as version 1.
    Migration {
        version: 1,
        sql: "
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
        ",
    },
    // Challenges are deleted when used or expired (the table stays bounded), refresh gets its
    // own single-use challenges, and both are found by expiry and by owner through an index.
    Migration {
        version: 2,
        sql: "
            DROP TABLE challenges;
            CREATE TABLE challenges (
                challenge BLOB PRIMARY KEY, enrollment_id TEXT NOT NULL,
                expires_at INTEGER NOT NULL);
            CREATE INDEX challenges_by_expiry ON challenges (expires_at);
            CREATE INDEX challenges_by_enrollment ON challenges (enrollment_id);
            CREATE TABLE refresh_challenges (
                challenge BLOB PRIMARY KEY, device_key BLOB NOT NULL,
                expires_at INTEGER NOT NULL);
            CREATE INDEX refresh_challenges_by_expiry ON refresh_challenges (expires_at);
            CREATE INDEX refresh_challenges_by_device ON refresh_challenges (device_key);
        ",
    },
    // List lifecycle: each signed list has a stored sequence that only rises (the revocation
    // list starts above every sequence the count-based numbering could have given), and every
    // device remembers the last day its credentials are valid, so that a revoked device leaves
    // the revocation list once they have all expired.
    Migration {
        version: 3,
        sql: "
            CREATE TABLE lists (
                name TEXT PRIMARY KEY, sequence INTEGER NOT NULL,
                content_hash BLOB, anchor_day INTEGER);
            INSERT INTO lists (name, sequence) VALUES ('trust', 1);
            INSERT INTO lists (name, sequence)
                SELECT 'revocation', count(*) + 1 FROM revoked_devices;
            ALTER TABLE bindings ADD COLUMN credentials_until INTEGER;
            ALTER TABLE revoked_devices ADD COLUMN credentials_until INTEGER;
            CREATE INDEX revoked_devices_by_expiry ON revoked_devices (credentials_until);
        ",
    },
    // Accounts (own credential, role, failed-login counter), their sessions (token hashes only)
    // and the audit log, which triggers keep append-only.
    Migration {
        version: 4,
        sql: "
            CREATE TABLE accounts (
                username TEXT PRIMARY KEY, password_hash BLOB NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
                created_at INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0,
                locked_until INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE sessions (
                token_hash BLOB PRIMARY KEY, username TEXT NOT NULL REFERENCES accounts,
                expires_at INTEGER NOT NULL);
            CREATE INDEX sessions_by_expiry ON sessions (expires_at);
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,
                action TEXT NOT NULL, subject BLOB);
            CREATE INDEX audit_by_subject ON audit (subject);
            CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        ",
    },
    // The citizen registry, filled by `ikd issuer import-registry`: one validated line of the
    // extract per NIK. `import_id` and `line` tell a NIK repeated within one file (an error)
    // from one that a later extract updates.
    Migration {
        version: 5,
        sql: "
            CREATE TABLE citizens (
                nik TEXT PRIMARY KEY, record TEXT NOT NULL, imported_at INTEGER NOT NULL,
                import_id BLOB NOT NULL, line INTEGER NOT NULL);
        ",
    },
    // Failures counted per client address (wrong codes, wrong passwords) move from a process's
    // memory into the database, which every issuer process shares.
    Migration {
        version: 6,
        sql: "
            CREATE TABLE client_failures (
                kind TEXT NOT NULL, client TEXT NOT NULL, at INTEGER NOT NULL);
            CREATE INDEX client_failures_by_client ON client_failures (kind, client, at);
            CREATE INDEX client_failures_by_age ON client_failures (kind, at);
        ",
    },
    // Desks the service's verifier authority revoked, by desk key id, and the sequence of the
    // desk revocation list it signs.
    Migration {
        version: 7,
        sql: "
            CREATE TABLE revoked_desks (
                desk_key_id BLOB PRIMARY KEY, revoked_at INTEGER NOT NULL);
            INSERT INTO lists (name, sequence) VALUES ('desk_revocation', 1);
        ",
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 7;

/// The database was written by a newer issuer: refuse it rather than damage it.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    /// `user_version` is above [`SCHEMA_VERSION`].
    #[error("the database was made by a newer issuer (schema {0})")]
    NewerSchema(u32),
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Brings the database up to [`SCHEMA_VERSION`]; refuses a database from a newer issuer.
pub fn migrate(conn: &mut Connection) -> Result<(), MigrationError> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(MigrationError::NewerSchema(current));
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(migration.sql)?;
        tx.pragma_update(None, "user_version", migration.version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> u32 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn migrations_are_numbered_in_order_and_end_at_the_current_version() {
        let versions: Vec<u32> = MIGRATIONS.iter().map(|m| m.version).collect();
        let expected: Vec<u32> = (1..=SCHEMA_VERSION).collect();
        assert_eq!(versions, expected);
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn), SCHEMA_VERSION);
    }

    #[test]
    fn a_database_from_before_versions_keeps_its_enrollments_and_bindings() {
        let mut conn = Connection::open_in_memory().unwrap();
        // What the unversioned service created, with one enrollment and one binding in it.
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.execute_batch(
            "INSERT INTO enrollments (id, nik, code_hash, created_at, expires_at)
                 VALUES ('enr-1', '3174015708900001', x'00', 1, 2);
             INSERT INTO bindings VALUES ('3174015708900001', x'07', 1);
             INSERT INTO challenges VALUES (x'01', 'enr-1', 2, 1);",
        )
        .unwrap();
        assert_eq!(version(&conn), 0);
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn), SCHEMA_VERSION);
        let kept: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM enrollments) + (SELECT count(*) FROM bindings)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, 2);
    }

    #[test]
    fn the_revocation_sequence_continues_above_the_count_numbering() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        // Before versions, the list's sequence was the number of revoked devices plus one.
        conn.execute_batch(
            "INSERT INTO revoked_devices VALUES (x'01', 1); INSERT INTO revoked_devices VALUES (x'02', 2);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let sequence: i64 = conn
            .query_row(
                "SELECT sequence FROM lists WHERE name = 'revocation'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(sequence, 3);
    }

    #[test]
    fn a_database_from_a_newer_issuer_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(MigrationError::NewerSchema(_))
        ));
    }
}
