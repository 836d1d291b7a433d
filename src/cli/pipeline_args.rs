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
    /// fields. Fast, for checking a backlog's files.
    #[arg(long)]
    pub no_ocr: bool,

    /// Also run the image-quality checks (blur, glare, occlusion, folds, borders, colour,
    /// resolution, screen photos) on every upload. Off by default while their precision
    /// on real photos is below target (see README).
    #[arg(long)]
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
            quality_checks: self.quality,
            rules: config.rules,
        })
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
