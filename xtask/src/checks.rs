//! `cargo xtask test`: every check of the project, on a machine that gets
//! what the checks need by itself where it can, ending with a summary that
//! names every check that could not run and why.
//!
//! What did not run is collected from three places: what could not be
//! installed ([`ftpsim_peers::install`]), the tests that `cargo test`
//! reports as ignored with their reason (a peer test whose peer is missing,
//! see `ftpsim_peers::trials`, or a test ignored on purpose, such as the
//! large load test), and the browser step when there is no Chromium.

use std::io::{BufRead, BufReader};
use std::process::Command;

use ftpsim_peers::{Peer, install};

use crate::{browser_tests, cargo, docs, ensure_wasm_target, run as run_command, workspace_root};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Install nothing: run with what this machine already has.
    #[arg(long)]
    no_install: bool,
}

/// The peers the workspace's tests use.
const TEST_PEERS: [Peer; 10] = [
    Peer::Vsftpd,
    Peer::PureFtpd,
    Peer::Proftpd,
    Peer::Pyftpdlib,
    Peer::Curl,
    Peer::Python3,
    Peer::Wget,
    Peer::Lftp,
    Peer::Rclone,
    Peer::Filezilla,
];

/// Programs of the browser step and the Debian packages that ship them
/// (installed as root only): the browser and its driver, and npm, through
/// which the site build gets binaryen's `wasm-opt`.
const BROWSER_PACKAGES: [(&str, &str); 3] = [
    ("chromium", "chromium"),
    ("chromedriver", "chromium-driver"),
    ("npm", "npm"),
];

/// A test that `cargo test` reported as ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ignored {
    /// The test binary's source, as cargo names it (`tests/load.rs`).
    source: String,
    /// The test's name.
    name: String,
    /// Why, when the test said.
    reason: Option<String>,
}

#[derive(Debug, Default)]
struct Summary {
    installed: Vec<String>,
    not_installed: Vec<String>,
    ignored: Vec<Ignored>,
    skipped_steps: Vec<(String, String)>,
}

impl Summary {
    fn print(&self, failed: Option<&str>) {
        eprintln!("\n==> summary");
        for done in &self.installed {
            eprintln!("  installed: {done}");
        }
        for problem in &self.not_installed {
            eprintln!("  not installed: {problem}");
        }
        for (step, why) in &self.skipped_steps {
            eprintln!("  did not run: {step}: {why}");
        }
        for test in &self.ignored {
            let why = test.reason.as_deref().unwrap_or("ignored without a reason");
            eprintln!("  ignored: {} in {}: {why}", test.name, test.source);
        }
        let not_run = self.skipped_steps.len() + self.ignored.len();
        match failed {
            Some(step) => eprintln!("xtask: FAILED at {step}"),
            None if not_run == 0 => eprintln!("xtask: all checks passed, none left out"),
            None => eprintln!(
                "xtask: all checks that ran passed; {not_run} did not run here (listed above)"
            ),
        }
    }
}

pub fn run(args: &Args) -> Result<(), String> {
    let mut summary = Summary::default();
    let result = steps(args, &mut summary);
    summary.print(result.as_ref().err().map(String::as_str));
    result
}

fn steps(args: &Args, summary: &mut Summary) -> Result<(), String> {
    if !args.no_install {
        let packages: &[(&str, &str)] = if install::is_root() {
            &BROWSER_PACKAGES
        } else {
            &[]
        };
        let outcome = install::ensure(&TEST_PEERS, packages);
        summary.installed = outcome.done;
        summary.not_installed = outcome.problems;
    }
    let cargo = cargo();
    run_command(&cargo, &["fmt", "--all", "--check"])?;
    run_command(
        &cargo,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    summary.ignored = cargo_test(&cargo, &["test", "--workspace"])?;
    run_core_examples(&cargo)?;
    check_core_as_a_library(&cargo)?;
    docs::check()?;
    ensure_wasm_target()?;
    run_command(
        &cargo,
        &[
            "build",
            "-p",
            "ftpsim",
            "--no-default-features",
            "--target",
            "wasm32-unknown-unknown",
        ],
    )?;
    // Each of the playground's modules is the crate with one feature: code
    // that only another feature reaches must not warn there.
    for module in crate::site::MODULES {
        run_command(
            &cargo,
            &[
                "clippy",
                "-p",
                "ftpsim-web",
                "--lib",
                "--target",
                "wasm32-unknown-unknown",
                "--no-default-features",
                "--features",
                module.feature,
                "--",
                "-D",
                "warnings",
            ],
        )?;
    }
    if let browser_tests::Ran::Skipped(why) = browser_tests::run()? {
        summary
            .skipped_steps
            .push(("the browser tests".into(), why));
    }
    Ok(())
}

/// Runs every example of the core crate: each one checks what it shows, so
/// an example that no longer works fails the run.
fn run_core_examples(cargo: &str) -> Result<(), String> {
    let dir = workspace_root().join("crates/ftpsim/examples");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            if path.extension()? != "rs" {
                return None;
            }
            Some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    for name in &names {
        run_command(
            cargo,
            &["run", "--quiet", "-p", "ftpsim", "--example", name],
        )?;
    }
    Ok(())
}

/// The toolchain (`1.88.0`) for the `rust-version` that `manifest` declares,
/// installed with rustup when missing.
fn declared_toolchain(manifest: &std::path::Path) -> Result<String, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let version = text
        .lines()
        .find_map(|line| {
            let value = line.strip_prefix("rust-version")?.trim_start();
            Some(
                value
                    .strip_prefix('=')?
                    .trim()
                    .trim_matches('"')
                    .to_string(),
            )
        })
        .ok_or_else(|| format!("{} declares no rust-version", manifest.display()))?;
    let toolchain = format!("{version}.0");
    let installed = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|line| line.starts_with(&toolchain))
    {
        run_command(
            "rustup",
            &["toolchain", "install", &toolchain, "--profile", "minimal"],
        )?;
    }
    Ok(toolchain)
}

/// The core as other projects get it: it builds with the Rust version it
/// declares (installing that toolchain with rustup when missing), its docs
/// build without a warning or a broken link, and it packages cleanly. The
/// rest of the workspace is checked with the version it declares.
fn check_core_as_a_library(cargo: &str) -> Result<(), String> {
    let toolchain = declared_toolchain(&workspace_root().join("crates/ftpsim/Cargo.toml"))?;
    // Its own target directory: another compiler's artefacts would make the
    // main one rebuild everything. `rustup run`, because the `+toolchain`
    // shorthand works only through rustup's proxy, not the `cargo` that
    // runs xtask.
    let msrv_target = crate::target_dir().join("msrv");
    let msrv_target = msrv_target.to_string_lossy();
    for features in [&[][..], &["--no-default-features"][..]] {
        let mut args = vec!["run", toolchain.as_str(), "cargo", "build", "-p", "ftpsim"];
        args.extend(["--target-dir", &msrv_target]);
        args.extend_from_slice(features);
        run_command("rustup", &args)?;
    }
    // The other crates declare the workspace's version: they are checked
    // with it too, so that the number stays true.
    let workspace_toolchain = declared_toolchain(&workspace_root().join("Cargo.toml"))?;
    run_command(
        "rustup",
        &[
            "run",
            &workspace_toolchain,
            "cargo",
            "check",
            "--workspace",
            "--all-targets",
            "--target-dir",
            &msrv_target,
        ],
    )?;
    eprintln!("==> RUSTDOCFLAGS='-D warnings' {cargo} doc -p ftpsim --no-deps --all-features");
    let documented = Command::new(cargo)
        .args(["doc", "-p", "ftpsim", "--no-deps", "--all-features"])
        .env(
            "RUSTDOCFLAGS",
            "-D warnings -D rustdoc::broken_intra_doc_links",
        )
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo doc: {e}"))?;
    if !documented.success() {
        return Err(format!(
            "the core's documentation has warnings ({documented})"
        ));
    }
    // Packaging checks the manifest and builds the crate from its archive
    // alone; nothing is published. Uncommitted files are allowed so that
    // the check also runs on a working copy.
    run_command(cargo, &["package", "-p", "ftpsim", "--allow-dirty"])
}

/// Runs `cargo test ...`, echoing its output, and returns the tests it
/// reported as ignored.
fn cargo_test(cargo: &str, args: &[&str]) -> Result<Vec<Ignored>, String> {
    eprintln!("==> {cargo} {}", args.join(" "));
    // One pipe for both streams keeps cargo's `Running` lines (stderr) in
    // order with the test lines (stdout) they introduce.
    let (reader, writer) = std::io::pipe().map_err(|e| format!("cannot make a pipe: {e}"))?;
    let writer_err = writer
        .try_clone()
        .map_err(|e| format!("cannot share a pipe: {e}"))?;
    let mut command = Command::new(cargo);
    command
        .args(args)
        .current_dir(workspace_root())
        .stdout(writer)
        .stderr(writer_err);
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {cargo}: {e}"))?;
    // The parent's copies of the write ends must go, or the read below
    // never sees the end of the output.
    drop(command);
    let mut scanner = Scanner::default();
    for line in BufReader::new(reader).lines() {
        let line = line.map_err(|e| format!("cannot read cargo's output: {e}"))?;
        println!("{line}");
        scanner.line(&line);
    }
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for {cargo}: {e}"))?;
    if status.success() {
        Ok(scanner.ignored)
    } else {
        Err(format!("`{cargo} {}` failed ({status})", args.join(" ")))
    }
}

/// Reads libtest's (and libtest-mimic's) output line by line.
#[derive(Debug, Default)]
struct Scanner {
    source: String,
    ignored: Vec<Ignored>,
}

impl Scanner {
    fn line(&mut self, line: &str) {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("Running ") {
            // `Running unittests src/lib.rs (target/debug/deps/ftpsim-1f2e)`
            let rest = rest.strip_prefix("unittests ").unwrap_or(rest);
            let (source, binary) = rest.split_once(" (").unwrap_or((rest, ""));
            let binary = binary
                .trim_end_matches(')')
                .rsplit('/')
                .next()
                .unwrap_or("");
            let crate_name = binary.rsplit_once('-').map_or(binary, |(name, _)| name);
            self.source = if crate_name.is_empty() {
                source.to_string()
            } else {
                format!("{crate_name} ({source})")
            };
            return;
        }
        if let Some(rest) = trimmed.strip_prefix("Doc-tests ") {
            self.source = format!("{rest} (doc tests)");
            return;
        }
        let Some(test) = trimmed.strip_prefix("test ") else {
            return;
        };
        let Some((name, outcome)) = test.split_once(" ... ") else {
            return;
        };
        let Some(after) = outcome.strip_prefix("ignored") else {
            return;
        };
        // libtest writes `ignored, REASON`; libtest-mimic `ignored (REASON)`.
        let reason = after
            .strip_prefix(", ")
            .or_else(|| after.strip_prefix(" (").and_then(|r| r.strip_suffix(')')))
            .map(str::to_string);
        self.ignored.push(Ignored {
            source: self.source.clone(),
            name: name.trim().to_string(),
            reason,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_tests_are_found_with_their_reason_and_binary() {
        let mut scanner = Scanner::default();
        for line in [
            "     Running tests/load.rs (target/debug/deps/load-ff19f6ee41182222)",
            "test twenty_thousand_attempts_a_thousand_at_once ... ok",
            "test two_hundred_thousand_attempts ... ignored, large: run with --release",
            "     Running tests/differential.rs (target/debug/deps/differential-f5113320)",
            "test pure_ftpd_global_limit        ... ignored (pure-ftpd not found (somewhere))",
            "test vsftpd_global_limit           ... ok",
            "     Running unittests src/lib.rs (target/debug/deps/ftpsim_peers-161fdbd5)",
            "test trials::tests::plain ... ignored",
            "test result: ok. 4 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out",
        ] {
            scanner.line(line);
        }
        assert_eq!(
            scanner.ignored,
            [
                Ignored {
                    source: "load (tests/load.rs)".into(),
                    name: "two_hundred_thousand_attempts".into(),
                    reason: Some("large: run with --release".into()),
                },
                Ignored {
                    source: "differential (tests/differential.rs)".into(),
                    name: "pure_ftpd_global_limit".into(),
                    reason: Some("pure-ftpd not found (somewhere)".into()),
                },
                Ignored {
                    source: "ftpsim_peers (src/lib.rs)".into(),
                    name: "trials::tests::plain".into(),
                    reason: None,
                },
            ]
        );
    }
}
