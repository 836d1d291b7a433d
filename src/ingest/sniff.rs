//! Tells what an upload is from its first bytes, whatever its file name claims.

use image::ImageFormat;

/// What the bytes of an upload are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// An image format the pipeline decodes.
    Image(ImageFormat),
    /// A PDF document (`%PDF-`).
    Pdf,
    /// A format recognised but not accepted, with a name to tell the supplier.
    Refused(&'static str),
    /// Zero bytes.
    Empty,
    /// Nothing recognisable; `looks_like_text` when the start is printable UTF-8.
    Unknown { looks_like_text: bool },
}

impl Sniffed {
    /// The short format name recorded in the report (`jpeg`, `png`, `pdf`).
    pub fn format_name(self) -> Option<&'static str> {
        match self {
            Sniffed::Image(format) => Some(image_format_name(format)),
            Sniffed::Pdf => Some("pdf"),
            Sniffed::Refused(name) => Some(name),
            Sniffed::Empty | Sniffed::Unknown { .. } => None,
        }
    }
}

/// The short lower-case name of an image format (`jpeg`, `png`, `tiff`, `bmp`, `webp`).
pub fn image_format_name(format: ImageFormat) -> &'static str {
    let mime = format.to_mime_type();
    mime.strip_prefix("image/").unwrap_or(mime)
}

/// Image formats accepted as uploads (REPORT.md input layout).
const ACCEPTED_IMAGE_FORMATS: &[ImageFormat] = &[
    ImageFormat::Jpeg,
    ImageFormat::Png,
    ImageFormat::Tiff,
    ImageFormat::Bmp,
    ImageFormat::WebP,
];

/// How many leading bytes decide "looks like text".
const TEXT_PROBE_BYTES: usize = 512;

/// Sniffs the format of an upload from its bytes.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.is_empty() {
        return Sniffed::Empty;
    }
    if find_pdf_header(bytes) {
        return Sniffed::Pdf;
    }
    if let Some(name) = refused_container(bytes) {
        return Sniffed::Refused(name);
    }
    match image::guess_format(bytes) {
        Ok(format) if ACCEPTED_IMAGE_FORMATS.contains(&format) => Sniffed::Image(format),
        Ok(format) => Sniffed::Refused(refused_image_name(format)),
        Err(_) => Sniffed::Unknown {
            looks_like_text: looks_like_text(bytes),
        },
    }
}

/// PDF readers accept the `%PDF-` header anywhere in the first kilobyte (some generators
/// prepend junk), so the sniffer does too.
fn find_pdf_header(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Containers that are common mistakes on an upload form and deserve a precise message.
fn refused_container(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1",
        ]
        .iter()
        .any(|b| brand == *b)
        {
            return Some("HEIC/HEIF");
        }
        if brand == b"avif" || brand == b"avis" {
            return Some("AVIF");
        }
        return Some("MP4/QuickTime video");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some("ZIP archive or Office document");
    }
    None
}

fn refused_image_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Gif => "GIF",
        ImageFormat::Ico => "ICO",
        ImageFormat::Avif => "AVIF",
        ImageFormat::Hdr => "HDR",
        ImageFormat::OpenExr => "OpenEXR",
        ImageFormat::Dds => "DDS",
        ImageFormat::Tga => "TGA",
        ImageFormat::Pnm => "PNM",
        ImageFormat::Qoi => "QOI",
        ImageFormat::Farbfeld => "Farbfeld",
        _ => "this image format",
    }
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(TEXT_PROBE_BYTES)];
    // A multi-byte character may be cut at the probe's end: accept an incomplete tail.
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&head[..e.valid_up_to()]) {
            Ok(s) => s,
            Err(_) => return false,
        },
        Err(_) => return false,
    };
    !valid.is_empty()
        && valid
            .chars()
            .all(|c| !c.is_control() || c == '\n' || c == '\r' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_bytes() {
        assert_eq!(
            sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"),
            Sniffed::Image(ImageFormat::Jpeg)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Sniffed::Image(ImageFormat::Png)
        );
        assert_eq!(sniff(b"%PDF-1.7\n%\xE2\xE3"), Sniffed::Pdf);
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), Sniffed::Refused("GIF"));
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Sniffed::Refused("HEIC/HEIF")
        );
        assert_eq!(
            sniff(b"PK\x03\x04\x14\0"),
            Sniffed::Refused("ZIP archive or Office document")
        );
    }

    #[test]
    fn accepted_formats_have_short_names() {
        let names: Vec<_> = ACCEPTED_IMAGE_FORMATS
            .iter()
            .map(|f| image_format_name(*f))
            .collect();
        assert_eq!(names, ["jpeg", "png", "tiff", "bmp", "webp"]);
    }

    #[test]
    fn empty_and_text_files_are_named_as_such() {
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(
            sniff("营业执照 scan\nnot really\n".as_bytes()),
            Sniffed::Unknown {
                looks_like_text: true
            }
        );
        assert_eq!(
            sniff(b"\x00\x01\x02\x03binary"),
            Sniffed::Unknown {
                looks_like_text: false
            }
        );
    }

    #[test]
    fn a_multibyte_character_cut_at_the_probe_end_is_still_text() {
        let text = "发".repeat(TEXT_PROBE_BYTES); // 3 bytes each: the probe cuts one
        assert!(looks_like_text(text.as_bytes()));
    }
}
