//! Damaged databases, tampered records, and what the files and messages must never contain.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::io::{Seek, SeekFrom, Write};

use common::*;
use ikd_core::vault::StorageError;
use ikd_core::vault::records::RecordKind;
use ikd_core::{CoreError, ReactivationReason, WalletStatus};

const NAME: &[u8] = b"SITI NURHALIZA RAHAYU";

fn phone_with_document() -> Phone {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let mut document = NIK.as_bytes().to_vec();
    document.extend_from_slice(NAME);
    session
        .replace_raw_records(RecordKind::Credential, &[document])
        .unwrap();
    phone
}

fn database(phone: &Phone) -> std::path::PathBuf {
    phone.wallet_dir.join("wallet.sqlite3")
}

fn assert_offers_reactivation(phone: &Phone) {
    let wallet = phone.open();
    assert_eq!(
        wallet.status(),
        WalletStatus::NeedsReactivation(ReactivationReason::Corrupt)
    );
    assert_eq!(
        wallet.unlock(&PIN.into()).unwrap_err(),
        CoreError::NeedsReactivation(ReactivationReason::Corrupt)
    );
    // The recovery path: reset, then set up (activate) again.
    wallet.reset().unwrap();
    assert_eq!(wallet.status(), WalletStatus::NotSetUp);
    wallet.set_up(&PIN.into(), NIK).unwrap();
    assert_eq!(wallet.status(), WalletStatus::Unlocked);
}

#[test]
fn a_truncated_database_offers_reactivation_instead_of_crashing() {
    let phone = phone_with_document();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(database(&phone))
        .unwrap();
    file.set_len(1500).unwrap();
    assert_offers_reactivation(&phone);
}

#[test]
fn an_overwritten_header_offers_reactivation() {
    let phone = phone_with_document();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(database(&phone))
        .unwrap();
    file.write_all(&[0x5A; 100]).unwrap();
    assert_offers_reactivation(&phone);
}

#[test]
fn a_damaged_page_is_reported_not_panicked_on() {
    let phone = phone_with_document();
    let len = std::fs::metadata(database(&phone)).unwrap().len();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(database(&phone))
        .unwrap();
    // Scribble over every page after the first (the schema page stays readable).
    let mut offset = 4096 + 8;
    while offset + 64 < len {
        file.seek(SeekFrom::Start(offset)).unwrap();
        file.write_all(&[0xFF; 64]).unwrap();
        offset += 4096;
    }
    drop(file);
    let wallet = phone.open();
    let outcome = wallet
        .unlock(&PIN.into())
        .and_then(|s| s.raw_records(RecordKind::Credential));
    assert!(
        matches!(
            outcome,
            Err(CoreError::NeedsReactivation(ReactivationReason::Corrupt))
                | Err(CoreError::Storage(
                    StorageError::Corrupt | StorageError::Tampered
                ))
        ),
        "{outcome:?}"
    );
}

#[test]
fn an_edited_record_is_reported_as_tampering() {
    let phone = phone_with_document();
    let conn = rusqlite::Connection::open(database(&phone)).unwrap();
    conn.execute(
        "UPDATE records SET ciphertext = zeroblob(64) WHERE kind = 2",
        [],
    )
    .unwrap();
    drop(conn);
    let session = phone.open().unlock(&PIN.into()).unwrap();
    assert_eq!(
        session.raw_records(RecordKind::Credential).unwrap_err(),
        CoreError::Storage(StorageError::Tampered)
    );
}

#[test]
fn a_deleted_pin_slot_is_reported_as_tampering() {
    let phone = phone_with_document();
    let conn = rusqlite::Connection::open(database(&phone)).unwrap();
    conn.execute("DELETE FROM pin_slot", []).unwrap();
    drop(conn);
    assert_eq!(
        phone.open().unlock(&PIN.into()).unwrap_err(),
        CoreError::Storage(StorageError::Tampered)
    );
}

#[test]
fn no_nik_name_or_document_byte_is_readable_in_any_file() {
    let phone = phone_with_document();
    // While open (the WAL holds the latest writes) and after closing.
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let names = std::fs::read_dir(&phone.wallet_dir).unwrap().count();
    assert!(names >= 2, "expected the WAL beside the database");
    let bytes = phone.all_file_bytes();
    assert!(!contains(&bytes, NIK.as_bytes()), "NIK in the files");
    assert!(!contains(&bytes, NAME), "name in the files");
    assert!(
        !contains(&bytes, &NIK.as_bytes()[..10]),
        "NIK prefix in the files"
    );
    assert!(!contains(&bytes, PIN.as_bytes()), "PIN in the files");
    drop(session);
    drop(wallet);
    let bytes = phone.all_file_bytes();
    assert!(!contains(&bytes, NIK.as_bytes()) && !contains(&bytes, NAME));
}

#[test]
fn a_replaced_record_leaves_no_trace_of_its_ciphertext() {
    let phone = phone_with_document();
    let conn = rusqlite::Connection::open(database(&phone)).unwrap();
    let old: Vec<u8> = conn
        .query_row("SELECT ciphertext FROM records WHERE kind = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(conn);
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    session
        .replace_raw_records(RecordKind::Credential, &[b"new".to_vec()])
        .unwrap();
    // secure_delete zeroes the freed cells and the WAL was truncated after the delete.
    assert!(!contains(&phone.all_file_bytes(), &old[..32]));
}

#[test]
fn errors_and_debug_output_carry_no_pin_nik_or_key() {
    let phone = phone_with_document();
    let wallet = phone.open();
    let mut shown = vec![format!("{wallet:?}")];
    let session = wallet.unlock(&PIN.into()).unwrap();
    shown.push(format!("{session:?}"));
    shown.push(format!(
        "{:?}",
        session.raw_records(RecordKind::Credential).unwrap()
    ));
    shown.push(format!(
        "{:?}",
        session.raw_records(RecordKind::Citizen).unwrap()
    ));
    let error = wallet.unlock(&WRONG_PIN.into()).unwrap_err();
    shown.push(format!("{error:?} {error}"));
    let rule = wallet
        .change_pin(&PIN.into(), &"170890".into())
        .unwrap_err();
    shown.push(format!("{rule:?} {rule}"));
    let device_key = session.device_public_key().unwrap();
    for text in &shown {
        assert!(!text.contains(NIK), "NIK in {text}");
        assert!(
            !text.contains(PIN) && !text.contains(WRONG_PIN),
            "PIN in {text}"
        );
        assert!(!text.contains("170890"), "new PIN in {text}");
        assert!(!text.contains("SITI"), "name in {text}");
        assert!(
            !text.contains(&format!("{:?}", &device_key[..8])),
            "key bytes in {text}"
        );
    }
}

#[test]
fn after_the_erase_no_wrapped_key_salt_or_record_ciphertext_is_left_in_any_file() {
    let phone = phone_with_document();
    let conn = rusqlite::Connection::open(database(&phone)).unwrap();
    let mut sealed: Vec<Vec<u8>> = conn
        .query_row("SELECT salt, wrapped_master_key FROM pin_slot", [], |r| {
            Ok(vec![r.get(0)?, r.get(1)?])
        })
        .unwrap();
    let mut stmt = conn.prepare("SELECT ciphertext FROM records").unwrap();
    sealed.extend(
        stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))
            .unwrap()
            .map(Result::unwrap),
    );
    drop(stmt);
    drop(conn);
    assert!(sealed.len() >= 4, "slot, device key, citizen and document");
    // The probes are there before the erase: the search below can fail.
    let before = phone.all_file_bytes();
    assert!(
        sealed
            .iter()
            .all(|v| contains(&before, &v[..v.len().min(16)]))
    );
    let wallet = phone.open();
    for _ in 0..ikd_core::lockout::MAX_FAILURES {
        phone
            .clock
            .advance(wallet.lockout_state().unwrap().wait_seconds);
        let _ = wallet.unlock(&WRONG_PIN.into());
    }
    assert_eq!(
        wallet.status(),
        WalletStatus::NeedsReactivation(ReactivationReason::TooManyWrongPins)
    );
    // With the wallet still open (the WAL beside the database) and after closing it.
    for bytes in [phone.all_file_bytes(), {
        drop(wallet);
        phone.all_file_bytes()
    }] {
        for value in &sealed {
            let probe = &value[..value.len().min(16)];
            assert!(!contains(&bytes, probe), "erased bytes still in the folder");
        }
    }
}
