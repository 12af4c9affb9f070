//! The folder where the CLI keeps everything, one place:
//!
//! ```text
//! HOME/wallet/             the wallet's vault (wallet.sqlite3 + WAL)
//! HOME/keystore/           the software keystore (stands in for the phone's secure hardware)
//! HOME/issuer/             the demo issuer's data (database, keys, outbox)
//! HOME/trust-list.cbor     the signed trust list the wallet received
//! HOME/last-qr.png         the last answer the wallet drew, as a QR image
//! HOME/desk/               the demo desk (its own key, certificate, replay store, request QR)
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ikd_core::{SoftwareKeystore, SystemClock, Wallet, WalletConfig};

/// The CLI's folder layout.
#[derive(Debug, Clone)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    /// The layout under `root`.
    pub fn new(root: impl Into<PathBuf>) -> Home {
        Home { root: root.into() }
    }

    /// `$IKD_HOME`, else `$HOME/.local/share/ikd`, else `./.ikd`.
    pub fn default_root() -> PathBuf {
        if let Some(dir) = std::env::var_os("IKD_HOME") {
            return dir.into();
        }
        match std::env::var_os("HOME") {
            Some(home) => Path::new(&home).join(".local/share/ikd"),
            None => PathBuf::from(".ikd"),
        }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }
    /// The wallet's vault folder.
    pub fn wallet_dir(&self) -> PathBuf {
        self.root.join("wallet")
    }
    /// The demo issuer's data folder.
    pub fn issuer_dir(&self) -> PathBuf {
        self.root.join("issuer")
    }
    /// The last answer's QR as PNG.
    pub fn last_qr_png(&self) -> PathBuf {
        self.root.join("last-qr.png")
    }
    /// The demo desk's folder.
    pub fn desk_dir(&self) -> PathBuf {
        self.root.join("desk")
    }
    /// The last request or card the desk showed, as PNG.
    pub fn desk_request_png(&self) -> PathBuf {
        self.desk_dir().join("request.png")
    }
    /// The revocation list the wallet received.
    pub fn revocation_list(&self) -> PathBuf {
        self.root.join("revocation-list.cbor")
    }
    /// The trust list the wallet received.
    pub fn trust_list(&self) -> PathBuf {
        self.root.join("trust-list.cbor")
    }

    /// Opens the wallet with the desktop (software) keystore and the system clock.
    pub fn open_wallet(&self) -> Result<Wallet, ikd_core::CoreError> {
        let keystore = Arc::new(SoftwareKeystore::new(self.root.join("keystore"))?);
        Wallet::open(
            self.wallet_dir(),
            keystore,
            Arc::new(SystemClock::new()),
            WalletConfig::default(),
        )
    }
}
