//! QR codes (RULES.md §1.1.3, §6.3): the licence's QR code is key information that OCR
//! reads no field from, so a cover or crease over it is found here. Codes are found by
//! their finder patterns (`rqrr`), not decoded.

use super::Work;
use crate::report::Region;

/// The QR codes on the working copy, as regions of the upload.
pub fn locate(work: &Work) -> Vec<Region> {
    let grey = &work.grey;
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        grey.width() as usize,
        grey.height() as usize,
        |x, y| grey.get_pixel(x as u32, y as u32)[0],
    );
    prepared
        .detect_grids()
        .iter()
        .map(|grid| {
            let xs = grid.bounds.map(|p| p.x.max(0) as u32);
            let ys = grid.bounds.map(|p| p.y.max(0) as u32);
            let (x0, x1) = (xs.iter().min(), xs.iter().max());
            let (y0, y1) = (ys.iter().min(), ys.iter().max());
            match (x0, x1, y0, y1) {
                (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) => work.to_full(x0, y0, x1, y1),
                _ => Region::from([0, 0, 0, 0]),
            }
        })
        .filter(|region| region.width > 0 && region.height > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::work::WorkParams;
    use image::{Rgb, RgbImage};

    /// A page with a QR code of 25 modules, 8 pixels each, its quiet zone from (100, 60).
    fn page_with_qr() -> RgbImage {
        let code = qrcode::QrCode::new(b"http://www.gsxt.gov.cn/91330106MA2KXXXX0X").unwrap();
        let modules = code.width() as u32;
        let colours = code.to_colors();
        RgbImage::from_fn(500, 400, |x, y| {
            let (mx, my) = ((x as i64 - 132) / 8, (y as i64 - 92) / 8);
            let inside = x >= 132 && y >= 92 && (mx as u32) < modules && (my as u32) < modules;
            if inside && colours[(my as u32 * modules + mx as u32) as usize] == qrcode::Color::Dark
            {
                Rgb([20, 20, 20])
            } else {
                Rgb([245, 245, 240])
            }
        })
    }

    #[test]
    fn a_qr_code_is_found_where_it_is_printed() {
        let image = page_with_qr();
        let found = locate(&Work::new(&image, &WorkParams::default()));
        assert_eq!(found.len(), 1, "{found:?}");
        let modules = 8 * qrcode::QrCode::new(b"http://www.gsxt.gov.cn/91330106MA2KXXXX0X")
            .unwrap()
            .width() as u32;
        let qr = found[0];
        assert!(qr.x.abs_diff(132) <= 4 && qr.y.abs_diff(92) <= 4, "{qr:?}");
        assert!(qr.width.abs_diff(modules) <= 8, "{qr:?} vs {modules}");
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
        assert!(locate(&Work::new(&lines, &WorkParams::default())).is_empty());
    }
}
