//! The store's command-line side: the `--db`/`--blobs` flags, opening the store on a Tokio
//! runtime, and the small commands `migrate` and `queue`.

use std::path::PathBuf;

use anyhow::Context;

use dossier::store::{OpenMode, Store, default_blob_dir};

/// Where the store is.
#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// The database: sqlite://FILE (created on first use) or postgres://USER@HOST/DB.
    #[arg(long, value_name = "URL", env = "DOSSIER_DB")]
    pub db: String,

    /// Folder of the stored uploads' bytes, named by their SHA-256 [default: FILE.blobs
    /// beside a SQLite database, ./dossier-blobs for PostgreSQL]. Every machine running
    /// workers must see the same folder (a shared mount).
    #[arg(long, value_name = "DIR", env = "DOSSIER_BLOBS")]
    pub blobs: Option<PathBuf>,
}

impl StoreArgs {
    pub async fn open(&self, mode: OpenMode) -> anyhow::Result<Store> {
        open_store(&self.db, self.blobs.as_ref(), mode).await
    }
}

/// Opens the store at `db` with its blob folder (the default one unless `blobs`).
pub async fn open_store(
    db: &str,
    blobs: Option<&PathBuf>,
    mode: OpenMode,
) -> anyhow::Result<Store> {
    let blobs = blobs.cloned().unwrap_or_else(|| default_blob_dir(db));
    Ok(Store::open(db, &blobs, mode).await?)
}

/// The runtime the store's commands run on: the pipeline itself runs on blocking threads.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "An empty database gets the schema on first use by any command; a database at an \
                  older schema is refused until this command upgrades it. Back the database up first."
)]
pub struct MigrateArgs {
    #[command(flatten)]
    store: StoreArgs,
}

pub fn migrate(args: MigrateArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let store = args.store.open(OpenMode::Migrate).await?;
        let state = dossier::store::schema_state(&store).await?;
        eprintln!("{}: schema {state:?}", store.url());
        store.close().await;
        Ok(())
    })
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Order: REUPLOAD, REJECT, NEEDS_REVIEW, PASS_WITH_WARNING, PASS; oldest first within each."
)]
pub struct QueueArgs {
    #[command(flatten)]
    store: StoreArgs,

    /// How many tasks to list.
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: i64,
}

/// Prints the open review tasks, most urgent first.
pub fn queue(args: QueueArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let store = args.store.open(OpenMode::CreateIfEmpty).await?;
        let tasks = store.open_tasks(args.limit).await?;
        if tasks.is_empty() {
            println!("the review queue is empty");
        }
        for task in tasks {
            let opened = chrono::DateTime::from_timestamp_millis(task.opened_at)
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            println!(
                "{:<18} {opened}  {}",
                task.machine_decision, task.application_id
            );
        }
        store.close().await;
        Ok(())
    })
}
