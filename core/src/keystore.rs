//! The hardware step of every PIN guess: a key that never leaves the phone's secure hardware.
//!
//! On a phone the shell implements [`PlatformKeystore`] over Android Keystore (HMAC key in
//! StrongBox or the TEE) or the iOS Secure Enclave. The core feeds it the Argon2 output of the PIN
//! and mixes the answer into the key that unwraps the master key, so a PIN can only be tried on the
//! phone that holds the hardware key. [`SoftwareKeystore`] is the desktop and test stand-in: it keeps
//! its key in a plain file and gives none of that protection.
//!
//! The key a PIN guess uses is a *limited key* ([`PlatformKeystore::create_limited_key`]): the
//! hardware answers it a fixed number of times and then refuses ([`KeystoreError::LimitReached`]).
//! The count lives in the secure hardware, not in the wallet's files, so no edit, restore or
//! rollback of those files gives a guess beyond it (see `docs/security.md` for what each platform
//! really enforces).

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
    /// A limited key ([`PlatformKeystore::create_limited_key`]) has been used as often as it was
    /// made for: the hardware refuses every further use.
    #[error("hardware key used up: its use limit is reached")]
    LimitReached,
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
    /// Creates the key named `alias` if it does not exist yet. The key has no use limit.
    fn ensure_key(&self, alias: &str) -> Result<(), KeystoreError>;

    /// Creates a fresh key named `alias` that answers [`PlatformKeystore::derive`] at most
    /// `max_uses` times, replacing any key of that name (a half-done rotation may have left one).
    ///
    /// The count must be kept where the wallet's files cannot reach it (KeyMint's usage count on
    /// Android): once it is spent, `derive` fails with [`KeystoreError::LimitReached`], or with
    /// [`KeystoreError::KeyNotFound`] where the hardware deletes a used-up key. A platform that
    /// cannot enforce a limit in hardware creates the strongest key it can and says so in
    /// `docs/security.md`; it must never fail here just because it cannot count.
    fn create_limited_key(&self, alias: &str, max_uses: u32) -> Result<(), KeystoreError>;

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
///
/// Its limited keys ([`PlatformKeystore::create_limited_key`]) keep their count of uses left in a
/// file beside the key (`<alias>.uses`), decremented and synced before each answer. That is an
/// honest limit for the app's own code paths, but NOT a hardware one: whoever can write the
/// folder can reset the count.
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

    /// Where a limited key keeps its count of uses left (absent for a key without a limit).
    fn uses_path(&self, alias: &str) -> Result<PathBuf, KeystoreError> {
        Ok(self.key_path(alias)?.with_extension("uses"))
    }

    /// Takes one use of a limited key (a no-op for a key without a limit). The decremented count
    /// is on disk before the caller answers, like the lockout counter before the KDF, so killing
    /// the process mid-answer still spends the use.
    fn spend_use(&self, alias: &str) -> Result<(), KeystoreError> {
        let path = self.uses_path(alias)?;
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(unavailable("cannot read use count", &e)),
        };
        let left: [u8; 4] =
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| KeystoreError::Unavailable {
                    reason: "use count damaged".into(),
                })?;
        let left = u32::from_be_bytes(left);
        if left == 0 {
            return Err(KeystoreError::LimitReached);
        }
        write_atomically(&path, &(left - 1).to_be_bytes())
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
        write_atomically(&path, new_key()?.as_ref())
    }

    fn create_limited_key(&self, alias: &str, max_uses: u32) -> Result<(), KeystoreError> {
        let path = self.key_path(alias)?;
        // The count first: a crash between the two writes leaves a count without a key (not
        // found), never a new key without a count (a key without a limit).
        write_atomically(&self.uses_path(alias)?, &max_uses.to_be_bytes())?;
        write_atomically(&path, new_key()?.as_ref())
    }

    fn derive(&self, alias: &str, input: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
        let key = self.read_key(alias)?;
        self.spend_use(alias)?;
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).map_err(|_| {
            KeystoreError::Unavailable {
                reason: "bad key length".into(),
            }
        })?;
        mac.update(input);
        Ok(Zeroizing::new(mac.finalize().into_bytes().to_vec()))
    }

    fn delete_key(&self, alias: &str) -> Result<(), KeystoreError> {
        // The key first: once it is gone, a count left behind by a crash limits nothing.
        for path in [self.key_path(alias)?, self.uses_path(alias)?] {
            match fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(unavailable("cannot delete key", &e)),
            }
        }
        Ok(())
    }
}

/// 32 random bytes for a new key.
fn new_key() -> Result<Zeroizing<[u8; 32]>, KeystoreError> {
    crate::secret::random_array::<32>()
        .map(Zeroizing::new)
        .map_err(|_| KeystoreError::Unavailable {
            reason: "no randomness".into(),
        })
}

/// Writes `bytes` to a temporary name (owner-only), syncs it and renames it over `path`, so a crash
/// never leaves a half-written key or count.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), KeystoreError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut file =
        owner_only::create_file(&tmp).map_err(|e| unavailable("cannot create key", &e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| unavailable("cannot write key", &e))?;
    fs::rename(&tmp, path).map_err(|e| unavailable("cannot store key", &e))
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
    fn a_limited_key_answers_its_uses_then_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        store.create_limited_key("k", 2).unwrap();
        let first = store.derive("k", b"x").unwrap();
        assert_eq!(*first, *store.derive("k", b"x").unwrap());
        assert_eq!(
            store.derive("k", b"x").unwrap_err(),
            KeystoreError::LimitReached
        );
        // A new key of the same name starts a fresh count (and is another key).
        store.create_limited_key("k", 1).unwrap();
        assert_ne!(*first, *store.derive("k", b"x").unwrap());
        store.delete_key("k").unwrap();
        assert_eq!(
            store.derive("k", b"x").unwrap_err(),
            KeystoreError::KeyNotFound
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn aliases_cannot_escape_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        assert!(store.ensure_key("../evil").is_err());
        assert!(store.ensure_key("").is_err());
    }
}
