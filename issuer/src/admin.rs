//! What the operator does on the data folder itself, with the service stopped or running:
//! creating officer and admin accounts (`ikd issuer add-account`) and importing the citizen
//! registry (`ikd issuer import-registry`), revoking a desk (`ikd issuer revoke-desk`, also
//! `POST /v1/admin/desk-revocations`).

use std::path::Path;

use crate::accounts::{self, Role};
use crate::registry::{self, Citizen, LineProblem};
use crate::store::{ImportOutcome, Store};

/// Why an account was not created.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The name is not 3-32 lower-case letters, digits, dots or dashes.
    #[error(
        "nama pengguna: 3-32 huruf kecil, angka, titik, tanda hubung / user name: 3-32 lower-case letters, digits, dots, dashes"
    )]
    BadUsername,
    /// The password is shorter than [`accounts::MIN_PASSWORD_LEN`].
    #[error("kata sandi minimal 12 karakter / the password needs at least 12 characters")]
    WeakPassword,
    /// The name is taken.
    #[error("nama pengguna sudah dipakai / the user name is taken")]
    Exists,
    /// The database or the hash failed.
    #[error("penyimpanan gagal / storage failed")]
    Storage,
}

/// Creates an account with its own Argon2id-hashed password and a role in `store`, and audits
/// it (actor `operator`).
pub fn add_account(
    store: &mut dyn Store,
    username: &str,
    password: &str,
    role: Role,
    now: i64,
) -> Result<(), AccountError> {
    let hash = account_hash(username, password)?;
    store_account(store, "operator", username, &hash, role, now)
}

/// Checks a new account's name and password and hashes the password (slow: Argon2id).
pub fn account_hash(username: &str, password: &str) -> Result<Vec<u8>, AccountError> {
    if !accounts::valid_username(username) {
        return Err(AccountError::BadUsername);
    }
    if password.chars().count() < accounts::MIN_PASSWORD_LEN {
        return Err(AccountError::WeakPassword);
    }
    accounts::hash_password(password).map_err(|_| AccountError::Storage)
}

/// Stores an account whose password [`account_hash`] hashed, audited as `actor`'s action.
pub fn store_account(
    store: &mut dyn Store,
    actor: &str,
    username: &str,
    password_hash: &[u8],
    role: Role,
    now: i64,
) -> Result<(), AccountError> {
    if !store
        .add_account(username, password_hash, role, now)
        .map_err(|_| AccountError::Storage)?
    {
        return Err(AccountError::Exists);
    }
    store
        .audit(now, actor, &format!("add_{}", role.as_str()), None)
        .map_err(|_| AccountError::Storage)
}

/// Why a desk was not revoked.
#[derive(Debug, thiserror::Error)]
pub enum DeskRevocationError {
    /// Not 32 hex digits (a desk key id is 16 bytes).
    #[error("id kunci loket: 32 digit heksadesimal / desk key id: 32 hexadecimal digits")]
    BadKeyId,
    /// The list is full ([`ikd_protocol::desk::revocation::MAX_REVOKED_DESKS`]).
    #[error("daftar loket dicabut sudah penuh / the desk revocation list is full")]
    ListFull,
    /// The database failed.
    #[error("penyimpanan gagal / storage failed")]
    Storage,
}

/// Parses a desk key id: 32 hex digits, as `ikd desk certify` prints it.
pub fn parse_desk_key_id(text: &str) -> Result<[u8; 16], DeskRevocationError> {
    if text.len() != 32 || !text.is_ascii() {
        return Err(DeskRevocationError::BadKeyId);
    }
    let mut id = [0u8; 16];
    for (i, byte) in id.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
            .map_err(|_| DeskRevocationError::BadKeyId)?;
    }
    Ok(id)
}

/// Revokes the desk `desk_key_id` in `store`, audited as `actor`'s `revoke_desk:<id>` (a desk
/// key id is public: it names a counter, not a person). Returns false if it was already revoked;
/// the next desk revocation list the service signs names it.
pub fn revoke_desk(
    store: &mut dyn Store,
    actor: &str,
    desk_key_id: &[u8; 16],
    now: i64,
) -> Result<bool, DeskRevocationError> {
    let (_, listed) = store
        .desk_revocation_snapshot()
        .map_err(|_| DeskRevocationError::Storage)?;
    if listed.contains(desk_key_id) {
        return Ok(false);
    }
    if listed.len() >= ikd_protocol::desk::revocation::MAX_REVOKED_DESKS {
        return Err(DeskRevocationError::ListFull);
    }
    let added = store
        .revoke_desk(desk_key_id, now)
        .map_err(|_| DeskRevocationError::Storage)?;
    if added {
        let hex: String = desk_key_id.iter().map(|b| format!("{b:02x}")).collect();
        store
            .audit(now, actor, &format!("revoke_desk:{hex}"), None)
            .map_err(|_| DeskRevocationError::Storage)?;
    }
    Ok(added)
}

/// Most bad lines one import run reports.
pub const MAX_REPORTED_LINE_ERRORS: usize = 100;

/// Why a registry import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The extract cannot be opened.
    #[error("berkas tidak bisa dibuka / the file cannot be opened")]
    Open,
    /// Some lines are bad; nothing was imported.
    #[error("{} baris salah, tidak ada yang diimpor / {} bad lines, nothing imported", .0.len(), .0.len())]
    Lines(Vec<crate::registry::LineError>),
    /// The database failed.
    #[error("penyimpanan gagal / storage failed")]
    Storage,
}

/// Imports a registry extract (JSON Lines, docs/issuer.md) into `store`, all or nothing, and
/// audits it (actor `operator`). Returns the citizens added or updated.
pub fn import_registry(store: &mut dyn Store, file: &Path, now: i64) -> Result<usize, ImportError> {
    let reader = std::fs::File::open(file).map_err(|_| ImportError::Open)?;
    let mut lines = RegistryLines::new(std::io::BufReader::new(reader));
    match store
        .import_citizens(&mut lines, now, MAX_REPORTED_LINE_ERRORS)
        .map_err(|_| ImportError::Storage)?
    {
        ImportOutcome::Refused(errors) => Err(ImportError::Lines(errors)),
        ImportOutcome::Imported(count) => {
            store
                .audit(now, "operator", "import_registry", None)
                .map_err(|_| ImportError::Storage)?;
            Ok(count)
        }
    }
}

/// The lines of an extract, numbered from 1, each parsed; blank lines are skipped. A line
/// longer than the limit is refused without being held in memory whole.
pub struct RegistryLines<R> {
    reader: R,
    number: usize,
    done: bool,
}

impl<R: std::io::BufRead> RegistryLines<R> {
    /// Lines of `reader`.
    pub fn new(reader: R) -> RegistryLines<R> {
        RegistryLines {
            reader,
            number: 0,
            done: false,
        }
    }
}

impl<R: std::io::BufRead> Iterator for RegistryLines<R> {
    type Item = (usize, Result<Citizen, LineProblem>);

    fn next(&mut self) -> Option<Self::Item> {
        use std::io::{BufRead, Read};
        loop {
            if self.done {
                return None;
            }
            self.number += 1;
            let mut bytes = zeroize::Zeroizing::new(Vec::new());
            let limit = (registry::MAX_LINE_BYTES + 2) as u64;
            let read = (&mut self.reader).take(limit).read_until(b'\n', &mut bytes);
            match read {
                Err(_) => {
                    self.done = true;
                    return Some((self.number, Err(LineProblem::Unreadable)));
                }
                Ok(0) => return None,
                Ok(_) => {}
            }
            if bytes.last() != Some(&b'\n') && bytes.len() as u64 == limit {
                // Skip the rest of the over-long line.
                let mut rest = Vec::new();
                if self.reader.read_until(b'\n', &mut rest).is_err() {
                    self.done = true;
                }
                return Some((self.number, Err(LineProblem::TooLong)));
            }
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return Some((self.number, Err(LineProblem::NotUtf8)));
            };
            let text = text.trim_end_matches(['\n', '\r']);
            if text.trim().is_empty() {
                continue;
            }
            return Some((self.number, registry::parse_line(text)));
        }
    }
}
