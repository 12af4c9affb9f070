//! Writing HTML safely: every piece of text goes through [`escape`]; the QR is drawn as inline
//! SVG from its module matrix (no image request, no data URL).

use ikd_protocol::qr::QrMatrix;

/// `text` with `& < > " '` escaped, safe in element content and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The QR as an SVG element, `module_px` CSS pixels per module, quiet zone of 4 modules.
pub fn qr_svg(matrix: &QrMatrix, module_px: usize, label: &str) -> String {
    let quiet = 4;
    let side = matrix.size + 2 * quiet;
    let mut path = String::new();
    for y in 0..matrix.size {
        for x in 0..matrix.size {
            if matrix.modules[y * matrix.size + x] {
                path.push_str(&format!("M{} {}h1v1h-1z", x + quiet, y + quiet));
            }
        }
    }
    format!(
        "<svg id=\"request-qr\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        escape(label),
        px = side * module_px,
    )
}

/// A unix time as `DD-MM-YYYY HH:MM:SS UTC` (the day as Indonesian documents write it).
pub fn time(unix: i64) -> String {
    let date = ikd_protocol::civil_date::CivilDate::from_unix(unix)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let s = unix.rem_euclid(86_400);
    format!(
        "{date} {:02}:{:02}:{:02} UTC",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// A duration in seconds as hours and minutes (`3 j 05 m` / `3 h 05 m`).
pub fn age(seconds: i64) -> String {
    let minutes = seconds / 60;
    format!(
        "{} j {:02} m / {} h {:02} m",
        minutes / 60,
        minutes % 60,
        minutes / 60,
        minutes % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn times_are_written_in_utc() {
        assert_eq!(time(1_795_341_605), "22-11-2026 10:00:05 UTC");
    }
}
