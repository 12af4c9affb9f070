//! Trust and revocation list envelopes on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ikd_protocol::trust::SignedList::decode(data);
});
