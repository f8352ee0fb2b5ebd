//! Each client's rule against the vectors of that client's own test suite
//! (Go's `net/textproto/reader_test.go`, CPython's `Lib/test/test_ftplib.py`)
//! and against the behaviour its source code shows.

use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::reply::ReplyCode;

fn read(bytes: &[u8], rule: Rule) -> Reading {
    // Whole and byte by byte must agree, as for every configuration.
    let whole = Reading::of(bytes, rule);
    let mut decoder = ReplyDecoder::new(rule.config());
    let mut error = None;
    for byte in bytes {
        if let Err(e) = decoder.feed(core::slice::from_ref(byte)) {
            error = Some(e);
            break;
        }
    }
    let error = error.or_else(|| decoder.finish().err());
    let replies: Vec<ParsedReply> = decoder.replies().collect();
    assert_eq!(
        (&replies, &error),
        (&whole.replies, &whole.error),
        "{rule:?}"
    );
    whole
}

fn code(value: u16) -> ReplyCode {
    ReplyCode::new(value).unwrap()
}

fn lines(reply: &ParsedReply) -> Vec<String> {
    reply
        .reply()
        .lines()
        .iter()
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect()
}

/// The message Go's `ReadResponse` returns: inner lines that parse as the
/// same code lose their `NNN-` or `NNN `.
fn go_message(reply: &ParsedReply) -> String {
    let all = lines(reply);
    let digits = reply.code().to_string();
    let last = all.len().saturating_sub(1);
    let kept: Vec<&str> = all
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let inner = i > 0 && i < last;
            let same = line.len() >= 4
                && line.starts_with(digits.as_str())
                && matches!(line.as_bytes()[3], b' ' | b'-');
            if inner && same {
                &line[4..]
            } else {
                line.as_str()
            }
        })
        .collect();
    kept.join("\n")
}

#[test]
fn names_round_trip_and_every_client_reads_differently() {
    for rule in Rule::ALL {
        assert_eq!(Rule::from_name(rule.name()), Some(rule));
        assert_eq!(
            Rule::from_name(&rule.name().to_ascii_uppercase()),
            Some(rule)
        );
        assert!(!rule.about(crate::Lang::En).is_empty());
        assert_ne!(rule.about(crate::Lang::En), rule.about(crate::Lang::Fr));
        for other in Rule::ALL {
            if other != rule {
                assert_ne!(rule.config(), other.config(), "{rule:?} {other:?}");
            }
        }
    }
    assert_eq!(Rule::from_name("lenient"), None);
    assert_eq!(Rule::Rfc.config(), Config::rfc());
}

/// `readResponseTests`, run by `TestRFC959Lines` with `"\nFOLLOWING DATA"`
/// after each input.
#[test]
fn go_textproto_read_response_vectors() {
    let vectors: [(&str, u16, &str); 4] = [
        (
            "230-Anonymous access granted, restrictions apply\nRead the file README.txt,\n230  please",
            230,
            "Anonymous access granted, restrictions apply\nRead the file README.txt,\n please",
        ),
        (
            "230 Anonymous access granted, restrictions apply\n",
            230,
            "Anonymous access granted, restrictions apply",
        ),
        ("400-A\n400-B\n400 C", 400, "A\nB\nC"),
        ("400-A\r\n400-B\r\n400 C\r\n", 400, "A\nB\nC"),
    ];
    for (input, want_code, want_msg) in vectors {
        let mut bytes = Vec::from(input.as_bytes());
        bytes.extend_from_slice(b"\nFOLLOWING DATA");
        let reading = read(&bytes, Rule::Go);
        let reply = &reading.replies[0];
        assert_eq!(reply.code(), code(want_code), "{input:?}");
        assert_eq!(go_message(reply), want_msg, "{input:?}");
        // The next "reply" is no reply: Go's next ReadResponse fails too.
        assert!(matches!(
            reading.error.unwrap().kind(),
            ErrorKind::NotADigit { .. } | ErrorKind::UnexpectedEnd { .. }
        ));
        // Without anything after it, the last line needs no LF.
        let alone = read(input.as_bytes(), Rule::Go);
        assert_eq!((alone.replies.len(), alone.error), (1, None), "{input:?}");
        // The RFC rule refuses the LF line ends of the same vectors.
        if !input.contains('\r') {
            let rfc = read(input.as_bytes(), Rule::Rfc);
            assert!(matches!(rfc.error.unwrap().kind(), ErrorKind::BareLf));
        }
    }
}

/// `TestReadMultiLineError` (issue 10230) and `TestReadCodeLine`.
#[test]
fn go_textproto_multiline_error_and_code_lines() {
    let input = "550-5.1.1 The email account that you tried to reach does not exist. Please try\n\
550-5.1.1 double-checking the recipient's email address for typos or\n\
550-5.1.1 unnecessary spaces. Learn more at\n\
Unexpected but legal text!\n\
550 5.1.1 https://support.google.com/mail/answer/6596 h20si25154304pfd.166 - gsmtp\n";
    let want = "5.1.1 The email account that you tried to reach does not exist. Please try\n\
5.1.1 double-checking the recipient's email address for typos or\n\
5.1.1 unnecessary spaces. Learn more at\n\
Unexpected but legal text!\n\
5.1.1 https://support.google.com/mail/answer/6596 h20si25154304pfd.166 - gsmtp";
    let reading = read(input.as_bytes(), Rule::Go);
    assert_eq!(reading.error, None);
    assert_eq!(reading.replies.len(), 1);
    assert_eq!(reading.replies[0].code(), code(550));
    assert_eq!(go_message(&reading.replies[0]), want);

    let reading = read(b"123 hi\n234 bye\n345 no way\n", Rule::Go);
    let got: Vec<(u16, Vec<String>)> = reading
        .replies
        .iter()
        .map(|r| (r.code().get(), lines(r)))
        .collect();
    assert_eq!(
        got,
        [
            (123, Vec::from([String::from("hi")])),
            (234, Vec::from([String::from("bye")])),
            (345, Vec::from([String::from("no way")])),
        ]
    );
}

#[test]
fn go_refuses_a_bare_code_and_reads_it_as_text_inside_a_reply() {
    let reading = read(b"250\r\n", Rule::Go);
    assert!(matches!(
        reading.error.unwrap().kind(),
        ErrorKind::MissingSeparator { .. }
    ));
    let reading = read(b"250-a\r\n250\r\n250 b\r\n", Rule::Go);
    assert_eq!(lines(&reading.replies[0]), ["a", "250", "b"]);
}

/// The replies `test_ftplib.py`'s dummy server sends: `220 welcome`, and
/// the bare codes `echo` sends back (`test_exceptions`, `test_voidcmd`),
/// which ftplib reads as replies with no text; `echo 999` is
/// `error_proto`.
#[test]
fn ftplib_test_suite_vectors() {
    let reading = read(b"220 welcome\r\n", Rule::Ftplib);
    assert_eq!(lines(&reading.replies[0]), ["welcome"]);
    for bare in ["400", "499", "500", "599", "200", "299", "199", "300"] {
        let mut bytes = Vec::from(bare.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        let reading = read(&bytes, Rule::Ftplib);
        assert_eq!(reading.error, None, "{bare}");
        assert_eq!(reading.replies[0].code().to_string(), bare);
        assert_eq!(lines(&reading.replies[0]), [""]);
    }
    let reading = read(b"999\r\n", Rule::Ftplib);
    assert!(reading.replies.is_empty());
    assert!(matches!(
        reading.error.unwrap().kind(),
        ErrorKind::BadFirstDigit { digit: 9 }
    ));
    for reply in [
        &b"257 \"pwd ok\"\r\n"[..],
        b"550 error on quit\r\n",
        b"227 entering passive mode (127,0,0,1,4,1)\r\n",
    ] {
        let reading = read(reply, Rule::Ftplib);
        assert_eq!((reading.replies.len(), reading.error), (1, None));
    }
}

/// `test_line_too_long`: a line of `maxline * 2` bytes raises
/// `ftplib.Error`. ftplib counts before it looks at the code; with a code
/// in front, the limit is what stops it, at character 8191.
#[test]
fn ftplib_line_limit() {
    let mut long = Vec::from(&b"x"[..]).repeat(2 * 8192);
    long.extend_from_slice(b"\r\n");
    assert!(read(&long, Rule::Ftplib).error.is_some());
    let mut coded = Vec::from(&b"550 "[..]);
    coded.resize(8191, b'x');
    coded.extend_from_slice(b"\r\n");
    assert_eq!(read(&coded, Rule::Ftplib).error, None);
    coded.insert(5, b'x');
    assert_eq!(
        read(&coded, Rule::Ftplib).error,
        Some(ParseError::new(
            8191,
            ErrorKind::LineTooLong { limit: 8191 }
        ))
    );
}

#[test]
fn ftplib_universal_newlines_utf8_and_the_same_code_not_hyphen() {
    // A lone CR ends a line: a CR inside a 257 splits the reply.
    let reading = read(b"257 \"/a\rb\"\r\n", Rule::Ftplib);
    assert_eq!(lines(&reading.replies[0]), ["\"/a"]);
    assert_eq!(reading.replies[0].end(), 8);
    assert_eq!(reading.error.unwrap().offset(), 8);
    // Latin-1 is not UTF-8.
    let reading = read(b"220 caf\xE9\r\n", Rule::Ftplib);
    assert_eq!(
        reading.error,
        Some(ParseError::new(7, ErrorKind::InvalidUtf8))
    );
    assert_eq!(read("220 café\r\n".as_bytes(), Rule::Ftplib).error, None);
    // The bare 250 of RFC 3659 and `250x` close; an unpadded digit line
    // does not.
    let reading = read(b"250-a\r\n123 b\r\n250\r\n", Rule::Ftplib);
    assert_eq!(lines(&reading.replies[0]), ["a", "123 b", ""]);
    let reading = read(b"250-a\r\n250x\r\n", Rule::Ftplib);
    assert_eq!(lines(&reading.replies[0]), ["a", "x"]);
}

#[test]
fn curl_reads_any_code_and_a_space_and_checks_no_other_line() {
    let reading = read(b"220-a\r\n123 inner\r\n", Rule::Curl);
    assert_eq!(reading.replies[0].code(), code(123));
    let reading = read(b"220-a\r\n220\r\n", Rule::Curl);
    assert!(matches!(
        reading.error.unwrap().kind(),
        ErrorKind::UnexpectedEnd { .. }
    ));
    let reading = read(b"Hello\r\n220 ok\r\n", Rule::Curl);
    assert_eq!(reading.replies[0].code(), code(220));
    assert_eq!(lines(&reading.replies[0]), ["Hello", "ok"]);
    let reading = read(b"220 a\0b\r\n", Rule::Curl);
    assert_eq!(reading.error, Some(ParseError::new(5, ErrorKind::NulByte)));
    // An unterminated last line is no line: the connection closed.
    assert!(read(b"220 ok", Rule::Curl).error.is_some());
}

#[test]
fn suppaftp_opens_on_anything_but_a_space() {
    let reading = read(b"220xfoo\r\n230 done\r\n", Rule::Suppaftp);
    assert_eq!(reading.replies.len(), 1);
    assert_eq!(reading.replies[0].code(), code(230));
    assert_eq!(reading.replies[0].opening_code(), code(220));
    let reading = read(b"553-a\n150 Opening BINARY mode\n", Rule::Suppaftp);
    assert_eq!(reading.replies[0].code(), code(150));
}

#[test]
fn commons_net_keeps_the_first_code_and_needs_crlf() {
    let reading = read(b"426-a\r\n226 done\r\n", Rule::CommonsNet);
    assert_eq!(reading.replies[0].code(), code(426));
    assert_eq!(lines(&reading.replies[0]), ["a", "226 done"]);
    let reading = read(b"211-a\r\n1 file\r\n", Rule::CommonsNet);
    assert_eq!(lines(&reading.replies[0]), ["a", "1 file"]);
    // LF alone is text: two LF-ended replies are one line at the end.
    let reading = read(b"220 ok\n331 x\n", Rule::CommonsNet);
    assert_eq!(reading.replies.len(), 1);
    assert_eq!(lines(&reading.replies[0]), ["ok\n331 x\n"]);
    assert!(matches!(
        read(b"220\r\n", Rule::CommonsNet).error.unwrap().kind(),
        ErrorKind::MissingSeparator { .. }
    ));
}

#[test]
fn lftp_skips_uncoded_lines_and_drops_telnet_pairs() {
    let reading = read(b"Hello\r\n220 ok\r\n", Rule::Lftp);
    assert_eq!(reading.error, None);
    assert_eq!(reading.replies[0].offset(), 0);
    assert_eq!(lines(&reading.replies[0]), ["ok"]);
    let reading = read(b"220 a\xFFxb\xFF\xFFc\r\n", Rule::Lftp);
    assert_eq!(reading.replies[0].reply().lines()[0], b"ab\xFFc");
    let reading = read(b"553-a\r\n150 go\r\n", Rule::Lftp);
    assert_eq!(reading.replies[0].code(), code(150));
}

#[test]
fn filezilla_ignores_short_lines_and_ends_lines_at_any_cr_or_lf() {
    let reading = read(b"220\r\n\n\r220 ok\r\n", Rule::Filezilla);
    assert_eq!(reading.error, None);
    assert_eq!(reading.replies.len(), 1);
    assert_eq!(lines(&reading.replies[0]), ["ok"]);
    let reading = read(b"220 a\r230 b\r\n", Rule::Filezilla);
    assert_eq!(reading.replies.len(), 2);
    let reading = read(b"553-a\r\n150 go\r\n", Rule::Filezilla);
    assert!(reading.replies.is_empty());
}

#[test]
fn the_readings_group_by_agreement() {
    let plain = Reading::all(b"421 Too many connections (8) from this IP\r\n");
    assert_eq!(agreement(&plain), [Vec::from(Rule::ALL)]);
    let glftpd = Reading::all(
        b"553-Error: the file exists.\r\n150 Opening BINARY mode data connection.\r\n",
    );
    let groups = agreement(&glftpd);
    assert!(groups.len() > 1);
    let with_curl = groups.iter().find(|g| g.contains(&Rule::Curl)).unwrap();
    assert!(with_curl.contains(&Rule::Suppaftp) && with_curl.contains(&Rule::Lftp));
    assert!(!with_curl.contains(&Rule::Rfc));
}

#[test]
fn readings_part_ways_where_the_first_differing_reply_begins() {
    let plain = Reading::all(b"421 Too many connections (8) from this IP\r\n");
    assert_eq!(plain[0].parts_ways_with(&plain[1]), None);
    // Both read the greeting alike; they part at byte 8, where curl takes
    // `150` as the end of the `553-` reply and the RFC waits on for `553 `.
    let bytes = b"220 ok\r\n553-a\r\n150 go\r\n";
    let rfc = Reading::of(bytes, Rule::Rfc);
    let curl = Reading::of(bytes, Rule::Curl);
    assert_eq!(rfc.replies.len(), 1);
    assert_eq!(curl.replies.len(), 2);
    assert_eq!(rfc.parts_ways_with(&curl), Some(8));
    assert_eq!(curl.parts_ways_with(&rfc), Some(8));
    assert_eq!(rfc.parts_ways_with(&rfc), None);
}
