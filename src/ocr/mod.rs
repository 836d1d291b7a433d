//! Optical character recognition: turns the pixels of an upright document image into text
//! lines with their position.
//!
//! [`OcrEngine`] is the seam the rest of the pipeline sees; [`ppocr::PpOcr`] (PP-OCRv5
//! mobile detection and recognition run with `rten`, pure Rust) is the default engine.
//! The library never reads image files: callers decode once at the edge (see
//! [`crate::ingest::decode_upload`]) and pass borrowed pixels.

pub mod ppocr;
mod reading_order;
pub mod tesseract;

use std::path::PathBuf;

use serde::Serialize;

pub use ppocr::{PpOcr, PpOcrParams};
pub use reading_order::sort_reading_order;

/// A corner in input-image pixels, `[x, y]`.
pub type Corner = [f32; 2];

/// One line of text found in an image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    /// The text as read, without leading or trailing spaces.
    pub text: String,
    /// How sure the recogniser is, 0–1: the mean of the per-character probabilities.
    pub confidence: f32,
    /// The line's corners in input-image pixels, clockwise from the top-left of the text as
    /// read: for upright text the box's top-left, top-right, bottom-right, bottom-left; for
    /// a line read upside down the box's bottom-right comes first, for vertical text
    /// (turned to be read) its top-right.
    #[serde(rename = "box")]
    pub quad: [Corner; 4],
}

/// A text recogniser. Implementations load their models once and are shared across threads.
pub trait OcrEngine: Send + Sync {
    /// Reads every line of text in `image`, in reading order (top to bottom, then left to
    /// right within a row). An image without text gives an empty list, not an error.
    fn recognize(&self, image: &image::RgbImage) -> Result<Vec<TextLine>, OcrError>;

    /// A short stable name for reports and benchmarks, e.g. `ppocr-v5-mobile`.
    fn name(&self) -> &'static str;
}

/// Why OCR could not run, naming the stage and, for models, the file.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("the OCR model file {path} is missing; run scripts/setup.sh to fetch the models")]
    ModelMissing { path: PathBuf },

    #[error("cannot load the OCR model {path}: {message}")]
    ModelLoad { path: PathBuf, message: String },

    #[error("cannot read the OCR dictionary {path}: {message}")]
    Dictionary { path: PathBuf, message: String },

    #[error("text detection failed: {0}")]
    Detection(String),

    #[error("text-line orientation failed: {0}")]
    Orientation(String),

    #[error("text recognition failed: {0}")]
    Recognition(String),
}
