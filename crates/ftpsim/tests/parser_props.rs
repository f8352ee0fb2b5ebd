//! Properties of the reply parser over generated input:
//!
//! - formatting a reply and parsing it gives the reply back, for any text
//!   and any bytes, under every end rule;
//! - any chunking of a stream gives the same replies and the same error at
//!   the same offset as the stream whole, and `parse` agrees with the
//!   decoder;
//! - no input panics, and the decoder's memory stays within its limits.

use ftpsim::reply::parser::{
    Config, EndRule, ErrorKind, LineEnds, Opening, ParseError, ReplyDecoder, Rule, Status,
    StrayLines, Telnet, parse,
};
use ftpsim::reply::{Reply, ReplyCode};
use proptest::prelude::*;

/// What a stream decodes to, in a form both entry points can produce:
/// (offset, end, opening code, code, lines) per reply, then the error.
/// Errors are (offset in the stream, error).
type Found = (
    Vec<(u64, u64, u16, u16, Vec<Vec<u8>>)>,
    Option<(u64, ParseError)>,
);

fn decode_chunked(input: &[u8], config: Config, cuts: &[usize]) -> Found {
    let mut decoder = ReplyDecoder::new(config);
    let mut replies = Vec::new();
    let mut error = None;
    let mut start = 0;
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    bounds.sort_unstable();
    bounds.push(input.len());
    for end in bounds {
        if end < start {
            continue;
        }
        let fed = decoder.feed(&input[start..end]);
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
        start = end;
        if let Err(e) = fed {
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

/// Reply after reply with the zero-copy `parse`; a trailing unfinished
/// reply gives no error (the decoder reports it at `finish`).
fn parse_all(input: &[u8], config: Config) -> Found {
    let mut replies = Vec::new();
    let mut pos = 0usize;
    loop {
        match parse(&input[pos..], &config) {
            Ok(Status::Complete((consumed, reply))) => {
                assert!(consumed > 0, "a complete reply takes at least one byte");
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
            // Offsets count from the start of the buffer given to `parse`.
            Err(e) => return (replies, Some((e.offset() + pos as u64, e))),
        }
    }
}

fn config_strategy() -> impl Strategy<Value = Config> {
    let fields = (
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
        any::<[bool; 4]>(),
        prop_oneof![Just(Config::DEFAULT_MAX_LINE_LEN), 0usize..40],
        prop_oneof![Just(Config::DEFAULT_MAX_LINES), 0usize..6],
    );
    let custom = fields.prop_map(
        |(end_rule, opening, stray, line_ends, telnet, flags, line_len, lines)| {
            let [bare, nul, utf8, eof] = flags;
            Config::rfc()
                .with_end_rule(end_rule)
                .with_opening(opening)
                .with_stray_lines(stray)
                .with_line_ends(line_ends)
                .with_bare_code_line(bare)
                .with_telnet(telnet)
                .with_reject_nul(nul)
                .with_utf8(utf8)
                .with_eof_ends_line(eof)
                .with_max_line_len(line_len)
                .with_max_lines(lines)
        },
    );
    let clients = prop::sample::select(Rule::ALL.to_vec()).prop_map(Rule::config);
    prop_oneof![custom, clients]
}

/// Streams made of the pieces replies are made of, so that generated input
/// reaches deep into the parser instead of failing at the first byte.
fn stream_strategy() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"220".to_vec()),
        Just(b"220-".to_vec()),
        Just(b"220 ".to_vec()),
        Just(b"211-".to_vec()),
        Just(b"211 ".to_vec()),
        Just(b"123 ".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\0".to_vec()),
        Just(vec![0xFF]),
        Just(vec![0xFF, 0xFF]),
        Just(vec![0xFF, 0xFB, 0x01]),
        Just(vec![0xFF, 0xF1]),
        Just(vec![0xFF, 0xFA, 0x18]),
        Just(vec![0xFF, 0xF0]),
        Just(b" ".to_vec()),
        Just(b"text".to_vec()),
        Just("é".as_bytes().to_vec()),
        Just(vec![0]),
        prop::collection::vec(any::<u8>(), 1..4),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn code_strategy() -> impl Strategy<Value = ReplyCode> {
    (100u16..700).prop_map(|v| ReplyCode::new(v).unwrap())
}

/// Text rich in what matters to the wire form: digits at line starts,
/// spaces, hyphens, line breaks, 0xFF-free non-ASCII.
fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 a-z\\-\r\n\téÿ\u{0}]{0,60}",
        "([0-9]{3}[ -][a-z]{0,4}\r?\n){0,6}",
    ]
}

fn line_bytes_strategy() -> impl Strategy<Value = Vec<Vec<u8>>> {
    let byte = prop_oneof![
        any::<u8>(),
        Just(b'2'),
        Just(b' '),
        Just(b'\r'),
        Just(b'\n'),
        Just(0xFF),
        Just(0),
    ];
    prop::collection::vec(prop::collection::vec(byte, 0..30), 0..8)
}

/// Formats `reply`, parses it under `config`, and checks it comes back,
/// that `parse` agrees, and that every proper prefix is partial.
fn round_trip(reply: &Reply, config: Config) -> Result<(), TestCaseError> {
    let wire = reply.to_bytes();
    let (replies, error) = decode_chunked(&wire, config, &[]);
    prop_assert!(error.is_none(), "{:?}", error);
    prop_assert_eq!(replies.len(), 1);
    let (offset, end, opening, code, lines) = &replies[0];
    prop_assert_eq!((*offset, *end), (0, wire.len() as u64));
    prop_assert_eq!((*opening, *code), (reply.code().get(), reply.code().get()));
    prop_assert_eq!(lines.as_slice(), reply.lines());
    let rebuilt = Reply::from_wire_lines(reply.code(), lines.clone());
    prop_assert_eq!(&rebuilt, reply);
    for len in 0..wire.len() {
        prop_assert!(parse(&wire[..len], &config).unwrap().is_partial());
    }
    let parsed = parse(&wire, &config).unwrap().complete().unwrap();
    prop_assert_eq!(parsed.0, wire.len());
    prop_assert_eq!(&parsed.1.to_reply(), reply);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn text_replies_round_trip(code in code_strategy(), text in text_strategy()) {
        let reply = Reply::new(code, &text);
        for config in [Config::rfc(), Config::lenient()] {
            round_trip(&reply, config)?;
        }
    }

    #[test]
    fn byte_replies_round_trip(code in code_strategy(), lines in line_bytes_strategy()) {
        let reply = Reply::from_lines(code, &lines);
        for config in [Config::rfc(), Config::lenient()] {
            round_trip(&reply, config)?;
        }
    }

    #[test]
    fn chunking_never_changes_the_outcome(
        input in stream_strategy(),
        config in config_strategy(),
        cuts in prop::collection::vec(any::<usize>(), 0..12),
    ) {
        let whole = decode_chunked(&input, config, &[]);
        let bytewise: Vec<usize> = (0..input.len()).collect();
        prop_assert_eq!(&decode_chunked(&input, config, &cuts), &whole);
        prop_assert_eq!(&decode_chunked(&input, config, &bytewise), &whole);
        let (replies, error) = parse_all(&input, config);
        // `parse` never sees the end of the input, which may complete one
        // more reply: a last line without its line end, or a lone CR.
        prop_assert!(replies.len() <= whole.0.len());
        prop_assert_eq!(&replies[..], &whole.0[..replies.len()]);
        if replies.len() < whole.0.len() {
            prop_assert_eq!(replies.len() + 1, whole.0.len());
            prop_assert!(config.eof_ends_line || config.line_ends == LineEnds::Any);
        }
        match (error, whole.1) {
            (Some((at, parsed)), Some((decoded_at, decoded))) => {
                prop_assert_eq!(at, decoded_at);
                prop_assert_eq!(parsed.kind(), decoded.kind());
            }
            (Some((_, parsed)), None) => prop_assert!(false, "parse found {} alone", parsed),
            // Where the end of the input ends the last line (or a lone CR
            // there ends it), that line can be wrong in any way; otherwise
            // only the end itself is.
            (None, Some((_, at_end))) => prop_assert!(
                config.eof_ends_line
                    || config.line_ends == LineEnds::Any
                    || matches!(
                        at_end.kind(),
                        ErrorKind::UnexpectedEnd { .. } | ErrorKind::InvalidUtf8
                    ),
                "the decoder found {} where parse found none", at_end
            ),
            (None, None) => {}
        }
        let mut next = 0;
        for (offset, end, ..) in &whole.0 {
            prop_assert_eq!(*offset, next);
            prop_assert!(end > offset);
            next = *end;
        }
        if let Some((at, _)) = whole.1 {
            prop_assert!(at >= next && at <= input.len() as u64);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        input in prop::collection::vec(any::<u8>(), 0..300),
        config in config_strategy(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let whole = decode_chunked(&input, config, &[]);
        prop_assert_eq!(&decode_chunked(&input, config, &cuts), &whole);
        let (replies, _) = parse_all(&input, config);
        prop_assert_eq!(&replies, &whole.0);
        if let Some((_, error)) = whole.1 {
            prop_assert!(error.to_string().starts_with("at byte "));
        }
    }
}
