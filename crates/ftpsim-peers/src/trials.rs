//! Tests that need real peers, honestly reported.
//!
//! The standard test harness can only pass or fail a test that finds its
//! peer missing at run time. A test file with `harness = false` that runs
//! its tests through [`run`] instead reports such a test as *ignored, with
//! the reason*, and under `CI=true` as failed: CI installs every peer, so a
//! missing one there is a broken machine, not a skip.
//!
//! ```no_run
//! use ftpsim_peers::{Peer, Skip, require, trials};
//!
//! fn curl_answers() -> Result<(), Skip> {
//!     let curl = require(Peer::Curl)?; // ignored here if curl is missing
//!     assert!(std::process::Command::new(curl).arg("--version").status().unwrap().success());
//!     Ok(())
//! }
//!
//! fn needs_nothing() {
//!     assert_eq!(1 + 1, 2);
//! }
//!
//! fn main() {
//!     ftpsim_peers::run(trials![curl_answers, needs_nothing]);
//! }
//! ```
//!
//! The output reads like the standard harness's (`cargo test` filters and
//! flags work too): `test curl_answers ... ignored (curl not found ...)`.

use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use crate::peer::{Missing, Peer};

/// Why a test did not run here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip(pub String);

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Missing> for Skip {
    fn from(missing: Missing) -> Skip {
        Skip(missing.to_string())
    }
}

/// Whether the tests run under CI (`CI=true`), where every peer must be
/// there.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Where `peer` is, or why it cannot be used ([`Peer::find`], asked once
/// per process).
pub fn require(peer: Peer) -> Result<PathBuf, Skip> {
    static FOUND: [OnceLock<Result<PathBuf, Missing>>; Peer::ALL.len()] =
        [const { OnceLock::new() }; Peer::ALL.len()];
    let index = Peer::ALL
        .iter()
        .position(|&p| p == peer)
        .expect("Peer::ALL lists every peer");
    FOUND[index]
        .get_or_init(|| peer.find())
        .clone()
        .map_err(Skip::from)
}

/// What a test body may return: nothing (it ran, or it panicked), or
/// whether it could run.
pub trait Outcome {
    fn into_result(self) -> Result<(), Skip>;
}

impl Outcome for () {
    fn into_result(self) -> Result<(), Skip> {
        Ok(())
    }
}

impl Outcome for Result<(), Skip> {
    fn into_result(self) -> Result<(), Skip> {
        self
    }
}

/// A test named `name`. A panic fails it; a [`Skip`] makes it ignored with
/// the reason, or failed under CI.
pub fn trial<T: Outcome>(name: &str, body: impl FnOnce() -> T + Send + 'static) -> Trial {
    Trial::ignorable_test(name, move || settle(body().into_result(), under_ci()))
}

fn settle(result: Result<(), Skip>, ci: bool) -> Result<Completion, Failed> {
    match result {
        Ok(()) => Ok(Completion::Completed),
        Err(skip) if ci => Err(Failed::from(format!(
            "{skip} (CI=true: every peer must be installed)"
        ))),
        Err(skip) => Ok(Completion::ignored_with(skip)),
    }
}

/// Builds the trials of the named test functions, each named after its
/// function: `trials![first_test, second_test]`.
#[macro_export]
macro_rules! trials {
    ($($test:path),* $(,)?) => {
        vec![$($crate::trial(stringify!($test), $test)),*]
    };
}

/// Runs `trials` with the test binary's command-line arguments (filters,
/// `--ignored`, `--test-threads`, ...) and exits with libtest's status.
pub fn run(trials: Vec<Trial>) -> ! {
    libtest_mimic::run(&Arguments::from_args(), trials).exit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skip_is_ignored_with_its_reason_outside_ci() {
        let outcome = settle(Err(Skip("curl not found".into())), false);
        match outcome {
            Ok(Completion::Ignored { reason }) => {
                assert_eq!(reason.as_deref(), Some("curl not found"));
            }
            _ => panic!("a skip outside CI must be ignored"),
        }
    }

    #[test]
    fn a_skip_fails_under_ci() {
        let Err(failed) = settle(Err(Skip("curl not found".into())), true) else {
            panic!("a skip under CI must fail");
        };
        let message = failed.message().unwrap_or_default();
        assert!(message.contains("curl not found"), "{message}");
        assert!(message.contains("CI=true"), "{message}");
    }

    #[test]
    fn a_test_that_ran_is_completed() {
        assert!(matches!(settle(Ok(()), true), Ok(Completion::Completed)));
    }

    #[test]
    fn the_macro_names_trials_after_their_functions() {
        fn first() {}
        fn second() -> Result<(), Skip> {
            Ok(())
        }
        let names: Vec<String> = trials![first, second]
            .iter()
            .map(|t| t.name().to_string())
            .collect();
        assert_eq!(names, ["first", "second"]);
    }
}
