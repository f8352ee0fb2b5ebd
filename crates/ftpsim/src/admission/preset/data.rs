//! What each server says about files, directories and data connections.
//!
//! Every text marked "measured" was read off a raw socket against the real
//! server on Debian 12 (vsftpd 3.0.3, Pure-FTPd 1.0.50, ProFTPD 1.3.8,
//! pyftpdlib 2.2.0), logged in anonymously, with the same small tree
//! (a 12-byte `hello.txt`, a directory `sub`, a writable `incoming`).
//! Pure-FTPd refuses every change to anonymous users, so its texts for a
//! successful MKD, RMD, DELE and rename come from its source
//! (`messages_en.h`); so do the few others marked "source".

use super::Line;
use super::line;
use crate::admission::text::Piece::{
    self, Arg, ClientsAtStart, Elapsed, Host, IdleSeconds, ListOptions, Lit, Mode, Number,
    PasvAddress, Path, Peer, PlainPath, Port, Rate, Remaining, SessionBytes, User, Verb,
};
use crate::reply::ReplyCode;

/// A reply of one or more lines, every line carrying the code (`226-…`,
/// `226 …`), as Pure-FTPd writes its multiline replies; most are one line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lines {
    pub code: ReplyCode,
    /// The lines before the last, written `NNN-…`.
    pub before: &'static [&'static [Piece]],
    /// The last line, written `NNN …`.
    pub last: &'static [Piece],
}

const fn one(value: u16, text: &'static [Piece]) -> Lines {
    let Line { code, text } = line(value, text);
    Lines {
        code,
        before: &[],
        last: text,
    }
}

const fn many(value: u16, before: &'static [&'static [Piece]], last: &'static [Piece]) -> Lines {
    let Line { code, .. } = line(value, &[]);
    Lines { code, before, last }
}

/// How LIST writes a line (`ls -l` as each server formats it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ListStyle {
    /// `%s %4u %-8s %-8s %8llu %b %d %H:%M|  %Y %s`, numeric owner,
    /// zero-padded day (vsftpd `ls.c`, measured).
    Vsftpd,
    /// `%s %4u %-10s %-10s %10llu %b %e …`, numeric owner, space-padded
    /// day (measured).
    PureFtpd,
    /// `%s %3u %-8s %-8s %8llu %b %e …`, owner names (measured).
    Proftpd,
    /// Like ProFTPD with a zero-padded day (measured).
    Pyftpdlib,
}

/// What LIST does with a path that does not exist.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ListMissing {
    /// Opens the data connection and sends nothing (vsftpd, Pure-FTPd).
    Empty,
    /// Refuses before opening the data connection (pyftpdlib).
    Refuse(Lines),
    /// Opens the data connection, then refuses (ProFTPD's 450).
    AfterOpen(Lines),
}

/// How MLSD and MLST write facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MlstStyle {
    /// `modify=;perm=;size=;type=;` and the absolute path after MLST
    /// (pyftpdlib, measured; `unique` left out: it is an inode number).
    Pyftpdlib,
    /// `modify=;perm=;size=;type=;` with no size for directories
    /// (ProFTPD, measured; `unique` and the `UNIX.*` owner facts left out).
    Proftpd,
    /// `type=;size=|sizd=;modify=;UNIX.mode=;` and the bare name after
    /// MLST (Pure-FTPd, measured; `unique` left out).
    PureFtpd,
}

/// STAT without an argument: a 211 reply whose lines quote the session.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stat {
    pub first: &'static [Piece],
    pub body: &'static [StatLine],
    pub last: &'static [Piece],
}

/// One line of STAT's reply, and when the server writes it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StatLine {
    pub when: When,
    pub text: &'static [Piece],
}

/// When a line of STAT's reply is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum When {
    Always,
    /// The session has an idle timeout.
    IdleTimeout,
    /// The session has none.
    NoIdleTimeout,
    /// Data connections have moved bytes in this session.
    BytesMoved,
}

impl StatLine {
    /// Whether the line is written, given whether the session has an idle
    /// timeout and whether its data connections have moved bytes.
    pub(crate) fn shown(&self, idle_timeout: bool, bytes_moved: bool) -> bool {
        match self.when {
            When::Always => true,
            When::IdleTimeout => idle_timeout,
            When::NoIdleTimeout => !idle_timeout,
            When::BytesMoved => bytes_moved,
        }
    }
}

const fn always(text: &'static [Piece]) -> StatLine {
    StatLine {
        when: When::Always,
        text,
    }
}

const fn when(when: When, text: &'static [Piece]) -> StatLine {
    StatLine { when, text }
}

/// A server's texts for files and data connections, and the few rules that
/// differ between servers.
#[derive(Debug)]
pub(crate) struct DataTexts {
    pub cwd_ok: Lines,
    pub cdup_ok: Lines,
    pub cwd_failed: Lines,
    /// CWD to a file; `None`: `cwd_failed`.
    pub cwd_not_dir: Option<Lines>,
    pub mode_ok: Lines,
    pub mode_bad: Lines,
    /// MODE B or C, modes the RFC defines that the server does not carry
    /// out; `None`: `mode_bad`.
    pub mode_unsupported: Option<Lines>,
    pub stru_ok: Lines,
    pub stru_bad: Lines,
    pub allo: Lines,
    pub rest_ok: Lines,
    /// REST with a bad number; `None`: taken as 0 (vsftpd).
    pub rest_bad: Option<Lines>,
    pub size_missing: Lines,
    pub size_not_file: Lines,
    /// SIZE in ASCII mode, refused by servers that would have to convert
    /// the whole file to count.
    pub size_ascii: Option<Lines>,
    pub mdtm_missing: Lines,
    /// MDTM of a directory; `None`: `mdtm_missing`.
    pub mdtm_not_file: Option<Lines>,
    pub pasv_ok: Lines,
    pub epsv_ok: Lines,
    pub epsv_all: Lines,
    /// EPSV with a protocol other than 1; `None`: any is accepted
    /// (Pure-FTPd).
    pub epsv_bad_protocol: Option<Lines>,
    /// PASV, PORT or EPRT after `EPSV ALL`; `None`: still allowed.
    pub after_epsv_all: Option<Lines>,
    pub port_ok: Lines,
    pub eprt_ok: Lines,
    pub port_syntax: Lines,
    pub eprt_syntax: Lines,
    /// PORT or EPRT to a port below 1024.
    pub port_privileged: Lines,
    /// PORT or EPRT to another address than the control connection's peer.
    pub port_foreign: Lines,
    /// The data connection could not be made (no client connected to the
    /// passive port in time, or the active connect failed).
    pub data_connect_failed: Lines,
    /// A data connection refused by the server's connection count
    /// (pyftpdlib, whose `max_cons` counts data sockets).
    pub too_many_data_connections: Lines,
    /// When the data connection is already open as the command arrives:
    /// pyftpdlib's 125.
    pub already_open: Option<Lines>,
    /// Whether the 150 waits for the data connection (vsftpd, Pure-FTPd,
    /// ProFTPD) or comes at once (pyftpdlib).
    pub start_after_connect: bool,
    pub list_start: Lines,
    pub mlsd_start: Lines,
    pub list_done: Lines,
    pub nlst_done: Lines,
    pub list_missing: ListMissing,
    pub retr_start: Lines,
    /// RETR's 150 when nothing is left to send (ProFTPD quotes no size
    /// then); `None`: `retr_start`.
    pub retr_start_empty: Option<Lines>,
    pub retr_done: Lines,
    /// The end of a download or upload that moved no byte (Pure-FTPd
    /// quotes no rate then); `None`: `retr_done`, `stor_done`.
    pub file_done_empty: Option<Lines>,
    pub retr_missing: Lines,
    pub retr_not_file: Lines,
    /// Whether RETR without a data connection first says what is wrong
    /// with the file, if anything, before asking for the connection.
    pub retr_checks_file_first: bool,
    /// RETR after REST in ASCII mode; `None`: allowed.
    pub ascii_resume: Option<Lines>,
    /// Whether TYPE A converts LF to CRLF on download (vsftpd's
    /// `ascii_download_enable` is off by default: it sends the bytes as
    /// they are).
    pub ascii_download: bool,
    /// Whether TYPE A converts CRLF to LF on upload.
    pub ascii_upload: bool,
    /// A line before the 226 of a transfer in ASCII mode (Pure-FTPd).
    pub ascii_note: Option<&'static [Piece]>,
    pub stor_start: Lines,
    pub stor_done: Lines,
    /// The file cannot be created (its directory is missing, it is a
    /// directory).
    pub stor_failed: Lines,
    pub stou_start: Lines,
    /// Writing refused: the server does not take uploads or changes.
    pub write_denied: Lines,
    /// MKD, RMD, DELE and RNTO refused that way, where the server words
    /// each its own way; `None`: `write_denied`.
    pub mkd_denied: Option<Lines>,
    pub rmd_denied: Option<Lines>,
    pub dele_denied: Option<Lines>,
    pub rnto_denied: Option<Lines>,
    /// Whether RNFR is answered as usual even then (the refusal comes with
    /// RNTO).
    pub rnfr_when_denied: bool,
    /// Changes an anonymous user may never make, whatever the uploads
    /// setting; `None`: as for anyone.
    pub anonymous_mkd_denied: Option<Lines>,
    pub anonymous_rmd_denied: Option<Lines>,
    pub anonymous_dele_denied: Option<Lines>,
    /// RNFR and RNTO.
    pub anonymous_rename_denied: Option<Lines>,
    /// An upload over the memory cap.
    pub insufficient_storage: Lines,
    /// The transfer ABOR interrupted.
    pub aborted: Lines,
    pub abor_ok: Lines,
    pub abor_idle: Lines,
    /// The data connection broke during a transfer.
    pub connection_lost: Lines,
    /// No progress on the data connection for the data timeout; the session
    /// closes after it.
    pub data_timeout: Lines,
    pub mkd_ok: Lines,
    pub mkd_failed: Lines,
    pub rmd_ok: Lines,
    pub rmd_failed: Lines,
    pub dele_ok: Lines,
    pub dele_failed: Lines,
    pub rnfr_ok: Lines,
    pub rnfr_failed: Lines,
    pub rnto_first: Lines,
    pub rnto_ok: Lines,
    pub rnto_failed: Lines,
    /// `None`: the server has no MLST or MLSD (vsftpd: `500 Unknown
    /// command.`).
    pub mlst: Option<MlstStyle>,
    /// MLST's first and last lines (code 250).
    pub mlst_first: &'static [Piece],
    pub mlst_last: &'static [Piece],
    pub mlst_missing: Lines,
    pub stat: Stat,
    /// STAT with a path: first and last lines (code 213) around its `ls -l`
    /// lines, indented by one space when `stat_indent`.
    pub stat_file_first: &'static [Piece],
    pub stat_file_last: &'static [Piece],
    pub stat_indent: bool,
    pub list_style: ListStyle,
    /// Whether LIST and NLST of a directory leave out the names that begin
    /// with `.` unless asked with `-a`.
    pub hides_dot_files: bool,
    /// Whether NLST shows every name, `.` and `..` among them, whatever
    /// `hides_dot_files` says.
    pub nlst_shows_all: bool,
    /// Whether NLST given a path writes each entry of a directory as that
    /// path, `/` and the entry's name, and a file as the path.
    pub nlst_prefixes_arg: bool,
    /// NLST of a file, refused; `None`: the file's name is sent.
    pub nlst_file_refused: Option<Lines>,
    /// Days within which LIST shows the time of day instead of the year.
    pub recent_days: u64,
    /// FEAT's lines, in the server's order: only what the session carries
    /// out (the real servers also list TLS, MFMT, …).
    pub features: &'static [&'static str],
}

const NO_SUCH: &[Piece] = &[Arg, Lit(": No such file or directory")];

pub(crate) const RFC_DATA: DataTexts = DataTexts {
    cwd_ok: one(250, &[Lit("Requested file action okay, completed.")]),
    cdup_ok: one(250, &[Lit("Requested file action okay, completed.")]),
    cwd_failed: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    cwd_not_dir: None,
    mode_ok: one(200, &[Lit("Command okay.")]),
    mode_bad: one(504, &[Lit("Command not implemented for that parameter.")]),
    mode_unsupported: None,
    stru_ok: one(200, &[Lit("Command okay.")]),
    stru_bad: one(504, &[Lit("Command not implemented for that parameter.")]),
    allo: one(
        202,
        &[Lit("Command not implemented, superfluous at this site.")],
    ),
    rest_ok: one(
        350,
        &[Lit("Requested file action pending further information.")],
    ),
    rest_bad: Some(one(501, &[Lit("Syntax error in parameters or arguments.")])),
    size_missing: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    size_not_file: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    size_ascii: None,
    mdtm_missing: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    mdtm_not_file: None,
    pasv_ok: one(
        227,
        &[Lit("Entering Passive Mode ("), PasvAddress, Lit(").")],
    ),
    epsv_ok: one(
        229,
        &[Lit("Entering Extended Passive Mode (|||"), Port, Lit("|)")],
    ),
    epsv_all: one(200, &[Lit("Command okay.")]),
    epsv_bad_protocol: Some(one(522, &[Lit("Network protocol not supported, use (1)")])),
    after_epsv_all: Some(one(503, &[Lit("Bad sequence of commands.")])),
    port_ok: one(200, &[Lit("Command okay.")]),
    eprt_ok: one(200, &[Lit("Command okay.")]),
    port_syntax: one(501, &[Lit("Syntax error in parameters or arguments.")]),
    eprt_syntax: one(501, &[Lit("Syntax error in parameters or arguments.")]),
    port_privileged: one(504, &[Lit("Command not implemented for that parameter.")]),
    port_foreign: one(504, &[Lit("Command not implemented for that parameter.")]),
    data_connect_failed: one(425, &[Lit("Can't open data connection.")]),
    too_many_data_connections: one(425, &[Lit("Can't open data connection.")]),
    already_open: Some(one(
        125,
        &[Lit("Data connection already open; transfer starting.")],
    )),
    start_after_connect: false,
    list_start: one(
        150,
        &[Lit("File status okay; about to open data connection.")],
    ),
    mlsd_start: one(
        150,
        &[Lit("File status okay; about to open data connection.")],
    ),
    list_done: one(226, &[Lit("Closing data connection.")]),
    nlst_done: one(226, &[Lit("Closing data connection.")]),
    list_missing: ListMissing::Refuse(one(
        550,
        &[Lit("Requested action not taken. File unavailable.")],
    )),
    retr_start: one(
        150,
        &[Lit("File status okay; about to open data connection.")],
    ),
    retr_done: one(226, &[Lit("Closing data connection.")]),
    retr_start_empty: None,
    file_done_empty: None,
    retr_missing: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    retr_not_file: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    retr_checks_file_first: false,
    ascii_resume: None,
    ascii_download: true,
    ascii_upload: true,
    ascii_note: None,
    stor_start: one(
        150,
        &[Lit("File status okay; about to open data connection.")],
    ),
    stor_done: one(226, &[Lit("Closing data connection.")]),
    stor_failed: one(
        553,
        &[Lit("Requested action not taken. File name not allowed.")],
    ),
    stou_start: one(150, &[Lit("FILE: "), Arg]),
    write_denied: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    mkd_denied: None,
    rmd_denied: None,
    dele_denied: None,
    rnto_denied: None,
    rnfr_when_denied: false,
    anonymous_mkd_denied: None,
    anonymous_rmd_denied: None,
    anonymous_dele_denied: None,
    anonymous_rename_denied: None,
    insufficient_storage: one(
        552,
        &[Lit(
            "Requested file action aborted. Exceeded storage allocation.",
        )],
    ),
    aborted: one(426, &[Lit("Connection closed; transfer aborted.")]),
    abor_ok: one(226, &[Lit("Closing data connection.")]),
    abor_idle: one(
        225,
        &[Lit("Data connection open; no transfer in progress.")],
    ),
    connection_lost: one(426, &[Lit("Connection closed; transfer aborted.")]),
    data_timeout: one(
        421,
        &[Lit("Service not available, closing control connection.")],
    ),
    mkd_ok: one(257, &[Lit("\""), Path, Lit("\" created.")]),
    mkd_failed: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    rmd_ok: one(250, &[Lit("Requested file action okay, completed.")]),
    rmd_failed: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    dele_ok: one(250, &[Lit("Requested file action okay, completed.")]),
    dele_failed: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    rnfr_ok: one(
        350,
        &[Lit("Requested file action pending further information.")],
    ),
    rnfr_failed: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    rnto_first: one(503, &[Lit("Bad sequence of commands.")]),
    rnto_ok: one(250, &[Lit("Requested file action okay, completed.")]),
    rnto_failed: one(
        553,
        &[Lit("Requested action not taken. File name not allowed.")],
    ),
    mlst: Some(MlstStyle::Pyftpdlib),
    mlst_first: &[Lit("Listing "), Path],
    mlst_last: &[Lit("End")],
    mlst_missing: one(550, &[Lit("Requested action not taken. File unavailable.")]),
    stat: Stat {
        first: &[Lit("FTP server status:")],
        body: &[
            always(&[Lit(" Connected to "), Peer]),
            always(&[Lit(" TYPE: "), Mode]),
        ],
        last: &[Lit("End of status")],
    },
    stat_file_first: &[Lit("Status of "), Path, Lit(":")],
    stat_file_last: &[Lit("End of status")],
    stat_indent: false,
    list_style: ListStyle::Proftpd,
    // The RFC leaves listings to the server: every name.
    hides_dot_files: false,
    nlst_shows_all: false,
    nlst_prefixes_arg: false,
    nlst_file_refused: None,
    recent_days: 180,
    features: &[
        "EPRT",
        "EPSV",
        "MDTM",
        "MLST modify*;perm*;size*;type*;",
        "PASV",
        "REST STREAM",
        "SIZE",
        "TVFS",
        "UTF8",
    ],
};

/// All measured, except where marked.
pub(crate) const VSFTPD_DATA: DataTexts = DataTexts {
    cwd_ok: one(250, &[Lit("Directory successfully changed.")]),
    // handle_cdup() is handle_cwd("..").
    cdup_ok: one(250, &[Lit("Directory successfully changed.")]),
    cwd_failed: one(550, &[Lit("Failed to change directory.")]),
    cwd_not_dir: None,
    mode_ok: one(200, &[Lit("Mode set to S.")]),
    mode_bad: one(504, &[Lit("Bad MODE command.")]),
    mode_unsupported: None,
    stru_ok: one(200, &[Lit("Structure set to F.")]),
    stru_bad: one(504, &[Lit("Bad STRU command.")]),
    allo: one(202, &[Lit("ALLO command ignored.")]),
    rest_ok: one(
        350,
        &[Lit("Restart position accepted ("), Number, Lit(").")],
    ),
    rest_bad: None,
    size_missing: one(550, &[Lit("Could not get file size.")]),
    size_not_file: one(550, &[Lit("Could not get file size.")]),
    size_ascii: None,
    mdtm_missing: one(550, &[Lit("Could not get file modification time.")]),
    mdtm_not_file: None,
    pasv_ok: one(
        227,
        &[Lit("Entering Passive Mode ("), PasvAddress, Lit(").")],
    ),
    // 3.0.3 writes no period after the parenthesis (3.0.2's source did).
    epsv_ok: one(
        229,
        &[Lit("Entering Extended Passive Mode (|||"), Port, Lit("|)")],
    ),
    epsv_all: one(200, &[Lit("EPSV ALL ok.")]),
    epsv_bad_protocol: Some(one(522, &[Lit("Bad network protocol.")])),
    after_epsv_all: Some(one(550, &[Lit("Permission denied.")])),
    // Source.
    port_ok: one(200, &[Lit("PORT command successful. Consider using PASV.")]),
    eprt_ok: one(200, &[Lit("EPRT command successful. Consider using EPSV.")]),
    port_syntax: one(500, &[Lit("Illegal PORT command.")]),
    eprt_syntax: one(500, &[Lit("Bad EPRT command.")]),
    port_privileged: one(500, &[Lit("Illegal "), Verb, Lit(" command.")]),
    port_foreign: one(500, &[Lit("Illegal "), Verb, Lit(" command.")]),
    // Source (ftpdataio.c).
    data_connect_failed: one(425, &[Lit("Failed to establish connection.")]),
    too_many_data_connections: one(425, &[Lit("Failed to establish connection.")]),
    already_open: None,
    start_after_connect: true,
    list_start: one(150, &[Lit("Here comes the directory listing.")]),
    mlsd_start: one(150, &[Lit("Here comes the directory listing.")]),
    list_done: one(226, &[Lit("Directory send OK.")]),
    nlst_done: one(226, &[Lit("Directory send OK.")]),
    list_missing: ListMissing::Empty,
    // "BINARY" even in ASCII mode: ascii_download_enable is off.
    retr_start: one(
        150,
        &[
            Lit("Opening BINARY mode data connection for "),
            Arg,
            Lit(" ("),
            Number,
            Lit(" bytes)."),
        ],
    ),
    retr_done: one(226, &[Lit("Transfer complete.")]),
    retr_start_empty: None,
    file_done_empty: None,
    retr_missing: one(550, &[Lit("Failed to open file.")]),
    retr_not_file: one(550, &[Lit("Failed to open file.")]),
    retr_checks_file_first: false,
    // Source (handle_retr()).
    ascii_resume: Some(one(550, &[Lit("No support for resume of ASCII transfer.")])),
    ascii_download: false,
    ascii_upload: false,
    ascii_note: None,
    stor_start: one(150, &[Lit("Ok to send data.")]),
    stor_done: one(226, &[Lit("Transfer complete.")]),
    stor_failed: one(553, &[Lit("Could not create file.")]),
    stou_start: one(150, &[Lit("FILE: "), Arg]),
    // Source: write_enable=NO.
    write_denied: one(550, &[Lit("Permission denied.")]),
    mkd_denied: None,
    rmd_denied: None,
    dele_denied: None,
    rnto_denied: None,
    rnfr_when_denied: false,
    anonymous_mkd_denied: None,
    anonymous_rmd_denied: None,
    anonymous_dele_denied: None,
    anonymous_rename_denied: None,
    // Source (handle_upload_common()).
    insufficient_storage: one(451, &[Lit("Failure writing to local file.")]),
    // Source (ftpdataio.c, handle_abor()).
    aborted: one(426, &[Lit("Failure writing network stream.")]),
    abor_ok: one(226, &[Lit("ABOR successful.")]),
    abor_idle: one(225, &[Lit("No transfer to ABOR.")]),
    connection_lost: one(426, &[Lit("Failure writing network stream.")]),
    data_timeout: one(421, &[Lit("Data timeout. Reconnect. Sorry.")]),
    mkd_ok: one(257, &[Lit("\""), Path, Lit("\" created")]),
    mkd_failed: one(550, &[Lit("Create directory operation failed.")]),
    rmd_ok: one(250, &[Lit("Remove directory operation successful.")]),
    rmd_failed: one(550, &[Lit("Remove directory operation failed.")]),
    dele_ok: one(250, &[Lit("Delete operation successful.")]),
    dele_failed: one(550, &[Lit("Delete operation failed.")]),
    rnfr_ok: one(350, &[Lit("Ready for RNTO.")]),
    rnfr_failed: one(550, &[Lit("RNFR command failed.")]),
    rnto_first: one(503, &[Lit("RNFR required first.")]),
    rnto_ok: one(250, &[Lit("Rename successful.")]),
    rnto_failed: one(550, &[Lit("Rename failed.")]),
    mlst: None,
    mlst_first: &[],
    mlst_last: &[],
    mlst_missing: one(500, &[Lit("Unknown command.")]),
    // Measured, and postlogin.c handle_stat() for the timeout's two forms.
    stat: Stat {
        first: &[Lit("FTP server status:")],
        body: &[
            always(&[Lit("     Connected to "), Peer]),
            always(&[Lit("     Logged in as "), User]),
            always(&[Lit("     TYPE: "), Mode]),
            always(&[Lit("     No session bandwidth limit")]),
            when(
                When::IdleTimeout,
                &[Lit("     Session timeout in seconds is "), IdleSeconds],
            ),
            when(When::NoIdleTimeout, &[Lit("     No session timeout")]),
            always(&[Lit("     Control connection is plain text")]),
            always(&[Lit("     Data connections will be plain text")]),
            // Standalone, vsftpd always counts its clients.
            always(&[
                Lit("     At session startup, client count was "),
                ClientsAtStart,
            ]),
            always(&[Lit("     vsFTPd 3.0.3 - secure, fast, stable")]),
        ],
        last: &[Lit("End of status")],
    },
    stat_file_first: &[Lit("Status follows:")],
    stat_file_last: &[Lit("End of status")],
    stat_indent: false,
    list_style: ListStyle::Vsftpd,
    // Measured (LIST and NLST; `force_dot_files` is off).
    hides_dot_files: true,
    nlst_shows_all: false,
    // Measured: `NLST docs` names `docs/data.bin`.
    nlst_prefixes_arg: true,
    nlst_file_refused: None,
    // ls.c: within six months (182 days).
    recent_days: 182,
    // Measured FEAT, all of it.
    features: &[
        "EPRT",
        "EPSV",
        "MDTM",
        "PASV",
        "REST STREAM",
        "SIZE",
        "TVFS",
        "UTF8",
    ],
};

/// Measured, except the texts for changes (anonymous users may make none)
/// and for failures, from `messages_en.h`.
pub(crate) const PURE_FTPD_DATA: DataTexts = DataTexts {
    cwd_ok: one(250, &[Lit("OK. Current directory is "), PlainPath]),
    cdup_ok: one(250, &[Lit("OK. Current directory is "), PlainPath]),
    cwd_failed: one(
        550,
        &[
            Lit("Can't change directory to "),
            Arg,
            Lit(": No such file or directory"),
        ],
    ),
    // Measured.
    cwd_not_dir: Some(one(
        550,
        &[
            Lit("Can't change directory to "),
            Arg,
            Lit(": Not a directory"),
        ],
    )),
    mode_ok: one(200, &[Lit("S OK")]),
    mode_bad: one(504, &[Lit("Please use S(tream) mode")]),
    mode_unsupported: None,
    stru_ok: one(200, &[Lit("F OK")]),
    stru_bad: one(504, &[Lit("Only F(ile) is supported")]),
    allo: one(200, &[Lit("A L'HUILE")]),
    rest_ok: one(350, &[Lit("Restarting at "), Number]),
    rest_bad: Some(many(
        554,
        &[&[Lit("REST needs a numeric parameter")]],
        &[Lit("Restart offset reset to 0")],
    )),
    size_missing: one(550, &[Lit("Can't check for file existence")]),
    size_not_file: one(550, &[Lit("I can only retrieve regular files")]),
    size_ascii: None,
    mdtm_missing: one(550, &[Lit("Can't check for file existence")]),
    // Measured.
    mdtm_not_file: Some(one(550, &[Lit("I can only retrieve regular files")])),
    pasv_ok: one(
        227,
        &[Lit("Entering Passive Mode ("), PasvAddress, Lit(")")],
    ),
    epsv_ok: one(
        229,
        &[Lit("Extended Passive mode OK (|||"), Port, Lit("|)")],
    ),
    epsv_all: one(220, &[Lit("Active mode is disabled")]),
    epsv_bad_protocol: None,
    after_epsv_all: None,
    // Source.
    port_ok: one(200, &[Lit("PORT command successful")]),
    eprt_ok: one(200, &[Lit("PORT command successful")]),
    port_syntax: one(501, &[Lit("Syntax error in IP address")]),
    eprt_syntax: one(501, &[Lit("Syntax error in IP address")]),
    port_privileged: one(501, &[Lit("Sorry, but I won't connect to ports < 1024")]),
    port_foreign: one(
        500,
        &[
            Lit("I won't open a connection to "),
            Host,
            Lit(" (only to "),
            Peer,
            Lit(")"),
        ],
    ),
    // Source.
    data_connect_failed: one(425, &[Lit("Can't open connection")]),
    too_many_data_connections: one(425, &[Lit("Can't open connection")]),
    already_open: None,
    start_after_connect: true,
    list_start: one(150, &[Lit("Accepted data connection")]),
    mlsd_start: one(150, &[Lit("Accepted data connection")]),
    list_done: many(
        226,
        &[&[Lit("Options: "), ListOptions]],
        &[Number, Lit(" matches total")],
    ),
    nlst_done: one(226, &[Number, Lit(" matches total")]),
    list_missing: ListMissing::Empty,
    retr_start: one(150, &[Lit("Accepted data connection")]),
    retr_done: many(
        226,
        &[&[Lit("File successfully transferred")]],
        &[Elapsed, Lit(" seconds (measured here), "), Rate],
    ),
    retr_start_empty: None,
    // displayrate() writes no rate for a speed of 0.
    file_done_empty: Some(one(226, &[Lit("File successfully transferred")])),
    retr_missing: one(
        550,
        &[Lit("Can't open "), Arg, Lit(": No such file or directory")],
    ),
    retr_not_file: one(550, &[Lit("I can only retrieve regular files")]),
    // Measured.
    retr_checks_file_first: true,
    ascii_resume: None,
    ascii_download: true,
    ascii_upload: false,
    ascii_note: Some(&[Lit(
        "Warning: client is in ASCII mode - Assuming data is plain text",
    )]),
    stor_start: one(150, &[Lit("Accepted data connection")]),
    stor_done: many(
        226,
        &[&[Lit("File successfully transferred")]],
        &[Elapsed, Lit(" seconds (measured here), "), Rate],
    ),
    stor_failed: one(
        553,
        &[Lit("Can't open that file: No such file or directory")],
    ),
    stou_start: one(150, &[Lit("FILE: "), Arg]),
    write_denied: one(553, &[Lit("Can't open that file: Permission denied")]),
    // Measured: a user without write permission on the directory.
    mkd_denied: Some(one(
        550,
        &[Lit("Can't create directory: Permission denied")],
    )),
    rmd_denied: Some(one(
        550,
        &[Lit("Can't remove directory: Permission denied")],
    )),
    dele_denied: Some(one(
        550,
        &[Lit("Could not delete "), Arg, Lit(": Permission denied")],
    )),
    rnto_denied: Some(one(451, &[Lit("Rename/move failure: Permission denied")])),
    rnfr_when_denied: true,
    // Source (ftpd.c, messages_en.h; without -M, ANON_CAN_DELETE or
    // ANON_CAN_RENAME).
    anonymous_mkd_denied: Some(one(
        550,
        &[Lit(
            "Sorry, anonymous users are not allowed to create directories",
        )],
    )),
    anonymous_rmd_denied: Some(one(
        550,
        &[Lit(
            "Sorry, anonymous users are not allowed to remove directories",
        )],
    )),
    anonymous_dele_denied: Some(one(550, &[Lit("Anonymous users can not delete files")])),
    anonymous_rename_denied: Some(one(
        550,
        &[Lit("Anonymous users are not allowed to move/rename files")],
    )),
    // Source (MSG_WRITE_FAILED).
    insufficient_storage: one(451, &[Lit("Error during write to file")]),
    // Source (MSG_ABORTED), then the measured idle ABOR text.
    aborted: one(426, &[Lit("Transfer aborted")]),
    abor_ok: one(226, &[Lit("Since you see this ABOR must've succeeded")]),
    abor_idle: one(226, &[Lit("Since you see this ABOR must've succeeded")]),
    connection_lost: one(426, &[Lit("Error during write to data connection")]),
    // Source (the data timeout of ftpd.c).
    data_timeout: one(
        421,
        &[Lit("Timeout - try typing a little faster next time")],
    ),
    // Source.
    mkd_ok: one(
        257,
        &[
            Lit("\""),
            Arg,
            Lit("\" : The directory was successfully created"),
        ],
    ),
    mkd_failed: one(550, &[Lit("Can't create directory: File exists")]),
    rmd_ok: one(250, &[Lit("The directory was successfully removed")]),
    rmd_failed: one(
        550,
        &[Lit("Can't remove directory: No such file or directory")],
    ),
    dele_ok: one(250, &[Lit("Deleted "), Arg]),
    dele_failed: one(
        550,
        &[
            Lit("Could not delete "),
            Arg,
            Lit(": No such file or directory"),
        ],
    ),
    rnfr_ok: one(
        350,
        &[Lit("RNFR accepted - file exists, ready for destination")],
    ),
    rnfr_failed: one(550, &[Lit("Sorry, but that file doesn't exist")]),
    rnto_first: one(503, &[Lit("Need RNFR before RNTO")]),
    rnto_ok: one(250, &[Lit("File successfully renamed or moved")]),
    rnto_failed: one(451, &[Lit("Rename/move failure")]),
    mlst: Some(MlstStyle::PureFtpd),
    mlst_first: &[Lit("Begin")],
    mlst_last: &[Lit("End.")],
    mlst_missing: one(550, &[Lit("Can't check for file existence")]),
    // STAT without an argument says only the project's address.
    stat: Stat {
        first: &[],
        body: &[],
        last: &[Lit("https://www.pureftpd.org/")],
    },
    stat_file_first: &[Lit("STAT")],
    stat_file_last: &[Lit("End.")],
    stat_indent: false,
    list_style: ListStyle::PureFtpd,
    // Measured: LIST hides them, NLST shows them all, `.` and `..` too.
    hides_dot_files: true,
    nlst_shows_all: true,
    // Measured: `NLST docs` names `docs/data.bin`.
    nlst_prefixes_arg: true,
    // Measured.
    nlst_file_refused: Some(one(550, &[Lit("Can't check for file existence")])),
    recent_days: 180,
    // The measured FEAT without IDLE, MFMT, PRET, AUTH TLS, PBSZ, PROT,
    // ESTA and ESTP.
    features: &[
        "UTF8",
        "EPRT",
        "MDTM",
        "SIZE",
        "REST STREAM",
        "MLST type*;size*;sizd*;modify*;UNIX.mode*;",
        "MLSD",
        "TVFS",
        "PASV",
        "EPSV",
    ],
};

/// All measured.
pub(crate) const PROFTPD_DATA: DataTexts = DataTexts {
    cwd_ok: one(250, &[Lit("CWD command successful")]),
    cdup_ok: one(250, &[Lit("CDUP command successful")]),
    cwd_failed: one(550, NO_SUCH),
    // Measured.
    cwd_not_dir: Some(one(550, &[Arg, Lit(": Not a directory")])),
    mode_ok: one(200, &[Lit("Mode set to S")]),
    mode_bad: one(
        501,
        &[Lit("'MODE "), Arg, Lit("' unrecognized transfer mode")],
    ),
    // Measured (MODE B).
    mode_unsupported: Some(one(
        504,
        &[Lit("'MODE "), Arg, Lit("' unsupported transfer mode")],
    )),
    stru_ok: one(200, &[Lit("Structure set to F")]),
    stru_bad: one(
        504,
        &[Lit("'STRU "), Arg, Lit("' unsupported structure type")],
    ),
    allo: one(202, &[Lit("No storage allocation necessary")]),
    rest_ok: one(
        350,
        &[
            Lit("Restarting at "),
            Number,
            Lit(". Send STORE or RETRIEVE to initiate transfer"),
        ],
    ),
    rest_bad: Some(one(
        501,
        &[Lit("REST requires a value greater than or equal to 0")],
    )),
    size_missing: one(550, NO_SUCH),
    size_not_file: one(550, &[Arg, Lit(": not a regular file")]),
    size_ascii: Some(one(550, &[Lit("SIZE not allowed in ASCII mode")])),
    mdtm_missing: one(550, NO_SUCH),
    // Measured.
    mdtm_not_file: Some(one(550, &[Arg, Lit(": not a plain file")])),
    pasv_ok: one(
        227,
        &[Lit("Entering Passive Mode ("), PasvAddress, Lit(").")],
    ),
    epsv_ok: one(
        229,
        &[Lit("Entering Extended Passive Mode (|||"), Port, Lit("|)")],
    ),
    epsv_all: one(200, &[Lit("EPSV ALL command successful")]),
    epsv_bad_protocol: Some(one(
        522,
        &[Lit("Network protocol not supported, use (1,2)")],
    )),
    after_epsv_all: Some(one(
        500,
        &[Lit("Illegal "), Verb, Lit(" command, EPSV ALL in effect")],
    )),
    port_ok: one(200, &[Lit("PORT command successful")]),
    eprt_ok: one(200, &[Lit("EPRT command successful")]),
    port_syntax: one(501, &[Lit("Illegal PORT command")]),
    eprt_syntax: one(522, &[Lit("Network protocol not supported, use (1,2)")]),
    port_privileged: one(500, &[Lit("Illegal "), Verb, Lit(" command")]),
    // ProFTPD accepts EPRT to a foreign address and refuses at connect
    // time; refusing at once, as it does for PORT, leaks nothing either.
    port_foreign: one(500, &[Lit("Illegal "), Verb, Lit(" command")]),
    // Source (mod_xfer.c).
    data_connect_failed: one(
        425,
        &[Lit("Unable to build data connection: Connection timed out")],
    ),
    too_many_data_connections: one(
        425,
        &[Lit("Unable to build data connection: Connection refused")],
    ),
    already_open: None,
    start_after_connect: true,
    list_start: one(
        150,
        &[
            Lit("Opening "),
            Mode,
            Lit(" mode data connection for file list"),
        ],
    ),
    mlsd_start: one(
        150,
        &[Lit("Opening "), Mode, Lit(" mode data connection for MLSD")],
    ),
    list_done: one(226, &[Lit("Transfer complete")]),
    nlst_done: one(226, &[Lit("Transfer complete")]),
    list_missing: ListMissing::AfterOpen(one(450, NO_SUCH)),
    retr_start: one(
        150,
        &[
            Lit("Opening "),
            Mode,
            Lit(" mode data connection for "),
            Arg,
            Lit(" ("),
            Remaining,
            Lit(" bytes)"),
        ],
    ),
    retr_done: one(226, &[Lit("Transfer complete")]),
    // data.c pr_data_open(): no size when there is none to send.
    retr_start_empty: Some(one(
        150,
        &[
            Lit("Opening "),
            Mode,
            Lit(" mode data connection for "),
            Arg,
        ],
    )),
    file_done_empty: None,
    retr_missing: one(550, NO_SUCH),
    retr_not_file: one(550, &[Arg, Lit(": Not a regular file")]),
    // Measured.
    retr_checks_file_first: true,
    ascii_resume: None,
    ascii_download: true,
    ascii_upload: true,
    ascii_note: None,
    stor_start: one(
        150,
        &[
            Lit("Opening "),
            Mode,
            Lit(" mode data connection for "),
            Arg,
        ],
    ),
    stor_done: one(226, &[Lit("Transfer complete")]),
    stor_failed: one(550, NO_SUCH),
    stou_start: one(150, &[Lit("FILE: "), Arg]),
    write_denied: one(550, &[Arg, Lit(": Permission denied")]),
    mkd_denied: None,
    rmd_denied: None,
    dele_denied: None,
    rnto_denied: None,
    // Measured.
    rnfr_when_denied: true,
    anonymous_mkd_denied: None,
    anonymous_rmd_denied: None,
    anonymous_dele_denied: None,
    anonymous_rename_denied: None,
    // Source (mod_xfer.c, ENOSPC).
    insufficient_storage: one(552, &[Arg, Lit(": No space left on device")]),
    // Source (mod_xfer.c, mod_core.c).
    aborted: one(426, &[Lit("Transfer aborted. Data connection closed")]),
    abor_ok: one(226, &[Lit("Abort successful")]),
    abor_idle: one(226, &[Lit("Abort successful")]),
    connection_lost: one(426, &[Lit("Transfer aborted. Data connection closed")]),
    data_timeout: one(
        421,
        &[Lit("Data transfer timeout, closing control connection")],
    ),
    mkd_ok: one(
        257,
        &[Lit("\""), Path, Lit("\" - Directory successfully created")],
    ),
    mkd_failed: one(550, &[Arg, Lit(": File exists")]),
    rmd_ok: one(250, &[Lit("RMD command successful")]),
    rmd_failed: one(550, NO_SUCH),
    dele_ok: one(250, &[Lit("DELE command successful")]),
    dele_failed: one(550, NO_SUCH),
    rnfr_ok: one(
        350,
        &[Lit("File or directory exists, ready for destination name")],
    ),
    rnfr_failed: one(550, NO_SUCH),
    rnto_first: one(503, &[Lit("Bad sequence of commands")]),
    rnto_ok: one(250, &[Lit("Rename successful")]),
    rnto_failed: one(550, &[Arg, Lit(": Rename failed")]),
    mlst: Some(MlstStyle::Proftpd),
    mlst_first: &[Lit("Start of list for "), Arg],
    mlst_last: &[Lit("End of list")],
    mlst_missing: one(550, NO_SUCH),
    stat: Stat {
        first: &[Lit("Status of 'ProFTPD'")],
        body: &[
            always(&[Lit(" Connected from "), Peer, Lit(" ("), Peer, Lit(")")]),
            always(&[Lit(" Logged in as "), User]),
            always(&[Lit(" TYPE: "), Mode, Lit(", STRUcture: File, Mode: Stream")]),
            when(
                When::BytesMoved,
                &[Lit(" Total bytes transferred for session: "), SessionBytes],
            ),
            always(&[Lit(" No data connection")]),
        ],
        last: &[Lit("End of status")],
    },
    stat_file_first: &[Lit("Status of "), Arg, Lit(":")],
    stat_file_last: &[Lit("End of status")],
    stat_indent: true,
    list_style: ListStyle::Proftpd,
    // Source (mod_ls.c, without `ListOptions -a`).
    hides_dot_files: true,
    nlst_shows_all: false,
    // Measured: `NLST docs` names `docs/data.bin`.
    nlst_prefixes_arg: true,
    nlst_file_refused: None,
    recent_days: 180,
    // The measured FEAT without CLNT, CSID, HOST, LANG, MFF, MFMT and RANG.
    features: &[
        "EPRT",
        "EPSV",
        "MDTM",
        "MLST modify*;perm*;size*;type*;",
        "REST STREAM",
        "SIZE",
        "TVFS",
        "UTF8",
    ],
};

/// All measured, except where marked.
pub(crate) const PYFTPDLIB_DATA: DataTexts = DataTexts {
    // Quotes doubled only in 257 replies (measured).
    cwd_ok: one(
        250,
        &[Lit("\""), PlainPath, Lit("\" is the current directory.")],
    ),
    cdup_ok: one(
        250,
        &[Lit("\""), PlainPath, Lit("\" is the current directory.")],
    ),
    cwd_failed: one(550, &[Lit("No such file or directory.")]),
    // Measured.
    cwd_not_dir: Some(one(550, &[Lit("Not a directory.")])),
    mode_ok: one(200, &[Lit("Transfer mode set to: S")]),
    mode_bad: one(501, &[Lit("Unrecognized MODE type.")]),
    // Measured (MODE B).
    mode_unsupported: Some(one(504, &[Lit("Unimplemented MODE type.")])),
    stru_ok: one(200, &[Lit("File transfer structure set to: F.")]),
    stru_bad: one(504, &[Lit("Unimplemented STRU type.")]),
    allo: one(202, &[Lit("No storage allocation necessary.")]),
    rest_ok: one(350, &[Lit("Restarting at position "), Number, Lit(".")]),
    rest_bad: Some(one(501, &[Lit("Invalid parameter.")])),
    size_missing: one(550, &[PlainPath, Lit(" is not retrievable.")]),
    size_not_file: one(550, &[PlainPath, Lit(" is not retrievable.")]),
    size_ascii: Some(one(550, &[Lit("SIZE not allowed in ASCII mode.")])),
    mdtm_missing: one(550, &[PlainPath, Lit(" is not retrievable")]),
    mdtm_not_file: None,
    pasv_ok: one(
        227,
        &[Lit("Entering passive mode ("), PasvAddress, Lit(").")],
    ),
    epsv_ok: one(
        229,
        &[Lit("Entering extended passive mode (|||"), Port, Lit("|).")],
    ),
    epsv_all: one(
        220,
        &[Lit("Other commands other than EPSV are now disabled.")],
    ),
    epsv_bad_protocol: Some(one(522, &[Lit("Network protocol not supported (use 1).")])),
    after_epsv_all: Some(one(501, &[Verb, Lit(" not allowed after EPSV ALL.")])),
    // Source (ActiveDTP.handle_connect()).
    port_ok: one(200, &[Lit("Active data connection established.")]),
    eprt_ok: one(200, &[Lit("Active data connection established.")]),
    port_syntax: one(501, &[Lit("Invalid PORT format.")]),
    eprt_syntax: one(501, &[Lit("Invalid EPRT format.")]),
    port_privileged: one(
        501,
        &[
            Lit("PORT against the privileged port \""),
            Port,
            Lit("\" refused."),
        ],
    ),
    port_foreign: one(
        501,
        &[
            Lit("Rejected data connection to foreign address "),
            Host,
            Lit(":"),
            Port,
            Lit("."),
        ],
    ),
    // Source (ActiveDTP.handle_timeout(), PassiveDTP.handle_timeout()).
    data_connect_failed: one(425, &[Lit("Can't connect to specified address.")]),
    // Source (_make_eport(), _make_epasv()).
    too_many_data_connections: one(
        425,
        &[Lit("Too many connections. Can't open data channel.")],
    ),
    already_open: Some(one(
        125,
        &[Lit("Data connection already open. Transfer starting.")],
    )),
    start_after_connect: false,
    list_start: one(
        150,
        &[Lit("File status okay. About to open data connection.")],
    ),
    mlsd_start: one(
        150,
        &[Lit("File status okay. About to open data connection.")],
    ),
    list_done: one(226, &[Lit("Transfer complete.")]),
    nlst_done: one(226, &[Lit("Transfer complete.")]),
    list_missing: ListMissing::Refuse(one(550, &[Lit("No such file or directory.")])),
    retr_start: one(
        150,
        &[Lit("File status okay. About to open data connection.")],
    ),
    retr_done: one(226, &[Lit("Transfer complete.")]),
    retr_start_empty: None,
    file_done_empty: None,
    retr_missing: one(550, &[Lit("No such file or directory.")]),
    retr_not_file: one(550, &[Lit("Is a directory.")]),
    // Measured.
    retr_checks_file_first: true,
    ascii_resume: None,
    ascii_download: true,
    ascii_upload: true,
    ascii_note: None,
    stor_start: one(
        150,
        &[Lit("File status okay. About to open data connection.")],
    ),
    stor_done: one(226, &[Lit("Transfer complete.")]),
    stor_failed: one(550, &[Lit("No such file or directory.")]),
    stou_start: one(150, &[Lit("FILE: "), Arg]),
    // Source (the authorizer's refusal).
    write_denied: one(550, &[Lit("Not enough privileges.")]),
    mkd_denied: None,
    rmd_denied: None,
    dele_denied: None,
    rnto_denied: None,
    rnfr_when_denied: false,
    anonymous_mkd_denied: None,
    anonymous_rmd_denied: None,
    anonymous_dele_denied: None,
    anonymous_rename_denied: None,
    // Source (ftp_STOR on an OSError).
    insufficient_storage: one(451, &[Lit("No space left on device.")]),
    // Source (ftp_ABOR).
    aborted: one(426, &[Lit("Transfer aborted via ABOR.")]),
    abor_ok: one(226, &[Lit("ABOR command successful.")]),
    abor_idle: one(225, &[Lit("No transfer to abort.")]),
    // Source (DTPHandler.handle_close()).
    connection_lost: one(426, &[Lit("Transfer aborted; data connection closed.")]),
    // Source (DTPHandler.handle_timeout()): the session stays open in
    // pyftpdlib; here a data timeout always ends it.
    data_timeout: one(421, &[Lit("Data connection timed out.")]),
    mkd_ok: one(257, &[Lit("\""), Path, Lit("\" directory created.")]),
    mkd_failed: one(550, &[Lit("File exists.")]),
    rmd_ok: one(250, &[Lit("Directory removed.")]),
    rmd_failed: one(550, &[Lit("No such file or directory.")]),
    dele_ok: one(250, &[Lit("File removed.")]),
    dele_failed: one(550, &[Lit("No such file or directory.")]),
    rnfr_ok: one(350, &[Lit("Ready for destination name.")]),
    rnfr_failed: one(550, &[Lit("No such file or directory.")]),
    rnto_first: one(503, &[Lit("Bad sequence of commands: use RNFR first.")]),
    rnto_ok: one(250, &[Lit("Renaming ok.")]),
    rnto_failed: one(550, &[Lit("No such file or directory.")]),
    mlst: Some(MlstStyle::Pyftpdlib),
    mlst_first: &[Lit("Listing \""), PlainPath, Lit("\":")],
    mlst_last: &[Lit("End MLST.")],
    mlst_missing: one(550, &[Lit("No such file or directory.")]),
    // The measured lines but the first (pyftpdlib quotes its own address
    // there, which a session does not know).
    stat: Stat {
        first: &[Lit("FTP server status:")],
        // Measured, without the lines that quote the client's port and the
        // name it gave (` Connected to: 127.0.0.1:36811`, ` Logged in as:
        // anonymous`), which the session is not told.
        body: &[
            always(&[Lit(" TYPE: "), Mode, Lit("; STRUcture: File; MODE: Stream")]),
            always(&[Lit(" Data connection closed.")]),
        ],
        last: &[Lit("End of status.")],
    },
    stat_file_first: &[Lit("Status of \""), PlainPath, Lit("\":")],
    stat_file_last: &[Lit("End of status.")],
    stat_indent: false,
    list_style: ListStyle::Pyftpdlib,
    // Measured: every name.
    hides_dot_files: false,
    nlst_shows_all: false,
    nlst_prefixes_arg: false,
    nlst_file_refused: None,
    recent_days: 180,
    // The measured FEAT without MFMT.
    features: &[
        "EPRT",
        "EPSV",
        "MDTM",
        "MLST modify*;perm*;size*;type*;",
        "REST STREAM",
        "SIZE",
        "TVFS",
        "UTF8",
    ],
};
