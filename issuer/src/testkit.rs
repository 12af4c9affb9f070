//! For tests and the demo only (feature `testkit`): the fictional sample population of
//! `ikd_protocol::fixtures`, written as a registry extract and imported through the same path
//! as a real one. The service itself never reads fixtures.

use std::path::{Path, PathBuf};

use ikd_protocol::fixtures::population;

use crate::admin::{self, ImportError};
use crate::registry::Citizen;
use crate::store::SqliteStore;

/// The sample population as registry lines (JSON Lines, one citizen per line).
pub fn sample_registry() -> String {
    population()
        .into_iter()
        .map(|c| {
            let citizen = Citizen {
                ktp: c.ktp,
                family_card: c.family_card,
                vaccine: Some(c.vaccine),
                bpjs: Some(c.bpjs),
            };
            citizen.to_json() + "\n"
        })
        .collect()
}

/// Writes the sample extract to `<data_dir>/sample-registry.jsonl` and imports it into that
/// data folder's SQLite database; returns the file's path.
pub fn import_sample_population(data_dir: &Path, now: i64) -> Result<PathBuf, ImportError> {
    std::fs::create_dir_all(data_dir).map_err(|_| ImportError::Storage)?;
    let file = data_dir.join("sample-registry.jsonl");
    std::fs::write(&file, sample_registry()).map_err(|_| ImportError::Storage)?;
    let mut store = SqliteStore::open(data_dir).map_err(|_| ImportError::Storage)?;
    admin::import_registry(&mut store, &file, now)?;
    Ok(file)
}
