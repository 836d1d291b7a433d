//! The working copy every check reads: the photo shrunk by an integer factor with box
//! averaging (fast, and it keeps edges honest: no ringing), in colour and in grey.

use image::{GrayImage, Luma, Rgb, RgbImage};

use crate::report::Region;

/// How small the working copy is.
#[derive(Debug, Clone)]
pub struct WorkParams {
    /// Longest side of the working copy at most, pixels. 1024 keeps 12-MP photos at a
    /// shrink factor of 4: a 5-px blur in the photo is still over a pixel here, and every
    /// check runs on 1/16 of the pixels.
    pub max_side: u32,
}

impl Default for WorkParams {
    fn default() -> Self {
        WorkParams { max_side: 1024 }
    }
}

/// The shrunk photo and the factor back to upload pixels.
#[derive(Debug, Clone)]
pub struct Work {
    pub rgb: RgbImage,
    pub grey: GrayImage,
    /// Upload pixels per working pixel (an integer ≥ 1).
    pub factor: u32,
    /// Size of the upload.
    pub full: (u32, u32),
}

impl Work {
    pub fn new(image: &RgbImage, params: &WorkParams) -> Self {
        let (w, h) = image.dimensions();
        let long = w.max(h).max(1);
        let factor = long.div_ceil(params.max_side.max(1)).max(1);
        let rgb = shrink(image, factor);
        let grey = grey_of(&rgb);
        Work {
            rgb,
            grey,
            factor,
            full: (w, h),
        }
    }

    pub fn width(&self) -> u32 {
        self.rgb.width()
    }

    pub fn height(&self) -> u32 {
        self.rgb.height()
    }

    /// A working-copy rectangle `[x0, x1) × [y0, y1)` in upload pixels, clipped to the upload.
    pub fn to_full(&self, x0: u32, y0: u32, x1: u32, y1: u32) -> Region {
        let f = self.factor;
        let (fx0, fy0) = ((x0 * f).min(self.full.0), (y0 * f).min(self.full.1));
        let (fx1, fy1) = ((x1 * f).min(self.full.0), (y1 * f).min(self.full.1));
        Region {
            x: fx0,
            y: fy0,
            width: fx1.saturating_sub(fx0),
            height: fy1.saturating_sub(fy0),
        }
    }

    /// An upload-pixel region as a working-copy rectangle `(x0, y0, x1, y1)`, grown by
    /// `margin` working pixels on every side and clipped to the working copy.
    pub fn from_full(&self, region: Region, margin: u32) -> (u32, u32, u32, u32) {
        let f = self.factor;
        let x1 = (region.x + region.width).div_ceil(f) + margin;
        let y1 = (region.y + region.height).div_ceil(f) + margin;
        (
            (region.x / f).saturating_sub(margin).min(self.width()),
            (region.y / f).saturating_sub(margin).min(self.height()),
            x1.min(self.width()),
            y1.min(self.height()),
        )
    }
}

/// Box-averages `factor × factor` blocks; a partial block at the right or bottom edge
/// averages what it has. Each band of `factor` rows is first summed down its columns (a
/// loop the compiler vectorises), then across the blocks: this reads every pixel of a
/// 12-MP photo, twice per upload (the working copy and the QR code's), and was a tenth of
/// the quality pass done pixel by pixel.
pub fn shrink(image: &RgbImage, factor: u32) -> RgbImage {
    let (w, h) = image.dimensions();
    if factor <= 1 || w == 0 || h == 0 {
        return image.clone();
    }
    let (sw, sh) = (w.div_ceil(factor), h.div_ceil(factor));
    let (row_bytes, block_bytes) = (3 * w as usize, 3 * factor as usize);
    let mut columns = vec![0u32; row_bytes];
    let mut out = Vec::with_capacity(3 * sw as usize * sh as usize);
    for band in image.as_raw().chunks(row_bytes * factor as usize) {
        columns.iter_mut().for_each(|c| *c = 0);
        for row in band.chunks_exact(row_bytes) {
            for (c, &v) in columns.iter_mut().zip(row) {
                *c += u32::from(v);
            }
        }
        let rows = (band.len() / row_bytes) as u32;
        for block in columns.chunks(block_bytes) {
            let n = (block.len() / 3) as u32 * rows;
            let mut sum = [0u32; 3];
            for px in block.chunks_exact(3) {
                sum[0] += px[0];
                sum[1] += px[1];
                sum[2] += px[2];
            }
            out.extend(sum.map(|v| (v / n) as u8));
        }
    }
    RgbImage::from_raw(sw, sh, out).expect("the shrunk buffer holds sw × sh pixels")
}

/// Luma (BT.601 weights, in integers).
pub fn grey_of(rgb: &RgbImage) -> GrayImage {
    GrayImage::from_fn(rgb.width(), rgb.height(), |x, y| {
        let p = rgb.get_pixel(x, y);
        Luma([luma(p)])
    })
}

pub fn luma(p: &Rgb<u8>) -> u8 {
    ((299 * p[0] as u32 + 587 * p[1] as u32 + 114 * p[2] as u32) / 1000) as u8
}

/// Chroma distance of RULES.md §6.2: `|Cb − 128| + |Cr − 128|` (BT.601).
pub fn chroma(p: &Rgb<u8>) -> f32 {
    let (cb, cr) = cbcr(p);
    cb.abs() + cr.abs()
}

/// Cb and Cr centred on zero (BT.601 full range).
pub fn cbcr(p: &Rgb<u8>) -> (f32, f32) {
    let (r, g, b) = (p[0] as f32, p[1] as f32, p[2] as f32);
    let y = 0.299 * r + 0.587 * g + 0.114 * b;
    (0.564 * (b - y), 0.713 * (r - y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_averages_blocks_and_keeps_partial_edges() {
        let image = RgbImage::from_fn(5, 3, |x, _| if x < 2 { Rgb([200; 3]) } else { Rgb([0; 3]) });
        let work = Work::new(&image, &WorkParams { max_side: 3 });
        assert_eq!(work.factor, 2);
        assert_eq!(work.rgb.dimensions(), (3, 2));
        assert_eq!(work.rgb.get_pixel(0, 0)[0], 200);
        assert_eq!(work.rgb.get_pixel(1, 1)[0], 0);
        let r = work.to_full(2, 1, 3, 2);
        assert_eq!([r.x, r.y, r.width, r.height], [4, 2, 1, 1]);
    }
}
