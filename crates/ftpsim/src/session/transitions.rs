//! Every rule of the session's state machine, in one place.
//!
//! Two tables, in the spirit of h11's `_state.py`:
//! - [`action`]: what a command means in each phase (answer it, log in,
//!   refuse it for lack of a login, …);
//! - [`next`]: which phase follows each event.
//!
//! The session (`mod.rs`) performs the effects (checks passwords, asks the
//! gate, writes replies) and reports the resulting event here; it never
//! changes phase on its own. Nothing in this file knows about bytes, texts
//! or presets beyond the one flag that changes the table
//! (`housekeeping_before_login`).

use super::command::{DataVerb, Verb};

/// Where a session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Phase {
    /// Told `120`, waiting for the warm-up to end before the 220.
    WarmingUp,
    /// Greeted; waiting for USER.
    NeedUser,
    /// USER accepted; waiting for PASS.
    NeedPass,
    LoggedIn,
    /// The connection is closed (or closing); input is ignored.
    Closed,
}

/// What to do with a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Closed: ignore it.
    Ignore,
    /// 221 and close.
    Quit,
    /// Before the 220: wait (503).
    NotYet,
    /// Take the user name.
    User,
    /// Check the password.
    Pass,
    /// PASS with no USER before it.
    PassWithoutUser,
    /// USER or PASS while logged in (503).
    AlreadyLoggedIn,
    /// The command needs a login (530).
    NeedLogin,
    Noop,
    Syst,
    Feat,
    Help,
    Opts,
    Type,
    Pwd,
    /// A command about files or data connections.
    Data(DataVerb),
    /// 502.
    NotImplemented,
    /// 500.
    Unknown,
}

/// The command table: what `verb` means in `phase`.
pub(crate) fn action(phase: Phase, verb: Verb, housekeeping_before_login: bool) -> Action {
    use Phase::*;
    match (phase, verb) {
        (Closed, _) => Action::Ignore,
        (_, Verb::Quit) => Action::Quit,
        (WarmingUp, _) => Action::NotYet,

        (NeedUser | NeedPass, Verb::User) => Action::User,
        (NeedUser, Verb::Pass) => Action::PassWithoutUser,
        (NeedPass, Verb::Pass) => Action::Pass,
        (LoggedIn, Verb::User | Verb::Pass) => Action::AlreadyLoggedIn,

        // FEAT is for clients deciding how to log in: always answered.
        (_, Verb::Feat) => Action::Feat,

        (
            NeedUser | NeedPass,
            Verb::Noop | Verb::Syst | Verb::Help | Verb::Opts | Verb::Unknown,
        ) if !housekeeping_before_login => Action::NeedLogin,
        (NeedUser | NeedPass, Verb::Type | Verb::Pwd) => Action::NeedLogin,
        (NeedUser | NeedPass, Verb::Data(_) | Verb::NotImplemented) => Action::NeedLogin,

        (_, Verb::Noop) => Action::Noop,
        (_, Verb::Syst) => Action::Syst,
        (_, Verb::Help) => Action::Help,
        (_, Verb::Opts) => Action::Opts,
        (_, Verb::Unknown) => Action::Unknown,
        (LoggedIn, Verb::Type) => Action::Type,
        (LoggedIn, Verb::Pwd) => Action::Pwd,
        (LoggedIn, Verb::Data(verb)) => Action::Data(verb),
        (LoggedIn, Verb::NotImplemented) => Action::NotImplemented,
    }
}

/// Something that happened to the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// The 220 was sent.
    Greeted,
    /// USER named someone who must now give a password.
    UserAccepted,
    /// Logged in (at PASS, or at USER for a preset that logs anonymous
    /// users in straight away).
    LoggedIn,
    /// A wrong password; the client starts again with USER.
    PasswordRejected,
    /// The connection ends, for whatever reason.
    Closed,
}

/// The phase table: which phase follows `event` in `phase`. Events that make
/// no sense in a phase leave it unchanged.
pub(crate) fn next(phase: Phase, event: Event) -> Phase {
    use Phase::*;
    match (phase, event) {
        (_, Event::Closed) | (Closed, _) => Closed,
        (WarmingUp, Event::Greeted) => NeedUser,
        (NeedUser | NeedPass, Event::UserAccepted) => NeedPass,
        (NeedUser | NeedPass, Event::LoggedIn) => LoggedIn,
        (NeedPass, Event::PasswordRejected) => NeedUser,
        (phase, _) => phase,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHASES: [Phase; 5] = [
        Phase::WarmingUp,
        Phase::NeedUser,
        Phase::NeedPass,
        Phase::LoggedIn,
        Phase::Closed,
    ];

    #[test]
    fn closed_is_final_and_quit_always_works() {
        for phase in PHASES {
            assert_eq!(next(phase, Event::Closed), Phase::Closed);
            assert_eq!(next(Phase::Closed, Event::LoggedIn), Phase::Closed);
            if phase != Phase::Closed {
                assert_eq!(action(phase, Verb::Quit, false), Action::Quit);
            }
        }
    }

    #[test]
    fn nothing_but_login_commands_before_login() {
        for verb in [
            Verb::Type,
            Verb::Pwd,
            Verb::Data(DataVerb::Retr),
            Verb::Data(DataVerb::Pasv),
            Verb::NotImplemented,
        ] {
            for phase in [Phase::NeedUser, Phase::NeedPass] {
                assert_eq!(action(phase, verb, true), Action::NeedLogin, "{verb:?}");
            }
        }
        assert_eq!(action(Phase::NeedUser, Verb::Syst, true), Action::Syst);
        assert_eq!(
            action(Phase::NeedUser, Verb::Syst, false),
            Action::NeedLogin
        );
        assert_eq!(
            action(Phase::NeedUser, Verb::Unknown, false),
            Action::NeedLogin
        );
        assert_eq!(action(Phase::NeedUser, Verb::Feat, false), Action::Feat);
    }

    #[test]
    fn login_sequence() {
        assert_eq!(
            action(Phase::NeedUser, Verb::Pass, true),
            Action::PassWithoutUser
        );
        let phase = next(Phase::NeedUser, Event::UserAccepted);
        assert_eq!(phase, Phase::NeedPass);
        assert_eq!(next(phase, Event::PasswordRejected), Phase::NeedUser);
        assert_eq!(next(phase, Event::LoggedIn), Phase::LoggedIn);
        assert_eq!(
            action(Phase::LoggedIn, Verb::User, true),
            Action::AlreadyLoggedIn
        );
        assert_eq!(next(Phase::WarmingUp, Event::LoggedIn), Phase::WarmingUp);
    }
}
