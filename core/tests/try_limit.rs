//! The PIN try limit that files cannot roll back (issue #18): the PIN key is a limited key, and
//! with the modelled hardware (`common/hardware.rs`, a count the files cannot reach) no edit,
//! restore or rollback of the wallet's files gives a single guess beyond it.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::sync::Arc;

use common::hardware::{HardwareKeystore, HardwarePhone, ModelledHardware, UsedUp};
use common::*;
use ikd_core::lockout::{MAX_FAILURES, PIN_KEY_MAX_USES};
use ikd_core::{CoreError, KeystoreError, PlatformKeystore, ReactivationReason, WalletStatus};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const ERASED: CoreError = CoreError::NeedsReactivation(ReactivationReason::TooManyWrongPins);

/// The files of the wallet folder, as an attacker with root copies them.
fn snapshot(phone: &Phone) -> Vec<(std::ffi::OsString, Vec<u8>)> {
    std::fs::read_dir(&phone.wallet_dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Puts a copied folder back, as an attacker with root does.
fn restore(phone: &Phone, files: &[(std::ffi::OsString, Vec<u8>)]) {
    std::fs::remove_dir_all(&phone.wallet_dir).unwrap();
    std::fs::create_dir_all(&phone.wallet_dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(phone.wallet_dir.join(name), bytes).unwrap();
    }
}

fn database(phone: &Phone) -> rusqlite::Connection {
    rusqlite::Connection::open(phone.wallet_dir.join("wallet.sqlite3")).unwrap()
}

fn wallet_alias(phone: &Phone) -> String {
    database(phone)
        .query_row("SELECT keystore_alias FROM wallet_state", [], |r| r.get(0))
        .unwrap()
}

/// Wrong PINs until the wallet says it erased itself (at most `limit` tries); returns how many
/// were answered "wrong PIN" and the error that ended the run.
fn guess_until_refused(phone: &HardwarePhone, limit: u32) -> (u32, Option<CoreError>) {
    let wallet = phone.open();
    let mut wrong = 0;
    for _ in 0..limit {
        phone
            .phone
            .clock
            .advance(wallet.lockout_state().unwrap().wait_seconds);
        match wallet.unlock(&WRONG_PIN.into()) {
            Err(CoreError::WrongPin(_)) => wrong += 1,
            Err(other) => return (wrong, Some(other)),
            Ok(_) => panic!("a wrong PIN opened the wallet"),
        }
    }
    (wrong, None)
}

#[test]
fn a_new_wallet_guesses_with_a_limited_key_of_eleven_uses_one_spent_on_the_wrapping() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    let alias = wallet_alias(&phone.phone);
    assert_eq!(PIN_KEY_MAX_USES, MAX_FAILURES + 1);
    assert_eq!(phone.hardware.pin_key_aliases(), [format!("{alias}-pin1")]);
    assert_eq!(
        phone.hardware.uses_left(&format!("{alias}-pin1")),
        Some(MAX_FAILURES)
    );
    // Showing the PIN pad checks the device without spending a use.
    for _ in 0..20 {
        phone.open().lockout_state().unwrap();
    }
    assert_eq!(phone.hardware.limited_answers(), 1);
}

#[test]
fn restoring_an_older_copy_of_the_folder_again_and_again_gives_no_guess_beyond_the_limit() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    let fresh = snapshot(&phone.phone);
    let mut wrong = 0;
    let mut ended = None;
    // Four free tries per copy, the copy put back before any wait: what the seal cannot see.
    for _ in 0..10 {
        restore(&phone.phone, &fresh);
        let (answered, end) = guess_until_refused(&phone, 4);
        wrong += answered;
        if end.is_some() {
            ended = end;
            break;
        }
    }
    assert_eq!(
        wrong, MAX_FAILURES,
        "ten guesses in all, however many copies"
    );
    assert_eq!(ended, Some(ERASED));
    assert_eq!(phone.hardware.most_answers_of_one_key(), PIN_KEY_MAX_USES);
    // The erase took the keys: a copy put back afterwards opens to nothing, with no guess.
    restore(&phone.phone, &fresh);
    let outcome = phone.open().unlock(&PIN.into());
    assert!(
        matches!(outcome, Err(CoreError::DeviceMismatch)),
        "{outcome:?}"
    );
    assert_eq!(phone.hardware.limited_answers(), PIN_KEY_MAX_USES);
    assert!(phone.hardware.aliases().is_empty());
}

#[test]
fn rolling_back_the_sealed_counter_row_gives_no_guess_beyond_the_limit() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    // The row as set-up sealed it: a valid seal, zero failures.
    let row: (i64, i64, i64, Vec<u8>) = database(&phone.phone)
        .query_row(
            "SELECT failures, not_before, last_seen, seal FROM lockout",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let mut wrong = 0;
    let mut ended = None;
    for _ in 0..(2 * MAX_FAILURES) {
        let (answered, end) = guess_until_refused(&phone, 1);
        wrong += answered;
        if end.is_some() {
            ended = end;
            break;
        }
        // After every guess the old row goes back: the app sees no failure at all.
        database(&phone.phone)
            .execute(
                "UPDATE lockout SET failures = ?1, not_before = ?2, last_seen = ?3, seal = ?4",
                rusqlite::params![row.0, row.1, row.2, row.3],
            )
            .unwrap();
    }
    assert_eq!(wrong, MAX_FAILURES);
    assert_eq!(ended, Some(ERASED));
    assert_eq!(phone.hardware.limited_answers(), PIN_KEY_MAX_USES);
}

#[test]
fn editing_the_counter_or_the_key_generation_in_the_database_gives_no_extra_guess() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    // Another generation, or none (a wallet from before limited keys): no key to guess with.
    for edit in [
        "UPDATE wallet_state SET pin_key_generation = 7",
        "UPDATE wallet_state SET pin_key_generation = NULL",
    ] {
        let before = snapshot(&phone.phone);
        database(&phone.phone).execute_batch(edit).unwrap();
        let outcome = phone.open().unlock(&WRONG_PIN.into());
        assert!(
            matches!(outcome, Err(CoreError::DeviceMismatch) | Err(ERASED)),
            "{edit}: {outcome:?}"
        );
        assert_eq!(phone.hardware.limited_answers(), 1, "{edit}: no guess");
        if matches!(outcome, Err(ERASED)) {
            return; // the wallet erased itself: nothing more to try
        }
        restore(&phone.phone, &before);
    }
}

#[test]
fn a_right_pin_rotates_the_pin_key_and_restores_the_full_count() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    let alias = wallet_alias(&phone.phone);
    let (wrong, end) = guess_until_refused(&phone, MAX_FAILURES - 1);
    assert_eq!((wrong, end), (MAX_FAILURES - 1, None));
    assert_eq!(phone.hardware.uses_left(&format!("{alias}-pin1")), Some(1));
    let wallet = phone.open();
    let wait = wallet.lockout_state().unwrap().wait_seconds;
    phone.phone.clock.advance(wait);
    wallet.unlock(&PIN.into()).unwrap();
    // A new key of the next generation, its first use spent on the wrapping; the old one gone.
    assert_eq!(phone.hardware.pin_key_aliases(), [format!("{alias}-pin2")]);
    assert_eq!(
        phone.hardware.uses_left(&format!("{alias}-pin2")),
        Some(MAX_FAILURES)
    );
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, MAX_FAILURES);
    wallet.lock();
    drop(wallet);
    // The full count again: nine wrong PINs, and the right one still opens.
    let (wrong, end) = guess_until_refused(&phone, MAX_FAILURES - 1);
    assert_eq!((wrong, end), (MAX_FAILURES - 1, None));
    let wallet = phone.open();
    let wait = wallet.lockout_state().unwrap().wait_seconds;
    phone.phone.clock.advance(wait);
    wallet.unlock(&PIN.into()).unwrap();
    assert_eq!(phone.hardware.pin_key_aliases(), [format!("{alias}-pin3")]);
}

#[test]
fn a_pin_change_moves_to_a_new_limited_key_too() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    let alias = wallet_alias(&phone.phone);
    phone
        .open()
        .change_pin(&PIN.into(), &NEW_PIN.into())
        .unwrap();
    assert_eq!(phone.hardware.pin_key_aliases(), [format!("{alias}-pin2")]);
    assert_eq!(
        phone.hardware.uses_left(&format!("{alias}-pin2")),
        Some(MAX_FAILURES)
    );
    assert!(matches!(
        phone.open().unlock(&PIN.into()),
        Err(CoreError::WrongPin(_))
    ));
    phone.open().unlock(&NEW_PIN.into()).unwrap();
}

#[test]
fn restoring_a_copy_made_before_a_right_pin_finds_its_key_gone_and_erases() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    let before = snapshot(&phone.phone);
    phone.open().unlock(&PIN.into()).unwrap();
    let answers = phone.hardware.limited_answers();
    restore(&phone.phone, &before);
    // The copy names generation 1, which the rotation deleted: no guess, the tenth-PIN erase.
    assert_eq!(phone.open().unlock(&WRONG_PIN.into()).unwrap_err(), ERASED);
    assert_eq!(phone.hardware.limited_answers(), answers);
    assert!(phone.hardware.aliases().is_empty());
}

#[test]
fn a_hardware_that_refuses_a_used_up_key_ends_in_the_erase_with_too_many_wrong_pins() {
    for used_up in [UsedUp::Refuses, UsedUp::Deletes] {
        let phone = HardwarePhone::set_up(used_up);
        let fresh = snapshot(&phone.phone);
        restore(&phone.phone, &fresh);
        let (wrong, _) = guess_until_refused(&phone, 4);
        restore(&phone.phone, &fresh);
        let (more, _) = guess_until_refused(&phone, 4);
        restore(&phone.phone, &fresh);
        let (last, _) = guess_until_refused(&phone, 2);
        assert_eq!(wrong + more + last, MAX_FAILURES, "{used_up:?}");
        restore(&phone.phone, &fresh);
        // The app's counter says ten tries are left; the hardware has none: even the right PIN
        // cannot be checked, and the wallet erases itself, never a panic.
        let wallet = phone.open();
        assert_eq!(wallet.lockout_state().unwrap().attempts_left, MAX_FAILURES);
        assert_eq!(
            wallet.unlock(&PIN.into()).unwrap_err(),
            ERASED,
            "{used_up:?}"
        );
        assert_eq!(
            phone.open().status(),
            WalletStatus::NeedsReactivation(ReactivationReason::TooManyWrongPins)
        );
        assert!(phone.hardware.aliases().is_empty(), "{used_up:?}");
        // Activating again makes a new wallet with a full count.
        phone.open().set_up(&NEW_PIN.into(), NIK).unwrap();
    }
}

/// Makes a wallet look like one set up before limited keys: its PIN key unlimited under the
/// wallet's own alias, the device check made with that key, and the database one schema version
/// back (no `pin_key_generation` column; the migration adds it as NULL).
fn make_old_style(phone: &HardwarePhone) -> String {
    let alias = wallet_alias(&phone.phone);
    phone
        .hardware
        .make_unlimited(&format!("{alias}-pin1"), &alias);
    // The check value of the slot format before limited keys: SHA-256 of the PIN key's answer to
    // a fixed input (core/src/pin/slot.rs).
    let check: [u8; 32] = Sha256::digest(
        phone
            .hardware
            .answer_without_counting(&alias, b"IKD-keystore-check-v1"),
    )
    .into();
    let db = database(&phone.phone);
    db.execute("UPDATE pin_slot SET keystore_check = ?1", [check.to_vec()])
        .unwrap();
    db.execute_batch(
        "ALTER TABLE wallet_state DROP COLUMN pin_key_generation; PRAGMA user_version = 3;",
    )
    .unwrap();
    alias
}

#[test]
fn a_wallet_made_before_limited_keys_keeps_working_and_its_first_right_pin_moves_it_to_one() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    let alias = make_old_style(&phone);
    assert!(phone.hardware.is_unlimited(&alias));
    let wallet = phone.open();
    assert_eq!(wallet.lockout_state().unwrap().attempts_left, MAX_FAILURES);
    assert!(matches!(
        wallet.unlock(&WRONG_PIN.into()),
        Err(CoreError::WrongPin(_))
    ));
    wallet.unlock(&PIN.into()).unwrap();
    // Moved: a limited key of generation 1 with its full count, the unlimited key gone.
    assert_eq!(phone.hardware.pin_key_aliases(), [format!("{alias}-pin1")]);
    assert_eq!(
        phone.hardware.uses_left(&format!("{alias}-pin1")),
        Some(MAX_FAILURES)
    );
    wallet.lock();
    drop(wallet);
    phone.open().unlock(&PIN.into()).unwrap();
    assert_eq!(phone.hardware.pin_key_aliases(), [format!("{alias}-pin2")]);
}

/// The modelled hardware with one kind of call failing, to cut a rotation short where a crash
/// or a keystore failure would.
struct Failing {
    inner: HardwareKeystore,
    /// Deleting a PIN key fails (a crash after the rotation's commit).
    deletes: bool,
    /// Answering under a key whose alias ends so fails (a crash before the commit).
    answers_ending: Option<&'static str>,
}

impl PlatformKeystore for Failing {
    fn ensure_key(&self, alias: &str) -> Result<(), KeystoreError> {
        self.inner.ensure_key(alias)
    }
    fn create_limited_key(&self, alias: &str, max_uses: u32) -> Result<(), KeystoreError> {
        self.inner.create_limited_key(alias, max_uses)
    }
    fn derive(&self, alias: &str, input: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
        if self.answers_ending.is_some_and(|end| alias.ends_with(end)) {
            return Err(KeystoreError::Unavailable {
                reason: "test".into(),
            });
        }
        self.inner.derive(alias, input)
    }
    fn delete_key(&self, alias: &str) -> Result<(), KeystoreError> {
        if self.deletes && !alias.ends_with("-seal") {
            return Err(KeystoreError::Unavailable {
                reason: "test".into(),
            });
        }
        self.inner.delete_key(alias)
    }
}

fn open_failing(phone: &HardwarePhone, failing: Failing) -> ikd_core::Wallet {
    ikd_core::Wallet::open(
        &phone.phone.wallet_dir,
        Arc::new(failing),
        phone.phone.clock.clone(),
        config(),
    )
    .unwrap()
}

fn modelled(hardware: &Arc<ModelledHardware>) -> HardwareKeystore {
    HardwareKeystore(Arc::clone(hardware))
}

#[test]
fn a_rotation_cut_short_after_its_commit_leaves_an_old_key_that_the_next_try_deletes() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    let alias = wallet_alias(&phone.phone);
    let before = snapshot(&phone.phone);
    let wallet = open_failing(
        &phone,
        Failing {
            inner: modelled(&phone.hardware),
            deletes: true,
            answers_ending: None,
        },
    );
    wallet.unlock(&PIN.into()).unwrap();
    drop(wallet);
    // Committed to generation 2, generation 1 still there.
    assert_eq!(
        phone.hardware.pin_key_aliases(),
        [format!("{alias}-pin1"), format!("{alias}-pin2")]
    );
    // The next try, even a wrong one, deletes it before it guesses.
    assert!(matches!(
        phone.open().unlock(&WRONG_PIN.into()),
        Err(CoreError::WrongPin(_))
    ));
    assert_eq!(phone.hardware.pin_key_aliases(), [format!("{alias}-pin2")]);
    // So the copy from before the rotation finds no key to guess with.
    let answers = phone.hardware.limited_answers();
    restore(&phone.phone, &before);
    assert_eq!(phone.open().unlock(&WRONG_PIN.into()).unwrap_err(), ERASED);
    assert_eq!(phone.hardware.limited_answers(), answers);
}

#[test]
fn a_rotation_cut_short_before_its_commit_keeps_the_wallet_and_the_next_right_pin_finishes_it() {
    let phone = HardwarePhone::set_up(UsedUp::Refuses);
    let alias = wallet_alias(&phone.phone);
    let wallet = open_failing(
        &phone,
        Failing {
            inner: modelled(&phone.hardware),
            deletes: false,
            answers_ending: Some("-pin2"),
        },
    );
    // The right PIN still opens (the citizen is not punished for a failed rotation).
    wallet.unlock(&PIN.into()).unwrap();
    drop(wallet);
    assert_eq!(
        phone.hardware.pin_key_aliases(),
        [format!("{alias}-pin1"), format!("{alias}-pin2")]
    );
    assert_eq!(
        phone.hardware.uses_left(&format!("{alias}-pin1")),
        Some(MAX_FAILURES - 1)
    );
    // The next right PIN replaces the orphan with a fresh generation-2 key and commits it.
    phone.open().unlock(&PIN.into()).unwrap();
    assert_eq!(phone.hardware.pin_key_aliases(), [format!("{alias}-pin2")]);
    assert_eq!(
        phone.hardware.uses_left(&format!("{alias}-pin2")),
        Some(MAX_FAILURES)
    );
    phone.open().unlock(&PIN.into()).unwrap();
}
