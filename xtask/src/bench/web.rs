//! `cargo xtask bench-web`: the playground's budgets, measured.
//!
//! - Download size: the wasm and the JS glue, raw and gzip -9 compressed.
//! - Start-up: time from navigation start to the app's first render
//!   (`performance.mark("ftpsim-interactive")`), in a fresh headless Chromium
//!   each time, so that nothing is cached; and on return visits, where the
//!   browser revalidates its copies (`304 Not Modified`).
//! - Simulation speed: one large scenario ([`speed_scenario`]) run by the
//!   JS API's `simulate()` in Chromium and by the release build of
//!   `ftpsim simulate --json` natively; the best of [`RUNS`] runs each, and
//!   their ratio. Both include building the report and writing it out (a JS
//!   object, JSON text), and the two reports must be equal, number for
//!   number. The in-app run (sliced, with progress) is timed too.
//!
//! - Re-runs: each ready scenario's card clicked in the app, from the click
//!   to its results on the page (a `MutationObserver` sees the DOM change),
//!   median of [`RERUNS`] clicks.
//!
//! The figures are printed and written to `target/bench-web.json`. `cargo
//! xtask bench` can call [`run`].

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

use super::report::{Doc, Row, ratio, si};
use crate::browser::{self, Browser, Driver};
use crate::browser_tests::first_difference;
use crate::{cargo, run as run_command, serve, site, target_dir, workspace_root};

/// Fresh browser starts measured for the start-up time: single starts vary
/// by tens of milliseconds with what else the machine does.
const STARTS: usize = 15;
/// Runs of the speed scenario on each side.
const RUNS: usize = 5;
/// Rounds of clicks over the ready cards: single clicks vary by several
/// milliseconds, and the first rounds run while the browser still optimises
/// the code.
const RERUNS: usize = 15;
/// The cards whose re-runs are timed: every card of the simulator.
const READY: [&str; 8] = [
    "evening",
    "rush",
    "shutdown",
    "greedy",
    "filezilla",
    "rclone",
    "ghosts",
    "office",
];

/// Budgets: wasm + JS gzip, first render, a ready scenario's re-run.
const BUDGET_GZIP_BYTES: f64 = 200.0 * 1000.0;
const BUDGET_FIRST_RENDER_MS: f64 = 150.0;
const BUDGET_RERUN_MS: f64 = 16.0;

/// The speed scenario: 3 million arrivals against vsftpd limits, most of
/// them refused (blocking about 87%), about 3.4 million events.
pub fn speed_scenario() -> Value {
    json!({
        "name": "bench-web",
        "duration": 3000.0,
        "seed": 7,
        "server": { "preset": "vsftpd", "max_clients": 2000, "max_per_ip": 50 },
        "clients": { "ips": 5000 },
        "arrivals": { "kind": "poisson", "rate": 1000.0 },
        "session": { "kind": "exponential", "mean": 15.0 },
        "report": { "timeline_buckets": 120, "transcripts_greeted": 8, "transcripts_refused": 8 },
    })
}

/// Builds the site and measures everything.
pub fn run() -> Result<Value, String> {
    measure(false)
}

/// Builds the site and measures it; `start_only` stops after the download
/// size and the first render.
pub fn measure(start_only: bool) -> Result<Value, String> {
    let site = site::build()?;
    let mut report = json!({ "size": sizes(&site)? });

    match browser::find() {
        Ok(found) => {
            let server = serve::Background::start(&site)?;
            let driver = Driver::start(&found)?;
            report["first_render_ms"] = first_render(&driver, &server.url())?;
            report["return_visit_ms"] = return_visits(&driver, &server.url())?;
            if !start_only {
                report["first_reading_view_ms"] = first_reading_view(&driver, &server.url())?;
                report["ready_rerun_ms"] = ready_reruns(&driver, &server.url())?;
                report["simulation"] = speed(&driver, &server.url())?;
            }
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

/// Each module's wasm and JS, raw and gzip -9; `first_load` is what the
/// page downloads before its first view (the budget's figure), and
/// `wasm_sections` splits that module's wasm by kind.
fn sizes(site: &Path) -> Result<Value, String> {
    let mut modules = serde_json::Map::new();
    for module in site::MODULES {
        let (mut raw, mut gzip) = (0, 0);
        let mut entry = serde_json::Map::new();
        entry.insert("what".into(), json!(module.what));
        for name in [
            format!("{}_bg.wasm", module.stem),
            format!("{}.js", module.stem),
        ] {
            let path = site.join(&name);
            let bytes =
                fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let packed = gzip_len(&bytes)?;
            raw += bytes.len();
            gzip += packed;
            entry.insert(name, json!({ "raw": bytes.len(), "gzip": packed }));
        }
        entry.insert("wasm_plus_js".into(), json!({ "raw": raw, "gzip": gzip }));
        modules.insert(module.stem.into(), Value::Object(entry));
    }
    let first_load = modules[site::APP.stem]["wasm_plus_js"].clone();
    let wasm_path = site.join(format!("{}_bg.wasm", site::APP.stem));
    let wasm =
        fs::read(&wasm_path).map_err(|e| format!("cannot read {}: {e}", wasm_path.display()))?;
    let mut sections = serde_json::Map::new();
    for (name, bytes) in wasm_sections(&wasm) {
        let entry = sections
            .entry(name)
            .or_insert(json!({ "raw": 0, "gzip": 0 }));
        entry["raw"] = json!(entry["raw"].as_u64().unwrap_or(0) + bytes.len() as u64);
        entry["gzip"] = json!(entry["gzip"].as_u64().unwrap_or(0) + gzip_len(bytes)? as u64);
    }
    Ok(json!({
        "first_load": first_load,
        "wasm_sections": sections,
        "modules": modules,
    }))
}

/// The sections of a wasm module by kind (`code`: the functions, `data`:
/// texts and tables, `other`: the rest), each section's bytes: where the
/// download goes.
fn wasm_sections(wasm: &[u8]) -> Vec<(String, &[u8])> {
    let mut sections = Vec::new();
    let mut at = 8; // magic and version
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let (mut size, mut shift) = (0usize, 0);
        while let Some(&byte) = wasm.get(at) {
            at += 1;
            size |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte < 0x80 {
                break;
            }
        }
        let Some(bytes) = wasm.get(at..at + size) else {
            break;
        };
        let kind = match id {
            10 => "code",
            11 => "data",
            _ => "other",
        };
        sections.push((kind.to_string(), bytes));
        at += size;
    }
    sections
}

fn gzip_len(bytes: &[u8]) -> Result<usize, String> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(encoder.finish().map_err(|e| e.to_string())?.len())
}

fn first_render(driver: &Driver, base: &str) -> Result<Value, String> {
    let mut samples = Vec::with_capacity(STARTS);
    let mut phases: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    let mut preload_fetches = Vec::with_capacity(STARTS);
    let mut spans: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    for _ in 0..STARTS {
        // The page starts cold: a fresh profile has nothing cached, so
        // every start downloads and compiles the wasm.
        let (start, ms) = open_page(&driver.session()?, base)?;
        samples.push(ms);
        for (phase, _) in PHASES {
            let at = start[phase]
                .as_f64()
                .ok_or_else(|| format!("no {phase} in {start}"))?;
            phases.entry(phase).or_default().push(at);
        }
        preload_fetches.push(start["wasm_fetches"].as_u64().unwrap_or(0));
        for (span, from, to) in SPANS {
            let (from, to) = (start[from].as_f64(), start[to].as_f64());
            if let (Some(from), Some(to)) = (from, to) {
                spans.entry(span).or_default().push(to - from);
            }
        }
    }
    samples.sort_by(f64::total_cmp);
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let phases: serde_json::Map<String, Value> = PHASES
        .iter()
        .map(|(phase, what)| {
            let values = phases.remove(phase).unwrap_or_default();
            (
                (*phase).to_string(),
                json!({ "median": median(values), "what": what }),
            )
        })
        .collect();
    let spans: serde_json::Map<String, Value> = SPANS
        .iter()
        .filter_map(|(span, _, _)| {
            let values = spans.remove(span)?;
            Some(((*span).to_string(), json!(median(values))))
        })
        .collect();
    Ok(json!({
        "median": samples[samples.len() / 2],
        "min": samples[0],
        "max": samples[samples.len() - 1],
        "samples": samples,
        "phases_ms_from_navigation": phases,
        "spans_ms": spans,
        // One request each time: the one the head starts, which init() uses.
        "wasm_requests_per_start": preload_fetches,
    }))
}

/// Opens the page after a blank one (so that the browser's own start, its
/// processes and network service, is not counted as the page's), waits for
/// its first render and returns its [`START_PHASES`] and the render's time
/// from navigation start.
fn open_page(browser: &Browser, base: &str) -> Result<(Value, f64), String> {
    browser.goto("about:blank")?;
    browser.goto(base)?;
    browser.wait_until(
        "the first render",
        "return document.documentElement.dataset.ready === 'true'",
        Duration::from_secs(30),
    )?;
    let start = browser.execute(START_PHASES, json!([site::APP.stem]))?;
    let ms = start["interactive"]
        .as_f64()
        .ok_or_else(|| format!("no render mark: {start}"))?;
    Ok((start, ms))
}

/// Milliseconds from navigation start to the first render when the page
/// comes back: one browser opens it once, then returns [`STARTS`] times
/// (after a blank page each time). `cargo xtask serve` answers the
/// revalidation with `304 Not Modified`, so the wasm comes from the
/// browser's cache; `wasm_bytes_transferred` (a median) shows it did.
fn return_visits(driver: &Driver, base: &str) -> Result<Value, String> {
    let browser = driver.session()?;
    let mut samples = Vec::with_capacity(STARTS);
    let mut transferred = Vec::with_capacity(STARTS);
    // The first visit fills the cache.
    open_page(&browser, base)?;
    for _ in 0..STARTS {
        let (start, ms) = open_page(&browser, base)?;
        samples.push(ms);
        transferred.push(start["wasm_transfer"].as_f64().unwrap_or(f64::NAN));
    }
    samples.sort_by(f64::total_cmp);
    transferred.sort_by(f64::total_cmp);
    Ok(json!({
        "median": samples[samples.len() / 2],
        "min": samples[0],
        "max": samples[samples.len() - 1],
        "samples": samples,
        "wasm_bytes_transferred": transferred[transferred.len() / 2],
    }))
}

/// Milestones of a start, each in ms from navigation start (medians over
/// the starts), in the order they happen.
const PHASES: [(&str, &str); 6] = [
    (
        "wasm_request",
        "the wasm's request starts (early: the head fetches and compiles it)",
    ),
    ("wasm_downloaded", "the wasm's last byte arrives"),
    (
        "html_parsed",
        "the page's HTML is parsed (DOMContentLoaded)",
    ),
    ("boot", "the module script runs, calls init()"),
    ("wasm_ready", "init() done: wasm compiled and instantiated"),
    ("interactive", "the app's first render, effects run"),
];

/// Where the time to the first render goes: each span between two
/// milestones of [`PHASES`], its median over the starts.
const SPANS: [(&str, &str, &str); 3] = [
    ("wasm_download", "wasm_request", "wasm_downloaded"),
    // The head compiles the wasm as it arrives: what is left after the
    // module script starts is the wait for that and the instantiation.
    ("init", "boot", "wasm_ready"),
    ("first_render", "wasm_ready", "interactive"),
];

/// The milestones of [`PHASES`] of the page just loaded, and how many
/// requests fetched the wasm.
const START_PHASES: &str = "const stem = arguments[0];
    const mark = (name) => performance.getEntriesByName(name)[0].startTime;
    const wasm = performance.getEntriesByType('resource')
      .filter((e) => e.name.endsWith(`${stem}_bg.wasm`));
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      wasm_request: wasm.length ? wasm[0].startTime : null,
      wasm_downloaded: wasm.length ? wasm[0].responseEnd : null,
      html_parsed: nav.domContentLoadedEventStart,
      boot: mark('ftpsim-boot'),
      wasm_ready: mark('ftpsim-wasm-ready'),
      interactive: mark('ftpsim-interactive'),
      wasm_fetches: wasm.length,
      wasm_transfer: wasm.length ? wasm[0].transferSize : null,
    };";

/// A fresh browser (warmed by a blank page) on the simulator, once its first
/// run's results are drawn.
fn simulator_with_results(driver: &Driver, base: &str) -> Result<Browser, String> {
    let browser = driver.session()?;
    browser.goto("about:blank")?;
    browser.goto(&format!("{base}#/sim?lang=en"))?;
    browser.wait_until(
        "the first results",
        "return !!document.getElementById('run-time')",
        Duration::from_secs(60),
    )?;
    Ok(browser)
}

/// For each ready card: milliseconds from its click to its results on the
/// page, median of [`RERUNS`] rounds over all the cards (each click follows
/// a click on another card, so that every one is a change of scenario).
fn ready_reruns(driver: &Driver, base: &str) -> Result<Value, String> {
    let browser = simulator_with_results(driver, base)?;
    browser.set_script_timeout(Duration::from_secs(300))?;
    let measured = browser.execute_async(
        "const [keys, runs] = arguments;
         const done = arguments[arguments.length - 1];
         const shown = (key) => {
           const b = document.querySelector(`[data-ready=${key}]`);
           // The results of this card's run (not the last run's, which
           // stay on the page until the new one is done).
           const results = document.getElementById('results');
           return b.getAttribute('aria-pressed') === 'true'
             && !!results && !results.hasAttribute('aria-busy') && results.dataset.scenario === key;
         };
         const click = (key) => new Promise((resolve) => {
           const start = performance.now();
           const observer = new MutationObserver(() => {
             if (shown(key)) { observer.disconnect(); resolve(performance.now() - start); }
           });
           observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
           document.querySelector(`[data-ready=${key}]`).click();
         });
         (async () => {
           const times = Object.fromEntries(keys.map((key) => [key, []]));
           const runMs = {};
           // The page opens on the first card; a click on the card shown
           // changes nothing and would never be seen.
           let current = 'evening';
           // Round by round, every card once a round: the first seconds
           // after the page loads (while the browser still optimises the
           // code) fall on every card alike, not all on the first one.
           for (let i = 0; i < runs; i++) {
             for (const key of keys) {
               const other = ['evening', 'rush', 'greedy'].find(k => k !== key && k !== current);
               await click(other);
               times[key].push(await click(key));
               current = key;
               runMs[key] = Number(document.getElementById('run-time').dataset.value);
             }
           }
           const out = {};
           for (const key of keys) {
             const t = times[key].sort((a, b) => a - b);
             out[key] = { median: t[Math.floor(t.length / 2)], max: t[t.length - 1], run_ms: runMs[key] };
           }
           done(out);
         })().catch((e) => done({ failed: String(e) }));",
        json!([READY, RERUNS]),
    )?;
    if let Some(failed) = measured.get("failed") {
        return Err(format!("re-runs in the app failed: {failed}"));
    }
    Ok(measured)
}

/// Milliseconds from a click on Codes, on a page that opened on the
/// simulator, to the codes view drawn: the price of loading `ftpsim_reading`
/// on demand (fetch, compile, instantiate, first render), median of
/// [`STARTS`] fresh pages.
fn first_reading_view(driver: &Driver, base: &str) -> Result<Value, String> {
    let mut samples = Vec::with_capacity(STARTS);
    for _ in 0..STARTS {
        let browser = simulator_with_results(driver, base)?;
        let ms = browser.execute_async(
            "const done = arguments[arguments.length - 1];
             const start = performance.now();
             const observer = new MutationObserver(() => {
               if (document.querySelector('.reading-view #code-search')) {
                 observer.disconnect();
                 done(performance.now() - start);
               }
             });
             observer.observe(document.body, { subtree: true, childList: true });
             document.querySelector('[data-nav=codes]').click();",
            json!([]),
        )?;
        samples.push(
            ms.as_f64()
                .ok_or_else(|| format!("no time for the codes view: {ms}"))?,
        );
    }
    samples.sort_by(f64::total_cmp);
    Ok(json!({
        "median": samples[samples.len() / 2],
        "min": samples[0],
        "max": samples[samples.len() - 1],
    }))
}

fn speed(driver: &Driver, base: &str) -> Result<Value, String> {
    let scenario = speed_scenario();
    let browser = driver.session()?;
    browser.set_script_timeout(Duration::from_secs(600))?;
    browser.goto(&format!("{base}embed.html"))?;
    let measured = browser.execute_async(
        "const [scenario, runs] = arguments;
         const done = arguments[arguments.length - 1];
         import('./ftpsim_api.js').then(async (m) => {
           await m.default();
           const times = [];
           let report = null;
           for (let i = 0; i < runs; i++) {
             const start = performance.now();
             report = m.simulate(scenario);
             times.push(performance.now() - start);
           }
           done({ times, report: JSON.stringify(report) });
         }).catch((e) => done({ failed: String(e) }));",
        json!([scenario, RUNS]),
    )?;
    if let Some(failed) = measured.get("failed") {
        return Err(format!("simulate() in the browser failed: {failed}"));
    }
    let mut browser_ms: Vec<f64> = measured["times"]
        .as_array()
        .ok_or("no browser timings")?
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    browser_ms.sort_by(f64::total_cmp);
    let browser_report: Value =
        serde_json::from_str(measured["report"].as_str().ok_or("no browser report")?)
            .map_err(|e| format!("browser report: {e}"))?;

    let (native_ms, native_report) = native_speed(&scenario)?;
    if let Some(difference) = first_difference(&browser_report, &native_report, "report") {
        return Err(format!(
            "the browser's and the native report differ: {difference}"
        ));
    }
    let events = native_report["events"].as_f64().unwrap_or(0.0);
    let app_ms = in_app(&browser, base)?;
    let (best_browser, best_native) = (browser_ms[0], native_ms[0]);
    Ok(json!({
        "scenario": scenario,
        "events": events,
        "browser_ms": { "best": best_browser, "all": browser_ms },
        "native_ms": { "best": best_native, "all": native_ms },
        "browser_events_per_second": events / best_browser * 1000.0,
        "native_events_per_second": events / best_native * 1000.0,
        "browser_speed_as_fraction_of_native": best_native / best_browser,
        "in_app_sliced_ms": app_ms,
        "reports_equal": true,
    }))
}

/// The release build of `ftpsim simulate --json` on the scenario, `RUNS`
/// times: wall-clock milliseconds (sorted) and the report.
fn native_speed(scenario: &Value) -> Result<(Vec<f64>, Value), String> {
    run_command(&cargo(), &["build", "--release", "-p", "ftpsim-cli"])?;
    let binary = target_dir().join("release").join("ftpsim");
    let file = target_dir().join("bench-web-scenario.json");
    fs::write(&file, scenario.to_string())
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let mut times = Vec::with_capacity(RUNS);
    let mut report = Value::Null;
    for _ in 0..RUNS {
        let start = Instant::now();
        let output = Command::new(&binary)
            .args(["simulate", "--json"])
            .arg(&file)
            .current_dir(workspace_root())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        if !output.status.success() {
            return Err(format!(
                "ftpsim simulate failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        report = serde_json::from_slice(&output.stdout)
            .map_err(|e| format!("ftpsim simulate --json: {e}"))?;
    }
    times.sort_by(f64::total_cmp);
    Ok((times, report))
}

/// The same scenario through the playground's own sliced runner (which
/// yields to the page every few milliseconds): its reported run time.
fn in_app(browser: &Browser, base: &str) -> Result<f64, String> {
    let route = "#/sim?preset=vsftpd&max=2000&per_ip=50&load=60000&session=15&ips=5000\
                 &duration=50&seed=7&lang=en";
    browser.goto(&format!("{base}{route}"))?;
    browser.wait_until(
        "the in-app run",
        "return !!document.getElementById('run-time')",
        Duration::from_secs(600),
    )?;
    let ms = browser.execute(
        "return Number(document.getElementById('run-time').dataset.value)",
        json!([]),
    )?;
    ms.as_f64()
        .ok_or_else(|| format!("no in-app run time: {ms}"))
}
/// The title of this benchmark's section in docs/BENCHMARKS.md.
const TITLE: &str = "WASM against native";

/// Puts [`section`] and its targets into docs/BENCHMARKS.md (see
/// [`report::update_page`](super::report::update_page)).
pub(super) fn update_page(doc: &Doc, page: &Path) -> Result<(), String> {
    super::report::update_page(doc, page, TITLE, "cargo xtask bench-web")
}

/// Where start-up time and the download go, in words, from the report's
/// figures: what the budgets' rows rest on.
fn start_up_and_download(report: &Value) -> Option<String> {
    let start = &report["first_render_ms"];
    let phase = |name: &str| start["phases_ms_from_navigation"][name]["median"].as_f64();
    let span = |name: &str| start["spans_ms"][name].as_f64();
    let kb = |bytes: &Value| bytes.as_f64().map(|b| b / 1000.0);
    let modules = &report["size"]["modules"];
    let module_kb = |module: site::Module| kb(&modules[module.stem]["wasm_plus_js"]["gzip"]);
    let sections = &report["size"]["wasm_sections"];
    let mut text = format!(
        "**Start-up**, from navigation start, medians of {} starts (each in a fresh \
         browser after a blank page, so every start downloads and compiles the wasm): \
         the wasm's request at {:.0} ms, \
         its last byte at {:.0} ms, `init()` done at {:.0} ms ({:.0} ms after the module \
         script starts: the head compiles the wasm as it arrives), the first view drawn with its effects run at {:.0} ms (the render \
         {:.0} ms; all starts {:.0} to {:.0} ms).",
        STARTS,
        phase("wasm_request")?,
        phase("wasm_downloaded")?,
        phase("wasm_ready")?,
        span("init")?,
        phase("interactive")?,
        span("first_render")?,
        start["min"].as_f64()?,
        start["max"].as_f64()?,
    );
    let back = &report["return_visit_ms"];
    if let (Some(median), Some(min), Some(max), Some(bytes)) = (
        back["median"].as_f64(),
        back["min"].as_f64(),
        back["max"].as_f64(),
        back["wasm_bytes_transferred"].as_f64(),
    ) {
        text.push_str(&format!(
            " On a return visit (the same browser, {STARTS} times), `cargo xtask serve` \
             answers the revalidation with `304 Not Modified` ({bytes:.0} bytes of the \
             wasm's request on the wire) and the first view is drawn at {median:.0} ms \
             (all {min:.0} to {max:.0} ms)."
        ));
    }
    text.push_str(&format!(
        " **Download**, gzip -9: the page's module `{}` {:.1} KB (wasm code {:.1} KB, \
         data {:.1} KB, JS {:.1} KB); `{}` {:.1} KB, fetched once when a code, compare, \
         reader or diagnose view first opens; `{}` {:.1} KB, for other pages only.",
        site::APP.stem,
        module_kb(site::APP)?,
        kb(&sections["code"]["gzip"])?,
        kb(&sections["data"]["gzip"])?,
        kb(&modules[site::APP.stem][format!("{}.js", site::APP.stem)]["gzip"])?,
        site::READING.stem,
        module_kb(site::READING)?,
        site::API.stem,
        module_kb(site::API)?,
    ));
    if let Some(reruns) = report["ready_rerun_ms"].as_object() {
        let cards: Vec<String> = reruns
            .iter()
            .filter_map(|(key, r)| {
                Some(format!(
                    "{key} {:.1} ({:.1})",
                    r["median"].as_f64()?,
                    r["max"].as_f64()?
                ))
            })
            .collect();
        text.push_str(&format!(
            " **Re-runs**, click to results, ms, median (max) of {RERUNS}: {}.",
            cards.join(", ")
        ));
    }
    Some(text)
}

/// A row of a figure with no peer and no target.
fn figure_only(figure: String, ours: String) -> Row {
    Row {
        figure,
        ours,
        peer: "—".into(),
        ratio: "—".into(),
        target: String::new(),
    }
}

/// The WASM section of docs/BENCHMARKS.md, from [`run`]'s report.
pub(super) fn section(report: &Value, doc: &mut Doc) {
    let simulation = &report["simulation"];
    let Some(fraction) = simulation["browser_speed_as_fraction_of_native"].as_f64() else {
        doc.note("WASM", "no browser measurement (see the output above)");
        return;
    };
    let browser = simulation["browser_events_per_second"]
        .as_f64()
        .unwrap_or(f64::NAN);
    let native = simulation["native_events_per_second"]
        .as_f64()
        .unwrap_or(f64::NAN);
    let target = doc.target(
        "WASM simulator ≥ half of native speed",
        format!("{fraction:.2} of native"),
        fraction >= 0.5,
    );
    let mut rows = vec![Row {
        figure: "simulation events/s, WASM in Chromium vs native".into(),
        ours: si(browser, "/s"),
        peer: si(native, "/s"),
        ratio: ratio(fraction),
        target,
    }];
    if let Some(gzip) = report["size"]["first_load"]["gzip"].as_f64() {
        let target = doc.target(
            "playground wasm + JS ≤ 200 KB gzip",
            format!("{:.0} KB", gzip / 1000.0),
            gzip <= BUDGET_GZIP_BYTES,
        );
        rows.push(Row {
            figure: "playground download before the first view, wasm + JS, gzip -9".into(),
            ours: format!("{:.0} KB", gzip / 1000.0),
            peer: "—".into(),
            ratio: "—".into(),
            target,
        });
        let sections = &report["size"]["wasm_sections"];
        for (kind, what) in [("code", "functions"), ("data", "texts and tables")] {
            if let Some(part) = sections[kind]["gzip"].as_f64() {
                rows.push(Row {
                    figure: format!("of which wasm {kind} ({what}), gzip -9"),
                    ours: format!("{:.0} KB", part / 1000.0),
                    peer: "—".into(),
                    ratio: format!("{:.0}%", part / gzip * 100.0),
                    target: "ratio: share of the download".into(),
                });
            }
        }
        for module in [site::READING, site::API] {
            if let Some(part) =
                report["size"]["modules"][module.stem]["wasm_plus_js"]["gzip"].as_f64()
            {
                rows.push(figure_only(
                    format!("{}: {}, gzip -9", module.stem, module.what),
                    format!("{:.0} KB", part / 1000.0),
                ));
            }
        }
    }
    if let Some(ms) = report["first_render_ms"]["median"].as_f64() {
        let target = doc.target(
            "playground first render ≤ 150 ms",
            format!("{ms:.0} ms"),
            ms <= BUDGET_FIRST_RENDER_MS,
        );
        rows.push(Row {
            figure: "playground first render (median of fresh starts)".into(),
            ours: format!("{ms:.0} ms"),
            peer: "—".into(),
            ratio: "—".into(),
            target,
        });
    }
    let spans = &report["first_render_ms"]["spans_ms"];
    for (span, what) in [
        (
            "init",
            "of which init() after the module script starts (compiled as it arrived)",
        ),
        ("first_render", "of which the view's first render"),
    ] {
        if let Some(ms) = spans[span].as_f64() {
            rows.push(figure_only(
                format!("{what} (median)"),
                format!("{ms:.0} ms"),
            ));
        }
    }
    if let Some(ms) = report["return_visit_ms"]["median"].as_f64() {
        rows.push(figure_only(
            "playground first render on a return visit (wasm revalidated, from the cache; median)"
                .into(),
            format!("{ms:.0} ms"),
        ));
    }
    if let Some(ms) = report["first_reading_view_ms"]["median"].as_f64() {
        rows.push(figure_only(
            format!(
                "first code view after the simulator, click to drawn (loads {}; median)",
                site::READING.stem
            ),
            format!("{ms:.0} ms"),
        ));
    }
    if let Some(reruns) = report["ready_rerun_ms"].as_object() {
        let worst = reruns
            .iter()
            .filter_map(|(key, r)| r["median"].as_f64().map(|ms| (key.clone(), ms)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((key, ms)) = worst {
            let target = doc.target(
                "a ready scenario re-run < 16 ms",
                format!("{ms:.1} ms ({key})"),
                ms < BUDGET_RERUN_MS,
            );
            rows.push(Row {
                figure: "slowest ready scenario, click to results (median)".into(),
                ours: format!("{ms:.1} ms ({key})"),
                peer: "—".into(),
                ratio: "—".into(),
                target,
            });
        }
    }
    if let Some(paragraph) = start_up_and_download(report) {
        doc.bounds.push(paragraph);
    }
    let section = doc.section(
        TITLE,
        "`cargo xtask bench-web`'s speed scenario (about 3.4 million events, vsftpd limits): \
         the JS API's `simulate()` in headless Chromium against the release build of \
         `ftpsim simulate --json`, best of several runs each, reports equal number for \
         number. The ratio is the browser's speed as a fraction of native.",
    );
    section.rows = rows;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report shaped as [`measure`] writes it, with round figures.
    fn report(first_load_gzip: f64, slowest_rerun_ms: f64) -> Value {
        let module = |gzip: f64| json!({ "wasm_plus_js": { "gzip": gzip } });
        let mut modules = json!({
            site::READING.stem: module(239_400.0),
            site::API.stem: module(171_100.0),
        });
        modules[site::APP.stem] = json!({
            "wasm_plus_js": { "gzip": first_load_gzip },
            format!("{}.js", site::APP.stem): { "gzip": 7_400.0 },
        });
        let phases: serde_json::Map<String, Value> = PHASES
            .iter()
            .zip([50.0, 80.0, 150.0, 110.0, 112.0, 240.0])
            .map(|((phase, _), ms)| ((*phase).to_string(), json!({ "median": ms })))
            .collect();
        json!({
            "size": {
                "first_load": { "gzip": first_load_gzip },
                "modules": modules,
                "wasm_sections": { "code": { "gzip": 200_000.0 }, "data": { "gzip": 40_000.0 } },
            },
            "first_render_ms": {
                "median": 240.0, "min": 180.0, "max": 330.0,
                "phases_ms_from_navigation": phases,
                "spans_ms": { "init": 2.0, "first_render": 128.0 },
            },
            "return_visit_ms": {
                "median": 145.0, "min": 102.0, "max": 182.0, "wasm_bytes_transferred": 300.0,
            },
            "first_reading_view_ms": { "median": 75.0 },
            "ready_rerun_ms": {
                "evening": { "median": 9.0, "max": 30.0 },
                "ghosts": { "median": slowest_rerun_ms, "max": 52.0 },
            },
            "simulation": {
                "browser_speed_as_fraction_of_native": 0.6,
                "browser_events_per_second": 9.0e6,
                "native_events_per_second": 15.0e6,
            },
        })
    }

    fn figure<'a>(doc: &'a Doc, starts: &str) -> &'a Row {
        doc.sections[0]
            .rows
            .iter()
            .find(|row| row.figure.starts_with(starts))
            .unwrap_or_else(|| panic!("no row {starts:?} in {:#?}", doc.sections[0].rows))
    }

    #[test]
    fn the_section_gives_each_budget_its_verdict() {
        let mut doc = Doc::default();
        section(&report(275_500.0, 11.0), &mut doc);
        let verdicts: Vec<(&str, &str, bool)> = doc
            .targets
            .iter()
            .map(|(what, measured, met)| (what.as_str(), measured.as_str(), *met))
            .collect();
        assert_eq!(
            verdicts,
            [
                (
                    "WASM simulator ≥ half of native speed",
                    "0.60 of native",
                    true
                ),
                ("playground wasm + JS ≤ 200 KB gzip", "276 KB", false),
                ("playground first render ≤ 150 ms", "240 ms", false),
                ("a ready scenario re-run < 16 ms", "11.0 ms (ghosts)", true),
            ]
        );
        assert_eq!(
            figure(&doc, "playground first render on a return visit").ours,
            "145 ms"
        );
        assert_eq!(figure(&doc, "of which wasm data").ratio, "15%");
        assert_eq!(figure(&doc, "ftpsim_reading:").ours, "239 KB");
        let paragraph = &doc.bounds[0];
        assert!(
            paragraph.contains("`304 Not Modified` (300 bytes")
                && paragraph.contains("drawn at 145 ms (all 102 to 182 ms)")
                && paragraph.contains("evening 9.0 (30.0), ghosts 11.0 (52.0)"),
            "{paragraph}"
        );

        let mut doc = Doc::default();
        section(&report(199_000.0, 16.0), &mut doc);
        let met: Vec<bool> = doc.targets.iter().map(|(_, _, met)| *met).collect();
        assert_eq!(met, [true, true, false, false], "{:?}", doc.targets);
    }
}
