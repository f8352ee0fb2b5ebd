//! The streaming, sans-IO reply parser.
//!
//! Two ways in, one set of rules:
//!
//! - [`parse`] reads the reply at the start of a buffer without copying:
//!   `Complete((consumed, ReplyRef))` or `Partial`, in the style of
//!   httparse. The [`ReplyRef`] borrows the buffer.
//! - [`ReplyDecoder`] takes a stream in chunks of any size and hands out
//!   owned [`ParsedReply`] values (a [`Reply`](super::Reply) with its
//!   offset in the stream), keeping only the reply in progress.
//!
//! A reply follows RFC 959 §4.2: `NNN text` on one line, or `NNN-first`,
//! any inner lines, then a closing line. The lines of a parsed reply are the
//! first line's text after `NNN-` (or `NNN `), the inner lines exactly as
//! they came (a Pure-FTPd `220-You are user 1` line keeps its `220-`), and
//! the closing line's text after `NNN `.
//!
//! Where servers and clients disagree the [`Config`] decides: which line
//! closes a reply ([`EndRule`]), what a first line may be ([`Opening`]),
//! stray lines between replies ([`StrayLines`]), which bytes end a line
//! ([`LineEnds`]), the bare `NNN` line of RFC 3659, Telnet commands
//! ([`Telnet`]), NUL and UTF-8, the end of the input, and the limits on
//! line length and lines per reply. [`Rule`] names the configuration of
//! each real client (curl, ftplib, Go, FileZilla, ...), read from its
//! source, and [`Reading`] runs several on the same bytes to show where
//! they part ways. Text is kept as bytes;
//! [`Reply::text`](super::Reply::text) gives a lossy view.
//!
//! Errors carry the byte offset where the input went wrong and read as a
//! sentence ([`ParseError`]). The parser never panics, whatever the bytes,
//! and gives the same replies and the same error at the same offset however
//! the stream is cut into chunks.

mod borrowed;
mod config;
mod decoder;
mod error;
mod rules;
mod scanner;
mod wire;

pub use borrowed::{Lines, ReplyRef, Status, parse};
pub use config::{Config, EndRule, LineEnds, Opening, StrayLines, Telnet};
pub use decoder::{ParsedReply, ReplyDecoder};
pub use error::{ErrorKind, Found, ParseError};
pub use rules::{Reading, Rule, agreement};

#[cfg(test)]
mod rule_tests;
#[cfg(test)]
mod tests;
