//! The delay before a wrong password's 530, preset by preset.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};
use core::time::Duration;

use super::{Outcome, Output, Session, SessionConfig};
use crate::admission::{FailedLoginDelay, Gate, Preset, ServerSpec};
use crate::time::Instant;

fn ms(millis: u64) -> Instant {
    Instant::from_millis(millis)
}

/// A session of `spec`'s server with the account bob/right, greeted at 0.
fn session(spec: &ServerSpec) -> (Gate, Session) {
    let mut gate = Gate::from_spec(spec);
    let config = Arc::new(SessionConfig::from_spec(spec).with_user("bob", "right"));
    let peer = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut session = Session::connect(&mut gate, config, peer, Instant::ZERO);
    let greeting = sent(&mut session);
    assert!(greeting.starts_with("220"), "{greeting}");
    (gate, session)
}

/// Every reply queued, as text; a close as `(close)`.
fn sent(session: &mut Session) -> String {
    let mut text = String::new();
    while let Some(output) = session.poll_output() {
        match output {
            Output::Send(bytes) => text.push_str(&String::from_utf8_lossy(&bytes)),
            Output::Close => text.push_str("(close)"),
            other => panic!("unexpected {other:?}"),
        }
    }
    text
}

#[test]
fn vsftpd_holds_the_530_for_a_second_and_reads_nothing_meanwhile() {
    let (mut gate, mut s) = session(&ServerSpec::preset(Preset::Vsftpd));
    s.handle_input(&mut gate, ms(100), b"USER bob\r\n");
    assert_eq!(sent(&mut s), "331 Please specify the password.\r\n");
    s.handle_input(&mut gate, ms(200), b"PASS wrong\r\nNOOP\r\n");
    assert_eq!(sent(&mut s), "");
    assert!(s.is_delaying_login());
    assert_eq!(s.poll_timeout(), Some(ms(1_200)));
    // What comes during the wait waits too, QUIT included.
    s.handle_input(&mut gate, ms(700), b"QUIT\r\n");
    s.handle_timeout(&mut gate, ms(1_199));
    assert_eq!(sent(&mut s), "");
    s.handle_timeout(&mut gate, ms(1_200));
    assert_eq!(
        sent(&mut s),
        "530 Login incorrect.\r\n530 Please login with USER and PASS.\r\n221 Goodbye.\r\n(close)"
    );
    assert_eq!(s.outcome(), Some(Outcome::Quit));
    assert_eq!(gate.active(), 0);
}

#[test]
fn pure_ftpd_waits_three_seconds_more_after_each_failure() {
    let (mut gate, mut s) = session(&ServerSpec::preset(Preset::PureFtpd));
    let mut now = 0;
    for failures in 1..=3u64 {
        s.handle_input(&mut gate, ms(now), b"USER bob\r\nPASS wrong\r\n");
        assert_eq!(sent(&mut s), "331 User bob OK. Password required\r\n");
        let due = now + 3_000 * failures;
        assert_eq!(s.poll_timeout(), Some(ms(due)), "failure {failures}");
        s.handle_timeout(&mut gate, ms(due));
        assert_eq!(sent(&mut s), "530 Login authentication failed\r\n");
        now = due;
    }
    assert_eq!(s.failed_logins(), 3);
}

#[test]
fn pyftpdlib_answers_what_it_had_read_before_the_530_and_the_rest_after() {
    let (mut gate, mut s) = session(&ServerSpec::preset(Preset::Pyftpdlib));
    s.handle_input(&mut gate, ms(0), b"USER bob\r\n");
    sent(&mut s);
    // The NOOP came with the PASS: answered at once, as measured. A new
    // USER waits for the first login's answer.
    s.handle_input(&mut gate, ms(10), b"PASS wrong\r\nNOOP\r\nUSER bob\r\n");
    assert_eq!(sent(&mut s), "200 I successfully did nothing'.\r\n");
    // Read later: waits behind the 530.
    s.handle_input(&mut gate, ms(500), b"SYST\r\n");
    assert_eq!(sent(&mut s), "");
    assert_eq!(s.poll_timeout(), Some(ms(3_010)));
    s.handle_timeout(&mut gate, ms(3_010));
    assert_eq!(
        sent(&mut s),
        "530 Authentication failed.\r\n331 Username ok, send password.\r\n215 UNIX Type: L8\r\n"
    );
    assert!(!s.is_delaying_login());
}

#[test]
fn the_last_allowed_failure_is_held_too_then_the_session_closes() {
    let spec = ServerSpec {
        max_login_attempts: Some(2),
        ..ServerSpec::preset(Preset::Vsftpd)
    };
    let (mut gate, mut s) = session(&spec);
    s.handle_input(
        &mut gate,
        ms(0),
        b"USER bob\r\nPASS a\r\nUSER bob\r\nPASS b\r\n",
    );
    assert_eq!(sent(&mut s), "331 Please specify the password.\r\n");
    s.handle_timeout(&mut gate, ms(1_000));
    // The queued USER and PASS are read after the first 530, and the
    // second wrong password waits its own second.
    assert_eq!(
        sent(&mut s),
        "530 Login incorrect.\r\n331 Please specify the password.\r\n"
    );
    assert_eq!(s.poll_timeout(), Some(ms(2_000)));
    assert_eq!(gate.active(), 1);
    s.handle_timeout(&mut gate, ms(2_000));
    assert_eq!(sent(&mut s), "530 Login incorrect.\r\n(close)");
    assert_eq!(s.outcome(), Some(Outcome::TooManyLoginFailures));
    assert_eq!(gate.active(), 0);
    assert_eq!(s.poll_timeout(), None);
}

#[test]
fn the_idle_timeout_does_not_run_while_the_server_holds_a_530() {
    let spec = ServerSpec {
        idle_timeout: Some(0.5),
        failed_login_delay: Some(2.0),
        ..ServerSpec::preset(Preset::Vsftpd)
    };
    let (mut gate, mut s) = session(&spec);
    s.handle_input(&mut gate, ms(100), b"USER bob\r\nPASS wrong\r\n");
    sent(&mut s);
    assert_eq!(s.poll_timeout(), Some(ms(2_100)));
    s.handle_timeout(&mut gate, ms(2_100));
    assert_eq!(sent(&mut s), "530 Login incorrect.\r\n");
    // The idle time counts from the 530.
    assert_eq!(s.poll_timeout(), Some(ms(2_600)));
    s.handle_timeout(&mut gate, ms(2_600));
    assert_eq!(sent(&mut s), "421 Timeout.\r\n(close)");
}

#[test]
fn a_client_that_leaves_during_the_wait_gets_no_530_and_frees_its_slot() {
    let (mut gate, mut s) = session(&ServerSpec::preset(Preset::Pyftpdlib));
    s.handle_input(&mut gate, ms(0), b"USER bob\r\nPASS wrong\r\n");
    sent(&mut s);
    s.handle_peer_closed(&mut gate, ms(1_000));
    assert_eq!(sent(&mut s), "(close)");
    assert_eq!(s.outcome(), Some(Outcome::PeerClosed));
    assert_eq!(gate.active(), 0);
    assert_eq!(s.poll_timeout(), None);
    assert!(!s.is_delaying_login());
}

#[test]
fn a_right_password_or_a_zero_override_is_answered_at_once() {
    let (mut gate, mut s) = session(&ServerSpec::preset(Preset::Pyftpdlib));
    s.handle_input(&mut gate, ms(0), b"USER bob\r\nPASS right\r\n");
    assert!(sent(&mut s).ends_with("230 Login successful.\r\n"));
    let spec = ServerSpec {
        failed_login_delay: Some(0.0),
        ..ServerSpec::preset(Preset::Pyftpdlib)
    };
    let (mut gate, mut s) = session(&spec);
    s.handle_input(&mut gate, ms(0), b"USER bob\r\nPASS wrong\r\n");
    assert!(sent(&mut s).ends_with("530 Authentication failed.\r\n"));
    assert!(!s.is_delaying_login());
}

#[test]
fn every_preset_names_its_delay() {
    let after = |preset: Preset, failures| {
        preset
            .default_failed_login_delay()
            .before_reply(failures)
            .as_secs()
    };
    let seen: Vec<_> = Preset::ALL
        .iter()
        .map(|&p| (after(p, 1), after(p, 2)))
        .collect();
    // RFC, vsftpd, Pure-FTPd, ProFTPD, pyftpdlib.
    assert_eq!(seen, [(0, 0), (1, 1), (3, 6), (0, 0), (3, 3)]);
    assert_eq!(
        FailedLoginDelay {
            fixed: Duration::MAX,
            per_failure: Duration::from_secs(1),
        }
        .before_reply(2),
        Duration::MAX
    );
}
