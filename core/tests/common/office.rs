//! The issuer service on a loopback port with a clock the test moves, and the officer's side of
//! enrollment (for the activation, refresh and crash tests).
#![allow(clippy::unwrap_used)] // test support code

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::desk::certificate::{DeskCertificate, ProfileSet};
use ikd_protocol::desk::rules::utc_day;
use ikd_protocol::issuer_api::{EnrollRequest, EnrollResponse};
use ikd_protocol::profile::DocType;
use ikd_protocol::trust::{RevocationList, SignedList, TrustList};
use ikd_verifier::{AcceptedAnswer, Desk, SqliteReplayStore, VerifyError};

use super::T0;

pub const OFFICER_TOKEN: &str = "officer-test-token";
/// The bank desk's static X25519 secret: the fixtures' desk key (test only).
pub const DESK_SECRET: [u8; 32] = [0xD5; 32];

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

    /// The issuer's current trust and revocation lists, verified against its trust root.
    pub fn lists(&self) -> (TrustList, RevocationList) {
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
        (
            TrustList::verify(&get("/v1/trust-list"), &root).unwrap(),
            RevocationList::verify(&get("/v1/revocation-list"), &root).unwrap(),
        )
    }

    /// A bank's desk certified by this issuer's verifier authority (for KTP basic and proof of
    /// age), trusting its lists, with its replay store in `dir`.
    pub fn desk(&self, dir: &std::path::Path) -> Desk {
        self.desk_allowed(dir, &[DocType::KtpBasic, DocType::AgeOver17])
    }

    /// The fixtures' bank desk (BANK CONTOH, LOKET 1, key [`DESK_SECRET`]), certified by this
    /// issuer's verifier authority from today for `allowed`, trusting its lists, with its replay
    /// store in `dir`.
    pub fn desk_allowed(&self, dir: &std::path::Path, allowed: &[DocType]) -> Desk {
        let authority = ikd_issuer::routes::verifier_authority_key(self.data.path()).unwrap();
        let (trust, revocations) = self.lists();
        let today = utc_day(T0).unwrap();
        let mut body = ikd_protocol::desk::fixtures::certificate().body;
        body.allowed = ProfileSet::of(allowed);
        body.valid_from = today;
        body.valid_until = today + 364;
        let certificate = DeskCertificate::sign(body, &authority);
        let store = SqliteReplayStore::open(&dir.join("replay.sqlite")).unwrap();
        Desk::new(
            DESK_SECRET,
            certificate,
            trust,
            revocations,
            Vec::new(),
            Box::new(store),
        )
        .unwrap()
    }
}

/// The citizen shows `profile` at `desk` at `now`: the desk asks, the wallet reads the request
/// and shares, the desk checks the answer.
pub fn show_at_desk(
    session: &ikd_core::Session,
    desk: &mut Desk,
    profile: DocType,
    now: i64,
) -> Result<AcceptedAnswer, VerifyError> {
    let request = desk.new_request(profile, now).unwrap();
    let consent = session.read_desk_request(&request, now).unwrap();
    let answer = session.answer_desk_request(&consent, now).unwrap();
    desk.verify_answer(&answer.payload, now)
}
