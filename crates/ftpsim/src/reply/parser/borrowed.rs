//! Zero-copy parsing of one reply at the start of a buffer.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

use super::config::Config;
use super::error::ParseError;
use super::scanner::Scanner;
use super::wire::{Syntax, Wire, WireEvent};
use crate::reply::{Reply, ReplyCode};

/// The result of [`parse`] when no error was found: a complete value, or
/// the news that the buffer ends before the reply does.
///
/// `Partial` is not an error: read more bytes and parse again from the
/// same start. Parsing again rescans the buffer from the start, so a caller
/// that receives a byte at a time should use
/// [`ReplyDecoder`](super::ReplyDecoder), which keeps its place; the line
/// and line-count limits bound how long a `Partial` can last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status<T> {
    Complete(T),
    Partial,
}

impl<T> Status<T> {
    pub fn is_complete(&self) -> bool {
        matches!(self, Status::Complete(_))
    }

    pub fn is_partial(&self) -> bool {
        matches!(self, Status::Partial)
    }

    /// The complete value, if any.
    pub fn complete(self) -> Option<T> {
        match self {
            Status::Complete(value) => Some(value),
            Status::Partial => None,
        }
    }
}

/// Parses the reply at the start of `buf`.
///
/// Returns `Complete((consumed, reply))`, where `consumed` is the length of
/// the reply on the wire (its closing line end included), `Partial` when
/// `buf` holds only the beginning of a reply, or the first error. Offsets
/// in errors count from the start of `buf`. The reply borrows `buf`.
///
/// ```
/// use ftpsim::reply::parser::{Config, Status, parse};
///
/// let buf = b"220-Welcome\r\n 220 is padded\r\n220 Ready\r\n331 Next";
/// let Status::Complete((consumed, reply)) = parse(buf, &Config::rfc())? else {
///     panic!("a whole reply is there");
/// };
/// assert_eq!(consumed, 40);
/// assert_eq!(reply.code().get(), 220);
/// let lines: Vec<_> = reply.lines().collect();
/// assert_eq!(lines, [&b"Welcome"[..], b" 220 is padded", b"Ready"]);
/// assert!(parse(&buf[consumed..], &Config::rfc())?.is_partial());
/// # Ok::<(), ftpsim::reply::parser::ParseError>(())
/// ```
pub fn parse<'b>(
    buf: &'b [u8],
    config: &Config,
) -> Result<Status<(usize, ReplyRef<'b>)>, ParseError> {
    let mut scanner = Scanner::new(*config);
    let mut index = 0;
    while index < buf.len() {
        index += scanner.push_text_run(&buf[index..], &mut ());
        let Some(&byte) = buf.get(index) else {
            break;
        };
        if let Some(done) = scanner.push(byte, &mut ())? {
            // A lone CR that ends a line is known to be one only at the
            // byte after it, which is not part of the reply.
            let consumed = usize::try_from(done.end).unwrap_or(index + 1);
            let reply = ReplyRef {
                wire: &buf[..consumed],
                code: done.code,
                opening_code: done.opening_code,
                line_count: done.lines,
                shape: Shape {
                    skipped: done.skipped,
                    first_skip: done.first_skip,
                    last_skip: done.last_skip,
                },
                syntax: Syntax::of(config),
            };
            return Ok(Status::Complete((consumed, reply)));
        }
        index += 1;
    }
    Ok(Status::Partial)
}

/// A reply that borrows the buffer it was parsed from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ReplyRef<'b> {
    wire: &'b [u8],
    code: ReplyCode,
    opening_code: ReplyCode,
    line_count: usize,
    shape: Shape,
    syntax: Syntax,
}

/// Where a reply's text lies among its wire lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shape {
    /// Stray lines before the first line, which are not the reply's.
    skipped: usize,
    /// Text bytes of the first line before its text (its code and
    /// separator).
    first_skip: u8,
    /// The same for the closing line of a multiline reply.
    last_skip: u8,
}

impl<'b> ReplyRef<'b> {
    /// The reply's code: that of its closing line (see
    /// [`Config::end_rule`](super::Config::end_rule)).
    pub fn code(&self) -> ReplyCode {
        self.code
    }

    /// The code of the first line; differs from [`ReplyRef::code`] only
    /// under [`EndRule::AnyCode`](super::EndRule::AnyCode).
    pub fn opening_code(&self) -> ReplyCode {
        self.opening_code
    }

    /// The closing line's code, the same as [`ReplyRef::code`].
    pub fn closing_code(&self) -> ReplyCode {
        self.code
    }

    /// The reply's bytes as they came: from its first line's first byte to
    /// the end of its closing line, Telnet commands (and stray lines a
    /// configuration skips) before it included.
    pub fn wire(&self) -> &'b [u8] {
        self.wire
    }

    pub fn line_count(&self) -> usize {
        self.line_count
    }

    pub fn is_multiline(&self) -> bool {
        self.line_count > 1
    }

    /// The lines: the first line's text after `NNN-` (or `NNN `), inner
    /// lines whole, the closing line's text after `NNN `. A line borrows
    /// the buffer unless Telnet decoding (IAC IAC, a dropped command) or a
    /// CR NUL changed its bytes.
    pub fn lines(&self) -> Lines<'b> {
        let mut lines = Lines {
            wire: self.wire,
            pos: 0,
            index: 0,
            count: self.line_count,
            shape: self.shape,
            syntax: self.syntax,
        };
        for _ in 0..self.shape.skipped {
            match scan_line(self.wire, lines.pos, self.syntax, 0, None) {
                Some(split) => lines.pos = split.next_line,
                None => lines.index = lines.count,
            }
        }
        lines
    }

    /// An owned copy.
    pub fn to_reply(&self) -> Reply {
        Reply::from_wire_lines(self.code, self.lines().map(Cow::into_owned).collect())
    }
}

impl fmt::Debug for ReplyRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplyRef")
            .field("code", &self.code.get())
            .field("opening_code", &self.opening_code.get())
            .field(
                "lines",
                &self
                    .lines()
                    .map(|l| alloc::string::String::from_utf8_lossy(&l).into_owned())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// The lines of a [`ReplyRef`], from [`ReplyRef::lines`].
#[derive(Clone, Debug)]
pub struct Lines<'b> {
    wire: &'b [u8],
    /// Where the next line begins in `wire`.
    pos: usize,
    index: usize,
    count: usize,
    shape: Shape,
    syntax: Syntax,
}

impl<'b> Iterator for Lines<'b> {
    type Item = Cow<'b, [u8]>;

    fn next(&mut self) -> Option<Cow<'b, [u8]>> {
        if self.index >= self.count {
            return None;
        }
        let skip = if self.index == 0 {
            usize::from(self.shape.first_skip)
        } else if self.index + 1 == self.count {
            usize::from(self.shape.last_skip)
        } else {
            0
        };
        let line_start = self.pos;
        let split = scan_line(self.wire, line_start, self.syntax, skip, None)?;
        self.pos = split.next_line;
        self.index += 1;
        let Some((first, end)) = split.text_span else {
            return Some(Cow::Borrowed(&[]));
        };
        // Each text byte that took one wire byte, with nothing dropped in
        // between, is its own wire byte: the line can be borrowed.
        if end - first == split.text_len {
            return Some(Cow::Borrowed(&self.wire[first..end]));
        }
        let mut text = Vec::with_capacity(split.text_len);
        scan_line(self.wire, line_start, self.syntax, skip, Some(&mut text))?;
        Some(Cow::Owned(text))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.index;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Lines<'_> {}

struct LineSpan {
    /// First and past-the-end wire offsets of the kept text bytes.
    text_span: Option<(usize, usize)>,
    text_len: usize,
    next_line: usize,
}

/// Reads the line that starts at `start`, skipping its first `skip` text
/// bytes and copying the others into `out` if given. `None` only if the
/// bytes hold no line end, which a reply the scanner accepted always has.
fn scan_line(
    wire: &[u8],
    start: usize,
    syntax: Syntax,
    skip: usize,
    out: Option<&mut Vec<u8>>,
) -> Option<LineSpan> {
    let mut decoder = Wire::new(syntax);
    let mut line = LineScan {
        skip,
        seen: 0,
        text_span: None,
        text_len: 0,
        next_line: None,
        out,
    };
    for (index, &byte) in wire.iter().enumerate().skip(start) {
        if decoder
            .push(byte, index as u64, &mut |event| line.event(event))
            .is_err()
        {
            return None;
        }
        if line.next_line.is_some() {
            break;
        }
    }
    // A reply that a lone CR closes ends with that CR.
    if line.next_line.is_none() && decoder.finish(&mut |event| line.event(event)).is_err() {
        return None;
    }
    line.next_line.map(|next_line| LineSpan {
        text_span: line.text_span,
        text_len: line.text_len,
        next_line,
    })
}

/// What [`scan_line`] has seen of its line so far.
struct LineScan<'o> {
    skip: usize,
    seen: usize,
    /// First and past-the-end wire offsets of the kept text bytes.
    text_span: Option<(usize, usize)>,
    text_len: usize,
    next_line: Option<usize>,
    out: Option<&'o mut Vec<u8>>,
}

impl LineScan<'_> {
    fn event(&mut self, event: WireEvent) -> Result<(), ParseError> {
        match event {
            // A lone CR ends a line at the byte after it, which belongs to
            // the next line.
            _ if self.next_line.is_some() => {}
            WireEvent::Text { byte, at, len } => {
                if self.seen >= self.skip {
                    let at = usize::try_from(at).unwrap_or(usize::MAX);
                    let end = at.saturating_add(usize::from(len));
                    let first = self.text_span.map_or(at, |(first, _)| first);
                    self.text_span = Some((first, end));
                    self.text_len += 1;
                    if let Some(out) = self.out.as_deref_mut() {
                        out.push(byte);
                    }
                }
                self.seen += 1;
            }
            WireEvent::LineEnd { next, .. } => {
                self.next_line = Some(usize::try_from(next).unwrap_or(usize::MAX));
            }
        }
        Ok(())
    }
}
