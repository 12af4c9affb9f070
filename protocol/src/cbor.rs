//! The small, bounded CBOR subset the formats use: unsigned and negative integers, byte and text
//! strings, definite-length arrays, null and booleans.
//!
//! Decoding never allocates more than the input holds: every array length is checked against a
//! limit before any element is read, and strings borrow from the input. Canonical form is
//! enforced by the callers re-encoding what they decoded and comparing bytes.

use minicbor::Decoder;
use minicbor::data::Type;

/// Malformed, non-canonical, out-of-bounds or trailing input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("malformed CBOR ({0})")]
pub struct CborError(pub &'static str);

/// Result of a decoding step.
pub type CborResult<T> = Result<T, CborError>;

/// Writes canonical CBOR (shortest argument encoding, definite lengths) into a buffer.
#[derive(Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    fn head(&mut self, major: u8, value: u64) -> &mut Self {
        let major = major << 5;
        match value {
            0..=23 => self.buf.push(major | value as u8),
            24..=0xFF => self.buf.extend_from_slice(&[major | 24, value as u8]),
            0x100..=0xFFFF => {
                self.buf.push(major | 25);
                self.buf.extend_from_slice(&(value as u16).to_be_bytes());
            }
            0x1_0000..=0xFFFF_FFFF => {
                self.buf.push(major | 26);
                self.buf.extend_from_slice(&(value as u32).to_be_bytes());
            }
            _ => {
                self.buf.push(major | 27);
                self.buf.extend_from_slice(&value.to_be_bytes());
            }
        }
        self
    }

    /// An unsigned integer.
    pub fn uint(&mut self, value: u64) -> &mut Self {
        self.head(0, value)
    }

    /// A signed integer (day counts may be negative).
    pub fn int(&mut self, value: i64) -> &mut Self {
        if value >= 0 {
            self.head(0, value as u64)
        } else {
            self.head(1, (-1 - value) as u64)
        }
    }

    /// A byte string.
    pub fn bytes(&mut self, value: &[u8]) -> &mut Self {
        self.head(2, value.len() as u64);
        self.buf.extend_from_slice(value);
        self
    }

    /// A text string.
    pub fn text(&mut self, value: &str) -> &mut Self {
        self.head(3, value.len() as u64);
        self.buf.extend_from_slice(value.as_bytes());
        self
    }

    /// An array header of `len` items (the items follow).
    pub fn array(&mut self, len: usize) -> &mut Self {
        self.head(4, len as u64)
    }

    /// Null.
    pub fn null(&mut self) -> &mut Self {
        self.buf.push(0xF6);
        self
    }

    /// Bytes that are already CBOR (a nested, separately signed item).
    pub fn raw(&mut self, cbor: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(cbor);
        self
    }
}

/// Reads a definite-length array header of exactly `len` items.
pub fn array_of(d: &mut Decoder<'_>, len: u64, what: &'static str) -> CborResult<()> {
    match d.array() {
        Ok(Some(n)) if n == len => Ok(()),
        _ => Err(CborError(what)),
    }
}

/// Reads a definite-length array header of at most `max` items; returns the count.
pub fn array_up_to(d: &mut Decoder<'_>, max: usize, what: &'static str) -> CborResult<usize> {
    match d.array() {
        Ok(Some(n)) if n <= max as u64 => Ok(n as usize),
        _ => Err(CborError(what)),
    }
}

/// Reads an unsigned integer.
pub fn uint(d: &mut Decoder<'_>, what: &'static str) -> CborResult<u64> {
    d.u64().map_err(|_| CborError(what))
}

/// Reads a small unsigned integer that must fit in a byte.
pub fn byte(d: &mut Decoder<'_>, what: &'static str) -> CborResult<u8> {
    d.u8().map_err(|_| CborError(what))
}

/// Reads an unsigned integer that must fit in 16 bits.
pub fn short(d: &mut Decoder<'_>, what: &'static str) -> CborResult<u16> {
    d.u16().map_err(|_| CborError(what))
}

/// Reads a signed integer that must fit in 32 bits (day counts).
pub fn int32(d: &mut Decoder<'_>, what: &'static str) -> CborResult<i32> {
    d.i32().map_err(|_| CborError(what))
}

/// Reads a text string of at most `max` bytes.
pub fn text(d: &mut Decoder<'_>, max: usize, what: &'static str) -> CborResult<String> {
    match d.str() {
        Ok(s) if s.len() <= max => Ok(s.to_owned()),
        _ => Err(CborError(what)),
    }
}

/// Reads a byte string of exactly `N` bytes.
pub fn fixed_bytes<const N: usize>(d: &mut Decoder<'_>, what: &'static str) -> CborResult<[u8; N]> {
    d.bytes()
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(CborError(what))
}

/// Reads a byte string of at most `max` bytes.
pub fn bytes_up_to<'b>(
    d: &mut Decoder<'b>,
    max: usize,
    what: &'static str,
) -> CborResult<&'b [u8]> {
    match d.bytes() {
        Ok(b) if b.len() <= max => Ok(b),
        _ => Err(CborError(what)),
    }
}

/// Reads either null (None) or a value read by `read`.
pub fn optional<'b, T>(
    d: &mut Decoder<'b>,
    read: impl FnOnce(&mut Decoder<'b>) -> CborResult<T>,
) -> CborResult<Option<T>> {
    if d.datatype().map_err(|_| CborError("truncated"))? == Type::Null {
        d.null().map_err(|_| CborError("null"))?;
        Ok(None)
    } else {
        read(d).map(Some)
    }
}

/// Fails unless the whole input was consumed.
pub fn end(d: &Decoder<'_>, input: &[u8]) -> CborResult<()> {
    if d.position() == input.len() {
        Ok(())
    } else {
        Err(CborError("trailing bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_uses_the_shortest_encodings() {
        let mut w = Writer::new();
        w.uint(23)
            .uint(24)
            .uint(256)
            .uint(65_536)
            .int(-1)
            .int(-25)
            .null();
        assert_eq!(
            w.into_bytes(),
            [
                0x17, 0x18, 24, 0x19, 1, 0, 0x1A, 0, 1, 0, 0, 0x20, 0x38, 24, 0xF6
            ]
        );
    }

    #[test]
    fn written_values_decode_back() {
        let mut w = Writer::new();
        w.array(4)
            .int(-8903)
            .text("SITI")
            .bytes(&[1, 2])
            .uint(3_174_015_708_900_001);
        let bytes = w.into_bytes();
        let mut d = Decoder::new(&bytes);
        array_of(&mut d, 4, "a").unwrap();
        assert_eq!(int32(&mut d, "d").unwrap(), -8903);
        assert_eq!(text(&mut d, 10, "t").unwrap(), "SITI");
        assert_eq!(bytes_up_to(&mut d, 2, "b").unwrap(), &[1, 2]);
        assert_eq!(uint(&mut d, "n").unwrap(), 3_174_015_708_900_001);
        end(&d, &bytes).unwrap();
    }

    #[test]
    fn an_array_longer_than_allowed_is_refused_before_reading_items() {
        // Header claims 2^32 items in 5 bytes of input.
        let input = [0x9A, 0xFF, 0xFF, 0xFF, 0xFF];
        let mut d = Decoder::new(&input);
        assert!(array_up_to(&mut d, 20, "members").is_err());
    }

    #[test]
    fn indefinite_arrays_are_refused() {
        let input = [0x9F, 0x01, 0xFF];
        assert!(array_up_to(&mut Decoder::new(&input), 20, "x").is_err());
    }

    #[test]
    fn a_string_claiming_more_bytes_than_the_input_has_is_an_error() {
        let input = [0x7A, 0x00, 0x10, 0x00, 0x00, b'a'];
        assert!(text(&mut Decoder::new(&input), 1 << 30, "name").is_err());
    }

    #[test]
    fn trailing_bytes_are_detected() {
        let input = [0x01, 0x02];
        let mut d = Decoder::new(&input);
        uint(&mut d, "n").unwrap();
        assert!(end(&d, &input).is_err());
    }
}
