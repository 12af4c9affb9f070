//! A QR's payload from arbitrary data codewords (the first byte is the version): never a panic,
//! and never more payload than the codewords can carry (numeric mode's 3 digits per 10 bits is
//! the densest).
#![no_main]

use ikd_protocol::qr_codewords::payload_from_codewords;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&version, codewords)) = data.split_first() else {
        return;
    };
    if let Ok(payload) = payload_from_codewords(version, codewords) {
        assert!(payload.len() * 10 <= codewords.len() * 8 * 3);
    }
});
