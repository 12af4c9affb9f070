//! `ikd wallet ...`: the citizen's side, on this computer's software keystore.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use ikd_core::{Pin, Wallet, WalletStatus};
use ikd_protocol::profile::DocType;

use super::{now, reason};
use crate::home::Home;
use crate::output;
use crate::pin_input::PinSource;

/// A document profile, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Doc {
    /// KTP, every field.
    Ktp,
    /// KTP: NIK, name, birth date.
    KtpBasic,
    /// Proof of age 17+ (no NIK).
    Age17,
    /// Family card.
    Kk,
    /// Family card members (QR profile).
    KkBasic,
    /// Vaccine certificate.
    Vaccine,
    /// BPJS Kesehatan card.
    Bpjs,
}

impl Doc {
    /// The profile.
    pub fn doc_type(self) -> DocType {
        match self {
            Doc::Ktp => DocType::KtpFull,
            Doc::KtpBasic => DocType::KtpBasic,
            Doc::Age17 => DocType::AgeOver17,
            Doc::Kk => DocType::FamilyCard,
            Doc::KkBasic => DocType::FamilyCardBasic,
            Doc::Vaccine => DocType::Vaccine,
            Doc::Bpjs => DocType::Bpjs,
        }
    }
}

/// Wallet commands. Every command takes `--home DIR` (default `$IKD_HOME` or ~/.local/share/ikd).
#[derive(Debug, Subcommand)]
pub enum WalletCommand {
    /// Activate with the officer's QR text, your NIK and the e-mailed code; asks for a new PIN twice.
    #[command(
        after_help = "Example:\n  ikd wallet activate --qr 'IKDACT1|http://127.0.0.1:8080|enr-...|...' --nik 3174015708900001 --code ABCD2345"
    )]
    Activate {
        /// The activation QR text.
        #[arg(long)]
        qr: String,
        /// Your NIK.
        #[arg(long)]
        nik: String,
        /// The activation code from the e-mail.
        #[arg(long)]
        code: String,
        /// Wallet folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// What state the wallet is in, and the PIN tries left.
    Status {
        /// Wallet folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// Show a document (asks for the PIN).
    #[command(after_help = "Example:\n  ikd wallet show --doc ktp")]
    Show {
        /// Which document.
        #[arg(long, value_enum, default_value = "ktp")]
        doc: Doc,
        /// Wallet folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// Scan a desk's request or card (a PNG/JPEG), see who asks for what; with --share, answer it
    /// (asks for the PIN) and write the answer QR to HOME/last-qr.png.
    #[command(
        after_help = "Example:\n  ikd wallet answer --request /tmp/ikd-demo/desk/request.png --share"
    )]
    Answer {
        /// The image of the desk's request or card.
        #[arg(long)]
        request: PathBuf,
        /// Share: without it, only who asks and what would be shared is shown.
        #[arg(long)]
        share: bool,
        /// Wallet folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// Change the PIN (asks for the old PIN, then the new one twice).
    ChangePin {
        /// Wallet folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// Lock the wallet (the keys are wiped from memory).
    Lock {
        /// Wallet folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
}

fn home(dir: Option<PathBuf>) -> Home {
    Home::new(dir.unwrap_or_else(Home::default_root))
}

fn open(home: &Home) -> Result<Wallet, String> {
    home.open_wallet().map_err(|e| reason(&e))
}

/// Asks for a new PIN twice.
pub fn new_pin(pins: &mut PinSource) -> Result<Pin, String> {
    let first = pins.read("PIN baru (6 angka) / new PIN (6 digits)")?;
    let again = pins.read("Ulangi PIN baru / repeat the new PIN")?;
    ikd_core::pin::rules::check_confirmation(&first, &again).map_err(|e| reason(&e.into()))?;
    Ok(first)
}

/// Prints what the consent screen shows: who asks, and exactly what would be shared.
pub fn print_consent(consent: &ikd_core::ConsentRequest) {
    output::step(
        &format!("{} ({}) meminta", consent.institution, consent.sector_id),
        &format!("{} ({}) asks", consent.institution, consent.sector_en),
    );
    output::detail(&format!("loket / desk: {}", consent.desk));
    output::detail(&format!(
        "{} / {}",
        consent.profile.label_id(),
        consent.profile.label_en()
    ));
    for field in &consent.fields {
        output::detail(&format!("  {:<20} {}", field.label_id, field.value));
    }
    if consent.printed_card {
        output::detail("kartu loket cetak / printed desk card");
    }
    if let Some(warning) = &consent.warning {
        output::detail(&format!("PERINGATAN: {}", warning.id));
        output::detail(&format!("WARNING: {}", warning.en));
    }
}

/// Prints a document's fields.
pub fn print_document(session: &ikd_core::Session, doc_type: DocType) -> Result<(), String> {
    let document = session.document(doc_type).map_err(|e| reason(&e))?;
    output::step(doc_type.label_id(), doc_type.label_en());
    for field in document.credential.claims.fields() {
        output::detail(&format!("{:<22} {}", field.label_id, field.value));
    }
    Ok(())
}

/// Runs a wallet command.
pub fn run(command: WalletCommand) -> Result<(), String> {
    let mut pins = PinSource::from_stdin();
    match command {
        WalletCommand::Activate {
            qr,
            nik,
            code,
            home: dir,
        } => {
            let wallet = open(&home(dir))?;
            let pin = new_pin(&mut pins)?;
            wallet
                .activate(&qr, &nik, &code, &pin)
                .map_err(|e| reason(&e))?;
            output::step("IKD aktif di perangkat ini", "IKD is active on this device");
            Ok(())
        }
        WalletCommand::Status { home: dir } => {
            let wallet = open(&home(dir))?;
            let (id, en) = match wallet.status() {
                WalletStatus::NotSetUp => ("Belum diaktifkan", "Not activated"),
                WalletStatus::Locked | WalletStatus::Unlocked => {
                    ("Aktif, terkunci", "Active, locked")
                }
                WalletStatus::NeedsReactivation(_) => {
                    ("Perlu aktivasi ulang", "Needs re-activation")
                }
            };
            output::step(id, en);
            // The CLI always runs on the software keystore: say so every time.
            let warning = ikd_core::messages::software_keystore_warning();
            output::detail(&format!("{} / {}", warning.id, warning.en));
            if let Ok(state) = wallet.lockout_state() {
                output::detail(&format!(
                    "Sisa percobaan PIN / PIN tries left: {}",
                    state.attempts_left
                ));
                if state.wait_seconds > 0 {
                    output::detail(&format!("Tunggu / wait: {} s", state.wait_seconds));
                }
            }
            Ok(())
        }
        WalletCommand::Show { doc, home: dir } => {
            let wallet = open(&home(dir))?;
            let session = wallet.unlock(&pins.read("PIN")?).map_err(|e| reason(&e))?;
            print_document(&session, doc.doc_type())
        }
        WalletCommand::Answer {
            request,
            share,
            home: dir,
        } => {
            let home = home(dir);
            let image = std::fs::read(&request)
                .map_err(|_| "gambar tidak terbaca / cannot read the image".to_string())?;
            let scanned = ikd_verifier::image_decode::qr_payload_from_image(&image)
                .map_err(|_| "tidak ada QR di gambar / no QR in the image".to_string())?;
            let wallet = open(&home)?;
            let session = wallet.unlock(&pins.read("PIN")?).map_err(|e| reason(&e))?;
            let at = now();
            let consent = session
                .read_desk_request(&scanned, at)
                .map_err(|e| reason(&e))?;
            print_consent(&consent);
            if !consent.may_share {
                return Err("tidak dibagikan / not shared".into());
            }
            if !share {
                output::detail("Tambahkan --share untuk membagikan / add --share to share");
                return Ok(());
            }
            let answer = session
                .answer_desk_request(&consent, at)
                .map_err(|e| reason(&e))?;
            print!("{}", answer.matrix.to_terminal_text());
            std::fs::write(home.last_qr_png(), answer.matrix.to_png(6))
                .map_err(|_| "QR tidak bisa disimpan / cannot save the QR".to_string())?;
            output::step(
                &format!("Jawaban untuk {}", answer.addressed_to),
                &format!("Answer for {}", answer.addressed_to),
            );
            output::detail(&home.last_qr_png().display().to_string());
            Ok(())
        }
        WalletCommand::ChangePin { home: dir } => {
            let wallet = open(&home(dir))?;
            let old = pins.read("PIN lama / old PIN")?;
            let new = new_pin(&mut pins)?;
            wallet.change_pin(&old, &new).map_err(|e| reason(&e))?;
            output::step("PIN diganti", "PIN changed");
            Ok(())
        }
        WalletCommand::Lock { home: dir } => {
            open(&home(dir))?.lock();
            output::step("IKD terkunci", "IKD locked");
            Ok(())
        }
    }
}
