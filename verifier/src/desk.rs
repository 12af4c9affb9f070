//! A desk of the desk-first flow: it shows a request (or has a printed card), and accepts exactly
//! one answer for it. Checks, in this order, each with its own reason: the answer's header, the
//! request it names (open here, not used, not expired; the desk still certified and not revoked;
//! the profile allowed), decryption, the issuer, the device signature, the profile and time
//! answered, the credential's dates and revocation, and last the replay store.

use ikd_protocol::credential::Credential;
use ikd_protocol::desk::answer::{AnswerError, AnswerHeader, MODE_CARD, open_answer};
use ikd_protocol::desk::certificate::DeskCertificate;
use ikd_protocol::desk::request::{DeskCard, DeskRequest, NONCE_LEN, session_request};
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::desk::rules::{self, CLOCK_SKEW_SECONDS, REQUEST_LIFETIME_SECONDS};
use ikd_protocol::desk::scanned_bytes;
use ikd_protocol::profile::{ClaimField, DocType};
use ikd_protocol::time_window::{self, WindowCheck, check_window, window_of};
use ikd_protocol::trust::{RevocationList, TrustList};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::credential_check::{in_force, trusted_credential};
use crate::error::VerifyError;
use crate::image_decode::qr_payload_from_image;
use crate::replay_store::{ReplayStore, ReplayStoreError};

/// Most requests open at once; the oldest is dropped for a new one.
pub const MAX_OPEN_REQUESTS: usize = 32;
/// How long a used request stays in the replay store (a day: a later re-scan says "already
/// used" rather than "another request").
pub const USED_REQUEST_RETENTION_SECONDS: i64 = 86_400;

/// What the desk shows the officer after an accepted answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedAnswer {
    /// The credential, with its claims.
    pub credential: Credential,
    /// The profile answered.
    pub profile: DocType,
    /// The time the wallet signed (unix seconds, or the window for a card).
    pub time: u32,
    /// The lines to show.
    pub fields: Vec<ClaimField>,
}

struct OpenRequest {
    request: DeskRequest,
    ephemeral: StaticSecret,
    issued_at: i64,
}

/// One desk: its static key and certificate, the lists it trusts, its open requests, its printed
/// cards and its replay store.
pub struct Desk {
    static_secret: StaticSecret,
    certificate: DeskCertificate,
    trust: TrustList,
    revocations: RevocationList,
    desk_revocations: Vec<DeskRevocationList>,
    open: Vec<OpenRequest>,
    cards: Vec<DeskRequest>,
    replay: Box<dyn ReplayStore>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk")
            .field("desk", &self.certificate.body.desk)
            .field("open", &self.open.len())
            .finish_non_exhaustive()
    }
}

fn replay_error(e: ReplayStoreError) -> VerifyError {
    match e {
        ReplayStoreError::Full | ReplayStoreError::Unavailable => {
            VerifyError::ReplayStoreUnavailable
        }
    }
}

fn answer_error(e: AnswerError) -> VerifyError {
    match e {
        AnswerError::OtherRequest => VerifyError::OtherRequest,
        AnswerError::Decryption | AnswerError::WeakKey => VerifyError::Decryption,
        AnswerError::BadDeviceSignature => VerifyError::BadDeviceSignature,
        AnswerError::Malformed | AnswerError::NoRandomness => VerifyError::Malformed,
    }
}

fn utc_day(now: i64) -> Result<i32, VerifyError> {
    rules::utc_day(now).ok_or(VerifyError::Malformed)
}

impl Desk {
    /// A desk with its static secret and certificate (which must certify that secret's public
    /// key), the verified lists, and its replay store.
    pub fn new(
        static_secret: [u8; 32],
        certificate: DeskCertificate,
        trust: TrustList,
        revocations: RevocationList,
        desk_revocations: Vec<DeskRevocationList>,
        replay: Box<dyn ReplayStore>,
    ) -> Result<Desk, VerifyError> {
        let static_secret = StaticSecret::from(static_secret);
        if PublicKey::from(&static_secret).to_bytes() != certificate.body.static_key {
            return Err(VerifyError::UnknownDesk);
        }
        Ok(Desk {
            static_secret,
            certificate,
            trust,
            revocations,
            desk_revocations,
            open: Vec::new(),
            cards: Vec::new(),
            replay,
        })
    }

    /// The desk's certificate.
    pub fn certificate(&self) -> &DeskCertificate {
        &self.certificate
    }

    /// Installs a newer revocation list (an older one is ignored).
    pub fn update_revocations(&mut self, list: RevocationList) {
        if list.sequence > self.revocations.sequence {
            self.revocations = list;
        }
    }

    /// Installs a desk revocation list (replacing an older one of the same authority).
    pub fn update_desk_revocations(&mut self, list: DeskRevocationList) {
        match self
            .desk_revocations
            .iter_mut()
            .find(|l| l.authority == list.authority)
        {
            Some(old) if old.sequence < list.sequence => *old = list,
            Some(_) => {}
            None => self.desk_revocations.push(list),
        }
    }

    fn check(&self, request: &DeskRequest, now: i64) -> Result<(), VerifyError> {
        rules::check_request(request, &self.trust, &self.desk_revocations, now)
            .map_err(VerifyError::from)
    }

    /// Makes a request for `profile` at `now` (fresh ephemeral key and nonce). Refused when this
    /// desk may not ask for it, or is no longer certified: the wallet would refuse it too.
    pub fn new_request(&mut self, profile: DocType, now: i64) -> Result<Vec<u8>, VerifyError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::getrandom(seed.as_mut()).map_err(|_| VerifyError::NoRandomness)?;
        getrandom::getrandom(&mut nonce).map_err(|_| VerifyError::NoRandomness)?;
        self.new_request_with(profile, now, nonce, StaticSecret::from(*seed))
    }

    /// [`Desk::new_request`] with a given nonce and ephemeral secret (test vectors).
    pub fn new_request_with(
        &mut self,
        profile: DocType,
        now: i64,
        nonce: [u8; NONCE_LEN],
        ephemeral: StaticSecret,
    ) -> Result<Vec<u8>, VerifyError> {
        let issued_at = u32::try_from(now).map_err(|_| VerifyError::Malformed)?;
        let request = session_request(&self.certificate, profile, issued_at, nonce, &ephemeral);
        self.check(&request, now)?;
        self.open
            .retain(|o| now <= o.issued_at + REQUEST_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS);
        if self.open.len() >= MAX_OPEN_REQUESTS {
            self.open.remove(0);
        }
        let bytes = request.encode();
        self.open.push(OpenRequest {
            request,
            ephemeral,
            issued_at: now,
        });
        Ok(bytes)
    }

    /// The printed card asking for `profile` (the desk accepts answers to it from now on).
    pub fn card(&mut self, profile: DocType, now: i64) -> Result<Vec<u8>, VerifyError> {
        let card = DeskRequest::Card(DeskCard {
            certificate: self.certificate.clone(),
            profile,
        });
        self.check(&card, now)?;
        let bytes = card.encode();
        if !self.cards.contains(&card) {
            self.cards.push(card);
        }
        Ok(bytes)
    }

    /// Reads the QR in a PNG or JPEG image and checks the answer in it at `now`.
    pub fn verify_answer_image(
        &mut self,
        image: &[u8],
        now: i64,
    ) -> Result<AcceptedAnswer, VerifyError> {
        let payload = qr_payload_from_image(image)?;
        self.verify_answer(&payload, now)
    }

    /// Checks a scanned answer at `now`.
    pub fn verify_answer(
        &mut self,
        scanned: &[u8],
        now: i64,
    ) -> Result<AcceptedAnswer, VerifyError> {
        let bytes = scanned_bytes(scanned).ok_or(VerifyError::Malformed)?;
        let header = AnswerHeader::read(&bytes).map_err(answer_error)?;
        if header.mode == MODE_CARD {
            self.verify_card_answer(&bytes, header, now)
        } else {
            self.verify_session_answer(&bytes, header, now)
        }
    }

    fn used_key(&self, reference: &[u8; 8]) -> Vec<u8> {
        [
            b"session".as_slice(),
            &self.certificate.body.desk_key_id().0,
            reference,
        ]
        .concat()
    }

    fn verify_session_answer(
        &mut self,
        bytes: &[u8],
        header: AnswerHeader,
        now: i64,
    ) -> Result<AcceptedAnswer, VerifyError> {
        let used_key = self.used_key(&header.reference);
        let Some(index) = self
            .open
            .iter()
            .position(|o| AnswerHeader::for_request(&o.request) == header)
        else {
            return Err(
                if self.replay.contains(&used_key, now).map_err(replay_error)? {
                    VerifyError::Replayed
                } else {
                    VerifyError::OtherRequest
                },
            );
        };
        let open = &self.open[index];
        if let Err(e) = self.check(&open.request, now) {
            if e == VerifyError::RequestExpired {
                self.open.remove(index);
            }
            return Err(e);
        }
        let opened = open_answer(
            bytes,
            &open.request,
            &self.static_secret,
            Some(&open.ephemeral),
        )
        .map_err(answer_error)?;
        let today = utc_day(now)?;
        let credential = trusted_credential(&opened.signed, &self.trust, today)?;
        opened
            .check_device_signature(&open.request, &credential.device_public_key)
            .map_err(answer_error)?;
        if credential.doc_type != open.request.profile() {
            return Err(VerifyError::WrongProfile);
        }
        let time = i64::from(opened.time);
        if time < open.issued_at - CLOCK_SKEW_SECONDS
            || time > open.issued_at + REQUEST_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS
        {
            return Err(VerifyError::BadAnswerTime);
        }
        in_force(&opened.signed, &credential, &self.revocations, today)?;
        // Last: only an answer that passed every check uses up its request, durably.
        if !self
            .replay
            .check_and_insert(&used_key, now + USED_REQUEST_RETENTION_SECONDS, now)
            .map_err(replay_error)?
        {
            return Err(VerifyError::Replayed);
        }
        let open = self.open.remove(index);
        Ok(AcceptedAnswer {
            fields: credential.claims.fields(),
            profile: open.request.profile(),
            credential,
            time: opened.time,
        })
    }

    fn verify_card_answer(
        &mut self,
        bytes: &[u8],
        header: AnswerHeader,
        now: i64,
    ) -> Result<AcceptedAnswer, VerifyError> {
        let cards: Vec<DeskRequest> = self
            .cards
            .iter()
            .filter(|c| AnswerHeader::for_request(c) == header)
            .cloned()
            .collect();
        if cards.is_empty() {
            return Err(VerifyError::OtherDesk);
        }
        let mut last = VerifyError::Decryption;
        for card in cards {
            self.check(&card, now)?;
            match open_answer(bytes, &card, &self.static_secret, None) {
                Ok(opened) => return self.accept_card_answer(&card, opened, now),
                Err(e) => last = answer_error(e),
            }
        }
        Err(last)
    }

    fn accept_card_answer(
        &mut self,
        card: &DeskRequest,
        opened: ikd_protocol::desk::answer::OpenedAnswer,
        now: i64,
    ) -> Result<AcceptedAnswer, VerifyError> {
        let today = utc_day(now)?;
        let credential = trusted_credential(&opened.signed, &self.trust, today)?;
        opened
            .check_device_signature(card, &credential.device_public_key)
            .map_err(answer_error)?;
        if credential.doc_type != card.profile() {
            return Err(VerifyError::WrongProfile);
        }
        let now_window = window_of(now).ok_or(VerifyError::Malformed)?;
        match check_window(opened.time, now_window) {
            WindowCheck::Accepted => {}
            WindowCheck::TooOld => return Err(VerifyError::FrameTooOld),
            WindowCheck::FromTheFuture => return Err(VerifyError::FrameFromTheFuture),
        }
        in_force(&opened.signed, &credential, &self.revocations, today)?;
        let key = [
            b"card".as_slice(),
            &self.certificate.body.desk_key_id().0,
            &credential.device_public_key,
            &opened.time.to_be_bytes(),
        ]
        .concat();
        let expires = time_window::valid_until(opened.time);
        if !self
            .replay
            .check_and_insert(&key, expires, now)
            .map_err(replay_error)?
        {
            return Err(VerifyError::Replayed);
        }
        Ok(AcceptedAnswer {
            fields: credential.claims.fields(),
            profile: card.profile(),
            credential,
            time: opened.time,
        })
    }
}
