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

/// Another process holding the write lock past the busy timeout: `screen --db` stops with
/// a message saying the database is locked, and writes no row.
#[tokio::test(flavor = "multi_thread")]
async fn a_locked_database_is_reported_and_nothing_is_half_written() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let blobs = dir.path().join("blobs");
    open(&url, &blobs).await.close().await;
    let apps = dir.path().join("apps");
    write_applications(&apps, 2);

    let mut holder = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();
    sqlx::query("INSERT INTO blobs (sha256, size, stored_at) VALUES ('held', 0, 0)")
        .execute(&mut holder)
        .await
        .unwrap();
    let output = std::process::Command::new(dossier_bin())
        .args(["screen", apps.to_str().unwrap(), "--db", &url, "--blobs"])
        .arg(&blobs)
        .arg("--no-ocr")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("locked by another process"), "{stderr}");
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    holder.close().await.unwrap();

    let store = open(&url, &blobs).await;
    for table in ["applications", "uploads", "jobs", "results", "audit_log"] {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(n, 0, "{table} has rows");
    }
    store.close().await;
}

/// SIGTERM stops a `worker` after the applications in hand: it exits cleanly and leaves no
/// job claimed.
#[tokio::test(flavor = "multi_thread")]
async fn sigterm_stops_a_worker_after_its_jobs_in_hand() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let store = store_with_applications(&url, dir.path(), 30).await;
    let blobs = dir.path().join("blobs");
    let version = no_ocr_version();
    store
        .enqueue(&dossier::store::Selection::All, &version)
        .await
        .unwrap();
    let mut worker = spawn_dossier(&[
        "worker",
        "--db",
        &url,
        "--blobs",
        blobs.to_str().unwrap(),
        "--no-ocr",
        "--workers",
        "2",
        "--job-delay-ms",
        "50",
        "-q",
    ]);
    while count(
        &store,
        "SELECT COUNT(*) FROM results WHERE pipeline_version = $1",
        &version,
    )
    .await
        < 4
    {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let status = std::process::Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = worker.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let counts = store.job_counts(&version).await.unwrap();
    assert_eq!(counts.running, 0, "{counts:?}");
    assert!(counts.queued > 0, "stopped before the end: {counts:?}");
    assert_eq!(counts.done + counts.queued, 30);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_that_keeps_killing_its_workers_is_failed() {
    let dir = tempfile::tempdir().unwrap();
    check_jobs_that_keep_killing_workers_fail(&sqlite_url(dir.path()), dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_screening_that_hangs_fails_its_job_after_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    check_a_hung_screening_fails_its_job(&sqlite_url(dir.path()), dir.path()).await;
}
