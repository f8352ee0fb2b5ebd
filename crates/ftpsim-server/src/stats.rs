//! What a server counted: connections welcomed and refused (by reason),
//! the peak of simultaneous sessions, and how sessions ended.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// The reason key of refusals made by the `refuse_fraction` quirk, before
/// the gate was asked.
pub const QUIRK_REFUSAL: &str = "quirk";

/// Counters, updated under the server's lock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Connections welcomed by the gate.
    pub accepted: u64,
    /// Connections turned away, by reason key (the gate's
    /// `RefusalReason::key`, or [`QUIRK_REFUSAL`]).
    pub refused: BTreeMap<&'static str, u64>,
    /// The most slots the gate held at once: welcomed sessions not yet
    /// closed.
    pub peak: u32,
    /// The most slots held at once for one client address.
    pub peak_per_address: u32,
    /// Connections of welcomed sessions still open now (a session releases
    /// its slot when it closes, a moment before its connection is gone).
    pub live: u32,
    /// Refused clients that did not take their whole reply within the write
    /// timeout (they were closed all the same).
    pub refusal_write_timeouts: u64,
    /// Sessions that ended because a write timed out.
    pub session_write_timeouts: u64,
    /// Sessions ended by the shutdown.
    pub ended_by_shutdown: u64,
    /// `accept()` failures (e.g. out of file descriptors).
    pub accept_errors: u64,
    /// Connection tasks that panicked (a bug; their slots were released).
    pub task_panics: u64,
    /// Log lines dropped because stderr was not read fast enough (filled in
    /// by the driver that owns the log, not by the server).
    pub log_lines_dropped: u64,
}

impl Summary {
    /// All refusals, whatever the reason.
    pub fn refused_total(&self) -> u64 {
        self.refused.values().sum()
    }

    pub(crate) fn count_refusal(&mut self, reason: &'static str) {
        *self.refused.entry(reason).or_default() += 1;
    }

    /// A session was welcomed; the gate now holds `active` slots, of which
    /// `from_address` for its client's address.
    pub(crate) fn session_opened(&mut self, active: u32, from_address: u32) {
        self.accepted += 1;
        self.live += 1;
        self.peak = self.peak.max(active);
        self.peak_per_address = self.peak_per_address.max(from_address);
    }

    pub(crate) fn session_closed(&mut self) {
        self.live = self.live.saturating_sub(1);
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "accepted {}, refused {}",
            self.accepted,
            self.refused_total()
        )?;
        if !self.refused.is_empty() {
            let reasons: Vec<String> = self
                .refused
                .iter()
                .map(|(reason, n)| format!("{reason}: {n}"))
                .collect();
            write!(f, " ({})", reasons.join(", "))?;
        }
        write!(f, ", peak {}", self.peak)?;
        if self.ended_by_shutdown > 0 {
            write!(f, ", ended by shutdown {}", self.ended_by_shutdown)?;
        }
        let timeouts = self.refusal_write_timeouts + self.session_write_timeouts;
        if timeouts > 0 {
            write!(f, ", write timeouts {timeouts}")?;
        }
        if self.accept_errors > 0 {
            write!(f, ", accept errors {}", self.accept_errors)?;
        }
        if self.task_panics > 0 {
            write!(f, ", task panics {}", self.task_panics)?;
        }
        if self.log_lines_dropped > 0 {
            write!(f, ", log lines dropped {}", self.log_lines_dropped)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_follows_the_most_sessions_at_once() {
        let mut summary = Summary::default();
        summary.session_opened(1, 1);
        summary.session_opened(2, 2);
        summary.session_closed();
        summary.session_opened(2, 1);
        assert_eq!((summary.accepted, summary.live, summary.peak), (3, 2, 2));
        assert_eq!(summary.peak_per_address, 2);
        summary.count_refusal("too_many_clients");
        summary.count_refusal(QUIRK_REFUSAL);
        summary.count_refusal(QUIRK_REFUSAL);
        assert_eq!(summary.refused_total(), 3);
        assert_eq!(
            summary.to_string(),
            "accepted 3, refused 3 (quirk: 2, too_many_clients: 1), peak 2"
        );
    }
}
