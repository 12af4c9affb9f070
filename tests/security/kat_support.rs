//! Shared by the known-answer tests of several crates (included with `#[path]`): loads the vector
//! files of `tests/vectors/` and records each suite's figures for `tests/security/run.sh`.
#![allow(dead_code, clippy::unwrap_used)] // test support code

use std::path::PathBuf;

/// The repository's `tests/vectors/` folder.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// A vector file, parsed.
pub fn load(relative: &str) -> serde_json::Value {
    let path = vectors_dir().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// A hex field of a vector.
pub fn hex_field(value: &serde_json::Value, name: &str) -> Vec<u8> {
    let text = value[name]
        .as_str()
        .unwrap_or_else(|| panic!("field {name} missing"));
    hex::decode(text).unwrap()
}

/// A hex field of a known length.
pub fn hex_array<const N: usize>(value: &serde_json::Value, name: &str) -> [u8; N] {
    hex_field(value, name).try_into().unwrap()
}

/// Every test of a Wycheproof file, with the group it belongs to.
pub fn wycheproof_tests(file: &str) -> Vec<(serde_json::Value, serde_json::Value)> {
    let suite = load(&format!("wycheproof/{file}"));
    let declared = suite["numberOfTests"].as_u64().unwrap() as usize;
    let mut tests = Vec::new();
    for group in suite["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            tests.push((group.clone(), test.clone()));
        }
    }
    // A truncated or edited file would silently test less.
    assert_eq!(
        tests.len(),
        declared,
        "{file}: test count differs from the header"
    );
    tests
}

/// Records "`suite`: `passed` of `total` vectors passed" for the security run's closing note.
/// The line is written only when every vector passed (a failure fails the test first).
pub fn record_figures(suite: &str, passed: usize, total: usize, note: &str) {
    assert_eq!(passed, total, "{suite}: {passed} of {total} vectors passed");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("security-figures");
    std::fs::create_dir_all(&dir).unwrap();
    let mut line = format!("{suite}: {passed} of {total} vectors passed");
    if !note.is_empty() {
        line.push_str(&format!(" ({note})"));
    }
    std::fs::write(dir.join(format!("kat-{suite}.txt")), line + "\n").unwrap();
}
