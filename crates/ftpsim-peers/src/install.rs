//! Getting peers onto a Debian machine.
//!
//! As root, missing peers are installed with `apt-get install`, except
//! Pure-FTPd and ProFTPD: their packages conflict with vsftpd's (and with
//! each other), so they are always unpacked (`apt-get download` and
//! `dpkg -x` into [`unpack_root`]) and only their libraries are installed.
//! Without root, the three servers are unpacked with the libraries they
//! link against, which [`Peer::find`] and the server harness point the
//! loader at; the clients cannot be had that way and stay missing, with the
//! reason. pyftpdlib comes from PyPI at the version the presets were
//! measured against, into a virtualenv of its own, root or not.
//!
//! Nothing here fails the caller: what could not be done comes back in
//! [`Outcome::problems`], for a summary that names it.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::peer::{PYFTPDLIB_REQUIREMENT, Peer, on_path, pyftpdlib_python, unpack_root};

/// What [`ensure`] did, and what it could not do.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// What was installed or unpacked, one line each.
    pub done: Vec<String>,
    /// What could not be installed, and why, one line each.
    pub problems: Vec<String>,
}

/// Whether this process runs as root (its `/proc/self` belongs to uid 0).
pub fn is_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Makes `peers` and the extra `(program, Debian package)` pairs present
/// where it can: see the [module](self) docs. Peers already usable and
/// programs already on `PATH` (from a Debian package or not) are left
/// alone, and so is the package index when nothing needs installing.
pub fn ensure(peers: &[Peer], packages: &[(&str, &str)]) -> Outcome {
    let mut outcome = Outcome::default();
    let missing: Vec<Peer> = peers
        .iter()
        .copied()
        .filter(|peer| peer.find().is_err())
        .collect();
    let packages: Vec<&str> = packages
        .iter()
        .filter(|(program, _)| !on_path(program))
        .map(|&(_, package)| package)
        .collect();
    if missing.is_empty() && packages.is_empty() {
        return outcome;
    }
    if !has("apt-get") {
        outcome
            .problems
            .push("apt-get is not available: cannot install missing peers".into());
        return outcome;
    }
    let root = is_root();
    if root {
        apt(&["update", "-qq"], &mut outcome);
    }
    let mut install: Vec<String> = packages.iter().map(|p| p.to_string()).collect();
    let mut unpack = Vec::new();
    for peer in &missing {
        match (root, peer) {
            (_, Peer::Pyftpdlib) => match make_pyftpdlib_venv() {
                Ok(done) => outcome.done.push(done),
                Err(why) => outcome
                    .problems
                    .push(format!("cannot install pyftpdlib: {why}")),
            },
            (true, Peer::PureFtpd | Peer::Proftpd) => {
                install.extend(library_dependencies(peer.debian_package()));
                unpack.push(*peer);
            }
            (true, _) => {
                install.push(peer.debian_package().to_string());
                install.extend(peer.companion_packages().iter().map(|p| p.to_string()));
            }
            (false, Peer::Vsftpd | Peer::PureFtpd | Peer::Proftpd) => unpack.push(*peer),
            (false, _) => outcome.problems.push(format!(
                "{peer} is missing and only root can install Debian's {}",
                peer.debian_package()
            )),
        }
    }
    if !install.is_empty() {
        install.sort();
        install.dedup();
        if !root {
            outcome
                .problems
                .push(format!("not root: cannot install {}", install.join(", ")));
        } else {
            let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
            args.extend(install.iter().map(String::as_str));
            if apt(&args, &mut outcome) {
                outcome
                    .done
                    .push(format!("installed {}", install.join(", ")));
            }
        }
    }
    for peer in unpack {
        // Without root the libraries cannot be installed: unpack them too.
        let mut debs = vec![peer.debian_package().to_string()];
        if !root {
            debs.extend(library_dependencies(peer.debian_package()));
        }
        match unpack_packages(peer, &debs) {
            Ok(()) => outcome.done.push(format!(
                "unpacked {} into {}",
                debs.join(", "),
                unpack_root().join(peer.unpack_dir()).display()
            )),
            Err(why) => outcome
                .problems
                .push(format!("cannot unpack {peer}: {why}")),
        }
    }
    for peer in missing {
        if let Err(still) = peer.find() {
            outcome.problems.push(still.to_string());
        }
    }
    outcome
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Creates pyftpdlib's virtualenv with the first Python 3 on `PATH` and
/// installs the measured version into it from PyPI.
fn make_pyftpdlib_venv() -> Result<String, String> {
    let venv = unpack_root().join(Peer::Pyftpdlib.unpack_dir());
    let run = |program: &std::ffi::OsStr, args: &[&std::ffi::OsStr]| -> Result<(), String> {
        eprintln!(
            "==> {} {}",
            program.to_string_lossy(),
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let status = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {}: {e}", program.to_string_lossy()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{} failed ({status})", program.to_string_lossy()))
        }
    };
    fs::create_dir_all(unpack_root())
        .map_err(|e| format!("cannot create the peers folder: {e}"))?;
    run(
        "python3".as_ref(),
        &["-m".as_ref(), "venv".as_ref(), venv.as_os_str()],
    )?;
    let python = pyftpdlib_python();
    run(
        python.as_os_str(),
        &[
            "-m".as_ref(),
            "pip".as_ref(),
            "install".as_ref(),
            "--quiet".as_ref(),
            PYFTPDLIB_REQUIREMENT.as_ref(),
        ],
    )?;
    Ok(format!(
        "installed {PYFTPDLIB_REQUIREMENT} into {}",
        venv.display()
    ))
}

/// Runs apt-get non-interactively; a failure becomes a problem.
fn apt(args: &[&str], outcome: &mut Outcome) -> bool {
    eprintln!("==> apt-get {}", args.join(" "));
    let status = Command::new("apt-get")
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => true,
        Ok(status) => {
            outcome
                .problems
                .push(format!("`apt-get {}` failed ({status})", args.join(" ")));
            false
        }
        Err(err) => {
            outcome.problems.push(format!("cannot run apt-get: {err}"));
            false
        }
    }
}

/// The shared libraries `package` depends on, from `apt-cache depends`
/// (the first of each set of alternatives; virtual packages skipped).
fn library_dependencies(package: &str) -> Vec<String> {
    let Ok(output) = Command::new("apt-cache")
        .args([
            "depends",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
        ])
        .args(["--no-breaks", "--no-replaces", "--no-enhances", package])
        .stderr(Stdio::null())
        .output()
    else {
        return Vec::new();
    };
    parse_library_dependencies(&String::from_utf8_lossy(&output.stdout))
}

fn parse_library_dependencies(text: &str) -> Vec<String> {
    let mut libraries = Vec::new();
    let mut after_alternative = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let (alternative, rest) = match trimmed.strip_prefix('|') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let Some(name) = rest.strip_prefix("Depends: ") else {
            continue;
        };
        let first_of_set = !after_alternative;
        after_alternative = alternative;
        // libc6 is on every Debian machine and must not be shadowed by an
        // unpacked copy.
        if first_of_set && name.starts_with("lib") && name != "libc6" && !name.starts_with('<') {
            libraries.push(name.to_string());
        }
    }
    libraries
}

/// Downloads `debs` and unpacks them into the peer's folder.
fn unpack_packages(peer: Peer, debs: &[String]) -> Result<(), String> {
    let root = unpack_root();
    let into = root.join(peer.unpack_dir());
    let downloads = root.join("downloads");
    fs::create_dir_all(&downloads).map_err(|e| format!("cannot create {downloads:?}: {e}"))?;
    let status = Command::new("apt-get")
        .arg("download")
        .args(debs)
        .current_dir(&downloads)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run apt-get download: {e}"))?;
    if !status.success() {
        return Err(format!(
            "`apt-get download {}` failed ({status})",
            debs.join(" ")
        ));
    }
    fs::create_dir_all(&into).map_err(|e| format!("cannot create {into:?}: {e}"))?;
    for deb in debs {
        let file = find_deb(&downloads, deb)?;
        let status = Command::new("dpkg")
            .arg("-x")
            .arg(&file)
            .arg(&into)
            .status()
            .map_err(|e| format!("cannot run dpkg: {e}"))?;
        if !status.success() {
            return Err(format!("`dpkg -x {}` failed ({status})", file.display()));
        }
    }
    Ok(())
}

/// The downloaded `.deb` of `package` (named `PACKAGE_VERSION_ARCH.deb`).
fn find_deb(dir: &Path, package: &str) -> Result<std::path::PathBuf, String> {
    let prefix = format!("{package}_");
    fs::read_dir(dir)
        .map_err(|e| format!("cannot list {dir:?}: {e}"))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".deb"))
        })
        .ok_or_else(|| format!("no {package}_*.deb in {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libraries_come_from_the_depends_lines() {
        let text = "pure-ftpd\n  Depends: lsb-base\n    sysvinit-utils\n |Depends: openbsd-inetd\n  \
                    Depends: <inet-superserver>\n    xinetd\n  Depends: pure-ftpd-common\n  \
                    Depends: libc6\n  Depends: libcap2\n |Depends: libssl3t64\n  Depends: libssl3\n  \
                    Depends: libsodium23\n";
        assert_eq!(
            parse_library_dependencies(text),
            ["libcap2", "libssl3t64", "libsodium23"]
        );
    }

    #[test]
    fn the_deb_of_a_package_is_not_that_of_its_namesake() {
        let dir = std::env::temp_dir().join(format!("ftpsim-peers-debs-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        for name in [
            "pure-ftpd-common_1.0.50_all.deb",
            "pure-ftpd_1.0.50_amd64.deb",
        ] {
            fs::write(dir.join(name), b"").unwrap();
        }
        let found = find_deb(&dir, "pure-ftpd").unwrap();
        assert!(found.ends_with("pure-ftpd_1.0.50_amd64.deb"), "{found:?}");
        assert!(
            find_deb(&dir, "vsftpd")
                .unwrap_err()
                .contains("no vsftpd_*.deb")
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
