//! The `dossier` command line: parses flags, resolves them once into settings, runs a
//! command and maps the outcome to an exit code (0: the run completed, whatever the
//! decisions; 2: it could not run).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use dossier::batch::screen_all;
use dossier::ingest::discover;
use dossier::summary::RunSummary;

mod cli;
use cli::progress_bar;

/// Exit code when the run could not be carried out (bad arguments, unreadable input
/// folder, unwritable output). Clap uses the same code for usage errors.
const EXIT_COULD_NOT_RUN: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Checks supplier-onboarding documents (营业执照, ID cards, bank permits, VAT invoices) locally",
    long_about = "Checks supplier-onboarding documents locally: reads every upload of an application, \
                  flags unreadable, oversized and (as stages land) blurred, glared, covered or wrong \
                  documents, and writes one JSON report per application.\n\n\
                  Exit codes: 0 the run completed (whatever the decisions), 2 it could not run."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Screen a folder of applications and write one JSON object per application (JSON Lines).
    Screen(ScreenArgs),
    /// Generate synthetic applications with ground truth (truth.json) for tests and evaluation.
    Synth(SynthArgs),
    /// Score a JSON Lines report (as `screen` writes it) against ground truth (truth.json files).
    Eval(EvalArgs),
    /// Read the text lines of images with PP-OCRv5 or Tesseract (one line of text per output line).
    Ocr(cli::ocr::OcrArgs),
    /// Judge one upload as at upload time: image-quality findings with what to do, and the
    /// decision (REUPLOAD when the photo should be retaken).
    Prescreen(cli::prescreen::PrescreenArgs),
    /// Re-run the rules (field validation, cross-document checks, decision) over a report
    /// `screen` wrote, without opening an image: for backlogs when a rule changes.
    Recheck(cli::recheck::RecheckArgs),
    /// Re-run stored applications through this pipeline (resumable; prints what changed).
    Reprocess(cli::reprocess::ReprocessArgs),
    /// Take jobs from a shared store (PostgreSQL) and screen them, on any number of machines.
    Worker(cli::reprocess::WorkerArgs),
    /// List the open review tasks of a store, most urgent first.
    Queue(cli::store::QueueArgs),
    /// Upgrade a store's database to this dossier's schema.
    Migrate(cli::store::MigrateArgs),
    /// Serve the reviewer console and the pre-screen and submission API.
    Serve(cli::serve::ServeArgs),
    /// Manage console accounts.
    #[command(subcommand)]
    User(cli::serve::UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(cli::serve::TokenCommand),
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each application gets one scenario (clean, or one planted defect or rule violation); \
                        its truth.json lists the findings a correct pipeline raises. The same seed and \
                        as-of date always give the same bytes."
)]
struct SynthArgs {
    /// Folder to write the applications into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// Number of applications.
    #[arg(long, value_name = "N", default_value_t = 20)]
    count: usize,

    /// Random seed; the set is a pure function of seed, count, scenario and as-of date.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,

    /// Give every application this scenario (e.g. blur, key_field_occluded, daikai);
    /// without it 40% are clean and the rest spread over all scenarios.
    #[arg(long, value_name = "NAME")]
    scenario: Option<dossier::synth::Scenario>,

    /// The as-of date the documents' dates are relative to [default: 2026-11-28].
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,

    /// Range of the photos' long side in pixels, MIN-MAX.
    #[arg(long, value_name = "MIN-MAX", default_value = "1500-4000", value_parser = parse_range)]
    long_side: (u32, u32),

    /// JPEG quality of every photo (1-100) [default: random 80-94 per photo].
    #[arg(long, value_name = "Q", value_parser = clap::value_parser!(u8).range(1..=100))]
    jpeg_quality: Option<u8>,

    /// Number of the first application (app-00000 by default), to extend a set.
    #[arg(long, value_name = "I", default_value_t = 0)]
    first_index: usize,

    /// Applications generated in parallel [default: the number of CPUs].
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
}

fn parse_range(text: &str) -> Result<(u32, u32), String> {
    let (min, max) = text
        .split_once('-')
        .ok_or("expected MIN-MAX, e.g. 1500-4000")?;
    let min: u32 = min
        .trim()
        .parse()
        .map_err(|_| format!("`{min}` is not a whole number"))?;
    let max: u32 = max
        .trim()
        .parse()
        .map_err(|_| format!("`{max}` is not a whole number"))?;
    if min < 64 || min > max {
        return Err(format!("need 64 <= MIN <= MAX, got {min}-{max}"));
    }
    Ok((min, max))
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Input layout: APPS_DIR/<application-id>/{application.json, uploads…}; a folder \
                        holding uploads directly is screened as one application. truth.json files are \
                        ground truth and are skipped."
)]
struct ScreenArgs {
    /// Folder with one sub-folder per application.
    apps_dir: PathBuf,

    /// Write the JSON Lines report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,

    /// Applications screened in parallel [default: the number of CPUs].
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,

    /// Print no progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,

    /// Continue a stopped run: keep the complete reports already in --out, drop a cut-off
    /// last line, and screen only the applications not reported yet.
    #[arg(long, requires = "out")]
    resume: bool,

    #[command(flatten)]
    pipeline: cli::pipeline_args::PipelineArgs,

    /// Also store the applications, their results and a review task for each in this
    /// database (sqlite://FILE, created on first use, or postgres://USER@HOST/DB); a
    /// rerun screens only what is not stored yet. With it the report goes only to --out.
    #[arg(long, value_name = "URL", conflicts_with = "resume")]
    db: Option<String>,

    /// Folder of the stored uploads' bytes, named by their SHA-256 [default: FILE.blobs
    /// beside a SQLite database, ./dossier-blobs for PostgreSQL].
    #[arg(long, value_name = "DIR", requires = "db")]
    blobs: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Ground truth: every truth.json under the truth folder (e.g. DIR/<application-id>/truth.json), \
                  in the report's shape; its application id is its `application` key or else its folder's name. \
                  Only what a truth lists is scored: fields by exact match of `value` (strings trimmed), \
                  findings per code (same code, same document, overlapping region) only where the truth has \
                  a `findings` key, decisions only where it has a `decision`. A bad truth.json is a warning; \
                  a report line that is not an application report stops the run (exit code 2)."
)]
struct EvalArgs {
    /// Folder searched, at any depth, for truth.json files.
    #[arg(long, value_name = "DIR")]
    truth: PathBuf,

    /// The JSON Lines report to score: one application report per line.
    #[arg(long, value_name = "FILE")]
    report: PathBuf,

    /// Also write every score as JSON to this file.
    #[arg(long, value_name = "OUT")]
    json: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Screen(args) => screen(args),
        Command::Synth(args) => synth(args),
        Command::Eval(args) => eval(args),
        Command::Ocr(args) => cli::ocr::run(args),
        Command::Prescreen(args) => cli::prescreen::run(args),
        Command::Recheck(args) => cli::recheck::run(args),
        Command::Reprocess(args) => cli::reprocess::reprocess(args),
        Command::Worker(args) => cli::reprocess::worker(args),
        Command::Queue(args) => cli::store::queue(args),
        Command::Migrate(args) => cli::store::migrate(args),
        Command::Serve(args) => cli::serve::serve(args),
        Command::User(command) => cli::serve::user(command),
        Command::Token(command) => cli::serve::token(command),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", error_chain(&error));
            ExitCode::from(EXIT_COULD_NOT_RUN)
        }
    }
}

/// The outer error and its causes, each cause left out when an outer message already says
/// it (library errors often repeat their source in their own text).
fn error_chain(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn screen(args: ScreenArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let settings = args.pipeline.settings()?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if let Some(db) = &args.db {
        return cli::reprocess::screen_into_store(
            &args.apps_dir,
            db,
            args.blobs.as_ref(),
            settings,
            jobs,
            args.out.as_ref(),
            args.quiet,
        );
    }

    let discovery = discover(&args.apps_dir).with_context(|| {
        format!(
            "cannot read the applications folder {}",
            args.apps_dir.display()
        )
    })?;
    if !args.quiet {
        for skipped in &discovery.skipped {
            eprintln!("skipped {skipped}");
        }
    }

    let mut applications = discovery.applications;
    let mut output: Box<dyn Write> = match &args.out {
        Some(path) if args.resume && path.exists() => {
            let done = resume_report(path)?;
            applications.retain(|app| !done.contains(&app.id));
            if !args.quiet {
                eprintln!(
                    "resuming: {} application(s) already in {}",
                    done.len(),
                    path.display()
                );
            }
            Box::new(std::io::BufWriter::new(
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .with_context(|| {
                        format!("cannot append to the report file {}", path.display())
                    })?,
            ))
        }
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create the report file {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };

    let progress = progress_bar(
        applications.len() as u64,
        args.quiet,
        "screening",
        "applications",
    );
    let mut summary = RunSummary::default();
    screen_all(&applications, &settings, jobs, |report| {
        summary.add(&report);
        progress.inc(1);
        let line = serde_json::to_string(&report).context("cannot serialise a report")?;
        writeln!(output, "{line}")
            .and_then(|()| output.flush())
            .with_context(|| match &args.out {
                Some(path) => format!("cannot write the report to {}", path.display()),
                None => "cannot write the report to standard output".to_string(),
            })
    })?;
    progress.finish_and_clear();

    if !args.quiet {
        eprint!("{}", summary.render(started.elapsed()));
        if let Some(path) = &args.out {
            eprintln!("  report: {}", path.display());
        }
    }
    Ok(())
}

/// Keeps the complete report lines of a stopped run (cutting off a partial last line) and
/// returns the applications they cover.
fn resume_report(path: &std::path::Path) -> anyhow::Result<std::collections::HashSet<String>> {
    let text = std::fs::read(path)
        .with_context(|| format!("cannot read the report file {}", path.display()))?;
    let (done, complete_bytes) = dossier::batch::completed_reports(&text);
    if complete_bytes < text.len() {
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|file| file.set_len(complete_bytes as u64))
            .with_context(|| format!("cannot cut the partial last line of {}", path.display()))?;
    }
    Ok(done)
}

fn synth(args: SynthArgs) -> anyhow::Result<()> {
    use dossier::synth::{DEFAULT_AS_OF, PhotoStyle, SynthOptions, generate};
    let started = Instant::now();
    let (y, m, d) = DEFAULT_AS_OF;
    let options = SynthOptions {
        out: args.out.clone(),
        count: args.count,
        seed: args.seed,
        scenario: args.scenario,
        as_of: args
            .as_of
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(y, m, d).expect("a real date")),
        style: PhotoStyle {
            long_side: args.long_side,
            jpeg_quality: args.jpeg_quality,
        },
        first_index: args.first_index,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()?;
    let progress = progress_bar(args.count as u64, false, "generating", "applications");
    let scenarios = pool
        .install(|| generate(&options, || progress.inc(1)))
        .with_context(|| format!("cannot generate into {}", args.out.display()))?;
    progress.finish_and_clear();

    let elapsed = started.elapsed().as_secs_f64();
    let mut counts = std::collections::BTreeMap::new();
    for s in &scenarios {
        *counts.entry(s.name()).or_insert(0usize) += 1;
    }
    eprintln!(
        "generated {} application(s) in {} in {elapsed:.1} s ({:.2} s per application on {jobs} thread(s))",
        scenarios.len(),
        args.out.display(),
        elapsed / scenarios.len().max(1) as f64
    );
    let list: Vec<String> = counts
        .iter()
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    eprintln!("  scenarios: {}", list.join(" · "));
    Ok(())
}

fn eval(args: EvalArgs) -> anyhow::Result<()> {
    let truth = dossier::eval::load_truth(&args.truth).context("cannot load the ground truth")?;
    let reports = dossier::eval::load_reports(&args.report)?;
    let mut summary = dossier::eval::score(&truth.applications, &reports);
    summary.warnings.splice(0..0, truth.warnings);
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&summary).context("cannot serialise the scores")?;
        std::fs::write(path, json + "\n")
            .with_context(|| format!("cannot write the scores to {}", path.display()))?;
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(dossier::eval::render(&summary).as_bytes())
        .context("cannot write the scores to standard output")?;
    Ok(())
}
