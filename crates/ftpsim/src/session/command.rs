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
    /// A command about files, directories or data connections, carried out
    /// when the session serves a tree.
    Data(DataVerb),
    /// A valid FTP command this session does not implement (ACCT, SITE, …).
    NotImplemented,
    /// Anything else, including verbs that are not ASCII letters.
    Unknown,
}

/// The commands about files and data connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DataVerb {
    Pasv,
    Epsv,
    Port,
    Eprt,
    List,
    Nlst,
    Mlsd,
    Mlst,
    Retr,
    Stor,
    Appe,
    Stou,
    Size,
    Mdtm,
    Cwd,
    Cdup,
    Mkd,
    Rmd,
    Dele,
    Rnfr,
    Rnto,
    Stat,
    Allo,
    Rest,
    Abor,
    Mode,
    Stru,
}

impl DataVerb {
    /// Whether the command moves bytes over a data connection.
    pub fn is_transfer(self) -> bool {
        use DataVerb::*;
        matches!(self, List | Nlst | Mlsd | Retr | Stor | Appe | Stou)
    }
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
    (b"RETR", Verb::Data(DataVerb::Retr)),
    (b"STOR", Verb::Data(DataVerb::Stor)),
    (b"STOU", Verb::Data(DataVerb::Stou)),
    (b"APPE", Verb::Data(DataVerb::Appe)),
    (b"LIST", Verb::Data(DataVerb::List)),
    (b"NLST", Verb::Data(DataVerb::Nlst)),
    (b"MLSD", Verb::Data(DataVerb::Mlsd)),
    (b"MLST", Verb::Data(DataVerb::Mlst)),
    (b"PASV", Verb::Data(DataVerb::Pasv)),
    (b"EPSV", Verb::Data(DataVerb::Epsv)),
    (b"PORT", Verb::Data(DataVerb::Port)),
    (b"EPRT", Verb::Data(DataVerb::Eprt)),
    (b"LPSV", Verb::NotImplemented),
    (b"LPRT", Verb::NotImplemented),
    (b"ACCT", Verb::NotImplemented),
    (b"CWD", Verb::Data(DataVerb::Cwd)),
    (b"XCWD", Verb::Data(DataVerb::Cwd)),
    (b"CDUP", Verb::Data(DataVerb::Cdup)),
    (b"XCUP", Verb::Data(DataVerb::Cdup)),
    (b"SMNT", Verb::NotImplemented),
    (b"REIN", Verb::NotImplemented),
    (b"STRU", Verb::Data(DataVerb::Stru)),
    (b"MODE", Verb::Data(DataVerb::Mode)),
    (b"ALLO", Verb::Data(DataVerb::Allo)),
    (b"REST", Verb::Data(DataVerb::Rest)),
    (b"RNFR", Verb::Data(DataVerb::Rnfr)),
    (b"RNTO", Verb::Data(DataVerb::Rnto)),
    (b"ABOR", Verb::Data(DataVerb::Abor)),
    (b"DELE", Verb::Data(DataVerb::Dele)),
    (b"RMD", Verb::Data(DataVerb::Rmd)),
    (b"XRMD", Verb::Data(DataVerb::Rmd)),
    (b"MKD", Verb::Data(DataVerb::Mkd)),
    (b"XMKD", Verb::Data(DataVerb::Mkd)),
    (b"SITE", Verb::NotImplemented),
    (b"STAT", Verb::Data(DataVerb::Stat)),
    (b"SIZE", Verb::Data(DataVerb::Size)),
    (b"MDTM", Verb::Data(DataVerb::Mdtm)),
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
