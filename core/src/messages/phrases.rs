//! The screens' own words (titles, buttons, prompts, hints), in Bahasa Indonesia and English.
//! Fixed phrases are a [`Phrase`]; phrases with a number or a name are functions below.

use super::{UserMessage, wait_text};

/// A fixed phrase of the app's screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    /// The first question, in both languages at once.
    ChooseLanguage,
    /// "Bahasa Indonesia", in its own language.
    LanguageIndonesian,
    /// "English", in its own language.
    LanguageEnglish,
    /// Title of the first-start screen.
    TitleWelcome,
    /// Title of activation.
    TitleActivation,
    /// Title of the PIN pad that opens the wallet.
    TitleUnlock,
    /// Title of the home screen.
    TitleHome,
    /// Title of the screen that reads the desk's request.
    TitleDeskScan,
    /// Title of the consent screen.
    TitleConsent,
    /// Title of the answer QR screen.
    TitleAnswer,
    /// Title of the change-PIN screen.
    TitleChangePin,
    /// Title of settings.
    TitleSettings,
    /// Title of the reset confirmation.
    TitleReset,
    /// Title of the re-activation screen.
    TitleReactivation,
    /// Title of the failure screen.
    TitleFailed,
    /// Scan step: what to do.
    ScanInstructions,
    /// Scan step after an activation a crash interrupted.
    ScanInstructionsResume,
    /// The scan button.
    ScanButton,
    /// Label of the field for pasted QR text.
    PastedQrLabel,
    /// Placeholder of that field.
    PastedQrPlaceholder,
    /// What the camera looks for.
    ScannerPrompt,
    /// The app may not use the camera: what to do instead.
    CameraDenied,
    /// The phone has no camera the app can open: what to do instead.
    CameraMissing,
    /// NIK step: what to do.
    NikInstructions,
    /// Label of the NIK field.
    NikLabel,
    /// Code step: what to do.
    CodeInstructions,
    /// Label of the code field.
    CodeLabel,
    /// New-PIN step of activation: what to do.
    NewPinInstructions,
    /// Confirmation step of activation: what to do.
    ConfirmPinInstructions,
    /// The main button.
    Continue,
    /// A cancel button.
    Cancel,
    /// The back arrow.
    Back,
    /// The banner's close button.
    Close,
    /// The PIN pad's prompt on unlock.
    EnterPin,
    /// The PIN pad's prompt for the current PIN (change PIN).
    EnterCurrentPin,
    /// The PIN pad's prompt for a new PIN.
    EnterNewPin,
    /// The PIN pad's prompt for the new PIN again.
    EnterNewPinAgain,
    /// The erase key.
    EraseKey,
    /// Busy: checking the PIN.
    BusyCheckingPin,
    /// Busy: activating.
    BusyActivating,
    /// Busy: changing the PIN.
    BusyChangingPin,
    /// Busy: fetching documents.
    BusyRefreshing,
    /// A card whose document the wallet does not hold yet.
    NotYetAvailable,
    /// The settings button.
    SettingsButton,
    /// The lock button.
    LockButton,
    /// The KTP's title.
    DocumentKtp,
    /// The KK's title.
    DocumentFamilyCard,
    /// The vaccine certificate's title.
    DocumentVaccine,
    /// The BPJS card's title.
    DocumentBpjs,
    /// The document screen's button that starts the desk-first flow.
    ShowAtDesk,
    /// Under that button: the desk asks first.
    ShowAtDeskHint,
    /// Desk scan: what to do.
    DeskScanInstructions,
    /// Desk scan: the camera button.
    DeskScanButton,
    /// What the camera looks for on the desk scan.
    DeskScannerPrompt,
    /// Label of the field for a pasted desk request.
    PastedRequestLabel,
    /// Placeholder of that field.
    PastedRequestPlaceholder,
    /// Consent: heading over who asks.
    ConsentWhoAsks,
    /// Consent: heading over the fields.
    ConsentFieldsHeading,
    /// Consent: a printed desk card (no screen at the desk).
    PrintedCardNote,
    /// Consent: the share button.
    ShareButton,
    /// Consent: the decline button.
    DeclineButton,
    /// Answer: the done button.
    DoneButton,
    /// Banner: the citizen declined.
    NothingShared,
    /// Banner: the answer's time ran out.
    AnswerExpired,
    /// Caption of the KK member table.
    FamilyMembers,
    /// Member table column: name.
    ColumnName,
    /// Member table column: NIK.
    ColumnNik,
    /// Member table column: relation to the head of family.
    ColumnRelation,
    /// Member table column: birth date.
    ColumnBirthDate,
    /// Member table column: sex.
    ColumnSex,
    /// Under the answer QR: show it to this desk, do not share it.
    AnswerHint,
    /// Settings: language heading.
    LanguageHeading,
    /// Settings: auto-lock heading.
    AutoLockHeading,
    /// Settings: change PIN.
    ChangePinButton,
    /// Settings: update documents.
    RefreshButton,
    /// Settings: remove from this phone.
    ResetButton,
    /// The reset confirmation's text.
    ResetWarning,
    /// The reset confirmation's button.
    ResetConfirm,
    /// Re-activation: the button.
    ActivateAgainButton,
    /// Failure: the button.
    RetryButton,
    /// Banner: the PIN was changed.
    PinChanged,
    /// Banner: documents were updated.
    DocumentsRefreshed,
    /// Banner: a screenshot was taken.
    ScreenshotWarning,
    /// Banner: locked after inactivity.
    LockedForInactivity,
    /// Banner: the session's absolute lifetime ended.
    SessionEnded,
    /// Banner: a bug was caught; the app carries on.
    SomethingWentWrong,
    /// Notification title: the PIN may be tried again.
    PinWaitOverTitle,
    /// Notification text: the PIN may be tried again.
    PinWaitOverBody,
    /// Title of the history (Riwayat) screen.
    TitleHistory,
    /// Home: opens the history.
    HistoryButton,
    /// History: nothing was shown yet (or everything was deleted).
    HistoryEmpty,
    /// History: deletes one entry.
    HistoryDeleteEntry,
    /// History: deletes every entry (asks first).
    HistoryClearButton,
    /// Title of the confirmation before the whole history is deleted.
    TitleClearHistory,
    /// The confirmation's text.
    HistoryClearWarning,
    /// The confirmation's button.
    HistoryClearConfirm,
    /// Banner: one entry was deleted.
    HistoryEntryDeleted,
    /// Banner: the whole history was deleted.
    HistoryCleared,
    /// Unlock screen: opens with a fingerprint or face.
    BiometricUnlockButton,
    /// Settings: the biometric unlock switch.
    BiometricSwitch,
    /// The platform prompt's title.
    BiometricPromptTitle,
    /// The platform prompt's line under the title.
    BiometricPromptSubtitle,
    /// The platform prompt's cancel button (the PIN pad stays).
    BiometricPromptCancel,
    /// Spinner while the platform prompt is up.
    BusyBiometric,
    /// Banner: biometric unlock is on.
    BiometricEnabled,
    /// Banner: biometric unlock is off.
    BiometricDisabled,
}

/// The text of a fixed phrase.
pub fn phrase(phrase: Phrase) -> UserMessage {
    let (id, en) = match phrase {
        Phrase::ChooseLanguage => (
            "Pilih bahasa / Choose a language",
            "Pilih bahasa / Choose a language",
        ),
        Phrase::LanguageIndonesian => ("Bahasa Indonesia", "Bahasa Indonesia"),
        Phrase::LanguageEnglish => ("English", "English"),
        Phrase::TitleWelcome => ("Selamat datang di IKD", "Welcome to IKD"),
        Phrase::TitleActivation => ("Aktivasi IKD", "Activate IKD"),
        Phrase::TitleUnlock => ("Buka IKD", "Open IKD"),
        Phrase::TitleHome => ("Dokumen saya", "My documents"),
        Phrase::TitleDeskScan => ("Pindai QR loket", "Scan the desk's QR"),
        Phrase::TitleConsent => ("Permintaan data", "Data request"),
        Phrase::TitleAnswer => ("Tunjukkan ke petugas", "Show at the desk"),
        Phrase::TitleChangePin => ("Ganti PIN", "Change PIN"),
        Phrase::TitleSettings => ("Pengaturan", "Settings"),
        Phrase::TitleReset => ("Hapus IKD dari ponsel", "Remove IKD from this phone"),
        Phrase::TitleReactivation => ("Aktifkan ulang IKD", "Activate IKD again"),
        Phrase::TitleFailed => ("IKD tidak bisa dibuka", "IKD cannot be opened"),
        Phrase::ScanInstructions => (
            "Pindai QR di layar petugas Dukcapil, atau tempel teksnya di bawah.",
            "Scan the QR on the Dukcapil officer's screen, or paste its text below.",
        ),
        Phrase::ScanInstructionsResume => (
            "Aktivasi sebelumnya belum selesai. Pindai QR yang sama dan pakai PIN yang sama untuk melanjutkan.",
            "The last activation did not finish. Scan the same QR and use the same PIN to carry on.",
        ),
        Phrase::ScanButton => ("Pindai QR petugas", "Scan the officer's QR"),
        Phrase::PastedQrLabel => ("Teks QR aktivasi", "Activation QR text"),
        Phrase::PastedQrPlaceholder => ("Tempel teks QR di sini", "Paste the QR text here"),
        Phrase::ScannerPrompt => (
            "Arahkan kamera ke QR di layar petugas.",
            "Point the camera at the QR on the officer's screen.",
        ),
        Phrase::CameraDenied => (
            "Kamera tidak diizinkan. Izinkan kamera untuk IKD di Pengaturan ponsel, atau tempel teks kode QR di kolom di bawah.",
            "The camera is not allowed. Allow the camera for IKD in the phone's Settings, or paste the QR code's text in the field below.",
        ),
        Phrase::CameraMissing => (
            "Kamera tidak dapat dibuka. Tutup aplikasi lain yang memakai kamera, atau tempel teks kode QR di kolom di bawah.",
            "The camera cannot be opened. Close other apps that use the camera, or paste the QR code's text in the field below.",
        ),
        Phrase::NikInstructions => (
            "Masukkan 16 angka NIK di KTP Anda.",
            "Enter the 16 digits of the NIK on your KTP.",
        ),
        Phrase::NikLabel => ("NIK", "NIK"),
        Phrase::CodeInstructions => (
            "Masukkan kode aktivasi dari e-mail Dukcapil.",
            "Enter the activation code from the Dukcapil e-mail.",
        ),
        Phrase::CodeLabel => ("Kode aktivasi", "Activation code"),
        Phrase::NewPinInstructions => (
            "Buat PIN 6 angka. Jangan pakai tanggal lahir atau angka berurutan.",
            "Choose a 6-digit PIN. Do not use your birth date or a sequence.",
        ),
        Phrase::ConfirmPinInstructions => (
            "Masukkan PIN yang sama sekali lagi.",
            "Enter the same PIN once more.",
        ),
        Phrase::Continue => ("Lanjut", "Continue"),
        Phrase::Cancel => ("Batal", "Cancel"),
        Phrase::Back => ("Kembali", "Back"),
        Phrase::Close => ("Tutup", "Close"),
        Phrase::EnterPin => ("Masukkan PIN Anda", "Enter your PIN"),
        Phrase::EnterCurrentPin => ("Masukkan PIN lama", "Enter your current PIN"),
        Phrase::EnterNewPin => ("Masukkan PIN baru", "Enter a new PIN"),
        Phrase::EnterNewPinAgain => ("Masukkan PIN baru sekali lagi", "Enter the new PIN again"),
        Phrase::EraseKey => ("Hapus satu angka", "Delete one digit"),
        Phrase::BusyCheckingPin => ("Memeriksa PIN…", "Checking the PIN…"),
        Phrase::BusyActivating => ("Mengaktifkan IKD…", "Activating IKD…"),
        Phrase::BusyChangingPin => ("Mengganti PIN…", "Changing the PIN…"),
        Phrase::BusyRefreshing => ("Memperbarui dokumen…", "Updating documents…"),
        Phrase::NotYetAvailable => ("Belum tersedia", "Not available yet"),
        Phrase::SettingsButton => ("Pengaturan", "Settings"),
        Phrase::LockButton => ("Kunci", "Lock"),
        Phrase::DocumentKtp => ("KTP", "ID card (KTP)"),
        Phrase::DocumentFamilyCard => ("Kartu Keluarga", "Family card (KK)"),
        Phrase::DocumentVaccine => ("Sertifikat Vaksin", "Vaccine certificate"),
        Phrase::DocumentBpjs => ("Kartu BPJS Kesehatan", "BPJS health card"),
        Phrase::ShowAtDesk => ("Tunjukkan ke petugas", "Show at a desk"),
        Phrase::ShowAtDeskHint => (
            "Loket menampilkan QR permintaan dulu; Anda melihat siapa yang meminta dan data apa saja sebelum membagikan.",
            "The desk shows its request QR first; you see who asks and for what before you share.",
        ),
        Phrase::DeskScanInstructions => (
            "Minta petugas menampilkan QR permintaan loket, lalu pindai. Atau tempel teksnya di bawah.",
            "Ask the staff to show the desk's request QR, then scan it. Or paste its text below.",
        ),
        Phrase::DeskScanButton => ("Pindai QR loket", "Scan the desk's QR"),
        Phrase::DeskScannerPrompt => (
            "Arahkan kamera ke QR permintaan di layar atau kartu loket.",
            "Point the camera at the request QR on the desk's screen or card.",
        ),
        Phrase::PastedRequestLabel => ("Teks QR loket", "Desk QR text"),
        Phrase::PastedRequestPlaceholder => ("Tempel teks QR di sini", "Paste the QR text here"),
        Phrase::ConsentWhoAsks => ("Yang meminta", "Who asks"),
        Phrase::ConsentFieldsHeading => ("Data yang akan dibagikan", "What will be shared"),
        Phrase::PrintedCardNote => (
            "Ini kartu loket cetak: jawaban Anda berlaku beberapa menit untuk loket ini saja.",
            "This is a printed desk card: your answer is valid for a few minutes, for this desk only.",
        ),
        Phrase::ShareButton => ("Bagikan", "Share"),
        Phrase::DeclineButton => ("Tolak", "Decline"),
        Phrase::DoneButton => ("Selesai", "Done"),
        Phrase::NothingShared => ("Tidak ada data yang dibagikan.", "Nothing was shared."),
        Phrase::AnswerExpired => (
            "Waktu QR jawaban habis. Bila loket masih perlu, pindai permintaan barunya.",
            "The answer QR's time is up. If the desk still needs it, scan its new request.",
        ),
        Phrase::FamilyMembers => ("Anggota keluarga", "Family members"),
        Phrase::ColumnName => ("Nama", "Name"),
        Phrase::ColumnNik => ("NIK", "NIK"),
        Phrase::ColumnRelation => ("Hubungan", "Relation"),
        Phrase::ColumnBirthDate => ("Tanggal lahir", "Date of birth"),
        Phrase::ColumnSex => ("Jenis kelamin", "Sex"),
        Phrase::AnswerHint => (
            "Tunjukkan ke petugas loket ini. Hanya loket ini yang bisa membacanya, satu kali. Jangan difoto atau dibagikan.",
            "Show it to this desk's staff. Only this desk can read it, once. Do not photograph or share it.",
        ),
        Phrase::LanguageHeading => ("Bahasa", "Language"),
        Phrase::AutoLockHeading => ("Kunci otomatis", "Auto-lock"),
        Phrase::ChangePinButton => ("Ganti PIN", "Change PIN"),
        Phrase::RefreshButton => ("Perbarui dokumen", "Update documents"),
        Phrase::ResetButton => ("Hapus IKD dari ponsel ini", "Remove IKD from this phone"),
        Phrase::ResetWarning => (
            "Semua data IKD di ponsel ini akan dihapus. Untuk memakai IKD lagi, aktifkan ulang di kantor Dukcapil.",
            "All IKD data on this phone will be deleted. To use IKD again, activate it at a Dukcapil office.",
        ),
        Phrase::ResetConfirm => ("Hapus", "Delete"),
        Phrase::ActivateAgainButton => ("Aktifkan ulang", "Activate again"),
        Phrase::RetryButton => ("Coba lagi", "Try again"),
        Phrase::PinChanged => ("PIN sudah diganti.", "The PIN was changed."),
        Phrase::DocumentsRefreshed => ("Dokumen sudah diperbarui.", "Documents updated."),
        Phrase::ScreenshotWarning => (
            "Tangkapan layar terdeteksi. QR sudah diganti; jangan bagikan gambarnya.",
            "A screenshot was taken. The QR was replaced; do not share the picture.",
        ),
        Phrase::LockedForInactivity => (
            "IKD terkunci karena tidak dipakai. Masukkan PIN untuk membuka.",
            "IKD locked after a while unused. Enter your PIN to open it.",
        ),
        Phrase::SessionEnded => (
            "IKD terkunci demi keamanan. Masukkan PIN untuk membuka lagi.",
            "IKD locked for your safety. Enter your PIN to open it again.",
        ),
        Phrase::SomethingWentWrong => (
            "Terjadi kesalahan. Coba lagi.",
            "Something went wrong. Try again.",
        ),
        Phrase::PinWaitOverTitle => ("IKD", "IKD"),
        Phrase::PinWaitOverBody => (
            "Anda bisa mencoba PIN lagi sekarang.",
            "You can try your PIN again now.",
        ),
        Phrase::TitleHistory => ("Riwayat", "History"),
        Phrase::HistoryButton => ("Riwayat", "History"),
        Phrase::HistoryEmpty => (
            "Belum ada data yang dibagikan. Setiap kali Anda menunjukkan dokumen ke loket, catatannya muncul di sini.",
            "Nothing has been shared yet. Each time you show a document at a desk, it is listed here.",
        ),
        Phrase::HistoryDeleteEntry => ("Hapus", "Delete"),
        Phrase::HistoryClearButton => ("Hapus semua riwayat", "Delete all history"),
        Phrase::TitleClearHistory => ("Hapus semua riwayat?", "Delete all history?"),
        Phrase::HistoryClearWarning => (
            "Semua catatan riwayat dihapus dari ponsel ini. Dokumen Anda tidak terhapus.",
            "Every history entry is deleted from this phone. Your documents stay.",
        ),
        Phrase::HistoryClearConfirm => ("Hapus semua", "Delete all"),
        Phrase::HistoryEntryDeleted => ("Catatan riwayat dihapus.", "History entry deleted."),
        Phrase::HistoryCleared => ("Riwayat dihapus.", "History deleted."),
        Phrase::BiometricUnlockButton => ("Pakai sidik jari", "Use fingerprint"),
        Phrase::BiometricSwitch => (
            "Buka dengan sidik jari atau wajah",
            "Unlock with fingerprint or face",
        ),
        Phrase::BiometricPromptTitle => ("Buka IKD", "Open IKD"),
        Phrase::BiometricPromptSubtitle => (
            "Pakai sidik jari atau wajah Anda",
            "Use your fingerprint or face",
        ),
        Phrase::BiometricPromptCancel => ("Pakai PIN", "Use PIN"),
        Phrase::BusyBiometric => ("Menunggu sidik jari…", "Waiting for your fingerprint…"),
        Phrase::BiometricEnabled => (
            "Buka dengan sidik jari aktif. PIN tetap bisa dipakai.",
            "Fingerprint unlock is on. Your PIN still works.",
        ),
        Phrase::BiometricDisabled => ("Buka dengan sidik jari mati.", "Fingerprint unlock is off."),
    };
    UserMessage::new(id, en)
}

/// "Langkah 2 dari 5" / "Step 2 of 5".
pub fn step_of(step: u32, steps: u32) -> UserMessage {
    UserMessage::new(
        format!("Langkah {step} dari {steps}"),
        format!("Step {step} of {steps}"),
    )
}

/// "Server: host".
pub fn server(host: &str) -> UserMessage {
    UserMessage::new(format!("Server: {host}"), format!("Server: {host}"))
}

/// The PIN dots for a screen reader.
pub fn dots_filled(filled: u32, length: u32) -> UserMessage {
    UserMessage::new(
        format!("{filled} dari {length} angka diisi"),
        format!("{filled} of {length} digits entered"),
    )
}

/// Tries left before the wallet erases itself.
pub fn tries_left(attempts: u32) -> UserMessage {
    UserMessage::new(
        format!("Sisa percobaan: {attempts}"),
        format!("Tries left: {attempts}"),
    )
}

/// The lockout wait, counting down.
pub fn try_again_in(seconds: u64) -> UserMessage {
    let wait = wait_text(seconds);
    UserMessage::new(
        format!("Coba lagi dalam {}", wait.id),
        format!("Try again in {}", wait.en),
    )
}

/// The home screen's greeting.
pub fn greeting(name: &str) -> UserMessage {
    UserMessage::new(format!("Halo, {name}"), format!("Hello, {name}"))
}

/// A card's screen-reader label.
pub fn open_document(title: &str, holder: &str) -> UserMessage {
    UserMessage::new(
        format!("Buka {title}, {holder}"),
        format!("Open {title}, {holder}"),
    )
}

/// When a history entry happened, in the phone's local time: "15-01-2027 16.20" (the
/// Indonesian way, a dot between hours and minutes) / "15-01-2027 16:20".
pub fn local_date_time(unix: i64, utc_offset_seconds: i32) -> UserMessage {
    let local = unix.saturating_add(i64::from(utc_offset_seconds));
    let date = ikd_protocol::civil_date::CivilDate::from_unix(local)
        .map_or_else(String::new, |d| d.to_string());
    let minutes = local.rem_euclid(86_400) / 60;
    let (hour, minute) = (minutes / 60, minutes % 60);
    UserMessage::new(
        format!("{date} {hour:02}.{minute:02}"),
        format!("{date} {hour:02}:{minute:02}"),
    )
}

/// One history entry for a screen reader: when, to whom, what.
pub fn history_entry_description(
    when: &UserMessage,
    institution: &str,
    desk: &str,
    profile: &UserMessage,
    fields: &UserMessage,
) -> UserMessage {
    UserMessage::new(
        format!(
            "{}, {institution}, {desk}: {} ({})",
            when.id, profile.id, fields.id
        ),
        format!(
            "{}, {institution}, {desk}: {} ({})",
            when.en, profile.en, fields.en
        ),
    )
}

/// A document's last valid day ("Berlaku sampai 15-01-2028").
pub fn valid_until(expires: ikd_protocol::civil_date::CivilDate) -> UserMessage {
    UserMessage::new(
        format!("Berlaku sampai {expires}"),
        format!("Valid until {expires}"),
    )
}

/// A reminder notification's title: the documents expire soon.
pub fn reminder_title(days_before: i32) -> UserMessage {
    UserMessage::new(
        format!("Dokumen IKD berakhir dalam {days_before} hari"),
        format!("IKD documents expire in {days_before} days"),
    )
}

/// A reminder notification's text: when, and what to do (connect; the app refreshes itself).
pub fn reminder_body(expires: ikd_protocol::civil_date::CivilDate) -> UserMessage {
    UserMessage::new(
        format!(
            "Berlaku sampai {expires}. Buka IKD saat terhubung ke internet untuk memperbarui dokumen."
        ),
        format!("Valid until {expires}. Open IKD while online to update your documents."),
    )
}

/// Whom the answer is for.
pub fn for_desk(name: &str) -> UserMessage {
    UserMessage::new(format!("Untuk: {name}"), format!("For: {name}"))
}

/// The consent question: who asks for which profile.
pub fn desk_asks_for(institution: &str, profile_id: &str, profile_en: &str) -> UserMessage {
    UserMessage::new(
        format!("{institution} meminta {profile_id}"),
        format!("{institution} asks for {profile_en}"),
    )
}

/// The desk and its kind, under the institution.
pub fn desk_and_sector(desk: &str, sector_id: &str, sector_en: &str) -> UserMessage {
    UserMessage::new(
        format!("{desk} · {sector_id}"),
        format!("{desk} · {sector_en}"),
    )
}

/// How long the desk's request can still be answered.
pub fn request_valid_for(seconds: u64) -> UserMessage {
    let wait = wait_text(seconds);
    UserMessage::new(
        format!("Permintaan berlaku {} lagi", wait.id),
        format!("The request is valid for {} more", wait.en),
    )
}

/// The answer QR's countdown.
pub fn answer_valid_for(seconds: u64) -> UserMessage {
    let wait = wait_text(seconds);
    UserMessage::new(
        format!("QR berlaku {} lagi", wait.id),
        format!("The QR is valid for {} more", wait.en),
    )
}

/// The answer QR's screen-reader label.
pub fn answer_description(profile_id: &str, profile_en: &str, desk: &str) -> UserMessage {
    UserMessage::new(
        format!("Kode QR jawaban, {profile_id}, untuk {desk}"),
        format!("Answer QR code, {profile_en}, for {desk}"),
    )
}

/// One member row for a screen reader.
pub fn member_row(name: &str, relation: &UserMessage, nik: &str, birth: &str) -> UserMessage {
    UserMessage::new(
        format!("{name}, {}, NIK {nik}, lahir {birth}", relation.id),
        format!("{name}, {}, NIK {nik}, born {birth}", relation.en),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdowns_read_as_a_person_says_them() {
        assert_eq!(try_again_in(45).id, "Coba lagi dalam 45 detik");
        assert_eq!(answer_valid_for(60).en, "The QR is valid for 1 minute more");
        assert_eq!(dots_filled(2, 6).en, "2 of 6 digits entered");
    }

    #[test]
    fn every_screen_phrase_has_both_languages() {
        for p in [
            Phrase::TitleHome,
            Phrase::ScanInstructions,
            Phrase::ResetWarning,
            Phrase::CameraDenied,
            Phrase::CameraMissing,
        ] {
            let text = phrase(p);
            assert!(!text.id.is_empty() && !text.en.is_empty());
            assert_ne!(text.id, text.en);
        }
    }
}
