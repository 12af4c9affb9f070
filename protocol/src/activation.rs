//! The messages of activation and refresh that a device key signs, and the officer's activation
//! QR. Shared by the wallet (which signs) and the issuer (which checks), so both build the same
//! bytes.

use sha2::{Digest, Sha256};

/// Domain of the activation signature.
pub const ACTIVATION_DOMAIN: &[u8] = b"IKD-activation-v1\0";
/// Domain of the refresh signature (v2: server nonce and origin instead of the device's clock).
pub const REFRESH_DOMAIN: &[u8] = b"IKD-refresh-v2\0";
/// Prefix of the officer's activation QR text.
pub const ACTIVATION_QR_PREFIX: &str = "IKDACT1";

/// What the device signs to activate: the server's challenge, the NIK and its own public key.
pub fn activation_message(
    challenge: &[u8; 32],
    nik: &str,
    device_public_key: &[u8; 32],
) -> Vec<u8> {
    let mut message = ACTIVATION_DOMAIN.to_vec();
    message.extend_from_slice(challenge);
    message.extend_from_slice(&Sha256::digest(nik.as_bytes()));
    message.extend_from_slice(device_public_key);
    message
}

/// What the device signs to refresh its credentials: the issuer's origin (its public base URL,
/// so a signature made for one server is worthless at another), the server's single-use
/// challenge (so a captured request cannot be replayed) and its own key.
pub fn refresh_message(
    origin: &str,
    challenge: &[u8; 32],
    device_public_key: &[u8; 32],
) -> Vec<u8> {
    let mut message = REFRESH_DOMAIN.to_vec();
    message.extend_from_slice(&Sha256::digest(origin.as_bytes()));
    message.extend_from_slice(challenge);
    message.extend_from_slice(device_public_key);
    message
}

/// The officer's activation QR: where to activate and which trust root to pin. No secret in it:
/// the activation code travels separately, by e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivationQr {
    /// The issuer's base URL.
    pub server: String,
    /// The enrollment the officer created.
    pub enrollment_id: String,
    /// The trust root's Ed25519 public key, pinned by the wallet from this in-person step.
    pub trust_root: [u8; 32],
}

/// The activation QR text is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("QR aktivasi tidak sah / invalid activation QR")]
pub struct InvalidActivationQr;

const MAX_FIELD: usize = 256;

impl ActivationQr {
    /// `IKDACT1|<server>|<enrollment id>|<trust root hex>`.
    pub fn to_text(&self) -> String {
        let root: String = self.trust_root.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{ACTIVATION_QR_PREFIX}|{}|{}|{root}",
            self.server, self.enrollment_id
        )
    }

    /// Parses the text an officer's QR holds.
    pub fn parse(text: &str) -> Result<ActivationQr, InvalidActivationQr> {
        let mut parts = text.trim().split('|');
        if parts.next() != Some(ACTIVATION_QR_PREFIX) {
            return Err(InvalidActivationQr);
        }
        let (Some(server), Some(enrollment_id), Some(root), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(InvalidActivationQr);
        };
        let server_ok = (server.starts_with("https://") || server.starts_with("http://"))
            && server.len() <= MAX_FIELD
            && !server.chars().any(char::is_whitespace);
        let id_ok = !enrollment_id.is_empty()
            && enrollment_id.len() <= 64
            && enrollment_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !server_ok || !id_ok || root.len() != 64 {
            return Err(InvalidActivationQr);
        }
        let mut trust_root = [0u8; 32];
        for (i, byte) in trust_root.iter_mut().enumerate() {
            *byte = u8::from_str_radix(root.get(2 * i..2 * i + 2).ok_or(InvalidActivationQr)?, 16)
                .map_err(|_| InvalidActivationQr)?;
        }
        Ok(ActivationQr {
            server: server.trim_end_matches('/').to_string(),
            enrollment_id: enrollment_id.to_string(),
            trust_root,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_activation_qr_round_trips() {
        let qr = ActivationQr {
            server: "https://ikd.example.id".into(),
            enrollment_id: "enr-0001".into(),
            trust_root: [0xAB; 32],
        };
        assert_eq!(ActivationQr::parse(&qr.to_text()), Ok(qr));
    }

    #[test]
    fn malformed_activation_qrs_are_refused() {
        let root = "ab".repeat(32);
        for text in [
            String::new(),
            format!("IKDACT2|https://x|e|{root}"),
            format!("IKDACT1|ftp://x|e|{root}"),
            format!("IKDACT1|https://x|e e|{root}"),
            "IKDACT1|https://x|e|abcd".into(),
            format!("IKDACT1|https://x|e|{root}|extra"),
            format!("IKDACT1|https://x|e|{}", "zz".repeat(32)),
        ] {
            assert_eq!(
                ActivationQr::parse(&text),
                Err(InvalidActivationQr),
                "{text}"
            );
        }
    }

    #[test]
    fn the_signed_messages_bind_every_field() {
        let a = activation_message(&[1; 32], "3174015708900001", &[2; 32]);
        assert_ne!(
            a,
            activation_message(&[1; 32], "3174015708900002", &[2; 32])
        );
        assert_ne!(
            a,
            activation_message(&[1; 32], "3174015708900001", &[3; 32])
        );
        let r = refresh_message("https://ikd.example.id", &[1; 32], &[2; 32]);
        assert_ne!(
            r,
            refresh_message("https://ikd.example.id", &[4; 32], &[2; 32])
        );
        assert_ne!(
            r,
            refresh_message("https://evil.example", &[1; 32], &[2; 32])
        );
        assert_ne!(
            r,
            refresh_message("https://ikd.example.id", &[1; 32], &[3; 32])
        );
    }
}
