//! Text-line orientation: PaddleOCR's angle classifier (`cls.onnx`) tells upright lines
//! from lines turned 180°, so an upside-down line is turned before it is read.
//!
//! The classifier sees each line at 48 × 192: shorter crops padded on the right, longer
//! ones squeezed (PaddleOCR's `cls_image_shape` 3, 48, 192), normalised to [-1, 1] like
//! the recogniser's input, so the recogniser's crops are reused. The same classifier,
//! asked about a page's longest lines, tells a page turned 180° (or 90° one way from the
//! other) in [`page_turn`].

use image::RgbImage;
use rten_tensor::NdTensor;

use super::dict::Dictionary;
use super::postprocess::ScoredBox;
use super::recognize::{LINE_HEIGHT, LineCrop, crop_line, recognize_crops};
use super::{Network, PpOcrParams};
use crate::ocr::{Corner, OcrError, PageTurn};

/// The classifier's input width.
pub const CLASSIFIER_WIDTH: usize = 192;

/// For each crop, whether the classifier is at least `threshold` sure it is upside down.
pub fn upside_down(
    net: &dyn Network,
    crops: &[LineCrop],
    batch_size: usize,
    threshold: f32,
) -> Result<Vec<bool>, OcrError> {
    Ok(upside_down_probabilities(net, crops, batch_size)?
        .into_iter()
        .map(|p| p > 0.5 && p >= threshold)
        .collect())
}

/// For each crop, the classifier's probability that it is upside down.
pub fn upside_down_probabilities(
    net: &dyn Network,
    crops: &[LineCrop],
    batch_size: usize,
) -> Result<Vec<f32>, OcrError> {
    let mut probabilities = Vec::with_capacity(crops.len());
    for batch in crops.chunks(batch_size.max(1)) {
        let plane = LINE_HEIGHT * CLASSIFIER_WIDTH;
        let mut data = vec![0.0f32; batch.len() * 3 * plane];
        for (slot, crop) in batch.iter().enumerate() {
            fit_width(crop, &mut data[slot * 3 * plane..(slot + 1) * 3 * plane]);
        }
        let input = NdTensor::from_data([batch.len(), 3, LINE_HEIGHT, CLASSIFIER_WIDTH], data);
        let output = net.run(input).map_err(OcrError::Orientation)?;
        if output.shape != [batch.len(), 2] {
            return Err(OcrError::Orientation(format!(
                "expected {}×2 class probabilities, got shape {:?}",
                batch.len(),
                output.shape
            )));
        }
        probabilities.extend(
            output
                .data
                .chunks_exact(2)
                .map(|p| p[1] / (p[0] + p[1]).max(f32::MIN_POSITIVE)),
        );
    }
    Ok(probabilities)
}

/// The recogniser and its dictionary, to confirm a turn the classifier proposes.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub net: &'a dyn Network,
    pub dictionary: &'a Dictionary,
}

/// How the page lies in `image`, from its detected text boxes: sideways when most of the
/// text (by line length) is in boxes more than `params.vertical_ratio` times taller than
/// wide; upside down (or, sideways, turned counter-clockwise) when the classifier, on up
/// to `params.page_turn_sample` of the longest lines, gives "180°" a mean probability over
/// one half and, given a `reader`, the recogniser reads those lines turned around more
/// confidently than as they stand. Without a classifier only the sideways test is made and
/// a sideways page is taken to be turned clockwise.
pub fn page_turn(
    classifier: Option<&dyn Network>,
    reader: Option<Reader>,
    image: &RgbImage,
    boxes: &[ScoredBox],
    params: &PpOcrParams,
) -> Result<PageTurn, OcrError> {
    // A line's run: `Some(true)` vertical, `Some(false)` level, `None` too short to tell.
    let runs_vertical = |quad: &[Corner; 4]| {
        let ([dx, dy], elongation) = long_axis(quad);
        (elongation >= params.vertical_ratio).then_some(dy.abs() > dx.abs())
    };
    let vertical = |quad: &[Corner; 4]| runs_vertical(quad) == Some(true);
    let horizontal = |quad: &[Corner; 4]| runs_vertical(quad) == Some(false);
    let length = |quad: &[Corner; 4]| {
        let dist = |a: Corner, b: Corner| (a[0] - b[0]).hypot(a[1] - b[1]);
        dist(quad[0], quad[1]).max(dist(quad[0], quad[3]))
    };
    let total = |keep: &dyn Fn(&[Corner; 4]) -> bool| -> f32 {
        boxes
            .iter()
            .filter(|b| keep(&b.quad))
            .map(|b| length(&b.quad))
            .sum()
    };
    let sideways = total(&vertical) > total(&horizontal);
    let Some(classifier) = classifier else {
        return Ok(if sideways {
            PageTurn::Clockwise90
        } else {
            PageTurn::Upright
        });
    };
    let mut lines: Vec<&ScoredBox> = boxes
        .iter()
        .filter(|b| {
            if sideways {
                vertical(&b.quad)
            } else {
                horizontal(&b.quad)
            }
        })
        .collect();
    lines.sort_by(|a, b| length(&b.quad).total_cmp(&length(&a.quad)));
    // A sideways line is cut out running down the page, its right side up, however it
    // leans: the classifier's answer then means the same turn for every line.
    let crops: Vec<LineCrop> = lines
        .iter()
        .take(params.page_turn_sample)
        .filter_map(|b| {
            let quad = if sideways {
                running_down(&b.quad)
            } else {
                b.quad
            };
            crop_line(image, &quad, params.vertical_ratio)
        })
        .collect();
    let probabilities = upside_down_probabilities(classifier, &crops, params.batch_size)?;
    let proposed = !probabilities.is_empty()
        && probabilities.iter().sum::<f32>() / probabilities.len() as f32 > 0.5;
    let turned = match reader {
        Some(reader) if proposed => reads_better_turned(reader, crops, params.batch_size)?,
        _ => proposed,
    };
    Ok(match (sideways, turned) {
        (false, false) => PageTurn::Upright,
        (false, true) => PageTurn::Half,
        (true, false) => PageTurn::Clockwise90,
        (true, true) => PageTurn::Counterclockwise90,
    })
}

/// The direction of a box's long sides (a unit vector pointing down the image, or right
/// when level) and how many times longer they are than the short ones. A line of a page
/// lying sideways and leaning (a licence photographed turned and askew, its lines 65°
/// from level) is vertical by its long sides, whatever order its corners come in.
fn long_axis(quad: &[Corner; 4]) -> ([f32; 2], f32) {
    let edge = |a: Corner, b: Corner| [b[0] - a[0], b[1] - a[1]];
    let (first, second) = (edge(quad[0], quad[1]), edge(quad[0], quad[3]));
    let norm = |[x, y]: [f32; 2]| x.hypot(y);
    let (long, short) = if norm(first) >= norm(second) {
        (first, second)
    } else {
        (second, first)
    };
    let length = norm(long).max(f32::EPSILON);
    let [mut dx, mut dy] = [long[0] / length, long[1] / length];
    if dy < 0.0 || (dy == 0.0 && dx < 0.0) {
        (dx, dy) = (-dx, -dy);
    }
    ([dx, dy], length / norm(short).max(f32::EPSILON))
}

/// The corners of a sideways box in the order that cuts it out running down the image
/// with its right side up (as [`crop_line`] cuts an upright tall box): the top end's
/// right corner, the bottom end's right corner, the bottom end's left, the top end's left.
fn running_down(quad: &[Corner; 4]) -> [Corner; 4] {
    let ([dx, dy], _) = long_axis(quad);
    // Along the line (down) and across it (to its right as one walks down the image).
    let along = |c: &Corner| c[0] * dx + c[1] * dy;
    let across = |c: &Corner| c[0] * dy - c[1] * dx;
    let mut corners = *quad;
    corners.sort_by(|a, b| along(a).total_cmp(&along(b)));
    let (mut top, mut bottom) = ([corners[0], corners[1]], [corners[2], corners[3]]);
    top.sort_by(|a, b| across(b).total_cmp(&across(a)));
    bottom.sort_by(|a, b| across(b).total_cmp(&across(a)));
    [top[0], bottom[0], bottom[1], top[1]]
}

/// Whether the recogniser reads `crops` turned around with a higher mean confidence than as
/// they stand. The classifier alone takes some upright pages for upside down (an invoice
/// whose longest lines are the cipher block's symbols); reading the lines both ways costs
/// two recognitions of a dozen lines, only on pages the classifier would turn.
fn reads_better_turned(
    reader: Reader,
    mut crops: Vec<LineCrop>,
    batch_size: usize,
) -> Result<bool, OcrError> {
    let mean_confidence = |crops: &[LineCrop]| -> Result<f32, OcrError> {
        let decoded = recognize_crops(reader.net, reader.dictionary, crops, batch_size)?;
        Ok(decoded.iter().map(|d| d.confidence).sum::<f32>() / decoded.len().max(1) as f32)
    };
    let as_they_stand = mean_confidence(&crops)?;
    crops.iter_mut().for_each(turn_around);
    Ok(mean_confidence(&crops)? > as_they_stand)
}

/// Copies `crop` into `out` (3 × 48 × 192): padded with zeros when narrower, squeezed
/// (linear interpolation along each row) when wider.
fn fit_width(crop: &LineCrop, out: &mut [f32]) {
    let width = crop.width;
    let target = width.min(CLASSIFIER_WIDTH);
    let scale = width as f32 / target as f32;
    for channel in 0..3 {
        for y in 0..LINE_HEIGHT {
            let row = &crop.data[(channel * LINE_HEIGHT + y) * width..][..width];
            let dst = &mut out[(channel * LINE_HEIGHT + y) * CLASSIFIER_WIDTH..][..target];
            for (x, value) in dst.iter_mut().enumerate() {
                let sx = ((x as f32 + 0.5) * scale - 0.5).clamp(0.0, (width - 1) as f32);
                let (x0, f) = (sx.floor() as usize, sx.fract());
                let x1 = (x0 + 1).min(width - 1);
                *value = row[x0] + (row[x1] - row[x0]) * f;
            }
        }
    }
}

/// Turns a crop by 180°: every plane reversed, and its corners with it.
pub fn turn_around(crop: &mut LineCrop) {
    crop.corners.rotate_left(2);
    let plane = LINE_HEIGHT * crop.width;
    for channel in crop.data.chunks_exact_mut(plane) {
        channel.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::super::NetOutput;
    use super::*;
    use rten_tensor::prelude::*;

    fn crop(width: usize, value: impl Fn(usize) -> f32) -> LineCrop {
        let data = (0..3 * LINE_HEIGHT * width)
            .map(|i| value(i % width))
            .collect();
        LineCrop {
            corners: [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]],
            width,
            data,
        }
    }

    /// Says "upside down" (with probability 0.95) when the left half of the input's first
    /// row is brighter than its right half.
    struct BrightLeftIsUpsideDown;
    impl Network for BrightLeftIsUpsideDown {
        fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
            let [n, _, h, w] = input.shape();
            assert_eq!((h, w), (LINE_HEIGHT, CLASSIFIER_WIDTH));
            let data = input.data().unwrap();
            let mut out = Vec::new();
            for line in 0..n {
                let row = &data[line * 3 * h * w..][..w];
                let (left, right) = row.split_at(w / 2);
                let flipped = left.iter().sum::<f32>() > right.iter().sum::<f32>();
                out.extend(if flipped { [0.05, 0.95] } else { [0.95, 0.05] });
            }
            Ok(NetOutput {
                shape: vec![n, 2],
                data: out,
            })
        }
    }

    #[test]
    fn narrow_crops_are_padded_and_wide_ones_squeezed() {
        // Narrow: 100 columns of 1.0, then zero padding (the left half looks brighter).
        // Wide: dark left, bright right over 600 columns, squeezed keeps that.
        let crops = [
            crop(100, |_| 1.0),
            crop(600, |x| if x < 300 { -1.0 } else { 1.0 }),
        ];
        let flags = upside_down(&BrightLeftIsUpsideDown, &crops, 6, 0.9).unwrap();
        assert_eq!(flags, [true, false]);
        assert_eq!(
            upside_down(&BrightLeftIsUpsideDown, &crops, 6, 0.99).unwrap(),
            [false, false]
        );
    }

    struct ThreeClasses;
    impl Network for ThreeClasses {
        fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
            let n = input.shape()[0];
            Ok(NetOutput {
                shape: vec![n, 3],
                data: vec![0.3; n * 3],
            })
        }
    }

    #[test]
    fn a_wrong_output_shape_is_an_orientation_error() {
        let error = upside_down(&ThreeClasses, &[crop(10, |_| 0.0)], 6, 0.9).unwrap_err();
        assert!(matches!(error, OcrError::Orientation(_)), "{error}");
    }

    /// A white 200 × 200 image with one text box, dark over the part `dark` marks.
    fn page_with_box(quad: [Corner; 4], dark: impl Fn(u32, u32) -> bool) -> (RgbImage, ScoredBox) {
        let image = RgbImage::from_fn(200, 200, |x, y| {
            image::Rgb(if dark(x, y) {
                [0, 0, 0]
            } else {
                [255, 255, 255]
            })
        });
        (image, ScoredBox { quad, score: 1.0 })
    }

    #[test]
    fn the_page_turn_comes_from_the_lines_shape_and_the_classifier() {
        let wide = [[20.0, 20.0], [180.0, 20.0], [180.0, 40.0], [20.0, 40.0]];
        let tall = [[90.0, 10.0], [110.0, 10.0], [110.0, 190.0], [90.0, 190.0]];
        let params = PpOcrParams::default();
        let classifier: Option<&dyn Network> = Some(&BrightLeftIsUpsideDown);
        let cases: [(_, &dyn Fn(u32, u32) -> bool, _); 4] = [
            // The fake says "upside down" when the crop's left end is the brighter.
            (wide, &|x, _| x < 100, PageTurn::Upright),
            (wide, &|x, _| x >= 100, PageTurn::Half),
            // A tall box is cropped turned counter-clockwise: its top becomes the left end.
            (tall, &|_, y| y < 100, PageTurn::Clockwise90),
            (tall, &|_, y| y >= 100, PageTurn::Counterclockwise90),
        ];
        for (quad, dark, expected) in cases {
            let (image, line) = page_with_box(quad, dark);
            let turn = page_turn(classifier, None, &image, &[line], &params).unwrap();
            assert_eq!(turn, expected);
        }
    }

    #[test]
    fn a_leaning_sideways_line_turns_the_page_as_an_upright_tall_one() {
        // Lines 65° from level, leaning either way, their corners ordered as the
        // detector orders them (the two leftmost are the same end of a long line).
        let params = PpOcrParams::default();
        let classifier: Option<&dyn Network> = Some(&BrightLeftIsUpsideDown);
        for lean in [65.0f32, 115.0] {
            let (dx, dy) = (lean.to_radians().cos(), lean.to_radians().sin());
            let corner = |along: f32, across: f32| {
                [
                    100.0 + along * dx + across * dy,
                    100.0 + along * dy - across * dx,
                ]
            };
            let quad = crate::ocr::ppocr::postprocess::order_corners([
                corner(-80.0, -10.0),
                corner(-80.0, 10.0),
                corner(80.0, 10.0),
                corner(80.0, -10.0),
            ]);
            for (dark_top, expected) in [
                (true, PageTurn::Clockwise90),
                (false, PageTurn::Counterclockwise90),
            ] {
                let (image, line) = page_with_box(quad, |_, y| (y < 100) == dark_top);
                let turn = page_turn(classifier, None, &image, &[line], &params).unwrap();
                assert_eq!(turn, expected, "leaning {lean}°, dark top {dark_top}");
            }
        }
    }

    /// Reads one `a` per line: confidently (0.9) when the first row's left half is darker
    /// than its right half and `dark_left_reads_well`, or the other way round; else 0.3.
    struct Recogniser {
        dark_left_reads_well: bool,
    }
    impl Network for Recogniser {
        fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
            let [n, _, _, w] = input.shape();
            let data = input.data().unwrap();
            let (steps, classes) = (4, 3); // blank, `a`, space
            let mut out = Vec::new();
            for line in 0..n {
                let row = &data[line * 3 * LINE_HEIGHT * w..][..w];
                let (left, right) = row.split_at(w / 2);
                let dark_left = left.iter().sum::<f32>() < right.iter().sum::<f32>();
                let p = if dark_left == self.dark_left_reads_well {
                    0.9
                } else {
                    0.3
                };
                for step in 0..steps {
                    let mut probs = [0.0f32; 3];
                    if step == 0 {
                        probs = [1.0 - p, p, 0.0];
                    } else {
                        probs[0] = 1.0;
                    }
                    out.extend(probs);
                }
            }
            Ok(NetOutput {
                shape: vec![n, steps, classes],
                data: out,
            })
        }
    }

    #[test]
    fn a_turn_the_classifier_proposes_stands_only_if_the_lines_read_better_turned() {
        let wide = [[20.0, 20.0], [180.0, 20.0], [180.0, 40.0], [20.0, 40.0]];
        // Dark right end: the classifier says "upside down".
        let (image, line) = page_with_box(wide, |x, _| x >= 100);
        let params = PpOcrParams::default();
        let dictionary = Dictionary::from_text("a\n");
        for (dark_left_reads_well, expected) in [(true, PageTurn::Half), (false, PageTurn::Upright)]
        {
            let recogniser = Recogniser {
                dark_left_reads_well,
            };
            let reader = Reader {
                net: &recogniser,
                dictionary: &dictionary,
            };
            let turn = page_turn(
                Some(&BrightLeftIsUpsideDown),
                Some(reader),
                &image,
                std::slice::from_ref(&line),
                &params,
            )
            .unwrap();
            assert_eq!(
                turn, expected,
                "dark left reads well: {dark_left_reads_well}"
            );
        }
    }

    #[test]
    fn without_a_classifier_only_sideways_pages_are_found() {
        let tall = [[90.0, 10.0], [110.0, 10.0], [110.0, 190.0], [90.0, 190.0]];
        let (image, line) = page_with_box(tall, |_, y| y >= 100);
        let params = PpOcrParams::default();
        assert_eq!(
            page_turn(None, None, &image, &[line], &params).unwrap(),
            PageTurn::Clockwise90
        );
        assert_eq!(
            page_turn(None, None, &image, &[], &params).unwrap(),
            PageTurn::Upright
        );
    }

    #[test]
    fn turning_around_twice_is_no_turn() {
        let original = crop(7, |x| x as f32);
        let mut turned = original.clone();
        turn_around(&mut turned);
        assert_eq!(turned.data[0], 6.0);
        assert_eq!(turned.corners[0], [1.0, 1.0]); // the text's top-left is the box's bottom-right
        assert_eq!(turned.data[LINE_HEIGHT * 7 - 1], 0.0);
        turn_around(&mut turned);
        assert_eq!(turned.data, original.data);
    }
}
