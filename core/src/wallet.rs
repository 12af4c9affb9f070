//! The wallet: set-up, unlock, lockout, PIN change and re-activation over one vault folder.
//!
//! Every vault and PIN rule is enforced here, in this order for each PIN try: shape of the PIN,
//! the hardware key is this device's, the lockout allows a try, the failure is recorded and
//! synced, and only then the KDF runs.
//!
//! The KDF's hardware step is a limited key (`PinKey::Limited`): the phone's secure hardware
//! answers it `PIN_KEY_MAX_USES` times. A right PIN rotates it: a new key of the next generation,
//! the master key wrapped again under it and committed with its generation in one transaction,
//! and only then the old key deleted. A crash before the commit leaves the old key and slot (and
//! an orphan new key, replaced at the next rotation); a crash after it leaves an old key that the
//! next try deletes before it guesses. A hardware that refuses the key (used up, or deleted by
//! the hardware when used up) is the tenth wrong PIN: the wallet erases itself.
//!
//! Lock order, the one order of the whole crate (a thread holding a lock only ever takes locks
//! further down this list): the wallet's `vault` slot, the wallet's `session` slot, the
//! wallet's `settings`, a session's `keys`, a session's timers, the vault itself
//! (`Mutex<Vault>`), the wallet's `monotonic_wait` and `observer`. `Session::with_keys` holds
//! the keys while it reads the vault, so nothing may lock a session while it holds the vault:
//! the erase after the tenth wrong PIN releases the vault, locks the session, then takes the
//! vault again. `an_answer_built_while_the_tenth_wrong_pin_erases_does_not_hang` holds it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ikd_protocol::codes::Sex;
use ikd_protocol::nik::Nik;

use crate::clock::Clock;
use crate::device_key::DeviceKey;
use crate::error::CoreError;
use crate::keystore::{KeystoreError, PlatformKeystore};
use crate::lockout::{LockoutRecord, LockoutState, PIN_KEY_MAX_USES};
use crate::lockout_seal;
use crate::pin::kdf::{self, KdfParams};
use crate::pin::rules::{self, BirthDate};
use crate::pin::slot::{PinKey, PinSlot, SlotError, Stretched};
use crate::secret::{Pin, SecretKey, random_array};
use crate::session::{Session, SessionKeys};
use crate::settings::{self, Settings};
use crate::sync::lock;
use crate::vault::records::{self, RecordKind};
use crate::vault::{self, ReactivationReason, StorageError, StoredState, Vault};

/// How the Argon2id parameters are chosen at set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfPolicy {
    /// Time the KDF on this device and aim at `target` (within the floor and the ceiling).
    Calibrate {
        /// Wanted duration of one unlock.
        target: Duration,
    },
    /// Use these parameters (tests, or a device class measured beforehand).
    Fixed(KdfParams),
}

/// Settings of a wallet instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalletConfig {
    /// How to pick the KDF parameters at set-up.
    pub kdf: KdfPolicy,
}

impl Default for WalletConfig {
    fn default() -> Self {
        WalletConfig {
            kdf: KdfPolicy::Calibrate {
                target: kdf::TARGET_DURATION,
            },
        }
    }
}

/// What the start screen should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalletStatus {
    /// Nothing here yet: show activation.
    NotSetUp,
    /// Set up and locked: show the PIN pad.
    Locked,
    /// A session is open.
    Unlocked,
    /// The keys are gone: show re-activation, with the reason.
    NeedsReactivation(ReactivationReason),
}

/// A step of a PIN change, reported to an observer (used by the crash-safety tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangePinStep {
    /// The try was recorded in the lockout counter (before the KDF).
    AttemptRecorded,
    /// The old PIN opened the slot.
    OldPinVerified,
    /// The master key is sealed under the new PIN, not yet written.
    NewSlotSealed,
    /// The new slot is committed.
    Committed,
}

type StepObserver = Arc<dyn Fn(ChangePinStep) + Send + Sync>;

/// Which wallet a PIN try opens: the active one, or one whose activation never finished (to ask
/// the issuer whether it bound this device after all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    Active,
    UnfinishedActivation,
}

/// A PIN try that succeeded: the master key, the slot it opened and the PIN's stretch (for the
/// rotation, so that it needs no second Argon2id run).
struct Verified {
    master_key: SecretKey,
    slot: PinSlot,
    stretched: Stretched,
}

/// How the slot under the next PIN key is made.
enum NextSlot<'a> {
    /// After a right PIN: the same PIN, wrapped again from the slot and stretch just verified.
    SamePin(&'a Verified),
    /// A PIN change: the new PIN (a new salt and Argon2id run), its generation one more.
    NewPin {
        pin: &'a Pin,
        master_key: &'a SecretKey,
        params: KdfParams,
        generation: u32,
    },
}

enum VaultSlot {
    Open(Arc<Mutex<Vault>>),
    Corrupt,
}

/// A citizen's wallet in one folder.
pub struct Wallet {
    dir: PathBuf,
    vault: Mutex<VaultSlot>,
    keystore: Arc<dyn PlatformKeystore>,
    clock: Arc<dyn Clock>,
    config: WalletConfig,
    settings: Mutex<Settings>,
    session: Mutex<Option<Arc<Session>>>,
    /// Monotonic instant of the last failure and its delay: a wall clock set forward cannot skip
    /// a wait while the process lives.
    monotonic_wait: Mutex<Option<(Duration, Duration)>>,
    observer: Mutex<Option<StepObserver>>,
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallet")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

const KEYSTORE_ALIAS_PREFIX: &str = "ikd-wallet-";

impl Wallet {
    /// Opens the wallet in `dir`. A damaged database does not fail the open: the status then says
    /// [`WalletStatus::NeedsReactivation`] and [`Wallet::reset`] starts over.
    pub fn open(
        dir: impl AsRef<Path>,
        keystore: Arc<dyn PlatformKeystore>,
        clock: Arc<dyn Clock>,
        config: WalletConfig,
    ) -> Result<Wallet, CoreError> {
        let dir = dir.as_ref().to_path_buf();
        let vault = match Vault::open(&dir) {
            Ok(vault) => VaultSlot::Open(Arc::new(Mutex::new(vault))),
            Err(StorageError::Corrupt) => {
                log::warn!("wallet database damaged; re-activation needed");
                VaultSlot::Corrupt
            }
            Err(other) => return Err(other.into()),
        };
        Ok(Wallet {
            settings: Mutex::new(settings::load(&dir)),
            dir,
            vault: Mutex::new(vault),
            keystore,
            clock,
            config,
            session: Mutex::new(None),
            monotonic_wait: Mutex::new(None),
            observer: Mutex::new(None),
        })
    }

    fn vault(&self) -> Result<Arc<Mutex<Vault>>, CoreError> {
        match &*lock(&self.vault) {
            VaultSlot::Open(v) => Ok(Arc::clone(v)),
            VaultSlot::Corrupt => Err(CoreError::NeedsReactivation(ReactivationReason::Corrupt)),
        }
    }

    /// What the start screen should show.
    pub fn status(&self) -> WalletStatus {
        let Ok(vault) = self.vault() else {
            return WalletStatus::NeedsReactivation(ReactivationReason::Corrupt);
        };
        let state = lock(&vault).state();
        match state {
            Ok(None) => WalletStatus::NotSetUp,
            Ok(Some((StoredState::NeedsReactivation(reason), _))) => {
                WalletStatus::NeedsReactivation(reason)
            }
            Ok(Some((StoredState::Activating, _))) => WalletStatus::NotSetUp,
            Ok(Some((StoredState::Active, _))) => match &*lock(&self.session) {
                Some(session) if !session.is_locked() => WalletStatus::Unlocked,
                _ => WalletStatus::Locked,
            },
            Err(_) => WalletStatus::NeedsReactivation(ReactivationReason::Corrupt),
        }
    }

    /// Attempts left and when the next try is allowed: what the PIN pad shows.
    pub fn lockout_state(&self) -> Result<LockoutState, CoreError> {
        let vault = self.vault()?;
        let mut vault = lock(&vault);
        let now = self.clock.now_unix();
        let record = match vault.state()? {
            Some((StoredState::Active | StoredState::Activating, alias))
                if self.keystore_is_this_wallets(&vault, &alias) =>
            {
                let record = self.checked_lockout(&mut vault, &alias, now)?;
                let rebased = record.rebased(now);
                if rebased != record {
                    // The clock went backwards: keep the remaining wait from now on.
                    self.write_lockout(&mut vault, &alias, &rebased)?;
                }
                rebased
            }
            // Not set up, or erased: nothing to count. Or a keystore that is not this wallet's
            // (a copied folder, a failing keystore): its seal cannot be checked, and a seal
            // "mismatch" then must not cost the citizen tries, so the record is only shown.
            _ => vault.lockout()?.0.rebased(now),
        };
        Ok(self.with_monotonic_wait(record.state(now), now))
    }

    /// Whether the keystore answers with the key that made this wallet's PIN slot (no guess spent).
    fn keystore_is_this_wallets(&self, vault: &Vault, alias: &str) -> bool {
        let Ok(pin_key) = vault.pin_key() else {
            return false;
        };
        matches!(vault.pin_slot(), Ok(Some(slot))
            if slot.check_device(&*self.keystore, alias, pin_key).is_ok())
    }

    /// The lockout record with its seal checked. Call it only once the keystore is known to be
    /// this wallet's (`PinSlot::check_device`). An edited counter (or a missing seal or seal key)
    /// becomes [`LockoutRecord::tampered`], stored sealed at once, so no edit gives tries back.
    fn checked_lockout(
        &self,
        vault: &mut Vault,
        alias: &str,
        now: i64,
    ) -> Result<LockoutRecord, CoreError> {
        let (record, seal) = vault.lockout()?;
        match lockout_seal::verify(&*self.keystore, alias, &record, seal.as_deref()) {
            Ok(true) => return Ok(record),
            Ok(false) => {}
            // A deleted seal key (or a wallet from before seals): a new key, and the record
            // counts as tampered like any other unverifiable one.
            Err(KeystoreError::KeyNotFound) => {
                self.keystore.ensure_key(&lockout_seal::seal_alias(alias))?;
            }
            Err(other) => return Err(other.into()),
        }
        log::warn!("the lockout counter does not match its seal: treated as tampered");
        let tampered = record.tampered(now);
        self.write_lockout(vault, alias, &tampered)?;
        Ok(tampered)
    }

    /// Writes `record` sealed under the wallet's seal key.
    fn write_lockout(
        &self,
        vault: &mut Vault,
        alias: &str,
        record: &LockoutRecord,
    ) -> Result<(), CoreError> {
        let seal = lockout_seal::seal(&*self.keystore, alias, record)?;
        vault.write(|tx| vault::write_lockout(tx, record, Some(&seal)))?;
        Ok(())
    }

    fn with_monotonic_wait(&self, mut state: LockoutState, now: i64) -> LockoutState {
        if let Some((at, delay)) = *lock(&self.monotonic_wait) {
            let left = delay
                .saturating_sub(self.clock.monotonic().saturating_sub(at))
                .as_secs();
            if left > state.wait_seconds {
                state.wait_seconds = left;
                state.next_attempt_at = Some(now + left as i64);
            }
        }
        state
    }

    /// Creates the wallet: keys, PIN slot, device key and the citizen's NIK. Returns an open
    /// session. A wallet that needs re-activation, or whose activation never finished, is replaced.
    pub fn set_up(&self, pin: &Pin, nik: &str) -> Result<Arc<Session>, CoreError> {
        self.set_up_as(StoredState::Active, pin, nik)
    }

    /// [`Wallet::set_up`] in the given state: activation sets up as `Activating` and marks the
    /// wallet active once the issuer has bound the device key.
    pub(crate) fn set_up_as(
        &self,
        state: StoredState,
        pin: &Pin,
        nik: &str,
    ) -> Result<Arc<Session>, CoreError> {
        let nik = Nik::parse(nik)?;
        rules::check_new_pin(pin, Some(pin_birth_date(&nik)))?;
        if matches!(*lock(&self.vault), VaultSlot::Corrupt) {
            self.reset()?;
        }
        let vault = self.vault()?;
        let mut vault_guard = lock(&vault);
        match vault_guard.state()? {
            Some((StoredState::Active, _)) => return Err(CoreError::AlreadySetUp),
            // An activation that never finished: its hardware key goes with it.
            Some((StoredState::Activating, alias)) => {
                self.delete_keys(&alias, vault_guard.pin_key()?)?;
            }
            _ => {}
        }
        let params = match self.config.kdf {
            KdfPolicy::Calibrate { target } => kdf::calibrate(target),
            KdfPolicy::Fixed(params) => params,
        };
        let alias = format!(
            "{KEYSTORE_ALIAS_PREFIX}{}",
            hex_lower(&random_array::<8>()?)
        );
        let pin_key = PinKey::Unlimited.next();
        self.keystore
            .create_limited_key(&pin_key.alias(&alias), PIN_KEY_MAX_USES)?;
        self.keystore
            .ensure_key(&lockout_seal::seal_alias(&alias))?;
        let master_key = SecretKey::random()?;
        let device_key = DeviceKey::generate()?;
        let slot = PinSlot::create(
            &master_key,
            pin,
            params,
            1,
            &*self.keystore,
            &alias,
            pin_key,
        )
        .map_err(slot_error)?;
        let now = self.clock.now_unix();
        let lockout = LockoutRecord {
            last_seen: now,
            ..Default::default()
        };
        let lockout_seal = lockout_seal::seal(&*self.keystore, &alias, &lockout)?;
        vault_guard.write(|tx| {
            vault::erase_secrets(tx)?;
            vault::write_state(tx, &state, &alias)?;
            vault::write_pin_key(tx, pin_key)?;
            vault::write_pin_slot(tx, &slot)?;
            vault::write_lockout(tx, &lockout, Some(&lockout_seal))?;
            records::insert(
                tx,
                &master_key,
                RecordKind::DeviceKey,
                device_key.seed().as_ref(),
            )?;
            records::insert(
                tx,
                &master_key,
                RecordKind::Citizen,
                nik.expose().as_bytes(),
            )?;
            Ok(())
        })?;
        drop(vault_guard);
        Ok(self.start_session(vault, master_key, device_key))
    }

    fn start_session(
        &self,
        vault: Arc<Mutex<Vault>>,
        master_key: SecretKey,
        device_key: DeviceKey,
    ) -> Arc<Session> {
        let keys = SessionKeys {
            master_key,
            device_key,
        };
        let session = Arc::new(Session::new(
            vault,
            keys,
            Arc::clone(&self.clock),
            lock(&self.settings).auto_lock(),
        ));
        if let Some(previous) = lock(&self.session).replace(Arc::clone(&session)) {
            previous.lock();
        }
        session
    }

    /// Unlocks with `pin`: costs one KDF run. Counts the try before running the KDF.
    pub fn unlock(&self, pin: &Pin) -> Result<Arc<Session>, CoreError> {
        self.unlock_in(Opening::Active, pin)
    }

    /// Unlocks a wallet whose activation never finished (to ask the issuer whether it bound
    /// this device after all), with the same PIN counting and lockout as [`Wallet::unlock`].
    pub(crate) fn unlock_unfinished_activation(
        &self,
        pin: &Pin,
    ) -> Result<Arc<Session>, CoreError> {
        self.unlock_in(Opening::UnfinishedActivation, pin)
    }

    fn unlock_in(&self, opening: Opening, pin: &Pin) -> Result<Arc<Session>, CoreError> {
        let vault = self.vault()?;
        let verified = self.verify_pin(&vault, opening, pin, None)?;
        if let Err(error) = self.rotate_pin_key(&vault, opening, &verified) {
            // The citizen gave the right PIN and gets in; the old key keeps its (smaller) count
            // and the next right PIN tries the rotation again.
            log::warn!("the PIN key was not rotated: {error}");
        }
        self.start_session_with(vault, verified.master_key)
    }

    /// After a right PIN: the master key wrapped again, under the same PIN, in the next limited
    /// key, which restores the hardware's count (and moves a wallet from before limited keys to
    /// one). Skipped when the slot changed since it was verified (a PIN change came in between:
    /// it rotated already, and wrapping under the old PIN would undo it).
    fn rotate_pin_key(
        &self,
        vault: &Arc<Mutex<Vault>>,
        opening: Opening,
        verified: &Verified,
    ) -> Result<(), CoreError> {
        let mut guard = lock(vault);
        let (slot, alias) = current_slot(&guard, opening)?;
        if slot != verified.slot {
            return Ok(());
        }
        self.wrap_under_next_pin_key(&mut guard, &alias, NextSlot::SamePin(verified))
    }

    /// Wraps the master key under a new limited key of the next generation, in the crash-safe
    /// order of the module comment: new key, new slot, one commit of slot and generation, then
    /// the old key deleted. A PIN change reports its steps to the observer.
    fn wrap_under_next_pin_key(
        &self,
        vault: &mut Vault,
        alias: &str,
        next: NextSlot<'_>,
    ) -> Result<(), CoreError> {
        let observed = matches!(next, NextSlot::NewPin { .. });
        let old_key = vault.pin_key()?;
        let new_key = old_key.next();
        // A wallet from before seals got its seal key at its first lockout check; a limited
        // key's device check needs it, so make sure before the slot depends on it.
        self.keystore.ensure_key(&lockout_seal::seal_alias(alias))?;
        self.keystore
            .create_limited_key(&new_key.alias(alias), PIN_KEY_MAX_USES)?;
        let new_slot = match next {
            NextSlot::SamePin(verified) => verified.slot.rewrapped(
                &verified.master_key,
                &verified.stretched,
                &*self.keystore,
                alias,
                new_key,
            ),
            NextSlot::NewPin {
                pin,
                master_key,
                params,
                generation,
            } => PinSlot::create(
                master_key,
                pin,
                params,
                generation,
                &*self.keystore,
                alias,
                new_key,
            ),
        }
        .map_err(slot_error)?;
        if observed {
            self.observe(ChangePinStep::NewSlotSealed);
        }
        vault.write(|tx| {
            vault::write_pin_slot(tx, &new_slot)?;
            vault::write_pin_key(tx, new_key)
        })?;
        if observed {
            self.observe(ChangePinStep::Committed);
        }
        // Only after the commit: until then the vault named the old key. Left behind (a crash, a
        // failing keystore), it is deleted before the next guess (`PinKey::replaced_aliases`).
        if let Err(error) = self.keystore.delete_key(&old_key.alias(alias)) {
            log::warn!("the replaced PIN key was not deleted yet: {error}");
        }
        Ok(())
    }

    /// Opens a session with an unwrapped master key (from the PIN slot or the biometric slot).
    pub(crate) fn start_session_with(
        &self,
        vault: Arc<Mutex<Vault>>,
        master_key: SecretKey,
    ) -> Result<Arc<Session>, CoreError> {
        let device_key = {
            let guard = lock(&vault);
            let stored = records::read_all(guard.connection(), &master_key, RecordKind::DeviceKey)?;
            let (_, seed) = stored.first().ok_or(CoreError::MalformedRecord)?;
            DeviceKey::from_seed(seed).ok_or(CoreError::MalformedRecord)?
        };
        Ok(self.start_session(vault, master_key, device_key))
    }

    /// The open vault, for the other unlock paths of the crate.
    pub(crate) fn vault_handle(&self) -> Result<Arc<Mutex<Vault>>, CoreError> {
        self.vault()
    }

    /// The PIN key's alias of an active wallet; the same refusals as an unlock otherwise (not
    /// set up, needs re-activation).
    pub(crate) fn active_keystore_alias(&self) -> Result<String, CoreError> {
        let vault = self.vault()?;
        let guard = lock(&vault);
        current_slot(&guard, Opening::Active).map(|(_, alias)| alias)
    }

    /// Changes the PIN: the old PIN is verified (and counted like any try), the new one checked by
    /// the same rules, and the master key re-wrapped in one transaction. No data is re-encrypted.
    pub fn change_pin(&self, old_pin: &Pin, new_pin: &Pin) -> Result<(), CoreError> {
        rules::check_format(new_pin)?;
        let vault = self.vault()?;
        let Verified { master_key, .. } = self.verify_pin(
            &vault,
            Opening::Active,
            old_pin,
            Some(ChangePinStep::AttemptRecorded),
        )?;
        self.observe(ChangePinStep::OldPinVerified);
        let mut guard = lock(&vault);
        let nik = records::read_all(guard.connection(), &master_key, RecordKind::Citizen)?;
        rules::check_new_pin(
            new_pin,
            stored_birth_date(nik.first().map(|(_, nik)| &nik[..])),
        )?;
        let (old_slot, alias) = current_slot(&guard, Opening::Active)?;
        // A new PIN gets a new limited key too: the change is a rotation with another PIN.
        self.wrap_under_next_pin_key(
            &mut guard,
            &alias,
            NextSlot::NewPin {
                pin: new_pin,
                master_key: &master_key,
                params: old_slot.params,
                generation: old_slot.generation.wrapping_add(1),
            },
        )
    }

    /// Checks a new PIN against the rules before it is confirmed, so the PIN pad can refuse it at
    /// once: `nik` is the activation form's NIK, or `None` for the open session's citizen (change
    /// PIN; without an open session only the NIK-free rules apply).
    pub fn check_new_pin(&self, pin: &Pin, nik: Option<&str>) -> Result<(), CoreError> {
        let birth_date = match nik {
            Some(nik) => Some(pin_birth_date(&Nik::parse(nik)?)),
            None => match self.open_session() {
                Some(session) => {
                    let nik = session.records(RecordKind::Citizen)?;
                    stored_birth_date(nik.first().map(|record| &record.bytes[..]))
                }
                None => None,
            },
        };
        Ok(rules::check_new_pin(pin, birth_date)?)
    }

    /// Marks a wallet set up by activation as active: the issuer has bound its device key.
    pub(crate) fn mark_active(&self) -> Result<(), CoreError> {
        let vault = self.vault()?;
        let mut guard = lock(&vault);
        match guard.state()? {
            Some((StoredState::Activating, alias)) => {
                guard.write(|tx| vault::write_state(tx, &StoredState::Active, &alias))?;
                Ok(())
            }
            Some((StoredState::Active, _)) => Ok(()),
            _ => Err(CoreError::NotSetUp),
        }
    }

    /// The wall clock's now, in unix seconds.
    pub(crate) fn now_unix(&self) -> i64 {
        self.clock.now_unix()
    }

    /// The open session: the one place a session is kept (the app asks here each time rather
    /// than keeping a copy that could outlive a lock).
    pub fn session(&self) -> Result<Arc<Session>, CoreError> {
        self.open_session().ok_or(CoreError::SessionLocked)
    }

    /// Whether an activation a crash interrupted waits here: activating again with the same
    /// officer's QR and PIN resumes it (the status still says [`WalletStatus::NotSetUp`]).
    pub fn has_unfinished_activation(&self) -> bool {
        self.vault().is_ok_and(|vault| {
            matches!(lock(&vault).state(), Ok(Some((StoredState::Activating, _))))
        })
    }

    /// The open session, if any and not locked.
    pub(crate) fn open_session(&self) -> Option<Arc<Session>> {
        lock(&self.session)
            .as_ref()
            .filter(|session| !session.is_locked())
            .cloned()
    }

    /// The citizen's settings (language, auto-lock).
    pub fn settings(&self) -> Settings {
        *lock(&self.settings)
    }

    /// Saves new settings (the auto-lock snapped to an allowed choice) and applies the auto-lock
    /// to the open session at once. Returns what was saved.
    pub fn set_settings(&self, wanted: Settings) -> Result<Settings, CoreError> {
        let settings = wanted.sanitized();
        settings::save(&self.dir, &settings)?;
        *lock(&self.settings) = settings;
        if let Some(session) = self.open_session() {
            session.set_idle_timeout(settings.auto_lock());
        }
        Ok(settings)
    }

    /// A tap or scroll: postpones the auto-lock of the open session.
    pub fn keep_alive(&self) {
        if let Some(session) = self.open_session() {
            session.keep_alive();
        }
    }

    /// Seconds before the open session locks itself (0 when locked): when to show the PIN pad.
    pub fn idle_seconds_left(&self) -> u64 {
        self.open_session()
            .map_or(0, |session| session.idle_seconds_left())
    }

    /// Locks the open session, if any (on background, or from a lock button).
    pub fn lock(&self) {
        if let Some(session) = lock(&self.session).take() {
            session.lock();
        }
    }

    /// Deletes the wallet's database files and hardware key, leaving a fresh, empty wallet. The
    /// way out of a damaged database or an erased wallet.
    pub fn reset(&self) -> Result<(), CoreError> {
        self.lock();
        let mut slot = lock(&self.vault);
        if let VaultSlot::Open(vault) = &*slot {
            let vault = lock(vault);
            if let (Ok(Some((_, alias))), Ok(pin_key)) = (vault.state(), vault.pin_key()) {
                self.delete_keys(&alias, pin_key)?;
            }
        }
        *slot = VaultSlot::Corrupt; // drops our handle so the files can go
        let base = self.dir.join(vault::DATABASE_FILE);
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = base.clone().into_os_string();
            name.push(suffix);
            match std::fs::remove_file(&name) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(_) => return Err(StorageError::CannotOpen.into()),
            }
        }
        *slot = VaultSlot::Open(Arc::new(Mutex::new(Vault::open(&self.dir)?)));
        *lock(&self.monotonic_wait) = None;
        Ok(())
    }

    #[doc(hidden)]
    /// Reports each step of a PIN change to `observer` (crash-safety tests kill the process there).
    pub fn observe_change_pin_steps(&self, observer: StepObserver) {
        *lock(&self.observer) = Some(observer);
    }

    fn observe(&self, step: ChangePinStep) {
        let observer = lock(&self.observer).clone();
        if let Some(observer) = observer {
            observer(step);
        }
    }

    /// One PIN try, in the order given at the top of this file. Returns the master key, the slot
    /// it opened and the PIN's stretch on success.
    fn verify_pin(
        &self,
        vault: &Arc<Mutex<Vault>>,
        opening: Opening,
        pin: &Pin,
        recorded_step: Option<ChangePinStep>,
    ) -> Result<Verified, CoreError> {
        let mut guard = lock(vault);
        let (slot, alias) = current_slot(&guard, opening)?;
        let pin_key = guard.pin_key()?;
        rules::check_format(pin)?;
        slot.check_device(&*self.keystore, &alias, pin_key)
            .map_err(slot_error)?;
        // A rotation a crash cut short after its commit left the replaced key: it goes before any
        // guess, so an older copy of the vault never finds a key to guess with.
        for replaced in pin_key.replaced_aliases(&alias) {
            if let Err(error) = self.keystore.delete_key(&replaced) {
                log::warn!("a replaced PIN key could not be deleted: {error}");
            }
        }

        let now = self.clock.now_unix();
        let record = self.checked_lockout(&mut guard, &alias, now)?;
        if record.exhausted() {
            // A tenth try that never finished (the app was killed) counts as failed.
            drop(guard);
            self.crypto_erase(vault, &alias, pin_key)?;
            return Err(CoreError::NeedsReactivation(
                ReactivationReason::TooManyWrongPins,
            ));
        }
        let monotonic_state = self.with_monotonic_wait(record.state(now), now);
        if monotonic_state.wait_seconds > 0 {
            return Err(CoreError::LockedOut(monotonic_state));
        }
        let pending = match record.begin_attempt(now) {
            Ok(pending) => pending,
            Err(_) => return Err(CoreError::LockedOut(record.state(now))),
        };
        self.write_lockout(&mut guard, &alias, &pending)?;
        if let Some(step) = recorded_step {
            self.observe(step);
        }

        match slot.open_keeping_stretch(pin, &*self.keystore, &alias, pin_key) {
            Ok((master_key, stretched)) => {
                self.write_lockout(&mut guard, &alias, &pending.succeeded(now))?;
                *lock(&self.monotonic_wait) = None;
                Ok(Verified {
                    master_key,
                    slot,
                    stretched,
                })
            }
            Err(SlotError::WrongPin) => {
                log::info!("wrong PIN ({} consecutive)", pending.failures);
                if pending.exhausted() {
                    drop(guard);
                    self.crypto_erase(vault, &alias, pin_key)?;
                    return Err(CoreError::NeedsReactivation(
                        ReactivationReason::TooManyWrongPins,
                    ));
                }
                let state = pending.state(now);
                if state.wait_seconds > 0 {
                    *lock(&self.monotonic_wait) = Some((
                        self.clock.monotonic(),
                        Duration::from_secs(state.wait_seconds),
                    ));
                }
                Err(CoreError::WrongPin(state))
            }
            // The hardware's count is spent: whatever the files say, no try is left, as after
            // the tenth wrong PIN. A limited key that is missing although the device check (its
            // seal key) passed means the same: KeyMint deletes a used-up key, and a rotation
            // never commits a vault naming a deleted key, so only an older copy of the vault can
            // name one.
            Err(SlotError::Keystore(KeystoreError::LimitReached)) => {
                self.erase_at_the_hardware_limit(guard, vault, &alias, pin_key)
            }
            Err(SlotError::Keystore(KeystoreError::KeyNotFound))
                if matches!(pin_key, PinKey::Limited { .. }) =>
            {
                self.erase_at_the_hardware_limit(guard, vault, &alias, pin_key)
            }
            Err(other) => Err(slot_error(other)),
        }
    }

    /// The hardware refused the PIN key: the erase of the tenth wrong PIN, with its error.
    fn erase_at_the_hardware_limit<T>(
        &self,
        guard: std::sync::MutexGuard<'_, Vault>,
        vault: &Arc<Mutex<Vault>>,
        alias: &str,
        pin_key: PinKey,
    ) -> Result<T, CoreError> {
        log::warn!("the hardware refuses the PIN key: its try limit is used up");
        drop(guard);
        self.crypto_erase(vault, alias, pin_key)?;
        Err(CoreError::NeedsReactivation(
            ReactivationReason::TooManyWrongPins,
        ))
    }

    /// Erases the keys: slot and records deleted (secure_delete, WAL truncated), hardware key
    /// deleted. What stays is the state row saying why.
    ///
    /// Called without the vault held: the session is locked first (its keys mutex), then the
    /// vault is taken, in the one lock order of the crate (see the module comment).
    fn crypto_erase(
        &self,
        vault: &Arc<Mutex<Vault>>,
        alias: &str,
        pin_key: PinKey,
    ) -> Result<(), CoreError> {
        log::warn!("too many wrong PINs: erasing wallet keys");
        self.lock();
        let mut vault = lock(vault);
        vault.write(|tx| {
            vault::erase_secrets(tx)?;
            vault::write_state(
                tx,
                &StoredState::NeedsReactivation(ReactivationReason::TooManyWrongPins),
                alias,
            )?;
            // Nothing left to count or to seal: the seal key goes with the PIN key.
            vault::write_lockout(tx, &LockoutRecord::default(), None)
        })?;
        // The hardware key goes whatever the checkpoint does: without it the wrapped key still
        // in the WAL opens nothing, and the erase must not stop half-way.
        let checkpointed = vault.checkpoint();
        self.delete_keys(alias, pin_key)?;
        if checkpointed.is_err() {
            log::warn!("erased, but the WAL was not truncated; the next checkpoint will");
        }
        Ok(())
    }

    /// Deletes the wallet's keystore keys: the PIN key first (it is what opens the slot), with
    /// the keys a cut-short rotation may have left (the one it replaced, an orphan next one),
    /// then the lockout seal key.
    fn delete_keys(&self, alias: &str, pin_key: PinKey) -> Result<(), CoreError> {
        self.keystore.delete_key(&pin_key.alias(alias))?;
        self.keystore.delete_key(&pin_key.next().alias(alias))?;
        for replaced in pin_key.replaced_aliases(alias) {
            self.keystore.delete_key(&replaced)?;
        }
        self.keystore.delete_key(&lockout_seal::seal_alias(alias))?;
        Ok(())
    }
}

/// The PIN slot of the wallet `opening` names.
fn current_slot(vault: &Vault, opening: Opening) -> Result<(PinSlot, String), CoreError> {
    match (vault.state()?, opening) {
        (None, _) => Err(CoreError::NotSetUp),
        (Some((StoredState::NeedsReactivation(reason), _)), _) => {
            Err(CoreError::NeedsReactivation(reason))
        }
        (Some((StoredState::Activating, alias)), Opening::UnfinishedActivation)
        | (Some((StoredState::Active, alias)), Opening::Active) => {
            let slot = vault.pin_slot()?.ok_or(StorageError::Tampered)?;
            Ok((slot, alias))
        }
        (Some((StoredState::Activating, _)), Opening::Active) => Err(CoreError::NotSetUp),
        (Some((StoredState::Active, _)), Opening::UnfinishedActivation) => {
            Err(CoreError::AlreadySetUp)
        }
    }
}

fn slot_error(error: SlotError) -> CoreError {
    match error {
        SlotError::DeviceMismatch => CoreError::DeviceMismatch,
        SlotError::Keystore(e) => CoreError::Keystore(e),
        SlotError::Params(_) => CoreError::Storage(StorageError::Tampered),
        SlotError::NoRandomness => CoreError::NoRandomness,
        // Only reachable while sealing: a wrong PIN on unlock is handled by the caller.
        SlotError::WrongPin => CoreError::Storage(StorageError::Tampered),
    }
}

/// The birth date the PIN rules forbid, as the NIK writes it.
fn pin_birth_date(nik: &Nik) -> BirthDate {
    let (day, month, year2) = nik.birth_day_month_year2();
    BirthDate {
        day,
        month,
        year2,
        nik_day_offset: nik.sex() == Sex::Female,
    }
}

/// The birth date in the stored NIK record, if it reads as a NIK.
fn stored_birth_date(nik_record: Option<&[u8]>) -> Option<BirthDate> {
    let nik = Nik::parse(std::str::from_utf8(nik_record?).ok()?).ok()?;
    Some(pin_birth_date(&nik))
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::keystore::SoftwareKeystore;

    const NIK: &str = "3174015708900001";

    fn wallet(root: &Path) -> Wallet {
        Wallet::open(
            root.join("wallet"),
            Arc::new(SoftwareKeystore::new(root.join("keystore")).unwrap()),
            Arc::new(ManualClock::at(1_800_000_000)),
            WalletConfig {
                kdf: KdfPolicy::Fixed(KdfParams::MINIMUM),
            },
        )
        .unwrap()
    }

    /// A wallet whose activation stopped before the issuer answered (PIN 246813), locked.
    fn unfinished_activation(root: &Path) -> Wallet {
        let wallet = wallet(root);
        wallet
            .set_up_as(StoredState::Activating, &"246813".into(), NIK)
            .unwrap();
        wallet.lock();
        wallet
    }

    /// The wallets whose keys are in the keystore: each has its PIN key and its lockout seal key.
    fn hardware_keys(root: &Path) -> usize {
        let names: Vec<String> = std::fs::read_dir(root.join("keystore"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".key"))
            .collect();
        let seals = names.iter().filter(|n| n.ends_with("-seal.key")).count();
        assert_eq!(
            seals * 2,
            names.len(),
            "one seal key per PIN key: {names:?}"
        );
        seals
    }

    #[test]
    fn an_activation_that_never_finished_shows_activation_again_and_is_replaced() {
        let root = tempfile::tempdir().unwrap();
        drop(unfinished_activation(root.path()));
        let reopened = wallet(root.path());
        assert_eq!(reopened.status(), WalletStatus::NotSetUp);
        assert_eq!(
            reopened.unlock(&"246813".into()).unwrap_err(),
            CoreError::NotSetUp
        );
        assert_eq!(hardware_keys(root.path()), 1);
        reopened.set_up(&"975318".into(), NIK).unwrap();
        assert_eq!(hardware_keys(root.path()), 1, "the unfinished key is gone");
        reopened.lock();
        assert_eq!(reopened.status(), WalletStatus::Locked);
        assert!(reopened.unlock(&"975318".into()).is_ok());
    }

    #[test]
    fn an_unfinished_activation_opens_only_with_its_pin_and_counts_the_try() {
        let root = tempfile::tempdir().unwrap();
        let wallet = unfinished_activation(root.path());
        assert!(matches!(
            wallet.unlock_unfinished_activation(&"111112".into()),
            Err(CoreError::WrongPin(_))
        ));
        assert_eq!(wallet.lockout_state().unwrap().attempts_left, 9);
        assert!(
            wallet
                .unlock_unfinished_activation(&"246813".into())
                .is_ok()
        );
        wallet.mark_active().unwrap();
        assert_eq!(wallet.status(), WalletStatus::Unlocked);
        assert_eq!(
            wallet
                .unlock_unfinished_activation(&"246813".into())
                .unwrap_err(),
            CoreError::AlreadySetUp
        );
    }
}
