//! Real FTP servers from Debian, started on loopback for differential tests
//! and side-by-side measurements.
//!
//! vsftpd and Pure-FTPd conflict as Debian packages, so one is usually
//! installed with apt and the other unpacked with `apt-get download` and
//! `dpkg -x` ([`crate::install`]); [`Peer::find`] looks in both places.
//!
//! A server is started in the foreground on `127.0.0.1` and a high port,
//! considered ready once the kernel lists its listening socket (a probe
//! connection would take one of the slots under test), and stopped by PID,
//! together with its per-connection processes, when the handle is dropped.

use std::fmt;
use std::fs;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
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

/// A running real server; stopped (by PID) when dropped.
#[derive(Debug)]
pub struct RealServer {
    kind: RealServerKind,
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
        let binary = kind.peer().find().map_err(StartError::Missing)?;
        let port = free_port().map_err(io_error("cannot find a free port"))?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let scratch = std::env::temp_dir().join(format!(
            "ftpsim-{}-{}-{port}",
            kind.program(),
            std::process::id()
        ));
        fs::create_dir_all(&scratch).map_err(io_error(format!("cannot create {scratch:?}")))?;
        let mut command = Command::new(&binary);
        library_path(&binary, &mut command);
        match kind {
            RealServerKind::Vsftpd => {
                let conf = scratch.join("vsftpd.conf");
                fs::write(&conf, vsftpd_conf(port, limits))
                    .map_err(io_error(format!("cannot write {conf:?}")))?;
                command.arg(&conf);
            }
            RealServerKind::PureFtpd => {
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
            kind,
            child,
            addr,
            scratch,
        };
        server.wait_until_listening()?;
        Ok(server)
    }

    /// Which server this is.
    pub fn kind(&self) -> RealServerKind {
        self.kind
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

    /// The number of per-connection processes the server has now.
    pub fn sessions(&self) -> usize {
        children_of(self.pid()).len()
    }

    /// Waits (at most `limit`) until the server has exactly `n`
    /// per-connection processes; both servers free a slot only when the
    /// process of a finished session exits.
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

fn vsftpd_conf(port: u16, limits: RealLimits) -> String {
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
         anon_root=/srv/ftp\n\
         secure_chroot_dir=/var/run/vsftpd/empty\n\
         pam_service_name=vsftpd\n\
         ssl_enable=NO\n\
         xferlog_enable=NO\n",
        limits.max_clients, limits.max_per_ip
    );
    if let Some(secs) = limits.idle_timeout_secs {
        conf.push_str(&format!("idle_session_timeout={secs}\n"));
    }
    conf
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
    // /proc/net/tcp writes the address as the u32 in host byte order.
    let wanted = format!(
        "{:08X}:{:04X}",
        u32::from_ne_bytes(v4.ip().octets()),
        v4.port()
    );
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
    fn listening_sockets_are_seen_in_proc() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        assert!(is_listening(addr));
        drop(listener);
        assert!(!is_listening(addr));
    }
}
