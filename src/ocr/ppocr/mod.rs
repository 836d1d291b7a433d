//! PP-OCRv5 mobile: DB text detection and CTC line recognition (PaddleOCR's models,
//! exported to ONNX) run with `rten`, pure Rust.
//!
//! The stages, one file each: [`detect`] (scale, normalise, run the detector),
//! [`postprocess`] (probability map → boxes), [`recognize`] (upright crops, batched
//! recognition) and [`dict`] (character list, CTC decoding). The networks sit behind the
//! small [`Network`] trait, the one seam, so every stage is tested with fakes.

pub mod detect;
pub mod dict;
pub mod orient;
pub mod postprocess;
pub mod recognize;
pub mod second_look;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::RgbImage;
use rten_tensor::NdTensor;
use rten_tensor::prelude::*;

use super::{
    Corner, OcrEngine, OcrError, PageText, PageTurn, TextLine, TextSpan, sort_reading_order,
};
use dict::Dictionary;
use postprocess::DbParams;
use second_look::SecondLook;

/// The model files, by name, in a model folder (`models/ppocrv5/` after `scripts/setup.sh`).
pub const DETECTOR_FILE: &str = "det.onnx";
pub const RECOGNIZER_FILE: &str = "rec.onnx";
pub const DICTIONARY_FILE: &str = "ppocrv5_dict.txt";
pub const CLASSIFIER_FILE: &str = "cls.onnx";

/// Where `scripts/setup.sh` puts the models, relative to the repository root.
pub const DEFAULT_MODEL_DIR: &str = "models/ppocrv5";

/// A network's output: its shape and its values, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct NetOutput {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

/// The model seam: one run of a network on a batch of images (N × C × H × W) giving its
/// first output. `rten::Model` implements it; tests use fakes.
pub trait Network: Send + Sync {
    fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String>;
}

impl Network for rten::Model {
    fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
        let output = self
            .run_one(input.into(), None)
            .map_err(|e| e.to_string())?;
        let tensor: rten_tensor::Tensor<f32> = output.try_into().map_err(|e| format!("{e}"))?;
        Ok(NetOutput {
            shape: tensor.shape().to_vec(),
            data: tensor.into_data(),
        })
    }
}

/// When and how finely to detect small print again ([`PpOcrParams::small_text`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SmallText {
    /// Median box height, in detector pixels, below which lines are lost or read with
    /// glyphs dropped. A box is about 1.6 glyph heights (DB's unclip ratio 1.5), so 14 px
    /// is glyphs under 9 px: on a bank form photographed from afar (glyphs 18 px in a
    /// 2351-px photo, 12-px boxes at 960) the detector found 6 of its 13 lines and the
    /// recogniser dropped 青 from 青岛; at 1600 (20-px boxes) all 13 were read whole.
    pub min_height: f32,
    /// The median box height, in detector pixels, the second look aims at.
    pub target_height: f32,
    /// The second look's largest long side: detection time grows with its square
    /// (1600 costs about 2.5 times 960).
    pub max_side: u32,
    /// A page with some text but fewer boxes shaped like lines than this is looked at
    /// again finer whatever their height: what was found is then the large print alone (an
    /// ID card's back shot from afar: its two titles found at 960, with its emblem and its
    /// Great Wall boxed whole; its 签发机关 and 有效期限 rows at 1280), whose height says
    /// nothing of the print missed. No document has so few lines; a page with no box at
    /// all is no document and is not looked at again.
    pub min_boxes: usize,
}

impl Default for SmallText {
    fn default() -> Self {
        SmallText {
            min_height: 14.0,
            target_height: 20.0,
            max_side: 1920,
            min_boxes: 4,
        }
    }
}

/// Parameters of the PP-OCR engine. The defaults are PaddleOCR's where not stated.
#[derive(Debug, Clone, PartialEq)]
pub struct PpOcrParams {
    /// The detector sees the image shrunk so its long side is at most this many pixels
    /// (then rounded to a multiple of 32); smaller images are not enlarged. Detection time
    /// grows with its square. On the 19 zzsfp 专票 photos (4208 × 3120) every size from
    /// 640 to 1600 read the same labelled fields, the 12-digit invoice code included
    /// (149/150; 800 lost one tax rate), `benches/ocr_max_side.sh`. 960 keeps a margin
    /// for print smaller relative to the page (licence body text, ID cards shot from
    /// afar) at under half the detection time of 1600.
    pub max_side: u32,
    /// Print this small is detected again at a finer scale: when the median text box at
    /// `max_side` is shorter than `small_text.min_height` detector pixels, the detector
    /// looks again with the long side set to make it `small_text.target_height` (at most
    /// `small_text.max_side`, never enlarging the image). `None` detects once.
    pub small_text: Option<SmallText>,
    /// Lines read with a glyph-wide hole, and long numbers read unsurely, are read again
    /// from a shrunk cut-out ([`second_look`]); `None` reads each line once.
    pub second_look: Option<SecondLook>,
    /// Detector post-processing (thresholds, unclip ratio).
    pub db: DbParams,
    /// Lines read with a lower mean character probability are dropped (PaddleOCR
    /// `drop_score` 0.5): below it the text is mostly wrong.
    pub min_confidence: f32,
    /// A box this many times taller than wide holds vertical text and is turned 90°
    /// before recognition (PaddleOCR 1.5).
    pub vertical_ratio: f32,
    /// Run the text-line orientation classifier (`cls.onnx`) and turn lines it finds
    /// upside down before reading them. Off by default, as in PaddleOCR
    /// (`use_angle_cls`): uploads are made upright from EXIF, and on the 19 zzsfp photos
    /// it changed no labelled field, cost ~0.3 s a photo and turned one short line
    /// ("17%") the wrong way. Turn it on for pages that may be upside down.
    pub turn_upside_down_lines: bool,
    /// A line is turned when the classifier gives "180°" at least this probability
    /// (PaddleOCR `cls_thresh` 0.9): a wrong turn garbles a line, a missed one loses it.
    pub orientation_threshold: f32,
    /// Find pages photographed sideways or upside down and read them turned upright
    /// (needs `cls.onnx`, loaded when this is set). Costs one classifier run on
    /// `page_turn_sample` lines.
    pub detect_page_turn: bool,
    /// How many of the longest lines the classifier is asked about to tell an upright
    /// page from one turned 180°: a dozen long lines outvote the odd misread short one
    /// ("17%") and cost a few tens of milliseconds.
    pub page_turn_sample: usize,
    /// Lines per recogniser run (PaddleOCR `rec_batch_num` 6). Lines are sorted by width
    /// first, so a batch pads little.
    pub batch_size: usize,
}

impl Default for PpOcrParams {
    fn default() -> PpOcrParams {
        PpOcrParams {
            max_side: 960,
            small_text: Some(SmallText::default()),
            second_look: Some(SecondLook::default()),
            db: DbParams::default(),
            min_confidence: 0.5,
            vertical_ratio: 1.5,
            turn_upside_down_lines: false,
            orientation_threshold: 0.9,
            detect_page_turn: true,
            page_turn_sample: 12,
            batch_size: 6,
        }
    }
}

/// The PP-OCRv5 engine: the networks and the dictionary, loaded once; cheap to clone and
/// shared across threads.
#[derive(Clone)]
pub struct PpOcr {
    detector: Arc<dyn Network>,
    recognizer: Arc<dyn Network>,
    classifier: Option<Arc<dyn Network>>,
    dictionary: Arc<Dictionary>,
    params: PpOcrParams,
}

impl std::fmt::Debug for PpOcr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PpOcr")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl PpOcr {
    /// Loads `det.onnx`, `rec.onnx` and `ppocrv5_dict.txt` from `dir`, and `cls.onnx`
    /// when `params.detect_page_turn` or `params.turn_upside_down_lines` is set.
    pub fn load(dir: &Path, params: PpOcrParams) -> Result<PpOcr, OcrError> {
        let detector = load_model(&dir.join(DETECTOR_FILE))?;
        let recognizer = load_model(&dir.join(RECOGNIZER_FILE))?;
        let dictionary = Dictionary::load(&dir.join(DICTIONARY_FILE))?;
        let classifier = if params.detect_page_turn || params.turn_upside_down_lines {
            Some(Arc::new(load_model(&dir.join(CLASSIFIER_FILE))?) as Arc<dyn Network>)
        } else {
            None
        };
        Ok(PpOcr::from_parts(
            Arc::new(detector),
            Arc::new(recognizer),
            classifier,
            dictionary,
            params,
        ))
    }

    /// An engine from networks already loaded (or fakes). Without a classifier no line
    /// is turned and a page is only found sideways, whatever the params say.
    pub fn from_parts(
        detector: Arc<dyn Network>,
        recognizer: Arc<dyn Network>,
        classifier: Option<Arc<dyn Network>>,
        dictionary: Dictionary,
        params: PpOcrParams,
    ) -> PpOcr {
        PpOcr {
            detector,
            recognizer,
            classifier,
            dictionary: Arc::new(dictionary),
            params,
        }
    }

    pub fn params(&self) -> &PpOcrParams {
        &self.params
    }

    /// Stage 1: the boxes of text lines, in input pixels, unordered.
    pub fn detect(&self, image: &RgbImage) -> Result<Vec<postprocess::ScoredBox>, OcrError> {
        let boxes = detect::detect(
            self.detector.as_ref(),
            image,
            self.params.max_side,
            &self.params.db,
        )?;
        let finer = self.params.small_text.as_ref().and_then(|small| {
            detect::finer_side(image.dimensions(), &boxes, self.params.max_side, small)
        });
        match finer {
            Some(max_side) => {
                detect::detect(self.detector.as_ref(), image, max_side, &self.params.db)
            }
            None => Ok(boxes),
        }
    }

    /// Stage 1b: how the page lies, from the boxes of stage 1 (see [`orient::page_turn`]).
    pub fn page_turn(
        &self,
        image: &RgbImage,
        boxes: &[postprocess::ScoredBox],
    ) -> Result<PageTurn, OcrError> {
        if !self.params.detect_page_turn {
            return Ok(PageTurn::Upright);
        }
        let reader = orient::Reader {
            net: self.recognizer.as_ref(),
            dictionary: &self.dictionary,
        };
        orient::page_turn(
            self.classifier.as_deref(),
            Some(reader),
            image,
            boxes,
            &self.params,
        )
    }

    /// Stages 1b and 2 on the boxes of stage 1: the page's turn is found from them; an
    /// upright page's boxes are read, a turned page is turned upright, detected again and
    /// read.
    pub fn read_detected(
        &self,
        image: &RgbImage,
        boxes: Vec<postprocess::ScoredBox>,
    ) -> Result<PageText, OcrError> {
        let turn = self.page_turn(image, &boxes)?;
        if turn == PageTurn::Upright {
            let lines = self.read_boxes(image, &boxes)?;
            return Ok(PageText { turn, lines });
        }
        // The detector, trained on level text, misses small print running sideways: the
        // page turned upright is looked at again (one more detection, turned pages only).
        let upright = turn.upright(image);
        let boxes = self.detect(&upright)?;
        let lines = self.read_boxes(&upright, &boxes)?;
        Ok(PageText { turn, lines })
    }

    /// Stage 2: reads the text in each box; lines read with too little confidence or as
    /// nothing are dropped. The result is in reading order.
    pub fn read_boxes(
        &self,
        image: &RgbImage,
        boxes: &[postprocess::ScoredBox],
    ) -> Result<Vec<TextLine>, OcrError> {
        self.read_boxes_looking_again(image, boxes, self.params.second_look.as_ref())
    }

    /// [`Self::read_boxes`], with lines read with a hole, and long numbers read unsurely,
    /// looked at again when `second_look` is given.
    fn read_boxes_looking_again(
        &self,
        image: &RgbImage,
        boxes: &[postprocess::ScoredBox],
        second_look: Option<&SecondLook>,
    ) -> Result<Vec<TextLine>, OcrError> {
        let mut crops: Vec<recognize::LineCrop> = boxes
            .iter()
            .filter_map(|b| recognize::crop_line(image, &b.quad, self.params.vertical_ratio))
            .collect();
        if let Some(classifier) = self
            .classifier
            .as_deref()
            .filter(|_| self.params.turn_upside_down_lines)
        {
            let flags = orient::upside_down(
                classifier,
                &crops,
                self.params.batch_size,
                self.params.orientation_threshold,
            )?;
            for (crop, flipped) in crops.iter_mut().zip(flags) {
                if flipped {
                    orient::turn_around(crop);
                }
            }
        }
        let mut decoded = recognize::recognize_crops(
            self.recognizer.as_ref(),
            &self.dictionary,
            &crops,
            self.params.batch_size,
        )?;
        self.read_unreadable_turned_around(&mut crops, &mut decoded)?;
        let mut looks_left = second_look.map_or(0, |params| params.max_lines);
        let mut closer_looks_left = looks_left;
        let mut lines = Vec::with_capacity(crops.len());
        for (crop, d) in crops.iter().zip(decoded) {
            if d.confidence < self.params.min_confidence {
                continue;
            }
            let Some(line) = line_from_reading(crop, &d) else {
                continue;
            };
            let line = match second_look {
                Some(params)
                    if looks_left > 0
                        && (second_look::has_hole(&d, params)
                            || second_look::has_leading_gap(&d, params)
                            || second_look::is_doubtful_number(&d.text, d.confidence, params)) =>
                {
                    looks_left -= 1;
                    self.look_again(image, line, params)?
                }
                Some(params) if closer_looks_left > 0 => {
                    // Positions in the line's text, whose leading spaces were trimmed.
                    let trimmed = d.text.chars().take_while(|c| c.is_whitespace()).count();
                    let gaps: Vec<usize> = second_look::merged_repeats(&d, params)
                        .into_iter()
                        .filter_map(|k| k.checked_sub(trimmed))
                        .collect();
                    if gaps.is_empty() {
                        line
                    } else {
                        closer_looks_left -= 1;
                        self.look_closer(crop, line, &gaps)?
                    }
                }
                _ => line,
            };
            lines.push(line);
        }
        sort_reading_order(&mut lines);
        Ok(lines)
    }

    /// Boxes read with too little confidence that the classifier finds upside down are
    /// turned around and read again, and the new reading kept when it is confident: a
    /// page that holds a card the other way up (two faces printed head to head) reads as
    /// a page whose one face is upright and whose other is dropped as noise. Only the
    /// unreadable boxes are asked about, so an upright page pays for a few at most; a
    /// line read upright is never turned, nor a short box (a seal's ring glyph, read
    /// turned, is a stray character).
    fn read_unreadable_turned_around(
        &self,
        crops: &mut [recognize::LineCrop],
        decoded: &mut [dict::Decoded],
    ) -> Result<(), OcrError> {
        let Some(classifier) = self.classifier.as_deref() else {
            return Ok(());
        };
        let long = |crop: &recognize::LineCrop| {
            crop.width as f32 >= TURNED_LINE_MIN_ASPECT * recognize::LINE_HEIGHT as f32
        };
        let unreadable: Vec<usize> = (0..crops.len().min(decoded.len()))
            .filter(|&i| decoded[i].confidence < self.params.min_confidence && long(&crops[i]))
            .collect();
        if unreadable.is_empty() {
            return Ok(());
        }
        let suspects: Vec<recognize::LineCrop> =
            unreadable.iter().map(|&i| crops[i].clone()).collect();
        let flags = orient::upside_down(
            classifier,
            &suspects,
            self.params.batch_size,
            self.params.orientation_threshold,
        )?;
        let (indices, mut turned): (Vec<usize>, Vec<recognize::LineCrop>) = unreadable
            .into_iter()
            .zip(suspects)
            .zip(flags)
            .filter_map(|(pair, flipped)| flipped.then_some(pair))
            .unzip();
        turned.iter_mut().for_each(orient::turn_around);
        let again = recognize::recognize_crops(
            self.recognizer.as_ref(),
            &self.dictionary,
            &turned,
            self.params.batch_size,
        )?;
        for ((i, crop), reading) in indices.into_iter().zip(turned).zip(again) {
            if reading.confidence >= self.params.min_confidence {
                crops[i] = crop;
                decoded[i] = reading;
            }
        }
        Ok(())
    }

    /// `line` read again from its region of `image` shrunk (see [`second_look`]); the new
    /// reading when it only restores glyphs, else `line` as it was.
    fn look_again(
        &self,
        image: &RgbImage,
        line: TextLine,
        params: &SecondLook,
    ) -> Result<TextLine, OcrError> {
        let Some(region) = second_look::region(&line.quad, image.dimensions(), params) else {
            return Ok(line);
        };
        let cut = region.cut(image);
        let boxes = detect::detect(
            self.detector.as_ref(),
            &cut,
            self.params.max_side,
            &self.params.db,
        )?;
        // Read in place, the box may take in a neighbour's mark (`⑧` of the `ⓧ` before
        // 价税合计's words) and count as long while restoring less: of readings as long,
        // the line as detected again is taken.
        let detected = self.read_boxes_looking_again(&cut, &boxes, None)?;
        let in_place = self.read_in_place(&cut, &region.to_cut(line.quad))?;
        let doubtful = second_look::is_doubtful_number(&line.text, line.confidence, params);
        // A doubtful number's label may be detected apart from its digits this time.
        let joined = doubtful.then(|| second_look::joined(&detected)).flatten();
        let best = detected
            .into_iter()
            .chain(joined)
            .map(|candidate| (candidate, 1))
            .chain(in_place.map(|candidate| (candidate, 0)))
            .filter(|(candidate, _)| {
                second_look::only_adds(&line.text, &candidate.text)
                    || (doubtful && second_look::corrects_doubtful_number(&line, candidate, params))
            })
            .max_by_key(|(candidate, detected)| (candidate.text.chars().count(), *detected))
            .map(|(candidate, _)| candidate);
        Ok(best.map_or(line, |found| region.to_image(found)))
    }
}

impl PpOcr {
    /// The text in box `quad` of `image`, read without detecting it again: the second
    /// look's detector may find nothing on a cut a line or two high.
    fn read_in_place(
        &self,
        image: &RgbImage,
        quad: &[Corner; 4],
    ) -> Result<Option<TextLine>, OcrError> {
        match recognize::crop_line(image, quad, self.params.vertical_ratio) {
            Some(crop) => self.read_crop(&crop),
            None => Ok(None),
        }
    }

    /// The text of one crop, when read with the confidence lines are kept with.
    fn read_crop(&self, crop: &recognize::LineCrop) -> Result<Option<TextLine>, OcrError> {
        self.read_crop_within(crop, None)
    }

    /// [`PpOcr::read_crop`] with only the characters `allowed` passes, when given.
    fn read_crop_within(
        &self,
        crop: &recognize::LineCrop,
        allowed: Option<&dyn Fn(char) -> bool>,
    ) -> Result<Option<TextLine>, OcrError> {
        let decoded = recognize::recognize_crops_within(
            self.recognizer.as_ref(),
            &self.dictionary,
            std::slice::from_ref(crop),
            1,
            allowed,
        )?;
        Ok(decoded
            .first()
            .filter(|d| d.confidence >= self.params.min_confidence)
            .and_then(|d| line_from_reading(crop, d)))
    }

    /// `line`, read on `crop`, read again on the crop stretched along its length (see
    /// [`second_look::merged_repeats`]); the new reading when it only repeats the digits
    /// at `gaps`, else `line` as it was.
    fn look_closer(
        &self,
        crop: &recognize::LineCrop,
        line: TextLine,
        gaps: &[usize],
    ) -> Result<TextLine, OcrError> {
        let stretched = recognize::stretched(crop, REPEAT_STRETCH);
        let found = self
            .read_crop(&stretched)?
            .filter(|found| second_look::restores_repeats(&line.text, &found.text, gaps));
        Ok(found.unwrap_or(line))
    }
}

/// Least width of an unreadable box, in heights, for it to be read turned around: the
/// lines of a card printed head to head are long, while the glyphs of a seal's ring,
/// which also read as text when turned, stand in boxes about as wide as high.
const TURNED_LINE_MIN_ASPECT: f32 = 3.0;

/// How much a line is stretched to read a merged repeat again: twice the time steps per
/// glyph leave room for the blank step CTC needs between two of the same digit.
const REPEAT_STRETCH: f32 = 2.0;

impl OcrEngine for PpOcr {
    fn read_page(&self, image: &RgbImage) -> Result<PageText, OcrError> {
        let boxes = self.detect(image)?;
        self.read_detected(image, boxes)
    }

    fn read_line_stretched(
        &self,
        image: &RgbImage,
        quad: &[Corner; 4],
    ) -> Result<Option<TextLine>, OcrError> {
        let Some(crop) = recognize::crop_line(image, quad, self.params.vertical_ratio) else {
            return Ok(None);
        };
        let stretched = recognize::stretched(&crop, REPEAT_STRETCH);
        self.read_crop(&stretched)
    }

    fn read_line_within(
        &self,
        image: &RgbImage,
        quad: &[Corner; 4],
        allowed: &dyn Fn(char) -> bool,
    ) -> Result<Option<TextLine>, OcrError> {
        match recognize::crop_line(image, quad, self.params.vertical_ratio) {
            Some(crop) => self.read_crop_within(&crop, Some(allowed)),
            None => Ok(None),
        }
    }

    fn name(&self) -> &'static str {
        "ppocr-v5-mobile"
    }
}

/// A text line from what the recogniser read in `crop`, spaces at either end trimmed;
/// `None` when nothing but spaces was read.
fn line_from_reading(crop: &recognize::LineCrop, decoded: &dict::Decoded) -> Option<TextLine> {
    let chars: Vec<char> = decoded.text.chars().collect();
    let start = chars.iter().position(|c| !c.is_whitespace())?;
    let end = chars.iter().rposition(|c| !c.is_whitespace())? + 1;
    let quads = recognize::char_quads(crop, decoded);
    let spans = (start..end)
        .filter_map(|k| {
            Some(TextSpan {
                start: k - start,
                end: k - start + 1,
                quad: *quads.get(k)?,
            })
        })
        .collect();
    Some(TextLine {
        text: chars[start..end].iter().collect(),
        confidence: decoded.confidence,
        quad: crop.corners,
        spans,
    })
}

fn load_model(path: &Path) -> Result<rten::Model, OcrError> {
    if !path.exists() {
        return Err(OcrError::ModelMissing {
            path: path.to_path_buf(),
        });
    }
    // Prepacked weights (a GEMM-friendly copy) cost a little memory and load time and make
    // every run faster.
    rten::ModelOptions::with_all_ops()
        .prepack_weights(true)
        .load_file(path)
        .map_err(|e| OcrError::ModelLoad {
            path: PathBuf::from(path),
            message: e.to_string(),
        })
}

#[cfg(test)]
mod tests;
