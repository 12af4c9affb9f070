//! A QR code's payload read back from its data codewords (ISO/IEC 18004 section 7.4).
//!
//! Some camera APIs give the data codewords of a QR they read rather than its payload: iOS gives
//! `CIQRCodeDescriptor.errorCorrectedPayload`, because its text result guesses a character set
//! for binary content. This walks the segments (numeric, alphanumeric, byte, ECI) and returns
//! the payload's bytes as the QR carries them: digits and alphanumeric characters as ASCII, byte
//! segments as they are. An ECI designator is skipped (our payloads are bytes, not text).

/// Why a QR's data codewords give no payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QrCodewordsError {
    /// The version is not 1-40.
    #[error("QR version out of range")]
    BadVersion,
    /// A segment is longer than the codewords that carry it.
    #[error("QR data ends inside a segment")]
    Truncated,
    /// A segment of a mode the wallet never reads (kanji, structured append, FNC1, or an
    /// undefined mode indicator).
    #[error("QR segment mode not supported")]
    UnsupportedMode,
    /// A numeric or alphanumeric group holds a value outside its alphabet.
    #[error("QR segment value out of range")]
    BadValue,
}

/// The alphanumeric mode's 45 characters, in code order.
const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Most payload bytes one QR can carry (version 40 in byte mode at ECC L), bounding the output.
const MAX_PAYLOAD: usize = 2953;

/// The payload of a QR of `version` (1-40) whose data codewords are `codewords`.
pub fn payload_from_codewords(version: u8, codewords: &[u8]) -> Result<Vec<u8>, QrCodewordsError> {
    // Character-count widths for numeric, alphanumeric and byte segments, by version range.
    let widths: [usize; 3] = match version {
        1..=9 => [10, 9, 8],
        10..=26 => [12, 11, 16],
        27..=40 => [14, 13, 16],
        _ => return Err(QrCodewordsError::BadVersion),
    };
    let mut bits = BitReader {
        bytes: codewords,
        at: 0,
    };
    let mut payload = Vec::new();
    // Fewer than four bits left is the end of the data (the terminator may be cut short).
    while bits.remaining() >= 4 {
        match bits.take(4)? {
            0b0000 => break,
            0b0001 => {
                let count = bits.take(widths[0])?;
                numeric(&mut bits, count, &mut payload)?;
            }
            0b0010 => {
                let count = bits.take(widths[1])?;
                alphanumeric(&mut bits, count, &mut payload)?;
            }
            0b0100 => {
                let count = bits.take(widths[2])?;
                for _ in 0..count {
                    payload.push(bits.take(8)? as u8);
                }
            }
            0b0111 => skip_eci_designator(&mut bits)?,
            _ => return Err(QrCodewordsError::UnsupportedMode),
        }
        if payload.len() > MAX_PAYLOAD {
            return Err(QrCodewordsError::BadValue);
        }
    }
    Ok(payload)
}

/// Digits in groups of three (10 bits), the last group of two (7 bits) or one (4 bits).
fn numeric(bits: &mut BitReader, count: u32, out: &mut Vec<u8>) -> Result<(), QrCodewordsError> {
    let mut left = count;
    while left > 0 {
        let (digits, width, limit) = match left {
            1 => (1, 4, 10),
            2 => (2, 7, 100),
            _ => (3, 10, 1000),
        };
        let value = bits.take(width)?;
        if value >= limit {
            return Err(QrCodewordsError::BadValue);
        }
        let text = format!("{value:0digits$}", digits = digits as usize);
        out.extend_from_slice(text.as_bytes());
        left -= digits;
    }
    Ok(())
}

/// Characters in pairs (11 bits, 45 * first + second), the last one alone (6 bits).
fn alphanumeric(
    bits: &mut BitReader,
    count: u32,
    out: &mut Vec<u8>,
) -> Result<(), QrCodewordsError> {
    let char_at = |code: u32| {
        ALPHANUMERIC
            .get(code as usize)
            .copied()
            .ok_or(QrCodewordsError::BadValue)
    };
    let mut left = count;
    while left >= 2 {
        let pair = bits.take(11)?;
        if pair >= 45 * 45 {
            return Err(QrCodewordsError::BadValue);
        }
        out.push(char_at(pair / 45)?);
        out.push(char_at(pair % 45)?);
        left -= 2;
    }
    if left == 1 {
        out.push(char_at(bits.take(6)?)?);
    }
    Ok(())
}

/// An ECI assignment number: 8, 16 or 24 bits, told apart by its leading bits.
fn skip_eci_designator(bits: &mut BitReader) -> Result<(), QrCodewordsError> {
    if bits.take(1)? == 0 {
        bits.take(7)?;
    } else if bits.take(1)? == 0 {
        bits.take(14)?;
    } else if bits.take(1)? == 0 {
        bits.take(21)?;
    } else {
        return Err(QrCodewordsError::BadValue);
    }
    Ok(())
}

/// Reads big-endian bit fields from codewords.
struct BitReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl BitReader<'_> {
    fn remaining(&self) -> usize {
        self.bytes.len() * 8 - self.at
    }

    /// The next `width` (at most 24) bits as a number.
    fn take(&mut self, width: usize) -> Result<u32, QrCodewordsError> {
        if width > self.remaining() {
            return Err(QrCodewordsError::Truncated);
        }
        let mut value = 0u32;
        for _ in 0..width {
            let byte = self.bytes[self.at / 8];
            let bit = (byte >> (7 - self.at % 8)) & 1;
            value = (value << 1) | u32::from(bit);
            self.at += 1;
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use qrcode::EcLevel;
    use qrcode::Version;
    use qrcode::bits::Bits;

    /// The data codewords another encoder (the `qrcode` crate) makes for `segments`.
    fn codewords(version: i16, push: impl FnOnce(&mut Bits)) -> Vec<u8> {
        let mut bits = Bits::new(Version::Normal(version));
        push(&mut bits);
        bits.push_terminator(EcLevel::L).expect("fits");
        bits.into_bytes()
    }

    #[test]
    fn a_byte_segment_comes_back_as_its_bytes_in_every_count_width() {
        let payload: Vec<u8> = (0..=255u8).cycle().take(200).collect();
        for version in [9, 10, 26, 27, 40] {
            let data = codewords(version, |bits| bits.push_byte_data(&payload).expect("fits"));
            assert_eq!(
                payload_from_codewords(version as u8, &data),
                Ok(payload.clone())
            );
        }
        let short = codewords(1, |bits| bits.push_byte_data(b"\x83\x00IKD").expect("fits"));
        assert_eq!(
            payload_from_codewords(1, &short),
            Ok(b"\x83\x00IKD".to_vec())
        );
    }

    #[test]
    fn alphanumeric_numeric_and_eci_segments_read_as_their_characters() {
        let data = codewords(10, |bits| {
            bits.push_eci_designator(26).expect("fits");
            bits.push_alphanumeric_data(b"IKD-6BFOXN %*+-./:")
                .expect("fits");
            bits.push_numeric_data(b"3174011001").expect("fits");
            bits.push_numeric_data(b"12").expect("fits");
            bits.push_alphanumeric_data(b"A").expect("fits");
        });
        assert_eq!(
            payload_from_codewords(10, &data),
            Ok(b"IKD-6BFOXN %*+-./:317401100112A".to_vec())
        );
    }

    #[test]
    fn a_segment_cut_short_is_truncated_not_a_shorter_payload() {
        let data = codewords(5, |bits| bits.push_byte_data(&[7; 40]).expect("fits"));
        assert_eq!(
            payload_from_codewords(5, &data[..20]),
            Err(QrCodewordsError::Truncated)
        );
    }

    #[test]
    fn modes_the_wallet_never_reads_and_bad_versions_are_refused() {
        // Kanji mode indicator 1000 then a count.
        assert_eq!(
            payload_from_codewords(1, &[0b1000_0000, 0x10, 0, 0]),
            Err(QrCodewordsError::UnsupportedMode)
        );
        assert_eq!(
            payload_from_codewords(0, &[]),
            Err(QrCodewordsError::BadVersion)
        );
        assert_eq!(
            payload_from_codewords(41, &[]),
            Err(QrCodewordsError::BadVersion)
        );
        // Numeric group 999 is the largest: 1023 is no three digits.
        assert_eq!(
            payload_from_codewords(1, &[0b0001_0000, 0b0000_1111, 0b1111_1111, 0]),
            Err(QrCodewordsError::BadValue)
        );
    }

    #[test]
    fn empty_codewords_are_an_empty_payload() {
        assert_eq!(payload_from_codewords(1, &[]), Ok(vec![]));
        assert_eq!(payload_from_codewords(1, &[0, 0xEC, 0x11]), Ok(vec![]));
    }

    proptest! {
        #[test]
        fn any_payload_encoded_by_another_encoder_reads_back(
            payload in proptest::collection::vec(any::<u8>(), 0..1200),
            version in 25i16..=40,
        ) {
            let data = codewords(version, |bits| bits.push_byte_data(&payload).expect("fits"));
            prop_assert_eq!(payload_from_codewords(version as u8, &data), Ok(payload));
        }

        #[test]
        fn arbitrary_codewords_never_panic(
            data in proptest::collection::vec(any::<u8>(), 0..400),
            version in 0u8..=41,
        ) {
            let _ = payload_from_codewords(version, &data);
        }
    }
}
