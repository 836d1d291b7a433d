//! Documents from OCR text: which document an upload is ([`classify`]) and its fields,
//! read by layout (labels and the geometry of their values, [`layout`]), one extractor
//! per document family. Pure: OCR lines in, typed fields out; validation is
//! [`crate::rules`]'s.

mod bank;
pub mod classify;
mod id_card;
mod invoice;
pub mod layout;
mod licence;
pub mod other;
mod taxpayer;
mod values;

pub use invoice::print_ends_read as invoice_print_ends_read;

use std::collections::BTreeMap;

use crate::report::DocumentType;
use crate::rules::names::to_simplified_unambiguous;
use layout::{Page, Value};

/// One field read off a document: its normalised value (a string, or a list for
/// `tax_rates`), the reader's confidence and its bounds in upright page pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub value: serde_json::Value,
    pub confidence: f32,
    pub bounds: [f32; 4],
}

impl Field {
    /// A text value read as (part of) `from`, with its confidence and bounds.
    fn text(value: String, from: &Value) -> Field {
        Field {
            value: serde_json::Value::String(value),
            confidence: from.confidence,
            bounds: from.bounds,
        }
    }

    /// A text value found on line `line` of `page`, with that line's confidence and bounds.
    fn of_line(value: String, page: &Page, line: usize) -> Field {
        Field {
            value: serde_json::Value::String(value),
            confidence: page.lines()[line].confidence,
            bounds: page.bounds(line),
        }
    }
}

/// The fields of one document, by REPORT.md key.
pub type Fields = BTreeMap<&'static str, Field>;

/// A document found in an upload.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub doc_type: DocumentType,
    /// How sure the classifier is, 0–1.
    pub type_confidence: f32,
    pub fields: Fields,
    /// Key regions that are not text, by name, in upright page pixels: the ID card's
    /// portrait (`photo`) and emblem (`emblem`), the licence's QR code (`qr`) and a paper
    /// invoice's seller seal (`seal`), placed from the text around them. Seals are found by
    /// their colour in the image too; where one is, its estimate gives way to it. A key
    /// value whose label was read and itself was not is placed by its label (a licence's
    /// `legal_rep`).
    pub marks: Vec<(&'static str, [f32; 4])>,
}

/// A second look at part of the page, when what was read there fails a check. Bounds and
/// the lines returned are in the page's level frame.
pub trait Reread {
    /// The text in `bounds` read again with the red of seals washed out, for print a seal
    /// covers (the licence's issue date sits under the 登记机关 seal).
    fn without_seals(&self, bounds: [f32; 4]) -> Vec<crate::ocr::TextLine>;

    /// The line of text in `bounds` (page pixels) read again stretched along its length
    /// (see [`crate::ocr::OcrEngine::read_line_stretched`]); `None` when the engine has no
    /// such reading.
    fn stretched(&self, bounds: [f32; 4]) -> Option<crate::ocr::TextLine>;

    /// The line of text in `bounds` (page pixels) read again with the recogniser kept to
    /// the characters `allowed` passes (see [`crate::ocr::OcrEngine::read_line_within`]);
    /// `None` when the engine has no such reading.
    fn within(
        &self,
        bounds: [f32; 4],
        allowed: &dyn Fn(char) -> bool,
    ) -> Option<crate::ocr::TextLine>;
}

/// No second look (tests, or when no image is at hand).
pub struct NoReread;

impl Reread for NoReread {
    fn without_seals(&self, _bounds: [f32; 4]) -> Vec<crate::ocr::TextLine> {
        Vec::new()
    }

    fn stretched(&self, _bounds: [f32; 4]) -> Option<crate::ocr::TextLine> {
        None
    }

    fn within(
        &self,
        _bounds: [f32; 4],
        _allowed: &dyn Fn(char) -> bool,
    ) -> Option<crate::ocr::TextLine> {
        None
    }
}

/// Classifies a page and reads its fields. A photo holding both faces of an ID card gives
/// two documents; a page without text one `unknown`.
pub fn read_documents(page: &Page, reread: &dyn Reread) -> Vec<Document> {
    classify::split_pages(page)
        .into_iter()
        .map(|(part, class)| {
            let fields = match class.doc_type {
                DocumentType::BusinessLicense => licence::extract(&part, reread),
                DocumentType::IdCardFront => id_card::extract_front(&part, reread),
                DocumentType::IdCardBack => id_card::extract_back(&part, reread),
                DocumentType::BankPermit => bank::extract_permit(&part, reread),
                DocumentType::BasicAccountInfo => bank::extract_account_info(&part, reread),
                DocumentType::VatSpecialInvoice | DocumentType::VatNormalInvoice => {
                    invoice::extract(&part, reread)
                }
                DocumentType::TaxpayerProof => taxpayer::extract(&part, reread),
                DocumentType::Other => other::extract(&part),
                _ => Fields::new(),
            };
            let marks = match class.doc_type {
                DocumentType::IdCardFront => id_card::portrait(&fields)
                    .map(|bounds| vec![(crate::quality::keys::PORTRAIT, bounds)])
                    .unwrap_or_default(),
                DocumentType::IdCardBack => id_card::emblem(&part)
                    .map(|bounds| vec![(crate::quality::keys::EMBLEM, bounds)])
                    .unwrap_or_default(),
                DocumentType::BusinessLicense => licence::qr_code(&part)
                    .map(|bounds| (crate::quality::keys::QR, bounds))
                    .into_iter()
                    .chain(
                        licence::unread_legal_rep(&part, &fields)
                            .map(|bounds| ("legal_rep", bounds)),
                    )
                    .collect(),
                DocumentType::VatSpecialInvoice | DocumentType::VatNormalInvoice => {
                    invoice::seal(&part)
                        .map(|bounds| vec![(crate::quality::keys::SEAL, bounds)])
                        .unwrap_or_default()
                }
                _ => Vec::new(),
            };
            Document {
                doc_type: class.doc_type,
                type_confidence: class.confidence,
                fields,
                marks,
            }
        })
        .collect()
}

/// Reads the value after the first of `labels` (ending at any of `stop`) and keeps it when
/// `normalise` accepts it.
fn labelled(
    page: &Page,
    labels: &[&str],
    stop: &[&str],
    normalise: impl Fn(&str) -> Option<String>,
) -> Option<Field> {
    page.find_labels(labels).iter().find_map(|hit| {
        let value = page.value_after(hit, stop)?;
        normalise(&value.text).map(|v| Field::text(v, &value))
    })
}

/// A credit code (the licence's 统一社会信用代码, or a tax ID in its form) that its check
/// characters reject, read again and the first second reading taken that passes: kept to
/// the code's alphabet (GB 32100: digits and capitals but I, O, S, V, Z), as the
/// recogniser that reads `0` as `O` in a line of mixed text reads it `0` when `O` is not a
/// choice; then stretched along its length, as a code short of characters lost repeated
/// ones (`91110105114007497A` read `91105114007497A`, blind seed 2929, and whole
/// stretched). No guessing at a code: a reading that fails its checks changes nothing,
/// and the rules' OCR repair (RULES §0.4) still sees the first reading.
fn credit_code_read_again(field: Field, reread: &dyn Reread) -> Field {
    use crate::rules::codes::uscc;
    let Some(code) = field.value.as_str() else {
        return field;
    };
    if uscc::validate(code).is_ok() {
        return field;
    }
    let allowed = |c: char| uscc::CHARSET.contains(c);
    let passing = |line: crate::ocr::TextLine| {
        let code = values::code(&line.text, uscc::LEN).filter(|c| c.len() == uscc::LEN)?;
        uscc::validate(&code)
            .is_ok()
            .then_some((code, line.confidence))
    };
    let again = reread
        .within(field.bounds, &allowed)
        .and_then(passing)
        .or_else(|| reread.stretched(field.bounds).and_then(passing));
    match again {
        Some((code, confidence)) => Field {
            value: serde_json::Value::String(code),
            confidence,
            bounds: field.bounds,
        },
        None => field,
    }
}

/// A person's name without the second half of a glyph that a crease split in two: the
/// recogniser reads the halves as two glyphs, the same one or its traditional form
/// (`高杰傑超` for 高杰超 across a fold, blind seed 9737's app-00288), each narrow.
/// Two neighbouring glyphs the same once simplified are one when together they span less
/// than [`SPLIT_GLYPH_MAX_SPAN`] of the name's other glyphs (the median of their widths);
/// a doubled given name (丽丽) spans two. Nothing changes without character boxes, or
/// with no other glyph to measure by.
fn name_without_split_glyph(page: &Page, field: Field) -> Field {
    let Some(name) = field.value.as_str() else {
        return field;
    };
    let chars: Vec<char> = name.chars().collect();
    let Some(pair) = (0..chars.len().saturating_sub(1)).find(|&j| chars[j] == chars[j + 1]) else {
        return field;
    };
    if chars.len() < 3 {
        return field;
    }
    let Some(boxes) = page.char_boxes_of(name, field.bounds, to_simplified_unambiguous) else {
        return field;
    };
    let width = |b: &[f32; 4]| b[2] - b[0];
    let mut others: Vec<f32> = boxes
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != pair && k != pair + 1)
        .map(|(_, b)| width(b))
        .collect();
    others.sort_by(f32::total_cmp);
    let reference = others[others.len() / 2];
    let span = boxes[pair + 1][2] - boxes[pair][0];
    if span >= SPLIT_GLYPH_MAX_SPAN * reference {
        return field;
    }
    let merged: String = chars
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != pair + 1)
        .map(|(_, c)| c)
        .collect();
    Field {
        value: serde_json::Value::String(merged),
        ..field
    }
}

/// Most a glyph split in two spans, in widths of the name's other glyphs: the halves of
/// 杰 spanned 39 px beside 30-px glyphs (1.3). A name's glyph boxes differ by up to a
/// fifth (郭 43, 明 39, 秀 35 px on one generated card), so two printed glyphs span at
/// least 1.75 of another's.
const SPLIT_GLYPH_MAX_SPAN: f32 = 1.5;

/// Inserts `field` under `key` when there is one.
fn put(fields: &mut Fields, key: &'static str, field: Option<Field>) {
    if let Some(field) = field {
        fields.insert(key, field);
    }
}

#[cfg(test)]
mod tests;
