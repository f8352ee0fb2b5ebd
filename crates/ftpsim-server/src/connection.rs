//! One welcomed control connection: a task that moves bytes between the
//! socket and the core's [`Session`], and time from tokio's clock into it.
//!
//! The session decides everything (replies, timeouts, when to close); this
//! task only reads, writes and waits. It follows the session's rule: after
//! every call that takes `now`, drain the outputs, then wait for input, the
//! next timeout, or the server's shutdown.
//!
//! The gate slot a session holds is released by the session itself when it
//! closes. Whatever ends this task (the session closing, a failed or timed
//! out write, the task being aborted at the end of a shutdown), the
//! [`Driven`] guard makes sure the session is closed, so no slot leaks.

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use ftpsim::admission::Admission;
use ftpsim::session::{Outcome, Output, Session, SessionConfig};
use ftpsim::time::Instant;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

use crate::quirks;
use crate::shared::{LockedGate, Shared, State, sleep_until_option, stopped};
use crate::wire::{self, WriteFailure};

/// Read buffer per session: longer than any command line the session
/// accepts is unnecessary, since the session buffers partial lines itself.
const READ_CHUNK: usize = 4096;

/// What the accept loop decided, with the session's first outputs.
#[derive(Debug)]
pub(crate) enum Connected {
    /// Send these bytes (possibly none: a silent close) and close.
    Refused {
        bytes: Arc<[u8]>,
        reason: &'static str,
    },
    /// A session holding a slot, and what it wants sent first.
    Welcomed(Box<Welcomed>),
}

#[derive(Debug)]
pub(crate) struct Welcomed {
    session: Session,
    pending: VecDeque<Vec<u8>>,
    /// The 120 of the greet-delay quirk and how long to hold the 220.
    delayed: Option<(Vec<u8>, Duration)>,
}

/// Runs admission for a new connection, under the lock the accept loop
/// holds: the gate decides; a welcomed client gets a session (which takes
/// over the slot), a refused one the preset's refusal, formatted once per
/// reason and limit and reused.
pub(crate) fn connect(
    shared: &Shared,
    state: &mut State,
    config: &Arc<SessionConfig>,
    ip: IpAddr,
    now: Instant,
) -> Connected {
    let welcome = match state.gate.on_connect(ip, now) {
        Admission::Welcome(welcome) => welcome,
        Admission::Refuse(refusal) => {
            let reason = refusal.reason.key();
            state.summary.count_refusal(reason);
            return Connected::Refused {
                bytes: state.refusal_bytes(&refusal),
                reason,
            };
        }
    };
    let mut session = Session::welcomed(Arc::clone(config), ip, welcome, now);
    let mut pending = VecDeque::new();
    // A session just welcomed only greets: it cannot have closed yet.
    drain(&mut session, &mut pending);
    let (active, from_address) = (state.gate.active(), state.gate.active_from(ip));
    state.summary.session_opened(active, from_address);
    let quirks = &shared.config.quirks;
    // Quirks change the 220 greeting only (not the warm-up's 120).
    if let Some(first) = pending.front_mut().filter(|b| b.starts_with(b"220")) {
        if quirks.reframes_greeting() {
            *first = quirks::reframe(first, quirks.digit_lines, quirks.bare_close);
        }
    }
    let delayed = quirks
        .greet_delay()
        .filter(|_| pending.front().is_some_and(|b| b.starts_with(b"220")))
        .map(|delay| {
            let reply = shared.config.preset().warmup_reply(now, now + delay);
            (reply.to_bytes(), delay)
        });
    Connected::Welcomed(Box::new(Welcomed {
        session,
        pending,
        delayed,
    }))
}

/// Closes (through the guard) a welcomed session that cannot be driven.
pub(crate) fn abandon(shared: &Arc<Shared>, welcomed: Box<Welcomed>) {
    drop(Driven {
        shared: Arc::clone(shared),
        session: welcomed.session,
    });
}

/// A session being driven. Dropping it closes the session (releasing its
/// slot) if it is still open, and counts it out.
struct Driven {
    shared: Arc<Shared>,
    session: Session,
}

impl Driven {
    /// Calls into the session with the current time, and collects what it
    /// wants done. The gate's lock is taken only if the session logs in or
    /// closes.
    fn step(
        &mut self,
        pending: &mut VecDeque<Vec<u8>>,
        call: impl FnOnce(&mut Session, &mut LockedGate<'_>, Instant),
    ) -> bool {
        let now = self.shared.clock.now();
        call(&mut self.session, &mut LockedGate(&self.shared), now);
        drain(&mut self.session, pending)
    }
}

impl Drop for Driven {
    fn drop(&mut self) {
        let now = self.shared.clock.now();
        let mut state = self.shared.lock();
        if !self.session.is_closed() {
            self.session.handle_peer_closed(&mut state.gate, now);
        }
        if self.session.outcome() == Some(Outcome::ShutDown) {
            state.summary.ended_by_shutdown += 1;
        }
        state.summary.session_closed();
    }
}

/// Moves the session's outputs into `pending`; true once it asked to close.
fn drain(session: &mut Session, pending: &mut VecDeque<Vec<u8>>) -> bool {
    let mut closed = false;
    while let Some(output) = session.poll_output() {
        match output {
            Output::Send(bytes) => pending.push_back(bytes),
            Output::Close => closed = true,
        }
    }
    closed
}

/// Drives a welcomed connection until it ends.
pub(crate) async fn run(
    shared: Arc<Shared>,
    mut stream: TcpStream,
    peer: SocketAddr,
    welcomed: Box<Welcomed>,
) {
    let Welcomed {
        session,
        mut pending,
        delayed,
    } = *welcomed;
    let mut driven = Driven {
        shared: Arc::clone(&shared),
        session,
    };
    let pace = shared.pace;
    if pace.bytewise {
        // Each byte must leave in its own segment.
        let _ = stream.set_nodelay(true);
    }
    let started = shared.clock.now();
    let mut shutdown = shared.shutdown_signal();
    let mut closing = false;
    let mut failure = None;

    if let Some((preliminary, delay)) = delayed {
        match wire::write_reply(&mut stream, &preliminary, pace).await {
            Ok(()) => tokio::time::sleep(delay).await,
            Err(err) => failure = Some(err),
        }
    }

    let mut buf = vec![0u8; READ_CHUNK];
    while failure.is_none() {
        while let Some(bytes) = pending.pop_front() {
            if let Err(err) = wire::write_reply(&mut stream, &bytes, pace).await {
                failure = Some(err);
                break;
            }
        }
        if closing || failure.is_some() {
            break;
        }
        let deadline = driven
            .session
            .poll_timeout()
            .map(|at| shared.clock.to_tokio(at));
        tokio::select! {
            biased;
            () = stopped(&mut shutdown) => {
                closing = driven.step(&mut pending, |session, gate, now| {
                    session.shutdown(gate, now);
                });
            }
            read = stream.read(&mut buf) => {
                closing = match read {
                    Ok(0) | Err(_) => driven.step(&mut pending, |session, gate, now| {
                        session.handle_peer_closed(gate, now);
                    }),
                    Ok(n) => driven.step(&mut pending, |session, gate, now| {
                        session.handle_input(gate, now, &buf[..n]);
                    }),
                };
            }
            () = sleep_until_option(deadline) => {
                closing = driven.step(&mut pending, |session, gate, now| {
                    session.handle_timeout(gate, now);
                });
            }
        }
    }

    if let Some(err) = &failure {
        if matches!(err, WriteFailure::TimedOut) {
            shared.lock().summary.session_write_timeouts += 1;
        }
        tracing::info!(%peer, error = %err, "session write failed");
    }
    let outcome = if failure.is_some() {
        "write_failed"
    } else {
        driven.session.outcome().map_or("closed", Outcome::key)
    };
    let seconds = shared
        .clock
        .now()
        .saturating_duration_since(started)
        .as_secs_f64();
    // Release before logging, so the slot is free as early as possible.
    drop(driven);
    tracing::info!(%peer, outcome, seconds, "session ended");
}
