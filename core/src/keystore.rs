//! The hardware step of every PIN guess: a key that never leaves the phone's secure hardware.
//!
//! On a phone the shell implements [`PlatformKeystore`] over Android Keystore (HMAC key in
//! StrongBox or the TEE) or the iOS Secure Enclave. The core feeds it the Argon2 output of the PIN
//! and mixes the answer into the key that unwraps the master key, so a PIN can only be tried on the
//! phone that holds the hardware key. [`SoftwareKeystore`] is the desktop and test stand-in: it keeps
//! its key in a plain file and gives none of that protection.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Why the platform keystore could not answer. Messages carry no key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeystoreError {
    /// The key does not exist on this device (another phone, or it was deleted).
    #[error("hardware key not found on this device")]
    KeyNotFound,
    /// The keystore exists but refused or failed; `reason` is a short, secret-free description.
    #[error("hardware keystore unavailable: {reason}")]
    Unavailable {
        /// Short description for diagnostics (no key material, no personal data).
        reason: String,
    },
}

/// A hardware-backed keyed function, provided by the platform.
///
/// Implementations must be deterministic: the same alias and input give the same output for the
/// life of the key, and the output is at least 32 bytes.
pub trait PlatformKeystore: Send + Sync {
    /// Creates the key named `alias` if it does not exist yet.
    fn ensure_key(&self, alias: &str) -> Result<(), KeystoreError>;

    /// Computes the keyed function (e.g. HMAC-SHA256) of `input` under the key `alias`.
    fn derive(&self, alias: &str, input: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError>;

    /// Deletes the key `alias`; deleting a missing key is not an error.
    fn delete_key(&self, alias: &str) -> Result<(), KeystoreError>;
}

/// A keystore that keeps its HMAC keys in files: for the desktop CLI and for tests.
///
/// NOT hardware-backed: anyone who copies its folder can try PINs offline, so its folder is
/// created for its owner only (0700), each key file is written 0600, and a key file that a group
/// or other users could read is refused rather than used (the key may have leaked). Keep the folder
/// outside the vault folder so that copying the vault alone is not enough.
pub struct SoftwareKeystore {
    dir: PathBuf,
}

impl SoftwareKeystore {
    /// A keystore keeping its keys in `dir` (created if missing, for its owner only).
    pub fn new(dir: impl AsRef<Path>) -> Result<Self, KeystoreError> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir).map_err(|e| unavailable("cannot create keystore folder", &e))?;
        owner_only::restrict_folder(&dir)
            .map_err(|e| unavailable("cannot restrict keystore folder", &e))?;
        Ok(Self { dir })
    }

    fn key_path(&self, alias: &str) -> Result<PathBuf, KeystoreError> {
        let valid = !alias.is_empty()
            && alias.len() <= 64
            && alias
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(KeystoreError::Unavailable {
                reason: "invalid key alias".into(),
            });
        }
        Ok(self.dir.join(format!("{alias}.key")))
    }

    fn read_key(&self, alias: &str) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
        let path = self.key_path(alias)?;
        match owner_only::check_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeystoreError::KeyNotFound);
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(KeystoreError::Unavailable {
                    reason: "key file readable by other users: refused".into(),
                });
            }
            Err(e) => return Err(unavailable("cannot inspect key", &e)),
        }
        match fs::read(&path) {
            Ok(bytes) if bytes.len() == 32 => Ok(Zeroizing::new(bytes)),
            Ok(_) => Err(KeystoreError::Unavailable {
                reason: "key file damaged".into(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(KeystoreError::KeyNotFound),
            Err(e) => Err(unavailable("cannot read key", &e)),
        }
    }
}

impl fmt::Debug for SoftwareKeystore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoftwareKeystore").finish_non_exhaustive()
    }
}

impl PlatformKeystore for SoftwareKeystore {
    fn ensure_key(&self, alias: &str) -> Result<(), KeystoreError> {
        let path = self.key_path(alias)?;
        if path.exists() {
            return Ok(());
        }
        let key = Zeroizing::new(crate::secret::random_array::<32>().map_err(|_| {
            KeystoreError::Unavailable {
                reason: "no randomness".into(),
            }
        })?);
        // Write to a temporary name and rename, so a crash never leaves a half-written key.
        let tmp = path.with_extension("key.tmp");
        let mut file =
            owner_only::create_file(&tmp).map_err(|e| unavailable("cannot create key", &e))?;
        file.write_all(key.as_ref())
            .and_then(|()| file.sync_all())
            .map_err(|e| unavailable("cannot write key", &e))?;
        fs::rename(&tmp, &path).map_err(|e| unavailable("cannot store key", &e))
    }

    fn derive(&self, alias: &str, input: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
        let key = self.read_key(alias)?;
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).map_err(|_| {
            KeystoreError::Unavailable {
                reason: "bad key length".into(),
            }
        })?;
        mac.update(input);
        Ok(Zeroizing::new(mac.finalize().into_bytes().to_vec()))
    }

    fn delete_key(&self, alias: &str) -> Result<(), KeystoreError> {
        match fs::remove_file(self.key_path(alias)?) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(unavailable("cannot delete key", &e)),
        }
    }
}

/// File modes that keep the software keys to their owner (a no-op where there are no modes).
mod owner_only {
    use std::fs;
    use std::io;
    use std::path::Path;

    #[cfg(unix)]
    pub fn restrict_folder(dir: &Path) -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
    }

    #[cfg(unix)]
    pub fn create_file(path: &Path) -> io::Result<fs::File> {
        use std::os::unix::fs::OpenOptionsExt;
        fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)
    }

    /// `PermissionDenied` when a group or other users may read or write the file.
    #[cfg(unix)]
    pub fn check_file(path: &Path) -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
        Ok(())
    }

    #[cfg(not(unix))]
    pub fn restrict_folder(_dir: &Path) -> io::Result<()> {
        Ok(())
    }

    #[cfg(not(unix))]
    pub fn create_file(path: &Path) -> io::Result<fs::File> {
        fs::File::create(path)
    }

    #[cfg(not(unix))]
    pub fn check_file(path: &Path) -> io::Result<()> {
        fs::metadata(path).map(|_| ())
    }
}

fn unavailable(what: &str, error: &std::io::Error) -> KeystoreError {
    KeystoreError::Unavailable {
        reason: format!("{what} ({:?})", error.kind()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn software_keystore_is_deterministic_per_key_and_differs_between_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        store.ensure_key("a").unwrap();
        store.ensure_key("b").unwrap();
        let a1 = store.derive("a", b"input").unwrap();
        let a2 = store.derive("a", b"input").unwrap();
        let b = store.derive("b", b"input").unwrap();
        assert_eq!(*a1, *a2);
        assert_ne!(*a1, *b);
        assert_eq!(a1.len(), 32);
    }

    #[test]
    fn ensure_key_keeps_an_existing_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        store.ensure_key("k").unwrap();
        let before = store.derive("k", b"x").unwrap();
        store.ensure_key("k").unwrap();
        assert_eq!(*before, *store.derive("k", b"x").unwrap());
    }

    #[test]
    fn a_deleted_key_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        store.ensure_key("k").unwrap();
        store.delete_key("k").unwrap();
        store.delete_key("k").unwrap();
        assert_eq!(
            store.derive("k", b"x").unwrap_err(),
            KeystoreError::KeyNotFound
        );
    }

    #[cfg(unix)]
    #[test]
    fn keys_are_written_for_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("keystore");
        let store = SoftwareKeystore::new(&folder).unwrap();
        store.ensure_key("k").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&folder.join("k.key")), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_other_users_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        store.ensure_key("k").unwrap();
        let key = dir.path().join("k.key");
        fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            store.derive("k", b"x"),
            Err(KeystoreError::Unavailable { .. })
        ));
        // Back to owner-only, the same key works again: nothing was lost.
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
        assert!(store.derive("k", b"x").is_ok());
    }

    #[test]
    fn aliases_cannot_escape_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        assert!(store.ensure_key("../evil").is_err());
        assert!(store.ensure_key("").is_err());
    }
}
