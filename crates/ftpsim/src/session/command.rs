//! A command line as the session sees it: a verb and its argument.

/// The commands this session tells apart. Matching is case-insensitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verb {
    User,
    Pass,
    Quit,
    Noop,
    Syst,
    Feat,
    Help,
    Opts,
    Type,
    Pwd,
    /// RETR, STOR, LIST and the other commands that move data.
    Transfer,
    /// PASV, EPSV, PORT, EPRT: setting up a data connection, which this
    /// session never does.
    DataSetup,
    /// A valid FTP command this session does not implement (CWD, MKD, …).
    NotImplemented,
    /// Anything else, including verbs that are not ASCII letters.
    Unknown,
}

/// A parsed command line; borrows the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Command<'a> {
    pub verb: Verb,
    /// The verb as sent (at most [`MAX_VERB`] bytes are kept for echoing).
    pub verb_text: &'a [u8],
    /// Everything after the first space; empty when there is none.
    pub arg: &'a [u8],
}

/// Longer verbs are cut when echoed back ("500 XYZ not understood").
pub(crate) const MAX_VERB: usize = 16;

const TABLE: &[(&[u8], Verb)] = &[
    (b"USER", Verb::User),
    (b"PASS", Verb::Pass),
    (b"QUIT", Verb::Quit),
    (b"NOOP", Verb::Noop),
    (b"SYST", Verb::Syst),
    (b"FEAT", Verb::Feat),
    (b"HELP", Verb::Help),
    (b"OPTS", Verb::Opts),
    (b"TYPE", Verb::Type),
    (b"PWD", Verb::Pwd),
    (b"XPWD", Verb::Pwd),
    (b"RETR", Verb::Transfer),
    (b"STOR", Verb::Transfer),
    (b"STOU", Verb::Transfer),
    (b"APPE", Verb::Transfer),
    (b"LIST", Verb::Transfer),
    (b"NLST", Verb::Transfer),
    (b"MLSD", Verb::Transfer),
    (b"PASV", Verb::DataSetup),
    (b"EPSV", Verb::DataSetup),
    (b"PORT", Verb::DataSetup),
    (b"EPRT", Verb::DataSetup),
    (b"LPSV", Verb::DataSetup),
    (b"LPRT", Verb::DataSetup),
    (b"ACCT", Verb::NotImplemented),
    (b"CWD", Verb::NotImplemented),
    (b"XCWD", Verb::NotImplemented),
    (b"CDUP", Verb::NotImplemented),
    (b"XCUP", Verb::NotImplemented),
    (b"SMNT", Verb::NotImplemented),
    (b"REIN", Verb::NotImplemented),
    (b"STRU", Verb::NotImplemented),
    (b"MODE", Verb::NotImplemented),
    (b"ALLO", Verb::NotImplemented),
    (b"REST", Verb::NotImplemented),
    (b"RNFR", Verb::NotImplemented),
    (b"RNTO", Verb::NotImplemented),
    (b"ABOR", Verb::NotImplemented),
    (b"DELE", Verb::NotImplemented),
    (b"RMD", Verb::NotImplemented),
    (b"XRMD", Verb::NotImplemented),
    (b"MKD", Verb::NotImplemented),
    (b"XMKD", Verb::NotImplemented),
    (b"SITE", Verb::NotImplemented),
    (b"STAT", Verb::NotImplemented),
    (b"SIZE", Verb::NotImplemented),
    (b"MDTM", Verb::NotImplemented),
    (b"MLST", Verb::NotImplemented),
    (b"AUTH", Verb::NotImplemented),
    (b"PBSZ", Verb::NotImplemented),
    (b"PROT", Verb::NotImplemented),
    (b"CCC", Verb::NotImplemented),
    (b"LANG", Verb::NotImplemented),
    (b"CLNT", Verb::NotImplemented),
    (b"HOST", Verb::NotImplemented),
];

impl<'a> Command<'a> {
    /// Splits a line (without its line end) at the first space.
    pub fn parse(line: &'a [u8]) -> Command<'a> {
        let (verb_text, arg) = match line.iter().position(|&b| b == b' ') {
            Some(at) => (&line[..at], &line[at + 1..]),
            None => (line, &line[line.len()..]),
        };
        let verb = TABLE
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(verb_text))
            .map_or(Verb::Unknown, |&(_, verb)| verb);
        Command {
            verb,
            verb_text: &verb_text[..verb_text.len().min(MAX_VERB)],
            arg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_case_insensitive() {
        let command = Command::parse(b"uSeR alice smith");
        assert_eq!(command.verb, Verb::User);
        assert_eq!(command.verb_text, b"uSeR");
        assert_eq!(command.arg, b"alice smith");
        assert_eq!(Command::parse(b"pwd").verb, Verb::Pwd);
        assert_eq!(Command::parse(b"PASS ").arg, b"");
        assert_eq!(Command::parse(b"").verb, Verb::Unknown);
    }

    #[test]
    fn non_ascii_and_long_verbs_are_unknown() {
        assert_eq!(Command::parse(b"\xFFUSER x").verb, Verb::Unknown);
        assert_eq!(Command::parse("ÜSER x".as_bytes()).verb, Verb::Unknown);
        let long = Command::parse(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        assert_eq!(long.verb, Verb::Unknown);
        assert_eq!(long.verb_text.len(), MAX_VERB);
    }
}
