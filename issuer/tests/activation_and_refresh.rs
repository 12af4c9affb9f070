//! Activation and refresh on a real loopback port, against the attacks found in review: two
//! racing activations, an enrollment id without the NIK, an endless stream of challenges, a
//! replayed or re-targeted refresh.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use ed25519_dalek::{Signer, SigningKey};
use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::activation::{activation_message, refresh_message};
use ikd_protocol::issuer_api::{ChallengeResponse, EnrollResponse, ErrorBody, b64, unb64};
use reqwest::blocking::{Client, Response};
use serde_json::json;

const TOKEN: &str = "officer-token";
const NIK: &str = "3174015708900001";
const T0: i64 = 1_800_000_000;

struct Office {
    issuer: IssuerHandle,
    dir: tempfile::TempDir,
    clock: Arc<AtomicI64>,
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(dir.path(), 0).unwrap();
    let clock = Arc::new(AtomicI64::new(T0));
    let mut config = IssuerConfig::new(dir.path(), TOKEN);
    let c = Arc::clone(&clock);
    config.clock = Arc::new(move || c.load(Ordering::SeqCst));
    Office {
        issuer: IssuerHandle::start(config).unwrap(),
        dir,
        clock,
    }
}

fn error_code(response: Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.json::<ErrorBody>().unwrap().error.code)
}

impl Office {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer.base_url())
    }

    /// Enrolls the sample citizen: the enrollment id and the e-mailed code.
    fn enroll(&self) -> (String, String) {
        let response: EnrollResponse = Client::new()
            .post(self.url("/v1/officer/enrollments"))
            .bearer_auth(TOKEN)
            .json(&json!({"nik": NIK, "email": "siti.contoh@example.id"}))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let eml = self
            .dir
            .path()
            .join("outbox")
            .join(format!("{}.eml", response.enrollment_id));
        let code = ikd_issuer::outbox::read_code(&eml).unwrap();
        (response.enrollment_id, code)
    }

    fn challenge(&self, enrollment_id: &str) -> Response {
        Client::new()
            .post(self.url("/v1/activation/challenge"))
            .json(&json!({ "enrollment_id": enrollment_id }))
            .send()
            .unwrap()
    }

    /// One activation with a fresh challenge, signed by `device`.
    fn activate(
        &self,
        enrollment_id: &str,
        nik: &str,
        code: &str,
        device: &SigningKey,
    ) -> Response {
        let challenge: ChallengeResponse = self.challenge(enrollment_id).json().unwrap();
        self.activate_with(enrollment_id, nik, code, device, &challenge.challenge)
    }

    fn activate_with(
        &self,
        enrollment_id: &str,
        nik: &str,
        code: &str,
        device: &SigningKey,
        challenge: &str,
    ) -> Response {
        let public = device.verifying_key().to_bytes();
        let message = activation_message(&unb64::<32>(challenge).unwrap(), nik, &public);
        Client::new()
            .post(self.url("/v1/activation"))
            .json(&json!({
                "enrollment_id": enrollment_id, "nik": nik, "code": code,
                "device_public_key": b64(&public), "challenge": challenge,
                "signature": b64(&device.sign(&message).to_bytes()),
            }))
            .send()
            .unwrap()
    }

    fn refresh_challenge(&self, device: &SigningKey) -> Response {
        Client::new()
            .post(self.url("/v1/credentials/refresh/challenge"))
            .json(&json!({"device_public_key": b64(&device.verifying_key().to_bytes())}))
            .send()
            .unwrap()
    }

    /// The refresh request body for `challenge`, signed for `origin`.
    fn refresh_body(
        &self,
        device: &SigningKey,
        challenge: &str,
        origin: &str,
    ) -> serde_json::Value {
        let public = device.verifying_key().to_bytes();
        let message = refresh_message(origin, &unb64::<32>(challenge).unwrap(), &public);
        json!({
            "device_public_key": b64(&public), "challenge": challenge,
            "signature": b64(&device.sign(&message).to_bytes()),
        })
    }

    fn refresh(&self, body: &serde_json::Value) -> Response {
        Client::new()
            .post(self.url("/v1/credentials/refresh"))
            .json(body)
            .send()
            .unwrap()
    }
}

#[test]
fn two_activations_racing_with_two_challenges_bind_only_one_device() {
    let office = Arc::new(office());
    let (id, code) = office.enroll();
    // Both challenges are taken before either activation runs.
    let challenges: Vec<ChallengeResponse> = (0..2)
        .map(|_| office.challenge(&id).json().unwrap())
        .collect();
    let threads: Vec<_> = challenges
        .into_iter()
        .enumerate()
        .map(|(i, challenge)| {
            let (office, id, code) = (Arc::clone(&office), id.clone(), code.clone());
            std::thread::spawn(move || {
                let device = SigningKey::from_bytes(&[i as u8 + 1; 32]);
                office
                    .activate_with(&id, NIK, &code, &device, &challenge.challenge)
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
}

#[test]
fn an_enrollment_id_without_the_nik_cannot_lock_the_citizen_out() {
    let office = office();
    let (id, code) = office.enroll();
    let stranger = SigningKey::from_bytes(&[9; 32]);
    // The id is in the QR on the officer's screen; the NIK is not.
    for _ in 0..8 {
        let wrong = office.activate(&id, "3174015708900002", "AAAAAAAA", &stranger);
        assert_eq!(error_code(wrong), (401, "activation_code_invalid".into()));
    }
    let citizen = SigningKey::from_bytes(&[1; 32]);
    assert_eq!(office.activate(&id, NIK, &code, &citizen).status(), 200);
}

#[test]
fn wrong_codes_with_the_right_nik_still_lock_the_enrollment() {
    let office = office();
    let (id, _code) = office.enroll();
    let device = SigningKey::from_bytes(&[1; 32]);
    for _ in 0..5 {
        assert_eq!(
            error_code(office.activate(&id, NIK, "AAAAAAAA", &device)).1,
            "activation_code_invalid"
        );
    }
    assert_eq!(
        error_code(office.challenge(&id)),
        (429, "enrollment_locked".into())
    );
}

#[test]
fn challenges_are_capped_per_enrollment_and_expired_ones_are_purged() {
    let office = office();
    let (id, _code) = office.enroll();
    for _ in 0..ikd_issuer::routes::MAX_LIVE_CHALLENGES_PER_ENROLLMENT {
        assert_eq!(office.challenge(&id).status(), 200);
    }
    assert_eq!(
        error_code(office.challenge(&id)),
        (429, "too_many_challenges".into())
    );
    // Once they expire, the next request deletes them: the table does not grow.
    office.clock.fetch_add(
        ikd_issuer::routes::CHALLENGE_TTL_SECONDS + 1,
        Ordering::SeqCst,
    );
    assert_eq!(office.challenge(&id).status(), 200);
    let store = ikd_issuer::store::SqliteStore::open(office.dir.path()).unwrap();
    assert_eq!(store.challenge_rows().unwrap(), (1, 0));
}

#[test]
fn a_refresh_cannot_be_replayed_nor_used_at_another_server() {
    let office = office();
    let (id, code) = office.enroll();
    let device = SigningKey::from_bytes(&[1; 32]);
    assert_eq!(office.activate(&id, NIK, &code, &device).status(), 200);
    let origin = office.issuer.base_url();

    let challenge: ChallengeResponse = office.refresh_challenge(&device).json().unwrap();
    let body = office.refresh_body(&device, &challenge.challenge, &origin);
    assert_eq!(office.refresh(&body).status(), 200);
    // The same request again, a second later: its challenge is spent.
    assert_eq!(
        error_code(office.refresh(&body)),
        (400, "challenge_invalid".into())
    );

    // Signed for another server (a phishing issuer relaying to the real one).
    let challenge: ChallengeResponse = office.refresh_challenge(&device).json().unwrap();
    let elsewhere = office.refresh_body(&device, &challenge.challenge, "https://evil.example");
    assert_eq!(
        error_code(office.refresh(&elsewhere)),
        (400, "bad_signature".into())
    );
    // A challenge made up by the client was never issued.
    let made_up = office.refresh_body(&device, &b64(&[5; 32]), &origin);
    assert_eq!(
        error_code(office.refresh(&made_up)),
        (400, "challenge_invalid".into())
    );
}

#[test]
fn only_a_bound_device_gets_refresh_challenges_and_only_a_few() {
    let office = office();
    let unknown = SigningKey::from_bytes(&[4; 32]);
    assert_eq!(
        error_code(office.refresh_challenge(&unknown)),
        (404, "device_not_bound".into())
    );
    let (id, code) = office.enroll();
    let device = SigningKey::from_bytes(&[1; 32]);
    assert_eq!(office.activate(&id, NIK, &code, &device).status(), 200);
    for _ in 0..ikd_issuer::routes::MAX_LIVE_CHALLENGES_PER_DEVICE {
        assert_eq!(office.refresh_challenge(&device).status(), 200);
    }
    assert_eq!(
        error_code(office.refresh_challenge(&device)),
        (429, "too_many_challenges".into())
    );
    // A lost phone, revoked by an officer, gets nothing more.
    Client::new()
        .post(office.url("/v1/officer/revocations"))
        .bearer_auth(TOKEN)
        .json(&json!({ "nik": NIK }))
        .send()
        .unwrap();
    assert_eq!(
        error_code(office.refresh_challenge(&device)),
        (403, "device_revoked".into())
    );
}

#[test]
fn the_activation_qr_names_the_configured_origin_not_the_host_header() {
    let office = office();
    let response: EnrollResponse = Client::new()
        .post(office.url("/v1/officer/enrollments"))
        .bearer_auth(TOKEN)
        .header("host", "evil.example:443")
        .json(&json!({"nik": NIK, "email": "siti.contoh@example.id"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let qr = ikd_protocol::activation::ActivationQr::parse(&response.activation_qr).unwrap();
    assert_eq!(qr.server, office.issuer.base_url());
}

/// The signed list behind `path`, verified against the service's trust root.
fn list_body(office: &Office, path: &str) -> ikd_protocol::trust::SignedList {
    let body: ikd_protocol::issuer_api::ListResponse = Client::new()
        .get(office.url(path))
        .send()
        .unwrap()
        .json()
        .unwrap();
    ikd_protocol::trust::SignedList::decode(
        &ikd_protocol::issuer_api::unb64_vec(&body.list).unwrap(),
    )
    .unwrap()
}

fn root(office: &Office) -> ed25519_dalek::VerifyingKey {
    let key = ikd_issuer::routes::trust_root_public_key(office.dir.path()).unwrap();
    ed25519_dalek::VerifyingKey::from_bytes(&key).unwrap()
}

#[test]
fn the_trust_list_keeps_its_sequence_from_day_to_day_and_is_freshly_dated() {
    use ikd_protocol::trust::TrustList;
    let office = office();
    let first = TrustList::verify(&list_body(&office, "/v1/trust-list"), &root(&office)).unwrap();
    office.clock.fetch_add(3 * 86_400, Ordering::SeqCst);
    let later = TrustList::verify(&list_body(&office, "/v1/trust-list"), &root(&office)).unwrap();
    // Same keys: same sequence and same validity periods, a new date.
    assert_eq!(later.sequence, first.sequence);
    assert_eq!(later.issuers, first.issuers);
    assert_eq!(later.issued_at, first.issued_at + 3 * 86_400);
}

#[test]
fn revocations_raise_the_sequence_and_leave_the_list_once_their_credentials_expired() {
    use ikd_protocol::trust::RevocationList;
    let dir = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(dir.path(), 0).unwrap();
    let clock = Arc::new(AtomicI64::new(T0));
    let mut config = IssuerConfig::new(dir.path(), TOKEN);
    config.credential_validity_days = 10;
    let c = Arc::clone(&clock);
    config.clock = Arc::new(move || c.load(Ordering::SeqCst));
    let office = Office {
        issuer: IssuerHandle::start(config).unwrap(),
        dir,
        clock,
    };
    let revocations = |office: &Office| {
        RevocationList::verify(&list_body(office, "/v1/revocation-list"), &root(office)).unwrap()
    };
    let start = revocations(&office);
    let (id, code) = office.enroll();
    let old_phone = SigningKey::from_bytes(&[1; 32]);
    assert_eq!(office.activate(&id, NIK, &code, &old_phone).status(), 200);
    // A new phone revokes the old one.
    let (id, code) = office.enroll();
    let new_phone = SigningKey::from_bytes(&[2; 32]);
    assert_eq!(office.activate(&id, NIK, &code, &new_phone).status(), 200);
    let revoked = revocations(&office);
    assert_eq!(revoked.devices, vec![old_phone.verifying_key().to_bytes()]);
    assert!(revoked.sequence > start.sequence);
    // Ten days of validity and two of margin later, the old phone's credentials are long
    // expired: it leaves the list, and the shorter list is still the newer one.
    office.clock.fetch_add(12 * 86_400, Ordering::SeqCst);
    assert_eq!(revocations(&office).devices.len(), 1);
    office.clock.fetch_add(86_400, Ordering::SeqCst);
    let pruned = revocations(&office);
    assert!(pruned.devices.is_empty());
    assert!(pruned.sequence > revoked.sequence);
}
