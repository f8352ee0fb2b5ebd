//! A sans-IO FTP server session: control-connection bytes in, replies and
//! a close out, time passed in as a value.
//!
//! The driver (the tokio server, the simulator, a test) owns the socket and
//! the clock, and follows one rule: **after every call that takes `now`,
//! drain [`Session::poll_output`], then arm a timer for
//! [`Session::poll_timeout`]**.
//!
//! ```
//! use std::sync::Arc;
//! use core::net::{IpAddr, Ipv4Addr};
//! use ftpsim::admission::{Gate, Preset, ServerSpec};
//! use ftpsim::session::{Output, Session, SessionConfig};
//! use ftpsim::time::Instant;
//!
//! let spec = ServerSpec::preset(Preset::Vsftpd);
//! let mut gate = Gate::from_spec(&spec);
//! let config = Arc::new(SessionConfig::from_spec(&spec));
//! let peer = IpAddr::V4(Ipv4Addr::LOCALHOST);
//! let mut session = Session::connect(&mut gate, config, peer, Instant::ZERO);
//! assert_eq!(session.poll_output(), Some(Output::Send(b"220 (vsFTPd 3.0.3)\r\n".to_vec())));
//! session.handle_input(&mut gate, Instant::ZERO, b"QUIT\r\n");
//! assert_eq!(session.poll_output(), Some(Output::Send(b"221 Goodbye.\r\n".to_vec())));
//! assert_eq!(session.poll_output(), Some(Output::Close));
//! assert_eq!(gate.active(), 0);
//! ```
//!
//! What it covers: admission (through the [`Gate`]), the warm-up `120`,
//! login (USER, PASS, anonymous, the preset's login limits, a limit on
//! failed passwords and the preset's delay before a wrong password's 530,
//! timed through [`Session::poll_timeout`] like every other wait), QUIT, NOOP, SYST, FEAT, HELP, OPTS UTF8, TYPE, PWD,
//! the idle timeout, a shutdown, and correct refusals for everything else
//! (500, 501, 502, 503, 530, 425 for transfers). It never touches a file
//! system and never opens a data connection.
//!
//! Input is bounded: a command line longer than
//! [`SessionConfig::max_line`] is answered with 500 and dropped up to the
//! next LF. Telnet IAC sequences are removed (`IAC IAC` is a 0xFF byte).
//! Verbs are matched case-insensitively; lines end at CRLF or bare LF. A
//! user name that is not UTF-8 gets 501; passwords are compared as bytes.
//!
//! Every rule about which phase follows which event lives in
//! `transitions.rs`; the texts live in the preset table
//! (`admission/preset.rs`), which the session reads through its
//! configuration's [`Preset`](crate::admission::Preset).
//!
//! The session needs the gate only to admit (at [`Session::connect`]), to
//! log in and to release its slots: every other call takes any
//! [`Slots`], which a server may implement by taking its lock for just those
//! moments, so that commands never wait for one another.
//!
//! ## Slots
//! A welcomed session holds one connection slot in the gate, and a
//! logged-in one also a login slot. Both are released exactly once, when
//! the session closes, whatever the path: QUIT, idle timeout, refusal at
//! login, too many failed passwords, the peer closing, or a shutdown. A
//! driver must therefore tell the session when the peer goes away
//! ([`Session::handle_peer_closed`]); dropping an open session leaks its
//! slot.

mod command;
mod config;
mod data;
mod line;
mod listing;
mod output;
mod script;
#[cfg(test)]
mod tests;
mod transitions;

use alloc::collections::VecDeque;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::net::IpAddr;
use core::time::Duration;

pub use config::{DEFAULT_MAX_LINE, Faults, SessionConfig, Uploads};
pub use data::Fill;
pub use output::{Outcome, Output};
pub use script::{Side, Step, Transcript, TranscriptEntry, run_script};
pub use transitions::Phase;

use crate::admission::{Admission, Gate, LoginCheck, LoginStage, Slots, Welcome};
use crate::admission::{Framing, Line as TextLine, SessionTexts, text};
use crate::reply::ReplyCode;
use crate::time::Instant;
use crate::vfs::{Store, VPath};
use command::{Command, Verb};
use data::{Channel, Transfer};
use line::{LineSplitter, Piece};
use transitions::{Action, Event};

const ANONYMOUS: &str = "anonymous";

/// One FTP control connection, server side.
#[derive(Clone, Debug)]
pub struct Session {
    config: Arc<SessionConfig>,
    peer: IpAddr,
    phase: Phase,
    /// The name given with USER (lossless: it was UTF-8).
    user: Option<String>,
    anonymous: bool,
    welcome: Option<Welcome>,
    /// Holding a connection slot in the gate.
    holds_slot: bool,
    /// Holding a login slot in the gate, under this name.
    login_slot: Option<String>,
    failed_logins: u32,
    /// A wrong password's 530, held until the preset's delay has passed.
    login_hold: Option<LoginHold>,
    splitter: LineSplitter,
    /// What the driver has to do, in order; reply bytes wait in `outbox`.
    outputs: VecDeque<Queued>,
    /// Every reply not yet taken, back to back: replies are written here,
    /// not each into a buffer of its own.
    outbox: Vec<u8>,
    last_activity: Instant,
    /// During a warm-up: when to send the 220.
    ready_at: Option<Instant>,
    /// The shutdown's `disconnect_at`, as the gate knew it at connect.
    disconnect_at: Option<Instant>,
    outcome: Option<Outcome>,
    /// The tree served, if any (see [`Session::serve_files`]).
    files: Option<Arc<dyn Store>>,
    cwd: VPath,
    /// TYPE A in force.
    ascii: bool,
    /// The offset REST set for the next transfer.
    rest: u64,
    /// RNFR's path, until RNTO.
    rename_from: Option<VPath>,
    epsv_all: bool,
    channel: Channel,
    transfer: Option<Transfer>,
    /// Whether the gate counts a data socket for this session.
    holds_data_socket: bool,
    /// Command lines that arrived while a transfer ran, answered after it.
    deferred: VecDeque<Vec<u8>>,
    deferred_bytes: usize,
    commands: u32,
    transfers: u32,
    data_connections: u32,
    /// Bytes moved by uploads and by downloads of files (listings are not
    /// counted), as Pure-FTPd's QUIT quotes them.
    uploaded: u64,
    downloaded: u64,
    /// Bytes moved by every data connection, listings included, as
    /// ProFTPD's STAT quotes them.
    data_bytes: u64,
}

impl Session {
    /// A client connected from `peer`: asks the gate, then queues the
    /// greeting (or `120` now and the 220 at the end of the warm-up), or the
    /// preset's refusal and a close.
    pub fn connect(
        gate: &mut Gate,
        config: Arc<SessionConfig>,
        peer: IpAddr,
        now: Instant,
    ) -> Session {
        match gate.on_connect(peer, now) {
            Admission::Welcome(welcome) => Session::welcomed(config, peer, welcome, now),
            Admission::Refuse(refusal) => {
                let mut session = Session::new(config, peer, now);
                let mut out = Vec::new();
                let preset = session.config.preset;
                if preset.write_refusal(&refusal, gate.shutdown_message(), &mut out) {
                    session.send(out);
                }
                session.close(gate, now, Outcome::Refused(refusal.reason));
                session
            }
        }
    }

    /// A session for a client the driver has already admitted with
    /// [`Gate::on_connect`] (say, in an accept loop that refuses without
    /// spawning a task). The session takes over the connection slot that
    /// `welcome` stands for and releases it when it closes.
    pub fn welcomed(
        config: Arc<SessionConfig>,
        peer: IpAddr,
        welcome: Welcome,
        now: Instant,
    ) -> Session {
        let mut session = Session::new(config, peer, now);
        session.holds_slot = true;
        session.welcome = Some(welcome);
        match welcome.ready_at.filter(|&ready_at| now < ready_at) {
            Some(ready_at) => {
                session.phase = Phase::WarmingUp;
                session.ready_at = Some(ready_at);
                let reply = session.config.preset.warmup_reply(now, ready_at);
                session.send(reply.to_bytes());
            }
            None => session.greet(now),
        }
        session
    }

    fn new(config: Arc<SessionConfig>, peer: IpAddr, now: Instant) -> Session {
        let max_line = config.max_line;
        let disconnect_at = config.shutdown.as_ref().map(|s| s.disconnect_at);
        Session {
            config,
            peer,
            phase: Phase::NeedUser,
            user: None,
            anonymous: false,
            welcome: None,
            holds_slot: false,
            login_slot: None,
            failed_logins: 0,
            login_hold: None,
            splitter: LineSplitter::new(max_line),
            outputs: VecDeque::new(),
            outbox: Vec::new(),
            last_activity: now,
            ready_at: None,
            disconnect_at,
            outcome: None,
            files: None,
            cwd: VPath::ROOT,
            // RFC 959's default, and every real server's (measured: vsftpd's
            // STAT, Pure-FTPd's and pyftpdlib's RETR, ProFTPD's LIST).
            ascii: true,
            rest: 0,
            rename_from: None,
            epsv_all: false,
            channel: Channel::None,
            transfer: None,
            holds_data_socket: false,
            deferred: VecDeque::new(),
            deferred_bytes: 0,
            commands: 0,
            transfers: 0,
            data_connections: 0,
            uploaded: 0,
            downloaded: 0,
            data_bytes: 0,
        }
    }

    /// Bytes from the client. Complete lines are answered in order; a
    /// partial line waits for the rest. Input after the session closed is
    /// ignored.
    pub fn handle_input(&mut self, gate: &mut impl Slots, now: Instant, bytes: &[u8]) {
        self.check_shutdown(gate, now);
        // Bytes that arrive during a login delay were read after it began.
        let held_before = self.login_hold.is_some();
        let mut rest = bytes;
        // The splitter lends out its line; take it out of `self` meanwhile.
        let mut splitter = core::mem::replace(&mut self.splitter, LineSplitter::new(1));
        while self.phase != Phase::Closed && !rest.is_empty() {
            let (used, piece) = splitter.next(rest);
            rest = &rest[used..];
            match piece {
                Some(Piece::Line(line)) => {
                    let command = Command::parse(line);
                    if self.must_wait_for_login_delay(&command, held_before)
                        || self.must_defer(&command)
                    {
                        self.defer(line);
                    } else {
                        self.on_line(gate, now, line);
                    }
                }
                Some(Piece::Overlong) => {
                    self.last_activity = now;
                    self.reply_line(&self.texts().line_too_long, &[], &[]);
                }
                None => {}
            }
        }
        self.splitter = splitter;
    }

    /// Time passed: sends the 220 at the end of a warm-up, ends an idle
    /// session, or ends every session at the shutdown. Call it when
    /// [`Session::poll_timeout`] is due (calling it early is harmless).
    pub fn handle_timeout(&mut self, gate: &mut impl Slots, now: Instant) {
        self.check_shutdown(gate, now);
        if self.phase == Phase::Closed {
            return;
        }
        if let Some(ready_at) = self.ready_at
            && now >= ready_at
        {
            self.ready_at = None;
            self.greet(now);
        }
        if self.login_hold.is_some_and(|hold| now >= hold.until) {
            self.release_login_hold(gate, now);
            if self.phase == Phase::Closed {
                return;
            }
        }
        if self.data_deadline().is_some_and(|at| now >= at) {
            self.data_timeout(gate, now);
            if self.phase == Phase::Closed {
                return;
            }
        }
        if let (Some(timeout), Some(deadline)) = (self.config.idle_timeout, self.idle_deadline())
            && now >= deadline
        {
            let reply = self.config.preset.idle_reply(timeout);
            self.send(reply.to_bytes());
            self.close(gate, now, Outcome::IdleTimeout);
        }
    }

    /// The client closed its side (EOF) or the connection broke.
    pub fn handle_peer_closed(&mut self, gate: &mut impl Slots, now: Instant) {
        if self.phase != Phase::Closed {
            self.close(gate, now, Outcome::PeerClosed);
        }
    }

    /// The server is shutting down: sends the preset's shutdown reply (none
    /// for a logged-in anonymous ProFTPD session), quoting the planned
    /// shutdown's message if there is one, and closes.
    pub fn shutdown(&mut self, gate: &mut impl Slots, now: Instant) {
        if self.phase == Phase::Closed {
            return;
        }
        let anonymous_logged_in = self.phase == Phase::LoggedIn && self.anonymous;
        let message = self
            .config
            .shutdown
            .as_ref()
            .map_or("", |s| s.message.as_str());
        if let Some(reply) = self
            .config
            .preset
            .shutdown_reply(anonymous_logged_in, message)
        {
            self.send(reply.to_bytes());
        }
        self.close(gate, now, Outcome::ShutDown);
    }

    /// The next effect for the driver, in order; `None` when there is
    /// nothing more until the next input or timeout.
    #[must_use = "an output is an effect the driver must carry out"]
    pub fn poll_output(&mut self) -> Option<Output> {
        Some(match self.outputs.pop_front()? {
            Queued::Reply(len) => Output::Send(self.outbox.drain(..len).collect()),
            Queued::Effect(output) => output,
        })
    }

    /// Appends to `out` the replies queued before the next other output,
    /// in order, and returns how many bytes that was; [`Session::poll_output`]
    /// then gives that other output. A driver that writes every reply
    /// through one buffer of its own this way, as with quinn-proto's or
    /// rustls's, costs no allocation per reply.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use core::net::{IpAddr, Ipv4Addr};
    /// use ftpsim::admission::{Gate, Preset, ServerSpec};
    /// use ftpsim::session::{Session, SessionConfig};
    /// use ftpsim::time::Instant;
    ///
    /// let spec = ServerSpec::preset(Preset::Vsftpd);
    /// let mut gate = Gate::from_spec(&spec);
    /// let config = Arc::new(SessionConfig::from_spec(&spec));
    /// let peer = IpAddr::V4(Ipv4Addr::LOCALHOST);
    /// let mut session = Session::connect(&mut gate, config, peer, Instant::ZERO);
    /// session.handle_input(&mut gate, Instant::ZERO, b"USER anonymous\r\n");
    /// let mut wire = Vec::with_capacity(4096);
    /// session.write_replies(&mut wire);
    /// assert_eq!(wire, b"220 (vsFTPd 3.0.3)\r\n331 Please specify the password.\r\n");
    /// ```
    pub fn write_replies(&mut self, out: &mut Vec<u8>) -> usize {
        let mut written = 0;
        while let Some(&Queued::Reply(len)) = self.outputs.front() {
            out.extend_from_slice(&self.outbox[written..written + len]);
            written += len;
            self.outputs.pop_front();
        }
        self.outbox.drain(..written);
        written
    }

    /// When [`Session::handle_timeout`] is next due; `None` when closed or
    /// when nothing is timed.
    #[must_use = "the driver must call handle_timeout when this instant comes"]
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.phase == Phase::Closed {
            return None;
        }
        [
            self.ready_at,
            self.idle_deadline(),
            self.disconnect_at,
            self.data_deadline(),
            self.login_hold.map(|hold| hold.until),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    pub fn is_closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    pub fn peer(&self) -> IpAddr {
        self.peer
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The user name given with USER (`None` before it, or after a failed
    /// password).
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    pub fn is_logged_in(&self) -> bool {
        self.phase == Phase::LoggedIn
    }

    /// How the session ended; `None` while it is open.
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
    }

    /// What the gate said at connect; `None` for a refused session.
    pub fn welcome(&self) -> Option<Welcome> {
        self.welcome
    }

    /// Wrong passwords so far.
    pub fn failed_logins(&self) -> u32 {
        self.failed_logins
    }

    /// Bytes of an unfinished command line held in the input buffer; never
    /// more than [`SessionConfig::max_line`].
    pub fn buffered(&self) -> usize {
        self.splitter.buffered()
    }

    pub fn config(&self) -> &Arc<SessionConfig> {
        &self.config
    }

    /// Whether a wrong password's 530 is being held.
    pub fn is_delaying_login(&self) -> bool {
        self.login_hold.is_some()
    }

    /// No idle deadline while a transfer runs (a long download is not an
    /// idle session), nor while the server holds a 530: it is the server
    /// that is silent then.
    fn idle_deadline(&self) -> Option<Instant> {
        if self.transfer.is_some() || self.login_hold.is_some() {
            return None;
        }
        self.config
            .idle_timeout
            .map(|timeout| self.last_activity + timeout)
    }

    fn check_shutdown(&mut self, gate: &mut impl Slots, now: Instant) {
        if self.disconnect_at.is_some_and(|at| now >= at) {
            self.shutdown(gate, now);
        }
    }

    fn greet(&mut self, now: Instant) {
        let Some(welcome) = self.welcome else { return };
        let mut out = Vec::new();
        self.config.preset.write_greeting(
            &welcome,
            self.config.max_clients,
            &self.config.effective_banner(),
            now,
            &mut out,
        );
        self.send(out);
        self.phase = transitions::next(self.phase, Event::Greeted);
    }

    /// The preset's session texts. The table is `'static`, so holding it
    /// does not borrow the session.
    fn texts(&self) -> &'static SessionTexts {
        &self.config.preset.table().session
    }

    fn on_line(&mut self, gate: &mut impl Slots, now: Instant, line: &[u8]) {
        self.last_activity = now;
        let texts = self.texts();
        let command = Command::parse(line);
        self.commands = self.commands.saturating_add(1);
        if self
            .config
            .faults
            .close_after_commands
            .is_some_and(|n| self.commands > n)
            && self.phase != Phase::Closed
        {
            self.fault_close(gate, now);
            return;
        }
        let action = transitions::action(self.phase, command.verb, texts.housekeeping_before_login);
        match action {
            Action::Ignore => {}
            Action::Quit => {
                let mut out = Vec::new();
                let lines: Vec<Vec<u8>> = texts
                    .quit
                    .iter()
                    .map(|pieces| {
                        let mut line = Vec::new();
                        let args = text::Args {
                            uploaded: self.uploaded,
                            downloaded: self.downloaded,
                            ..text::Args::default()
                        };
                        text::write_pieces(&mut line, pieces, &args);
                        line
                    })
                    .collect();
                crate::admission::write_every_line_coded(
                    &mut out,
                    ReplyCode::CLOSING_CONTROL,
                    &lines,
                );
                self.send(out);
                self.close(gate, now, Outcome::Quit);
            }
            Action::AlreadyLoggedIn => match texts.anonymous_pass_after_login {
                Some(reply) if self.anonymous && command.verb == Verb::Pass => {
                    self.reply_line(&reply, &[], &[]);
                }
                _ => self.reply_line(&texts.bad_sequence, &[], &[]),
            },
            Action::NotYet => self.reply_line(&texts.bad_sequence, &[], &[]),
            Action::User => self.on_user(gate, now, texts, command.arg),
            Action::Pass => self.on_pass(gate, now, texts, command.arg),
            Action::PassWithoutUser => self.reply_line(&texts.pass_without_user, &[], &[]),
            Action::NeedLogin => self.reply_line(&texts.not_logged_in, &[], &[]),
            Action::Noop => self.reply_line(&texts.noop, &[], &[]),
            Action::Syst => self.reply_line(&texts.syst, &[], &[]),
            Action::Feat => {
                let features = if self.files.is_some() {
                    texts.data.features
                } else {
                    FEATURES
                };
                self.reply_framed(FEAT_CODE, texts.feat, features);
            }
            Action::Help => {
                let commands = if self.files.is_some() {
                    HELP_DATA_COMMANDS
                } else {
                    HELP_COMMANDS
                };
                self.reply_framed(HELP_CODE, texts.help, commands);
            }
            Action::Opts => {
                let arg = trim(command.arg);
                if arg.eq_ignore_ascii_case(b"UTF8 ON") || arg.eq_ignore_ascii_case(b"UTF8") {
                    self.reply_line(&texts.opts_utf8, &[], &[]);
                } else {
                    self.reply_line(&texts.syntax_error, &[], &[]);
                }
            }
            Action::Type => {
                let arg = trim(command.arg);
                if arg.is_empty() {
                    self.reply_line(&texts.syntax_error, &[], &[]);
                } else if arg.eq_ignore_ascii_case(b"A") || arg.eq_ignore_ascii_case(b"A N") {
                    self.ascii = true;
                    self.reply_line(&texts.type_ascii, &[], &[]);
                } else if arg.eq_ignore_ascii_case(b"I") || arg.eq_ignore_ascii_case(b"L 8") {
                    self.ascii = false;
                    self.reply_line(&texts.type_binary, &[], &[]);
                } else {
                    let args = text::Args {
                        arg,
                        ..text::Args::default()
                    };
                    let code = texts.type_unknown.code;
                    let start = self.outbox.len();
                    let out = &mut self.outbox;
                    if texts.type_unknown_quotes_type {
                        // Its text on a first line, the type in force on
                        // the last.
                        let now_in = if self.ascii {
                            texts.type_ascii
                        } else {
                            texts.type_binary
                        };
                        out.extend_from_slice(&code.digits());
                        out.push(b'-');
                        text::write_pieces(out, texts.type_unknown.text, &args);
                        out.extend_from_slice(b"\r\n");
                        text::write_reply(out, code, now_in.text, &args);
                    } else {
                        text::write_reply(out, code, texts.type_unknown.text, &args);
                    }
                    self.queue_reply_from(start);
                }
            }
            Action::Pwd => {
                let path = self.cwd.to_string_lossless();
                let args = text::Args {
                    path: &path,
                    ..text::Args::default()
                };
                let mut out = Vec::new();
                text::write_reply(&mut out, texts.pwd.code, texts.pwd.text, &args);
                self.send(out);
            }
            Action::Data(verb) => self.on_data_command(gate, now, verb, command.arg),
            Action::NotImplemented => self.reply_line(&texts.not_implemented, &[], &[]),
            Action::Unknown => {
                let verb = command.verb_text.to_ascii_uppercase();
                self.reply_line(&texts.unknown_command, &[], &verb);
            }
        }
    }

    fn on_user(&mut self, gate: &mut impl Slots, now: Instant, texts: &SessionTexts, arg: &[u8]) {
        let name = match core::str::from_utf8(arg) {
            Ok(name) if !name.trim().is_empty() => name,
            _ => {
                self.reply_line(&texts.syntax_error, &[], &[]);
                return;
            }
        };
        let anonymous = name.eq_ignore_ascii_case(ANONYMOUS) || name.eq_ignore_ascii_case("ftp");
        self.user = Some(name.to_string());
        self.anonymous = anonymous;
        let logs_in_at_user = anonymous
            && self.config.anonymous
            && self.config.preset.login_stage(true) == LoginStage::User;
        if logs_in_at_user {
            self.log_in(gate, now, texts);
        } else {
            let reply = if anonymous {
                &texts.anonymous_user_ok
            } else {
                &texts.user_ok
            };
            self.reply_line(reply, arg, &[]);
            self.phase = transitions::next(self.phase, Event::UserAccepted);
        }
    }

    fn on_pass(&mut self, gate: &mut impl Slots, now: Instant, texts: &SessionTexts, arg: &[u8]) {
        let Some(user) = self.user.as_deref() else {
            self.reply_line(&texts.pass_without_user, &[], &[]);
            return;
        };
        let accepted =
            (self.anonymous && self.config.anonymous) || self.config.password_matches(user, arg);
        if accepted {
            self.log_in(gate, now, texts);
            return;
        }
        self.failed_logins = self.failed_logins.saturating_add(1);
        let max = self.config.max_login_attempts;
        let last = max > 0 && self.failed_logins >= max;
        if !last {
            self.user = None;
            self.anonymous = false;
            self.phase = transitions::next(self.phase, Event::PasswordRejected);
        }
        let delay = self
            .config
            .failed_login_delay
            .before_reply(self.failed_logins);
        if delay.is_zero() {
            self.answer_failed_login(gate, now, last);
        } else {
            self.login_hold = Some(LoginHold {
                until: now.saturating_add(delay),
                last,
            });
        }
    }

    /// Whether a command line must wait for a held 530. vsftpd and
    /// Pure-FTPd sleep before writing it, so everything after the PASS is
    /// read afterwards; pyftpdlib stops reading its socket but answers the
    /// lines it had already read (here: the rest of the same input), except
    /// a new login, which waits for the first one's answer (pyftpdlib would
    /// start it at once, with a second 530 timer of its own; one held reply
    /// at a time keeps the session's state bounded).
    fn must_wait_for_login_delay(&self, command: &Command<'_>, held_before: bool) -> bool {
        if self.login_hold.is_none() {
            return false;
        }
        held_before
            || !self.texts().answers_read_lines_during_login_delay
            || matches!(command.verb, Verb::User | Verb::Pass)
    }

    /// The held 530 is due: send it (and close after the last allowed
    /// failure), then answer what waited for it.
    fn release_login_hold(&mut self, gate: &mut impl Slots, now: Instant) {
        let Some(hold) = self.login_hold.take() else {
            return;
        };
        self.last_activity = now;
        self.answer_failed_login(gate, now, hold.last);
        self.run_deferred(gate, now);
    }

    fn answer_failed_login(&mut self, gate: &mut impl Slots, now: Instant, last: bool) {
        let texts = self.texts();
        if last {
            self.reply_line(&texts.login_failed_final, &[], &[]);
            self.close(gate, now, Outcome::TooManyLoginFailures);
        } else {
            self.reply_line(&texts.login_failed, &[], &[]);
        }
    }

    /// Credentials are good: the gate's login limits decide.
    fn log_in(&mut self, gate: &mut impl Slots, now: Instant, texts: &SessionTexts) {
        let name = if self.anonymous {
            ANONYMOUS.to_string()
        } else {
            self.user.clone().unwrap_or_default()
        };
        match gate.login(self.peer, &name, now) {
            LoginCheck::Allow => {
                let reply = if self.anonymous {
                    &texts.anonymous_login_ok
                } else {
                    &texts.login_ok
                };
                self.reply_line(reply, name.as_bytes(), &[]);
                self.login_slot = Some(name);
                self.phase = transitions::next(self.phase, Event::LoggedIn);
            }
            LoginCheck::Refuse(refusal) => {
                let mut out = Vec::new();
                // Login limits never quote a shutdown message.
                if self.config.preset.write_refusal(&refusal, "", &mut out) {
                    self.send(out);
                }
                self.close(gate, now, Outcome::LoginRefused(refusal.reason));
            }
        }
    }

    /// Releases what the session holds in the gate (once), and queues the
    /// close.
    fn close(&mut self, gate: &mut impl Slots, now: Instant, outcome: Outcome) {
        if self.phase == Phase::Closed {
            return;
        }
        self.transfer = None;
        self.login_hold = None;
        self.deferred.clear();
        self.deferred_bytes = 0;
        self.drop_channel(gate);
        if let Some(name) = self.login_slot.take() {
            gate.logout(self.peer, &name, now);
        }
        if core::mem::take(&mut self.holds_slot) {
            gate.release(self.peer, now);
        }
        self.phase = transitions::next(self.phase, Event::Closed);
        self.ready_at = None;
        self.outcome = Some(outcome);
        self.push_effect(Output::Close);
    }

    fn push_effect(&mut self, output: Output) {
        self.outputs.push_back(Queued::Effect(output));
    }

    /// Queues the reply written at the end of the outbox from `start`.
    fn queue_reply_from(&mut self, start: usize) {
        let len = self.outbox.len() - start;
        if len > 0 {
            self.outputs.push_back(Queued::Reply(len));
        }
    }

    fn send(&mut self, bytes: Vec<u8>) {
        let start = self.outbox.len();
        self.outbox.extend_from_slice(&bytes);
        self.queue_reply_from(start);
    }

    fn reply_line(&mut self, line: &TextLine, user: &[u8], verb: &[u8]) {
        let args = text::Args {
            user,
            verb,
            idle_seconds: self
                .config
                .idle_timeout
                .map_or(0, |t| Duration::as_secs(&t)),
            ..text::Args::default()
        };
        let start = self.outbox.len();
        text::write_reply(&mut self.outbox, line.code, line.text, &args);
        self.queue_reply_from(start);
    }

    /// A multiline reply: the preset's first and last lines around `items`,
    /// each indented by one space.
    fn reply_framed(&mut self, code: ReplyCode, framing: Framing, items: &[&str]) {
        let start = self.outbox.len();
        let out = &mut self.outbox;
        out.extend_from_slice(&code.digits());
        out.push(b'-');
        out.extend_from_slice(framing.first.as_bytes());
        out.extend_from_slice(b"\r\n");
        for item in items {
            out.push(b' ');
            out.extend_from_slice(item.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        crate::reply::format::write_single(out, code, framing.last);
        self.queue_reply_from(start);
    }
}

/// A wrong password's 530 waiting for its delay.
#[derive(Clone, Copy, Debug)]
struct LoginHold {
    until: Instant,
    /// The last failure allowed: the session closes after the 530.
    last: bool,
}

/// An entry of the session's queue: a reply waiting in the outbox (its
/// length), or any other effect.
#[derive(Clone, Debug)]
enum Queued {
    Reply(usize),
    Effect(Output),
}

/// What FEAT advertises: exactly the extensions the session implements.
const FEATURES: &[&str] = &["UTF8"];

/// What HELP lists: exactly the commands the session carries out.
const HELP_COMMANDS: &[&str] = &["USER PASS QUIT NOOP SYST FEAT HELP OPTS TYPE PWD"];

/// What HELP lists when the session serves a tree.
const HELP_DATA_COMMANDS: &[&str] = &[
    "USER PASS QUIT NOOP SYST FEAT HELP OPTS TYPE PWD XPWD CWD XCWD CDUP XCUP",
    "PASV EPSV PORT EPRT LIST NLST MLSD MLST RETR STOR APPE STOU REST ABOR",
    "SIZE MDTM MKD XMKD RMD XRMD DELE RNFR RNTO STAT ALLO MODE STRU",
];

const FEAT_CODE: ReplyCode = match ReplyCode::new(211) {
    Ok(code) => code,
    Err(_) => panic!("211 is a reply code"),
};

const HELP_CODE: ReplyCode = match ReplyCode::new(214) {
    Ok(code) => code,
    Err(_) => panic!("214 is a reply code"),
};

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != b' ').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| *b != b' ')
        .map_or(start, |e| e + 1);
    &bytes[start..end.max(start)]
}
