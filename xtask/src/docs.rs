//! `cargo xtask docs`: the teaching pages, generated from the core's
//! registry, and the checks that keep them and the guides honest.
//!
//! - `cargo xtask docs`: regenerates `docs/reference/` (committed).
//! - `cargo xtask docs --check`: fails if `docs/reference/` is stale, if any
//!   internal link in `docs/` or in the HTML pages does not resolve, or if a
//!   command a guide shows prints something else than the guide says.
//! - `cargo xtask docs --html DIR`: writes the HTML pages (what the site
//!   build puts under `target/site/reference/`).
//! - `cargo xtask docs --bless`: reruns the guides' commands and writes
//!   their actual output into the guides, to review with `git diff`.

mod charts;
mod guides;
mod links;
mod markdown;
mod reference;
mod site;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What `cargo xtask docs` does; with no flag, regenerate docs/reference/
/// from the registry.
#[derive(Debug, clap::Args)]
#[group(multiple = false)]
pub struct Args {
    /// Fail if docs/reference/ is stale, an internal link is broken, or a
    /// command a guide shows prints something else than the guide says.
    #[arg(long)]
    check: bool,
    /// Write the reference and the guides as HTML pages into DIR (what the
    /// site build puts under target/site/reference/).
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
    /// Rerun the guides' commands and write their actual output into the
    /// guides, to review with `git diff`.
    #[arg(long)]
    bless: bool,
}

/// Runs `cargo xtask docs ARGS`.
pub fn run(args: &Args) -> Result<(), String> {
    if args.check {
        check()
    } else if args.bless {
        bless()
    } else if let Some(dir) = &args.html {
        write_html(dir)?;
        eprintln!("xtask: HTML reference written to {}", dir.display());
        Ok(())
    } else {
        generate()
    }
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn docs_dir() -> PathBuf {
    workspace_root().join("docs")
}

/// Every generated file, keyed by its path relative to `docs/`.
fn generated() -> Result<BTreeMap<String, String>, String> {
    let guides = reference::load_guides(&docs_dir())?;
    let mut files = reference::pages(&guides);
    files.extend(charts::charts()?);
    Ok(files)
}

/// Writes `docs/reference/` afresh and removes the files it no longer has.
pub fn generate() -> Result<(), String> {
    let docs = docs_dir();
    let files = generated()?;
    let mut written = 0;
    for (path, contents) in &files {
        let target = docs.join(path);
        if fs::read_to_string(&target).ok().as_deref() != Some(contents.as_str()) {
            write(&target, contents)?;
            written += 1;
        }
    }
    let mut removed = 0;
    for stale in files_under(&docs, "reference")? {
        if !files.contains_key(&stale) {
            let path = docs.join(&stale);
            fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            removed += 1;
        }
    }
    eprintln!(
        "xtask: docs/reference/: {} files, {written} rewritten, {removed} removed",
        files.len()
    );
    Ok(())
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The files under `base/sub`, as paths relative to `base` with `/`.
fn files_under(base: &Path, sub: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut pending = vec![base.join(sub)];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
        };
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(rel) = path.strip_prefix(base) {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The hand-written guides, keyed by their path relative to `docs/`.
fn guides_on_disk() -> Result<BTreeMap<String, String>, String> {
    let docs = docs_dir();
    let mut guides = BTreeMap::new();
    for path in files_under(&docs, "guides")? {
        if path.ends_with(".md") {
            let text = fs::read_to_string(docs.join(&path))
                .map_err(|e| format!("cannot read docs/{path}: {e}"))?;
            guides.insert(path, text);
        }
    }
    Ok(guides)
}

/// What the site publishes: the reference as generated now (not as
/// committed) and the guides.
fn site_sources() -> Result<BTreeMap<String, String>, String> {
    let mut sources = generated()?;
    sources.extend(guides_on_disk()?);
    Ok(sources)
}

/// Writes the HTML reference and guides into `out_dir` (the site build
/// passes `target/site/reference`).
pub fn write_html(out_dir: &Path) -> Result<(), String> {
    let site = site::build(&site_sources()?)?;
    for (path, contents) in &site {
        write(&out_dir.join(path), contents)?;
    }
    Ok(())
}

/// Everything `cargo xtask test` needs to know about the docs; see the
/// module documentation.
pub fn check() -> Result<(), String> {
    let mut problems = reference_problems()?;
    problems.extend(link_problems()?);
    let root = workspace_root();
    let bin_dir = build_ftpsim()?;
    for (path, text) in guides_on_disk()? {
        eprintln!("==> running the commands of docs/{path}");
        problems.extend(guides::check(
            &format!("docs/{path}"),
            &text,
            &root,
            &bin_dir,
        ));
    }
    if problems.is_empty() {
        eprintln!(
            "xtask: docs are up to date, every link resolves, every guide command prints what its guide shows"
        );
        Ok(())
    } else {
        Err(format!("docs check failed:\n  {}", problems.join("\n  ")))
    }
}

/// How the committed `docs/reference/` differs from what the registry
/// generates now.
fn reference_problems() -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    let docs = docs_dir();
    let files = generated()?;
    for (path, contents) in &files {
        match fs::read_to_string(docs.join(path)) {
            Ok(on_disk) if on_disk == *contents => {}
            Ok(_) => problems.push(format!("docs/{path} is out of date")),
            Err(_) => problems.push(format!("docs/{path} is missing")),
        }
    }
    for path in files_under(&docs, "reference")? {
        if !files.contains_key(&path) {
            problems.push(format!("docs/{path} is not generated any more"));
        }
    }
    if !problems.is_empty() {
        problems.push("run `cargo xtask docs` and commit docs/reference/".to_string());
    }
    Ok(problems)
}

/// Links in `docs/**/*.md` and in the HTML pages that do not land.
fn link_problems() -> Result<Vec<String>, String> {
    let root = workspace_root();
    let mut markdown_files = BTreeMap::new();
    for path in files_under(&root, "docs")? {
        if path.ends_with(".md") {
            let text = fs::read_to_string(root.join(&path))
                .map_err(|e| format!("cannot read {path}: {e}"))?;
            markdown_files.insert(path, text);
        }
    }
    let mut problems = links::check_markdown(&root, &markdown_files);
    match site::build(&site_sources()?) {
        Ok(site) => problems.extend(
            links::check_html(&site)
                .into_iter()
                .map(|p| format!("HTML reference: {p}")),
        ),
        Err(e) => problems.push(format!("HTML reference: {e}")),
    }
    Ok(problems)
}

/// Rewrites the outputs shown in the guides with what the commands print.
fn bless() -> Result<(), String> {
    let root = workspace_root();
    let bin_dir = build_ftpsim()?;
    for (path, text) in guides_on_disk()? {
        let blessed = guides::bless(&format!("docs/{path}"), &text, &root, &bin_dir)?;
        if blessed != text {
            write(&docs_dir().join(&path), &blessed)?;
            eprintln!("xtask: updated docs/{path}");
        }
    }
    Ok(())
}

/// Builds the `ftpsim` binary and returns the directory that holds it.
fn build_ftpsim() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let args = ["build", "--quiet", "-p", "ftpsim-cli", "--bin", "ftpsim"];
    eprintln!("==> {cargo} {}", args.join(" "));
    let status = Command::new(&cargo)
        .args(args)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot start {cargo}: {e}"))?;
    if !status.success() {
        return Err(format!("`cargo {}` failed ({status})", args.join(" ")));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let bin_dir = target.join("debug");
    if bin_dir.join("ftpsim").exists() {
        Ok(bin_dir)
    } else {
        Err(format!("no ftpsim binary in {}", bin_dir.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The guides' commands need the built `ftpsim` binary, which a test
    // cannot build while `cargo test` holds the build directory: they run
    // in `check()`, under `cargo xtask test`. These two need nothing built.

    #[test]
    fn committed_reference_is_what_the_registry_generates() {
        let problems = reference_problems().unwrap();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_internal_link_in_docs_and_in_the_html_resolves() {
        let problems = link_problems().unwrap();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_registry_code_has_a_committed_page_in_both_languages() {
        for code in ftpsim::reply::registry::codes() {
            for lang in ftpsim::Lang::ALL {
                let page = docs_dir().join(format!("reference/{}/{}.md", lang.tag(), code.get()));
                let text =
                    fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
                assert!(text.contains(&format!("# {code}")), "{}", page.display());
            }
        }
    }
}
