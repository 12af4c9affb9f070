//! The desk's decoder on the 20 phone-screen-like pictures of a real answer (2, 3, 4 and 6 px
//! per module; plain, blurred, glare, JPEG at quality 35, tilted). The threshold is the figure
//! measured for the chosen decoder (zxing-cpp: 20 of 20; rqrr, the decoder before, read 12, and
//! rxing 18: docs/desk.md), so a change of decoder that reads fewer fails here.

mod support {
    pub mod phone_images;
}

use ikd_verifier::image_decode::qr_payload_from_image;
use support::phone_images::{answer, set};

#[test]
fn the_decoder_reads_every_one_of_the_twenty_phone_screen_pictures() {
    let expected = answer();
    let pictures = set();
    assert_eq!(pictures.len(), 20);
    let unread: Vec<&str> = pictures
        .iter()
        .filter(|p| qr_payload_from_image(&p.encoded).ok().as_deref() != Some(expected.as_slice()))
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        20 - unread.len(),
        20,
        "pictures not read byte for byte: {unread:?}"
    );
}

#[test]
fn camera_frames_of_both_sizes_are_read() {
    let expected = answer();
    for (width, height, module_pixels) in [(640, 480, 3), (1280, 720, 4)] {
        let frame = support::phone_images::camera_frame(width, height, module_pixels);
        assert_eq!(
            qr_payload_from_image(&frame).unwrap(),
            expected,
            "{width}x{height}"
        );
    }
}
