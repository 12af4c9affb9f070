//! The wallet's answer to one desk request: a credential, device-signed over the request and the
//! moment, encrypted so that only the certified desk can read it.
//!
//! ```text
//! answer    = header (10 B) || wallet ephemeral X25519 key (32 B) || ChaCha20-Poly1305(inner) (+16 B tag)
//! header    = 2 (format) || mode (1 = session, 2 = card) || reference (8 B)
//! reference = session: request hash[0..8]; card: desk key id[0..8]
//! inner     = time (u32 BE) || device signature (64) || issuer signature (64) || credential
//! time      = session: unix seconds; card: the 30-second window
//! ikm       = session: X25519(w, desk ephemeral) || X25519(w, desk static); card: X25519(w, desk static)
//! key||iv   = HKDF-SHA256(salt "IKD-answer-v2", ikm, info = header || wallet key || request hash) (32 + 12 B)
//! AAD       = header || wallet key
//! signed    = "IKD-answer-signature-v2\0" || mode || request hash || nonce (card: 16 zero bytes)
//!             || time (u32 BE) || wallet key || SHA-256(credential || issuer signature)
//! ```

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::credential::{MAX_CREDENTIAL_LEN, SignedCredential};
use crate::desk::request::{DeskRequest, NONCE_LEN};
use crate::sealed_inner::{self, InnerError};

/// First byte of every answer (1 was the retired frame format, never reused).
pub const ANSWER_VERSION: u8 = 2;
/// Mode byte of an answer to a session request.
pub const MODE_SESSION: u8 = 1;
/// Mode byte of an answer to a desk card.
pub const MODE_CARD: u8 = 2;
/// Header length.
pub const HEADER_LEN: usize = 10;
/// Bytes an answer adds to the credential.
pub const FIXED_OVERHEAD: usize = HEADER_LEN + 32 + 16 + 4 + 64 + 64;
/// Largest answer accepted.
pub const MAX_ANSWER_LEN: usize = FIXED_OVERHEAD + MAX_CREDENTIAL_LEN;
/// HKDF salt.
pub const ANSWER_HKDF_SALT: &[u8] = b"IKD-answer-v2";
/// Domain separation of the device signature.
pub const ANSWER_SIGNATURE_DOMAIN: &[u8] = b"IKD-answer-signature-v2\0";

/// Why an answer could not be built or opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Too short, too long, unknown version or mode.
    #[error("malformed answer")]
    Malformed,
    /// The header names another request or desk than the one it was opened with.
    #[error("the answer is for another request")]
    OtherRequest,
    /// Decryption failed: damaged, forged, or encrypted to other keys.
    #[error("the answer could not be decrypted")]
    Decryption,
    /// A key agreement gave the all-zero secret (a low-order point).
    #[error("invalid key")]
    WeakKey,
    /// The device signature does not verify.
    #[error("the device signature is not valid")]
    BadDeviceSignature,
    /// No randomness for the ephemeral key.
    #[error("no randomness available")]
    NoRandomness,
}

/// The clear header of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerHeader {
    /// [`MODE_SESSION`] or [`MODE_CARD`].
    pub mode: u8,
    /// Which request (session) or desk (card) it answers.
    pub reference: [u8; 8],
}

impl AnswerHeader {
    /// The header an answer to `request` carries.
    pub fn for_request(request: &DeskRequest) -> AnswerHeader {
        let mut reference = [0u8; 8];
        match request {
            DeskRequest::Session(_) => {
                reference.copy_from_slice(&request.hash()[..8]);
                AnswerHeader {
                    mode: MODE_SESSION,
                    reference,
                }
            }
            DeskRequest::Card(c) => {
                reference.copy_from_slice(&c.certificate.body.desk_key_id().0[..8]);
                AnswerHeader {
                    mode: MODE_CARD,
                    reference,
                }
            }
        }
    }

    /// The 10 header bytes.
    pub fn to_bytes(self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        h[0] = ANSWER_VERSION;
        h[1] = self.mode;
        h[2..].copy_from_slice(&self.reference);
        h
    }

    /// Reads the clear header of an answer (length bounds included).
    pub fn read(answer: &[u8]) -> Result<AnswerHeader, AnswerError> {
        if answer.len() < FIXED_OVERHEAD || answer.len() > MAX_ANSWER_LEN {
            return Err(AnswerError::Malformed);
        }
        if answer[0] != ANSWER_VERSION || !matches!(answer[1], MODE_SESSION | MODE_CARD) {
            return Err(AnswerError::Malformed);
        }
        let mut reference = [0u8; 8];
        reference.copy_from_slice(&answer[2..HEADER_LEN]);
        Ok(AnswerHeader {
            mode: answer[1],
            reference,
        })
    }
}

fn nonce_of(request: &DeskRequest) -> [u8; NONCE_LEN] {
    match request {
        DeskRequest::Session(r) => r.nonce,
        DeskRequest::Card(_) => [0u8; NONCE_LEN],
    }
}

/// The exact bytes the device signs.
pub fn signed_bytes(
    request: &DeskRequest,
    time: u32,
    wallet_key: &[u8; 32],
    signed: &SignedCredential,
) -> Vec<u8> {
    let header = AnswerHeader::for_request(request);
    let credential_hash = Sha256::new()
        .chain_update(&signed.credential)
        .chain_update(signed.signature)
        .finalize();
    let mut m = Vec::with_capacity(ANSWER_SIGNATURE_DOMAIN.len() + 1 + 32 + 16 + 4 + 32 + 32);
    m.extend_from_slice(ANSWER_SIGNATURE_DOMAIN);
    m.push(header.mode);
    m.extend_from_slice(&request.hash());
    m.extend_from_slice(&nonce_of(request));
    m.extend_from_slice(&time.to_be_bytes());
    m.extend_from_slice(wallet_key);
    m.extend_from_slice(&credential_hash);
    m
}

/// The key agreement input: one or two X25519 secrets, each refused if all zero.
pub fn key_material(
    shared_ephemeral: Option<&[u8; 32]>,
    shared_static: &[u8; 32],
) -> Result<Zeroizing<Vec<u8>>, AnswerError> {
    let mut ikm = Zeroizing::new(Vec::with_capacity(64));
    for shared in shared_ephemeral.into_iter().chain([shared_static]) {
        if shared.iter().all(|&b| b == 0) {
            return Err(AnswerError::WeakKey);
        }
        ikm.extend_from_slice(shared);
    }
    Ok(ikm)
}

/// The AEAD key (32 B) and nonce (12 B).
pub fn answer_key(
    ikm: &[u8],
    header: &[u8; HEADER_LEN],
    wallet_key: &[u8; 32],
    request_hash: &[u8; 32],
) -> Result<Zeroizing<[u8; 44]>, AnswerError> {
    let mut info = Vec::with_capacity(HEADER_LEN + 64);
    info.extend_from_slice(header);
    info.extend_from_slice(wallet_key);
    info.extend_from_slice(request_hash);
    let mut okm = Zeroizing::new([0u8; 44]);
    Hkdf::<Sha256>::new(Some(ANSWER_HKDF_SALT), ikm)
        .expand(&info, okm.as_mut())
        .map_err(|_| AnswerError::Malformed)?;
    Ok(okm)
}

fn shared(secret: &StaticSecret, public: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    Zeroizing::new(secret.diffie_hellman(&PublicKey::from(*public)).to_bytes())
}

/// Builds an answer with a fresh ephemeral key from the operating system's randomness. `time` is
/// unix seconds for a session request, the window for a desk card.
pub fn build_answer(
    request: &DeskRequest,
    signed: &SignedCredential,
    device_key: &SigningKey,
    time: u32,
) -> Result<Vec<u8>, AnswerError> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::getrandom(seed.as_mut()).map_err(|_| AnswerError::NoRandomness)?;
    build_answer_with_ephemeral(
        request,
        signed,
        device_key,
        time,
        &StaticSecret::from(*seed),
    )
}

/// Builds an answer with a given ephemeral secret (test vectors; use [`build_answer`] otherwise).
pub fn build_answer_with_ephemeral(
    request: &DeskRequest,
    signed: &SignedCredential,
    device_key: &SigningKey,
    time: u32,
    ephemeral: &StaticSecret,
) -> Result<Vec<u8>, AnswerError> {
    if signed.credential.len() > MAX_CREDENTIAL_LEN {
        return Err(AnswerError::Malformed);
    }
    let wallet_key = PublicKey::from(ephemeral).to_bytes();
    let header = AnswerHeader::for_request(request).to_bytes();
    let static_shared = shared(ephemeral, &request.certificate().body.static_key);
    let ephemeral_shared = match request {
        DeskRequest::Session(r) => Some(shared(ephemeral, &r.ephemeral_key)),
        DeskRequest::Card(_) => None,
    };
    let ikm = key_material(ephemeral_shared.as_deref(), &static_shared)?;
    let okm = answer_key(&ikm, &header, &wallet_key, &request.hash())?;

    let signature = device_key
        .sign(&signed_bytes(request, time, &wallet_key, signed))
        .to_bytes();
    let mut out = header.to_vec();
    out.extend_from_slice(&wallet_key);
    let ciphertext = sealed_inner::seal(&okm, &out, time, &signature, signed)
        .map_err(|_| AnswerError::Malformed)?;
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// A decrypted answer, before the credential and device signature are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedAnswer {
    /// The credential as the issuer signed it.
    pub signed: SignedCredential,
    /// Unix seconds (session) or window (card), as the wallet signed it.
    pub time: u32,
    /// The wallet's ephemeral public key.
    pub wallet_key: [u8; 32],
    device_signature: [u8; 64],
}

/// Opens an answer to `request` with the desk's static secret and, for a session request, the
/// request's ephemeral secret.
pub fn open_answer(
    answer: &[u8],
    request: &DeskRequest,
    static_secret: &StaticSecret,
    ephemeral_secret: Option<&StaticSecret>,
) -> Result<OpenedAnswer, AnswerError> {
    let header = AnswerHeader::read(answer)?;
    if header != AnswerHeader::for_request(request) {
        return Err(AnswerError::OtherRequest);
    }
    let (aad, ciphertext) = answer.split_at(HEADER_LEN + 32);
    let header_bytes = header.to_bytes();
    let wallet_key: [u8; 32] = aad[HEADER_LEN..]
        .try_into()
        .map_err(|_| AnswerError::Malformed)?;
    let static_shared = shared(static_secret, &wallet_key);
    let ephemeral_shared = match (request, ephemeral_secret) {
        (DeskRequest::Session(_), Some(secret)) => Some(shared(secret, &wallet_key)),
        (DeskRequest::Card(_), None) => None,
        _ => return Err(AnswerError::Decryption),
    };
    let ikm = key_material(ephemeral_shared.as_deref(), &static_shared)?;
    let okm = answer_key(&ikm, &header_bytes, &wallet_key, &request.hash())?;
    let inner = sealed_inner::open(&okm, aad, ciphertext).map_err(|e| match e {
        InnerError::Decryption => AnswerError::Decryption,
        InnerError::Malformed => AnswerError::Malformed,
    })?;
    Ok(OpenedAnswer {
        signed: inner.signed,
        time: inner.time,
        wallet_key,
        device_signature: inner.device_signature,
    })
}

impl OpenedAnswer {
    /// Checks the device signature (strict Ed25519) with the credential's device key.
    pub fn check_device_signature(
        &self,
        request: &DeskRequest,
        device_key: &[u8; 32],
    ) -> Result<(), AnswerError> {
        let key =
            VerifyingKey::from_bytes(device_key).map_err(|_| AnswerError::BadDeviceSignature)?;
        let message = signed_bytes(request, self.time, &self.wallet_key, &self.signed);
        key.verify_strict(&message, &Signature::from_bytes(&self.device_signature))
            .map_err(|_| AnswerError::BadDeviceSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::fixtures;
    use proptest::prelude::*;

    fn answer() -> Vec<u8> {
        build_answer(
            &fixtures::session_request(),
            &fixtures::signed_ktp_basic(),
            &crate::fixtures::device_signing_key(),
            fixtures::NOW as u32,
        )
        .unwrap()
    }

    #[test]
    fn an_answer_opens_with_both_desk_keys_and_its_signature_holds() {
        let request = fixtures::session_request();
        let opened = open_answer(
            &answer(),
            &request,
            &fixtures::desk_static(),
            Some(&fixtures::desk_ephemeral()),
        )
        .unwrap();
        assert_eq!(opened.signed, fixtures::signed_ktp_basic());
        let device = crate::fixtures::device_signing_key()
            .verifying_key()
            .to_bytes();
        assert_eq!(opened.check_device_signature(&request, &device), Ok(()));
        assert_eq!(
            opened.check_device_signature(&fixtures::card(), &device),
            Err(AnswerError::BadDeviceSignature)
        );
    }

    #[test]
    fn the_static_key_alone_or_the_ephemeral_key_alone_decrypts_nothing() {
        let request = fixtures::session_request();
        let other = StaticSecret::from([0x99; 32]);
        assert_eq!(
            open_answer(&answer(), &request, &fixtures::desk_static(), Some(&other)),
            Err(AnswerError::Decryption)
        );
        assert_eq!(
            open_answer(
                &answer(),
                &request,
                &other,
                Some(&fixtures::desk_ephemeral())
            ),
            Err(AnswerError::Decryption)
        );
        assert_eq!(
            open_answer(&answer(), &request, &fixtures::desk_static(), None),
            Err(AnswerError::Decryption)
        );
    }

    #[test]
    fn a_card_answer_opens_with_the_static_key() {
        let card = fixtures::card();
        let bytes = build_answer(
            &card,
            &fixtures::signed_ktp_basic(),
            &crate::fixtures::device_signing_key(),
            1234,
        )
        .unwrap();
        let opened = open_answer(&bytes, &card, &fixtures::desk_static(), None).unwrap();
        assert_eq!(opened.time, 1234);
        assert_eq!(
            open_answer(
                &bytes,
                &fixtures::session_request(),
                &fixtures::desk_static(),
                None
            ),
            Err(AnswerError::OtherRequest)
        );
    }

    #[test]
    fn a_low_order_wallet_key_is_refused() {
        let mut bytes = answer();
        bytes[HEADER_LEN..HEADER_LEN + 32].copy_from_slice(&[0u8; 32]);
        assert_eq!(
            open_answer(
                &bytes,
                &fixtures::session_request(),
                &fixtures::desk_static(),
                Some(&fixtures::desk_ephemeral())
            ),
            Err(AnswerError::WeakKey)
        );
    }

    proptest! {
        #[test]
        fn any_bit_flip_is_refused(position in any::<usize>(), bit in 0u8..8) {
            let mut bytes = answer();
            let index = position % bytes.len();
            bytes[index] ^= 1 << bit;
            prop_assert!(open_answer(&bytes, &fixtures::session_request(), &fixtures::desk_static(), Some(&fixtures::desk_ephemeral())).is_err());
        }

        #[test]
        fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = open_answer(&bytes, &fixtures::session_request(), &fixtures::desk_static(), Some(&fixtures::desk_ephemeral()));
        }

        #[test]
        fn answers_round_trip_for_any_time(time in any::<u32>()) {
            let request = fixtures::session_request();
            let bytes = build_answer(&request, &fixtures::signed_ktp_basic(), &crate::fixtures::device_signing_key(), time).unwrap();
            let opened = open_answer(&bytes, &request, &fixtures::desk_static(), Some(&fixtures::desk_ephemeral())).unwrap();
            prop_assert_eq!(opened.time, time);
        }
    }
}
