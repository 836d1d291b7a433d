//! Text detection: scale the image for the DB detector, run it, and turn its probability
//! map into boxes in input-image pixels.

use image::RgbImage;
use image::imageops::{FilterType, resize};
use rten_tensor::NdTensor;

use super::postprocess::{DbParams, ProbMap, ScoredBox, box_height, box_length, db_boxes};
use super::{Network, SmallText};
use crate::ocr::OcrError;

/// ImageNet mean and standard deviation, in the channel order PaddleOCR feeds its models:
/// it reads images with OpenCV (BGR) and normalises with the RGB-ordered constants, so
/// channel 0 (blue) gets 0.485 / 0.229. The models were trained that way.
const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const STD: [f32; 3] = [0.229, 0.224, 0.225];

/// The detector's input size for an image of `width × height`: the long side shrunk to at
/// most `max_side`, both sides rounded to a multiple of 32 (the network downsamples 32×),
/// at least 32.
pub fn detector_size(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let long = width.max(height).max(1);
    let scale = if long > max_side {
        max_side as f32 / long as f32
    } else {
        1.0
    };
    let round32 = |v: u32| (((v as f32 * scale) / 32.0).round() as u32 * 32).max(32);
    (round32(width), round32(height))
}

/// The long side to detect again at when the print in `boxes` (found at `max_side`) is
/// too small for the detector ([`SmallText`]); `None` when it is large enough, or when
/// the image has no finer scale to offer.
pub fn finer_side(
    (width, height): (u32, u32),
    boxes: &[ScoredBox],
    max_side: u32,
    small: &SmallText,
) -> Option<u32> {
    let long = width.max(height);
    let (detected_width, detected_height) = detector_size(width, height, max_side);
    let detected_long = detected_width.max(detected_height);
    let scale = detected_long as f32 / long.max(1) as f32;
    let median = median_box_height(boxes)? * scale;
    let sparse = boxes.iter().filter(|b| is_line_shaped(&b.quad)).count() < small.min_boxes;
    if median >= small.min_height && !sparse {
        return None;
    }
    let wanted = if sparse {
        small.max_side as f32
    } else {
        detected_long as f32 * small.target_height / median.max(1.0)
    };
    let side = (wanted as u32).min(small.max_side).min(long);
    // Less than a tenth finer is not worth a second run.
    (side as f32 > detected_long as f32 * 1.1).then_some(side)
}

/// Whether a box is shaped like a line of text, several glyphs long: not a lone glyph, a
/// seal or emblem, or a picture the detector boxed whole (an ID card back's Great Wall).
fn is_line_shaped(quad: &[crate::ocr::Corner; 4]) -> bool {
    box_length(quad) >= LINE_ASPECT * box_height(quad)
}

/// Least ratio of a text line's long side to its short side: two glyphs and the
/// detector's margin.
const LINE_ASPECT: f32 = 2.0;

/// The median of the boxes' short sides, in the boxes' pixels.
fn median_box_height(boxes: &[ScoredBox]) -> Option<f32> {
    let mut heights: Vec<f32> = boxes.iter().map(|b| box_height(&b.quad)).collect();
    if heights.is_empty() {
        return None;
    }
    heights.sort_by(f32::total_cmp);
    Some(heights[heights.len() / 2])
}

/// The detector's input: the image resized to `size`, normalised, BGR planes, NCHW.
pub fn detector_input(image: &RgbImage, size: (u32, u32)) -> NdTensor<f32, 4> {
    let resized;
    let scaled = if image.dimensions() == size {
        image
    } else {
        resized = resize(image, size.0, size.1, FilterType::Triangle);
        &resized
    };
    let (w, h) = (size.0 as usize, size.1 as usize);
    let mut data = vec![0.0f32; 3 * w * h];
    let (plane_b, rest) = data.split_at_mut(w * h);
    let (plane_g, plane_r) = rest.split_at_mut(w * h);
    for (i, pixel) in scaled.pixels().enumerate() {
        let [r, g, b] = pixel.0;
        plane_b[i] = (f32::from(b) / 255.0 - MEAN[0]) / STD[0];
        plane_g[i] = (f32::from(g) / 255.0 - MEAN[1]) / STD[1];
        plane_r[i] = (f32::from(r) / 255.0 - MEAN[2]) / STD[2];
    }
    NdTensor::from_data([1, 3, h, w], data)
}

/// Finds text boxes in `image`, in its pixels. Not yet in reading order.
pub fn detect(
    net: &dyn Network,
    image: &RgbImage,
    max_side: u32,
    params: &DbParams,
) -> Result<Vec<ScoredBox>, OcrError> {
    let (width, height) = image.dimensions();
    if width == 0 || height == 0 {
        return Ok(Vec::new());
    }
    let size = detector_size(width, height, max_side);
    let output = net
        .run(detector_input(image, size))
        .map_err(OcrError::Detection)?;
    let (map_w, map_h) = match output.shape[..] {
        [1, 1, h, w] | [1, h, w] => (w, h),
        _ => {
            return Err(OcrError::Detection(format!(
                "expected a 1×1×H×W probability map, got shape {:?}",
                output.shape
            )));
        }
    };
    let map = ProbMap {
        width: map_w,
        height: map_h,
        data: &output.data,
    };
    Ok(db_boxes(map, params, (width, height)))
}

#[cfg(test)]
mod tests {
    use super::super::NetOutput;
    use super::*;
    use rten_tensor::prelude::*;

    #[test]
    fn sizes_are_multiples_of_32_within_the_limit() {
        assert_eq!(detector_size(4208, 3120, 1600), (1600, 1184));
        assert_eq!(detector_size(3120, 4208, 960), (704, 960));
        assert_eq!(detector_size(100, 50, 1600), (96, 64)); // small images are not enlarged
        assert_eq!(detector_size(5, 3, 1600), (32, 32));
    }

    fn boxes_of_height(height: f32, count: usize) -> Vec<ScoredBox> {
        (0..count)
            .map(|k| {
                let y = k as f32 * 3.0 * height;
                ScoredBox {
                    quad: [[0.0, y], [400.0, y], [400.0, y + height], [0.0, y + height]],
                    score: 0.9,
                }
            })
            .collect()
    }

    #[test]
    fn small_print_is_detected_again_finer_and_large_print_is_not() {
        let small = SmallText::default();
        // 30-px boxes in a 2351-px photo are 12.25 px at 960: look again where they are
        // 20 px, at 960 × 20 / 12.25.
        let side = finer_side((1763, 2351), &boxes_of_height(30.0, 7), 960, &small);
        assert_eq!(side, Some(1567));
        // 60-px boxes are 24 px at 960: once is enough.
        assert_eq!(
            finer_side((1763, 2351), &boxes_of_height(60.0, 7), 960, &small),
            None
        );
        // Tiny print asks for more than the cap allows; the cap holds.
        let side = finer_side((4000, 3000), &boxes_of_height(10.0, 7), 960, &small);
        assert_eq!(side, Some(small.max_side));
        // An image already seen whole has no finer scale.
        assert_eq!(
            finer_side((900, 600), &boxes_of_height(8.0, 7), 960, &small),
            None
        );
        assert_eq!(finer_side((1763, 2351), &[], 960, &small), None);
    }

    #[test]
    fn a_page_of_a_few_large_lines_is_detected_again_as_finely_as_allowed() {
        let small = SmallText::default();
        // Two 60-px title boxes in a 1512-px photo: large print, and too few lines.
        let side = finer_side((1512, 1134), &boxes_of_height(60.0, 2), 960, &small);
        assert_eq!(side, Some(1512));
        let side = finer_side((4000, 3000), &boxes_of_height(60.0, 3), 960, &small);
        assert_eq!(side, Some(small.max_side));
        // As many lines as a document has, large: once is enough.
        assert_eq!(
            finer_side((4000, 3000), &boxes_of_height(60.0, 4), 960, &small),
            None
        );
        // Two title lines and two pictures boxed whole are still two lines.
        let mut boxes = boxes_of_height(60.0, 2);
        boxes.extend(boxes_of_height(380.0, 2));
        let side = finer_side((1512, 1134), &boxes, 960, &small);
        assert_eq!(side, Some(1512));
    }

    #[test]
    fn input_is_bgr_and_normalised() {
        let image = RgbImage::from_pixel(2, 1, image::Rgb([255, 0, 0]));
        let input = detector_input(&image, (2, 1));
        assert_eq!(input.shape(), [1, 3, 1, 2]);
        assert!((input[[0, 0, 0, 0]] - (0.0 - MEAN[0]) / STD[0]).abs() < 1e-6); // blue
        assert!((input[[0, 2, 0, 1]] - (1.0 - MEAN[2]) / STD[2]).abs() < 1e-6); // red
    }

    /// A fake detector that marks the top-left quarter of whatever it is given as text.
    struct QuarterDetector;
    impl Network for QuarterDetector {
        fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
            let [_, _, h, w] = input.shape();
            let mut data = vec![0.0; h * w];
            for y in 0..h / 4 {
                data[y * w..y * w + w / 2].fill(0.9);
            }
            Ok(NetOutput {
                shape: vec![1, 1, h, w],
                data,
            })
        }
    }

    #[test]
    fn boxes_come_back_in_input_pixels() {
        let image = RgbImage::new(3200, 1600);
        let boxes = detect(&QuarterDetector, &image, 1600, &DbParams::default()).unwrap();
        assert_eq!(boxes.len(), 1);
        let [tl, _, br, _] = boxes[0].quad;
        // The region is x 0–1600, y 0–400 of the input; unclip grows it past the top-left
        // edge (clipped to 0) and past the other two by about 0.6 of its height.
        assert_eq!(tl, [0.0, 0.0]);
        assert!(
            (1600.0..1900.0).contains(&br[0]) && (400.0..700.0).contains(&br[1]),
            "{br:?}"
        );
    }

    struct BadShape;
    impl Network for BadShape {
        fn run(&self, _: NdTensor<f32, 4>) -> Result<NetOutput, String> {
            Ok(NetOutput {
                shape: vec![2, 2],
                data: vec![0.0; 4],
            })
        }
    }

    #[test]
    fn a_wrong_output_shape_is_a_detection_error() {
        let error =
            detect(&BadShape, &RgbImage::new(64, 64), 960, &DbParams::default()).unwrap_err();
        assert!(matches!(error, OcrError::Detection(_)), "{error}");
    }
}
