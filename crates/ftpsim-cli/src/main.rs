//! `ftpsim`: FTP connection admission, explained and simulated.

mod clients;
mod codes;
mod diagnose;
mod drive;
mod error;
mod explain;
mod parse;
mod probe;
mod scenario_file;
mod serve;
mod server_flags;
mod simulate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;

/// Understand why an FTP server greets you with 220 or turns you away
/// with 421: reply codes explained and compared in English and French.
#[derive(Debug, Parser)]
#[command(name = "ftpsim", version, propagate_version = true)]
#[command(
    after_help = "Examples:\n  ftpsim explain 421\n  ftpsim compare 220 421 --lang fr\n  ftpsim codes --json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every reply code the FTP RFCs define, with its class and category.
    Codes(codes::CodesArgs),
    /// Explain one reply code: what it means, when you see it, what to do.
    Explain(explain::ExplainArgs),
    /// Compare two reply codes side by side (e.g. 220 vs 421).
    Compare(explain::CompareArgs),
    /// How many connections FileZilla, WinSCP, lftp, rclone, curl and wget
    /// open to one server, and what to set under a per-address limit.
    Clients(clients::ClientsArgs),
    /// Parse a captured control-connection stream into replies (JSON lines),
    /// as the RFC or one client reads them, or compare every client's reading.
    Parse(parse::ParseArgs),
    /// Run a real FTP endpoint that greets or refuses as the gate decides.
    Serve(Box<serve::ServeArgs>),
    /// Ask a running server who it is and where its connection limit lies.
    Probe(Box<probe::ProbeArgs>),
    /// Play a scenario's users against a running server, in real time.
    Drive(Box<drive::DriveArgs>),
    /// Read a client's log (FileZilla, WinSCP, lftp -d, curl -v, ftplib) or
    /// a capture: why each refusal came, and what to change.
    Diagnose(diagnose::DiagnoseArgs),
    /// Simulate a connection-limit scenario: how many clients get 220 and
    /// how many 421, next to the Erlang B prediction.
    Simulate(Box<simulate::SimulateArgs>),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return error::report_clap(err),
    };
    let result: Result<(), CliError> = match cli.command {
        Command::Codes(args) => codes::run(&args),
        Command::Explain(args) => explain::run_explain(&args),
        Command::Compare(args) => explain::run_compare(&args),
        Command::Clients(args) => clients::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Probe(args) => probe::run(&args),
        Command::Diagnose(args) => diagnose::run(&args),
        Command::Drive(args) => drive::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => err.report(),
    }
}
