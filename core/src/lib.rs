//! IKD Wallet engine.
