//! What went wrong, from what a user has: a client's log or a capture.
//!
//! [`diagnose`] takes the text of FileZilla's message log, WinSCP's session
//! log, `lftp -d`, `curl -v`, Python ftplib's debug output or a raw
//! capture, finds the replies in it with the core's parser, names the
//! server (through [`crate::admission::fingerprint`]), and for
//! every refusal says why it came and what to change, for the client that
//! wrote the log (from [`crate::clients`]), in English or French.
//!
//! ```
//! use ftpsim::diagnose::{Cause, diagnose};
//! use ftpsim::Lang;
//!
//! let log = "Status:\tConnecting to 127.0.0.1:21...\n\
//!            Response:\t421 Too many connections (8) from this IP\n\
//!            Error:\tCould not connect to server\n";
//! let d = diagnose(log, Lang::En);
//! assert_eq!(d.findings[0].cause, Cause::PerAddressLimit);
//! assert_eq!(d.findings[0].number, Some(8));
//! assert!(d.findings[0].fix.contains("Maximum simultaneous transfers"));
//! ```

mod read;
mod texts;

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

pub use read::Source;
use read::{Entry, Event};

use crate::admission::RefusalReason;
use crate::admission::fingerprint::{self, Family, Identification, Recognised, Seen, Stage};
use crate::clients::{self, ClientProfile};
use crate::lang::{Lang, Text};
use crate::reply::parser::{Config, ReplyDecoder};

/// Why a connection was refused or ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Cause {
    /// A per-address limit (vsftpd `max_per_ip`, Pure-FTPd `-C`, ProFTPD
    /// `MaxConnectionsPerHost`).
    PerAddressLimit,
    /// A limit on every connection (vsftpd `max_clients`, Pure-FTPd `-c`).
    GlobalLimit,
    RateLimit,
    /// A limit on logged-in sessions, checked after PASS.
    LoginLimit,
    PerUserLimit,
    /// A shutdown: new connections refused.
    ShuttingDown,
    /// A shutdown that ended a live session.
    Shutdown,
    IdleTimeout,
    /// The connection closed without a byte.
    SilentClose,
    /// A 421 the client wrote itself on a closed connection.
    MadeUpByClient,
    /// A Windows socket error number, not an FTP reply.
    SocketError,
    /// A wrong name or password: not a limit.
    LoginRefused,
    /// A refusal whose words no known server uses.
    Unrecognised,
}

/// One refusal or ending found in the text.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Finding {
    /// The line of the text (from 1) where it shows.
    pub line: usize,
    /// That line, as written.
    pub quote: String,
    /// The reply's code, when there is a reply.
    pub code: Option<u16>,
    pub stage: Stage,
    pub cause: Cause,
    /// The server the text belongs to, when known.
    pub family: Option<Family>,
    /// The limit, the timeout in seconds, or the socket error's number.
    pub number: Option<u32>,
    pub explanation: String,
    pub fix: String,
}

/// Everything [`diagnose`] found.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Diagnosis {
    pub lang: Lang,
    pub source: Source,
    /// The client's profile key, when the log's format names the client.
    pub client: Option<&'static str>,
    pub replies: usize,
    pub server: Identification,
    pub findings: Vec<Finding>,
}

/// Reads `text` and explains every refusal in it, in `lang`.
pub fn diagnose(text: &str, lang: Lang) -> Diagnosis {
    let source = read::detect(text);
    diagnose_as(text, source, lang)
}

/// [`diagnose`] with the format given rather than detected.
pub fn diagnose_as(text: &str, source: Source, lang: Lang) -> Diagnosis {
    let entries = read::events(text, source);
    let replies = assemble(&entries);
    let seen: Vec<Seen> = replies.iter().map(|r| r.seen.clone()).collect();
    let server = fingerprint::identify(&seen);
    let profile = source.client_key().and_then(clients::find);
    let context = Context {
        lang,
        family: server.family,
        profile,
    };
    let mut findings = Vec::new();
    for reply in &replies {
        if let Some(finding) = context.reply_finding(reply) {
            findings.push(finding);
        }
    }
    context.event_findings(&entries, &replies, &mut findings);
    findings.sort_by_key(|f| f.line);
    Diagnosis {
        lang,
        source,
        client: profile.map(|p| p.key),
        replies: replies.len(),
        server,
        findings,
    }
}

/// A reply as found in the text.
struct Found {
    seen: Seen,
    /// The line of the text where its first line is.
    first_line: usize,
    quote: String,
}

/// Reply lines through the core's parser, each reply placed by what the
/// client had sent before it.
fn assemble(entries: &[Entry]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut decoder = ReplyDecoder::new(Config::lenient());
    let mut stage = Stage::Greeting;
    let mut first_line = None;
    let mut quote = String::new();
    for entry in entries {
        match &entry.event {
            Event::Connect | Event::Closed => {
                decoder = ReplyDecoder::new(Config::lenient());
                stage = Stage::Greeting;
                first_line = None;
            }
            Event::Command(command) => stage = stage_of(command),
            Event::ClientError(_) => {}
            Event::ReplyLine(text) => {
                if first_line.is_none() {
                    first_line = Some(entry.line);
                    quote = entry.text.clone();
                }
                let mut bytes = text.clone().into_bytes();
                bytes.extend_from_slice(b"\r\n");
                if decoder.feed(&bytes).is_err() {
                    // A line the parser refuses starts nothing; begin anew.
                    decoder = ReplyDecoder::new(Config::lenient());
                    first_line = None;
                    continue;
                }
                while let Some(parsed) = decoder.next_reply() {
                    let reply = parsed.reply();
                    let code = reply.code().get();
                    let lines = (0..reply.lines().len())
                        .filter_map(|i| reply.line_text(i))
                        .map(|l| strip_code(&l, code))
                        .collect();
                    out.push(Found {
                        seen: Seen { stage, code, lines },
                        first_line: first_line.unwrap_or(entry.line),
                        quote: if first_line == Some(entry.line) {
                            entry.text.clone()
                        } else {
                            quote.clone()
                        },
                    });
                    first_line = None;
                    // A preliminary reply leaves the command pending.
                    if code >= 200 {
                        stage = Stage::Other;
                    }
                }
            }
        }
    }
    out
}

/// The text of an inner line that repeats the code (`220-…` in
/// Pure-FTPd's banner).
fn strip_code(line: &str, code: u16) -> String {
    let prefix = format!("{code}-");
    line.strip_prefix(prefix.as_str())
        .unwrap_or(line)
        .to_string()
}

fn stage_of(command: &str) -> Stage {
    let verb = command.split(' ').next().unwrap_or("").to_ascii_uppercase();
    match verb.as_str() {
        "USER" => Stage::User,
        "PASS" => Stage::Pass,
        "SYST" => Stage::Syst,
        "FEAT" => Stage::Feat,
        "HELP" => Stage::Help,
        "QUIT" => Stage::Quit,
        _ => Stage::Other,
    }
}

struct Context {
    lang: Lang,
    family: Option<Family>,
    profile: Option<&'static ClientProfile>,
}

/// The setting an operator changes for a cause, in the server's own terms.
fn setting(family: Option<Family>, cause: Cause) -> &'static str {
    use Cause as C;
    use Family as F;
    match (family, cause) {
        (Some(F::Vsftpd), C::PerAddressLimit) => "max_per_ip (vsftpd.conf)",
        (Some(F::Vsftpd), C::IdleTimeout) => "idle_session_timeout (vsftpd.conf)",
        (Some(F::Vsftpd), _) => "max_clients (vsftpd.conf)",
        (Some(F::PureFtpd), C::PerAddressLimit) => "MaxClientsPerIP (-C)",
        (Some(F::PureFtpd), C::IdleTimeout) => "MaxIdleTime (-I, minutes)",
        (Some(F::PureFtpd), C::PerUserLimit) => "-y (per-user limits)",
        (Some(F::PureFtpd), _) => "MaxClientsNumber (-c)",
        (Some(F::Proftpd), C::PerAddressLimit) => "MaxConnectionsPerHost (proftpd.conf)",
        (Some(F::Proftpd), C::LoginLimit) => "MaxClients (proftpd.conf)",
        (Some(F::Proftpd), C::PerUserLimit) => "MaxClientsPerUser (proftpd.conf)",
        (Some(F::Proftpd), C::RateLimit) => "MaxConnectionRate (proftpd.conf)",
        (Some(F::Proftpd), C::IdleTimeout) => "TimeoutIdle (proftpd.conf)",
        (Some(F::Proftpd), _) => "MaxInstances (proftpd.conf)",
        (Some(F::Pyftpdlib), C::PerAddressLimit) => "FTPServer.max_cons_per_ip",
        (Some(F::Pyftpdlib), C::IdleTimeout) => "FTPHandler.timeout",
        (Some(F::Pyftpdlib), _) => "FTPServer.max_cons",
        (Some(F::FileZillaServer), C::PerAddressLimit) => "the per-IP connection limit",
        (Some(F::FileZillaServer), C::IdleTimeout) => "the connection timeout",
        (Some(F::FileZillaServer), _) => "the maximum number of users",
        (_, C::IdleTimeout) => "the idle timeout",
        (_, C::PerAddressLimit) => "the per-address connection limit",
        _ => "the connection limit",
    }
}

impl Context {
    fn fill(&self, text: &Text, args: &[(&str, &dyn core::fmt::Display)]) -> String {
        text.fill(self.lang, args)
    }

    fn server_name(&self, family: Option<Family>) -> String {
        match family {
            Some(family) => family.name().to_string(),
            None => texts::THE_SERVER.of(self.lang).to_string(),
        }
    }

    fn reply_finding(&self, reply: &Found) -> Option<Finding> {
        let code = reply.seen.code;
        let text = reply.seen.lines.last().map_or("", String::as_str);
        let stage = reply.seen.stage;
        let refusing_stage = matches!(stage, Stage::Greeting | Stage::User | Stage::Pass);
        let candidates = fingerprint::recognise(code, text);
        let recognised = best(&candidates, self.family);
        let is_refusal = code == 421
            || recognised.is_some()
            || (refusing_stage && (400..600).contains(&code) && stage == Stage::Greeting);
        let login_refused = stage == Stage::Pass && code == 530 && recognised.is_none();
        if !is_refusal && !login_refused {
            return None;
        }
        let (cause, family, number) = if code == 421 && made_up_by_bsd_ftp(text) {
            (Cause::MadeUpByClient, None, None)
        } else if let Some(found) = recognised {
            let cause = match found.cause {
                fingerprint::Cause::Limit(reason) => match reason {
                    RefusalReason::TooManyClients => Cause::GlobalLimit,
                    RefusalReason::TooManyFromAddress => Cause::PerAddressLimit,
                    RefusalReason::RateLimited => Cause::RateLimit,
                    RefusalReason::ShuttingDown => Cause::ShuttingDown,
                    RefusalReason::TooManyLoggedIn => Cause::LoginLimit,
                    RefusalReason::TooManyForUser => Cause::PerUserLimit,
                },
                fingerprint::Cause::IdleTimeout => Cause::IdleTimeout,
                fingerprint::Cause::ShutdownLive => Cause::Shutdown,
            };
            let family = if found.specific {
                Some(found.family)
            } else {
                self.family
            };
            // A generic text names no cause: say so rather than guess.
            let cause = if found.specific {
                cause
            } else {
                Cause::Unrecognised
            };
            (cause, family, found.number)
        } else if login_refused {
            (Cause::LoginRefused, self.family, None)
        } else {
            (Cause::Unrecognised, self.family, None)
        };
        let (explanation, fix) = self.words(cause, family, number, stage);
        Some(Finding {
            line: reply.first_line,
            quote: reply.quote.clone(),
            code: Some(code),
            stage,
            cause,
            family,
            number,
            explanation,
            fix,
        })
    }

    /// Closes without a reply, and the client's own errors.
    fn event_findings(&self, entries: &[Entry], replies: &[Found], findings: &mut Vec<Finding>) {
        let mut connected_at: Option<usize> = None;
        for entry in entries {
            match &entry.event {
                Event::Connect => connected_at = Some(entry.line),
                Event::Closed => {
                    if let Some(start) = connected_at.take() {
                        let got_reply = replies
                            .iter()
                            .any(|r| r.first_line > start && r.first_line < entry.line);
                        if !got_reply {
                            let family = self.family.or_else(|| {
                                fingerprint::silent_close_families().first().map(|f| f.0)
                            });
                            let (explanation, fix) =
                                self.words(Cause::SilentClose, family, None, Stage::Greeting);
                            findings.push(Finding {
                                line: entry.line,
                                quote: entry.text.clone(),
                                code: None,
                                stage: Stage::Greeting,
                                cause: Cause::SilentClose,
                                family: None,
                                number: None,
                                explanation,
                                fix,
                            });
                        }
                    }
                }
                Event::ClientError(text) => {
                    if let Some(error) = socket_error_in(text) {
                        let explanation = self.fill(
                            &texts::SOCKET,
                            &[
                                ("number", &error.number),
                                ("name", &error.name),
                                ("title", &error.explain(self.lang).title),
                            ],
                        );
                        findings.push(Finding {
                            line: entry.line,
                            quote: entry.text.clone(),
                            code: None,
                            stage: Stage::Other,
                            cause: Cause::SocketError,
                            family: None,
                            number: Some(error.number),
                            explanation,
                            fix: error.explain(self.lang).resolve.to_string(),
                        });
                    }
                }
                Event::Command(_) | Event::ReplyLine(_) => {}
            }
        }
    }

    fn words(
        &self,
        cause: Cause,
        family: Option<Family>,
        number: Option<u32>,
        stage: Stage,
    ) -> (String, String) {
        let server = self.server_name(family);
        let of_n = match number {
            Some(n) => self.fill(&texts::OF_N, &[("n", &n)]),
            None => String::new(),
        };
        let setting = setting(family, cause);
        let with_n: [(&str, &dyn core::fmt::Display); 2] = [("server", &server), ("of_n", &of_n)];
        let explanation = match cause {
            Cause::PerAddressLimit => self.fill(&texts::PER_ADDRESS, &with_n),
            Cause::GlobalLimit => self.fill(&texts::GLOBAL, &with_n),
            Cause::RateLimit => self.fill(&texts::RATE, &with_n),
            Cause::LoginLimit => self.fill(&texts::LOGGED_IN, &with_n),
            Cause::PerUserLimit => self.fill(&texts::PER_USER, &with_n),
            Cause::ShuttingDown => self.fill(&texts::SHUTTING_DOWN, &with_n),
            Cause::Shutdown => self.fill(&texts::SHUTDOWN_LIVE, &with_n),
            Cause::IdleTimeout => {
                let of_seconds = match number {
                    Some(n) => self.fill(&texts::OF_SECONDS, &[("n", &n)]),
                    None => String::new(),
                };
                self.fill(
                    &texts::IDLE,
                    &[("server", &server), ("of_seconds", &of_seconds)],
                )
            }
            Cause::SilentClose => texts::SILENT_CLOSE.of(self.lang).to_string(),
            Cause::MadeUpByClient => texts::MADE_UP.of(self.lang).to_string(),
            Cause::LoginRefused => texts::LOGIN_REFUSED.of(self.lang).to_string(),
            Cause::Unrecognised if stage == Stage::Greeting => {
                texts::UNKNOWN_AT_CONNECT.of(self.lang).to_string()
            }
            Cause::Unrecognised | Cause::SocketError => {
                texts::UNKNOWN_LATER.of(self.lang).to_string()
            }
        };
        let what_next = match self.profile {
            Some(profile) => self.fill(
                &texts::CLIENT_NEXT,
                &[
                    ("client", &profile.name),
                    ("note", &profile.note.of(self.lang)),
                ],
            ),
            None => String::new(),
        };
        let fix = match cause {
            Cause::PerAddressLimit => match (number, self.profile) {
                (Some(n), Some(profile)) => self.fill(
                    &texts::FIX_PER_ADDRESS_CLIENT,
                    &[
                        ("client", &profile.name),
                        ("advice", &profile.advice(n, self.lang)),
                    ],
                ),
                (Some(n), None) => self.fill(
                    &texts::FIX_PER_ADDRESS_ANY,
                    &[("n", &n), ("cap", &n.saturating_sub(1))],
                ),
                (None, _) => texts::FIX_PER_ADDRESS_UNKNOWN_N.of(self.lang).to_string(),
            },
            Cause::GlobalLimit | Cause::LoginLimit if self.profile.is_some() => self.fill(
                &texts::FIX_GLOBAL,
                &[("what_next", &what_next), ("setting", &setting)],
            ),
            Cause::GlobalLimit | Cause::LoginLimit | Cause::RateLimit | Cause::PerUserLimit => {
                self.fill(&texts::FIX_OPERATOR, &[("setting", &setting)])
            }
            Cause::IdleTimeout => self.fill(&texts::FIX_IDLE, &[("setting", &setting)]),
            Cause::ShuttingDown | Cause::Shutdown => texts::FIX_SHUTDOWN.of(self.lang).to_string(),
            Cause::SilentClose => texts::FIX_SILENT.of(self.lang).to_string(),
            Cause::MadeUpByClient => texts::FIX_MADE_UP.of(self.lang).to_string(),
            Cause::LoginRefused => texts::FIX_LOGIN.of(self.lang).to_string(),
            Cause::Unrecognised | Cause::SocketError => {
                texts::FIX_UNKNOWN.of(self.lang).to_string()
            }
        };
        (explanation, fix)
    }
}

/// The recognised meaning to trust: the family's own text first, then one
/// of the identified family, then any.
fn best(candidates: &[Recognised], family: Option<Family>) -> Option<Recognised> {
    candidates
        .iter()
        .find(|r| r.specific)
        .or_else(|| candidates.iter().find(|r| Some(r.family) == family))
        .or_else(|| candidates.first())
        .copied()
}

/// BSD ftp's `getreply()` writes this 421 itself when the control
/// connection reads end-of-file.
fn made_up_by_bsd_ftp(text: &str) -> bool {
    text.starts_with("Service not available, remote server has closed connection")
}

/// A Winsock error number (100xx or 110xx) mentioned in a client's error.
fn socket_error_in(text: &str) -> Option<&'static crate::explain::SocketError> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|word| word.len() == 5)
        .filter_map(|word| word.parse::<u32>().ok())
        .find_map(crate::explain::socket_error)
}

/// The clients a limit's advice names, in the order a person reads them.
pub const COMMON_CLIENTS: [&str; 5] = ["filezilla", "lftp", "rclone", "winscp", "curl"];

/// What one client meets under a per-address limit with its default
/// settings, and the setting to change.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ClientAdvice {
    pub client: &'static str,
    pub name: &'static str,
    /// Connections it opens to one server with its defaults.
    pub connections: u32,
    /// Whether those alone pass the limit, so that some are refused.
    pub refused_with_defaults: bool,
    /// What to set, in the requested language.
    pub setting: String,
}

/// For each of [`COMMON_CLIENTS`], what it meets under `limit` connections
/// from one address, computed from its profile.
pub fn advice_for_limit(limit: u32, lang: Lang) -> Vec<ClientAdvice> {
    COMMON_CLIENTS
        .iter()
        .filter_map(|key| clients::find(key))
        .map(|profile| ClientAdvice {
            client: profile.key,
            name: profile.name,
            connections: profile.default_connections(),
            refused_with_defaults: profile.default_connections() > limit,
            setting: profile.advice(limit, lang),
        })
        .collect()
}

impl Diagnosis {
    /// Plain text for a terminal, in the diagnosis's language.
    pub fn to_text(&self) -> String {
        let lang = self.lang;
        let mut out = texts::HEADING.fill(
            lang,
            &[
                ("source", &self.source.key()),
                ("replies", &self.replies),
                ("findings", &self.findings.len()),
            ],
        );
        out.push('\n');
        match self.server.family {
            Some(family) => {
                let confidence = format!("{:.2}", self.server.confidence);
                out.push_str(&texts::SERVER_LINE.fill(
                    lang,
                    &[("family", &family.name()), ("confidence", &confidence)],
                ));
                out.push('\n');
                for clue in &self.server.evidence {
                    out.push_str(&format!(
                        "  {}  ({})\n",
                        clue.line,
                        clue.what.describe(lang)
                    ));
                }
            }
            None => {
                out.push_str(texts::SERVER_UNKNOWN.of(lang));
                out.push('\n');
            }
        }
        if self.findings.is_empty() {
            out.push('\n');
            out.push_str(texts::NOTHING.of(lang));
            out.push('\n');
        }
        for finding in &self.findings {
            out.push('\n');
            out.push_str(&texts::LINE.fill(lang, &[("line", &finding.line)]));
            out.push_str(": ");
            out.push_str(finding.quote.trim());
            out.push('\n');
            out.push_str(&format!(
                "  {}: {}\n  {}: {}\n",
                texts::CAUSE.of(lang),
                finding.explanation,
                texts::FIX.of(lang),
                finding.fix
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_per_address_refusal_gets_the_clients_setting() {
        let log = "10:00:00\tStatus:\tConnecting to 127.0.0.1:2121...\n\
                   10:00:00\tStatus:\tConnection established, waiting for welcome message...\n\
                   10:00:00\tResponse:\t421 Too many connections (3) from this IP\n\
                   10:00:00\tError:\tCould not connect to server\n";
        let d = diagnose(log, Lang::Fr);
        assert_eq!(d.source, Source::FileZilla);
        assert_eq!(d.client, Some("filezilla"));
        assert_eq!(d.server.family, Some(Family::PureFtpd));
        assert_eq!(d.findings.len(), 1);
        let f = &d.findings[0];
        assert_eq!(
            (f.line, f.code, f.cause, f.number),
            (3, Some(421), Cause::PerAddressLimit, Some(3))
        );
        assert!(
            f.fix
                .contains("Nombre maximal de transferts simultanés : 1"),
            "{}",
            f.fix
        );
        assert!(!d.to_text().contains('{'));
    }

    #[test]
    fn a_silent_close_a_made_up_421_and_a_socket_error() {
        let log = "---- Connecting to localhost (127.0.0.1) port 2121\n\
                   **** Peer closed connection\n";
        let d = diagnose(log, Lang::En);
        assert_eq!(d.findings.len(), 1);
        assert_eq!(d.findings[0].cause, Cause::SilentClose);
        let d = diagnose(
            "Connected to localhost.\n421 Service not available, remote server has closed connection.\n",
            Lang::En,
        );
        assert_eq!(d.findings[0].cause, Cause::MadeUpByClient);
        let d = diagnose(
            "Status:\tConnecting to 10.0.0.1:21...\nError:\tConnection attempt failed with \"ETIMEDOUT - Connection attempt timed out\". (10060)\n",
            Lang::En,
        );
        assert_eq!(d.findings[0].cause, Cause::SocketError);
        assert_eq!(d.findings[0].number, Some(10060));
    }

    #[test]
    fn a_login_limit_after_pass_and_an_idle_timeout() {
        let log = "< 220 ProFTPD Server (Debian) [127.0.0.1]\n> USER anonymous\n< 331 Anonymous login ok, send your complete email address as your password\n> PASS ftp@example.com\n< 530 Sorry, the maximum number of allowed clients (2) are already connected.\n";
        let d = diagnose(log, Lang::En);
        assert_eq!(d.source, Source::Curl);
        assert_eq!(d.findings.len(), 1);
        assert_eq!(d.findings[0].cause, Cause::LoginLimit);
        assert_eq!(d.findings[0].stage, Stage::Pass);
        assert!(
            d.findings[0].fix.contains("MaxClients"),
            "{}",
            d.findings[0].fix
        );
        let d = diagnose("220 (vsFTPd 3.0.3)\r\n421 Timeout.\r\n", Lang::En);
        assert_eq!(d.findings[0].cause, Cause::IdleTimeout);
        assert!(d.findings[0].fix.contains("idle_session_timeout"));
    }

    #[test]
    fn advice_follows_the_profiles() {
        let advice = advice_for_limit(2, Lang::En);
        assert_eq!(advice.len(), COMMON_CLIENTS.len());
        let filezilla = &advice[0];
        assert_eq!(
            (filezilla.connections, filezilla.refused_with_defaults),
            (3, true)
        );
        let curl = advice.iter().find(|a| a.client == "curl").unwrap();
        assert!(!curl.refused_with_defaults);
        assert!(
            advice_for_limit(50, Lang::Fr)
                .iter()
                .all(|a| !a.refused_with_defaults)
        );
    }

    #[test]
    fn nothing_to_report_in_a_clean_session() {
        let d = diagnose(
            "220 (vsFTPd 3.0.3)\r\nUSER anonymous\r\n331 Please specify the password.\r\n",
            Lang::En,
        );
        assert!(d.findings.is_empty());
        assert!(d.to_text().contains("No refusal found"));
    }
}
