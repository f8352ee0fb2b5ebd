//! The reply layer: codes, separators, which line ends a reply, limits.
//!
//! [`Scanner`] reads one raw byte at a time and keeps all its state between
//! bytes, so feeding a stream whole or in any chunking gives the same
//! replies and the same errors at the same offsets. It stores no text: it
//! hands the text of each line to a [`Sink`] (which may drop it, when the
//! caller borrows the input instead).

use super::config::{Config, EndRule, LineEnds, Opening, StrayLines};
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
    /// The reply's code: the closing line's under [`EndRule::AnyCode`],
    /// the opening line's otherwise.
    pub code: ReplyCode,
    pub opening_code: ReplyCode,
    /// Offset of the first byte of the reply on the wire (skipped stray
    /// lines and Telnet commands before its first line included).
    pub start: u64,
    /// Offset just past the closing line's line end.
    pub end: u64,
    /// Lines of the reply, first and last included.
    pub lines: usize,
    /// Stray lines skipped before the first line.
    pub skipped: usize,
    /// Text bytes before the text of the first line (`NNN-` is 4, `NNNx`
    /// read as a one-line reply 3, an unchecked line 0).
    pub first_skip: u8,
    /// The same for the closing line, when the reply has more than one.
    pub last_skip: u8,
}

/// Where the scanner is within the current line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    /// The first line of a reply, before the separator: `held[..col]` are
    /// the code digits read so far.
    Code,
    /// A stray line between replies, skipped to its end.
    Stray,
    /// The first line is the whole reply; its text starts after `skip`.
    Single { code: ReplyCode, skip: u8 },
    /// The first line of a multiline reply.
    Opening,
    /// A later line whose first `col` bytes, in `held`, may still start a
    /// closing line.
    MaybeClosing,
    /// A later line known to be an inner line.
    Inner,
    /// A later line known to close the reply; its text starts after `skip`.
    Closing { code: ReplyCode, skip: u8 },
}

#[derive(Clone, Debug)]
pub(super) struct Scanner {
    config: Config,
    wire: Wire,
    /// Offset of the next byte.
    offset: u64,
    line_start: u64,
    reply_start: u64,
    /// An error found in the same byte as the end of a reply: the reply is
    /// handed out first, the error on the next call.
    deferred: Option<ParseError>,
    replies: ReplyLayer,
}

/// Where lines and replies begin, and the reply just completed, as the
/// wire events of one byte move them.
struct Progress {
    line_start: u64,
    reply_start: u64,
    done: Option<Completed>,
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
    /// The opening code, once known (an unchecked first line has none).
    opening: Option<ReplyCode>,
    first_skip: u8,
    skipped: usize,
    utf8: Utf8,
}

impl Scanner {
    pub fn new(config: Config) -> Scanner {
        Scanner {
            wire: Wire::new(Syntax::of(&config)),
            config,
            offset: 0,
            line_start: 0,
            reply_start: 0,
            deferred: None,
            replies: ReplyLayer {
                line: Line::Code,
                col: 0,
                held: [0; 3],
                lines: 0,
                opening: None,
                first_skip: 0,
                skipped: 0,
                utf8: Utf8::default(),
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
        self.offset == self.line_start && self.replies.line == Line::Code && self.deferred.is_none()
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
        if let Some(error) = self.deferred {
            return Err(error);
        }
        let at = self.offset;
        self.check_line_length(byte, at)?;
        self.offset += 1;
        let config = &self.config;
        let replies = &mut self.replies;
        let mut at_end = Progress {
            line_start: self.line_start,
            reply_start: self.reply_start,
            done: None,
        };
        let result = self.wire.push(byte, at, &mut |event| {
            Self::event(config, replies, event, &mut at_end, sink)
        });
        self.line_start = at_end.line_start;
        self.reply_start = at_end.reply_start;
        self.settle(result, at_end.done)
    }

    /// Says the input has ended. A pending line end is read, the last line
    /// is ended if [`Config::eof_ends_line`] says so, and it is an error if
    /// a reply (or a line, or a Telnet command) is still unfinished.
    pub fn finish<S: Sink>(&mut self, sink: &mut S) -> Result<Option<Completed>, ParseError> {
        if let Some(error) = self.deferred {
            return Err(error);
        }
        let config = &self.config;
        let replies = &mut self.replies;
        let mut progress = Progress {
            line_start: self.line_start,
            reply_start: self.reply_start,
            done: None,
        };
        // A pending CR is a line end under `LineEnds::Any`; elsewhere it
        // is text of a last line only if the end of the input ends it.
        let mut result = if config.eof_ends_line || config.line_ends == LineEnds::Any {
            self.wire
                .finish(&mut |event| Self::event(config, replies, event, &mut progress, sink))
        } else {
            Ok(())
        };
        let line_open = progress.line_start < self.offset;
        if result.is_ok() && progress.done.is_none() && config.eof_ends_line && line_open {
            let end = WireEvent::LineEnd {
                at: self.offset,
                next: self.offset,
            };
            result = Self::event(config, replies, end, &mut progress, sink);
        }
        self.line_start = progress.line_start;
        self.reply_start = progress.reply_start;
        let done = self.settle(result, progress.done)?;
        if done.is_some() {
            return Ok(done);
        }
        self.unfinished()
    }

    /// The error for input that ends here, if a reply is unfinished.
    fn unfinished(&self) -> Result<Option<Completed>, ParseError> {
        if let Some(start) = self.replies.utf8.pending() {
            return Err(ParseError::new(start, ErrorKind::InvalidUtf8));
        }
        if self.is_idle() {
            return Ok(None);
        }
        Err(ParseError::new(
            self.offset,
            ErrorKind::UnexpectedEnd {
                reply_offset: self.reply_start,
                code: self.replies.opening.or(match self.replies.line {
                    Line::Single { code, .. } => Some(code),
                    _ => None,
                }),
            },
        ))
    }

    /// Hands out a reply completed in this call before an error found in
    /// the same call, which waits for the next call.
    fn settle(
        &mut self,
        result: Result<(), ParseError>,
        done: Option<Completed>,
    ) -> Result<Option<Completed>, ParseError> {
        match (result, done) {
            (Ok(()), done) => Ok(done),
            (Err(error), Some(done)) => {
                self.deferred = Some(error);
                Ok(Some(done))
            }
            (Err(error), None) => Err(error),
        }
    }

    fn event<S: Sink>(
        config: &Config,
        replies: &mut ReplyLayer,
        event: WireEvent,
        progress: &mut Progress,
        sink: &mut S,
    ) -> Result<(), ParseError> {
        match event {
            WireEvent::Text { byte, at, .. } => replies.text(config, byte, at, sink),
            WireEvent::LineEnd { at, next } => {
                progress.line_start = next;
                let start = progress.reply_start;
                if let Some(completed) = replies.line_end(config, at, next, start, sink)? {
                    progress.reply_start = completed.end;
                    progress.done = Some(completed);
                }
                Ok(())
            }
        }
    }

    /// Reads, all at once, the longest run at the start of `bytes` that is
    /// plain text inside a line's text: no CR, LF or IAC (nor NUL, nor a
    /// byte above 0x7F, when the configuration checks them), and within the
    /// line-length limit. Returns how many bytes it took: 0 when the next
    /// byte needs [`push`](Scanner::push) (a code, a line end, a Telnet
    /// command, or the byte that makes the line too long). The state, the
    /// sink's text and any later error are exactly those of pushing the
    /// bytes one by one; this only skips the per-byte work where nothing
    /// can happen.
    pub fn push_text_run<S: Sink>(&mut self, bytes: &[u8], sink: &mut S) -> usize {
        let in_text = matches!(
            self.replies.line,
            Line::Single { .. } | Line::Opening | Line::Inner | Line::Closing { .. } | Line::Stray
        );
        if !in_text
            || !self.wire.is_plain()
            || self.deferred.is_some()
            || self.replies.utf8.pending().is_some()
        {
            return 0;
        }
        // With nothing pending, every raw byte of the line so far counts
        // towards its length, as in `check_line_length`.
        let used = self.offset - self.line_start;
        let limit = u64::try_from(self.config.max_line_len).unwrap_or(u64::MAX);
        let room = usize::try_from(limit.saturating_sub(used)).unwrap_or(usize::MAX);
        let window = &bytes[..bytes.len().min(room)];
        let (nul, utf8) = (self.config.reject_nul, self.config.utf8);
        let run = window
            .iter()
            .position(|&b| {
                matches!(b, b'\r' | b'\n' | 0xFF) || (nul && b == 0) || (utf8 && b > 0x7F)
            })
            .unwrap_or(window.len());
        if run > 0 {
            if self.replies.line != Line::Stray {
                sink.text(&window[..run]);
            }
            self.offset += run as u64;
            self.replies.col = self.replies.col.saturating_add(run);
        }
        run
    }

    /// Fails as soon as the current line's bytes, line end excluded, are
    /// more than the limit. The CR or LF that may end a line is not counted
    /// until it turns out to be text.
    fn check_line_length(&self, byte: u8, at: u64) -> Result<(), ParseError> {
        // A pending CR that ends its line whatever follows: this byte is
        // the first of the next line.
        let line_start = if self.wire.pending_cr_ends_line() {
            at
        } else {
            self.line_start
        };
        let before = at - line_start;
        let limit = u64::try_from(self.config.max_line_len).unwrap_or(u64::MAX);
        let content = match byte {
            b'\n' if self.wire.lf_ends_line() => return Ok(()),
            // A CR may be the start of the line end; a CR pending before it
            // is text by now, or ended the line.
            b'\r' if self.wire.cr_may_end_line() => before,
            _ => before + 1,
        };
        if content > limit {
            return Err(ParseError::new(
                line_start.saturating_add(limit),
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
        if config.utf8 {
            self.utf8.push(byte, at)?;
        }
        if config.reject_nul && byte == 0 {
            return Err(ParseError::new(at, ErrorKind::NulByte));
        }
        let col = self.col;
        self.col = self.col.saturating_add(1);
        match self.line {
            Line::Code => self.first_line(config, byte, col, at, sink),
            Line::MaybeClosing => self.later_line(config, byte, col, at, sink),
            Line::Single { .. } | Line::Opening | Line::Inner | Line::Closing { .. } => {
                sink.text(&[byte]);
                Ok(())
            }
            Line::Stray => Ok(()),
        }
    }

    /// A byte of the first line, still in its code or separator.
    fn first_line<S: Sink>(
        &mut self,
        config: &Config,
        byte: u8,
        col: usize,
        at: u64,
        sink: &mut S,
    ) -> Result<(), ParseError> {
        if col < 3 {
            let fits = byte.is_ascii_digit() && (col > 0 || (b'1'..=b'6').contains(&byte));
            if fits {
                self.held[col] = byte;
                return Ok(());
            }
            if config.opening == Opening::Unchecked {
                // Not a code: a line of a reply that has no opening code.
                sink.text(&self.held[..col]);
                sink.text(&[byte]);
                self.line = Line::Inner;
                return Ok(());
            }
            if config.stray_lines == StrayLines::SkipUncoded {
                self.line = Line::Stray;
                return Ok(());
            }
            if !byte.is_ascii_digit() {
                return Err(ParseError::new(
                    at,
                    ErrorKind::NotADigit {
                        position: col as u8,
                        found: Found::Byte(byte),
                    },
                ));
            }
            return Err(ParseError::new(
                at,
                ErrorKind::BadFirstDigit { digit: byte - b'0' },
            ));
        }
        let code = self.held_code(at)?;
        match (config.opening, byte) {
            (_, b'-') => {
                self.opening = Some(code);
                self.first_skip = 4;
                self.line = Line::Opening;
            }
            (_, b' ') => {
                self.line = Line::Single { code, skip: 4 };
            }
            (Opening::HyphenOrSingle, _) => {
                sink.text(&[byte]);
                self.line = Line::Single { code, skip: 3 };
            }
            (Opening::SpaceOrMulti, _) => {
                sink.text(&[byte]);
                self.opening = Some(code);
                self.first_skip = 3;
                self.line = Line::Opening;
            }
            (Opening::Unchecked, _) => {
                sink.text(&self.held);
                sink.text(&[byte]);
                self.line = Line::Inner;
            }
            (Opening::Strict, _) => {
                return Err(ParseError::new(
                    at,
                    ErrorKind::MissingSeparator {
                        code,
                        found: Found::Byte(byte),
                    },
                ));
            }
        }
        Ok(())
    }

    /// A byte of a later line that may still close the reply.
    fn later_line<S: Sink>(
        &mut self,
        config: &Config,
        byte: u8,
        col: usize,
        at: u64,
        sink: &mut S,
    ) -> Result<(), ParseError> {
        let same = |digit: usize| self.opening.map(|code| code.digits()[digit]);
        let rule = self.end_rule(config);
        let continues = match (rule, col) {
            (EndRule::SameCode | EndRule::SameCodeNotHyphen, 0..=2) => Some(byte) == same(col),
            (EndRule::AnyCode, 0) => (b'1'..=b'6').contains(&byte),
            (EndRule::AnyCode, 1 | 2) => byte.is_ascii_digit(),
            (EndRule::DigitNotHyphen, 0) => byte.is_ascii_digit(),
            (EndRule::DigitNotHyphen, 1 | 2) => true,
            _ => false,
        };
        if continues {
            self.held[col] = byte;
            return Ok(());
        }
        let closing = match (rule, col, byte) {
            (EndRule::SameCode | EndRule::AnyCode, 3, b' ') => Some((self.held_code(at)?, 4, None)),
            (EndRule::SameCodeNotHyphen, 3, b) if b != b'-' => {
                let skip = if b == b' ' { 4 } else { 3 };
                Some((self.held_code(at)?, skip, (b != b' ').then_some(b)))
            }
            (EndRule::DigitNotHyphen, 3, b) if b != b'-' => {
                let code = self.opening.map_or_else(|| self.held_code(at), Ok)?;
                // The reply keeps its opening code; a closing line that
                // carries another code (or none) keeps it in its text.
                if b == b' ' && self.held == code.digits() {
                    Some((code, 4, None))
                } else {
                    sink.text(&self.held);
                    Some((code, 0, Some(b)))
                }
            }
            _ => None,
        };
        match closing {
            Some((code, skip, text)) => {
                if let Some(text) = text {
                    sink.text(&[text]);
                }
                self.line = Line::Closing { code, skip };
            }
            None => {
                sink.text(&self.held[..col.min(3)]);
                sink.text(&[byte]);
                self.line = Line::Inner;
            }
        }
        Ok(())
    }

    /// The end rule for the reply in progress: a reply opened by an
    /// unchecked line has no code to repeat, so any code closes it.
    fn end_rule(&self, config: &Config) -> EndRule {
        if self.opening.is_none() {
            EndRule::AnyCode
        } else {
            config.end_rule
        }
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
        if let Some(start) = self.utf8.pending() {
            return Err(ParseError::new(start, ErrorKind::InvalidUtf8));
        }
        let col = self.col;
        self.col = 0;
        let (code, last_skip) = match self.line {
            Line::Stray => {
                self.skipped += 1;
                self.line = Line::Code;
                return Ok(None);
            }
            Line::Code
                if config.stray_lines == StrayLines::SkipShort
                    || (col < 3 && config.stray_lines == StrayLines::SkipUncoded) =>
            {
                self.skipped += 1;
                return Ok(None);
            }
            Line::Code if config.opening == Opening::Unchecked => {
                sink.text(&self.held[..col.min(3)]);
                return self.inner_line_end(config, next_line, sink);
            }
            Line::Code if col == 3 => {
                let code = self.held_code(terminator)?;
                match config.opening {
                    Opening::Strict if config.bare_code_line => {
                        self.first_skip = 3;
                        (code, 3)
                    }
                    Opening::HyphenOrSingle => {
                        self.first_skip = 3;
                        (code, 3)
                    }
                    Opening::SpaceOrMulti => {
                        self.opening = Some(code);
                        self.first_skip = 3;
                        return self.inner_line_end(config, next_line, sink);
                    }
                    _ => {
                        return Err(ParseError::new(
                            terminator,
                            ErrorKind::MissingSeparator {
                                code,
                                found: Found::LineEnd,
                            },
                        ));
                    }
                }
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
            Line::Single { code, skip } => {
                self.first_skip = skip;
                (code, skip)
            }
            Line::Closing { code, skip } => (code, skip),
            Line::MaybeClosing if col == 3 && self.bare_code_closes(config) => {
                (self.held_code(terminator)?, 3)
            }
            Line::MaybeClosing => {
                sink.text(&self.held[..col.min(3)]);
                return self.inner_line_end(config, next_line, sink);
            }
            Line::Opening | Line::Inner => {
                return self.inner_line_end(config, next_line, sink);
            }
        };
        sink.end_line();
        let lines = self.lines + 1;
        let opening_code = self.opening.unwrap_or(code);
        let completed = Completed {
            code,
            opening_code,
            start: reply_start,
            end: next_line,
            lines,
            skipped: self.skipped,
            first_skip: self.first_skip,
            last_skip,
        };
        self.lines = 0;
        self.skipped = 0;
        self.opening = None;
        self.first_skip = 0;
        self.line = Line::Code;
        Ok(Some(completed))
    }

    /// Whether a line that is only the opening code closes the reply.
    fn bare_code_closes(&self, config: &Config) -> bool {
        match self.end_rule(config) {
            EndRule::SameCode | EndRule::AnyCode => config.bare_code_line,
            EndRule::SameCodeNotHyphen => true,
            EndRule::DigitNotHyphen => false,
        }
    }

    /// Ends a line that does not close the reply in progress.
    fn inner_line_end<S: Sink>(
        &mut self,
        config: &Config,
        next_line: u64,
        sink: &mut S,
    ) -> Result<Option<Completed>, ParseError> {
        sink.end_line();
        self.lines += 1;
        self.line = Line::MaybeClosing;
        if self.lines >= config.effective_max_lines() {
            return Err(ParseError::new(
                next_line,
                ErrorKind::TooManyLines {
                    code: self.opening,
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

/// A UTF-8 validator fed one byte at a time: the shortest forms only, no
/// surrogates, nothing above U+10FFFF (what a strict decoder accepts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Utf8 {
    /// Continuation bytes still expected.
    need: u8,
    /// Offset of the first byte of the sequence in progress.
    start: u64,
    /// The range the next continuation byte must fall in.
    low: u8,
    high: u8,
}

impl Utf8 {
    fn pending(&self) -> Option<u64> {
        (self.need > 0).then_some(self.start)
    }

    fn push(&mut self, byte: u8, at: u64) -> Result<(), ParseError> {
        if self.need > 0 {
            if !(self.low..=self.high).contains(&byte) {
                return Err(ParseError::new(self.start, ErrorKind::InvalidUtf8));
            }
            self.need -= 1;
            (self.low, self.high) = (0x80, 0xBF);
            return Ok(());
        }
        let (need, low, high) = match byte {
            0x00..=0x7F => return Ok(()),
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xE1..=0xEF => (2, 0x80, 0xBF),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return Err(ParseError::new(at, ErrorKind::InvalidUtf8)),
        };
        *self = Utf8 {
            need,
            start: at,
            low,
            high,
        };
        Ok(())
    }
}
