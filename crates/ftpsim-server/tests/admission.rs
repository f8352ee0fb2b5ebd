//! What clients see at connect time: greetings and refusals, byte for byte,
//! per-address limits from several loopback addresses, curl and Python's
//! ftplib against a full server, and graceful shutdown.

mod common;

use common::*;
use ftpsim::admission::Preset;

const VSFTPD_GREETING: &[u8] = b"220 (vsFTPd 3.0.3)\r\n";
const VSFTPD_TOO_MANY: &[u8] = b"421 There are too many connected users, please try later.\r\n";
const VSFTPD_PER_IP: &[u8] = b"421 There are too many connections from your internet address.\r\n";

fn refused_client_gets_the_whole_421_then_the_close() {
    let mut config = config(Preset::Vsftpd);
    config.spec.max_clients = Some(1);
    let server = TestServer::start(config);
    let mut first = connect(server.addr);
    assert_eq!(read_reply(&mut first), VSFTPD_GREETING);
    let mut second = connect(server.addr);
    assert_eq!(read_to_close(&mut second), VSFTPD_TOO_MANY);
    assert_eq!(server.handle.active(None), 1);

    // Once the first leaves, its slot is free again.
    drop(first);
    eventually("the slot to be released", || {
        server.handle.active(None) == 0
    });
    let mut third = connect(server.addr);
    assert_eq!(read_reply(&mut third), VSFTPD_GREETING);
    drop(third);

    let summary = server.stop();
    assert_eq!(summary.accepted, 2);
    assert_eq!(summary.refused.get("too_many_clients"), Some(&1));
    assert_eq!(summary.peak, 1);
}

fn per_address_limit_keys_on_the_peer_address() {
    let mut config = config(Preset::Vsftpd);
    config.spec.max_clients = Some(10);
    config.spec.max_per_ip = Some(2);
    let server = TestServer::start(config);
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = connect_from(LOCAL_1, server.addr);
        assert_eq!(read_reply(&mut stream), VSFTPD_GREETING);
        held.push(stream);
    }
    let mut third = connect_from(LOCAL_1, server.addr);
    assert_eq!(read_to_close(&mut third), VSFTPD_PER_IP);
    for source in [LOCAL_2, LOCAL_3] {
        for _ in 0..2 {
            let mut stream = connect_from(source, server.addr);
            assert_eq!(read_reply(&mut stream), VSFTPD_GREETING, "from {source}");
            held.push(stream);
        }
        let mut over = connect_from(source, server.addr);
        assert_eq!(read_to_close(&mut over), VSFTPD_PER_IP, "from {source}");
    }
    assert_eq!(server.handle.active(Some(LOCAL_1)), 2);
    assert_eq!(server.handle.active(Some(LOCAL_2)), 2);
    assert_eq!(server.handle.active(None), 6);
    drop(held);
    let summary = server.stop();
    assert_eq!(summary.accepted, 6);
    assert_eq!(summary.refused.get("too_many_from_address"), Some(&3));
}

fn pure_ftpd_preset_refuses_at_accept_with_its_own_text() {
    let mut config = config(Preset::PureFtpd);
    config.spec.max_clients = Some(1);
    let server = TestServer::start(config);
    let mut first = connect(server.addr);
    let greeting = text(&read_reply(&mut first));
    assert!(
        greeting.starts_with("220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n"),
        "{greeting}"
    );
    assert!(greeting.contains("220-You are user number 1 of 1 allowed.\r\n"));
    let port_line = format!("Server port: {}.\r\n", server.addr.port());
    assert!(greeting.contains(&port_line), "{greeting}");
    let mut second = connect(server.addr);
    assert_eq!(
        read_to_close(&mut second),
        b"421 1 users (the maximum) are already logged in, sorry\r\n"
    );
}

fn curl_exits_28_on_a_421_greeting() -> Result<(), Skip> {
    let mut config = config(Preset::Vsftpd);
    config.spec.max_clients = Some(1);
    let server = TestServer::start(config);
    let mut first = connect(server.addr);
    read_reply(&mut first);
    let url = format!("ftp://{}/", server.addr);
    let output = run_peer(
        "curl",
        &["-sS".into(), "--max-time".into(), "10".into(), url],
    )?;
    assert_eq!(
        output.status.code(),
        Some(28),
        "curl stderr: {}",
        text(&output.stderr)
    );
    Ok(())
}

fn ftplib_raises_error_temp_with_the_421() -> Result<(), Skip> {
    let mut config = config(Preset::Vsftpd);
    config.spec.max_clients = Some(1);
    let server = TestServer::start(config);
    let mut first = connect(server.addr);
    read_reply(&mut first);
    let program = r#"
import ftplib, sys
try:
    ftplib.FTP().connect(sys.argv[1], int(sys.argv[2]), timeout=10)
    print("connected")
except ftplib.error_temp as e:
    print("error_temp:" + str(e))
"#;
    let stdout = ftplib_stdout(server.addr, program)?;
    assert_eq!(
        stdout.trim_end(),
        "error_temp:421 There are too many connected users, please try later."
    );
    Ok(())
}

fn shutdown_tells_every_live_session_and_counts_it() {
    let mut config = config(Preset::Vsftpd);
    config.spec.max_clients = Some(5);
    let server = TestServer::start(config);
    let mut sessions: Vec<_> = (0..3)
        .map(|_| {
            let mut stream = connect(server.addr);
            read_reply(&mut stream);
            stream
        })
        .collect();
    let summary = server.stop();
    for stream in &mut sessions {
        assert_eq!(read_to_close(stream), b"421 Service not available.\r\n");
    }
    assert_eq!(summary.ended_by_shutdown, 3);
    assert_eq!(summary.live, 0);
    assert_eq!(summary.peak, 3);
}

fn shutdown_after_a_configured_time_ends_the_run_by_itself() {
    let mut config = config(Preset::Rfc);
    config.shutdown_after = Some(std::time::Duration::from_millis(300));
    let server = TestServer::start(config);
    let mut session = connect(server.addr);
    assert_eq!(
        read_reply(&mut session),
        b"220 Service ready for new user.\r\n"
    );
    // No one calls shutdown: the server ends the session at the set time.
    assert_eq!(
        read_to_close(&mut session),
        b"421 Service not available, closing control connection.\r\n"
    );
    let summary = server.stop();
    assert_eq!(summary.ended_by_shutdown, 1);
}

fn proftpd_preset_closes_silently_or_sends_530_as_proftpd_does() {
    let mut config = config(Preset::Proftpd);
    config.spec.max_clients = Some(2);
    config.spec.max_per_ip = Some(1);
    let server = TestServer::start(config);
    let mut first = connect_from(LOCAL_1, server.addr);
    let greeting = text(&read_reply(&mut first));
    assert!(
        greeting.starts_with("220 ProFTPD Server (ProFTPD) ["),
        "{greeting}"
    );
    // MaxConnectionsPerHost: 530 in place of the greeting.
    let mut same_address = connect_from(LOCAL_1, server.addr);
    assert_eq!(
        text(&read_to_close(&mut same_address)),
        "530 Sorry, the maximum number of connections (1) for your host are already connected.\r\n"
    );
    let mut second = connect_from(LOCAL_2, server.addr);
    read_reply(&mut second);
    // MaxInstances: the connection is closed without a byte.
    let mut third = connect_from(LOCAL_3, server.addr);
    assert_eq!(read_to_close(&mut third), b"");
}

fn main() {
    ftpsim_peers::run(ftpsim_peers::trials![
        refused_client_gets_the_whole_421_then_the_close,
        per_address_limit_keys_on_the_peer_address,
        pure_ftpd_preset_refuses_at_accept_with_its_own_text,
        curl_exits_28_on_a_421_greeting,
        ftplib_raises_error_temp_with_the_421,
        shutdown_tells_every_live_session_and_counts_it,
        shutdown_after_a_configured_time_ends_the_run_by_itself,
        proftpd_preset_closes_silently_or_sends_530_as_proftpd_does,
    ]);
}
