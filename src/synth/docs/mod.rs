//! One renderer per onboarding document. Each prints a sheet from the data model and
//! returns it with the exact printed field values (REPORT.md keys, normalised) and the
//! region of every field and key element, in sheet pixels.

pub mod bank;
pub mod id_card;
pub mod invoice;
pub mod licence;
pub mod other;
pub mod taxpayer;

use std::collections::BTreeMap;

use image::RgbImage;
use serde_json::Value;

use super::canvas::Canvas;
use super::geometry::Rect;

/// A printed document before it is photographed.
pub struct Sheet {
    pub image: RgbImage,
    /// The REPORT.md document type.
    pub doc_type: &'static str,
    /// Printed field values, normalised as REPORT.md says the pipeline reports them.
    pub fields: BTreeMap<String, Value>,
    /// Regions of fields and of key elements (`seal`, `qr`, `emblem`, `photo`).
    pub regions: BTreeMap<String, Rect>,
    /// Names in `regions` that RULES.md lists as key information for this document.
    pub key_regions: &'static [&'static str],
}

impl Sheet {
    /// The sheet printed on `canvas`, with no fields yet.
    pub fn from_canvas(
        canvas: Canvas<'_>,
        doc_type: &'static str,
        key_regions: &'static [&'static str],
    ) -> Self {
        Sheet {
            image: canvas.image,
            doc_type,
            fields: BTreeMap::new(),
            regions: canvas.regions,
            key_regions,
        }
    }

    pub fn field(&mut self, key: &str, value: impl Into<Value>) {
        self.fields.insert(key.to_string(), value.into());
    }

    /// The key regions that were actually printed, with their names.
    pub fn key_rects(&self) -> Vec<(&'static str, Rect)> {
        self.key_regions
            .iter()
            .filter_map(|k| self.regions.get(*k).map(|r| (*k, *r)))
            .collect()
    }
}
