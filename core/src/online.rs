//! Talking to the issuer: activation and credential refresh over HTTPS (reqwest + rustls), with
//! timeouts and retries. Nothing else needs the network: documents and QR frames work offline.

use std::time::Duration;

use ikd_protocol::activation::{ActivationQr, activation_message, refresh_message};
use ikd_protocol::credential::SignedCredential;
use ikd_protocol::issuer_api::{
    ActivateRequest, ChallengeRequest, ChallengeResponse, CredentialsResponse, ErrorBody,
    RefreshChallengeRequest, RefreshRequest, b64, unb64, unb64_vec,
};
use ikd_protocol::trust::SignedList;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::CoreError;
use crate::secret::Pin;
use crate::session::Session;
use crate::vault::StoredState;
use crate::vault::records::RecordKind;
use crate::wallet::Wallet;

/// Tries per request: the first and two retries.
pub const ATTEMPTS: u32 = 3;
/// Time allowed for one request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Time allowed to connect.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// What went wrong talking to the issuer. Messages carry no personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    /// The server could not be reached (no network, server down).
    #[error("the server cannot be reached")]
    Unreachable,
    /// The server did not answer in time.
    #[error("the server did not answer in time")]
    Timeout,
    /// The server refused the request; `code` is its stable error code.
    #[error("the server refused the request ({code})")]
    Refused {
        /// Stable code from the server (e.g. `activation_code_invalid`).
        code: String,
        /// The server's message for the citizen, Bahasa Indonesia.
        message_id: String,
        /// The server's message for the citizen, English.
        message_en: String,
    },
    /// The server answered something this app does not understand.
    #[error("unexpected answer from the server")]
    BadResponse,
}

/// Whether a failure is worth retrying (network trouble, overload), as a pure rule.
pub fn is_transient(status: Option<u16>) -> bool {
    match status {
        None => true, // connection failures and timeouts
        Some(code) => matches!(code, 429 | 502 | 503 | 504),
    }
}

/// Wait before retry number `attempt` (1-based): 0.5 s, 1 s, 2 s...
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500u64.saturating_mul(1 << attempt.saturating_sub(1).min(6)))
}

/// How a server address may be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ServerSecurity {
    /// HTTPS: anywhere.
    Https,
    /// Plain HTTP to this machine (tests, the demo): nothing crosses a network.
    Loopback,
}

/// Checks an issuer address: HTTPS, or plain HTTP to a loopback host (the host itself is parsed,
/// so `http://127.0.0.1.example.id` is not mistaken for loopback).
fn server_security(base_url: &str) -> Result<ServerSecurity, CoreError> {
    let url = reqwest::Url::parse(base_url).map_err(|_| CoreError::InvalidActivationQr)?;
    let host = url.host_str().ok_or(CoreError::InvalidActivationQr)?;
    let loopback = match host.trim_start_matches('[').trim_end_matches(']').parse() {
        Ok(ip) => std::net::IpAddr::is_loopback(&ip),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    };
    match url.scheme() {
        "https" => Ok(ServerSecurity::Https),
        "http" if loopback => Ok(ServerSecurity::Loopback),
        _ => Err(CoreError::InsecureServer),
    }
}

/// What the activation screen shows once the officer's QR and the NIK are read, before it asks
/// for the e-mailed code and a new PIN: nothing has touched the network or the wallet yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivationTarget {
    /// The issuer's host name, shown so the citizen sees where the code goes.
    pub server_host: String,
}

/// Checks the officer's QR (an IKD activation QR for a secure server) and the NIK, offline.
pub fn check_activation(activation_qr: &str, nik: &str) -> Result<ActivationTarget, CoreError> {
    let qr = ActivationQr::parse(activation_qr).map_err(|_| CoreError::InvalidActivationQr)?;
    server_security(&qr.server)?;
    ikd_protocol::nik::Nik::parse(nik)?;
    let server_host = reqwest::Url::parse(&qr.server)
        .ok()
        .and_then(|url| url.host_str().map(str::to_string))
        .ok_or(CoreError::InvalidActivationQr)?;
    Ok(ActivationTarget { server_host })
}

/// A client of one issuer.
#[derive(Debug, Clone)]
pub struct IssuerClient {
    base_url: String,
    http: reqwest::blocking::Client,
}

impl IssuerClient {
    /// A client of the issuer at `base_url` (https, or http on loopback for tests and the demo).
    pub fn new(base_url: &str) -> Result<IssuerClient, CoreError> {
        let base_url = base_url.trim_end_matches('/').to_string();
        let loopback = server_security(&base_url)? == ServerSecurity::Loopback;
        let http = reqwest::blocking::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .https_only(!loopback)
            // A redirect would carry the NIK and the activation code to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|_| NetworkError::Unreachable)?;
        Ok(IssuerClient { base_url, http })
    }

    fn post<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R, NetworkError> {
        let url = format!("{}{path}", self.base_url);
        let mut attempt = 1;
        loop {
            let outcome = self.http.post(&url).json(body).send();
            let (status, error) = match outcome {
                Ok(response) if response.status().is_success() => {
                    return response.json::<R>().map_err(|_| NetworkError::BadResponse);
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let error = match response.json::<ErrorBody>() {
                        Ok(body) => NetworkError::Refused {
                            code: body.error.code,
                            message_id: body.error.message_id,
                            message_en: body.error.message_en,
                        },
                        Err(_) => NetworkError::BadResponse,
                    };
                    (Some(status), error)
                }
                Err(e) if e.is_timeout() => (None, NetworkError::Timeout),
                Err(_) => (None, NetworkError::Unreachable),
            };
            if attempt >= ATTEMPTS || !is_transient(status) {
                return Err(error);
            }
            log::info!("issuer request failed ({error}); retrying");
            std::thread::sleep(backoff(attempt));
            attempt += 1;
        }
    }

    /// Proves the device key over the issuer's single-use challenge and sends the NIK and the
    /// code. On success the issuer has bound this device and spent the code; the answer holds the
    /// credentials and lists, not yet checked or stored.
    pub fn request_activation(
        &self,
        session: &Session,
        qr: &ActivationQr,
        nik: &str,
        code: &str,
    ) -> Result<CredentialsResponse, CoreError> {
        let challenge: ChallengeResponse = self.post(
            "/v1/activation/challenge",
            &ChallengeRequest {
                enrollment_id: qr.enrollment_id.clone(),
            },
        )?;
        let challenge_bytes = unb64::<32>(&challenge.challenge).ok_or(NetworkError::BadResponse)?;
        let device = session.device_public_key()?;
        let signature =
            session.sign_with_device_key(&activation_message(&challenge_bytes, nik, &device))?;
        Ok(self.post(
            "/v1/activation",
            &ActivateRequest {
                enrollment_id: qr.enrollment_id.clone(),
                nik: nik.to_string(),
                code: code.to_string(),
                device_public_key: b64(&device),
                challenge: challenge.challenge,
                signature: b64(&signature),
            },
        )?)
    }

    /// Asks for fresh credentials and lists (device-signed), and stores them; the lists must
    /// verify against the trust root already stored.
    pub fn refresh(&self, session: &Session, now_unix: i64) -> Result<(), CoreError> {
        let (root, _) = session.stored_trust_list()?;
        self.refresh_pinned(session, &root, now_unix)
    }

    /// [`IssuerClient::refresh`] against the trust root pinned at activation (also when the lists
    /// were never stored: an activation whose storing failed after the issuer bound the device).
    /// The device key signs the issuer's single-use challenge and the issuer's address, so the
    /// request cannot be replayed nor used at another server.
    fn refresh_pinned(
        &self,
        session: &Session,
        trust_root: &[u8; 32],
        now_unix: i64,
    ) -> Result<(), CoreError> {
        let device = session.device_public_key()?;
        let challenge: ChallengeResponse = self.post(
            "/v1/credentials/refresh/challenge",
            &RefreshChallengeRequest {
                device_public_key: b64(&device),
            },
        )?;
        let challenge_bytes = unb64::<32>(&challenge.challenge).ok_or(NetworkError::BadResponse)?;
        let signature = session.sign_with_device_key(&refresh_message(
            &self.base_url,
            &challenge_bytes,
            &device,
        ))?;
        let response: CredentialsResponse = self.post(
            "/v1/credentials/refresh",
            &RefreshRequest {
                device_public_key: b64(&device),
                challenge: challenge.challenge,
                signature: b64(&signature),
            },
        )?;
        store_response(session, trust_root, &response, now_unix)
    }
}

/// Checks and stores what activation or refresh returned: lists first (they must verify against
/// the pinned root), then the credentials (each must verify against a trusted issuer key).
fn store_response(
    session: &Session,
    trust_root: &[u8; 32],
    response: &CredentialsResponse,
    now_unix: i64,
) -> Result<(), CoreError> {
    let decode_list = |text: &str| {
        unb64_vec(text)
            .and_then(|bytes| SignedList::decode(&bytes).ok())
            .ok_or(NetworkError::BadResponse)
    };
    let trust = decode_list(&response.trust_list)?;
    let revocations = decode_list(&response.revocation_list)?;
    session.store_lists(trust_root, &trust, &revocations, now_unix)?;
    let (_, list) = session.stored_trust_list()?;
    let mut credentials = Vec::with_capacity(response.credentials.len());
    for text in &response.credentials {
        let signed = unb64_vec(text)
            .and_then(|bytes| SignedCredential::decode(&bytes).ok())
            .ok_or(NetworkError::BadResponse)?;
        let credential = signed
            .decode_unverified()
            .map_err(|_| NetworkError::BadResponse)?;
        let issuer = list
            .issuer(credential.issuer_key_id, credential.issued)
            .ok_or(CoreError::UntrustedList)?;
        signed
            .verify(&issuer)
            .map_err(|_| CoreError::UntrustedList)?;
        credentials.push(signed);
    }
    session.store_credentials(&credentials)
}

/// The issuer a wallet was activated with: its trust root (pinned from the officer's QR) and its
/// address, stored as one sealed record for refreshes.
fn issuer_record(qr: &ActivationQr) -> Vec<u8> {
    let mut record = qr.trust_root.to_vec();
    record.extend_from_slice(qr.server.as_bytes());
    record
}

impl Wallet {
    /// Activates this phone: parses the officer's QR, creates the wallet with `pin` (checked by the
    /// PIN rules), proves the new device key to the issuer with the e-mailed `code`, and stores
    /// the credentials.
    ///
    /// Until the issuer accepts, all or nothing: on a failure the wallet is reset (the code is
    /// still good), and a crash leaves a wallet that counts as not set up. Once the issuer has
    /// bound the device and spent the code, the wallet is kept whatever fails next: documents
    /// that could not be stored come back with [`Wallet::refresh_documents`].
    pub fn activate(
        &self,
        activation_qr: &str,
        nik: &str,
        code: &str,
        pin: &Pin,
    ) -> Result<std::sync::Arc<Session>, CoreError> {
        let qr = ActivationQr::parse(activation_qr).map_err(|_| CoreError::InvalidActivationQr)?;
        let client = IssuerClient::new(&qr.server)?;
        if let Some(session) = self.resume_activation(&client, &qr, pin)? {
            return Ok(session);
        }
        let session = self.set_up_as(StoredState::Activating, pin, nik)?;
        let accepted = session
            .replace_records(RecordKind::IssuerServer, &[issuer_record(&qr)])
            .and_then(|()| client.request_activation(&session, &qr, nik, code));
        let response = match accepted {
            Ok(response) => response,
            Err(error) => {
                self.reset()?;
                return Err(error);
            }
        };
        self.mark_active()?;
        store_response(&session, &qr.trust_root, &response, self.now_unix())?;
        Ok(session)
    }

    /// Finishes an activation that a crash interrupted after the issuer may have bound the
    /// device: with the same QR and PIN, the unfinished wallet asks for its credentials. `None`
    /// when there is nothing to resume (or the issuer never bound it): a fresh activation follows,
    /// the code still good. One PIN try per activation: another PIN starts afresh.
    fn resume_activation(
        &self,
        client: &IssuerClient,
        qr: &ActivationQr,
        pin: &Pin,
    ) -> Result<Option<std::sync::Arc<Session>>, CoreError> {
        let Ok(session) = self.unlock_unfinished_activation(pin) else {
            return Ok(None);
        };
        let same_issuer = session
            .records(RecordKind::IssuerServer)?
            .first()
            .is_some_and(|record| record.bytes[..] == issuer_record(qr)[..]);
        if !same_issuer {
            return Ok(None);
        }
        match client.refresh_pinned(&session, &qr.trust_root, self.now_unix()) {
            Ok(()) => {
                self.mark_active()?;
                Ok(Some(session))
            }
            Err(CoreError::Network(NetworkError::Refused { .. })) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Asks the issuer that activated this wallet for fresh credentials and lists (needs an open
    /// session and the network; documents and QR keep working offline when it fails).
    pub fn refresh_documents(&self) -> Result<(), CoreError> {
        let session = self.open_session().ok_or(CoreError::SessionLocked)?;
        let records = session.records(RecordKind::IssuerServer)?;
        let record = records.first().ok_or(CoreError::MalformedRecord)?;
        let (root, server) = record
            .bytes
            .split_first_chunk::<32>()
            .ok_or(CoreError::MalformedRecord)?;
        let server = std::str::from_utf8(server).map_err(|_| CoreError::MalformedRecord)?;
        IssuerClient::new(server)?.refresh_pinned(&session, root, self.now_unix())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_network_trouble_and_overload_are_retried() {
        assert!(is_transient(None));
        assert!(is_transient(Some(503)));
        assert!(is_transient(Some(429)));
        assert!(!is_transient(Some(400)));
        assert!(!is_transient(Some(401)));
        assert!(!is_transient(Some(410)));
    }

    #[test]
    fn backoff_doubles() {
        assert_eq!(backoff(1), Duration::from_millis(500));
        assert_eq!(backoff(2), Duration::from_secs(1));
        assert_eq!(backoff(3), Duration::from_secs(2));
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback() {
        assert_eq!(
            IssuerClient::new("http://ikd.example.id").unwrap_err(),
            CoreError::InsecureServer
        );
        assert!(IssuerClient::new("http://127.0.0.1:8080").is_ok());
        assert!(IssuerClient::new("https://ikd.example.id").is_ok());
    }

    #[test]
    fn a_host_that_only_starts_like_loopback_is_not_loopback() {
        for address in [
            "http://127.0.0.1.example.id",
            "http://localhost.example.id:8080",
            "http://127.0.0.1@example.id",
        ] {
            assert_eq!(
                IssuerClient::new(address).unwrap_err(),
                CoreError::InsecureServer,
                "{address}"
            );
        }
        assert!(IssuerClient::new("http://[::1]:8080").is_ok());
        assert!(IssuerClient::new("http://localhost:8080").is_ok());
    }

    #[test]
    fn a_redirect_is_not_followed_so_the_nik_and_code_stay_put() {
        use std::io::{Read, Write};
        use std::net::TcpListener;
        // Where a redirect would send the request: it records whether anything arrived.
        let target = TcpListener::bind("127.0.0.1:0").unwrap();
        target.set_nonblocking(true).unwrap();
        let target_url = format!("http://{}/v1/activation", target.local_addr().unwrap());
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", server.local_addr().unwrap());
        let answering = std::thread::spawn(move || {
            let (mut stream, _) = server.accept().unwrap();
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request).unwrap();
            let answer = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nLocation: {target_url}\r\n\
                 Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(answer.as_bytes()).unwrap();
        });
        let client = IssuerClient::new(&base).unwrap();
        let result: Result<ChallengeResponse, NetworkError> = client.post(
            "/v1/activation/challenge",
            &ChallengeRequest {
                enrollment_id: "enr-1".into(),
            },
        );
        answering.join().unwrap();
        assert_eq!(result.unwrap_err(), NetworkError::BadResponse);
        assert!(
            target.accept().is_err(),
            "the redirect target must not be contacted"
        );
    }
}
