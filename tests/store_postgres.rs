//! The store on PostgreSQL (several machines): the shared checks of `store_common`, and
//! four worker processes sharing 200 applications with no job done twice and none lost.
//!
//! Needs a server: `DOSSIER_TEST_POSTGRES_URL` names one where the user may create
//! databases (`scripts/test.sh` starts one with `scripts/pg-test.sh`). Each test works in
//! a database of its own.

mod store_common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::Row;
use store_common::*;

const URL_VARIABLE: &str = "DOSSIER_TEST_POSTGRES_URL";

/// A new, empty database on the test server; its URL.
async fn fresh_database() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let admin = std::env::var(URL_VARIABLE).unwrap_or_else(|_| {
        panic!(
            "{URL_VARIABLE} is not set: these tests need a PostgreSQL server. Run the README's test \
             command (scripts/test.sh), or `export {URL_VARIABLE}=$(bash scripts/pg-test.sh start)`"
        )
    });
    let name = format!(
        "dossier_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let pool = sqlx::PgPool::connect(&admin)
        .await
        .expect("the test server answers");
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}"
    )))
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').expect("the URL names a database");
    format!("{base}/{name}")
}

#[tokio::test(flavor = "multi_thread")]
async fn migrations_create_the_schema_in_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    check_migrations_from_empty(&fresh_database().await, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn older_and_newer_schemas_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    check_other_schemas_are_refused(&fresh_database().await, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn screen_with_db_stores_screens_and_queues_once() {
    let dir = tempfile::tempdir().unwrap();
    check_screen_into_store(&fresh_database().await, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reprocess_killed_with_sigkill_resumes_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    check_reprocess_survives_kill9(&fresh_database().await, dir.path(), 60).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reviews_are_never_overwritten_by_a_reprocess() {
    let dir = tempfile::tempdir().unwrap();
    check_reviews_survive_reprocess(&fresh_database().await, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_whose_worker_went_silent_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    check_lease_takeover(&fresh_database().await, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_blob_fails_only_its_job() {
    let dir = tempfile::tempdir().unwrap();
    check_damaged_blob_fails_only_its_job(&fresh_database().await, dir.path()).await;
}

/// Four `dossier worker` processes on one database and one blob folder take 200 queued
/// applications: every one is done exactly once, on its first claim, and they share it.
#[tokio::test(flavor = "multi_thread")]
async fn four_workers_share_200_applications_without_doing_one_twice() {
    const APPLICATIONS: usize = 200;
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database().await;
    let store = store_with_applications(&url, dir.path(), APPLICATIONS).await;
    let blobs = dir.path().join("blobs");
    let version = no_ocr_version();
    let queued = store
        .enqueue(&dossier::store::Selection::All, &version)
        .await
        .unwrap();
    assert_eq!(queued, APPLICATIONS as u64);

    let blobs_arg = blobs.to_str().unwrap();
    let worker_args = [
        "worker",
        "--db",
        &url,
        "--blobs",
        blobs_arg,
        "--no-ocr",
        "--workers",
        "1",
        "--exit-when-idle",
        "--job-delay-ms",
        "20",
        "-q",
    ];
    let started = Instant::now();
    let mut workers: Vec<_> = (0..4).map(|_| spawn_dossier(&worker_args)).collect();
    for worker in &mut workers {
        let status = worker.wait().unwrap();
        assert!(status.success(), "a worker failed");
    }
    assert!(started.elapsed() < Duration::from_secs(120));

    assert_exactly_once(&store, &version, APPLICATIONS as i64).await;
    let claimed_twice = count(
        &store,
        "SELECT COUNT(*) FROM jobs WHERE pipeline_version = $1 AND attempts <> 1",
        &version,
    )
    .await;
    assert_eq!(claimed_twice, 0, "no job was claimed twice");
    // Every process took part (a worker id is host:pid:nonce/index).
    let rows = sqlx::query(
        "SELECT worker, COUNT(*) FROM results WHERE pipeline_version = $1 GROUP BY worker",
    )
    .bind(&version)
    .fetch_all(store.pool())
    .await
    .unwrap();
    let per_worker: Vec<i64> = rows.iter().map(|row| row.get(1)).collect();
    eprintln!("applications per worker: {per_worker:?}");
    // All four normally take part; on a loaded machine one may start after the others
    // emptied the queue, so only real sharing is required.
    assert!(per_worker.len() >= 2, "{per_worker:?}");
    assert_eq!(per_worker.iter().sum::<i64>(), APPLICATIONS as i64);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_that_keeps_killing_its_workers_is_failed() {
    let dir = tempfile::tempdir().unwrap();
    check_jobs_that_keep_killing_workers_fail(&fresh_database().await, dir.path()).await;
}
