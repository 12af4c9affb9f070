//! Activation codes: short, unambiguous, single-use, stored only as a keyed hash.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Letters and digits that cannot be confused when read from an e-mail (no 0/O, 1/I/L).
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters per code (about 39 bits).
pub const CODE_LEN: usize = 8;

/// A fresh random code.
pub fn generate() -> Result<Zeroizing<String>, getrandom::Error> {
    let mut random = Zeroizing::new([0u8; CODE_LEN]);
    getrandom::getrandom(random.as_mut())?;
    // 256 is not a multiple of 31: the tiny modulo bias is irrelevant next to the rate limit.
    Ok(Zeroizing::new(
        random
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect(),
    ))
}

/// Normalises what a citizen typed: upper case, no spaces or dashes.
pub fn normalise(typed: &str) -> Zeroizing<String> {
    Zeroizing::new(
        typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

/// HMAC-SHA256 of the code under the server's code key: what the database keeps.
pub fn hash(code_key: &[u8; 32], code: &str) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(code_key).expect("HMAC takes any key length");
    mac.update(code.as_bytes());
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        let code = generate().unwrap();
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(*generate().unwrap(), *code);
    }

    #[test]
    fn typed_codes_are_normalised_before_hashing() {
        let key = [7; 32];
        assert_eq!(hash(&key, &normalise("abcd-ef 23")), hash(&key, "ABCDEF23"));
        assert_ne!(hash(&key, "ABCDEF23"), hash(&[8; 32], "ABCDEF23"));
    }
}
