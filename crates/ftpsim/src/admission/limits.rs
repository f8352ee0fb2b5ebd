//! What a server is willing to accept: the limits a [`Gate`](super::Gate)
//! enforces.

use alloc::string::String;
use core::time::Duration;

use crate::time::Instant;

/// The limits one [`Gate`](super::Gate) enforces: a
/// [`ServerSpec`](super::ServerSpec) resolved against its preset
/// ([`ServerSpec::limits`](super::ServerSpec::limits)), `None` meaning
/// unlimited. `Default` is "no limits at all".
///
/// Connection limits (`max_clients`, `max_per_ip`, `rate`, `shutdown`) are
/// checked when a client connects; login limits (`max_logged_in`,
/// `max_per_user`) when it logs in. *Which* reply a client gets for each,
/// and at which moment, is the business of the [`Preset`](super::Preset).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Limits {
    /// Simultaneous control connections, logged in or not (vsftpd
    /// `max_clients`, Pure-FTPd `-c`, pyftpdlib `max_cons`, ProFTPD
    /// `MaxInstances`), counted as the preset's server counts them.
    pub max_clients: Option<u32>,
    /// Simultaneous control connections from one client address (vsftpd
    /// `max_per_ip`, Pure-FTPd `-C`, pyftpdlib `max_cons_per_ip`, ProFTPD
    /// `MaxConnectionsPerHost`).
    pub max_per_ip: Option<u32>,
    /// Connections admitted per client address and time window.
    pub rate: Option<RateLimit>,
    /// Simultaneous logged-in sessions, checked after PASS (ProFTPD
    /// `MaxClients`).
    pub max_logged_in: Option<u32>,
    /// Simultaneous logged-in sessions under one user name (Pure-FTPd `-y`,
    /// ProFTPD `MaxClientsPerUser`).
    pub max_per_user: Option<u32>,
    /// A planned shutdown.
    pub shutdown: Option<Shutdown>,
    /// A warm-up period after start, during which clients are told to wait.
    pub warmup: Option<Warmup>,
}

/// At most `max` connections admitted from one client address in any
/// interval of length `window` (a sliding window: the gate remembers the
/// last `max` admission times of each address).
///
/// Only admitted connections count: a client hammering a full server is not
/// locked out once a slot frees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RateLimit {
    pub max: u32,
    #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
    pub window: Duration,
}

/// A planned shutdown: new connections are refused from `refuse_from`, live
/// sessions are ended at `disconnect_at` with `message` in the reply.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Shutdown {
    #[cfg_attr(feature = "serde", serde(with = "super::secs::instant"))]
    pub refuse_from: Instant,
    #[cfg_attr(feature = "serde", serde(with = "super::secs::instant"))]
    pub disconnect_at: Instant,
    /// The operator's text (ProFTPD `ftpshut "MESSAGE"`). One line: CR and
    /// LF are sent as spaces.
    #[cfg_attr(feature = "serde", serde(default))]
    pub message: String,
}

/// A server that is up but not ready: until `ready_at` a new client first
/// gets `120 Service ready in nnn minutes.`, then the 220 greeting at
/// `ready_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Warmup {
    #[cfg_attr(feature = "serde", serde(with = "super::secs::instant"))]
    pub ready_at: Instant,
}

impl Limits {
    /// No limits at all: every client is greeted.
    pub fn none() -> Limits {
        Limits::default()
    }
}
