//! What a session needs to know that is not about admission: accounts,
//! timeouts, limits on input.

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use crate::admission::{Accounts, Banner, Preset};

/// How sessions behave once admitted. Texts come from the gate's
/// [`Preset`]; this holds the server's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct SessionConfig {
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
    /// Facts quoted by some greetings (clock, port, address, name). The
    /// session fills in `accounts` and `idle_timeout` from this
    /// configuration.
    pub banner: Banner,
}

/// vsftpd's command line limit (`VSFTP_MAX_COMMAND_LINE`).
pub const DEFAULT_MAX_LINE: usize = 4096;

impl Default for SessionConfig {
    fn default() -> SessionConfig {
        SessionConfig {
            users: Vec::new(),
            anonymous: true,
            idle_timeout: None,
            max_line: DEFAULT_MAX_LINE,
            max_login_attempts: 3,
            banner: Banner::default(),
        }
    }
}

impl SessionConfig {
    /// Anonymous logins, with the preset's own idle timeout and number of
    /// login attempts.
    pub fn for_preset(preset: Preset) -> SessionConfig {
        SessionConfig {
            idle_timeout: preset.default_idle_timeout(),
            max_login_attempts: preset.default_max_login_attempts(),
            ..SessionConfig::default()
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
