//! `ikd issuer serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Subcommand;
use ikd_issuer::{IssuerConfig, IssuerHandle};

use crate::output;

/// Issuer commands.
#[derive(Debug, Subcommand)]
pub enum IssuerCommand {
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
        IssuerCommand::Serve {
            data,
            bind,
            public_url,
            smtp,
            smtp_from,
        } => {
            let token = std::env::var("IKD_OFFICER_TOKEN").map_err(|_| {
                "set IKD_OFFICER_TOKEN (the officers' bearer token) / atur IKD_OFFICER_TOKEN"
                    .to_string()
            })?;
            let mut config = IssuerConfig::new(&data, token);
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
