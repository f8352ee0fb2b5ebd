//! A client reads a captured control-connection stream with `ReplyDecoder`
//! and decides, for each reply, what to do next: go on, wait for the final
//! reply, retry later with backoff, reconnect, or give up. This is the
//! logic a client author would otherwise write by hand from RFC 959's digit
//! rules.
//!
//! `cargo run -p ftpsim --example classify_replies`

use ftpsim::reply::ReplyCode;
use ftpsim::reply::parser::{Config, ReplyDecoder};

/// What a client does after a reply.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// 1yz: another reply follows for the same command.
    AwaitFinalReply,
    /// 2yz and 3yz: send the next command.
    GoOn,
    /// 4yz on an open connection: the same request may work later.
    RetryLater { after_seconds: u32 },
    /// 421 (or 221): the server closes the connection; open a new one first.
    Reconnect { after_seconds: u32 },
    /// 5yz: repeating the request unchanged fails again.
    GiveUp,
}

/// Exponential backoff: 1, 2, 4 … seconds, at most a minute.
fn backoff(attempt: u32) -> u32 {
    1u32.checked_shl(attempt.min(6)).unwrap_or(64).min(60)
}

fn decide(code: ReplyCode, attempt: u32) -> Next {
    if code.closes_connection() {
        // 221 ends a session on purpose; 421 is a refusal worth retrying.
        let after_seconds = if code.retry_may_help() {
            backoff(attempt)
        } else {
            0
        };
        return Next::Reconnect { after_seconds };
    }
    if code.is_preliminary() {
        Next::AwaitFinalReply
    } else if code.is_positive() {
        Next::GoOn
    } else if code.retry_may_help() {
        Next::RetryLater {
            after_seconds: backoff(attempt),
        }
    } else {
        Next::GiveUp
    }
}

fn main() -> Result<(), ftpsim::reply::parser::ParseError> {
    // What a client saw over one connection: a multiline greeting, a login,
    // a transfer that needs a second reply, a busy file, a missing file and
    // finally the server dropping the session. It arrives in arbitrary
    // pieces, as TCP delivers it.
    let captured: &[&[u8]] = &[
        b"220-Welcome\r\n220 Ready\r\n331 Pass",
        b"word required\r\n230 Logged in\r\n150 Opening data connection\r\n",
        b"226 Transfer complete\r\n450 File busy\r\n550 No such file\r\n",
        b"421 Timeout - closing control connection\r\n",
    ];
    let mut decoder = ReplyDecoder::new(Config::rfc());
    let mut decisions = Vec::new();
    for chunk in captured {
        decoder.feed(chunk)?;
        while let Some(parsed) = decoder.next_reply() {
            let code = parsed.code();
            let next = decide(code, 1);
            println!(
                "{code} {:<40} -> {next:?}",
                parsed.reply().text().replace('\n', " / ")
            );
            decisions.push(next);
        }
    }
    decoder.finish()?;

    assert_eq!(decisions.len(), 8);
    assert_eq!(decisions[0], Next::GoOn);
    assert_eq!(decisions[3], Next::AwaitFinalReply);
    assert_eq!(decisions[5], Next::RetryLater { after_seconds: 2 });
    assert_eq!(decisions[6], Next::GiveUp);
    assert_eq!(decisions[7], Next::Reconnect { after_seconds: 2 });
    Ok(())
}
