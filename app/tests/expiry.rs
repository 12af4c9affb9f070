//! Expiry through the app flow: "Berlaku sampai" on every card and document, the reminders the
//! shell schedules (after an unlock, a refresh, a time zone change), and the quiet refresh on an
//! unmetered network with its backoff. Against the real issuer on loopback; time moves on the
//! app's clock (and the issuer's, to match).

#![allow(clippy::unwrap_used, clippy::panic)] // test code: a failed unwrap is a failed test

mod common;

use std::sync::atomic::Ordering;

use common::*;
use ikd_app::{
    App, AppEffect, AppEvent, AppView, DocumentKind, ReminderNotification, Screen, TaskKind,
};
use ikd_protocol::civil_date::CivilDate;

const DAY: i64 = 86_400;
const WIB: i32 = 7 * 3600;

fn reminders(view: &AppView) -> Option<Vec<ReminderNotification>> {
    view.effects.iter().find_map(|effect| match effect {
        AppEffect::ScheduleReminders { reminders } => Some(reminders.clone()),
        _ => None,
    })
}

fn refresh_tasks(view: &AppView) -> Vec<ikd_app::SlowTask> {
    tasks(view)
        .into_iter()
        .filter(|t| t.kind == TaskKind::RefreshDocuments)
        .collect()
}

/// The KTP card's "valid until" on the home screen.
fn ktp_valid_until(app: &App) -> String {
    let view = app.view();
    let Screen::Home(home) = &view.screen else {
        panic!("{view:#?}")
    };
    home.cards[0].valid_until.clone().unwrap()
}

/// The last valid day the home screen shows, as days since 1970.
fn shown_expiry_day(app: &App) -> i64 {
    let text = ktp_valid_until(app);
    let date = text.rsplit(' ').next().unwrap();
    let parts: Vec<u32> = date.split('-').map(|p| p.parse().unwrap()).collect();
    i64::from(
        CivilDate::new(parts[2] as i32, parts[1] as u8, parts[0] as u8)
            .unwrap()
            .to_days(),
    )
}

/// Unlocks a fresh app object (a restart) and returns the view the unlock task returned.
fn restart_and_unlock(phone: &Phone) -> (App, AppView) {
    let app = phone.app();
    app.dispatch(AppEvent::TimeZoneChanged {
        utc_offset_seconds: WIB,
    });
    let mut view = app.view();
    for c in PIN.chars() {
        view = app.dispatch(AppEvent::Digit {
            digit: c.to_digit(10).unwrap() as u8,
        });
    }
    let task = tasks(&view).remove(0);
    assert_eq!(task.kind, TaskKind::Unlock);
    let view = app.run_task(task);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
    (app, view)
}

#[test]
fn every_card_and_document_says_until_when_it_is_valid_in_both_languages() {
    let office = office();
    let (_phone, app) = activated(&office);
    let view = app.view();
    let Screen::Home(home) = &view.screen else {
        panic!()
    };
    for card in &home.cards {
        let text = card.valid_until.as_deref().unwrap();
        assert!(text.starts_with("Berlaku sampai "), "{text}");
    }
    let expires = shown_expiry_day(&app);
    assert!(
        (T0 / DAY..=T0 / DAY + 400).contains(&expires),
        "a credential is valid about a year: {expires}"
    );
    for kind in DocumentKind::ALL {
        let view = app.dispatch(AppEvent::OpenDocument { kind });
        let Screen::Document(document) = &view.screen else {
            panic!("{view:#?}")
        };
        assert_eq!(
            document.valid_until.as_deref(),
            Some(ktp_valid_until_text(&home.cards, kind).as_str())
        );
        app.dispatch(AppEvent::Back);
    }
    app.dispatch(AppEvent::OpenSettings);
    app.dispatch(AppEvent::ChooseLanguage {
        language: ikd_core::Language::English,
    });
    app.dispatch(AppEvent::Back);
    assert!(ktp_valid_until(&app).starts_with("Valid until "));
}

fn ktp_valid_until_text(cards: &[ikd_app::DocumentCard], kind: DocumentKind) -> String {
    cards
        .iter()
        .find(|c| c.kind == kind)
        .and_then(|c| c.valid_until.clone())
        .unwrap()
}

#[test]
fn an_unlock_hands_out_the_reminders_30_and_7_days_before_at_nine_local_time() {
    let office = office();
    let (phone, app) = activated(&office);
    let expires = shown_expiry_day(&app);
    drop(app);

    let (app, view) = restart_and_unlock(&phone);
    let scheduled = reminders(&view).expect("the unlock schedules the reminders");
    assert_eq!(
        scheduled.len(),
        2,
        "one per lead time, not one per document"
    );
    // 09:00 WIB is 02:00 UTC.
    assert_eq!(scheduled[0].at, (expires - 30) * DAY + 2 * 3600);
    assert_eq!(scheduled[1].at, (expires - 7) * DAY + 2 * 3600);
    assert_eq!(scheduled[0].title, "Dokumen IKD berakhir dalam 30 hari");
    assert!(scheduled[1].body.starts_with("Berlaku sampai "));
    assert!(
        !scheduled.iter().any(|r| r.body.contains(NIK)),
        "a notification on a locked screen names no personal data"
    );
    assert!(reminders(&app.view()).is_none(), "handed out once");

    // Moving to Jayapura (WIT, UTC+9) moves them to 09:00 there.
    let view = app.dispatch(AppEvent::TimeZoneChanged {
        utc_offset_seconds: 9 * 3600,
    });
    let moved = reminders(&view).unwrap();
    assert_eq!(moved[0].at, (expires - 30) * DAY);

    // Eight days before expiry only the 7-day reminder is still to come.
    drop(app);
    phone.clock.set_wall((expires - 8) * DAY);
    let (_app, view) = restart_and_unlock(&phone);
    let later = reminders(&view).unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].title, "Dokumen IKD berakhir dalam 7 hari");
}

fn asks_for_notifications(view: &AppView) -> usize {
    view.effects
        .iter()
        .filter(|e| matches!(e, AppEffect::RequestNotificationPermission))
        .count()
}

#[test]
fn the_first_reminders_of_an_app_start_come_after_one_request_for_notification_permission() {
    let office = office();
    let (phone, app) = activated(&office);
    drop(app);

    let (app, view) = restart_and_unlock(&phone);
    assert_eq!(asks_for_notifications(&view), 1);
    let ask = view
        .effects
        .iter()
        .position(|e| matches!(e, AppEffect::RequestNotificationPermission));
    let schedule = view
        .effects
        .iter()
        .position(|e| matches!(e, AppEffect::ScheduleReminders { .. }));
    assert!(ask < schedule, "asked before anything is scheduled");
    // Rescheduled later in the same app start (a time zone change): not asked again.
    let view = app.dispatch(AppEvent::TimeZoneChanged {
        utc_offset_seconds: 9 * 3600,
    });
    assert!(reminders(&view).is_some());
    assert_eq!(asks_for_notifications(&view), 0);
}

#[test]
fn on_an_unmetered_network_a_document_near_its_expiry_is_refreshed_quietly() {
    let office = office();
    let (phone, app) = activated(&office);
    let expires = shown_expiry_day(&app);

    // Far from expiry, Wi-Fi starts nothing.
    let view = app.dispatch(AppEvent::NetworkChanged { unmetered: true });
    assert!(refresh_tasks(&view).is_empty());
    drop(app);

    // 50 days before expiry, on mobile data: still nothing.
    let now = (expires - 50) * DAY;
    phone.clock.set_wall(now);
    office.clock.store(now, Ordering::SeqCst);
    let (app, _) = restart_and_unlock(&phone);
    let view = app.dispatch(AppEvent::NetworkChanged { unmetered: false });
    assert!(refresh_tasks(&view).is_empty(), "metered data is not spent");

    // On Wi-Fi: a refresh task, with no spinner and no input blocked.
    let view = app.dispatch(AppEvent::NetworkChanged { unmetered: true });
    let task = refresh_tasks(&view).remove(0);
    assert!(view.busy.is_none());
    let view = app.dispatch(AppEvent::OpenSettings);
    assert!(
        matches!(view.screen, Screen::Settings(_)),
        "input still works"
    );
    app.dispatch(AppEvent::Back);

    let view = app.run_task(task);
    assert!(view.banner.is_none(), "quiet: {view:#?}");
    assert!(matches!(view.screen, Screen::Home(_)));
    let renewed = shown_expiry_day(&app);
    assert!(
        renewed > expires + 300,
        "a new year: {renewed} after {expires}"
    );
    let scheduled = reminders(&view).expect("the refresh reschedules");
    assert_eq!(scheduled[0].at, (renewed - 30) * DAY + 2 * 3600);

    // Now far from expiry again: Wi-Fi starts nothing.
    let view = app.dispatch(AppEvent::NetworkChanged { unmetered: true });
    assert!(refresh_tasks(&view).is_empty());
}

#[test]
fn a_failed_quiet_refresh_stays_quiet_waits_longer_each_time_and_the_citizen_can_still_refresh() {
    let office = office();
    let (phone, app) = activated(&office);
    let expires = shown_expiry_day(&app);
    drop(app);
    let Office { issuer, data, .. } = office;
    issuer.stop();

    let now = (expires - 20) * DAY;
    phone.clock.set_wall(now);
    let (app, _) = restart_and_unlock(&phone);
    let view = app.dispatch(AppEvent::NetworkChanged { unmetered: true });
    let view = app.run_task(refresh_tasks(&view).remove(0));
    assert!(view.banner.is_none(), "a failure stays quiet: {view:#?}");
    assert!(matches!(view.screen, Screen::Home(_)));

    // The first wait is 15 minutes: no new try before.
    let view = app.dispatch(AppEvent::NetworkChanged { unmetered: true });
    assert!(refresh_tasks(&view).is_empty());
    phone.clock.set_wall(now + 14 * 60);
    assert!(refresh_tasks(&app.tick()).is_empty());
    phone.clock.set_wall(now + 15 * 60);
    let view = app.tick();
    let second = refresh_tasks(&view);
    assert_eq!(second.len(), 1, "tried again once the wait is over");
    let view = app.run_task(second[0].clone());
    assert!(view.banner.is_none());

    // The second wait is 30 minutes.
    phone.clock.set_wall(now + 15 * 60 + 29 * 60);
    assert!(refresh_tasks(&app.tick()).is_empty());
    phone.clock.set_wall(now + 15 * 60 + 30 * 60);
    assert_eq!(refresh_tasks(&app.tick()).len(), 1);

    // By hand the citizen is told: a spinner, then the error.
    let app = {
        drop(app);
        restart_and_unlock(&phone).0
    };
    app.dispatch(AppEvent::OpenSettings);
    let view = app.dispatch(AppEvent::RefreshDocuments);
    assert!(view.busy.is_some());
    let view = run_tasks(&app, view);
    assert_eq!(
        view.banner.as_ref().map(|b| b.tone),
        Some(ikd_app::BannerTone::Error)
    );
    drop(data);
}

#[test]
fn a_quiet_refresh_handed_out_before_a_lock_is_stale_and_the_next_unlock_may_start_one() {
    let office = office();
    let (phone, app) = activated(&office);
    let expires = shown_expiry_day(&app);
    let now = (expires - 30) * DAY;
    phone.clock.set_wall(now);
    office.clock.store(now, Ordering::SeqCst);
    drop(app);
    let (app, _) = restart_and_unlock(&phone);
    let view = app.dispatch(AppEvent::NetworkChanged { unmetered: true });
    let task = refresh_tasks(&view).remove(0);

    let view = app.dispatch(AppEvent::LockNow);
    assert!(matches!(view.screen, Screen::Unlock(_)));
    let view = app.run_task(task);
    assert!(matches!(view.screen, Screen::Unlock(_)), "{view:#?}");
    assert!(view.banner.is_none(), "{view:#?}");

    // The next unlock on the same Wi-Fi starts a fresh one, which renews the documents.
    let view = type_pin(&app, PIN);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
    assert!(view.banner.is_none(), "quiet: {view:#?}");
    assert!(shown_expiry_day(&app) > expires + 300);
}
