//! Reads one upload within the limits and decodes it to pixels, safely: size checked before
//! reading, format sniffed from the bytes, decoder limits set before any allocation, EXIF
//! orientation applied, PDFs rendered to their first page.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader};
use sha2::{Digest, Sha256};

use super::pdf;
use super::sniff::{Sniffed, image_format_name, sniff};
use super::{IngestLimits, UploadProblem};
use crate::report::UploadInfo;

/// An upload decoded to pixels, upright.
#[derive(Debug, Clone)]
pub struct DecodedUpload {
    /// The pixels with EXIF orientation applied (so text reads the way the photo was taken).
    pub image: DynamicImage,
    /// The EXIF orientation tag (2–8) that was applied, `None` when the pixels were stored
    /// upright. Regions in reports are in stored pixels, so later stages map back with it.
    pub exif_orientation: Option<u8>,
    /// What the bytes were: `jpeg`, `png`, `pdf` …
    pub format: &'static str,
}

/// An upload after ingest: what is known of its bytes, and the pixels or the reason there
/// are none.
#[derive(Debug)]
pub struct LoadedUpload {
    pub info: UploadInfo,
    pub decoded: Result<DecodedUpload, UploadProblem>,
}

/// Reads and decodes the upload at `path`. Never panics and never fails: every problem
/// is carried in `decoded`.
pub fn load_upload(path: &Path, limits: &IngestLimits) -> LoadedUpload {
    let bytes = match read_within_limit(path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err((problem, size)) => {
            return LoadedUpload {
                info: UploadInfo {
                    bytes: size,
                    sha256: None,
                    format: None,
                    width: None,
                    height: None,
                    exif_orientation: None,
                    decoded: false,
                },
                decoded: Err(problem),
            };
        }
    };
    let decoded = decode_contained(&bytes, limits);
    let info = UploadInfo {
        bytes: bytes.len() as u64,
        sha256: Some(sha256_hex(&bytes)),
        format: sniff(&bytes).format_name().map(str::to_string),
        width: decoded.as_ref().ok().map(|d| d.image.width()),
        height: decoded.as_ref().ok().map(|d| d.image.height()),
        exif_orientation: decoded.as_ref().ok().and_then(|d| d.exif_orientation),
        decoded: decoded.is_ok(),
    };
    LoadedUpload { info, decoded }
}

/// Decodes with a panic in a third-party decoder contained to this upload: it becomes a
/// `Corrupt` problem, and the other uploads of the application are still screened.
fn decode_contained(bytes: &[u8], limits: &IngestLimits) -> Result<DecodedUpload, UploadProblem> {
    std::panic::catch_unwind(|| decode_upload(bytes, limits)).unwrap_or_else(|_| {
        Err(UploadProblem::Corrupt {
            detail: "the image decoder failed on this file".into(),
        })
    })
}

/// Reads the whole file unless it is over `max_bytes`, which is judged from the file's
/// metadata first (a 200-MB upload is never read) and enforced while reading (a file that
/// grows meanwhile is still caught). On error returns the size known so far.
fn read_within_limit(path: &Path, max_bytes: u64) -> Result<Vec<u8>, (UploadProblem, u64)> {
    let io_problem = |e: std::io::Error| UploadProblem::Io {
        detail: e.to_string(),
    };
    let file = File::open(path).map_err(|e| (io_problem(e), 0))?;
    let size = file.metadata().map_err(|e| (io_problem(e), 0))?.len();
    if size > max_bytes {
        return Err((
            UploadProblem::TooLarge {
                bytes: size,
                limit: max_bytes,
            },
            size,
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| (io_problem(e), size))?;
    if bytes.len() as u64 > max_bytes {
        let grown = bytes.len() as u64;
        return Err((
            UploadProblem::TooLarge {
                bytes: grown,
                limit: max_bytes,
            },
            grown,
        ));
    }
    Ok(bytes)
}

/// Decodes upload bytes already in memory (the pre-screen API's entry point too).
pub fn decode_upload(bytes: &[u8], limits: &IngestLimits) -> Result<DecodedUpload, UploadProblem> {
    match sniff(bytes) {
        Sniffed::Empty => Err(UploadProblem::Empty),
        Sniffed::Unknown { looks_like_text } => Err(UploadProblem::NotAnImage { looks_like_text }),
        Sniffed::Refused(format) => Err(UploadProblem::FormatNotAccepted { format }),
        Sniffed::Image(format) => decode_image(bytes, format, limits),
        Sniffed::Pdf => {
            let png = pdf::render_first_page(bytes, limits)?;
            let page = decode_image(&png, ImageFormat::Png, limits)?;
            Ok(DecodedUpload {
                format: "pdf",
                ..page
            })
        }
    }
}

fn decode_image(
    bytes: &[u8],
    format: ImageFormat,
    limits: &IngestLimits,
) -> Result<DecodedUpload, UploadProblem> {
    if format == ImageFormat::Jpeg {
        check_jpeg_complete(bytes)?;
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.decoder_limits());
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| decode_problem(e, bytes, format, limits))?;
    // `into_decoder` checks the dimensions; the allocation is ours to check before decoding.
    if decoder.total_bytes() > limits.max_decoded_bytes {
        let (width, height) = decoder.dimensions();
        return Err(too_many_pixels(width, height, limits));
    }
    // A damaged EXIF block is no reason to refuse the picture: treat it as upright.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder)
        .map_err(|e| decode_problem(e, bytes, format, limits))?;
    image.apply_orientation(orientation);
    let exif = orientation.to_exif();
    Ok(DecodedUpload {
        image,
        exif_orientation: (exif != 1).then_some(exif),
        format: image_format_name(format),
    })
}

/// A JPEG decoder fills a cut-off scan with grey and reports success, so completeness is
/// checked on the bytes: walk the marker segments from the start, skip each scan's
/// entropy-coded data, and require an end-of-image marker (FF D9). Walking the structure,
/// rather than searching for the last FF D9, keeps embedded thumbnails and data that
/// phones append after the image (motion-photo videos) from fooling the check.
fn check_jpeg_complete(bytes: &[u8]) -> Result<(), UploadProblem> {
    match jpeg_end_state(bytes) {
        JpegEnd::Complete | JpegEnd::Malformed => Ok(()), // malformed: the decoder will say
        JpegEnd::CutShort => Err(UploadProblem::Truncated {
            what: "the JPEG ends before its end-of-image marker".into(),
        }),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum JpegEnd {
    Complete,
    CutShort,
    Malformed,
}

fn jpeg_end_state(bytes: &[u8]) -> JpegEnd {
    let n = bytes.len();
    let segment_length = |at: usize| -> Option<usize> {
        (at + 3 < n).then(|| u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize)
    };
    let mut i = 2; // after SOI
    while i + 1 < n {
        if bytes[i] != 0xFF {
            return JpegEnd::Malformed;
        }
        match bytes[i + 1] {
            0xFF => i += 1,                   // fill byte before a marker
            0xD9 => return JpegEnd::Complete, // EOI
            0x01 | 0xD0..=0xD7 => i += 2,     // markers without a length
            marker => {
                let Some(length) = segment_length(i) else {
                    return JpegEnd::CutShort;
                };
                if length < 2 {
                    return JpegEnd::Malformed;
                }
                i += 2 + length;
                if marker == 0xDA {
                    i = skip_entropy_coded_data(bytes, i);
                }
            }
        }
    }
    JpegEnd::CutShort
}

/// Returns the index of the first marker after a scan's entropy-coded data (or the end):
/// inside the data, FF is followed by 00 (a stuffed byte) or a restart marker D0–D7.
fn skip_entropy_coded_data(bytes: &[u8], mut i: usize) -> usize {
    while i + 1 < bytes.len() {
        if bytes[i] == 0xFF && !matches!(bytes[i + 1], 0x00 | 0xD0..=0xD7) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

fn decode_problem(
    error: ImageError,
    bytes: &[u8],
    format: ImageFormat,
    limits: &IngestLimits,
) -> UploadProblem {
    match error {
        ImageError::Limits(_) => {
            // Read the header again without limits, only to say how big it claims to be.
            let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
                .into_dimensions()
                .unwrap_or((0, 0));
            too_many_pixels(width, height, limits)
        }
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            UploadProblem::Truncated {
                what: format!("the data ends early ({e})"),
            }
        }
        other => UploadProblem::Corrupt {
            detail: other.to_string(),
        },
    }
}

fn too_many_pixels(width: u32, height: u32, limits: &IngestLimits) -> UploadProblem {
    UploadProblem::TooManyPixels {
        width,
        height,
        max_side: limits.max_image_side,
        max_mib: limits.max_decoded_bytes / (1024 * 1024),
    }
}

/// SHA-256 of `bytes` in lower-case hex: an upload's identity in reports and the store.
pub fn sha256_hex(bytes: &[u8]) -> String {
    lower_hex(&Sha256::digest(bytes))
}

/// Lower-case hex, the spelling of every hash and token dossier writes.
pub fn lower_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    fn encode(image: &RgbImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    fn sample() -> RgbImage {
        RgbImage::from_fn(64, 48, |x, y| Rgb([(x * 4) as u8, (y * 5) as u8, 128]))
    }

    #[test]
    fn a_good_jpeg_and_png_decode_at_their_size() {
        for format in [ImageFormat::Jpeg, ImageFormat::Png] {
            let decoded =
                decode_upload(&encode(&sample(), format), &IngestLimits::default()).unwrap();
            assert_eq!((decoded.image.width(), decoded.image.height()), (64, 48));
            assert_eq!(decoded.exif_orientation, None);
        }
    }

    #[test]
    fn a_jpeg_cut_in_its_scan_is_truncated() {
        let jpeg = encode(&sample(), ImageFormat::Jpeg);
        let cut = &jpeg[..jpeg.len() * 2 / 3];
        assert!(matches!(
            decode_upload(cut, &IngestLimits::default()),
            Err(UploadProblem::Truncated { .. })
        ));
    }

    #[test]
    fn data_appended_after_the_image_does_not_make_it_truncated() {
        let mut jpeg = encode(&sample(), ImageFormat::Jpeg);
        jpeg.extend_from_slice(b"\0\0\0\x18ftypmp42\xFF\xDA\x00\x08trailing video");
        assert_eq!(jpeg_end_state(&jpeg), JpegEnd::Complete);
        assert!(decode_upload(&jpeg, &IngestLimits::default()).is_ok());
    }

    #[test]
    fn a_png_cut_short_is_refused() {
        let png = encode(&sample(), ImageFormat::Png);
        let result = decode_upload(&png[..png.len() / 2], &IngestLimits::default());
        assert!(
            matches!(
                result,
                Err(UploadProblem::Truncated { .. } | UploadProblem::Corrupt { .. })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn dimensions_over_the_limit_are_refused_before_decoding() {
        let limits = IngestLimits {
            max_image_side: 50,
            ..IngestLimits::default()
        };
        let result = decode_upload(&encode(&sample(), ImageFormat::Png), &limits);
        assert_eq!(
            result.unwrap_err(),
            UploadProblem::TooManyPixels {
                width: 64,
                height: 48,
                max_side: 50,
                max_mib: 512
            }
        );
    }

    #[test]
    fn allocation_over_the_limit_is_refused() {
        let limits = IngestLimits {
            max_decoded_bytes: 64 * 48 * 3 - 1,
            ..IngestLimits::default()
        };
        let result = decode_upload(&encode(&sample(), ImageFormat::Png), &limits);
        assert!(
            matches!(
                result,
                Err(UploadProblem::TooManyPixels {
                    width: 64,
                    height: 48,
                    ..
                })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn exif_orientation_is_applied_and_recorded() {
        // A JPEG with an APP1 EXIF block saying "rotate 90° clockwise" (orientation 6).
        let jpeg = encode(&sample(), ImageFormat::Jpeg);
        let with_exif = insert_exif_orientation(&jpeg, 6);
        let decoded = decode_upload(&with_exif, &IngestLimits::default()).unwrap();
        assert_eq!(decoded.exif_orientation, Some(6));
        assert_eq!((decoded.image.width(), decoded.image.height()), (48, 64));
    }

    /// Inserts a minimal big-endian EXIF APP1 segment with one Orientation entry after SOI.
    fn insert_exif_orientation(jpeg: &[u8], orientation: u8) -> Vec<u8> {
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // header, IFD0 at offset 8
        tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
        tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
        tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
        tiff.extend_from_slice(&1u32.to_be_bytes()); // count
        tiff.extend_from_slice(&[0, orientation, 0, 0]); // value, left-aligned
        tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
        let mut payload = b"Exif\0\0".to_vec();
        payload.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&payload);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn size_is_judged_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jpg");
        std::fs::write(&path, vec![0u8; 2_000]).unwrap();
        let loaded = load_upload(
            &path,
            &IngestLimits {
                max_file_bytes: 1_000,
                ..IngestLimits::default()
            },
        );
        assert_eq!(
            loaded.decoded.unwrap_err(),
            UploadProblem::TooLarge {
                bytes: 2_000,
                limit: 1_000
            }
        );
        assert_eq!(loaded.info.bytes, 2_000);
        assert!(!loaded.info.decoded);
    }

    #[test]
    fn the_hash_identifies_the_bytes() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
