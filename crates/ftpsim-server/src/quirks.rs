//! Misbehaviour on purpose, for testing FTP clients.
//!
//! Each quirk is off by default and documented with its flag in
//! `docs/server.md`. The core decides what to say; quirks only change *how*
//! it reaches the wire (the framing of the greeting, the pace of writes) or
//! add a refusal before the gate is asked, so the gate's invariants hold
//! with any quirk on.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Lines put inside a multiline greeting by [`Quirks::digit_lines`]. They
/// begin with digits without the padding RFC 959 §4.2 asks for; the first
/// even looks like a complete reply to a client that ends a reply at any
/// three digits and a space (curl, suppaftp).
pub const DIGIT_LINES: [&str; 2] = [
    "230 clients are connected right now",
    "2024-style lines like this one must not end the reply",
];

/// The quirks to apply. `Default` is none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Quirks {
    /// Refuse this fraction (0 to 1) of connections with `421` before the
    /// gate is asked, drawn from a generator seeded with `refuse_seed`.
    pub refuse_fraction: f64,
    /// The seed of the refusal draws: the same seed refuses the same
    /// connections (by order of arrival).
    pub refuse_seed: u64,
    /// Greet with `120 Service ready in N minutes.` at once and with the
    /// 220 greeting after this many seconds.
    pub greet_delay_secs: Option<f64>,
    /// Make the greeting multiline, with inner lines that begin with digits.
    pub digit_lines: bool,
    /// End the greeting with a bare `220` line (no space, no text).
    pub bare_close: bool,
    /// Write every reply one byte at a time.
    pub bytewise: bool,
    /// The pause between two bytes when `bytewise` is on, in milliseconds.
    pub byte_interval_ms: u64,
}

/// A quirk setting that cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidQuirk(pub String);

impl std::fmt::Display for InvalidQuirk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidQuirk {}

impl Quirks {
    /// Checks ranges: a fraction in [0, 1], a finite delay of at most a day,
    /// a byte interval of at most 10 s.
    pub fn validate(&self) -> Result<(), InvalidQuirk> {
        if !(0.0..=1.0).contains(&self.refuse_fraction) {
            return Err(InvalidQuirk(format!(
                "refuse_fraction must be between 0 and 1, got {}",
                self.refuse_fraction
            )));
        }
        if let Some(delay) = self.greet_delay_secs
            && !(delay.is_finite() && (0.0..=86_400.0).contains(&delay))
        {
            return Err(InvalidQuirk(format!(
                "greet_delay must be between 0 and 86400 seconds, got {delay}"
            )));
        }
        if self.byte_interval_ms > 10_000 {
            return Err(InvalidQuirk(format!(
                "byte_interval must be at most 10000 ms, got {}",
                self.byte_interval_ms
            )));
        }
        Ok(())
    }

    /// The delay before the 220, when the 120 quirk is on.
    pub fn greet_delay(&self) -> Option<Duration> {
        self.greet_delay_secs.map(Duration::from_secs_f64)
    }

    /// Whether the greeting's framing changes.
    pub fn reframes_greeting(&self) -> bool {
        self.digit_lines || self.bare_close
    }

    /// The pause between bytes of a bytewise write.
    pub fn byte_interval(&self) -> Duration {
        Duration::from_millis(self.byte_interval_ms)
    }

    /// Whether any quirk is on.
    pub fn any(&self) -> bool {
        self.refuse_fraction > 0.0
            || self.greet_delay_secs.is_some()
            || self.reframes_greeting()
            || self.bytewise
    }
}

/// Rewrites a complete reply (`NNN text\r\n` or `NNN-...\r\n ... NNN
/// text\r\n`) with the framing quirks:
///
/// - `digit_lines`: the last line `NNN text` becomes `NNN-text`, then the
///   [`DIGIT_LINES`], then `NNN text` again.
/// - `bare_close`: the reply ends with a bare `NNN\r\n`; the last line's
///   text moves to a `NNN-text` line before it.
///
/// Bytes that are not a reply ending in a `NNN ` line are returned as they
/// are.
pub fn reframe(reply: &[u8], digit_lines: bool, bare_close: bool) -> Vec<u8> {
    if !(digit_lines || bare_close) {
        return reply.to_vec();
    }
    let Some(body) = reply.strip_suffix(b"\r\n") else {
        return reply.to_vec();
    };
    let last_start = body
        .windows(2)
        .rposition(|w| w == b"\r\n")
        .map_or(0, |at| at + 2);
    let last = &body[last_start..];
    if last.len() < 4 || !last[..3].iter().all(u8::is_ascii_digit) || last[3] != b' ' {
        return reply.to_vec();
    }
    let code = &last[..3];
    let text = &last[4..];
    let mut out = Vec::with_capacity(reply.len() + 128);
    out.extend_from_slice(&body[..last_start]);
    out.extend_from_slice(code);
    out.push(b'-');
    out.extend_from_slice(text);
    out.extend_from_slice(b"\r\n");
    if digit_lines {
        for line in DIGIT_LINES {
            // A line must never repeat the reply's own code followed by a
            // space: that would end the reply for every client.
            debug_assert!(!line.as_bytes().starts_with(code));
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(code);
    if !bare_close {
        out.push(b' ');
        out.extend_from_slice(text);
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// SplitMix64: a tiny, portable, seeded generator; plenty for picking which
/// connections a quirk refuses.
#[derive(Debug, Clone)]
pub struct RefusalDraw {
    state: u64,
    threshold: u64,
    always: bool,
}

impl RefusalDraw {
    /// Refuses a `fraction` of draws, seeded with `seed`.
    pub fn new(fraction: f64, seed: u64) -> RefusalDraw {
        let fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        RefusalDraw {
            state: seed,
            threshold: (fraction * u64::MAX as f64) as u64,
            always: fraction >= 1.0,
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Whether the next connection is refused.
    pub fn refuse_next(&mut self) -> bool {
        let draw = self.next_u64();
        self.always || draw < self.threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn digit_lines_wrap_a_single_line_greeting() {
        let out = reframe(b"220 (vsFTPd 3.0.3)\r\n", true, false);
        assert_eq!(
            out,
            b"220-(vsFTPd 3.0.3)\r\n\
              230 clients are connected right now\r\n\
              2024-style lines like this one must not end the reply\r\n\
              220 (vsFTPd 3.0.3)\r\n"
        );
    }

    #[test]
    fn bare_close_ends_with_the_code_alone() {
        let out = reframe(b"220 Ready.\r\n", false, true);
        assert_eq!(out, b"220-Ready.\r\n220\r\n");
    }

    #[test]
    fn multiline_greetings_keep_their_first_lines() {
        let greeting = b"220-Welcome\r\n220-second\r\n220 last\r\n";
        let out = reframe(greeting, true, true);
        assert_eq!(
            out,
            b"220-Welcome\r\n220-second\r\n220-last\r\n\
              230 clients are connected right now\r\n\
              2024-style lines like this one must not end the reply\r\n\
              220\r\n"
        );
    }

    #[test]
    fn no_quirk_or_no_reply_leaves_bytes_alone() {
        assert_eq!(reframe(b"220 x\r\n", false, false), b"220 x\r\n");
        assert_eq!(reframe(b"garbage", true, true), b"garbage");
        assert_eq!(reframe(b"22 x\r\n", true, true), b"22 x\r\n");
    }

    #[test]
    fn refusal_draws_follow_the_fraction_and_the_seed() {
        let mut draw = RefusalDraw::new(0.25, 7);
        let refused = (0..100_000).filter(|_| draw.refuse_next()).count();
        assert!((24_000..26_000).contains(&refused), "{refused}");
        let a: Vec<bool> = {
            let mut d = RefusalDraw::new(0.5, 42);
            (0..64).map(|_| d.refuse_next()).collect()
        };
        let b: Vec<bool> = {
            let mut d = RefusalDraw::new(0.5, 42);
            (0..64).map(|_| d.refuse_next()).collect()
        };
        assert_eq!(a, b);
        let mut never = RefusalDraw::new(0.0, 1);
        assert!((0..1000).all(|_| !never.refuse_next()));
        let mut always = RefusalDraw::new(1.0, 1);
        assert!((0..1000).all(|_| always.refuse_next()));
    }

    #[test]
    fn validation_names_the_bad_setting() {
        let quirks = Quirks {
            refuse_fraction: 1.5,
            ..Quirks::default()
        };
        assert!(quirks.validate().unwrap_err().0.contains("refuse_fraction"));
        let quirks = Quirks {
            greet_delay_secs: Some(f64::INFINITY),
            ..Quirks::default()
        };
        assert!(quirks.validate().unwrap_err().0.contains("greet_delay"));
        assert!(Quirks::default().validate().is_ok());
    }

    proptest! {
        #[test]
        fn reframe_never_panics(reply in proptest::collection::vec(any::<u8>(), 0..120),
                                digits in any::<bool>(), bare in any::<bool>()) {
            let out = reframe(&reply, digits, bare);
            prop_assert!(out.len() >= reply.len() || out == reply);
        }
    }
}
