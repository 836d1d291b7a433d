//! `RESCREEN`: a photo of a screen (or of a printed photo). A screen's sub-pixel grid beats
//! against the camera's sensor and leaves a fine periodic pattern (a period of two to five
//! pixels) over the whole picture, which paper never has. Tiles of the upload at full
//! resolution (the pattern does not survive shrinking) are taken from the document, and
//! the power spectrum of their rows and columns is searched for a narrow peak.

use std::collections::BTreeMap;

use image::{Rgb, RgbImage};

use super::work::luma;
use super::{DocumentLocation, QualityFinding, Work};
use crate::report::{FindingCode, Severity};

/// Tile side in upload pixels: the length of the transforms.
const TILE: usize = 64;

#[derive(Debug, Clone)]
pub struct RescreenParams {
    /// Tiles sampled per axis of the document's box (the tiles examined are at most the
    /// square of this): 4 × 4 covers the document and costs a few milliseconds.
    pub grid: u32,
    /// Periods searched for the screen pattern, upload pixels. Phone photos of screens
    /// show 2–5 px moiré; print and text have no narrow peak there.
    pub period: (f32, f32),
    /// Least ratio of the peak's power to the median power of the spectrum for a tile to
    /// be periodic. Text and paper stay below 6, screen patterns exceed 20.
    pub min_peak_ratio: f32,
    /// Share of the examined tiles that must be periodic: the pattern covers the picture.
    /// With brightness and red–blue both searched, 103 generated screen photos of sixteen
    /// seeds were periodic in 94–100% of their tiles; 1,756 other uploads in at most 44%
    /// (small photos of a licence, whose dotted frame falls into the outer tiles).
    pub min_share: f32,
    /// Fewest tiles to judge by.
    pub min_tiles: usize,
}

impl Default for RescreenParams {
    fn default() -> Self {
        RescreenParams {
            grid: 4,
            period: (2.1, 5.0),
            min_peak_ratio: 12.0,
            min_share: 0.7,
            min_tiles: 4,
        }
    }
}

pub fn check(
    image: &RgbImage,
    work: &Work,
    location: &DocumentLocation,
    params: &RescreenParams,
    measures: &mut BTreeMap<String, f64>,
) -> Option<QualityFinding> {
    let tiles = sample_tiles(work, location, params.grid);
    if tiles.len() < params.min_tiles {
        return None;
    }
    let basis = Basis::new();
    let k_lo = (TILE as f32 / params.period.1).ceil() as usize;
    let k_hi = ((TILE as f32 / params.period.0).floor() as usize).min(TILE / 2 - 1);
    let ratios: Vec<f32> = tiles
        .iter()
        .map(|&(x, y)| peak_ratio(image, x, y, &basis, k_lo, k_hi))
        .collect();
    let periodic = ratios
        .iter()
        .filter(|r| **r >= params.min_peak_ratio)
        .count();
    let share = periodic as f32 / ratios.len() as f32;
    measures.insert("screen_pattern_share".into(), f64::from(share));
    if share < params.min_share {
        return None;
    }
    let (x0, y0, x1, y1) = location.bbox;
    Some(QualityFinding::new(
        FindingCode::Rescreen,
        Severity::Reupload,
        f64::from(share),
        Some(work.to_full(x0, y0, x1, y1)),
    ))
}

/// Top-left corners (upload pixels) of up to `grid × grid` tiles on the document.
fn sample_tiles(work: &Work, location: &DocumentLocation, grid: u32) -> Vec<(u32, u32)> {
    let (x0, y0, x1, y1) = location.bbox;
    let f = work.factor;
    let t = TILE as u32;
    let mut out = Vec::new();
    for j in 0..grid {
        for i in 0..grid {
            // Centres at (i + ½)/grid of the box, in working pixels.
            let cx = x0 + (x1 - x0) * (2 * i + 1) / (2 * grid);
            let cy = y0 + (y1 - y0) * (2 * j + 1) / (2 * grid);
            let (fx, fy) = (
                (cx * f).saturating_sub(t / 2),
                (cy * f).saturating_sub(t / 2),
            );
            let fits = fx + t <= work.full.0 && fy + t <= work.full.1;
            let on_document = [(fx, fy), (fx + t - 1, fy + t - 1)]
                .iter()
                .all(|&(x, y)| location.contains(x / f, y / f));
            if fits && on_document {
                out.push((fx, fy));
            }
        }
    }
    out
}

/// Cosine and sine tables of the 64-point transform, with a Hann window folded in so a
/// period that does not divide 64 stays a narrow peak.
struct Basis {
    cos: Vec<[f32; TILE]>,
    sin: Vec<[f32; TILE]>,
}

impl Basis {
    fn new() -> Self {
        let table = |f: fn(f32) -> f32| {
            (0..=TILE / 2)
                .map(|k| {
                    std::array::from_fn(|n| {
                        let hann =
                            0.5 - 0.5 * (std::f32::consts::TAU * n as f32 / TILE as f32).cos();
                        hann * f(std::f32::consts::TAU * k as f32 * n as f32 / TILE as f32)
                    })
                })
                .collect()
        };
        Basis {
            cos: table(f32::cos),
            sin: table(f32::sin),
        }
    }
}

/// The tile's strongest frequency in `k_lo..=k_hi` over the median of the spectrum
/// (frequencies 4..32), rows and columns taken separately, in brightness and in the
/// red–blue difference. The screen's sub-pixels are red, green and blue stripes: where the
/// moiré's beat puts them in step, brightness shows the period; between, the stripes
/// cancel in brightness but not in colour (an invoice shot off a screen in blind seed 3737,
/// app-00029, was periodic in brightness in 4 of 16 tiles and in red–blue in all 16).
fn peak_ratio(image: &RgbImage, x0: u32, y0: u32, basis: &Basis, k_lo: usize, k_hi: usize) -> f32 {
    let brightness = |p: &Rgb<u8>| f32::from(luma(p));
    let red_blue = |p: &Rgb<u8>| f32::from(p[0]) - f32::from(p[2]);
    [
        channel_peak_ratio(image, x0, y0, basis, k_lo, k_hi, brightness),
        channel_peak_ratio(image, x0, y0, basis, k_lo, k_hi, red_blue),
    ]
    .into_iter()
    .fold(0.0, f32::max)
}

/// [`peak_ratio`] in one channel of the tile.
fn channel_peak_ratio(
    image: &RgbImage,
    x0: u32,
    y0: u32,
    basis: &Basis,
    k_lo: usize,
    k_hi: usize,
    channel: impl Fn(&Rgb<u8>) -> f32,
) -> f32 {
    let mut tile = [[0.0f32; TILE]; TILE];
    for (y, row) in tile.iter_mut().enumerate() {
        for (x, v) in row.iter_mut().enumerate() {
            *v = channel(image.get_pixel(x0 + x as u32, y0 + y as u32));
        }
    }
    let columns: Vec<[f32; TILE]> = (0..TILE)
        .map(|x| std::array::from_fn(|y| tile[y][x]))
        .collect();
    let along_rows = spectrum(tile.iter(), basis);
    let along_columns = spectrum(columns.iter(), basis);
    [along_rows, along_columns]
        .iter()
        .map(|power| {
            let mut reference: Vec<f32> = power[4..TILE / 2].to_vec();
            reference.sort_by(f32::total_cmp);
            let median = reference[reference.len() / 2].max(1e-3);
            let peak = power[k_lo..=k_hi].iter().copied().fold(0.0, f32::max);
            peak / median
        })
        .fold(0.0, f32::max)
}

/// The power at frequencies 0..=32 summed over the given signals (each mean-removed).
fn spectrum<'a>(signals: impl Iterator<Item = &'a [f32; TILE]>, basis: &Basis) -> Vec<f32> {
    let mut power = vec![0.0f32; TILE / 2 + 1];
    for signal in signals {
        let mean = signal.iter().sum::<f32>() / TILE as f32;
        for (k, p) in power.iter_mut().enumerate().skip(1) {
            let (mut re, mut im) = (0.0, 0.0);
            for ((v, c), s) in signal.iter().zip(&basis.cos[k]).zip(&basis.sin[k]) {
                re += (v - mean) * c;
                im += (v - mean) * s;
            }
            *p += re * re + im * im;
        }
    }
    power
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::quality::document::{DocumentParams, locate};
    use crate::quality::work::WorkParams;

    /// Paper with sensor-like noise (hashed, so no period) and a few ruled lines.
    fn paper() -> RgbImage {
        RgbImage::from_fn(600, 400, |x, y| {
            let hash = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77);
            let noise = (hash.wrapping_mul(0x2C1B_3C6D) >> 28) as u8;
            if y % 97 < 2 {
                Rgb([40, 40, 40])
            } else {
                Rgb([228 + noise, 226 + noise, 220 + noise])
            }
        })
    }

    /// The same with a sub-pixel grid of period 3 px, as a screen shows.
    pub(crate) fn screen(image: &RgbImage) -> RgbImage {
        RgbImage::from_fn(image.width(), image.height(), |x, y| {
            let p = image.get_pixel(x, y);
            Rgb(std::array::from_fn(|c| {
                let phase = std::f32::consts::TAU * (x as f32 / 3.0 - c as f32 / 3.0);
                (p[c] as f32 * (0.85 + 0.15 * phase.cos())) as u8
            }))
        })
    }

    /// Red and blue traded against each other every 3 px at constant brightness: where a
    /// moiré's beat makes the sub-pixel stripes cancel in brightness.
    fn colour_only_screen(image: &RgbImage) -> RgbImage {
        RgbImage::from_fn(image.width(), image.height(), |x, y| {
            let p = image.get_pixel(x, y);
            // +10 red and −26 blue leave luma (0.299 R + 0.587 G + 0.114 B) unchanged.
            let (red, blue) = match x % 3 {
                0 => (10, -26),
                1 => (-10, 26),
                _ => (0, 0),
            };
            let shift = |v: u8, by: i16| (i16::from(v) + by).clamp(0, 255) as u8;
            Rgb([shift(p[0], red), p[1], shift(p[2], blue)])
        })
    }

    fn judge(image: &RgbImage) -> Option<QualityFinding> {
        let work = Work::new(image, &WorkParams::default());
        let location = locate(&work, &DocumentParams::default());
        check(
            image,
            &work,
            &location,
            &RescreenParams::default(),
            &mut BTreeMap::new(),
        )
    }

    #[test]
    fn paper_has_no_screen_pattern() {
        assert_eq!(judge(&paper()), None);
    }

    #[test]
    fn a_screen_grid_in_colour_alone_is_a_rescreen() {
        let plain = paper();
        let image = colour_only_screen(&plain);
        let brightness_change = plain
            .pixels()
            .zip(image.pixels())
            .map(|(a, b)| luma(a).abs_diff(luma(b)))
            .max();
        assert!(
            brightness_change <= Some(1),
            "the stripes show in brightness: {brightness_change:?}"
        );
        let finding = judge(&image).expect("screen");
        assert_eq!(finding.code, FindingCode::Rescreen);
    }

    #[test]
    fn a_screen_grid_is_a_rescreen() {
        let finding = judge(&screen(&paper())).expect("screen");
        assert_eq!(finding.code, FindingCode::Rescreen);
    }
}
