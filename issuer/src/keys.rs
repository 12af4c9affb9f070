//! The service's keys, made on first start in `<data>/keys/` (mode 0600) and reused after.
//!
//! A real deployment keeps the issuer and trust-root keys in an HSM; this reference service keeps
//! them in files so that it runs anywhere, and says so.

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use ed25519_dalek::SigningKey;
use zeroize::Zeroizing;

/// Every key the service uses.
pub struct ServiceKeys {
    /// Signs credentials.
    pub issuer: SigningKey,
    /// Signs the trust list and the revocation list.
    pub trust_root: SigningKey,
    /// The verifier authority: certifies desks and signs their revocation list (listed in the
    /// trust list).
    pub verifier_authority: SigningKey,
    /// Keys the activation code hashes.
    pub code_key: Zeroizing<[u8; 32]>,
    /// Keys the hash of a NIK in the audit log (searchable, not reversible without the key).
    pub audit_key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for ServiceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServiceKeys(<redacted>)")
    }
}

/// The file of the retired frame format's shared desk secret, deleted where an older service left
/// it.
const RETIRED_DESK_KEY: &str = "desk.key";

/// Reads `<dir>/<name>.key`, creating it with 32 random bytes if missing.
fn load_or_create(dir: &Path, name: &str) -> std::io::Result<Zeroizing<[u8; 32]>> {
    let path = dir.join(format!("{name}.key"));
    match fs::read(&path) {
        Ok(bytes) => {
            let array: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{name}.key is damaged"),
                )
            })?;
            Ok(Zeroizing::new(array))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut key = Zeroizing::new([0u8; 32]);
            getrandom::getrandom(key.as_mut())
                .map_err(|_| std::io::Error::other("no randomness for a key"))?;
            let tmp = dir.join(format!("{name}.key.tmp"));
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&tmp)?;
            file.write_all(key.as_ref())?;
            file.sync_all()?;
            fs::rename(&tmp, &path)?;
            Ok(key)
        }
        Err(e) => Err(e),
    }
}

impl ServiceKeys {
    /// Loads the keys from `<data_dir>/keys`, creating what is missing.
    pub fn load_or_create(data_dir: &Path) -> std::io::Result<ServiceKeys> {
        let dir = data_dir.join("keys");
        fs::create_dir_all(&dir)?;
        // The one shared desk key of the retired frame format: no wallet encrypts to it any more,
        // and a secret nobody needs is one that can only leak.
        match fs::remove_file(dir.join(RETIRED_DESK_KEY)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        Ok(ServiceKeys {
            issuer: SigningKey::from_bytes(&*load_or_create(&dir, "issuer")?),
            trust_root: SigningKey::from_bytes(&*load_or_create(&dir, "trust-root")?),
            verifier_authority: SigningKey::from_bytes(&*load_or_create(
                &dir,
                "verifier-authority",
            )?),
            code_key: load_or_create(&dir, "activation-code")?,
            audit_key: load_or_create(&dir, "audit")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_made_once_and_reused_with_private_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let first = ServiceKeys::load_or_create(dir.path()).unwrap();
        let again = ServiceKeys::load_or_create(dir.path()).unwrap();
        assert_eq!(first.issuer.to_bytes(), again.issuer.to_bytes());
        assert_ne!(first.issuer.to_bytes(), first.trust_root.to_bytes());
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.path().join("keys/issuer.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(format!("{first:?}"), "ServiceKeys(<redacted>)");
    }

    #[test]
    fn the_retired_shared_desk_key_is_deleted_where_an_older_service_left_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("keys")).unwrap();
        fs::write(dir.path().join("keys").join(RETIRED_DESK_KEY), [7u8; 32]).unwrap();
        ServiceKeys::load_or_create(dir.path()).unwrap();
        assert!(!dir.path().join("keys").join(RETIRED_DESK_KEY).exists());
    }
}
