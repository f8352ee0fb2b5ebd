//! Writing replies as RFC 959 §4.2 wants them on the wire.
//!
//! - A single line is `NNN text\r\n`; a multiline reply is `NNN-first\r\n`,
//!   inner lines, `NNN last\r\n`.
//! - The code is always followed by a space or a hyphen, even when the text
//!   is empty: a bare `NNN\r\n` hangs strict clients (Commons Net, Go,
//!   suppaftp and curl all wait for more).
//! - An inner line that begins with a digit gets one leading space, so that
//!   neither the RFC rule nor the lenient "any three digits and a space" rule
//!   ends the reply early.
//! - CR and LF inside a line are written as spaces, and 0xFF (Telnet IAC) is
//!   doubled, so no text can break a line or start a Telnet command.

use alloc::vec::Vec;

use super::ReplyCode;

/// Whether an inner line must be padded to keep a client from reading it as
/// the closing line of the reply.
pub(crate) fn inner_line_needs_padding(line: &[u8]) -> bool {
    line.first().is_some_and(u8::is_ascii_digit)
}

/// Appends a single-line reply, `NNN text\r\n`. `text` is one line: any CR
/// or LF in it is written as a space.
///
/// ```
/// use ftpsim::reply::{format, ReplyCode};
///
/// let mut wire = Vec::new();
/// format::write_single(&mut wire, ReplyCode::new(421).unwrap(), "Bye\r\nnow");
/// assert_eq!(wire, b"421 Bye  now\r\n");
/// ```
pub fn write_single(out: &mut Vec<u8>, code: ReplyCode, text: &str) {
    write_lines(out, code, core::iter::once(text.as_bytes()));
}

/// Appends a reply made of `lines` (a single line when there is one).
pub fn write_lines<'a, I>(out: &mut Vec<u8>, code: ReplyCode, lines: I)
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let digits = code.digits();
    let mut lines = lines.into_iter().peekable();
    let mut index = 0usize;
    loop {
        let line = lines.next().unwrap_or(b"");
        let is_last = lines.peek().is_none();
        if index == 0 || is_last {
            out.extend_from_slice(&digits);
            out.push(if is_last { b' ' } else { b'-' });
        } else if inner_line_needs_padding(line) {
            out.push(b' ');
        }
        write_text(out, line);
        out.extend_from_slice(b"\r\n");
        if is_last {
            break;
        }
        index += 1;
    }
}

fn write_text(out: &mut Vec<u8>, text: &[u8]) {
    let mut rest = text;
    while let Some(at) = rest.iter().position(|&b| matches!(b, b'\r' | b'\n' | 0xFF)) {
        out.extend_from_slice(&rest[..at]);
        match rest[at] {
            0xFF => out.extend_from_slice(&[0xFF, 0xFF]),
            _ => out.push(b' '),
        }
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Reply;

    fn code(value: u16) -> ReplyCode {
        ReplyCode::new(value).unwrap()
    }

    fn wire(reply: &Reply) -> alloc::string::String {
        alloc::string::String::from_utf8(reply.to_bytes()).unwrap()
    }

    #[test]
    fn single_line_reply() {
        assert_eq!(
            wire(&Reply::new(code(220), "Service ready for new user.")),
            "220 Service ready for new user.\r\n"
        );
    }

    #[test]
    fn empty_text_still_has_the_space() {
        assert_eq!(wire(&Reply::new(code(200), "")), "200 \r\n");
        let mut out = Vec::new();
        write_lines(&mut out, code(211), core::iter::empty());
        assert_eq!(out, b"211 \r\n");
    }

    #[test]
    fn multiline_reply_pads_digit_lines() {
        let reply = Reply::new(code(220), "Welcome\n220 not the end\nBye");
        assert_eq!(
            wire(&reply),
            "220-Welcome\r\n 220 not the end\r\n220 Bye\r\n"
        );
        // The last line must carry the code again.
        assert_eq!(
            wire(&Reply::new(code(211), "Features:\n MDTM\nEnd")),
            "211-Features:\r\n MDTM\r\n211 End\r\n"
        );
    }

    #[test]
    fn wire_lines_from_a_parser_are_padded_on_the_way_out() {
        let reply = Reply::from_wire_lines(
            code(220),
            alloc::vec![b"a".to_vec(), b"123 b".to_vec(), b"c".to_vec()],
        );
        assert_eq!(wire(&reply), "220-a\r\n 123 b\r\n220 c\r\n");
    }

    #[test]
    fn control_bytes_never_break_a_line() {
        let mut out = Vec::new();
        write_single(&mut out, code(550), "a\r\nb\rc\nd");
        assert_eq!(out, b"550 a  b c d\r\n");
        let reply = Reply::from_lines(code(214), [&[b'x', 0xFF, b'y'][..]]);
        assert_eq!(
            reply.to_bytes(),
            [b"214 x".as_slice(), &[0xFF, 0xFF], b"y\r\n"].concat()
        );
    }
}
