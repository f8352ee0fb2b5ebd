//! A wrong password against the real server and against ftpsim with its
//! preset, side by side: both hold the 530 at least as long as the preset
//! says, and a NOOP sent in the same segment as the PASS is answered on the
//! same side of the 530 (after it from Pure-FTPd, whose process sleeps;
//! before it from pyftpdlib, which answers the lines it had already read).
//!
//! Only lower bounds on time are asserted. The real server and ftpsim run
//! at the same time, so a test costs one delay, not two. Servers that are
//! not installed make their test ignored (failed under `CI=true`).

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::*;
use ftpsim::admission::Preset;
use ftpsim::reply::parser::{Config, ReplyDecoder};
use ftpsim_peers::servers::{PyftpdlibLimits, RealConfig, RealLimits, RealServer, StartError};
use ftpsim_peers::trials;

fn main() {
    ftpsim_peers::run(trials![
        pyftpdlib_answers_a_noop_before_the_held_530,
        pure_ftpd_answers_a_noop_after_the_held_530,
    ]);
}

/// Longer than any delay under test (Pure-FTPd's first is 3 s plus up to
/// 3 s of chance, plus its password check).
const PATIENCE: Duration = Duration::from_secs(20);

/// The replies that followed `PASS wrong` and a NOOP, in order, each with
/// how long after the PASS it arrived.
fn wrong_password(addr: SocketAddr, user: &str) -> Vec<(String, Duration)> {
    let mut stream = TcpStream::connect_timeout(&addr, PATIENCE).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut decoder = ReplyDecoder::new(Config::rfc());
    let mut next = |stream: &mut TcpStream| -> String {
        let mut buf = [0u8; 4096];
        loop {
            if let Some(reply) = decoder.next_reply() {
                return text(&reply.reply().to_bytes());
            }
            let n = stream.read(&mut buf).expect("a reply in time");
            assert!(n > 0, "closed before a reply");
            decoder.feed(&buf[..n]).expect("a well-formed reply");
        }
    };
    next(&mut stream);
    stream
        .write_all(format!("USER {user}\r\n").as_bytes())
        .unwrap();
    let user_ok = next(&mut stream);
    assert!(user_ok.starts_with("331 "), "{user_ok}");
    let sent = Instant::now();
    stream.write_all(b"PASS wrong\r\nNOOP\r\n").unwrap();
    (0..2)
        .map(|_| {
            let reply = next(&mut stream);
            (reply, sent.elapsed())
        })
        .collect()
}

/// Runs the same wrong password against `real` and ftpsim with `preset` at
/// once; checks that the replies match and that the 530 waited at least
/// the preset's delay on both sides.
fn compare(real: Result<RealServer, StartError>, preset: Preset) -> Result<(), Skip> {
    let real = match real {
        Ok(server) => server,
        Err(StartError::Missing(missing)) => return Err(Skip::from(missing)),
        Err(other) => panic!("{other}"),
    };
    let ftpsim = TestServer::start(config(preset));
    let (real_addr, ftpsim_addr) = (real.addr(), ftpsim.addr);
    let real_side = std::thread::spawn(move || wrong_password(real_addr, "nosuchuser"));
    let ours = wrong_password(ftpsim_addr, "nosuchuser");
    let theirs = real_side.join().expect("the real server's side");
    let texts = |replies: &[(String, Duration)]| -> Vec<String> {
        replies.iter().map(|(reply, _)| reply.clone()).collect()
    };
    assert_eq!(texts(&ours), texts(&theirs), "{preset}");
    let delay = preset.default_failed_login_delay().before_reply(1);
    assert!(
        delay >= Duration::from_secs(1),
        "{preset} has a delay to test"
    );
    for (side, replies) in [("ftpsim", &ours), ("real", &theirs)] {
        let (_, waited) = replies
            .iter()
            .find(|(reply, _)| reply.starts_with("530 "))
            .unwrap_or_else(|| panic!("{side}: no 530 in {replies:?}"));
        assert!(
            *waited >= delay,
            "{side} {preset}: the 530 after {waited:?}"
        );
    }
    Ok(())
}

fn pyftpdlib_answers_a_noop_before_the_held_530() -> Result<(), Skip> {
    let real = RealServer::launch(RealConfig::Pyftpdlib(PyftpdlibLimits::default()));
    compare(real, Preset::Pyftpdlib)
}

fn pure_ftpd_answers_a_noop_after_the_held_530() -> Result<(), Skip> {
    let limits = RealLimits {
        max_clients: 5,
        max_per_ip: 5,
        idle_timeout_secs: None,
    };
    let real = RealServer::launch(RealConfig::PureFtpd(limits));
    compare(real, Preset::PureFtpd)
}
