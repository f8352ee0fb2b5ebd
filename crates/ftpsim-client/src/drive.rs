//! `ftpsim drive`: a scenario's users played against a running server in
//! real time.
//!
//! Open loop: one scheduler thread starts every attempt at its scheduled
//! moment, whatever the server is doing: it sleeps until a little before
//! the moment, spins for the rest, calls `connect()` on a non-blocking
//! socket and hands the connection to a task of its own on a tokio
//! runtime. How late that `connect()` came is the start's lateness, so a
//! slow server never thins out the load it is measured under (no
//! coordinated omission), and the driver's own delays show. Each
//! connection reads its first reply with the core's parser, logs in when
//! greeted, holds its session, says QUIT; a refused one follows its client
//! profile's retry rule for that form of refusal (the scenario's `[retry]`
//! section for the `custom` profile), with the rule's jitter and, for
//! exponential delays, a random draw, each user from a seeded stream of its
//! own as the simulator draws them, and its next attempt is started by the
//! scheduler too; a ghost keeps its session open without a word until the
//! server closes it, or the ghost cap ends it.
//!
//! Every step has a bound: connect, each read and write, each hold (at
//! most [`DriveOptions::max_hold`]); the number of connections open at
//! once and the attempts in all are capped too.

use std::cmp::Ordering as Order;
use std::collections::{BTreeMap, BinaryHeap};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use ftpsim::clients::{Behaviour, RefusalForm};
use ftpsim::reply::parser::Config;
use ftpsim::sim::rng::Rng;
use ftpsim::sim::{ClientSpec, Scenario};
use serde::Serialize;
use socket2::{Domain, Protocol, SockAddr, Socket, Type};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::oneshot;

use crate::net::loopback_source;
use crate::reply_reader::{ReadError, ReplyReader};
use crate::schedule::{Arrival, NotDrivable, timetable};

/// How a drive runs.
#[derive(Debug, Clone)]
pub struct DriveOptions {
    pub target: SocketAddr,
    /// Every scenario duration is multiplied by this (0.1: ten times
    /// faster).
    pub time_scale: f64,
    /// Attempts in all, retries included.
    pub max_attempts: u32,
    /// Connections open at once; an attempt beyond is counted as skipped.
    pub max_open: u32,
    /// New connections per second, at most (the timetable is refused when
    /// its busiest second passes it).
    pub max_rate: f64,
    /// The longest any session or ghost is held, in real seconds.
    pub max_hold: Duration,
    /// The bound on connect and on every read and write.
    pub timeout: Duration,
}

/// One refusal form as seen on the wire.
#[derive(Debug, Clone, Serialize)]
pub struct FormSeen {
    pub form: &'static str,
    pub count: u64,
    /// The bytes of the first one, as text.
    pub bytes: String,
}

/// Percentiles of a set of durations, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Spread {
    pub count: usize,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

/// A proportion with its 95 % interval.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Interval {
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub method: &'static str,
}

/// What a drive measured.
#[derive(Debug, Clone, Serialize)]
pub struct DriveReport {
    pub scenario: Option<String>,
    pub target: SocketAddr,
    pub seed: u64,
    pub time_scale: f64,
    /// Whether each scenario address had its own loopback source address;
    /// `false`: all users shared this machine's address.
    pub distinct_sources: bool,
    pub source_addresses: u32,
    pub users: u64,
    pub attempts: u64,
    pub greeted: u64,
    pub refused: u64,
    /// Connections that failed otherwise (connect error, timeout, malformed
    /// reply).
    pub failed: u64,
    /// Attempts not made because `max_open` connections were open.
    pub skipped_by_cap: u64,
    pub blocking_probability: Interval,
    /// Attempts that were first tries and were refused, over first tries.
    pub first_attempt_blocking: Interval,
    pub refused_by_code: BTreeMap<String, u64>,
    pub refusal_forms: Vec<FormSeen>,
    /// Connections greeted in the end, retries included.
    pub connections_served: u64,
    /// Connections whose client gave up (or failed) before a greeting.
    pub connections_gave_up: u64,
    pub first_byte_ms: Option<Spread>,
    pub complete_reply_ms: Option<Spread>,
    /// How late each start was against the schedule.
    pub lateness_ms: Option<Spread>,
    /// Ghost sessions the server closed by itself, and how long it took.
    pub ghosts_closed_by_server: u64,
    pub ghosts_ended_by_cap: u64,
    pub ghost_hold_ms: Option<Spread>,
    pub wall_seconds: f64,
}

#[derive(Default)]
struct Tally {
    attempts: u64,
    first_tries: u64,
    first_try_refused: u64,
    greeted: u64,
    refused: u64,
    failed: u64,
    skipped: u64,
    by_code: BTreeMap<String, u64>,
    forms: Vec<FormSeen>,
    first_byte: Vec<f64>,
    complete: Vec<f64>,
    lateness: Vec<f64>,
    ghosts_closed: u64,
    ghosts_capped: u64,
    ghost_hold: Vec<f64>,
}

struct Shared {
    options: DriveOptions,
    /// What a user's connection does after a refusal: alone, and as one of
    /// several connections of a user.
    alone: Behaviour,
    parallel: Behaviour,
    tally: Mutex<Tally>,
    open: AtomicU32,
    attempts_left: AtomicU32,
    users_completed: AtomicU64,
    users_failed: AtomicU64,
}

/// How much of the wait for a start the scheduler spins rather than
/// sleeps: a sleep may overshoot by the kernel's timer slack and a wake-up,
/// tens of microseconds when the machine is idle. Kept short: a spinning
/// thread spends its share of a core, and on a busy machine the kernel
/// then makes it wait longer (a 1 ms spin made the tail several times
/// worse there).
const SPIN: Duration = Duration::from_micros(200);

/// Asks the kernel to run the calling thread (the scheduler) ahead of
/// ordinary threads, as timing-critical load generators do: a start then
/// waits for no other thread of the driver, or of a server on the same
/// machine, when its moment comes. Only a privileged process may have it;
/// otherwise the thread stays as it was. Harmless to the rest: the
/// scheduler sleeps between starts and spins at most [`SPIN`] before each.
fn ask_for_real_time_priority() {
    use thread_priority::{
        RealtimeThreadSchedulePolicy, ThreadPriority, ThreadPriorityValue, ThreadSchedulePolicy,
        set_thread_priority_and_policy, thread_native_id,
    };
    let Ok(lowest) = ThreadPriorityValue::try_from(1u8) else {
        return;
    };
    let _ = set_thread_priority_and_policy(
        thread_native_id(),
        ThreadPriority::Crossplatform(lowest),
        ThreadSchedulePolicy::Realtime(RealtimeThreadSchedulePolicy::Fifo),
    );
}

/// An attempt as the scheduler started it.
enum Started {
    /// A cap stopped it before it began.
    Skipped,
    /// `connect()` was called at `at`, `lateness_ms` after the attempt's
    /// scheduled moment; the connection may still be on its way.
    Begun {
        at: Instant,
        lateness_ms: f64,
        stream: io::Result<TcpStream>,
    },
}

/// A refused user's next attempt, for the scheduler to start at `due`.
struct Retry {
    due: Instant,
    source: Option<IpAddr>,
    reply: oneshot::Sender<Started>,
}

impl PartialEq for Retry {
    fn eq(&self, other: &Retry) -> bool {
        self.due == other.due
    }
}

impl Eq for Retry {}

impl PartialOrd for Retry {
    fn partial_cmp(&self, other: &Retry) -> Option<Order> {
        Some(self.cmp(other))
    }
}

impl Ord for Retry {
    /// Reversed: the heap's top is the earliest.
    fn cmp(&self, other: &Retry) -> Order {
        other.due.cmp(&self.due)
    }
}

/// How one attempt ended.
enum Outcome {
    Greeted,
    Refused(RefusalForm),
    Failed,
    Skipped,
}

/// Plays `scenario` against `options.target`; see the module docs.
pub fn drive(scenario: &Scenario, options: DriveOptions) -> Result<DriveReport, NotDrivable> {
    if !(options.time_scale > 0.0 && options.time_scale.is_finite()) {
        return Err(NotDrivable(
            "the time scale must be a positive number".into(),
        ));
    }
    let plan = timetable(scenario, options.max_attempts as usize)?;
    check_rate(&plan, &options)?;
    let distinct_sources = options.target.ip().is_loopback();
    let (alone, parallel) = scenario.clients.behaviours(&scenario.retry);
    let connections = scenario.clients.connections_per_user();
    let source_addresses = if distinct_sources {
        plan.iter().map(|a| a.address).max().map_or(0, |m| m + 1)
    } else {
        1
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("ftpsim-drive")
        .build()
        .map_err(|e| NotDrivable(format!("cannot start the driver's runtime: {e}")))?;
    let shared = Arc::new(Shared {
        attempts_left: AtomicU32::new(options.max_attempts),
        options,
        alone,
        parallel,
        tally: Mutex::new(Tally::default()),
        open: AtomicU32::new(0),
        users_completed: AtomicU64::new(0),
        users_failed: AtomicU64::new(0),
    });
    let origin = Instant::now() + Duration::from_millis(50);
    let users = plan.len() as u64;
    let scheduler = Scheduler {
        shared: Arc::clone(&shared),
        runtime: runtime.handle().clone(),
        plan,
        connections,
        distinct_sources,
        seed: scenario.seed,
        origin,
    };
    let ran = thread::Builder::new()
        .name("ftpsim-drive-scheduler".into())
        .spawn(move || scheduler.run())
        .map_err(|e| NotDrivable(format!("cannot start the driver's scheduler: {e}")))?
        .join();
    if ran.is_err() {
        return Err(NotDrivable("the driver's scheduler failed".into()));
    }
    // Every task has ended: the scheduler runs until the last one has
    // dropped its way of asking for a retry.
    runtime.shutdown_timeout(Duration::from_secs(1));
    let wall_seconds = origin.elapsed().as_secs_f64();
    let shared = Arc::into_inner(shared).expect("every connection task has ended");
    let mut t = shared.tally.into_inner().unwrap_or_else(|e| e.into_inner());
    let decided = t.greeted + t.refused;
    Ok(DriveReport {
        scenario: scenario.name.clone(),
        target: shared.options.target,
        seed: scenario.seed,
        time_scale: shared.options.time_scale,
        distinct_sources,
        source_addresses,
        users,
        attempts: t.attempts,
        greeted: t.greeted,
        refused: t.refused,
        failed: t.failed,
        skipped_by_cap: t.skipped,
        blocking_probability: wilson(t.refused, decided),
        first_attempt_blocking: wilson(t.first_try_refused, t.first_tries),
        refused_by_code: t.by_code,
        refusal_forms: t.forms,
        connections_served: shared.users_completed.into_inner(),
        connections_gave_up: shared.users_failed.into_inner(),
        first_byte_ms: spread(&mut t.first_byte),
        complete_reply_ms: spread(&mut t.complete),
        lateness_ms: spread(&mut t.lateness),
        ghosts_closed_by_server: t.ghosts_closed,
        ghosts_ended_by_cap: t.ghosts_capped,
        ghost_hold_ms: spread(&mut t.ghost_hold),
        wall_seconds,
    })
}

/// Refuses a timetable whose busiest second opens more connections than
/// `max_rate` allows.
fn check_rate(plan: &[Arrival], options: &DriveOptions) -> Result<(), NotDrivable> {
    let window = options.time_scale;
    let mut start = 0;
    for (end, arrival) in plan.iter().enumerate() {
        while arrival.at - plan[start].at >= window {
            start += 1;
        }
        let in_one_second = (end - start + 1) as f64;
        if in_one_second > options.max_rate {
            return Err(NotDrivable(format!(
                "the schedule opens {in_one_second} connections within one second at t = {:.1} s, \
                 more than --max-rate {} allows",
                arrival.at, options.max_rate
            )));
        }
    }
    Ok(())
}

fn scaled(seconds: f64, scale: f64) -> Duration {
    Duration::from_secs_f64((seconds * scale).clamp(0.0, 1e9))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The one thread that starts attempts: the timetable's arrivals, in
/// order, and the retries users ask for, earliest first.
struct Scheduler {
    shared: Arc<Shared>,
    runtime: tokio::runtime::Handle,
    plan: Vec<Arrival>,
    connections: u32,
    distinct_sources: bool,
    seed: u64,
    origin: Instant,
}

impl Scheduler {
    fn run(self) {
        // Sockets are registered with the runtime's reactor from here.
        let _entered = self.runtime.enter();
        ask_for_real_time_priority();
        let (ask, retries) = mpsc::channel::<Retry>();
        // Dropped once the timetable is done: then the channel closes when
        // the last user task has ended.
        let mut ask = Some(ask);
        let mut waiting = BinaryHeap::new();
        let mut next = 0;
        let mut closed = false;
        loop {
            while let Ok(retry) = retries.try_recv() {
                waiting.push(retry);
            }
            let arrival_due = self.plan.get(next).map(|a| self.due(a));
            let retry_due = waiting.peek().map(|r: &Retry| r.due);
            let due = match (arrival_due, retry_due) {
                (Some(a), Some(r)) => a.min(r),
                (Some(a), None) => a,
                (None, Some(r)) => r,
                (None, None) => {
                    ask = None;
                    match retries.recv() {
                        Ok(retry) => {
                            waiting.push(retry);
                            continue;
                        }
                        // Every user task has ended.
                        Err(mpsc::RecvError) => return,
                    }
                }
            };
            let left = due.saturating_duration_since(Instant::now());
            if left > SPIN {
                // Sleep until a little before the start, or until a user
                // asks for a retry that may come first.
                let nap = left - SPIN;
                if closed {
                    thread::sleep(nap);
                } else {
                    match retries.recv_timeout(nap) {
                        Ok(retry) => waiting.push(retry),
                        Err(mpsc::RecvTimeoutError::Timeout) => {}
                        Err(mpsc::RecvTimeoutError::Disconnected) => closed = true,
                    }
                }
                continue;
            }
            while Instant::now() < due {
                std::hint::spin_loop();
            }
            if retry_due == Some(due) {
                let retry = waiting.pop().expect("peeked");
                // A user whose task is gone has nobody to tell.
                let _ = retry.reply.send(self.begin(retry.source, due));
                continue;
            }
            let index = next;
            next += 1;
            self.arrive(
                index,
                due,
                ask.as_ref().expect("held until the timetable is done"),
            );
            if next == self.plan.len() {
                ask = None;
            }
        }
    }

    fn due(&self, arrival: &Arrival) -> Instant {
        self.origin + scaled(arrival.at, self.shared.options.time_scale)
    }

    /// The timetable's `index`-th user arrives: each of its connections
    /// starts now, on a task of its own.
    fn arrive(&self, index: usize, due: Instant, ask: &mpsc::Sender<Retry>) {
        let arrival = &self.plan[index];
        let source = self
            .distinct_sources
            .then(|| loopback_source(arrival.address))
            .flatten();
        // How many of this user's connections are in now: a refused one
        // follows the job's rules only while another is.
        let in_now = Arc::new(AtomicU32::new(0));
        for connection in 0..self.connections {
            let started = self.begin(source, due);
            // Streams 1000 and up: the timetable's are below.
            let stream = 1000 + index as u64 * u64::from(self.connections) + u64::from(connection);
            let user = User {
                shared: Arc::clone(&self.shared),
                hold: arrival.hold,
                ghost: arrival.ghost,
                source,
                connections: self.connections,
                in_now: Arc::clone(&in_now),
                rng: Rng::stream(self.seed, stream),
                ask: ask.clone(),
            };
            self.runtime.spawn(user.run(started));
        }
    }

    /// Starts one attempt now: the caps, then `connect()` on a
    /// non-blocking socket, whose completion the user's task awaits.
    fn begin(&self, source: Option<IpAddr>, due: Instant) -> Started {
        let shared = &self.shared;
        if shared
            .attempts_left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            .is_err()
        {
            return Started::Skipped;
        }
        if shared.open.fetch_add(1, Ordering::AcqRel) >= shared.options.max_open {
            shared.open.fetch_sub(1, Ordering::AcqRel);
            return Started::Skipped;
        }
        let target = shared.options.target;
        let socket = Socket::new(
            Domain::for_address(target),
            Type::STREAM,
            Some(Protocol::TCP),
        )
        .and_then(|socket| {
            socket.set_nonblocking(true)?;
            socket.set_tcp_nodelay(true)?;
            if let Some(ip) = source {
                socket.bind(&SockAddr::from(SocketAddr::new(ip, 0)))?;
            }
            Ok(socket)
        });
        let at = Instant::now();
        let stream = socket.and_then(|socket| {
            match socket.connect(&SockAddr::from(target)) {
                Ok(()) => {}
                // A non-blocking connect goes on after the call returns.
                Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
                Err(e) => return Err(e),
            }
            TcpStream::from_std(socket.into())
        });
        Started::Begun {
            at,
            lateness_ms: at.saturating_duration_since(due).as_secs_f64() * 1e3,
            stream,
        }
    }
}

/// One user's connection, on its task: attempts until greeted or given up.
struct User {
    shared: Arc<Shared>,
    hold: f64,
    ghost: bool,
    source: Option<IpAddr>,
    /// Connections the user opens at once.
    connections: u32,
    /// How many of them are logged in now (this one included while it is).
    in_now: Arc<AtomicU32>,
    rng: Rng,
    /// Asks the scheduler for a retry; held until the task ends, which is
    /// how the scheduler knows when every user is done.
    ask: mpsc::Sender<Retry>,
}

impl User {
    async fn run(mut self, mut started: Started) {
        let mut tries = 0u32;
        let served = loop {
            tries += 1;
            match self.attempt(started, tries == 1).await {
                Outcome::Greeted => break true,
                Outcome::Failed | Outcome::Skipped => break false,
                Outcome::Refused(form) => {
                    let others_in = self.in_now.load(Ordering::Acquire);
                    let behaviour = if ClientSpec::job_rules_apply(self.connections, others_in) {
                        self.shared.parallel
                    } else {
                        self.shared.alone
                    };
                    let Some(delay) = behaviour.rule(form).delay(tries, &mut self.rng) else {
                        break false;
                    };
                    let due = Instant::now() + scaled(delay, self.shared.options.time_scale);
                    let (reply, next) = oneshot::channel();
                    let retry = Retry {
                        due,
                        source: self.source,
                        reply,
                    };
                    if self.ask.send(retry).is_err() {
                        break false;
                    }
                    match next.await {
                        Ok(next) => started = next,
                        Err(_) => break false,
                    }
                }
            }
        };
        let counter = if served {
            &self.shared.users_completed
        } else {
            &self.shared.users_failed
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    async fn attempt(&self, started: Started, first: bool) -> Outcome {
        let shared = &self.shared;
        let Started::Begun {
            at,
            lateness_ms,
            stream,
        } = started
        else {
            lock(&shared.tally).skipped += 1;
            return Outcome::Skipped;
        };
        let outcome = match stream {
            Ok(stream) => self.converse(stream, at).await,
            Err(_) => Conversation::Failed,
        };
        shared.open.fetch_sub(1, Ordering::AcqRel);
        let mut t = lock(&shared.tally);
        t.attempts += 1;
        t.lateness.push(lateness_ms);
        if first {
            t.first_tries += 1;
        }
        match outcome {
            Conversation::Greeted {
                first_byte,
                complete,
                ghost,
            } => {
                t.greeted += 1;
                t.first_byte.push(first_byte);
                t.complete.push(complete);
                if let Some((closed_by_server, held)) = ghost {
                    if closed_by_server {
                        t.ghosts_closed += 1;
                    } else {
                        t.ghosts_capped += 1;
                    }
                    t.ghost_hold.push(held);
                }
                Outcome::Greeted
            }
            Conversation::Refused {
                code,
                after_login,
                wire,
                first_byte,
                complete,
            } => {
                t.refused += 1;
                if first {
                    t.first_try_refused += 1;
                }
                if let (Some(fb), Some(c)) = (first_byte, complete) {
                    t.first_byte.push(fb);
                    t.complete.push(c);
                }
                let form = RefusalForm::of(code, after_login);
                let key = code.map_or_else(|| "silent close".to_string(), |c| c.to_string());
                *t.by_code.entry(key).or_insert(0) += 1;
                match t.forms.iter_mut().find(|f| f.form == form.key()) {
                    Some(seen) => seen.count += 1,
                    None => t.forms.push(FormSeen {
                        form: form.key(),
                        count: 1,
                        bytes: wire,
                    }),
                }
                Outcome::Refused(form)
            }
            Conversation::Failed => {
                t.failed += 1;
                Outcome::Failed
            }
        }
    }

    async fn converse(&self, mut stream: TcpStream, started: Instant) -> Conversation {
        let options = &self.shared.options;
        let timeout = options.timeout;
        // The connect the scheduler began completes (or fails) here.
        match tokio::time::timeout(timeout, stream.writable()).await {
            Ok(Ok(())) => {}
            _ => return Conversation::Failed,
        }
        if !matches!(stream.take_error(), Ok(None)) {
            return Conversation::Failed;
        }
        let mut reader = ReplyReader::new(Config::lenient());
        let greeting = match read(&mut reader, &mut stream, timeout).await {
            Ok(reply) => reply,
            Err(ReadError::Closed { partial }) if partial.is_empty() => {
                return Conversation::Refused {
                    code: None,
                    after_login: false,
                    wire: String::new(),
                    first_byte: None,
                    complete: None,
                };
            }
            Err(_) => return Conversation::Failed,
        };
        let ms = |at: Instant| at.saturating_duration_since(started).as_secs_f64() * 1e3;
        let first_byte = ms(greeting.first_byte_at());
        let complete = ms(greeting.complete_at());
        // A 120 comes before the real greeting: wait for what follows.
        let greeting = if greeting.code() == 120 {
            match read(&mut reader, &mut stream, timeout).await {
                Ok(reply) => reply,
                Err(_) => return Conversation::Failed,
            }
        } else {
            greeting
        };
        if greeting.code() != 220 {
            return Conversation::Refused {
                code: Some(greeting.code()),
                after_login: false,
                wire: String::from_utf8_lossy(greeting.wire()).into_owned(),
                first_byte: Some(first_byte),
                complete: Some(complete),
            };
        }
        // Log in, as the simulated user does: some servers count, or
        // refuse, only at login.
        match login(&mut stream, &mut reader, timeout).await {
            Login::Ok => {}
            Login::Refused(code, wire) => {
                return Conversation::Refused {
                    code: Some(code),
                    after_login: true,
                    wire,
                    first_byte: Some(first_byte),
                    complete: Some(complete),
                };
            }
            Login::Failed => return Conversation::Failed,
        }
        // In, as the simulator counts a connection from its admission, until
        // its session ends (or, for a ghost, until the driver lets go of it).
        self.in_now.fetch_add(1, Ordering::AcqRel);
        let ghost = if self.ghost {
            Some(hold_ghost(&mut stream, &mut reader, options.max_hold).await)
        } else {
            let hold = scaled(self.hold, options.time_scale).min(options.max_hold);
            tokio::time::sleep(hold).await;
            if send(&mut stream, "QUIT", timeout).await.is_ok() {
                let _ = read(&mut reader, &mut stream, timeout).await;
            }
            None
        };
        self.in_now.fetch_sub(1, Ordering::AcqRel);
        let _ = tokio::time::timeout(timeout, stream.shutdown()).await;
        Conversation::Greeted {
            first_byte,
            complete,
            ghost,
        }
    }
}

enum Conversation {
    Greeted {
        first_byte: f64,
        complete: f64,
        /// For a ghost: whether the server closed it, and after how long.
        ghost: Option<(bool, f64)>,
    },
    Refused {
        code: Option<u16>,
        after_login: bool,
        wire: String,
        first_byte: Option<f64>,
        complete: Option<f64>,
    },
    Failed,
}

/// One reply, within `timeout`.
async fn read(
    reader: &mut ReplyReader,
    stream: &mut TcpStream,
    timeout: Duration,
) -> Result<crate::reply_reader::WireReply, ReadError> {
    tokio::time::timeout(timeout, reader.read_reply_async(stream))
        .await
        .unwrap_or_else(|_| Err(ReadError::Io(io::ErrorKind::TimedOut.into())))
}

/// One command line, CRLF added, within `timeout`.
async fn send(stream: &mut TcpStream, command: &str, timeout: Duration) -> io::Result<()> {
    let mut line = Vec::with_capacity(command.len() + 2);
    line.extend_from_slice(command.as_bytes());
    line.extend_from_slice(b"\r\n");
    tokio::time::timeout(timeout, stream.write_all(&line))
        .await
        .unwrap_or_else(|_| Err(io::ErrorKind::TimedOut.into()))
}

enum Login {
    Ok,
    Refused(u16, String),
    Failed,
}

async fn login(stream: &mut TcpStream, reader: &mut ReplyReader, timeout: Duration) -> Login {
    async fn ask(
        stream: &mut TcpStream,
        reader: &mut ReplyReader,
        command: &str,
        timeout: Duration,
    ) -> Option<crate::reply_reader::WireReply> {
        send(stream, command, timeout).await.ok()?;
        read(reader, stream, timeout).await.ok()
    }
    let Some(user) = ask(stream, reader, "USER anonymous", timeout).await else {
        return Login::Failed;
    };
    let reply = match user.code() {
        331 => match ask(stream, reader, "PASS drive@ftpsim.invalid", timeout).await {
            Some(reply) => reply,
            None => return Login::Failed,
        },
        _ => user,
    };
    match reply.code() {
        230 => Login::Ok,
        code if code >= 400 => {
            Login::Refused(code, String::from_utf8_lossy(reply.wire()).into_owned())
        }
        _ => Login::Failed,
    }
}

/// Says nothing until the server closes (its idle timeout), at most
/// `cap`; whether the server closed, and the milliseconds held.
async fn hold_ghost(
    stream: &mut TcpStream,
    reader: &mut ReplyReader,
    cap: Duration,
) -> (bool, f64) {
    let held = Instant::now();
    let until = tokio::time::Instant::now() + cap;
    loop {
        match tokio::time::timeout_at(until, reader.read_reply_async(stream)).await {
            Err(_) => return (false, held.elapsed().as_secs_f64() * 1e3),
            // The server's closing reply (421 Timeout.), then its close.
            Ok(Ok(_)) => continue,
            Ok(Err(_)) => return (true, held.elapsed().as_secs_f64() * 1e3),
        }
    }
}

/// Wilson's score interval at 95 %: unlike the normal approximation it
/// stays inside [0, 1] and is honest for counts near 0.
pub fn wilson(successes: u64, trials: u64) -> Interval {
    if trials == 0 {
        return Interval {
            value: 0.0,
            low: 0.0,
            high: 1.0,
            method: "wilson",
        };
    }
    let z = 1.959_963_984_540_054_f64;
    let n = trials as f64;
    let p = successes as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    Interval {
        value: p,
        // At the ends the bound is exactly 0 or 1; rounding would leave a
        // crumb.
        low: if successes == 0 {
            0.0
        } else {
            (centre - half).max(0.0)
        },
        high: if successes == trials {
            1.0
        } else {
            (centre + half).min(1.0)
        },
        method: "wilson",
    }
}

fn spread(values: &mut [f64]) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() as f64 - 1.0) * q).round() as usize];
    Some(Spread {
        count: values.len(),
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        max: values[values.len() - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftpsim::clients::Jitter;
    use ftpsim::sim::RetrySpec;

    #[test]
    fn wilson_intervals_hold_the_estimate_and_stay_in_bounds() {
        let i = wilson(20, 100);
        assert!(i.low < 0.2 && 0.2 < i.high);
        assert!(
            (i.low - 0.1334).abs() < 1e-3 && (i.high - 0.2888).abs() < 1e-3,
            "{i:?}"
        );
        let zero = wilson(0, 50);
        assert_eq!(zero.low, 0.0);
        assert!(zero.high > 0.05 && zero.high < 0.1);
        assert_eq!(wilson(0, 0).high, 1.0);
    }

    #[test]
    fn custom_retry_delays_follow_the_section_with_its_jitter() {
        let mut rng = Rng::stream(7, 1000);
        let backoff = RetrySpec::Backoff {
            base: 1.0,
            max: 4.0,
            max_attempts: 4,
            jitter: Jitter::Equal,
        }
        .rule();
        for (tries, nominal) in [(1, 1.0), (2, 2.0), (3, 4.0)] {
            let d = backoff.delay(tries, &mut rng).unwrap();
            assert!(d >= nominal / 2.0 && d <= nominal, "{tries}: {d}");
        }
        // The fourth try was the last.
        assert_eq!(backoff.delay(4, &mut rng), None);
        assert_eq!(RetrySpec::None.rule().delay(1, &mut rng), None);
        // Exponential delays are drawn, not their mean every time.
        let exp = RetrySpec::Exponential {
            mean: 2.0,
            max_attempts: None,
        }
        .rule();
        let draws: Vec<f64> = (0..2000).map(|_| exp.delay(1, &mut rng).unwrap()).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((1.8..2.2).contains(&mean), "{mean}");
        assert!(draws.iter().any(|&d| d < 0.5) && draws.iter().any(|&d| d > 5.0));
    }

    #[test]
    fn the_earliest_retry_is_started_first() {
        let now = Instant::now();
        let mut heap = BinaryHeap::new();
        for ms in [30, 10, 20] {
            let (reply, _) = oneshot::channel();
            heap.push(Retry {
                due: now + Duration::from_millis(ms),
                source: None,
                reply,
            });
        }
        let order: Vec<u128> = std::iter::from_fn(|| heap.pop())
            .map(|r| (r.due - now).as_millis())
            .collect();
        assert_eq!(order, [10, 20, 30]);
    }

    #[test]
    fn percentiles_come_from_the_sorted_values() {
        let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let s = spread(&mut v).unwrap();
        assert_eq!((s.count, s.p50, s.p99, s.max), (100, 51.0, 99.0, 100.0));
        assert!(spread(&mut []).is_none());
    }
}
