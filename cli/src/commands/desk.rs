//! `ikd desk ...`: a service desk of the desk-first flow on this computer. The desk makes its own
//! keys (`init`), a local verifier authority (the demo issuer's, in HOME/issuer) certifies them
//! (`certify`), and it shows a request or prints a card. Files:
//!
//! ```text
//! HOME/desk/static.key          the desk's X25519 secret (mode 0600), made on the desk
//! HOME/desk/certificate.cbor    its certificate from the verifier authority
//! HOME/desk/replay.sqlite       the persistent replay store
//! HOME/desk/request.png         the last request or card shown
//! HOME/desk/desk.sqlite         the station's state (`ikd desk serve`): certificate, lists, log
//! ```
//!
//! `ikd desk serve` runs the desk station (crate `ikd-desk`) for a browser at the counter.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use ed25519_dalek::VerifyingKey;
use ikd_protocol::desk::certificate::{
    AuthorityKeyId, CertificateBody, DeskCertificate, ProfileSet, Sector,
};
use ikd_protocol::desk::qr_matrix;
use ikd_protocol::desk::rules::utc_day;
use ikd_protocol::trust::{RevocationList, SignedList, TrustList};
use ikd_verifier::{Desk, SqliteReplayStore};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::now;
use super::wallet::Doc;
use crate::home::Home;
use crate::output;

/// Kind of institution, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SectorArg {
    /// Government office.
    Government,
    /// Bank or financial service.
    Finance,
    /// Clinic, hospital, pharmacy.
    Health,
    /// Shop, bar, venue.
    Retail,
    /// Mobile operator.
    Telecom,
    /// Transport.
    Transport,
    /// School or university.
    Education,
}

impl SectorArg {
    fn sector(self) -> Sector {
        match self {
            SectorArg::Government => Sector::Government,
            SectorArg::Finance => Sector::Finance,
            SectorArg::Health => Sector::Health,
            SectorArg::Retail => Sector::Retail,
            SectorArg::Telecom => Sector::Telecom,
            SectorArg::Transport => Sector::Transport,
            SectorArg::Education => Sector::Education,
        }
    }
}

/// Desk commands. Every command takes `--home DIR`.
#[derive(Debug, Subcommand)]
pub enum DeskCommand {
    /// Make this desk's own X25519 key (kept if it exists).
    #[command(after_help = "Example:\n  ikd desk init --home /tmp/ikd-demo")]
    Init {
        /// Folder (the desk's files go to HOME/desk).
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// Certify the desk's key with the local verifier authority (HOME/issuer's).
    #[command(
        after_help = "Example:\n  ikd desk certify --institution 'BANK CONTOH' --desk 'LOKET 1' --sector finance --allow ktp-basic --allow age17"
    )]
    Certify {
        /// Institution name (at most 32 bytes).
        #[arg(long)]
        institution: String,
        /// Desk name (at most 20 bytes).
        #[arg(long)]
        desk: String,
        /// Kind of institution.
        #[arg(long, value_enum)]
        sector: SectorArg,
        /// A profile this desk may ask for (repeat for more).
        #[arg(long = "allow", value_enum, required = true)]
        allow: Vec<Doc>,
        /// Days of validity from today (at most 365).
        #[arg(long, default_value_t = 365)]
        days: i32,
        /// Folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// Run the desk station: a web app on loopback for the counter's browser (webcam or USB
    /// scanner). With --local-issuer, one command does it all: the issuer in HOME/issuer starts
    /// on loopback, and the desk's key and certificate (BANK CONTOH, LOKET 1) are made if missing.
    #[command(
        after_help = "Examples:\n  ikd desk serve --home /tmp/ikd-demo --local-issuer\n  ikd desk serve --home /tmp/ikd-demo --issuer http://127.0.0.1:8080 --bind 127.0.0.1:8090"
    )]
    Serve {
        /// The issuer's base URL, for the trust and revocation lists.
        #[arg(long, conflicts_with = "local_issuer")]
        issuer: Option<String>,
        /// Start the local issuer (HOME/issuer) in this process and use it.
        #[arg(long)]
        local_issuer: bool,
        /// Address to listen on (loopback unless --allow-network).
        #[arg(long, default_value = ikd_desk::DEFAULT_BIND)]
        bind: std::net::SocketAddr,
        /// Allow a non-loopback --bind (put TLS in front of it).
        #[arg(long)]
        allow_network: bool,
        /// Tests only: a file holding seconds added to the desk's clock, read at every use.
        #[arg(long, hide = true)]
        clock_offset_file: Option<PathBuf>,
        /// Folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// Print a desk card (a printed QR for a desk with only a scanner) asking for one profile.
    #[command(after_help = "Example:\n  ikd desk card --doc age17 --home /tmp/ikd-demo")]
    Card {
        /// The profile asked for.
        #[arg(long, value_enum)]
        doc: Doc,
        /// Folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
}

fn missing(what: &str) -> String {
    format!(
        "{what} tidak ada; jalankan `ikd demo --home` dulu / missing; run `ikd demo --home` first"
    )
}

fn static_key_path(home: &Home) -> PathBuf {
    home.desk_dir().join("static.key")
}

/// Makes the desk's X25519 secret if it does not exist yet (the station's key file, mode 0600).
pub fn init(home: &Home) -> Result<(), String> {
    ikd_desk::keys::make_static_key(&home.desk_dir())
        .map(|_| ())
        .map_err(|_| "kunci loket tidak tersimpan / cannot save the desk key".to_string())
}

fn static_secret(home: &Home) -> Result<Zeroizing<[u8; 32]>, String> {
    let bytes =
        Zeroizing::new(std::fs::read(static_key_path(home)).map_err(|_| missing("kunci loket"))?);
    let array: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| "kunci loket rusak / damaged desk key".to_string())?;
    Ok(Zeroizing::new(array))
}

/// Certifies the desk's key with the local authority, valid from today for `days`.
pub fn certify(
    home: &Home,
    institution: &str,
    desk: &str,
    sector: Sector,
    allowed: &[ikd_protocol::profile::DocType],
    days: i32,
) -> Result<DeskCertificate, String> {
    let secret = StaticSecret::from(*static_secret(home)?);
    let authority = ikd_issuer::routes::verifier_authority_key(&home.issuer_dir())
        .map_err(|_| missing("kunci otoritas"))?;
    let today = utc_day(now()).ok_or("jam salah / wrong clock")?;
    let certificate = DeskCertificate::sign(
        CertificateBody {
            authority: AuthorityKeyId([0; 8]),
            institution: institution.into(),
            desk: desk.into(),
            sector,
            allowed: ProfileSet::of(allowed),
            static_key: PublicKey::from(&secret).to_bytes(),
            valid_from: today,
            valid_until: today + days.clamp(1, 365) - 1,
        },
        &authority,
    );
    // Re-read what we wrote: the limits (name lengths) are the decoder's.
    DeskCertificate::decode(&certificate.encode())
        .map_err(|_| "nama terlalu panjang / a name is too long".to_string())?;
    std::fs::write(
        home.desk_dir().join("certificate.cbor"),
        certificate.encode(),
    )
    .map_err(|_| "sertifikat tidak tersimpan / cannot save the certificate".to_string())?;
    Ok(certificate)
}

fn read_list(path: &Path) -> Result<SignedList, String> {
    let bytes = std::fs::read(path).map_err(|_| missing("daftar"))?;
    SignedList::decode(&bytes).map_err(|_| "daftar rusak / damaged list".to_string())
}

/// The trust root public key of the local issuer and the lists the demo saved.
pub fn lists(home: &Home) -> Result<(TrustList, RevocationList), String> {
    let root = ikd_issuer::routes::trust_root_public_key(&home.issuer_dir())
        .map_err(|_| missing("kunci akar"))?;
    let root = VerifyingKey::from_bytes(&root).map_err(|_| missing("kunci akar"))?;
    let trust = TrustList::verify(&read_list(&home.trust_list())?, &root)
        .map_err(|_| "daftar tepercaya tidak sah / invalid trust list".to_string())?;
    let revocations = RevocationList::verify(&read_list(&home.revocation_list())?, &root)
        .map_err(|_| "daftar pencabutan tidak sah / invalid revocation list".to_string())?;
    Ok((trust, revocations))
}

/// The desk in HOME/desk, with its persistent replay store and a card for every profile it may
/// ask for (so answers to its printed cards are accepted in any later process).
pub fn open(home: &Home) -> Result<Desk, String> {
    let secret = static_secret(home)?;
    let bytes = std::fs::read(home.desk_dir().join("certificate.cbor"))
        .map_err(|_| missing("sertifikat loket"))?;
    let certificate = DeskCertificate::decode(&bytes)
        .map_err(|_| "sertifikat loket rusak / damaged desk certificate".to_string())?;
    let (trust, revocations) = lists(home)?;
    let store = SqliteReplayStore::open(&home.desk_dir().join("replay.sqlite"))
        .map_err(|_| "penyimpanan loket rusak / the desk's replay store cannot be opened")?;
    let allowed = certificate.body.allowed.profiles();
    let mut desk = Desk::new(
        *secret,
        certificate,
        trust,
        revocations,
        Vec::new(),
        Box::new(store),
    )
    .map_err(refused)?;
    for profile in allowed {
        // A card the desk may no longer print (expired, revoked) is simply not accepted.
        let _ = desk.card(profile, now());
    }
    Ok(desk)
}

/// The one-line refusal of the desk.
pub fn refused(e: ikd_verifier::VerifyError) -> String {
    format!(
        "DITOLAK / REFUSED ({}): {} / {}",
        e.code(),
        e.reason_id(),
        e.reason_en()
    )
}

/// Writes a message's QR as PNG at `path` and prints it on the terminal.
pub fn show_qr(message: &[u8], path: &Path) -> Result<u8, String> {
    let matrix = qr_matrix(message).map_err(|_| "QR terlalu besar / QR too large".to_string())?;
    print!("{}", matrix.to_terminal_text());
    std::fs::write(path, matrix.to_png(6)).map_err(|_| "PNG gagal / PNG failed".to_string())?;
    output::detail(&format!(
        "versi QR / QR version {}, {} byte: {}",
        matrix.version,
        message.len(),
        path.display()
    ));
    Ok(matrix.version)
}

/// Runs `ikd desk ...`.
pub fn run(command: DeskCommand) -> Result<(), String> {
    let home_of = |dir: Option<PathBuf>| Home::new(dir.unwrap_or_else(Home::default_root));
    match command {
        DeskCommand::Init { home } => {
            let home = home_of(home);
            init(&home)?;
            output::step("Kunci loket siap", "Desk key ready");
            output::detail(&static_key_path(&home).display().to_string());
            Ok(())
        }
        DeskCommand::Certify {
            institution,
            desk,
            sector,
            allow,
            days,
            home,
        } => {
            let home = home_of(home);
            let allowed: Vec<_> = allow.iter().map(|d| d.doc_type()).collect();
            let certificate = certify(&home, &institution, &desk, sector.sector(), &allowed, days)?;
            output::step("Loket disahkan", "Desk certified");
            output::detail(&format!(
                "{} / {} ({} B)",
                certificate.body.institution,
                certificate.body.desk,
                certificate.encode().len()
            ));
            let key_id: String = certificate
                .body
                .desk_key_id()
                .0
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            output::detail(&format!("ID kunci loket / desk key id: {key_id}"));
            Ok(())
        }
        DeskCommand::Serve {
            issuer,
            local_issuer,
            bind,
            allow_network,
            clock_offset_file,
            home,
        } => serve(
            &home_of(home),
            issuer,
            local_issuer,
            bind,
            allow_network,
            clock_offset_file,
        ),
        DeskCommand::Card { doc, home } => {
            let home = home_of(home);
            let mut desk = open(&home)?;
            let card = desk.card(doc.doc_type(), now()).map_err(refused)?;
            output::step("Kartu loket", "Desk card");
            show_qr(&card, &home.desk_request_png())?;
            Ok(())
        }
    }
}

/// The desk's clock: the system's, plus the seconds in `offset_file` when given (tests only).
fn clock(offset_file: Option<PathBuf>) -> ikd_desk::station::Clock {
    std::sync::Arc::new(move || {
        let offset = offset_file
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|t| t.trim().parse::<i64>().ok())
            .unwrap_or(0);
        now() + offset
    })
}

/// Runs `ikd desk serve` until interrupted.
fn serve(
    home: &Home,
    issuer: Option<String>,
    local_issuer: bool,
    bind: std::net::SocketAddr,
    allow_network: bool,
    clock_offset_file: Option<PathBuf>,
) -> Result<(), String> {
    let mut running_issuer = None;
    let issuer_url = if local_issuer {
        let token = std::env::var("IKD_OFFICER_TOKEN").unwrap_or_default();
        let handle = ikd_issuer::IssuerHandle::start(ikd_issuer::IssuerConfig::new(
            home.issuer_dir(),
            token,
        ))
        .map_err(|_| "server penerbit gagal / the issuer did not start".to_string())?;
        output::step("Server penerbit berjalan", "Issuer running");
        output::detail(&handle.base_url());
        let url = handle.base_url();
        running_issuer = Some(handle);
        init(home)?;
        if !home.desk_dir().join("certificate.cbor").exists() {
            let certificate = certify(
                home,
                "BANK CONTOH",
                "LOKET 1",
                Sector::Finance,
                &[
                    ikd_protocol::profile::DocType::KtpBasic,
                    ikd_protocol::profile::DocType::AgeOver17,
                ],
                365,
            )?;
            output::step("Loket disahkan", "Desk certified");
            output::detail(&format!(
                "{} / {}",
                certificate.body.institution, certificate.body.desk
            ));
        }
        Some(url)
    } else {
        issuer
    };
    let root = ikd_issuer::routes::trust_root_public_key(&home.issuer_dir())
        .map_err(|_| missing("kunci akar"))?;
    let mut config = ikd_desk::DeskConfig::new(home.desk_dir(), root);
    config.bind = bind;
    config.allow_network = allow_network;
    config.issuer_url = issuer_url;
    config.clock = clock(clock_offset_file);
    let desk = ikd_desk::DeskHandle::start(config)
        .map_err(|e| format!("loket tidak bisa mulai / the desk cannot start: {e}"))?;
    output::step(
        "Loket berjalan: buka alamat ini di peramban",
        "Desk running: open this address in the browser",
    );
    output::detail(&desk.base_url());
    desk.wait();
    drop(running_issuer);
    Ok(())
}
