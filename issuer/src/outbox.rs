//! Delivery of activation codes: an outbox folder of `.eml` files by default, or SMTP to a mail
//! relay when configured (plain SMTP to a relay the operator runs, e.g. on localhost; the relay
//! does TLS and authentication onwards).

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

const CODE_LINE: &str = "Your IKD activation code: ";

/// The activation e-mail, headers and body (CRLF line ends).
pub fn message(email: &str, code: &str) -> String {
    format!(
        "To: {email}\r\nFrom: IKD Dukcapil <noreply@example.id>\r\n\
         Subject: Kode aktivasi IKD / IKD activation code\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Kode aktivasi IKD Anda: {code}\r\n\
         Masukkan kode ini di aplikasi IKD dalam 24 jam. Jangan berikan kode ini kepada siapa pun, \
         termasuk petugas.\r\n\r\n\
         {CODE_LINE}{code}\r\n\
         Enter it in the IKD app within 24 hours. Never share it with anyone, including officers.\r\n"
    )
}

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
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)?;
    file.write_all(message(email, code).as_bytes())?;
    file.sync_all()?;
    Ok(path)
}

/// Reads the activation code back from an outbox e-mail (for the demo and tests).
pub fn read_code(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    let line = text.lines().find(|l| l.starts_with(CODE_LINE))?;
    Some(line.trim_start_matches(CODE_LINE).trim().to_string())
}

/// Where SMTP delivery goes.
#[derive(Debug, Clone)]
pub struct SmtpRelay {
    /// The relay's address.
    pub address: SocketAddr,
    /// The envelope sender.
    pub from: String,
}

fn expect(reader: &mut BufReader<TcpStream>, code: &str) -> std::io::Result<()> {
    // Multi-line replies repeat the code with '-' until the last line, which has a space.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("SMTP relay closed the connection"));
        }
        if !line.starts_with(code) {
            let got = line.get(..3).unwrap_or("?").to_string();
            return Err(std::io::Error::other(format!("SMTP relay answered {got}")));
        }
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(());
        }
    }
}

/// Sends the activation e-mail through an SMTP relay (EHLO, MAIL, RCPT, DATA, QUIT).
pub fn deliver_smtp(relay: &SmtpRelay, email: &str, code: &str) -> std::io::Result<()> {
    let stream = TcpStream::connect_timeout(&relay.address, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    expect(&mut reader, "220")?;
    for (command, reply) in [
        ("EHLO ikd-issuer".to_string(), "250"),
        (format!("MAIL FROM:<{}>", relay.from), "250"),
        (format!("RCPT TO:<{email}>"), "25"),
        ("DATA".to_string(), "354"),
    ] {
        writer.write_all(format!("{command}\r\n").as_bytes())?;
        expect(&mut reader, reply)?;
    }
    // Dot-stuffing: a line that starts with '.' gets a second one.
    let body = message(email, code).replace("\r\n.", "\r\n..");
    writer.write_all(format!("{body}\r\n.\r\n").as_bytes())?;
    expect(&mut reader, "250")?;
    writer.write_all(b"QUIT\r\n")?;
    Ok(())
}
