//! Welcomed sessions end to end: Python's ftplib logs in and quits, the
//! bytes on the wire are exactly what the core's session says for the same
//! input, data-transfer commands get the preset's refusals, idle sessions
//! time out, and the quirks reach real clients.

mod common;

use std::io::Write;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use ftpsim::admission::{Gate, Preset};
use ftpsim::session::{SessionConfig, Side, Step, run_script};
use ftpsim::time::Instant;
use ftpsim_server::config::Credentials;
use ftpsim_server::quirks::Quirks;

fn with_accounts(mut config: ftpsim_server::ServerConfig) -> ftpsim_server::ServerConfig {
    config.anonymous = true;
    config.users = vec![Credentials::parse("alice:s3cret").unwrap()];
    config
}

fn ftplib_connects_logs_in_and_quits() -> Result<(), Skip> {
    let server = TestServer::start(with_accounts(config(Preset::Vsftpd)));
    let program = r#"
import ftplib, sys
ftp = ftplib.FTP()
print(ftp.connect(sys.argv[1], int(sys.argv[2]), timeout=10))
print(ftp.login("alice", "s3cret"))
print(ftp.sendcmd("SYST"))
print(ftp.quit())
"#;
    let stdout = ftplib_stdout(server.addr, program)?;
    assert_eq!(
        stdout,
        "220 (vsFTPd 3.0.3)\n230 Login successful.\n215 UNIX Type: L8\n221 Goodbye.\n"
    );
    let summary = server.stop();
    assert_eq!(summary.accepted, 1);
    assert_eq!(summary.live, 0);
    Ok(())
}

fn ftplib_wrong_password_is_a_permanent_error() -> Result<(), Skip> {
    let server = TestServer::start(with_accounts(config(Preset::Vsftpd)));
    let program = r#"
import ftplib, sys
ftp = ftplib.FTP()
ftp.connect(sys.argv[1], int(sys.argv[2]), timeout=10)
try:
    ftp.login("alice", "wrong")
except ftplib.error_perm as e:
    print("error_perm:" + str(e))
"#;
    let stdout = ftplib_stdout(server.addr, program)?;
    assert_eq!(stdout, "error_perm:530 Login incorrect.\n");
    Ok(())
}

/// The server is a thin driver: for the same input, the wire carries exactly
/// the bytes the core's session produces on its own.
fn wire_bytes_equal_the_sessions_own_transcript() {
    let mut server_config = with_accounts(config(Preset::Vsftpd));
    server_config.spec.max_clients = Some(4);
    let server = TestServer::start(server_config.clone());
    let lines = [
        "USER anonymous",
        "PASS guest@",
        "SYST",
        "PWD",
        "TYPE I",
        // No data channel: refused the same way with and without a tree
        // (the script's session serves none; data sessions have their own
        // tests in data.rs).
        "RETR /etc/passwd",
        "STOR upload.txt",
        "FOO bar",
        "QUIT",
    ];
    let mut stream = connect(server.addr);
    let mut wire = read_reply(&mut stream);
    for line in lines {
        wire.extend(command(&mut stream, line));
    }
    wire.extend(read_to_close(&mut stream));

    let mut gate = Gate::from_spec(&server_config.spec);
    let session_config = Arc::new(SessionConfig {
        users: vec![("alice".into(), "s3cret".into())],
        anonymous: true,
        ..SessionConfig::from_spec(&server_config.spec)
    });
    let steps: Vec<Step> = lines
        .iter()
        .map(|line| Step::line(Instant::ZERO, line))
        .collect();
    let transcript = run_script(
        &mut gate,
        session_config,
        IpAddr::from([127, 0, 0, 1]),
        Instant::ZERO,
        &steps,
        Instant::ZERO,
    );
    assert_eq!(text(&wire), text(&transcript.bytes_from(Side::Server)));
    // Transfers are refused without touching any file system.
    assert!(text(&wire).contains("425 "), "{}", text(&wire));
}

fn idle_session_gets_the_presets_timeout_reply() {
    let mut config = config(Preset::Vsftpd);
    config.spec.idle_timeout = Some(0.2);
    let server = TestServer::start(config);
    let mut stream = connect(server.addr);
    read_reply(&mut stream);
    assert_eq!(read_to_close(&mut stream), b"421 Timeout.\r\n");
    eventually("the slot to be released", || {
        server.handle.active(None) == 0
    });
}

fn peer_closing_mid_line_releases_the_slot() {
    let mut config = config(Preset::Vsftpd);
    config.spec.max_clients = Some(1);
    let server = TestServer::start(config);
    for _ in 0..3 {
        let mut stream = connect(server.addr);
        assert_eq!(read_reply(&mut stream), b"220 (vsFTPd 3.0.3)\r\n");
        stream.write_all(b"USER half-a-li").unwrap();
        drop(stream);
        eventually("the slot to be released", || {
            server.handle.active(None) == 0
        });
    }
}

fn quirky(quirks: Quirks) -> TestServer {
    let mut config = with_accounts(config(Preset::Vsftpd));
    config.quirks = quirks;
    TestServer::start(config)
}

fn quirk_refuses_every_connection_at_fraction_one() -> Result<(), Skip> {
    let server = quirky(Quirks {
        refuse_fraction: 1.0,
        ..Quirks::default()
    });
    for _ in 0..3 {
        let mut stream = connect(server.addr);
        assert_eq!(
            read_to_close(&mut stream),
            b"421 Service not available, closing control connection.\r\n"
        );
    }
    let url = format!("ftp://{}/", server.addr);
    let output = run_peer(
        "curl",
        &["-sS".into(), "--max-time".into(), "10".into(), url],
    )?;
    assert_eq!(output.status.code(), Some(28), "{}", text(&output.stderr));
    let program = r#"
import ftplib, sys
try:
    ftplib.FTP().connect(sys.argv[1], int(sys.argv[2]), timeout=10)
except ftplib.error_temp as e:
    print("error_temp:" + str(e))
"#;
    let output = ftplib(server.addr, program)?;
    assert_eq!(
        text(&output.stdout),
        "error_temp:421 Service not available, closing control connection.\n"
    );
    let summary = server.stop();
    // Three raw connections, curl's and ftplib's.
    assert_eq!(summary.refused.get("quirk"), Some(&5));
    assert_eq!(summary.accepted, 0);
    Ok(())
}

fn quirk_refusals_repeat_with_the_seed() {
    let pattern = || {
        let server = quirky(Quirks {
            refuse_fraction: 0.5,
            refuse_seed: 1234,
            ..Quirks::default()
        });
        (0..16)
            .map(|_| {
                let mut stream = connect(server.addr);
                let refused = read_reply(&mut stream).starts_with(b"421");
                drop(stream);
                eventually("no session left", || server.handle.active(None) == 0);
                refused
            })
            .collect::<Vec<bool>>()
    };
    let first = pattern();
    assert_eq!(first, pattern());
    assert!(first.contains(&true) && first.contains(&false), "{first:?}");
}

fn quirk_greets_with_120_then_220() -> Result<(), Skip> {
    let server = quirky(Quirks {
        greet_delay_secs: Some(0.2),
        ..Quirks::default()
    });
    let mut stream = connect(server.addr);
    assert_eq!(
        read_reply(&mut stream),
        b"120 Service ready in 1 minutes.\r\n"
    );
    assert_eq!(read_reply(&mut stream), b"220 (vsFTPd 3.0.3)\r\n");
    assert_eq!(command(&mut stream, "QUIT"), b"221 Goodbye.\r\n");

    // ftplib takes the 120 for the welcome (it does not wait for the 220).
    let program = r#"
import ftplib, sys
ftp = ftplib.FTP()
print(ftp.connect(sys.argv[1], int(sys.argv[2]), timeout=10))
"#;
    let stdout = ftplib_stdout(server.addr, program)?;
    assert_eq!(stdout, "120 Service ready in 1 minutes.\n");
    Ok(())
}

fn quirk_digit_lines_and_bare_close_frame_the_greeting() -> Result<(), Skip> {
    let server = quirky(Quirks {
        digit_lines: true,
        bare_close: true,
        ..Quirks::default()
    });
    let mut stream = connect(server.addr);
    assert_eq!(
        text(&read_reply(&mut stream)),
        "220-(vsFTPd 3.0.3)\r\n\
         230 clients are connected right now\r\n\
         2024-style lines like this one must not end the reply\r\n\
         220\r\n"
    );
    // Only the greeting is reframed.
    assert_eq!(command(&mut stream, "QUIT"), b"221 Goodbye.\r\n");

    // ftplib ends a reply at the same code without a hyphen: it copes.
    let program = r#"
import ftplib, sys
ftp = ftplib.FTP()
print(repr(ftp.connect(sys.argv[1], int(sys.argv[2]), timeout=10)))
print(ftp.login("alice", "s3cret"))
"#;
    let stdout = ftplib_stdout(server.addr, program)?;
    assert_eq!(
        stdout,
        "'220-(vsFTPd 3.0.3)\\n230 clients are connected right now\\n\
         2024-style lines like this one must not end the reply\\n220'\n\
         230 Login successful.\n"
    );
    // curl ends a reply at any three digits and a space: it takes the inner
    // `230 ` line for the whole greeting, reads the rest as the answers to
    // its next commands, and fails out of step (curl 7.88: exit 13, "Bad
    // PASV/EPSV response").
    let url = format!("ftp://{}/", server.addr);
    let output = run_peer(
        "curl",
        &["-sS".into(), "--max-time".into(), "10".into(), url],
    )?;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(13), "{stderr}");
    Ok(())
}

fn quirk_bytewise_sends_the_same_bytes_in_many_pieces() {
    let server = quirky(Quirks {
        bytewise: true,
        byte_interval_ms: 2,
        ..Quirks::default()
    });
    let mut stream = connect(server.addr);
    let (received, reads) = read_reply_counting_reads(&mut stream);
    assert_eq!(received, b"220 (vsFTPd 3.0.3)\r\n");
    assert!(reads > 1, "the greeting came in one piece");
    // vsftpd answers everything but USER, PASS and QUIT with 530 before login.
    assert_eq!(
        command(&mut stream, "NOOP"),
        b"530 Please login with USER and PASS.\r\n"
    );
}

/// A client that sends commands but never reads their replies fills the
/// socket buffers; the write timeout then drops it and frees its slot.
fn client_that_never_reads_is_dropped_after_the_write_timeout() {
    let mut config = with_accounts(config(Preset::Vsftpd));
    config.spec.max_clients = Some(1);
    config.write_timeout = Duration::from_millis(300);
    let server = TestServer::start(config);
    let mut stream = connect_with_small_receive_buffer(server.addr);
    read_reply(&mut stream);
    stream
        .set_write_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    // FEAT before login is answered with a 211 reply on vsftpd: each
    // 64 KiB of commands asks for about 150 KiB of replies.
    let commands = b"FEAT\r\n".repeat(64 * 1024 / 6);
    for _ in 0..400 {
        if stream.write_all(&commands).is_err() {
            break;
        }
        if server.handle.summary().session_write_timeouts > 0 {
            break;
        }
    }
    eventually("the slot to be released", || {
        server.handle.active(None) == 0
    });
    assert_eq!(server.handle.summary().session_write_timeouts, 1);
    drop(stream);
    // The freed slot takes a new client.
    let mut next = connect(server.addr);
    assert_eq!(read_reply(&mut next), b"220 (vsFTPd 3.0.3)\r\n");
}

fn main() {
    ftpsim_peers::run(ftpsim_peers::trials![
        ftplib_connects_logs_in_and_quits,
        ftplib_wrong_password_is_a_permanent_error,
        wire_bytes_equal_the_sessions_own_transcript,
        idle_session_gets_the_presets_timeout_reply,
        peer_closing_mid_line_releases_the_slot,
        quirk_refuses_every_connection_at_fraction_one,
        quirk_refusals_repeat_with_the_seed,
        quirk_greets_with_120_then_220,
        quirk_digit_lines_and_bare_close_frame_the_greeting,
        quirk_bytewise_sends_the_same_bytes_in_many_pieces,
        client_that_never_reads_is_dropped_after_the_write_timeout,
    ]);
}
