//! `ftpsim serve` started on a loopback port the system picks, for the
//! tests that measure it as a real peer; stopped by its own PID on drop.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

pub struct Serve {
    child: Child,
    pub addr: SocketAddr,
}

impl Serve {
    /// Anonymous logins, no log, gone after 120 s even if a test hangs;
    /// `args` add the server's settings. Returns once it listens.
    pub fn start<I, S>(args: I) -> Serve
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
            .args(["serve", "--listen", "127.0.0.1:0", "--anonymous"])
            .args(["--log-level", "off", "--shutdown-after", "120"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("ftpsim serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .rsplit(' ')
            .next()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Serve { child, addr }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
