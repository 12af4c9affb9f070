//! The reference issuing service (the Dukcapil side): an officer enrolls a citizen, the wallet
//! activates with a single-use code and a device-key signature, and receives its credentials, the
//! signed trust list and the signed revocation list. HTTP and JSON; binary values are base64url
//! without padding. The API is `docs/issuer-api.yaml`.

pub mod accounts;
pub mod admin;
pub mod api;
pub mod codes;
pub mod console;
pub mod keys;
pub mod outbox;
pub mod rate_limit;
pub mod registry;
pub mod routes;
pub mod schema;
pub mod server;
pub mod store;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use server::{IssuerConfig, IssuerHandle};
