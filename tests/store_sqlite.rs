//! The store on SQLite (the embedded default): migrations, `screen --db`, a reprocess
//! killed with SIGKILL and resumed, reviews surviving a reprocess, lease takeover, a
//! damaged blob, and a locked database.

mod store_common;

use store_common::*;

/// Required by the shared checks for a second empty database; SQLite uses a sibling file.
async fn fresh_database() -> String {
    unreachable!("SQLite checks use sibling files")
}

fn sqlite_url(dir: &std::path::Path) -> String {
    format!("sqlite://{}", dir.join("store/dossier.db").display())
}

#[tokio::test(flavor = "multi_thread")]
async fn migrations_create_the_schema_in_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    check_migrations_from_empty(&sqlite_url(dir.path()), dir.path()).await;
    assert!(dir.path().join("store/dossier.db").is_file());
}

#[tokio::test(flavor = "multi_thread")]
async fn older_newer_and_foreign_schemas_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    check_other_schemas_are_refused(&sqlite_url(dir.path()), dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_with_other_tables_is_not_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    std::fs::create_dir_all(dir.path().join("store")).unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("{url}?mode=rwc"))
        .await
        .unwrap();
    sqlx::query("CREATE TABLE customers (id INTEGER)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let error = dossier::store::Store::open(
        &url,
        &dir.path().join("blobs"),
        dossier::store::OpenMode::CreateIfEmpty,
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(error.contains("not dossier's"), "{error}");
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(tables, 1, "nothing was created");
}

#[tokio::test(flavor = "multi_thread")]
async fn screen_with_db_stores_screens_and_queues_once() {
    let dir = tempfile::tempdir().unwrap();
    check_screen_into_store(&sqlite_url(dir.path()), dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reprocess_killed_with_sigkill_resumes_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    check_reprocess_survives_kill9(&sqlite_url(dir.path()), dir.path(), 60).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reviews_are_never_overwritten_by_a_reprocess() {
    let dir = tempfile::tempdir().unwrap();
    check_reviews_survive_reprocess(&sqlite_url(dir.path()), dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_whose_worker_went_silent_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    check_lease_takeover(&sqlite_url(dir.path()), dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_blob_fails_only_its_job() {
    let dir = tempfile::tempdir().unwrap();
    check_damaged_blob_fails_only_its_job(&sqlite_url(dir.path()), dir.path()).await;
}
