//! Time as the wallet sees it: a wall clock for stored deadlines and a monotonic clock for
//! in-process timers. Both are injectable so tests can move time, forwards and backwards.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A source of time.
pub trait Clock: Send + Sync {
    /// Wall-clock time in unix seconds (may jump, forwards or backwards).
    fn now_unix(&self) -> i64;
    /// Time since an arbitrary origin that never goes backwards while the process lives.
    fn monotonic(&self) -> Duration;
}

/// The operating system's clocks.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock reading the system time.
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now_unix(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            Err(before_epoch) => -(before_epoch.duration().as_secs() as i64),
        }
    }

    fn monotonic(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock moved by hand: for tests and for `ikd verify --at`.
#[derive(Debug)]
pub struct ManualClock {
    state: Mutex<(i64, Duration)>,
}

impl ManualClock {
    /// A clock standing at `unix` seconds.
    pub fn at(unix: i64) -> Self {
        Self {
            state: Mutex::new((unix, Duration::ZERO)),
        }
    }

    /// Moves both clocks forward by `seconds`.
    pub fn advance(&self, seconds: u64) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.0 += seconds as i64;
        state.1 += Duration::from_secs(seconds);
    }

    /// Sets the wall clock (e.g. backwards), leaving the monotonic clock alone.
    pub fn set_wall(&self, unix: i64) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).0 = unix;
    }
}

impl Clock for ManualClock {
    fn now_unix(&self) -> i64 {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).0
    }

    fn monotonic(&self) -> Duration {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_wall_and_monotonic_time_separately() {
        let clock = ManualClock::at(1_000);
        clock.advance(5);
        assert_eq!(
            (clock.now_unix(), clock.monotonic()),
            (1_005, Duration::from_secs(5))
        );
        clock.set_wall(10);
        assert_eq!(
            (clock.now_unix(), clock.monotonic()),
            (10, Duration::from_secs(5))
        );
    }

    #[test]
    fn system_clock_is_after_2024() {
        assert!(SystemClock::new().now_unix() > 1_700_000_000);
    }
}
