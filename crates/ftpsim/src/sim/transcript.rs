//! Transcripts of connections sampled across the whole run and across its
//! outcomes: the bytes both ways, as an FTP log shows them, produced by the
//! same [`Session`] code the server runs.
//!
//! Each way a connection can end is a kind of its own: a greeted session
//! that said QUIT, that its vanished client left to the idle timeout, that
//! the shutdown cut, or whose login was refused; a connection refused for
//! each [`RefusalReason`]. Every kind keeps an even, seeded sample of at
//! most as many transcripts as the scenario asks for (greeted or refused):
//! a kind met a few times is recorded every time, and one met a million
//! times keeps occurrences spread evenly over all of them, so over the
//! run. Memory stays bounded by the quotas and the number of kinds,
//! whatever the duration; the samples draw from a stream of their own, so
//! the same seed samples the same connections and the run itself is
//! untouched.
//!
//! Refused connections are cheap to sample: the sample says which
//! occurrence it keeps next, and costs one comparison for the others. A greeted session must be recorded from its first byte, before
//! anyone knows how it will end; recording every one would put a
//! [`Session`] on the hot path. So greeted *candidates* are taken in time
//! instead, from a token bucket: at most as many live at once as the
//! greeted quota, the first ones as they come (a run greeting fewer
//! clients than the quota records them all), then one token back per
//! stretch of the run (its length over [`CANDIDATES_PER_QUOTA`] times the
//! quota), which spreads them over the run and bounds their number. The
//! sessions a planned shutdown ends are those greeted shortly before it
//! refuses newcomers: in that stretch (as long as a mean session, at
//! least) neither the bucket nor the cap on live candidates applies, up to
//! [`SHUTDOWN_CANDIDATES_PER_QUOTA`] times the quota, so that the
//! shutdown's moment has candidates to show. A candidate goes to its
//! kind's sample when it ends.
//!
//! A recorded greeted connection is handed to a [`Session`]
//! ([`Session::welcomed`]), which from then on owns its gate slots: the
//! simulated client logs in with USER and PASS at its login time and says
//! QUIT when its session ends, and the session releases what it holds. The
//! engine must then not release them itself. Simulated sessions have no
//! idle timeout unless some clients vanish: a session's length is the time
//! its client is active, so the server's idle timer never fires.

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::report::{SampledSession, Side, WireLine};
use super::rng::Rng;
use crate::admission::{Gate, Refusal, RefusalReason, ServerSpec, Welcome};
use crate::session::{Outcome, Output, Session, SessionConfig};
use crate::time::Instant;

/// What a simulated client sends to log in (anonymous FTP asks for an
/// e-mail address as the password, by convention).
const LOGIN: [&str; 2] = ["USER anonymous\r\n", "PASS guest@example.com\r\n"];

/// Greeted candidates a run may start, per transcript of the greeted quota
/// (plus those before a shutdown): enough to fill every greeted kind's
/// sample from all over the run, few enough to stay off the hot path.
pub(crate) const CANDIDATES_PER_QUOTA: u64 = 16;

/// Greeted candidates taken just before a shutdown, per transcript of the
/// greeted quota: enough that some live until the shutdown ends them.
pub(crate) const SHUTDOWN_CANDIDATES_PER_QUOTA: u32 = 8;

/// A greeted session still running: how it ends is not known yet.
pub const KIND_OPEN: &str = "open";
/// A greeted session whose client said QUIT.
pub const KIND_QUIT: &str = "quit";
/// A greeted session whose client vanished: the idle timeout ended it.
pub const KIND_IDLE_TIMEOUT: &str = "idle_timeout";
/// A greeted session the shutdown ended.
pub const KIND_SHUTDOWN: &str = "shutdown";

struct Recorded {
    transcript: SampledSession,
    session: Option<Session>,
    /// Taken beyond the bucket before a shutdown: kept only if the
    /// shutdown ends it, so that the other kinds stay spread evenly.
    for_shutdown: bool,
}

/// An even, seeded sample of at most `capacity` transcripts of one kind,
/// out of however many occurrences: every `stride`-th occurrence is kept,
/// and when twice the capacity is held, every other one is dropped (which
/// half, the generator says) and the stride doubles. What is kept is thus
/// spread evenly over the kind's occurrences, whatever their number, in
/// at most twice the capacity.
struct Sample {
    kind: &'static str,
    greeted: bool,
    capacity: usize,
    /// Occurrences of the kind offered so far.
    seen: u64,
    stride: u64,
    /// The 0-based occurrence to keep next.
    next: u64,
    /// Kept transcripts, by occurrence.
    kept: Vec<(u64, SampledSession)>,
}

impl Sample {
    fn new(kind: &'static str, greeted: bool, capacity: usize) -> Sample {
        Sample {
            kind,
            greeted,
            capacity,
            seen: 0,
            stride: 1,
            next: 0,
            kept: Vec::new(),
        }
    }

    /// Whether the occurrence being offered now is to be kept: then
    /// [`Sample::keep`] must follow, else [`Sample::pass`].
    #[inline]
    fn wants(&self) -> bool {
        self.capacity > 0 && self.seen == self.next
    }

    /// Counts an occurrence that is not kept.
    #[inline]
    fn pass(&mut self) {
        self.seen += 1;
    }

    /// Keeps the occurrence being offered.
    fn keep(&mut self, transcript: SampledSession, rng: &mut Rng) {
        self.kept.push((self.seen, transcript));
        self.next = self.seen.saturating_add(self.stride);
        if self.kept.len() >= 2 * self.capacity {
            let parity = (rng.next_u64() & 1) as usize;
            let mut position = 0;
            self.kept.retain(|_| {
                position += 1;
                (position - 1) % 2 == parity
            });
            self.stride = self.stride.saturating_mul(2);
            let last = self.kept.last().map_or(self.seen, |(at, _)| *at);
            self.next = last.saturating_add(self.stride);
        }
        self.seen += 1;
    }

    /// At most `capacity` of the kept transcripts, evenly spaced among them.
    fn sample(&self) -> impl Iterator<Item = &SampledSession> {
        let n = self.kept.len();
        let take = n.min(self.capacity);
        (0..take).map(move |j| {
            let index = if n <= self.capacity {
                j
            } else {
                (2 * j + 1) * n / (2 * self.capacity)
            };
            &self.kept[index].1
        })
    }
}

/// The transcripts of a run, being recorded.
pub(crate) struct Transcripts {
    greeted_quota: u32,
    refused_quota: u32,
    config: Option<Arc<SessionConfig>>,
    /// Greeted candidates still running; a slot is 1 + the index.
    live: Vec<Option<Recorded>>,
    free: Vec<u16>,
    live_count: u32,
    /// The earliest moment (ns) the next greeted candidate may start;
    /// `u64::MAX` while none may.
    next_greeted_at: u64,
    /// Greeted candidates that may start now.
    tokens: u32,
    /// When the next token comes back (`u64::MAX` while the bucket is full).
    refill_at: u64,
    /// Nanoseconds per token.
    gap: u64,
    /// From here to `shutdown_until` (ns), neither the bucket nor the cap
    /// on live candidates applies, for `shutdown_left` more candidates.
    shutdown_from: u64,
    shutdown_until: u64,
    shutdown_left: u32,
    samples: Vec<Sample>,
    rng: Rng,
}

impl core::fmt::Debug for Transcripts {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Transcripts")
            .field("greeted_quota", &self.greeted_quota)
            .field("refused_quota", &self.refused_quota)
            .field("live", &self.live_count)
            .field("samples", &self.samples.len())
            .finish()
    }
}

/// Where the recorded sessions of a run are wanted, resolved from the
/// scenario.
pub(crate) struct TranscriptPlan<'a> {
    /// Per kind of greeted session.
    pub greeted: u32,
    /// Per reason of refusal.
    pub refused: u32,
    pub server: &'a ServerSpec,
    /// Some clients vanish: sessions keep the server's idle timeout, which
    /// ends theirs.
    pub ghosts: bool,
    /// The run's length, ns.
    pub end: u64,
    /// From when new connections are refused for a shutdown, ns.
    pub refuse_from: Option<u64>,
    /// How long a session holds its slot on average, ns: how long before
    /// a shutdown the sessions it will end were greeted.
    pub holding: u64,
}

impl Transcripts {
    pub(crate) fn new(plan: &TranscriptPlan<'_>, rng: Rng) -> Transcripts {
        // Other simulated clients are never idle: they talk, hold, then
        // quit.
        let config = (plan.greeted > 0).then(|| {
            let config = SessionConfig::from_spec(plan.server);
            Arc::new(SessionConfig {
                idle_timeout: config.idle_timeout.filter(|_| plan.ghosts),
                ..config
            })
        });
        let gap = plan.end / (CANDIDATES_PER_QUOTA * u64::from(plan.greeted.max(1)));
        let (shutdown_from, shutdown_until) = match plan.refuse_from {
            Some(at) => (at.saturating_sub(gap.max(plan.holding)), at),
            None => (u64::MAX, u64::MAX),
        };
        let mut transcripts = Transcripts {
            greeted_quota: plan.greeted,
            refused_quota: plan.refused,
            config,
            live: Vec::new(),
            free: Vec::new(),
            live_count: 0,
            next_greeted_at: 0,
            tokens: plan.greeted,
            refill_at: u64::MAX,
            gap,
            shutdown_from,
            shutdown_until,
            shutdown_left: plan.greeted.saturating_mul(SHUTDOWN_CANDIDATES_PER_QUOTA),
            samples: Vec::new(),
            rng,
        };
        transcripts.refresh(0);
        transcripts
    }

    /// How many greeted candidates may run at once (slots are 16 bits).
    fn live_cap(&self) -> u32 {
        self.greeted_quota.min(u32::from(u16::MAX) - 1)
    }

    fn in_shutdown_zone(&self, t: u64) -> bool {
        self.shutdown_left > 0 && (self.shutdown_from..self.shutdown_until).contains(&t)
    }

    /// Gives back the tokens due by `t`.
    fn refill(&mut self, t: u64) {
        if t < self.refill_at {
            return;
        }
        let due = match (t - self.refill_at).checked_div(self.gap) {
            Some(more) => more.saturating_add(1),
            None => u64::MAX,
        };
        let room = u64::from(self.greeted_quota - self.tokens);
        if due >= room {
            self.tokens = self.greeted_quota;
            self.refill_at = u64::MAX;
        } else {
            self.tokens += due as u32;
            self.refill_at = self.refill_at.saturating_add(due * self.gap);
        }
    }

    /// Sets when the next greeted candidate may start, seen from `t`.
    fn refresh(&mut self, t: u64) {
        if self.config.is_none() {
            self.next_greeted_at = u64::MAX;
            return;
        }
        let by_bucket = if self.live_count >= self.live_cap() {
            u64::MAX
        } else if self.tokens > 0 {
            0
        } else {
            self.refill_at
        };
        let by_shutdown = if self.shutdown_left > 0 && t < self.shutdown_until {
            self.shutdown_from.max(t)
        } else {
            u64::MAX
        };
        self.next_greeted_at = by_bucket.min(by_shutdown);
    }

    /// Whether a connection welcomed at `t` may be a greeted candidate
    /// ([`Transcripts::welcomed`] decides).
    #[inline]
    pub(crate) fn wants_greeted(&self, t: u64) -> bool {
        t >= self.next_greeted_at
    }

    /// A welcomed attempt number `attempt`: when it is to be a greeted
    /// candidate, a [`Session`] takes over its connection slot. Returns the
    /// transcript's slot (1-based), or 0 when it is not recorded.
    pub(crate) fn welcomed(
        &mut self,
        attempt: u64,
        ip: IpAddr,
        welcome: Welcome,
        now: Instant,
    ) -> u16 {
        let t = now.as_nanos();
        let Some(config) = self.config.clone() else {
            return 0;
        };
        self.refill(t);
        let for_shutdown = if self.live_count < self.live_cap() && self.tokens > 0 {
            if self.tokens == self.greeted_quota {
                self.refill_at = t.saturating_add(self.gap);
            }
            self.tokens -= 1;
            false
        } else if self.in_shutdown_zone(t) {
            self.shutdown_left -= 1;
            true
        } else {
            self.refresh(t);
            return 0;
        };
        // Slots are 16 bits and 1-based; the quotas keep far below.
        let index = match self.free.pop() {
            Some(index) => index,
            None => match u16::try_from(self.live.len())
                .ok()
                .filter(|&i| i < u16::MAX)
            {
                Some(index) => {
                    self.live.push(None);
                    index
                }
                None => {
                    self.refresh(t);
                    return 0;
                }
            },
        };
        let session = Session::welcomed(config, ip, welcome, now);
        let mut recorded = Recorded {
            transcript: new_transcript(attempt, ip, "greeted", now),
            session: Some(session),
            for_shutdown,
        };
        recorded.drain(now);
        self.live[usize::from(index)] = Some(recorded);
        self.live_count += 1;
        self.refresh(t);
        index + 1
    }

    /// The index of the sample of `kind` (greeted sessions and refused
    /// connections apart).
    fn sample_of(&mut self, kind: &'static str, greeted: bool) -> usize {
        if let Some(index) = self
            .samples
            .iter()
            .position(|r| r.kind == kind && r.greeted == greeted)
        {
            return index;
        }
        let capacity = if greeted {
            self.greeted_quota
        } else {
            self.refused_quota
        };
        self.samples
            .push(Sample::new(kind, greeted, capacity as usize));
        self.samples.len() - 1
    }

    /// A refused attempt: when its reason's sample keeps it, records what
    /// the gate's server sends (the same bytes [`Session::connect`] sends
    /// for a refusal) and the close.
    #[inline]
    pub(crate) fn refused(
        &mut self,
        gate: &Gate,
        attempt: u64,
        ip: IpAddr,
        refusal: &Refusal,
        now: Instant,
    ) {
        if self.refused_quota == 0 {
            return;
        }
        let kind = refusal.reason.key();
        let index = self.sample_of(kind, false);
        if self.samples[index].wants() {
            self.record_refusal(index, gate, attempt, ip, refusal, now);
        } else {
            self.samples[index].pass();
        }
    }

    #[cold]
    fn record_refusal(
        &mut self,
        index: usize,
        gate: &Gate,
        attempt: u64,
        ip: IpAddr,
        refusal: &Refusal,
        now: Instant,
    ) {
        let kind = refusal.reason.key();
        let mut transcript = new_transcript(attempt, ip, "refused", now);
        transcript.kind = kind;
        let mut bytes = Vec::new();
        if gate
            .preset()
            .write_refusal(refusal, gate.shutdown_message(), &mut bytes)
        {
            push(&mut transcript, now, Side::Server, &bytes);
        }
        transcript.closed = true;
        self.samples[index].keep(transcript, &mut self.rng);
    }

    fn get(&mut self, slot: u16) -> Option<&mut Recorded> {
        let index = usize::from(slot).checked_sub(1)?;
        self.live.get_mut(index)?.as_mut()
    }

    /// The candidate in `slot` has ended, as `kind`: it leaves the live
    /// ones for its kind's sample.
    fn finish(&mut self, slot: u16, kind: &'static str, now: Instant) {
        let Some(index) = usize::from(slot).checked_sub(1) else {
            return;
        };
        let Some(recorded) = self.live.get_mut(index).and_then(Option::take) else {
            return;
        };
        self.free.push(index as u16);
        self.live_count -= 1;
        if recorded.for_shutdown && kind != KIND_SHUTDOWN {
            self.refresh(now.as_nanos());
            return;
        }
        let mut transcript = recorded.transcript;
        transcript.kind = kind;
        let index = self.sample_of(kind, true);
        let sample = &mut self.samples[index];
        if sample.wants() {
            sample.keep(transcript, &mut self.rng);
        } else {
            sample.pass();
        }
        self.refresh(now.as_nanos());
    }

    /// The client logs in now: USER, then PASS. Returns the reason when the
    /// server refused the login (the session has then closed and released
    /// its slot).
    pub(crate) fn login(
        &mut self,
        gate: &mut Gate,
        slot: u16,
        now: Instant,
    ) -> Option<RefusalReason> {
        let recorded = self.get(slot)?;
        let session = recorded.session.as_mut()?;
        // The 220 that ends a warm-up is due by now, stamped when it was due.
        if let Some(due) = session.poll_timeout().filter(|&due| due <= now) {
            session.handle_timeout(gate, due);
            recorded.drain(due);
        }
        let mut outcome = None;
        for line in LOGIN {
            let Some(session) = recorded.session.as_mut() else {
                break;
            };
            if session.is_closed() {
                break;
            }
            push(&mut recorded.transcript, now, Side::Client, line.as_bytes());
            session.handle_input(gate, now, line.as_bytes());
            outcome = session.outcome();
            recorded.drain(now);
        }
        match outcome {
            Some(Outcome::LoginRefused(reason)) => {
                recorded.transcript.outcome = "refused";
                self.finish(slot, reason.key(), now);
                Some(reason)
            }
            _ => None,
        }
    }

    /// The client's session is over: it says QUIT.
    pub(crate) fn quit(&mut self, gate: &mut Gate, slot: u16, now: Instant) {
        let Some(recorded) = self.get(slot) else {
            return;
        };
        if let Some(session) = recorded.session.as_mut()
            && !session.is_closed()
        {
            push(&mut recorded.transcript, now, Side::Client, b"QUIT\r\n");
            session.handle_input(gate, now, b"QUIT\r\n");
        }
        recorded.drain(now);
        self.finish(slot, KIND_QUIT, now);
    }

    /// The client vanished long ago: the server's idle timeout ends the
    /// session now.
    pub(crate) fn idle_timeout(&mut self, gate: &mut Gate, slot: u16, now: Instant) {
        let Some(recorded) = self.get(slot) else {
            return;
        };
        if let Some(session) = recorded.session.as_mut() {
            session.handle_timeout(gate, now);
            if !session.is_closed() {
                // No idle timeout configured: the slot goes with the run.
                session.handle_peer_closed(gate, now);
            }
        }
        recorded.drain(now);
        self.finish(slot, KIND_IDLE_TIMEOUT, now);
    }

    /// The shutdown ends the session.
    pub(crate) fn shutdown(&mut self, gate: &mut Gate, slot: u16, now: Instant) {
        let Some(recorded) = self.get(slot) else {
            return;
        };
        if let Some(session) = recorded.session.as_mut() {
            session.shutdown(gate, now);
        }
        recorded.drain(now);
        self.finish(slot, KIND_SHUTDOWN, now);
    }

    /// Every kept transcript and every candidate still running, in the
    /// order the connections were made.
    pub(crate) fn report(&self) -> Vec<SampledSession> {
        let mut open: Vec<&SampledSession> =
            self.live.iter().flatten().map(|r| &r.transcript).collect();
        open.sort_unstable_by(|a, b| a.at.total_cmp(&b.at).then(a.attempt.cmp(&b.attempt)));
        // Candidates taken before a shutdown may outnumber the quota while
        // they run: an even share of them.
        let (n, quota) = (open.len(), self.greeted_quota as usize);
        let open = (0..n.min(quota)).map(|j| {
            if n <= quota {
                open[j]
            } else {
                open[(2 * j + 1) * n / (2 * quota)]
            }
        });
        let mut out: Vec<SampledSession> = self
            .samples
            .iter()
            .flat_map(|r| r.sample())
            .chain(open)
            .cloned()
            .collect();
        out.sort_unstable_by(|a, b| a.at.total_cmp(&b.at).then(a.attempt.cmp(&b.attempt)));
        out
    }
}

impl Recorded {
    /// Moves what the session has to send into the transcript, stamped
    /// `now`; a close ends the session.
    fn drain(&mut self, now: Instant) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        while let Some(output) = session.poll_output() {
            match output {
                Output::Send(bytes) => push(&mut self.transcript, now, Side::Server, &bytes),
                Output::Close => self.transcript.closed = true,
                // The simulator's sessions serve no tree: no data channel.
                #[allow(unreachable_patterns)]
                _ => {}
            }
        }
        if session.is_closed() {
            self.session = None;
        }
    }
}

fn new_transcript(attempt: u64, ip: IpAddr, outcome: &'static str, at: Instant) -> SampledSession {
    SampledSession {
        attempt,
        client_ip: ip.to_string(),
        at: at.as_secs_f64(),
        outcome,
        kind: KIND_OPEN,
        lines: Vec::new(),
        closed: false,
    }
}

/// Appends `bytes` as one entry per line (each keeps its CRLF).
fn push(transcript: &mut SampledSession, at: Instant, from: Side, bytes: &[u8]) {
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        transcript.lines.push(WireLine {
            at: at.as_secs_f64(),
            from,
            text: String::from_utf8_lossy(line).into_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrence(n: u64) -> SampledSession {
        SampledSession {
            attempt: n,
            client_ip: String::new(),
            at: n as f64,
            outcome: "refused",
            kind: "too_many_clients",
            lines: Vec::new(),
            closed: true,
        }
    }

    fn run(capacity: usize, occurrences: u64, seed: u64) -> (Vec<u64>, usize) {
        let mut sample = Sample::new("too_many_clients", false, capacity);
        let mut rng = Rng::seed_from_u64(seed);
        let mut most_held = 0;
        for n in 0..occurrences {
            if sample.wants() {
                sample.keep(occurrence(n), &mut rng);
            } else {
                sample.pass();
            }
            most_held = most_held.max(sample.kept.len());
        }
        (sample.sample().map(|t| t.attempt).collect(), most_held)
    }

    #[test]
    fn keeps_everything_below_the_capacity() {
        assert_eq!(run(8, 5, 1).0, [0, 1, 2, 3, 4]);
        assert_eq!(run(8, 8, 1).0, [0, 1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn spreads_evenly_over_many_occurrences_in_bounded_memory() {
        for (capacity, occurrences) in [(1, 1000), (4, 10_000), (8, 1_000_000)] {
            let (kept, most_held) = run(capacity, occurrences, 7);
            assert_eq!(kept.len(), capacity);
            assert!(most_held < 2 * capacity.max(1) + 1, "{most_held}");
            // From the first share of the occurrences to the last, with no
            // hole wider than two shares.
            let share = occurrences / capacity as u64;
            assert!(kept[0] < share, "{kept:?}");
            assert!(kept[capacity - 1] >= occurrences - share, "{kept:?}");
            assert!(
                kept.windows(2).all(|w| w[1] - w[0] <= 2 * share),
                "{kept:?}"
            );
        }
    }

    #[test]
    fn the_seed_decides_which_half_stays() {
        let runs: Vec<Vec<u64>> = (0..8).map(|seed| run(4, 1000, seed).0).collect();
        assert!(runs.iter().any(|r| r != &runs[0]));
        assert_eq!(run(4, 1000, 3), run(4, 1000, 3));
    }
}
