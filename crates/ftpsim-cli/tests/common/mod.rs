//! Helpers shared by the integration tests that run the built `ftpsim`
//! binary with arguments only (no standard input).

use std::process::{Command, Output};

/// Runs `ftpsim` with `args` and waits for it.
pub fn ftpsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ftpsim"))
        .args(args)
        .output()
        .expect("the ftpsim binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}
