//! `ftpsim probe HOST[:PORT]`: which server answers, and where its
//! connection limit lies, with the advice that follows from it.

use std::io::Write;
use std::net::IpAddr;
use std::time::Duration;

use clap::Args;
use ftpsim::diagnose::{ClientAdvice, advice_for_limit};
use ftpsim::{Lang, Text};
use ftpsim_client::net::{is_loopback, resolve};
use ftpsim_client::probe::{
    self, Account, Answer, HARD_CAP, Identity, LimitsFound, ProbeOptions, Scope,
};
use serde::Serialize;

use crate::error::{CliError, parse_lang};

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ftpsim probe 127.0.0.1:2121\n  \
ftpsim probe 127.0.0.1:2121 --limits --from 127.0.0.2,127.0.0.3 --lang fr\n\n\
Probe only servers you run or may test: --limits opens up to --max-connections at once.")]
pub struct ProbeArgs {
    /// The server, HOST or HOST:PORT (port 21 by default).
    target: String,
    /// Find the connection limit: open connections one at a time, each
    /// held, until one is refused.
    #[arg(long)]
    limits: bool,
    /// Source addresses to connect from, comma-separated; a second one
    /// tells a per-address limit from a global one.
    #[arg(long, value_delimiter = ',')]
    from: Vec<IpAddr>,
    /// Most connections held at once by --limits (at most 64).
    #[arg(long, default_value_t = probe::DEFAULT_MAX_CONNECTIONS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(HARD_CAP)))]
    max_connections: u32,
    /// Log in as this user (the password from FTPSIM_PASSWORD); anonymous
    /// otherwise.
    #[arg(long)]
    user: Option<String>,
    /// Seconds to wait for any connect or reply.
    #[arg(long, default_value_t = 5.0)]
    timeout: f64,
    /// Language: en or fr.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Output<'a> {
    identity: &'a Identity,
    limits: Option<&'a LimitsFound>,
    advice: Vec<ClientAdvice>,
}

pub fn run(args: &ProbeArgs) -> Result<(), CliError> {
    let target = resolve(&args.target)
        .map_err(|e| CliError::usage(format!("cannot resolve {}: {e}", args.target)))?;
    if !(args.timeout > 0.0 && args.timeout <= 120.0) {
        return Err(CliError::usage(
            "--timeout must be between 0 and 120 seconds",
        ));
    }
    if !args.from.is_empty() && !is_loopback(target.ip()) {
        // A source address that is not ours cannot be bound anyway; on
        // loopback any 127.x address is.
        for ip in &args.from {
            if ip.is_loopback() {
                return Err(CliError::usage(format!(
                    "--from {ip} is a loopback address, but {target} is not on loopback"
                )));
            }
        }
    }
    let mut options = ProbeOptions::new(target);
    options.sources = args.from.clone();
    options.max_connections = args.max_connections;
    options.timeout = Duration::from_secs_f64(args.timeout);
    if let Some(user) = &args.user {
        options.account = Some(Account {
            user: user.clone(),
            password: std::env::var("FTPSIM_PASSWORD").unwrap_or_default(),
        });
    }
    let identity = probe::identify(&options).map_err(CliError::Failed)?;
    let limits = if args.limits {
        Some(probe::find_limits(&options, identity.logged_in).map_err(CliError::Failed)?)
    } else {
        None
    };
    let advice = match limits.as_ref().and_then(|l| l.limit) {
        Some(limit) if limit > 0 => advice_for_limit(limit, args.lang),
        _ => Vec::new(),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let output = Output {
            identity: &identity,
            limits: limits.as_ref(),
            advice,
        };
        serde_json::to_writer_pretty(&mut out, &output)
            .map_err(|e| CliError::Failed(e.to_string()))?;
        writeln!(out)?;
        return Ok(());
    }
    write!(
        out,
        "{}",
        render(&identity, limits.as_ref(), &advice, args.lang)
    )?;
    Ok(())
}

const SERVER: Text = Text {
    en: "Server at {target}: {family} (confidence {confidence})",
    fr: "Serveur à {target} : {family} (confiance {confidence})",
};
const UNKNOWN: Text = Text {
    en: "Server at {target}: family not identified",
    fr: "Serveur à {target} : famille non identifiée",
};
const SEEN: Text = Text {
    en: "What it said:",
    fr: "Ce qu'il a répondu :",
};
const GREETING_TIME: Text = Text {
    en: "greeting: first byte after {first} ms, complete after {complete} ms",
    fr: "accueil : premier octet après {first} ms, complet après {complete} ms",
};
const EVIDENCE: Text = Text {
    en: "Evidence:",
    fr: "Indices :",
};
const NO_LIMIT: Text = Text {
    en: "Limit: none reached with {cap} connections held at once.",
    fr: "Limite : aucune atteinte avec {cap} connexions ouvertes à la fois.",
};
const LIMIT: Text = Text {
    en: "Limit: {n} connections admitted, the next refused {when} ({scope}).",
    fr: "Limite : {n} connexions admises, la suivante refusée {when} ({scope}).",
};
const AT_CONNECT: Text = Text {
    en: "in place of the greeting",
    fr: "à la place de l'accueil",
};
const AT_LOGIN: Text = Text {
    en: "at login",
    fr: "à la connexion au compte",
};
const PER_ADDRESS: Text = Text {
    en: "per address: another source address still got in",
    fr: "par adresse : une autre adresse source est encore entrée",
};
const GLOBAL: Text = Text {
    en: "global: another source address was refused too",
    fr: "globale : une autre adresse source a été refusée aussi",
};
const PER_ADDRESS_TEXT: Text = Text {
    en: "per address, as the refusal's text says; --from with a second address would confirm it",
    fr: "par adresse, d'après le texte du refus ; --from avec une seconde adresse le confirmerait",
};
const GLOBAL_TEXT: Text = Text {
    en: "global, as the refusal's text says; --from with a second address would confirm it",
    fr: "globale, d'après le texte du refus ; --from avec une seconde adresse le confirmerait",
};
const SCOPE_UNKNOWN: Text = Text {
    en: "per address or global: give --from with a second address to tell",
    fr: "par adresse ou globale : donnez --from avec une seconde adresse pour le savoir",
};
const REFUSAL: Text = Text {
    en: "Refusal bytes: {bytes}",
    fr: "Octets du refus : {bytes}",
};
const SILENT: Text = Text {
    en: "Refusal: the connection was closed without a byte",
    fr: "Refus : la connexion a été fermée sans un octet",
};
const SOURCE_RUN: Text = Text {
    en: "  from {source}: {n} admitted{refused}",
    fr: "  depuis {source} : {n} admises{refused}",
};
const THEN_REFUSED: Text = Text {
    en: ", then refused",
    fr: ", puis refus",
};
const OWN_ADDRESS: Text = Text {
    en: "this machine's address",
    fr: "l'adresse de cette machine",
};
const CLOSED: Text = Text {
    en: "Every probe connection was closed with QUIT.",
    fr: "Chaque connexion de la sonde a été fermée par QUIT.",
};
const LEFT: Text = Text {
    en: "{n} connections did not answer QUIT and were closed from this side.",
    fr: "{n} connexions n'ont pas répondu à QUIT et ont été fermées de ce côté.",
};
const ADVICE: Text = Text {
    en: "What common clients meet under {n} connections per address, with their defaults:",
    fr: "Ce que rencontrent les clients courants sous {n} connexions par adresse, avec leurs réglages par défaut :",
};
const ADVICE_GLOBAL: Text = Text {
    en: "The limit is the server's, for everybody at once: a client's settings only decide how many of the {n} places it takes. With their defaults:",
    fr: "La limite est celle du serveur, pour tout le monde à la fois : les réglages d'un client ne décident que du nombre de places sur {n} qu'il occupe. Avec leurs réglages par défaut :",
};
const OPENS: Text = Text {
    en: "opens {n}",
    fr: "ouvre {n}",
};
const REFUSED_DEFAULT: Text = Text {
    en: "refused with its defaults",
    fr: "refusé avec ses réglages par défaut",
};
const FITS_DEFAULT: Text = Text {
    en: "fits with its defaults",
    fr: "passe avec ses réglages par défaut",
};

fn render(
    identity: &Identity,
    limits: Option<&LimitsFound>,
    advice: &[ClientAdvice],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let target = identity.target;
    match identity.server.family {
        Some(family) => {
            let confidence = format!("{:.2}", identity.server.confidence);
            out += &SERVER.fill(
                lang,
                &[
                    ("target", &target),
                    ("family", &family.name()),
                    ("confidence", &confidence),
                ],
            );
        }
        None => out += &UNKNOWN.fill(lang, &[("target", &target)]),
    }
    out.push('\n');
    if let Some(Answer::Reply(greeting)) = identity.steps.first().map(|s| &s.answer) {
        let first = format!("{:.1}", greeting.first_byte_ms);
        let complete = format!("{:.1}", greeting.complete_ms);
        out += &GREETING_TIME.fill(lang, &[("first", &first), ("complete", &complete)]);
        out.push('\n');
    }
    out += SEEN.of(lang);
    out.push('\n');
    for step in &identity.steps {
        let command = step.command.as_deref().unwrap_or("(connect)");
        let answer = match &step.answer {
            Answer::Reply(reply) => reply.wire.trim_end().replace("\r\n", "\n      "),
            Answer::Closed { .. } => "(closed)".into(),
            Answer::TimedOut => "(timed out)".into(),
            Answer::Error { message } => format!("({message})"),
        };
        out += &format!("  > {command}\n    {answer}\n");
    }
    if !identity.server.evidence.is_empty() {
        out += EVIDENCE.of(lang);
        out.push('\n');
        for clue in &identity.server.evidence {
            out += &format!(
                "  {} ({}, {:.2})\n",
                clue.line,
                clue.what.describe(lang),
                clue.weight
            );
        }
    }
    let Some(limits) = limits else {
        return out;
    };
    out.push('\n');
    match limits.limit {
        None => out += &NO_LIMIT.fill(lang, &[("cap", &limits.cap)]),
        Some(n) => {
            let when = if limits.at_login {
                AT_LOGIN
            } else {
                AT_CONNECT
            };
            let scope = match (limits.scope, limits.per_address) {
                (Scope::PerAddress, _) => PER_ADDRESS,
                (Scope::Global, _) => GLOBAL,
                (Scope::FromText, Some(true)) => PER_ADDRESS_TEXT,
                (Scope::FromText, _) => GLOBAL_TEXT,
                (Scope::Unknown, _) => SCOPE_UNKNOWN,
            };
            out += &LIMIT.fill(
                lang,
                &[
                    ("n", &n),
                    ("when", &when.of(lang)),
                    ("scope", &scope.of(lang)),
                ],
            );
        }
    }
    out.push('\n');
    for run in &limits.runs {
        let source = run
            .source
            .map_or_else(|| OWN_ADDRESS.of(lang).to_string(), |ip| ip.to_string());
        let refused = if run.refusal.is_some() {
            THEN_REFUSED.of(lang)
        } else {
            ""
        };
        out += &SOURCE_RUN.fill(
            lang,
            &[
                ("source", &source),
                ("n", &run.admitted),
                ("refused", &refused),
            ],
        );
        out.push('\n');
    }
    if let Some(refusal) = limits.runs.first().and_then(|r| r.refusal.as_ref()) {
        match &refusal.answer {
            Answer::Reply(reply) => {
                out += &REFUSAL.fill(lang, &[("bytes", &format!("{:?}", reply.wire))]);
                out.push('\n');
                let meaning =
                    ftpsim::diagnose::diagnose_as(&reply.wire, ftpsim::diagnose::Source::Raw, lang);
                if let Some(finding) = meaning.findings.first() {
                    out += &format!("  {}\n", finding.explanation);
                }
            }
            _ => {
                out += SILENT.of(lang);
                out.push('\n');
            }
        }
    }
    if limits.left_open == 0 {
        out += CLOSED.of(lang);
    } else {
        out += &LEFT.fill(lang, &[("n", &limits.left_open)]);
    }
    out.push('\n');
    if let Some(n) = limits.limit.filter(|_| !advice.is_empty()) {
        out.push('\n');
        let heading = if limits.per_address == Some(false) {
            ADVICE_GLOBAL
        } else {
            ADVICE
        };
        out += &heading.fill(lang, &[("n", &n)]);
        out.push('\n');
        for a in advice {
            let fate = if a.refused_with_defaults {
                REFUSED_DEFAULT
            } else {
                FITS_DEFAULT
            };
            out += &format!(
                "  {}: {}, {}\n    {}\n",
                a.name,
                OPENS.fill(lang, &[("n", &a.connections)]),
                fate.of(lang),
                a.setting
            );
        }
    }
    out
}
