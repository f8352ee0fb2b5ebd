//! The real programs ftpsim is checked against, and where to find them.
//!
//! A peer is found by, in order: its environment variable (`FTPSIM_CURL`,
//! `FTPSIM_VSFTPD`, ...), `PATH`, `/usr/sbin`, then the Debian packages
//! unpacked under [`unpack_root`] (`apt-get download` and `dpkg -x`, as
//! `cargo xtask test` does when it cannot install them); pyftpdlib only in
//! its own virtualenv there (or the Python its variable names). A peer that is
//! found must also run here: an unpacked binary without its libraries, or a
//! Python without `ftplib`, is as missing as no binary at all, and
//! [`Missing`] says which and why.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The environment variable that names the folder of unpacked packages.
pub const PEERS_DIR_VAR: &str = "FTPSIM_PEERS_DIR";

/// Every real program a test or a benchmark may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Peer {
    /// Debian's vsftpd, the server of the `vsftpd` preset.
    Vsftpd,
    /// Debian's Pure-FTPd, the server of the `pure-ftpd` preset.
    PureFtpd,
    /// Debian's ProFTPD (package `proftpd-core`), the server of the
    /// `proftpd` preset.
    Proftpd,
    /// pyftpdlib 2.2.0 from PyPI, in a virtualenv of its own: the peer is
    /// that virtualenv's Python, which can import it.
    Pyftpdlib,
    /// curl's FTP client.
    Curl,
    /// Python 3 with its standard `ftplib`.
    Python3,
    /// GNU Wget.
    Wget,
    /// lftp.
    Lftp,
    /// rclone's FTP backend.
    Rclone,
    /// FileZilla, a desktop client: run in a virtual X display (Xvfb) and
    /// steered with xdotool, so it needs both besides itself.
    Filezilla,
}

impl Peer {
    /// Every peer, servers first.
    pub const ALL: [Peer; 10] = [
        Peer::Vsftpd,
        Peer::PureFtpd,
        Peer::Proftpd,
        Peer::Pyftpdlib,
        Peer::Curl,
        Peer::Python3,
        Peer::Wget,
        Peer::Lftp,
        Peer::Rclone,
        Peer::Filezilla,
    ];

    /// The executable's name, which is also how tests name the peer.
    pub fn program(self) -> &'static str {
        match self {
            Peer::Vsftpd => "vsftpd",
            Peer::PureFtpd => "pure-ftpd",
            Peer::Proftpd => "proftpd",
            Peer::Pyftpdlib => "pyftpdlib",
            Peer::Curl => "curl",
            Peer::Python3 => "python3",
            Peer::Wget => "wget",
            Peer::Lftp => "lftp",
            Peer::Rclone => "rclone",
            Peer::Filezilla => "filezilla",
        }
    }

    /// The peer a program name stands for.
    pub fn from_program(name: &str) -> Option<Peer> {
        Peer::ALL.into_iter().find(|peer| peer.program() == name)
    }

    /// The environment variable that may name the executable.
    pub fn env_var(self) -> &'static str {
        match self {
            Peer::Vsftpd => "FTPSIM_VSFTPD",
            Peer::PureFtpd => "FTPSIM_PURE_FTPD",
            Peer::Proftpd => "FTPSIM_PROFTPD",
            Peer::Pyftpdlib => "FTPSIM_PYFTPDLIB_PYTHON",
            Peer::Curl => "FTPSIM_CURL",
            Peer::Python3 => "FTPSIM_PYTHON3",
            Peer::Wget => "FTPSIM_WGET",
            Peer::Lftp => "FTPSIM_LFTP",
            Peer::Rclone => "FTPSIM_RCLONE",
            Peer::Filezilla => "FTPSIM_FILEZILLA",
        }
    }

    /// The Debian package that ships it; for pyftpdlib, which Debian 12
    /// ships in another version, the PyPI requirement.
    pub fn debian_package(self) -> &'static str {
        match self {
            Peer::Proftpd => "proftpd-core",
            Peer::Pyftpdlib => PYFTPDLIB_REQUIREMENT,
            _ => self.program(),
        }
    }

    /// Debian packages the peer needs besides its own to run here.
    pub fn companion_packages(self) -> &'static [&'static str] {
        match self {
            Peer::Filezilla => &["xvfb", "xauth", "xdotool"],
            _ => &[],
        }
    }

    /// The folder under [`unpack_root`] that holds the unpacked package (or,
    /// for pyftpdlib, the virtualenv).
    pub fn unpack_dir(self) -> &'static str {
        match self {
            Peer::Proftpd => "proftpd",
            Peer::Pyftpdlib => "pyftpdlib-venv",
            _ => self.program(),
        }
    }

    /// Whether the peer is a server (started by [`crate::servers`]) rather
    /// than a client.
    pub fn is_server(self) -> bool {
        matches!(
            self,
            Peer::Vsftpd | Peer::PureFtpd | Peer::Proftpd | Peer::Pyftpdlib
        )
    }

    /// Arguments that make the program do nothing but prove it can start
    /// (its libraries load, its modules import), and exit with success.
    fn smoke_args(self) -> &'static [&'static str] {
        match self {
            Peer::Vsftpd => &["-v"],
            Peer::PureFtpd => &["--help"],
            Peer::Proftpd => &["-v"],
            // The measured texts are 2.2.0's: another version is missing.
            Peer::Pyftpdlib => &[
                "-c",
                "import sys, pyftpdlib; sys.exit(pyftpdlib.__ver__ != '2.2.0')",
            ],
            Peer::Curl | Peer::Wget | Peer::Lftp | Peer::Rclone => &["--version"],
            Peer::Filezilla => &["-v"],
            Peer::Python3 => &["-c", "import ftplib"],
        }
    }

    /// Where the executable is, and that it runs.
    pub fn find(self) -> Result<PathBuf, Missing> {
        self.first_that_runs(candidates(self))
    }

    fn first_that_runs(self, candidates: Vec<PathBuf>) -> Result<PathBuf, Missing> {
        let Some(found) = candidates.iter().find(|p| p.is_file()) else {
            return Err(Missing {
                peer: self,
                why: Why::NotFound {
                    searched: candidates,
                },
            });
        };
        if self == Peer::Filezilla
            && let Some(absent) = DESKTOP_TOOLS.iter().find(|tool| !on_path(tool))
        {
            return Err(Missing {
                peer: self,
                why: Why::DoesNotRun {
                    path: found.clone(),
                    detail: format!(
                        "{absent} is not on PATH (install Debian's {})",
                        self.companion_packages().join(", ")
                    ),
                },
            });
        }
        let mut command = self.smoke_command(found);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        library_path(found, &mut command);
        match command.output() {
            Ok(output) if self.smoke_passed(&output) => Ok(found.clone()),
            Ok(output) => Err(Missing {
                peer: self,
                why: Why::DoesNotRun {
                    path: found.clone(),
                    detail: format!(
                        "{}: {}",
                        output.status,
                        String::from_utf8_lossy(&output.stderr).trim()
                    ),
                },
            }),
            Err(err) => Err(Missing {
                peer: self,
                why: Why::DoesNotRun {
                    path: found.clone(),
                    detail: err.to_string(),
                },
            }),
        }
    }
}

/// What FileZilla needs to run without a screen: a virtual display, the
/// wrapper that starts one for a single command, and the tool that types
/// and clicks in it.
const DESKTOP_TOOLS: [&str; 3] = ["Xvfb", "xvfb-run", "xdotool"];

impl Peer {
    fn smoke_command(self, found: &Path) -> Command {
        if self == Peer::Filezilla {
            // GTK will not start without a display, even to print a version.
            let mut command = Command::new("xvfb-run");
            command.arg("-a").arg(found).args(self.smoke_args());
            // Its settings folder is created under HOME: keep the user's.
            command.env("HOME", std::env::temp_dir());
            return command;
        }
        let mut command = Command::new(found);
        command.args(self.smoke_args());
        command
    }

    fn smoke_passed(self, output: &std::process::Output) -> bool {
        match self {
            // `filezilla -v` prints its version, then exits with 255.
            Peer::Filezilla => String::from_utf8_lossy(&output.stdout).contains("FileZilla 3."),
            _ => output.status.success(),
        }
    }
}

/// Whether `program` is an executable file in a folder of `PATH`.
pub(crate) fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.program())
    }
}

/// The pyftpdlib version the presets' texts were measured against.
pub const PYFTPDLIB_REQUIREMENT: &str = "pyftpdlib==2.2.0";

/// The Python of pyftpdlib's virtualenv under [`unpack_root`].
pub fn pyftpdlib_python() -> PathBuf {
    unpack_root()
        .join(Peer::Pyftpdlib.unpack_dir())
        .join("bin/python")
}

/// Where Debian packages are unpacked when they cannot be installed:
/// `$FTPSIM_PEERS_DIR`, else `target/peers` in the workspace. A package
/// lives in a folder of its own name (`target/peers/pure-ftpd/usr/sbin/...`).
pub fn unpack_root() -> PathBuf {
    match std::env::var_os(PEERS_DIR_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .expect("the crate lives two levels below the workspace root")
            .join("target/peers"),
    }
}

fn candidates(peer: Peer) -> Vec<PathBuf> {
    let program = peer.program();
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os(peer.env_var()) {
        candidates.push(PathBuf::from(path));
    }
    if peer == Peer::Pyftpdlib {
        // Only its own virtualenv is known to hold the measured version.
        candidates.push(pyftpdlib_python());
        return candidates;
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|dir| dir.join(program)));
    }
    candidates.push(Path::new("/usr/sbin").join(program));
    let unpacked = unpack_root().join(peer.unpack_dir());
    candidates.push(unpacked.join("usr/sbin").join(program));
    candidates.push(unpacked.join("usr/bin").join(program));
    candidates
}

/// For a binary unpacked under [`unpack_root`], points the dynamic loader
/// at the libraries unpacked beside it; other binaries are left alone.
pub(crate) fn library_path(binary: &Path, command: &mut Command) {
    let root = unpack_root();
    let Ok(relative) = binary.strip_prefix(&root) else {
        return;
    };
    let Some(package) = relative.components().next() else {
        return;
    };
    let package_root = root.join(package);
    let mut dirs = Vec::new();
    for lib in ["usr/lib", "lib"] {
        let Ok(entries) = std::fs::read_dir(package_root.join(lib)) else {
            continue;
        };
        dirs.extend(
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.is_dir() && path.to_string_lossy().ends_with("-linux-gnu")),
        );
    }
    if let Some(existing) = std::env::var_os("LD_LIBRARY_PATH") {
        dirs.extend(std::env::split_paths(&existing));
    }
    if let Ok(joined) = std::env::join_paths(dirs) {
        command.env("LD_LIBRARY_PATH", joined);
    }
}

/// A peer that cannot be used here, and why.
#[derive(Debug, Clone)]
pub struct Missing {
    pub peer: Peer,
    pub why: Why,
}

/// Why a peer cannot be used.
#[derive(Debug, Clone)]
pub enum Why {
    /// No executable in any of these places.
    NotFound { searched: Vec<PathBuf> },
    /// The executable is there but failed its smoke run.
    DoesNotRun { path: PathBuf, detail: String },
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let peer = self.peer;
        match &self.why {
            Why::NotFound { .. } if peer == Peer::Pyftpdlib => write!(
                f,
                "pyftpdlib not found: no virtualenv at {} and {} not set (`python3 -m venv` \
                 there, then `pip install {}`)",
                unpack_root().join(peer.unpack_dir()).display(),
                peer.env_var(),
                PYFTPDLIB_REQUIREMENT
            ),
            Why::NotFound { .. } => write!(
                f,
                "{peer} not found: not named by {}, not on PATH, not in /usr/sbin, not unpacked \
                 in {} (install Debian's {})",
                peer.env_var(),
                unpack_root().join(peer.unpack_dir()).display(),
                peer.debian_package()
            ),
            Why::DoesNotRun { path, detail } => write!(
                f,
                "{peer} at {} does not run: `{} {}` failed ({detail})",
                path.display(),
                peer.program(),
                peer.smoke_args().join(" ")
            ),
        }
    }
}

impl std::error::Error for Missing {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_names_round_trip() {
        for peer in Peer::ALL {
            assert_eq!(Peer::from_program(peer.program()), Some(peer));
        }
        assert_eq!(Peer::from_program("ncftp"), None);
    }

    #[test]
    fn an_executable_that_fails_its_smoke_run_is_missing_with_the_reason() {
        // `false` exits 1 whatever its arguments: found, but not usable.
        let Ok(path) = which_false() else {
            panic!("the test needs /bin/false or /usr/bin/false");
        };
        let missing = Peer::Rclone.first_that_runs(vec![path]).unwrap_err();
        assert!(matches!(missing.why, Why::DoesNotRun { .. }));
        let text = missing.to_string();
        assert!(text.contains("does not run"), "{text}");
        assert!(text.contains("--version"), "{text}");
    }

    #[test]
    fn not_found_names_the_variable_and_the_unpack_folder() {
        assert!(
            candidates(Peer::PureFtpd)
                .iter()
                .any(|p| p.ends_with("target/peers/pure-ftpd/usr/sbin/pure-ftpd"))
        );
        let missing = Missing {
            peer: Peer::PureFtpd,
            why: Why::NotFound {
                searched: candidates(Peer::PureFtpd),
            },
        };
        let text = missing.to_string();
        assert!(text.contains("FTPSIM_PURE_FTPD"), "{text}");
        assert!(text.contains("target/peers/pure-ftpd"), "{text}");
    }

    fn which_false() -> Result<PathBuf, ()> {
        ["/bin/false", "/usr/bin/false"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .ok_or(())
    }
}
