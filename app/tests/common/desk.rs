//! A bank's desk for the tests: certified by the issuer's own verifier authority, trusting the
//! issuer's lists, with a real replay store; and the citizen's way from home to reading its QR.

use base64::Engine;
use ed25519_dalek::SigningKey;
use ikd_app::{AppEvent, AppView, DocumentKind, Screen};
use ikd_protocol::desk::certificate::{
    AuthorityKeyId, CertificateBody, DeskCertificate, ProfileSet, Sector,
};
use ikd_protocol::desk::rules::utc_day;
use ikd_protocol::issuer_api::ListResponse;
use ikd_protocol::profile::DocType;
use ikd_protocol::trust::{RevocationList, SignedList, TrustList};
use ikd_verifier::{Desk, SqliteReplayStore};
use x25519_dalek::{PublicKey, StaticSecret};

use super::{Office, T0};

pub const DESK_SECRET: [u8; 32] = [0xD5; 32];

pub fn fetch_list(office: &Office, path: &str) -> SignedList {
    let response: ListResponse =
        reqwest::blocking::get(format!("{}{path}", office.issuer.base_url()))
            .unwrap()
            .json()
            .unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(response.list.trim_end_matches('='))
        .unwrap();
    SignedList::decode(&bytes).unwrap()
}

/// A certificate from the issuer's own verifier authority (the one its trust list names).
pub fn certificate(
    office: &Office,
    allowed: &[DocType],
    signer: Option<&SigningKey>,
) -> DeskCertificate {
    let authority = ikd_issuer::routes::verifier_authority_key(office.data.path()).unwrap();
    let today = utc_day(T0).unwrap();
    DeskCertificate::sign(
        CertificateBody {
            authority: AuthorityKeyId([0; 8]),
            institution: "BANK CONTOH".into(),
            desk: "LOKET 1".into(),
            sector: Sector::Finance,
            allowed: ProfileSet::of(allowed),
            static_key: PublicKey::from(&StaticSecret::from(DESK_SECRET)).to_bytes(),
            valid_from: today,
            valid_until: today + 364,
        },
        signer.unwrap_or(&authority),
    )
}

/// A bank's desk, certified for the KTP basic profile and proof of age, with its replay store
/// in `dir`.
pub fn bank_desk(office: &Office, dir: &std::path::Path) -> Desk {
    let root = ikd_issuer::routes::trust_root_public_key(office.data.path()).unwrap();
    let root = ed25519_dalek::VerifyingKey::from_bytes(&root).unwrap();
    let trust = TrustList::verify(&fetch_list(office, "/v1/trust-list"), &root).unwrap();
    let revocations =
        RevocationList::verify(&fetch_list(office, "/v1/revocation-list"), &root).unwrap();
    Desk::new(
        DESK_SECRET,
        certificate(office, &[DocType::KtpBasic, DocType::AgeOver17], None),
        trust,
        revocations,
        Vec::new(),
        Box::new(SqliteReplayStore::open(&dir.join("replay.sqlite")).unwrap()),
    )
    .unwrap()
}

/// From home: the document, then "show at a desk".
pub fn desk_scan(app: &ikd_app::App, kind: DocumentKind) -> AppView {
    app.dispatch(AppEvent::OpenDocument { kind });
    let view = app.dispatch(AppEvent::ShowAtDesk);
    assert!(matches!(view.screen, Screen::DeskScan(_)), "{view:#?}");
    view
}

/// The camera reads `request`, handed over as its bytes.
pub fn scan(app: &ikd_app::App, request: &[u8]) -> AppView {
    let view = app.dispatch(AppEvent::OpenScanner);
    assert!(view.scanner.is_some());
    app.dispatch(AppEvent::ScannedBytes {
        bytes: request.to_vec(),
    })
}
