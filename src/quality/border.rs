//! `BORDER_INCOMPLETE`: part of the document lies outside the picture. The located document
//! runs into a side of the frame while background shows elsewhere (a scan or tight crop, with
//! no background at all, is not judged).
//!
//! A paper form may be wider than its print: a paper 专票 is torn from a sprocket-fed stack
//! whose hole strips and copy-name margin run past the printed form, and a phone framing
//! the form leaves that paper outside the picture. On such a document, when OCR has read
//! its lines, the border is judged on the print: the sheet running into a side is a cut
//! only where a line of text or one of the form's ruled lines reaches that side too.

use std::collections::BTreeMap;

use super::{DocumentLocation, QualityFinding, TextBox, Work};
use crate::documents::layout::union;
use crate::report::{FindingCode, Region, Severity};

#[derive(Debug, Clone)]
pub struct BorderParams {
    /// Smallest share of one side of the frame the document must run into. A document
    /// cut by the frame meets it along a long stretch; a corner grazing the frame meets it
    /// over a few pixels. 10% of a side sits between the two in the generated set.
    pub min_touch: f32,
    /// A line of text this close to a side, in its own heights, runs past it. The detector
    /// pads a text box by about a third of the line's height, and the box of a line the
    /// frame cuts is clipped at the frame: its gap is the levelling's rounding (0.14 of a
    /// line on generated invoices cut through their footer), while a whole line ends a
    /// padding away (0.27 for a real invoice's tax total printed near the frame).
    pub print_cut_gap: f32,
    /// How far into the picture, as a share of its size across the side, a ruled line must
    /// run unbroken from the side to count as the form's rule: more than a glyph's stroke
    /// (a glyph is about 2% of a photo's height), less than a table's column.
    pub rule_reach: f32,
    /// How much darker than the paper (the document's median grey) a rule's pixels are,
    /// and the paper on its flanks is not. A 3-px rule shrunk four or five times to the
    /// working copy keeps about a third of its contrast with the paper.
    pub rule_contrast: u8,
    /// How far past a side the document's fitted rectangle may run, as a share of the
    /// picture across it, before a side the outline reaches at all counts as cut however
    /// little of it the outline meets. Paper lit as bright as the desk beside it near the
    /// cut is taken for the desk, and the outline stops short of the frame but for a few
    /// rows (blind seed 3737: a licence running 7.7% past the right side, outline touching
    /// 1.9% of it). Of 1,677 generated uploads, no other reached a side this little.
    pub min_overhang: f32,
}

impl Default for BorderParams {
    fn default() -> Self {
        BorderParams {
            min_touch: 0.10,
            print_cut_gap: 0.2,
            rule_reach: 0.04,
            rule_contrast: 25,
            min_overhang: 0.03,
        }
    }
}

pub fn check(
    work: &Work,
    location: &DocumentLocation,
    print: Option<&[TextBox]>,
    params: &BorderParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let touch = location.touches.iter().copied().fold(0.0f32, f32::max);
    measures.insert("border_touch".into(), f64::from(touch));
    let overhang = overhang(location, work.full);
    let runs_past = |side: Side| {
        let (touch, overhang) = (location.touches[side as usize], overhang[side as usize]);
        touch >= params.min_touch || (touch > 0.0 && overhang >= params.min_overhang)
    };
    if !location.found || !Side::ALL.into_iter().any(runs_past) {
        return None;
    }
    if let Some(lines) = print {
        let body: Vec<&TextBox> = lines.iter().filter(|line| is_body(line)).collect();
        let span = body_bounds(lines).map(|[x0, y0, x1, y1]| {
            let region = Region {
                x: x0 as u32,
                y: y0 as u32,
                width: (x1 - x0) as u32,
                height: (y1 - y0) as u32,
            };
            work.from_full(region, 0)
        });
        let paper = paper_grey(work, location);
        let cut = Side::ALL
            .into_iter()
            .filter(|&side| runs_past(side))
            .any(|side| {
                line_reaches(&body, work.full, side, params)
                    || rule_reaches(work, location, span, paper, side, params)
            });
        measures.insert("border_print_cut".into(), f64::from(u8::from(cut)));
        if !cut {
            return None;
        }
    }
    let (x0, y0, x1, y1) = location.bbox;
    Some(QualityFinding::new(
        FindingCode::BorderIncomplete,
        Severity::Reupload,
        f64::from(touch),
        Some(work.to_full(x0, y0, x1, y1)),
    ))
}

/// How far the document's fitted rectangle runs past each side of the `(w, h)` picture
/// (top, right, bottom, left), as a share of the picture's size across that side.
fn overhang(location: &DocumentLocation, (w, h): (u32, u32)) -> [f32; 4] {
    let corners = location.quad.0;
    let (w, h) = (w.max(1) as f32, h.max(1) as f32);
    let least = |f: fn(&(f32, f32)) -> f32| corners.iter().map(f).fold(f32::INFINITY, f32::min);
    let most = |f: fn(&(f32, f32)) -> f32| corners.iter().map(f).fold(f32::NEG_INFINITY, f32::max);
    [
        -least(|c| c.1) / h,
        (most(|c| c.0) - w) / w,
        (most(|c| c.1) - h) / h,
        -least(|c| c.0) / w,
    ]
    .map(|share| share.max(0.0))
}

/// The bounds `[x0, y0, x1, y1]` in upload pixels of the print's body among `lines`: the
/// lines of several glyphs printed along the page.
pub fn body_bounds(lines: &[TextBox]) -> Option<[f32; 4]> {
    lines
        .iter()
        .filter(|line| is_body(line))
        .map(|line| {
            let r = line.region;
            [
                r.x as f32,
                r.y as f32,
                (r.x + r.width) as f32,
                (r.y + r.height) as f32,
            ]
        })
        .reduce(union)
}

/// Whether `line` is of the form's body: several glyphs printed along the page (a
/// sprocket strip's letters are read as lone glyphs; the copy name runs sideways).
fn is_body(line: &TextBox) -> bool {
    line.glyphs > 1 && !line.sideways
}

/// A side of the frame, numbered as [`DocumentLocation::touches`] lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Top = 0,
    Right = 1,
    Bottom = 2,
    Left = 3,
}

impl Side {
    const ALL: [Side; 4] = [Side::Top, Side::Right, Side::Bottom, Side::Left];

    /// Whether the side runs along the picture's width.
    fn horizontal(self) -> bool {
        matches!(self, Side::Top | Side::Bottom)
    }

    /// The pixel `along` the side and `depth` pixels in from it, in a `w × h` picture.
    fn pixel(self, along: u32, depth: u32, (w, h): (u32, u32)) -> (u32, u32) {
        match self {
            Side::Top => (along, depth),
            Side::Right => (w - 1 - depth, along),
            Side::Bottom => (along, h - 1 - depth),
            Side::Left => (depth, along),
        }
    }

    /// Pixels between `region` and this side of a `full`-sized picture.
    fn gap(self, region: &Region, (w, h): (u32, u32)) -> f32 {
        let gap = match self {
            Side::Top => i64::from(region.y),
            Side::Right => i64::from(w) - i64::from(region.x + region.width),
            Side::Bottom => i64::from(h) - i64::from(region.y + region.height),
            Side::Left => i64::from(region.x),
        };
        gap.max(0) as f32
    }
}

/// Whether a line of the print's body (several glyphs, printed along the page) runs past
/// `side`. Lone glyphs are left out (the letters and holes of a sprocket strip are read as
/// lone glyphs; a row the frame cuts keeps several), and so are lines printed sideways to
/// the page (the 专票's copy name down its right margin, the printer's imprint down its
/// left), which stand outside the form.
fn line_reaches(body: &[&TextBox], full: (u32, u32), side: Side, params: &BorderParams) -> bool {
    body.iter().any(|line| {
        let thickness = line.region.width.min(line.region.height) as f32;
        side.gap(&line.region, full) <= params.print_cut_gap * thickness
    })
}

/// Whether one of the form's ruled lines runs into `side`: a thin dark line across the
/// side, with paper on both its flanks, unbroken from the side for
/// [`BorderParams::rule_reach`] of the picture, within the stretch of the side the print's
/// body spans (the edges of the sheets stacked under a paper invoice cross the frame too,
/// but beyond its print). A table cut by the frame leaves its rules there even where no
/// text is read, such as a column cut away whole; a desk's grain taken into the document's
/// outline has no paper beside it.
fn rule_reaches(
    work: &Work,
    location: &DocumentLocation,
    span: Option<(u32, u32, u32, u32)>,
    paper: Option<u8>,
    side: Side,
    params: &BorderParams,
) -> bool {
    let size = (work.width(), work.height());
    let (length, across) = if side.horizontal() {
        size
    } else {
        (size.1, size.0)
    };
    let reach = (params.rule_reach * across as f32).ceil() as u32;
    let (Some((first, last)), Some(paper)) = (span.and_then(|b| along(b, side)), paper) else {
        return false;
    };
    if reach == 0 || reach > across || length <= 2 * RULE_FLANK {
        return false;
    }
    let grey = |along: u32, depth: u32| {
        let (x, y) = side.pixel(along, depth, size);
        location
            .contains(x, y)
            .then(|| work.grey.get_pixel(x, y).0[0])
    };
    let ink = |g: u8| g.saturating_add(params.rule_contrast) <= paper;
    let on_rule = |along: u32, depth: u32| {
        let flanks = [along - RULE_FLANK, along + RULE_FLANK];
        grey(along, depth).is_some_and(ink)
            && flanks
                .iter()
                .all(|&a| grey(a, depth).is_some_and(|g| !ink(g)))
    };
    let (first, last) = (first.max(RULE_FLANK + 1), last.min(length - RULE_FLANK - 2));
    (first..=last).any(|along| {
        (0..reach).all(|depth| {
            // A rule slanted by a few degrees drifts a pixel over the band.
            (along - 1..=along + 1).any(|a| on_rule(a, depth))
        })
    })
}

/// Working pixels from a rule's centre to the paper beside it: a 3-px rule shrunk four or
/// five times covers one or two.
const RULE_FLANK: u32 = 3;

/// The paper's grey: the median over the document, sampled.
fn paper_grey(work: &Work, location: &DocumentLocation) -> Option<u8> {
    let mut samples: Vec<u8> = location
        .paper_samples(work.width(), work.height())
        .map(|(x, y)| work.grey.get_pixel(x, y).0[0])
        .collect();
    let mid = samples.len() / 2;
    (!samples.is_empty()).then(|| *samples.select_nth_unstable(mid).1)
}

/// The stretch of `side`, first to last working pixel along it, that the box `(x0, y0,
/// x1, y1)` (end exclusive) spans.
fn along((x0, y0, x1, y1): (u32, u32, u32, u32), side: Side) -> Option<(u32, u32)> {
    let (a, b) = if side.horizontal() {
        (x0, x1)
    } else {
        (y0, y1)
    };
    (b > a).then(|| (a, b - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, Quad, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    fn card(x0: u32, x1: u32) -> RgbImage {
        RgbImage::from_fn(400, 300, |x, y| {
            if x >= x0 && x < x1 && (60..240).contains(&y) {
                Rgb([245, 244, 238])
            } else {
                Rgb([70, 72, 80])
            }
        })
    }

    fn run(image: &RgbImage) -> Option<QualityFinding> {
        judge(image, None)
    }

    fn judge(image: &RgbImage, print: Option<&[TextBox]>) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            &work,
            &location,
            print,
            &BorderParams::default(),
            &mut BTreeMap::new(),
        )
    }

    /// A sheet running past the right side of the picture (x from 150 on, rows 60–240),
    /// with a dark 2-px ruled line across it at row 150 from x = 180 to `rule_end`, and a
    /// closing rule down at `rule_end` when it ends inside the picture.
    fn form(rule_end: u32) -> RgbImage {
        let mut image = card(150, 400);
        for x in 180..rule_end {
            for y in 150..152 {
                image.put_pixel(x, y, Rgb([110, 110, 110]));
            }
        }
        if rule_end < 400 {
            for y in 80..220 {
                for x in rule_end - 2..rule_end {
                    image.put_pixel(x, y, Rgb([110, 110, 110]));
                }
            }
        }
        image
    }

    /// A line OCR read: `glyphs` characters in `[x0, y0, x1, y1)`.
    fn line([x0, y0, x1, y1]: [u32; 4], glyphs: usize) -> TextBox {
        TextBox {
            region: Region::from([x0, y0, x1 - x0, y1 - y0]),
            glyphs,
            sideways: y1 - y0 > x1 - x0,
        }
    }

    /// Rows of print well inside the sheet, above and below the rule.
    fn rows() -> Vec<TextBox> {
        vec![
            line([190, 90, 330, 104], 10),
            line([190, 200, 330, 214], 10),
        ]
    }

    #[test]
    fn a_form_whose_print_is_inside_the_frame_is_complete_though_its_paper_is_not() {
        let closed = form(360);
        assert!(run(&closed).is_some(), "the paper runs past the frame");
        assert_eq!(judge(&closed, Some(&rows())), None);
    }

    #[test]
    fn a_line_of_print_reaching_the_side_is_a_cut() {
        let mut lines = rows();
        lines.push(line([300, 120, 400, 134], 8));
        let finding = judge(&form(360), Some(&lines)).expect("cut");
        assert_eq!(finding.code, FindingCode::BorderIncomplete);
    }

    #[test]
    fn lone_glyphs_and_sideways_imprints_at_the_side_are_not_the_form() {
        let mut lines = rows();
        lines.push(line([386, 120, 400, 134], 1));
        lines.push(line([386, 80, 400, 220], 9));
        assert_eq!(judge(&form(360), Some(&lines)), None);
    }

    #[test]
    fn a_ruled_line_running_into_the_side_is_a_cut() {
        let finding = judge(&form(400), Some(&rows())).expect("cut");
        assert_eq!(finding.code, FindingCode::BorderIncomplete);
    }

    #[test]
    fn a_side_the_outline_barely_reaches_is_cut_when_the_document_runs_well_past_it() {
        // The cut card's outline made to meet the right side over 2% of it only, as when
        // the paper by the cut was taken for the desk.
        let image = card(150, 400);
        let work = Work::new(&image, &WorkParams::default());
        let mut location = locate(&work, &DocumentParams::default());
        location.touches = [0.0, 0.02, 0.0, 0.0];
        let judge = |location: &DocumentLocation| {
            let params = BorderParams::default();
            check(&work, location, None, &params, &mut BTreeMap::new())
        };
        // Its rectangle ends at the frame: a corner grazing it, complete.
        assert_eq!(judge(&location), None);
        // Its rectangle runs 10% past the frame: cut.
        location.quad = Quad([(150.0, 60.0), (440.0, 60.0), (440.0, 240.0), (150.0, 240.0)]);
        let finding = judge(&location).expect("cut");
        assert_eq!(finding.code, FindingCode::BorderIncomplete);
    }

    #[test]
    fn a_card_inside_the_frame_is_complete() {
        assert_eq!(run(&card(80, 320)), None);
    }

    #[test]
    fn a_card_cut_by_the_frame_is_incomplete() {
        let finding = run(&card(150, 400)).expect("cut");
        assert_eq!(finding.code, FindingCode::BorderIncomplete);
        assert_eq!(finding.severity, Severity::Reupload);
        let region = finding.region.unwrap();
        assert!(region.x >= 140 && region.x <= 160, "{region:?}");
    }
}
