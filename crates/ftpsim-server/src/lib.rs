//! `ftpsim-server`: a real FTP control-connection endpoint.
//!
//! A thin tokio driver around the core's admission gate and sans-IO session:
//! the server owns sockets and clocks, the core decides every byte. What the
//! simulator predicts is therefore what real clients see.
//!
//! - [`config`]: settings from flags and files.
//! - [`quirks`]: deliberate misbehaviour for testing clients.
//! - [`stats`]: what the server counted, reported at shutdown.
//! - [`loadgen`]: a connection load generator that measures refusals per
//!   second and latency to the first byte and to the complete reply.
//! - [`real_servers`]: real vsftpd and Pure-FTPd started on loopback, for
//!   differential tests and side-by-side measurements.

pub mod clock;
pub mod config;
mod connection;
pub mod loadgen;
pub mod quirks;
pub mod real_servers;
mod server;
pub mod stats;
pub mod wire;

pub use config::{ConfigError, Credentials, Options, ServerConfig};
pub use server::{Server, ServerHandle};
pub use stats::Summary;
