//! The desk asks first: the wallet reads a scanned desk request (or printed desk card), checks it
//! with the protocol's shared desk rules against the trust root pinned at activation, and says
//! what the consent screen shows. On "share" it builds the answer for that request only: there is
//! no way to make an answer that is not addressed to a desk the citizen saw named.

use ikd_protocol::desk::answer::{AnswerError, build_answer};
use ikd_protocol::desk::qr_matrix;
use ikd_protocol::desk::request::DeskRequest;
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::desk::rules::{self, DeskRefusal, REQUEST_LIFETIME_SECONDS};
use ikd_protocol::profile::{ClaimField, DocType};
use ikd_protocol::qr::QrMatrix;
use ikd_protocol::time_window::{self, window_of};
use ikd_protocol::trust::{SignedList, TrustList, check_replacement};

use crate::error::CoreError;
use crate::history::Presentation;
use crate::session::Session;
use crate::vault::records::RecordKind;

/// The earliest clock the wallet believes (2026-01-01T00:00:00Z, before this format existed): a
/// phone showing an earlier time has lost its clock, and no validity check can be trusted.
pub const CLOCK_FLOOR_UNIX: i64 = 1_767_225_600;

/// Why an answer could not be built, named for the citizen.
fn answer_error(error: AnswerError) -> CoreError {
    match error {
        AnswerError::NoRandomness => CoreError::NoRandomness,
        // Only a forged or damaged request carries a desk key of low order.
        AnswerError::WeakKey => CoreError::DeskRefused(DeskRefusal::Malformed),
        // The stored credential is too long to carry: the record is damaged.
        AnswerError::Malformed
        | AnswerError::OtherRequest
        | AnswerError::Decryption
        | AnswerError::BadDeviceSignature => CoreError::MalformedRecord,
    }
}

/// What the consent screen shows for a scanned request.
#[derive(Debug, Clone)]
pub struct ConsentRequest {
    /// The institution, as its certificate names it.
    pub institution: String,
    /// The desk (counter) of that institution.
    pub desk: String,
    /// The kind of institution, in Bahasa Indonesia.
    pub sector_id: &'static str,
    /// The kind of institution, in English.
    pub sector_en: &'static str,
    /// The profile asked for.
    pub profile: DocType,
    /// Exactly the fields that would be shared, with their values from the wallet's document.
    pub fields: Vec<ClaimField>,
    /// A plain warning when the desk asks beyond what its certificate allows (then it cannot be
    /// shared).
    pub warning: Option<crate::messages::UserMessage>,
    /// Whether "share" is offered.
    pub may_share: bool,
    /// A printed desk card (no forward secrecy; the answer is bound to the time window).
    pub printed_card: bool,
    /// The last second the desk's request can be answered (unix seconds, the desk's clock);
    /// absent for a printed card, which does not expire with the minute.
    pub expires_at: Option<i64>,
    request: DeskRequest,
}

/// The answer QR for one request.
#[derive(Debug, Clone)]
pub struct DeskAnswer {
    /// The answer bytes (byte mode).
    pub payload: Vec<u8>,
    /// The QR modules.
    pub matrix: QrMatrix,
    /// The last second the desk accepts it (unix seconds, the desk's clock).
    pub valid_until: i64,
    /// Who it is for ("BANK CONTOH, LOKET 1").
    pub addressed_to: String,
}

fn beyond_allowance(profile: DocType, allowed: &[DocType]) -> crate::messages::UserMessage {
    let names_id: Vec<&str> = allowed.iter().map(|p| p.label_id()).collect();
    let names_en: Vec<&str> = allowed.iter().map(|p| p.label_en()).collect();
    crate::messages::UserMessage {
        id: format!(
            "Loket ini meminta {}, padahal hanya boleh meminta: {}. Jangan bagikan; laporkan ke petugas.",
            profile.label_id(),
            names_id.join(", ")
        ),
        en: format!(
            "This desk asks for {}, but may only ask for: {}. Do not share; tell the staff.",
            profile.label_en(),
            names_en.join(", ")
        ),
    }
}

impl Session {
    /// Verifies a desk revocation list against the stored trust list and keeps it (replacing an
    /// older list of the same authority). Refused, keeping what is held: a list with a lower
    /// sequence than the held one of its authority, or issued more than
    /// [`ikd_protocol::trust::MAX_LIST_AGE_SECONDS`] before `now_unix`.
    pub fn store_desk_revocations(
        &self,
        signed: &SignedList,
        now_unix: i64,
    ) -> Result<(), CoreError> {
        let (_, trust) = self.stored_trust_list()?;
        let today = rules::utc_day(now_unix).ok_or(CoreError::ClockOutOfRange)?;
        let list = DeskRevocationList::verify(signed, &trust, today)
            .map_err(|_| CoreError::UntrustedList)?;
        // The rules of the other lists: none issued too long ago (a replay), none older.
        check_replacement(None, list.sequence, list.issued_at, now_unix)
            .map_err(|_| CoreError::UntrustedList)?;
        let mut kept = Vec::new();
        for record in self.records(RecordKind::DeskRevocationList)? {
            let old = SignedList::decode(&record.bytes).map_err(|_| CoreError::MalformedRecord)?;
            match DeskRevocationList::verify(&old, &trust, today) {
                Ok(o) if o.authority == list.authority => {
                    check_replacement(Some(o.sequence), list.sequence, list.issued_at, now_unix)
                        .map_err(|_| CoreError::UntrustedList)?;
                }
                // A list whose authority left the trust list is dropped.
                Ok(_) => kept.push(old.encode()),
                Err(_) => {}
            }
        }
        kept.push(signed.encode());
        self.replace_records(RecordKind::DeskRevocationList, &kept)
    }

    fn desk_revocations(
        &self,
        trust: &TrustList,
        today: i32,
    ) -> Result<Vec<DeskRevocationList>, CoreError> {
        self.records(RecordKind::DeskRevocationList)?
            .iter()
            .map(|record| {
                let signed =
                    SignedList::decode(&record.bytes).map_err(|_| CoreError::MalformedRecord)?;
                DeskRevocationList::verify(&signed, trust, today)
                    .map_err(|_| CoreError::MalformedRecord)
            })
            .collect()
    }

    fn check_desk_request(&self, request: &DeskRequest, now_unix: i64) -> Result<(), DeskRefusal> {
        let Ok((_, trust)) = self.stored_trust_list() else {
            return Err(DeskRefusal::UnknownDesk);
        };
        let today = rules::utc_day(now_unix).ok_or(DeskRefusal::Malformed)?;
        let revocations = self
            .desk_revocations(&trust, today)
            .map_err(|_| DeskRefusal::Malformed)?;
        rules::check_request(request, &trust, &revocations, now_unix)
    }

    /// Reads the bytes the camera scanned and says what the consent screen shows. Refused (with
    /// the reason) for anything but a desk the pinned trust root certifies, valid today, not
    /// revoked, with a fresh request; a desk asking beyond its allowance is named, with a
    /// warning, and cannot be answered.
    pub fn read_desk_request(
        &self,
        scanned: &[u8],
        now_unix: i64,
    ) -> Result<ConsentRequest, CoreError> {
        if now_unix < CLOCK_FLOOR_UNIX {
            return Err(CoreError::ClockOutOfRange);
        }
        let request = DeskRequest::decode_scanned(scanned)
            .map_err(|_| CoreError::DeskRefused(DeskRefusal::Malformed))?;
        let (warning, may_share) = match self.check_desk_request(&request, now_unix) {
            Ok(()) => (None, true),
            Err(DeskRefusal::ProfileNotAllowed) => {
                let allowed = request.certificate().body.allowed.profiles();
                (Some(beyond_allowance(request.profile(), &allowed)), false)
            }
            Err(refusal) => return Err(CoreError::DeskRefused(refusal)),
        };
        let document = self.document(request.profile())?;
        let body = &request.certificate().body;
        Ok(ConsentRequest {
            institution: body.institution.clone(),
            desk: body.desk.clone(),
            sector_id: body.sector.label_id(),
            sector_en: body.sector.label_en(),
            profile: request.profile(),
            fields: document.credential.claims.fields(),
            warning,
            may_share,
            printed_card: matches!(request, DeskRequest::Card(_)),
            expires_at: match &request {
                DeskRequest::Session(r) => Some(i64::from(r.issued_at) + REQUEST_LIFETIME_SECONDS),
                DeskRequest::Card(_) => None,
            },
            request,
        })
    }

    /// The citizen chose "share": the answer for exactly this request, checked again at
    /// `now_unix` (the request may have expired while the screen was open).
    pub fn answer_desk_request(
        &self,
        consent: &ConsentRequest,
        now_unix: i64,
    ) -> Result<DeskAnswer, CoreError> {
        if now_unix < CLOCK_FLOOR_UNIX {
            return Err(CoreError::ClockOutOfRange);
        }
        self.check_desk_request(&consent.request, now_unix)
            .map_err(CoreError::DeskRefused)?;
        let document = self.document(consent.request.profile())?;
        let (time, valid_until) = match &consent.request {
            DeskRequest::Session(r) => (
                u32::try_from(now_unix).map_err(|_| CoreError::ClockOutOfRange)?,
                i64::from(r.issued_at) + REQUEST_LIFETIME_SECONDS,
            ),
            DeskRequest::Card(_) => {
                let window = window_of(now_unix).ok_or(CoreError::ClockOutOfRange)?;
                (window, time_window::valid_until(window))
            }
        };
        let payload = self
            .with_device_key(|key| {
                build_answer(&consent.request, &document.signed, key.signing_key(), time)
            })?
            .map_err(answer_error)?;
        let matrix = qr_matrix(&payload).map_err(|_| CoreError::QrTooLarge)?;
        let presentation = Presentation {
            at_unix: now_unix,
            institution: &consent.institution,
            desk: &consent.desk,
            sector: consent.request.certificate().body.sector,
            profile: consent.request.profile(),
            printed_card: consent.printed_card,
            fields: consent
                .fields
                .iter()
                .map(|f| (f.label_id, f.label_en))
                .collect(),
        };
        // The citizen is at the counter: a history that cannot be written (disk full) must not
        // keep the document from being shown. The failure is logged without any personal data.
        if let Err(error) = self.record_presentation(&presentation) {
            log::warn!("presentation not recorded in the history: {error}");
        }
        Ok(DeskAnswer {
            payload,
            matrix,
            valid_until,
            addressed_to: format!("{}, {}", consent.institution, consent.desk),
        })
    }
}
