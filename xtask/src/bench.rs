//! `cargo xtask bench [--quick]`: every speed figure of the project, each
//! next to its peer, measured in one run on this machine.
//!
//! 1. The criterion benchmarks of the core (`crates/ftpsim/benches`:
//!    simulator, replies, gate); their medians are read back from
//!    `target/criterion/**/new/estimates.json`.
//! 2. The same M/M/10/10 loss system in SimPy and Ciw (`xtask/bench/*.py`,
//!    in a virtualenv under `target/bench-venv`), best of several runs, and
//!    the blocking probability each gets next to Erlang B.
//! 3. `ftpsim serve` against vsftpd and Pure-FTPd with a limit of one
//!    client, driven by the server crate's load generator (`ftpsim-load`):
//!    refusals per second and the latency to the first byte of the 421,
//!    medians over rounds in which the servers take turns.
//! 4. The simulator compiled to WASM in headless Chromium against native
//!    ([`bench_web::run`](crate::bench_web::run)).
//!
//! It prints a table and writes docs/BENCHMARKS.md. `--quick` makes every
//! part short (criterion's own `--quick`, fewer arrivals and attempts, one
//! round) and skips the WASM build.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

use ftpsim::sim::{Scenario, SessionSpec, Simulation, erlang_b};
use ftpsim_server::real_servers::{self, RealLimits, RealServer, RealServerKind};
use serde_json::Value;

use crate::{bench_web, cargo, run as run_command, target_dir, workspace_root};

/// The loss system every simulator runs: M/M/10/10 at an offered load of
/// 10 Erlang (sessions of mean 1 s), the scenario of the criterion
/// benchmark `loss_system/simulator_M/M/10/10_ips1`.
const SERVERS: u32 = 10;
const LOAD: f64 = 10.0;
/// Arrivals of the criterion simulator benchmark (and of the blocking
/// probability ftpsim reports here).
const SIM_ARRIVALS: u64 = 200_000;

const VENV_PACKAGES: [&str; 2] = ["simpy", "ciw"];

/// How much of everything to do.
#[derive(Debug, Clone, Copy)]
struct Plan {
    quick: bool,
    simpy_arrivals: u64,
    ciw_arrivals: u64,
    python_runs: usize,
    server_rounds: usize,
    concurrencies: &'static [usize],
    ftpsim_attempts: u64,
    pure_ftpd_attempts: u64,
    vsftpd_attempts: u64,
}

impl Plan {
    fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                quick,
                simpy_arrivals: 20_000,
                ciw_arrivals: 5_000,
                python_runs: 1,
                server_rounds: 1,
                concurrencies: &[8],
                ftpsim_attempts: 2_000,
                pure_ftpd_attempts: 2_000,
                vsftpd_attempts: 200,
            }
        } else {
            Plan {
                quick,
                simpy_arrivals: 200_000,
                ciw_arrivals: 50_000,
                python_runs: 3,
                server_rounds: 5,
                concurrencies: &[1, 8],
                ftpsim_attempts: 20_000,
                pure_ftpd_attempts: 20_000,
                vsftpd_attempts: 2_000,
            }
        }
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        _ => return Err("usage: cargo xtask bench [--quick]".into()),
    };
    let plan = Plan::new(quick);
    let mut doc = Doc::default();

    let started = SystemTime::now();
    let estimates = criterion_benches(&plan, started)?;
    let simulation = simulator_section(&estimates, &mut doc);
    parsing_section(&estimates, &mut doc);
    formatting_section(&estimates, &mut doc);
    gate_section(&estimates, &mut doc);

    let mut versions = BTreeMap::new();
    versions.insert("rustc", command_line("rustc", &["--version"]));
    versions.insert("Python", command_line("python3", &["--version"]));
    match python_peers(&plan) {
        Ok(peers) => peers_section(&peers, simulation, &mut doc, &mut versions),
        Err(why) => doc.note("SimPy and Ciw", &why),
    }

    versions.insert("vsftpd", dpkg_version("vsftpd"));
    versions.insert("Pure-FTPd", pure_ftpd_version());
    match server_comparison(&plan) {
        Ok(runs) => server_section(&runs, &plan, &mut doc),
        Err(why) => doc.note("Servers", &why),
    }

    versions.insert("Chromium", chromium_version());
    if plan.quick {
        doc.note(
            "WASM",
            "skipped by --quick (building the playground takes minutes)",
        );
    } else {
        match bench_web::run() {
            Ok(report) => wasm_section(&report, &mut doc),
            Err(why) => doc.note("WASM", &why),
        }
    }

    let text = doc.render(&plan, &machine(), &versions);
    println!("{}", doc.table());
    let path = workspace_root().join("docs").join("BENCHMARKS.md");
    fs::write(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("bench: written to {}", path.display());
    Ok(())
}

// ---------------------------------------------------------------- criterion

/// One criterion benchmark's median, read back from its JSON files.
#[derive(Debug, Clone)]
struct Estimate {
    /// `group/function` (criterion's ids, without the value).
    id: String,
    /// The benchmark's value (`BenchmarkId` parameter), if any.
    value: Option<String>,
    /// Median time per iteration, nanoseconds.
    median_ns: f64,
    /// Elements or bytes per iteration.
    per_iteration: f64,
}

impl Estimate {
    /// Elements (or bytes) per second.
    fn rate(&self) -> f64 {
        self.per_iteration / self.median_ns * 1e9
    }
}

fn criterion_benches(plan: &Plan, started: SystemTime) -> Result<Vec<Estimate>, String> {
    let mut args = vec![
        "bench",
        "-p",
        "ftpsim",
        "--bench",
        "simulator",
        "--bench",
        "replies",
        "--bench",
        "gate",
        "--",
    ];
    if plan.quick {
        args.push("--quick");
    }
    run_command(&cargo(), &args)?;
    let mut estimates = Vec::new();
    collect_estimates(&target_dir().join("criterion"), started, &mut estimates)?;
    if estimates.is_empty() {
        return Err("criterion wrote no estimates under target/criterion".into());
    }
    estimates.sort_by(|a, b| a.id.cmp(&b.id).then(a.value.cmp(&b.value)));
    Ok(estimates)
}

/// Every `new/` directory written since `since` (older ones belong to
/// benchmarks that no longer exist or did not run).
fn collect_estimates(dir: &Path, since: SystemTime, out: &mut Vec<Estimate>) -> Result<(), String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) => return Ok(()),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            let estimates = path.join("estimates.json");
            let fresh = fs::metadata(&estimates)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since);
            if fresh {
                out.push(read_estimate(&path)?);
            }
        } else if path.file_name().is_none_or(|n| n != "report") {
            collect_estimates(&path, since, out)?;
        }
    }
    Ok(())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_estimate(dir: &Path) -> Result<Estimate, String> {
    let benchmark = read_json(&dir.join("benchmark.json"))?;
    let estimates = read_json(&dir.join("estimates.json"))?;
    let field = |value: &Value, key: &str| value[key].as_str().map(str::to_owned);
    let group = field(&benchmark, "group_id").unwrap_or_default();
    let function = field(&benchmark, "function_id").unwrap_or_default();
    let per_iteration = ["Elements", "Bytes"]
        .iter()
        .find_map(|kind| benchmark["throughput"][kind].as_f64())
        .unwrap_or(1.0);
    let median_ns = estimates["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no median", dir.display()))?;
    Ok(Estimate {
        id: format!("{group}/{function}"),
        value: field(&benchmark, "value_str"),
        median_ns,
        per_iteration,
    })
}

fn find<'a>(estimates: &'a [Estimate], id: &str, value: Option<&str>) -> Option<&'a Estimate> {
    estimates
        .iter()
        .find(|e| e.id == id && value.is_none_or(|v| e.value.as_deref() == Some(v)))
}

// ---------------------------------------------------------------- sections

/// One line of a table.
#[derive(Debug, Clone)]
struct Row {
    figure: String,
    ours: String,
    peer: String,
    ratio: String,
    target: String,
}

#[derive(Debug, Clone)]
struct Section {
    title: String,
    intro: String,
    rows: Vec<Row>,
}

#[derive(Debug, Default)]
struct Doc {
    sections: Vec<Section>,
    /// What could not be measured, and why.
    notes: Vec<(String, String)>,
    /// Every target: (what, measured, met).
    targets: Vec<(String, String, bool)>,
    /// What bounds a missed target, worked out from this run's figures.
    bounds: Vec<String>,
}

impl Doc {
    fn section(&mut self, title: &str, intro: &str) -> &mut Section {
        self.sections.push(Section {
            title: title.into(),
            intro: intro.into(),
            rows: Vec::new(),
        });
        self.sections.last_mut().expect("just pushed")
    }

    fn note(&mut self, what: &str, why: &str) {
        eprintln!("bench: {what}: not measured: {why}");
        self.notes.push((what.into(), why.into()));
    }

    fn target(&mut self, what: &str, measured: String, met: bool) -> String {
        let verdict = if met { "met" } else { "missed" };
        self.targets.push((what.into(), measured, met));
        format!("{what}: {verdict}")
    }

    fn table(&self) -> String {
        let mut out = String::new();
        for section in &self.sections {
            let _ = writeln!(out, "\n{}", section.title);
            for row in &section.rows {
                let _ = writeln!(
                    out,
                    "  {:<44} {:>16} {:>16} {:>10}  {}",
                    row.figure, row.ours, row.peer, row.ratio, row.target
                );
            }
        }
        let _ = writeln!(out, "\nTargets");
        for (what, measured, met) in &self.targets {
            let verdict = if *met { "met" } else { "MISSED" };
            let _ = writeln!(out, "  {verdict:<7} {what:<48} {measured}");
        }
        for (what, why) in &self.notes {
            let _ = writeln!(out, "  not measured: {what}: {why}");
        }
        out
    }

    fn render(&self, plan: &Plan, machine: &Machine, versions: &BTreeMap<&str, String>) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Benchmarks\n");
        let _ = writeln!(
            out,
            "Generated by `cargo xtask bench{}` on {} (UTC). Every figure below was \
             measured in that one run, on the machine described here; run it again to \
             replace them.{}\n",
            if plan.quick { " --quick" } else { "" },
            utc_now(),
            if plan.quick {
                " This was a **quick** pass: short measurements, fewer rounds, no WASM."
            } else {
                ""
            }
        );
        let _ = writeln!(out, "## Machine\n");
        let _ = writeln!(out, "- CPU: {} ({} cores seen)", machine.cpu, machine.cores);
        let _ = writeln!(out, "- Memory: {}", machine.memory);
        let _ = writeln!(out, "- Load average when the run ended: {}", machine.load);
        let _ = writeln!(
            out,
            "- Shared with other builds while measuring: figures move by tens of per \
             cent between runs. Criterion figures are medians of its samples; SimPy and \
             Ciw the best of {} runs; server figures the median of {} round(s).\n",
            plan.python_runs, plan.server_rounds
        );
        let _ = writeln!(out, "## Versions\n");
        for (name, version) in versions {
            let _ = writeln!(out, "- {name}: {version}");
        }
        let _ = writeln!(out, "\n## Targets\n");
        let _ = writeln!(out, "| target | measured | |");
        let _ = writeln!(out, "|---|---|---|");
        for (what, measured, met) in &self.targets {
            let verdict = if *met { "met" } else { "**missed**" };
            let _ = writeln!(out, "| {what} | {measured} | {verdict} |");
        }
        for (what, why) in &self.notes {
            let _ = writeln!(out, "| {what} | not measured: {why} | |");
        }
        for section in &self.sections {
            let _ = writeln!(out, "\n## {}\n", section.title);
            if !section.intro.is_empty() {
                let _ = writeln!(out, "{}\n", section.intro);
            }
            let _ = writeln!(out, "| figure | ftpsim | peer | ratio | target |");
            let _ = writeln!(out, "|---|---:|---:|---:|---|");
            for row in &section.rows {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    row.figure, row.ours, row.peer, row.ratio, row.target
                );
            }
        }
        let _ = writeln!(out, "\n## What bounds the targets that are missed");
        for bound in &self.bounds {
            let _ = writeln!(out, "\n{bound}");
        }
        out.push_str(BOUNDS);
        out
    }
}

/// What bounds the figures that miss their targets, from profiles taken
/// while the benchmarks were written (qualitative: the figures themselves
/// are in the tables above and change with every run).
const BOUNDS: &str = "
**Reply parsing against `memchr`.** The floor is a SIMD scan over data in
the CPU's cache that only counts LF bytes, 32 bytes per step; the parser
validates every byte (code digits, separator, CR before LF, Telnet IAC, line
length, lines per reply), decides at every line end whether the line closes
the reply, and returns each reply. The text of a line is read in one run
(`Scanner::push_text_run`: up to the next CR, LF or 0xFF, or the line-length
limit), which made `parse` 2-5× and `ReplyDecoder` 1.3-3.5× faster than one
byte at a time (criterion, before and after, same corpora); the
remaining bytes of each line (the code, its separator and the CR LF, about
six of every 30-40 on these corpora) still go through the byte-at-a-time
state machine, kept because it gives the same replies and the same error
offsets however a stream is cut. A callgrind profile of `parse` on the
busy-client corpus after the change: about half the instructions in
`Scanner::push` and the wire layer under it (those per-line bytes), under a
tenth in the run search, the rest in the per-reply loop; no allocation.
`ReplyDecoder` also copies each text byte once into the reply it returns.
Within 2× of the floor would leave about a nanosecond per reply on these
corpora: not reachable by a parser that checks and returns every reply.

**Server refusals against Pure-FTPd.** As docs/server.md shows with a
`perf` profile: with a limit of one client every refusal is a full TCP
connection (handshake, accept, write, FIN, teardown on both ends), and on
two shared cores the kernel's work for it dominates; ftpsim's own code and
the gate are a few per cent of the server's CPU time. Pure-FTPd refuses in
its parent process about as cheaply, so with one client at a time no server
can be 1.5× faster; with several clients in flight ftpsim's accept threads
use both cores.

**Simulator, absolute speed with 200 servers.** The floor itself is slower
there (a deeper heap of departures), so 10 M arrivals/s would need the
simulator within about 1.3× of it; the simulator keeps one more event in its
heap (the next arrival), statistics, a timeline and the gate's decision for
every arrival. The per-address bookkeeping that used to cost most of the
difference is gone when no per-address rule is set
(`AddressTracking::WhenLimited`, see the gate table).
";

fn ratio(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}×")
    } else {
        format!("{x:.2}×")
    }
}

fn si(x: f64, unit: &str) -> String {
    if x >= 1e9 {
        format!("{:.2} G{unit}", x / 1e9)
    } else if x >= 1e6 {
        format!("{:.2} M{unit}", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.1} k{unit}", x / 1e3)
    } else {
        format!("{x:.0} {unit}")
    }
}

fn bytes_per_sec(x: f64) -> String {
    format!("{:.0} MiB/s", x / (1024.0 * 1024.0))
}

/// Returns the arrivals per second of ftpsim and of the bare loop on the
/// M/M/10/10 loss system.
fn simulator_section(estimates: &[Estimate], doc: &mut Doc) -> (Option<f64>, Option<f64>) {
    let mut rows = Vec::new();
    let mut mm10 = None;
    for servers in [10, 200] {
        let floor = find(
            estimates,
            &format!("loss_system/bare_loop_M/M/{servers}/{servers}"),
            None,
        );
        for ips in [1, 1000] {
            let Some(sim) = find(
                estimates,
                &format!("loss_system/simulator_M/M/{servers}/{servers}_ips{ips}"),
                None,
            ) else {
                continue;
            };
            let rate = sim.rate();
            if servers == 10 && ips == 1 {
                mm10 = Some(rate);
            }
            let speed = doc.target(
                &format!("simulator M/M/{servers}/{servers}, {ips} address(es) ≥ 10 M arrivals/s"),
                si(rate, "/s"),
                rate >= 10e6,
            );
            let (peer, slowdown, target) = match floor {
                Some(floor) => {
                    let slowdown = floor.rate() / rate;
                    let target = doc.target(
                        &format!("simulator M/M/{servers}/{servers}, {ips} address(es) within 1.5× of the bare loop"),
                        format!("{slowdown:.2}× its time"),
                        slowdown <= 1.5,
                    );
                    (si(floor.rate(), "/s"), ratio(slowdown), target)
                }
                None => ("—".into(), "—".into(), String::new()),
            };
            rows.push(Row {
                figure: format!("arrivals/s, M/M/{servers}/{servers}, {ips} address(es)"),
                ours: si(rate, "/s"),
                peer,
                ratio: slowdown,
                target: format!("{speed}; {target}"),
            });
        }
    }
    if let Some(retry) = find(estimates, "retry_heavy/simulator_backoff_E12_c10", None) {
        rows.push(Row {
            figure: "attempts/s, 12 Erlang on 10 slots, backoff retries".into(),
            ours: si(retry.rate(), "/s"),
            peer: "—".into(),
            ratio: "—".into(),
            target: String::new(),
        });
    }
    let section = doc.section(
        "Simulator",
        "Arrivals per second through `Simulation` driving the real gate (default preset, \
         `max_clients` only), next to the floor: a bare loop that draws the same \
         exponential numbers and keeps a binary heap of departures. The ratio is how many \
         times longer the simulator takes per arrival (lower is better).",
    );
    section.rows = rows;
    let floor = find(estimates, "loss_system/bare_loop_M/M/10/10", None).map(Estimate::rate);
    (mm10, floor)
}

fn parsing_section(estimates: &[Estimate], doc: &mut Doc) {
    let mut rows = Vec::new();
    let mut targets = Vec::new();
    for corpus in ["greetings", "feat", "help", "busy_client"] {
        let Some(floor) = find(estimates, "parse/memchr_floor", Some(corpus)) else {
            continue;
        };
        for (way, label) in [
            ("parse", "`parse`"),
            ("decoder_whole", "`ReplyDecoder`, whole buffer"),
            ("decoder_chunks16", "`ReplyDecoder`, 16-byte chunks"),
        ] {
            let Some(ours) = find(estimates, &format!("parse/{way}"), Some(corpus)) else {
                continue;
            };
            let slowdown = floor.rate() / ours.rate();
            targets.push((
                format!("parsing {corpus} ({way}) within 2× of memchr"),
                format!("{slowdown:.0}× its time"),
                slowdown <= 2.0,
            ));
            rows.push(Row {
                figure: format!("{corpus}: {label}"),
                ours: bytes_per_sec(ours.rate()),
                peer: bytes_per_sec(floor.rate()),
                ratio: ratio(slowdown),
                target: "≤ 2×".into(),
            });
        }
    }
    for (what, measured, met) in targets {
        doc.target(&what, measured, met);
    }
    let section = doc.section(
        "Reply parsing",
        "Bytes per second over about 64 KiB of replies as a client receives them \
         (`crates/ftpsim/benches/replies.rs`: 220 greetings with Pure-FTPd's multiline \
         banner, FEAT lists, vsftpd's HELP, the replies of a busy client), against the \
         floor: `memchr` counting the line ends of the same bytes. The ratio is how many \
         times longer parsing takes.",
    );
    section.rows = rows;
}

fn formatting_section(estimates: &[Estimate], doc: &mut Doc) {
    let rows = [
        ("write_single_421", "`write_single`, a 421 refusal"),
        ("write_lines_feat", "`write_lines`, a 10-line FEAT"),
        ("reply_write_to_help", "`Reply::write_to`, a 6-line HELP"),
    ]
    .into_iter()
    .filter_map(|(id, label)| {
        let e = find(estimates, &format!("format/{id}"), None)?;
        Some(Row {
            figure: label.into(),
            ours: format!("{:.0} ns", e.median_ns),
            peer: "—".into(),
            ratio: "—".into(),
            target: String::new(),
        })
    })
    .collect();
    let section = doc.section(
        "Reply formatting",
        "Time to append one reply to a reused buffer.",
    );
    section.rows = rows;
}

fn gate_section(estimates: &[Estimate], doc: &mut Doc) {
    let mut rows = Vec::new();
    for kind in [
        "none",
        "none_untracked",
        "max_clients",
        "max_clients_untracked",
        "max_per_ip",
        "rate",
        "all",
    ] {
        for ips in ["ips1", "ips1000"] {
            let Some(e) = find(estimates, &format!("gate/{kind}"), Some(ips)) else {
                continue;
            };
            let (peer, relative) = match kind.strip_suffix("_untracked") {
                Some(tracked) => match find(estimates, &format!("gate/{tracked}"), Some(ips)) {
                    Some(p) => (si(p.rate(), "/s"), ratio(e.rate() / p.rate())),
                    None => ("—".into(), "—".into()),
                },
                None => ("—".into(), "—".into()),
            };
            rows.push(Row {
                figure: format!("{kind}, {} address(es)", &ips[3..]),
                ours: si(e.rate(), "/s"),
                peer,
                ratio: relative,
                target: String::new(),
            });
        }
    }
    let section = doc.section(
        "Gate decisions",
        "`on_connect` (and, for each welcome, its `on_disconnect`) per second under each \
         kind of limit (`crates/ftpsim/benches/gate.rs`). `_untracked` gates are built with \
         `AddressTracking::WhenLimited`, as the simulator builds its gate; their peer is the \
         same limit with every address tracked, and the ratio is how many times faster.",
    );
    section.rows = rows;
}

// ---------------------------------------------------------------- SimPy, Ciw

#[derive(Debug)]
struct Peers {
    simpy: Value,
    simpy_lean: Value,
    ciw: Value,
    ftpsim_blocking: f64,
}

fn python_peers(plan: &Plan) -> Result<Peers, String> {
    let python = venv_python()?;
    let models = workspace_root().join("xtask").join("bench");
    let best = |script: &str, arrivals: u64, extra: &[&str]| -> Result<Value, String> {
        let mut best: Option<Value> = None;
        for run in 0..plan.python_runs {
            let output = Command::new(&python)
                .arg(models.join(script))
                .args([
                    SERVERS.to_string(),
                    LOAD.to_string(),
                    arrivals.to_string(),
                    (run + 1).to_string(),
                ])
                .args(extra)
                .output()
                .map_err(|e| format!("cannot run {script}: {e}"))?;
            if !output.status.success() {
                return Err(format!(
                    "{script} failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
            }
            let value: Value = serde_json::from_slice(&output.stdout)
                .map_err(|e| format!("{script} printed no JSON: {e}"))?;
            let faster = best.as_ref().is_none_or(|b| {
                value["arrivals_per_sec"].as_f64() > b["arrivals_per_sec"].as_f64()
            });
            if faster {
                best = Some(value);
            }
        }
        best.ok_or_else(|| format!("{script}: no run"))
    };
    eprintln!("==> SimPy and Ciw, M/M/{SERVERS}/{SERVERS}");
    let simpy = best("simpy_mmcc.py", plan.simpy_arrivals, &["idiomatic"])?;
    let simpy_lean = best("simpy_mmcc.py", plan.simpy_arrivals, &["lean"])?;
    let ciw = best("ciw_mmcc.py", plan.ciw_arrivals, &[])?;
    let mut simulation =
        Simulation::new(&loss_system()).map_err(|e| format!("the loss scenario: {e}"))?;
    while !simulation.step(u64::MAX) {}
    Ok(Peers {
        simpy,
        simpy_lean,
        ciw,
        ftpsim_blocking: simulation.report().blocking_probability,
    })
}

/// The scenario of the criterion benchmark `simulator_M/M/10/10_ips1`.
fn loss_system() -> Scenario {
    Scenario::loss_system(
        SERVERS,
        LOAD,
        SessionSpec::Exponential { mean: 1.0 },
        1,
        SIM_ARRIVALS as f64,
    )
}

/// The virtualenv's Python, made (with SimPy and Ciw) when missing.
fn venv_python() -> Result<PathBuf, String> {
    let venv = target_dir().join("bench-venv");
    let python = venv.join("bin").join("python");
    let has_packages = |python: &Path| {
        Command::new(python)
            .args(["-c", "import simpy, ciw"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if python.is_file() && has_packages(&python) {
        return Ok(python);
    }
    let venv_text = venv.to_string_lossy().into_owned();
    run_command("python3", &["-m", "venv", &venv_text])?;
    let pip = venv.join("bin").join("pip").to_string_lossy().into_owned();
    let mut args = vec!["install", "--quiet"];
    args.extend(VENV_PACKAGES);
    run_command(&pip, &args)?;
    if has_packages(&python) {
        Ok(python)
    } else {
        Err(format!("{} cannot import simpy and ciw", python.display()))
    }
}

fn peers_section(
    peers: &Peers,
    (ours, floor): (Option<f64>, Option<f64>),
    doc: &mut Doc,
    versions: &mut BTreeMap<&str, String>,
) {
    let version = |v: &Value| v["version"].as_str().unwrap_or("?").to_owned();
    versions.insert("SimPy", version(&peers.simpy));
    versions.insert("Ciw", version(&peers.ciw));
    let exact = erlang_b(LOAD, SERVERS).unwrap_or(f64::NAN);
    let mut rows = Vec::new();
    for (name, peer, wanted) in [
        ("SimPy", &peers.simpy, 200.0),
        ("SimPy (lean)", &peers.simpy_lean, 200.0),
        ("Ciw", &peers.ciw, 400.0),
    ] {
        let Some(rate) = peer["arrivals_per_sec"].as_f64() else {
            continue;
        };
        if let Some(ours) = ours {
            let times = ours / rate;
            let target = doc.target(
                &format!("simulator ≥ {wanted:.0}× {name}"),
                format!("{times:.0}×"),
                times >= wanted,
            );
            if let Some(floor) = floor.filter(|&f| times < wanted && wanted * rate > f) {
                doc.bounds.push(format!(
                    "**Simulator against {name}.** {name} ran {} here; {wanted:.0}× that is {}, \
                     more than the bare loop's {} (the floor in the Simulator table, which \
                     only draws the random numbers and keeps the heap). No simulator doing the \
                     same work can reach the target on this machine. (Issue 6 set it for \
                     SimPy at about 52,000 and Ciw at about 26,000 arrivals/s.)",
                    si(rate, "/s"),
                    si(wanted * rate, "/s"),
                    si(floor, "/s"),
                ));
            }
            rows.push(Row {
                figure: format!("arrivals/s, M/M/{SERVERS}/{SERVERS}, vs {name}"),
                ours: si(ours, "/s"),
                peer: si(rate, "/s"),
                ratio: ratio(times),
                target,
            });
        }
        let blocking = peer["blocking"].as_f64().unwrap_or(f64::NAN);
        let arrivals = peer["arrivals"].as_u64().unwrap_or(0);
        rows.push(Row {
            figure: format!(
                "blocking probability ({name}: {arrivals} arrivals; ftpsim: {SIM_ARRIVALS}; \
                 Erlang B {exact:.4})"
            ),
            ours: format!("{:.4}", peers.ftpsim_blocking),
            peer: format!("{blocking:.4}"),
            ratio: format!(
                "{:+.4} / {:+.4}",
                peers.ftpsim_blocking - exact,
                blocking - exact
            ),
            target: "ratio column: each one's difference from Erlang B".into(),
        });
    }
    let section = doc.section(
        "Simulator against SimPy and Ciw",
        "The same M/M/10/10 loss system (Poisson arrivals at 10 per second, exponential \
         sessions of mean 1 s, no queue) in ftpsim (criterion median of \
         `simulator_M/M/10/10_ips1`), SimPy (`xtask/bench/simpy_mmcc.py`: idiomatic, a \
         process per customer holding the resource with `with request()`; lean, no process \
         for a refused arrival, the least work SimPy can do) and Ciw \
         (`xtask/bench/ciw_mmcc.py`, one node, `queue_capacities=[0]`). The Python models \
         time only the simulation run, not the interpreter's start.",
    );
    section.rows = rows;
}

// ---------------------------------------------------------------- servers

/// A process started here, stopped (by its PID) when dropped.
#[derive(Debug)]
struct Started(Child);

impl Drop for Started {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[derive(Debug)]
struct ServerRuns {
    /// (server, concurrency) → the JSON reports of `ftpsim-load`.
    runs: BTreeMap<(String, usize), Vec<Value>>,
}

fn server_comparison(plan: &Plan) -> Result<ServerRuns, String> {
    run_command(
        &cargo(),
        &[
            "build",
            "--release",
            "-p",
            "ftpsim-cli",
            "-p",
            "ftpsim-server",
            "--bins",
        ],
    )?;
    let release = target_dir().join("release");
    let limits = RealLimits {
        max_clients: 1,
        max_per_ip: 1,
        idle_timeout_secs: None,
    };

    let port = real_servers::free_port().map_err(|e| format!("no free port: {e}"))?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let log = target_dir().join("bench-ftpsim-serve.log");
    let log_file =
        fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
    let ftpsim = Started(
        Command::new(release.join("ftpsim"))
            .args(["serve", "--listen", &addr.to_string(), "--preset", "vsftpd"])
            .args(["--max-clients", "1", "--max-per-ip", "1"])
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start ftpsim serve: {e}"))?,
    );
    if !(0..250).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        real_servers::is_listening(addr)
    }) {
        return Err(format!("ftpsim serve did not listen on {addr}"));
    }

    let mut servers: Vec<(String, SocketAddr, u32, u64, Option<RealServer>)> = vec![(
        "ftpsim serve".into(),
        addr,
        ftpsim.0.id(),
        plan.ftpsim_attempts,
        None,
    )];
    for (kind, attempts) in [
        (RealServerKind::Vsftpd, plan.vsftpd_attempts),
        (RealServerKind::PureFtpd, plan.pure_ftpd_attempts),
    ] {
        match RealServer::start(kind, limits) {
            Ok(server) => servers.push((
                real_name(kind).into(),
                server.addr(),
                server.pid(),
                attempts,
                Some(server),
            )),
            Err(why) => eprintln!("bench: {} not measured: {why}", real_name(kind)),
        }
    }

    let load = release.join("ftpsim-load");
    let mut runs: BTreeMap<(String, usize), Vec<Value>> = BTreeMap::new();
    for &concurrency in plan.concurrencies {
        for round in 1..=plan.server_rounds {
            for (name, addr, pid, attempts, real) in &servers {
                eprintln!("==> round {round}, concurrency {concurrency}: {name}");
                if let Some(real) = real {
                    // The previous run's held connection must be gone.
                    real.wait_for_sessions(0, Duration::from_secs(5));
                } else {
                    std::thread::sleep(Duration::from_millis(300));
                }
                let output = Command::new(&load)
                    .arg(addr.to_string())
                    .args(["-n", &attempts.to_string()])
                    .args(["-c", &concurrency.to_string()])
                    .args(["--hold", "1", "--server-pid", &pid.to_string(), "--json"])
                    .output()
                    .map_err(|e| format!("cannot run {}: {e}", load.display()))?;
                if !output.status.success() {
                    return Err(format!(
                        "ftpsim-load against {name} failed: {}",
                        String::from_utf8_lossy(&output.stderr).trim()
                    ));
                }
                let report: Value = serde_json::from_slice(&output.stdout)
                    .map_err(|e| format!("ftpsim-load printed no JSON: {e}"))?;
                runs.entry((name.clone(), concurrency))
                    .or_default()
                    .push(report);
            }
        }
    }
    drop(servers);
    drop(ftpsim);
    Ok(ServerRuns { runs })
}

fn real_name(kind: RealServerKind) -> &'static str {
    match kind {
        RealServerKind::Vsftpd => "vsftpd",
        RealServerKind::PureFtpd => "Pure-FTPd",
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Medians over rounds: (refusals/s, first-byte p50 µs, p99 µs, failures
/// summed, server CPU time per attempt in µs).
fn summarize(reports: &[Value]) -> (f64, f64, f64, u64, f64) {
    let pick = |f: &dyn Fn(&Value) -> Option<f64>| median(reports.iter().filter_map(f).collect());
    let failures = reports
        .iter()
        .filter_map(|r| r["failures"].as_object())
        .flat_map(|f| f.values().filter_map(Value::as_u64))
        .sum();
    (
        pick(&|r| r["refusals_per_sec"].as_f64()),
        pick(&|r| r["first_byte"]["p50_us"].as_f64()),
        pick(&|r| r["first_byte"]["p99_us"].as_f64()),
        failures,
        pick(&|r| r["server_cpu_us_per_attempt"].as_f64()),
    )
}

fn server_section(runs: &ServerRuns, plan: &Plan, doc: &mut Doc) {
    let mut rows = Vec::new();
    for &concurrency in plan.concurrencies {
        let Some(ours) = runs.runs.get(&("ftpsim serve".into(), concurrency)) else {
            continue;
        };
        let (rate, p50, p99, failures, cpu) = summarize(ours);
        let latency_target = doc.target(
            &format!("server p99 to the first byte of the 421 < 1 ms, concurrency {concurrency}"),
            format!("{p99:.0} µs"),
            p99 < 1000.0,
        );
        rows.push(Row {
            figure: format!("first byte of the 421, p50 / p99, concurrency {concurrency}"),
            ours: format!("{p50:.0} / {p99:.0} µs"),
            peer: "—".into(),
            ratio: "—".into(),
            target: latency_target,
        });
        for (peer, wanted) in [("vsftpd", 20.0), ("Pure-FTPd", 1.5)] {
            let Some(theirs) = runs.runs.get(&(peer.into(), concurrency)) else {
                continue;
            };
            let (their_rate, their_p50, their_p99, their_failures, their_cpu) = summarize(theirs);
            let times = rate / their_rate;
            let target = doc.target(
                &format!("server ≥ {wanted}× {peer}'s refusals/s, concurrency {concurrency}"),
                format!("{times:.2}×"),
                times >= wanted,
            );
            if times < wanted {
                doc.bounds.push(format!(
                    "**Server against {peer}, concurrency {concurrency}.** ftpsim refused \
                     {times:.2}× as many connections per second; its server CPU time per \
                     refusal was {cpu:.1} µs, {peer}'s {their_cpu:.1} µs. With few \
                     clients in flight ftpsim's rate is bounded by the round trip of each refusal \
                     (connect, accept, write, close, read: ftpsim's p50 to the first byte was \
                     {p50:.0} µs), not by the server's CPU; see the next paragraphs."
                ));
            }
            rows.push(Row {
                figure: format!("refusals/s vs {peer}, concurrency {concurrency}"),
                ours: format!("{rate:.0}/s"),
                peer: format!("{their_rate:.0}/s"),
                ratio: ratio(times),
                target,
            });
            rows.push(Row {
                figure: format!(
                    "{peer}: first byte p50 / p99, failures (ftpsim: {failures}), concurrency {concurrency}"
                ),
                ours: format!("{p50:.0} / {p99:.0} µs"),
                peer: format!("{their_p50:.0} / {their_p99:.0} µs, {their_failures} failed"),
                ratio: ratio(their_p99 / p99),
                target: "ratio: their p99 / ours".into(),
            });
            rows.push(Row {
                figure: format!("server CPU per refusal vs {peer}, concurrency {concurrency}"),
                ours: format!("{cpu:.1} µs"),
                peer: format!("{their_cpu:.1} µs"),
                ratio: ratio(their_cpu / cpu),
                target: "ratio: theirs / ours (varies less with the machine's load)".into(),
            });
        }
    }
    let section = doc.section(
        "Server refusals",
        "`ftpsim serve --preset vsftpd --max-clients 1 --max-per-ip 1` (logs on, to a \
         file), vsftpd (`max_clients=1`, `max_per_ip=1`) and Pure-FTPd (`-c 1 -C 1`) on \
         loopback, each started by the server crate's `real_servers`. `ftpsim-load` holds the \
         one slot, then makes its attempts (fewer for vsftpd, which forks a process for \
         each), every one of which is refused; each run is bounded (a 5 s timeout per \
         attempt). The servers take turns; medians over the rounds.",
    );
    section.rows = rows;
}

// ---------------------------------------------------------------- WASM

fn wasm_section(report: &Value, doc: &mut Doc) {
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
    if let Some(gzip) = report["size"]["wasm_plus_js"]["gzip"].as_f64() {
        rows.push(Row {
            figure: "playground download, wasm + JS, gzip -9".into(),
            ours: format!("{:.0} KiB", gzip / 1024.0),
            peer: "—".into(),
            ratio: "—".into(),
            target: String::new(),
        });
    }
    if let Some(ms) = report["first_render_ms"]["median"].as_f64() {
        rows.push(Row {
            figure: "playground first render (median of fresh starts)".into(),
            ours: format!("{ms:.0} ms"),
            peer: "—".into(),
            ratio: "—".into(),
            target: String::new(),
        });
    }
    let section = doc.section(
        "WASM against native",
        "`cargo xtask bench-web`'s speed scenario (about 3.4 million events, vsftpd limits): \
         the JS API's `simulate()` in headless Chromium against the release build of \
         `ftpsim simulate --json`, best of several runs each, reports equal number for \
         number. The ratio is the browser's speed as a fraction of native.",
    );
    section.rows = rows;
}

// ---------------------------------------------------------------- machine

#[derive(Debug)]
struct Machine {
    cpu: String,
    cores: usize,
    memory: String,
    load: String,
}

fn machine() -> Machine {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or_else(|| "unknown".into(), |(_, name)| name.trim().to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or_else(
            || "unknown".into(),
            |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0),
        );
    let load = fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into());
    Machine {
        cpu,
        cores,
        memory,
        load,
    }
}

/// The first line a command prints (stdout, else stderr).
fn command_line(program: &str, args: &[&str]) -> String {
    match Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
    {
        Ok(output) => {
            let text = if output.stdout.is_empty() {
                output.stderr
            } else {
                output.stdout
            };
            String::from_utf8_lossy(&text)
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("?")
                .to_owned()
        }
        Err(e) => format!("not found ({e})"),
    }
}

/// vsftpd prints its version to standard input, so ask dpkg.
fn dpkg_version(package: &str) -> String {
    command_line("dpkg-query", &["-W", "-f", "${Version}", package])
}

fn pure_ftpd_version() -> String {
    match real_servers::find_binary(RealServerKind::PureFtpd) {
        Ok(binary) => command_line(&binary.to_string_lossy(), &["--help"]),
        Err(why) => format!("not found ({why})"),
    }
}

fn chromium_version() -> String {
    match crate::browser::find() {
        Ok(found) => {
            // The Debian wrapper script prints noise before the version; the
            // binary it wraps does not.
            let real = Path::new("/usr/lib/chromium/chromium");
            let binary = if real.is_file() {
                real.to_path_buf()
            } else {
                found.chromium
            };
            command_line(&binary.to_string_lossy(), &["--version"])
        }
        Err(why) => format!("not found ({why})"),
    }
}

/// Now, as `YYYY-MM-DD HH:MM`, from the system clock (UTC).
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let (hour, minute) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(Vec::new()).is_nan());
    }

    #[test]
    fn ratios_and_units_read_well() {
        assert_eq!(ratio(1.234), "1.23×");
        assert_eq!(ratio(512.4), "512×");
        assert_eq!(si(11_400_000.0, "/s"), "11.40 M/s");
        assert_eq!(si(52_000.0, "/s"), "52.0 k/s");
    }
}
