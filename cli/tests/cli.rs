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
