//! The wallet's first step on a scanned QR: a desk request, card or certificate from arbitrary
//! bytes (raw or base45 text), then the shared rules on whatever decodes.
#![no_main]

use ikd_protocol::desk::certificate::DeskCertificate;
use ikd_protocol::desk::fixtures;
use ikd_protocol::desk::request::DeskRequest;
use ikd_protocol::desk::rules::check_request;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = DeskCertificate::decode(data);
    if let Ok(request) = DeskRequest::decode_scanned(data) {
        // What decodes must re-encode to the same bytes (one encoding per request).
        assert_eq!(
            DeskRequest::decode(&request.encode()).ok(),
            Some(request.clone())
        );
        let _ = check_request(&request, &fixtures::trust_list(), &[], fixtures::NOW);
    }
});
