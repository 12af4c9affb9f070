//! Base45 (RFC 9285): bytes as text in the 45-character QR alphanumeric alphabet, so that a QR
//! in alphanumeric mode carries them and keyboard-mode USB scanners and text-only readers can
//! pass them on. Two bytes become three characters, a last single byte two.
//!
//! Decoding is strict: a character outside the alphabet, a length of 1 modulo 3, or a group whose
//! value exceeds what its bytes can hold (above 65535 for three characters, 255 for two) is
//! refused, so that each byte string has exactly one text form.

/// The alphabet, in value order (RFC 9285 section 4).
pub const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// The text is not base45.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not base45 text")]
pub struct Base45Error;

/// Encodes `bytes` as base45 text.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    let push = |out: &mut String, value: usize| out.push(char::from(ALPHABET[value % 45]));
    for chunk in bytes.chunks(2) {
        match *chunk {
            [a, b] => {
                let n = usize::from(a) * 256 + usize::from(b);
                push(&mut out, n);
                push(&mut out, n / 45);
                push(&mut out, n / 2025);
            }
            [a] => {
                let n = usize::from(a);
                push(&mut out, n);
                push(&mut out, n / 45);
            }
            _ => {}
        }
    }
    out
}

fn value(c: u8) -> Result<u32, Base45Error> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .map(|p| p as u32)
        .ok_or(Base45Error)
}

/// Decodes base45 text (bytes, as a QR reader hands them over).
pub fn decode(text: &[u8]) -> Result<Vec<u8>, Base45Error> {
    if text.len() % 3 == 1 {
        return Err(Base45Error);
    }
    let mut out = Vec::with_capacity(text.len() / 3 * 2 + 1);
    for chunk in text.chunks(3) {
        match *chunk {
            [c, d, e] => {
                let n = value(c)? + value(d)? * 45 + value(e)? * 2025;
                let n = u16::try_from(n).map_err(|_| Base45Error)?;
                out.extend_from_slice(&n.to_be_bytes());
            }
            [c, d] => {
                let n = value(c)? + value(d)? * 45;
                out.push(u8::try_from(n).map_err(|_| Base45Error)?);
            }
            _ => return Err(Base45Error),
        }
    }
    Ok(out)
}

/// Whether every byte of `text` is in the alphabet (a text QR, not a binary one).
pub fn is_base45_text(text: &[u8]) -> bool {
    !text.is_empty() && text.iter().all(|c| ALPHABET.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_examples_of_rfc_9285_encode_and_decode() {
        for (bytes, text) in [
            (&b"AB"[..], "BB8"),
            (b"Hello!!", "%69 VD92EX0"),
            (b"base-45", "UJCLQE7W581"),
            (b"ietf!", "QED8WEX0"),
        ] {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text.as_bytes()).unwrap(), bytes);
        }
    }

    #[test]
    fn out_of_range_groups_bad_characters_and_lengths_are_refused() {
        assert_eq!(decode(b"GGW"), Err(Base45Error)); // 65536 + more: above 65535
        assert_eq!(decode(b"::"), Err(Base45Error)); // 44 + 44*45 = 2024 > 255
        assert_eq!(decode(b"A"), Err(Base45Error));
        assert_eq!(decode(b"bb8"), Err(Base45Error)); // lower case is not in the alphabet
        assert_eq!(decode(b""), Ok(Vec::new()));
    }

    proptest! {
        #[test]
        fn any_bytes_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let text = encode(&bytes);
            prop_assert_eq!(text.len(), bytes.len() / 2 * 3 + (bytes.len() % 2) * 2);
            prop_assert_eq!(decode(text.as_bytes()).unwrap(), bytes);
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(text in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(bytes) = decode(&text) {
                let again = encode(&bytes);
                prop_assert_eq!(again.as_bytes(), &text[..]);
            }
        }
    }
}
