//! The service desk's side of IDQR. [`Desk`] is the desk-first flow: a certified desk shows a
//! request (or a printed card) and accepts exactly one answer for it, with a persistent replay
//! store. [`Verifier`] checks the transitional frame format, kept only until the shells move to
//! the desk-first flow (docs/qr-format.md). Every refusal has its own [`VerifyError`] code.

pub mod credential_check;
pub mod desk;
pub mod error;
pub mod image_decode;
pub mod replay;
pub mod replay_store;
pub mod verifier;

pub use desk::{AcceptedAnswer, Desk};
pub use error::VerifyError;
pub use replay_store::{ReplayStore, SqliteReplayStore};
pub use verifier::{VerifiedPresentation, Verifier};
