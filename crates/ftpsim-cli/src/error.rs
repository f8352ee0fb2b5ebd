//! How the command line fails: one clear line on stderr and a status that
//! tells scripts what went wrong. 2 means the input was bad (an argument, a
//! file, its contents); 1 means the work itself failed.

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug)]
pub enum CliError {
    /// Bad input: an argument, an unreadable file, malformed contents.
    Usage(String),
    /// The command ran but could not finish (e.g. stdout closed).
    Failed(String),
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::Usage(message.into())
    }

    pub fn report(&self) -> ExitCode {
        let _ = writeln!(std::io::stderr(), "ftpsim: error: {self}");
        match self {
            CliError::Usage(_) => ExitCode::from(2),
            CliError::Failed(_) => ExitCode::from(1),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Failed(message) => f.write_str(message),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> Self {
        CliError::Failed(format!("cannot write output: {err}"))
    }
}

/// Prints help and version as clap does; any other argument error becomes
/// one line on stderr and exit status 2.
pub fn report_clap(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            let text = err.to_string();
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ");
            let _ = writeln!(
                std::io::stderr(),
                "ftpsim: error: {first} (try 'ftpsim --help')"
            );
            ExitCode::from(2)
        }
    }
}

/// Parses a reply code argument with a message that says what is allowed.
pub fn parse_code(s: &str) -> Result<ftpsim::ReplyCode, String> {
    s.parse::<ftpsim::ReplyCode>()
        .map_err(|e| format!("{s:?} is not a reply code: {e}"))
}

/// Parses a language argument.
pub fn parse_lang(s: &str) -> Result<ftpsim::Lang, String> {
    s.parse::<ftpsim::Lang>().map_err(|e| e.to_string())
}
