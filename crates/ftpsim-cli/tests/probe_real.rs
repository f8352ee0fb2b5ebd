//! `ftpsim probe` and `ftpsim diagnose` against servers started here on
//! loopback: `ftpsim serve` under every preset, Debian's vsftpd, Pure-FTPd
//! and ProFTPD, and pyftpdlib. Each must be named and its limit found
//! exactly, with every probe connection closed afterwards; the logs
//! `diagnose` reads are captured here from real curl runs, never written by
//! hand.

#[path = "support/serve.rs"]
mod serve;
use serve::Serve;

use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Output};
use std::time::Duration;

use ftpsim_peers::servers::{
    ProftpdLimits, PyftpdlibLimits, RealConfig, RealLimits, RealServer, RealServerKind,
};
use ftpsim_peers::{Peer, Skip, require, trials};
use serde_json::Value;

fn ftpsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ftpsim"))
        .args(args)
        .output()
        .expect("ftpsim runs")
}

fn probe_json(addr: SocketAddr, extra: &[&str]) -> Value {
    let target = addr.to_string();
    let mut args = vec!["probe", target.as_str(), "--json", "--limits"];
    args.extend_from_slice(extra);
    let out = ftpsim(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Whether a connection now still gets a greeting, i.e. no slot is held.
fn greeted_now(addr: SocketAddr) -> bool {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = ftpsim_client_reader();
    matches!(reader.read_reply(&mut stream), Ok(r) if r.code() == 220)
}

fn ftpsim_client_reader() -> ftpsim_client::reply_reader::ReplyReader {
    ftpsim_client::reply_reader::ReplyReader::new(ftpsim::reply::parser::Config::lenient())
}

fn probe_finds_every_preset_and_its_limits() {
    for (preset, family, per_ip_code) in [
        ("vsftpd", "vsftpd", 421),
        ("pure-ftpd", "pure-ftpd", 421),
        ("proftpd", "proftpd", 530),
        ("pyftpdlib", "pyftpdlib", 421),
        ("rfc", "rfc", 421),
    ] {
        let serve = Serve::start([
            "--preset",
            preset,
            "--max-clients",
            "9",
            "--max-per-ip",
            "3",
        ]);
        let found = probe_json(serve.addr, &["--from", "127.0.0.2,127.0.0.3"]);
        assert_eq!(found["identity"]["server"]["family"], family, "{preset}");
        let limits = &found["limits"];
        assert_eq!(limits["limit"], 3, "{preset}: {limits}");
        assert_eq!(limits["scope"], "per_address", "{preset}");
        assert_eq!(limits["left_open"], 0, "{preset}");
        let refusal = &limits["runs"][0]["refusal"]["answer"];
        assert_eq!(refusal["code"], per_ip_code, "{preset}: {refusal}");
        // Every probe connection is gone: a fresh one from the same
        // address is greeted.
        std::thread::sleep(Duration::from_millis(200));
        assert!(greeted_now(serve.addr), "{preset}");
    }
}

fn probe_tells_a_global_limit_from_a_per_address_one() {
    // pyftpdlib counts its listener: max_cons 4 admits 3.
    let serve = Serve::start([
        "--preset",
        "pyftpdlib",
        "--max-clients",
        "4",
        "--max-per-ip",
        "0",
    ]);
    let found = probe_json(serve.addr, &["--from", "127.0.0.2,127.0.0.3"]);
    let limits = &found["limits"];
    assert_eq!(limits["limit"], 3, "{limits}");
    assert_eq!(limits["scope"], "global");
    assert_eq!(found["advice"].as_array().unwrap().len(), 5);
}

fn probe_finds_proftpds_limit_at_login() {
    let serve = Serve::start(["--preset", "proftpd", "--max-logged-in", "2"]);
    let found = probe_json(serve.addr, &[]);
    let limits = &found["limits"];
    assert_eq!(limits["limit"], 2, "{limits}");
    assert_eq!(limits["at_login"], true);
    assert_eq!(limits["runs"][0]["refusal"]["stage"], "pass");
}

fn probe_real_server(kind: RealServerKind, family: &str, per_ip: bool) -> Result<(), Skip> {
    require(kind.peer())?;
    let limits = if per_ip {
        RealLimits {
            max_clients: 10,
            max_per_ip: 2,
            idle_timeout_secs: None,
        }
    } else {
        RealLimits {
            max_clients: 2,
            max_per_ip: 10,
            idle_timeout_secs: None,
        }
    };
    let server = RealServer::start(kind, limits).map_err(|e| Skip(e.to_string()))?;
    let found = probe_json(server.addr(), &["--from", "127.0.0.2,127.0.0.3"]);
    assert_eq!(found["identity"]["server"]["family"], family);
    let limits = &found["limits"];
    assert_eq!(limits["limit"], 2, "{limits}");
    let scope = if per_ip { "per_address" } else { "global" };
    assert_eq!(limits["scope"], scope, "{limits}");
    assert_eq!(limits["left_open"], 0);
    assert!(
        server.wait_for_sessions(0, Duration::from_secs(5)),
        "the server still has sessions after the probe"
    );
    Ok(())
}

fn probe_vsftpd_max_per_ip() -> Result<(), Skip> {
    probe_real_server(RealServerKind::Vsftpd, "vsftpd", true)
}

fn probe_vsftpd_max_clients() -> Result<(), Skip> {
    probe_real_server(RealServerKind::Vsftpd, "vsftpd", false)
}

fn probe_pure_ftpd_per_ip() -> Result<(), Skip> {
    probe_real_server(RealServerKind::PureFtpd, "pure-ftpd", true)
}

fn probe_pure_ftpd_max_clients() -> Result<(), Skip> {
    probe_real_server(RealServerKind::PureFtpd, "pure-ftpd", false)
}

/// What `probe --limits --from 127.0.0.2,127.0.0.3` must find on a real
/// server: its family, the connections admitted, where the limit lies and
/// at which stage it refuses, and no session left behind.
struct Expected {
    family: &'static str,
    limit: u64,
    scope: &'static str,
    stage: &'static str,
    /// The refusal's code; `None`: closed without a byte.
    code: Option<u64>,
}

fn probe_launched(config: RealConfig, expected: Expected) -> Result<(), Skip> {
    require(config.peer())?;
    let server = RealServer::launch(config).map_err(|e| Skip(e.to_string()))?;
    let found = probe_json(server.addr(), &["--from", "127.0.0.2,127.0.0.3"]);
    assert_eq!(
        found["identity"]["server"]["family"], expected.family,
        "{found}"
    );
    let limits = &found["limits"];
    assert_eq!(limits["limit"], expected.limit, "{limits}");
    assert_eq!(limits["scope"], expected.scope, "{limits}");
    assert_eq!(limits["left_open"], 0, "{limits}");
    let refusal = &limits["runs"][0]["refusal"];
    assert_eq!(refusal["stage"], expected.stage, "{refusal}");
    match expected.code {
        Some(code) => assert_eq!(refusal["answer"]["code"], code, "{refusal}"),
        None => assert!(refusal["answer"]["code"].is_null(), "{refusal}"),
    }
    assert!(
        server.wait_for_sessions(0, Duration::from_secs(5)),
        "{} still holds {} sessions after the probe",
        server.kind(),
        server.sessions()
    );
    Ok(())
}

fn probe_proftpd_max_connections_per_host() -> Result<(), Skip> {
    probe_launched(
        RealConfig::Proftpd(ProftpdLimits {
            max_connections_per_host: Some(2),
            ..ProftpdLimits::default()
        }),
        Expected {
            family: "proftpd",
            limit: 2,
            scope: "per_address",
            stage: "greeting",
            code: Some(530),
        },
    )
}

fn probe_proftpd_max_instances() -> Result<(), Skip> {
    probe_launched(
        RealConfig::Proftpd(ProftpdLimits {
            max_instances: Some(2),
            ..ProftpdLimits::default()
        }),
        Expected {
            family: "proftpd",
            limit: 2,
            scope: "global",
            stage: "greeting",
            code: None,
        },
    )
}

fn probe_proftpd_max_clients() -> Result<(), Skip> {
    probe_launched(
        RealConfig::Proftpd(ProftpdLimits {
            max_clients: Some(2),
            ..ProftpdLimits::default()
        }),
        Expected {
            family: "proftpd",
            limit: 2,
            scope: "global",
            stage: "pass",
            code: Some(530),
        },
    )
}

fn probe_pyftpdlib_max_cons() -> Result<(), Skip> {
    // max_cons counts the listener: 3 admits 2.
    probe_launched(
        RealConfig::Pyftpdlib(PyftpdlibLimits {
            max_cons: 3,
            max_cons_per_ip: 0,
            idle_timeout_secs: None,
        }),
        Expected {
            family: "pyftpdlib",
            limit: 2,
            scope: "global",
            stage: "greeting",
            code: Some(421),
        },
    )
}

fn probe_pyftpdlib_max_cons_per_ip() -> Result<(), Skip> {
    probe_launched(
        RealConfig::Pyftpdlib(PyftpdlibLimits {
            max_cons: 20,
            max_cons_per_ip: 2,
            idle_timeout_secs: None,
        }),
        Expected {
            family: "pyftpdlib",
            limit: 2,
            scope: "per_address",
            stage: "greeting",
            code: Some(421),
        },
    )
}

/// Holds `n` greeted connections from 127.0.0.1.
fn hold(addr: SocketAddr, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|_| {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let reply = ftpsim_client_reader().read_reply(&mut stream).unwrap();
            assert_eq!(reply.code(), 220);
            stream
        })
        .collect()
}

fn diagnose_reads_curl_refused_by_a_real_pure_ftpd() -> Result<(), Skip> {
    let curl = require(Peer::Curl)?;
    require(Peer::PureFtpd)?;
    let server = RealServer::start(
        RealServerKind::PureFtpd,
        RealLimits {
            max_clients: 10,
            max_per_ip: 2,
            idle_timeout_secs: None,
        },
    )
    .map_err(|e| Skip(e.to_string()))?;
    let _held = hold(server.addr(), 2);
    let log = Command::new(curl)
        .args(["-v", "--max-time", "10"])
        .arg(format!("ftp://{}/", server.addr()))
        .output()
        .unwrap();
    let path = std::env::temp_dir().join(format!("ftpsim-curl-{}.log", std::process::id()));
    std::fs::write(&path, &log.stderr).unwrap();
    let out = ftpsim(&["diagnose", path.to_str().unwrap(), "--json"]);
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success());
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["source"], "curl", "{d}");
    let finding = &d["findings"][0];
    assert_eq!(finding["cause"], "per_address_limit", "{d}");
    assert_eq!(finding["number"], 2);
    assert_eq!(finding["family"], "pure-ftpd");
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("--parallel-max 1"),
        "{d}"
    );
    Ok(())
}

fn diagnose_reads_curl_refused_by_ftpsim_serve_in_french() -> Result<(), Skip> {
    let curl = require(Peer::Curl)?;
    let serve = Serve::start([
        "--preset",
        "vsftpd",
        "--max-clients",
        "1",
        "--max-per-ip",
        "0",
    ]);
    let _held = hold(serve.addr, 1);
    let log = Command::new(curl)
        .args(["-v", "--max-time", "10"])
        .arg(format!("ftp://{}/", serve.addr))
        .output()
        .unwrap();
    let path = std::env::temp_dir().join(format!("ftpsim-curl-fr-{}.log", std::process::id()));
    std::fs::write(&path, &log.stderr).unwrap();
    let out = ftpsim(&["diagnose", path.to_str().unwrap(), "--lang", "fr"]);
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("la limite globale de vsftpd"), "{text}");
    assert!(text.contains("max_clients (vsftpd.conf)"), "{text}");
    Ok(())
}

fn main() {
    ftpsim_peers::run(trials![
        probe_finds_every_preset_and_its_limits,
        probe_tells_a_global_limit_from_a_per_address_one,
        probe_finds_proftpds_limit_at_login,
        probe_vsftpd_max_per_ip,
        probe_vsftpd_max_clients,
        probe_pure_ftpd_per_ip,
        probe_pure_ftpd_max_clients,
        probe_proftpd_max_connections_per_host,
        probe_proftpd_max_instances,
        probe_proftpd_max_clients,
        probe_pyftpdlib_max_cons,
        probe_pyftpdlib_max_cons_per_ip,
        diagnose_reads_curl_refused_by_a_real_pure_ftpd,
        diagnose_reads_curl_refused_by_ftpsim_serve_in_french
    ]);
}
