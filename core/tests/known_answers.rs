//! Known-answer tests of the primitives the wallet engine wraps, run through our own wrappers
//! where they take fixed inputs: XChaCha20-Poly1305 (Wycheproof, with the draft's vector) through
//! `aead::open`, Argon2id (RFC 9106 and the reference implementation at the wallet's own
//! parameters) through `kdf::derive`, and Ed25519 signing (RFC 8032) through `DeviceKey`.
//! The vector files and their sources are in `tests/vectors/` (see its README).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[path = "../../tests/security/kat_support.rs"]
mod kat_support;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ikd_core::SecretKey;
use ikd_core::aead::{self, AeadError, NONCE_LEN, Sealed};
use ikd_core::device_key::DeviceKey;
use ikd_core::pin::kdf::{self, KDF_VERSION, KdfParams};
use kat_support::*;

#[test]
fn xchacha20_poly1305_passes_every_wycheproof_vector_through_our_open() {
    let tests = wycheproof_tests("xchacha20_poly1305_test.json");
    let (mut passed, mut draft_vector, mut odd_nonce) = (0, 0, 0);
    for (_, t) in &tests {
        let id = &t["tcId"];
        let key = SecretKey::from_bytes(hex_array(t, "key"));
        let (iv, aad, msg) = (hex_field(t, "iv"), hex_field(t, "aad"), hex_field(t, "msg"));
        let mut ciphertext = hex_field(t, "ct");
        ciphertext.extend(hex_field(t, "tag"));
        let valid = t["result"] == "valid";
        let Ok(nonce) = <[u8; NONCE_LEN]>::try_from(iv.as_slice()) else {
            // Our sealed values carry a [u8; 24]: another nonce size cannot even be expressed.
            assert!(
                !valid,
                "tcId {id}: a valid vector with a {}-byte nonce",
                iv.len()
            );
            odd_nonce += 1;
            passed += 1;
            continue;
        };
        let sealed = Sealed { nonce, ciphertext };
        let opened = aead::open(&key, &sealed, &aad);
        if valid {
            assert_eq!(
                opened.as_deref().map(Vec::as_slice),
                Ok(msg.as_slice()),
                "tcId {id}"
            );
            // Encryption: the same crate call `aead::seal` makes, with the vector's nonce.
            let cipher = XChaCha20Poly1305::new(key.expose().into());
            let encrypted = cipher
                .encrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &msg,
                        aad: &aad,
                    },
                )
                .unwrap();
            assert_eq!(encrypted, sealed.ciphertext, "tcId {id}: encryption");
        } else {
            assert_eq!(opened, Err(AeadError::Authentication), "tcId {id}");
        }
        if t["comment"] == "draft-arciszewski-xchacha-02" {
            draft_vector += 1;
        }
        passed += 1;
    }
    assert_eq!(
        draft_vector, 1,
        "the draft's own vector (A.3.1) is in the file"
    );
    record_figures(
        "wycheproof-xchacha20-poly1305",
        passed,
        tests.len(),
        &format!(
            "through core::aead::open; includes the draft-irtf-cfrg-xchacha A.3.1 vector; \
             {odd_nonce} wrong-size nonces refused by the type"
        ),
    );
}

#[test]
fn argon2id_gives_the_rfc_9106_tag() {
    let v = load("rfc/argon2id_rfc9106.json");
    let field = |name: &str| v[name].as_u64().unwrap() as u32;
    let ad = hex_field(&v, "associated_data");
    let params = argon2::ParamsBuilder::new()
        .m_cost(field("memory_kib"))
        .t_cost(field("iterations"))
        .p_cost(field("parallelism"))
        .output_len(field("tag_length") as usize)
        .data(argon2::AssociatedData::new(&ad).unwrap())
        .build()
        .unwrap();
    let secret = hex_field(&v, "secret");
    // The same crate, algorithm and version `kdf::derive` uses (our wrapper refuses these
    // parameters: they are far below the wallet's floor).
    let argon = argon2::Argon2::new_with_secret(
        &secret,
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        params,
    )
    .unwrap();
    let mut tag = [0u8; 32];
    argon
        .hash_password_into(&hex_field(&v, "password"), &hex_field(&v, "salt"), &mut tag)
        .unwrap();
    assert_eq!(tag.to_vec(), hex_field(&v, "tag"));
    record_figures("rfc9106-argon2id", 1, 1, "section 5.3");
}

#[test]
fn our_kdf_matches_the_reference_argon2_at_the_wallets_floor_and_ceiling() {
    let v = load("argon2id_reference_cli.json");
    let tests = v["tests"].as_array().unwrap();
    for t in tests {
        let params = KdfParams {
            version: KDF_VERSION,
            memory_kib: t["memory_kib"].as_u64().unwrap() as u32,
            iterations: t["iterations"].as_u64().unwrap() as u32,
            parallelism: 1,
        };
        let salt = t["salt"].as_str().unwrap().as_bytes();
        let key = kdf::derive(t["pin"].as_str().unwrap(), salt, params).unwrap();
        assert_eq!(key.expose().to_vec(), hex_field(t, "output"), "{params:?}");
    }
    assert!(tests.iter().any(|t| t["memory_kib"] == kdf::MIN_MEMORY_KIB));
    assert!(tests.iter().any(|t| t["memory_kib"] == kdf::MAX_MEMORY_KIB));
    record_figures(
        "argon2id-reference-cli",
        tests.len(),
        tests.len(),
        "core::pin::kdf::derive vs phc-winner-argon2",
    );
}

#[test]
fn device_keys_sign_the_rfc_8032_vectors_byte_for_byte() {
    let v = load("rfc/ed25519_rfc8032.json");
    let tests = v["tests"].as_array().unwrap();
    for t in tests {
        let key = DeviceKey::from_seed(&hex_field(t, "secret_key")).unwrap();
        let name = &t["name"];
        assert_eq!(
            key.public_key().to_bytes().to_vec(),
            hex_field(t, "public_key"),
            "{name}"
        );
        let signature = key.sign(&hex_field(t, "message"));
        assert_eq!(signature.to_vec(), hex_field(t, "signature"), "{name}");
    }
    record_figures(
        "rfc8032-ed25519-sign",
        tests.len(),
        tests.len(),
        "through core::device_key::DeviceKey",
    );
}
