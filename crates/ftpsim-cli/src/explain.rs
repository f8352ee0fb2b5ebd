//! `ftpsim explain` and `ftpsim compare`.

use std::io::Write;

use clap::Args;
use ftpsim::explain::{SOCKET_ERRORS, SocketError, socket_error};
use ftpsim::{Lang, ReplyCode};

use crate::error::{CliError, parse_code, parse_lang};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The reply code, e.g. 421; or a Windows socket error number that FTP
    /// programs show in its place, e.g. 10060.
    #[arg(value_parser = parse_code_or_socket_error)]
    code: Explained,
    /// Language: en or fr.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Print JSON instead of text.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print Markdown instead of text.
    #[arg(long)]
    markdown: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first code, e.g. 220.
    #[arg(value_parser = parse_code)]
    a: ReplyCode,
    /// The second code, e.g. 421.
    #[arg(value_parser = parse_code)]
    b: ReplyCode,
    /// Language: en or fr.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Print JSON instead of text.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print Markdown instead of text.
    #[arg(long)]
    markdown: bool,
}

/// What `explain` was asked about.
#[derive(Clone, Copy, Debug)]
enum Explained {
    Code(ReplyCode),
    SocketError(&'static SocketError),
}

fn parse_code_or_socket_error(s: &str) -> Result<Explained, String> {
    let number = s.trim().parse::<u32>().ok();
    if let Some(e) = number.and_then(socket_error) {
        return Ok(Explained::SocketError(e));
    }
    // Winsock numbers run from 10000 to 11999: name the ones we know
    // rather than only saying what a reply code is.
    if let Some(n) = number.filter(|n| (10_000..12_000).contains(n)) {
        let known: Vec<String> = SOCKET_ERRORS.iter().map(|e| e.number.to_string()).collect();
        return Err(format!(
            "{n} is not a reply code; it looks like a Windows socket error, and the ones explained here are {}",
            known.join(", ")
        ));
    }
    parse_code(s).map(Explained::Code)
}

pub fn run_explain(args: &ExplainArgs) -> Result<(), CliError> {
    let code = match args.code {
        Explained::Code(code) => code,
        Explained::SocketError(e) => {
            let explanation = e.explain(args.lang);
            let text = if args.json {
                json(&explanation)?
            } else if args.markdown {
                explanation.to_markdown()
            } else {
                explanation.to_text()
            };
            return print(&text);
        }
    };
    let explanation = ftpsim::explain::explain(code, args.lang);
    let text = if args.json {
        json(&explanation)?
    } else if args.markdown {
        explanation.to_markdown()
    } else {
        explanation.to_text()
    };
    print(&text)
}

pub fn run_compare(args: &CompareArgs) -> Result<(), CliError> {
    let comparison = ftpsim::explain::compare(args.a, args.b, args.lang);
    let text = if args.json {
        json(&comparison)?
    } else if args.markdown {
        comparison.to_markdown()
    } else {
        comparison.to_text()
    };
    print(&text)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| CliError::Failed(e.to_string()))
}

fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(())
}
