//! `dossier ocr`: reads the text of one or more images with PP-OCRv5 or Tesseract and
//! prints it, with per-stage timings on standard error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use dossier::ingest::IngestLimits;
use dossier::ocr::tesseract::{DEFAULT_LANGUAGE, TesseractEngine};
use dossier::ocr::{OcrEngine, PageText, PageTurn, PpOcr, PpOcrParams, TextLine};
use dossier::parallel::for_each_ordered;

use super::progress_bar;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each image is decoded as `screen` decodes uploads (size limits, EXIF orientation, \
                  PDFs' first page); a page photographed sideways or upside down is found and read \
                  upright. Lines come in reading order; with --json one image gives a JSON array of \
                  {\"text\", \"confidence\", \"box\": [[x,y] ×4], \"spans\"}, corners clockwise from \
                  the text's top-left in the decoded image's pixels, spans the characters' (PP-OCR) \
                  or words' (Tesseract) boxes; several images give one JSON object a line, \
                  {\"image\", \"turn\", \"lines\"}. Timings go to standard error. An image that \
                  cannot be read is reported and the others are still read; the exit code is then 2."
)]
pub struct OcrArgs {
    /// The images (JPEG, PNG, TIFF, BMP, WebP or PDF).
    #[arg(required = true)]
    images: Vec<PathBuf>,

    /// Print JSON (lines with confidence, box and character boxes) instead of plain text.
    #[arg(long)]
    json: bool,

    /// Longest side, in pixels, of the image the text detector sees (rounded to a multiple of 32).
    #[arg(long, value_name = "N", default_value_t = PpOcrParams::default().max_side,
          value_parser = clap::value_parser!(u32).range(32..=8192))]
    max_side: u32,

    /// Also run the line-orientation classifier (cls.onnx) on every line and turn the lines
    /// it finds upside down (for mixed orientations within a page; whole turned pages are
    /// found without this).
    #[arg(long)]
    orientation: bool,

    /// Folder holding det.onnx, rec.onnx, cls.onnx and ppocrv5_dict.txt.
    #[arg(long, value_name = "DIR", default_value = dossier::ocr::ppocr::DEFAULT_MODEL_DIR)]
    models: PathBuf,

    /// The OCR engine: PP-OCRv5 (default) or Tesseract 5 with chi_sim (the second engine).
    #[arg(long, value_enum, default_value_t = Engine::Ppocr)]
    engine: Engine,

    /// Images read at the same time (each also uses every core inside the networks):
    /// more than one overlaps one image's decoding and cropping with another's network
    /// runs, at the cost of memory.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Engine {
    Ppocr,
    Tesseract,
}

/// Tesseract's OpenMP threads fight over 2 cores: one thread was 3× faster here (DESIGN.md).
const TESSERACT_OMP_THREADS: &str = "1";

/// The engine chosen on the command line; PP-OCR's stages are timed separately.
enum Reader {
    PpOcr(PpOcr),
    Tesseract(TesseractEngine),
}

/// What reading one image gave, and how long each part took.
struct ImageText {
    page: PageText,
    size: (u32, u32),
    boxes: Option<usize>,
    timings: Vec<(&'static str, f64)>,
}

/// One image's result in the JSON Lines output of several images.
#[derive(Serialize)]
struct ImageRecord<'a> {
    image: &'a Path,
    turn: PageTurn,
    lines: &'a [TextLine],
}

pub fn run(args: OcrArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let reader = load_reader(&args)?;
    eprintln!(
        "{} loaded in {:.0} ms",
        reader.name(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let several = args.images.len() > 1;
    let progress = progress_bar(args.images.len() as u64, !several, "reading", "images");
    let mut failed = 0;
    let mut stdout = std::io::stdout().lock();
    let mut paths = args.images.iter();
    for_each_ordered(
        &args.images,
        usize::from(args.jobs),
        |path| reader.read(path),
        |result| -> anyhow::Result<()> {
            let path = paths.next().expect("one result per image");
            progress.inc(1);
            let text = match result {
                Ok(text) => text,
                Err(error) => {
                    progress.suspend(|| eprintln!("error: {error:#}"));
                    failed += 1;
                    return Ok(());
                }
            };
            progress.suspend(|| eprintln!("{}: {}", path.display(), text.describe()));
            let turn = text.page.turn;
            let lines = text.page.into_given(text.size);
            print_lines(&mut stdout, path, turn, &lines, args.json, several)
                .context("cannot write to standard output")
        },
    )?;
    progress.finish_and_clear();
    if failed > 0 {
        anyhow::bail!("{failed} of {} images could not be read", args.images.len());
    }
    Ok(())
}

fn load_reader(args: &OcrArgs) -> anyhow::Result<Reader> {
    match args.engine {
        Engine::Ppocr => {
            let params = PpOcrParams {
                max_side: args.max_side,
                turn_upside_down_lines: args.orientation,
                ..PpOcrParams::default()
            };
            let engine = PpOcr::load(&args.models, params).context("cannot load the OCR models")?;
            Ok(Reader::PpOcr(engine))
        }
        Engine::Tesseract => {
            if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
                // SAFETY: still single-threaded here: no thread has been spawned yet and
                // OpenMP starts with Tesseract below.
                unsafe { std::env::set_var("OMP_THREAD_LIMIT", TESSERACT_OMP_THREADS) };
            }
            let engine =
                TesseractEngine::new(DEFAULT_LANGUAGE).context("cannot start Tesseract")?;
            Ok(Reader::Tesseract(engine))
        }
    }
}

impl Reader {
    fn name(&self) -> &'static str {
        match self {
            Reader::PpOcr(engine) => engine.name(),
            Reader::Tesseract(engine) => engine.name(),
        }
    }

    /// Decodes `path` as an upload and reads it, timing each stage.
    fn read(&self, path: &Path) -> anyhow::Result<ImageText> {
        let started = Instant::now();
        let image = read_image(path)?;
        let decoded = Instant::now();
        let mut timings = vec![("decode", ms(decoded - started))];
        let failed = || format!("OCR of {} failed", path.display());
        let (page, boxes) = match self {
            Reader::PpOcr(engine) => {
                let boxes = engine.detect(&image).with_context(failed)?;
                let detected = Instant::now();
                let count = boxes.len();
                let page = engine.read_detected(&image, boxes).with_context(failed)?;
                timings.push(("detect", ms(detected - decoded)));
                timings.push(("recognise", ms(detected.elapsed())));
                (page, Some(count))
            }
            Reader::Tesseract(engine) => {
                let page = engine.read_page(&image).with_context(failed)?;
                timings.push(("recognise", ms(decoded.elapsed())));
                (page, None)
            }
        };
        Ok(ImageText {
            page,
            size: image.dimensions(),
            boxes,
            timings,
        })
    }
}

impl ImageText {
    /// One line for standard error: what was found and where the time went.
    fn describe(&self) -> String {
        let boxes = self
            .boxes
            .map(|n| format!(" of {n} boxes"))
            .unwrap_or_default();
        let turn = match self.page.turn {
            PageTurn::Upright => String::new(),
            turn => format!(", page turned {}°", turn.degrees()),
        };
        let timings: Vec<String> = self
            .timings
            .iter()
            .map(|(stage, ms)| format!("{stage} {ms:.0} ms"))
            .collect();
        format!(
            "{} lines{boxes} from {}×{} px{turn} · {}",
            self.page.lines.len(),
            self.size.0,
            self.size.1,
            timings.join(", ")
        )
    }
}

fn ms(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Reads an image as an upload (size limit, format sniffing, EXIF, PDF first page) and
/// returns its RGB pixels for an OCR engine.
fn read_image(path: &Path) -> anyhow::Result<image::RgbImage> {
    let upload = dossier::ingest::load_upload(path, &IngestLimits::default());
    let decoded = upload
        .decoded
        .map_err(|problem| anyhow::anyhow!("cannot read {}: {problem}", path.display()))?;
    Ok(decoded.image.to_rgb8())
}

/// Prints one image's lines: as text, one a line (under a `== path ==` header when there
/// are several images), or as JSON (an array for one image, an object a line for several).
fn print_lines(
    out: &mut impl Write,
    path: &Path,
    turn: PageTurn,
    lines: &[TextLine],
    json: bool,
    several: bool,
) -> anyhow::Result<()> {
    match (json, several) {
        (true, false) => writeln!(out, "{}", serde_json::to_string_pretty(lines)?)?,
        (true, true) => {
            let record = ImageRecord {
                image: path,
                turn,
                lines,
            };
            writeln!(out, "{}", serde_json::to_string(&record)?)?
        }
        (false, several) => {
            if several {
                writeln!(out, "== {} ==", path.display())?;
            }
            for line in lines {
                writeln!(out, "{}", line.text)?;
            }
        }
    }
    Ok(())
}
