//! The worker loop shared by `screen --db`, `reprocess` and `worker`: claim a job, screen
//! the stored application with the current pipeline, store the result, repeat; a heartbeat
//! keeps the claim alive while the pipeline runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::task::JoinSet;

use super::jobs::{ClaimedJob, WorkerId};
use super::results::NewResult;
use super::{Store, StoreError};
use crate::batch::screen_guarded;
use crate::pipeline::ScreenSettings;
use crate::report::ApplicationReport;

/// How long a claimed job may go without a heartbeat before another worker takes it over.
/// Several times the slowest application we have seen (a 200 MB upload is refused at
/// ingest, and OCR of five 12-MP photos takes under a minute on two cores), so a live
/// worker is never overtaken; short enough that a dead machine's work resumes soon.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(300);

/// Longest a worker waits for one application before it fails the job: ten times the
/// slowest normal application (five 12-MP photos with OCR take about a minute on two
/// cores), so only a pathological upload or a hung stage reaches it. Without it a hung
/// pipeline would hold its job for ever, its heartbeat beating on.
pub const DEFAULT_JOB_TIMEOUT: Duration = Duration::from_secs(600);

/// Heartbeats per lease: a worker stays the holder through a missed beat or two.
const HEARTBEATS_PER_LEASE: u32 = 5;

/// How often an idle worker looks at the stop flag while it waits for jobs.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// What a worker does when no job is left to claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenIdle {
    /// Stop (`screen --db`, `reprocess`, `worker --exit-when-idle`).
    Exit,
    /// Look again after this long (`worker`).
    Poll(Duration),
}

/// How the workers of one process run.
#[derive(Debug, Clone)]
pub struct WorkOptions {
    /// Workers in this process (each screens one application at a time).
    pub workers: usize,
    pub lease: Duration,
    pub when_idle: WhenIdle,
    /// Added to every job before it is screened: only for tests and demonstrations of
    /// killing a run midway.
    pub job_delay: Duration,
    /// Longest wait for one application (see [`DEFAULT_JOB_TIMEOUT`]).
    pub job_timeout: Duration,
}

impl Default for WorkOptions {
    fn default() -> Self {
        WorkOptions {
            workers: 1,
            lease: DEFAULT_LEASE,
            when_idle: WhenIdle::Exit,
            job_delay: Duration::ZERO,
            job_timeout: DEFAULT_JOB_TIMEOUT,
        }
    }
}

/// What became of one job.
#[derive(Debug, Clone, PartialEq)]
pub enum JobOutcome {
    Stored {
        application: String,
        decision: String,
        previous: Option<String>,
        /// The report stored, for the caller's run summary.
        report: Box<ApplicationReport>,
    },
    /// The job failed (its stored files are damaged, or its result could not be written);
    /// it stays in the store with this reason and a later `reprocess` tries it again.
    Failed { application: String, error: String },
    /// Another worker had taken the job over; its result stands.
    Lost { application: String },
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkTotals {
    pub stored: u64,
    pub failed: u64,
    pub lost: u64,
}

/// Called after every job (progress bars, logs).
pub type OnOutcome = Arc<dyn Fn(&JobOutcome) + Send + Sync>;

/// Runs `options.workers` workers on the jobs of `settings`' pipeline version until none is
/// left (or for ever, when polling). Returns the totals, or the first store error that
/// stopped a worker (the others finish their current job and stop too).
pub async fn run_workers(
    store: &Store,
    settings: Arc<ScreenSettings>,
    options: &WorkOptions,
    on_outcome: OnOutcome,
) -> Result<WorkTotals, StoreError> {
    let version = settings.pipeline_version();
    store.requeue_dead_local(&version).await?;
    let nonce = format!("{:08x}", rand::random::<u32>());
    let stop = Arc::new(AtomicBool::new(false));
    let signals = tokio::spawn(stop_on_signal(stop.clone()));
    let mut set = JoinSet::new();
    for index in 0..options.workers.max(1) {
        let worker = Worker {
            store: store.clone(),
            settings: settings.clone(),
            options: options.clone(),
            id: WorkerId::new(&nonce, index),
            version: version.clone(),
            on_outcome: on_outcome.clone(),
            stop: stop.clone(),
        };
        set.spawn(async move { worker.run().await });
    }
    let mut totals = WorkTotals::default();
    let mut first_error = None;
    while let Some(joined) = set.join_next().await {
        match joined.expect("a worker task does not panic") {
            Ok(worker_totals) => {
                totals.stored += worker_totals.stored;
                totals.failed += worker_totals.failed;
                totals.lost += worker_totals.lost;
            }
            Err(error) => {
                // The others finish the application in hand and stop too.
                stop.store(true, Ordering::SeqCst);
                first_error.get_or_insert(error);
            }
        }
    }
    signals.abort();
    match first_error {
        Some(error) => Err(error),
        None => Ok(totals),
    }
}

/// On the first Ctrl-C or SIGTERM the workers finish the application in hand and claim no
/// more (nothing is lost either way: a killed job is claimed again); on the second the
/// process exits at once.
async fn stop_on_signal(stop: Arc<AtomicBool>) {
    let Ok(mut terminate) =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    else {
        return;
    };
    for _ in 0..2 {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
        if stop.swap(true, Ordering::SeqCst) {
            eprintln!("stopping now; the unfinished applications will be screened by the next run");
            std::process::exit(130);
        }
        eprintln!("stopping after the applications in hand (press Ctrl-C again to stop at once)");
    }
}

struct Worker {
    store: Store,
    settings: Arc<ScreenSettings>,
    options: WorkOptions,
    id: WorkerId,
    version: String,
    on_outcome: OnOutcome,
    stop: Arc<AtomicBool>,
}

impl Worker {
    async fn run(self) -> Result<WorkTotals, StoreError> {
        let mut totals = WorkTotals::default();
        while !self.stop.load(Ordering::SeqCst) {
            let claimed = self
                .store
                .claim(&self.id, &self.version, self.options.lease)
                .await?;
            let Some(job) = claimed else {
                match self.options.when_idle {
                    WhenIdle::Exit => return Ok(totals),
                    WhenIdle::Poll(wait) => {
                        self.wait_for_jobs(wait).await;
                        continue;
                    }
                }
            };
            let outcome = self.process(&job).await?;
            match &outcome {
                JobOutcome::Stored { .. } => totals.stored += 1,
                JobOutcome::Failed { .. } => totals.failed += 1,
                JobOutcome::Lost { .. } => totals.lost += 1,
            }
            (self.on_outcome)(&outcome);
        }
        Ok(totals)
    }

    /// Sleeps `wait`, waking early when asked to stop.
    async fn wait_for_jobs(&self, wait: Duration) {
        let mut left = wait;
        while !left.is_zero() && !self.stop.load(Ordering::SeqCst) {
            let step = left.min(STOP_CHECK);
            tokio::time::sleep(step).await;
            left -= step;
        }
    }

    /// Screens one claimed job and stores its result, keeping the claim alive meanwhile.
    async fn process(&self, job: &ClaimedJob) -> Result<JobOutcome, StoreError> {
        let heartbeat = self.spawn_heartbeat(job);
        let screened = self.screen(job).await;
        heartbeat.abort();
        let application = job.application_id.clone();
        let report = match screened {
            Ok(report) => report,
            Err(StoreError::Application { reason, .. }) => {
                self.store.fail(job, &self.id, &reason).await?;
                return Ok(JobOutcome::Failed {
                    application,
                    error: reason,
                });
            }
            Err(other) => return Err(other),
        };
        match self
            .store
            .complete(job, &self.id, &self.version, &report)
            .await
        {
            Ok(NewResult::Stored { decision, previous }) => Ok(JobOutcome::Stored {
                application,
                decision,
                previous,
                report: Box::new(report),
            }),
            Ok(NewResult::LostJob) => Ok(JobOutcome::Lost { application }),
            Err(error) => {
                // The result could not be written (a full disk, a constraint): the job
                // fails, the store keeps what it had. If even that cannot be written the
                // store is unusable and the worker stops.
                let reason = format!("cannot store the result: {error}");
                self.store.fail(job, &self.id, &reason).await?;
                Ok(JobOutcome::Failed {
                    application,
                    error: reason,
                })
            }
        }
    }

    /// Loads the stored application and runs the pipeline on it off the async threads.
    async fn screen(&self, job: &ClaimedJob) -> Result<ApplicationReport, StoreError> {
        let stored = self
            .store
            .load_application(&job.application_id)
            .await?
            .ok_or_else(|| StoreError::Application {
                application: job.application_id.clone(),
                reason: "has a job but is not in the store".to_string(),
            })?;
        let dir = self.store.as_application_dir(&stored)?;
        let settings = self.settings.clone();
        let delay = self.options.job_delay;
        let screening = tokio::task::spawn_blocking(move || {
            if !delay.is_zero() {
                std::thread::sleep(delay);
            }
            screen_guarded(&dir, &settings)
        });
        match tokio::time::timeout(self.options.job_timeout, screening).await {
            Ok(joined) => Ok(joined.expect("screen_guarded catches the pipeline's panics")),
            // The thread cannot be stopped; its result, if it ever comes, is dropped.
            Err(_) => Err(StoreError::Application {
                application: job.application_id.clone(),
                reason: format!(
                    "screening took longer than {} s and was given up; look at its uploads",
                    self.options.job_timeout.as_secs_f64()
                ),
            }),
        }
    }

    fn spawn_heartbeat(&self, job: &ClaimedJob) -> tokio::task::JoinHandle<()> {
        let store = self.store.clone();
        let id = self.id.clone();
        let job = job.clone();
        let every = self.options.lease / HEARTBEATS_PER_LEASE;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                // A failed beat is retried at the next tick; a lost job stops the beats
                // (the worker finds out when it tries to store the result).
                if let Ok(false) = store.heartbeat(&job, &id).await {
                    return;
                }
            }
        })
    }
}
