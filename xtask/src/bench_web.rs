//! `cargo xtask bench-web`: the playground's budgets, measured.
//!
//! - Download size: the wasm and the JS glue, raw and gzip -9 compressed.
//! - Start-up: time from navigation start to the app's first render
//!   (`performance.mark("ftpsim-interactive")`), in a fresh headless Chromium
//!   each time, so that nothing is cached.
//!
//! The figures are printed and written to `target/bench-web.json`.

use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

use crate::browser::{self, Driver};
use crate::{serve, site, target_dir};

/// Fresh browser starts measured for the start-up time.
const STARTS: usize = 7;

pub fn run() -> Result<Value, String> {
    let site = site::build()?;
    let mut report = json!({ "size": sizes(&site)? });

    match browser::find() {
        Ok(found) => {
            let server = serve::Background::start(&site)?;
            let driver = Driver::start(&found)?;
            report["first_render_ms"] = first_render(&driver, &server.url())?;
        }
        Err(why) => eprintln!("bench-web: no browser measurements: {why}"),
    }

    let path = target_dir().join("bench-web.json");
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    fs::write(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("{text}");
    eprintln!("bench-web: written to {}", path.display());
    Ok(report)
}

fn sizes(site: &Path) -> Result<Value, String> {
    let mut total_raw = 0;
    let mut total_gzip = 0;
    let mut files = serde_json::Map::new();
    for name in [
        format!("{}_bg.wasm", site::STEM),
        format!("{}.js", site::STEM),
    ] {
        let path = site.join(&name);
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let gzip = gzip_len(&bytes)?;
        total_raw += bytes.len();
        total_gzip += gzip;
        files.insert(name, json!({ "raw": bytes.len(), "gzip": gzip }));
    }
    files.insert(
        "wasm_plus_js".into(),
        json!({ "raw": total_raw, "gzip": total_gzip }),
    );
    Ok(Value::Object(files))
}

fn gzip_len(bytes: &[u8]) -> Result<usize, String> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(encoder.finish().map_err(|e| e.to_string())?.len())
}

fn first_render(driver: &Driver, base: &str) -> Result<Value, String> {
    let mut samples = Vec::with_capacity(STARTS);
    for _ in 0..STARTS {
        let browser = driver.session()?;
        browser.goto(&format!("{base}#/codes?lang=en"))?;
        browser.wait_until(
            "the first render",
            "return document.documentElement.dataset.ready === 'true'",
            std::time::Duration::from_secs(30),
        )?;
        let ms = browser.execute(
            "return performance.getEntriesByName('ftpsim-interactive')[0].startTime",
            json!([]),
        )?;
        samples.push(ms.as_f64().ok_or_else(|| format!("no render mark: {ms}"))?);
    }
    samples.sort_by(f64::total_cmp);
    Ok(json!({
        "median": samples[samples.len() / 2],
        "min": samples[0],
        "max": samples[samples.len() - 1],
        "samples": samples,
    }))
}
