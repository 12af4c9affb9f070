//! The core's error type: one variant per situation a screen must handle differently.
//!
//! Messages name the situation only; no PIN, key, NIK or document value ever appears in them.

use crate::keystore::KeystoreError;
use crate::lockout::LockoutState;
use crate::pin::rules::PinRuleError;
use crate::vault::{ReactivationReason, StorageError};

/// Everything the wallet engine can refuse or fail with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    /// No wallet has been set up in this folder yet.
    #[error("the wallet is not activated yet")]
    NotSetUp,
    /// A wallet already exists here; reset it before setting up again.
    #[error("the wallet is already set up")]
    AlreadySetUp,
    /// The keys are gone (too many wrong PINs, damage, reset): activate again.
    #[error("the wallet needs to be activated again")]
    NeedsReactivation(ReactivationReason),
    /// The PIN was wrong; the state tells how many tries are left and when the next may be.
    #[error("wrong PIN")]
    WrongPin(LockoutState),
    /// Too many wrong PINs: no try before the instant in the state.
    #[error("too many wrong PINs, wait before trying again")]
    LockedOut(LockoutState),
    /// The new PIN breaks a rule.
    #[error(transparent)]
    PinRule(#[from] PinRuleError),
    /// The vault was made on another device (copied files, or the hardware key is gone).
    #[error("this wallet belongs to another device")]
    DeviceMismatch,
    /// The platform keystore failed; without it no PIN can be checked.
    #[error(transparent)]
    Keystore(#[from] KeystoreError),
    /// The database could not be read or written.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The session was locked (explicitly, on background, or after inactivity).
    #[error("the wallet is locked")]
    SessionLocked,
    /// The operating system gave no randomness.
    #[error("no randomness available")]
    NoRandomness,
    /// A stored value could not be decoded (written by a damaged or foreign app).
    #[error("a stored value is malformed")]
    MalformedRecord,
    /// A credential was issued for another device key than this wallet's.
    #[error("the credential belongs to another device")]
    CredentialForAnotherDevice,
    /// The wallet holds no document of the requested kind.
    #[error("no such document in the wallet")]
    DocumentNotFound,
    /// A trust or revocation list does not verify against the trust root, or is older.
    #[error("the list is not signed by the trust root")]
    UntrustedList,
    /// No trust list was stored yet (activation not finished).
    #[error("no trust list stored")]
    NoTrustList,
    /// A scanned desk request was refused by the shared desk rules (the code says why).
    #[error("desk request refused: {0}")]
    DeskRefused(ikd_protocol::desk::rules::DeskRefusal),
    /// The desk asks for a profile of another document than the one the citizen opened to show
    /// (the citizen opened the KTP, the desk asks for the BPJS card): nothing is shared.
    #[error("the desk asks for another document")]
    DeskAsksForAnotherDocument(ikd_protocol::profile::DocType),
    /// The answer does not fit the largest QR code.
    #[error("the answer does not fit a QR code")]
    QrTooLarge,
    /// The device clock is outside the range the formats can express.
    #[error("the clock is out of range")]
    ClockOutOfRange,
    /// Talking to the issuer failed.
    #[error(transparent)]
    Network(#[from] crate::issuer_client::NetworkError),
    /// The issuer address is not HTTPS (plain HTTP is allowed on loopback only).
    #[error("the server address must use HTTPS")]
    InsecureServer,
    /// The scanned activation QR is not an IKD activation QR.
    #[error("invalid activation QR")]
    InvalidActivationQr,
    /// The NIK is not valid.
    #[error(transparent)]
    InvalidNik(#[from] ikd_protocol::nik::NikError),
    /// Biometric unlock failed or is not possible now; the PIN always works.
    #[error(transparent)]
    Biometric(#[from] crate::biometric::BiometricError),
}

impl From<crate::issuer_client::AddressError> for CoreError {
    fn from(error: crate::issuer_client::AddressError) -> Self {
        match error {
            crate::issuer_client::AddressError::Invalid => CoreError::InvalidActivationQr,
            crate::issuer_client::AddressError::Insecure => CoreError::InsecureServer,
        }
    }
}

impl From<getrandom::Error> for CoreError {
    fn from(_: getrandom::Error) -> Self {
        CoreError::NoRandomness
    }
}
