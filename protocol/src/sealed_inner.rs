//! The encrypted part of a desk answer: `time (u32 BE) || device signature (64) || issuer
//! signature (64) || credential`, sealed with ChaCha20-Poly1305 under a 44-byte HKDF output
//! (key = bytes 0..32, nonce = 32..44). The answer derives the key and the associated data; the
//! layout and the AEAD live here, apart from the key agreement.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use zeroize::Zeroizing;

use crate::credential::SignedCredential;

/// Bytes of the inner part before the credential: time and the two signatures.
pub(crate) const INNER_FIXED_LEN: usize = 4 + 64 + 64;

/// The inner part, opened.
pub(crate) struct Inner {
    /// Unix seconds or time window, as the wallet signed it.
    pub time: u32,
    /// The device's signature over the format's own message.
    pub device_signature: [u8; 64],
    /// The credential as the issuer signed it.
    pub signed: SignedCredential,
}

/// Why the inner part could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InnerError {
    /// Damaged, forged, or sealed under other keys.
    Decryption,
    /// Decrypted, but too short for the layout.
    Malformed,
}

/// Seals the inner part under `okm` with `aad`; the ciphertext includes the 16-byte tag.
pub(crate) fn seal(
    okm: &[u8; 44],
    aad: &[u8],
    time: u32,
    device_signature: &[u8; 64],
    signed: &SignedCredential,
) -> Result<Vec<u8>, InnerError> {
    let mut inner = Zeroizing::new(Vec::with_capacity(
        INNER_FIXED_LEN + signed.credential.len(),
    ));
    inner.extend_from_slice(&time.to_be_bytes());
    inner.extend_from_slice(device_signature);
    inner.extend_from_slice(&signed.signature);
    inner.extend_from_slice(&signed.credential);
    ChaCha20Poly1305::new(okm[..32].into())
        .encrypt(Nonce::from_slice(&okm[32..]), Payload { msg: &inner, aad })
        .map_err(|_| InnerError::Malformed)
}

/// Opens a ciphertext made by [`seal`].
pub(crate) fn open(okm: &[u8; 44], aad: &[u8], ciphertext: &[u8]) -> Result<Inner, InnerError> {
    let inner = Zeroizing::new(
        ChaCha20Poly1305::new(okm[..32].into())
            .decrypt(
                Nonce::from_slice(&okm[32..]),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| InnerError::Decryption)?,
    );
    // The callers bound the length already; split without panicking anyway.
    let (time, rest) = inner
        .split_first_chunk::<4>()
        .ok_or(InnerError::Malformed)?;
    let (device_signature, rest) = rest
        .split_first_chunk::<64>()
        .ok_or(InnerError::Malformed)?;
    let (issuer_signature, credential) = rest
        .split_first_chunk::<64>()
        .ok_or(InnerError::Malformed)?;
    Ok(Inner {
        time: u32::from_be_bytes(*time),
        device_signature: *device_signature,
        signed: SignedCredential {
            credential: credential.to_vec(),
            signature: *issuer_signature,
        },
    })
}
