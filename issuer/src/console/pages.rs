//! The console's HTML: one function per page part, every value escaped. Bahasa Indonesia first,
//! English second (smaller, below or after).

use ikd_protocol::civil_date::CivilDate;

use crate::api::EnrollResponse;
use crate::routes::{self, Actor};
use crate::store::{AccountSummary, AuditEntry};

/// The one stylesheet (served from `/console/style.css`: the CSP allows no inline style).
pub const STYLE: &str = "\
body{font-family:sans-serif;margin:0;background:#f4f6f8;color:#1b1f23}\
header{background:#7a0c0c;color:#fff;padding:.8rem 1.2rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}\
header a,header button{color:#fff;background:none;border:0;font:inherit;cursor:pointer;text-decoration:underline}\
header form{margin:0}\
header .who{margin-left:auto}\
main{max-width:44rem;margin:1.5rem auto;background:#fff;padding:1.5rem;border-radius:.5rem}\
h1{margin-top:0;font-size:1.4rem}\
.en{color:#586069;font-size:.85em;display:block}\
label{display:block;margin:.8rem 0 .2rem;font-weight:bold}\
input,select{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box}\
button.primary{margin-top:1rem;font-size:1.1rem;padding:.5rem 1.2rem;background:#7a0c0c;color:#fff;border:0;border-radius:.3rem}\
.ok{background:#e6f4ea;border-left:4px solid #1e7e34;padding:.6rem}\
.bad{background:#fdecea;border-left:4px solid #b00020;padding:.6rem}\
.qr{text-align:center;margin:1rem 0}\
table{border-collapse:collapse;width:100%;font-size:.9rem}\
td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}\
code{word-break:break-all}";

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A text in both languages: Indonesian, then English below it.
fn both(id: &str, en: &str) -> String {
    format!("{}<span class=\"en\">{}</span>", esc(id), esc(en))
}

/// The page frame: title, navigation for a logged-in officer (with the log-out form).
pub fn layout(session: Option<(&Actor, &str)>, title: (&str, &str), content: &str) -> String {
    let nav = match session {
        None => String::new(),
        Some((actor, csrf)) => {
            let admin = if actor.role == crate::accounts::Role::Admin {
                "<a href=\"/console/audit\">Log audit</a><a href=\"/console/accounts\">Akun</a>"
            } else {
                ""
            };
            format!(
                "<a href=\"/console/enrol\">Daftarkan warga</a>\
                 <a href=\"/console/revoke\">Cabut ponsel</a>{admin}\
                 <span class=\"who\">{}</span>\
                 <form method=\"post\" action=\"/console/logout\">\
                 <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
                 <button type=\"submit\" id=\"logout\">Keluar / Log out</button></form>",
                esc(&actor.name),
                esc(csrf)
            )
        }
    };
    format!(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Konsol Petugas IKD</title>\
         <link rel=\"stylesheet\" href=\"/console/style.css\"></head><body>\
         <header><strong>IKD · Konsol Petugas</strong>{nav}</header>\
         <main><h1>{}</h1>{content}</main></body></html>",
        esc(title.0),
        both(title.0, title.1)
    )
}

/// A success or failure notice.
pub fn notice(ok: bool, id: &str, en: &str) -> String {
    let class = if ok { "ok" } else { "bad" };
    format!(
        "<p class=\"{class}\" id=\"notice\" role=\"status\">{}</p>",
        both(id, en)
    )
}

/// The login page.
pub fn login(csrf: &str, error: Option<(&str, &str)>) -> String {
    let error = error.map_or(String::new(), |(id, en)| notice(false, id, en));
    layout(
        None,
        ("Masuk", "Log in"),
        &format!(
            "{error}<form method=\"post\" action=\"/console/login\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <label for=\"username\">{}</label>\
             <input id=\"username\" name=\"username\" autocomplete=\"username\" required>\
             <label for=\"password\">{}</label>\
             <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
             <button class=\"primary\" type=\"submit\" id=\"submit\">Masuk / Log in</button></form>",
            esc(csrf),
            both("Nama pengguna", "User name"),
            both("Kata sandi", "Password"),
        ),
    )
}

/// The enrollment form.
pub fn enrol_form(csrf: &str) -> String {
    format!(
        "<p>{}</p><form method=\"post\" action=\"/console/enrol\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <label for=\"nik\">{}</label>\
         <input id=\"nik\" name=\"nik\" inputmode=\"numeric\" maxlength=\"16\" autocomplete=\"off\" required>\
         <label for=\"email\">{}</label>\
         <input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"off\" required>\
         <button class=\"primary\" type=\"submit\" id=\"submit\">Daftarkan / Enroll</button></form>",
        both(
            "Periksa KTP warga, lalu masukkan NIK dan e-mail yang bisa ia buka sekarang.",
            "Check the citizen's ID card, then enter the NIK and an e-mail they can open now."
        ),
        esc(csrf),
        both("NIK (16 angka)", "NIK (16 digits)"),
        both("E-mail warga", "Citizen's e-mail"),
    )
}

/// The enrollment result: the QR for the citizen's phone to scan.
pub fn enrolled(enrolled: &EnrollResponse, qr_svg: &str) -> String {
    format!(
        "{}<div class=\"qr\" id=\"activation-qr\">{qr_svg}</div>\
         <p>{}</p><p>{} <code id=\"enrollment-id\">{}</code><br>{} {}</p>\
         <p><a href=\"/console/enrol\">{}</a></p>",
        notice(
            true,
            "Kode aktivasi sudah dikirim ke e-mail warga.",
            "The activation code was sent to the citizen's e-mail."
        ),
        both(
            "Minta warga memindai QR ini dengan aplikasi IKD, lalu mengetik kode dari e-mailnya.",
            "Ask the citizen to scan this QR with the IKD app, then type the code from the e-mail."
        ),
        both("Nomor pendaftaran", "Enrollment"),
        esc(&enrolled.enrollment_id),
        both("Berlaku sampai (UTC)", "Valid until (UTC)"),
        esc(&time_text(enrolled.expires_at)),
        both("Daftarkan warga berikutnya", "Enroll the next citizen"),
    )
}

/// The revocation form.
pub fn revoke_form(csrf: &str) -> String {
    format!(
        "<p>{}</p><form method=\"post\" action=\"/console/revoke\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <label for=\"nik\">{}</label>\
         <input id=\"nik\" name=\"nik\" inputmode=\"numeric\" maxlength=\"16\" autocomplete=\"off\" required>\
         <button class=\"primary\" type=\"submit\" id=\"submit\">Cabut / Revoke</button></form>",
        both(
            "Ponsel yang dicabut tidak bisa dipakai lagi di loket mana pun.",
            "A revoked phone is refused at every desk."
        ),
        esc(csrf),
        both("NIK pemilik ponsel", "NIK of the phone's owner"),
    )
}

/// The audit log table (newest first); subjects are keyed hashes, shown shortened.
pub fn audit(entries: &[AuditEntry]) -> String {
    let rows: String = entries
        .iter()
        .map(|e| {
            let subject = e
                .subject
                .map_or(String::from("–"), |s| routes::hex(&s[..8]));
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                esc(&time_text(e.at)),
                esc(&e.actor),
                esc(&e.action),
                esc(&subject)
            )
        })
        .collect();
    format!(
        "<p>{}</p><table id=\"audit\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\
         <tbody>{rows}</tbody></table>",
        both(
            "Setiap tindakan petugas. NIK disimpan sebagai hash berkunci, tidak pernah terbaca.",
            "Every officer action. NIKs are kept as a keyed hash, never readable."
        ),
        both("Waktu (UTC)", "Time (UTC)"),
        both("Oleh", "By"),
        both("Tindakan", "Action"),
        both("Warga (hash)", "Citizen (hash)"),
    )
}

/// The accounts table and the form for a new one.
pub fn accounts(list: &[AccountSummary], csrf: &str, now: i64) -> String {
    let rows: String = list
        .iter()
        .map(|a| {
            let state = if a.locked_until > now {
                both("terkunci sementara", "locked for now")
            } else {
                both("aktif", "active")
            };
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{state}</td></tr>",
                esc(&a.username),
                esc(a.role.as_str()),
                esc(&time_text(a.created_at)),
            )
        })
        .collect();
    format!(
        "<table id=\"accounts\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\
         <tbody>{rows}</tbody></table>\
         <h2>{}</h2><form method=\"post\" action=\"/console/accounts\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <label for=\"username\">{}</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"off\" required>\
         <label for=\"password\">{}</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"12\" required>\
         <label for=\"role\">{}</label>\
         <select id=\"role\" name=\"role\"><option value=\"officer\">petugas / officer</option>\
         <option value=\"admin\">admin</option></select>\
         <button class=\"primary\" type=\"submit\" id=\"submit\">Buat akun / Create account</button></form>",
        both("Nama", "Name"),
        both("Peran", "Role"),
        both("Dibuat (UTC)", "Created (UTC)"),
        both("Status", "State"),
        both("Akun baru", "New account"),
        esc(csrf),
        both(
            "Nama pengguna (3-32 huruf kecil, angka, titik, tanda hubung)",
            "User name (3-32 lower-case letters, digits, dots, dashes)"
        ),
        both(
            "Kata sandi (minimal 12 karakter)",
            "Password (at least 12 characters)"
        ),
        both("Peran", "Role"),
    )
}

/// `YYYY-MM-DD HH:MM` (UTC) of a unix time.
fn time_text(unix: i64) -> String {
    let date = CivilDate::from_unix(unix).map_or(String::from("?"), crate::registry::iso);
    let seconds = unix.rem_euclid(86_400);
    format!("{date} {:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_is_escaped() {
        assert_eq!(
            esc("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(time_text(0), "1970-01-01 00:00");
        assert_eq!(time_text(1_800_000_000), "2027-01-15 08:00");
    }
}
