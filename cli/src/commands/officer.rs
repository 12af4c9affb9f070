//! `ikd officer enroll` and `ikd officer revoke`.

use clap::Subcommand;
use ikd_protocol::issuer_api::{
    EnrollRequest, EnrollResponse, ErrorBody, LoginRequest, LoginResponse, RevokeRequest,
    RevokeResponse,
};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::output;

/// Officer commands (the bearer token comes from `IKD_OFFICER_TOKEN`: the token `ikd officer
/// login` prints).
#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// Log in with your own account; prints the session token to put in IKD_OFFICER_TOKEN.
    #[command(
        after_help = "Example:\n  export IKD_OFFICER_TOKEN=$(ikd officer login --server https://ikd.example.id --username budi)"
    )]
    Login {
        /// Issuer base URL.
        #[arg(long)]
        server: String,
        /// Your account name.
        #[arg(long)]
        username: String,
    },
    /// Enroll a citizen: prints the activation QR text; the code goes to the citizen's e-mail.
    #[command(
        after_help = "Example:\n  ikd officer enroll --server http://127.0.0.1:8080 --nik 3174015708900001 --email siti.contoh@example.id"
    )]
    Enroll {
        /// Issuer base URL.
        #[arg(long)]
        server: String,
        /// The citizen's NIK.
        #[arg(long)]
        nik: String,
        /// The citizen's e-mail.
        #[arg(long)]
        email: String,
    },
    /// Revoke a citizen's phone (lost or stolen).
    Revoke {
        /// Issuer base URL.
        #[arg(long)]
        server: String,
        /// The citizen's NIK.
        #[arg(long)]
        nik: String,
    },
}

fn token() -> Result<String, String> {
    std::env::var("IKD_OFFICER_TOKEN")
        .map_err(|_| "atur IKD_OFFICER_TOKEN / set IKD_OFFICER_TOKEN".to_string())
}

fn post<B: Serialize, R: DeserializeOwned>(
    server: &str,
    path: &str,
    token: &str,
    body: &B,
) -> Result<R, String> {
    // No redirects: they would carry the session token and the NIK elsewhere.
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|_| "klien HTTP gagal / HTTP client failed".to_string())?;
    let response = client
        .post(format!("{}{path}", server.trim_end_matches('/')))
        .bearer_auth(token)
        .json(body)
        .send()
        .map_err(|_| "server tidak terjangkau / server unreachable".to_string())?;
    if response.status().is_success() {
        response
            .json()
            .map_err(|_| "jawaban tidak dikenal / unexpected answer".to_string())
    } else {
        let error = response
            .json::<ErrorBody>()
            .map_err(|_| "jawaban tidak dikenal / unexpected answer".to_string())?
            .error;
        Err(format!(
            "{} / {} ({})",
            error.message_id, error.message_en, error.code
        ))
    }
}

/// Enrolls through the HTTP API; returns the enrollment.
pub fn enroll(server: &str, token: &str, nik: &str, email: &str) -> Result<EnrollResponse, String> {
    post(
        server,
        "/v1/officer/enrollments",
        token,
        &EnrollRequest {
            nik: nik.into(),
            email: email.into(),
        },
    )
}

/// Runs an officer command.
pub fn run(command: OfficerCommand) -> Result<(), String> {
    match command {
        OfficerCommand::Login { server, username } => {
            let password = crate::pin_input::PinSource::from_stdin()
                .read_secret("Kata sandi / password", "kata sandi / password")?;
            let answer: LoginResponse = post(
                &server,
                "/v1/officer/login",
                "",
                &LoginRequest {
                    username,
                    password: password.to_string(),
                },
            )?;
            output::value(&answer.token);
            Ok(())
        }
        OfficerCommand::Enroll { server, nik, email } => {
            let enrollment = enroll(&server, &token()?, &nik, &email)?;
            output::step(
                "Warga terdaftar; kode aktivasi dikirim ke e-mail",
                "Citizen enrolled; activation code sent by e-mail",
            );
            output::detail(&format!(
                "QR aktivasi / activation QR: {}",
                enrollment.activation_qr
            ));
            Ok(())
        }
        OfficerCommand::Revoke { server, nik } => {
            let answer: RevokeResponse = post(
                &server,
                "/v1/officer/revocations",
                &token()?,
                &RevokeRequest { nik },
            )?;
            if answer.revoked {
                output::step("Ponsel warga dicabut", "The citizen's phone was revoked");
            } else {
                output::step(
                    "Tidak ada ponsel aktif untuk NIK ini",
                    "No active phone for this NIK",
                );
            }
            Ok(())
        }
    }
}
