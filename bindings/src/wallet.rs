//! The `IkdWallet` object: the API a screen calls. One session at a time, held here so that a
//! shell never holds key material; `lock()` on background wipes it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError};

use ikd_core::pin::rules;
use ikd_core::{CoreError, Session, SystemClock, Wallet, WalletConfig, WalletStatus};

use crate::error::WalletError;
use crate::keystore::{ForeignKeystore, HardwareKeystore};
use crate::pin_pad::PinPad;
use crate::types::*;

/// Runs `f`, turning a panic into [`WalletError::Internal`]: no panic crosses the FFI.
fn guard<T>(f: impl FnOnce() -> Result<T, WalletError>) -> Result<T, WalletError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(WalletError::Internal))
}

/// A citizen's wallet in an app folder.
#[derive(uniffi::Object)]
pub struct IkdWallet {
    wallet: Wallet,
    session: Mutex<Option<Arc<Session>>>,
}

impl IkdWallet {
    fn session(&self) -> Result<Arc<Session>, WalletError> {
        let guard = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        match guard.as_ref() {
            Some(session) if !session.is_locked() => Ok(Arc::clone(session)),
            _ => Err(WalletError::Locked),
        }
    }

    fn keep(&self, session: Arc<Session>) {
        *self.session.lock().unwrap_or_else(PoisonError::into_inner) = Some(session);
    }
}

#[uniffi::export]
impl IkdWallet {
    /// Opens the wallet in `folder` (the app's private files folder) with the platform keystore.
    #[uniffi::constructor]
    pub fn open(
        folder: String,
        keystore: Arc<dyn HardwareKeystore>,
    ) -> Result<Arc<IkdWallet>, WalletError> {
        guard(|| {
            let wallet = Wallet::open(
                folder,
                Arc::new(ForeignKeystore(keystore)),
                Arc::new(SystemClock::new()),
                WalletConfig::default(),
            )?;
            Ok(Arc::new(IkdWallet {
                wallet,
                session: Mutex::new(None),
            }))
        })
    }

    /// What the start screen shows.
    pub fn state(&self) -> WalletState {
        match self.wallet.status() {
            WalletStatus::NotSetUp => WalletState::NotActivated,
            WalletStatus::Locked => WalletState::Locked,
            WalletStatus::Unlocked => WalletState::Unlocked,
            WalletStatus::NeedsReactivation(reason) => WalletState::NeedsReactivation {
                reason: reason.into(),
            },
        }
    }

    /// Attempts left and the wait before the next try: what the PIN pad shows.
    pub fn lockout(&self) -> Result<LockoutInfo, WalletError> {
        guard(|| {
            let state = self.wallet.lockout_state()?;
            Ok(LockoutInfo {
                attempts_left: state.attempts_left,
                wait_seconds: state.wait_seconds,
                next_attempt_at: state.next_attempt_at,
            })
        })
    }

    /// The citizen's settings (readable before unlock: the PIN pad needs the language).
    pub fn settings(&self) -> AppSettings {
        self.wallet.settings().into()
    }

    /// Saves the settings (auto-lock snapped to an allowed choice) and returns what was saved.
    pub fn set_settings(&self, settings: AppSettings) -> Result<AppSettings, WalletError> {
        guard(|| Ok(self.wallet.set_settings(settings.into())?.into()))
    }

    /// Checks the officer's QR and the NIK offline, before asking for the code and a new PIN.
    pub fn check_activation(
        &self,
        activation_qr: String,
        nik: String,
    ) -> Result<ActivationTarget, WalletError> {
        guard(|| {
            let target = ikd_core::online::check_activation(&activation_qr, &nik)?;
            Ok(ActivationTarget {
                server_host: target.server_host,
            })
        })
    }

    /// Checks a new PIN against the rules at once (before the confirmation is typed): `nik` is
    /// the activation form's, or `None` for the open wallet's citizen. Leaves the pad as it is.
    pub fn check_new_pin(&self, pin: Arc<PinPad>, nik: Option<String>) -> Result<(), WalletError> {
        guard(|| Ok(self.wallet.check_new_pin(&pin.pin(), nik.as_deref())?))
    }

    /// Activates this phone with the officer's QR text, the NIK, the e-mailed code and a new PIN
    /// typed twice; leaves the wallet unlocked. Clears both pads.
    pub fn activate(
        &self,
        activation_qr: String,
        nik: String,
        code: String,
        pin: Arc<PinPad>,
        confirm: Arc<PinPad>,
    ) -> Result<(), WalletError> {
        guard(|| {
            let (pin, confirm) = (pin.take(), confirm.take());
            rules::check_confirmation(&pin, &confirm).map_err(CoreError::from)?;
            let session = self.wallet.activate(&activation_qr, &nik, &code, &pin)?;
            self.keep(session);
            Ok(())
        })
    }

    /// Unlocks with the PIN on the pad (costs one KDF run). Clears the pad.
    pub fn unlock(&self, pin: Arc<PinPad>) -> Result<(), WalletError> {
        guard(|| {
            let session = self.wallet.unlock(&pin.take())?;
            self.keep(session);
            Ok(())
        })
    }

    /// A tap or scroll on an open wallet: postpones the auto-lock.
    pub fn keep_alive(&self) {
        self.wallet.keep_alive();
    }

    /// Seconds before the open wallet locks itself (0 when locked): when to show the PIN pad.
    pub fn idle_seconds_left(&self) -> u64 {
        self.wallet.idle_seconds_left()
    }

    /// Fetches fresh documents and lists from the issuer (needs the network; everything else
    /// keeps working offline when it fails).
    pub fn refresh_documents(&self) -> Result<(), WalletError> {
        guard(|| Ok(self.wallet.refresh_documents()?))
    }

    /// Locks: keys are wiped from memory. Call on background and from the lock button.
    pub fn lock(&self) {
        self.session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        self.wallet.lock();
    }

    /// The documents, for the home screen.
    pub fn documents(&self) -> Result<Vec<DocumentView>, WalletError> {
        guard(|| {
            Ok(self
                .session()?
                .documents()?
                .into_iter()
                .map(|d| DocumentView {
                    profile: d.doc_type().into(),
                    title_id: d.doc_type().label_id().into(),
                    title_en: d.doc_type().label_en().into(),
                    holder_name: d.credential.claims.holder_name().into(),
                    fields: d
                        .credential
                        .claims
                        .fields()
                        .into_iter()
                        .map(|f| DocumentField {
                            label_id: f.label_id.into(),
                            label_en: f.label_en.into(),
                            value: f.value,
                        })
                        .collect(),
                })
                .collect())
        })
    }

    /// A fresh QR frame of `profile` for the first desk in the trust list, at `now_unix`.
    pub fn qr_frame(
        &self,
        profile: DocumentProfile,
        now_unix: i64,
    ) -> Result<QrFrameView, WalletError> {
        guard(|| {
            let frame = self.session()?.qr_frame(profile.into(), None, now_unix)?;
            Ok(QrFrameView {
                payload: frame.frame.payload,
                version: frame.matrix.version,
                size: frame.matrix.size as u32,
                modules: frame.matrix.modules,
                refresh_at: frame.frame.refresh_at,
                valid_until: frame.frame.valid_until,
                verifier_name: frame.verifier_name,
            })
        })
    }

    /// Changes the PIN: the old one is verified and counted like any try; the new one is typed
    /// twice. Clears the three pads.
    pub fn change_pin(
        &self,
        old_pin: Arc<PinPad>,
        new_pin: Arc<PinPad>,
        confirm: Arc<PinPad>,
    ) -> Result<(), WalletError> {
        guard(|| {
            let (old_pin, new_pin, confirm) = (old_pin.take(), new_pin.take(), confirm.take());
            rules::check_confirmation(&new_pin, &confirm).map_err(CoreError::from)?;
            Ok(self.wallet.change_pin(&old_pin, &new_pin)?)
        })
    }

    /// Deletes everything (the way out of a damaged or erased wallet), ready to activate again.
    pub fn reset(&self) -> Result<(), WalletError> {
        guard(|| {
            self.lock();
            Ok(self.wallet.reset()?)
        })
    }
}
