//! What a session asks its driver to do, and how it ended.

use alloc::vec::Vec;
use core::fmt;
use core::net::SocketAddr;

use crate::admission::RefusalReason;

/// An effect for the driver. Drain [`Session::poll_output`](super::Session::poll_output)
/// after every call that takes `now`. New effects may be added: a driver
/// that meets one it does not know should close the connection.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Output {
    /// Write these bytes to the client, in order.
    Send(Vec<u8>),
    /// Close the connection (after writing everything sent before). Always
    /// the last output of a session.
    Close,
    /// Open a passive data listener on the control connection's local
    /// address (replacing any listener or data connection the session had),
    /// then report its address with
    /// [`Session::handle_data_listener`](super::Session::handle_data_listener).
    /// Accept connections on it and report each with
    /// [`Session::handle_data_connected`](super::Session::handle_data_connected);
    /// once one is accepted, the listener may be closed.
    OpenPassive,
    /// Connect to the client at this address (PORT, EPRT; already checked
    /// to be the control connection's peer and a port from 1024), then
    /// report [`Session::handle_data_connected`](super::Session::handle_data_connected)
    /// or [`Session::handle_data_connect_failed`](super::Session::handle_data_connect_failed).
    ConnectTo(SocketAddr),
    /// The data connection carries bytes to the client now: pull them with
    /// [`Session::fill_data`](super::Session::fill_data) while the socket
    /// takes them; after [`Fill::Done`](super::Fill::Done), flush and close
    /// the data connection and call
    /// [`Session::handle_data_closed`](super::Session::handle_data_closed).
    StartSending,
    /// The data connection carries bytes from the client now: read them into
    /// [`Session::handle_data_bytes`](super::Session::handle_data_bytes)
    /// until end of file, then call
    /// [`Session::handle_data_closed`](super::Session::handle_data_closed).
    StartReceiving,
    /// Close the data connection and the passive listener, if any (after
    /// writing what was pulled before).
    CloseData,
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Output::Send(bytes) => f
                .debug_tuple("Send")
                .field(&alloc::string::String::from_utf8_lossy(bytes))
                .finish(),
            Output::Close => f.write_str("Close"),
            Output::OpenPassive => f.write_str("OpenPassive"),
            Output::ConnectTo(addr) => write!(f, "ConnectTo({addr})"),
            Output::StartSending => f.write_str("StartSending"),
            Output::StartReceiving => f.write_str("StartReceiving"),
            Output::CloseData => f.write_str("CloseData"),
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
    /// No progress on a data connection for the data timeout.
    DataTimeout,
    /// A fault asked for ([`Faults`](super::Faults)): the server closed
    /// after so many commands or transfers.
    Fault,
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
            Outcome::DataTimeout => "data_timeout",
            Outcome::Fault => "fault",
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
            Outcome::DataTimeout => f.write_str("data connection timed out"),
            Outcome::Fault => f.write_str("closed by a configured fault"),
        }
    }
}
