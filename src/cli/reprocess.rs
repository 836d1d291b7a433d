//! `dossier reprocess` and `dossier worker`: run stored applications through the current
//! pipeline with the store's job queue, and `screen --db`, which stores a folder of
//! applications first and then does the same.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;

use dossier::ingest::discover;
use dossier::pipeline::ScreenSettings;
use dossier::store::work::{
    DEFAULT_LEASE, JobOutcome, WhenIdle, WorkOptions, WorkTotals, run_workers,
};
use dossier::store::{IngestOutcome, OpenMode, Selection, Store};
use dossier::summary::RunSummary;

use super::pipeline_args::PipelineArgs;
use super::progress_bar;
use super::store::{StoreArgs, open_store, runtime};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Resumable: each application is processed exactly once per pipeline version. Kill a run \
                  at any moment (even with SIGKILL) and run the same command again: what was stored stays, \
                  what was not is done. The pipeline version includes --no-ocr, --quality and a non-default \
                  --config. Reviewers' decisions are never changed; the summary lists the decisions that \
                  moved and, per finding code, how many applications gained or lost it."
)]
pub struct ReprocessArgs {
    #[command(flatten)]
    store: StoreArgs,

    #[command(flatten)]
    select: SelectArgs,

    #[command(flatten)]
    work: WorkArgs,

    #[command(flatten)]
    pipeline: PipelineArgs,
}

/// How this process's workers run: shared by `reprocess` and `worker`.
#[derive(Debug, clap::Args)]
struct WorkArgs {
    /// Applications screened at the same time in this process [default: the number of CPUs].
    #[arg(long, value_name = "N")]
    workers: Option<usize>,

    /// Seconds after which one application's screening is given up and its job failed.
    #[arg(long, value_name = "SECONDS", default_value_t = dossier::store::work::DEFAULT_JOB_TIMEOUT.as_secs_f64())]
    job_timeout: f64,

    /// Print no progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,

    /// Wait this many milliseconds before each application (tests and demonstrations of a
    /// killed run).
    #[arg(long, value_name = "MS", default_value_t = 0, hide = true)]
    job_delay_ms: u64,
}

impl WorkArgs {
    /// The work options these flags give; the lease and the idle behaviour are the caller's.
    fn options(&self, lease: Duration, when_idle: WhenIdle) -> anyhow::Result<WorkOptions> {
        Ok(WorkOptions {
            workers: self.workers.unwrap_or_else(cpus),
            lease,
            when_idle,
            job_delay: Duration::from_millis(self.job_delay_ms),
            job_timeout: seconds(self.job_timeout, "--job-timeout")?,
        })
    }
}

#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
struct SelectArgs {
    /// Every stored application.
    #[arg(long)]
    all: bool,

    /// Applications submitted on or after this day (the form's submitted_at, else the day
    /// they were stored).
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,

    /// Applications whose newest result comes from a pipeline version below this one
    /// (e.g. 0.2.0), or that have none.
    #[arg(long, value_name = "VERSION")]
    pipeline_version_below: Option<String>,
}

impl SelectArgs {
    fn selection(&self) -> Selection {
        if let Some(day) = self.since {
            Selection::Since(day)
        } else if let Some(version) = &self.pipeline_version_below {
            Selection::VersionBelow(version.clone())
        } else {
            Selection::All
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Start one per machine, any number of machines, on one PostgreSQL database and one shared \
                  blob folder. Workers claim jobs with FOR UPDATE SKIP LOCKED and send heartbeats; a job \
                  whose worker stops sending them for --lease seconds is taken over. Jobs come from \
                  `reprocess` or `screen --db` run anywhere with the same pipeline options."
)]
pub struct WorkerArgs {
    #[command(flatten)]
    store: StoreArgs,

    #[command(flatten)]
    work: WorkArgs,

    /// Stop when no job is left instead of waiting for more.
    #[arg(long)]
    exit_when_idle: bool,

    /// Seconds between looks for new jobs when idle.
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
    poll: f64,

    /// Seconds without a heartbeat after which a job is taken over from its worker.
    #[arg(long, value_name = "SECONDS", default_value_t = dossier::store::work::DEFAULT_LEASE.as_secs_f64())]
    lease: f64,

    #[command(flatten)]
    pipeline: PipelineArgs,
}

pub fn reprocess(args: ReprocessArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    runtime()?.block_on(async {
        // The store first: a wrong URL is reported before the models load.
        let store = args.store.open(OpenMode::CreateIfEmpty).await?;
        let settings = Arc::new(args.pipeline.settings()?);
        let version = settings.pipeline_version();
        let queued = store.enqueue(&args.select.selection(), &version).await?;
        if !args.work.quiet {
            eprintln!("pipeline version {version}: {queued} application(s) queued");
        }
        let options = args.work.options(DEFAULT_LEASE, WhenIdle::Exit)?;
        let outcome = work_and_report(
            &store,
            settings,
            &options,
            args.work.quiet,
            "reprocessing",
            started,
        )
        .await;
        store.close().await;
        outcome
    })
}

pub fn worker(args: WorkerArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let when_idle = if args.exit_when_idle {
        WhenIdle::Exit
    } else {
        WhenIdle::Poll(seconds(args.poll, "--poll")?)
    };
    runtime()?.block_on(async {
        let store = args.store.open(OpenMode::CreateIfEmpty).await?;
        let settings = Arc::new(args.pipeline.settings()?);
        if !args.work.quiet {
            eprintln!(
                "worker on {} for pipeline version {}",
                store.url(),
                settings.pipeline_version()
            );
        }
        let options = args
            .work
            .options(seconds(args.lease, "--lease")?, when_idle)?;
        let outcome = work_and_report(
            &store,
            settings,
            &options,
            args.work.quiet,
            "working",
            started,
        )
        .await;
        store.close().await;
        outcome
    })
}

/// `screen APPS_DIR --db URL`: stores every application of the folder, queues a job for
/// each, screens them and writes the reports to `out` when given.
pub fn screen_into_store(
    apps_dir: &std::path::Path,
    db: &str,
    blobs: Option<&PathBuf>,
    settings: ScreenSettings,
    jobs: usize,
    out: Option<&PathBuf>,
    quiet: bool,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let discovery = discover(apps_dir)
        .with_context(|| format!("cannot read the applications folder {}", apps_dir.display()))?;
    if !quiet {
        for skipped in &discovery.skipped {
            eprintln!("skipped {skipped}");
        }
    }
    let settings = Arc::new(settings);
    runtime()?.block_on(async {
        let store = open_store(db, blobs, OpenMode::CreateIfEmpty).await?;
        let progress = progress_bar(
            discovery.applications.len() as u64,
            quiet,
            "storing",
            "applications",
        );
        let mut stored_ids = Vec::with_capacity(discovery.applications.len());
        let (mut added, mut already) = (0, 0);
        for app in &discovery.applications {
            match store.ingest(app).await {
                Ok(IngestOutcome::Added) => {
                    added += 1;
                    stored_ids.push(app.id.clone());
                }
                Ok(IngestOutcome::AlreadyStored) => {
                    already += 1;
                    stored_ids.push(app.id.clone());
                }
                // One application that cannot be stored is reported; the rest go on.
                Err(dossier::store::StoreError::Application {
                    application,
                    reason,
                }) => {
                    progress.suspend(|| eprintln!("not stored: {application} {reason}"));
                }
                Err(error @ dossier::store::StoreError::Blob { .. }) => {
                    progress.suspend(|| eprintln!("not stored: {}: {error}", app.id));
                }
                Err(other) => return Err(other.into()),
            }
            progress.inc(1);
        }
        progress.finish_and_clear();
        if !quiet {
            eprintln!(
                "stored {added} new application(s) in {} ({already} already there)",
                store.url()
            );
        }
        let version = settings.pipeline_version();
        store
            .enqueue(&Selection::Applications(stored_ids.clone()), &version)
            .await?;
        let options = WorkOptions {
            workers: jobs,
            ..WorkOptions::default()
        };
        work_and_report(&store, settings, &options, quiet, "screening", started).await?;
        if let Some(path) = out {
            write_reports(&store, &stored_ids, &version, path).await?;
            if !quiet {
                eprintln!("  report: {}", path.display());
            }
        }
        store.close().await;
        Ok(())
    })
}

/// Writes the stored reports of `ids` for `version` as JSON Lines, one loaded at a time.
async fn write_reports(
    store: &Store,
    ids: &[String],
    version: &str,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    use std::io::Write;
    let file = std::fs::File::create(path)
        .with_context(|| format!("cannot create the report file {}", path.display()))?;
    let mut output = std::io::BufWriter::new(file);
    for id in ids {
        if let Some(report) = store.report(id, version).await? {
            let line = serde_json::to_string(&report).context("cannot serialise a report")?;
            writeln!(output, "{line}")
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
        }
    }
    output
        .flush()
        .with_context(|| format!("cannot write the report to {}", path.display()))
}

/// Runs the workers with a progress bar over the version's pending jobs, then prints the
/// totals, the failed jobs and what the version changed.
async fn work_and_report(
    store: &Store,
    settings: Arc<ScreenSettings>,
    options: &WorkOptions,
    quiet: bool,
    verb: &str,
    started: Instant,
) -> anyhow::Result<()> {
    let version = settings.pipeline_version();
    let pending = store.job_counts(&version).await?.pending();
    let progress = progress_bar(pending, quiet, verb, "applications");
    let summary: Arc<Mutex<RunSummary>> = Arc::default();
    let on_outcome = {
        let progress = progress.clone();
        let summary = summary.clone();
        Arc::new(move |outcome: &JobOutcome| {
            progress.inc(1);
            match outcome {
                JobOutcome::Stored { report, .. } => {
                    summary.lock().expect("not poisoned").add(report);
                }
                JobOutcome::Failed { application, error } => {
                    progress.suspend(|| eprintln!("failed: {application}: {error}"));
                }
                JobOutcome::Lost { .. } => {}
            }
        })
    };
    let totals: WorkTotals = run_workers(store, settings, options, on_outcome).await?;
    progress.finish_and_clear();
    if quiet {
        return Ok(());
    }
    let rendered = summary
        .lock()
        .expect("not poisoned")
        .render(started.elapsed());
    eprint!("{rendered}");
    eprintln!(
        "  on {} worker(s); {} failed, {} taken over by other workers",
        options.workers, totals.failed, totals.lost
    );
    let counts = store.job_counts(&version).await?;
    if counts.failed > 0 {
        eprintln!(
            "  failed jobs for this version: {} (listed below; run again to retry)",
            counts.failed
        );
        for (application, error) in store.failed_jobs(&version, 20).await? {
            eprintln!("    {application}: {error}");
        }
    }
    if counts.running > 0 {
        eprintln!("  still running on other workers: {}", counts.running);
    }
    eprint!("{}", store.change_summary(&version).await?.render());
    Ok(())
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn seconds(value: f64, flag: &str) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .with_context(|| format!("{flag} must be a positive number of seconds, got {value}"))
}
