//! IKD Wallet engine: the encrypted vault, the PIN and its lockout, the device key and the
//! documents, with every rule the app follows. The shells (Android, iOS) only draw what this
//! crate decides; see `docs/architecture.md`.

pub mod aead;
pub mod biometric;
pub mod clock;
pub mod desk_request;
pub mod device_key;
pub mod documents;
pub mod error;
pub mod expiry;
pub mod history;
pub mod issuer_client;
pub mod keystore;
pub mod lockout;
pub mod lockout_seal;
pub mod messages;
pub mod online;
pub mod pin;
pub mod secret;
pub mod session;
pub mod settings;
mod sync;
pub mod trust_store;
pub mod vault;
pub mod wallet;

pub use clock::{Clock, ManualClock, SystemClock};
pub use desk_request::{ConsentRequest, DeskAnswer};
pub use documents::StoredDocument;
pub use error::CoreError;
pub use keystore::{KeystoreError, PlatformKeystore, SoftwareKeystore};
pub use lockout::LockoutState;
pub use secret::{Pin, SecretKey};
pub use session::Session;
pub use settings::{Language, Settings};
pub use vault::ReactivationReason;
pub use wallet::{KdfPolicy, Wallet, WalletConfig, WalletStatus};
