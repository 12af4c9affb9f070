//! The credential decoder (bounded, canonical CBOR) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(credential) = ikd_protocol::credential::Credential::decode(data) {
        // Whatever decodes re-encodes to the same bytes (canonical form).
        assert_eq!(credential.encode(), data);
    }
    let _ = ikd_protocol::credential::SignedCredential::decode(data);
});
