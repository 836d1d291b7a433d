//! Why an upload could not be taken in, and the finding that tells the supplier.

use crate::report::{Finding, FindingCode};

/// Why an upload could not be read or decoded. Each becomes one finding on that upload;
/// none stops the batch.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UploadProblem {
    #[error("the file is {bytes} bytes, over the limit of {limit} bytes")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("the file is not an image or a PDF{}", if *.looks_like_text { " (it holds text)" } else { "" })]
    NotAnImage { looks_like_text: bool },
    #[error("{format} files are not accepted")]
    FormatNotAccepted { format: &'static str },
    #[error("the file is incomplete: {what}")]
    Truncated { what: String },
    #[error(
        "the image is {width}×{height} pixels, beyond the decode limit of {max_side} pixels a side and {max_mib} MiB decoded"
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        max_side: u32,
        max_mib: u64,
    },
    #[error("the image data is damaged: {detail}")]
    Corrupt { detail: String },
    #[error(
        "PDF uploads need `pdftoppm` (Debian package poppler-utils), which was not found: run scripts/setup.sh"
    )]
    PdfRendererMissing,
    #[error("the PDF could not be rendered: {detail}")]
    PdfUnrenderable { detail: String },
    #[error("rendering the PDF took longer than {seconds} s and was stopped")]
    PdfTimeout { seconds: u64 },
    #[error("the file could not be read: {detail}")]
    Io { detail: String },
}

impl UploadProblem {
    /// The finding code: size problems are `FILE_TOO_LARGE`, everything else `FILE_UNREADABLE`.
    pub fn code(&self) -> FindingCode {
        match self {
            UploadProblem::TooLarge { .. } => FindingCode::FileTooLarge,
            _ => FindingCode::FileUnreadable,
        }
    }

    /// The reason in Chinese, for the supplier.
    fn reason_zh(&self) -> String {
        match self {
            UploadProblem::TooLarge { bytes, limit } => {
                format!(
                    "文件大小 {}，超过 {} 的上限",
                    human_size(*bytes),
                    human_size(*limit)
                )
            }
            UploadProblem::Empty => "文件为空（0 字节）".into(),
            UploadProblem::NotAnImage { .. } => "文件不是图片或 PDF".into(),
            UploadProblem::FormatNotAccepted { format } => format!("不支持 {format} 格式"),
            UploadProblem::Truncated { .. } => "文件不完整，可能上传中断".into(),
            UploadProblem::TooManyPixels { width, height, .. } => {
                format!("图片尺寸 {width}×{height} 像素，超出处理上限")
            }
            UploadProblem::Corrupt { .. } => "图片数据已损坏".into(),
            UploadProblem::PdfRendererMissing
            | UploadProblem::PdfUnrenderable { .. }
            | UploadProblem::PdfTimeout { .. } => "PDF 文件无法读取".into(),
            UploadProblem::Io { .. } => "文件无法读取".into(),
        }
    }

    /// The finding for this problem on the upload `file`.
    pub fn to_finding(&self, file: &str) -> Finding {
        let (zh_action, en_action) = match self {
            UploadProblem::TooLarge { .. } => (
                "请压缩到上限以内或重新拍摄后上传",
                "compress it below the limit or retake the photo, then upload it again",
            ),
            UploadProblem::PdfRendererMissing => (
                "请联系平台处理，或改为上传 JPG/PNG 图片",
                "the platform must install its PDF renderer; meanwhile upload a JPEG or PNG",
            ),
            _ => (
                "请重新上传清晰完整的 JPG、PNG 图片或 PDF 文件",
                "upload it again as a complete JPEG, PNG or PDF",
            ),
        };
        Finding::new(
            self.code(),
            format!("{file}：{}，{zh_action}", self.reason_zh()),
            format!("{file}: {self}; {en_action}"),
        )
        .on_document(file)
    }
}

/// Sizes as suppliers read them: `10.5 MB` (decimal, as phones and upload forms show).
fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} 字节")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_is_its_own_code_and_names_both_sizes() {
        let finding = UploadProblem::TooLarge {
            bytes: 11_000_000,
            limit: 10_485_760,
        }
        .to_finding("lic.jpg");
        assert_eq!(finding.code, FindingCode::FileTooLarge);
        assert_eq!(finding.document.as_deref(), Some("lic.jpg"));
        assert!(
            finding.message_zh.contains("11.0 MB"),
            "{}",
            finding.message_zh
        );
        assert!(
            finding.message_zh.contains("10.5 MB"),
            "{}",
            finding.message_zh
        );
        assert!(
            finding.message_en.contains("11000000 bytes"),
            "{}",
            finding.message_en
        );
    }

    #[test]
    fn every_other_problem_is_unreadable() {
        let problems = [
            UploadProblem::Empty,
            UploadProblem::NotAnImage {
                looks_like_text: true,
            },
            UploadProblem::FormatNotAccepted { format: "GIF" },
            UploadProblem::Truncated { what: "x".into() },
            UploadProblem::Corrupt { detail: "x".into() },
            UploadProblem::PdfRendererMissing,
            UploadProblem::PdfTimeout { seconds: 30 },
        ];
        for problem in problems {
            let finding = problem.to_finding("a.jpg");
            assert_eq!(finding.code, FindingCode::FileUnreadable, "{problem:?}");
            assert!(
                finding.message_en.starts_with("a.jpg: "),
                "{}",
                finding.message_en
            );
            assert!(
                finding.message_zh.contains("a.jpg"),
                "{}",
                finding.message_zh
            );
        }
    }
}
