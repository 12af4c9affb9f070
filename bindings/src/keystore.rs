//! The hardware keystore as a foreign trait: Android Keystore (Kotlin) or the Secure Enclave
//! (Swift) implement it; the core sees it as its `PlatformKeystore`.

use std::sync::Arc;

use ikd_core::{KeystoreError, PlatformKeystore};
use zeroize::Zeroizing;

/// Why the platform keystore could not answer.
#[derive(Debug, uniffi::Error)]
pub enum KeystoreFailure {
    /// The key does not exist on this device.
    KeyNotFound,
    /// A limited key (`create_limited_key`) has spent its uses: the hardware refuses it.
    LimitReached,
    /// The keystore failed; `reason` is short and secret-free.
    Unavailable {
        /// Diagnostic text (no key material).
        reason: String,
    },
}

impl std::fmt::Display for KeystoreFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeystoreFailure::KeyNotFound => f.write_str("hardware key not found"),
            KeystoreFailure::LimitReached => f.write_str("hardware key used up"),
            KeystoreFailure::Unavailable { reason } => write!(f, "keystore unavailable: {reason}"),
        }
    }
}

impl std::error::Error for KeystoreFailure {}

impl From<uniffi::UnexpectedUniFFICallbackError> for KeystoreFailure {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        KeystoreFailure::Unavailable {
            reason: format!("callback failed: {}", error.reason),
        }
    }
}

/// A hardware-keyed function, implemented by the shell. It must be deterministic per key and
/// return at least 32 bytes (e.g. HMAC-SHA256 with a key that never leaves secure hardware).
#[uniffi::export(with_foreign)]
pub trait HardwareKeystore: Send + Sync {
    /// Creates the key `alias` if missing (no use limit: the lockout seal key).
    fn ensure_key(&self, alias: String) -> Result<(), KeystoreFailure>;
    /// Creates a fresh key `alias` the hardware answers at most `max_uses` times (the PIN key),
    /// replacing any key of that name. A use beyond the limit fails with `LimitReached` (or
    /// `KeyNotFound` where the hardware deletes a used-up key). A platform that cannot count in
    /// hardware makes its strongest key instead, and `docs/security.md` says so.
    fn create_limited_key(&self, alias: String, max_uses: u32) -> Result<(), KeystoreFailure>;
    /// The keyed function of `input` under `alias`.
    fn derive(&self, alias: String, input: Vec<u8>) -> Result<Vec<u8>, KeystoreFailure>;
    /// Deletes `alias` (missing is fine).
    fn delete_key(&self, alias: String) -> Result<(), KeystoreFailure>;
}

/// Adapts the foreign keystore to the core's trait.
pub(crate) struct ForeignKeystore(pub(crate) Arc<dyn HardwareKeystore>);

fn to_core(error: KeystoreFailure) -> KeystoreError {
    match error {
        KeystoreFailure::KeyNotFound => KeystoreError::KeyNotFound,
        KeystoreFailure::LimitReached => KeystoreError::LimitReached,
        KeystoreFailure::Unavailable { reason } => KeystoreError::Unavailable { reason },
    }
}

impl PlatformKeystore for ForeignKeystore {
    fn ensure_key(&self, alias: &str) -> Result<(), KeystoreError> {
        self.0.ensure_key(alias.to_string()).map_err(to_core)
    }

    fn create_limited_key(&self, alias: &str, max_uses: u32) -> Result<(), KeystoreError> {
        self.0
            .create_limited_key(alias.to_string(), max_uses)
            .map_err(to_core)
    }

    fn derive(&self, alias: &str, input: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
        self.0
            .derive(alias.to_string(), input.to_vec())
            .map(Zeroizing::new)
            .map_err(to_core)
    }

    fn delete_key(&self, alias: &str) -> Result<(), KeystoreError> {
        self.0.delete_key(alias.to_string()).map_err(to_core)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_foreign_keystore_failure_becomes_the_same_core_error() {
        assert_eq!(
            to_core(KeystoreFailure::KeyNotFound),
            KeystoreError::KeyNotFound
        );
        assert_eq!(
            to_core(KeystoreFailure::LimitReached),
            KeystoreError::LimitReached
        );
        assert_eq!(
            to_core(KeystoreFailure::Unavailable { reason: "x".into() }),
            KeystoreError::Unavailable { reason: "x".into() }
        );
    }
}
