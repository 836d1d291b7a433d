//! `dossier recheck`: re-runs the rules over a report `screen` wrote, with the documents as
//! they were read, so a changed rule or threshold reaches a backlog in seconds instead of
//! an OCR run.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;

use dossier::ingest::{ApplicationForm, IngestLimits, discover, load_form};
use dossier::pipeline::recheck_report;
use dossier::report::ApplicationReport;
use dossier::rules::RulesConfig;

use super::progress_bar;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "What is kept: every document as read (types, fields, regions) and the findings about \
                  files and pixels (size, decoding, blur, glare, folds, covered key fields, …). What is \
                  computed again: field validation, the cross-document checks and the decision, with the \
                  rules of this build and --config. Forms are read again from APPS_DIR when given, so a \
                  corrected application.json counts. Images are not opened: a change to OCR or to the \
                  image checks needs `screen`."
)]
pub struct RecheckArgs {
    /// The JSON Lines report of an earlier `screen` run.
    #[arg(long, value_name = "FILE")]
    report: PathBuf,

    /// The applications folder the report was screened from, for the forms
    /// (application.json); without it the rules run without forms.
    #[arg(long, value_name = "DIR")]
    apps: Option<PathBuf>,

    /// Write the new JSON Lines report here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,

    /// Judge every date rule as of this day (YYYY-MM-DD) instead of each report's as-of date.
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,

    /// Settings file (see dossier.toml in the repository) [default: built-in defaults].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Print no progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: RecheckArgs) -> anyhow::Result<()> {
    let rules = match &args.config {
        Some(path) => dossier::config::DossierConfig::load(path)?.rules,
        None => RulesConfig::default(),
    };
    let forms = match &args.apps {
        Some(dir) => load_forms(dir)?,
        None => HashMap::new(),
    };
    let input = std::fs::File::open(&args.report)
        .with_context(|| format!("cannot open the report {}", args.report.display()))?;
    let lines: Vec<String> = std::io::BufReader::new(input)
        .lines()
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read the report {}", args.report.display()))?;
    let mut output: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    let progress = progress_bar(
        lines.len() as u64,
        args.quiet,
        "re-checking",
        "applications",
    );
    let mut changed = 0usize;
    let mut total = 0usize;
    for (number, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let old: ApplicationReport = serde_json::from_str(line).with_context(|| {
            format!(
                "{} line {}: not an application report",
                args.report.display(),
                number + 1
            )
        })?;
        let before = old.decision;
        let form = forms.get(&old.application);
        let new = recheck_report(old, form, args.as_of, &rules);
        total += 1;
        changed += usize::from(new.decision != before);
        writeln!(output, "{}", serde_json::to_string(&new)?)
            .context("cannot write the new report")?;
        progress.inc(1);
    }
    output.flush().context("cannot write the new report")?;
    progress.finish_and_clear();
    if !args.quiet {
        eprintln!("re-checked {total} application(s); {changed} decision(s) changed");
    }
    Ok(())
}

/// Every application's form under `dir`, by application id. A form that cannot be read is
/// left out with a warning: its application is re-checked without it.
fn load_forms(dir: &std::path::Path) -> anyhow::Result<HashMap<String, ApplicationForm>> {
    let discovery = discover(dir)
        .with_context(|| format!("cannot read the applications folder {}", dir.display()))?;
    let limit = IngestLimits::default().max_form_bytes;
    let mut forms = HashMap::new();
    for app in discovery.applications {
        let Some(path) = &app.form else { continue };
        match load_form(path, limit) {
            Ok(form) => {
                forms.insert(app.id, form);
            }
            Err(problem) => eprintln!("warning: {}: {problem}", path.display()),
        }
    }
    Ok(forms)
}
