//! The daily journey "open the ID": PIN unlock, wrong PINs, lockout and erase, across restarts.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::*;
use ikd_core::lockout::{MAX_FAILURES, PIN_KEY_MAX_USES};
use ikd_core::{CoreError, ReactivationReason, WalletStatus};

#[test]
fn the_right_pin_unlocks_and_the_status_follows() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    assert_eq!(wallet.status(), WalletStatus::Locked);
    let session = wallet.unlock(&PIN.into()).unwrap();
    assert_eq!(wallet.status(), WalletStatus::Unlocked);
    assert_eq!(session.device_public_key().unwrap().len(), 32);
    wallet.lock();
    assert!(session.is_locked());
    assert_eq!(wallet.status(), WalletStatus::Locked);
    assert_eq!(session.device_public_key(), Err(CoreError::SessionLocked));
}

#[test]
fn a_fresh_folder_is_not_set_up_and_cannot_unlock() {
    let phone = Phone::new();
    let wallet = phone.open();
    assert_eq!(wallet.status(), WalletStatus::NotSetUp);
    assert_eq!(wallet.unlock(&PIN.into()).unwrap_err(), CoreError::NotSetUp);
}

#[test]
fn setting_up_twice_is_refused() {
    let phone = Phone::set_up();
    assert_eq!(
        phone.open().set_up(&PIN.into(), NIK).unwrap_err(),
        CoreError::AlreadySetUp
    );
}

#[test]
fn a_trivial_or_birth_date_pin_is_refused_at_set_up() {
    let phone = Phone::new();
    let wallet = phone.open();
    for (pin, rule) in [
        ("123456", ikd_core::pin::rules::PinRuleError::Sequence),
        ("000000", ikd_core::pin::rules::PinRuleError::AllSameDigit),
        ("170890", ikd_core::pin::rules::PinRuleError::BirthDate),
        ("570890", ikd_core::pin::rules::PinRuleError::BirthDate),
        ("12345", ikd_core::pin::rules::PinRuleError::WrongLength),
    ] {
        assert_eq!(
            wallet.set_up(&pin.into(), NIK).unwrap_err(),
            CoreError::PinRule(rule)
        );
    }
    assert_eq!(wallet.status(), WalletStatus::NotSetUp);
}

#[test]
fn four_wrong_pins_cost_nothing_and_the_fifth_starts_a_one_minute_wait() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    for n in 1..=4u32 {
        match wallet.unlock(&WRONG_PIN.into()).unwrap_err() {
            CoreError::WrongPin(state) => {
                assert_eq!(state.attempts_left, MAX_FAILURES - n);
                assert_eq!(state.next_attempt_at, None);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    let CoreError::WrongPin(state) = wallet.unlock(&WRONG_PIN.into()).unwrap_err() else {
        panic!("expected a wrong PIN")
    };
    assert_eq!(state.attempts_left, 5);
    assert_eq!(state.wait_seconds, 60);
    // Even the right PIN must wait.
    assert!(
        matches!(wallet.unlock(&PIN.into()), Err(CoreError::LockedOut(s)) if s.wait_seconds == 60)
    );
    phone.clock.advance(60);
    wallet.unlock(&PIN.into()).unwrap();
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, MAX_FAILURES);
}

#[test]
fn the_lockout_survives_a_restart_of_the_app() {
    let phone = Phone::set_up();
    for _ in 0..6 {
        let wallet = phone.open(); // a new process each time
        let _ = wallet.unlock(&WRONG_PIN.into());
        phone
            .clock
            .advance(wallet.lockout_state().unwrap().wait_seconds);
    }
    let wallet = phone.open();
    let state = wallet.lockout_state().unwrap();
    assert_eq!(state.failures, 6);
    assert_eq!(state.attempts_left, 4);
}

#[test]
fn setting_the_clock_back_does_not_shorten_the_wait() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    for _ in 0..5 {
        let _ = wallet.unlock(&WRONG_PIN.into());
        phone
            .clock
            .advance(wallet.lockout_state().unwrap().wait_seconds);
    }
    let _ = wallet.unlock(&WRONG_PIN.into());
    // Sixth failure: five minutes to wait. Restart with the wall clock set back a day.
    let wallet = phone.open();
    let before = wallet.lockout_state().unwrap();
    assert_eq!(before.wait_seconds, 300);
    phone.clock.set_wall(T0 - 86_400);
    let after = phone.open().lockout_state().unwrap();
    assert_eq!(after.wait_seconds, 300);
    assert!(matches!(
        phone.open().unlock(&PIN.into()),
        Err(CoreError::LockedOut(_))
    ));
}

#[test]
fn setting_the_clock_forward_does_not_skip_the_wait_while_the_app_runs() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    for _ in 0..5 {
        let _ = wallet.unlock(&WRONG_PIN.into());
    }
    phone.clock.set_wall(T0 + 10 * 86_400);
    assert!(matches!(
        wallet.unlock(&PIN.into()),
        Err(CoreError::LockedOut(_))
    ));
}

#[test]
fn the_tenth_wrong_pin_erases_the_wallet_for_good() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let mut last = None;
    for _ in 0..MAX_FAILURES {
        phone
            .clock
            .advance(wallet.lockout_state().unwrap().wait_seconds);
        last = Some(wallet.unlock(&WRONG_PIN.into()).unwrap_err());
    }
    assert_eq!(
        last,
        Some(CoreError::NeedsReactivation(
            ReactivationReason::TooManyWrongPins
        ))
    );
    let reopened = phone.open();
    assert_eq!(
        reopened.status(),
        WalletStatus::NeedsReactivation(ReactivationReason::TooManyWrongPins)
    );
    // The right PIN no longer opens anything, and the hardware key is gone.
    assert_eq!(
        reopened.unlock(&PIN.into()).unwrap_err(),
        CoreError::NeedsReactivation(ReactivationReason::TooManyWrongPins)
    );
    assert_eq!(std::fs::read_dir(&phone.keystore_dir).unwrap().count(), 0);
    // Re-activation starts over with a new wallet.
    reopened.set_up(&NEW_PIN.into(), NIK).unwrap();
    assert_eq!(reopened.status(), WalletStatus::Unlocked);
}

#[test]
fn a_try_killed_before_the_kdf_still_counts() {
    // The counter is written before the KDF: simulate the process dying right after that write
    // by setting the stored counter as the write leaves it, then restarting.
    let phone = Phone::set_up();
    let wallet = phone.open();
    for _ in 0..4 {
        let _ = wallet.unlock(&WRONG_PIN.into());
    }
    assert_eq!(phone.open().lockout_state().unwrap().attempts_left, 6);
    let _ = phone.open().unlock(&WRONG_PIN.into());
    assert_eq!(phone.open().lockout_state().unwrap().attempts_left, 5);
}

#[test]
fn a_malformed_pin_is_refused_without_counting() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    assert!(matches!(
        wallet.unlock(&"12a".into()),
        Err(CoreError::PinRule(_))
    ));
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, MAX_FAILURES);
}

#[test]
fn an_idle_session_locks_itself() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    phone.clock.advance(119);
    assert!(session.device_public_key().is_ok()); // activity resets the timer
    phone.clock.advance(119);
    assert!(!session.is_locked());
    phone.clock.advance(1);
    assert!(session.is_locked());
    assert_eq!(wallet.status(), WalletStatus::Locked);
}

#[test]
fn a_new_unlock_locks_the_previous_session() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    let first = wallet.unlock(&PIN.into()).unwrap();
    let second = wallet.unlock(&PIN.into()).unwrap();
    assert!(first.is_locked());
    assert!(!second.is_locked());
}

/// The files of the wallet folder, as an attacker with root would copy them.
fn snapshot(phone: &Phone) -> Vec<(std::ffi::OsString, Vec<u8>)> {
    std::fs::read_dir(&phone.wallet_dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn restore(phone: &Phone, files: &[(std::ffi::OsString, Vec<u8>)]) {
    std::fs::remove_dir_all(&phone.wallet_dir).unwrap();
    std::fs::create_dir_all(&phone.wallet_dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(phone.wallet_dir.join(name), bytes).unwrap();
    }
}

/// The app's own counter lives in the folder, so a restored copy shows the free tries again; the
/// PIN key's count does not (here the software keystore's count, kept outside the wallet folder;
/// on a phone KeyMint's). `try_limit.rs` proves with the modelled hardware that no restore gives
/// a guess beyond that count.
#[test]
fn restoring_an_old_copy_of_the_folder_rolls_back_the_apps_counter_but_not_the_keys_count() {
    let phone = Phone::set_up();
    let before = snapshot(&phone);
    let wallet = phone.open();
    for _ in 0..4 {
        assert!(matches!(
            wallet.unlock(&WRONG_PIN.into()),
            Err(CoreError::WrongPin(_))
        ));
    }
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, 6);
    drop(wallet);
    restore(&phone, &before);
    let wallet = phone.open();
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, MAX_FAILURES);
    // The key's count kept the four guesses: one use for the wrapping, four, six left.
    let uses: Vec<u32> = std::fs::read_dir(&phone.keystore_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "uses"))
        .map(|p| u32::from_be_bytes(std::fs::read(p).unwrap().try_into().unwrap()))
        .collect();
    assert_eq!(uses, [PIN_KEY_MAX_USES - 1 - 4]);
    // The right PIN still works on the restored copy, and its rotation restores the count.
    assert!(wallet.unlock(&PIN.into()).is_ok());
}

#[test]
fn restoring_an_old_copy_after_the_tenth_wrong_pin_does_not_bring_the_wallet_back() {
    let phone = Phone::set_up();
    let before = snapshot(&phone);
    let wallet = phone.open();
    for _ in 0..MAX_FAILURES {
        phone
            .clock
            .advance(wallet.lockout_state().unwrap().wait_seconds);
        let _ = wallet.unlock(&WRONG_PIN.into());
    }
    drop(wallet);
    restore(&phone, &before);
    // The erase deleted the hardware key: the restored slot cannot be opened by any PIN, and the
    // try is refused before the KDF (nothing to guess against).
    let outcome = phone.open().unlock(&PIN.into());
    assert!(
        matches!(
            outcome,
            Err(CoreError::DeviceMismatch | CoreError::Keystore(_))
        ),
        "{outcome:?}"
    );
}

/// Opens the vault file as an attacker with root would, outside the app.
fn edit_database(phone: &Phone, sql: &str) {
    let db = rusqlite::Connection::open(phone.wallet_dir.join("wallet.sqlite3")).unwrap();
    db.execute_batch(sql).unwrap();
}

#[test]
fn editing_the_counter_in_the_database_gives_no_tries_back() {
    let phone = Phone::set_up();
    let wallet = phone.open();
    for _ in 0..5 {
        let _ = wallet.unlock(&WRONG_PIN.into());
    }
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, 5);
    drop(wallet);
    // Before the seal, this gave all ten tries back and skipped the one-minute wait.
    edit_database(&phone, "UPDATE lockout SET failures = 0, not_before = 0;");
    let wallet = phone.open();
    let state = wallet.lockout_state().unwrap();
    assert_eq!(state.attempts_left, 1, "an edited counter leaves one try");
    // The one try left is the last: a wrong PIN erases the wallet.
    assert!(matches!(
        wallet.unlock(&WRONG_PIN.into()),
        Err(CoreError::NeedsReactivation(
            ReactivationReason::TooManyWrongPins
        ))
    ));
}

#[test]
fn an_edited_counter_still_opens_with_the_right_pin() {
    let phone = Phone::set_up();
    edit_database(&phone, "UPDATE lockout SET failures = 3;");
    let wallet = phone.open();
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, 1);
    assert!(wallet.unlock(&PIN.into()).is_ok());
    // A success seals a fresh counter: every try is back for the citizen.
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, MAX_FAILURES);
}

#[test]
fn removing_the_seal_counts_as_tampering() {
    let phone = Phone::set_up();
    edit_database(&phone, "UPDATE lockout SET seal = NULL;");
    assert_eq!(phone.open().lockout_state().unwrap().attempts_left, 1);
}

#[test]
fn removing_the_seal_key_leaves_no_try_at_all() {
    // The seal key also answers the device check of a limited PIN key: without it the keystore
    // is not this wallet's, and nothing is guessed (the PIN key's count is not touched).
    let phone = Phone::set_up();
    for entry in std::fs::read_dir(&phone.keystore_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with("-seal.key") {
            std::fs::remove_file(path).unwrap();
        }
    }
    assert_eq!(
        phone.open().unlock(&PIN.into()).unwrap_err(),
        CoreError::DeviceMismatch
    );
}
