//! The 220 greeting, with the parts that vary between connections.
//!
//! Most presets greet with a fixed line. Two quote facts about the moment or
//! the machine, which a sans-IO core cannot look up, so the driver passes
//! them in a [`Banner`]:
//! - ProFTPD: `220 ProFTPD Server (NAME) [ADDRESS]`, with its `ServerName`
//!   (default `ProFTPD`) and the server's address.
//! - Pure-FTPd (`ftpd.c` `doit()`, measured):
//!   ```text
//!   220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------
//!   220-You are user number N of M allowed.
//!   220-Local time is now HH:MM. Server port: PORT.
//!   220-This is a private system - No anonymous login      (or none, see below)
//!   220 You will be disconnected after 15 minutes of inactivity.
//!   ```
//!   `N` is the number of connected clients, this one included (from the
//!   gate), `M` is `max_clients` (the line is left out when there is no
//!   limit). `HH:MM` is the local time of day, derived from `now` and
//!   [`Banner::clock_at_origin`]. The account line follows
//!   [`Accounts`] (`-E` / `-e` / neither). The idle line says minutes from
//!   120 s up and seconds below, and is left out without an idle timeout.
//!   The `IPv6 connections are also welcome on this server.` line appears
//!   only with [`Banner::ipv6_welcome`].

use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};
use core::time::Duration;

use super::preset::GreetingStyle;
use super::text::{write_decimal, write_two_digits};
use crate::reply::{Reply, ReplyCode};
use crate::time::Instant;

/// Which kinds of login a server offers; Pure-FTPd says so in its banner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Accounts {
    /// Named users and anonymous.
    #[default]
    Both,
    /// Named users only (Pure-FTPd `-E`).
    NamedOnly,
    /// Anonymous only (Pure-FTPd `-e`).
    AnonymousOnly,
}

/// Facts about the server that some greetings quote.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Banner {
    /// Local time of day at [`Instant::ZERO`]; the time of day at `now` is
    /// this plus `now`, modulo 24 h. A tokio server sets it from the wall
    /// clock at start-up; a simulation from its scenario (say 09:00).
    #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
    pub clock_at_origin: Duration,
    /// The port the server listens on (Pure-FTPd).
    pub server_port: u16,
    /// The server's own address (ProFTPD).
    pub server_addr: IpAddr,
    /// ProFTPD's `ServerName`; `None` is its default, `ProFTPD`.
    pub server_name: Option<String>,
    /// Which logins the server offers (Pure-FTPd).
    pub accounts: Accounts,
    /// The idle timeout announced (Pure-FTPd).
    #[cfg_attr(feature = "serde", serde(with = "super::secs::option"))]
    pub idle_timeout: Option<Duration>,
    /// Pure-FTPd's IPv6 line, sent by a server that also listens on IPv6.
    pub ipv6_welcome: bool,
}

impl Default for Banner {
    fn default() -> Banner {
        Banner {
            clock_at_origin: Duration::ZERO,
            server_port: 21,
            server_addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
            server_name: None,
            accounts: Accounts::Both,
            idle_timeout: None,
            ipv6_welcome: false,
        }
    }
}

impl Banner {
    /// `(hours, minutes)` of the local time at `now`.
    pub fn local_time(&self, now: Instant) -> (u8, u8) {
        const DAY: u64 = 24 * 60 * 60;
        let since_origin = now.saturating_duration_since(Instant::ZERO).as_secs();
        let seconds = (self.clock_at_origin.as_secs() % DAY + since_origin % DAY) % DAY;
        ((seconds / 3600) as u8, (seconds / 60 % 60) as u8)
    }
}

/// The greeting's lines (text after the code), for `style`.
pub(crate) fn greeting_lines(
    style: GreetingStyle,
    banner: &Banner,
    number: u32,
    max_clients: Option<u32>,
    now: Instant,
) -> Vec<Vec<u8>> {
    match style {
        GreetingStyle::Fixed(text) => alloc::vec![text.as_bytes().to_vec()],
        GreetingStyle::Proftpd => {
            let mut line = b"ProFTPD Server (".to_vec();
            let name = banner.server_name.as_deref().unwrap_or("ProFTPD");
            line.extend(
                name.bytes()
                    .map(|b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
            );
            line.extend_from_slice(b") [");
            line.extend_from_slice(alloc::format!("{}", banner.server_addr).as_bytes());
            line.push(b']');
            alloc::vec![line]
        }
        GreetingStyle::PureFtpd => pure_ftpd_lines(banner, number, max_clients, now),
    }
}

fn pure_ftpd_lines(
    banner: &Banner,
    number: u32,
    max_clients: Option<u32>,
    now: Instant,
) -> Vec<Vec<u8>> {
    let mut lines = Vec::with_capacity(6);
    lines.push(b"--------- Welcome to Pure-FTPd [privsep] [TLS] ----------".to_vec());
    if let Some(max) = max_clients {
        let mut line = b"You are user number ".to_vec();
        write_decimal(&mut line, u64::from(number));
        line.extend_from_slice(b" of ");
        write_decimal(&mut line, u64::from(max));
        line.extend_from_slice(b" allowed.");
        lines.push(line);
    }
    let (hours, minutes) = banner.local_time(now);
    let mut line = b"Local time is now ".to_vec();
    write_two_digits(&mut line, u64::from(hours));
    line.push(b':');
    write_two_digits(&mut line, u64::from(minutes));
    line.extend_from_slice(b". Server port: ");
    write_decimal(&mut line, u64::from(banner.server_port));
    line.push(b'.');
    lines.push(line);
    match banner.accounts {
        Accounts::Both => {}
        Accounts::NamedOnly => {
            lines.push(b"This is a private system - No anonymous login".to_vec());
        }
        Accounts::AnonymousOnly => lines.push(b"Only anonymous FTP is allowed here".to_vec()),
    }
    if banner.ipv6_welcome {
        lines.push(b"IPv6 connections are also welcome on this server.".to_vec());
    }
    if let Some(idle) = banner.idle_timeout {
        let seconds = idle.as_secs();
        let mut line = b"You will be disconnected after ".to_vec();
        if seconds >= 120 {
            write_decimal(&mut line, seconds / 60);
            line.extend_from_slice(b" minutes of inactivity.");
        } else {
            write_decimal(&mut line, seconds);
            line.extend_from_slice(b" seconds of inactivity.");
        }
        lines.push(line);
    }
    lines
}

/// Appends a reply the way Pure-FTPd writes every multiline reply: each line
/// starts with the code, `-` on all lines but the last. RFC 959 allows it,
/// and it is what the measured server sent; [`Reply::to_bytes`] would write
/// inner lines without the code.
pub(crate) fn write_every_line_coded(out: &mut Vec<u8>, code: ReplyCode, lines: &[Vec<u8>]) {
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        out.extend_from_slice(&code.digits());
        out.push(if i == last { b' ' } else { b'-' });
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    if lines.is_empty() {
        out.extend_from_slice(&code.digits());
        out.extend_from_slice(b" \r\n");
    }
}

/// `120 Service ready in nnn minutes.`, with the minutes left until
/// `ready_at`, rounded up (never 0: a client told "0 minutes" would not
/// wait for the 220).
pub(crate) fn warmup_reply(now: Instant, ready_at: Instant) -> Reply {
    let left = ready_at.saturating_duration_since(now);
    let minutes = left.as_nanos().div_ceil(60_000_000_000).max(1);
    let mut text = b"Service ready in ".to_vec();
    write_decimal(&mut text, u64::try_from(minutes).unwrap_or(u64::MAX));
    text.extend_from_slice(b" minutes.");
    Reply::from_lines(ReplyCode::SERVICE_READY_IN, [text])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(lines: Vec<Vec<u8>>) -> String {
        let mut out = Vec::new();
        write_every_line_coded(&mut out, ReplyCode::SERVICE_READY, &lines);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pure_ftpd_banner_matches_the_measured_bytes() {
        let banner = Banner {
            clock_at_origin: Duration::from_secs(15 * 3600 + 15 * 60),
            server_port: 2121,
            idle_timeout: Some(Duration::from_secs(15 * 60)),
            accounts: Accounts::NamedOnly,
            ..Banner::default()
        };
        let lines = pure_ftpd_lines(&banner, 1, Some(2), Instant::from_millis(30_000));
        assert_eq!(
            wire(lines),
            "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n\
             220-You are user number 1 of 2 allowed.\r\n\
             220-Local time is now 15:15. Server port: 2121.\r\n\
             220-This is a private system - No anonymous login\r\n\
             220 You will be disconnected after 15 minutes of inactivity.\r\n"
        );
    }

    #[test]
    fn pure_ftpd_banner_variants() {
        let banner = Banner {
            idle_timeout: Some(Duration::from_secs(90)),
            accounts: Accounts::AnonymousOnly,
            ipv6_welcome: true,
            ..Banner::default()
        };
        let lines = pure_ftpd_lines(&banner, 3, None, Instant::from_millis(61_000));
        assert_eq!(
            wire(lines),
            "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n\
             220-Local time is now 00:01. Server port: 21.\r\n\
             220-Only anonymous FTP is allowed here\r\n\
             220-IPv6 connections are also welcome on this server.\r\n\
             220 You will be disconnected after 90 seconds of inactivity.\r\n"
        );
    }

    #[test]
    fn local_time_wraps_at_midnight() {
        let banner = Banner {
            clock_at_origin: Duration::from_secs(23 * 3600 + 59 * 60),
            ..Banner::default()
        };
        assert_eq!(banner.local_time(Instant::ZERO), (23, 59));
        assert_eq!(banner.local_time(Instant::from_millis(60_000)), (0, 0));
        assert_eq!(
            banner.local_time(Instant::MAX),
            banner.local_time(Instant::MAX)
        );
    }

    #[test]
    fn proftpd_greeting_quotes_name_and_address() {
        let lines = greeting_lines(
            GreetingStyle::Proftpd,
            &Banner::default(),
            1,
            None,
            Instant::ZERO,
        );
        assert_eq!(wire(lines), "220 ProFTPD Server (ProFTPD) [127.0.0.1]\r\n");
    }

    #[test]
    fn warmup_minutes_round_up() {
        let at = |ms| warmup_reply(Instant::ZERO, Instant::from_millis(ms)).to_bytes();
        assert_eq!(at(1), b"120 Service ready in 1 minutes.\r\n");
        assert_eq!(at(60_000), b"120 Service ready in 1 minutes.\r\n");
        assert_eq!(at(60_001), b"120 Service ready in 2 minutes.\r\n");
        assert_eq!(at(0), b"120 Service ready in 1 minutes.\r\n");
    }
}
