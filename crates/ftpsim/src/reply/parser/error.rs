//! Why a stream is not a sequence of FTP replies, and where.

use core::fmt;

use crate::reply::ReplyCode;

/// A malformed reply: what is wrong ([`ErrorKind`]) and the byte offset in
/// the stream where it shows.
///
/// The [`Display`](fmt::Display) form is one sentence for a person:
/// `at byte 7: expected a digit of the reply code, found 'x'`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseError {
    offset: u64,
    kind: ErrorKind,
}

impl ParseError {
    pub(super) const fn new(offset: u64, kind: ErrorKind) -> ParseError {
        ParseError { offset, kind }
    }

    /// The offset of the offending byte from the start of the stream (for
    /// [`parse`](super::parse), from the start of the buffer). For
    /// [`ErrorKind::UnexpectedEnd`] it is the length of the input.
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    pub const fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.kind)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParseError {}

/// What was found where something else was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Found {
    /// This byte (after Telnet decoding).
    Byte(u8),
    /// The end of the line.
    LineEnd,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Found::LineEnd => f.write_str("the end of the line"),
            Found::Byte(byte) => describe_byte(f, byte),
        }
    }
}

fn describe_byte(f: &mut fmt::Formatter<'_>, byte: u8) -> fmt::Result {
    match byte {
        b' ' => f.write_str("a space"),
        b'\r' => f.write_str("CR (0x0D)"),
        b'\n' => f.write_str("LF (0x0A)"),
        0 => f.write_str("NUL (0x00)"),
        b'\t' => f.write_str("a tab (0x09)"),
        b'\'' => f.write_str("\"'\""),
        0x21..=0x7E => write!(f, "'{}'", char::from(byte)),
        _ => write!(f, "byte 0x{byte:02X}"),
    }
}

/// The kinds of malformed input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The first line of a reply does not start with three digits.
    NotADigit {
        /// Which digit of the code (0, 1 or 2).
        position: u8,
        found: Found,
    },
    /// The code starts with 0, 7, 8 or 9.
    BadFirstDigit { digit: u8 },
    /// The code of the first line is followed by neither a space nor a
    /// hyphen (nor by the line end, where bare codes are accepted).
    MissingSeparator { code: ReplyCode, found: Found },
    /// A line is longer than [`Config::max_line_len`](super::Config).
    /// The offset is that of the first byte past the limit.
    LineTooLong { limit: usize },
    /// A reply goes on past [`Config::max_lines`](super::Config). The
    /// offset is where the line past the limit begins.
    TooManyLines { code: ReplyCode, limit: usize },
    /// A LF without a CR before it, where only CR LF ends a line.
    BareLf,
    /// A CR followed by neither LF nor NUL, where only CR LF ends a line.
    BareCr { found: u8 },
    /// Telnet IAC (0xFF) followed by a byte that is no Telnet command.
    BadTelnetCommand { found: u8 },
    /// The input ended inside a reply (or inside a line before it).
    UnexpectedEnd {
        /// Where the unfinished reply began.
        reply_offset: u64,
        /// The code of the unfinished reply, once it was read.
        code: Option<ReplyCode>,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ErrorKind::NotADigit {
                position: 0,
                found: Found::LineEnd,
            } => f.write_str(
                "empty line where a reply was expected; a reply starts with a three-digit code",
            ),
            ErrorKind::NotADigit {
                position: 0,
                found,
            } => write!(
                f,
                "expected a reply, which starts with a three-digit code, but found {found}"
            ),
            ErrorKind::NotADigit { position, found } => write!(
                f,
                "expected digit {} of the three-digit reply code, found {found}",
                position + 1
            ),
            ErrorKind::BadFirstDigit { digit } => write!(
                f,
                "a reply code starts with 1 to 5 (or 6 for RFC 2228 protected replies), not {digit}"
            ),
            ErrorKind::MissingSeparator {
                code,
                found: Found::LineEnd,
            } => write!(
                f,
                "the line ends right after the code {code}; a space must follow it (a bare code line is not accepted by this configuration)"
            ),
            ErrorKind::MissingSeparator { code, found } => write!(
                f,
                "the code {code} must be followed by a space (last line) or a hyphen (first line of a multiline reply), not {found}"
            ),
            ErrorKind::LineTooLong { limit } => write!(
                f,
                "line longer than {limit} bytes, the configured maximum"
            ),
            ErrorKind::TooManyLines { code, limit } => write!(
                f,
                "the multiline {code} reply goes on past {limit} lines, the configured maximum"
            ),
            ErrorKind::BareLf => f.write_str(
                "line ends with LF alone; this configuration requires CR LF (try the lenient rules)",
            ),
            ErrorKind::BareCr { found } => {
                f.write_str("CR followed by ")?;
                describe_byte(f, found)?;
                f.write_str("; a CR must be followed by LF (line end) or NUL (a CR in the text)")
            }
            ErrorKind::BadTelnetCommand { found } => {
                f.write_str("Telnet IAC (0xFF) followed by ")?;
                describe_byte(f, found)?;
                f.write_str(", which is no Telnet command; a 0xFF in text must be sent as IAC IAC")
            }
            ErrorKind::UnexpectedEnd {
                reply_offset,
                code: Some(code),
            } => write!(
                f,
                "the input ended inside the {code} reply that began at byte {reply_offset}"
            ),
            ErrorKind::UnexpectedEnd {
                reply_offset,
                code: None,
            } => write!(
                f,
                "the input ended inside a reply that began at byte {reply_offset}, before its line end"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn messages_name_the_offset_and_the_byte() {
        let err = ParseError::new(
            7,
            ErrorKind::NotADigit {
                position: 1,
                found: Found::Byte(b'x'),
            },
        );
        assert_eq!(
            err.to_string(),
            "at byte 7: expected digit 2 of the three-digit reply code, found 'x'"
        );
        let err = ParseError::new(3, ErrorKind::BareCr { found: 0x80 });
        assert_eq!(
            err.to_string(),
            "at byte 3: CR followed by byte 0x80; a CR must be followed by LF (line end) or NUL (a CR in the text)"
        );
        let code = ReplyCode::new(220).unwrap();
        let err = ParseError::new(
            40,
            ErrorKind::UnexpectedEnd {
                reply_offset: 12,
                code: Some(code),
            },
        );
        assert_eq!(
            err.to_string(),
            "at byte 40: the input ended inside the 220 reply that began at byte 12"
        );
        assert_eq!(Found::Byte(b' ').to_string(), "a space");
        assert_eq!(Found::Byte(b'\n').to_string(), "LF (0x0A)");
        assert_eq!(Found::LineEnd.to_string(), "the end of the line");
    }
}
