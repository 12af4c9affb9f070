//! Biometric unlock: a second slot that wraps the same master key under a platform key that only
//! answers after the citizen shows an enrolled fingerprint or face.
//!
//! - Off by default; turned on from an open session, turned off at any time.
//! - The PIN always works: the PIN slot is never touched by this module.
//! - The platform key is made so that the platform invalidates it when the enrolled fingerprints
//!   or faces change (Android `setInvalidatedByBiometricEnrollment(true)` on a key with
//!   `setUserAuthenticationRequired(true)`; iOS `.biometryCurrentSet`). The wallet then deletes
//!   the slot and asks for the PIN: someone who adds their own finger to the phone gets nothing.
//! - Ten wrong PINs erase this slot with everything else.
//! - It does not bypass the PIN lockout's erase, and it does not reset the PIN counter: only the
//!   PIN does. The platform limits biometric tries on its own (then it wants the phone's passcode).
//!
//! KEK = HKDF-SHA256(salt, platform answer to the salt, "IKD-biometric-kek-v1"); the master key
//! is sealed under it with XChaCha20-Poly1305.

use std::sync::Arc;

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::aead::{self, Sealed};
use crate::error::CoreError;
use crate::secret::{SecretKey, random_array};
use crate::session::Session;
use crate::sync::lock;
use crate::vault::{self, BiometricSlot};
use crate::wallet::Wallet;

const KEK_INFO: &[u8] = b"IKD-biometric-kek-v1";
const SLOT_AD: &[u8] = b"IKD-biometric-slot-v1";
/// Length of the slot's random salt (also the input the platform key answers).
pub const SALT_LEN: usize = 32;

/// Why the platform's biometric key could not answer. No variant carries key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BiometricError {
    /// The citizen closed the prompt or chose "use PIN".
    #[error("the biometric prompt was cancelled")]
    Cancelled,
    /// The enrolled fingerprints or faces changed since the key was made: the platform
    /// invalidated it, and it never answers again.
    #[error("the enrolled biometrics changed")]
    Invalidated,
    /// No sensor, nothing enrolled, or the platform's own lockout after too many failed tries.
    #[error("biometrics are not available now")]
    NotAvailable,
    /// The key does not exist (deleted, or another phone).
    #[error("the biometric key is missing")]
    KeyNotFound,
}

/// What the platform's biometric prompt shows, in the citizen's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BiometricPrompt {
    /// The prompt's title.
    pub title: String,
    /// One line under it.
    pub subtitle: String,
    /// The button that closes the prompt (the PIN pad stays).
    pub cancel: String,
}

/// A platform key that needs the user's biometric for every use (Android Keystore with user
/// authentication, iOS Secure Enclave with an access control); the shell implements it.
pub trait BiometricKeystore: Send + Sync {
    /// Whether a sensor exists and at least one fingerprint or face is enrolled now.
    fn is_available(&self) -> bool;

    /// Creates (or replaces) the key `alias`: usable only after a biometric check, invalidated by
    /// the platform when the enrolled biometrics change.
    fn create_key(&self, alias: &str) -> Result<(), BiometricError>;

    /// Shows `prompt`, and once the citizen is recognised computes the keyed function (HMAC-SHA256
    /// or the platform's equivalent; deterministic, at least 32 bytes) of `input` under `alias`.
    fn derive(
        &self,
        alias: &str,
        input: &[u8],
        prompt: &BiometricPrompt,
    ) -> Result<Zeroizing<Vec<u8>>, BiometricError>;

    /// Deletes the key `alias`; a missing key is not an error.
    fn delete_key(&self, alias: &str) -> Result<(), BiometricError>;
}

/// The platform key's alias for a wallet whose PIN key is `alias`.
pub(crate) fn biometric_alias(alias: &str) -> String {
    format!("{alias}-bio")
}

fn kek(
    keystore: &dyn BiometricKeystore,
    alias: &str,
    salt: &[u8; SALT_LEN],
    prompt: &BiometricPrompt,
) -> Result<SecretKey, BiometricError> {
    let answer = keystore.derive(alias, salt, prompt)?;
    if answer.len() < 32 {
        return Err(BiometricError::NotAvailable);
    }
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), &answer)
        .expand(KEK_INFO, &mut out[..])
        .map_err(|_| BiometricError::NotAvailable)?;
    Ok(SecretKey::from_bytes(*out))
}

impl Wallet {
    /// Whether biometric unlock is on for this wallet.
    pub fn biometric_enabled(&self) -> bool {
        self.vault_handle()
            .ok()
            .and_then(|v| lock(&v).biometric_slot().ok().flatten())
            .is_some()
    }

    /// Turns biometric unlock on from an open session: makes the platform key (the citizen
    /// confirms with a fingerprint or face once) and seals the master key under it.
    pub fn enable_biometric(
        &self,
        session: &Session,
        keystore: &Arc<dyn BiometricKeystore>,
        prompt: &BiometricPrompt,
    ) -> Result<(), CoreError> {
        if !keystore.is_available() {
            return Err(CoreError::Biometric(BiometricError::NotAvailable));
        }
        let vault = self.vault_handle()?;
        let alias = biometric_alias(&self.active_keystore_alias()?);
        keystore.create_key(&alias)?;
        let salt = random_array::<SALT_LEN>()?;
        let kek = match kek(&**keystore, &alias, &salt, prompt) {
            Ok(kek) => kek,
            Err(error) => {
                // A key nobody can use must not stay behind.
                let _ = keystore.delete_key(&alias);
                return Err(error.into());
            }
        };
        let wrapped = session.with_master_key(|master_key| {
            aead::seal(&kek, master_key.expose(), SLOT_AD).map_err(|_| CoreError::NoRandomness)
        })?;
        let slot = BiometricSlot {
            salt,
            wrapped_master_key: wrapped,
        };
        lock(&vault).write(|tx| vault::write_biometric_slot(tx, &slot))?;
        Ok(())
    }

    /// Turns biometric unlock off: the slot and the platform key are deleted. The PIN is
    /// untouched.
    pub fn disable_biometric(
        &self,
        keystore: &Arc<dyn BiometricKeystore>,
    ) -> Result<(), CoreError> {
        let vault = self.vault_handle()?;
        lock(&vault).write(vault::delete_biometric_slot)?;
        keystore.delete_key(&biometric_alias(&self.active_keystore_alias()?))?;
        Ok(())
    }

    /// Unlocks with a fingerprint or face. When the enrolled biometrics changed, the slot is
    /// deleted and [`BiometricError::Invalidated`] tells the app to ask for the PIN.
    pub fn unlock_with_biometric(
        &self,
        keystore: &Arc<dyn BiometricKeystore>,
        prompt: &BiometricPrompt,
    ) -> Result<Arc<Session>, CoreError> {
        let vault = self.vault_handle()?;
        // The same gate as the PIN: an erased or unfinished wallet has nothing to open.
        let alias = self.active_keystore_alias()?;
        let slot = lock(&vault)
            .biometric_slot()?
            .ok_or(CoreError::Biometric(BiometricError::KeyNotFound))?;
        let bio_alias = biometric_alias(&alias);
        let opened = kek(&**keystore, &bio_alias, &slot.salt, prompt)
            .map_err(CoreError::Biometric)
            .and_then(|kek| open_slot(&kek, &slot.wrapped_master_key));
        let master_key = match opened {
            Ok(master_key) => master_key,
            Err(
                error @ CoreError::Biometric(
                    BiometricError::Invalidated | BiometricError::KeyNotFound,
                ),
            ) => {
                // The enrolment changed (or the key is gone): this slot can never open again.
                log::info!("biometric key invalidated: slot deleted, the PIN is asked for");
                lock(&vault).write(vault::delete_biometric_slot)?;
                let _ = keystore.delete_key(&bio_alias);
                return Err(error);
            }
            Err(error) => return Err(error),
        };
        self.start_session_with(vault, master_key)
    }
}

fn open_slot(kek: &SecretKey, wrapped: &Sealed) -> Result<SecretKey, CoreError> {
    // A slot the platform key does not open was damaged or swapped: treated like a changed
    // enrolment (the PIN still opens the wallet).
    let bytes = aead::open(kek, wrapped, SLOT_AD)
        .map_err(|_| CoreError::Biometric(BiometricError::Invalidated))?;
    let key: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| CoreError::MalformedRecord)?;
    Ok(SecretKey::from_bytes(key))
}
