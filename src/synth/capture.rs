//! Photographs a printed sheet: places it on a procedural desk with rotation (including
//! quarter turns), perspective, uneven light, sensor noise, and encodes a JPEG. Keeps the
//! sheet-to-photo projection so every truth region can be mapped into photo pixels.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use imageproc::geometric_transformations::Projection;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// How a photo is taken. Drawn at random by [`CaptureParams::random`], adjusted by scenarios.
#[derive(Debug, Clone)]
pub struct CaptureParams {
    /// Long side of the photo, pixels (1500–4000 for ordinary phone photos).
    pub long_side: u32,
    /// Fraction of the frame's short side the document spans.
    pub fill: f32,
    /// Small tilt, degrees.
    pub tilt_degrees: f32,
    /// Quarter turns of the document in the frame (0–3): photos taken sideways or upside down.
    pub quarter_turns: u8,
    /// Corner displacement as a fraction of the document size: perspective.
    pub perspective: f32,
    /// Shift of the document's centre as a fraction of the frame (BORDER_INCOMPLETE pushes it out).
    pub shift: (f32, f32),
    /// Strength of the light gradient and vignette (0 = flat light).
    pub light_unevenness: f32,
    /// Sensor noise standard deviation, grey levels.
    pub noise_sigma: f32,
    pub jpeg_quality: u8,
}

impl CaptureParams {
    pub fn random(rng: &mut ChaCha8Rng) -> Self {
        let quarter_turns = match rng.random_range(0..100) {
            0..=84 => 0,
            85..=91 => 1,
            92..=96 => 2,
            _ => 3,
        };
        CaptureParams {
            long_side: rng.random_range(1500..=4000),
            fill: rng.random_range(0.62..0.86),
            tilt_degrees: rng.random_range(-6.0..6.0),
            quarter_turns,
            perspective: rng.random_range(0.0..0.035),
            shift: (rng.random_range(-0.04..0.04), rng.random_range(-0.04..0.04)),
            light_unevenness: rng.random_range(0.05..0.25),
            noise_sigma: rng.random_range(1.0..4.0),
            jpeg_quality: rng.random_range(80..=94),
        }
    }
}

/// A photo and the projection from sheet pixels to photo pixels.
pub struct Photo {
    pub image: RgbImage,
    pub projection: Projection,
}

/// Places `sheet` in a photo per `params`.
pub fn photograph(sheet: &RgbImage, params: &CaptureParams, rng: &mut ChaCha8Rng) -> Photo {
    let (sw, sh) = (sheet.width() as f32, sheet.height() as f32);
    let sideways = params.quarter_turns % 2 == 1;
    let (dw, dh) = if sideways { (sh, sw) } else { (sw, sh) };
    let landscape = dw >= dh;
    let long = params.long_side as f32;
    let short = (long * 0.75).round();
    let (fw, fh) = if landscape {
        (long, short)
    } else {
        (short, long)
    };
    let scale = params.fill * (fw / dw).min(fh / dh);
    let centre = (
        fw / 2.0 + params.shift.0 * fw,
        fh / 2.0 + params.shift.1 * fh,
    );
    let angle = (params.quarter_turns as f32 * 90.0 + params.tilt_degrees).to_radians();
    let (sin, cos) = angle.sin_cos();
    let corners = [(0.0, 0.0), (sw, 0.0), (sw, sh), (0.0, sh)];
    let jitter = params.perspective * sw.max(sh) * scale;
    let destination: Vec<(f32, f32)> = corners
        .iter()
        .map(|(x, y)| {
            let (cx, cy) = ((x - sw / 2.0) * scale, (y - sh / 2.0) * scale);
            (
                centre.0 + cx * cos - cy * sin + rng.random_range(-1.0..=1.0) * jitter,
                centre.1 + cx * sin + cy * cos + rng.random_range(-1.0..=1.0) * jitter,
            )
        })
        .collect();
    let projection = Projection::from_control_points(
        corners,
        [
            destination[0],
            destination[1],
            destination[2],
            destination[3],
        ],
    )
    .expect("a non-degenerate quadrilateral");

    let (width, height) = (fw as u32, fh as u32);
    let mut image = desk(width, height, rng);
    paste_warped(&mut image, sheet, &projection, &destination);
    light(&mut image, params.light_unevenness, rng);
    noise(&mut image, params.noise_sigma, rng);
    Photo { image, projection }
}

/// Warps `sheet` through `projection` onto `image`, only inside the destination's bounds:
/// each photo pixel is mapped back onto the sheet and sampled bilinearly.
fn paste_warped(
    image: &mut RgbImage,
    sheet: &RgbImage,
    projection: &Projection,
    destination: &[(f32, f32)],
) {
    let x0 = destination
        .iter()
        .map(|p| p.0)
        .fold(f32::INFINITY, f32::min)
        .floor()
        .max(0.0) as u32;
    let y0 = destination
        .iter()
        .map(|p| p.1)
        .fold(f32::INFINITY, f32::min)
        .floor()
        .max(0.0) as u32;
    let x1 = (destination
        .iter()
        .map(|p| p.0)
        .fold(f32::NEG_INFINITY, f32::max)
        .ceil()
        .max(0.0) as u32)
        .min(image.width());
    let y1 = (destination
        .iter()
        .map(|p| p.1)
        .fold(f32::NEG_INFINITY, f32::max)
        .ceil()
        .max(0.0) as u32)
        .min(image.height());
    let inverse = projection.invert();
    let (sw, sh) = (sheet.width() as f32, sheet.height() as f32);
    let stride = sheet.width() as usize * 3;
    let pixels = sheet.as_raw();
    for y in y0..y1 {
        for x in x0..x1 {
            let (u, v) = inverse * (x as f32 + 0.5, y as f32 + 0.5);
            let (u, v) = (u - 0.5, v - 0.5);
            if u < -0.5 || v < -0.5 || u > sw - 0.5 || v > sh - 0.5 {
                continue;
            }
            let (u, v) = (u.clamp(0.0, sw - 1.001), v.clamp(0.0, sh - 1.001));
            let (iu, iv) = (u as usize, v as usize);
            let (fu, fv) = (u - iu as f32, v - iv as f32);
            let at = iv * stride + iu * 3;
            let out = image.get_pixel_mut(x, y);
            for c in 0..3 {
                let top = pixels[at + c] as f32 * (1.0 - fu) + pixels[at + 3 + c] as f32 * fu;
                let bottom = pixels[at + stride + c] as f32 * (1.0 - fu)
                    + pixels[at + stride + 3 + c] as f32 * fu;
                out[c] = (top * (1.0 - fv) + bottom * fv) as u8;
            }
        }
    }
}

/// A desk or table: a base colour, slow variation and a little grain. The pattern is a sum
/// of a column wave and a row wave, so it costs two table look-ups a pixel.
fn desk(width: u32, height: u32, rng: &mut ChaCha8Rng) -> RgbImage {
    const SURFACES: [[f32; 3]; 5] = [
        [120.0, 86.0, 60.0],
        [150.0, 150.0, 152.0],
        [210.0, 205.0, 196.0],
        [70.0, 72.0, 80.0],
        [168.0, 128.0, 92.0],
    ];
    let base = SURFACES[rng.random_range(0..SURFACES.len())];
    let (fx, fy, phase) = (
        rng.random_range(0.002..0.01f32),
        rng.random_range(0.01..0.05f32),
        rng.random_range(0.0..std::f32::consts::TAU),
    );
    let columns: Vec<f32> = (0..width)
        .map(|x| (x as f32 * fx + phase).sin() * 5.0)
        .collect();
    let rows: Vec<f32> = (0..height).map(|y| (y as f32 * fy).sin() * 5.0).collect();
    RgbImage::from_fn(width, height, |x, y| {
        let grain = columns[x as usize] + rows[y as usize];
        Rgb([
            (base[0] + grain).clamp(0.0, 255.0) as u8,
            (base[1] + grain * 0.8).clamp(0.0, 255.0) as u8,
            (base[2] + grain * 0.6).clamp(0.0, 255.0) as u8,
        ])
    })
}

/// Uneven light: a linear gradient in a random direction times a vignette.
fn light(image: &mut RgbImage, unevenness: f32, rng: &mut ChaCha8Rng) {
    let (w, h) = (image.width() as f32, image.height() as f32);
    let direction: f32 = rng.random_range(0.0..std::f32::consts::TAU);
    let (dx, dy) = (direction.cos(), direction.sin());
    for (x, y, p) in image.enumerate_pixels_mut() {
        let (u, v) = (x as f32 / w - 0.5, y as f32 / h - 0.5);
        let gradient = 1.0 + unevenness * (u * dx + v * dy);
        let vignette = 1.0 - unevenness * 0.8 * (u * u + v * v);
        let f = gradient * vignette;
        for c in 0..3 {
            p[c] = (p[c] as f32 * f).clamp(0.0, 255.0) as u8;
        }
    }
}

/// Sensor noise from a precomputed table of Gaussian samples, indexed by a pixel hash:
/// deterministic and far cheaper than drawing 36 million samples.
fn noise(image: &mut RgbImage, sigma: f32, rng: &mut ChaCha8Rng) {
    const TABLE: usize = 1 << 16;
    let table: Vec<f32> = (0..TABLE)
        .map(|_| {
            let (u1, u2): (f32, f32) = (rng.random_range(1e-6..1.0), rng.random_range(0.0..1.0));
            (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos() * sigma
        })
        .collect();
    let salt: u32 = rng.random();
    for (x, y, p) in image.enumerate_pixels_mut() {
        let mut hash = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ salt;
        for c in 0..3 {
            hash ^= hash >> 15;
            hash = hash.wrapping_mul(0x2C1B_3C6D);
            let n = table[(hash as usize) & (TABLE - 1)];
            p[c] = (p[c] as f32 + n).clamp(0.0, 255.0) as u8;
        }
    }
}

pub fn encode_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(Cursor::new(&mut bytes), quality)
        .encode_image(image)
        .expect("encoding to memory succeeds");
    bytes
}
