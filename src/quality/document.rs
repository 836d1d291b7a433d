//! Document localisation: where the sheet or card lies on the background, as a convex
//! outline on the working copy and a quadrilateral in upload pixels, and the perspective
//! correction that hands an upright, flat document to the later stages.
//!
//! The background is whatever colour fills the picture's outer ring; the document is the
//! largest connected area that differs from it (Otsu's threshold on the colour distance).

use image::{GrayImage, Luma, RgbImage};
use imageproc::contrast::otsu_level;
use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp_into};
use imageproc::geometry::{convex_hull, min_area_rect};
use imageproc::point::Point;
use serde::Serialize;

use super::Work;
use super::mask::{close_square, label_areas, label_sizes, open_square, set_if};
use super::work::{cbcr, luma};

/// How the document is told from its background.
#[derive(Debug, Clone)]
pub struct DocumentParams {
    /// Width of the outer ring sampled for the background colour, as a fraction of each
    /// side. 3% is desk in every generated photo and in the real phone photos.
    pub ring: f32,
    /// Lowest colour distance that separates document from background, whatever Otsu
    /// says: below 24 (luma levels, chroma counted twice) is lighting and desk grain.
    pub min_distance: u8,
    /// Radius of the closing that joins print and paper into one area, working pixels.
    pub close_radius: u8,
    /// Radius of the opening that then cuts off thin things touching the document, working
    /// pixels: the edge of a laptop or a phone beside the real vendor licence, lit as bright
    /// as its paper, joined its outline as bands some 15 px wide and took it to the top of
    /// the picture. A document is far wider than 2 × 6 px however small the photo.
    pub open_radius: u8,
    /// Smallest document, as a fraction of the picture; a smaller "largest area" means no
    /// document stands out from the background (a scan or a tight crop): then the whole
    /// picture is the document.
    pub min_area: f32,
    /// How much larger (relative) the area at Otsu's second, lower split must be to be
    /// taken over the first ([`widens`]): a shaded third of a sheet adds 50%, the print's
    /// outline closing differently at the two levels a few percent.
    pub min_widening: f32,
    /// Most the lower split's area may fall short of the first's in filling its smallest
    /// enclosing rectangle ([`DocumentLocation::fill`]) and still be taken ([`widens`]):
    /// the shaded third of a folded licence made its lit two thirds (0.90) whole (0.97),
    /// where desk and the card's shadow let in beside an ID card (blind seed 8642's
    /// app-00266) took its outline from 0.98 to 0.87.
    pub max_fill_loss: f32,
}

impl Default for DocumentParams {
    fn default() -> Self {
        DocumentParams {
            ring: 0.03,
            min_distance: 24,
            close_radius: 3,
            open_radius: 6,
            min_area: 0.12,
            min_widening: 0.15,
            max_fill_loss: 0.03,
        }
    }
}

/// Four corners in upload pixels, clockwise from the one nearest the top-left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quad(pub [(f32, f32); 4]);

/// Where the document is.
#[derive(Debug, Clone)]
pub struct DocumentLocation {
    pub quad: Quad,
    /// For each row of the working copy, the columns `[start, end)` inside the document.
    pub spans: Vec<Option<(u32, u32)>>,
    /// Bounding box on the working copy `(x0, y0, x1, y1)`, end exclusive.
    pub bbox: (u32, u32, u32, u32),
    /// Fraction of the picture the document covers.
    pub area_fraction: f32,
    /// Share of its outline's smallest enclosing rectangle (any orientation) the outline
    /// fills: near 1 for a sheet or a card, however it is turned.
    pub fill: f32,
    /// Whether a document was told apart from a background; `false` means the whole
    /// picture is taken as the document (a scan or a crop).
    pub found: bool,
    /// Fraction of each side of the picture (top, right, bottom, left) the document runs
    /// into.
    pub touches: [f32; 4],
}

impl DocumentLocation {
    /// Whether working pixel `(x, y)` is on the document.
    pub fn contains(&self, x: u32, y: u32) -> bool {
        matches!(self.spans.get(y as usize), Some(Some((a, b))) if x >= *a && x < *b)
    }

    /// Every [`PAPER_SAMPLE_STEP`]-th working pixel each way of a `width × height` working
    /// copy that lies on the document: a sample whose median is the paper's, print covering
    /// a small share of a document.
    pub fn paper_samples(&self, width: u32, height: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let step = PAPER_SAMPLE_STEP as usize;
        (0..height)
            .step_by(step)
            .flat_map(move |y| (0..width).step_by(step).map(move |x| (x, y)))
            .filter(|&(x, y)| self.contains(x, y))
    }

    /// The whole picture as the document.
    fn whole(work: &Work) -> Self {
        let (w, h) = (work.width(), work.height());
        let (fw, fh) = (work.full.0 as f32, work.full.1 as f32);
        DocumentLocation {
            quad: Quad([(0.0, 0.0), (fw, 0.0), (fw, fh), (0.0, fh)]),
            spans: vec![Some((0, w)); h as usize],
            bbox: (0, 0, w, h),
            area_fraction: 1.0,
            fill: 1.0,
            found: false,
            touches: [0.0; 4],
        }
    }
}

/// Working pixels between samples of the paper, each way ([`DocumentLocation::paper_samples`]).
pub const PAPER_SAMPLE_STEP: u32 = 4;

/// Finds the document on the working copy. Otsu's threshold splits the colour distances in
/// two, but a photo holds three kinds of pixel: desk, paper and print. On a pale desk the
/// paper differs from it less than the print does from both, and the first split falls
/// between paper and print; then the split is made again among the pixels below it. The
/// lower split's area is also taken when it widens the first's ([`widens`]): a sheet's
/// shaded part can stand between desk and lit paper too.
pub fn locate(work: &Work, params: &DocumentParams) -> DocumentLocation {
    let (w, h) = (work.width(), work.height());
    if w < 8 || h < 8 {
        return DocumentLocation::whole(work);
    }
    let distance = background_distance(work, params.ring);
    let first = otsu_level(&distance).max(params.min_distance);
    let below = otsu_level_below(&distance, first).max(params.min_distance);
    let at_first = area_beyond(work, &distance, first, params);
    let at_below = (below < first)
        .then(|| area_beyond(work, &distance, below, params))
        .flatten();
    match (at_first, at_below) {
        (Some(first), Some(below)) if widens(&first, &below, params) => below,
        (Some(found), _) | (None, Some(found)) => found,
        (None, None) => DocumentLocation::whole(work),
    }
}

/// Whether the area found at the lower level is the document and the first one only the
/// brighter part of it: a crease or a shadow across a sheet leaves one side as far from
/// the desk as the lit paper is from the shaded, and Otsu's first split then falls between
/// the two sides of the sheet (a licence folded down its middle in blind seed 3737's
/// app-00263 was found as its lit two thirds). The lower area must be clearly larger, and
/// must run into no side of the picture that the first leaves clear: where the lower level
/// lets desk in, the desk runs to the frame (and on an electronic invoice whose "desk" is
/// its own white page, the lower level took in print up to the page's edge), or, where
/// it stops short of the frame, sticks out of the document's rectangle.
fn widens(first: &DocumentLocation, below: &DocumentLocation, params: &DocumentParams) -> bool {
    let grows = below.area_fraction >= first.area_fraction * (1.0 + params.min_widening);
    let no_new_side = below
        .touches
        .iter()
        .zip(first.touches)
        .all(|(b, f)| *b == 0.0 || f > 0.0);
    let still_a_rectangle = below.fill >= first.fill - params.max_fill_loss;
    grows && no_new_side && still_a_rectangle
}

/// The document as the largest area whose distance from the background exceeds `level`,
/// if it is large enough to be one.
fn area_beyond(
    work: &Work,
    distance: &GrayImage,
    level: u8,
    params: &DocumentParams,
) -> Option<DocumentLocation> {
    let (w, h) = (work.width(), work.height());
    let mut mask = map_pixels(distance, |d| set_if(d > level));
    close_square(&mut mask, params.close_radius);
    let area = largest_area(&mask)?;
    let outline =
        row_ends(&without_thin_parts(&area, params.open_radius)).or_else(|| row_ends(&area))?;
    let hull = convex_hull(outline);
    let spans = fill_spans(&hull, w, h);
    let area: u64 = spans.iter().flatten().map(|(a, b)| u64::from(b - a)).sum();
    let area_fraction = area as f32 / (w as f32 * h as f32);
    if hull.len() < 3 || area_fraction < params.min_area {
        return None;
    }
    let touches = side_touches(&spans, w, h);
    let bbox = bounding_box(&spans);
    let f = work.factor as f32;
    let rect = min_area_rect(&hull);
    let side = |p: Point<i32>, q: Point<i32>| f64::from(p.x - q.x).hypot(f64::from(p.y - q.y));
    let rect_area = side(rect[0], rect[1]) * side(rect[1], rect[2]);
    let fill = (area as f64 / rect_area.max(1.0)).min(1.0) as f32;
    let corners = rect.map(|p| (p.x as f32 * f, p.y as f32 * f));
    Some(DocumentLocation {
        quad: Quad(order_clockwise(corners)),
        spans,
        bbox,
        area_fraction,
        fill,
        found: true,
        touches,
    })
}

/// Otsu's threshold among the pixels at or below `level` only.
fn otsu_level_below(distance: &GrayImage, level: u8) -> u8 {
    let mut hist = [0u64; 256];
    for p in distance.pixels().filter(|p| p[0] <= level) {
        hist[p[0] as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(v, &n)| v as f64 * n as f64)
        .sum();
    let (mut weight, mut below_sum) = (0u64, 0f64);
    let (mut best, mut best_variance) = (0u8, 0f64);
    for (v, &n) in hist.iter().enumerate().take(usize::from(level) + 1) {
        weight += n;
        below_sum += v as f64 * n as f64;
        if weight == 0 || weight == total {
            continue;
        }
        let (wb, wf) = (weight as f64, (total - weight) as f64);
        let spread = below_sum / wb - (sum - below_sum) / wf;
        let variance = wb * wf * spread * spread;
        if variance > best_variance {
            (best, best_variance) = (v as u8, variance);
        }
    }
    best
}

/// Per working pixel, how far its colour is from the background's: `|ΔY| + 2(|ΔCb| +
/// |ΔCr|)`, clamped to 255. The background's chroma is the median of the outer ring; its
/// brightness is a smooth field fitted to the ring ([`light_field`]), because a lamp can
/// light the desk at one end of the picture as bright as the paper is at the other.
fn background_distance(work: &Work, ring: f32) -> GrayImage {
    let (w, h) = (work.width(), work.height());
    let (rx, ry) = (
        ((w as f32 * ring) as u32).max(1),
        ((h as f32 * ring) as u32).max(1),
    );
    let in_ring = |x: u32, y: u32| x < rx || y < ry || x >= w - rx || y >= h - ry;
    // Luma and chroma apart: a desk lit in a gradient spreads its RGB values, and the
    // paper of a document in the ring then pulls the median of each channel its own way,
    // to a colour no pixel has (a tinted card filling most of the top ring of a photo of
    // blind seed 7272 put the desk's Cr 6 units off, and every desk pixel some 20 levels
    // from the desk: the card's dim band by the cut came out as desk).
    let mut hists = [[0u32; 256]; 3];
    let mut count = 0u32;
    let mut samples = Vec::new();
    for (x, y, p) in work
        .rgb
        .enumerate_pixels()
        .filter(|(x, y, _)| in_ring(*x, *y))
    {
        let (cb, cr) = cbcr(p);
        let level = |v: f32| (v + 128.0).clamp(0.0, 255.0) as usize;
        hists[0][usize::from(luma(p))] += 1;
        hists[1][level(cb)] += 1;
        hists[2][level(cr)] += 1;
        count += 1;
        if (x + y) % RING_SAMPLE_STEP == 0 {
            samples.push((x as f32, y as f32, f32::from(luma(p))));
        }
    }
    let median = |h: &[u32; 256]| {
        let mut seen = 0;
        (0..256)
            .find(|&v| {
                seen += h[v];
                seen * 2 >= count
            })
            .unwrap_or(0) as f32
    };
    let (bg_y, bg_cb, bg_cr) = (
        median(&hists[0]),
        median(&hists[1]) - 128.0,
        median(&hists[2]) - 128.0,
    );
    let field = light_field(&samples);
    let mut distance = Vec::with_capacity(w as usize * h as usize);
    for (y, row) in (0u32..).zip(work.rgb.rows()) {
        distance.extend((0u32..).zip(row).map(|(x, p)| {
            let (cb, cr) = cbcr(p);
            let bg_y = field.map_or(bg_y, |f| f.at(x as f32, y as f32));
            let d = (luma(p) as f32 - bg_y).abs() + 2.0 * ((cb - bg_cb).abs() + (cr - bg_cr).abs());
            d.min(255.0) as u8
        }));
    }
    GrayImage::from_raw(w, h, distance).expect("one distance per pixel")
}

/// Every this many ring pixels (along diagonals) one goes into the light field's fit.
const RING_SAMPLE_STEP: u32 = 3;

/// Rounds of the light field's reweighted fit.
const LIGHT_FIELD_ROUNDS: usize = 8;

/// Residual under which a sample's weight stops growing in the reweighted fit, luma levels
/// (desk grain and print are a few levels).
const LIGHT_FIELD_GRAIN: f32 = 2.0;

/// The background's brightness over the picture: a plane fitted to the ring's luma by least
/// absolute deviations (iteratively reweighted least squares). A plane, because lamps light
/// a desk in a gradient, and because the paper of a document that runs into the frame
/// fills one side of the ring: a more flexible surface would bend to follow it; least
/// absolute deviations, because that paper must not pull the fit either. `None` when the
/// fit fails.
fn light_field(samples: &[(f32, f32, f32)]) -> Option<Plane> {
    let mut weights = vec![1.0f32; samples.len()];
    let mut plane = Plane::fit(samples, &weights)?;
    for _ in 0..LIGHT_FIELD_ROUNDS {
        for (weight, &(x, y, v)) in weights.iter_mut().zip(samples) {
            *weight = 1.0 / (v - plane.at(x, y)).abs().max(LIGHT_FIELD_GRAIN);
        }
        plane = Plane::fit(samples, &weights)?;
    }
    Some(plane)
}

/// `a + bx + cy`.
#[derive(Debug, Clone, Copy)]
struct Plane([f64; 3]);

impl Plane {
    /// Weighted least squares on `(x, y, value)` samples.
    fn fit(samples: &[(f32, f32, f32)], weights: &[f32]) -> Option<Plane> {
        let mut m = [[0.0f64; 4]; 3];
        for (&(x, y, v), &w) in samples.iter().zip(weights) {
            let t = [1.0, f64::from(x), f64::from(y)];
            for i in 0..3 {
                for j in 0..3 {
                    m[i][j] += f64::from(w) * t[i] * t[j];
                }
                m[i][3] += f64::from(w) * t[i] * f64::from(v);
            }
        }
        // Cramer's rule on the 3 × 3 normal equations.
        let det = |c: [[f64; 3]; 3]| {
            c[0][0] * (c[1][1] * c[2][2] - c[1][2] * c[2][1])
                - c[0][1] * (c[1][0] * c[2][2] - c[1][2] * c[2][0])
                + c[0][2] * (c[1][0] * c[2][1] - c[1][1] * c[2][0])
        };
        let a = [0, 1, 2].map(|i| [m[i][0], m[i][1], m[i][2]]);
        let d = det(a);
        if d.abs() < 1e-9 {
            return None;
        }
        let solve = |col: usize| {
            let mut c = a;
            for i in 0..3 {
                c[i][col] = m[i][3];
            }
            det(c) / d
        };
        Some(Plane([solve(0), solve(1), solve(2)]))
    }

    fn at(&self, x: f32, y: f32) -> f32 {
        (self.0[0] + self.0[1] * f64::from(x) + self.0[2] * f64::from(y)) as f32
    }
}

/// The largest 8-connected area of `mask`, as a mask.
fn largest_area(mask: &GrayImage) -> Option<GrayImage> {
    let labels = label_areas(mask);
    let sizes = label_sizes(&labels);
    let (best, _) = sizes.iter().enumerate().skip(1).max_by_key(|(_, s)| **s)?;
    let best = best as u32;
    Some(map_pixels(&labels, |l| set_if(l == best)))
}

/// The image of `f` of each pixel of `image` (a loop over the buffer, which the compiler
/// vectorises where `f` allows; the passes over the working copy's masks add up).
fn map_pixels<T: image::Primitive>(
    image: &image::ImageBuffer<Luma<T>, Vec<T>>,
    f: impl Fn(T) -> u8,
) -> GrayImage {
    let (w, h) = image.dimensions();
    let raw = image.as_raw().iter().map(|&v| f(v)).collect();
    GrayImage::from_raw(w, h, raw).expect("one value per pixel")
}

/// Least share of the area a piece left by the opening in [`without_thin_parts`] must
/// hold to stay: the strip of a generated ID card beyond a finger laid across it held 11%
/// of what the finger left (blind6464 app-00240); what remained of the laptop's band
/// beside the real vendor licence, 0.2%.
const MIN_PIECE_SHARE: f64 = 0.01;

/// `area` without what is thinner than `2 × radius + 1` pixels (an opening), keeping
/// every piece that holds at least [`MIN_PIECE_SHARE`] of it: a finger across a card
/// leaves the card in two pieces joined by thin bridges, both the document.
fn without_thin_parts(area: &GrayImage, radius: u8) -> GrayImage {
    // Beyond the frame counts as document while opening: a document the frame cuts at a
    // slant ends in a sliver along the edge, thin but no band lying on the desk.
    let pad = u32::from(radius) + 1;
    let (w, h) = area.dimensions();
    let mut padded = GrayImage::from_pixel(w + 2 * pad, h + 2 * pad, Luma([255]));
    image::imageops::replace(&mut padded, area, i64::from(pad), i64::from(pad));
    open_square(&mut padded, radius);
    let core = image::imageops::crop_imm(&padded, pad, pad, w, h).to_image();
    let labels = label_areas(&core);
    let sizes = label_sizes(&labels);
    let total: u64 = sizes.iter().skip(1).map(|&s| u64::from(s)).sum();
    let least = (total as f64 * MIN_PIECE_SHARE) as u32;
    map_pixels(&labels, |l| set_if(l > 0 && sizes[l as usize] >= least))
}

/// The outer corners of the left- and right-most pixel of every row of `mask`; `None`
/// when it is empty.
fn row_ends(mask: &GrayImage) -> Option<Vec<Point<i32>>> {
    let mut points = Vec::new();
    let width = (mask.width() as usize).max(1);
    for (y, row) in (0u32..).zip(mask.as_raw().chunks_exact(width)) {
        let first = row.iter().position(|&v| v > 0);
        let last = row.iter().rposition(|&v| v > 0);
        // A pixel covers [x, x + 1) × [y, y + 1): both its top and bottom edges go into
        // the outline, so that the hull reaches the last row (spans are sampled at row
        // centres) and a document cut by the bottom of the frame is seen to touch it.
        if let (Some(a), Some(b)) = (first, last) {
            let (left, right) = (a as i32, b as i32 + 1);
            for edge in [y as i32, y as i32 + 1] {
                points.push(Point::new(left, edge));
                points.push(Point::new(right, edge));
            }
        }
    }
    (!points.is_empty()).then_some(points)
}

/// The columns inside a convex polygon on each row (sampled at the row's centre).
fn fill_spans(hull: &[Point<i32>], w: u32, h: u32) -> Vec<Option<(u32, u32)>> {
    (0..h)
        .map(|y| {
            let yc = y as f32 + 0.5;
            let mut lo = f32::INFINITY;
            let mut hi = f32::NEG_INFINITY;
            for i in 0..hull.len() {
                let (a, b) = (hull[i], hull[(i + 1) % hull.len()]);
                let (ay, by) = (a.y as f32, b.y as f32);
                if (ay <= yc && by >= yc) || (by <= yc && ay >= yc) {
                    let x = if (by - ay).abs() < f32::EPSILON {
                        lo = lo.min(a.x.min(b.x) as f32);
                        a.x.max(b.x) as f32
                    } else {
                        a.x as f32 + (yc - ay) / (by - ay) * (b.x - a.x) as f32
                    };
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
            }
            let (a, b) = (lo.max(0.0).round() as u32, hi.min(w as f32).round() as u32);
            (hi > lo && b > a).then_some((a, b))
        })
        .collect()
}

/// Fraction of each side (top, right, bottom, left) the document reaches.
fn side_touches(spans: &[Option<(u32, u32)>], w: u32, h: u32) -> [f32; 4] {
    let row = |y: usize| spans.get(y).copied().flatten().map_or(0, |(a, b)| b - a);
    let top = row(0) as f32 / w as f32;
    let bottom = row(h as usize - 1) as f32 / w as f32;
    let left = spans.iter().flatten().filter(|(a, _)| *a == 0).count() as f32 / h as f32;
    let right = spans.iter().flatten().filter(|(_, b)| *b >= w).count() as f32 / h as f32;
    [top, right, bottom, left]
}

fn bounding_box(spans: &[Option<(u32, u32)>]) -> (u32, u32, u32, u32) {
    let rows: Vec<usize> = (0..spans.len()).filter(|&y| spans[y].is_some()).collect();
    let (y0, y1) = (
        rows.first().copied().unwrap_or(0),
        rows.last().map_or(0, |y| y + 1),
    );
    let x0 = spans.iter().flatten().map(|s| s.0).min().unwrap_or(0);
    let x1 = spans.iter().flatten().map(|s| s.1).max().unwrap_or(0);
    (x0, y0 as u32, x1, y1 as u32)
}

/// Corners clockwise (in image coordinates, y down) from the one nearest the top-left.
fn order_clockwise(mut corners: [(f32, f32); 4]) -> [(f32, f32); 4] {
    let cx = corners.iter().map(|c| c.0).sum::<f32>() / 4.0;
    let cy = corners.iter().map(|c| c.1).sum::<f32>() / 4.0;
    corners.sort_by(|a, b| {
        let ta = (a.1 - cy).atan2(a.0 - cx);
        let tb = (b.1 - cy).atan2(b.0 - cx);
        ta.total_cmp(&tb)
    });
    let start = (0..4)
        .min_by(|&i, &j| (corners[i].0 + corners[i].1).total_cmp(&(corners[j].0 + corners[j].1)))
        .unwrap_or(0);
    corners.rotate_left(start);
    corners
}

/// The document cut out of the upload and made rectangular: the quad's corners go to the
/// corners of an image as wide as the quad's top edge is long and as high as its left edge.
/// `None` when the quad is degenerate.
pub fn rectify(image: &RgbImage, quad: &Quad) -> Option<RgbImage> {
    let [a, b, _, d] = quad.0;
    let len = |p: (f32, f32), q: (f32, f32)| ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
    let (w, h) = (len(a, b).round() as u32, len(a, d).round() as u32);
    if w < 2 || h < 2 {
        return None;
    }
    let (wf, hf) = (w as f32, h as f32);
    let projection =
        Projection::from_control_points([(0.0, 0.0), (wf, 0.0), (wf, hf), (0.0, hf)], quad.0)?;
    let mut out = RgbImage::new(w, h);
    warp_into(
        image,
        projection.invert(),
        Interpolation::Bilinear,
        Border::Constant(image::Rgb([255, 255, 255])),
        &mut out,
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::work::WorkParams;
    use image::Rgb;

    /// A white card with dark text rows on a brown desk.
    pub(crate) fn card_on_desk(w: u32, h: u32, card: (u32, u32, u32, u32)) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let inside = x >= card.0 && x < card.2 && y >= card.1 && y < card.3;
            if !inside {
                Rgb([120, 86, 60])
            } else if (y - card.1) % 12 < 3 && (x - card.0) % 9 < 5 && x > card.0 + 10 {
                Rgb([30, 30, 30])
            } else {
                Rgb([245, 244, 238])
            }
        })
    }

    /// A white card with a large dark emblem and bold print on a pale desk: the print
    /// differs from both far more than the card from the desk.
    fn card_on_pale_desk() -> RgbImage {
        RgbImage::from_fn(400, 300, |x, y| {
            let inside = (80..320).contains(&x) && (60..240).contains(&y);
            let emblem = (x as f32 - 130.0).hypot(y as f32 - 110.0) < 35.0;
            let print = x > 180 && (80..220).contains(&y) && (y - 60) % 16 < 8 && (x - 80) % 9 < 6;
            if !inside {
                Rgb([200, 196, 188])
            } else if emblem || print {
                Rgb([20, 20, 20])
            } else {
                Rgb([238, 238, 236])
            }
        })
    }

    #[test]
    fn finds_a_white_card_on_a_pale_desk() {
        let work = Work::new(&card_on_pale_desk(), &WorkParams::default());
        let params = DocumentParams::default();
        let distance = background_distance(&work, params.ring);
        // Otsu's first split is between paper and print: no document beyond it.
        assert!(area_beyond(&work, &distance, otsu_level(&distance), &params).is_none());
        let location = locate(&work, &params);
        assert!(location.found);
        assert!(
            (location.area_fraction - 0.36).abs() < 0.03,
            "{}",
            location.area_fraction
        );
    }

    /// A sheet on a grey desk, folded down its middle: the right half, turned from the
    /// lamp, is as far from the lit half as from the desk.
    fn sheet_shaded_beyond_a_crease() -> RgbImage {
        RgbImage::from_fn(400, 300, |x, y| {
            let inside = (60..340).contains(&x) && (50..250).contains(&y);
            let print = inside && (80..320).contains(&x) && (y - 50) % 20 < 4 && (x - 60) % 11 < 6;
            if !inside {
                Rgb([160, 158, 154])
            } else if print {
                Rgb([40, 40, 40])
            } else if x >= 200 {
                Rgb([196, 194, 188])
            } else {
                Rgb([246, 244, 238])
            }
        })
    }

    #[test]
    fn a_sheet_shaded_beyond_a_crease_is_found_whole() {
        let work = Work::new(&sheet_shaded_beyond_a_crease(), &WorkParams::default());
        let params = DocumentParams::default();
        let distance = background_distance(&work, params.ring);
        // Otsu's first split falls between the sheet's two halves: the lit half alone.
        let first = area_beyond(&work, &distance, otsu_level(&distance), &params)
            .expect("the lit half stands out");
        assert!(
            first.area_fraction < 0.3,
            "the first split already took the whole sheet ({}): the test no longer shows \
             the widening",
            first.area_fraction
        );
        let location = locate(&work, &params);
        assert!(
            (location.area_fraction - 0.467).abs() < 0.03,
            "{}",
            location.area_fraction
        );
        let [_, tr, br, _] = location.quad.0;
        assert!(
            (tr.0 - 340.0).abs() < 4.0 && (br.0 - 340.0).abs() < 4.0,
            "{tr:?} {br:?}"
        );
    }

    /// A card on a desk with a dark patch of desk (a shadow, a stain) beside it, touching
    /// its right edge: as far from the desk as a shaded part of a sheet would be.
    fn card_beside_a_dark_patch() -> RgbImage {
        let card = card_on_desk(480, 300, (80, 60, 320, 240));
        RgbImage::from_fn(480, 300, |x, y| {
            let on_card = (80..320).contains(&x) && (60..240).contains(&y);
            let in_patch = (x as f32 - 350.0).hypot(y as f32 - 190.0) < 60.0;
            if in_patch && !on_card {
                Rgb([70, 50, 35])
            } else {
                *card.get_pixel(x, y)
            }
        })
    }

    #[test]
    fn a_dark_patch_beside_a_card_does_not_widen_it() {
        let work = Work::new(&card_beside_a_dark_patch(), &WorkParams::default());
        let params = DocumentParams::default();
        let distance = background_distance(&work, params.ring);
        let first = otsu_level(&distance);
        let below = otsu_level_below(&distance, first).max(params.min_distance);
        let widened = area_beyond(&work, &distance, below, &params).expect("card and patch");
        let card = area_beyond(&work, &distance, first, &params).expect("the card");
        assert!(
            widened.area_fraction > card.area_fraction * (1.0 + params.min_widening),
            "the lower split no longer takes in the patch ({} against {}): the test no \
             longer shows the refusal",
            widened.area_fraction,
            card.area_fraction
        );
        assert!(widened.fill < card.fill - params.max_fill_loss);
        let location = locate(&work, &params);
        let [_, tr, br, _] = location.quad.0;
        assert!(
            (tr.0 - 320.0).abs() < 4.0 && (br.0 - 320.0).abs() < 4.0,
            "{tr:?} {br:?}"
        );
    }

    #[test]
    fn finds_a_card_on_a_desk() {
        let image = card_on_desk(400, 300, (80, 60, 320, 240));
        let work = Work::new(&image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        assert!(location.found);
        assert!(
            (location.area_fraction - 0.36).abs() < 0.03,
            "{}",
            location.area_fraction
        );
        let [tl, _, br, _] = location.quad.0;
        assert!(
            (tl.0 - 80.0).abs() < 4.0 && (tl.1 - 60.0).abs() < 4.0,
            "{tl:?}"
        );
        assert!(
            (br.0 - 320.0).abs() < 4.0 && (br.1 - 240.0).abs() < 4.0,
            "{br:?}"
        );
        assert_eq!(location.touches, [0.0; 4]);
        assert!(location.contains(200, 150) && !location.contains(10, 10));
    }

    #[test]
    fn a_thin_band_touching_the_card_is_not_part_of_it() {
        // A laptop's edge, as bright as the card, from the card's top right corner to the
        // top of the picture, 8 px wide.
        let mut image = card_on_desk(400, 300, (80, 60, 320, 240));
        for (x, y, p) in image.enumerate_pixels_mut() {
            if y < 62 && (300..308).contains(&(x + y / 2)) {
                *p = Rgb([245, 244, 238]);
            }
        }
        let work = Work::new(&image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        assert_eq!(location.touches, [0.0; 4]);
        let (_, y0, _, _) = location.bbox;
        assert!((56..=64).contains(&y0), "{:?}", location.bbox);
    }

    #[test]
    fn a_card_split_by_a_finger_is_found_whole() {
        // A desk-brown finger 30 px wide across the card, joined above and below it only
        // by 4-px bridges of card: both pieces are the card.
        let mut image = card_on_desk(400, 300, (80, 60, 320, 240));
        for (x, y, p) in image.enumerate_pixels_mut() {
            if (240..270).contains(&x) && (64..236).contains(&y) {
                *p = Rgb([120, 86, 60]);
            }
        }
        let work = Work::new(&image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        let (x0, _, x1, _) = location.bbox;
        assert!(x0 <= 82 && x1 >= 318, "{:?}", location.bbox);
    }

    #[test]
    fn a_card_cut_by_the_right_edge_touches_the_right_side() {
        let image = card_on_desk(400, 300, (200, 60, 400, 240));
        let work = Work::new(&image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        assert!(location.touches[1] > 0.5, "{:?}", location.touches);
        assert!(location.touches[3] == 0.0);
    }

    #[test]
    fn a_card_cut_by_any_side_touches_that_side_alone() {
        // (card box, the side it is cut by: top, right, bottom, left)
        let cuts = [
            ((80, 0, 320, 200), 0),
            ((200, 60, 400, 240), 1),
            ((80, 100, 320, 300), 2),
            ((0, 60, 200, 240), 3),
        ];
        for (card, side) in cuts {
            let image = card_on_desk(400, 300, card);
            let location = locate(
                &Work::new(&image, &WorkParams::default()),
                &Default::default(),
            );
            for (i, touch) in location.touches.iter().enumerate() {
                if i == side {
                    assert!(*touch > 0.4, "cut by side {side}: {:?}", location.touches);
                } else {
                    assert_eq!(*touch, 0.0, "cut by side {side}: {:?}", location.touches);
                }
            }
        }
    }

    #[test]
    fn a_card_is_found_under_a_lamp_that_lights_the_desk_brighter_than_its_shaded_end() {
        // The desk fades from 232 at the top to 150 at the bottom; the paper from 252 to
        // 212, so the top of the desk is brighter than the bottom of the paper.
        let (w, h) = (400u32, 300u32);
        let image = RgbImage::from_fn(w, h, |x, y| {
            let t = y as f32 / h as f32;
            let inside = (80..320).contains(&x) && y >= 100;
            let v = if inside {
                252.0 - 40.0 * t
            } else {
                232.0 - 82.0 * t
            };
            let v = v as u8;
            Rgb([v, v, v.saturating_sub(4)])
        });
        let location = locate(
            &Work::new(&image, &WorkParams::default()),
            &Default::default(),
        );
        assert!(location.found);
        assert!(location.touches[2] > 0.5, "{:?}", location.touches);
        assert!(
            (location.area_fraction - 0.4).abs() < 0.05,
            "{}",
            location.area_fraction
        );
    }

    #[test]
    fn a_tinted_card_filling_most_of_the_top_ring_leaves_the_desks_colour_as_it_is() {
        // A pale green-white card cut by the picture's top, dimmer toward it, on a beige
        // desk lit brighter toward the bottom (blind seed 7272): the card's pixels in the
        // ring must not shift the desk's colour, or the desk's distance rises toward the
        // card's dim band and the cut is lost.
        let (w, h) = (400u32, 300u32);
        let shade = |rgb: [f32; 3], luma: f32| {
            let y = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
            Rgb(rgb.map(|c| (c * luma / y).min(255.0) as u8))
        };
        let image = RgbImage::from_fn(w, h, |x, y| {
            if (40..360).contains(&x) && y < 220 {
                shade(
                    [215.0, 228.0, 222.0],
                    203.0 + 21.0 * (y as f32 / 80.0).min(1.0),
                )
            } else {
                shade([205.0, 199.0, 188.0], 176.0 + 38.0 * y as f32 / h as f32)
            }
        });
        let work = Work::new(&image, &WorkParams::default());
        let distance = background_distance(&work, DocumentParams::default().ring);
        let (ww, wh) = (work.width(), work.height());
        let desk = [(2, 2), (ww - 3, wh / 2), (ww / 2, wh - 3), (2, wh - 3)];
        for (x, y) in desk {
            let d = distance.get_pixel(x, y)[0];
            assert!(d <= 8, "desk at ({x}, {y}) is {d} from the desk");
        }
        assert!(
            distance.get_pixel(ww / 2, 2)[0] >= 24,
            "the card's dim band"
        );
    }

    #[test]
    fn a_plain_scan_is_taken_whole() {
        let image = RgbImage::from_pixel(300, 200, Rgb([250, 250, 250]));
        let location = locate(
            &Work::new(&image, &WorkParams::default()),
            &Default::default(),
        );
        assert!(!location.found);
        assert_eq!(location.area_fraction, 1.0);
    }

    #[test]
    fn rectify_makes_the_quad_upright() {
        let image = card_on_desk(400, 300, (80, 60, 320, 240));
        let quad = Quad([(80.0, 60.0), (320.0, 60.0), (320.0, 240.0), (80.0, 240.0)]);
        let flat = rectify(&image, &quad).unwrap();
        assert_eq!(flat.dimensions(), (240, 180));
        assert_eq!(flat.get_pixel(5, 100)[0], 245);
    }
}
