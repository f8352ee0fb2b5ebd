//! The gate's answers: values the caller must act on, never side effects.

use core::fmt;

use crate::reply::ReplyCode;
use crate::time::Instant;

/// The answer to a new connection.
#[must_use = "a refused connection must be answered and closed; a welcomed one holds a slot until on_disconnect"]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "outcome", rename_all = "snake_case"))]
pub enum Admission {
    /// The client may stay: send the greeting (or `120` first, see
    /// [`Welcome::ready_at`]). The connection holds a slot until
    /// [`Gate::on_disconnect`](super::Gate::on_disconnect).
    Welcome(Welcome),
    /// The client is turned away; it holds no slot.
    Refuse(Refusal),
}

impl Admission {
    pub fn is_welcome(&self) -> bool {
        matches!(self, Admission::Welcome(_))
    }

    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Admission::Welcome(_) => None,
            Admission::Refuse(refusal) => Some(refusal),
        }
    }
}

/// What a welcomed client is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Welcome {
    /// How many clients are connected, this one included (Pure-FTPd's
    /// "You are user number N").
    pub number: u32,
    /// During a warm-up: when the server will be ready. The client gets
    /// `120` now and the 220 greeting at that instant.
    pub ready_at: Option<Instant>,
}

/// A client turned away, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Refusal {
    pub reason: RefusalReason,
    /// The reply code sent before closing; `None` when the server closes
    /// without a word (ProFTPD `MaxInstances`).
    pub code: Option<ReplyCode>,
    /// The configured limit that was reached (0 for a shutdown), which some
    /// servers quote in their text.
    pub limit: u32,
}

/// Why a client was turned away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RefusalReason {
    /// `max_clients` connections are open.
    TooManyClients,
    /// `max_per_ip` connections are open from the client's address.
    TooManyFromAddress,
    /// The client's address used up its connection rate.
    RateLimited,
    /// A shutdown is under way.
    ShuttingDown,
    /// `max_logged_in` sessions are logged in (checked at login).
    TooManyLoggedIn,
    /// `max_per_user` sessions are logged in as this user (checked at login).
    TooManyForUser,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 6] = [
        RefusalReason::TooManyClients,
        RefusalReason::TooManyFromAddress,
        RefusalReason::RateLimited,
        RefusalReason::ShuttingDown,
        RefusalReason::TooManyLoggedIn,
        RefusalReason::TooManyForUser,
    ];

    /// A stable identifier for reports and JSON.
    pub const fn key(self) -> &'static str {
        match self {
            RefusalReason::TooManyClients => "too_many_clients",
            RefusalReason::TooManyFromAddress => "too_many_from_address",
            RefusalReason::RateLimited => "rate_limited",
            RefusalReason::ShuttingDown => "shutting_down",
            RefusalReason::TooManyLoggedIn => "too_many_logged_in",
            RefusalReason::TooManyForUser => "too_many_for_user",
        }
    }

    /// The inverse of [`RefusalReason::key`].
    pub fn from_key(key: &str) -> Option<RefusalReason> {
        RefusalReason::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Whether this refusal happens at login rather than at connect.
    pub const fn is_login_check(self) -> bool {
        matches!(
            self,
            RefusalReason::TooManyLoggedIn | RefusalReason::TooManyForUser
        )
    }
}

impl fmt::Display for RefusalReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RefusalReason::TooManyClients => "too many clients connected",
            RefusalReason::TooManyFromAddress => "too many connections from the client's address",
            RefusalReason::RateLimited => "too many connections from the client's address recently",
            RefusalReason::ShuttingDown => "the server is shutting down",
            RefusalReason::TooManyLoggedIn => "too many clients logged in",
            RefusalReason::TooManyForUser => "too many sessions logged in as this user",
        })
    }
}

/// The answer to a login (USER or PASS, depending on the preset).
#[must_use = "a refused login must be answered; an allowed one holds a login slot until on_logout"]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "outcome", rename_all = "snake_case"))]
pub enum LoginCheck {
    /// The login may proceed; it holds a login slot until
    /// [`Gate::on_logout`](super::Gate::on_logout).
    Allow,
    /// Refused: send the refusal and close the connection.
    Refuse(Refusal),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_keys_round_trip_and_are_unique() {
        for reason in RefusalReason::ALL {
            assert_eq!(RefusalReason::from_key(reason.key()), Some(reason));
        }
        let mut keys: alloc::vec::Vec<_> = RefusalReason::ALL.iter().map(|r| r.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), RefusalReason::ALL.len());
        assert_eq!(RefusalReason::from_key("nope"), None);
    }
}
