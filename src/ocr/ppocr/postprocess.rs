//! DB (differentiable binarisation) post-processing: from the detector's text-probability
//! map to rotated boxes around text lines, as PaddleOCR's `DBPostProcess` does it.
//!
//! Threshold the map, trace the outer border of each connected region, fit the rotated
//! rectangle of least area, keep it when the mean probability inside is high enough, and
//! grow it ("unclip") by the margin the detector was trained to shrink text regions by.

use image::{GrayImage, Luma};
use imageproc::contours::{BorderType, find_contours};
use imageproc::geometry::min_area_rect;
use imageproc::point::Point;

use crate::ocr::Corner;

/// The detector's output for one image: a probability per pixel that it lies in text.
#[derive(Debug, Clone, Copy)]
pub struct ProbMap<'a> {
    pub width: usize,
    pub height: usize,
    /// Row-major, `width * height` values in 0–1.
    pub data: &'a [f32],
}

/// Parameters of DB post-processing. The defaults are PaddleOCR's for PP-OCRv5 (`det_db_*`).
#[derive(Debug, Clone, PartialEq)]
pub struct DbParams {
    /// A pixel is text when its probability exceeds this (PaddleOCR `det_db_thresh` 0.3).
    pub pixel_threshold: f32,
    /// A region is kept when the mean probability inside its box reaches this
    /// (`det_db_box_thresh` 0.6): rejects faint blobs from texture and JPEG noise.
    pub box_threshold: f32,
    /// Growth of a box: its sides move out by `area × ratio / perimeter` (`det_db_unclip_ratio`
    /// 1.5, the inverse of the shrink used in training so boxes cover whole glyphs).
    pub unclip_ratio: f32,
    /// Boxes whose short side is under this many map pixels are dropped (PaddleOCR 3).
    pub min_side: f32,
    /// At most this many regions are considered, largest-first is not guaranteed
    /// (PaddleOCR `max_candidates` 1000).
    pub max_candidates: usize,
}

impl Default for DbParams {
    fn default() -> DbParams {
        DbParams {
            pixel_threshold: 0.3,
            box_threshold: 0.6,
            unclip_ratio: 1.5,
            min_side: 3.0,
            max_candidates: 1000,
        }
    }
}

/// A text box found on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredBox {
    /// Corners in the coordinates asked for: top-left, top-right, bottom-right, bottom-left.
    pub quad: [Corner; 4],
    /// Mean probability inside the box before unclipping.
    pub score: f32,
}

/// Finds text boxes on `map` and scales them to an image of `target_size` (width, height)
/// pixels, clipped to it.
pub fn db_boxes(map: ProbMap, params: &DbParams, target_size: (u32, u32)) -> Vec<ScoredBox> {
    assert_eq!(map.data.len(), map.width * map.height, "the map's size");
    if map.width == 0 || map.height == 0 {
        return Vec::new();
    }
    // A frame of background one pixel wide: the contour tracer misses regions that touch
    // the image's edge otherwise. Contour points are shifted back by one below.
    let binary = GrayImage::from_fn(map.width as u32 + 2, map.height as u32 + 2, |x, y| {
        let inside = (1..=map.width as u32).contains(&x) && (1..=map.height as u32).contains(&y);
        let text = inside
            && map.data[(y - 1) as usize * map.width + (x - 1) as usize] > params.pixel_threshold;
        Luma([if text { 255 } else { 0 }])
    });
    let scale_x = target_size.0 as f32 / map.width as f32;
    let scale_y = target_size.1 as f32 / map.height as f32;

    find_contours::<i32>(&binary)
        .into_iter()
        .filter(|c| c.border_type == BorderType::Outer)
        .take(params.max_candidates)
        .filter_map(|contour| {
            let points: Vec<Point<f32>> = contour
                .points
                .iter()
                .map(|p| Point::new((p.x - 1) as f32, (p.y - 1) as f32))
                .collect();
            let quad = order_corners(min_area_rect(&points).map(|p| [p.x, p.y]));
            if short_side(&quad) < params.min_side {
                return None;
            }
            let score = mean_inside(map, &quad);
            if score < params.box_threshold {
                return None;
            }
            let grown = unclip(&quad, params.unclip_ratio);
            if short_side(&grown) < params.min_side + 2.0 {
                return None;
            }
            let quad = grown.map(|[x, y]| {
                [
                    (x * scale_x).round().clamp(0.0, target_size.0 as f32),
                    (y * scale_y).round().clamp(0.0, target_size.1 as f32),
                ]
            });
            Some(ScoredBox { quad, score })
        })
        .collect()
}

/// Orders the corners of a rectangle as PaddleOCR's `get_mini_boxes` does: of the two
/// leftmost corners the upper is top-left, of the two rightmost the upper is top-right.
pub fn order_corners(corners: [Corner; 4]) -> [Corner; 4] {
    let mut by_x = corners;
    by_x.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    let (tl, bl) = if by_x[0][1] <= by_x[1][1] {
        (by_x[0], by_x[1])
    } else {
        (by_x[1], by_x[0])
    };
    let (tr, br) = if by_x[2][1] <= by_x[3][1] {
        (by_x[2], by_x[3])
    } else {
        (by_x[3], by_x[2])
    };
    [tl, tr, br, bl]
}

fn distance(a: Corner, b: Corner) -> f32 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

fn short_side(quad: &[Corner; 4]) -> f32 {
    distance(quad[0], quad[1]).min(distance(quad[1], quad[2]))
}

/// The long side of a box, in its pixels: a text line's length.
pub fn box_length(quad: &[Corner; 4]) -> f32 {
    let [tl, tr, br, bl] = *quad;
    let across = distance(tl, tr).max(distance(bl, br));
    let down = distance(tl, bl).max(distance(tr, br));
    across.max(down)
}

/// A box's height across its text: the shorter of its two extents, each the longer of a
/// pair of opposite sides (a box clamped to the image's edge is no longer a rectangle).
pub fn box_height(quad: &[Corner; 4]) -> f32 {
    let [tl, tr, br, bl] = *quad;
    let across = distance(tl, tr).max(distance(bl, br));
    let down = distance(tl, bl).max(distance(tr, br));
    across.min(down)
}

/// Moves every side of a rectangle out by `area × ratio / perimeter`. PaddleOCR offsets the
/// polygon with rounded joins and then takes the min-area rectangle again, which for a
/// rectangle is the same thing.
fn unclip(quad: &[Corner; 4], ratio: f32) -> [Corner; 4] {
    let w = distance(quad[0], quad[1]);
    let h = distance(quad[1], quad[2]);
    if w == 0.0 || h == 0.0 {
        return *quad;
    }
    let d = w * h * ratio / (2.0 * (w + h));
    let u = [(quad[1][0] - quad[0][0]) / w, (quad[1][1] - quad[0][1]) / w];
    let v = [(quad[2][0] - quad[1][0]) / h, (quad[2][1] - quad[1][1]) / h];
    let c = [
        (quad[0][0] + quad[2][0]) / 2.0,
        (quad[0][1] + quad[2][1]) / 2.0,
    ];
    let (hw, hh) = (w / 2.0 + d, h / 2.0 + d);
    let corner = |su: f32, sv: f32| {
        [
            c[0] + su * hw * u[0] + sv * hh * v[0],
            c[1] + su * hw * u[1] + sv * hh * v[1],
        ]
    };
    order_corners([
        corner(-1.0, -1.0),
        corner(1.0, -1.0),
        corner(1.0, 1.0),
        corner(-1.0, 1.0),
    ])
}

/// Mean probability of the map pixels whose centre lies inside the convex `quad`.
fn mean_inside(map: ProbMap, quad: &[Corner; 4]) -> f32 {
    let xs = quad.map(|p| p[0]);
    let ys = quad.map(|p| p[1]);
    let clamp_x = |v: f32| (v.max(0.0) as usize).min(map.width - 1);
    let clamp_y = |v: f32| (v.max(0.0) as usize).min(map.height - 1);
    let (x0, x1) = (
        clamp_x(xs.iter().copied().fold(f32::INFINITY, f32::min).floor()),
        clamp_x(xs.iter().copied().fold(f32::NEG_INFINITY, f32::max).ceil()),
    );
    let (y0, y1) = (
        clamp_y(ys.iter().copied().fold(f32::INFINITY, f32::min).floor()),
        clamp_y(ys.iter().copied().fold(f32::NEG_INFINITY, f32::max).ceil()),
    );
    let (mut sum, mut count) = (0.0f64, 0usize);
    for y in y0..=y1 {
        for x in x0..=x1 {
            if inside_convex(quad, [x as f32, y as f32]) {
                sum += f64::from(map.data[y * map.width + x]);
                count += 1;
            }
        }
    }
    if count == 0 {
        0.0
    } else {
        (sum / count as f64) as f32
    }
}

/// Whether `p` lies inside or on the border of the convex quadrilateral `quad`.
fn inside_convex(quad: &[Corner; 4], p: Corner) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b) = (quad[i], quad[(i + 1) % 4]);
        let cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
        if cross.abs() < 1e-3 {
            continue;
        }
        if sign == 0.0 {
            sign = cross.signum();
        } else if cross.signum() != sign {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map of `w × h` with `value` inside each `(x, y, w, h)` rectangle.
    fn map_with(
        w: usize,
        h: usize,
        rects: &[(usize, usize, usize, usize)],
        value: f32,
    ) -> Vec<f32> {
        let mut data = vec![0.0; w * h];
        for &(rx, ry, rw, rh) in rects {
            for y in ry..ry + rh {
                data[y * w + rx..y * w + rx + rw].fill(value);
            }
        }
        data
    }

    fn close(a: Corner, b: Corner, tolerance: f32) -> bool {
        (a[0] - b[0]).abs() <= tolerance && (a[1] - b[1]).abs() <= tolerance
    }

    #[test]
    fn two_rectangles_give_two_boxes_in_place_and_scaled() {
        let data = map_with(200, 100, &[(20, 10, 100, 12), (50, 60, 120, 20)], 0.9);
        let map = ProbMap {
            width: 200,
            height: 100,
            data: &data,
        };
        let mut boxes = db_boxes(map, &DbParams::default(), (400, 200));
        boxes.sort_by(|a, b| a.quad[0][1].total_cmp(&b.quad[0][1]));
        assert_eq!(boxes.len(), 2);
        for (found, (x, y, w, h)) in boxes
            .iter()
            .zip([(20.0, 10.0, 100.0, 12.0), (50.0, 60.0, 120.0, 20.0)])
        {
            assert!((found.score - 0.9).abs() < 1e-4);
            // The contour runs through the border pixels' centres (side - 1); unclip grows
            // each side by d = area × 1.5 / perimeter.
            let (cw, ch) = (w - 1.0f32, h - 1.0f32);
            let d = cw * ch * 1.5 / (2.0 * (cw + ch));
            let expected = [
                [x - d, y - d],
                [x + cw + d, y - d],
                [x + cw + d, y + ch + d],
                [x - d, y + ch + d],
            ]
            .map(|[px, py]| [px * 2.0, py * 2.0]);
            for (got, want) in found.quad.iter().zip(expected) {
                assert!(close(*got, want, 1.5), "{:?} vs {:?}", found.quad, expected);
            }
        }
    }

    #[test]
    fn faint_regions_and_specks_are_dropped() {
        let mut data = map_with(100, 50, &[(10, 10, 60, 10)], 0.45); // above 0.3, below 0.6
        data[40 * 100 + 80] = 1.0; // a one-pixel speck
        let map = ProbMap {
            width: 100,
            height: 50,
            data: &data,
        };
        assert!(db_boxes(map, &DbParams::default(), (100, 50)).is_empty());
    }

    #[test]
    fn boxes_are_clipped_to_the_image() {
        let data = map_with(100, 40, &[(0, 0, 50, 10)], 1.0);
        let map = ProbMap {
            width: 100,
            height: 40,
            data: &data,
        };
        let boxes = db_boxes(map, &DbParams::default(), (100, 40));
        assert_eq!(boxes.len(), 1);
        assert!(boxes[0].quad.iter().all(|p| p[0] >= 0.0 && p[1] >= 0.0));
        assert_eq!(boxes[0].quad[0], [0.0, 0.0]);
    }

    #[test]
    fn a_tilted_bar_gives_a_tilted_box() {
        // A bar 80 long, 8 thick, at about 10°.
        let (w, h) = (120usize, 60usize);
        let mut data = vec![0.0f32; w * h];
        let angle = 10f32.to_radians();
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 - 60.0, y as f32 - 30.0);
                let along = dx * angle.cos() + dy * angle.sin();
                let across = -dx * angle.sin() + dy * angle.cos();
                if along.abs() <= 40.0 && across.abs() <= 4.0 {
                    data[y * w + x] = 0.95;
                }
            }
        }
        let boxes = db_boxes(
            ProbMap {
                width: w,
                height: h,
                data: &data,
            },
            &DbParams::default(),
            (120, 60),
        );
        assert_eq!(boxes.len(), 1);
        let q = boxes[0].quad;
        let slope = (q[1][1] - q[0][1]) / (q[1][0] - q[0][0]);
        assert!((slope.atan().to_degrees() - 10.0).abs() < 2.0, "{q:?}");
    }

    #[test]
    fn empty_and_degenerate_maps() {
        let map = ProbMap {
            width: 0,
            height: 0,
            data: &[],
        };
        assert!(db_boxes(map, &DbParams::default(), (10, 10)).is_empty());
        let data = vec![1.0; 5];
        let map = ProbMap {
            width: 5,
            height: 1,
            data: &data,
        };
        assert!(db_boxes(map, &DbParams::default(), (5, 1)).is_empty());
    }

    #[test]
    fn corners_are_ordered_from_top_left_clockwise() {
        let shuffled = [[10.0, 5.0], [0.0, 0.0], [0.0, 5.0], [10.0, 0.0]];
        assert_eq!(
            order_corners(shuffled),
            [[0.0, 0.0], [10.0, 0.0], [10.0, 5.0], [0.0, 5.0]]
        );
    }
}
