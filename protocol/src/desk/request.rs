//! What a desk shows the wallet: a request for one profile (a desk with a screen, fresh for every
//! citizen) or a printed desk card (a desk with only a scanner).
//!
//! ```text
//! session request = CBOR [1, certificate, profile (uint), issued at (uint, unix s),
//!                         nonce (bstr 16), desk ephemeral X25519 key (bstr 32)]
//! desk card       = CBOR [2, certificate, profile (uint)]
//! request hash    = SHA-256(the request's bytes)
//! ```
//!
//! The request carries no signature: only the holder of the certified static key can decrypt the
//! answer, because the answer's key mixes in a key agreement with it (see `answer`).

use minicbor::Decoder;
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};

use crate::cbor::{self, CborError, Writer};
use crate::desk::certificate::{CertificateError, DeskCertificate};
use crate::profile::DocType;

/// First item of a session request.
pub const KIND_SESSION: u8 = 1;
/// First item of a desk card.
pub const KIND_CARD: u8 = 2;
/// Length of a request nonce.
pub const NONCE_LEN: usize = 16;
/// Largest encoded request.
pub const MAX_REQUEST_LEN: usize = 400;

/// A desk with a screen asks for one profile, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRequest {
    /// The desk's certificate.
    pub certificate: DeskCertificate,
    /// The profile asked for.
    pub profile: DocType,
    /// When the desk made the request (unix seconds, the desk's clock).
    pub issued_at: u32,
    /// Fresh random bytes naming this request.
    pub nonce: [u8; NONCE_LEN],
    /// The desk's ephemeral X25519 public key, forgotten after the answer.
    pub ephemeral_key: [u8; 32],
}

/// A printed card: the certificate and the profile the desk asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskCard {
    /// The desk's certificate.
    pub certificate: DeskCertificate,
    /// The profile asked for.
    pub profile: DocType,
}

/// A scanned request of either kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskRequest {
    /// A desk with a screen.
    Session(SessionRequest),
    /// A printed desk card.
    Card(DeskCard),
}

/// Why a request could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Not a well-formed request (bad CBOR or text, unknown kind or profile, not canonical).
    #[error("malformed desk request: {0}")]
    Malformed(CborError),
}

impl From<CborError> for RequestError {
    fn from(e: CborError) -> Self {
        RequestError::Malformed(e)
    }
}

impl From<CertificateError> for RequestError {
    fn from(e: CertificateError) -> Self {
        match e {
            CertificateError::Malformed(c) => RequestError::Malformed(c),
        }
    }
}

impl DeskRequest {
    /// The desk's certificate.
    pub fn certificate(&self) -> &DeskCertificate {
        match self {
            DeskRequest::Session(r) => &r.certificate,
            DeskRequest::Card(c) => &c.certificate,
        }
    }

    /// The profile asked for.
    pub fn profile(&self) -> DocType {
        match self {
            DeskRequest::Session(r) => r.profile,
            DeskRequest::Card(c) => c.profile,
        }
    }

    /// The canonical encoding.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        match self {
            DeskRequest::Session(r) => {
                w.array(6).uint(KIND_SESSION.into());
                r.certificate.write(&mut w);
                w.uint(r.profile.code().into())
                    .uint(r.issued_at.into())
                    .bytes(&r.nonce)
                    .bytes(&r.ephemeral_key);
            }
            DeskRequest::Card(c) => {
                w.array(3).uint(KIND_CARD.into());
                c.certificate.write(&mut w);
                w.uint(c.profile.code().into());
            }
        }
        w.into_bytes()
    }

    /// SHA-256 of the encoding: what the answer is bound to.
    pub fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.encode()).into()
    }

    /// Decodes request bytes (CBOR).
    pub fn decode(bytes: &[u8]) -> Result<DeskRequest, RequestError> {
        if bytes.len() > MAX_REQUEST_LEN {
            return Err(CborError("too long").into());
        }
        let mut d = Decoder::new(bytes);
        let len = d.array().ok().flatten().ok_or(CborError("request"))?;
        let kind = cbor::byte(&mut d, "request kind")?;
        let request = match (kind, len) {
            (KIND_SESSION, 6) => {
                let certificate = DeskCertificate::read(&mut d)?;
                let profile = read_profile(&mut d)?;
                let issued_at = d.u32().map_err(|_| CborError("issued at"))?;
                let nonce = cbor::fixed_bytes(&mut d, "nonce")?;
                let ephemeral_key = cbor::fixed_bytes(&mut d, "ephemeral key")?;
                DeskRequest::Session(SessionRequest {
                    certificate,
                    profile,
                    issued_at,
                    nonce,
                    ephemeral_key,
                })
            }
            (KIND_CARD, 3) => {
                let certificate = DeskCertificate::read(&mut d)?;
                let profile = read_profile(&mut d)?;
                DeskRequest::Card(DeskCard {
                    certificate,
                    profile,
                })
            }
            _ => return Err(CborError("request kind").into()),
        };
        cbor::end(&d, bytes)?;
        if request.encode() != bytes {
            return Err(CborError("not canonical").into());
        }
        Ok(request)
    }

    /// Decodes what a camera read: the raw bytes (byte mode, what desks show) or the same bytes
    /// as base45 text (see [`crate::desk::scanned_bytes`]).
    pub fn decode_scanned(scanned: &[u8]) -> Result<DeskRequest, RequestError> {
        let bytes = crate::desk::scanned_bytes(scanned).ok_or(CborError("not base45 text"))?;
        DeskRequest::decode(&bytes)
    }
}

fn read_profile(d: &mut Decoder<'_>) -> Result<DocType, RequestError> {
    let code = cbor::byte(d, "profile")?;
    Ok(DocType::from_code(code).ok_or(CborError("profile"))?)
}

/// A session request for `profile` at `now` with the given nonce and ephemeral secret.
pub fn session_request(
    certificate: &DeskCertificate,
    profile: DocType,
    issued_at: u32,
    nonce: [u8; NONCE_LEN],
    ephemeral: &StaticSecret,
) -> DeskRequest {
    DeskRequest::Session(SessionRequest {
        certificate: certificate.clone(),
        profile,
        issued_at,
        nonce,
        ephemeral_key: PublicKey::from(ephemeral).to_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::fixtures;
    use crate::qr;
    use proptest::prelude::*;

    #[test]
    fn requests_and_cards_round_trip_through_bytes_and_text() {
        for request in [fixtures::session_request(), fixtures::card()] {
            let text = crate::base45::encode(&request.encode());
            assert_eq!(
                DeskRequest::decode_scanned(text.as_bytes()).unwrap(),
                request
            );
            assert_eq!(
                DeskRequest::decode_scanned(&request.encode()).unwrap(),
                request
            );
        }
    }

    #[test]
    fn the_largest_request_fits_version_11_in_text_form() {
        let mut request = fixtures::session_request();
        if let DeskRequest::Session(r) = &mut request {
            let mut body = r.certificate.body.clone();
            body.institution = "Ã".repeat(super::super::certificate::MAX_INSTITUTION_LEN / 2);
            body.desk = "W".repeat(super::super::certificate::MAX_DESK_NAME_LEN);
            body.allowed = super::super::certificate::ProfileSet::of(&DocType::ALL);
            body.valid_from = i32::MAX - 400;
            body.valid_until = i32::MAX;
            r.certificate = DeskCertificate::sign(body, &fixtures::authority());
            r.issued_at = u32::MAX;
        }
        let bytes = request.encode();
        assert_eq!(bytes.len(), 241, "docs/performance.md gives this size");
        assert!(qr::encode(&bytes).unwrap().version <= 11);
        let text = crate::base45::encode(&bytes);
        assert!(qr::encode_text(&text).unwrap().version <= 11);
    }

    #[test]
    fn an_unknown_kind_or_profile_is_refused() {
        let mut bytes = fixtures::card().encode();
        bytes[1] = 3; // kind 3
        assert!(DeskRequest::decode(&bytes).is_err());
        let mut bytes = fixtures::card().encode();
        let last = bytes.len() - 1;
        bytes[last] = 9; // profile 9
        assert!(DeskRequest::decode(&bytes).is_err());
    }

    proptest! {
        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = DeskRequest::decode_scanned(&bytes);
        }

        #[test]
        fn any_session_request_round_trips(nonce in any::<[u8; 16]>(), at in any::<u32>(), seed in any::<[u8; 32]>()) {
            let request = session_request(&fixtures::certificate(), DocType::KtpBasic, at, nonce, &StaticSecret::from(seed));
            prop_assert_eq!(DeskRequest::decode(&request.encode()).unwrap(), request);
        }
    }
}
