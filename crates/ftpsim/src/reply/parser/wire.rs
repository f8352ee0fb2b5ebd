//! The lowest layer: Telnet commands and line ends, one byte at a time.
//!
//! It turns raw bytes into text bytes and line ends and knows nothing of
//! reply codes. Both the scanner and [`ReplyRef::lines`](super::ReplyRef)
//! run it, so a line is split the same way when it is checked and when it
//! is read back.

use super::config::{Config, LineEnds, Telnet};
use super::error::{ErrorKind, ParseError};

const IAC: u8 = 0xFF;
const SB: u8 = 250;
const SE: u8 = 240;
const WILL: u8 = 251;
const DONT: u8 = 254;
const CR: u8 = b'\r';
const LF: u8 = b'\n';
const NUL: u8 = 0;

/// What one raw byte turns into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum WireEvent {
    /// A byte of text, which took `len` bytes on the wire from offset `at`
    /// (2 for IAC IAC and CR NUL, 1 otherwise).
    Text { byte: u8, at: u64, len: u8 },
    /// The end of a line, whose terminator begins at `at`; the next line
    /// begins at `next` (past a CR LF, or at the byte after a lone CR that
    /// ends a line).
    LineEnd { at: u64, next: u64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Text,
    /// After a CR at this offset.
    Cr(u64),
    /// After an IAC at this offset.
    Iac(u64),
    /// After IAC WILL, WONT, DO or DONT: the option byte comes next.
    IacOption,
    /// Inside IAC SB ... IAC SE.
    Subnegotiation,
    /// After an IAC inside a subnegotiation.
    SubnegotiationIac,
}

/// The part of a [`Config`] this layer needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Syntax {
    pub line_ends: LineEnds,
    pub telnet: Telnet,
}

impl Syntax {
    pub fn of(config: &Config) -> Syntax {
        Syntax {
            line_ends: config.line_ends,
            telnet: config.telnet,
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct Wire {
    syntax: Syntax,
    state: State,
}

impl Wire {
    pub fn new(syntax: Syntax) -> Wire {
        Wire {
            syntax,
            state: State::Text,
        }
    }

    /// Whether no CR or Telnet command is pending: a byte other than CR,
    /// LF and IAC arriving now is plain text.
    pub fn is_plain(&self) -> bool {
        self.state == State::Text
    }

    /// Whether a LF arriving now would end the line (or be refused as a
    /// bare LF) rather than be text or a Telnet option byte.
    pub fn lf_ends_line(&self) -> bool {
        match self.state {
            State::Cr(_) => true,
            State::Text => self.syntax.line_ends != LineEnds::CrLfOnly,
            _ => false,
        }
    }

    /// Whether a CR arriving now may start a line end rather than be a
    /// Telnet option byte.
    pub fn cr_may_end_line(&self) -> bool {
        matches!(self.state, State::Text | State::Cr(_))
    }

    /// Whether a CR is pending that ends the line whatever comes next: the
    /// byte arriving now starts a new line.
    pub fn pending_cr_ends_line(&self) -> bool {
        matches!(self.state, State::Cr(_)) && self.syntax.line_ends == LineEnds::Any
    }

    /// Says the input has ended: a pending CR becomes the line end it must
    /// be under [`LineEnds::Any`], or text where a lone CR is text; under
    /// [`LineEnds::CrLf`] it stays pending (the line is unfinished).
    pub fn finish<F>(&mut self, emit: &mut F) -> Result<(), ParseError>
    where
        F: FnMut(WireEvent) -> Result<(), ParseError>,
    {
        let State::Cr(cr) = self.state else {
            return Ok(());
        };
        match self.syntax.line_ends {
            LineEnds::Any => {
                self.state = State::Text;
                emit(WireEvent::LineEnd {
                    at: cr,
                    next: cr + 1,
                })
            }
            LineEnds::CrLfOrLf | LineEnds::CrLfOnly => {
                self.state = State::Text;
                emit(WireEvent::Text {
                    byte: CR,
                    at: cr,
                    len: 1,
                })
            }
            LineEnds::CrLf => Ok(()),
        }
    }

    /// Reads the byte at offset `at`, passing what it means to `emit` (at
    /// most two events: a byte resolved late, then the byte itself).
    pub fn push<F>(&mut self, byte: u8, at: u64, emit: &mut F) -> Result<(), ParseError>
    where
        F: FnMut(WireEvent) -> Result<(), ParseError>,
    {
        match self.state {
            State::Text => self.plain(byte, at, emit),
            State::Cr(cr) => {
                self.state = State::Text;
                match (byte, self.syntax.line_ends) {
                    (
                        LF,
                        LineEnds::CrLf | LineEnds::CrLfOrLf | LineEnds::CrLfOnly | LineEnds::Any,
                    ) => emit(WireEvent::LineEnd {
                        at: cr,
                        next: at + 1,
                    }),
                    (NUL, LineEnds::CrLf) => emit(WireEvent::Text {
                        byte: CR,
                        at: cr,
                        len: 2,
                    }),
                    (_, LineEnds::CrLf) => {
                        Err(ParseError::new(cr, ErrorKind::BareCr { found: byte }))
                    }
                    (_, LineEnds::CrLfOrLf | LineEnds::CrLfOnly) => {
                        emit(WireEvent::Text {
                            byte: CR,
                            at: cr,
                            len: 1,
                        })?;
                        self.plain(byte, at, emit)
                    }
                    (_, LineEnds::Any) => {
                        emit(WireEvent::LineEnd { at: cr, next: at })?;
                        self.plain(byte, at, emit)
                    }
                }
            }
            State::Iac(iac) => {
                self.state = State::Text;
                match byte {
                    IAC => emit(WireEvent::Text {
                        byte: IAC,
                        at: iac,
                        len: 2,
                    }),
                    WILL..=DONT => {
                        self.state = State::IacOption;
                        Ok(())
                    }
                    SB if self.syntax.telnet != Telnet::DropPairs => {
                        self.state = State::Subnegotiation;
                        Ok(())
                    }
                    // NOP, DM, BRK, IP, AO, AYT, EC, EL, GA, and a stray SE.
                    SE..=249 => Ok(()),
                    _ => match self.syntax.telnet {
                        Telnet::DropPairs => Ok(()),
                        Telnet::Lenient | Telnet::Off => {
                            emit(WireEvent::Text {
                                byte: IAC,
                                at: iac,
                                len: 1,
                            })?;
                            self.plain(byte, at, emit)
                        }
                        Telnet::Strict => Err(ParseError::new(
                            iac,
                            ErrorKind::BadTelnetCommand { found: byte },
                        )),
                    },
                }
            }
            State::IacOption => {
                self.state = State::Text;
                Ok(())
            }
            State::Subnegotiation => {
                if byte == IAC {
                    self.state = State::SubnegotiationIac;
                }
                Ok(())
            }
            State::SubnegotiationIac => {
                self.state = if byte == SE {
                    State::Text
                } else {
                    State::Subnegotiation
                };
                Ok(())
            }
        }
    }

    fn plain<F>(&mut self, byte: u8, at: u64, emit: &mut F) -> Result<(), ParseError>
    where
        F: FnMut(WireEvent) -> Result<(), ParseError>,
    {
        match byte {
            IAC if self.syntax.telnet != Telnet::Off => {
                self.state = State::Iac(at);
                Ok(())
            }
            CR => {
                self.state = State::Cr(at);
                Ok(())
            }
            LF => match self.syntax.line_ends {
                LineEnds::CrLfOrLf | LineEnds::Any => emit(WireEvent::LineEnd { at, next: at + 1 }),
                LineEnds::CrLfOnly => emit(WireEvent::Text { byte, at, len: 1 }),
                LineEnds::CrLf => Err(ParseError::new(at, ErrorKind::BareLf)),
            },
            _ => emit(WireEvent::Text { byte, at, len: 1 }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn run(syntax: Syntax, input: &[u8]) -> Result<Vec<WireEvent>, ParseError> {
        let mut wire = Wire::new(syntax);
        let mut events = Vec::new();
        for (at, &byte) in (0u64..).zip(input) {
            wire.push(byte, at, &mut |event| {
                events.push(event);
                Ok(())
            })?;
        }
        Ok(events)
    }

    fn text(events: &[WireEvent]) -> Vec<u8> {
        events
            .iter()
            .map(|e| match *e {
                WireEvent::Text { byte, .. } => byte,
                WireEvent::LineEnd { .. } => b'|',
            })
            .collect()
    }

    const STRICT: Syntax = Syntax {
        line_ends: LineEnds::CrLf,
        telnet: Telnet::Strict,
    };
    const LENIENT: Syntax = Syntax {
        line_ends: LineEnds::CrLfOrLf,
        telnet: Telnet::Lenient,
    };

    #[test]
    fn crlf_ends_a_line_and_cr_nul_is_a_cr() {
        let events = run(STRICT, b"a\r\nb\r\0c\r\n").unwrap();
        assert_eq!(text(&events), b"a|b\rc|");
        assert_eq!(events[1], WireEvent::LineEnd { at: 1, next: 3 });
        assert_eq!(
            events[3],
            WireEvent::Text {
                byte: b'\r',
                at: 4,
                len: 2
            }
        );
    }

    #[test]
    fn bare_lf_and_bare_cr_depend_on_the_line_ends() {
        assert_eq!(
            run(STRICT, b"ab\n"),
            Err(ParseError::new(2, ErrorKind::BareLf))
        );
        assert_eq!(
            run(STRICT, b"a\rb"),
            Err(ParseError::new(1, ErrorKind::BareCr { found: b'b' }))
        );
        assert_eq!(text(&run(LENIENT, b"a\n\rb\r\r\n").unwrap()), b"a|\rb\r|");
    }

    #[test]
    fn telnet_commands_are_dropped_and_iac_iac_is_a_byte() {
        let input = [
            b'a', IAC, IAC, IAC, WILL, LF, IAC, 241, IAC, SB, 1, LF, IAC, IAC, IAC, SE, b'b',
        ];
        let events = run(STRICT, &input).unwrap();
        assert_eq!(text(&events), [b'a', 0xFF, b'b']);
        assert_eq!(
            events[1],
            WireEvent::Text {
                byte: 0xFF,
                at: 1,
                len: 2
            }
        );
    }

    #[test]
    fn a_lone_iac_is_an_error_or_a_byte() {
        assert_eq!(
            run(STRICT, &[b'a', IAC, b'b']),
            Err(ParseError::new(
                1,
                ErrorKind::BadTelnetCommand { found: b'b' }
            ))
        );
        assert_eq!(
            text(&run(LENIENT, &[IAC, b'b', IAC, LF]).unwrap()),
            [IAC, b'b', IAC, b'|']
        );
        let off = Syntax {
            telnet: Telnet::Off,
            ..STRICT
        };
        assert_eq!(text(&run(off, &[IAC, WILL, 1]).unwrap()), [IAC, WILL, 1]);
    }
}
