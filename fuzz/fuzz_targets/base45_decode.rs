//! Base45 text from arbitrary bytes: whatever decodes encodes back to the same text.
#![no_main]

use ikd_protocol::base45;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(bytes) = base45::decode(data) {
        assert_eq!(base45::encode(&bytes).as_bytes(), data);
    }
});
