//! What a session needs to know that is not about admission: accounts,
//! timeouts, limits on input.

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use crate::admission::{Accounts, Banner, FailedLoginDelay, Gate, Preset, ServerSpec, Shutdown};

/// How sessions behave once admitted: the server's [`Preset`] (whose table
/// holds every text), the parts of its [`ServerSpec`] a session needs, and
/// the accounts. Build it with [`SessionConfig::from_spec`] so that it
/// agrees with the gate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct SessionConfig {
    /// Which real server the session speaks as.
    pub preset: Preset,
    /// The connection limit in force, which some greetings quote
    /// (Pure-FTPd's "user number N of M").
    pub max_clients: Option<u32>,
    /// A planned shutdown: live sessions are ended at its `disconnect_at`,
    /// quoting its message.
    pub shutdown: Option<Shutdown>,
    /// Named accounts: `(user, password)`. Passwords are compared byte for
    /// byte.
    pub users: Vec<(String, String)>,
    /// Whether `anonymous` (or `ftp`) may log in, with any password.
    pub anonymous: bool,
    /// Close a session that sends no command for this long, with the
    /// preset's idle reply (`421 Timeout.` for vsftpd, …).
    #[cfg_attr(feature = "serde", serde(with = "crate::admission::secs::option"))]
    pub idle_timeout: Option<Duration>,
    /// Longest command line accepted, line end excluded; longer lines get
    /// `500` and are dropped up to the next LF. The input buffer never holds
    /// more.
    pub max_line: usize,
    /// Failed passwords before the session is closed; 0 for no limit.
    pub max_login_attempts: u32,
    /// How long the 530 of a wrong password is held; what the client sends
    /// meanwhile waits for it, as the preset's server reads it.
    pub failed_login_delay: FailedLoginDelay,
    /// Facts quoted by some greetings (clock, port, address, name). The
    /// session fills in `accounts` and `idle_timeout` from this
    /// configuration.
    pub banner: Banner,
    /// Seconds since 1970 at [`Instant::ZERO`](crate::time::Instant): the
    /// modification time of uploads and the "now" of listings (which show
    /// the time of day for recent files, the year for older ones).
    pub unix_time_at_origin: u64,
    /// What happens to uploaded bytes.
    pub uploads: Uploads,
    /// Most bytes one upload may hold in memory before it is refused with
    /// the preset's "insufficient storage" reply (the tree's own cap bounds
    /// all uploads together).
    pub max_upload_bytes: u64,
    /// How long to wait for a data connection (a client connecting to the
    /// passive port, or accepting ours) before 425.
    #[cfg_attr(feature = "serde", serde(with = "crate::admission::secs"))]
    pub data_connect_timeout: Duration,
    /// No byte moved on a data connection for this long: the preset's data
    /// timeout reply, and the session closes (vsftpd's
    /// `data_connection_timeout`, 300 s).
    #[cfg_attr(feature = "serde", serde(with = "crate::admission::secs"))]
    pub data_timeout: Duration,
    /// Misbehaviour on purpose, for testing clients.
    pub faults: Faults,
}

/// What happens to uploaded bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Uploads {
    /// Uploads and every change to the tree are refused (the preset's
    /// permission reply).
    Refuse,
    /// Uploads succeed and are thrown away: nothing is stored; directories
    /// may still be made, removed and renamed.
    Discard,
    /// Uploads are kept in the tree, in memory, within its cap.
    #[default]
    Memory,
}

/// Faults a session injects on purpose, so that a client's handling of
/// them can be tested. Counts start at 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Faults {
    /// Close every download's data connection after this many bytes, and
    /// answer the preset's 426.
    pub drop_after_bytes: Option<u64>,
    /// Stop sending after this many bytes of every download, holding the
    /// data connection open until the data timeout.
    pub stall_after_bytes: Option<u64>,
    /// Refuse every n-th data connection of the session with 425.
    pub refuse_data_connection: Option<u32>,
    /// After this many commands, answer `421` and close.
    pub close_after_commands: Option<u32>,
    /// After this many completed transfers, answer `421` and close.
    pub close_after_transfers: Option<u32>,
}

/// vsftpd's command line limit (`VSFTP_MAX_COMMAND_LINE`).
pub const DEFAULT_MAX_LINE: usize = 4096;

impl Default for SessionConfig {
    fn default() -> SessionConfig {
        SessionConfig {
            preset: Preset::Rfc,
            max_clients: None,
            shutdown: None,
            users: Vec::new(),
            anonymous: true,
            idle_timeout: None,
            max_line: DEFAULT_MAX_LINE,
            max_login_attempts: 3,
            failed_login_delay: FailedLoginDelay::NONE,
            banner: Banner::default(),
            unix_time_at_origin: 0,
            uploads: Uploads::Memory,
            max_upload_bytes: 16 << 20,
            data_connect_timeout: Duration::from_secs(60),
            data_timeout: Duration::from_secs(300),
            faults: Faults::default(),
        }
    }
}

impl SessionConfig {
    /// The sessions of the server `spec` describes, with anonymous logins
    /// and no named accounts.
    pub fn from_spec(spec: &ServerSpec) -> SessionConfig {
        let limits = spec.limits();
        SessionConfig {
            preset: spec.preset,
            max_clients: limits.max_clients,
            shutdown: limits.shutdown,
            idle_timeout: spec.idle_timeout(),
            max_login_attempts: spec.max_login_attempts(),
            failed_login_delay: spec.failed_login_delay(),
            ..SessionConfig::default()
        }
    }

    /// The preset's server out of the box ([`SessionConfig::from_spec`] of
    /// [`ServerSpec::preset`]).
    pub fn for_preset(preset: Preset) -> SessionConfig {
        SessionConfig::from_spec(&ServerSpec::preset(preset))
    }

    /// This configuration with the preset and the limits a session quotes
    /// (the connection limit, a planned shutdown) taken from `gate`: for a
    /// driver that built its [`Gate`] by hand rather than from a
    /// [`ServerSpec`].
    pub fn for_gate(self, gate: &Gate) -> SessionConfig {
        let limits = gate.limits();
        SessionConfig {
            preset: gate.preset(),
            max_clients: limits.max_clients,
            shutdown: limits.shutdown.clone(),
            ..self
        }
    }

    /// Adds a named account.
    pub fn with_user(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.users.push((user.into(), password.into()));
        self
    }

    /// Which logins are on offer, as Pure-FTPd's banner states it.
    pub fn accounts(&self) -> Accounts {
        match (self.anonymous, self.users.is_empty()) {
            (true, true) => Accounts::AnonymousOnly,
            (true, false) => Accounts::Both,
            (false, _) => Accounts::NamedOnly,
        }
    }

    /// The banner with the facts this configuration decides.
    pub fn effective_banner(&self) -> Banner {
        Banner {
            accounts: self.accounts(),
            idle_timeout: self.idle_timeout,
            ..self.banner.clone()
        }
    }

    pub(crate) fn password_matches(&self, user: &str, password: &[u8]) -> bool {
        self.users
            .iter()
            .any(|(name, secret)| name == user && secret.as_bytes() == password)
    }
}
