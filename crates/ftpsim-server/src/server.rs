//! The accept loop, the refusal fast path and graceful shutdown.
//!
//! Dedicated threads (one per core, at most four) accept, each with a plain
//! blocking `accept()` on the same listening socket. For each
//! new connection it takes the lock on the shared [`Gate`] once, runs
//! admission through the core's session, and lets go:
//!
//! - **Refused**: the refusal's bytes are written at once into the new
//!   socket's (empty) send buffer with a non-blocking send, and the socket
//!   is closed: three system calls per refused client (accept, send,
//!   close), no task, no timer, no reactor registration, no thread hand-off.
//!   Should the kernel take only part of the bytes (it does not for a fresh
//!   socket in practice), or with the bytewise quirk, the runtime finishes
//!   the write under the write timeout.
//! - **Welcomed**: the connection and its session are handed to the tokio
//!   side, where a task drives the session (see `connection`).
//!
//! Shutdown (a signal, [`ServerHandle::shutdown`] or the configured time)
//! stops the accept threads (by shutting the listening socket down), tells
//! every session to send the preset's shutdown reply and close, waits for
//! them (bounded by the write timeout), and returns the [`Summary`].

use std::io;
use std::net::{
    IpAddr, Shutdown, SocketAddr, TcpListener as StdTcpListener, TcpStream as StdTcpStream,
};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ftpsim::admission::{AcceptPause, Banner, Gate};
use ftpsim::reply::{ReplyCode, registry};
use ftpsim::session::SessionConfig;
use ftpsim::time::Instant;
use ftpsim::vfs::SharedTree;
use socket2::{Domain, Protocol, SockRef, Socket, Type};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::clock::{Clock, utc_time_of_day};
use crate::config::ServerConfig;
use crate::connection::{self, Connected, Welcomed};
use crate::quirks::RefusalDraw;
use crate::shared::{Shared, State, sleep_until_option, stopped};
use crate::stats::{QUIRK_REFUSAL, Summary};
use crate::wire::{self, Immediate, Pace};

/// The listen backlog: deep enough that a burst of a thousand simultaneous
/// connects is queued rather than dropped (a dropped SYN costs the client a
/// one-second retransmission).
const BACKLOG: i32 = 4096;

/// How long the accept loop rests after `accept()` fails (typically: out of
/// file descriptors), instead of spinning on a listener that stays ready.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(20);

/// A bound, not yet running, server.
#[derive(Debug)]
pub struct Server {
    listener: Arc<StdTcpListener>,
    local_addr: SocketAddr,
    shared: Arc<Shared>,
}

/// Controls a running server from elsewhere: shut it down, read its counts.
#[derive(Debug, Clone)]
pub struct ServerHandle {
    shared: Arc<Shared>,
}

impl ServerHandle {
    /// Starts a graceful shutdown; the server's `run` returns once every
    /// session has been told and closed.
    pub fn shutdown(&self) {
        self.shared.shutdown.send_replace(true);
    }

    /// The counts so far.
    pub fn summary(&self) -> Summary {
        self.shared.lock().summary.clone()
    }

    /// Sessions the gate holds open now, in total and from `ip`.
    pub fn active(&self, ip: Option<IpAddr>) -> u32 {
        let state = self.shared.lock();
        match ip {
            None => state.gate.active(),
            Some(ip) => state.gate.active_from(ip),
        }
    }
}

impl Server {
    /// Binds the listening socket (with a backlog of 4096) and starts the
    /// server's clock: the core's time counts from here. [`Server::run`]
    /// must then be awaited inside a tokio runtime with I/O and time
    /// enabled.
    pub async fn bind(config: ServerConfig) -> io::Result<Server> {
        let socket = Socket::new(
            Domain::for_address(config.listen),
            Type::STREAM,
            Some(Protocol::TCP),
        )?;
        socket.set_reuse_address(true)?;
        socket.bind(&config.listen.into())?;
        socket.listen(BACKLOG)?;
        // Blocking: the accept thread sleeps in accept() itself.
        let listener: StdTcpListener = socket.into();
        let local_addr = listener.local_addr()?;

        let banner = Banner {
            clock_at_origin: utc_time_of_day(),
            server_port: local_addr.port(),
            server_addr: local_addr.ip(),
            // Pure-FTPd says so whenever the machine can do IPv6, whatever
            // address it listens on.
            ipv6_welcome: StdTcpListener::bind("[::1]:0").is_ok(),
            // The session fills in the accounts and the idle timeout.
            ..Banner::default()
        };
        let unix_now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let tree = crate::tree::load(&config.data, unix_now)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        let session_config = Arc::new(SessionConfig {
            unix_time_at_origin: unix_now,
            uploads: config.data.uploads,
            max_upload_bytes: config.data.upload_cap,
            faults: config.data.faults,
            users: config
                .users
                .iter()
                .map(|c| (c.name.clone(), c.password.clone()))
                .collect(),
            anonymous: config.anonymous,
            banner,
            ..SessionConfig::from_spec(&config.spec)
        });
        let quirks = &config.quirks;
        let draw = (quirks.refuse_fraction > 0.0)
            .then(|| RefusalDraw::new(quirks.refuse_fraction, quirks.refuse_seed));
        let mut quirk_refusal = Vec::new();
        ftpsim::reply::format::write_single(
            &mut quirk_refusal,
            ReplyCode::SERVICE_NOT_AVAILABLE,
            registry::primary(ReplyCode::SERVICE_NOT_AVAILABLE).map_or("", |info| info.text),
        );
        let pace = Pace {
            bytewise: quirks.bytewise,
            interval: quirks.byte_interval(),
            timeout: config.write_timeout,
        };
        let state = State {
            gate: Gate::from_spec(&config.spec),
            pause: AcceptPause::new(config.spec.accept_pause()),
            summary: Summary::default(),
            draw,
            refusals: Vec::new(),
        };
        let (shutdown, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            clock: Clock::start(),
            config,
            session_config,
            pace,
            quirk_refusal: quirk_refusal.into(),
            shutdown,
            files: Arc::new(SharedTree::new(tree)),
            pasv_cursor: AtomicU32::new(0),
        });
        Ok(Server {
            listener: Arc::new(listener),
            local_addr,
            shared,
        })
    }

    /// The address the server listens on (with the port picked for `:0`).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// A handle to shut the server down and read its counts.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle {
            shared: Arc::clone(&self.shared),
        }
    }

    /// Accepts connections until shutdown, then ends every session and
    /// returns the counts.
    pub async fn run(self) -> Summary {
        let Server {
            listener, shared, ..
        } = self;
        let mut shutdown = shared.shutdown_signal();
        let stop_at = shared
            .config
            .shutdown_after
            .map(|after| shared.clock.to_tokio(Instant::ZERO + after));
        let (handoffs, mut from_accept) = mpsc::unbounded_channel();
        let stopping = Arc::new(AtomicBool::new(false));
        let mut accept_threads = Vec::new();
        for index in 0..accept_thread_count() {
            let (listener, shared, stopping, handoffs) = (
                Arc::clone(&listener),
                Arc::clone(&shared),
                Arc::clone(&stopping),
                handoffs.clone(),
            );
            let spawned = std::thread::Builder::new()
                .name(format!("ftpsim-accept-{index}"))
                .spawn(move || accept_loop(&listener, &shared, &handoffs, &stopping));
            match spawned {
                Ok(thread) => accept_threads.push(thread),
                Err(err) => tracing::error!(error = %err, "cannot start an accept thread"),
            }
        }
        // Only the accept threads hold senders now: the channel closes if
        // they all end.
        drop(handoffs);
        let mut tasks = JoinSet::new();
        if !accept_threads.is_empty() {
            loop {
                tokio::select! {
                    biased;
                    () = stopped(&mut shutdown) => break,
                    () = sleep_until_option(stop_at) => break,
                    Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                        report_join(&shared, joined);
                    }
                    handoff = from_accept.recv() => match handoff {
                        Some(handoff) => take_over(&shared, &mut tasks, handoff),
                        // The accept threads ended by themselves: they failed.
                        None => break,
                    },
                }
            }
        }

        // Stop accepting first: connections still in the backlog are reset
        // by the kernel rather than left waiting for a greeting. Shutting
        // the listening socket down wakes every thread out of accept().
        stopping.store(true, Ordering::SeqCst);
        let _ = SockRef::from(&*listener).shutdown(Shutdown::Both);
        for thread in accept_threads {
            let joined = tokio::task::spawn_blocking(move || thread.join()).await;
            if !matches!(joined, Ok(Ok(()))) {
                shared.lock().summary.task_panics += 1;
                tracing::error!("an accept thread panicked");
            }
        }
        drop(listener);
        // Sessions welcomed just before the stop still hold slots: drive
        // them too, straight into the shutdown.
        while let Ok(handoff) = from_accept.try_recv() {
            take_over(&shared, &mut tasks, handoff);
        }
        shared.shutdown.send_replace(true);
        let grace = shared.config.write_timeout + Duration::from_secs(1);
        let drained = tokio::time::timeout(grace, async {
            while let Some(joined) = tasks.join_next().await {
                report_join(&shared, joined);
            }
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                left = tasks.len(),
                "sessions did not close in time; dropping them"
            );
            // Aborted sessions release their slots as they are dropped.
            tasks.shutdown().await;
        }
        let summary = shared.lock().summary.clone();
        tracing::info!(
            accepted = summary.accepted,
            refused = summary.refused_total(),
            peak = summary.peak,
            "server stopped"
        );
        summary
    }
}

/// One accept thread per core, at most four: refusing is system calls on
/// the accepting thread, so more threads refuse more clients at once (the
/// kernel wakes one thread per connection). Each thread is idle in
/// `accept()` otherwise.
fn accept_thread_count() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
}

/// What the accept thread hands to the runtime.
#[derive(Debug)]
enum Handoff {
    /// A welcomed connection and its session.
    Session {
        stream: StdTcpStream,
        peer: SocketAddr,
        welcomed: Box<Welcomed>,
    },
    /// A refusal whose bytes must be written by a task (bytewise quirk, or
    /// a send buffer that took only part of them).
    Refusal { stream: StdTcpStream, rest: Vec<u8> },
}

/// Starts a task for a connection the accept thread handed over.
fn take_over(shared: &Arc<Shared>, tasks: &mut JoinSet<()>, handoff: Handoff) {
    match handoff {
        Handoff::Session {
            stream,
            peer,
            welcomed,
        } => {
            let prepared = stream
                .set_nonblocking(true)
                .and_then(|()| tokio::net::TcpStream::from_std(stream));
            match prepared {
                Ok(stream) => {
                    tasks.spawn(connection::run(Arc::clone(shared), stream, peer, welcomed));
                }
                Err(err) => {
                    // Dropping the session's guard releases its slot.
                    tracing::warn!(%peer, error = %err, "cannot drive the session");
                    connection::abandon(shared, welcomed);
                }
            }
        }
        Handoff::Refusal { stream, rest } => {
            tasks.spawn(finish_refusal(Arc::clone(shared), stream, rest));
        }
    }
}

/// The accept thread: blocks in accept(), decides, refuses on the spot or
/// hands over; ends when the listener is shut down.
fn accept_loop(
    listener: &StdTcpListener,
    shared: &Arc<Shared>,
    handoffs: &mpsc::UnboundedSender<Handoff>,
    stopping: &AtomicBool,
) {
    loop {
        let accepted = listener.accept();
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        match accepted {
            Ok((stream, peer)) => on_accept(shared, handoffs, stream, peer),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => {
                shared.lock().summary.accept_errors += 1;
                tracing::warn!(error = %err, "accept failed");
                std::thread::sleep(ACCEPT_ERROR_PAUSE);
            }
        }
    }
}

fn report_join(shared: &Shared, joined: Result<(), tokio::task::JoinError>) {
    if let Err(err) = joined
        && err.is_panic()
    {
        shared.lock().summary.task_panics += 1;
        tracing::error!(error = %err, "a connection task panicked");
    }
}

fn on_accept(
    shared: &Arc<Shared>,
    handoffs: &mpsc::UnboundedSender<Handoff>,
    stream: StdTcpStream,
    peer: SocketAddr,
) {
    // A client on a dual-stack socket shows up as ::ffff:a.b.c.d; per-IP
    // limits must see it as a.b.c.d.
    let ip = peer.ip().to_canonical();
    let now = wait_for_accepting(shared);
    let connected = {
        let mut state = shared.lock();
        let quirk_refuses = state.draw.as_mut().is_some_and(RefusalDraw::refuse_next);
        if quirk_refuses {
            state.summary.count_refusal(QUIRK_REFUSAL);
            None
        } else {
            Some(connection::connect(
                shared,
                &mut state,
                &shared.session_config,
                ip,
                now,
            ))
        }
    };
    match connected {
        None => {
            tracing::info!(%peer, outcome = "refused", reason = QUIRK_REFUSAL, "connection");
            refuse(shared, handoffs, stream, &shared.quirk_refusal);
        }
        Some(Connected::Refused { bytes, reason }) => {
            tracing::info!(%peer, outcome = "refused", reason, "connection");
            refuse(shared, handoffs, stream, &bytes);
        }
        Some(Connected::Welcomed(welcomed)) => {
            tracing::info!(%peer, outcome = "welcomed", "connection");
            let handoff = Handoff::Session {
                stream,
                peer,
                welcomed,
            };
            // When the runtime side is gone (the server is stopping), the
            // session is closed here so that its slot is released.
            if let Err(mpsc::error::SendError(Handoff::Session { welcomed, .. })) =
                handoffs.send(handoff)
            {
                connection::abandon(shared, welcomed);
            }
        }
    }
}

/// Waits out an accept pause under way (a preset such as ProFTPD's, whose
/// daemon takes no connection for a while after a session ends): the
/// client, connected by the kernel, waits for its first reply as it would
/// in the real server's backlog. Returns the moment it is decided.
fn wait_for_accepting(shared: &Shared) -> Instant {
    loop {
        let now = shared.clock.now();
        let at = shared.lock().pause.accepts_at(now);
        if at <= now {
            return now;
        }
        std::thread::sleep(at.saturating_duration_since(now));
    }
}

/// Sends a refusal and closes. The common case never leaves this function.
fn refuse(
    shared: &Arc<Shared>,
    handoffs: &mpsc::UnboundedSender<Handoff>,
    stream: StdTcpStream,
    bytes: &[u8],
) {
    let rest = if shared.pace.bytewise {
        bytes.to_vec()
    } else {
        match wire::write_now(&stream, bytes) {
            // Dropping the socket closes it: the kernel sends the reply,
            // then the FIN.
            Immediate::Done => return,
            Immediate::Partial { written } => bytes[written..].to_vec(),
            Immediate::Failed(err) => {
                tracing::debug!(error = %err, "refused client gone before the reply");
                return;
            }
        }
    };
    if rest.is_empty() {
        return;
    }
    // When the runtime side is gone the socket is simply closed.
    let _ = handoffs.send(Handoff::Refusal { stream, rest });
}

/// The slow path of a refusal: the rest of the bytes, under the write
/// timeout (and the bytewise quirk), then the close.
async fn finish_refusal(shared: Arc<Shared>, stream: StdTcpStream, bytes: Vec<u8>) {
    let stream = stream
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpStream::from_std(stream));
    let Ok(mut stream) = stream else {
        return;
    };
    if shared.pace.bytewise {
        // Each byte must leave in its own segment.
        let _ = stream.set_nodelay(true);
    }
    if let Err(failure) = wire::write_reply(&mut stream, &bytes, shared.pace).await {
        if matches!(failure, wire::WriteFailure::TimedOut) {
            shared.lock().summary.refusal_write_timeouts += 1;
        }
        tracing::info!(error = %failure, "refused client did not take its reply");
    }
}
