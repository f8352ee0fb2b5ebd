//! One `Session` driven over a real socket by a plain blocking loop: the
//! whole contract of the sans-IO session in a few lines. After every call
//! that takes `now`, drain the session (its replies with `write_replies`
//! into one reused buffer, then each other output of `poll_output`: close
//! when told), then wait for input no longer than `poll_timeout`.
//!
//! The example is its own client, on loopback, so it ends by itself:
//! `cargo run -p ftpsim --example session_over_tcp`

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant as WallClock};

use ftpsim::admission::{Gate, Preset, ServerSpec};
use ftpsim::session::{Output, Session, SessionConfig};
use ftpsim::time::Instant;

/// Sends what the session queued; true once it asked to close. Replies go
/// through `wire`, one buffer reused for the whole connection, so that no
/// reply costs an allocation.
fn drain(
    session: &mut Session,
    stream: &mut TcpStream,
    wire: &mut Vec<u8>,
) -> std::io::Result<bool> {
    loop {
        wire.clear();
        if session.write_replies(wire) > 0 {
            stream.write_all(wire)?;
        }
        match session.poll_output() {
            None => return Ok(false),
            Some(Output::Close) => return Ok(true),
            // Taken by write_replies above; here only if it was skipped.
            Some(Output::Send(bytes)) => stream.write_all(&bytes)?,
            // Data-channel requests: this session serves no files.
            Some(_) => {}
        }
    }
}

fn serve_one(listener: &TcpListener) -> std::io::Result<()> {
    let spec = ServerSpec {
        idle_timeout: Some(5.0),
        ..ServerSpec::preset(Preset::Vsftpd)
    };
    let mut gate = Gate::from_spec(&spec);
    let config = Arc::new(SessionConfig::from_spec(&spec));
    let started = WallClock::now();
    let now = || Instant::from_nanos(started.elapsed().as_nanos() as u64);

    let (mut stream, peer) = listener.accept()?;
    let mut session = Session::connect(&mut gate, config, peer.ip(), now());
    let mut buf = [0u8; 4096];
    let mut wire = Vec::with_capacity(4096);
    loop {
        if drain(&mut session, &mut stream, &mut wire)? {
            break;
        }
        // Wait for the client, but no longer than the session's next timer.
        let wait = session.poll_timeout().map(|at| {
            at.saturating_duration_since(now())
                .max(Duration::from_millis(1))
        });
        stream.set_read_timeout(wait)?;
        match stream.read(&mut buf) {
            Ok(0) => session.handle_peer_closed(&mut gate, now()),
            Ok(n) => session.handle_input(&mut gate, now(), &buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                session.handle_timeout(&mut gate, now());
            }
            Err(_) => session.handle_peer_closed(&mut gate, now()),
        }
    }
    stream.shutdown(Shutdown::Both)?;
    // The session released its slot (and its login) when it closed.
    assert_eq!((gate.active(), gate.logged_in()), (0, 0));
    Ok(())
}

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let client = thread::spawn(move || -> std::io::Result<String> {
        let mut stream = TcpStream::connect(addr)?;
        stream.write_all(b"USER anonymous\r\nPASS guest@example.org\r\nSYST\r\nQUIT\r\n")?;
        let mut seen = String::new();
        stream.read_to_string(&mut seen)?;
        Ok(seen)
    });
    serve_one(&listener)?;
    let seen = client.join().expect("client thread")?;
    print!("{seen}");
    assert_eq!(
        seen,
        "220 (vsFTPd 3.0.3)\r\n331 Please specify the password.\r\n230 Login successful.\r\n\
         215 UNIX Type: L8\r\n221 Goodbye.\r\n"
    );
    Ok(())
}
