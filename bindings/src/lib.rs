//! IKD Wallet for Kotlin and Swift: the one uniffi crate of the workspace.
//!
//! Thin on purpose: types, conversions and error mapping. Every rule lives in `ikd-core`; if a
//! shell needs a decision, it is added there and exposed here. Names avoid the standard types of
//! Kotlin, Swift and Foundation (no `Data`, `Date`, `URL`, `Error`, `Result`...).

uniffi::setup_scaffolding!();

mod error;
mod keystore;
mod messages;
mod pin_pad;
mod types;
mod wallet;

pub use error::WalletError;
pub use keystore::{HardwareKeystore, KeystoreFailure};
pub use messages::{UserText, error_text, wait_text};
pub use pin_pad::{PinPad, pin_length};
pub use types::*;
pub use wallet::IkdWallet;
