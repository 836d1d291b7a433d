//! `OCCLUSION`: something lies on the document: a sticky note, a sticker, a finger. Such a
//! cover is a patch of blocks of one smooth colour, clearly coloured and far from the
//! paper's own colour, with no print in it. Skin-coloured patches count only where they
//! reach the document's edge (a finger comes in from outside; an ID card's portrait does not).

use std::collections::BTreeMap;

use imageproc::geometry::{convex_hull, min_area_rect};
use imageproc::point::Point;

use super::blocks::{Block, cells_box, document_blocks, groups};
use super::work::cbcr;
use super::{DocumentLocation, QualityFinding, Work};
use crate::report::{FindingCode, Severity};

#[derive(Debug, Clone)]
pub struct OcclusionParams {
    /// Block side, working pixels.
    pub block: u32,
    /// Most texture (standard deviation of luma) in a cover's block: notes and fingers are
    /// smooth; print, patterns and photos are not.
    pub max_spread: f32,
    /// Least colourfulness (`|Cb| + |Cr|`) of a cover: notes and skin are 35 or more, white
    /// paper and grey shadows under 10.
    pub min_chroma: f32,
    /// Least colour distance (`|ΔCb| + |ΔCr|`) from the paper's median colour.
    pub min_paper_distance: f32,
    /// Fewest blocks in a cover: 1% of a document is a small sticker.
    pub min_blocks: usize,
    /// Least share of its smallest enclosing rectangle a coloured patch fills to be a
    /// note or sticker (rectangles fill 0.9 or more after blocking); a printed emblem or
    /// seal is round (0.8 at most, less with its stars) and stays part of the document.
    pub min_rectangularity: f32,
    /// Widest colour distance (`|ΔCb| + |ΔCr|`) of a pixel from its patch's mean colour
    /// for the pixel to be part of the patch when its shape is judged: a note's own JPEG
    /// noise stays within a few units, the paper beside it is at least
    /// `min_paper_distance` away.
    pub same_colour: f32,
}

impl Default for OcclusionParams {
    fn default() -> Self {
        OcclusionParams {
            block: 12,
            max_spread: 10.0,
            min_chroma: 22.0,
            min_paper_distance: 18.0,
            min_blocks: 6,
            min_rectangularity: 0.86,
            same_colour: 9.0,
        }
    }
}

pub fn check(
    work: &Work,
    location: &DocumentLocation,
    params: &OcclusionParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let (blocks, (gw, gh)) = document_blocks(work, location, params.block);
    if blocks.is_empty() {
        return None;
    }
    let paper = paper_colour(&blocks);
    let mut marked = vec![false; (gw * gh) as usize];
    let mut skin = vec![false; (gw * gh) as usize];
    for b in &blocks {
        let i = (b.by * gw + b.bx) as usize;
        marked[i] = b.spread <= params.max_spread
            && b.cb.abs() + b.cr.abs() >= params.min_chroma
            && (b.cb - paper.0).abs() + (b.cr - paper.1).abs() >= params.min_paper_distance;
        skin[i] = is_skin(b);
    }
    let on_document = |x: u32, y: u32| {
        blocks
            .binary_search_by_key(&(y, x), |b| (b.by, b.bx))
            .is_ok()
    };
    let covers: Vec<Vec<(u32, u32)>> = groups(&marked, gw, gh)
        .into_iter()
        .filter(|cells| cells.len() >= params.min_blocks)
        .filter(|cells| {
            let skin_share = cells
                .iter()
                .filter(|&&(x, y)| skin[(y * gw + x) as usize])
                .count();
            let is_skin = skin_share * 2 > cells.len();
            if is_skin {
                reaches_edge(cells, &on_document)
            } else {
                rectangularity(work, cells, &blocks, params) >= params.min_rectangularity
            }
        })
        .collect();
    let best = covers.into_iter().max_by_key(Vec::len)?;
    let share = best.len() as f64 / blocks.len() as f64;
    measures.insert("occlusion_fraction".into(), share);
    let (x0, y0, x1, y1) = cells_box(&best, params.block);
    Some(QualityFinding::new(
        FindingCode::Occlusion,
        Severity::PassWithWarning,
        share,
        Some(work.to_full(x0, y0, x1, y1)),
    ))
}

/// The paper's colour: the median Cb and Cr of the document's blocks.
fn paper_colour(blocks: &[Block]) -> (f32, f32) {
    let mut cb: Vec<f32> = blocks.iter().map(|b| b.cb).collect();
    let mut cr: Vec<f32> = blocks.iter().map(|b| b.cr).collect();
    cb.sort_by(f32::total_cmp);
    cr.sort_by(f32::total_cmp);
    (cb[cb.len() / 2], cr[cr.len() / 2])
}

/// Skin of any tone: red over yellow, blue below, in about equal measure.
fn is_skin(b: &Block) -> bool {
    let (cb, cr) = (b.cb, b.cr);
    (-50.0..=-6.0).contains(&cb) && (8.0..=50.0).contains(&cr) && cr / -cb > 0.6 && cr / -cb < 2.2
}

/// How close a patch of blocks is to a rectangle, judged on the working copy's pixels: the
/// share of the smallest enclosing rectangle (any orientation) filled by the pixels of the
/// patch's colour. Pixels, not blocks: the blocks along a tilted note's border straddle
/// it and drop out in a staircase, which costs a narrow note a fifth of its fill; a disc
/// fills π/4 of its square at any tilt and size.
fn rectangularity(
    work: &Work,
    cells: &[(u32, u32)],
    blocks: &[Block],
    params: &OcclusionParams,
) -> f32 {
    let colour = mean_colour(cells, blocks);
    let (x0, y0, x1, y1) = cells_box(cells, params.block);
    let margin = params.block;
    let (x0, y0) = (x0.saturating_sub(margin), y0.saturating_sub(margin));
    let (x1, y1) = (
        (x1 + margin).min(work.width()),
        (y1 + margin).min(work.height()),
    );
    let points: Vec<Point<i32>> = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let (cb, cr) = cbcr(work.rgb.get_pixel(x, y));
            (cb - colour.0).abs() + (cr - colour.1).abs() <= params.same_colour
        })
        .map(|(x, y)| Point::new(x as i32, y as i32))
        .collect();
    if points.len() < 3 {
        return 0.0;
    }
    let hull = convex_hull(points.as_slice());
    let [a, b, c, _] = min_area_rect(&hull);
    let len =
        |p: Point<i32>, q: Point<i32>| (((p.x - q.x).pow(2) + (p.y - q.y).pow(2)) as f32).sqrt();
    // Pixels are unit squares: the rectangle through their centres is a pixel short.
    let area = (len(a, b) + 1.0) * (len(b, c) + 1.0);
    (points.len() as f32 / area).min(1.0)
}

/// The mean Cb and Cr of the patch's blocks.
fn mean_colour(cells: &[(u32, u32)], blocks: &[Block]) -> (f32, f32) {
    let (mut cb, mut cr, mut n) = (0.0, 0.0, 0.0);
    for &(x, y) in cells {
        if let Ok(i) = blocks.binary_search_by_key(&(y, x), |b| (b.by, b.bx)) {
            cb += blocks[i].cb;
            cr += blocks[i].cr;
            n += 1.0;
        }
    }
    if n == 0.0 {
        (0.0, 0.0)
    } else {
        (cb / n, cr / n)
    }
}

/// Whether a block of the group has a neighbour off the document (or off the picture).
fn reaches_edge(cells: &[(u32, u32)], on_document: &dyn Fn(u32, u32) -> bool) -> bool {
    cells.iter().any(|&(x, y)| {
        x == 0
            || y == 0
            || !on_document(x - 1, y)
            || !on_document(x + 1, y)
            || !on_document(x, y - 1)
            || !on_document(x, y + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    /// White paper with print on a grey desk; `patch` paints a rectangle in a colour.
    /// A rectangle `(x0, y0, x1, y1)` painted in one colour.
    type Patch = ((u32, u32, u32, u32), [u8; 3]);

    fn page(patch: Option<Patch>) -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([70, 72, 80]);
            }
            if let Some(((x0, y0, x1, y1), c)) = patch
                && (x0..x1).contains(&x)
                && (y0..y1).contains(&y)
            {
                return Rgb(c);
            }
            if y % 20 < 8 && x % 11 < 7 {
                Rgb([40, 40, 40])
            } else {
                Rgb([246, 244, 236])
            }
        })
    }

    fn judge(image: &RgbImage) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            &work,
            &location,
            &OcclusionParams::default(),
            &mut BTreeMap::new(),
        )
    }

    #[test]
    fn clean_paper_is_not_covered() {
        assert_eq!(judge(&page(None)), None);
    }

    #[test]
    fn a_yellow_note_covers_the_page() {
        let finding = judge(&page(Some(((300, 200, 400, 280), [250, 232, 110])))).expect("note");
        assert_eq!(finding.code, FindingCode::Occlusion);
        let r = finding.region.unwrap();
        assert!(r.x >= 290 && r.x < 320 && r.y >= 190 && r.y < 220, "{r:?}");
    }

    #[test]
    fn a_narrow_tilted_note_is_still_a_rectangle() {
        // A light-blue note 84 × 160 px turned 5°: its border blocks drop out in steps.
        let (cx, cy, half_w, half_h) = (300.0f32, 240.0f32, 42.0f32, 80.0f32);
        let (sin, cos) = 5f32.to_radians().sin_cos();
        let mut image = page(None);
        for (x, y, p) in image.enumerate_pixels_mut() {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let (u, v) = (dx * cos + dy * sin, -dx * sin + dy * cos);
            if u.abs() <= half_w && v.abs() <= half_h {
                *p = Rgb([167, 203, 219]);
            }
        }
        let finding = judge(&image).expect("note");
        assert_eq!(finding.code, FindingCode::Occlusion);
    }

    #[test]
    fn a_round_coloured_emblem_is_print_not_a_cover() {
        let mut image = page(None);
        for (x, y, p) in image.enumerate_pixels_mut() {
            if ((x as f32 - 200.0).powi(2) + (y as f32 - 200.0).powi(2)).sqrt() < 60.0 {
                *p = Rgb([222, 170, 40]);
            }
        }
        assert_eq!(judge(&image), None);
    }

    #[test]
    fn a_skin_patch_inside_the_page_is_a_portrait_but_at_the_edge_a_finger() {
        let skin = [224, 172, 140];
        assert_eq!(judge(&page(Some(((300, 200, 400, 300), skin)))), None);
        let finger = judge(&page(Some(((300, 300, 360, 440), skin)))).expect("finger");
        assert_eq!(finger.code, FindingCode::Occlusion);
    }
}
