//! The desk revocation list: desks a verifier authority no longer vouches for, by desk key id.
//! Signed by that authority (it certified them, so it can withdraw them quickly, without the
//! offline trust root).
//!
//! ```text
//! signed list = CBOR [body (bstr), signature (bstr 64)]          (the same envelope as the trust list)
//! body        = CBOR [1, authority key id (bstr 8), sequence (uint), issued at (int, unix s),
//!                     [desk key id (bstr 16), ...]]
//! signature   = Ed25519(authority, "IKD-desk-revocation-list-v1\0" || body)
//! ```

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use minicbor::Decoder;

use crate::cbor::{self, CborError, Writer};
use crate::desk::certificate::{AuthorityKeyId, DeskKeyId};
use crate::trust::{SignedList, TrustList};

/// Format version of the list body.
pub const DESK_REVOCATION_VERSION: u8 = 1;
/// Domain separation of the authority's signature.
pub const DESK_REVOCATION_DOMAIN: &[u8] = b"IKD-desk-revocation-list-v1\0";
/// Most desks in one list.
pub const MAX_REVOKED_DESKS: usize = 100_000;

/// Why a desk revocation list was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeskRevocationError {
    /// Not a well-formed list.
    #[error("malformed desk revocation list: {0}")]
    Malformed(CborError),
    /// Signed by no authority of the trust list valid on that day.
    #[error("the desk revocation list is from an unknown authority")]
    UnknownAuthority,
    /// The signature does not verify.
    #[error("the desk revocation list signature is not valid")]
    BadSignature,
}

impl From<CborError> for DeskRevocationError {
    fn from(e: CborError) -> Self {
        DeskRevocationError::Malformed(e)
    }
}

/// A verified list of revoked desks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskRevocationList {
    /// The authority that signed it; it revokes only desks it certified.
    pub authority: AuthorityKeyId,
    /// Increases with every new list of this authority.
    pub sequence: u64,
    /// When it was made (unix seconds).
    pub issued_at: i64,
    /// Revoked desks.
    pub revoked: Vec<DeskKeyId>,
}

fn decode_body(body: &[u8]) -> Result<DeskRevocationList, DeskRevocationError> {
    let mut d = Decoder::new(body);
    cbor::array_of(&mut d, 5, "desk revocation list")?;
    if cbor::byte(&mut d, "version")? != DESK_REVOCATION_VERSION {
        return Err(CborError("version").into());
    }
    let authority = AuthorityKeyId(cbor::fixed_bytes(&mut d, "authority key id")?);
    let sequence = cbor::uint(&mut d, "sequence")?;
    let issued_at = d.i64().map_err(|_| CborError("issued at"))?;
    let count = cbor::array_up_to(&mut d, MAX_REVOKED_DESKS, "revoked desks")?;
    let mut revoked = Vec::with_capacity(count);
    for _ in 0..count {
        revoked.push(DeskKeyId(cbor::fixed_bytes(&mut d, "desk key id")?));
    }
    cbor::end(&d, body)?;
    let list = DeskRevocationList {
        authority,
        sequence,
        issued_at,
        revoked,
    };
    if list.encode_body() != body {
        return Err(CborError("not canonical").into());
    }
    Ok(list)
}

impl DeskRevocationList {
    fn encode_body(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.array(5)
            .uint(DESK_REVOCATION_VERSION.into())
            .bytes(&self.authority.0)
            .uint(self.sequence)
            .int(self.issued_at)
            .array(self.revoked.len());
        for id in &self.revoked {
            w.bytes(&id.0);
        }
        w.into_bytes()
    }

    /// Signs the list with the authority key (its id is set from the key).
    pub fn sign(mut self, authority: &SigningKey) -> SignedList {
        self.authority = AuthorityKeyId::of(authority.verifying_key().as_bytes());
        let body = self.encode_body();
        let signature = authority
            .sign(&[DESK_REVOCATION_DOMAIN, &body].concat())
            .to_bytes();
        SignedList { body, signature }
    }

    /// Verifies a signed list against the authorities of `trust` valid on `today`.
    pub fn verify(
        signed: &SignedList,
        trust: &TrustList,
        today: i32,
    ) -> Result<DeskRevocationList, DeskRevocationError> {
        let list = decode_body(&signed.body)?;
        let authority = crate::desk::rules::authority(trust, list.authority, today)
            .ok_or(DeskRevocationError::UnknownAuthority)?;
        authority
            .verify_strict(
                &[DESK_REVOCATION_DOMAIN, &signed.body].concat(),
                &Signature::from_bytes(&signed.signature),
            )
            .map_err(|_| DeskRevocationError::BadSignature)?;
        Ok(list)
    }

    /// Whether this list revokes `desk` of `authority`.
    pub fn revokes(&self, authority: AuthorityKeyId, desk: DeskKeyId) -> bool {
        self.authority == authority && self.revoked.contains(&desk)
    }

    /// The authority's public key check without a trust list (tests, the desk's own list).
    pub fn verify_with_key(
        signed: &SignedList,
        key: &VerifyingKey,
    ) -> Result<DeskRevocationList, DeskRevocationError> {
        let list = decode_body(&signed.body)?;
        if list.authority != AuthorityKeyId::of(key.as_bytes()) {
            return Err(DeskRevocationError::UnknownAuthority);
        }
        key.verify_strict(
            &[DESK_REVOCATION_DOMAIN, &signed.body].concat(),
            &Signature::from_bytes(&signed.signature),
        )
        .map_err(|_| DeskRevocationError::BadSignature)?;
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::fixtures;

    #[test]
    fn a_signed_list_verifies_against_the_trust_list_and_names_its_desks() {
        let desk = fixtures::certificate().body.desk_key_id();
        let signed = DeskRevocationList {
            authority: AuthorityKeyId([0; 8]),
            sequence: 2,
            issued_at: fixtures::NOW,
            revoked: vec![desk],
        }
        .sign(&fixtures::authority());
        let signed = SignedList::decode(&signed.encode()).unwrap();
        let list = DeskRevocationList::verify(&signed, &fixtures::trust_list(), fixtures::today())
            .unwrap();
        assert!(list.revokes(fixtures::certificate().body.authority, desk));
        assert!(!list.revokes(AuthorityKeyId([1; 8]), desk));
        let mut edited = signed.clone();
        edited.signature[0] ^= 1;
        assert_eq!(
            DeskRevocationList::verify(&edited, &fixtures::trust_list(), fixtures::today()),
            Err(DeskRevocationError::BadSignature)
        );
    }

    #[test]
    fn a_list_signed_by_a_key_outside_the_trust_list_is_refused() {
        let signed = DeskRevocationList {
            authority: AuthorityKeyId([0; 8]),
            sequence: 1,
            issued_at: 0,
            revoked: vec![],
        }
        .sign(&SigningKey::from_bytes(&[0x66; 32]));
        assert_eq!(
            DeskRevocationList::verify(&signed, &fixtures::trust_list(), fixtures::today()),
            Err(DeskRevocationError::UnknownAuthority)
        );
    }
}
