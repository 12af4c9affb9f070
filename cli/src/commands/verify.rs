//! `ikd verify`: the service desk's check of a wallet's answer, by the desk in HOME/desk, with its
//! persistent replay store (an answer accepted once, in any process, is refused after).

use std::path::PathBuf;

use clap::Args;
use ikd_protocol::profile::ClaimField;
use ikd_verifier::image_decode::qr_payload_from_image;

use super::{desk, now};
use crate::home::Home;
use crate::output;

/// What to verify.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A PNG or JPEG image of the QR.
    #[arg(long, conflicts_with = "payload_hex")]
    image: Option<PathBuf>,
    /// The raw payload, in hex.
    #[arg(long)]
    payload_hex: Option<String>,
    /// Verify as of this instant (unix seconds, or RFC 3339 like 2026-11-22T10:00:00Z).
    #[arg(long)]
    at: Option<String>,
    /// The folder the demo wrote (issuer keys and lists).
    #[arg(long)]
    home: Option<PathBuf>,
}

/// Parses `--at`: unix seconds or `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_instant(text: &str) -> Result<i64, String> {
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    let bad = || format!("waktu tidak sah / invalid time: {text}");
    let (date, time) = text.trim_end_matches('Z').split_once('T').ok_or_else(bad)?;
    let d: Vec<&str> = date.split('-').collect();
    let t: Vec<&str> = time.split(':').collect();
    if d.len() != 3 || t.len() != 3 {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
    let day = ikd_protocol::civil_date::CivilDate::new(
        num(d[0])? as i32,
        num(d[1])? as u8,
        num(d[2])? as u8,
    )
    .map_err(|_| bad())?;
    Ok(i64::from(day.to_days()) * 86_400 + num(t[0])? * 3600 + num(t[1])? * 60 + num(t[2])?)
}

/// Prints what the desk sees.
pub fn print_fields(fields: &[ClaimField]) {
    output::step("QR SAH", "QR VALID");
    for field in fields {
        output::detail(&format!("{:<22} {}", field.label_id, field.value));
    }
}

/// Checks a scanned answer at the desk in HOME/desk.
fn check(home: &Home, payload: &[u8], at: i64) -> Result<Vec<ClaimField>, String> {
    let mut desk = desk::open(home)?;
    desk.verify_answer(payload, at)
        .map(|a| a.fields)
        .map_err(refused)
}

fn refused(e: ikd_verifier::VerifyError) -> String {
    format!(
        "QR DITOLAK / REFUSED ({}): {} / {}",
        e.code(),
        e.reason_id(),
        e.reason_en()
    )
}

/// Runs `ikd verify`.
pub fn run(args: VerifyArgs) -> Result<(), String> {
    let home = Home::new(args.home.unwrap_or_else(Home::default_root));
    let at = match &args.at {
        Some(text) => parse_instant(text)?,
        None => now(),
    };
    let payload = match (&args.image, &args.payload_hex) {
        (Some(path), _) => {
            let image = std::fs::read(path)
                .map_err(|_| "gambar tidak terbaca / cannot read the image".to_string())?;
            qr_payload_from_image(&image).map_err(refused)?
        }
        (None, Some(hex)) => (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2).unwrap_or("zz"), 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| "hex tidak sah / invalid hex".to_string())?,
        (None, None) => {
            return Err("beri --image atau --payload-hex / give --image or --payload-hex".into());
        }
    };
    print_fields(&check(&home, &payload, at)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_parse_as_unix_seconds_or_rfc3339() {
        assert_eq!(parse_instant("1800000000").unwrap(), 1_800_000_000);
        assert_eq!(parse_instant("1970-01-02T00:00:10Z").unwrap(), 86_410);
        assert!(parse_instant("yesterday").is_err());
    }
}
