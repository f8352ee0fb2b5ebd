//! Telling which server is on the other end from what it says, and naming a
//! refusal from its bytes.
//!
//! The texts come from the preset tables themselves (the greeting, SYST,
//! the answer to an unknown command, the frames of FEAT and HELP, every
//! refusal and the idle timeout), so a preset and its fingerprint cannot
//! drift apart. Servers ftpsim has no preset for (FileZilla Server,
//! libunftp) and texts the presets do not speak (ProFTPD's login timeout,
//! Pure-FTPd's terse builds) are in [`OTHER_TEXTS`], each with its source.
//!
//! `ftpsim probe` and `ftpsim diagnose` read through this one module: probe
//! with replies it asked for, diagnose with the replies it finds in a log.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::decision::RefusalReason;
use super::preset::{GreetingStyle, Preset, Rule};
use super::text::Piece;
use crate::lang::{Lang, Text};

/// A server family a fingerprint can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Family {
    Vsftpd,
    PureFtpd,
    Proftpd,
    Pyftpdlib,
    FileZillaServer,
    Libunftp,
    /// The plain texts of RFC 959 (ftpsim's `rfc` preset).
    Rfc,
}

impl Family {
    pub const ALL: [Family; 7] = [
        Family::Vsftpd,
        Family::PureFtpd,
        Family::Proftpd,
        Family::Pyftpdlib,
        Family::FileZillaServer,
        Family::Libunftp,
        Family::Rfc,
    ];

    /// A stable name, as `--json` writes it.
    pub const fn key(self) -> &'static str {
        match self {
            Family::Vsftpd => "vsftpd",
            Family::PureFtpd => "pure-ftpd",
            Family::Proftpd => "proftpd",
            Family::Pyftpdlib => "pyftpdlib",
            Family::FileZillaServer => "filezilla-server",
            Family::Libunftp => "libunftp",
            Family::Rfc => "rfc",
        }
    }

    /// The name people know it by.
    pub const fn name(self) -> &'static str {
        match self {
            Family::Vsftpd => "vsftpd",
            Family::PureFtpd => "Pure-FTPd",
            Family::Proftpd => "ProFTPD",
            Family::Pyftpdlib => "pyftpdlib",
            Family::FileZillaServer => "FileZilla Server",
            Family::Libunftp => "libunftp",
            Family::Rfc => "RFC 959 texts",
        }
    }

    /// The preset that imitates this family, when there is one.
    pub const fn preset(self) -> Option<Preset> {
        match self {
            Family::Vsftpd => Some(Preset::Vsftpd),
            Family::PureFtpd => Some(Preset::PureFtpd),
            Family::Proftpd => Some(Preset::Proftpd),
            Family::Pyftpdlib => Some(Preset::Pyftpdlib),
            Family::Rfc => Some(Preset::Rfc),
            Family::FileZillaServer | Family::Libunftp => None,
        }
    }

    fn of_preset(preset: Preset) -> Family {
        match preset {
            Preset::Rfc => Family::Rfc,
            Preset::Vsftpd => Family::Vsftpd,
            Preset::PureFtpd => Family::PureFtpd,
            Preset::Proftpd => Family::Proftpd,
            Preset::Pyftpdlib => Family::Pyftpdlib,
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a reply answered, which decides the texts it is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Stage {
    /// The first reply on a connection.
    Greeting,
    Syst,
    Feat,
    Help,
    /// A verb no server knows.
    UnknownCommand,
    User,
    Pass,
    Quit,
    /// Anything else, or not known.
    Other,
}

/// One reply as seen: its code and its lines' texts (without the code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub stage: Stage,
    pub code: u16,
    pub lines: Vec<String>,
}

impl Seen {
    fn last(&self) -> &str {
        self.lines.last().map_or("", String::as_str)
    }

    fn first(&self) -> &str {
        self.lines.first().map_or("", String::as_str)
    }
}

/// Why a server closes or turns a client away, as a fingerprint names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Cause {
    /// A connection or login limit (the gate's reasons).
    Limit(RefusalReason),
    /// The session was idle, or took too long to log in.
    IdleTimeout,
    /// The server is shutting down and ends live sessions.
    ShutdownLive,
}

impl Cause {
    /// A stable identifier for JSON.
    pub const fn key(self) -> &'static str {
        match self {
            Cause::Limit(reason) => reason.key(),
            Cause::IdleTimeout => "idle_timeout",
            Cause::ShutdownLive => "shutdown",
        }
    }
}

/// A reply text recognised as one server's refusal or closing reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Recognised {
    pub family: Family,
    pub cause: Cause,
    /// The number the text quotes: the limit, or the timeout in seconds.
    pub number: Option<u32>,
    /// Whether the text is the family's own for this cause, rather than the
    /// generic refusal it also uses for other causes.
    pub specific: bool,
}

/// A text that is not in a preset table: a server without a preset, or a
/// variant a preset does not speak.
#[derive(Clone, Copy, Debug)]
pub struct OtherText {
    pub family: Family,
    pub code: u16,
    /// The text, with `#` where the server writes a number.
    pub text: &'static str,
    pub cause: Cause,
    pub source: &'static str,
}

/// Texts besides the preset tables.
pub static OTHER_TEXTS: &[OtherText] = &[
    OtherText {
        family: Family::FileZillaServer,
        code: 421,
        text: "Too many users are connected, please try again later.",
        cause: Cause::Limit(RefusalReason::TooManyClients),
        source: "FileZilla Server 0.9.54 source/ControlSocket.cpp DoUserLogin(), after PASS",
    },
    OtherText {
        family: Family::FileZillaServer,
        code: 421,
        text: "Refusing connection. No more connections allowed from your IP.",
        cause: Cause::Limit(RefusalReason::TooManyFromAddress),
        source: "FileZilla Server 0.9.54 source/ControlSocket.cpp DoUserLogin(), after PASS",
    },
    OtherText {
        family: Family::FileZillaServer,
        code: 421,
        text: "Too many users logged in for this account. Try again later.",
        cause: Cause::Limit(RefusalReason::TooManyForUser),
        source: "FileZilla Server 0.9.54 source/ControlSocket.cpp DoUserLogin(), after PASS",
    },
    OtherText {
        family: Family::FileZillaServer,
        code: 421,
        text: "Server too busy, closing connection. Please retry later!",
        cause: Cause::Limit(RefusalReason::TooManyClients),
        source: "FileZilla Server 0.9.54 source/ServerThread.cpp, at accept",
    },
    OtherText {
        family: Family::FileZillaServer,
        code: 421,
        text: "Server is going offline",
        cause: Cause::ShutdownLive,
        source: "FileZilla Server 0.9.54 source/ControlSocket.cpp",
    },
    OtherText {
        family: Family::FileZillaServer,
        code: 421,
        text: "Connection timed out.",
        cause: Cause::IdleTimeout,
        source: "FileZilla Server 0.9.54 source/ControlSocket.cpp",
    },
    OtherText {
        family: Family::FileZillaServer,
        code: 421,
        text: "Login time exceeded. Closing control connection.",
        cause: Cause::IdleTimeout,
        source: "FileZilla Server 0.9.54 and 1.x (commander.cpp on_timer_event)",
    },
    OtherText {
        family: Family::FileZillaServer,
        code: 421,
        text: "Activity timeout.",
        cause: Cause::IdleTimeout,
        source: "FileZilla Server 1.x commander.cpp on_timer_event",
    },
    OtherText {
        family: Family::Libunftp,
        code: 221,
        text: "Session timed out. Closing control connection",
        cause: Cause::IdleTimeout,
        source: "libunftp control_loop.rs: its idle timeout is a 221",
    },
    OtherText {
        family: Family::Proftpd,
        code: 421,
        text: "Login timeout (# seconds): closing control connection",
        cause: Cause::IdleTimeout,
        source: "ProFTPD 1.3.8 TimeoutLogin, measured",
    },
    OtherText {
        family: Family::Proftpd,
        code: 421,
        text: "No transfer timeout (# seconds): closing control connection",
        cause: Cause::IdleTimeout,
        source: "ProFTPD 1.3.8 TimeoutNoTransfer, source",
    },
    OtherText {
        family: Family::Proftpd,
        code: 530,
        text: "Sorry, the maximum number of clients (#) from your host are already connected.",
        cause: Cause::Limit(RefusalReason::TooManyFromAddress),
        source: "ProFTPD 1.3.8 MaxClientsPerHost, after PASS, measured",
    },
    OtherText {
        family: Family::Proftpd,
        code: 530,
        text: "Sorry, the maximum number of hosts (#) for this user are already connected.",
        cause: Cause::Limit(RefusalReason::TooManyForUser),
        source: "ProFTPD 1.3.8 MaxHostsPerUser, after PASS, measured",
    },
    OtherText {
        family: Family::PureFtpd,
        code: 421,
        text: "Timeout",
        cause: Cause::IdleTimeout,
        source: "Pure-FTPd 1.0.50 built with BORING_MODE (messages_en.h)",
    },
];

/// Every text a family uses to turn a client away or end a session, with
/// what it means, read from the preset tables and [`OTHER_TEXTS`].
pub fn recognise(code: u16, text: &str) -> Vec<Recognised> {
    let text = text.trim_end();
    let mut found = Vec::new();
    for preset in Preset::ALL {
        let table = preset.table();
        let family = Family::of_preset(preset);
        let mut rules: Vec<(Cause, &Rule)> = RefusalReason::ALL
            .iter()
            .map(|&reason| (Cause::Limit(reason), table.rule(reason)))
            .collect();
        rules.push((Cause::IdleTimeout, &table.idle));
        rules.push((Cause::ShutdownLive, &table.shutdown_live));
        let start = found.len();
        for (cause, rule) in rules {
            if rule.code.map(|c| c.get()) != Some(code) {
                continue;
            }
            if let Some(number) = match_pieces(rule.text, text) {
                found.push(Recognised {
                    family,
                    cause,
                    number,
                    specific: rule.native,
                });
            }
        }
        // A text the family uses for several causes (its generic refusal)
        // says nothing about which one.
        if found.len() - start > 1 {
            for recognised in &mut found[start..] {
                recognised.specific = false;
            }
        }
    }
    for other in OTHER_TEXTS {
        if other.code == code
            && let Some(number) = match_hashed(other.text, text)
        {
            found.push(Recognised {
                family: other.family,
                cause: other.cause,
                number,
                specific: true,
            });
        }
    }
    found
}

/// The families whose silent close a limit is: ProFTPD's `MaxInstances`
/// and `MaxConnectionRate` close without a byte.
pub fn silent_close_families() -> Vec<(Family, RefusalReason)> {
    let mut found = Vec::new();
    for preset in Preset::ALL {
        for reason in RefusalReason::ALL {
            let rule = preset.table().rule(reason);
            if rule.code.is_none() && rule.native {
                found.push((Family::of_preset(preset), reason));
            }
        }
    }
    found
}

/// How sure an identification is, and what it rests on.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Identification {
    /// The family, when one stands out.
    pub family: Option<Family>,
    /// From 0 to 1: one minus the chance that every clue pointing at the
    /// family is a coincidence, taking the clues as independent.
    pub confidence: f64,
    /// The clues, strongest first.
    pub evidence: Vec<Clue>,
}

/// One reply that points at a family.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Clue {
    pub family: Family,
    pub stage: Stage,
    /// The reply's line that matched, with its code.
    pub line: String,
    /// What matched.
    pub what: ClueKind,
    /// How much the clue alone is worth, from 0 to 1.
    pub weight: f64,
}

/// What a clue rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ClueKind {
    GreetingName,
    GreetingText,
    Syst,
    UnknownCommand,
    Feat,
    Help,
    Quit,
    RefusalText,
}

impl ClueKind {
    /// What the clue rests on, in `lang`.
    pub const fn describe(self, lang: Lang) -> &'static str {
        let text = match self {
            ClueKind::GreetingName => Text {
                en: "the greeting names the server",
                fr: "l'accueil nomme le serveur",
            },
            ClueKind::GreetingText => Text {
                en: "the greeting's exact text",
                fr: "le texte exact de l'accueil",
            },
            ClueKind::Syst => Text {
                en: "the answer to SYST",
                fr: "la réponse à SYST",
            },
            ClueKind::UnknownCommand => Text {
                en: "the answer to an unknown command",
                fr: "la réponse à une commande inconnue",
            },
            ClueKind::Feat => Text {
                en: "the first and last lines of FEAT",
                fr: "les première et dernière lignes de FEAT",
            },
            ClueKind::Help => Text {
                en: "the first and last lines of HELP",
                fr: "les première et dernière lignes de HELP",
            },
            ClueKind::Quit => Text {
                en: "the answer to QUIT",
                fr: "la réponse à QUIT",
            },
            ClueKind::RefusalText => Text {
                en: "a refusal or closing text of this server",
                fr: "un texte de refus ou de fermeture de ce serveur",
            },
        };
        text.of(lang)
    }
}

/// Names the server family from the replies seen.
pub fn identify(seen: &[Seen]) -> Identification {
    let mut clues = Vec::new();
    for reply in seen {
        clues_of(reply, &mut clues);
    }
    // The same reply seen again (a client that reconnects, a log of many
    // sessions) is the same evidence, not more of it.
    let mut distinct: Vec<Clue> = Vec::with_capacity(clues.len());
    for clue in clues {
        let repeated = distinct
            .iter()
            .any(|d| d.family == clue.family && d.what == clue.what && d.line == clue.line);
        if !repeated {
            distinct.push(clue);
        }
    }
    let mut clues = distinct;
    // Each family's clues combine as independent pieces of evidence.
    let mut best: Option<(Family, f64)> = None;
    let mut second = 0.0;
    for family in Family::ALL {
        let mut doubt = 1.0;
        for clue in clues.iter().filter(|c| c.family == family) {
            doubt *= 1.0 - clue.weight;
        }
        let score = 1.0 - doubt;
        match best {
            Some((_, top)) if score <= top => {
                if score > second {
                    second = score;
                }
            }
            _ => {
                if let Some((_, top)) = best {
                    second = top;
                }
                best = Some((family, score));
            }
        }
    }
    clues.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    match best {
        Some((family, score)) if score > 0.0 && score > second => {
            // A rival family's clues take away from the certainty.
            let confidence = score * (1.0 - second);
            clues.retain(|c| c.family == family);
            Identification {
                family: Some(family),
                confidence,
                evidence: clues,
            }
        }
        _ => Identification {
            family: None,
            confidence: 0.0,
            evidence: clues,
        },
    }
}

/// Names in greetings: version-independent, so a server newer than the
/// preset's is still known.
const GREETING_NAMES: &[(&str, Family)] = &[
    ("vsFTPd", Family::Vsftpd),
    ("Pure-FTPd", Family::PureFtpd),
    ("ProFTPD", Family::Proftpd),
    ("pyftpdlib", Family::Pyftpdlib),
    ("FileZilla Server", Family::FileZillaServer),
    ("libunftp", Family::Libunftp),
];

fn clues_of(reply: &Seen, clues: &mut Vec<Clue>) {
    let line = |text: &str| {
        let mut line = String::new();
        let _ = fmt::Write::write_fmt(&mut line, format_args!("{} {}", reply.code, text));
        line
    };
    if reply.stage == Stage::Greeting {
        for text in &reply.lines {
            for &(name, family) in GREETING_NAMES {
                if text.contains(name) {
                    clues.push(Clue {
                        family,
                        stage: reply.stage,
                        line: line(text),
                        what: ClueKind::GreetingName,
                        weight: 0.9,
                    });
                }
            }
        }
    }
    // Texts of the preset tables, worth more when only one family uses them.
    let mut matches: Vec<(Family, ClueKind, &str)> = Vec::new();
    for preset in Preset::ALL {
        let family = Family::of_preset(preset);
        let table = preset.table();
        let session = &table.session;
        match reply.stage {
            Stage::Greeting if reply.code == 220 => {
                if let GreetingStyle::Fixed(text) = table.greeting
                    && reply.last() == text
                {
                    matches.push((family, ClueKind::GreetingText, reply.last()));
                }
            }
            Stage::Syst
                if session.syst.code.get() == reply.code
                    && match_pieces(session.syst.text, reply.last()).is_some() =>
            {
                matches.push((family, ClueKind::Syst, reply.last()));
            }
            Stage::UnknownCommand
                if session.unknown_command.code.get() == reply.code
                    && match_pieces(session.unknown_command.text, reply.last()).is_some() =>
            {
                matches.push((family, ClueKind::UnknownCommand, reply.last()));
            }
            Stage::Feat
                if reply.code == 211
                    && reply.first() == session.feat.first
                    && reply.last() == session.feat.last =>
            {
                matches.push((family, ClueKind::Feat, reply.last()));
            }
            Stage::Help
                if reply.code == 214
                    && reply.first() == session.help.first
                    && reply.last() == session.help.last =>
            {
                matches.push((family, ClueKind::Help, reply.last()));
            }
            Stage::Quit
                if reply.code == 221
                    && session
                        .quit
                        .iter()
                        .any(|text| match_pieces(text, reply.last()).is_some()) =>
            {
                matches.push((family, ClueKind::Quit, reply.last()));
            }
            _ => {}
        }
    }
    let sharing = matches.len();
    for (family, what, text) in matches {
        // A text every server uses (`UNIX Type: L8`) tells little.
        let weight = if sharing == 1 {
            0.6
        } else {
            0.3 / sharing as f64
        };
        clues.push(Clue {
            family,
            stage: reply.stage,
            line: line(text),
            what,
            weight,
        });
    }
    let recognised = recognise(reply.code, reply.last());
    let families = {
        let mut families: Vec<Family> = recognised.iter().map(|r| r.family).collect();
        families.sort();
        families.dedup();
        families.len()
    };
    for found in recognised {
        let weight = if found.specific && families == 1 {
            0.8
        } else {
            0.2 / families as f64
        };
        clues.push(Clue {
            family: found.family,
            stage: reply.stage,
            line: line(reply.last()),
            what: ClueKind::RefusalText,
            weight,
        });
    }
}

/// Whether `text` is what `pieces` write for some values; the number the
/// text has where the template has the limit or the timeout, if any.
/// `None`: no match; `Some(None)`: a match that quotes no number.
pub(crate) fn match_pieces(pieces: &[Piece], text: &str) -> Option<Option<u32>> {
    let mut number = None;
    matches(pieces, text.as_bytes(), &mut number).then_some(number)
}

fn matches(pieces: &[Piece], text: &[u8], number: &mut Option<u32>) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match first {
        Piece::Lit(lit) => text
            .strip_prefix(lit.as_bytes())
            .is_some_and(|after| matches(rest, after, number)),
        Piece::Limit | Piece::IdleSeconds => {
            let digits = text.iter().take_while(|b| b.is_ascii_digit()).count();
            // Longest run first: a number is never followed by a digit.
            for len in (1..=digits).rev() {
                if matches(rest, &text[len..], number) {
                    *number = core::str::from_utf8(&text[..len])
                        .ok()
                        .and_then(|s| s.parse().ok());
                    return true;
                }
            }
            false
        }
        // An operator's message could be anything: only the text the
        // server writes without one identifies it.
        Piece::MessageOr(fallback) => text
            .strip_prefix(fallback.as_bytes())
            .is_some_and(|after| matches(rest, after, number)),
        _ => any_text(rest, text, number, 1),
    }
}

/// A piece filled with free text: at least `min` bytes of anything.
fn any_text(rest: &[Piece], text: &[u8], number: &mut Option<u32>, min: usize) -> bool {
    (min..=text.len()).any(|len| matches(rest, &text[len..], number))
}

/// [`match_pieces`] for a text with `#` where a number goes.
fn match_hashed(template: &'static str, text: &str) -> Option<Option<u32>> {
    let mut pieces = Vec::new();
    for (i, part) in template.split('#').enumerate() {
        if i > 0 {
            pieces.push(Piece::Limit);
        }
        if !part.is_empty() {
            pieces.push(Piece::Lit(part));
        }
    }
    match_pieces(&pieces, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn seen(stage: Stage, code: u16, lines: &[&str]) -> Seen {
        Seen {
            stage,
            code,
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn refusal_texts_name_their_family_cause_and_limit() {
        let found = recognise(421, "Too many connections (8) from this IP");
        assert_eq!(
            found,
            vec![Recognised {
                family: Family::PureFtpd,
                cause: Cause::Limit(RefusalReason::TooManyFromAddress),
                number: Some(8),
                specific: true,
            }]
        );
        let found = recognise(
            530,
            "Sorry, the maximum number of connections (2) for your host are already connected.",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].family, Family::Proftpd);
        assert_eq!(found[0].number, Some(2));
        let found = recognise(421, "There are too many connected users, please try later.");
        assert_eq!(found[0].family, Family::Vsftpd);
        assert_eq!(found[0].cause, Cause::Limit(RefusalReason::TooManyClients));
        assert_eq!(
            recognise(
                421,
                "Idle timeout (600 seconds): closing control connection"
            )[0]
            .number,
            Some(600)
        );
        assert!(recognise(220, "Too many connections (8) from this IP").is_empty());
        assert!(recognise(421, "Too many connections (x) from this IP").is_empty());
    }

    #[test]
    fn the_rfc_text_is_generic() {
        let found = recognise(421, "Service not available, closing control connection.");
        assert!(!found.is_empty());
        assert!(found.iter().all(|r| !r.specific), "{found:?}");
    }

    #[test]
    fn a_reply_seen_again_is_no_more_evidence() {
        let refusal = || {
            seen(
                Stage::Greeting,
                421,
                &["Too many connections (2) from this IP"],
            )
        };
        let once = identify(&[refusal()]);
        let many = identify(&[refusal(), refusal(), refusal(), refusal(), refusal()]);
        assert_eq!(once.family, Some(Family::PureFtpd));
        assert_eq!(many.family, once.family);
        assert_eq!(many.confidence, once.confidence);
        assert_eq!(many.evidence, once.evidence);
    }

    #[test]
    fn greetings_and_housekeeping_identify_the_family() {
        let id = identify(&[
            seen(Stage::Greeting, 220, &["(vsFTPd 3.0.5)"]),
            seen(Stage::Syst, 215, &["UNIX Type: L8"]),
            seen(Stage::UnknownCommand, 500, &["Unknown command."]),
        ]);
        assert_eq!(id.family, Some(Family::Vsftpd));
        assert!(id.confidence > 0.9, "{id:?}");
        assert!(id.evidence.iter().all(|c| c.family == Family::Vsftpd));
        let id = identify(&[
            seen(
                Stage::Greeting,
                220,
                &["ProFTPD Server (Debian) [127.0.0.1]"],
            ),
            seen(Stage::UnknownCommand, 500, &["XYZZY not understood"]),
        ]);
        assert_eq!(id.family, Some(Family::Proftpd));
        let id = identify(&[seen(Stage::Greeting, 220, &["Welcome"])]);
        assert_eq!(id.family, None);
        assert_eq!(id.confidence, 0.0);
    }

    #[test]
    fn silent_closes_are_proftpds() {
        let found = silent_close_families();
        assert!(found.contains(&(Family::Proftpd, RefusalReason::TooManyClients)));
        assert!(found.iter().all(|(f, _)| *f == Family::Proftpd));
    }
}
