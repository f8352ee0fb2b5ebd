//! Sessions that serve a tree, driven through their data channel by a
//! virtual driver: byte-exact control replies against what the real servers
//! sent on loopback (the same commands and the same small tree), the bytes
//! on the data connection, and the rules that keep a session from touching
//! anything outside its tree or anyone but its client.

use std::net::SocketAddr;
use std::sync::Arc;

use core::net::{IpAddr, Ipv4Addr};

use ftpsim::admission::{Gate, Limits, Preset};
use ftpsim::session::{Faults, Fill, Output, Session, SessionConfig, Uploads};
use ftpsim::time::Instant;
use ftpsim::vfs::{Content, SharedTree, Store, Tree, TreeLimits, VPath};

/// 2024-03-05 14:07:09 UTC, the files' time in the measurements.
const MTIME: u64 = 1_709_647_629;
/// 2026-12-01 17:31:48 UTC, "now" in the measurements.
const NOW: u64 = 1_796_146_308;

const CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
const PASSIVE: &str = "127.0.0.1:40063";
const CLIENT_DATA: &str = "127.0.0.1:50000";

/// The measured tree: `/probe/hello.txt` (12 bytes), `/probe/sub/a.bin`
/// (1 byte), `/probe/incoming/` (writable).
fn tree() -> Tree {
    let mut tree = Tree::new(MTIME, TreeLimits::default());
    let at = |p: &str| VPath::parse(p).unwrap();
    tree.insert_file(
        &at("probe/hello.txt"),
        Content::literal(b"hello\nworld\n"),
        MTIME,
    )
    .unwrap();
    tree.insert_file(&at("probe/sub/a.bin"), Content::literal(b"x"), MTIME)
        .unwrap();
    tree.make_dirs(&at("probe/incoming"), MTIME).unwrap();
    tree
}

/// A client and a driver on a virtual clock: every command is sent, and
/// whatever data channel it asks for is opened, connected and drained at
/// once, the way a quick client on loopback sees it.
struct Harness {
    gate: Gate,
    session: Session,
    files: Arc<SharedTree>,
    control: Vec<u8>,
    data: Vec<u8>,
    /// Bytes the client uploads on the next receiving transfer.
    upload: Vec<u8>,
    /// Whether the client connects to a passive port as soon as it is told.
    connect_at_once: bool,
    listening: Option<SocketAddr>,
    now: Instant,
}

impl Harness {
    fn new(preset: Preset, limits: Limits, config: SessionConfig) -> Harness {
        let mut gate = Gate::new(limits, preset);
        let config = Arc::new(
            SessionConfig {
                unix_time_at_origin: NOW,
                ..config
            }
            .for_gate(&gate),
        );
        let mut session = Session::connect(&mut gate, config, CLIENT, Instant::ZERO);
        let files = Arc::new(SharedTree::new(tree()));
        session.serve_files(files.clone() as Arc<dyn Store>);
        let mut harness = Harness {
            gate,
            session,
            files,
            control: Vec::new(),
            data: Vec::new(),
            upload: Vec::new(),
            connect_at_once: true,
            listening: None,
            now: Instant::ZERO,
        };
        harness.drain();
        harness
    }

    fn send(&mut self, line: &str) -> String {
        self.control.clear();
        self.data.clear();
        self.now += core::time::Duration::from_millis(10);
        let bytes = format!("{line}\r\n");
        self.session
            .handle_input(&mut self.gate, self.now, bytes.as_bytes());
        self.drain();
        String::from_utf8_lossy(&self.control).into_owned()
    }

    fn drain(&mut self) {
        while let Some(output) = self.session.poll_output() {
            match output {
                Output::Send(bytes) => self.control.extend_from_slice(&bytes),
                Output::Close | Output::CloseData => self.listening = None,
                Output::OpenPassive => {
                    let addr: SocketAddr = PASSIVE.parse().unwrap();
                    self.listening = Some(addr);
                    self.session
                        .handle_data_listener(&mut self.gate, self.now, Some(addr));
                    if self.connect_at_once {
                        let accepted = self.session.handle_data_connected(
                            &mut self.gate,
                            self.now,
                            CLIENT_DATA.parse().unwrap(),
                        );
                        assert!(accepted, "the client's own data connection");
                    }
                }
                Output::ConnectTo(addr) => {
                    assert_eq!(addr.ip(), CLIENT, "a connection to a third party");
                    assert!(addr.port() >= 1024);
                    let accepted =
                        self.session
                            .handle_data_connected(&mut self.gate, self.now, addr);
                    assert!(accepted);
                }
                Output::StartSending => {
                    let mut buf = [0u8; 7];
                    loop {
                        match self.session.fill_data(&mut self.gate, self.now, &mut buf) {
                            Fill::Bytes(n) => self.data.extend_from_slice(&buf[..n]),
                            Fill::Done => break,
                            Fill::Wait => panic!("a download waits with nothing in the way"),
                        }
                    }
                    self.session.handle_data_closed(&mut self.gate, self.now);
                }
                Output::StartReceiving => {
                    let upload = std::mem::take(&mut self.upload);
                    for chunk in upload.chunks(3) {
                        self.session.handle_data_bytes(self.now, chunk);
                    }
                    self.session.handle_data_closed(&mut self.gate, self.now);
                }
                other => panic!("an output this test does not know: {other:?}"),
            }
        }
    }

    fn file(&self, path: &str) -> Option<Vec<u8>> {
        let tree = self.files.snapshot();
        let content = tree.content(&VPath::parse(path).unwrap()).ok()?;
        let mut bytes = vec![0u8; content.size() as usize];
        content.read_at(0, &mut bytes);
        Some(bytes)
    }
}

fn logged_in(preset: Preset) -> Harness {
    let mut h = Harness::new(preset, Limits::default(), SessionConfig::default());
    h.send("USER anonymous");
    let reply = h.send("PASS x@y");
    assert!(reply.starts_with("230"), "{reply}");
    h
}

/// Each command with the reply the real server sent, measured.
fn check(h: &mut Harness, exchanges: &[(&str, &str)]) {
    for (command, expected) in exchanges {
        assert_eq!(h.send(command), *expected, "{command}");
    }
}

#[test]
fn vsftpd_browses_and_downloads_as_measured() {
    let mut h = logged_in(Preset::Vsftpd);
    check(
        &mut h,
        &[
            ("PWD", "257 \"/\" is the current directory\r\n"),
            ("CWD probe", "250 Directory successfully changed.\r\n"),
            ("PWD", "257 \"/probe\" is the current directory\r\n"),
            ("CWD missing", "550 Failed to change directory.\r\n"),
            ("CWD sub", "250 Directory successfully changed.\r\n"),
            ("CDUP", "250 Directory successfully changed.\r\n"),
            ("TYPE I", "200 Switching to Binary mode.\r\n"),
            ("MODE S", "200 Mode set to S.\r\n"),
            ("MODE Z", "504 Bad MODE command.\r\n"),
            ("STRU F", "200 Structure set to F.\r\n"),
            ("ALLO 10", "202 ALLO command ignored.\r\n"),
            ("REST abc", "350 Restart position accepted (0).\r\n"),
            ("SIZE hello.txt", "213 12\r\n"),
            ("SIZE missing", "550 Could not get file size.\r\n"),
            ("SIZE sub", "550 Could not get file size.\r\n"),
            ("MDTM hello.txt", "213 20240305140709\r\n"),
            (
                "MDTM missing",
                "550 Could not get file modification time.\r\n",
            ),
            ("MLSD", "500 Unknown command.\r\n"),
            ("EPSV 2", "522 Bad network protocol.\r\n"),
            ("ABOR", "225 No transfer to ABOR.\r\n"),
            ("PORT 127,0,0,1,0,25", "500 Illegal PORT command.\r\n"),
            ("PORT 1,2,3,4,200,1", "500 Illegal PORT command.\r\n"),
            ("PORT x", "500 Illegal PORT command.\r\n"),
            ("EPRT |1|127.0.0.1|25|", "500 Illegal EPRT command.\r\n"),
            ("EPRT |1|10.0.0.1|5000|", "500 Illegal EPRT command.\r\n"),
            ("EPRT x", "500 Bad EPRT command.\r\n"),
            ("RETR hello.txt", "425 Use PORT or PASV first.\r\n"),
        ],
    );
    assert_eq!(
        h.send("PASV"),
        "227 Entering Passive Mode (127,0,0,1,156,127).\r\n"
    );
    assert_eq!(
        h.send("LIST"),
        "150 Here comes the directory listing.\r\n226 Directory send OK.\r\n"
    );
    // The measured lines, with the tree's own directory times.
    assert_eq!(
        String::from_utf8(h.data.clone()).unwrap(),
        "-rw-r--r--    1 0        0              12 Mar 05  2024 hello.txt\r\n\
         drwxr-xr-x    2 0        0            4096 Mar 05  2024 incoming\r\n\
         drwxr-xr-x    2 0        0            4096 Mar 05  2024 sub\r\n"
    );
    assert_eq!(
        h.send("EPSV"),
        "229 Entering Extended Passive Mode (|||40063|)\r\n"
    );
    h.send("NLST");
    assert_eq!(h.data, b"hello.txt\r\nincoming\r\nsub\r\n");
    h.send("EPSV");
    assert_eq!(
        h.send("LIST missing"),
        "150 Here comes the directory listing.\r\n226 Directory send OK.\r\n"
    );
    assert!(h.data.is_empty());
    h.send("REST 6");
    h.send("EPSV");
    assert_eq!(
        h.send("RETR hello.txt"),
        "150 Opening BINARY mode data connection for hello.txt (12 bytes).\r\n\
         226 Transfer complete.\r\n"
    );
    assert_eq!(h.data, b"world\n");
    // ascii_download_enable is off: TYPE A changes nothing on the wire.
    h.send("TYPE A");
    h.send("EPSV");
    h.send("RETR hello.txt");
    assert_eq!(h.data, b"hello\nworld\n");
    h.send("EPSV");
    assert_eq!(h.send("RETR missing"), "550 Failed to open file.\r\n");
    assert_eq!(h.send("RETR sub"), "550 Failed to open file.\r\n");
    assert_eq!(h.send("EPSV ALL"), "200 EPSV ALL ok.\r\n");
    assert_eq!(h.send("PASV"), "550 Permission denied.\r\n");
    assert_eq!(h.send("QUIT"), "221 Goodbye.\r\n");
    assert_eq!(h.gate.active(), 0);
}

#[test]
fn vsftpd_uploads_and_changes_as_measured() {
    let mut h = logged_in(Preset::Vsftpd);
    h.send("CWD probe");
    h.send("TYPE I");
    h.upload = b"a\nb\n".to_vec();
    h.send("EPSV");
    assert_eq!(
        h.send("STOR incoming/up.txt"),
        "150 Ok to send data.\r\n226 Transfer complete.\r\n"
    );
    h.upload = b"c\n".to_vec();
    h.send("EPSV");
    h.send("APPE incoming/up.txt");
    assert_eq!(h.file("probe/incoming/up.txt").unwrap(), b"a\nb\nc\n");
    h.send("EPSV");
    assert_eq!(h.send("STOR nope/up.txt"), "553 Could not create file.\r\n");
    check(
        &mut h,
        &[
            ("MKD incoming/d", "257 \"/probe/incoming/d\" created\r\n"),
            (
                "MKD incoming/d",
                "550 Create directory operation failed.\r\n",
            ),
            (
                "RMD incoming/d",
                "250 Remove directory operation successful.\r\n",
            ),
            ("RMD missing", "550 Remove directory operation failed.\r\n"),
            ("RNFR missing", "550 RNFR command failed.\r\n"),
            ("RNTO x", "503 RNFR required first.\r\n"),
            ("RNFR incoming/up.txt", "350 Ready for RNTO.\r\n"),
            ("RNTO incoming/up2.txt", "250 Rename successful.\r\n"),
            (
                "DELE incoming/up2.txt",
                "250 Delete operation successful.\r\n",
            ),
            ("DELE missing", "550 Delete operation failed.\r\n"),
            (
                "STAT hello.txt",
                "213-Status follows:\r\n\
                 -rw-r--r--    1 0        0              12 Mar 05  2024 hello.txt\r\n\
                 213 End of status\r\n",
            ),
        ],
    );
    assert_eq!(h.file("probe/incoming/up2.txt"), None);
}

#[test]
fn pyftpdlib_answers_as_measured() {
    let mut h = logged_in(Preset::Pyftpdlib);
    check(
        &mut h,
        &[
            ("CWD probe", "250 \"/probe\" is the current directory.\r\n"),
            ("CWD missing", "550 No such file or directory.\r\n"),
            ("MODE S", "200 Transfer mode set to: S\r\n"),
            ("STRU R", "504 Unimplemented STRU type.\r\n"),
            ("REST abc", "501 Invalid parameter.\r\n"),
            // Sessions start in ASCII, where pyftpdlib refuses every SIZE.
            ("TYPE I", "200 Type set to: Binary.\r\n"),
            ("SIZE missing", "550 /probe/missing is not retrievable.\r\n"),
            ("TYPE A", "200 Type set to: ASCII.\r\n"),
            ("SIZE hello.txt", "550 SIZE not allowed in ASCII mode.\r\n"),
            (
                "PORT 127,0,0,1,0,25",
                "501 PORT against the privileged port \"25\" refused.\r\n",
            ),
            (
                "PORT 1,2,3,4,200,1",
                "501 Rejected data connection to foreign address 1.2.3.4:51201.\r\n",
            ),
            (
                "MLST hello.txt",
                "250-Listing \"/probe/hello.txt\":\r\n \
                 modify=20240305140709;perm=radfw;size=12;type=file; /probe/hello.txt\r\n\
                 250 End MLST.\r\n",
            ),
        ],
    );
    // The client connected before the command: 125, as measured.
    h.send("EPSV");
    assert_eq!(
        h.send("RETR hello.txt"),
        "125 Data connection already open. Transfer starting.\r\n226 Transfer complete.\r\n"
    );
    assert_eq!(h.data, b"hello\r\nworld\r\n", "TYPE A converts");
    // Not yet connected: 150 at once, the transfer when the client comes.
    h.connect_at_once = false;
    h.send("TYPE I");
    h.send("EPSV");
    assert_eq!(
        h.send("RETR hello.txt"),
        "150 File status okay. About to open data connection.\r\n"
    );
    assert!(h.session.is_transferring());
    let accepted =
        h.session
            .handle_data_connected(&mut h.gate, h.now, CLIENT_DATA.parse().unwrap());
    assert!(accepted);
    h.control.clear();
    h.drain();
    assert_eq!(h.control, b"226 Transfer complete.\r\n");
    assert_eq!(h.data, b"hello\nworld\n");
}

#[test]
fn pure_ftpd_and_proftpd_listings_as_measured() {
    let mut h = logged_in(Preset::PureFtpd);
    h.send("CWD probe");
    h.send("PASV");
    assert_eq!(
        h.send("LIST"),
        "150 Accepted data connection\r\n226-Options: -l \r\n226 3 matches total\r\n"
    );
    assert_eq!(
        String::from_utf8(h.data.clone()).unwrap().lines().next(),
        Some("-rw-r--r--    1 0          0                  12 Mar  5  2024 hello.txt")
    );
    let mut h = logged_in(Preset::Proftpd);
    h.send("CWD probe");
    h.send("TYPE I");
    h.send("EPSV");
    assert_eq!(
        h.send("LIST missing"),
        "150 Opening BINARY mode data connection for file list\r\n\
         450 missing: No such file or directory\r\n"
    );
    h.send("REST 6");
    h.send("EPSV");
    assert_eq!(
        h.send("RETR hello.txt"),
        "150 Opening BINARY mode data connection for hello.txt (6 bytes)\r\n\
         226 Transfer complete\r\n"
    );
}

#[test]
fn feat_advertises_what_is_implemented() {
    let mut h = logged_in(Preset::Vsftpd);
    assert_eq!(
        h.send("FEAT"),
        "211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n"
    );
    let mut h = logged_in(Preset::Pyftpdlib);
    let feat = h.send("FEAT");
    assert!(
        feat.contains(" MLST modify*;perm*;size*;type*;\r\n"),
        "{feat}"
    );
    assert!(!feat.contains("MFMT"), "not implemented: {feat}");
}

#[test]
fn nothing_outside_the_tree_and_no_third_party() {
    for preset in Preset::ALL {
        let mut h = logged_in(preset);
        // Traversal stays at the root.
        h.send("CWD /../../..");
        assert_eq!(h.session.cwd(), &VPath::ROOT, "{preset}");
        h.send("CWD ..%2F..%2Fetc");
        assert_eq!(h.session.cwd(), &VPath::ROOT, "{preset}");
        h.send("EPSV");
        h.send("RETR ../../../../etc/passwd");
        assert!(h.data.is_empty(), "{preset}");
        // PORT to another address or to port 25: refused, no connect.
        for port in ["PORT 10,0,0,1,200,1", "PORT 127,0,0,1,0,25"] {
            let reply = h.send(port);
            assert!(reply.starts_with('5'), "{preset} {port}: {reply}");
            h.send("EPSV");
            h.send("NLST");
        }
        // A passive connection from a second address is refused.
        h.connect_at_once = false;
        h.send("PASV");
        let stranger: SocketAddr = "127.0.0.2:50000".parse().unwrap();
        assert!(
            !h.session
                .handle_data_connected(&mut h.gate, h.now, stranger),
            "{preset}"
        );
        // Control bytes in a name are never echoed raw.
        let reply = h.send("CWD \u{1b}[31mx");
        assert!(!reply.contains('\u{1b}'), "{preset}: {reply:?}");
    }
}

#[test]
fn pyftpdlib_counts_data_channels_against_max_cons() {
    // max_cons = 3: the listener and this client leave room for one more
    // socket, which the passive listener takes.
    let limits = Limits {
        max_clients: Some(3),
        ..Limits::default()
    };
    let mut h = Harness::new(Preset::Pyftpdlib, limits, SessionConfig::default());
    h.send("USER anonymous");
    h.send("PASS x");
    h.connect_at_once = false;
    assert!(h.send("PASV").starts_with("227"));
    assert!(
        !h.gate
            .on_connect(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9)), h.now)
            .is_welcome(),
        "the data socket fills max_cons"
    );
    h.send("ABOR");
    assert_eq!(h.gate.data_sockets(), 0);
    let mut other = Gate::new(
        Limits {
            max_clients: Some(2),
            ..Limits::default()
        },
        Preset::Pyftpdlib,
    );
    let config = Arc::new(SessionConfig::default().for_gate(&other));
    let mut session = Session::connect(&mut other, config, CLIENT, Instant::ZERO);
    session.serve_files(Arc::new(SharedTree::new(tree())));
    session.handle_input(
        &mut other,
        Instant::ZERO,
        b"USER anonymous\r\nPASS x\r\nPASV\r\n",
    );
    let mut replies = Vec::new();
    while let Some(output) = session.poll_output() {
        if let Output::Send(bytes) = output {
            replies.extend_from_slice(&bytes);
        }
    }
    assert!(
        String::from_utf8_lossy(&replies)
            .ends_with("425 Too many connections. Can't open data channel.\r\n"),
        "{}",
        String::from_utf8_lossy(&replies)
    );
}

#[test]
fn uploads_are_bounded_and_can_be_discarded() {
    let config = SessionConfig {
        max_upload_bytes: 5,
        ..SessionConfig::default()
    };
    let mut h = Harness::new(Preset::Vsftpd, Limits::default(), config);
    h.send("USER anonymous");
    h.send("PASS x");
    h.upload = b"0123456789".to_vec();
    h.send("EPSV");
    assert_eq!(
        h.send("STOR big"),
        "150 Ok to send data.\r\n451 Failure writing to local file.\r\n"
    );
    assert_eq!(h.file("big"), None);
    let config = SessionConfig {
        uploads: Uploads::Discard,
        ..SessionConfig::default()
    };
    let mut h = Harness::new(Preset::Vsftpd, Limits::default(), config);
    h.send("USER anonymous");
    h.send("PASS x");
    h.upload = b"abc".to_vec();
    h.send("EPSV");
    assert!(
        h.send("STOR thrown")
            .ends_with("226 Transfer complete.\r\n")
    );
    assert_eq!(h.file("thrown"), None);
}

#[test]
fn faults_drop_and_close() {
    let config = SessionConfig {
        faults: Faults {
            drop_after_bytes: Some(5),
            close_after_transfers: Some(2),
            ..Faults::default()
        },
        ..SessionConfig::default()
    };
    let mut h = Harness::new(Preset::Vsftpd, Limits::default(), config);
    h.send("USER anonymous");
    h.send("PASS x");
    h.send("CWD probe");
    h.send("EPSV");
    let mut buf = [0u8; 64];
    h.session
        .handle_input(&mut h.gate, h.now, b"RETR hello.txt\r\n");
    // Drive by hand: pull until the fault drops the connection.
    let mut got = Vec::new();
    let mut replies = Vec::new();
    while let Some(output) = h.session.poll_output() {
        match output {
            Output::Send(bytes) => replies.extend_from_slice(&bytes),
            Output::StartSending => {
                while let Fill::Bytes(n) = h.session.fill_data(&mut h.gate, h.now, &mut buf) {
                    got.extend_from_slice(&buf[..n]);
                }
            }
            _ => {}
        }
    }
    assert_eq!(got, b"hello");
    assert!(
        String::from_utf8_lossy(&replies).ends_with("426 Failure writing network stream.\r\n"),
        "{}",
        String::from_utf8_lossy(&replies)
    );
    // Two completed transfers (uploads: the drop fault is for downloads),
    // then 421.
    h.upload = b"x".to_vec();
    h.send("EPSV");
    h.send("STOR incoming/a");
    h.upload = b"y".to_vec();
    h.send("EPSV");
    let last = h.send("STOR incoming/b");
    assert!(
        last.ends_with("421 Service not available, closing control connection.\r\n"),
        "{last}"
    );
    assert!(h.session.is_closed());
    assert_eq!(h.gate.active(), 0);
}

#[test]
fn the_idle_timeout_waits_for_a_transfer_and_the_data_timeout_ends_it() {
    let config = SessionConfig {
        idle_timeout: Some(core::time::Duration::from_secs(10)),
        data_timeout: core::time::Duration::from_secs(30),
        faults: Faults {
            stall_after_bytes: Some(3),
            ..Faults::default()
        },
        ..SessionConfig::default()
    };
    let mut h = Harness::new(Preset::Vsftpd, Limits::default(), config);
    h.send("USER anonymous");
    h.send("PASS x");
    h.send("EPSV");
    h.session
        .handle_input(&mut h.gate, h.now, b"RETR probe/hello.txt\r\n");
    let mut buf = [0u8; 64];
    while let Some(output) = h.session.poll_output() {
        if output == Output::StartSending {
            assert_eq!(
                h.session.fill_data(&mut h.gate, h.now, &mut buf),
                Fill::Bytes(3)
            );
            assert_eq!(
                h.session.fill_data(&mut h.gate, h.now, &mut buf),
                Fill::Wait
            );
        }
    }
    // Past the idle timeout: still open, the transfer holds it.
    let later = h.now + core::time::Duration::from_secs(20);
    assert!(h.session.poll_timeout().unwrap() > later);
    h.session.handle_timeout(&mut h.gate, later);
    assert!(!h.session.is_closed());
    let due = h.session.poll_timeout().unwrap();
    h.session.handle_timeout(&mut h.gate, due);
    let mut replies = Vec::new();
    while let Some(output) = h.session.poll_output() {
        if let Output::Send(bytes) = output {
            replies.extend_from_slice(&bytes);
        }
    }
    assert_eq!(replies, b"421 Data timeout. Reconnect. Sorry.\r\n");
    assert!(h.session.is_closed());
    assert_eq!(h.gate.active(), 0);
}

#[test]
fn abor_after_a_transfer_with_its_urgent_dm_taken_out() {
    let mut h = logged_in(Preset::PureFtpd);
    h.send("EPSV");
    h.send("RETR probe/hello.txt");
    h.control.clear();
    h.session
        .handle_input(&mut h.gate, h.now, &[0xFF, 0xF4, 0xFF]);
    h.session.handle_input(&mut h.gate, h.now, b"ABOR\r\n");
    h.drain();
    assert_eq!(
        String::from_utf8_lossy(&h.control),
        "226 Since you see this ABOR must've succeeded\r\n"
    );
}

#[test]
fn dot_files_in_listings_as_measured() {
    let hidden = |h: &Harness| {
        h.files.with_tree(&mut |tree| {
            tree.insert_file(
                &VPath::parse("probe/.hidden").unwrap(),
                Content::literal(b"x"),
                MTIME,
            )
            .unwrap();
        });
    };
    let listing = |h: &mut Harness, command: &str| {
        h.send("PASV");
        let reply = h.send(command);
        (reply, String::from_utf8(h.data.clone()).unwrap())
    };
    // vsftpd: left out of LIST and NLST, shown by LIST -a.
    let mut h = logged_in(Preset::Vsftpd);
    hidden(&h);
    h.send("CWD probe");
    assert!(!listing(&mut h, "LIST").1.contains(".hidden"));
    assert_eq!(
        listing(&mut h, "NLST").1,
        "hello.txt\r\nincoming\r\nsub\r\n"
    );
    assert!(listing(&mut h, "LIST -a").1.contains(" .hidden\r\n"));
    // Pure-FTPd: left out of LIST; NLST names everything, `.` and `..` too.
    let mut h = logged_in(Preset::PureFtpd);
    hidden(&h);
    h.send("CWD probe");
    let (reply, data) = listing(&mut h, "LIST");
    assert!(reply.ends_with("226 3 matches total\r\n"), "{reply}");
    assert!(!data.contains(".hidden"));
    assert_eq!(
        listing(&mut h, "NLST"),
        (
            "150 Accepted data connection\r\n226 6 matches total\r\n".to_string(),
            ".\r\n..\r\n.hidden\r\nhello.txt\r\nincoming\r\nsub\r\n".to_string()
        )
    );
    // pyftpdlib: every name, always.
    let mut h = logged_in(Preset::Pyftpdlib);
    hidden(&h);
    h.send("CWD probe");
    assert!(listing(&mut h, "LIST").1.contains(" .hidden\r\n"));
    assert_eq!(
        listing(&mut h, "NLST").1,
        ".hidden\r\nhello.txt\r\nincoming\r\nsub\r\n"
    );
}

#[test]
fn pure_ftpd_quit_counts_the_kbytes_moved() {
    let mut h = logged_in(Preset::PureFtpd);
    h.send("CWD probe");
    h.send("TYPE I");
    // A listing is not a download.
    h.send("PASV");
    h.send("LIST");
    h.send("PASV");
    h.send("RETR hello.txt");
    assert_eq!(h.data, b"hello\nworld\n");
    h.upload = vec![b'u'; 2049];
    h.send("PASV");
    let reply = h.send("STOR incoming/up.bin");
    assert!(reply.starts_with("150"), "{reply}");
    // 12 bytes are 1 KiB rounded up; 2049 are 3.
    assert_eq!(
        h.send("QUIT"),
        "221-Goodbye. You uploaded 3 and downloaded 1 kbytes.\r\n221 Logout.\r\n"
    );
}

#[test]
fn empty_files_as_measured() {
    let empty = |h: &Harness| {
        h.files.with_tree(&mut |tree| {
            tree.insert_file(
                &VPath::parse("probe/empty").unwrap(),
                Content::literal(b""),
                MTIME,
            )
            .unwrap();
        });
    };
    // Pure-FTPd writes no rate for a transfer of nothing.
    let mut h = logged_in(Preset::PureFtpd);
    empty(&h);
    h.send("TYPE I");
    h.send("EPSV");
    assert_eq!(
        h.send("RETR probe/empty"),
        "150 Accepted data connection\r\n226 File successfully transferred\r\n"
    );
    // ProFTPD quotes no size when there is none to send.
    let mut h = logged_in(Preset::Proftpd);
    empty(&h);
    h.send("TYPE I");
    h.send("EPSV");
    assert_eq!(
        h.send("RETR probe/empty"),
        "150 Opening BINARY mode data connection for probe/empty\r\n226 Transfer complete\r\n"
    );
}

#[test]
fn stat_quotes_the_session_as_measured() {
    // vsftpd, anonymous, the first client, its default idle timeout.
    let config = SessionConfig {
        idle_timeout: Some(core::time::Duration::from_secs(300)),
        ..SessionConfig::default()
    };
    let mut h = Harness::new(Preset::Vsftpd, Limits::default(), config);
    h.send("USER anonymous");
    h.send("PASS x@y");
    assert_eq!(
        h.send("STAT"),
        "211-FTP server status:\r\n     Connected to 127.0.0.1\r\n     Logged in as ftp\r\n     \
         TYPE: ASCII\r\n     No session bandwidth limit\r\n     Session timeout in seconds is \
         300\r\n     Control connection is plain text\r\n     Data connections will be plain \
         text\r\n     At session startup, client count was 1\r\n     vsFTPd 3.0.3 - secure, \
         fast, stable\r\n211 End of status\r\n"
    );
    // Without an idle timeout (postlogin.c).
    let mut h = logged_in(Preset::Vsftpd);
    assert!(h.send("STAT").contains("\r\n     No session timeout\r\n"));
    // ProFTPD counts the bytes its data connections moved, once there are
    // any.
    let mut h = logged_in(Preset::Proftpd);
    let before = h.send("STAT");
    assert_eq!(
        before,
        "211-Status of 'ProFTPD'\r\n Connected from 127.0.0.1 (127.0.0.1)\r\n Logged in as ftp\r\n \
         TYPE: ASCII, STRUcture: File, Mode: Stream\r\n No data connection\r\n211 End of status\r\n"
    );
    h.send("TYPE I");
    h.send("EPSV");
    h.send("RETR probe/hello.txt");
    assert!(
        h.send("STAT")
            .contains("\r\n Total bytes transferred for session: 12\r\n No data connection\r\n")
    );
}

#[test]
fn files_that_are_not_what_the_command_wants_as_measured() {
    // CWD to a file, MDTM of a directory, RETR of a directory without a
    // data connection.
    let cases: [(Preset, [&str; 3]); 4] = [
        (
            Preset::Vsftpd,
            [
                "550 Failed to change directory.\r\n",
                "550 Could not get file modification time.\r\n",
                "425 Use PORT or PASV first.\r\n",
            ],
        ),
        (
            Preset::PureFtpd,
            [
                "550 Can't change directory to hello.txt: Not a directory\r\n",
                "550 I can only retrieve regular files\r\n",
                "550 I can only retrieve regular files\r\n",
            ],
        ),
        (
            Preset::Proftpd,
            [
                "550 hello.txt: Not a directory\r\n",
                "550 sub: not a plain file\r\n",
                "550 sub: Not a regular file\r\n",
            ],
        ),
        (
            Preset::Pyftpdlib,
            [
                "550 Not a directory.\r\n",
                "550 /probe/sub is not retrievable\r\n",
                "550 Is a directory.\r\n",
            ],
        ),
    ];
    for (preset, [cwd, mdtm, retr]) in cases {
        let mut h = logged_in(preset);
        h.send("CWD probe");
        assert_eq!(h.send("CWD hello.txt"), cwd, "{preset}");
        assert_eq!(h.send("MDTM sub"), mdtm, "{preset}");
        assert_eq!(h.send("RETR sub"), retr, "{preset}");
    }
}

#[test]
fn unsupported_modes_and_unknown_types_as_measured() {
    let cases: [(Preset, &str, &str); 4] = [
        (
            Preset::Vsftpd,
            "504 Bad MODE command.\r\n",
            "500 Unrecognised TYPE command.\r\n",
        ),
        (
            Preset::PureFtpd,
            "504 Please use S(tream) mode\r\n",
            "504-Unknown TYPE: X\r\n504 TYPE is now 8-bit binary\r\n",
        ),
        (
            Preset::Proftpd,
            "504 'MODE B' unsupported transfer mode\r\n",
            "504 TYPE not implemented for 'X' parameter\r\n",
        ),
        (
            Preset::Pyftpdlib,
            "504 Unimplemented MODE type.\r\n",
            "504 Unsupported type \"X\".\r\n",
        ),
    ];
    for (preset, mode, kind) in cases {
        let mut h = logged_in(preset);
        h.send("TYPE I");
        assert_eq!(h.send("MODE B"), mode, "{preset}");
        assert_eq!(h.send("TYPE X"), kind, "{preset}");
    }
    // Pure-FTPd quotes the type in force.
    let mut h = logged_in(Preset::PureFtpd);
    assert_eq!(
        h.send("TYPE X"),
        "504-Unknown TYPE: X\r\n504 TYPE is now ASCII\r\n"
    );
}

#[test]
fn listings_by_name_as_measured() {
    let nlst = |h: &mut Harness, command: &str| {
        h.send("PASV");
        let reply = h.send(command);
        (reply, String::from_utf8(h.data.clone()).unwrap())
    };
    // vsftpd and ProFTPD name each entry under the directory asked for.
    for preset in [Preset::Vsftpd, Preset::Proftpd] {
        let mut h = logged_in(preset);
        assert_eq!(
            nlst(&mut h, "NLST probe/sub").1,
            "probe/sub/a.bin\r\n",
            "{preset}"
        );
        assert_eq!(
            nlst(&mut h, "NLST probe/hello.txt").1,
            "probe/hello.txt\r\n"
        );
    }
    // Pure-FTPd too, with `.` and `..`, and refuses NLST of a file.
    let mut h = logged_in(Preset::PureFtpd);
    assert_eq!(
        nlst(&mut h, "NLST probe/sub").1,
        "probe/sub/.\r\nprobe/sub/..\r\nprobe/sub/a.bin\r\n"
    );
    assert_eq!(
        nlst(&mut h, "NLST probe/hello.txt").0,
        "550 Can't check for file existence\r\n"
    );
    // pyftpdlib: bare names; options only alone, else part of the path.
    let mut h = logged_in(Preset::Pyftpdlib);
    assert_eq!(nlst(&mut h, "NLST probe/sub").1, "a.bin\r\n");
    h.send("CWD probe");
    assert!(nlst(&mut h, "LIST -la").1.contains(" hello.txt\r\n"));
    assert_eq!(
        nlst(&mut h, "LIST -la sub").0,
        "550 No such file or directory.\r\n"
    );
}

#[test]
fn quotes_in_paths_as_measured() {
    let cases: [(Preset, &str, &str); 3] = [
        (
            Preset::Vsftpd,
            "250 Directory successfully changed.\r\n",
            "257 \"/say \"\"hi\"\"\" is the current directory\r\n",
        ),
        // Pure-FTPd doubles them nowhere, not even after 257.
        (
            Preset::PureFtpd,
            "250 OK. Current directory is /say \"hi\"\r\n",
            "257 \"/say \"hi\"\" is your current location\r\n",
        ),
        // pyftpdlib only after 257.
        (
            Preset::Pyftpdlib,
            "250 \"/say \"hi\"\" is the current directory.\r\n",
            "257 \"/say \"\"hi\"\"\" is the current directory.\r\n",
        ),
    ];
    for (preset, cwd, pwd) in cases {
        let mut h = logged_in(preset);
        h.files.with_tree(&mut |tree| {
            tree.make_dirs(&VPath::parse("say \"hi\"").unwrap(), MTIME)
                .unwrap();
        });
        assert_eq!(h.send("CWD say \"hi\""), cwd, "{preset}");
        assert_eq!(h.send("PWD"), pwd, "{preset}");
    }
}

#[test]
fn refused_changes_as_measured() {
    let config = SessionConfig {
        uploads: Uploads::Refuse,
        ..SessionConfig::default()
    };
    let mut h = Harness::new(Preset::PureFtpd, Limits::default(), config.clone());
    h.send("USER anonymous");
    h.send("PASS x");
    check(
        &mut h,
        &[
            // Anonymous: refused whatever the uploads setting (ftpd.c).
            (
                "MKD probe/new",
                "550 Sorry, anonymous users are not allowed to create directories\r\n",
            ),
            (
                "DELE probe/hello.txt",
                "550 Anonymous users can not delete files\r\n",
            ),
            (
                "RNFR probe/hello.txt",
                "550 Anonymous users are not allowed to move/rename files\r\n",
            ),
        ],
    );
    // ProFTPD: the path and the reason, RNFR accepted.
    let mut h = Harness::new(Preset::Proftpd, Limits::default(), config);
    h.send("USER anonymous");
    h.send("PASS x");
    check(
        &mut h,
        &[
            ("MKD new", "550 new: Permission denied\r\n"),
            (
                "RNFR probe/hello.txt",
                "350 File or directory exists, ready for destination name\r\n",
            ),
            ("RNTO other", "550 other: Permission denied\r\n"),
        ],
    );
}
