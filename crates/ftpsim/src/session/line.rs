//! Splitting control-connection bytes into command lines.
//!
//! - A line ends at LF; a CR right before the LF is dropped (CRLF and bare
//!   LF both work, as most servers accept).
//! - Telnet (RFC 854) inside the command stream: `IAC IAC` is a data byte
//!   0xFF; `IAC WILL/WONT/DO/DONT opt` and other two-byte commands (IP, DM,
//!   AYT, …) are skipped, as is `IAC SB … IAC SE` subnegotiation. Nothing is
//!   negotiated back.
//! - A line never grows past `max_line` bytes: the first byte beyond it
//!   makes the splitter report [`Piece::Overlong`] once, and everything up
//!   to the next LF is dropped.
//!
//! State carries over between chunks, so bytes may arrive split anywhere.

use alloc::vec::Vec;

const IAC: u8 = 255;
const SB: u8 = 250;
const SE: u8 = 240;
const WILL: u8 = 251;
const DONT: u8 = 254;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Telnet {
    Data,
    /// After IAC.
    Command,
    /// After IAC WILL/WONT/DO/DONT: the option byte comes next.
    Option,
    /// Inside IAC SB … .
    Sub,
    /// IAC inside a subnegotiation.
    SubIac,
}

/// What the splitter found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A complete line, without its line end.
    Line(&'a [u8]),
    /// The current line went past the limit; the rest of it is dropped.
    Overlong,
}

#[derive(Clone, Debug)]
pub(crate) struct LineSplitter {
    line: Vec<u8>,
    max_line: usize,
    telnet: Telnet,
    /// Dropping the rest of an overlong line.
    discarding: bool,
    /// A CR was read and is held back: it is data unless LF follows.
    pending_cr: bool,
    /// A line was returned and must be cleared before the next byte.
    emitted: bool,
    /// Bytes inside the current `IAC SB` subnegotiation.
    sub_len: usize,
}

/// The longest Telnet subnegotiation skipped. FTP clients never send one;
/// an `IAC SB` with no `IAC SE` would otherwise swallow every later command
/// until the idle timeout. Past this many bytes the subnegotiation is
/// taken as ended and the bytes that follow as commands again.
pub(crate) const MAX_SUBNEGOTIATION: usize = 64;

impl LineSplitter {
    pub fn new(max_line: usize) -> LineSplitter {
        LineSplitter {
            line: Vec::new(),
            max_line: max_line.max(1),
            telnet: Telnet::Data,
            discarding: false,
            pending_cr: false,
            emitted: false,
            sub_len: 0,
        }
    }

    /// Bytes currently buffered (never more than `max_line`).
    pub fn buffered(&self) -> usize {
        if self.emitted { 0 } else { self.line.len() }
    }

    /// Appends a data byte; false when the line is full.
    fn push(&mut self, byte: u8) -> bool {
        if self.line.len() >= self.max_line {
            return false;
        }
        self.line.push(byte);
        true
    }

    /// Consumes bytes from `input` until one piece is found; returns it and
    /// how many bytes were consumed, or `None` once all of `input` is
    /// buffered.
    pub fn next<'s>(&'s mut self, input: &[u8]) -> (usize, Option<Piece<'s>>) {
        if self.emitted {
            self.line.clear();
            self.emitted = false;
        }
        for (at, &byte) in input.iter().enumerate() {
            let data = match self.telnet {
                Telnet::Data if byte == IAC => {
                    self.telnet = Telnet::Command;
                    None
                }
                Telnet::Data => Some(byte),
                // Not a Telnet command: the IAC was stray. A client's
                // `IAC IP IAC DM ABOR` sends DM as urgent data, which the
                // socket takes out of the stream, leaving `IAC` right
                // before `ABOR`.
                Telnet::Command if byte < SE => {
                    self.telnet = Telnet::Data;
                    Some(byte)
                }
                Telnet::Command => {
                    self.telnet = match byte {
                        IAC => Telnet::Data,
                        SB => {
                            self.sub_len = 0;
                            Telnet::Sub
                        }
                        WILL..=DONT => Telnet::Option,
                        _ => Telnet::Data,
                    };
                    (byte == IAC).then_some(IAC)
                }
                Telnet::Option => {
                    self.telnet = Telnet::Data;
                    None
                }
                Telnet::Sub if self.sub_len >= MAX_SUBNEGOTIATION => {
                    self.telnet = Telnet::Data;
                    (byte != IAC).then_some(byte).or_else(|| {
                        self.telnet = Telnet::Command;
                        None
                    })
                }
                Telnet::Sub => {
                    self.sub_len += 1;
                    if byte == IAC {
                        self.telnet = Telnet::SubIac;
                    }
                    None
                }
                Telnet::SubIac => {
                    self.telnet = if byte == SE {
                        Telnet::Data
                    } else {
                        Telnet::Sub
                    };
                    None
                }
            };
            let Some(byte) = data else { continue };
            if byte == b'\n' {
                self.pending_cr = false;
                if self.discarding {
                    self.discarding = false;
                    self.line.clear();
                    continue;
                }
                self.emitted = true;
                return (at + 1, Some(Piece::Line(&self.line)));
            }
            if self.discarding {
                continue;
            }
            let held_cr = core::mem::replace(&mut self.pending_cr, byte == b'\r');
            let overlong = (held_cr && !self.push(b'\r')) || (byte != b'\r' && !self.push(byte));
            if overlong {
                self.discarding = true;
                self.pending_cr = false;
                self.line.clear();
                return (at + 1, Some(Piece::Overlong));
            }
        }
        (input.len(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn split(max: usize, chunks: &[&[u8]]) -> Vec<Result<Vec<u8>, ()>> {
        let mut splitter = LineSplitter::new(max);
        let mut found = Vec::new();
        for chunk in chunks {
            let mut rest = *chunk;
            loop {
                let (used, piece) = splitter.next(rest);
                rest = &rest[used..];
                match piece {
                    Some(Piece::Line(line)) => found.push(Ok(line.to_vec())),
                    Some(Piece::Overlong) => found.push(Err(())),
                    None => break,
                }
            }
        }
        found
    }

    #[test]
    fn abor_after_an_urgent_dm_is_read() {
        // IAC IP, then IAC whose DM went out of band.
        assert_eq!(
            split(100, &[&[IAC, 244, IAC], b"ABOR\r\n"]),
            vec![Ok(b"ABOR".to_vec())]
        );
    }

    #[test]
    fn an_unterminated_subnegotiation_ends_after_its_bound() {
        let mut input = vec![IAC, SB, 24];
        input.extend_from_slice(&[b'x'; MAX_SUBNEGOTIATION]);
        input.extend_from_slice(b"\r\nNOOP\r\n");
        // The bound's worth of bytes is skipped; the rest of that line is
        // a (bad) command, and the next command is read as such.
        let found = split(1000, &[&input]);
        assert_eq!(found.last(), Some(&Ok(b"NOOP".to_vec())), "{found:?}");
        assert_eq!(found.len(), 2);
        // A terminated one is skipped whole, however it is chunked.
        assert_eq!(
            split(100, &[&[IAC, SB, 24, 1], &[IAC, SE], b"NOOP\r\n"]),
            vec![Ok(b"NOOP".to_vec())]
        );
    }

    #[test]
    fn crlf_and_bare_lf() {
        assert_eq!(
            split(100, &[b"USER a\r\nPASS b\nNOOP\r"]),
            vec![Ok(b"USER a".to_vec()), Ok(b"PASS b".to_vec())]
        );
        assert_eq!(
            split(100, &[b"NO", b"OP\r", b"\n"]),
            vec![Ok(b"NOOP".to_vec())]
        );
        // A CR inside a line is data.
        assert_eq!(split(100, &[b"a\rb\r\n"]), vec![Ok(b"a\rb".to_vec())]);
        assert_eq!(
            split(100, &[b"a\r", b"\rb\r\r\n"]),
            vec![Ok(b"a\r\rb\r".to_vec())]
        );
    }

    #[test]
    fn telnet_commands_are_removed() {
        let input = [
            b"US".as_slice(),
            &[IAC, 253, 1], // DO ECHO
            b"ER ",
            &[IAC, IAC], // a data 0xFF
            b"x",
            &[IAC, 244], // IP
            &[IAC, SB, 24, 1, IAC, IAC, 5, IAC, SE],
            b"\r\n",
        ]
        .concat();
        assert_eq!(split(100, &[&input]), vec![Ok(b"USER \xFFx".to_vec())]);
        // Split in the middle of an IAC sequence.
        assert_eq!(
            split(100, &[b"A", &[IAC], &[251], &[3], b"B\n"]),
            vec![Ok(b"AB".to_vec())]
        );
    }

    #[test]
    fn overlong_lines_are_reported_once_and_dropped_to_the_next_lf() {
        let mut long = vec![b'x'; 10];
        long.extend_from_slice(b"\r\nNOOP\r\n");
        assert_eq!(split(4, &[&long]), vec![Err(()), Ok(b"NOOP".to_vec())]);
        // Exactly max_line bytes is fine.
        assert_eq!(split(4, &[b"NOOP\r\n"]), vec![Ok(b"NOOP".to_vec())]);
        // Over several chunks, the buffer never passes the limit.
        let mut splitter = LineSplitter::new(8);
        for _ in 0..100 {
            let (_, _) = splitter.next(b"yyyyyyyyyyyy");
            assert!(splitter.buffered() <= 8);
        }
    }
}
