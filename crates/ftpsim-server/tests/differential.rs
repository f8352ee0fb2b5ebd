//! ftpsim against the real thing: the same sequence of connections and
//! commands, sent to vsftpd (or Pure-FTPd) from Debian and to `ftpsim
//! serve` with that preset and the same limits, must receive the same bytes.
//!
//! Two parts of a greeting cannot match and are masked in both transcripts
//! before comparing (see [`mask`]):
//! - vsftpd's version in `220 (vsFTPd 3.0.3)`, so that a Debian update of
//!   the package does not fail the test (the preset's version is checked
//!   against 3.0.3 by the core's own tests);
//! - Pure-FTPd's clock line, `220-Local time is now HH:MM. Server port:
//!   PORT.`: the time of day moves, and the two servers listen on different
//!   ports.
//!
//! Both servers are started by the test on 127.0.0.1 and a free high port
//! and stopped by PID. The file runs under libtest-mimic: a server that is
//! not installed makes its tests ignored, with the reason; under CI
//! (`CI=true`) they fail. `cargo xtask test` installs vsftpd with apt and
//! unpacks Pure-FTPd with `dpkg -x` (the two packages conflict).
//!
//! Only what the presets reproduce is compared: admission (greetings,
//! refusals by reason, slots freed after QUIT), login, and the commands a
//! client sends around it. FEAT, HELP and file-system commands are not:
//! ftpsim has no file system, on purpose.

mod common;

use std::net::{IpAddr, SocketAddr, TcpStream};

use common::*;
use ftpsim::admission::Preset;
use ftpsim_peers::servers::{RealLimits, RealServer, RealServerKind, StartError};
use ftpsim_peers::trials;
use ftpsim_server::ServerConfig;
use ftpsim_server::config::Credentials;

fn main() {
    ftpsim_peers::run(trials![
        vsftpd_global_limit,
        vsftpd_per_address_limit,
        vsftpd_idle_timeout,
        pure_ftpd_global_limit,
        pure_ftpd_per_address_limit,
        masking_names_only_the_clock_and_version_lines,
    ]);
}

/// A server under test: where to connect, and how to wait until it holds
/// exactly `n` sessions (a real server frees a slot only when the session's
/// process has exited).
trait Target {
    fn addr(&self) -> SocketAddr;
    fn wait_for_sessions(&self, n: usize);
}

impl Target for TestServer {
    fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn wait_for_sessions(&self, n: usize) {
        let n = u32::try_from(n).unwrap();
        eventually("ftpsim to hold the sessions", || {
            self.handle.active(None) == n
        });
    }
}

impl Target for RealServer {
    fn addr(&self) -> SocketAddr {
        RealServer::addr(self)
    }

    fn wait_for_sessions(&self, n: usize) {
        assert!(
            RealServer::wait_for_sessions(self, n, STEP),
            "{} kept {} session processes, expected {n}",
            self.kind(),
            self.sessions()
        );
    }
}

/// Everything one client saw, labelled, in order.
#[derive(Default)]
struct Exchange(Vec<String>);

impl Exchange {
    fn record(&mut self, label: &str, bytes: &[u8]) {
        self.0.push(format!("{label}: {}", mask(&text(bytes))));
    }
}

/// Masks the parts of a reply that cannot match between two servers.
fn mask(reply: &str) -> String {
    reply
        .split_inclusive("\r\n")
        .map(|line| {
            if line.starts_with("220-Local time is now ") && line.contains(". Server port: ") {
                "220-Local time is now <clock>. Server port: <port>.\r\n".to_string()
            } else if line.starts_with("220 (vsFTPd ") && line.ends_with(")\r\n") {
                "220 (vsFTPd <version>)\r\n".to_string()
            } else {
                line.to_string()
            }
        })
        .collect()
}

fn greeted(target: &dyn Target, source: IpAddr, label: &str, out: &mut Exchange) -> TcpStream {
    let mut stream = connect_from(source, target.addr());
    out.record(label, &read_reply(&mut stream));
    stream
}

fn refused(target: &dyn Target, source: IpAddr, label: &str, out: &mut Exchange) {
    let mut stream = connect_from(source, target.addr());
    out.record(label, &read_to_close(&mut stream));
}

/// Limits 2 clients (5 per address): two greetings, a refusal, a login
/// session that quits, and a new client in the freed slot.
fn global_limit(target: &dyn Target) -> Exchange {
    let mut out = Exchange::default();
    let mut first = greeted(target, LOCAL_1, "client 1 connects", &mut out);
    let second = greeted(target, LOCAL_1, "client 2 connects", &mut out);
    refused(target, LOCAL_1, "client 3 connects", &mut out);
    target.wait_for_sessions(2);
    for line in [
        "NOOP",
        "USER anonymous",
        "PASS guest@example.org",
        "SYST",
        "PWD",
        "TYPE I",
        "TYPE A",
        "NOOP",
    ] {
        let reply = command(&mut first, line);
        out.record(&format!("client 1 {line}"), &reply);
    }
    let reply = command(&mut first, "QUIT");
    out.record("client 1 QUIT", &reply);
    out.record("client 1 after QUIT", &read_to_close(&mut first));
    target.wait_for_sessions(1);
    let fourth = greeted(target, LOCAL_1, "client 4 connects", &mut out);
    drop((second, fourth));
    target.wait_for_sessions(0);
    out
}

/// Limits 10 clients, 2 per address: the third from 127.0.0.1 is refused,
/// one from 127.0.0.2 is still greeted.
fn per_address_limit(target: &dyn Target) -> Exchange {
    let mut out = Exchange::default();
    let a = greeted(target, LOCAL_1, "127.0.0.1 #1 connects", &mut out);
    let b = greeted(target, LOCAL_1, "127.0.0.1 #2 connects", &mut out);
    refused(target, LOCAL_1, "127.0.0.1 #3 connects", &mut out);
    let c = greeted(target, LOCAL_2, "127.0.0.2 #1 connects", &mut out);
    drop((a, b, c));
    target.wait_for_sessions(0);
    out
}

/// An idle session is closed with the preset's reply.
fn idle_timeout(target: &dyn Target) -> Exchange {
    let mut out = Exchange::default();
    let mut stream = greeted(target, LOCAL_1, "client connects", &mut out);
    out.record("client waits", &read_to_close(&mut stream));
    out
}

fn ftpsim_config(preset: Preset, limits: RealLimits) -> ServerConfig {
    let mut config = config(preset);
    config.spec.max_clients = Some(limits.max_clients);
    config.spec.max_per_ip = Some(limits.max_per_ip);
    config.spec.idle_timeout = limits.idle_timeout_secs.map(f64::from);
    // Real servers as started here allow anonymous and named logins.
    config.anonymous = true;
    config.users = vec![Credentials::parse("alice:s3cret").unwrap()];
    config
}

/// Runs `scenario` against the real server and against ftpsim; a skip
/// when the real server is not installed here.
fn compare(
    kind: RealServerKind,
    preset: Preset,
    limits: RealLimits,
    scenario: fn(&dyn Target) -> Exchange,
) -> Result<(), Skip> {
    let real = match RealServer::start(kind, limits) {
        Ok(real) => real,
        Err(StartError::Missing(missing)) => return Err(missing.into()),
        Err(err) => panic!("cannot start {kind}: {err}"),
    };
    let expected = scenario(&real);
    drop(real);
    let ftpsim = TestServer::start(ftpsim_config(preset, limits));
    let got = scenario(&ftpsim);
    assert_eq!(
        got.0.join("\n"),
        expected.0.join("\n"),
        "ftpsim (preset {preset}) differs from {kind}"
    );
    Ok(())
}

fn vsftpd_global_limit() -> Result<(), Skip> {
    let limits = RealLimits {
        max_clients: 2,
        max_per_ip: 5,
        idle_timeout_secs: None,
    };
    compare(RealServerKind::Vsftpd, Preset::Vsftpd, limits, global_limit)
}

fn vsftpd_per_address_limit() -> Result<(), Skip> {
    let limits = RealLimits {
        max_clients: 10,
        max_per_ip: 2,
        idle_timeout_secs: None,
    };
    compare(
        RealServerKind::Vsftpd,
        Preset::Vsftpd,
        limits,
        per_address_limit,
    )
}

fn vsftpd_idle_timeout() -> Result<(), Skip> {
    let limits = RealLimits {
        max_clients: 2,
        max_per_ip: 2,
        idle_timeout_secs: Some(1),
    };
    compare(RealServerKind::Vsftpd, Preset::Vsftpd, limits, idle_timeout)
}

fn pure_ftpd_global_limit() -> Result<(), Skip> {
    let limits = RealLimits {
        max_clients: 2,
        max_per_ip: 5,
        idle_timeout_secs: None,
    };
    compare(
        RealServerKind::PureFtpd,
        Preset::PureFtpd,
        limits,
        global_limit,
    )
}

fn pure_ftpd_per_address_limit() -> Result<(), Skip> {
    let limits = RealLimits {
        max_clients: 10,
        max_per_ip: 2,
        idle_timeout_secs: None,
    };
    compare(
        RealServerKind::PureFtpd,
        Preset::PureFtpd,
        limits,
        per_address_limit,
    )
}

fn masking_names_only_the_clock_and_version_lines() {
    assert_eq!(
        mask("220-Local time is now 15:51. Server port: 42122.\r\n220 x\r\n"),
        "220-Local time is now <clock>. Server port: <port>.\r\n220 x\r\n"
    );
    assert_eq!(mask("220 (vsFTPd 3.0.5)\r\n"), "220 (vsFTPd <version>)\r\n");
    let untouched = "421 There are too many connected users, please try later.\r\n";
    assert_eq!(mask(untouched), untouched);
}
