//! The desk station (`ikd desk serve`): a web app served by the desk's own process on loopback
//! and used in an ordinary browser at the counter, with a webcam (the page sends camera frames,
//! the desk decodes them in Rust) or a USB 2D scanner in keyboard mode (a plain text field).
//! docs/desk.md describes the screens, the state and the lists.
//!
//! - [`keys`]: the desk's static key file (mode 0600);
//! - [`store`]: the state file (certificate, lists, verification log), versioned schema;
//! - [`lists`]: fetching, verifying and ageing the trust and revocation lists;
//! - [`station`]: the desk between page loads: request on screen, result on screen;
//! - [`scanned_text`]: what a keyboard-mode scanner types, back to bytes;
//! - [`texts`], [`html`], [`pages`]: the screens' words and markup;
//! - [`security`], [`routes`], [`server`]: the web server and its defences.

pub mod html;
pub mod keys;
pub mod lists;
pub mod pages;
pub mod routes;
pub mod scanned_text;
pub mod security;
pub mod server;
pub mod station;
pub mod store;
pub mod texts;

pub use server::{DEFAULT_BIND, DeskConfig, DeskHandle, StartError};
