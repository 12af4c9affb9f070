//! QR rendering of a payload: byte mode, error correction M, the smallest version that fits.
//!
//! The module matrix is what the shells draw (each with its own graphics API); the CLI also gets
//! terminal text, SVG and (feature `png`) PNG bytes.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// Modules of quiet zone around the code (the QR standard asks for 4).
pub const QUIET_ZONE: usize = 4;

/// The payload does not fit any QR version at ECC M.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the payload is too large for a QR code")]
pub struct QrTooLarge;

/// A QR code as a square of dark/light modules, without quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// QR version (1-40).
    pub version: u8,
    /// Modules per side.
    pub size: usize,
    /// Row-major, `true` = dark.
    pub modules: Vec<bool>,
}

/// Encodes `payload` in byte mode at ECC M, choosing the smallest version.
pub fn encode(payload: &[u8]) -> Result<QrMatrix, QrTooLarge> {
    for version in 1..=40i16 {
        let mut bits = Bits::new(Version::Normal(version));
        if bits.push_byte_data(payload).is_err() || bits.push_terminator(EcLevel::M).is_err() {
            continue;
        }
        return matrix(bits, version);
    }
    Err(QrTooLarge)
}

/// Encodes base45 `text` in alphanumeric mode at ECC M, choosing the smallest version. Text outside
/// the alphanumeric alphabet is refused as too large (it has no alphanumeric encoding).
pub fn encode_text(text: &str) -> Result<QrMatrix, QrTooLarge> {
    if !text.bytes().all(|c| crate::base45::ALPHABET.contains(&c)) {
        return Err(QrTooLarge);
    }
    for version in 1..=40i16 {
        let mut bits = Bits::new(Version::Normal(version));
        if bits.push_alphanumeric_data(text.as_bytes()).is_err()
            || bits.push_terminator(EcLevel::M).is_err()
        {
            continue;
        }
        return matrix(bits, version);
    }
    Err(QrTooLarge)
}

/// The smallest QR version that holds `chars` base45 characters in alphanumeric mode at ECC M.
pub fn version_for_text_len(chars: usize) -> Option<u8> {
    encode_text(&"A".repeat(chars)).ok().map(|m| m.version)
}

fn matrix(bits: Bits, version: i16) -> Result<QrMatrix, QrTooLarge> {
    let code = QrCode::with_bits(bits, EcLevel::M).map_err(|_| QrTooLarge)?;
    let size = code.width();
    let modules = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(QrMatrix {
        version: version as u8,
        size,
        modules,
    })
}

/// The smallest QR version that holds `len` bytes in byte mode at ECC M.
pub fn version_for_len(len: usize) -> Option<u8> {
    encode(&vec![0xA5; len]).ok().map(|m| m.version)
}

impl QrMatrix {
    /// Whether the module at (`x`, `y`) is dark; outside the code (quiet zone) is light.
    pub fn is_dark(&self, x: isize, y: isize) -> bool {
        let inside = x >= 0 && y >= 0 && (x as usize) < self.size && (y as usize) < self.size;
        inside && self.modules[y as usize * self.size + x as usize]
    }

    /// Text for a terminal: two module rows per line with half blocks, quiet zone included.
    /// Light modules are drawn as blocks and dark ones as blanks, so the code reads correctly on
    /// the usual dark terminal background.
    pub fn to_terminal_text(&self) -> String {
        let q = QUIET_ZONE as isize;
        let end = self.size as isize + q;
        let mut out = String::new();
        let mut y = -q;
        while y < end {
            for x in -q..end {
                out.push(match (self.is_dark(x, y), self.is_dark(x, y + 1)) {
                    (false, false) => '█',
                    (true, false) => '▄',
                    (false, true) => '▀',
                    (true, true) => ' ',
                });
            }
            out.push('\n');
            y += 2;
        }
        out
    }

    /// An SVG image, `module_px` pixels per module, quiet zone included.
    pub fn to_svg(&self, module_px: usize) -> String {
        let side = (self.size + 2 * QUIET_ZONE) * module_px;
        let mut path = String::new();
        for y in 0..self.size {
            for x in 0..self.size {
                if self.modules[y * self.size + x] {
                    let (px, py) = ((x + QUIET_ZONE) * module_px, (y + QUIET_ZONE) * module_px);
                    path.push_str(&format!("M{px} {py}h{module_px}v{module_px}h-{module_px}z"));
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{side}\" height=\"{side}\" \
             viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
             <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    /// A greyscale PNG, `module_px` pixels per module, quiet zone included.
    #[cfg(feature = "png")]
    pub fn to_png(&self, module_px: usize) -> Vec<u8> {
        let side = (self.size + 2 * QUIET_ZONE) * module_px;
        let q = QUIET_ZONE as isize;
        let mut pixels = Vec::with_capacity(side * side);
        for py in 0..side {
            for px in 0..side {
                let (x, y) = ((px / module_px) as isize - q, (py / module_px) as isize - q);
                pixels.push(if self.is_dark(x, y) { 0u8 } else { 255u8 });
            }
        }
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        // Writing into a Vec cannot fail; an empty result would be caught by any decoder.
        if let Ok(mut writer) = encoder.write_header() {
            let _ = writer.write_image_data(&pixels);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_version_is_chosen_for_byte_mode_at_ecc_m() {
        // Byte-mode capacities at ECC M: V1 14 bytes, V13 331 bytes, V14 362 bytes.
        assert_eq!(version_for_len(14), Some(1));
        assert_eq!(version_for_len(15), Some(2));
        assert_eq!(version_for_len(331), Some(13));
        assert_eq!(version_for_len(332), Some(14));
        assert_eq!(version_for_len(5000), None);
    }

    #[test]
    fn the_smallest_version_is_chosen_for_alphanumeric_mode_at_ecc_m() {
        // Alphanumeric capacities at ECC M: V11 366 characters, V13 483.
        assert_eq!(version_for_text_len(366), Some(11));
        assert_eq!(version_for_text_len(367), Some(12));
        assert_eq!(version_for_text_len(483), Some(13));
        assert_eq!(version_for_text_len(484), Some(14));
        assert!(encode_text("lower case").is_err());
    }

    #[test]
    fn the_matrix_has_finder_patterns_in_three_corners() {
        let m = encode(b"IKD").unwrap();
        assert_eq!(m.size, 21);
        for (x, y) in [(0, 0), (m.size as isize - 1, 0), (0, m.size as isize - 1)] {
            assert!(m.is_dark(x, y));
        }
        assert!(!m.is_dark(m.size as isize - 1, m.size as isize - 1) || m.version > 1);
        assert!(!m.is_dark(-1, 0));
    }

    #[test]
    fn terminal_text_and_svg_cover_the_code_and_quiet_zone() {
        let m = encode(b"IKD").unwrap();
        let text = m.to_terminal_text();
        let width = m.size + 2 * QUIET_ZONE;
        assert!(text.lines().all(|l| l.chars().count() == width));
        assert_eq!(text.lines().count(), width.div_ceil(2));
        let svg = m.to_svg(4);
        assert!(svg.starts_with("<svg") && svg.contains(&format!("width=\"{}\"", width * 4)));
    }
}
