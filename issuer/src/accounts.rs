//! Officer and admin accounts: roles, password hashing (Argon2id) and session tokens, as pure
//! functions; the database keeps only hashes.

use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Enrolls citizens and revokes devices.
    Officer,
    /// Everything an officer does, and reads the audit log.
    Admin,
}

impl Role {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Admin => "admin",
        }
    }

    /// Reads a stored or typed role.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "officer" => Some(Role::Officer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Argon2id memory cost (KiB): OWASP's 19 MiB, t=2, p=1.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
/// Bytes of salt and of hash.
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;
/// Shortest password accepted for an account.
pub const MIN_PASSWORD_LEN: usize = 12;
/// Lifetime of a login session.
pub const SESSION_TTL_SECONDS: i64 = 8 * 3600;

fn argon2() -> Result<Argon2<'static>, argon2::Error> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, 1, Some(HASH_LEN))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A stored credential: salt || Argon2id(password, salt).
pub fn hash_password(password: &str) -> Result<Vec<u8>, argon2::Error> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::getrandom(&mut salt).map_err(|_| argon2::Error::SaltTooShort)?;
    let mut hash = Zeroizing::new([0u8; HASH_LEN]);
    argon2()?.hash_password_into(password.as_bytes(), &salt, hash.as_mut())?;
    Ok([&salt[..], &hash[..]].concat())
}

/// Whether `password` matches a credential from [`hash_password`] (constant-time compare).
pub fn verify_password(password: &str, stored: &[u8]) -> bool {
    let Some((salt, expected)) = stored.split_at_checked(SALT_LEN) else {
        return false;
    };
    let mut hash = Zeroizing::new([0u8; HASH_LEN]);
    let computed =
        argon2().and_then(|a| a.hash_password_into(password.as_bytes(), salt, hash.as_mut()));
    computed.is_ok() && bool::from(hash.ct_eq(expected))
}

/// A fresh session token (what the officer's client sends as the bearer token).
pub fn new_session_token() -> Result<Zeroizing<String>, getrandom::Error> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom::getrandom(bytes.as_mut())?;
    Ok(Zeroizing::new(format!(
        "ikds-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )))
}

/// What the database keeps of a session token.
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A user name: 3 to 32 lower-case letters, digits, dots, dashes.
pub fn valid_username(name: &str) -> bool {
    (3..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let stored = hash_password("kata-sandi-panjang").unwrap();
        assert!(verify_password("kata-sandi-panjang", &stored));
        assert!(!verify_password("kata-sandi-panjanG", &stored));
        assert!(!verify_password("kata-sandi-panjang", &stored[..10]));
        // Salted: the same password never hashes the same twice.
        assert_ne!(hash_password("kata-sandi-panjang").unwrap(), stored);
    }

    #[test]
    fn roles_and_user_names_are_checked() {
        assert_eq!(Role::parse("admin"), Some(Role::Admin));
        assert_eq!(Role::parse(Role::Officer.as_str()), Some(Role::Officer));
        assert_eq!(Role::parse("root"), None);
        assert!(valid_username("budi.contoh"));
        assert!(!valid_username("Budi"));
        assert!(!valid_username("a b"));
        assert!(!valid_username("ab"));
    }

    #[test]
    fn session_tokens_are_random_and_stored_hashed() {
        let a = new_session_token().unwrap();
        assert_ne!(*a, *new_session_token().unwrap());
        assert_ne!(token_hash(&a), token_hash("ikds-other"));
    }
}
