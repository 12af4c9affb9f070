//! The one public error of the bindings: stable variants a shell maps to localized text, with
//! the core's two-language message alongside. No secret or personal data in any of it.

use ikd_core::issuer_client::NetworkError;
use ikd_core::pin::rules::PinRuleError;
use ikd_core::vault::StorageError;
use ikd_core::{CoreError, KeystoreError, ReactivationReason};

use crate::types::{PinRule, ReactivationCause};

/// Everything a wallet call can fail with.
#[derive(Debug, uniffi::Error)]
pub enum WalletError {
    /// No wallet on this phone yet: show activation.
    NotActivated,
    /// A wallet exists already.
    AlreadyActivated,
    /// The keys are gone: show re-activation.
    NeedsReactivation {
        /// Why.
        reason: ReactivationCause,
    },
    /// Wrong PIN.
    WrongPin {
        /// Tries left before the wallet erases itself.
        attempts_left: u32,
        /// Seconds before the next try (0: now).
        wait_seconds: u64,
    },
    /// Too many wrong PINs: wait.
    LockedOut {
        /// Tries left.
        attempts_left: u32,
        /// Seconds before the next try.
        wait_seconds: u64,
    },
    /// The new PIN breaks a rule.
    PinRejected {
        /// Which rule.
        rule: PinRule,
    },
    /// The new PIN and its confirmation differ.
    PinsDiffer,
    /// The vault belongs to another device.
    DeviceMismatch,
    /// The hardware keystore failed.
    KeystoreUnavailable,
    /// The phone's storage is full (nothing was lost).
    StorageFull,
    /// The phone's storage failed (I/O, read-only, busy).
    StorageUnavailable,
    /// The session is locked: ask for the PIN.
    Locked,
    /// The wallet holds no such document.
    DocumentMissing,
    /// No network or the server is down (documents and QR still work).
    NetworkUnavailable,
    /// The server refused; `code` is its stable code.
    ServerRefused {
        /// The server's code (e.g. `activation_code_invalid`).
        code: String,
        /// The server's message for the citizen, Bahasa Indonesia.
        message_id: String,
        /// The server's message for the citizen, English.
        message_en: String,
    },
    /// The scanned QR is not an activation QR, or the server address is not secure.
    InvalidActivationQr,
    /// The NIK is not valid.
    InvalidNik,
    /// The phone's clock is wrong.
    ClockWrong,
    /// An unexpected failure (a bug): the app stays usable.
    Internal,
}

impl std::fmt::Display for WalletError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Variant names only: the shells localize; nothing personal can appear here.
        write!(f, "{self:?}")
    }
}

impl std::error::Error for WalletError {}

impl From<CoreError> for WalletError {
    fn from(error: CoreError) -> Self {
        match error {
            CoreError::NotSetUp => WalletError::NotActivated,
            CoreError::AlreadySetUp => WalletError::AlreadyActivated,
            CoreError::NeedsReactivation(reason) => WalletError::NeedsReactivation {
                reason: reason.into(),
            },
            CoreError::WrongPin(s) => WalletError::WrongPin {
                attempts_left: s.attempts_left,
                wait_seconds: s.wait_seconds,
            },
            CoreError::LockedOut(s) => WalletError::LockedOut {
                attempts_left: s.attempts_left,
                wait_seconds: s.wait_seconds,
            },
            CoreError::PinRule(rule) => match PinRule::for_rule(rule) {
                Some(rule) => WalletError::PinRejected { rule },
                None => WalletError::PinsDiffer,
            },
            CoreError::DeviceMismatch | CoreError::CredentialForAnotherDevice => {
                WalletError::DeviceMismatch
            }
            CoreError::Keystore(KeystoreError::KeyNotFound) => WalletError::DeviceMismatch,
            CoreError::Keystore(KeystoreError::Unavailable { .. }) => {
                WalletError::KeystoreUnavailable
            }
            CoreError::Storage(StorageError::Full) => WalletError::StorageFull,
            CoreError::Storage(StorageError::Corrupt | StorageError::Tampered) => {
                WalletError::NeedsReactivation {
                    reason: ReactivationCause::Damaged,
                }
            }
            CoreError::Storage(_) => WalletError::StorageUnavailable,
            CoreError::SessionLocked => WalletError::Locked,
            CoreError::DocumentNotFound | CoreError::NoTrustList | CoreError::UnknownVerifier => {
                WalletError::DocumentMissing
            }
            CoreError::Network(NetworkError::Refused {
                code,
                message_id,
                message_en,
            }) => WalletError::ServerRefused {
                code,
                message_id,
                message_en,
            },
            CoreError::Network(_) => WalletError::NetworkUnavailable,
            CoreError::InvalidActivationQr | CoreError::InsecureServer => {
                WalletError::InvalidActivationQr
            }
            CoreError::InvalidNik(_) => WalletError::InvalidNik,
            CoreError::ClockOutOfRange => WalletError::ClockWrong,
            // The desk-first flow is not in the bindings yet (the app-flow crate takes it).
            CoreError::DeskRefused(_) => WalletError::Internal,
            // Biometric unlock is not in the bindings yet (its foreign trait comes with it).
            CoreError::Biometric(_) => WalletError::KeystoreUnavailable,
            CoreError::UntrustedList
            | CoreError::NoRandomness
            | CoreError::MalformedRecord
            | CoreError::Presentation(_)
            | CoreError::QrTooLarge => WalletError::Internal,
        }
    }
}

impl From<ReactivationReason> for ReactivationCause {
    fn from(reason: ReactivationReason) -> Self {
        match reason {
            ReactivationReason::TooManyWrongPins => ReactivationCause::TooManyWrongPins,
            ReactivationReason::Corrupt => ReactivationCause::Damaged,
            ReactivationReason::Reset => ReactivationCause::Reset,
        }
    }
}

impl PinRule {
    /// The rule a new PIN broke; `None` for a confirmation that differs (`PinsDiffer`).
    fn for_rule(rule: PinRuleError) -> Option<PinRule> {
        match rule {
            PinRuleError::WrongLength => Some(PinRule::SixDigits),
            PinRuleError::NotDigits => Some(PinRule::DigitsOnly),
            PinRuleError::AllSameDigit => Some(PinRule::NotAllSame),
            PinRuleError::Sequence => Some(PinRule::NotASequence),
            PinRuleError::BirthDate => Some(PinRule::NotBirthDate),
            PinRuleError::Mismatch => None,
        }
    }
}
