//! Why a QR was refused, with what the desk officer should do about it.

/// A refused presentation. `code()` is stable (logs, statistics, localisation); the texts tell the
/// officer what to do next, in Bahasa Indonesia and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Not an IDQR payload, or damaged beyond reading.
    #[error("malformed QR")]
    Malformed,
    /// The image holds no readable QR code.
    #[error("no QR code found in the image")]
    NoQrInImage,
    /// Decryption failed: forged or corrupted.
    #[error("QR could not be decrypted")]
    Decryption,
    /// The credential's issuer key is not in the trust list (or not valid today).
    #[error("unknown issuer")]
    UnknownIssuer,
    /// The issuer signature does not verify: a claim was changed.
    #[error("issuer signature invalid")]
    BadIssuerSignature,
    /// The answer was not signed by the device the credential was issued to.
    #[error("device signature invalid")]
    BadDeviceSignature,
    /// A card answer's window is more than two windows old.
    #[error("QR expired")]
    FrameTooOld,
    /// A card answer's window is more than one window ahead.
    #[error("QR from the future")]
    FrameFromTheFuture,
    /// This answer (or, for a card, this device in this window) was already accepted here.
    #[error("QR already used")]
    Replayed,
    /// The credential is past its expiry date.
    #[error("credential expired")]
    CredentialExpired,
    /// The credential's issue date is in the future.
    #[error("credential not yet valid")]
    CredentialNotYetValid,
    /// The credential or the device was revoked.
    #[error("credential revoked")]
    Revoked,
    /// The desk's certificate is from no verifier authority of the trust list.
    #[error("unknown desk")]
    UnknownDesk,
    /// The authority's signature over the desk certificate does not verify.
    #[error("desk certificate signature invalid")]
    BadCertificateSignature,
    /// The desk certificate claims more than a year of validity.
    #[error("desk certificate validity too long")]
    CertificateValidityTooLong,
    /// The desk certificate is not valid yet.
    #[error("desk certificate not yet valid")]
    CertificateNotYetValid,
    /// The desk certificate is past its last day.
    #[error("desk certificate expired")]
    CertificateExpired,
    /// The desk was revoked by its authority.
    #[error("desk revoked")]
    DeskRevoked,
    /// The request this answers is past its lifetime.
    #[error("request expired")]
    RequestExpired,
    /// The request's time is ahead of this desk's clock.
    #[error("request from the future")]
    RequestFromTheFuture,
    /// The profile is not one this desk's certificate allows.
    #[error("profile not allowed for this desk")]
    ProfileNotAllowed,
    /// The answer is for a request this desk has not open (another desk's, or forgotten).
    #[error("answer to another request")]
    OtherRequest,
    /// The answer is addressed to another desk's card.
    #[error("answer for another desk")]
    OtherDesk,
    /// The answer carries another profile than the one asked for.
    #[error("wrong profile")]
    WrongProfile,
    /// The answer's signed time is outside its request's lifetime.
    #[error("answer time out of range")]
    BadAnswerTime,
    /// The replay store cannot record the answer (full or unwritable): refused, never accepted
    /// unrecorded.
    #[error("replay store unavailable")]
    ReplayStoreUnavailable,
    /// The operating system gave no randomness for a request.
    #[error("no randomness available")]
    NoRandomness,
}

impl From<ikd_protocol::desk::rules::DeskRefusal> for VerifyError {
    fn from(refusal: ikd_protocol::desk::rules::DeskRefusal) -> Self {
        use ikd_protocol::desk::rules::DeskRefusal as R;
        match refusal {
            R::Malformed => VerifyError::Malformed,
            R::UnknownDesk => VerifyError::UnknownDesk,
            R::BadCertificateSignature => VerifyError::BadCertificateSignature,
            R::CertificateValidityTooLong => VerifyError::CertificateValidityTooLong,
            R::CertificateNotYetValid => VerifyError::CertificateNotYetValid,
            R::CertificateExpired => VerifyError::CertificateExpired,
            R::DeskRevoked => VerifyError::DeskRevoked,
            R::RequestExpired => VerifyError::RequestExpired,
            R::RequestFromTheFuture => VerifyError::RequestFromTheFuture,
            R::ProfileNotAllowed => VerifyError::ProfileNotAllowed,
        }
    }
}

impl VerifyError {
    /// Every refusal, in declaration order (docs/qr-format.md lists each code).
    pub const ALL: [VerifyError; 27] = [
        VerifyError::Malformed,
        VerifyError::NoQrInImage,
        VerifyError::Decryption,
        VerifyError::UnknownIssuer,
        VerifyError::BadIssuerSignature,
        VerifyError::BadDeviceSignature,
        VerifyError::FrameTooOld,
        VerifyError::FrameFromTheFuture,
        VerifyError::Replayed,
        VerifyError::CredentialExpired,
        VerifyError::CredentialNotYetValid,
        VerifyError::Revoked,
        VerifyError::UnknownDesk,
        VerifyError::BadCertificateSignature,
        VerifyError::CertificateValidityTooLong,
        VerifyError::CertificateNotYetValid,
        VerifyError::CertificateExpired,
        VerifyError::DeskRevoked,
        VerifyError::RequestExpired,
        VerifyError::RequestFromTheFuture,
        VerifyError::ProfileNotAllowed,
        VerifyError::OtherRequest,
        VerifyError::OtherDesk,
        VerifyError::WrongProfile,
        VerifyError::BadAnswerTime,
        VerifyError::ReplayStoreUnavailable,
        VerifyError::NoRandomness,
    ];

    /// A stable machine-readable code.
    pub fn code(self) -> &'static str {
        match self {
            VerifyError::Malformed => "malformed",
            VerifyError::NoQrInImage => "no_qr_in_image",
            VerifyError::Decryption => "decryption_failed",
            VerifyError::UnknownIssuer => "unknown_issuer",
            VerifyError::BadIssuerSignature => "bad_issuer_signature",
            VerifyError::BadDeviceSignature => "bad_device_signature",
            VerifyError::FrameTooOld => "frame_too_old",
            VerifyError::FrameFromTheFuture => "frame_from_the_future",
            VerifyError::Replayed => "replayed",
            VerifyError::CredentialExpired => "credential_expired",
            VerifyError::CredentialNotYetValid => "credential_not_yet_valid",
            VerifyError::Revoked => "revoked",
            VerifyError::UnknownDesk => "unknown_desk",
            VerifyError::BadCertificateSignature => "bad_certificate_signature",
            VerifyError::CertificateValidityTooLong => "certificate_validity_too_long",
            VerifyError::CertificateNotYetValid => "certificate_not_yet_valid",
            VerifyError::CertificateExpired => "certificate_expired",
            VerifyError::DeskRevoked => "desk_revoked",
            VerifyError::RequestExpired => "request_expired",
            VerifyError::RequestFromTheFuture => "request_from_the_future",
            VerifyError::ProfileNotAllowed => "profile_not_allowed",
            VerifyError::OtherRequest => "other_request",
            VerifyError::OtherDesk => "other_desk",
            VerifyError::WrongProfile => "wrong_profile",
            VerifyError::BadAnswerTime => "bad_answer_time",
            VerifyError::ReplayStoreUnavailable => "replay_store_unavailable",
            VerifyError::NoRandomness => "no_randomness",
        }
    }

    /// What the officer should do, in Bahasa Indonesia.
    pub fn reason_id(self) -> &'static str {
        match self {
            VerifyError::Malformed | VerifyError::NoQrInImage => {
                "QR tidak terbaca. Minta warga menampilkan QR IKD lalu pindai ulang."
            }
            VerifyError::Decryption => "QR rusak atau palsu. Minta warga menampilkan QR baru.",
            VerifyError::UnknownIssuer => {
                "Penerbit tidak dikenal. Perbarui daftar tepercaya; jika tetap gagal, tolak."
            }
            VerifyError::BadIssuerSignature => "Data QR telah diubah. Tolak dan periksa KTP fisik.",
            VerifyError::BadDeviceSignature => {
                "QR tidak berasal dari ponsel pemilik. Tolak dan periksa KTP fisik."
            }
            VerifyError::FrameTooOld => "QR kedaluwarsa. Minta warga menampilkan QR baru.",
            VerifyError::FrameFromTheFuture => {
                "Jam ponsel warga atau loket salah. Periksa jam lalu pindai ulang."
            }
            VerifyError::Replayed => {
                "QR sudah dipakai. Minta warga menampilkan QR baru lalu pindai ulang."
            }
            VerifyError::CredentialExpired => {
                "Dokumen kedaluwarsa. Minta warga memperbarui dokumen di aplikasi IKD."
            }
            VerifyError::CredentialNotYetValid => "Dokumen belum berlaku. Periksa jam loket.",
            VerifyError::Revoked => "Dokumen atau ponsel ini sudah dicabut. Tolak.",
            VerifyError::UnknownDesk | VerifyError::BadCertificateSignature => {
                "Sertifikat loket ini tidak dikenal. Hubungi pengelola loket."
            }
            VerifyError::CertificateValidityTooLong | VerifyError::CertificateNotYetValid => {
                "Sertifikat loket tidak sah. Periksa jam loket atau minta sertifikat baru."
            }
            VerifyError::CertificateExpired => {
                "Sertifikat loket kedaluwarsa. Minta sertifikat baru ke otoritas verifikator."
            }
            VerifyError::DeskRevoked => "Loket ini sudah dicabut. Hubungi otoritas verifikator.",
            VerifyError::RequestExpired => {
                "Permintaan kedaluwarsa. Tampilkan permintaan baru lalu minta warga memindai ulang."
            }
            VerifyError::RequestFromTheFuture => "Jam loket salah. Periksa jam lalu ulangi.",
            VerifyError::ProfileNotAllowed => {
                "Loket ini tidak boleh meminta data tersebut. Pilih jenis data lain."
            }
            VerifyError::OtherRequest => {
                "QR ini menjawab permintaan lain. Tampilkan permintaan baru lalu pindai ulang."
            }
            VerifyError::OtherDesk => "QR ini untuk loket lain. Tolak.",
            VerifyError::WrongProfile => {
                "Data yang dikirim bukan yang diminta. Minta warga memindai permintaan lagi."
            }
            VerifyError::BadAnswerTime => "Jam ponsel warga salah. Minta warga memeriksa jam.",
            VerifyError::ReplayStoreUnavailable => {
                "Penyimpanan loket penuh atau rusak. Hubungi pengelola loket; jangan terima dulu."
            }
            VerifyError::NoRandomness => "Loket tidak bisa membuat kunci. Mulai ulang loket.",
        }
    }

    /// What the officer should do, in English.
    pub fn reason_en(self) -> &'static str {
        match self {
            VerifyError::Malformed | VerifyError::NoQrInImage => {
                "Unreadable QR. Ask the citizen to show the IKD QR and scan again."
            }
            VerifyError::Decryption => "Damaged or forged QR. Ask for a fresh QR.",
            VerifyError::UnknownIssuer => {
                "Unknown issuer. Update the trust list; if it still fails, refuse."
            }
            VerifyError::BadIssuerSignature => {
                "The QR data was altered. Refuse and check the physical ID card."
            }
            VerifyError::BadDeviceSignature => {
                "The QR does not come from the holder's phone. Refuse and check the physical ID."
            }
            VerifyError::FrameTooOld => "QR expired. Ask the citizen to show a fresh QR.",
            VerifyError::FrameFromTheFuture => {
                "The citizen's or the desk's clock is wrong. Check the clock and scan again."
            }
            VerifyError::Replayed => {
                "QR already used. Ask the citizen for a new QR and scan again."
            }
            VerifyError::CredentialExpired => {
                "Document expired. Ask the citizen to refresh documents in the IKD app."
            }
            VerifyError::CredentialNotYetValid => "Document not valid yet. Check the desk's clock.",
            VerifyError::Revoked => "This document or phone was revoked. Refuse.",
            VerifyError::UnknownDesk | VerifyError::BadCertificateSignature => {
                "This desk's certificate is not recognised. Contact the desk's administrator."
            }
            VerifyError::CertificateValidityTooLong | VerifyError::CertificateNotYetValid => {
                "The desk certificate is not valid. Check the desk's clock or get a new one."
            }
            VerifyError::CertificateExpired => {
                "The desk certificate expired. Get a new one from the verifier authority."
            }
            VerifyError::DeskRevoked => "This desk was revoked. Contact the verifier authority.",
            VerifyError::RequestExpired => {
                "The request expired. Show a new request and ask the citizen to scan again."
            }
            VerifyError::RequestFromTheFuture => "The desk's clock is wrong. Check it and retry.",
            VerifyError::ProfileNotAllowed => {
                "This desk may not ask for that data. Choose another kind of data."
            }
            VerifyError::OtherRequest => {
                "This QR answers another request. Show a new request and scan again."
            }
            VerifyError::OtherDesk => "This QR is for another desk. Refuse.",
            VerifyError::WrongProfile => {
                "The data sent is not what was asked for. Ask the citizen to scan the request again."
            }
            VerifyError::BadAnswerTime => {
                "The citizen's phone clock is wrong. Ask them to check it."
            }
            VerifyError::ReplayStoreUnavailable => {
                "The desk's storage is full or damaged. Contact the administrator; accept nothing yet."
            }
            VerifyError::NoRandomness => "The desk cannot make keys. Restart the desk.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_its_own_code_and_both_texts() {
        let codes: std::collections::HashSet<_> =
            VerifyError::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), VerifyError::ALL.len());
        for e in VerifyError::ALL {
            assert!(!e.reason_id().is_empty() && !e.reason_en().is_empty());
        }
    }
}
