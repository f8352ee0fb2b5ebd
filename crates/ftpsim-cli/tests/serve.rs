//! `ftpsim serve` as a process: it prints where it listens, logs one line
//! per connection (never a password), shuts down gracefully on SIGTERM and
//! SIGINT or at a set time with a summary and exit status 0, and rejects
//! bad configuration with exit status 2.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const STEP: Duration = Duration::from_secs(10);

struct Serve {
    child: Child,
    addr: SocketAddr,
}

impl Serve {
    fn start(args: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
            .arg("serve")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ftpsim serve");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .expect("read the first line");
        let addr = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .parse()
            .expect("an address");
        Serve { child, addr }
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits for the exit; returns the status code, stdout (after the first
    /// line) and stderr.
    fn finish(mut self) -> (Option<i32>, String, String) {
        let mut stdout = String::new();
        let mut stderr = String::new();
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = self.child.wait().unwrap();
        (status.code(), stdout, stderr)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, STEP).unwrap();
    stream.set_read_timeout(Some(STEP)).unwrap();
    stream
}

fn read_line(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    while !bytes.ends_with(b"\r\n") {
        assert_eq!(
            stream.read(&mut byte).unwrap(),
            1,
            "closed early: {bytes:?}"
        );
        bytes.push(byte[0]);
    }
    String::from_utf8(bytes).unwrap()
}

fn read_to_close(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn serves_logs_without_passwords_and_stops_on_sigterm() {
    let serve = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "vsftpd",
        "--max-clients",
        "1",
        "--user",
        "alice:s3cret-pw",
    ]);
    let mut session = connect(serve.addr);
    assert_eq!(read_line(&mut session), "220 (vsFTPd 3.0.3)\r\n");
    session.write_all(b"USER alice\r\n").unwrap();
    assert_eq!(
        read_line(&mut session),
        "331 Please specify the password.\r\n"
    );
    session.write_all(b"PASS s3cret-pw\r\n").unwrap();
    assert_eq!(read_line(&mut session), "230 Login successful.\r\n");

    let mut refused = connect(serve.addr);
    assert_eq!(
        read_to_close(&mut refused),
        "421 There are too many connected users, please try later.\r\n"
    );

    serve.signal("TERM");
    assert_eq!(
        read_to_close(&mut session),
        "421 Service not available.\r\n"
    );
    let (code, stdout, stderr) = serve.finish();
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert_eq!(
        stdout,
        "summary: accepted 1, refused 1 (too_many_clients: 1), peak 1, ended by shutdown 1\n"
    );
    assert!(
        stderr.contains("outcome=\"refused\" reason=\"too_many_clients\""),
        "{stderr}"
    );
    assert!(stderr.contains("outcome=\"shut_down\""), "{stderr}");
    assert!(
        !stderr.contains("s3cret"),
        "a password was logged:\n{stderr}"
    );
}

#[test]
fn json_logs_and_summary_on_sigint() {
    let serve = Serve::start(&["--listen", "127.0.0.1:0", "--log", "json"]);
    let mut session = connect(serve.addr);
    assert_eq!(
        read_line(&mut session),
        "220 Service ready for new user.\r\n"
    );
    serve.signal("INT");
    assert_eq!(
        read_to_close(&mut session),
        "421 Service not available, closing control connection.\r\n"
    );
    let (code, stdout, stderr) = serve.finish();
    assert_eq!(code, Some(0), "stderr: {stderr}");
    let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(summary["accepted"], 1);
    assert_eq!(summary["peak"], 1);
    assert_eq!(summary["ended_by_shutdown"], 1);
    let events: Vec<serde_json::Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["outcome"] == "welcomed" && e["message"] == "connection"),
        "{stderr}"
    );
}

#[test]
fn stops_by_itself_at_the_configured_time() {
    let serve = Serve::start(&["--listen", "127.0.0.1:0", "--shutdown-after", "0.2"]);
    let (code, stdout, _) = serve.finish();
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "summary: accepted 0, refused 0, peak 0\n");
}

#[test]
fn bad_configuration_exits_2_with_the_place() {
    let dir = std::env::temp_dir().join(format!("ftpsim-serve-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("serve.toml");
    std::fs::write(&file, "listen = \"127.0.0.1:0\"\nmax_clients = \"many\"\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
        .args(["serve", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("serve.toml:2:"), "{stderr}");

    for args in [
        &["serve"][..],
        &["serve", "--listen", "127.0.0.1:0", "--refuse-fraction", "2"][..],
        &["serve", "--listen", "127.0.0.1:0", "--user", "nopassword"][..],
        &["serve", "--listen", "127.0.0.1:0", "--preset", "wu-ftpd"][..],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("ftpsim: error: "), "{args:?}: {stderr}");
    }
}

#[test]
fn a_stderr_that_nobody_reads_never_stalls_admission() {
    // One log line per refused connection: a pipe holds some 64 KiB, so
    // about six hundred lines fill it, and nothing here ever reads it. The
    // server queues 8,192 lines beyond that: more connections than both
    // make it drop some.
    const CONNECTIONS: usize = 10_000;
    let serve = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "pure-ftpd",
        "--max-clients",
        "1",
    ]);
    let mut holder = connect(serve.addr);
    assert!(read_line(&mut holder).starts_with("220"));
    for n in 0..CONNECTIONS {
        let mut refused = connect(serve.addr);
        let reply = read_to_close(&mut refused);
        assert_eq!(
            reply, "421 1 users (the maximum) are already logged in, sorry\r\n",
            "connection {n} of {CONNECTIONS}"
        );
    }
    serve.signal("TERM");
    let mut child = serve;
    let mut stdout = String::new();
    child
        .child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stdout}");
    let dropped: u64 = stdout
        .split(", log lines dropped ")
        .nth(1)
        .and_then(|rest| rest.trim().parse().ok())
        .unwrap_or_else(|| panic!("the summary counts dropped log lines: {stdout:?}"));
    assert!(
        stdout.starts_with(&format!(
            "summary: accepted 1, refused {CONNECTIONS} (too_many_clients: {CONNECTIONS})"
        )),
        "{stdout}"
    );
    // The pipe really was full: lines were dropped rather than waited for.
    assert!(dropped > 0 && dropped < CONNECTIONS as u64 + 2, "{stdout}");
}

/// One reply, all its lines: up to the line with a space after the code.
fn read_reply(stream: &mut TcpStream) -> String {
    let mut reply = String::new();
    loop {
        let line = read_line(stream);
        reply.push_str(&line);
        if line.as_bytes().get(3) == Some(&b' ') {
            return reply;
        }
    }
}

/// The first reply of a new connection, whole (it may close right after).
fn first_reply(addr: SocketAddr) -> String {
    let mut stream = connect(addr);
    read_reply(&mut stream)
}

#[test]
fn every_server_setting_has_a_flag() {
    let rate = Serve::start(&["--listen", "127.0.0.1:0", "--rate", "1/60"]);
    assert_eq!(
        first_reply(rate.addr),
        "220 Service ready for new user.\r\n"
    );
    assert_eq!(
        first_reply(rate.addr),
        "421 Service not available, closing control connection.\r\n"
    );

    let warmup = Serve::start(&["--listen", "127.0.0.1:0", "--warmup", "90"]);
    assert_eq!(
        first_reply(warmup.addr),
        "120 Service ready in 2 minutes.\r\n"
    );

    let shutdown = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "proftpd",
        "--shutdown-at",
        "0,30:disk upgrade",
    ]);
    assert_eq!(
        first_reply(shutdown.addr),
        "500 FTP server shut down (disk upgrade) -- please try again later\r\n"
    );

    let logins = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "proftpd",
        "--max-logged-in",
        "1",
        "--max-per-user",
        "0",
        "--user",
        "alice:pw",
    ]);
    let log_in = |addr| {
        let mut stream = connect(addr);
        read_reply(&mut stream);
        stream.write_all(b"USER alice\r\nPASS pw\r\n").unwrap();
        read_reply(&mut stream);
        (read_reply(&mut stream), stream)
    };
    let (first, _held) = log_in(logins.addr);
    assert_eq!(first, "230 User alice logged in\r\n");
    let (second, _) = log_in(logins.addr);
    assert_eq!(
        second,
        "530 Sorry, the maximum number of allowed clients (1) are already connected.\r\n"
    );

    let per_user = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "pure-ftpd",
        "--max-per-user",
        "1",
        "--user",
        "alice:pw",
    ]);
    let (first, _held) = log_in(per_user.addr);
    assert_eq!(first, "230 OK. Current directory is /\r\n");
    let (second, _) = log_in(per_user.addr);
    assert_eq!(
        second,
        "421 I can't accept more than 1 connections as the same user\r\n"
    );
}

#[test]
fn help_teaches_the_server_settings() {
    let output = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "--scenario",
        "--max-logged-in",
        "--max-per-user",
        "--rate <MAX/WINDOW>",
        "--warmup",
        "--failed-login-delay",
        "--accept-pause",
        "--shutdown-at",
        "0 means unlimited",
        "the preset's own default",
    ] {
        assert!(help.contains(needle), "{needle:?} missing from:\n{help}");
    }
}

/// The milliseconds from connect to the greeting's end.
fn greeting_ms(addr: SocketAddr) -> (TcpStream, f64) {
    let started = std::time::Instant::now();
    let mut stream = connect(addr);
    let greeting = read_reply(&mut stream);
    assert!(greeting.starts_with("220 "), "{greeting}");
    (stream, started.elapsed().as_secs_f64() * 1e3)
}

/// The greeting delay of a connection made 50 ms after a session said
/// QUIT and was closed.
fn greeting_after_a_quit(addr: SocketAddr) -> f64 {
    let (mut first, _) = greeting_ms(addr);
    first.write_all(b"QUIT\r\n").unwrap();
    read_reply(&mut first);
    drop(first);
    std::thread::sleep(Duration::from_millis(50));
    greeting_ms(addr).1
}

#[test]
fn proftpds_preset_pauses_after_a_session_unless_told_not_to() {
    // A pause set by the flag, longer than ProFTPD's 0.41 s so that a busy
    // machine's delays cannot pass for it.
    let paused = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "proftpd",
        "--anonymous",
        "--accept-pause",
        "1.5",
    ]);
    let waited = greeting_after_a_quit(paused.addr);
    assert!(waited >= 1000.0, "{waited} ms");
    let unpaused = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "proftpd",
        "--anonymous",
        "--accept-pause",
        "0",
    ]);
    let waited = greeting_after_a_quit(unpaused.addr);
    assert!(waited < 1000.0, "{waited} ms");
}

/// Logs in as `user` with a wrong password followed by `behind`, and
/// returns how long the 530 took, with the connection to read on.
fn fail_login(addr: SocketAddr, user: &str, behind: &str) -> (Duration, TcpStream) {
    let mut stream = connect(addr);
    read_reply(&mut stream);
    stream
        .write_all(format!("USER {user}\r\n").as_bytes())
        .unwrap();
    read_reply(&mut stream);
    let sent = std::time::Instant::now();
    stream
        .write_all(format!("PASS wrong\r\n{behind}").as_bytes())
        .unwrap();
    let refusal = read_reply(&mut stream);
    let waited = sent.elapsed();
    assert!(refusal.starts_with("530 "), "{refusal}");
    (waited, stream)
}

#[test]
fn a_wrong_password_is_answered_after_the_presets_delay() {
    // vsftpd's own second (delay_failed_login), read from the preset.
    let vsftpd = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "vsftpd",
        "--user",
        "alice:pw",
    ]);
    let (waited, mut stream) = fail_login(vsftpd.addr, "alice", "NOOP\r\n");
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    // The NOOP was read only after the 530, as vsftpd reads it.
    assert_eq!(
        read_reply(&mut stream),
        "530 Please login with USER and PASS.\r\n"
    );

    // pyftpdlib's three seconds, shortened by the flag; the next login
    // works at once.
    let hurried = Serve::start(&[
        "--listen",
        "127.0.0.1:0",
        "--preset",
        "pyftpdlib",
        "--user",
        "alice:pw",
        "--failed-login-delay",
        "0.3",
    ]);
    let (waited, mut stream) = fail_login(hurried.addr, "alice", "");
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    stream.write_all(b"USER alice\r\nPASS pw\r\n").unwrap();
    assert_eq!(
        read_reply(&mut stream),
        "331 Username ok, send password.\r\n"
    );
    assert_eq!(read_reply(&mut stream), "230 Login successful.\r\n");
}
