//! A fresh store on either backend: SQLite in a temporary folder, or a new database on the
//! PostgreSQL server `IKD_TEST_POSTGRES` names (`postgres://user@127.0.0.1:port`, as
//! `tests/setup/postgres.sh` prints it). Without that variable a PostgreSQL case panics: it
//! must never pass without a server.

use ikd_issuer::store::{Database, PostgresStore, SqliteStore, Store};

/// The variable that names the test server.
pub const POSTGRES_VARIABLE: &str = "IKD_TEST_POSTGRES";

/// One store under test and what it lives in.
pub struct Backend {
    store: Box<dyn Store>,
    /// SQLite's folder, or the folder the PostgreSQL cases keep keys in.
    pub dir: tempfile::TempDir,
    /// Where the state is, for a second process or a raw connection.
    pub database: Database,
}

/// The test server's base URL; panics when it is not set.
pub fn postgres_server() -> String {
    std::env::var(POSTGRES_VARIABLE).unwrap_or_else(|_| {
        panic!("{POSTGRES_VARIABLE} is not set: run tests/issuer/run.sh, which starts PostgreSQL")
    })
}

/// A new, empty database on the test server; its URL.
pub fn new_postgres_database() -> String {
    let server = postgres_server();
    let mut admin = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls)
        .expect("the test PostgreSQL server answers");
    let mut suffix = [0u8; 8];
    getrandom::getrandom(&mut suffix).unwrap();
    let name = format!(
        "ikd_test_{}",
        suffix
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    format!("{server}/{name}")
}

impl Backend {
    /// SQLite in a temporary folder.
    pub fn sqlite() -> Backend {
        let dir = tempfile::tempdir().unwrap();
        Backend {
            store: Box::new(SqliteStore::open(dir.path()).unwrap()),
            dir,
            database: Database::Sqlite,
        }
    }

    /// A new database on the test PostgreSQL server.
    pub fn postgres() -> Backend {
        let url = new_postgres_database();
        Backend {
            store: Box::new(PostgresStore::connect(&url).unwrap()),
            dir: tempfile::tempdir().unwrap(),
            database: Database::Postgres(url),
        }
    }

    /// The store.
    pub fn store(&mut self) -> &mut dyn Store {
        &mut *self.store
    }

    /// The store with one enrollment `enr-1` of Siti, valid from 0 to 100.
    pub fn store_with_enrollment(&mut self) -> &mut dyn Store {
        self.store
            .add_enrollment("enr-1", "3174015708900001", &[0; 32], 0, 100)
            .unwrap();
        &mut *self.store
    }

    /// Runs `sql` on a connection of its own, past the store's API (to test what the database
    /// itself refuses).
    pub fn raw(&self, sql: &str) -> Result<(), String> {
        match &self.database {
            Database::Sqlite => rusqlite::Connection::open(self.dir.path().join("issuer.sqlite3"))
                .and_then(|c| c.execute_batch(sql))
                .map_err(|e| e.to_string()),
            Database::Postgres(url) => postgres::Client::connect(url, postgres::NoTls)
                .and_then(|mut c| c.batch_execute(sql))
                .map_err(|e| e.to_string()),
        }
    }
}
