//! Every screen transition and error route of the app flow, against the real core (SQLite
//! file, Argon2id, software keystore) and the real issuer on a loopback port.

#![allow(clippy::unwrap_used, clippy::panic)] // test code: a failed unwrap is a failed test

mod common;

use common::*;
use ikd_app::{
    ActivationStep, AppEffect, AppEvent, BannerTone, ChangePinStep, DocumentKind, Screen, TaskKind,
};
use ikd_core::{Clock, Language, WalletStatus};

fn step(view: &ikd_app::AppView) -> ActivationStep {
    match &view.screen {
        Screen::Activation(screen) => screen.step,
        other => panic!("not activation: {other:#?}"),
    }
}

fn core_status(phone: &Phone) -> WalletStatus {
    ikd_core::Wallet::open(
        &phone.wallet_dir,
        std::sync::Arc::new(ikd_core::SoftwareKeystore::new(&phone.keystore_dir).unwrap()),
        phone.clock.clone(),
        ikd_core::WalletConfig::default(),
    )
    .unwrap()
    .status()
}

#[test]
fn the_first_start_asks_the_language_before_anything_else_and_only_once() {
    let phone = Phone::new();
    let app = phone.app();
    assert!(matches!(app.view().screen, Screen::ChooseLanguage(_)));
    let view = app.dispatch(AppEvent::ChooseLanguage {
        language: Language::English,
    });
    assert_eq!(step(&view), ActivationStep::ScanQr);
    assert_eq!(view.title, "Activate IKD");
    assert!(view.back.is_none());
    drop(app);
    let view = phone.app().view();
    assert_eq!(step(&view), ActivationStep::ScanQr, "asked once");
    assert_eq!(view.language, Language::English);
}

#[test]
fn a_citizen_activates_and_sees_four_cards_and_the_kk_as_a_member_table() {
    let office = office();
    let (_phone, app) = activated(&office);
    let Screen::Home(home) = app.view().screen else {
        panic!()
    };
    let kinds: Vec<DocumentKind> = home.cards.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, DocumentKind::ALL);
    assert!(home.cards.iter().all(|c| c.open.enabled));
    let view = app.dispatch(AppEvent::OpenDocument {
        kind: DocumentKind::FamilyCard,
    });
    let Screen::Document(document) = view.screen else {
        panic!("{view:#?}")
    };
    let members = document.members.unwrap();
    assert_eq!(members.columns.len(), members.rows[0].cells.len());
    assert!(!members.rows.is_empty());
    assert_eq!(document.show_at_desk.event, AppEvent::ShowAtDesk);
    assert!(document.show_at_desk.enabled);
    assert!(view.back.is_some());
    assert!(matches!(
        app.dispatch(AppEvent::Back).screen,
        Screen::Home(_)
    ));
}

#[test]
fn the_ktp_shows_its_fields_and_one_show_at_a_desk_button_for_the_desk_to_ask() {
    let office = office();
    let (_phone, app) = activated(&office);
    let view = app.dispatch(AppEvent::OpenDocument {
        kind: DocumentKind::Ktp,
    });
    let Screen::Document(document) = view.screen else {
        panic!()
    };
    assert_eq!(document.show_at_desk.label, "Tunjukkan ke petugas");
    assert!(!document.show_at_desk_hint.is_empty());
    assert!(document.fields.iter().any(|f| f.value == NIK));
}

#[test]
fn text_that_is_not_an_activation_qr_stays_on_the_scan_step_with_the_reason() {
    let phone = Phone::new();
    let app = phone.app();
    app.dispatch(AppEvent::ChooseLanguage {
        language: Language::Indonesian,
    });
    app.dispatch(AppEvent::OpenScanner);
    assert!(app.view().scanner.is_some());
    let view = app.dispatch(AppEvent::Scanned {
        text: "https://example.id/not-ikd".into(),
    });
    assert_eq!(step(&view), ActivationStep::ScanQr);
    assert!(view.scanner.is_none());
    assert!(banner(&view).contains("QR aktivasi tidak sah"), "{view:#?}");
    assert_eq!(view.banner.unwrap().tone, BannerTone::Error);
}

#[test]
fn an_invalid_nik_is_shown_under_the_field_and_continue_waits_for_sixteen_digits() {
    let office = office();
    let (qr, _) = office.enroll(NIK);
    let phone = Phone::new();
    let app = phone.app();
    app.dispatch(AppEvent::ChooseLanguage {
        language: Language::Indonesian,
    });
    app.dispatch(AppEvent::TextChanged { text: qr });
    let view = app.dispatch(AppEvent::Submit);
    assert_eq!(step(&view), ActivationStep::Nik);
    let view = app.dispatch(AppEvent::TextChanged {
        text: "3174-01".into(),
    });
    let Screen::Activation(screen) = &view.screen else {
        panic!()
    };
    assert_eq!(
        screen.input.as_ref().unwrap().value,
        "317401",
        "digits only"
    );
    assert!(!screen.next.as_ref().unwrap().enabled);
    app.dispatch(AppEvent::TextChanged {
        text: "9999999999999999".into(),
    });
    let view = app.dispatch(AppEvent::Submit);
    let Screen::Activation(screen) = &view.screen else {
        panic!()
    };
    assert_eq!(screen.step, ActivationStep::Nik);
    assert!(screen.input.as_ref().unwrap().error.is_some());
}

#[test]
fn a_wrong_code_returns_to_the_code_step_with_the_servers_words_and_a_retry_works() {
    let office = office();
    let (qr, code) = office.enroll(NIK);
    let phone = Phone::new();
    let app = phone.app();
    let view = activate(&app, &qr, "WRONG234");
    assert_eq!(step(&view), ActivationStep::Code, "{view:#?}");
    assert!(!banner(&view).is_empty());
    assert_eq!(core_status(&phone), WalletStatus::NotSetUp);
    app.dispatch(AppEvent::TextChanged { text: code });
    app.dispatch(AppEvent::Submit);
    type_pin(&app, PIN);
    let view = type_pin(&app, PIN);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
}

#[test]
fn pins_that_differ_return_to_the_new_pin_step_without_a_try() {
    let office = office();
    let (qr, code) = office.enroll(NIK);
    let phone = Phone::new();
    let app = phone.app();
    app.dispatch(AppEvent::ChooseLanguage {
        language: Language::Indonesian,
    });
    app.dispatch(AppEvent::Scanned { text: qr.clone() }); // scanner not open: ignored
    assert_eq!(step(&app.view()), ActivationStep::ScanQr);
    app.dispatch(AppEvent::TextChanged { text: qr });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: NIK.into() });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: code });
    app.dispatch(AppEvent::Submit);
    assert_eq!(step(&type_pin(&app, PIN)), ActivationStep::ConfirmPin);
    let view = type_pin(&app, NEW_PIN);
    assert_eq!(step(&view), ActivationStep::NewPin);
    assert!(banner(&view).contains("tidak sama"));
    assert!(tasks(&view).is_empty(), "no try was spent");
}

#[test]
fn a_trivial_new_pin_is_refused_before_it_is_confirmed() {
    let office = office();
    let (qr, code) = office.enroll(NIK);
    let phone = Phone::new();
    let app = phone.app();
    app.dispatch(AppEvent::ChooseLanguage {
        language: Language::Indonesian,
    });
    app.dispatch(AppEvent::TextChanged { text: qr });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: NIK.into() });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: code });
    let view = app.dispatch(AppEvent::Submit);
    let Screen::Activation(screen) = &view.screen else {
        panic!()
    };
    assert!(screen.server.as_ref().unwrap().contains("127.0.0.1"));
    let view = type_pin(&app, "123456");
    assert_eq!(step(&view), ActivationStep::NewPin);
    assert!(banner(&view).contains("berurutan"));
    let view = type_pin(&app, "170890"); // the birth date in the NIK
    assert_eq!(step(&view), ActivationStep::NewPin);
    assert!(banner(&view).contains("tanggal lahir"));
}

#[test]
fn back_walks_activation_back_one_step_at_a_time() {
    let office = office();
    let (qr, _) = office.enroll(NIK);
    let phone = Phone::new();
    let app = phone.app();
    app.dispatch(AppEvent::ChooseLanguage {
        language: Language::Indonesian,
    });
    app.dispatch(AppEvent::TextChanged { text: qr });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: NIK.into() });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: "ABC".into() });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::Digit { digit: 1 });
    assert_eq!(step(&app.dispatch(AppEvent::Back)), ActivationStep::Code);
    assert_eq!(step(&app.dispatch(AppEvent::Back)), ActivationStep::Nik);
    assert_eq!(step(&app.dispatch(AppEvent::Back)), ActivationStep::ScanQr);
    assert_eq!(step(&app.dispatch(AppEvent::Back)), ActivationStep::ScanQr);
}

#[test]
fn wrong_pins_show_the_tries_left_then_the_wait_which_counts_down_with_the_ticks() {
    let office = office();
    let (phone, app) = activated(&office);
    app.dispatch(AppEvent::LockNow);
    let view = type_pin(&app, WRONG_PIN);
    let Screen::Unlock(unlock) = &view.screen else {
        panic!("{view:#?}")
    };
    assert_eq!(unlock.tries_left, "Sisa percobaan: 9");
    assert!(banner(&view).contains("PIN salah"));
    for _ in 0..4 {
        type_pin(&app, WRONG_PIN);
    }
    let view = app.view();
    let Screen::Unlock(unlock) = &view.screen else {
        panic!()
    };
    assert_eq!(unlock.wait.as_deref(), Some("Coba lagi dalam 1 menit"));
    assert!(!unlock.pad.enabled);
    assert_eq!(view.next_tick_at, Some(T0 + 1));
    app.dispatch(AppEvent::Digit { digit: 2 });
    let Screen::Unlock(unlock) = &app.view().screen else {
        panic!()
    };
    assert_eq!(unlock.pad.filled, 0, "no digits during the wait");
    phone.clock.advance(30);
    let Screen::Unlock(unlock) = app.tick().screen else {
        panic!()
    };
    assert_eq!(unlock.wait.as_deref(), Some("Coba lagi dalam 30 detik"));
    phone.clock.advance(30);
    let view = app.tick();
    let Screen::Unlock(unlock) = &view.screen else {
        panic!()
    };
    assert!(unlock.wait.is_none() && unlock.pad.enabled);
    assert!(matches!(type_pin(&app, PIN).screen, Screen::Home(_)));
}

#[test]
fn the_tenth_wrong_pin_erases_and_activate_again_starts_a_fresh_activation() {
    let office = office();
    let (phone, app) = activated(&office);
    app.dispatch(AppEvent::LockNow);
    let mut view = app.view();
    for _ in 0..10 {
        phone.clock.advance(3600);
        app.tick();
        view = type_pin(&app, WRONG_PIN);
    }
    let Screen::Reactivation(screen) = &view.screen else {
        panic!("{view:#?}")
    };
    assert!(screen.text.contains("10 kali"));
    assert!(matches!(
        core_status(&phone),
        WalletStatus::NeedsReactivation(_)
    ));
    let view = app.dispatch(AppEvent::ActivateAgain);
    assert_eq!(step(&view), ActivationStep::ScanQr);
    assert_eq!(core_status(&phone), WalletStatus::NotSetUp);
}

#[test]
fn a_lock_while_the_pin_is_checked_wins_and_the_core_stays_locked() {
    let office = office();
    let (phone, app) = activated(&office);
    app.dispatch(AppEvent::LockNow);
    let mut view = app.view();
    for c in PIN.chars() {
        view = app.dispatch(AppEvent::Digit {
            digit: c.to_digit(10).unwrap() as u8,
        });
    }
    let task = tasks(&view).pop().unwrap();
    assert_eq!(task.kind, TaskKind::Unlock);
    assert!(app.view().busy.is_some());
    app.dispatch(AppEvent::WentToBackground); // while the task waits for its thread
    let view = app.run_task(task.clone());
    assert!(matches!(view.screen, Screen::Unlock(_)), "{view:#?}");
    assert_eq!(core_status(&phone), WalletStatus::Locked);
    assert!(view.busy.is_none());
    // The same task again does nothing.
    assert!(matches!(app.run_task(task).screen, Screen::Unlock(_)));
}

#[test]
fn a_lock_during_the_kdf_of_a_running_unlock_wins() {
    let office = office();
    let (_phone, app) = activated(&office);
    let app = std::sync::Arc::new(app);
    app.dispatch(AppEvent::LockNow);
    let mut view = app.view();
    for c in PIN.chars() {
        view = app.dispatch(AppEvent::Digit {
            digit: c.to_digit(10).unwrap() as u8,
        });
    }
    let task = tasks(&view).pop().unwrap();
    let running = {
        let app = std::sync::Arc::clone(&app);
        std::thread::spawn(move || app.run_task(task))
    };
    // The main thread is not blocked by the KDF: a lock goes through while it runs.
    app.dispatch(AppEvent::WentToBackground);
    let view = running.join().unwrap();
    assert!(matches!(view.screen, Screen::Unlock(_)), "{view:#?}");
}

#[test]
fn the_idle_lock_shows_the_pin_pad_at_the_tick_the_view_asked_for() {
    let office = office();
    let (phone, app) = activated(&office);
    let view = app.view();
    let due = view.next_tick_at.unwrap();
    assert_eq!(due, T0 + 120, "the default auto-lock");
    phone.clock.advance(119);
    assert!(matches!(app.tick().screen, Screen::Home(_)));
    phone.clock.advance(1);
    let view = app.tick();
    assert!(matches!(view.screen, Screen::Unlock(_)), "{view:#?}");
    assert!(banner(&view).contains("tidak dipakai"));
}

#[test]
fn the_session_ends_after_its_lifetime_however_active_the_citizen_is() {
    let office = office();
    let (phone, app) = activated(&office);
    app.dispatch(AppEvent::OpenDocument {
        kind: DocumentKind::Ktp,
    });
    let mut view = app.view();
    while matches!(view.screen, Screen::Document(_)) {
        phone.clock.advance(30);
        app.dispatch(AppEvent::UserActivity);
        view = app.tick();
        assert!(phone.clock.monotonic().as_secs() <= 15 * 60 + 30);
    }
    assert!(phone.clock.monotonic().as_secs() >= 15 * 60);
    assert!(matches!(view.screen, Screen::Unlock(_)));
    assert!(banner(&view).contains("demi keamanan"));
}

#[test]
fn a_screenshot_of_a_document_warns() {
    let office = office();
    let (_phone, app) = activated(&office);
    app.dispatch(AppEvent::OpenDocument {
        kind: DocumentKind::Ktp,
    });
    let view = app.dispatch(AppEvent::ScreenshotTaken);
    assert_eq!(view.banner.as_ref().unwrap().tone, BannerTone::Info);
    assert!(banner(&view).contains("Tangkapan layar"));
    let view = app.dispatch(AppEvent::ScreenCaptureChanged { captured: true });
    assert!(view.hide_content);
}

#[test]
fn a_pin_change_returns_to_settings_with_a_confirmation_and_the_new_pin_opens() {
    let office = office();
    let (_phone, app) = activated(&office);
    app.dispatch(AppEvent::OpenSettings);
    let view = app.dispatch(AppEvent::StartChangePin);
    assert!(matches!(view.screen, Screen::ChangePin(_)));
    type_pin(&app, PIN);
    type_pin(&app, NEW_PIN);
    let view = type_pin(&app, NEW_PIN);
    assert!(matches!(view.screen, Screen::Settings(_)), "{view:#?}");
    assert!(banner(&view).contains("PIN sudah diganti"));
    app.dispatch(AppEvent::LockNow);
    assert!(matches!(type_pin(&app, PIN).screen, Screen::Unlock(_)));
    assert!(matches!(type_pin(&app, NEW_PIN).screen, Screen::Home(_)));
}

#[test]
fn a_pin_change_with_a_wrong_current_pin_starts_again_at_the_current_pin() {
    let office = office();
    let (_phone, app) = activated(&office);
    app.dispatch(AppEvent::OpenSettings);
    app.dispatch(AppEvent::StartChangePin);
    type_pin(&app, WRONG_PIN);
    type_pin(&app, NEW_PIN);
    let view = type_pin(&app, NEW_PIN);
    let Screen::ChangePin(screen) = &view.screen else {
        panic!("{view:#?}")
    };
    assert_eq!(screen.step, ChangePinStep::CurrentPin);
    assert_eq!(screen.pad.filled, 0);
    assert!(banner(&view).contains("Sisa percobaan: 9"));
    assert!(matches!(
        app.dispatch(AppEvent::Back).screen,
        Screen::Settings(_)
    ));
}

#[test]
fn choosing_english_in_settings_changes_every_text_at_once() {
    let office = office();
    let (_phone, app) = activated(&office);
    app.dispatch(AppEvent::OpenSettings);
    let view = app.dispatch(AppEvent::ChooseLanguage {
        language: Language::English,
    });
    assert_eq!(view.title, "Settings");
    let Screen::Settings(settings) = &view.screen else {
        panic!()
    };
    assert_eq!(settings.change_pin.label, "Change PIN");
    assert!(settings.languages[1].selected);
    let view = app.dispatch(AppEvent::SetAutoLock { seconds: 90 });
    let Screen::Settings(settings) = &view.screen else {
        panic!()
    };
    let chosen: Vec<&str> = settings
        .auto_lock
        .iter()
        .filter(|c| c.selected)
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(chosen, ["1 minute"], "snapped to the shorter choice");
}

#[test]
fn refreshing_documents_runs_as_a_task_and_confirms() {
    let office = office();
    let (_phone, app) = activated(&office);
    app.dispatch(AppEvent::OpenSettings);
    let view = app.dispatch(AppEvent::RefreshDocuments);
    let task = tasks(&view).pop().unwrap();
    assert_eq!(task.kind, TaskKind::RefreshDocuments);
    let Screen::Settings(settings) = &view.screen else {
        panic!()
    };
    assert!(!settings.refresh.enabled && view.busy.is_some());
    let view = app.run_task(task);
    assert!(banner(&view).contains("diperbarui"), "{view:#?}");
}

#[test]
fn a_refresh_with_the_issuer_gone_says_the_network_failed_and_documents_stay() {
    let office = office();
    let (_phone, app) = activated(&office);
    drop(office);
    app.dispatch(AppEvent::OpenSettings);
    let view = send(&app, AppEvent::RefreshDocuments);
    assert!(banner(&view).contains("Tidak tersambung"), "{view:#?}");
    app.dispatch(AppEvent::Back);
    let Screen::Home(home) = app.view().screen else {
        panic!()
    };
    assert!(home.cards.iter().all(|c| c.open.enabled));
}

#[test]
fn removing_the_wallet_asks_first_then_shows_activation() {
    let office = office();
    let (phone, app) = activated(&office);
    app.dispatch(AppEvent::OpenSettings);
    let view = app.dispatch(AppEvent::ResetWallet);
    assert!(matches!(view.screen, Screen::ConfirmReset(_)));
    assert!(matches!(
        app.dispatch(AppEvent::Back).screen,
        Screen::Settings(_)
    ));
    app.dispatch(AppEvent::ResetWallet);
    let view = app.dispatch(AppEvent::ConfirmReset);
    assert_eq!(step(&view), ActivationStep::ScanQr);
    assert_eq!(core_status(&phone), WalletStatus::NotSetUp);
}

#[test]
fn going_to_the_background_mid_activation_keeps_the_form_but_not_the_pin() {
    let office = office();
    let (qr, code) = office.enroll(NIK);
    let phone = Phone::new();
    let app = phone.app();
    app.dispatch(AppEvent::ChooseLanguage {
        language: Language::Indonesian,
    });
    app.dispatch(AppEvent::TextChanged { text: qr });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: NIK.into() });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: code });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::Digit { digit: 2 });
    app.dispatch(AppEvent::WentToBackground);
    let view = app.dispatch(AppEvent::CameToForeground);
    assert_eq!(step(&view), ActivationStep::Code);
    let Screen::Activation(screen) = &view.screen else {
        panic!()
    };
    assert!(!screen.input.as_ref().unwrap().value.is_empty());
    app.dispatch(AppEvent::Submit);
    type_pin(&app, PIN);
    assert!(matches!(type_pin(&app, PIN).screen, Screen::Home(_)));
}

#[test]
fn a_lockout_wait_in_the_background_schedules_a_notification_and_the_return_cancels_it() {
    let office = office();
    let (_phone, app) = activated(&office);
    app.dispatch(AppEvent::LockNow);
    for _ in 0..5 {
        type_pin(&app, WRONG_PIN);
    }
    let view = app.dispatch(AppEvent::WentToBackground);
    assert!(view.hide_content);
    assert!(view.effects.iter().any(|e| matches!(
        e,
        AppEffect::ScheduleNotification { at, .. } if *at == T0 + 60
    )));
    let view = app.dispatch(AppEvent::CameToForeground);
    assert!(
        view.effects
            .iter()
            .any(|e| matches!(e, AppEffect::CancelNotification { .. }))
    );
}

#[test]
fn each_new_screen_is_announced_once() {
    let phone = Phone::new();
    let app = phone.app();
    let first = app.view();
    assert!(
        first
            .effects
            .iter()
            .any(|e| matches!(e, AppEffect::Announce { .. }))
    );
    let again = app.view();
    assert!(again.effects.is_empty(), "handed out once");
    assert_eq!(again.revision, first.revision, "nothing changed");
}

#[test]
fn a_restart_on_a_locked_wallet_shows_the_pin_pad() {
    let office = office();
    let (phone, app) = activated(&office);
    drop(app);
    let view = phone.app().view();
    assert!(matches!(view.screen, Screen::Unlock(_)));
    assert!(view.back.is_none());
}

#[test]
fn a_damaged_wallet_shows_reactivation_with_its_reason() {
    let office = office();
    let (phone, app) = activated(&office);
    drop(app);
    let db = phone.wallet_dir.join("wallet.sqlite3");
    std::fs::write(&db, vec![0x5a; 8192]).unwrap();
    let view = phone.app().view();
    let Screen::Reactivation(screen) = &view.screen else {
        panic!("{view:#?}")
    };
    assert!(screen.text.contains("rusak"));
    assert_eq!(
        step(&phone.app().dispatch(AppEvent::ActivateAgain)),
        ActivationStep::ScanQr
    );
}

#[test]
fn data_from_a_newer_app_says_update_the_app() {
    let office = office();
    let (phone, app) = activated(&office);
    drop(app);
    // PRAGMA user_version lives at byte 60 of the SQLite header.
    let db = phone.wallet_dir.join("wallet.sqlite3");
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&db, bytes).unwrap();
    let view = phone.app().view();
    let Screen::Failed(screen) = &view.screen else {
        panic!("{view:#?}")
    };
    assert!(screen.text.contains("Perbarui aplikasi"), "{}", screen.text);
}

#[test]
fn an_activation_that_fails_after_the_issuer_bound_the_device_shows_what_the_core_holds() {
    // The officer's QR pins a trust root the issuer's lists are not signed with: the issuer
    // binds the device and spends the code, then the wallet refuses the lists.
    let office = office();
    let (qr, code) = office.enroll(NIK);
    let mut parts: Vec<String> = qr.split('|').map(str::to_string).collect();
    let other_root = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
    let root = parts.last_mut().unwrap();
    *root = other_root
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let tampered = parts.join("|");
    let phone = Phone::new();
    let app = phone.app();
    let view = activate(&app, &tampered, &code);
    let status = core_status(&phone);
    match &view.screen {
        Screen::Home(_) => {}
        Screen::Activation(_) => assert_eq!(status, WalletStatus::NotSetUp, "{view:#?}"),
        other => panic!("{other:#?} while the core says {status:?}"),
    }
    assert!(!banner(&view).is_empty());
    // Whatever it shows, the next step works: no AlreadyActivated loop, no crash.
    let view = app.dispatch(AppEvent::LockNow);
    assert!(matches!(
        view.screen,
        Screen::Unlock(_) | Screen::Activation(_)
    ));
}
