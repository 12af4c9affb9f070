//! The lockout record's seal: a keyed MAC from the platform keystore over the counter, so that a
//! counter edited in the database file reads as tampering instead of giving the tries back.
//!
//! The seal key is a second keystore key beside the wallet's PIN key (`<alias>-seal`). It is used
//! on every lockout read and write, never for a PIN guess, so it can carry no use limit. A seal
//! does not stop a whole older copy of the database being put back (its seal was valid once); only
//! a limit held by the hardware closes that (see `docs/security.md`).

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::keystore::{KeystoreError, PlatformKeystore};
use crate::lockout::LockoutRecord;

/// Length of a stored seal.
pub const SEAL_LEN: usize = 32;

const SEAL_DOMAIN: &[u8] = b"IKD-lockout-seal-v1";

/// The keystore alias of the seal key of the wallet whose PIN key is `wallet_alias`.
pub fn seal_alias(wallet_alias: &str) -> String {
    format!("{wallet_alias}-seal")
}

/// The seal of `record` for the wallet `wallet_alias`.
pub fn seal(
    keystore: &dyn PlatformKeystore,
    wallet_alias: &str,
    record: &LockoutRecord,
) -> Result<[u8; SEAL_LEN], KeystoreError> {
    let mac = keystore.derive(
        &seal_alias(wallet_alias),
        &sealed_bytes(wallet_alias, record),
    )?;
    // Hashed so that the stored value has one length whatever the keystore's output length.
    Ok(Sha256::digest(&mac[..]).into())
}

/// Whether `stored` is the seal of `record` (compared in constant time). A missing seal is not.
pub fn verify(
    keystore: &dyn PlatformKeystore,
    wallet_alias: &str,
    record: &LockoutRecord,
    stored: Option<&[u8]>,
) -> Result<bool, KeystoreError> {
    let Some(stored) = stored else {
        return Ok(false);
    };
    let expected = seal(keystore, wallet_alias, record)?;
    Ok(stored.len() == SEAL_LEN && bool::from(expected[..].ct_eq(stored)))
}

/// domain || alias length (1 byte) || alias || failures (u32 BE) || not_before || last_seen (i64 BE)
fn sealed_bytes(wallet_alias: &str, record: &LockoutRecord) -> Vec<u8> {
    let alias = wallet_alias.as_bytes();
    let mut bytes = Vec::with_capacity(SEAL_DOMAIN.len() + 1 + alias.len() + 20);
    bytes.extend_from_slice(SEAL_DOMAIN);
    // Aliases are at most 64 bytes (the keystore refuses longer ones), so one length byte is enough.
    bytes.push(alias.len().min(u8::MAX as usize) as u8);
    bytes.extend_from_slice(alias);
    bytes.extend_from_slice(&record.failures.to_be_bytes());
    bytes.extend_from_slice(&record.not_before.to_be_bytes());
    bytes.extend_from_slice(&record.last_seen.to_be_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystore::SoftwareKeystore;

    fn keystore() -> (tempfile::TempDir, SoftwareKeystore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        store.ensure_key(&seal_alias("w")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_record_verifies_under_its_own_seal_only() {
        let (_dir, store) = keystore();
        let record = LockoutRecord {
            failures: 6,
            not_before: 1_800_000_300,
            last_seen: 1_800_000_000,
        };
        let seal = seal(&store, "w", &record).unwrap();
        assert!(verify(&store, "w", &record, Some(&seal)).unwrap());
        let edited = LockoutRecord {
            failures: 0,
            not_before: 0,
            ..record
        };
        assert!(!verify(&store, "w", &edited, Some(&seal)).unwrap());
        assert!(!verify(&store, "w", &record, None).unwrap());
        assert!(!verify(&store, "w", &record, Some(&seal[..31])).unwrap());
    }

    #[test]
    fn a_seal_needs_the_seal_key() {
        let (_dir, store) = keystore();
        let record = LockoutRecord::default();
        assert_eq!(
            seal(&store, "other", &record).unwrap_err(),
            KeystoreError::KeyNotFound
        );
    }
}
