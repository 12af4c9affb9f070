//! The desk's whole path on an arbitrary answer: header, the open request it names, decryption,
//! credential and checks; plus the protocol's opener for a session request and a card.
#![no_main]

use std::path::Path;

use ikd_protocol::desk::answer::open_answer;
use ikd_protocol::desk::fixtures;
use ikd_protocol::profile::DocType;
use ikd_verifier::{Desk, SqliteReplayStore};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = open_answer(
        data,
        &fixtures::session_request(),
        &fixtures::desk_static(),
        Some(&fixtures::desk_ephemeral()),
    );
    let _ = open_answer(data, &fixtures::card(), &fixtures::desk_static(), None);
    let Ok(store) = SqliteReplayStore::open(Path::new(":memory:")) else {
        return;
    };
    let Ok(mut desk) = Desk::new(
        [0xD5; 32],
        fixtures::certificate(),
        fixtures::trust_list(),
        Default::default(),
        Vec::new(),
        Box::new(store),
    ) else {
        return;
    };
    let _ = desk.new_request_with(
        DocType::KtpBasic,
        fixtures::NOW,
        fixtures::NONCE,
        fixtures::desk_ephemeral(),
    );
    let _ = desk.card(DocType::KtpBasic, fixtures::NOW);
    let _ = desk.verify_answer(data, fixtures::NOW);
});
