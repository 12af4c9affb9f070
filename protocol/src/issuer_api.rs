//! The issuer's HTTP API as data: the JSON bodies both sides use (feature `issuer-api`). The
//! service (`ikd-issuer`) and the wallet's client (`ikd-core`) share these types, so a field is
//! named once. Binary values are base64url without padding. See `docs/issuer-api.yaml`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// Binary values in JSON: base64url without padding.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url into exactly `N` bytes.
pub fn unb64<const N: usize>(text: &str) -> Option<[u8; N]> {
    URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .and_then(|v| v.try_into().ok())
}

/// Decodes base64url of any length.
pub fn unb64_vec(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// POST /v1/officer/enrollments
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The citizen's NIK.
    pub nik: String,
    /// Where the activation code goes.
    pub email: String,
}

/// Answer to an enrollment.
#[derive(Debug, Deserialize, Serialize)]
pub struct EnrollResponse {
    /// The enrollment id.
    pub enrollment_id: String,
    /// The text of the QR the officer's screen shows the citizen.
    pub activation_qr: String,
    /// When the code expires (unix seconds).
    pub expires_at: i64,
}

/// POST /v1/activation/challenge
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeRequest {
    /// The enrollment from the activation QR.
    pub enrollment_id: String,
}

/// A challenge for the device key to sign.
#[derive(Debug, Deserialize, Serialize)]
pub struct ChallengeResponse {
    /// 32 random bytes, base64url.
    pub challenge: String,
    /// When it expires (unix seconds).
    pub expires_at: i64,
}

/// POST /v1/activation
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActivateRequest {
    /// The enrollment from the activation QR.
    pub enrollment_id: String,
    /// The NIK the citizen typed.
    pub nik: String,
    /// The activation code from the e-mail.
    pub code: String,
    /// The new device public key, base64url.
    pub device_public_key: String,
    /// The challenge, base64url.
    pub challenge: String,
    /// Ed25519 over the activation message, base64url.
    pub signature: String,
}

/// POST /v1/credentials/refresh/challenge: a single-use challenge for a bound device (answered
/// with a [`ChallengeResponse`]).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshChallengeRequest {
    /// The device public key, base64url.
    pub device_public_key: String,
}

/// POST /v1/credentials/refresh
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The device public key, base64url.
    pub device_public_key: String,
    /// The challenge from `/v1/credentials/refresh/challenge`, base64url.
    pub challenge: String,
    /// Ed25519 over the refresh message (origin, challenge, device key), base64url.
    pub signature: String,
}

/// Credentials and lists (activation and refresh).
#[derive(Debug, Deserialize, Serialize)]
pub struct CredentialsResponse {
    /// Signed credentials (storage encoding), base64url each.
    pub credentials: Vec<String>,
    /// The signed trust list, base64url.
    pub trust_list: String,
    /// The signed revocation list, base64url.
    pub revocation_list: String,
}

/// POST /v1/officer/revocations
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    /// Whose device to revoke.
    pub nik: String,
}

/// Answer to a revocation.
#[derive(Debug, Deserialize, Serialize)]
pub struct RevokeResponse {
    /// Whether a device was bound and is now revoked.
    pub revoked: bool,
}

/// POST /v1/admin/desk-revocations (admin): withdraw the service's verifier authority's
/// certification of one desk.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeskRevokeRequest {
    /// The desk's key id, 32 hex digits (16 bytes, as `ikd desk certify` prints it).
    pub desk_key_id: String,
}

/// POST /v1/officer/login
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account name.
    pub username: String,
    /// The account's password.
    pub password: String,
}

/// Answer to a login: the bearer token for the officer endpoints.
#[derive(Debug, Deserialize, Serialize)]
pub struct LoginResponse {
    /// The session token (send as `Authorization: Bearer <token>`).
    pub token: String,
    /// `officer` or `admin`.
    pub role: String,
    /// When the session ends (unix seconds).
    pub expires_at: i64,
}

/// POST /v1/admin/audit: the newest audit lines, optionally only those about one citizen.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuditRequest {
    /// Only lines about this NIK (matched by its keyed hash).
    #[serde(default)]
    pub nik: Option<String>,
}

/// One line of the audit log.
#[derive(Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct AuditLine {
    /// When (unix seconds).
    pub at: i64,
    /// Who (account name).
    pub actor: String,
    /// What (`enroll`, `revoke`, `login`, `login_failed`).
    pub action: String,
    /// Whose record: keyed hash of the NIK (hex), if any.
    pub subject: Option<String>,
}

/// Answer to an audit request.
#[derive(Debug, Deserialize, Serialize)]
pub struct AuditResponse {
    /// Newest first, at most 1000.
    pub entries: Vec<AuditLine>,
}

/// GET /v1/trust-list, /v1/revocation-list and /v1/desk-revocation-list.
#[derive(Debug, Deserialize, Serialize)]
pub struct ListResponse {
    /// The signed list, base64url.
    pub list: String,
}

/// An error body: `{"error": {"code", "message_id", "message_en"}}`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The error's fields.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct ErrorDetail {
    /// Stable code (clients switch on it).
    pub code: String,
    /// For the citizen, in Bahasa Indonesia.
    pub message_id: String,
    /// For the citizen, in English.
    pub message_en: String,
}
