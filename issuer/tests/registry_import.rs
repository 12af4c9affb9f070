//! The citizen registry: an extract is imported all or nothing, bad lines are reported by
//! number without their values, and enrollment finds citizens only in the registry.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ikd_issuer::admin::{ImportError, import_registry};
use ikd_issuer::registry::LineProblem;
use ikd_issuer::store::SqliteStore;
use ikd_issuer::testkit::sample_registry;
use ikd_issuer::{IssuerConfig, IssuerHandle};

const TOKEN: &str = "registry-test-token";
const SITI: &str = "3174015708900001";
const BUDI: &str = "3174011203880002";

fn sqlite(dir: &std::path::Path) -> SqliteStore {
    SqliteStore::open(dir).unwrap()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_committed_sample_extract_is_what_the_testkit_writes() {
    // tests/fixtures/sample-registry.jsonl is what the shell test scripts import.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/sample-registry.jsonl"
    );
    if std::env::var_os("IKD_BLESS").is_some() {
        std::fs::write(path, sample_registry()).unwrap();
    }
    assert_eq!(std::fs::read_to_string(path).unwrap(), sample_registry());
}

#[test]
fn a_good_extract_is_imported_and_a_later_one_updates_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "extract.jsonl", &sample_registry());
    let count = import_registry(&mut sqlite(dir.path()), &file, 10).unwrap();
    assert_eq!(count, sample_registry().lines().count());
    // The next month's extract repeats the same citizens: they are updated, not refused.
    assert_eq!(
        import_registry(&mut sqlite(dir.path()), &file, 20).unwrap(),
        count
    );
    let store = sqlite(dir.path());
    assert_eq!(store.citizen_count().unwrap(), count as u64);
    assert!(store.citizen(SITI).unwrap().is_some());
}

#[test]
fn one_bad_line_imports_nothing_and_every_bad_line_is_reported_by_number() {
    let dir = tempfile::tempdir().unwrap();
    let good = sample_registry();
    let lines: Vec<&str> = good.lines().collect();
    let broken_nik = lines[1].replace(BUDI, "9974011203880002");
    let extract = [
        lines[0],          // 1: good
        "",                // 2: blank, skipped
        &broken_nik,       // 3: bad province
        "{\"nik\": \"x\"", // 4: not JSON
        lines[0],          // 5: Siti again
        lines[2],          // 6: good
    ]
    .join("\n");
    let file = write(dir.path(), "extract.jsonl", &extract);
    let Err(ImportError::Lines(errors)) = import_registry(&mut sqlite(dir.path()), &file, 10)
    else {
        panic!("the extract must be refused");
    };
    let numbered: Vec<(usize, &LineProblem)> =
        errors.iter().map(|e| (e.line, &e.problem)).collect();
    assert_eq!(numbered.len(), 3, "{errors:?}");
    assert_eq!(numbered[0].0, 3);
    assert!(matches!(
        numbered[0].1,
        LineProblem::Nik { field: "nik", .. }
    ));
    assert_eq!(numbered[1].0, 4);
    assert!(matches!(numbered[1].1, LineProblem::Json { .. }));
    assert_eq!(numbered[2], (5, &LineProblem::Duplicate { first_line: 1 }));
    // Messages name lines and fields, never a NIK or a name.
    for error in &errors {
        let text = error.to_string();
        assert!(!text.contains("3174") && !text.contains("CONTOH"), "{text}");
    }
    // Nothing at all was written, not even the good lines.
    assert_eq!(sqlite(dir.path()).citizen_count().unwrap(), 0);
}

#[test]
fn an_over_long_or_non_utf8_line_is_refused_and_the_rest_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let good = sample_registry();
    let first = good.lines().next().unwrap();
    let mut extract = Vec::new();
    extract.extend_from_slice(&vec![b'x'; ikd_issuer::registry::MAX_LINE_BYTES + 10]);
    extract.extend_from_slice(b"\n\xff\xfe\n");
    extract.extend_from_slice(first.as_bytes());
    let file = dir.path().join("extract.jsonl");
    std::fs::write(&file, extract).unwrap();
    let Err(ImportError::Lines(errors)) = import_registry(&mut sqlite(dir.path()), &file, 10)
    else {
        panic!("the extract must be refused");
    };
    let problems: Vec<(usize, LineProblem)> =
        errors.into_iter().map(|e| (e.line, e.problem)).collect();
    assert_eq!(
        problems,
        vec![(1, LineProblem::TooLong), (2, LineProblem::NotUtf8)]
    );
}

#[test]
fn enrollment_finds_citizens_only_in_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    // Only Siti is in this registry; Budi exists in the sample population but not here.
    let siti_only = sample_registry().lines().next().unwrap().to_string();
    let file = write(dir.path(), "extract.jsonl", &siti_only);
    import_registry(&mut sqlite(dir.path()), &file, 10).unwrap();
    let issuer = IssuerHandle::start(IssuerConfig::new(dir.path(), TOKEN)).unwrap();
    let client = reqwest::blocking::Client::new();
    let enroll = |nik: &str| {
        client
            .post(format!("{}/v1/officer/enrollments", issuer.base_url()))
            .bearer_auth(TOKEN)
            .json(&serde_json::json!({"nik": nik, "email": "warga@example.id"}))
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(enroll(SITI), 201);
    assert_eq!(enroll(BUDI), 404);
}
