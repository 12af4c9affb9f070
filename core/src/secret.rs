//! Secret values that wipe themselves on drop and never show in `Debug` output.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A 256-bit secret key (master key, key-encryption key, derived key).
///
/// The bytes are wiped when the value is dropped; `Debug` prints only a placeholder.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    /// Length of the key in bytes.
    pub const LEN: usize = 32;

    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Draws a fresh key from the operating system's random source.
    pub fn random() -> Result<Self, getrandom::Error> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(bytes.as_mut())?;
        Ok(Self(*bytes))
    }

    /// The raw key bytes, for handing to a cipher.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// A PIN as typed by the citizen. Wiped on drop, never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Pin(String);

impl Pin {
    /// Wraps the typed PIN; the rules are checked separately (see [`crate::pin::rules`]).
    pub fn new(pin: impl Into<String>) -> Self {
        Self(pin.into())
    }

    /// The PIN characters, for the KDF and the rules.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Pin {
    fn from(pin: &str) -> Self {
        Self::new(pin)
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

/// Fills a fixed-size array with random bytes from the operating system.
pub(crate) fn random_array<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_of_secrets_is_redacted() {
        let key = SecretKey::from_bytes([0xAB; 32]);
        let pin = Pin::new("271828");
        let shown = format!("{key:?} {pin:?}");
        assert!(!shown.contains("271828"));
        assert!(!shown.to_lowercase().contains("abab"));
        assert!(!shown.contains("171")); // 0xAB as decimal
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn random_keys_differ() {
        let a = SecretKey::random().unwrap();
        let b = SecretKey::random().unwrap();
        assert_ne!(a.expose(), b.expose());
    }
}
