//! Byte-exact transcripts of sessions under each preset, driven by a
//! scripted client on a virtual clock, and the gate's slots after every way
//! a session can end.

use std::sync::Arc;

use core::net::{IpAddr, Ipv4Addr};
use core::time::Duration;

use ftpsim::admission::{Banner, Gate, Limits, Preset, RefusalReason, Shutdown, Warmup};
use ftpsim::session::{
    Outcome, Output, Phase, Session, SessionConfig, Step, Transcript, run_script,
};
use ftpsim::time::Instant;

fn ip(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
}

fn secs(s: u64) -> Instant {
    Instant::from_millis(s * 1000)
}

fn login_quit(user: &str, pass: &str) -> Vec<Step> {
    vec![
        Step::line(secs(1), &format!("USER {user}")),
        Step::line(secs(2), &format!("PASS {pass}")),
        Step::line(secs(3), "QUIT"),
    ]
}

/// The same command lines, all sent at `at`.
fn lines_at(at: Instant, lines: &[&str]) -> Vec<Step> {
    lines.iter().map(|line| Step::line(at, line)).collect()
}

/// Runs `steps` for one client (127.0.0.1) connecting at 0 s, until `until`.
fn run_first_client(
    gate: &mut Gate,
    config: SessionConfig,
    steps: &[Step],
    until: Instant,
) -> Transcript {
    let config = Arc::new(config.for_gate(gate));
    run_script(gate, config, ip(1), secs(0), steps, until)
}

/// Runs `steps` on a fresh gate and returns what the server sent.
fn server_bytes(preset: Preset, limits: Limits, config: SessionConfig, steps: &[Step]) -> String {
    let mut gate = Gate::new(limits, preset);
    let transcript = run_first_client(&mut gate, config, steps, secs(100));
    assert_eq!(
        gate.active(),
        0,
        "{preset}: slot not released\n{transcript}"
    );
    assert_eq!(
        gate.logged_in(),
        0,
        "{preset}: login slot not released\n{transcript}"
    );
    transcript.server_text()
}

#[test]
fn anonymous_login_and_quit_per_preset() {
    let expected = [
        (
            Preset::Rfc,
            "220 Service ready for new user.\r\n\
             331 User name okay, need password.\r\n\
             230 User logged in, proceed.\r\n\
             221 Service closing control connection.\r\n",
        ),
        (
            Preset::Vsftpd,
            "220 (vsFTPd 3.0.3)\r\n\
             331 Please specify the password.\r\n\
             230 Login successful.\r\n\
             221 Goodbye.\r\n",
        ),
        (
            Preset::Proftpd,
            "220 ProFTPD Server (ProFTPD) [127.0.0.1]\r\n\
             331 Anonymous login ok, send your complete email address as your password\r\n\
             230 Anonymous access granted, restrictions apply\r\n\
             221 Goodbye.\r\n",
        ),
        (
            Preset::Pyftpdlib,
            "220 pyftpdlib 2.2.0 ready.\r\n\
             331 Username ok, send password.\r\n\
             230 Login successful.\r\n\
             221 Goodbye.\r\n",
        ),
    ];
    for (preset, wire) in expected {
        let got = server_bytes(
            preset,
            Limits::default(),
            SessionConfig::default(),
            &login_quit("anonymous", "guest@example.org"),
        );
        assert_eq!(got, wire, "{preset}");
    }
}

#[test]
fn pure_ftpd_logs_anonymous_in_at_user_and_says_goodbye_on_two_lines() {
    let config = SessionConfig {
        idle_timeout: Some(Duration::from_secs(15 * 60)),
        banner: Banner {
            clock_at_origin: Duration::from_secs(15 * 3600 + 15 * 60),
            server_port: 2121,
            ..Banner::default()
        },
        ..SessionConfig::default()
    };
    let limits = Limits {
        max_clients: Some(2),
        ..Limits::default()
    };
    let got = server_bytes(
        Preset::PureFtpd,
        limits,
        config,
        &login_quit("anonymous", "x"),
    );
    assert_eq!(
        got,
        "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n\
         220-You are user number 1 of 2 allowed.\r\n\
         220-Local time is now 15:15. Server port: 2121.\r\n\
         220-Only anonymous FTP is allowed here\r\n\
         220 You will be disconnected after 15 minutes of inactivity.\r\n\
         230 Anonymous user logged in\r\n\
         230 Any password will work\r\n\
         221-Goodbye. You uploaded 0 and downloaded 0 kbytes.\r\n\
         221 Logout.\r\n"
    );
}

#[test]
fn named_users_and_wrong_passwords() {
    let config = SessionConfig {
        anonymous: false,
        ..SessionConfig::default()
    }
    .with_user("alice", "s3cret");
    // Right password.
    let got = server_bytes(
        Preset::Proftpd,
        Limits::default(),
        config.clone(),
        &login_quit("alice", "s3cret"),
    );
    assert_eq!(
        got,
        "220 ProFTPD Server (ProFTPD) [127.0.0.1]\r\n\
         331 Password required for alice\r\n\
         230 User alice logged in\r\n\
         221 Goodbye.\r\n"
    );
    // Three wrong passwords: vsftpd answers the third and hangs up.
    let mut steps = Vec::new();
    for i in 0..4 {
        steps.push(Step::line(secs(1 + 2 * i), "USER alice"));
        steps.push(Step::line(secs(2 + 2 * i), "PASS nope"));
    }
    let mut gate = Gate::new(Limits::default(), Preset::Vsftpd);
    let transcript = run_first_client(&mut gate, config.clone(), &steps, secs(60));
    assert_eq!(
        transcript.server_text(),
        "220 (vsFTPd 3.0.3)\r\n\
         331 Please specify the password.\r\n530 Login incorrect.\r\n\
         331 Please specify the password.\r\n530 Login incorrect.\r\n\
         331 Please specify the password.\r\n530 Login incorrect.\r\n"
    );
    assert_eq!(transcript.outcome, Some(Outcome::TooManyLoginFailures));
    assert_eq!(gate.active(), 0);
    // pyftpdlib says so on the last one.
    let mut gate = Gate::new(Limits::default(), Preset::Pyftpdlib);
    let transcript = run_first_client(&mut gate, config, &steps, secs(60));
    assert!(
        transcript
            .server_text()
            .ends_with("530 Authentication failed.\r\n331 Username ok, send password.\r\n530 Maximum login attempts. Disconnecting.\r\n"),
        "{transcript}"
    );
}

#[test]
fn sequence_errors_and_commands_before_login() {
    let steps = lines_at(
        secs(1),
        &["PASS x", "SYST", "PWD", "LIST", "FOO bar", "QUIT"],
    );
    let cases = [
        (
            Preset::Rfc,
            "503 Bad sequence of commands.\r\n215 UNIX Type: L8\r\n530 Not logged in.\r\n\
             530 Not logged in.\r\n500 Syntax error, command unrecognized.\r\n",
        ),
        // vsftpd answers nothing but USER, PASS, QUIT and FEAT before login.
        (
            Preset::Vsftpd,
            "503 Login with USER first.\r\n530 Please login with USER and PASS.\r\n\
             530 Please login with USER and PASS.\r\n530 Please login with USER and PASS.\r\n\
             530 Please login with USER and PASS.\r\n",
        ),
        (
            Preset::PureFtpd,
            "530 Please tell me who you are\r\n215 UNIX Type: L8\r\n530 You aren't logged in\r\n\
             530 You aren't logged in\r\n500 Unknown command\r\n",
        ),
        (
            Preset::Proftpd,
            "503 Login with USER first\r\n215 UNIX Type: L8\r\n\
             530 Please login with USER and PASS\r\n530 Please login with USER and PASS\r\n\
             500 FOO not understood\r\n",
        ),
        (
            Preset::Pyftpdlib,
            "503 Login with USER first.\r\n215 UNIX Type: L8\r\n\
             530 Log in with USER and PASS first.\r\n530 Log in with USER and PASS first.\r\n\
             500 Command \"FOO\" not understood.\r\n",
        ),
    ];
    for (preset, middle) in cases {
        let mut gate = Gate::new(Limits::default(), preset);
        let transcript = run_first_client(&mut gate, SessionConfig::default(), &steps, secs(10));
        let text = transcript.server_text();
        let after_greeting = &text[text.find(middle.lines().next().unwrap()).unwrap_or(0)..];
        assert!(
            after_greeting.starts_with(middle),
            "{preset}:\n{transcript}"
        );
        assert_eq!(transcript.outcome, Some(Outcome::Quit));
    }
}

#[test]
fn housekeeping_after_login() {
    let mut steps = lines_at(secs(1), &["user anonymous", "pass x"]);
    // A bare LF line end, which the session accepts too.
    steps.push(Step::Send(secs(1), b"syst\n".to_vec()));
    steps.extend(lines_at(
        secs(1),
        &[
            "FEAT",
            "OPTS UTF8 ON",
            "TYPE I",
            "TYPE A",
            "TYPE E",
            "PWD",
            "NOOP",
            "EPSV",
            "RETR /etc/passwd",
            "CWD /",
            "HELP",
            "USER bob",
        ],
    ));
    let got = server_bytes(
        Preset::Vsftpd,
        Limits::default(),
        SessionConfig::default(),
        &steps,
    );
    assert_eq!(
        got,
        "220 (vsFTPd 3.0.3)\r\n\
         331 Please specify the password.\r\n\
         230 Login successful.\r\n\
         215 UNIX Type: L8\r\n\
         211-Features:\r\n UTF8\r\n211 End\r\n\
         200 Always in UTF8 mode.\r\n\
         200 Switching to Binary mode.\r\n\
         200 Switching to ASCII mode.\r\n\
         500 Unrecognised TYPE command.\r\n\
         257 \"/\" is the current directory\r\n\
         200 NOOP ok.\r\n\
         502 Command not implemented.\r\n\
         425 Use PORT or PASV first.\r\n\
         502 Command not implemented.\r\n\
         214-The following commands are recognized.\r\n \
         USER PASS QUIT NOOP SYST FEAT HELP OPTS TYPE PWD\r\n214 Help OK.\r\n\
         503 Bad sequence of commands.\r\n"
    );
}

#[test]
fn refusals_through_the_session() {
    let limits = Limits {
        max_clients: Some(1),
        ..Limits::default()
    };
    for (preset, wire) in [
        (
            Preset::Vsftpd,
            &b"421 There are too many connected users, please try later.\r\n"[..],
        ),
        (Preset::Proftpd, b""),
    ] {
        let mut gate = Gate::new(limits.clone(), preset);
        let config = Arc::new(SessionConfig::default().for_gate(&gate));
        let mut first = Session::connect(&mut gate, config.clone(), ip(1), secs(0));
        while first.poll_output().is_some() {}
        let mut second = Session::connect(&mut gate, config.clone(), ip(2), secs(0));
        let mut outputs = Vec::new();
        while let Some(output) = second.poll_output() {
            outputs.push(output);
        }
        let mut expected = Vec::new();
        if !wire.is_empty() {
            expected.push(Output::Send(wire.to_vec()));
        }
        expected.push(Output::Close);
        assert_eq!(outputs, expected, "{preset}");
        assert_eq!(
            second.outcome(),
            Some(Outcome::Refused(RefusalReason::TooManyClients))
        );
        // The refused session held nothing: the first still counts.
        second.handle_peer_closed(&mut gate, secs(1));
        assert_eq!(gate.active(), 1);
        first.handle_peer_closed(&mut gate, secs(1));
        assert_eq!(gate.active(), 0);
    }
}

#[test]
fn proftpd_max_clients_refuses_after_pass() {
    let limits = Limits {
        max_logged_in: Some(1),
        ..Limits::default()
    };
    let mut gate = Gate::new(limits, Preset::Proftpd);
    let config = Arc::new(
        SessionConfig::default()
            .with_user("alice", "pw")
            .for_gate(&gate),
    );
    let mut first = Session::connect(&mut gate, config.clone(), ip(1), secs(0));
    first.handle_input(&mut gate, secs(1), b"USER alice\r\nPASS pw\r\n");
    assert!(first.is_logged_in());
    let transcript = run_script(
        &mut gate,
        config,
        ip(2),
        secs(2),
        &login_quit("alice", "pw"),
        secs(10),
    );
    assert_eq!(
        transcript.server_text(),
        "220 ProFTPD Server (ProFTPD) [127.0.0.1]\r\n\
         331 Password required for alice\r\n\
         530 Sorry, the maximum number of allowed clients (1) are already connected.\r\n"
    );
    assert_eq!(
        transcript.outcome,
        Some(Outcome::LoginRefused(RefusalReason::TooManyLoggedIn))
    );
    assert_eq!((gate.active(), gate.logged_in()), (1, 1));
    first.handle_peer_closed(&mut gate, secs(20));
    assert_eq!((gate.active(), gate.logged_in()), (0, 0));
}

#[test]
fn idle_timeouts_per_preset() {
    let expected = [
        (
            Preset::Rfc,
            "421 Service not available, closing control connection.\r\n",
        ),
        (Preset::Vsftpd, "421 Timeout.\r\n"),
        (
            Preset::PureFtpd,
            "421 Timeout - try typing a little faster next time\r\n",
        ),
        (
            Preset::Proftpd,
            "421 Idle timeout (2 seconds): closing control connection\r\n",
        ),
        (Preset::Pyftpdlib, "421 Control connection timed out.\r\n"),
    ];
    for (preset, wire) in expected {
        let mut gate = Gate::new(Limits::default(), preset);
        let config = Arc::new(
            SessionConfig {
                idle_timeout: Some(Duration::from_secs(2)),
                ..SessionConfig::default()
            }
            .for_gate(&gate),
        );
        let mut session = Session::connect(&mut gate, config, ip(1), secs(0));
        while session.poll_output().is_some() {}
        assert_eq!(session.poll_timeout(), Some(secs(2)));
        // A command resets the idle clock.
        session.handle_input(&mut gate, secs(1), b"NOOP\r\n");
        while session.poll_output().is_some() {}
        assert_eq!(session.poll_timeout(), Some(secs(3)));
        // Early: nothing happens.
        session.handle_timeout(&mut gate, Instant::from_millis(2_999));
        assert_eq!(session.poll_output(), None);
        session.handle_timeout(&mut gate, secs(3));
        assert_eq!(
            session.poll_output(),
            Some(Output::Send(wire.as_bytes().to_vec())),
            "{preset}"
        );
        assert_eq!(session.poll_output(), Some(Output::Close));
        assert_eq!(session.poll_output(), None);
        assert_eq!(session.outcome(), Some(Outcome::IdleTimeout));
        assert_eq!(session.poll_timeout(), None);
        assert_eq!(gate.active(), 0);
    }
}

#[test]
fn proftpd_shutdown_window() {
    let limits = Limits {
        shutdown: Some(Shutdown {
            refuse_from: secs(10),
            disconnect_at: secs(20),
            message: "maint test".into(),
        }),
        ..Limits::default()
    };
    let mut gate = Gate::new(limits, Preset::Proftpd);
    let config = Arc::new(
        SessionConfig::default()
            .with_user("alice", "pw")
            .for_gate(&gate),
    );
    let mut named = Session::connect(&mut gate, config.clone(), ip(1), secs(0));
    named.handle_input(&mut gate, secs(1), b"USER alice\r\nPASS pw\r\n");
    let mut anonymous = Session::connect(&mut gate, config.clone(), ip(2), secs(0));
    anonymous.handle_input(&mut gate, secs(1), b"USER anonymous\r\nPASS x\r\n");
    for session in [&mut named, &mut anonymous] {
        while session.poll_output().is_some() {}
        assert_eq!(session.poll_timeout(), Some(secs(20)));
    }
    // New connections from T1 get a 500 in place of the 220.
    let mut late = Session::connect(&mut gate, config, ip(3), secs(10));
    assert_eq!(
        late.poll_output(),
        Some(Output::Send(
            b"500 FTP server shut down (maint test) -- please try again later\r\n".to_vec()
        ))
    );
    assert_eq!(late.poll_output(), Some(Output::Close));
    assert_eq!(gate.active(), 2);
    // At T2, the named user is told; the anonymous one is dropped silently.
    named.handle_timeout(&mut gate, secs(20));
    assert_eq!(
        named.poll_output(),
        Some(Output::Send(
            b"421 FTP server shutting down - maint test\r\n".to_vec()
        ))
    );
    assert_eq!(named.poll_output(), Some(Output::Close));
    anonymous.handle_timeout(&mut gate, secs(20));
    assert_eq!(anonymous.poll_output(), Some(Output::Close));
    assert_eq!(anonymous.outcome(), Some(Outcome::ShutDown));
    assert_eq!((gate.active(), gate.logged_in()), (0, 0));
}

#[test]
fn warmup_sends_120_then_220() {
    let limits = Limits {
        warmup: Some(Warmup { ready_at: secs(90) }),
        ..Limits::default()
    };
    let steps = [
        Step::line(secs(10), "USER anonymous"),
        Step::line(secs(91), "USER anonymous"),
        Step::line(secs(92), "PASS x"),
        Step::line(secs(93), "QUIT"),
    ];
    let mut gate = Gate::new(limits, Preset::Vsftpd);
    let transcript = run_first_client(&mut gate, SessionConfig::default(), &steps, secs(100));
    assert_eq!(
        transcript.server_text(),
        "120 Service ready in 2 minutes.\r\n\
         503 Bad sequence of commands.\r\n\
         220 (vsFTPd 3.0.3)\r\n\
         331 Please specify the password.\r\n\
         230 Login successful.\r\n\
         221 Goodbye.\r\n"
    );
    let greeting = transcript
        .entries
        .iter()
        .find(|e| e.bytes.starts_with(b"220"))
        .unwrap();
    assert_eq!(greeting.at, secs(90));
    assert_eq!(gate.active(), 0);
}

#[test]
fn input_edge_cases() {
    let mut gate = Gate::new(Limits::default(), Preset::Rfc);
    let config = Arc::new(SessionConfig {
        max_line: 16,
        ..SessionConfig::default()
    });
    let mut session = Session::connect(&mut gate, config, ip(1), secs(0));
    while session.poll_output().is_some() {}
    let mut input = Vec::new();
    input.extend_from_slice(&[b'A'; 40]);
    input.extend_from_slice(b"\r\n");
    input.extend_from_slice(b"USER \xC3\x28\r\n");
    input.extend_from_slice(b"US\xFF\xFB\x01ER bob\r\n");
    input.extend_from_slice(b"NO");
    session.handle_input(&mut gate, secs(1), &input);
    assert_eq!(session.buffered(), 2);
    session.handle_input(&mut gate, secs(1), b"OP\n");
    let mut wire = Vec::new();
    while let Some(Output::Send(bytes)) = session.poll_output() {
        wire.extend_from_slice(&bytes);
    }
    assert_eq!(
        String::from_utf8(wire).unwrap(),
        "500 Command line too long.\r\n\
         501 Syntax error in parameters or arguments.\r\n\
         331 User name okay, need password.\r\n\
         200 Command okay.\r\n"
    );
    assert_eq!(session.user(), Some("bob"));
    assert_eq!(session.phase(), Phase::NeedPass);
    session.handle_peer_closed(&mut gate, secs(2));
    assert_eq!(gate.active(), 0);
}

/// Every way a session can end releases its slots once: calls after the
/// close change nothing, and a second session's slots are untouched.
#[test]
fn slots_are_released_exactly_once_on_every_path() {
    type Ender = fn(&mut Session, &mut Gate);
    let enders: [(&str, Ender); 6] = [
        ("quit", |s, g| s.handle_input(g, secs(5), b"QUIT\r\n")),
        ("idle", |s, g| s.handle_timeout(g, secs(30))),
        ("peer closed", |s, g| s.handle_peer_closed(g, secs(5))),
        ("shutdown", |s, g| s.shutdown(g, secs(5))),
        ("failures", |s, g| {
            s.handle_input(g, secs(5), b"USER bob\r\nPASS a\r\nUSER bob\r\nPASS b\r\n")
        }),
        ("shutdown window", |s, g| s.handle_timeout(g, secs(50))),
    ];
    for preset in Preset::ALL {
        for (name, end) in enders {
            for log_in in [false, true] {
                let limits = Limits {
                    shutdown: Some(Shutdown {
                        refuse_from: secs(40),
                        disconnect_at: secs(50),
                        message: String::new(),
                    }),
                    ..Limits::default()
                };
                let mut gate = Gate::new(limits, preset);
                let config = Arc::new(
                    SessionConfig {
                        idle_timeout: Some(Duration::from_secs(20)),
                        max_login_attempts: 2,
                        ..SessionConfig::default().with_user("bob", "right")
                    }
                    .for_gate(&gate),
                );
                let mut other = Session::connect(&mut gate, config.clone(), ip(1), secs(0));
                other.handle_input(&mut gate, secs(0), b"USER bob\r\nPASS right\r\n");
                let mut session = Session::connect(&mut gate, config, ip(1), secs(0));
                if log_in {
                    session.handle_input(&mut gate, secs(1), b"USER bob\r\nPASS right\r\n");
                }
                let logged = if log_in { 2 } else { 1 };
                assert_eq!((gate.active(), gate.logged_in()), (2, logged));
                if name == "idle" {
                    // The other session stays busy.
                    other.handle_input(&mut gate, secs(15), b"NOOP\r\n");
                }
                if name == "failures" && log_in {
                    // A logged-in session cannot fail a login; end it by QUIT.
                    session.handle_input(&mut gate, secs(5), b"QUIT\r\n");
                } else {
                    end(&mut session, &mut gate);
                }
                assert!(session.is_closed(), "{preset} {name}");
                let outcome = session.outcome().unwrap();
                let expected_outcome = match (name, log_in) {
                    ("quit", _) | ("failures", true) => Outcome::Quit,
                    ("idle", _) => Outcome::IdleTimeout,
                    ("peer closed", _) => Outcome::PeerClosed,
                    ("failures", false) => Outcome::TooManyLoginFailures,
                    _ => Outcome::ShutDown,
                };
                assert_eq!(outcome, expected_outcome, "{preset} {name}");
                let closes = std::iter::from_fn(|| session.poll_output())
                    .filter(|o| *o == Output::Close)
                    .count();
                assert_eq!(closes, 1, "{preset} {name}");
                // Everything after the close is ignored.
                session.handle_input(&mut gate, secs(6), b"QUIT\r\n");
                session.handle_timeout(&mut gate, secs(200));
                session.handle_peer_closed(&mut gate, secs(7));
                session.shutdown(&mut gate, secs(8));
                assert_eq!(session.poll_output(), None, "{preset} {name}");
                let expected = if name == "shutdown window" {
                    (0, 0)
                } else {
                    (1, 1)
                };
                if name == "shutdown window" {
                    other.handle_timeout(&mut gate, secs(50));
                }
                assert_eq!(
                    (gate.active(), gate.logged_in()),
                    expected,
                    "{preset} {name} logged_in={log_in}"
                );
                other.handle_peer_closed(&mut gate, secs(9));
                assert_eq!((gate.active(), gate.logged_in()), (0, 0));
            }
        }
    }
}

#[test]
fn a_session_can_take_over_an_admission_made_by_the_driver() {
    use ftpsim::admission::Admission;
    let mut gate = Gate::new(Limits::default(), Preset::Pyftpdlib);
    let Admission::Welcome(welcome) = gate.on_connect(ip(1), secs(0)) else {
        panic!("no limits: welcomed");
    };
    let mut session = Session::welcomed(
        Arc::new(SessionConfig::default().for_gate(&gate)),
        ip(1),
        welcome,
        secs(0),
    );
    assert_eq!(
        session.poll_output(),
        Some(Output::Send(b"220 pyftpdlib 2.2.0 ready.\r\n".to_vec()))
    );
    assert_eq!(gate.active(), 1);
    session.handle_input(&mut gate, secs(1), b"QUIT\r\n");
    assert_eq!(gate.active(), 0);
}
