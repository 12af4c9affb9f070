//! Riwayat through the app flow: a real desk answer (issuer on loopback, a certified
//! `ikd_verifier` desk) is listed on the history screen with when, to whom, which profile and
//! which fields; one entry or all of them can be deleted, and an empty history says so.

#![allow(clippy::unwrap_used, clippy::panic)] // test code: a failed unwrap is a failed test

mod common;

use common::desk::*;
use common::*;
use ikd_app::{AppEvent, AppView, DocumentKind, HistoryScreen, Screen};
use ikd_core::Language;
use ikd_protocol::profile::DocType;

fn history(view: &AppView) -> &HistoryScreen {
    match &view.screen {
        Screen::History(history) => history,
        other => panic!("not the history: {other:#?}"),
    }
}

/// Answers one fresh request of the bank's desk from the KTP, and goes back home.
fn answer_the_bank(app: &ikd_app::App, desk: &mut ikd_verifier::Desk, now: i64) {
    let request = desk.new_request(DocType::KtpBasic, now).unwrap();
    desk_scan(app, DocumentKind::Ktp);
    scan(app, &request);
    let view = app.dispatch(AppEvent::Share);
    assert!(matches!(view.screen, Screen::Answer(_)), "{view:#?}");
    app.dispatch(AppEvent::Back);
    let view = app.dispatch(AppEvent::Back);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
}

#[test]
fn an_answered_desk_is_listed_in_the_history_with_local_time_and_fields_and_can_be_deleted() {
    let office = office();
    let (phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    // 2027-01-15 08:00:00 UTC; the phone is in WITA (UTC+8), so 16.00 local.
    app.dispatch(AppEvent::TimeZoneChanged {
        utc_offset_seconds: 8 * 3600,
    });

    let Screen::Home(home) = &app.view().screen else {
        panic!()
    };
    assert_eq!(home.history.label, "Riwayat");
    let view = app.dispatch(home.history.event.clone());
    assert_eq!(view.title, "Riwayat");
    assert!(view.back.is_some());
    let empty = history(&view);
    assert!(empty.entries.is_empty());
    assert!(
        empty
            .empty
            .as_deref()
            .unwrap()
            .starts_with("Belum ada data")
    );
    assert!(
        empty.clear_all.is_none(),
        "nothing to delete: no delete-all"
    );
    app.dispatch(AppEvent::Back);

    phone.clock.set_wall(T0 + 60);
    answer_the_bank(&app, &mut desk, T0 + 60);
    phone.clock.set_wall(T0 + 3600);
    answer_the_bank(&app, &mut desk, T0 + 3600);

    let view = app.dispatch(AppEvent::OpenHistory);
    let screen = history(&view);
    assert!(screen.empty.is_none());
    assert_eq!(screen.entries.len(), 2);
    let newest = &screen.entries[0];
    // T0 = 2027-01-15 08:00:00 UTC.
    assert_eq!(
        newest.when, "15-01-2027 17.00",
        "newest first, in local time"
    );
    assert_eq!(screen.entries[1].when, "15-01-2027 16.01");
    assert_eq!(newest.institution, "BANK CONTOH");
    assert_eq!(newest.desk, "LOKET 1 · Keuangan");
    assert!(newest.profile_label.starts_with("KTP"), "{newest:#?}");
    assert_eq!(newest.fields, ["NIK", "Nama", "Tanggal lahir"]);
    assert!(newest.printed_card_note.is_none());
    assert!(
        !newest.accessibility_label.contains(NIK),
        "the history names fields, never their values: {}",
        newest.accessibility_label
    );

    // English labels the same entry in English.
    app.dispatch(AppEvent::Back);
    app.dispatch(AppEvent::OpenSettings);
    app.dispatch(AppEvent::ChooseLanguage {
        language: Language::English,
    });
    app.dispatch(AppEvent::Back);
    let view = app.dispatch(AppEvent::OpenHistory);
    assert_eq!(view.title, "History");
    let english = &history(&view).entries[0];
    assert_eq!(english.when, "15-01-2027 17:00");
    assert_eq!(english.desk, "LOKET 1 · Finance");
    assert_eq!(english.fields, ["NIK", "Name", "Date of birth"]);

    // Delete the newest entry: the older one stays.
    let view = app.dispatch(english.delete.event.clone());
    assert_eq!(banner(&view), "History entry deleted.");
    let left = history(&view);
    assert_eq!(left.entries.len(), 1);
    assert_eq!(left.entries[0].when, "15-01-2027 16:01");
    // A second tap on the same (now gone) entry changes nothing.
    let view = app.dispatch(english.delete.event.clone());
    assert_eq!(history(&view).entries.len(), 1);

    // Reopened from scratch (a restart), the deletion held.
    drop(app);
    let app = phone.app();
    type_pin(&app, PIN);
    let view = app.dispatch(AppEvent::OpenHistory);
    assert_eq!(history(&view).entries.len(), 1);
}

#[test]
fn delete_all_asks_first_and_cancel_keeps_everything() {
    let office = office();
    let (_phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    answer_the_bank(&app, &mut desk, T0);

    let view = app.dispatch(AppEvent::OpenHistory);
    let clear = history(&view).clear_all.clone().unwrap();
    assert_eq!(clear.label, "Hapus semua riwayat");
    let view = app.dispatch(clear.event.clone());
    let Screen::ConfirmClearHistory(confirm) = &view.screen else {
        panic!("{view:#?}")
    };
    assert_eq!(view.title, "Hapus semua riwayat?");
    assert!(confirm.text.contains("Dokumen Anda tidak terhapus"));
    let confirm = confirm.clone();

    // Cancel: back to the history, nothing deleted.
    let view = app.dispatch(confirm.cancel.event.clone());
    assert_eq!(history(&view).entries.len(), 1);

    app.dispatch(clear.event);
    let view = app.dispatch(confirm.confirm.event);
    assert_eq!(banner(&view), "Riwayat dihapus.");
    let screen = history(&view);
    assert!(screen.entries.is_empty());
    assert!(screen.empty.is_some() && screen.clear_all.is_none());
}

#[test]
fn the_history_is_left_at_a_lock_and_history_events_elsewhere_do_nothing() {
    let office = office();
    let (_phone, app) = activated(&office);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = bank_desk(&office, dir.path());
    answer_the_bank(&app, &mut desk, T0);

    // "Delete all" from home (not through the history and its confirmation) does nothing.
    let view = app.dispatch(AppEvent::ConfirmClearHistory);
    assert!(matches!(view.screen, Screen::Home(_)));
    app.dispatch(AppEvent::ClearHistory);
    let view = app.dispatch(AppEvent::OpenHistory);
    let id_event = history(&view).entries[0].delete.event.clone();
    assert_eq!(history(&view).entries.len(), 1);

    // Locked on the history screen: the unlock screen, and nothing of the history in the view.
    let view = app.dispatch(AppEvent::LockNow);
    assert!(matches!(view.screen, Screen::Unlock(_)), "{view:#?}");
    let view = app.dispatch(id_event);
    assert!(matches!(view.screen, Screen::Unlock(_)));
    let view = type_pin(&app, PIN);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
    let view = app.dispatch(AppEvent::OpenHistory);
    assert_eq!(
        history(&view).entries.len(),
        1,
        "a delete sent while locked deleted nothing"
    );
}
