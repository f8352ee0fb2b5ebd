//! What is simulated is what is served: one scenario file, run through the
//! core's `Simulation` and served by `ftpsim serve --scenario`, with the
//! same connections at the same moments, gives every connection the same
//! first reply.
//!
//! The scenario's arrivals are explicit times, so both sides see the same
//! sequence. The simulation records the transcript of every connection
//! (there are fewer than its 32 of each kind), which says when each
//! arrived, from which address, what it was first sent and when its
//! session ended. The test then replays exactly that against the real
//! server on loopback, in real time from the moment the server said it was
//! listening: each simulated address 10.0.0.N becomes the source address
//! 127.0.0.N, each client logs in once greeted, holds its session and says
//! QUIT when its simulated session ended. Arrivals and departures are at
//! least 0.2 s apart, far more than the scheduling jitter of loopback, so
//! the order of events cannot differ between the two.
//!
//! The scenario exercises, under each preset: a warm-up (120, then 220), the
//! global limit, the per-address limit, pyftpdlib's counting of its
//! listener, and a shutdown window that refuses new connections.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use ftpsim::admission::Preset;
use ftpsim::reply::parser::{Config, ReplyDecoder};
use ftpsim::sim::report::{SampledSession, Side};
use ftpsim::sim::{Scenario, Simulation};
use socket2::{Domain, SockAddr, Socket, Type};

/// Any step of one client: far longer than the scenario itself.
const STEP: Duration = Duration::from_secs(10);

/// The scenario, with `PRESET` and `MAX_CLIENTS` to fill in. Arrivals every
/// 0.4 s from 0.2 s; sessions of exactly 1.0 s, so that they end 0.2 s away
/// from any arrival.
const SCENARIO: &str = r#"
name = "served as simulated"
duration = 5.0
seed = 11

[server]
preset = "PRESET"
max_clients = MAX_CLIENTS
max_per_ip = 1
warmup = 0.3
# ProFTPD's pause after each session end (0.41 s) would put some
# decisions 10 ms from a departure; drive_real.rs checks it with the
# server and the simulation both pausing.
accept_pause = 0
shutdown = { refuse_from = 4.1, disconnect_at = 4.9, message = "served as simulated" }

[clients]
ips = 3

[arrivals]
kind = "explicit"
times = [0.2, 0.6, 1.0, 1.4, 1.8, 2.2, 2.6, 3.0, 3.4, 3.8, 4.2, 4.6]

[session]
kind = "constant"
seconds = 1.0

[report]
transcripts_greeted = 32
transcripts_refused = 32
"#;

struct Serve {
    child: Child,
    addr: SocketAddr,
    /// When the server said it listens: its clock started a moment before.
    origin: Instant,
}

impl Serve {
    fn start(scenario: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
            .args(["serve", "--listen", "127.0.0.1:0", "--anonymous"])
            .args(["--log-level", "off", "--scenario"])
            .arg(scenario)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ftpsim serve");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().expect("piped"))
            .read_line(&mut line)
            .expect("read the first line");
        let origin = Instant::now();
        let addr = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .parse()
            .expect("an address");
        Serve {
            child,
            addr,
            origin,
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One simulated connection: when, from where, what came first, and when
/// its client said QUIT (none for a refused one).
#[derive(Debug)]
struct Connection {
    attempt: u64,
    at: f64,
    source: IpAddr,
    first_reply: Vec<u8>,
    greeted: bool,
    quit_at: Option<f64>,
}

fn loopback_for(simulated: &str) -> IpAddr {
    let ip: Ipv4Addr = simulated.parse().expect("an IPv4 client address");
    let [_, b, c, d] = ip.octets();
    IpAddr::V4(Ipv4Addr::new(127, b, c, d))
}

/// The first reply in `bytes`, exactly as sent (empty when there is none).
fn first_reply(bytes: &[u8]) -> Vec<u8> {
    let mut decoder = ReplyDecoder::new(Config::default());
    // An error after the first reply does not concern it.
    let _ = decoder.feed(bytes);
    match decoder.next_reply() {
        Some(reply) => bytes[..usize::try_from(reply.end()).unwrap()].to_vec(),
        None => Vec::new(),
    }
}

fn connections(transcripts: &[SampledSession]) -> Vec<Connection> {
    let mut out: Vec<Connection> = transcripts
        .iter()
        .map(|t| {
            let server: Vec<u8> = t
                .lines
                .iter()
                .filter(|l| l.from == Side::Server)
                .flat_map(|l| l.text.bytes())
                .collect();
            Connection {
                attempt: t.attempt,
                at: t.at,
                source: loopback_for(&t.client_ip),
                first_reply: first_reply(&server),
                greeted: t.outcome == "greeted",
                quit_at: t
                    .lines
                    .iter()
                    .find(|l| l.from == Side::Client && l.text.starts_with("QUIT"))
                    .map(|l| l.at),
            }
        })
        .collect();
    out.sort_by_key(|c| c.attempt);
    out
}

fn connect_from(source: IpAddr, addr: SocketAddr) -> TcpStream {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    socket
        .bind(&SockAddr::from(SocketAddr::new(source, 0)))
        .expect("bind the loopback source address");
    socket
        .connect_timeout(&SockAddr::from(addr), STEP)
        .expect("connect");
    let stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(STEP)).expect("timeout");
    stream
}

/// Reads until a whole reply has arrived (or the server closed); returns it.
fn read_reply(stream: &mut TcpStream) -> Vec<u8> {
    let mut decoder = ReplyDecoder::new(Config::default());
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        if let Some(reply) = decoder.next_reply() {
            seen.truncate(usize::try_from(reply.end()).unwrap());
            return seen;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return Vec::new(),
            Ok(n) => {
                seen.extend_from_slice(&buf[..n]);
                if decoder.feed(&buf[..n]).is_err() {
                    return seen;
                }
            }
        }
    }
}

fn sleep_until(origin: Instant, seconds: f64) {
    let due = origin + Duration::from_secs_f64(seconds);
    if let Some(wait) = due.checked_duration_since(Instant::now()) {
        thread::sleep(wait);
    }
}

/// Plays one simulated connection against the server; returns its first
/// reply.
fn play(connection: &Connection, addr: SocketAddr, origin: Instant) -> Vec<u8> {
    sleep_until(origin, connection.at);
    let mut stream = connect_from(connection.source, addr);
    let first = read_reply(&mut stream);
    if !connection.greeted {
        return first;
    }
    if first.starts_with(b"120") {
        let greeting = read_reply(&mut stream);
        assert!(greeting.starts_with(b"220"), "{greeting:?}");
    }
    for line in ["USER anonymous\r\n", "PASS guest@example.org\r\n"] {
        stream.write_all(line.as_bytes()).expect("send");
        let reply = read_reply(&mut stream);
        if reply.starts_with(b"230") {
            break;
        }
    }
    if let Some(quit_at) = connection.quit_at {
        sleep_until(origin, quit_at);
        let _ = stream.write_all(b"QUIT\r\n");
        let _ = read_reply(&mut stream);
    } else {
        // Ended by the shutdown: the server closes it.
        let _ = read_reply(&mut stream);
    }
    first
}

fn check_preset(preset: Preset, max_clients: u32) {
    let text = SCENARIO
        .replace("PRESET", preset.name())
        .replace("MAX_CLIENTS", &max_clients.to_string());
    let scenario: Scenario = toml::from_str(&text).expect("the scenario parses");
    let report = Simulation::run(&scenario).expect("the scenario simulates");
    let expected = connections(&report.transcripts);
    assert_eq!(
        expected.len() as u64,
        report.attempts,
        "{preset}: every connection has its transcript"
    );
    assert!(
        expected.iter().any(|c| !c.greeted) && expected.iter().any(|c| c.greeted),
        "{preset}: the scenario both greets and refuses"
    );

    let dir = std::env::temp_dir().join(format!(
        "ftpsim-served-as-simulated-{}-{}",
        preset.name(),
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("scenario.toml");
    std::fs::write(&path, &text).expect("write the scenario");
    let serve = Serve::start(&path);
    let (addr, origin) = (serve.addr, serve.origin);
    let handles: Vec<_> = expected
        .iter()
        .map(|connection| {
            let connection = Connection {
                first_reply: Vec::new(),
                ..*connection
            };
            thread::spawn(move || {
                let got = play(&connection, addr, origin);
                (connection.attempt, got)
            })
        })
        .collect();
    for (handle, want) in handles.into_iter().zip(&expected) {
        let (attempt, got) = handle.join().expect("a client thread");
        assert_eq!(attempt, want.attempt);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want.first_reply),
            "{preset}: attempt {attempt} at {} s from {}",
            want.at,
            want.source
        );
    }
    drop(serve);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_connection_gets_the_simulated_first_reply() {
    // pyftpdlib's max_cons counts its listener: 3 admits two clients.
    let cases = [
        (Preset::Vsftpd, 2),
        (Preset::Proftpd, 2),
        (Preset::Pyftpdlib, 3),
        (Preset::Rfc, 2),
    ];
    let runs: Vec<_> = cases
        .into_iter()
        .map(|(preset, max)| thread::spawn(move || check_preset(preset, max)))
        .collect();
    for run in runs {
        run.join().expect("each preset agrees with its simulation");
    }
}
