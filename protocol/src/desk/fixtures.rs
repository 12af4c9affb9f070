//! Fixed desk keys, a certificate and requests for tests, test vectors and the demo (feature
//! `fixtures`). The keys are PUBLIC: their seeds are printed here.

use ed25519_dalek::SigningKey;
use x25519_dalek::{PublicKey, StaticSecret};

use crate::civil_date::CivilDate;
use crate::credential::{SignedCredential, issue_profiles};
use crate::desk::certificate::{
    AuthorityKeyId, CertificateBody, DeskCertificate, ProfileSet, Sector,
};
use crate::desk::request::{self, DeskCard, DeskRequest};
use crate::documents::Document;
use crate::profile::DocType;
use crate::trust::{TrustList, TrustedAuthority, TrustedIssuer};

/// The fixed instant of the vectors: 2026-11-22T10:00:00Z.
pub const NOW: i64 = 1_795_341_600;
/// The vectors' request nonce.
pub const NONCE: [u8; 16] = [0x4E; 16];

/// The UTC day of [`NOW`].
pub fn today() -> i32 {
    (NOW / 86_400) as i32
}

/// The verifier authority key. NOT SECRET.
pub fn authority() -> SigningKey {
    SigningKey::from_bytes(&[0xA7; 32])
}

/// The trust root of the vectors. NOT SECRET.
pub fn trust_root() -> SigningKey {
    SigningKey::from_bytes(&[0x40; 32])
}

/// The desk's static X25519 secret. NOT SECRET.
pub fn desk_static() -> StaticSecret {
    StaticSecret::from([0xD5; 32])
}

/// The desk's ephemeral X25519 secret of the vector request. NOT SECRET.
pub fn desk_ephemeral() -> StaticSecret {
    StaticSecret::from([0xE1; 32])
}

/// The wallet's ephemeral X25519 secret of the vector answer. NOT SECRET.
pub fn wallet_ephemeral() -> StaticSecret {
    StaticSecret::from([0x3A; 32])
}

/// A trust list with the fixture issuer and the fixture authority.
pub fn trust_list() -> TrustList {
    TrustList {
        sequence: 1,
        issued_at: NOW,
        issuers: vec![TrustedIssuer {
            public_key: crate::fixtures::issuer_signing_key()
                .verifying_key()
                .to_bytes(),
            valid_from: 0,
            valid_until: 40_000,
        }],
        authorities: vec![TrustedAuthority {
            public_key: authority().verifying_key().to_bytes(),
            name: "OTORITAS VERIFIKATOR CONTOH".into(),
            valid_from: 0,
            valid_until: 40_000,
        }],
    }
}

/// A bank desk allowed KTP basic and age over 17, valid for a year from 2026-11-01.
pub fn certificate() -> DeskCertificate {
    let from = CivilDate::new(2026, 11, 1).expect("a fixed date").to_days();
    DeskCertificate::sign(
        CertificateBody {
            authority: AuthorityKeyId([0; 8]),
            institution: "BANK CONTOH".into(),
            desk: "LOKET 1".into(),
            sector: Sector::Finance,
            allowed: ProfileSet::of(&[DocType::KtpBasic, DocType::AgeOver17]),
            static_key: PublicKey::from(&desk_static()).to_bytes(),
            valid_from: from,
            valid_until: from + 364,
        },
        &authority(),
    )
}

/// The vector request: KTP basic, made at [`NOW`].
pub fn session_request() -> DeskRequest {
    request::session_request(
        &certificate(),
        DocType::KtpBasic,
        NOW as u32,
        NONCE,
        &desk_ephemeral(),
    )
}

/// The desk's printed card, asking for KTP basic.
pub fn card() -> DeskRequest {
    DeskRequest::Card(DeskCard {
        certificate: certificate(),
        profile: DocType::KtpBasic,
    })
}

/// Siti's KTP basic credential, for the fixture device key, issued 2026-11-22.
pub fn signed_ktp_basic() -> SignedCredential {
    signed(DocType::KtpBasic)
}

/// Siti's credential of `profile` (KTP profiles only), fixture device key, issued 2026-11-22.
pub fn signed(profile: DocType) -> SignedCredential {
    let on = CivilDate::from_unix(NOW).expect("the fixed instant is a date");
    issue_profiles(
        &Document::Ktp(crate::fixtures::sample_ktp()),
        crate::fixtures::device_signing_key()
            .verifying_key()
            .to_bytes(),
        &crate::fixtures::issuer_signing_key(),
        on,
        365,
    )
    .into_iter()
    .find(|s| s.decode_unverified().is_ok_and(|c| c.doc_type == profile))
    .unwrap_or_else(|| panic!("the sample KTP has a {profile:?} profile"))
}
