//! A server that stops accepting for a while after each session ends,
//! as ProFTPD's daemon does: the rule, kept once for the simulator and
//! `ftpsim serve`.

use core::time::Duration;

use crate::time::Instant;

/// The accept pause of one server ([`ServerSpec::accept_pause`]
/// resolved) and the pause under way, if any.
///
/// A connection that arrives during a pause waits in the listen backlog;
/// the gate decides it when the pause is over, so it is greeted (or
/// refused) late, and a greeted one holds its slot from then.
///
/// ```
/// use core::time::Duration;
/// use ftpsim::admission::AcceptPause;
/// use ftpsim::time::Instant;
///
/// let mut pause = AcceptPause::new(Duration::from_millis(410));
/// pause.session_ended(Instant::from_millis(500));
/// assert_eq!(pause.accepts_at(Instant::from_millis(600)), Instant::from_millis(910));
/// // A session ending during the pause does not lengthen it.
/// pause.session_ended(Instant::from_millis(700));
/// assert_eq!(pause.accepts_at(Instant::from_millis(800)), Instant::from_millis(910));
/// assert_eq!(pause.accepts_at(Instant::from_millis(950)), Instant::from_millis(950));
/// ```
///
/// [`ServerSpec::accept_pause`]: super::ServerSpec::accept_pause
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AcceptPause {
    length: Duration,
    until: Instant,
}

impl AcceptPause {
    /// No pause under way yet; `Duration::ZERO` for a server that never
    /// pauses.
    pub const fn new(length: Duration) -> AcceptPause {
        AcceptPause {
            length,
            until: Instant::ZERO,
        }
    }

    /// How long each pause lasts.
    pub const fn length(&self) -> Duration {
        self.length
    }

    /// A session ended at `now` (QUIT, a timeout, a refusal after login,
    /// the peer's close): a pause begins, unless one is under way. As
    /// measured on ProFTPD, a session ending during a pause does not
    /// lengthen it.
    #[inline]
    pub fn session_ended(&mut self, now: Instant) {
        if !self.length.is_zero() && now >= self.until {
            self.until = now.saturating_add(self.length);
        }
    }

    /// When a connection arriving at `now` is taken from the backlog and
    /// decided: `now`, or the end of the pause under way.
    #[inline]
    pub fn accepts_at(&self, now: Instant) -> Instant {
        if now < self.until { self.until } else { now }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_without_a_pause_accepts_at_once() {
        let mut none = AcceptPause::new(Duration::ZERO);
        none.session_ended(Instant::from_millis(10));
        assert_eq!(
            none.accepts_at(Instant::from_millis(10)),
            Instant::from_millis(10)
        );
    }

    #[test]
    fn a_pause_begins_at_each_end_outside_one() {
        let mut pause = AcceptPause::new(Duration::from_secs(1));
        pause.session_ended(Instant::from_millis(1000));
        // The instant the pause ends, the server accepts.
        assert_eq!(
            pause.accepts_at(Instant::from_millis(2000)),
            Instant::from_millis(2000)
        );
        pause.session_ended(Instant::from_millis(2000));
        assert_eq!(
            pause.accepts_at(Instant::from_millis(2001)),
            Instant::from_millis(3000)
        );
    }
}
