//! Synthetic applications with ground truth: realistic onboarding documents printed with
//! a CJK font, photographed on a desk, with one planted scenario each, written in the
//! REPORT.md input layout with `application.json` and `truth.json`.
//!
//! Shares nothing with `documents`, `quality` or `ocr` (a generator that reused the
//! extractor's label table or the checks' thresholds would make every test circular);
//! it uses only the check-digit and money functions of `rules`, whose test vectors come
//! from RULES.md §9.

mod application;
mod canvas;
mod capture;
mod content;
mod defects;
mod docs;
mod fonts;
mod geometry;
mod identity;
mod invoice_data;
mod names;
mod scenario;
mod truth;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

pub use application::PhotoStyle;
pub use fonts::{FontError, Fonts};
pub use scenario::Scenario;
pub use truth::{Truth, TruthDocument, TruthFinding};

/// The as-of date of generated sets unless one is given: fixed, so that a seed alone
/// decides the output.
pub const DEFAULT_AS_OF: (i32, u32, u32) = (2026, 11, 28);

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    pub out: PathBuf,
    pub count: usize,
    pub seed: u64,
    /// Every application carries this scenario; `None` mixes them (40% clean).
    pub scenario: Option<Scenario>,
    pub as_of: NaiveDate,
    pub style: PhotoStyle,
    /// Index of the first application, so sets can be extended (`app-00042`).
    pub first_index: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error(transparent)]
    Fonts(&'static FontError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The id of application `index` of a set.
pub fn application_id(index: usize) -> String {
    format!("app-{index:05}")
}

/// The seed of application `index`: independent streams per application, so generating
/// in parallel, or only part of a set, gives the same bytes.
fn application_seed(seed: u64, index: usize) -> u64 {
    let mut z = seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Generates the set, calling `progress` after each application. Returns the scenario
/// of each application in order.
pub fn generate(
    options: &SynthOptions,
    progress: impl Fn() + Sync,
) -> Result<Vec<Scenario>, SynthError> {
    let fonts = Fonts::system().map_err(SynthError::Fonts)?;
    std::fs::create_dir_all(&options.out).map_err(|source| SynthError::Write {
        path: options.out.clone(),
        source,
    })?;
    (options.first_index..options.first_index + options.count)
        .into_par_iter()
        .map(|index| {
            let scenario = generate_one(options, index, fonts)?;
            progress();
            Ok(scenario)
        })
        .collect()
}

fn generate_one(
    options: &SynthOptions,
    index: usize,
    fonts: &Fonts,
) -> Result<Scenario, SynthError> {
    use rand::SeedableRng;
    let seed = application_seed(options.seed, index);
    let mut picker = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x5CE4_A410);
    let scenario = options
        .scenario
        .unwrap_or_else(|| Scenario::random(&mut picker));
    let id = application_id(index);
    let app = application::build(&id, seed, scenario, options.as_of, &options.style, fonts);
    let dir = options.out.join(&id);
    write(&dir, None, &[])?; // creates the folder
    for upload in &app.uploads {
        write(&dir, Some(&upload.file), &upload.bytes)?;
    }
    write(&dir, Some("application.json"), &pretty(&app.form))?;
    write(&dir, Some("truth.json"), &pretty(&app.truth))?;
    Ok(scenario)
}

fn pretty(value: &impl serde::Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("plain data serialises");
    bytes.push(b'\n');
    bytes
}

fn write(dir: &Path, name: Option<&str>, bytes: &[u8]) -> Result<(), SynthError> {
    let result = match name {
        None => std::fs::create_dir_all(dir),
        Some(name) => std::fs::write(dir.join(name), bytes),
    };
    result.map_err(|source| SynthError::Write {
        path: name.map_or(dir.to_path_buf(), |n| dir.join(n)),
        source,
    })
}
