//! Helpers shared by the issuer's integration tests.
#![allow(dead_code)]

pub mod backend;
