//! IKD Wallet engine: the encrypted vault, the PIN and its lockout, the device key and the
//! documents, with every rule the app follows. The shells (Android, iOS) only draw what this
//! crate decides; see `docs/architecture.md`.

pub mod aead;
pub mod keystore;
pub mod lockout;
pub mod pin;
pub mod secret;
pub mod vault;

pub use keystore::{KeystoreError, PlatformKeystore, SoftwareKeystore};
pub use secret::{Pin, SecretKey};
