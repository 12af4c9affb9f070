//! The `ikd` binary as a person uses it: the demo, then single commands on what it left behind.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn ikd(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ikd"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn demo(home: &Path) {
    let output = ikd(&["demo", "--home", home.to_str().unwrap()], "");
    assert!(output.status.success(), "{}", text(&output));
    let shown = text(&output);
    assert!(shown.contains("QR SAH / QR VALID"), "{shown}");
    assert!(shown.contains("PIN salah. Sisa percobaan: 9."), "{shown}");
}

#[test]
fn the_demo_runs_and_leaves_its_files_in_home() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    for file in [
        "wallet/wallet.sqlite3",
        "issuer/issuer.sqlite3",
        "last-qr.png",
        "trust-list.cbor",
    ] {
        assert!(home.path().join(file).exists(), "{file} missing");
    }
    // Run twice in the same home: it starts over cleanly.
    demo(home.path());
}

#[test]
fn single_commands_work_on_the_demo_wallet_with_the_pin_from_stdin() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let h = home.path().to_str().unwrap();
    let status = ikd(&["wallet", "status", "--home", h], "");
    assert!(
        text(&status).contains("Sisa percobaan PIN / PIN tries left: 10"),
        "{}",
        text(&status)
    );
    assert!(
        text(&status).contains("not hardware-backed"),
        "a desktop wallet says it is not hardware-backed: {}",
        text(&status)
    );

    let show = ikd(
        &["wallet", "show", "--doc", "bpjs", "--home", h],
        "975318\n",
    );
    assert!(show.status.success(), "{}", text(&show));
    assert!(text(&show).contains("PUSKESMAS KEBAYORAN BARU"));

    // The desk prints a card asking for proof of age; the wallet names the desk and answers it.
    let card = ikd(&["desk", "card", "--doc", "age17", "--home", h], "");
    assert!(card.status.success(), "{}", text(&card));
    let card_png = home.path().join("desk/request.png");
    let look = ikd(
        &[
            "wallet",
            "answer",
            "--request",
            card_png.to_str().unwrap(),
            "--home",
            h,
        ],
        "975318\n",
    );
    assert!(text(&look).contains("BANK CONTOH") && text(&look).contains("--share"));
    let qr = ikd(
        &[
            "wallet",
            "answer",
            "--request",
            card_png.to_str().unwrap(),
            "--share",
            "--home",
            h,
        ],
        "975318\n",
    );
    assert!(qr.status.success(), "{}", text(&qr));
    let png = home.path().join("last-qr.png");
    let verify = ikd(
        &["verify", "--image", png.to_str().unwrap(), "--home", h],
        "",
    );
    assert!(verify.status.success(), "{}", text(&verify));
    assert!(text(&verify).contains("17 TAHUN ATAU LEBIH"));
    assert!(
        !text(&verify).contains("3174015708900001"),
        "age-over-17 shows no NIK"
    );
    // A second desk process: the persistent replay store refuses the same answer.
    let again = ikd(
        &["verify", "--image", png.to_str().unwrap(), "--home", h],
        "",
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("(replayed)"), "{}", text(&again));
}

#[test]
fn failures_exit_non_zero_with_a_one_line_reason() {
    let home = tempfile::tempdir().unwrap();
    demo(home.path());
    let h = home.path().to_str().unwrap();
    let wrong = ikd(&["wallet", "show", "--home", h], "111112\n");
    assert_eq!(wrong.status.code(), Some(1));
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("PIN salah") && err.contains("Wrong PIN"));
    assert!(!err.contains("111112"), "the PIN is never echoed");

    let garbage = ikd(&["verify", "--payload-hex", "0100", "--home", h], "");
    assert_eq!(garbage.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&garbage.stderr).contains("malformed"));

    // The demo's answer, checked again by a separate process: already used.
    let png = home.path().join("last-qr.png");
    let later = ikd(
        &["verify", "--image", png.to_str().unwrap(), "--home", h],
        "",
    );
    assert_eq!(later.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&later.stderr).contains("(replayed)"));
    // Years later the used request is forgotten, and the answer still names no open request.
    let old = ikd(
        &[
            "verify",
            "--image",
            png.to_str().unwrap(),
            "--at",
            "2030-01-01T00:00:00Z",
            "--home",
            h,
        ],
        "",
    );
    assert_eq!(old.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&old.stderr).contains("(other_request)"));
}

#[test]
fn every_command_has_help_with_examples() {
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["wallet", "--help"],
        vec!["verify", "--help"],
        vec!["desk", "certify", "--help"],
        vec!["wallet", "answer", "--help"],
        vec!["officer", "enroll", "--help"],
    ] {
        let output = ikd(&args, "");
        assert!(output.status.success());
        assert!(!output.stdout.is_empty());
    }
    assert!(text(&ikd(&["demo", "--help"], "")).contains("Example"));
}

#[test]
fn the_issuer_refuses_to_listen_off_loopback_without_a_public_https_url() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    for extra in [
        vec![],
        vec!["--public-url", "http://ikd.example.id"],
        vec!["--public-url", "https://ikd.example.id/path"],
    ] {
        let mut args = vec!["issuer", "serve", "--data", d, "--bind", "0.0.0.0:0"];
        args.extend(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_ikd"))
            .args(&args)
            .env("IKD_OFFICER_TOKEN", "t")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A refused configuration exits at once; a started server would keep running.
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > std::time::Duration::from_secs(20) {
                child.kill().unwrap();
                panic!("the issuer started with {args:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let output = child.wait_with_output().unwrap();
        assert_eq!(status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("https"),
            "{}",
            text(&output)
        );
    }
}

#[test]
fn an_officer_account_made_on_the_data_folder_logs_in_and_enrolls() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let made = ikd(
        &[
            "issuer",
            "add-account",
            "--data",
            d,
            "--username",
            "budi",
            "--role",
            "officer",
        ],
        "loket-kebayoran-01\n",
    );
    assert!(made.status.success(), "{}", text(&made));
    let weak = ikd(
        &["issuer", "add-account", "--data", d, "--username", "ani"],
        "short\n",
    );
    assert_eq!(weak.status.code(), Some(1));
    // The service, without any shared token: accounts only.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let url = format!("http://{bind}");
    let extract = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/sample-registry.jsonl"
    );
    let imported = ikd(
        &["issuer", "import-registry", "--data", d, "--file", extract],
        "",
    );
    assert!(imported.status.success(), "{}", text(&imported));
    let mut server = Command::new(env!("CARGO_BIN_EXE_ikd"))
        .args(["issuer", "serve", "--data", d, "--bind", &bind])
        .env_remove("IKD_OFFICER_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut login = None;
    for _ in 0..100 {
        let out = ikd(
            &["officer", "login", "--server", &url, "--username", "budi"],
            "loket-kebayoran-01\n",
        );
        if out.status.success() {
            login = Some(out);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let token = String::from_utf8(login.expect("the officer logs in").stdout).unwrap();
    let enroll = Command::new(env!("CARGO_BIN_EXE_ikd"))
        .args([
            "officer",
            "enroll",
            "--server",
            &url,
            "--nik",
            "3174015708900001",
            "--email",
            "siti.contoh@example.id",
        ])
        .env("IKD_OFFICER_TOKEN", token.trim())
        .output()
        .unwrap();
    let wrong = ikd(
        &["officer", "login", "--server", &url, "--username", "budi"],
        "not-the-password\n",
    );
    server.kill().unwrap();
    let _ = server.wait();
    assert!(enroll.status.success(), "{}", text(&enroll));
    assert!(text(&enroll).contains("IKDACT1|"));
    assert_eq!(wrong.status.code(), Some(1));
    assert!(text(&wrong).contains("login_failed"));
}

#[test]
fn the_operator_revokes_a_desk_once_and_a_bad_key_id_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let id = "00112233445566778899aabbccddeeff";
    let revoke = |id: &str| {
        ikd(
            &["issuer", "revoke-desk", "--data", d, "--desk-key-id", id],
            "",
        )
    };
    let first = revoke(id);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("Desk revoked"), "{}", text(&first));
    let again = revoke(id);
    assert!(again.status.success(), "{}", text(&again));
    assert!(text(&again).contains("already revoked"), "{}", text(&again));
    let bad = revoke("0011");
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(
        text(&bad).contains("32 hexadecimal digits"),
        "{}",
        text(&bad)
    );
    // The store the service publishes its list from names the desk once.
    let mut store = ikd_issuer::store::SqliteStore::open(data.path()).unwrap();
    let (_, desks) = store.desk_revocation_snapshot().unwrap();
    assert_eq!(desks.len(), 1);
}
