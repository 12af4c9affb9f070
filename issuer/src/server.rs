//! Starting and stopping the service: in-process on a loopback port for tests and the demo, or as
//! `ikd issuer serve`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::routes;

/// Where the service keeps its data, who may enroll, and how it tells time.
#[derive(Clone)]
pub struct IssuerConfig {
    /// One folder for everything: database, keys, outbox.
    pub data_dir: PathBuf,
    /// Where the state lives: the data folder's SQLite file, or PostgreSQL (shared by several
    /// issuer processes; they must also share the data folder's keys).
    pub database: crate::store::Database,
    /// Address to listen on (`127.0.0.1:0` picks a free loopback port).
    pub bind: SocketAddr,
    /// The public base URL wallets reach the service at (`https://ikd.example.id`): what the
    /// activation QR carries and every refresh signature names. `None` on loopback only: then
    /// it is `http://<listening address>`.
    pub public_url: Option<String>,
    /// Bearer tokens of the officers allowed to enroll and revoke.
    pub officer_tokens: Vec<String>,
    /// How long an activation code stays valid.
    pub code_ttl_seconds: i64,
    /// Days an issued credential stays valid.
    pub credential_validity_days: i32,
    /// Send activation codes through this SMTP relay instead of the outbox folder.
    pub smtp: Option<crate::outbox::SmtpRelay>,
    /// The clock (unix seconds); tests move it.
    pub clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl std::fmt::Debug for IssuerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerConfig")
            .field("data_dir", &self.data_dir)
            .field("database", &self.database)
            .field("bind", &self.bind)
            .field(
                "officer_tokens",
                &format_args!("<{} redacted>", self.officer_tokens.len()),
            )
            .finish_non_exhaustive()
    }
}

impl IssuerConfig {
    /// Defaults: loopback on a free port, codes valid 24 h, credentials one year, system clock.
    pub fn new(data_dir: impl Into<PathBuf>, officer_token: impl Into<String>) -> IssuerConfig {
        IssuerConfig {
            data_dir: data_dir.into(),
            database: crate::store::Database::Sqlite,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_url: None,
            officer_tokens: vec![officer_token.into()],
            code_ttl_seconds: 24 * 3600,
            credential_validity_days: 365,
            smtp: None,
            clock: Arc::new(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            }),
        }
    }

    /// Refuses a configuration that could not serve a real phone safely: a listener off loopback
    /// without a public base URL, or a public URL that is not `https://` (plain `http://` only
    /// to a loopback host, for tests and the demo), or one with a path, query or user part.
    pub fn check(&self) -> Result<(), ConfigError> {
        match &self.public_url {
            None if self.bind.ip().is_loopback() => Ok(()),
            None => Err(ConfigError::PublicUrlRequired),
            Some(url) => check_public_url(url),
        }
    }

    /// The service's origin: the public base URL without a trailing slash, or
    /// `http://<bind address>` when none is configured.
    pub fn origin(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.bind),
        }
    }
}

/// A configuration [`IssuerConfig::check`] refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Listening off loopback needs `--public-url https://...` (what the activation QR carries).
    #[error(
        "alamat publik https wajib di luar loopback (--public-url https://...) / \
         a public https base URL is required off loopback (--public-url https://...)"
    )]
    PublicUrlRequired,
    /// The public URL is not `https://host[:port]`.
    #[error("alamat publik harus https://host[:port] / the public URL must be https://host[:port]")]
    BadPublicUrl,
}

/// `https://host[:port]` (optionally one trailing slash), or `http://` to a loopback address.
fn check_public_url(url: &str) -> Result<(), ConfigError> {
    let (scheme, rest) = url.split_once("://").ok_or(ConfigError::BadPublicUrl)?;
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split_once(']').ok_or(ConfigError::BadPublicUrl)?,
        None => match authority.split_once(':') {
            Some((host, port)) => (host, port),
            None => (authority, ""),
        },
    };
    let port_ok = match port.strip_prefix(':') {
        Some(digits) => !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
        // Unbracketed: `port` is already what followed the colon.
        None if !authority.starts_with('[') && authority.contains(':') => {
            !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
        }
        None => port.is_empty(),
    };
    let host_ok = !host.is_empty()
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || b"-.".contains(&b)
                || (b == b':' && authority.starts_with('['))
        });
    if !port_ok || !host_ok {
        return Err(ConfigError::BadPublicUrl);
    }
    let loopback = host
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback());
    match scheme {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(ConfigError::BadPublicUrl),
    }
}

/// A running service; stops when dropped.
pub struct IssuerHandle {
    address: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl IssuerHandle {
    /// Starts the service on its own thread and returns once it listens.
    /// Refuses a configuration that [`IssuerConfig::check`] refuses, before listening.
    pub fn start(mut config: IssuerConfig) -> std::io::Result<IssuerHandle> {
        config
            .check()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        std::fs::create_dir_all(&config.data_dir)?;
        let listener = std::net::TcpListener::bind(config.bind)?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        // Port 0 is now a real port: the origin names it.
        config.bind = address;
        let state = routes::AppState::load(&config)?;
        let (shutdown, stop) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("ikd-issuer".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => l,
                        Err(e) => {
                            log::error!("cannot listen: {:?}", e.kind());
                            return;
                        }
                    };
                    let app =
                        routes::router(state).into_make_service_with_connect_info::<SocketAddr>();
                    let served = axum::serve(listener, app).with_graceful_shutdown(async {
                        let _ = stop.await;
                    });
                    if let Err(e) = served.await {
                        log::error!("issuer stopped: {:?}", e.kind());
                    }
                });
            })?;
        log::info!("issuer listening on {address}");
        Ok(IssuerHandle {
            address,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The base URL it listens on, e.g. `http://127.0.0.1:43121` (behind a TLS proxy this is
    /// not the public URL).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops the service and waits for it.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    /// Blocks until the service stops (for `ikd issuer serve`).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for IssuerHandle {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(bind: &str, public_url: Option<&str>) -> IssuerConfig {
        let mut config = IssuerConfig::new("/nonexistent", "t");
        config.bind = bind.parse().unwrap();
        config.public_url = public_url.map(str::to_string);
        config
    }

    #[test]
    fn a_listener_off_loopback_needs_a_public_https_url() {
        assert_eq!(config("127.0.0.1:8080", None).check(), Ok(()));
        assert_eq!(config("[::1]:8080", None).check(), Ok(()));
        assert_eq!(
            config("0.0.0.0:8080", None).check(),
            Err(ConfigError::PublicUrlRequired)
        );
        assert_eq!(
            config("10.0.0.5:8080", None).check(),
            Err(ConfigError::PublicUrlRequired)
        );
        assert_eq!(
            config("0.0.0.0:8080", Some("https://ikd.example.id")).check(),
            Ok(())
        );
        assert_eq!(
            config("0.0.0.0:8080", Some("https://ikd.example.id:8443/")).check(),
            Ok(())
        );
    }

    #[test]
    fn a_public_url_that_is_plain_http_or_carries_more_than_a_host_is_refused() {
        for url in [
            "http://ikd.example.id",
            "http://127.0.0.1.example.id",
            "ftp://ikd.example.id",
            "https://",
            "https://ikd.example.id/path",
            "https://user@ikd.example.id",
            "https://ikd.example.id?x=1",
            "https://ikd.example.id:",
            "ikd.example.id",
            "https://ikd example.id",
        ] {
            assert_eq!(
                config("0.0.0.0:8080", Some(url)).check(),
                Err(ConfigError::BadPublicUrl),
                "{url}"
            );
        }
        assert_eq!(
            config("127.0.0.1:0", Some("http://127.0.0.1:8080")).check(),
            Ok(())
        );
        assert_eq!(
            config("127.0.0.1:0", Some("http://[::1]:8080")).check(),
            Ok(())
        );
    }

    #[test]
    fn the_origin_is_the_public_url_without_a_trailing_slash() {
        assert_eq!(
            config("0.0.0.0:8080", Some("https://ikd.example.id/")).origin(),
            "https://ikd.example.id"
        );
        assert_eq!(
            config("127.0.0.1:8080", None).origin(),
            "http://127.0.0.1:8080"
        );
    }
}
