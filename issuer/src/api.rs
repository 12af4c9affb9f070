//! Error responses of the HTTP API (stable codes, two languages); the bodies themselves are
//! `ikd_protocol::issuer_api`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
pub use ikd_protocol::issuer_api::*;

/// Decodes base64url into exactly `N` bytes, or answers 400.
pub fn decode_fixed<const N: usize>(text: &str) -> Result<[u8; N], ApiError> {
    unb64::<N>(text).ok_or_else(|| {
        ApiError::bad_request(
            "invalid_encoding",
            "Data tidak sah.",
            "Invalid data encoding.",
        )
    })
}

/// An error response.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    /// An error with `status`.
    pub fn new(status: StatusCode, code: &str, id: &str, en: &str) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                error: ErrorDetail {
                    code: code.into(),
                    message_id: id.into(),
                    message_en: en.into(),
                },
            },
        }
    }

    /// 400 with `code`.
    pub fn bad_request(code: &str, id: &str, en: &str) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, id, en)
    }

    /// 500: the details go to the log, not to the client.
    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Terjadi kesalahan di server. Coba lagi nanti.",
            "Server error. Try again later.",
        )
    }

    /// The stable code.
    pub fn code(&self) -> &str {
        &self.body.error.code
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message in Bahasa Indonesia and in English.
    pub fn messages(&self) -> (&str, &str) {
        (&self.body.error.message_id, &self.body.error.message_en)
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> Self {
        log::error!("database error: {}", error.kind());
        ApiError::internal()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
