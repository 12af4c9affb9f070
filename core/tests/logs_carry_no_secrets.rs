//! Everything the engine logs during the daily journeys (and a crypto-erase) is captured and
//! searched for the PIN, the NIK and key material.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::sync::Mutex;

use common::*;
use ikd_core::lockout::MAX_FAILURES;

static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        LINES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(format!("{} {}", record.level(), record.args()));
    }
    fn flush(&self) {}
}

#[test]
fn logs_of_every_journey_carry_no_pin_nik_or_key() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let phone = Phone::set_up();
    let wallet = phone.open();
    let session = wallet.unlock(&PIN.into()).unwrap();
    let device_key = session.device_public_key().unwrap();
    wallet.change_pin(&PIN.into(), &NEW_PIN.into()).unwrap();
    for _ in 0..MAX_FAILURES {
        phone
            .clock
            .advance(wallet.lockout_state().unwrap().wait_seconds);
        let _ = wallet.unlock(&WRONG_PIN.into());
    }

    let lines = LINES.lock().unwrap();
    assert!(
        lines.iter().any(|l| l.contains("wrong PIN")),
        "the wrong PINs were logged: {lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("erasing")),
        "the erase was logged"
    );
    let hex: String = device_key[..6].iter().map(|b| format!("{b:02x}")).collect();
    for line in lines.iter() {
        for secret in [PIN, NEW_PIN, WRONG_PIN, NIK, &NIK[6..12], &hex] {
            assert!(!line.contains(secret), "log line leaks a secret: {line}");
        }
    }
}
