//! The schema: migrations embedded in the binary (`migrations/sqlite`, `migrations/postgres`),
//! applied to an empty database on first use and otherwise only by `dossier migrate`, so a
//! database at another version is reported before anything is written to it.

use sqlx::Row;
use sqlx::migrate::Migrator;

use super::{Backend, OpenMode, Store, StoreError};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Where a database stands relative to this binary's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaState {
    /// No tables at all.
    Empty,
    /// Migrated up to this version.
    At(i64),
    /// Tables but no migration record: not a dossier store.
    Foreign,
}

fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    }
}

/// The newest schema version this binary knows.
pub fn latest_version(backend: Backend) -> i64 {
    migrator(backend)
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// Checks the schema and creates or upgrades it as `mode` allows.
pub(super) async fn prepare(store: &Store, mode: OpenMode) -> Result<(), StoreError> {
    let expected = latest_version(store.backend);
    let state = schema_state(store).await?;
    let must_migrate = match state {
        // Empty, or another process is creating the schema right now (its migration
        // table exists before its first migration is recorded).
        SchemaState::Empty | SchemaState::At(0) => true,
        SchemaState::Foreign => {
            return Err(StoreError::NotAStore {
                url: store.url.clone(),
            });
        }
        SchemaState::At(found) if found > expected => {
            return Err(StoreError::SchemaTooNew {
                url: store.url.clone(),
                found,
                expected,
            });
        }
        SchemaState::At(found) if found < expected => {
            if mode != OpenMode::Migrate {
                return Err(StoreError::SchemaTooOld {
                    url: store.url.clone(),
                    found,
                    expected,
                });
            }
            true
        }
        SchemaState::At(_) => false,
    };
    if must_migrate {
        // Each migration runs in its own transaction; PostgreSQL takes an advisory lock so
        // that workers starting together wait for each other.
        if let Err(source) = migrator(store.backend).run(&store.pool).await {
            // On SQLite two processes creating the schema together race: the loser fails
            // on an existing table. If the schema is complete now, the winner made it.
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            if schema_state(store).await? != SchemaState::At(expected) {
                return Err(StoreError::Migrate {
                    url: store.url.clone(),
                    source,
                });
            }
        }
    }
    Ok(())
}

/// Reads where the database stands without changing it.
pub async fn schema_state(store: &Store) -> Result<SchemaState, StoreError> {
    let (tables_sql, has_migrations_sql) = match store.backend {
        Backend::Sqlite => (
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        ),
        Backend::Postgres => (
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
        ),
    };
    let tables: i64 = sqlx::query(tables_sql)
        .fetch_one(&store.pool)
        .await?
        .try_get(0)?;
    if tables == 0 {
        return Ok(SchemaState::Empty);
    }
    let has_migrations: i64 = sqlx::query(has_migrations_sql)
        .fetch_one(&store.pool)
        .await?
        .try_get(0)?;
    if has_migrations == 0 {
        return Ok(SchemaState::Foreign);
    }
    let version: Option<i64> =
        sqlx::query("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&store.pool)
            .await?
            .try_get(0)?;
    Ok(SchemaState::At(version.unwrap_or(0)))
}
