//! Rectangles and quadrilaterals in pixel space, and mapping them through a perspective.

use imageproc::geometric_transformations::Projection;

/// An axis-aligned rectangle, `f32` pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Rect { x, y, w, h }
    }

    pub fn union(&self, other: &Rect) -> Rect {
        let x0 = self.x.min(other.x);
        let y0 = self.y.min(other.y);
        let x1 = (self.x + self.w).max(other.x + other.w);
        let y1 = (self.y + self.h).max(other.y + other.h);
        Rect::new(x0, y0, x1 - x0, y1 - y0)
    }

    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    pub fn grow(&self, by: f32) -> Rect {
        Rect::new(
            self.x - by,
            self.y - by,
            self.w + 2.0 * by,
            self.h + 2.0 * by,
        )
    }

    pub fn center(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    pub fn corners(&self) -> [(f32, f32); 4] {
        [
            (self.x, self.y),
            (self.x + self.w, self.y),
            (self.x + self.w, self.y + self.h),
            (self.x, self.y + self.h),
        ]
    }

    /// The bounding box of this rectangle's corners mapped through `projection`, clipped
    /// to `width` × `height`, as a report region `[x, y, w, h]`; `None` when nothing is left.
    pub fn project(&self, projection: &Projection, width: u32, height: u32) -> Option<[u32; 4]> {
        let mapped: Vec<(f32, f32)> = self.corners().iter().map(|p| *projection * *p).collect();
        let x0 = mapped
            .iter()
            .map(|p| p.0)
            .fold(f32::INFINITY, f32::min)
            .max(0.0);
        let y0 = mapped
            .iter()
            .map(|p| p.1)
            .fold(f32::INFINITY, f32::min)
            .max(0.0);
        let x1 = mapped
            .iter()
            .map(|p| p.0)
            .fold(f32::NEG_INFINITY, f32::max)
            .min(width as f32);
        let y1 = mapped
            .iter()
            .map(|p| p.1)
            .fold(f32::NEG_INFINITY, f32::max)
            .min(height as f32);
        (x1 - x0 >= 1.0 && y1 - y0 >= 1.0).then_some([
            x0 as u32,
            y0 as u32,
            (x1 - x0) as u32,
            (y1 - y0) as u32,
        ])
    }
}
