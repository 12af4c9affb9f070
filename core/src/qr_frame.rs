//! TRANSITIONAL: the version 1 frame, encrypted to a desk key of the trust list. No screen draws
//! it any more: the app flow and both shells answer desk requests through
//! [`crate::desk_request`]. Its only callers are the core's own tests; it goes with the
//! transitional format in the protocol, the verifier and the issuer (docs/qr-format.md).
//! Nothing new may use it: a frame here can be addressed to "the first desk in the list".

use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::presentation::{Frame, PresentationError, VerifierKeyId, build_frame};
use ikd_protocol::profile::DocType;
use ikd_protocol::qr::{self, QrMatrix};
use ikd_protocol::trust::TrustedVerifier;

use crate::error::CoreError;
use crate::session::Session;

/// A frame ready to draw.
#[derive(Debug, Clone)]
pub struct QrFrame {
    /// The payload and its timing.
    pub frame: Frame,
    /// The QR modules.
    pub matrix: QrMatrix,
    /// Who the frame is for (shown to the citizen: "for LOKET ...").
    pub verifier_name: String,
}

impl Session {
    /// The verifiers the citizen may show a QR to today, from the stored trust list.
    pub fn verifiers(&self, now_unix: i64) -> Result<Vec<TrustedVerifier>, CoreError> {
        let (_, list) = self.stored_trust_list()?;
        let today = CivilDate::from_unix(now_unix)
            .ok_or(CoreError::ClockOutOfRange)?
            .to_days();
        Ok(list
            .verifiers
            .into_iter()
            .filter(|v| (v.valid_from..=v.valid_until).contains(&today))
            .collect())
    }

    /// A fresh frame of `doc_type` for the verifier `verifier` (or the first one valid today).
    /// Call again at `frame.refresh_at`; every call uses a new ephemeral key.
    pub fn qr_frame(
        &self,
        doc_type: DocType,
        verifier: Option<VerifierKeyId>,
        now_unix: i64,
    ) -> Result<QrFrame, CoreError> {
        let verifiers = self.verifiers(now_unix)?;
        let chosen = match verifier {
            Some(id) => verifiers.into_iter().find(|v| v.key().key_id == id),
            None => verifiers.into_iter().next(),
        }
        .ok_or(CoreError::UnknownVerifier)?;
        let document = self.document(doc_type)?;
        let frame = self
            .with_device_key(|key| {
                build_frame(&document.signed, key.signing_key(), &chosen.key(), now_unix)
            })?
            .map_err(|error| match error {
                PresentationError::TimeOutOfRange => CoreError::ClockOutOfRange,
                PresentationError::NoRandomness => CoreError::NoRandomness,
                other => CoreError::Presentation(other),
            })?;
        let matrix = qr::encode(&frame.payload).map_err(|_| CoreError::QrTooLarge)?;
        Ok(QrFrame {
            frame,
            matrix,
            verifier_name: chosen.name,
        })
    }
}
