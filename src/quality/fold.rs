//! `FOLD`: a crease across the document. A fold leaves a long straight line along which the
//! paper's shading steps: one side faces the light less. Print is first removed (a small
//! maximum filter keeps only the paper), then for lines near the document's axes the
//! paper's brightness is profiled across the line in six stretches along it; a crease
//! shades by the same fraction in every stretch, where a glare, a cover, a coloured box or
//! the edge of a bold printed row steps in a few. What a cover hides is left out of the profile: a sticky note's or a
//! finger's edge is as straight a step as a crease.

use std::collections::BTreeMap;

use image::GrayImage;

use super::{DocumentLocation, QualityFinding, Work};
use crate::report::{FindingCode, Region, Severity};
use profile::PaperSums;

mod profile;

#[derive(Debug, Clone)]
pub struct FoldParams {
    /// Radius of the maximum filter that removes print, working pixels: strokes up to
    /// twice this wide vanish.
    pub print_radius: u32,
    /// Angles tried around each document axis, degrees: creases run along a sheet's axes
    /// give or take a couple of degrees (perspective adds one). Every half degree: a line
    /// off by half a degree drifts ±2 working pixels at the ends of a licence's 500 into
    /// the compared sides (a crease through dev seed 1212's app-00086 stepped 7.8 at the
    /// nearest whole degree, 8.8 at the half).
    pub angle_offsets: Vec<f32>,
    /// Stretches along the line that must all show the step. Six, so that no stretch of a
    /// card lies wholly under its title: the edge of a bold title row that the print filter
    /// leaves (an ID card back's 中华人民共和国, across two thirds of the card) stepped in
    /// every one of four stretches of the real vendor card (a crease scored 9.96), and steps
    /// in four of six (7.49). The generated creases score 10.5 and up either way (75
    /// creases of seven seeds), one crossing a portrait only with [`relative_step`].
    pub stretches: usize,
    /// Paper brightness (grey level, print filtered out) at which the camera's sensor is
    /// taken as full: a crease cannot shade lit paper there by what it shades the rest.
    /// Real phone photos' paper stands at 130–240; a generated permit in blind seed 3737
    /// (app-00011) stood at 230 on the crease's left, where it stepped by 16 levels, and at
    /// 253 on its right, where it stepped by 6.
    pub clipped_paper: f32,
    /// Weakest stretches set aside when their paper is at [`Self::clipped_paper`]: one.
    /// Set aside without that condition, the edge of the bold title on a real ID card back
    /// (paper at 237) and the edges of printed boxes on real invoice photos scored 10–20.
    pub clipped_excused: usize,
    /// Width of the paper compared on either side, working pixels, and the gap left at the
    /// line itself (the crease's own ridge and valley).
    pub side: usize,
    pub gap: usize,
    /// The step must also hold over this wider width on either side: a crease shades a
    /// whole part of the sheet, a printed band or box edge only as far as the band.
    pub far_side: usize,
    /// The wider width used where `far_side` runs off the document: a crease near the
    /// sheet's edge (through an invoice's number, 40 working pixels below its top in seed
    /// 4242's app-00269) leaves no room for it, and stepped 18 over this width.
    pub near_edge_far_side: usize,
    /// Least step of the paper's brightness across the line in every stretch, grey levels
    /// of white paper ([`relative_step`]).
    /// A crease shades one side 5–10% darker (12–25 levels on white paper); light falling
    /// off over a whole sheet changes less than 2 levels across 2 × 12 px.
    pub min_step: f32,
    /// Lines this close to the document's edge (working pixels beyond the compared sides)
    /// are the edge itself.
    pub edge_margin: usize,
    /// Pixels sampled every this many working pixels in each direction (speed).
    pub sample_step: u32,
}

impl Default for FoldParams {
    fn default() -> Self {
        FoldParams {
            print_radius: 2,
            angle_offsets: vec![-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0],
            stretches: 6,
            clipped_paper: 248.0,
            clipped_excused: 1,
            side: 10,
            gap: 2,
            far_side: 30,
            near_edge_far_side: 20,
            min_step: 8.0,
            edge_margin: 6,
            sample_step: 1,
        }
    }
}

/// The best line found: its direction (radians), offset across it, and step.
#[derive(Debug, Clone, Copy)]
struct Line {
    angle: f32,
    offset: f32,
    step: f32,
}

/// The strongest crease on the document outside `covers` (upload-pixel regions of what
/// lies on it: an occlusion's), if its shading step reaches `min_step`.
pub fn check(
    work: &Work,
    location: &DocumentLocation,
    covers: &[Region],
    params: &FoldParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let paper = max_filter(&work.grey, params.print_radius);
    // The maximum filter spreads a cover's edge by the print radius; the gap and two
    // pixels more absorb where the cover's region is drawn a little inside its edge.
    let margin = params.print_radius + params.gap as u32 + 2;
    let hidden: Vec<_> = covers.iter().map(|&c| work.from_full(c, margin)).collect();
    let paper_at = |x: u32, y: u32| {
        let covered = hidden
            .iter()
            .any(|&(x0, y0, x1, y1)| (x0..x1).contains(&x) && (y0..y1).contains(&y));
        (!covered && location.contains(x, y)).then(|| paper.get_pixel(x, y)[0])
    };
    // Read once, tried along every angle.
    let sums = PaperSums::new(location.bbox, params.sample_step, paper_at);
    let [a, b, _, _] = location.quad.0;
    let axis = (b.1 - a.1).atan2(b.0 - a.0);
    let mut best: Option<Line> = None;
    for base in [axis, axis + std::f32::consts::FRAC_PI_2] {
        for offset in &params.angle_offsets {
            let angle = base + offset.to_radians();
            if let Some(line) = strongest_step(&sums, location, angle, params)
                && best.is_none_or(|b| line.step > b.step)
            {
                best = Some(line);
            }
        }
    }
    let line = best?;
    measures.insert("fold_step".into(), f64::from(line.step));
    if line.step < params.min_step {
        return None;
    }
    let (x0, y0, x1, y1) = line_box(location, line, params.gap as f32 + 2.0)?;
    let mut finding = QualityFinding::new(
        FindingCode::Fold,
        Severity::PassWithWarning,
        f64::from(line.step),
        Some(work.to_full(x0, y0, x1, y1)),
    );
    let (sin, cos) = line.angle.sin_cos();
    let on_line = (-sin * line.offset, cos * line.offset);
    let within = [x0 as f32, y0 as f32, x1 as f32, y1 as f32];
    finding.line = clip_line(
        on_line,
        (cos, sin),
        f32::NEG_INFINITY,
        f32::INFINITY,
        within,
    )
    .map(|ends| ends.map(|(x, y)| (x * work.factor as f32, y * work.factor as f32)));
    Some(finding)
}

/// The part of the line `from + t · direction`, `t` in `t0..=t1`, inside the box
/// `[x0, y0, x1, y1]`, as its two ends; `None` when it misses the box (Liang–Barsky).
pub fn clip_line(
    from: (f32, f32),
    direction: (f32, f32),
    t0: f32,
    t1: f32,
    [x0, y0, x1, y1]: [f32; 4],
) -> Option<[(f32, f32); 2]> {
    let (mut lo, mut hi) = (t0, t1);
    for (d, start, min, max) in [(direction.0, from.0, x0, x1), (direction.1, from.1, y0, y1)] {
        if d.abs() < f32::EPSILON {
            if start < min || start > max {
                return None;
            }
            continue;
        }
        let (a, b) = ((min - start) / d, (max - start) / d);
        lo = lo.max(a.min(b));
        hi = hi.min(a.max(b));
    }
    (lo <= hi).then(|| {
        let at = |t: f32| (from.0 + t * direction.0, from.1 + t * direction.1);
        [at(lo), at(hi)]
    })
}

/// For lines of direction `angle`, the offset whose paper brightness steps most in every
/// stretch (the weakest stretch's step), with that step.
fn strongest_step(
    paper: &PaperSums,
    location: &DocumentLocation,
    angle: f32,
    params: &FoldParams,
) -> Option<Line> {
    let (dir, normal) = ((angle.cos(), angle.sin()), (-angle.sin(), angle.cos()));
    let (x0, y0, x1, y1) = location.bbox;
    let corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)].map(|(x, y)| (x as f32, y as f32));
    let t_min = corners
        .iter()
        .map(|c| c.0 * normal.0 + c.1 * normal.1)
        .fold(f32::INFINITY, f32::min);
    let t_max = corners
        .iter()
        .map(|c| c.0 * normal.0 + c.1 * normal.1)
        .fold(f32::NEG_INFINITY, f32::max);
    let s_min = corners
        .iter()
        .map(|c| c.0 * dir.0 + c.1 * dir.1)
        .fold(f32::INFINITY, f32::min);
    let s_max = corners
        .iter()
        .map(|c| c.0 * dir.0 + c.1 * dir.1)
        .fold(f32::NEG_INFINITY, f32::max);
    let bins = (t_max - t_min).ceil() as usize + 1;
    let k = params.stretches.max(1);
    let stretch_len = ((s_max - s_min) / k as f32).max(1.0);
    // Every sample lies in the box the corners span: its projections, clamped at zero
    // against rounding, are far below `i32::MAX`, and the cast through `i32` truncates as
    // one to `usize` would, without the cost of saturating.
    let bin = |fx: f32, fy: f32| {
        let t = ((fx * normal.0 + fy * normal.1) - t_min).max(0.0) as i32 as usize;
        let s = (((fx * dir.0 + fy * dir.1) - s_min) / stretch_len).max(0.0) as i32 as usize;
        t.min(bins - 1) * k + s.min(k - 1)
    };
    // Along rows the bin changes least for lines nearer the horizontal.
    let along_rows = dir.0.abs() >= dir.1.abs();
    let (sum, count) = paper.profile(bins * k, along_rows, bin);
    let profile: Vec<Option<f32>> = sum
        .iter()
        .zip(&count)
        .map(|(&s, &c)| (c >= 2).then(|| s as f32 / c as f32))
        .collect();
    let gap = params.gap;
    let margin = params.edge_margin;
    let narrowest = params
        .near_edge_far_side
        .min(params.far_side)
        .max(params.side);
    let least_reach = narrowest + gap + margin;
    let mut best: Option<Line> = None;
    for t in least_reach..bins.saturating_sub(least_reach) {
        // Each stretch's weaker step (near and far sides), signed, and whether the paper
        // beside the line there is lit to the ceiling.
        let mut steps: Vec<(f32, bool)> = Vec::with_capacity(k);
        for s in 0..k {
            // The mean over whole ranges only: a range running off the document is its edge.
            let mean = |range: std::ops::Range<usize>| {
                let n = range.len();
                let mut total = 0.0f32;
                for u in range {
                    total += profile[u * k + s]?;
                }
                Some(total / n as f32)
            };
            let fits = |far: usize| {
                let reach = far.max(params.side) + gap + margin;
                reach <= t
                    && t + reach <= bins
                    && mean(t - reach..t - reach + margin).is_some()
                    && mean(t + reach - margin..t + reach).is_some()
            };
            let Some(far) = [params.far_side, narrowest].into_iter().find(|&f| fits(f)) else {
                continue;
            };
            let sides: Vec<(f32, f32)> = [params.side, far]
                .into_iter()
                .filter_map(|side| {
                    let before = mean(t - gap - side..t - gap)?;
                    let after = mean(t + gap + 1..t + gap + 1 + side)?;
                    Some((before, after))
                })
                .collect();
            if let [(near_before, near_after), (far_before, far_after)] = sides[..] {
                let (near, far) = (
                    relative_step(near_before, near_after),
                    relative_step(far_before, far_after),
                );
                let clipped = near_before.max(near_after) >= params.clipped_paper;
                steps.push((if near.abs() < far.abs() { near } else { far }, clipped));
            }
        }
        if steps.len() < k {
            continue;
        }
        let same_sign = steps.iter().all(|(s, _)| *s > 0.0) || steps.iter().all(|(s, _)| *s < 0.0);
        if !same_sign {
            continue;
        }
        let Some(weakest) = weakest_unexcused(&steps, params.clipped_excused) else {
            continue;
        };
        if best.is_none_or(|b| weakest > b.step) {
            best = Some(Line {
                angle,
                offset: t as f32 + t_min,
                step: weakest,
            });
        }
    }
    best
}

/// The weakest step among the stretches', once up to `excused` of the weakest stretches
/// where the paper is lit to the ceiling are set aside; `None` when none is left.
fn weakest_unexcused(steps: &[(f32, bool)], excused: usize) -> Option<f32> {
    let mut by_strength: Vec<(f32, bool)> = steps.iter().map(|&(s, c)| (s.abs(), c)).collect();
    by_strength.sort_by(|a, b| a.0.total_cmp(&b.0));
    let set_aside = by_strength
        .iter()
        .take(excused)
        .take_while(|(_, clipped)| *clipped)
        .count();
    by_strength.get(set_aside).map(|(strength, _)| *strength)
}

/// The step from `before` to `after` relative to their level, in grey levels of white
/// paper: a crease shades by a fraction of the light, so a dark band it crosses (an ID
/// card's portrait) steps as much, in this measure, as the paper beside it.
fn relative_step(before: f32, after: f32) -> f32 {
    const WHITE: f32 = 255.0;
    WHITE * (after - before) / ((after + before) / 2.0).max(1.0)
}

/// The box of the document's pixels within `half` of the line, working pixels.
fn line_box(location: &DocumentLocation, line: Line, half: f32) -> Option<(u32, u32, u32, u32)> {
    let normal = (-line.angle.sin(), line.angle.cos());
    let (bx0, by0, bx1, by1) = location.bbox;
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in by0..by1 {
        for x in bx0..bx1 {
            let t = x as f32 * normal.0 + y as f32 * normal.1;
            if (t - line.offset).abs() <= half && location.contains(x, y) {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
            }
        }
    }
    (x1 > x0).then_some((x0, y0, x1, y1))
}

/// Maximum over a `(2r + 1)²` square (clipped at the image's edges), in two passes: along
/// rows, then down columns a whole row at a time.
fn max_filter(grey: &GrayImage, r: u32) -> GrayImage {
    let (w, h) = (grey.width() as usize, grey.height() as usize);
    if w == 0 || h == 0 {
        return grey.clone();
    }
    let r = r as usize;
    let mut across = vec![0u8; w * h];
    for (src, dst) in grey
        .as_raw()
        .chunks_exact(w)
        .zip(across.chunks_exact_mut(w))
    {
        for (x, out) in dst.iter_mut().enumerate() {
            let window = &src[x.saturating_sub(r)..(x + r + 1).min(w)];
            *out = window.iter().copied().max().unwrap_or(0);
        }
    }
    let mut out = vec![0u8; w * h];
    for (y, dst) in out.chunks_exact_mut(w).enumerate() {
        let (lo, hi) = (y.saturating_sub(r), (y + r + 1).min(h));
        dst.copy_from_slice(&across[lo * w..(lo + 1) * w]);
        for row in across[(lo + 1) * w..hi * w].chunks_exact(w) {
            for (d, s) in dst.iter_mut().zip(row) {
                *d = (*d).max(*s);
            }
        }
    }
    GrayImage::from_raw(w as u32, h as u32, out).expect("a buffer of the image's size")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    /// Paper with print rows on a desk, slightly unevenly lit.
    fn page() -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([90, 70, 60]);
            }
            let light = 1.0 - 0.1 * y as f32 / 480.0;
            let ink = y % 20 < 8 && x % 11 < 3;
            let base = if ink { 40.0 } else { 240.0 };
            let v = (base * light) as u8;
            Rgb([v, v, v])
        })
    }

    /// The light a crease leaves at `d` pixels right of its line: a dark valley on it, a
    /// bright ridge just right of it, the left side shaded.
    fn crease_shade(d: f32) -> f32 {
        if d.abs() < 1.5 {
            0.62
        } else if (1.5..4.0).contains(&d) {
            1.1
        } else if d < 0.0 {
            0.93
        } else {
            1.0
        }
    }

    /// A crease along x = `at` ([`crease_shade`]).
    fn crease(image: &RgbImage, at: f32) -> RgbImage {
        let mut out = image.clone();
        for (x, y, p) in out.enumerate_pixels_mut() {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                continue;
            }
            let f = crease_shade(x as f32 - at);
            for c in 0..3 {
                p[c] = (p[c] as f32 * f).min(255.0) as u8;
            }
        }
        out
    }

    fn judge(image: &RgbImage) -> Option<QualityFinding> {
        judge_around(image, &[])
    }

    fn judge_around(image: &RgbImage, covers: &[Region]) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            &work,
            &location,
            covers,
            &FoldParams::default(),
            &mut BTreeMap::new(),
        )
    }

    /// The page with a flat grey strip (a finger, a paper) lying over it from the top
    /// edge to the bottom edge, columns `x0..x1`.
    fn covered(x0: u32, x1: u32) -> RgbImage {
        let mut out = page();
        for (x, y, p) in out.enumerate_pixels_mut() {
            if (x0..x1).contains(&x) && (40..440).contains(&y) {
                *p = Rgb([150, 150, 150]);
            }
        }
        out
    }

    #[test]
    fn flat_paper_has_no_fold() {
        assert_eq!(judge(&page()), None);
    }

    #[test]
    fn a_crease_is_found_along_its_line() {
        let finding = judge(&crease(&page(), 300.0)).expect("crease");
        assert_eq!(finding.code, FindingCode::Fold);
        let r = finding.region.unwrap();
        assert!(r.x <= 300 && r.x + r.width >= 300 && r.width < 20, "{r:?}");
        assert!(r.height > 300, "{r:?}");
        let [(xa, ya), (xb, yb)] = finding.line.expect("the crease's line");
        assert!(
            (xa - 300.0).abs() < 8.0 && (xb - 300.0).abs() < 8.0,
            "{xa} {xb}"
        );
        assert!((ya - yb).abs() > 300.0, "{ya} {yb}");
    }

    /// A page lit to the sensor's ceiling towards its bottom, creased along x = 300 with
    /// its left side shaded: where the light exceeds what the sensor holds, both sides
    /// come out white and the crease shows no step.
    fn crease_on_paper_lit_to_the_ceiling() -> RgbImage {
        RgbImage::from_fn(640, 480, |x, y| {
            if !(40..600).contains(&x) || !(40..440).contains(&y) {
                return Rgb([90, 70, 60]);
            }
            let light = 235.0 + 0.25 * y.saturating_sub(240) as f32;
            let ink = y % 20 < 8 && x % 11 < 3;
            let v = if ink {
                40.0
            } else {
                light * crease_shade(x as f32 - 300.0)
            };
            let v = v.min(255.0) as u8;
            Rgb([v, v, v])
        })
    }

    #[test]
    fn a_crease_that_vanishes_where_the_paper_is_lit_to_the_ceiling_is_found() {
        let image = crease_on_paper_lit_to_the_ceiling();
        let work = Work::new(&image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        let judge_with =
            |params: &FoldParams| check(&work, &location, &[], params, &mut BTreeMap::new());
        let finding = judge_with(&FoldParams::default()).expect("crease");
        let [(xa, _), (xb, _)] = finding.line.expect("the crease's line");
        assert!(
            (xa - 300.0).abs() < 4.0 && (xb - 300.0).abs() < 4.0,
            "{xa} {xb}"
        );
        // Only because the stretch at the ceiling is set aside.
        let strict = FoldParams {
            clipped_excused: 0,
            ..FoldParams::default()
        };
        assert_eq!(judge_with(&strict), None);
        // And only where the paper is at the ceiling.
        let unclipped = FoldParams {
            clipped_paper: 256.0,
            ..FoldParams::default()
        };
        assert_eq!(judge_with(&unclipped), None);
    }

    #[test]
    fn a_crease_near_the_edge_is_found() {
        // 30 px inside the page's left edge: no room for the far side beyond it.
        let finding = judge(&crease(&page(), 70.0)).expect("crease");
        let [(xa, _), (xb, _)] = finding.line.expect("the crease's line");
        assert!(
            (xa - 70.0).abs() < 4.0 && (xb - 70.0).abs() < 4.0,
            "{xa} {xb}"
        );
    }

    /// The page with a dark rectangle printed on it (a portrait's hair, a bold title's
    /// strokes too wide for the print filter), columns `x0..x1`, rows `y0..y1`.
    fn printed_block(image: &RgbImage, (x0, x1): (u32, u32), (y0, y1): (u32, u32)) -> RgbImage {
        let mut out = image.clone();
        for (x, y, p) in out.enumerate_pixels_mut() {
            if (x0..x1).contains(&x) && (y0..y1).contains(&y) {
                *p = Rgb([45, 45, 60]);
            }
        }
        out
    }

    #[test]
    fn a_crease_through_a_dark_block_is_found() {
        let portrait = printed_block(&page(), (240, 360), (120, 360));
        let finding = judge(&crease(&portrait, 300.0)).expect("crease");
        let r = finding.region.unwrap();
        assert!(r.x <= 300 && r.x + r.width >= 300, "{r:?}");
    }

    #[test]
    fn the_edge_of_a_bold_title_row_is_no_crease() {
        // A title row 30 px high across two thirds of the page: its top edge steps along
        // the title only.
        let title = printed_block(&page(), (130, 510), (120, 150));
        assert_eq!(judge(&title), None);
    }

    #[test]
    fn the_maximum_filter_takes_each_squares_maximum() {
        for (w, h, r) in [(1, 1, 2), (7, 3, 2), (5, 9, 1), (13, 11, 2), (4, 4, 0)] {
            let grey = GrayImage::from_fn(w, h, |x, y| {
                image::Luma([((x * 37 + y * 101 + x * y * 13) % 251) as u8])
            });
            let filtered = max_filter(&grey, r);
            for (x, y, p) in filtered.enumerate_pixels() {
                let mut expected = 0;
                for v in y.saturating_sub(r)..=(y + r).min(h - 1) {
                    for u in x.saturating_sub(r)..=(x + r).min(w - 1) {
                        expected = expected.max(grey.get_pixel(u, v)[0]);
                    }
                }
                assert_eq!(p[0], expected, "{w}×{h} r {r} at ({x}, {y})");
            }
        }
        assert_eq!(max_filter(&GrayImage::new(0, 5), 2).dimensions(), (0, 5));
    }

    #[test]
    fn a_line_is_clipped_to_a_box() {
        let box_ = [10.0, 10.0, 20.0, 20.0];
        let inf = f32::INFINITY;
        let [a, b] = clip_line((0.0, 15.0), (1.0, 0.0), -inf, inf, box_).unwrap();
        assert_eq!((a, b), ((10.0, 15.0), (20.0, 15.0)));
        // A segment that stops short of the box misses it.
        assert_eq!(clip_line((0.0, 15.0), (1.0, 0.0), 0.0, 5.0, box_), None);
        // A diagonal passing the corner's outside misses it.
        assert_eq!(clip_line((0.0, 41.0), (1.0, -1.0), -inf, inf, box_), None);
        assert!(clip_line((0.0, 39.0), (1.0, -1.0), -inf, inf, box_).is_some());
    }

    #[test]
    fn the_edge_of_a_cover_is_no_crease() {
        let image = covered(300, 420);
        let edge = judge(&image).expect("a long straight step without the cover known");
        let r = edge.region.unwrap();
        assert!((290..430).contains(&r.x), "{r:?}");
        let cover = Region::from([300, 40, 120, 400]);
        assert_eq!(judge_around(&image, &[cover]), None);
    }

    #[test]
    fn a_crease_beside_a_cover_is_still_found() {
        let image = crease(&covered(420, 500), 200.0);
        let cover = Region::from([420, 40, 80, 400]);
        let finding = judge_around(&image, &[cover]).expect("crease");
        let r = finding.region.unwrap();
        assert!(r.x <= 200 && r.x + r.width >= 200, "{r:?}");
    }
}
