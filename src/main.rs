//! The `dossier` command line: parses flags, resolves them once into settings, runs a
//! command and maps the outcome to an exit code (0: the run completed, whatever the
//! decisions; 2: it could not run).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use dossier::batch::screen_all;
use dossier::ingest::{IngestLimits, discover, parse_byte_size};
use dossier::pipeline::ScreenSettings;
use dossier::summary::RunSummary;

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
    /// Score a JSON Lines report (as `screen` writes it) against ground truth (truth.json files).
    Eval(EvalArgs),
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

    /// Uploads larger than this are FILE_TOO_LARGE (e.g. 10MiB, 10MB, 5000000).
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = parse_byte_size)]
    max_file_size: u64,

    /// Judge every date rule as of this day (YYYY-MM-DD), overriding each form's submitted_at.
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,

    /// Print no progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
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
        Command::Eval(args) => eval(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_COULD_NOT_RUN)
        }
    }
}

fn screen(args: ScreenArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let settings = ScreenSettings {
        limits: IngestLimits {
            max_file_bytes: args.max_file_size,
            ..IngestLimits::default()
        },
        as_of: args.as_of,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

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

    let mut output: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create the report file {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };

    let progress = progress_bar(discovery.applications.len() as u64, args.quiet);
    let mut summary = RunSummary::default();
    screen_all(&discovery.applications, &settings, jobs, |report| {
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

/// A progress bar on stderr when a person is watching; hidden in pipes, logs and CI.
fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} screening [{elapsed_precise}] {wide_bar} {pos}/{len} applications · {per_sec} · ETA {eta}",
        )
        .expect("the template is valid"),
    );
    bar
}
