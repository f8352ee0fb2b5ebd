//! `ftpsim-load`: open many FTP control connections against one address and
//! measure how fast, and how completely, the server answers them.
//!
//! ```text
//! ftpsim-load 127.0.0.1:2121 --connections 20000 --concurrency 64 --hold 1
//! ```

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use ftpsim::reply::parser::Config;
use ftpsim_client::loadgen::{self, LoadConfig};

/// Opens N connections, at most M at once, reads each first reply and
/// reports refusals per second and latency percentiles.
#[derive(Debug, Parser)]
#[command(name = "ftpsim-load", version)]
struct Args {
    /// The server, e.g. 127.0.0.1:2121.
    target: SocketAddr,
    /// Connection attempts in total.
    #[arg(long, short = 'n', default_value_t = 10_000)]
    connections: u64,
    /// Attempts in flight at once (one thread each).
    #[arg(long, short = 'c', default_value_t = 64)]
    concurrency: usize,
    /// Connections opened first and held open, to fill the server's limit.
    #[arg(long, default_value_t = 0)]
    hold: usize,
    /// A client address to bind (repeat to use several in turn).
    #[arg(long = "source")]
    sources: Vec<IpAddr>,
    /// Seconds one attempt may take, from connect to the server's close.
    #[arg(long, default_value_t = 5.0)]
    timeout: f64,
    /// The server's PID, to report its CPU time per attempt.
    #[arg(long, value_name = "PID")]
    server_pid: Option<u32>,
    /// Read replies as curl does (any code and a space ends a reply, a LF
    /// alone ends a line) instead of by RFC 959.
    #[arg(long)]
    lenient: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        eprintln!("ftpsim-load: error: --timeout must be a positive number of seconds");
        return ExitCode::from(2);
    }
    let mut config = LoadConfig::new(args.target, args.connections, args.concurrency);
    config.hold = args.hold;
    config.source_ips = args.sources;
    config.timeout = Duration::from_secs_f64(args.timeout);
    config.server_pid = args.server_pid;
    if args.lenient {
        config.parser = Config::lenient();
    }
    match loadgen::run(&config) {
        Ok(report) => {
            if args.json {
                match serde_json::to_string_pretty(&report) {
                    Ok(text) => println!("{text}"),
                    Err(err) => {
                        eprintln!("ftpsim-load: error: {err}");
                        return ExitCode::from(1);
                    }
                }
            } else {
                println!("{report}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("ftpsim-load: error: {err}");
            ExitCode::from(1)
        }
    }
}
