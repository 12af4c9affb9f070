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
    /// Address to listen on (`127.0.0.1:0` picks a free loopback port).
    pub bind: SocketAddr,
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
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
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
}

/// A running service; stops when dropped.
pub struct IssuerHandle {
    address: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl IssuerHandle {
    /// Starts the service on its own thread and returns once it listens.
    pub fn start(config: IssuerConfig) -> std::io::Result<IssuerHandle> {
        std::fs::create_dir_all(&config.data_dir)?;
        let state = routes::AppState::load(&config)?;
        let listener = std::net::TcpListener::bind(config.bind)?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
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

    /// The base URL, e.g. `http://127.0.0.1:43121`.
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
