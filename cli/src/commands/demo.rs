//! `ikd demo`: the citizen's whole story on this machine, with nothing to set up.
//!
//! An issuer starts on a loopback port, an officer enrolls a sample citizen, the wallet activates
//! with the e-mailed code, unlocks with a PIN and shows the KTP. A bank desk makes its own key and
//! is certified by the local verifier authority; it shows a request, the wallet names who asks
//! and what would be shared, answers, and the desk checks the answer from its PNG image (once:
//! the same image is refused after, here and in any later `ikd verify`). Then the PIN changes
//! and the old PIN no longer works.

use std::path::PathBuf;
use std::time::Instant;

use ikd_core::{CoreError, Pin};
use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::desk::certificate::Sector;
use ikd_protocol::issuer_api::{ListResponse, unb64_vec};
use ikd_protocol::profile::DocType;
use ikd_verifier::image_decode::qr_payload_from_image;

use super::{now, reason};
use crate::commands::{desk, officer, verify, wallet};
use crate::home::Home;
use crate::output::{detail, step};

const OFFICER_TOKEN: &str = "demo-officer-token";
/// The sample citizen (fictional: every sample name contains CONTOH).
const NIK: &str = "3174015708900001";
const EMAIL: &str = "siti.contoh@example.id";
/// Demo PINs: shown on screen because this is a demo; a real PIN is only ever typed.
const DEMO_PIN: &str = "246813";
const NEW_PIN: &str = "975318";

/// Runs the demo in `home` (a temporary folder, removed afterwards, when None).
pub fn run(home: Option<PathBuf>) -> Result<(), String> {
    let temporary;
    let root = match home {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .map_err(|_| "folder tidak bisa dibuat / cannot create the folder".to_string())?;
            dir
        }
        None => {
            temporary = tempfile::tempdir()
                .map_err(|_| "folder sementara gagal / no temporary folder".to_string())?;
            temporary.path().to_path_buf()
        }
    };
    let home = Home::new(root);
    let io = |what: &str| format!("{what} gagal / failed");

    step(
        "1. Server Dukcapil (penerbit) berjalan",
        "1. Dukcapil issuing service starts",
    );
    // The fictional sample population, imported as a registry extract like a real one.
    ikd_issuer::testkit::import_sample_population(&home.issuer_dir(), super::now())
        .map_err(|e| e.to_string())?;
    let issuer = IssuerHandle::start(IssuerConfig::new(home.issuer_dir(), OFFICER_TOKEN))
        .map_err(|_| io("server"))?;
    detail(&issuer.base_url());

    step(
        "2. Petugas mendaftarkan warga; kode aktivasi dikirim ke e-mail",
        "2. An officer enrolls the citizen; the code goes by e-mail",
    );
    let enrollment = officer::enroll(&issuer.base_url(), OFFICER_TOKEN, NIK, EMAIL)?;
    let eml = home
        .issuer_dir()
        .join("outbox")
        .join(format!("{}.eml", enrollment.enrollment_id));
    let code = ikd_issuer::outbox::read_code(&eml).ok_or_else(|| io("e-mail"))?;
    detail(&format!(
        "QR aktivasi / activation QR: {}",
        enrollment.activation_qr
    ));
    detail(&format!("e-mail: {}", eml.display()));

    step(
        "3. Warga mengaktifkan IKD dengan kode dan PIN baru",
        "3. The citizen activates with the code and a new PIN",
    );
    let wallet = home.open_wallet().map_err(|e| reason(&e))?;
    if wallet.status() != ikd_core::WalletStatus::NotSetUp {
        wallet.reset().map_err(|e| reason(&e))?;
    }
    detail(&format!("PIN demo: {DEMO_PIN}"));
    wallet
        .activate(&enrollment.activation_qr, NIK, &code, &Pin::from(DEMO_PIN))
        .map_err(|e| reason(&e))?;
    save_lists(&issuer, &home)?;
    wallet.lock();

    step("4. Buka IKD dengan PIN", "4. Open IKD with the PIN");
    let started = Instant::now();
    let session = wallet
        .unlock(&Pin::from(DEMO_PIN))
        .map_err(|e| reason(&e))?;
    detail(&format!(
        "terbuka dalam / unlocked in {} ms",
        started.elapsed().as_millis()
    ));

    step("5. KTP di layar", "5. The KTP on screen");
    wallet::print_document(&session, DocType::KtpFull)?;

    step(
        "6. Loket membuat kuncinya sendiri; otoritas verifikator (lokal) mengesahkannya",
        "6. The desk makes its own key; the (local) verifier authority certifies it",
    );
    desk::init(&home)?;
    let certificate = desk::certify(
        &home,
        "BANK CONTOH",
        "LOKET 1",
        Sector::Finance,
        &[DocType::KtpBasic, DocType::AgeOver17],
        365,
    )?;
    detail(&format!(
        "{} / {}: {}",
        certificate.body.institution,
        certificate.body.desk,
        certificate
            .body
            .allowed
            .profiles()
            .iter()
            .map(|p| p.label_id())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let mut desk = desk::open(&home)?;

    step(
        "7. Loket menampilkan permintaan (KTP: NIK, nama, tanggal lahir)",
        "7. The desk shows its request (ID card: NIK, name, birth date)",
    );
    let at = now();
    let request = desk
        .new_request(DocType::KtpBasic, at)
        .map_err(desk::refused)?;
    desk::show_qr(&request, &home.desk_request_png())?;

    step(
        "8. Ponsel memindai permintaan: siapa yang meminta, data apa",
        "8. The phone scans the request: who asks, for what",
    );
    let image = std::fs::read(home.desk_request_png()).map_err(|_| io("PNG"))?;
    let scanned = qr_payload_from_image(&image).map_err(|e| e.code().to_string())?;
    let consent = session
        .read_desk_request(&scanned, at)
        .map_err(|e| reason(&e))?;
    wallet::print_consent(&consent);
    detail("Warga menekan Bagikan / the citizen taps Share");
    let answer = session
        .answer_desk_request(&consent, at)
        .map_err(|e| reason(&e))?;
    desk::show_qr(&answer.payload, &home.last_qr_png())?;

    step(
        "9. Loket memeriksa jawaban dari gambarnya",
        "9. The desk checks the answer from its image",
    );
    let image = std::fs::read(home.last_qr_png()).map_err(|_| io("PNG"))?;
    match desk.verify_answer_image(&image, at) {
        Ok(accepted) => verify::print_fields(&accepted.fields),
        Err(e) => return Err(format!("QR DITOLAK / REFUSED ({})", e.code())),
    }
    if let Err(e) = desk.verify_answer_image(&image, at) {
        detail(&format!(
            "QR yang sama sekali lagi / the same QR again: {} / {}",
            e.reason_id(),
            e.reason_en()
        ));
    }

    step("10. Ganti PIN", "10. Change the PIN");
    wallet
        .change_pin(&Pin::from(DEMO_PIN), &Pin::from(NEW_PIN))
        .map_err(|e| reason(&e))?;
    detail(&format!("PIN baru / new PIN: {NEW_PIN}"));
    wallet.lock();
    match wallet.unlock(&Pin::from(DEMO_PIN)) {
        Err(error @ CoreError::WrongPin(_)) => {
            detail(&format!("PIN lama / old PIN: {}", reason(&error)))
        }
        Ok(_) => return Err("PIN lama masih bisa dipakai / the old PIN still works".into()),
        Err(other) => return Err(reason(&other)),
    }
    wallet.unlock(&Pin::from(NEW_PIN)).map_err(|e| reason(&e))?;
    detail("PIN baru membuka IKD / the new PIN opens IKD");
    wallet.lock();

    issuer.stop();
    step("Selesai", "Done");
    detail(&format!("berkas / files: {}", home.root().display()));
    Ok(())
}

/// Saves the signed lists next to the wallet, for `ikd verify`.
fn save_lists(issuer: &IssuerHandle, home: &Home) -> Result<(), String> {
    for (path, file) in [
        ("/v1/trust-list", home.trust_list()),
        ("/v1/revocation-list", home.revocation_list()),
    ] {
        let body: ListResponse = reqwest::blocking::get(format!("{}{path}", issuer.base_url()))
            .and_then(|r| r.json())
            .map_err(|_| "daftar tidak terunduh / cannot fetch the list".to_string())?;
        let bytes =
            unb64_vec(&body.list).ok_or_else(|| "daftar rusak / damaged list".to_string())?;
        std::fs::write(file, bytes)
            .map_err(|_| "daftar tidak tersimpan / cannot save the list".to_string())?;
    }
    Ok(())
}
