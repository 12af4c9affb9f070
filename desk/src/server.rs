//! Starting and stopping the desk's web server: a Tokio runtime on its own thread serving the
//! router, and a list refresher thread that asks the issuer at start and every few minutes.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ed25519_dalek::VerifyingKey;

use crate::lists::{MAX_LIST_AGE_SECONDS, REFRESH_INTERVAL_SECONDS};
use crate::routes::{App, refresh_lists, router};
use crate::security;
use crate::station::{Clock, Station, StationError};

/// The default address: loopback only.
pub const DEFAULT_BIND: &str = "127.0.0.1:8090";

/// How to run a desk.
#[derive(Clone)]
pub struct DeskConfig {
    /// The desk's folder (key, certificate, state, replay store).
    pub dir: PathBuf,
    /// Where to listen (loopback unless `allow_network`).
    pub bind: SocketAddr,
    /// Listen on a non-loopback address too (a desk whose browser runs on another machine; put
    /// it behind TLS).
    pub allow_network: bool,
    /// The issuer's base URL, for the lists (None: offline, on the lists held).
    pub issuer_url: Option<String>,
    /// The pinned trust root's public key.
    pub trust_root: [u8; 32],
    /// The oldest lists the desk works on.
    pub max_list_age_seconds: i64,
    /// How often the lists are fetched.
    pub refresh_interval: Duration,
    /// The clock.
    pub clock: Clock,
}

impl std::fmt::Debug for DeskConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeskConfig")
            .field("dir", &self.dir)
            .field("bind", &self.bind)
            .field("issuer_url", &self.issuer_url)
            .finish_non_exhaustive()
    }
}

impl DeskConfig {
    /// A loopback desk in `dir` with the system clock and the default ages.
    pub fn new(dir: impl Into<PathBuf>, trust_root: [u8; 32]) -> DeskConfig {
        DeskConfig {
            dir: dir.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8090)),
            allow_network: false,
            issuer_url: None,
            trust_root,
            max_list_age_seconds: MAX_LIST_AGE_SECONDS,
            refresh_interval: Duration::from_secs(REFRESH_INTERVAL_SECONDS),
            clock: Arc::new(system_now),
        }
    }
}

/// The system clock in unix seconds.
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Why the desk did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A non-loopback address without `allow_network`.
    #[error("refusing to listen on {0}: not a loopback address (use --allow-network)")]
    NotLoopback(SocketAddr),
    /// The trust root is not a valid Ed25519 key.
    #[error("the trust root key is not valid")]
    BadTrustRoot,
    /// The state could not be opened.
    #[error(transparent)]
    Station(#[from] StationError),
    /// The port could not be bound, or no randomness for the token.
    #[error("cannot listen: {0}")]
    Io(std::io::ErrorKind),
}

/// A running desk.
pub struct DeskHandle {
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    stop_refresh: Option<mpsc::Sender<()>>,
    server: Option<std::thread::JoinHandle<()>>,
    app: Arc<App>,
}

impl std::fmt::Debug for DeskHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeskHandle")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

fn hosts_for(address: SocketAddr) -> Vec<String> {
    let port = address.port();
    let mut hosts = vec![address.to_string()];
    if address.ip().is_loopback() {
        hosts.push(format!("localhost:{port}"));
        hosts.push(format!("127.0.0.1:{port}"));
    }
    hosts.dedup();
    hosts
}

impl DeskHandle {
    /// Opens the station, fetches the lists once, and starts serving.
    pub fn start(config: DeskConfig) -> Result<DeskHandle, StartError> {
        if !config.bind.ip().is_loopback() && !config.allow_network {
            return Err(StartError::NotLoopback(config.bind));
        }
        let root =
            VerifyingKey::from_bytes(&config.trust_root).map_err(|_| StartError::BadTrustRoot)?;
        let station = Station::open(
            &config.dir,
            root,
            Arc::clone(&config.clock),
            config.max_list_age_seconds,
        )?;
        let listener = TcpListener::bind(config.bind).map_err(|e| StartError::Io(e.kind()))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| StartError::Io(e.kind()))?;
        let address = listener
            .local_addr()
            .map_err(|e| StartError::Io(e.kind()))?;
        let token = security::new_token().ok_or(StartError::Io(std::io::ErrorKind::Other))?;
        let app = Arc::new(App {
            station: Mutex::new(station),
            token,
            hosts: hosts_for(address),
            issuer_url: config.issuer_url.clone(),
        });
        refresh_lists(&app);
        let (stop_refresh, stopped) = mpsc::channel::<()>();
        let refresher = Arc::clone(&app);
        let interval = config.refresh_interval;
        std::thread::spawn(move || {
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                refresh_lists(&refresher);
            }
        });
        let (stop, stop_signal) = tokio::sync::oneshot::channel::<()>();
        let served = Arc::clone(&app);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| StartError::Io(e.kind()))?;
        let server = std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let _ = axum::serve(listener, router(served))
                    .with_graceful_shutdown(async {
                        let _ = stop_signal.await;
                    })
                    .await;
            });
        });
        Ok(DeskHandle {
            address,
            stop: Some(stop),
            stop_refresh: Some(stop_refresh),
            server: Some(server),
            app,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Fetches the lists now (as the refresher does every few minutes).
    pub fn refresh_lists(&self) {
        refresh_lists(&self.app);
    }

    /// Blocks until the server stops.
    pub fn wait(mut self) {
        if let Some(server) = self.server.take() {
            let _ = server.join();
        }
    }

    /// Stops serving.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(stop) = self.stop_refresh.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.join();
        }
    }
}

impl Drop for DeskHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}
