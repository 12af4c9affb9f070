//! The PIN: its rules, the Argon2id step, and the slot that wraps the master key under it.

pub mod kdf;
pub mod rules;
pub mod slot;
