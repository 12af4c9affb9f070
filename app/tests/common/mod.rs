//! A phone (real wallet folder, software keystore, a clock the test moves) running the real app
//! flow, and the real issuer on a loopback port with the officer's side of enrollment.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)] // test support code

pub mod biometric;
pub mod desk;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use ikd_app::{App, AppEffect, AppEvent, AppView, Screen, SlowTask};
use ikd_core::pin::kdf::KdfParams;
use ikd_core::{KdfPolicy, ManualClock, SoftwareKeystore, WalletConfig};
use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::issuer_api::{EnrollRequest, EnrollResponse};

/// A fictional woman born 17 Aug 1990 in Jakarta Selatan (in the sample population).
pub const NIK: &str = "3174015708900001";
/// A PIN that passes every rule for [`NIK`].
pub const PIN: &str = "246813";
/// Another acceptable PIN.
pub const NEW_PIN: &str = "975318";
/// A wrong PIN.
pub const WRONG_PIN: &str = "111112";
/// 2027-01-15: the fixed "now" of the phone and the issuer.
pub const T0: i64 = 1_800_000_000;

const OFFICER_TOKEN: &str = "officer-test-token";

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
    /// Enrolls `nik`: the activation QR text and the e-mailed code.
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
}

pub struct Phone {
    pub wallet_dir: PathBuf,
    pub keystore_dir: PathBuf,
    pub clock: Arc<ManualClock>,
    _root: tempfile::TempDir,
}

impl Phone {
    pub fn new() -> Phone {
        let root = tempfile::tempdir().unwrap();
        let wallet_dir = root.path().join("wallet");
        std::fs::create_dir_all(&wallet_dir).unwrap();
        Phone {
            wallet_dir,
            keystore_dir: root.path().join("keystore"),
            clock: Arc::new(ManualClock::at(T0)),
            _root: root,
        }
    }

    /// Starts the app as the shell does (a fresh object each time: a restart).
    pub fn app(&self) -> App {
        App::open(
            &self.wallet_dir,
            Arc::new(SoftwareKeystore::new(&self.keystore_dir).unwrap()),
            self.clock.clone(),
            WalletConfig {
                kdf: KdfPolicy::Fixed(KdfParams::MINIMUM),
            },
        )
    }
}

/// The tasks a view asks the shell to run.
pub fn tasks(view: &AppView) -> Vec<SlowTask> {
    view.effects
        .iter()
        .filter_map(|effect| match effect {
            AppEffect::RunTask { task } => Some(task.clone()),
            _ => None,
        })
        .collect()
}

/// Runs every task the view asks for, as a shell's background thread would, until none is left.
pub fn run_tasks(app: &App, mut view: AppView) -> AppView {
    while let Some(task) = tasks(&view).into_iter().next() {
        view = app.run_task(task);
    }
    view
}

/// Sends `event` and runs the tasks it starts.
pub fn send(app: &App, event: AppEvent) -> AppView {
    let view = app.dispatch(event);
    run_tasks(app, view)
}

/// Types a PIN on the pad shown (running the task a complete pad starts).
pub fn type_pin(app: &App, pin: &str) -> AppView {
    let mut view = app.view();
    for c in pin.chars() {
        view = app.dispatch(AppEvent::Digit {
            digit: c.to_digit(10).unwrap() as u8,
        });
    }
    run_tasks(app, view)
}

/// Walks activation from the first start to home, as the citizen does.
pub fn activate(app: &App, qr: &str, code: &str) -> AppView {
    if matches!(app.view().screen, Screen::ChooseLanguage(_)) {
        app.dispatch(AppEvent::ChooseLanguage {
            language: ikd_core::Language::Indonesian,
        });
    }
    app.dispatch(AppEvent::OpenScanner);
    app.dispatch(AppEvent::Scanned { text: qr.into() });
    app.dispatch(AppEvent::TextChanged { text: NIK.into() });
    app.dispatch(AppEvent::Submit);
    app.dispatch(AppEvent::TextChanged { text: code.into() });
    app.dispatch(AppEvent::Submit);
    type_pin(app, PIN);
    type_pin(app, PIN)
}

/// A phone activated with the office, on the home screen.
pub fn activated(office: &Office) -> (Phone, App) {
    let (qr, code) = office.enroll(NIK);
    let phone = Phone::new();
    let app = phone.app();
    let view = activate(&app, &qr, &code);
    assert!(matches!(view.screen, Screen::Home(_)), "{view:#?}");
    (phone, app)
}

pub fn banner(view: &AppView) -> String {
    view.banner
        .as_ref()
        .map(|b| b.text.clone())
        .unwrap_or_default()
}
