//! Reply codes and what their digits mean (RFC 959 §4.2.1, RFC 2228 §5).

use core::fmt;
use core::str::FromStr;

/// A validated three-digit FTP reply code.
///
/// The first digit is 1 to 6 (6yz being the protected replies of RFC 2228);
/// the second and third may be any digit, so that a code no RFC defines
/// (say `299`) is still a code: it has a [`Class`] and, when its second digit
/// is 0 to 5, a [`Category`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct ReplyCode(u16);

/// Why a number or a string is not a reply code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidCode {
    /// Not three ASCII digits.
    NotThreeDigits,
    /// Three digits, but the first is not 1 to 6.
    BadFirstDigit(u8),
}

impl fmt::Display for InvalidCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidCode::NotThreeDigits => {
                f.write_str("a reply code is exactly three digits, from 100 to 699")
            }
            InvalidCode::BadFirstDigit(d) => write!(
                f,
                "a reply code starts with 1 to 5 (or 6 for RFC 2228 protected replies), not {d}"
            ),
        }
    }
}

impl core::error::Error for InvalidCode {}

impl ReplyCode {
    pub const RESTART_MARKER: ReplyCode = ReplyCode(110);
    pub const SERVICE_READY_IN: ReplyCode = ReplyCode(120);
    pub const COMMAND_OK: ReplyCode = ReplyCode(200);
    pub const SYSTEM_STATUS: ReplyCode = ReplyCode(211);
    pub const HELP: ReplyCode = ReplyCode(214);
    pub const SYSTEM_TYPE: ReplyCode = ReplyCode(215);
    pub const SERVICE_READY: ReplyCode = ReplyCode(220);
    pub const CLOSING_CONTROL: ReplyCode = ReplyCode(221);
    pub const LOGGED_IN: ReplyCode = ReplyCode(230);
    pub const PATHNAME_CREATED: ReplyCode = ReplyCode(257);
    pub const NEED_PASSWORD: ReplyCode = ReplyCode(331);
    pub const SERVICE_NOT_AVAILABLE: ReplyCode = ReplyCode(421);
    pub const CANT_OPEN_DATA: ReplyCode = ReplyCode(425);
    pub const SYNTAX_ERROR: ReplyCode = ReplyCode(500);
    pub const PARAMETER_SYNTAX_ERROR: ReplyCode = ReplyCode(501);
    pub const NOT_IMPLEMENTED: ReplyCode = ReplyCode(502);
    pub const BAD_SEQUENCE: ReplyCode = ReplyCode(503);
    pub const NOT_IMPLEMENTED_FOR_PARAMETER: ReplyCode = ReplyCode(504);
    pub const NOT_LOGGED_IN: ReplyCode = ReplyCode(530);
    pub const FILE_UNAVAILABLE: ReplyCode = ReplyCode(550);

    /// Validates a number as a reply code (100 to 699).
    pub const fn new(value: u16) -> Result<ReplyCode, InvalidCode> {
        if value < 100 || value > 999 {
            return Err(InvalidCode::NotThreeDigits);
        }
        let first = (value / 100) as u8;
        if first > 6 {
            return Err(InvalidCode::BadFirstDigit(first));
        }
        Ok(ReplyCode(value))
    }

    /// Validates three ASCII digits, as they appear on the wire.
    pub const fn from_digits(digits: [u8; 3]) -> Result<ReplyCode, InvalidCode> {
        let [a, b, c] = digits;
        if !a.is_ascii_digit() || !b.is_ascii_digit() || !c.is_ascii_digit() {
            return Err(InvalidCode::NotThreeDigits);
        }
        let first = a - b'0';
        if first == 0 || first > 6 {
            return Err(InvalidCode::BadFirstDigit(first));
        }
        Ok(ReplyCode(
            (first as u16) * 100 + ((b - b'0') as u16) * 10 + (c - b'0') as u16,
        ))
    }

    pub const fn get(self) -> u16 {
        self.0
    }

    /// The three ASCII digits of the code.
    pub const fn digits(self) -> [u8; 3] {
        [
            b'0' + (self.0 / 100) as u8,
            b'0' + (self.0 / 10 % 10) as u8,
            b'0' + (self.0 % 10) as u8,
        ]
    }

    pub const fn class(self) -> Class {
        match self.0 / 100 {
            1 => Class::PositivePreliminary,
            2 => Class::PositiveCompletion,
            3 => Class::PositiveIntermediate,
            4 => Class::TransientNegative,
            5 => Class::PermanentNegative,
            _ => Class::Protected,
        }
    }

    /// The category from the second digit; `None` for 6 to 9, which no RFC
    /// assigns.
    pub const fn category(self) -> Option<Category> {
        Category::from_digit((self.0 / 10 % 10) as u8)
    }

    /// 1yz, 2yz and 3yz: the command was accepted (or is under way).
    pub const fn is_positive(self) -> bool {
        matches!(
            self.class(),
            Class::PositivePreliminary | Class::PositiveCompletion | Class::PositiveIntermediate
        )
    }

    /// 4yz: the request failed this time; the same request later may succeed.
    pub const fn is_transient(self) -> bool {
        matches!(self.class(), Class::TransientNegative)
    }

    /// 5yz: the request failed and repeating it unchanged will fail again.
    pub const fn is_permanent(self) -> bool {
        matches!(self.class(), Class::PermanentNegative)
    }

    /// 1yz: another reply will follow for the same command.
    pub const fn is_preliminary(self) -> bool {
        matches!(self.class(), Class::PositivePreliminary)
    }

    /// The server closes the control connection after this reply: 221 at the
    /// end of a session, 421 when it refuses or drops one.
    pub const fn closes_connection(self) -> bool {
        matches!(self.0, 221 | 421)
    }

    /// Whether sending the same thing again later may succeed: true for every
    /// transient negative reply (including 421, after reconnecting), false
    /// for everything else.
    pub const fn retry_may_help(self) -> bool {
        self.is_transient()
    }
}

impl fmt::Debug for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReplyCode({})", self.0)
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl TryFrom<u16> for ReplyCode {
    type Error = InvalidCode;

    fn try_from(value: u16) -> Result<Self, Self::Error> {
        ReplyCode::new(value)
    }
}

impl From<ReplyCode> for u16 {
    fn from(code: ReplyCode) -> u16 {
        code.0
    }
}

impl FromStr for ReplyCode {
    type Err = InvalidCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().as_bytes() {
            &[a, b, c] => ReplyCode::from_digits([a, b, c]),
            _ => Err(InvalidCode::NotThreeDigits),
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for ReplyCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = u16::deserialize(deserializer)?;
        ReplyCode::new(value).map_err(serde::de::Error::custom)
    }
}

/// What the first digit says about the outcome (RFC 959 §4.2.1, RFC 2228).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Class {
    /// 1yz: action started; expect another reply before the next command.
    PositivePreliminary,
    /// 2yz: action completed.
    PositiveCompletion,
    /// 3yz: accepted, waiting for more information (e.g. PASS after USER).
    PositiveIntermediate,
    /// 4yz: not done this time; the same request may succeed later.
    TransientNegative,
    /// 5yz: not done, and repeating it unchanged will not help.
    PermanentNegative,
    /// 6yz: a protected reply of RFC 2228, its real reply base64-encoded.
    Protected,
}

impl Class {
    pub const ALL: [Class; 6] = [
        Class::PositivePreliminary,
        Class::PositiveCompletion,
        Class::PositiveIntermediate,
        Class::TransientNegative,
        Class::PermanentNegative,
        Class::Protected,
    ];

    pub const fn digit(self) -> u8 {
        match self {
            Class::PositivePreliminary => 1,
            Class::PositiveCompletion => 2,
            Class::PositiveIntermediate => 3,
            Class::TransientNegative => 4,
            Class::PermanentNegative => 5,
            Class::Protected => 6,
        }
    }

    /// `"2xx"`, `"4xx"`, …
    pub const fn pattern(self) -> &'static str {
        match self {
            Class::PositivePreliminary => "1xx",
            Class::PositiveCompletion => "2xx",
            Class::PositiveIntermediate => "3xx",
            Class::TransientNegative => "4xx",
            Class::PermanentNegative => "5xx",
            Class::Protected => "6xx",
        }
    }

    /// A stable machine name, as in JSON output.
    pub const fn key(self) -> &'static str {
        match self {
            Class::PositivePreliminary => "positive_preliminary",
            Class::PositiveCompletion => "positive_completion",
            Class::PositiveIntermediate => "positive_intermediate",
            Class::TransientNegative => "transient_negative",
            Class::PermanentNegative => "permanent_negative",
            Class::Protected => "protected",
        }
    }
}

/// What the second digit says the reply is about (RFC 959 §4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Category {
    /// x0z: syntax errors, and commands that fit no other category.
    Syntax,
    /// x1z: replies to requests for information (status, help).
    Information,
    /// x2z: the control and data connections.
    Connections,
    /// x3z: login and accounting.
    Authentication,
    /// x4z: not specified by RFC 959 (RFC 2228 uses 43z and 53z for security).
    Unspecified,
    /// x5z: the state of the server's file system.
    FileSystem,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Syntax,
        Category::Information,
        Category::Connections,
        Category::Authentication,
        Category::Unspecified,
        Category::FileSystem,
    ];

    pub const fn from_digit(digit: u8) -> Option<Category> {
        match digit {
            0 => Some(Category::Syntax),
            1 => Some(Category::Information),
            2 => Some(Category::Connections),
            3 => Some(Category::Authentication),
            4 => Some(Category::Unspecified),
            5 => Some(Category::FileSystem),
            _ => None,
        }
    }

    pub const fn digit(self) -> u8 {
        match self {
            Category::Syntax => 0,
            Category::Information => 1,
            Category::Connections => 2,
            Category::Authentication => 3,
            Category::Unspecified => 4,
            Category::FileSystem => 5,
        }
    }

    /// `"x0z"`, `"x2z"`, …
    pub const fn pattern(self) -> &'static str {
        match self {
            Category::Syntax => "x0z",
            Category::Information => "x1z",
            Category::Connections => "x2z",
            Category::Authentication => "x3z",
            Category::Unspecified => "x4z",
            Category::FileSystem => "x5z",
        }
    }

    /// A stable machine name, as in JSON output.
    pub const fn key(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Information => "information",
            Category::Connections => "connections",
            Category::Authentication => "authentication",
            Category::Unspecified => "unspecified",
            Category::FileSystem => "file_system",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_exactly_the_codes_with_a_valid_first_digit() {
        for value in 0..=1200u16 {
            let expected = (100..=699).contains(&value);
            assert_eq!(ReplyCode::new(value).is_ok(), expected, "{value}");
        }
        assert_eq!(ReplyCode::new(99), Err(InvalidCode::NotThreeDigits));
        assert_eq!(ReplyCode::new(700), Err(InvalidCode::BadFirstDigit(7)));
    }

    #[test]
    fn digits_round_trip_through_the_wire_form() {
        for value in 100..=699u16 {
            let code = ReplyCode::new(value).unwrap();
            assert_eq!(ReplyCode::from_digits(code.digits()), Ok(code));
            assert_eq!(code.to_string().parse::<ReplyCode>(), Ok(code));
        }
        assert_eq!(
            ReplyCode::from_digits(*b"0ab"),
            Err(InvalidCode::NotThreeDigits)
        );
        assert_eq!(
            ReplyCode::from_digits(*b"020"),
            Err(InvalidCode::BadFirstDigit(0))
        );
        assert_eq!("22".parse::<ReplyCode>(), Err(InvalidCode::NotThreeDigits));
    }

    #[test]
    fn class_and_category_follow_the_digits() {
        let code = |v| ReplyCode::new(v).unwrap();
        assert_eq!(code(220).class(), Class::PositiveCompletion);
        assert_eq!(code(220).category(), Some(Category::Connections));
        assert_eq!(code(421).class(), Class::TransientNegative);
        assert_eq!(code(530).category(), Some(Category::Authentication));
        assert_eq!(code(631).class(), Class::Protected);
        assert_eq!(code(299).category(), None);
        for class in Class::ALL {
            assert_eq!(code(u16::from(class.digit()) * 100).class(), class);
        }
        for category in Category::ALL {
            assert_eq!(Category::from_digit(category.digit()), Some(category));
        }
    }

    #[test]
    fn client_helpers_match_rfc_959_and_1123() {
        let code = |v| ReplyCode::new(v).unwrap();
        assert!(code(421).is_transient() && code(421).retry_may_help());
        assert!(code(421).closes_connection() && code(221).closes_connection());
        assert!(!code(220).closes_connection());
        assert!(code(530).is_permanent() && !code(530).retry_may_help());
        assert!(code(120).is_preliminary() && code(120).is_positive());
        assert!(!code(631).is_positive() && !code(631).is_transient());
    }
}
