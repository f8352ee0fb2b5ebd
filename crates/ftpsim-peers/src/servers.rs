//! Real FTP servers, started on loopback for differential tests and
//! side-by-side measurements: Debian's vsftpd, Pure-FTPd and ProFTPD, and
//! pyftpdlib from PyPI.
//!
//! vsftpd, Pure-FTPd and ProFTPD conflict as Debian packages, so one is
//! usually installed with apt and the others unpacked with `apt-get
//! download` and `dpkg -x` ([`crate::install`]); [`Peer::find`] looks in
//! both places. pyftpdlib runs from its own virtualenv.
//!
//! A server is started in the foreground on `127.0.0.1` and a high port,
//! considered ready once the kernel lists its listening socket (a probe
//! connection would take one of the slots under test), and stopped by PID,
//! together with its per-connection processes, when the handle is dropped.

use std::fmt;
use std::fs;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::peer::{Missing, Peer, library_path};

/// The real servers ftpsim's presets imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RealServerKind {
    /// vsftpd 3.0.3, configured with `max_clients` and `max_per_ip`.
    Vsftpd,
    /// Pure-FTPd 1.0.50, configured with `-c` and `-C`.
    PureFtpd,
}

impl RealServerKind {
    /// Both servers.
    pub const ALL: [RealServerKind; 2] = [RealServerKind::Vsftpd, RealServerKind::PureFtpd];

    /// The peer this server is.
    pub fn peer(self) -> Peer {
        match self {
            RealServerKind::Vsftpd => Peer::Vsftpd,
            RealServerKind::PureFtpd => Peer::PureFtpd,
        }
    }

    /// The executable's name.
    pub fn program(self) -> &'static str {
        self.peer().program()
    }
}

impl fmt::Display for RealServerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.program())
    }
}

/// A user name and password a real server accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Login {
    pub user: &'static str,
    pub password: &'static str,
}

/// The virtual user [`RealServer::serve`] gives Pure-FTPd.
const PURE_FTPD_USER: Login = Login {
    user: "alice",
    password: "s3cret",
};

/// `crypt(3)` of [`PURE_FTPD_USER`]'s password, SHA-512 with its default
/// 5000 rounds (`openssl passwd -6 -salt ftpsimdiff s3cret`), checked in
/// about a millisecond: `pure-pw` would hash with argon2id at a cost that
/// makes each login take seconds.
const PURE_FTPD_PASSWORD_HASH: &str = "$6$ftpsimdiff$A3ZeOFwALn.9YLOWWMxoenoarELa1WV1dMudNt2p2i.\
                                       HFhFF2WLtwKqdqWFF5iUtZRLaX050eJmtMKsoAC6ST/";

impl RealServerKind {
    /// The login that reaches the directory [`RealServer::serve`] serves
    /// ([`RealConfig::serving_login`]).
    pub fn serving_login(self) -> Login {
        match self {
            RealServerKind::Vsftpd => RealConfig::Vsftpd(NO_LIMITS).serving_login(),
            RealServerKind::PureFtpd => RealConfig::PureFtpd(NO_LIMITS).serving_login(),
        }
    }
}

/// Only for asking [`RealConfig::serving_login`], which limits do not
/// change.
const NO_LIMITS: RealLimits = RealLimits {
    max_clients: 0,
    max_per_ip: 0,
    idle_timeout_secs: None,
};

/// The limits to configure, in each server's own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RealLimits {
    /// vsftpd `max_clients`, Pure-FTPd `-c`.
    pub max_clients: u32,
    /// vsftpd `max_per_ip`, Pure-FTPd `-C`.
    pub max_per_ip: u32,
    /// vsftpd `idle_session_timeout` in seconds (Pure-FTPd counts minutes
    /// and is left at its default).
    pub idle_timeout_secs: Option<u32>,
}

/// ProFTPD's connection limits; a limit left at `None` is not written
/// into the configuration. Each refuses in its own way (see the research
/// notes): `MaxInstances` closes without a byte at accept,
/// `MaxConnectionsPerHost` sends 530 in place of the 220, `MaxClients`
/// sends 530 after PASS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProftpdLimits {
    pub max_instances: Option<u32>,
    pub max_connections_per_host: Option<u32>,
    pub max_clients: Option<u32>,
    /// `TimeoutIdle`, in seconds.
    pub idle_timeout_secs: Option<u32>,
}

/// pyftpdlib's `FTPServer` limits, `0` for unlimited as in pyftpdlib.
/// `max_cons` counts the listening socket too: 3 admits 2 clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PyftpdlibLimits {
    pub max_cons: u32,
    pub max_cons_per_ip: u32,
    /// `FTPHandler.timeout`, in seconds (pyftpdlib's default is 300).
    pub idle_timeout_secs: Option<u32>,
}

/// A server to start and its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RealConfig {
    Vsftpd(RealLimits),
    PureFtpd(RealLimits),
    Proftpd(ProftpdLimits),
    Pyftpdlib(PyftpdlibLimits),
}

impl RealConfig {
    /// The login that reaches the directory [`RealServer::serve_config`]
    /// serves: the anonymous user (vsftpd's `anon_root`, ProFTPD's
    /// `<Anonymous>` directory, pyftpdlib's anonymous home); for Pure-FTPd,
    /// whose anonymous root is the home of the system's `ftp` account and
    /// cannot be chosen, a virtual user of a PureDB file, chrooted in the
    /// directory.
    pub fn serving_login(&self) -> Login {
        match self {
            RealConfig::PureFtpd(_) => PURE_FTPD_USER,
            _ => Login {
                user: "anonymous",
                password: "guest@example.org",
            },
        }
    }

    /// The peer this configuration starts.
    pub fn peer(&self) -> Peer {
        match self {
            RealConfig::Vsftpd(_) => Peer::Vsftpd,
            RealConfig::PureFtpd(_) => Peer::PureFtpd,
            RealConfig::Proftpd(_) => Peer::Proftpd,
            RealConfig::Pyftpdlib(_) => Peer::Pyftpdlib,
        }
    }
}

/// The pyftpdlib server the harness runs: anonymous, read-only, on the
/// port and with the limits given as arguments.
const PYFTPDLIB_SERVER: &str = "\
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

port, max_cons, per_ip, idle, root = sys.argv[1:6]
authorizer = DummyAuthorizer()
authorizer.add_anonymous(root)
FTPHandler.authorizer = authorizer
if int(idle) > 0:
    FTPHandler.timeout = int(idle)
server = FTPServer(('127.0.0.1', int(port)), FTPHandler)
server.max_cons = int(max_cons)
server.max_cons_per_ip = int(per_ip)
server.serve_forever()
";

/// A running real server; stopped (by PID) when dropped.
#[derive(Debug)]
pub struct RealServer {
    peer: Peer,
    child: Child,
    addr: SocketAddr,
    /// Configuration and output of this run, removed on drop.
    scratch: PathBuf,
}

/// Why a real server could not be started.
#[derive(Debug)]
pub enum StartError {
    /// The server is not installed here, or does not run.
    Missing(Missing),
    Io {
        what: String,
        source: io::Error,
    },
    /// The process exited before listening; `output` is what it said.
    Exited {
        status: String,
        output: String,
    },
    /// The process never listened within the wait.
    NotListening {
        addr: SocketAddr,
    },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Missing(missing) => missing.fmt(f),
            StartError::Io { what, source } => write!(f, "{what}: {source}"),
            StartError::Exited { status, output } => {
                write!(
                    f,
                    "the server exited before listening ({status}): {output:?}"
                )
            }
            StartError::NotListening { addr } => {
                write!(f, "the server did not listen on {addr} in time")
            }
        }
    }
}

impl std::error::Error for StartError {}

fn io_error(what: impl Into<String>) -> impl FnOnce(io::Error) -> StartError {
    let what = what.into();
    move |source| StartError::Io { what, source }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

impl RealServer {
    /// Starts `kind` on `127.0.0.1` and a free high port with `limits`, and
    /// waits until it listens.
    pub fn start(kind: RealServerKind, limits: RealLimits) -> Result<RealServer, StartError> {
        RealServer::launch(match kind {
            RealServerKind::Vsftpd => RealConfig::Vsftpd(limits),
            RealServerKind::PureFtpd => RealConfig::PureFtpd(limits),
        })
    }

    /// Starts `kind` with `limits`, serving `root` (an absolute path whose
    /// files the account of [`RealServerKind::serving_login`] can read) to
    /// that login only, and waits until it listens. Dates are written in
    /// UTC.
    pub fn serve(
        kind: RealServerKind,
        limits: RealLimits,
        root: &Path,
    ) -> Result<RealServer, StartError> {
        let config = match kind {
            RealServerKind::Vsftpd => RealConfig::Vsftpd(limits),
            RealServerKind::PureFtpd => RealConfig::PureFtpd(limits),
        };
        RealServer::launch_serving(config, Some(root))
    }

    /// [`RealServer::serve`] for any of the servers: `config`, serving
    /// `root` to [`RealConfig::serving_login`].
    pub fn serve_config(config: RealConfig, root: &Path) -> Result<RealServer, StartError> {
        RealServer::launch_serving(config, Some(root))
    }

    /// Starts the server `config` names on `127.0.0.1` and a free high
    /// port, and waits until it listens.
    pub fn launch(config: RealConfig) -> Result<RealServer, StartError> {
        RealServer::launch_serving(config, None)
    }

    /// [`RealServer::launch`], serving `root` when given (vsftpd and
    /// Pure-FTPd only).
    fn launch_serving(config: RealConfig, root: Option<&Path>) -> Result<RealServer, StartError> {
        let peer = config.peer();
        let binary = peer.find().map_err(StartError::Missing)?;
        let port = free_port().map_err(io_error("cannot find a free port"))?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let scratch = std::env::temp_dir().join(format!(
            "ftpsim-{}-{}-{port}",
            peer.program(),
            std::process::id()
        ));
        fs::create_dir_all(&scratch).map_err(io_error(format!("cannot create {scratch:?}")))?;
        let mut command = Command::new(&binary);
        library_path(&binary, &mut command);
        match config {
            RealConfig::Vsftpd(limits) => {
                let conf = scratch.join("vsftpd.conf");
                let anon_root = root.unwrap_or(Path::new("/srv/ftp"));
                fs::write(&conf, vsftpd_conf(port, limits, anon_root))
                    .map_err(io_error(format!("cannot write {conf:?}")))?;
                command.arg(&conf);
            }
            RealConfig::PureFtpd(limits) => {
                if let Some(root) = root {
                    let database = pure_ftpd_database(&binary, &scratch, root)?;
                    command
                        .arg("-l")
                        .arg(format!("puredb:{}", database.display()));
                }
                command.args([
                    "-S",
                    &format!("127.0.0.1,{port}"),
                    "-c",
                    &limits.max_clients.to_string(),
                    "-C",
                    &limits.max_per_ip.to_string(),
                    // No reverse DNS, no syslog: nothing to wait for.
                    "-H",
                    "-f",
                    "none",
                ]);
            }
            RealConfig::Proftpd(limits) => {
                let anon = anonymous_root(&scratch, root)?;
                let conf = scratch.join("proftpd.conf");
                fs::write(&conf, proftpd_conf(port, &scratch, &anon, limits))
                    .map_err(io_error(format!("cannot write {conf:?}")))?;
                // -n: in the foreground, logging to stderr; -q: no banner.
                command.arg("-n").arg("-q").arg("-c").arg(&conf);
            }
            RealConfig::Pyftpdlib(limits) => {
                let anon = anonymous_root(&scratch, root)?;
                let script = scratch.join("serve.py");
                fs::write(&script, PYFTPDLIB_SERVER)
                    .map_err(io_error(format!("cannot write {script:?}")))?;
                command
                    .arg(&script)
                    .arg(port.to_string())
                    .arg(limits.max_cons.to_string())
                    .arg(limits.max_cons_per_ip.to_string())
                    .arg(limits.idle_timeout_secs.unwrap_or(0).to_string())
                    .arg(&anon);
            }
        }
        if root.is_some() {
            // Dates in listings as ftpsim writes them, which has no time
            // zone (Pure-FTPd writes local time).
            command.env("TZ", "UTC");
        }
        // Output goes to a file, never to a pipe nobody reads (a full pipe
        // would stall the server).
        let output_path = scratch.join("output.log");
        let output = fs::File::create(&output_path)
            .map_err(io_error(format!("cannot create {output_path:?}")))?;
        let output_err = output
            .try_clone()
            .map_err(io_error("cannot share the output file"))?;
        let child = command
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(output_err)
            .spawn()
            .map_err(io_error(format!("cannot start {}", binary.display())))?;
        let mut server = RealServer {
            peer,
            child,
            addr,
            scratch,
        };
        server.wait_until_listening()?;
        Ok(server)
    }

    /// Which server this is.
    pub fn kind(&self) -> Peer {
        self.peer
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The PID of the listening process.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn wait_until_listening(&mut self) -> Result<(), StartError> {
        for _ in 0..250 {
            if let Some(status) = self
                .child
                .try_wait()
                .map_err(io_error("cannot poll the server"))?
            {
                let output =
                    fs::read_to_string(self.scratch.join("output.log")).unwrap_or_default();
                return Err(StartError::Exited {
                    status: status.to_string(),
                    output: output.trim().to_string(),
                });
            }
            if is_listening(self.addr) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(StartError::NotListening { addr: self.addr })
    }

    /// The number of sessions the server holds now: its per-connection
    /// processes, or for pyftpdlib, which serves every connection from one
    /// process, its open control sockets.
    pub fn sessions(&self) -> usize {
        match self.peer {
            Peer::Pyftpdlib => server_side_connections(self.addr),
            _ => children_of(self.pid()).len(),
        }
    }

    /// Waits (at most `limit`) until the server holds exactly `n`
    /// sessions; the forking servers free a slot only when the process of a
    /// finished session exits, pyftpdlib when it closes the socket.
    pub fn wait_for_sessions(&self, n: usize, limit: Duration) -> bool {
        let step = Duration::from_millis(10);
        let rounds = (limit.as_millis() / step.as_millis()).max(1);
        for _ in 0..rounds {
            if self.sessions() == n {
                return true;
            }
            std::thread::sleep(step);
        }
        self.sessions() == n
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        // Sessions first, so that none outlives the listener.
        for pid in descendants_of(self.pid()) {
            // A session may exit between listing and killing: no matter.
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.scratch);
    }
}

/// Writes a PureDB file in `scratch` with [`PURE_FTPD_USER`], chrooted in
/// `root`, as the system's `ftp` account (Pure-FTPd refuses to serve as
/// root), and returns its path. The `pure-pw` beside `binary` compiles it.
fn pure_ftpd_database(binary: &Path, scratch: &Path, root: &Path) -> Result<PathBuf, StartError> {
    let (uid, gid) = system_account("ftp").unwrap_or((65534, 65534));
    let passwd = scratch.join("pureftpd.passwd");
    let database = scratch.join("pureftpd.pdb");
    // `/./` after the home: chrooted there.
    let line = format!(
        "{}:{}:{uid}:{gid}::{}/./::::::::::::\n",
        PURE_FTPD_USER.user,
        PURE_FTPD_PASSWORD_HASH,
        root.display()
    );
    fs::write(&passwd, line).map_err(io_error(format!("cannot write {passwd:?}")))?;
    let pure_pw = binary
        .parent()
        .and_then(Path::parent)
        .map(|usr| usr.join("bin/pure-pw"))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from("/usr/bin/pure-pw"));
    let mut mkdb = Command::new(&pure_pw);
    library_path(&pure_pw, &mut mkdb);
    let output = mkdb
        .arg("mkdb")
        .arg(&database)
        .arg("-f")
        .arg(&passwd)
        .stdin(Stdio::null())
        .output()
        .map_err(io_error(format!("cannot run {}", pure_pw.display())))?;
    if !output.status.success() {
        return Err(StartError::Exited {
            status: format!("{} mkdb: {}", pure_pw.display(), output.status),
            output: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(database)
}

/// The uid and gid of `name` in `/etc/passwd`.
fn system_account(name: &str) -> Option<(u32, u32)> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != name {
            return None;
        }
        let uid = fields.nth(1)?.parse().ok()?;
        let gid = fields.next()?.parse().ok()?;
        Some((uid, gid))
    })
}

fn vsftpd_conf(port: u16, limits: RealLimits, anon_root: &Path) -> String {
    let mut conf = format!(
        "listen=YES\n\
         listen_ipv6=NO\n\
         listen_address=127.0.0.1\n\
         listen_port={port}\n\
         background=NO\n\
         max_clients={}\n\
         max_per_ip={}\n\
         anonymous_enable=YES\n\
         local_enable=NO\n\
         write_enable=NO\n\
         anon_root={}\n\
         secure_chroot_dir=/var/run/vsftpd/empty\n\
         pam_service_name=vsftpd\n\
         ssl_enable=NO\n\
         xferlog_enable=NO\n",
        limits.max_clients,
        limits.max_per_ip,
        anon_root.display()
    );
    if let Some(secs) = limits.idle_timeout_secs {
        conf.push_str(&format!("idle_session_timeout={secs}\n"));
    }
    conf
}

/// The directory to serve anonymously: `root`, or an empty one in
/// `scratch`.
fn anonymous_root(scratch: &Path, root: Option<&Path>) -> Result<PathBuf, StartError> {
    if let Some(root) = root {
        return Ok(root.to_path_buf());
    }
    let anon = scratch.join("anon");
    fs::create_dir_all(&anon).map_err(io_error(format!("cannot create {anon:?}")))?;
    Ok(anon)
}

fn proftpd_conf(port: u16, scratch: &Path, anon: &Path, limits: ProftpdLimits) -> String {
    let dir = scratch.display();
    let mut conf = format!(
        "ServerType standalone\n\
         Port {port}\n\
         DefaultAddress 127.0.0.1\n\
         SocketBindTight on\n\
         User nobody\n\
         Group nogroup\n\
         ScoreboardFile {dir}/proftpd.scoreboard\n\
         PidFile {dir}/proftpd.pid\n\
         DelayTable none\n\
         WtmpLog off\n\
         TransferLog none\n\
         UseReverseDNS off\n\
         UseIPv6 off\n"
    );
    for (directive, value) in [
        ("MaxInstances", limits.max_instances),
        ("MaxConnectionsPerHost", limits.max_connections_per_host),
        ("MaxClients", limits.max_clients),
        ("TimeoutIdle", limits.idle_timeout_secs),
    ] {
        if let Some(value) = value {
            conf.push_str(&format!("{directive} {value}\n"));
        }
    }
    // ProFTPD refuses an anonymous login mapped to `nobody` ("Login
    // incorrect"); Debian's `ftp` account, which the vsftpd and proftpd
    // packages create, is accepted.
    conf.push_str(&format!(
        "<Anonymous {}>\n\
         User ftp\n\
         Group nogroup\n\
         UserAlias anonymous ftp\n\
         RequireValidShell off\n\
         </Anonymous>\n",
        anon.display()
    ));
    conf
}

/// How many TCP connections the kernel lists with `addr` as their local
/// end, open or closed by the peer only (IPv4 only): the server's side of
/// its control connections.
pub fn server_side_connections(addr: SocketAddr) -> usize {
    let SocketAddr::V4(v4) = addr else {
        return 0;
    };
    let Ok(table) = fs::read_to_string("/proc/net/tcp") else {
        return 0;
    };
    let wanted = proc_address(v4);
    table
        .lines()
        .skip(1)
        .filter(|line| {
            let mut fields = line.split_whitespace();
            let local = fields.nth(1);
            let state = fields.nth(1);
            // ESTABLISHED, or CLOSE_WAIT: the client has gone, the server
            // has not closed yet and still counts the connection.
            local == Some(wanted.as_str()) && matches!(state, Some("01" | "08"))
        })
        .count()
}

/// An address as /proc/net/tcp writes it: the u32 in host byte order.
fn proc_address(v4: std::net::SocketAddrV4) -> String {
    format!(
        "{:08X}:{:04X}",
        u32::from_ne_bytes(v4.ip().octets()),
        v4.port()
    )
}

/// Whether the kernel lists a listening TCP socket on `addr` (IPv4 only).
/// Unlike a probe connection, asking takes no slot of the server's limit.
pub fn is_listening(addr: SocketAddr) -> bool {
    let SocketAddr::V4(v4) = addr else {
        return false;
    };
    let Ok(table) = fs::read_to_string("/proc/net/tcp") else {
        return false;
    };
    let wanted = proc_address(v4);
    table.lines().skip(1).any(|line| {
        let mut fields = line.split_whitespace();
        let local = fields.nth(1);
        let state = fields.nth(1);
        local == Some(wanted.as_str()) && state == Some("0A")
    })
}

/// PIDs whose parent is `pid`.
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&candidate| parent_of(candidate) == Some(pid))
        .collect()
}

fn descendants_of(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut frontier = vec![pid];
    // Process trees of these servers are at most three deep; the bound only
    // guards against a PID reused into a cycle.
    for _ in 0..8 {
        let next: Vec<u32> = frontier.iter().flat_map(|&p| children_of(p)).collect();
        if next.is_empty() {
            break;
        }
        found.extend(&next);
        frontier = next;
    }
    found
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces and parentheses: fields resume
    // after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_of_reads_the_fourth_stat_field() {
        let me = std::process::id();
        let parent = parent_of(me).expect("own stat is readable");
        assert!(children_of(parent).contains(&me));
    }

    #[test]
    fn server_side_connections_count_accepted_sockets_until_closed() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::net::TcpStream::connect(addr).unwrap();
        let (server_end, _) = listener.accept().unwrap();
        assert_eq!(server_side_connections(addr), 1);
        // The client leaves: the server's end waits in CLOSE_WAIT and counts.
        drop(client);
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(server_side_connections(addr), 1);
        drop(server_end);
        assert_eq!(server_side_connections(addr), 0);
    }

    #[test]
    fn proftpd_configuration_names_only_the_limits_set() {
        let conf = proftpd_conf(
            2121,
            Path::new("/tmp/x"),
            Path::new("/tmp/x/anon"),
            ProftpdLimits {
                max_instances: Some(2),
                ..ProftpdLimits::default()
            },
        );
        assert!(conf.contains("MaxInstances 2\n"), "{conf}");
        assert!(!conf.contains("MaxClients"), "{conf}");
        assert!(conf.contains("<Anonymous /tmp/x/anon>"), "{conf}");
    }

    #[test]
    fn system_accounts_are_read_from_etc_passwd() {
        assert_eq!(system_account("root"), Some((0, 0)));
        assert_eq!(system_account("no such account"), None);
    }

    #[test]
    fn listening_sockets_are_seen_in_proc() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        assert!(is_listening(addr));
        drop(listener);
        assert!(!is_listening(addr));
    }
}
