//! What the accept loop and the sessions share: the gate and the counters
//! behind one lock, the configuration, the clock and the shutdown signal.
//!
//! Both `server` (the accept side) and `connection` (the session side) use
//! this module; neither imports the other's internals.

use std::net::IpAddr;
use std::sync::atomic::AtomicU32;
use std::sync::{Arc, Mutex, MutexGuard};

use ftpsim::admission::{AcceptPause, Gate, LoginCheck, Refusal, RefusalReason, Slots};
use ftpsim::session::SessionConfig;
use ftpsim::time::Instant;
use ftpsim::vfs::SharedTree;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::config::ServerConfig;
use crate::quirks::RefusalDraw;
use crate::stats::Summary;
use crate::wire::Pace;

/// What the accept loop and the sessions share, behind one lock: the gate,
/// the counters and the quirk's draws change together.
#[derive(Debug)]
pub(crate) struct State {
    pub gate: Gate,
    /// The preset's pause in accepting after a session ends, and the one
    /// under way.
    pub pause: AcceptPause,
    pub summary: Summary,
    pub draw: Option<RefusalDraw>,
    /// Refusal bytes by reason and limit, formatted once.
    pub refusals: Vec<(RefusalReason, u32, Arc<[u8]>)>,
}

impl State {
    /// The bytes the preset sends for `refusal` (empty for a silent close).
    pub(crate) fn refusal_bytes(&mut self, refusal: &Refusal) -> Arc<[u8]> {
        // A shutdown's text quotes its message, which may change: never
        // cached. Every other text depends on the reason and limit only.
        let cacheable = refusal.reason != RefusalReason::ShuttingDown;
        if cacheable
            && let Some((_, _, bytes)) = self
                .refusals
                .iter()
                .find(|(reason, limit, _)| *reason == refusal.reason && *limit == refusal.limit)
        {
            return Arc::clone(bytes);
        }
        let mut out = Vec::new();
        let _silent =
            !self
                .gate
                .preset()
                .write_refusal(refusal, self.gate.shutdown_message(), &mut out);
        let bytes: Arc<[u8]> = out.into();
        if cacheable {
            self.refusals
                .push((refusal.reason, refusal.limit, Arc::clone(&bytes)));
        }
        bytes
    }
}

/// Everything the tasks of one server share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub clock: Clock,
    pub config: ServerConfig,
    pub session_config: Arc<SessionConfig>,
    pub pace: Pace,
    pub quirk_refusal: Arc<[u8]>,
    pub shutdown: watch::Sender<bool>,
    /// The tree every session serves.
    pub files: Arc<SharedTree>,
    /// The next passive port to try, when the ports come from a range.
    pub pasv_cursor: AtomicU32,
}

impl Shared {
    /// The lock on the gate and counters. A panic while it was held (a bug)
    /// leaves the counts as they were at that moment; carrying on with them
    /// is better than taking every other connection down too.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}

/// The gate as a session sees it: each call takes the lock for just that
/// moment (a login, a release), so that commands, which never need the
/// gate, never wait for it.
#[derive(Debug)]
pub(crate) struct LockedGate<'a>(pub &'a Shared);

impl Slots for LockedGate<'_> {
    fn login(&mut self, peer: IpAddr, user: &str, now: Instant) -> LoginCheck {
        self.0.lock().gate.on_login(peer, user, now)
    }

    fn logout(&mut self, peer: IpAddr, user: &str, now: Instant) {
        self.0.lock().gate.logout(peer, user, now);
    }

    fn release(&mut self, peer: IpAddr, now: Instant) {
        let mut state = self.0.lock();
        state.gate.release(peer, now);
        state.pause.session_ended(now);
    }

    fn open_data_socket(&mut self) -> bool {
        self.0.lock().gate.open_data_socket()
    }

    fn close_data_socket(&mut self) {
        self.0.lock().gate.close_data_socket();
    }
}

/// Completes once shutdown has been asked for.
pub(crate) async fn stopped(signal: &mut watch::Receiver<bool>) {
    // The sender lives as long as the server's shared state, which every
    // task holds; an error cannot happen while anyone is listening.
    let _ = signal.wait_for(|stop| *stop).await;
}

pub(crate) async fn sleep_until_option(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
