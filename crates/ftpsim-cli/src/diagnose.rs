//! `ftpsim diagnose [FILE]`: a client's log or a capture in, each refusal's
//! cause and fix out. The reading is the core's (`ftpsim::diagnose`); this
//! only reads the file and prints.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::Args;
use ftpsim::Lang;
use ftpsim::diagnose::{Source, diagnose, diagnose_as};

use crate::error::{CliError, parse_lang};

/// The largest input read: logs of many hours fit; a mistaken binary file
/// does not take the memory.
const MAX_INPUT: u64 = 64 << 20;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ftpsim diagnose filezilla.log\n  \
curl -v ftp://127.0.0.1:2121/ 2>&1 | ftpsim diagnose --lang fr\n  \
lftp -d -e 'ls; quit' ftp://127.0.0.1:2121 2>&1 | ftpsim diagnose --json")]
pub struct DiagnoseArgs {
    /// The log to read; standard input when absent or `-`.
    file: Option<PathBuf>,
    /// The program that wrote it (filezilla, winscp, lftp, curl, ftplib,
    /// raw); found from the text when absent.
    #[arg(long, value_parser = parse_source)]
    from: Option<Source>,
    /// Language: en or fr.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

fn parse_source(name: &str) -> Result<Source, String> {
    [
        Source::FileZilla,
        Source::WinScp,
        Source::Lftp,
        Source::Curl,
        Source::Ftplib,
        Source::Raw,
    ]
    .into_iter()
    .find(|s| s.key().eq_ignore_ascii_case(name))
    .ok_or_else(|| {
        format!("unknown log format {name:?}: use filezilla, winscp, lftp, curl, ftplib or raw")
    })
}

pub fn run(args: &DiagnoseArgs) -> Result<(), CliError> {
    let mut bytes = Vec::new();
    match args.file.as_deref() {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::File::open(path)
                .and_then(|f| f.take(MAX_INPUT).read_to_end(&mut bytes))
                .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
        }
        _ => {
            std::io::stdin()
                .take(MAX_INPUT)
                .read_to_end(&mut bytes)
                .map_err(|e| CliError::usage(format!("cannot read standard input: {e}")))?;
        }
    }
    // Logs written on Windows may hold Latin-1 text: keep what can be read.
    let text = String::from_utf8_lossy(&bytes);
    let diagnosis = match args.from {
        Some(source) => diagnose_as(&text, source, args.lang),
        None => diagnose(&text, args.lang),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &diagnosis)
            .map_err(|e| CliError::Failed(e.to_string()))?;
        writeln!(out)?;
    } else {
        write!(out, "{}", diagnosis.to_text())?;
    }
    Ok(())
}
