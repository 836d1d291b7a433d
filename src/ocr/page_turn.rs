//! Pages photographed sideways or upside down: how a page lies in the image, turning the
//! image upright, and mapping points of the upright image back to the image as given.

use image::RgbImage;
use image::imageops::{rotate90, rotate180, rotate270};
use serde::Serialize;

use super::Corner;

/// How far the page's text is turned clockwise in the image, as found by the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum PageTurn {
    /// Text reads left to right, top of the letters up.
    #[default]
    Upright,
    /// Text runs top to bottom, the letters' tops to the right.
    Clockwise90,
    /// Text runs right to left, upside down.
    Half,
    /// Text runs bottom to top, the letters' tops to the left.
    Counterclockwise90,
}

impl PageTurn {
    /// Degrees the page is turned clockwise: 0, 90, 180 or 270.
    pub fn degrees(self) -> u32 {
        match self {
            PageTurn::Upright => 0,
            PageTurn::Clockwise90 => 90,
            PageTurn::Half => 180,
            PageTurn::Counterclockwise90 => 270,
        }
    }

    /// The image turned so that the page is upright.
    pub fn upright(self, image: &RgbImage) -> RgbImage {
        match self {
            PageTurn::Upright => image.clone(),
            PageTurn::Clockwise90 => rotate270(image),
            PageTurn::Half => rotate180(image),
            PageTurn::Counterclockwise90 => rotate90(image),
        }
    }

    /// Where point `p` of the image as given lies in the upright image; `size` is the
    /// given image's width and height.
    pub fn to_upright(self, [x, y]: Corner, (width, height): (u32, u32)) -> Corner {
        let (w, h) = (width as f32, height as f32);
        match self {
            PageTurn::Upright => [x, y],
            // Turning counter-clockwise: the given right edge becomes the top.
            PageTurn::Clockwise90 => [y, w - x],
            PageTurn::Half => [w - x, h - y],
            // Turning clockwise: the given bottom edge becomes the left.
            PageTurn::Counterclockwise90 => [h - y, x],
        }
    }

    /// Where point `p` of the upright image lies in the image as given (the inverse of
    /// [`PageTurn::to_upright`]); `size` is the given image's width and height.
    pub fn to_given(self, [u, v]: Corner, (width, height): (u32, u32)) -> Corner {
        let (w, h) = (width as f32, height as f32);
        match self {
            PageTurn::Upright => [u, v],
            PageTurn::Clockwise90 => [w - v, u],
            PageTurn::Half => [w - u, h - v],
            PageTurn::Counterclockwise90 => [v, h - u],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    const TURNS: [PageTurn; 4] = [
        PageTurn::Upright,
        PageTurn::Clockwise90,
        PageTurn::Half,
        PageTurn::Counterclockwise90,
    ];

    #[test]
    fn points_follow_the_pixels_when_the_image_is_turned_upright() {
        // A 5 × 3 image with one marked pixel at (3, 1): its centre (3.5, 1.5) must map to
        // the centre of the marked pixel of the upright image.
        let mut image = RgbImage::new(5, 3);
        image.put_pixel(3, 1, Rgb([255, 0, 0]));
        for turn in TURNS {
            let upright = turn.upright(&image);
            let (x, y) = upright
                .enumerate_pixels()
                .find(|(_, _, p)| p[0] == 255)
                .map(|(x, y, _)| (x, y))
                .unwrap();
            let [u, v] = turn.to_upright([3.5, 1.5], (5, 3));
            assert_eq!([u, v], [x as f32 + 0.5, y as f32 + 0.5], "{turn:?}");
        }
    }

    #[test]
    fn to_given_undoes_to_upright() {
        for turn in TURNS {
            for p in [[0.0, 0.0], [5.0, 3.0], [1.25, 2.5]] {
                let back = turn.to_given(turn.to_upright(p, (5, 3)), (5, 3));
                assert_eq!(back, p, "{turn:?}");
            }
        }
    }

    #[test]
    fn degrees_count_clockwise() {
        let degrees: Vec<u32> = TURNS.iter().map(|t| t.degrees()).collect();
        assert_eq!(degrees, [0, 90, 180, 270]);
    }
}
