//! What the parser accepts: every point where real servers and clients
//! disagree is a field here, with the RFC reading in [`Config::rfc`] and
//! the tolerant reading of common clients in [`Config::lenient`].

/// Which line ends a multiline reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EndRule {
    /// RFC 959 §4.2: only a line that starts with the opening code and a
    /// space ends the reply; every other line (`220-more`, `123 text`) is
    /// an inner line. Go's textproto, Python's ftplib and Commons Net in
    /// strict mode read replies this way.
    Rfc,
    /// Any line that starts with a reply code (three digits, the first 1 to
    /// 6) and a space ends the reply, as curl and suppaftp (since 10.0.1)
    /// read it. This accepts glFTPd, which closes a `553-` reply with
    /// `150 Opening BINARY mode data connection`, but ends a reply early at
    /// an unpadded inner line such as `123 files`.
    Lenient,
}

/// Which bytes end a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LineEnds {
    /// Only CR LF ends a line, as the Telnet NVT of RFC 959 and RFC 854
    /// require. A LF alone is an error ([`BareLf`]); CR NUL stands for a CR
    /// inside the text (RFC 2640 pads a CR in a pathname this way); a CR
    /// followed by anything else is an error ([`BareCr`]).
    ///
    /// [`BareLf`]: super::ErrorKind::BareLf
    /// [`BareCr`]: super::ErrorKind::BareCr
    CrLf,
    /// CR LF or LF alone ends a line, as curl, suppaftp, Go and Python
    /// accept. CR NUL still stands for a CR; a CR followed by anything else
    /// is kept as a byte of the text (Python would end the line there and
    /// lose its place in the stream).
    CrLfOrLf,
}

/// How Telnet commands (RFC 854), which may appear anywhere in the control
/// connection, are read.
///
/// In every mode but [`Telnet::Off`], IAC IAC is one 0xFF byte of text;
/// IAC WILL/WONT/DO/DONT and its option byte, the two-byte commands (NOP,
/// DM, IP, GA, ...) and an IAC SB ... IAC SE subnegotiation are dropped.
/// Their bytes still count towards the line length limit, so a stream of
/// Telnet commands cannot grow without bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Telnet {
    /// IAC followed by a byte that is no Telnet command is an error
    /// ([`BadTelnetCommand`]).
    ///
    /// [`BadTelnetCommand`]: super::ErrorKind::BadTelnetCommand
    Strict,
    /// IAC followed by a byte that is no Telnet command is kept as a 0xFF
    /// byte of text, and the byte after it is read as usual: servers that
    /// write Latin-1 `ÿ` without doubling it still parse.
    Lenient,
    /// 0xFF is an ordinary byte; nothing is dropped.
    Off,
}

/// The parser's policy. Start from [`Config::rfc`] (the default) or
/// [`Config::lenient`] and change single fields:
///
/// ```
/// use ftpsim::reply::parser::Config;
///
/// let mut config = Config::rfc();
/// config.max_lines = 10_000; // STAT of a large directory
/// assert_eq!(config.max_line_len, 8 * 1024);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Config {
    /// Which line ends a multiline reply. Under [`EndRule::Lenient`] the
    /// closing line's code can differ from the opening one; the reply then
    /// takes the closing code, the one the server's last word carries and
    /// the one a client must act on (glFTPd's `553-` ... `150` means the
    /// transfer starts), and the opening code stays available.
    pub end_rule: EndRule,
    /// Which bytes end a line.
    pub line_ends: LineEnds,
    /// Whether a line that is only a code (`250`, no space) is a complete
    /// line: it closes a multiline reply (RFC 3659 §7.2 allows `250` alone
    /// to close an MLST reply) or is a single-line reply with empty text
    /// (libunftp sends `NNN` for an empty message). When false, such a line
    /// opening a reply is an error and inside a multiline reply it is an
    /// inner line, as Go, curl and Commons Net read it.
    pub bare_code_line: bool,
    /// How Telnet commands are read.
    pub telnet: Telnet,
    /// The longest line accepted, in bytes on the wire: code and Telnet
    /// commands count, the line end does not. Default 8 KiB, Python
    /// ftplib's `MAXLINE`.
    pub max_line_len: usize,
    /// The most lines one reply may have, first and last included. Default
    /// 1024: FEAT, HELP and the longest banners stay under 100 lines, and
    /// 1024 lines of 8 KiB bound a reply in memory to 8 MiB. `STAT` of a
    /// large directory lists one file per line and may need more. Values
    /// below 1 act as 1 (only single-line replies).
    pub max_lines: usize,
}

impl Config {
    /// Default [`Config::max_line_len`].
    pub const DEFAULT_MAX_LINE_LEN: usize = 8 * 1024;
    /// Default [`Config::max_lines`].
    pub const DEFAULT_MAX_LINES: usize = 1024;

    /// The RFCs as written: same code and a space ends a reply (RFC 959
    /// §4.2), lines end with CR LF, a bare `NNN` closes a reply (RFC 3659),
    /// Telnet commands are read strictly, 8 KiB lines, 1024 lines a reply.
    pub const fn rfc() -> Config {
        Config {
            end_rule: EndRule::Rfc,
            line_ends: LineEnds::CrLf,
            bare_code_line: true,
            telnet: Telnet::Strict,
            max_line_len: Config::DEFAULT_MAX_LINE_LEN,
            max_lines: Config::DEFAULT_MAX_LINES,
        }
    }

    /// What the most tolerant clients accept: any code and a space ends a
    /// reply (curl, suppaftp), LF alone ends a line, a bare `NNN` closes a
    /// reply, a lone IAC is text; same limits as [`Config::rfc`].
    pub const fn lenient() -> Config {
        Config {
            end_rule: EndRule::Lenient,
            line_ends: LineEnds::CrLfOrLf,
            bare_code_line: true,
            telnet: Telnet::Lenient,
            max_line_len: Config::DEFAULT_MAX_LINE_LEN,
            max_lines: Config::DEFAULT_MAX_LINES,
        }
    }

    /// This configuration with another end-of-reply rule.
    pub const fn with_end_rule(mut self, end_rule: EndRule) -> Config {
        self.end_rule = end_rule;
        self
    }

    /// This configuration with other line ends.
    pub const fn with_line_ends(mut self, line_ends: LineEnds) -> Config {
        self.line_ends = line_ends;
        self
    }

    /// This configuration with the bare `NNN` line accepted or not.
    pub const fn with_bare_code_line(mut self, accepted: bool) -> Config {
        self.bare_code_line = accepted;
        self
    }

    /// This configuration with another Telnet mode.
    pub const fn with_telnet(mut self, telnet: Telnet) -> Config {
        self.telnet = telnet;
        self
    }

    /// This configuration with another line length limit.
    pub const fn with_max_line_len(mut self, max_line_len: usize) -> Config {
        self.max_line_len = max_line_len;
        self
    }

    /// This configuration with another limit on lines per reply.
    pub const fn with_max_lines(mut self, max_lines: usize) -> Config {
        self.max_lines = max_lines;
        self
    }

    /// The most bytes a reply in progress can hold in memory: its lines'
    /// text, never more than the wire bytes of its lines.
    pub const fn max_reply_bytes(&self) -> usize {
        self.max_line_len.saturating_mul(self.effective_max_lines())
    }

    pub(super) const fn effective_max_lines(&self) -> usize {
        if self.max_lines == 0 {
            1
        } else {
            self.max_lines
        }
    }
}

/// [`Config::rfc`].
impl Default for Config {
    fn default() -> Config {
        Config::rfc()
    }
}
