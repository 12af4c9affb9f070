//! The issuer service on a loopback port with a clock the test moves, and the officer's side of
//! enrollment (for the activation, refresh and crash tests).
#![allow(clippy::unwrap_used)] // test support code

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::issuer_api::{EnrollRequest, EnrollResponse};
use ikd_protocol::trust::{RevocationList, SignedList, TrustList};
use ikd_verifier::Verifier;

use super::T0;

pub const OFFICER_TOKEN: &str = "officer-test-token";

pub struct Office {
    pub issuer: IssuerHandle,
    pub data: tempfile::TempDir,
    pub clock: Arc<AtomicI64>,
}

/// Starts the issuer with its clock at [`T0`].
pub fn office() -> Office {
    let data = tempfile::tempdir().unwrap();
    ikd_issuer::testkit::import_sample_population(data.path(), 0).unwrap();
    let clock = Arc::new(AtomicI64::new(T0));
    let mut config = IssuerConfig::new(data.path(), OFFICER_TOKEN);
    let c = Arc::clone(&clock);
    config.clock = Arc::new(move || c.load(Ordering::SeqCst));
    Office {
        issuer: IssuerHandle::start(config).unwrap(),
        data,
        clock,
    }
}

impl Office {
    /// Enrolls `nik`: the activation QR and the e-mailed code.
    pub fn enroll(&self, nik: &str) -> (String, String) {
        let response: EnrollResponse = reqwest::blocking::Client::new()
            .post(format!("{}/v1/officer/enrollments", self.issuer.base_url()))
            .bearer_auth(OFFICER_TOKEN)
            .json(&EnrollRequest {
                nik: nik.into(),
                email: "siti.contoh@example.id".into(),
            })
            .send()
            .unwrap()
            .json()
            .unwrap();
        let eml = self
            .data
            .path()
            .join("outbox")
            .join(format!("{}.eml", response.enrollment_id));
        (
            response.activation_qr,
            ikd_issuer::outbox::read_code(&eml).unwrap(),
        )
    }

    /// A desk that trusts this issuer's lists.
    pub fn desk(&self) -> Verifier {
        let secret = ikd_issuer::routes::demo_desk_secret(self.data.path()).unwrap();
        let root = ikd_issuer::routes::trust_root_public_key(self.data.path()).unwrap();
        let root = ed25519_dalek::VerifyingKey::from_bytes(&root).unwrap();
        let get = |path: &str| -> SignedList {
            let body: ikd_protocol::issuer_api::ListResponse =
                reqwest::blocking::get(format!("{}{path}", self.issuer.base_url()))
                    .unwrap()
                    .json()
                    .unwrap();
            SignedList::decode(&ikd_protocol::issuer_api::unb64_vec(&body.list).unwrap()).unwrap()
        };
        let trust = TrustList::verify(&get("/v1/trust-list"), &root).unwrap();
        let revocations = RevocationList::verify(&get("/v1/revocation-list"), &root).unwrap();
        Verifier::new(secret, trust, revocations)
    }
}
