//! The records and enums the shells see, converted from the core's types.

use ikd_core::Settings;

pub use crate::app_types::{AppLanguage, DocumentProfile};

/// What the start screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum WalletState {
    /// Show activation.
    NotActivated,
    /// Show the PIN pad.
    Locked,
    /// A session is open.
    Unlocked,
    /// Show re-activation.
    NeedsReactivation {
        /// Why.
        reason: ReactivationCause,
    },
}

/// Why the wallet must be activated again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ReactivationCause {
    /// Ten wrong PINs erased the keys.
    TooManyWrongPins,
    /// The stored data was damaged.
    Damaged,
    /// The wallet was reset.
    Reset,
}

/// The PIN rule a new PIN broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PinRule {
    /// Exactly six digits.
    SixDigits,
    /// Digits only.
    DigitsOnly,
    /// Not one digit six times.
    NotAllSame,
    /// Not 123456 or 654321 and the like.
    NotASequence,
    /// Not the birth date in the NIK.
    NotBirthDate,
}

/// What the PIN pad shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct LockoutInfo {
    /// Wrong PINs left before the wallet erases itself.
    pub attempts_left: u32,
    /// Seconds to wait before the next try (0: now).
    pub wait_seconds: u64,
    /// When the next try is allowed (unix seconds), if waiting.
    pub next_attempt_at: Option<i64>,
}

/// One line of a document on screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DocumentField {
    /// Label in Bahasa Indonesia.
    pub label_id: String,
    /// Label in English.
    pub label_en: String,
    /// The value.
    pub value: String,
}

/// A document as the home and detail screens show it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DocumentView {
    /// Which document and profile.
    pub profile: DocumentProfile,
    /// Card title, Bahasa Indonesia.
    pub title_id: String,
    /// Card title, English.
    pub title_en: String,
    /// The holder's name.
    pub holder_name: String,
    /// The lines, in the order of the paper document.
    pub fields: Vec<DocumentField>,
}

/// A QR frame ready to draw.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QrFrameView {
    /// The payload (what the QR encodes).
    pub payload: Vec<u8>,
    /// QR version.
    pub version: u8,
    /// Modules per side.
    pub size: u32,
    /// Row-major modules, `true` = dark (size * size entries).
    pub modules: Vec<bool>,
    /// When to draw the next frame (unix seconds).
    pub refresh_at: i64,
    /// Until when a desk accepts this frame (unix seconds).
    pub valid_until: i64,
    /// The desk the frame is for.
    pub verifier_name: String,
}

/// What the settings screen shows and changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct AppSettings {
    /// The language of every text.
    pub language: AppLanguage,
    /// Inactivity, in seconds, before an open wallet locks itself (one of `autoLockChoices()`).
    pub auto_lock_seconds: u32,
}

impl From<Settings> for AppSettings {
    fn from(settings: Settings) -> Self {
        AppSettings {
            language: settings.language,
            auto_lock_seconds: settings.auto_lock_seconds,
        }
    }
}

impl From<AppSettings> for Settings {
    fn from(settings: AppSettings) -> Self {
        Settings {
            language: settings.language,
            auto_lock_seconds: settings.auto_lock_seconds,
        }
    }
}

/// The auto-lock delays the settings screen offers, in seconds, shortest first.
#[uniffi::export]
pub fn auto_lock_choices() -> Vec<u32> {
    ikd_core::settings::AUTO_LOCK_CHOICES.to_vec()
}

/// What the activation screen shows once the officer's QR and the NIK are read.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ActivationTarget {
    /// The issuer's host name (where the code and the new device key go).
    pub server_host: String,
}
