//! `ftpsim-peers`: the real programs ftpsim is checked against, for tests,
//! benchmarks and xtask only (never a dependency of a shipped crate).
//!
//! - [`peer`]: every peer ([`Peer`]: vsftpd, Pure-FTPd, ProFTPD,
//!   pyftpdlib, curl, Python's ftplib, wget, lftp, rclone, FileZilla),
//!   where to find it, and why it is missing.
//! - [`filezilla`]: FileZilla run in a virtual display and steered with
//!   xdotool, its message log written to a file.
//! - [`servers`]: Debian's vsftpd, Pure-FTPd and ProFTPD and PyPI's
//!   pyftpdlib started on loopback with chosen limits, stopped by PID.
//! - [`trials`](mod@trials): tests that need a peer, run with libtest-mimic so that a
//!   missing peer shows as ignored with its reason, and fails under
//!   `CI=true`.
//! - [`install`]: `apt-get install`, or `apt-get download` and `dpkg -x`,
//!   and a virtualenv for pyftpdlib, for `cargo xtask test` on a fresh
//!   Debian machine.

pub mod filezilla;
pub mod install;
pub mod peer;
pub mod servers;
pub mod trials;

pub use peer::{Missing, Peer};
pub use trials::{Skip, require, run, trial, under_ci};
