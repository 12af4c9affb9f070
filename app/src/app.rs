//! The [`App`] object the shells hold: one model behind one mutex, changed by events, tasks and
//! ticks, and drawn as an [`AppView`] after each.
//!
//! Lock order: the model's mutex is taken first and the core's locks (wallet, vault, session)
//! inside it; a slow task runs its core call with the model unlocked, so a lock, a tick or a QR
//! frame on the main thread never waits for a KDF or the network.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use ikd_core::biometric::BiometricKeystore;
use ikd_core::{Clock, PlatformKeystore, Wallet, WalletConfig};

use crate::effect::SlowTask;
use crate::event::AppEvent;
use crate::flow::Model;
use crate::view::AppView;

/// The longest a session stays open, however active: a phone left at a desk showing its QR
/// locks after this even though each new frame counts as activity.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// What opens the wallet again after a failure ([`AppEvent::Retry`]).
pub(crate) struct Opener {
    pub(crate) dir: PathBuf,
    pub(crate) keystore: Arc<dyn PlatformKeystore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: WalletConfig,
}

impl Opener {
    pub(crate) fn open(&self) -> Result<Wallet, ikd_core::CoreError> {
        Wallet::open(
            &self.dir,
            Arc::clone(&self.keystore),
            Arc::clone(&self.clock),
            self.config,
        )
    }
}

/// The app: the wallet in one folder and the screen flow over it.
pub struct App {
    model: Mutex<Model>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").finish_non_exhaustive()
    }
}

impl App {
    /// Opens the wallet in `dir` (the app's private files folder) and shows the first screen.
    /// Never fails: a wallet that cannot be opened shows the failure screen with its reason.
    pub fn open(
        dir: impl Into<PathBuf>,
        keystore: Arc<dyn PlatformKeystore>,
        clock: Arc<dyn Clock>,
        config: WalletConfig,
    ) -> App {
        let opener = Opener {
            dir: dir.into(),
            keystore,
            clock,
            config,
        };
        App {
            model: Mutex::new(Model::start(opener)),
        }
    }

    fn model(&self) -> MutexGuard<'_, Model> {
        // A panic elsewhere leaves the model at a statement boundary; carry on rather than
        // brick the app (the FFI also turns the panic itself into a view).
        self.model.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Gives the app the platform's biometric key store (or takes it away). Without one, neither
    /// the settings switch nor the unlock button is shown. Returns the new view.
    pub fn set_biometric_keystore(&self, keystore: Option<Arc<dyn BiometricKeystore>>) -> AppView {
        let mut model = self.model();
        model.biometrics = keystore;
        model.view()
    }

    /// The view now, handing out the effects not yet handed out.
    pub fn view(&self) -> AppView {
        self.model().view()
    }

    /// Applies `event` and returns the new view. Fast: anything slow becomes a task.
    pub fn dispatch(&self, event: AppEvent) -> AppView {
        let mut model = self.model();
        model.dispatch(event);
        model.view()
    }

    /// Runs a task named by an [`crate::AppEffect::RunTask`] effect. Blocking (a KDF run, the
    /// network): call it on a background thread. A task that is stale or already run does
    /// nothing and returns the current view.
    pub fn run_task(&self, task: SlowTask) -> AppView {
        let job = self.model().take_job(task.id);
        if let Some(job) = job {
            // The model is unlocked while the core works: the main thread keeps drawing, and a
            // lock from it wins (the job's result is then discarded and its session locked).
            let outcome = job.run();
            self.model().finish(job, outcome);
        }
        self.view()
    }

    /// Advances the timers (lockout countdown, idle and session deadlines, QR rotation). Call
    /// at the view's `next_tick_at`; calling early or late is harmless.
    pub fn tick(&self) -> AppView {
        let mut model = self.model();
        model.tick();
        model.view()
    }

    /// After a panic inside a call (caught by the FFI): locks the wallet and shows the screen
    /// its state asks for, with a "something went wrong" banner.
    pub fn recover(&self) -> AppView {
        let mut model = self.model();
        model.recover();
        model.view()
    }
}
