//! How real servers answer when a limit is reached: the bytes they send and
//! the moment they check, as one table.
//!
//! Sources (see the research notes `server_limits.md`): vsftpd 3.0.3
//! (`prelogin.c` `check_limits()`, `ftpcmdio.c`), Pure-FTPd 1.0.50
//! (`ftpd.c` `accept_client()`, `doit()`, `messages_en.h`), ProFTPD 1.3.8
//! (`main.c` `daemon_loop()`/`fork_server()`, `mod_auth.c`, `mod_core.c`),
//! pyftpdlib 2.2.0 (`servers.py`, `handlers.py`). Every text marked
//! "measured" was read off a raw socket against the real server on Debian 12;
//! the others come from the server's source.
//!
//! A limit that the real server does not have (vsftpd has no rate limit, for
//! instance) still works under that preset: its rule is marked `native:
//! false` and uses the server's generic refusal where it has one, the RFC's
//! `421 Service not available, closing control connection.` otherwise.
//!
//! ## ProFTPD's mapping
//! ProFTPD never answers a connection limit with 421:
//! - `max_clients` is `MaxInstances` (checked at accept: the connection is
//!   closed without a byte). ProFTPD's own `MaxClients` counts logged-in
//!   sessions and is checked after PASS; it is `max_logged_in` here.
//! - `max_per_ip` is `MaxConnectionsPerHost`: `530 …` in place of the 220.
//! - `rate` stands for `MaxConnectionRate` (silent close). ProFTPD counts
//!   that rate for the whole server; here it is per client address.
//! - `max_per_user` is `MaxClientsPerUser`: `530 …` after PASS.
//! - `shutdown` is `ftpshut`: `500 …` to new connections and `421 …` to live
//!   sessions, except logged-in anonymous sessions, which are dropped
//!   without a reply.
//!
//! ## Counting rules
//! A limit means what it means in the real server's configuration, so a
//! setting copied from a real configuration file behaves the same here.
//! pyftpdlib's `max_cons` counts the listening socket too, so `max_cons = N`
//! admits `N - 1` clients: its table says so
//! (`sockets_counted_besides_clients`), and the gate, hence the simulator
//! and the server, applies it.

mod data;

pub(crate) use data::{DataTexts, Lines, ListMissing, ListStyle, MlstStyle};

use core::fmt;
use core::str::FromStr;
use core::time::Duration;

use super::limits::Limits;
use super::text::Piece::{self, IdleSeconds, Limit, Lit, Message, MessageOr};

use crate::reply::ReplyCode;

/// A real server whose admission behaviour a [`Gate`](super::Gate)
/// reproduces, or the plain RFC 959 default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Preset {
    /// RFC 959 texts: `220 Service ready for new user.`, `421 Service not
    /// available, closing control connection.`
    #[default]
    Rfc,
    /// vsftpd 3.0.3, standalone mode.
    Vsftpd,
    /// Pure-FTPd 1.0.50, standalone mode.
    PureFtpd,
    /// ProFTPD 1.3.8.
    Proftpd,
    /// pyftpdlib 2.2.0.
    Pyftpdlib,
}

/// When a login limit is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginStage {
    /// When the client names the user (USER).
    User,
    /// After the password was accepted (PASS).
    Pass,
}

/// A connection check, in the order a preset makes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ConnectCheck {
    Clients,
    PerAddress,
    Rate,
    Shutdown,
}

/// How one server answers one failed check.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rule {
    /// `None`: close without sending anything.
    pub code: Option<ReplyCode>,
    pub text: &'static [Piece],
    /// Whether the real server has this limit; when not, the rule is the
    /// server's generic refusal.
    pub native: bool,
}

/// How a server greets.
#[derive(Clone, Copy, Debug)]
pub(crate) enum GreetingStyle {
    /// One fixed line after `220 `.
    Fixed(&'static str),
    /// `220 ProFTPD Server (NAME) [ADDRESS]`.
    Proftpd,
    /// Pure-FTPd's multiline banner (see `banner.rs`).
    PureFtpd,
}

/// Everything a preset decides, as data.
#[derive(Debug)]
pub(crate) struct PresetTable {
    pub connect_order: [ConnectCheck; 4],
    pub too_many_clients: Rule,
    pub too_many_from_address: Rule,
    pub rate_limited: Rule,
    /// To a new connection during a shutdown.
    pub shutting_down: Rule,
    /// To a live session when the shutdown takes effect.
    pub shutdown_live: Rule,
    /// Logged-in anonymous sessions are closed without a reply at shutdown.
    pub shutdown_drops_anonymous: bool,
    pub too_many_logged_in: Rule,
    pub too_many_for_user: Rule,
    /// When `too_many_for_user` is checked for anonymous users; other users
    /// are checked after PASS.
    pub anonymous_login_stage: LoginStage,
    pub idle: Rule,
    pub greeting: GreetingStyle,
    /// Sockets the server counts against `max_clients` besides the
    /// clients' control connections (pyftpdlib: its listener).
    pub sockets_counted_besides_clients: u32,
    /// Whether passive listeners and data connections count against
    /// `max_clients` too (pyftpdlib: every socket in its map does).
    pub counts_data_sockets: bool,
    /// The limits the real server applies when not configured.
    pub default_max_clients: Option<u32>,
    pub default_max_per_ip: Option<u32>,
    pub default_idle_timeout: Option<Duration>,
    /// How long the server accepts no new connection after one of its
    /// sessions ends (see [`Preset::accept_pause`]); zero for none.
    pub accept_pause: Duration,
    /// What a session says to the client, once admitted.
    pub session: SessionTexts,
}

/// One reply: a code and its text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    pub code: ReplyCode,
    pub text: &'static [Piece],
}

/// A session's replies under one preset. Login texts come from the servers'
/// sources (vsftpd `prelogin.c`, Pure-FTPd `messages_en.h`, ProFTPD
/// `mod_auth.c`/`mod_core.c`, pyftpdlib `handlers.py`); where a server's
/// text was not checked, the RFC wording is used.
#[derive(Debug)]
pub(crate) struct SessionTexts {
    /// 331 after USER.
    pub user_ok: Line,
    /// After USER anonymous: 331, or 230 for a server that logs anonymous
    /// users in at USER (see `anonymous_login_stage`).
    pub anonymous_user_ok: Line,
    /// 230 after a good password.
    pub login_ok: Line,
    pub anonymous_login_ok: Line,
    /// A wrong password.
    pub login_failed: Line,
    /// The wrong password that uses up the last attempt; the session closes
    /// after it.
    pub login_failed_final: Line,
    /// The server's default for the number of failed logins it allows.
    pub max_login_attempts: u32,
    /// How long the server holds the 530 of a wrong password.
    pub failed_login_delay: FailedLoginDelay,
    /// Whether commands already read with the wrong password are answered
    /// during that wait (pyftpdlib stops reading its socket but goes on
    /// with the lines it holds), or wait behind the 530 (vsftpd and
    /// Pure-FTPd sleep in the session's process).
    pub answers_read_lines_during_login_delay: bool,
    /// PASS with no USER before it.
    pub pass_without_user: Line,
    /// PASS from an anonymous session that is already logged in, where the
    /// server has a text for it (Pure-FTPd logs anonymous users in at USER,
    /// so a client that sends PASS anyway gets a 230); otherwise 503.
    pub anonymous_pass_after_login: Option<Line>,
    /// A command that needs a login, before login.
    pub not_logged_in: Line,
    /// Whether NOOP, SYST, HELP and OPTS are answered before login (vsftpd
    /// answers only USER, PASS, QUIT and FEAT; everything else gets
    /// `not_logged_in`, even unknown commands).
    pub housekeeping_before_login: bool,
    /// 221 lines; each line carries the code (Pure-FTPd writes
    /// `221-Goodbye…` and `221 Logout.`).
    pub quit: &'static [&'static [Piece]],
    pub noop: Line,
    pub pwd: Line,
    pub type_ascii: Line,
    pub type_binary: Line,
    pub type_unknown: Line,
    /// Whether an unknown TYPE's reply has `type_unknown` on a first line
    /// and the text of the type in force on its last (Pure-FTPd:
    /// `504-Unknown TYPE: X`, `504 TYPE is now ASCII`).
    pub type_unknown_quotes_type: bool,
    pub opts_utf8: Line,
    pub unknown_command: Line,
    /// LIST, RETR, STOR and the like: this session never opens a data
    /// connection.
    pub no_data_connection: Line,
    /// A command that is valid but not at this point of the session.
    pub bad_sequence: Line,
    /// A command whose argument is missing or malformed.
    pub syntax_error: Line,
    /// A command the server knows but does not carry out.
    pub not_implemented: Line,
    /// A command line longer than the server accepts.
    pub line_too_long: Line,
    pub syst: Line,
    /// FEAT's first and last lines (code 211); the features in between are
    /// the ones the session implements.
    pub feat: Framing,
    /// HELP's first and last lines (code 214); the commands in between are
    /// the ones the session implements.
    pub help: Framing,
    /// Files, directories and data connections.
    pub data: &'static DataTexts,
}

/// How long a server holds the `530` of a wrong password: `fixed`, plus
/// `per_failure` for each wrong password of the session so far (this one
/// included). A brake on guessing passwords, which a client that retries
/// a login feels.
///
/// ```
/// use core::time::Duration;
/// use ftpsim::admission::{FailedLoginDelay, Preset};
///
/// let pure_ftpd = Preset::PureFtpd.default_failed_login_delay();
/// assert_eq!(pure_ftpd.before_reply(2), Duration::from_secs(6));
/// let vsftpd = Preset::Vsftpd.default_failed_login_delay();
/// assert_eq!(vsftpd.before_reply(2), Duration::from_secs(1));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct FailedLoginDelay {
    /// Waited before every such 530.
    #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
    pub fixed: Duration,
    /// Added once per wrong password so far.
    #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
    pub per_failure: Duration,
}

impl FailedLoginDelay {
    /// The 530 at once.
    pub const NONE: FailedLoginDelay = FailedLoginDelay {
        fixed: Duration::ZERO,
        per_failure: Duration::ZERO,
    };

    /// The same wait before every 530.
    pub const fn fixed(wait: Duration) -> FailedLoginDelay {
        FailedLoginDelay {
            fixed: wait,
            per_failure: Duration::ZERO,
        }
    }

    /// The wait before the 530 of the `failures`-th wrong password of a
    /// session (counting from 1).
    pub fn before_reply(self, failures: u32) -> Duration {
        self.per_failure
            .checked_mul(failures)
            .and_then(|grown| grown.checked_add(self.fixed))
            .unwrap_or(Duration::MAX)
    }

    pub fn is_none(self) -> bool {
        self.fixed.is_zero() && self.per_failure.is_zero()
    }
}

/// The first and last lines of a multiline listing whose body the session
/// writes itself.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Framing {
    pub first: &'static str,
    pub last: &'static str,
}

const fn line(value: u16, text: &'static [Piece]) -> Line {
    match ReplyCode::new(value) {
        Ok(code) => Line { code, text },
        Err(_) => panic!("invalid reply code in a preset table"),
    }
}

const PWD_CURRENT: &[Piece] = &[Lit("\""), Piece::Path, Lit("\" is the current directory")];

const RFC_SESSION: SessionTexts = SessionTexts {
    user_ok: line(331, &[Lit("User name okay, need password.")]),
    anonymous_user_ok: line(331, &[Lit("User name okay, need password.")]),
    login_ok: line(230, &[Lit("User logged in, proceed.")]),
    anonymous_login_ok: line(230, &[Lit("User logged in, proceed.")]),
    login_failed: line(530, &[Lit("Not logged in.")]),
    login_failed_final: line(421, RFC_421),
    max_login_attempts: 3,
    failed_login_delay: FailedLoginDelay::NONE,
    answers_read_lines_during_login_delay: false,
    pass_without_user: line(503, &[Lit("Bad sequence of commands.")]),
    anonymous_pass_after_login: None,
    not_logged_in: line(530, &[Lit("Not logged in.")]),
    housekeeping_before_login: true,
    quit: &[&[Lit("Service closing control connection.")]],
    noop: line(200, &[Lit("Command okay.")]),
    pwd: line(
        257,
        &[Lit("\""), Piece::Path, Lit("\" is the current directory.")],
    ),
    type_ascii: line(200, &[Lit("Command okay.")]),
    type_binary: line(200, &[Lit("Command okay.")]),
    type_unknown: line(504, &[Lit("Command not implemented for that parameter.")]),
    type_unknown_quotes_type: false,
    opts_utf8: line(200, &[Lit("Command okay.")]),
    unknown_command: line(500, &[Lit("Syntax error, command unrecognized.")]),
    no_data_connection: line(425, &[Lit("Can't open data connection.")]),
    bad_sequence: line(503, &[Lit("Bad sequence of commands.")]),
    syntax_error: line(501, &[Lit("Syntax error in parameters or arguments.")]),
    not_implemented: line(502, &[Lit("Command not implemented.")]),
    line_too_long: line(500, &[Lit("Command line too long.")]),
    syst: line(215, &[Lit("UNIX Type: L8")]),
    feat: Framing {
        first: "Features:",
        last: "End",
    },
    help: Framing {
        first: "The following commands are recognized.",
        last: "Help OK.",
    },
    data: &data::RFC_DATA,
};

const fn code(value: u16) -> Option<ReplyCode> {
    match ReplyCode::new(value) {
        Ok(code) => Some(code),
        Err(_) => None,
    }
}

const RFC_421: &[Piece] = &[Lit("Service not available, closing control connection.")];

const fn rfc_421() -> Rule {
    Rule {
        code: code(421),
        text: RFC_421,
        native: false,
    }
}

const RFC: PresetTable = PresetTable {
    connect_order: [
        ConnectCheck::Shutdown,
        ConnectCheck::Clients,
        ConnectCheck::PerAddress,
        ConnectCheck::Rate,
    ],
    too_many_clients: Rule {
        native: true,
        ..rfc_421()
    },
    too_many_from_address: Rule {
        native: true,
        ..rfc_421()
    },
    rate_limited: Rule {
        native: true,
        ..rfc_421()
    },
    shutting_down: Rule {
        native: true,
        ..rfc_421()
    },
    shutdown_live: Rule {
        code: code(421),
        text: &[MessageOr(
            "Service not available, closing control connection.",
        )],
        native: true,
    },
    shutdown_drops_anonymous: false,
    too_many_logged_in: Rule {
        native: true,
        ..rfc_421()
    },
    too_many_for_user: Rule {
        native: true,
        ..rfc_421()
    },
    anonymous_login_stage: LoginStage::Pass,
    idle: Rule {
        native: true,
        ..rfc_421()
    },
    greeting: GreetingStyle::Fixed("Service ready for new user."),
    sockets_counted_besides_clients: 0,
    counts_data_sockets: false,
    default_max_clients: None,
    default_max_per_ip: None,
    default_idle_timeout: None,
    accept_pause: Duration::ZERO,
    session: RFC_SESSION,
};

/// vsftpd's refusal when tcp_wrappers deny a client: its only generic 421.
const VSFTPD_421: Rule = Rule {
    code: code(421),
    text: &[Lit("Service not available.")],
    native: false,
};

const VSFTPD: PresetTable = PresetTable {
    // prelogin.c check_limits(): max_clients first, then max_per_ip.
    connect_order: [
        ConnectCheck::Shutdown,
        ConnectCheck::Clients,
        ConnectCheck::PerAddress,
        ConnectCheck::Rate,
    ],
    // Measured.
    too_many_clients: Rule {
        code: code(421),
        text: &[Lit("There are too many connected users, please try later.")],
        native: true,
    },
    // Measured.
    too_many_from_address: Rule {
        code: code(421),
        text: &[Lit(
            "There are too many connections from your internet address.",
        )],
        native: true,
    },
    rate_limited: VSFTPD_421,
    shutting_down: VSFTPD_421,
    shutdown_live: Rule {
        code: code(421),
        text: &[MessageOr("Service not available.")],
        native: false,
    },
    shutdown_drops_anonymous: false,
    too_many_logged_in: VSFTPD_421,
    too_many_for_user: VSFTPD_421,
    anonymous_login_stage: LoginStage::Pass,
    // Measured (idle_session_timeout), before and after login.
    idle: Rule {
        code: code(421),
        text: &[Lit("Timeout.")],
        native: true,
    },
    // Measured.
    greeting: GreetingStyle::Fixed("(vsFTPd 3.0.3)"),
    sockets_counted_besides_clients: 0,
    counts_data_sockets: false,
    // tunables.c compiled defaults; idle_session_timeout=300.
    default_max_clients: Some(2000),
    default_max_per_ip: Some(50),
    default_idle_timeout: Some(Duration::from_secs(300)),
    accept_pause: Duration::ZERO,
    // prelogin.c, postlogin.c.
    session: SessionTexts {
        user_ok: line(331, &[Lit("Please specify the password.")]),
        anonymous_user_ok: line(331, &[Lit("Please specify the password.")]),
        login_ok: line(230, &[Lit("Login successful.")]),
        anonymous_login_ok: line(230, &[Lit("Login successful.")]),
        login_failed: line(530, &[Lit("Login incorrect.")]),
        // max_login_fails=3: the third failure is answered, then exit.
        login_failed_final: line(530, &[Lit("Login incorrect.")]),
        max_login_attempts: 3,
        // privops.c vsf_privop_do_login(): delay_failed_login (tunables.c:
        // 1 s) slept before the 530. Measured: 1.00 s each time, and a
        // NOOP sent right behind the PASS is answered after the 530.
        failed_login_delay: FailedLoginDelay::fixed(Duration::from_secs(1)),
        pass_without_user: line(503, &[Lit("Login with USER first.")]),
        anonymous_pass_after_login: None,
        not_logged_in: line(530, &[Lit("Please login with USER and PASS.")]),
        housekeeping_before_login: false,
        quit: &[&[Lit("Goodbye.")]],
        noop: line(200, &[Lit("NOOP ok.")]),
        pwd: line(257, PWD_CURRENT),
        type_ascii: line(200, &[Lit("Switching to ASCII mode.")]),
        type_binary: line(200, &[Lit("Switching to Binary mode.")]),
        type_unknown: line(500, &[Lit("Unrecognised TYPE command.")]),
        opts_utf8: line(200, &[Lit("Always in UTF8 mode.")]),
        unknown_command: line(500, &[Lit("Unknown command.")]),
        no_data_connection: line(425, &[Lit("Use PORT or PASV first.")]),
        // postlogin.c handle_feat() and handle_help() frame their lists
        // with the same lines as the RFC table ("Features:" / "End", "The
        // following commands are recognized." / "Help OK."), and SYST says
        // "UNIX Type: L8" with syst_version off (the default).
        data: &data::VSFTPD_DATA,
        ..RFC_SESSION
    },
};

const PURE_FTPD: PresetTable = PresetTable {
    // accept_client(): maxusers first, then the per-IP tracker.
    connect_order: [
        ConnectCheck::Shutdown,
        ConnectCheck::Clients,
        ConnectCheck::PerAddress,
        ConnectCheck::Rate,
    ],
    // Measured (-c).
    too_many_clients: Rule {
        code: code(421),
        text: &[
            Limit,
            Lit(" users (the maximum) are already logged in, sorry"),
        ],
        native: true,
    },
    // Measured (-C).
    too_many_from_address: Rule {
        code: code(421),
        text: &[Lit("Too many connections ("), Limit, Lit(") from this IP")],
        native: true,
    },
    rate_limited: rfc_421(),
    shutting_down: rfc_421(),
    shutdown_live: Rule {
        code: code(421),
        text: &[MessageOr(
            "Service not available, closing control connection.",
        )],
        native: false,
    },
    shutdown_drops_anonymous: false,
    too_many_logged_in: rfc_421(),
    // Measured (-y users:anon).
    too_many_for_user: Rule {
        code: code(421),
        text: &[
            Lit("I can't accept more than "),
            Limit,
            Lit(" connections as the same user"),
        ],
        native: true,
    },
    anonymous_login_stage: LoginStage::User,
    // Measured (-I).
    idle: Rule {
        code: code(421),
        text: &[Lit("Timeout - try typing a little faster next time")],
        native: true,
    },
    // Measured.
    greeting: GreetingStyle::PureFtpd,
    sockets_counted_besides_clients: 0,
    counts_data_sockets: false,
    // -c default 50, -I default 15 minutes.
    default_max_clients: Some(50),
    default_max_per_ip: None,
    default_idle_timeout: Some(Duration::from_secs(15 * 60)),
    accept_pause: Duration::ZERO,
    // ftpd.c, messages_en.h.
    session: SessionTexts {
        user_ok: line(
            331,
            &[Lit("User "), Piece::User, Lit(" OK. Password required")],
        ),
        // Anonymous users are logged in at USER.
        anonymous_user_ok: line(230, &[Lit("Anonymous user logged in")]),
        login_ok: line(230, &[Lit("OK. Current directory is /")]),
        anonymous_login_ok: line(230, &[Lit("Anonymous user logged in")]),
        login_failed: line(530, &[Lit("Login authentication failed")]),
        // MAX_PASSWD_TRIES 5: the sixth failure is answered, then exit.
        login_failed_final: line(530, &[Lit("Login authentication failed")]),
        max_login_attempts: 6,
        // ftpd.c dopass() -> randomsleep(tapping): PASSWD_FAILURE_DELAY
        // (3 s) times the failures so far, plus a random part below 3 s
        // that is left out here. Measured: 5.5 and 7.4 s for the first,
        // 8.9 and 10.8 s for the second, 12.9 and 13.7 s for the third; a
        // NOOP sent right behind the PASS is answered after the 530.
        failed_login_delay: FailedLoginDelay {
            fixed: Duration::ZERO,
            per_failure: Duration::from_secs(3),
        },
        // pass(): a 530, not a 503.
        pass_without_user: line(530, &[Lit("Please tell me who you are")]),
        anonymous_pass_after_login: Some(line(230, &[Lit("Any password will work")])),
        not_logged_in: line(530, &[Lit("You aren't logged in")]),
        housekeeping_before_login: true,
        quit: &[
            // ftp_parser.c: bytes moved by uploads and downloads, in KiB
            // rounded up.
            &[
                Lit("Goodbye. You uploaded "),
                Piece::UploadedKbytes,
                Lit(" and downloaded "),
                Piece::DownloadedKbytes,
                Lit(" kbytes."),
            ],
            &[Lit("Logout.")],
        ],
        noop: line(200, &[Lit("Zzz...")]),
        pwd: line(
            257,
            // Quotes not doubled (measured).
            &[
                Lit("\""),
                Piece::PlainPath,
                Lit("\" is your current location"),
            ],
        ),
        type_ascii: line(200, &[Lit("TYPE is now ASCII")]),
        type_binary: line(200, &[Lit("TYPE is now 8-bit binary")]),
        type_unknown: line(504, &[Lit("Unknown TYPE: "), Piece::Arg]),
        // Measured.
        type_unknown_quotes_type: true,
        opts_utf8: line(200, &[Lit("OK, UTF-8 enabled")]),
        unknown_command: line(500, &[Lit("Unknown command")]),
        no_data_connection: line(425, &[Lit("No data connection")]),
        // ftpd.c doit(): FEAT.
        feat: Framing {
            first: "Extensions supported:",
            last: "End.",
        },
        data: &data::PURE_FTPD_DATA,
        ..RFC_SESSION
    },
};

const PROFTPD: PresetTable = PresetTable {
    // daemon_loop() (MaxInstances, MaxConnectionRate), then fork_server()
    // (shutmsg), then auth_sess_init() (MaxConnectionsPerHost).
    connect_order: [
        ConnectCheck::Clients,
        ConnectCheck::Rate,
        ConnectCheck::Shutdown,
        ConnectCheck::PerAddress,
    ],
    // Measured (MaxInstances): no bytes, EOF.
    too_many_clients: Rule {
        code: None,
        text: &[],
        native: true,
    },
    // Measured (MaxConnectionsPerHost), in place of the 220.
    too_many_from_address: Rule {
        code: code(530),
        text: &[
            Lit("Sorry, the maximum number of connections ("),
            Limit,
            Lit(") for your host are already connected."),
        ],
        native: true,
    },
    // Measured (MaxConnectionRate): no bytes, EOF.
    rate_limited: Rule {
        code: None,
        text: &[],
        native: true,
    },
    // Measured (ftpshut).
    shutting_down: Rule {
        code: code(500),
        text: &[
            Lit("FTP server shut down ("),
            Message,
            Lit(") -- please try again later"),
        ],
        native: true,
    },
    // Measured (ftpshut, logged-in real user).
    shutdown_live: Rule {
        code: code(421),
        text: &[Lit("FTP server shutting down - "), Message],
        native: true,
    },
    shutdown_drops_anonymous: true,
    // Measured (MaxClients), after PASS.
    too_many_logged_in: Rule {
        code: code(530),
        text: &[
            Lit("Sorry, the maximum number of allowed clients ("),
            Limit,
            Lit(") are already connected."),
        ],
        native: true,
    },
    // Measured (MaxClientsPerUser), after PASS.
    too_many_for_user: Rule {
        code: code(530),
        text: &[
            Lit("Sorry, the maximum number of clients ("),
            Limit,
            Lit(") for this user are already connected."),
        ],
        native: true,
    },
    anonymous_login_stage: LoginStage::Pass,
    // Measured (TimeoutIdle).
    idle: Rule {
        code: code(421),
        text: &[
            Lit("Idle timeout ("),
            IdleSeconds,
            Lit(" seconds): closing control connection"),
        ],
        native: true,
    },
    greeting: GreetingStyle::Proftpd,
    sockets_counted_besides_clients: 0,
    counts_data_sockets: false,
    // No compiled connection limits; TimeoutIdle defaults to 600 s.
    default_max_clients: None,
    default_max_per_ip: None,
    default_idle_timeout: Some(Duration::from_secs(600)),
    // main.c daemon_loop(): a session process's end interrupts the
    // daemon's select() with SIGCHLD, and pr_signals_handle() sleeps
    // PR_TUNABLE_EINTR_RETRY_INTERVAL (0.2 s) after an interrupted call;
    // the pause measured is about twice that. On 1.3.8 (Debian 12,
    // loopback): a connection made 20 to 350 ms after a session's close
    // was greeted 405 to 416 ms after that close, three queued ones
    // together; one made 450 ms after, at once. A second session ending
    // 100 to 300 ms into the pause did not lengthen it (greetings came 210
    // to 365 ms after the first close).
    accept_pause: Duration::from_millis(410),
    // mod_auth.c, mod_core.c.
    session: SessionTexts {
        user_ok: line(331, &[Lit("Password required for "), Piece::User]),
        anonymous_user_ok: line(
            331,
            &[Lit(
                "Anonymous login ok, send your complete email address as your password",
            )],
        ),
        login_ok: line(230, &[Lit("User "), Piece::User, Lit(" logged in")]),
        anonymous_login_ok: line(230, &[Lit("Anonymous access granted, restrictions apply")]),
        login_failed: line(530, &[Lit("Login incorrect.")]),
        // MaxLoginAttempts 3: the third failure is answered, then the
        // session ends.
        login_failed_final: line(530, &[Lit("Login incorrect.")]),
        max_login_attempts: 3,
        // No fixed wait: mod_delay pads USER and PASS to the median time
        // of earlier ones (a guard against timing attacks, not a penalty),
        // and DelayOnEvent FailedLogin is off by default. Measured (with
        // DelayTable none): the 530 within 15 ms.
        failed_login_delay: FailedLoginDelay::NONE,
        pass_without_user: line(503, &[Lit("Login with USER first")]),
        anonymous_pass_after_login: None,
        not_logged_in: line(530, &[Lit("Please login with USER and PASS")]),
        housekeeping_before_login: true,
        quit: &[&[Lit("Goodbye.")]],
        noop: line(200, &[Lit("NOOP command successful")]),
        pwd: line(257, PWD_CURRENT),
        type_ascii: line(200, &[Lit("Type set to A")]),
        type_binary: line(200, &[Lit("Type set to I")]),
        // Measured (TYPE X).
        type_unknown: line(
            504,
            &[
                Lit("TYPE not implemented for '"),
                Piece::Arg,
                Lit("' parameter"),
            ],
        ),
        opts_utf8: line(200, &[Lit("UTF8 set to on")]),
        unknown_command: line(500, &[Piece::Verb, Lit(" not understood")]),
        no_data_connection: line(425, &[Lit("Unable to build data connection")]),
        // mod_core.c core_feat(), core_help().
        feat: Framing {
            first: "Features:",
            last: "End",
        },
        data: &data::PROFTPD_DATA,
        ..RFC_SESSION
    },
};

const PYFTPDLIB: PresetTable = PresetTable {
    // FTPServer.handle_accepted(): max_cons first, then max_cons_per_ip.
    connect_order: [
        ConnectCheck::Shutdown,
        ConnectCheck::Clients,
        ConnectCheck::PerAddress,
        ConnectCheck::Rate,
    ],
    // Measured.
    too_many_clients: Rule {
        code: code(421),
        text: &[Lit(
            "Too many connections. Service temporarily unavailable.",
        )],
        native: true,
    },
    // Measured.
    too_many_from_address: Rule {
        code: code(421),
        text: &[Lit("Too many connections from the same IP address.")],
        native: true,
    },
    rate_limited: rfc_421(),
    shutting_down: rfc_421(),
    shutdown_live: Rule {
        code: code(421),
        text: &[MessageOr(
            "Service not available, closing control connection.",
        )],
        native: false,
    },
    shutdown_drops_anonymous: false,
    too_many_logged_in: rfc_421(),
    too_many_for_user: rfc_421(),
    anonymous_login_stage: LoginStage::Pass,
    // Measured.
    idle: Rule {
        code: code(421),
        text: &[Lit("Control connection timed out.")],
        native: true,
    },
    // handlers.py: banner = "pyftpdlib %s ready." % __ver__
    greeting: GreetingStyle::Fixed("pyftpdlib 2.2.0 ready."),
    // servers.py handle_accepted(): the listener is in the socket map that
    // is compared with max_cons.
    sockets_counted_besides_clients: 1,
    counts_data_sockets: true,
    // max_cons = 512 (admitting 511 clients); timeout = 300.
    default_max_clients: Some(512),
    default_max_per_ip: None,
    default_idle_timeout: Some(Duration::from_secs(300)),
    accept_pause: Duration::ZERO,
    // handlers.py (FTPHandler, DummyAuthorizer's msg_login).
    session: SessionTexts {
        user_ok: line(331, &[Lit("Username ok, send password.")]),
        anonymous_user_ok: line(331, &[Lit("Username ok, send password.")]),
        login_ok: line(230, &[Lit("Login successful.")]),
        anonymous_login_ok: line(230, &[Lit("Login successful.")]),
        login_failed: line(530, &[Lit("Authentication failed.")]),
        // max_login_attempts = 3.
        login_failed_final: line(530, &[Lit("Maximum login attempts. Disconnecting.")]),
        max_login_attempts: 3,
        // handle_auth_failed(): del_channel(), then the 530 from a
        // call_later(auth_failed_timeout = 3). Measured: 3.0 s; a NOOP sent
        // in the same segment as the PASS is answered at once, before the
        // 530.
        failed_login_delay: FailedLoginDelay::fixed(Duration::from_secs(3)),
        answers_read_lines_during_login_delay: true,
        pass_without_user: line(503, &[Lit("Login with USER first.")]),
        anonymous_pass_after_login: None,
        not_logged_in: line(530, &[Lit("Log in with USER and PASS first.")]),
        housekeeping_before_login: true,
        quit: &[&[Lit("Goodbye.")]],
        // Measured (2.2.0; control.py ftp_NOOP).
        noop: line(200, &[Lit("I successfully did nothing'.")]),
        pwd: line(
            257,
            &[Lit("\""), Piece::Path, Lit("\" is the current directory.")],
        ),
        type_ascii: line(200, &[Lit("Type set to: ASCII.")]),
        type_binary: line(200, &[Lit("Type set to: Binary.")]),
        // Measured (TYPE X).
        type_unknown: line(504, &[Lit("Unsupported type \""), Piece::Arg, Lit("\".")]),
        // ftp_OPTS accepts only "OPTS MLST ...".
        opts_utf8: line(501, &[Lit("Invalid argument.")]),
        unknown_command: line(
            500,
            &[Lit("Command \""), Piece::Verb, Lit("\" not understood.")],
        ),
        no_data_connection: line(425, &[Lit("No data connection.")]),
        // handlers.py ftp_FEAT(), ftp_HELP().
        feat: Framing {
            first: "Features supported:",
            last: "End FEAT.",
        },
        help: Framing {
            first: "The following commands are recognized:",
            last: "Help command successful.",
        },
        data: &data::PYFTPDLIB_DATA,
        ..RFC_SESSION
    },
};

impl Preset {
    pub const ALL: [Preset; 5] = [
        Preset::Rfc,
        Preset::Vsftpd,
        Preset::PureFtpd,
        Preset::Proftpd,
        Preset::Pyftpdlib,
    ];

    /// The preset's name, as [`FromStr`] accepts it.
    pub const fn name(self) -> &'static str {
        match self {
            Preset::Rfc => "rfc",
            Preset::Vsftpd => "vsftpd",
            Preset::PureFtpd => "pure-ftpd",
            Preset::Proftpd => "proftpd",
            Preset::Pyftpdlib => "pyftpdlib",
        }
    }

    /// The server and version the preset reproduces.
    pub const fn server(self) -> &'static str {
        match self {
            Preset::Rfc => "RFC 959",
            Preset::Vsftpd => "vsftpd 3.0.3",
            Preset::PureFtpd => "Pure-FTPd 1.0.50",
            Preset::Proftpd => "ProFTPD 1.3.8",
            Preset::Pyftpdlib => "pyftpdlib 2.2.0",
        }
    }

    pub(crate) const fn table(self) -> &'static PresetTable {
        match self {
            Preset::Rfc => &RFC,
            Preset::Vsftpd => &VSFTPD,
            Preset::PureFtpd => &PURE_FTPD,
            Preset::Proftpd => &PROFTPD,
            Preset::Pyftpdlib => &PYFTPDLIB,
        }
    }

    /// The limits the real server applies out of the box (compiled
    /// defaults): vsftpd 2000 clients and 50 per address, Pure-FTPd 50
    /// clients, pyftpdlib `max_cons = 512`, ProFTPD and RFC none.
    pub fn default_limits(self) -> Limits {
        let table = self.table();
        Limits {
            max_clients: table.default_max_clients,
            max_per_ip: table.default_max_per_ip,
            ..Limits::default()
        }
    }

    /// The real server's default idle timeout (vsftpd 300 s, Pure-FTPd
    /// 15 min, ProFTPD 600 s, pyftpdlib 300 s; none for RFC).
    pub fn default_idle_timeout(self) -> Option<Duration> {
        self.table().default_idle_timeout
    }

    /// How long the real server accepts no new connection after one of its
    /// sessions ends: ProFTPD's daemon about 0.41 s (measured), the others
    /// none. Connections that arrive meanwhile wait in the listen backlog
    /// and are decided, in order, when the pause is over; a session ending
    /// during a pause does not lengthen it. A real-time property of the
    /// server, like its idle timeout: scaling a scenario's time leaves it
    /// as it is.
    pub fn accept_pause(self) -> Duration {
        self.table().accept_pause
    }

    /// Sockets the real server counts against `max_clients` besides the
    /// clients' control connections: 1 for pyftpdlib (its listener), so
    /// that `max_clients = N` admits `N - 1` clients as `max_cons = N`
    /// does; 0 for the others.
    pub fn sockets_counted_besides_clients(self) -> u32 {
        self.table().sockets_counted_besides_clients
    }

    /// Whether the real server counts passive listeners and data
    /// connections against `max_clients` (pyftpdlib), so that busy data
    /// channels turn new clients away and a data channel is refused when
    /// the count is full.
    pub fn counts_data_sockets(self) -> bool {
        self.table().counts_data_sockets
    }

    /// When the per-user login limit is checked for a user of this kind.
    /// Logged-in limits (`max_logged_in`) are always checked after PASS.
    pub fn login_stage(self, anonymous: bool) -> LoginStage {
        if anonymous {
            self.table().anonymous_login_stage
        } else {
            LoginStage::Pass
        }
    }

    /// The real server's default number of failed logins before it closes
    /// the connection (vsftpd 3, Pure-FTPd 6, ProFTPD 3, pyftpdlib 3; 3 for
    /// RFC).
    pub fn default_max_login_attempts(self) -> u32 {
        self.table().session.max_login_attempts
    }

    /// How long the real server holds the 530 of a wrong password out of
    /// the box: vsftpd 1 s (`delay_failed_login`), Pure-FTPd 3 s times the
    /// failures so far (and a random part below 3 s, left out), pyftpdlib
    /// 3 s (`auth_failed_timeout`); none for ProFTPD and RFC.
    pub fn default_failed_login_delay(self) -> FailedLoginDelay {
        self.table().session.failed_login_delay
    }

    /// Whether the real server has this limit. When it does not, the gate
    /// still enforces it, with the server's generic refusal.
    pub fn has_native(self, reason: super::RefusalReason) -> bool {
        self.table().rule(reason).native
    }
}

impl PresetTable {
    pub(crate) fn rule(&self, reason: super::RefusalReason) -> &Rule {
        use super::RefusalReason as R;
        match reason {
            R::TooManyClients => &self.too_many_clients,
            R::TooManyFromAddress => &self.too_many_from_address,
            R::RateLimited => &self.rate_limited,
            R::ShuttingDown => &self.shutting_down,
            R::TooManyLoggedIn => &self.too_many_logged_in,
            R::TooManyForUser => &self.too_many_for_user,
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A preset name that is not one of [`Preset::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownPreset(pub alloc::string::String);

impl fmt::Display for UnknownPreset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown server preset {:?}; expected one of ", self.0)?;
        for (i, preset) in Preset::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(preset.name())?;
        }
        Ok(())
    }
}

impl core::error::Error for UnknownPreset {}

impl FromStr for Preset {
    type Err = UnknownPreset;

    /// Accepts the names of [`Preset::name`], case-insensitively, and
    /// `pureftpd` / `pure_ftpd` for Pure-FTPd.
    fn from_str(name: &str) -> Result<Preset, UnknownPreset> {
        let found = Preset::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
            .or_else(|| {
                (name.eq_ignore_ascii_case("pureftpd") || name.eq_ignore_ascii_case("pure_ftpd"))
                    .then_some(Preset::PureFtpd)
            });
        found.ok_or_else(|| UnknownPreset(name.into()))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Preset {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Preset {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <alloc::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn names_round_trip() {
        for preset in Preset::ALL {
            assert_eq!(preset.to_string().parse::<Preset>(), Ok(preset));
            assert_eq!(preset.name().to_uppercase().parse::<Preset>(), Ok(preset));
        }
        assert_eq!("pureftpd".parse::<Preset>(), Ok(Preset::PureFtpd));
        let err = "wu-ftpd".parse::<Preset>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown server preset \"wu-ftpd\"; expected one of rfc, vsftpd, pure-ftpd, proftpd, pyftpdlib"
        );
    }

    #[test]
    fn every_connect_order_names_each_check_once() {
        for preset in Preset::ALL {
            let order = preset.table().connect_order;
            for check in [
                ConnectCheck::Clients,
                ConnectCheck::PerAddress,
                ConnectCheck::Rate,
                ConnectCheck::Shutdown,
            ] {
                assert_eq!(order.iter().filter(|&&c| c == check).count(), 1, "{preset}");
            }
        }
    }

    #[test]
    fn proftpd_never_refuses_a_limit_with_421() {
        use super::super::RefusalReason;
        let table = Preset::Proftpd.table();
        for reason in RefusalReason::ALL {
            assert_ne!(table.rule(reason).code, code(421), "{reason:?}");
        }
    }
}
