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
    /// The frame is encrypted to another verifier key.
    #[error("QR for another verifier")]
    OtherVerifier,
    /// Decryption failed: forged or corrupted.
    #[error("QR could not be decrypted")]
    Decryption,
    /// The credential's issuer key is not in the trust list (or not valid today).
    #[error("unknown issuer")]
    UnknownIssuer,
    /// The issuer signature does not verify: a claim was changed.
    #[error("issuer signature invalid")]
    BadIssuerSignature,
    /// The frame was not signed by the device the credential was issued to.
    #[error("device signature invalid")]
    BadDeviceSignature,
    /// The frame is older than two windows.
    #[error("QR expired")]
    FrameTooOld,
    /// The frame is more than one window in the future.
    #[error("QR from the future")]
    FrameFromTheFuture,
    /// This device already showed a frame of this window here.
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
}

impl VerifyError {
    /// A stable machine-readable code.
    pub fn code(self) -> &'static str {
        match self {
            VerifyError::Malformed => "malformed",
            VerifyError::NoQrInImage => "no_qr_in_image",
            VerifyError::OtherVerifier => "other_verifier",
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
        }
    }

    /// What the officer should do, in Bahasa Indonesia.
    pub fn reason_id(self) -> &'static str {
        match self {
            VerifyError::Malformed | VerifyError::NoQrInImage => {
                "QR tidak terbaca. Minta warga menampilkan QR IKD lalu pindai ulang."
            }
            VerifyError::OtherVerifier => {
                "QR ini untuk loket lain. Minta warga memilih loket ini di aplikasi IKD."
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
                "QR sudah dipakai. Tunggu QR berikutnya (paling lama 30 detik) lalu pindai ulang."
            }
            VerifyError::CredentialExpired => {
                "Dokumen kedaluwarsa. Minta warga memperbarui dokumen di aplikasi IKD."
            }
            VerifyError::CredentialNotYetValid => "Dokumen belum berlaku. Periksa jam loket.",
            VerifyError::Revoked => "Dokumen atau ponsel ini sudah dicabut. Tolak.",
        }
    }

    /// What the officer should do, in English.
    pub fn reason_en(self) -> &'static str {
        match self {
            VerifyError::Malformed | VerifyError::NoQrInImage => {
                "Unreadable QR. Ask the citizen to show the IKD QR and scan again."
            }
            VerifyError::OtherVerifier => {
                "This QR is for another desk. Ask the citizen to choose this desk in the IKD app."
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
                "QR already used. Wait for the next QR (at most 30 seconds) and scan again."
            }
            VerifyError::CredentialExpired => {
                "Document expired. Ask the citizen to refresh documents in the IKD app."
            }
            VerifyError::CredentialNotYetValid => "Document not valid yet. Check the desk's clock.",
            VerifyError::Revoked => "This document or phone was revoked. Refuse.",
        }
    }
}
