//! A server [`Session`] driven the way a real driver drives it, by a script
//! of operations decoded from arbitrary bytes, with the invariants that must
//! hold after every call checked on the spot (a panic names the one that
//! broke). The property test `session_model.rs` runs it on stable Rust; the
//! fuzz target `fuzz/fuzz_targets/session.rs` includes this same file.
//!
//! Layout of the input: four bytes of setup (preset, tree, faults, timers,
//! limits), then operations, each a kind byte and its payload: control
//! bytes (a command from a dictionary, or raw bytes), the data channel's
//! events (a listener's address, a connection from the client or from a
//! stranger, a failed connect, upload bytes, a close, a pull of download
//! bytes), time passing, the client leaving, a shutdown.
//!
//! The model follows the driver's side of the contract (it reports a
//! listener only when one was asked for, pulls bytes only while sending, …)
//! so that what it checks is the session's side:
//!
//! - no panic;
//! - every `Send` is whole replies that the core's own parser reads without
//!   an error, and no control byte of the client's comes back raw (only CR
//!   LF line ends; 0xFF doubled);
//! - `Close` comes once and last; a closed session holds no slot in the gate
//!   and asks for no timer;
//! - `poll_timeout` is never in the past, and a due timer is consumed;
//! - the session connects only to the control connection's peer, never to a
//!   port below 1024, refuses a data connection from anyone else, starts a
//!   transfer only over a data connection, and never fills more than the
//!   buffer it is given;
//! - the current directory is a walk down from the root, and the tree stays
//!   within its limits;
//! - the input buffer stays within `max_line`.

#![allow(dead_code)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use ftpsim::admission::{Gate, Preset, ServerSpec};
use ftpsim::reply::parser::{Config, ReplyDecoder};
use ftpsim::session::{Faults, Fill, Output, Session, SessionConfig, Uploads};
use ftpsim::time::Instant;
use ftpsim::vfs::{SharedTree, Store, TreeLimits, demo};

/// Command lines the decoder picks from: every verb the session knows,
/// with arguments that reach its corners (traversal, foreign and privileged
/// PORTs, Telnet sequences, control bytes, non-UTF-8).
pub const WORDS: &[&[u8]] = &[
    b"USER anonymous\r\n",
    b"USER bob\r\n",
    b"PASS right\r\n",
    b"PASS wrong\r\n",
    b"QUIT\r\n",
    b"NOOP\r\n",
    b"SYST\r\n",
    b"FEAT\r\n",
    b"HELP\r\n",
    b"OPTS UTF8 ON\r\n",
    b"TYPE A\r\n",
    b"TYPE I\r\n",
    b"TYPE X\r\n",
    b"MODE S\r\n",
    b"STRU F\r\n",
    b"PWD\r\n",
    b"CWD pub\r\n",
    b"CWD mirror/deeper\r\n",
    b"CWD ../../..\r\n",
    b"CWD /%2e%2e/\r\n",
    b"CDUP\r\n",
    b"PASV\r\n",
    b"EPSV\r\n",
    b"EPSV ALL\r\n",
    b"EPSV 2\r\n",
    b"PORT 127,0,0,1,195,80\r\n",
    b"PORT 127,0,0,2,195,80\r\n",
    b"PORT 127,0,0,1,0,25\r\n",
    b"PORT 1,2,3\r\n",
    b"EPRT |1|127.0.0.1|50000|\r\n",
    b"EPRT |2|::1|50000|\r\n",
    b"EPRT |1|10.0.0.1|50000|\r\n",
    b"LIST\r\n",
    b"LIST -la\r\n",
    b"LIST missing\r\n",
    b"NLST pub\r\n",
    b"MLSD\r\n",
    b"MLST README.txt\r\n",
    b"RETR README.txt\r\n",
    b"RETR /pub/1k.bin\r\n",
    b"RETR ../../../etc/passwd\r\n",
    b"RETR pub\r\n",
    b"REST 10\r\n",
    b"REST x\r\n",
    b"STOR upload/a.bin\r\n",
    b"APPE upload/a.bin\r\n",
    b"STOU upload/a.bin\r\n",
    b"STOR ../outside\r\n",
    b"ALLO 100\r\n",
    b"ABOR\r\n",
    b"\xFF\xF4\xFF\xF2ABOR\r\n",
    b"SIZE README.txt\r\n",
    b"SIZE pub\r\n",
    b"MDTM pub/1k.bin\r\n",
    b"MKD upload/d\r\n",
    b"RMD upload/d\r\n",
    b"DELE upload/a.bin\r\n",
    b"RNFR upload/a.bin\r\n",
    b"RNTO upload/b.bin\r\n",
    b"STAT\r\n",
    b"STAT pub\r\n",
    b"USER \x1b[31mred\x00\r\n",
    b"CWD \xFF\xFF\x07\x7F\r\n",
    b"\xFF\xFA\x18\x00xterm",
    b"\xFF\xF0",
    b"XYZZY plugh\r\n",
    b"\r\n",
    b"\n",
];

/// One thing that happens to the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Bytes on the control connection.
    Control(Vec<u8>),
    /// The passive listener asked for is open on this port (`None`: it
    /// could not be opened).
    Listener(Option<u16>),
    /// A data connection: from the client (to the listener, or the connect
    /// asked for succeeded), or from another address to the listener.
    Connected {
        stranger: bool,
        port: u16,
    },
    ConnectFailed,
    /// Upload bytes on the data connection.
    DataBytes(Vec<u8>),
    /// The data connection ended (the client's end of file, or a break).
    DataClosed,
    /// The driver pulls download bytes into a buffer of this size.
    Fill(u16),
    /// Time passes, the session's timers firing when due.
    Advance(Duration),
    PeerClosed,
    Shutdown,
}

/// The server the session runs in.
#[derive(Clone, Debug)]
pub struct Setup {
    pub spec: ServerSpec,
    pub serve_files: bool,
    pub uploads: Uploads,
    pub faults: Faults,
    pub max_line: usize,
    pub max_upload_bytes: u64,
    pub data_connect_timeout: Duration,
    pub data_timeout: Duration,
    pub tree_limits: TreeLimits,
    pub ipv6: bool,
    /// Log in as bob before the script.
    pub logged_in: bool,
}

impl Setup {
    /// The setup of the first four bytes (missing bytes read as 0).
    pub fn decode(bytes: &[u8]) -> Setup {
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        let (b0, b1, b2, b3) = (at(0), at(1), at(2), at(3));
        let preset = Preset::ALL[usize::from(b0 & 7) % Preset::ALL.len()];
        let small = |bits: u8, unit: u64| (bits != 0).then(|| u64::from(bits) * unit);
        let spec = ServerSpec {
            preset,
            idle_timeout: match b2 & 3 {
                0 => None,
                1 => Some(0.0),
                n => Some(f64::from(n) * 7.0),
            },
            failed_login_delay: match (b2 >> 2) & 3 {
                0 => None,
                1 => Some(0.0),
                n => Some(f64::from(n) * 0.25),
            },
            max_login_attempts: Some(u32::from((b2 >> 4) & 3)),
            ..ServerSpec::preset(preset)
        };
        Setup {
            spec,
            serve_files: b0 & 0x08 == 0,
            uploads: match (b0 >> 4) & 3 {
                0 => Uploads::Refuse,
                1 => Uploads::Discard,
                _ => Uploads::Memory,
            },
            faults: Faults {
                drop_after_bytes: small(b1 & 3, 700),
                stall_after_bytes: small((b1 >> 2) & 3, 300),
                refuse_data_connection: ((b1 >> 4) & 3 != 0).then(|| u32::from((b1 >> 4) & 3)),
                close_after_commands: (b1 & 0x40 != 0).then_some(40),
                close_after_transfers: (b1 & 0x80 != 0).then_some(3),
            },
            max_line: if b3 & 1 == 0 { 4096 } else { 24 },
            max_upload_bytes: if b3 & 2 == 0 { 16 << 20 } else { 100 },
            data_connect_timeout: Duration::from_millis(500 + 500 * u64::from((b2 >> 6) & 1)),
            data_timeout: Duration::from_millis(2_000 + 2_000 * u64::from(b2 >> 7)),
            tree_limits: if b3 & 4 == 0 {
                TreeLimits::default()
            } else {
                TreeLimits {
                    max_nodes: 40,
                    max_stored_bytes: 2_000,
                }
            },
            ipv6: b0 & 0x40 != 0,
            logged_in: b0 & 0x80 != 0,
        }
    }
}

/// The operations of the bytes after the setup.
pub fn decode_ops(bytes: &[u8]) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut rest = bytes;
    let mut take = |n: usize| -> Vec<u8> {
        let n = n.min(rest.len());
        let (head, tail) = rest.split_at(n);
        rest = tail;
        head.to_vec()
    };
    while let Some(kind) = take(1).first().copied() {
        let arg = take(1).first().copied().unwrap_or(0);
        let op = match kind % 16 {
            0..=6 => {
                let index = usize::from(arg);
                match WORDS.get(index % (WORDS.len() + 8)) {
                    Some(word) => Op::Control(word.to_vec()),
                    None => Op::Control(take(usize::from(arg % 48))),
                }
            }
            7 => Op::Listener((arg != 0).then(|| 40_000 + u16::from(arg))),
            8 => Op::Connected {
                stranger: false,
                port: 50_000 + u16::from(arg),
            },
            9 => Op::Connected {
                stranger: true,
                port: 50_000 + u16::from(arg),
            },
            10 => Op::ConnectFailed,
            11 => Op::DataBytes(take(usize::from(arg % 64))),
            12 => Op::DataClosed,
            13 => Op::Fill(u16::from(arg) * 16),
            14 => Op::Advance(Duration::from_millis(u64::from(arg) * 60)),
            _ => match arg % 8 {
                0 => Op::PeerClosed,
                1 => Op::Shutdown,
                n => Op::Advance(Duration::from_secs(u64::from(n) * 40)),
            },
        };
        ops.push(op);
    }
    ops
}

/// The driver's side of the data channel, as the session asked for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct DataSide {
    /// `OpenPassive` came and its address was not reported yet.
    listener_asked: bool,
    listening: bool,
    /// `ConnectTo` is under way to this address.
    connecting: Option<SocketAddr>,
    connected: bool,
    sending: bool,
    receiving: bool,
}

/// The session, its gate and tree, and what the driver knows.
pub struct Model {
    pub session: Session,
    pub gate: Gate,
    tree: Option<Arc<SharedTree>>,
    pub now: Instant,
    peer: IpAddr,
    max_line: usize,
    limits: TreeLimits,
    /// The tree's size at the start (the demo's own files do not count
    /// against the limits uploads are held to).
    nodes_at_start: u64,
    stored_at_start: u64,
    data: DataSide,
    closed: bool,
    decoder: ReplyDecoder,
    /// Reply bytes seen, for the record.
    pub sent: u64,
}

/// Timers fired in one `Advance` before the model calls it a livelock.
const MAX_TIMERS: usize = 10_000;

impl Model {
    pub fn new(setup: &Setup) -> Model {
        let peer = if setup.ipv6 {
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        };
        let mut gate = Gate::from_spec(&setup.spec);
        let config = SessionConfig {
            uploads: setup.uploads,
            faults: setup.faults,
            max_line: setup.max_line,
            max_upload_bytes: setup.max_upload_bytes,
            data_connect_timeout: setup.data_connect_timeout,
            data_timeout: setup.data_timeout,
            ..SessionConfig::from_spec(&setup.spec).with_user("bob", "right")
        };
        let session = Session::connect(&mut gate, Arc::new(config), peer, Instant::ZERO);
        let mut model = Model {
            session,
            gate,
            tree: None,
            now: Instant::ZERO,
            peer,
            max_line: setup.max_line,
            limits: setup.tree_limits,
            nodes_at_start: 0,
            stored_at_start: 0,
            data: DataSide::default(),
            closed: false,
            decoder: ReplyDecoder::new(
                Config::rfc()
                    .with_max_line_len(1 << 20)
                    .with_max_lines(1 << 16),
            ),
            sent: 0,
        };
        if setup.serve_files {
            let tree = demo::tree(setup.tree_limits);
            model.nodes_at_start = tree.nodes();
            model.stored_at_start = tree.stored_bytes();
            let tree = Arc::new(SharedTree::new(tree));
            model.session.serve_files(tree.clone() as Arc<dyn Store>);
            model.tree = Some(tree);
        }
        model.check();
        if setup.logged_in {
            model.apply(&Op::Control(b"USER bob\r\nPASS right\r\n".to_vec()));
        }
        model
    }

    /// Runs a whole input: setup, then operations, then the client leaves;
    /// the gate must have every slot back.
    pub fn run(bytes: &[u8]) -> Model {
        let setup = Setup::decode(bytes);
        let ops = decode_ops(bytes.get(4..).unwrap_or_default());
        Model::run_ops(&setup, &ops)
    }

    pub fn run_ops(setup: &Setup, ops: &[Op]) -> Model {
        let mut model = Model::new(setup);
        for op in ops {
            model.apply(op);
        }
        model.apply(&Op::PeerClosed);
        assert!(model.closed, "no Close after the peer left");
        assert_eq!(model.gate.active(), 0, "a connection slot leaked");
        assert_eq!(model.gate.logged_in(), 0, "a login slot leaked");
        assert!(model.decoder.is_idle(), "a reply left unfinished");
        model
    }

    /// One operation, as a driver carries it out, then every check.
    pub fn apply(&mut self, op: &Op) {
        let now = self.now;
        match op {
            Op::Control(bytes) => self.session.handle_input(&mut self.gate, now, bytes),
            Op::Listener(port) => {
                if !self.data.listener_asked {
                    return;
                }
                self.data.listener_asked = false;
                let addr = port.map(|port| SocketAddr::new(self.peer, port));
                self.data.listening = addr.is_some();
                self.session.handle_data_listener(&mut self.gate, now, addr);
            }
            Op::Connected { stranger, port } => {
                if *stranger {
                    if !self.data.listening {
                        return;
                    }
                    let from = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), *port);
                    let accepted = self
                        .session
                        .handle_data_connected(&mut self.gate, now, from);
                    assert!(!accepted, "a data connection from {from} accepted");
                } else if self.data.listening {
                    let from = SocketAddr::new(self.peer, *port);
                    let accepted = self
                        .session
                        .handle_data_connected(&mut self.gate, now, from);
                    // One connection per listener, as the server does.
                    self.data.listening = false;
                    self.data.connected = accepted;
                } else if let Some(to) = self.data.connecting.take() {
                    self.data.connected =
                        self.session.handle_data_connected(&mut self.gate, now, to);
                } else {
                    return;
                }
            }
            Op::ConnectFailed => {
                if self.data.connecting.take().is_none() {
                    return;
                }
                self.session.handle_data_connect_failed(&mut self.gate, now);
            }
            Op::DataBytes(bytes) => {
                if !self.data.receiving {
                    return;
                }
                self.session.handle_data_bytes(now, bytes);
            }
            Op::DataClosed => {
                if !self.data.connected {
                    return;
                }
                self.data_closed();
            }
            Op::Fill(size) => {
                if !self.data.sending {
                    return;
                }
                let mut buf = vec![0u8; usize::from(*size)];
                match self.session.fill_data(&mut self.gate, now, &mut buf) {
                    Fill::Bytes(n) => {
                        assert!(n > 0 && n <= buf.len(), "filled {n} of {}", buf.len());
                    }
                    // Flushed and closed, as the driver must.
                    Fill::Done => {
                        self.drain();
                        self.data_closed();
                    }
                    Fill::Wait => {}
                }
            }
            Op::Advance(by) => {
                let until = now.saturating_add(*by);
                let mut fired = 0;
                while let Some(due) = self.session.poll_timeout().filter(|&due| due <= until) {
                    assert!(
                        due >= self.now,
                        "timer due at {due:?}, before {:?}",
                        self.now
                    );
                    self.now = due;
                    self.session.handle_timeout(&mut self.gate, due);
                    self.drain();
                    self.check();
                    if let Some(next) = self.session.poll_timeout() {
                        assert!(next > due, "a timer due at {due:?} was not consumed");
                    }
                    fired += 1;
                    assert!(fired < MAX_TIMERS, "timers without end");
                }
                self.now = until;
            }
            Op::PeerClosed => {
                // The driver drops the data connection with the control one.
                self.session.handle_peer_closed(&mut self.gate, now);
            }
            Op::Shutdown => self.session.shutdown(&mut self.gate, now),
        }
        self.drain();
        self.check();
    }

    fn data_closed(&mut self) {
        self.data.connected = false;
        self.data.sending = false;
        self.data.receiving = false;
        self.session.handle_data_closed(&mut self.gate, self.now);
        self.drain();
    }

    /// Carries out every output, checking each.
    fn drain(&mut self) {
        while let Some(output) = self.session.poll_output() {
            assert!(!self.closed, "{output:?} after Close");
            match output {
                Output::Send(bytes) => self.check_reply(&bytes),
                Output::Close => {
                    self.closed = true;
                    self.data = DataSide::default();
                }
                Output::OpenPassive => {
                    // A new listener replaces the old channel.
                    self.data = DataSide {
                        listener_asked: true,
                        ..DataSide::default()
                    };
                }
                Output::ConnectTo(addr) => {
                    assert_eq!(addr.ip(), self.peer, "a connection to a third party");
                    assert!(addr.port() >= 1024, "a connection to port {}", addr.port());
                    assert!(!self.data.connected, "a connect over a live connection");
                    self.data.connecting = Some(addr);
                }
                Output::StartSending => {
                    assert!(self.data.connected, "sending with no data connection");
                    self.data.sending = true;
                }
                Output::StartReceiving => {
                    assert!(self.data.connected, "receiving with no data connection");
                    self.data.receiving = true;
                }
                Output::CloseData => self.data = DataSide::default(),
                other => panic!("an output no driver knows: {other:?}"),
            }
        }
    }

    fn check_reply(&mut self, bytes: &[u8]) {
        assert!(!bytes.is_empty(), "an empty Send");
        self.sent += bytes.len() as u64;
        // Only CR LF line ends; no other control byte; 0xFF only doubled.
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' => {
                    assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a bare CR in {bytes:?}");
                    i += 1;
                }
                b'\n' => panic!("a bare LF in {bytes:?}"),
                0xFF => {
                    assert_eq!(bytes.get(i + 1), Some(&0xFF), "a lone 0xFF in {bytes:?}");
                    i += 1;
                }
                b @ (0..0x20 | 0x7F) => panic!("control byte {b:#04x} in {bytes:?}"),
                _ => {}
            }
            i += 1;
        }
        assert!(bytes.ends_with(b"\r\n"), "unterminated {bytes:?}");
        if let Err(e) = self.decoder.feed(bytes) {
            panic!("the core's parser refused {bytes:?}: {e}");
        }
        let replies = self.decoder.replies().count();
        assert!(replies > 0, "no whole reply in {bytes:?}");
        assert!(self.decoder.is_idle(), "a partial reply in {bytes:?}");
    }

    /// What holds after any call.
    fn check(&mut self) {
        let session = &self.session;
        assert_eq!(session.is_closed(), self.closed, "closed without Close");
        if self.closed {
            assert_eq!(session.poll_timeout(), None, "a timer after Close");
            assert_eq!(self.gate.active(), 0, "a closed session holds a slot");
            assert_eq!(self.gate.logged_in(), 0);
        }
        if let Some(due) = session.poll_timeout() {
            assert!(
                due >= self.now,
                "poll_timeout {due:?} is before {:?}",
                self.now
            );
        }
        assert!(
            session.buffered() <= self.max_line,
            "input buffer over max_line"
        );
        for name in session.cwd().names() {
            assert!(
                !name.is_empty() && name != "." && name != ".." && !name.contains('/'),
                "current directory {:?}",
                session.cwd().names()
            );
        }
        if let Some(tree) = &self.tree {
            let (nodes, stored) = {
                let mut sizes = (0, 0);
                tree.with_tree(&mut |t| sizes = (t.nodes(), t.stored_bytes()));
                sizes
            };
            assert!(
                nodes <= self.limits.max_nodes.max(self.nodes_at_start),
                "{nodes} nodes"
            );
            assert!(
                stored <= self.limits.max_stored_bytes.max(self.stored_at_start),
                "{stored} bytes held"
            );
        }
    }
}
