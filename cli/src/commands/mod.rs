//! One file per command group.

pub mod demo;
pub mod desk;
pub mod issuer;
pub mod officer;
pub mod verify;
pub mod wallet;

use ikd_core::CoreError;

use crate::output;

/// The one-line, two-language reason for a core error.
pub fn reason(error: &CoreError) -> String {
    output::failure(&ikd_core::messages::for_error(error))
}

/// The current unix time.
pub fn now() -> i64 {
    use ikd_core::Clock;
    ikd_core::SystemClock::new().now_unix()
}
