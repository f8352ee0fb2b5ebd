//! The parser's rules, one test each, and real replies from real servers.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::*;
use crate::reply::{Reply, ReplyCode};

fn code(value: u16) -> ReplyCode {
    ReplyCode::new(value).unwrap()
}

/// Everything a stream decodes to: the replies, then the error if any.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    replies: Vec<ParsedReply>,
    error: Option<ParseError>,
}

fn decode_in_chunks(input: &[u8], config: Config, chunk: usize) -> Outcome {
    let mut decoder = ReplyDecoder::new(config);
    let mut replies = Vec::new();
    let mut error = None;
    for piece in input.chunks(chunk.max(1)) {
        let fed = decoder.feed(piece);
        replies.extend(decoder.replies());
        if let Err(e) = fed {
            error = Some(e);
            break;
        }
    }
    if error.is_none() {
        error = decoder.finish().err();
    }
    Outcome { replies, error }
}

fn decode(input: &[u8], config: Config) -> Outcome {
    let whole = decode_in_chunks(input, config, input.len());
    assert_eq!(
        decode_in_chunks(input, config, 1),
        whole,
        "byte by byte differs from whole"
    );
    assert_eq!(
        decode_in_chunks(input, config, 3),
        whole,
        "chunks of 3 differ from whole"
    );
    whole
}

/// Runs [`parse`] reply after reply over `input`: the replies, then the
/// error or `None` if the rest is an unfinished reply (or nothing).
fn parse_all(input: &[u8], config: Config) -> (Vec<ParsedReply>, Option<ParseError>, usize) {
    let mut replies = Vec::new();
    let mut pos = 0usize;
    loop {
        match parse(&input[pos..], &config) {
            Ok(Status::Complete((consumed, reply))) => {
                assert_eq!(reply.wire(), &input[pos..pos + consumed]);
                assert_eq!(reply.lines().len(), reply.line_count());
                replies.push((pos, consumed, reply.opening_code(), reply.to_reply()));
                pos += consumed;
            }
            Ok(Status::Partial) => break,
            Err(e) => {
                let shifted = ParseError::new(e.offset() + pos as u64, *e.kind());
                return (to_parsed(replies), Some(shifted), pos);
            }
        }
    }
    (to_parsed(replies), None, pos)
}

fn to_parsed(found: Vec<(usize, usize, ReplyCode, Reply)>) -> Vec<ParsedReply> {
    found
        .into_iter()
        .map(|(pos, len, opening_code, reply)| ParsedReply {
            reply,
            opening_code,
            offset: pos as u64,
            end: (pos + len) as u64,
        })
        .collect()
}

/// Decodes with the decoder (three chunkings) and with `parse`, checks they
/// agree, and returns the decoder's outcome.
fn check(input: &[u8], config: Config) -> Outcome {
    let outcome = decode(input, config);
    let (replies, error, _) = parse_all(input, config);
    assert_eq!(replies, outcome.replies, "parse and the decoder differ");
    match (&error, &outcome.error) {
        (Some(parsed), Some(decoded)) => assert_eq!(parsed, decoded),
        (Some(parsed), None) => panic!("parse found {parsed} but the decoder did not"),
        (None, Some(decoded)) => assert!(
            matches!(decoded.kind(), ErrorKind::UnexpectedEnd { .. }),
            "the decoder found {decoded} but parse did not"
        ),
        (None, None) => {}
    }
    // Replies tile the stream.
    let mut expected_offset = 0;
    for reply in &outcome.replies {
        assert_eq!(reply.offset(), expected_offset);
        expected_offset = reply.end();
    }
    outcome
}

fn texts(reply: &ParsedReply) -> Vec<String> {
    reply
        .reply()
        .lines()
        .iter()
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect()
}

fn one(input: &[u8], config: Config) -> ParsedReply {
    let mut outcome = check(input, config);
    assert_eq!(outcome.error, None, "{input:?}");
    assert_eq!(outcome.replies.len(), 1, "{input:?}");
    outcome.replies.remove(0)
}

fn error(input: &[u8], config: Config) -> ParseError {
    match check(input, config).error {
        Some(error) => error,
        None => panic!("no error for {:?}", String::from_utf8_lossy(input)),
    }
}

/// Every proper prefix of a one-reply input is `Partial` for `parse` and
/// ends in `UnexpectedEnd` at its own length for the decoder.
fn check_prefixes(input: &[u8], config: Config) {
    for len in 0..input.len() {
        let prefix = &input[..len];
        assert_eq!(
            parse(prefix, &config),
            Ok(Status::Partial),
            "prefix {len} of {:?}",
            String::from_utf8_lossy(input)
        );
        let mut decoder = ReplyDecoder::new(config);
        decoder.feed(prefix).unwrap();
        assert!(decoder.next_reply().is_none());
        match decoder.finish() {
            Ok(()) => assert_eq!(len, 0),
            Err(e) => {
                assert_eq!(e.offset(), len as u64);
                assert!(matches!(e.kind(), ErrorKind::UnexpectedEnd { .. }));
            }
        }
    }
    assert!(parse(input, &config).unwrap().is_complete());
}

// The samples the research recorded from real servers and RFCs.
const RFC_959_EXAMPLE: &[u8] = b"123-First line\r\nSecond line\r\n  234 A line beginning with numbers\r\n123 The last line\r\n";
const PURE_FTPD_BANNER: &[u8] =
    b"220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n\
220-You are user number 1 of 50 allowed.\r\n\
220-Local time is now 15:49. Server port: 21.\r\n\
220-This is a private system - No anonymous login\r\n\
220 You will be disconnected after 15 minutes of inactivity.\r\n";
const VSFTPD_421: &[u8] = b"421 There are too many connected users, please try later.\r\n";
const FEAT: &[u8] = b"211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n";
const MLST_BARE_250: &[u8] =
    b"250-Listing /pub\r\n type=dir;modify=20240101000000; /pub\r\n250\r\n";
const GLFTPD_STOR: &[u8] = b"553-\r\n553- Directory excluded (precheck).\r\n150 Opening BINARY mode data connection for x using SSL/TLS.\r\n";

const SAMPLES: &[&[u8]] = &[
    b"220 Service ready for new user.\r\n",
    RFC_959_EXAMPLE,
    PURE_FTPD_BANNER,
    VSFTPD_421,
    FEAT,
    MLST_BARE_250,
];

#[test]
fn single_line_reply() {
    let reply = one(b"220 Service ready for new user.\r\n", Config::rfc());
    assert_eq!(reply.code(), code(220));
    assert_eq!(texts(&reply), ["Service ready for new user."]);
    assert_eq!((reply.offset(), reply.end(), reply.wire_len()), (0, 33, 33));
    assert!(!reply.reply().is_multiline());
}

#[test]
fn rfc_959_multiline_example_keeps_inner_lines_verbatim() {
    for config in [Config::rfc(), Config::lenient()] {
        let reply = one(RFC_959_EXAMPLE, config);
        assert_eq!(reply.code(), code(123));
        assert_eq!(
            texts(&reply),
            [
                "First line",
                "Second line",
                "  234 A line beginning with numbers",
                "The last line"
            ]
        );
    }
}

#[test]
fn pure_ftpd_banner_lines_all_start_with_the_code() {
    let reply = one(PURE_FTPD_BANNER, Config::rfc());
    assert_eq!(reply.code(), code(220));
    assert_eq!(
        texts(&reply),
        [
            "--------- Welcome to Pure-FTPd [privsep] [TLS] ----------",
            "220-You are user number 1 of 50 allowed.",
            "220-Local time is now 15:49. Server port: 21.",
            "220-This is a private system - No anonymous login",
            "You will be disconnected after 15 minutes of inactivity."
        ]
    );
    assert_eq!(one(PURE_FTPD_BANNER, Config::lenient()), reply);
}

#[test]
fn vsftpd_refusal() {
    let reply = one(VSFTPD_421, Config::rfc());
    assert_eq!(reply.code(), ReplyCode::SERVICE_NOT_AVAILABLE);
    assert_eq!(
        reply.reply().text(),
        "There are too many connected users, please try later."
    );
}

#[test]
fn feat_lines_keep_their_leading_space() {
    let reply = one(FEAT, Config::rfc());
    assert_eq!(reply.code(), code(211));
    let lines = texts(&reply);
    assert_eq!(lines.len(), 10);
    assert_eq!(lines[0], "Features:");
    assert_eq!(lines[5], " REST STREAM");
    assert_eq!(lines[9], "End");
}

#[test]
fn bare_code_closes_a_reply_when_accepted() {
    let reply = one(MLST_BARE_250, Config::rfc());
    assert_eq!(
        texts(&reply),
        ["Listing /pub", " type=dir;modify=20240101000000; /pub", ""]
    );
    let single = one(b"200\r\n", Config::rfc());
    assert_eq!(
        (single.code(), texts(&single)),
        (code(200), vec![String::new()])
    );

    // Refused, the `250` line is an inner line and the reply never ends.
    let strict = Config::rfc().with_bare_code_line(false);
    let outcome = check(MLST_BARE_250, strict);
    assert!(outcome.replies.is_empty());
    assert_eq!(
        outcome.error,
        Some(ParseError::new(
            MLST_BARE_250.len() as u64,
            ErrorKind::UnexpectedEnd {
                reply_offset: 0,
                code: Some(code(250))
            }
        ))
    );
    assert_eq!(
        error(b"200\r\n", strict),
        ParseError::new(
            3,
            ErrorKind::MissingSeparator {
                code: code(200),
                found: Found::LineEnd
            }
        )
    );
}

#[test]
fn glftpd_closing_with_another_code() {
    // RFC: `150 ...` is an inner line; the 553 reply is still open.
    let outcome = check(GLFTPD_STOR, Config::rfc());
    assert!(outcome.replies.is_empty());
    assert!(matches!(
        outcome.error.unwrap().kind(),
        ErrorKind::UnexpectedEnd {
            code: Some(c),
            ..
        } if *c == code(553)
    ));
    // Lenient: the 150 line closes it and its code is the reply's.
    let reply = one(GLFTPD_STOR, Config::lenient());
    assert_eq!(reply.code(), code(150));
    assert_eq!(reply.closing_code(), code(150));
    assert_eq!(reply.opening_code(), code(553));
    assert_eq!(
        texts(&reply),
        [
            "",
            "553- Directory excluded (precheck).",
            "Opening BINARY mode data connection for x using SSL/TLS."
        ]
    );
}

#[test]
fn unpadded_digit_line_ends_a_reply_only_under_the_lenient_rule() {
    let input = b"211-Status\r\n123 files\r\n211 End\r\n";
    let reply = one(input, Config::rfc());
    assert_eq!(texts(&reply), ["Status", "123 files", "End"]);

    let outcome = check(input, Config::lenient());
    assert_eq!(outcome.error, None);
    let [early, rest] = &outcome.replies[..] else {
        panic!("two replies expected, got {:?}", outcome.replies);
    };
    assert_eq!((early.opening_code(), early.code()), (code(211), code(123)));
    assert_eq!(texts(early), ["Status", "files"]);
    assert_eq!((rest.code(), rest.offset()), (code(211), 23));
}

#[test]
fn a_same_code_line_with_a_hyphen_or_other_digits_is_inner() {
    let input = b"220-a\r\n220-b\r\n2201 c\r\n22 d\r\n230 e\r\n220\tf\r\n220 end\r\n";
    let reply = one(input, Config::rfc());
    assert_eq!(
        texts(&reply),
        ["a", "220-b", "2201 c", "22 d", "230 e", "220\tf", "end"]
    );
    // Lenient: `230 e` closes.
    let outcome = check(input, Config::lenient());
    assert_eq!(outcome.replies[0].code(), code(230));
    assert_eq!(
        texts(&outcome.replies[0]),
        ["a", "220-b", "2201 c", "22 d", "e"]
    );
    // `0xx`, `7xx` are no reply codes, so they never close.
    let reply = one(b"200-a\r\n099 b\r\n799 c\r\n200 d\r\n", Config::lenient());
    assert_eq!(texts(&reply), ["a", "099 b", "799 c", "d"]);
}

#[test]
fn several_replies_in_one_stream() {
    let mut stream = Vec::new();
    for sample in SAMPLES {
        stream.extend_from_slice(sample);
    }
    let outcome = check(&stream, Config::rfc());
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.replies.len(), SAMPLES.len());
    let mut offset = 0u64;
    for (reply, sample) in outcome.replies.iter().zip(SAMPLES) {
        assert_eq!(reply.offset(), offset);
        offset += sample.len() as u64;
        assert_eq!(reply.end(), offset);
    }
}

#[test]
fn every_proper_prefix_is_partial() {
    for sample in SAMPLES {
        check_prefixes(sample, Config::rfc());
        check_prefixes(sample, Config::lenient());
    }
    check_prefixes(GLFTPD_STOR, Config::lenient());
    check_prefixes(b"220 a\xFF\xFFb\xFF\xFB\x01\r\0\r\n", Config::rfc());
    check_prefixes(
        b"\xFF\xF1\xFF\xFA\x18\x01\xFF\xF0220 x\n",
        Config::lenient(),
    );
}

#[test]
fn not_a_digit_and_bad_first_digit() {
    let config = Config::rfc();
    // (input, offset, which digit, what stood there)
    let cases: [(&[u8], u64, u8, Found); 4] = [
        (b"x20 hi\r\n", 0, 0, Found::Byte(b'x')),
        (b"220 ok\r\n2x0 no\r\n", 9, 1, Found::Byte(b'x')),
        (b"22\r\n", 2, 2, Found::LineEnd),
        (b"\r\n", 0, 0, Found::LineEnd),
    ];
    for (input, offset, position, found) in cases {
        assert_eq!(
            error(input, config),
            ParseError::new(offset, ErrorKind::NotADigit { position, found })
        );
    }
    for (input, digit) in [(&b"020 x\r\n"[..], 0), (b"720 x\r\n", 7), (b"999 x\r\n", 9)] {
        assert_eq!(
            error(input, config),
            ParseError::new(0, ErrorKind::BadFirstDigit { digit })
        );
    }
    // 6yz protected replies are replies.
    assert_eq!(one(b"631 Zm9v\r\n", config).code(), code(631));
}

#[test]
fn missing_separator() {
    assert_eq!(
        error(b"220x\r\n", Config::rfc()),
        ParseError::new(
            3,
            ErrorKind::MissingSeparator {
                code: code(220),
                found: Found::Byte(b'x')
            }
        )
    );
    assert_eq!(
        error(b"2200 x\r\n", Config::lenient()).kind(),
        &ErrorKind::MissingSeparator {
            code: code(220),
            found: Found::Byte(b'0')
        }
    );
}

#[test]
fn line_length_limit_counts_wire_bytes_without_the_line_end() {
    let config = Config::rfc().with_max_line_len(8);
    one(b"220 abcd\r\n", config);
    assert_eq!(
        error(b"220 abcde\r\n", config),
        ParseError::new(8, ErrorKind::LineTooLong { limit: 8 })
    );
    // The limit applies to each line, and Telnet commands count.
    assert_eq!(
        error(b"220-abcd\r\nab\xFF\xF1cdefg\r\n", config),
        ParseError::new(18, ErrorKind::LineTooLong { limit: 8 })
    );
    // A CR that is text counts; the one that ends the line does not.
    let lenient = Config::lenient().with_max_line_len(8);
    one(b"220 abcd\r\n", lenient);
    assert_eq!(
        error(b"220 abcd\r\r\n", lenient),
        ParseError::new(8, ErrorKind::LineTooLong { limit: 8 })
    );
    assert_eq!(
        error(b"220 \r\r\r\r\r\r\r\r\r\r", lenient),
        ParseError::new(8, ErrorKind::LineTooLong { limit: 8 })
    );
    // Telnet noise before a reply is part of its first line.
    assert_eq!(
        error(&[0xFF, 0xF1].repeat(10), config),
        ParseError::new(8, ErrorKind::LineTooLong { limit: 8 })
    );
}

#[test]
fn default_line_limit_is_8_kib() {
    let mut line = b"220 ".to_vec();
    line.resize(8 * 1024, b'a');
    line.extend_from_slice(b"\r\n");
    assert_eq!(
        one(&line, Config::rfc()).reply().lines()[0].len(),
        8 * 1024 - 4
    );
    line.insert(5, b'a');
    assert_eq!(
        error(&line, Config::rfc()),
        ParseError::new(8192, ErrorKind::LineTooLong { limit: 8192 })
    );
}

#[test]
fn lines_per_reply_limit() {
    let config = Config::rfc().with_max_lines(3);
    let reply = one(b"211-a\r\nb\r\n211 c\r\n", config);
    assert_eq!(reply.reply().lines().len(), 3);
    assert_eq!(
        error(b"211-a\r\nb\r\nc\r\n211 d\r\n", config),
        ParseError::new(
            13,
            ErrorKind::TooManyLines {
                code: Some(code(211)),
                limit: 3
            }
        )
    );
    for max_lines in [0, 1] {
        let config = Config::rfc().with_max_lines(max_lines);
        one(b"211 single\r\n", config);
        assert_eq!(
            error(b"211-a\r\n211 b\r\n", config).kind(),
            &ErrorKind::TooManyLines {
                code: Some(code(211)),
                limit: 1
            }
        );
    }
}

#[test]
fn decoder_memory_stays_within_the_limits() {
    let config = Config::rfc().with_max_line_len(64).with_max_lines(50);
    let mut decoder = ReplyDecoder::new(config);
    decoder.feed(b"211-start\r\n").unwrap();
    let line = [b'x'; 62];
    let mut most = 0;
    for _ in 0..48 {
        decoder.feed(&line).unwrap();
        most = most.max(decoder.buffered_len());
        decoder.feed(b"\r\n").unwrap();
    }
    decoder.feed(b"211 end\r\n").unwrap();
    assert!(most <= config.max_reply_bytes());
    assert_eq!(decoder.buffered_len(), 0);
    assert_eq!(decoder.next_reply().unwrap().reply().lines().len(), 50);
    assert!(decoder.is_idle());
}

#[test]
fn bare_lf() {
    assert_eq!(
        error(b"220 ok\n", Config::rfc()),
        ParseError::new(6, ErrorKind::BareLf)
    );
    let reply = one(b"220-a\nb\r\n220 c\n", Config::lenient());
    assert_eq!(texts(&reply), ["a", "b", "c"]);
    let lf = Config::rfc().with_line_ends(LineEnds::CrLfOrLf);
    assert_eq!(texts(&one(b"220 ok\n", lf)), ["ok"]);
}

#[test]
fn cr_nul_is_a_cr_and_a_bare_cr_is_an_error_or_text() {
    // RFC 2640 pads a CR in a pathname with NUL.
    let reply = one(b"257 \"/a\r\0b\" created\r\n", Config::rfc());
    assert_eq!(reply.reply().lines()[0], b"\"/a\rb\" created");
    assert_eq!(
        error(b"257 a\rb\r\n", Config::rfc()),
        ParseError::new(5, ErrorKind::BareCr { found: b'b' })
    );
    let reply = one(b"257 a\rb\r\r\n", Config::lenient());
    assert_eq!(reply.reply().lines()[0], b"a\rb\r");
}

#[test]
fn telnet_commands() {
    // IAC IAC is 0xFF; option negotiation and NOP are dropped, even inside
    // the code and across lines; a subnegotiation is dropped whole.
    let input = b"\xFF\xFB\x01\xFF\xF122\xFF\xF10-a\xFF\xFFb\r\n\xFF\xFA\x18\r\n\xFF\xFF\xFF\xF0220 c\xFF\xFD\r\r\n";
    let reply = one(input, Config::rfc());
    assert_eq!(reply.code(), code(220));
    assert_eq!(reply.reply().lines(), [b"a\xFFb".to_vec(), b"c".to_vec()]);
    assert_eq!(
        error(b"220 a\xFFb\r\n", Config::rfc()),
        ParseError::new(5, ErrorKind::BadTelnetCommand { found: b'b' })
    );
    // Lenient keeps a lone IAC as text; Off keeps every 0xFF.
    let reply = one(b"220 caf\xFF!\r\n", Config::lenient());
    assert_eq!(reply.reply().lines()[0], b"caf\xFF!");
    let off = Config::rfc().with_telnet(Telnet::Off);
    let reply = one(b"220 a\xFF\xFF\xFB\r\n", off);
    assert_eq!(reply.reply().lines()[0], b"a\xFF\xFF\xFB");
}

#[test]
fn iac_split_across_chunks() {
    let input = b"220 a\xFF\xFFb\xFF\xFD\x01c\r\n";
    for cut in 0..input.len() {
        let mut decoder = ReplyDecoder::new(Config::rfc());
        decoder.feed(&input[..cut]).unwrap();
        decoder.feed(&input[cut..]).unwrap();
        decoder.finish().unwrap();
        let reply = decoder.next_reply().unwrap();
        assert_eq!(reply.reply().lines()[0], b"a\xFFbc", "cut at {cut}");
    }
    // A stream that stops inside a Telnet command is unfinished.
    let mut decoder = ReplyDecoder::new(Config::rfc());
    decoder.feed(b"220 ok\r\n\xFF").unwrap();
    assert_eq!(decoder.next_reply().unwrap().code(), code(220));
    assert_eq!(
        decoder.finish(),
        Err(ParseError::new(
            9,
            ErrorKind::UnexpectedEnd {
                reply_offset: 8,
                code: None
            }
        ))
    );
}

#[test]
fn lines_borrow_the_buffer_unless_decoding_changed_them() {
    let input = b"220-plain\r\n inner\r\n220 a\xFF\xFFb\r\n";
    let Status::Complete((consumed, reply)) = parse(input, &Config::rfc()).unwrap() else {
        panic!("complete reply expected");
    };
    assert_eq!(consumed, input.len());
    let lines: Vec<_> = reply.lines().collect();
    assert!(matches!(&lines[0], Cow::Borrowed(b"plain")));
    assert!(matches!(&lines[1], Cow::Borrowed(b" inner")));
    assert!(matches!(&lines[2], Cow::Owned(l) if l == b"a\xFFb"));
    // The line borrows from the input itself.
    let Cow::Borrowed(first) = &lines[0] else {
        unreachable!()
    };
    assert_eq!(first.as_ptr(), input[4..].as_ptr());
}

#[test]
fn text_that_is_not_utf8_is_kept() {
    let reply = one(b"550 fichier \xE9chou\xE9\r\n", Config::rfc());
    assert_eq!(reply.reply().lines()[0], b"fichier \xE9chou\xE9");
    assert_eq!(reply.reply().text(), "fichier \u{FFFD}chou\u{FFFD}");
}

#[test]
fn truncated_input_is_an_error_at_the_end() {
    assert_eq!(
        error(b"220 ok\r\n421-going\r\nstill", Config::rfc()),
        ParseError::new(
            24,
            ErrorKind::UnexpectedEnd {
                reply_offset: 8,
                code: Some(code(421))
            }
        )
    );
    assert_eq!(
        error(b"22", Config::rfc()).kind(),
        &ErrorKind::UnexpectedEnd {
            reply_offset: 0,
            code: None
        }
    );
    assert_eq!(check(b"", Config::rfc()).error, None);
}

#[test]
fn errors_are_sticky() {
    let mut decoder = ReplyDecoder::new(Config::rfc());
    let first = decoder.feed(b"220 ok\r\n331 next\r\nxyz\r\n230 fine\r\n");
    let expected = ParseError::new(
        18,
        ErrorKind::NotADigit {
            position: 0,
            found: Found::Byte(b'x'),
        },
    );
    assert_eq!(first, Err(expected));
    assert_eq!(decoder.feed(b"220 ok\r\n"), Err(expected));
    assert_eq!(decoder.finish(), Err(expected));
    assert_eq!(decoder.error(), Some(&expected));
    // The replies before the error are not lost.
    let codes: Vec<u16> = decoder.replies().map(|r| r.code().get()).collect();
    assert_eq!(codes, [220, 331]);
    assert_eq!(decoder.buffered_len(), 0);
}

#[test]
fn formatted_replies_parse_back() {
    let replies = [
        Reply::new(code(220), "Service ready"),
        Reply::new(code(211), "Features:\n MDTM\n123 digits\n\nEnd"),
        Reply::new(code(200), ""),
        Reply::from_lines(code(214), [&b"a\xFF\r\nb"[..], b"", b"\xFF\xFB"]),
    ];
    for reply in replies {
        for config in [Config::rfc(), Config::lenient()] {
            assert_eq!(one(&reply.to_bytes(), config).into_reply(), reply);
        }
    }
}

#[test]
fn messages_read_as_sentences() {
    let err = error(b"220 ok\r\nHello\r\n", Config::rfc());
    assert_eq!(
        alloc::format!("{err}"),
        "at byte 8: expected a reply, which starts with a three-digit code, but found 'H'"
    );
    let err = error(b"211-a\r\n", Config::rfc());
    assert_eq!(
        alloc::format!("{err}"),
        "at byte 7: the input ended inside the 211 reply that began at byte 0"
    );
}

mod text_runs {
    //! `Scanner::push_text_run` must be invisible: the same replies, text
    //! and errors as pushing every byte.

    use alloc::vec::Vec;

    use proptest::prelude::*;

    use super::super::scanner::{Scanner, Sink};
    use super::super::{Config, EndRule, LineEnds, Opening, StrayLines, Telnet};

    #[derive(Default, Debug, PartialEq)]
    struct Record {
        text: Vec<u8>,
        lines: usize,
    }

    impl Sink for Record {
        fn text(&mut self, bytes: &[u8]) {
            self.text.extend_from_slice(bytes);
        }
        fn end_line(&mut self) {
            self.lines += 1;
        }
    }

    type Outcome = (Vec<u64>, Option<super::ParseError>, Record, u64);

    fn bytewise(input: &[u8], config: Config) -> Outcome {
        let mut scanner = Scanner::new(config);
        let mut sink = Record::default();
        let mut ends = Vec::new();
        for &byte in input {
            match scanner.push(byte, &mut sink) {
                Ok(Some(done)) => ends.push(done.end),
                Ok(None) => {}
                Err(e) => return (ends, Some(e), sink, scanner.offset()),
            }
        }
        (ends, None, sink, scanner.offset())
    }

    fn with_runs(input: &[u8], config: Config) -> Outcome {
        let mut scanner = Scanner::new(config);
        let mut sink = Record::default();
        let mut ends = Vec::new();
        let mut index = 0;
        while index < input.len() {
            index += scanner.push_text_run(&input[index..], &mut sink);
            let Some(&byte) = input.get(index) else {
                break;
            };
            index += 1;
            match scanner.push(byte, &mut sink) {
                Ok(Some(done)) => ends.push(done.end),
                Ok(None) => {}
                Err(e) => return (ends, Some(e), sink, scanner.offset()),
            }
        }
        (ends, None, sink, scanner.offset())
    }

    fn config() -> impl Strategy<Value = Config> {
        (
            prop_oneof![
                Just(EndRule::SameCode),
                Just(EndRule::SameCodeNotHyphen),
                Just(EndRule::AnyCode),
                Just(EndRule::DigitNotHyphen)
            ],
            prop_oneof![
                Just(Opening::Strict),
                Just(Opening::HyphenOrSingle),
                Just(Opening::SpaceOrMulti),
                Just(Opening::Unchecked)
            ],
            prop_oneof![
                Just(StrayLines::Error),
                Just(StrayLines::SkipUncoded),
                Just(StrayLines::SkipShort)
            ],
            prop_oneof![
                Just(LineEnds::CrLf),
                Just(LineEnds::CrLfOrLf),
                Just(LineEnds::CrLfOnly),
                Just(LineEnds::Any)
            ],
            prop_oneof![
                Just(Telnet::Strict),
                Just(Telnet::Lenient),
                Just(Telnet::DropPairs),
                Just(Telnet::Off)
            ],
            any::<[bool; 2]>(),
            prop_oneof![Just(Config::DEFAULT_MAX_LINE_LEN), 0usize..30],
        )
            .prop_map(
                |(end_rule, opening, stray, line_ends, telnet, [nul, utf8], line_len)| {
                    Config::rfc()
                        .with_end_rule(end_rule)
                        .with_opening(opening)
                        .with_stray_lines(stray)
                        .with_line_ends(line_ends)
                        .with_telnet(telnet)
                        .with_reject_nul(nul)
                        .with_utf8(utf8)
                        .with_max_line_len(line_len)
                },
            )
    }

    fn stream() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"220-".to_vec()),
            Just(b"220 ".to_vec()),
            Just(b"211 ".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r".to_vec()),
            Just(vec![0xFF]),
            Just(vec![0xFF, 0xFF]),
            Just(vec![0]),
            Just("é".as_bytes().to_vec()),
            Just(b"123 ".to_vec()),
            Just(b"some text of a line".to_vec()),
            prop::collection::vec(any::<u8>(), 1..8),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn text_runs_change_nothing(input in stream(), config in config()) {
            prop_assert_eq!(with_runs(&input, config), bytewise(&input, config));
        }
    }
}
