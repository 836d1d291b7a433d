//! QR codes (RULES.md §1.1.3, §6.3): the licence's QR code is key information that OCR
//! reads no field from, so a cover or crease over it is found here. Codes are found by
//! their finder patterns (`rqrr`), not decoded.

use image::RgbImage;

use super::work::{grey_of, shrink};
use crate::report::Region;

/// Longest side, pixels, of the grey copy codes are first looked for on. The working copy
/// (1024) is too coarse: a licence's code is 8% of the sheet's width, 2–3 of its pixels a
/// module, and averaging there blurs the finder patterns past recognition. The copy is
/// box-averaged like the working copy (a 12-MP photo's triangle-filtered resize took
/// 250 ms of the pass, the box average under 30 ms).
const DETECTION_SIDE: u32 = 1536;

/// Longest side, pixels, of the finer copy looked at again when the first shows no code.
/// Beyond it the first copy is fine enough already (a 4000-px photo's copy at 2000 px puts
/// a licence's code at 4 pixels a module), and the finer copy costs as much again as the
/// rest of the pass (135 ms for a full 12-MP photo).
const RETRY_SIDE: u32 = 3072;

/// The QR codes on the upload, as regions of it. Looked for on a copy at most
/// [`DETECTION_SIDE`] long, then, where none is found there, at the next finer shrink
/// factor up to [`RETRY_SIDE`]: a photo 2000–2700 px long (shrunk by 2 to its copy) puts a
/// licence's code at 2 pixels a module or less: on the 294 licence photos of blind seed
/// 9737 a 2048-px copy alone showed 224 codes, the two copies 279 (of the 15 others, 6 are
/// old-format licences without one, the rest blurred, low-resolution or rescreened).
/// The whole upload is searched, not the document's box: `rqrr` thresholds against a
/// window as wide as a share of the picture, and a crop lost a code on the bundled
/// samples.
pub fn locate(image: &RgbImage) -> Vec<Region> {
    let long = image.width().max(image.height());
    if long == 0 {
        return Vec::new();
    }
    let factor = long.div_ceil(DETECTION_SIDE).max(1);
    let found = detect(image, factor);
    if found.is_empty() && factor > 1 && long.div_ceil(factor - 1) <= RETRY_SIDE {
        return detect(image, factor - 1);
    }
    found
}

/// The codes `rqrr` finds on `image` shrunk by `factor`, in `image`'s pixels.
fn detect(image: &RgbImage, factor: u32) -> Vec<Region> {
    let (w, h) = image.dimensions();
    let grey = grey_of(&shrink(image, factor));
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        grey.width() as usize,
        grey.height() as usize,
        |x, y| grey.get_pixel(x as u32, y as u32)[0],
    );
    prepared
        .detect_grids()
        .iter()
        .filter_map(|grid| {
            let xs = grid.bounds.map(|p| p.x.max(0) as u32 * factor);
            let ys = grid.bounds.map(|p| p.y.max(0) as u32 * factor);
            let (x0, x1) = (*xs.iter().min()?, (*xs.iter().max()?).min(w));
            let (y0, y1) = (*ys.iter().min()?, (*ys.iter().max()?).min(h));
            (x1 > x0 && y1 > y0).then(|| Region {
                x: x0,
                y: y0,
                width: x1 - x0,
                height: y1 - y0,
            })
        })
        .collect()
}

/// Test painting shared by the quality checks' tests.
#[cfg(test)]
pub(crate) mod paint {
    use image::{Rgb, RgbImage};

    /// What the licence's QR code encodes, near enough: a link to the public register.
    pub const REGISTER_LINK: &[u8] = b"http://www.gsxt.gov.cn/91330106MA2KXXXX0X";

    /// Paints [`REGISTER_LINK`] as a QR code onto `image`, its first module's corner at
    /// `origin`, `module` pixels a module, with a white quiet zone `quiet` pixels wide
    /// around it; returns the code's width in modules.
    pub fn qr_code(image: &mut RgbImage, origin: (u32, u32), module: u32, quiet: u32) -> u32 {
        let code = qrcode::QrCode::new(REGISTER_LINK).unwrap();
        let modules = code.width() as u32;
        let colours = code.to_colors();
        let side = modules * module;
        let (x0, y0) = (origin.0 - quiet, origin.1 - quiet);
        for y in y0..origin.1 + side + quiet {
            for x in x0..origin.0 + side + quiet {
                let inside = (origin.0..origin.0 + side).contains(&x)
                    && (origin.1..origin.1 + side).contains(&y);
                let dark = inside && {
                    let (mx, my) = ((x - origin.0) / module, (y - origin.1) / module);
                    colours[(my * modules + mx) as usize] == qrcode::Color::Dark
                };
                let v = if dark { 20 } else { 250 };
                image.put_pixel(x, y, Rgb([v, v, v]));
            }
        }
        modules
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A page with a QR code of 8-pixel modules from (132, 92).
    fn page_with_qr() -> RgbImage {
        let mut image = RgbImage::from_pixel(500, 400, Rgb([245, 245, 240]));
        paint::qr_code(&mut image, (132, 92), 8, 0);
        image
    }

    #[test]
    fn a_qr_code_is_found_where_it_is_printed() {
        let image = page_with_qr();
        let found = locate(&image);
        assert_eq!(found.len(), 1, "{found:?}");
        let modules = 8 * qrcode::QrCode::new(paint::REGISTER_LINK).unwrap().width() as u32;
        let qr = found[0];
        assert!(qr.x.abs_diff(132) <= 4 && qr.y.abs_diff(92) <= 4, "{qr:?}");
        assert!(qr.width.abs_diff(modules) <= 8, "{qr:?} vs {modules}");
    }

    #[test]
    fn a_code_too_fine_for_the_first_copy_is_found_at_the_next_factor() {
        // 4100 px long: the first copy is shrunk by 3, to 1.3 px a module here.
        let mut image = RgbImage::from_pixel(4100, 400, Rgb([245, 245, 240]));
        paint::qr_code(&mut image, (2000, 100), 4, 16);
        assert!(detect(&image, 3).is_empty());
        let found = locate(&image);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].x.abs_diff(2000) <= 8, "{found:?}");
    }

    #[test]
    fn print_without_a_qr_code_has_none() {
        let lines = RgbImage::from_fn(500, 400, |x, y| {
            if y % 16 < 4 && x % 12 < 7 {
                Rgb([20, 20, 20])
            } else {
                Rgb([245, 245, 240])
            }
        });
        assert!(locate(&lines).is_empty());
    }
}
