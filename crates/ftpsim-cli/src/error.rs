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
    /// The command ran but could not finish.
    Failed(String),
    /// Whoever read our output stopped reading (`ftpsim codes | head`): not
    /// an error, as for any Unix filter, so nothing is printed.
    OutputClosed,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::Usage(message.into())
    }

    pub fn report(&self) -> ExitCode {
        if let CliError::OutputClosed = self {
            return ExitCode::SUCCESS;
        }
        let _ = writeln!(std::io::stderr(), "ftpsim: error: {self}");
        match self {
            CliError::Usage(_) => ExitCode::from(2),
            CliError::Failed(_) | CliError::OutputClosed => ExitCode::from(1),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Failed(message) => f.write_str(message),
            CliError::OutputClosed => f.write_str("the reader closed standard output"),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            return CliError::OutputClosed;
        }
        CliError::Failed(format!("cannot write output: {err}"))
    }
}

impl From<serde_json::Error> for CliError {
    fn from(err: serde_json::Error) -> Self {
        match err.io_error_kind() {
            Some(kind) => CliError::from(std::io::Error::from(kind)),
            None => CliError::Failed(format!("cannot write JSON: {err}")),
        }
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
