//! Helpers shared by the integration tests: an ftpsim server on its own
//! runtime thread, raw-socket clients bound to chosen loopback addresses
//! that read replies with the core's parser, and real clients (curl,
//! Python's ftplib) from the peers harness.
//!
//! A test that needs a real client returns `Result<(), Skip>` and asks for
//! it with `?` ([`require_peer`], [`run_peer`], [`ftplib`],
//! [`ftplib_stdout`]); its file runs under libtest-mimic (`harness = false`
//! and `fn main() { ftpsim_peers::run(trials![...]) }`), which reports a
//! missing peer as ignored with the reason, and as a failure under
//! `CI=true`.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output};

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ftpsim::admission::Preset;
use ftpsim::reply::parser::Config;
use ftpsim_client::reply_reader::ReplyReader;
pub use ftpsim_peers::{Peer, Skip};
use ftpsim_server::{Server, ServerConfig, ServerHandle, Summary};
use socket2::{Domain, SockAddr, Socket, Type};

/// How long any single client step may take before the test fails instead
/// of hanging.
pub const STEP: Duration = Duration::from_secs(5);

pub const LOCAL_1: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
pub const LOCAL_2: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
pub const LOCAL_3: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3));

/// An ftpsim server running on a runtime of its own, shut down (gracefully)
/// when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    pub handle: ServerHandle,
    thread: Option<JoinHandle<Summary>>,
}

impl TestServer {
    pub fn start(config: ServerConfig) -> TestServer {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let server = Server::bind(config).await.expect("bind");
                tx.send((server.local_addr(), server.handle()))
                    .expect("test alive");
                tokio::spawn(server.run()).await.expect("server task")
            })
        });
        let (addr, handle) = rx.recv_timeout(STEP).expect("server started");
        TestServer {
            addr,
            handle,
            thread: Some(thread),
        }
    }

    /// Shuts down and returns the server's summary.
    pub fn stop(mut self) -> Summary {
        self.handle.shutdown();
        self.thread
            .take()
            .expect("running")
            .join()
            .expect("server thread")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.handle.shutdown();
            let _ = thread.join();
        }
    }
}

/// A config for `preset` on a free loopback port.
pub fn config(preset: Preset) -> ServerConfig {
    ServerConfig::new("127.0.0.1:0".parse().unwrap(), preset)
}

/// Connects to `addr` from the loopback address `source`.
pub fn connect_from(source: IpAddr, addr: SocketAddr) -> TcpStream {
    open(source, addr, None)
}

pub fn connect(addr: SocketAddr) -> TcpStream {
    connect_from(LOCAL_1, addr)
}

/// Connects with a receive buffer of a few KiB, fixed before the handshake
/// so the kernel cannot grow it: a client that stops reading then holds
/// the server's writes within kilobytes instead of the tens of megabytes
/// loopback would buffer for it.
pub fn connect_with_small_receive_buffer(addr: SocketAddr) -> TcpStream {
    open(LOCAL_1, addr, Some(4096))
}

fn open(source: IpAddr, addr: SocketAddr, receive_buffer: Option<usize>) -> TcpStream {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    if let Some(bytes) = receive_buffer {
        socket.set_recv_buffer_size(bytes).expect("receive buffer");
    }
    socket
        .bind(&SockAddr::from(SocketAddr::new(source, 0)))
        .expect("bind client address");
    socket
        .connect_timeout(&SockAddr::from(addr), STEP)
        .expect("connect");
    let stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(STEP)).unwrap();
    stream.set_write_timeout(Some(STEP)).unwrap();
    stream
}

/// Reads one complete reply (RFC 959, with the core's parser) and returns
/// its bytes; fails the test on anything else, or on bytes after it.
pub fn read_reply(stream: &mut TcpStream) -> Vec<u8> {
    read_reply_counting_reads(stream).0
}

/// [`read_reply`], with the number of reads it took.
pub fn read_reply_counting_reads(stream: &mut TcpStream) -> (Vec<u8>, usize) {
    let deadline = Instant::now() + STEP;
    let mut reader = ReplyReader::new(Config::rfc());
    let mut reads = 0;
    loop {
        if let Some(reply) = reader.next_reply() {
            assert!(
                reader.pending().is_empty(),
                "bytes after the reply {:?}: {:?}",
                text(reply.wire()),
                text(reader.pending())
            );
            return (reply.into_wire(), reads);
        }
        assert!(
            Instant::now() < deadline,
            "no complete reply: {:?}",
            text(reader.pending())
        );
        match reader.fill_from(stream) {
            Ok(0) => panic!(
                "closed before a complete reply: {:?}",
                text(reader.pending())
            ),
            Ok(_) => reads += 1,
            Err(err) => panic!("{err}"),
        }
    }
}

/// Reads everything until the server closes.
pub fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).expect("read until close");
    buf
}

/// Sends one command line and reads its reply.
pub fn command(stream: &mut TcpStream, line: &str) -> Vec<u8> {
    stream
        .write_all(format!("{line}\r\n").as_bytes())
        .expect("send a command");
    read_reply(stream)
}

/// Waits until `check` holds, polling; fails the test after `STEP`.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + STEP;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Where the peer named `program` (curl, python3, vsftpd, ...) is, or why
/// the test cannot run here.
pub fn require_peer(program: &str) -> Result<PathBuf, Skip> {
    let peer = Peer::from_program(program)
        .unwrap_or_else(|| panic!("{program:?} is no peer ftpsim_peers::Peer knows"));
    ftpsim_peers::require(peer)
}

/// Runs a real client with arguments and waits for it; a skip when it is
/// missing.
pub fn run_peer(program: &str, args: &[String]) -> Result<Output, Skip> {
    let path = require_peer(program)?;
    Ok(Command::new(path)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{program} was found but cannot start: {err}")))
}

/// Runs a Python program that uses ftplib against the server at `addr`,
/// whose host and port it gets as `sys.argv[1]` and `sys.argv[2]`.
pub fn ftplib(addr: SocketAddr, program: &str) -> Result<Output, Skip> {
    run_peer(
        "python3",
        &[
            "-c".to_string(),
            program.to_string(),
            addr.ip().to_string(),
            addr.port().to_string(),
        ],
    )
}

/// [`ftplib`] for a program that must exit with success: what it printed.
pub fn ftplib_stdout(addr: SocketAddr, program: &str) -> Result<String, Skip> {
    let output = ftplib(addr, program)?;
    assert!(output.status.success(), "{}", text(&output.stderr));
    Ok(text(&output.stdout))
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
