//! What each client's log looks like, reduced to one list of events:
//! a connection starts, the client sends a command, a reply line arrives,
//! the connection closes, the client reports an error of its own.
//!
//! Formats, as the programs write them (read from their sources and
//! checked against logs captured from the programs themselves):
//! - FileZilla's message log: `Status:`, `Command:`, `Response:`,
//!   `Error:`, `Trace:` then a tab, optionally after a time stamp (the
//!   log file adds date, time, process and engine numbers).
//! - WinSCP's session log: a type character (`.` `<` `>` `!` `*`), a
//!   space, a date and time, the text.
//! - `lftp -d`: `---- ` notes, `---> ` commands, `<--- ` replies,
//!   `**** ` errors.
//! - `curl -v`: `* ` notes, `> ` commands, `< ` replies, `curl: (N)` at
//!   the end.
//! - Python ftplib at debug level 1 or 2: `*cmd* '…'`, `*put* '…'`,
//!   `*get* '…'`, `*resp* '…'` (Python string literals), then the
//!   traceback's last line (`ftplib.error_temp: 421 …`, `EOFError`).
//! - A raw capture: reply lines as the server sent them; BSD ftp's
//!   transcript is one.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// The program whose output the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Source {
    // `--json` writes the same names as `key()`: "filezilla", not the
    // "file-zilla" kebab-case would make of the variant.
    FileZilla,
    WinScp,
    Lftp,
    Curl,
    Ftplib,
    /// Reply lines as sent (a packet capture's text, BSD ftp, telnet).
    Raw,
}

impl Source {
    /// A stable name, as `--json` writes it.
    pub const fn key(self) -> &'static str {
        match self {
            Source::FileZilla => "filezilla",
            Source::WinScp => "winscp",
            Source::Lftp => "lftp",
            Source::Curl => "curl",
            Source::Ftplib => "ftplib",
            Source::Raw => "raw",
        }
    }

    /// The key of the client profile in [`crate::clients::ALL`].
    pub const fn client_key(self) -> Option<&'static str> {
        match self {
            Source::Raw => None,
            other => Some(other.key()),
        }
    }
}

/// One thing the log says happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    Connect,
    /// The verb and argument, as logged.
    Command(String),
    ReplyLine(String),
    /// The server closed the connection (as the client saw it).
    Closed,
    /// An error of the client's own, in its words.
    ClientError(String),
}

/// An event and the line (from 1) it was read on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub line: usize,
    pub text: String,
    pub event: Event,
}

/// Which program wrote `text`: the one whose marks most lines carry.
pub(crate) fn detect(text: &str) -> Source {
    let mut votes = [0usize; 6];
    for line in text.lines().take(2000) {
        let index = match line_source(line) {
            Some(Source::FileZilla) => 0,
            Some(Source::WinScp) => 1,
            Some(Source::Lftp) => 2,
            Some(Source::Curl) => 3,
            Some(Source::Ftplib) => 4,
            Some(Source::Raw) => 5,
            None => continue,
        };
        votes[index] += 1;
    }
    // Curl's `< 220` lines would also read as raw ones if the marks were
    // lost; a raw vote only wins where no program left its mark.
    let sources = [
        Source::FileZilla,
        Source::WinScp,
        Source::Lftp,
        Source::Curl,
        Source::Ftplib,
    ];
    let (best, count) = sources
        .iter()
        .zip(votes)
        .max_by_key(|(_, count)| *count)
        .map(|(s, c)| (*s, c))
        .unwrap_or((Source::Raw, 0));
    if count == 0 { Source::Raw } else { best }
}

fn line_source(line: &str) -> Option<Source> {
    if filezilla_parts(line).is_some() {
        return Some(Source::FileZilla);
    }
    if winscp_parts(line).is_some() {
        return Some(Source::WinScp);
    }
    if ["---- ", "---> ", "<--- ", "**** "]
        .iter()
        .any(|p| line.starts_with(p))
    {
        return Some(Source::Lftp);
    }
    if ["*cmd* ", "*put* ", "*get* ", "*resp* ", "*welcome* "]
        .iter()
        .any(|p| line.starts_with(p))
    {
        return Some(Source::Ftplib);
    }
    if line.starts_with("curl: (")
        || line.starts_with("* Trying")
        || line.starts_with("* Connected to")
    {
        return Some(Source::Curl);
    }
    if let Some(rest) = line.strip_prefix("< ")
        && starts_with_code(rest)
    {
        return Some(Source::Curl);
    }
    if starts_with_code(line) {
        return Some(Source::Raw);
    }
    None
}

fn starts_with_code(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 3
        && bytes[..3].iter().all(u8::is_ascii_digit)
        && matches!(bytes.get(3), None | Some(b' ') | Some(b'-'))
}

/// FileZilla's `Kind:` and the text after it, time stamps skipped.
fn filezilla_parts(line: &str) -> Option<(&str, &str)> {
    const KINDS: [&str; 6] = [
        "Status:",
        "Command:",
        "Response:",
        "Error:",
        "Trace:",
        "Listing:",
    ];
    // The kind is the first word that is one, after at most five words
    // of date, time, process and engine numbers.
    let mut rest = line.trim_start();
    for _ in 0..6 {
        for kind in KINDS {
            if let Some(after) = rest.strip_prefix(kind)
                && (after.is_empty() || after.starts_with([' ', '\t']))
            {
                return Some((kind, after.trim_start_matches([' ', '\t'])));
            }
        }
        let word_end = rest.find([' ', '\t'])?;
        let word = &rest[..word_end];
        if !word
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-:./TZ".contains(&b))
        {
            return None;
        }
        rest = rest[word_end..].trim_start();
    }
    None
}

/// WinSCP's type character and the text after the time stamp.
fn winscp_parts(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let kind = chars.next()?;
    if !matches!(kind, '.' | '<' | '>' | '!' | '*') {
        return None;
    }
    let rest = chars.as_str().strip_prefix(' ')?;
    // `2024-05-01 10:20:30.123 `: a date, then a time.
    let (date, rest) = rest.split_once(' ')?;
    let (time, text) = rest.split_once(' ').unwrap_or((rest, ""));
    let date_ok = date.len() == 10 && date.as_bytes()[4] == b'-';
    let time_ok = time.contains(':')
        && time
            .bytes()
            .all(|b| b.is_ascii_digit() || b":.".contains(&b));
    (date_ok && time_ok).then_some((kind, text))
}

/// The events of `text`, read as `source` writes them.
pub(crate) fn events(text: &str, source: Source) -> Vec<Entry> {
    let mut out = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.trim_end_matches('\r');
        let mut push = |event: Event| {
            out.push(Entry {
                line,
                text: raw.to_string(),
                event,
            })
        };
        match source {
            Source::FileZilla => {
                let Some((kind, rest)) = filezilla_parts(raw) else {
                    continue;
                };
                match kind {
                    "Status:" if rest.starts_with("Connecting to") => push(Event::Connect),
                    "Command:" => push(Event::Command(rest.to_string())),
                    "Response:" => push(Event::ReplyLine(rest.to_string())),
                    "Error:" if rest.starts_with("Connection closed by server") => {
                        push(Event::Closed)
                    }
                    "Error:" => push(Event::ClientError(rest.to_string())),
                    _ => {}
                }
            }
            Source::WinScp => {
                let Some((kind, rest)) = winscp_parts(raw) else {
                    continue;
                };
                match kind {
                    '.' if rest.starts_with("Connecting to") => push(Event::Connect),
                    '>' => push(Event::Command(rest.to_string())),
                    '<' => push(Event::ReplyLine(rest.to_string())),
                    '!' | '*' if is_lost_connection(rest) => push(Event::Closed),
                    '!' | '*' => push(Event::ClientError(rest.to_string())),
                    _ => {}
                }
            }
            Source::Lftp => {
                if let Some(rest) = raw.strip_prefix("---- ") {
                    if rest.starts_with("Connecting to") {
                        push(Event::Connect);
                    }
                } else if let Some(rest) = raw.strip_prefix("---> ") {
                    push(Event::Command(rest.to_string()));
                } else if let Some(rest) = raw.strip_prefix("<--- ") {
                    push(Event::ReplyLine(rest.to_string()));
                } else if let Some(rest) = raw.strip_prefix("**** ") {
                    if rest.starts_with("Peer closed connection") {
                        push(Event::Closed);
                    } else {
                        push(Event::ClientError(rest.to_string()));
                    }
                }
            }
            Source::Curl => {
                if let Some(rest) = raw.strip_prefix("* ") {
                    if rest.starts_with("Connected to") {
                        push(Event::Connect);
                    } else if is_lost_connection(rest) {
                        push(Event::Closed);
                    }
                } else if let Some(rest) = raw.strip_prefix("> ") {
                    push(Event::Command(rest.to_string()));
                } else if let Some(rest) = raw.strip_prefix("< ") {
                    push(Event::ReplyLine(rest.to_string()));
                } else if raw.starts_with("curl: (") {
                    push(Event::ClientError(raw.to_string()));
                }
            }
            Source::Ftplib => {
                if let Some(rest) = raw.strip_prefix("*cmd* ") {
                    push(Event::Command(python_literal(rest)));
                } else if let Some(rest) = raw.strip_prefix("*get* ") {
                    push(Event::ReplyLine(python_literal(rest)));
                } else if raw.starts_with("EOFError") {
                    push(Event::Closed);
                } else if raw.starts_with("ConnectionResetError")
                    || raw.starts_with("ConnectionRefusedError")
                    || raw.starts_with("TimeoutError")
                    || raw.starts_with("socket.timeout")
                {
                    push(Event::ClientError(raw.to_string()));
                }
            }
            Source::Raw => {
                if starts_with_code(raw) {
                    push(Event::ReplyLine(raw.to_string()));
                } else if let Some(rest) = raw.strip_prefix("Connected to ") {
                    let _ = rest;
                    push(Event::Connect);
                } else if is_command_line(raw) {
                    push(Event::Command(raw.to_string()));
                } else if !raw.is_empty() {
                    // Inside a multiline reply, lines may begin with
                    // anything; the parser decides.
                    push(Event::ReplyLine(raw.to_string()));
                }
            }
        }
    }
    // ftplib at debug level 1 logs only `*resp*`, whole replies with their
    // lines joined by `\n`; level 2 logs each line as `*get*` as well.
    if source == Source::Ftplib && !out.iter().any(|e| matches!(e.event, Event::ReplyLine(_))) {
        for (index, raw) in text.lines().enumerate() {
            if let Some(rest) = raw.trim_end_matches('\r').strip_prefix("*resp* ") {
                let entry_line = index + 1;
                let insert_at = out.partition_point(|e| e.line < entry_line);
                let lines: Vec<Entry> = python_literal(rest)
                    .split('\n')
                    .map(|l| Entry {
                        line: entry_line,
                        text: raw.to_string(),
                        event: Event::ReplyLine(l.to_string()),
                    })
                    .collect();
                out.splice(insert_at..insert_at, lines);
            }
        }
    }
    out
}

fn is_lost_connection(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "connection closed",
        "lost connection",
        "connection lost",
        "closed by server",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// A line a person typed or a client sent: an upper-case verb of three or
/// four letters, alone or before a space.
fn is_command_line(text: &str) -> bool {
    let verb = text.split(' ').next().unwrap_or("");
    (3..=4).contains(&verb.len()) && verb.bytes().all(|b| b.is_ascii_uppercase())
}

/// The text of a Python string literal (`'…'` or `"…"`), with the escapes
/// ftplib's debug output uses; the closing CRLF is dropped.
fn python_literal(text: &str) -> String {
    let text = text.trim();
    let inner = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .or_else(|| text.strip_prefix('"').and_then(|t| t.strip_suffix('"')))
        .unwrap_or(text);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    let trimmed = out.trim_end_matches(['\r', '\n']).len();
    out.truncate(trimmed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_recognised_by_its_marks() {
        assert_eq!(
            detect(
                "10:00:01\tStatus:\tConnecting to 127.0.0.1:21...\n10:00:01\tResponse:\t421 Too many connections (8) from this IP\n"
            ),
            Source::FileZilla
        );
        assert_eq!(
            detect("2024-05-01 10:00:00 4242 1 Status: Connecting to 127.0.0.1:21...\n"),
            Source::FileZilla
        );
        assert_eq!(
            detect(
                ". 2024-05-01 10:00:00.123 Connecting to 127.0.0.1 ...\n< 2024-05-01 10:00:00.200 421 Too many\n"
            ),
            Source::WinScp
        );
        assert_eq!(
            detect("---- Connecting to h (127.0.0.1) port 21\n<--- 220 x\n"),
            Source::Lftp
        );
        assert_eq!(
            detect("* Connected to h\n< 220 x\n> USER a\n"),
            Source::Curl
        );
        assert_eq!(
            detect("*get* '220 x\\r\\n'\n*resp* '220 x'\n"),
            Source::Ftplib
        );
        assert_eq!(detect("220 x\r\n"), Source::Raw);
        assert_eq!(detect("nothing here"), Source::Raw);
    }

    #[test]
    fn python_literals_are_unescaped() {
        assert_eq!(python_literal("'421 It\\'s full\\r\\n'"), "421 It's full");
        assert_eq!(python_literal("\"220-a\\n220 b\""), "220-a\n220 b");
    }

    #[test]
    fn ftplib_level_one_replies_come_from_resp_lines() {
        let events = events("*resp* '220-a\\n220 b'\n*cmd* 'USER x'\n", Source::Ftplib);
        assert_eq!(events.len(), 3);
        assert_eq!(events[0].event, Event::ReplyLine("220-a".into()));
        assert_eq!(events[1].event, Event::ReplyLine("220 b".into()));
        assert_eq!(events[2].event, Event::Command("USER x".into()));
    }
}
