//! The HTTP endpoints. Each handler checks its input, then the activation rules (docs/issuer.md), and
//! answers with JSON. Logs name enrollments and outcomes, never a NIK or a code.

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
use ikd_protocol::desk::certificate::{AuthorityKeyId, DeskKeyId};
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::nik::Nik;
use ikd_protocol::trust::{RevocationList, SignedList, TrustList, TrustedAuthority, TrustedIssuer};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::accounts::{self, Role};
use crate::api::*;
use crate::codes;
use crate::keys::ServiceKeys;
use crate::outbox;
use crate::rate_limit::client_key;
use crate::registry;
use crate::server::IssuerConfig;
use crate::store::{self, BindOutcome, Store, StoreError};

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Wrong codes before an enrollment locks (the officer enrolls again).
pub const MAX_CODE_FAILURES_PER_ENROLLMENT: u32 = 5;
/// Wrong codes per client address per 10 minutes.
pub const MAX_CODE_FAILURES_PER_CLIENT: u32 = 20;
/// Lifetime of an activation or refresh challenge.
pub const CHALLENGE_TTL_SECONDS: i64 = 300;
/// Unexpired activation challenges one enrollment may hold (a wallet needs one per try).
pub const MAX_LIVE_CHALLENGES_PER_ENROLLMENT: u32 = 5;
/// Unexpired refresh challenges one bound device may hold.
pub const MAX_LIVE_CHALLENGES_PER_DEVICE: u32 = 3;
/// Failed logins before an account is locked for [`LOGIN_LOCK_SECONDS`].
pub const MAX_LOGIN_FAILURES_PER_ACCOUNT: u32 = 5;
/// How long a locked account stays locked.
pub const LOGIN_LOCK_SECONDS: i64 = 15 * 60;
/// Failed logins per client address per 10 minutes.
pub const MAX_LOGIN_FAILURES_PER_CLIENT: u32 = 20;
/// The window of the per-client failure counts.
pub const CLIENT_FAILURE_WINDOW_SECONDS: i64 = 600;
/// The store's name for wrong activation codes counted per client.
const ACTIVATION_FAILURES: &str = "activation";
/// The store's name for failed logins counted per client.
const LOGIN_FAILURES: &str = "login";
/// The audit log's name for callers with the configured shared token.
pub const SHARED_TOKEN_ACTOR: &str = "shared-token";
/// Most audit lines one request returns.
pub const MAX_AUDIT_LINES: u32 = 1000;
/// Days a revoked device stays listed after its last credential expired (desks whose clock is
/// late still refuse it).
pub const REVOCATION_KEEP_DAYS: i32 = 2;
/// The name of the service's verifier authority in the trust list.
pub const VERIFIER_AUTHORITY_NAME: &str = "OTORITAS VERIFIKATOR CONTOH";

/// Shared state of the handlers.
pub struct AppState {
    store: Mutex<Box<dyn Store>>,
    keys: ServiceKeys,
    data_dir: PathBuf,
    /// The public base URL: in the activation QR and in every refresh signature.
    pub(crate) origin: String,
    officer_tokens: Vec<String>,
    code_ttl: i64,
    validity_days: i32,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
    smtp: Option<outbox::SmtpRelay>,
}

/// Who is calling an officer endpoint.
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    /// The account name (or the shared token's audit name).
    pub(crate) name: String,
    /// Its role.
    pub(crate) role: Role,
}

/// Constant-time equality (length may leak, content does not).
pub(crate) fn equal(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// Opens the database and keys in the data folder.
    pub fn load(config: &IssuerConfig) -> std::io::Result<Arc<AppState>> {
        let keys = ServiceKeys::load_or_create(&config.data_dir)?;
        let store = store::open(&config.database, &config.data_dir).map_err(|e| {
            log::error!("cannot open the store: {}", e.kind());
            std::io::Error::other("cannot open the issuer's database")
        })?;
        Ok(Arc::new(AppState {
            store: Mutex::new(store),
            keys,
            data_dir: config.data_dir.clone(),
            origin: config.origin(),
            officer_tokens: config.officer_tokens.clone(),
            code_ttl: config.code_ttl_seconds,
            validity_days: config.credential_validity_days,
            clock: Arc::clone(&config.clock),
            smtp: config.smtp.clone(),
        }))
    }

    /// Runs `f` on the store. Off the async workers when the runtime has several (the
    /// PostgreSQL client blocks on its own runtime; SQLite blocks on the disk).
    pub(crate) fn with_store<T>(
        &self,
        f: impl FnOnce(&mut dyn Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let run = || f(&mut **lock(&self.store));
        match tokio::runtime::Handle::try_current() {
            Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(run)
            }
            _ => run(),
        }
    }

    /// Whether `client` has fewer than `limit` failures of `kind` in the current window (in the
    /// database: every issuer process counts against the same limit).
    fn client_allowed(&self, kind: &str, client: IpAddr, limit: u32) -> Result<bool, ApiError> {
        let since = self.now() - CLIENT_FAILURE_WINDOW_SECONDS + 1;
        let failures = self.with_store(|s| s.client_failures(kind, &client.to_string(), since))?;
        Ok(failures < limit)
    }

    /// Counts a failure of `kind` against `client`.
    fn client_failed(&self, kind: &str, client: IpAddr) -> Result<(), ApiError> {
        let now = self.now();
        let since = now - CLIENT_FAILURE_WINDOW_SECONDS + 1;
        self.with_store(|s| s.add_client_failure(kind, &client.to_string(), now, since))?;
        Ok(())
    }

    pub(crate) fn now(&self) -> i64 {
        (self.clock)()
    }

    fn today(&self) -> Result<i32, ApiError> {
        CivilDate::from_unix(self.now())
            .map(|d| d.to_days())
            .ok_or_else(ApiError::internal)
    }

    /// The trust list, signed now. Its validity periods count from a day fixed at first use and
    /// its sequence is stored: it rises exactly when the keys in it change (a new issuer key, a
    /// verifier authority), never with the date.
    fn trust_list(&self) -> Result<SignedList, ApiError> {
        let today = self.today()?;
        let anchor = self.with_store(|s| s.trust_anchor_day(today))?;
        let mut list = TrustList {
            sequence: 0,
            issued_at: self.now(),
            issuers: vec![TrustedIssuer {
                public_key: self.keys.issuer.verifying_key().to_bytes(),
                valid_from: anchor - 3650,
                valid_until: anchor + 3650,
            }],
            authorities: vec![TrustedAuthority {
                public_key: self.keys.verifier_authority.verifying_key().to_bytes(),
                name: VERIFIER_AUTHORITY_NAME.into(),
                valid_from: anchor - 3650,
                valid_until: anchor + 3650,
            }],
        };
        // The content without sequence and time: what a change of the list means.
        let content = TrustList {
            issued_at: 0,
            ..list.clone()
        }
        .sign(&self.keys.trust_root)
        .body;
        let hash: [u8; 32] = Sha256::digest(&content).into();
        list.sequence = self.with_store(|s| s.trust_sequence(&hash))?;
        Ok(list.sign(&self.keys.trust_root))
    }

    /// The revocation list, signed now: expired devices pruned, the stored sequence.
    fn revocation_list(&self) -> Result<SignedList, ApiError> {
        let today = self.today()?;
        let (sequence, devices) = self.with_store(|s| {
            s.revocation_snapshot(today, REVOCATION_KEEP_DAYS, self.validity_days)
        })?;
        Ok(RevocationList {
            sequence,
            issued_at: self.now(),
            credentials: Vec::new(),
            devices,
        }
        .sign(&self.keys.trust_root))
    }

    /// The desk revocation list, signed now by the service's verifier authority (it certified
    /// the desks, so it withdraws them), with the stored sequence: it rises with every desk
    /// revoked, so a wallet never takes an older list for a newer one.
    fn desk_revocation_list(&self) -> Result<SignedList, ApiError> {
        let (sequence, desks) = self.with_store(|s| s.desk_revocation_snapshot())?;
        Ok(DeskRevocationList {
            authority: AuthorityKeyId([0; 8]),
            sequence,
            issued_at: self.now(),
            revoked: desks.into_iter().map(DeskKeyId).collect(),
        }
        .sign(&self.keys.verifier_authority))
    }

    /// Revokes the desk `desk_key_id` (hex) for an admin `actor`; false if it was already revoked.
    pub(crate) fn revoke_desk(&self, actor: &Actor, desk_key_id: &str) -> Result<bool, ApiError> {
        if actor.role != Role::Admin {
            return Err(admin_only(
                "Hanya admin yang boleh mencabut loket.",
                "Only an admin may revoke a desk.",
            ));
        }
        let id = crate::admin::parse_desk_key_id(desk_key_id).map_err(|_| {
            ApiError::bad_request(
                "invalid_desk_key_id",
                "ID kunci loket tidak sah: 32 digit heksadesimal.",
                "Invalid desk key id: 32 hexadecimal digits.",
            )
        })?;
        let now = self.now();
        let revoked =
            self.with_store(|s| Ok(crate::admin::revoke_desk(s, &actor.name, &id, now)))?;
        revoked.map_err(|e| match e {
            crate::admin::DeskRevocationError::ListFull => ApiError::new(
                StatusCode::CONFLICT,
                "desk_revocation_list_full",
                "Daftar loket dicabut sudah penuh. Hubungi pengelola layanan.",
                "The desk revocation list is full. Contact the service operator.",
            ),
            _ => {
                log::error!("cannot revoke a desk: storage failed");
                ApiError::internal()
            }
        })
    }

    fn credentials_for(
        &self,
        nik: &str,
        device: [u8; 32],
    ) -> Result<CredentialsResponse, ApiError> {
        // Bound citizens are in the registry; one removed since is an operator error.
        let record = self.with_store(|s| s.citizen(nik))?.ok_or_else(|| {
            log::error!("a bound citizen is missing from the registry");
            ApiError::internal()
        })?;
        let citizen = registry::parse_line(&record).map_err(|problem| {
            log::error!("a registry record no longer validates: {problem}");
            ApiError::internal()
        })?;
        let today = CivilDate::from_unix(self.now()).ok_or_else(ApiError::internal)?;
        let credentials = citizen
            .documents()
            .iter()
            .flat_map(|d| issue_profiles(d, device, &self.keys.issuer, today, self.validity_days))
            .map(|signed| b64(&signed.encode()))
            .collect();
        self.with_store(|s| s.record_issued(&device, today.to_days() + self.validity_days))?;
        Ok(CredentialsResponse {
            credentials,
            trust_list: b64(&self.trust_list()?.encode()),
            revocation_list: b64(&self.revocation_list()?.encode()),
        })
    }

    /// The account behind the bearer token: a login session, or the configured shared token
    /// (tests and the demo; audited as `shared-token`).
    fn check_officer(&self, headers: &HeaderMap) -> Result<Actor, ApiError> {
        let token = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        let unauthorized = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "officer_unauthorized",
                "Token petugas tidak sah. Masuk lagi.",
                "Invalid officer token. Log in again.",
            )
        };
        if token.is_empty() {
            return Err(unauthorized());
        }
        if self
            .officer_tokens
            .iter()
            .any(|t| equal(t.as_bytes(), token.as_bytes()))
        {
            return Ok(Actor {
                name: SHARED_TOKEN_ACTOR.into(),
                role: Role::Officer,
            });
        }
        let session = self.with_store(|s| s.session(&accounts::token_hash(token), self.now()))?;
        let (name, role) = session.ok_or_else(unauthorized)?;
        Ok(Actor { name, role })
    }

    /// Enrolls the citizen `nik` (from the registry) for `actor`: a new enrollment, its code
    /// sent to `email`, the activation QR. Shared by the API and the console.
    pub(crate) fn enroll_citizen(
        &self,
        actor: &Actor,
        nik: &str,
        email: &str,
    ) -> Result<EnrollResponse, ApiError> {
        let nik = Nik::parse(nik)
            .map_err(|_| ApiError::bad_request("invalid_nik", "NIK tidak sah.", "Invalid NIK."))?;
        if self.with_store(|s| s.citizen(&nik.expose()))?.is_none() {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "citizen_not_found",
                "NIK tidak terdaftar.",
                "NIK not registered.",
            ));
        }
        let valid_email = email.len() <= 254
            && email
                .split_once('@')
                .is_some_and(|(u, d)| !u.is_empty() && d.contains('.'))
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if !valid_email {
            return Err(ApiError::bad_request(
                "invalid_email",
                "E-mail tidak sah.",
                "Invalid e-mail.",
            ));
        }
        let id = format!("enr-{}", hex(&random_bytes::<8>()?));
        let code = codes::generate().map_err(|_| ApiError::internal())?;
        let now = self.now();
        let expires_at = now + self.code_ttl;
        self.with_store(|s| {
            s.add_enrollment(
                &id,
                &nik.expose(),
                &codes::hash(&self.keys.code_key, &code),
                now,
                expires_at,
            )
        })?;
        self.audit(&actor.name, "enroll", Some(&nik.expose()))?;
        let delivered = match &self.smtp {
            Some(relay) => {
                tokio::task::block_in_place(|| outbox::deliver_smtp(relay, email, &code))
            }
            None => outbox::deliver(&self.data_dir, &id, email, &code).map(|_| ()),
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
            server: self.origin.clone(),
            enrollment_id: id.clone(),
            trust_root: self.keys.trust_root.verifying_key().to_bytes(),
        };
        Ok(EnrollResponse {
            activation_qr: qr.to_text(),
            enrollment_id: id,
            expires_at,
        })
    }

    /// Revokes the device bound to `nik` for `actor`; false if none was bound.
    pub(crate) fn revoke_citizen(&self, actor: &Actor, nik: &str) -> Result<bool, ApiError> {
        let nik = Nik::parse(nik)
            .map_err(|_| ApiError::bad_request("invalid_nik", "NIK tidak sah.", "Invalid NIK."))?;
        let now = self.now();
        let revoked = self.with_store(|s| s.revoke_nik(&nik.expose(), now))?;
        self.audit(&actor.name, "revoke", Some(&nik.expose()))?;
        log::info!("device revocation requested by an officer (revoked: {revoked})");
        Ok(revoked)
    }

    /// The account behind a login session token (the console's cookie); None if unknown or
    /// expired.
    pub(crate) fn session_actor(&self, token: &str) -> Result<Option<Actor>, ApiError> {
        let now = self.now();
        let session = self.with_store(|s| s.session(&accounts::token_hash(token), now))?;
        Ok(session.map(|(name, role)| Actor { name, role }))
    }

    /// Ends a login session (the console's log-out).
    pub(crate) fn end_session(&self, token: &str) -> Result<(), ApiError> {
        self.with_store(|s| s.end_session(&accounts::token_hash(token)))?;
        Ok(())
    }

    /// The keyed hash of a NIK, as the audit log keeps it.
    pub(crate) fn audit_subject(&self, nik: &str) -> [u8; 32] {
        // The same keyed hash as the activation codes, under its own key.
        codes::hash(&self.keys.audit_key, nik)
    }

    fn audit(&self, actor: &str, action: &str, nik: Option<&str>) -> Result<(), ApiError> {
        let subject = nik.map(|n| self.audit_subject(n));
        self.with_store(|s| s.audit(self.now(), actor, action, subject.as_ref()))?;
        Ok(())
    }
}

/// The service's routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(crate::console::router())
        .route("/v1/officer/login", post(login))
        .route("/v1/admin/audit", post(audit_log))
        .route("/v1/officer/enrollments", post(enroll))
        .route("/v1/officer/revocations", post(revoke))
        .route("/v1/activation/challenge", post(challenge))
        .route("/v1/activation", post(activate))
        .route("/v1/credentials/refresh/challenge", post(refresh_challenge))
        .route("/v1/credentials/refresh", post(refresh))
        .route("/v1/trust-list", get(trust_list))
        .route("/v1/revocation-list", get(revocation_list))
        .route("/v1/desk-revocation-list", get(desk_revocation_list))
        .route("/v1/admin/desk-revocations", post(revoke_desk))
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

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|_| ApiError::internal())?;
    Ok(bytes)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn enroll(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    json: Result<Json<EnrollRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<EnrollResponse>), ApiError> {
    let actor = state.check_officer(&headers)?;
    let request = body(json)?;
    let enrolled = state.enroll_citizen(&actor, &request.nik, &request.email)?;
    Ok((StatusCode::CREATED, Json(enrolled)))
}

async fn challenge(
    State(state): State<Arc<AppState>>,
    json: Result<Json<ChallengeRequest>, JsonRejection>,
) -> Result<Json<ChallengeResponse>, ApiError> {
    let request = body(json)?;
    let now = state.now();
    let enrollment = state.with_store(|s| s.enrollment(&request.enrollment_id))?;
    let enrollment = enrollment.ok_or_else(unknown_enrollment)?;
    check_enrollment_usable(&enrollment, now)?;
    let challenge = random_bytes::<32>()?;
    let expires_at = now + CHALLENGE_TTL_SECONDS;
    if !state.with_store(|s| {
        s.add_challenge(
            &challenge,
            &request.enrollment_id,
            now,
            expires_at,
            MAX_LIVE_CHALLENGES_PER_ENROLLMENT,
        )
    })? {
        return Err(too_many_challenges());
    }
    Ok(Json(ChallengeResponse {
        challenge: b64(&challenge),
        expires_at,
    }))
}

fn too_many_challenges() -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_challenges",
        "Terlalu banyak permintaan. Tunggu 5 menit, lalu coba lagi.",
        "Too many requests. Wait 5 minutes, then try again.",
    )
}

fn code_used() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "activation_code_used",
        "Kode aktivasi sudah dipakai. Minta petugas mendaftarkan ulang.",
        "The activation code was already used. Ask the officer to enroll you again.",
    )
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
        return Err(code_used());
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
    let client = client_key(client.ip());
    if !state.client_allowed(ACTIVATION_FAILURES, client, MAX_CODE_FAILURES_PER_CLIENT)? {
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
    let enrollment = state.with_store(|s| s.enrollment(&request.enrollment_id))?;
    let enrollment = enrollment.ok_or_else(unknown_enrollment)?;
    check_enrollment_usable(&enrollment, now)?;
    if !state.with_store(|s| s.take_challenge(&challenge, &request.enrollment_id, now))? {
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
        // Only a caller who knows the NIK counts against the enrollment: the enrollment id is in
        // a QR anyone at the counter may see, and must not be enough to lock the citizen out.
        // Wrong NIKs still count against the caller's address.
        if nik_ok {
            state.with_store(|s| s.add_failure(&request.enrollment_id))?;
        }
        state.client_failed(ACTIVATION_FAILURES, client)?;
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
    let outcome = state.with_store(|s| {
        s.bind(
            &request.enrollment_id,
            &enrollment.nik,
            &device_key,
            now,
            MAX_CODE_FAILURES_PER_ENROLLMENT,
        )
    })?;
    let BindOutcome::Bound { replaced } = outcome else {
        log::warn!(
            "activation of {}: another activation bound it first",
            request.enrollment_id
        );
        return Err(code_used());
    };
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

fn device_revoked() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "device_revoked",
        "Ponsel ini sudah dicabut dari IKD. Aktifkan ulang di kantor Dukcapil.",
        "This phone was removed from IKD. Activate again at a Dukcapil office.",
    )
}

fn device_not_bound() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "device_not_bound",
        "Ponsel ini belum aktif di IKD. Aktifkan dulu.",
        "This phone is not activated in IKD. Activate it first.",
    )
}

/// The NIK a device is bound to, if it is not revoked.
fn bound_nik(state: &AppState, device_key: &[u8; 32]) -> Result<String, ApiError> {
    let (revoked, nik) =
        state.with_store(|s| Ok((s.is_revoked(device_key)?, s.nik_of_device(device_key)?)))?;
    if revoked {
        return Err(device_revoked());
    }
    nik.ok_or_else(device_not_bound)
}

async fn refresh_challenge(
    State(state): State<Arc<AppState>>,
    json: Result<Json<RefreshChallengeRequest>, JsonRejection>,
) -> Result<Json<ChallengeResponse>, ApiError> {
    let request = body(json)?;
    let device_key = decode_fixed::<32>(&request.device_public_key)?;
    // Only a bound device gets challenges, at most a few at a time: the table stays bounded.
    bound_nik(&state, &device_key)?;
    let now = state.now();
    let challenge = random_bytes::<32>()?;
    let expires_at = now + CHALLENGE_TTL_SECONDS;
    if !state.with_store(|s| {
        s.add_refresh_challenge(
            &challenge,
            &device_key,
            now,
            expires_at,
            MAX_LIVE_CHALLENGES_PER_DEVICE,
        )
    })? {
        return Err(too_many_challenges());
    }
    Ok(Json(ChallengeResponse {
        challenge: b64(&challenge),
        expires_at,
    }))
}

async fn refresh(
    State(state): State<Arc<AppState>>,
    json: Result<Json<RefreshRequest>, JsonRejection>,
) -> Result<Json<CredentialsResponse>, ApiError> {
    let request = body(json)?;
    let now = state.now();
    let device_key = decode_fixed::<32>(&request.device_public_key)?;
    let challenge = decode_fixed::<32>(&request.challenge)?;
    let signature = decode_fixed::<64>(&request.signature)?;
    // The signature covers our origin and a challenge we issued once: a request captured here
    // or made for another server is worth nothing.
    check_device_signature(
        &device_key,
        &refresh_message(&state.origin, &challenge, &device_key),
        &signature,
    )?;
    if !state.with_store(|s| s.take_refresh_challenge(&challenge, &device_key, now))? {
        return Err(ApiError::bad_request(
            "challenge_invalid",
            "Sesi kedaluwarsa. Coba lagi.",
            "The session expired. Try again.",
        ));
    }
    let nik = bound_nik(&state, &device_key)?;
    Ok(Json(state.credentials_for(&nik, device_key)?))
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    json: Result<Json<RevokeRequest>, JsonRejection>,
) -> Result<Json<RevokeResponse>, ApiError> {
    let actor = state.check_officer(&headers)?;
    let request = body(json)?;
    let revoked = state.revoke_citizen(&actor, &request.nik)?;
    Ok(Json(RevokeResponse { revoked }))
}

fn too_many_logins() -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
        "Terlalu banyak percobaan. Coba lagi dalam 15 menit.",
        "Too many attempts. Try again in 15 minutes.",
    )
}

async fn login(
    State(state): State<Arc<AppState>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    json: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let request = body(json)?;
    let password = zeroize::Zeroizing::new(request.password);
    Ok(Json(
        log_in(&state, client.ip(), &request.username, password).await?,
    ))
}

/// Checks a user name and password (rate-limited per client and per account, audited) and
/// starts a session. Shared by the API and the console.
pub(crate) async fn log_in(
    state: &Arc<AppState>,
    client: IpAddr,
    username: &str,
    password: zeroize::Zeroizing<String>,
) -> Result<LoginResponse, ApiError> {
    let now = state.now();
    let client = client_key(client);
    if !state.client_allowed(LOGIN_FAILURES, client, MAX_LOGIN_FAILURES_PER_CLIENT)? {
        return Err(too_many_logins());
    }
    let account = if accounts::valid_username(username) {
        state.with_store(|s| s.account(username))?
    } else {
        None
    };
    if account.as_ref().is_some_and(|a| a.locked_until > now) {
        return Err(too_many_logins());
    }
    // Argon2 off the async workers; an unknown name costs the same hash, so timing does not
    // tell which names exist.
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let matches = tokio::task::spawn_blocking(move || match stored {
        Some(hash) => accounts::verify_password(&password, &hash),
        None => {
            let _ = accounts::hash_password(&password);
            false
        }
    })
    .await
    .map_err(|_| ApiError::internal())?;
    let known = account.is_some();
    let Some(account) = account.filter(|_| matches) else {
        state.client_failed(LOGIN_FAILURES, client)?;
        if known {
            state.with_store(|s| {
                s.login_failed(
                    username,
                    now,
                    MAX_LOGIN_FAILURES_PER_ACCOUNT,
                    LOGIN_LOCK_SECONDS,
                )
            })?;
            state.audit(username, "login_failed", None)?;
        }
        log::warn!("officer login refused");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "login_failed",
            "Nama pengguna atau kata sandi salah.",
            "Wrong user name or password.",
        ));
    };
    let token = accounts::new_session_token().map_err(|_| ApiError::internal())?;
    let expires_at = now + accounts::SESSION_TTL_SECONDS;
    state.with_store(|s| {
        s.start_session(username, &accounts::token_hash(&token), now, expires_at)
    })?;
    state.audit(username, "login", None)?;
    Ok(LoginResponse {
        token: token.to_string(),
        role: account.role.as_str().into(),
        expires_at,
    })
}

async fn audit_log(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    json: Result<Json<AuditRequest>, JsonRejection>,
) -> Result<Json<AuditResponse>, ApiError> {
    let actor = state.check_officer(&headers)?;
    if actor.role != Role::Admin {
        return Err(admin_only(
            "Hanya admin yang boleh membuka log audit.",
            "Only an admin may read the audit log.",
        ));
    }
    let request = body(json)?;
    let subject = match &request.nik {
        Some(text) => {
            let nik = Nik::parse(text).map_err(|_| {
                ApiError::bad_request("invalid_nik", "NIK tidak sah.", "Invalid NIK.")
            })?;
            Some(state.audit_subject(&nik.expose()))
        }
        None => None,
    };
    let entries = state.with_store(|s| s.audit_entries(subject.as_ref(), MAX_AUDIT_LINES))?;
    Ok(Json(AuditResponse {
        entries: entries
            .into_iter()
            .map(|e| AuditLine {
                at: e.at,
                actor: e.actor,
                action: e.action,
                subject: e.subject.map(|s| hex(&s)),
            })
            .collect(),
    }))
}

async fn trust_list(State(state): State<Arc<AppState>>) -> Result<Json<ListResponse>, ApiError> {
    Ok(Json(ListResponse {
        list: b64(&state.trust_list()?.encode()),
    }))
}

async fn revocation_list(
    State(state): State<Arc<AppState>>,
) -> Result<Json<ListResponse>, ApiError> {
    Ok(Json(ListResponse {
        list: b64(&state.revocation_list()?.encode()),
    }))
}

async fn desk_revocation_list(
    State(state): State<Arc<AppState>>,
) -> Result<Json<ListResponse>, ApiError> {
    Ok(Json(ListResponse {
        list: b64(&state.desk_revocation_list()?.encode()),
    }))
}

async fn revoke_desk(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    json: Result<Json<DeskRevokeRequest>, JsonRejection>,
) -> Result<Json<RevokeResponse>, ApiError> {
    let actor = state.check_officer(&headers)?;
    let request = body(json)?;
    let revoked = state.revoke_desk(&actor, &request.desk_key_id)?;
    Ok(Json(RevokeResponse { revoked }))
}

fn admin_only(id: &str, en: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "admin_only", id, en)
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
