//! Optical character recognition: turns the pixels of an upright document image into text
//! lines with their position.
//!
//! [`OcrEngine`] is the seam the rest of the pipeline sees; [`ppocr::PpOcr`] (PP-OCRv5
//! mobile detection and recognition run with `rten`, pure Rust) is the default engine.
//! The library never reads image files: callers decode once at the edge (see
//! [`crate::ingest::decode_upload`]) and pass borrowed pixels.

mod page_turn;
pub mod ppocr;
mod reading_order;
pub mod tesseract;

use std::path::PathBuf;

use serde::Serialize;

pub use page_turn::PageTurn;
pub use ppocr::{PpOcr, PpOcrParams};
pub use reading_order::{reading_order, sort_reading_order};

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
    /// Where parts of the text lie, where the engine tells: one span per character for
    /// PP-OCR, one per word for Tesseract; empty when unknown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<TextSpan>,
}

/// A run of characters of a [`TextLine`] and its box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextSpan {
    /// The first character's index in the line's text (in `char`s, not bytes).
    pub start: usize,
    /// One past the last character's index.
    pub end: usize,
    /// Corners in input-image pixels, in the line's order.
    #[serde(rename = "box")]
    pub quad: [Corner; 4],
}

impl TextLine {
    /// Moves every corner of the line and of its spans by `to` (a turn, a shift).
    pub fn map_corners(&mut self, to: impl Fn(Corner) -> Corner) {
        self.quad = self.quad.map(&to);
        for span in &mut self.spans {
            span.quad = span.quad.map(&to);
        }
    }

    /// The box around characters `chars` (indices in `char`s) of the line: from the left
    /// edge of the first span that touches them to the right edge of the last. `None` when
    /// the engine gave no spans there.
    pub fn region_of(&self, chars: std::ops::Range<usize>) -> Option<[Corner; 4]> {
        let touches = |s: &&TextSpan| s.start < chars.end && chars.start < s.end;
        let first = self.spans.iter().find(touches)?;
        let last = self.spans.iter().rfind(touches)?;
        Some([first.quad[0], last.quad[1], last.quad[2], first.quad[3]])
    }
}

/// The text of a page and how the page lay in the image.
#[derive(Debug, Clone, PartialEq)]
pub struct PageText {
    /// How the page was turned in the image; `lines` are in pixels of the image turned
    /// upright by [`PageTurn::upright`].
    pub turn: PageTurn,
    pub lines: Vec<TextLine>,
}

impl PageText {
    /// The lines with their boxes in pixels of the image as given, whose width and height
    /// are `size`.
    pub fn into_given(self, size: (u32, u32)) -> Vec<TextLine> {
        let turn = self.turn;
        let mut lines = self.lines;
        if turn != PageTurn::Upright {
            for line in &mut lines {
                line.map_corners(|c| turn.to_given(c, size));
            }
        }
        lines
    }
}

/// A text recogniser. Implementations load their models once and are shared across threads.
pub trait OcrEngine: Send + Sync {
    /// Finds how the page lies in `image` and reads every line of text of the page turned
    /// upright, in reading order (top to bottom, then left to right within a row). An
    /// image without text gives no lines, not an error.
    fn read_page(&self, image: &image::RgbImage) -> Result<PageText, OcrError>;

    /// Every line of text in `image`, in reading order, with boxes in `image`'s pixels.
    fn recognize(&self, image: &image::RgbImage) -> Result<Vec<TextLine>, OcrError> {
        Ok(self.read_page(image)?.into_given(image.dimensions()))
    }

    /// The line in box `quad` of `image` (corners clockwise from the text's top-left) read
    /// again stretched along its length, for a figure whose sums disagree: the recogniser
    /// writes a repeated digit once when it sees no gap between the two (`22025.23` read
    /// `2025.23`), and more time steps per glyph give it the gap. `None` from engines
    /// without such a reading.
    fn read_line_stretched(
        &self,
        _image: &image::RgbImage,
        _quad: &[Corner; 4],
    ) -> Result<Option<TextLine>, OcrError> {
        Ok(None)
    }

    /// The line in box `quad` of `image` read again with the recogniser kept to the
    /// characters `allowed` passes: a field whose alphabet is known (a credit code has
    /// digits and capitals but no `O`, `I`, `S`, `V` or `Z`). `None` from engines without
    /// such a reading.
    fn read_line_within(
        &self,
        _image: &image::RgbImage,
        _quad: &[Corner; 4],
        _allowed: &dyn Fn(char) -> bool,
    ) -> Result<Option<TextLine>, OcrError> {
        Ok(None)
    }

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
