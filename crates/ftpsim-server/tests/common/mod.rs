//! Helpers shared by the integration tests: an ftpsim server on its own
//! runtime thread, raw-socket clients bound to chosen loopback addresses,
//! and a way to run small Python clients.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::process::{Command, Output};

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ftpsim::admission::Preset;
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
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
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

pub fn connect(addr: SocketAddr) -> TcpStream {
    connect_from(LOCAL_1, addr)
}

/// Reads until the bytes received end with a complete reply (per RFC 959)
/// and returns them all.
pub fn read_reply(stream: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    let deadline = Instant::now() + STEP;
    loop {
        if let Ok(Some((_, end))) = ftpsim_server::loadgen::reply_end(&buf) {
            assert_eq!(end, buf.len(), "bytes after the reply: {buf:?}");
            return buf;
        }
        assert!(Instant::now() < deadline, "no complete reply: {buf:?}");
        let n = stream.read(&mut chunk).expect("read a reply");
        assert!(n > 0, "closed before a complete reply: {buf:?}");
        buf.extend_from_slice(&chunk[..n]);
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

/// Whether the tests run under CI, where every external tool must be there.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Runs an external client. When it is not installed: outside CI `None`
/// and a plain note on stderr (the caller skips), under CI a failure.
pub fn run_tool(program: &str, args: &[String]) -> Option<Output> {
    match Command::new(program).args(args).output() {
        Ok(output) => Some(output),
        Err(err) if under_ci() => panic!("{program} is required under CI: {err}"),
        Err(err) => {
            eprintln!("SKIPPED: {program} is not available ({err})");
            None
        }
    }
}

/// Runs a Python program with arguments (see [`run_tool`]).
pub fn python(program: &str, args: &[String]) -> Option<Output> {
    let mut all = vec!["-c".to_string(), program.to_string()];
    all.extend_from_slice(args);
    run_tool("python3", &all)
}

/// Runs a Python program against the server at `addr`, whose host and port
/// it gets as `sys.argv[1]` and `sys.argv[2]` (see [`run_tool`]).
pub fn python_against(addr: SocketAddr, program: &str) -> Option<Output> {
    python(program, &[addr.ip().to_string(), addr.port().to_string()])
}

/// [`python_against`] for a program that must exit with success: what it
/// printed.
pub fn python_stdout(addr: SocketAddr, program: &str) -> Option<String> {
    let output = python_against(addr, program)?;
    assert!(output.status.success(), "{}", text(&output.stderr));
    Some(text(&output.stdout))
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
