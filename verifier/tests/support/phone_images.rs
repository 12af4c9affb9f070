//! Phone-screen-like pictures of a real desk answer QR, made the same way for the decoder test
//! (`verifier/tests/phone_screen_decoding.rs`), the decoder comparison (`bench/decoders`) and
//! the per-frame benchmark: 2, 3, 4 and 6 pixels per module, each plain, blurred, with glare,
//! as JPEG at quality 35, and tilted. Deterministic: the same bytes every run.

#![allow(dead_code)] // each user takes a different part

use image::{GrayImage, ImageEncoder, Luma};

/// The answer of the test vectors (docs/qr-format.md): Siti's KTP basic to BANK CONTOH LOKET 1.
pub const ANSWER_HEX: &str = "0201155584640f88d7410d43915fb4b40a2e9f111ae150197e643d39d000ec6977d28551a04caa18935442040637bb38a94f865c868f0d6d5b42977f04c12c9aebcccda889ebef683ac5fc16208127e149eb2aa35b8c9f86268d63dcef649eff1937d87e9921a54bece11db72bf801bce8e84b3e5073f69a793f5b10fddabf29398df708b72d8252884c979e500956273a714798744c9930cec56ce81af739acc70d9f9ce28d7920bc44d6c30a0b67b5f051f1f28224e4f730026e6f3f045bbe7d51ff2323e1f1d3bb5bf954117c488f9166e7a43d045833076eed38b36b74318c71e8ac0574954f575e78892ab75a02194f5ce88f81ec24222179ffc7680bdc880242b97c0ed9f1e4ba878a3f61";

/// Pixels per module of the set.
pub const MODULE_PIXELS: [u32; 4] = [2, 3, 4, 6];

/// What was done to a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// The screen as it is, on a grey surround.
    Plain,
    /// Out of focus: Gaussian blur of 0.45 module.
    Blur,
    /// A bright reflection over a third of the code.
    Glare,
    /// Saved as JPEG at quality 35.
    Jpeg35,
    /// Turned 12 degrees and seen at a slant (8 % keystone).
    Tilt,
}

/// The five conditions, in the order of the figures.
pub const CONDITIONS: [Condition; 5] = [
    Condition::Plain,
    Condition::Blur,
    Condition::Glare,
    Condition::Jpeg35,
    Condition::Tilt,
];

/// One picture of the set.
pub struct PhoneImage {
    /// Pixels per module.
    pub module_pixels: u32,
    /// What was done to it.
    pub condition: Condition,
    /// A file name such as `3px-glare.png`.
    pub name: String,
    /// The picture, encoded (PNG, or JPEG for `Jpeg35`).
    pub encoded: Vec<u8>,
}

/// The answer's bytes.
pub fn answer() -> Vec<u8> {
    (0..ANSWER_HEX.len() / 2)
        .map(|i| u8::from_str_radix(&ANSWER_HEX[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

/// A phone screen showing the answer at `module_pixels`, on a canvas of at least
/// `min_width` x `min_height` (the screen's white is not paper white, its black not black).
pub fn screen(module_pixels: u32, min_width: u32, min_height: u32) -> GrayImage {
    let matrix = ikd_protocol::desk::qr_matrix(&answer()).expect("the answer fits a QR");
    let quiet = 4u32;
    let side = (matrix.size as u32 + 2 * quiet) * module_pixels;
    let width = min_width.max(side + 80);
    let height = min_height.max(side + 80);
    let mut img = GrayImage::from_pixel(width, height, Luma([128]));
    let (ox, oy) = ((width - side) / 2, (height - side) / 2);
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = (x / module_pixels, y / module_pixels);
            let dark = mx >= quiet
                && my >= quiet
                && mx < quiet + matrix.size as u32
                && my < quiet + matrix.size as u32
                && matrix.modules[(my - quiet) as usize * matrix.size + (mx - quiet) as usize];
            img.put_pixel(ox + x, oy + y, Luma([if dark { 35 } else { 225 }]));
        }
    }
    img
}

fn glare(img: &GrayImage) -> GrayImage {
    let (w, h) = img.dimensions();
    let (cx, cy) = (w as f32 * 0.62, h as f32 * 0.38);
    let radius = w.min(h) as f32 * 0.28;
    let mut out = img.clone();
    for (x, y, p) in out.enumerate_pixels_mut() {
        let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt() / radius;
        let lift = 150.0 * (-d * d).exp();
        p.0[0] = (f32::from(p.0[0]) + lift).min(255.0) as u8;
    }
    out
}

fn tilt(img: &GrayImage) -> GrayImage {
    let (w, h) = img.dimensions();
    let (angle, keystone) = (12f32.to_radians(), 0.08f32);
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let (s, c) = angle.sin_cos();
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        // Undo the turn, then the slant (farther rows look narrower).
        let (rx, ry) = (c * dx + s * dy, -s * dx + c * dy);
        let scale = 1.0 + keystone * ry / cy;
        let (sx, sy) = (rx / scale + cx, ry + cy);
        Luma([bilinear(img, sx, sy)])
    })
}

fn bilinear(img: &GrayImage, x: f32, y: f32) -> u8 {
    let (w, h) = img.dimensions();
    if x < 0.0 || y < 0.0 || x >= (w - 1) as f32 || y >= (h - 1) as f32 {
        return 128;
    }
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let p = |x, y| f32::from(img.get_pixel(x, y).0[0]);
    let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
    let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
    (top * (1.0 - fy) + bottom * fy) as u8
}

/// PNG bytes of a grey picture.
pub fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::L8,
        )
        .expect("PNG encodes");
    out
}

/// JPEG bytes of a grey picture at `quality`.
pub fn jpeg(img: &GrayImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::L8,
        )
        .expect("JPEG encodes");
    out
}

/// One picture.
pub fn picture(module_pixels: u32, condition: Condition) -> PhoneImage {
    let base = screen(module_pixels, 0, 0);
    let encoded = match condition {
        Condition::Plain => png(&base),
        Condition::Blur => png(&image::imageops::blur(&base, 0.45 * module_pixels as f32)),
        Condition::Glare => png(&glare(&base)),
        Condition::Jpeg35 => jpeg(&base, 35),
        Condition::Tilt => png(&tilt(&base)),
    };
    let name = format!(
        "{module_pixels}px-{}.{}",
        format!("{condition:?}").to_lowercase(),
        if condition == Condition::Jpeg35 {
            "jpg"
        } else {
            "png"
        }
    );
    PhoneImage {
        module_pixels,
        condition,
        name,
        encoded,
    }
}

/// The 20 pictures: every module size under every condition.
pub fn set() -> Vec<PhoneImage> {
    MODULE_PIXELS
        .iter()
        .flat_map(|&m| CONDITIONS.iter().map(move |&c| picture(m, c)))
        .collect()
}

/// A camera frame of `width` x `height` showing the answer at `module_pixels`, JPEG at 85 as a
/// browser's canvas sends it.
pub fn camera_frame(width: u32, height: u32, module_pixels: u32) -> Vec<u8> {
    jpeg(&screen(module_pixels, width, height), 85)
}
