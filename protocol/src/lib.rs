//! IKD protocol: the credential format (issuer-signed, compact positional CBOR), the signed lists,
//! and the desk-first exchange (a certified desk's request, the wallet's device-signed answer
//! encrypted to that desk, both rendered as QR codes).
//!
//! Everything here is a pure function over values and bytes: no files, no network, no clock
//! reads (time is always passed in). The wallet, the issuer and the verifier all share it, so a
//! byte layout is defined exactly once. The normative description is `docs/credential-format.md`
//! and `docs/qr-format.md`.

pub mod activation;
pub mod base45;
pub mod cbor;
pub mod civil_date;
pub mod codes;
pub mod credential;
pub mod desk;
pub mod documents;
#[cfg(feature = "issuer-api")]
pub mod issuer_api;
pub mod nik;
pub mod profile;
pub mod qr;
pub mod qr_codewords;
pub mod regions;
mod sealed_inner;
pub mod time_window;
pub mod trust;

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
