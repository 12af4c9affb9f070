//! The PIN slot: the master key wrapped under a key that needs both the PIN and this phone.
//!
//! KEK = HKDF-SHA256(Argon2id(PIN, salt) || K_hw), where K_hw is the platform keystore's keyed
//! function of the Argon2 output. Without the hardware key no PIN can be confirmed, so a copied
//! vault cannot be attacked offline; without the PIN the hardware key alone opens nothing.
//!
//! K_hw comes from a limited key ([`PinKey::Limited`]): the hardware answers it
//! [`crate::lockout::PIN_KEY_MAX_USES`] times, one of them spent on wrapping. A right PIN wraps the
//! master key again under the next generation's key, which restores the count.

use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::kdf::{self, KdfParams, KdfParamsError};
use crate::aead::{self, AeadError, Sealed};
use crate::keystore::{KeystoreError, PlatformKeystore};
use crate::lockout_seal::seal_alias;
use crate::secret::{Pin, SecretKey, random_array};

/// Which keystore key answers a wallet's PIN guesses. Stored in the vault beside the wallet's
/// alias; it names a key, it grants nothing (the count is the hardware's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinKey {
    /// A key without a use limit under the wallet's own alias: a wallet made before limited keys,
    /// until its first right PIN moves it to [`PinKey::Limited`].
    Unlimited,
    /// The limited key `<wallet alias>-pin<generation>`; the generation grows at every right PIN.
    Limited {
        /// Starts at 1; one more at each rotation.
        generation: u32,
    },
}

impl PinKey {
    /// The keystore alias of this PIN key for the wallet `wallet_alias`.
    pub fn alias(self, wallet_alias: &str) -> String {
        match self {
            PinKey::Unlimited => wallet_alias.to_string(),
            PinKey::Limited { generation } => format!("{wallet_alias}-pin{generation}"),
        }
    }

    /// The key the cheap device check ([`PinSlot::check_device`]) asks. For a limited key it is
    /// the wallet's seal key (no limit, same phone), so that checking the device, which happens on
    /// every PIN pad shown, spends none of the hardware's tries.
    pub fn check_alias(self, wallet_alias: &str) -> String {
        match self {
            PinKey::Unlimited => wallet_alias.to_string(),
            PinKey::Limited { .. } => seal_alias(wallet_alias),
        }
    }

    /// The key a rotation moves to.
    pub fn next(self) -> PinKey {
        match self {
            PinKey::Unlimited => PinKey::Limited { generation: 1 },
            PinKey::Limited { generation } => PinKey::Limited {
                generation: generation.wrapping_add(1).max(1),
            },
        }
    }

    /// The keys a rotation replaced and a crash may have left behind: the unlimited key and the
    /// previous generation. A rotation starts only from a verified key whose own predecessors
    /// were swept, so no older generation can remain.
    pub fn replaced_aliases(self, wallet_alias: &str) -> Vec<String> {
        match self {
            PinKey::Unlimited => Vec::new(),
            PinKey::Limited { generation } => {
                let mut aliases = vec![PinKey::Unlimited.alias(wallet_alias)];
                if generation > 1 {
                    aliases.push(
                        PinKey::Limited {
                            generation: generation - 1,
                        }
                        .alias(wallet_alias),
                    );
                }
                aliases
            }
        }
    }
}

/// Length of the Argon2 salt.
pub const SALT_LEN: usize = 16;

const KEK_INFO: &[u8] = b"IKD-pin-kek-v1";
const SLOT_AD_LABEL: &[u8] = b"IKD-pin-slot-v1";
const KEYSTORE_CHECK_INPUT: &[u8] = b"IKD-keystore-check-v1";

/// A wrapped master key as stored in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinSlot {
    /// Argon2id parameters (the versioned header).
    pub params: KdfParams,
    /// Random salt for Argon2id.
    pub salt: [u8; SALT_LEN],
    /// The master key sealed under the KEK.
    pub wrapped_master_key: Sealed,
    /// SHA-256 of the keystore's answer to a fixed input: tells "another device" from "wrong PIN"
    /// without revealing anything about the PIN.
    pub keystore_check: [u8; 32],
    /// Increases with every PIN change; bound into the associated data.
    pub generation: u32,
}

/// Why a slot could not be made or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    /// The PIN (or the hardware key) does not open the slot.
    #[error("wrong PIN")]
    WrongPin,
    /// The keystore answers, but with another key than the one that made this slot.
    #[error("the vault was made on another device")]
    DeviceMismatch,
    /// The platform keystore failed; unlock fails with it (there is no PIN-only path).
    #[error(transparent)]
    Keystore(#[from] KeystoreError),
    /// The stored KDF parameters are below the floor or damaged.
    #[error(transparent)]
    Params(#[from] KdfParamsError),
    /// No randomness for the salt or nonce.
    #[error("no randomness available")]
    NoRandomness,
}

impl PinSlot {
    /// Wraps `master_key` under `pin` and the hardware key `pin_key` of the wallet `alias` (one
    /// use of a limited key).
    pub fn create(
        master_key: &SecretKey,
        pin: &Pin,
        params: KdfParams,
        generation: u32,
        keystore: &dyn PlatformKeystore,
        alias: &str,
        pin_key: PinKey,
    ) -> Result<PinSlot, SlotError> {
        let salt = random_array::<SALT_LEN>().map_err(|_| SlotError::NoRandomness)?;
        let kek = key_encryption_key(pin, &salt, params, keystore, &pin_key.alias(alias))?;
        let ad = associated_data(params, generation);
        let wrapped_master_key = seal_master_key(&kek, master_key, &ad)?;
        Ok(PinSlot {
            params,
            salt,
            wrapped_master_key,
            keystore_check: keystore_check(keystore, &pin_key.check_alias(alias))?,
            generation,
        })
    }

    /// Checks, cheaply and before any PIN is tried, that the keystore is the one that made this
    /// slot (no use of a limited key is spent: see [`PinKey::check_alias`]).
    pub fn check_device(
        &self,
        keystore: &dyn PlatformKeystore,
        alias: &str,
        pin_key: PinKey,
    ) -> Result<(), SlotError> {
        let check = match keystore_check(keystore, &pin_key.check_alias(alias)) {
            Err(SlotError::Keystore(KeystoreError::KeyNotFound)) => {
                return Err(SlotError::DeviceMismatch);
            }
            other => other?,
        };
        if subtle::ConstantTimeEq::ct_eq(&check[..], &self.keystore_check[..]).into() {
            Ok(())
        } else {
            Err(SlotError::DeviceMismatch)
        }
    }

    /// Unwraps the master key with `pin`. Costs one Argon2id run and one keystore call (one use
    /// of a limited key).
    pub fn open(
        &self,
        pin: &Pin,
        keystore: &dyn PlatformKeystore,
        alias: &str,
        pin_key: PinKey,
    ) -> Result<SecretKey, SlotError> {
        self.open_keeping_stretch(pin, keystore, alias, pin_key)
            .map(|(master_key, _)| master_key)
    }

    /// [`PinSlot::open`], also handing back the PIN's Argon2id output for [`PinSlot::rewrapped`].
    pub fn open_keeping_stretch(
        &self,
        pin: &Pin,
        keystore: &dyn PlatformKeystore,
        alias: &str,
        pin_key: PinKey,
    ) -> Result<(SecretKey, Stretched), SlotError> {
        let stretched = Stretched(kdf::derive(pin.expose(), &self.salt, self.params)?);
        let kek = kek_from_stretch(&stretched, &self.salt, keystore, &pin_key.alias(alias))?;
        let ad = associated_data(self.params, self.generation);
        let bytes =
            aead::open(&kek, &self.wrapped_master_key, &ad).map_err(|_| SlotError::WrongPin)?;
        let key: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| SlotError::WrongPin)?;
        Ok((SecretKey::from_bytes(key), stretched))
    }

    /// This slot wrapped again under the PIN key `pin_key`: the same PIN (its stretch, from the
    /// open that just succeeded), salt, parameters and generation, a new nonce. The rotation after
    /// a right PIN uses it so that an unlock costs one Argon2id run, not two. One use of the new
    /// key; its device check asks [`PinKey::check_alias`].
    pub fn rewrapped(
        &self,
        master_key: &SecretKey,
        stretched: &Stretched,
        keystore: &dyn PlatformKeystore,
        alias: &str,
        pin_key: PinKey,
    ) -> Result<PinSlot, SlotError> {
        let kek = kek_from_stretch(stretched, &self.salt, keystore, &pin_key.alias(alias))?;
        let ad = associated_data(self.params, self.generation);
        let wrapped_master_key = seal_master_key(&kek, master_key, &ad)?;
        Ok(PinSlot {
            wrapped_master_key,
            keystore_check: keystore_check(keystore, &pin_key.check_alias(alias))?,
            ..self.clone()
        })
    }
}

/// The Argon2id output of a PIN that opened a slot (zeroized when dropped, never shown by
/// `Debug`): what [`PinSlot::rewrapped`] needs instead of the PIN.
pub struct Stretched(SecretKey);

impl std::fmt::Debug for Stretched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stretched(..)")
    }
}

fn seal_master_key(
    kek: &SecretKey,
    master_key: &SecretKey,
    ad: &[u8],
) -> Result<Sealed, SlotError> {
    aead::seal(kek, master_key.expose(), ad).map_err(|e| match e {
        AeadError::NoRandomness => SlotError::NoRandomness,
        AeadError::Authentication => SlotError::WrongPin,
    })
}

fn key_encryption_key(
    pin: &Pin,
    salt: &[u8; SALT_LEN],
    params: KdfParams,
    keystore: &dyn PlatformKeystore,
    alias: &str,
) -> Result<SecretKey, SlotError> {
    let stretched = Stretched(kdf::derive(pin.expose(), salt, params)?);
    kek_from_stretch(&stretched, salt, keystore, alias)
}

fn kek_from_stretch(
    stretched: &Stretched,
    salt: &[u8; SALT_LEN],
    keystore: &dyn PlatformKeystore,
    alias: &str,
) -> Result<SecretKey, SlotError> {
    let stretched = &stretched.0;
    let hardware = keystore.derive(alias, stretched.expose())?;
    if hardware.len() < 32 {
        return Err(SlotError::Keystore(KeystoreError::Unavailable {
            reason: "keystore answer too short".into(),
        }));
    }
    let mut input = Zeroizing::new(Vec::with_capacity(32 + hardware.len()));
    input.extend_from_slice(stretched.expose());
    input.extend_from_slice(&hardware);
    let mut kek = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), &input)
        .expand(KEK_INFO, kek.as_mut())
        .map_err(|_| SlotError::NoRandomness)?;
    Ok(SecretKey::from_bytes(*kek))
}

fn associated_data(params: KdfParams, generation: u32) -> Vec<u8> {
    let mut ad = SLOT_AD_LABEL.to_vec();
    ad.extend_from_slice(&params.to_header());
    ad.extend_from_slice(&generation.to_be_bytes());
    ad
}

fn keystore_check(keystore: &dyn PlatformKeystore, alias: &str) -> Result<[u8; 32], SlotError> {
    let answer = keystore.derive(alias, KEYSTORE_CHECK_INPUT)?;
    Ok(Sha256::digest(&answer[..]).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystore::SoftwareKeystore;

    const ALIAS: &str = "pin-test";
    const U: PinKey = PinKey::Unlimited;

    fn keystore(dir: &tempfile::TempDir) -> SoftwareKeystore {
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        store.ensure_key(ALIAS).unwrap();
        store
    }

    #[test]
    fn the_right_pin_opens_the_slot_and_a_wrong_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = keystore(&dir);
        let mk = SecretKey::random().unwrap();
        let slot = PinSlot::create(
            &mk,
            &"274913".into(),
            KdfParams::MINIMUM,
            1,
            &store,
            ALIAS,
            U,
        )
        .unwrap();
        assert_eq!(
            slot.open(&"274913".into(), &store, ALIAS, U)
                .unwrap()
                .expose(),
            mk.expose()
        );
        assert_eq!(
            slot.open(&"274914".into(), &store, ALIAS, U).unwrap_err(),
            SlotError::WrongPin
        );
    }

    #[test]
    fn another_devices_keystore_is_told_apart_from_a_wrong_pin() {
        let (dir, other_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (store, other) = (keystore(&dir), keystore(&other_dir));
        let mk = SecretKey::random().unwrap();
        let slot = PinSlot::create(
            &mk,
            &"274913".into(),
            KdfParams::MINIMUM,
            1,
            &store,
            ALIAS,
            U,
        )
        .unwrap();
        assert_eq!(slot.check_device(&store, ALIAS, U), Ok(()));
        assert_eq!(
            slot.check_device(&other, ALIAS, U),
            Err(SlotError::DeviceMismatch)
        );
        // Even with the right PIN, the other device's key cannot open the slot.
        assert_eq!(
            slot.open(&"274913".into(), &other, ALIAS, U).unwrap_err(),
            SlotError::WrongPin
        );
        let empty = SoftwareKeystore::new(tempfile::tempdir().unwrap().path()).unwrap();
        assert_eq!(
            slot.check_device(&empty, ALIAS, U),
            Err(SlotError::DeviceMismatch)
        );
    }

    #[test]
    fn a_failing_keystore_fails_the_unlock() {
        struct Broken;
        impl PlatformKeystore for Broken {
            fn ensure_key(&self, _: &str) -> Result<(), KeystoreError> {
                Ok(())
            }
            fn derive(&self, _: &str, _: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
                Err(KeystoreError::Unavailable {
                    reason: "test".into(),
                })
            }
            fn create_limited_key(&self, _: &str, _: u32) -> Result<(), KeystoreError> {
                Ok(())
            }
            fn delete_key(&self, _: &str) -> Result<(), KeystoreError> {
                Ok(())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let store = keystore(&dir);
        let mk = SecretKey::random().unwrap();
        let slot = PinSlot::create(
            &mk,
            &"274913".into(),
            KdfParams::MINIMUM,
            1,
            &store,
            ALIAS,
            U,
        )
        .unwrap();
        assert!(matches!(
            slot.open(&"274913".into(), &Broken, ALIAS, U),
            Err(SlotError::Keystore(_))
        ));
    }

    #[test]
    fn a_limited_slot_checks_the_device_without_spending_a_try() {
        let dir = tempfile::tempdir().unwrap();
        let store = SoftwareKeystore::new(dir.path()).unwrap();
        let key = PinKey::Limited { generation: 1 };
        store.ensure_key(&seal_alias(ALIAS)).unwrap();
        store.create_limited_key(&key.alias(ALIAS), 2).unwrap();
        let mk = SecretKey::random().unwrap();
        let slot = PinSlot::create(
            &mk,
            &"274913".into(),
            KdfParams::MINIMUM,
            1,
            &store,
            ALIAS,
            key,
        )
        .unwrap();
        for _ in 0..5 {
            slot.check_device(&store, ALIAS, key).unwrap();
        }
        // One use went on the wrapping, one is left for a guess, then the hardware refuses.
        assert!(slot.open(&"274913".into(), &store, ALIAS, key).is_ok());
        assert_eq!(
            slot.open(&"274913".into(), &store, ALIAS, key).unwrap_err(),
            SlotError::Keystore(KeystoreError::LimitReached)
        );
    }

    #[test]
    fn a_slot_wrapped_again_under_a_new_key_opens_with_the_same_pin_and_keeps_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let store = keystore(&dir);
        store.ensure_key(&seal_alias(ALIAS)).unwrap();
        let mk = SecretKey::random().unwrap();
        let slot = PinSlot::create(
            &mk,
            &"274913".into(),
            KdfParams::MINIMUM,
            4,
            &store,
            ALIAS,
            U,
        )
        .unwrap();
        let (opened, stretched) = slot
            .open_keeping_stretch(&"274913".into(), &store, ALIAS, U)
            .unwrap();
        let next = PinKey::Limited { generation: 1 };
        store.create_limited_key(&next.alias(ALIAS), 3).unwrap();
        let again = slot
            .rewrapped(&opened, &stretched, &store, ALIAS, next)
            .unwrap();
        assert_eq!(
            (again.salt, again.params, again.generation),
            (slot.salt, slot.params, 4)
        );
        assert_ne!(again.wrapped_master_key, slot.wrapped_master_key);
        assert_eq!(again.check_device(&store, ALIAS, next), Ok(()));
        let reopened = again.open(&"274913".into(), &store, ALIAS, next).unwrap();
        assert_eq!(reopened.expose(), mk.expose());
        assert_eq!(
            again
                .open(&"274914".into(), &store, ALIAS, next)
                .unwrap_err(),
            SlotError::WrongPin
        );
        // The old key no longer opens the new slot.
        assert_eq!(
            again.open(&"274913".into(), &store, ALIAS, U).unwrap_err(),
            SlotError::WrongPin
        );
    }

    #[test]
    fn a_rotation_replaces_the_unlimited_key_and_the_previous_generation_only() {
        assert_eq!(PinKey::Unlimited.next(), PinKey::Limited { generation: 1 });
        assert_eq!(
            PinKey::Limited { generation: 1 }.replaced_aliases("w"),
            ["w"]
        );
        assert_eq!(
            PinKey::Limited { generation: 3 }.replaced_aliases("w"),
            ["w", "w-pin2"]
        );
        assert!(PinKey::Unlimited.replaced_aliases("w").is_empty());
    }

    #[test]
    fn a_downgraded_or_edited_header_does_not_open() {
        let dir = tempfile::tempdir().unwrap();
        let store = keystore(&dir);
        let mk = SecretKey::random().unwrap();
        let params = KdfParams {
            iterations: 3,
            ..KdfParams::MINIMUM
        };
        let mut slot = PinSlot::create(&mk, &"274913".into(), params, 1, &store, ALIAS, U).unwrap();
        slot.params.iterations = 2; // still valid, but not what the slot was sealed with
        assert_eq!(
            slot.open(&"274913".into(), &store, ALIAS, U).unwrap_err(),
            SlotError::WrongPin
        );
        slot.params.memory_kib = 1024; // below the floor: refused before any work
        assert!(matches!(
            slot.open(&"274913".into(), &store, ALIAS, U),
            Err(SlotError::Params(_))
        ));
    }
}
