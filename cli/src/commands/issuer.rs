//! `ikd issuer serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Subcommand;
use ikd_issuer::{IssuerConfig, IssuerHandle};

use crate::output;

/// Issuer commands.
#[derive(Debug, Subcommand)]
pub enum IssuerCommand {
    /// Create an officer or admin account (the password is read without echo, or from stdin).
    #[command(
        after_help = "Example:\n  ikd issuer add-account --data ./issuer --username budi --role officer"
    )]
    AddAccount {
        /// Data folder of the issuer.
        #[arg(long, default_value = "issuer-data")]
        data: PathBuf,
        /// The account name (3-32 lower-case letters, digits, dots, dashes).
        #[arg(long)]
        username: String,
        /// `officer` (enrolls, revokes) or `admin` (also reads the audit log).
        #[arg(long, default_value = "officer")]
        role: String,
    },
    /// Run the reference issuing service until interrupted.
    #[command(
        after_help = "Example (behind a TLS proxy, see docs/issuer.md):\n  IKD_OFFICER_TOKEN=secret ikd issuer serve --data ./issuer --bind 127.0.0.1:8080 --public-url https://ikd.example.id"
    )]
    Serve {
        /// Data folder (database, keys, outbox).
        #[arg(long, default_value = "issuer-data")]
        data: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Public base URL wallets reach the service at (https), put in the activation QR;
        /// required when --bind is not a loopback address.
        #[arg(long)]
        public_url: Option<String>,
        /// Send activation codes through this SMTP relay (default: the outbox folder).
        #[arg(long)]
        smtp: Option<SocketAddr>,
        /// Envelope sender for SMTP.
        #[arg(long, default_value = "noreply@example.id")]
        smtp_from: String,
    },
}

/// Runs an issuer command.
pub fn run(command: IssuerCommand) -> Result<(), String> {
    match command {
        IssuerCommand::AddAccount {
            data,
            username,
            role,
        } => {
            let role = ikd_issuer::accounts::Role::parse(&role)
                .ok_or("peran: officer atau admin / role: officer or admin")?;
            let password = crate::pin_input::PinSource::from_stdin()
                .read_secret("Kata sandi / password", "kata sandi / password")?;
            ikd_issuer::admin::add_account(&data, &username, &password, role, super::now())
                .map_err(|e| e.to_string())?;
            output::step("Akun dibuat", "Account created");
            Ok(())
        }
        IssuerCommand::Serve {
            data,
            bind,
            public_url,
            smtp,
            smtp_from,
        } => {
            // Officers log in with their own accounts; a shared token is only for tests and
            // the demo, and every use of it is audited as such.
            let mut config = IssuerConfig::new(&data, String::new());
            config.officer_tokens = std::env::var("IKD_OFFICER_TOKEN")
                .ok()
                .filter(|t| !t.is_empty())
                .into_iter()
                .collect();
            config.bind = bind;
            config.public_url = public_url;
            config.check().map_err(|e| e.to_string())?;
            config.smtp = smtp.map(|address| ikd_issuer::outbox::SmtpRelay {
                address,
                from: smtp_from,
            });
            let handle = IssuerHandle::start(config).map_err(|e| {
                format!(
                    "server tidak bisa mulai / cannot start the server: {:?}",
                    e.kind()
                )
            })?;
            output::step("Server penerbit berjalan", "Issuer running");
            output::detail(&handle.base_url());
            handle.wait();
            Ok(())
        }
    }
}
