//! The reply layer: codes, separators, which line ends a reply, limits.
//!
//! [`Scanner`] reads one raw byte at a time and keeps all its state between
//! bytes, so feeding a stream whole or in any chunking gives the same
//! replies and the same errors at the same offsets. It stores no text: it
//! hands the text of each line to a [`Sink`] (which may drop it, when the
//! caller borrows the input instead).

use super::config::{Config, EndRule};
use super::error::{ErrorKind, Found, ParseError};
use super::wire::{Syntax, Wire, WireEvent};
use crate::reply::ReplyCode;

/// Receives the text of the reply being read, line by line.
pub(super) trait Sink {
    /// Text bytes of the current line, code prefix removed.
    fn text(&mut self, bytes: &[u8]);
    /// The current line is complete; text after this goes to a new line.
    fn end_line(&mut self);
}

/// Drops the text: for callers that keep the input and borrow from it.
impl Sink for () {
    fn text(&mut self, _: &[u8]) {}
    fn end_line(&mut self) {}
}

/// A reply the scanner has read to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Completed {
    /// The closing line's code: the reply's code.
    pub code: ReplyCode,
    pub opening_code: ReplyCode,
    /// Offset of the first byte of the reply's first line.
    pub start: u64,
    /// Offset just past the closing line's line end.
    pub end: u64,
    pub lines: usize,
}

/// Where the scanner is within the current line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    /// The first line of a reply, before the separator: `held[..col]` are
    /// the code digits read so far.
    Code,
    /// After `NNN ` on a first line: this line is the whole reply.
    SingleText(ReplyCode),
    /// After `NNN-`.
    OpeningText(ReplyCode),
    /// A later line of a multiline reply (opened with this code) whose
    /// first `col` bytes, in `held`, may still be the code of a closing line.
    MaybeClosing(ReplyCode),
    /// A later line known to be an inner line.
    InnerText(ReplyCode),
    /// A later line known to close the reply, after its `NNN `.
    ClosingText { opening: ReplyCode, code: ReplyCode },
}

#[derive(Clone, Debug)]
pub(super) struct Scanner {
    config: Config,
    wire: Wire,
    /// Offset of the next byte.
    offset: u64,
    line_start: u64,
    reply_start: u64,
    replies: ReplyLayer,
}

/// The state the wire events update; apart from [`Wire`] so that both can
/// be borrowed at once.
#[derive(Clone, Debug)]
struct ReplyLayer {
    line: Line,
    /// Text bytes seen on the current line.
    col: usize,
    held: [u8; 3],
    /// Lines of the current reply ended so far.
    lines: usize,
}

impl Scanner {
    pub fn new(config: Config) -> Scanner {
        Scanner {
            wire: Wire::new(Syntax::of(&config)),
            config,
            offset: 0,
            line_start: 0,
            reply_start: 0,
            replies: ReplyLayer {
                line: Line::Code,
                col: 0,
                held: [0; 3],
                lines: 0,
            },
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Offset of the next byte: how many bytes were read.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Whether the scanner is between replies (nothing of a next reply,
    /// not even a Telnet command, has been read).
    pub fn is_idle(&self) -> bool {
        self.offset == self.line_start && self.replies.line == Line::Code
    }

    /// Offset where the reply in progress (or the next one) begins.
    pub fn reply_start(&self) -> u64 {
        self.reply_start
    }

    /// Reads one byte. The caller must not push again after an error: the
    /// scanner's state is then unspecified (the decoder keeps the error).
    pub fn push<S: Sink>(
        &mut self,
        byte: u8,
        sink: &mut S,
    ) -> Result<Option<Completed>, ParseError> {
        let at = self.offset;
        self.check_line_length(byte, at)?;
        self.offset += 1;
        let config = &self.config;
        let replies = &mut self.replies;
        let reply_start = self.reply_start;
        let mut done = None;
        let mut line_ended = false;
        self.wire.push(byte, at, &mut |event| match event {
            WireEvent::Text { byte, at, .. } => replies.text(config, byte, at, sink),
            WireEvent::LineEnd { at: terminator } => {
                line_ended = true;
                let next_line = at + 1;
                done = replies.line_end(config, terminator, next_line, reply_start, sink)?;
                Ok(())
            }
        })?;
        if line_ended {
            self.line_start = self.offset;
        }
        if let Some(completed) = done {
            self.reply_start = completed.end;
        }
        Ok(done)
    }

    /// Reads, all at once, the longest run at the start of `bytes` that is
    /// plain text inside a line's text: no CR, LF or IAC, and within the
    /// line-length limit. Returns how many bytes it took: 0 when the next
    /// byte needs [`push`](Scanner::push) (a code, a line end, a Telnet
    /// command, or the byte that makes the line too long). The state, the
    /// sink's text and any later error are exactly those of pushing the
    /// bytes one by one; this only skips the per-byte work where nothing
    /// can happen.
    pub fn push_text_run<S: Sink>(&mut self, bytes: &[u8], sink: &mut S) -> usize {
        let in_text = matches!(
            self.replies.line,
            Line::SingleText(_)
                | Line::OpeningText(_)
                | Line::InnerText(_)
                | Line::ClosingText { .. }
        );
        if !in_text || !self.wire.is_plain() {
            return 0;
        }
        // With nothing pending, every raw byte of the line so far counts
        // towards its length, as in `check_line_length`.
        let used = self.offset - self.line_start;
        let limit = u64::try_from(self.config.max_line_len).unwrap_or(u64::MAX);
        let room = usize::try_from(limit.saturating_sub(used)).unwrap_or(usize::MAX);
        let window = &bytes[..bytes.len().min(room)];
        let run = window
            .iter()
            .position(|&b| matches!(b, b'\r' | b'\n' | 0xFF))
            .unwrap_or(window.len());
        if run > 0 {
            sink.text(&window[..run]);
            self.offset += run as u64;
            self.replies.col = self.replies.col.saturating_add(run);
        }
        run
    }

    /// The error for input that ends here, if a reply is unfinished.
    pub fn finish(&self) -> Result<(), ParseError> {
        if self.is_idle() {
            return Ok(());
        }
        let code = match self.replies.line {
            Line::Code => None,
            Line::SingleText(code)
            | Line::OpeningText(code)
            | Line::MaybeClosing(code)
            | Line::InnerText(code)
            | Line::ClosingText { opening: code, .. } => Some(code),
        };
        Err(ParseError::new(
            self.offset,
            ErrorKind::UnexpectedEnd {
                reply_offset: self.reply_start,
                code,
            },
        ))
    }

    /// Fails as soon as the current line's bytes, line end excluded, are
    /// more than the limit. The CR or LF that may end a line is not counted
    /// until it turns out to be text.
    fn check_line_length(&self, byte: u8, at: u64) -> Result<(), ParseError> {
        let before = at - self.line_start;
        let limit = u64::try_from(self.config.max_line_len).unwrap_or(u64::MAX);
        let content = match byte {
            b'\n' if self.wire.line_end_possible() => return Ok(()),
            // A CR may be the start of the line end; a CR pending before it
            // is text by now.
            b'\r' if self.wire.line_end_possible() => before,
            _ => before + 1,
        };
        if content > limit {
            return Err(ParseError::new(
                self.line_start.saturating_add(limit),
                ErrorKind::LineTooLong {
                    limit: self.config.max_line_len,
                },
            ));
        }
        Ok(())
    }
}

impl ReplyLayer {
    fn text<S: Sink>(
        &mut self,
        config: &Config,
        byte: u8,
        at: u64,
        sink: &mut S,
    ) -> Result<(), ParseError> {
        let col = self.col;
        self.col = self.col.saturating_add(1);
        match self.line {
            Line::Code => match col {
                0..=2 => {
                    if !byte.is_ascii_digit() {
                        return Err(ParseError::new(
                            at,
                            ErrorKind::NotADigit {
                                position: col as u8,
                                found: Found::Byte(byte),
                            },
                        ));
                    }
                    if col == 0 && !(b'1'..=b'6').contains(&byte) {
                        return Err(ParseError::new(
                            at,
                            ErrorKind::BadFirstDigit { digit: byte - b'0' },
                        ));
                    }
                    self.held[col] = byte;
                }
                _ => {
                    let code = self.held_code(at)?;
                    self.line = match byte {
                        b' ' => Line::SingleText(code),
                        b'-' => Line::OpeningText(code),
                        _ => {
                            return Err(ParseError::new(
                                at,
                                ErrorKind::MissingSeparator {
                                    code,
                                    found: Found::Byte(byte),
                                },
                            ));
                        }
                    };
                }
            },
            Line::MaybeClosing(opening) => {
                let continues = match (config.end_rule, col) {
                    (EndRule::Rfc, 0..=2) => byte == opening.digits()[col],
                    (EndRule::Lenient, 0) => (b'1'..=b'6').contains(&byte),
                    (EndRule::Lenient, 1 | 2) => byte.is_ascii_digit(),
                    _ => false,
                };
                if continues {
                    self.held[col] = byte;
                } else if col == 3 && byte == b' ' {
                    let code = self.held_code(at)?;
                    self.line = Line::ClosingText { opening, code };
                } else {
                    sink.text(&self.held[..col.min(3)]);
                    sink.text(&[byte]);
                    self.line = Line::InnerText(opening);
                }
            }
            Line::SingleText(_)
            | Line::OpeningText(_)
            | Line::InnerText(_)
            | Line::ClosingText { .. } => {
                sink.text(&[byte]);
            }
        }
        Ok(())
    }

    /// Handles the end of a line whose terminator begins at `terminator`;
    /// the next line begins at `next_line`.
    fn line_end<S: Sink>(
        &mut self,
        config: &Config,
        terminator: u64,
        next_line: u64,
        reply_start: u64,
        sink: &mut S,
    ) -> Result<Option<Completed>, ParseError> {
        let col = self.col;
        self.col = 0;
        let (opening_code, code) = match self.line {
            Line::Code if col == 3 && config.bare_code_line => {
                let code = self.held_code(terminator)?;
                (code, code)
            }
            Line::Code if col == 3 => {
                return Err(ParseError::new(
                    terminator,
                    ErrorKind::MissingSeparator {
                        code: self.held_code(terminator)?,
                        found: Found::LineEnd,
                    },
                ));
            }
            Line::Code => {
                return Err(ParseError::new(
                    terminator,
                    ErrorKind::NotADigit {
                        position: col as u8,
                        found: Found::LineEnd,
                    },
                ));
            }
            Line::SingleText(code) => (code, code),
            Line::ClosingText { opening, code } => (opening, code),
            Line::MaybeClosing(opening) if col == 3 && config.bare_code_line => {
                (opening, self.held_code(terminator)?)
            }
            Line::MaybeClosing(opening) => {
                sink.text(&self.held[..col.min(3)]);
                return self.inner_line_end(config, opening, next_line, sink);
            }
            Line::OpeningText(opening) | Line::InnerText(opening) => {
                return self.inner_line_end(config, opening, next_line, sink);
            }
        };
        sink.end_line();
        let lines = self.lines + 1;
        self.lines = 0;
        self.line = Line::Code;
        Ok(Some(Completed {
            code,
            opening_code,
            start: reply_start,
            end: next_line,
            lines,
        }))
    }

    /// Ends a line that does not close the reply opened with `opening`.
    fn inner_line_end<S: Sink>(
        &mut self,
        config: &Config,
        opening: ReplyCode,
        next_line: u64,
        sink: &mut S,
    ) -> Result<Option<Completed>, ParseError> {
        sink.end_line();
        self.lines += 1;
        self.line = Line::MaybeClosing(opening);
        if self.lines >= config.effective_max_lines() {
            return Err(ParseError::new(
                next_line,
                ErrorKind::TooManyLines {
                    code: opening,
                    limit: config.effective_max_lines(),
                },
            ));
        }
        Ok(None)
    }

    /// The code in `held`, which only ever holds digits that were checked.
    fn held_code(&self, at: u64) -> Result<ReplyCode, ParseError> {
        let [a, b, c] = self.held;
        ReplyCode::from_digits([a, b, c]).map_err(|_| {
            ParseError::new(
                at,
                ErrorKind::BadFirstDigit {
                    digit: a.wrapping_sub(b'0'),
                },
            )
        })
    }
}
