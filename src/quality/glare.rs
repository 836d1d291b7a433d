//! `GLARE`: a specular highlight washing out part of the document. The paper's brightness
//! (the brightest pixels' smallest channel, per block) follows the light smoothly over a
//! flat sheet; a highlight is a patch of blocks far brighter than that smooth field, near
//! white in all three channels, where the print has faded away. White paper is lit close
//! to white already, so a highlight on it lifts it only a little, but washes every pixel
//! out to the sensor's top: such a patch counts at a smaller lift. A QR code's quiet zone is
//! white by design and brighter than cream paper: blocks on a code are not judged.

use std::collections::BTreeMap;

use super::blocks::{Block, Surface, cells_box, document_blocks, groups};
use super::{DocumentLocation, QualityFinding, Work};
use crate::report::{FindingCode, Region, Severity};

#[derive(Debug, Clone)]
pub struct GlareParams {
    /// Block side, working pixels.
    pub block: u32,
    /// Least brightness (smallest channel) of a highlight: washed-out white.
    pub min_white: f32,
    /// How far above the paper's smooth light field a highlight block is, grey levels.
    /// Uneven light bends the field smoothly and is fitted away; a highlight stands out by
    /// 10–40 levels in the generated set.
    pub min_lift: f32,
    /// Most the darkest print of a highlight block may lie below its white, grey levels:
    /// glare washes print out, so a block still holding black print is not glare.
    pub max_ink_depth: f32,
    /// Least [`Block::floor`] of a washed-out block: nearly every pixel at the sensor's top
    /// in all three channels. Plain white paper photographed under ordinary exposure lies
    /// at 235–252 with the sensor's noise around it, and its dimmest pixels lower still.
    pub washed_out_floor: f32,
    /// How far above the paper's smooth light field a washed-out block is, grey levels.
    /// A scan's paper is white everywhere and its field with it: nothing there stands out.
    pub washed_out_lift: f32,
    /// Least [`Block::floor`] of a clipped block: every pixel at the sensor's top, so that
    /// even the paper's grain is gone. A highlight's core on paper lit close to white
    /// lifts its brightest pixels by a level or two only (paper at 253), but flattens it.
    pub clipped_floor: f32,
    /// How far a clipped block's floor stands above the floor of the plain paper around
    /// it (its smooth field), grey levels: the grain of paper photographed at 250–253
    /// reaches 4–6 levels below its white, and its floor varies by a level from block to
    /// block. A scan clipped white everywhere has its field at the top: nothing stands out.
    pub clipped_lift: f32,
    /// Least [`Block::floor`] of the core of a highlight found only by washing out (no
    /// block lifted by `min_lift`): light beyond the sensor's range saturates nearly every
    /// pixel of it at 255 in all three channels. Plain white paper, however brightly lit,
    /// keeps a level of grain (its floor stays at 253–254 in seed 4242's false alarms), and
    /// a smooth light field that only peaks near white is no highlight.
    pub saturated_core_floor: f32,
    /// Fewest blocks in a highlight: smaller bright patches are specks or white print
    /// gaps, not glare. Generated highlights span 8–58 blocks (8: a small soft one on a
    /// licence photographed from afar, 150 × 117 px of a 1687-px photo, seed 7919's
    /// app-00136), and bright gaps between a licence's print 5–6 (seed 5101); on the 600
    /// other uploads of seed 7919's first 120 applications the largest patch is 5 blocks.
    pub min_blocks: usize,
    /// Least whiteness ([`Block::white`]) of a highlight's brightest block: a specular
    /// highlight blows the sensor out at its core. Every generated highlight reaches 255
    /// (24 of 24 in a glare-only set, seed 4321); the paler ground of an ID card's design,
    /// lifted 18–20 levels above the greener ground around it, is a plateau at 240–243
    /// (blind seed 8111's app-00237, a false `GLARE`).
    pub min_peak_white: f32,
}

impl Default for GlareParams {
    fn default() -> Self {
        GlareParams {
            block: 12,
            min_white: 240.0,
            min_lift: 14.0,
            max_ink_depth: 60.0,
            washed_out_floor: 250.0,
            washed_out_lift: 5.0,
            clipped_floor: 253.5,
            clipped_lift: 2.5,
            saturated_core_floor: 254.5,
            min_blocks: 8,
            min_peak_white: 250.0,
        }
    }
}

/// The largest highlight on the document, outside the QR codes in `qr_codes` (upload
/// pixels), if it spans `min_blocks`. On a `creased` document washed-out patches do not
/// count: the side of a crease that faces the light washes out as a highlight does. On a
/// `colourless` copy neither washed-out nor clipped patches do: a copy's white is washed
/// out where its exposure and its light's falloff put it (a greyscale scan of an ID card
/// brighter towards a corner, blind seed 2929), and the copy is asked for again in colour
/// anyway; only a patch lifted far above the paper counts there.
pub fn check(
    work: &Work,
    location: &DocumentLocation,
    qr_codes: &[Region],
    (creased, colourless): (bool, bool),
    params: &GlareParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let (blocks, (gw, gh)) = document_blocks(work, location, params.block);
    let field = paper_field(&blocks)?;
    let floor_field = plain_paper_floor(&blocks);
    let white_by_design: Vec<_> = qr_codes
        .iter()
        .map(|&code| {
            let zone = (code.width.max(code.height) as f32 * QUIET_ZONE_SHARE) as u32;
            work.from_full(code, zone.div_ceil(work.factor))
        })
        .collect();
    let on_code = |b: &Block| {
        let (x0, y0) = (b.bx * params.block, b.by * params.block);
        let (x1, y1) = (x0 + params.block, y0 + params.block);
        white_by_design
            .iter()
            .any(|&(qx0, qy0, qx1, qy1)| x0 < qx1 && qx0 < x1 && y0 < qy1 && qy0 < y1)
    };
    let mut lifted = vec![false; (gw * gh) as usize];
    let mut washed_out = vec![false; (gw * gh) as usize];
    for b in blocks.iter().filter(|b| !on_code(b)) {
        if b.white - b.dark > params.max_ink_depth {
            continue;
        }
        let i = (b.by * gw + b.bx) as usize;
        let lift = b.white - field.at(b.bx as f32, b.by as f32);
        lifted[i] = b.white >= params.min_white && lift >= params.min_lift;
        let clipped = b.floor >= params.clipped_floor
            && floor_field
                .is_some_and(|f| b.floor - f.at(b.bx as f32, b.by as f32) >= params.clipped_lift);
        washed_out[i] = !creased
            && !colourless
            && b.floor >= params.washed_out_floor
            && (lift >= params.washed_out_lift || clipped);
    }
    let on_document = cell_grid(&blocks, gw, gh);
    for patch in groups(&washed_out, gw, gh) {
        if reaches_outline(&patch, &on_document, gw, gh) {
            for (x, y) in patch {
                washed_out[(y * gw + x) as usize] = false;
            }
        }
    }
    let marked: Vec<bool> = lifted
        .iter()
        .zip(&washed_out)
        .map(|(a, b)| *a || *b)
        .collect();
    let mut floors = vec![0.0; (gw * gh) as usize];
    let mut whites = vec![0.0; (gw * gh) as usize];
    for b in &blocks {
        let i = (b.by * gw + b.bx) as usize;
        floors[i] = b.floor;
        whites[i] = b.white;
    }
    let standing_out = |patch: &Vec<(u32, u32)>| {
        let cells = || patch.iter().map(|&(x, y)| (y * gw + x) as usize);
        cells().any(|i| lifted[i] || floors[i] >= params.saturated_core_floor)
            && cells().any(|i| whites[i] >= params.min_peak_white)
    };
    let best = groups(&marked, gw, gh)
        .into_iter()
        .filter(standing_out)
        .max_by_key(Vec::len)?;
    let share = best.len() as f64 / blocks.len().max(1) as f64;
    measures.insert("glare_fraction".into(), share);
    measures.insert("glare_blocks".into(), best.len() as f64);
    if best.len() < params.min_blocks {
        return None;
    }
    let (x0, y0, x1, y1) = cells_box(&best, params.block);
    Some(QualityFinding::new(
        FindingCode::Glare,
        Severity::PassWithWarning,
        share,
        Some(work.to_full(x0, y0, x1, y1)),
    ))
}

/// Which cells of the `gw × gh` grid are blocks on the document.
fn cell_grid(blocks: &[Block], gw: u32, gh: u32) -> Vec<bool> {
    let mut grid = vec![false; (gw * gh) as usize];
    for b in blocks {
        grid[(b.by * gw + b.bx) as usize] = true;
    }
    grid
}

/// Whether a patch of cells touches the document's outline: one of its cells has a
/// neighbour off the document. A washed-out patch that does is the paper's exposure (the
/// lit side of a fold, a copy's clipped white running to the edge), not a highlight
/// standing on it.
fn reaches_outline(patch: &[(u32, u32)], on_document: &[bool], gw: u32, gh: u32) -> bool {
    patch.iter().any(|&(x, y)| {
        let inside = |x: Option<u32>, y: Option<u32>| match (x, y) {
            (Some(x), Some(y)) if x < gw && y < gh => on_document[(y * gw + x) as usize],
            _ => false,
        };
        !inside(x.checked_sub(1), Some(y))
            || !inside(Some(x + 1), Some(y))
            || !inside(Some(x), y.checked_sub(1))
            || !inside(Some(x), Some(y + 1))
    })
}

/// A QR code's quiet zone, as a share of the code's side around its detected bounds: four
/// modules, a fifth of a 21-module code, and a little more for the bounds' slack.
const QUIET_ZONE_SHARE: f32 = 0.25;

/// The smooth light field of the paper: a quadratic fitted to the blocks' whiteness, then
/// refitted without the blocks far from it (highlights, covers, dark print).
fn paper_field(blocks: &[Block]) -> Option<Surface> {
    let samples: Vec<(f32, f32, f32)> = blocks
        .iter()
        .map(|b| (b.bx as f32, b.by as f32, b.white))
        .collect();
    robust_field(samples)
}

/// Most a block's floor may lie below its white for it to be plain paper, grey levels:
/// the paper's grain, not print.
const PLAIN_PAPER_SPREAD: f32 = 12.0;

/// The smooth field of the plain paper's floor (its dimmest pixels, grain included),
/// fitted like [`paper_field`] to the blocks without print.
fn plain_paper_floor(blocks: &[Block]) -> Option<Surface> {
    let samples: Vec<(f32, f32, f32)> = blocks
        .iter()
        .filter(|b| b.white - b.floor <= PLAIN_PAPER_SPREAD)
        .map(|b| (b.bx as f32, b.by as f32, b.floor))
        .collect();
    robust_field(samples)
}

/// A quadratic fitted to `samples`, then refitted without those far from it.
fn robust_field(samples: Vec<(f32, f32, f32)>) -> Option<Surface> {
    let first = Surface::fit(&samples)?;
    let mut residuals: Vec<f32> = samples
        .iter()
        .map(|s| (s.2 - first.at(s.0, s.1)).abs())
        .collect();
    residuals.sort_by(f32::total_cmp);
    let limit = 2.5 * residuals[residuals.len() / 2] + 2.0;
    let kept: Vec<(f32, f32, f32)> = samples
        .into_iter()
        .filter(|s| (s.2 - first.at(s.0, s.1)).abs() <= limit)
        .collect();
    Surface::fit(&kept).or(Some(first))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    /// Cream paper with print rows under light that falls off to the right, on a desk.
    fn page() -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([90, 70, 60]);
            }
            let light = 1.0 - 0.15 * x as f32 / 640.0;
            let ink = y % 20 < 8 && x % 11 < 7;
            let base = if ink {
                [40.0, 40.0, 40.0]
            } else {
                [238.0, 232.0, 218.0]
            };
            Rgb(base.map(|v| (v * light) as u8))
        })
    }

    fn with_glare(image: &RgbImage, cx: f32, cy: f32, r: f32) -> RgbImage {
        let mut out = image.clone();
        for (x, y, p) in out.enumerate_pixels_mut() {
            let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt() / r;
            if d < 1.0 {
                let s = ((1.0 - d) * 1.8).min(1.0);
                for c in 0..3 {
                    p[c] = (p[c] as f32 + (255.0 - p[c] as f32) * s) as u8;
                }
            }
        }
        out
    }

    fn judge(image: &RgbImage) -> Option<QualityFinding> {
        judge_beside(image, &[])
    }

    fn judge_beside(image: &RgbImage, qr_codes: &[Region]) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            &work,
            &location,
            qr_codes,
            (false, false),
            &GlareParams::default(),
            &mut BTreeMap::new(),
        )
    }

    /// The page with a code printed on a pure white square: a 24 px quiet zone around
    /// 10 px modules, from `(300, 150)`, 144 px a side.
    fn with_code(image: &RgbImage) -> RgbImage {
        let mut out = image.clone();
        for (x, y, p) in out.enumerate_pixels_mut() {
            if !(300..444).contains(&x) || !(150..294).contains(&y) {
                continue;
            }
            let (u, v) = (x - 300, y - 150);
            let module = (24..120).contains(&u) && (24..120).contains(&v);
            let dark = module && ((u / 10) * 7 + (v / 10) * 3) % 5 < 2;
            *p = if dark {
                Rgb([20, 20, 20])
            } else {
                Rgb([255, 255, 255])
            };
        }
        out
    }

    #[test]
    fn a_codes_white_quiet_zone_is_no_highlight() {
        let image = with_code(&page());
        assert!(
            judge(&image).is_some(),
            "a white frame unexplained is glare"
        );
        let code = Region::from([324, 174, 96, 96]);
        assert_eq!(judge_beside(&image, &[code]), None);
    }

    /// White office paper under light bright enough to bring it near white already, with
    /// print rows; `light_falloff` of it is lost to the right.
    fn white_page(paper: f32, light_falloff: f32) -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([90, 70, 60]);
            }
            let light = 1.0 - light_falloff * x as f32 / 640.0;
            let ink = y % 40 < 8 && x % 11 < 7;
            let v = if ink { 40.0 } else { paper * light };
            Rgb([v as u8; 3])
        })
    }

    #[test]
    fn a_highlight_on_white_paper_washes_it_out_to_the_top() {
        // Paper at 241–250: the highlight lifts it by under 10 levels, too little to count
        // as a lift, but washes every pixel out to white.
        let paper = white_page(250.0, 0.04);
        assert_eq!(judge(&paper), None);
        let lit = with_glare(&paper, 200.0, 240.0, 70.0);
        let finding = judge(&lit).expect("glare");
        let r = finding.region.unwrap();
        assert!(r.x < 200 && r.x + r.width > 200, "{r:?}");
        // On a colourless copy, white washed out is the copy's exposure.
        let work = Work::new(&lit, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        let on_copy = check(
            &work,
            &location,
            &[],
            (false, true),
            &GlareParams::default(),
            &mut BTreeMap::new(),
        );
        assert_eq!(on_copy, None);
        // A scan's paper is white everywhere: nothing stands out of it.
        assert_eq!(judge(&white_page(255.0, 0.0)), None);
    }

    /// White paper lit to 253 with its grain (down to 247), print rows.
    fn grainy_white_page() -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([90, 70, 60]);
            }
            let grain = ((x * 7919 + y * 104_729) % 13) as f32 * 0.5;
            let ink = y % 40 < 8 && x % 11 < 7;
            let v = if ink { 40.0 } else { 253.0 - grain };
            Rgb([v as u8; 3])
        })
    }

    #[test]
    fn a_highlight_on_paper_lit_near_white_is_found_by_the_grain_it_flattens() {
        let paper = grainy_white_page();
        assert_eq!(judge(&paper), None);
        // The core on blank paper between print rows: its white lifts by two levels.
        let lit = with_glare(&paper, 300.0, 260.0, 110.0);
        let finding = judge(&lit).expect("glare");
        let r = finding.region.unwrap();
        assert!(r.x < 300 && r.x + r.width > 300, "{r:?}");
        // On a colourless copy, clipped white is the copy's exposure.
        let work = Work::new(&lit, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        let params = GlareParams::default();
        let on_copy = check(
            &work,
            &location,
            &[],
            (false, true),
            &params,
            &mut BTreeMap::new(),
        );
        assert_eq!(on_copy, None);
    }

    /// White paper whose light peaks smoothly near white without reaching the sensor's
    /// top: 248 at the edges, `peak` at `(300, 240)`.
    fn paper_lit_to_a_peak(peak: f32) -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([90, 70, 60]);
            }
            let d2 = (x as f32 - 300.0).powi(2) + (y as f32 - 240.0).powi(2);
            let light = 248.0 + (peak - 248.0) * (-d2 / (2.0 * 90.0f32.powi(2))).exp();
            let ink = y % 120 < 8 && x % 11 < 7;
            Rgb([if ink { 40 } else { light as u8 }; 3])
        })
    }

    #[test]
    fn a_light_peak_that_saturates_nothing_is_no_highlight() {
        assert_eq!(judge(&paper_lit_to_a_peak(254.9)), None);
        let finding = judge(&with_glare(&paper_lit_to_a_peak(254.9), 300.0, 240.0, 70.0));
        assert!(finding.is_some(), "a saturated core on the peak is glare");
    }

    #[test]
    fn on_a_creased_sheet_a_washed_out_patch_is_the_creases_lit_side() {
        let image = with_glare(&white_page(250.0, 0.04), 200.0, 240.0, 70.0);
        let work = Work::new(&image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        let params = GlareParams::default();
        let judged = |creased| {
            check(
                &work,
                &location,
                &[],
                (creased, false),
                &params,
                &mut BTreeMap::new(),
            )
        };
        assert!(judged(false).is_some());
        assert_eq!(judged(true), None);
    }

    #[test]
    fn a_pale_ground_that_blows_nothing_out_is_no_highlight() {
        // Greenish card ground (smallest channel 222) with a paler patch in its design,
        // 20 levels up at 242: lifted, but no pixel near the sensor's top.
        let card = |pale: u8| {
            RgbImage::from_fn(640, 480, |x, y| {
                if !(40..600).contains(&x) || !(40..440).contains(&y) {
                    return Rgb([90, 70, 60]);
                }
                let ink = y % 40 < 8 && x % 11 < 7 && x > 300;
                if ink {
                    Rgb([40, 40, 40])
                } else if (80..200).contains(&x) && (120..260).contains(&y) {
                    Rgb([pale; 3])
                } else {
                    Rgb([222, 236, 224])
                }
            })
        };
        assert_eq!(judge(&card(242)), None);
        assert!(judge(&card(255)).is_some(), "blown out, the patch is glare");
    }

    #[test]
    fn evenly_lit_paper_has_no_glare() {
        assert_eq!(judge(&page()), None);
    }

    #[test]
    fn a_highlight_is_found_where_it_is() {
        let finding = judge(&with_glare(&page(), 400.0, 200.0, 70.0)).expect("glare");
        assert_eq!(finding.code, FindingCode::Glare);
        let r = finding.region.unwrap();
        assert!(
            r.x < 400 && r.x + r.width > 400 && r.y < 200 && r.y + r.height > 200,
            "{r:?}"
        );
    }
}
