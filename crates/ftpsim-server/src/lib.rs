//! `ftpsim-server`: a real FTP control-connection endpoint.
//!
//! A thin tokio driver around the core's admission gate and sans-IO session:
//! the server owns sockets and clocks, the core decides every byte. What the
//! simulator predicts is therefore what real clients see.
//!
//! ```no_run
//! use ftpsim::admission::Preset;
//! use ftpsim_server::{Server, ServerConfig};
//!
//! # async fn example() -> std::io::Result<()> {
//! let mut config = ServerConfig::new("127.0.0.1:2121".parse().unwrap(), Preset::Vsftpd);
//! config.spec.max_clients = Some(2);
//! config.anonymous = true;
//! let server = Server::bind(config).await?;
//! let handle = server.handle(); // handle.shutdown() ends the run gracefully
//! let summary = server.run().await;
//! println!("{summary}");
//! # Ok(())
//! # }
//! ```
//!
//! - [`Server`]: blocking accept threads that refuse on the spot, and tokio
//!   tasks that drive welcomed sessions; [`ServerHandle`] shuts it down.
//! - [`config`]: settings from flags and files.
//! - [`quirks`]: deliberate misbehaviour for testing clients.
//! - [`stats`]: what the server counted, reported at shutdown.

pub mod clock;
pub mod config;
mod connection;
pub mod quirks;
mod server;
mod shared;
pub mod stats;
pub mod tree;
mod wire;

pub use config::{
    ConfigError, Credentials, DataConfig, DataOptions, Options, ServerConfig, TreeSource,
};
pub use server::{Server, ServerHandle};
pub use stats::Summary;
