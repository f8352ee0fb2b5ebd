//! What a preset's server says: every admission reply (refusals, the 220
//! greeting, the warm-up 120, the idle and shutdown 421s) written from the
//! preset's table through the formatter, in this one place.
//!
//! The [`Gate`](super::Gate) decides and returns values; whoever answers the
//! client (the [`Session`](crate::session::Session), the server's accept
//! loop, the simulator) turns those values into bytes here.

use alloc::vec::Vec;
use core::time::Duration;

use super::banner::{self, Banner};
use super::decision::{Refusal, Welcome};
use super::preset::{Preset, Rule};
use super::text::{self, Args};
use crate::reply::{Reply, ReplyCode};
use crate::time::Instant;

impl Preset {
    /// Appends the bytes sent for `refusal`; returns false when the preset
    /// closes silently (nothing appended). `shutdown_message` is the
    /// operator's text that a shutdown refusal may quote
    /// ([`Gate::shutdown_message`](super::Gate::shutdown_message)).
    pub fn write_refusal(
        self,
        refusal: &Refusal,
        shutdown_message: &str,
        out: &mut Vec<u8>,
    ) -> bool {
        let rule = self.table().rule(refusal.reason);
        write_rule(out, rule, &refusal_args(refusal, shutdown_message))
    }

    /// The reply sent for `refusal`; `None` when the preset closes silently.
    pub fn refusal_reply(self, refusal: &Refusal, shutdown_message: &str) -> Option<Reply> {
        let rule = self.table().rule(refusal.reason);
        rule_reply(rule, &refusal_args(refusal, shutdown_message))
    }

    /// The 220 greeting for a welcomed client, as a value. `max_clients` is
    /// the limit in force (Pure-FTPd quotes it). Its lines are the
    /// greeting's text; for the wire bytes use [`Preset::write_greeting`]
    /// (Pure-FTPd repeats `220-` on every line, which a [`Reply`] does not
    /// record).
    pub fn greeting(
        self,
        welcome: &Welcome,
        max_clients: Option<u32>,
        banner: &Banner,
        now: Instant,
    ) -> Reply {
        Reply::from_wire_lines(
            ReplyCode::SERVICE_READY,
            self.greeting_lines(welcome, max_clients, banner, now),
        )
    }

    /// Appends the 220 greeting exactly as the preset's server sends it.
    pub fn write_greeting(
        self,
        welcome: &Welcome,
        max_clients: Option<u32>,
        banner: &Banner,
        now: Instant,
        out: &mut Vec<u8>,
    ) {
        let lines = self.greeting_lines(welcome, max_clients, banner, now);
        banner::write_every_line_coded(out, ReplyCode::SERVICE_READY, &lines);
    }

    fn greeting_lines(
        self,
        welcome: &Welcome,
        max_clients: Option<u32>,
        banner: &Banner,
        now: Instant,
    ) -> Vec<Vec<u8>> {
        banner::greeting_lines(
            self.table().greeting,
            banner,
            welcome.number,
            max_clients,
            now,
        )
    }

    /// `120 Service ready in nnn minutes.`, with the minutes left until
    /// `ready_at` rounded up. No real server sends it; every preset uses the
    /// RFC text.
    pub fn warmup_reply(self, now: Instant, ready_at: Instant) -> Reply {
        banner::warmup_reply(now, ready_at)
    }

    /// The reply when a session has been idle for `timeout`.
    pub fn idle_reply(self, timeout: Duration) -> Reply {
        let args = Args {
            idle_seconds: timeout.as_secs(),
            ..Args::default()
        };
        rule_reply(&self.table().idle, &args)
            .unwrap_or_else(|| Reply::new(ReplyCode::SERVICE_NOT_AVAILABLE, ""))
    }

    /// The reply a live session gets when a shutdown ends it, quoting
    /// `message`; `None` when the preset drops it silently (ProFTPD,
    /// logged-in anonymous sessions).
    pub fn shutdown_reply(self, anonymous_logged_in: bool, message: &str) -> Option<Reply> {
        let table = self.table();
        if anonymous_logged_in && table.shutdown_drops_anonymous {
            return None;
        }
        let args = Args {
            message,
            ..Args::default()
        };
        rule_reply(&table.shutdown_live, &args)
    }
}

fn refusal_args<'a>(refusal: &Refusal, shutdown_message: &'a str) -> Args<'a> {
    Args {
        limit: refusal.limit,
        message: shutdown_message,
        ..Args::default()
    }
}

fn write_rule(out: &mut Vec<u8>, rule: &Rule, args: &Args<'_>) -> bool {
    match rule.code {
        Some(code) => {
            text::write_reply(out, code, rule.text, args);
            true
        }
        None => false,
    }
}

fn rule_reply(rule: &Rule, args: &Args<'_>) -> Option<Reply> {
    let code = rule.code?;
    let mut line = Vec::new();
    text::write_pieces(&mut line, rule.text, args);
    Some(Reply::from_wire_lines(code, alloc::vec![line]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admission::{Admission, Gate, Limits, Shutdown};
    use alloc::string::String;
    use core::net::{IpAddr, Ipv4Addr};

    fn at(secs: u64) -> Instant {
        Instant::from_millis(secs * 1000)
    }

    const LOCAL: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn shutdown_replies_quote_the_message_per_preset() {
        let limits = Limits {
            shutdown: Some(Shutdown {
                refuse_from: at(10),
                disconnect_at: at(20),
                message: "maint test".into(),
            }),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, Preset::Proftpd);
        assert!(gate.on_connect(LOCAL, at(9)).is_welcome());
        let Admission::Refuse(refused) = gate.on_connect(LOCAL, at(10)) else {
            panic!("refused during the shutdown")
        };
        let mut out = Vec::new();
        assert!(Preset::Proftpd.write_refusal(&refused, gate.shutdown_message(), &mut out));
        assert_eq!(
            out,
            b"500 FTP server shut down (maint test) -- please try again later\r\n"
        );
        assert_eq!(
            Preset::Proftpd
                .shutdown_reply(false, "maint test")
                .unwrap()
                .to_bytes(),
            b"421 FTP server shutting down - maint test\r\n"
        );
        assert_eq!(Preset::Proftpd.shutdown_reply(true, "maint test"), None);
        assert_eq!(
            Preset::Rfc
                .shutdown_reply(true, "maint test")
                .unwrap()
                .to_bytes(),
            b"421 maint test\r\n"
        );
        assert_eq!(
            Preset::Rfc.shutdown_reply(true, "").unwrap().to_bytes(),
            b"421 Service not available, closing control connection.\r\n"
        );
    }

    #[test]
    fn greetings_per_preset() {
        let expected = [
            (Preset::Rfc, "220 Service ready for new user.\r\n"),
            (Preset::Vsftpd, "220 (vsFTPd 3.0.3)\r\n"),
            (
                Preset::Proftpd,
                "220 ProFTPD Server (ProFTPD) [127.0.0.1]\r\n",
            ),
            (Preset::Pyftpdlib, "220 pyftpdlib 2.2.0 ready.\r\n"),
        ];
        for (preset, wire) in expected {
            let mut gate = Gate::new(Limits::default(), preset);
            let Admission::Welcome(welcome) = gate.on_connect(LOCAL, at(0)) else {
                panic!()
            };
            let mut out = Vec::new();
            preset.write_greeting(&welcome, None, &Banner::default(), at(0), &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), wire, "{preset}");
            assert_eq!(
                preset
                    .greeting(&welcome, None, &Banner::default(), at(0))
                    .to_bytes(),
                wire.as_bytes()
            );
        }
    }

    #[test]
    fn pure_ftpd_greeting_counts_users() {
        let limits = Limits {
            max_clients: Some(2),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, Preset::PureFtpd);
        let banner = Banner {
            clock_at_origin: Duration::from_secs(15 * 3600 + 15 * 60),
            server_port: 2121,
            idle_timeout: Some(Duration::from_secs(900)),
            ..Banner::default()
        };
        let _first = gate.on_connect(LOCAL, at(0));
        let Admission::Welcome(welcome) = gate.on_connect(LOCAL, at(0)) else {
            panic!()
        };
        assert_eq!(welcome.number, 2);
        let mut out = Vec::new();
        Preset::PureFtpd.write_greeting(
            &welcome,
            gate.limits().max_clients,
            &banner,
            at(0),
            &mut out,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n\
             220-You are user number 2 of 2 allowed.\r\n\
             220-Local time is now 15:15. Server port: 2121.\r\n\
             220 You will be disconnected after 15 minutes of inactivity.\r\n"
        );
    }

    #[test]
    fn warmup_says_minutes_left_rounded_up() {
        assert_eq!(
            Preset::Vsftpd.warmup_reply(at(0), at(90)).to_bytes(),
            b"120 Service ready in 2 minutes.\r\n"
        );
    }
}
