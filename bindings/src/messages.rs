//! What to tell the citizen about an error or a wait, from the core's one bilingual table
//! (`ikd_core::messages`): both shells show the same words.

use ikd_core::issuer_client::NetworkError;
use ikd_core::lockout::{LockoutState, MAX_FAILURES};
use ikd_core::pin::rules::PinRuleError;
use ikd_core::vault::StorageError;
use ikd_core::{CoreError, KeystoreError, ReactivationReason, messages};

use crate::error::WalletError;
use crate::types::{PinRule, ReactivationCause};

/// A text in both languages; the shell shows the one the settings choose.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UserText {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl From<messages::UserMessage> for UserText {
    fn from(message: messages::UserMessage) -> Self {
        UserText {
            id: message.id,
            en: message.en,
        }
    }
}

/// What to tell the citizen about `error`, including what to do next.
#[uniffi::export]
pub fn error_text(error: &WalletError) -> UserText {
    messages::for_error(&representative(error)).into()
}

/// A wait as a person reads it: "45 detik" / "45 seconds", "5 menit" / "5 minutes".
#[uniffi::export]
pub fn wait_text(seconds: u64) -> UserText {
    messages::wait_text(seconds).into()
}

fn lockout(attempts_left: u32, wait_seconds: u64) -> LockoutState {
    LockoutState {
        failures: MAX_FAILURES.saturating_sub(attempts_left),
        attempts_left,
        next_attempt_at: None,
        wait_seconds,
    }
}

/// The core error whose message fits the public error (the public enum is coarser).
fn representative(error: &WalletError) -> CoreError {
    match error {
        WalletError::NotActivated => CoreError::NotSetUp,
        WalletError::AlreadyActivated => CoreError::AlreadySetUp,
        WalletError::NeedsReactivation { reason } => CoreError::NeedsReactivation(match reason {
            ReactivationCause::TooManyWrongPins => ReactivationReason::TooManyWrongPins,
            ReactivationCause::Damaged => ReactivationReason::Corrupt,
            ReactivationCause::Reset => ReactivationReason::Reset,
        }),
        WalletError::WrongPin {
            attempts_left,
            wait_seconds,
        } => CoreError::WrongPin(lockout(*attempts_left, *wait_seconds)),
        WalletError::LockedOut {
            attempts_left,
            wait_seconds,
        } => CoreError::LockedOut(lockout(*attempts_left, *wait_seconds)),
        WalletError::PinRejected { rule } => CoreError::PinRule(match rule {
            PinRule::SixDigits => PinRuleError::WrongLength,
            PinRule::DigitsOnly => PinRuleError::NotDigits,
            PinRule::NotAllSame => PinRuleError::AllSameDigit,
            PinRule::NotASequence => PinRuleError::Sequence,
            PinRule::NotBirthDate => PinRuleError::BirthDate,
        }),
        WalletError::PinsDiffer => CoreError::PinRule(PinRuleError::Mismatch),
        WalletError::DeviceMismatch => CoreError::DeviceMismatch,
        WalletError::KeystoreUnavailable => CoreError::Keystore(KeystoreError::Unavailable {
            reason: String::new(),
        }),
        WalletError::StorageFull => CoreError::Storage(StorageError::Full),
        WalletError::StorageUnavailable => CoreError::Storage(StorageError::Io),
        WalletError::Locked => CoreError::SessionLocked,
        WalletError::DocumentMissing => CoreError::DocumentNotFound,
        WalletError::NetworkUnavailable => CoreError::Network(NetworkError::Unreachable),
        WalletError::ServerRefused {
            code,
            message_id,
            message_en,
        } => CoreError::Network(NetworkError::Refused {
            code: code.clone(),
            message_id: message_id.clone(),
            message_en: message_en.clone(),
        }),
        WalletError::InvalidActivationQr => CoreError::InvalidActivationQr,
        WalletError::InvalidNik => CoreError::InvalidNik(ikd_protocol::nik::NikError::WrongLength),
        WalletError::ClockWrong => CoreError::ClockOutOfRange,
        WalletError::Internal => CoreError::MalformedRecord,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_pin_text_tells_tries_left_and_the_wait_in_both_languages() {
        let text = error_text(&WalletError::WrongPin {
            attempts_left: 5,
            wait_seconds: 60,
        });
        assert_eq!(
            text.id,
            "PIN salah. Sisa percobaan: 5. Coba lagi dalam 1 menit."
        );
        assert_eq!(text.en, "Wrong PIN. Tries left: 5. Try again in 1 minute.");
    }

    #[test]
    fn the_server_refusal_text_is_the_servers_own() {
        let text = error_text(&WalletError::ServerRefused {
            code: "activation_code_invalid".into(),
            message_id: "Kode aktivasi salah.".into(),
            message_en: "Wrong activation code.".into(),
        });
        assert_eq!(text.id, "Kode aktivasi salah.");
    }

    #[test]
    fn pins_that_differ_say_to_type_the_same_pin_twice() {
        assert!(error_text(&WalletError::PinsDiffer).en.contains("same"));
    }
}
