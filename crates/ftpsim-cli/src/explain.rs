//! `ftpsim explain` and `ftpsim compare`.

use std::io::Write;

use clap::Args;
use ftpsim::{Lang, ReplyCode};

use crate::error::{CliError, parse_code, parse_lang};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The reply code, e.g. 421.
    #[arg(value_parser = parse_code)]
    code: ReplyCode,
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

pub fn run_explain(args: &ExplainArgs) -> Result<(), CliError> {
    let explanation = ftpsim::explain::explain(args.code, args.lang);
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
