//! The lockout schedule after wrong PINs, as pure functions over a stored record.
//!
//! Attempts 1-4 are free; after the 5th to 9th failure the next try waits 1 min, 5 min, 15 min,
//! 15 min, 1 h; the 10th failure erases the wallet's keys. The record is written (and synced) before
//! the KDF runs, so killing the app mid-guess still counts the guess.

use std::time::Duration;

/// The failure that erases the wallet.
pub const MAX_FAILURES: u32 = 10;

/// How many answers the hardware gives a PIN key ([`crate::PlatformKeystore::create_limited_key`]):
/// one to wrap the master key when the key is made, then [`MAX_FAILURES`] tries. The app's own
/// counter runs out first; the hardware's count is what holds when the app's files are edited,
/// restored or rolled back, and it is restored only by a right PIN (which makes a new key).
pub const PIN_KEY_MAX_USES: u32 = MAX_FAILURES + 1;

/// Failures allowed before any waiting.
pub const FREE_FAILURES: u32 = 4;

/// How long the citizen waits after `failures` consecutive wrong PINs (None: no wait).
pub fn delay_after(failures: u32) -> Option<Duration> {
    const MINUTE: u64 = 60;
    let seconds = match failures {
        0..=FREE_FAILURES => return None,
        5 => MINUTE,
        6 => 5 * MINUTE,
        7 | 8 => 15 * MINUTE,
        _ => 60 * MINUTE,
    };
    Some(Duration::from_secs(seconds))
}

/// The lockout state as stored in the vault (all times in unix seconds, wall clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockoutRecord {
    /// Consecutive failed (or unfinished) attempts.
    pub failures: u32,
    /// No attempt before this instant.
    pub not_before: i64,
    /// The latest wall-clock time the wallet has seen; a clock behind it has moved backwards.
    pub last_seen: i64,
}

/// What a screen needs to show about the lockout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutState {
    /// Consecutive wrong PINs so far.
    pub failures: u32,
    /// Wrong PINs left before the wallet erases itself.
    pub attempts_left: u32,
    /// When the next try is allowed (unix seconds), if the citizen has to wait.
    pub next_attempt_at: Option<i64>,
    /// Seconds until the next try (0 when a try is allowed now).
    pub wait_seconds: u64,
}

impl LockoutRecord {
    /// The record with a clock that moved backwards rebased: the remaining wait is kept as it was
    /// when last seen, so setting the clock back never shortens (nor stretches) a delay.
    pub fn rebased(self, now: i64) -> LockoutRecord {
        if now >= self.last_seen {
            return self;
        }
        let remaining = (self.not_before - self.last_seen).max(0);
        LockoutRecord {
            failures: self.failures,
            not_before: if remaining > 0 { now + remaining } else { 0 },
            last_seen: now,
        }
    }

    /// The state for the UI at `now`.
    pub fn state(self, now: i64) -> LockoutState {
        let record = self.rebased(now);
        let wait = (record.not_before - now).max(0);
        LockoutState {
            failures: record.failures,
            attempts_left: MAX_FAILURES.saturating_sub(record.failures),
            next_attempt_at: (wait > 0).then_some(record.not_before),
            wait_seconds: wait as u64,
        }
    }

    /// The record to write before trying a PIN at `now`: the attempt counts as failed until it
    /// succeeds. Err carries the instant to wait for when a try is not allowed yet.
    pub fn begin_attempt(self, now: i64) -> Result<LockoutRecord, i64> {
        let record = self.rebased(now);
        if now < record.not_before {
            return Err(record.not_before);
        }
        let failures = record.failures.saturating_add(1);
        let wait = delay_after(failures).map_or(0, |d| d.as_secs() as i64);
        Ok(LockoutRecord {
            failures,
            not_before: if wait > 0 { now + wait } else { 0 },
            last_seen: now.max(record.last_seen),
        })
    }

    /// The record after a correct PIN.
    pub fn succeeded(self, now: i64) -> LockoutRecord {
        LockoutRecord {
            failures: 0,
            not_before: 0,
            last_seen: now.max(self.last_seen),
        }
    }

    /// What a record whose seal does not match is taken for: somebody edited the counter, so the
    /// stored figures mean nothing. One try is left (the right PIN still opens the wallet), and a
    /// wrong one erases it; editing again only lands here again.
    pub fn tampered(self, now: i64) -> LockoutRecord {
        LockoutRecord {
            failures: MAX_FAILURES - 1,
            not_before: 0,
            last_seen: now.max(self.last_seen),
        }
    }

    /// Whether this record means the wallet must erase itself.
    pub fn exhausted(self) -> bool {
        self.failures >= MAX_FAILURES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000;

    fn fail_n(n: u32) -> LockoutRecord {
        let mut record = LockoutRecord::default();
        let mut now = T0;
        for _ in 0..n {
            now = now.max(record.not_before);
            record = record.begin_attempt(now).unwrap();
        }
        record
    }

    #[test]
    fn the_schedule_is_four_free_tries_then_1_5_15_15_60_minutes() {
        let minutes: Vec<u64> = (1..=9)
            .map(|n| delay_after(n).map_or(0, |d| d.as_secs() / 60))
            .collect();
        assert_eq!(minutes, [0, 0, 0, 0, 1, 5, 15, 15, 60]);
    }

    #[test]
    fn the_first_four_failures_need_no_wait() {
        let record = fail_n(4);
        let state = record.state(T0);
        assert_eq!(state.attempts_left, 6);
        assert_eq!(state.next_attempt_at, None);
        assert!(record.begin_attempt(T0).is_ok());
    }

    #[test]
    fn the_fifth_failure_makes_the_next_try_wait_a_minute() {
        let record = fail_n(5);
        assert_eq!(record.begin_attempt(T0 + 59), Err(T0 + 60));
        assert!(record.begin_attempt(T0 + 60).is_ok());
        let state = record.state(T0 + 30);
        assert_eq!(state.wait_seconds, 30);
        assert_eq!(state.next_attempt_at, Some(T0 + 60));
        assert_eq!(state.attempts_left, 5);
    }

    #[test]
    fn the_tenth_failure_exhausts_the_wallet() {
        assert!(!fail_n(9).exhausted());
        assert!(fail_n(10).exhausted());
        assert_eq!(fail_n(10).state(T0).attempts_left, 0);
    }

    #[test]
    fn success_resets_the_counter() {
        let record = fail_n(6).succeeded(T0 + 10_000);
        assert_eq!(record.failures, 0);
        assert_eq!(record.state(T0 + 10_000).next_attempt_at, None);
    }

    #[test]
    fn a_clock_moved_backwards_does_not_shorten_the_wait() {
        let record = fail_n(6); // last failure at T0 + 60: wait 5 min, until T0 + 360
        let last = record.last_seen;
        let remaining = record.not_before - last;
        // Clock set back a day: the wait left is still the full remaining wait.
        let back = last - 86_400;
        assert_eq!(record.state(back).wait_seconds, remaining as u64);
        // Without an earlier look, the wait restarts in full from the first look after the jump.
        assert_eq!(
            record.begin_attempt(back + 100),
            Err(back + 100 + remaining)
        );
        // Once the jump was seen (and stored), the wait runs on from there.
        let seen = record.rebased(back);
        assert_eq!(
            seen.begin_attempt(back + remaining - 1),
            Err(back + remaining)
        );
        assert!(seen.begin_attempt(back + remaining).is_ok());
    }

    #[test]
    fn a_tampered_record_leaves_one_try() {
        let edited = LockoutRecord::default();
        let record = edited.tampered(T0);
        assert_eq!(record.state(T0).attempts_left, 1);
        assert!(record.begin_attempt(T0).unwrap().exhausted());
    }

    #[test]
    fn a_clock_moved_forward_then_back_does_not_reopen_the_wait() {
        let record = fail_n(9); // one hour
        let rebased = record.rebased(record.last_seen - 10);
        assert_eq!(rebased.state(rebased.last_seen).wait_seconds, 3600);
    }
}
