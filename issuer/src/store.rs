//! The service's database: enrollments, challenges, device bindings and revocations (SQLite).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::accounts::Role;
use crate::schema::{self, MigrationError};

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

/// What [`Store::bind`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindOutcome {
    /// The device is bound; `replaced` is the device key it replaced (now revoked).
    Bound {
        /// The citizen's previous device, revoked in the same transaction.
        replaced: Option<[u8; 32]>,
    },
    /// The enrollment was used, expired or locked meanwhile (another activation won): nothing
    /// was written.
    EnrollmentSpent,
}

/// The database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) `<data_dir>/issuer.sqlite3` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store, MigrationError> {
        let mut conn = Connection::open(data_dir.join("issuer.sqlite3"))?;
        // Outside the migrations: journal mode cannot change inside a transaction.
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::migrate(&mut conn)?;
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

    /// Counts a wrong code against `id` (only when the NIK was right: see the activation
    /// handler).
    pub fn add_failure(&self, id: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE enrollments SET failures = failures + 1 WHERE id = ?1",
            params![id],
        )?;
        Ok(())
    }

    /// Stores a fresh activation challenge for `enrollment_id`, unless it already has `max_live`
    /// unexpired ones (then false). Expired challenges of every enrollment are deleted first, so
    /// the table holds at most `max_live` rows per usable enrollment.
    pub fn add_challenge(
        &mut self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
        expires_at: i64,
        max_live: u32,
    ) -> rusqlite::Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM challenges WHERE expires_at < ?1", params![now])?;
        let live: u32 = tx.query_row(
            "SELECT count(*) FROM challenges WHERE enrollment_id = ?1",
            params![enrollment_id],
            |r| r.get(0),
        )?;
        if live >= max_live {
            tx.commit()?;
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO challenges (challenge, enrollment_id, expires_at) VALUES (?1, ?2, ?3)",
            params![challenge, enrollment_id, expires_at],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Uses up an activation challenge (deletes it): true only the first time, for its
    /// enrollment, before it expires.
    pub fn take_challenge(
        &self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
    ) -> rusqlite::Result<bool> {
        let changed = self.conn.execute(
            "DELETE FROM challenges
             WHERE challenge = ?1 AND enrollment_id = ?2 AND expires_at >= ?3",
            params![challenge, enrollment_id, now],
        )?;
        Ok(changed == 1)
    }

    /// Stores a fresh refresh challenge for `device_key`, unless it already has `max_live`
    /// unexpired ones (then false); expired ones are deleted first.
    pub fn add_refresh_challenge(
        &mut self,
        challenge: &[u8; 32],
        device_key: &[u8; 32],
        now: i64,
        expires_at: i64,
        max_live: u32,
    ) -> rusqlite::Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM refresh_challenges WHERE expires_at < ?1",
            params![now],
        )?;
        let live: u32 = tx.query_row(
            "SELECT count(*) FROM refresh_challenges WHERE device_key = ?1",
            params![device_key],
            |r| r.get(0),
        )?;
        if live >= max_live {
            tx.commit()?;
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO refresh_challenges (challenge, device_key, expires_at)
             VALUES (?1, ?2, ?3)",
            params![challenge, device_key, expires_at],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Uses up a refresh challenge: true only the first time, for its device, before it expires.
    pub fn take_refresh_challenge(
        &self,
        challenge: &[u8; 32],
        device_key: &[u8; 32],
        now: i64,
    ) -> rusqlite::Result<bool> {
        let changed = self.conn.execute(
            "DELETE FROM refresh_challenges
             WHERE challenge = ?1 AND device_key = ?2 AND expires_at >= ?3",
            params![challenge, device_key, now],
        )?;
        Ok(changed == 1)
    }

    /// Rows in the challenge tables (activation, refresh): what an unauthenticated caller can
    /// make the service store.
    pub fn challenge_rows(&self) -> rusqlite::Result<(u64, u64)> {
        self.conn.query_row(
            "SELECT (SELECT count(*) FROM challenges), (SELECT count(*) FROM refresh_challenges)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Binds `device_key` to the citizen of `enrollment_id` and spends the enrollment, in one
    /// transaction that first re-checks it: unused, unexpired, for `nik`, fewer than
    /// `max_failures` wrong codes. Of two activations racing on one enrollment (two challenges),
    /// only the first binds; the other gets [`BindOutcome::EnrollmentSpent`]. The citizen's
    /// previous device, if any, is revoked in the same transaction.
    pub fn bind(
        &mut self,
        enrollment_id: &str,
        nik: &str,
        device_key: &[u8; 32],
        now: i64,
        max_failures: u32,
    ) -> rusqlite::Result<BindOutcome> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let spent = tx.execute(
            "UPDATE enrollments SET used_at = ?3
             WHERE id = ?1 AND nik = ?2 AND used_at IS NULL AND expires_at >= ?3
               AND failures < ?4",
            params![enrollment_id, nik, now, max_failures],
        )?;
        if spent != 1 {
            return Ok(BindOutcome::EnrollmentSpent);
        }
        let previous: Option<[u8; 32]> = tx
            .query_row(
                "SELECT device_key FROM bindings WHERE nik = ?1",
                params![nik],
                |r| r.get(0),
            )
            .optional()?;
        let replaced = previous.filter(|old| old != device_key);
        if replaced.is_some() {
            revoke_bound_device(&tx, nik, now)?;
        }
        tx.execute(
            "INSERT INTO bindings (nik, device_key, bound_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(nik) DO UPDATE SET device_key = ?2, bound_at = ?3",
            params![nik, device_key, now],
        )?;
        tx.commit()?;
        Ok(BindOutcome::Bound { replaced })
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let bound = tx
            .query_row(
                "SELECT 1 FROM bindings WHERE nik = ?1",
                params![nik],
                |_| Ok(()),
            )
            .optional()?;
        if bound.is_none() {
            return Ok(false);
        }
        revoke_bound_device(&tx, nik, now)?;
        tx.execute("DELETE FROM bindings WHERE nik = ?1", params![nik])?;
        tx.commit()?;
        Ok(true)
    }

    /// Records that credentials valid until `until_day` (days since 1970) were issued to
    /// `device_key`: the device stays on the revocation list, once revoked, until that day.
    pub fn record_issued(&self, device_key: &[u8; 32], until_day: i32) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE bindings SET credentials_until = max(coalesce(credentials_until, ?2), ?2)
             WHERE device_key = ?1",
            params![device_key, until_day],
        )?;
        Ok(())
    }

    /// The revocation list as it stands on `today`: its sequence and every revoked device whose
    /// credentials may still be valid, oldest first. First, in the same transaction, devices
    /// whose credentials all expired more than `keep_days` ago are pruned (a desk refuses an
    /// expired credential anyway; the margin covers desks whose clock runs late), and the
    /// sequence rises if any was. Devices revoked before their expiry was recorded count
    /// `fallback_validity_days` from their revocation.
    pub fn revocation_snapshot(
        &mut self,
        today: i32,
        keep_days: i32,
        fallback_validity_days: i32,
    ) -> rusqlite::Result<(u64, Vec<[u8; 32]>)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pruned = tx.execute(
            "DELETE FROM revoked_devices
             WHERE coalesce(credentials_until, revoked_at / 86400 + ?2) + ?3 < ?1",
            params![today, fallback_validity_days, keep_days],
        )?;
        if pruned > 0 {
            bump(&tx, "revocation")?;
        }
        let sequence: u64 = tx.query_row(
            "SELECT sequence FROM lists WHERE name = 'revocation'",
            [],
            |r| r.get(0),
        )?;
        let devices = {
            let mut stmt = tx.prepare(
                "SELECT device_key FROM revoked_devices ORDER BY revoked_at, device_key",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<[u8; 32]>>>()?
        };
        tx.commit()?;
        Ok((sequence, devices))
    }

    /// The day the trust list's validity periods count from, fixed at its first use (so that the
    /// content, and with it the sequence, does not change every day).
    pub fn trust_anchor_day(&self, today: i32) -> rusqlite::Result<i32> {
        self.conn.execute(
            "UPDATE lists SET anchor_day = ?1 WHERE name = 'trust' AND anchor_day IS NULL",
            params![today],
        )?;
        self.conn.query_row(
            "SELECT anchor_day FROM lists WHERE name = 'trust'",
            [],
            |r| r.get(0),
        )
    }

    /// The trust list's sequence for content with hash `content_hash`: the stored one if the
    /// content is unchanged, one more (stored) if it changed.
    pub fn trust_sequence(&mut self, content_hash: &[u8; 32]) -> rusqlite::Result<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (sequence, stored): (u64, Option<[u8; 32]>) = tx.query_row(
            "SELECT sequence, content_hash FROM lists WHERE name = 'trust'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let sequence = match stored {
            Some(hash) if hash == *content_hash => sequence,
            // The list made before sequences were stored keeps its number.
            None => sequence,
            Some(_) => sequence + 1,
        };
        tx.execute(
            "UPDATE lists SET sequence = ?1, content_hash = ?2 WHERE name = 'trust'",
            params![sequence, content_hash],
        )?;
        tx.commit()?;
        Ok(sequence)
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

/// One account as stored.
#[derive(Debug, Clone)]
pub struct Account {
    /// salt || Argon2id hash.
    pub password_hash: Vec<u8>,
    /// `officer` or `admin`.
    pub role: Role,
    /// Failed logins since the last success or lock.
    pub failures: u32,
    /// Logins refused until then (unix seconds).
    pub locked_until: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When (unix seconds).
    pub at: i64,
    /// Who: an account name.
    pub actor: String,
    /// What, e.g. `enroll`, `revoke`, `login`, `login_failed`.
    pub action: String,
    /// Whose record: the keyed hash of the NIK, if the action concerned a citizen.
    pub subject: Option<[u8; 32]>,
}

impl Store {
    /// Creates an account; false if the name is taken.
    pub fn add_account(
        &self,
        username: &str,
        password_hash: &[u8],
        role: Role,
        now: i64,
    ) -> rusqlite::Result<bool> {
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO accounts (username, password_hash, role, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![username, password_hash, role.as_str(), now],
        )?;
        Ok(added == 1)
    }

    /// The account `username`.
    pub fn account(&self, username: &str) -> rusqlite::Result<Option<Account>> {
        self.conn
            .query_row(
                "SELECT password_hash, role, failures, locked_until FROM accounts
                 WHERE username = ?1",
                params![username],
                |r| {
                    let role: String = r.get(1)?;
                    Ok(Account {
                        password_hash: r.get(0)?,
                        role: Role::parse(&role).unwrap_or(Role::Officer),
                        failures: r.get(2)?,
                        locked_until: r.get(3)?,
                    })
                },
            )
            .optional()
    }

    /// Counts a failed login; the `max_failures`-th locks the account for `lock_seconds`.
    pub fn login_failed(
        &self,
        username: &str,
        now: i64,
        max_failures: u32,
        lock_seconds: i64,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE accounts SET
                 locked_until = CASE WHEN failures + 1 >= ?3 THEN ?2 + ?4 ELSE locked_until END,
                 failures = CASE WHEN failures + 1 >= ?3 THEN 0 ELSE failures + 1 END
             WHERE username = ?1",
            params![username, now, max_failures, lock_seconds],
        )?;
        Ok(())
    }

    /// A successful login: starts a session (stored as the token's hash) and clears the failure
    /// count; expired sessions are deleted.
    pub fn start_session(
        &self,
        username: &str,
        token_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> rusqlite::Result<()> {
        self.conn
            .execute("DELETE FROM sessions WHERE expires_at < ?1", params![now])?;
        self.conn.execute(
            "UPDATE accounts SET failures = 0 WHERE username = ?1",
            params![username],
        )?;
        self.conn.execute(
            "INSERT INTO sessions (token_hash, username, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash, username, expires_at],
        )?;
        Ok(())
    }

    /// The account and role behind an unexpired session token hash.
    pub fn session(
        &self,
        token_hash: &[u8; 32],
        now: i64,
    ) -> rusqlite::Result<Option<(String, Role)>> {
        self.conn
            .query_row(
                "SELECT s.username, a.role FROM sessions s JOIN accounts a USING (username)
                 WHERE s.token_hash = ?1 AND s.expires_at >= ?2",
                params![token_hash, now],
                |r| {
                    let role: String = r.get(1)?;
                    Ok((r.get(0)?, Role::parse(&role).unwrap_or(Role::Officer)))
                },
            )
            .optional()
    }

    /// Appends a line to the audit log.
    pub fn audit(
        &self,
        at: i64,
        actor: &str,
        action: &str,
        subject: Option<&[u8; 32]>,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO audit (at, actor, action, subject) VALUES (?1, ?2, ?3, ?4)",
            params![at, actor, action, subject],
        )?;
        Ok(())
    }

    /// The newest `limit` audit lines, newest first; only those about `subject` if given.
    pub fn audit_entries(
        &self,
        subject: Option<&[u8; 32]>,
        limit: u32,
    ) -> rusqlite::Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, action, subject FROM audit
             WHERE ?1 IS NULL OR subject = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![subject, limit], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                subject: r.get(3)?,
            })
        })?;
        rows.collect()
    }
}

/// Moves the device bound to `nik` onto the revocation list (with the day its credentials
/// expire) and raises the list's sequence if it was not there yet.
fn revoke_bound_device(
    tx: &rusqlite::Transaction<'_>,
    nik: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let added = tx.execute(
        "INSERT OR IGNORE INTO revoked_devices (device_key, revoked_at, credentials_until)
         SELECT device_key, ?2, credentials_until FROM bindings WHERE nik = ?1",
        params![nik, now],
    )?;
    if added > 0 {
        bump(tx, "revocation")?;
    }
    Ok(())
}

/// Raises the stored sequence of list `name`.
fn bump(tx: &rusqlite::Transaction<'_>, name: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE lists SET sequence = sequence + 1 WHERE name = ?1",
        params![name],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NIK: &str = "3174015708900001";

    fn store_with_enrollment() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .add_enrollment("enr-1", NIK, &[0; 32], 0, 100)
            .unwrap();
        (store, dir)
    }

    #[test]
    fn of_two_activations_on_one_enrollment_only_the_first_binds() {
        let (mut store, _dir) = store_with_enrollment();
        assert_eq!(
            store.bind("enr-1", NIK, &[1; 32], 10, 5).unwrap(),
            BindOutcome::Bound { replaced: None }
        );
        // The second activation passed its checks before the first one bound; it must not bind.
        assert_eq!(
            store.bind("enr-1", NIK, &[2; 32], 11, 5).unwrap(),
            BindOutcome::EnrollmentSpent
        );
        assert_eq!(store.nik_of_device(&[1; 32]).unwrap().as_deref(), Some(NIK));
        assert_eq!(store.nik_of_device(&[2; 32]).unwrap(), None);
        assert!(!store.is_revoked(&[1; 32]).unwrap());
    }

    #[test]
    fn an_expired_locked_or_foreign_enrollment_does_not_bind() {
        let (mut store, _dir) = store_with_enrollment();
        assert_eq!(
            store.bind("enr-1", NIK, &[1; 32], 101, 5).unwrap(),
            BindOutcome::EnrollmentSpent
        );
        assert_eq!(
            store
                .bind("enr-1", "3174015708900002", &[1; 32], 10, 5)
                .unwrap(),
            BindOutcome::EnrollmentSpent
        );
        for _ in 0..5 {
            store.add_failure("enr-1").unwrap();
        }
        assert_eq!(
            store.bind("enr-1", NIK, &[1; 32], 10, 5).unwrap(),
            BindOutcome::EnrollmentSpent
        );
    }

    #[test]
    fn a_new_phone_revokes_the_old_one_in_the_same_step() {
        let (mut store, _dir) = store_with_enrollment();
        store.bind("enr-1", NIK, &[1; 32], 10, 5).unwrap();
        store
            .add_enrollment("enr-2", NIK, &[0; 32], 20, 200)
            .unwrap();
        assert_eq!(
            store.bind("enr-2", NIK, &[2; 32], 30, 5).unwrap(),
            BindOutcome::Bound {
                replaced: Some([1; 32])
            }
        );
        assert!(store.is_revoked(&[1; 32]).unwrap());
    }

    #[test]
    fn challenges_are_capped_per_owner_and_expired_ones_are_deleted() {
        let (mut store, _dir) = store_with_enrollment();
        for i in 0..3u8 {
            assert!(store.add_challenge(&[i; 32], "enr-1", 0, 300, 3).unwrap());
        }
        assert!(!store.add_challenge(&[9; 32], "enr-1", 0, 300, 3).unwrap());
        assert!(store.take_challenge(&[0; 32], "enr-1", 1).unwrap());
        assert!(!store.take_challenge(&[0; 32], "enr-1", 1).unwrap());
        assert_eq!(store.challenge_rows().unwrap(), (2, 0));
        // After they expire, the next request clears them out.
        assert!(store.add_challenge(&[5; 32], "enr-1", 301, 601, 3).unwrap());
        assert_eq!(store.challenge_rows().unwrap(), (1, 0));
        assert!(!store.take_challenge(&[1; 32], "enr-1", 301).unwrap());
        assert!(!store.take_challenge(&[5; 32], "enr-other", 302).unwrap());
    }

    #[test]
    fn refresh_challenges_are_single_use_per_device_and_purged() {
        let (mut store, _dir) = store_with_enrollment();
        assert!(
            store
                .add_refresh_challenge(&[1; 32], &[7; 32], 0, 300, 2)
                .unwrap()
        );
        assert!(
            store
                .add_refresh_challenge(&[2; 32], &[7; 32], 0, 300, 2)
                .unwrap()
        );
        assert!(
            !store
                .add_refresh_challenge(&[3; 32], &[7; 32], 0, 300, 2)
                .unwrap()
        );
        assert!(!store.take_refresh_challenge(&[1; 32], &[8; 32], 1).unwrap());
        assert!(store.take_refresh_challenge(&[1; 32], &[7; 32], 1).unwrap());
        assert!(!store.take_refresh_challenge(&[1; 32], &[7; 32], 1).unwrap());
        assert!(
            store
                .add_refresh_challenge(&[4; 32], &[8; 32], 301, 601, 2)
                .unwrap()
        );
        assert_eq!(store.challenge_rows().unwrap(), (0, 1));
    }

    #[test]
    fn the_revocation_sequence_rises_on_every_revocation_and_prune_and_never_falls() {
        let (mut store, _dir) = store_with_enrollment();
        let day = |unix: i64| (unix / 86400) as i32;
        let (start, empty) = store.revocation_snapshot(day(0), 2, 365).unwrap();
        assert!(empty.is_empty());
        store.bind("enr-1", NIK, &[1; 32], 10, 5).unwrap();
        store.record_issued(&[1; 32], 100).unwrap();
        store.record_issued(&[1; 32], 90).unwrap(); // an older issue does not shorten it
        assert!(store.revoke_nik(NIK, 20).unwrap());
        let (after_revoke, devices) = store.revocation_snapshot(50, 2, 365).unwrap();
        assert_eq!(devices, vec![[1; 32]]);
        assert!(after_revoke > start);
        // Still listed up to two days after its last credential expired...
        let (same, devices) = store.revocation_snapshot(102, 2, 365).unwrap();
        assert_eq!((same, devices.len()), (after_revoke, 1));
        // ...then pruned, and the shorter list has a higher sequence.
        let (after_prune, devices) = store.revocation_snapshot(103, 2, 365).unwrap();
        assert!(devices.is_empty());
        assert!(after_prune > after_revoke);
        assert_eq!(
            store.revocation_snapshot(104, 2, 365).unwrap().0,
            after_prune
        );
    }

    #[test]
    fn the_trust_sequence_rises_only_when_the_content_changes() {
        let (mut store, _dir) = store_with_enrollment();
        let first = store.trust_sequence(&[1; 32]).unwrap();
        assert_eq!(store.trust_sequence(&[1; 32]).unwrap(), first);
        assert_eq!(store.trust_sequence(&[2; 32]).unwrap(), first + 1);
        assert_eq!(store.trust_sequence(&[2; 32]).unwrap(), first + 1);
        assert_eq!(store.trust_anchor_day(100).unwrap(), 100);
        assert_eq!(store.trust_anchor_day(200).unwrap(), 100);
    }

    #[test]
    fn the_audit_log_cannot_be_edited_or_deleted() {
        let (store, _dir) = store_with_enrollment();
        store.audit(1, "budi", "enroll", Some(&[4; 32])).unwrap();
        store.audit(2, "ani", "revoke", None).unwrap();
        assert!(
            store
                .conn
                .execute("UPDATE audit SET actor = 'x'", [])
                .is_err()
        );
        assert!(store.conn.execute("DELETE FROM audit", []).is_err());
        let all = store.audit_entries(None, 10).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].actor, "ani");
        let about = store.audit_entries(Some(&[4; 32]), 10).unwrap();
        assert_eq!(about.len(), 1);
        assert_eq!(about[0].action, "enroll");
    }

    #[test]
    fn failed_logins_lock_the_account_for_a_while() {
        let (store, _dir) = store_with_enrollment();
        assert!(
            store
                .add_account("budi", b"hash", Role::Officer, 0)
                .unwrap()
        );
        assert!(!store.add_account("budi", b"other", Role::Admin, 0).unwrap());
        for _ in 0..4 {
            store.login_failed("budi", 10, 5, 900).unwrap();
        }
        assert_eq!(store.account("budi").unwrap().unwrap().locked_until, 0);
        store.login_failed("budi", 10, 5, 900).unwrap();
        assert_eq!(store.account("budi").unwrap().unwrap().locked_until, 910);
    }
}
