//! The issuer's HTTP client: addresses (HTTPS, or plain HTTP to loopback only), timeouts,
//! retries and the network's errors. A leaf: it knows HTTP and JSON, not the wallet, so the
//! wallet's errors can name a network failure without a module cycle. What activation and
//! refresh do with the answers is in `online.rs`.

use std::time::Duration;

use ikd_protocol::issuer_api::ErrorBody;
use serde::Serialize;
use serde::de::DeserializeOwned;

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

/// Why an issuer address cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// Not a URL with a host.
    #[error("not a server address")]
    Invalid,
    /// Plain HTTP to a host that is not this machine.
    #[error("the server address must use HTTPS")]
    Insecure,
}

/// How a server address may be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ServerSecurity {
    /// HTTPS: anywhere.
    Https,
    /// Plain HTTP to this machine (tests, the demo): nothing crosses a network.
    Loopback,
}

/// Checks an issuer address: HTTPS, or plain HTTP to a loopback host (the host itself is parsed,
/// so `http://127.0.0.1.example.id` is not mistaken for loopback).
pub(crate) fn server_security(base_url: &str) -> Result<ServerSecurity, AddressError> {
    let url = reqwest::Url::parse(base_url).map_err(|_| AddressError::Invalid)?;
    let host = url.host_str().ok_or(AddressError::Invalid)?;
    let loopback = match host.trim_start_matches('[').trim_end_matches(']').parse() {
        Ok(ip) => std::net::IpAddr::is_loopback(&ip),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    };
    match url.scheme() {
        "https" => Ok(ServerSecurity::Https),
        "http" if loopback => Ok(ServerSecurity::Loopback),
        _ => Err(AddressError::Insecure),
    }
}

/// A client of one issuer.
#[derive(Debug, Clone)]
pub struct IssuerClient {
    base_url: String,
    http: reqwest::blocking::Client,
}

impl IssuerClient {
    /// A client of the issuer at `base_url` (https, or http on loopback for tests and the demo).
    pub fn new(base_url: &str) -> Result<IssuerClient, AddressError> {
        let base_url = base_url.trim_end_matches('/').to_string();
        let loopback = server_security(&base_url)? == ServerSecurity::Loopback;
        let http = reqwest::blocking::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .https_only(!loopback)
            // A redirect would carry the NIK and the activation code to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|_| AddressError::Invalid)?;
        Ok(IssuerClient { base_url, http })
    }

    /// The issuer's origin (what refresh signatures name).
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// POSTs `body` as JSON to `path`, with the retries of [`is_transient`] and [`backoff`].
    pub(crate) fn post<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R, NetworkError> {
        let url = format!("{}{path}", self.base_url);
        self.exchange(|| self.http.post(&url).json(body), false)?
            .ok_or(NetworkError::BadResponse)
    }

    /// GETs the JSON at `path`, with the same retries; `None` when the issuer answers 404 (it
    /// does not publish that yet: an older issuer).
    pub(crate) fn get_optional<R: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<Option<R>, NetworkError> {
        let url = format!("{}{path}", self.base_url);
        self.exchange(|| self.http.get(&url), true)
    }

    /// Sends the request `build` makes until it succeeds or fails for good; a 404 is `None`
    /// when `missing_is_none`.
    fn exchange<R: DeserializeOwned>(
        &self,
        build: impl Fn() -> reqwest::blocking::RequestBuilder,
        missing_is_none: bool,
    ) -> Result<Option<R>, NetworkError> {
        let mut attempt = 1;
        loop {
            let outcome = build().send();
            let (status, error) = match outcome {
                Ok(response) if response.status().is_success() => {
                    return response
                        .json::<R>()
                        .map(Some)
                        .map_err(|_| NetworkError::BadResponse);
                }
                Ok(response) if missing_is_none && response.status().as_u16() == 404 => {
                    return Ok(None);
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
            AddressError::Insecure
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
                AddressError::Insecure,
                "{address}"
            );
        }
        assert!(IssuerClient::new("http://[::1]:8080").is_ok());
        assert!(IssuerClient::new("http://localhost:8080").is_ok());
    }

    /// A one-shot loopback server answering `status` with an empty body.
    fn answer_once(status: &str) -> (String, std::thread::JoinHandle<()>) {
        use std::io::{Read, Write};
        let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", server.local_addr().unwrap());
        let status = status.to_string();
        let answering = std::thread::spawn(move || {
            let (mut stream, _) = server.accept().unwrap();
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request).unwrap();
            let answer =
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            stream.write_all(answer.as_bytes()).unwrap();
        });
        (base, answering)
    }

    #[test]
    fn a_list_the_issuer_does_not_publish_is_none_and_other_refusals_stay_errors() {
        use ikd_protocol::issuer_api::ListResponse;
        let (base, answering) = answer_once("404 Not Found");
        let missing: Option<ListResponse> = IssuerClient::new(&base)
            .unwrap()
            .get_optional("/v1/desk-revocation-list")
            .unwrap();
        answering.join().unwrap();
        assert!(missing.is_none());
        let (base, answering) = answer_once("403 Forbidden");
        let refused: Result<Option<ListResponse>, NetworkError> = IssuerClient::new(&base)
            .unwrap()
            .get_optional("/v1/desk-revocation-list");
        answering.join().unwrap();
        assert_eq!(refused.unwrap_err(), NetworkError::BadResponse);
    }

    #[test]
    fn a_redirect_is_not_followed_so_the_nik_and_code_stay_put() {
        use ikd_protocol::issuer_api::{ChallengeRequest, ChallengeResponse};
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
