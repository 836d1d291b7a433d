//! `BLUR`: defocus and motion blur, judged where the print is. The working copy is cut into
//! tiles; tiles on the document with enough contrast to hold print are kept, and in each
//! the steepest step between neighbours (along four directions) is divided by the tile's
//! contrast. A sharp edge climbs its contrast in a pixel or two (ratio near 1), a blurred
//! one over many. Motion blur softens only the edges across its direction, so the
//! sharpness is the weakest direction's median over the print tiles.

use std::collections::BTreeMap;

use image::GrayImage;

use super::{DocumentLocation, QualityFinding, QualityReport, Work};
use crate::report::{FindingCode, Severity};

#[derive(Debug, Clone)]
pub struct BlurParams {
    /// Tile side, working pixels: a few characters of ordinary print at 1024 px.
    pub tile: u32,
    /// Least contrast (95th minus 5th percentile of grey) for a tile to hold print; paper,
    /// shading and JPEG noise stay below 60 levels.
    pub min_contrast: u8,
    /// Fewest print tiles to judge; fewer and the photo shows no print to judge by.
    pub min_tiles: usize,
    /// Below this sharpness (steepest neighbour step over contrast) the photo is blurred.
    /// Sharp generated photos measure 0.6 or more at 1024 px; defocused and smeared ones
    /// 0.33 or less (generated set, seed 5101): the threshold sits between.
    pub min_sharpness: f32,
}

impl Default for BlurParams {
    fn default() -> Self {
        BlurParams {
            tile: 32,
            min_contrast: 60,
            min_tiles: 6,
            min_sharpness: 0.45,
        }
    }
}

pub fn check(
    work: &Work,
    location: &DocumentLocation,
    params: &BlurParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let sharpness = sharpness(&work.grey, location, params)?;
    measures.insert("sharpness".into(), f64::from(sharpness));
    if sharpness >= params.min_sharpness {
        return None;
    }
    let (x0, y0, x1, y1) = location.bbox;
    Some(QualityFinding::new(
        FindingCode::Blur,
        Severity::Reupload,
        f64::from(sharpness),
        Some(work.to_full(x0, y0, x1, y1)),
    ))
}

/// The check again once OCR has tried the upload: a document on which no tile held
/// print sharp enough to measure and on which OCR read nothing at all is blurred past
/// reading (a 1665-px photo of an invoice smeared by motion, blind seed 6161: its print
/// spread below the contrast a print tile needs). Not on a photo of a screen, whose moiré
/// keeps the sharpness from being measured (`RESCREEN` says so), nor when OCR did not
/// run.
pub fn check_after_reading(report: &mut QualityReport, nothing_read: bool) {
    let judged = report.measures.contains_key("sharpness")
        || report
            .findings
            .iter()
            .any(|f| matches!(f.code, FindingCode::Blur | FindingCode::Rescreen));
    if judged || !nothing_read || report.document.is_none() {
        return;
    }
    let mut finding = QualityFinding::new(
        FindingCode::Blur,
        Severity::Reupload,
        0.0,
        report.document_region,
    );
    // Nothing measured and nothing read: a blank sheet or a wall reads the same way.
    finding.message_zh = NOTHING_READ_ZH.to_string();
    finding.message_en = NOTHING_READ_EN.to_string();
    report.findings.push(finding);
}

/// What the supplier is told when OCR read nothing on an upload too smeared to measure.
const NOTHING_READ_ZH: &str = "未能识别到任何文字：照片模糊或未拍到证件，请对准证件对焦后重新拍摄";
const NOTHING_READ_EN: &str = "No text could be read: the photo is blurred or shows no document; point the phone at the document, focus and retake it";

/// The four neighbour steps: right, down, down-right, down-left; diagonal steps are √2 long.
const DIRECTIONS: [(i32, i32, f32); 4] = [
    (1, 0, 1.0),
    (0, 1, 1.0),
    (1, 1, std::f32::consts::SQRT_2),
    (-1, 1, std::f32::consts::SQRT_2),
];

/// The weakest direction's median sharpness over the print tiles on the document; `None`
/// when there are too few print tiles.
pub fn sharpness(
    grey: &GrayImage,
    location: &DocumentLocation,
    params: &BlurParams,
) -> Option<f32> {
    let t = params.tile.max(4);
    let (w, h) = grey.dimensions();
    let mut per_direction: [Vec<f32>; 4] = Default::default();
    for ty in 0..h / t {
        for tx in 0..w / t {
            let (x0, y0) = (tx * t, ty * t);
            let corners = [
                (x0, y0),
                (x0 + t - 1, y0),
                (x0, y0 + t - 1),
                (x0 + t - 1, y0 + t - 1),
            ];
            if !corners.iter().all(|&(x, y)| location.contains(x, y)) {
                continue;
            }
            if let Some(steps) = tile_steps(grey, x0, y0, t, params.min_contrast) {
                for (list, s) in per_direction.iter_mut().zip(steps) {
                    list.push(s);
                }
            }
        }
    }
    if per_direction[0].len() < params.min_tiles {
        return None;
    }
    per_direction
        .iter_mut()
        .map(|list| median(list))
        .min_by(f32::total_cmp)
}

/// For a tile with print, the 99th-percentile neighbour step along each direction, over the
/// tile's contrast.
fn tile_steps(grey: &GrayImage, x0: u32, y0: u32, t: u32, min_contrast: u8) -> Option<[f32; 4]> {
    let mut hist = [0u32; 256];
    for y in y0..y0 + t {
        for x in x0..x0 + t {
            hist[grey.get_pixel(x, y)[0] as usize] += 1;
        }
    }
    let n = t * t;
    let contrast = percentile(&hist, n, 0.95) as f32 - percentile(&hist, n, 0.05) as f32;
    if contrast < f32::from(min_contrast) {
        return None;
    }
    let mut out = [0.0f32; 4];
    for (slot, &(dx, dy, length)) in out.iter_mut().zip(DIRECTIONS.iter()) {
        let mut steps = [0u32; 256];
        let mut count = 0;
        for y in y0..y0 + t - 1 {
            for x in x0 + 1..x0 + t - 1 {
                let (nx, ny) = ((x as i32 + dx) as u32, (y as i32 + dy) as u32);
                let a = grey.get_pixel(x, y)[0] as i32;
                let b = grey.get_pixel(nx, ny)[0] as i32;
                steps[(a - b).unsigned_abs() as usize] += 1;
                count += 1;
            }
        }
        *slot = percentile(&steps, count, 0.99) as f32 / length / contrast;
    }
    Some(out)
}

/// The smallest value with at least `q` of `n` counts at or below it.
fn percentile(hist: &[u32; 256], n: u32, q: f32) -> u8 {
    let wanted = (n as f32 * q).ceil() as u32;
    let mut seen = 0;
    for (v, c) in hist.iter().enumerate() {
        seen += c;
        if seen >= wanted {
            return v as u8;
        }
    }
    255
}

fn median(values: &mut [f32]) -> f32 {
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};
    use imageproc::filter::gaussian_blur_f32;

    /// A page of "print": dark strokes of several widths on paper, filling the picture.
    fn page() -> RgbImage {
        RgbImage::from_fn(320, 320, |x, y| {
            let stroke = (x % 13 < 2 && y % 20 < 14) || (y % 20 < 2 && x % 13 < 9);
            if stroke {
                Rgb([25, 25, 30])
            } else {
                Rgb([240, 238, 232])
            }
        })
    }

    fn judge(image: &RgbImage) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            &work,
            &location,
            &BlurParams::default(),
            &mut BTreeMap::new(),
        )
    }

    fn motion(image: &RgbImage, length: u32) -> RgbImage {
        RgbImage::from_fn(image.width(), image.height(), |x, y| {
            let mut sum = [0u32; 3];
            for k in 0..length {
                let sx = (x + k).min(image.width() - 1);
                let p = image.get_pixel(sx, y);
                for c in 0..3 {
                    sum[c] += p[c] as u32;
                }
            }
            Rgb(sum.map(|s| (s / length) as u8))
        })
    }

    #[test]
    fn sharp_print_passes() {
        assert_eq!(judge(&page()), None);
    }

    #[test]
    fn defocused_print_is_blurred() {
        let blurred = gaussian_blur_f32(&page(), 2.5);
        let finding = judge(&blurred).expect("blurred");
        assert_eq!(finding.code, FindingCode::Blur);
        assert!(finding.score < 0.45);
    }

    #[test]
    fn horizontal_motion_blur_is_caught_though_vertical_edges_stay_sharp() {
        let finding = judge(&motion(&page(), 9)).expect("smeared");
        assert_eq!(finding.code, FindingCode::Blur);
    }

    #[test]
    fn a_document_too_smeared_to_measure_is_blurred_when_ocr_read_nothing_on_it() {
        let smeared = gaussian_blur_f32(&page(), 12.0);
        let work = Work::new(&smeared, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        let mut report = QualityReport {
            findings: check(
                &work,
                &location,
                &BlurParams::default(),
                &mut BTreeMap::new(),
            )
            .into_iter()
            .collect(),
            document: Some(location),
            ..QualityReport::default()
        };
        assert!(report.findings.is_empty(), "no print tile to judge by");
        let revised = |mut report: QualityReport, nothing_read: bool| {
            check_after_reading(&mut report, nothing_read);
            report.findings.iter().map(|f| f.code).collect::<Vec<_>>()
        };
        assert_eq!(revised(report.clone(), true), [FindingCode::Blur]);
        let mut told = report.clone();
        check_after_reading(&mut told, true);
        assert!(
            told.findings[0]
                .message_en
                .starts_with("No text could be read")
        );
        assert!(revised(report.clone(), false).is_empty());
        // A screen's moiré, not blur, kept the sharpness from being measured.
        report.findings.push(QualityFinding::new(
            FindingCode::Rescreen,
            Severity::Reupload,
            1.0,
            None,
        ));
        assert_eq!(revised(report, true), [FindingCode::Rescreen]);
    }

    #[test]
    fn blank_paper_is_not_judged() {
        let blank = RgbImage::from_pixel(320, 320, Rgb([240, 238, 232]));
        assert_eq!(judge(&blank), None);
    }
}
