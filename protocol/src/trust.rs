//! The signed lists a desk and a wallet rely on: the trust list (which issuer keys sign
//! credentials, which verifier authorities certify desks) and the revocation list (credentials
//! and device keys no longer valid). Both are signed by the trust root with Ed25519 over a
//! domain-separated message, and carry a sequence number so that an older list never replaces a
//! newer one.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use minicbor::Decoder;

use crate::cbor::{self, CborError, Writer};
use crate::credential::{CredentialId, IssuerKeyId, issuer_key_id};

/// Format version of the trust list (version 1 also carried the desk keys of the retired frame
/// format; it is refused).
pub const TRUST_LIST_VERSION: u8 = 2;
/// Format version of the revocation list.
pub const REVOCATION_LIST_VERSION: u8 = 1;
/// Domain separation of the trust list signature.
pub const TRUST_LIST_DOMAIN: &[u8] = b"IKD-trust-list-v1\0";
/// Domain separation of the revocation list signature.
pub const REVOCATION_LIST_DOMAIN: &[u8] = b"IKD-revocation-list-v1\0";
/// Most issuer keys in a trust list.
pub const MAX_ISSUERS: usize = 32;
/// Most entries (credentials plus devices) in a revocation list.
pub const MAX_REVOKED: usize = 100_000;
/// Most verifier authorities in a trust list.
pub const MAX_AUTHORITIES: usize = 32;
/// Longest authority name.
pub const MAX_AUTHORITY_NAME_LEN: usize = 80;
const MAX_LIST_LEN: usize = 8 * 1024 * 1024;

/// Oldest list a holder (wallet or desk) accepts when it receives one, by its `issued_at`: the
/// issuer signs a fresh list for every answer, so an older one is a replay. Generous, so that a
/// device whose clock is a little off still works; the sequence, not the age, is what keeps a
/// holder from going back.
pub const MAX_LIST_AGE_SECONDS: i64 = 30 * 24 * 3600;

/// Why a received list does not replace the one held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ListRefusal {
    /// Its sequence is below the held list's.
    #[error("the list is older than the one already held")]
    OlderSequence,
    /// It was issued more than [`MAX_LIST_AGE_SECONDS`] ago.
    #[error("the list is too old")]
    TooOld,
}

/// Whether a received list (`sequence`, `issued_at`) may replace the held one (sequence
/// `held`, if any) at `now_unix`: never a lower sequence, never one issued too long ago. An
/// equal sequence is accepted (the same content, signed again).
pub fn check_replacement(
    held: Option<u64>,
    sequence: u64,
    issued_at: i64,
    now_unix: i64,
) -> Result<(), ListRefusal> {
    if now_unix.saturating_sub(issued_at) > MAX_LIST_AGE_SECONDS {
        return Err(ListRefusal::TooOld);
    }
    if held.is_some_and(|held| held > sequence) {
        return Err(ListRefusal::OlderSequence);
    }
    Ok(())
}

/// A list could not be read or its signature did not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    /// Malformed, oversized, or an unknown version.
    #[error("malformed list: {0}")]
    Malformed(CborError),
    /// The trust root's signature does not verify.
    #[error("the list signature is not valid")]
    BadSignature,
}

impl From<CborError> for ListError {
    fn from(error: CborError) -> Self {
        ListError::Malformed(error)
    }
}

/// An issuer key the trust list vouches for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedIssuer {
    /// The Ed25519 public key.
    pub public_key: [u8; 32],
    /// First valid day (days since 1970).
    pub valid_from: i32,
    /// Last valid day.
    pub valid_until: i32,
}

impl TrustedIssuer {
    /// The key id credentials carry.
    pub fn key_id(&self) -> Option<IssuerKeyId> {
        VerifyingKey::from_bytes(&self.public_key)
            .ok()
            .map(|k| issuer_key_id(&k))
    }
}

/// A verifier authority key the trust list vouches for: it signs desk certificates and desk
/// revocation lists (see `crate::desk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedAuthority {
    /// The Ed25519 public key.
    pub public_key: [u8; 32],
    /// Who holds it ("OTORITAS VERIFIKATOR CONTOH").
    pub name: String,
    /// First valid day.
    pub valid_from: i32,
    /// Last valid day.
    pub valid_until: i32,
}

/// The trust list's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustList {
    /// Increases with every new list.
    pub sequence: u64,
    /// When it was made (unix seconds).
    pub issued_at: i64,
    /// Issuer keys.
    pub issuers: Vec<TrustedIssuer>,
    /// Verifier authorities: they certify the desks of the desk-first flow.
    pub authorities: Vec<TrustedAuthority>,
}

/// The revocation list's content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RevocationList {
    /// Increases with every new list.
    pub sequence: u64,
    /// When it was made (unix seconds).
    pub issued_at: i64,
    /// Revoked credentials.
    pub credentials: Vec<CredentialId>,
    /// Revoked device keys (lost phones, re-activations).
    pub devices: Vec<[u8; 32]>,
}

/// A list body with the trust root's signature over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedList {
    /// The encoded list, as signed.
    pub body: Vec<u8>,
    /// Ed25519 over the list's domain || body.
    pub signature: [u8; 64],
}

impl SignedList {
    fn sign(domain: &[u8], body: Vec<u8>, root: &SigningKey) -> SignedList {
        let signature = root.sign(&[domain, &body].concat()).to_bytes();
        SignedList { body, signature }
    }

    fn verified_body(&self, domain: &[u8], root: &VerifyingKey) -> Result<&[u8], ListError> {
        root.verify_strict(
            &[domain, &self.body].concat(),
            &Signature::from_bytes(&self.signature),
        )
        .map_err(|_| ListError::BadSignature)?;
        Ok(&self.body)
    }

    /// Transport encoding: CBOR `[body, signature]`.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.array(2).bytes(&self.body).bytes(&self.signature);
        w.into_bytes()
    }

    /// Reads [`SignedList::encode`]'s output (the body is checked when verified).
    pub fn decode(bytes: &[u8]) -> Result<SignedList, ListError> {
        let mut d = Decoder::new(bytes);
        cbor::array_of(&mut d, 2, "signed list")?;
        let body = cbor::bytes_up_to(&mut d, MAX_LIST_LEN, "list body")?.to_vec();
        let signature = cbor::fixed_bytes::<64>(&mut d, "signature")?;
        cbor::end(&d, bytes)?;
        Ok(SignedList { body, signature })
    }
}

/// Reads `[version, sequence, issued_at, ...` of either list; returns sequence and issued_at.
fn read_header(
    d: &mut Decoder<'_>,
    len: u64,
    version: u8,
    what: &'static str,
) -> Result<(u64, i64), ListError> {
    cbor::array_of(d, len, what)?;
    if cbor::byte(d, "version")? != version {
        return Err(CborError("version").into());
    }
    let sequence = cbor::uint(d, "sequence")?;
    let issued_at = d.i64().map_err(|_| CborError("issued at"))?;
    Ok((sequence, issued_at))
}

impl TrustList {
    /// Encodes and signs the list with the trust root.
    pub fn sign(&self, root: &SigningKey) -> SignedList {
        let mut w = Writer::new();
        w.array(5)
            .uint(TRUST_LIST_VERSION.into())
            .uint(self.sequence)
            .int(self.issued_at);
        w.array(self.issuers.len());
        for i in &self.issuers {
            w.array(3)
                .bytes(&i.public_key)
                .int(i.valid_from.into())
                .int(i.valid_until.into());
        }
        w.array(self.authorities.len());
        for a in &self.authorities {
            w.array(4).bytes(&a.public_key).text(&a.name);
            w.int(a.valid_from.into()).int(a.valid_until.into());
        }
        SignedList::sign(TRUST_LIST_DOMAIN, w.into_bytes(), root)
    }

    /// Verifies the root's signature and decodes the list.
    pub fn verify(signed: &SignedList, root: &VerifyingKey) -> Result<TrustList, ListError> {
        let body = signed.verified_body(TRUST_LIST_DOMAIN, root)?;
        let mut d = Decoder::new(body);
        let (sequence, issued_at) = read_header(&mut d, 5, TRUST_LIST_VERSION, "trust list")?;
        let count = cbor::array_up_to(&mut d, MAX_ISSUERS, "issuers")?;
        let mut issuers = Vec::with_capacity(count);
        for _ in 0..count {
            cbor::array_of(&mut d, 3, "issuer")?;
            issuers.push(TrustedIssuer {
                public_key: cbor::fixed_bytes(&mut d, "issuer key")?,
                valid_from: cbor::int32(&mut d, "valid from")?,
                valid_until: cbor::int32(&mut d, "valid until")?,
            });
        }
        let count = cbor::array_up_to(&mut d, MAX_AUTHORITIES, "authorities")?;
        let mut authorities = Vec::with_capacity(count);
        for _ in 0..count {
            cbor::array_of(&mut d, 4, "authority")?;
            authorities.push(TrustedAuthority {
                public_key: cbor::fixed_bytes(&mut d, "authority key")?,
                name: cbor::text(&mut d, MAX_AUTHORITY_NAME_LEN, "authority name")?,
                valid_from: cbor::int32(&mut d, "valid from")?,
                valid_until: cbor::int32(&mut d, "valid until")?,
            });
        }
        cbor::end(&d, body)?;
        Ok(TrustList {
            sequence,
            issued_at,
            issuers,
            authorities,
        })
    }

    /// The issuer key with id `key_id` that is valid on `day`.
    pub fn issuer(&self, key_id: IssuerKeyId, day: i32) -> Option<VerifyingKey> {
        self.issuers
            .iter()
            .filter(|i| (i.valid_from..=i.valid_until).contains(&day))
            .find(|i| i.key_id() == Some(key_id))
            .and_then(|i| VerifyingKey::from_bytes(&i.public_key).ok())
    }
}

impl RevocationList {
    /// Encodes and signs the list with the trust root.
    pub fn sign(&self, root: &SigningKey) -> SignedList {
        let mut w = Writer::new();
        w.array(5)
            .uint(REVOCATION_LIST_VERSION.into())
            .uint(self.sequence)
            .int(self.issued_at);
        w.array(self.credentials.len());
        for id in &self.credentials {
            w.bytes(&id.0);
        }
        w.array(self.devices.len());
        for device in &self.devices {
            w.bytes(device);
        }
        SignedList::sign(REVOCATION_LIST_DOMAIN, w.into_bytes(), root)
    }

    /// Verifies the root's signature and decodes the list.
    pub fn verify(signed: &SignedList, root: &VerifyingKey) -> Result<RevocationList, ListError> {
        let body = signed.verified_body(REVOCATION_LIST_DOMAIN, root)?;
        let mut d = Decoder::new(body);
        let (sequence, issued_at) =
            read_header(&mut d, 5, REVOCATION_LIST_VERSION, "revocation list")?;
        let count = cbor::array_up_to(&mut d, MAX_REVOKED, "credentials")?;
        let mut credentials = Vec::with_capacity(count);
        for _ in 0..count {
            credentials.push(CredentialId(cbor::fixed_bytes(&mut d, "credential id")?));
        }
        let count = cbor::array_up_to(&mut d, MAX_REVOKED - credentials.len(), "devices")?;
        let mut devices = Vec::with_capacity(count);
        for _ in 0..count {
            devices.push(cbor::fixed_bytes(&mut d, "device key")?);
        }
        cbor::end(&d, body)?;
        Ok(RevocationList {
            sequence,
            issued_at,
            credentials,
            devices,
        })
    }

    /// Verifies the root's signature and reads only the header (sequence, issued_at), not the
    /// entries: for a holder that keeps the list without using it, whatever its length.
    pub fn verify_header(
        signed: &SignedList,
        root: &VerifyingKey,
    ) -> Result<(u64, i64), ListError> {
        let body = signed.verified_body(REVOCATION_LIST_DOMAIN, root)?;
        read_header(
            &mut Decoder::new(body),
            5,
            REVOCATION_LIST_VERSION,
            "revocation list",
        )
    }

    /// Whether the credential or its device key is revoked.
    pub fn is_revoked(&self, credential: &CredentialId, device: &[u8; 32]) -> bool {
        self.credentials.contains(credential) || self.devices.contains(device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> SigningKey {
        SigningKey::from_bytes(&[0x40; 32])
    }

    fn sample() -> TrustList {
        TrustList {
            sequence: 3,
            issued_at: 1_800_000_000,
            issuers: vec![TrustedIssuer {
                public_key: SigningKey::from_bytes(&[1; 32]).verifying_key().to_bytes(),
                valid_from: 0,
                valid_until: 30_000,
            }],
            authorities: vec![TrustedAuthority {
                public_key: SigningKey::from_bytes(&[2; 32]).verifying_key().to_bytes(),
                name: "OTORITAS CONTOH".into(),
                valid_from: 0,
                valid_until: 30_000,
            }],
        }
    }

    #[test]
    fn a_signed_trust_list_round_trips_and_finds_its_keys() {
        let signed = SignedList::decode(&sample().sign(&root()).encode()).unwrap();
        let list = TrustList::verify(&signed, &root().verifying_key()).unwrap();
        assert_eq!(list, sample());
        let issuer = SigningKey::from_bytes(&[1; 32]).verifying_key();
        assert_eq!(list.issuer(issuer_key_id(&issuer), 20_000), Some(issuer));
        assert_eq!(list.issuer(issuer_key_id(&issuer), 30_001), None);
    }

    #[test]
    fn a_version_1_trust_list_with_desk_keys_is_refused() {
        // The layout of the retired frame format: a desk key array between issuers and
        // authorities.
        let mut w = Writer::new();
        w.array(6).uint(1).uint(3).int(1_800_000_000);
        w.array(0);
        w.array(1)
            .array(4)
            .bytes(&[9; 32])
            .text("LOKET")
            .int(0)
            .int(30_000);
        w.array(0);
        let signed = SignedList::sign(TRUST_LIST_DOMAIN, w.into_bytes(), &root());
        assert!(matches!(
            TrustList::verify(&signed, &root().verifying_key()),
            Err(ListError::Malformed(_))
        ));
    }

    #[test]
    fn a_list_signed_by_another_key_or_edited_is_refused() {
        let signed = sample().sign(&root());
        let other = SigningKey::from_bytes(&[0x41; 32]).verifying_key();
        assert_eq!(
            TrustList::verify(&signed, &other),
            Err(ListError::BadSignature)
        );
        let mut edited = signed.clone();
        edited.body[5] ^= 1;
        assert_eq!(
            TrustList::verify(&edited, &root().verifying_key()),
            Err(ListError::BadSignature)
        );
    }

    #[test]
    fn revocations_name_credentials_and_devices() {
        let list = RevocationList {
            sequence: 1,
            issued_at: 5,
            credentials: vec![CredentialId([2; 16])],
            devices: vec![[3; 32]],
        };
        let back = RevocationList::verify(&list.sign(&root()), &root().verifying_key()).unwrap();
        assert_eq!(back, list);
        assert!(back.is_revoked(&CredentialId([2; 16]), &[0; 32]));
        assert!(back.is_revoked(&CredentialId([0; 16]), &[3; 32]));
        assert!(!back.is_revoked(&CredentialId([0; 16]), &[0; 32]));
        assert_eq!(
            RevocationList::verify_header(&list.sign(&root()), &root().verifying_key()),
            Ok((1, 5))
        );
    }

    #[test]
    fn a_revocation_list_past_the_decoder_cap_still_has_a_readable_header() {
        let list = RevocationList {
            sequence: 9,
            issued_at: 7,
            credentials: Vec::new(),
            devices: vec![[3; 32]; MAX_REVOKED + 1],
        };
        let signed = list.sign(&root());
        assert!(RevocationList::verify(&signed, &root().verifying_key()).is_err());
        assert_eq!(
            RevocationList::verify_header(&signed, &root().verifying_key()),
            Ok((9, 7))
        );
        let other = SigningKey::from_bytes(&[0x41; 32]).verifying_key();
        assert_eq!(
            RevocationList::verify_header(&signed, &other),
            Err(ListError::BadSignature)
        );
    }

    #[test]
    fn a_list_replaces_the_held_one_only_if_not_older_and_not_stale() {
        let now = 1_800_000_000;
        assert_eq!(check_replacement(None, 1, now, now), Ok(()));
        assert_eq!(check_replacement(Some(3), 3, now, now), Ok(()));
        assert_eq!(check_replacement(Some(3), 4, now, now), Ok(()));
        assert_eq!(
            check_replacement(Some(3), 2, now, now),
            Err(ListRefusal::OlderSequence)
        );
        assert_eq!(
            check_replacement(None, 9, now - MAX_LIST_AGE_SECONDS - 1, now),
            Err(ListRefusal::TooOld)
        );
        assert_eq!(
            check_replacement(None, 9, now - MAX_LIST_AGE_SECONDS, now),
            Ok(())
        );
    }

    #[test]
    fn a_revoked_device_costs_34_bytes_in_the_signed_list() {
        // The figure docs/performance.md scales to 50 million wallets.
        let size = |n: usize| {
            RevocationList {
                sequence: 1,
                issued_at: 1_800_000_000,
                credentials: Vec::new(),
                devices: vec![[7; 32]; n],
            }
            .sign(&root())
            .encode()
            .len()
        };
        assert_eq!(size(100_000) - size(99_999), 34);
        assert_eq!(size(MAX_REVOKED), 3_400_086);
    }

    #[test]
    fn garbage_never_panics() {
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let _ = SignedList::decode(&bytes);
        }
    }
}
