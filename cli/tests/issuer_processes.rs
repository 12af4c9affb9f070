//! `ikd issuer` as an operator runs it: the registry import, and two `ikd issuer serve`
//! processes on one PostgreSQL database behaving as one service. The PostgreSQL cases are
//! ignored in the plain run; `tests/issuer/run.sh` starts a server and runs them with
//! `--ignored`, and without `IKD_TEST_POSTGRES` they fail rather than pass.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use ed25519_dalek::{Signer, SigningKey};
use ikd_protocol::activation::activation_message;
use ikd_protocol::issuer_api::{
    ChallengeResponse, EnrollResponse, ErrorBody, ListResponse, b64, unb64, unb64_vec,
};
use ikd_protocol::trust::{RevocationList, SignedList};
use reqwest::blocking::Client;
use serde_json::json;

const TOKEN: &str = "two-process-token";
const SITI: &str = "3174015708900001";

fn sample_extract() -> String {
    format!(
        "{}/../tests/fixtures/sample-registry.jsonl",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn ikd(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ikd"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn import_registry_names_every_bad_line_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("issuer");
    let good = std::fs::read_to_string(sample_extract()).unwrap();
    let first = good.lines().next().unwrap();
    let bad = format!(
        "{first}\nnot json\n{}\n",
        first.replace("\"rt\":3", "\"rt\":7000")
    );
    let file = dir.path().join("extract.jsonl");
    std::fs::write(&file, bad).unwrap();
    let data_arg = data.to_str().unwrap();
    let refused = ikd(&[
        "issuer",
        "import-registry",
        "--data",
        data_arg,
        "--file",
        file.to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    let message = text(&refused);
    assert!(message.contains("baris/line 2:"), "{message}");
    assert!(message.contains("baris/line 3: ktp"), "{message}");
    assert!(message.contains("nothing imported"), "{message}");
    assert!(
        !message.contains(SITI) && !message.contains("CONTOH"),
        "{message}"
    );
    let imported = ikd(&[
        "issuer",
        "import-registry",
        "--data",
        data_arg,
        "--file",
        &sample_extract(),
    ]);
    assert!(imported.status.success(), "{}", text(&imported));
    assert!(text(&imported).contains(&format!("{} warga", good.lines().count())));
}

/// One `ikd issuer serve` process; killed when dropped.
struct Process {
    child: Child,
    url: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(data: &Path, database: &str) -> Process {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_ikd"))
        .args(["issuer", "serve", "--data", data.to_str().unwrap()])
        .args([
            "--database",
            database,
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .env("IKD_OFFICER_TOKEN", TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Owned by `Process` at once: killed and reaped on every path, a failed start included.
    let process = Process {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..200 {
        let up = reqwest::blocking::get(format!("{}/v1/trust-list", process.url))
            .is_ok_and(|r| r.status() == 200);
        if up {
            return process;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("ikd issuer serve did not start on {}", process.url);
}

/// A new database on the test server (`IKD_TEST_POSTGRES`, set by tests/issuer/run.sh).
fn new_database() -> String {
    let server = std::env::var("IKD_TEST_POSTGRES")
        .expect("IKD_TEST_POSTGRES is not set: run tests/issuer/run.sh, which starts PostgreSQL");
    let mut admin =
        postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls).unwrap();
    let mut suffix = [0u8; 8];
    getrandom::getrandom(&mut suffix).unwrap();
    let name: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    admin
        .batch_execute(&format!("CREATE DATABASE ikd_two_{name}"))
        .unwrap();
    format!("{server}/ikd_two_{name}")
}

/// Two processes on one database and one data folder (the keys), with the sample registry.
struct Service {
    a: Process,
    b: Process,
    data: tempfile::TempDir,
}

fn two_processes() -> Service {
    let data = tempfile::tempdir().unwrap();
    let database = new_database();
    let imported = ikd(&[
        "issuer",
        "import-registry",
        "--data",
        data.path().to_str().unwrap(),
        "--database",
        &database,
        "--file",
        &sample_extract(),
    ]);
    assert!(imported.status.success(), "{}", text(&imported));
    // One after the other: the first creates the keys, the second reads them.
    let a = serve(data.path(), &database);
    let b = serve(data.path(), &database);
    Service { a, b, data }
}

impl Service {
    fn enroll(&self, on: &Process) -> (String, String) {
        let response: EnrollResponse = Client::new()
            .post(format!("{}/v1/officer/enrollments", on.url))
            .bearer_auth(TOKEN)
            .json(&json!({"nik": SITI, "email": "siti.contoh@example.id"}))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let eml = self
            .data
            .path()
            .join("outbox")
            .join(format!("{}.eml", response.enrollment_id));
        (
            response.enrollment_id,
            ikd_issuer::outbox::read_code(&eml).unwrap(),
        )
    }
}

fn challenge(on: &Process, enrollment_id: &str) -> String {
    let response: ChallengeResponse = Client::new()
        .post(format!("{}/v1/activation/challenge", on.url))
        .json(&json!({ "enrollment_id": enrollment_id }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    response.challenge
}

/// Status and error code (empty on success) of one activation.
fn activate(
    on: &Process,
    enrollment_id: &str,
    nik: &str,
    code: &str,
    device: &SigningKey,
    challenge: &str,
) -> (u16, String) {
    let public = device.verifying_key().to_bytes();
    let message = activation_message(&unb64::<32>(challenge).unwrap(), nik, &public);
    let response = Client::new()
        .post(format!("{}/v1/activation", on.url))
        .json(&json!({
            "enrollment_id": enrollment_id, "nik": nik, "code": code,
            "device_public_key": b64(&public), "challenge": challenge,
            "signature": b64(&device.sign(&message).to_bytes()),
        }))
        .send()
        .unwrap();
    let status = response.status().as_u16();
    if status == 200 {
        return (200, String::new());
    }
    (status, response.json::<ErrorBody>().unwrap().error.code)
}

fn revoked_devices(on: &Process, data: &Path) -> Vec<[u8; 32]> {
    let body: ListResponse = reqwest::blocking::get(format!("{}/v1/revocation-list", on.url))
        .unwrap()
        .json()
        .unwrap();
    let list = SignedList::decode(&unb64_vec(&body.list).unwrap()).unwrap();
    let root = ikd_issuer::routes::trust_root_public_key(data).unwrap();
    RevocationList::verify(
        &list,
        &ed25519_dalek::VerifyingKey::from_bytes(&root).unwrap(),
    )
    .unwrap()
    .devices
}

#[test]
#[ignore = "needs PostgreSQL: run by tests/issuer/run.sh"]
fn enrolled_on_one_process_activated_through_the_other_and_revoked_lists_on_both() {
    let service = two_processes();
    let (id, code) = service.enroll(&service.a);
    let phone = SigningKey::from_bytes(&[7; 32]);
    // The challenge from A, the activation through B.
    let issued = challenge(&service.a, &id);
    assert_eq!(
        activate(&service.b, &id, SITI, &code, &phone, &issued),
        (200, String::new())
    );
    // The code is spent for both processes: A will not even hand out a challenge for it.
    let again = Client::new()
        .post(format!("{}/v1/activation/challenge", service.a.url))
        .json(&json!({ "enrollment_id": id }))
        .send()
        .unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<ErrorBody>().unwrap().error.code,
        "activation_code_used"
    );
    assert!(revoked_devices(&service.b, service.data.path()).is_empty());
    let revoked = Client::new()
        .post(format!("{}/v1/officer/revocations", service.a.url))
        .bearer_auth(TOKEN)
        .json(&json!({ "nik": SITI }))
        .send()
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_eq!(
        revoked_devices(&service.b, service.data.path()),
        vec![phone.verifying_key().to_bytes()]
    );
}

#[test]
#[ignore = "needs PostgreSQL: run by tests/issuer/run.sh"]
fn one_activation_code_raced_through_both_processes_binds_one_device() {
    let service = two_processes();
    for round in 0..10u8 {
        let (id, code) = service.enroll(&service.a);
        let on_a = challenge(&service.a, &id);
        let on_b = challenge(&service.b, &id);
        let phone_a = SigningKey::from_bytes(&[round * 2 + 1; 32]);
        let phone_b = SigningKey::from_bytes(&[round * 2 + 2; 32]);
        let barrier = std::sync::Barrier::new(2);
        let (first, second) = std::thread::scope(|s| {
            let a = s.spawn(|| {
                barrier.wait();
                activate(&service.a, &id, SITI, &code, &phone_a, &on_a)
            });
            let b = s.spawn(|| {
                barrier.wait();
                activate(&service.b, &id, SITI, &code, &phone_b, &on_b)
            });
            (a.join().unwrap(), b.join().unwrap())
        });
        let mut outcomes = [first.0, second.0];
        outcomes.sort_unstable();
        assert_eq!(outcomes, [200, 409], "round {round}: {first:?} {second:?}");
    }
}

#[test]
#[ignore = "needs PostgreSQL: run by tests/issuer/run.sh"]
fn codes_guessed_against_both_processes_count_against_one_limit() {
    let service = two_processes();
    let (id, _code) = service.enroll(&service.a);
    let phone = SigningKey::from_bytes(&[9; 32]);
    let limit = ikd_issuer::routes::MAX_CODE_FAILURES_PER_CLIENT;
    // A wrong NIK: counts against the client address only, never locks the enrollment.
    let wrong_nik = "3174011203880002";
    for attempt in 0..limit {
        let on = if attempt % 2 == 0 {
            &service.a
        } else {
            &service.b
        };
        let issued = challenge(on, &id);
        let outcome = activate(on, &id, wrong_nik, "WRONG-CODE", &phone, &issued);
        assert_eq!(outcome.1, "activation_code_invalid", "attempt {attempt}");
    }
    for on in [&service.a, &service.b] {
        let issued = challenge(on, &id);
        let outcome = activate(on, &id, wrong_nik, "WRONG-CODE", &phone, &issued);
        assert_eq!(outcome, (429, "too_many_attempts".into()));
    }
}
