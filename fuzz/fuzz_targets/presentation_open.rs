//! The verifier's whole path on arbitrary bytes: header, decryption, credential, checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let trust = ikd_protocol::trust::TrustList {
        sequence: 1,
        issued_at: 0,
        issuers: Vec::new(),
        verifiers: Vec::new(),
        authorities: Vec::new(),
    };
    let mut verifier = ikd_verifier::Verifier::new([0x5E; 32], trust, Default::default());
    let _ = verifier.verify_payload(data, 1_800_000_000);
    let secret = x25519_dalek::StaticSecret::from([0x5E; 32]);
    let _ = ikd_protocol::presentation::open_frame(data, &secret);
});
