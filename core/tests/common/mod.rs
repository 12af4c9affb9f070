//! Shared set-up for the wallet's end-to-end tests: a real folder, a real SQLite file, the
//! software keystore in a separate folder, and a clock the test moves.
#![allow(dead_code, clippy::unwrap_used)] // test support code, outside #[test] functions

use std::path::PathBuf;
use std::sync::Arc;

use ikd_core::pin::kdf::KdfParams;
use ikd_core::{KdfPolicy, ManualClock, SoftwareKeystore, Wallet, WalletConfig};

pub mod biometric;
pub mod hardware;
pub mod office;

/// A fictional woman born 17 Aug 1990 in Jakarta Selatan (the NIK writes the day as 57).
pub const NIK: &str = "3174015708900001";
/// A PIN that passes every rule for [`NIK`].
pub const PIN: &str = "246813";
/// Another acceptable PIN.
pub const NEW_PIN: &str = "975318";
/// A wrong PIN.
pub const WRONG_PIN: &str = "111112";
/// 2027-01-15, a Friday: an arbitrary fixed "now".
pub const T0: i64 = 1_800_000_000;

pub struct Phone {
    pub wallet_dir: PathBuf,
    pub keystore_dir: PathBuf,
    pub clock: Arc<ManualClock>,
    _root: tempfile::TempDir,
}

pub fn config() -> WalletConfig {
    WalletConfig {
        kdf: KdfPolicy::Fixed(KdfParams::MINIMUM),
    }
}

impl Phone {
    pub fn new() -> Phone {
        let root = tempfile::tempdir().unwrap();
        Phone {
            wallet_dir: root.path().join("wallet"),
            keystore_dir: root.path().join("keystore"),
            clock: Arc::new(ManualClock::at(T0)),
            _root: root,
        }
    }

    pub fn keystore(&self) -> Arc<SoftwareKeystore> {
        Arc::new(SoftwareKeystore::new(&self.keystore_dir).unwrap())
    }

    /// Opens the wallet as the app does at start (a fresh object each time: a "restart").
    pub fn open(&self) -> Wallet {
        Wallet::open(
            &self.wallet_dir,
            self.keystore(),
            self.clock.clone(),
            config(),
        )
        .unwrap()
    }

    /// A wallet that is set up with [`PIN`] and then locked.
    pub fn set_up() -> Phone {
        let phone = Phone::new();
        let wallet = phone.open();
        wallet.set_up(&PIN.into(), NIK).unwrap().lock();
        phone
    }

    /// Every file of the wallet folder, concatenated (database, WAL, journal...).
    pub fn all_file_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for entry in std::fs::read_dir(&self.wallet_dir).unwrap() {
            bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
        }
        bytes
    }
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
