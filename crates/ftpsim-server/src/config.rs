//! What a server is told: from the command line, from a configuration file,
//! from a scenario's `[server]` section, or all three (flags win over the
//! scenario, the scenario over the file).
//!
//! The server's own settings are the core's
//! [`ServerSpec`](ftpsim::admission::ServerSpec), the very type the
//! simulator and the playground read, under `[server]`; the rest is what
//! only a real endpoint needs (where to listen, accounts, write timeout,
//! quirks). Configuration files are TOML (or JSON when the name ends in
//! `.json`):
//!
//! ```toml
//! listen = "127.0.0.1:2121"
//! anonymous = true
//! users = ["alice:secret"]
//! write_timeout = 5           # seconds
//! shutdown_after = 3600       # seconds after start: the process stops
//!
//! [server]                    # exactly a scenario's [server] section
//! preset = "vsftpd"
//! max_clients = 10            # 0: unlimited; left out: the preset's default
//! max_per_ip = 2
//! max_logged_in = 8
//! max_per_user = 2
//! idle_timeout = 300          # seconds
//! warmup = 5                  # 120 then 220 for the first 5 s
//! rate = { max = 5, window = 60 }
//! shutdown = { refuse_from = 3000, disconnect_at = 3060, message = "upgrade" }
//!
//! [data]                      # files and data connections
//! tree = "demo"               # "demo", a directory (snapshot at start), or a manifest .toml
//! uploads = "memory"          # "memory" (kept, within upload_cap), "discard", or "refuse"
//! upload_cap = 67108864       # bytes all uploads together may hold
//! transfer_rate = 1048576     # bytes per second per data connection
//! pasv_ports = "40000-40100"  # passive ports
//! faults = { drop_after_bytes = 100000, refuse_data_connection = 3 }
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

use ftpsim::admission::{Limits, MAX_SECONDS, Preset, ServerSpec};
use ftpsim::session::{Faults, Uploads};
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
    /// The server model shared with the simulator and the playground.
    pub server: Option<ServerSpec>,
    /// `NAME:PASSWORD` entries.
    pub users: Vec<String>,
    pub anonymous: Option<bool>,
    /// Seconds.
    pub write_timeout: Option<f64>,
    /// Seconds after start.
    pub shutdown_after: Option<f64>,
    pub quirks: Option<Quirks>,
    /// Files and data connections.
    pub data: Option<DataOptions>,
}

/// The `[data]` section: what the server serves and how data connections
/// behave. Each setting is optional; [`Options::build`] fills in defaults.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataOptions {
    /// `demo`, a directory, or a manifest (`.toml`).
    pub tree: Option<String>,
    pub uploads: Option<Uploads>,
    /// Bytes all uploads kept in memory may hold together.
    pub upload_cap: Option<u64>,
    /// Bytes per second per data connection.
    pub transfer_rate: Option<u64>,
    /// `A-B`: the passive ports.
    pub pasv_ports: Option<String>,
    pub faults: Option<Faults>,
}

impl DataOptions {
    /// `self` with what `over` sets replacing it.
    pub fn merge(self, over: DataOptions) -> DataOptions {
        DataOptions {
            tree: over.tree.or(self.tree),
            uploads: over.uploads.or(self.uploads),
            upload_cap: over.upload_cap.or(self.upload_cap),
            transfer_rate: over.transfer_rate.or(self.transfer_rate),
            pasv_ports: over.pasv_ports.or(self.pasv_ports),
            faults: over.faults.or(self.faults),
        }
    }
}

/// What the server serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeSource {
    /// The demo tree ([`ftpsim::vfs::demo`]).
    Demo,
    /// A snapshot of a local directory, read once at start.
    Dir(PathBuf),
    /// A manifest of directories and files by size.
    Manifest(PathBuf),
}

impl TreeSource {
    /// `demo`, a path ending in `.toml` (a manifest), or a directory.
    pub fn parse(text: &str) -> TreeSource {
        if text == "demo" {
            TreeSource::Demo
        } else if text.ends_with(".toml") {
            TreeSource::Manifest(PathBuf::from(text))
        } else {
            TreeSource::Dir(PathBuf::from(text))
        }
    }
}

/// The settings of data connections and the tree, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataConfig {
    pub tree: TreeSource,
    pub uploads: Uploads,
    pub upload_cap: u64,
    pub transfer_rate: Option<u64>,
    pub pasv_ports: Option<(u16, u16)>,
    pub faults: Faults,
}

/// All uploads together may hold this much by default.
pub const DEFAULT_UPLOAD_CAP: u64 = 64 << 20;

impl Default for DataConfig {
    fn default() -> DataConfig {
        DataConfig {
            tree: TreeSource::Demo,
            uploads: Uploads::Memory,
            upload_cap: DEFAULT_UPLOAD_CAP,
            transfer_rate: None,
            pasv_ports: None,
            faults: Faults::default(),
        }
    }
}

/// `A-B` with `1 <= A <= B`.
pub fn parse_port_range(text: &str) -> Result<(u16, u16), String> {
    let (low, high) = text
        .split_once('-')
        .ok_or_else(|| format!("{text:?}: expected FIRST-LAST, such as 40000-40100"))?;
    let low: u16 = low
        .trim()
        .parse()
        .map_err(|_| format!("{low:?} is not a port"))?;
    let high: u16 = high
        .trim()
        .parse()
        .map_err(|_| format!("{high:?} is not a port"))?;
    if low == 0 || low > high {
        return Err(format!("{text:?}: expected 1 <= FIRST <= LAST"));
    }
    Ok((low, high))
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
    Invalid { field: String, detail: String },
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

fn invalid(field: &str, detail: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        field: field.to_string(),
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
    /// replaced as a whole when `over` names any; so is the `[server]`
    /// section (flags edit a section rather than replace it: see
    /// `ftpsim serve`).
    pub fn merge(self, over: Options) -> Options {
        Options {
            listen: over.listen.or(self.listen),
            server: over.server.or(self.server),
            users: if over.users.is_empty() {
                self.users
            } else {
                over.users
            },
            anonymous: over.anonymous.or(self.anonymous),
            write_timeout: over.write_timeout.or(self.write_timeout),
            shutdown_after: over.shutdown_after.or(self.shutdown_after),
            quirks: over.quirks.or(self.quirks),
            data: match (self.data, over.data) {
                (Some(base), Some(over)) => Some(base.merge(over)),
                (base, over) => over.or(base),
            },
        }
    }

    /// Fills in defaults (the spec's own: the preset's limits and idle
    /// timeout; a 5 s write timeout) and checks every setting.
    pub fn build(self) -> Result<ServerConfig, ConfigError> {
        let listen = self.listen.ok_or_else(|| {
            invalid(
                "listen",
                "no address to listen on: pass --listen ADDR:PORT or set `listen` in the configuration file",
            )
        })?;
        let spec = self.server.unwrap_or_default();
        spec.validate().map_err(|e| {
            let e = e.within("server");
            invalid(&e.field, e.message)
        })?;
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
        let options = self.data.unwrap_or_default();
        let defaults = DataConfig::default();
        if options.transfer_rate == Some(0) {
            return Err(invalid(
                "data.transfer_rate",
                "must be at least 1 byte per second",
            ));
        }
        let data = DataConfig {
            tree: options
                .tree
                .as_deref()
                .map_or(defaults.tree, TreeSource::parse),
            uploads: options.uploads.unwrap_or(defaults.uploads),
            upload_cap: options.upload_cap.unwrap_or(defaults.upload_cap),
            transfer_rate: options.transfer_rate,
            pasv_ports: options
                .pasv_ports
                .as_deref()
                .map(parse_port_range)
                .transpose()
                .map_err(|e| invalid("data.pasv_ports", e))?,
            faults: options.faults.unwrap_or_default(),
        };
        Ok(ServerConfig {
            listen,
            spec,
            users,
            anonymous: self.anonymous.unwrap_or(false),
            write_timeout,
            shutdown_after,
            quirks,
            data,
        })
    }
}

/// How long a write may take before the client is dropped: a client that
/// never reads must not hold a slot.
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(5);

fn seconds(field: &str, secs: f64, min: f64) -> Result<Duration, ConfigError> {
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
    /// The server: preset, limits, idle timeout, warm-up and shutdown
    /// window (its times count from the server's start).
    pub spec: ServerSpec,
    /// Accounts that may log in.
    pub users: Vec<Credentials>,
    /// Whether `anonymous` / `ftp` may log in with any password.
    pub anonymous: bool,
    /// The bound on writing one reply.
    pub write_timeout: Duration,
    /// Stop the process this long after start.
    pub shutdown_after: Option<Duration>,
    /// Misbehaviour for testing clients.
    pub quirks: Quirks,
    /// Files and data connections.
    pub data: DataConfig,
}

impl ServerConfig {
    /// A configuration for `listen` with the preset's defaults, no users,
    /// no anonymous login and no quirks.
    pub fn new(listen: SocketAddr, preset: Preset) -> ServerConfig {
        ServerConfig {
            listen,
            spec: ServerSpec::preset(preset),
            users: Vec::new(),
            anonymous: false,
            write_timeout: DEFAULT_WRITE_TIMEOUT,
            shutdown_after: None,
            quirks: Quirks::default(),
            data: DataConfig::default(),
        }
    }

    pub fn preset(&self) -> Preset {
        self.spec.preset
    }

    /// The limits the gate enforces ([`ServerSpec::limits`]).
    pub fn limits(&self) -> Limits {
        self.spec.limits()
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
            "listen = \"127.0.0.1:2121\"\nusers = [\"a:b\"]\n[server]\npreset = \"vsftpd\"\nmax_clients = 10\n",
        )
        .unwrap();
        let cli = Options {
            write_timeout: Some(2.0),
            ..Options::default()
        };
        let config = file.merge(cli).build().unwrap();
        assert_eq!(config.listen.port(), 2121);
        assert_eq!(config.preset(), Preset::Vsftpd);
        assert_eq!(config.limits().max_clients, Some(10));
        // vsftpd's compiled default per-address limit stays in force.
        assert_eq!(
            config.limits().max_per_ip,
            Preset::Vsftpd.default_limits().max_per_ip
        );
        assert_eq!(config.write_timeout, Duration::from_secs(2));
        assert_eq!(config.users.len(), 1);
    }

    #[test]
    fn the_documented_example_file_parses() {
        let text = include_str!("config.rs");
        let example: String = text
            .lines()
            .skip_while(|line| !line.starts_with("//! ```toml"))
            .skip(1)
            .take_while(|line| !line.starts_with("//! ```"))
            .map(|line| format!("{}\n", line.trim_start_matches("//!").trim_start()))
            .collect();
        let config = Options::from_text(Path::new("serve.toml"), &example)
            .unwrap()
            .build()
            .unwrap();
        let limits = config.limits();
        let rate = limits.rate.unwrap();
        assert_eq!((rate.max, rate.window), (5, Duration::from_secs(60)));
        assert_eq!(limits.max_logged_in, Some(8));
        assert_eq!(limits.max_per_user, Some(2));
        assert_eq!(config.spec.idle_timeout(), Some(Duration::from_secs(300)));
        assert_eq!(
            limits.shutdown.unwrap().message,
            "upgrade",
            "the shutdown window"
        );
        assert_eq!(config.shutdown_after, Some(Duration::from_secs(3600)));
        assert!(config.anonymous && config.quirks.bytewise);
        assert_eq!(
            config.quirks.greet_delay(),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(config.data.pasv_ports, Some((40000, 40100)));
        assert_eq!(config.data.transfer_rate, Some(1 << 20));
        assert_eq!(config.data.faults.refuse_data_connection, Some(3));
    }

    #[test]
    fn toml_errors_name_the_file_line_and_field() {
        let err = Options::from_text(
            Path::new("serve.toml"),
            "listen = \"127.0.0.1:2121\"\nmax_clients = 3\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("serve.toml:2:1:"), "{text}");
        assert!(text.contains("max_clients"), "{text}");
    }

    #[test]
    fn json_errors_carry_line_and_column() {
        let err = Options::from_text(Path::new("serve.json"), "{\n \"write_timeout\": \"x\"\n}")
            .unwrap_err();
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
                    server: Some(ServerSpec {
                        idle_timeout: Some(f64::NAN),
                        ..ServerSpec::default()
                    }),
                    ..base.clone()
                },
                "server.idle_timeout",
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
