//! The biometric key store as a foreign trait: an Android Keystore key with user authentication
//! behind BiometricPrompt (Kotlin), or a Secure Enclave key with a biometric access control
//! behind LocalAuthentication (Swift). The core sees it as its own `BiometricKeystore`. Optional:
//! a shell that gives none (`IkdApp::set_biometric_keystore(null)`) shows no biometric option.

use std::sync::Arc;

use ikd_core::biometric::{
    BiometricError, BiometricKeystore as CoreBiometricKeystore, BiometricPrompt,
};
use zeroize::Zeroizing;

#[uniffi::remote(Record)]
struct BiometricPrompt {
    title: String,
    subtitle: String,
    cancel: String,
}

/// Why the platform's biometric key could not answer (no variant carries key material).
#[derive(Debug, uniffi::Error)]
pub enum BiometricFailure {
    /// The citizen closed the prompt or chose "use PIN".
    Cancelled,
    /// The enrolled fingerprints or faces changed: the platform invalidated the key
    /// (`KeyPermanentlyInvalidatedException`, `errSecItemNotFound` after a change).
    Invalidated,
    /// No sensor, nothing enrolled, or the platform's own lockout.
    NotAvailable,
    /// The key does not exist.
    KeyNotFound,
}

impl std::fmt::Display for BiometricFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BiometricFailure::Cancelled => "biometric prompt cancelled",
            BiometricFailure::Invalidated => "biometric key invalidated",
            BiometricFailure::NotAvailable => "biometrics not available",
            BiometricFailure::KeyNotFound => "biometric key not found",
        })
    }
}

impl std::error::Error for BiometricFailure {}

impl From<uniffi::UnexpectedUniFFICallbackError> for BiometricFailure {
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        // A shell bug in the callback: the PIN pad is the way in.
        BiometricFailure::NotAvailable
    }
}

/// A key that answers only after a biometric check, implemented by the shell. `derive` shows
/// the prompt and blocks until the citizen is recognised or cancels (it is called on the
/// background thread of a `RunTask` effect, never on the main thread).
#[uniffi::export(with_foreign)]
pub trait BiometricKeystore: Send + Sync {
    /// Whether a sensor exists and at least one fingerprint or face is enrolled now.
    fn is_available(&self) -> bool;
    /// Creates (or replaces) `alias`, usable only after a biometric check and invalidated when
    /// the enrolment changes.
    fn create_key(&self, alias: String) -> Result<(), BiometricFailure>;
    /// Shows `prompt`; once recognised, the keyed function (HMAC-SHA256 or equivalent, at least
    /// 32 bytes) of `input` under `alias`.
    fn derive(
        &self,
        alias: String,
        input: Vec<u8>,
        prompt: BiometricPrompt,
    ) -> Result<Vec<u8>, BiometricFailure>;
    /// Deletes `alias` (missing is fine).
    fn delete_key(&self, alias: String) -> Result<(), BiometricFailure>;
}

/// Adapts the foreign key store to the core's trait.
pub(crate) struct ForeignBiometrics(pub(crate) Arc<dyn BiometricKeystore>);

fn to_core(error: BiometricFailure) -> BiometricError {
    match error {
        BiometricFailure::Cancelled => BiometricError::Cancelled,
        BiometricFailure::Invalidated => BiometricError::Invalidated,
        BiometricFailure::NotAvailable => BiometricError::NotAvailable,
        BiometricFailure::KeyNotFound => BiometricError::KeyNotFound,
    }
}

impl CoreBiometricKeystore for ForeignBiometrics {
    fn is_available(&self) -> bool {
        self.0.is_available()
    }

    fn create_key(&self, alias: &str) -> Result<(), BiometricError> {
        self.0.create_key(alias.to_string()).map_err(to_core)
    }

    fn derive(
        &self,
        alias: &str,
        input: &[u8],
        prompt: &BiometricPrompt,
    ) -> Result<Zeroizing<Vec<u8>>, BiometricError> {
        self.0
            .derive(alias.to_string(), input.to_vec(), prompt.clone())
            .map(Zeroizing::new)
            .map_err(to_core)
    }

    fn delete_key(&self, alias: &str) -> Result<(), BiometricError> {
        self.0.delete_key(alias.to_string()).map_err(to_core)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Rust implementation of the foreign trait, as a shell writes it: one fixed key, and the
    /// next answer chosen by the test.
    struct Shell {
        answer: std::sync::Mutex<Option<BiometricFailure>>,
    }

    impl BiometricKeystore for Shell {
        fn is_available(&self) -> bool {
            true
        }
        fn create_key(&self, _alias: String) -> Result<(), BiometricFailure> {
            Ok(())
        }
        fn derive(
            &self,
            alias: String,
            input: Vec<u8>,
            prompt: BiometricPrompt,
        ) -> Result<Vec<u8>, BiometricFailure> {
            assert_eq!(prompt.cancel, "Pakai PIN");
            match self.answer.lock().map(|mut a| a.take()) {
                Ok(Some(failure)) => Err(failure),
                _ => Ok([alias.as_bytes(), &input].concat()),
            }
        }
        fn delete_key(&self, _alias: String) -> Result<(), BiometricFailure> {
            Ok(())
        }
    }

    #[test]
    fn each_foreign_failure_reaches_the_core_as_the_same_reason_and_answers_pass_through() {
        let shell = Arc::new(Shell {
            answer: std::sync::Mutex::new(None),
        });
        let adapter = ForeignBiometrics(shell.clone());
        let prompt = BiometricPrompt {
            title: "Buka IKD".into(),
            subtitle: String::new(),
            cancel: "Pakai PIN".into(),
        };
        assert_eq!(
            adapter.derive("k", b"in", &prompt).map(|a| a.to_vec()),
            Ok(b"kin".to_vec())
        );
        for (failure, expected) in [
            (BiometricFailure::Cancelled, BiometricError::Cancelled),
            (BiometricFailure::Invalidated, BiometricError::Invalidated),
            (BiometricFailure::NotAvailable, BiometricError::NotAvailable),
            (BiometricFailure::KeyNotFound, BiometricError::KeyNotFound),
        ] {
            *shell.answer.lock().unwrap_or_else(|e| e.into_inner()) = Some(failure);
            assert_eq!(adapter.derive("k", b"in", &prompt).err(), Some(expected));
        }
    }
}
