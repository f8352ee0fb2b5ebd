//! One welcomed control connection, driven by a task.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use ftpsim::admission::Welcome;
use ftpsim::time::Instant;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

use crate::quirks;
use crate::server::{Shared, State};
use crate::wire;

/// What the accept loop hands to the session task.
#[derive(Debug)]
pub(crate) struct SessionContext {
    ip: IpAddr,
    greeting: Vec<u8>,
    preliminary: Option<Vec<u8>>,
    released: bool,
}

/// Prepares a welcomed connection, under the lock the accept loop holds.
pub(crate) fn welcome(
    shared: &Shared,
    state: &mut State,
    ip: IpAddr,
    welcome: Welcome,
    now: Instant,
) -> SessionContext {
    let mut greeting = Vec::new();
    state
        .gate
        .write_greeting(&welcome, &shared.banner, now, &mut greeting);
    let quirks = &shared.config.quirks;
    if quirks.reframes_greeting() {
        greeting = quirks::reframe(&greeting, quirks.digit_lines, quirks.bare_close);
    }
    let preliminary = quirks
        .greet_delay()
        .map(|delay| state.gate.warmup_reply(now, now + delay).to_bytes());
    SessionContext {
        ip,
        greeting,
        preliminary,
        released: false,
    }
}

/// Releases the slot of a connection that could not be driven.
pub(crate) fn abandon(shared: &Shared, mut context: SessionContext) {
    release(shared, &mut context);
}

fn release(shared: &Shared, context: &mut SessionContext) {
    if context.released {
        return;
    }
    context.released = true;
    let now = shared.clock.now();
    let mut state = shared.lock();
    state.gate.on_disconnect(context.ip, now);
    state.summary.session_closed();
}

/// Drives a welcomed connection until it ends.
pub(crate) async fn run(
    shared: Arc<Shared>,
    mut stream: TcpStream,
    peer: SocketAddr,
    mut context: SessionContext,
) {
    let pace = shared.pace;
    if pace.bytewise {
        let _ = stream.set_nodelay(true);
    }
    let mut shutdown = shared.shutdown_signal();
    let mut ok = true;
    if let Some(preliminary) = context.preliminary.take() {
        ok = wire::write_reply(&mut stream, &preliminary, pace)
            .await
            .is_ok();
        if let Some(delay) = shared.config.quirks.greet_delay() {
            tokio::time::sleep(delay).await;
        }
    }
    if ok {
        ok = wire::write_reply(&mut stream, &context.greeting, pace)
            .await
            .is_ok();
    }
    let mut buf = [0u8; 4096];
    if ok {
        loop {
            // The loop ends only by `break`.
            tokio::select! {
                () = crate::server::stopped(&mut shutdown) => {
                    let reply = shared.lock().gate.shutdown_reply(false);
                    if let Some(reply) = reply {
                        let _ = wire::write_reply(&mut stream, &reply.to_bytes(), pace).await;
                    }
                    shared.lock().summary.ended_by_shutdown += 1;
                    break;
                }
                read = stream.read(&mut buf) => match read {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        }
    }
    release(&shared, &mut context);
    tracing::info!(%peer, outcome = "closed", "connection");
}
