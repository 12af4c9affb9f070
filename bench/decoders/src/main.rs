//! Reads the 20 phone-screen-like pictures of a real answer (verifier/tests/support) with each
//! candidate decoder and with zbarimg (the reference C tool, when installed), and prints how many
//! each read back byte for byte, then the median decode time per picture. Run by
//! `bench/decoders.sh`; the figures are in docs/desk.md.

#![allow(clippy::print_stdout)]

#[path = "../../../verifier/tests/support/phone_images.rs"]
mod phone_images;

use std::time::Instant;

use phone_images::{PhoneImage, answer, set};

type Decoder = fn(&image::GrayImage) -> Option<Vec<u8>>;

fn rqrr_read(img: &image::GrayImage) -> Option<Vec<u8>> {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        img.width() as usize,
        img.height() as usize,
        |x, y| img.get_pixel(x as u32, y as u32).0[0],
    );
    for grid in prepared.detect_grids() {
        let mut out = Vec::new();
        if grid.decode_to(&mut out).is_ok() {
            return Some(out);
        }
    }
    None
}

fn rxing_read(img: &image::GrayImage) -> Option<Vec<u8>> {
    // rxing reports no byte segments for this symbol; with ISO-8859-1 as the character set each
    // byte of a byte-mode segment becomes the one character U+0000..U+00FF, read back here.
    let mut hints = rxing::DecodeHints {
        CharacterSet: Some("ISO-8859-1".into()),
        ..Default::default()
    };
    let result = rxing::helpers::detect_in_luma_with_hints(
        img.as_raw().clone(),
        img.width(),
        img.height(),
        Some(rxing::BarcodeFormat::QR_CODE),
        &mut hints,
    )
    .ok()?;
    result
        .getText()
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

fn zxing_cpp_read(img: &image::GrayImage) -> Option<Vec<u8>> {
    let view = zxingcpp::ImageView::from_slice(
        img.as_raw(),
        img.width() as i32,
        img.height() as i32,
        zxingcpp::ImageFormat::Lum,
    )
    .ok()?;
    let found = zxingcpp::read()
        .formats(zxingcpp::BarcodeFormat::QRCode)
        .from(view)
        .ok()?;
    found.first().map(|b| b.bytes())
}

fn zbarimg_read(picture: &PhoneImage, dir: &std::path::Path) -> Option<Option<Vec<u8>>> {
    let path = dir.join(&picture.name);
    std::fs::write(&path, &picture.encoded).ok()?;
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary", "-Sqrcode.enable"])
        .arg(&path)
        .output()
        .ok()?;
    let mut bytes = out.stdout;
    // zbarimg ends its output with a newline.
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    Some(out.status.success().then_some(bytes))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let expected = answer();
    let pictures = set();
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("ikd-phone-images"));
    std::fs::create_dir_all(&dir).expect("the pictures' folder");
    let decoded: Vec<image::GrayImage> = pictures
        .iter()
        .map(|p| {
            image::load_from_memory(&p.encoded)
                .expect("decodes")
                .to_luma8()
        })
        .collect();
    let decoders: [(&str, Decoder); 3] = [
        ("rqrr 0.11", rqrr_read),
        ("rxing 0.9", rxing_read),
        ("zxing-cpp 0.5 (C++ 2.x)", zxing_cpp_read),
    ];
    println!(
        "picture           {:>10} {:>10} {:>10} {:>10}",
        "rqrr", "rxing", "zxing-cpp", "zbarimg"
    );
    let mut totals = [0usize; 4];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); 3];
    let mut zbar_present = true;
    for (picture, img) in pictures.iter().zip(&decoded) {
        let mut row = format!("{:<17}", picture.name);
        for (i, (_, read)) in decoders.iter().enumerate() {
            let started = Instant::now();
            let ok = read(img).as_deref() == Some(expected.as_slice());
            times[i].push(started.elapsed().as_secs_f64() * 1000.0);
            totals[i] += usize::from(ok);
            row += &format!(" {:>10}", if ok { "read" } else { "-" });
        }
        match zbarimg_read(picture, &dir) {
            Some(result) => {
                let ok = result.as_deref() == Some(expected.as_slice());
                totals[3] += usize::from(ok);
                row += &format!(" {:>10}", if ok { "read" } else { "-" });
            }
            None => {
                zbar_present = false;
                row += &format!(" {:>10}", "n/a");
            }
        }
        println!("{row}");
    }
    println!();
    for (i, (name, _)) in decoders.iter().enumerate() {
        println!(
            "{name:<26} read {:>2}/20, median {:.2} ms per picture",
            totals[i],
            median(times[i].clone())
        );
    }
    if zbar_present {
        println!("{:<26} read {:>2}/20", "zbarimg (reference)", totals[3]);
    } else {
        println!("zbarimg not installed: no reference figure");
    }
    println!("pictures written to {}", dir.display());
    println!();
    // Camera frames as the desk receives them (JPEG from the page's canvas), decoded from JPEG
    // and searched, 31 runs each: the median per frame.
    println!("per camera frame (JPEG decode + QR search), median of 31 runs:");
    for (width, height, module_pixels) in [(640, 480, 3), (1280, 720, 4)] {
        let frame = phone_images::camera_frame(width, height, module_pixels);
        let mut row = format!("  {width}x{height}:");
        for (name, read) in &decoders {
            let mut runs = Vec::new();
            let mut ok = true;
            for _ in 0..31 {
                let started = Instant::now();
                let img = image::load_from_memory(&frame).expect("decodes").to_luma8();
                ok &= read(&img).as_deref() == Some(expected.as_slice());
                runs.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            row += &format!(
                "  {name} {:.2} ms{}",
                median(runs),
                if ok { "" } else { " (not read)" }
            );
        }
        println!("{row}");
    }
}
