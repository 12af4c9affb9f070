//! IKD Wallet's app flow: which screen follows which event or error, what each screen shows,
//! every deadline, in one place for both shells.
//!
//! Shape (after redbadger/crux's `update`/`view`, built small over our own types): the shell
//! sends an [`AppEvent`] to [`App::dispatch`] and draws the [`AppView`] it gets back. Slow work
//! (a PIN check, a network call) comes out as an [`AppEffect::RunTask`]; the shell runs it with
//! [`App::run_task`] on a background thread. [`App::tick`] advances the timers at the instant
//! the last view named (`next_tick_at`). The app is the one owner of the session, of "lock wins
//! over a running unlock", of the idle deadline, the lockout countdown and the QR rotation.

mod app;
mod effect;
mod event;
mod flow;
mod render;
mod view;

pub use app::{App, SESSION_LIFETIME};
pub use effect::{AppEffect, NotificationKind, ReminderNotification, SlowTask, TaskKind};
pub use event::{AppEvent, CameraProblem, DocumentKind};
pub use view::*;
