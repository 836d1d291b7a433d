//! `OCCLUSION`: something lies on the document: a sticky note, a sticker, a finger. Such a
//! cover is a patch of blocks of one smooth colour, clearly coloured and far from the
//! paper's own colour, with no print in it. Skin-coloured patches count only where they
//! reach the document's edge (a finger comes in from outside; an ID card's portrait does not).

use std::collections::BTreeMap;

use image::{GrayImage, Luma};
use imageproc::geometry::{convex_hull, min_area_rect};
use imageproc::point::Point;

use super::blocks::{Block, cells_box, document_blocks, groups};
use super::mask::{label_areas, label_sizes};
use super::work::cbcr;
use super::{DocumentLocation, QualityFinding, Work};
use crate::report::{FindingCode, Region, Severity};

#[derive(Debug, Clone)]
pub struct OcclusionParams {
    /// Block side, working pixels. Only blocks wholly on a cover count, and a note over
    /// one value of a licence photographed whole is 15–20 working pixels across: 4-pixel
    /// blocks fit 3 × 3 of them into it.
    pub block: u32,
    /// Most texture (standard deviation of luma) in a cover's block: notes and fingers are
    /// smooth; print, patterns and photos are not.
    pub max_spread: f32,
    /// Least colourfulness (`|Cb| + |Cr|`) of a cover: notes and skin are 35 or more, white
    /// paper and grey shadows under 10.
    pub min_chroma: f32,
    /// Least colour distance (`|ΔCb| + |ΔCr|`) from the paper's median colour.
    pub min_paper_distance: f32,
    /// Fewest blocks in a cover: 3 × 3, a note over two characters of a value (12 × 12
    /// working pixels, 0.03% of a licence).
    pub min_blocks: usize,
    /// Fewest blocks in a cover that counts only where it lies over a key field
    /// ([`Covers::small`]): 2 × 2, a note over one or two glyphs of a name. A small patch
    /// elsewhere is a speck of print or colour and no reason for a warning; over the
    /// representative's name it hides what must be read (a 34 × 50-px note over a 22-px
    /// name, 2 × 4 whole blocks at a third of the photo's scale, blind seed 6007).
    pub min_key_blocks: usize,
    /// Least share of its smallest enclosing rectangle a coloured patch fills to be a
    /// note or sticker (rectangles fill 0.9 or more after blocking); a printed emblem or
    /// seal is round (0.8 at most, less with its stars) and stays part of the document.
    pub min_rectangularity: f32,
    /// Widest colour distance (`|ΔCb| + |ΔCr|`) of a pixel from its patch's colour
    /// for the pixel to be part of the patch when its shape is judged: a note's own JPEG
    /// noise stays within a few units, the paper beside it is at least
    /// `min_paper_distance` away.
    pub same_colour: f32,
    /// How near the document's edge, working pixels, a skin-coloured patch must come to
    /// be a finger reaching in from outside rather than a portrait on the card.
    pub edge_reach: u32,
    /// Widest a finger is where it crosses the document's edge, as a share of the
    /// document's short side: a thumb is a third of an ID card's 54 mm, a tenth of an A4
    /// sheet's 210 mm; a strip of desk left inside the document's outline runs along
    /// the whole edge.
    pub finger_width: f32,
    /// Least share of the document a finger covers: a fingertip 1 cm onto an A4 sheet is
    /// 0.3% of it; skin-coloured specks of desk along the paper's edge are far less.
    pub min_finger_share: f32,
}

impl Default for OcclusionParams {
    fn default() -> Self {
        OcclusionParams {
            block: 4,
            max_spread: 10.0,
            min_chroma: 22.0,
            min_paper_distance: 18.0,
            min_blocks: 9,
            min_key_blocks: 4,
            min_rectangularity: 0.86,
            same_colour: 9.0,
            edge_reach: 12,
            finger_width: 0.5,
            min_finger_share: 0.002,
        }
    }
}

/// What covers the document: the largest cover of `min_blocks` or more, as an `OCCLUSION`
/// warning, and the smaller ones of `min_key_blocks` or more, which count only where they
/// lie over a key field.
#[derive(Debug, Default)]
pub struct Covers {
    pub largest: Option<QualityFinding>,
    pub small: Vec<QualityFinding>,
}

impl Covers {
    /// The regions of every cover found, large and small.
    pub fn regions(&self) -> Vec<Region> {
        self.largest
            .iter()
            .chain(&self.small)
            .filter_map(|f| f.region)
            .collect()
    }
}

/// A patch of blocks, by their grid cells.
type Cells = Vec<(u32, u32)>;

pub fn check(
    work: &Work,
    location: &DocumentLocation,
    params: &OcclusionParams,
    measures: &mut BTreeMap<String, f64>,
) -> Covers {
    let (blocks, (gw, gh)) = document_blocks(work, location, params.block);
    if blocks.is_empty() {
        return Covers::default();
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
    let edge = |x: i64, y: i64| {
        let inside = (0..gw as i64).contains(&x) && (0..gh as i64).contains(&y);
        if !inside {
            Some(Edge::Frame)
        } else if on_document(x as u32, y as u32) {
            None
        } else {
            Some(Edge::Outline)
        }
    };
    let reach = params.edge_reach.div_ceil(params.block);
    let (x0, y0, x1, y1) = location.bbox;
    let short_side = x1.saturating_sub(x0).min(y1.saturating_sub(y0)) as f32;
    let finger_width = (params.finger_width * short_side / params.block as f32).ceil() as u32;
    let (covers, small): (Vec<Cells>, Vec<Cells>) = groups(&marked, gw, gh)
        .into_iter()
        .filter(|cells| cells.len() >= params.min_key_blocks.min(params.min_blocks))
        .filter(|cells| {
            let skin_share = cells
                .iter()
                .filter(|&&(x, y)| skin[(y * gw + x) as usize])
                .count();
            let is_skin = skin_share * 2 > cells.len();
            if is_skin {
                cells.len() as f32 >= params.min_finger_share * blocks.len() as f32
                    && is_finger(cells, reach, finger_width, &edge, location.found)
            } else {
                rectangularity(work, cells, &blocks, paper, params) >= params.min_rectangularity
            }
        })
        .partition(|cells| cells.len() >= params.min_blocks);
    let finding = |cells: &Cells| {
        let share = cells.len() as f64 / blocks.len() as f64;
        let (x0, y0, x1, y1) = cells_box(cells, params.block);
        QualityFinding::new(
            FindingCode::Occlusion,
            Severity::PassWithWarning,
            share,
            Some(work.to_full(x0, y0, x1, y1)),
        )
    };
    let largest = covers.iter().max_by_key(|cells| cells.len()).map(finding);
    if let Some(largest) = &largest {
        measures.insert("occlusion_fraction".into(), largest.score);
    }
    Covers {
        largest,
        small: small.iter().map(finding).collect(),
    }
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
/// fills π/4 of its square at any tilt and size. Only the largest 8-connected run of
/// such pixels counts: where print of another colour meets the paper, its anti-aliased
/// edge passes through the patch's colour (a red emblem's fringe is pink), and those
/// specks around a pink note would stretch its hull.
fn rectangularity(
    work: &Work,
    cells: &[(u32, u32)],
    blocks: &[Block],
    paper: (f32, f32),
    params: &OcclusionParams,
) -> f32 {
    let colour = patch_colour(cells, blocks, paper);
    let (x0, y0, x1, y1) = cells_box(cells, params.block);
    let margin = params.block;
    let (x0, y0) = (x0.saturating_sub(margin), y0.saturating_sub(margin));
    let (x1, y1) = (
        (x1 + margin).min(work.width()),
        (y1 + margin).min(work.height()),
    );
    if x1 <= x0 || y1 <= y0 {
        return 0.0;
    }
    let points = largest_run_of_colour(work, (x0, y0, x1, y1), colour, params.same_colour);
    // A cover's colour fills its blocks; a patch whose pixels of that colour are only
    // specks (a gold emblem's chroma noise) is no one thing lying on the paper.
    let block_pixels = cells.len() * (params.block * params.block) as usize;
    if (points.len() as f32) < MIN_SOLID_SHARE * block_pixels as f32 {
        return 0.0;
    }
    if points.len() < 3 {
        return 0.0;
    }
    let hull = convex_hull(points.as_slice());
    let [a, b, c, _] = min_area_rect(&hull);
    let len =
        |p: Point<i32>, q: Point<i32>| (((p.x - q.x).pow(2) + (p.y - q.y).pow(2)) as f32).sqrt();
    // Pixels are unit squares: the rectangle through their centres is a pixel short.
    let (side_a, side_b) = (len(a, b) + 1.0, len(b, c) + 1.0);
    // Along a tilted edge the pixels step, and along every edge the pixels blended with
    // the paper fall out of the colour: even a true rectangle falls short of filling its
    // box by about a pixel across and a pixel along (a fifth of a note 5 px thin; 0.85
    // for a tilted sticker 14 × 22 working pixels over an invoice's amount, blind seed
    // 8642's app-00276). A disc loses its rim the same way, and its fill stays near π/4.
    let best_fill = (1.0 - 1.0 / side_a.max(2.0)) * (1.0 - 1.0 / side_b.max(2.0));
    (points.len() as f32 / (side_a * side_b) / best_fill).min(1.0)
}

/// The pixels of the largest 8-connected run of pixels within `same_colour` of `colour`
/// in the working-copy box `(x0, y0, x1, y1)`, in the box's coordinates.
fn largest_run_of_colour(
    work: &Work,
    (x0, y0, x1, y1): (u32, u32, u32, u32),
    colour: (f32, f32),
    same_colour: f32,
) -> Vec<Point<i32>> {
    let mask = GrayImage::from_fn(x1 - x0, y1 - y0, |x, y| {
        let (cb, cr) = cbcr(work.rgb.get_pixel(x0 + x, y0 + y));
        Luma([u8::from(
            (cb - colour.0).abs() + (cr - colour.1).abs() <= same_colour,
        )])
    });
    let labels = label_areas(&mask);
    let sizes = label_sizes(&labels);
    let Some(largest) = (1..sizes.len()).max_by_key(|&l| sizes[l]) else {
        return Vec::new();
    };
    labels
        .enumerate_pixels()
        .filter(|(_, _, label)| label.0[0] as usize == largest)
        .map(|(x, y, _)| Point::new(x as i32, y as i32))
        .collect()
}

/// Least share of its blocks' pixels the largest run of a patch's colour must fill: a
/// note's fills all of them and the blended pixels around them.
const MIN_SOLID_SHARE: f32 = 0.5;

/// The colour of the patch: the median Cb and Cr of the half of its blocks farthest from
/// the paper's colour. Blocks along a small note's border are part paper, and on a note
/// over one word they are most of its blocks: a mean of all would be paler than any of
/// the note's pixels.
fn patch_colour(cells: &[(u32, u32)], blocks: &[Block], paper: (f32, f32)) -> (f32, f32) {
    let mut colours: Vec<(f32, f32)> = cells
        .iter()
        .filter_map(|&(x, y)| blocks.binary_search_by_key(&(y, x), |b| (b.by, b.bx)).ok())
        .map(|i| (blocks[i].cb, blocks[i].cr))
        .collect();
    if colours.is_empty() {
        return paper;
    }
    let distance = |c: &(f32, f32)| (c.0 - paper.0).abs() + (c.1 - paper.1).abs();
    colours.sort_by(|a, b| distance(b).total_cmp(&distance(a)));
    colours.truncate(colours.len().div_ceil(2));
    let mut cb: Vec<f32> = colours.iter().map(|c| c.0).collect();
    let mut cr: Vec<f32> = colours.iter().map(|c| c.1).collect();
    cb.sort_by(f32::total_cmp);
    cr.sort_by(f32::total_cmp);
    (cb[cb.len() / 2], cr[cr.len() / 2])
}

/// What lies past the document at a cell of the block grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    /// The picture's frame: the grid ends.
    Frame,
    /// Background inside the picture: the document's outline.
    Outline,
}

/// Whether a skin-coloured patch is a finger: it comes within `reach` blocks of the
/// document's edge (cells where `edge` finds one), as a finger's base lies beyond the edge
/// (the last few pixels before it are the paper's shaded rim and the finger's shadow, which
/// are no smooth colour); where it does it is no wider than `max_width` blocks; and it
/// reaches onto the document at least half as far as it is wide there. A strip of desk
/// left inside the document's outline runs along the edge instead, and so do its pieces.
///
/// On a `located` document, a patch that meets the picture's frame rather than the
/// document's outline is no finger coming in: the document runs on beyond the frame, and
/// what is cut there is the document's own (blind seed 1357's ID card, its portrait's face
/// at the frame, for a finger over the photo). Where no document was located, the picture
/// is the document and its frame the document's edge.
fn is_finger(
    cells: &[(u32, u32)],
    reach: u32,
    max_width: u32,
    edge: &dyn Fn(i64, i64) -> Option<Edge>,
    located: bool,
) -> bool {
    // The cells near the edge on each side (off the document above, right, below, left);
    // the finger comes in from the side it meets over the most of them (its tip may come
    // near the far edge too).
    let off = |x: u32, y: u32, side: usize, d: u32| {
        let (x, y, d) = (i64::from(x), i64::from(y), i64::from(d));
        match side {
            0 => edge(x, y - d),
            1 => edge(x + d, y),
            2 => edge(x, y + d),
            _ => edge(x - d, y),
        }
    };
    let near_edge = (0..4)
        .map(|side| {
            cells
                .iter()
                .filter_map(|&(x, y)| {
                    let met = (1..=reach.max(1)).find_map(|d| off(x, y, side, d))?;
                    Some(((x, y), met))
                })
                .collect::<Vec<((u32, u32), Edge)>>()
        })
        .max_by_key(Vec::len)
        .unwrap_or_default();
    let at_frame = near_edge
        .iter()
        .filter(|(_, met)| *met == Edge::Frame)
        .count();
    if near_edge.is_empty() || (located && at_frame * 2 > near_edge.len()) {
        return false;
    }
    let near_edge: Vec<(u32, u32)> = near_edge.into_iter().map(|(cell, _)| cell).collect();
    let (ex0, ey0, ex1, ey1) = cells_box(&near_edge, 1);
    let (x0, y0, x1, y1) = cells_box(cells, 1);
    // The edge runs along the longer side of where the patch meets it.
    let (width, inward) = if ex1 - ex0 >= ey1 - ey0 {
        (ex1 - ex0, y1 - y0)
    } else {
        (ey1 - ey0, x1 - x0)
    };
    width <= max_width && inward as f32 >= FINGER_MIN_REACH * width as f32
}

/// Least depth a finger reaches onto the document, against its width at the edge: a
/// thumb holding a card comes in three quarters of its width, a finger pointing in
/// several times it.
const FINGER_MIN_REACH: f32 = 0.5;

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
        covers(image).largest
    }

    fn covers(image: &RgbImage) -> Covers {
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
    fn a_small_tilted_sticker_with_soft_edges_is_a_rectangle() {
        // A pink sticker 24 × 14 px turned 5°, its edge pixels blended with the paper as a
        // camera blends them (4 × 4 samples a pixel): along all four edges the pixels
        // drop out of its colour.
        let (cx, cy, half_w, half_h) = (300.0f32, 240.0f32, 12.0f32, 7.0f32);
        let (sin, cos) = 5f32.to_radians().sin_cos();
        let pink = [250.0f32, 178.0, 190.0];
        let mut image = page(None);
        for (x, y, p) in image.enumerate_pixels_mut() {
            let inside = (0..16)
                .filter(|i| {
                    let dx = x as f32 + (i % 4) as f32 / 4.0 + 0.125 - cx;
                    let dy = y as f32 + (i / 4) as f32 / 4.0 + 0.125 - cy;
                    let (u, v) = (dx * cos + dy * sin, -dx * sin + dy * cos);
                    u.abs() <= half_w && v.abs() <= half_h
                })
                .count() as f32
                / 16.0;
            if inside > 0.0 {
                *p = Rgb(std::array::from_fn(|c| {
                    (pink[c] * inside + p[c] as f32 * (1.0 - inside)) as u8
                }));
            }
        }
        let finding = judge(&image).expect("sticker");
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

    #[test]
    fn a_portrait_cut_by_the_frame_is_no_finger() {
        // The page runs off the picture's left edge; the face's skin reaches the frame.
        let skin = [224, 172, 140];
        let cut = |image: RgbImage| RgbImage::from_fn(560, 480, |x, y| *image.get_pixel(x + 80, y));
        assert_eq!(judge(&cut(page(Some(((80, 200, 160, 300), skin))))), None);
        // A finger over the page's own edge is still one.
        let finger = judge(&cut(page(Some(((300, 300, 360, 440), skin))))).expect("finger");
        assert_eq!(finger.code, FindingCode::Occlusion);
        // A strip of skin-coloured desk along the frame, below a page the frame cuts.
        let strip = page(Some(((40, 420, 600, 440), skin)));
        let above_strip = RgbImage::from_fn(640, 436, |x, y| *strip.get_pixel(x, y));
        assert_eq!(judge(&above_strip), None);
    }

    #[test]
    fn a_finger_whose_tip_nears_the_far_edge_comes_in_from_the_near_one() {
        // From the bottom edge up to 6 px short of the top one, 60 px wide: it meets the
        // bottom over its width and the top over its tip.
        let skin = [224, 172, 140];
        let finger = judge(&page(Some(((300, 46, 360, 440), skin)))).expect("finger");
        assert_eq!(finger.code, FindingCode::Occlusion);
    }

    #[test]
    fn a_note_over_a_single_word_is_found() {
        // 20 × 16 px: the size of a note over two characters of a value.
        let finding = judge(&page(Some(((301, 203, 321, 219), [250, 232, 110])))).expect("note");
        let r = finding.region.unwrap();
        assert!(r.x >= 300 && r.x + r.width <= 324, "{r:?}");
    }

    #[test]
    fn a_note_over_a_glyph_is_only_a_small_cover() {
        // 10 × 10 px: 2 × 2 whole blocks, short of a warning anywhere on the page.
        let found = covers(&page(Some(((304, 204, 314, 214), [250, 232, 110]))));
        assert_eq!(found.largest, None);
        let [small] = found.small.as_slice() else {
            panic!("one small cover: {found:?}");
        };
        let r = small.region.unwrap();
        assert!(r.x >= 300 && r.x + r.width <= 318, "{r:?}");
        assert!(covers(&page(None)).small.is_empty());
    }

    #[test]
    fn a_strip_of_desk_along_the_edge_is_no_finger() {
        let skin = [224, 172, 140];
        assert_eq!(judge(&page(Some(((40, 420, 600, 440), skin)))), None);
    }

    #[test]
    fn a_coloured_disc_speckled_by_noise_is_no_cover() {
        // A gold disc whose chroma wanders more than a note's: its pixels of one colour
        // are specks, not one patch.
        let mut image = page(None);
        for (x, y, p) in image.enumerate_pixels_mut() {
            if ((x as f32 - 200.0).powi(2) + (y as f32 - 200.0).powi(2)).sqrt() < 60.0 {
                let wobble = if (x * 7 + y * 13) % 3 == 0 { 30 } else { 0 };
                *p = Rgb([230, 180 - wobble, 40 + wobble]);
            }
        }
        assert_eq!(judge(&image), None);
    }
}
