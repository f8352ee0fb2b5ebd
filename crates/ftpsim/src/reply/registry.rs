//! Every reply code the FTP RFCs define, with its canonical text and source.
//!
//! One number can carry two meanings: 521 and 522 mean one thing in RFC 1639
//! or RFC 2428 and another in RFC 4217 (FTP over TLS). Both are kept, each
//! with its RFC, so a lookup by number returns a slice.

use super::ReplyCode;

/// One reply code as an RFC defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: ReplyCode,
    /// The number of the RFC that defines this meaning of the code.
    pub rfc: u16,
    /// The section of that RFC.
    pub section: &'static str,
    /// The RFC's own text for the reply, or, where the RFC fixes no text,
    /// what it says the reply means.
    pub text: &'static str,
    /// Whether the RFC gives `text` as the reply's wording (false where it
    /// only describes the meaning, e.g. 522 or the 63z protected replies).
    pub fixed_text: bool,
}

impl CodeInfo {
    /// `"RFC 959 §4.2.2"`.
    pub fn citation(&self) -> alloc::string::String {
        alloc::format!("RFC {} §{}", self.rfc, self.section)
    }
}

const fn entry(
    code: u16,
    rfc: u16,
    section: &'static str,
    text: &'static str,
    fixed_text: bool,
) -> CodeInfo {
    let code = match ReplyCode::new(code) {
        Ok(code) => code,
        Err(_) => panic!("registry holds an invalid code"),
    };
    CodeInfo {
        code,
        rfc,
        section,
        text,
        fixed_text,
    }
}

/// The RFCs the registry covers, oldest first.
pub const RFCS: [u16; 6] = [959, 1123, 1639, 2228, 2428, 4217];

/// All entries, sorted by code and then by RFC number.
pub static ALL: &[CodeInfo] = &[
    entry(
        110,
        959,
        "4.2.2",
        "Restart marker reply. In this case, the text is exact and not left to the particular implementation; it must read: MARK yyyy = mmmm",
        true,
    ),
    entry(120, 959, "4.2.2", "Service ready in nnn minutes.", true),
    entry(
        125,
        959,
        "4.2.2",
        "Data connection already open; transfer starting.",
        true,
    ),
    entry(
        150,
        959,
        "4.2.2",
        "File status okay; about to open data connection.",
        true,
    ),
    entry(200, 959, "4.2.2", "Command okay.", true),
    entry(
        202,
        959,
        "4.2.2",
        "Command not implemented, superfluous at this site.",
        true,
    ),
    entry(
        211,
        959,
        "4.2.2",
        "System status, or system help reply.",
        true,
    ),
    entry(212, 959, "4.2.2", "Directory status.", true),
    entry(213, 959, "4.2.2", "File status.", true),
    entry(214, 959, "4.2.2", "Help message.", true),
    entry(215, 959, "4.2.2", "NAME system type.", true),
    entry(220, 959, "4.2.2", "Service ready for new user.", true),
    entry(
        221,
        959,
        "4.2.2",
        "Service closing control connection. Logged out if appropriate.",
        true,
    ),
    entry(
        225,
        959,
        "4.2.2",
        "Data connection open; no transfer in progress.",
        true,
    ),
    entry(
        226,
        959,
        "4.2.2",
        "Closing data connection. Requested file action successful (for example, file transfer or file abort).",
        true,
    ),
    entry(
        227,
        959,
        "4.2.2",
        "Entering Passive Mode (h1,h2,h3,h4,p1,p2).",
        true,
    ),
    entry(
        228,
        1639,
        "3",
        "Entering Long Passive Mode (af, hal, h1, h2, h3,..., pal, p1, p2...)",
        true,
    ),
    entry(
        229,
        2428,
        "3",
        "Entering Extended Passive Mode (|||<tcp-port>|)",
        true,
    ),
    entry(230, 959, "4.2.2", "User logged in, proceed.", true),
    entry(
        232,
        2228,
        "5.1",
        "User logged in, authorized by security data exchange.",
        true,
    ),
    entry(234, 2228, "5.1", "Security data exchange complete.", true),
    entry(235, 2228, "5.1", "[ADAT=base64data]", true),
    entry(
        250,
        959,
        "4.2.2",
        "Requested file action okay, completed.",
        true,
    ),
    entry(257, 959, "4.2.2", "\"PATHNAME\" created.", true),
    entry(331, 959, "4.2.2", "User name okay, need password.", true),
    entry(332, 959, "4.2.2", "Need account for login.", true),
    entry(334, 2228, "5.1", "[ADAT=base64data]", true),
    entry(335, 2228, "5.1", "[ADAT=base64data]", true),
    entry(
        336,
        2228,
        "5.1",
        "Username okay, need password.  Challenge is \"....\"",
        true,
    ),
    entry(
        350,
        959,
        "4.2.2",
        "Requested file action pending further information.",
        true,
    ),
    entry(
        421,
        959,
        "4.2.2",
        "Service not available, closing control connection.",
        true,
    ),
    entry(425, 959, "4.2.2", "Can't open data connection.", true),
    entry(
        426,
        959,
        "4.2.2",
        "Connection closed; transfer aborted.",
        true,
    ),
    entry(
        431,
        2228,
        "5.1",
        "Need some unavailable resource to process security.",
        true,
    ),
    entry(
        450,
        959,
        "4.2.2",
        "Requested file action not taken. File unavailable (e.g., file busy).",
        true,
    ),
    entry(
        451,
        959,
        "4.2.2",
        "Requested action aborted: local error in processing.",
        true,
    ),
    entry(
        452,
        959,
        "4.2.2",
        "Requested action not taken. Insufficient storage space in system.",
        true,
    ),
    entry(
        500,
        959,
        "4.2.2",
        "Syntax error, command unrecognized.",
        true,
    ),
    entry(
        501,
        959,
        "4.2.2",
        "Syntax error in parameters or arguments.",
        true,
    ),
    entry(502, 959, "4.2.2", "Command not implemented.", true),
    entry(503, 959, "4.2.2", "Bad sequence of commands.", true),
    entry(
        504,
        959,
        "4.2.2",
        "Command not implemented for that parameter.",
        true,
    ),
    entry(
        521,
        1639,
        "4",
        "Supported address families are (af1, af2, ..., afn)",
        true,
    ),
    entry(
        521,
        4217,
        "10.2",
        "data connection cannot be opened with this PROT setting",
        true,
    ),
    entry(
        522,
        2428,
        "2",
        "Extended Port Failure - unknown network protocol; text MUST end with (prot1,prot2,...,protn)",
        false,
    ),
    entry(
        522,
        4217,
        "10.2",
        "TLS negotiation on the data connection failed or was unacceptable",
        false,
    ),
    entry(530, 959, "4.2.2", "Not logged in.", true),
    entry(532, 959, "4.2.2", "Need account for storing files.", true),
    entry(
        533,
        2228,
        "5.1",
        "Command protection level denied for policy reasons.",
        true,
    ),
    entry(534, 2228, "5.1", "Request denied for policy reasons.", true),
    entry(
        535,
        2228,
        "5.1",
        "Failed security check (hash, sequence, etc).",
        true,
    ),
    entry(
        536,
        2228,
        "5.1",
        "Requested PROT level not supported by mechanism.",
        true,
    ),
    entry(
        537,
        2228,
        "5.1",
        "Command protection level not supported by security mechanism.",
        true,
    ),
    entry(
        550,
        959,
        "4.2.2",
        "Requested action not taken. File unavailable (e.g., file not found, no access).",
        true,
    ),
    entry(
        551,
        959,
        "4.2.2",
        "Requested action aborted: page type unknown.",
        true,
    ),
    entry(
        552,
        959,
        "4.2.2",
        "Requested file action aborted. Exceeded storage allocation (for current directory or dataset).",
        true,
    ),
    entry(
        553,
        959,
        "4.2.2",
        "Requested action not taken. File name not allowed.",
        true,
    ),
    entry(
        554,
        1123,
        "4.1.3.4",
        "Requested action not taken: invalid REST parameter.",
        true,
    ),
    entry(
        555,
        1123,
        "4.1.3.4",
        "Requested action not taken: type or stru mismatch.",
        true,
    ),
    entry(
        631,
        2228,
        "5.2",
        "integrity protected reply; text is base64 \"safe\" message",
        false,
    ),
    entry(
        632,
        2228,
        "5.2",
        "confidentiality and integrity protected reply; text is base64 \"private\" message",
        false,
    ),
    entry(
        633,
        2228,
        "5.2",
        "confidentiality protected reply; text is base64 \"confidential\" message",
        false,
    ),
];

/// Every meaning of `code`, oldest RFC first; empty when no RFC defines it.
pub fn lookup(code: ReplyCode) -> &'static [CodeInfo] {
    let start = ALL.partition_point(|info| info.code < code);
    let end = ALL.partition_point(|info| info.code <= code);
    &ALL[start..end]
}

/// The first RFC's meaning of `code`, if any RFC defines it.
pub fn primary(code: ReplyCode) -> Option<&'static CodeInfo> {
    lookup(code).first()
}

/// The meaning of `code` in one RFC.
pub fn lookup_in(code: ReplyCode, rfc: u16) -> Option<&'static CodeInfo> {
    lookup(code).iter().find(|info| info.rfc == rfc)
}

/// The distinct codes of the registry, in order.
pub fn codes() -> impl Iterator<Item = ReplyCode> {
    ALL.iter()
        .enumerate()
        .filter(|(i, info)| *i == 0 || ALL[i - 1].code != info.code)
        .map(|(_, info)| info.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(value: u16) -> ReplyCode {
        ReplyCode::new(value).unwrap()
    }

    #[test]
    fn entries_are_sorted_unique_and_from_known_rfcs() {
        for pair in ALL.windows(2) {
            assert!(
                (pair[0].code, pair[0].rfc) < (pair[1].code, pair[1].rfc),
                "{:?} then {:?}",
                pair[0],
                pair[1]
            );
        }
        for info in ALL {
            assert!(RFCS.contains(&info.rfc), "{info:?}");
            assert!(!info.text.is_empty() && !info.section.is_empty());
        }
    }

    #[test]
    fn matches_the_rfc_code_lists() {
        let rfc959 = ALL.iter().filter(|i| i.rfc == 959).count();
        assert_eq!(rfc959, 39, "RFC 959 §4.2.2 lists 39 codes");
        assert_eq!(ALL.len(), 62);
        assert_eq!(codes().count(), 60);
        for (value, rfc) in [
            (554, 1123),
            (555, 1123),
            (228, 1639),
            (229, 2428),
            (631, 2228),
        ] {
            assert!(
                lookup_in(code(value), rfc).is_some(),
                "{value} in RFC {rfc}"
            );
        }
    }

    #[test]
    fn numbers_with_two_meanings_keep_both() {
        let rfcs = |v| {
            lookup(code(v))
                .iter()
                .map(|i| i.rfc)
                .collect::<alloc::vec::Vec<_>>()
        };
        assert_eq!(rfcs(521), [1639, 4217]);
        assert_eq!(rfcs(522), [2428, 4217]);
        assert_eq!(rfcs(220), [959]);
        assert!(lookup(code(299)).is_empty());
        assert!(primary(code(699)).is_none());
    }

    #[test]
    fn greeting_and_refusal_texts_are_the_rfc_ones() {
        assert_eq!(
            primary(code(220)).unwrap().text,
            "Service ready for new user."
        );
        assert_eq!(
            primary(code(421)).unwrap().text,
            "Service not available, closing control connection."
        );
        assert_eq!(primary(code(421)).unwrap().citation(), "RFC 959 §4.2.2");
    }
}
