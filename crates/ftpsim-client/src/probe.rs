//! `ftpsim probe`: what a server says, which server it is, and where its
//! connection limit lies.
//!
//! [`identify`] opens one connection: the greeting with its bytes and
//! timing, SYST, FEAT, HELP, a verb no server knows, a login (the account
//! given, else anonymous), QUIT; the replies go to the core's fingerprints.
//!
//! [`find_limits`] opens connections one at a time, each held after its
//! greeting (and its login, where logins work, since some servers count
//! only logged-in sessions), until one is refused or the cap is reached;
//! then from each further source address, to tell a per-address limit from
//! a global one. Every connection ends with QUIT, and each step is bounded
//! by the timeout, so a probe never leaves a session behind.

use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use ftpsim::admission::fingerprint::{self, Identification, Seen, Stage};
use ftpsim::reply::parser::Config;
use serde::Serialize;

use crate::net::{connect_from, send_command};
use crate::reply_reader::{ReadError, ReplyReader, WireReply};

/// The most connections `--limits` opens, whatever is asked.
pub const HARD_CAP: u32 = 64;
/// `--max-connections` when not given.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 16;
/// The verb sent to see how a server answers what it does not know.
const UNKNOWN_VERB: &str = "XFTPSIMPROBE";

/// An account to log in with.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: String,
    pub password: String,
}

impl Account {
    /// The anonymous account, as browsers and curl send it.
    pub fn anonymous() -> Account {
        Account {
            user: "anonymous".into(),
            password: "probe@ftpsim.invalid".into(),
        }
    }
}

/// What to probe and how.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    pub target: SocketAddr,
    /// The account to log in with; `None` tries anonymous.
    pub account: Option<Account>,
    /// Source addresses for `--limits`, the first for the main run; empty:
    /// the machine's own.
    pub sources: Vec<IpAddr>,
    /// At most this many connections held at once (capped at [`HARD_CAP`]).
    pub max_connections: u32,
    /// The bound on every connect, read and write.
    pub timeout: Duration,
}

impl ProbeOptions {
    pub fn new(target: SocketAddr) -> ProbeOptions {
        ProbeOptions {
            target,
            account: None,
            sources: Vec::new(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            timeout: Duration::from_secs(5),
        }
    }

    fn cap(&self) -> u32 {
        self.max_connections.clamp(1, HARD_CAP)
    }
}

/// One reply as received.
#[derive(Debug, Clone, Serialize)]
pub struct SeenReply {
    pub code: u16,
    /// The bytes on the wire, as text (bytes that are not UTF-8 replaced).
    pub wire: String,
    /// The lines' texts, codes removed.
    pub lines: Vec<String>,
    /// Milliseconds from sending (or connecting) to the first byte.
    pub first_byte_ms: f64,
    /// Milliseconds from sending (or connecting) to the whole reply.
    pub complete_ms: f64,
}

/// How one step of a conversation ended.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    Reply(SeenReply),
    /// The server closed without a reply.
    Closed {
        partial: String,
    },
    TimedOut,
    Error {
        message: String,
    },
}

impl Answer {
    fn reply(&self) -> Option<&SeenReply> {
        match self {
            Answer::Reply(reply) => Some(reply),
            _ => None,
        }
    }

    fn code(&self) -> Option<u16> {
        self.reply().map(|r| r.code)
    }
}

/// One command and its answer (`command` is `None` for the greeting).
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub command: Option<String>,
    pub answer: Answer,
}

/// What one connection showed of the server.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    pub target: SocketAddr,
    pub steps: Vec<Step>,
    /// Whether the login (the account given, or anonymous) was accepted.
    pub logged_in: bool,
    pub server: Identification,
}

/// A control connection with its reader.
struct Conn {
    stream: TcpStream,
    reader: ReplyReader,
}

impl Conn {
    fn open(
        target: SocketAddr,
        source: Option<IpAddr>,
        timeout: Duration,
    ) -> Result<(Conn, Instant), String> {
        let started = Instant::now();
        let stream = connect_from(target, source, timeout).map_err(|e| match source {
            Some(ip) => format!("cannot connect to {target} from {ip}: {e}"),
            None => format!("cannot connect to {target}: {e}"),
        })?;
        stream
            .set_read_timeout(Some(timeout))
            .and_then(|()| stream.set_write_timeout(Some(timeout)))
            .map_err(|e| e.to_string())?;
        Ok((
            Conn {
                stream,
                reader: ReplyReader::new(Config::lenient()),
            },
            started,
        ))
    }

    fn read(&mut self, since: Instant) -> Answer {
        match self.reader.read_reply(&mut self.stream) {
            Ok(reply) => Answer::Reply(seen_reply(&reply, since)),
            Err(ReadError::Closed { partial }) => Answer::Closed {
                partial: String::from_utf8_lossy(&partial).into_owned(),
            },
            Err(err) if err.is_timeout() => Answer::TimedOut,
            Err(err) => Answer::Error {
                message: err.to_string(),
            },
        }
    }

    fn ask(&mut self, command: &str) -> Answer {
        let sent = Instant::now();
        if let Err(err) = send_command(&mut self.stream, command) {
            return Answer::Error {
                message: err.to_string(),
            };
        }
        self.read(sent)
    }

    /// QUIT, its answer and the server's close awaited within the
    /// timeout; whether the server confirmed both.
    fn quit(mut self) -> bool {
        let answered = self.ask("QUIT").code() == Some(221);
        let closed = matches!(self.read(Instant::now()), Answer::Closed { .. });
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
        answered && closed
    }
}

fn seen_reply(reply: &WireReply, since: Instant) -> SeenReply {
    let code = reply.code();
    let prefix = format!("{code}-");
    let lines = reply
        .reply()
        .lines()
        .iter()
        .map(|line| {
            let text = String::from_utf8_lossy(line);
            text.strip_prefix(prefix.as_str())
                .unwrap_or(&text)
                .to_string()
        })
        .collect();
    SeenReply {
        code,
        wire: String::from_utf8_lossy(reply.wire()).into_owned(),
        lines,
        first_byte_ms: ms(reply.first_byte_at().saturating_duration_since(since)),
        complete_ms: ms(reply.complete_at().saturating_duration_since(since)),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn stage_of(command: Option<&str>) -> Stage {
    match command.map(|c| c.split(' ').next().unwrap_or("")) {
        None => Stage::Greeting,
        Some("SYST") => Stage::Syst,
        Some("FEAT") => Stage::Feat,
        Some("HELP") => Stage::Help,
        Some("USER") => Stage::User,
        Some("PASS") => Stage::Pass,
        Some("QUIT") => Stage::Quit,
        Some(UNKNOWN_VERB) => Stage::UnknownCommand,
        Some(_) => Stage::Other,
    }
}

/// One connection's worth of questions, and the family they point at.
pub fn identify(options: &ProbeOptions) -> Result<Identity, String> {
    let source = options.sources.first().copied();
    let (mut conn, started) = Conn::open(options.target, source, options.timeout)?;
    let mut steps = vec![Step {
        command: None,
        answer: conn.read(started),
    }];
    let greeted = steps[0].answer.code() == Some(220);
    let mut logged_in = false;
    if greeted {
        for command in ["SYST", "FEAT", "HELP", UNKNOWN_VERB] {
            let answer = conn.ask(command);
            let done = answer.reply().is_none();
            steps.push(Step {
                command: Some(command.into()),
                answer,
            });
            if done {
                break;
            }
        }
        if steps.iter().all(|s| s.answer.reply().is_some()) {
            let account = options.account.clone().unwrap_or_else(Account::anonymous);
            logged_in = login(&mut conn, &account, &mut steps);
        }
    }
    let server = fingerprint::identify(&seen_of(&steps));
    if steps.iter().all(|s| s.answer.reply().is_some()) {
        let answer = conn.ask("QUIT");
        steps.push(Step {
            command: Some("QUIT".into()),
            answer,
        });
    }
    let _ = conn.stream.shutdown(std::net::Shutdown::Both);
    Ok(Identity {
        target: options.target,
        steps,
        logged_in,
        server,
    })
}

/// USER and PASS; whether the server said 230.
fn login(conn: &mut Conn, account: &Account, steps: &mut Vec<Step>) -> bool {
    let user = conn.ask(&format!("USER {}", account.user));
    let code = user.code();
    steps.push(Step {
        command: Some(format!("USER {}", account.user)),
        answer: user,
    });
    match code {
        Some(230) => true,
        Some(331) => {
            let pass = conn.ask(&format!("PASS {}", account.password));
            let ok = pass.code() == Some(230);
            steps.push(Step {
                // Never echo a password into a report.
                command: Some("PASS ****".into()),
                answer: pass,
            });
            ok
        }
        _ => false,
    }
}

fn seen_of(steps: &[Step]) -> Vec<Seen> {
    steps
        .iter()
        .filter_map(|step| {
            let reply = step.answer.reply()?;
            Some(Seen {
                stage: stage_of(step.command.as_deref()),
                code: reply.code,
                lines: reply.lines.clone(),
            })
        })
        .collect()
}

/// The connection that was turned away, and how.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// Connections held from this source when it came.
    pub after: u32,
    /// Where it came: in place of the greeting, or after USER or PASS.
    pub stage: Stage,
    pub answer: Answer,
    /// What the fingerprints make of its text.
    pub recognised: Vec<fingerprint::Recognised>,
}

/// One source address's run: how many it got in, and the refusal.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRun {
    /// `None`: the machine's own address.
    pub source: Option<IpAddr>,
    pub admitted: u32,
    pub refusal: Option<Refusal>,
}

/// Where the limit lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Another source address got in where the first was refused.
    PerAddress,
    /// Another source address was refused as well, at once.
    Global,
    /// Only one source address was tried; the refusal's text says which.
    FromText,
    /// Only one source address was tried and the text does not say.
    Unknown,
}

/// What `--limits` found.
#[derive(Debug, Clone, Serialize)]
pub struct LimitsFound {
    pub runs: Vec<SourceRun>,
    /// The connections admitted before the first refusal; `None`: no
    /// refusal within the cap.
    pub limit: Option<u32>,
    pub scope: Scope,
    /// Per-address or global, when known (from other sources or the text).
    pub per_address: Option<bool>,
    /// Whether the refusal came at login rather than at connect.
    pub at_login: bool,
    /// The cap the probe kept to.
    pub cap: u32,
    /// Connections still open at the end (0 unless something failed).
    pub left_open: u32,
}

/// Opens connections until the server refuses one; see the module docs.
pub fn find_limits(options: &ProbeOptions, logins: bool) -> Result<LimitsFound, String> {
    let cap = options.cap();
    let account = options.account.clone().unwrap_or_else(Account::anonymous);
    let mut held: Vec<Conn> = Vec::new();
    let mut runs = Vec::new();
    let sources: Vec<Option<IpAddr>> = if options.sources.is_empty() {
        vec![None]
    } else {
        options.sources.iter().copied().map(Some).collect()
    };
    let mut outcome = Ok(());
    for (index, &source) in sources.iter().enumerate() {
        // The first source fills up to the cap; each other one needs only
        // enough connections to show whether it has room of its own.
        let room = cap.saturating_sub(held.len() as u32);
        let want = if index == 0 {
            room
        } else {
            runs.first()
                .map_or(room, |r: &SourceRun| (r.admitted + 1).min(room))
        };
        match fill(options, source, want, logins, &account, &mut held) {
            Ok(run) => runs.push(run),
            Err(err) => {
                outcome = Err(err);
                break;
            }
        }
        if runs[0].refusal.is_none() {
            // No refusal within the cap: other sources tell nothing more.
            break;
        }
    }
    // A connection whose QUIT went unanswered is closed from this side
    // all the same; it is counted so that the report says so.
    let left_open = held.drain(..).map(Conn::quit).filter(|&ok| !ok).count() as u32;
    outcome?;
    let first = &runs[0];
    let limit = first.refusal.as_ref().map(|_| first.admitted);
    let at_login = first
        .refusal
        .as_ref()
        .is_some_and(|r| matches!(r.stage, Stage::User | Stage::Pass));
    let from_text = first.refusal.as_ref().and_then(|r| {
        let specific: Vec<_> = r.recognised.iter().filter(|x| x.specific).collect();
        specific.first().and_then(|x| match x.cause {
            fingerprint::Cause::Limit(ftpsim::admission::RefusalReason::TooManyFromAddress) => {
                Some(true)
            }
            fingerprint::Cause::Limit(
                ftpsim::admission::RefusalReason::TooManyClients
                | ftpsim::admission::RefusalReason::TooManyLoggedIn,
            ) => Some(false),
            _ => None,
        })
    });
    let (scope, per_address) = match runs.get(1) {
        Some(other) if limit.is_some() => {
            if other.refusal.is_some() && other.admitted == 0 {
                (Scope::Global, Some(false))
            } else {
                (Scope::PerAddress, Some(true))
            }
        }
        _ => match from_text {
            Some(per_address) => (Scope::FromText, Some(per_address)),
            None => (Scope::Unknown, None),
        },
    };
    Ok(LimitsFound {
        runs,
        limit,
        scope,
        per_address,
        at_login,
        cap,
        left_open,
    })
}

/// Opens up to `want` connections from `source`, each held, until one is
/// refused.
fn fill(
    options: &ProbeOptions,
    source: Option<IpAddr>,
    want: u32,
    logins: bool,
    account: &Account,
    held: &mut Vec<Conn>,
) -> Result<SourceRun, String> {
    let mut admitted = 0;
    while admitted < want {
        let (mut conn, started) = Conn::open(options.target, source, options.timeout)?;
        let greeting = conn.read(started);
        let refused = |stage, answer: Answer| {
            let recognised = answer
                .reply()
                .map(|r| fingerprint::recognise(r.code, r.lines.last().map_or("", String::as_str)))
                .unwrap_or_default();
            Some(Refusal {
                after: admitted,
                stage,
                answer,
                recognised,
            })
        };
        if greeting.code() != Some(220) {
            let _ = conn.stream.shutdown(std::net::Shutdown::Both);
            return Ok(SourceRun {
                source,
                admitted,
                refusal: refused(Stage::Greeting, greeting),
            });
        }
        if logins {
            let user = conn.ask(&format!("USER {}", account.user));
            let (stage, answer) = match user.code() {
                Some(331) => (Stage::Pass, conn.ask(&format!("PASS {}", account.password))),
                _ => (Stage::User, user),
            };
            if answer.code() != Some(230) {
                let _ = conn.stream.shutdown(std::net::Shutdown::Both);
                return Ok(SourceRun {
                    source,
                    admitted,
                    refusal: refused(stage, answer),
                });
            }
        }
        held.push(conn);
        admitted += 1;
    }
    Ok(SourceRun {
        source,
        admitted,
        refusal: None,
    })
}
