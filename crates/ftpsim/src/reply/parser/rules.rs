//! One reading rule per real client, each as that client's source code
//! reads a reply, and the readings of the same bytes side by side.
//!
//! A rule is a [`Config`]: what ends a line, which line ends a reply, what
//! a first line may look like, what happens to stray lines, the limits,
//! Telnet and the text encoding. What a client does after it has read a
//! reply (ftplib raising `error_temp` on a 4yz, curl turning a 421 into
//! exit 28) is not reading and is not here.
//!
//! Two limits hold for every rule. A reply code here is three digits whose
//! first is 1 to 6: Go and lftp also take 7yz to 9yz, ftplib and FileZilla
//! take any three characters; such lines are errors (or, for lftp, stray
//! lines) here. And the lines of a reply are its text as this parser keeps
//! it (inner lines whole, the code and separator off the first and closing
//! lines), whatever each client then makes of the text.

use alloc::vec::Vec;

use super::config::{Config, EndRule, LineEnds, Opening, StrayLines, Telnet};
use super::decoder::{ParsedReply, ReplyDecoder};
use super::error::ParseError;
use crate::lang::{Lang, Text};

/// A client whose way of reading replies the parser can take on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Rule {
    /// RFC 959 §4.2 as written ([`Config::rfc`]): a reply ends at a line
    /// with its own code and a space (or, RFC 3659, the bare code); only
    /// CR LF ends a line (CR NUL is a CR, RFC 2640); Telnet commands are
    /// undone (RFC 854) and IAC before a byte that is no command is an
    /// error; 8 KiB lines, 1024 lines a reply; a reply cut off by the end
    /// of the input is an error.
    Rfc,
    /// CPython `Lib/ftplib.py`, `FTP.getline` and `FTP.getmultiline`. The
    /// socket is read through `makefile('r', encoding='utf-8')`: universal
    /// newlines (CR LF, LF and a lone CR each end a line) and strict UTF-8
    /// decoding (a Latin-1 byte raises `UnicodeDecodeError`). `getline`
    /// reads at most `MAXLINE + 1` = 8193 characters and raises "got more
    /// than 8192 bytes" past 8192 with the newline, so a line holds 8191
    /// (characters, not bytes, beyond ASCII). `getmultiline`: a fourth
    /// character `-` opens a multiline reply, anything else (a space, a
    /// bare code) makes a one-line reply; the reply ends at a line that
    /// starts with the same code and whose fourth character is not `-`
    /// (so the bare `250` of RFC 3659 closes it). A last line without its
    /// line end is still a line. No Telnet, no NUL check, no line count
    /// limit. `getresp` then raises `error_proto` unless the first
    /// character is 1 to 5.
    Ftplib,
    /// Go `src/net/textproto/reader.go`, `Reader.ReadResponse`,
    /// `readCodeLine` and `parseCodeLine`. `ReadLine` ends a line at LF and
    /// drops a CR before it (a CR elsewhere is text); no length limit. The
    /// first line needs four characters, a space or `-` in the fourth, and
    /// a code from 100 to 999 ("short response", "invalid response code"
    /// otherwise), so a bare `250` is an error. A multiline reply ends only
    /// at the same code and a space; every other line, a bare code
    /// included, is text. At the end of the input the last line counts
    /// even without its LF. No Telnet, no encoding check. Go takes `NNN-`
    /// off inner lines that carry the same code; the lines here keep it.
    Go,
    /// curl `lib/pingpong.c` `Curl_pp_readresp` and `lib/ftp.c`
    /// `ftp_endofresp` (`LASTLINE`). Lines end at LF (a CR before it stays
    /// in the line but ends no test); a NUL in a line is refused ("Nul
    /// byte in server response line", `CURLE_WEIRD_SERVER_REPLY`). Any line
    /// that starts with three digits and a space ends the reply and gives
    /// its code; no other line is checked, so a first line without a code
    /// is read as part of the reply, and a bare code never ends one. The
    /// unfinished line lives in a 64 KiB buffer (`DYN_PINGPPONG_CMD`) that
    /// also holds its line end and a NUL; where a longer line fails depends
    /// on how the bytes arrive, 65 533 bytes is the limit used here. A
    /// connection closed inside a reply is "response reading failed".
    Curl,
    /// suppaftp (10.0.1) `crates/suppaftp/src/sync_ftp.rs`
    /// `ImplFtpStream::read_response_in`, `read_line` and
    /// `code_from_buffer` (the async backends read the same way). Lines are
    /// read with `read_until(b'\n')`: LF ends a line, no length limit, the
    /// text stays bytes. The first line needs five bytes with its line end
    /// and three digits (`BadResponse` otherwise); a space after them makes
    /// a one-line reply, anything else (a bare code with its CR LF, `220x`)
    /// opens a multiline one. Any line of three digits and a space ends
    /// it, and a different closing code wins (PR #169, for glFTPd). At the
    /// end of the input a last line without its LF still counts. No Telnet.
    /// Not modelled: a bare `220` with LF alone is four bytes and so a
    /// `BadResponse`, and after a `211-` opener `feat()` reads the lines
    /// itself.
    Suppaftp,
    /// Apache Commons Net `src/main/java/org/apache/commons/net/ftp/FTP.java`
    /// `getReply`, `lenientCheck`, read through
    /// `org.apache.commons.net.io.CRLFLineReader.readLine`, with the
    /// defaults (lenient multiline parsing, NET-173; strict reply parsing,
    /// NET-611; ISO-8859-1). Only CR LF ends a line: a LF or CR alone is
    /// text (NET-401), so a server that ends lines with LF never ends one.
    /// The first line needs three digits then a space or `-`
    /// (`MalformedServerReplyException`: "Truncated server reply" for a
    /// bare code, "Invalid server reply" for another separator). A
    /// multiline reply ends at any line of more than three characters that
    /// starts with a digit and has no `-` fourth, and keeps the first
    /// line's code (`426-` ... `226 done` is a 426). A last line without
    /// CR LF still counts. No Telnet, no limits.
    CommonsNet,
    /// lftp `src/ftpclass.cc`, `Ftp::ReceiveOneLine`, `Ftp::ReceiveResp`
    /// and `TelnetDecode::PutTranslated`, with `ftp:strict-multiline` off
    /// (the default). Telnet is undone first: IAC IAC is 0xFF, IAC and the
    /// byte after it are dropped, and after WILL/WONT/DO/DONT the option
    /// too. A line ends at CR LF; a LF alone ends one only once it is the
    /// last byte received and five seconds have passed ("server bug:
    /// single `<NL>`"), which for a server that waits for a command is every
    /// time, so LF ends a line here. A line without three digits at its
    /// start is skipped between replies and is text inside one. A fourth
    /// character `-` opens a multiline reply, anything else (a bare code
    /// too) makes a one-line one; a multiline reply ends at any code
    /// followed by a space, whose code wins. At the end of the input a last
    /// line counts. No line limit (the text kept for display stops growing
    /// at 16 KiB). lftp also turns a NUL not after CR into `!`.
    Lftp,
    /// FileZilla `src/engine/ftp/ftpcontrolsocket.cpp`,
    /// `CFtpControlSocket::OnReceive` and `ParseLine`. CR, LF and NUL each
    /// end a line and empty lines are dropped (so CR LF is one line end).
    /// A line of three bytes or fewer is ignored everywhere, a bare code
    /// included. A fourth character `-` opens a multiline reply, anything
    /// else makes a one-line reply; a multiline reply ends only at the same
    /// three characters and a space. A line that fills the 64 KiB receive
    /// buffer ("Received too long response line from server") and a reply
    /// of more than 10 000 lines before its closing one ("Received
    /// multi-line response with more than %u lines") close the connection.
    /// The text is read as UTF-8, or in the local character set when it is
    /// not. No Telnet. Not modelled: a NUL ends a line, and a short line
    /// that is not digits (`ab`) is ignored, where here it is an error.
    Filezilla,
}

impl Rule {
    /// Every rule, the RFC first, then the clients.
    pub const ALL: [Rule; 8] = [
        Rule::Rfc,
        Rule::Ftplib,
        Rule::Go,
        Rule::Curl,
        Rule::Suppaftp,
        Rule::CommonsNet,
        Rule::Lftp,
        Rule::Filezilla,
    ];

    /// The name on the command line and in URLs.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::Rfc => "rfc",
            Rule::Ftplib => "ftplib",
            Rule::Go => "go",
            Rule::Curl => "curl",
            Rule::Suppaftp => "suppaftp",
            Rule::CommonsNet => "commons-net",
            Rule::Lftp => "lftp",
            Rule::Filezilla => "filezilla",
        }
    }

    /// The rule a name stands for, ignoring case.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL
            .into_iter()
            .find(|rule| rule.name().eq_ignore_ascii_case(name))
    }

    /// The client, as people call it.
    pub const fn label(self) -> &'static str {
        match self {
            Rule::Rfc => "RFC 959",
            Rule::Ftplib => "Python ftplib",
            Rule::Go => "Go net/textproto",
            Rule::Curl => "curl",
            Rule::Suppaftp => "suppaftp",
            Rule::CommonsNet => "Apache Commons Net",
            Rule::Lftp => "lftp",
            Rule::Filezilla => "FileZilla",
        }
    }

    /// Where the rule was read: file and functions.
    pub const fn source(self) -> &'static str {
        match self {
            Rule::Rfc => "RFC 959 §4.2, RFC 854, RFC 2640, RFC 3659 §7.2",
            Rule::Ftplib => "CPython Lib/ftplib.py: FTP.getline, FTP.getmultiline",
            Rule::Go => "Go src/net/textproto/reader.go: Reader.ReadResponse, parseCodeLine",
            Rule::Curl => "curl lib/pingpong.c: Curl_pp_readresp; lib/ftp.c: ftp_endofresp",
            Rule::Suppaftp => "suppaftp src/sync_ftp.rs: read_response_in, read_line",
            Rule::CommonsNet => {
                "Commons Net ftp/FTP.java: getReply, lenientCheck; io/CRLFLineReader.java"
            }
            Rule::Lftp => "lftp src/ftpclass.cc: Ftp::ReceiveOneLine, Ftp::ReceiveResp",
            Rule::Filezilla => {
                "FileZilla src/engine/ftp/ftpcontrolsocket.cpp: OnReceive, ParseLine"
            }
        }
    }

    /// What the rule does, in one sentence.
    pub const fn about(self, lang: Lang) -> &'static str {
        let text = match self {
            Rule::Rfc => Text {
                en: "Only CR LF ends a line; a multiline reply ends at its own code and a space (or the bare code); Telnet is undone strictly; 8 KiB lines.",
                fr: "Seul CR LF finit une ligne ; une réponse sur plusieurs lignes finit à son propre code suivi d'une espace (ou au code seul) ; le Telnet est décodé strictement ; lignes de 8 Kio.",
            },
            Rule::Ftplib => Text {
                en: "CR LF, LF or a lone CR ends a line; the reply ends at its own code not followed by a hyphen; text must be UTF-8; lines of 8191 characters.",
                fr: "CR LF, LF ou un CR seul finit une ligne ; la réponse finit à son propre code non suivi d'un tiret ; le texte doit être de l'UTF-8 ; lignes de 8191 caractères.",
            },
            Rule::Go => Text {
                en: "LF ends a line; the first line needs a space or a hyphen after its code; the reply ends only at its own code and a space; no limits.",
                fr: "LF finit une ligne ; la première ligne veut une espace ou un tiret après son code ; la réponse ne finit qu'à son propre code suivi d'une espace ; pas de limite.",
            },
            Rule::Curl => Text {
                en: "LF ends a line; any line of three digits and a space ends the reply, with its code; no other line is checked; a NUL is refused.",
                fr: "LF finit une ligne ; toute ligne de trois chiffres suivis d'une espace finit la réponse, avec son code ; aucune autre ligne n'est vérifiée ; un NUL est refusé.",
            },
            Rule::Suppaftp => Text {
                en: "LF ends a line; a first line without a space after its code opens a multiline reply; any code and a space ends it, with its code.",
                fr: "LF finit une ligne ; une première ligne sans espace après son code ouvre une réponse sur plusieurs lignes ; tout code suivi d'une espace la finit, avec son code.",
            },
            Rule::CommonsNet => Text {
                en: "Only CR LF ends a line (a LF alone is text); any line that starts with a digit and has no hyphen fourth ends the reply, which keeps its first code.",
                fr: "Seul CR LF finit une ligne (un LF seul est du texte) ; toute ligne qui commence par un chiffre sans tiret en quatrième position finit la réponse, qui garde son premier code.",
            },
            Rule::Lftp => Text {
                en: "Telnet is undone; CR LF ends a line, LF alone once the server waits; lines without a code between replies are skipped; any code and a space ends a reply.",
                fr: "Le Telnet est décodé ; CR LF finit une ligne, LF seul quand le serveur attend ; les lignes sans code entre deux réponses sont sautées ; tout code suivi d'une espace finit une réponse.",
            },
            Rule::Filezilla => Text {
                en: "CR, LF or CR LF ends a line; lines of three bytes or fewer are ignored; the reply ends only at its own code and a space; 64 KiB lines, 10 001 lines.",
                fr: "CR, LF ou CR LF finit une ligne ; les lignes de trois octets ou moins sont ignorées ; la réponse ne finit qu'à son propre code suivi d'une espace ; lignes de 64 Kio, 10 001 lignes.",
            },
        };
        text.of(lang)
    }

    /// The parser configuration that reads as this client does.
    pub const fn config(self) -> Config {
        let client = Config {
            telnet: Telnet::Off,
            bare_code_line: false,
            eof_ends_line: true,
            max_line_len: usize::MAX,
            max_lines: usize::MAX,
            ..Config::rfc()
        };
        match self {
            Rule::Rfc => Config::rfc(),
            Rule::Ftplib => Config {
                end_rule: EndRule::SameCodeNotHyphen,
                opening: Opening::HyphenOrSingle,
                line_ends: LineEnds::Any,
                utf8: true,
                max_line_len: 8191,
                ..client
            },
            Rule::Go => Config {
                line_ends: LineEnds::CrLfOrLf,
                ..client
            },
            Rule::Curl => Config {
                end_rule: EndRule::AnyCode,
                opening: Opening::Unchecked,
                line_ends: LineEnds::CrLfOrLf,
                reject_nul: true,
                eof_ends_line: false,
                max_line_len: 64 * 1024 - 3,
                ..client
            },
            Rule::Suppaftp => Config {
                end_rule: EndRule::AnyCode,
                opening: Opening::SpaceOrMulti,
                line_ends: LineEnds::CrLfOrLf,
                ..client
            },
            Rule::CommonsNet => Config {
                end_rule: EndRule::DigitNotHyphen,
                line_ends: LineEnds::CrLfOnly,
                ..client
            },
            Rule::Lftp => Config {
                end_rule: EndRule::AnyCode,
                opening: Opening::HyphenOrSingle,
                stray_lines: StrayLines::SkipUncoded,
                line_ends: LineEnds::CrLfOrLf,
                telnet: Telnet::DropPairs,
                ..client
            },
            Rule::Filezilla => Config {
                opening: Opening::HyphenOrSingle,
                stray_lines: StrayLines::SkipShort,
                line_ends: LineEnds::Any,
                eof_ends_line: false,
                max_line_len: 64 * 1024 - 1,
                max_lines: 10_001,
                ..client
            },
        }
    }
}

/// How one rule read a stream: the replies, then what stopped it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub rule: Rule,
    /// The replies, in order; they tile the stream from byte 0.
    pub replies: Vec<ParsedReply>,
    /// What stopped the parser, if anything did (the end of the input in
    /// the middle of a reply included).
    pub error: Option<ParseError>,
}

impl Reading {
    /// Reads the whole of `bytes` under `rule`, the end of the input
    /// included.
    pub fn of(bytes: &[u8], rule: Rule) -> Reading {
        let mut decoder = ReplyDecoder::new(rule.config());
        let error = decoder.feed(bytes).and_then(|()| decoder.finish()).err();
        Reading {
            rule,
            replies: decoder.replies().collect(),
            error,
        }
    }

    /// Every rule's reading of `bytes`, in the order of [`Rule::ALL`].
    pub fn all(bytes: &[u8]) -> Vec<Reading> {
        Rule::ALL
            .into_iter()
            .map(|rule| Reading::of(bytes, rule))
            .collect()
    }

    /// Whether two readings see the same replies (where each begins and
    /// ends, its codes and lines) and stop at the same error.
    pub fn agrees_with(&self, other: &Reading) -> bool {
        self.error == other.error && self.replies == other.replies
    }

    /// The first byte where two readings differ: where the first reply they
    /// see differently begins, or where one stops and the other goes on.
    /// `None` when they agree.
    pub fn parts_ways_with(&self, other: &Reading) -> Option<u64> {
        if self.agrees_with(other) {
            return None;
        }
        let same = self
            .replies
            .iter()
            .zip(&other.replies)
            .take_while(|(x, y)| x == y)
            .count();
        let start = |replies: &[ParsedReply]| replies.get(same).map(ParsedReply::offset);
        let stop = |error: Option<ParseError>| error.map(|e| e.offset());
        [
            start(&self.replies),
            start(&other.replies),
            stop(self.error),
            stop(other.error),
        ]
        .into_iter()
        .flatten()
        .min()
        .or(Some(0))
    }
}

/// The rules grouped by what they read: rules in one group read the bytes
/// alike, and groups come in the order of their first rule. One group means
/// every rule agrees.
pub fn agreement(readings: &[Reading]) -> Vec<Vec<Rule>> {
    let mut groups: Vec<(usize, Vec<Rule>)> = Vec::new();
    for (index, reading) in readings.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|(first, _)| readings[*first].agrees_with(reading))
        {
            Some((_, rules)) => rules.push(reading.rule),
            None => groups.push((index, alloc::vec![reading.rule])),
        }
    }
    groups.into_iter().map(|(_, rules)| rules).collect()
}
