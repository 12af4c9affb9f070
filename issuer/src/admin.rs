//! What the operator does on the data folder itself, with the service stopped or running:
//! creating officer and admin accounts (`ikd issuer add-account`).

use std::path::Path;

use crate::accounts::{self, Role};
use crate::store::Store;

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

/// Creates an account with its own Argon2id-hashed password and a role in `data_dir`'s
/// database, and audits it (actor `operator`).
pub fn add_account(
    data_dir: &Path,
    username: &str,
    password: &str,
    role: Role,
    now: i64,
) -> Result<(), AccountError> {
    if !accounts::valid_username(username) {
        return Err(AccountError::BadUsername);
    }
    if password.chars().count() < accounts::MIN_PASSWORD_LEN {
        return Err(AccountError::WeakPassword);
    }
    std::fs::create_dir_all(data_dir).map_err(|_| AccountError::Storage)?;
    let store = Store::open(data_dir).map_err(|_| AccountError::Storage)?;
    let hash = accounts::hash_password(password).map_err(|_| AccountError::Storage)?;
    if !store
        .add_account(username, &hash, role, now)
        .map_err(|_| AccountError::Storage)?
    {
        return Err(AccountError::Exists);
    }
    store
        .audit(now, "operator", &format!("add_{}", role.as_str()), None)
        .map_err(|_| AccountError::Storage)
}
