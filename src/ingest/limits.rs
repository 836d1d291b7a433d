//! The limits every upload is held to before and while it is decoded.

use std::time::Duration;

/// Limits for reading and decoding untrusted uploads. Every field is a bound that keeps one
/// hostile or broken file from exhausting the machine; none is a quality judgement.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestLimits {
    /// Largest upload accepted, in bytes; larger files become `FILE_TOO_LARGE` without being
    /// read. Default 10 MiB (10 485 760 bytes): the platform's "≤10MB" rule (RULES.md §6,
    /// tagged [B]; whether MB means 10⁶ or 2²⁰ is open, hence configurable).
    pub max_file_bytes: u64,
    /// Largest width or height, in pixels, a decoder may announce. Default 20 000 px: above
    /// any phone camera (a 200-MP sensor is 16 320 × 12 240) and far below the 50 000-px
    /// headers of decompression bombs.
    pub max_image_side: u32,
    /// Largest buffer a decoder may allocate for the decoded pixels, in bytes. Default
    /// 512 MiB: a 170-MP RGB photo; a 10-MB JPEG cannot honestly hold more.
    pub max_decoded_bytes: u64,
    /// Longest side, in pixels, of the page image a PDF is rendered to. Default 2 480 px:
    /// an A4 page at 212 dpi, a 240 × 140 mm invoice at 262 dpi, enough for 9-pt print.
    pub pdf_render_long_side: u32,
    /// Longest the PDF renderer may run on one file before it is stopped. Default 30 s:
    /// a one-page invoice renders in well under a second here.
    pub pdf_render_timeout: Duration,
    /// Largest `application.json` accepted, in bytes. Default 1 MiB: a real form is < 2 KB.
    pub max_form_bytes: u64,
}

impl Default for IngestLimits {
    fn default() -> Self {
        IngestLimits {
            max_file_bytes: 10 * 1024 * 1024,
            max_image_side: 20_000,
            max_decoded_bytes: 512 * 1024 * 1024,
            pdf_render_long_side: 2_480,
            pdf_render_timeout: Duration::from_secs(30),
            max_form_bytes: 1024 * 1024,
        }
    }
}

impl IngestLimits {
    /// The `image` crate's decoder limits for these bounds.
    pub fn decoder_limits(&self) -> image::Limits {
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(self.max_image_side);
        limits.max_image_height = Some(self.max_image_side);
        limits.max_alloc = Some(self.max_decoded_bytes);
        limits
    }
}

/// Parses a size such as `10MB`, `10 MiB`, `500kB` or `10485760` into bytes.
/// Decimal units (kB, MB, GB) are powers of 1000, binary ones (KiB, MiB, GiB) of 1024.
pub fn parse_byte_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` does not start with a number"))?;
    let multiplier: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => {
            return Err(format!(
                "unknown size unit `{other}` (use B, kB, MB, GB, KiB, MiB or GiB)"
            ));
        }
    };
    let bytes = number * multiplier;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!("`{text}` is not a usable size"));
    }
    Ok(bytes.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_limit_is_ten_mebibytes() {
        assert_eq!(IngestLimits::default().max_file_bytes, 10_485_760);
    }

    #[test]
    fn decoder_limits_carry_the_bounds() {
        let limits = IngestLimits::default().decoder_limits();
        assert_eq!(limits.max_image_width, Some(20_000));
        assert_eq!(limits.max_image_height, Some(20_000));
        assert_eq!(limits.max_alloc, Some(512 * 1024 * 1024));
    }

    #[test]
    fn sizes_parse_in_decimal_and_binary_units() {
        let cases = [
            ("10485760", 10_485_760),
            ("10MiB", 10_485_760),
            ("10 MiB", 10_485_760),
            ("10MB", 10_000_000),
            ("10mb", 10_000_000),
            ("500kB", 500_000),
            ("1.5KiB", 1_536),
            ("2GB", 2_000_000_000),
        ];
        for (text, bytes) in cases {
            assert_eq!(parse_byte_size(text), Ok(bytes), "{text}");
        }
    }

    #[test]
    fn nonsense_sizes_are_refused() {
        for text in ["", "MB", "ten MB", "10 parsecs", "0", "-5MB"] {
            assert!(parse_byte_size(text).is_err(), "{text} should be refused");
        }
    }
}
