//! The issuer's state behind one trait, [`Store`], with two implementations: SQLite in the data
//! folder (the default, one process) and PostgreSQL (`--database postgres://...`, any number of
//! issuer processes as one service). Everything the processes must agree on lives here:
//! enrollments, challenges, bindings, revocations (of devices and of desks), list sequences, accounts, sessions, the audit
//! log, the per-client failure counts and the citizen registry.

pub mod postgres;
pub mod sqlite;

use std::path::Path;

use crate::accounts::Role;
use crate::registry::{Citizen, LineError, LineProblem};

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

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

/// An account as an admin sees it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    /// The name.
    pub username: String,
    /// `officer` or `admin`.
    pub role: Role,
    /// When it was made (unix seconds).
    pub created_at: i64,
    /// Logins refused until then (unix seconds; past: not locked).
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

/// What [`Store::import_citizens`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Every line was good: this many citizens were added or updated, in one transaction.
    Imported(usize),
    /// Some lines were bad (at most the first `max_errors`): nothing was written.
    Refused(Vec<LineError>),
}

/// A store failed: the database is unreachable, or refused a statement. Carries no value from
/// the request (the cause is logged by kind only).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("sqlite error")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[error("postgres error")]
    Postgres(#[from] ::postgres::Error),
    /// The schema is newer than this build, or a migration failed.
    #[error("schema error")]
    Migration(#[from] crate::schema::MigrationError),
    /// A stored value has the wrong shape (a key that is not 32 bytes): a damaged row.
    #[error("damaged row")]
    Damaged,
}

impl StoreError {
    /// What failed, by code only: database messages can quote values (PostgreSQL's detail
    /// lines name the key that clashed), and values here are NIKs.
    pub fn kind(&self) -> String {
        match self {
            StoreError::Sqlite(e) => format!("sqlite {:?}", e.sqlite_error_code()),
            StoreError::Postgres(e) => match e.code() {
                Some(state) => format!("postgres sqlstate {}", state.code()),
                None if e.is_closed() => "postgres connection closed".into(),
                None => "postgres client error".into(),
            },
            StoreError::Migration(crate::schema::MigrationError::NewerSchema(v)) => {
                format!("schema {v} is newer than this build")
            }
            StoreError::Migration(crate::schema::MigrationError::Sqlite(e)) => {
                format!("sqlite migration {:?}", e.sqlite_error_code())
            }
            StoreError::Damaged => "damaged row".into(),
        }
    }
}

/// Where the state lives: `postgres://...` or the data folder's SQLite file.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// `<data_dir>/issuer.sqlite3`.
    Sqlite,
    /// A PostgreSQL connection string (`postgres://user@host:port/dbname`).
    Postgres(String),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A connection string may carry a password.
        match self {
            Database::Sqlite => f.write_str("Sqlite"),
            Database::Postgres(_) => f.write_str("Postgres(<redacted>)"),
        }
    }
}

/// Opens the store `database` names (migrating its schema); SQLite in `data_dir`.
pub fn open(database: &Database, data_dir: &Path) -> Result<Box<dyn Store>, StoreError> {
    Ok(match database {
        Database::Sqlite => Box::new(SqliteStore::open(data_dir)?),
        Database::Postgres(url) => Box::new(PostgresStore::connect(url)?),
    })
}

/// The issuer's state. Every method is one transaction (or one statement): two processes on
/// one PostgreSQL database see each other's writes at once and never both win a race.
pub trait Store: Send {
    /// Records a new enrollment.
    fn add_enrollment(
        &mut self,
        id: &str,
        nik: &str,
        code_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError>;

    /// The enrollment `id`.
    fn enrollment(&mut self, id: &str) -> Result<Option<Enrollment>, StoreError>;

    /// Counts a wrong code against `id` (only when the NIK was right: see the activation
    /// handler).
    fn add_failure(&mut self, id: &str) -> Result<(), StoreError>;

    /// Stores a fresh activation challenge for `enrollment_id`, unless it already has `max_live`
    /// unexpired ones (then false). Expired challenges of every enrollment are deleted first, so
    /// the table holds at most `max_live` rows per usable enrollment.
    fn add_challenge(
        &mut self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
        expires_at: i64,
        max_live: u32,
    ) -> Result<bool, StoreError>;

    /// Uses up an activation challenge (deletes it): true only the first time, for its
    /// enrollment, before it expires.
    fn take_challenge(
        &mut self,
        challenge: &[u8; 32],
        enrollment_id: &str,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Stores a fresh refresh challenge for `device_key`, unless it already has `max_live`
    /// unexpired ones (then false); expired ones are deleted first.
    fn add_refresh_challenge(
        &mut self,
        challenge: &[u8; 32],
        device_key: &[u8; 32],
        now: i64,
        expires_at: i64,
        max_live: u32,
    ) -> Result<bool, StoreError>;

    /// Uses up a refresh challenge: true only the first time, for its device, before it expires.
    fn take_refresh_challenge(
        &mut self,
        challenge: &[u8; 32],
        device_key: &[u8; 32],
        now: i64,
    ) -> Result<bool, StoreError>;

    /// Records a failure of `kind` (`activation`, `login`) by `client`; failures of that kind
    /// from before `window_start` are deleted first, so the table holds one window.
    fn add_client_failure(
        &mut self,
        kind: &str,
        client: &str,
        now: i64,
        window_start: i64,
    ) -> Result<(), StoreError>;

    /// Failures of `kind` by `client` since `window_start`.
    fn client_failures(
        &mut self,
        kind: &str,
        client: &str,
        window_start: i64,
    ) -> Result<u32, StoreError>;

    /// Rows in the challenge tables (activation, refresh): what an unauthenticated caller can
    /// make the service store.
    fn challenge_rows(&mut self) -> Result<(u64, u64), StoreError>;

    /// Binds `device_key` to the citizen of `enrollment_id` and spends the enrollment, in one
    /// transaction that first re-checks it: unused, unexpired, for `nik`, fewer than
    /// `max_failures` wrong codes. Of two activations racing on one enrollment (two challenges),
    /// only the first binds; the other gets [`BindOutcome::EnrollmentSpent`]. The citizen's
    /// previous device, if any, is revoked in the same transaction.
    fn bind(
        &mut self,
        enrollment_id: &str,
        nik: &str,
        device_key: &[u8; 32],
        now: i64,
        max_failures: u32,
    ) -> Result<BindOutcome, StoreError>;

    /// The NIK a device key is bound to.
    fn nik_of_device(&mut self, device_key: &[u8; 32]) -> Result<Option<String>, StoreError>;

    /// Revokes the device bound to `nik` (lost phone); false if none was bound.
    fn revoke_nik(&mut self, nik: &str, now: i64) -> Result<bool, StoreError>;

    /// Records that credentials valid until `until_day` (days since 1970) were issued to
    /// `device_key`: the device stays on the revocation list, once revoked, until that day.
    fn record_issued(&mut self, device_key: &[u8; 32], until_day: i32) -> Result<(), StoreError>;

    /// The revocation list as it stands on `today`: its sequence and every revoked device whose
    /// credentials may still be valid, oldest first. First, in the same transaction, devices
    /// whose credentials all expired more than `keep_days` ago are pruned (a desk refuses an
    /// expired credential anyway; the margin covers desks whose clock runs late), and the
    /// sequence rises if any was. Devices revoked before their expiry was recorded count
    /// `fallback_validity_days` from their revocation.
    fn revocation_snapshot(
        &mut self,
        today: i32,
        keep_days: i32,
        fallback_validity_days: i32,
    ) -> Result<(u64, Vec<[u8; 32]>), StoreError>;

    /// Revokes the desk with key id `desk_key_id` (the verifier authority no longer vouches for
    /// it); the desk revocation list's sequence rises in the same transaction. False if it was
    /// already revoked (nothing changes).
    fn revoke_desk(&mut self, desk_key_id: &[u8; 16], now: i64) -> Result<bool, StoreError>;

    /// The desk revocation list as it stands: its sequence and every revoked desk key id, oldest
    /// first.
    fn desk_revocation_snapshot(&mut self) -> Result<(u64, Vec<[u8; 16]>), StoreError>;

    /// The day the trust list's validity periods count from, fixed at its first use (so that the
    /// content, and with it the sequence, does not change every day).
    fn trust_anchor_day(&mut self, today: i32) -> Result<i32, StoreError>;

    /// The trust list's sequence for content with hash `content_hash`: the stored one if the
    /// content is unchanged, one more (stored) if it changed.
    fn trust_sequence(&mut self, content_hash: &[u8; 32]) -> Result<u64, StoreError>;

    /// Whether `device_key` is revoked.
    fn is_revoked(&mut self, device_key: &[u8; 32]) -> Result<bool, StoreError>;

    /// Creates an account; false if the name is taken.
    fn add_account(
        &mut self,
        username: &str,
        password_hash: &[u8],
        role: Role,
        now: i64,
    ) -> Result<bool, StoreError>;

    /// The account `username`.
    fn account(&mut self, username: &str) -> Result<Option<Account>, StoreError>;

    /// Counts a failed login; the `max_failures`-th locks the account for `lock_seconds`.
    fn login_failed(
        &mut self,
        username: &str,
        now: i64,
        max_failures: u32,
        lock_seconds: i64,
    ) -> Result<(), StoreError>;

    /// A successful login: starts a session (stored as the token's hash) and clears the failure
    /// count; expired sessions are deleted.
    fn start_session(
        &mut self,
        username: &str,
        token_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError>;

    /// Every account, by name.
    fn account_list(&mut self) -> Result<Vec<AccountSummary>, StoreError>;

    /// Ends the session with this token hash.
    fn end_session(&mut self, token_hash: &[u8; 32]) -> Result<(), StoreError>;

    /// The account and role behind an unexpired session token hash.
    fn session(
        &mut self,
        token_hash: &[u8; 32],
        now: i64,
    ) -> Result<Option<(String, Role)>, StoreError>;

    /// Appends a line to the audit log.
    fn audit(
        &mut self,
        at: i64,
        actor: &str,
        action: &str,
        subject: Option<&[u8; 32]>,
    ) -> Result<(), StoreError>;

    /// The newest `limit` audit lines, newest first; only those about `subject` if given.
    fn audit_entries(
        &mut self,
        subject: Option<&[u8; 32]>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError>;

    /// Adds or updates every citizen of one registry extract, all or nothing: if any line is
    /// bad, or a NIK is on two lines, the transaction is rolled back and the bad lines (at most
    /// `max_errors`) are returned. Lines are checked to the end so that one run lists them all.
    fn import_citizens(
        &mut self,
        lines: &mut dyn Iterator<Item = (usize, Result<Citizen, LineProblem>)>,
        now: i64,
        max_errors: usize,
    ) -> Result<ImportOutcome, StoreError>;

    /// The registry line of `nik`, if the registry holds it.
    fn citizen(&mut self, nik: &str) -> Result<Option<String>, StoreError>;

    /// Citizens in the registry.
    fn citizen_count(&mut self) -> Result<u64, StoreError>;
}

/// A fresh id for one import run: tells a NIK repeated in this file from one an earlier import
/// wrote.
pub(crate) fn new_import_id() -> [u8; 16] {
    let mut id = [0u8; 16];
    // A clock-derived fallback is still unique per run: the id only has to differ between runs.
    if getrandom::getrandom(&mut id).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        id = nanos.to_le_bytes();
    }
    id
}
