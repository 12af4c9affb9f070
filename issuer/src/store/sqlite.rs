//! The SQLite store: `<data_dir>/issuer.sqlite3`, the default for one issuer process.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::accounts::Role;
use crate::registry::{Citizen, LineError, LineProblem};
use crate::schema::{self, MigrationError};
use crate::store::{
    Account, AccountSummary, AuditEntry, BindOutcome, Enrollment, ImportOutcome, Store, StoreError,
};

/// The SQLite database in the data folder (the default, embedded store).
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (or creates) `<data_dir>/issuer.sqlite3` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<SqliteStore, MigrationError> {
        let mut conn = Connection::open(data_dir.join("issuer.sqlite3"))?;
        // Outside the migrations: journal mode cannot change inside a transaction.
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::migrate(&mut conn)?;
        Ok(SqliteStore { conn })
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

    /// Records a failure of `kind` (`activation`, `login`) by `client`; failures of that kind
    /// from before `window_start` are deleted first, so the table holds one window.
    pub fn add_client_failure(
        &self,
        kind: &str,
        client: &str,
        now: i64,
        window_start: i64,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "DELETE FROM client_failures WHERE kind = ?1 AND at < ?2",
            params![kind, window_start],
        )?;
        self.conn.execute(
            "INSERT INTO client_failures (kind, client, at) VALUES (?1, ?2, ?3)",
            params![kind, client, now],
        )?;
        Ok(())
    }

    /// Failures of `kind` by `client` since `window_start`.
    pub fn client_failures(
        &self,
        kind: &str,
        client: &str,
        window_start: i64,
    ) -> rusqlite::Result<u32> {
        self.conn.query_row(
            "SELECT count(*) FROM client_failures WHERE kind = ?1 AND client = ?2 AND at >= ?3",
            params![kind, client, window_start],
            |r| r.get(0),
        )
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

    /// Revokes the desk `desk_key_id`; the desk revocation list's sequence rises with it. False
    /// if it was already revoked.
    pub fn revoke_desk(&mut self, desk_key_id: &[u8; 16], now: i64) -> rusqlite::Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO revoked_desks (desk_key_id, revoked_at) VALUES (?1, ?2)",
            params![desk_key_id, now],
        )?;
        if added > 0 {
            bump(&tx, "desk_revocation")?;
        }
        tx.commit()?;
        Ok(added > 0)
    }

    /// The desk revocation list's sequence and every revoked desk key id, oldest first.
    pub fn desk_revocation_snapshot(&mut self) -> rusqlite::Result<(u64, Vec<[u8; 16]>)> {
        let tx = self.conn.transaction()?;
        let sequence: u64 = tx.query_row(
            "SELECT sequence FROM lists WHERE name = 'desk_revocation'",
            [],
            |r| r.get(0),
        )?;
        let desks = {
            let mut stmt = tx.prepare(
                "SELECT desk_key_id FROM revoked_desks ORDER BY revoked_at, desk_key_id",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<[u8; 16]>>>()?
        };
        tx.commit()?;
        Ok((sequence, desks))
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

impl SqliteStore {
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

    /// Every account, by name: name, role, created, locked until.
    pub fn account_list(&self) -> rusqlite::Result<Vec<AccountSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT username, role, created_at, locked_until FROM accounts ORDER BY username",
        )?;
        let rows = stmt.query_map([], |r| {
            let role: String = r.get(1)?;
            Ok(AccountSummary {
                username: r.get(0)?,
                role: Role::parse(&role).unwrap_or(Role::Officer),
                created_at: r.get(2)?,
                locked_until: r.get(3)?,
            })
        })?;
        rows.collect()
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

    /// Ends the session with this token hash.
    pub fn end_session(&self, token_hash: &[u8; 32]) -> rusqlite::Result<()> {
        self.conn.execute(
            "DELETE FROM sessions WHERE token_hash = ?1",
            params![token_hash],
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

impl SqliteStore {
    /// Adds or updates every citizen of one registry extract, all or nothing: if any line is
    /// bad, or a NIK is on two lines, the transaction is rolled back and the bad lines (at most
    /// `max_errors`) are returned. Lines are checked to the end so that one run lists them all.
    pub fn import_citizens(
        &mut self,
        lines: impl Iterator<Item = (usize, Result<Citizen, LineProblem>)>,
        now: i64,
        max_errors: usize,
    ) -> rusqlite::Result<ImportOutcome> {
        let import_id: [u8; 16] = super::new_import_id();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut errors = Vec::new();
        let mut imported = 0usize;
        {
            let mut upsert = tx.prepare(
                "INSERT INTO citizens (nik, record, imported_at, import_id, line)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(nik) DO UPDATE SET record = excluded.record,
                     imported_at = excluded.imported_at, import_id = excluded.import_id,
                     line = excluded.line
                 WHERE citizens.import_id <> excluded.import_id",
            )?;
            let mut first_line =
                tx.prepare("SELECT line FROM citizens WHERE nik = ?1 AND import_id = ?2")?;
            for (line, parsed) in lines {
                let problem = match parsed {
                    Err(problem) => Some(problem),
                    Ok(citizen) => {
                        let nik = citizen.ktp.nik.expose();
                        let changed = upsert.execute(params![
                            nik,
                            citizen.to_json(),
                            now,
                            import_id,
                            line as i64
                        ])?;
                        if changed == 1 {
                            imported += 1;
                            None
                        } else {
                            let first: i64 =
                                first_line.query_row(params![nik, import_id], |r| r.get(0))?;
                            Some(LineProblem::Duplicate {
                                first_line: first as usize,
                            })
                        }
                    }
                };
                if let Some(problem) = problem {
                    errors.push(LineError { line, problem });
                    if errors.len() >= max_errors.max(1) {
                        // Enough to fix for one run; nothing is written anyway.
                        break;
                    }
                }
            }
        }
        if !errors.is_empty() {
            tx.rollback()?;
            return Ok(ImportOutcome::Refused(errors));
        }
        tx.commit()?;
        Ok(ImportOutcome::Imported(imported))
    }

    /// The registry line of `nik`, if the registry holds it.
    pub fn citizen(&self, nik: &str) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT record FROM citizens WHERE nik = ?1",
                params![nik],
                |r| r.get(0),
            )
            .optional()
    }

    /// Citizens in the registry.
    pub fn citizen_count(&self) -> rusqlite::Result<u64> {
        self.conn
            .query_row("SELECT count(*) FROM citizens", [], |r| r.get(0))
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

impl Store for SqliteStore {
    fn add_enrollment(
        &mut self,
        id: &str,
        nik: &str,
        code_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        Ok(SqliteStore::add_enrollment(
            self, id, nik, code_hash, now, expires_at,
        )?)
    }

    fn enrollment(&mut self, id: &str) -> Result<Option<Enrollment>, StoreError> {
        Ok(SqliteStore::enrollment(self, id)?)
    }

    fn add_failure(&mut self, id: &str) -> Result<(), StoreError> {
        Ok(SqliteStore::add_failure(self, id)?)
    }

    fn add_challenge(
        &mut self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
        expires_at: i64,
        max_live: u32,
    ) -> Result<bool, StoreError> {
        Ok(SqliteStore::add_challenge(
            self,
            challenge,
            enrollment_id,
            now,
            expires_at,
            max_live,
        )?)
    }

    fn take_challenge(
        &mut self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(SqliteStore::take_challenge(
            self,
            challenge,
            enrollment_id,
            now,
        )?)
    }

    fn add_refresh_challenge(
        &mut self,
        challenge: &[u8; 32],
        device_key: &[u8; 32],
        now: i64,
        expires_at: i64,
        max_live: u32,
    ) -> Result<bool, StoreError> {
        Ok(SqliteStore::add_refresh_challenge(
            self, challenge, device_key, now, expires_at, max_live,
        )?)
    }

    fn take_refresh_challenge(
        &mut self,
        challenge: &[u8; 32],
        device_key: &[u8; 32],
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(SqliteStore::take_refresh_challenge(
            self, challenge, device_key, now,
        )?)
    }

    fn add_client_failure(
        &mut self,
        kind: &str,
        client: &str,
        now: i64,
        window_start: i64,
    ) -> Result<(), StoreError> {
        Ok(SqliteStore::add_client_failure(
            self,
            kind,
            client,
            now,
            window_start,
        )?)
    }

    fn client_failures(
        &mut self,
        kind: &str,
        client: &str,
        window_start: i64,
    ) -> Result<u32, StoreError> {
        Ok(SqliteStore::client_failures(
            self,
            kind,
            client,
            window_start,
        )?)
    }

    fn challenge_rows(&mut self) -> Result<(u64, u64), StoreError> {
        Ok(SqliteStore::challenge_rows(self)?)
    }

    fn bind(
        &mut self,
        enrollment_id: &str,
        nik: &str,
        device_key: &[u8; 32],
        now: i64,
        max_failures: u32,
    ) -> Result<BindOutcome, StoreError> {
        Ok(SqliteStore::bind(
            self,
            enrollment_id,
            nik,
            device_key,
            now,
            max_failures,
        )?)
    }

    fn nik_of_device(&mut self, device_key: &[u8; 32]) -> Result<Option<String>, StoreError> {
        Ok(SqliteStore::nik_of_device(self, device_key)?)
    }

    fn revoke_nik(&mut self, nik: &str, now: i64) -> Result<bool, StoreError> {
        Ok(SqliteStore::revoke_nik(self, nik, now)?)
    }

    fn record_issued(&mut self, device_key: &[u8; 32], until_day: i32) -> Result<(), StoreError> {
        Ok(SqliteStore::record_issued(self, device_key, until_day)?)
    }

    fn revocation_snapshot(
        &mut self,
        today: i32,
        keep_days: i32,
        fallback_validity_days: i32,
    ) -> Result<(u64, Vec<[u8; 32]>), StoreError> {
        Ok(SqliteStore::revocation_snapshot(
            self,
            today,
            keep_days,
            fallback_validity_days,
        )?)
    }

    fn revoke_desk(&mut self, desk_key_id: &[u8; 16], now: i64) -> Result<bool, StoreError> {
        Ok(SqliteStore::revoke_desk(self, desk_key_id, now)?)
    }

    fn desk_revocation_snapshot(&mut self) -> Result<(u64, Vec<[u8; 16]>), StoreError> {
        Ok(SqliteStore::desk_revocation_snapshot(self)?)
    }

    fn trust_anchor_day(&mut self, today: i32) -> Result<i32, StoreError> {
        Ok(SqliteStore::trust_anchor_day(self, today)?)
    }

    fn trust_sequence(&mut self, content_hash: &[u8; 32]) -> Result<u64, StoreError> {
        Ok(SqliteStore::trust_sequence(self, content_hash)?)
    }

    fn is_revoked(&mut self, device_key: &[u8; 32]) -> Result<bool, StoreError> {
        Ok(SqliteStore::is_revoked(self, device_key)?)
    }

    fn add_account(
        &mut self,
        username: &str,
        password_hash: &[u8],
        role: Role,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(SqliteStore::add_account(
            self,
            username,
            password_hash,
            role,
            now,
        )?)
    }

    fn account(&mut self, username: &str) -> Result<Option<Account>, StoreError> {
        Ok(SqliteStore::account(self, username)?)
    }

    fn login_failed(
        &mut self,
        username: &str,
        now: i64,
        max_failures: u32,
        lock_seconds: i64,
    ) -> Result<(), StoreError> {
        Ok(SqliteStore::login_failed(
            self,
            username,
            now,
            max_failures,
            lock_seconds,
        )?)
    }

    fn start_session(
        &mut self,
        username: &str,
        token_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        Ok(SqliteStore::start_session(
            self, username, token_hash, now, expires_at,
        )?)
    }

    fn account_list(&mut self) -> Result<Vec<AccountSummary>, StoreError> {
        Ok(SqliteStore::account_list(self)?)
    }

    fn end_session(&mut self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        Ok(SqliteStore::end_session(self, token_hash)?)
    }

    fn session(
        &mut self,
        token_hash: &[u8; 32],
        now: i64,
    ) -> Result<Option<(String, Role)>, StoreError> {
        Ok(SqliteStore::session(self, token_hash, now)?)
    }

    fn audit(
        &mut self,
        at: i64,
        actor: &str,
        action: &str,
        subject: Option<&[u8; 32]>,
    ) -> Result<(), StoreError> {
        Ok(SqliteStore::audit(self, at, actor, action, subject)?)
    }

    fn audit_entries(
        &mut self,
        subject: Option<&[u8; 32]>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(SqliteStore::audit_entries(self, subject, limit)?)
    }

    fn import_citizens(
        &mut self,
        lines: &mut dyn Iterator<Item = (usize, Result<Citizen, LineProblem>)>,
        now: i64,
        max_errors: usize,
    ) -> Result<ImportOutcome, StoreError> {
        Ok(SqliteStore::import_citizens(self, lines, now, max_errors)?)
    }

    fn citizen(&mut self, nik: &str) -> Result<Option<String>, StoreError> {
        Ok(SqliteStore::citizen(self, nik)?)
    }

    fn citizen_count(&mut self) -> Result<u64, StoreError> {
        Ok(SqliteStore::citizen_count(self)?)
    }
}
