//! The core of ftpsim: everything about FTP connection admission that needs
//! no I/O.
//!
//! A server at its limit refuses a client; the client reads the refusal and
//! decides what to do; a person asks what it means:
//!
//! ```
//! use core::net::{IpAddr, Ipv4Addr};
//! use ftpsim::admission::{Admission, Gate, Preset, ServerSpec};
//! use ftpsim::explain::explain;
//! use ftpsim::reply::parser::{Config, ReplyDecoder};
//! use ftpsim::time::Instant;
//! use ftpsim::Lang;
//!
//! // Pure-FTPd allowing one connection per address.
//! let spec = ServerSpec { max_per_ip: Some(1), ..ServerSpec::preset(Preset::PureFtpd) };
//! let mut gate = Gate::from_spec(&spec);
//! let client = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
//! assert!(gate.on_connect(client, Instant::ZERO).is_welcome());
//! let Admission::Refuse(refusal) = gate.on_connect(client, Instant::ZERO) else {
//!     unreachable!("the second connection from one address is refused")
//! };
//! let mut wire = Vec::new();
//! spec.preset.write_refusal(&refusal, gate.shutdown_message(), &mut wire);
//! assert_eq!(wire, b"421 Too many connections (1) from this IP\r\n");
//!
//! // The client side: read it as a client does.
//! let mut decoder = ReplyDecoder::new(Config::rfc());
//! decoder.feed(&wire).unwrap();
//! let code = decoder.next_reply().unwrap().code();
//! assert!(code.closes_connection() && code.retry_may_help());
//!
//! // And the explanation, in French.
//! assert!(explain(code, Lang::Fr).to_text().contains("421"));
//! ```
//!
//! - [`reply`]: reply codes with their class and category, the registry of
//!   every code the RFCs define, a streaming reply parser and a formatter.
//! - [`admission`]: the gate that greets or refuses a new client, with
//!   presets that reproduce real servers byte for byte.
//! - [`session`]: a sans-IO server session (login, housekeeping commands,
//!   idle timeout, shutdown) driven by the same gate.
//! - [`explain`]: teaching texts for every code in English and French, and
//!   side-by-side comparisons of two codes.
//! - [`clients`]: what real FTP clients do by default (connections per
//!   server, the setting that changes it), each figure with its source.
//! - [`lang`]: the languages, and the one way a text is translated.
//! - [`sim`]: a seeded discrete-event simulator of connection limits, checked
//!   against Erlang B.
//!
//! The crate never reads a clock or touches a socket: time arrives as a
//! [`time::Instant`] value and bytes as slices, so the same code runs in a
//! tokio server, in a browser and inside a discrete-event simulator.
//!
//! Without the default `std` feature the crate is `no_std` + `alloc`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod admission;
pub mod clients;
pub mod diagnose;
pub mod explain;
pub mod lang;
pub mod reply;
pub mod session;
pub mod sim;
pub mod time;
pub mod vfs;

pub use admission::ServerSpec;
pub use lang::{Lang, Text, Translated};
pub use reply::{Category, Class, Reply, ReplyCode};
