//! Activation and credential refresh on top of the issuer client (`issuer_client.rs`): what
//! the wallet sends, and how it checks and stores what comes back. Nothing else needs the
//! network: documents and QR frames work offline.

use ikd_protocol::activation::{ActivationQr, activation_message, refresh_message};
use ikd_protocol::credential::SignedCredential;
use ikd_protocol::issuer_api::{
    ActivateRequest, ChallengeRequest, ChallengeResponse, CredentialsResponse, ListResponse,
    RefreshChallengeRequest, RefreshRequest, b64, unb64, unb64_vec,
};
use ikd_protocol::trust::SignedList;

use crate::error::CoreError;
use crate::issuer_client::{IssuerClient, NetworkError, server_security};
use crate::secret::Pin;
use crate::session::Session;
use crate::vault::StoredState;
use crate::vault::records::RecordKind;
use crate::wallet::Wallet;

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

impl IssuerClient {
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
    /// verify against the trust root already stored. The desk revocation list comes with them
    /// (`GET /v1/desk-revocation-list`); refusing it does not undo the documents.
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
            self.base_url(),
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
        store_response(session, trust_root, &response, now_unix)?;
        // The documents are stored: a desk revocation list that cannot be had or is refused
        // (bad signature, older than the one held) leaves them, and the list held, as they are.
        if let Err(error) = self.refresh_desk_revocations(session, now_unix) {
            log::warn!("desk revocation list not updated: {error}");
        }
        Ok(())
    }

    /// Fetches the desk revocation list and keeps it if it verifies against the stored trust list
    /// and is not older than the one held ([`Session::store_desk_revocations`]). An issuer that
    /// publishes none yet (404) is not an error.
    fn refresh_desk_revocations(&self, session: &Session, now_unix: i64) -> Result<(), CoreError> {
        let Some(response) = self.get_optional::<ListResponse>("/v1/desk-revocation-list")? else {
            return Ok(());
        };
        let signed = unb64_vec(&response.list)
            .and_then(|bytes| SignedList::decode(&bytes).ok())
            .ok_or(NetworkError::BadResponse)?;
        session.store_desk_revocations(&signed, now_unix)
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
        if let Err(error) = client.refresh_desk_revocations(&session, self.now_unix()) {
            log::warn!("desk revocation list not stored: {error}");
        }
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
