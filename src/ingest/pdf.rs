//! Renders the first page of a PDF upload to an image with Debian's poppler (`pdftoppm`).
//!
//! Why poppler and not a Rust crate: 数电 invoices and scanned licences are PDFs with
//! embedded CJK fonts and JPEG/JBIG2 scans; poppler renders all of these faithfully, is
//! maintained by Debian with security updates, and runs in its own process, so a hostile
//! PDF can at worst crash or stall that process (killed after a timeout), never ours.
//! The pure-Rust renderers we looked at either bind a downloaded PDFium at build time or
//! do not yet render every font kind these documents use.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use super::{IngestLimits, UploadProblem};

/// The renderer's executable, looked up on `PATH`.
const PDFTOPPM: &str = "pdftoppm";

/// Renders page 1 of `pdf` to PNG bytes, scaled so its longest side is
/// `limits.pdf_render_long_side` pixels.
pub fn render_first_page(pdf: &[u8], limits: &IngestLimits) -> Result<Vec<u8>, UploadProblem> {
    let mut child = Command::new(PDFTOPPM)
        .args(["-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to"])
        .arg(limits.pdf_render_long_side.to_string())
        .arg("-") // read the PDF from standard input, write the PNG to standard output
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => UploadProblem::PdfRendererMissing,
            _ => UploadProblem::PdfUnrenderable {
                detail: format!("could not start {PDFTOPPM}: {e}"),
            },
        })?;

    // Feed stdin and drain both outputs on their own threads so no pipe can fill and stall.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let output_cap = limits.max_decoded_bytes;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // A renderer that stops reading early (a broken PDF) closes the pipe: not our error.
            let _ = stdin.write_all(pdf);
        });
        let png = scope.spawn(move || {
            let mut png = Vec::new();
            let read = (&mut stdout).take(output_cap).read_to_end(&mut png);
            read.map(|_| png)
        });
        let messages = scope.spawn(move || {
            let mut text = String::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_string(&mut text);
            text
        });

        let status = wait_or_kill(&mut child, limits.pdf_render_timeout)?;
        let png = png.join().expect("reader thread does not panic");
        let messages = messages.join().expect("reader thread does not panic");
        if !status.success() {
            return Err(UploadProblem::PdfUnrenderable {
                detail: first_line_or(&messages, "the renderer failed without a message"),
            });
        }
        match png {
            Ok(png) if !png.is_empty() => Ok(png),
            Ok(_) => Err(UploadProblem::PdfUnrenderable {
                detail: first_line_or(&messages, "the renderer produced no page"),
            }),
            Err(e) => Err(UploadProblem::PdfUnrenderable {
                detail: format!("reading the rendered page failed: {e}"),
            }),
        }
    })
}

fn wait_or_kill(
    child: &mut std::process::Child,
    timeout: Duration,
) -> Result<std::process::ExitStatus, UploadProblem> {
    let waited = child
        .wait_timeout(timeout)
        .map_err(|e| UploadProblem::PdfUnrenderable {
            detail: format!("waiting for {PDFTOPPM} failed: {e}"),
        })?;
    match waited {
        Some(status) => Ok(status),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            Err(UploadProblem::PdfTimeout {
                seconds: timeout.as_secs(),
            })
        }
    }
}

fn first_line_or(text: &str, fallback: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or(fallback)
        .to_string()
}
