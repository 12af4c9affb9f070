//! The service desk's side of IDQR: checks a frame as DESIGN.md section 6 says, in this order,
//! each failure with its own reason: addressed to us, decrypts, issuer trusted and signature
//! valid, device signature valid, window, not expired, not revoked, not replayed.

pub mod error;
pub mod image_decode;
pub mod replay;
pub mod verifier;

pub use error::VerifyError;
pub use verifier::{VerifiedPresentation, Verifier};
