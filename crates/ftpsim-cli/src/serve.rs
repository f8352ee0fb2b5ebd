//! `ftpsim serve`: a real FTP endpoint that greets, refuses, times out and
//! shuts down exactly as the core's gate and session say.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::server_flags::ServerFlags;
use clap::{Args, ValueEnum};
use ftpsim::session::{Faults, Uploads};
use ftpsim::vfs::manifest::parse_size;
use ftpsim_server::quirks::Quirks;
use ftpsim_server::{DataOptions, Options, Server, Summary};
use tracing::level_filters::LevelFilter;
use tracing_appender::non_blocking::ErrorCounter;

use crate::error::CliError;
use crate::scenario_file;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per line, for machines.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    Off,
    Error,
    Warn,
    /// One line per connection and outcome.
    Info,
    Debug,
}

impl From<LogLevel> for LevelFilter {
    fn from(level: LogLevel) -> LevelFilter {
        match level {
            LogLevel::Off => LevelFilter::OFF,
            LogLevel::Error => LevelFilter::ERROR,
            LogLevel::Warn => LevelFilter::WARN,
            LogLevel::Info => LevelFilter::INFO,
            LogLevel::Debug => LevelFilter::DEBUG,
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ftpsim serve --listen 127.0.0.1:2121 --preset vsftpd --max-clients 2 --anonymous
  ftpsim serve --listen 127.0.0.1:0 --preset pure-ftpd --max-per-ip 8 --user alice:secret
  ftpsim serve --listen 127.0.0.1:2121 --scenario scenarios/maintenance-shutdown.toml --anonymous
  ftpsim serve --config serve.toml --log json

Server settings come from three places, later ones winning: the [server] section
of --config, the [server] section of --scenario (the one `ftpsim simulate` reads,
so what is simulated can be served as it is), then each flag. A limit left out
takes the preset's own default (vsftpd: 2000 clients, 50 per address; Pure-FTPd:
50 clients; pyftpdlib: max_cons 512); 0 means unlimited, as in vsftpd and
pyftpdlib. Times (--warmup, --shutdown-at) count from the server's start.

Files: every session serves one in-memory tree (--tree): the demo tree by
default (README.txt, pub/ with files from 1 KiB to 64 MiB, mirror/ with twelve
files for mirror jobs, upload/), a snapshot of a directory read once at start
(symbolic links skipped, nothing read or written afterwards), or a manifest:

  seed = 42
  dirs = [\"upload\"]
  [[files]]
  path = \"pub/big.iso\"
  size = \"10 GiB\"          # generated on the fly: costs no memory

Uploads stay in memory within --upload-cap (then the preset's \"insufficient
storage\" reply), or are thrown away with --uploads discard. PORT and EPRT may
name only the client's own address and a port from 1024; a passive connection
from another address is refused. To reproduce \"421 Too many connections (N)
from this IP\", serve with a per-address limit and a transfer rate, so that a
client's parallel transfers overlap:

  ftpsim serve --listen 127.0.0.1:2121 --preset pure-ftpd --max-per-ip 2 \\
      --anonymous --transfer-rate 200000
  lftp -e 'mirror --parallel=5 /mirror /tmp/m; quit' ftp://127.0.0.1:2121

Stop with Ctrl-C (SIGINT) or SIGTERM: every live session gets the preset's
shutdown reply, then a summary is printed (log lines dropped because stderr was
not read fast enough are counted in it).")]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed at start).
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// Serve the [server] section of this scenario file (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Read settings from a TOML (or .json) file: listen, users, anonymous,
    /// write_timeout, shutdown_after, [server] and [quirks].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// An account that may log in (repeatable). Never logged.
    #[arg(long = "user", value_name = "NAME:PASSWORD")]
    users: Vec<String>,
    /// Let `anonymous` and `ftp` log in with any password.
    #[arg(long)]
    anonymous: bool,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log: LogFormat,
    /// Least severe events to log.
    #[arg(long, value_enum, default_value_t = LogLevel::Info)]
    log_level: LogLevel,
    /// Drop a client that has not taken a reply after this long.
    #[arg(long, value_name = "SECONDS")]
    write_timeout: Option<f64>,
    /// Stop the process by itself this long after start.
    #[arg(long, value_name = "SECONDS")]
    shutdown_after: Option<f64>,
    /// Runtime worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    #[command(flatten)]
    server: ServerFlags,

    /// What to serve: `demo`, a directory (a snapshot taken at start), or a
    /// manifest ending in .toml.
    #[arg(
        long,
        value_name = "demo|DIR|FILE.toml",
        help_heading = "Files and data connections"
    )]
    tree: Option<String>,
    /// Keep uploads in memory, throw them away, or refuse them.
    #[arg(long, value_name = "memory|discard|refuse", value_parser = parse_uploads, help_heading = "Files and data connections")]
    uploads: Option<Uploads>,
    /// Bytes all uploads kept in memory may hold together.
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes, help_heading = "Files and data connections")]
    upload_cap: Option<u64>,
    /// Bytes per second on each data connection, so that transfers take
    /// time and hold their slots as on a real line.
    #[arg(long, value_name = "BYTES_PER_SECOND", value_parser = parse_bytes, help_heading = "Files and data connections")]
    transfer_rate: Option<u64>,
    /// Passive ports, FIRST-LAST.
    #[arg(
        long,
        value_name = "FIRST-LAST",
        help_heading = "Files and data connections"
    )]
    pasv_ports: Option<String>,
    /// Close each download's data connection after BYTES (426).
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes, help_heading = "Faults (for testing clients)")]
    drop_after: Option<u64>,
    /// Stop sending after BYTES of each download, until the data timeout.
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes, help_heading = "Faults (for testing clients)")]
    stall_after: Option<u64>,
    /// Refuse every N-th data connection of a session (425).
    #[arg(long, value_name = "N", help_heading = "Faults (for testing clients)")]
    refuse_data_connection: Option<u32>,
    /// Answer 421 and close after N commands.
    #[arg(long, value_name = "N", help_heading = "Faults (for testing clients)")]
    close_after_commands: Option<u32>,
    /// Answer 421 and close after N completed transfers.
    #[arg(long, value_name = "N", help_heading = "Faults (for testing clients)")]
    close_after_transfers: Option<u32>,

    /// Refuse this fraction of connections with 421 before the gate is asked.
    #[arg(
        long,
        value_name = "FRACTION",
        help_heading = "Quirks (for testing clients)"
    )]
    refuse_fraction: Option<f64>,
    /// Seed of the refusals drawn by --refuse-fraction.
    #[arg(long, value_name = "N", help_heading = "Quirks (for testing clients)")]
    refuse_seed: Option<u64>,
    /// Send `120 Service ready in N minutes.` at once and the 220 after SECONDS.
    #[arg(
        long,
        value_name = "SECONDS",
        help_heading = "Quirks (for testing clients)"
    )]
    greet_delay: Option<f64>,
    /// Multiline greeting whose inner lines begin with digits.
    #[arg(long, help_heading = "Quirks (for testing clients)")]
    digit_lines: bool,
    /// End the greeting with a bare `220` line.
    #[arg(long, help_heading = "Quirks (for testing clients)")]
    bare_close: bool,
    /// Write every reply one byte at a time.
    #[arg(long, help_heading = "Quirks (for testing clients)")]
    bytewise: bool,
    /// Pause between bytes with --bytewise.
    #[arg(long, value_name = "MS", help_heading = "Quirks (for testing clients)")]
    byte_interval: Option<u64>,
}

impl ServeArgs {
    /// The quirks: the file's, with each flag given on top.
    fn quirks(&self, from_file: Option<Quirks>) -> Option<Quirks> {
        let any_flag = self.refuse_fraction.is_some()
            || self.refuse_seed.is_some()
            || self.greet_delay.is_some()
            || self.digit_lines
            || self.bare_close
            || self.bytewise
            || self.byte_interval.is_some();
        if !any_flag {
            return from_file;
        }
        let mut quirks = from_file.unwrap_or_default();
        if let Some(fraction) = self.refuse_fraction {
            quirks.refuse_fraction = fraction;
        }
        if let Some(seed) = self.refuse_seed {
            quirks.refuse_seed = seed;
        }
        if let Some(delay) = self.greet_delay {
            quirks.greet_delay_secs = Some(delay);
        }
        quirks.digit_lines |= self.digit_lines;
        quirks.bare_close |= self.bare_close;
        quirks.bytewise |= self.bytewise;
        if let Some(interval) = self.byte_interval {
            quirks.byte_interval_ms = interval;
        }
        Some(quirks)
    }

    /// The `[data]` settings the flags give (none when no flag is given).
    fn data(&self) -> Option<DataOptions> {
        let faults = Faults {
            drop_after_bytes: self.drop_after,
            stall_after_bytes: self.stall_after,
            refuse_data_connection: self.refuse_data_connection,
            close_after_commands: self.close_after_commands,
            close_after_transfers: self.close_after_transfers,
        };
        let data = DataOptions {
            tree: self.tree.clone(),
            uploads: self.uploads,
            upload_cap: self.upload_cap,
            transfer_rate: self.transfer_rate,
            pasv_ports: self.pasv_ports.clone(),
            faults: (faults != Faults::default()).then_some(faults),
        };
        let any = data.tree.is_some()
            || data.uploads.is_some()
            || data.upload_cap.is_some()
            || data.transfer_rate.is_some()
            || data.pasv_ports.is_some()
            || data.faults.is_some();
        any.then_some(data)
    }

    fn options(&self) -> Result<Options, CliError> {
        let file = match &self.config {
            Some(path) => Options::from_file(path).map_err(|e| CliError::usage(e.to_string()))?,
            None => Options::default(),
        };
        let scenario_server = match &self.scenario {
            Some(path) => Some(
                scenario_file::load(path)
                    .map_err(|e| CliError::usage(e.to_string()))?
                    .server,
            ),
            None => None,
        };
        let quirks = self.quirks(file.quirks.clone());
        let server = scenario_server
            .or_else(|| file.server.clone())
            .unwrap_or_default();
        let flags = Options {
            listen: self.listen,
            server: Some(self.server.apply(server)),
            users: self.users.clone(),
            anonymous: self.anonymous.then_some(true),
            write_timeout: self.write_timeout,
            shutdown_after: self.shutdown_after,
            quirks,
            data: self.data(),
        };
        Ok(file.merge(flags))
    }
}

fn parse_uploads(text: &str) -> Result<Uploads, String> {
    match text {
        "memory" => Ok(Uploads::Memory),
        "discard" => Ok(Uploads::Discard),
        "refuse" => Ok(Uploads::Refuse),
        _ => Err("expected memory, discard or refuse".into()),
    }
}

/// A number of bytes, with an optional unit (`64MiB`, `1.5 MB`).
fn parse_bytes(text: &str) -> Result<u64, String> {
    parse_size(text)
}

/// Log lines queued for stderr by a background thread. A busy server logs
/// tens of thousands of lines a second (one per refused connection), and
/// nobody may be reading stderr at all: a full pipe must never stall
/// admission. Beyond [`LOG_QUEUE_LINES`] waiting lines (about a megabyte),
/// new ones are dropped and counted, and the summary says how many.
const LOG_QUEUE_LINES: usize = 8 * 1024;

fn init_logging(
    format: LogFormat,
    level: LogLevel,
) -> (tracing_appender::non_blocking::WorkerGuard, ErrorCounter) {
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(true)
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .thread_name("ftpsim-log")
        .finish(std::io::stderr());
    let dropped = writer.error_counter();
    let builder = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(LevelFilter::from(level))
        .with_target(false);
    // A second initialisation (only possible in tests) keeps the first.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(false).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    (guard, dropped)
}

pub fn run(args: &ServeArgs) -> Result<(), CliError> {
    let config = args
        .options()?
        .build()
        .map_err(|e| CliError::usage(e.to_string()))?;
    if args.threads == Some(0) {
        return Err(CliError::usage("--threads must be at least 1"));
    }
    let (log_guard, dropped_log_lines) = init_logging(args.log, args.log_level);
    let mut runtime = if args.threads == Some(1) {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    if let Some(threads) = args.threads.filter(|&n| n > 1) {
        runtime.worker_threads(threads);
    }
    let runtime = runtime
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(format!("cannot start the runtime: {e}")))?;
    let summary = runtime.block_on(async {
        let listen = config.listen;
        let server = Server::bind(config)
            .await
            .map_err(|e| CliError::Failed(format!("cannot listen on {listen}: {e}")))?;
        {
            let mut out = std::io::stdout().lock();
            writeln!(out, "listening on {}", server.local_addr())?;
            out.flush()?;
        }
        let handle = server.handle();
        let signals = tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("signal received; shutting down");
            handle.shutdown();
        });
        // On a worker thread, the accept loop is woken straight from the
        // reactor; on the thread inside `block_on` every connection would
        // cost a hand-off between threads.
        let summary = tokio::spawn(server.run())
            .await
            .map_err(|e| CliError::Failed(format!("the server stopped abnormally: {e}")))?;
        signals.abort();
        Ok::<Summary, CliError>(summary)
    });
    let mut summary = summary?;
    summary.log_lines_dropped =
        u64::try_from(dropped_log_lines.dropped_lines()).unwrap_or(u64::MAX);
    if summary.log_lines_dropped == 0 {
        // Writes out what is still queued.
        drop(log_guard);
    } else {
        // The queue filled up: stderr is not being read. Dropping the guard
        // would wait for it, then print a complaint on stdout, where the
        // summary goes; what is queued is lost either way.
        std::mem::forget(log_guard);
    }
    let mut out = std::io::stdout().lock();
    match args.log {
        LogFormat::Text => writeln!(out, "summary: {summary}")?,
        LogFormat::Json => {
            serde_json::to_writer(&mut out, &summary)
                .map_err(|e| CliError::Failed(e.to_string()))?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// SIGINT or SIGTERM, whichever comes first. Without signal support (should
/// not happen on Unix) the server runs until its configured time.
async fn wait_for_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(mut interrupt), Ok(mut terminate)) => {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}
