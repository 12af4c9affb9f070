//! The transitional frame verifier: the one demo desk key of the trust list, the lists it trusts,
//! and an in-memory replay cache. Kept only while the shells still draw the old frame (see
//! docs/qr-format.md); desks use [`crate::desk::Desk`].

use ikd_protocol::civil_date::CivilDate;
use ikd_protocol::credential::Credential;
use ikd_protocol::presentation::{self, PresentationError, VerifierPublicKey};
use ikd_protocol::profile::ClaimField;
use ikd_protocol::time_window::{WindowCheck, check_window, window_of};
use ikd_protocol::trust::{ListRefusal, RevocationList, TrustList, check_replacement};
use x25519_dalek::StaticSecret;

use crate::credential_check::{in_force, trusted_credential};
use crate::error::VerifyError;
use crate::image_decode::qr_payload_from_image;
use crate::replay::ReplayCache;

/// What the desk sees after a successful check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedPresentation {
    /// The credential, with its claims.
    pub credential: Credential,
    /// The window the frame was signed for.
    pub window: u32,
    /// The lines to show the officer.
    pub fields: Vec<ClaimField>,
}

/// A service desk's verifier.
pub struct Verifier {
    secret: StaticSecret,
    public: VerifierPublicKey,
    trust: TrustList,
    revocations: RevocationList,
    replay: ReplayCache,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("key_id", &self.public.key_id)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier with its X25519 secret and the (already verified) lists.
    pub fn new(secret: [u8; 32], trust: TrustList, revocations: RevocationList) -> Verifier {
        let secret = StaticSecret::from(secret);
        let public = VerifierPublicKey::of_secret(&secret);
        Verifier {
            secret,
            public,
            trust,
            revocations,
            replay: ReplayCache::new(),
        }
    }

    /// This desk's public key, as wallets address frames to it.
    pub fn public_key(&self) -> VerifierPublicKey {
        self.public
    }

    /// Installs a received trust list (already verified against the root) unless its sequence
    /// is below the held one's or it was issued too long before `now_unix`.
    pub fn update_trust(&mut self, list: TrustList, now_unix: i64) -> Result<(), ListRefusal> {
        check_replacement(
            Some(self.trust.sequence),
            list.sequence,
            list.issued_at,
            now_unix,
        )?;
        self.trust = list;
        Ok(())
    }

    /// The held lists' `issued_at` (trust, revocation): a desk warns when they grow old.
    pub fn lists_issued_at(&self) -> (i64, i64) {
        (self.trust.issued_at, self.revocations.issued_at)
    }

    /// Installs a newer revocation list (an older one is ignored).
    pub fn update_revocations(&mut self, list: RevocationList) {
        if list.sequence > self.revocations.sequence {
            self.revocations = list;
        }
    }

    /// Checks a QR payload at `now_unix`.
    pub fn verify_payload(
        &mut self,
        payload: &[u8],
        now_unix: i64,
    ) -> Result<VerifiedPresentation, VerifyError> {
        let opened = presentation::open_frame(payload, &self.secret).map_err(|e| match e {
            PresentationError::OtherVerifier => VerifyError::OtherVerifier,
            PresentationError::Decryption | PresentationError::WeakKey => VerifyError::Decryption,
            _ => VerifyError::Malformed,
        })?;
        let today = CivilDate::from_unix(now_unix)
            .ok_or(VerifyError::Malformed)?
            .to_days();
        let credential = trusted_credential(&opened.signed, &self.trust, today)?;
        opened
            .check_device_signature(&credential.device_public_key)
            .map_err(|_| VerifyError::BadDeviceSignature)?;
        let now_window = window_of(now_unix).ok_or(VerifyError::Malformed)?;
        match check_window(opened.window, now_window) {
            WindowCheck::Accepted => {}
            WindowCheck::TooOld => return Err(VerifyError::FrameTooOld),
            WindowCheck::FromTheFuture => return Err(VerifyError::FrameFromTheFuture),
        }
        in_force(&opened.signed, &credential, &self.revocations, today)?;
        // Last: only a frame that passed every check uses up its (device, window) pair.
        if !self
            .replay
            .check_and_insert(credential.device_public_key, opened.window, now_window)
        {
            return Err(VerifyError::Replayed);
        }
        let fields = credential.claims.fields();
        Ok(VerifiedPresentation {
            credential,
            window: opened.window,
            fields,
        })
    }

    /// Reads the QR in a PNG or JPEG image and checks it at `now_unix`.
    pub fn verify_image(
        &mut self,
        image: &[u8],
        now_unix: i64,
    ) -> Result<VerifiedPresentation, VerifyError> {
        let payload = qr_payload_from_image(image)?;
        self.verify_payload(&payload, now_unix)
    }
}
