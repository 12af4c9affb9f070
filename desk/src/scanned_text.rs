//! What a USB 2D scanner in keyboard mode types, turned back into the QR's bytes. The answer QR
//! carries binary bytes in byte mode (docs/qr-format.md), which no keyboard can type; a scanner
//! set to pass data on as hex types them in hex, and a reader that re-encodes as base45 types
//! base45 text. Both are accepted:
//!
//! - only hex digits (either case), an even count: the bytes they spell;
//! - anything else: the text's own bytes, which the desk base45-decodes when every character is
//!   in the base45 alphabet (`ikd_protocol::desk::scanned_bytes`), and otherwise refuses as
//!   malformed.
//!
//! The two cannot be confused for an answer: its base45 form starts with `IB0` or `JB0` (bytes
//! 0x02 0x01 or 0x02 0x02), and `I`/`J` are not hex digits. The Enter or Tab a scanner sends
//! after the data, and any CR/LF, are dropped at both ends; spaces are kept (space is a base45
//! character).

/// Longest text accepted from the scanner field (an answer is at most 4286 bytes: 8572 hex
/// digits).
pub const MAX_TYPED_LEN: usize = 9000;

/// The QR bytes a scanner typed as `text`; None when it is too long.
pub fn typed_payload(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_matches(|c| c == '\r' || c == '\n' || c == '\t');
    if text.len() > MAX_TYPED_LEN {
        return None;
    }
    let is_hex =
        !text.is_empty() && text.len() % 2 == 0 && text.bytes().all(|b| b.is_ascii_hexdigit());
    if !is_hex {
        return Some(text.as_bytes().to_vec());
    }
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_in_either_case_gives_its_bytes() {
        assert_eq!(typed_payload("0201aB\r\n"), Some(vec![2, 1, 0xAB]));
    }

    #[test]
    fn base45_text_is_passed_on_for_the_desk_to_decode() {
        let answer = [2u8, 1, 9, 200, 0, 7];
        let text = ikd_protocol::base45::encode(&answer);
        assert!(text.starts_with("IB0"));
        let typed = typed_payload(&format!("{text}\n")).unwrap();
        assert_eq!(
            ikd_protocol::desk::scanned_bytes(&typed).unwrap().as_ref(),
            answer
        );
    }

    #[test]
    fn odd_or_non_hex_text_is_kept_as_text_and_overlong_text_is_refused() {
        assert_eq!(typed_payload("abc"), Some(b"abc".to_vec()));
        assert_eq!(
            typed_payload("https://example.com/"),
            Some(b"https://example.com/".to_vec())
        );
        assert_eq!(typed_payload(&"A".repeat(MAX_TYPED_LEN + 1)), None);
    }
}
