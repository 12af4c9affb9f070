//! What can go wrong with the database file, told apart so the app can say what to do.

use rusqlite::ErrorCode;

/// A storage failure. Messages name the kind of failure only: never a value from the database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The database file is damaged (truncated, overwritten, not a database).
    #[error("the wallet database is damaged")]
    Corrupt,
    /// The disk is full.
    #[error("the storage is full")]
    Full,
    /// The operating system reported an I/O error.
    #[error("storage input/output error")]
    Io,
    /// The folder or file is read-only.
    #[error("the storage is read-only")]
    ReadOnly,
    /// The database file cannot be opened or created.
    #[error("the wallet database cannot be opened")]
    CannotOpen,
    /// Another process holds the database.
    #[error("the wallet database is busy")]
    Busy,
    /// The database was written by a newer version of the app.
    #[error("the wallet database is from a newer app version")]
    NewerSchema,
    /// An encrypted record failed authentication, is missing, or was rolled back.
    #[error("a wallet record was tampered with")]
    Tampered,
    /// Any other SQLite failure, by its error code name.
    #[error("database error ({0})")]
    Other(String),
}

impl From<rusqlite::Error> for StorageError {
    fn from(error: rusqlite::Error) -> Self {
        let code = match &error {
            rusqlite::Error::SqliteFailure(e, _) => e.code,
            // A value of the wrong type or a missing row means the file was edited by hand.
            rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => return StorageError::Corrupt,
            other => return StorageError::Other(variant_name(other)),
        };
        match code {
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => StorageError::Corrupt,
            ErrorCode::DiskFull => StorageError::Full,
            ErrorCode::SystemIoFailure => StorageError::Io,
            ErrorCode::ReadOnly => StorageError::ReadOnly,
            ErrorCode::CannotOpen | ErrorCode::PermissionDenied => StorageError::CannotOpen,
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StorageError::Busy,
            other => StorageError::Other(format!("{other:?}")),
        }
    }
}

impl StorageError {
    /// The storage error for a file-system failure (creating the folder, writing a side file).
    pub fn from_io(error: &std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::StorageFull => StorageError::Full,
            std::io::ErrorKind::ReadOnlyFilesystem => StorageError::ReadOnly,
            _ => StorageError::CannotOpen,
        }
    }
}

/// The variant name of a rusqlite error, without its payload (which may quote SQL or values).
fn variant_name(error: &rusqlite::Error) -> String {
    let debug = format!("{error:?}");
    debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("Unknown")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some("secret".into()))
    }

    #[test]
    fn sqlite_codes_map_to_distinct_storage_errors() {
        use rusqlite::ffi;
        assert_eq!(
            StorageError::from(failure(ffi::SQLITE_CORRUPT)),
            StorageError::Corrupt
        );
        assert_eq!(
            StorageError::from(failure(ffi::SQLITE_NOTADB)),
            StorageError::Corrupt
        );
        assert_eq!(
            StorageError::from(failure(ffi::SQLITE_FULL)),
            StorageError::Full
        );
        assert_eq!(
            StorageError::from(failure(ffi::SQLITE_IOERR)),
            StorageError::Io
        );
        assert_eq!(
            StorageError::from(failure(ffi::SQLITE_READONLY)),
            StorageError::ReadOnly
        );
        assert_eq!(
            StorageError::from(failure(ffi::SQLITE_CANTOPEN)),
            StorageError::CannotOpen
        );
        assert_eq!(
            StorageError::from(failure(ffi::SQLITE_BUSY)),
            StorageError::Busy
        );
    }

    #[test]
    fn messages_never_carry_sqlite_detail_text() {
        let error = StorageError::from(rusqlite::Error::QueryReturnedNoRows);
        assert_eq!(error, StorageError::Other("QueryReturnedNoRows".into()));
        assert!(
            !StorageError::from(failure(1))
                .to_string()
                .contains("secret")
        );
    }
}
