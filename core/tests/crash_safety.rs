//! Crash safety of "change the PIN": a child process changes the PIN and is killed with SIGKILL at
//! each step (and at random instants); afterwards exactly one of the old and the new PIN must
//! work, the documents must be intact and SQLite's integrity check must pass.
//!
//! Runs as its own program (harness = false): the same binary is the parent and, with
//! `IKD_CRASH_CHILD` set, the child. `IKD_CRASH_TRIALS` sets the trials per kill point.
#![allow(clippy::unwrap_used, clippy::print_stdout)] // a test program: it reports to stdout

mod common;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use ikd_core::vault::records::RecordKind;
use ikd_core::wallet::ChangePinStep;
use ikd_core::{CoreError, Wallet};

const DOCUMENT: &[u8] = b"KTP credential bytes for the crash test";
const STEPS: [ChangePinStep; 4] = [
    ChangePinStep::AttemptRecorded,
    ChangePinStep::OldPinVerified,
    ChangePinStep::NewSlotSealed,
    ChangePinStep::Committed,
];

fn main() {
    if let Ok(kill_at) = std::env::var("IKD_CRASH_CHILD") {
        child(&kill_at);
        return;
    }
    let trials: usize = std::env::var("IKD_CRASH_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(40);
    let mut kill_points: Vec<String> = STEPS.iter().map(|s| format!("{s:?}")).collect();
    // Random instants spread over the whole change, including inside SQLite's commit.
    kill_points.push("random".into());

    let (mut total, mut lost, mut killed) = (0usize, 0usize, 0usize);
    for point in &kill_points {
        let (mut point_lost, mut point_killed) = (0, 0);
        for trial in 0..trials {
            let outcome = run_trial(point, trial);
            total += 1;
            if outcome.killed {
                point_killed += 1;
            }
            if let Err(why) = outcome.check {
                point_lost += 1;
                eprintln!("LOST at {point} trial {trial}: {why}");
            }
        }
        println!(
            "kill point {point:>16}: {trials} trials, {point_killed} killed, {point_lost} lost"
        );
        lost += point_lost;
        killed += point_killed;
    }
    println!(
        "change-PIN crash safety: {total} trials, {killed} children killed, {lost} vaults lost"
    );
    let failed = usize::from(lost > 0);
    println!("{} passed, {failed} failed", 1 - failed);
    if lost > 0 {
        std::process::exit(1);
    }
}

struct Outcome {
    killed: bool,
    check: Result<(), String>,
}

fn run_trial(point: &str, trial: usize) -> Outcome {
    let phone = Phone::new();
    {
        let wallet = phone.open();
        let session = wallet.set_up(&PIN.into(), NIK).unwrap();
        session
            .replace_records(RecordKind::Credential, &[DOCUMENT.to_vec()])
            .unwrap();
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("IKD_CRASH_CHILD", point)
        .env("IKD_WALLET_DIR", &phone.wallet_dir)
        .env("IKD_KEYSTORE_DIR", &phone.keystore_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    if point == "random" {
        // Deterministic spread of kill instants over 0-120 ms (a change takes about that here,
        // counting the child's start), different for every trial.
        let micros = (trial as u64 * 7_919) % 120_000;
        std::thread::sleep(Duration::from_micros(micros));
        let _ = child.kill(); // SIGKILL
    }
    let status = child.wait().unwrap();
    let killed = !status.success();
    Outcome {
        killed,
        check: check_after_crash(&phone),
    }
}

fn check_after_crash(phone: &Phone) -> Result<(), String> {
    let wallet = Wallet::open(
        &phone.wallet_dir,
        phone.keystore(),
        phone.clock.clone(),
        config(),
    )
    .map_err(|e| format!("open: {e}"))?;
    let old = wallet.unlock(&PIN.into());
    let new = wallet.unlock(&NEW_PIN.into());
    let session = match (old, new) {
        (Ok(_), Ok(_)) => return Err("both PINs work".into()),
        (Ok(s), Err(CoreError::WrongPin(_))) | (Err(CoreError::WrongPin(_)), Ok(s)) => s,
        (old, new) => return Err(format!("neither PIN works: {old:?} / {new:?}")),
    };
    let docs = session
        .records(RecordKind::Credential)
        .map_err(|e| format!("read: {e}"))?;
    if docs.len() != 1 || docs[0].bytes.as_slice() != DOCUMENT {
        return Err("document lost or changed".into());
    }
    let conn = rusqlite::Connection::open(phone.wallet_dir.join("wallet.sqlite3"))
        .map_err(|e| e.to_string())?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if integrity != "ok" {
        return Err(format!("integrity_check: {integrity}"));
    }
    Ok(())
}

fn child(kill_at: &str) {
    let dir = std::env::var("IKD_WALLET_DIR").unwrap();
    let keystore = std::env::var("IKD_KEYSTORE_DIR").unwrap();
    let clock = Arc::new(ikd_core::ManualClock::at(T0));
    let keystore = Arc::new(ikd_core::SoftwareKeystore::new(keystore).unwrap());
    let wallet = Wallet::open(dir, keystore, clock, config()).unwrap();
    let kill_at = kill_at.to_string();
    wallet.observe_change_pin_steps(Arc::new(move |step| {
        if format!("{step:?}") == kill_at {
            kill_self();
        }
    }));
    wallet.change_pin(&PIN.into(), &NEW_PIN.into()).unwrap();
}

/// SIGKILL to ourselves: no destructor, no flush, like the OS killing the app.
fn kill_self() {
    let pid = std::process::id().to_string();
    let _ = Command::new("sh")
        .args(["-c", &format!("kill -KILL {pid}")])
        .status();
    // The signal is delivered asynchronously; never carry on past this point.
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}
