//! docs/credential-format.md lists every code of every table: this test fails when the code and
//! the page disagree.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use ikd_protocol::codes::*;
use ikd_protocol::profile::DocType;

fn page() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/credential-format.md"
    ))
    .unwrap()
}

fn rows<T: Copy>(
    all: &[T],
    code: fn(T) -> u8,
    id: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
) -> Vec<String> {
    all.iter()
        .map(|&v| format!("| {} | {} | {} |", code(v), id(v), en(v)))
        .collect()
}

#[test]
fn every_code_table_row_is_on_the_page() {
    let page = page();
    let mut expected = Vec::new();
    expected.extend(rows(Sex::ALL, Sex::code, Sex::label_id, Sex::label_en));
    expected.extend(rows(
        Religion::ALL,
        Religion::code,
        Religion::label_id,
        Religion::label_en,
    ));
    expected.extend(rows(
        MaritalStatus::ALL,
        MaritalStatus::code,
        MaritalStatus::label_id,
        MaritalStatus::label_en,
    ));
    expected.extend(rows(
        BloodType::ALL,
        BloodType::code,
        BloodType::label_id,
        BloodType::label_en,
    ));
    expected.extend(rows(
        Occupation::ALL,
        Occupation::code,
        Occupation::label_id,
        Occupation::label_en,
    ));
    expected.extend(rows(
        FamilyRelation::ALL,
        FamilyRelation::code,
        FamilyRelation::label_id,
        FamilyRelation::label_en,
    ));
    expected.extend(rows(
        Education::ALL,
        Education::code,
        Education::label_id,
        Education::label_en,
    ));
    expected.extend(rows(
        Citizenship::ALL,
        Citizenship::code,
        Citizenship::label_id,
        Citizenship::label_en,
    ));
    expected.extend(rows(
        BpjsClass::ALL,
        BpjsClass::code,
        BpjsClass::label_id,
        BpjsClass::label_en,
    ));
    expected.extend(rows(
        VaccineProduct::ALL,
        VaccineProduct::code,
        VaccineProduct::label_id,
        VaccineProduct::label_en,
    ));
    for row in expected {
        assert!(
            page.lines().any(|l| l == row),
            "missing from docs/credential-format.md: {row}"
        );
    }
}

#[test]
fn every_profile_is_on_the_page_with_its_code() {
    let page = page();
    for doc_type in DocType::ALL {
        let row = format!("| {} | {:?} |", doc_type.code(), doc_type);
        assert!(
            page.lines().any(|l| l.starts_with(&row)),
            "missing profile row {row}"
        );
    }
}

#[test]
fn the_field_table_states_the_limits_the_decoder_enforces() {
    use ikd_protocol::credential::MAX_CREDENTIAL_LEN;
    use ikd_protocol::documents::bpjs::{MAX_FACILITY_CODE_LEN, MAX_FACILITY_NAME_LEN};
    use ikd_protocol::documents::kk::MAX_MEMBERS;
    use ikd_protocol::documents::vaccine::MAX_DOSES;
    use ikd_protocol::documents::{MAX_ADDRESS_LEN, MAX_NAME_LEN};
    let page = page();
    for (row, limit) in [
        (
            "| `name`, `head_name`, a member's name | text | 1-",
            MAX_NAME_LEN,
        ),
        ("| `address` | text | 1-", MAX_ADDRESS_LEN),
        ("| `members` | array | 1-", MAX_MEMBERS),
        ("| `doses` | array | 1-", MAX_DOSES),
        ("| `facility_code` | text | 1-", MAX_FACILITY_CODE_LEN),
        ("| `facility_name` | text | 1-", MAX_FACILITY_NAME_LEN),
    ] {
        let line = page
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no row {row}"));
        let stated: usize = line[row.len()..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(stated, limit, "{row}");
    }
    assert!(page.contains(&format!("at most {MAX_CREDENTIAL_LEN} bytes in all")));
}
