//! The flow: where the app is, and what each event, task result and tick changes. Drawing is in
//! `render.rs`; this file only decides.
//!
//! One rule keeps the screen and the core in agreement: after anything that can change the
//! wallet (a task, a lock, a reset, a tick), [`Model::settle`] asks the core for its status and
//! moves to the screen that status allows. The app never assumes a call left the wallet as it
//! hoped.

use std::sync::Arc;
use std::time::Duration;

use ikd_core::biometric::{BiometricKeystore, BiometricPrompt};
use ikd_core::expiry::RefreshBackoff;
use ikd_core::history::HistoryEntry;
use ikd_core::messages::phrases::{self, Phrase, phrase};
use ikd_core::messages::{self, UserMessage};
use ikd_core::pin::rules::PIN_LENGTH;
use ikd_core::vault::StorageError;
use ikd_core::{
    Clock, ConsentRequest, CoreError, DeskAnswer, KeystoreError, Language, LockoutState, Pin,
    Settings, StoredDocument, Wallet, WalletStatus,
};
use ikd_protocol::profile::DocType;
use ikd_protocol::qr_codewords::payload_from_codewords;
use zeroize::Zeroizing;

use crate::SESSION_LIFETIME;
use crate::app::Opener;
use crate::effect::{AppEffect, NotificationKind, ReminderNotification, SlowTask, TaskKind};
use crate::event::{AppEvent, CameraProblem, DocumentKind};
use crate::view::{ActivationStep, AppView, BannerTone, ChangePinStep};

/// Longest pasted activation QR text kept.
pub(crate) const MAX_QR_TEXT: usize = 512;
/// Digits in a NIK.
pub(crate) const NIK_LENGTH: usize = 16;
/// Longest activation code kept.
pub(crate) const MAX_CODE: usize = 16;
/// Longest pasted desk request text kept (a request is at most 400 bytes, 600 in base45).
pub(crate) const MAX_REQUEST_TEXT: usize = 1024;

/// The time zone assumed until the shell reports one ([`AppEvent::TimeZoneChanged`]): WIB, where
/// most citizens live.
pub(crate) const DEFAULT_UTC_OFFSET_SECONDS: i32 = 7 * 3600;

/// Where the app is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    ChooseLanguage,
    Activation(ActivationStep),
    Unlock,
    Home,
    Document(DocumentKind),
    /// Reading the desk's request, started from this document.
    DeskScan(DocumentKind),
    /// The consent screen for the request in [`Model::consent`].
    Consent(DocumentKind),
    /// The answer QR in [`Model::answer`].
    Answer(DocumentKind),
    ChangePin(ChangePinStep),
    Settings,
    ConfirmReset,
    /// The history, in [`Model::history`].
    History,
    /// "Delete all history?"
    ConfirmClearHistory,
    /// The keys are gone or unusable here; the error says why.
    Reactivation(CoreError),
    /// The wallet could not be opened; the error says why.
    Failed(CoreError),
}

impl Place {
    /// Screens that show or change what only an open session may.
    pub(crate) fn needs_session(&self) -> bool {
        matches!(
            self,
            Place::Home
                | Place::Document(_)
                | Place::DeskScan(_)
                | Place::Consent(_)
                | Place::Answer(_)
                | Place::ChangePin(_)
                | Place::Settings
                | Place::ConfirmReset
                | Place::History
                | Place::ConfirmClearHistory
        )
    }
}

/// The digits of one PIN pad, wiped when cleared or dropped.
#[derive(Default)]
pub(crate) struct Digits(Zeroizing<String>);

impl Digits {
    fn press(&mut self, digit: u8) {
        if digit <= 9 && self.0.len() < PIN_LENGTH {
            self.0.push(char::from(b'0' + digit));
        }
    }

    fn erase(&mut self) {
        self.0.pop();
    }

    fn clear(&mut self) {
        zeroize::Zeroize::zeroize(&mut *self.0);
    }

    pub(crate) fn count(&self) -> u32 {
        self.0.len() as u32
    }

    fn complete(&self) -> bool {
        self.0.len() == PIN_LENGTH
    }

    fn pin(&self) -> Pin {
        Pin::new(self.0.as_str())
    }

    /// The PIN, leaving the pad empty.
    fn take(&mut self) -> Pin {
        let pin = self.pin();
        self.clear();
        pin
    }
}

/// What the activation form holds between steps.
#[derive(Default)]
pub(crate) struct ActivationForm {
    pub(crate) qr_text: String,
    pub(crate) nik: Zeroizing<String>,
    pub(crate) code: Zeroizing<String>,
    pub(crate) server_host: Option<String>,
    pub(crate) field_error: Option<UserMessage>,
}

/// Pasted text without the line breaks a copy adds around it (spaces are base45 characters
/// and stay).
fn pasted_line(text: &str) -> &str {
    text.trim_matches(|c| c == '\n' || c == '\r')
}

/// The bytes of a scanned or pasted QR text: a text of characters U+0000-U+00FF is taken as the
/// bytes a byte-mode QR carried (how ZXing hands binary QR content over as text); anything else
/// as its UTF-8.
fn scanned_text_bytes(text: &str) -> Vec<u8> {
    let latin1: Option<Vec<u8>> = text.chars().map(|c| u8::try_from(c).ok()).collect();
    latin1.unwrap_or_else(|| text.as_bytes().to_vec())
}

/// The task handed out and not yet finished.
struct Pending {
    task: SlowTask,
    taken: bool,
}

/// A task's inputs, taken out of the model so that the core call runs with the model unlocked.
pub(crate) struct Job {
    id: u64,
    kind: TaskKind,
    /// The lock count when the job was taken: a lock since then wins over the job's result.
    locks: u64,
    /// A quiet refresh: its result shows no banner, even when a lock dropped its slot meanwhile.
    quiet: bool,
    wallet: Arc<Wallet>,
    input: JobInput,
}

enum JobInput {
    Unlock(Pin),
    Activate {
        qr: String,
        nik: Zeroizing<String>,
        code: Zeroizing<String>,
        pin: Pin,
    },
    ChangePin {
        old: Pin,
        new: Pin,
    },
    Refresh,
    BiometricUnlock {
        keystore: Arc<dyn BiometricKeystore>,
        prompt: BiometricPrompt,
    },
    EnableBiometric {
        keystore: Arc<dyn BiometricKeystore>,
        prompt: BiometricPrompt,
    },
}

impl Job {
    /// The slow core call (blocking; no app lock held).
    pub(crate) fn run(&self) -> Result<(), CoreError> {
        match &self.input {
            JobInput::Unlock(pin) => self.wallet.unlock(pin).map(drop),
            JobInput::Activate { qr, nik, code, pin } => {
                self.wallet.activate(qr, nik, code, pin).map(drop)
            }
            JobInput::ChangePin { old, new } => self.wallet.change_pin(old, new),
            JobInput::Refresh => self.wallet.refresh_documents(),
            JobInput::BiometricUnlock { keystore, prompt } => self
                .wallet
                .unlock_with_biometric(keystore, prompt)
                .map(drop),
            JobInput::EnableBiometric { keystore, prompt } => {
                let session = self.wallet.session()?;
                self.wallet.enable_biometric(&session, keystore, prompt)
            }
        }
    }
}

/// Everything the app knows.
pub(crate) struct Model {
    opener: Opener,
    pub(crate) wallet: Option<Arc<Wallet>>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) language: Language,
    pub(crate) auto_lock_seconds: u32,
    pub(crate) place: Place,
    pub(crate) banner: Option<(BannerTone, UserMessage)>,
    pub(crate) current_pin: Digits,
    pub(crate) new_pin: Digits,
    pub(crate) confirm_pin: Digits,
    pub(crate) form: ActivationForm,
    /// An activation a crash interrupted is waiting to be resumed.
    pub(crate) resumable: bool,
    pub(crate) lockout: Option<LockoutState>,
    pub(crate) documents: Vec<StoredDocument>,
    /// The history the history screen shows, newest first (loaded when it opens).
    pub(crate) history: Vec<HistoryEntry>,
    /// The phone's time zone, seconds east of UTC.
    pub(crate) utc_offset_seconds: i32,
    /// Whether the shell last reported an unmetered network.
    unmetered: bool,
    /// Whether this app start already asked for permission to show notifications.
    asked_notification_permission: bool,
    /// Failed quiet refreshes and the wait before the next (in memory: a restart starts afresh).
    pub(crate) backoff: RefreshBackoff,
    /// A quiet refresh handed out and not yet finished. Apart from [`Model::pending`]: it shows
    /// no spinner and blocks no input.
    quiet: Option<Pending>,
    /// The platform's biometric key store, when the shell gave one.
    pub(crate) biometrics: Option<Arc<dyn BiometricKeystore>>,
    /// The pasted text of the desk scan screen.
    pub(crate) desk_text: String,
    /// The desk's request the consent screen shows.
    pub(crate) consent: Option<ConsentRequest>,
    /// The answer QR on screen.
    pub(crate) answer: Option<DeskAnswer>,
    pub(crate) scanner_open: bool,
    pub(crate) covered: bool,
    pub(crate) captured: bool,
    /// Monotonic instant the open session began (for [`SESSION_LIFETIME`]).
    session_opened: Option<Duration>,
    pending: Option<Pending>,
    next_task_id: u64,
    /// Counts locks: a task that began before the latest lock must not leave a session open.
    locks: u64,
    pub(crate) effects: Vec<AppEffect>,
    pub(crate) revision: u64,
    pub(crate) last_view: Option<AppView>,
    pub(crate) last_announcement: Option<String>,
}

impl Model {
    /// Opens the wallet and settles on the first screen.
    pub(crate) fn start(opener: Opener) -> Model {
        let clock = Arc::clone(&opener.clock);
        let mut model = Model {
            opener,
            wallet: None,
            clock,
            language: Language::default(),
            auto_lock_seconds: Settings::default().auto_lock_seconds,
            place: Place::ChooseLanguage,
            banner: None,
            current_pin: Digits::default(),
            new_pin: Digits::default(),
            confirm_pin: Digits::default(),
            form: ActivationForm::default(),
            resumable: false,
            lockout: None,
            documents: Vec::new(),
            history: Vec::new(),
            utc_offset_seconds: DEFAULT_UTC_OFFSET_SECONDS,
            unmetered: false,
            asked_notification_permission: false,
            backoff: RefreshBackoff::default(),
            quiet: None,
            biometrics: None,
            desk_text: String::new(),
            consent: None,
            answer: None,
            scanner_open: false,
            covered: false,
            captured: false,
            session_opened: None,
            pending: None,
            next_task_id: 1,
            locks: 0,
            effects: Vec::new(),
            revision: 0,
            last_view: None,
            last_announcement: None,
        };
        model.open_wallet();
        model
    }

    fn open_wallet(&mut self) {
        match self.opener.open() {
            Ok(wallet) => {
                let first_start = !self
                    .opener
                    .dir
                    .join(ikd_core::settings::SETTINGS_FILE)
                    .exists();
                self.apply_settings(wallet.settings());
                self.wallet = Some(Arc::new(wallet));
                self.place = Place::ChooseLanguage;
                if !first_start {
                    self.place = Place::Activation(ActivationStep::ScanQr);
                }
                self.settle();
            }
            Err(error) => {
                self.apply_settings(ikd_core::settings::load(&self.opener.dir));
                self.wallet = None;
                self.place = Place::Failed(error);
            }
        }
    }

    fn apply_settings(&mut self, settings: Settings) {
        self.language = settings.language;
        self.auto_lock_seconds = settings.auto_lock_seconds;
    }

    pub(crate) fn busy_kind(&self) -> Option<TaskKind> {
        self.pending.as_ref().map(|p| p.task.kind)
    }

    fn error_banner(&mut self, error: &CoreError) {
        self.banner = Some((BannerTone::Error, messages::for_error(error)));
    }

    fn info_banner(&mut self, text: Phrase) {
        self.banner = Some((BannerTone::Info, phrase(text)));
    }

    fn clear_pads(&mut self) {
        self.current_pin.clear();
        self.new_pin.clear();
        self.confirm_pin.clear();
    }

    /// Drops everything a locked wallet must not show.
    fn forget_session(&mut self) {
        self.documents.clear();
        self.history.clear();
        self.forget_desk();
        self.session_opened = None;
        self.clear_pads();
    }

    /// Drops the desk's request and the answer (leaving the desk-first screens).
    fn forget_desk(&mut self) {
        self.desk_text.clear();
        self.consent = None;
        self.answer = None;
    }

    /// Moves to the screen the core's status allows (see the module comment).
    pub(crate) fn settle(&mut self) {
        let Some(wallet) = self.wallet.clone() else {
            return;
        };
        let status = wallet.status();
        match status {
            WalletStatus::NotSetUp => {
                self.forget_session();
                self.resumable = wallet.has_unfinished_activation();
                if !matches!(self.place, Place::Activation(_) | Place::ChooseLanguage) {
                    self.form = ActivationForm::default();
                    self.place = Place::Activation(ActivationStep::ScanQr);
                }
            }
            WalletStatus::Locked => {
                let keeps = matches!(self.place, Place::Unlock)
                    || matches!(self.place, Place::Reactivation(_));
                self.forget_session();
                if !keeps {
                    self.form = ActivationForm::default();
                    self.place = Place::Unlock;
                }
                self.refresh_lockout();
            }
            WalletStatus::Unlocked => {
                if !self.place.needs_session() {
                    self.form = ActivationForm::default();
                    self.place = Place::Home;
                }
                if self.session_opened.is_none() {
                    self.session_opened = Some(self.clock.monotonic());
                }
                if self.documents.is_empty() {
                    self.load_documents();
                }
            }
            WalletStatus::NeedsReactivation(reason) => {
                self.forget_session();
                self.place = Place::Reactivation(CoreError::NeedsReactivation(reason));
            }
        }
    }

    fn load_documents(&mut self) {
        let Some(wallet) = self.wallet.clone() else {
            return;
        };
        match wallet.session().and_then(|session| session.documents()) {
            Ok(documents) => self.documents = documents,
            Err(CoreError::SessionLocked) => {}
            Err(error) => self.error_banner(&error),
        }
    }

    /// Reads the history again (after opening it or deleting from it).
    fn load_history(&mut self) {
        let Some(wallet) = self.wallet.clone() else {
            return;
        };
        match wallet.session().and_then(|session| session.history()) {
            Ok(history) => self.history = history,
            Err(CoreError::SessionLocked) => self.settle(),
            Err(error) => {
                self.history.clear();
                self.error_banner(&error);
            }
        }
    }

    /// Deletes one entry or, with `None`, all of them; the screen shows the history as it is
    /// afterwards, and a banner says what happened.
    fn delete_history(&mut self, id: Option<i64>) {
        let Some(wallet) = self.wallet.clone() else {
            return;
        };
        let deleted = wallet.session().and_then(|session| match id {
            Some(id) => session.delete_history_entry(id),
            None => session.clear_history(),
        });
        match deleted {
            Ok(()) => self.info_banner(match id {
                Some(_) => Phrase::HistoryEntryDeleted,
                None => Phrase::HistoryCleared,
            }),
            Err(CoreError::SessionLocked) => {
                self.settle();
                return;
            }
            Err(error) => self.error_banner(&error),
        }
        self.place = Place::History;
        self.load_history();
    }

    fn refresh_lockout(&mut self) {
        self.lockout = match &self.wallet {
            Some(wallet) => wallet.lockout_state().ok(),
            None => None,
        };
    }

    pub(crate) fn waiting(&self) -> bool {
        self.lockout.is_some_and(|l| l.wait_seconds > 0)
    }

    /// Locks now (button, background, deadline): wins over a task still running.
    fn lock(&mut self) {
        self.locks += 1;
        // A quiet refresh not yet run is stale now (its run does nothing); the next unlock may
        // start another.
        self.quiet = None;
        // An unlock handed out but not yet started is stale too: it would open a session (or
        // spend a PIN try on a cleared pad) after the lock.
        if self.pending.as_ref().is_some_and(|p| {
            !p.taken && matches!(p.task.kind, TaskKind::Unlock | TaskKind::BiometricUnlock)
        }) {
            self.pending = None;
        }
        if let Some(wallet) = &self.wallet {
            wallet.lock();
        }
        // An activation survives a trip to the mail app for the code; a half-typed PIN does not.
        if let Place::Activation(ActivationStep::NewPin | ActivationStep::ConfirmPin) = self.place {
            self.place = Place::Activation(ActivationStep::Code);
        }
        self.clear_pads();
        self.settle();
    }

    /// Whether the session is still open; if not, the unlock screen is shown and `false` said.
    fn session_alive(&mut self) -> bool {
        if !self.place.needs_session() {
            return true;
        }
        let open = self
            .wallet
            .as_ref()
            .is_some_and(|w| w.status() == WalletStatus::Unlocked);
        if !open {
            self.info_banner(Phrase::LockedForInactivity);
            self.settle();
        }
        open
    }

    fn new_task(&mut self, kind: TaskKind) -> SlowTask {
        let task = SlowTask {
            id: self.next_task_id,
            kind,
        };
        self.next_task_id += 1;
        task
    }

    fn start_task(&mut self, kind: TaskKind) {
        let task = self.new_task(kind);
        self.pending = Some(Pending {
            task: task.clone(),
            taken: false,
        });
        self.effects.push(AppEffect::RunTask { task });
    }

    /// The inputs of task `id`, once; `None` for a stale or unknown task.
    pub(crate) fn take_job(&mut self, id: u64) -> Option<Job> {
        let pending = self
            .pending
            .as_mut()
            .into_iter()
            .chain(self.quiet.as_mut())
            .find(|p| p.task.id == id && !p.taken)?;
        pending.taken = true;
        let kind = pending.task.kind;
        let quiet = self.quiet.as_ref().is_some_and(|q| q.task.id == id);
        let wallet = self.wallet.clone()?;
        let input = match kind {
            TaskKind::Unlock => JobInput::Unlock(self.current_pin.take()),
            TaskKind::Activate => {
                let pin = self.new_pin.take();
                self.confirm_pin.clear();
                JobInput::Activate {
                    qr: self.form.qr_text.clone(),
                    nik: self.form.nik.clone(),
                    code: self.form.code.clone(),
                    pin,
                }
            }
            TaskKind::ChangePin => {
                let old = self.current_pin.take();
                let new = self.new_pin.take();
                self.confirm_pin.clear();
                JobInput::ChangePin { old, new }
            }
            TaskKind::RefreshDocuments => JobInput::Refresh,
            TaskKind::BiometricUnlock => JobInput::BiometricUnlock {
                keystore: self.biometrics.clone()?,
                prompt: self.biometric_prompt(),
            },
            TaskKind::EnableBiometric => JobInput::EnableBiometric {
                keystore: self.biometrics.clone()?,
                prompt: self.biometric_prompt(),
            },
        };
        Some(Job {
            id,
            kind,
            locks: self.locks,
            quiet,
            wallet,
            input,
        })
    }

    /// Applies a task's result.
    pub(crate) fn finish(&mut self, job: Job, outcome: Result<(), CoreError>) {
        if job.quiet {
            if self.quiet.as_ref().is_some_and(|p| p.task.id == job.id) {
                self.quiet = None;
            }
            self.finish_quiet_refresh(outcome);
            return;
        }
        if self.pending.as_ref().is_some_and(|p| p.task.id == job.id) {
            self.pending = None;
        }
        let schedules = matches!(
            (job.kind, &outcome),
            (
                TaskKind::Unlock
                    | TaskKind::Activate
                    | TaskKind::RefreshDocuments
                    | TaskKind::BiometricUnlock,
                Ok(())
            )
        );
        let locked_meanwhile = self.locks != job.locks;
        if locked_meanwhile
            && matches!(
                job.kind,
                TaskKind::Unlock | TaskKind::Activate | TaskKind::BiometricUnlock
            )
        {
            // The app locked while the PIN was checked: whatever opened is closed again.
            if let Some(wallet) = &self.wallet {
                wallet.lock();
            }
        }
        match (job.kind, outcome) {
            (TaskKind::Unlock, Ok(())) => {
                self.banner = None;
                self.documents.clear();
            }
            (TaskKind::Unlock, Err(error)) => self.pin_failed(&error),
            (TaskKind::Activate, Ok(())) => {
                self.banner = None;
                self.documents.clear();
            }
            (TaskKind::Activate, Err(error)) => self.activation_failed(&error),
            (TaskKind::ChangePin, Ok(())) => {
                self.info_banner(Phrase::PinChanged);
                if self.place.needs_session() {
                    self.place = Place::Settings;
                }
            }
            (TaskKind::ChangePin, Err(error)) => {
                self.pin_failed(&error);
                if self.place.needs_session() {
                    self.place = match error {
                        CoreError::PinRule(rule)
                            if rule != ikd_core::pin::rules::PinRuleError::Mismatch =>
                        {
                            Place::ChangePin(ChangePinStep::NewPin)
                        }
                        _ => Place::ChangePin(ChangePinStep::CurrentPin),
                    };
                    self.clear_pads();
                }
            }
            (TaskKind::RefreshDocuments, Ok(())) => {
                self.info_banner(Phrase::DocumentsRefreshed);
                self.backoff = self.backoff.after_success();
                self.documents.clear();
            }
            (TaskKind::RefreshDocuments, Err(CoreError::SessionLocked)) => {}
            (TaskKind::RefreshDocuments, Err(error)) => self.error_banner(&error),
            (TaskKind::BiometricUnlock, Ok(())) => {
                self.banner = None;
                self.documents.clear();
            }
            (TaskKind::BiometricUnlock, Err(error)) => {
                // The PIN always works: every failure ends on the PIN pad, saying why.
                self.clear_pads();
                self.error_banner(&error);
                self.refresh_lockout();
            }
            (TaskKind::EnableBiometric, Ok(())) => self.info_banner(Phrase::BiometricEnabled),
            (TaskKind::EnableBiometric, Err(CoreError::SessionLocked)) => {}
            (TaskKind::EnableBiometric, Err(error)) => self.error_banner(&error),
        }
        self.settle();
        if schedules {
            self.schedule_reminders();
            self.refresh_quietly_if_due();
        }
    }

    /// A quiet refresh ended: no banner either way; a failure waits longer before the next try.
    fn finish_quiet_refresh(&mut self, outcome: Result<(), CoreError>) {
        match outcome {
            Ok(()) => {
                self.backoff = self.backoff.after_success();
                self.documents.clear();
                self.settle();
                self.schedule_reminders();
            }
            // Locked meanwhile: nothing was tried against the issuer; the next unlock tries.
            Err(CoreError::SessionLocked) => self.settle(),
            Err(_) => {
                self.backoff = self.backoff.after_failure(self.clock.now_unix());
                self.settle();
            }
        }
    }

    /// The platform prompt's texts, in the chosen language.
    fn biometric_prompt(&self) -> BiometricPrompt {
        let pick = |p: Phrase| phrase(p).pick(self.language).to_string();
        BiometricPrompt {
            title: pick(Phrase::BiometricPromptTitle),
            subtitle: pick(Phrase::BiometricPromptSubtitle),
            cancel: pick(Phrase::BiometricPromptCancel),
        }
    }

    /// The biometric key store, when the platform can use it now.
    pub(crate) fn usable_biometrics(&self) -> Option<&Arc<dyn BiometricKeystore>> {
        self.biometrics.as_ref().filter(|k| k.is_available())
    }

    /// Whether the unlock screen offers the fingerprint.
    pub(crate) fn offers_biometric_unlock(&self) -> bool {
        self.usable_biometrics().is_some()
            && self.wallet.as_ref().is_some_and(|w| w.biometric_enabled())
    }

    /// The settings switch: on turns biometric unlock on (a task: the prompt confirms), off
    /// deletes the slot and the platform key at once.
    fn set_biometric(&mut self, on: bool) {
        let (Some(wallet), Some(keystore)) =
            (self.wallet.clone(), self.usable_biometrics().cloned())
        else {
            return;
        };
        if on == wallet.biometric_enabled() {
            return;
        }
        self.banner = None;
        if on {
            self.start_task(TaskKind::EnableBiometric);
        } else {
            match wallet.disable_biometric(&keystore) {
                Ok(()) => self.info_banner(Phrase::BiometricDisabled),
                Err(error) => self.error_banner(&error),
            }
        }
    }

    /// Whether the session is open (asking the core does not count as activity).
    fn session_open(&self) -> bool {
        self.wallet
            .as_ref()
            .is_some_and(|w| w.status() == WalletStatus::Unlocked)
    }

    /// Each loaded document's profile and last valid day. From the documents in memory (loaded
    /// at unlock and after each refresh): reading the vault again would count as activity and
    /// postpone the auto-lock at every tick.
    fn expiries(&self) -> Vec<(DocType, i32)> {
        self.documents
            .iter()
            .map(|d| (d.doc_type(), d.credential.expires))
            .collect()
    }

    /// The expiry reminders of the documents now, for the shell to schedule (replacing all).
    fn schedule_reminders(&mut self) {
        if !self.session_open() {
            return;
        }
        let expiries = self.expiries();
        let now = self.clock.now_unix();
        let reminders = ikd_core::expiry::reminders(&expiries, now, self.utc_offset_seconds)
            .into_iter()
            .map(|r| ReminderNotification {
                at: r.at_unix,
                title: phrases::reminder_title(r.days_before)
                    .pick(self.language)
                    .to_string(),
                body: phrases::reminder_body(r.expires)
                    .pick(self.language)
                    .to_string(),
            })
            .collect::<Vec<_>>();
        // Ask in context, while the app is in front: the first time there is something to
        // remind about (the platform itself never asks twice once the citizen has answered).
        if !reminders.is_empty() && !self.asked_notification_permission {
            self.asked_notification_permission = true;
            self.effects.push(AppEffect::RequestNotificationPermission);
        }
        self.effects
            .push(AppEffect::ScheduleReminders { reminders });
    }

    /// Starts a quiet refresh when the session is open, a document is near its expiry, the
    /// network is unmetered and the backoff allows; nothing else runs meanwhile.
    fn refresh_quietly_if_due(&mut self) {
        if self.pending.is_some() || self.quiet.is_some() || !self.session_open() {
            return;
        }
        let expiries = self.expiries();
        if self
            .backoff
            .should_refresh_quietly(&expiries, self.clock.now_unix(), self.unmetered)
        {
            let task = self.new_task(TaskKind::RefreshDocuments);
            self.quiet = Some(Pending {
                task: task.clone(),
                taken: false,
            });
            self.effects.push(AppEffect::RunTask { task });
        }
    }

    /// A PIN try failed (unlock, or the current PIN of a change).
    fn pin_failed(&mut self, error: &CoreError) {
        self.clear_pads();
        match error {
            CoreError::NeedsReactivation(_)
            | CoreError::DeviceMismatch
            | CoreError::Keystore(KeystoreError::KeyNotFound | KeystoreError::LimitReached)
            | CoreError::Storage(StorageError::Corrupt | StorageError::Tampered) => {
                self.banner = None;
                self.place = Place::Reactivation(error.clone());
            }
            _ => {
                self.error_banner(error);
                self.refresh_lockout();
            }
        }
    }

    /// Activation failed: which step the citizen goes back to.
    fn activation_failed(&mut self, error: &CoreError) {
        self.clear_pads();
        self.error_banner(error);
        self.place = Place::Activation(match error {
            CoreError::PinRule(_) => ActivationStep::NewPin,
            CoreError::InvalidNik(_) => ActivationStep::Nik,
            CoreError::InvalidActivationQr | CoreError::InsecureServer => {
                self.form = ActivationForm::default();
                ActivationStep::ScanQr
            }
            _ => {
                // A refused code, the network: type the code again (then the PIN).
                self.form.code = Zeroizing::new(String::new());
                ActivationStep::Code
            }
        });
    }

    /// The dispatcher.
    pub(crate) fn dispatch(&mut self, event: AppEvent) {
        match event {
            AppEvent::WentToBackground => {
                self.covered = true;
                self.scanner_open = false;
                self.lock();
                if let Some(at) = self.lockout.and_then(|l| l.next_attempt_at)
                    && self.waiting()
                {
                    let title = phrase(Phrase::PinWaitOverTitle);
                    let body = phrase(Phrase::PinWaitOverBody);
                    self.effects.push(AppEffect::ScheduleNotification {
                        kind: NotificationKind::PinWaitOver,
                        at,
                        title: title.pick(self.language).to_string(),
                        body: body.pick(self.language).to_string(),
                    });
                }
                return;
            }
            AppEvent::CameToForeground => {
                self.covered = false;
                self.effects.push(AppEffect::CancelNotification {
                    kind: NotificationKind::PinWaitOver,
                });
                self.session_alive();
                self.settle();
                return;
            }
            AppEvent::Covered => {
                self.covered = true;
                return;
            }
            AppEvent::ScreenCaptureChanged { captured } => {
                self.captured = captured;
                return;
            }
            AppEvent::DismissBanner => {
                self.banner = None;
                return;
            }
            AppEvent::LockNow => {
                if self.place.needs_session() {
                    self.lock();
                }
                return;
            }
            AppEvent::TimeZoneChanged { utc_offset_seconds } => {
                // Real zones lie within UTC-12 h..UTC+14 h; anything else is a shell bug.
                if (-12 * 3600..=14 * 3600).contains(&utc_offset_seconds)
                    && utc_offset_seconds != self.utc_offset_seconds
                {
                    self.utc_offset_seconds = utc_offset_seconds;
                    self.schedule_reminders();
                }
                return;
            }
            AppEvent::NetworkChanged { unmetered } => {
                self.unmetered = unmetered;
                self.refresh_quietly_if_due();
                return;
            }
            _ => {}
        }
        if self.pending.is_some() || !self.session_alive() {
            return;
        }
        if self.place.needs_session()
            && let Some(wallet) = &self.wallet
        {
            wallet.keep_alive();
        }
        match event {
            AppEvent::ScreenshotTaken => self.screenshot_taken(),
            AppEvent::UserActivity => {}
            AppEvent::Back => self.back(),
            AppEvent::ChooseLanguage { language } => self.choose_language(language),
            AppEvent::Digit { digit } => self.digit(digit),
            AppEvent::Erase => {
                if let Some(pad) = self.active_pad() {
                    pad.erase();
                }
            }
            AppEvent::TextChanged { text } => self.text_changed(text),
            AppEvent::UnlockWithBiometric => {
                if self.place == Place::Unlock && self.offers_biometric_unlock() {
                    self.banner = None;
                    self.current_pin.clear();
                    self.start_task(TaskKind::BiometricUnlock);
                }
            }
            AppEvent::SetBiometric { on } => {
                if self.place == Place::Settings {
                    self.set_biometric(on);
                }
            }
            AppEvent::Submit => self.submit(),
            AppEvent::OpenScanner => {
                if matches!(
                    self.place,
                    Place::Activation(ActivationStep::ScanQr) | Place::DeskScan(_)
                ) {
                    self.scanner_open = true;
                }
            }
            AppEvent::Scanned { text } => {
                if !self.scanner_open {
                    return;
                }
                match self.place {
                    Place::Activation(ActivationStep::ScanQr) => {
                        self.scanner_open = false;
                        self.form.qr_text = text.chars().take(MAX_QR_TEXT).collect();
                        self.submit();
                    }
                    Place::DeskScan(kind) => {
                        self.scanner_open = false;
                        self.read_desk_request(kind, &scanned_text_bytes(&text));
                    }
                    _ => {}
                }
            }
            AppEvent::ScannedBytes { bytes } => self.scanned_bytes(bytes),
            AppEvent::ScannedCodewords { version, codewords } => {
                // Codewords that hold no payload are bytes no reader accepts: the same refusal
                // as any wrong QR, on the same path.
                let bytes = payload_from_codewords(version, &codewords).unwrap_or_default();
                self.scanned_bytes(bytes);
            }
            AppEvent::CameraUnavailable { problem } => {
                if self.scanner_open {
                    self.scanner_open = false;
                    self.info_banner(match problem {
                        CameraProblem::Denied => Phrase::CameraDenied,
                        CameraProblem::Missing => Phrase::CameraMissing,
                    });
                }
            }
            AppEvent::ScannerClosed => self.scanner_open = false,
            AppEvent::OpenDocument { kind } => {
                if self.place == Place::Home && self.document(kind.full_profile()).is_some() {
                    self.banner = None;
                    self.place = Place::Document(kind);
                }
            }
            AppEvent::ShowAtDesk => {
                if let Place::Document(kind) = self.place {
                    self.banner = None;
                    self.forget_desk();
                    self.place = Place::DeskScan(kind);
                }
            }
            AppEvent::OpenHistory => {
                if self.place == Place::Home {
                    self.banner = None;
                    self.place = Place::History;
                    self.load_history();
                }
            }
            AppEvent::DeleteHistoryEntry { id } => {
                if self.place == Place::History {
                    self.delete_history(Some(id));
                }
            }
            AppEvent::ClearHistory => {
                if self.place == Place::History && !self.history.is_empty() {
                    self.banner = None;
                    self.place = Place::ConfirmClearHistory;
                }
            }
            AppEvent::ConfirmClearHistory => {
                if self.place == Place::ConfirmClearHistory {
                    self.delete_history(None);
                }
            }
            AppEvent::Share => self.share(),
            AppEvent::Decline => self.dispatch_decline(),
            AppEvent::OpenSettings => {
                if self.place == Place::Home {
                    self.banner = None;
                    self.place = Place::Settings;
                }
            }
            AppEvent::SetAutoLock { seconds } => {
                if self.place == Place::Settings {
                    self.save_settings(Settings {
                        language: self.language,
                        auto_lock_seconds: seconds,
                    });
                }
            }
            AppEvent::StartChangePin => {
                if self.place == Place::Settings {
                    self.banner = None;
                    self.clear_pads();
                    self.refresh_lockout();
                    self.place = Place::ChangePin(ChangePinStep::CurrentPin);
                }
            }
            AppEvent::RefreshDocuments => {
                if self.place == Place::Settings {
                    self.banner = None;
                    self.start_task(TaskKind::RefreshDocuments);
                }
            }
            AppEvent::ResetWallet => {
                if self.place == Place::Settings {
                    self.banner = None;
                    self.place = Place::ConfirmReset;
                }
            }
            AppEvent::ConfirmReset => {
                if self.place == Place::ConfirmReset {
                    self.reset();
                }
            }
            AppEvent::ActivateAgain => {
                if matches!(self.place, Place::Reactivation(_)) {
                    self.reset();
                }
            }
            AppEvent::Retry => {
                if matches!(self.place, Place::Failed(_)) {
                    self.open_wallet();
                }
            }
            AppEvent::WentToBackground
            | AppEvent::CameToForeground
            | AppEvent::Covered
            | AppEvent::ScreenCaptureChanged { .. }
            | AppEvent::DismissBanner
            | AppEvent::LockNow
            | AppEvent::TimeZoneChanged { .. }
            | AppEvent::NetworkChanged { .. } => {}
        }
    }

    pub(crate) fn document(&self, profile: DocType) -> Option<&StoredDocument> {
        self.documents.iter().find(|d| d.doc_type() == profile)
    }

    fn reset(&mut self) {
        let Some(wallet) = self.wallet.clone() else {
            return;
        };
        self.locks += 1;
        match wallet.reset() {
            Ok(()) => {
                self.banner = None;
                self.form = ActivationForm::default();
                self.place = Place::Activation(ActivationStep::ScanQr);
            }
            Err(error) => self.error_banner(&error),
        }
        self.settle();
    }

    fn choose_language(&mut self, language: Language) {
        if matches!(self.place, Place::ChooseLanguage | Place::Settings) {
            let first_start = self.place == Place::ChooseLanguage;
            self.save_settings(Settings {
                language,
                auto_lock_seconds: self.auto_lock_seconds,
            });
            if first_start && self.banner.is_none() {
                self.place = Place::Activation(ActivationStep::ScanQr);
                self.settle();
            }
        }
    }

    fn save_settings(&mut self, wanted: Settings) {
        let Some(wallet) = self.wallet.clone() else {
            return;
        };
        match wallet.set_settings(wanted) {
            Ok(saved) => {
                self.apply_settings(saved);
                self.banner = None;
            }
            Err(error) => self.error_banner(&error),
        }
    }

    /// The pad the current screen types into.
    fn active_pad(&mut self) -> Option<&mut Digits> {
        match self.place {
            Place::Unlock | Place::ChangePin(ChangePinStep::CurrentPin) => {
                Some(&mut self.current_pin)
            }
            Place::Activation(ActivationStep::NewPin) | Place::ChangePin(ChangePinStep::NewPin) => {
                Some(&mut self.new_pin)
            }
            Place::Activation(ActivationStep::ConfirmPin)
            | Place::ChangePin(ChangePinStep::ConfirmPin) => Some(&mut self.confirm_pin),
            _ => None,
        }
    }

    fn digit(&mut self, digit: u8) {
        let waiting = self.waiting();
        let checks_current = matches!(
            self.place,
            Place::Unlock | Place::ChangePin(ChangePinStep::CurrentPin)
        );
        if waiting && checks_current {
            return;
        }
        let Some(pad) = self.active_pad() else {
            return;
        };
        pad.press(digit);
        if pad.complete() {
            self.pad_complete();
        }
    }

    fn pad_complete(&mut self) {
        match self.place {
            Place::Unlock => self.start_task(TaskKind::Unlock),
            Place::Activation(ActivationStep::NewPin) => {
                let accepted = self.check_new_pin(Some(self.form.nik.to_string()));
                if accepted {
                    self.place = Place::Activation(ActivationStep::ConfirmPin);
                }
            }
            Place::Activation(ActivationStep::ConfirmPin) => {
                if self.confirmation_matches() {
                    self.start_task(TaskKind::Activate);
                } else {
                    self.place = Place::Activation(ActivationStep::NewPin);
                }
            }
            Place::ChangePin(ChangePinStep::CurrentPin) => {
                self.banner = None;
                self.place = Place::ChangePin(ChangePinStep::NewPin);
            }
            Place::ChangePin(ChangePinStep::NewPin) => {
                let accepted = self.check_new_pin(None);
                if accepted {
                    self.place = Place::ChangePin(ChangePinStep::ConfirmPin);
                }
            }
            Place::ChangePin(ChangePinStep::ConfirmPin) => {
                if self.confirmation_matches() {
                    self.start_task(TaskKind::ChangePin);
                } else {
                    self.place = Place::ChangePin(ChangePinStep::NewPin);
                }
            }
            _ => {}
        }
    }

    /// The new PIN's rules, at once (no KDF): `nik` from the form, or the open wallet's.
    fn check_new_pin(&mut self, nik: Option<String>) -> bool {
        let Some(wallet) = self.wallet.clone() else {
            return false;
        };
        match wallet.check_new_pin(&self.new_pin.pin(), nik.as_deref()) {
            Ok(()) => {
                self.banner = None;
                true
            }
            Err(error) => {
                self.error_banner(&error);
                self.new_pin.clear();
                false
            }
        }
    }

    /// Whether the confirmation equals the new PIN; if not, both pads are cleared and the banner
    /// says so (no PIN try is spent).
    fn confirmation_matches(&mut self) -> bool {
        match ikd_core::pin::rules::check_confirmation(&self.new_pin.pin(), &self.confirm_pin.pin())
        {
            Ok(()) => true,
            Err(rule) => {
                self.error_banner(&CoreError::PinRule(rule));
                self.new_pin.clear();
                self.confirm_pin.clear();
                false
            }
        }
    }

    fn text_changed(&mut self, text: String) {
        self.form.field_error = None;
        match self.place {
            Place::Activation(ActivationStep::ScanQr) => {
                self.form.qr_text = text.chars().take(MAX_QR_TEXT).collect();
            }
            Place::Activation(ActivationStep::Nik) => {
                self.form.nik = Zeroizing::new(
                    text.chars()
                        .filter(char::is_ascii_digit)
                        .take(NIK_LENGTH)
                        .collect(),
                );
            }
            Place::Activation(ActivationStep::Code) => {
                self.form.code = Zeroizing::new(
                    text.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .map(|c| c.to_ascii_uppercase())
                        .take(MAX_CODE)
                        .collect(),
                );
            }
            Place::DeskScan(_) => {
                self.desk_text = text.chars().take(MAX_REQUEST_TEXT).collect();
            }
            _ => {}
        }
    }

    /// Whether the main button of the current step works.
    pub(crate) fn can_submit(&self) -> bool {
        match self.place {
            Place::Activation(ActivationStep::ScanQr) => !self.form.qr_text.trim().is_empty(),
            Place::Activation(ActivationStep::Nik) => self.form.nik.len() == NIK_LENGTH,
            Place::Activation(ActivationStep::Code) => !self.form.code.is_empty(),
            Place::DeskScan(_) => !pasted_line(&self.desk_text).is_empty(),
            _ => false,
        }
    }

    fn submit(&mut self) {
        if !self.can_submit() {
            return;
        }
        match self.place {
            Place::Activation(ActivationStep::ScanQr) => {
                match ikd_protocol::activation::ActivationQr::parse(&self.form.qr_text) {
                    Ok(_) => {
                        self.banner = None;
                        self.place = Place::Activation(ActivationStep::Nik);
                    }
                    Err(_) => self.error_banner(&CoreError::InvalidActivationQr),
                }
            }
            Place::Activation(ActivationStep::Nik) => {
                match ikd_core::online::check_activation(&self.form.qr_text, &self.form.nik) {
                    Ok(target) => {
                        self.banner = None;
                        self.form.server_host = Some(target.server_host);
                        self.place = Place::Activation(ActivationStep::Code);
                    }
                    Err(error @ CoreError::InvalidNik(_)) => {
                        self.form.field_error = Some(messages::for_error(&error));
                    }
                    Err(error) => {
                        self.error_banner(&error);
                        self.form.qr_text.clear();
                        self.place = Place::Activation(ActivationStep::ScanQr);
                    }
                }
            }
            Place::Activation(ActivationStep::Code) => {
                self.banner = None;
                self.new_pin.clear();
                self.confirm_pin.clear();
                self.place = Place::Activation(ActivationStep::NewPin);
            }
            Place::DeskScan(kind) => {
                let bytes = scanned_text_bytes(pasted_line(&self.desk_text));
                self.read_desk_request(kind, &bytes);
            }
            _ => {}
        }
    }

    fn back(&mut self) {
        let to = match &self.place {
            Place::Activation(ActivationStep::Nik) => Place::Activation(ActivationStep::ScanQr),
            Place::Activation(ActivationStep::Code) => Place::Activation(ActivationStep::Nik),
            Place::Activation(ActivationStep::NewPin | ActivationStep::ConfirmPin) => {
                Place::Activation(ActivationStep::Code)
            }
            Place::Document(_) | Place::Settings | Place::History => Place::Home,
            Place::ConfirmClearHistory => Place::History,
            Place::DeskScan(kind) | Place::Answer(kind) => Place::Document(*kind),
            Place::Consent(_) => {
                // Back from the consent screen is a decline.
                self.dispatch_decline();
                return;
            }
            Place::ChangePin(_) | Place::ConfirmReset => Place::Settings,
            _ => return,
        };
        self.banner = None;
        self.clear_pads();
        self.forget_desk();
        self.scanner_open = false;
        self.place = to;
    }

    /// Whether back does something here (the view's back arrow).
    pub(crate) fn can_go_back(&self) -> bool {
        matches!(
            self.place,
            Place::Activation(
                ActivationStep::Nik
                    | ActivationStep::Code
                    | ActivationStep::NewPin
                    | ActivationStep::ConfirmPin
            ) | Place::Document(_)
                | Place::Settings
                | Place::DeskScan(_)
                | Place::Consent(_)
                | Place::Answer(_)
                | Place::ChangePin(_)
                | Place::ConfirmReset
                | Place::History
                | Place::ConfirmClearHistory
        )
    }

    fn screenshot_taken(&mut self) {
        // The answer is bound to one desk and accepted once, so a picture of it is worth
        // little; the citizen is still told, as on a document.
        if matches!(self.place, Place::Answer(_) | Place::Document(_)) {
            self.info_banner(Phrase::ScreenshotWarning);
        }
    }

    /// A QR's bytes from the camera: the officer's QR (text) or the desk's request.
    fn scanned_bytes(&mut self, bytes: Vec<u8>) {
        if !self.scanner_open {
            return;
        }
        match self.place {
            Place::Activation(ActivationStep::ScanQr) => {
                // The officer's QR is text; bytes that are not UTF-8 are not it.
                let text = String::from_utf8(bytes).unwrap_or_default();
                self.scanner_open = false;
                self.form.qr_text = text.chars().take(MAX_QR_TEXT).collect();
                if self.can_submit() {
                    self.submit();
                } else {
                    self.error_banner(&CoreError::InvalidActivationQr);
                }
            }
            Place::DeskScan(kind) => {
                self.scanner_open = false;
                self.read_desk_request(kind, &bytes);
            }
            _ => {}
        }
    }

    /// Reads the scanned or pasted desk request: the consent screen, or the reason it is
    /// refused (on the scan screen, with nothing shared).
    fn read_desk_request(&mut self, kind: DocumentKind, scanned: &[u8]) {
        let Some(wallet) = self.wallet.clone() else {
            return;
        };
        let now = self.clock.now_unix();
        let read = wallet
            .session()
            .and_then(|session| session.read_desk_request(scanned, now))
            .and_then(|consent| {
                if DocumentKind::of_profile(consent.profile) == kind {
                    Ok(consent)
                } else {
                    Err(CoreError::DeskAsksForAnotherDocument(consent.profile))
                }
            });
        match read {
            Ok(consent) => {
                self.banner = None;
                self.desk_text.clear();
                self.consent = Some(consent);
                self.place = Place::Consent(kind);
            }
            Err(CoreError::SessionLocked) => self.settle(),
            Err(error) => {
                self.error_banner(&error);
                self.desk_text.clear();
                self.consent = None;
                self.place = Place::DeskScan(kind);
            }
        }
    }

    /// "Share": the answer for exactly the request on the consent screen, checked again now.
    fn share(&mut self) {
        let (Place::Consent(kind), Some(consent), Some(wallet)) =
            (&self.place, &self.consent, self.wallet.clone())
        else {
            return;
        };
        let kind = *kind;
        if !consent.may_share {
            return;
        }
        let now = self.clock.now_unix();
        match wallet
            .session()
            .and_then(|session| session.answer_desk_request(consent, now))
        {
            Ok(answer) => {
                self.banner = None;
                self.answer = Some(answer);
                self.place = Place::Answer(kind);
            }
            Err(CoreError::SessionLocked) => self.settle(),
            Err(error) => {
                self.error_banner(&error);
                self.consent = None;
                self.place = Place::DeskScan(kind);
            }
        }
    }

    /// Back on the consent screen: the same as "Decline".
    fn dispatch_decline(&mut self) {
        if let Place::Consent(kind) = self.place {
            self.forget_desk();
            self.info_banner(Phrase::NothingShared);
            self.place = Place::Document(kind);
        }
    }

    /// Timers: idle and session deadlines, the lockout countdown, the QR rotation.
    pub(crate) fn tick(&mut self) {
        if !self.session_alive() {
            return;
        }
        if let (Some(opened), true) = (self.session_opened, self.place.needs_session())
            && self.clock.monotonic().saturating_sub(opened) >= SESSION_LIFETIME
        {
            self.lock();
            self.info_banner(Phrase::SessionEnded);
            return;
        }
        if self.waiting() {
            self.refresh_lockout();
        }
        if self.place.needs_session() {
            // A quiet refresh that failed is tried again once its wait is over.
            self.refresh_quietly_if_due();
        }
        self.desk_deadlines();
        if let (Place::Answer(_), Some(wallet)) = (&self.place, &self.wallet) {
            // The desk is reading the answer: its short life (two minutes at most) counts as
            // use, so a 30 s auto-lock does not lock the phone at the counter. The session's
            // absolute lifetime still applies.
            wallet.keep_alive();
        }
    }

    /// A consent left open past the request's expiry goes back to the scan screen; an answer
    /// past its expiry goes back to the document.
    fn desk_deadlines(&mut self) {
        let now = self.clock.now_unix();
        match self.place {
            Place::Consent(kind)
                if self
                    .consent
                    .as_ref()
                    .and_then(|c| c.expires_at)
                    .is_some_and(|at| now > at) =>
            {
                self.consent = None;
                self.error_banner(&CoreError::DeskRefused(
                    ikd_protocol::desk::rules::DeskRefusal::RequestExpired,
                ));
                self.place = Place::DeskScan(kind);
            }
            Place::Answer(kind) if self.answer.as_ref().is_some_and(|a| now > a.valid_until) => {
                self.answer = None;
                self.info_banner(Phrase::AnswerExpired);
                self.place = Place::Document(kind);
            }
            _ => {}
        }
    }

    /// When the next tick is due (unix seconds).
    pub(crate) fn next_tick_at(&self) -> Option<i64> {
        let now = self.clock.now_unix();
        let mut next: Option<i64> = None;
        let mut at = |instant: i64| {
            let instant = instant.max(now + 1);
            next = Some(next.map_or(instant, |n: i64| n.min(instant)));
        };
        if self.place.needs_session()
            && let Some(wallet) = &self.wallet
        {
            let idle = wallet.idle_seconds_left() as i64;
            at(now + idle);
            if let Some(opened) = self.session_opened {
                let lived = self.clock.monotonic().saturating_sub(opened);
                at(now + SESSION_LIFETIME.saturating_sub(lived).as_secs() as i64);
            }
        }
        let desk_countdown = match self.place {
            Place::Consent(_) => self
                .consent
                .as_ref()
                .is_some_and(|c| c.expires_at.is_some()),
            Place::Answer(_) => self.answer.is_some(),
            _ => false,
        };
        if self.waiting() || desk_countdown {
            // The countdowns on screen change every second.
            at(now + 1);
        }
        next
    }

    /// After a caught panic: lock, settle, say so.
    pub(crate) fn recover(&mut self) {
        self.pending = None;
        self.quiet = None;
        self.lock();
        self.banner = Some((BannerTone::Error, phrase(Phrase::SomethingWentWrong)));
    }
}
