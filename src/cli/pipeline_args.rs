//! The flags that choose how applications are screened, shared by `screen`, `reprocess`
//! and `worker`, resolved once into [`ScreenSettings`].

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;

use dossier::config::DossierConfig;
use dossier::ingest::{IngestLimits, parse_byte_size};
use dossier::ocr::OcrEngine;
use dossier::pipeline::ScreenSettings;

#[derive(Debug, clap::Args)]
pub struct PipelineArgs {
    /// Uploads larger than this are FILE_TOO_LARGE (e.g. 10MiB, 10MB, 5000000)
    /// [default: the config's [upload] max_file_size, 10MiB].
    #[arg(long, value_name = "SIZE", value_parser = parse_byte_size)]
    pub max_file_size: Option<u64>,

    /// Settings file: upload limit and the configurable rules (the repository's
    /// dossier.toml lists every key with its default) [default: built-in defaults].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Judge every date rule as of this day (YYYY-MM-DD), overriding each form's submitted_at.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,

    /// Folder holding the PP-OCRv5 model files (det.onnx, rec.onnx, cls.onnx, ppocrv5_dict.txt).
    #[arg(long, value_name = "DIR", default_value = dossier::ocr::ppocr::DEFAULT_MODEL_DIR)]
    pub models: PathBuf,

    /// Only ingest the uploads (size, format, decoding): no OCR, so no document types or
    /// fields, and no image-quality checks unless --quality asks for them. Fast, for
    /// checking a backlog's files.
    #[arg(long)]
    pub no_ocr: bool,

    /// Skip the image-quality checks (blur, glare, occlusion, folds, borders, colour,
    /// resolution, screen photos), which run on every upload by default: for a backlog
    /// whose photos were judged already, when only reading or rules changed.
    #[arg(long)]
    pub no_quality: bool,

    /// Run the image-quality checks with --no-ocr too (from the pixels alone, as
    /// `prescreen` does). Without --no-ocr they run anyway.
    #[arg(long, conflicts_with = "no_quality")]
    pub quality: bool,
}

impl PipelineArgs {
    /// Reads the config, loads the OCR models (unless --no-ocr) and resolves the limits.
    pub fn settings(&self) -> anyhow::Result<ScreenSettings> {
        let config = match &self.config {
            Some(path) => DossierConfig::load(path)?,
            None => DossierConfig::default(),
        };
        let max_file_bytes = match self.max_file_size {
            Some(bytes) => bytes,
            None => config.upload.max_file_bytes()?,
        };
        Ok(ScreenSettings {
            limits: IngestLimits {
                max_file_bytes,
                ..IngestLimits::default()
            },
            as_of: self.as_of,
            ocr: self.load_ocr()?,
            quality_checks: self.quality_checks(),
            rules: config.rules,
        })
    }

    /// Whether the image-quality checks run: by default, but not when only ingesting
    /// (`--no-ocr`) unless `--quality` asks, and never with `--no-quality`.
    fn quality_checks(&self) -> bool {
        !self.no_quality && (!self.no_ocr || self.quality)
    }

    fn load_ocr(&self) -> anyhow::Result<Option<Arc<dyn OcrEngine>>> {
        if self.no_ocr {
            return Ok(None);
        }
        let engine = dossier::ocr::PpOcr::load(&self.models, dossier::ocr::PpOcrParams::default())
            .context("cannot load the OCR models (or pass --no-ocr to only check the files)")?;
        Ok(Some(Arc::new(engine)))
    }
}

#[cfg(test)]
mod tests {
    use super::PipelineArgs;
    use clap::Parser;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        pipeline: PipelineArgs,
    }

    fn quality_checks(flags: &[&str]) -> bool {
        let args = std::iter::once("screen").chain(flags.iter().copied());
        Command::try_parse_from(args)
            .unwrap()
            .pipeline
            .quality_checks()
    }

    #[test]
    fn the_quality_checks_run_by_default_but_not_when_only_ingesting_unless_asked() {
        assert!(quality_checks(&[]));
        assert!(quality_checks(&["--quality"]));
        assert!(!quality_checks(&["--no-quality"]));
        assert!(!quality_checks(&["--no-ocr"]));
        assert!(quality_checks(&["--no-ocr", "--quality"]));
        assert!(!quality_checks(&["--no-ocr", "--no-quality"]));
        assert!(
            Command::try_parse_from(["screen", "--quality", "--no-quality"]).is_err(),
            "the two flags contradict each other"
        );
    }
}
