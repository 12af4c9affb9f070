//! The service desk's side of the desk-first exchange: a certified [`Desk`] shows a request (or a
//! printed card) and accepts exactly one answer for it, with a persistent replay store. Every
//! refusal has its own [`VerifyError`] code.

pub mod credential_check;
pub mod desk;
pub mod error;
pub mod image_decode;
pub mod replay_store;

pub use desk::{AcceptedAnswer, Desk};
pub use error::VerifyError;
pub use replay_store::{ReplayStore, SqliteReplayStore};
