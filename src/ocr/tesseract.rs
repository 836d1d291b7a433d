//! The second engine: Tesseract 5 with Debian's `chi_sim` model, through the `tesseract`
//! crate. Page segmentation is automatic (the crate's default, 6, assumes one block of
//! text); words and their boxes and confidences come from Tesseract's TSV output and are
//! grouped into lines.

use std::collections::BTreeMap;
use std::sync::Mutex;

use image::RgbImage;
use tesseract::{PageSegMode, Tesseract};

use super::{Corner, OcrEngine, OcrError, PageText, PageTurn, TextLine, TextSpan};

/// The Tesseract language model: Simplified Chinese, which also reads Latin and digits.
pub const DEFAULT_LANGUAGE: &str = "chi_sim";

/// Tesseract's TSV level of a word row.
const TSV_WORD_LEVEL: &str = "5";

/// Tesseract behind a lock: its API object is `Send` but not `Sync`, and it is reused
/// between calls because loading `chi_sim` costs far more than a small image.
pub struct TesseractEngine {
    api: Mutex<Option<Tesseract>>,
    language: String,
}

impl TesseractEngine {
    /// Loads Tesseract with `language` (e.g. `chi_sim`) from the system's tessdata.
    pub fn new(language: &str) -> Result<Self, OcrError> {
        let api = init(language)?;
        Ok(TesseractEngine {
            api: Mutex::new(Some(api)),
            language: language.to_string(),
        })
    }
}

fn init(language: &str) -> Result<Tesseract, OcrError> {
    let mut api = Tesseract::new(None, Some(language)).map_err(|e| OcrError::ModelLoad {
        path: format!("tessdata/{language}.traineddata").into(),
        message: format!("{e}; install Debian's tesseract-ocr-chi-sim (scripts/setup.sh)"),
    })?;
    api.set_page_seg_mode(PageSegMode::PsmAuto);
    Ok(api)
}

impl OcrEngine for TesseractEngine {
    /// Reads the page as it lies: automatic page segmentation does not find turned pages
    /// (that needs the `osd` data and mode), so the turn is always upright.
    fn read_page(&self, image: &RgbImage) -> Result<PageText, OcrError> {
        let failed = |e: &dyn std::fmt::Display| OcrError::Recognition(format!("tesseract: {e}"));
        let mut slot = self
            .api
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // A failed call consumes the API object: make a new one then.
        let api = match slot.take() {
            Some(api) => api,
            None => init(&self.language)?,
        };
        let (width, height) = (image.width() as i32, image.height() as i32);
        let mut api = api
            .set_frame(image.as_raw(), width, height, 3, 3 * width)
            .map_err(|e| failed(&e))?
            .recognize()
            .map_err(|e| failed(&e))?;
        let tsv = api.get_tsv_text(0).map_err(|e| failed(&e));
        *slot = Some(api);
        Ok(PageText {
            turn: PageTurn::Upright,
            lines: lines_from_tsv(&tsv?),
        })
    }

    fn name(&self) -> &'static str {
        "tesseract-5-chi_sim"
    }
}

/// Groups Tesseract's word rows into lines: text joined (no space between CJK characters),
/// confidence the mean word confidence in 0–1, box the union of the word boxes, one span
/// per word.
pub fn lines_from_tsv(tsv: &str) -> Vec<TextLine> {
    struct Line {
        words: Vec<(String, [f32; 4])>,
        confidences: Vec<f32>,
        bounds: [f32; 4], // x0, y0, x1, y1
    }
    let mut lines: BTreeMap<(u32, u32, u32), Line> = BTreeMap::new();
    for row in tsv.lines() {
        let cells: Vec<&str> = row.split('\t').collect();
        if cells.len() < 12 || cells[0] != TSV_WORD_LEVEL {
            continue;
        }
        let number = |i: usize| cells[i].trim().parse::<f32>().ok();
        let (Some(block), Some(par), Some(line)) = (number(2), number(3), number(4)) else {
            continue;
        };
        let (Some(x), Some(y), Some(w), Some(h), Some(conf)) =
            (number(6), number(7), number(8), number(9), number(10))
        else {
            continue;
        };
        let text = cells[11].trim();
        if text.is_empty() || conf < 0.0 {
            continue;
        }
        let entry = lines
            .entry((block as u32, par as u32, line as u32))
            .or_insert(Line {
                words: Vec::new(),
                confidences: Vec::new(),
                bounds: [x, y, x + w, y + h],
            });
        entry.words.push((text.to_string(), [x, y, x + w, y + h]));
        entry.confidences.push(conf / 100.0);
        let b = &mut entry.bounds;
        *b = [b[0].min(x), b[1].min(y), b[2].max(x + w), b[3].max(y + h)];
    }
    lines
        .into_values()
        .map(|line| {
            let (text, spans) = join_words(&line.words);
            TextLine {
                text,
                confidence: line.confidences.iter().sum::<f32>() / line.confidences.len() as f32,
                quad: corners(line.bounds),
                spans,
            }
        })
        .collect()
}

/// The corners of an axis-aligned box `[x0, y0, x1, y1]`, clockwise from the top-left.
fn corners([x0, y0, x1, y1]: [f32; 4]) -> [Corner; 4] {
    [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
}

/// Joins words with a space only between two Latin or digit runs (Tesseract splits CJK
/// text into one "word" per character), with each word's span in the joined text.
fn join_words(words: &[(String, [f32; 4])]) -> (String, Vec<TextSpan>) {
    let mut text = String::new();
    let mut length = 0;
    let mut spans = Vec::with_capacity(words.len());
    for (word, bounds) in words {
        let needs_space = text
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && word
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if needs_space {
            text.push(' ');
            length += 1;
        }
        let start = length;
        text.push_str(word);
        length += word.chars().count();
        spans.push(TextSpan {
            start,
            end: length,
            quad: corners(*bounds),
        });
    }
    (text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t
5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t90.0\t发
5\t1\t1\t1\t1\t2\t42\t21\t30\t40\t80.0\t票
5\t1\t1\t1\t1\t3\t80\t18\t60\t42\t70.0\tNo
5\t1\t1\t1\t1\t4\t150\t18\t120\t42\t60.0\t12271524
5\t1\t1\t1\t2\t1\t10\t100\t200\t40\t95.0\t3495.00
5\t1\t1\t1\t2\t2\t300\t100\t20\t40\t-1\t
";

    #[test]
    fn words_are_grouped_into_lines_with_boxes_and_confidence() {
        let lines = lines_from_tsv(TSV);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "发票No 12271524");
        assert!((lines[0].confidence - 0.75).abs() < 1e-6);
        assert_eq!(
            lines[0].quad,
            [[10.0, 18.0], [270.0, 18.0], [270.0, 61.0], [10.0, 61.0]]
        );
        let words: Vec<(usize, usize)> = lines[0].spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(words, [(0, 1), (1, 2), (2, 4), (5, 13)]);
        assert_eq!(
            lines[0].region_of(5..13),
            Some([[150.0, 18.0], [270.0, 18.0], [270.0, 60.0], [150.0, 60.0]])
        );
        assert_eq!(lines[1].text, "3495.00");
        assert!((lines[1].confidence - 0.95).abs() < 1e-6);
    }

    #[test]
    fn headers_and_broken_rows_are_skipped() {
        assert!(lines_from_tsv("level\tpage_num\n5\t1\tx\n\n").is_empty());
    }
}
