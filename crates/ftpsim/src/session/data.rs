//! Files, directories and the data channel, as plain inputs and outputs.
//!
//! The session never touches a socket. It asks its driver to open a
//! passive listener ([`Output::OpenPassive`]) or to connect to a client
//! ([`Output::ConnectTo`]), to start moving bytes ([`Output::StartSending`],
//! [`Output::StartReceiving`]) and to close ([`Output::CloseData`]); the
//! driver reports back what happened (`handle_data_*`), pulls bytes to send
//! with [`Session::fill_data`] and pushes received ones into
//! [`Session::handle_data_bytes`]. Waiting for a data connection and a
//! stalled transfer are timed through the same
//! [`Session::poll_timeout`](super::Session::poll_timeout) as the control
//! connection; the idle timeout does not run while a transfer does.
//!
//! Rules that protect third parties (RFC 2577, and vsftpd's defaults):
//! PORT and EPRT may name only the control connection's own peer and a
//! port from 1024; a passive connection from any other address is refused.
//! Memory is bounded: a listing is built once per command, an upload holds
//! at most [`SessionConfig::max_upload_bytes`](super::SessionConfig) (and
//! the tree's cap), a download is read through a fixed buffer.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, SocketAddr, SocketAddrV4};

use super::command::{Command, DataVerb};
use super::listing;
use super::{Outcome, Output, Session, Uploads};
use crate::admission::{DataTexts, Lines, ListMissing, ListStyle, Slots, text};
use crate::reply::ReplyCode;
use crate::time::Instant;
use crate::vfs::{Content, Entry, Tree, VPath, VfsError, Write};

/// What [`Session::fill_data`] produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum Fill {
    /// This many bytes were written at the start of the buffer.
    Bytes(usize),
    /// Nothing now; ask again after the next event or timeout.
    Wait,
    /// Everything was pulled: flush, close the data connection, and call
    /// [`Session::handle_data_closed`].
    Done,
}

/// The data channel the client set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Channel {
    None,
    /// PASV or EPSV sent; waiting for the driver's listener.
    Opening {
        extended: bool,
    },
    /// Listening at `addr`; `connected` once the client's connection is in.
    Passive {
        addr: SocketAddr,
        connected: bool,
    },
    /// PORT or EPRT to `addr`; `connected` once the driver's connect
    /// succeeded, `connecting` while it is under way.
    Active {
        addr: SocketAddr,
        connected: bool,
        connecting: bool,
    },
}

impl Channel {
    fn is_connected(self) -> bool {
        matches!(
            self,
            Channel::Passive {
                connected: true,
                ..
            } | Channel::Active {
                connected: true,
                ..
            }
        )
    }
}

/// Where a download's bytes come from.
#[derive(Clone, Debug)]
enum Source {
    /// A file, from `at` to its end.
    File { content: Content, at: u64 },
    /// A listing built at the command.
    Buffer { bytes: Vec<u8>, at: usize },
}

/// Where an upload's bytes go.
#[derive(Clone, Debug)]
struct Upload {
    path: VPath,
    how: Write,
    /// Bytes received (after ASCII conversion), the REST prefix first.
    bytes: Vec<u8>,
    discard: bool,
    /// A CR held back in ASCII mode: dropped if LF follows.
    pending_cr: bool,
    /// Over the cap: the rest is read and dropped, and the reply says so.
    full: bool,
}

#[derive(Clone, Debug)]
enum Direction {
    Send(Source),
    Receive(Upload),
}

/// A transfer under way, from its command to its 226 (or error).
#[derive(Clone, Debug)]
pub(crate) struct Transfer {
    direction: Direction,
    /// The reply to send when the data connection is up (the 150), if not
    /// sent yet.
    start: Option<Lines>,
    done: Lines,
    /// Whether bytes are moving (the data connection is up).
    running: bool,
    /// When the transfer started moving bytes.
    started: Instant,
    /// The last progress (or the command): the base of its deadlines.
    progress_at: Instant,
    moved: u64,
    /// LF to CRLF on the way out.
    ascii_out: bool,
    /// The last byte sent was a CR (ASCII conversion).
    last_cr: bool,
    /// What the replies quote.
    arg: Vec<u8>,
    number: u64,
    remaining: u64,
    list_options: String,
}

/// The most command lines (and bytes) held while a transfer or a listener
/// is pending; a client that pipelines more loses the excess.
const MAX_DEFERRED_LINES: usize = 32;
const MAX_DEFERRED_BYTES: usize = 16 * 1024;
/// The largest listing built for one command.
const MAX_LISTING_BYTES: usize = 16 << 20;

impl Session {
    /// Serve `files` to this session: file, directory and transfer commands
    /// work on it. Without it they are refused as they were before (`425`
    /// for transfers, `502` for the rest).
    #[cfg(feature = "data-channel")]
    pub fn serve_files(&mut self, files: alloc::sync::Arc<dyn crate::vfs::Store>) {
        self.files = Some(files);
    }

    /// The current directory.
    pub fn cwd(&self) -> &VPath {
        &self.cwd
    }

    /// Whether a transfer is under way (its command answered, its 226 not
    /// yet sent).
    pub fn is_transferring(&self) -> bool {
        self.transfer.is_some()
    }

    /// The passive listener asked for with [`Output::OpenPassive`] is
    /// listening at `addr` (`None`: it could not be opened).
    pub fn handle_data_listener(
        &mut self,
        gate: &mut impl Slots,
        now: Instant,
        addr: Option<SocketAddr>,
    ) {
        let Channel::Opening { extended } = self.channel else {
            return;
        };
        let texts = self.data_texts();
        match addr {
            Some(addr) => {
                self.channel = Channel::Passive {
                    addr,
                    connected: false,
                };
                let pasv = match addr {
                    SocketAddr::V4(v4) => v4,
                    SocketAddr::V6(v6) => SocketAddrV4::new(
                        v6.ip().to_ipv4_mapped().unwrap_or(Ipv4Addr::UNSPECIFIED),
                        v6.port(),
                    ),
                };
                let args = text::Args {
                    pasv: Some(pasv),
                    port: addr.port(),
                    ..text::Args::default()
                };
                let reply = if extended {
                    texts.epsv_ok
                } else {
                    texts.pasv_ok
                };
                self.reply_lines(&reply, &args);
            }
            None => {
                self.drop_channel(gate);
                self.reply_lines(&texts.data_connect_failed, &text::Args::default());
            }
        }
        self.run_deferred(gate, now);
    }

    /// A data connection is up: accepted on the passive listener from
    /// `peer`, or the connect to `peer` asked for by [`Output::ConnectTo`]
    /// succeeded. Returns false when the driver must close it at once: a
    /// passive connection from another address than the control
    /// connection's peer, a second one, or one refused by a fault.
    #[must_use]
    pub fn handle_data_connected(
        &mut self,
        gate: &mut impl Slots,
        now: Instant,
        peer: SocketAddr,
    ) -> bool {
        if self.is_closed() || peer.ip() != self.peer() {
            return false;
        }
        match &mut self.channel {
            Channel::Passive { connected, .. } if !*connected => *connected = true,
            Channel::Active {
                addr,
                connected,
                connecting,
            } if *addr == peer && *connecting => {
                *connecting = false;
                *connected = true;
            }
            _ => return false,
        }
        self.data_connections += 1;
        if self
            .config
            .faults
            .refuse_data_connection
            .is_some_and(|n| n > 0 && self.data_connections.is_multiple_of(n))
        {
            let texts = self.data_texts();
            if self.transfer.take().is_some() {
                self.reply_lines(&texts.data_connect_failed, &text::Args::default());
                self.last_activity = now;
            }
            self.drop_channel(gate);
            self.run_deferred(gate, now);
            return false;
        }
        if self.transfer.is_some() {
            self.start_transfer(now);
        }
        true
    }

    /// The connect asked for by [`Output::ConnectTo`] failed.
    pub fn handle_data_connect_failed(&mut self, gate: &mut impl Slots, now: Instant) {
        if !matches!(self.channel, Channel::Active { .. }) {
            return;
        }
        self.drop_channel(gate);
        if self.transfer.take().is_some() {
            let texts = self.data_texts();
            self.reply_lines(&texts.data_connect_failed, &text::Args::default());
            self.last_activity = now;
            self.run_deferred(gate, now);
        }
    }

    /// The next bytes of a download, into `buf`. Call it after
    /// [`Output::StartSending`] whenever the data socket can take more
    /// (a pacing driver calls it as slowly as it likes).
    pub fn fill_data(&mut self, gate: &mut impl Slots, now: Instant, buf: &mut [u8]) -> Fill {
        let faults = self.config.faults;
        let Some(transfer) = self.transfer.as_mut().filter(|t| t.running) else {
            return Fill::Wait;
        };
        let Direction::Send(source) = &mut transfer.direction else {
            return Fill::Wait;
        };
        if let Some(limit) = faults.drop_after_bytes
            && transfer.moved >= limit
        {
            self.transfer = None;
            self.drop_channel(gate);
            let texts = self.data_texts();
            self.reply_lines(&texts.connection_lost, &text::Args::default());
            self.end_transfer(gate, now, false);
            return Fill::Wait;
        }
        let mut room = buf.len();
        for limit in [faults.drop_after_bytes, faults.stall_after_bytes]
            .into_iter()
            .flatten()
        {
            room = room.min(usize::try_from(limit.saturating_sub(transfer.moved)).unwrap_or(room));
        }
        if room == 0 {
            // Stalled on purpose: the data timeout ends it.
            return Fill::Wait;
        }
        let buf = &mut buf[..room];
        let n = if transfer.ascii_out {
            // Raw bytes go to the back half, converted ones to the front:
            // each raw byte becomes at most two.
            let half = buf.len() / 2;
            if half == 0 {
                return Fill::Wait;
            }
            let raw = read_source(source, &mut buf[half..half * 2]);
            let mut w = 0;
            for i in 0..raw {
                let b = buf[half + i];
                if b == b'\n' && !transfer.last_cr {
                    buf[w] = b'\r';
                    w += 1;
                }
                buf[w] = b;
                w += 1;
                transfer.last_cr = b == b'\r';
            }
            if raw == 0 { 0 } else { w }
        } else {
            read_source(source, buf)
        };
        if n == 0 {
            return Fill::Done;
        }
        transfer.moved += n as u64;
        transfer.progress_at = now;
        Fill::Bytes(n)
    }

    /// Bytes of an upload arrived on the data connection.
    pub fn handle_data_bytes(&mut self, now: Instant, bytes: &[u8]) {
        let max = self.config.max_upload_bytes;
        let ascii_in = self.ascii && self.data_texts().ascii_upload;
        let Some(transfer) = self.transfer.as_mut().filter(|t| t.running) else {
            return;
        };
        let Direction::Receive(upload) = &mut transfer.direction else {
            return;
        };
        transfer.moved += bytes.len() as u64;
        transfer.progress_at = now;
        if upload.discard || upload.full {
            return;
        }
        let before = upload.bytes.len();
        if ascii_in {
            for &b in bytes {
                if upload.pending_cr {
                    upload.pending_cr = false;
                    if b != b'\n' {
                        upload.bytes.push(b'\r');
                    }
                }
                if b == b'\r' {
                    upload.pending_cr = true;
                } else {
                    upload.bytes.push(b);
                }
            }
        } else {
            upload.bytes.extend_from_slice(bytes);
        }
        if upload.bytes.len() as u64 > max {
            // Over the cap: stop holding bytes at once; the transfer is
            // read to its end and answered with "insufficient storage".
            upload.full = true;
            upload.bytes = Vec::new();
        }
        let _ = before;
    }

    /// The data connection closed: a download's driver has flushed it after
    /// [`Fill::Done`], an upload reached end of file, or the connection
    /// broke. Sends the 226 (or the preset's 426, 451, …).
    pub fn handle_data_closed(&mut self, gate: &mut impl Slots, now: Instant) {
        let was_connected = self.channel.is_connected();
        self.drop_channel(gate);
        let Some(transfer) = self.transfer.take() else {
            return;
        };
        // Counted whether or not the transfer finished, as Pure-FTPd does.
        self.data_bytes += transfer.moved;
        match &transfer.direction {
            Direction::Send(Source::File { .. }) => self.downloaded += transfer.moved,
            Direction::Receive(_) => self.uploaded += transfer.moved,
            Direction::Send(Source::Buffer { .. }) => {}
        }
        let texts = self.data_texts();
        if !transfer.running || !was_connected {
            self.reply_lines(&texts.connection_lost, &text::Args::default());
            self.end_transfer(gate, now, false);
            return;
        }
        let elapsed = now.saturating_duration_since(transfer.started);
        let args_base = text::Args {
            number: transfer.number,
            elapsed_nanos: u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX),
            arg: &transfer.arg,
            list_options: &transfer.list_options,
            ..text::Args::default()
        };
        match transfer.direction {
            Direction::Send(source) => {
                let finished = match &source {
                    Source::File { content, at } => *at >= content.size(),
                    Source::Buffer { bytes, at } => *at >= bytes.len(),
                };
                if !finished {
                    self.reply_lines(&texts.connection_lost, &text::Args::default());
                    self.end_transfer(gate, now, false);
                    return;
                }
                let file = matches!(source, Source::File { .. });
                let args = text::Args {
                    number: if file {
                        transfer.moved
                    } else {
                        transfer.number
                    },
                    ..args_base
                };
                self.send_done(&transfer.done, &args, file);
            }
            Direction::Receive(mut upload) => {
                if upload.pending_cr {
                    upload.bytes.push(b'\r');
                }
                let result = if upload.full {
                    Err(VfsError::Full)
                } else if upload.discard {
                    Ok(())
                } else {
                    let mtime = self.unix_now(now);
                    let (path, how, bytes) = (upload.path, upload.how, upload.bytes);
                    self.with_tree(|tree| tree.write(&path, &bytes, how, mtime))
                        .unwrap_or(Err(VfsError::NotFound))
                };
                match result {
                    Ok(()) => {
                        let args = text::Args {
                            number: transfer.moved,
                            ..args_base
                        };
                        self.send_done(&transfer.done, &args, true);
                    }
                    Err(VfsError::Full) => {
                        self.reply_lines(&texts.insufficient_storage, &args_base);
                    }
                    Err(_) => self.reply_lines(&texts.stor_failed, &args_base),
                }
            }
        }
        self.end_transfer(gate, now, true);
    }

    /// The data-channel deadline, if one runs: the wait for a connection,
    /// or the data timeout of a running transfer.
    pub(crate) fn data_deadline(&self) -> Option<Instant> {
        let transfer = self.transfer.as_ref()?;
        let wait = if transfer.running {
            self.config.data_timeout
        } else {
            self.config.data_connect_timeout
        };
        Some(transfer.progress_at + wait)
    }

    /// Called by `handle_timeout` when the data deadline is due.
    pub(crate) fn data_timeout(&mut self, gate: &mut impl Slots, now: Instant) {
        let Some(transfer) = &self.transfer else {
            return;
        };
        let texts = self.data_texts();
        if transfer.running {
            self.transfer = None;
            self.drop_channel(gate);
            self.reply_lines(&texts.data_timeout, &text::Args::default());
            self.close(gate, now, Outcome::DataTimeout);
        } else {
            self.transfer = None;
            self.drop_channel(gate);
            self.reply_lines(&texts.data_connect_failed, &text::Args::default());
            self.last_activity = now;
            self.run_deferred(gate, now);
        }
    }

    /// Whether a command line must wait: while a listener is being opened
    /// or a transfer runs, only ABOR (and QUIT, which ends everything) are
    /// answered at once, as vsftpd reads only those during a transfer.
    pub(crate) fn must_defer(&self, command: &Command<'_>) -> bool {
        use super::command::Verb;
        let busy = self.transfer.is_some() || matches!(self.channel, Channel::Opening { .. });
        busy && !matches!(command.verb, Verb::Quit | Verb::Data(DataVerb::Abor))
    }

    /// Keeps a line for later (bounded).
    pub(crate) fn defer(&mut self, line: &[u8]) {
        if self.deferred.len() < MAX_DEFERRED_LINES
            && self.deferred_bytes + line.len() <= MAX_DEFERRED_BYTES
        {
            self.deferred_bytes += line.len();
            self.deferred.push_back(line.to_vec());
        }
    }

    pub(crate) fn run_deferred(&mut self, gate: &mut impl Slots, now: Instant) {
        while !self.is_closed()
            && !self.is_delaying_login()
            && self.transfer.is_none()
            && !matches!(self.channel, Channel::Opening { .. })
        {
            let Some(line) = self.deferred.pop_front() else {
                break;
            };
            self.deferred_bytes -= line.len();
            self.on_line(gate, now, &line);
        }
    }

    /// Releases the data channel (and the gate's count of it), asking the
    /// driver to close it.
    pub(crate) fn drop_channel(&mut self, gate: &mut impl Slots) {
        if self.channel != Channel::None {
            self.channel = Channel::None;
            self.push_effect(Output::CloseData);
        }
        if core::mem::take(&mut self.holds_data_socket) {
            gate.close_data_socket();
        }
    }

    fn end_transfer(&mut self, gate: &mut impl Slots, now: Instant, completed: bool) {
        self.last_activity = now;
        if completed {
            self.transfers += 1;
            if self
                .config
                .faults
                .close_after_transfers
                .is_some_and(|n| self.transfers >= n)
            {
                self.fault_close(gate, now);
                return;
            }
        }
        self.run_deferred(gate, now);
    }

    /// The 421 of a fault, then close.
    pub(crate) fn fault_close(&mut self, gate: &mut impl Slots, now: Instant) {
        let mut out = Vec::new();
        crate::reply::format::write_single(
            &mut out,
            ReplyCode::SERVICE_NOT_AVAILABLE,
            "Service not available, closing control connection.",
        );
        self.send(out);
        self.close(gate, now, Outcome::Fault);
    }

    /// The reply that ends a transfer; `file`: of a file, not a listing
    /// (only those get the preset's ASCII note).
    fn send_done(&mut self, done: &Lines, args: &text::Args<'_>, file: bool) {
        let done = match self.data_texts().file_done_empty {
            Some(empty) if file && args.number == 0 => empty,
            _ => *done,
        };
        let done = &done;
        let note = if self.ascii && file {
            self.data_texts().ascii_note
        } else {
            None
        };
        let mut out = Vec::new();
        if let Some(note) = note {
            out.extend_from_slice(&done.code.digits());
            out.push(b'-');
            text::write_pieces(&mut out, note, args);
            out.extend_from_slice(b"\r\n");
        }
        write_lines(&mut out, done, args);
        self.send(out);
    }

    fn start_transfer(&mut self, now: Instant) {
        let Some(transfer) = self.transfer.as_mut() else {
            return;
        };
        let start = transfer.start.take();
        transfer.running = true;
        transfer.started = now;
        transfer.progress_at = now;
        let output = match transfer.direction {
            Direction::Send(_) => Output::StartSending,
            Direction::Receive(_) => Output::StartReceiving,
        };
        if let Some(start) = start {
            let (arg, number, remaining) =
                (transfer.arg.clone(), transfer.number, transfer.remaining);
            let args = text::Args {
                arg: &arg,
                number,
                remaining,
                ascii: self.ascii,
                ..text::Args::default()
            };
            self.reply_lines(&start, &args);
        }
        self.push_effect(output);
    }

    pub(crate) fn data_texts(&self) -> &'static DataTexts {
        self.texts().data
    }

    pub(crate) fn reply_lines(&mut self, lines: &Lines, args: &text::Args<'_>) {
        let args = text::Args {
            peer: Some(self.peer()),
            ascii: self.ascii,
            ..*args
        };
        let mut out = Vec::new();
        write_lines(&mut out, lines, &args);
        self.send(out);
    }

    fn unix_now(&self, now: Instant) -> u64 {
        self.config.unix_time_at_origin + now.as_nanos() / 1_000_000_000
    }

    fn with_tree<T>(&self, mut f: impl FnMut(&mut Tree) -> T) -> Option<T> {
        let files = self.files.as_ref()?;
        let mut out = None;
        files.with_tree(&mut |tree| out = Some(f(tree)));
        out
    }

    fn writable(&self) -> bool {
        self.config.uploads != Uploads::Refuse
    }

    /// A data or file command, logged in.
    pub(crate) fn on_data_command(
        &mut self,
        gate: &mut impl Slots,
        now: Instant,
        verb: DataVerb,
        raw_arg: &[u8],
    ) {
        let texts = self.texts();
        // Without the feature no tree can be served: saying so statically
        // lets the build drop everything below.
        if self.files.is_none() || cfg!(not(feature = "data-channel")) {
            // No tree: the commands are refused as a control-only server
            // refuses them.
            if verb.is_transfer() {
                self.reply_line(&texts.no_data_connection, &[], &[]);
            } else {
                self.reply_line(&texts.not_implemented, &[], &[]);
            }
            return;
        }
        let data = texts.data;
        let arg = trim_end(raw_arg);
        let verb_name = verb_text(verb);
        let plain = text::Args {
            arg,
            verb: verb_name,
            ..text::Args::default()
        };
        if verb != DataVerb::Rnto && verb != DataVerb::Rnfr {
            // Any command but RNTO ends a pending rename.
            self.rename_from = None;
        }
        match verb {
            DataVerb::Pasv | DataVerb::Epsv => self.on_passive(gate, verb, arg),
            DataVerb::Port | DataVerb::Eprt => self.on_port(gate, verb, arg),
            DataVerb::Abor => {
                if self.transfer.take().is_some() {
                    self.drop_channel(gate);
                    self.reply_lines(&data.aborted, &plain);
                    self.reply_lines(&data.abor_ok, &plain);
                    self.end_transfer(gate, now, false);
                } else {
                    self.drop_channel(gate);
                    self.reply_lines(&data.abor_idle, &plain);
                }
            }
            DataVerb::Mode => {
                let reply = if arg.eq_ignore_ascii_case(b"S") {
                    data.mode_ok
                } else if let Some(unsupported) = data.mode_unsupported
                    && (arg.eq_ignore_ascii_case(b"B") || arg.eq_ignore_ascii_case(b"C"))
                {
                    unsupported
                } else {
                    data.mode_bad
                };
                self.reply_lines(&reply, &plain);
            }
            DataVerb::Stru => {
                let reply = if arg.eq_ignore_ascii_case(b"F") {
                    data.stru_ok
                } else {
                    data.stru_bad
                };
                self.reply_lines(&reply, &plain);
            }
            DataVerb::Allo => self.reply_lines(&data.allo, &plain),
            DataVerb::Rest => match parse_u64(arg) {
                Some(offset) => {
                    self.rest = offset;
                    let args = text::Args {
                        number: offset,
                        ..plain
                    };
                    self.reply_lines(&data.rest_ok, &args);
                }
                None => match data.rest_bad {
                    Some(reply) => {
                        self.rest = 0;
                        self.reply_lines(&reply, &plain);
                    }
                    None => {
                        self.rest = 0;
                        let args = text::Args { number: 0, ..plain };
                        self.reply_lines(&data.rest_ok, &args);
                    }
                },
            },
            DataVerb::Cwd | DataVerb::Cdup => {
                let target = if verb == DataVerb::Cdup {
                    Ok(self.cwd.parent())
                } else {
                    VPath::resolve(&self.cwd, arg)
                };
                let ok = match &target {
                    Ok(path) => self.with_tree(|t| t.is_dir(path)).unwrap_or(false),
                    Err(_) => false,
                };
                match target {
                    Ok(path) if ok => {
                        self.cwd = path;
                        let shown = self.cwd.to_string_lossless();
                        let args = text::Args {
                            path: &shown,
                            ..plain
                        };
                        let reply = if verb == DataVerb::Cdup {
                            data.cdup_ok
                        } else {
                            data.cwd_ok
                        };
                        self.reply_lines(&reply, &args);
                    }
                    // (No `if let` guard: the core builds with Rust 1.88.)
                    Ok(path) => match data.cwd_not_dir {
                        Some(reply) if self.with_tree(|t| t.get(&path).is_some()) == Some(true) => {
                            self.reply_lines(&reply, &plain);
                        }
                        _ => self.reply_lines(&data.cwd_failed, &plain),
                    },
                    _ => self.reply_lines(&data.cwd_failed, &plain),
                }
            }
            DataVerb::Size | DataVerb::Mdtm => {
                if verb == DataVerb::Size
                    && self.ascii
                    && let Some(reply) = data.size_ascii
                {
                    self.reply_lines(&reply, &plain);
                    return;
                }
                let path = VPath::resolve(&self.cwd, arg).ok();
                let shown = path
                    .as_ref()
                    .map(VPath::to_string_lossless)
                    .unwrap_or_default();
                let entry = path
                    .as_ref()
                    .and_then(|p| self.with_tree(|t| t.entry(p)).flatten());
                let args = text::Args {
                    path: &shown,
                    ..plain
                };
                match entry {
                    Some(entry) if !entry.is_dir => {
                        let mut out = Vec::new();
                        out.extend_from_slice(b"213 ");
                        if verb == DataVerb::Size {
                            text::write_decimal(&mut out, entry.size);
                        } else {
                            listing::timeval(&mut out, entry.mtime);
                        }
                        out.extend_from_slice(b"\r\n");
                        self.send(out);
                    }
                    Some(_) if verb == DataVerb::Size => {
                        self.reply_lines(&data.size_not_file, &args);
                    }
                    _ if verb == DataVerb::Size => self.reply_lines(&data.size_missing, &args),
                    Some(_) => match data.mdtm_not_file {
                        Some(reply) => self.reply_lines(&reply, &args),
                        None => self.reply_lines(&data.mdtm_missing, &args),
                    },
                    None => self.reply_lines(&data.mdtm_missing, &args),
                }
            }
            DataVerb::Mkd | DataVerb::Rmd | DataVerb::Dele | DataVerb::Rnfr | DataVerb::Rnto => {
                self.on_change(now, verb, arg, &plain);
            }
            DataVerb::Stat => self.on_stat(now, arg, &plain),
            DataVerb::Mlst => self.on_mlst(arg, &plain),
            DataVerb::List
            | DataVerb::Nlst
            | DataVerb::Mlsd
            | DataVerb::Retr
            | DataVerb::Stor
            | DataVerb::Appe
            | DataVerb::Stou => self.on_transfer(gate, now, verb, arg),
        }
    }

    fn on_passive(&mut self, gate: &mut impl Slots, verb: DataVerb, arg: &[u8]) {
        let data = self.data_texts();
        let plain = text::Args {
            verb: verb_text(verb),
            arg,
            ..text::Args::default()
        };
        let extended = verb == DataVerb::Epsv;
        if extended && !arg.is_empty() {
            if arg.eq_ignore_ascii_case(b"ALL") {
                self.epsv_all = true;
                self.reply_lines(&data.epsv_all, &plain);
                return;
            }
            if arg != b"1"
                && let Some(reply) = data.epsv_bad_protocol
            {
                self.reply_lines(&reply, &plain);
                return;
            }
        }
        if !extended
            && self.epsv_all
            && let Some(reply) = data.after_epsv_all
        {
            self.reply_lines(&reply, &plain);
            return;
        }
        self.drop_channel(gate);
        if !gate.open_data_socket() {
            self.reply_lines(&data.too_many_data_connections, &plain);
            return;
        }
        self.holds_data_socket = true;
        self.channel = Channel::Opening { extended };
        self.push_effect(Output::OpenPassive);
    }

    fn on_port(&mut self, gate: &mut impl Slots, verb: DataVerb, arg: &[u8]) {
        let data = self.data_texts();
        let plain = text::Args {
            verb: verb_text(verb),
            arg,
            ..text::Args::default()
        };
        if self.epsv_all
            && let Some(reply) = data.after_epsv_all
        {
            self.reply_lines(&reply, &plain);
            return;
        }
        let parsed = if verb == DataVerb::Port {
            parse_port(arg)
        } else {
            parse_eprt(arg)
        };
        let Some(addr) = parsed else {
            let reply = if verb == DataVerb::Port {
                data.port_syntax
            } else {
                data.eprt_syntax
            };
            self.reply_lines(&reply, &plain);
            return;
        };
        let args = text::Args {
            host: Some(addr.ip()),
            port: addr.port(),
            ..plain
        };
        // A data connection to anyone but the client is the FTP bounce
        // attack (RFC 2577); below 1024 are the system's services.
        if addr.ip() != self.peer() {
            self.reply_lines(&data.port_foreign, &args);
            return;
        }
        if addr.port() < 1024 {
            self.reply_lines(&data.port_privileged, &args);
            return;
        }
        self.drop_channel(gate);
        if !gate.open_data_socket() {
            self.reply_lines(&data.too_many_data_connections, &args);
            return;
        }
        self.holds_data_socket = true;
        self.channel = Channel::Active {
            addr,
            connected: false,
            connecting: false,
        };
        let reply = if verb == DataVerb::Port {
            data.port_ok
        } else {
            data.eprt_ok
        };
        self.reply_lines(&reply, &args);
    }

    fn on_change(&mut self, now: Instant, verb: DataVerb, arg: &[u8], plain: &text::Args<'_>) {
        let data = self.data_texts();
        let anonymous_denied = match verb {
            DataVerb::Mkd => data.anonymous_mkd_denied,
            DataVerb::Rmd => data.anonymous_rmd_denied,
            DataVerb::Dele => data.anonymous_dele_denied,
            _ => data.anonymous_rename_denied,
        };
        if self.anonymous
            && let Some(reply) = anonymous_denied
        {
            if verb == DataVerb::Rnto {
                self.rename_from = None;
            }
            self.reply_lines(&reply, plain);
            return;
        }
        let rnfr_goes_on = verb == DataVerb::Rnfr && data.rnfr_when_denied;
        if !self.writable() && !rnfr_goes_on {
            let denied = match verb {
                DataVerb::Mkd => data.mkd_denied,
                DataVerb::Rmd => data.rmd_denied,
                DataVerb::Dele => data.dele_denied,
                DataVerb::Rnto => data.rnto_denied,
                _ => None,
            };
            if verb == DataVerb::Rnto {
                self.rename_from = None;
            }
            self.reply_lines(&denied.unwrap_or(data.write_denied), plain);
            return;
        }
        let mtime = self.unix_now(now);
        let path = VPath::resolve(&self.cwd, arg).ok().filter(|p| !p.is_root());
        let shown = path
            .as_ref()
            .map(VPath::to_string_lossless)
            .unwrap_or_default();
        let args = text::Args {
            path: &shown,
            ..*plain
        };
        let (ok, failed) = match verb {
            DataVerb::Mkd => (data.mkd_ok, data.mkd_failed),
            DataVerb::Rmd => (data.rmd_ok, data.rmd_failed),
            DataVerb::Dele => (data.dele_ok, data.dele_failed),
            DataVerb::Rnfr => (data.rnfr_ok, data.rnfr_failed),
            _ => (data.rnto_ok, data.rnto_failed),
        };
        if verb == DataVerb::Rnto && self.rename_from.is_none() {
            self.reply_lines(&data.rnto_first, &args);
            return;
        }
        let Some(path) = path else {
            if verb == DataVerb::Rnto {
                self.rename_from = None;
            }
            self.reply_lines(&failed, &args);
            return;
        };
        let from = self.rename_from.take();
        let result = self
            .with_tree(|tree| match verb {
                DataVerb::Mkd => tree.mkdir(&path, mtime),
                DataVerb::Rmd => tree.rmdir(&path, mtime),
                DataVerb::Dele => tree.delete(&path, mtime),
                DataVerb::Rnfr => tree.get(&path).map(|_| ()).ok_or(VfsError::NotFound),
                _ => match &from {
                    Some(from) => tree.rename(from, &path, mtime),
                    None => Err(VfsError::NotFound),
                },
            })
            .unwrap_or(Err(VfsError::NotFound));
        match result {
            Ok(()) => {
                if verb == DataVerb::Rnfr {
                    self.rename_from = Some(path);
                }
                self.reply_lines(&ok, &args);
            }
            Err(_) => self.reply_lines(&failed, &args),
        }
    }

    fn on_stat(&mut self, now: Instant, arg: &[u8], plain: &text::Args<'_>) {
        let data = self.data_texts();
        if arg.is_empty() {
            let user = if self.anonymous {
                b"ftp".as_slice()
            } else {
                self.user().map_or(&[][..], str::as_bytes)
            };
            let args = text::Args {
                user,
                idle_seconds: self.config.idle_timeout.map_or(0, |d| d.as_secs()),
                clients_at_start: self.welcome.map_or(0, |w| w.number),
                session_bytes: self.data_bytes,
                ..*plain
            };
            let stat = data.stat;
            let mut out = Vec::new();
            let code = b"211";
            if !stat.first.is_empty() {
                out.extend_from_slice(code);
                out.push(b'-');
                self.write_with_peer(&mut out, stat.first, &args);
                out.extend_from_slice(b"\r\n");
                for line in stat.body {
                    if line.shown(args.idle_seconds > 0, self.data_bytes > 0) {
                        self.write_with_peer(&mut out, line.text, &args);
                        out.extend_from_slice(b"\r\n");
                    }
                }
            }
            out.extend_from_slice(code);
            out.push(b' ');
            self.write_with_peer(&mut out, stat.last, &args);
            out.extend_from_slice(b"\r\n");
            self.send(out);
            return;
        }
        let (path, options) = split_list_arg(arg);
        let _ = options;
        let resolved = VPath::resolve(&self.cwd, path).ok();
        let shown = resolved
            .as_ref()
            .map(VPath::to_string_lossless)
            .unwrap_or_default();
        let entries = resolved.as_ref().and_then(|p| self.list_entries(p));
        let Some(entries) = entries else {
            self.reply_lines(&data.retr_missing, plain);
            return;
        };
        let unix_now = self.unix_now(now);
        let args = text::Args {
            path: &shown,
            ..*plain
        };
        let mut out = Vec::new();
        out.extend_from_slice(b"213-");
        self.write_with_peer(&mut out, data.stat_file_first, &args);
        out.extend_from_slice(b"\r\n");
        for entry in &entries {
            if data.stat_indent {
                out.push(b' ');
            }
            listing::ls_line(&mut out, data.list_style, entry, unix_now, data.recent_days);
        }
        out.extend_from_slice(b"213 ");
        self.write_with_peer(&mut out, data.stat_file_last, &args);
        out.extend_from_slice(b"\r\n");
        self.send(out);
    }

    fn on_mlst(&mut self, arg: &[u8], plain: &text::Args<'_>) {
        let data = self.data_texts();
        let Some(style) = data.mlst else {
            let verb = b"MLST";
            self.reply_line(&self.texts().unknown_command, &[], verb);
            return;
        };
        let path = VPath::resolve(&self.cwd, arg).ok();
        let entry = path
            .as_ref()
            .and_then(|p| self.with_tree(|t| t.entry(p)).flatten());
        let (Some(path), Some(entry)) = (path, entry) else {
            self.reply_lines(&data.mlst_missing, plain);
            return;
        };
        let shown = path.to_string_lossless();
        let shown_arg = if arg.is_empty() {
            shown.as_bytes()
        } else {
            arg
        };
        let args = text::Args {
            path: &shown,
            arg: shown_arg,
            ..*plain
        };
        let mut out = Vec::new();
        out.extend_from_slice(b"250-");
        text::write_pieces(&mut out, data.mlst_first, &args);
        out.extend_from_slice(b"\r\n ");
        listing::facts(&mut out, style, &entry, self.writable());
        let name = match style {
            crate::admission::MlstStyle::PureFtpd => {
                if arg.is_empty() {
                    "."
                } else {
                    entry.name.as_str()
                }
            }
            _ => shown.as_str(),
        };
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\r\n250 ");
        text::write_pieces(&mut out, data.mlst_last, &args);
        out.extend_from_slice(b"\r\n");
        self.send(out);
    }

    /// The entries LIST shows for `path`: a directory's, or the one file.
    fn list_entries(&self, path: &VPath) -> Option<Vec<Entry>> {
        self.with_tree(|tree| match tree.list(path) {
            Ok(entries) => Some(entries),
            Err(VfsError::NotADirectory) => tree.entry(path).map(|e| alloc::vec![e]),
            Err(_) => None,
        })
        .flatten()
    }

    fn on_transfer(&mut self, gate: &mut impl Slots, now: Instant, verb: DataVerb, arg: &[u8]) {
        let data = self.data_texts();
        let plain = text::Args {
            arg,
            verb: verb_text(verb),
            ..text::Args::default()
        };
        if verb == DataVerb::Mlsd && data.mlst.is_none() {
            self.reply_line(&self.texts().unknown_command, &[], b"MLSD");
            return;
        }
        if self.channel == Channel::None {
            if verb == DataVerb::Retr && data.retr_checks_file_first {
                let path = VPath::resolve(&self.cwd, arg).ok();
                let found = path
                    .as_ref()
                    .and_then(|p| self.with_tree(|t| t.content(p).map(drop)))
                    .unwrap_or(Err(VfsError::NotFound));
                match found {
                    Ok(()) => {}
                    Err(VfsError::IsADirectory) => {
                        self.reply_lines(&data.retr_not_file, &plain);
                        return;
                    }
                    Err(_) => {
                        self.reply_lines(&data.retr_missing, &plain);
                        return;
                    }
                }
            }
            self.reply_line(&self.texts().no_data_connection, &[], &[]);
            return;
        }
        let rest = core::mem::take(&mut self.rest);
        let unix_now = self.unix_now(now);
        let mut number = 0;
        let mut remaining = 0;
        let mut list_options = String::new();
        let mut shown_arg = arg.to_vec();
        let (direction, start, done) = match verb {
            DataVerb::List | DataVerb::Nlst | DataVerb::Mlsd => {
                let (path_arg, options) = if data.list_style == ListStyle::Pyftpdlib {
                    pyftpdlib_list_arg(arg)
                } else {
                    split_list_arg(arg)
                };
                list_options = pure_ftpd_options(&options);
                let path = VPath::resolve(&self.cwd, path_arg).ok();
                let entries = path.as_ref().and_then(|p| self.list_entries(p));
                let mut bytes = Vec::new();
                match entries {
                    Some(mut entries) => {
                        let of_directory = path
                            .as_ref()
                            .is_some_and(|p| self.with_tree(|t| t.is_dir(p)) == Some(true));
                        if verb == DataVerb::Nlst
                            && !of_directory
                            && let Some(reply) = data.nlst_file_refused
                        {
                            self.reply_lines(&reply, &plain);
                            return;
                        }
                        if of_directory && verb != DataVerb::Mlsd && !options.contains(&b'a') {
                            if verb == DataVerb::Nlst && data.nlst_shows_all {
                                if let Some(path) = &path {
                                    let dots = self.dot_entries(path);
                                    entries.splice(0..0, dots);
                                }
                            } else if data.hides_dot_files {
                                entries.retain(|e| !e.name.starts_with('.'));
                            }
                        }
                        if verb == DataVerb::List
                            && options.contains(&b'a')
                            && data.list_style != ListStyle::Pyftpdlib
                            && let Some(path) = &path
                        {
                            let dots = self.dot_entries(path);
                            entries.splice(0..0, dots);
                        }
                        number = entries.len() as u64;
                        for entry in &entries {
                            if bytes.len() > MAX_LISTING_BYTES {
                                break;
                            }
                            match verb {
                                DataVerb::List => listing::ls_line(
                                    &mut bytes,
                                    data.list_style,
                                    entry,
                                    unix_now,
                                    data.recent_days,
                                ),
                                DataVerb::Nlst => {
                                    if !data.nlst_prefixes_arg || path_arg.is_empty() {
                                        bytes.extend_from_slice(entry.name.as_bytes());
                                    } else if of_directory {
                                        bytes.extend_from_slice(path_arg);
                                        if path_arg.last() != Some(&b'/') {
                                            bytes.push(b'/');
                                        }
                                        bytes.extend_from_slice(entry.name.as_bytes());
                                    } else {
                                        // A file: named as it was asked for.
                                        bytes.extend_from_slice(path_arg);
                                    }
                                    bytes.extend_from_slice(b"\r\n");
                                }
                                _ => {
                                    if let Some(style) = data.mlst {
                                        listing::facts(&mut bytes, style, entry, self.writable());
                                    }
                                    bytes.extend_from_slice(entry.name.as_bytes());
                                    bytes.extend_from_slice(b"\r\n");
                                }
                            }
                        }
                    }
                    None => match data.list_missing {
                        ListMissing::Empty => {}
                        ListMissing::Refuse(reply) => {
                            self.reply_lines(&reply, &plain);
                            return;
                        }
                        ListMissing::AfterOpen(reply) => {
                            // The 150, then the refusal once connected: as a
                            // transfer of nothing whose end is the refusal.
                            let start = if verb == DataVerb::Mlsd {
                                data.mlsd_start
                            } else {
                                data.list_start
                            };
                            self.begin(
                                gate,
                                now,
                                Direction::Send(Source::Buffer {
                                    bytes: Vec::new(),
                                    at: 0,
                                }),
                                start,
                                reply,
                                shown_arg,
                                (0, 0, list_options),
                            );
                            return;
                        }
                    },
                }
                let done = match verb {
                    DataVerb::List => data.list_done,
                    _ => data.nlst_done,
                };
                let start = if verb == DataVerb::Mlsd {
                    data.mlsd_start
                } else {
                    data.list_start
                };
                (
                    Direction::Send(Source::Buffer { bytes, at: 0 }),
                    start,
                    done,
                )
            }
            DataVerb::Retr => {
                if self.ascii
                    && rest > 0
                    && let Some(reply) = data.ascii_resume
                {
                    self.reply_lines(&reply, &plain);
                    return;
                }
                let path = VPath::resolve(&self.cwd, arg).ok();
                let content = path
                    .as_ref()
                    .and_then(|p| self.with_tree(|t| t.content(p)))
                    .unwrap_or(Err(VfsError::NotFound));
                let content = match content {
                    Ok(content) => content,
                    Err(VfsError::IsADirectory) => {
                        self.reply_lines(&data.retr_not_file, &plain);
                        return;
                    }
                    Err(_) => {
                        self.reply_lines(&data.retr_missing, &plain);
                        return;
                    }
                };
                number = content.size();
                remaining = number.saturating_sub(rest);
                let at = rest.min(number);
                let start = match data.retr_start_empty {
                    Some(empty) if remaining == 0 => empty,
                    _ => data.retr_start,
                };
                (
                    Direction::Send(Source::File { content, at }),
                    start,
                    data.retr_done,
                )
            }
            _ => {
                // STOR, APPE, STOU.
                if !self.writable() {
                    self.reply_lines(&data.write_denied, &plain);
                    return;
                }
                let path = if verb == DataVerb::Stou {
                    self.unique_name(arg)
                } else {
                    VPath::resolve(&self.cwd, arg).ok().filter(|p| !p.is_root())
                };
                let parent_ok = path.as_ref().is_some_and(|p| {
                    self.with_tree(|t| t.is_dir(&p.parent()) && !t.is_dir(p))
                        .unwrap_or(false)
                });
                let Some(path) = path.filter(|_| parent_ok) else {
                    self.reply_lines(&data.stor_failed, &plain);
                    return;
                };
                if verb == DataVerb::Stou {
                    shown_arg = path.name().unwrap_or_default().as_bytes().to_vec();
                }
                // REST before STOR keeps that many bytes of the file there.
                let mut bytes = Vec::new();
                if rest > 0
                    && verb == DataVerb::Stor
                    && let Some(Ok(content)) = self.with_tree(|t| t.content(&path))
                {
                    let keep = rest.min(content.size()).min(self.config.max_upload_bytes);
                    bytes.resize(keep as usize, 0);
                    let n = content.read_at(0, &mut bytes);
                    bytes.truncate(n);
                }
                let how = match verb {
                    DataVerb::Appe => Write::Append,
                    DataVerb::Stou => Write::Create,
                    _ => Write::Replace,
                };
                let start = if verb == DataVerb::Stou {
                    data.stou_start
                } else {
                    data.stor_start
                };
                let upload = Upload {
                    path,
                    how,
                    bytes,
                    discard: self.config.uploads == Uploads::Discard,
                    pending_cr: false,
                    full: false,
                };
                (Direction::Receive(upload), start, data.stor_done)
            }
        };
        self.begin(
            gate,
            now,
            direction,
            start,
            done,
            shown_arg,
            (number, remaining, list_options),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn begin(
        &mut self,
        _gate: &mut impl Slots,
        now: Instant,
        direction: Direction,
        start: Lines,
        done: Lines,
        arg: Vec<u8>,
        (number, remaining, list_options): (u64, u64, String),
    ) {
        let data = self.data_texts();
        let ascii_out = self.ascii
            && data.ascii_download
            && matches!(direction, Direction::Send(Source::File { .. }));
        let connected = self.channel.is_connected();
        let mut transfer = Transfer {
            direction,
            start: Some(start),
            done,
            running: false,
            started: now,
            progress_at: now,
            moved: 0,
            ascii_out,
            last_cr: false,
            arg,
            number,
            remaining,
            list_options,
        };
        if connected {
            if let Some(already) = data.already_open {
                transfer.start = Some(already);
            }
        } else if !data.start_after_connect {
            // The 150 at once; the transfer starts when the connection
            // comes.
            if let Some(start) = transfer.start.take() {
                let args = text::Args {
                    arg: &transfer.arg,
                    number,
                    remaining,
                    ..text::Args::default()
                };
                let mut out = Vec::new();
                let args = text::Args {
                    peer: Some(self.peer()),
                    ascii: self.ascii,
                    ..args
                };
                write_lines(&mut out, &start, &args);
                self.send(out);
            }
        }
        self.transfer = Some(transfer);
        if connected {
            self.start_transfer(now);
        } else if let Channel::Active {
            addr,
            connecting,
            connected: false,
        } = &mut self.channel
            && !*connecting
        {
            *connecting = true;
            let addr = *addr;
            self.push_effect(Output::ConnectTo(addr));
        }
    }

    /// `.` and `..` for `ls -a`.
    fn dot_entries(&self, path: &VPath) -> Vec<Entry> {
        let mut dots = Vec::new();
        for (name, at) in [(".", path.clone()), ("..", path.parent())] {
            if let Some(Some(mut entry)) = self.with_tree(|t| t.entry(&at)) {
                entry.name = name.into();
                dots.push(entry);
            }
        }
        dots
    }

    /// A name for STOU: the one asked for if free, else with `.1`, `.2`, …
    /// appended (as vsftpd does); `ftpsim.upload` when none is given.
    fn unique_name(&self, arg: &[u8]) -> Option<VPath> {
        let base = if arg.is_empty() {
            VPath::resolve(&self.cwd, b"ftpsim.upload").ok()?
        } else {
            VPath::resolve(&self.cwd, arg).ok()?
        };
        let parent = base.parent();
        let name = base.name()?;
        self.with_tree(|tree| {
            if tree.get(&base).is_none() {
                return Some(base.clone());
            }
            (1..1000u32).find_map(|i| {
                let candidate = parent.join(&format!("{name}.{i}"))?;
                tree.get(&candidate).is_none().then_some(candidate)
            })
        })
        .flatten()
    }

    fn write_with_peer(&self, out: &mut Vec<u8>, pieces: &[text::Piece], args: &text::Args<'_>) {
        let args = text::Args {
            peer: Some(self.peer()),
            ascii: self.ascii,
            ..*args
        };
        text::write_pieces(out, pieces, &args);
    }
}

impl VPath {
    /// The path as a reply quotes it.
    pub(crate) fn to_string_lossless(&self) -> String {
        format!("{self}")
    }
}

/// Writes every line of `lines` with its code.
fn write_lines(out: &mut Vec<u8>, lines: &Lines, args: &text::Args<'_>) {
    for line in lines.before {
        out.extend_from_slice(&lines.code.digits());
        out.push(b'-');
        text::write_pieces(out, line, args);
        out.extend_from_slice(b"\r\n");
    }
    text::write_reply(out, lines.code, lines.last, args);
}

fn read_source(source: &mut Source, buf: &mut [u8]) -> usize {
    match source {
        Source::File { content, at } => {
            let n = content.read_at(*at, buf);
            *at += n as u64;
            n
        }
        Source::Buffer { bytes, at } => {
            let n = (bytes.len() - *at).min(buf.len());
            buf[..n].copy_from_slice(&bytes[*at..*at + n]);
            *at += n;
            n
        }
    }
}

fn verb_text(verb: DataVerb) -> &'static [u8] {
    match verb {
        DataVerb::Pasv => b"PASV",
        DataVerb::Epsv => b"EPSV",
        DataVerb::Port => b"PORT",
        DataVerb::Eprt => b"EPRT",
        DataVerb::List => b"LIST",
        DataVerb::Nlst => b"NLST",
        DataVerb::Mlsd => b"MLSD",
        DataVerb::Mlst => b"MLST",
        DataVerb::Retr => b"RETR",
        DataVerb::Stor => b"STOR",
        DataVerb::Appe => b"APPE",
        DataVerb::Stou => b"STOU",
        DataVerb::Size => b"SIZE",
        DataVerb::Mdtm => b"MDTM",
        DataVerb::Cwd => b"CWD",
        DataVerb::Cdup => b"CDUP",
        DataVerb::Mkd => b"MKD",
        DataVerb::Rmd => b"RMD",
        DataVerb::Dele => b"DELE",
        DataVerb::Rnfr => b"RNFR",
        DataVerb::Rnto => b"RNTO",
        DataVerb::Stat => b"STAT",
        DataVerb::Allo => b"ALLO",
        DataVerb::Rest => b"REST",
        DataVerb::Abor => b"ABOR",
        DataVerb::Mode => b"MODE",
        DataVerb::Stru => b"STRU",
    }
}

/// The argument without trailing spaces (a path may begin with one).
fn trim_end(arg: &[u8]) -> &[u8] {
    let end = arg.iter().rposition(|&b| b != b' ').map_or(0, |e| e + 1);
    &arg[..end]
}

fn parse_u64(arg: &[u8]) -> Option<u64> {
    if arg.is_empty() || arg.len() > 20 || !arg.iter().all(u8::is_ascii_digit) {
        return None;
    }
    core::str::from_utf8(arg).ok()?.parse().ok()
}

/// pyftpdlib takes options only alone (`-a`, `-l`, `-al`, `-la`, for the
/// working directory); with a path they are part of it (measured: `LIST
/// -la sub` is `550 No such file or directory.`).
fn pyftpdlib_list_arg(arg: &[u8]) -> (&[u8], Vec<u8>) {
    let alone = [&b"-a"[..], b"-l", b"-al", b"-la"]
        .iter()
        .any(|o| arg.eq_ignore_ascii_case(o));
    if alone {
        (&[], arg[1..].to_ascii_lowercase())
    } else {
        (arg, Vec::new())
    }
}

/// LIST's argument: options (`-la`) first, then the path.
fn split_list_arg(arg: &[u8]) -> (&[u8], Vec<u8>) {
    let mut rest = arg;
    let mut options = Vec::new();
    while rest.first() == Some(&b'-') {
        let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        options.extend_from_slice(&rest[1..end]);
        rest = &rest[end..];
        while rest.first() == Some(&b' ') {
            rest = &rest[1..];
        }
    }
    (rest, options)
}

/// Pure-FTPd's `226-Options:` line: each option it took, in its order,
/// `-l` always.
fn pure_ftpd_options(options: &[u8]) -> String {
    let mut out = String::new();
    if options.contains(&b'a') {
        out.push_str("-a ");
    }
    out.push_str("-l ");
    out
}

/// `h1,h2,h3,h4,p1,p2`.
fn parse_port(arg: &[u8]) -> Option<SocketAddr> {
    let text = core::str::from_utf8(arg).ok()?;
    let mut numbers = [0u8; 6];
    let mut parts = text.trim().split(',');
    for n in &mut numbers {
        *n = parts.next()?.trim().parse().ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    let ip = Ipv4Addr::new(numbers[0], numbers[1], numbers[2], numbers[3]);
    let port = u16::from(numbers[4]) << 8 | u16::from(numbers[5]);
    Some(SocketAddr::new(IpAddr::V4(ip), port))
}

/// `|1|132.235.1.2|6275|` (RFC 2428): the first byte is the delimiter.
fn parse_eprt(arg: &[u8]) -> Option<SocketAddr> {
    let text = core::str::from_utf8(arg).ok()?;
    let delimiter = text.chars().next()?;
    if !(delimiter.is_ascii_graphic()) {
        return None;
    }
    let mut parts = text[delimiter.len_utf8()..].split(delimiter);
    let (protocol, host, port) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next() != Some("") || parts.next().is_some() {
        return None;
    }
    let ip: IpAddr = match protocol {
        "1" => IpAddr::V4(host.parse().ok()?),
        "2" => IpAddr::V6(host.parse().ok()?),
        _ => return None,
    };
    Some(SocketAddr::new(ip, port.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_and_eprt_arguments() {
        assert_eq!(
            parse_port(b"127,0,0,1,4,1"),
            Some("127.0.0.1:1025".parse().unwrap())
        );
        assert_eq!(parse_port(b"127,0,0,1,4"), None);
        assert_eq!(parse_port(b"127,0,0,1,4,1,9"), None);
        assert_eq!(parse_port(b"256,0,0,1,4,1"), None);
        assert_eq!(
            parse_eprt(b"|1|127.0.0.1|5000|"),
            Some("127.0.0.1:5000".parse().unwrap())
        );
        assert_eq!(
            parse_eprt(b"!2!::1!5000!"),
            Some("[::1]:5000".parse().unwrap())
        );
        assert_eq!(parse_eprt(b"|3|x|1|"), None);
        assert_eq!(parse_eprt(b"x"), None);
    }

    #[test]
    fn list_arguments() {
        assert_eq!(split_list_arg(b"-la sub"), (&b"sub"[..], b"la".to_vec()));
        assert_eq!(split_list_arg(b"-a -l"), (&b""[..], b"al".to_vec()));
        assert_eq!(split_list_arg(b"sub dir"), (&b"sub dir"[..], Vec::new()));
        assert_eq!(pure_ftpd_options(b"la"), "-a -l ");
    }
}
