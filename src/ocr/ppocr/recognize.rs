//! Text recognition: cut each detected box out of the image upright at the recogniser's
//! height, run the recogniser on batches of similar widths, and decode its output.

use image::RgbImage;
use imageproc::geometric_transformations::Projection;
use rten_tensor::NdTensor;

use super::Network;
use super::dict::{Decoded, Dictionary};
use crate::ocr::{Corner, OcrError};

/// The recogniser's input height in pixels (PP-OCRv5 rec: 3 × 48 × W).
pub const LINE_HEIGHT: usize = 48;

/// The widest crop, in pixels at the recogniser's height (a 100:1 line); wider boxes are
/// squeezed rather than allowed to allocate without bound.
const MAX_WIDTH: usize = 4800;

/// A box cut out upright and scaled to [`LINE_HEIGHT`], normalised to [-1, 1], BGR planes.
#[derive(Debug, Clone)]
pub struct LineCrop {
    /// The corners of the box in the image that land on the crop's top-left, top-right,
    /// bottom-right and bottom-left: the text's own corners, clockwise from its top-left.
    pub corners: [Corner; 4],
    pub width: usize,
    /// `3 × LINE_HEIGHT × width` values.
    pub data: Vec<f32>,
}

/// Cuts the quadrilateral `quad` (top-left, top-right, bottom-right, bottom-left) out of
/// `image` with a perspective warp straight to the recogniser's height, keeping the
/// aspect ratio. A box more than `vertical_ratio` times taller than wide is taken to hold
/// vertical text and is turned 90° counter-clockwise (as PaddleOCR does).
pub fn crop_line(image: &RgbImage, quad: &[Corner; 4], vertical_ratio: f32) -> Option<LineCrop> {
    let dist = |a: Corner, b: Corner| (a[0] - b[0]).hypot(a[1] - b[1]);
    let [tl, tr, br, bl] = *quad;
    let w = dist(tl, tr).max(dist(bl, br));
    let h = dist(tl, bl).max(dist(tr, br));
    if w < 1.0 || h < 1.0 || image.width() == 0 || image.height() == 0 {
        return None;
    }
    // Corners of the source in the order they land on the crop's tl, tr, br, bl.
    let (source, w, h) = if h >= vertical_ratio * w {
        ([tr, br, bl, tl], h, w)
    } else {
        ([tl, tr, br, bl], w, h)
    };
    let width = ((LINE_HEIGHT as f32 * w / h).ceil() as usize).clamp(1, MAX_WIDTH);
    let (fw, fh) = (width as f32, LINE_HEIGHT as f32);
    let to_source = Projection::from_control_points(
        [(0.0, 0.0), (fw, 0.0), (fw, fh), (0.0, fh)],
        source.map(|[x, y]| (x, y)),
    )?;

    let plane = LINE_HEIGHT * width;
    let mut data = vec![0.0f32; 3 * plane];
    for y in 0..LINE_HEIGHT {
        for x in 0..width {
            let (sx, sy) = to_source * (x as f32 + 0.5, y as f32 + 0.5);
            let [r, g, b] = bilinear(image, sx - 0.5, sy - 0.5);
            let i = y * width + x;
            data[i] = b / 127.5 - 1.0;
            data[plane + i] = g / 127.5 - 1.0;
            data[2 * plane + i] = r / 127.5 - 1.0;
        }
    }
    Some(LineCrop {
        corners: source,
        width,
        data,
    })
}

/// `crop` stretched `factor` times along the line (height kept), linearly interpolated:
/// the recogniser then gives each glyph `factor` times the time steps. Same corners, so
/// positions read on it map back to the image as on `crop`.
pub fn stretched(crop: &LineCrop, factor: f32) -> LineCrop {
    let width = ((crop.width as f32 * factor).round() as usize).clamp(1, MAX_WIDTH);
    let scale = crop.width as f32 / width as f32;
    let plane = LINE_HEIGHT * width;
    let mut data = vec![0.0f32; 3 * plane];
    for channel in 0..3 {
        for y in 0..LINE_HEIGHT {
            let row = &crop.data[(channel * LINE_HEIGHT + y) * crop.width..][..crop.width];
            for x in 0..width {
                let source = ((x as f32 + 0.5) * scale - 0.5).clamp(0.0, (crop.width - 1) as f32);
                let (left, t) = (source.floor() as usize, source.fract());
                let right = (left + 1).min(crop.width - 1);
                data[channel * plane + y * width + x] = row[left] + (row[right] - row[left]) * t;
            }
        }
    }
    LineCrop {
        corners: crop.corners,
        width,
        data,
    }
}

/// Bilinear sample at `(x, y)` (pixel centres at integers), edges repeated.
fn bilinear(image: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let max_x = image.width() as f32 - 1.0;
    let max_y = image.height() as f32 - 1.0;
    let (x, y) = (x.clamp(0.0, max_x), y.clamp(0.0, max_y));
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (x0, y0) = (x0 as u32, y0 as u32);
    let x1 = (x0 + 1).min(max_x as u32);
    let y1 = (y0 + 1).min(max_y as u32);
    let p = |px: u32, py: u32| image.get_pixel(px, py).0.map(f32::from);
    let (a, b, c, d) = (p(x0, y0), p(x1, y0), p(x0, y1), p(x1, y1));
    std::array::from_fn(|k| {
        let top = a[k] + (b[k] - a[k]) * fx;
        let bottom = c[k] + (d[k] - c[k]) * fx;
        top + (bottom - top) * fy
    })
}

/// Reads every crop: batches of up to `batch_size` crops of similar width (sorted by
/// width, so little padding), each padded on the right to its widest crop with zeros
/// (mid-grey after normalisation, as PaddleOCR pads). Results are in the order of `crops`.
pub fn recognize_crops(
    net: &dyn Network,
    dict: &Dictionary,
    crops: &[LineCrop],
    batch_size: usize,
) -> Result<Vec<Decoded>, OcrError> {
    recognize_crops_within(net, dict, crops, batch_size, None)
}

/// [`recognize_crops`] decoding only the characters `allowed` passes, when given (see
/// [`Dictionary::decode_within`]).
pub fn recognize_crops_within(
    net: &dyn Network,
    dict: &Dictionary,
    crops: &[LineCrop],
    batch_size: usize,
    allowed: Option<&dyn Fn(char) -> bool>,
) -> Result<Vec<Decoded>, OcrError> {
    let mut order: Vec<usize> = (0..crops.len()).collect();
    order.sort_by_key(|&i| crops[i].width);
    let mut results: Vec<Option<Decoded>> = vec![None; crops.len()];
    for batch in order.chunks(batch_size.max(1)) {
        let width = batch.iter().map(|&i| crops[i].width).max().unwrap_or(1);
        let plane = LINE_HEIGHT * width;
        let mut data = vec![0.0f32; batch.len() * 3 * plane];
        for (slot, &i) in batch.iter().enumerate() {
            let crop = &crops[i];
            for channel in 0..3 {
                for y in 0..LINE_HEIGHT {
                    let from = channel * LINE_HEIGHT * crop.width + y * crop.width;
                    let to = slot * 3 * plane + channel * plane + y * width;
                    data[to..to + crop.width].copy_from_slice(&crop.data[from..from + crop.width]);
                }
            }
        }
        let input = NdTensor::from_data([batch.len(), 3, LINE_HEIGHT, width], data);
        let output = net.run(input).map_err(OcrError::Recognition)?;
        let [n, steps, classes] = output.shape[..] else {
            return Err(OcrError::Recognition(format!(
                "expected an N×T×C output, got shape {:?}",
                output.shape
            )));
        };
        if n != batch.len() || classes != dict.num_classes() {
            return Err(OcrError::Recognition(format!(
                "the recogniser gave {n}×{steps}×{classes} for {} lines, but the dictionary has {} classes",
                batch.len(),
                dict.num_classes()
            )));
        }
        for (slot, &i) in batch.iter().enumerate() {
            let rows = &output.data[slot * steps * classes..(slot + 1) * steps * classes];
            let step_width = width as f32 / steps.max(1) as f32;
            results[i] = Some(dict.decode_within(rows, classes, step_width, allowed));
        }
    }
    Ok(results.into_iter().flatten().collect())
}

/// The widest a character's box extends from its centre, in crop pixels at the
/// recogniser's height: a CJK character is about as wide as the line is high, so a gap
/// (a space, a blank margin) beside a character does not widen its box beyond that.
const MAX_CHAR_HALF_WIDTH: f32 = 0.6 * LINE_HEIGHT as f32;

/// The box of each character of `decoded` in image pixels: its centre is the middle of
/// the time step that emitted it, its edges halfway to its neighbours' centres (at most
/// [`MAX_CHAR_HALF_WIDTH`] away), its top and bottom those of the line.
pub fn char_quads(crop: &LineCrop, decoded: &Decoded) -> Vec<[Corner; 4]> {
    let width = crop.width as f32;
    let centres: Vec<f32> = decoded
        .steps
        .iter()
        .map(|&step| ((step as f32 + 0.5) * decoded.step_width).min(width))
        .collect();
    let half_gap = |a: f32, b: f32| ((b - a) / 2.0).clamp(0.0, MAX_CHAR_HALF_WIDTH);
    (0..centres.len())
        .map(|k| {
            let c = centres[k];
            let left = match k.checked_sub(1) {
                Some(p) => c - half_gap(centres[p], c),
                None => {
                    c - centres
                        .get(1)
                        .map_or(MAX_CHAR_HALF_WIDTH, |&n| half_gap(c, n))
                }
            };
            let right = match centres.get(k + 1) {
                Some(&n) => c + half_gap(c, n),
                None => {
                    c + k
                        .checked_sub(1)
                        .map_or(MAX_CHAR_HALF_WIDTH, |p| half_gap(centres[p], c))
                }
            };
            crop_span_quad(crop, left.max(0.0) / width, right.min(width) / width)
        })
        .collect()
}

/// The part of the crop's box between fractions `from` and `to` of its width, in image
/// pixels, corners in the crop's order (top-left, top-right, bottom-right, bottom-left).
fn crop_span_quad(crop: &LineCrop, from: f32, to: f32) -> [Corner; 4] {
    let [tl, tr, br, bl] = crop.corners;
    let lerp = |a: Corner, b: Corner, t: f32| [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    [
        lerp(tl, tr, from),
        lerp(tl, tr, to),
        lerp(bl, br, to),
        lerp(bl, br, from),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::NetOutput;
    use super::*;
    use image::Rgb;
    use rten_tensor::prelude::*;

    #[test]
    fn a_crop_is_upright_at_line_height_and_keeps_the_aspect() {
        // White image with a black left half of the box: the crop's left half is -1.
        let mut image = RgbImage::from_pixel(400, 200, Rgb([255, 255, 255]));
        for y in 50..74 {
            for x in 100..148 {
                image.put_pixel(x, y, Rgb([0, 0, 0]));
            }
        }
        let quad = [[100.0, 50.0], [196.0, 50.0], [196.0, 74.0], [100.0, 74.0]];
        let crop = crop_line(&image, &quad, 1.5).unwrap();
        assert_eq!(crop.width, 192); // 96 × 24 box at height 48
        assert_eq!(crop.data.len(), 3 * 48 * 192);
        assert!((crop.data[10 * 192 + 20] + 1.0).abs() < 1e-6);
        assert!((crop.data[10 * 192 + 170] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_tall_box_is_turned_counter_clockwise() {
        // A tall box whose top part is black: after a 90° CCW turn the black is on the left.
        let mut image = RgbImage::from_pixel(100, 300, Rgb([255, 255, 255]));
        for y in 0..50 {
            for x in 0..100 {
                image.put_pixel(x, y, Rgb([0, 0, 0]));
            }
        }
        let quad = [[0.0, 0.0], [100.0, 0.0], [100.0, 300.0], [0.0, 300.0]];
        let crop = crop_line(&image, &quad, 1.5).unwrap();
        assert_eq!(crop.width, 144);
        assert!(crop.data[24 * 144 + 5] < -0.9);
        assert!(crop.data[24 * 144 + 100] > 0.9);
    }

    #[test]
    fn characters_get_boxes_around_their_steps_within_the_line() {
        // A 100 × 20 box read as a 200-column crop; three characters at steps 2, 10, 11
        // with 8 columns per step: centres 20, 84, 92 crop columns.
        let crop = LineCrop {
            corners: [[10.0, 5.0], [110.0, 5.0], [110.0, 25.0], [10.0, 25.0]],
            width: 200,
            data: Vec::new(),
        };
        let decoded = Decoded {
            text: "ab1".into(),
            confidence: 1.0,
            steps: vec![2, 10, 11],
            step_width: 8.0,
        };
        let quads = char_quads(&crop, &decoded);
        assert_eq!(quads.len(), 3);
        // Crop column c lands on image x = 10 + c / 2.
        let close = |a: f32, b: f32| (a - b).abs() < 1e-3;
        let edges = |k: usize| (quads[k][0][0], quads[k][1][0]);
        let expected = [
            // The first's left edge is at most 0.6 × 48 = 28.8 columns out (clamped to
            // column 0); its right edge too, as half the gap to 84 is 32.
            (10.0, 10.0 + (20.0 + 28.8) / 2.0),
            (10.0 + (84.0 - 28.8) / 2.0, 10.0 + 88.0 / 2.0),
            (10.0 + 88.0 / 2.0, 10.0 + 96.0 / 2.0),
        ];
        for (k, (left, right)) in expected.into_iter().enumerate() {
            let (l, r) = edges(k);
            assert!(close(l, left) && close(r, right), "char {k}: {l}..{r}");
        }
        for q in &quads {
            assert!(close(q[0][1], 5.0) && close(q[2][1], 25.0));
            assert!(close(q[0][0], q[3][0]) && close(q[1][0], q[2][0]));
        }
    }

    #[test]
    fn degenerate_boxes_give_no_crop() {
        let image = RgbImage::new(10, 10);
        assert!(crop_line(&image, &[[1.0, 1.0]; 4], 1.5).is_none());
    }

    /// A fake recogniser that "reads" each line's width: one step per 8 columns, class 1
    /// on every other step for as many steps as the crop (not the padding) is wide / 24.
    struct WidthReader;
    impl Network for WidthReader {
        fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
            let [n, _, _, w] = input.shape();
            let (steps, classes) = (w / 8, 3);
            let mut data = vec![0.0; n * steps * classes];
            for line in 0..n {
                // Columns that hold the crop are non-zero in row 0, channel 0 (padding is 0).
                let row = &input.data().unwrap()[line * 3 * 48 * w..][..w];
                let used = row.iter().filter(|&&v| v != 0.0).count();
                for t in 0..steps {
                    let class = if t % 2 == 0 && t < used / 12 { 1 } else { 0 };
                    data[(line * steps + t) * classes + class] = 1.0;
                }
            }
            Ok(NetOutput {
                shape: vec![n, steps, classes],
                data,
            })
        }
    }

    #[test]
    fn batches_are_padded_and_results_keep_the_input_order() {
        let dict = Dictionary::from_text("x\n");
        let crop = |width: usize| LineCrop {
            corners: [[0.0; 2]; 4],
            width,
            data: vec![0.5; 3 * 48 * width],
        };
        let crops = [crop(96), crop(24), crop(48), crop(72)];
        let decoded = recognize_crops(&WidthReader, &dict, &crops, 2).unwrap();
        let texts: Vec<&str> = decoded.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["xxxx", "x", "xx", "xxx"]);
    }

    #[test]
    fn a_dictionary_of_the_wrong_size_is_a_recognition_error() {
        let dict = Dictionary::from_text("x\ny\nz\n");
        let crops = [LineCrop {
            corners: [[0.0; 2]; 4],
            width: 16,
            data: vec![0.5; 3 * 48 * 16],
        }];
        let error = recognize_crops(&WidthReader, &dict, &crops, 6).unwrap_err();
        assert!(matches!(error, OcrError::Recognition(_)), "{error}");
    }
}
