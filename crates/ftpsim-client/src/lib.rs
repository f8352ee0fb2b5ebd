//! `ftpsim-client`: the client side of ftpsim.
//!
//! Everything here reads replies with the core's parser, through
//! [`reply_reader`]; no module keeps a reply reader of its own.
//!
//! - [`reply_reader`]: one connection's replies, with their wire bytes and
//!   arrival times, from a blocking or an async stream.
//! - [`loadgen`]: a connection load generator that measures refusals per
//!   second and latency to the first byte and to the complete reply; the
//!   `ftpsim-load` binary runs it from the command line.
//! - [`net`]: connections from a chosen source address, and where ftpsim
//!   may connect.
//! - [`probe`]: `ftpsim probe`, which server this is and where its limit
//!   lies.
//! - [`schedule`] and [`drive`]: `ftpsim drive`, a scenario's users
//!   played against a running server, open loop.

pub mod drive;
pub mod loadgen;
pub mod net;
pub mod probe;
pub mod reply_reader;
pub mod schedule;
