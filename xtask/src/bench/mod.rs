//! `cargo xtask bench [--quick]`: every speed figure of the project, each
//! next to its peer, measured in one run on this machine. One module per
//! kind of measurement:
//!
//! 1. [`core`]: the criterion benchmarks of the core (`crates/ftpsim/benches`:
//!    simulator, replies, gate); their medians are read back from
//!    `target/criterion/**/new/estimates.json`.
//! 2. [`simulators`]: the same M/M/10/10 loss system in SimPy and Ciw
//!    (`xtask/bench/*.py`, in a virtualenv under `target/bench-venv`), best
//!    of several runs, and the blocking probability each gets next to
//!    Erlang B.
//! 3. [`servers`]: `ftpsim serve` against vsftpd and Pure-FTPd (started by
//!    `ftpsim-peers`) with a limit of one client, driven by the client
//!    crate's load generator (`ftpsim-load`): refusals per second and the
//!    latency to the first byte of the 421, medians over rounds in which
//!    the servers take turns.
//! 4. [`driver`]: `ftpsim drive` against `ftpsim serve`: how late it
//!    starts arrivals at 1,000 a second, and its memory holding 5,000
//!    sessions at once (also `cargo xtask bench-driver` on its own).
//! 5. [`transfers`]: a 1 GiB RETR with curl from `ftpsim serve` and from
//!    vsftpd serving the same bytes, the servers taking turns; and the
//!    memory of `ftpsim serve` holding 1,000 paced transfers at once (also
//!    `cargo xtask bench-transfers` on its own).
//! 6. [`web`]: the playground's size and start-up, and the simulator
//!    compiled to WASM in headless Chromium against native (also `cargo
//!    xtask bench-web` on its own).
//!
//! [`report`] gathers the figures into a table and docs/BENCHMARKS.md.
//! `--quick` makes every part short (criterion's own `--quick`, fewer
//! arrivals and attempts, one round) and skips the WASM build.

mod core;
mod driver;
mod report;
mod servers;
mod simulators;
mod transfers;
pub mod web;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

use crate::workspace_root;
use report::{Doc, chromium_version, command_line, dpkg_version, machine, pure_ftpd_version};

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

/// Only the transfer benchmarks, printed; a full pass (not `--quick`) also
/// puts their section and targets into docs/BENCHMARKS.md.
pub fn run_transfers(quick: bool) -> Result<(), String> {
    let plan = Plan::new(quick);
    let mut doc = Doc::default();
    let runs = transfers::measure(&plan)?;
    transfers::section(&runs, &mut doc);
    println!("{}", doc.table());
    for bound in &doc.bounds {
        println!("{bound}\n");
    }
    if !quick {
        let path = workspace_root().join("docs").join("BENCHMARKS.md");
        transfers::update_page(&doc, &path)?;
        eprintln!("bench: the transfer figures written to {}", path.display());
    }
    Ok(())
}

/// Only the driver's benchmarks, printed; a full pass (not `--quick`) also
/// puts its section and targets into docs/BENCHMARKS.md, the rest of which
/// stays as its own run left it.
pub fn run_driver(quick: bool) -> Result<(), String> {
    let plan = Plan::new(quick);
    let mut doc = Doc::default();
    let runs = driver::measure(&plan)?;
    driver::section(&runs, &mut doc);
    println!("{}", doc.table());
    if !quick {
        let path = workspace_root().join("docs").join("BENCHMARKS.md");
        driver::update_page(&doc, &path)?;
        eprintln!("bench: the driver's figures written to {}", path.display());
    }
    Ok(())
}

/// Only the playground's benchmarks (`start_only`: its download and first
/// render), printed; a whole pass also puts its section and targets into
/// docs/BENCHMARKS.md.
pub fn run_web(start_only: bool) -> Result<(), String> {
    let report = web::measure(start_only)?;
    if !start_only {
        let mut doc = Doc::default();
        web::section(&report, &mut doc);
        println!("{}", doc.table());
        let path = workspace_root().join("docs").join("BENCHMARKS.md");
        web::update_page(&doc, &path)?;
        eprintln!(
            "bench: the playground's figures written to {}",
            path.display()
        );
    }
    Ok(())
}

pub fn run(quick: bool) -> Result<(), String> {
    let plan = Plan::new(quick);
    let mut doc = Doc::default();

    let started = SystemTime::now();
    let estimates = core::criterion_benches(&plan, started)?;
    let simulation = core::simulator_section(&estimates, &mut doc);
    core::parsing_section(&estimates, &mut doc);
    core::formatting_section(&estimates, &mut doc);
    core::gate_section(&estimates, &mut doc);

    let mut versions = BTreeMap::new();
    versions.insert("rustc", command_line("rustc", &["--version"]));
    versions.insert("Python", command_line("python3", &["--version"]));
    match simulators::python_models(&plan) {
        Ok(models) => simulators::section(&models, simulation, &mut doc, &mut versions),
        Err(why) => doc.note("SimPy and Ciw", &why),
    }

    versions.insert("vsftpd", dpkg_version("vsftpd"));
    versions.insert("Pure-FTPd", pure_ftpd_version());
    match servers::comparison(&plan) {
        Ok(runs) => servers::section(&runs, &plan, &mut doc),
        Err(why) => doc.note("Servers", &why),
    }

    versions.insert("curl", command_line("curl", &["--version"]));
    match transfers::measure(&plan) {
        Ok(runs) => transfers::section(&runs, &mut doc),
        Err(why) => doc.note("Transfers", &why),
    }

    match driver::measure(&plan) {
        Ok(runs) => driver::section(&runs, &mut doc),
        Err(why) => doc.note("Driver", &why),
    }

    versions.insert("Chromium", chromium_version());
    if plan.quick {
        doc.note(
            "WASM",
            "skipped by --quick (building the playground takes minutes)",
        );
    } else {
        match web::run() {
            Ok(report) => web::section(&report, &mut doc),
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

/// A process a benchmark started, killed (by its PID) and reaped when
/// dropped.
#[derive(Debug)]
struct Started(Child);

impl Drop for Started {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `ftpsim serve` on a free loopback port with nothing in the way (the
/// RFC preset, no limits, anonymous logins, no log), `extra` flags after
/// those; returned once it listens.
fn start_unlimited_serve<I, A>(ftpsim: &Path, extra: I) -> Result<(Started, SocketAddr), String>
where
    I: IntoIterator<Item = A>,
    A: AsRef<OsStr>,
{
    let port = ftpsim_peers::servers::free_port().map_err(|e| format!("no free port: {e}"))?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let serve = Started(
        Command::new(ftpsim)
            .args(["serve", "--listen", &addr.to_string(), "--anonymous"])
            .args(["--preset", "rfc", "--max-clients", "0", "--max-per-ip", "0"])
            .args(["--log-level", "off"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start ftpsim serve: {e}"))?,
    );
    if !(0..250).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        ftpsim_peers::servers::is_listening(addr)
    }) {
        return Err(format!("ftpsim serve did not listen on {addr}"));
    }
    Ok((serve, addr))
}
