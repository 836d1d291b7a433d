//! Red marks (RULES.md §6.4): the seals of the licence, the permit, the account sheet and
//! the invoice, and the emblem of an ID card's back. They are key information (§6.3) that
//! OCR reads no field from, so this is where a cover, glare or crease over one is found.
//!
//! A mark is a patch of red print: pixels red by §6.4's HSV test, joined into strokes, of a
//! seal's size against the document and round or oval, and hollow (a ring and its text fill
//! a fraction of their box, where a red sticker or note fills all of it).

use image::{GrayImage, Luma};

use super::keys::{EMBLEM, SEAL};
use super::mask::{Labels, close_square, label_areas};
use super::{DocumentLocation, Quad, Work};
use crate::report::Region;

#[derive(Debug, Clone)]
pub struct SealParams {
    /// Red hues, degrees: within this of pure red (§6.4: H ∈ [0, 10] ∪ [160, 180] on
    /// OpenCV's 0–180 scale, so 20° either side).
    pub max_hue_from_red: f32,
    /// Least saturation, 0–255 (§6.4: S > 80): pink paper and skin are paler.
    pub min_saturation: u8,
    /// Least value, 0–255 (§6.4: V > 50): darker is black print.
    pub min_value: u8,
    /// Radius of the closing that joins a seal's ring, star and letters into one patch,
    /// working pixels.
    pub join_radius: u8,
    /// A mark's size against the document's short side: a 40-mm seal on an A4 sheet is
    /// 0.19 of it, on a 140-mm invoice 0.21–0.29, an ID card's emblem 0.3. A printed
    /// character or a red rule is smaller, a red frame around the page larger.
    pub min_size: f32,
    pub max_size: f32,
    /// Most elongation (long side over short side) of a round or oval mark; the 40 × 30 mm
    /// invoice seal is 1.33.
    pub max_elongation: f32,
    /// Share of its box a mark's red pixels fill: a ring with letters fills 0.1–0.5; a
    /// solid red sticker over 0.8 is a cover, not a seal.
    pub min_fill: f32,
    pub max_fill: f32,
    /// Red hues, degrees, that tell a seal from the form's rules it is stamped over, looked
    /// for only among the pixels of a red patch that is no mark but long enough to hold one.
    /// An invoice's form is printed in a brown 15° from red, within `max_hue_from_red`, so a
    /// seal touching its rules or title joins them into one patch too large or too long for
    /// a mark; the seal's ink lies within 5° of red
    /// (the generated 发票专用章 at −3°), and 10° leaves room for warm light.
    pub max_hue_of_seal_on_rules: f32,
}

impl Default for SealParams {
    fn default() -> Self {
        SealParams {
            max_hue_from_red: 20.0,
            min_saturation: 80,
            min_value: 50,
            join_radius: 2,
            min_size: 0.08,
            max_size: 0.45,
            max_elongation: 2.0,
            min_fill: 0.06,
            max_fill: 0.7,
            max_hue_of_seal_on_rules: 10.0,
        }
    }
}

/// Whether a pixel is seal red by §6.4's HSV test, its hue within `max_hue` of red.
fn is_red(p: &image::Rgb<u8>, max_hue: f32, params: &SealParams) -> bool {
    let [r, g, b] = p.0;
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    if max != r || max < params.min_value || max == 0 {
        return false;
    }
    let saturation = u16::from(max - min) * 255 / u16::from(max);
    if saturation <= u16::from(params.min_saturation) {
        return false;
    }
    // Red is the largest channel: the hue is 60° × (g − b) / (max − min), either side of 0.
    let hue = 60.0 * (f32::from(g) - f32::from(b)) / f32::from(max - min);
    hue.abs() <= max_hue
}

/// The red marks on the document, in upload pixels.
pub fn locate(work: &Work, location: &DocumentLocation, params: &SealParams) -> Vec<Region> {
    let (x0, y0, x1, y1) = location.bbox;
    let short = x1.saturating_sub(x0).min(y1.saturating_sub(y0)) as f32;
    if short < 8.0 {
        return Vec::new();
    }
    let red = |x: u32, y: u32, max_hue: f32| {
        location.contains(x, y) && is_red(work.rgb.get_pixel(x, y), max_hue, params)
    };
    let whole = Area {
        x0: 0,
        y0: 0,
        x1: work.width(),
        y1: work.height(),
    };
    let (patches, labels) = red_patches(whole, |x, y| red(x, y, params.max_hue_from_red), params);
    let mut marks = Vec::new();
    for patch in patches {
        if patch.is_mark(short, params) {
            marks.push(patch);
        } else if patch.may_hold_a_mark(short, params) {
            // A seal stamped over the form's brown rules or print joins them: apart by hue,
            // among the patch's own pixels.
            let (within, _) = red_patches(
                patch.area,
                |x, y| {
                    labels.get_pixel(x, y)[0] == patch.label
                        && red(x, y, params.max_hue_of_seal_on_rules)
                },
                params,
            );
            marks.extend(within.into_iter().filter(|p| p.is_mark(short, params)));
        }
    }
    marks
        .into_iter()
        .map(|p| work.to_full(p.area.x0, p.area.y0, p.area.x1, p.area.y1))
        .collect()
}

/// The joined patches of the pixels of `area` that are `red` (in working pixels), and the
/// label of the patch each pixel of `area` is in (0 for none).
fn red_patches(
    area: Area,
    red: impl Fn(u32, u32) -> bool,
    params: &SealParams,
) -> (Vec<Patch>, Labels) {
    let (w, h) = (area.x1 - area.x0, area.y1 - area.y0);
    let mask = GrayImage::from_fn(w, h, |x, y| {
        Luma([if red(x + area.x0, y + area.y0) {
            255
        } else {
            0
        }])
    });
    let mut joined = mask.clone();
    close_square(&mut joined, params.join_radius);
    let labels = label_areas(&joined);

    let mut patches: Vec<Option<Patch>> = Vec::new();
    for (x, y, label) in labels.enumerate_pixels() {
        let l = label[0] as usize;
        if l == 0 {
            continue;
        }
        if patches.len() <= l {
            patches.resize(l + 1, None);
        }
        let (ax, ay) = (x + area.x0, y + area.y0);
        let patch = patches[l].get_or_insert(Patch {
            area: Area {
                x0: ax,
                y0: ay,
                x1: ax + 1,
                y1: ay + 1,
            },
            red: 0,
            label: label[0],
        });
        patch.area.x0 = patch.area.x0.min(ax);
        patch.area.y0 = patch.area.y0.min(ay);
        patch.area.x1 = patch.area.x1.max(ax + 1);
        patch.area.y1 = patch.area.y1.max(ay + 1);
        patch.red += u32::from(mask.get_pixel(x, y)[0] > 0);
    }
    (patches.into_iter().flatten().collect(), labels)
}

/// The red marks a document always shows (RULES.md §1): what each mark found is called,
/// and which are missing. A missing mark on a document with a cover or glare on it is
/// taken to be under it ([`super::keys::escalate_over_missing_mark`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExpectedMarks {
    /// Not known: no type yet, or a document whose marks vary (an invoice shows its
    /// seller's seal only on paper). Every mark found is a `seal`, and none is missed.
    #[default]
    Unknown,
    /// One mark of this name: an ID card back's `emblem`, a permit's or a tax office's
    /// `seal`.
    One(&'static str),
    /// A business licence (RULES.md §1.1.3): the national `emblem` centred at the top,
    /// the registration authority's `seal` at the bottom right.
    EmblemAndSeal,
}

/// How far from the middle of a licence's long side, as a share of it, the emblem's centre
/// may lie: the emblem is centred (0.5), the seal sits at about 0.75–0.8, so the band ends
/// halfway between. Judged along the long side, a licence photographed turned round or
/// sideways is named the same.
const EMBLEM_CENTRE_BAND: f32 = 0.125;

impl ExpectedMarks {
    /// The name of each mark in `found` (upload pixels, on the document `quad`), and the
    /// names of the expected marks none of them is.
    pub fn name(self, found: &[Region], quad: &Quad) -> (Vec<&'static str>, Vec<&'static str>) {
        match self {
            ExpectedMarks::Unknown => (vec![SEAL; found.len()], Vec::new()),
            ExpectedMarks::One(name) => {
                let missing = if found.is_empty() {
                    vec![name]
                } else {
                    Vec::new()
                };
                (vec![name; found.len()], missing)
            }
            ExpectedMarks::EmblemAndSeal => {
                let names: Vec<&'static str> = found
                    .iter()
                    .map(|&mark| {
                        let along = along_long_side(mark, quad);
                        if (along - 0.5).abs() < EMBLEM_CENTRE_BAND {
                            EMBLEM
                        } else {
                            SEAL
                        }
                    })
                    .collect();
                let missing = [EMBLEM, SEAL]
                    .into_iter()
                    .filter(|name| !names.contains(name))
                    .collect();
                (names, missing)
            }
        }
    }
}

/// Where the centre of `region` lies along the long side of `quad`, from 0 at one end to
/// 1 at the other.
fn along_long_side(region: Region, quad: &Quad) -> f32 {
    let [a, b, _, d] = quad.0;
    let (ab, ad) = ((b.0 - a.0, b.1 - a.1), (d.0 - a.0, d.1 - a.1));
    let long = if ab.0.hypot(ab.1) >= ad.0.hypot(ad.1) {
        ab
    } else {
        ad
    };
    let centre = (
        region.x as f32 + region.width as f32 / 2.0 - a.0,
        region.y as f32 + region.height as f32 / 2.0 - a.1,
    );
    let length_squared = (long.0 * long.0 + long.1 * long.1).max(1.0);
    (centre.0 * long.0 + centre.1 * long.1) / length_squared
}

/// A box `[x0, x1) × [y0, y1)` on the working copy.
#[derive(Debug, Clone, Copy)]
struct Area {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
}

/// One joined patch of red print on the working copy: its box, how many of its pixels
/// were red before joining, and its label among the patches found with it.
#[derive(Debug, Clone, Copy)]
struct Patch {
    area: Area,
    red: u32,
    label: u32,
}

impl Patch {
    /// Whether the patch has a seal's size against the document's `short` side, its
    /// roundness and its hollowness.
    fn is_mark(&self, short: f32, params: &SealParams) -> bool {
        let Area { x0, y0, x1, y1 } = self.area;
        let (w, h) = ((x1 - x0) as f32, (y1 - y0) as f32);
        let fill = self.red as f32 / (w * h);
        w.min(h) >= params.min_size * short
            && w.max(h) <= params.max_size * short
            && w.max(h) <= params.max_elongation * w.min(h)
            && (params.min_fill..=params.max_fill).contains(&fill)
    }

    /// Whether the patch, no mark itself, is long enough to hold one joined with other red
    /// print: a rule or a title it touches makes it too long or too elongated.
    fn may_hold_a_mark(&self, short: f32, params: &SealParams) -> bool {
        let Area { x0, y0, x1, y1 } = self.area;
        (x1 - x0).max(y1 - y0) as f32 >= params.min_size * short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate as locate_document};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    const PAPER: Rgb<u8> = Rgb([246, 245, 240]);
    const DESK: Rgb<u8> = Rgb([70, 72, 80]);

    /// A sheet (60..540 × 40..360) on a desk, with `draw` painting over the paper.
    fn sheet(draw: impl Fn(u32, u32) -> Option<Rgb<u8>>) -> RgbImage {
        RgbImage::from_fn(600, 400, |x, y| {
            if !(60..540).contains(&x) || !(40..360).contains(&y) {
                return DESK;
            }
            draw(x, y).unwrap_or(PAPER)
        })
    }

    fn ring(
        cx: f32,
        cy: f32,
        radius: f32,
        colour: Rgb<u8>,
    ) -> impl Fn(u32, u32) -> Option<Rgb<u8>> {
        move |x, y| {
            let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
            ((radius - 6.0..radius).contains(&d) || d < radius * 0.25).then_some(colour)
        }
    }

    fn marks(image: &RgbImage) -> Vec<Region> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate_document(&work, &DocumentParams::default());
        locate(&work, &location, &SealParams::default())
    }

    #[test]
    fn a_red_ring_is_a_seal_where_it_is() {
        let found = marks(&sheet(ring(420.0, 260.0, 40.0, Rgb([210, 40, 45]))));
        assert_eq!(found.len(), 1, "{found:?}");
        let seal = found[0];
        assert!(
            seal.x.abs_diff(380) <= 3 && seal.y.abs_diff(220) <= 3,
            "{seal:?}"
        );
        assert!(
            seal.width.abs_diff(80) <= 4 && seal.height.abs_diff(80) <= 4,
            "{seal:?}"
        );
    }

    #[test]
    fn a_black_or_orange_ring_is_no_seal() {
        assert!(marks(&sheet(ring(420.0, 260.0, 40.0, Rgb([30, 30, 30])))).is_empty());
        assert!(marks(&sheet(ring(420.0, 260.0, 40.0, Rgb([240, 150, 20])))).is_empty());
    }

    #[test]
    fn a_solid_red_sticker_is_no_seal() {
        let sticker = |x: u32, y: u32| {
            ((380..460).contains(&x) && (220..300).contains(&y)).then_some(Rgb([210, 40, 45]))
        };
        assert!(marks(&sheet(sticker)).is_empty());
    }

    #[test]
    fn red_print_smaller_or_larger_than_a_seal_is_no_seal() {
        let small = ring(420.0, 260.0, 10.0, Rgb([210, 40, 45]));
        assert!(marks(&sheet(small)).is_empty());
        let frame = |x: u32, y: u32| {
            let edge = !(70..530).contains(&x) || !(50..350).contains(&y);
            edge.then_some(Rgb([200, 50, 40]))
        };
        assert!(marks(&sheet(frame)).is_empty());
    }

    /// The brown an invoice's form is printed in, 15° from red (a generated photo's rules).
    const FORM_BROWN: Rgb<u8> = Rgb([145, 79, 57]);

    #[test]
    fn a_seal_stamped_over_the_forms_rules_is_found_apart_from_them() {
        let seal = ring(420.0, 260.0, 40.0, Rgb([210, 40, 45]));
        let rules = |x: u32, y: u32| {
            let rule = (268..271).contains(&y) || ((440..443).contains(&x) && y < 290);
            rule.then_some(FORM_BROWN)
        };
        let stamped = sheet(|x, y| seal(x, y).or_else(|| rules(x, y)));
        let found = marks(&stamped);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].width.abs_diff(80) <= 4 && found[0].height.abs_diff(80) <= 4,
            "{found:?}"
        );
        // The rules alone are no mark.
        assert!(marks(&sheet(rules)).is_empty());
    }

    #[test]
    fn a_licence_names_its_centred_mark_the_emblem_and_misses_the_seal() {
        // A landscape licence 1000 × 700 turned upside down: corners still clockwise
        // from the one nearest the top-left.
        let quad = Quad([(0.0, 0.0), (1000.0, 0.0), (1000.0, 700.0), (0.0, 700.0)]);
        let emblem = Region::from([450, 520, 100, 100]);
        let seal = Region::from([180, 80, 150, 150]);
        let (names, missing) = ExpectedMarks::EmblemAndSeal.name(&[emblem], &quad);
        assert_eq!((names, missing), (vec!["emblem"], vec!["seal"]));
        let (names, missing) = ExpectedMarks::EmblemAndSeal.name(&[seal], &quad);
        assert_eq!((names, missing), (vec!["seal"], vec!["emblem"]));
        let (names, missing) = ExpectedMarks::EmblemAndSeal.name(&[seal, emblem], &quad);
        assert_eq!(names, vec!["seal", "emblem"]);
        assert!(missing.is_empty());
    }

    #[test]
    fn a_licence_turned_sideways_is_judged_along_its_long_side() {
        let quad = Quad([(0.0, 0.0), (700.0, 0.0), (700.0, 1000.0), (0.0, 1000.0)]);
        let emblem = Region::from([520, 450, 100, 100]);
        let (names, _) = ExpectedMarks::EmblemAndSeal.name(&[emblem], &quad);
        assert_eq!(names, vec!["emblem"]);
    }

    #[test]
    fn only_a_known_type_misses_a_mark() {
        let quad = Quad([(0.0, 0.0), (1000.0, 0.0), (1000.0, 700.0), (0.0, 700.0)]);
        assert_eq!(ExpectedMarks::Unknown.name(&[], &quad), (vec![], vec![]));
        assert_eq!(
            ExpectedMarks::One("emblem").name(&[], &quad),
            (vec![], vec!["emblem"])
        );
    }
}
