//! A second look at lines the recogniser read with glyphs missing. PP-OCRv5 sometimes
//! drops a glyph from a clear line (`广州昌腾食品` read `州昌腾品`, `中国工商银行` read
//! `中国商银`), leaving a hole a glyph wide between two characters it did read. The same
//! line cut out with a margin, shrunk, and detected and read again comes back whole. The second reading replaces the
//! first only when it keeps every character of the first, in order, and adds some: a
//! second look may restore what was dropped, never change what was read.

use image::RgbImage;
use image::imageops::{FilterType, resize};

use unicode_normalization::UnicodeNormalization;

use super::dict::Decoded;
use super::postprocess::box_height;
use crate::ocr::{Corner, TextLine};

/// When a line is looked at again and how.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondLook {
    /// A hole: two characters read this many times the line's median character pitch
    /// apart. A dropped glyph leaves about twice the pitch (the recogniser's time steps
    /// round it: 5 steps for a 3-step pitch); characters of one word stand one pitch apart.
    pub hole_pitches: f32,
    /// Fewest pairs of wide characters a line needs for its median pitch to mean
    /// anything.
    pub min_pairs: usize,
    /// How much the line is shrunk for the second look: a coarser scale gives the
    /// recogniser an independent chance. Lines that lost glyphs in boxes 32–69 px high
    /// were read whole at 0.46–0.7 of their size, and still lost them at 0.95 and 1.
    pub shrink: f32,
    /// The smallest box height, in pixels, the line is shrunk to: below it glyphs lose
    /// their strokes.
    pub min_height: f32,
    /// Margin around the line's box, in box heights, so the detector sees the whole line.
    pub margin: f32,
    /// Most lines of one page looked at again: each costs a detection and a recognition
    /// on a small crop (tens of milliseconds).
    pub max_lines: usize,
}

impl Default for SecondLook {
    fn default() -> Self {
        SecondLook {
            hole_pitches: 1.5,
            min_pairs: 3,
            shrink: 0.6,
            min_height: 20.0,
            margin: 0.5,
            max_lines: 16,
        }
    }
}

/// Whether the reading has a hole where a glyph was dropped: two consecutive wide
/// characters (CJK, full-width marks) that stand `hole_pitches` times the median pitch
/// of wide pairs apart. Narrow characters (digits, Latin, `.`) are left out: they stand
/// closer, and a number that lost a digit is caught by its check digit or sums.
pub fn has_hole(decoded: &Decoded, params: &SecondLook) -> bool {
    let chars: Vec<char> = decoded.text.chars().collect();
    if chars.len() != decoded.steps.len() {
        return false;
    }
    let wide = |c: char| !c.is_ascii() && !c.is_whitespace();
    let gaps: Vec<usize> = (1..chars.len())
        .filter(|&k| wide(chars[k - 1]) && wide(chars[k]))
        .map(|k| decoded.steps[k].saturating_sub(decoded.steps[k - 1]))
        .collect();
    if gaps.len() < params.min_pairs {
        return false;
    }
    let mut sorted = gaps.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2].max(1) as f32;
    gaps.iter()
        .any(|&gap| gap as f32 >= params.hole_pitches * median)
}

/// The region to read again around a line's box `corners`: its bounds grown by the
/// margin, clamped to the image, as `(x, y, width, height)`, and the scale to shrink it by
/// (at most 1: a small line is not enlarged).
pub fn region(corners: &[Corner; 4], size: (u32, u32), params: &SecondLook) -> Option<Region> {
    let height = box_height(corners);
    if height < 1.0 {
        return None;
    }
    let xs = corners.map(|c| c[0]);
    let ys = corners.map(|c| c[1]);
    let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
    let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
    let margin = params.margin * height;
    let clamp = |v: f32, limit: u32| v.clamp(0.0, limit as f32) as u32;
    let (x0, y0) = (
        clamp(min(xs) - margin, size.0),
        clamp(min(ys) - margin, size.1),
    );
    let (x1, y1) = (
        clamp(max(xs) + margin, size.0),
        clamp(max(ys) + margin, size.1),
    );
    (x1 > x0 && y1 > y0).then(|| Region {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
        scale: params.shrink.max(params.min_height / height).min(1.0),
    })
}

/// Part of the image to read again, and by how much to shrink it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub scale: f32,
}

impl Region {
    /// The region cut out of `image` and shrunk by its scale.
    pub fn cut(&self, image: &RgbImage) -> RgbImage {
        let crop =
            image::imageops::crop_imm(image, self.x, self.y, self.width, self.height).to_image();
        if self.scale >= 1.0 {
            return crop;
        }
        let w = ((self.width as f32 * self.scale).round() as u32).max(1);
        let h = ((self.height as f32 * self.scale).round() as u32).max(1);
        resize(&crop, w, h, FilterType::Triangle)
    }

    /// A line read on the cut moved back into the image's pixels.
    pub fn to_image(&self, mut line: TextLine) -> TextLine {
        let (x, y, scale) = (self.x as f32, self.y as f32, self.scale);
        line.map_corners(|[cx, cy]| [cx / scale + x, cy / scale + y]);
        line
    }
}

/// Whether `second` keeps every character of `first`, in order, and adds at least one:
/// a reading that restores dropped glyphs and changes nothing else.
/// Characters are compared after NFKC (a full-width `）` read as `)` is the same mark).
pub fn only_adds(first: &str, second: &str) -> bool {
    let significant =
        |text: &str| -> Vec<char> { text.nfkc().filter(|c| !c.is_whitespace()).collect() };
    let (first, second) = (significant(first), significant(second));
    let mut rest = second.iter();
    second.len() > first.len() && first.iter().all(|c| rest.any(|s| s == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str, steps: &[usize]) -> Decoded {
        Decoded {
            text: text.to_string(),
            confidence: 0.9,
            steps: steps.to_vec(),
            step_width: 8.0,
        }
    }

    #[test]
    fn a_dropped_glyph_leaves_a_hole_of_two_pitches() {
        let params = SecondLook::default();
        let even = decoded("青岛博瑞实业", &[2, 6, 10, 14, 18, 22]);
        assert!(!has_hole(&even, &params));
        let dropped = decoded("岛博瑞实业", &[6, 10, 14, 18, 26]);
        assert!(has_hole(&dropped, &params));
        // A space the recogniser read is not a hole.
        let spaced = decoded("名 称南京", &[2, 6, 14, 18, 22]);
        assert!(!has_hole(&spaced, &params));
        // Digits stand closer than ideographs: a number among them makes no hole.
        let amount = decoded(
            "合计金额2987.18元整",
            &[2, 6, 10, 14, 17, 18, 19, 20, 21, 22, 23, 26, 30],
        );
        assert!(!has_hole(&amount, &params));
    }

    #[test]
    fn a_second_reading_counts_only_when_it_restores_glyphs() {
        assert!(only_adds("岛博瑞实业有限公司", "青岛博瑞实业有限公司"));
        assert!(only_adds("开户银：中国商银", "开户银行：中国工商银行"));
        assert!(only_adds("法定代表（单位负责）", "法定代表人（单位负责人)"));
        assert!(!only_adds("岛博瑞实业", "岛博瑞实业"), "nothing added");
        assert!(
            !only_adds("岛博瑞实业", "青鸟博瑞实业"),
            "a character changed"
        );
        assert!(!only_adds("岛博瑞实业", "博瑞实业有限"), "a character lost");
    }

    #[test]
    fn the_region_is_shrunk_to_the_target_height_and_maps_back() {
        let params = SecondLook::default();
        let corners = [
            [100.0, 200.0],
            [740.0, 200.0],
            [740.0, 264.0],
            [100.0, 264.0],
        ];
        let region = region(&corners, (2000, 1000), &params).unwrap();
        assert_eq!((region.x, region.y), (68, 168));
        assert_eq!(region.scale, 0.6);
        let image = RgbImage::new(2000, 1000);
        let cut = region.cut(&image);
        assert_eq!(cut.dimensions(), (422, 77));
        let line = TextLine {
            text: "x".into(),
            confidence: 1.0,
            quad: [[19.2, 19.2], [403.2, 19.2], [403.2, 57.6], [19.2, 57.6]],
            spans: Vec::new(),
        };
        let back = region.to_image(line).quad;
        for (got, want) in back.iter().flatten().zip(corners.iter().flatten()) {
            assert!((got - want).abs() < 1e-3, "{back:?}");
        }
        // A small line is shrunk no further than the least height.
        let small = [
            [100.0, 200.0],
            [300.0, 200.0],
            [300.0, 224.0],
            [100.0, 224.0],
        ];
        let region = super::region(&small, (2000, 1000), &params).unwrap();
        assert!((region.scale - 20.0 / 24.0).abs() < 1e-6);
    }
}
