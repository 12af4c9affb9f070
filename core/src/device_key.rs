//! The device key: an Ed25519 key made once per wallet, kept sealed in the vault.
//!
//! The issuer signs its public half into every credential, and the wallet signs every QR frame
//! with it, so a credential copied to another phone is useless.

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::secret::random_array;

/// The wallet's device signing key. Wiped on drop; `Debug` shows only the public key.
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    /// Makes a new random device key.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let seed = Zeroizing::new(random_array::<32>()?);
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// Restores the key from its stored 32-byte seed.
    pub fn from_seed(seed: &[u8]) -> Option<Self> {
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(seed.try_into().ok()?);
        Some(Self(SigningKey::from_bytes(&seed)))
    }

    /// The seed to store (sealed) in the vault.
    pub fn seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// The public key, for activation and for verifiers.
    pub fn public_key(&self) -> VerifyingKey {
        self.0.verifying_key()
    }

    /// Signs `message` (a domain-separated message built by the protocol).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }

    /// The signing key itself, for protocol functions that sign presentations.
    pub fn signing_key(&self) -> &SigningKey {
        &self.0
    }
}

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DeviceKey(public {:02x?})",
            &self.public_key().as_bytes()[..4]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Verifier;

    #[test]
    fn a_restored_key_signs_like_the_original() {
        let key = DeviceKey::generate().unwrap();
        let restored = DeviceKey::from_seed(key.seed().as_ref()).unwrap();
        assert_eq!(key.public_key(), restored.public_key());
        let signature = ed25519_dalek::Signature::from_bytes(&restored.sign(b"msg"));
        assert!(key.public_key().verify(b"msg", &signature).is_ok());
    }

    #[test]
    fn debug_shows_no_secret() {
        let key = DeviceKey::from_seed(&[9; 32]).unwrap();
        let shown = format!("{key:?}");
        assert!(shown.starts_with("DeviceKey(public"));
        assert!(!shown.contains("09, 09"));
    }

    #[test]
    fn a_seed_of_the_wrong_length_is_refused() {
        assert!(DeviceKey::from_seed(&[1; 31]).is_none());
    }
}
