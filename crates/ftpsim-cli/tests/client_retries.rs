//! The client profiles' retry rules against the real clients: each client
//! is pointed at `ftpsim serve` whose per-address limit is already full,
//! and the moments at which it reconnects (read from the server's JSON log)
//! are compared with the delays its profile in `ftpsim::clients` predicts:
//! within 10 % (or 25 ms, for rclone's first few milliseconds: below what a
//! process start, a loopback connection and a log line resolve on a busy
//! machine), or the profile is wrong. The tests run one at a time, so that
//! no other client's processes share the cores while delays are measured.
//! Each client is tried with its defaults and with one setting users change.
//!
//! The clients come from Debian (`.ci/run` and `cargo xtask test` install
//! them); a missing one is reported as ignored with the reason, and fails
//! under `CI=true`.

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use ftpsim::clients::{self, Delays, Jitter, RefusalForm, RetryRule};
use ftpsim_peers::{Peer, Skip, require, trials};

/// How long any one client may take, far beyond what its rule needs.
const BOUND: Duration = Duration::from_secs(40);

/// `ftpsim serve` imitating Pure-FTPd with one connection allowed per
/// address, and that one connection held: every connection the client
/// makes from 127.0.0.1 gets `421 Too many connections (1) from this IP`.
struct FullServer {
    child: Child,
    addr: SocketAddr,
    refusals: mpsc::Receiver<f64>,
    _holder: TcpStream,
}

impl FullServer {
    fn start() -> FullServer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
            .args(["serve", "--listen", "127.0.0.1:0", "--preset", "pure-ftpd"])
            .args(["--max-per-ip", "1", "--anonymous", "--log", "json"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ftpsim serve");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().expect("piped"))
            .read_line(&mut line)
            .expect("the first line");
        let addr: SocketAddr = line
            .trim_end()
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        // Refusals, as the server's clock saw them (seconds of the day).
        let (tx, refusals) = mpsc::channel();
        let stderr = child.stderr.take().expect("piped");
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("\"outcome\":\"refused\"")
                    && let Some(at) = seconds_of_day(&line)
                {
                    let _ = tx.send(at);
                }
            }
        });
        let mut holder = TcpStream::connect(addr).expect("the holder connects");
        holder
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let mut greeting = [0u8; 512];
        let n = holder.read(&mut greeting).expect("the holder's greeting");
        assert!(greeting[..n].starts_with(b"220"), "{:?}", &greeting[..n]);
        FullServer {
            child,
            addr,
            refusals,
            _holder: holder,
        }
    }

    /// The moments of the next `count` refusals, waiting at most `within`.
    fn refusals(&self, count: usize, within: Duration) -> Vec<f64> {
        let deadline = Instant::now() + within;
        let mut seen = Vec::new();
        while seen.len() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.refusals.recv_timeout(left) {
                Ok(at) => seen.push(at),
                Err(_) => break,
            }
        }
        seen
    }
}

impl Drop for FullServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `"timestamp":"2026-12-01T17:50:12.123456Z"` as seconds since midnight.
fn seconds_of_day(line: &str) -> Option<f64> {
    let start = line.find("\"timestamp\":\"")? + "\"timestamp\":\"".len();
    let stamp = &line[start..];
    let time = stamp.get(11..stamp.find('Z')?)?;
    let mut parts = time.split(':');
    let hours: f64 = parts.next()?.parse().ok()?;
    let minutes: f64 = parts.next()?.parse().ok()?;
    let seconds: f64 = parts.next()?.parse().ok()?;
    Some(hours * 3600.0 + minutes * 60.0 + seconds)
}

/// A client process, killed (by its PID) if it outlives the test.
struct Client(Child);

impl Client {
    fn start(program: &Path, args: &[&str]) -> Client {
        Client(
            Command::new(program)
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display())),
        )
    }

    /// The exit status, waiting at most `within`.
    fn exit_code(&mut self, within: Duration) -> Option<i32> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.0.try_wait() {
                return status.code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The delays between consecutive refusals.
fn gaps(moments: &[f64]) -> Vec<f64> {
    moments.windows(2).map(|w| w[1] - w[0]).collect()
}

/// What `rule` says the client waits after each of its first `count`
/// refusals.
fn modelled(rule: &RetryRule, count: usize) -> Vec<f64> {
    (1..=count as u32)
        .map_while(|attempt| rule.nominal_delay(attempt))
        .collect()
}

fn assert_close(client: &str, measured: &[f64], model: &[f64]) {
    assert_eq!(
        measured.len(),
        model.len(),
        "{client}: measured {measured:?}, modelled {model:?}"
    );
    for (got, want) in measured.iter().zip(model) {
        let slack = (want * 0.10).max(0.025);
        assert!(
            (got - want).abs() <= slack,
            "{client}: measured {measured:?}, modelled {model:?}"
        );
    }
    eprintln!("{client}: measured {measured:.3?} s, modelled {model:?} s");
}

/// The profile's rule for a 421 in place of the greeting.
fn rule_of(profile: &str) -> RetryRule {
    *clients::find(profile)
        .unwrap_or_else(|| panic!("no profile {profile}"))
        .behaviour
        .rule(RefusalForm::Transient)
}

fn url(server: &FullServer) -> String {
    format!("ftp://{}/", server.addr)
}

fn curl_gives_up_at_the_first_421() -> Result<(), Skip> {
    let curl = require(Peer::Curl)?;
    let server = FullServer::start();
    let mut client = Client::start(&curl, &["-s", "-m", "30", &url(&server)]);
    // curl turns any 421 into "timeout": exit 28.
    assert_eq!(client.exit_code(BOUND), Some(28));
    assert!(!rule_of("curl").retries());
    let seen = server.refusals(2, Duration::from_millis(500));
    assert_eq!(seen.len(), 1, "one attempt, no retry");
    Ok(())
}

fn curl_with_retry_waits_one_two_four_seconds() -> Result<(), Skip> {
    let curl = require(Peer::Curl)?;
    let server = FullServer::start();
    let mut client = Client::start(&curl, &["-s", "--retry", "3", &url(&server)]);
    // docs/cmdline-opts/retry.md: one second first, doubling.
    let rule = RetryRule {
        delays: Delays::Growing {
            first: 1.0,
            factor: 2.0,
            max: 600.0,
        },
        jitter: Jitter::None,
        max_attempts: Some(4),
    };
    let seen = server.refusals(4, BOUND);
    assert_eq!(client.exit_code(BOUND), Some(28));
    assert_close("curl --retry 3", &gaps(&seen), &modelled(&rule, 4));
    Ok(())
}

fn wget_waits_one_second_more_each_time() -> Result<(), Skip> {
    let wget = require(Peer::Wget)?;
    let server = FullServer::start();
    // Its default of 20 tries would take minutes: five are enough to see
    // the rule, then the client is stopped.
    let _client = Client::start(&wget, &["-q", "-O", "/dev/null", &url(&server)]);
    let seen = server.refusals(5, BOUND);
    assert_close("wget", &gaps(&seen), &modelled(&rule_of("wget"), 4));
    Ok(())
}

fn wget_waitretry_caps_the_wait() -> Result<(), Skip> {
    let wget = require(Peer::Wget)?;
    let server = FullServer::start();
    let mut client = Client::start(
        &wget,
        &[
            "-q",
            "-O",
            "/dev/null",
            "--tries",
            "4",
            "--waitretry",
            "2",
            &url(&server),
        ],
    );
    let rule = RetryRule {
        delays: match rule_of("wget").delays {
            Delays::Linear { first, step, .. } => Delays::Linear {
                first,
                step,
                max: 2.0,
            },
            other => panic!("wget's rule is linear, not {other:?}"),
        },
        max_attempts: Some(4),
        ..rule_of("wget")
    };
    let seen = server.refusals(4, BOUND);
    // wget's exit status for a server error after its last try.
    assert_eq!(client.exit_code(BOUND), Some(4));
    assert_close(
        "wget --tries 4 --waitretry 2",
        &gaps(&seen),
        &modelled(&rule, 4),
    );
    Ok(())
}

fn lftp_reconnects_after_fifteen_seconds() -> Result<(), Skip> {
    let lftp = require(Peer::Lftp)?;
    let server = FullServer::start();
    let script = format!("open {}; ls", url(&server));
    let _client = Client::start(&lftp, &["-c", &script]);
    let seen = server.refusals(2, BOUND);
    assert_close("lftp", &gaps(&seen), &modelled(&rule_of("lftp"), 1));
    Ok(())
}

fn lftp_reconnect_interval_grows_in_whole_seconds() -> Result<(), Skip> {
    let lftp = require(Peer::Lftp)?;
    let server = FullServer::start();
    let script = format!(
        "set net:reconnect-interval-base 2; set net:max-retries 4; open {}; ls",
        url(&server)
    );
    let mut client = Client::start(&lftp, &["-c", &script]);
    let rule = RetryRule {
        delays: match rule_of("lftp").delays {
            Delays::GrowingWholeSeconds { factor, max, .. } => Delays::GrowingWholeSeconds {
                first: 2.0,
                factor,
                max,
            },
            other => panic!("lftp's rule grows in whole seconds, not {other:?}"),
        },
        max_attempts: Some(4),
        ..rule_of("lftp")
    };
    let seen = server.refusals(4, BOUND);
    assert_close(
        "lftp net:reconnect-interval-base 2",
        &gaps(&seen),
        &modelled(&rule, 4),
    );
    // "max-retries exceeded": exit 1.
    assert_eq!(client.exit_code(BOUND), Some(1));
    Ok(())
}

fn rclone_args(server: &FullServer, obscured: &str) -> Vec<String> {
    vec![
        "lsd".into(),
        ":ftp:".into(),
        "--ftp-host".into(),
        "127.0.0.1".into(),
        "--ftp-port".into(),
        server.addr.port().to_string(),
        "--ftp-user".into(),
        "anonymous".into(),
        "--ftp-pass".into(),
        obscured.into(),
    ]
}

/// rclone takes passwords obscured by itself.
fn obscured(rclone: &Path) -> String {
    let out = Command::new(rclone)
        .args(["obscure", "guest"])
        .output()
        .expect("rclone obscure");
    String::from_utf8(out.stdout)
        .expect("text")
        .trim()
        .to_string()
}

fn rclone_doubles_from_ten_milliseconds() -> Result<(), Skip> {
    let rclone = require(Peer::Rclone)?;
    let server = FullServer::start();
    let pass = obscured(&rclone);
    let args = rclone_args(&server, &pass);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut client = Client::start(&rclone, &args);
    let seen = server.refusals(10, BOUND);
    let rule = rule_of("rclone");
    assert_close("rclone", &gaps(&seen), &modelled(&rule, 10));
    let span = seen.last().unwrap() - seen.first().unwrap();
    let total: f64 = modelled(&rule, 10).iter().sum();
    assert!((span - total).abs() <= total * 0.10, "{span} vs {total}");
    assert_eq!(client.exit_code(BOUND), Some(1));
    Ok(())
}

fn rclone_low_level_retries_set_the_tries() -> Result<(), Skip> {
    let rclone = require(Peer::Rclone)?;
    let server = FullServer::start();
    let pass = obscured(&rclone);
    let mut args = rclone_args(&server, &pass);
    args.extend(["--low-level-retries".into(), "3".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut client = Client::start(&rclone, &args);
    assert_eq!(client.exit_code(BOUND), Some(1));
    let rule = RetryRule {
        max_attempts: Some(3),
        ..rule_of("rclone")
    };
    let seen = server.refusals(4, Duration::from_millis(500));
    assert_close(
        "rclone --low-level-retries 3",
        &gaps(&seen),
        &modelled(&rule, 3),
    );
    Ok(())
}

fn ftplib_raises_at_the_first_421() -> Result<(), Skip> {
    let python = require(Peer::Python3)?;
    let server = FullServer::start();
    let program = format!(
        "import ftplib\ntry:\n    ftplib.FTP().connect('127.0.0.1', {})\nexcept ftplib.error_temp as e:\n    raise SystemExit(str(e)[:3] == '421' and 7 or 1)\n",
        server.addr.port()
    );
    let mut client = Client::start(&python, &["-c", &program]);
    assert_eq!(client.exit_code(BOUND), Some(7), "error_temp with the 421");
    assert!(!rule_of("ftplib").retries());
    assert_eq!(server.refusals(2, Duration::from_millis(500)).len(), 1);
    Ok(())
}

fn main() {
    let mut args = libtest_mimic::Arguments::from_args();
    args.test_threads.get_or_insert(1);
    let trials = trials![
        curl_gives_up_at_the_first_421,
        curl_with_retry_waits_one_two_four_seconds,
        wget_waits_one_second_more_each_time,
        wget_waitretry_caps_the_wait,
        lftp_reconnects_after_fifteen_seconds,
        lftp_reconnect_interval_grows_in_whole_seconds,
        rclone_doubles_from_ten_milliseconds,
        rclone_low_level_retries_set_the_tries,
        ftplib_raises_at_the_first_421,
    ];
    libtest_mimic::run(&args, trials).exit();
}
