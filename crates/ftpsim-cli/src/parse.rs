//! `ftpsim parse`: the replies in a captured control-connection stream, one
//! JSON object per line, printed as soon as each reply is complete; or,
//! with `--compare`, every client's reading of the same bytes side by side.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use ftpsim::reply::parser::{ParsedReply, Reading, ReplyDecoder, Rule, agreement};
use ftpsim::{Lang, Text};
use serde::Serialize;

use crate::error::{CliError, parse_lang};

#[derive(Debug, Args)]
#[command(after_help = "Each reply is printed as one JSON line:\n  \
{\"offset\":0,\"end\":33,\"code\":220,\"opening_code\":220,\"lines\":[\"Service ready for new user.\"]}\n\
offset is the byte where the reply began, end the byte after it. Malformed input stops \
with an error naming the byte offset, exit status 2.\n\n\
Clients do not read replies alike: which bytes end a line, which line ends a multiline \
reply, what a first line may be, how long a line may grow. Each --rule reads as one \
client's source code does. --compare reads the same bytes by every rule and shows where \
they part ways; add --json for the same as one JSON document.\n\n\
Examples:\n  \
printf '553-exists\\r\\n150 Opening\\r\\n' | ftpsim parse --compare\n  \
ftpsim parse --rule ftplib capture.bin\n  \
ftpsim parse --compare --json capture.bin")]
pub struct ParseArgs {
    /// Which client's rules to read the stream by (`lenient`, an earlier
    /// name, reads as curl).
    #[arg(long, value_enum, default_value = "rfc", conflicts_with = "compare")]
    rule: RuleArg,
    /// Read the stream by every rule and show where they disagree: which
    /// replies each sees, and where each stops.
    #[arg(long)]
    compare: bool,
    /// With --compare: one JSON document rather than text.
    #[arg(long, requires = "compare")]
    json: bool,
    /// Language of the error messages: en or fr.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// The captured stream (server to client bytes); standard input when
    /// absent or "-".
    file: Option<PathBuf>,
}

/// A rule as the command line names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RuleArg(Rule);

const RULE_ARGS: [RuleArg; 8] = [
    RuleArg(Rule::Rfc),
    RuleArg(Rule::Ftplib),
    RuleArg(Rule::Go),
    RuleArg(Rule::Curl),
    RuleArg(Rule::Suppaftp),
    RuleArg(Rule::CommonsNet),
    RuleArg(Rule::Lftp),
    RuleArg(Rule::Filezilla),
];

impl ValueEnum for RuleArg {
    fn value_variants<'a>() -> &'a [Self] {
        &RULE_ARGS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.0.name()).help(self.0.about(Lang::En));
        // The tolerant rule of earlier versions read as curl does.
        Some(if self.0 == Rule::Curl {
            value.alias("lenient")
        } else {
            value
        })
    }
}

#[derive(Serialize)]
struct ReplyLine {
    offset: u64,
    end: u64,
    code: u16,
    opening_code: u16,
    lines: Vec<String>,
}

impl From<&ParsedReply> for ReplyLine {
    fn from(parsed: &ParsedReply) -> ReplyLine {
        ReplyLine {
            offset: parsed.offset(),
            end: parsed.end(),
            code: parsed.code().get(),
            opening_code: parsed.opening_code().get(),
            lines: parsed
                .reply()
                .lines()
                .iter()
                .map(|line| String::from_utf8_lossy(line).into_owned())
                .collect(),
        }
    }
}

const WHERE: Text = Text {
    en: "{name}: {message}",
    fr: "{name} : {message}",
};

const STANDARD_INPUT: Text = Text {
    en: "standard input",
    fr: "entrée standard",
};

pub fn run(args: &ParseArgs) -> Result<(), CliError> {
    let stdin_wanted = args
        .file
        .as_ref()
        .is_none_or(|path| path.as_os_str() == "-");
    let (name, mut input): (String, Box<dyn Read>) = match &args.file {
        Some(path) if !stdin_wanted => {
            let name = path.display().to_string();
            let file = File::open(path)
                .map_err(|err| CliError::usage(format!("cannot read {name}: {err}")))?;
            (name, Box::new(file))
        }
        _ => (
            STANDARD_INPUT.of(args.lang).to_owned(),
            Box::new(io::stdin().lock()),
        ),
    };
    if args.compare {
        let mut bytes = Vec::new();
        input
            .read_to_end(&mut bytes)
            .map_err(|err| CliError::usage(format!("cannot read {name}: {err}")))?;
        return compare(&bytes, args);
    }
    let mut decoder = ReplyDecoder::new(args.rule.0.config());
    let mut out = io::stdout().lock();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let read = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(CliError::usage(format!("cannot read {name}: {err}"))),
        };
        let fed = decoder.feed(&chunk[..read]);
        print_ready(&mut decoder, &mut out)?;
        fed.map_err(|err| {
            CliError::usage(WHERE.fill(
                args.lang,
                &[("name", &name), ("message", &err.message(args.lang))],
            ))
        })?;
    }
    decoder.finish().map_err(|err| {
        CliError::usage(WHERE.fill(
            args.lang,
            &[("name", &name), ("message", &err.message(args.lang))],
        ))
    })?;
    Ok(())
}

fn print_ready(decoder: &mut ReplyDecoder, out: &mut impl Write) -> Result<(), CliError> {
    for parsed in decoder.replies() {
        serde_json::to_writer(&mut *out, &ReplyLine::from(&parsed))?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

/// One rule's reading, for `--compare --json`.
#[derive(Serialize)]
struct RuleReading {
    rule: &'static str,
    client: &'static str,
    source: &'static str,
    replies: Vec<ReplyLine>,
    error: Option<ErrorLine>,
}

#[derive(Serialize)]
struct ErrorLine {
    offset: u64,
    message: String,
}

#[derive(Serialize)]
struct Comparison {
    bytes: usize,
    agree: bool,
    /// The first byte where two rules read differently.
    part_ways_at: Option<u64>,
    /// Rules that read alike, together.
    groups: Vec<Vec<&'static str>>,
    readings: Vec<RuleReading>,
}

const ALL_AGREE: Text = Text {
    en: "Every rule reads these {bytes} bytes the same way.",
    fr: "Toutes les règles lisent ces {bytes} octets de la même façon.",
};
const PART_WAYS: Text = Text {
    en: "The rules part ways at byte {at} of {bytes}: {groups} different readings.",
    fr: "Les règles divergent à l'octet {at} sur {bytes} : {groups} lectures différentes.",
};
const REPLY: Text = Text {
    en: "  reply {n}, bytes {start}-{end}: {code}",
    fr: "  réponse {n}, octets {start}-{end} : {code}",
};
const OPENED_AS: Text = Text {
    en: " (opened as {code})",
    fr: " (ouverte en {code})",
};
const NO_REPLY: Text = Text {
    en: "  no reply",
    fr: "  aucune réponse",
};
const STOPS: Text = Text {
    en: "  stops {message}",
    fr: "  s'arrête {message}",
};

fn compare(bytes: &[u8], args: &ParseArgs) -> Result<(), CliError> {
    let readings = Reading::all(bytes);
    let groups = agreement(&readings);
    let part_ways_at = readings
        .iter()
        .skip(1)
        .filter_map(|other| readings[0].parts_ways_with(other))
        .min();
    let mut out = io::stdout().lock();
    if args.json {
        let comparison = Comparison {
            bytes: bytes.len(),
            agree: groups.len() == 1,
            part_ways_at,
            groups: groups
                .iter()
                .map(|group| group.iter().map(|rule| rule.name()).collect())
                .collect(),
            readings: readings
                .iter()
                .map(|reading| RuleReading {
                    rule: reading.rule.name(),
                    client: reading.rule.label(),
                    source: reading.rule.source(),
                    replies: reading.replies.iter().map(ReplyLine::from).collect(),
                    error: reading.error.map(|error| ErrorLine {
                        offset: error.offset(),
                        message: error.message(args.lang),
                    }),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut out, &comparison)?;
        writeln!(out)?;
        return Ok(());
    }
    let lang = args.lang;
    let size = bytes.len();
    match part_ways_at {
        None => writeln!(out, "{}", ALL_AGREE.fill(lang, &[("bytes", &size)]))?,
        Some(at) => writeln!(
            out,
            "{}",
            PART_WAYS.fill(
                lang,
                &[("at", &at), ("bytes", &size), ("groups", &groups.len())]
            )
        )?,
    }
    for group in &groups {
        let names: Vec<&str> = group.iter().map(|rule| rule.name()).collect();
        writeln!(out, "\n{}", names.join(", "))?;
        let Some(reading) = readings.iter().find(|r| r.rule == group[0]) else {
            continue;
        };
        write_reading(&mut out, reading, lang)?;
    }
    Ok(())
}

fn write_reading(out: &mut impl Write, reading: &Reading, lang: Lang) -> Result<(), CliError> {
    if reading.replies.is_empty() {
        writeln!(out, "{}", NO_REPLY.of(lang))?;
    }
    for (index, parsed) in reading.replies.iter().enumerate() {
        let mut line = REPLY.fill(
            lang,
            &[
                ("n", &(index + 1)),
                ("start", &parsed.offset()),
                ("end", &parsed.end()),
                ("code", &parsed.code()),
            ],
        );
        if parsed.opening_code() != parsed.code() {
            line.push_str(&OPENED_AS.fill(lang, &[("code", &parsed.opening_code())]));
        }
        writeln!(out, "{line}")?;
        for text in parsed.reply().lines() {
            writeln!(
                out,
                "    | {}",
                String::from_utf8_lossy(text).escape_debug()
            )?;
        }
    }
    if let Some(error) = reading.error {
        writeln!(
            out,
            "{}",
            STOPS.fill(lang, &[("message", &error.message(lang))])
        )?;
    }
    Ok(())
}
