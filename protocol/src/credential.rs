//! The credential: a document's claims under one profile, bound to a device key and signed by
//! the issuer. Layout (CBOR array, canonical):
//! `[version, doc_type, issuer_key_id (4 B), issued (days), expires (days), device_pubkey (32 B), claims]`.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use minicbor::Decoder;
use sha2::{Digest, Sha256};

use crate::cbor::{self, CborError, Writer};
use crate::civil_date::CivilDate;
use crate::documents::Document;
use crate::profile::{Claims, DocType};

/// The credential format version.
pub const CREDENTIAL_VERSION: u8 = 1;
/// Largest credential accepted (bytes): far above any real one, small enough to bound work.
pub const MAX_CREDENTIAL_LEN: usize = 4096;
/// Domain separation of the issuer's signature.
pub const CREDENTIAL_SIGNATURE_DOMAIN: &[u8] = b"IKD-credential-v1\0";
const ISSUER_KEY_ID_DOMAIN: &[u8] = b"IKD-issuer-key-id-v1";

/// The first four bytes of SHA-256("IKD-issuer-key-id-v1" || public key): names an issuer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IssuerKeyId(pub [u8; 4]);

/// The key id of an issuer public key.
pub fn issuer_key_id(key: &VerifyingKey) -> IssuerKeyId {
    let digest = Sha256::new()
        .chain_update(ISSUER_KEY_ID_DOMAIN)
        .chain_update(key.as_bytes())
        .finalize();
    IssuerKeyId([digest[0], digest[1], digest[2], digest[3]])
}

/// The first 16 bytes of SHA-256 of the credential bytes: what revocation lists name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CredentialId(pub [u8; 16]);

/// Why a credential was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// The bytes are not a well-formed credential of a known version and profile.
    #[error("malformed credential: {0}")]
    Malformed(CborError),
    /// The issuer's signature does not verify under the given key.
    #[error("the issuer signature is not valid")]
    BadSignature,
    /// The credential names another issuer key than the one it was checked against.
    #[error("the credential was issued under another key")]
    WrongIssuerKey,
}

impl From<CborError> for CredentialError {
    fn from(error: CborError) -> Self {
        CredentialError::Malformed(error)
    }
}

/// A credential's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The document and disclosure profile (always the profile of `claims`).
    pub doc_type: DocType,
    /// The issuer key that signs it.
    pub issuer_key_id: IssuerKeyId,
    /// Issue date, days since 1970-01-01.
    pub issued: i32,
    /// Last valid day, days since 1970-01-01.
    pub expires: i32,
    /// The wallet's device key: only it can present this credential.
    pub device_public_key: [u8; 32],
    /// The claims.
    pub claims: Claims,
}

impl Credential {
    /// The canonical encoding.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.array(7)
            .uint(CREDENTIAL_VERSION.into())
            .uint(self.claims.doc_type().code().into());
        w.bytes(&self.issuer_key_id.0)
            .int(self.issued.into())
            .int(self.expires.into());
        w.bytes(&self.device_public_key);
        self.claims.encode(&mut w);
        w.into_bytes()
    }

    /// Decodes and checks a credential: known version and profile, bounded fields, valid
    /// document, canonical encoding, nothing after it.
    pub fn decode(bytes: &[u8]) -> Result<Credential, CredentialError> {
        if bytes.len() > MAX_CREDENTIAL_LEN {
            return Err(CborError("too long").into());
        }
        let mut d = Decoder::new(bytes);
        cbor::array_of(&mut d, 7, "credential")?;
        if cbor::byte(&mut d, "version")? != CREDENTIAL_VERSION {
            return Err(CborError("version").into());
        }
        let doc_type =
            DocType::from_code(cbor::byte(&mut d, "doc type")?).ok_or(CborError("doc type"))?;
        let issuer_key_id = IssuerKeyId(cbor::fixed_bytes::<4>(&mut d, "issuer key id")?);
        let issued = cbor::int32(&mut d, "issued")?;
        let expires = cbor::int32(&mut d, "expires")?;
        let device_public_key = cbor::fixed_bytes::<32>(&mut d, "device key")?;
        let claims = Claims::decode(doc_type, &mut d)?;
        cbor::end(&d, bytes)?;
        let credential = Credential {
            doc_type,
            issuer_key_id,
            issued,
            expires,
            device_public_key,
            claims,
        };
        // Canonical form: one credential, one byte string (signatures must not have twins).
        if credential.encode() != bytes {
            return Err(CborError("not canonical").into());
        }
        Ok(credential)
    }
}

/// A credential as the issuer signed it: the exact bytes and the signature over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCredential {
    /// The encoded credential, byte for byte as signed.
    pub credential: Vec<u8>,
    /// Ed25519 over [`CREDENTIAL_SIGNATURE_DOMAIN`] || credential.
    pub signature: [u8; 64],
}

fn signed_message(credential: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(CREDENTIAL_SIGNATURE_DOMAIN.len() + credential.len());
    message.extend_from_slice(CREDENTIAL_SIGNATURE_DOMAIN);
    message.extend_from_slice(credential);
    message
}

/// Encodes and signs `credential` with the issuer key.
pub fn sign_credential(credential: &Credential, issuer: &SigningKey) -> SignedCredential {
    let bytes = credential.encode();
    let signature = issuer.sign(&signed_message(&bytes)).to_bytes();
    SignedCredential {
        credential: bytes,
        signature,
    }
}

/// Issues every disclosure profile of `document` for the device key `device_public_key`, valid
/// from `issued` for `validity_days`. Profiles that do not apply (age-over-17 for a minor) are
/// left out.
pub fn issue_profiles(
    document: &Document,
    device_public_key: [u8; 32],
    issuer: &SigningKey,
    issued: CivilDate,
    validity_days: i32,
) -> Vec<SignedCredential> {
    let issuer_key = issuer_key_id(&issuer.verifying_key());
    Claims::profiles_for(document)
        .iter()
        .filter_map(|&doc_type| Claims::from_document(document, doc_type, issued).ok())
        .map(|claims| {
            let credential = Credential {
                doc_type: claims.doc_type(),
                issuer_key_id: issuer_key,
                issued: issued.to_days(),
                expires: issued.to_days().saturating_add(validity_days),
                device_public_key,
                claims,
            };
            sign_credential(&credential, issuer)
        })
        .collect()
}

impl SignedCredential {
    /// Checks the issuer signature (strict Ed25519) and decodes the credential.
    pub fn verify(&self, issuer: &VerifyingKey) -> Result<Credential, CredentialError> {
        let credential = self.decode_unverified()?;
        if credential.issuer_key_id != issuer_key_id(issuer) {
            return Err(CredentialError::WrongIssuerKey);
        }
        issuer
            .verify_strict(
                &signed_message(&self.credential),
                &Signature::from_bytes(&self.signature),
            )
            .map_err(|_| CredentialError::BadSignature)?;
        Ok(credential)
    }

    /// Decodes the credential without checking the signature (the wallet's own stored copy).
    pub fn decode_unverified(&self) -> Result<Credential, CredentialError> {
        Credential::decode(&self.credential)
    }

    /// The id revocation lists use.
    pub fn id(&self) -> CredentialId {
        let digest = Sha256::digest(&self.credential);
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest[..16]);
        CredentialId(id)
    }

    /// Storage and transport encoding: CBOR `[credential bytes, signature]`.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.array(2).bytes(&self.credential).bytes(&self.signature);
        w.into_bytes()
    }

    /// Decodes [`SignedCredential::encode`]'s output (the credential inside is not yet checked).
    pub fn decode(bytes: &[u8]) -> Result<SignedCredential, CredentialError> {
        let mut d = Decoder::new(bytes);
        cbor::array_of(&mut d, 2, "signed credential")?;
        let credential = cbor::bytes_up_to(&mut d, MAX_CREDENTIAL_LEN, "credential")?.to_vec();
        let signature = cbor::fixed_bytes::<64>(&mut d, "signature")?;
        cbor::end(&d, bytes)?;
        Ok(SignedCredential {
            credential,
            signature,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use proptest::prelude::*;

    fn sample(doc_type: DocType) -> Credential {
        let on = CivilDate::new(2026, 11, 22).unwrap();
        let doc = match doc_type {
            DocType::KtpFull | DocType::KtpBasic | DocType::AgeOver17 => {
                Document::Ktp(fixtures::sample_ktp())
            }
            DocType::FamilyCard | DocType::FamilyCardBasic => {
                Document::FamilyCard(fixtures::sample_family_card())
            }
            DocType::Vaccine => Document::Vaccine(fixtures::sample_vaccine_certificate()),
            DocType::Bpjs => Document::Bpjs(fixtures::sample_bpjs_card()),
        };
        Credential {
            doc_type,
            issuer_key_id: issuer_key_id(&fixtures::issuer_signing_key().verifying_key()),
            issued: on.to_days(),
            expires: on.to_days() + 365,
            device_public_key: fixtures::device_signing_key().verifying_key().to_bytes(),
            claims: Claims::from_document(&doc, doc_type, on).unwrap(),
        }
    }

    #[test]
    fn a_signed_credential_verifies_and_decodes_to_the_original() {
        let issuer = fixtures::issuer_signing_key();
        for doc_type in DocType::ALL {
            let credential = sample(doc_type);
            let signed = sign_credential(&credential, &issuer);
            assert_eq!(signed.verify(&issuer.verifying_key()).unwrap(), credential);
            let stored = SignedCredential::decode(&signed.encode()).unwrap();
            assert_eq!(stored, signed);
        }
    }

    #[test]
    fn issuing_a_ktp_gives_its_three_profiles_bound_to_the_device() {
        let issuer = fixtures::issuer_signing_key();
        let device = [9u8; 32];
        let on = CivilDate::new(2026, 11, 22).unwrap();
        let ktp = Document::Ktp(fixtures::sample_ktp());
        let issued = issue_profiles(&ktp, device, &issuer, on, 365);
        let types: Vec<DocType> = issued
            .iter()
            .map(|s| s.verify(&issuer.verifying_key()).unwrap().doc_type)
            .collect();
        assert_eq!(
            types,
            [DocType::KtpFull, DocType::KtpBasic, DocType::AgeOver17]
        );
        for signed in &issued {
            let credential = signed.decode_unverified().unwrap();
            assert_eq!(credential.device_public_key, device);
            assert_eq!(credential.expires - credential.issued, 365);
        }
    }

    #[test]
    fn another_issuer_key_is_refused() {
        let signed = sign_credential(&sample(DocType::KtpBasic), &fixtures::issuer_signing_key());
        let other = SigningKey::from_bytes(&[7; 32]).verifying_key();
        assert_eq!(signed.verify(&other), Err(CredentialError::WrongIssuerKey));
    }

    #[test]
    fn a_signature_by_another_key_with_the_right_key_id_is_refused() {
        let credential = sample(DocType::KtpBasic);
        let forged = sign_credential(&credential, &SigningKey::from_bytes(&[7; 32]));
        let issuer = fixtures::issuer_signing_key().verifying_key();
        assert_eq!(forged.verify(&issuer), Err(CredentialError::BadSignature));
    }

    #[test]
    fn a_tampered_claim_breaks_the_signature() {
        let issuer = fixtures::issuer_signing_key();
        let mut credential = sample(DocType::KtpBasic);
        let signed = sign_credential(&credential, &issuer);
        if let Claims::KtpBasic { name, .. } = &mut credential.claims {
            *name = "SITI CONTOH RAHAYA".into();
        }
        let tampered = SignedCredential {
            credential: credential.encode(),
            ..signed
        };
        assert_eq!(
            tampered.verify(&issuer.verifying_key()),
            Err(CredentialError::BadSignature)
        );
    }

    #[test]
    fn non_canonical_or_trailing_bytes_are_refused() {
        let bytes = sample(DocType::AgeOver17).encode();
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert!(Credential::decode(&trailing).is_err());
        // The version 1 written in two bytes (0x18 0x01) instead of one.
        let mut long_form = vec![bytes[0], 0x18, 0x01];
        long_form.extend_from_slice(&bytes[2..]);
        assert!(Credential::decode(&long_form).is_err());
    }

    #[test]
    fn the_ids_of_different_credentials_differ() {
        let issuer = fixtures::issuer_signing_key();
        let a = sign_credential(&sample(DocType::KtpFull), &issuer);
        let b = sign_credential(&sample(DocType::KtpBasic), &issuer);
        assert_ne!(a.id(), b.id());
    }

    proptest! {
        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = Credential::decode(&bytes);
            let _ = SignedCredential::decode(&bytes);
        }

        #[test]
        fn any_single_bit_flip_fails_verification(position in any::<usize>(), bit in 0u8..8) {
            let issuer = fixtures::issuer_signing_key();
            let signed = sign_credential(&sample(DocType::KtpFull), &issuer);
            let mut flipped = signed.clone();
            let total = flipped.credential.len() + 64;
            let index = position % total;
            if index < flipped.credential.len() {
                flipped.credential[index] ^= 1 << bit;
            } else {
                flipped.signature[index - flipped.credential.len()] ^= 1 << bit;
            }
            prop_assert!(flipped.verify(&issuer.verifying_key()).is_err());
        }

        #[test]
        fn truncated_credentials_are_refused(cut in 0usize..200) {
            let bytes = sample(DocType::Vaccine).encode();
            let cut = cut % bytes.len();
            prop_assert!(Credential::decode(&bytes[..cut]).is_err());
        }
    }
}
