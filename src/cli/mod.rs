//! Pieces of the `dossier` command line shared by its commands, and the commands that
//! have outgrown `main.rs`.

pub mod ocr;
pub mod pipeline_args;
pub mod prescreen;
pub mod recheck;
pub mod reprocess;
pub mod serve;
pub mod store;

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on stderr counting `unit` when a person is watching; hidden when
/// `quiet` and in pipes, logs and CI.
pub fn progress_bar(total: u64, quiet: bool, verb: &str, unit: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {verb} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit} · {{per_sec}} · ETA {{eta}}"
        ))
        .expect("the template is valid"),
    );
    bar
}
