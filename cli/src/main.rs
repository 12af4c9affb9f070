//! `ikd`: the IKD Wallet on the command line. `ikd demo` walks the whole story on loopback; the
//! other commands do one step each. PINs are read from the terminal (or stdin when it is not a
//! terminal), never from the command line. Exit code 0 on success, 1 with a one-line reason.

#![allow(clippy::print_stdout)] // a command-line program prints

mod commands;
mod home;
mod output;
mod pin_input;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// IKD Wallet: Identitas Kependudukan Digital on the command line.
#[derive(Debug, Parser)]
#[command(name = "ikd", version, about, long_about = None, after_help = "Examples:\n  ikd demo\n  ikd demo --home /tmp/ikd-demo\n  ikd wallet status\n  ikd verify --image /tmp/ikd-demo/last-qr.png --home /tmp/ikd-demo")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The whole story on loopback: issuer, enrollment, activation, unlock, KTP, QR, desk check, PIN change.
    #[command(
        after_help = "Example:\n  ikd demo --home /tmp/ikd-demo   (keeps every file it made in /tmp/ikd-demo)"
    )]
    Demo {
        /// Keep every file (issuer data, vault, last QR, trust list) in this folder.
        #[arg(long)]
        home: Option<PathBuf>,
    },
    /// The reference issuing service.
    #[command(subcommand)]
    Issuer(commands::issuer::IssuerCommand),
    /// What a Dukcapil officer does.
    #[command(subcommand)]
    Officer(commands::officer::OfficerCommand),
    /// The citizen's wallet.
    #[command(subcommand)]
    Wallet(commands::wallet::WalletCommand),
    /// A service desk of the desk-first flow: its own key, its certificate, a printed card.
    #[command(subcommand)]
    Desk(commands::desk::DeskCommand),
    /// Check a QR as a service desk does (image or payload).
    #[command(
        after_help = "Examples:\n  ikd verify --image last-qr.png\n  ikd verify --payload-hex 0100ab... --at 2026-11-22T10:00:00Z"
    )]
    Verify(commands::verify::VerifyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo { home } => commands::demo::run(home),
        Command::Issuer(c) => commands::issuer::run(c),
        Command::Officer(c) => commands::officer::run(c),
        Command::Wallet(c) => commands::wallet::run(c),
        Command::Desk(c) => commands::desk::run(c),
        Command::Verify(args) => commands::verify::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("ikd: {reason}");
            ExitCode::FAILURE
        }
    }
}
