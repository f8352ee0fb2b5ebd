//! Debian's headless Chromium under chromedriver, for the browser tests and
//! the benchmark.

use std::env;
use std::fs;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::target_dir;
use crate::webdriver::{self, Session};

/// Chromium and chromedriver, as found on this machine.
#[derive(Debug, Clone)]
pub struct Found {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Looks for the browser (`CHROMIUM` and `CHROMEDRIVER` override).
pub fn find() -> Result<Found, String> {
    let chromium = from_env_or(
        "CHROMIUM",
        &[
            "/usr/lib/chromium/chromium",
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
        ],
    )
    .or_else(|| on_path(&["chromium", "chromium-browser", "google-chrome"]));
    let chromedriver = from_env_or("CHROMEDRIVER", &["/usr/bin/chromedriver"])
        .or_else(|| on_path(&["chromedriver"]));
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) => Ok(Found {
            chromium,
            chromedriver,
        }),
        (None, _) => Err("no Chromium found (looked for /usr/bin/chromium and on PATH; set CHROMIUM)".into()),
        (_, None) => Err("no chromedriver found (looked for /usr/bin/chromedriver and on PATH; set CHROMEDRIVER)".into()),
    }
}

fn from_env_or(var: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(path) = env::var_os(var) {
        return Some(PathBuf::from(path));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|p| p.is_file())
}

/// A running chromedriver; stopped when dropped.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
    chromium: PathBuf,
}

impl Driver {
    pub fn start(found: &Found) -> Result<Driver, String> {
        let port = free_port()?;
        let log = target_dir().join("chromedriver.log");
        let log_file =
            fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let stdout = log_file
            .try_clone()
            .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
        let child = Command::new(&found.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(stdout)
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", found.chromedriver.display()))?;
        let mut driver = Driver {
            child,
            port,
            chromium: found.chromium.clone(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !webdriver::is_ready(port) {
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!(
                    "chromedriver exited ({status}); see {}",
                    log.display()
                ));
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "chromedriver did not answer within 20 s; see {}",
                    log.display()
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }

    /// A new headless browser with a fresh profile.
    pub fn session(&self) -> Result<Browser, String> {
        static SESSIONS: AtomicU32 = AtomicU32::new(0);
        let profile = env::temp_dir().join(format!(
            "ftpsim-chromium-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&profile);
        fs::create_dir_all(&profile)
            .map_err(|e| format!("cannot create {}: {e}", profile.display()))?;
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--no-first-run".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let session = Session::new(
            self.port,
            json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": self.chromium,
                    "args": args,
                },
            }),
        )?;
        Ok(Browser {
            session: Some(session),
            profile,
        })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session and its throwaway profile directory.
#[derive(Debug)]
pub struct Browser {
    session: Option<Session>,
    profile: PathBuf,
}

impl std::ops::Deref for Browser {
    type Target = Session;

    fn deref(&self) -> &Session {
        self.session.as_ref().expect("the session lives until drop")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Close the browser before removing its profile.
        drop(self.session.take());
        remove_later(&self.profile);
    }
}

/// Chromium may still hold files for a moment after the session closes.
fn remove_later(dir: &Path) {
    for _ in 0..20 {
        if fs::remove_dir_all(dir).is_ok() || !dir.exists() {
            return;
        }
        thread::sleep(Duration::from_millis(100));
    }
}

fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}
