//! `cargo xtask`: the project's own automation.
//!
//! - `cargo xtask serve [--port P]`: build the playground and serve it.
//! - `cargo xtask site`: build the playground into `target/site`.
//! - `cargo xtask test`: everything that proves the project works.
//! - `cargo xtask docs [--check | --bless | --html DIR]`: the reference pages
//!   and guides under docs/.
//! - `cargo xtask bench-web`: the playground's size, start-up and speed.
//! - `cargo xtask bench [--quick]`: every speed figure next to its peer;
//!   writes docs/BENCHMARKS.md.

mod bench;
mod bench_web;
mod browser;
mod browser_tests;
mod docs;
mod serve;
mod site;
mod webdriver;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("site") => site::build().map(|_| ()),
        Some("test-browser") => browser_tests::run(),
        Some("serve") => serve_command(&args[1..]),
        Some("bench-web") => bench_web::run().map(|_| ()),
        Some("bench") => bench::run(&args[1..]),
        Some("docs") => docs::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print_help();
            Ok(())
        }
        Some(other) => Err(format!("unknown task {other:?}; run `cargo xtask help`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn print_help() {
    println!(
        "cargo xtask TASK\n\n\
         Tasks:\n  \
         serve [--port P]  build the playground and serve it on 127.0.0.1 (port {})\n  \
         site              build the playground into target/site (static, works offline)\n  \
         test              format check, clippy, every test, the no_std build of the core,\n                    \
         and the playground in headless Chromium\n  \
         docs              regenerate docs/reference from the registry (--check: verify it,\n                    \
         the links and every command a guide shows; --html DIR: the HTML pages)\n  \
         test-browser      only the last step: the playground in headless Chromium\n  \
         bench-web         measure the playground: download size, time to first render,\n                    \
         simulation speed in the browser against native\n  \
         bench [--quick]   criterion benchmarks, the simulator against SimPy and Ciw, the\n                    \
         server against vsftpd and Pure-FTPd, WASM against native; writes\n                    \
         docs/BENCHMARKS.md (--quick: a short pass, no WASM)",
        serve::DEFAULT_PORT
    );
}

fn serve_command(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => serve::DEFAULT_PORT,
        [flag, value] if flag == "--port" || flag == "-p" => value
            .parse::<u16>()
            .map_err(|_| format!("--port wants a number from 0 to 65535, not {value:?}"))?,
        [flag] if flag.starts_with("--port=") => {
            let value = &flag["--port=".len()..];
            value
                .parse::<u16>()
                .map_err(|_| format!("--port wants a number from 0 to 65535, not {value:?}"))?
        }
        _ => return Err("usage: cargo xtask serve [--port P]".into()),
    };
    let site = site::build()?;
    serve::serve_forever(&site, port)
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

fn test() -> Result<(), String> {
    let cargo = cargo();
    run(&cargo, &["fmt", "--all", "--check"])?;
    run(
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
    run(&cargo, &["test", "--workspace"])?;
    docs::check()?;
    ensure_wasm_target()?;
    run(
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
    browser_tests::run()?;
    eprintln!("xtask: all checks passed");
    Ok(())
}
