//! Jobs: one per (application, pipeline version). Queued by `screen` and `reprocess`,
//! claimed by workers (PostgreSQL: `FOR UPDATE SKIP LOCKED`), kept alive by heartbeats and
//! taken over when their worker has died.

use std::time::Duration;

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use sqlx::Row;

use super::{Backend, Store, StoreError, now_millis};

/// A job whose worker died this many times is failed rather than tried again: the
/// application probably kills the process (out of memory), and it must not take every
/// worker down in turn.
pub const MAX_ATTEMPTS: i64 = 3;

/// Applications inserted per transaction when a selection is computed in Rust: bounds
/// both the memory and the length of a write lock.
const ENQUEUE_BATCH: usize = 500;

/// Which stored applications to (re)process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every stored application.
    All,
    /// Applications submitted on or after this day (the form's `submitted_at`, else the day
    /// the store received them).
    Since(NaiveDate),
    /// Applications whose newest result is from a pipeline version below this one (or that
    /// have no result).
    VersionBelow(String),
    /// These applications.
    Applications(Vec<String>),
}

/// Who holds a job: `machine:pid:nonce/index` (machine: see [`local_machine`]), unique per
/// worker task, readable in logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerId(String);

impl WorkerId {
    /// A new id for worker `index` of this process.
    pub fn new(nonce: &str, index: usize) -> WorkerId {
        WorkerId(format!(
            "{}:{}:{nonce}/{index}",
            local_machine(),
            std::process::id()
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A job a worker has claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedJob {
    pub id: i64,
    pub application_id: String,
    pub attempts: i64,
}

/// How many jobs of a version are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    pub queued: u64,
    pub running: u64,
    pub done: u64,
    pub failed: u64,
}

impl JobCounts {
    /// Jobs not finished yet.
    pub fn pending(&self) -> u64 {
        self.queued + self.running
    }
}

impl Store {
    /// Queues a job for `version` for every selected application that has none yet, and
    /// queues again the selected ones whose job failed. Returns how many were queued.
    /// Never loads the backlog into memory: plain selections are one `INSERT … SELECT`;
    /// a version comparison streams the results and inserts in batches.
    pub async fn enqueue(&self, selection: &Selection, version: &str) -> Result<u64, StoreError> {
        match selection {
            // Every submission date is after the empty string.
            Selection::All => self.enqueue_since("", version).await,
            Selection::Since(day) => self.enqueue_since(&day.to_string(), version).await,
            Selection::VersionBelow(below) => self.enqueue_below(below, version).await,
            Selection::Applications(ids) => {
                let mut queued = 0;
                for chunk in ids.chunks(ENQUEUE_BATCH) {
                    queued += self.enqueue_ids(chunk, version).await?;
                }
                Ok(queued)
            }
        }
    }

    async fn enqueue_since(&self, since: &str, version: &str) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut queued = sqlx::query(
            "INSERT INTO jobs (application_id, pipeline_version, state, created_at) \
             SELECT id, $1, 'queued', $3 FROM applications WHERE submitted_at >= $2 \
             ON CONFLICT (application_id, pipeline_version) DO NOTHING",
        )
        .bind(version)
        .bind(since)
        .bind(now_millis())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        queued += sqlx::query(
            "UPDATE jobs SET state = 'queued', error = NULL, attempts = 0 \
             WHERE pipeline_version = $1 AND state = 'failed' AND application_id IN \
             (SELECT id FROM applications WHERE submitted_at >= $2)",
        )
        .bind(version)
        .bind(since)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(queued)
    }

    async fn enqueue_ids(&self, ids: &[String], version: &str) -> Result<u64, StoreError> {
        let now = now_millis();
        let mut tx = self.begin_write().await?;
        let mut queued = 0;
        for id in ids {
            queued += sqlx::query(
                "INSERT INTO jobs (application_id, pipeline_version, state, created_at) \
                 VALUES ($1, $2, 'queued', $3) ON CONFLICT (application_id, pipeline_version) DO NOTHING",
            )
            .bind(id)
            .bind(version)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            queued += sqlx::query(
                "UPDATE jobs SET state = 'queued', error = NULL, attempts = 0 \
                 WHERE application_id = $1 AND pipeline_version = $2 AND state = 'failed'",
            )
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(queued)
    }

    async fn enqueue_below(&self, below: &str, version: &str) -> Result<u64, StoreError> {
        let below = VersionKey::parse(below);
        // Each application with the newest version of its results (NULL: none), streamed.
        let mut rows = sqlx::query(
            "SELECT a.id, r.pipeline_version FROM applications a \
             LEFT JOIN results r ON r.application_id = a.id ORDER BY a.id",
        )
        .fetch(&self.pool);
        let mut selected = Vec::with_capacity(ENQUEUE_BATCH);
        let mut current: Option<(String, Option<VersionKey>)> = None;
        let mut queued = 0;
        // The stream holds a connection; batches are written through others from the pool.
        while let Some(row) = rows.try_next().await? {
            let id: String = row.try_get(0)?;
            let version_of_row: Option<String> = row.try_get(1)?;
            let key = version_of_row.as_deref().map(VersionKey::parse);
            match &mut current {
                Some((current_id, newest)) if *current_id == id => {
                    if key > *newest {
                        *newest = key;
                    }
                }
                _ => {
                    if let Some((done_id, newest)) = current.take()
                        && newest.is_none_or(|v| v < below)
                    {
                        selected.push(done_id);
                    }
                    current = Some((id, key));
                }
            }
            if selected.len() >= ENQUEUE_BATCH {
                queued += self.enqueue_ids(&selected, version).await?;
                selected.clear();
            }
        }
        if let Some((done_id, newest)) = current
            && newest.is_none_or(|v| v < below)
        {
            selected.push(done_id);
        }
        queued += self.enqueue_ids(&selected, version).await?;
        Ok(queued)
    }

    /// Puts back in the queue the jobs held by workers of this machine whose process is
    /// gone (a killed run), so a rerun resumes at once instead of waiting for the lease.
    pub async fn requeue_dead_local(&self, version: &str) -> Result<u64, StoreError> {
        let rows = sqlx::query(
            "SELECT id, worker FROM jobs WHERE pipeline_version = $1 AND state = 'running'",
        )
        .bind(version)
        .fetch_all(&self.pool)
        .await?;
        let mut requeued = 0;
        for row in rows {
            let id: i64 = row.try_get(0)?;
            let worker: Option<String> = row.try_get(1)?;
            if worker.as_deref().is_some_and(is_dead_local_worker) {
                // A job whose workers died MAX_ATTEMPTS times is failed, not queued again:
                // it probably kills the process (out of memory) and would do so for ever.
                requeued += sqlx::query(
                    "UPDATE jobs SET worker = NULL, \
                     state = CASE WHEN attempts >= $3 THEN 'failed' ELSE 'queued' END, \
                     error = CASE WHEN attempts >= $3 \
                       THEN 'its worker stopped without finishing it ' || attempts || ' times' ELSE NULL END \
                     WHERE id = $1 AND state = 'running' AND worker = $2",
                )
                .bind(id)
                .bind(worker)
                .bind(MAX_ATTEMPTS)
                .execute(&self.pool)
                .await?
                .rows_affected();
            }
        }
        Ok(requeued)
    }

    /// Claims the next job of `version`: a queued one, or one whose worker has not sent a
    /// heartbeat for `lease` (it died). Jobs are taken in id order. On PostgreSQL
    /// concurrent workers skip each other's locked rows; SQLite serialises writers.
    pub async fn claim(
        &self,
        worker: &WorkerId,
        version: &str,
        lease: Duration,
    ) -> Result<Option<ClaimedJob>, StoreError> {
        let now = now_millis();
        let stale = now - lease.as_millis() as i64;
        let mut tx = self.begin_write().await?;
        // A job whose workers keep dying is failed, not handed to the next one.
        sqlx::query(
            "UPDATE jobs SET state = 'failed', finished_at = $3, \
             error = 'its worker stopped without finishing it ' || attempts || ' times' \
             WHERE pipeline_version = $1 AND state = 'running' AND heartbeat_at < $2 AND attempts >= $4",
        )
        .bind(version)
        .bind(stale)
        .bind(now)
        .bind(MAX_ATTEMPTS)
        .execute(&mut *tx)
        .await?;
        // Queued jobs first, then those whose worker went silent: two lookups on the
        // (pipeline_version, state, id) index rather than one scan past the done jobs.
        let (queued, stale_running) = match self.backend {
            Backend::Postgres => (
                "SELECT id FROM jobs WHERE pipeline_version = $1 AND state = 'queued' \
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
                "SELECT id FROM jobs WHERE pipeline_version = $1 AND state = 'running' AND heartbeat_at < $2 \
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
            ),
            Backend::Sqlite => (
                "SELECT id FROM jobs WHERE pipeline_version = $1 AND state = 'queued' \
                 ORDER BY id LIMIT 1",
                "SELECT id FROM jobs WHERE pipeline_version = $1 AND state = 'running' AND heartbeat_at < $2 \
                 ORDER BY id LIMIT 1",
            ),
        };
        let mut picked = sqlx::query(queued)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        if picked.is_none() {
            picked = sqlx::query(stale_running)
                .bind(version)
                .bind(stale)
                .fetch_optional(&mut *tx)
                .await?;
        }
        let Some(id) = picked.map(|row| row.try_get::<i64, _>(0)).transpose()? else {
            tx.commit().await?;
            return Ok(None);
        };
        let row = sqlx::query(
            "UPDATE jobs SET state = 'running', worker = $2, heartbeat_at = $3, attempts = attempts + 1 \
             WHERE id = $1 RETURNING application_id, attempts",
        )
        .bind(id)
        .bind(worker.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let job = ClaimedJob {
            id,
            application_id: row.try_get(0)?,
            attempts: row.try_get(1)?,
        };
        tx.commit().await?;
        Ok(Some(job))
    }

    /// Tells the store the worker is still on the job. Returns false when the job is no
    /// longer this worker's (it was taken over after a missed lease).
    pub async fn heartbeat(&self, job: &ClaimedJob, worker: &WorkerId) -> Result<bool, StoreError> {
        let updated = sqlx::query(
            "UPDATE jobs SET heartbeat_at = $3 WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(job.id)
        .bind(worker.as_str())
        .bind(now_millis())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(updated == 1)
    }

    /// Marks the job failed with the reason (the application could not be loaded, or its
    /// result could not be written); a later `reprocess` queues it again.
    pub async fn fail(
        &self,
        job: &ClaimedJob,
        worker: &WorkerId,
        error: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET state = 'failed', error = $3, finished_at = $4 \
             WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(job.id)
        .bind(worker.as_str())
        .bind(error)
        .bind(now_millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The state of the job of `application` for `version` (`queued`, `running`, `done`,
    /// `failed`), if there is one.
    pub async fn job_state(
        &self,
        application: &str,
        version: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT state FROM jobs WHERE application_id = $1 AND pipeline_version = $2",
        )
        .bind(application)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| row.try_get(0)).transpose()?)
    }

    /// The jobs of `version` per state.
    pub async fn job_counts(&self, version: &str) -> Result<JobCounts, StoreError> {
        let rows = sqlx::query(
            "SELECT state, COUNT(*) FROM jobs WHERE pipeline_version = $1 GROUP BY state",
        )
        .bind(version)
        .fetch_all(&self.pool)
        .await?;
        let mut counts = JobCounts::default();
        for row in rows {
            let state: String = row.try_get(0)?;
            let n = row.try_get::<i64, _>(1)? as u64;
            match state.as_str() {
                "queued" => counts.queued = n,
                "running" => counts.running = n,
                "done" => counts.done = n,
                "failed" => counts.failed = n,
                _ => {}
            }
        }
        Ok(counts)
    }

    /// The failed jobs of `version` as (application, error), for the run's summary.
    pub async fn failed_jobs(
        &self,
        version: &str,
        limit: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT application_id, COALESCE(error, '') FROM jobs \
             WHERE pipeline_version = $1 AND state = 'failed' ORDER BY id LIMIT $2",
        )
        .bind(version)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}

/// A pipeline version made comparable: the numbers of its `MAJOR.MINOR.PATCH` prefix, then
/// the rest as text (`0.1.0+ocr+documents` < `0.2.0+ocr`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct VersionKey {
    numbers: Vec<u64>,
    rest: String,
}

impl VersionKey {
    fn parse(version: &str) -> VersionKey {
        let split = version.find(['+', '-', ';']).unwrap_or(version.len());
        let (numbers, rest) = version.split_at(split);
        VersionKey {
            numbers: numbers
                .split('.')
                .map(|part| part.parse().unwrap_or(0))
                .collect(),
            rest: rest.to_string(),
        }
    }
}

/// Where a worker's PID means something: the host name plus the PID namespace
/// (`vm@pidns4026531836`). Containers that share a host name (host networking, a fixed
/// `hostname:`) but not a PID namespace are different places, so one never takes another's
/// live worker for dead.
pub fn local_machine() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|name| name.trim().replace([':', '@'], "-"))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".to_string());
    // The link reads `pid:[4026531836]`.
    let namespace = std::fs::read_link("/proc/self/ns/pid")
        .ok()
        .map(|link| {
            link.to_string_lossy()
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|digits| !digits.is_empty());
    match namespace {
        Some(inode) => format!("{host}@pidns{inode}"),
        None => host,
    }
}

/// Whether `worker` ran on this machine in a process that no longer exists.
fn is_dead_local_worker(worker: &str) -> bool {
    let mut parts = worker.splitn(3, ':');
    let (Some(host), Some(pid)) = (parts.next(), parts.next()) else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    host == local_machine()
        && pid != std::process::id()
        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_number_first() {
        let v = VersionKey::parse;
        assert!(v("0.1.0+ocr+documents") < v("0.2.0+ocr"));
        assert!(v("0.9.0") < v("0.10.0"));
        assert!(v("1.0.0+a") < v("1.0.0+b"));
        assert_eq!(v("0.1.0"), v("0.1.0"));
    }

    #[test]
    fn only_workers_of_gone_local_processes_are_dead() {
        let host = local_machine();
        // This process is alive.
        assert!(!is_dead_local_worker(&format!(
            "{host}:{}:n/0",
            std::process::id()
        )));
        // PIDs are below the kernel's pid_max (at most 2^22); this one cannot exist.
        assert!(is_dead_local_worker(&format!("{host}:4294967:n/0")));
        // Another machine's worker is judged by its lease, not here; so is one of another
        // PID namespace on this host (a container).
        assert!(!is_dead_local_worker("some-other-host:4294967:n/0"));
        let host_only = host.split('@').next().unwrap();
        assert!(!is_dead_local_worker(&format!(
            "{host_only}@pidns1:4294967:n/0"
        )));
        assert!(!is_dead_local_worker("garbage"));
    }
}
