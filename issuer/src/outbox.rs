//! Delivery of activation codes. By default an outbox folder of `.eml` files (what a mail relay
//! would send); SMTP is not built into the reference service: point a relay at the outbox.

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Writes the activation e-mail for `enrollment_id` to `<data>/outbox/<enrollment_id>.eml`.
pub fn deliver(
    data_dir: &Path,
    enrollment_id: &str,
    email: &str,
    code: &str,
) -> std::io::Result<PathBuf> {
    let dir = data_dir.join("outbox");
    fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{enrollment_id}.eml"));
    let body = format!(
        "To: {email}\r\nFrom: IKD Dukcapil <noreply@example.id>\r\nSubject: Kode aktivasi IKD / IKD activation code\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Kode aktivasi IKD Anda: {code}\r\nMasukkan kode ini di aplikasi IKD dalam 24 jam. Jangan berikan kode ini kepada siapa pun, termasuk petugas.\r\n\r\n\
         Your IKD activation code: {code}\r\nEnter it in the IKD app within 24 hours. Never share it with anyone, including officers.\r\n"
    );
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)?;
    file.write_all(body.as_bytes())?;
    file.sync_all()?;
    Ok(path)
}

/// Reads the activation code back from an outbox e-mail (for the demo and tests).
pub fn read_code(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    let line = text
        .lines()
        .find(|l| l.starts_with("Your IKD activation code: "))?;
    Some(
        line.trim_start_matches("Your IKD activation code: ")
            .trim()
            .to_string(),
    )
}
