//! What a server is told: from the command line, from a configuration file,
//! or both (the command line wins).
//!
//! Configuration files are TOML (or JSON when the name ends in `.json`), with
//! the same names as the flags:
//!
//! ```toml
//! listen = "127.0.0.1:2121"
//! preset = "vsftpd"
//! max_clients = 10
//! max_per_ip = 2
//! idle_timeout = 300          # seconds
//! anonymous = true
//! users = ["alice:secret"]
//! write_timeout = 5           # seconds
//! shutdown_after = 3600       # seconds after start
//! rate = { max = 5, window = 60 }
//!
//! [quirks]
//! refuse_fraction = 0.1
//! refuse_seed = 42
//! greet_delay_secs = 2.5
//! digit_lines = true
//! bare_close = true
//! bytewise = true
//! byte_interval_ms = 1
//! ```

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ftpsim::admission::{Limits, Preset, RateLimit};
use serde::Deserialize;

use crate::quirks::Quirks;

/// A user name and password. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub name: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("name", &self.name)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl Credentials {
    /// Parses `NAME:PASSWORD` (the password may itself contain colons).
    pub fn parse(spec: &str) -> Result<Credentials, String> {
        let Some((name, password)) = spec.split_once(':') else {
            return Err("expected NAME:PASSWORD".into());
        };
        if name.is_empty() {
            return Err("the user name is empty".into());
        }
        if name
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        {
            return Err("the user name contains spaces or control characters".into());
        }
        if password.bytes().any(|b| b == b'\r' || b == b'\n') {
            return Err("the password contains a line break".into());
        }
        Ok(Credentials {
            name: name.into(),
            password: password.into(),
        })
    }
}

/// Every setting, each optional: what one source (a file or the command
/// line) says. [`Options::merge`] layers two sources; [`Options::build`]
/// fills in defaults and checks ranges.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    pub listen: Option<SocketAddr>,
    pub preset: Option<Preset>,
    pub max_clients: Option<u32>,
    pub max_per_ip: Option<u32>,
    pub rate: Option<RateLimit>,
    /// Seconds.
    pub idle_timeout: Option<f64>,
    /// `NAME:PASSWORD` entries.
    pub users: Vec<String>,
    pub anonymous: Option<bool>,
    /// Seconds.
    pub write_timeout: Option<f64>,
    /// Seconds after start.
    pub shutdown_after: Option<f64>,
    pub quirks: Option<Quirks>,
}

/// A setting that cannot work, or a configuration file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The file could not be read.
    Read { path: PathBuf, detail: String },
    /// The file could not be parsed; `line` and `column` are 1-based.
    Parse {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        detail: String,
    },
    /// A setting is out of range or missing.
    Invalid { field: &'static str, detail: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, detail } => {
                write!(f, "cannot read {}: {detail}", path.display())
            }
            ConfigError::Parse {
                path,
                line,
                column,
                detail,
            } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                    if let Some(column) = column {
                        write!(f, ":{column}")?;
                    }
                }
                write!(f, ": {detail}")
            }
            ConfigError::Invalid { field, detail } => write!(f, "{field}: {detail}"),
        }
    }
}

impl std::error::Error for ConfigError {}

fn invalid(field: &'static str, detail: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        field,
        detail: detail.into(),
    }
}

/// The 1-based line and column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, column)
}

impl Options {
    /// Reads a configuration file: JSON when its name ends in `.json`, TOML
    /// otherwise.
    pub fn from_file(path: &Path) -> Result<Options, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        Options::from_text(path, &text)
    }

    /// Parses the contents of a configuration file named `path`.
    pub fn from_text(path: &Path, text: &str) -> Result<Options, ConfigError> {
        let is_json = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        if is_json {
            serde_json::from_str(text).map_err(|e| ConfigError::Parse {
                path: path.to_path_buf(),
                line: Some(e.line()),
                column: Some(e.column()),
                detail: e.to_string(),
            })
        } else {
            toml::from_str(text).map_err(|e| {
                let (line, column) = match e.span() {
                    Some(span) => {
                        let (line, column) = line_column(text, span.start);
                        (Some(line), Some(column))
                    }
                    None => (None, None),
                };
                ConfigError::Parse {
                    path: path.to_path_buf(),
                    line,
                    column,
                    detail: e.message().to_string(),
                }
            })
        }
    }

    /// `self` with every setting that `over` makes replacing it. Users are
    /// replaced as a whole when `over` names any.
    pub fn merge(self, over: Options) -> Options {
        Options {
            listen: over.listen.or(self.listen),
            preset: over.preset.or(self.preset),
            max_clients: over.max_clients.or(self.max_clients),
            max_per_ip: over.max_per_ip.or(self.max_per_ip),
            rate: over.rate.or(self.rate),
            idle_timeout: over.idle_timeout.or(self.idle_timeout),
            users: if over.users.is_empty() {
                self.users
            } else {
                over.users
            },
            anonymous: over.anonymous.or(self.anonymous),
            write_timeout: over.write_timeout.or(self.write_timeout),
            shutdown_after: over.shutdown_after.or(self.shutdown_after),
            quirks: over.quirks.or(self.quirks),
        }
    }

    /// Fills in defaults (the preset's own limits and idle timeout, a 5 s
    /// write timeout) and checks every setting.
    pub fn build(self) -> Result<ServerConfig, ConfigError> {
        let listen = self.listen.ok_or_else(|| {
            invalid(
                "listen",
                "no address to listen on: pass --listen ADDR:PORT or set `listen` in the configuration file",
            )
        })?;
        let preset = self.preset.unwrap_or_default();
        let mut limits = preset.default_limits();
        if let Some(max) = self.max_clients {
            limits.max_clients = Some(max);
        }
        if let Some(max) = self.max_per_ip {
            limits.max_per_ip = Some(max);
        }
        if let Some(rate) = self.rate {
            if rate.max == 0 || rate.window.is_zero() {
                return Err(invalid("rate", "max and window must both be above zero"));
            }
            limits.rate = Some(rate);
        }
        let idle_timeout = match self.idle_timeout {
            None => preset.default_idle_timeout(),
            Some(secs) => Some(seconds("idle_timeout", secs, 0.001)?),
        };
        let write_timeout = match self.write_timeout {
            None => DEFAULT_WRITE_TIMEOUT,
            Some(secs) => seconds("write_timeout", secs, 0.001)?,
        };
        let shutdown_after = self
            .shutdown_after
            .map(|secs| seconds("shutdown_after", secs, 0.0))
            .transpose()?;
        let users = self
            .users
            .iter()
            .map(|spec| Credentials::parse(spec).map_err(|detail| invalid("users", detail)))
            .collect::<Result<Vec<_>, _>>()?;
        let quirks = self.quirks.unwrap_or_default();
        quirks
            .validate()
            .map_err(|e| invalid("quirks", e.to_string()))?;
        Ok(ServerConfig {
            listen,
            preset,
            limits,
            idle_timeout,
            users,
            anonymous: self.anonymous.unwrap_or(false),
            write_timeout,
            shutdown_after,
            quirks,
        })
    }
}

/// How long a write may take before the client is dropped: a client that
/// never reads must not hold a slot.
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// A bound on every duration setting: about 31 years, so that adding it to
/// an instant never overflows.
const MAX_SECONDS: f64 = 1e9;

fn seconds(field: &'static str, secs: f64, min: f64) -> Result<Duration, ConfigError> {
    if !(secs.is_finite() && secs >= min && secs <= MAX_SECONDS) {
        return Err(invalid(
            field,
            format!("expected a number of seconds between {min} and {MAX_SECONDS}, got {secs}"),
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// A complete, checked server configuration.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Which real server to imitate.
    pub preset: Preset,
    /// The limits the gate enforces.
    pub limits: Limits,
    /// Idle sessions are closed with the preset's reply after this long.
    pub idle_timeout: Option<Duration>,
    /// Accounts that may log in.
    pub users: Vec<Credentials>,
    /// Whether `anonymous` / `ftp` may log in with any password.
    pub anonymous: bool,
    /// The bound on writing one reply.
    pub write_timeout: Duration,
    /// Shut down by itself this long after start.
    pub shutdown_after: Option<Duration>,
    /// Misbehaviour for testing clients.
    pub quirks: Quirks,
}

impl ServerConfig {
    /// A configuration for `listen` with the preset's defaults, no users,
    /// no anonymous login and no quirks.
    pub fn new(listen: SocketAddr, preset: Preset) -> ServerConfig {
        ServerConfig {
            listen,
            preset,
            limits: preset.default_limits(),
            idle_timeout: preset.default_idle_timeout(),
            users: Vec::new(),
            anonymous: false,
            write_timeout: DEFAULT_WRITE_TIMEOUT,
            shutdown_after: None,
            quirks: Quirks::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listen() -> SocketAddr {
        "127.0.0.1:0".parse().unwrap()
    }

    #[test]
    fn credentials_split_at_the_first_colon_and_hide_the_password() {
        let c = Credentials::parse("alice:se:cret").unwrap();
        assert_eq!(c.name, "alice");
        assert_eq!(c.password, "se:cret");
        assert!(!format!("{c:?}").contains("se:cret"));
        assert!(Credentials::parse("alice").is_err());
        assert!(Credentials::parse(":pw").is_err());
        assert!(Credentials::parse("al ice:pw").is_err());
    }

    #[test]
    fn command_line_overrides_the_file() {
        let file = Options::from_text(
            Path::new("serve.toml"),
            "listen = \"127.0.0.1:2121\"\npreset = \"vsftpd\"\nmax_clients = 10\nusers = [\"a:b\"]\n",
        )
        .unwrap();
        let cli = Options {
            max_clients: Some(3),
            ..Options::default()
        };
        let config = file.merge(cli).build().unwrap();
        assert_eq!(config.listen.port(), 2121);
        assert_eq!(config.preset, Preset::Vsftpd);
        assert_eq!(config.limits.max_clients, Some(3));
        // vsftpd's compiled default per-address limit stays in force.
        assert_eq!(
            config.limits.max_per_ip,
            Preset::Vsftpd.default_limits().max_per_ip
        );
        assert_eq!(config.users.len(), 1);
    }

    #[test]
    fn the_documented_example_file_parses() {
        let text = "listen = \"127.0.0.1:2121\"\npreset = \"vsftpd\"\nmax_clients = 10\n\
                    max_per_ip = 2\nrate = { max = 5, window = 60 }\nidle_timeout = 300\n\
                    anonymous = true\nusers = [\"alice:secret\"]\nwrite_timeout = 5\n\
                    shutdown_after = 3600\n\n[quirks]\nrefuse_fraction = 0.1\nrefuse_seed = 42\n\
                    greet_delay_secs = 2.5\ndigit_lines = true\nbare_close = true\n\
                    bytewise = true\nbyte_interval_ms = 1\n";
        let config = Options::from_text(Path::new("serve.toml"), text)
            .unwrap()
            .build()
            .unwrap();
        let rate = config.limits.rate.unwrap();
        assert_eq!((rate.max, rate.window), (5, Duration::from_secs(60)));
        assert_eq!(config.idle_timeout, Some(Duration::from_secs(300)));
        assert_eq!(config.shutdown_after, Some(Duration::from_secs(3600)));
        assert!(config.anonymous && config.quirks.bytewise);
        assert_eq!(
            config.quirks.greet_delay(),
            Some(Duration::from_millis(2500))
        );
    }

    #[test]
    fn toml_errors_name_the_file_line_and_field() {
        let err = Options::from_text(
            Path::new("serve.toml"),
            "listen = \"127.0.0.1:2121\"\nmax_clientz = 3\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("serve.toml:2:1:"), "{text}");
        assert!(text.contains("max_clientz"), "{text}");
    }

    #[test]
    fn json_errors_carry_line_and_column() {
        let err =
            Options::from_text(Path::new("serve.json"), "{\n \"max_clients\": -1\n}").unwrap_err();
        match err {
            ConfigError::Parse { line, .. } => assert_eq!(line, Some(2)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn out_of_range_settings_are_refused_by_name() {
        let base = Options {
            listen: Some(listen()),
            ..Options::default()
        };
        for (options, field) in [
            (
                Options {
                    idle_timeout: Some(f64::NAN),
                    ..base.clone()
                },
                "idle_timeout",
            ),
            (
                Options {
                    write_timeout: Some(0.0),
                    ..base.clone()
                },
                "write_timeout",
            ),
            (
                Options {
                    users: vec!["nobody".into()],
                    ..base.clone()
                },
                "users",
            ),
            (Options::default(), "listen"),
        ] {
            match options.build() {
                Err(ConfigError::Invalid { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{field}: unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
    }
}
