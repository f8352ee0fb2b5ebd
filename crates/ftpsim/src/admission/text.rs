//! Reply texts as data: a template is a list of pieces, some of which are
//! filled in when the reply is written (the limit that was hit, the
//! operator's shutdown message, the idle timeout).
//!
//! Templates are written straight into the caller's buffer, so a refusal
//! costs no allocation beyond the buffer's own growth.

use alloc::vec::Vec;
use core::fmt::Write as _;

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
    /// The command's argument as the client sent it (a file name).
    Arg,
    /// The absolute path the command resolved to, double quotes doubled
    /// (RFC 959 appendix II, for 257 replies).
    Path,
    /// [`Piece::Path`] as it is, quotes not doubled: what servers write
    /// outside 257 replies (measured: Pure-FTPd's and pyftpdlib's CWD).
    PlainPath,
    /// A number: a size, an offset, a count.
    Number,
    /// Bytes left to send from the restart offset (ProFTPD's RETR 150).
    Remaining,
    /// `h1,h2,h3,h4,p1,p2` of a PASV reply.
    PasvAddress,
    /// A data port.
    Port,
    /// An address the client named (PORT, EPRT).
    Host,
    /// The control connection's peer address.
    Peer,
    /// `ASCII` or `BINARY`, after TYPE.
    Mode,
    /// Pure-FTPd's listing options (`-a -l `).
    ListOptions,
    /// Seconds a transfer took, three decimals (Pure-FTPd).
    Elapsed,
    /// A transfer's rate with its unit, as Pure-FTPd writes it
    /// (`83.88 Kbytes per second`).
    Rate,
    /// The session's uploaded bytes in KiB, rounded up (Pure-FTPd's QUIT).
    UploadedKbytes,
    /// The session's downloaded bytes in KiB, rounded up.
    DownloadedKbytes,
    /// How many clients were connected when this one was admitted, itself
    /// included (vsftpd's STAT).
    ClientsAtStart,
    /// Bytes the session's data connections have moved, listings
    /// included (ProFTPD's STAT).
    SessionBytes,
}

/// The values a template may refer to.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Args<'a> {
    pub limit: u32,
    pub message: &'a str,
    pub idle_seconds: u64,
    pub user: &'a [u8],
    pub verb: &'a [u8],
    pub arg: &'a [u8],
    pub path: &'a str,
    pub number: u64,
    pub remaining: u64,
    pub pasv: Option<core::net::SocketAddrV4>,
    pub port: u16,
    pub host: Option<core::net::IpAddr>,
    pub peer: Option<core::net::IpAddr>,
    pub ascii: bool,
    pub list_options: &'a str,
    /// Nanoseconds a transfer took, for [`Piece::Elapsed`] and
    /// [`Piece::Rate`] (with `number` as the bytes moved).
    pub elapsed_nanos: u64,
    /// Bytes the session received by STOR, APPE and STOU, for
    /// [`Piece::UploadedKbytes`].
    pub uploaded: u64,
    /// Bytes the session sent by RETR, for [`Piece::DownloadedKbytes`].
    pub downloaded: u64,
    /// For [`Piece::ClientsAtStart`].
    pub clients_at_start: u32,
    /// For [`Piece::SessionBytes`].
    pub session_bytes: u64,
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
            Piece::Arg => write_client_bytes(out, args.arg),
            Piece::Path => {
                for b in args.path.bytes() {
                    if b == b'"' {
                        out.push(b'"');
                    }
                    push_client_byte(out, b);
                }
            }
            Piece::PlainPath => {
                for b in args.path.bytes() {
                    push_client_byte(out, b);
                }
            }
            Piece::Number => write_decimal(out, args.number),
            Piece::Remaining => write_decimal(out, args.remaining),
            Piece::PasvAddress => {
                let (ip, port) = args
                    .pasv
                    .map_or(([0u8; 4], 0), |a| (a.ip().octets(), a.port()));
                for octet in ip {
                    write_decimal(out, u64::from(octet));
                    out.push(b',');
                }
                write_decimal(out, u64::from(port >> 8));
                out.push(b',');
                write_decimal(out, u64::from(port & 0xFF));
            }
            Piece::Port => write_decimal(out, u64::from(args.port)),
            Piece::Host => write_ip(out, args.host),
            Piece::Peer => write_ip(out, args.peer),
            Piece::Mode => out.extend_from_slice(if args.ascii { b"ASCII" } else { b"BINARY" }),
            Piece::ListOptions => out.extend_from_slice(args.list_options.as_bytes()),
            Piece::Elapsed => {
                let _ = write!(Bytes(out), "{:.3}", args.elapsed_nanos as f64 / 1e9);
            }
            Piece::Rate => write_rate(out, args.number, args.elapsed_nanos),
            Piece::UploadedKbytes => write_decimal(out, args.uploaded.div_ceil(1024)),
            Piece::DownloadedKbytes => write_decimal(out, args.downloaded.div_ceil(1024)),
            Piece::ClientsAtStart => write_decimal(out, u64::from(args.clients_at_start)),
            Piece::SessionBytes => write_decimal(out, args.session_bytes),
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

/// Bytes from the client, echoed: they must not break the line, a 0xFF
/// must stay a data byte (doubled, Telnet IAC IAC), and no control byte
/// (ESC, NUL, …) goes back raw, where it would reach a terminal showing
/// the client's log.
fn write_client_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        push_client_byte(out, b);
    }
}

fn push_client_byte(out: &mut Vec<u8>, b: u8) {
    match b {
        b'\r' | b'\n' => out.push(b' '),
        0xFF => out.extend_from_slice(&[0xFF, 0xFF]),
        0..0x20 | 0x7F => out.push(b'?'),
        _ => out.push(b),
    }
}

fn write_ip(out: &mut Vec<u8>, ip: Option<core::net::IpAddr>) {
    if let Some(ip) = ip {
        let _ = write!(Bytes(out), "{ip}");
    }
}

/// Pure-FTPd's `%.2f Mbytes|Kbytes|bytes per second` (`ftpd.c`
/// `displayrate()`): the unit is the largest one that keeps the figure
/// above half a unit.
fn write_rate(out: &mut Vec<u8>, bytes: u64, nanos: u64) {
    let seconds = (nanos as f64 / 1e9).max(1e-6);
    let speed = bytes as f64 / seconds;
    let _ = if speed > 524_288.0 {
        write!(Bytes(out), "{:.2} Mbytes per second", speed / 1_048_576.0)
    } else if speed > 512.0 {
        write!(Bytes(out), "{:.2} Kbytes per second", speed / 1024.0)
    } else {
        write!(Bytes(out), "{speed:.2} bytes per second")
    };
}

/// `core::fmt` into a byte buffer.
struct Bytes<'a>(&'a mut Vec<u8>);

impl core::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
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
        out.clear();
        let args = Args {
            user: b"\x1b[31mroot\0",
            ..Args::default()
        };
        write_pieces(&mut out, &[Piece::User], &args);
        assert_eq!(out, b"?[31mroot?");
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
