//! The HTTP endpoints. Each handler checks its input, then the rules of DESIGN.md section 7, and
//! answers with JSON. Logs name enrollments and outcomes, never a NIK or a code.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use ikd_protocol::activation::{ActivationQr, activation_message, refresh_message};
use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::issue_profiles;
use ikd_protocol::documents::Document;
use ikd_protocol::fixtures::{SampleCitizen, population};
use ikd_protocol::nik::Nik;
use ikd_protocol::presentation::VerifierPublicKey;
use ikd_protocol::trust::{
    RevocationList, SignedList, TrustList, TrustedAuthority, TrustedIssuer, TrustedVerifier,
};
use subtle::ConstantTimeEq;

use crate::api::*;
use crate::codes;
use crate::keys::ServiceKeys;
use crate::outbox;
use crate::rate_limit::FailureLimiter;
use crate::server::IssuerConfig;
use crate::store::Store;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Wrong codes before an enrollment locks (the officer enrolls again).
pub const MAX_CODE_FAILURES_PER_ENROLLMENT: u32 = 5;
/// Wrong codes per client address per 10 minutes.
pub const MAX_CODE_FAILURES_PER_CLIENT: usize = 20;
/// Lifetime of an activation challenge.
pub const CHALLENGE_TTL_SECONDS: i64 = 300;
/// How far a refresh request's clock may be from the server's.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 300;
/// The name of the demo desk in the trust list.
pub const DEMO_DESK_NAME: &str = "LOKET DUKCAPIL CONTOH";
/// The name of the service's verifier authority in the trust list.
pub const VERIFIER_AUTHORITY_NAME: &str = "OTORITAS VERIFIKATOR CONTOH";

/// Shared state of the handlers.
pub struct AppState {
    store: Mutex<Store>,
    keys: ServiceKeys,
    data_dir: PathBuf,
    officer_tokens: Vec<String>,
    code_ttl: i64,
    validity_days: i32,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
    smtp: Option<outbox::SmtpRelay>,
    population: HashMap<String, SampleCitizen>,
    client_failures: Mutex<FailureLimiter<IpAddr>>,
}

/// Constant-time equality (length may leak, content does not).
fn equal(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// Opens the database and keys in the data folder.
    pub fn load(config: &IssuerConfig) -> std::io::Result<Arc<AppState>> {
        let keys = ServiceKeys::load_or_create(&config.data_dir)?;
        let store = Store::open(&config.data_dir).map_err(std::io::Error::other)?;
        let population = population()
            .into_iter()
            .map(|c| (c.ktp.nik.expose(), c))
            .collect::<HashMap<_, _>>();
        Ok(Arc::new(AppState {
            store: Mutex::new(store),
            keys,
            data_dir: config.data_dir.clone(),
            officer_tokens: config.officer_tokens.clone(),
            code_ttl: config.code_ttl_seconds,
            validity_days: config.credential_validity_days,
            clock: Arc::clone(&config.clock),
            smtp: config.smtp.clone(),
            population,
            client_failures: Mutex::new(FailureLimiter::new(MAX_CODE_FAILURES_PER_CLIENT, 600)),
        }))
    }

    fn now(&self) -> i64 {
        (self.clock)()
    }

    fn trust_list(&self) -> SignedList {
        let today = CivilDate::from_unix(self.now()).map_or(0, |d| d.to_days());
        TrustList {
            sequence: 1,
            issued_at: self.now(),
            issuers: vec![TrustedIssuer {
                public_key: self.keys.issuer.verifying_key().to_bytes(),
                valid_from: today - 3650,
                valid_until: today + 3650,
            }],
            verifiers: vec![TrustedVerifier {
                public_key: VerifierPublicKey::of_secret(&self.keys.desk).public_key,
                name: DEMO_DESK_NAME.into(),
                valid_from: today - 3650,
                valid_until: today + 3650,
            }],
            authorities: vec![TrustedAuthority {
                public_key: self.keys.verifier_authority.verifying_key().to_bytes(),
                name: VERIFIER_AUTHORITY_NAME.into(),
                valid_from: today - 3650,
                valid_until: today + 3650,
            }],
        }
        .sign(&self.keys.trust_root)
    }

    fn revocation_list(&self) -> Result<SignedList, ApiError> {
        let devices = lock(&self.store).revoked_devices()?;
        Ok(RevocationList {
            // Revocations are never withdrawn, so their count orders the lists.
            sequence: devices.len() as u64 + 1,
            issued_at: self.now(),
            credentials: Vec::new(),
            devices,
        }
        .sign(&self.keys.trust_root))
    }

    fn credentials_for(
        &self,
        nik: &str,
        device: [u8; 32],
    ) -> Result<CredentialsResponse, ApiError> {
        let citizen = self.population.get(nik).ok_or_else(ApiError::internal)?;
        let today = CivilDate::from_unix(self.now()).ok_or_else(ApiError::internal)?;
        let credentials = [
            Document::Ktp(citizen.ktp.clone()),
            Document::FamilyCard(citizen.family_card.clone()),
            Document::Vaccine(citizen.vaccine.clone()),
            Document::Bpjs(citizen.bpjs.clone()),
        ]
        .iter()
        .flat_map(|d| issue_profiles(d, device, &self.keys.issuer, today, self.validity_days))
        .map(|signed| b64(&signed.encode()))
        .collect();
        Ok(CredentialsResponse {
            credentials,
            trust_list: b64(&self.trust_list().encode()),
            revocation_list: b64(&self.revocation_list()?.encode()),
        })
    }

    fn check_officer(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let token = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if self
            .officer_tokens
            .iter()
            .any(|t| equal(t.as_bytes(), token.as_bytes()))
            && !token.is_empty()
        {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "officer_unauthorized",
                "Token petugas tidak sah.",
                "Invalid officer token.",
            ))
        }
    }
}

/// The service's routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/officer/enrollments", post(enroll))
        .route("/v1/officer/revocations", post(revoke))
        .route("/v1/activation/challenge", post(challenge))
        .route("/v1/activation", post(activate))
        .route("/v1/credentials/refresh", post(refresh))
        .route("/v1/trust-list", get(trust_list))
        .route("/v1/revocation-list", get(revocation_list))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "Alamat tidak dikenal.",
                "Unknown endpoint.",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Turns a JSON extraction failure into our error body.
fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    json.map(|Json(v)| v).map_err(|rejection| {
        let status = rejection.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "body_too_large"
        } else if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            "unsupported_media_type"
        } else {
            "invalid_json"
        };
        ApiError::new(status, code, "Permintaan tidak sah.", "Invalid request.")
    })
}

fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|_| ApiError::internal())?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn enroll(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    json: Result<Json<EnrollRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<EnrollResponse>), ApiError> {
    state.check_officer(&headers)?;
    let request = body(json)?;
    let nik = Nik::parse(&request.nik)
        .map_err(|_| ApiError::bad_request("invalid_nik", "NIK tidak sah.", "Invalid NIK."))?;
    if !state.population.contains_key(&nik.expose()) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "citizen_not_found",
            "NIK tidak terdaftar.",
            "NIK not registered.",
        ));
    }
    let valid_email = request.email.len() <= 254
        && request
            .email
            .split_once('@')
            .is_some_and(|(u, d)| !u.is_empty() && d.contains('.'))
        && !request
            .email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control());
    if !valid_email {
        return Err(ApiError::bad_request(
            "invalid_email",
            "E-mail tidak sah.",
            "Invalid e-mail.",
        ));
    }
    let id = format!("enr-{}", hex(&random_bytes::<8>()?));
    let code = codes::generate().map_err(|_| ApiError::internal())?;
    let now = state.now();
    let expires_at = now + state.code_ttl;
    lock(&state.store).add_enrollment(
        &id,
        &nik.expose(),
        &codes::hash(&state.keys.code_key, &code),
        now,
        expires_at,
    )?;
    let delivered = match &state.smtp {
        Some(relay) => {
            tokio::task::block_in_place(|| outbox::deliver_smtp(relay, &request.email, &code))
        }
        None => outbox::deliver(&state.data_dir, &id, &request.email, &code).map(|_| ()),
    };
    delivered.map_err(|e| {
        log::error!("cannot send the activation e-mail for {id}: {:?}", e.kind());
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "email_unavailable",
            "E-mail kode aktivasi tidak terkirim. Coba daftarkan lagi.",
            "The activation e-mail could not be sent. Try enrolling again.",
        )
    })?;
    log::info!("enrollment {id} created; activation code sent");
    let qr = ActivationQr {
        server: server_url(&headers),
        enrollment_id: id.clone(),
        trust_root: state.keys.trust_root.verifying_key().to_bytes(),
    };
    Ok((
        StatusCode::CREATED,
        Json(EnrollResponse {
            activation_qr: qr.to_text(),
            enrollment_id: id,
            expires_at,
        }),
    ))
}

/// The server URL as the officer's client reached us (what the wallet will call).
fn server_url(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

async fn challenge(
    State(state): State<Arc<AppState>>,
    json: Result<Json<ChallengeRequest>, JsonRejection>,
) -> Result<Json<ChallengeResponse>, ApiError> {
    let request = body(json)?;
    let now = state.now();
    let enrollment = lock(&state.store).enrollment(&request.enrollment_id)?;
    let enrollment = enrollment.ok_or_else(unknown_enrollment)?;
    check_enrollment_usable(&enrollment, now)?;
    let challenge = random_bytes::<32>()?;
    let expires_at = now + CHALLENGE_TTL_SECONDS;
    lock(&state.store).add_challenge(&challenge, &request.enrollment_id, expires_at)?;
    Ok(Json(ChallengeResponse {
        challenge: b64(&challenge),
        expires_at,
    }))
}

fn unknown_enrollment() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "enrollment_not_found",
        "Data aktivasi tidak ditemukan. Minta petugas mendaftarkan ulang.",
        "Activation not found. Ask the officer to enroll you again.",
    )
}

fn check_enrollment_usable(
    enrollment: &crate::store::Enrollment,
    now: i64,
) -> Result<(), ApiError> {
    if enrollment.used_at.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "activation_code_used",
            "Kode aktivasi sudah dipakai. Minta petugas mendaftarkan ulang.",
            "The activation code was already used. Ask the officer to enroll you again.",
        ));
    }
    if now > enrollment.expires_at {
        return Err(ApiError::new(
            StatusCode::GONE,
            "activation_code_expired",
            "Kode aktivasi kedaluwarsa. Minta petugas mendaftarkan ulang.",
            "The activation code has expired. Ask the officer to enroll you again.",
        ));
    }
    if enrollment.failures >= MAX_CODE_FAILURES_PER_ENROLLMENT {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "enrollment_locked",
            "Terlalu banyak kode salah. Minta petugas mendaftarkan ulang.",
            "Too many wrong codes. Ask the officer to enroll you again.",
        ));
    }
    Ok(())
}

async fn activate(
    State(state): State<Arc<AppState>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    json: Result<Json<ActivateRequest>, JsonRejection>,
) -> Result<Json<CredentialsResponse>, ApiError> {
    let request = body(json)?;
    let now = state.now();
    if !lock(&state.client_failures).allows(&client.ip(), now) {
        log::warn!("activation refused: client rate limit");
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "Terlalu banyak percobaan. Coba lagi dalam 10 menit.",
            "Too many attempts. Try again in 10 minutes.",
        ));
    }
    let device_key = decode_fixed::<32>(&request.device_public_key)?;
    let challenge = decode_fixed::<32>(&request.challenge)?;
    let signature = decode_fixed::<64>(&request.signature)?;
    let enrollment = lock(&state.store).enrollment(&request.enrollment_id)?;
    let enrollment = enrollment.ok_or_else(unknown_enrollment)?;
    check_enrollment_usable(&enrollment, now)?;
    if !lock(&state.store).take_challenge(&challenge, &request.enrollment_id, now)? {
        return Err(ApiError::bad_request(
            "challenge_invalid",
            "Sesi aktivasi kedaluwarsa. Ulangi aktivasi.",
            "The activation session expired. Start the activation again.",
        ));
    }
    let typed = codes::normalise(&request.code);
    let code_ok = equal(
        &codes::hash(&state.keys.code_key, &typed),
        &enrollment.code_hash,
    );
    let nik_ok = equal(request.nik.as_bytes(), enrollment.nik.as_bytes());
    if !code_ok || !nik_ok {
        lock(&state.store).add_failure(&request.enrollment_id)?;
        lock(&state.client_failures).record_failure(client.ip(), now);
        log::warn!("activation of {}: wrong code", request.enrollment_id);
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "activation_code_invalid",
            "NIK atau kode aktivasi salah. Periksa e-mail Anda lalu coba lagi.",
            "Wrong NIK or activation code. Check your e-mail and try again.",
        ));
    }
    check_device_signature(
        &device_key,
        &activation_message(&challenge, &enrollment.nik, &device_key),
        &signature,
    )?;
    let replaced =
        lock(&state.store).bind(&request.enrollment_id, &enrollment.nik, &device_key, now)?;
    if replaced.is_some() {
        log::info!(
            "activation of {}: previous device revoked",
            request.enrollment_id
        );
    }
    log::info!("activation of {} succeeded", request.enrollment_id);
    Ok(Json(state.credentials_for(&enrollment.nik, device_key)?))
}

/// Strict Ed25519 check of a device's signature over `message`.
fn check_device_signature(
    device_key: &[u8; 32],
    message: &[u8],
    signature: &[u8; 64],
) -> Result<(), ApiError> {
    let key = VerifyingKey::from_bytes(device_key).map_err(|_| {
        ApiError::bad_request(
            "invalid_device_key",
            "Kunci perangkat tidak sah.",
            "Invalid device key.",
        )
    })?;
    key.verify_strict(message, &Signature::from_bytes(signature))
        .map_err(|_| {
            ApiError::bad_request(
                "bad_signature",
                "Tanda tangan perangkat tidak sah.",
                "Invalid device signature.",
            )
        })
}

async fn refresh(
    State(state): State<Arc<AppState>>,
    json: Result<Json<RefreshRequest>, JsonRejection>,
) -> Result<Json<CredentialsResponse>, ApiError> {
    let request = body(json)?;
    let now = state.now();
    if (request.timestamp - now).abs() > MAX_CLOCK_SKEW_SECONDS {
        return Err(ApiError::bad_request(
            "clock_skew",
            "Jam ponsel salah. Atur tanggal dan jam, lalu coba lagi.",
            "The phone's clock is wrong. Set the date and time, then try again.",
        ));
    }
    let device_key = decode_fixed::<32>(&request.device_public_key)?;
    let signature = decode_fixed::<64>(&request.signature)?;
    check_device_signature(
        &device_key,
        &refresh_message(&device_key, request.timestamp),
        &signature,
    )?;
    if lock(&state.store).is_revoked(&device_key)? {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "device_revoked",
            "Ponsel ini sudah dicabut dari IKD. Aktifkan ulang di kantor Dukcapil.",
            "This phone was removed from IKD. Activate again at a Dukcapil office.",
        ));
    }
    let nik = lock(&state.store)
        .nik_of_device(&device_key)?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "device_not_bound",
                "Ponsel ini belum aktif di IKD. Aktifkan dulu.",
                "This phone is not activated in IKD. Activate it first.",
            )
        })?;
    Ok(Json(state.credentials_for(&nik, device_key)?))
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    json: Result<Json<RevokeRequest>, JsonRejection>,
) -> Result<Json<RevokeResponse>, ApiError> {
    state.check_officer(&headers)?;
    let request = body(json)?;
    let nik = Nik::parse(&request.nik)
        .map_err(|_| ApiError::bad_request("invalid_nik", "NIK tidak sah.", "Invalid NIK."))?;
    let revoked = lock(&state.store).revoke_nik(&nik.expose(), state.now())?;
    log::info!("device revocation requested by an officer (revoked: {revoked})");
    Ok(Json(RevokeResponse { revoked }))
}

async fn trust_list(State(state): State<Arc<AppState>>) -> Json<ListResponse> {
    Json(ListResponse {
        list: b64(&state.trust_list().encode()),
    })
}

async fn revocation_list(
    State(state): State<Arc<AppState>>,
) -> Result<Json<ListResponse>, ApiError> {
    Ok(Json(ListResponse {
        list: b64(&state.revocation_list()?.encode()),
    }))
}

/// The key of the transitional frame format's one demo desk (the verifier side reads it from the
/// same data folder). Kept only until the shells use the desk-first flow.
pub fn demo_desk_secret(data_dir: &std::path::Path) -> std::io::Result<[u8; 32]> {
    Ok(ServiceKeys::load_or_create(data_dir)?.desk.to_bytes())
}

/// The verifier authority's signing key of the service in `data_dir`: a local authority that
/// certifies desks (`ikd desk certify`). A deployment keeps it in an HSM of the admin role.
pub fn verifier_authority_key(data_dir: &std::path::Path) -> std::io::Result<SigningKey> {
    Ok(ServiceKeys::load_or_create(data_dir)?.verifier_authority)
}

/// The trust root public key of the service in `data_dir`.
pub fn trust_root_public_key(data_dir: &std::path::Path) -> std::io::Result<[u8; 32]> {
    Ok(ServiceKeys::load_or_create(data_dir)?
        .trust_root
        .verifying_key()
        .to_bytes())
}
