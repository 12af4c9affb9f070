//! A keystore that models the phone's secure hardware for the try-limit tests: HMAC-SHA256 under
//! keys held in this process's memory, and for a limited key a count of uses left held there too.
//! Nothing in the wallet folder (or the software keystore's folder) reaches it, which is what
//! KeyMint's usage count gives on Android: the tests edit, restore and roll back every file and
//! the count stays where the hardware left it.
#![allow(dead_code, clippy::unwrap_used)] // test support code, outside #[test] functions

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use ikd_core::{KeystoreError, PlatformKeystore, Wallet};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::{Phone, config};

/// How a used-up key behaves: KeyMint's keystore deletes a key whose count is spent (the next
/// use finds no key), a plain refusal is what the trait asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsedUp {
    /// The hardware answers `LimitReached`.
    Refuses,
    /// The hardware deleted the key after its last use: `KeyNotFound`.
    Deletes,
}

struct Key {
    secret: [u8; 32],
    /// None for a key without a limit.
    uses_left: Option<u32>,
}

/// The modelled secure hardware (shared by every "restart" of the app on one phone).
pub struct ModelledHardware {
    keys: Mutex<HashMap<String, Key>>,
    /// Every answer given by a limited key, per alias: what an attacker got out of the hardware.
    limited_answers: Mutex<HashMap<String, u32>>,
    used_up: UsedUp,
}

impl ModelledHardware {
    pub fn new(used_up: UsedUp) -> Arc<ModelledHardware> {
        Arc::new(ModelledHardware {
            keys: Mutex::new(HashMap::new()),
            limited_answers: Mutex::new(HashMap::new()),
            used_up,
        })
    }

    /// The aliases held, sorted.
    pub fn aliases(&self) -> Vec<String> {
        let mut aliases: Vec<String> = self.keys.lock().unwrap().keys().cloned().collect();
        aliases.sort();
        aliases
    }

    /// The aliases of the PIN keys held (`…-pin<generation>`, or a wallet's own alias for a key
    /// from before limited keys): everything but seal and biometric keys.
    pub fn pin_key_aliases(&self) -> Vec<String> {
        self.aliases()
            .into_iter()
            .filter(|a| !a.ends_with("-seal") && !a.ends_with("-bio"))
            .collect()
    }

    /// The uses left of `alias` (None: no such key, or a key without a limit).
    pub fn uses_left(&self, alias: &str) -> Option<u32> {
        self.keys.lock().unwrap().get(alias)?.uses_left
    }

    /// Whether `alias` is a key without a use limit.
    pub fn is_unlimited(&self, alias: &str) -> bool {
        matches!(self.keys.lock().unwrap().get(alias), Some(key) if key.uses_left.is_none())
    }

    /// How many answers limited keys gave in all (every one is a PIN guess or a wrapping).
    pub fn limited_answers(&self) -> u32 {
        self.limited_answers.lock().unwrap().values().sum()
    }

    /// The most answers any one limited key gave.
    pub fn most_answers_of_one_key(&self) -> u32 {
        self.limited_answers
            .lock()
            .unwrap()
            .values()
            .copied()
            .max()
            .unwrap_or(0)
    }

    /// Test set-up only: turns the limited key `from` into an unlimited key named `to`, the way a
    /// wallet made before limited keys held its PIN key.
    pub fn make_unlimited(&self, from: &str, to: &str) {
        let mut keys = self.keys.lock().unwrap();
        let key = keys.remove(from).unwrap();
        keys.insert(
            to.to_string(),
            Key {
                secret: key.secret,
                uses_left: None,
            },
        );
    }

    /// The keyed function, as the test computes a legacy value with it (no use is counted).
    pub fn answer_without_counting(&self, alias: &str, input: &[u8]) -> Vec<u8> {
        let keys = self.keys.lock().unwrap();
        hmac(&keys[alias].secret, input).to_vec()
    }
}

fn hmac(key: &[u8; 32], input: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(input);
    Zeroizing::new(mac.finalize().into_bytes().to_vec())
}

/// The trait over a shared [`ModelledHardware`].
pub struct HardwareKeystore(pub Arc<ModelledHardware>);

impl PlatformKeystore for HardwareKeystore {
    fn ensure_key(&self, alias: &str) -> Result<(), KeystoreError> {
        let mut keys = self.0.keys.lock().unwrap();
        keys.entry(alias.to_string()).or_insert_with(|| Key {
            secret: random_key(),
            uses_left: None,
        });
        Ok(())
    }

    fn create_limited_key(&self, alias: &str, max_uses: u32) -> Result<(), KeystoreError> {
        self.0.keys.lock().unwrap().insert(
            alias.to_string(),
            Key {
                secret: random_key(),
                uses_left: Some(max_uses),
            },
        );
        self.0.limited_answers.lock().unwrap().remove(alias);
        Ok(())
    }

    fn derive(&self, alias: &str, input: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
        let mut keys = self.0.keys.lock().unwrap();
        let key = keys.get_mut(alias).ok_or(KeystoreError::KeyNotFound)?;
        match key.uses_left {
            None => return Ok(hmac(&key.secret, input)),
            Some(0) => return Err(KeystoreError::LimitReached),
            Some(left) => key.uses_left = Some(left - 1),
        }
        let answer = hmac(&key.secret, input);
        if key.uses_left == Some(0) && self.0.used_up == UsedUp::Deletes {
            keys.remove(alias);
        }
        *self
            .0
            .limited_answers
            .lock()
            .unwrap()
            .entry(alias.to_string())
            .or_default() += 1;
        Ok(answer)
    }

    fn delete_key(&self, alias: &str) -> Result<(), KeystoreError> {
        self.0.keys.lock().unwrap().remove(alias);
        Ok(())
    }
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    getrandom::getrandom(&mut key).unwrap();
    key
}

/// A phone whose keystore is the modelled hardware.
pub struct HardwarePhone {
    pub phone: Phone,
    pub hardware: Arc<ModelledHardware>,
}

impl HardwarePhone {
    pub fn new(used_up: UsedUp) -> HardwarePhone {
        HardwarePhone {
            phone: Phone::new(),
            hardware: ModelledHardware::new(used_up),
        }
    }

    /// A phone set up with [`super::PIN`], locked.
    pub fn set_up(used_up: UsedUp) -> HardwarePhone {
        let phone = HardwarePhone::new(used_up);
        phone
            .open()
            .set_up(&super::PIN.into(), super::NIK)
            .unwrap()
            .lock();
        phone
    }

    /// The app started again over the same folder and the same hardware.
    pub fn open(&self) -> Wallet {
        Wallet::open(
            &self.phone.wallet_dir,
            Arc::new(HardwareKeystore(Arc::clone(&self.hardware))),
            self.phone.clock.clone(),
            config(),
        )
        .unwrap()
    }
}
