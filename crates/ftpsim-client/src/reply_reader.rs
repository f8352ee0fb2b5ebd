//! Reading replies off a control connection with the core's parser.
//!
//! [`ReplyReader`] wraps the core's [`ReplyDecoder`]: bytes go in as they
//! arrive, replies come out with the exact bytes they took on the wire and
//! the moments their first and last bytes arrived. Every client in this
//! crate (and the server's tests) reads through it, so that what counts as a
//! reply is decided in one place, the core's parser, under one [`Config`].
//!
//! The reader keeps the bytes after the reply it hands out: a server that
//! sends two replies in one segment loses neither. Memory is bounded: the
//! decoder holds at most [`Config::max_reply_bytes`] of text, and the reader
//! refuses a reply whose wire bytes pass [`ReplyReader::max_wire_bytes`].
//!
//! ```
//! use ftpsim::reply::parser::Config;
//! use ftpsim_client::reply_reader::ReplyReader;
//!
//! let mut reader = ReplyReader::new(Config::rfc());
//! let mut wire: &[u8] = b"220-Hello\r\n220 Ready\r\n331 More\r\n";
//! let greeting = reader.read_reply(&mut wire)?;
//! assert_eq!(greeting.code(), 220);
//! assert_eq!(greeting.wire(), b"220-Hello\r\n220 Ready\r\n");
//! assert_eq!(reader.read_reply(&mut wire)?.code(), 331);
//! # Ok::<(), ftpsim_client::reply_reader::ReadError>(())
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};
use std::time::Instant;

use ftpsim::reply::Reply;
use ftpsim::reply::parser::{Config, ParseError, ParsedReply, ReplyDecoder};
use tokio::io::{AsyncRead, AsyncReadExt};

/// How many bytes one read asks the socket for.
const CHUNK: usize = 4096;

/// One reply as it came: the parsed value, its bytes on the wire, and when
/// they arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireReply {
    parsed: ParsedReply,
    wire: Vec<u8>,
    first_byte_at: Instant,
    complete_at: Instant,
}

impl WireReply {
    /// The reply's code (that of its closing line), as a number.
    pub fn code(&self) -> u16 {
        self.parsed.code().get()
    }

    /// The reply as the core reads it.
    pub fn reply(&self) -> &Reply {
        self.parsed.reply()
    }

    /// The reply with its place in the stream.
    pub fn parsed(&self) -> &ParsedReply {
        &self.parsed
    }

    /// The bytes the reply took on the wire, its closing line end included.
    pub fn wire(&self) -> &[u8] {
        &self.wire
    }

    /// The wire bytes, owned.
    pub fn into_wire(self) -> Vec<u8> {
        self.wire
    }

    /// When the reply's first byte was read off the connection.
    pub fn first_byte_at(&self) -> Instant {
        self.first_byte_at
    }

    /// When the byte that completed the reply was read.
    pub fn complete_at(&self) -> Instant {
        self.complete_at
    }
}

/// Why no reply could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The connection ended before a complete reply; `partial` holds the
    /// bytes of the unfinished one (empty when the server closed between
    /// replies).
    Closed { partial: Vec<u8> },
    /// The bytes are not an FTP reply under the reader's [`Config`].
    Malformed(ParseError),
    /// The reply in progress passed the reader's bound on wire bytes.
    TooLong { limit: usize },
    /// Reading failed; a read timeout shows up here as
    /// [`io::ErrorKind::WouldBlock`] or [`io::ErrorKind::TimedOut`].
    Io(io::Error),
}

impl ReadError {
    /// Whether this is a read that ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, ReadError::Io(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut))
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Closed { partial } if partial.is_empty() => {
                f.write_str("the connection closed before a reply")
            }
            ReadError::Closed { partial } => write!(
                f,
                "the connection closed in the middle of a reply ({} bytes: {:?})",
                partial.len(),
                String::from_utf8_lossy(partial)
            ),
            ReadError::Malformed(err) => write!(f, "not an FTP reply: {err}"),
            ReadError::TooLong { limit } => {
                write!(f, "the reply is longer than {limit} bytes")
            }
            ReadError::Io(err) => write!(f, "reading a reply failed: {err}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Malformed(err) => Some(err),
            ReadError::Io(err) => Some(err),
            _ => None,
        }
    }
}

/// A reply reader for one connection; see the [module](self) docs.
#[derive(Debug)]
pub struct ReplyReader {
    decoder: ReplyDecoder,
    /// Bytes received and not yet handed out in a reply.
    pending: Vec<u8>,
    /// The stream offset of `pending[0]`.
    pending_offset: u64,
    /// Complete replies not taken yet, with the moment they completed.
    ready: VecDeque<(ParsedReply, Instant)>,
    /// When the first byte of each reply not yet handed out arrived, as
    /// (stream offset of the read, moment), oldest first.
    arrivals: VecDeque<(u64, Instant)>,
    max_wire_bytes: usize,
    closed: bool,
}

impl ReplyReader {
    /// A reader that parses under `config`; its bound on a reply's wire
    /// bytes starts at twice the config's bound on its text, room for the
    /// codes and line ends of the longest lines.
    pub fn new(config: Config) -> ReplyReader {
        ReplyReader {
            decoder: ReplyDecoder::new(config),
            pending: Vec::new(),
            pending_offset: 0,
            ready: VecDeque::new(),
            arrivals: VecDeque::new(),
            max_wire_bytes: config.max_reply_bytes().saturating_mul(2),
            closed: false,
        }
    }

    /// This reader with another bound on the wire bytes of one reply.
    pub fn with_max_wire_bytes(mut self, limit: usize) -> ReplyReader {
        self.max_wire_bytes = limit;
        self
    }

    /// The bound on the wire bytes of one reply.
    pub fn max_wire_bytes(&self) -> usize {
        self.max_wire_bytes
    }

    /// The parser's configuration.
    pub fn config(&self) -> &Config {
        self.decoder.config()
    }

    /// Bytes received after the last reply handed out.
    pub fn pending(&self) -> &[u8] {
        &self.pending
    }

    /// Whether the peer has closed (a read returned end of file).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Takes `bytes` received at `at`. Replies they complete become
    /// available to [`next_reply`](ReplyReader::next_reply).
    pub fn push(&mut self, bytes: &[u8], at: Instant) -> Result<(), ReadError> {
        if bytes.is_empty() {
            return Ok(());
        }
        let offset = self.decoder.offset();
        self.arrivals.push_back((offset, at));
        self.pending.extend_from_slice(bytes);
        let fed = self.decoder.feed(bytes);
        self.ready
            .extend(self.decoder.replies().map(|reply| (reply, at)));
        fed.map_err(ReadError::Malformed)?;
        let unfinished = self.decoder.offset() - self.decoder.reply_start();
        if self.ready.is_empty() && unfinished > self.max_wire_bytes as u64 {
            return Err(ReadError::TooLong {
                limit: self.max_wire_bytes,
            });
        }
        Ok(())
    }

    /// Says the peer closed. Bytes of an unfinished reply stay pending;
    /// once the complete replies are taken, reading says
    /// [`ReadError::Closed`] with them.
    pub fn close(&mut self) {
        self.closed = true;
    }

    /// The oldest complete reply not taken yet.
    pub fn next_reply(&mut self) -> Option<WireReply> {
        let (parsed, complete_at) = self.ready.pop_front()?;
        let start = usize::try_from(parsed.offset() - self.pending_offset)
            .expect("pending bytes fit in memory");
        let end = usize::try_from(parsed.end() - self.pending_offset)
            .expect("pending bytes fit in memory");
        let wire = self.pending[start..end].to_vec();
        self.pending.drain(..end);
        self.pending_offset = parsed.end();
        // The read that brought the reply's first byte is the last one that
        // began at or before its offset.
        let first_byte_at = self
            .arrivals
            .iter()
            .take_while(|&&(offset, _)| offset <= parsed.offset())
            .last()
            .map_or(complete_at, |&(_, at)| at);
        // Keep only the reads a later reply can still have begun in.
        while self
            .arrivals
            .get(1)
            .is_some_and(|&(offset, _)| offset <= parsed.end())
        {
            self.arrivals.pop_front();
        }
        Some(WireReply {
            parsed,
            wire,
            first_byte_at,
            complete_at,
        })
    }

    /// A complete reply if one is queued, else the error that ends the
    /// stream, else `None` (read more).
    fn take(&mut self) -> Result<Option<WireReply>, ReadError> {
        if let Some(reply) = self.next_reply() {
            return Ok(Some(reply));
        }
        if let Some(err) = self.decoder.error() {
            return Err(ReadError::Malformed(*err));
        }
        if self.closed {
            return Err(ReadError::Closed {
                partial: self.pending.clone(),
            });
        }
        Ok(None)
    }

    /// One `read` from `source` into the reader; returns how many bytes
    /// came (0 at end of file, after which the reader is closed).
    pub fn fill_from<R: Read + ?Sized>(&mut self, source: &mut R) -> Result<usize, ReadError> {
        let mut chunk = [0u8; CHUNK];
        loop {
            match source.read(&mut chunk) {
                Ok(0) => {
                    self.close();
                    return Ok(0);
                }
                Ok(n) => {
                    self.push(&chunk[..n], Instant::now())?;
                    return Ok(n);
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(ReadError::Io(err)),
            }
        }
    }

    /// Reads from a blocking source until a complete reply is there, and
    /// returns it. Timeouts are the source's (`set_read_timeout`).
    pub fn read_reply<R: Read + ?Sized>(&mut self, source: &mut R) -> Result<WireReply, ReadError> {
        loop {
            if let Some(reply) = self.take()? {
                return Ok(reply);
            }
            self.fill_from(source)?;
        }
    }

    /// Reads from an async source until a complete reply is there, and
    /// returns it. Bound it with `tokio::time::timeout`; a reader whose
    /// future was dropped half-way has lost nothing it had read.
    pub async fn read_reply_async<R: AsyncRead + Unpin + ?Sized>(
        &mut self,
        source: &mut R,
    ) -> Result<WireReply, ReadError> {
        let mut chunk = [0u8; CHUNK];
        loop {
            if let Some(reply) = self.take()? {
                return Ok(reply);
            }
            match source.read(&mut chunk).await {
                Ok(0) => self.close(),
                Ok(n) => self.push(&chunk[..n], Instant::now())?,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(ReadError::Io(err)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftpsim::reply::parser::LineEnds;
    use proptest::prelude::*;

    /// A source that hands out its bytes in the given pieces, one per read.
    struct Pieces(VecDeque<Vec<u8>>);

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some(mut piece) = self.0.pop_front() else {
                return Ok(0);
            };
            let n = piece.len().min(buf.len());
            buf[..n].copy_from_slice(&piece[..n]);
            if n < piece.len() {
                self.0.push_front(piece.split_off(n));
            }
            Ok(n)
        }
    }

    fn pieces(parts: &[&[u8]]) -> Pieces {
        Pieces(parts.iter().map(|p| p.to_vec()).collect())
    }

    #[test]
    fn two_replies_in_one_read_are_both_kept() {
        let mut reader = ReplyReader::new(Config::rfc());
        let mut source = pieces(&[b"120 Wait.\r\n220 Ready.\r\n"]);
        assert_eq!(
            reader.read_reply(&mut source).unwrap().wire(),
            b"120 Wait.\r\n"
        );
        assert_eq!(
            reader.read_reply(&mut source).unwrap().wire(),
            b"220 Ready.\r\n"
        );
        assert!(matches!(
            reader.read_reply(&mut source),
            Err(ReadError::Closed { partial }) if partial.is_empty()
        ));
    }

    #[test]
    fn inner_lines_follow_the_rfc_end_rule() {
        let mut reader = ReplyReader::new(Config::rfc());
        let wire = b"220-a\r\n230 inner\r\n2024-style\r\n220\r\n";
        let mut source = pieces(&[&wire[..9], &wire[9..]]);
        let reply = reader.read_reply(&mut source).unwrap();
        assert_eq!(reply.code(), 220);
        assert_eq!(reply.wire(), wire);
        assert_eq!(reply.reply().lines().len(), 4);
    }

    #[test]
    fn a_close_mid_reply_returns_the_partial_bytes() {
        let mut reader = ReplyReader::new(Config::rfc());
        let mut source = pieces(&[b"421 Too m"]);
        match reader.read_reply(&mut source) {
            Err(ReadError::Closed { partial }) => assert_eq!(partial, b"421 Too m"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_is_malformed_with_its_offset() {
        let mut reader = ReplyReader::new(Config::rfc());
        let mut source = pieces(&[b"hello\r\n"]);
        match reader.read_reply(&mut source) {
            Err(ReadError::Malformed(err)) => assert_eq!(err.offset(), 0),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bare_line_feeds_follow_the_config() {
        let mut strict = ReplyReader::new(Config::rfc());
        assert!(matches!(
            strict.read_reply(&mut pieces(&[b"220 x\n"])),
            Err(ReadError::Malformed(_))
        ));
        let mut tolerant = ReplyReader::new(Config::rfc().with_line_ends(LineEnds::CrLfOrLf));
        let reply = tolerant.read_reply(&mut pieces(&[b"220 x\n"])).unwrap();
        assert_eq!(reply.wire(), b"220 x\n");
    }

    #[test]
    fn an_endless_reply_stops_at_the_wire_bound() {
        let mut reader = ReplyReader::new(Config::rfc()).with_max_wire_bytes(64);
        let mut source = pieces(&[b"220-start\r\n", &[b'x'; 30], b"\r\n", &[b'y'; 40]]);
        assert!(matches!(
            reader.read_reply(&mut source),
            Err(ReadError::TooLong { limit: 64 })
        ));
    }

    #[test]
    fn arrival_times_belong_to_the_reads_that_brought_the_bytes() {
        let mut reader = ReplyReader::new(Config::rfc());
        let t0 = Instant::now();
        let t1 = t0 + std::time::Duration::from_millis(5);
        let t2 = t1 + std::time::Duration::from_millis(5);
        reader.push(b"120 Wait.\r\n22", t0).unwrap();
        reader.push(b"0 Ready", t1).unwrap();
        reader.push(b".\r\n", t2).unwrap();
        let first = reader.next_reply().unwrap();
        assert_eq!((first.first_byte_at(), first.complete_at()), (t0, t0));
        let second = reader.next_reply().unwrap();
        assert_eq!((second.first_byte_at(), second.complete_at()), (t0, t2));
        assert!(reader.next_reply().is_none());
    }

    #[test]
    fn the_async_reader_reads_the_same_replies() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (mut client, mut server) = tokio::io::duplex(64);
            let writer = tokio::spawn(async move {
                use tokio::io::AsyncWriteExt;
                for piece in [&b"220-Hel"[..], b"lo\r\n220 Rea", b"dy\r\n221 Bye\r\n"] {
                    server.write_all(piece).await.unwrap();
                }
            });
            let mut reader = ReplyReader::new(Config::rfc());
            let greeting = reader.read_reply_async(&mut client).await.unwrap();
            assert_eq!(greeting.wire(), b"220-Hello\r\n220 Ready\r\n");
            assert_eq!(greeting.reply().text(), "Hello\nReady");
            writer.await.unwrap();
            assert_eq!(
                reader.read_reply_async(&mut client).await.unwrap().code(),
                221
            );
            assert!(matches!(
                reader.read_reply_async(&mut client).await,
                Err(ReadError::Closed { .. })
            ));
        });
    }

    proptest! {
        #[test]
        fn replies_tile_the_stream_however_it_is_cut(
            cuts in proptest::collection::vec(1usize..20, 0..10),
        ) {
            let wire: &[u8] = b"220-a\r\n 220 padded\r\n220 b\r\n331 c\r\n421-d\r\n421 e\r\n";
            let mut parts = Vec::new();
            let mut rest = wire;
            for cut in cuts {
                let at = cut.min(rest.len());
                let (head, tail) = rest.split_at(at);
                parts.push(head.to_vec());
                rest = tail;
            }
            parts.push(rest.to_vec());
            let mut source = Pieces(parts.into_iter().collect());
            let mut reader = ReplyReader::new(Config::rfc());
            let mut joined = Vec::new();
            let mut codes = Vec::new();
            while let Ok(reply) = reader.read_reply(&mut source) {
                codes.push(reply.code());
                joined.extend_from_slice(reply.wire());
            }
            prop_assert_eq!(codes, vec![220, 331, 421]);
            prop_assert_eq!(joined, wire.to_vec());
        }
    }
}
