//! What the parser accepts: every point where real servers and clients
//! disagree is a field here. [`Config::rfc`] reads the RFCs as written;
//! [`Rule`](super::Rule) holds the reading of each real client.

/// Which line ends a multiline reply (one opened with `NNN-`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EndRule {
    /// RFC 959 §4.2: only a line that starts with the opening code and a
    /// space ends the reply (or the bare code, where
    /// [`Config::bare_code_line`] allows it); every other line (`220-more`,
    /// `123 text`) is an inner line.
    SameCode,
    /// The opening code followed by anything but a hyphen ends the reply:
    /// `220 end`, `220` alone and `220x` all close a `220-` reply. Python's
    /// ftplib reads replies this way.
    SameCodeNotHyphen,
    /// Any line that starts with a reply code (three digits, the first 1 to
    /// 6) and a space ends the reply, and its code is the reply's. This
    /// accepts glFTPd, which closes a `553-` reply with `150 Opening BINARY
    /// mode data connection`, but ends a reply early at an unpadded inner
    /// line such as `123 files`.
    AnyCode,
    /// Any line of more than three characters that starts with a digit and
    /// whose fourth character is not a hyphen ends the reply, which keeps
    /// its opening code: `226 Transfer complete` closes a `426-` reply as a
    /// 426, and so does `1 file`. Commons Net's default (lenient) reading.
    DigitNotHyphen,
}

/// What the first line of a reply may look like after its three digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Opening {
    /// A space (one-line reply) or a hyphen (multiline); the bare code only
    /// where [`Config::bare_code_line`] allows it. Anything else is an
    /// error ([`MissingSeparator`]).
    ///
    /// [`MissingSeparator`]: super::ErrorKind::MissingSeparator
    Strict,
    /// A hyphen opens a multiline reply; anything else, the line end
    /// included, makes the line a one-line reply (`220x` is a 220).
    HyphenOrSingle,
    /// A space makes a one-line reply; anything else, the line end
    /// included, opens a multiline reply that runs to its closing line.
    SpaceOrMulti,
    /// The first line is not checked: one that starts with three digits
    /// and a hyphen opens a reply with that code, and any other line that
    /// does not close the reply is read as one of its lines, as if the
    /// reply had opened before it. The reply takes the code of the line
    /// that closes it.
    Unchecked,
}

/// What happens to a line between replies that cannot open one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum StrayLines {
    /// It is an error.
    Error,
    /// A line that does not start with three digits is skipped; its bytes
    /// go with the next reply on the wire but not into its lines.
    SkipUncoded,
    /// A line of three bytes or fewer (an empty line, a bare code) is
    /// skipped in the same way; a longer line must open a reply.
    SkipShort,
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
    /// CR LF or LF alone ends a line. A CR followed by anything but LF is a
    /// byte of the text, and so is the byte after it.
    CrLfOrLf,
    /// Only CR LF ends a line; a LF alone and a CR alone are bytes of the
    /// text, so a server that ends its lines with LF never ends one.
    CrLfOnly,
    /// CR LF, LF alone and CR alone each end a line (universal newlines):
    /// a CR inside a line's text cuts it in two.
    Any,
}

/// How Telnet commands (RFC 854), which may appear anywhere in the control
/// connection, are read.
///
/// In [`Telnet::Strict`] and [`Telnet::Lenient`], IAC IAC is one 0xFF byte
/// of text; IAC WILL/WONT/DO/DONT and its option byte, the two-byte
/// commands (NOP, DM, IP, GA, ...) and an IAC SB ... IAC SE subnegotiation
/// are dropped. Their bytes still count towards the line length limit, so
/// a stream of Telnet commands cannot grow without bound.
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
    /// IAC and the byte after it are dropped, whatever that byte is (IAC
    /// IAC leaves one 0xFF); after WILL, WONT, DO or DONT the option byte
    /// is dropped too. Subnegotiations are not understood: after IAC SB
    /// the bytes are text again.
    DropPairs,
    /// 0xFF is an ordinary byte; nothing is dropped.
    Off,
}

/// The parser's policy. Start from [`Config::rfc`] (the default), from
/// one client's reading ([`Rule::config`](super::Rule::config)) or from
/// [`Config::lenient`], and change single fields:
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
    /// Which line ends a multiline reply. Under [`EndRule::AnyCode`] the
    /// closing line's code can differ from the opening one; the reply then
    /// takes the closing code, the one the server's last word carries and
    /// the one a client must act on (glFTPd's `553-` ... `150` means the
    /// transfer starts), and the opening code stays available.
    pub end_rule: EndRule,
    /// What the first line may look like after its code.
    pub opening: Opening,
    /// What happens to lines between replies that cannot open one.
    pub stray_lines: StrayLines,
    /// Which bytes end a line.
    pub line_ends: LineEnds,
    /// Under [`Opening::Strict`], [`EndRule::SameCode`] and
    /// [`EndRule::AnyCode`]: whether a line
    /// that is only a code (`250`, no space) is a complete line: it closes
    /// a multiline reply (RFC 3659 §7.2 allows `250` alone to close an MLST
    /// reply) or is a single-line reply with empty text (libunftp sends
    /// `NNN` for an empty message). When false, such a line opening a reply
    /// is an error and inside a multiline reply it is an inner line, as Go
    /// and Commons Net read it. The other rules say themselves what a bare
    /// code does.
    pub bare_code_line: bool,
    /// How Telnet commands are read.
    pub telnet: Telnet,
    /// Whether a NUL byte in a line is an error ([`NulByte`]) rather than
    /// text (CR NUL under [`LineEnds::CrLf`] is a CR, never an error).
    ///
    /// [`NulByte`]: super::ErrorKind::NulByte
    pub reject_nul: bool,
    /// Whether the text must be UTF-8 ([`InvalidUtf8`]) rather than any
    /// bytes.
    ///
    /// [`InvalidUtf8`]: super::ErrorKind::InvalidUtf8
    pub utf8: bool,
    /// Whether the end of the input ends the line in progress: a last line
    /// without its line end is then read as a line when
    /// [`ReplyDecoder::finish`](super::ReplyDecoder::finish) is called.
    /// [`parse`](super::parse) never knows the input has ended and returns
    /// `Partial`.
    pub eof_ends_line: bool,
    /// The longest line accepted, in bytes on the wire: code and Telnet
    /// commands count, the line end does not. Default 8 KiB, Python
    /// ftplib's `MAXLINE`. `usize::MAX` means no limit.
    pub max_line_len: usize,
    /// The most lines one reply may have, first and last included. Default
    /// 1024: FEAT, HELP and the longest banners stay under 100 lines, and
    /// 1024 lines of 8 KiB bound a reply in memory to 8 MiB. `STAT` of a
    /// large directory lists one file per line and may need more. Values
    /// below 1 act as 1 (only single-line replies); `usize::MAX` means no
    /// limit.
    pub max_lines: usize,
}

impl Config {
    /// Default [`Config::max_line_len`].
    pub const DEFAULT_MAX_LINE_LEN: usize = 8 * 1024;
    /// Default [`Config::max_lines`].
    pub const DEFAULT_MAX_LINES: usize = 1024;

    /// The RFCs as written: same code and a space ends a reply (RFC 959
    /// §4.2), lines end with CR LF, a bare `NNN` closes a reply (RFC 3659),
    /// Telnet commands are read strictly, 8 KiB lines, 1024 lines a reply,
    /// and a reply cut off by the end of the input is an error.
    pub const fn rfc() -> Config {
        Config {
            end_rule: EndRule::SameCode,
            opening: Opening::Strict,
            stray_lines: StrayLines::Error,
            line_ends: LineEnds::CrLf,
            bare_code_line: true,
            telnet: Telnet::Strict,
            reject_nul: false,
            utf8: false,
            eof_ends_line: false,
            max_line_len: Config::DEFAULT_MAX_LINE_LEN,
            max_lines: Config::DEFAULT_MAX_LINES,
        }
    }

    /// A tolerant reading that is no one client's: any code and a space
    /// ends a reply, LF alone ends a line, a bare `NNN` closes a reply, a
    /// lone IAC is text; the first line and the limits as in
    /// [`Config::rfc`]. For tools that must get through odd servers
    /// without copying a client's quirks.
    pub const fn lenient() -> Config {
        Config {
            end_rule: EndRule::AnyCode,
            line_ends: LineEnds::CrLfOrLf,
            telnet: Telnet::Lenient,
            ..Config::rfc()
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

    /// This configuration with another first-line rule.
    pub const fn with_opening(mut self, opening: Opening) -> Config {
        self.opening = opening;
        self
    }

    /// This configuration with stray lines between replies read otherwise.
    pub const fn with_stray_lines(mut self, stray_lines: StrayLines) -> Config {
        self.stray_lines = stray_lines;
        self
    }

    /// This configuration with NUL bytes rejected or not.
    pub const fn with_reject_nul(mut self, reject: bool) -> Config {
        self.reject_nul = reject;
        self
    }

    /// This configuration with UTF-8 required or not.
    pub const fn with_utf8(mut self, utf8: bool) -> Config {
        self.utf8 = utf8;
        self
    }

    /// This configuration with the end of the input ending a line or not.
    pub const fn with_eof_ends_line(mut self, ends: bool) -> Config {
        self.eof_ends_line = ends;
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
