//! The PostgreSQL store (`--database postgres://...`): the state of any number of issuer
//! processes behind one address. Every method is one transaction; where two processes could
//! race (one enrollment bound twice, a challenge cap, a list sequence) a row lock or an
//! advisory lock orders them, and the loser sees the winner's commit.

use postgres::{Client, NoTls, Transaction};

use crate::accounts::Role;
use crate::registry::{Citizen, LineError, LineProblem};
use crate::store::{
    Account, AccountSummary, AuditEntry, BindOutcome, Enrollment, ImportOutcome, Store, StoreError,
};

/// Every migration, oldest first; `schema_version` holds the last applied. Append only.
const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        "
    CREATE TABLE enrollments (
        id TEXT PRIMARY KEY, nik TEXT NOT NULL, code_hash BYTEA NOT NULL,
        created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
        used_at BIGINT, failures INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE challenges (
        challenge BYTEA PRIMARY KEY, enrollment_id TEXT NOT NULL, expires_at BIGINT NOT NULL);
    CREATE INDEX challenges_by_expiry ON challenges (expires_at);
    CREATE INDEX challenges_by_enrollment ON challenges (enrollment_id);
    CREATE TABLE refresh_challenges (
        challenge BYTEA PRIMARY KEY, device_key BYTEA NOT NULL, expires_at BIGINT NOT NULL);
    CREATE INDEX refresh_challenges_by_expiry ON refresh_challenges (expires_at);
    CREATE INDEX refresh_challenges_by_device ON refresh_challenges (device_key);
    CREATE TABLE bindings (
        nik TEXT PRIMARY KEY, device_key BYTEA NOT NULL UNIQUE, bound_at BIGINT NOT NULL,
        credentials_until INTEGER);
    CREATE TABLE revoked_devices (
        device_key BYTEA PRIMARY KEY, revoked_at BIGINT NOT NULL, credentials_until INTEGER);
    CREATE INDEX revoked_devices_by_expiry ON revoked_devices (credentials_until);
    CREATE TABLE lists (
        name TEXT PRIMARY KEY, sequence BIGINT NOT NULL, content_hash BYTEA,
        anchor_day INTEGER);
    INSERT INTO lists (name, sequence) VALUES ('trust', 1), ('revocation', 1);
    CREATE TABLE accounts (
        username TEXT PRIMARY KEY, password_hash BYTEA NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer', 'admin')),
        created_at BIGINT NOT NULL, failures INTEGER NOT NULL DEFAULT 0,
        locked_until BIGINT NOT NULL DEFAULT 0);
    CREATE TABLE sessions (
        token_hash BYTEA PRIMARY KEY, username TEXT NOT NULL REFERENCES accounts,
        expires_at BIGINT NOT NULL);
    CREATE INDEX sessions_by_expiry ON sessions (expires_at);
    CREATE TABLE audit (
        id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, subject BYTEA);
    CREATE INDEX audit_by_subject ON audit (subject);
    CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
    CREATE TRIGGER audit_is_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();
    CREATE TABLE citizens (
        nik TEXT PRIMARY KEY, record TEXT NOT NULL, imported_at BIGINT NOT NULL,
        import_id BYTEA NOT NULL, line BIGINT NOT NULL);
    CREATE TABLE client_failures (kind TEXT NOT NULL, client TEXT NOT NULL, at BIGINT NOT NULL);
    CREATE INDEX client_failures_by_client ON client_failures (kind, client, at);
    CREATE INDEX client_failures_by_age ON client_failures (kind, at);
    ",
    ),
    // Desks the service's verifier authority revoked, and the desk revocation list's sequence.
    (
        2,
        "
    CREATE TABLE revoked_desks (desk_key_id BYTEA PRIMARY KEY, revoked_at BIGINT NOT NULL);
    INSERT INTO lists (name, sequence) VALUES ('desk_revocation', 1);
    ",
    ),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 2;

/// Advisory lock key that serialises migrations of processes starting at once.
const MIGRATION_LOCK: i64 = 0x494b_445f_4d49_4752; // "IKD_MIGR"

/// One connection to the database (one per issuer process: handlers take turns on it).
pub struct PostgresStore {
    client: Client,
}

impl PostgresStore {
    /// Connects (no TLS: the database is on loopback or a private network; see
    /// docs/issuer.md) and brings the schema up to date.
    pub fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        migrate(&mut client)?;
        Ok(PostgresStore { client })
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = (|| {
        client.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        )?;
        let current: i32 = client
            .query_opt("SELECT version FROM schema_version", &[])?
            .map_or(0, |r| r.get(0));
        if current > SCHEMA_VERSION {
            return Err(StoreError::Migration(
                crate::schema::MigrationError::NewerSchema(current as u32),
            ));
        }
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
            let mut tx = client.transaction()?;
            tx.batch_execute(sql)?;
            tx.execute("DELETE FROM schema_version", &[])?;
            tx.execute("INSERT INTO schema_version VALUES ($1)", &[version])?;
            tx.commit()?;
        }
        Ok(())
    })();
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
    result
}

/// Serialises, within the transaction, everyone working on `key` (an enrollment, a device).
fn lock_key(tx: &mut Transaction<'_>, scope: &str, key: &[u8]) -> Result<(), StoreError> {
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1 || encode($2, 'hex'), 0))",
        &[&scope, &key],
    )?;
    Ok(())
}

fn bump(tx: &mut Transaction<'_>, name: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE lists SET sequence = sequence + 1 WHERE name = $1",
        &[&name],
    )?;
    Ok(())
}

fn revoke_bound_device(tx: &mut Transaction<'_>, nik: &str, now: i64) -> Result<(), StoreError> {
    let added = tx.execute(
        "INSERT INTO revoked_devices (device_key, revoked_at, credentials_until)
         SELECT device_key, $2, credentials_until FROM bindings WHERE nik = $1
         ON CONFLICT DO NOTHING",
        &[&nik, &now],
    )?;
    if added > 0 {
        bump(tx, "revocation")?;
    }
    Ok(())
}

fn key32(bytes: Vec<u8>) -> Result<[u8; 32], StoreError> {
    // Only this code writes these columns, always 32 bytes; anything else is a damaged row.
    bytes.try_into().map_err(|_| StoreError::Damaged)
}

fn role(text: &str) -> Role {
    Role::parse(text).unwrap_or(Role::Officer)
}

impl Store for PostgresStore {
    fn add_enrollment(
        &mut self,
        id: &str,
        nik: &str,
        code_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.client.execute(
            "INSERT INTO enrollments (id, nik, code_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[&id, &nik, &code_hash.as_slice(), &now, &expires_at],
        )?;
        Ok(())
    }

    fn enrollment(&mut self, id: &str) -> Result<Option<Enrollment>, StoreError> {
        let row = self.client.query_opt(
            "SELECT nik, code_hash, expires_at, used_at, failures FROM enrollments WHERE id = $1",
            &[&id],
        )?;
        row.map(|r| {
            Ok(Enrollment {
                nik: r.get(0),
                code_hash: key32(r.get(1))?,
                expires_at: r.get(2),
                used_at: r.get(3),
                failures: r.get::<_, i32>(4).max(0) as u32,
            })
        })
        .transpose()
    }

    fn add_failure(&mut self, id: &str) -> Result<(), StoreError> {
        self.client.execute(
            "UPDATE enrollments SET failures = failures + 1 WHERE id = $1",
            &[&id],
        )?;
        Ok(())
    }

    fn add_client_failure(
        &mut self,
        kind: &str,
        client: &str,
        now: i64,
        window_start: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.client.transaction()?;
        tx.execute(
            "DELETE FROM client_failures WHERE kind = $1 AND at < $2",
            &[&kind, &window_start],
        )?;
        tx.execute(
            "INSERT INTO client_failures (kind, client, at) VALUES ($1, $2, $3)",
            &[&kind, &client, &now],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn client_failures(
        &mut self,
        kind: &str,
        client: &str,
        window_start: i64,
    ) -> Result<u32, StoreError> {
        let count: i64 = self
            .client
            .query_one(
                "SELECT count(*) FROM client_failures
                 WHERE kind = $1 AND client = $2 AND at >= $3",
                &[&kind, &client, &window_start],
            )?
            .get(0);
        Ok(count as u32)
    }

    fn challenge_rows(&mut self) -> Result<(u64, u64), StoreError> {
        let row = self.client.query_one(
            "SELECT (SELECT count(*) FROM challenges), (SELECT count(*) FROM refresh_challenges)",
            &[],
        )?;
        Ok((row.get::<_, i64>(0) as u64, row.get::<_, i64>(1) as u64))
    }

    fn add_challenge(
        &mut self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
        expires_at: i64,
        max_live: u32,
    ) -> Result<bool, StoreError> {
        let mut tx = self.client.transaction()?;
        lock_key(&mut tx, "challenge:", enrollment_id.as_bytes())?;
        tx.execute("DELETE FROM challenges WHERE expires_at < $1", &[&now])?;
        let live: i64 = tx
            .query_one(
                "SELECT count(*) FROM challenges WHERE enrollment_id = $1",
                &[&enrollment_id],
            )?
            .get(0);
        if live >= i64::from(max_live) {
            tx.commit()?;
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO challenges (challenge, enrollment_id, expires_at) VALUES ($1, $2, $3)",
            &[&challenge.as_slice(), &enrollment_id, &expires_at],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn take_challenge(
        &mut self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let changed = self.client.execute(
            "DELETE FROM challenges
             WHERE challenge = $1 AND enrollment_id = $2 AND expires_at >= $3",
            &[&challenge.as_slice(), &enrollment_id, &now],
        )?;
        Ok(changed == 1)
    }

    fn add_refresh_challenge(
        &mut self,
        challenge: &[u8; 32],
        device_key: &[u8; 32],
        now: i64,
        expires_at: i64,
        max_live: u32,
    ) -> Result<bool, StoreError> {
        let mut tx = self.client.transaction()?;
        lock_key(&mut tx, "refresh:", device_key)?;
        tx.execute(
            "DELETE FROM refresh_challenges WHERE expires_at < $1",
            &[&now],
        )?;
        let live: i64 = tx
            .query_one(
                "SELECT count(*) FROM refresh_challenges WHERE device_key = $1",
                &[&device_key.as_slice()],
            )?
            .get(0);
        if live >= i64::from(max_live) {
            tx.commit()?;
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO refresh_challenges (challenge, device_key, expires_at)
             VALUES ($1, $2, $3)",
            &[&challenge.as_slice(), &device_key.as_slice(), &expires_at],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn take_refresh_challenge(
        &mut self,
        challenge: &[u8; 32],
        device_key: &[u8; 32],
        now: i64,
    ) -> Result<bool, StoreError> {
        let changed = self.client.execute(
            "DELETE FROM refresh_challenges
             WHERE challenge = $1 AND device_key = $2 AND expires_at >= $3",
            &[&challenge.as_slice(), &device_key.as_slice(), &now],
        )?;
        Ok(changed == 1)
    }

    fn bind(
        &mut self,
        enrollment_id: &str,
        nik: &str,
        device_key: &[u8; 32],
        now: i64,
        max_failures: u32,
    ) -> Result<BindOutcome, StoreError> {
        let mut tx = self.client.transaction()?;
        // Read committed: a second UPDATE of the same row waits for the first transaction and
        // then re-checks `used_at IS NULL` against its commit, so only one binds.
        let spent = tx.execute(
            "UPDATE enrollments SET used_at = $3
             WHERE id = $1 AND nik = $2 AND used_at IS NULL AND expires_at >= $3
               AND failures < $4",
            &[&enrollment_id, &nik, &now, &(max_failures as i32)],
        )?;
        if spent != 1 {
            return Ok(BindOutcome::EnrollmentSpent);
        }
        // Two enrollments of one citizen activating at once: one at a time per NIK.
        lock_key(&mut tx, "nik:", nik.as_bytes())?;
        let previous = tx
            .query_opt("SELECT device_key FROM bindings WHERE nik = $1", &[&nik])?
            .map(|r| key32(r.get(0)))
            .transpose()?;
        let replaced = previous.filter(|old| old != device_key);
        if replaced.is_some() {
            revoke_bound_device(&mut tx, nik, now)?;
        }
        tx.execute(
            "INSERT INTO bindings (nik, device_key, bound_at) VALUES ($1, $2, $3)
             ON CONFLICT (nik) DO UPDATE SET device_key = $2, bound_at = $3",
            &[&nik, &device_key.as_slice(), &now],
        )?;
        tx.commit()?;
        Ok(BindOutcome::Bound { replaced })
    }

    fn nik_of_device(&mut self, device_key: &[u8; 32]) -> Result<Option<String>, StoreError> {
        Ok(self
            .client
            .query_opt(
                "SELECT nik FROM bindings WHERE device_key = $1",
                &[&device_key.as_slice()],
            )?
            .map(|r| r.get(0)))
    }

    fn revoke_nik(&mut self, nik: &str, now: i64) -> Result<bool, StoreError> {
        let mut tx = self.client.transaction()?;
        let bound = tx.query_opt("SELECT 1 FROM bindings WHERE nik = $1 FOR UPDATE", &[&nik])?;
        if bound.is_none() {
            return Ok(false);
        }
        revoke_bound_device(&mut tx, nik, now)?;
        tx.execute("DELETE FROM bindings WHERE nik = $1", &[&nik])?;
        tx.commit()?;
        Ok(true)
    }

    fn record_issued(&mut self, device_key: &[u8; 32], until_day: i32) -> Result<(), StoreError> {
        self.client.execute(
            "UPDATE bindings SET credentials_until = GREATEST(COALESCE(credentials_until, $2), $2)
             WHERE device_key = $1",
            &[&device_key.as_slice(), &until_day],
        )?;
        Ok(())
    }

    fn revocation_snapshot(
        &mut self,
        today: i32,
        keep_days: i32,
        fallback_validity_days: i32,
    ) -> Result<(u64, Vec<[u8; 32]>), StoreError> {
        let mut tx = self.client.transaction()?;
        // The list's row lock orders prunes and revocations of all processes.
        tx.execute(
            "SELECT 1 FROM lists WHERE name = 'revocation' FOR UPDATE",
            &[],
        )?;
        let pruned = tx.execute(
            "DELETE FROM revoked_devices
             WHERE coalesce(credentials_until, (revoked_at / 86400)::integer + $2) + $3 < $1",
            &[&today, &fallback_validity_days, &keep_days],
        )?;
        if pruned > 0 {
            bump(&mut tx, "revocation")?;
        }
        let sequence: i64 = tx
            .query_one("SELECT sequence FROM lists WHERE name = 'revocation'", &[])?
            .get(0);
        let devices = tx
            .query(
                "SELECT device_key FROM revoked_devices ORDER BY revoked_at, device_key",
                &[],
            )?
            .into_iter()
            .map(|r| key32(r.get(0)))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit()?;
        Ok((sequence as u64, devices))
    }

    fn revoke_desk(&mut self, desk_key_id: &[u8; 16], now: i64) -> Result<bool, StoreError> {
        let mut tx = self.client.transaction()?;
        // The list's row lock orders the revocations of all processes.
        tx.execute(
            "SELECT 1 FROM lists WHERE name = 'desk_revocation' FOR UPDATE",
            &[],
        )?;
        let added = tx.execute(
            "INSERT INTO revoked_desks (desk_key_id, revoked_at) VALUES ($1, $2)
             ON CONFLICT (desk_key_id) DO NOTHING",
            &[&desk_key_id.as_slice(), &now],
        )?;
        if added > 0 {
            bump(&mut tx, "desk_revocation")?;
        }
        tx.commit()?;
        Ok(added > 0)
    }

    fn desk_revocation_snapshot(&mut self) -> Result<(u64, Vec<[u8; 16]>), StoreError> {
        let mut tx = self.client.transaction()?;
        let sequence: i64 = tx
            .query_one(
                "SELECT sequence FROM lists WHERE name = 'desk_revocation' FOR SHARE",
                &[],
            )?
            .get(0);
        let desks = tx
            .query(
                "SELECT desk_key_id FROM revoked_desks ORDER BY revoked_at, desk_key_id",
                &[],
            )?
            .into_iter()
            .map(|r| {
                let bytes: Vec<u8> = r.get(0);
                <[u8; 16]>::try_from(bytes.as_slice()).map_err(|_| StoreError::Damaged)
            })
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit()?;
        Ok((sequence as u64, desks))
    }

    fn trust_anchor_day(&mut self, today: i32) -> Result<i32, StoreError> {
        self.client.execute(
            "UPDATE lists SET anchor_day = $1 WHERE name = 'trust' AND anchor_day IS NULL",
            &[&today],
        )?;
        Ok(self
            .client
            .query_one("SELECT anchor_day FROM lists WHERE name = 'trust'", &[])?
            .get(0))
    }

    fn trust_sequence(&mut self, content_hash: &[u8; 32]) -> Result<u64, StoreError> {
        let mut tx = self.client.transaction()?;
        let row = tx.query_one(
            "SELECT sequence, content_hash FROM lists WHERE name = 'trust' FOR UPDATE",
            &[],
        )?;
        let (sequence, stored): (i64, Option<Vec<u8>>) = (row.get(0), row.get(1));
        let sequence = match stored {
            Some(hash) if hash == content_hash.as_slice() => sequence,
            None => sequence,
            Some(_) => sequence + 1,
        };
        tx.execute(
            "UPDATE lists SET sequence = $1, content_hash = $2 WHERE name = 'trust'",
            &[&sequence, &content_hash.as_slice()],
        )?;
        tx.commit()?;
        Ok(sequence as u64)
    }

    fn is_revoked(&mut self, device_key: &[u8; 32]) -> Result<bool, StoreError> {
        Ok(self
            .client
            .query_opt(
                "SELECT 1 FROM revoked_devices WHERE device_key = $1",
                &[&device_key.as_slice()],
            )?
            .is_some())
    }

    fn add_account(
        &mut self,
        username: &str,
        password_hash: &[u8],
        role: Role,
        now: i64,
    ) -> Result<bool, StoreError> {
        let added = self.client.execute(
            "INSERT INTO accounts (username, password_hash, role, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&username, &password_hash, &role.as_str(), &now],
        )?;
        Ok(added == 1)
    }

    fn account(&mut self, username: &str) -> Result<Option<Account>, StoreError> {
        Ok(self
            .client
            .query_opt(
                "SELECT password_hash, role, failures, locked_until FROM accounts
                 WHERE username = $1",
                &[&username],
            )?
            .map(|r| Account {
                password_hash: r.get(0),
                role: role(r.get(1)),
                failures: r.get::<_, i32>(2).max(0) as u32,
                locked_until: r.get(3),
            }))
    }

    fn login_failed(
        &mut self,
        username: &str,
        now: i64,
        max_failures: u32,
        lock_seconds: i64,
    ) -> Result<(), StoreError> {
        self.client.execute(
            "UPDATE accounts SET
                 locked_until = CASE WHEN failures + 1 >= $3 THEN $2::bigint + $4::bigint
                     ELSE locked_until END,
                 failures = CASE WHEN failures + 1 >= $3 THEN 0 ELSE failures + 1 END
             WHERE username = $1",
            &[&username, &now, &(max_failures as i32), &lock_seconds],
        )?;
        Ok(())
    }

    fn start_session(
        &mut self,
        username: &str,
        token_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.client.transaction()?;
        tx.execute("DELETE FROM sessions WHERE expires_at < $1", &[&now])?;
        tx.execute(
            "UPDATE accounts SET failures = 0 WHERE username = $1",
            &[&username],
        )?;
        tx.execute(
            "INSERT INTO sessions (token_hash, username, expires_at) VALUES ($1, $2, $3)",
            &[&token_hash.as_slice(), &username, &expires_at],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn account_list(&mut self) -> Result<Vec<AccountSummary>, StoreError> {
        Ok(self
            .client
            .query(
                "SELECT username, role, created_at, locked_until FROM accounts ORDER BY username",
                &[],
            )?
            .into_iter()
            .map(|r| AccountSummary {
                username: r.get(0),
                role: role(r.get(1)),
                created_at: r.get(2),
                locked_until: r.get(3),
            })
            .collect())
    }

    fn end_session(&mut self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.client.execute(
            "DELETE FROM sessions WHERE token_hash = $1",
            &[&token_hash.as_slice()],
        )?;
        Ok(())
    }

    fn session(
        &mut self,
        token_hash: &[u8; 32],
        now: i64,
    ) -> Result<Option<(String, Role)>, StoreError> {
        Ok(self
            .client
            .query_opt(
                "SELECT s.username, a.role FROM sessions s JOIN accounts a USING (username)
                 WHERE s.token_hash = $1 AND s.expires_at >= $2",
                &[&token_hash.as_slice(), &now],
            )?
            .map(|r| (r.get(0), role(r.get(1)))))
    }

    fn audit(
        &mut self,
        at: i64,
        actor: &str,
        action: &str,
        subject: Option<&[u8; 32]>,
    ) -> Result<(), StoreError> {
        self.client.execute(
            "INSERT INTO audit (at, actor, action, subject) VALUES ($1, $2, $3, $4)",
            &[&at, &actor, &action, &subject.map(|s| s.as_slice())],
        )?;
        Ok(())
    }

    fn audit_entries(
        &mut self,
        subject: Option<&[u8; 32]>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = self.client.query(
            "SELECT at, actor, action, subject FROM audit
             WHERE $1::bytea IS NULL OR subject = $1 ORDER BY id DESC LIMIT $2",
            &[&subject.map(|s| s.as_slice()), &i64::from(limit)],
        )?;
        rows.into_iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.get(0),
                    actor: r.get(1),
                    action: r.get(2),
                    subject: r.get::<_, Option<Vec<u8>>>(3).map(key32).transpose()?,
                })
            })
            .collect()
    }

    fn import_citizens(
        &mut self,
        lines: &mut dyn Iterator<Item = (usize, Result<Citizen, LineProblem>)>,
        now: i64,
        max_errors: usize,
    ) -> Result<ImportOutcome, StoreError> {
        let import_id = super::new_import_id();
        let mut tx = self.client.transaction()?;
        let upsert = tx.prepare(
            "INSERT INTO citizens (nik, record, imported_at, import_id, line)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (nik) DO UPDATE SET record = excluded.record,
                 imported_at = excluded.imported_at, import_id = excluded.import_id,
                 line = excluded.line
             WHERE citizens.import_id <> excluded.import_id",
        )?;
        let mut errors = Vec::new();
        let mut imported = 0usize;
        for (line, parsed) in lines {
            let problem = match parsed {
                Err(problem) => Some(problem),
                Ok(citizen) => {
                    let nik = citizen.ktp.nik.expose();
                    let changed = tx.execute(
                        &upsert,
                        &[
                            &nik,
                            &citizen.to_json(),
                            &now,
                            &import_id.as_slice(),
                            &(line as i64),
                        ],
                    )?;
                    if changed == 1 {
                        imported += 1;
                        None
                    } else {
                        let first: i64 = tx
                            .query_one("SELECT line FROM citizens WHERE nik = $1", &[&nik])?
                            .get(0);
                        Some(LineProblem::Duplicate {
                            first_line: first as usize,
                        })
                    }
                }
            };
            if let Some(problem) = problem {
                errors.push(LineError { line, problem });
                if errors.len() >= max_errors.max(1) {
                    break;
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

    fn citizen(&mut self, nik: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .client
            .query_opt("SELECT record FROM citizens WHERE nik = $1", &[&nik])?
            .map(|r| r.get(0)))
    }

    fn citizen_count(&mut self) -> Result<u64, StoreError> {
        let count: i64 = self
            .client
            .query_one("SELECT count(*) FROM citizens", &[])?
            .get(0);
        Ok(count as u64)
    }
}
