//! Driving a session with a scripted client, for transcripts and tests.
//!
//! [`run_script`] plays a list of client steps against a fresh
//! [`Session`] on a virtual clock: it fires the session's timers in order
//! (warm-up greeting, idle timeout, shutdown) between the steps, and
//! records every byte that crosses the wire in both directions.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::net::IpAddr;

use super::{Outcome, Output, Session, SessionConfig};
use crate::admission::Gate;
use crate::time::Instant;

/// One thing the scripted client does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send these bytes at this instant.
    Send(Instant, Vec<u8>),
    /// Close the connection at this instant.
    Close(Instant),
}

impl Step {
    /// Sends `line` followed by CR LF.
    pub fn line(at: Instant, line: &str) -> Step {
        let mut bytes = line.as_bytes().to_vec();
        bytes.extend_from_slice(b"\r\n");
        Step::Send(at, bytes)
    }

    pub fn at(&self) -> Instant {
        match self {
            Step::Send(at, _) | Step::Close(at) => *at,
        }
    }
}

/// Who acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Side {
    Client,
    Server,
}

/// Bytes that crossed the wire (or a close, with no bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TranscriptEntry {
    pub at: Instant,
    pub from: Side,
    /// Empty for a close.
    pub bytes: Vec<u8>,
    pub close: bool,
}

/// Everything that crossed the wire in one session, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Transcript {
    pub entries: Vec<TranscriptEntry>,
    /// How the session ended.
    pub outcome: Option<Outcome>,
}

impl Transcript {
    /// All bytes one side sent, concatenated.
    pub fn bytes_from(&self, side: Side) -> Vec<u8> {
        self.entries
            .iter()
            .filter(|e| e.from == side)
            .flat_map(|e| e.bytes.iter().copied())
            .collect()
    }

    /// What the server sent, as text (lossy).
    pub fn server_text(&self) -> String {
        String::from_utf8_lossy(&self.bytes_from(Side::Server)).into_owned()
    }

    fn push(&mut self, at: Instant, from: Side, bytes: Vec<u8>, close: bool) {
        self.entries.push(TranscriptEntry {
            at,
            from,
            bytes,
            close,
        });
    }
}

/// One line per wire line: `[   1.500s] S: 220 …`, `C:` for the client,
/// `(close)` for a close. Bytes are shown lossily, line ends removed.
impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for entry in &self.entries {
            let who = match entry.from {
                Side::Client => "C",
                Side::Server => "S",
            };
            let stamp = entry.at.as_secs_f64();
            if entry.close {
                writeln!(f, "[{stamp:>9.3}s] {who}: (close)")?;
                continue;
            }
            let text = String::from_utf8_lossy(&entry.bytes);
            for line in text.split_inclusive('\n') {
                let line = line.trim_end_matches(['\r', '\n']);
                writeln!(f, "[{stamp:>9.3}s] {who}: {line}")?;
            }
        }
        Ok(())
    }
}

/// Bounds the timer loop: each timeout either greets (once) or closes.
const MAX_TIMERS_PER_STEP: usize = 16;

/// Plays `steps` (in time order; an earlier step is played at the time of
/// the one before) from a client at `peer` connecting at `start`, then lets
/// the session's timers run until `until`. A session still open at `until`
/// is closed as if the client left, so the gate gets its slot back.
pub fn run_script(
    gate: &mut Gate,
    config: Arc<SessionConfig>,
    peer: IpAddr,
    start: Instant,
    steps: &[Step],
    until: Instant,
) -> Transcript {
    let mut transcript = Transcript::default();
    let mut session = Session::connect(gate, config, peer, start);
    drain(&mut session, start, &mut transcript);
    let mut now = start;
    for step in steps {
        let at = step.at().max(now);
        run_timers(&mut session, gate, at, &mut transcript);
        if session.is_closed() {
            break;
        }
        now = at;
        match step {
            Step::Send(_, bytes) => {
                transcript.push(at, Side::Client, bytes.clone(), false);
                session.handle_input(gate, at, bytes);
            }
            Step::Close(_) => {
                transcript.push(at, Side::Client, Vec::new(), true);
                session.handle_peer_closed(gate, at);
            }
        }
        drain(&mut session, at, &mut transcript);
    }
    let until = until.max(now);
    run_timers(&mut session, gate, until, &mut transcript);
    if !session.is_closed() {
        transcript.push(until, Side::Client, Vec::new(), true);
        session.handle_peer_closed(gate, until);
        drain(&mut session, until, &mut transcript);
    }
    transcript.outcome = session.outcome();
    transcript
}

fn run_timers(session: &mut Session, gate: &mut Gate, until: Instant, transcript: &mut Transcript) {
    for _ in 0..MAX_TIMERS_PER_STEP {
        match session.poll_timeout() {
            Some(due) if due <= until => {
                session.handle_timeout(gate, due);
                drain(session, due, transcript);
            }
            _ => break,
        }
    }
}

fn drain(session: &mut Session, at: Instant, transcript: &mut Transcript) {
    while let Some(output) = session.poll_output() {
        match output {
            Output::Send(bytes) => transcript.push(at, Side::Server, bytes, false),
            Output::Close => transcript.push(at, Side::Server, Vec::new(), true),
            // A scripted session serves no tree, so it never opens a data
            // connection.
            Output::OpenPassive
            | Output::ConnectTo(_)
            | Output::StartSending
            | Output::StartReceiving
            | Output::CloseData => {}
        }
    }
}
