//! IKD Wallet for Kotlin and Swift: the one uniffi crate of the workspace.
//!
//! Thin on purpose: the app flow (`ikd-app`, exposed as [`IkdApp`]) and the platform keystore as
//! a foreign trait, with their types restated for uniffi. Every rule lives in `ikd-core`, the
//! flow in `ikd-app`; if a shell needs a decision, it is added there and exposed here. Names
//! avoid the standard types of Kotlin, Swift and Foundation (no `Data`, `Date`, `URL`, `Error`,
//! `Result`...).

uniffi::setup_scaffolding!();

mod app;
mod app_types;
mod biometric;
mod keystore;

pub use app::IkdApp;
pub use app_types::*;
pub use biometric::{BiometricFailure, BiometricKeystore};
pub use keystore::{HardwareKeystore, KeystoreFailure};
