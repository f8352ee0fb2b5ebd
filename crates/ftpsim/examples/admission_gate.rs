//! A minimal blocking TCP server that greets or refuses with `Gate` and a
//! preset: the calls a real server makes at accept (`on_connect`), at the
//! close (`on_disconnect`), and the bytes it sends (the preset's words).
//! Login checks (`on_login` / `on_logout`) follow the same pattern; the
//! `Session` example shows them.
//!
//! The example starts its own clients on loopback, so it ends by itself:
//! `cargo run -p ftpsim --example admission_gate`

use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::thread;
use std::time::Instant as WallClock;

use ftpsim::admission::{Admission, Banner, Gate, Preset, ServerSpec};
use ftpsim::time::Instant;

fn main() -> std::io::Result<()> {
    // Pure-FTPd with `-C 2`: two connections per address.
    let spec = ServerSpec {
        max_per_ip: Some(2),
        ..ServerSpec::preset(Preset::PureFtpd)
    };
    let mut gate = Gate::from_spec(&spec);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let started = WallClock::now();
    // The core never reads a clock: the server passes time in.
    let now = || Instant::from_nanos(started.elapsed().as_nanos() as u64);

    // Three clients from the same address, each reading its first reply.
    let clients = thread::spawn(move || {
        (0..3)
            .map(|_| {
                let mut stream = TcpStream::connect(addr).expect("connect");
                let mut first = [0u8; 512];
                let n = stream.read(&mut first).expect("read");
                (String::from_utf8_lossy(&first[..n]).into_owned(), stream)
            })
            .collect::<Vec<_>>()
    });

    let mut open: Vec<(TcpStream, IpAddr)> = Vec::new();
    for _ in 0..3 {
        let (mut stream, peer) = listener.accept()?;
        let ip = peer.ip().to_canonical();
        let mut out = Vec::new();
        match gate.on_connect(ip, now()) {
            Admission::Welcome(welcome) => {
                let banner = Banner {
                    server_port: addr.port(),
                    ..Banner::default()
                };
                let max = gate.limits().max_clients;
                spec.preset
                    .write_greeting(&welcome, max, &banner, now(), &mut out);
                stream.write_all(&out)?;
                open.push((stream, ip));
            }
            Admission::Refuse(refusal) => {
                // A refusal holds no slot: answer and close, nothing else.
                if spec
                    .preset
                    .write_refusal(&refusal, gate.shutdown_message(), &mut out)
                {
                    stream.write_all(&out)?;
                }
            }
        }
    }
    let replies = clients.join().expect("clients");
    for (reply, _) in &replies {
        print!("{reply}");
    }
    assert!(
        replies[2]
            .0
            .starts_with("421 Too many connections (2) from this IP")
    );
    assert_eq!(gate.active_from(open[0].1), 2);

    // Each welcomed connection releases its slot exactly once.
    for (stream, ip) in open {
        drop(stream);
        assert!(gate.on_disconnect(ip, now()));
    }
    assert_eq!(gate.active(), 0);
    Ok(())
}
