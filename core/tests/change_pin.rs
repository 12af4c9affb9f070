//! The daily journey "change the PIN".
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::*;
use ikd_core::pin::rules::PinRuleError;
use ikd_core::vault::records::RecordKind;
use ikd_core::{CoreError, WalletStatus};

#[test]
fn after_a_change_the_new_pin_works_and_the_old_one_does_not() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    session
        .replace_raw_records(RecordKind::Credential, &[b"ktp".to_vec()])
        .unwrap();
    wallet.change_pin(&PIN.into(), &NEW_PIN.into()).unwrap();

    let reopened = phone.open();
    assert!(matches!(
        reopened.unlock(&PIN.into()),
        Err(CoreError::WrongPin(_))
    ));
    let session = reopened.unlock(&NEW_PIN.into()).unwrap();
    let docs = session.raw_records(RecordKind::Credential).unwrap();
    assert_eq!(docs[0].bytes.as_slice(), b"ktp");
}

#[test]
fn a_wrong_old_pin_is_counted_and_changes_nothing() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let error = wallet
        .change_pin(&WRONG_PIN.into(), &NEW_PIN.into())
        .unwrap_err();
    assert!(matches!(error, CoreError::WrongPin(s) if s.attempts_left == 9));
    assert!(wallet.unlock(&PIN.into()).is_ok());
}

#[test]
fn the_new_pin_must_follow_the_same_rules() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    for (pin, rule) in [
        ("999999", PinRuleError::AllSameDigit),
        ("987654", PinRuleError::Sequence),
        ("900817", PinRuleError::BirthDate),
        ("98765", PinRuleError::WrongLength),
    ] {
        assert_eq!(
            wallet.change_pin(&PIN.into(), &pin.into()),
            Err(CoreError::PinRule(rule))
        );
    }
    assert!(wallet.unlock(&PIN.into()).is_ok());
}

#[test]
fn changing_the_pin_does_not_re_encrypt_the_documents() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    session
        .replace_raw_records(RecordKind::Credential, &[b"doc".to_vec()])
        .unwrap();
    let db = phone.wallet_dir.join("wallet.sqlite3");
    let read_records = || {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, nonce, ciphertext FROM records ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
    };
    let before = read_records();
    wallet.change_pin(&PIN.into(), &NEW_PIN.into()).unwrap();
    assert_eq!(read_records(), before);
    // The open session keeps working: the master key did not change.
    assert_eq!(
        session.raw_records(RecordKind::Credential).unwrap()[0]
            .bytes
            .as_slice(),
        b"doc"
    );
    assert_eq!(wallet.status(), WalletStatus::Unlocked);
}
