//! One welcomed control connection: a task that moves bytes between the
//! socket and the core's [`Session`], and time from tokio's clock into it.
//!
//! The session decides everything (replies, timeouts, when to close); this
//! task only reads, writes and waits. It follows the session's rule: after
//! every call that takes `now`, drain the outputs, then wait for input, the
//! next timeout, or the server's shutdown.
//!
//! The gate slot a session holds is released by the session itself when it
//! closes. Whatever ends this task (the session closing, a failed or timed
//! out write, the task being aborted at the end of a shutdown), the
//! [`Driven`] guard makes sure the session is closed, so no slot leaks.

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use std::io::Read as _;
use std::sync::atomic::Ordering;

use ftpsim::admission::Admission;
use ftpsim::session::{Fill, Outcome, Output, Session, SessionConfig};
use ftpsim::time::Instant;
use ftpsim::vfs::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::quirks;
use crate::shared::{LockedGate, Shared, State, sleep_until_option, stopped};
use crate::wire::{self, WriteFailure};

/// Read buffer per session: longer than any command line the session
/// accepts is unnecessary, since the session buffers partial lines itself.
const READ_CHUNK: usize = 4096;

/// Replies written together once a batch holds this many bytes: a few
/// pages, so a batch meets the write timeout about as a single long reply
/// would.
const REPLY_BATCH: usize = 16 * 1024;

/// Bytes read per call on a data connection (uploads).
const DATA_CHUNK: usize = 64 * 1024;

/// Bytes pulled from the session per chunk of a download, unthrottled: large
/// enough that a loopback transfer spends its time in the kernel, not in
/// the loop. Under `--transfer-rate` chunks are a twentieth of a second's
/// worth instead, so a thousand paced transfers hold little memory.
const SEND_CHUNK: usize = 512 * 1024;

/// How long an active-mode connect may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What a data connection is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Idle,
    Sending,
    Receiving,
}

/// What happened on the data connection.
#[derive(Debug)]
enum DataEvent {
    Accepted(std::io::Result<(TcpStream, SocketAddr)>),
    Read(std::io::Result<usize>),
    Wrote(std::io::Result<usize>),
}

/// The data side of one session: a passive listener, a data connection,
/// the chunk being written, and the pacing of `--transfer-rate`.
#[derive(Debug)]
struct DataChannel {
    listener: Option<TcpListener>,
    stream: Option<TcpStream>,
    mode: Mode,
    chunk: Vec<u8>,
    chunk_len: usize,
    chunk_at: usize,
    /// Bytes per second, and the pace's origin and bytes so far.
    rate: Option<u64>,
    rate_start: tokio::time::Instant,
    rate_bytes: u64,
}

impl DataChannel {
    fn new(rate: Option<u64>) -> DataChannel {
        DataChannel {
            listener: None,
            stream: None,
            mode: Mode::Idle,
            chunk: Vec::new(),
            chunk_len: 0,
            chunk_at: 0,
            rate,
            rate_start: tokio::time::Instant::now(),
            rate_bytes: 0,
        }
    }

    /// Carries out one of the session's data requests; true if the session
    /// asked to close meanwhile.
    async fn carry_out(
        &mut self,
        output: Output,
        shared: &Arc<Shared>,
        driven: &mut Driven,
        pending: &mut VecDeque<Pending>,
        local_ip: IpAddr,
    ) -> bool {
        match output {
            Output::OpenPassive => {
                self.close();
                self.listener = open_listener(shared, local_ip);
                let addr = self.listener.as_ref().and_then(|l| l.local_addr().ok());
                driven
                    .step(pending, |session, gate, now| {
                        session.handle_data_listener(gate, now, addr);
                    })
                    .1
            }
            Output::ConnectTo(addr) => {
                self.close();
                let connected =
                    tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await;
                match connected {
                    Ok(Ok(stream)) => {
                        let (ok, closed) = driven.step(pending, |session, gate, now| {
                            session.handle_data_connected(gate, now, addr)
                        });
                        if ok {
                            self.stream = Some(stream);
                        }
                        closed
                    }
                    _ => {
                        driven
                            .step(pending, |session, gate, now| {
                                session.handle_data_connect_failed(gate, now);
                            })
                            .1
                    }
                }
            }
            Output::StartSending => {
                self.start(Mode::Sending);
                false
            }
            Output::StartReceiving => {
                self.start(Mode::Receiving);
                false
            }
            Output::CloseData => {
                self.close();
                false
            }
            Output::Send(_) | Output::Close => false,
            // An effect this driver does not know: ending the session is
            // the only safe answer (the guard releases its slots).
            _ => {
                self.close();
                true
            }
        }
    }

    fn start(&mut self, mode: Mode) {
        self.mode = mode;
        self.chunk_len = 0;
        self.chunk_at = 0;
        self.rate_start = tokio::time::Instant::now();
        self.rate_bytes = 0;
    }

    fn close(&mut self) {
        self.listener = None;
        self.stream = None;
        self.mode = Mode::Idle;
        self.chunk_len = 0;
        self.chunk_at = 0;
    }

    /// Flushes and closes a finished download's connection.
    async fn finish(&mut self) {
        if let Some(mut stream) = self.stream.take() {
            let _ = tokio::time::timeout(CONNECT_TIMEOUT, stream.shutdown()).await;
        }
        self.close();
    }

    fn chunk_left(&self) -> usize {
        self.chunk_len - self.chunk_at
    }

    /// The buffer the session fills: smaller under a rate, so that pacing
    /// is smooth (about twenty writes a second).
    fn chunk_buffer(&mut self) -> &mut [u8] {
        let size = self.rate.map_or(SEND_CHUNK, |rate| {
            (rate / 20).clamp(1, SEND_CHUNK as u64) as usize
        });
        self.chunk.resize(size, 0);
        &mut self.chunk[..size]
    }

    fn loaded(&mut self, n: usize) {
        self.chunk_len = n;
        self.chunk_at = 0;
    }

    fn wrote(&mut self, n: usize) {
        self.chunk_at += n;
        self.rate_bytes += n as u64;
    }

    /// When the next byte may move under the rate.
    fn due(&self) -> Option<tokio::time::Instant> {
        let rate = self.rate?;
        Some(self.rate_start + Duration::from_secs_f64(self.rate_bytes as f64 / rate as f64))
    }

    /// The next read or write on the data connection; pending forever when
    /// there is none to do. Cancel-safe: a single `read` or `write`.
    async fn io(&mut self, buf: &mut [u8]) -> DataEvent {
        let due = self.due();
        let Some(stream) = self.stream.as_mut() else {
            return match &self.listener {
                Some(listener) => DataEvent::Accepted(listener.accept().await),
                None => std::future::pending().await,
            };
        };
        match self.mode {
            Mode::Idle => std::future::pending().await,
            Mode::Sending if self.chunk_len == self.chunk_at => std::future::pending().await,
            Mode::Sending => {
                if let Some(due) = due {
                    tokio::time::sleep_until(due).await;
                }
                DataEvent::Wrote(
                    stream
                        .write(&self.chunk[self.chunk_at..self.chunk_len])
                        .await,
                )
            }
            Mode::Receiving => {
                if let Some(due) = due {
                    tokio::time::sleep_until(due).await;
                }
                let limit = self.rate.map_or(buf.len(), |rate| {
                    (rate / 20).clamp(1, buf.len() as u64) as usize
                });
                let read = stream.read(&mut buf[..limit]).await;
                if let Ok(n) = read {
                    self.rate_bytes += n as u64;
                }
                DataEvent::Read(read)
            }
        }
    }
}

/// A passive listener on the control connection's local address, on a port
/// from the configured range (round robin over the sessions), or any port.
fn open_listener(shared: &Shared, ip: IpAddr) -> Option<TcpListener> {
    let bind = |port: u16| {
        std::net::TcpListener::bind(SocketAddr::new(ip, port))
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .and_then(TcpListener::from_std)
            .ok()
    };
    match shared.config.data.pasv_ports {
        None => bind(0),
        Some((first, last)) => {
            let count = u32::from(last - first) + 1;
            let start = shared.pasv_cursor.fetch_add(1, Ordering::Relaxed);
            (0..count).find_map(|i| {
                let offset = (start.wrapping_add(i) % count) as u16;
                bind(first + offset)
            })
        }
    }
}

/// What the accept loop decided, with the session's first outputs.
#[derive(Debug)]
pub(crate) enum Connected {
    /// Send these bytes (possibly none: a silent close) and close.
    Refused {
        bytes: Arc<[u8]>,
        reason: &'static str,
    },
    /// A session holding a slot, and what it wants sent first.
    Welcomed(Box<Welcomed>),
}

#[derive(Debug)]
pub(crate) struct Welcomed {
    session: Session,
    pending: VecDeque<Vec<u8>>,
    /// The 120 of the greet-delay quirk and how long to hold the 220.
    delayed: Option<(Vec<u8>, Duration)>,
}

/// Runs admission for a new connection, under the lock the accept loop
/// holds: the gate decides; a welcomed client gets a session (which takes
/// over the slot), a refused one the preset's refusal, formatted once per
/// reason and limit and reused.
pub(crate) fn connect(
    shared: &Shared,
    state: &mut State,
    config: &Arc<SessionConfig>,
    ip: IpAddr,
    now: Instant,
) -> Connected {
    let welcome = match state.gate.on_connect(ip, now) {
        Admission::Welcome(welcome) => welcome,
        Admission::Refuse(refusal) => {
            let reason = refusal.reason.key();
            state.summary.count_refusal(reason);
            return Connected::Refused {
                bytes: state.refusal_bytes(&refusal),
                reason,
            };
        }
    };
    let mut session = Session::welcomed(Arc::clone(config), ip, welcome, now);
    session.serve_files(Arc::clone(&shared.files) as Arc<dyn Store>);
    let mut pending = VecDeque::new();
    // A session just welcomed only greets: it cannot have closed yet.
    let mut first = VecDeque::new();
    drain(&mut session, &mut first);
    pending.extend(first.into_iter().filter_map(|p| match p {
        Pending::Reply(bytes) => Some(bytes),
        Pending::Data(_) => None,
    }));
    let (active, from_address) = (state.gate.active(), state.gate.active_from(ip));
    state.summary.session_opened(active, from_address);
    let quirks = &shared.config.quirks;
    // Quirks change the 220 greeting only (not the warm-up's 120).
    if let Some(first) = pending.front_mut().filter(|b| b.starts_with(b"220"))
        && quirks.reframes_greeting()
    {
        *first = quirks::reframe(first, quirks.digit_lines, quirks.bare_close);
    }
    let delayed = quirks
        .greet_delay()
        .filter(|_| pending.front().is_some_and(|b| b.starts_with(b"220")))
        .map(|delay| {
            let reply = shared.config.preset().warmup_reply(now, now + delay);
            (reply.to_bytes(), delay)
        });
    Connected::Welcomed(Box::new(Welcomed {
        session,
        pending,
        delayed,
    }))
}

/// Closes (through the guard) a welcomed session that cannot be driven.
pub(crate) fn abandon(shared: &Arc<Shared>, welcomed: Box<Welcomed>) {
    drop(Driven {
        shared: Arc::clone(shared),
        session: welcomed.session,
    });
}

/// A session being driven. Dropping it closes the session (releasing its
/// slot) if it is still open, and counts it out.
struct Driven {
    shared: Arc<Shared>,
    session: Session,
}

impl Driven {
    /// Calls into the session with the current time, and collects what it
    /// wants done. The gate's lock is taken only if the session logs in,
    /// opens a data channel (for a preset that counts them) or closes.
    fn step<T>(
        &mut self,
        pending: &mut VecDeque<Pending>,
        call: impl FnOnce(&mut Session, &mut LockedGate<'_>, Instant) -> T,
    ) -> (T, bool) {
        let now = self.shared.clock.now();
        let value = call(&mut self.session, &mut LockedGate(&self.shared), now);
        (value, drain(&mut self.session, pending))
    }
}

/// What the session asked for, in order.
#[derive(Debug)]
enum Pending {
    Reply(Vec<u8>),
    Data(Output),
}

impl Drop for Driven {
    fn drop(&mut self) {
        let now = self.shared.clock.now();
        let mut state = self.shared.lock();
        if !self.session.is_closed() {
            self.session.handle_peer_closed(&mut state.gate, now);
        }
        if self.session.outcome() == Some(Outcome::ShutDown) {
            state.summary.ended_by_shutdown += 1;
        }
        state.summary.session_closed();
    }
}

/// Feeds the session what the socket holds now, without waiting, until
/// the socket is empty or replies wait to be written. Returns whether the
/// session closed, and whether it stopped for replies with input perhaps
/// left, to be read once they are written.
///
/// A read stops at TCP's urgent mark (the DM of `IAC IP IAC DM ABOR`), and
/// tokio takes a short read as "nothing more": so the socket itself is
/// asked until it is really empty, or the ABOR would wait for the client's
/// next bytes (tokio's own `try_read` trusts the readiness the short read
/// cleared). Stopping whenever replies are pending keeps a client that
/// sends without reading to one read's worth of replies in memory, and
/// lets their writes meet the write timeout.
fn read_available(
    stream: &TcpStream,
    buf: &mut [u8],
    driven: &mut Driven,
    pending: &mut VecDeque<Pending>,
) -> (bool, bool) {
    loop {
        if !pending.is_empty() {
            return (false, true);
        }
        match (&*socket2::SockRef::from(stream)).read(buf) {
            Ok(n) if n > 0 => {
                let closed = driven
                    .step(pending, |session, gate, now| {
                        session.handle_input(gate, now, &buf[..n]);
                    })
                    .1;
                if closed {
                    return (true, false);
                }
            }
            Ok(_) => {
                let closed = driven
                    .step(pending, |session, gate, now| {
                        session.handle_peer_closed(gate, now);
                    })
                    .1;
                return (closed, false);
            }
            Err(_) => return (false, false),
        }
    }
}

/// Moves the session's outputs into `pending`; true once it asked to close.
fn drain(session: &mut Session, pending: &mut VecDeque<Pending>) -> bool {
    let mut closed = false;
    while let Some(output) = session.poll_output() {
        match output {
            Output::Send(bytes) => pending.push_back(Pending::Reply(bytes)),
            Output::Close => closed = true,
            other => pending.push_back(Pending::Data(other)),
        }
    }
    closed
}

/// Drives a welcomed connection until it ends.
pub(crate) async fn run(
    shared: Arc<Shared>,
    mut stream: TcpStream,
    peer: SocketAddr,
    welcomed: Box<Welcomed>,
) {
    let Welcomed {
        session,
        pending: greeting,
        delayed,
    } = *welcomed;
    let mut pending: VecDeque<Pending> = greeting.into_iter().map(Pending::Reply).collect();
    let mut driven = Driven {
        shared: Arc::clone(&shared),
        session,
    };
    let pace = shared.pace;
    if pace.bytewise {
        // Each byte must leave in its own segment.
        let _ = stream.set_nodelay(true);
    }
    let local_ip = stream
        .local_addr()
        .map_or(IpAddr::from([127, 0, 0, 1]), |a| a.ip());
    let started = shared.clock.now();
    let mut shutdown = shared.shutdown_signal();
    let mut closing = false;
    let mut failure = None;
    let mut channel = DataChannel::new(shared.config.data.transfer_rate);

    if let Some((preliminary, delay)) = delayed {
        match wire::write_reply(&mut stream, &preliminary, pace).await {
            Ok(()) => tokio::time::sleep(delay).await,
            Err(err) => failure = Some(err),
        }
    }

    let mut buf = vec![0u8; READ_CHUNK];
    let mut data_buf = vec![0u8; DATA_CHUNK];
    // Bytes may still wait in the socket though tokio has seen it drained
    // (see `read_available`).
    let mut unread_input = false;
    while failure.is_none() {
        while let Some(next) = pending.pop_front() {
            match next {
                Pending::Reply(mut bytes) => {
                    // Replies queued together leave in one write: a client
                    // that sends many commands at once gets their answers
                    // without a system call each. Bytewise replies must stay
                    // apart, and the cap keeps the write timeout about a
                    // reply's worth of bytes rather than a flood's.
                    while !pace.bytewise && bytes.len() < REPLY_BATCH {
                        let Some(Pending::Reply(more)) = pending.front() else {
                            break;
                        };
                        bytes.extend_from_slice(more);
                        pending.pop_front();
                    }
                    if let Err(err) = wire::write_reply(&mut stream, &bytes, pace).await {
                        failure = Some(err);
                        break;
                    }
                }
                Pending::Data(output) => {
                    closing |= channel
                        .carry_out(output, &shared, &mut driven, &mut pending, local_ip)
                        .await;
                }
            }
        }
        if closing || failure.is_some() {
            break;
        }
        // A download pulls its next chunk when the last one is written.
        if channel.mode == Mode::Sending && channel.chunk_left() == 0 {
            let (fill, closed) = driven.step(&mut pending, |session, gate, now| {
                session.fill_data(gate, now, channel.chunk_buffer())
            });
            closing |= closed;
            match fill {
                Fill::Bytes(n) => {
                    channel.loaded(n);
                    continue;
                }
                Fill::Done => {
                    channel.finish().await;
                    let ((), closed) = driven.step(&mut pending, |session, gate, now| {
                        session.handle_data_closed(gate, now);
                    });
                    closing |= closed;
                    continue;
                }
                // Nothing now (a stall): wait for the next event below.
                Fill::Wait if !pending.is_empty() || closing => continue,
                Fill::Wait => {}
            }
        }
        if unread_input {
            let (closed, more) = read_available(&stream, &mut buf, &mut driven, &mut pending);
            closing = closed;
            unread_input = more;
            continue;
        }
        let deadline = driven
            .session
            .poll_timeout()
            .map(|at| shared.clock.to_tokio(at));
        tokio::select! {
            biased;
            () = stopped(&mut shutdown) => {
                closing = driven.step(&mut pending, |session, gate, now| {
                    session.shutdown(gate, now);
                }).1;
            }
            read = stream.read(&mut buf) => {
                closing = match read {
                    Ok(0) | Err(_) => driven.step(&mut pending, |session, gate, now| {
                        session.handle_peer_closed(gate, now);
                    }).1,
                    Ok(n) => {
                        let closed = driven.step(&mut pending, |session, gate, now| {
                            session.handle_input(gate, now, &buf[..n]);
                        }).1;
                        if closed {
                            true
                        } else {
                            let (closed, more) =
                                read_available(&stream, &mut buf, &mut driven, &mut pending);
                            unread_input = more;
                            closed
                        }
                    }
                };
            }
            event = channel.io(&mut data_buf) => {
                closing = match event {
                    DataEvent::Accepted(Ok((data, from))) => {
                        let (ok, closed) = driven.step(&mut pending, |session, gate, now| {
                            session.handle_data_connected(gate, now, from)
                        });
                        if ok {
                            // One data connection per PASV, as vsftpd does.
                            channel.listener = None;
                            channel.stream = Some(data);
                        }
                        closed
                    }
                    // A failed accept leaves the listener to the next one.
                    DataEvent::Accepted(Err(_)) => false,
                    DataEvent::Read(Ok(n)) if n > 0 => driven.step(&mut pending, |session, _, now| {
                        session.handle_data_bytes(now, &data_buf[..n]);
                    }).1,
                    DataEvent::Wrote(Ok(n)) if n > 0 => {
                        channel.wrote(n);
                        false
                    }
                    _ => {
                        // End of an upload, or a broken connection.
                        channel.close();
                        driven.step(&mut pending, |session, gate, now| {
                            session.handle_data_closed(gate, now);
                        }).1
                    }
                };
            }
            () = sleep_until_option(deadline) => {
                closing = driven.step(&mut pending, |session, gate, now| {
                    session.handle_timeout(gate, now);
                }).1;
            }
        }
    }

    if let Some(err) = &failure {
        if matches!(err, WriteFailure::TimedOut) {
            shared.lock().summary.session_write_timeouts += 1;
        }
        tracing::info!(%peer, error = %err, "session write failed");
    }
    let outcome = if failure.is_some() {
        "write_failed"
    } else {
        driven.session.outcome().map_or("closed", Outcome::key)
    };
    let seconds = shared
        .clock
        .now()
        .saturating_duration_since(started)
        .as_secs_f64();
    // Release before logging, so the slot is free as early as possible.
    drop(driven);
    tracing::info!(%peer, outcome, seconds, "session ended");
}
