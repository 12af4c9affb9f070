//! Helpers shared by the issuer's integration tests.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

pub mod backend;
