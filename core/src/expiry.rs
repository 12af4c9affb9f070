//! When documents expire, when to remind the citizen, and when to refresh them quietly: pure
//! rules over dates, so the app flow and both shells follow one schedule.
//!
//! A credential is valid for a year. For most of that year the wallet sends nothing at all. In its
//! last [`QUIET_REFRESH_DAYS`] days it refreshes on the first unmetered network the shell reports
//! (Wi-Fi at home, at the mosque, at the kelurahan office), so a citizen without a data quota never
//! pays for it. A failed refresh stays quiet and is tried again later ([`RefreshBackoff`]). Only if
//! that has not worked by [`REMINDER_DAYS_BEFORE`] does a local notification ask the citizen to
//! connect; the shell schedules those notifications itself, with no network.

use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::profile::DocType;

/// Days before the last valid day at which a local reminder fires.
pub const REMINDER_DAYS_BEFORE: [i32; 2] = [30, 7];

/// How many days before expiry a quiet refresh starts: two months gives a citizen who is on
/// Wi-Fi only now and then several chances before the first reminder, 30 days before.
pub const QUIET_REFRESH_DAYS: i32 = 60;

/// The hour of the day (the phone's local time) at which a reminder fires: morning, not night.
pub const REMINDER_LOCAL_HOUR: i64 = 9;

/// The first wait after a failed quiet refresh; it doubles with each failure.
pub const FIRST_RETRY_SECONDS: i64 = 15 * 60;

/// The longest wait between two quiet refresh attempts.
pub const MAX_RETRY_SECONDS: i64 = 24 * 60 * 60;

const SECONDS_PER_DAY: i64 = 86_400;

/// One local notification the shell schedules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// When it fires, unix seconds.
    pub at_unix: i64,
    /// Days left before the documents expire when it fires.
    pub days_before: i32,
    /// The last valid day.
    pub expires: CivilDate,
    /// The profiles that expire that day (a refresh renews them together).
    pub profiles: Vec<DocType>,
}

/// The reminders still to come, soonest first, for credentials that expire on the given days
/// (`(profile, last valid day as days since 1970-01-01)`). `utc_offset_seconds` is the phone's
/// time zone (WIB +7 h, WITA +8 h, WIT +9 h), so a reminder fires at 09:00 where the citizen is.
pub fn reminders(
    expiries: &[(DocType, i32)],
    now_unix: i64,
    utc_offset_seconds: i32,
) -> Vec<Reminder> {
    let mut days: Vec<i32> = expiries.iter().map(|(_, day)| *day).collect();
    days.sort_unstable();
    days.dedup();
    let mut out = Vec::new();
    for day in days {
        let Some(expires) = CivilDate::from_days(day) else {
            continue;
        };
        let profiles: Vec<DocType> = expiries
            .iter()
            .filter(|(_, d)| *d == day)
            .map(|(p, _)| *p)
            .collect();
        for days_before in REMINDER_DAYS_BEFORE {
            let local_midnight = i64::from(day - days_before) * SECONDS_PER_DAY;
            let at_unix =
                local_midnight + REMINDER_LOCAL_HOUR * 3600 - i64::from(utc_offset_seconds);
            if at_unix > now_unix {
                out.push(Reminder {
                    at_unix,
                    days_before,
                    expires,
                    profiles: profiles.clone(),
                });
            }
        }
    }
    out.sort_by_key(|r| r.at_unix);
    out
}

/// Whether any credential is inside its quiet-refresh window (or already expired) today.
pub fn refresh_due(expiries: &[(DocType, i32)], now_unix: i64) -> bool {
    let today = now_unix.div_euclid(SECONDS_PER_DAY);
    expiries
        .iter()
        .any(|(_, day)| i64::from(*day) - today <= i64::from(QUIET_REFRESH_DAYS))
}

/// The state of quiet refresh attempts: how many failed in a row and when the next may start.
/// Kept by the app flow in memory; a restart of the app starts it afresh, which costs at most
/// one attempt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefreshBackoff {
    /// Failed attempts in a row.
    pub failures: u32,
    /// No attempt before this time (unix seconds).
    pub not_before_unix: i64,
}

impl RefreshBackoff {
    /// After a failed attempt at `now_unix`: wait 15 min, 30 min, 1 h ... up to a day.
    pub fn after_failure(self, now_unix: i64) -> RefreshBackoff {
        let failures = self.failures.saturating_add(1);
        let doublings = failures.saturating_sub(1).min(16);
        let wait = (FIRST_RETRY_SECONDS << doublings).min(MAX_RETRY_SECONDS);
        RefreshBackoff {
            failures,
            not_before_unix: now_unix.saturating_add(wait),
        }
    }

    /// After a successful refresh: back to no wait.
    pub fn after_success(self) -> RefreshBackoff {
        RefreshBackoff::default()
    }

    /// Whether the app should start a quiet refresh now: a credential is due, the network is
    /// unmetered, and the last failure's wait is over.
    pub fn should_refresh_quietly(
        &self,
        expiries: &[(DocType, i32)],
        now_unix: i64,
        unmetered_network: bool,
    ) -> bool {
        unmetered_network && now_unix >= self.not_before_unix && refresh_due(expiries, now_unix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIB: i32 = 7 * 3600;

    fn day(y: i32, m: u8, d: u8) -> i32 {
        CivilDate::new(y, m, d).unwrap().to_days()
    }

    fn unix(y: i32, m: u8, d: u8, hour_utc: i64) -> i64 {
        i64::from(day(y, m, d)) * SECONDS_PER_DAY + hour_utc * 3600
    }

    #[test]
    fn reminders_fire_30_and_7_days_before_at_nine_in_the_morning_local_time() {
        let ktp = [
            (DocType::KtpFull, day(2027, 6, 30)),
            (DocType::KtpBasic, day(2027, 6, 30)),
        ];
        let now = unix(2027, 1, 1, 0);
        let r = reminders(&ktp, now, WIB);
        assert_eq!(r.len(), 2, "one per lead time, not one per profile");
        // 31 May 2027 09:00 WIB is 02:00 UTC.
        assert_eq!(r[0].at_unix, unix(2027, 5, 31, 2));
        assert_eq!(r[0].days_before, 30);
        assert_eq!(r[0].profiles, [DocType::KtpFull, DocType::KtpBasic]);
        assert_eq!(r[1].at_unix, unix(2027, 6, 23, 2));
        // In Jayapura (WIT) the same reminder fires two hours earlier in UTC.
        assert_eq!(
            reminders(&ktp, now, 9 * 3600)[0].at_unix,
            unix(2027, 5, 31, 0)
        );
    }

    #[test]
    fn a_reminder_already_past_is_not_scheduled_again() {
        let bpjs = [(DocType::Bpjs, day(2027, 6, 30))];
        let r = reminders(&bpjs, unix(2027, 6, 10, 0), WIB);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].days_before, 7);
        assert!(reminders(&bpjs, unix(2027, 7, 1, 0), WIB).is_empty());
    }

    #[test]
    fn documents_expiring_on_different_days_get_their_own_reminders_in_time_order() {
        let docs = [
            (DocType::Vaccine, day(2027, 9, 1)),
            (DocType::Bpjs, day(2027, 3, 1)),
        ];
        let r = reminders(&docs, unix(2027, 1, 1, 0), WIB);
        assert_eq!(r.len(), 4);
        assert!(r.windows(2).all(|w| w[0].at_unix <= w[1].at_unix));
        assert_eq!(r[0].profiles, [DocType::Bpjs]);
    }

    #[test]
    fn quiet_refresh_waits_for_its_window_and_an_unmetered_network() {
        let ktp = [(DocType::KtpFull, day(2027, 6, 30))];
        let backoff = RefreshBackoff::default();
        assert!(
            !backoff.should_refresh_quietly(&ktp, unix(2027, 4, 30, 0), true),
            "61 days left"
        );
        assert!(
            backoff.should_refresh_quietly(&ktp, unix(2027, 5, 1, 0), true),
            "60 days left"
        );
        assert!(
            !backoff.should_refresh_quietly(&ktp, unix(2027, 5, 1, 0), false),
            "metered"
        );
        assert!(
            backoff.should_refresh_quietly(&ktp, unix(2027, 8, 1, 0), true),
            "expired"
        );
    }

    #[test]
    fn failed_quiet_refreshes_back_off_up_to_a_day_and_success_resets_it() {
        let ktp = [(DocType::KtpFull, day(2027, 6, 30))];
        let now = unix(2027, 6, 1, 0);
        let once = RefreshBackoff::default().after_failure(now);
        assert_eq!(once.not_before_unix - now, 15 * 60);
        assert!(!once.should_refresh_quietly(&ktp, now + 60, true));
        assert!(once.should_refresh_quietly(&ktp, now + 15 * 60, true));
        let twice = once.after_failure(now);
        assert_eq!(twice.not_before_unix - now, 30 * 60);
        let mut many = twice;
        for _ in 0..40 {
            many = many.after_failure(now);
        }
        assert_eq!(many.not_before_unix - now, MAX_RETRY_SECONDS);
        assert_eq!(many.after_success(), RefreshBackoff::default());
    }
}
