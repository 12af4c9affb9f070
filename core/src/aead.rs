//! Authenticated encryption of one value: XChaCha20-Poly1305 with a fresh random 24-byte nonce.
//!
//! The 24-byte nonce is large enough to draw at random for every write without counting (the
//! reason to pick XChaCha over ChaCha for storage). The associated data binds a sealed
//! value to where it belongs, so it cannot be moved to another row or slot.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use crate::secret::{SecretKey, random_array};

/// Length of the random nonce stored beside each sealed value.
pub const NONCE_LEN: usize = 24;

/// A sealed value: the nonce and the ciphertext with its 16-byte tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// Random nonce drawn for this write.
    pub nonce: [u8; NONCE_LEN],
    /// Ciphertext followed by the Poly1305 tag.
    pub ciphertext: Vec<u8>,
}

/// Sealing or opening failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AeadError {
    /// The operating system gave no randomness for the nonce.
    #[error("no randomness for the nonce")]
    NoRandomness,
    /// Wrong key, or the nonce, ciphertext, tag or associated data were changed.
    #[error("authentication failed")]
    Authentication,
}

/// Encrypts `plaintext` under `key`, binding `associated_data`.
pub fn seal(
    key: &SecretKey,
    plaintext: &[u8],
    associated_data: &[u8],
) -> Result<Sealed, AeadError> {
    let nonce = random_array::<NONCE_LEN>().map_err(|_| AeadError::NoRandomness)?;
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: associated_data,
            },
        )
        .map_err(|_| AeadError::Authentication)?;
    Ok(Sealed { nonce, ciphertext })
}

/// Decrypts a sealed value; any change to it or to `associated_data` is an error.
pub fn open(
    key: &SecretKey,
    sealed: &Sealed,
    associated_data: &[u8],
) -> Result<Zeroizing<Vec<u8>>, AeadError> {
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    cipher
        .decrypt(
            XNonce::from_slice(&sealed.nonce),
            Payload {
                msg: &sealed.ciphertext,
                aad: associated_data,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| AeadError::Authentication)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key() -> SecretKey {
        SecretKey::from_bytes([7; 32])
    }

    #[test]
    fn sealed_value_opens_with_the_same_key_and_associated_data() {
        let sealed = seal(&key(), b"hello", b"ad").unwrap();
        assert_eq!(&*open(&key(), &sealed, b"ad").unwrap(), b"hello");
        assert_ne!(sealed.ciphertext[..5], b"hello"[..]);
    }

    #[test]
    fn wrong_key_or_associated_data_fails() {
        let sealed = seal(&key(), b"hello", b"ad").unwrap();
        let other = SecretKey::from_bytes([8; 32]);
        assert_eq!(open(&other, &sealed, b"ad"), Err(AeadError::Authentication));
        assert_eq!(open(&key(), &sealed, b"ax"), Err(AeadError::Authentication));
    }

    #[test]
    fn no_nonce_repeats_in_a_million_seals() {
        let mut seen = std::collections::HashSet::with_capacity(1_000_000);
        for _ in 0..1_000_000 {
            assert!(seen.insert(seal(&key(), b"x", b"").unwrap().nonce));
        }
    }

    proptest! {
        #[test]
        fn any_bit_flip_in_nonce_ciphertext_tag_or_ad_is_an_error(
            plaintext in proptest::collection::vec(any::<u8>(), 0..64),
            ad in proptest::collection::vec(any::<u8>(), 1..32),
            which in 0usize..3,
            position in any::<usize>(),
            bit in 0u8..8,
        ) {
            let mut sealed = seal(&key(), &plaintext, &ad).unwrap();
            let mut ad = ad;
            let target: &mut [u8] = match which {
                0 => &mut sealed.nonce,
                1 => &mut sealed.ciphertext,
                _ => &mut ad,
            };
            let index = position % target.len();
            target[index] ^= 1 << bit;
            prop_assert_eq!(open(&key(), &sealed, &ad), Err(AeadError::Authentication));
        }
    }
}
