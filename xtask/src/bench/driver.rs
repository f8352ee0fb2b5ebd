//! `ftpsim drive` measured against `ftpsim serve` on loopback (release
//! builds, no limit on the server so that every start is a full session):
//! how late the driver starts arrivals when they come 1,000 a second, and
//! its memory while it holds 5,000 sessions at once. The driver runs as its
//! own process, so its resident memory is read from `/proc/PID/status`
//! while it runs, apart from the server's and this program's.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::report::{self, Doc, Row, machine};
use super::{Plan, start_unlimited_serve};
use crate::{cargo, run as run_command, target_dir};

/// What the driver was measured doing.
pub(super) struct DriverRuns {
    rate: f64,
    lateness_p50_ms: f64,
    lateness_p99_ms: f64,
    lateness_max_ms: f64,
    starts: u64,
    held: u64,
    held_failed: u64,
    peak_rss_kib: u64,
}

fn scenario(path: &Path, rate: f64, duration: f64, hold: &str) -> Result<(), String> {
    let text = format!(
        "name = \"driver-bench\"\n\
         duration = {duration}\n\
         seed = 5\n\n\
         [server]\n\
         preset = \"rfc\"\n\n\
         [clients]\n\
         ips = 1\n\n\
         [arrivals]\n\
         kind = \"poisson\"\n\
         rate = {rate}\n\n\
         [session]\n\
         {hold}\n"
    );
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `Name:   1234 kB` from `/proc/PID/status`, in KiB.
fn status_kib(pid: u32, name: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs `ftpsim drive` on `scenario` and returns its JSON report and the
/// highest resident memory seen while it ran.
fn drive(ftpsim: &Path, scenario: &Path, target: SocketAddr) -> Result<(Value, u64), String> {
    let out_path = scenario.with_extension("json");
    let out = fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let mut child = Command::new(ftpsim)
        .arg("drive")
        .arg(scenario)
        .args(["--target", &target.to_string(), "--json"])
        .args(["--max-attempts", "100000", "--max-open", "10000"])
        .args(["--max-rate", "2000", "--timeout", "10"])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start ftpsim drive: {e}"))?;
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        // VmHWM is the kernel's own high-water mark; polling only keeps the
        // last value read before the process exits.
        if let Some(hwm) = status_kib(pid, "VmHWM:") {
            peak = peak.max(hwm);
        }
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if !status.success() {
        return Err(format!("ftpsim drive failed ({status})"));
    }
    let text = fs::read_to_string(&out_path).map_err(|e| e.to_string())?;
    let _ = fs::remove_file(&out_path);
    let report = serde_json::from_str(&text).map_err(|e| format!("drive printed no JSON: {e}"))?;
    Ok((report, peak))
}

pub(super) fn measure(plan: &Plan) -> Result<DriverRuns, String> {
    run_command(
        &cargo(),
        &["build", "--release", "-p", "ftpsim-cli", "--bins"],
    )?;
    let ftpsim: PathBuf = target_dir().join("release").join("ftpsim");
    let (_serve, addr) = start_unlimited_serve(&ftpsim, [""; 0])?;
    let dir = target_dir().join("bench-driver");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    // 1,000 arrivals a second, sessions of 50 ms: some fifty open at once,
    // so that lateness is the scheduler's, not that of a crowded machine.
    let rate = 1000.0;
    let seconds = if plan.quick { 3.0 } else { 10.0 };
    let lateness = dir.join("lateness.toml");
    scenario(
        &lateness,
        rate,
        seconds,
        "kind = \"exponential\"\nmean = 0.05",
    )?;
    let (report, _) = drive(&ftpsim, &lateness, addr)?;
    let spread = &report["drive"]["lateness_ms"];
    let number = |v: &Value| v.as_f64().unwrap_or(f64::NAN);

    // 5,000 arrivals over five seconds, each holding its session for 15 s
    // (10 s with --quick): all 5,000 open together for the last stretch.
    let hold_for = if plan.quick { 10.0 } else { 15.0 };
    let held = dir.join("held.toml");
    scenario(
        &held,
        rate,
        5.0,
        &format!("kind = \"constant\"\nseconds = {hold_for}"),
    )?;
    let (held_report, peak) = drive(&ftpsim, &held, addr)?;
    Ok(DriverRuns {
        rate,
        lateness_p50_ms: number(&spread["p50"]),
        lateness_p99_ms: number(&spread["p99"]),
        lateness_max_ms: number(&spread["max"]),
        starts: report["drive"]["attempts"].as_u64().unwrap_or(0),
        held: held_report["drive"]["greeted"].as_u64().unwrap_or(0),
        held_failed: held_report["drive"]["failed"].as_u64().unwrap_or(0)
            + held_report["drive"]["skipped_by_cap"].as_u64().unwrap_or(0),
        peak_rss_kib: peak,
    })
}

/// The section's title in docs/BENCHMARKS.md.
const TITLE: &str = "Driver";

pub(super) fn section(runs: &DriverRuns, doc: &mut Doc) {
    let lateness_target = doc.target(
        "drive: lateness p99 < 1 ms at 1,000 arrivals/s",
        format!("{:.3} ms", runs.lateness_p99_ms),
        runs.lateness_p99_ms < 1.0,
    );
    let per_session = if runs.held > 0 {
        runs.peak_rss_kib as f64 / runs.held as f64
    } else {
        f64::NAN
    };
    if runs.lateness_p99_ms >= 1.0 {
        let machine = machine();
        doc.bounds.push(format!(
            "**Driver lateness.** Half the starts came within {:.3} ms of their moment, \
             which is the driver's own path (a sleep, a short spin, `socket()`, `bind()`, \
             `connect()`); the tail is the scheduler thread waiting for a core after its \
             sleep. The machine's load average was {} on {} cores when the run ended: \
             with that many threads ready to run, a thread that wakes waits its turn.",
            runs.lateness_p50_ms, machine.load, machine.cores
        ));
    }
    let section = doc.section(
        TITLE,
        "`ftpsim drive` (release) against `ftpsim serve` without limits on loopback, \
         each in its own process: how late arrivals start against their schedule at \
         1,000 a second (sessions of 50 ms, a login and a QUIT each; lateness is from \
         the scheduled moment to the `connect()` call), and the driver's peak resident \
         memory (VmHWM) while it holds 5,000 sessions at once (one scheduler thread, \
         with real-time priority when the process may have it, and a tokio task per \
         session).",
    );
    section.rows.push(Row {
        figure: format!(
            "lateness p50 / p99 / max, {:.0} arrivals/s ({} starts)",
            runs.rate, runs.starts
        ),
        ours: format!(
            "{:.3} / {:.3} / {:.1} ms",
            runs.lateness_p50_ms, runs.lateness_p99_ms, runs.lateness_max_ms
        ),
        peer: "—".into(),
        ratio: "—".into(),
        target: lateness_target,
    });
    section.rows.push(Row {
        figure: format!(
            "peak memory holding {} sessions ({} failed)",
            runs.held, runs.held_failed
        ),
        ours: format!(
            "{:.1} MiB ({per_session:.0} KiB each)",
            runs.peak_rss_kib as f64 / 1024.0
        ),
        peer: "—".into(),
        ratio: "—".into(),
        target: "reported".into(),
    });
}

/// Puts a run's driver section and targets into docs/BENCHMARKS.md (see
/// [`report::update_page`]).
pub(super) fn update_page(doc: &Doc, page: &Path) -> Result<(), String> {
    report::update_page(doc, page, TITLE, "cargo xtask bench-driver")
}
