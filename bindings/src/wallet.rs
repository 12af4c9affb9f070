//! The `IkdWallet` object: the older, lower-level API a screen calls (kept until both shells use
//! `IkdApp`). The session is the core's own (`Wallet::session`): this object keeps no copy, so
//! it can never say "locked" while the core holds an open session, or the reverse.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// Counts `lock()` calls: an unlock that was running when the app locked (it went to the
    /// background while the KDF ran) must not leave an open session behind.
    locks: AtomicU64,
}

impl IkdWallet {
    fn session(&self) -> Result<Arc<Session>, WalletError> {
        Ok(self.wallet.session()?)
    }

    /// Lets the session an unlock or activation opened stay open, unless `lock()` was called
    /// since `locks_before` was read: then it is locked at once and the call says `Locked`.
    fn keep(&self, locks_before: u64, session: Arc<Session>) -> Result<(), WalletError> {
        if self.locks.load(Ordering::SeqCst) != locks_before {
            session.lock();
            self.wallet.lock();
            return Err(WalletError::Locked);
        }
        Ok(())
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
                locks: AtomicU64::new(0),
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
            let locks = self.locks.load(Ordering::SeqCst);
            let session = self.wallet.activate(&activation_qr, &nik, &code, &pin)?;
            self.keep(locks, session)
        })
    }

    /// Unlocks with the PIN on the pad (costs one KDF run). Clears the pad.
    pub fn unlock(&self, pin: Arc<PinPad>) -> Result<(), WalletError> {
        guard(|| {
            let locks = self.locks.load(Ordering::SeqCst);
            let session = self.wallet.unlock(&pin.take())?;
            self.keep(locks, session)
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

    /// Locks: keys are wiped from memory. Call on background and from the lock button. Wins over
    /// an unlock or activation still running on another thread (that call then says `Locked`).
    pub fn lock(&self) {
        // Counted first: an unlock finishing now sees it and does not keep its session.
        self.locks.fetch_add(1, Ordering::SeqCst);
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
                    profile: d.doc_type(),
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
            let frame = self.session()?.qr_frame(profile, None, now_unix)?;
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ikd_core::KdfPolicy;
    use ikd_core::pin::kdf::KdfParams;

    use super::*;
    use crate::keystore::KeystoreFailure;

    /// A deterministic keyed function that takes its time, like a StrongBox HMAC under load.
    /// Not a real MAC: enough to tell the one stored key from another here.
    struct SlowKeystore;

    impl HardwareKeystore for SlowKeystore {
        fn ensure_key(&self, _alias: String) -> Result<(), KeystoreFailure> {
            Ok(())
        }

        fn derive(&self, alias: String, input: Vec<u8>) -> Result<Vec<u8>, KeystoreFailure> {
            std::thread::sleep(Duration::from_millis(300));
            let mut out = [0u8; 32];
            for (i, byte) in alias.bytes().chain(input).enumerate() {
                out[i % 32] = out[i % 32].rotate_left(3) ^ byte;
            }
            Ok(out.to_vec())
        }

        fn delete_key(&self, _alias: String) -> Result<(), KeystoreFailure> {
            Ok(())
        }
    }

    #[test]
    fn a_lock_while_an_unlock_is_running_wins() {
        let folder = tempfile::tempdir().unwrap();
        let keystore: Arc<dyn HardwareKeystore> = Arc::new(SlowKeystore);
        Wallet::open(
            folder.path(),
            Arc::new(ForeignKeystore(Arc::clone(&keystore))),
            Arc::new(SystemClock::new()),
            WalletConfig {
                kdf: KdfPolicy::Fixed(KdfParams::MINIMUM),
            },
        )
        .unwrap()
        .set_up(&"246813".into(), "3174015708900001")
        .unwrap();

        let wallet = IkdWallet::open(folder.path().display().to_string(), keystore).unwrap();
        let pad = PinPad::new();
        for digit in [2, 4, 6, 8, 1, 3] {
            pad.press(digit);
        }
        let unlocking = {
            let wallet = Arc::clone(&wallet);
            std::thread::spawn(move || wallet.unlock(pad))
        };
        std::thread::sleep(Duration::from_millis(150)); // the app goes to the background
        wallet.lock();
        assert!(matches!(
            unlocking.join().unwrap(),
            Err(WalletError::Locked)
        ));
        assert_eq!(wallet.state(), WalletState::Locked);
        assert!(matches!(wallet.documents(), Err(WalletError::Locked)));
    }
}
