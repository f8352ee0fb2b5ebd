//! The reply reader: typed text → bytes (with escapes), the core's parser
//! run under every client's rule, and what the page needs to show each
//! byte in its place.

use ftpsim::Lang;
use ftpsim::reply::parser::{Reading, Rule, agreement};

/// What a line break typed in the box stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Newline {
    /// CR LF, the FTP line end: paste a log and read it as the wire had it.
    #[default]
    CrLf,
    /// LF alone, as some servers send.
    Lf,
    /// Nothing: only escapes (`\r\n`) make line ends.
    Ignore,
}

impl Newline {
    pub const ALL: [Newline; 3] = [Newline::CrLf, Newline::Lf, Newline::Ignore];

    /// The name used in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Newline::CrLf => "crlf",
            Newline::Lf => "lf",
            Newline::Ignore => "none",
        }
    }

    pub fn from_key(key: &str) -> Option<Newline> {
        Newline::ALL.into_iter().find(|n| n.key() == key)
    }
}

/// An escape in the box that means no byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscapeError {
    /// Position in the text, in characters from 0 (what a reader counts).
    pub at: usize,
    /// The escape as written, e.g. `\q` or `\x4`.
    pub written: String,
}

impl EscapeError {
    pub fn message(&self, lang: Lang) -> String {
        let position = self.at + 1;
        match lang {
            Lang::En => format!(
                "character {position}: {:?} is not an escape; use \\r \\n \\t \\0 \\\\ or \\xHH (two hex digits)",
                self.written
            ),
            Lang::Fr => format!(
                "caractère {position} : {:?} n'est pas un échappement ; utilisez \\r \\n \\t \\0 \\\\ ou \\xHH (deux chiffres hexadécimaux)",
                self.written
            ),
        }
    }
}

/// Turns the text of the box into the bytes it stands for: `\r`, `\n`,
/// `\t`, `\0`, `\\` and `\xHH` escapes, other characters as UTF-8, typed
/// line breaks as `newline` says.
pub fn decode(text: &str, newline: Newline) -> Result<Vec<u8>, EscapeError> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().enumerate().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                let Some((_, next)) = chars.next() else {
                    return Err(EscapeError {
                        at,
                        written: "\\".into(),
                    });
                };
                match next {
                    'r' => out.push(b'\r'),
                    'n' => out.push(b'\n'),
                    't' => out.push(b'\t'),
                    '0' => out.push(0),
                    '\\' => out.push(b'\\'),
                    'x' => {
                        let high = chars.next().map(|(_, c)| c);
                        let low = chars.next().map(|(_, c)| c);
                        let value = high
                            .zip(low)
                            .and_then(|(h, l)| Some(h.to_digit(16)? * 16 + l.to_digit(16)?));
                        match value {
                            Some(value) => out.push(value as u8),
                            None => {
                                let mut written = String::from("\\x");
                                written.extend(high);
                                written.extend(low);
                                return Err(EscapeError { at, written });
                            }
                        }
                    }
                    other => {
                        return Err(EscapeError {
                            at,
                            written: format!("\\{other}"),
                        });
                    }
                }
            }
            '\r' => {
                // A pasted CR LF is one typed line break.
                if chars.peek().map(|&(_, c)| c) == Some('\n') {
                    chars.next();
                }
                push_newline(&mut out, newline);
            }
            '\n' => push_newline(&mut out, newline),
            c => {
                let mut buffer = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    Ok(out)
}

fn push_newline(out: &mut Vec<u8>, newline: Newline) {
    match newline {
        Newline::CrLf => out.extend_from_slice(b"\r\n"),
        Newline::Lf => out.push(b'\n'),
        Newline::Ignore => {}
    }
}

/// Writes bytes back as box text: printable ASCII as it is, everything else
/// escaped, so that `decode(&escape(b), Newline::Ignore) == b`.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            0 => out.push_str("\\0"),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02X}")),
        }
    }
    out
}

/// How one rule read the bytes: the core's [`Reading`].
pub fn read(bytes: &[u8], rule: Rule) -> Reading {
    Reading::of(bytes, rule)
}

/// Every rule's reading, grouped by agreement, and the first byte where two
/// rules read differently (`None` when all agree).
#[derive(Clone, Debug)]
pub struct Comparison {
    pub readings: Vec<Reading>,
    pub groups: Vec<Vec<Rule>>,
    pub part_ways_at: Option<u64>,
}

pub fn compare(bytes: &[u8]) -> Comparison {
    let readings = Reading::all(bytes);
    let groups = agreement(&readings);
    let part_ways_at = readings
        .iter()
        .skip(1)
        .filter_map(|other| readings[0].parts_ways_with(other))
        .min();
    Comparison {
        readings,
        groups,
        part_ways_at,
    }
}

/// What a stretch of bytes is, for colouring the wire view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Part of the reply with this index.
    Reply(usize),
    /// Read into a reply the parser did not finish.
    Unfinished,
    /// The byte the error names.
    Error,
    /// Not read: after the error.
    Unread,
}

/// A run of consecutive bytes with the same role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub role: Role,
}

/// The bytes cut into spans by role, in order, covering `0..bytes_len`;
/// an error at the very end (input ended too soon) adds an empty
/// `Error` span at `bytes_len`.
pub fn spans(bytes_len: usize, reading: &Reading) -> Vec<Span> {
    let error_at = reading
        .error
        .map(|e| usize::try_from(e.offset()).unwrap_or(usize::MAX));
    let role_of = |i: usize| -> Role {
        if let Some(index) = reading
            .replies
            .iter()
            .position(|r| (r.offset() as usize..r.end() as usize).contains(&i))
        {
            return Role::Reply(index);
        }
        match error_at {
            Some(at) if i == at => Role::Error,
            Some(at) if i > at => Role::Unread,
            _ => Role::Unfinished,
        }
    };
    let mut out: Vec<Span> = Vec::new();
    for i in 0..bytes_len {
        let role = role_of(i);
        match out.last_mut() {
            Some(last) if last.role == role && role != Role::Error => last.end = i + 1,
            _ => out.push(Span {
                start: i,
                end: i + 1,
                role,
            }),
        }
    }
    if error_at == Some(bytes_len) {
        out.push(Span {
            start: bytes_len,
            end: bytes_len,
            role: Role::Error,
        });
    }
    out
}

/// A piece of the wire view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Glyph {
    /// Printable ASCII, as it is.
    Text(String),
    /// A control byte by its name: `CR`, `LF`, `TAB`, `NUL`, `IAC`; after
    /// `LF` the view breaks the line.
    Control(&'static str),
    /// Any other byte, in hex.
    Hex(u8),
}

/// Bytes as the wire view shows them. Names rather than Unicode control
/// pictures, which many fonts lack.
pub fn visible(bytes: &[u8]) -> Vec<Glyph> {
    let mut out: Vec<Glyph> = Vec::new();
    for &b in bytes {
        let glyph = match b {
            b'\r' => Glyph::Control("CR"),
            b'\n' => Glyph::Control("LF"),
            b'\t' => Glyph::Control("TAB"),
            0 => Glyph::Control("NUL"),
            0xff => Glyph::Control("IAC"),
            0x20..=0x7e => {
                if let Some(Glyph::Text(text)) = out.last_mut() {
                    text.push(char::from(b));
                    continue;
                }
                Glyph::Text(char::from(b).to_string())
            }
            _ => Glyph::Hex(b),
        };
        out.push(glyph);
    }
    out
}

/// A ready-made input that shows where the rules part ways.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    pub key: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
    /// Box text, escapes only (no typed line breaks).
    pub raw: &'static str,
}

impl Example {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Fr => self.fr,
        }
    }
}

pub const EXAMPLES: &[Example] = &[
    Example {
        key: "refused",
        en: "Refused at connect",
        fr: "Refus à la connexion",
        raw: "421 Too many users, please try later.\\r\\n",
    },
    Example {
        key: "multiline",
        en: "Multiline greeting",
        fr: "Accueil sur plusieurs lignes",
        raw: "220---------- Welcome to Pure-FTPd ----------\\r\\n220-You are user number 3 of 50 allowed.\\r\\n220 You will be disconnected after 15 minutes of inactivity.\\r\\n",
    },
    Example {
        key: "glftpd",
        en: "553- closed by 150 (glFTPd)",
        fr: "553- fermée par 150 (glFTPd)",
        raw: "553-Error: the file exists.\\r\\n150 Opening BINARY mode data connection.\\r\\n",
    },
    Example {
        key: "unpadded",
        en: "Unpadded inner line",
        fr: "Ligne intérieure non indentée",
        raw: "211-Status of the server:\\r\\n123 files in the queue\\r\\n211 End of status\\r\\n",
    },
    Example {
        key: "bare-lf",
        en: "Bare LF line ends",
        fr: "Fins de ligne en LF seul",
        raw: "220 Ready\\n331 Password required\\n",
    },
    Example {
        key: "latin1",
        en: "Latin-1 ÿ without IAC IAC",
        fr: "ÿ en Latin-1 sans IAC IAC",
        raw: "220 Bienvenue \\xFF Paris\\r\\n",
    },
    Example {
        key: "cut",
        en: "Cut short",
        fr: "Coupé en route",
        raw: "220-Welcome\\r\\n220-still talking",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use ftpsim::reply::parser::ErrorKind;

    #[test]
    fn decodes_escapes_and_typed_line_breaks() {
        assert_eq!(
            decode("220 ok\\r\\n", Newline::Ignore).unwrap(),
            b"220 ok\r\n"
        );
        assert_eq!(
            decode("a\\t\\0\\\\\\x41\\xff", Newline::Ignore).unwrap(),
            b"a\t\0\\A\xff"
        );
        assert_eq!(decode("a\nb\r\nc", Newline::CrLf).unwrap(), b"a\r\nb\r\nc");
        assert_eq!(decode("a\nb", Newline::Lf).unwrap(), b"a\nb");
        assert_eq!(decode("a\nb", Newline::Ignore).unwrap(), b"ab");
        assert_eq!(decode("é", Newline::Ignore).unwrap(), "é".as_bytes());
    }

    #[test]
    fn names_the_bad_escape_and_where_it_is() {
        let err = decode("220 a\\q", Newline::CrLf).unwrap_err();
        assert_eq!((err.at, err.written.as_str()), (5, "\\q"));
        assert_eq!(
            err.message(Lang::En),
            "character 6: \"\\\\q\" is not an escape; use \\r \\n \\t \\0 \\\\ or \\xHH (two hex digits)"
        );
        assert!(err.message(Lang::Fr).starts_with("caractère 6 :"));
        assert_eq!(decode("é\\x4", Newline::CrLf).unwrap_err().written, "\\x4");
        assert_eq!(decode("\\xg1", Newline::CrLf).unwrap_err().at, 0);
        assert_eq!(decode("end\\", Newline::CrLf).unwrap_err().at, 3);
    }

    #[test]
    fn escaping_round_trips_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&escape(&all), Newline::Ignore).unwrap(), all);
    }

    #[test]
    fn the_rules_part_ways_where_the_examples_say() {
        let bytes = |key: &str| {
            let example = EXAMPLES.iter().find(|e| e.key == key).unwrap();
            decode(example.raw, Newline::Ignore).unwrap()
        };
        // Every rule agrees on a plain refusal and on Pure-FTPd's banner.
        for key in ["refused", "multiline"] {
            let comparison = compare(&bytes(key));
            assert_eq!(comparison.groups.len(), 1, "{key}");
            assert_eq!(comparison.part_ways_at, None);
            assert_eq!(comparison.readings[0].replies.len(), 1);
            assert!(comparison.readings[0].error.is_none());
        }
        // glFTPd: the RFC rule waits for "553 " and runs out of input; curl
        // takes the 150.
        let b = bytes("glftpd");
        let rfc = read(&b, Rule::Rfc);
        assert!(rfc.replies.is_empty());
        assert!(matches!(
            rfc.error.unwrap().kind(),
            ErrorKind::UnexpectedEnd { .. }
        ));
        let curl = read(&b, Rule::Curl);
        assert_eq!(curl.replies[0].code().get(), 150);
        assert_eq!(curl.replies[0].opening_code().get(), 553);
        assert_eq!(compare(&b).part_ways_at, Some(0));
        // An unpadded inner line ends curl's reply early.
        let b = bytes("unpadded");
        assert_eq!(read(&b, Rule::Rfc).replies.len(), 1);
        assert_eq!(read(&b, Rule::Curl).replies.len(), 2);
        assert_eq!(compare(&b).part_ways_at, Some(0));
        // Bare LF: an error at byte 9 under the RFC, two replies for Go,
        // one long unfinished line for Commons Net.
        let b = bytes("bare-lf");
        let rfc = read(&b, Rule::Rfc);
        assert_eq!(rfc.error.unwrap().offset(), 9);
        assert!(matches!(rfc.error.unwrap().kind(), ErrorKind::BareLf));
        assert_eq!(read(&b, Rule::Go).replies.len(), 2);
        assert_eq!(read(&b, Rule::CommonsNet).replies.len(), 1);
        // A lone 0xFF: an error for the RFC's Telnet, text for Go, dropped
        // with the byte after it by lftp.
        let b = bytes("latin1");
        assert!(read(&b, Rule::Rfc).error.is_some());
        assert!(read(&b, Rule::Go).error.is_none());
        let lftp = read(&b, Rule::Lftp);
        assert_eq!(lftp.replies[0].reply().lines()[0], b"Bienvenue Paris");
    }

    #[test]
    fn spans_cover_every_byte_and_mark_the_error() {
        let b = decode("220 a\\r\\n331 b\\nxyz", Newline::Ignore).unwrap();
        let reading = read(&b, Rule::Rfc);
        let spans = spans(b.len(), &reading);
        assert_eq!(
            spans[0],
            Span {
                start: 0,
                end: 7,
                role: Role::Reply(0)
            }
        );
        let error = reading.error.unwrap().offset() as usize;
        assert!(
            spans
                .iter()
                .any(|s| s.role == Role::Error && s.start == error)
        );
        assert_eq!(spans.last().unwrap().role, Role::Unread);
        // Spans tile the input.
        let mut next = 0;
        for span in &spans {
            assert_eq!(span.start, next);
            next = span.end;
        }
        assert_eq!(next, b.len());
        // An input that ends too soon gets an error mark after its last byte.
        let cut = decode("220-a\\r\\n", Newline::Ignore).unwrap();
        let spans = super::spans(cut.len(), &read(&cut, Rule::Rfc));
        assert_eq!(
            spans.last().unwrap(),
            &Span {
                start: 7,
                end: 7,
                role: Role::Error
            }
        );
        assert_eq!(spans[0].role, Role::Unfinished);
    }

    #[test]
    fn shows_bytes_visibly() {
        assert_eq!(
            visible(b"220 a\r\n\t\0\xff\x80b"),
            [
                Glyph::Text("220 a".into()),
                Glyph::Control("CR"),
                Glyph::Control("LF"),
                Glyph::Control("TAB"),
                Glyph::Control("NUL"),
                Glyph::Control("IAC"),
                Glyph::Hex(0x80),
                Glyph::Text("b".into()),
            ]
        );
    }

    #[test]
    fn errors_read_in_both_languages() {
        let b = decode("220 Ready\\n", Newline::Ignore).unwrap();
        let error = read(&b, Rule::Rfc).error.unwrap();
        assert_eq!(
            error.message(Lang::En),
            "at byte 9: line ends with LF alone; this configuration requires CR LF, as RFC 959 does (most clients, ftplib, Go and curl among them, accept LF alone)"
        );
        assert_eq!(
            error.message(Lang::Fr),
            "à l'octet 9 : la ligne finit par LF seul ; cette configuration exige CR LF, comme la RFC 959 (la plupart des clients, dont ftplib, Go et curl, acceptent LF seul)"
        );
        for example in EXAMPLES {
            let b = decode(example.raw, Newline::Ignore).unwrap();
            for rule in Rule::ALL {
                if let Some(error) = read(&b, rule).error {
                    let fr = error.message(Lang::Fr);
                    assert!(fr.starts_with("à l'octet"), "{fr}");
                    assert_ne!(fr, error.message(Lang::En));
                }
            }
        }
    }
}
