//! End-to-end tests of `dossier screen` over folders of good and bad uploads. They test the
//! file handling, so they screen with `--no-ocr`: their tiny images are no documents, which
//! the rules would rightly report missing (the rules on documents are tested in
//! `rules_on_truth.rs` and `documents_fixtures.rs`).

mod util;

use std::io::Write;

use util::{dossier, findings_of, jpeg, parse_json_lines, png_bomb, put, report_of, screen};

const GOOD_FORM: &str =
    r#"{ "company_name": "杭州示例科技有限公司", "submitted_at": "2026-11-28" }"#;

/// One application per kind of bad input, plus a good one and a mixed one.
fn bad_input_folder() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // Large enough to read: a smaller photo is LOW_RESOLUTION.
    let good = jpeg(900, 600);

    put(r, "good/licence.jpg", &good);
    put(r, "good/application.json", GOOD_FORM.as_bytes());
    put(r, "good/truth.json", b"{\"not\": \"an upload\"}");

    put(r, "truncated/licence.jpg", &good[..good.len() / 2]);
    put(r, "zero-bytes/id_front.jpg", b"");
    put(
        r,
        "text-as-jpg/permit.jpg",
        "这不是图片\nnot an image\n".as_bytes(),
    );
    put(r, "bomb/licence.png", &png_bomb(50_000));
    put(r, "too-large/licence.jpg", &eleven_megabyte_jpeg(&good));

    put(r, "broken-form/licence.jpg", &good);
    put(
        r,
        "broken-form/application.json",
        br#"{ "company_name": 42, "#,
    );

    put(r, "mixed/a_good.jpg", &good);
    put(r, "mixed/b_empty.jpg", b"");
    put(
        r,
        "mixed/application.json",
        br#"{ "taxpayer": "enormous" }"#,
    );
    root
}

/// A real JPEG padded past 11 MB (as a camera's trailing data would be).
fn eleven_megabyte_jpeg(jpeg: &[u8]) -> Vec<u8> {
    let mut bytes = jpeg.to_vec();
    bytes.resize(11_000_000, 0);
    bytes
}

#[test]
fn every_bad_input_becomes_its_finding_and_every_application_is_reported() {
    let root = bad_input_folder();
    let (reports, output) = screen(root.path(), &["--no-ocr"]);
    assert!(
        output.status.success(),
        "exit code {:?}",
        output.status.code()
    );

    let ids: Vec<_> = reports
        .iter()
        .map(|r| r["application"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "bomb",
            "broken-form",
            "good",
            "mixed",
            "text-as-jpg",
            "too-large",
            "truncated",
            "zero-bytes"
        ]
    );

    let expect = |id: &str, findings: &[(&str, &str)], decision: &str| {
        let report = report_of(&reports, id);
        let expected: Vec<(String, String)> = findings
            .iter()
            .map(|(c, d)| (c.to_string(), d.to_string()))
            .collect();
        assert_eq!(findings_of(report), expected, "findings of {id}");
        assert_eq!(report["decision"], decision, "decision of {id}");
    };
    expect("good", &[], "PASS");
    expect(
        "truncated",
        &[("FILE_UNREADABLE", "licence.jpg")],
        "REUPLOAD",
    );
    expect(
        "zero-bytes",
        &[("FILE_UNREADABLE", "id_front.jpg")],
        "REUPLOAD",
    );
    expect(
        "text-as-jpg",
        &[("FILE_UNREADABLE", "permit.jpg")],
        "REUPLOAD",
    );
    expect("bomb", &[("FILE_UNREADABLE", "licence.png")], "REUPLOAD");
    expect(
        "too-large",
        &[("FILE_TOO_LARGE", "licence.jpg")],
        "REUPLOAD",
    );
    expect(
        "broken-form",
        &[("FORM_INVALID", "application.json")],
        "NEEDS_REVIEW",
    );
    expect(
        "mixed",
        &[
            ("FILE_UNREADABLE", "b_empty.jpg"),
            ("FORM_INVALID", "application.json"),
        ],
        "REUPLOAD",
    );

    // The messages say what is wrong, in both languages.
    let message = |id: &str| {
        report_of(&reports, id)["findings"][0]["message_en"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        message("truncated").contains("incomplete"),
        "{}",
        message("truncated")
    );
    assert!(
        message("zero-bytes").contains("empty (0 bytes)"),
        "{}",
        message("zero-bytes")
    );
    assert!(
        message("text-as-jpg").contains("not an image or a PDF (it holds text)"),
        "{}",
        message("text-as-jpg")
    );
    assert!(
        message("bomb").contains("50000×50000"),
        "{}",
        message("bomb")
    );
    assert!(
        message("too-large").contains("11000000 bytes"),
        "{}",
        message("too-large")
    );
    assert!(
        message("broken-form").contains("line 1 column"),
        "{}",
        message("broken-form")
    );
    let zh = report_of(&reports, "bomb")["findings"][0]["message_zh"]
        .as_str()
        .unwrap();
    assert!(zh.contains("50000×50000"), "{zh}");
}

#[test]
fn every_upload_is_listed_with_what_ingest_learned() {
    let root = bad_input_folder();
    let (reports, _) = screen(root.path(), &["--no-ocr"]);

    let good = &report_of(&reports, "good")["documents"];
    assert_eq!(
        good.as_array().unwrap().len(),
        1,
        "truth.json is not an upload"
    );
    let upload = &good[0]["upload"];
    assert_eq!(good[0]["file"], "licence.jpg");
    assert_eq!(good[0]["type"], "unknown");
    assert_eq!(upload["format"], "jpeg");
    assert_eq!(
        (upload["width"].as_u64(), upload["height"].as_u64()),
        (Some(900), Some(600))
    );
    assert_eq!(upload["decoded"], true);
    assert_eq!(upload["sha256"].as_str().unwrap().len(), 64);

    let text = &report_of(&reports, "text-as-jpg")["documents"][0]["upload"];
    assert_eq!(text["decoded"], false);
    assert!(
        text.get("format").is_none(),
        "a text file has no image format"
    );

    let large = &report_of(&reports, "too-large")["documents"][0]["upload"];
    assert_eq!(large["bytes"], 11_000_000);
    assert!(
        large.get("sha256").is_none(),
        "an oversized file is not read"
    );

    let mixed = report_of(&reports, "mixed")["documents"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(mixed, 2, "the good upload of a mixed application is kept");
}

#[test]
fn the_as_of_date_comes_from_the_form_unless_overridden() {
    let root = bad_input_folder();
    let (reports, _) = screen(root.path(), &["--no-ocr"]);
    assert_eq!(report_of(&reports, "good")["as_of"], "2026-11-28");

    let (reports, _) = screen(root.path(), &["--no-ocr", "--as-of", "2025-01-31"]);
    assert_eq!(report_of(&reports, "good")["as_of"], "2025-01-31");
}

#[test]
fn the_file_size_limit_is_configurable() {
    let root = tempfile::tempdir().unwrap();
    put(root.path(), "a/licence.jpg", &jpeg(900, 600));
    let (reports, _) = screen(root.path(), &["--no-ocr", "--max-file-size", "1kB"]);
    assert_eq!(
        findings_of(&reports[0]),
        [("FILE_TOO_LARGE".to_string(), "licence.jpg".to_string())]
    );
    // The same limit from a config file; the flag overrides the file.
    let config = root.path().join("dossier.toml");
    std::fs::write(&config, "[upload]\nmax_file_size = \"1kB\"\n").unwrap();
    let config = config.to_str().unwrap();
    let (reports, _) = screen(root.path(), &["--no-ocr", "--config", config]);
    assert_eq!(
        findings_of(&reports[0]),
        [("FILE_TOO_LARGE".to_string(), "licence.jpg".to_string())]
    );
    let (reports, _) = screen(
        root.path(),
        &["--no-ocr", "--config", config, "--max-file-size", "10MB"],
    );
    assert_eq!(findings_of(&reports[0]), []);
}

#[test]
fn the_report_is_the_same_whatever_the_thread_count() {
    let root = bad_input_folder();
    let run = |jobs: &str| {
        let output = dossier()
            .args(["screen", "--as-of", "2026-11-28", "--quiet", "--jobs", jobs])
            .arg(root.path())
            .output()
            .unwrap();
        assert!(output.status.success());
        output.stdout
    };
    assert_eq!(run("1"), run("4"));
}

#[test]
fn out_writes_the_report_to_a_file_and_the_summary_goes_to_stderr() {
    let root = bad_input_folder();
    put(root.path(), "stray.jpg", &jpeg(16, 16));
    let out = root.path().join("report.jsonl");
    let output = dossier()
        .args(["screen", "--no-ocr", "--out"])
        .arg(&out)
        .arg(root.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stdout.is_empty(),
        "the report went to the file, not stdout"
    );
    let reports = parse_json_lines(&std::fs::read(&out).unwrap());
    assert_eq!(reports.len(), 8);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("screened 8 applications (9 uploads)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("decisions: REUPLOAD 6 · NEEDS_REVIEW 1 · PASS 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped") && stderr.contains("stray.jpg"),
        "{stderr}"
    );
    assert!(
        stderr.contains("report: ") && stderr.contains("report.jsonl"),
        "{stderr}"
    );
}

#[test]
fn a_missing_folder_cannot_run_and_exits_2() {
    let root = tempfile::tempdir().unwrap();
    let output = dossier()
        .arg("screen")
        .arg(root.path().join("no-such-folder"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot read the applications folder"),
        "{stderr}"
    );
    assert!(stderr.contains("no-such-folder"), "{stderr}");
}

#[test]
fn an_unwritable_report_file_exits_2() {
    let root = tempfile::tempdir().unwrap();
    put(root.path(), "a/licence.jpg", &jpeg(32, 32));
    let output = dossier()
        .arg("screen")
        .arg(root.path())
        .arg("--out")
        .arg(root.path().join("missing-dir/report.jsonl"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot create the report file"));
}

#[test]
fn a_pdf_upload_is_rendered_to_its_first_page() {
    let root = tempfile::tempdir().unwrap();
    put(root.path(), "a/invoice.pdf", &minimal_pdf());
    let (reports, output) = screen(root.path(), &["--no-ocr"]);
    assert!(output.status.success());
    assert_eq!(findings_of(&reports[0]), []);
    let upload = &reports[0]["documents"][0]["upload"];
    assert_eq!(upload["format"], "pdf");
    assert_eq!(upload["decoded"], true);
    // A 200 × 100 pt page rendered with its longest side at the default 2480 px.
    assert_eq!(
        (upload["width"].as_u64(), upload["height"].as_u64()),
        (Some(2480), Some(1240))
    );
}

#[test]
fn a_damaged_pdf_is_unreadable_with_the_renderer_reason() {
    let root = tempfile::tempdir().unwrap();
    put(
        root.path(),
        "a/invoice.pdf",
        b"%PDF-1.4\nthis is not really a pdf\n",
    );
    let (reports, _) = screen(root.path(), &["--no-ocr"]);
    assert_eq!(
        findings_of(&reports[0]),
        [("FILE_UNREADABLE".to_string(), "invoice.pdf".to_string())]
    );
    let message = reports[0]["findings"][0]["message_en"].as_str().unwrap();
    assert!(message.contains("PDF could not be rendered"), "{message}");
}

/// A one-page 200 × 100 pt PDF with a filled rectangle, with a correct cross-reference table.
fn minimal_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>".to_string(),
        {
            let content = "0.8 0 0 rg 20 20 160 60 re f";
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
        },
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        write!(pdf, "{} 0 obj\n{body}\nendobj\n", i + 1).unwrap();
    }
    let xref = pdf.len();
    write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for offset in offsets {
        writeln!(pdf, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        pdf,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    pdf
}

#[test]
fn resume_keeps_complete_reports_and_screens_only_the_rest() {
    let root = bad_input_folder();
    let out = root.path().join("report.jsonl");
    let full = dossier()
        .args(["screen", "--quiet", "--as-of", "2026-11-28"])
        .arg(root.path())
        .output()
        .unwrap();
    let lines: Vec<&str> = std::str::from_utf8(&full.stdout).unwrap().lines().collect();
    // A run killed after three reports, in the middle of writing the fourth.
    let stopped = format!(
        "{}\n{}\n{}\n{}",
        lines[0],
        lines[1],
        lines[2],
        &lines[3][..30]
    );
    std::fs::write(&out, stopped).unwrap();

    let resumed = dossier()
        .args(["screen", "--as-of", "2026-11-28", "--resume", "--out"])
        .arg(&out)
        .arg(root.path())
        .output()
        .unwrap();
    assert!(resumed.status.success());
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    assert!(
        stderr.contains("resuming: 3 application(s) already in"),
        "{stderr}"
    );
    assert!(stderr.contains("screened 5 applications"), "{stderr}");
    let after = std::fs::read_to_string(&out).unwrap();
    let mut resumed_lines: Vec<&str> = after.lines().collect();
    let mut expected = lines.clone();
    resumed_lines.sort();
    expected.sort();
    assert_eq!(
        resumed_lines, expected,
        "every application exactly once, the cut line gone"
    );
}
