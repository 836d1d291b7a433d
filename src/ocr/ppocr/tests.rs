//! The whole engine with fake networks: the stages fit together, lines come back in
//! reading order, in input pixels, and unreadable lines are dropped.

use super::*;
use image::Rgb;

/// Marks dark pixels as text: probability = 1 − brightness of the blue plane.
struct DarkIsText;
impl Network for DarkIsText {
    fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
        let [_, _, h, w] = input.shape();
        let blue = &input.data().unwrap()[..h * w];
        let data = blue.iter().map(|v| 1.0 - (v * 0.229 + 0.485)).collect();
        Ok(NetOutput {
            shape: vec![1, 1, h, w],
            data,
        })
    }
}

/// Reads a line as one `a` per 48 columns of crop (so a 4:1 box reads `aaaa`), with the
/// given confidence; padding (exact zeros) is not read.
struct CountsCells(f32);
impl Network for CountsCells {
    fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
        let [n, _, _, w] = input.shape();
        let (steps, classes) = (w / 8, 3);
        let mut data = vec![0.0; n * steps * classes];
        for line in 0..n {
            let row = &input.data().unwrap()[line * 3 * 48 * w..][..w];
            let cells = (row.iter().filter(|&&v| v != 0.0).count() as f32 / 48.0).round() as usize;
            for t in 0..steps {
                let class = if t % 6 == 0 && t / 6 < cells { 1 } else { 0 };
                let probs = &mut data[(line * steps + t) * classes..][..classes];
                probs.fill((1.0 - self.0) / 2.0);
                probs[class] = self.0;
            }
        }
        Ok(NetOutput {
            shape: vec![n, steps, classes],
            data,
        })
    }
}

fn page() -> RgbImage {
    let mut image = RgbImage::from_pixel(800, 400, Rgb([255, 255, 255]));
    let mut bar = |x0: u32, y0: u32, w: u32, h: u32| {
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                image.put_pixel(x, y, Rgb([20, 20, 20]));
            }
        }
    };
    bar(500, 52, 200, 40); // right of row 1, a little lower
    bar(40, 50, 120, 40); // left of row 1
    bar(40, 250, 400, 40); // row 2
    image
}

fn engine(confidence: f32) -> PpOcr {
    PpOcr::from_parts(
        Arc::new(DarkIsText),
        Arc::new(CountsCells(confidence)),
        None,
        Dictionary::from_text("a\n"),
        PpOcrParams {
            max_side: 800,
            ..PpOcrParams::default()
        },
    )
}

#[test]
fn lines_come_back_in_reading_order_and_in_place() {
    let lines = engine(0.9).recognize(&page()).unwrap();
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    // Unclip makes each box a little wider, relative to its height, than the bar.
    assert_eq!(texts.len(), 3, "{lines:?}");
    assert!(
        texts[0].len() < texts[1].len() && texts[1].len() < texts[2].len(),
        "{texts:?}"
    );
    let left = |l: &TextLine| l.quad[0][0];
    let top = |l: &TextLine| l.quad[0][1];
    assert!(left(&lines[0]) < 40.0, "{lines:?}");
    // Bars at x 40 and 500, row 2 at y 250; unclip grows each by about 0.6 of its height.
    assert!(
        left(&lines[1]) > 460.0 && top(&lines[2]) > 220.0,
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| (l.confidence - 0.9).abs() < 1e-5));
}

#[test]
fn unsure_lines_are_dropped() {
    assert!(engine(0.4).recognize(&page()).unwrap().is_empty());
}

#[test]
fn a_blank_page_has_no_lines() {
    let blank = RgbImage::from_pixel(300, 200, Rgb([255, 255, 255]));
    assert!(engine(0.9).recognize(&blank).unwrap().is_empty());
    assert!(
        engine(0.9)
            .recognize(&RgbImage::new(0, 0))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_missing_model_names_the_file_and_the_setup_script() {
    let error = PpOcr::load(Path::new("/nonexistent/models"), PpOcrParams::default()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("/nonexistent/models/det.onnx"),
        "{message}"
    );
    assert!(message.contains("scripts/setup.sh"), "{message}");
}

#[test]
fn the_engine_is_shared_across_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<PpOcr>();
}

#[test]
fn odd_shapes_do_not_panic() {
    let engine = engine(0.9);
    for (w, h) in [(1, 1), (1, 10_000), (10_000, 1), (3, 5000), (33, 31)] {
        let dark = RgbImage::from_pixel(w, h, Rgb([0, 0, 0]));
        assert!(engine.recognize(&dark).is_ok(), "{w}×{h}");
        let light = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
        assert!(engine.recognize(&light).unwrap().is_empty(), "{w}×{h}");
    }
}

#[test]
fn a_stretched_crop_keeps_its_corners_and_spreads_its_columns() {
    // A crop 4 columns wide whose values rise 0, 1, 2, 3 along every row.
    let width = 4;
    let data: Vec<f32> = (0..3 * recognize::LINE_HEIGHT * width)
        .map(|i| (i % width) as f32)
        .collect();
    let crop = recognize::LineCrop {
        corners: [[0.0, 0.0], [40.0, 0.0], [40.0, 10.0], [0.0, 10.0]],
        width,
        data,
    };
    let twice = recognize::stretched(&crop, 2.0);
    assert_eq!(twice.width, 8);
    assert_eq!(twice.corners, crop.corners);
    assert_eq!(twice.data.len(), 3 * recognize::LINE_HEIGHT * 8);
    let row = &twice.data[..8];
    assert_eq!(row[0], 0.0);
    assert_eq!(row[7], 3.0);
    assert!(row.windows(2).all(|w| w[1] >= w[0]), "{row:?}");
    assert!((row[3] - 1.25).abs() < 1e-6, "{row:?}");
}

/// Says every line is upside down.
struct SaysUpsideDown;
impl Network for SaysUpsideDown {
    fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
        let [n, ..] = input.shape();
        Ok(NetOutput {
            shape: vec![n, 2],
            data: [0.05, 0.95].repeat(n),
        })
    }
}

/// Reads one `a` per line, confidently only when the line's darkest column is in its left
/// half (text the right way up, for this fake), else with confidence 0.3.
struct ReadsDarkLeft;
impl Network for ReadsDarkLeft {
    fn run(&self, input: NdTensor<f32, 4>) -> Result<NetOutput, String> {
        let [n, _, h, w] = input.shape();
        let (steps, classes) = (w / 8, 3);
        let mut data = vec![0.0; n * steps * classes];
        for line in 0..n {
            let row = &input.data().unwrap()[line * 3 * h * w + (h / 2) * w..][..w];
            let width = row.iter().filter(|&&v| v != 0.0).count().max(1);
            let darkest = (0..width)
                .min_by(|&a, &b| row[a].total_cmp(&row[b]))
                .unwrap_or(0);
            let confidence = if darkest < width / 2 { 0.9 } else { 0.3 };
            for t in 0..steps {
                let class = usize::from(t == 0);
                let probs = &mut data[(line * steps + t) * classes..][..classes];
                probs.fill((1.0 - confidence) / 2.0);
                probs[class] = confidence;
            }
        }
        Ok(NetOutput {
            shape: vec![n, steps, classes],
            data,
        })
    }
}

#[test]
fn an_unreadable_line_the_classifier_finds_upside_down_is_read_turned_around() {
    let mut image = RgbImage::from_pixel(800, 400, Rgb([255, 255, 255]));
    let mut bar = |x0: u32, y0: u32, shade: [u8; 2]| {
        for y in y0..y0 + 40 {
            for x in x0..x0 + 300 {
                let half = usize::from(x >= x0 + 150);
                image.put_pixel(x, y, Rgb([shade[half]; 3]));
            }
        }
    };
    bar(40, 50, [20, 120]); // the right way up
    bar(40, 250, [120, 20]); // upside down
    let engine = |classifier: Option<Arc<dyn Network>>| {
        PpOcr::from_parts(
            Arc::new(DarkIsText),
            Arc::new(ReadsDarkLeft),
            classifier,
            Dictionary::from_text("a\n"),
            PpOcrParams {
                max_side: 800,
                detect_page_turn: false,
                ..PpOcrParams::default()
            },
        )
    };
    // Without a classifier the upside-down line is dropped as unreadable.
    let lines = engine(None).recognize(&image).unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let lines = engine(Some(Arc::new(SaysUpsideDown)))
        .recognize(&image)
        .unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    // The line read upright was not turned; the other's box starts at its bottom right.
    let [first, turned] = [&lines[0], &lines[1]];
    assert!(first.quad[0][0] < first.quad[2][0], "{first:?}");
    assert!(turned.quad[0][0] > turned.quad[2][0], "{turned:?}");
    assert!(turned.quad[0][1] > 250.0, "{turned:?}");
}
