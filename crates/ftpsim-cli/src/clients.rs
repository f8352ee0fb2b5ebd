//! `ftpsim clients`: how many connections each common FTP client opens to
//! one server, and what to set to stay under a per-address limit.

use std::io::Write;

use clap::Args;
use ftpsim::clients::{self, ClientProfile};
use ftpsim::{Lang, Text};
use serde::Serialize;

use crate::error::{CliError, parse_lang};

#[derive(Debug, Args)]
#[command(
    after_help = "Example: the server says \"421 Too many connections (8) from this IP\":\n  \
ftpsim clients --limit 8"
)]
pub struct ClientsArgs {
    /// The server's per-address limit, the number in "Too many connections
    /// (8) from this IP"; the advice keeps one connection spare.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
    /// Language: en or fr.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    key: &'a str,
    name: &'a str,
    version: &'a str,
    default_connections: u32,
    fixed_connections: u32,
    default_parallel: u32,
    parallel_for_limit: Option<u32>,
    advice: String,
    note: &'a str,
    source: &'a str,
}

const HEADER: Text = Text {
    en: "Connections each client opens to one FTP server with its default settings, and what to set so that it alone stays one connection under a per-address limit of {limit}:",
    fr: "Connexions que chaque client ouvre vers un même serveur FTP avec ses réglages par défaut, et quoi régler pour qu'à lui seul il reste une connexion sous une limite par adresse de {limit} :",
};
const DEFAULTS: Text = Text {
    en: "{total} by default ({fixed} + {parallel} in parallel)",
    fr: "{total} par défaut ({fixed} + {parallel} en parallèle)",
};
const FITS: Text = Text {
    en: "within a limit of {limit} with one to spare",
    fr: "sous une limite de {limit} avec une de réserve",
};
const OVER: Text = Text {
    en: "too many for a limit of {limit} with one to spare",
    fr: "trop pour une limite de {limit} avec une de réserve",
};
const SET: Text = Text {
    en: "Set",
    fr: "Réglage",
};
const SOURCE: Text = Text {
    en: "Source",
    fr: "Source",
};
const COLON: Text = Text { en: ":", fr: " :" };

pub fn run(args: &ClientsArgs) -> Result<(), CliError> {
    let lang = args.lang;
    let mut out = std::io::stdout().lock();
    if args.json {
        let rows: Vec<Row<'_>> = clients::ALL
            .iter()
            .map(|c| Row {
                key: c.key,
                name: c.name,
                version: c.version,
                default_connections: c.default_connections(),
                fixed_connections: c.fixed_connections,
                default_parallel: c.default_parallel,
                parallel_for_limit: c.parallel_for_limit(args.limit),
                advice: c.advice(args.limit, lang),
                note: c.note.of(lang),
                source: c.source,
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", HEADER.fill(lang, &[("limit", &args.limit)]))?;
    for c in clients::ALL {
        writeln!(out)?;
        write_client(&mut out, c, args.limit, lang)?;
    }
    Ok(())
}

fn write_client(
    out: &mut impl Write,
    c: &ClientProfile,
    limit: u32,
    lang: Lang,
) -> Result<(), CliError> {
    let fits = c.default_connections() < limit;
    let verdict = if fits { FITS } else { OVER };
    writeln!(
        out,
        "{} {}{} {}, {}",
        c.name,
        c.version,
        COLON.of(lang),
        DEFAULTS.fill(
            lang,
            &[
                ("total", &c.default_connections()),
                ("fixed", &c.fixed_connections),
                ("parallel", &c.default_parallel),
            ],
        ),
        verdict.fill(lang, &[("limit", &limit)])
    )?;
    writeln!(
        out,
        "  {}{} {}",
        SET.of(lang),
        COLON.of(lang),
        c.advice(limit, lang)
    )?;
    writeln!(out, "  {}", c.note.of(lang))?;
    writeln!(out, "  {}{} {}", SOURCE.of(lang), COLON.of(lang), c.source)?;
    Ok(())
}
