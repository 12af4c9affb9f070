//! The IDQR presentation: a credential, device-signed for one time window and one verifier,
//! encrypted to that verifier's X25519 key. Layout (docs/qr-format.md is normative):
//!
//! ```text
//! payload = header (6 B) || ephemeral X25519 public key (32 B) || ChaCha20-Poly1305(inner) (+16 B tag)
//! header  = version (1) || flags (1) || verifier key id (4)
//! inner   = window t (u32 BE) || device signature (64) || issuer signature (64) || credential bytes
//! key, nonce = HKDF-SHA256(salt = "IKD-IDQR-v1", ikm = X25519(e, V),
//!                          info = header || ephemeral pk || verifier pk) -> 32 + 12 bytes
//! device signature = Ed25519(device key, "IKD-presentation-v1\0" || SHA-256(credential || issuer sig)
//!                            || t (u32 BE) || verifier key id || ephemeral pk)
//! ```

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::credential::{MAX_CREDENTIAL_LEN, SignedCredential};
use crate::sealed_inner::{self, InnerError};
use crate::time_window::{self, window_of};

/// Presentation format version (first byte of every payload).
pub const PRESENTATION_VERSION: u8 = 1;
/// Header length: version, flags, verifier key id.
pub const HEADER_LEN: usize = 6;
/// Bytes every payload adds to the credential: header, ephemeral key, tag, window, two signatures.
pub const FIXED_OVERHEAD: usize = HEADER_LEN + 32 + 16 + 4 + 64 + 64;
/// Largest payload accepted.
pub const MAX_PAYLOAD_LEN: usize = FIXED_OVERHEAD + MAX_CREDENTIAL_LEN;
/// Domain separation of the device signature.
pub const PRESENTATION_SIGNATURE_DOMAIN: &[u8] = b"IKD-presentation-v1\0";
const HKDF_SALT: &[u8] = b"IKD-IDQR-v1";
const VERIFIER_KEY_ID_DOMAIN: &[u8] = b"IKD-verifier-key-id-v1";

/// The first four bytes of SHA-256("IKD-verifier-key-id-v1" || X25519 public key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VerifierKeyId(pub [u8; 4]);

/// A verifier's public encryption key, as the trust list publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifierPublicKey {
    /// Its id (in every frame's header).
    pub key_id: VerifierKeyId,
    /// The X25519 public key.
    pub public_key: [u8; 32],
}

impl VerifierPublicKey {
    /// The entry for an X25519 public key, with its derived id.
    pub fn new(public_key: [u8; 32]) -> VerifierPublicKey {
        let digest = Sha256::new()
            .chain_update(VERIFIER_KEY_ID_DOMAIN)
            .chain_update(public_key)
            .finalize();
        VerifierPublicKey {
            key_id: VerifierKeyId([digest[0], digest[1], digest[2], digest[3]]),
            public_key,
        }
    }

    /// The public half of a verifier secret.
    pub fn of_secret(secret: &StaticSecret) -> VerifierPublicKey {
        VerifierPublicKey::new(PublicKey::from(secret).to_bytes())
    }
}

/// Why a frame could not be built or opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PresentationError {
    /// Too short, too long, or an unknown version.
    #[error("malformed QR payload")]
    Malformed,
    /// The frame is addressed to another verifier key.
    #[error("the QR is for another verifier")]
    OtherVerifier,
    /// Decryption failed: damaged or forged payload.
    #[error("the QR could not be decrypted")]
    Decryption,
    /// The ephemeral key is a low-order point (shared secret all zero).
    #[error("invalid ephemeral key")]
    WeakKey,
    /// The device signature does not verify with the credential's device key.
    #[error("the device signature is not valid")]
    BadDeviceSignature,
    /// The time is outside what a window can express.
    #[error("the time is out of range")]
    TimeOutOfRange,
    /// No randomness for the ephemeral key.
    #[error("no randomness available")]
    NoRandomness,
}

/// A frame ready to be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The QR payload bytes (byte mode).
    pub payload: Vec<u8>,
    /// The time window signed into it.
    pub window: u32,
    /// When the wallet should draw the next frame (unix seconds).
    pub refresh_at: i64,
    /// The last second a verifier accepts it (unix seconds).
    pub valid_until: i64,
}

/// A decrypted frame, before the device signature is checked against the credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedFrame {
    /// The credential as the issuer signed it.
    pub signed: SignedCredential,
    /// The window the device signed.
    pub window: u32,
    /// The verifier key the frame is addressed to.
    pub verifier_key_id: VerifierKeyId,
    device_signature: [u8; 64],
    ephemeral_public_key: [u8; 32],
}

fn device_message(
    signed: &SignedCredential,
    window: u32,
    verifier: VerifierKeyId,
    ephemeral: &[u8; 32],
) -> Vec<u8> {
    let digest = Sha256::new()
        .chain_update(&signed.credential)
        .chain_update(signed.signature)
        .finalize();
    let mut message = Vec::with_capacity(PRESENTATION_SIGNATURE_DOMAIN.len() + 32 + 4 + 4 + 32);
    message.extend_from_slice(PRESENTATION_SIGNATURE_DOMAIN);
    message.extend_from_slice(&digest);
    message.extend_from_slice(&window.to_be_bytes());
    message.extend_from_slice(&verifier.0);
    message.extend_from_slice(ephemeral);
    message
}

fn header(verifier: VerifierKeyId) -> [u8; HEADER_LEN] {
    let mut header = [0u8; HEADER_LEN];
    header[0] = PRESENTATION_VERSION;
    header[1] = 0; // flags: none defined in version 1
    header[2..].copy_from_slice(&verifier.0);
    header
}

/// Key and nonce for one frame, from the X25519 shared secret.
fn frame_key(
    shared: &[u8; 32],
    header: &[u8; HEADER_LEN],
    ephemeral: &[u8; 32],
    verifier: &[u8; 32],
) -> Result<Zeroizing<[u8; 44]>, PresentationError> {
    if shared.iter().all(|&b| b == 0) {
        return Err(PresentationError::WeakKey);
    }
    let mut info = Vec::with_capacity(HEADER_LEN + 64);
    info.extend_from_slice(header);
    info.extend_from_slice(ephemeral);
    info.extend_from_slice(verifier);
    let mut okm = Zeroizing::new([0u8; 44]);
    Hkdf::<Sha256>::new(Some(HKDF_SALT), shared)
        .expand(&info, okm.as_mut())
        .map_err(|_| PresentationError::Malformed)?;
    Ok(okm)
}

/// Builds a frame with a fresh ephemeral key from the operating system's randomness.
pub fn build_frame(
    signed: &SignedCredential,
    device_key: &SigningKey,
    verifier: &VerifierPublicKey,
    now_unix: i64,
) -> Result<Frame, PresentationError> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::getrandom(seed.as_mut()).map_err(|_| PresentationError::NoRandomness)?;
    build_frame_with_ephemeral(
        signed,
        device_key,
        verifier,
        now_unix,
        &StaticSecret::from(*seed),
    )
}

/// Builds a frame with a given ephemeral secret (test vectors; use [`build_frame`] otherwise).
pub fn build_frame_with_ephemeral(
    signed: &SignedCredential,
    device_key: &SigningKey,
    verifier: &VerifierPublicKey,
    now_unix: i64,
    ephemeral: &StaticSecret,
) -> Result<Frame, PresentationError> {
    if signed.credential.len() > MAX_CREDENTIAL_LEN {
        return Err(PresentationError::Malformed);
    }
    let window = window_of(now_unix).ok_or(PresentationError::TimeOutOfRange)?;
    let ephemeral_public = PublicKey::from(ephemeral).to_bytes();
    let header = header(verifier.key_id);
    let device_signature = device_key
        .sign(&device_message(
            signed,
            window,
            verifier.key_id,
            &ephemeral_public,
        ))
        .to_bytes();

    let shared = ephemeral.diffie_hellman(&PublicKey::from(verifier.public_key));
    let okm = frame_key(
        shared.as_bytes(),
        &header,
        &ephemeral_public,
        &verifier.public_key,
    )?;
    let mut aad = header.to_vec();
    aad.extend_from_slice(&ephemeral_public);
    let ciphertext = sealed_inner::seal(&okm, &aad, window, &device_signature, signed)
        .map_err(|_| PresentationError::Malformed)?;

    let mut payload = aad;
    payload.extend_from_slice(&ciphertext);
    Ok(Frame {
        payload,
        window,
        refresh_at: time_window::refresh_at(now_unix),
        valid_until: time_window::valid_until(window),
    })
}

/// The verifier key id a payload is addressed to, read from its clear header.
pub fn addressed_to(payload: &[u8]) -> Result<VerifierKeyId, PresentationError> {
    if payload.len() < FIXED_OVERHEAD || payload.len() > MAX_PAYLOAD_LEN {
        return Err(PresentationError::Malformed);
    }
    if payload[0] != PRESENTATION_VERSION || payload[1] != 0 {
        return Err(PresentationError::Malformed);
    }
    Ok(VerifierKeyId([
        payload[2], payload[3], payload[4], payload[5],
    ]))
}

/// Decrypts a payload with the verifier's secret key.
pub fn open_frame(
    payload: &[u8],
    verifier: &StaticSecret,
) -> Result<OpenedFrame, PresentationError> {
    let key_id = addressed_to(payload)?;
    let own = VerifierPublicKey::of_secret(verifier);
    if key_id != own.key_id {
        return Err(PresentationError::OtherVerifier);
    }
    let (aad, ciphertext) = payload.split_at(HEADER_LEN + 32);
    let header: [u8; HEADER_LEN] = aad[..HEADER_LEN]
        .try_into()
        .map_err(|_| PresentationError::Malformed)?;
    let ephemeral_public: [u8; 32] = aad[HEADER_LEN..]
        .try_into()
        .map_err(|_| PresentationError::Malformed)?;
    let shared = verifier.diffie_hellman(&PublicKey::from(ephemeral_public));
    let okm = frame_key(
        shared.as_bytes(),
        &header,
        &ephemeral_public,
        &own.public_key,
    )?;
    let inner = sealed_inner::open(&okm, aad, ciphertext).map_err(|e| match e {
        InnerError::Decryption => PresentationError::Decryption,
        InnerError::Malformed => PresentationError::Malformed,
    })?;
    Ok(OpenedFrame {
        signed: inner.signed,
        window: inner.time,
        verifier_key_id: key_id,
        device_signature: inner.device_signature,
        ephemeral_public_key: ephemeral_public,
    })
}

impl OpenedFrame {
    /// Checks the device signature (strict Ed25519) with the device key from the credential.
    pub fn check_device_signature(&self, device_key: &[u8; 32]) -> Result<(), PresentationError> {
        let key = VerifyingKey::from_bytes(device_key)
            .map_err(|_| PresentationError::BadDeviceSignature)?;
        let message = device_message(
            &self.signed,
            self.window,
            self.verifier_key_id,
            &self.ephemeral_public_key,
        );
        key.verify_strict(&message, &Signature::from_bytes(&self.device_signature))
            .map_err(|_| PresentationError::BadDeviceSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil_date::CivilDate;
    use crate::credential::issue_profiles;
    use crate::documents::Document;
    use crate::fixtures;
    use proptest::prelude::*;

    const NOW: i64 = 1_800_000_000;

    fn verifier_secret() -> StaticSecret {
        StaticSecret::from([0x5E; 32])
    }

    fn signed() -> SignedCredential {
        let device = fixtures::device_signing_key().verifying_key().to_bytes();
        let on = CivilDate::new(2026, 11, 22).unwrap();
        issue_profiles(
            &Document::Ktp(fixtures::sample_ktp()),
            device,
            &fixtures::issuer_signing_key(),
            on,
            365,
        )
        .remove(1)
    }

    fn frame() -> Frame {
        let verifier = VerifierPublicKey::of_secret(&verifier_secret());
        build_frame(&signed(), &fixtures::device_signing_key(), &verifier, NOW).unwrap()
    }

    #[test]
    fn a_frame_opens_with_the_verifier_key_and_the_device_signature_holds() {
        let frame = frame();
        let opened = open_frame(&frame.payload, &verifier_secret()).unwrap();
        assert_eq!(opened.signed, signed());
        assert_eq!(opened.window, window_of(NOW).unwrap());
        let device = fixtures::device_signing_key().verifying_key().to_bytes();
        assert_eq!(opened.check_device_signature(&device), Ok(()));
        assert_eq!(
            opened.check_device_signature(
                &SigningKey::from_bytes(&[3; 32]).verifying_key().to_bytes()
            ),
            Err(PresentationError::BadDeviceSignature)
        );
    }

    #[test]
    fn two_frames_of_the_same_instant_differ() {
        assert_ne!(frame().payload, frame().payload);
    }

    #[test]
    fn a_frame_for_another_verifier_is_refused() {
        let other = StaticSecret::from([0x77; 32]);
        assert_eq!(
            open_frame(&frame().payload, &other),
            Err(PresentationError::OtherVerifier)
        );
    }

    #[test]
    fn a_changed_ephemeral_key_cannot_be_decrypted() {
        let mut payload = frame().payload;
        payload[1] = 0;
        payload[12] ^= 1; // inside the ephemeral key (associated data)
        assert_eq!(
            open_frame(&payload, &verifier_secret()),
            Err(PresentationError::Decryption)
        );
    }

    #[test]
    fn the_payload_says_when_to_refresh_and_until_when_it_is_valid() {
        let frame = frame();
        assert_eq!(frame.refresh_at, NOW + 15);
        assert!(frame.valid_until >= NOW + 60);
        assert_eq!(
            frame.payload.len(),
            FIXED_OVERHEAD + signed().credential.len()
        );
    }

    #[test]
    fn a_low_order_ephemeral_key_is_refused() {
        let mut payload = frame().payload;
        payload[HEADER_LEN..HEADER_LEN + 32].copy_from_slice(&[0u8; 32]);
        assert_eq!(
            open_frame(&payload, &verifier_secret()),
            Err(PresentationError::WeakKey)
        );
    }

    proptest! {
        #[test]
        fn garbage_and_truncations_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), cut in any::<usize>()) {
            let _ = open_frame(&bytes, &verifier_secret());
            let payload = frame().payload;
            let cut = cut % payload.len();
            prop_assert!(open_frame(&payload[..cut], &verifier_secret()).is_err());
        }

        #[test]
        fn any_bit_flip_is_rejected(position in any::<usize>(), bit in 0u8..8) {
            let mut payload = frame().payload;
            let index = position % payload.len();
            payload[index] ^= 1 << bit;
            prop_assert!(open_frame(&payload, &verifier_secret()).is_err());
        }
    }
}
