//! One store suite, run on both backends: every case below runs on SQLite in the plain test
//! run, and on PostgreSQL (ignored there; `tests/issuer/run.sh` starts a server and runs them
//! with `--ignored`). A missing server fails those loudly rather than passing.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::backend::Backend;
use ikd_issuer::accounts::Role;
use ikd_issuer::store::BindOutcome;

const NIK: &str = "3174015708900001";

fn of_two_activations_on_one_enrollment_only_the_first_binds(backend: &mut Backend) {
    let store = backend.store_with_enrollment();
    assert_eq!(
        store.bind("enr-1", NIK, &[1; 32], 10, 5).unwrap(),
        BindOutcome::Bound { replaced: None }
    );
    // The second activation passed its checks before the first one bound; it must not bind.
    assert_eq!(
        store.bind("enr-1", NIK, &[2; 32], 11, 5).unwrap(),
        BindOutcome::EnrollmentSpent
    );
    assert_eq!(store.nik_of_device(&[1; 32]).unwrap().as_deref(), Some(NIK));
    assert_eq!(store.nik_of_device(&[2; 32]).unwrap(), None);
    assert!(!store.is_revoked(&[1; 32]).unwrap());
}

fn an_expired_locked_or_foreign_enrollment_does_not_bind(backend: &mut Backend) {
    let store = backend.store_with_enrollment();
    assert_eq!(
        store.bind("enr-1", NIK, &[1; 32], 101, 5).unwrap(),
        BindOutcome::EnrollmentSpent
    );
    assert_eq!(
        store
            .bind("enr-1", "3174015708900002", &[1; 32], 10, 5)
            .unwrap(),
        BindOutcome::EnrollmentSpent
    );
    for _ in 0..5 {
        store.add_failure("enr-1").unwrap();
    }
    assert_eq!(
        store.bind("enr-1", NIK, &[1; 32], 10, 5).unwrap(),
        BindOutcome::EnrollmentSpent
    );
}

fn a_new_phone_revokes_the_old_one_in_the_same_step(backend: &mut Backend) {
    let store = backend.store_with_enrollment();
    store.bind("enr-1", NIK, &[1; 32], 10, 5).unwrap();
    store
        .add_enrollment("enr-2", NIK, &[0; 32], 20, 200)
        .unwrap();
    assert_eq!(
        store.bind("enr-2", NIK, &[2; 32], 30, 5).unwrap(),
        BindOutcome::Bound {
            replaced: Some([1; 32])
        }
    );
    assert!(store.is_revoked(&[1; 32]).unwrap());
}

fn challenges_are_capped_per_owner_and_expired_ones_are_deleted(backend: &mut Backend) {
    let store = backend.store_with_enrollment();
    for i in 0..3u8 {
        assert!(store.add_challenge(&[i; 32], "enr-1", 0, 300, 3).unwrap());
    }
    assert!(!store.add_challenge(&[9; 32], "enr-1", 0, 300, 3).unwrap());
    assert!(store.take_challenge(&[0; 32], "enr-1", 1).unwrap());
    assert!(!store.take_challenge(&[0; 32], "enr-1", 1).unwrap());
    assert_eq!(store.challenge_rows().unwrap(), (2, 0));
    // After they expire, the next request clears them out.
    assert!(store.add_challenge(&[5; 32], "enr-1", 301, 601, 3).unwrap());
    assert_eq!(store.challenge_rows().unwrap(), (1, 0));
    assert!(!store.take_challenge(&[1; 32], "enr-1", 301).unwrap());
    assert!(!store.take_challenge(&[5; 32], "enr-other", 302).unwrap());
}

fn refresh_challenges_are_single_use_per_device_and_purged(backend: &mut Backend) {
    let store = backend.store_with_enrollment();
    assert!(
        store
            .add_refresh_challenge(&[1; 32], &[7; 32], 0, 300, 2)
            .unwrap()
    );
    assert!(
        store
            .add_refresh_challenge(&[2; 32], &[7; 32], 0, 300, 2)
            .unwrap()
    );
    assert!(
        !store
            .add_refresh_challenge(&[3; 32], &[7; 32], 0, 300, 2)
            .unwrap()
    );
    assert!(!store.take_refresh_challenge(&[1; 32], &[8; 32], 1).unwrap());
    assert!(store.take_refresh_challenge(&[1; 32], &[7; 32], 1).unwrap());
    assert!(!store.take_refresh_challenge(&[1; 32], &[7; 32], 1).unwrap());
    assert!(
        store
            .add_refresh_challenge(&[4; 32], &[8; 32], 301, 601, 2)
            .unwrap()
    );
    assert_eq!(store.challenge_rows().unwrap(), (0, 1));
}

fn the_revocation_sequence_rises_on_every_revocation_and_prune_and_never_falls(
    backend: &mut Backend,
) {
    let store = backend.store_with_enrollment();
    let day = |unix: i64| (unix / 86400) as i32;
    let (start, empty) = store.revocation_snapshot(day(0), 2, 365).unwrap();
    assert!(empty.is_empty());
    store.bind("enr-1", NIK, &[1; 32], 10, 5).unwrap();
    store.record_issued(&[1; 32], 100).unwrap();
    store.record_issued(&[1; 32], 90).unwrap(); // an older issue does not shorten it
    assert!(store.revoke_nik(NIK, 20).unwrap());
    let (after_revoke, devices) = store.revocation_snapshot(50, 2, 365).unwrap();
    assert_eq!(devices, vec![[1; 32]]);
    assert!(after_revoke > start);
    // Still listed up to two days after its last credential expired...
    let (same, devices) = store.revocation_snapshot(102, 2, 365).unwrap();
    assert_eq!((same, devices.len()), (after_revoke, 1));
    // ...then pruned, and the shorter list has a higher sequence.
    let (after_prune, devices) = store.revocation_snapshot(103, 2, 365).unwrap();
    assert!(devices.is_empty());
    assert!(after_prune > after_revoke);
    assert_eq!(
        store.revocation_snapshot(104, 2, 365).unwrap().0,
        after_prune
    );
}

fn the_desk_revocation_sequence_rises_once_per_newly_revoked_desk(backend: &mut Backend) {
    let store = backend.store();
    let (start, empty) = store.desk_revocation_snapshot().unwrap();
    assert!(empty.is_empty());
    assert!(start >= 1);
    assert!(store.revoke_desk(&[7; 16], 10).unwrap());
    assert!(store.revoke_desk(&[3; 16], 20).unwrap());
    // Revoking a revoked desk again changes nothing, the sequence included.
    assert!(!store.revoke_desk(&[7; 16], 30).unwrap());
    let (sequence, desks) = store.desk_revocation_snapshot().unwrap();
    assert_eq!(desks, vec![[7; 16], [3; 16]]);
    assert_eq!(sequence, start + 2);
    assert_eq!(store.desk_revocation_snapshot().unwrap().0, sequence);
}

fn the_trust_sequence_rises_only_when_the_content_changes(backend: &mut Backend) {
    let store = backend.store_with_enrollment();
    let first = store.trust_sequence(&[1; 32]).unwrap();
    assert_eq!(store.trust_sequence(&[1; 32]).unwrap(), first);
    assert_eq!(store.trust_sequence(&[2; 32]).unwrap(), first + 1);
    assert_eq!(store.trust_sequence(&[2; 32]).unwrap(), first + 1);
    assert_eq!(store.trust_anchor_day(100).unwrap(), 100);
    assert_eq!(store.trust_anchor_day(200).unwrap(), 100);
}

fn the_audit_log_cannot_be_edited_or_deleted(backend: &mut Backend) {
    let store = backend.store_with_enrollment();
    store.audit(1, "budi", "enroll", Some(&[4; 32])).unwrap();
    store.audit(2, "ani", "revoke", None).unwrap();
    assert!(backend.raw("UPDATE audit SET actor = 'x'").is_err());
    assert!(backend.raw("DELETE FROM audit").is_err());
    let store = backend.store();
    let all = store.audit_entries(None, 10).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].actor, "ani");
    let about = store.audit_entries(Some(&[4; 32]), 10).unwrap();
    assert_eq!(about.len(), 1);
    assert_eq!(about[0].action, "enroll");
}

fn failed_logins_lock_the_account_for_a_while(backend: &mut Backend) {
    let store = backend.store_with_enrollment();
    assert!(
        store
            .add_account("budi", b"hash", Role::Officer, 0)
            .unwrap()
    );
    assert!(!store.add_account("budi", b"other", Role::Admin, 0).unwrap());
    for _ in 0..4 {
        store.login_failed("budi", 10, 5, 900).unwrap();
    }
    assert_eq!(store.account("budi").unwrap().unwrap().locked_until, 0);
    store.login_failed("budi", 10, 5, 900).unwrap();
    assert_eq!(store.account("budi").unwrap().unwrap().locked_until, 910);
}

fn client_failures_count_per_kind_and_client_within_their_window(backend: &mut Backend) {
    let store = backend.store();
    for t in 0..3 {
        store
            .add_client_failure("activation", "10.0.0.1", t, 0)
            .unwrap();
    }
    store.add_client_failure("login", "10.0.0.1", 5, 0).unwrap();
    assert_eq!(
        store.client_failures("activation", "10.0.0.1", 0).unwrap(),
        3
    );
    assert_eq!(
        store.client_failures("activation", "10.0.0.2", 0).unwrap(),
        0
    );
    assert_eq!(store.client_failures("login", "10.0.0.1", 0).unwrap(), 1);
    assert_eq!(
        store.client_failures("activation", "10.0.0.1", 2).unwrap(),
        1
    );
    // A failure after the window moved on deletes the old ones of its kind.
    store
        .add_client_failure("activation", "10.0.0.9", 700, 101)
        .unwrap();
    assert_eq!(
        store.client_failures("activation", "10.0.0.1", 0).unwrap(),
        0
    );
    assert_eq!(store.client_failures("login", "10.0.0.1", 0).unwrap(), 1);
}

fn a_registry_import_is_all_or_nothing_and_a_repeated_nik_is_named(backend: &mut Backend) {
    use ikd_issuer::registry::{LineProblem, parse_line};
    use ikd_issuer::store::ImportOutcome;
    let extract = ikd_issuer::testkit::sample_registry();
    let lines: Vec<&str> = extract.lines().collect();
    let store = backend.store();
    let mut with_repeat = vec![
        (1, parse_line(lines[0])),
        (2, parse_line(lines[1])),
        (3, parse_line(lines[0])),
    ]
    .into_iter();
    assert_eq!(
        store.import_citizens(&mut with_repeat, 1, 10).unwrap(),
        ImportOutcome::Refused(vec![ikd_issuer::registry::LineError {
            line: 3,
            problem: LineProblem::Duplicate { first_line: 1 }
        }])
    );
    assert_eq!(store.citizen_count().unwrap(), 0);
    let mut good = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i + 1, parse_line(l)));
    assert_eq!(
        store.import_citizens(&mut good, 2, 10).unwrap(),
        ImportOutcome::Imported(lines.len())
    );
    let record = store.citizen(NIK).unwrap().unwrap();
    assert_eq!(parse_line(&record).unwrap().ktp.nik.expose(), NIK);
    assert!(store.citizen("3174015708900099").unwrap().is_none());
}

fn accounts_are_listed_by_name_without_their_hashes(backend: &mut Backend) {
    let store = backend.store();
    assert!(store.add_account("ani", b"h1", Role::Admin, 5).unwrap());
    assert!(store.add_account("budi", b"h2", Role::Officer, 6).unwrap());
    let list = store.account_list().unwrap();
    let names: Vec<(&str, Role, i64)> = list
        .iter()
        .map(|a| (a.username.as_str(), a.role, a.created_at))
        .collect();
    assert_eq!(
        names,
        vec![("ani", Role::Admin, 5), ("budi", Role::Officer, 6)]
    );
}

macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $case() {
                super::$case(&mut super::Backend::sqlite());
            })*
        }
        mod postgres {
            $(#[test]
            #[ignore = "needs PostgreSQL: run by tests/issuer/run.sh"]
            fn $case() {
                super::$case(&mut super::Backend::postgres());
            })*
        }
    };
}

on_both_backends!(
    accounts_are_listed_by_name_without_their_hashes,
    client_failures_count_per_kind_and_client_within_their_window,
    a_registry_import_is_all_or_nothing_and_a_repeated_nik_is_named,
    of_two_activations_on_one_enrollment_only_the_first_binds,
    an_expired_locked_or_foreign_enrollment_does_not_bind,
    a_new_phone_revokes_the_old_one_in_the_same_step,
    challenges_are_capped_per_owner_and_expired_ones_are_deleted,
    refresh_challenges_are_single_use_per_device_and_purged,
    the_revocation_sequence_rises_on_every_revocation_and_prune_and_never_falls,
    the_trust_sequence_rises_only_when_the_content_changes,
    the_desk_revocation_sequence_rises_once_per_newly_revoked_desk,
    the_audit_log_cannot_be_edited_or_deleted,
    failed_logins_lock_the_account_for_a_while,
);
