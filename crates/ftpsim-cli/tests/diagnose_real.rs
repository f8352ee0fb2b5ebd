//! `ftpsim diagnose` on logs written here by real clients (lftp -d, wget
//! -d, Python's ftplib at debug level 2) refused by `ftpsim serve` and by
//! real vsftpd, ProFTPD and pyftpdlib started on loopback, and on a
//! FileZilla message log in the format FileZilla documents. Every server
//! is made to refuse by holding the connections its limit allows.

#[path = "support/serve.rs"]
mod serve;
use serve::Serve;

use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use ftpsim::reply::parser::Config;
use ftpsim_client::reply_reader::ReplyReader;
use ftpsim_peers::servers::{ProftpdLimits, PyftpdlibLimits, RealConfig, RealLimits, RealServer};
use ftpsim_peers::{Peer, Skip, require, trials};
use serde_json::Value;

/// Holds `n` greeted connections from 127.0.0.1.
fn hold(addr: SocketAddr, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|_| {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let reply = ReplyReader::new(Config::lenient())
                .read_reply(&mut stream)
                .unwrap();
            assert_eq!(reply.code(), 220);
            stream
        })
        .collect()
}

/// The log a client wrote, in a file of its own, removed on drop.
struct Log(PathBuf);

impl Log {
    fn write(name: &str, bytes: &[u8]) -> Log {
        let path =
            std::env::temp_dir().join(format!("ftpsim-diag-{name}-{}.log", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        Log(path)
    }

    fn diagnose(&self, extra: &[&str]) -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
            .arg("diagnose")
            .arg(&self.0)
            .arg("--json")
            .args(extra)
            .output()
            .expect("ftpsim diagnose runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// lftp's debug output of one listing that is refused, without retries.
fn lftp_log(lftp: &std::path::Path, addr: SocketAddr) -> Vec<u8> {
    let out = Command::new(lftp)
        .arg("-d")
        .arg("-e")
        .arg("set net:max-retries 1; set net:timeout 5; ls; quit")
        .arg(format!("ftp://{addr}"))
        .output()
        .unwrap();
    out.stderr
}

/// wget's debug output of one refused download.
fn wget_log(wget: &std::path::Path, addr: SocketAddr) -> Vec<u8> {
    let out = Command::new(wget)
        .args(["-d", "--tries=1", "--timeout=5", "-O", "/dev/null"])
        .arg(format!("ftp://{addr}/file"))
        .output()
        .unwrap();
    out.stderr
}

/// ftplib's debug output (level 2) of connect and login; the exception
/// goes to stderr, the protocol to stdout.
fn ftplib_log(python: &std::path::Path, addr: SocketAddr) -> Vec<u8> {
    let script = format!(
        "import ftplib\nf = ftplib.FTP(timeout=5)\nf.set_debuglevel(2)\n\
         f.connect('{}', {})\nf.login()\nf.quit()\n",
        addr.ip(),
        addr.port()
    );
    let out = Command::new(python).args(["-c", &script]).output().unwrap();
    out.stdout
}

/// The first finding, checked for its source, cause, number and family.
fn first_finding(d: &Value, source: &str, cause: &str, number: Option<u64>, family: &str) -> Value {
    assert_eq!(d["source"], source, "{d}");
    let finding = d["findings"][0].clone();
    assert_eq!(finding["cause"], cause, "{d}");
    match number {
        Some(n) => assert_eq!(finding["number"], n, "{d}"),
        None => assert!(finding["number"].is_null(), "{d}"),
    }
    assert_eq!(finding["family"], family, "{d}");
    assert!(!finding["fix"].as_str().unwrap_or("").is_empty(), "{d}");
    finding
}

fn lftp_refused_by_ftpsim_serve_per_address() -> Result<(), Skip> {
    let lftp = require(Peer::Lftp)?;
    let serve = Serve::start([
        "--preset",
        "pure-ftpd",
        "--max-clients",
        "10",
        "--max-per-ip",
        "1",
    ]);
    let _held = hold(serve.addr, 1);
    let log = Log::write("lftp", &lftp_log(&lftp, serve.addr));
    let finding = first_finding(
        &log.diagnose(&[]),
        "lftp",
        "per_address_limit",
        Some(1),
        "pure-ftpd",
    );
    // A limit of 1 leaves lftp no setting to change: the fix says so.
    let fix = finding["fix"].as_str().unwrap();
    assert!(
        fix.starts_with("In lftp") && fix.contains("no room"),
        "{finding}"
    );
    Ok(())
}

fn wget_refused_by_real_vsftpd_global() -> Result<(), Skip> {
    let wget = require(Peer::Wget)?;
    require(Peer::Vsftpd)?;
    let server = RealServer::launch(RealConfig::Vsftpd(RealLimits {
        max_clients: 1,
        max_per_ip: 10,
        idle_timeout_secs: None,
    }))
    .map_err(|e| Skip(e.to_string()))?;
    let _held = hold(server.addr(), 1);
    let log = Log::write("wget", &wget_log(&wget, server.addr()));
    // vsftpd's text names no number.
    first_finding(&log.diagnose(&[]), "raw", "global_limit", None, "vsftpd");
    Ok(())
}

fn ftplib_refused_by_real_proftpd_per_host() -> Result<(), Skip> {
    let python = require(Peer::Python3)?;
    require(Peer::Proftpd)?;
    let server = RealServer::launch(RealConfig::Proftpd(ProftpdLimits {
        max_connections_per_host: Some(1),
        ..ProftpdLimits::default()
    }))
    .map_err(|e| Skip(e.to_string()))?;
    let _held = hold(server.addr(), 1);
    let log = Log::write("ftplib-proftpd", &ftplib_log(&python, server.addr()));
    first_finding(
        &log.diagnose(&[]),
        "ftplib",
        "per_address_limit",
        Some(1),
        "proftpd",
    );
    Ok(())
}

fn ftplib_refused_by_real_proftpd_at_login() -> Result<(), Skip> {
    let python = require(Peer::Python3)?;
    require(Peer::Proftpd)?;
    let server = RealServer::launch(RealConfig::Proftpd(ProftpdLimits {
        max_clients: Some(1),
        ..ProftpdLimits::default()
    }))
    .map_err(|e| Skip(e.to_string()))?;
    // One session logged in takes ProFTPD's only MaxClients place.
    let mut held = hold(server.addr(), 1).remove(0);
    let mut reader = ReplyReader::new(Config::lenient());
    for (command, code) in [("USER anonymous", 331), ("PASS held@ftpsim.invalid", 230)] {
        ftpsim_client::net::send_command(&mut held, command).unwrap();
        assert_eq!(reader.read_reply(&mut held).unwrap().code(), code);
    }
    let log = Log::write("ftplib-login", &ftplib_log(&python, server.addr()));
    first_finding(
        &log.diagnose(&[]),
        "ftplib",
        "login_limit",
        Some(1),
        "proftpd",
    );
    Ok(())
}

fn lftp_refused_by_real_pyftpdlib_in_french() -> Result<(), Skip> {
    let lftp = require(Peer::Lftp)?;
    require(Peer::Pyftpdlib)?;
    let server = RealServer::launch(RealConfig::Pyftpdlib(PyftpdlibLimits {
        max_cons: 10,
        max_cons_per_ip: 1,
        idle_timeout_secs: None,
    }))
    .map_err(|e| Skip(e.to_string()))?;
    let _held = hold(server.addr(), 1);
    let log = Log::write("lftp-pyftpdlib", &lftp_log(&lftp, server.addr()));
    // pyftpdlib's text names no number, so the fix cannot name a setting
    // value: it says to open fewer connections, and how to measure.
    let finding = first_finding(
        &log.diagnose(&["--lang", "fr"]),
        "lftp",
        "per_address_limit",
        None,
        "pyftpdlib",
    );
    let fix = finding["fix"].as_str().unwrap();
    assert!(
        fix.contains("Ouvrez moins de connexions") && fix.contains("ftpsim probe --limits"),
        "{finding}"
    );
    Ok(())
}

fn lftp_meets_proftpds_silent_close() -> Result<(), Skip> {
    let lftp = require(Peer::Lftp)?;
    require(Peer::Proftpd)?;
    let server = RealServer::launch(RealConfig::Proftpd(ProftpdLimits {
        max_instances: Some(1),
        ..ProftpdLimits::default()
    }))
    .map_err(|e| Skip(e.to_string()))?;
    let _held = hold(server.addr(), 1);
    let log = Log::write("lftp-silent", &lftp_log(&lftp, server.addr()));
    let d = log.diagnose(&[]);
    assert_eq!(d["source"], "lftp", "{d}");
    assert!(
        d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["cause"] == "silent_close"),
        "{d}"
    );
    Ok(())
}

/// FileZilla's message log as its documentation shows it (Edit >
/// Settings > Logging, "Show timestamps in message log"): a time stamp,
/// the kind of line, a tab, the text.
fn filezilla_log_in_its_documented_format() {
    let log = Log::write(
        "filezilla",
        b"2024-03-04 09:12:01\tStatus:\tConnecting to 127.0.0.1:21...\n\
          2024-03-04 09:12:01\tStatus:\tConnection established, waiting for welcome message...\n\
          2024-03-04 09:12:01\tResponse:\t421 Too many connections (8) from this IP\n\
          2024-03-04 09:12:01\tError:\tCould not connect to server\n\
          2024-03-04 09:12:06\tStatus:\tWaiting to retry...\n",
    );
    let finding = first_finding(
        &log.diagnose(&[]),
        "filezilla",
        "per_address_limit",
        Some(8),
        "pure-ftpd",
    );
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("Maximum simultaneous transfers"),
        "{finding}"
    );
}

fn main() {
    ftpsim_peers::run(trials![
        lftp_refused_by_ftpsim_serve_per_address,
        wget_refused_by_real_vsftpd_global,
        ftplib_refused_by_real_proftpd_per_host,
        ftplib_refused_by_real_proftpd_at_login,
        lftp_refused_by_real_pyftpdlib_in_french,
        lftp_meets_proftpds_silent_close,
        filezilla_log_in_its_documented_format
    ]);
}
