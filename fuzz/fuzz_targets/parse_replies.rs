//! Feeds arbitrary bytes, cut into arbitrary chunks, to the reply decoder
//! under an arbitrary configuration, and checks what must always hold:
//!
//! - nothing panics;
//! - the whole stream, the chunked stream and the stream byte by byte give
//!   the same replies and the same error at the same offset;
//! - `parse`, reply after reply, agrees with the decoder;
//! - replies tile the stream and the decoder holds no more than its limit;
//! - every reply, normalised and formatted, parses back to itself.
//!
//! Layout of the input: byte 0 picks the policy, bytes 1 and 2 the limits,
//! byte 3 seeds the chunk sizes, the rest is the stream.

#![no_main]

use ftpsim::reply::Reply;
use ftpsim::reply::parser::{
    Config, EndRule, LineEnds, Opening, ParseError, ReplyDecoder, Rule, Status, StrayLines,
    Telnet, parse,
};
use libfuzzer_sys::fuzz_target;

type Outcome = (
    Vec<(u64, u64, u16, u16, Vec<Vec<u8>>)>,
    Option<(u64, ParseError)>,
);

fn config_from(bytes: [u8; 3]) -> Config {
    let [policy, line_len, lines] = bytes;
    // The top two bits of the line-count byte pick one client's rule whole.
    if lines >> 6 == 3 {
        return Rule::ALL[usize::from(policy) % Rule::ALL.len()].config();
    }
    let mut config = Config::rfc()
        .with_end_rule(match policy & 3 {
            0 => EndRule::SameCode,
            1 => EndRule::SameCodeNotHyphen,
            2 => EndRule::AnyCode,
            _ => EndRule::DigitNotHyphen,
        })
        .with_line_ends(match (policy >> 2) & 3 {
            0 => LineEnds::CrLf,
            1 => LineEnds::CrLfOrLf,
            2 => LineEnds::CrLfOnly,
            _ => LineEnds::Any,
        })
        .with_telnet(match (policy >> 4) & 3 {
            0 => Telnet::Strict,
            1 => Telnet::Lenient,
            2 => Telnet::DropPairs,
            _ => Telnet::Off,
        })
        .with_opening(match (line_len >> 6) & 3 {
            0 => Opening::Strict,
            1 => Opening::HyphenOrSingle,
            2 => Opening::SpaceOrMulti,
            _ => Opening::Unchecked,
        })
        .with_stray_lines(match (lines >> 3) % 3 {
            0 => StrayLines::Error,
            1 => StrayLines::SkipUncoded,
            _ => StrayLines::SkipShort,
        })
        .with_bare_code_line(policy & 0x40 == 0)
        .with_reject_nul(lines & 0x20 != 0)
        .with_utf8(line_len & 0x20 != 0)
        .with_eof_ends_line(lines >> 6 == 1);
    if policy & 0x80 != 0 {
        config = config
            .with_max_line_len(usize::from(line_len % 32))
            .with_max_lines(usize::from(lines % 8));
    }
    config
}

/// Chunk lengths from a small xorshift generator: 1 to 32 bytes each.
fn chunk_lengths(seed: u8, total: usize) -> Vec<usize> {
    let mut state = u32::from(seed) | 0x9E37_0000;
    let mut lengths = Vec::new();
    let mut covered = 0;
    while covered < total {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let len = (state % 32) as usize + 1;
        lengths.push(len);
        covered += len;
    }
    lengths
}

fn decode(stream: &[u8], config: Config, lengths: &mut dyn Iterator<Item = usize>) -> Outcome {
    let mut decoder = ReplyDecoder::new(config);
    let mut replies = Vec::new();
    let mut rest = stream;
    let mut error = None;
    while !rest.is_empty() {
        let len = lengths.next().unwrap_or(rest.len()).min(rest.len());
        let (chunk, tail) = rest.split_at(len);
        rest = tail;
        let fed = decoder.feed(chunk);
        assert!(decoder.buffered_len() <= config.max_reply_bytes());
        replies.extend(decoder.replies().map(|r| {
            (
                r.offset(),
                r.end(),
                r.opening_code().get(),
                r.code().get(),
                r.reply().lines().to_vec(),
            )
        }));
        if let Err(e) = fed {
            // Sticky: the same error again, whatever comes next.
            assert_eq!(decoder.feed(b"220 ok\r\n"), Err(e));
            assert_eq!(decoder.finish(), Err(e));
            error = Some((e.offset(), e));
            break;
        }
    }
    if error.is_none() {
        // The end of the input may still complete a reply.
        error = decoder.finish().err().map(|e| (e.offset(), e));
        replies.extend(decoder.replies().map(|r| {
            (
                r.offset(),
                r.end(),
                r.opening_code().get(),
                r.code().get(),
                r.reply().lines().to_vec(),
            )
        }));
    }
    (replies, error)
}

fn parse_all(stream: &[u8], config: &Config) -> Outcome {
    let mut replies = Vec::new();
    let mut pos = 0usize;
    loop {
        match parse(&stream[pos..], config) {
            Ok(Status::Complete((consumed, reply))) => {
                assert!(consumed > 0);
                assert_eq!(reply.wire(), &stream[pos..pos + consumed]);
                let lines: Vec<Vec<u8>> = reply.lines().map(|l| l.into_owned()).collect();
                assert_eq!(lines.len(), reply.line_count());
                replies.push((
                    pos as u64,
                    (pos + consumed) as u64,
                    reply.opening_code().get(),
                    reply.code().get(),
                    lines,
                ));
                pos += consumed;
            }
            Ok(Status::Partial) => return (replies, None),
            Err(e) => return (replies, Some((e.offset() + pos as u64, e))),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let config = config_from([data[0], data[1], data[2]]);
    let stream = &data[4..];

    let whole = decode(stream, config, &mut core::iter::empty());
    let chunked = decode(
        stream,
        config,
        &mut chunk_lengths(data[3], stream.len()).into_iter(),
    );
    assert_eq!(chunked, whole, "chunked differs from whole");
    let bytewise = decode(stream, config, &mut core::iter::repeat(1));
    assert_eq!(bytewise, whole, "byte by byte differs from whole");

    let (replies, error) = parse_all(stream, &config);
    // `parse` never sees the end of the input, which may complete one more
    // reply: a last line without its line end, or a lone CR.
    assert!(replies.len() <= whole.0.len());
    assert_eq!(replies, whole.0[..replies.len()], "parse differs from the decoder");
    if replies.len() < whole.0.len() {
        assert_eq!(replies.len() + 1, whole.0.len());
        assert!(config.eof_ends_line || config.line_ends == LineEnds::Any);
    }
    match (error, whole.1) {
        (Some((at, e)), Some((decoded_at, decoded))) => {
            assert_eq!(at, decoded_at);
            assert_eq!(e.kind(), decoded.kind());
        }
        (Some((_, e)), None) => panic!("parse alone found {e}"),
        // Where the end of the input ends the last line, that line can be
        // wrong in any way; otherwise only the end itself is.
        (None, Some((_, e))) => assert!(
            config.eof_ends_line
                || matches!(
                e.kind(),
                ftpsim::reply::parser::ErrorKind::UnexpectedEnd { .. }
                    | ftpsim::reply::parser::ErrorKind::InvalidUtf8
            ),
            "the decoder alone found {e}"
        ),
        (None, None) => {}
    }

    let mut next = 0;
    for (offset, end, opening, code, lines) in &whole.0 {
        assert_eq!(*offset, next);
        assert!(end > offset);
        next = *end;
        // Normalised and formatted, the reply parses back to itself.
        let code = ftpsim::ReplyCode::new(*code).unwrap();
        assert!(ftpsim::ReplyCode::new(*opening).is_ok());
        let normal = Reply::from_lines(code, lines);
        let wire = normal.to_bytes();
        let longest = lines.iter().map(Vec::len).max().unwrap_or(0);
        let roomy = Config::rfc()
            .with_max_line_len(2 * longest + 8)
            .with_max_lines(lines.len());
        match parse(&wire, &roomy) {
            Ok(Status::Complete((consumed, parsed))) => {
                assert_eq!(consumed, wire.len());
                assert_eq!(parsed.to_reply(), normal);
            }
            other => panic!("formatted reply did not parse back: {other:?}"),
        }
    }
    if let Some((at, e)) = whole.1 {
        assert!(at >= next && at <= stream.len() as u64);
        assert!(!e.to_string().is_empty());
    }
});
