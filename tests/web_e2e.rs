//! End to end in a real headless Chromium (Debian's `chromium` and `chromium-driver`,
//! installed by setup): sign in, open a flagged application, check that the finding's box
//! is drawn over the image where the finding says, reject with a reason and see the audit
//! entry. Saves a screenshot of the application page as target/e2e-application.png.

mod store_common;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dossier::pipeline::ScreenSettings;
use dossier::store::accounts::Role;
use dossier::store::work::{WorkOptions, run_workers};
use dossier::store::{OpenMode, Selection, Store};
use fantoccini::{ClientBuilder, Locator};

const PASSWORD: &str = "e2e-reviewer-password";

async fn fresh_database() -> String {
    unreachable!()
}

/// Kills a child process when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, what: &str) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{what} did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn require(program: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{program} is not installed: run scripts/setup.sh (it installs Debian's chromium and chromium-driver)"
    );
}

/// A store with one application whose small photo is flagged LOW_RESOLUTION (a finding
/// with a region), screened with the quality checks, and a reviewer account.
async fn prepare(dir: &Path) -> (String, std::path::PathBuf, [u32; 4]) {
    let url = format!("sqlite://{}", dir.join("dossier.db").display());
    let blobs = dir.join("blobs");
    let app_dir = dir.join("apps/app-e2e");
    std::fs::create_dir_all(&app_dir).unwrap();
    let photo = image::RgbImage::from_fn(640, 400, |x, y| {
        if (60..580).contains(&x) && (40..360).contains(&y) {
            image::Rgb([235, 230, 220])
        } else {
            image::Rgb([60, 70, 80])
        }
    });
    photo.save(app_dir.join("licence.png")).unwrap();
    std::fs::write(
        app_dir.join("application.json"),
        r#"{"company_name": "端到端测试有限公司"}"#,
    )
    .unwrap();

    let store = Store::open(&url, &blobs, OpenMode::CreateIfEmpty)
        .await
        .unwrap();
    let discovery = dossier::ingest::discover(&dir.join("apps")).unwrap();
    store.ingest(&discovery.applications[0]).await.unwrap();
    let settings = std::sync::Arc::new(ScreenSettings {
        quality_checks: true,
        ..ScreenSettings::default()
    });
    store
        .enqueue(&Selection::All, &settings.pipeline_version())
        .await
        .unwrap();
    run_workers(
        &store,
        settings.clone(),
        &WorkOptions::default(),
        std::sync::Arc::new(|_| {}),
    )
    .await
    .unwrap();
    store
        .add_user("li", Role::Reviewer, PASSWORD)
        .await
        .unwrap();
    let report = store
        .report("app-e2e", &settings.pipeline_version())
        .await
        .unwrap()
        .unwrap();
    let region = report
        .findings
        .iter()
        .find(|f| f.code.as_str() == "LOW_RESOLUTION")
        .and_then(|f| f.region)
        .expect("the small photo is LOW_RESOLUTION with a region");
    store.close().await;
    (url, blobs, region.into())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reviewer_signs_in_sees_the_box_and_rejects() {
    require("chromium");
    require("chromedriver");
    let dir = tempfile::tempdir().unwrap();
    let (url, blobs, [rx, ry, rw, rh]) = prepare(dir.path()).await;

    let port = free_port();
    let _server = Running(
        Command::new(store_common::dossier_bin())
            .args([
                "serve",
                "--db",
                &url,
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--no-ocr",
                "--quality",
                "--workers",
                "0",
            ])
            .arg("--blobs")
            .arg(&blobs)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dossier serve starts"),
    );
    let driver_port = free_port();
    let _driver = Running(
        Command::new("chromedriver")
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    wait_for_port(port, "dossier serve");
    wait_for_port(driver_port, "chromedriver");

    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1600"]
        }),
    );
    let client = ClientBuilder::rustls()
        .expect("TLS roots load")
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("chromium starts under chromedriver");
    let base = format!("http://127.0.0.1:{port}");

    // Signed out, the application page sends us to sign in.
    client
        .goto(&format!("{base}/applications/app-e2e"))
        .await
        .unwrap();
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/login")
    );
    client
        .find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys("li")
        .await
        .unwrap();
    client
        .find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    client
        .find(Locator::Id("sign-in"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Id("queue"))
        .await
        .unwrap();

    client
        .find(Locator::LinkText("app-e2e"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Id("findings"))
        .await
        .unwrap();
    // Wait for the image, then measure where the box is drawn relative to it.
    let measured = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const img = document.querySelector('.frame img');
               const measure = () => {
                 const box = document.querySelector('rect.finding[data-code="LOW_RESOLUTION"]').getBoundingClientRect();
                 const pic = img.getBoundingClientRect();
                 done([pic.left, pic.top, pic.width, img.naturalWidth, box.left, box.top, box.width, box.height]);
               };
               if (img.complete && img.naturalWidth > 0) { measure(); } else { img.onload = measure; }"#,
            vec![],
        )
        .await
        .unwrap();
    let m: Vec<f64> = measured
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let (pic_left, pic_top, pic_width, natural_width) = (m[0], m[1], m[2], m[3]);
    assert_eq!(natural_width, 640.0, "the upload itself is shown");
    let scale = pic_width / natural_width;
    let expected = [
        pic_left + rx as f64 * scale,
        pic_top + ry as f64 * scale,
        rw as f64 * scale,
        rh as f64 * scale,
    ];
    for (got, want) in m[4..8].iter().zip(expected) {
        assert!(
            (got - want).abs() <= 2.0,
            "box {:?} vs expected {expected:?}",
            &m[4..8]
        );
    }
    let screenshot = client.screenshot().await.unwrap();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-application.png");
    std::fs::write(&target, screenshot).unwrap();

    // Reject with a reason; the page comes back decided with the audit entry.
    client
        .find(Locator::Css("#reason-code option[value='LOW_RESOLUTION']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Id("reject-note"))
        .await
        .unwrap()
        .send_keys("照片分辨率过低")
        .await
        .unwrap();
    client
        .find(Locator::Id("reject"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css(".review-entry"))
        .await
        .unwrap();
    let status = client
        .find(Locator::Id("task-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(status, "decided");
    let review = client
        .find(Locator::Css(".review-entry"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        review.contains("REJECT") && review.contains("LOW_RESOLUTION"),
        "{review}"
    );
    let audit = client
        .find(Locator::Id("audit"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        audit.contains("li") && audit.contains("reviewed"),
        "{audit}"
    );
    client.close().await.unwrap();
}
