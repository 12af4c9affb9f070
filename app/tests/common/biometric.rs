//! (A copy of core/tests/common/biometric.rs: the app tests need the same model and cannot reach
//! another crate's test support; one shared test-support crate would remove the copy.)
//!
//! A modelled biometric keystore with the platforms' semantics: a key per alias that answers only
//! when the (simulated) citizen is recognised, and that the platform invalidates for good when
//! the enrolled fingerprints or faces change.

use std::collections::HashMap;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use ikd_core::biometric::{BiometricError, BiometricKeystore, BiometricPrompt};
use sha2::Sha256;
use zeroize::Zeroizing;

/// What the next prompt answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touch {
    /// An enrolled finger: recognised.
    Recognised,
    /// The citizen closes the prompt.
    Cancel,
    /// The platform's own lockout after failed tries.
    PlatformLockout,
}

struct Key {
    secret: [u8; 32],
    /// The enrolment the key was made under; any later change invalidates it.
    enrolment: u32,
}

pub struct ModelledBiometrics {
    available: Mutex<bool>,
    enrolment: Mutex<u32>,
    next: Mutex<Touch>,
    keys: Mutex<HashMap<String, Key>>,
    /// Every prompt shown, to check its texts.
    pub prompts: Mutex<Vec<BiometricPrompt>>,
}

impl ModelledBiometrics {
    pub fn new() -> Self {
        ModelledBiometrics {
            available: Mutex::new(true),
            enrolment: Mutex::new(1),
            next: Mutex::new(Touch::Recognised),
            keys: Mutex::new(HashMap::new()),
            prompts: Mutex::new(Vec::new()),
        }
    }

    /// Someone adds or removes a finger or face in the phone's settings.
    pub fn change_enrolment(&self) {
        *self.enrolment.lock().unwrap() += 1;
    }

    pub fn set_available(&self, available: bool) {
        *self.available.lock().unwrap() = available;
    }

    pub fn answer_next(&self, touch: Touch) {
        *self.next.lock().unwrap() = touch;
    }

    pub fn key_count(&self) -> usize {
        self.keys.lock().unwrap().len()
    }
}

impl BiometricKeystore for ModelledBiometrics {
    fn is_available(&self) -> bool {
        *self.available.lock().unwrap()
    }

    fn create_key(&self, alias: &str) -> Result<(), BiometricError> {
        let mut secret = [0u8; 32];
        getrandom::getrandom(&mut secret).map_err(|_| BiometricError::NotAvailable)?;
        let enrolment = *self.enrolment.lock().unwrap();
        self.keys
            .lock()
            .unwrap()
            .insert(alias.to_owned(), Key { secret, enrolment });
        Ok(())
    }

    fn derive(
        &self,
        alias: &str,
        input: &[u8],
        prompt: &BiometricPrompt,
    ) -> Result<Zeroizing<Vec<u8>>, BiometricError> {
        self.prompts.lock().unwrap().push(prompt.clone());
        let keys = self.keys.lock().unwrap();
        let key = keys.get(alias).ok_or(BiometricError::KeyNotFound)?;
        if key.enrolment != *self.enrolment.lock().unwrap() {
            return Err(BiometricError::Invalidated);
        }
        if !self.is_available() {
            return Err(BiometricError::NotAvailable);
        }
        match *self.next.lock().unwrap() {
            Touch::Recognised => {}
            Touch::Cancel => return Err(BiometricError::Cancelled),
            Touch::PlatformLockout => return Err(BiometricError::NotAvailable),
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&key.secret).unwrap();
        mac.update(input);
        Ok(Zeroizing::new(mac.finalize().into_bytes().to_vec()))
    }

    fn delete_key(&self, alias: &str) -> Result<(), BiometricError> {
        self.keys.lock().unwrap().remove(alias);
        Ok(())
    }
}
