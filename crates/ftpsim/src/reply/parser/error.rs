//! Why a stream is not a sequence of FTP replies, and where.

use core::fmt;

use alloc::string::String;

use crate::lang::{Lang, Text};
use crate::reply::ReplyCode;

/// A malformed reply: what is wrong ([`ErrorKind`]) and the byte offset in
/// the stream where it shows.
///
/// The [`Display`](fmt::Display) form is one sentence for a person:
/// `at byte 7: expected a digit of the reply code, found 'x'`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseError {
    offset: u64,
    kind: ErrorKind,
}

impl ParseError {
    pub(super) const fn new(offset: u64, kind: ErrorKind) -> ParseError {
        ParseError { offset, kind }
    }

    /// The offset of the offending byte from the start of the stream (for
    /// [`parse`](super::parse), from the start of the buffer). For
    /// [`ErrorKind::UnexpectedEnd`] it is the length of the input.
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    pub const fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The error as one sentence for a person, in `lang`: the offset, then
    /// what is wrong. The English text is the [`Display`](fmt::Display) form.
    pub fn message(&self, lang: Lang) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = write_message(&mut out, self, lang);
        out
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_message(f, self, Lang::En)
    }
}

const AT_BYTE: Text = Text {
    en: "at byte {offset}: ",
    fr: "à l'octet {offset} : ",
};

fn write_message(out: &mut impl fmt::Write, error: &ParseError, lang: Lang) -> fmt::Result {
    AT_BYTE.write(out, lang, &[("offset", &error.offset)])?;
    write_kind(out, &error.kind, lang)
}

impl core::error::Error for ParseError {}

/// What was found where something else was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Found {
    /// This byte (after Telnet decoding).
    Byte(u8),
    /// The end of the line.
    LineEnd,
}

impl Found {
    /// What was found, as a noun phrase in `lang` ("a space", "une espace").
    /// The English text is the [`Display`](fmt::Display) form.
    pub fn describe(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = write_found(&mut out, *self, lang);
        out
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_found(f, *self, Lang::En)
    }
}

const LINE_END: Text = Text {
    en: "the end of the line",
    fr: "la fin de la ligne",
};

fn write_found(out: &mut impl fmt::Write, found: Found, lang: Lang) -> fmt::Result {
    match found {
        Found::LineEnd => out.write_str(LINE_END.of(lang)),
        Found::Byte(byte) => write_byte(out, byte, lang),
    }
}

const SPACE: Text = Text {
    en: "a space",
    fr: "une espace",
};
const TAB: Text = Text {
    en: "a tab (0x09)",
    fr: "une tabulation (0x09)",
};
// English quotes a byte in single quotes, so the quote itself goes in
// double quotes; French quotes with « ».
const QUOTE: Text = Text {
    en: "\"'\"",
    fr: "« ' »",
};
const PRINTABLE: Text = Text {
    en: "'{char}'",
    fr: "« {char} »",
};
const OTHER_BYTE: Text = Text {
    en: "byte 0x{hex}",
    fr: "l'octet 0x{hex}",
};

fn write_byte(out: &mut impl fmt::Write, byte: u8, lang: Lang) -> fmt::Result {
    match byte {
        b'\r' => out.write_str("CR (0x0D)"),
        b'\n' => out.write_str("LF (0x0A)"),
        0 => out.write_str("NUL (0x00)"),
        b' ' => out.write_str(SPACE.of(lang)),
        b'\t' => out.write_str(TAB.of(lang)),
        b'\'' => out.write_str(QUOTE.of(lang)),
        0x21..=0x7E => PRINTABLE.write(out, lang, &[("char", &char::from(byte))]),
        _ => OTHER_BYTE.write(out, lang, &[("hex", &Hex(byte))]),
    }
}

/// A byte as two upper-case hexadecimal digits.
struct Hex(u8);

impl fmt::Display for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02X}", self.0)
    }
}

/// A raw byte named in one language, for use as a placeholder's value.
struct ByteName(u8, Lang);

impl fmt::Display for ByteName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_byte(f, self.0, self.1)
    }
}

/// The kinds of malformed input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The first line of a reply does not start with three digits.
    NotADigit {
        /// Which digit of the code (0, 1 or 2).
        position: u8,
        found: Found,
    },
    /// The code starts with 0, 7, 8 or 9.
    BadFirstDigit { digit: u8 },
    /// The code of the first line is followed by neither a space nor a
    /// hyphen (nor by the line end, where bare codes are accepted).
    MissingSeparator { code: ReplyCode, found: Found },
    /// A line is longer than [`Config::max_line_len`](super::Config).
    /// The offset is that of the first byte past the limit.
    LineTooLong { limit: usize },
    /// A reply goes on past [`Config::max_lines`](super::Config). The
    /// offset is where the line past the limit begins. The code is that of
    /// the first line, if it had one.
    TooManyLines {
        code: Option<ReplyCode>,
        limit: usize,
    },
    /// A LF without a CR before it, where only CR LF ends a line.
    BareLf,
    /// A CR followed by neither LF nor NUL, where only CR LF ends a line.
    BareCr { found: u8 },
    /// Telnet IAC (0xFF) followed by a byte that is no Telnet command.
    BadTelnetCommand { found: u8 },
    /// A NUL byte in a line, where [`Config::reject_nul`](super::Config)
    /// refuses it.
    NulByte,
    /// Bytes that are not UTF-8, where [`Config::utf8`](super::Config)
    /// requires it. The offset is that of the first byte of the sequence.
    InvalidUtf8,
    /// The input ended inside a reply (or inside a line before it).
    UnexpectedEnd {
        /// Where the unfinished reply began.
        reply_offset: u64,
        /// The code of the unfinished reply, once it was read.
        code: Option<ReplyCode>,
    },
}

impl ErrorKind {
    /// What is wrong, in `lang`, without the offset. The English text is the
    /// [`Display`](fmt::Display) form.
    pub fn describe(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = write_kind(&mut out, self, lang);
        out
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_kind(f, self, Lang::En)
    }
}

// French typography puts a space before « ; » and « : »; the tests check
// every message for it.
const EMPTY_LINE: Text = Text {
    en: "empty line where a reply was expected; a reply starts with a three-digit code",
    fr: "ligne vide là où une réponse était attendue ; une réponse commence par un code à trois chiffres",
};
const NOT_A_REPLY: Text = Text {
    en: "expected a reply, which starts with a three-digit code, but found {found}",
    fr: "une réponse était attendue, qui commence par un code à trois chiffres, mais on trouve {found}",
};
const NOT_A_DIGIT: Text = Text {
    en: "expected digit {digit} of the three-digit reply code, found {found}",
    fr: "on attendait le chiffre {digit} du code de réponse à trois chiffres, on trouve {found}",
};
const BAD_FIRST_DIGIT: Text = Text {
    en: "a reply code starts with 1 to 5 (or 6 for RFC 2228 protected replies), not {digit}",
    fr: "un code de réponse commence par 1 à 5 (ou 6 pour les réponses protégées de la RFC 2228), pas par {digit}",
};
const BARE_CODE: Text = Text {
    en: "the line ends right after the code {code}; a space must follow it (a bare code line is not accepted by this configuration)",
    fr: "la ligne s'arrête juste après le code {code} ; une espace doit le suivre (cette configuration n'accepte pas un code seul sur sa ligne)",
};
const MISSING_SEPARATOR: Text = Text {
    en: "the code {code} must be followed by a space (last line) or a hyphen (first line of a multiline reply), not {found}",
    fr: "le code {code} doit être suivi d'une espace (dernière ligne) ou d'un tiret (première ligne d'une réponse sur plusieurs lignes), pas de {found}",
};
const LINE_TOO_LONG: Text = Text {
    en: "line longer than {limit} bytes, the configured maximum",
    fr: "ligne de plus de {limit} octets, le maximum configuré",
};
const TOO_MANY_LINES_UNCODED: Text = Text {
    en: "the multiline reply goes on past {limit} lines, the configured maximum",
    fr: "la réponse sur plusieurs lignes dépasse {limit} lignes, le maximum configuré",
};
const NUL_BYTE: Text = Text {
    en: "NUL byte (0x00) in a line; this configuration refuses it, as curl does",
    fr: "octet NUL (0x00) dans une ligne ; cette configuration le refuse, comme curl",
};
const INVALID_UTF8: Text = Text {
    en: "bytes that are not UTF-8; this configuration decodes replies as UTF-8, as Python's ftplib does (a Latin-1 é is one such byte)",
    fr: "octets qui ne sont pas de l'UTF-8 ; cette configuration décode les réponses en UTF-8, comme ftplib de Python (un é en Latin-1 en est un)",
};
const TOO_MANY_LINES: Text = Text {
    en: "the multiline {code} reply goes on past {limit} lines, the configured maximum",
    fr: "la réponse {code} sur plusieurs lignes dépasse {limit} lignes, le maximum configuré",
};
const BARE_LF: Text = Text {
    en: "line ends with LF alone; this configuration requires CR LF, as RFC 959 does (most clients, ftplib, Go and curl among them, accept LF alone)",
    fr: "la ligne finit par LF seul ; cette configuration exige CR LF, comme la RFC 959 (la plupart des clients, dont ftplib, Go et curl, acceptent LF seul)",
};
const BARE_CR: Text = Text {
    en: "CR followed by {byte}; a CR must be followed by LF (line end) or NUL (a CR in the text)",
    fr: "CR suivi de {byte} ; un CR doit être suivi de LF (fin de ligne) ou de NUL (un CR dans le texte)",
};
const BAD_TELNET: Text = Text {
    en: "Telnet IAC (0xFF) followed by {byte}, which is no Telnet command; a 0xFF in text must be sent as IAC IAC",
    fr: "IAC Telnet (0xFF) suivi de {byte}, qui n'est pas une commande Telnet ; un 0xFF dans le texte s'envoie IAC IAC",
};
const END_IN_REPLY: Text = Text {
    en: "the input ended inside the {code} reply that began at byte {start}",
    fr: "l'entrée s'arrête au milieu de la réponse {code} commencée à l'octet {start}",
};
const END_IN_LINE: Text = Text {
    en: "the input ended inside a reply that began at byte {start}, before its line end",
    fr: "l'entrée s'arrête au milieu d'une réponse commencée à l'octet {start}, avant sa fin de ligne",
};

fn write_kind(out: &mut impl fmt::Write, kind: &ErrorKind, lang: Lang) -> fmt::Result {
    match *kind {
        ErrorKind::NotADigit {
            position: 0,
            found: Found::LineEnd,
        } => out.write_str(EMPTY_LINE.of(lang)),
        ErrorKind::NotADigit { position: 0, found } => {
            NOT_A_REPLY.write(out, lang, &[("found", &Localized(found, lang))])
        }
        ErrorKind::NotADigit { position, found } => NOT_A_DIGIT.write(
            out,
            lang,
            &[
                ("digit", &(position + 1)),
                ("found", &Localized(found, lang)),
            ],
        ),
        ErrorKind::BadFirstDigit { digit } => {
            BAD_FIRST_DIGIT.write(out, lang, &[("digit", &digit)])
        }
        ErrorKind::MissingSeparator {
            code,
            found: Found::LineEnd,
        } => BARE_CODE.write(out, lang, &[("code", &code)]),
        ErrorKind::MissingSeparator { code, found } => MISSING_SEPARATOR.write(
            out,
            lang,
            &[("code", &code), ("found", &Localized(found, lang))],
        ),
        ErrorKind::LineTooLong { limit } => LINE_TOO_LONG.write(out, lang, &[("limit", &limit)]),
        ErrorKind::TooManyLines {
            code: Some(code),
            limit,
        } => TOO_MANY_LINES.write(out, lang, &[("code", &code), ("limit", &limit)]),
        ErrorKind::TooManyLines { code: None, limit } => {
            TOO_MANY_LINES_UNCODED.write(out, lang, &[("limit", &limit)])
        }
        ErrorKind::NulByte => out.write_str(NUL_BYTE.of(lang)),
        ErrorKind::InvalidUtf8 => out.write_str(INVALID_UTF8.of(lang)),
        ErrorKind::BareLf => out.write_str(BARE_LF.of(lang)),
        ErrorKind::BareCr { found } => {
            BARE_CR.write(out, lang, &[("byte", &ByteName(found, lang))])
        }
        ErrorKind::BadTelnetCommand { found } => {
            BAD_TELNET.write(out, lang, &[("byte", &ByteName(found, lang))])
        }
        ErrorKind::UnexpectedEnd {
            reply_offset,
            code: Some(code),
        } => END_IN_REPLY.write(out, lang, &[("code", &code), ("start", &reply_offset)]),
        ErrorKind::UnexpectedEnd {
            reply_offset,
            code: None,
        } => END_IN_LINE.write(out, lang, &[("start", &reply_offset)]),
    }
}

/// A [`Found`] written in one language, for use inside `write!`.
struct Localized(Found, Lang);

impl fmt::Display for Localized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_found(f, self.0, self.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use alloc::vec::Vec;

    #[test]
    fn messages_name_the_offset_and_the_byte() {
        let err = ParseError::new(
            7,
            ErrorKind::NotADigit {
                position: 1,
                found: Found::Byte(b'x'),
            },
        );
        assert_eq!(
            err.to_string(),
            "at byte 7: expected digit 2 of the three-digit reply code, found 'x'"
        );
        let err = ParseError::new(3, ErrorKind::BareCr { found: 0x80 });
        assert_eq!(
            err.to_string(),
            "at byte 3: CR followed by byte 0x80; a CR must be followed by LF (line end) or NUL (a CR in the text)"
        );
        let code = ReplyCode::new(220).unwrap();
        let err = ParseError::new(
            40,
            ErrorKind::UnexpectedEnd {
                reply_offset: 12,
                code: Some(code),
            },
        );
        assert_eq!(
            err.to_string(),
            "at byte 40: the input ended inside the 220 reply that began at byte 12"
        );
        assert_eq!(Found::Byte(b' ').to_string(), "a space");
        assert_eq!(Found::Byte(b'\n').to_string(), "LF (0x0A)");
        assert_eq!(Found::LineEnd.to_string(), "the end of the line");
    }

    /// One error of every kind, and of every case a message tells apart.
    fn every_kind() -> Vec<ErrorKind> {
        let code = ReplyCode::new(220).unwrap();
        let kinds = vec![
            ErrorKind::NotADigit {
                position: 0,
                found: Found::LineEnd,
            },
            ErrorKind::NotADigit {
                position: 0,
                found: Found::Byte(b'x'),
            },
            ErrorKind::NotADigit {
                position: 2,
                found: Found::Byte(b' '),
            },
            ErrorKind::BadFirstDigit { digit: 7 },
            ErrorKind::MissingSeparator {
                code,
                found: Found::LineEnd,
            },
            ErrorKind::MissingSeparator {
                code,
                found: Found::Byte(b'\t'),
            },
            ErrorKind::LineTooLong { limit: 8192 },
            ErrorKind::TooManyLines {
                code: Some(code),
                limit: 100,
            },
            ErrorKind::TooManyLines {
                code: None,
                limit: 100,
            },
            ErrorKind::NulByte,
            ErrorKind::InvalidUtf8,
            ErrorKind::BareLf,
            ErrorKind::BareCr { found: 0x80 },
            ErrorKind::BadTelnetCommand { found: b'\'' },
            ErrorKind::UnexpectedEnd {
                reply_offset: 12,
                code: Some(code),
            },
            ErrorKind::UnexpectedEnd {
                reply_offset: 12,
                code: None,
            },
        ];
        // An exhaustive match: a kind added later must be added above.
        let variant = |kind: &ErrorKind| match kind {
            ErrorKind::NotADigit { .. } => 0,
            ErrorKind::BadFirstDigit { .. } => 1,
            ErrorKind::MissingSeparator { .. } => 2,
            ErrorKind::LineTooLong { .. } => 3,
            ErrorKind::TooManyLines { .. } => 4,
            ErrorKind::BareLf => 5,
            ErrorKind::BareCr { .. } => 6,
            ErrorKind::BadTelnetCommand { .. } => 7,
            ErrorKind::UnexpectedEnd { .. } => 8,
            ErrorKind::NulByte => 9,
            ErrorKind::InvalidUtf8 => 10,
        };
        for expected in 0..=10 {
            assert!(
                kinds.iter().any(|kind| variant(kind) == expected),
                "variant {expected} has no sample"
            );
        }
        kinds
    }

    /// Whether every « : », « ; », « ! », « ? » and « » » has a space (or a
    /// no-break space) before it, and every « « » one after it.
    fn french_spacing_ok(text: &str) -> bool {
        let spaces = [' ', '\u{a0}', '\u{202f}'];
        let chars: Vec<char> = text.chars().collect();
        chars.iter().enumerate().all(|(i, &c)| match c {
            ':' | ';' | '!' | '?' | '»' => i > 0 && spaces.contains(&chars[i - 1]),
            '«' => chars.get(i + 1).is_some_and(|next| spaces.contains(next)),
            _ => true,
        })
    }

    #[test]
    fn every_kind_reads_in_both_languages() {
        for kind in every_kind() {
            let en = kind.describe(Lang::En);
            let fr = kind.describe(Lang::Fr);
            assert!(!en.trim().is_empty(), "{kind:?}");
            assert!(!fr.trim().is_empty(), "{kind:?}");
            assert_ne!(en, fr, "{kind:?}");
            assert_eq!(en, kind.to_string(), "English is the Display form");
            assert!(french_spacing_ok(&fr), "French spacing in {fr:?}");
            assert!(
                !en.contains(" :") && !en.contains(" ;"),
                "English spacing in {en:?}"
            );

            let error = ParseError::new(31, kind);
            let en = error.message(Lang::En);
            let fr = error.message(Lang::Fr);
            assert_eq!(en, error.to_string());
            assert!(en.starts_with("at byte 31: "), "{en}");
            assert!(fr.starts_with("à l'octet 31 : "), "{fr}");
            assert!(french_spacing_ok(&fr), "French spacing in {fr:?}");
        }
    }

    #[test]
    fn french_messages_name_the_offset_and_the_byte() {
        let err = ParseError::new(
            7,
            ErrorKind::NotADigit {
                position: 1,
                found: Found::Byte(b'x'),
            },
        );
        assert_eq!(
            err.message(Lang::Fr),
            "à l'octet 7 : on attendait le chiffre 2 du code de réponse à trois chiffres, on trouve « x »"
        );
        let err = ParseError::new(3, ErrorKind::BareCr { found: 0x80 });
        assert_eq!(
            err.message(Lang::Fr),
            "à l'octet 3 : CR suivi de l'octet 0x80 ; un CR doit être suivi de LF (fin de ligne) ou de NUL (un CR dans le texte)"
        );
        assert_eq!(Found::Byte(b' ').describe(Lang::Fr), "une espace");
        assert_eq!(Found::Byte(b'\'').describe(Lang::Fr), "« ' »");
        assert_eq!(Found::Byte(b'\'').describe(Lang::En), "\"'\"");
        assert_eq!(Found::LineEnd.describe(Lang::Fr), "la fin de la ligne");
        assert_eq!(
            Found::LineEnd.describe(Lang::En),
            Found::LineEnd.to_string()
        );
    }
}
