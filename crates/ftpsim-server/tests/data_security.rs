//! Hostile input against the data side of a real server, on loopback: a
//! PORT to another address or a system port, a passive connection from a
//! second address, path traversal, an unterminated Telnet subnegotiation
//! and ESC in a user name. None may reach outside the tree or connect to a
//! third party.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use common::*;
use ftpsim::admission::Preset;

fn logged_in(server: &TestServer) -> TcpStream {
    let mut control = connect(server.addr);
    read_reply(&mut control);
    command(&mut control, "USER anonymous");
    let reply = text(&command(&mut control, "PASS x"));
    assert!(reply.starts_with("230"), "{reply}");
    control
}

/// The port of a `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2).` reply.
fn pasv_port(reply: &str) -> u16 {
    let inside = &reply[reply.find('(').unwrap() + 1..reply.find(')').unwrap()];
    let numbers: Vec<u16> = inside.split(',').map(|n| n.parse().unwrap()).collect();
    numbers[4] * 256 + numbers[5]
}

fn anonymous_vsftpd() -> TestServer {
    let mut config = config(Preset::Vsftpd);
    config.anonymous = true;
    TestServer::start(config)
}

#[test]
fn port_to_a_third_party_or_a_system_port_never_connects() {
    let server = anonymous_vsftpd();
    let mut control = logged_in(&server);
    // A listener on another loopback address stands for the third party.
    let third = TcpListener::bind("127.0.0.2:0").unwrap();
    third.set_nonblocking(true).unwrap();
    let port = third.local_addr().unwrap().port();
    let line = format!("PORT 127,0,0,2,{},{}", port >> 8, port & 0xFF);
    assert_eq!(
        text(&command(&mut control, &line)),
        "500 Illegal PORT command.\r\n"
    );
    assert_eq!(
        text(&command(&mut control, "EPRT |1|127.0.0.1|25|")),
        "500 Illegal EPRT command.\r\n"
    );
    assert_eq!(
        text(&command(&mut control, "RETR /README.txt")),
        "425 Use PORT or PASV first.\r\n"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        third.accept().is_err(),
        "no connection reached the third party"
    );
}

#[test]
fn a_passive_connection_from_a_second_address_is_refused() {
    let server = anonymous_vsftpd();
    let mut control = logged_in(&server);
    let port = pasv_port(&text(&command(&mut control, "PASV")));
    let data_addr = SocketAddr::from(([127, 0, 0, 1], port));
    // From 127.0.0.2: accepted by the kernel, closed by the server unread.
    let mut stranger = connect_from(LOCAL_2, data_addr);
    stranger
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut got = Vec::new();
    let _ = stranger.read_to_end(&mut got);
    assert!(got.is_empty(), "the stranger got {} bytes", got.len());
    // The client's own connection still works.
    let mut data = connect_from(LOCAL_1, data_addr);
    control.write_all(b"RETR /README.txt\r\n").unwrap();
    assert!(text(&read_reply(&mut control)).starts_with("150 "));
    let mut readme = Vec::new();
    data.read_to_end(&mut readme).unwrap();
    assert!(readme.starts_with(b"This is ftpsim's demo tree"));
    assert_eq!(
        text(&read_reply(&mut control)),
        "226 Transfer complete.\r\n"
    );
}

#[test]
fn traversal_stays_in_the_tree() {
    let server = anonymous_vsftpd();
    let mut control = logged_in(&server);
    for path in ["../../../../etc", "/..", "..%2F..%2Fetc", "..\\..\\etc"] {
        let reply = text(&command(&mut control, &format!("CWD {path}")));
        let pwd = text(&command(&mut control, "PWD"));
        assert!(
            pwd == "257 \"/\" is the current directory\r\n",
            "CWD {path}: {reply} then {pwd}"
        );
    }
    assert_eq!(
        text(&command(&mut control, "SIZE ../../../etc/passwd")),
        "550 Could not get file size.\r\n"
    );
}

#[test]
fn an_unterminated_subnegotiation_and_esc_are_harmless() {
    let server = anonymous_vsftpd();
    let mut control = connect(server.addr);
    read_reply(&mut control);
    // IAC SB with no IAC SE, then a command: answered, not swallowed.
    let mut bytes = vec![0xFF, 0xFA, 0x18];
    bytes.extend_from_slice(&[b'x'; 100]);
    bytes.extend_from_slice(b"\r\n");
    control.write_all(&bytes).unwrap();
    let reply = text(&read_reply(&mut control));
    assert!(reply.starts_with("530"), "{reply:?}");
    let reply = command(&mut control, "USER \u{1b}[2Jroot");
    assert!(!reply.contains(&0x1B), "{:?}", text(&reply));
    assert_eq!(text(&reply), "331 Please specify the password.\r\n");
}
