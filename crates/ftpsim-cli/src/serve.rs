//! `ftpsim serve`: a real FTP endpoint that greets, refuses, times out and
//! shuts down exactly as the core's gate and session say.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{Args, ValueEnum};
use ftpsim::admission::Preset;
use ftpsim_server::quirks::Quirks;
use ftpsim_server::{Options, Server, Summary};
use tracing::level_filters::LevelFilter;

use crate::error::CliError;

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
#[command(after_help = "Examples:\n  \
    ftpsim serve --listen 127.0.0.1:2121 --preset vsftpd --max-clients 2 --anonymous\n  \
    ftpsim serve --listen 127.0.0.1:0 --max-per-ip 1 --user alice:secret\n  \
    ftpsim serve --config serve.toml --log json\n\n\
    Flags override the configuration file. Stop with Ctrl-C (SIGINT) or SIGTERM:\n\
    every live session gets the preset's shutdown reply, then a summary is printed.")]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed at start).
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// Which server to imitate: rfc, vsftpd, pure-ftpd, proftpd, pyftpdlib.
    #[arg(long, value_name = "NAME", value_parser = parse_preset)]
    preset: Option<Preset>,
    /// Simultaneous clients admitted (default: the preset's own default).
    #[arg(long, value_name = "N")]
    max_clients: Option<u32>,
    /// Simultaneous clients admitted from one address.
    #[arg(long, value_name = "N")]
    max_per_ip: Option<u32>,
    /// Close sessions idle this long, with the preset's reply.
    #[arg(long, value_name = "SECONDS")]
    idle_timeout: Option<f64>,
    /// An account that may log in (repeatable). Never logged.
    #[arg(long = "user", value_name = "NAME:PASSWORD")]
    users: Vec<String>,
    /// Let `anonymous` and `ftp` log in with any password.
    #[arg(long)]
    anonymous: bool,
    /// Read settings from a TOML (or .json) file.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log: LogFormat,
    /// Least severe events to log.
    #[arg(long, value_enum, default_value_t = LogLevel::Info)]
    log_level: LogLevel,
    /// Drop a client that has not taken a reply after this long.
    #[arg(long, value_name = "SECONDS")]
    write_timeout: Option<f64>,
    /// Shut down by itself this long after start.
    #[arg(long, value_name = "SECONDS")]
    shutdown_after: Option<f64>,
    /// Runtime worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

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

fn parse_preset(name: &str) -> Result<Preset, String> {
    name.parse::<Preset>().map_err(|e| e.to_string())
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

    fn options(&self) -> Result<Options, CliError> {
        let file = match &self.config {
            Some(path) => Options::from_file(path).map_err(|e| CliError::usage(e.to_string()))?,
            None => Options::default(),
        };
        let quirks = self.quirks(file.quirks.clone());
        let flags = Options {
            listen: self.listen,
            preset: self.preset,
            max_clients: self.max_clients,
            max_per_ip: self.max_per_ip,
            rate: None,
            idle_timeout: self.idle_timeout,
            users: self.users.clone(),
            anonymous: self.anonymous.then_some(true),
            write_timeout: self.write_timeout,
            shutdown_after: self.shutdown_after,
            quirks,
        };
        Ok(file.merge(flags))
    }
}

/// Log lines on their way to stderr. A busy server logs tens of thousands of
/// lines a second (one per refused connection); writing each with its own
/// system call would cost more than refusing the connection. Lines are
/// gathered and written out when 16 KiB have piled up, every 100 ms, and at
/// exit.
#[derive(Clone, Default)]
struct BatchedStderr {
    pending: Arc<Mutex<Vec<u8>>>,
    /// Held while writing out, so that batches reach stderr in order.
    output: Arc<Mutex<()>>,
}

const LOG_BATCH: usize = 16 * 1024;
const LOG_FLUSH_EVERY: Duration = Duration::from_millis(100);

impl BatchedStderr {
    fn flush(&self) {
        let _order = self.output.lock().unwrap_or_else(|e| e.into_inner());
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if !batch.is_empty() {
            // Nowhere to report a failure to write the log itself.
            let _ = std::io::stderr().lock().write_all(&batch);
        }
    }
}

impl Write for BatchedStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let full = {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending.extend_from_slice(buf);
            pending.len() >= LOG_BATCH
        };
        if full {
            BatchedStderr::flush(self);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for BatchedStderr {
    type Writer = BatchedStderr;

    fn make_writer(&'a self) -> BatchedStderr {
        self.clone()
    }
}

fn init_logging(format: LogFormat, level: LogLevel, writer: BatchedStderr) {
    let builder = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(LevelFilter::from(level))
        .with_target(false);
    // A second initialisation (only possible in tests) keeps the first.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(false).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

pub fn run(args: &ServeArgs) -> Result<(), CliError> {
    let config = args
        .options()?
        .build()
        .map_err(|e| CliError::usage(e.to_string()))?;
    if args.threads == Some(0) {
        return Err(CliError::usage("--threads must be at least 1"));
    }
    let log = BatchedStderr::default();
    init_logging(args.log, args.log_level, log.clone());
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
        let flusher = log.clone();
        let flushing = tokio::spawn(async move {
            let mut every = tokio::time::interval(LOG_FLUSH_EVERY);
            loop {
                every.tick().await;
                flusher.flush();
            }
        });
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
        flushing.abort();
        Ok::<Summary, CliError>(summary)
    });
    log.flush();
    let summary = summary?;
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
