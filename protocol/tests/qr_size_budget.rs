//! Every single-document profile fits QR version 13 at ECC M: the size table of docs/qr-format.md.

#![allow(clippy::unwrap_used, clippy::print_stdout)] // a test that prints its table

use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::issue_profiles;
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures;
use ikd_protocol::presentation::{VerifierPublicKey, build_frame};
use ikd_protocol::profile::DocType;
use ikd_protocol::qr;

const MAX_VERSION: u8 = 13;
const FAMILY_MAX_VERSION: u8 = 15;

#[test]
fn every_profile_of_every_sample_citizen_fits_version_13_at_ecc_m() {
    let on = CivilDate::new(2026, 11, 22).unwrap();
    let device = fixtures::device_signing_key();
    let verifier = VerifierPublicKey::new([0x42; 32]);
    println!("| citizen | profile | credential B | payload B | QR version (ECC M) |");
    println!("|---|---|---|---|---|");
    let mut worst = 0;
    for citizen in fixtures::population() {
        for doc in [
            Document::Ktp(citizen.ktp.clone()),
            Document::FamilyCard(citizen.family_card.clone()),
            Document::Vaccine(citizen.vaccine.clone()),
            Document::Bpjs(citizen.bpjs.clone()),
        ] {
            let issued = issue_profiles(
                &doc,
                device.verifying_key().to_bytes(),
                &fixtures::issuer_signing_key(),
                on,
                365,
            );
            for signed in issued {
                let frame = build_frame(&signed, &device, &verifier, 1_800_000_000).unwrap();
                let matrix = qr::encode(&frame.payload).unwrap();
                let doc_type: DocType = signed.decode_unverified().unwrap().doc_type;
                println!(
                    "| {} | {:?} | {} | {} | {} |",
                    citizen.ktp.name,
                    doc_type,
                    signed.credential.len(),
                    frame.payload.len(),
                    matrix.version
                );
                // One-person documents: version 13 at most. A family card names every member
                // (NIK + name each, ~31 bytes), so its size grows with the family: the basic
                // profile must stay within version 15 for a family of up to four.
                let budget = match doc_type {
                    DocType::FamilyCard => 40,
                    DocType::FamilyCardBasic => FAMILY_MAX_VERSION,
                    _ => MAX_VERSION,
                };
                assert!(
                    matrix.version <= budget,
                    "{doc_type:?} needs version {}",
                    matrix.version
                );
                worst = worst.max(matrix.version);
            }
        }
    }
    println!("largest version: {worst}");
}

#[test]
fn the_family_card_basic_profile_fits_version_15_for_a_family_of_four() {
    let on = CivilDate::new(2026, 11, 22).unwrap();
    let mut family = fixtures::sample_family_card();
    let mut fourth = family.members[2].clone();
    fourth.nik = ikd_protocol::nik::Nik::parse("3174014209180004").unwrap();
    fourth.name = "DEWI CONTOH LESTARI".into();
    fourth.sex = ikd_protocol::codes::Sex::Female;
    fourth.birth_date = CivilDate::new(2018, 9, 2).unwrap();
    family.members.push(fourth);
    family.validate().unwrap();
    let device = fixtures::device_signing_key();
    let signed = issue_profiles(
        &Document::FamilyCard(family),
        device.verifying_key().to_bytes(),
        &fixtures::issuer_signing_key(),
        on,
        365,
    )
    .pop()
    .unwrap();
    let frame = build_frame(
        &signed,
        &device,
        &VerifierPublicKey::new([0x42; 32]),
        1_800_000_000,
    )
    .unwrap();
    let version = qr::encode(&frame.payload).unwrap().version;
    println!(
        "family of four, FamilyCardBasic: {} B payload, version {version}",
        frame.payload.len()
    );
    assert!(version <= FAMILY_MAX_VERSION);
}
