//! The screens, as whole HTML pages rendered on the server: set-up, waiting, camera, result.
//! Pure functions from what the station returned to text; no script or style inline (the CSP
//! forbids it), every form carries the CSRF token.

use ikd_protocol::desk::certificate::DeskCertificate;
use ikd_protocol::profile::DocType;

use crate::html::{age, escape, qr_svg, time};
use crate::lists::Freshness;
use crate::station::{CertificateStatus, SetupStatus, ShownRequest, ShownResult};
use crate::texts::{self, Text};

/// Pixels per module of the request QR on screen: large enough for a phone at arm's length.
pub const REQUEST_MODULE_PX: usize = 6;

fn both(text: Text) -> String {
    format!(
        "<span lang=\"id\">{}</span> <span class=\"en\" lang=\"en\">{}</span>",
        escape(text.id),
        escape(text.en)
    )
}

fn both_block(text: Text) -> String {
    format!(
        "<span lang=\"id\">{}</span><br><span class=\"en\" lang=\"en\">{}</span>",
        escape(text.id),
        escape(text.en)
    )
}

fn form(action: &str, token: &str, id: &str, inner: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{action}\" id=\"{id}\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">{inner}</form>",
        escape(token)
    )
}

fn button(text: Text, class: &str) -> String {
    format!(
        "<button type=\"submit\" class=\"{class}\">{} / {}</button>",
        escape(text.id),
        escape(text.en)
    )
}

/// The page frame: title, navigation, body. `head` adds tags to the head (the meta refresh).
pub fn layout(screen: &str, token: &str, head: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"desk-token\" content=\"{}\">{head}\
         <title>{} / {}</title><link rel=\"stylesheet\" href=\"/assets/desk.css\"></head>\
         <body class=\"screen-{screen}\"><header><strong>{}</strong>\
         <nav><a href=\"/waiting\">{}</a> <a href=\"/setup\">{}</a></nav></header>\
         <main>{body}</main></body></html>",
        escape(token),
        escape(texts::TITLE.id),
        escape(texts::TITLE.en),
        both(texts::TITLE),
        both(texts::TO_WAITING),
        both(texts::TO_SETUP),
    )
}

fn freshness_line(label: Text, held: (Option<u64>, Freshness)) -> String {
    let (sequence, freshness) = held;
    let state = match freshness {
        Freshness::Missing => format!("<span class=\"bad\">{}</span>", both(texts::LISTS_MISSING)),
        Freshness::Fresh(a) => format!(
            "<span class=\"good\">{}</span> ({} {})",
            both(texts::LISTS_OK),
            both(texts::AGE),
            escape(&age(a))
        ),
        Freshness::TooOld(a) => format!(
            "<span class=\"bad\">{}</span> ({} {})",
            both(texts::LISTS_TOO_OLD),
            both(texts::AGE),
            escape(&age(a))
        ),
    };
    let sequence = sequence.map(|s| format!(" #{s}")).unwrap_or_default();
    format!("<dt>{}{sequence}</dt><dd>{state}</dd>", both(label))
}

fn profiles(certificate: &DeskCertificate) -> String {
    certificate
        .body
        .allowed
        .profiles()
        .iter()
        .map(|p| format!("{} / {}", p.label_id(), p.label_en()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Set-up: the key's fingerprint, the certificate, the lists and the last checks.
pub fn setup(status: &SetupStatus, token: &str) -> String {
    let mut body = format!("<h1>{}</h1><dl class=\"status\">", both(texts::SETUP));
    match &status.key {
        Ok(fingerprint) => {
            body += &format!(
                "<dt>{}</dt><dd><code id=\"fingerprint\">{}</code></dd>",
                both(texts::FINGERPRINT),
                escape(fingerprint)
            );
        }
        Err(e) => {
            let text = match e {
                crate::keys::KeyError::TooOpen => texts::KEY_TOO_OPEN,
                crate::keys::KeyError::Damaged => texts::KEY_DAMAGED,
                _ => texts::NO_KEY,
            };
            body += &format!(
                "<dt>{}</dt><dd class=\"bad\" id=\"key-problem\">{}</dd>",
                both(texts::FINGERPRINT),
                both(text)
            );
        }
    }
    body += &match &status.certificate {
        CertificateStatus::Held {
            certificate,
            refusal,
        } => {
            let b = &certificate.body;
            let state = match refusal {
                None => format!(
                    "<span class=\"good\">{}</span>",
                    both(texts::CERTIFICATE_OK)
                ),
                Some(e) => format!(
                    "<span class=\"bad\">{} / {}</span>",
                    escape(e.reason_id()),
                    escape(e.reason_en())
                ),
            };
            format!(
                "<dt>{}</dt><dd id=\"institution\">{}</dd><dt>{}</dt><dd>{}</dd>\
                 <dt>{}</dt><dd>{}</dd><dt>{}</dt><dd id=\"certificate-state\">{}: {} \u{2013} {}</dd>",
                both(texts::INSTITUTION),
                escape(&format!(
                    "{} ({} / {})",
                    b.institution,
                    b.sector.label_id(),
                    b.sector.label_en()
                )),
                both(texts::DESK),
                escape(&b.desk),
                both(texts::ALLOWED),
                escape(&profiles(certificate)),
                both(texts::VALIDITY),
                state,
                escape(&day(b.valid_from)),
                escape(&day(b.valid_until)),
            )
        }
        CertificateStatus::Missing => format!(
            "<dt>{}</dt><dd class=\"bad\" id=\"certificate-state\">{}</dd>",
            both(texts::CHECK_CERTIFICATE),
            both(texts::NO_CERTIFICATE)
        ),
        CertificateStatus::OtherKey => format!(
            "<dt>{}</dt><dd class=\"bad\" id=\"certificate-state\">{}</dd>",
            both(texts::CHECK_CERTIFICATE),
            both(texts::CERTIFICATE_OTHER_KEY)
        ),
        CertificateStatus::Damaged => format!(
            "<dt>{}</dt><dd class=\"bad\" id=\"certificate-state\">{}</dd>",
            both(texts::CHECK_CERTIFICATE),
            both(texts::CERTIFICATE_DAMAGED)
        ),
    };
    body += &freshness_line(texts::TRUST_LIST, status.trust);
    body += &freshness_line(texts::REVOCATION_LIST, status.revocation);
    body += "</dl>";
    if let Some(problem) = status.list_problem {
        body += &format!(
            "<p class=\"warn\" id=\"list-problem\">{}</p>",
            both(problem)
        );
    }
    body += "<div class=\"actions\">";
    if status.key.is_err() {
        body += &form(
            "/setup/key",
            token,
            "make-key",
            &button(texts::MAKE_KEY, "primary"),
        );
    }
    body += &form(
        "/setup/certificate",
        token,
        "check-certificate",
        &button(texts::CHECK_CERTIFICATE, ""),
    );
    body += &form(
        "/setup/lists",
        token,
        "update-lists",
        &button(texts::UPDATE_LISTS, ""),
    );
    if status.ready {
        body += &format!(
            "<a class=\"button primary\" id=\"start\" href=\"/waiting\">{} / {}</a>",
            escape(texts::TO_WAITING.id),
            escape(texts::TO_WAITING.en)
        );
    }
    body += "</div>";
    if !status.log.is_empty() {
        body += &format!(
            "<h2>{}</h2><table class=\"log\"><tbody>",
            both(texts::RECENT)
        );
        for entry in &status.log {
            let profile = entry
                .profile
                .and_then(DocType::from_code)
                .map(|p| p.label_id())
                .unwrap_or("\u{2013}");
            body += &format!(
                "<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
                escape(&time(entry.at)),
                escape(profile),
                if entry.accepted { "good" } else { "bad" },
                escape(&entry.reason)
            );
        }
        body += "</tbody></table>";
    }
    layout("setup", token, "", &body)
}

fn day(day: i32) -> String {
    time(i64::from(day) * 86_400)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string()
}

fn scanner_form(token: &str) -> String {
    form(
        "/scan",
        token,
        "scanner",
        &format!(
            "<label for=\"payload\">{}</label>\
             <input type=\"text\" id=\"payload\" name=\"payload\" autocomplete=\"off\" \
              autocapitalize=\"off\" spellcheck=\"false\" autofocus maxlength=\"{}\">{}",
            both(texts::SCANNER),
            crate::scanned_text::MAX_TYPED_LEN,
            button(texts::CHECK, "")
        ),
    )
}

/// Waiting: the request QR with its expiry, the profile choice, the camera and the scanner.
pub fn waiting(
    request: &ShownRequest,
    allowed: &[DocType],
    expired_before: bool,
    now: i64,
    token: &str,
) -> String {
    let svg = match ikd_protocol::desk::qr_matrix(&request.bytes) {
        Ok(matrix) => qr_svg(&matrix, REQUEST_MODULE_PX, texts::WAITING.en),
        Err(_) => String::new(),
    };
    let mut body = format!("<h1>{}</h1>", both_block(texts::WAITING));
    if expired_before {
        body += &format!("<p class=\"warn\">{}</p>", both(texts::EXPIRED_REQUEST));
    }
    body += &format!(
        "<div class=\"request\"><div class=\"qr\">{svg}</div><div class=\"about\">\
         <p class=\"profile\" id=\"request-profile\">{}: <strong>{} / {}</strong></p>\
         <p id=\"request-expiry\">{}: <strong>{}</strong></p>",
        both(texts::PROFILE),
        escape(request.profile.label_id()),
        escape(request.profile.label_en()),
        both(texts::EXPIRES),
        escape(&time(request.expires_at)),
    );
    if allowed.len() > 1 {
        let options: String = allowed
            .iter()
            .map(|p| {
                format!(
                    "<option value=\"{}\"{}>{} / {}</option>",
                    p.code(),
                    if *p == request.profile {
                        " selected"
                    } else {
                        ""
                    },
                    escape(p.label_id()),
                    escape(p.label_en())
                )
            })
            .collect();
        body += &form(
            "/waiting/profile",
            token,
            "profile",
            &format!(
                "<label for=\"profile-choice\">{}</label><select id=\"profile-choice\" name=\"profile\">{options}</select>{}",
                both(texts::ASK_FOR),
                button(texts::ASK_FOR, "")
            ),
        );
    }
    body += &format!(
        "<p><a class=\"button primary\" id=\"open-camera\" href=\"/camera\">{} / {}</a></p></div></div>",
        escape(texts::OPEN_CAMERA.id),
        escape(texts::OPEN_CAMERA.en)
    );
    body += &scanner_form(token);
    // Reload when the request expires, so a new one is on screen without a click.
    let refresh = (request.expires_at - now + 1).max(1);
    layout(
        "waiting",
        token,
        &format!("<meta http-equiv=\"refresh\" content=\"{refresh}\">"),
        &body,
    )
}

/// Camera: the live picture; the script sends frames to the desk, which decodes them.
pub fn camera(token: &str) -> String {
    let body = format!(
        "<h1>{}</h1><div class=\"camera\"><video id=\"camera\" autoplay muted playsinline></video>\
         <canvas id=\"frame\" hidden></canvas></div>\
         <p id=\"camera-state\" aria-live=\"polite\" data-no-camera-id=\"{}\" data-no-camera-en=\"{}\">{}</p>\
         {}<p><a class=\"button\" href=\"/waiting\">{} / {}</a></p>\
         <script src=\"/assets/camera.js\"></script>",
        both_block(texts::CAMERA),
        escape(texts::NO_CAMERA.id),
        escape(texts::NO_CAMERA.en),
        both(texts::LOOKING),
        scanner_form(token),
        escape(texts::BACK.id),
        escape(texts::BACK.en),
    );
    layout("camera", token, "", &body)
}

/// Result: SAH or DITOLAK, the reason, the fields, the profile and the time.
pub fn result(shown: &ShownResult, token: &str) -> String {
    let (class, verdict) = if shown.accepted {
        ("valid", texts::VALID)
    } else {
        ("refused", texts::REFUSED)
    };
    let mut body = format!(
        "<div class=\"verdict {class}\" id=\"verdict\" data-code=\"{}\"><span class=\"big\" lang=\"id\">{}</span> \
         <span class=\"en\" lang=\"en\">{}</span></div>",
        escape(shown.code),
        escape(verdict.id),
        escape(verdict.en)
    );
    if let Some(reason) = shown.reason {
        body += &format!(
            "<p class=\"reason\" id=\"reason\"><span lang=\"id\">{}</span><br><span class=\"en\" lang=\"en\">{}</span><br><code>{}</code></p>",
            escape(reason.id),
            escape(reason.en),
            escape(shown.code)
        );
    }
    if !shown.fields.is_empty() {
        body += "<dl class=\"fields\" id=\"fields\">";
        for field in &shown.fields {
            body += &format!(
                "<dt>{} <span class=\"en\">/ {}</span></dt><dd>{}</dd>",
                escape(field.label_id),
                escape(field.label_en),
                escape(&field.value)
            );
        }
        body += "</dl>";
    }
    body += "<dl class=\"status\">";
    if let Some(profile) = shown.profile {
        body += &format!(
            "<dt>{}</dt><dd id=\"result-profile\">{} / {}</dd>",
            both(texts::PROFILE),
            escape(profile.label_id()),
            escape(profile.label_en())
        );
    }
    body += &format!(
        "<dt>{}</dt><dd id=\"result-time\">{}</dd></dl><div class=\"actions\">",
        both(texts::TIME),
        escape(&time(shown.at))
    );
    if !shown.accepted {
        body += &format!(
            "<a class=\"button\" id=\"try-again\" href=\"/waiting\">{} / {}</a>",
            escape(texts::TRY_AGAIN.id),
            escape(texts::TRY_AGAIN.en)
        );
    }
    body += &form(
        "/next",
        token,
        "next",
        &button(texts::NEXT_CITIZEN, "primary"),
    );
    body += "</div>";
    layout("result", token, "", &body)
}

/// A page saying what is wrong and where to go.
pub fn message(text: Text, token: &str, link: &str) -> String {
    let label = if link == "/setup" {
        texts::TO_SETUP
    } else {
        texts::BACK
    };
    let body = format!(
        "<p class=\"warn\" id=\"message\">{}</p><p><a class=\"button\" href=\"{link}\">{} / {}</a></p>",
        both(text),
        escape(label.id),
        escape(label.en)
    );
    layout("message", token, "", &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::station::ShownField;
    use zeroize::Zeroizing;

    fn shown(accepted: bool, value: &str) -> ShownResult {
        ShownResult {
            accepted,
            code: if accepted { "accepted" } else { "replayed" },
            reason: (!accepted).then_some(texts::LISTS_TOO_OLD),
            profile: Some(DocType::KtpBasic),
            at: 1_795_341_605,
            fields: vec![ShownField {
                label_id: "Nama",
                label_en: "Name",
                value: Zeroizing::new(value.to_string()),
            }],
        }
    }

    #[test]
    fn a_result_shows_the_verdict_in_both_languages_and_escapes_every_value() {
        let page = result(&shown(true, "<script>alert(1)</script>"), "t0k");
        assert!(page.contains(">SAH<") && page.contains(">VALID<"));
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("name=\"csrf\" value=\"t0k\""));
        let refused = result(&shown(false, "x"), "t0k");
        assert!(refused.contains(">DITOLAK<") && refused.contains("terlalu lama"));
    }

    #[test]
    fn no_page_has_inline_script_or_style() {
        let pages = [
            result(&shown(true, "v"), "t"),
            camera("t"),
            message(texts::NOT_READY, "t", "/setup"),
        ];
        for page in pages {
            assert!(!page.contains("<script>"), "inline script");
            assert!(!page.contains("style="), "inline style");
            assert!(!page.contains("<style"), "inline style");
        }
    }
}
