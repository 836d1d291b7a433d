//! The store's behaviour, written once and run on both backends by `store_sqlite.rs` and
//! `store_postgres.rs`: each check takes the URL of an empty database.

#![allow(dead_code)] // each test binary uses a different part of the harness

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dossier::pipeline::ScreenSettings;
use dossier::store::{OpenMode, Selection, Store};
use sqlx::Row;

/// The version `dossier … --no-ocr` stores results under.
pub fn no_ocr_version() -> String {
    ScreenSettings::default().pipeline_version()
}

/// The version `dossier … --no-ocr --quality` stores results under.
pub fn no_ocr_quality_version() -> String {
    ScreenSettings {
        quality_checks: true,
        ..ScreenSettings::default()
    }
    .pipeline_version()
}

/// Writes `count` small applications: a form and two uploads each (one a valid PNG of
/// its own pixels, one a 0-byte file that becomes a finding), so every application has a
/// distinct content and at least one finding.
pub fn write_applications(root: &Path, count: usize) {
    for i in 0..count {
        let dir = root.join(format!("app-{i:05}"));
        std::fs::create_dir_all(&dir).unwrap();
        let form = serde_json::json!({
            "company_name": format!("测试公司{i}有限公司"),
            "submitted_at": format!("2026-{:02}-15", 1 + i % 12),
        });
        std::fs::write(dir.join("application.json"), form.to_string()).unwrap();
        let image = image::RgbImage::from_fn(24, 16, |x, y| {
            image::Rgb([(i % 251) as u8, (i / 251) as u8, (x * 10 + y) as u8])
        });
        image.save(dir.join("licence.png")).unwrap();
        std::fs::write(dir.join("empty.jpg"), b"").unwrap();
    }
}

/// Writes `count` applications under `scratch/apps` and stores them, unscreened, in the
/// store at `url` (blobs in `scratch/blobs`).
pub async fn store_with_applications(url: &str, scratch: &Path, count: usize) -> Store {
    let apps = scratch.join("apps");
    write_applications(&apps, count);
    let store = open(url, &scratch.join("blobs")).await;
    for app in dossier::ingest::discover(&apps).unwrap().applications {
        store.ingest(&app).await.unwrap();
    }
    store
}

/// Writes `count` applications under `scratch/apps` and runs `dossier screen --db URL
/// --no-ocr` on them; returns the blob folder (`scratch/blobs`).
pub fn screen_applications_into(url: &str, scratch: &Path, count: usize) -> PathBuf {
    let apps = scratch.join("apps");
    write_applications(&apps, count);
    let blobs = scratch.join("blobs");
    run_dossier(&[
        "screen",
        apps.to_str().unwrap(),
        "--db",
        url,
        "--blobs",
        blobs.to_str().unwrap(),
        "--no-ocr",
        "-q",
    ]);
    blobs
}

pub fn dossier_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("dossier")
}

/// Runs `dossier ARGS` to completion and returns its stderr; panics with it on failure.
pub fn run_dossier(args: &[&str]) -> String {
    let output = Command::new(dossier_bin())
        .args(args)
        .output()
        .expect("dossier runs");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        output.status.success(),
        "dossier {args:?} failed:\n{stderr}"
    );
    stderr
}

pub fn spawn_dossier(args: &[&str]) -> Child {
    Command::new(dossier_bin())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dossier starts")
}

pub async fn open(url: &str, blobs: &Path) -> Store {
    Store::open(url, blobs, OpenMode::CreateIfEmpty)
        .await
        .expect("the store opens")
}

pub async fn count(store: &Store, sql: &'static str, version: &str) -> i64 {
    sqlx::query(sql)
        .bind(version)
        .fetch_one(store.pool())
        .await
        .expect("the count runs")
        .try_get(0)
        .expect("a count")
}

/// Asserts that every stored application was processed exactly once for `version`: one
/// result, one done job, one `screened` audit entry each, and the findings rows of each
/// result matching its report.
pub async fn assert_exactly_once(store: &Store, version: &str, applications: i64) {
    let results = count(
        store,
        "SELECT COUNT(*) FROM results WHERE pipeline_version = $1",
        version,
    )
    .await;
    let distinct = count(
        store,
        "SELECT COUNT(DISTINCT application_id) FROM results WHERE pipeline_version = $1",
        version,
    )
    .await;
    let done = count(
        store,
        "SELECT COUNT(*) FROM jobs WHERE pipeline_version = $1 AND state = 'done'",
        version,
    )
    .await;
    let screened = count(
        store,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'screened' \
         AND detail LIKE '%\"pipeline_version\":\"' || $1 || '\"%'",
        version,
    )
    .await;
    assert_eq!(results, applications, "one result per application");
    assert_eq!(distinct, applications, "no application twice");
    assert_eq!(done, applications, "every job done");
    assert_eq!(screened, applications, "one audit entry per processing");
    // Findings rows: exactly those of the stored reports, none left from a lost attempt.
    let rows = sqlx::query("SELECT id, report FROM results WHERE pipeline_version = $1")
        .bind(version)
        .fetch_all(store.pool())
        .await
        .unwrap();
    let mut expected_findings = 0i64;
    for row in rows {
        let report: serde_json::Value = serde_json::from_str(&row.get::<String, _>(1)).unwrap();
        expected_findings += report["findings"].as_array().unwrap().len() as i64;
    }
    let stored_findings = count(
        store,
        "SELECT COUNT(*) FROM findings f JOIN results r ON r.id = f.result_id WHERE r.pipeline_version = $1",
        version,
    )
    .await;
    assert_eq!(stored_findings, expected_findings);
    assert!(
        expected_findings >= applications,
        "each test application has a finding"
    );
}

/// Migrations from an empty database: the schema is created, reopening changes nothing,
/// and every table is there and empty.
pub async fn check_migrations_from_empty(url: &str, scratch: &Path) {
    let store = open(url, &scratch.join("blobs")).await;
    let expected = dossier::store::latest_version(store.backend());
    assert_eq!(
        dossier::store::schema_state(&store).await.unwrap(),
        dossier::store::SchemaState::At(expected)
    );
    for table in [
        "applications",
        "blobs",
        "uploads",
        "results",
        "findings",
        "jobs",
        "review_tasks",
        "reviews",
        "audit_log",
        "users",
        "sessions",
        "api_tokens",
        "result_documents",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(store.pool())
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "{table} starts empty");
    }
    store.close().await;
    let again = open(url, &scratch.join("blobs")).await;
    assert_eq!(
        dossier::store::schema_state(&again).await.unwrap(),
        dossier::store::SchemaState::At(expected)
    );
    again.close().await;
}

/// A database at an older schema, at a newer one, or holding someone else's tables is
/// refused with a clear error, and nothing is written to it.
pub async fn check_other_schemas_are_refused(url: &str, scratch: &Path) {
    let blobs = scratch.join("blobs");
    let store = open(url, &blobs).await;
    // As if the newest migration had not been applied yet.
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    let older = match dossier::store::schema_state(&store).await.unwrap() {
        dossier::store::SchemaState::At(version) => version,
        other => panic!("{other:?}"),
    };
    store.close().await;
    let error = Store::open(url, &blobs, OpenMode::CreateIfEmpty)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(&format!("schema version {older}")) && error.contains("dossier migrate"),
        "{error}"
    );
    let fresh = open_fresh_sibling(url).await;
    let store = open(&fresh, &blobs).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         SELECT 99990101000000, 'from the future', installed_on, success, checksum, execution_time \
         FROM _sqlx_migrations WHERE version = 1",
    )
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;
    let error = Store::open(&fresh, &blobs, OpenMode::CreateIfEmpty)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("newer than this dossier knows"), "{error}");
}

/// A second empty database beside `url` (another file, or another PostgreSQL database).
async fn open_fresh_sibling(url: &str) -> String {
    if let Some(path) = url.strip_prefix("sqlite://") {
        format!("sqlite://{path}.sibling")
    } else {
        crate::fresh_database().await
    }
}

/// `screen --db` stores, screens and queues every application; a second run adds nothing.
pub async fn check_screen_into_store(url: &str, scratch: &Path) {
    let apps = scratch.join("apps");
    write_applications(&apps, 6);
    let blobs = scratch.join("blobs");
    let blobs_arg = blobs.to_str().unwrap();
    let report = scratch.join("report.jsonl");
    let apps_arg = apps.to_str().unwrap();
    run_dossier(&[
        "screen",
        apps_arg,
        "--db",
        url,
        "--blobs",
        blobs_arg,
        "--no-ocr",
        "-o",
        report.to_str().unwrap(),
    ]);
    let lines = std::fs::read_to_string(&report).unwrap();
    assert_eq!(lines.lines().count(), 6);
    let store = open(url, &blobs).await;
    let version = no_ocr_version();
    assert_exactly_once(&store, &version, 6).await;
    // Every application has a task; the 0-byte uploads make them REUPLOAD.
    let tasks = store.open_tasks(100).await.unwrap();
    assert_eq!(tasks.len(), 6);
    assert!(
        tasks.iter().all(|t| t.machine_decision == "REUPLOAD"),
        "{tasks:?}"
    );
    // The blobs are there: 6 distinct images and 6 forms; the six 0-byte files are one blob.
    let blob_rows: i64 = sqlx::query("SELECT COUNT(*) FROM blobs")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(blob_rows, 13);
    store.close().await;

    let stderr = run_dossier(&[
        "screen", apps_arg, "--db", url, "--blobs", blobs_arg, "--no-ocr",
    ]);
    assert!(stderr.contains("0 new application(s)"), "{stderr}");
    let store = open(url, &blobs).await;
    assert_exactly_once(&store, &version, 6).await;
    store.close().await;
}

/// Kills `dossier reprocess` with SIGKILL at several moments, then lets a last run
/// finish: every application ends processed exactly once for the new version.
pub async fn check_reprocess_survives_kill9(url: &str, scratch: &Path, applications: usize) {
    let blobs = screen_applications_into(url, scratch, applications);
    let blobs_arg = blobs.to_str().unwrap();

    let version = no_ocr_quality_version();
    let store = open(url, &blobs).await;
    let reprocess = [
        "reprocess",
        "--db",
        url,
        "--blobs",
        blobs_arg,
        "--all",
        "--no-ocr",
        "--quality",
        "--workers",
        "3",
        "--job-delay-ms",
        "40",
        "-q",
    ];
    let mut kills = 0;
    let mut kills_mid_job = 0;
    let mut last_done = 0;
    for stop_after in [3, 8, 15] {
        let mut child = spawn_dossier(&reprocess);
        let started = Instant::now();
        loop {
            let done = count(
                &store,
                "SELECT COUNT(*) FROM results WHERE pipeline_version = $1",
                &version,
            )
            .await;
            if done >= last_done + stop_after {
                break;
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "reprocess ended before the kill"
            );
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "reprocess made no progress"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        last_done = count(
            &store,
            "SELECT COUNT(*) FROM results WHERE pipeline_version = $1",
            &version,
        )
        .await;
        assert!(
            (last_done as usize) < applications,
            "the kill came after the end; give more applications"
        );
        // Killed mid-job: jobs are left claimed by a dead process (nearly always: three
        // workers each hold a job for the 40 ms delay).
        let running = count(
            &store,
            "SELECT COUNT(*) FROM jobs WHERE pipeline_version = $1 AND state = 'running'",
            &version,
        )
        .await;
        if running > 0 {
            kills_mid_job += 1;
        }
    }
    assert_eq!(kills, 3);
    assert!(kills_mid_job > 0, "no kill landed while a job was claimed");
    let stderr = run_dossier(&reprocess);
    assert!(stderr.is_empty(), "{stderr}");
    assert_exactly_once(&store, &version, applications as i64).await;
    // Jobs interrupted by a kill were claimed again: the store saw more claims than jobs.
    let claims = count(
        &store,
        "SELECT CAST(SUM(attempts) AS BIGINT) FROM jobs WHERE pipeline_version = $1",
        &version,
    )
    .await;
    assert!(claims > applications as i64, "{claims} claims");
    // The earlier version's results are untouched.
    assert_exactly_once(&store, &no_ocr_version(), applications as i64).await;
    store.close().await;
}

/// A reviewer's decision survives reprocessing: the task stays decided, the review row
/// stays, and the audit trail shows both.
pub async fn check_reviews_survive_reprocess(url: &str, scratch: &Path) {
    let blobs = screen_applications_into(url, scratch, 3);
    let blobs_arg = blobs.to_str().unwrap();
    let store = open(url, &blobs).await;
    let review = dossier::store::ReviewDecision {
        reviewer: "li.wei".to_string(),
        decision: "APPROVE".to_string(),
        reason_code: None,
        note: Some("empty file was a duplicate; licence fine".to_string()),
    };
    store
        .record_review("app-00001", &review, None)
        .await
        .unwrap();
    let before = store.task("app-00001").await.unwrap().unwrap();
    assert_eq!(before.status, "decided");

    run_dossier(&[
        "reprocess",
        "--db",
        url,
        "--blobs",
        blobs_arg,
        "--all",
        "--no-ocr",
        "--quality",
        "-q",
    ]);
    let after = store.task("app-00001").await.unwrap().unwrap();
    assert_eq!(
        after.status, "decided",
        "a reprocess never reopens a decided task"
    );
    assert_ne!(
        after.result_id, before.result_id,
        "the task points at the new result"
    );
    assert_eq!(store.reviews("app-00001").await.unwrap(), vec![review]);
    let trail: Vec<String> = store
        .audit_trail("app-00001")
        .await
        .unwrap()
        .into_iter()
        .map(|(_, action)| action)
        .collect();
    assert_eq!(trail, ["ingested", "screened", "reviewed", "screened"]);
    // The undecided applications are still open.
    let open_ids: Vec<String> = store
        .open_tasks(10)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.application_id)
        .collect();
    assert_eq!(open_ids.len(), 2);
    assert!(!open_ids.contains(&"app-00001".to_string()));

    // Reviews and the audit log cannot be rewritten.
    for sql in [
        "UPDATE reviews SET decision = 'REJECT'",
        "DELETE FROM reviews",
        "UPDATE audit_log SET actor = 'someone'",
        "DELETE FROM audit_log",
    ] {
        let outcome = sqlx::query(sql).execute(store.pool()).await;
        let error = outcome.expect_err(sql).to_string();
        assert!(error.contains("append-only"), "{sql}: {error}");
    }
    store.close().await;
}

/// A job whose worker stops sending heartbeats is taken over; the late worker's result is
/// refused, so the application is still processed once.
pub async fn check_lease_takeover(url: &str, scratch: &Path) {
    use dossier::store::{NewResult, WorkerId};
    let apps = scratch.join("apps");
    write_applications(&apps, 1);
    let blobs = scratch.join("blobs");
    let store = open(url, &blobs).await;
    let discovery = dossier::ingest::discover(&apps).unwrap();
    store.ingest(&discovery.applications[0]).await.unwrap();
    let version = "9.9.9+takeover";
    assert_eq!(store.enqueue(&Selection::All, version).await.unwrap(), 1);

    let slow = WorkerId::new("test", 0);
    let fast = WorkerId::new("test", 1);
    // Long enough that a loaded machine does not expire it between the first two claims.
    let lease = Duration::from_millis(1500);
    let job = store.claim(&slow, version, lease).await.unwrap().unwrap();
    assert!(
        store.claim(&fast, version, lease).await.unwrap().is_none(),
        "held"
    );
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let taken = store.claim(&fast, version, lease).await.unwrap().unwrap();
    assert_eq!(taken.id, job.id);
    assert_eq!(taken.attempts, 2);
    assert!(
        !store.heartbeat(&job, &slow).await.unwrap(),
        "the slow worker lost it"
    );

    let stored = store.load_application("app-00000").await.unwrap().unwrap();
    let dir = store.as_application_dir(&stored).unwrap();
    let report = dossier::pipeline::screen_application(&dir, &ScreenSettings::default());
    assert_eq!(
        store.complete(&job, &slow, version, &report).await.unwrap(),
        NewResult::LostJob
    );
    assert!(matches!(
        store
            .complete(&taken, &fast, version, &report)
            .await
            .unwrap(),
        NewResult::Stored { .. }
    ));
    assert_exactly_once(&store, version, 1).await;
    store.close().await;
}

/// A stored upload whose bytes are gone fails its job with a message naming it; the
/// other applications go on; once the bytes are back a rerun finishes the job.
pub async fn check_damaged_blob_fails_only_its_job(url: &str, scratch: &Path) {
    let blobs = screen_applications_into(url, scratch, 4);
    let blobs_arg = blobs.to_str().unwrap();
    let store = open(url, &blobs).await;
    let app = store.load_application("app-00002").await.unwrap().unwrap();
    let licence = app
        .uploads
        .iter()
        .find(|u| u.name == "licence.png")
        .unwrap();
    let path = store.blobs().path_of(&licence.sha256);
    let moved = scratch.join("moved-away");
    std::fs::rename(&path, &moved).unwrap();

    let args = [
        "reprocess",
        "--db",
        url,
        "--blobs",
        blobs_arg,
        "--all",
        "--no-ocr",
        "--quality",
    ];
    let stderr = run_dossier(&args);
    assert!(
        stderr.contains("app-00002")
            && stderr.contains("licence.png")
            && stderr.contains("missing"),
        "{stderr}"
    );
    let version = no_ocr_quality_version();
    let counts = store.job_counts(&version).await.unwrap();
    assert_eq!((counts.done, counts.failed), (3, 1));

    std::fs::rename(&moved, &path).unwrap();
    run_dossier(&args);
    assert_exactly_once(&store, &version, 4).await;
    store.close().await;
}

/// A job left running by a dead process of this machine is queued again, but after
/// `MAX_ATTEMPTS` deaths it is failed instead (it may be what kills the process).
pub async fn check_jobs_that_keep_killing_workers_fail(url: &str, scratch: &Path) {
    use dossier::store::WorkerId;
    let store = store_with_applications(url, scratch, 2).await;
    let version = "9.9.9+deaths";
    store.enqueue(&Selection::All, version).await.unwrap();
    let worker = WorkerId::new("t", 0);
    let lease = Duration::from_secs(600);
    let first = store.claim(&worker, version, lease).await.unwrap().unwrap();
    let second = store.claim(&worker, version, lease).await.unwrap().unwrap();
    // Pretend both were held by a process that is gone, the second after its last try.
    let dead = format!("{}:4294967:x/0", dossier::store::local_machine());
    sqlx::query("UPDATE jobs SET worker = $1")
        .bind(&dead)
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET attempts = $1 WHERE id = $2")
        .bind(dossier::store::MAX_ATTEMPTS)
        .bind(second.id)
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(store.requeue_dead_local(version).await.unwrap(), 2);
    assert_eq!(
        store
            .job_state(&first.application_id, version)
            .await
            .unwrap()
            .as_deref(),
        Some("queued")
    );
    assert_eq!(
        store
            .job_state(&second.application_id, version)
            .await
            .unwrap()
            .as_deref(),
        Some("failed")
    );
    let failed = store.failed_jobs(version, 10).await.unwrap();
    assert!(
        failed[0].1.contains("stopped without finishing"),
        "{failed:?}"
    );
    store.close().await;
}

/// An application whose screening outlasts the job timeout fails its job with a message
/// saying so, and the worker goes on with the next one.
pub async fn check_a_hung_screening_fails_its_job(url: &str, scratch: &Path) {
    use dossier::store::work::{WorkOptions, run_workers};
    let store = store_with_applications(url, scratch, 2).await;
    let settings = std::sync::Arc::new(ScreenSettings::default());
    let version = settings.pipeline_version();
    store.enqueue(&Selection::All, &version).await.unwrap();
    let options = WorkOptions {
        job_delay: Duration::from_millis(800),
        job_timeout: Duration::from_millis(200),
        ..WorkOptions::default()
    };
    let totals = run_workers(&store, settings, &options, std::sync::Arc::new(|_| {}))
        .await
        .unwrap();
    assert_eq!((totals.stored, totals.failed), (0, 2));
    let failed = store.failed_jobs(&version, 10).await.unwrap();
    assert!(failed[0].1.contains("took longer than 0.2 s"), "{failed:?}");
    store.close().await;
}
