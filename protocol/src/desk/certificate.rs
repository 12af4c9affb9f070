//! The desk certificate: a verifier authority vouches that an X25519 static key belongs to one
//! desk of one institution, which may ask for the profiles listed, for at most a year.
//!
//! ```text
//! certificate = CBOR [body (bstr), signature (bstr 64)]
//! body        = CBOR [1, authority key id (bstr 8), institution (text ≤ 32 B),
//!                     desk (text ≤ 20 B), sector (uint), allowed profiles (uint bit mask),
//!                     static X25519 key (bstr 32), valid from (day), valid until (day)]
//! signature   = Ed25519(authority, "IKD-desk-certificate-v1\0" || body)
//! ```

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use minicbor::Decoder;
use sha2::{Digest, Sha256};

use crate::cbor::{self, CborError, Writer};
use crate::profile::DocType;

/// Format version of the certificate body.
pub const CERTIFICATE_VERSION: u8 = 1;
/// Domain separation of the authority's signature.
pub const CERTIFICATE_DOMAIN: &[u8] = b"IKD-desk-certificate-v1\0";
/// Domain of the authority key id.
pub const AUTHORITY_KEY_ID_DOMAIN: &[u8] = b"IKD-authority-key-id-v1\0";
/// Domain of the desk key id.
pub const DESK_KEY_ID_DOMAIN: &[u8] = b"IKD-desk-key-id-v1\0";
/// Longest institution name, in UTF-8 bytes (a request must fit QR version 11).
pub const MAX_INSTITUTION_LEN: usize = 32;
/// Longest desk name, in UTF-8 bytes.
pub const MAX_DESK_NAME_LEN: usize = 20;
/// Longest validity: `valid_until - valid_from` is at most this many days (a year, inclusive).
pub const MAX_VALIDITY_DAYS: i32 = 365;
/// Largest encoded certificate.
pub const MAX_CERTIFICATE_LEN: usize = 256;

/// Names a verifier authority key: SHA-256(domain || Ed25519 public key), first 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuthorityKeyId(pub [u8; 8]);

impl AuthorityKeyId {
    /// The id of an authority public key.
    pub fn of(public_key: &[u8; 32]) -> AuthorityKeyId {
        let digest = Sha256::new()
            .chain_update(AUTHORITY_KEY_ID_DOMAIN)
            .chain_update(public_key)
            .finalize();
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        AuthorityKeyId(id)
    }
}

/// Names a desk: SHA-256(domain || X25519 static public key), first 16 bytes. Revocation lists
/// name desks by it, so a revoked key stays revoked under every certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeskKeyId(pub [u8; 16]);

impl DeskKeyId {
    /// The id of a desk's static public key.
    pub fn of(static_key: &[u8; 32]) -> DeskKeyId {
        let digest = Sha256::new()
            .chain_update(DESK_KEY_ID_DOMAIN)
            .chain_update(static_key)
            .finalize();
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest[..16]);
        DeskKeyId(id)
    }
}

/// The kind of institution a desk belongs to (shown on the consent screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Sector {
    /// Government offices (Dukcapil, kelurahan, police).
    Government = 1,
    /// Banks and other financial services.
    Finance = 2,
    /// Clinics, hospitals, pharmacies.
    Health = 3,
    /// Shops, bars and venues checking age.
    Retail = 4,
    /// Mobile operators (SIM registration).
    Telecom = 5,
    /// Transport (airlines, trains, ferries).
    Transport = 6,
    /// Schools and universities.
    Education = 7,
}

impl Sector {
    /// Every sector, in code order.
    pub const ALL: [Sector; 7] = [
        Sector::Government,
        Sector::Finance,
        Sector::Health,
        Sector::Retail,
        Sector::Telecom,
        Sector::Transport,
        Sector::Education,
    ];

    /// The wire code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The sector of a wire code (an unknown code is refused: the wallet cannot name it).
    pub fn from_code(code: u8) -> Option<Sector> {
        Sector::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Name for a screen, in Bahasa Indonesia.
    pub fn label_id(self) -> &'static str {
        match self {
            Sector::Government => "Pemerintahan",
            Sector::Finance => "Keuangan",
            Sector::Health => "Kesehatan",
            Sector::Retail => "Toko dan hiburan",
            Sector::Telecom => "Telekomunikasi",
            Sector::Transport => "Transportasi",
            Sector::Education => "Pendidikan",
        }
    }

    /// Name for a screen, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Sector::Government => "Government",
            Sector::Finance => "Finance",
            Sector::Health => "Health",
            Sector::Retail => "Shops and venues",
            Sector::Telecom => "Telecommunications",
            Sector::Transport => "Transport",
            Sector::Education => "Education",
        }
    }
}

/// The set of profiles a desk may ask for: bit `code` set for each allowed profile code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ProfileSet(pub u8);

impl ProfileSet {
    /// The set of the given profiles.
    pub fn of(profiles: &[DocType]) -> ProfileSet {
        ProfileSet(profiles.iter().fold(0, |m, p| m | (1 << p.code())))
    }

    /// Whether `profile` is in the set.
    pub fn contains(self, profile: DocType) -> bool {
        self.0 & (1 << profile.code()) != 0
    }

    /// The profiles in the set, in code order.
    pub fn profiles(self) -> Vec<DocType> {
        DocType::ALL
            .into_iter()
            .filter(|p| self.contains(*p))
            .collect()
    }

    /// Whether every set bit names a known profile and at least one is set.
    pub fn is_valid(self) -> bool {
        self.0 != 0 && self.0 == ProfileSet::of(&self.profiles()).0
    }
}

/// What the authority signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateBody {
    /// The signing authority.
    pub authority: AuthorityKeyId,
    /// Institution ("BANK CONTOH").
    pub institution: String,
    /// Desk ("LOKET 3").
    pub desk: String,
    /// Kind of institution.
    pub sector: Sector,
    /// The profiles this desk may ask for.
    pub allowed: ProfileSet,
    /// The desk's X25519 static public key.
    pub static_key: [u8; 32],
    /// First valid day (UTC days since 1970-01-01, inclusive).
    pub valid_from: i32,
    /// Last valid day (inclusive).
    pub valid_until: i32,
}

/// Why a certificate could not be made or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// Not a well-formed certificate (bad CBOR, bounds, unknown codes, not canonical).
    #[error("malformed desk certificate: {0}")]
    Malformed(CborError),
}

impl From<CborError> for CertificateError {
    fn from(e: CborError) -> Self {
        CertificateError::Malformed(e)
    }
}

impl CertificateBody {
    /// The canonical encoding of the body.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.array(9)
            .uint(CERTIFICATE_VERSION.into())
            .bytes(&self.authority.0)
            .text(&self.institution)
            .text(&self.desk)
            .uint(self.sector.code().into())
            .uint(self.allowed.0.into())
            .bytes(&self.static_key)
            .int(self.valid_from.into())
            .int(self.valid_until.into());
        w.into_bytes()
    }

    /// Decodes and bounds-checks a body (the validity span is a rule, checked in `rules`).
    pub fn decode(bytes: &[u8]) -> Result<CertificateBody, CertificateError> {
        let mut d = Decoder::new(bytes);
        cbor::array_of(&mut d, 9, "certificate body")?;
        if cbor::byte(&mut d, "version")? != CERTIFICATE_VERSION {
            return Err(CborError("certificate version").into());
        }
        let authority = AuthorityKeyId(cbor::fixed_bytes(&mut d, "authority key id")?);
        let institution = cbor::text(&mut d, MAX_INSTITUTION_LEN, "institution")?;
        let desk = cbor::text(&mut d, MAX_DESK_NAME_LEN, "desk name")?;
        let sector = Sector::from_code(cbor::byte(&mut d, "sector")?).ok_or(CborError("sector"))?;
        let allowed = ProfileSet(cbor::byte(&mut d, "allowed profiles")?);
        if !allowed.is_valid() {
            return Err(CborError("allowed profiles").into());
        }
        let static_key = cbor::fixed_bytes(&mut d, "static key")?;
        let valid_from = cbor::int32(&mut d, "valid from")?;
        let valid_until = cbor::int32(&mut d, "valid until")?;
        cbor::end(&d, bytes)?;
        if institution.is_empty() || desk.is_empty() {
            return Err(CborError("empty name").into());
        }
        let body = CertificateBody {
            authority,
            institution,
            desk,
            sector,
            allowed,
            static_key,
            valid_from,
            valid_until,
        };
        if body.encode() != bytes {
            return Err(CborError("not canonical").into());
        }
        Ok(body)
    }

    /// The desk's key id.
    pub fn desk_key_id(&self) -> DeskKeyId {
        DeskKeyId::of(&self.static_key)
    }
}

/// A certificate as it travels: the exact body bytes and the authority's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskCertificate {
    /// The decoded body.
    pub body: CertificateBody,
    /// The body bytes as signed.
    pub body_bytes: Vec<u8>,
    /// Ed25519 over [`CERTIFICATE_DOMAIN`] || body bytes.
    pub signature: [u8; 64],
}

fn signed_message(body: &[u8]) -> Vec<u8> {
    [CERTIFICATE_DOMAIN, body].concat()
}

impl DeskCertificate {
    /// Signs `body` with the authority key (the body's authority id is set from the key).
    pub fn sign(mut body: CertificateBody, authority: &SigningKey) -> DeskCertificate {
        body.authority = AuthorityKeyId::of(authority.verifying_key().as_bytes());
        let body_bytes = body.encode();
        let signature = authority.sign(&signed_message(&body_bytes)).to_bytes();
        DeskCertificate {
            body,
            body_bytes,
            signature,
        }
    }

    /// Whether the signature verifies (strict Ed25519) under `authority`.
    pub fn signature_holds(&self, authority: &VerifyingKey) -> bool {
        authority
            .verify_strict(
                &signed_message(&self.body_bytes),
                &Signature::from_bytes(&self.signature),
            )
            .is_ok()
    }

    /// Writes `[body, signature]` into `w`.
    pub fn write(&self, w: &mut Writer) {
        w.array(2).bytes(&self.body_bytes).bytes(&self.signature);
    }

    /// Canonical encoding.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        self.write(&mut w);
        w.into_bytes()
    }

    /// Reads a certificate from a decoder (inside a request).
    pub fn read(d: &mut Decoder<'_>) -> Result<DeskCertificate, CertificateError> {
        cbor::array_of(d, 2, "certificate")?;
        let body_bytes = cbor::bytes_up_to(d, MAX_CERTIFICATE_LEN, "certificate body")?.to_vec();
        let signature = cbor::fixed_bytes(d, "certificate signature")?;
        let body = CertificateBody::decode(&body_bytes)?;
        Ok(DeskCertificate {
            body,
            body_bytes,
            signature,
        })
    }

    /// Decodes a whole encoded certificate (nothing may follow it).
    pub fn decode(bytes: &[u8]) -> Result<DeskCertificate, CertificateError> {
        let mut d = Decoder::new(bytes);
        let certificate = DeskCertificate::read(&mut d)?;
        cbor::end(&d, bytes)?;
        Ok(certificate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::fixtures;
    use proptest::prelude::*;

    #[test]
    fn a_signed_certificate_round_trips_and_verifies_under_its_authority_only() {
        let cert = fixtures::certificate();
        let back = DeskCertificate::decode(&cert.encode()).unwrap();
        assert_eq!(back, cert);
        assert!(back.signature_holds(&fixtures::authority().verifying_key()));
        assert!(!back.signature_holds(&SigningKey::from_bytes(&[9; 32]).verifying_key()));
        assert_eq!(
            back.body.authority,
            AuthorityKeyId::of(fixtures::authority().verifying_key().as_bytes())
        );
    }

    #[test]
    fn profile_sets_hold_known_profiles_only() {
        let set = ProfileSet::of(&[DocType::KtpBasic, DocType::AgeOver17]);
        assert_eq!(set.0, 0b0000_1100);
        assert!(set.contains(DocType::KtpBasic) && !set.contains(DocType::KtpFull));
        assert!(set.is_valid());
        assert!(!ProfileSet(1).is_valid()); // bit 0: no profile has code 0
        assert!(!ProfileSet(0).is_valid());
    }

    #[test]
    fn unknown_sectors_long_names_and_non_canonical_bodies_are_refused() {
        let mut body = fixtures::certificate().body;
        body.institution = "X".repeat(MAX_INSTITUTION_LEN + 1);
        assert!(CertificateBody::decode(&body.encode()).is_err());
        // The fixture's body with sector code 8, which no sector has.
        let b = fixtures::certificate().body;
        let mut w = Writer::new();
        w.array(9)
            .uint(1)
            .bytes(&b.authority.0)
            .text(&b.institution)
            .text(&b.desk)
            .uint(8)
            .uint(b.allowed.0.into())
            .bytes(&b.static_key)
            .int(b.valid_from.into())
            .int(b.valid_until.into());
        let bytes = w.into_bytes();
        assert!(CertificateBody::decode(&bytes).is_err());
    }

    proptest! {
        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = DeskCertificate::decode(&bytes);
            let _ = CertificateBody::decode(&bytes);
        }
    }
}
