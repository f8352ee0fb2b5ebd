//! What a session asks its driver to do, and how it ended.

use alloc::vec::Vec;
use core::fmt;

use crate::admission::RefusalReason;

/// An effect for the driver. Drain [`Session::poll_output`](super::Session::poll_output)
/// after every call that takes `now`.
#[derive(Clone, PartialEq, Eq)]
pub enum Output {
    /// Write these bytes to the client, in order.
    Send(Vec<u8>),
    /// Close the connection (after writing everything sent before). Always
    /// the last output of a session.
    Close,
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Output::Send(bytes) => f
                .debug_tuple("Send")
                .field(&alloc::string::String::from_utf8_lossy(bytes))
                .finish(),
            Output::Close => f.write_str("Close"),
        }
    }
}

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "outcome", content = "reason", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Outcome {
    /// Turned away at connect (421, 530, 500 or a silent close, per preset).
    Refused(RefusalReason),
    /// Turned away at login by a login limit.
    LoginRefused(RefusalReason),
    /// The client said QUIT.
    Quit,
    /// No command within the idle timeout.
    IdleTimeout,
    /// The client closed the connection.
    PeerClosed,
    /// The server shut down.
    ShutDown,
    /// Too many wrong passwords.
    TooManyLoginFailures,
}

impl Outcome {
    /// A stable identifier for reports and JSON.
    pub const fn key(self) -> &'static str {
        match self {
            Outcome::Refused(_) => "refused",
            Outcome::LoginRefused(_) => "login_refused",
            Outcome::Quit => "quit",
            Outcome::IdleTimeout => "idle_timeout",
            Outcome::PeerClosed => "peer_closed",
            Outcome::ShutDown => "shut_down",
            Outcome::TooManyLoginFailures => "too_many_login_failures",
        }
    }

    /// The refusal reason, for refusals.
    pub const fn reason(self) -> Option<RefusalReason> {
        match self {
            Outcome::Refused(reason) | Outcome::LoginRefused(reason) => Some(reason),
            _ => None,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Refused(reason) => write!(f, "refused at connect: {reason}"),
            Outcome::LoginRefused(reason) => write!(f, "refused at login: {reason}"),
            Outcome::Quit => f.write_str("the client quit"),
            Outcome::IdleTimeout => f.write_str("idle timeout"),
            Outcome::PeerClosed => f.write_str("the client closed the connection"),
            Outcome::ShutDown => f.write_str("the server shut down"),
            Outcome::TooManyLoginFailures => f.write_str("too many failed logins"),
        }
    }
}
