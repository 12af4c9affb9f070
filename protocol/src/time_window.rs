//! Time windows of answers to a printed desk card: 30-second steps, as in RFC 6238.
//!
//! A desk at window v accepts card answers of windows v-2, v-1, v and v+1 (two back for a slow
//! desk, one ahead for a phone whose clock runs a little fast): about 90 seconds, like the real
//! IKD QR. A session answer carries unix seconds instead, bound to its request.

/// Length of a window in seconds.
pub const WINDOW_SECONDS: i64 = 30;
/// Windows before the verifier's own that are still accepted.
pub const WINDOWS_BACK: u32 = 2;
/// Windows after the verifier's own that are accepted (a wallet clock slightly ahead).
pub const WINDOWS_AHEAD: u32 = 1;

/// The window of a unix time (None before 1970 or beyond u32 windows).
pub fn window_of(unix: i64) -> Option<u32> {
    u32::try_from(unix.checked_div(WINDOW_SECONDS)?)
        .ok()
        .filter(|_| unix >= 0)
}

/// Where an answer's window stands relative to the desk's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowCheck {
    /// Inside the accepted span.
    Accepted,
    /// Older than [`WINDOWS_BACK`] windows.
    TooOld,
    /// More than [`WINDOWS_AHEAD`] windows ahead.
    FromTheFuture,
}

/// Checks an answer's window `frame` against the desk's window `now`.
pub fn check_window(frame: u32, now: u32) -> WindowCheck {
    if frame.saturating_add(WINDOWS_BACK) < now {
        WindowCheck::TooOld
    } else if frame > now.saturating_add(WINDOWS_AHEAD) {
        WindowCheck::FromTheFuture
    } else {
        WindowCheck::Accepted
    }
}

/// The last second a desk with a correct clock accepts an answer of window `window`.
pub fn valid_until(window: u32) -> i64 {
    (i64::from(window) + i64::from(WINDOWS_BACK) + 1) * WINDOW_SECONDS - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_windows_back_and_one_ahead_are_accepted() {
        assert_eq!(check_window(100, 100), WindowCheck::Accepted);
        assert_eq!(check_window(98, 100), WindowCheck::Accepted);
        assert_eq!(check_window(97, 100), WindowCheck::TooOld);
        assert_eq!(check_window(101, 100), WindowCheck::Accepted);
        assert_eq!(check_window(102, 100), WindowCheck::FromTheFuture);
        assert_eq!(check_window(0, 0), WindowCheck::Accepted);
        assert_eq!(check_window(u32::MAX, u32::MAX), WindowCheck::Accepted);
    }

    #[test]
    fn a_card_answer_is_valid_for_about_ninety_seconds() {
        let made = 1_800_000_010;
        let window = window_of(made).unwrap();
        let until = valid_until(window);
        assert!((until - made) >= 60 && (until - made) < 90);
        assert_eq!(
            check_window(window, window_of(until).unwrap()),
            WindowCheck::Accepted
        );
        assert_eq!(
            check_window(window, window_of(until + 1).unwrap()),
            WindowCheck::TooOld
        );
    }

    #[test]
    fn times_before_1970_have_no_window() {
        assert_eq!(window_of(-1), None);
        assert_eq!(window_of(59), Some(1));
    }
}
