//! The desk-first flow: a desk proves who it is with a certificate from a verifier authority,
//! asks for one profile, and the wallet answers that request only (docs/qr-format.md is
//! normative).
//!
//! - [`certificate`]: the desk certificate and the verifier authority's key id;
//! - [`request`]: the desk's request QR and the printed desk card;
//! - [`answer`]: the wallet's encrypted, device-signed answer;
//! - [`revocation`]: the signed list of revoked desks;
//! - [`rules`]: the checks the wallet and the desk both apply, with their reason codes.

pub mod answer;
pub mod certificate;
pub mod request;
pub mod revocation;
pub mod rules;

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;

use std::borrow::Cow;

use crate::qr::{self, QrMatrix, QrTooLarge};

/// The QR of a desk-first message (request, card or answer): byte mode at ECC M. Base45 text in
/// alphanumeric mode costs some one-person answers a QR version (docs/performance.md), so byte
/// mode is the one form that is shown.
pub fn qr_matrix(message: &[u8]) -> Result<QrMatrix, QrTooLarge> {
    qr::encode(message)
}

/// The message bytes of a scanned QR: the bytes themselves, or, when every byte is in the base45
/// alphabet, their base45 decoding (what a keyboard-mode scanner passes on if a desk chooses to
/// re-encode). A binary message is never all base45 characters: its first byte (0x83 or 0x86 for
/// a card or request, 0x02 for an answer) is not one. None for text that is not valid base45.
pub fn scanned_bytes(scanned: &[u8]) -> Option<Cow<'_, [u8]>> {
    if crate::base45::is_base45_text(scanned) {
        crate::base45::decode(scanned).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(scanned))
    }
}
