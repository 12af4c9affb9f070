//! Device binding: a vault copied to another phone does not open, even with the right PIN.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::sync::Arc;

use common::*;
use ikd_core::{CoreError, KeystoreError, PlatformKeystore, SoftwareKeystore, Wallet};
use zeroize::Zeroizing;

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn a_copied_vault_does_not_open_on_another_device_even_with_the_right_pin() {
    let phone = Phone::set_up();
    let thief = tempfile::tempdir().unwrap();
    let copied = thief.path().join("wallet");
    copy_dir(&phone.wallet_dir, &copied);
    let other_keystore = Arc::new(SoftwareKeystore::new(thief.path().join("keystore")).unwrap());
    let wallet = Wallet::open(&copied, other_keystore, phone.clock.clone(), config()).unwrap();
    assert_eq!(
        wallet.unlock(&PIN.into()).unwrap_err(),
        CoreError::DeviceMismatch
    );
    // Device mismatch is not a PIN guess: nothing is counted.
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, 10);
    assert!(
        CoreError::DeviceMismatch
            .to_string()
            .contains("another device")
    );
}

#[test]
fn a_keystore_with_a_different_key_under_the_same_name_is_told_apart() {
    let phone = Phone::set_up();
    let thief = tempfile::tempdir().unwrap();
    let copied = thief.path().join("wallet");
    copy_dir(&phone.wallet_dir, &copied);
    // The thief even recreates keys with the same alias names in their own keystore.
    let other = SoftwareKeystore::new(thief.path().join("keystore")).unwrap();
    for entry in std::fs::read_dir(&phone.keystore_dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(alias) = name.strip_suffix(".key") {
            other.ensure_key(alias).unwrap();
        }
    }
    let wallet = Wallet::open(&copied, Arc::new(other), phone.clock.clone(), config()).unwrap();
    assert_eq!(
        wallet.unlock(&PIN.into()).unwrap_err(),
        CoreError::DeviceMismatch
    );
}

/// A keystore that answers with garbage or fails, as a broken or hostile platform might.
struct Faulty {
    inner: SoftwareKeystore,
    garbage: bool,
}

impl PlatformKeystore for Faulty {
    fn ensure_key(&self, alias: &str) -> Result<(), KeystoreError> {
        self.inner.ensure_key(alias)
    }
    fn derive(&self, alias: &str, input: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
        if self.garbage {
            let mut out = self.inner.derive(alias, input)?;
            out[0] ^= 0xFF;
            Ok(out)
        } else {
            Err(KeystoreError::Unavailable {
                reason: "user not authenticated".into(),
            })
        }
    }
    fn create_limited_key(&self, alias: &str, max_uses: u32) -> Result<(), KeystoreError> {
        self.inner.create_limited_key(alias, max_uses)
    }
    fn delete_key(&self, alias: &str) -> Result<(), KeystoreError> {
        self.inner.delete_key(alias)
    }
}

#[test]
fn when_the_keystore_fails_unlock_fails_and_there_is_no_pin_only_path() {
    let phone = Phone::set_up();
    let failing = Faulty {
        inner: SoftwareKeystore::new(&phone.keystore_dir).unwrap(),
        garbage: false,
    };
    let wallet = Wallet::open(
        &phone.wallet_dir,
        Arc::new(failing),
        phone.clock.clone(),
        config(),
    )
    .unwrap();
    assert!(matches!(
        wallet.unlock(&PIN.into()),
        Err(CoreError::Keystore(_))
    ));
    // The same wallet opens again once the keystore answers.
    assert!(phone.open().unlock(&PIN.into()).is_ok());
}

#[test]
fn a_keystore_returning_garbage_opens_nothing() {
    let phone = Phone::set_up();
    let garbage = Faulty {
        inner: SoftwareKeystore::new(&phone.keystore_dir).unwrap(),
        garbage: true,
    };
    let wallet = Wallet::open(
        &phone.wallet_dir,
        Arc::new(garbage),
        phone.clock.clone(),
        config(),
    )
    .unwrap();
    assert_eq!(
        wallet.unlock(&PIN.into()).unwrap_err(),
        CoreError::DeviceMismatch
    );
}

#[test]
fn the_device_key_is_created_once_and_kept() {
    let phone = Phone::new();
    let wallet = phone.open();
    let first = wallet
        .set_up(&PIN.into(), NIK)
        .unwrap()
        .device_public_key()
        .unwrap();
    let again = phone
        .open()
        .unlock(&PIN.into())
        .unwrap()
        .device_public_key()
        .unwrap();
    assert_eq!(first, again);
    let other = Phone::set_up();
    let theirs = other
        .open()
        .unlock(&PIN.into())
        .unwrap()
        .device_public_key()
        .unwrap();
    assert_ne!(first, theirs);
}

/// A keystore that answers every question with fresh random bytes, or with nothing.
struct Random {
    inner: SoftwareKeystore,
    empty: bool,
}

impl PlatformKeystore for Random {
    fn ensure_key(&self, alias: &str) -> Result<(), KeystoreError> {
        self.inner.ensure_key(alias)
    }
    fn derive(&self, _: &str, _: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
        let mut out = Zeroizing::new(vec![0u8; if self.empty { 0 } else { 32 }]);
        getrandom::getrandom(&mut out).unwrap();
        Ok(out)
    }
    fn create_limited_key(&self, alias: &str, max_uses: u32) -> Result<(), KeystoreError> {
        self.inner.create_limited_key(alias, max_uses)
    }
    fn delete_key(&self, alias: &str) -> Result<(), KeystoreError> {
        self.inner.delete_key(alias)
    }
}

#[test]
fn a_keystore_answering_random_or_empty_bytes_opens_nothing_and_costs_no_attempt() {
    let phone = Phone::set_up();
    for empty in [false, true] {
        let keystore = Random {
            inner: SoftwareKeystore::new(&phone.keystore_dir).unwrap(),
            empty,
        };
        let wallet = Wallet::open(
            &phone.wallet_dir,
            Arc::new(keystore),
            phone.clock.clone(),
            config(),
        )
        .unwrap();
        for _ in 0..3 {
            let outcome = wallet.unlock(&PIN.into());
            assert!(
                matches!(
                    outcome,
                    Err(CoreError::DeviceMismatch | CoreError::Keystore(_))
                ),
                "empty={empty}: {outcome:?}"
            );
        }
        assert_eq!(wallet.lockout_state().unwrap().attempts_left, 10);
    }
    // The real keystore still opens the wallet.
    assert!(phone.open().unlock(&PIN.into()).is_ok());
}
