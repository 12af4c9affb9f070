//! Reading a QR code from a photo, a screenshot or a camera frame (PNG or JPEG): the `image`
//! crate decodes the picture (with size limits), zxing-cpp finds and reads the QR. One decoder
//! for the desk station's camera frames and for `ikd verify --image`; docs/desk.md compares it
//! with rxing and rqrr.

use crate::error::VerifyError;

/// Largest image accepted, in bytes and in pixels per side (a phone photo is well within).
pub const MAX_IMAGE_BYTES: usize = 16 * 1024 * 1024;
const MAX_SIDE: u32 = 8000;

/// The raw bytes of the first QR code found in `image` (PNG or JPEG).
pub fn qr_payload_from_image(image: &[u8]) -> Result<Vec<u8>, VerifyError> {
    if image.len() > MAX_IMAGE_BYTES {
        return Err(VerifyError::NoQrInImage);
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(image))
        .with_guessed_format()
        .map_err(|_| VerifyError::NoQrInImage)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let luma = reader
        .decode()
        .map_err(|_| VerifyError::NoQrInImage)?
        .to_luma8();
    let (width, height) = luma.dimensions();
    let (Ok(w), Ok(h)) = (i32::try_from(width), i32::try_from(height)) else {
        return Err(VerifyError::NoQrInImage);
    };
    let view = zxingcpp::ImageView::from_slice(luma.as_raw(), w, h, zxingcpp::ImageFormat::Lum)
        .map_err(|_| VerifyError::NoQrInImage)?;
    let found = zxingcpp::read()
        .formats(zxingcpp::BarcodeFormat::QRCode)
        .from(view)
        .map_err(|_| VerifyError::NoQrInImage)?;
    found
        .iter()
        .find(|barcode| barcode.is_valid())
        .map(|barcode| barcode.bytes())
        .ok_or(VerifyError::NoQrInImage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_qr_reads_back_byte_for_byte() {
        let payload: Vec<u8> = (0..=255u8).chain(0..40).collect();
        let png = ikd_protocol::qr::encode(&payload).unwrap().to_png(4);
        assert_eq!(qr_payload_from_image(&png).unwrap(), payload);
    }

    #[test]
    fn garbage_and_blank_images_have_no_qr() {
        assert_eq!(
            qr_payload_from_image(b"not an image"),
            Err(VerifyError::NoQrInImage)
        );
        let blank = ikd_protocol::qr::QrMatrix {
            version: 1,
            size: 21,
            modules: vec![false; 441],
        };
        assert_eq!(
            qr_payload_from_image(&blank.to_png(4)),
            Err(VerifyError::NoQrInImage)
        );
    }
}
