//! What can go wrong with the store, each said so that the user knows what to do.

use std::path::PathBuf;

/// A store failure. Database errors that mean "locked" or "unreachable" get their own
/// variants because the user's next step differs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "`{0}` is not a database URL: give sqlite://FILE (created on first use) or postgres://USER@HOST/DB"
    )]
    BadUrl(String),

    #[error("cannot connect to the database {url}")]
    Connect { url: String, source: sqlx::Error },

    #[error(
        "the database {url} is at schema version {found} and this dossier needs {expected}: \
         back it up, then run `dossier migrate --db URL` with the same URL"
    )]
    SchemaTooOld {
        url: String,
        found: i64,
        expected: i64,
    },

    #[error(
        "the database {url} is at schema version {found}, newer than this dossier knows ({expected}): \
         use a newer dossier"
    )]
    SchemaTooNew {
        url: String,
        found: i64,
        expected: i64,
    },

    #[error(
        "the database {url} holds tables that are not dossier's (or a damaged schema): give an empty database or a dossier store"
    )]
    NotAStore { url: String },

    #[error("cannot migrate the database {url}")]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },

    #[error(
        "the database is locked by another process (waited {} s); is another dossier writing to the same SQLite file?",
        super::SQLITE_BUSY_TIMEOUT.as_secs()
    )]
    Locked { source: sqlx::Error },

    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),

    #[error("{path}: {source}")]
    Blob {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("application {application}: {reason}")]
    Application { application: String, reason: String },

    #[error("{0}")]
    Account(String),

    #[error(
        "application {application} was screened again since the page was loaded: reload it and decide on the new result"
    )]
    Stale { application: String },

    #[error("a stored report cannot be read")]
    CorruptReport(#[source] serde_json::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(source: sqlx::Error) -> Self {
        if is_locked(&source) {
            StoreError::Locked { source }
        } else {
            StoreError::Database(source)
        }
    }
}

/// SQLite's "database is locked" / "database table is locked" (SQLITE_BUSY, SQLITE_LOCKED).
fn is_locked(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            matches!(db.code().as_deref(), Some("5") | Some("6"))
                || db.message().contains("database is locked")
        }
        _ => false,
    }
}
