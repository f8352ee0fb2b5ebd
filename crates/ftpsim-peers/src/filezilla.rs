//! FileZilla, the desktop client, run for real without a screen: a virtual
//! X display (Xvfb), a settings folder of its own that writes FileZilla's
//! message log to a file, and xdotool to do what a user does with the
//! mouse and keyboard — accept the plain-FTP warning, pick a folder of the
//! remote list, choose Download. Every other setting is FileZilla's
//! default, so what it does against a server is what its users meet
//! (two transfer connections beside the browsing one).
//!
//! Both processes are stopped by PID when the [`FileZilla`] is dropped.

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError, mpsc};
use std::time::{Duration, Instant};

use crate::peer::Peer;
use crate::trials::{Skip, require};

/// The virtual screen. FileZilla's default layout at this size puts the
/// remote file list under [`REMOTE_LIST`].
const SCREEN: &str = "1280x800x24";

/// A point in the middle of the remote file list (which spans about 420
/// to 600 down and 650 to 1235 across at [`SCREEN`]'s size with FileZilla
/// 3.63's default layout, whatever the fonts): a single click there gives
/// the list the keyboard, and selects at most a row, which the keys that
/// follow replace.
const REMOTE_LIST: (u32, u32) = (940, 510);

/// The title of the dialog FileZilla opens before logging in over plain
/// FTP.
const INSECURE_DIALOG: &str = "Insecure FTP connection";

/// How long FileZilla may take to start, connect and list the root.
const START: Duration = Duration::from_secs(30);

/// Where FileZilla logs in and what it downloads into.
#[derive(Debug, Clone)]
pub struct Site {
    /// The server's control address (loopback).
    pub addr: SocketAddr,
    pub user: String,
    pub password: String,
    /// The local folder downloads land in.
    pub local_dir: PathBuf,
}

/// A running FileZilla connected to a [`Site`], and its virtual display.
#[derive(Debug)]
pub struct FileZilla {
    filezilla: Child,
    xvfb: Child,
    display: String,
    log: PathBuf,
    /// One FileZilla at a time in a process: two Xvfb starting together
    /// can both take a display whose lock an earlier run left behind.
    _alone: MutexGuard<'static, ()>,
}

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

impl FileZilla {
    /// Starts a virtual display and FileZilla in it, with settings under
    /// `scratch` (created), connects to `site` as a Site Manager entry
    /// ("Only use plain FTP"), accepts the warning FileZilla shows for
    /// plain FTP, and waits until the root's listing arrived.
    ///
    /// A skip when FileZilla, Xvfb or xdotool is missing.
    ///
    /// # Panics
    ///
    /// When FileZilla runs but does not get there, with its log: this is
    /// a test harness, and that is a failed test.
    pub fn connect(site: &Site, scratch: &Path) -> Result<FileZilla, Skip> {
        let program = require(Peer::Filezilla)?;
        Ok(Self::start(&program, site, scratch)
            .unwrap_or_else(|why| panic!("FileZilla did not connect: {why}")))
    }

    fn start(program: &Path, site: &Site, scratch: &Path) -> Result<FileZilla, String> {
        // A test that failed while holding it poisoned it: the display it
        // used is gone all the same.
        let alone = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
        let home = scratch.join("home");
        let settings = home.join(".config/filezilla");
        fs::create_dir_all(&settings).map_err(|e| format!("{}: {e}", settings.display()))?;
        fs::create_dir_all(&site.local_dir)
            .map_err(|e| format!("{}: {e}", site.local_dir.display()))?;
        let log = scratch.join("filezilla.log");
        let _ = fs::remove_file(&log);
        write(&settings.join("filezilla.xml"), &settings_xml(&log))?;
        write(&settings.join("sitemanager.xml"), &site_manager_xml(site))?;

        let (xvfb, display) = start_display()?;
        let output = fs::File::create(scratch.join("filezilla.out"))
            .map_err(|e| format!("filezilla.out: {e}"))?;
        let errors = output.try_clone().map_err(|e| e.to_string())?;
        let filezilla = Command::new(program)
            .arg(format!("--local={}", site.local_dir.display()))
            .arg(format!("--site=0/{SITE_NAME}"))
            .env("DISPLAY", &display)
            .env("HOME", &home)
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .spawn();
        let mut started = FileZilla {
            filezilla: match filezilla {
                Ok(child) => child,
                Err(err) => {
                    let mut xvfb = xvfb;
                    stop(&mut xvfb);
                    return Err(format!("cannot start {}: {err}", program.display()));
                }
            },
            xvfb,
            display,
            log,
            _alone: alone,
        };
        started.accept_plain_ftp()?;
        started.wait_for_log(START, |log| {
            log.contains("Status: Directory listing of \"/\" successful")
        })?;
        Ok(started)
    }

    /// FileZilla's message log so far, in the format of its "Logging
    /// file" setting (`date time pid engine Kind: text`).
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `done` holds for the log, or fails with the log after
    /// `limit`.
    pub fn wait_for_log(
        &mut self,
        limit: Duration,
        done: impl Fn(&str) -> bool,
    ) -> Result<(), String> {
        let deadline = Instant::now() + limit;
        loop {
            let log = self.log();
            if done(&log) {
                return Ok(());
            }
            if let Ok(Some(status)) = self.filezilla.try_wait() {
                return Err(format!("FileZilla exited ({status}); its log:\n{log}"));
            }
            if Instant::now() >= deadline {
                return Err(format!("gave up after {limit:?}; FileZilla's log:\n{log}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Downloads the entry on `row` of the remote list (row 0 is `..`,
    /// then folders, then files, by name) into the local folder, as a
    /// user does: select it, open its context menu, choose Download (the
    /// menu's first item). A folder is downloaded with everything in it,
    /// through FileZilla's transfer queue.
    pub fn download_row(&mut self, row: usize) -> Result<(), String> {
        let (x, y) = REMOTE_LIST;
        self.xdotool(&["mousemove", &x.to_string(), &y.to_string(), "click", "1"])?;
        // Each step waits for GTK to have handled the one before: a key
        // sent to a menu that is not open yet goes to the list instead.
        settle();
        let mut keys = vec!["key", "Home"];
        keys.extend(std::iter::repeat_n("Down", row));
        self.xdotool(&keys)?;
        settle();
        self.xdotool(&["key", "Menu"])?;
        settle();
        self.xdotool(&["key", "Down", "Return"])
    }

    fn accept_plain_ftp(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + START;
        let window = loop {
            // Only once it is mapped: focusing a window that is not yet
            // viewable is an X error (BadMatch).
            let found =
                self.xdotool_output(&["search", "--onlyvisible", "--name", INSECURE_DIALOG])?;
            if let Some(id) = found.split_whitespace().next() {
                break id.to_string();
            }
            if let Ok(Some(status)) = self.filezilla.try_wait() {
                return Err(format!(
                    "FileZilla exited ({status}) before asking about plain FTP; its log:\n{}",
                    self.log()
                ));
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "no \"{INSECURE_DIALOG}\" dialog after {START:?}; FileZilla's log:\n{}",
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        // Its default button is OK: connect anyway. Even once visible, the
        // dialog may refuse focus for a moment (an X error): tried again
        // until the deadline.
        loop {
            let pressed = self.xdotool(&[
                "windowfocus",
                "--sync",
                &window,
                "key",
                "--window",
                &window,
                "Return",
            ]);
            match pressed {
                Ok(()) => return Ok(()),
                Err(why) if Instant::now() >= deadline => return Err(why),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    fn xdotool(&self, args: &[&str]) -> Result<(), String> {
        self.xdotool_output(args).map(drop)
    }

    fn xdotool_output(&self, args: &[&str]) -> Result<String, String> {
        let output: Output = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run xdotool: {e}"))?;
        // `search` exits 1 when nothing matches: that is an answer.
        if output.status.success() || args.first() == Some(&"search") {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(format!(
                "xdotool {} failed ({}): {}",
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }
}

impl Drop for FileZilla {
    fn drop(&mut self) {
        stop(&mut self.filezilla);
        stop(&mut self.xvfb);
    }
}

const SITE_NAME: &str = "ftpsim";

fn settle() {
    std::thread::sleep(Duration::from_millis(400));
}

/// Asks the process to end (SIGTERM: Xvfb then removes its lock file
/// and socket), and kills it if it has not within a few seconds.
fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .arg(child.id().to_string())
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Xvfb on the first free display: it prints the number it took on the
/// descriptor `-displayfd` names.
fn start_display() -> Result<(Child, String), String> {
    let mut xvfb = Command::new("Xvfb")
        // No reset when the last client leaves (the readiness check below
        // is one): a reset refuses connections for a moment.
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            SCREEN,
            "-nolisten",
            "tcp",
            "-noreset",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start Xvfb: {e}"))?;
    let stdout = xvfb.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        // Keep reading to the end: a closed pipe would kill Xvfb at its
        // next write.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(line) if line.trim().parse::<u32>().is_ok() => {
            let display = format!(":{}", line.trim());
            match wait_until_it_answers(&display) {
                Ok(()) => Ok((xvfb, display)),
                Err(why) => {
                    stop(&mut xvfb);
                    Err(why)
                }
            }
        }
        Ok(line) => {
            stop(&mut xvfb);
            Err(format!("Xvfb named no display: {line:?}"))
        }
        Err(_) => {
            stop(&mut xvfb);
            Err("Xvfb named no display within 10 s".into())
        }
    }
}

/// Waits until the X server on `display` answers a client, as GTK will
/// need it to.
fn wait_until_it_answers(display: &str) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answered = Command::new("xdotool")
            .arg("getdisplaygeometry")
            .env("DISPLAY", display)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if answered {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!("Xvfb on {display} did not answer within 10 s"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// FileZilla's settings: its defaults, plus the message log written to a
/// file, and no first-run greeting or update check to click away.
fn settings_xml(log: &Path) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3>
	<Settings>
		<Setting name="Logging file">{}</Setting>
		<Setting name="Greeting version">3.63.0</Setting>
		<Setting name="Update Check">0</Setting>
	</Settings>
</FileZilla3>
"#,
        xml_text(&log.to_string_lossy())
    )
}

/// One Site Manager entry. Protocol 6 is "Only use plain FTP (insecure)":
/// with the default (TLS if available) FileZilla first sends `AUTH TLS`,
/// which is not what is being tested.
fn site_manager_xml(site: &Site) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3>
	<Servers>
		<Server>
			<Host>{}</Host>
			<Port>{}</Port>
			<Protocol>6</Protocol>
			<Type>0</Type>
			<User>{}</User>
			<Pass>{}</Pass>
			<Logontype>1</Logontype>
			<PasvMode>MODE_DEFAULT</PasvMode>
			<Name>{SITE_NAME}</Name>
		</Server>
	</Servers>
</FileZilla3>
"#,
        site.addr.ip(),
        site.addr.port(),
        xml_text(&site.user),
        xml_text(&site.password)
    )
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_escape_what_xml_would_misread() {
        let site = Site {
            addr: "127.0.0.1:2121".parse().unwrap(),
            user: "a<b".into(),
            password: "x&y".into(),
            local_dir: PathBuf::from("/tmp/x"),
        };
        let xml = site_manager_xml(&site);
        assert!(xml.contains("<User>a&lt;b</User>"), "{xml}");
        assert!(xml.contains("<Pass>x&amp;y</Pass>"), "{xml}");
        assert!(xml.contains("<Port>2121</Port>"), "{xml}");
        let settings = settings_xml(Path::new("/tmp/a&b.log"));
        assert!(settings.contains(">/tmp/a&amp;b.log<"), "{settings}");
    }
}
