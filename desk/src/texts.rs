//! Every word the desk station's screens show, Bahasa Indonesia first and English second, in one
//! table. Refusal reasons come from `ikd_verifier::VerifyError` (one text per reason code); the
//! desk's own states (not set up, lists too old) are here.

/// A text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Bahasa Indonesia.
    pub id: &'static str,
    /// English.
    pub en: &'static str,
}

const fn t(id: &'static str, en: &'static str) -> Text {
    Text { id, en }
}

/// The station's name in the title bar.
pub const TITLE: Text = t("Loket IKD", "IKD desk");
/// Set-up screen heading.
pub const SETUP: Text = t("Pengaturan loket", "Desk set-up");
/// Waiting screen heading.
pub const WAITING: Text = t(
    "Pindai permintaan ini dengan IKD",
    "Scan this request with IKD",
);
/// Camera screen heading.
pub const CAMERA: Text = t(
    "Arahkan QR jawaban warga ke kamera",
    "Hold the citizen's answer QR to the camera",
);
/// Result screen heading when accepted.
pub const VALID: Text = t("SAH", "VALID");
/// Result screen heading when refused.
pub const REFUSED: Text = t("DITOLAK", "REFUSED");
/// The button that clears the result and makes a new request.
pub const NEXT_CITIZEN: Text = t("Warga berikutnya", "Next citizen");
/// The button back to the same request after a refusal.
pub const TRY_AGAIN: Text = t("Pindai ulang", "Scan again");
/// The button to the camera.
pub const OPEN_CAMERA: Text = t("Buka kamera", "Open camera");
/// The link back to the waiting screen.
pub const BACK: Text = t("Kembali", "Back");
/// The scanner field's label.
pub const SCANNER: Text = t(
    "Pemindai USB: pindai QR jawaban (teks masuk di sini)",
    "USB scanner: scan the answer QR (the text goes here)",
);
/// The scanner form's button.
pub const CHECK: Text = t("Periksa", "Check");
/// The button making the desk key.
pub const MAKE_KEY: Text = t("Buat kunci loket", "Make the desk key");
/// The button re-reading the certificate.
pub const CHECK_CERTIFICATE: Text = t("Periksa sertifikat", "Check the certificate");
/// The button fetching the lists now.
pub const UPDATE_LISTS: Text = t("Perbarui daftar sekarang", "Update the lists now");
/// The link to set-up.
pub const TO_SETUP: Text = t("Pengaturan", "Set-up");
/// The link to waiting.
pub const TO_WAITING: Text = t("Mulai melayani", "Start serving");
/// No key yet.
pub const NO_KEY: Text = t(
    "Loket belum punya kunci. Tekan \u{201c}Buat kunci loket\u{201d}.",
    "The desk has no key yet. Press \u{201c}Make the desk key\u{201d}.",
);
/// The key file is readable by others.
pub const KEY_TOO_OPEN: Text = t(
    "Berkas kunci loket bisa dibaca orang lain. Jalankan chmod 600 pada berkas itu.",
    "The desk key file is readable by others. Run chmod 600 on it.",
);
/// The key file is damaged.
pub const KEY_DAMAGED: Text = t(
    "Berkas kunci loket rusak. Hapus berkas itu, buat kunci baru dan minta sertifikat baru.",
    "The desk key file is damaged. Delete it, make a new key and ask for a new certificate.",
);
/// No certificate yet: what to do.
pub const NO_CERTIFICATE: Text = t(
    "Loket belum bersertifikat. Minta otoritas verifikator mengesahkan sidik jari di atas (sekarang: ikd desk certify), lalu tekan \u{201c}Periksa sertifikat\u{201d}.",
    "The desk has no certificate yet. Ask the verifier authority to certify the fingerprint above (for now: ikd desk certify), then press \u{201c}Check the certificate\u{201d}.",
);
/// The certificate names another key.
pub const CERTIFICATE_OTHER_KEY: Text = t(
    "Sertifikat ini untuk kunci lain. Minta sertifikat untuk sidik jari di atas.",
    "This certificate is for another key. Ask for one for the fingerprint above.",
);
/// The certificate file cannot be read.
pub const CERTIFICATE_DAMAGED: Text = t(
    "Berkas sertifikat rusak. Minta sertifikat baru.",
    "The certificate file is damaged. Ask for a new one.",
);
/// The certificate is in force.
pub const CERTIFICATE_OK: Text = t("Sertifikat berlaku", "Certificate valid");
/// No lists yet.
pub const LISTS_MISSING: Text = t(
    "Loket belum punya daftar tepercaya. Sambungkan ke jaringan lalu tekan \u{201c}Perbarui daftar sekarang\u{201d}.",
    "The desk has no trust lists yet. Connect to the network, then press \u{201c}Update the lists now\u{201d}.",
);
/// The lists are past their maximum age.
pub const LISTS_TOO_OLD: Text = t(
    "Daftar tepercaya loket terlalu lama (lebih dari 72 jam). Jangan terima QR dulu: sambungkan loket ke jaringan lalu tekan \u{201c}Perbarui daftar sekarang\u{201d}.",
    "The desk's trust lists are too old (over 72 hours). Accept no QR yet: connect the desk to the network, then press \u{201c}Update the lists now\u{201d}.",
);
/// The lists are usable.
pub const LISTS_OK: Text = t("Terkini", "Up to date");
/// An offered list was older than the held one.
pub const LIST_ROLLBACK: Text = t(
    "Penerbit mengirim daftar yang lebih lama dari milik loket; ditolak. Laporkan ke pengelola.",
    "The issuer sent a list older than the desk's; refused. Tell the administrator.",
);
/// The issuer could not be reached.
pub const ISSUER_UNREACHABLE: Text = t(
    "Server penerbit tidak terjangkau; loket memakai daftar terakhir.",
    "The issuer cannot be reached; the desk works on its last lists.",
);
/// An offered list was not valid.
pub const LIST_INVALID: Text = t(
    "Daftar dari penerbit tidak sah; ditolak.",
    "The list from the issuer is not valid; refused.",
);
/// The desk is not ready to serve.
pub const NOT_READY: Text = t(
    "Loket belum siap. Selesaikan pengaturan.",
    "The desk is not ready. Finish the set-up.",
);
/// The camera cannot be opened.
pub const NO_CAMERA: Text = t(
    "Kamera tidak bisa dibuka. Izinkan kamera di peramban, atau pakai pemindai USB.",
    "The camera cannot be opened. Allow it in the browser, or use the USB scanner.",
);
/// The camera is looking.
pub const LOOKING: Text = t("Mencari QR\u{2026}", "Looking for a QR\u{2026}");
/// The request's expiry line.
pub const EXPIRES: Text = t("Berlaku sampai", "Valid until");
/// The request expired.
pub const EXPIRED_REQUEST: Text = t(
    "Permintaan kedaluwarsa; permintaan baru dibuat.",
    "The request expired; a new one was made.",
);
/// The profile asked for.
pub const PROFILE: Text = t("Jenis data", "Kind of data");
/// When checked.
pub const TIME: Text = t("Waktu", "Time");
/// The reason line.
pub const REASON: Text = t("Alasan", "Reason");
/// A page sent by another site (CSRF) or an old form.
pub const FORBIDDEN: Text = t(
    "Permintaan ditolak: muat ulang halaman loket.",
    "Request refused: reload the desk's page.",
);
/// The institution line.
pub const INSTITUTION: Text = t("Instansi", "Institution");
/// The desk line.
pub const DESK: Text = t("Loket", "Desk");
/// The fingerprint line.
pub const FINGERPRINT: Text = t("Sidik jari kunci loket", "Desk key fingerprint");
/// Validity line.
pub const VALIDITY: Text = t("Masa berlaku", "Validity");
/// Allowed profiles line.
pub const ALLOWED: Text = t("Data yang boleh diminta", "Data it may ask for");
/// Trust list line.
pub const TRUST_LIST: Text = t("Daftar tepercaya", "Trust list");
/// Revocation list line.
pub const REVOCATION_LIST: Text = t("Daftar pencabutan", "Revocation list");
/// Age line.
pub const AGE: Text = t("umur", "age");
/// Recent checks heading.
pub const RECENT: Text = t(
    "Pemeriksaan terakhir (tanpa data pribadi)",
    "Recent checks (no personal data)",
);
/// The request for another profile.
pub const ASK_FOR: Text = t("Minta", "Ask for");
