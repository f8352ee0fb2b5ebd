//! A connection load generator for FTP control connections.
//!
//! It opens `connections` TCP connections to one address, at most
//! `concurrency` at a time, reads the first reply of each and measures the
//! latency from the start of `connect()` to the first byte and to the end of
//! the reply. After a positive reply it sends `QUIT`; after any reply it
//! reads on until the server closes, so that it can tell whether a refused
//! client got the whole reply *and* the close.
//!
//! To measure how fast a server refuses, first fill the limit with `hold`
//! connections that are greeted and kept open for the whole run: every
//! connection after them is refused. The same generator drives `ftpsim
//! serve`, vsftpd and Pure-FTPd, so their figures compare like with like.
//!
//! Every attempt is bounded by `timeout`, so a run always ends.
//!
//! Each of the `concurrency` worker threads makes one attempt at a time with
//! blocking sockets: at low concurrency this costs the generator the fewest
//! system calls and wake-ups per connection, so that the server, not the
//! generator, is what gets measured.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ftpsim::reply::parser::Config;
use serde::Serialize;
use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use crate::reply_reader::{ReadError, ReplyReader};

/// The largest first reply the generator accepts before it calls the reply
/// malformed; curl's own cap on a reply is 64 KiB.
const MAX_REPLY_BYTES: usize = 64 * 1024;

/// How many distinct reply texts a report lists one by one.
pub const DISTINCT_TEXTS: usize = 64;

/// What to run.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// The server to connect to.
    pub target: SocketAddr,
    /// How many connection attempts to make, in total.
    pub connections: u64,
    /// How many attempts may be in flight at once.
    pub concurrency: usize,
    /// Connections opened (and greeted) before the run and held open until
    /// it ends, to fill the server's limit.
    pub hold: usize,
    /// Client addresses to bind, used in turn; empty means "let the kernel
    /// choose" (127.0.0.1 towards a loopback target).
    pub source_ips: Vec<IpAddr>,
    /// The bound on one attempt, from `connect()` to the server's close.
    pub timeout: Duration,
    /// The server's process, whose CPU time (its own and its reaped
    /// children's, from `/proc/PID/stat`) the report divides by the
    /// attempts.
    pub server_pid: Option<u32>,
    /// How replies are read: [`Config::rfc`] unless a run means to accept
    /// what lenient clients accept.
    pub parser: Config,
}

impl LoadConfig {
    /// A configuration with the given target and counts, no held
    /// connections, kernel-chosen source addresses and a 5 s timeout.
    pub fn new(target: SocketAddr, connections: u64, concurrency: usize) -> LoadConfig {
        LoadConfig {
            target,
            connections,
            concurrency,
            hold: 0,
            source_ips: Vec::new(),
            timeout: Duration::from_secs(5),
            server_pid: None,
            parser: Config::rfc(),
        }
    }
}

/// Why an attempt produced no complete reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// `connect()` failed (refused, reset, no ports left, too many files).
    Connect,
    /// The attempt ran past its timeout.
    Timeout,
    /// The server closed before a complete reply arrived.
    EofBeforeReply,
    /// Reading failed (typically a reset) before a complete reply arrived.
    ReadError,
    /// The bytes were not an FTP reply under the run's parser
    /// configuration, or the reply exceeded 64 KiB.
    Malformed,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Failure::Connect => "connect failed",
            Failure::Timeout => "timed out",
            Failure::EofBeforeReply => "closed before a complete reply",
            Failure::ReadError => "read error before a complete reply",
            Failure::Malformed => "malformed reply",
        })
    }
}

/// The result of one attempt that received a complete reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The reply's code.
    pub code: u16,
    /// The reply exactly as received.
    pub reply: Vec<u8>,
    /// From the start of `connect()` to the first byte.
    pub first_byte: Duration,
    /// From the start of `connect()` to the last byte of the reply.
    pub complete: Duration,
    /// Whether the server closed the connection after the reply (for a
    /// positive reply: after the generator's `QUIT`).
    pub closed_by_server: bool,
}

/// Latency percentiles, in microseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Latency {
    pub p50_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    pub mean_us: f64,
}

impl Latency {
    /// Nearest-rank percentiles of `samples` (sorted in place).
    pub fn from_samples(samples: &mut [Duration]) -> Latency {
        if samples.is_empty() {
            return Latency::default();
        }
        samples.sort_unstable();
        let rank = |p: f64| {
            let index = ((p / 100.0) * samples.len() as f64).ceil() as usize;
            samples[index.clamp(1, samples.len()) - 1]
        };
        let micros = |d: Duration| d.as_secs_f64() * 1e6;
        let total: Duration = samples.iter().sum();
        Latency {
            p50_us: micros(rank(50.0)),
            p99_us: micros(rank(99.0)),
            max_us: micros(samples[samples.len() - 1]),
            mean_us: micros(total) / samples.len() as f64,
        }
    }
}

/// What a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub target: SocketAddr,
    /// Attempts made (not counting held connections).
    pub attempts: u64,
    /// Complete replies by code.
    pub replies: BTreeMap<u16, u64>,
    /// Complete replies by their exact text (lossy UTF-8), for the first
    /// [`DISTINCT_TEXTS`] distinct texts; the rest are counted under
    /// `"(other)"`.
    pub texts: BTreeMap<String, u64>,
    /// Complete 4yz/5yz replies after which the server closed.
    pub refused_and_closed: u64,
    /// Attempts without a complete reply, by cause.
    pub failures: BTreeMap<Failure, u64>,
    /// Wall time of the attempts (held connections excluded).
    pub elapsed_secs: f64,
    /// Complete refusals (4yz/5yz replies followed by the close) per second.
    pub refusals_per_sec: f64,
    /// Complete replies of any code per second.
    pub replies_per_sec: f64,
    /// Latency to the first byte of the reply.
    pub first_byte: Latency,
    /// Latency to the last byte of the reply.
    pub complete_reply: Latency,
    /// The server's CPU time (user + system, its reaped children included)
    /// per attempt, in microseconds, when its PID was given. Unlike the
    /// rate, it hardly depends on what else the machine is doing.
    pub server_cpu_us_per_attempt: Option<f64>,
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "target          {}", self.target)?;
        writeln!(
            f,
            "attempts        {} in {:.3} s",
            self.attempts, self.elapsed_secs
        )?;
        let replies: Vec<String> = self
            .replies
            .iter()
            .map(|(code, n)| format!("{code}: {n}"))
            .collect();
        writeln!(f, "replies         {}", replies.join(", "))?;
        writeln!(f, "refused+closed  {}", self.refused_and_closed)?;
        if !self.failures.is_empty() {
            let failures: Vec<String> = self
                .failures
                .iter()
                .map(|(kind, n)| format!("{kind}: {n}"))
                .collect();
            writeln!(f, "failures        {}", failures.join(", "))?;
        }
        writeln!(f, "refusals/s      {:.0}", self.refusals_per_sec)?;
        if let Some(cpu) = self.server_cpu_us_per_attempt {
            writeln!(f, "server CPU      {cpu:.1} us per attempt")?;
        }
        writeln!(
            f,
            "first byte      p50 {:.0} us  p99 {:.0} us  max {:.0} us",
            self.first_byte.p50_us, self.first_byte.p99_us, self.first_byte.max_us
        )?;
        write!(
            f,
            "complete reply  p50 {:.0} us  p99 {:.0} us  max {:.0} us",
            self.complete_reply.p50_us, self.complete_reply.p99_us, self.complete_reply.max_us
        )
    }
}

/// Why a run could not start.
#[derive(Debug)]
pub enum LoadError {
    /// The configuration cannot run (e.g. zero concurrency).
    Invalid(String),
    /// A held connection was not greeted with a positive reply, so the limit
    /// would not be full.
    Hold { index: usize, detail: String },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Invalid(message) => f.write_str(message),
            LoadError::Hold { index, detail } => {
                write!(
                    f,
                    "held connection #{} was not greeted: {detail}",
                    index + 1
                )
            }
        }
    }
}

impl std::error::Error for LoadError {}

fn connect(target: SocketAddr, source: Option<IpAddr>, timeout: Duration) -> io::Result<TcpStream> {
    let Some(ip) = source else {
        return TcpStream::connect_timeout(&target, timeout);
    };
    let socket = Socket::new(
        Domain::for_address(target),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    socket.bind(&SockAddr::from(SocketAddr::new(ip, 0)))?;
    socket.connect_timeout(&SockAddr::from(target), timeout)?;
    Ok(socket.into())
}

/// The time left until `deadline`, or a timeout error when none is.
fn left(deadline: Instant) -> Result<Duration, Failure> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or(Failure::Timeout)
}

fn is_timeout(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Reads until `stream` holds a complete first reply, with the core's
/// parser.
fn read_reply(
    stream: &mut TcpStream,
    config: &Config,
    started: Instant,
    deadline: Instant,
) -> Result<(u16, Vec<u8>, Duration, Duration), Failure> {
    let mut reader = ReplyReader::new(*config).with_max_wire_bytes(MAX_REPLY_BYTES);
    loop {
        if let Some(reply) = reader.next_reply() {
            let first = reply.first_byte_at().duration_since(started);
            let complete = reply.complete_at().duration_since(started);
            return Ok((reply.code(), reply.into_wire(), first, complete));
        }
        if reader.is_closed() {
            return Err(Failure::EofBeforeReply);
        }
        stream
            .set_read_timeout(Some(left(deadline)?))
            .map_err(|_| Failure::ReadError)?;
        match reader.fill_from(stream) {
            Ok(_) => {}
            Err(err) if err.is_timeout() => return Err(Failure::Timeout),
            Err(ReadError::Io(_)) => return Err(Failure::ReadError),
            Err(ReadError::Closed { .. }) => return Err(Failure::EofBeforeReply),
            Err(ReadError::Malformed(_) | ReadError::TooLong { .. }) => {
                return Err(Failure::Malformed);
            }
        }
    }
}

/// Reads and discards until the server closes; `false` on an error or when
/// the deadline passes first.
fn read_to_close(stream: &mut TcpStream, deadline: Instant) -> bool {
    let mut chunk = [0u8; 2048];
    loop {
        let Ok(timeout) = left(deadline) else {
            return false;
        };
        if stream.set_read_timeout(Some(timeout)).is_err() {
            return false;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// One connection attempt from `source`: connect, read the first reply,
/// say `QUIT` after a positive one, and wait for the server to close.
/// Bounded by the configuration's timeout.
pub fn attempt(config: &LoadConfig, source: Option<IpAddr>) -> Result<Answer, Failure> {
    let started = Instant::now();
    let deadline = started + config.timeout;
    let mut stream = connect(config.target, source, config.timeout).map_err(|err| {
        if is_timeout(&err) {
            Failure::Timeout
        } else {
            Failure::Connect
        }
    })?;
    let (code, reply, first_byte, complete) =
        read_reply(&mut stream, &config.parser, started, deadline)?;
    if code < 400 {
        // A positive reply leaves the session open: end it politely. A
        // write error only means the server already closed.
        let _ = stream.set_write_timeout(left(deadline).ok());
        let _ = stream.write_all(b"QUIT\r\n");
    }
    let closed_by_server = read_to_close(&mut stream, deadline);
    Ok(Answer {
        code,
        reply,
        first_byte,
        complete,
        closed_by_server,
    })
}

#[derive(Default)]
struct WorkerTally {
    replies: BTreeMap<u16, u64>,
    texts: BTreeMap<String, u64>,
    refused_and_closed: u64,
    failures: BTreeMap<Failure, u64>,
    first_byte: Vec<Duration>,
    complete: Vec<Duration>,
}

impl WorkerTally {
    fn count_text(&mut self, text: String, n: u64) {
        if self.texts.len() < DISTINCT_TEXTS || self.texts.contains_key(&text) {
            *self.texts.entry(text).or_default() += n;
        } else {
            *self.texts.entry("(other)".into()).or_default() += n;
        }
    }

    fn merge(&mut self, other: WorkerTally) {
        for (code, n) in other.replies {
            *self.replies.entry(code).or_default() += n;
        }
        for (text, n) in other.texts {
            self.count_text(text, n);
        }
        for (kind, n) in other.failures {
            *self.failures.entry(kind).or_default() += n;
        }
        self.refused_and_closed += other.refused_and_closed;
        self.first_byte.extend(other.first_byte);
        self.complete.extend(other.complete);
    }
}

/// CPU time of a process and of its reaped children, from `/proc/PID/stat`
/// (fields 14 to 17, in clock ticks).
pub fn process_cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: count fields after
    // the last ')', where field 3 (the state) comes first.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let ticks: u64 = fields
        .get(11..15)?
        .iter()
        .map(|f| f.parse::<u64>().ok())
        .sum::<Option<u64>>()?;
    // Linux reports these in USER_HZ, which is 100 on every platform it
    // runs on today.
    Some(Duration::from_millis(ticks * 10))
}

/// Each worker thread runs one attempt at a time; they need little stack.
const WORKER_STACK: usize = 256 * 1024;

/// Opens the held connections, runs the attempts on `concurrency` threads,
/// closes the held connections and reports. Blocks until done; every
/// attempt is bounded by the timeout, so the run is too.
pub fn run(config: &LoadConfig) -> Result<LoadReport, LoadError> {
    if config.concurrency == 0 {
        return Err(LoadError::Invalid("concurrency must be at least 1".into()));
    }
    let mut held = Vec::with_capacity(config.hold);
    for index in 0..config.hold {
        let source = pick_source(&config.source_ips, index as u64);
        let started = Instant::now();
        let deadline = started + config.timeout;
        let greeted = connect(config.target, source, config.timeout)
            .map_err(|e| format!("connect failed: {e}"))
            .and_then(|mut stream| {
                match read_reply(&mut stream, &config.parser, started, deadline) {
                    Ok((code, _, _, _)) if (200..300).contains(&code) => Ok(stream),
                    Ok((_, reply, _, _)) => Err(format!(
                        "got {:?}",
                        String::from_utf8_lossy(&reply).trim_end()
                    )),
                    Err(failure) => Err(failure.to_string()),
                }
            });
        match greeted {
            Ok(stream) => held.push(stream),
            Err(detail) => return Err(LoadError::Hold { index, detail }),
        }
    }

    let cpu_before = config.server_pid.and_then(process_cpu_time);
    let next = Arc::new(AtomicU64::new(0));
    let workers = config
        .concurrency
        .min(usize::try_from(config.connections).unwrap_or(usize::MAX))
        .max(1);
    let started = Instant::now();
    let mut threads = Vec::with_capacity(workers);
    for _ in 0..workers {
        let counter = Arc::clone(&next);
        let worker = config.clone();
        let spawned = std::thread::Builder::new()
            .name("ftpsim-load".into())
            .stack_size(WORKER_STACK)
            .spawn(move || {
                let mut tally = WorkerTally::default();
                loop {
                    let index = counter.fetch_add(1, Ordering::Relaxed);
                    if index >= worker.connections {
                        break;
                    }
                    let source = pick_source(&worker.source_ips, index);
                    match attempt(&worker, source) {
                        Ok(answer) => {
                            *tally.replies.entry(answer.code).or_default() += 1;
                            tally
                                .count_text(String::from_utf8_lossy(&answer.reply).into_owned(), 1);
                            if answer.code >= 400 && answer.closed_by_server {
                                tally.refused_and_closed += 1;
                            }
                            tally.first_byte.push(answer.first_byte);
                            tally.complete.push(answer.complete);
                        }
                        Err(failure) => *tally.failures.entry(failure).or_default() += 1,
                    }
                }
                tally
            });
        match spawned {
            Ok(handle) => threads.push(handle),
            Err(err) => {
                // Stop the threads already running, then report.
                next.store(config.connections, Ordering::Relaxed);
                for handle in threads {
                    let _ = handle.join();
                }
                return Err(LoadError::Invalid(format!(
                    "cannot start worker thread: {err}"
                )));
            }
        }
    }
    let mut tally = WorkerTally::default();
    for handle in threads {
        match handle.join() {
            Ok(worker) => tally.merge(worker),
            // A worker only panics on a bug in this module; say so loudly.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu_after = config.server_pid.and_then(process_cpu_time);
    drop(held);
    let server_cpu_us_per_attempt = match (cpu_before, cpu_after) {
        (Some(before), Some(after)) if config.connections > 0 => {
            Some(after.saturating_sub(before).as_secs_f64() * 1e6 / config.connections as f64)
        }
        _ => None,
    };

    let replies_total: u64 = tally.replies.values().sum();
    let per_sec = |n: u64| {
        if elapsed > 0.0 {
            n as f64 / elapsed
        } else {
            0.0
        }
    };
    Ok(LoadReport {
        target: config.target,
        attempts: config.connections,
        refusals_per_sec: per_sec(tally.refused_and_closed),
        replies_per_sec: per_sec(replies_total),
        replies: tally.replies,
        texts: tally.texts,
        refused_and_closed: tally.refused_and_closed,
        failures: tally.failures,
        elapsed_secs: elapsed,
        first_byte: Latency::from_samples(&mut tally.first_byte),
        complete_reply: Latency::from_samples(&mut tally.complete),
        server_cpu_us_per_attempt,
    })
}

fn pick_source(sources: &[IpAddr], index: u64) -> Option<IpAddr> {
    if sources.is_empty() {
        None
    } else {
        Some(sources[(index % sources.len() as u64) as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_cpu_time_is_readable() {
        assert!(process_cpu_time(std::process::id()).is_some());
        assert!(process_cpu_time(u32::MAX).is_none());
    }

    #[test]
    fn percentiles_use_nearest_rank() {
        let mut samples: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        let latency = Latency::from_samples(&mut samples);
        assert_eq!(latency.p50_us.round(), 50.0);
        assert_eq!(latency.p99_us.round(), 99.0);
        assert_eq!(latency.max_us.round(), 100.0);
        assert_eq!(Latency::from_samples(&mut []), Latency::default());
    }

    /// A loopback listener that answers every connection with the pieces
    /// of `reply`, written apart, and closes; it stops after `n`.
    fn answering(n: usize, reply: &'static [&'static [u8]]) -> SocketAddr {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(n) {
                let mut stream = stream.unwrap();
                for piece in reply {
                    stream.write_all(piece).unwrap();
                    stream.flush().unwrap();
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        });
        addr
    }

    #[test]
    fn a_refusal_in_pieces_is_counted_whole_and_closed() {
        let addr = answering(6, &[b"421-Too many", b".\r\n421 Bye.\r", b"\n"]);
        let report = run(&LoadConfig::new(addr, 6, 2)).unwrap();
        assert_eq!(report.replies.get(&421), Some(&6), "{report}");
        assert_eq!(report.refused_and_closed, 6);
        assert_eq!(
            report.texts.keys().collect::<Vec<_>>(),
            ["421-Too many.\r\n421 Bye.\r\n"]
        );
        assert!(report.failures.is_empty());
        assert!(report.first_byte.max_us <= report.complete_reply.max_us);
    }

    #[test]
    fn bytes_that_are_no_reply_are_malformed() {
        let addr = answering(2, &[b"SSH-2.0-OpenSSH\r\n"]);
        let report = run(&LoadConfig::new(addr, 2, 1)).unwrap();
        assert_eq!(report.failures.get(&Failure::Malformed), Some(&2));
        assert!(report.replies.is_empty());
    }

    #[test]
    fn a_close_mid_reply_is_no_reply() {
        let addr = answering(1, &[b"421 Too m"]);
        let report = run(&LoadConfig::new(addr, 1, 1)).unwrap();
        assert_eq!(report.failures.get(&Failure::EofBeforeReply), Some(&1));
    }

    #[test]
    fn bare_line_feeds_pass_only_the_lenient_parser() {
        let addr = answering(2, &[b"220 Hi\n"]);
        let mut config = LoadConfig::new(addr, 1, 1);
        config.timeout = Duration::from_secs(2);
        let strict = run(&config).unwrap();
        assert_eq!(strict.failures.get(&Failure::Malformed), Some(&1));
        config.parser = Config::lenient();
        let lenient = run(&config).unwrap();
        assert_eq!(lenient.replies.get(&220), Some(&1), "{lenient}");
    }

    #[test]
    fn a_held_connection_that_is_refused_stops_the_run() {
        let addr = answering(1, &[b"421 Busy.\r\n"]);
        let mut config = LoadConfig::new(addr, 1, 1);
        config.hold = 1;
        let err = run(&config).unwrap_err();
        assert!(err.to_string().contains("421 Busy."), "{err}");
    }
}
