//! The daily journey "show a QR at a service desk": frames from the wallet verify at the desk.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::*;
use ed25519_dalek::SigningKey;
use ikd_core::CoreError;
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::issue_profiles;
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::presentation::VerifierPublicKey;
use ikd_protocol::profile::DocType;
use ikd_protocol::trust::{RevocationList, TrustList, TrustedIssuer, TrustedVerifier};
use ikd_verifier::{Verifier, VerifyError};

const DESK_SECRET: [u8; 32] = [0x5E; 32];

fn root() -> SigningKey {
    SigningKey::from_bytes(&[0x40; 32])
}

fn trust_list() -> TrustList {
    let desk = VerifierPublicKey::of_secret(&x25519_dalek::StaticSecret::from(DESK_SECRET));
    TrustList {
        sequence: 1,
        issued_at: T0,
        issuers: vec![TrustedIssuer {
            public_key: fixtures::issuer_signing_key().verifying_key().to_bytes(),
            valid_from: 0,
            valid_until: 40_000,
        }],
        verifiers: vec![TrustedVerifier {
            public_key: desk.public_key,
            name: "LOKET DUKCAPIL CONTOH".into(),
            valid_from: 0,
            valid_until: 40_000,
        }],
        authorities: Vec::new(),
    }
}

fn activated_phone() -> (Phone, ikd_core::Wallet) {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let on = CivilDate::from_unix(T0).unwrap();
    let device = session.device_public_key().unwrap();
    let issued = issue_profiles(
        &Document::Ktp(fixtures::sample_ktp()),
        device,
        &fixtures::issuer_signing_key(),
        on,
        365,
    );
    session.store_credentials(&issued).unwrap();
    let revocations = RevocationList::default().sign(&root());
    session
        .store_lists(
            root().verifying_key().as_bytes(),
            &trust_list().sign(&root()),
            &revocations,
            T0,
        )
        .unwrap();
    (phone, wallet)
}

#[test]
fn two_frames_differ_and_both_verify_at_the_desk() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let first = session.qr_frame(DocType::KtpBasic, None, T0).unwrap();
    let second = session.qr_frame(DocType::KtpBasic, None, T0 + 30).unwrap();
    assert_ne!(first.frame.payload, second.frame.payload);
    assert_eq!(first.verifier_name, "LOKET DUKCAPIL CONTOH");
    assert_eq!(first.frame.refresh_at, T0 + 15);
    assert!(first.matrix.version <= 13);
    let mut desk = Verifier::new(DESK_SECRET, trust_list(), RevocationList::default());
    let verified = desk.verify_payload(&first.frame.payload, T0).unwrap();
    assert_eq!(verified.credential.doc_type, DocType::KtpBasic);
    assert!(desk.verify_payload(&second.frame.payload, T0 + 30).is_ok());
    assert_eq!(
        desk.verify_payload(&first.frame.payload, T0 + 120)
            .unwrap_err(),
        VerifyError::FrameTooOld
    );
}

#[test]
fn qr_frames_work_offline_after_a_restart() {
    let (phone, _) = activated_phone();
    // A new process, no network anywhere in this test: everything comes from the vault.
    let session = phone.open().unlock(&PIN.into()).unwrap();
    assert!(session.qr_frame(DocType::AgeOver17, None, T0 + 600).is_ok());
}

#[test]
fn a_list_not_signed_by_the_trust_root_is_refused() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let rogue = SigningKey::from_bytes(&[0x41; 32]);
    let result = session.store_lists(
        root().verifying_key().as_bytes(),
        &trust_list().sign(&rogue),
        &RevocationList::default().sign(&root()),
        T0,
    );
    assert_eq!(result, Err(CoreError::UntrustedList));
}

#[test]
fn a_qr_for_a_document_the_wallet_lacks_is_a_clear_error() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    assert_eq!(
        session.qr_frame(DocType::Bpjs, None, T0).unwrap_err(),
        CoreError::DocumentNotFound
    );
}

#[test]
fn a_stale_trust_list_or_one_older_than_the_stored_is_refused() {
    let (_phone, wallet) = activated_phone();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let root_key = *root().verifying_key().as_bytes();
    let revocations = RevocationList::default().sign(&root());
    let max_age = ikd_protocol::trust::MAX_LIST_AGE_SECONDS;
    // Signed at T0 and replayed too late.
    assert_eq!(
        session.store_lists(
            &root_key,
            &trust_list().sign(&root()),
            &revocations,
            T0 + max_age + 1
        ),
        Err(CoreError::UntrustedList)
    );
    // A newer list moves the wallet on; the one before it can no longer come back.
    let newer = TrustList {
        sequence: 2,
        ..trust_list()
    };
    session
        .store_lists(&root_key, &newer.sign(&root()), &revocations, T0)
        .unwrap();
    assert_eq!(
        session.store_lists(&root_key, &trust_list().sign(&root()), &revocations, T0),
        Err(CoreError::UntrustedList)
    );
    assert_eq!(session.stored_trust_list().unwrap().1.sequence, 2);
}
