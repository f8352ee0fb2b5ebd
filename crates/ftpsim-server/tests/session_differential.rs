//! A whole session, byte for byte, against the real servers: the same
//! small directory served by vsftpd (anonymously, as its `anon_root`),
//! Pure-FTPd (to a chrooted virtual user), ProFTPD (its `<Anonymous>`
//! directory) or pyftpdlib (its anonymous home), and by ftpsim with that
//! preset and `--tree DIR`; the same scripted client against each (login,
//! PWD, CWD into a missing and an existing directory, CDUP, LIST before
//! any TYPE, TYPE, PASV and EPSV, LIST, NLST, SIZE, MDTM, RETR in both
//! types, missing files, QUIT). What the client sees on the control
//! connection and on every data connection must be the same bytes.
//!
//! Dates are not masked: the test sets every modification time, and the
//! servers are asked to write UTC, so LIST and MDTM are compared too,
//! including which side of each server's "recent" window a file falls.
//! File owners are not masked either: the files belong to the user running
//! the test, root, which the real servers need, and which ftpsim's `0 0`
//! (`root root` where names are shown) stands for.
//!
//! What cannot match is masked, line by line, in the control replies by
//! the named functions of [`MASKS`], each of which replaces just the
//! varying token of a line whose every other byte it checks; in data only
//! [`nlst_order`] (Pure-FTPd's and ProFTPD's NLST) and [`directory_size`]
//! (only on a file system whose directories are not 4096 bytes). Each mask
//! counts where it applied, and the test fails unless each applied exactly
//! where the script expects it, on both sides.
//!
//! The real servers are started by the test on 127.0.0.1 and a free port
//! and stopped by PID; under libtest-mimic, a server that is missing makes
//! its test ignored, with the reason (failed under `CI=true`).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::*;
use ftpsim::admission::Preset;
use ftpsim::reply::parser::Config;
use ftpsim::session::Uploads;
use ftpsim::vfs::DIR_SIZE;
use ftpsim_client::reply_reader::ReplyReader;
use ftpsim_peers::servers::{
    Login, ProftpdLimits, PyftpdlibLimits, RealConfig, RealLimits, RealServer, StartError,
};
use ftpsim_peers::trials;
use ftpsim_server::ServerConfig;
use ftpsim_server::config::{Credentials, TreeSource};

fn main() {
    ftpsim_peers::run(trials![
        vsftpd_whole_session,
        pure_ftpd_whole_session,
        proftpd_whole_session,
        pyftpdlib_whole_session,
        masks_replace_only_the_token_they_name,
        masks_refuse_lines_of_another_shape,
    ]);
}

// ---------------------------------------------------------------------------
// Masks

/// A named replacement of what legitimately differs between two servers
/// that behave the same, applied to one line of a reply (without its
/// CR LF). `None`: the line is not of the shape the mask is for, and stays
/// as it is.
struct Mask {
    name: &'static str,
    apply: MaskFn,
}

type MaskFn = fn(&str) -> Option<String>;

/// The masks of control replies. [`directory_size`], which applies to
/// LIST data, is apart.
const MASKS: [Mask; 6] = [
    Mask {
        name: "vsftpd_version",
        apply: vsftpd_version,
    },
    Mask {
        name: "vsftpd_status_version",
        apply: vsftpd_status_version,
    },
    Mask {
        name: "pure_ftpd_clock",
        apply: pure_ftpd_clock,
    },
    Mask {
        name: "pasv_port",
        apply: pasv_port,
    },
    Mask {
        name: "epsv_port",
        apply: epsv_port,
    },
    Mask {
        name: "pure_ftpd_transfer_rate",
        apply: pure_ftpd_transfer_rate,
    },
];

/// `220 (vsFTPd 3.0.3)`: Debian may update the package; the preset's
/// version is pinned by the core's own tests, and the rest of the greeting
/// is compared.
fn vsftpd_version(line: &str) -> Option<String> {
    let version = line.strip_prefix("220 (vsFTPd ")?.strip_suffix(')')?;
    is_version(version).then(|| "220 (vsFTPd <version>)".to_string())
}

/// `     vsFTPd 3.0.3 - secure, fast, stable` in STAT's reply: the same
/// version as the greeting's, masked for the same reason.
fn vsftpd_status_version(line: &str) -> Option<String> {
    let version = line
        .strip_prefix("     vsFTPd ")?
        .strip_suffix(" - secure, fast, stable")?;
    is_version(version).then(|| "     vsFTPd <version> - secure, fast, stable".to_string())
}

/// `220-Local time is now 20:19. Server port: 40021.`: the time of day
/// moves, and each server listens on a port of its own.
fn pure_ftpd_clock(line: &str) -> Option<String> {
    let rest = line.strip_prefix("220-Local time is now ")?;
    let (clock, port) = rest.split_once(". Server port: ")?;
    let port = port.strip_suffix('.')?;
    let (hours, minutes) = clock.split_once(':')?;
    (is_digits(hours, 2) && is_digits(minutes, 2) && is_number(port))
        .then(|| "220-Local time is now <clock>. Server port: <port>.".to_string())
}

/// `227 … (127,0,0,1,p1,p2)…`: the passive port is any free one. The
/// address and every other byte are compared.
fn pasv_port(line: &str) -> Option<String> {
    if !line.starts_with("227 ") {
        return None;
    }
    let open = line.find('(')?;
    let close = open + line[open..].find(')')?;
    let numbers: Vec<&str> = line[open + 1..close].split(',').collect();
    if numbers.len() != 6 || !numbers.iter().all(|n| is_byte(n)) {
        return None;
    }
    Some(format!(
        "{}({},<port>){}",
        &line[..open],
        numbers[..4].join(","),
        &line[close + 1..]
    ))
}

/// `229 … (|||port|)…`: the passive port is any free one.
fn epsv_port(line: &str) -> Option<String> {
    if !line.starts_with("229 ") {
        return None;
    }
    let open = line.find("(|||")?;
    let close = open + 4 + line[open + 4..].find("|)")?;
    is_number(&line[open + 4..close])
        .then(|| format!("{}(|||<port>|){}", &line[..open], &line[close + 2..]))
}

/// `226 0.000 seconds (measured here), 11.72 Mbytes per second`: the
/// duration of a transfer and the rate (with its unit, chosen by the rate)
/// are measured on the wall clock.
fn pure_ftpd_transfer_rate(line: &str) -> Option<String> {
    let rest = line.strip_prefix("226 ")?;
    let (seconds, rest) = rest.split_once(" seconds (measured here), ")?;
    let rest = rest.strip_suffix(" per second")?;
    let (rate, unit) = rest.split_once(' ')?;
    (is_decimal(seconds, 3) && is_decimal(rate, 2) && ["bytes", "Kbytes", "Mbytes"].contains(&unit))
        .then(|| "226 <seconds> seconds (measured here), <rate> per second".to_string())
}

/// In a LIST line of a directory, its size: that of the file system under
/// the test's directory, not the server's (ext4 says 4096, which ftpsim
/// writes; tmpfs, btrfs and XFS say other things). Applied to data only
/// where the file system is not one that says 4096 ([`list_data`]).
fn directory_size(line: &str) -> Option<String> {
    if !line.starts_with('d') {
        return None;
    }
    // mode, links, owner, group, size: the size is the fifth column,
    // right-aligned, so the spaces before it are masked with it (a size of
    // another length is padded otherwise).
    let mut columns = 0;
    let mut at = 0;
    let bytes = line.as_bytes();
    while at < bytes.len() {
        let gap = at;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && bytes[at] != b' ' {
            at += 1;
        }
        columns += 1;
        if columns == 5 {
            let size = &line[start..at];
            return is_number(size).then(|| format!("{} <size>{}", &line[..gap], &line[at..]));
        }
    }
    None
}

/// NLST's lines sorted: Pure-FTPd and ProFTPD write the names in the
/// order readdir(3) gives them (on ext4, by a hash of each name seeded per
/// file system), which a tree that has no disk cannot know. Which names,
/// their bytes and their count are still compared. Applied to their NLST
/// only: vsftpd and pyftpdlib sort their own, and every LIST is sorted.
fn nlst_order(listing: &[u8]) -> Vec<u8> {
    let mut lines: Vec<&[u8]> = listing.split_inclusive(|&b| b == b'\n').collect();
    lines.sort_unstable();
    lines.concat()
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn is_digits(text: &str, n: usize) -> bool {
    text.len() == n && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_byte(text: &str) -> bool {
    is_number(text) && text.parse::<u16>().is_ok_and(|n| n < 256)
}

fn is_decimal(text: &str, places: usize) -> bool {
    text.split_once('.')
        .is_some_and(|(whole, fraction)| is_number(whole) && is_digits(fraction, places))
}

fn is_version(text: &str) -> bool {
    !text.is_empty() && text.split('.').all(is_number) && text.split('.').count() <= 4
}

// ---------------------------------------------------------------------------
// Transcripts

/// Everything the client saw, one entry per reply or data connection, with
/// the masks applied and counted.
#[derive(Default)]
struct Transcript {
    entries: Vec<String>,
    /// How many lines (for `nlst_order`, listings) each mask changed.
    hits: BTreeMap<&'static str, usize>,
    /// The data of every data connection, as received (masked where a
    /// data mask applies).
    raw: Vec<Vec<u8>>,
}

impl Transcript {
    fn control(&mut self, label: &str, reply: &[u8]) {
        let reply = text(reply);
        let mut masked = String::new();
        for line in reply.split_inclusive("\r\n") {
            let (body, end) = match line.strip_suffix("\r\n") {
                Some(body) => (body, "\r\n"),
                None => (line, ""),
            };
            let mut out = body.to_string();
            for mask in &MASKS {
                if let Some(replaced) = (mask.apply)(&out) {
                    *self.hits.entry(mask.name).or_default() += 1;
                    out = replaced;
                }
            }
            masked.push_str(&out);
            masked.push_str(end);
        }
        self.entries.push(format!("{label} -> {masked:?}"));
    }

    fn data(&mut self, label: &str, bytes: &[u8]) {
        // Long data is shown by its length and a checksum; the bytes
        // themselves are compared (`raw`).
        let shown = if bytes.len() <= 1024 {
            format!("{:?}", text(bytes))
        } else {
            format!("fnv1a64 {:016x}", fnv1a64(bytes))
        };
        self.entries
            .push(format!("{label} data ({} bytes): {shown}", bytes.len()));
        self.raw.push(bytes.to_vec());
    }

    /// NLST's data, its lines in order of the bytes where the server
    /// writes them in the file system's order ([`nlst_order`]).
    fn nlst_data(&mut self, label: &str, bytes: &[u8], sort: bool) {
        if !sort {
            return self.data(label, bytes);
        }
        *self.hits.entry("nlst_order").or_default() += 1;
        self.data(label, &nlst_order(bytes));
    }

    /// A LIST's data, directory sizes masked where the file system does not
    /// say [`DIR_SIZE`].
    fn list_data(&mut self, label: &str, bytes: &[u8], mask_directory_size: bool) {
        if !mask_directory_size {
            return self.data(label, bytes);
        }
        let listing = text(bytes);
        let mut masked = String::new();
        for line in listing.split_inclusive("\r\n") {
            match line.strip_suffix("\r\n").and_then(directory_size) {
                Some(replaced) => {
                    *self.hits.entry("directory_size").or_default() += 1;
                    masked.push_str(&replaced);
                    masked.push_str("\r\n");
                }
                None => masked.push_str(line),
            }
        }
        self.data(label, masked.as_bytes());
    }
}

/// The control connection, its replies read with the core's parser; bytes
/// after a reply stay for the next.
struct Control {
    stream: TcpStream,
    reader: ReplyReader,
}

impl Control {
    fn connect(addr: SocketAddr) -> Control {
        Control {
            stream: connect(addr),
            reader: ReplyReader::new(Config::rfc()),
        }
    }

    fn reply(&mut self) -> Vec<u8> {
        self.reader
            .read_reply(&mut self.stream)
            .unwrap_or_else(|err| panic!("no complete reply: {err}"))
            .into_wire()
    }

    /// Sends `line`, records its reply and returns it.
    fn command(&mut self, out: &mut Transcript, line: &str) -> Vec<u8> {
        assert!(
            self.reader.pending().is_empty(),
            "bytes nobody asked for before {line}: {:?}",
            text(self.reader.pending())
        );
        self.stream
            .write_all(format!("{line}\r\n").as_bytes())
            .expect("send a command");
        let reply = self.reply();
        out.control(line, &reply);
        reply
    }
}

#[derive(Clone, Copy)]
enum Passive {
    Pasv,
    Epsv,
}

/// The port of a 227 or 229 reply.
fn passive_port(reply: &[u8]) -> u16 {
    let reply = text(reply);
    let (Some(open), Some(close)) = (reply.find('('), reply.find(')')) else {
        panic!("no passive address in {reply:?}");
    };
    let inner = &reply[open + 1..close];
    if let Some(port) = inner.strip_prefix("|||") {
        return port.trim_end_matches('|').parse().expect("EPSV port");
    }
    let numbers: Vec<u16> = inner.split(',').map(|n| n.parse().unwrap()).collect();
    numbers[4] * 256 + numbers[5]
}

/// What happened on the data connection of one command.
enum Data {
    /// The command was refused before any transfer.
    Refused,
    /// The bytes received until the server closed.
    Received(Vec<u8>),
}

/// Opens a passive data connection as a client does (PASV or EPSV, then
/// connect), sends `line` and, if a transfer starts, reads the data to the
/// end and the reply that closes it.
fn transfer(ctl: &mut Control, out: &mut Transcript, how: Passive, line: &str) -> Data {
    let verb = match how {
        Passive::Pasv => "PASV",
        Passive::Epsv => "EPSV",
    };
    let reply = ctl.command(out, verb);
    let port = passive_port(&reply);
    let mut data = connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    // pyftpdlib answers 125 rather than 150 when it has accepted the data
    // connection before the command arrives: the client lets it, so that
    // the reply does not depend on which of its sockets it serves first.
    std::thread::sleep(SETTLE);
    let first = ctl.command(out, line);
    if first.first() != Some(&b'1') {
        return Data::Refused;
    }
    let mut bytes = Vec::new();
    data.read_to_end(&mut bytes)
        .expect("read the data connection");
    // Closed at once, as clients do: ProFTPD waits for it (up to its
    // linger timeout) before its 226.
    drop(data);
    let last = ctl.reply();
    out.control(&format!("{line} (end)"), &last);
    Data::Received(bytes)
}

// ---------------------------------------------------------------------------
// The served directory

/// 2024-03-05 14:07:09 UTC: years ago, shown with its year.
const OLD: u64 = 1_709_647_629;
const HOUR: u64 = 3600;
/// How long the client waits between connecting to a passive port and
/// sending the command that uses it.
const SETTLE: Duration = Duration::from_millis(50);
const DAY: u64 = 86_400;

/// A README with LF line ends (what TYPE A converts, or does not), a
/// binary file holding every byte value, CR and LF among them, names with
/// a space and an upper case, a hidden file, an empty file, dates on each
/// side of the "recent" windows, a directory holding a directory (three
/// links) and one whose name has quotes.
struct Served {
    root: PathBuf,
    /// Whether this file system gives directories the size ftpsim writes.
    dir_size_matches: bool,
    binary: Vec<u8>,
}

impl Served {
    fn create(name: &str) -> Served {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let root = std::env::temp_dir().join(format!(
            "ftpsim-session-differential-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&root);
        let binary: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 256) as u8).collect();
        let files: [(&str, &[u8], u64); 8] = [
            ("README", b"line one\nline two\n", OLD),
            ("hello.txt", b"hello world\n", now - 3 * HOUR),
            ("notes 2024.txt", b"a name with a space\n", OLD + DAY),
            ("empty", b"", OLD),
            (".hidden", b"not listed\n", OLD),
            // Inside vsftpd's 182 days, outside 180.
            ("docs/old.txt", b"181 days\n", now - 181 * DAY),
            ("docs/data.bin", &binary, OLD),
            // Dated tomorrow: shown with its year.
            ("docs/sub/future.txt", b"tomorrow\n", now + DAY),
        ];
        fs::create_dir_all(root.join("docs/sub")).unwrap();
        fs::create_dir_all(root.join("say \"hi\"")).unwrap();
        for (path, content, mtime) in files {
            let path = root.join(path);
            fs::write(&path, content).unwrap();
            set_mode_and_mtime(&path, 0o644, mtime);
        }
        // Children first: writing into a directory dates it.
        for (dir, mtime) in [
            ("docs/sub", OLD + 2 * DAY),
            ("docs", OLD + 3 * DAY),
            ("say \"hi\"", OLD + 4 * DAY),
            ("", OLD),
        ] {
            set_mode_and_mtime(&root.join(dir), 0o755, mtime);
        }
        let dir_size = fs::metadata(root.join("docs")).unwrap().len();
        Served {
            root,
            dir_size_matches: dir_size == DIR_SIZE,
            binary,
        }
    }

    fn file(&self, path: &str) -> Vec<u8> {
        fs::read(self.root.join(path)).unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn set_mode_and_mtime(path: &Path, mode: u32, mtime: u64) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    fs::File::open(path)
        .unwrap()
        .set_modified(UNIX_EPOCH + Duration::from_secs(mtime))
        .unwrap();
}

// ---------------------------------------------------------------------------
// The session

/// How many PASV, EPSV, STAT and finished RETR the script produces: where
/// the control masks must apply.
const PASV_COUNT: usize = 12;
const EPSV_COUNT: usize = 6;
/// STAT's in the script (where it is asked).
const STAT_COUNT: usize = 3;
/// Downloads that moved bytes (Pure-FTPd quotes no rate for an empty one).
const RETR_DONE: usize = 4;

/// What differs from one server to the next, the same on both sides:
/// which data masks apply, and whether the script asks STAT.
#[derive(Clone, Copy)]
struct DataMasks {
    directory_size: bool,
    nlst_order: bool,
    /// pyftpdlib's STAT quotes the client's port and the name it gave,
    /// which a session is not told: it is left out of its script.
    stat: bool,
}

/// The script: every step a client takes, the same against every server.
fn session(addr: SocketAddr, login: Login, served: &Served, masks: DataMasks) -> Transcript {
    let mut out = Transcript::default();
    let mut ctl = Control::connect(addr);
    let greeting = ctl.reply();
    out.control("greeting", &greeting);
    for line in [
        format!("USER {}", login.user),
        format!("PASS {}", login.password),
        "SYST".to_string(),
        "NOOP".to_string(),
        "PWD".to_string(),
        "CWD missing".to_string(),
        "CWD docs".to_string(),
        "PWD".to_string(),
    ] {
        ctl.command(&mut out, &line);
    }
    // STAT before any transfer, after one (ProFTPD counts the bytes moved),
    // and after TYPE I.
    let stat = |ctl: &mut Control, out: &mut Transcript| {
        if masks.stat {
            ctl.command(out, "STAT");
        }
    };
    stat(&mut ctl, &mut out);
    let mask = masks.directory_size;
    if let Data::Received(list) = transfer(&mut ctl, &mut out, Passive::Epsv, "LIST") {
        out.list_data("LIST in docs", &list, mask);
    }
    stat(&mut ctl, &mut out);
    for line in ["CDUP", "PWD", "TYPE I"] {
        ctl.command(&mut out, line);
    }
    stat(&mut ctl, &mut out);
    if let Data::Received(list) = transfer(&mut ctl, &mut out, Passive::Pasv, "LIST") {
        out.list_data("LIST", &list, mask);
    }
    if let Data::Received(names) = transfer(&mut ctl, &mut out, Passive::Epsv, "NLST") {
        out.nlst_data("NLST", &names, masks.nlst_order);
    }
    if let Data::Received(list) = transfer(&mut ctl, &mut out, Passive::Epsv, "LIST missing") {
        out.data("LIST missing", &list);
    }
    // Options, a directory by name, a file by name.
    for line in ["LIST -a", "LIST docs", "LIST README", "LIST -la docs/sub"] {
        if let Data::Received(list) = transfer(&mut ctl, &mut out, Passive::Pasv, line) {
            out.list_data(line, &list, mask);
        }
    }
    for line in ["NLST docs", "NLST README", "NLST docs/data.bin"] {
        if let Data::Received(names) = transfer(&mut ctl, &mut out, Passive::Pasv, line) {
            out.nlst_data(line, &names, masks.nlst_order);
        }
    }
    for line in [
        "SIZE hello.txt",
        "SIZE docs/data.bin",
        "SIZE missing.txt",
        "SIZE docs",
        "MDTM hello.txt",
        "MDTM notes 2024.txt",
        "MDTM missing.txt",
        "MDTM docs",
        // Paths: a file is no directory; absolute, relative, above the root.
        "CWD README",
        "CWD /docs/sub",
        "PWD",
        "CWD ../..",
        "PWD",
        "CWD ../../..",
        "PWD",
        // A name with a space and quotes, which 257 replies double.
        "CWD say \"hi\"",
        "PWD",
        "CDUP",
        // A directory is no file (asked without a data connection).
        "RETR docs",
        // SIZE in ASCII mode, which some refuse.
        "TYPE A",
        "SIZE README",
        "TYPE I",
        // Settings every client may send.
        "MODE S",
        "MODE B",
        "STRU F",
        "STRU R",
        "ALLO 100",
        "TYPE X",
        "REST abc",
        "REST 0",
        "ABOR",
        // PORT to a privileged port. (Not to another address: ProFTPD
        // accepts it with a 200, while ftpsim, which never connects to a
        // third party, refuses it at once.)
        "PORT 127,0,0,1,0,25",
        "EPRT |1|127.0.0.1|25|",
    ] {
        ctl.command(&mut out, line);
    }
    match transfer(&mut ctl, &mut out, Passive::Pasv, "RETR docs/data.bin") {
        Data::Received(bytes) => {
            assert!(
                bytes == served.binary,
                "RETR in TYPE I changed the file ({} bytes of {})",
                bytes.len(),
                served.binary.len()
            );
            out.data("RETR docs/data.bin", &bytes);
        }
        Data::Refused => panic!("RETR docs/data.bin refused"),
    }
    if let Data::Received(bytes) =
        transfer(&mut ctl, &mut out, Passive::Epsv, "RETR notes 2024.txt")
    {
        assert_eq!(bytes, served.file("notes 2024.txt"));
        out.data("RETR notes 2024.txt", &bytes);
    }
    if let Data::Received(bytes) = transfer(&mut ctl, &mut out, Passive::Epsv, "RETR empty") {
        out.data("RETR empty", &bytes);
    }
    // A resumed download.
    ctl.command(&mut out, "REST 1000");
    if let Data::Received(bytes) = transfer(&mut ctl, &mut out, Passive::Epsv, "RETR docs/data.bin")
    {
        assert!(bytes == served.binary[1000..], "REST 1000 then RETR");
        out.data("RETR docs/data.bin from 1000", &bytes);
    }
    // A missing file, with a data connection ready and without one.
    transfer(&mut ctl, &mut out, Passive::Pasv, "RETR missing.txt");
    ctl.command(&mut out, "RETR missing.txt");
    // Changes, which these users may not make.
    transfer(&mut ctl, &mut out, Passive::Pasv, "STOR new.txt");
    for line in [
        "MKD new",
        "RMD docs/sub",
        "DELE README",
        "RNFR README",
        "RNTO README2",
    ] {
        ctl.command(&mut out, line);
    }
    ctl.command(&mut out, "TYPE A");
    if let Data::Received(bytes) = transfer(&mut ctl, &mut out, Passive::Pasv, "RETR README") {
        out.data("RETR README in TYPE A", &bytes);
    }
    ctl.command(&mut out, "QUIT");
    let mut rest = ctl.reader.pending().to_vec();
    ctl.stream
        .read_to_end(&mut rest)
        .expect("read until the server closes");
    out.data("after QUIT", &rest);
    out
}

/// Where each mask must have applied in a transcript of `kind`'s session.
fn expected_hits(peer: Peer) -> BTreeMap<&'static str, usize> {
    let mut hits = BTreeMap::from([("pasv_port", PASV_COUNT), ("epsv_port", EPSV_COUNT)]);
    match peer {
        Peer::Vsftpd => {
            hits.insert("vsftpd_version", 1);
            hits.insert("vsftpd_status_version", STAT_COUNT);
        }
        Peer::PureFtpd => {
            hits.insert("pure_ftpd_clock", 1);
            hits.insert("pure_ftpd_transfer_rate", RETR_DONE);
        }
        Peer::Proftpd => {}
        _ => {}
    }
    hits
}

/// vsftpd's and Pure-FTPd's limits, which Pure-FTPd's greeting quotes.
const LIMITS: RealLimits = RealLimits {
    max_clients: 5,
    max_per_ip: 5,
    idle_timeout_secs: None,
};

fn whole_session(real: RealConfig, preset: Preset) -> Result<(), Skip> {
    let kind = real.peer();
    let served = Served::create(kind.program());
    let login = real.serving_login();
    let real = match RealServer::serve_config(real, &served.root) {
        Ok(real) => real,
        Err(StartError::Missing(missing)) => return Err(missing.into()),
        Err(err) => panic!("cannot start {kind}: {err}"),
    };
    let masks = DataMasks {
        directory_size: !served.dir_size_matches,
        nlst_order: matches!(kind, Peer::PureFtpd | Peer::Proftpd),
        stat: kind != Peer::Pyftpdlib,
    };
    let expected = session(real.addr(), login, &served, masks);
    drop(real);

    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), preset);
    if matches!(kind, Peer::Vsftpd | Peer::PureFtpd) {
        config.spec.max_clients = Some(LIMITS.max_clients);
        config.spec.max_per_ip = Some(LIMITS.max_per_ip);
    }
    // As the real server is configured: every one takes anonymous logins
    // (which Pure-FTPd's greeting tells), Pure-FTPd its one virtual user
    // too.
    config.anonymous = true;
    if login.user != "anonymous" {
        config.users =
            vec![Credentials::parse(&format!("{}:{}", login.user, login.password)).unwrap()];
    }
    config.data.tree = TreeSource::Dir(served.root.clone());
    // The real servers as started here take no change from these users.
    config.data.uploads = Uploads::Refuse;
    let ftpsim = TestServer::start(config);
    let got = session(ftpsim.addr, login, &served, masks);
    drop(ftpsim);

    let data_differs = expected.raw != got.raw;
    if let Some(at) = (0..expected.entries.len().max(got.entries.len()))
        .find(|&i| expected.entries.get(i) != got.entries.get(i))
    {
        let mut report = String::new();
        let _ = writeln!(
            report,
            "ftpsim (preset {preset}) parts from {kind} at step {at}:"
        );
        let _ = writeln!(report, "  {kind:<7}: {:?}", expected.entries.get(at));
        let _ = writeln!(report, "  ftpsim : {:?}", got.entries.get(at));
        let _ = writeln!(report, "{kind}'s whole session:");
        for entry in &expected.entries {
            let _ = writeln!(report, "  {entry}");
        }
        panic!("{report}");
    }
    // Where the masks applied (after the transcripts, whose difference
    // says more).
    // The data masks apply to each listing that got data (`nlst_order`)
    // and each directory line in one (`directory_size`), as many times on
    // both sides, and only where enabled; the control masks are counted
    // exactly.
    assert_eq!(
        expected.hits, got.hits,
        "masks applied to {kind}'s and ftpsim's sessions"
    );
    let mut hits = expected.hits.clone();
    let sorted = hits.remove("nlst_order").unwrap_or(0);
    assert_eq!(sorted > 0, masks.nlst_order, "NLST sorted for {kind}");
    let sized = hits.remove("directory_size").unwrap_or(0);
    assert_eq!(
        sized > 0,
        masks.directory_size,
        "directory sizes masked for {kind}"
    );
    assert_eq!(
        hits,
        expected_hits(kind),
        "masks applied to {kind}'s session"
    );
    // The entries show long data by a checksum only: the bytes decide.
    assert!(
        !data_differs,
        "ftpsim (preset {preset}) sent other data than {kind}"
    );
    Ok(())
}

fn vsftpd_whole_session() -> Result<(), Skip> {
    whole_session(RealConfig::Vsftpd(LIMITS), Preset::Vsftpd)
}

fn pure_ftpd_whole_session() -> Result<(), Skip> {
    whole_session(RealConfig::PureFtpd(LIMITS), Preset::PureFtpd)
}

fn proftpd_whole_session() -> Result<(), Skip> {
    whole_session(
        RealConfig::Proftpd(ProftpdLimits::default()),
        Preset::Proftpd,
    )
}

fn pyftpdlib_whole_session() -> Result<(), Skip> {
    whole_session(
        RealConfig::Pyftpdlib(PyftpdlibLimits::default()),
        Preset::Pyftpdlib,
    )
}

// ---------------------------------------------------------------------------
// The masks themselves

fn masks_replace_only_the_token_they_name() {
    let cases: [(MaskFn, &str, &str); 8] = [
        (
            vsftpd_version,
            "220 (vsFTPd 3.0.3)",
            "220 (vsFTPd <version>)",
        ),
        (
            vsftpd_status_version,
            "     vsFTPd 3.0.3 - secure, fast, stable",
            "     vsFTPd <version> - secure, fast, stable",
        ),
        (
            pure_ftpd_clock,
            "220-Local time is now 20:19. Server port: 40021.",
            "220-Local time is now <clock>. Server port: <port>.",
        ),
        (
            pasv_port,
            "227 Entering Passive Mode (127,0,0,1,239,156).",
            "227 Entering Passive Mode (127,0,0,1,<port>).",
        ),
        (
            pasv_port,
            "227 Entering Passive Mode (127,0,0,1,239,156)",
            "227 Entering Passive Mode (127,0,0,1,<port>)",
        ),
        (
            epsv_port,
            "229 Extended Passive mode OK (|||62929|)",
            "229 Extended Passive mode OK (|||<port>|)",
        ),
        (
            pure_ftpd_transfer_rate,
            "226 0.000 seconds (measured here), 11.72 Mbytes per second",
            "226 <seconds> seconds (measured here), <rate> per second",
        ),
        (
            directory_size,
            "drwxr-xr-x    3 0        0            4096 Mar 08  2024 docs",
            "drwxr-xr-x    3 0        0 <size> Mar 08  2024 docs",
        ),
    ];
    for (mask, line, masked) in cases {
        assert_eq!(mask(line).as_deref(), Some(masked), "{line}");
    }
}

fn masks_refuse_lines_of_another_shape() {
    // Each line is one a mask must leave alone: another text, another code,
    // or a token that is not what the mask stands for.
    for line in [
        "220 (vsFTPd 3.0.3) ready",
        "220 (vsFTPd three)",
        "     vsFTPd 3.0.3 - secure, fast, stable!",
        "     vsFTPd 3.0.3",
        "220-Local time is now 20:19. Server port: 40021. Welcome",
        "220-Local time is now noon. Server port: 40021.",
        "227 Entering Passive Mode (127,0,0,1,239).",
        "227 Entering Passive Mode (127,0,0,1,300,1).",
        "200 Entering Passive Mode (127,0,0,1,239,156).",
        "229 Entering Extended Passive Mode (|||x|)",
        "229 Entering Extended Passive Mode (||62929|)",
        "226 0.0 seconds (measured here), 11.72 Mbytes per second",
        "226 0.000 seconds (measured here), 11.72 furlongs per second",
        "226-File successfully transferred",
        "257 \"/\" is the current directory",
        "550 Failed to open file.",
    ] {
        for mask in &MASKS {
            assert_eq!((mask.apply)(line), None, "{} touched {line:?}", mask.name);
        }
    }
    for line in [
        "227 Entering Passive Mode (127,0,0,1,239,156).",
        "-rw-r--r--    1 0        0              12 Mar 05  2024 hello.txt",
        "drwxr-xr-x    3 0        0            4k Mar 08  2024 docs",
    ] {
        assert_eq!(directory_size(line), None, "{line}");
    }
}
