//! The vault's schema and the one versioned runner that migrates it.
//!
//! `PRAGMA user_version` holds the schema version. Each migration runs in its own transaction
//! together with the version bump, so a crash leaves the database at one version or the next.

use rusqlite::{Connection, TransactionBehavior};

use super::storage_error::StorageError;

/// One step of the schema's history.
struct Migration {
    version: u32,
    sql: &'static str,
}

/// Every migration, oldest first. Append only: a released step is never edited.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: "
        CREATE TABLE wallet_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            state TEXT NOT NULL,            -- 'active' or 'needs_reactivation'
            reason TEXT,                    -- why re-activation is needed
            keystore_alias TEXT NOT NULL    -- the hardware key of this wallet
        );
        CREATE TABLE pin_slot (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            kdf_version INTEGER NOT NULL,
            memory_kib INTEGER NOT NULL,
            iterations INTEGER NOT NULL,
            parallelism INTEGER NOT NULL,
            salt BLOB NOT NULL,
            nonce BLOB NOT NULL,
            wrapped_master_key BLOB NOT NULL,
            keystore_check BLOB NOT NULL,
            generation INTEGER NOT NULL
        );
        CREATE TABLE lockout (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            failures INTEGER NOT NULL,
            not_before INTEGER NOT NULL,
            last_seen INTEGER NOT NULL
        );
        CREATE TABLE records (
            id INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            version INTEGER NOT NULL,
            format INTEGER NOT NULL,
            nonce BLOB NOT NULL,
            ciphertext BLOB NOT NULL
        );
        CREATE TABLE manifest (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL,
            nonce BLOB NOT NULL,
            ciphertext BLOB NOT NULL
        );
    ",
    },
    Migration {
        version: 2,
        // The keystore's MAC over the lockout counter (core/src/lockout_seal.rs). A row without
        // one reads as tampered, so a wallet made before this step has one PIN try left.
        sql: "ALTER TABLE lockout ADD COLUMN seal BLOB;",
    },
    Migration {
        version: 3,
        // The master key wrapped under the biometric platform key (core/src/biometric.rs);
        // absent while biometric unlock is off, which is the default.
        sql: "
        CREATE TABLE biometric_slot (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            salt BLOB NOT NULL,
            nonce BLOB NOT NULL,
            wrapped_master_key BLOB NOT NULL
        );
    ",
    },
    Migration {
        version: 4,
        // The generation of the limited PIN key (`PinKey::Limited`, core/src/pin/slot.rs). NULL
        // for a wallet made before limited keys: its unlimited key answers until the first right
        // PIN moves it to generation 1. In `wallet_state` because that row outlives the erase,
        // so an erase or reset still knows which key to delete.
        sql: "ALTER TABLE wallet_state ADD COLUMN pin_key_generation INTEGER;",
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 4;

/// Brings the database up to [`SCHEMA_VERSION`]; refuses a database from a newer app.
pub fn migrate(conn: &mut Connection) -> Result<(), StorageError> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StorageError::NewerSchema);
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
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn a_database_from_a_newer_app_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(migrate(&mut conn), Err(StorageError::NewerSchema)));
    }
}
