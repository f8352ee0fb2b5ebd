//! `ftpsim parse`: the replies in a captured control-connection stream, one
//! JSON object per line, printed as soon as each reply is complete.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use ftpsim::reply::parser::{Config, ParsedReply, ReplyDecoder};
use ftpsim::{Lang, Text};
use serde::Serialize;

use crate::error::{CliError, parse_lang};

#[derive(Debug, Args)]
#[command(after_help = "Each reply is printed as one JSON line:\n  \
{\"offset\":0,\"end\":33,\"code\":220,\"opening_code\":220,\"lines\":[\"Service ready for new user.\"]}\n\
offset is the byte where the reply began, end the byte after it. Malformed input stops \
with an error naming the byte offset, exit status 2.")]
pub struct ParseArgs {
    /// Which rules to read the stream by.
    #[arg(long, value_enum, default_value_t = Rule::Rfc)]
    rule: Rule,
    /// Language of the error messages: en or fr.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// The captured stream (server to client bytes); standard input when
    /// absent or "-".
    file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Rule {
    /// RFC 959 as written: a reply ends at its own code and a space, lines
    /// end with CR LF, Telnet commands are read strictly.
    Rfc,
    /// As curl and suppaftp read: any code and a space ends a reply, LF
    /// alone ends a line, a lone 0xFF is text.
    Lenient,
}

impl Rule {
    fn config(self) -> Config {
        match self {
            Rule::Rfc => Config::rfc(),
            Rule::Lenient => Config::lenient(),
        }
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
    let mut decoder = ReplyDecoder::new(args.rule.config());
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
