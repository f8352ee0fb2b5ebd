//! `cargo xtask site`: the playground as a static site in `target/site`.
//!
//! 1. `cargo build -p ftpsim-web --target wasm32-unknown-unknown --profile
//!    wasm-release`, once per module in [`MODULES`], each with one feature of
//!    the crate, so that a page downloads only what it shows.
//! 2. JS glue from the `wasm-bindgen-cli-support` library, which the
//!    workspace pins to the very `wasm-bindgen` version in Cargo.lock.
//! 3. `wasm-opt -Oz` from npm's `binaryen` (installed under `target/` when
//!    npm is at hand; Debian's binaryen is too old to read today's output).
//!    `XTASK_NO_WASM_OPT=1` skips it; `XTASK_KEEP_NAMES=1` keeps the
//!    function names, for `twiggy` to say where the bytes go.
//! 4. `web/static/*` next to them. Nothing is fetched from elsewhere at run
//!    time: the site works offline.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, ensure_wasm_target, run, target_dir, workspace_root};

/// One WebAssembly module of the site: the `ftpsim-web` crate built with
/// one of its features.
#[derive(Clone, Copy, Debug)]
pub struct Module {
    /// The crate feature that selects its exports.
    pub feature: &'static str,
    /// The file stem of its JS and wasm (`ftpsim_web.js`, `ftpsim_web_bg.wasm`).
    pub stem: &'static str,
    pub what: &'static str,
}

/// The module the page loads first: the page and the simulation views.
pub const APP: Module = Module {
    feature: "app",
    stem: "ftpsim_web",
    what: "the page with the simulator, servers and sizing views, loaded with the page",
};

/// The module loaded when a code page, comparison, reader or log diagnosis
/// first opens.
pub const READING: Module = Module {
    feature: "reading",
    stem: "ftpsim_reading",
    what: "the code, compare, reader and diagnose views, loaded when one first opens",
};

/// The JS API for pages of one's own (`embed.html`); the playground never loads it.
pub const API: Module = Module {
    feature: "api",
    stem: "ftpsim_api",
    what: "the JS API (explain, compare, simulate) for other pages",
};

pub const MODULES: [Module; 3] = [APP, READING, API];

const PROFILE: &str = "wasm-release";
const BINARYEN: &str = "binaryen@132.0.0";

/// Builds the site and returns its directory.
pub fn build() -> Result<PathBuf, String> {
    ensure_wasm_target()?;
    check_bindgen_version()?;

    // Build next to the final directory, then swap, so that a server
    // running on target/site never sees half a site.
    let site = target_dir().join("site");
    let staging = target_dir().join("site.staging");
    remove_dir_if_present(&staging)?;
    fs::create_dir_all(&staging)
        .map_err(|e| format!("cannot create {}: {e}", staging.display()))?;

    let wasm_opt = wasm_opt()?;
    let keep_names = std::env::var_os("XTASK_KEEP_NAMES").is_some();
    for module in MODULES {
        build_module(module, &staging, wasm_opt.as_deref(), keep_names)?;
    }

    let statics = workspace_root().join("web").join("static");
    for entry in
        fs::read_dir(&statics).map_err(|e| format!("cannot read {}: {e}", statics.display()))?
    {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", statics.display()))?;
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            let to = staging.join(entry.file_name());
            fs::copy(entry.path(), &to).map_err(|e| {
                format!(
                    "cannot copy {} to {}: {e}",
                    entry.path().display(),
                    to.display()
                )
            })?;
        }
    }

    // The reference pages and guides, as plain HTML readable without
    // JavaScript; the playground's Codes view links to them.
    crate::docs::write_html(&staging.join("reference"))?;

    remove_dir_if_present(&site)?;
    fs::rename(&staging, &site)
        .map_err(|e| format!("cannot move the site into {}: {e}", site.display()))?;
    let sizes: Vec<String> = MODULES
        .iter()
        .map(|module| {
            let bytes = fs::metadata(site.join(format!("{}_bg.wasm", module.stem)))
                .map(|m| m.len())
                .unwrap_or(0);
            format!("{}: {bytes} bytes", module.stem)
        })
        .collect();
    eprintln!(
        "xtask: site ready in {} (wasm {})",
        site.display(),
        sizes.join(", ")
    );
    Ok(site)
}

/// Builds `module` and writes its JS and optimised wasm into `dir`.
fn build_module(
    module: Module,
    dir: &Path,
    wasm_opt: Option<&str>,
    keep_names: bool,
) -> Result<(), String> {
    run(
        &cargo(),
        &[
            "build",
            "-p",
            "ftpsim-web",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            PROFILE,
            "--no-default-features",
            "--features",
            module.feature,
        ],
    )?;
    let wasm = target_dir()
        .join("wasm32-unknown-unknown")
        .join(PROFILE)
        .join("ftpsim_web.wasm");

    eprintln!(
        "==> wasm-bindgen (library) {} as {}",
        wasm.display(),
        module.stem
    );
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .typescript(false)
        .keep_debug(keep_names)
        // The library defaults to omitting `new URL('…_bg.wasm', import.meta.url)`,
        // which `init()` without arguments needs (the CLI keeps it).
        .omit_default_module_path(false)
        .out_name(module.stem)
        .generate(dir)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;

    let bg = dir.join(format!("{}_bg.wasm", module.stem));
    match wasm_opt {
        Some(tool) => {
            let optimised = dir.join(format!("{}_bg.opt.wasm", module.stem));
            let (bg_s, opt_s) = (path_str(&bg)?, path_str(&optimised)?);
            let debug = if keep_names { "-g" } else { "--strip-debug" };
            run(tool, &["-Oz", debug, bg_s, "-o", opt_s])?;
            fs::rename(&optimised, &bg)
                .map_err(|e| format!("cannot replace {}: {e}", bg.display()))?;
        }
        None if std::env::var_os("XTASK_NO_WASM_OPT").is_some() => {}
        None => eprintln!(
            "xtask: note: no npm found, so no wasm-opt: the site works, its wasm is just larger \
             (install Node.js with npm to get binaryen's wasm-opt -Oz)"
        ),
    }
    Ok(())
}

fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{} is not valid UTF-8", path.display()))
}

fn remove_dir_if_present(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", dir.display())),
    }
}

/// `wasm-opt` from npm's binaryen, installed under `target/tools` on first
/// use; `None` when npm is missing.
fn wasm_opt() -> Result<Option<String>, String> {
    if std::env::var_os("XTASK_NO_WASM_OPT").is_some() {
        eprintln!("xtask: XTASK_NO_WASM_OPT is set: skipping wasm-opt");
        return Ok(None);
    }
    let prefix = target_dir().join("tools").join("binaryen");
    let tool = prefix.join("node_modules").join(".bin").join("wasm-opt");
    if !tool.exists() {
        let npm_found = Command::new("npm")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !npm_found {
            return Ok(None);
        }
        fs::create_dir_all(&prefix)
            .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
        let installed = run(
            "npm",
            &[
                "install",
                "--prefix",
                path_str(&prefix)?,
                "--no-audit",
                "--no-fund",
                "--no-save",
                BINARYEN,
            ],
        );
        // Offline, or a registry that refuses: the site still builds.
        if let Err(why) = installed {
            eprintln!(
                "xtask: note: could not install {BINARYEN} ({why}); building without wasm-opt"
            );
            return Ok(None);
        }
        if !tool.exists() {
            eprintln!(
                "xtask: note: npm installed {BINARYEN} but {} is missing; building without wasm-opt",
                tool.display()
            );
            return Ok(None);
        }
    }
    Ok(Some(path_str(&tool)?.to_string()))
}

/// The JS glue generator and the app's runtime must be the same version;
/// the workspace guarantees it (one `links = "wasm_bindgen"` per lock file),
/// this says so plainly should someone break the pin.
fn check_bindgen_version() -> Result<(), String> {
    let lock_path = workspace_root().join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let version_of = |name: &str| {
        let header = format!("name = \"{name}\"\nversion = \"");
        lock.find(&header).and_then(|at| {
            let rest = &lock[at + header.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
    };
    match (
        version_of("wasm-bindgen"),
        version_of("wasm-bindgen-cli-support"),
    ) {
        (Some(runtime), Some(glue)) if runtime == glue => Ok(()),
        (Some(runtime), Some(glue)) => Err(format!(
            "Cargo.lock has wasm-bindgen {runtime} but wasm-bindgen-cli-support {glue}: \
             pin wasm-bindgen-cli-support to \"={runtime}\" in the root Cargo.toml"
        )),
        _ => Err("Cargo.lock lacks wasm-bindgen or wasm-bindgen-cli-support".into()),
    }
}
