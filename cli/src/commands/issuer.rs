//! `ikd issuer serve`, `add-account`, `import-registry` and `revoke-desk`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use ikd_issuer::store::{Database, Store};
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
        /// PostgreSQL connection string (`postgres://user@host:port/db`); default: the data
        /// folder's SQLite file.
        #[arg(long, env = "IKD_DATABASE", hide_env_values = true)]
        database: Option<String>,
        /// The account name (3-32 lower-case letters, digits, dots, dashes).
        #[arg(long)]
        username: String,
        /// `officer` (enrolls, revokes) or `admin` (also reads the audit log).
        #[arg(long, default_value = "officer")]
        role: String,
    },
    /// Import a civil-registry extract (JSON Lines, one citizen per line; docs/issuer.md), all
    /// or nothing: any bad line is reported with its number and nothing is written.
    #[command(
        after_help = "Example:\n  ikd issuer import-registry --data ./issuer --file extract.jsonl"
    )]
    ImportRegistry {
        /// Data folder of the issuer.
        #[arg(long, default_value = "issuer-data")]
        data: PathBuf,
        /// PostgreSQL connection string (`postgres://user@host:port/db`); default: the data
        /// folder's SQLite file.
        #[arg(long, env = "IKD_DATABASE", hide_env_values = true)]
        database: Option<String>,
        /// The extract.
        #[arg(long)]
        file: PathBuf,
    },
    /// Revoke a desk: the service's verifier authority no longer vouches for it, and the next
    /// desk revocation list (`GET /v1/desk-revocation-list`) names it. Audited as `operator`.
    #[command(
        after_help = "Example:\n  ikd issuer revoke-desk --data ./issuer --desk-key-id 00112233445566778899aabbccddeeff"
    )]
    RevokeDesk {
        /// Data folder of the issuer.
        #[arg(long, default_value = "issuer-data")]
        data: PathBuf,
        /// PostgreSQL connection string (`postgres://user@host:port/db`); default: the data
        /// folder's SQLite file.
        #[arg(long, env = "IKD_DATABASE", hide_env_values = true)]
        database: Option<String>,
        /// The desk's key id: 32 hex digits, as `ikd desk certify` prints it.
        #[arg(long)]
        desk_key_id: String,
    },
    /// Run the reference issuing service until interrupted.
    #[command(
        after_help = "Example (behind a TLS proxy, see docs/issuer.md):\n  IKD_OFFICER_TOKEN=secret ikd issuer serve --data ./issuer --bind 127.0.0.1:8080 --public-url https://ikd.example.id"
    )]
    Serve {
        /// Data folder (database, keys, outbox). Processes sharing one PostgreSQL database
        /// must share this folder's keys too.
        #[arg(long, default_value = "issuer-data")]
        data: PathBuf,
        /// PostgreSQL connection string (`postgres://user@host:port/db`); default: the data
        /// folder's SQLite file.
        #[arg(long, env = "IKD_DATABASE", hide_env_values = true)]
        database: Option<String>,

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
            database,
            username,
            role,
        } => {
            let role = ikd_issuer::accounts::Role::parse(&role)
                .ok_or("peran: officer atau admin / role: officer or admin")?;
            let password = crate::pin_input::PinSource::from_stdin()
                .read_secret("Kata sandi / password", "kata sandi / password")?;
            let mut store = open_store(&data, database)?;
            ikd_issuer::admin::add_account(&mut *store, &username, &password, role, super::now())
                .map_err(|e| e.to_string())?;
            output::step("Akun dibuat", "Account created");
            Ok(())
        }
        IssuerCommand::ImportRegistry {
            data,
            database,
            file,
        } => {
            let mut store = open_store(&data, database)?;
            match ikd_issuer::admin::import_registry(&mut *store, &file, super::now()) {
                Ok(count) => {
                    output::step("Registri diimpor", "Registry imported");
                    output::detail(&format!("{count} warga / citizens"));
                    Ok(())
                }
                Err(ikd_issuer::admin::ImportError::Lines(errors)) => {
                    for error in &errors {
                        eprintln!("{error}");
                    }
                    Err(format!(
                        "{} baris salah; tidak ada yang diimpor / {} bad lines; nothing imported",
                        errors.len(),
                        errors.len()
                    ))
                }
                Err(other) => Err(other.to_string()),
            }
        }
        IssuerCommand::RevokeDesk {
            data,
            database,
            desk_key_id,
        } => {
            let id =
                ikd_issuer::admin::parse_desk_key_id(&desk_key_id).map_err(|e| e.to_string())?;
            let mut store = open_store(&data, database)?;
            let revoked =
                ikd_issuer::admin::revoke_desk(&mut *store, "operator", &id, super::now())
                    .map_err(|e| e.to_string())?;
            if revoked {
                output::step("Loket dicabut", "Desk revoked");
            } else {
                output::step("Loket sudah dicabut", "Desk was already revoked");
            }
            Ok(())
        }
        IssuerCommand::Serve {
            data,
            database,
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
            config.database = database_of(database);
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

fn database_of(url: Option<String>) -> Database {
    match url.filter(|u| !u.is_empty()) {
        Some(url) => Database::Postgres(url),
        None => Database::Sqlite,
    }
}

/// The store `--database` names (or the data folder's SQLite file), migrated.
fn open_store(data: &Path, database: Option<String>) -> Result<Box<dyn Store>, String> {
    std::fs::create_dir_all(data)
        .map_err(|_| "folder data tidak bisa dibuat / cannot create the data folder".to_string())?;
    ikd_issuer::store::open(&database_of(database), data).map_err(|e| {
        format!(
            "basis data tidak bisa dibuka / cannot open the database: {}",
            e.kind()
        )
    })
}
