//! Known-answer tests of the primitives the desk answer and the credentials are built on:
//! ChaCha20-Poly1305 (Wycheproof, including the RFC 8439 vector), X25519 (RFC 7748 and
//! Wycheproof, the latter through `open_answer`, which must refuse every all-zero shared secret),
//! Ed25519 verification with `verify_strict` as the protocol calls it (Wycheproof, RFC 8032) and
//! HKDF-SHA256 (Wycheproof, including RFC 5869). Vector files: `tests/vectors/` (see its README).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[path = "../../tests/security/kat_support.rs"]
mod kat_support;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use ikd_protocol::desk::answer::{AnswerError, AnswerHeader, FIXED_OVERHEAD, open_answer};
use ikd_protocol::desk::certificate::DeskCertificate;
use ikd_protocol::desk::fixtures as desk;
use ikd_protocol::desk::request::{DeskCard, DeskRequest};
use kat_support::*;
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret, x25519};

#[test]
fn chacha20_poly1305_passes_every_wycheproof_vector() {
    let tests = wycheproof_tests("chacha20_poly1305_test.json");
    let (mut passed, mut rfc, mut odd_nonce) = (0, 0, 0);
    for (_, t) in &tests {
        let id = &t["tcId"];
        let cipher = ChaCha20Poly1305::new_from_slice(&hex_field(t, "key")).unwrap();
        let (iv, aad, msg) = (hex_field(t, "iv"), hex_field(t, "aad"), hex_field(t, "msg"));
        let mut sealed = hex_field(t, "ct");
        sealed.extend(hex_field(t, "tag"));
        let valid = t["result"] == "valid";
        if iv.len() != 12 {
            // Answer nonces are the 12 bytes HKDF derives: another size cannot occur.
            assert!(
                !valid,
                "tcId {id}: a valid vector with a {}-byte nonce",
                iv.len()
            );
            odd_nonce += 1;
            passed += 1;
            continue;
        }
        let nonce = Nonce::from_slice(&iv);
        let opened = cipher.decrypt(
            nonce,
            Payload {
                msg: &sealed,
                aad: &aad,
            },
        );
        if valid {
            assert_eq!(opened.as_deref(), Ok(msg.as_slice()), "tcId {id}");
            let encrypted = cipher
                .encrypt(
                    nonce,
                    Payload {
                        msg: &msg,
                        aad: &aad,
                    },
                )
                .unwrap();
            assert_eq!(encrypted, sealed, "tcId {id}: encryption");
        } else {
            assert!(opened.is_err(), "tcId {id}: accepted an invalid vector");
        }
        if t["comment"] == "RFC 7539" {
            rfc += 1;
        }
        passed += 1;
    }
    // RFC 8439 obsoleted RFC 7539 and reprints the same section 2.8.2 vector.
    assert!(
        rfc >= 1,
        "the RFC 8439 (7539) section 2.8.2 vector is in the file"
    );
    record_figures(
        "wycheproof-chacha20-poly1305",
        passed,
        tests.len(),
        &format!(
            "{rfc} of them the RFC 8439 section 2.8.2 vector; {odd_nonce} wrong-size nonces \
             cannot occur"
        ),
    );
}

#[test]
fn x25519_gives_the_rfc_7748_answers() {
    let v = load("rfc/x25519_rfc7748.json");
    let mut passed = 0;
    for t in v["scalar_multiplication"].as_array().unwrap() {
        let out = x25519(hex_array(t, "scalar"), hex_array(t, "u"));
        assert_eq!(out.to_vec(), hex_field(t, "output"));
        passed += 1;
    }
    // Section 5.2: k = u = 9, then k, u = X25519(k, u), k.
    let (mut k, mut u) = (
        x25519_dalek::X25519_BASEPOINT_BYTES,
        x25519_dalek::X25519_BASEPOINT_BYTES,
    );
    let mut done = 0;
    for t in v["iterated"].as_array().unwrap() {
        let target = t["iterations"].as_u64().unwrap();
        while done < target {
            let next = x25519(k, u);
            u = k;
            k = next;
            done += 1;
        }
        assert_eq!(
            k.to_vec(),
            hex_field(t, "output"),
            "after {target} iterations"
        );
        passed += 1;
    }
    let dh = &v["diffie_hellman"];
    let alice = StaticSecret::from(hex_array::<32>(dh, "alice_private"));
    let bob = StaticSecret::from(hex_array::<32>(dh, "bob_private"));
    assert_eq!(
        PublicKey::from(&alice).to_bytes().to_vec(),
        hex_field(dh, "alice_public")
    );
    assert_eq!(
        PublicKey::from(&bob).to_bytes().to_vec(),
        hex_field(dh, "bob_public")
    );
    let shared = alice.diffie_hellman(&PublicKey::from(&bob));
    assert_eq!(shared.as_bytes().to_vec(), hex_field(dh, "shared"));
    assert_eq!(
        bob.diffie_hellman(&PublicKey::from(&alice)).as_bytes(),
        shared.as_bytes()
    );
    passed += 1;
    record_figures("rfc7748-x25519", passed, 5, "sections 5.2 and 6.1");
}

/// A desk card whose certified static key is `desk_static`'s, and an answer to it whose wallet
/// key is `wallet_key` and whose ciphertext is zeros: opening it runs the key agreement, then
/// fails (weak key or decryption).
fn probe_answer(desk_static: &StaticSecret, wallet_key: &[u8; 32]) -> (DeskRequest, Vec<u8>) {
    let mut body = desk::certificate().body;
    body.static_key = PublicKey::from(desk_static).to_bytes();
    let card = DeskRequest::Card(DeskCard {
        certificate: DeskCertificate::sign(body, &desk::authority()),
        profile: ikd_protocol::profile::DocType::KtpBasic,
    });
    let mut answer = AnswerHeader::for_request(&card).to_bytes().to_vec();
    answer.extend_from_slice(wallet_key);
    answer.resize(FIXED_OVERHEAD + 64, 0);
    (card, answer)
}

#[test]
fn x25519_passes_every_wycheproof_vector_and_answers_refuse_all_zero_secrets() {
    let tests = wycheproof_tests("x25519_test.json");
    let (mut passed, mut refused_zero) = (0, 0);
    for (group, t) in &tests {
        assert_eq!(group["curve"], "curve25519");
        let id = &t["tcId"];
        let private = StaticSecret::from(hex_array::<32>(t, "private"));
        let public: [u8; 32] = hex_array(t, "public");
        let expected = hex_field(t, "shared");
        // "valid" and "acceptable" vectors both give a defined answer for X25519.
        let shared = private.diffie_hellman(&PublicKey::from(public));
        assert_eq!(shared.as_bytes().to_vec(), expected, "tcId {id}");
        // A desk opening an answer on the same inputs: a zero secret is refused before any key
        // derivation; anything else reaches decryption (and the zero ciphertext fails there).
        let (card, answer) = probe_answer(&private, &public);
        let outcome = open_answer(&answer, &card, &private, None).err();
        if expected.iter().all(|&b| b == 0) {
            assert_eq!(outcome, Some(AnswerError::WeakKey), "tcId {id}");
            refused_zero += 1;
        } else {
            assert_eq!(outcome, Some(AnswerError::Decryption), "tcId {id}");
        }
        passed += 1;
    }
    assert!(refused_zero > 0, "the file has low-order points");
    record_figures(
        "wycheproof-x25519",
        passed,
        tests.len(),
        &format!("{refused_zero} all-zero shared secrets refused by open_answer as WeakKey"),
    );
}

#[test]
fn ed25519_verify_strict_passes_every_wycheproof_vector() {
    let tests = wycheproof_tests("ed25519_test.json");
    let mut passed = 0;
    for (group, t) in &tests {
        let id = &t["tcId"];
        let public = hex_field(&group["publicKey"], "pk");
        let (msg, sig) = (hex_field(t, "msg"), hex_field(t, "sig"));
        // The protocol's own path: a 32-byte key, a 64-byte signature, then verify_strict.
        let verified = <[u8; 32]>::try_from(public.as_slice())
            .ok()
            .and_then(|pk| VerifyingKey::from_bytes(&pk).ok())
            .zip(Signature::from_slice(&sig).ok())
            .is_some_and(|(key, sig)| key.verify_strict(&msg, &sig).is_ok());
        assert_eq!(
            verified,
            t["result"] == "valid",
            "tcId {id}: {}",
            t["comment"]
        );
        passed += 1;
    }
    record_figures(
        "wycheproof-ed25519",
        passed,
        tests.len(),
        "verify_strict, as credential.rs and the verifier call it",
    );
}

#[test]
fn ed25519_signs_and_verifies_the_rfc_8032_vectors() {
    let v = load("rfc/ed25519_rfc8032.json");
    let tests = v["tests"].as_array().unwrap();
    for t in tests {
        let key = SigningKey::from_bytes(&hex_array(t, "secret_key"));
        let public = key.verifying_key();
        assert_eq!(public.to_bytes().to_vec(), hex_field(t, "public_key"));
        let message = hex_field(t, "message");
        let signature = Signature::from_bytes(&hex_array(t, "signature"));
        assert_eq!(ed25519_dalek::Signer::sign(&key, &message), signature);
        assert!(public.verify_strict(&message, &signature).is_ok());
    }
    record_figures("rfc8032-ed25519", tests.len(), tests.len(), "section 7.1");
}

#[test]
fn hkdf_sha256_passes_every_wycheproof_vector() {
    let tests = wycheproof_tests("hkdf_sha256_test.json");
    let (mut passed, mut rfc) = (0, 0);
    for (_, t) in &tests {
        let id = &t["tcId"];
        let size = t["size"].as_u64().unwrap() as usize;
        let mut okm = vec![0u8; size];
        let expanded = Hkdf::<Sha256>::new(Some(&hex_field(t, "salt")), &hex_field(t, "ikm"))
            .expand(&hex_field(t, "info"), &mut okm);
        if t["result"] == "valid" {
            assert!(expanded.is_ok(), "tcId {id}");
            assert_eq!(okm, hex_field(t, "okm"), "tcId {id}");
        } else {
            assert!(
                expanded.is_err(),
                "tcId {id}: accepted an invalid size {size}"
            );
        }
        if t["comment"] == "RFC 5869" {
            rfc += 1;
        }
        passed += 1;
    }
    assert!(rfc >= 3, "the RFC 5869 SHA-256 cases are in the file");
    record_figures(
        "wycheproof-hkdf-sha256",
        passed,
        tests.len(),
        &format!("{rfc} of them RFC 5869 test cases"),
    );
}
