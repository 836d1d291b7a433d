//! Capture defects with known places: blur, glare, things covering the document, creases,
//! greyscale copies, screen moiré. Sheet-space defects return the rectangle they touch so
//! the truth can carry it; photo-space ones act on the whole photo, or (glare) on a part of
//! the sheet mapped into it.

use image::imageops::{FilterType, resize};
use image::{Rgb, RgbImage, Rgba, RgbaImage};
use imageproc::geometric_transformations::Projection;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::canvas::overlay;
use super::geometry::Rect;

/// Defocus: down- then up-sampling by `factor` (≥ 3 makes 10-px print unreadable).
pub fn defocus(image: &RgbImage, factor: f32) -> RgbImage {
    let (w, h) = image.dimensions();
    let small = resize(
        image,
        ((w as f32 / factor) as u32).max(1),
        ((h as f32 / factor) as u32).max(1),
        FilterType::Triangle,
    );
    resize(&small, w, h, FilterType::Triangle)
}

/// Motion blur: the mean of `length` copies shifted along `angle`.
pub fn motion_blur(image: &RgbImage, length: u32, angle: f32) -> RgbImage {
    let (w, h) = image.dimensions();
    let (dx, dy) = (angle.cos(), angle.sin());
    let mut sum = vec![0u32; (w * h * 3) as usize];
    for k in 0..length {
        let t = k as f32 - length as f32 / 2.0;
        let (ox, oy) = ((t * dx).round() as i64, (t * dy).round() as i64);
        for y in 0..h {
            let sy = (y as i64 + oy).clamp(0, h as i64 - 1) as u32;
            for x in 0..w {
                let sx = (x as i64 + ox).clamp(0, w as i64 - 1) as u32;
                let p = image.get_pixel(sx, sy);
                let i = ((y * w + x) * 3) as usize;
                sum[i] += p[0] as u32;
                sum[i + 1] += p[1] as u32;
                sum[i + 2] += p[2] as u32;
            }
        }
    }
    RgbImage::from_fn(w, h, |x, y| {
        let i = ((y * w + x) * 3) as usize;
        Rgb([
            (sum[i] / length) as u8,
            (sum[i + 1] / length) as u8,
            (sum[i + 2] / length) as u8,
        ])
    })
}

/// A specular highlight: light reflected off the sheet straight into the lens, on top of the
/// diffuse light the photo already holds, so it shows on white paper as well as cream. The
/// ellipse inscribed in `spot` (sheet pixels) washes the photo out to white at its core;
/// `projection` maps the sheet into `photo`.
pub fn glare(photo: &mut RgbImage, projection: &Projection, spot: Rect) {
    let (width, height) = photo.dimensions();
    let Some([x0, y0, w, h]) = spot.project(projection, width, height) else {
        return;
    };
    expose_for_highlight(photo, [x0, y0, w, h]);
    let inverse = projection.invert();
    let (cx, cy) = spot.center();
    let (rx, ry) = (spot.w / 2.0, spot.h / 2.0);
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            let (u, v) = inverse * (x as f32 + 0.5, y as f32 + 0.5);
            let d = ((u - cx) / rx).powi(2) + ((v - cy) / ry).powi(2);
            if d < 1.0 {
                let strength = ((1.0 - d) * 1.8).min(1.0);
                let p = photo.get_pixel_mut(x, y);
                for c in 0..3 {
                    p[c] = (p[c] as f32 + (255.0 - p[c] as f32) * strength) as u8;
                }
            }
        }
    }
}

/// Brightest the paper under a glare may come out, grey level. A camera exposing for a
/// highlight in view darkens the rest of the picture; without it, paper the light already
/// took to the sensor's ceiling (254 under the spot of seed 5353's app-00256) would show
/// the glare as no change at all, and the truth would list a glare nobody can see.
const PAPER_BELOW_GLARE: f32 = 235.0;

/// Darkens the whole photo when the paper in `[x0, y0, w, h]` (photo pixels, the glare's
/// box) stands above [`PAPER_BELOW_GLARE`]: its median brightness, print being a minority
/// of a document's pixels, is brought down to it.
fn expose_for_highlight(photo: &mut RgbImage, [x0, y0, w, h]: [u32; 4]) {
    let mut brightness: Vec<u8> = (y0..y0 + h)
        .flat_map(|y| (x0..x0 + w).map(move |x| (x, y)))
        .map(|(x, y)| {
            let p = photo.get_pixel(x, y);
            (0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32) as u8
        })
        .collect();
    if brightness.is_empty() {
        return;
    }
    let middle = brightness.len() / 2;
    let paper = f32::from(*brightness.select_nth_unstable(middle).1);
    if paper <= PAPER_BELOW_GLARE {
        return;
    }
    let gain = PAPER_BELOW_GLARE / paper;
    for p in photo.pixels_mut() {
        for c in 0..3 {
            p[c] = (p[c] as f32 * gain) as u8;
        }
    }
}

/// What covers the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occluder {
    StickyNote,
    Finger,
}

/// Covers `target` with a sticky note or a finger. Returns the covered box.
pub fn occlude(sheet: &mut RgbImage, target: Rect, kind: Occluder, rng: &mut ChaCha8Rng) -> Rect {
    match kind {
        Occluder::StickyNote => {
            let colour =
                [[250, 232, 110], [250, 180, 190], [170, 230, 250]][rng.random_range(0..3)];
            let mut layer = RgbaImage::new(target.w as u32 + 12, target.h as u32 + 12);
            for (x, y, p) in layer.enumerate_pixels_mut() {
                let shadow = x >= 12 || y >= 12;
                let body = x < target.w as u32 && y < target.h as u32;
                *p = if body {
                    Rgba([colour[0], colour[1], colour[2], 255])
                } else if shadow {
                    Rgba([0, 0, 0, 60])
                } else {
                    Rgba([0, 0, 0, 0])
                };
            }
            overlay(sheet, &layer, target.x as i64, target.y as i64);
            target
        }
        Occluder::Finger => {
            // A finger enters from below: a capsule from the target up to its top edge.
            let (cx, top) = (target.x + target.w / 2.0, target.y);
            let radius = target.w.min(target.h * 1.5) / 2.0;
            let bottom = sheet.height() as f32;
            let skin = [
                [224.0, 172.0, 140.0],
                [198, 150, 120].map(|v| v as f32),
                [236.0, 192.0, 160.0],
            ][rng.random_range(0..3)];
            for y in (top.max(0.0) as u32)..sheet.height() {
                for x in
                    ((cx - radius).max(0.0) as u32)..(((cx + radius) as u32).min(sheet.width()))
                {
                    let dx = x as f32 - cx;
                    let dy = (y as f32 - (top + radius)).min(0.0);
                    let d = (dx * dx + dy * dy).sqrt() / radius;
                    if d <= 1.0 {
                        let shade = 1.0 - 0.25 * d * d;
                        sheet.put_pixel(x, y, Rgb(skin.map(|v| (v * shade) as u8)));
                    }
                }
            }
            Rect::new(cx - radius, top, 2.0 * radius, bottom - top)
        }
    }
}

/// Half-width of a crease's dark valley, and the outer edge of its bright ridge, sheet px.
const CREASE_VALLEY_PX: f32 = 2.0;
const CREASE_RIDGE_PX: f32 = 5.0;

/// A fold line from `a` to `b`: a bright ridge, a dark valley, and one side a little darker.
/// Returns the band it affects.
pub fn crease(sheet: &mut RgbImage, a: (f32, f32), b: (f32, f32)) -> Rect {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (nx, ny) = (-dy / length, dx / length);
    for (x, y, p) in sheet.enumerate_pixels_mut() {
        let d = (x as f32 - a.0) * nx + (y as f32 - a.1) * ny;
        let factor = if d.abs() < CREASE_VALLEY_PX {
            0.62
        } else if (CREASE_VALLEY_PX..CREASE_RIDGE_PX).contains(&d) {
            1.12
        } else if d < 0.0 {
            // The sheet bends away from the light on this side: a shading step.
            0.93
        } else {
            1.0
        };
        if (factor - 1.0f32).abs() > f32::EPSILON {
            for c in 0..3 {
                p[c] = (p[c] as f32 * factor).clamp(0.0, 255.0) as u8;
            }
        }
    }
    let band = 8.0;
    Rect::new(
        a.0.min(b.0) - band,
        a.1.min(b.1) - band,
        dx.abs() + 2.0 * band,
        dy.abs() + 2.0 * band,
    )
}

/// A black-and-white copy: grey, harder contrast.
pub fn greyscale_copy(image: &RgbImage) -> RgbImage {
    RgbImage::from_fn(image.width(), image.height(), |x, y| {
        let p = image.get_pixel(x, y);
        let l = 0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32;
        let v = ((l - 128.0) * 1.25 + 140.0).clamp(0.0, 255.0) as u8;
        Rgb([v, v, v])
    })
}

/// A photo of a screen: the sub-pixel grid (R, G, B columns) beating against the camera's
/// sensor gives coloured moiré bands.
pub fn rescreen(image: &mut RgbImage, rng: &mut ChaCha8Rng) {
    let period = rng.random_range(2.6..3.4f32);
    let (angle, beat): (f32, f32) = (rng.random_range(-0.3..0.3), rng.random_range(40.0..120.0));
    let (s, c) = angle.sin_cos();
    for (x, y, p) in image.enumerate_pixels_mut() {
        let u = x as f32 * c + y as f32 * s;
        let band = 0.82 + 0.18 * (std::f32::consts::TAU * u / beat).sin();
        for ch in 0..3 {
            let phase = std::f32::consts::TAU * (x as f32 / period - ch as f32 / 3.0);
            let sub = 0.85 + 0.15 * phase.cos();
            p[ch] = (p[ch] as f32 * band * sub).clamp(0.0, 255.0) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glare_on_paper_at_the_sensors_ceiling_still_shows() {
        let mut photo = RgbImage::from_pixel(200, 160, Rgb([254, 254, 254]));
        let spot = Rect::new(60.0, 40.0, 80.0, 60.0);
        glare(&mut photo, &Projection::scale(1.0, 1.0), spot);
        let core = photo.get_pixel(100, 70)[0];
        let paper = photo.get_pixel(10, 10)[0];
        assert!(core >= 250, "{core}");
        assert!(f32::from(paper) <= PAPER_BELOW_GLARE, "{paper}");
    }

    #[test]
    fn a_glare_on_paper_below_the_ceiling_leaves_its_exposure() {
        let mut photo = RgbImage::from_pixel(200, 160, Rgb([220, 218, 212]));
        glare(
            &mut photo,
            &Projection::scale(1.0, 1.0),
            Rect::new(60.0, 40.0, 80.0, 60.0),
        );
        assert_eq!(photo.get_pixel(10, 10), &Rgb([220, 218, 212]));
        assert!(photo.get_pixel(100, 70)[0] >= 250);
    }
}
