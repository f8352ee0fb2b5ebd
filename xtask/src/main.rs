//! `cargo xtask`: the project's own automation. `cargo xtask --help` lists
//! the tasks; each task's `--help` says what it does in full.

mod bench;
mod browser;
mod browser_tests;
mod checks;
mod docs;
mod serve;
mod site;
mod webdriver;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Parser, Subcommand};

/// The project's automation: build, serve, test, document and measure
/// ftpsim.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Everything that proves the project works.
    ///
    /// Installs what the checks need where it can (as root: vsftpd, curl,
    /// python3, Chromium and chromedriver with apt-get, Pure-FTPd unpacked
    /// into target/peers; otherwise vsftpd and Pure-FTPd unpacked there),
    /// then runs `cargo fmt --check`, clippy with `-D warnings`, every
    /// test of the workspace, `docs --check`, the no_std build of the core
    /// for wasm32, and the playground in headless Chromium. It ends with a
    /// summary naming every check that could not run here, and why. Under
    /// CI=true a missing peer or browser fails instead.
    Test(checks::Args),
    /// Build the playground and serve it on 127.0.0.1.
    Serve {
        /// The port to listen on.
        #[arg(long, short, default_value_t = serve::DEFAULT_PORT)]
        port: u16,
    },
    /// Build the playground into target/site (static, works offline).
    Site,
    /// Regenerate docs/reference from the registry, or check the docs.
    Docs(docs::Args),
    /// Only the last step of `test`: the playground in headless Chromium.
    TestBrowser,
    /// Measure the playground: download size, time to first render,
    /// re-runs, simulation speed in the browser against native; a whole
    /// pass writes its section of docs/BENCHMARKS.md.
    BenchWeb {
        /// Only the download size and the first render (no re-runs, no
        /// speed comparison, which builds the native CLI).
        #[arg(long)]
        start_only: bool,
    },
    /// Only the transfer benchmarks of `bench`: a large RETR from ftpsim
    /// and vsftpd with curl, and 1,000 paced transfers at once; updates
    /// their section of docs/BENCHMARKS.md.
    BenchTransfers {
        /// 256 MiB instead of 1 GiB, one round, 100 paced transfers;
        /// printed only.
        #[arg(long)]
        quick: bool,
    },
    /// Only the driver benchmarks of `bench`: `ftpsim drive`'s lateness at
    /// 1,000 arrivals a second and its memory holding 5,000 sessions;
    /// updates their section of docs/BENCHMARKS.md.
    BenchDriver {
        /// Shorter runs (3 s of arrivals, sessions held 10 s), printed only.
        #[arg(long)]
        quick: bool,
    },
    /// Every speed figure next to its peer; writes docs/BENCHMARKS.md.
    ///
    /// Criterion benchmarks of the core, the simulator against SimPy and
    /// Ciw, `ftpsim serve` against vsftpd and Pure-FTPd driven by
    /// ftpsim-load, and WASM against native.
    Bench {
        /// A short pass: criterion's --quick, fewer arrivals and attempts,
        /// one round, no WASM.
        #[arg(long)]
        quick: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Test(args) => checks::run(&args),
        Task::Site => site::build().map(|_| ()),
        Task::TestBrowser => browser_tests::run().map(|ran| {
            if let browser_tests::Ran::Skipped(why) = ran {
                eprintln!("xtask: the browser tests did not run: {why}");
            }
        }),
        Task::Serve { port } => site::build().and_then(|site| serve::serve_forever(&site, port)),
        Task::BenchWeb { start_only } => bench::run_web(start_only),
        Task::BenchTransfers { quick } => bench::run_transfers(quick),
        Task::BenchDriver { quick } => bench::run_driver(quick),
        Task::Bench { quick } => bench::run(quick),
        Task::Docs(args) => docs::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The workspace's target directory (honours `CARGO_TARGET_DIR`).
fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// Runs `program args`, echoing it first; fails with the command line.
fn run(program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("==> {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run("rustup", &["target", "add", "wasm32-unknown-unknown"])
}
