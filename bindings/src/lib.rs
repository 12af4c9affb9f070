//! IKD Wallet for Kotlin and Swift: the one uniffi crate of the workspace.
//!
//! Thin on purpose: types, conversions and error mapping. The app's flow lives in `ikd-app`
//! (exposed as `IkdApp`), every other rule in `ikd-core`; if a shell needs a decision, it is
//! added there and exposed here. `IkdWallet` is the older, lower-level object, kept until both
//! shells have moved to `IkdApp`. Names avoid the standard types of
//! Kotlin, Swift and Foundation (no `Data`, `Date`, `URL`, `Error`, `Result`...).

uniffi::setup_scaffolding!();

mod app;
mod app_types;
mod error;
mod keystore;
mod messages;
mod pin_pad;
mod types;
mod wallet;

pub use app::IkdApp;
pub use app_types::*;
pub use error::WalletError;
pub use keystore::{HardwareKeystore, KeystoreFailure};
pub use messages::{UserText, error_text, wait_text};
pub use pin_pad::{PinPad, pin_length};
pub use types::*;
pub use wallet::IkdWallet;
