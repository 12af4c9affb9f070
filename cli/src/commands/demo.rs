//! `ikd demo`: the citizen's whole story on this machine, with nothing to set up.
//!
//! An issuer starts on a loopback port, an officer enrolls a sample citizen, the wallet activates
//! with the e-mailed code, unlocks with a PIN, shows the KTP, draws a QR that a desk verifies
//! from its PNG image, changes the PIN, and shows that the old PIN no longer works.

use std::path::PathBuf;
use std::time::Instant;

use ikd_core::{CoreError, Pin};
use ikd_issuer::{IssuerConfig, IssuerHandle};
use ikd_protocol::issuer_api::{ListResponse, unb64_vec};
use ikd_protocol::profile::DocType;

use super::{now, reason};
use crate::commands::{officer, verify, wallet};
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
        "6. QR untuk loket (berganti tiap 15 detik)",
        "6. QR for the desk (changes every 15 seconds)",
    );
    let at = now();
    let frame = session
        .qr_frame(DocType::KtpBasic, None, at)
        .map_err(|e| reason(&e))?;
    print!("{}", frame.matrix.to_terminal_text());
    detail(&format!(
        "versi QR / QR version {}, {} byte, untuk / for {}",
        frame.matrix.version,
        frame.frame.payload.len(),
        frame.verifier_name
    ));
    let png = home.last_qr_png();
    std::fs::write(&png, frame.matrix.to_png(6)).map_err(|_| io("PNG"))?;
    detail(&png.display().to_string());

    step(
        "7. Loket memeriksa QR dari gambarnya",
        "7. The desk checks the QR from its image",
    );
    let mut desk = verify::desk(&home)?;
    let image = std::fs::read(&png).map_err(|_| io("PNG"))?;
    match desk.verify_image(&image, at) {
        Ok(verified) => verify::print_verified(&verified),
        Err(e) => return Err(format!("QR DITOLAK / REFUSED ({})", e.code())),
    }
    if let Err(e) = desk.verify_image(&image, at) {
        detail(&format!(
            "QR yang sama sekali lagi / the same QR again: {} / {}",
            e.reason_id(),
            e.reason_en()
        ));
    }

    step("8. Ganti PIN", "8. Change the PIN");
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
        (
            "/v1/revocation-list",
            home.root().join("revocation-list.cbor"),
        ),
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
