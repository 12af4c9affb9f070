//! The desk's static X25519 key, in its own file readable by its owner only (mode 0600), made on
//! the desk and never sent anywhere: the certificate names only its public half.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use ikd_protocol::desk::certificate::DeskKeyId;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

/// The key file's name in the desk's folder.
pub const STATIC_KEY_FILE: &str = "static.key";

/// Why the key could not be made or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// There is no key yet (make one on the set-up screen or with `ikd desk init`).
    #[error("the desk has no key yet")]
    Missing,
    /// The file is not 32 bytes.
    #[error("the desk key file is damaged")]
    Damaged,
    /// Others may read the file: it is refused until its mode is 0600 again.
    #[error("the desk key file is readable by others")]
    TooOpen,
    /// The file could not be written, or no randomness was available.
    #[error("the desk key could not be saved")]
    Unwritable,
}

/// The key file in `dir`.
pub fn static_key_path(dir: &Path) -> PathBuf {
    dir.join(STATIC_KEY_FILE)
}

/// Makes the key in `dir` unless it exists (written to a temporary file first, synced, renamed:
/// a crash leaves either no key or the whole key). Returns whether a key was made.
pub fn make_static_key(dir: &Path) -> Result<bool, KeyError> {
    std::fs::create_dir_all(dir).map_err(|_| KeyError::Unwritable)?;
    let path = static_key_path(dir);
    if path.exists() {
        return Ok(false);
    }
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::getrandom(seed.as_mut()).map_err(|_| KeyError::Unwritable)?;
    let tmp = dir.join("static.key.tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|_| KeyError::Unwritable)?;
    file.write_all(seed.as_ref())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|_| KeyError::Unwritable)?;
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(true)
}

/// Reads the key in `dir`.
pub fn read_static_key(dir: &Path) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let path = static_key_path(dir);
    let meta = std::fs::metadata(&path).map_err(|_| KeyError::Missing)?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(KeyError::TooOpen);
    }
    let bytes = Zeroizing::new(std::fs::read(&path).map_err(|_| KeyError::Missing)?);
    let array: [u8; 32] = bytes.as_slice().try_into().map_err(|_| KeyError::Damaged)?;
    Ok(Zeroizing::new(array))
}

/// The public key of a secret.
pub fn public_key(secret: &[u8; 32]) -> [u8; 32] {
    PublicKey::from(&StaticSecret::from(*secret)).to_bytes()
}

/// The desk's fingerprint as the set-up screen shows it (and an authority compares by phone or
/// letter): the 16-byte desk key id in groups of four hex digits.
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    let id = DeskKeyId::of(public_key);
    id.0.chunks(2)
        .map(|pair| format!("{:02X}{:02X}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_with_mode_0600_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_static_key(dir.path()), Err(KeyError::Missing));
        assert!(make_static_key(dir.path()).unwrap());
        let first = read_static_key(dir.path()).unwrap();
        assert!(!make_static_key(dir.path()).unwrap());
        assert_eq!(*read_static_key(dir.path()).unwrap(), *first);
        let mode = std::fs::metadata(static_key_path(dir.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_key_file_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        make_static_key(dir.path()).unwrap();
        let path = static_key_path(dir.path());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(read_static_key(dir.path()), Err(KeyError::TooOpen));
    }

    #[test]
    fn the_fingerprint_is_the_desk_key_id_in_groups() {
        let text = fingerprint(&[7; 32]);
        assert_eq!(text.len(), 8 * 4 + 7);
        assert_eq!(
            text.replace(' ', "").to_lowercase(),
            DeskKeyId::of(&[7; 32])
                .0
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
    }
}
