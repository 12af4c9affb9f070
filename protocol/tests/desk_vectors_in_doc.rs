//! The desk-first test vectors of docs/qr-format.md, recomputed from the code: every line
//! `name = value` below must appear in the doc byte for byte, so the doc and the code cannot
//! drift. Run with `--nocapture` to print the lines.

#![allow(clippy::unwrap_used, clippy::print_stdout)] // a test that prints its vectors

use ed25519_dalek::SigningKey;
use ikd_protocol::desk::answer::{
    AnswerHeader, answer_key, build_answer_with_ephemeral, key_material, signed_bytes,
};
use ikd_protocol::desk::certificate::{AuthorityKeyId, DeskCertificate};
use ikd_protocol::desk::fixtures as f;
use ikd_protocol::desk::request::{DeskCard, DeskRequest};
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::desk::rules::{DeskRefusal, check_request};
use ikd_protocol::profile::DocType;
use ikd_protocol::time_window::window_of;
use x25519_dalek::PublicKey;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/qr-format.md")).unwrap()
}

fn positive() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, bytes: &[u8]| v.push((k.into(), hex::encode(bytes)));
    let authority = f::authority().verifying_key().to_bytes();
    put("authority_public_key", &authority);
    put("authority_key_id", &AuthorityKeyId::of(&authority).0);
    let cert = f::certificate();
    put("desk_static_public_key", &cert.body.static_key);
    put("desk_key_id", &cert.body.desk_key_id().0);
    put("certificate_body", &cert.body_bytes);
    put("certificate_signature", &cert.signature);
    put("certificate", &cert.encode());
    let request = f::session_request();
    put(
        "desk_ephemeral_public_key",
        &PublicKey::from(&f::desk_ephemeral()).to_bytes(),
    );
    put("request", &request.encode());
    put("request_hash", &request.hash());
    let wallet_secret = f::wallet_ephemeral();
    let wallet = PublicKey::from(&wallet_secret).to_bytes();
    put("wallet_ephemeral_public_key", &wallet);
    let dh_e = wallet_secret
        .diffie_hellman(&PublicKey::from(
            PublicKey::from(&f::desk_ephemeral()).to_bytes(),
        ))
        .to_bytes();
    let dh_s = wallet_secret
        .diffie_hellman(&PublicKey::from(cert.body.static_key))
        .to_bytes();
    put("dh_ephemeral", &dh_e);
    put("dh_static", &dh_s);
    let ikm = key_material(Some(&dh_e), &dh_s).unwrap();
    put("ikm", &ikm);
    let header = AnswerHeader::for_request(&request).to_bytes();
    put("answer_header", &header);
    let okm = answer_key(&ikm, &header, &wallet, &request.hash()).unwrap();
    put("aead_key", &okm[..32]);
    put("aead_nonce", &okm[32..]);
    let signed = f::signed_ktp_basic();
    put("credential", &signed.credential);
    put("issuer_signature", &signed.signature);
    let time = (f::NOW + 5) as u32;
    let message = signed_bytes(&request, time, &wallet, &signed);
    put("device_signed_bytes", &message);
    let device = ikd_protocol::fixtures::device_signing_key();
    use ed25519_dalek::Signer;
    put("device_signature", &device.sign(&message).to_bytes());
    let answer =
        build_answer_with_ephemeral(&request, &signed, &device, time, &wallet_secret).unwrap();
    put("answer", &answer);
    let card = f::card();
    put("card", &card.encode());
    put("card_hash", &card.hash());
    let window = window_of(f::NOW + 5).unwrap();
    let card_answer =
        build_answer_with_ephemeral(&card, &signed, &device, window, &wallet_secret).unwrap();
    put("card_answer", &card_answer);
    let revocation = DeskRevocationList {
        authority: AuthorityKeyId([0; 8]),
        sequence: 1,
        issued_at: f::NOW,
        revoked: vec![cert.body.desk_key_id()],
    }
    .sign(&f::authority());
    put("desk_revocation_list", &revocation.encode());
    v
}

/// One request per wallet-side refusal code, with the instant it is checked at.
fn negatives() -> Vec<(DeskRefusal, DeskRequest, i64, Vec<DeskRevocationList>)> {
    let body = f::certificate().body;
    let sign = |b: ikd_protocol::desk::certificate::CertificateBody, k: &SigningKey| {
        DeskCertificate::sign(b, k)
    };
    let card = |c: DeskCertificate, p: DocType| {
        DeskRequest::Card(DeskCard {
            certificate: c,
            profile: p,
        })
    };
    let mut forged = f::certificate();
    forged.signature[0] ^= 0x01;
    let mut long = body.clone();
    long.valid_until = long.valid_from + 366;
    let first = i64::from(body.valid_from) * 86_400;
    let last = i64::from(body.valid_until) * 86_400 + 86_399;
    let revoked = DeskRevocationList {
        authority: body.authority,
        sequence: 1,
        issued_at: f::NOW,
        revoked: vec![body.desk_key_id()],
    };
    vec![
        (
            DeskRefusal::UnknownDesk,
            card(
                sign(body.clone(), &SigningKey::from_bytes(&[0x66; 32])),
                DocType::KtpBasic,
            ),
            f::NOW,
            vec![],
        ),
        (
            DeskRefusal::BadCertificateSignature,
            card(forged, DocType::KtpBasic),
            f::NOW,
            vec![],
        ),
        (
            DeskRefusal::CertificateValidityTooLong,
            card(sign(long, &f::authority()), DocType::KtpBasic),
            f::NOW,
            vec![],
        ),
        (
            DeskRefusal::CertificateNotYetValid,
            f::card(),
            first - 1,
            vec![],
        ),
        (DeskRefusal::CertificateExpired, f::card(), last + 1, vec![]),
        (DeskRefusal::DeskRevoked, f::card(), f::NOW, vec![revoked]),
        (
            DeskRefusal::RequestExpired,
            f::session_request(),
            f::NOW + 151,
            vec![],
        ),
        (
            DeskRefusal::RequestFromTheFuture,
            f::session_request(),
            f::NOW - 31,
            vec![],
        ),
        (
            DeskRefusal::ProfileNotAllowed,
            card(f::certificate(), DocType::KtpFull),
            f::NOW,
            vec![],
        ),
    ]
}

#[test]
fn the_vectors_in_the_doc_are_what_the_code_computes() {
    let doc = doc();
    let mut missing = Vec::new();
    let mut lines: Vec<String> = positive()
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    for (code, request, now, revocations) in negatives() {
        assert_eq!(
            check_request(&request, &f::trust_list(), &revocations, now),
            Err(code)
        );
        lines.push(format!(
            "{}: now = {now}, input = {}",
            code.code(),
            hex::encode(request.encode())
        ));
    }
    let malformed = "8303"; // a card array with kind 3
    assert!(DeskRequest::decode(&hex::decode(malformed).unwrap()).is_err());
    lines.push(format!("malformed: input = {malformed}"));
    for line in lines {
        println!("{line}");
        if !doc.contains(&line) {
            missing.push(line);
        }
    }
    assert!(
        missing.is_empty(),
        "lines missing from docs/qr-format.md:\n{}",
        missing.join("\n")
    );
}
