//! A document sheet to print on: text with measured boxes, spaced labels, wrapped
//! paragraphs, rules, red seals with ring text, emblems and QR codes. Every printed value
//! can be recorded as a named region in sheet pixels for the ground truth.

use std::collections::BTreeMap;

use ab_glyph::{Font, PxScale, ScaleFont};
use image::{Rgb, RgbImage, Rgba, RgbaImage};
use imageproc::drawing::{
    draw_filled_rect_mut, draw_hollow_rect_mut, draw_line_segment_mut, draw_text_mut,
};
use imageproc::rect::Rect as IRect;

use super::fonts::{FontKind, Fonts};
use super::geometry::Rect;

pub const INK: Rgb<u8> = Rgb([28, 28, 32]);
pub const SEAL_RED: Rgb<u8> = Rgb([214, 38, 48]);

/// How text is printed: size in pixels, face and colour.
#[derive(Debug, Clone, Copy)]
pub struct Pen {
    pub size: f32,
    pub kind: FontKind,
    pub color: Rgb<u8>,
}

impl Pen {
    pub fn new(size: f32, kind: FontKind, color: Rgb<u8>) -> Self {
        Pen { size, kind, color }
    }
}

/// A sheet being printed.
pub struct Canvas<'f> {
    pub image: RgbImage,
    fonts: &'f Fonts,
    /// Named regions (field keys, `seal`, `qr`, `emblem`, `photo`) in sheet pixels.
    pub regions: BTreeMap<String, Rect>,
}

impl<'f> Canvas<'f> {
    pub fn new(width: u32, height: u32, paper: Rgb<u8>, fonts: &'f Fonts) -> Self {
        Canvas {
            image: RgbImage::from_pixel(width, height, paper),
            fonts,
            regions: BTreeMap::new(),
        }
    }

    pub fn width(&self) -> u32 {
        self.image.width()
    }

    pub fn height(&self) -> u32 {
        self.image.height()
    }

    /// The advance width of `text` at `size` pixels.
    pub fn measure(&self, kind: FontKind, size: f32, text: &str) -> f32 {
        let font = self.fonts.get(kind).as_scaled(PxScale::from(size));
        text.chars().map(|c| font.h_advance(font.glyph_id(c))).sum()
    }

    /// Prints `text` with its top-left at `(x, y)`; returns its box (line height = size).
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        kind: FontKind,
        color: Rgb<u8>,
        text: &str,
    ) -> Rect {
        draw_text_mut(
            &mut self.image,
            color,
            x.round() as i32,
            y.round() as i32,
            PxScale::from(size),
            self.fonts.get(kind),
            text,
        );
        Rect::new(x, y, self.measure(kind, size, text), size * 1.15)
    }

    /// Prints `text` centred on `cx`.
    pub fn text_centered(
        &mut self,
        cx: f32,
        y: f32,
        size: f32,
        kind: FontKind,
        color: Rgb<u8>,
        text: &str,
    ) -> Rect {
        let width = self.measure(kind, size, text);
        self.text(cx - width / 2.0, y, size, kind, color, text)
    }

    /// Prints a label with its characters spread evenly over `width` (`名　　称`).
    pub fn spaced(&mut self, x: f32, y: f32, width: f32, pen: Pen, label: &str) -> Rect {
        let Pen { size, kind, color } = pen;
        let chars: Vec<char> = label.chars().collect();
        if chars.len() < 2 {
            return self.text(x, y, size, kind, color, label);
        }
        let step = (width - size) / (chars.len() - 1) as f32;
        for (i, c) in chars.iter().enumerate() {
            self.text(x + i as f32 * step, y, size, kind, color, &c.to_string());
        }
        Rect::new(x, y, width, size * 1.15)
    }

    /// Prints `text` wrapped to `width`, at most `max_lines` lines; returns the box.
    pub fn paragraph(
        &mut self,
        (x, y): (f32, f32),
        width: f32,
        line_gap: f32,
        pen: Pen,
        text: &str,
        max_lines: usize,
    ) -> Rect {
        let Pen { size, kind, color } = pen;
        let lines = self.wrap(width, size, kind, text, max_lines);
        let mut bounds: Option<Rect> = None;
        for (i, line) in lines.iter().enumerate() {
            let r = self.text(x, y + i as f32 * (size + line_gap), size, kind, color, line);
            bounds = Some(bounds.map_or(r, |b| b.union(&r)));
        }
        bounds.unwrap_or(Rect::new(x, y, 0.0, 0.0))
    }

    /// The text that `paragraph` would print for these arguments, lines joined.
    pub fn wrapped_text(
        &self,
        width: f32,
        size: f32,
        kind: FontKind,
        text: &str,
        max_lines: usize,
    ) -> String {
        self.wrap(width, size, kind, text, max_lines).concat()
    }

    /// Breaks `text` into lines no wider than `width`, at most `max_lines` (the rest is cut).
    /// As Chinese typesetting does, a closing punctuation mark never starts a line: it
    /// hangs past the width at the end of the line before (a lone `。` on a line of its own
    /// would also be too small for any text detector to find).
    fn wrap(
        &self,
        width: f32,
        size: f32,
        kind: FontKind,
        text: &str,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines: Vec<String> = vec![String::new()];
        for c in text.chars() {
            let current = lines.last_mut().expect("at least one line");
            let candidate = format!("{current}{c}");
            let hangs = LINE_START_PROHIBITED.contains(c);
            if self.measure(kind, size, &candidate) > width && !current.is_empty() && !hangs {
                if lines.len() == max_lines {
                    break;
                }
                lines.push(c.to_string());
            } else {
                *current = candidate;
            }
        }
        lines
    }

    pub fn record(&mut self, key: &str, rect: Rect) {
        self.regions.insert(key.to_string(), rect);
    }

    pub fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, color: Rgb<u8>, thickness: u32) {
        let horizontal = (y1 - y0).abs() < (x1 - x0).abs();
        for t in 0..thickness {
            let o = t as f32 - thickness as f32 / 2.0;
            if horizontal {
                draw_line_segment_mut(&mut self.image, (x0, y0 + o), (x1, y1 + o), color);
            } else {
                draw_line_segment_mut(&mut self.image, (x0 + o, y0), (x1 + o, y1), color);
            }
        }
    }

    pub fn frame(&mut self, rect: Rect, color: Rgb<u8>, thickness: u32) {
        for t in 0..thickness {
            let r = IRect::at(rect.x as i32 + t as i32, rect.y as i32 + t as i32).of_size(
                (rect.w as u32).saturating_sub(2 * t).max(1),
                (rect.h as u32).saturating_sub(2 * t).max(1),
            );
            draw_hollow_rect_mut(&mut self.image, r, color);
        }
    }

    pub fn fill(&mut self, rect: Rect, color: Rgb<u8>) {
        if rect.w >= 1.0 && rect.h >= 1.0 {
            let r = IRect::at(rect.x as i32, rect.y as i32).of_size(rect.w as u32, rect.h as u32);
            draw_filled_rect_mut(&mut self.image, r, color);
        }
    }

    /// A red seal: ring, five-pointed star, `ring_text` along the upper arc and
    /// `centre_text` below the star. Printed with multiply blending, so text under it
    /// stays visible as on a real stamped document. Returns its box.
    pub fn seal(
        &mut self,
        (cx, cy): (f32, f32),
        (rx, ry): (f32, f32),
        ring_text: &str,
        centre_text: &str,
        star: bool,
    ) -> Rect {
        let size = (rx.min(ry) * 2.0).ceil() as u32 + 4;
        let w = (rx * 2.0).ceil() as u32 + 8;
        let h = (ry * 2.0).ceil() as u32 + 8;
        let mut stamp = RgbaImage::new(w, h);
        let (scx, scy) = (w as f32 / 2.0, h as f32 / 2.0);
        let red = Rgba([SEAL_RED[0], SEAL_RED[1], SEAL_RED[2], 255]);
        let border = rx.min(ry) * 0.06;
        for (x, y, p) in stamp.enumerate_pixels_mut() {
            let dx = (x as f32 - scx) / rx;
            let dy = (y as f32 - scy) / ry;
            let d = (dx * dx + dy * dy).sqrt();
            let inner = 1.0 - border / rx.min(ry);
            if d <= 1.0 && d >= inner {
                *p = red;
            }
        }
        if star {
            draw_star(&mut stamp, scx, scy, rx.min(ry) * 0.28, red);
        }
        // Ring text over the upper ~240°, each glyph rotated to face outwards.
        let glyph_size = rx.min(ry) * 0.26;
        let chars: Vec<char> = ring_text.chars().collect();
        let span = std::f32::consts::PI * 1.35;
        for (i, c) in chars.iter().enumerate() {
            let t = if chars.len() > 1 {
                i as f32 / (chars.len() - 1) as f32
            } else {
                0.5
            };
            let angle = -std::f32::consts::FRAC_PI_2 - span / 2.0 + t * span;
            let (gx, gy) = (
                scx + (rx - border - glyph_size * 0.75) * angle.cos(),
                scy + (ry - border - glyph_size * 0.75) * angle.sin(),
            );
            self.stamp_glyph(
                &mut stamp,
                *c,
                (gx, gy),
                glyph_size,
                angle + std::f32::consts::FRAC_PI_2,
                red,
            );
        }
        if !centre_text.is_empty() {
            let csize = glyph_size * if star { 0.8 } else { 0.9 };
            let width = self.measure(FontKind::Sans, csize, centre_text);
            let y = if star {
                scy + rx.min(ry) * 0.35
            } else {
                scy - csize / 2.0
            };
            draw_text_mut(
                &mut stamp,
                red,
                (scx - width / 2.0) as i32,
                y as i32,
                PxScale::from(csize),
                self.fonts.get(FontKind::Sans),
                centre_text,
            );
        }
        let _ = size;
        let (x0, y0) = (cx - w as f32 / 2.0, cy - h as f32 / 2.0);
        multiply_onto(&mut self.image, &stamp, x0 as i64, y0 as i64);
        Rect::new(cx - rx, cy - ry, rx * 2.0, ry * 2.0)
    }

    fn stamp_glyph(
        &self,
        stamp: &mut RgbaImage,
        c: char,
        (gx, gy): (f32, f32),
        size: f32,
        rotation: f32,
        color: Rgba<u8>,
    ) {
        let tile = (size * 1.6).ceil() as u32;
        let mut glyph = RgbaImage::new(tile, tile);
        let width = self.measure(FontKind::Sans, size, &c.to_string());
        draw_text_mut(
            &mut glyph,
            color,
            ((tile as f32 - width) / 2.0) as i32,
            ((tile as f32 - size * 1.1) / 2.0) as i32,
            PxScale::from(size),
            self.fonts.get(FontKind::Sans),
            &c.to_string(),
        );
        let rotated = imageproc::geometric_transformations::rotate_about_center(
            &glyph,
            rotation,
            imageproc::geometric_transformations::Interpolation::Bilinear,
            imageproc::geometric_transformations::Border::Constant(Rgba([0, 0, 0, 0])),
        );
        let (ox, oy) = (
            (gx - tile as f32 / 2.0) as i64,
            (gy - tile as f32 / 2.0) as i64,
        );
        for (x, y, p) in rotated.enumerate_pixels() {
            let (tx, ty) = (ox + x as i64, oy + y as i64);
            if p[3] > 0
                && tx >= 0
                && ty >= 0
                && (tx as u32) < stamp.width()
                && (ty as u32) < stamp.height()
            {
                let q = stamp.get_pixel_mut(tx as u32, ty as u32);
                if p[3] > q[3] {
                    *q = *p;
                }
            }
        }
    }

    /// A national-emblem stand-in: gold disc with a red ring and five stars.
    pub fn emblem(&mut self, cx: f32, cy: f32, r: f32) -> Rect {
        let gold = Rgb([222, 170, 40]);
        let red = Rgb([200, 30, 30]);
        let (x0, y0) = ((cx - r).max(0.0) as u32, (cy - r).max(0.0) as u32);
        for y in y0..((cy + r) as u32).min(self.height()) {
            for x in x0..((cx + r) as u32).min(self.width()) {
                let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                if d <= r {
                    self.image
                        .put_pixel(x, y, if d > r * 0.82 { red } else { gold });
                }
            }
        }
        let mut stars = RgbaImage::new((2.0 * r) as u32 + 2, (2.0 * r) as u32 + 2);
        let red_a = Rgba([200, 30, 30, 255]);
        draw_star(&mut stars, r, r * 0.85, r * 0.3, red_a);
        for k in 0..4 {
            let a = -1.2 + k as f32 * 0.35;
            draw_star(
                &mut stars,
                r + r * 0.52 * a.cos(),
                r * 0.85 + r * 0.52 * a.sin() - r * 0.05,
                r * 0.1,
                red_a,
            );
        }
        overlay(&mut self.image, &stars, (cx - r) as i64, (cy - r) as i64);
        Rect::new(cx - r, cy - r, 2.0 * r, 2.0 * r)
    }

    /// A QR code of `data` with its top-left at `(x, y)` and `side` pixels wide.
    pub fn qr(&mut self, x: f32, y: f32, side: f32, data: &str) -> Rect {
        let Ok(code) = qrcode::QrCode::new(data.as_bytes()) else {
            return Rect::new(x, y, 0.0, 0.0);
        };
        let modules = code.width();
        let colors = code.to_colors();
        let cell = side / (modules + 4) as f32;
        self.fill(Rect::new(x, y, side, side), Rgb([255, 255, 255]));
        for (i, color) in colors.iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (mx, my) = ((i % modules) as f32, (i / modules) as f32);
                self.fill(
                    Rect::new(
                        x + (mx + 2.0) * cell,
                        y + (my + 2.0) * cell,
                        cell.ceil(),
                        cell.ceil(),
                    ),
                    INK,
                );
            }
        }
        Rect::new(x, y, side, side)
    }
}

fn draw_star(image: &mut RgbaImage, cx: f32, cy: f32, r: f32, color: Rgba<u8>) {
    let points: Vec<imageproc::point::Point<i32>> = (0..10)
        .map(|k| {
            let radius = if k % 2 == 0 { r } else { r * 0.4 };
            let a = -std::f32::consts::FRAC_PI_2 + k as f32 * std::f32::consts::PI / 5.0;
            imageproc::point::Point::new(
                (cx + radius * a.cos()).round() as i32,
                (cy + radius * a.sin()).round() as i32,
            )
        })
        .collect();
    imageproc::drawing::draw_polygon_mut(image, &points, color);
}

/// Multiplies `stamp` (with its alpha) onto `image` at `(x0, y0)`: ink under a seal stays dark.
pub fn multiply_onto(image: &mut RgbImage, stamp: &RgbaImage, x0: i64, y0: i64) {
    blend_onto(image, stamp, (x0, y0), |under, over, alpha| {
        let multiplied = under * over / 255.0;
        under * (1.0 - alpha * SEAL_OPACITY) + multiplied * alpha * SEAL_OPACITY
    });
}

/// Paints `layer` over `image` by its alpha.
pub fn overlay(image: &mut RgbImage, layer: &RgbaImage, x0: i64, y0: i64) {
    blend_onto(image, layer, (x0, y0), |under, over, alpha| {
        under * (1.0 - alpha) + over * alpha
    });
}

/// How much a seal's ink covers what is under it: real stamps let print show through.
const SEAL_OPACITY: f32 = 0.9;

/// Punctuation that may not start a line (GB/T 15834; the W3C's Chinese layout
/// requirements): full stops, commas, closing brackets and quotes.
const LINE_START_PROHIBITED: &str = "。，、；：？！）」』】》”’.,;:?!)";

/// Combines every covered pixel of `layer`, placed at `at`, with the pixel under it:
/// `blend(under, over, alpha)` per channel, alpha in 0–1.
fn blend_onto(
    image: &mut RgbImage,
    layer: &RgbaImage,
    at: (i64, i64),
    blend: impl Fn(f32, f32, f32) -> f32,
) {
    let (width, height) = (image.width() as i64, image.height() as i64);
    for (x, y, p) in layer.enumerate_pixels() {
        let (tx, ty) = (at.0 + x as i64, at.1 + y as i64);
        if p[3] == 0 || tx < 0 || ty < 0 || tx >= width || ty >= height {
            continue;
        }
        let alpha = p[3] as f32 / 255.0;
        let q = image.get_pixel_mut(tx as u32, ty as u32);
        for c in 0..3 {
            q[c] = blend(q[c] as f32, p[c] as f32, alpha)
                .round()
                .clamp(0.0, 255.0) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::fonts::Fonts;

    #[test]
    fn a_closing_mark_hangs_at_the_end_of_a_line_instead_of_starting_one() {
        let fonts = Fonts::system().expect("the fonts setup.sh installs");
        let canvas = Canvas::new(10, 10, Rgb([255, 255, 255]), fonts);
        let text = "一般项目：企业管理咨询（除依法须经批准的项目外）。";
        // Exactly as wide as the text without its full stop: the stop would wrap alone.
        let without_stop = text.trim_end_matches('。');
        let width = canvas.measure(FontKind::Sans, 34.0, without_stop);
        let lines = canvas.wrap(width, 34.0, FontKind::Sans, text, 6);
        assert_eq!(lines, vec![text.to_string()]);
        // Other characters still wrap.
        let lines = canvas.wrap(width, 34.0, FontKind::Sans, &format!("{without_stop}字"), 6);
        assert_eq!(lines, vec![without_stop.to_string(), "字".to_string()]);
    }
}
