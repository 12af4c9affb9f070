//! The `IkdApp` object: the app flow (`ikd-app`) for the shells. It only converts: a shell sends
//! events and draws the views; every decision is made in `ikd-app`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use ikd_app::App;
use ikd_core::{SystemClock, WalletConfig};

use crate::app_types::{AppEvent, AppView, SlowTask};
use crate::biometric::{BiometricKeystore, ForeignBiometrics};
use crate::keystore::{ForeignKeystore, HardwareKeystore};

/// The app: one per process, held by the shell's main activity or scene.
#[derive(uniffi::Object)]
pub struct IkdApp {
    app: App,
}

impl IkdApp {
    /// Runs `f`; a panic inside becomes a view of the screen the wallet's state allows, with a
    /// "something went wrong" banner (no panic crosses the FFI).
    fn guard(&self, f: impl FnOnce(&App) -> AppView) -> AppView {
        catch_unwind(AssertUnwindSafe(|| f(&self.app)))
            .or_else(|_| catch_unwind(AssertUnwindSafe(|| self.app.recover())))
            .unwrap_or_else(|_| self.app.view())
    }
}

#[uniffi::export]
impl IkdApp {
    /// Opens the wallet in `folder` (the app's private files folder) with the platform keystore
    /// and shows the first screen. Never fails: a wallet that cannot be opened shows the failure
    /// screen, whose "try again" opens it again.
    #[uniffi::constructor]
    pub fn open(folder: String, keystore: Arc<dyn HardwareKeystore>) -> Arc<IkdApp> {
        Arc::new(IkdApp {
            app: App::open(
                folder,
                Arc::new(ForeignKeystore(keystore)),
                Arc::new(SystemClock::new()),
                WalletConfig::default(),
            ),
        })
    }

    /// Gives the app the platform's biometric key store (`None`: no biometric option is shown).
    /// Call after `open`, before the first draw; returns the new view.
    pub fn set_biometric_keystore(&self, keystore: Option<Arc<dyn BiometricKeystore>>) -> AppView {
        self.guard(|app| {
            app.set_biometric_keystore(keystore.map(|k| {
                Arc::new(ForeignBiometrics(k)) as Arc<dyn ikd_core::biometric::BiometricKeystore>
            }))
        })
    }

    /// The view now (and any effects not yet handed out). For the first draw.
    pub fn view(&self) -> AppView {
        self.guard(App::view)
    }

    /// Applies a tap, a typed digit, scanned text or a platform change; returns the new view.
    /// Fast: call on the main thread.
    pub fn dispatch(&self, event: AppEvent) -> AppView {
        self.guard(|app| app.dispatch(event))
    }

    /// Runs the task of a `RunTask` effect. Blocking (seconds): call on a background thread and
    /// draw the returned view on the main thread.
    pub fn run_task(&self, task: SlowTask) -> AppView {
        self.guard(|app| app.run_task(task))
    }

    /// Advances the timers; call at the last view's `nextTickAt`.
    pub fn tick(&self) -> AppView {
        self.guard(App::tick)
    }
}
