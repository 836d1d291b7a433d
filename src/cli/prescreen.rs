//! `dossier prescreen`: the upload-time verdict on one photo, from the image-quality
//! checks alone (fast enough to answer while the supplier waits).

use std::path::PathBuf;
use std::time::Instant;

use dossier::ingest::{IngestLimits, parse_byte_size};

#[derive(Debug, clap::Args)]
pub struct PrescreenArgs {
    /// The upload (JPEG, PNG, TIFF, BMP, WebP or PDF).
    image: PathBuf,

    /// Print one JSON object (decision, findings, measurements, document quad, timings).
    #[arg(long)]
    json: bool,

    /// Uploads larger than this are FILE_TOO_LARGE (e.g. 10MiB, 10MB, 5000000).
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = parse_byte_size)]
    max_file_size: u64,
}

pub fn run(args: PrescreenArgs) -> anyhow::Result<()> {
    use dossier::report::Finding;
    let started = Instant::now();
    let limits = IngestLimits {
        max_file_bytes: args.max_file_size,
        ..IngestLimits::default()
    };
    let name = args.image.file_name().map_or_else(
        || args.image.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let loaded = dossier::ingest::load_upload(&args.image, &limits);
    let decoded_at = Instant::now();
    let (findings, measures, quad): (Vec<Finding>, _, _) = match loaded.decoded {
        Err(problem) => (vec![problem.to_finding(&name)], Default::default(), None),
        Ok(decoded) => {
            let report = dossier::pipeline::assess_upload(decoded.image);
            let quad = report.document.as_ref().filter(|d| d.found).map(|d| d.quad);
            let findings = report
                .findings
                .into_iter()
                .map(|f| f.into_finding(&name))
                .collect();
            (findings, report.measures, quad)
        }
    };
    let done = Instant::now();
    let decision = dossier::rules::decision::decide(&findings);
    let (decode_ms, quality_ms) = (
        (decoded_at - started).as_secs_f64() * 1e3,
        (done - decoded_at).as_secs_f64() * 1e3,
    );
    if args.json {
        let out = serde_json::json!({
            "file": name,
            "decision": decision,
            "findings": findings,
            "quality": measures,
            "document_quad": quad,
            "width": loaded.info.width,
            "height": loaded.info.height,
            "decode_ms": decode_ms,
            "quality_ms": quality_ms,
        });
        println!("{out}");
    } else {
        println!("{name}: {}", decision.as_str());
        for f in &findings {
            let region = f.region.map_or("-".to_string(), |r| {
                format!("[{}, {}, {}, {}]", r.x, r.y, r.width, r.height)
            });
            println!("  {} {} {region}", f.code, f.severity.as_str());
            println!("    {}", f.message_zh);
            println!("    {}", f.message_en);
        }
        eprintln!("decode {decode_ms:.0} ms, quality {quality_ms:.0} ms");
    }
    Ok(())
}
