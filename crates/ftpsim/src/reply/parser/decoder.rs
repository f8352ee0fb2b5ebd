//! The buffering decoder: feed chunks of a stream, take owned replies out.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use super::config::Config;
use super::error::ParseError;
use super::scanner::{Completed, Scanner, Sink};
use crate::reply::{Reply, ReplyCode};

/// A reply read from a stream, with where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedReply {
    pub(super) reply: Reply,
    pub(super) opening_code: ReplyCode,
    pub(super) offset: u64,
    pub(super) end: u64,
}

impl ParsedReply {
    pub fn reply(&self) -> &Reply {
        &self.reply
    }

    pub fn into_reply(self) -> Reply {
        self.reply
    }

    /// The reply's code: that of its closing line.
    pub fn code(&self) -> ReplyCode {
        self.reply.code()
    }

    /// The code of the first line; differs from [`ParsedReply::code`] only
    /// under [`EndRule::AnyCode`](super::EndRule::AnyCode).
    pub fn opening_code(&self) -> ReplyCode {
        self.opening_code
    }

    /// The closing line's code, the same as [`ParsedReply::code`].
    pub fn closing_code(&self) -> ReplyCode {
        self.reply.code()
    }

    /// Offset in the stream of the first byte of the reply's first line.
    /// Replies tile the stream: each begins where the previous one ended.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Offset just past the reply's closing line end.
    pub fn end(&self) -> u64 {
        self.end
    }

    /// Bytes the reply took on the wire.
    pub fn wire_len(&self) -> u64 {
        self.end - self.offset
    }
}

/// A streaming reply decoder.
///
/// Feed it the bytes of a control connection in chunks of any size, down to
/// one byte, and take complete replies out. It keeps only the decoded text
/// of the reply in progress (at most [`Config::max_reply_bytes`]) and the
/// replies not taken yet, and copies each text byte once.
///
/// Errors are sticky: after one, [`feed`](ReplyDecoder::feed) and
/// [`finish`](ReplyDecoder::finish) return it again, while the replies
/// completed before it can still be taken.
///
/// ```
/// use ftpsim::reply::parser::{Config, ReplyDecoder};
///
/// let mut decoder = ReplyDecoder::new(Config::rfc());
/// for chunk in [&b"220-Hel"[..], b"lo\r\n220 ", b"Ready\r\n421 Bye\r\n"] {
///     decoder.feed(chunk)?;
/// }
/// decoder.finish()?;
/// let replies: Vec<_> = decoder.replies().collect();
/// assert_eq!(replies[0].reply().text(), "Hello\nReady");
/// assert_eq!((replies[1].code().get(), replies[1].offset()), (421, 22));
/// # Ok::<(), ftpsim::reply::parser::ParseError>(())
/// ```
#[derive(Clone, Debug)]
pub struct ReplyDecoder {
    scanner: Scanner,
    collector: Collector,
    ready: VecDeque<ParsedReply>,
    error: Option<ParseError>,
}

impl ReplyDecoder {
    pub fn new(config: Config) -> ReplyDecoder {
        ReplyDecoder {
            scanner: Scanner::new(config),
            collector: Collector::default(),
            ready: VecDeque::new(),
            error: None,
        }
    }

    pub fn config(&self) -> &Config {
        self.scanner.config()
    }

    /// Reads the next bytes of the stream. Replies they complete are
    /// queued for [`next_reply`](ReplyDecoder::next_reply), in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut index = 0;
        while index < bytes.len() {
            index += self
                .scanner
                .push_text_run(&bytes[index..], &mut self.collector);
            let Some(&byte) = bytes.get(index) else {
                break;
            };
            index += 1;
            match self.scanner.push(byte, &mut self.collector) {
                Ok(None) => {}
                Ok(Some(done)) => {
                    let reply = self.collector.take(done);
                    self.ready.push_back(reply);
                }
                Err(error) => {
                    self.error = Some(error);
                    self.collector.clear();
                    return Err(error);
                }
            }
        }
        Ok(())
    }

    /// Says the stream has ended: an error if a reply (or a line, or a
    /// Telnet command) is unfinished. Under [`Config::eof_ends_line`] a
    /// last line without its line end is read first, and may complete a
    /// reply. Replies already complete stay available.
    pub fn finish(&mut self) -> Result<(), ParseError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        // The end of the input may still end a line, and so a reply.
        loop {
            match self.scanner.finish(&mut self.collector) {
                Ok(Some(done)) => {
                    let reply = self.collector.take(done);
                    self.ready.push_back(reply);
                }
                Ok(None) => return Ok(()),
                Err(error) => {
                    self.error = Some(error);
                    self.collector.clear();
                    return Err(error);
                }
            }
        }
    }

    /// The oldest complete reply not taken yet.
    pub fn next_reply(&mut self) -> Option<ParsedReply> {
        self.ready.pop_front()
    }

    /// Takes every complete reply not taken yet, oldest first.
    pub fn replies(&mut self) -> impl Iterator<Item = ParsedReply> + '_ {
        self.ready.drain(..)
    }

    /// The error that stopped the decoder, if any.
    pub fn error(&self) -> Option<&ParseError> {
        self.error.as_ref()
    }

    /// Bytes fed so far (up to the error, if one stopped the decoder).
    pub fn offset(&self) -> u64 {
        self.scanner.offset()
    }

    /// Whether the decoder is between replies: no part of a next reply has
    /// been fed.
    pub fn is_idle(&self) -> bool {
        self.scanner.is_idle()
    }

    /// Where the reply in progress, or the next one, begins.
    pub fn reply_start(&self) -> u64 {
        self.scanner.reply_start()
    }

    /// Text bytes held for the reply in progress; never more than
    /// [`Config::max_reply_bytes`].
    pub fn buffered_len(&self) -> usize {
        self.collector.len()
    }
}

/// Collects the lines of the reply in progress.
#[derive(Clone, Debug, Default)]
struct Collector {
    lines: Vec<Vec<u8>>,
    current: Vec<u8>,
    /// Bytes in `lines`.
    held: usize,
}

impl Collector {
    fn take(&mut self, done: Completed) -> ParsedReply {
        let lines = core::mem::take(&mut self.lines);
        self.held = 0;
        ParsedReply {
            reply: Reply::from_wire_lines(done.code, lines),
            opening_code: done.opening_code,
            offset: done.start,
            end: done.end,
        }
    }

    fn clear(&mut self) {
        self.lines = Vec::new();
        self.current = Vec::new();
        self.held = 0;
    }

    fn len(&self) -> usize {
        self.held + self.current.len()
    }
}

impl Sink for Collector {
    fn text(&mut self, bytes: &[u8]) {
        self.current.extend_from_slice(bytes);
    }

    fn end_line(&mut self) {
        self.held += self.current.len();
        let line = core::mem::take(&mut self.current);
        self.lines.push(line);
    }
}
