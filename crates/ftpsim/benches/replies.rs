//! Reply parsing and formatting throughput on realistic corpora, next to the
//! floor: a `memchr` scan for line ends over the same bytes (the least any
//! line-oriented parser must do).
//!
//! Each corpus is a run of replies as a client receives them, repeated to
//! about 64 KiB so that one measurement covers thousands of replies:
//!
//! - `greetings`: vsftpd's, ProFTPD's and Pure-FTPd's multiline 220 banner
//!   (every line coded `220-`), and a 421 refusal;
//! - `feat`: the 211 FEAT lists of vsftpd and Pure-FTPd;
//! - `help`: vsftpd's multiline 214 HELP;
//! - `busy_client`: the replies of a client listing and fetching files
//!   (PWD, TYPE, PASV, LIST, RETR, SIZE, MDTM, CWD), short single lines.
//!
//! `parse` walks the buffer reply by reply without copying; `ReplyDecoder`
//! is fed the whole buffer at once and in 16-byte chunks, and its replies
//! are taken as they complete.
//!
//! `cargo bench -p ftpsim --bench replies`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ftpsim::reply::format::{write_lines, write_single};
use ftpsim::reply::parser::{Config, ReplyDecoder, Status, parse};
use ftpsim::reply::{Reply, ReplyCode};

const CORPUS_BYTES: usize = 64 * 1024;
const SMALL_CHUNK: usize = 16;

const GREETINGS: &[u8] = b"220 (vsFTPd 3.0.3)\r\n\
220 ProFTPD Server (ProFTPD) [127.0.0.1]\r\n\
220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n\
220-You are user number 2 of 50 allowed.\r\n\
220-Local time is now 15:15. Server port: 21.\r\n\
220-This is a private system - No anonymous login\r\n\
220-IPv6 connections are also welcome on this server.\r\n\
220 You will be disconnected after 15 minutes of inactivity.\r\n\
421 There are too many connected users, please try later.\r\n";

const FEAT: &[u8] = b"211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n\
211-Extensions supported:\r\n EPRT\r\n IDLE\r\n MDTM\r\n SIZE\r\n MFMT\r\n REST STREAM\r\n \
MLST type*;size*;sizd*;modify*;UNIX.mode*;UNIX.uid*;UNIX.gid*;unique*;\r\n MLSD\r\n PRET\r\n \
AUTH TLS\r\n PBSZ\r\n PROT\r\n UTF8\r\n TVFS\r\n ESTA\r\n PASV\r\n EPSV\r\n ESTP\r\n211 End.\r\n";

const HELP: &[u8] = b"214-The following commands are recognized.\r\n \
ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD\r\n \
MODE NLST NOOP OPTS PASS PASV PORT PWD  QUIT REIN REST RETR RMD  RNFR\r\n \
RNTO SITE SIZE SMNT STAT STOR STOU STRU SYST TYPE USER XCUP XCWD XMKD\r\n \
XPWD XRMD\r\n214 Help OK.\r\n";

const BUSY_CLIENT: &[u8] = b"257 \"/pub\" is the current directory\r\n\
200 Switching to Binary mode.\r\n\
227 Entering Passive Mode (127,0,0,1,156,71).\r\n\
150 Here comes the directory listing.\r\n\
226 Directory send OK.\r\n\
213 1048576\r\n\
213 20260114093012\r\n\
227 Entering Passive Mode (127,0,0,1,171,33).\r\n\
150 Opening BINARY mode data connection for release.tar.gz (1048576 bytes).\r\n\
226 Transfer complete.\r\n\
250 Directory successfully changed.\r\n\
200 NOOP ok.\r\n";

fn corpora() -> Vec<(&'static str, Vec<u8>)> {
    [
        ("greetings", GREETINGS),
        ("feat", FEAT),
        ("help", HELP),
        ("busy_client", BUSY_CLIENT),
    ]
    .into_iter()
    .map(|(name, unit)| {
        let copies = CORPUS_BYTES.div_ceil(unit.len());
        (name, unit.repeat(copies))
    })
    .collect()
}

/// Replies in `buf`, reply by reply with `parse`; returns their count and
/// the sum of their codes so that nothing is optimised away.
fn parse_all(buf: &[u8], config: &Config) -> (usize, u64) {
    let mut at = 0;
    let mut replies = 0;
    let mut codes = 0u64;
    while at < buf.len() {
        match parse(&buf[at..], config) {
            Ok(Status::Complete((consumed, reply))) => {
                at += consumed;
                replies += 1;
                codes += u64::from(reply.code().get()) + reply.line_count() as u64;
            }
            Ok(Status::Partial) | Err(_) => break,
        }
    }
    (replies, codes)
}

fn decode_all(buf: &[u8], config: &Config, chunk: usize) -> (usize, u64) {
    let mut decoder = ReplyDecoder::new(*config);
    let mut replies = 0;
    let mut codes = 0u64;
    for piece in buf.chunks(chunk) {
        if decoder.feed(piece).is_err() {
            break;
        }
        for reply in decoder.replies() {
            replies += 1;
            codes += u64::from(reply.code().get()) + reply.reply().lines().len() as u64;
        }
    }
    (replies, codes)
}

fn line_ends(buf: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', buf).count()
}

fn bench_parsing(c: &mut Criterion) {
    let config = Config::rfc();
    let mut group = c.benchmark_group("parse");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(3));
    group.warm_up_time(Duration::from_millis(500));
    for (name, buf) in corpora() {
        // Every corpus parses whole, to the last byte, both ways.
        let (replies, _) = parse_all(&buf, &config);
        assert_eq!(decode_all(&buf, &config, buf.len()).0, replies, "{name}");
        assert_eq!(decode_all(&buf, &config, SMALL_CHUNK).0, replies, "{name}");
        group.throughput(Throughput::Bytes(buf.len() as u64));
        group.bench_with_input(BenchmarkId::new("memchr_floor", name), &buf, |b, buf| {
            b.iter(|| black_box(line_ends(black_box(buf))))
        });
        group.bench_with_input(BenchmarkId::new("parse", name), &buf, |b, buf| {
            b.iter(|| black_box(parse_all(black_box(buf), &config)))
        });
        group.bench_with_input(BenchmarkId::new("decoder_whole", name), &buf, |b, buf| {
            b.iter(|| black_box(decode_all(black_box(buf), &config, buf.len())))
        });
        group.bench_with_input(
            BenchmarkId::new(format!("decoder_chunks{SMALL_CHUNK}"), name),
            &buf,
            |b, buf| b.iter(|| black_box(decode_all(black_box(buf), &config, SMALL_CHUNK))),
        );
    }
    group.finish();
}

fn bench_formatting(c: &mut Criterion) {
    let mut group = c.benchmark_group("format");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(500));
    let refusal = "There are too many connected users, please try later.";
    let code = ReplyCode::new(421).expect("valid code");
    let mut out = Vec::with_capacity(4096);
    group.throughput(Throughput::Elements(1));
    group.bench_function("write_single_421", |b| {
        b.iter(|| {
            out.clear();
            write_single(&mut out, code, black_box(refusal));
            black_box(out.len())
        })
    });
    let feat: Vec<&[u8]> = [
        "Features:",
        "EPRT",
        "EPSV",
        "MDTM",
        "PASV",
        "REST STREAM",
        "SIZE",
        "TVFS",
        "UTF8",
        "End",
    ]
    .iter()
    .map(|line| line.as_bytes())
    .collect();
    let feat_code = ReplyCode::new(211).expect("valid code");
    group.bench_function("write_lines_feat", |b| {
        b.iter(|| {
            out.clear();
            write_lines(&mut out, feat_code, black_box(&feat).iter().copied());
            black_box(out.len())
        })
    });
    let help = Reply::from_lines(
        ReplyCode::new(214).expect("valid code"),
        [
            "The following commands are recognized.",
            "ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD",
            "MODE NLST NOOP OPTS PASS PASV PORT PWD  QUIT REIN REST RETR RMD  RNFR",
            "RNTO SITE SIZE SMNT STAT STOR STOU STRU SYST TYPE USER XCUP XCWD XMKD",
            "XPWD XRMD",
            "Help OK.",
        ],
    );
    group.bench_function("reply_write_to_help", |b| {
        b.iter(|| {
            out.clear();
            black_box(&help).write_to(&mut out);
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parsing, bench_formatting);
criterion_main!(benches);
