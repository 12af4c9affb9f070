//! Biometric unlock through the app flow: off by default, a settings switch shown only when the
//! platform can use it, the unlock screen's fingerprint button, and every failure ending on the
//! PIN pad with the core's text. The platform is the modelled key store of
//! `common/biometric.rs`; the issuer and the wallet are real.

#![allow(clippy::unwrap_used, clippy::panic)] // test code: a failed unwrap is a failed test

mod common;

use std::sync::Arc;

use common::biometric::{ModelledBiometrics, Touch};
use common::*;
use ikd_app::{App, AppEvent, AppView, Screen, SettingsScreen, TaskKind, UnlockScreen};
use ikd_core::biometric::BiometricKeystore;

fn settings(app: &App) -> SettingsScreen {
    let view = app.dispatch(AppEvent::OpenSettings);
    match view.screen {
        Screen::Settings(settings) => settings,
        other => panic!("not settings: {other:#?}"),
    }
}

fn unlock_screen(view: &AppView) -> &UnlockScreen {
    match &view.screen {
        Screen::Unlock(unlock) => unlock,
        other => panic!("not the unlock screen: {other:#?}"),
    }
}

/// Turns biometric unlock on from home (the prompt confirms once), and goes back home.
fn turn_on(app: &App) {
    let switch = settings(app).biometric.unwrap();
    assert!(!switch.on, "off by default");
    let view = app.dispatch(switch.event);
    let task = tasks(&view).remove(0);
    assert_eq!(task.kind, TaskKind::EnableBiometric);
    assert_eq!(view.busy.as_deref(), Some("Menunggu sidik jari…"));
    let view = app.run_task(task);
    assert_eq!(
        banner(&view),
        "Buka dengan sidik jari aktif. PIN tetap bisa dipakai."
    );
    let Screen::Settings(settings) = &view.screen else {
        panic!("{view:#?}")
    };
    assert!(settings.biometric.as_ref().unwrap().on);
    app.dispatch(AppEvent::Back);
}

/// Taps "use fingerprint" on the unlock screen and runs the task.
fn touch_sensor(app: &App) -> AppView {
    let view = app.view();
    let button = unlock_screen(&view).biometric.clone().unwrap();
    assert_eq!(button.label, "Pakai sidik jari");
    let view = app.dispatch(button.event);
    let task = tasks(&view).remove(0);
    assert_eq!(task.kind, TaskKind::BiometricUnlock);
    app.run_task(task)
}

fn with_biometrics(app: &App) -> Arc<ModelledBiometrics> {
    let bio = Arc::new(ModelledBiometrics::new());
    let keystore: Arc<dyn BiometricKeystore> = bio.clone();
    app.set_biometric_keystore(Some(keystore));
    bio
}

#[test]
fn the_switch_is_shown_only_when_the_platform_can_use_biometrics_and_is_off_by_default() {
    let office = office();
    let (_phone, app) = activated(&office);
    assert!(settings(&app).biometric.is_none(), "no key store given");
    app.dispatch(AppEvent::Back);

    let bio = with_biometrics(&app);
    bio.set_available(false);
    assert!(settings(&app).biometric.is_none(), "nothing enrolled");
    app.dispatch(AppEvent::Back);
    bio.set_available(true);
    let switch = settings(&app).biometric.unwrap();
    assert_eq!(switch.label, "Buka dengan sidik jari atau wajah");
    assert!(!switch.on && switch.enabled);
    app.dispatch(AppEvent::Back);

    let view = app.dispatch(AppEvent::LockNow);
    assert!(
        unlock_screen(&view).biometric.is_none(),
        "no fingerprint button while it is off"
    );
    // The event without the button does nothing.
    let view = app.dispatch(AppEvent::UnlockWithBiometric);
    assert!(tasks(&view).is_empty());
}

#[test]
fn once_on_a_fingerprint_opens_the_wallet_and_the_prompt_speaks_the_citizens_language() {
    let office = office();
    let (phone, app) = activated(&office);
    let bio = with_biometrics(&app);
    turn_on(&app);
    assert_eq!(bio.key_count(), 1);

    app.dispatch(AppEvent::LockNow);
    let view = touch_sensor(&app);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
    let prompt = bio.prompts.lock().unwrap().last().cloned().unwrap();
    assert_eq!(prompt.title, "Buka IKD");
    assert_eq!(prompt.cancel, "Pakai PIN");

    // After a restart the switch is still on and the button is there.
    drop(app);
    let app = phone.app();
    let keystore: Arc<dyn BiometricKeystore> = bio.clone();
    let view = app.set_biometric_keystore(Some(keystore));
    assert!(unlock_screen(&view).biometric.is_some());
    let view = touch_sensor(&app);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");

    // Turning it off deletes the platform key; the PIN is untouched.
    let switch = settings(&app).biometric.unwrap();
    assert!(switch.on);
    let view = app.dispatch(switch.event);
    assert_eq!(banner(&view), "Buka dengan sidik jari mati.");
    assert_eq!(bio.key_count(), 0);
    app.dispatch(AppEvent::Back);
    let view = app.dispatch(AppEvent::LockNow);
    assert!(unlock_screen(&view).biometric.is_none());
    let view = type_pin(&app, PIN);
    assert!(matches!(view.screen, Screen::Home(_)));
}

#[test]
fn a_cancelled_prompt_or_the_platform_lockout_ends_on_the_pin_pad_and_the_pin_still_works() {
    let office = office();
    let (_phone, app) = activated(&office);
    let bio = with_biometrics(&app);
    turn_on(&app);
    app.dispatch(AppEvent::LockNow);

    bio.answer_next(Touch::Cancel);
    let view = touch_sensor(&app);
    let unlock = unlock_screen(&view);
    assert_eq!(banner(&view), "Masukkan PIN untuk membuka IKD.");
    assert!(unlock.pad.enabled && unlock.biometric.is_some());

    bio.answer_next(Touch::PlatformLockout);
    let view = touch_sensor(&app);
    unlock_screen(&view);
    assert_eq!(
        banner(&view),
        "Sidik jari atau wajah tidak bisa dipakai sekarang. Masukkan PIN."
    );
    assert_eq!(
        unlock_screen(&view).tries_left,
        unlock_screen(&app.view()).tries_left,
        "a fingerprint failure spends no PIN try"
    );

    let view = type_pin(&app, PIN);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
}

#[test]
fn a_changed_enrolment_turns_biometric_unlock_off_and_asks_for_the_pin() {
    let office = office();
    let (_phone, app) = activated(&office);
    let bio = with_biometrics(&app);
    turn_on(&app);
    app.dispatch(AppEvent::LockNow);

    bio.change_enrolment();
    let view = touch_sensor(&app);
    let unlock = unlock_screen(&view);
    assert!(
        banner(&view).starts_with("Sidik jari atau wajah di ponsel ini berubah"),
        "{}",
        banner(&view)
    );
    assert!(
        unlock.biometric.is_none(),
        "the slot is gone: no button any more"
    );
    assert_eq!(bio.key_count(), 0);

    let view = type_pin(&app, PIN);
    assert!(matches!(view.screen, Screen::Home(_)));
    assert!(!settings(&app).biometric.unwrap().on);
}

#[test]
fn a_lock_while_the_fingerprint_prompt_is_up_wins() {
    let office = office();
    let (_phone, app) = activated(&office);
    with_biometrics(&app);
    turn_on(&app);
    app.dispatch(AppEvent::LockNow);
    let view = app.view();
    let button = unlock_screen(&view).biometric.clone().unwrap();
    let view = app.dispatch(button.event);
    let task = tasks(&view).remove(0);
    app.dispatch(AppEvent::WentToBackground);
    let view = app.run_task(task);
    assert!(matches!(view.screen, Screen::Unlock(_)), "{view:#?}");
}
