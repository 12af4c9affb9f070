//! A desk revocation list from arbitrary bytes: the envelope, then the body under the trust list.
#![no_main]

use ikd_protocol::desk::fixtures;
use ikd_protocol::desk::revocation::DeskRevocationList;
use ikd_protocol::trust::SignedList;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(signed) = SignedList::decode(data) {
        let _ = DeskRevocationList::verify(&signed, &fixtures::trust_list(), fixtures::today());
        let _ =
            DeskRevocationList::verify_with_key(&signed, &fixtures::authority().verifying_key());
    }
    // The body alone, as if its signature were right: reaches the body decoder's every branch.
    let signed = SignedList {
        body: data.to_vec(),
        signature: [0; 64],
    };
    let _ = DeskRevocationList::verify(&signed, &fixtures::trust_list(), fixtures::today());
});
