//! What to tell the citizen, in Bahasa Indonesia and English: short, plain, and saying what to do
//! next. One table for every front end (CLI, Android, iOS), so the wording is decided once: the
//! errors here, the screens' own words in [`phrases`].

pub mod phrases;

use crate::settings::Language;

use crate::error::CoreError;
use crate::keystore::KeystoreError;
use crate::pin::rules::PinRuleError;
use crate::vault::{ReactivationReason, StorageError};

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserMessage {
    /// Bahasa Indonesia (shown first).
    pub id: String,
    /// English.
    pub en: String,
}

impl UserMessage {
    pub(crate) fn new(id: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            en: en.into(),
        }
    }

    /// The text in `language`.
    pub fn pick(&self, language: Language) -> &str {
        match language {
            Language::Indonesian => &self.id,
            Language::English => &self.en,
        }
    }
}

/// "5 menit" / "5 minutes" style durations, rounded up to what a person reads.
pub fn wait_text(seconds: u64) -> UserMessage {
    if seconds < 60 {
        UserMessage::new(format!("{seconds} detik"), format!("{seconds} seconds"))
    } else {
        let minutes = seconds.div_ceil(60);
        let plural = if minutes == 1 { "" } else { "s" };
        UserMessage::new(
            format!("{minutes} menit"),
            format!("{minutes} minute{plural}"),
        )
    }
}

/// Said wherever a wallet on the desktop's [`SoftwareKeystore`](crate::SoftwareKeystore) shows its
/// status: its keys are files, not secure hardware.
pub fn software_keystore_warning() -> UserMessage {
    UserMessage::new(
        "Dompet ini tidak dilindungi perangkat keras: kuncinya berupa file di komputer ini. Untuk KTP sungguhan, gunakan ponsel.",
        "This wallet is not hardware-backed: its key is a file on this computer. For a real KTP, use a phone.",
    )
}

fn reactivation_text(reason: ReactivationReason) -> UserMessage {
    match reason {
        ReactivationReason::TooManyWrongPins => UserMessage::new(
            "PIN salah 10 kali, data IKD di ponsel ini sudah dihapus demi keamanan. Aktifkan ulang IKD.",
            "Wrong PIN 10 times: the ID data on this phone was erased for your safety. Activate IKD again.",
        ),
        ReactivationReason::Corrupt => UserMessage::new(
            "Data IKD di ponsel ini rusak. Aktifkan ulang IKD; dokumen Anda tetap aman di Dukcapil.",
            "The ID data on this phone is damaged. Activate IKD again; your documents are safe at Dukcapil.",
        ),
        ReactivationReason::Reset => UserMessage::new(
            "IKD sudah diatur ulang. Aktifkan ulang IKD.",
            "IKD was reset. Activate IKD again.",
        ),
    }
}

fn desk_refusal_text(refusal: ikd_protocol::desk::rules::DeskRefusal) -> UserMessage {
    use ikd_protocol::desk::rules::DeskRefusal as R;
    match refusal {
        R::Malformed => UserMessage::new(
            "Ini bukan QR permintaan loket IKD. Pindai QR yang ditampilkan loket.",
            "This is not an IKD desk request. Scan the QR the desk shows.",
        ),
        R::UnknownDesk | R::BadCertificateSignature | R::CertificateValidityTooLong => {
            UserMessage::new(
                "Loket ini tidak terdaftar. Jangan bagikan data; laporkan ke petugas.",
                "This desk is not registered. Do not share; tell the staff.",
            )
        }
        R::CertificateNotYetValid | R::CertificateExpired => UserMessage::new(
            "Izin loket ini tidak berlaku hari ini. Jangan bagikan data; minta loket lain.",
            "This desk's permit is not valid today. Do not share; ask for another desk.",
        ),
        R::DeskRevoked => UserMessage::new(
            "Izin loket ini sudah dicabut. Jangan bagikan data.",
            "This desk's permit was withdrawn. Do not share.",
        ),
        R::RequestExpired => UserMessage::new(
            "Permintaan loket sudah kedaluwarsa. Minta petugas menampilkan QR baru.",
            "The desk's request expired. Ask the staff to show a new QR.",
        ),
        R::RequestFromTheFuture => UserMessage::new(
            "Jam ponsel atau loket salah. Atur tanggal dan jam ponsel, lalu pindai ulang.",
            "The phone's or the desk's clock is wrong. Set the date and time, then scan again.",
        ),
        R::ProfileNotAllowed => UserMessage::new(
            "Loket ini meminta data yang tidak boleh dimintanya. Jangan bagikan.",
            "This desk asks for data it may not ask for. Do not share.",
        ),
    }
}

fn pin_rule_text(rule: PinRuleError) -> UserMessage {
    match rule {
        PinRuleError::WrongLength => {
            UserMessage::new("PIN harus 6 angka.", "The PIN must be 6 digits.")
        }
        PinRuleError::NotDigits => UserMessage::new(
            "PIN hanya boleh berisi angka.",
            "The PIN may contain digits only.",
        ),
        PinRuleError::AllSameDigit => UserMessage::new(
            "PIN terlalu mudah ditebak (angka sama semua). Pilih PIN lain.",
            "That PIN is too easy to guess (one digit repeated). Choose another.",
        ),
        PinRuleError::Sequence => UserMessage::new(
            "PIN terlalu mudah ditebak (angka berurutan). Pilih PIN lain.",
            "That PIN is too easy to guess (a sequence). Choose another.",
        ),
        PinRuleError::BirthDate => UserMessage::new(
            "PIN tidak boleh tanggal lahir Anda. Pilih PIN lain.",
            "The PIN must not be your birth date. Choose another.",
        ),
        PinRuleError::Mismatch => UserMessage::new(
            "PIN kedua tidak sama. Masukkan PIN baru yang sama dua kali.",
            "The second PIN is different. Enter the same new PIN twice.",
        ),
    }
}

/// The message for an error, telling the citizen what to do next.
pub fn for_error(error: &CoreError) -> UserMessage {
    match error {
        CoreError::NotSetUp => UserMessage::new(
            "IKD belum diaktifkan di ponsel ini. Aktifkan di kantor Dukcapil.",
            "IKD is not activated on this phone. Activate it at a Dukcapil office.",
        ),
        CoreError::AlreadySetUp => UserMessage::new(
            "IKD sudah aktif di ponsel ini.",
            "IKD is already active on this phone.",
        ),
        CoreError::NeedsReactivation(reason) => reactivation_text(*reason),
        CoreError::WrongPin(state) => {
            let mut id = format!("PIN salah. Sisa percobaan: {}.", state.attempts_left);
            let mut en = format!("Wrong PIN. Tries left: {}.", state.attempts_left);
            if state.wait_seconds > 0 {
                let wait = wait_text(state.wait_seconds);
                id.push_str(&format!(" Coba lagi dalam {}.", wait.id));
                en.push_str(&format!(" Try again in {}.", wait.en));
            }
            UserMessage { id, en }
        }
        CoreError::LockedOut(state) => {
            let wait = wait_text(state.wait_seconds);
            UserMessage::new(
                format!("Terlalu banyak PIN salah. Coba lagi dalam {}.", wait.id),
                format!("Too many wrong PINs. Try again in {}.", wait.en),
            )
        }
        CoreError::PinRule(rule) => pin_rule_text(*rule),
        CoreError::DeviceMismatch => UserMessage::new(
            "Data IKD ini milik ponsel lain dan tidak bisa dibuka di sini. Aktifkan ulang IKD di ponsel ini.",
            "This ID data belongs to another phone and cannot be opened here. Activate IKD again on this phone.",
        ),
        CoreError::Keystore(KeystoreError::KeyNotFound) => UserMessage::new(
            "Kunci keamanan ponsel tidak ditemukan. Aktifkan ulang IKD.",
            "The phone's security key is missing. Activate IKD again.",
        ),
        // The wallet turns this into the erase of the tenth wrong PIN; the text is for any other
        // path that meets a used-up key.
        CoreError::Keystore(KeystoreError::LimitReached) => UserMessage::new(
            "Batas percobaan PIN yang dijaga perangkat keamanan ponsel sudah habis. Aktifkan ulang IKD.",
            "The PIN try limit kept by the phone's security hardware is used up. Activate IKD again.",
        ),
        CoreError::Keystore(KeystoreError::Unavailable { .. }) => UserMessage::new(
            "Penyimpanan kunci ponsel sedang tidak bisa dipakai. Mulai ulang ponsel lalu coba lagi.",
            "The phone's key storage is not available. Restart the phone and try again.",
        ),
        CoreError::Storage(StorageError::Full) => UserMessage::new(
            "Memori ponsel penuh. Hapus beberapa berkas lalu coba lagi; data Anda aman.",
            "The phone's storage is full. Free some space and try again; your data is safe.",
        ),
        CoreError::Storage(StorageError::Corrupt | StorageError::Tampered) => {
            reactivation_text(ReactivationReason::Corrupt)
        }
        CoreError::Storage(StorageError::NewerSchema) => UserMessage::new(
            "Data dibuat oleh versi aplikasi yang lebih baru. Perbarui aplikasi IKD.",
            "The data was made by a newer app version. Update the IKD app.",
        ),
        CoreError::Storage(_) => UserMessage::new(
            "Penyimpanan ponsel bermasalah. Mulai ulang aplikasi lalu coba lagi.",
            "The phone's storage had a problem. Restart the app and try again.",
        ),
        CoreError::SessionLocked => UserMessage::new(
            "IKD terkunci. Masukkan PIN untuk membuka.",
            "IKD is locked. Enter your PIN to open it.",
        ),
        CoreError::CredentialForAnotherDevice => UserMessage::new(
            "Dokumen ini diterbitkan untuk ponsel lain. Aktifkan ulang IKD di ponsel ini.",
            "This document was issued for another phone. Activate IKD again on this phone.",
        ),
        CoreError::DocumentNotFound => UserMessage::new(
            "Dokumen ini belum ada di IKD Anda. Perbarui dokumen saat tersambung internet.",
            "This document is not in your IKD yet. Refresh your documents when online.",
        ),
        CoreError::UntrustedList => UserMessage::new(
            "Daftar tepercaya dari server tidak sah. Coba lagi nanti.",
            "The trust list from the server is not valid. Try again later.",
        ),
        CoreError::NoTrustList => UserMessage::new(
            "Daftar tepercaya belum ada di IKD Anda. Perbarui dokumen saat tersambung internet.",
            "The trust list is not in your IKD yet. Refresh your documents when online.",
        ),
        CoreError::DeskRefused(refusal) => desk_refusal_text(*refusal),
        CoreError::DeskAsksForAnotherDocument(asked) => UserMessage::new(
            format!(
                "Loket ini meminta {}, bukan dokumen yang Anda buka. Buka dokumen itu lalu pindai lagi.",
                asked.label_id()
            ),
            format!(
                "This desk asks for {}, not the document you opened. Open that document and scan again.",
                asked.label_en()
            ),
        ),
        CoreError::QrTooLarge => UserMessage::new(
            "Data ini terlalu besar untuk satu QR. Pilih pilihan QR dengan data lebih sedikit.",
            "This is too much data for one QR. Choose a QR option with less data.",
        ),
        CoreError::ClockOutOfRange => UserMessage::new(
            "Jam ponsel salah. Atur tanggal dan jam ponsel, lalu coba lagi.",
            "The phone's clock is wrong. Set the date and time, then try again.",
        ),
        CoreError::Network(crate::issuer_client::NetworkError::Refused {
            message_id,
            message_en,
            ..
        }) => UserMessage::new(message_id.clone(), message_en.clone()),
        CoreError::Network(
            crate::issuer_client::NetworkError::Unreachable
            | crate::issuer_client::NetworkError::Timeout,
        ) => UserMessage::new(
            "Tidak tersambung ke server. Periksa internet lalu coba lagi. Dokumen dan QR tetap bisa dipakai tanpa internet.",
            "Cannot reach the server. Check the internet and try again. Documents and QR work without internet.",
        ),
        CoreError::Network(crate::issuer_client::NetworkError::BadResponse) => UserMessage::new(
            "Jawaban server tidak dikenali. Perbarui aplikasi IKD atau coba lagi nanti.",
            "The server's answer was not understood. Update the IKD app or try again later.",
        ),
        CoreError::InsecureServer => UserMessage::new(
            "Alamat server tidak aman. Pindai ulang QR aktivasi dari petugas.",
            "The server address is not secure. Scan the officer's activation QR again.",
        ),
        CoreError::InvalidActivationQr => UserMessage::new(
            "QR aktivasi tidak sah. Pindai QR di layar petugas Dukcapil.",
            "Invalid activation QR. Scan the QR on the Dukcapil officer's screen.",
        ),
        CoreError::InvalidNik(_) => UserMessage::new(
            "NIK tidak sah. Periksa 16 angka NIK di KTP Anda.",
            "Invalid NIK. Check the 16 digits of the NIK on your KTP.",
        ),
        CoreError::Biometric(failure) => biometric_text(failure),
        CoreError::NoRandomness | CoreError::MalformedRecord => UserMessage::new(
            "Terjadi kesalahan. Mulai ulang aplikasi lalu coba lagi.",
            "Something went wrong. Restart the app and try again.",
        ),
    }
}

/// What the PIN pad says when a fingerprint or face did not open the wallet: the PIN always
/// works, so every text ends there.
fn biometric_text(failure: &crate::biometric::BiometricError) -> UserMessage {
    use crate::biometric::BiometricError;
    match failure {
        BiometricError::Cancelled => UserMessage::new(
            "Masukkan PIN untuk membuka IKD.",
            "Enter your PIN to open IKD.",
        ),
        BiometricError::Invalidated | BiometricError::KeyNotFound => UserMessage::new(
            "Sidik jari atau wajah di ponsel ini berubah, jadi buka dengan sidik jari dimatikan. Masukkan PIN, lalu nyalakan lagi di Pengaturan.",
            "The fingerprints or faces on this phone changed, so biometric unlock was turned off. Enter your PIN, then turn it on again in Settings.",
        ),
        BiometricError::NotAvailable => UserMessage::new(
            "Sidik jari atau wajah tidak bisa dipakai sekarang. Masukkan PIN.",
            "Fingerprint or face cannot be used now. Enter your PIN.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockout::LockoutState;

    #[test]
    fn a_wrong_pin_message_says_tries_left_and_the_wait() {
        let state = LockoutState {
            failures: 5,
            attempts_left: 5,
            next_attempt_at: Some(60),
            wait_seconds: 60,
        };
        let message = for_error(&CoreError::WrongPin(state));
        assert_eq!(
            message.id,
            "PIN salah. Sisa percobaan: 5. Coba lagi dalam 1 menit."
        );
        assert_eq!(
            message.en,
            "Wrong PIN. Tries left: 5. Try again in 1 minute."
        );
    }

    #[test]
    fn waits_are_rounded_up_to_whole_minutes() {
        assert_eq!(wait_text(299).en, "5 minutes");
        assert_eq!(wait_text(59).id, "59 detik");
    }

    #[test]
    fn every_message_has_both_languages_and_tells_what_to_do() {
        let errors = [
            CoreError::NotSetUp,
            CoreError::DeviceMismatch,
            CoreError::NeedsReactivation(ReactivationReason::TooManyWrongPins),
            CoreError::Storage(StorageError::Full),
            CoreError::Storage(StorageError::Io),
            CoreError::SessionLocked,
            CoreError::PinRule(PinRuleError::BirthDate),
        ];
        for error in errors {
            let message = for_error(&error);
            assert!(!message.id.is_empty() && !message.en.is_empty());
            assert_ne!(message.id, message.en);
            assert!(message.id.ends_with('.') && message.en.ends_with('.'));
        }
    }
}
