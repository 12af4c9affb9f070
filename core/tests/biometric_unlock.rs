//! Biometric unlock through the real vault: off by default, the PIN always works, a changed
//! enrolment turns it off, and ten wrong PINs erase it with everything else.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::sync::Arc;

use common::biometric::{ModelledBiometrics, Touch};
use common::*;
use ikd_core::biometric::{BiometricError, BiometricKeystore, BiometricPrompt};
use ikd_core::{CoreError, ReactivationReason, WalletStatus};

fn prompt() -> BiometricPrompt {
    BiometricPrompt {
        title: "Buka IKD / Open IKD".into(),
        subtitle: "Sentuh sensor sidik jari / Touch the fingerprint sensor".into(),
        cancel: "Pakai PIN / Use PIN".into(),
    }
}

fn biometrics() -> (Arc<ModelledBiometrics>, Arc<dyn BiometricKeystore>) {
    let model = Arc::new(ModelledBiometrics::new());
    let as_trait: Arc<dyn BiometricKeystore> = model.clone();
    (model, as_trait)
}

fn turned_on() -> (
    Phone,
    ikd_core::Wallet,
    Arc<ModelledBiometrics>,
    Arc<dyn BiometricKeystore>,
) {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let (model, bio) = biometrics();
    let session = wallet.unlock(&PIN.into()).unwrap();
    wallet.enable_biometric(&session, &bio, &prompt()).unwrap();
    wallet.lock();
    (phone, wallet, model, bio)
}

fn biometric_error(result: Result<Arc<ikd_core::Session>, CoreError>) -> BiometricError {
    match result {
        Err(CoreError::Biometric(e)) => e,
        other => panic!("expected a biometric error, got {other:?}"),
    }
}

#[test]
fn biometric_unlock_is_off_until_the_citizen_turns_it_on() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let (model, bio) = biometrics();
    assert!(!wallet.biometric_enabled());
    assert_eq!(
        biometric_error(wallet.unlock_with_biometric(&bio, &prompt())),
        BiometricError::KeyNotFound
    );
    assert!(
        model.prompts.lock().unwrap().is_empty(),
        "no prompt for a slot that is not there"
    );
}

#[test]
fn a_recognised_finger_opens_the_wallet_and_the_pin_still_works() {
    let (phone, wallet, model, bio) = turned_on();
    assert!(wallet.biometric_enabled());
    let session = wallet.unlock_with_biometric(&bio, &prompt()).unwrap();
    assert_eq!(wallet.status(), WalletStatus::Unlocked);
    session.device_public_key().unwrap();
    wallet.lock();
    // The PIN opens it too, and after a restart of the app.
    wallet.unlock(&PIN.into()).unwrap();
    wallet.lock();
    let restarted = phone.open();
    restarted.unlock_with_biometric(&bio, &prompt()).unwrap();
    assert_eq!(
        model.prompts.lock().unwrap().last().unwrap().cancel,
        "Pakai PIN / Use PIN"
    );
}

#[test]
fn changing_the_pin_keeps_biometric_unlock_working() {
    let (_phone, wallet, _model, bio) = turned_on();
    wallet.change_pin(&PIN.into(), &NEW_PIN.into()).unwrap();
    wallet.unlock_with_biometric(&bio, &prompt()).unwrap();
    wallet.lock();
    wallet.unlock(&NEW_PIN.into()).unwrap();
}

#[test]
fn a_changed_enrolment_turns_biometric_unlock_off_and_the_pin_opens() {
    let (_phone, wallet, model, bio) = turned_on();
    // Someone adds their own finger to the phone.
    model.change_enrolment();
    assert_eq!(
        biometric_error(wallet.unlock_with_biometric(&bio, &prompt())),
        BiometricError::Invalidated
    );
    assert!(!wallet.biometric_enabled(), "the slot is gone");
    assert_eq!(model.key_count(), 0, "and so is the platform key");
    assert_eq!(
        biometric_error(wallet.unlock_with_biometric(&bio, &prompt())),
        BiometricError::KeyNotFound
    );
    let session = wallet.unlock(&PIN.into()).unwrap();
    // It can be turned on again under the new enrolment.
    wallet.enable_biometric(&session, &bio, &prompt()).unwrap();
    wallet.lock();
    wallet.unlock_with_biometric(&bio, &prompt()).unwrap();
}

#[test]
fn a_cancelled_prompt_or_the_platform_lockout_changes_nothing() {
    let (_phone, wallet, model, bio) = turned_on();
    model.answer_next(Touch::Cancel);
    assert_eq!(
        biometric_error(wallet.unlock_with_biometric(&bio, &prompt())),
        BiometricError::Cancelled
    );
    model.answer_next(Touch::PlatformLockout);
    assert_eq!(
        biometric_error(wallet.unlock_with_biometric(&bio, &prompt())),
        BiometricError::NotAvailable
    );
    assert!(wallet.biometric_enabled());
    assert_eq!(wallet.status(), WalletStatus::Locked);
    // Neither counted as a wrong PIN.
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, 10);
    model.answer_next(Touch::Recognised);
    wallet.unlock_with_biometric(&bio, &prompt()).unwrap();
}

#[test]
fn without_an_enrolled_finger_it_cannot_be_turned_on() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let (model, bio) = biometrics();
    model.set_available(false);
    let session = wallet.unlock(&PIN.into()).unwrap();
    assert_eq!(
        wallet.enable_biometric(&session, &bio, &prompt()),
        Err(CoreError::Biometric(BiometricError::NotAvailable))
    );
    assert!(!wallet.biometric_enabled());
    assert_eq!(model.key_count(), 0);
}

#[test]
fn a_cancelled_prompt_while_turning_it_on_leaves_no_key_behind() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let (model, bio) = biometrics();
    let session = wallet.unlock(&PIN.into()).unwrap();
    model.answer_next(Touch::Cancel);
    assert_eq!(
        wallet.enable_biometric(&session, &bio, &prompt()),
        Err(CoreError::Biometric(BiometricError::Cancelled))
    );
    assert!(!wallet.biometric_enabled());
    assert_eq!(model.key_count(), 0);
}

#[test]
fn turning_it_off_deletes_the_slot_and_the_platform_key() {
    let (_phone, wallet, model, bio) = turned_on();
    wallet.disable_biometric(&bio).unwrap();
    assert!(!wallet.biometric_enabled());
    assert_eq!(model.key_count(), 0);
    wallet.unlock(&PIN.into()).unwrap();
}

#[test]
fn ten_wrong_pins_erase_the_biometric_slot_with_everything_else() {
    let (phone, wallet, _model, bio) = turned_on();
    for _ in 0..10 {
        phone.clock.advance(24 * 3600);
        let _ = wallet.unlock(&WRONG_PIN.into());
    }
    assert_eq!(
        wallet.status(),
        WalletStatus::NeedsReactivation(ReactivationReason::TooManyWrongPins)
    );
    assert!(!wallet.biometric_enabled());
    assert_eq!(
        wallet.unlock_with_biometric(&bio, &prompt()).err(),
        Some(CoreError::NeedsReactivation(
            ReactivationReason::TooManyWrongPins
        ))
    );
}

#[test]
fn a_slot_swapped_in_from_another_enrolment_opens_nothing() {
    let (phone, wallet, _model, bio) = turned_on();
    // Overwrite the slot's sealed key with other bytes, as an attacker with the file could.
    drop(wallet);
    let conn = rusqlite::Connection::open(phone.wallet_dir.join("wallet.sqlite3")).unwrap();
    conn.execute(
        "UPDATE biometric_slot SET wrapped_master_key = zeroblob(48)",
        [],
    )
    .unwrap();
    drop(conn);
    let wallet = phone.open();
    assert_eq!(
        biometric_error(wallet.unlock_with_biometric(&bio, &prompt())),
        BiometricError::Invalidated
    );
    assert!(!wallet.biometric_enabled());
    wallet.unlock(&PIN.into()).unwrap();
}
