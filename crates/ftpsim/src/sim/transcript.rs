//! Transcripts of a few chosen connections: the bytes the gate's server
//! would send, with the instant each line goes out.
//!
//! Only the first greeted and the first refused connections of a run are
//! recorded (as many as the scenario asks for), so the hot path pays one
//! branch per attempt once the quotas are full.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::IpAddr;

use super::report::{Direction, Transcript, TranscriptLine};
use crate::admission::{Admission, Banner, Gate, Refusal};
use crate::time::Instant;

/// The transcripts of a run, being recorded.
#[derive(Clone, Debug)]
pub(crate) struct Transcripts {
    greeted_left: u32,
    refused_left: u32,
    banner: Banner,
    recorded: Vec<Transcript>,
}

impl Transcripts {
    pub(crate) fn new(greeted: u32, refused: u32) -> Transcripts {
        Transcripts {
            greeted_left: greeted,
            refused_left: refused,
            banner: Banner::default(),
            recorded: Vec::new(),
        }
    }

    /// Whether the next attempt may still be recorded.
    #[inline]
    pub(crate) fn wanted(&self) -> bool {
        self.greeted_left > 0 || self.refused_left > 0
    }

    /// Records the opening of attempt number `attempt`, if a transcript of
    /// its kind is still wanted. Returns the transcript's slot (1-based) for
    /// a connection that stays open, 0 otherwise.
    pub(crate) fn open(
        &mut self,
        gate: &Gate,
        attempt: u64,
        ip: IpAddr,
        now: Instant,
        admission: &Admission,
    ) -> u16 {
        match admission {
            Admission::Welcome(welcome) => {
                if self.greeted_left == 0 {
                    return 0;
                }
                self.greeted_left -= 1;
                let mut transcript = new_transcript(attempt, ip, "greeted");
                let greeting_at = match welcome.ready_at {
                    Some(ready) if ready > now => {
                        let mut bytes = Vec::new();
                        gate.warmup_reply(now, ready).write_to(&mut bytes);
                        push(&mut transcript, now, Direction::Server, &bytes);
                        ready
                    }
                    _ => now,
                };
                let mut bytes = Vec::new();
                gate.write_greeting(welcome, &self.banner, greeting_at, &mut bytes);
                push(&mut transcript, greeting_at, Direction::Server, &bytes);
                self.recorded.push(transcript);
                u16::try_from(self.recorded.len()).unwrap_or(0)
            }
            Admission::Refuse(refusal) => {
                if self.refused_left == 0 {
                    return 0;
                }
                self.refused_left -= 1;
                let mut transcript = new_transcript(attempt, ip, "refused");
                let mut bytes = Vec::new();
                if gate.write_refusal(refusal, &mut bytes) {
                    push(&mut transcript, now, Direction::Server, &bytes);
                }
                transcript.closed = true;
                self.recorded.push(transcript);
                0
            }
        }
    }

    fn get(&mut self, slot: u16) -> Option<&mut Transcript> {
        if slot == 0 {
            return None;
        }
        self.recorded.get_mut(usize::from(slot) - 1)
    }

    /// The client logged in (or was refused at login with `refusal`).
    pub(crate) fn logged_in(
        &mut self,
        gate: &Gate,
        slot: u16,
        now: Instant,
        refusal: Option<&Refusal>,
    ) {
        let Some(refusal) = refusal else { return };
        let Some(transcript) = self.get(slot) else {
            return;
        };
        let mut bytes = Vec::new();
        if gate.write_refusal(refusal, &mut bytes) {
            push(transcript, now, Direction::Server, &bytes);
        }
        transcript.outcome = "refused";
        transcript.closed = true;
    }

    /// The client closed its session.
    pub(crate) fn quit(&mut self, _gate: &Gate, slot: u16, _now: Instant) {
        if let Some(transcript) = self.get(slot) {
            transcript.closed = true;
        }
    }

    /// The shutdown ended the session; `logged_in` says whether the client
    /// had logged in (simulated clients log in as anonymous users).
    pub(crate) fn shutdown(&mut self, gate: &Gate, slot: u16, now: Instant, logged_in: bool) {
        let reply = gate.shutdown_reply(logged_in);
        let Some(transcript) = self.get(slot) else {
            return;
        };
        if let Some(reply) = reply {
            push(transcript, now, Direction::Server, &reply.to_bytes());
        }
        transcript.closed = true;
    }

    /// The run reached its end.
    pub(crate) fn finish(&mut self, _end: u64) {}

    pub(crate) fn report(&self) -> Vec<Transcript> {
        self.recorded.clone()
    }
}

fn new_transcript(attempt: u64, ip: IpAddr, outcome: &'static str) -> Transcript {
    Transcript {
        attempt,
        client_ip: ip.to_string(),
        outcome,
        lines: Vec::new(),
        closed: false,
    }
}

/// Appends `bytes` as one line per CRLF-terminated line.
fn push(transcript: &mut Transcript, at: Instant, from: Direction, bytes: &[u8]) {
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        transcript.lines.push(TranscriptLine {
            at: at.as_secs_f64(),
            from,
            text: String::from_utf8_lossy(line).into_owned(),
        });
    }
}
