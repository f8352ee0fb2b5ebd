//! `ftpsim drive` against servers started here on loopback, beside the
//! simulation of the same scenario: an M/M/c/c loss system driven against
//! `ftpsim serve`, vsftpd, Pure-FTPd, ProFTPD and pyftpdlib; a per-address
//! limit met from several loopback addresses; clients that retry after
//! random delays. Every scenario runs ten times faster than written
//! (`--time-scale 0.1`), so each drive lasts 15 to 20 seconds.
//!
//! The measured blocking must agree with the simulated one (their 95 %
//! intervals overlap), every connection must have been decided (greeted or
//! refused, none failed), and the server must hold no session afterwards.
//! ProFTPD's daemon accepts no connection for about 0.41 s after a session
//! ends (a connection made 50 ms after a QUIT waits some 350 ms for its
//! 220): its preset says so (`accept_pause`), the simulation beside the
//! drive plays that pause in scenario time (4.1 s at a tenth of the
//! time), and `ftpsim serve --preset proftpd` pauses too; the tests measure
//! the pause on both and check that each drive agrees with its simulation.

#[path = "support/serve.rs"]
mod serve;
use serve::Serve;

use std::ffi::OsStr;
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use ftpsim::reply::parser::Config;
use ftpsim_client::reply_reader::ReplyReader;

use ftpsim_peers::servers::{ProftpdLimits, PyftpdlibLimits, RealConfig, RealLimits, RealServer};
use ftpsim_peers::{Skip, require, trials};
use serde_json::Value;

/// M/M/4/4 at 4 erlangs: Erlang B gives B(4, 4) = 0.311. `PRESET` and the
/// limit lines are filled per server so that the simulation speaks of the
/// server driven.
const MMCC: &str = r#"
name = "mmcc-4-slots"
description = "Poisson arrivals at 2/s, exponential sessions of 2 s, 4 slots, no retries"
duration = 200
seed = 13

[server]
preset = "PRESET"
LIMITS

[clients]
ips = 1

[arrivals]
kind = "poisson"
rate = 2

[session]
kind = "exponential"
mean = 2
"#;

/// Three addresses, each at 2 erlangs against a limit of 2 per address:
/// B(2, 2) = 0.4 for each, the global limit out of reach.
const PER_ADDRESS: &str = r#"
name = "three-addresses-2-each"
description = "Three client addresses at 1/s each, sessions of 2 s, max_per_ip 2"
duration = 150
seed = 21

[server]
preset = "PRESET"
max_clients = 100
max_per_ip = 2

[clients]
ips = 3
spread = { kind = "uniform" }

[arrivals]
kind = "poisson"
rate = 3

[session]
kind = "exponential"
mean = 2
"#;

/// The loss system of [`MMCC`] whose refused clients come back after
/// exponential delays (mean 1 s), three tries in all: the orbit raises
/// first-attempt blocking above Erlang B's.
const RETRYING: &str = r#"
name = "mmcc-4-slots-retrying"
description = "M/M/4/4 at 4 erlangs; a refused client retries after an exponential delay of mean 1 s, 3 tries in all"
duration = 200
seed = 34

[server]
preset = "PRESET"
max_clients = 4
max_per_ip = 0

[clients]
ips = 1
profile = "custom"

[arrivals]
kind = "poisson"
rate = 2

[session]
kind = "exponential"
mean = 2

[retry]
kind = "exponential"
mean = 1
max_attempts = 3
"#;

/// A scenario written to a file of its own, removed on drop.
struct Scenario {
    path: PathBuf,
}

impl Scenario {
    fn write(name: &str, template: &str, preset: &str, limits: &str) -> Scenario {
        let path = std::env::temp_dir().join(format!(
            "ftpsim-drive-{name}-{preset}-{}.toml",
            std::process::id()
        ));
        let text = template.replace("PRESET", preset).replace("LIMITS", limits);
        std::fs::write(&path, text).unwrap();
        Scenario { path }
    }
}

impl Drop for Scenario {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Drives `scenario` against `target` at a tenth of its time, beside its
/// simulation; the whole JSON report.
fn drive(scenario: &Scenario, target: SocketAddr) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
        .arg("drive")
        .arg(&scenario.path)
        .args(["--target", &target.to_string()])
        .args(["--time-scale", "0.1", "--timeout", "5", "--max-hold", "30"])
        .args(["--against-simulation", "--json"])
        .output()
        .expect("ftpsim drive runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The comparison row named `figure`.
fn row<'a>(report: &'a Value, figure: &str) -> &'a Value {
    report["comparison"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["figure"] == figure)
        .unwrap_or_else(|| panic!("no {figure:?} row in {report}"))
}

fn percent(interval: &Value) -> String {
    format!(
        "{:.1} % [{:.1}, {:.1}]",
        interval["value"].as_f64().unwrap() * 100.0,
        interval["low"].as_f64().unwrap() * 100.0,
        interval["high"].as_f64().unwrap() * 100.0
    )
}

/// Checks what every drive must show, and the comparison of `figure`;
/// prints the row so that a run's log holds the table.
fn check(server: &str, report: &Value, figure: &str, code: Option<u64>) {
    check_drive(server, report, figure, code);
    let r = row(report, figure);
    assert_eq!(r["verdict"], "agree", "{server}: {r}");
}

fn check_drive(server: &str, report: &Value, figure: &str, code: Option<u64>) {
    let drive = &report["drive"];
    assert_eq!(drive["failed"], 0, "{server}: {drive}");
    assert_eq!(drive["skipped_by_cap"], 0, "{server}: {drive}");
    assert!(drive["refused"].as_u64().unwrap() > 0, "{server}: {drive}");
    let key = code.map_or_else(|| "silent close".to_string(), |c| c.to_string());
    assert_eq!(
        drive["refused_by_code"][&key], drive["refused"],
        "{server}: every refusal is a {key}: {drive}"
    );
    let r = row(report, figure);
    eprintln!(
        "{server:<12} {figure}: measured {}  simulated {}  {} ({:+.1} points), {} attempts",
        percent(&r["measured"]),
        percent(&r["simulated"]),
        r["verdict"].as_str().unwrap(),
        r["difference_points"].as_f64().unwrap(),
        drive["attempts"]
    );
}

fn mmcc_against_ftpsim_serve() {
    let scenario = Scenario::write("mmcc", MMCC, "vsftpd", "max_clients = 4\nmax_per_ip = 0");
    let serve = Serve::start([OsStr::new("--scenario"), scenario.path.as_os_str()]);
    let report = drive(&scenario, serve.addr);
    check("ftpsim serve", &report, "blocking probability", Some(421));
}

/// Drives `template` against a real server; `limits` are the scenario's
/// lines that say the same as the server's configuration.
fn against_real(
    name: &str,
    template: &str,
    preset: &str,
    limits: &str,
    config: RealConfig,
    figure: &str,
    code: Option<u64>,
) -> Result<Value, Skip> {
    require(config.peer())?;
    let scenario = Scenario::write(name, template, preset, limits);
    let server = RealServer::launch(config).map_err(|e| Skip(e.to_string()))?;
    let report = drive(&scenario, server.addr());
    check(preset, &report, figure, code);
    assert!(
        server.wait_for_sessions(0, Duration::from_secs(10)),
        "{preset} still holds {} sessions after the drive",
        server.sessions()
    );
    Ok(report)
}

fn mmcc_against_vsftpd() -> Result<(), Skip> {
    against_real(
        "mmcc",
        MMCC,
        "vsftpd",
        "max_clients = 4\nmax_per_ip = 0",
        RealConfig::Vsftpd(RealLimits {
            max_clients: 4,
            max_per_ip: 100,
            idle_timeout_secs: None,
        }),
        "blocking probability",
        Some(421),
    )
    .map(drop)
}

fn mmcc_against_pure_ftpd() -> Result<(), Skip> {
    against_real(
        "mmcc",
        MMCC,
        "pure-ftpd",
        "max_clients = 4\nmax_per_ip = 0",
        RealConfig::PureFtpd(RealLimits {
            max_clients: 4,
            max_per_ip: 100,
            idle_timeout_secs: None,
        }),
        "blocking probability",
        Some(421),
    )
    .map(drop)
}

/// Milliseconds from connect to the greeting's last byte.
fn greeting_ms(addr: SocketAddr) -> (TcpStream, f64) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let reply = ReplyReader::new(Config::lenient())
        .read_reply(&mut stream)
        .unwrap();
    assert_eq!(reply.code(), 220);
    (stream, started.elapsed().as_secs_f64() * 1e3)
}

/// The median greeting delay of a connection made while the server is
/// idle, and of one made 50 ms after another session said QUIT and
/// closed, as every driven session does.
fn proftpd_greeting_delays(addr: SocketAddr) -> (f64, f64) {
    let mut idle = Vec::new();
    let mut after_quit = Vec::new();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(800));
        let (mut first, ms) = greeting_ms(addr);
        idle.push(ms);
        ftpsim_client::net::send_command(&mut first, "QUIT").unwrap();
        let _ = ReplyReader::new(Config::lenient()).read_reply(&mut first);
        drop(first);
        std::thread::sleep(Duration::from_millis(50));
        let (_second, ms) = greeting_ms(addr);
        after_quit.push(ms);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(&mut idle), median(&mut after_quit))
}

/// Checks that a server pauses as ProFTPD's preset says: a connection
/// made 50 ms after a session ended waits out the rest of the 0.41 s
/// pause (360 ms), one made after an idle spell does not.
fn check_accept_pause(server: &str, addr: SocketAddr) {
    let (idle, after_quit) = proftpd_greeting_delays(addr);
    eprintln!(
        "{server:<12} greeting after an idle spell: {idle:.1} ms; 50 ms after a session ended: {after_quit:.1} ms"
    );
    let pause = ftpsim::admission::Preset::Proftpd.accept_pause();
    let expected = pause.as_secs_f64() * 1e3 - 50.0;
    assert!(idle < 50.0, "{server}: {idle} ms after an idle spell");
    assert!(
        (after_quit - expected).abs() < 60.0,
        "{server}: {after_quit:.1} ms 50 ms after a session ended, the preset's pause says {expected:.0}"
    );
}

fn mmcc_against_proftpd_max_instances() -> Result<(), Skip> {
    // ProFTPD's preset counts MaxInstances as max_clients: a silent close
    // at accept.
    let config = RealConfig::Proftpd(ProftpdLimits {
        max_instances: Some(4),
        ..ProftpdLimits::default()
    });
    require(config.peer())?;
    let scenario = Scenario::write("mmcc", MMCC, "proftpd", "max_clients = 4\nmax_per_ip = 0");
    let server = RealServer::launch(config).map_err(|e| Skip(e.to_string()))?;
    let report = drive(&scenario, server.addr());
    check("proftpd", &report, "blocking probability", None);
    assert!(
        server.wait_for_sessions(0, Duration::from_secs(10)),
        "proftpd still holds {} sessions after the drive",
        server.sessions()
    );
    check_accept_pause("proftpd", server.addr());
    Ok(())
}

/// `ftpsim serve` under ProFTPD's preset pauses as ProFTPD does, and the
/// drive against it agrees with the simulation of the same scenario.
fn mmcc_against_ftpsim_serve_as_proftpd() {
    let scenario = Scenario::write("mmcc", MMCC, "proftpd", "max_clients = 4\nmax_per_ip = 0");
    let serve = Serve::start([OsStr::new("--scenario"), scenario.path.as_os_str()]);
    let report = drive(&scenario, serve.addr);
    check("ftpsim serve", &report, "blocking probability", None);
    check_accept_pause("ftpsim serve", serve.addr);
}

fn mmcc_against_pyftpdlib() -> Result<(), Skip> {
    // max_cons counts the listener, in pyftpdlib and in its preset alike:
    // 5 admits 4.
    against_real(
        "mmcc",
        MMCC,
        "pyftpdlib",
        "max_clients = 5\nmax_per_ip = 0",
        RealConfig::Pyftpdlib(PyftpdlibLimits {
            max_cons: 5,
            max_cons_per_ip: 0,
            idle_timeout_secs: None,
        }),
        "blocking probability",
        Some(421),
    )
    .map(drop)
}

fn per_address_against_ftpsim_serve() {
    let scenario = Scenario::write("per-address", PER_ADDRESS, "vsftpd", "");
    let serve = Serve::start([OsStr::new("--scenario"), scenario.path.as_os_str()]);
    let report = drive(&scenario, serve.addr);
    assert_eq!(report["drive"]["distinct_sources"], true);
    assert_eq!(report["drive"]["source_addresses"], 3);
    check("ftpsim serve", &report, "blocking probability", Some(421));
    let form = &report["drive"]["refusal_forms"][0];
    assert_eq!(
        form["bytes"],
        "421 There are too many connections from your internet address.\r\n"
    );
}

fn per_address_against_vsftpd() -> Result<(), Skip> {
    let report = against_real(
        "per-address",
        PER_ADDRESS,
        "vsftpd",
        "",
        RealConfig::Vsftpd(RealLimits {
            max_clients: 100,
            max_per_ip: 2,
            idle_timeout_secs: None,
        }),
        "blocking probability",
        Some(421),
    )?;
    assert_eq!(report["drive"]["source_addresses"], 3);
    assert_eq!(
        report["drive"]["refusal_forms"][0]["bytes"],
        "421 There are too many connections from your internet address.\r\n"
    );
    Ok(())
}

fn per_address_against_pure_ftpd() -> Result<(), Skip> {
    let report = against_real(
        "per-address",
        PER_ADDRESS,
        "pure-ftpd",
        "",
        RealConfig::PureFtpd(RealLimits {
            max_clients: 100,
            max_per_ip: 2,
            idle_timeout_secs: None,
        }),
        "blocking probability",
        Some(421),
    )?;
    assert_eq!(
        report["drive"]["refusal_forms"][0]["bytes"],
        "421 Too many connections (2) from this IP\r\n"
    );
    Ok(())
}

/// Retries: more attempts than users, and the first-attempt blocking
/// beside the simulated one, which the orbit raises above Erlang B.
fn check_retries(server: &str, report: &Value) {
    let drive = &report["drive"];
    assert!(
        drive["attempts"].as_u64().unwrap() > drive["users"].as_u64().unwrap(),
        "{server}: no retry was made: {drive}"
    );
}

fn retrying_against_ftpsim_serve() {
    let scenario = Scenario::write("retrying", RETRYING, "vsftpd", "");
    let serve = Serve::start([OsStr::new("--scenario"), scenario.path.as_os_str()]);
    let report = drive(&scenario, serve.addr);
    check("ftpsim serve", &report, "first-attempt blocking", Some(421));
    check_retries("ftpsim serve", &report);
}

fn retrying_against_pure_ftpd() -> Result<(), Skip> {
    let report = against_real(
        "retrying",
        RETRYING,
        "pure-ftpd",
        "",
        RealConfig::PureFtpd(RealLimits {
            max_clients: 4,
            max_per_ip: 100,
            idle_timeout_secs: None,
        }),
        "first-attempt blocking",
        Some(421),
    )?;
    check_retries("pure-ftpd", &report);
    Ok(())
}

/// Every session a ghost, against `ftpsim serve` with an idle timeout of
/// 0.5 s, and at most two connections open at once: the first two are held
/// until the server closes them, the third is not made.
const GHOSTS: &str = r#"
name = "ghosts"
duration = 2
seed = 3

[server]
preset = "vsftpd"
idle_timeout = 0.5

[clients]
ips = 1
ghost_fraction = 1.0

[arrivals]
kind = "explicit"
times = [0.0, 0.05, 0.1]

[session]
kind = "constant"
seconds = 0.1
"#;

fn ghosts_and_caps_against_ftpsim_serve() {
    let scenario = Scenario::write("ghosts", GHOSTS, "vsftpd", "");
    let serve = Serve::start([OsStr::new("--scenario"), scenario.path.as_os_str()]);
    let out = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
        .arg("drive")
        .arg(&scenario.path)
        .args(["--target", &serve.addr.to_string()])
        .args(["--max-open", "2", "--max-hold", "10"])
        .args(["--timeout", "5", "--json"])
        .output()
        .expect("ftpsim drive runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let drive = &report["drive"];
    assert_eq!(drive["users"], 3, "{drive}");
    assert_eq!(drive["greeted"], 2, "{drive}");
    assert_eq!(drive["skipped_by_cap"], 1, "{drive}");
    assert_eq!(drive["ghosts_closed_by_server"], 2, "{drive}");
    assert_eq!(drive["ghosts_ended_by_cap"], 0, "{drive}");
    // Held from the login until the server's idle timeout closed them.
    let held = drive["ghost_hold_ms"]["p50"].as_f64().unwrap();
    assert!((400.0..5000.0).contains(&held), "{drive}");
}

fn main() {
    ftpsim_peers::run(trials![
        mmcc_against_ftpsim_serve,
        mmcc_against_vsftpd,
        mmcc_against_pure_ftpd,
        mmcc_against_proftpd_max_instances,
        mmcc_against_ftpsim_serve_as_proftpd,
        mmcc_against_pyftpdlib,
        per_address_against_ftpsim_serve,
        per_address_against_vsftpd,
        per_address_against_pure_ftpd,
        retrying_against_ftpsim_serve,
        retrying_against_pure_ftpd,
        ghosts_and_caps_against_ftpsim_serve
    ]);
}
