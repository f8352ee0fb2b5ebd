//! Reply texts as data: a template is a list of pieces, some of which are
//! filled in when the reply is written (the limit that was hit, the
//! operator's shutdown message, the idle timeout).
//!
//! Templates are written straight into the caller's buffer, so a refusal
//! costs no allocation beyond the buffer's own growth.

use alloc::vec::Vec;

use crate::reply::ReplyCode;

/// One piece of a reply text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Literal text.
    Lit(&'static str),
    /// The limit that was reached, in decimal.
    Limit,
    /// The operator's shutdown message.
    Message,
    /// The shutdown message, or this text when the message is empty.
    MessageOr(&'static str),
    /// The idle timeout in whole seconds.
    IdleSeconds,
    /// The user name the client gave.
    User,
    /// The command verb the client sent, upper-cased.
    Verb,
}

/// The values a template may refer to.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Args<'a> {
    pub limit: u32,
    pub message: &'a str,
    pub idle_seconds: u64,
    pub user: &'a [u8],
    pub verb: &'a [u8],
}

/// Appends `code`, a space, the rendered `pieces` and CR LF.
pub(crate) fn write_reply(out: &mut Vec<u8>, code: ReplyCode, pieces: &[Piece], args: &Args<'_>) {
    out.extend_from_slice(&code.digits());
    out.push(b' ');
    write_pieces(out, pieces, args);
    out.extend_from_slice(b"\r\n");
}

/// Appends the rendered `pieces`, with no code and no line end.
pub(crate) fn write_pieces(out: &mut Vec<u8>, pieces: &[Piece], args: &Args<'_>) {
    for piece in pieces {
        match *piece {
            Piece::Lit(text) => out.extend_from_slice(text.as_bytes()),
            Piece::Limit => write_decimal(out, u64::from(args.limit)),
            Piece::Message => write_one_line(out, args.message),
            Piece::MessageOr(fallback) => {
                if args.message.is_empty() {
                    out.extend_from_slice(fallback.as_bytes());
                } else {
                    write_one_line(out, args.message);
                }
            }
            Piece::IdleSeconds => write_decimal(out, args.idle_seconds),
            Piece::User => write_client_bytes(out, args.user),
            Piece::Verb => write_client_bytes(out, args.verb),
        }
    }
}

/// Text from configuration must never break the reply line.
fn write_one_line(out: &mut Vec<u8>, text: &str) {
    out.extend(
        text.bytes()
            .map(|b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
    );
}

/// Bytes from the client, echoed: they must not break the line, and a 0xFF
/// must stay a data byte (doubled, Telnet IAC IAC).
fn write_client_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        match b {
            b'\r' | b'\n' => out.push(b' '),
            0xFF => out.extend_from_slice(&[0xFF, 0xFF]),
            _ => out.push(b),
        }
    }
}

/// Decimal digits without going through `core::fmt` (no allocation, and
/// cheap enough for the simulator's hot path).
pub(crate) fn write_decimal(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Two digits, zero-padded (`%02d`).
pub(crate) fn write_two_digits(out: &mut Vec<u8>, value: u64) {
    out.push(b'0' + (value / 10 % 10) as u8);
    out.push(b'0' + (value % 10) as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_piece() {
        let mut out = Vec::new();
        let pieces = [
            Piece::Lit("a "),
            Piece::Limit,
            Piece::Lit(" "),
            Piece::Message,
            Piece::Lit(" "),
            Piece::IdleSeconds,
        ];
        let args = Args {
            limit: 42,
            message: "x\r\ny",
            ..Args::default()
        };
        write_reply(&mut out, ReplyCode::SERVICE_NOT_AVAILABLE, &pieces, &args);
        assert_eq!(out, b"421 a 42 x  y 0\r\n");
    }

    #[test]
    fn client_bytes_are_escaped() {
        let mut out = Vec::new();
        let args = Args {
            user: b"a\rb\xFFc",
            verb: b"FOO",
            ..Args::default()
        };
        write_pieces(
            &mut out,
            &[Piece::User, Piece::Lit(" "), Piece::Verb],
            &args,
        );
        assert_eq!(out, b"a b\xFF\xFFc FOO");
    }

    #[test]
    fn message_or_falls_back_on_empty_message() {
        let mut out = Vec::new();
        let pieces = [Piece::MessageOr("fallback")];
        write_pieces(&mut out, &pieces, &Args::default());
        assert_eq!(out, b"fallback");
        out.clear();
        let args = Args {
            message: "maint",
            ..Args::default()
        };
        write_pieces(&mut out, &pieces, &args);
        assert_eq!(out, b"maint");
    }

    #[test]
    fn decimals() {
        let mut out = Vec::new();
        write_decimal(&mut out, u64::MAX);
        assert_eq!(out, b"18446744073709551615");
        out.clear();
        write_two_digits(&mut out, 7);
        assert_eq!(out, b"07");
    }
}
