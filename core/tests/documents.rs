//! The citizen's documents in the wallet: stored sealed, listed and read in an unlocked session.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::*;
use ikd_core::CoreError;
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::{SignedCredential, issue_profiles};
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::profile::{Claims, DocType};

fn issue_all(device: [u8; 32]) -> Vec<SignedCredential> {
    let issuer = fixtures::issuer_signing_key();
    let on = CivilDate::new(2026, 11, 22).unwrap();
    [
        Document::Ktp(fixtures::sample_ktp()),
        Document::FamilyCard(fixtures::sample_family_card()),
        Document::Vaccine(fixtures::sample_vaccine_certificate()),
        Document::Bpjs(fixtures::sample_bpjs_card()),
    ]
    .iter()
    .flat_map(|doc| issue_profiles(doc, device, &issuer, on, 365))
    .collect()
}

#[test]
fn every_document_is_listed_and_read_back_after_a_restart() {
    let phone = Phone::set_up();
    let session = phone.open().unlock(&PIN.into()).unwrap();
    let credentials = issue_all(session.device_public_key().unwrap());
    session.store_credentials(&credentials).unwrap();

    let session = phone.open().unlock(&PIN.into()).unwrap();
    let documents = session.documents().unwrap();
    let mut types: Vec<DocType> = documents.iter().map(|d| d.doc_type()).collect();
    types.sort();
    assert_eq!(types, DocType::ALL);
    let ktp = session.document(DocType::KtpFull).unwrap();
    let Claims::KtpFull(ktp) = &ktp.credential.claims else {
        panic!("not a KTP")
    };
    assert_eq!(ktp.name, "SITI CONTOH RAHAYU");
    let kk = session.document(DocType::FamilyCard).unwrap();
    let Claims::FamilyCard(kk) = &kk.credential.claims else {
        panic!("not a KK")
    };
    assert_eq!(kk.members.len(), 3);
    // What was stored is byte for byte what the issuer signed.
    let issuer = fixtures::issuer_signing_key().verifying_key();
    for document in &documents {
        assert!(document.signed.verify(&issuer).is_ok());
    }
}

#[test]
fn credentials_for_another_device_are_refused_and_nothing_is_stored() {
    let phone = Phone::set_up();
    let session = phone.open().unlock(&PIN.into()).unwrap();
    let foreign = issue_all([7; 32]);
    assert_eq!(
        session.store_credentials(&foreign),
        Err(CoreError::CredentialForAnotherDevice)
    );
    assert!(session.documents().unwrap().is_empty());
    assert_eq!(
        session.document(DocType::KtpFull).unwrap_err(),
        CoreError::DocumentNotFound
    );
}

#[test]
fn a_refresh_replaces_the_documents_in_one_step() {
    let phone = Phone::set_up();
    let session = phone.open().unlock(&PIN.into()).unwrap();
    let device = session.device_public_key().unwrap();
    session.store_credentials(&issue_all(device)).unwrap();
    let only_ktp: Vec<SignedCredential> = issue_all(device).into_iter().take(3).collect();
    session.store_credentials(&only_ktp).unwrap();
    assert_eq!(session.documents().unwrap().len(), 3);
}

#[test]
fn documents_cannot_be_read_once_locked() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    session
        .store_credentials(&issue_all(session.device_public_key().unwrap()))
        .unwrap();
    wallet.lock();
    assert_eq!(session.documents().unwrap_err(), CoreError::SessionLocked);
}

#[test]
fn no_claim_of_any_document_is_readable_in_the_files() {
    let phone = Phone::set_up();
    let session = phone.open().unlock(&PIN.into()).unwrap();
    session
        .store_credentials(&issue_all(session.device_public_key().unwrap()))
        .unwrap();
    let files = phone.all_file_bytes();
    for needle in [
        &b"SITI CONTOH"[..],
        b"BUDI CONTOH",
        b"PUSKESMAS",
        b"JL. MELATI",
        &fixtures::sample_ktp().nik.as_u64().to_be_bytes()[..],
        &fixtures::sample_family_card().number.to_be_bytes()[..],
    ] {
        assert!(
            !contains(&files, needle),
            "{needle:?} readable in the wallet files"
        );
    }
}
