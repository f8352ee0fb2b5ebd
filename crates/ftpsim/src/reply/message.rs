//! A reply as a value: a code and one or more lines of text.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::{ReplyCode, format};

/// A complete FTP reply.
///
/// `lines[0]` is the text after `NNN-` (or `NNN ` for a single-line reply),
/// the last line is the text after `NNN `, and lines in between are the
/// inner lines exactly as they cross the wire. Text is kept as bytes: real
/// servers send Latin-1 and worse; [`Reply::text`] gives a lossy view.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Reply {
    code: ReplyCode,
    lines: Vec<Vec<u8>>,
}

impl Reply {
    /// A reply whose text is split into lines at CR LF, LF or CR.
    ///
    /// Inner lines that would begin with a digit are padded with one space,
    /// as RFC 959 §4.2 asks, so that no client mistakes them for the end of
    /// the reply.
    pub fn new(code: ReplyCode, text: &str) -> Reply {
        Reply::from_lines(code, split_text_lines(text))
    }

    /// A reply from lines of bytes. A CR or LF inside a line becomes a space
    /// (it must never break the line on the wire) and inner lines that would
    /// begin with a digit are padded with one space.
    pub fn from_lines<I>(code: ReplyCode, lines: I) -> Reply
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        let mut lines: Vec<Vec<u8>> = lines
            .into_iter()
            .map(|line| {
                line.as_ref()
                    .iter()
                    .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b })
                    .collect()
            })
            .collect();
        if lines.is_empty() {
            lines.push(Vec::new());
        }
        let inner_end = lines.len().saturating_sub(1);
        for line in lines.iter_mut().take(inner_end).skip(1) {
            if format::inner_line_needs_padding(line) {
                line.insert(0, b' ');
            }
        }
        Reply { code, lines }
    }

    /// A reply exactly as a parser found it on the wire: no padding, no
    /// rewriting. An empty `lines` becomes one empty line. A line may hold
    /// a CR (the parser reads CR NUL as one); the formatter still writes
    /// CR and LF as spaces and pads inner lines that start with a digit.
    pub fn from_wire_lines(code: ReplyCode, lines: Vec<Vec<u8>>) -> Reply {
        let mut lines = lines;
        if lines.is_empty() {
            lines.push(Vec::new());
        }
        Reply { code, lines }
    }

    pub fn code(&self) -> ReplyCode {
        self.code
    }

    /// The lines of text, never empty.
    pub fn lines(&self) -> &[Vec<u8>] {
        &self.lines
    }

    pub fn is_multiline(&self) -> bool {
        self.lines.len() > 1
    }

    /// The text, lines joined with `\n`, with bytes that are not UTF-8
    /// replaced by U+FFFD.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(&String::from_utf8_lossy(line));
        }
        text
    }

    /// One line as text, lossily.
    pub fn line_text(&self, index: usize) -> Option<Cow<'_, str>> {
        self.lines.get(index).map(|l| String::from_utf8_lossy(l))
    }

    /// Appends the reply's wire form to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        format::write_lines(out, self.code, self.lines.iter().map(Vec::as_slice));
    }

    /// The reply's wire form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out);
        out
    }
}

fn split_text_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
            Some(at) => {
                let skip = if current[at..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[at + skip..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("code", &self.code.get())
            .field(
                "lines",
                &self
                    .lines
                    .iter()
                    .map(|l| String::from_utf8_lossy(l))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// The wire form, lossily decoded, with `\r\n` line ends.
impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(value: u16) -> ReplyCode {
        ReplyCode::new(value).unwrap()
    }

    #[test]
    fn splits_text_at_any_line_end() {
        let reply = Reply::new(code(214), "one\r\ntwo\nthree\rfour");
        assert_eq!(reply.lines().len(), 4);
        assert_eq!(reply.text(), "one\ntwo\nthree\nfour");
        assert_eq!(Reply::new(code(220), "").lines(), [Vec::<u8>::new()]);
    }

    #[test]
    fn pads_only_inner_lines_that_start_with_a_digit() {
        let reply = Reply::new(code(220), "123 first\n220 inner\nplain\n421 last");
        assert_eq!(reply.line_text(0).unwrap(), "123 first");
        assert_eq!(reply.line_text(1).unwrap(), " 220 inner");
        assert_eq!(reply.line_text(2).unwrap(), "plain");
        assert_eq!(reply.line_text(3).unwrap(), "421 last");
    }

    #[test]
    fn control_characters_inside_a_line_become_spaces() {
        let reply = Reply::from_lines(code(257), [&b"\"/a\rb\nc\" created"[..]]);
        assert_eq!(reply.lines(), [b"\"/a b c\" created".to_vec()]);
        assert!(!reply.is_multiline());
    }
}
