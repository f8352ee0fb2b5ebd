//! Directory listings as each server writes them: `ls -l` lines for LIST
//! and STAT, bare names for NLST, facts for MLSD and MLST.

use alloc::vec::Vec;
use core::fmt::Write as _;

use crate::admission::{ListStyle, MlstStyle};
use crate::vfs::Entry;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A moment as the calendar shows it (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// Seconds since 1970 to the civil date (Howard Hinnant's `civil_from_days`).
pub(crate) fn civil(unix: u64) -> Civil {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs / 60 % 60) as u32,
        second: (secs % 60) as u32,
    }
}

/// `YYYYMMDDHHMMSS`, the time format of MDTM and MLST (RFC 3659).
pub(crate) fn timeval(out: &mut Vec<u8>, unix: u64) {
    let c = civil(unix);
    let _ = write!(
        Bytes(out),
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second
    );
}

/// One `ls -l` line, CRLF-terminated.
pub(crate) fn ls_line(
    out: &mut Vec<u8>,
    style: ListStyle,
    entry: &Entry,
    now: u64,
    recent_days: u64,
) {
    let mode = if entry.is_dir {
        "drwxr-xr-x"
    } else {
        "-rw-r--r--"
    };
    let c = civil(entry.mtime);
    let month = MONTHS[(c.month as usize).saturating_sub(1) % 12];
    // Recent: within the window before now. vsftpd also wants it not in
    // the future; the others show a future date with its time (measured:
    // Pure-FTPd, ProFTPD and pyftpdlib, a file dated tomorrow).
    let window = recent_days * 86_400;
    let recent = match style {
        ListStyle::Vsftpd => entry.mtime <= now && now - entry.mtime < window,
        _ => entry.mtime > now.saturating_sub(window),
    };
    let mut w = Bytes(out);
    let _ = match style {
        ListStyle::Vsftpd => write!(
            w,
            "{mode} {:>4} {:<8} {:<8} {:>8} {month} {:02} ",
            entry.links, "0", "0", entry.size, c.day
        ),
        ListStyle::PureFtpd => write!(
            w,
            "{mode} {:>4} {:<10} {:<10} {:>10} {month} {:>2} ",
            entry.links, "0", "0", entry.size, c.day
        ),
        ListStyle::Proftpd => write!(
            w,
            "{mode} {:>3} {:<8} {:<8} {:>8} {month} {:>2} ",
            entry.links, "root", "root", entry.size, c.day
        ),
        ListStyle::Pyftpdlib => write!(
            w,
            "{mode} {:>3} {:<8} {:<8} {:>8} {month} {:02} ",
            entry.links, "root", "root", entry.size, c.day
        ),
    };
    let _ = if recent {
        write!(w, "{:02}:{:02} ", c.hour, c.minute)
    } else {
        write!(w, " {} ", c.year)
    };
    out.extend_from_slice(entry.name.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// The facts of one entry, up to and including the `; ` before its name.
pub(crate) fn facts(out: &mut Vec<u8>, style: MlstStyle, entry: &Entry, writable: bool) {
    let perm = match (entry.is_dir, writable) {
        (true, true) => "elcdfmp",
        (true, false) => "el",
        (false, true) => "radfw",
        (false, false) => "r",
    };
    let kind = if entry.is_dir { "dir" } else { "file" };
    match style {
        MlstStyle::Pyftpdlib | MlstStyle::Proftpd => {
            out.extend_from_slice(b"modify=");
            timeval(out, entry.mtime);
            let _ = write!(Bytes(out), ";perm={perm};");
            if !(entry.is_dir && style == MlstStyle::Proftpd) {
                let _ = write!(Bytes(out), "size={};", entry.size);
            }
            let _ = write!(Bytes(out), "type={kind}; ");
        }
        MlstStyle::PureFtpd => {
            let (size_fact, mode) = if entry.is_dir {
                ("sizd", "0755")
            } else {
                ("size", "0644")
            };
            let _ = write!(Bytes(out), "type={kind};{size_fact}={};modify=", entry.size);
            timeval(out, entry.mtime);
            let _ = write!(Bytes(out), ";UNIX.mode={mode}; ");
        }
    }
}

/// `core::fmt` into a byte buffer.
struct Bytes<'a>(&'a mut Vec<u8>);

impl core::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn entry(name: &str, is_dir: bool, size: u64, mtime: u64) -> Entry {
        Entry {
            name: name.into(),
            is_dir,
            size,
            mtime,
            links: if is_dir { 2 } else { 1 },
        }
    }

    /// 2024-03-05 14:07:09 UTC, and "now" 2026-12-01 17:31:48 UTC, as in
    /// the measurements.
    const MTIME: u64 = 1_709_647_629;
    const NOW: u64 = 1_796_146_308;

    fn line(style: ListStyle, e: &Entry) -> String {
        let mut out = Vec::new();
        ls_line(&mut out, style, e, NOW, 180);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_future_date_is_recent_except_for_vsftpd() {
        let tomorrow = entry("t", false, 1, NOW + 86_400);
        assert!(line(ListStyle::Vsftpd, &tomorrow).contains(" Dec 02  2026 t"));
        for style in [ListStyle::PureFtpd, ListStyle::Proftpd] {
            assert!(
                line(style, &tomorrow).contains(" Dec  2 17:31 t"),
                "{style:?}"
            );
        }
        assert!(line(ListStyle::Pyftpdlib, &tomorrow).contains(" Dec 02 17:31 t"));
    }

    #[test]
    fn calendar() {
        assert_eq!(
            civil(MTIME),
            Civil {
                year: 2024,
                month: 3,
                day: 5,
                hour: 14,
                minute: 7,
                second: 9
            }
        );
        let mut out = Vec::new();
        timeval(&mut out, 0);
        assert_eq!(out, b"19700101000000");
    }

    #[test]
    fn ls_lines_are_the_measured_columns() {
        let file = entry("hello.txt", false, 12, MTIME);
        let dir = entry("sub", true, 4096, NOW - 60);
        assert_eq!(
            line(ListStyle::Vsftpd, &file),
            "-rw-r--r--    1 0        0              12 Mar 05  2024 hello.txt\r\n"
        );
        assert_eq!(
            line(ListStyle::PureFtpd, &file),
            "-rw-r--r--    1 0          0                  12 Mar  5  2024 hello.txt\r\n"
        );
        assert_eq!(
            line(ListStyle::Proftpd, &file),
            "-rw-r--r--   1 root     root           12 Mar  5  2024 hello.txt\r\n"
        );
        assert_eq!(
            line(ListStyle::Pyftpdlib, &file),
            "-rw-r--r--   1 root     root           12 Mar 05  2024 hello.txt\r\n"
        );
        assert_eq!(
            line(ListStyle::Vsftpd, &dir),
            "drwxr-xr-x    2 0        0            4096 Dec 01 17:30 sub\r\n"
        );
        assert_eq!(
            line(ListStyle::PureFtpd, &dir),
            "drwxr-xr-x    2 0          0                4096 Dec  1 17:30 sub\r\n"
        );
    }
}
