//! Arbitrary bytes, in arbitrary chunks, at arbitrary times: the session
//! never panics, its input buffer stays within `max_line`, everything it
//! sends is well-formed reply lines, it closes at most once and last, and
//! the gate gets every slot back.

use std::sync::Arc;

use core::net::{IpAddr, Ipv4Addr};
use core::time::Duration;

use ftpsim::admission::{Gate, Limits, Preset, Shutdown, Warmup};
use ftpsim::session::{Output, Session, SessionConfig};
use ftpsim::time::Instant;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Input(Vec<u8>),
    Wait(u64),
    Timeout,
}

const WORDS: &[&[u8]] = &[
    b"USER anonymous\r\n",
    b"USER bob\r\n",
    b"PASS right\r\n",
    b"PASS wrong\n",
    b"QUIT\r\n",
    b"NOOP\r\n",
    b"FEAT\r\n",
    b"TYPE I\r\n",
    b"LIST\r\n",
    b"\xFF\xFF",
    b"\xFF\xFD\x01",
    b"\xFF\xFA\x18",
    b"\xFF\xF0",
    b"\r",
    b"\n",
    b"\xC3\x28",
];

fn chunk() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 1..6)
            .prop_map(|words| words.concat()),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => chunk().prop_map(Op::Input),
        2 => (0u64..5_000).prop_map(Op::Wait),
        1 => Just(Op::Timeout),
    ]
}

/// Each `Send` is one or more complete reply lines: the first and last
/// carry a code; inner lines of an RFC-style multiline reply start with a
/// space, and Pure-FTPd's carry the code with a hyphen.
fn well_formed(bytes: &[u8]) -> Result<(), String> {
    let text = bytes;
    if !text.ends_with(b"\r\n") {
        return Err(format!(
            "no CRLF at the end: {:?}",
            String::from_utf8_lossy(text)
        ));
    }
    let body = &text[..text.len() - 2];
    let lines: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let line = if i + 1 < lines.len() {
            line.strip_suffix(b"\r").ok_or("bare LF inside a reply")?
        } else {
            line
        };
        let coded = line.len() >= 4
            && line[..3].iter().all(u8::is_ascii_digit)
            && matches!(line[3], b' ' | b'-');
        let first_or_last = i == 0 || i + 1 == lines.len();
        if first_or_last && !coded {
            return Err(format!(
                "line without a code: {:?}",
                String::from_utf8_lossy(line)
            ));
        }
        if !first_or_last && !coded && !line.starts_with(b" ") {
            return Err(format!(
                "bad inner line: {:?}",
                String::from_utf8_lossy(line)
            ));
        }
    }
    let last = lines[lines.len() - 1];
    if last[3] != b' ' {
        return Err("the last line must be `NNN text`".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 768, ..ProptestConfig::default() })]

    #[test]
    fn any_input_is_handled(
        preset in proptest::sample::select(Preset::ALL.to_vec()),
        max_line in 1usize..48,
        idle in proptest::option::of(1u64..10_000),
        warmup in proptest::option::of(0u64..5_000),
        shutdown in proptest::option::of((0u64..20_000, 0u64..20_000)),
        max_logged_in in proptest::option::of(0u32..2),
        attempts in 0u32..4,
        ops in proptest::collection::vec(op(), 0..40),
    ) {
        let limits = Limits {
            max_logged_in,
            warmup: warmup.map(|ms| Warmup { ready_at: Instant::from_millis(ms) }),
            shutdown: shutdown.map(|(a, b)| Shutdown {
                refuse_from: Instant::from_millis(a),
                disconnect_at: Instant::from_millis(b),
                message: "bye\r\nnow".into(),
            }),
            ..Limits::default()
        };
        let mut gate = Gate::new(limits, preset);
        let config = Arc::new(SessionConfig {
            max_line,
            idle_timeout: idle.map(Duration::from_millis),
            max_login_attempts: attempts,
            ..SessionConfig::default().with_user("bob", "right")
        });
        let peer = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let mut now = Instant::ZERO;
        let mut session = Session::connect(&mut gate, config, peer, now);
        let mut closed = false;
        let check = |session: &mut Session, closed: &mut bool| -> Result<(), TestCaseError> {
            while let Some(output) = session.poll_output() {
                prop_assert!(!*closed, "output after Close: {:?}", output);
                match output {
                    Output::Send(bytes) => {
                        prop_assert!(!bytes.is_empty());
                        if let Err(e) = well_formed(&bytes) {
                            prop_assert!(false, "{}", e);
                        }
                    }
                    Output::Close => *closed = true,
                    // These sessions serve no tree: no data channel.
                    other => panic!("unexpected {other:?}"),
                }
            }
            prop_assert_eq!(*closed, session.is_closed());
            prop_assert!(session.buffered() <= max_line);
            Ok(())
        };
        check(&mut session, &mut closed)?;
        for op in ops {
            match op {
                Op::Input(bytes) => session.handle_input(&mut gate, now, &bytes),
                Op::Wait(ms) => now += Duration::from_millis(ms),
                Op::Timeout => {
                    if let Some(due) = session.poll_timeout() {
                        now = now.max(due);
                        session.handle_timeout(&mut gate, now);
                    }
                }
            }
            check(&mut session, &mut closed)?;
            prop_assert!(gate.active() <= 1);
        }
        session.handle_peer_closed(&mut gate, now);
        check(&mut session, &mut closed)?;
        prop_assert!(closed);
        prop_assert_eq!(gate.active(), 0);
        prop_assert_eq!(gate.logged_in(), 0);
    }
}
