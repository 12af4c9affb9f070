//! Decode time per camera frame, as the desk station receives it (a JPEG from the browser's
//! canvas), at 640x480 and 1280x720: JPEG decoding plus finding and reading the QR. Run by
//! bench/run.sh; the figures are in docs/desk.md.

#[path = "../tests/support/phone_images.rs"]
mod phone_images;

use criterion::{Criterion, criterion_group, criterion_main};
use ikd_verifier::image_decode::qr_payload_from_image;

fn decode_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_frame");
    for (name, width, height, module_pixels) in
        [("640x480", 640, 480, 3), ("1280x720", 1280, 720, 4)]
    {
        let frame = phone_images::camera_frame(width, height, module_pixels);
        assert!(qr_payload_from_image(&frame).is_ok(), "the frame reads");
        group.bench_function(name, |b| b.iter(|| qr_payload_from_image(&frame)));
        // A frame without a QR costs the full search: the camera's usual case.
        let empty = phone_images::jpeg(
            &image::GrayImage::from_pixel(width, height, image::Luma([128])),
            85,
        );
        group.bench_function(format!("{name} no QR"), |b| {
            b.iter(|| qr_payload_from_image(&empty))
        });
    }
    group.finish();
}

criterion_group!(benches, decode_frame);
criterion_main!(benches);
