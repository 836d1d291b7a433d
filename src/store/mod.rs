//! Durable screening: applications, their uploads (by content hash), results per pipeline
//! version, findings, the review queue, reviewer decisions and an append-only audit log,
//! in SQLite (one file, the default) or PostgreSQL (several machines) through the same code.
//!
//! The store depends on the core (pipeline, report); nothing in the core depends on it.
//! Every write that spans rows is one transaction, so a killed process or a failed write
//! leaves the store as it was before that step.

pub mod accounts;
mod blobs;
mod error;
mod ingest;
mod jobs;
mod queue;
mod results;
mod schema;
pub mod work;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

pub use accounts::{Role, SessionUser};
pub use blobs::BlobStore;
pub use error::StoreError;
pub use ingest::{IngestOutcome, StoredApplication, StoredUpload};
pub use jobs::{ClaimedJob, JobCounts, MAX_ATTEMPTS, Selection, WorkerId, local_machine};
pub use queue::{AuditEntry, QueueFilter, QueueRow, ReviewDecision, ReviewTask, queue_priority};
pub use results::{ChangeSummary, NewResult};
pub use schema::{SchemaState, latest_version, schema_state};

/// How long a SQLite writer waits for another process's write to finish before the
/// store reports the database as locked: long enough for any one transaction of ours
/// (a few rows), short enough that a stuck lock is reported while the user is watching.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long connecting to a PostgreSQL server may take before it is called unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Which database engine a store runs on; the few statements that differ ask this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An open store: the database pool and the folder of upload bytes.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    blobs: BlobStore,
    url: String,
}

/// Whether opening may create or upgrade the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the schema in an empty database; refuse one at an older schema (the normal
    /// mode: a deployment upgrades its schema on purpose, with `dossier migrate`).
    CreateIfEmpty,
    /// Apply every pending migration (`dossier migrate`).
    Migrate,
}

impl Store {
    /// Opens the database at `url` (`sqlite://FILE` or `postgres://…`) and the blob folder
    /// `blobs`. A SQLite file is created on first use.
    pub async fn open(url: &str, blobs: &Path, mode: OpenMode) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let connect_url = match backend {
            Backend::Sqlite => sqlite_url_creating(url),
            Backend::Postgres => url.to_string(),
        };
        let options: AnyConnectOptions =
            connect_url
                .parse()
                .map_err(|source: sqlx::Error| StoreError::Connect {
                    url: redact(url),
                    source,
                })?;
        if backend == Backend::Sqlite {
            create_parent_folder(url)?;
        }
        // One connection first: a pool that cannot connect only says it timed out, while
        // this says why (refused, unknown host, bad password).
        let probe = tokio::time::timeout(CONNECT_TIMEOUT, AnyConnection::connect_with(&options))
            .await
            .map_err(|_| StoreError::Connect {
                url: redact(url),
                source: sqlx::Error::PoolTimedOut,
            })?
            .map_err(|source| StoreError::Connect {
                url: redact(url),
                source,
            })?;
        probe.close().await.map_err(StoreError::from)?;
        let pool = AnyPoolOptions::new()
            .max_connections(pool_size(backend))
            .acquire_timeout(CONNECT_TIMEOUT)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(sqlx::AssertSqlSafe(sqlite_session_pragmas()))
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Connect {
                url: redact(url),
                source,
            })?;
        if backend == Backend::Sqlite {
            // WAL lets readers (the console) work while a writer commits; it is a property
            // of the file, set once.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await
                .map_err(StoreError::from)?;
        }
        let store = Store {
            pool,
            backend,
            blobs: BlobStore::new(blobs.to_path_buf()),
            url: redact(url),
        };
        schema::prepare(&store, mode).await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The database URL with any password replaced, for messages.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes waits for another
    /// writer instead of failing when it upgrades its lock.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(tx)
    }

    /// Closes every connection (waits for running statements).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The blob folder used when none is given: beside a SQLite file (`dossier.db` →
/// `dossier.db.blobs/`), or `dossier-blobs/` in the working folder for PostgreSQL.
pub fn default_blob_dir(url: &str) -> PathBuf {
    match sqlite_path(url) {
        Some(path) if path != ":memory:" => PathBuf::from(format!("{path}.blobs")),
        _ => PathBuf::from("dossier-blobs"),
    }
}

fn backend_of(url: &str) -> Result<Backend, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(StoreError::BadUrl(url.to_string()))
    }
}

/// The file path of a `sqlite:` URL, without its query string.
fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    Some(rest.split('?').next().unwrap_or(rest))
}

/// Creates the folder a new SQLite file goes in, as the file itself is created on first use.
fn create_parent_folder(url: &str) -> Result<(), StoreError> {
    let Some(path) = sqlite_path(url).filter(|p| !p.is_empty() && *p != ":memory:") else {
        return Ok(());
    };
    match Path::new(path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Blob {
                path: parent.to_path_buf(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// Adds `mode=rwc` (create the file if missing) unless the URL sets a mode itself.
fn sqlite_url_creating(url: &str) -> String {
    if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

fn sqlite_session_pragmas() -> String {
    format!(
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {}; PRAGMA synchronous = NORMAL;",
        SQLITE_BUSY_TIMEOUT.as_millis()
    )
}

/// Connections per process: one per worker and its heartbeat, and some for the console.
/// SQLite serialises the writes itself; idle connections cost little on either backend.
fn pool_size(_backend: Backend) -> u32 {
    16
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// Milliseconds since the Unix epoch: every time column.
pub(crate) fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_kept_out_of_messages() {
        assert_eq!(
            redact("postgres://dossier:hunter2@db.internal:5432/prod"),
            "postgres://dossier:***@db.internal:5432/prod"
        );
        assert_eq!(redact("sqlite://dossier.db"), "sqlite://dossier.db");
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
    }

    #[test]
    fn blob_folder_defaults_beside_the_sqlite_file() {
        assert_eq!(
            default_blob_dir("sqlite://data/dossier.db"),
            PathBuf::from("data/dossier.db.blobs")
        );
        assert_eq!(
            default_blob_dir("sqlite:dossier.db?mode=rwc"),
            PathBuf::from("dossier.db.blobs")
        );
        assert_eq!(
            default_blob_dir("postgres://h/db"),
            PathBuf::from("dossier-blobs")
        );
    }

    #[test]
    fn unknown_url_schemes_are_refused() {
        assert!(matches!(
            backend_of("mysql://x/y"),
            Err(StoreError::BadUrl(_))
        ));
        assert_eq!(backend_of("sqlite::memory:").unwrap(), Backend::Sqlite);
        assert_eq!(backend_of("postgresql://h/db").unwrap(), Backend::Postgres);
    }

    #[test]
    fn sqlite_files_are_created_unless_a_mode_is_given() {
        assert_eq!(
            sqlite_url_creating("sqlite://a.db"),
            "sqlite://a.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating("sqlite://a.db?mode=ro"),
            "sqlite://a.db?mode=ro"
        );
    }
}
