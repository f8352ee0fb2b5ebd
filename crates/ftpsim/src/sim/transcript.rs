//! Transcripts of a few chosen connections: the bytes both ways, as an FTP
//! log shows them, produced by the same [`Session`] code the server runs.
//!
//! Only the first greeted and the first refused connections of a run are
//! recorded (as many as the scenario asks for), so the hot path pays one
//! branch per attempt once the quotas are full. A recorded greeted
//! connection is handed to a [`Session`] ([`Session::welcomed`]), which from
//! then on owns its gate slots: the simulated client logs in with USER and
//! PASS at its login time and says QUIT when its session ends, and the
//! session releases what it holds. The engine must then not release them
//! itself.
//!
//! Simulated sessions have no idle timeout: a session's length is the time
//! its client is active, so the server's idle timer never fires.

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::report::{SampledSession, Side, WireLine};
use crate::admission::{Gate, Refusal, RefusalReason, ServerSpec, Welcome};
use crate::session::{Outcome, Output, Session, SessionConfig};
use crate::time::Instant;

/// What a simulated client sends to log in (anonymous FTP asks for an
/// e-mail address as the password, by convention).
const LOGIN: [&str; 2] = ["USER anonymous\r\n", "PASS guest@example.com\r\n"];

struct Recorded {
    transcript: SampledSession,
    session: Option<Session>,
}

/// The transcripts of a run, being recorded.
pub(crate) struct Transcripts {
    greeted_left: u32,
    refused_left: u32,
    config: Option<Arc<SessionConfig>>,
    recorded: Vec<Recorded>,
}

impl core::fmt::Debug for Transcripts {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Transcripts")
            .field("greeted_left", &self.greeted_left)
            .field("refused_left", &self.refused_left)
            .field("recorded", &self.recorded.len())
            .finish()
    }
}

impl Transcripts {
    /// Records up to `greeted` welcomed and `refused` refused connections
    /// to `server`. With `ghosts`, sessions keep the server's idle timeout,
    /// which ends the sessions whose client vanished.
    pub(crate) fn new(
        greeted: u32,
        refused: u32,
        server: &ServerSpec,
        ghosts: bool,
    ) -> Transcripts {
        // Other simulated clients are never idle: they talk, hold, then
        // quit.
        let config = (greeted > 0).then(|| {
            let config = SessionConfig::from_spec(server);
            Arc::new(SessionConfig {
                idle_timeout: config.idle_timeout.filter(|_| ghosts),
                ..config
            })
        });
        Transcripts {
            greeted_left: greeted,
            refused_left: refused,
            config,
            recorded: Vec::new(),
        }
    }

    /// Whether the next attempt may still be recorded.
    #[inline]
    pub(crate) fn wanted(&self) -> bool {
        self.greeted_left > 0 || self.refused_left > 0
    }

    /// A welcomed attempt number `attempt`: when a greeted transcript is
    /// still wanted, a [`Session`] takes over its connection slot. Returns
    /// the transcript's slot (1-based), or 0 when it is not recorded.
    pub(crate) fn welcomed(
        &mut self,
        attempt: u64,
        ip: IpAddr,
        welcome: Welcome,
        now: Instant,
    ) -> u16 {
        let Some(config) = self.config.clone().filter(|_| self.greeted_left > 0) else {
            return 0;
        };
        let Ok(slot) = u16::try_from(self.recorded.len() + 1) else {
            return 0;
        };
        self.greeted_left -= 1;
        let session = Session::welcomed(config, ip, welcome, now);
        let mut recorded = Recorded {
            transcript: new_transcript(attempt, ip, "greeted", now),
            session: Some(session),
        };
        recorded.drain(now);
        self.recorded.push(recorded);
        slot
    }

    /// A refused attempt: records what the gate's server sends (the same
    /// bytes [`Session::connect`] sends for a refusal) and the close.
    pub(crate) fn refused(
        &mut self,
        gate: &Gate,
        attempt: u64,
        ip: IpAddr,
        refusal: &Refusal,
        now: Instant,
    ) {
        if self.refused_left == 0 {
            return;
        }
        self.refused_left -= 1;
        let mut transcript = new_transcript(attempt, ip, "refused", now);
        let mut bytes = Vec::new();
        if gate
            .preset()
            .write_refusal(refusal, gate.shutdown_message(), &mut bytes)
        {
            push(&mut transcript, now, Side::Server, &bytes);
        }
        transcript.closed = true;
        self.recorded.push(Recorded {
            transcript,
            session: None,
        });
    }

    fn get(&mut self, slot: u16) -> Option<&mut Recorded> {
        let index = usize::from(slot).checked_sub(1)?;
        self.recorded.get_mut(index)
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
        let Some(session) = recorded.session.as_mut() else {
            return;
        };
        if !session.is_closed() {
            push(&mut recorded.transcript, now, Side::Client, b"QUIT\r\n");
            session.handle_input(gate, now, b"QUIT\r\n");
        }
        recorded.drain(now);
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
    }

    pub(crate) fn report(&self) -> Vec<SampledSession> {
        self.recorded.iter().map(|r| r.transcript.clone()).collect()
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
