//! One model of a server: the settings that the simulator, `ftpsim serve`
//! and the playground all read, with its defaults defined here once.
//!
//! A [`ServerSpec`] is what a person writes (a scenario's `[server]`
//! section, a `serve` configuration file, flags, a form): plain numbers of
//! seconds measured from the server's start, limits where `0` means
//! unlimited and a missing value means *what the real server does out of
//! the box*. [`ServerSpec::limits`] resolves it against its
//! [`Preset`] into the [`Limits`] a [`Gate`](super::Gate) enforces;
//! [`ServerSpec::idle_timeout`], [`ServerSpec::max_login_attempts`] and
//! [`ServerSpec::failed_login_delay`] do the same for the session.
//!
//! | setting | not given | `0` |
//! |---|---|---|
//! | `max_clients` | the preset's default (vsftpd 2000, Pure-FTPd 50, pyftpdlib 512) | unlimited |
//! | `max_per_ip` | the preset's default (vsftpd 50) | unlimited |
//! | `max_logged_in`, `max_per_user` | unlimited | unlimited |
//! | `idle_timeout` | the preset's default (vsftpd 300 s, Pure-FTPd 900 s, ProFTPD 600 s, pyftpdlib 300 s) | never |
//! | `max_login_attempts` | the preset's default (vsftpd 3, Pure-FTPd 6, …) | unlimited |
//! | `failed_login_delay` | the preset's (vsftpd 1 s, Pure-FTPd 3 s × failures, pyftpdlib 3 s) | no wait |
//! | `accept_pause` | the preset's (ProFTPD 0.41 s, the others none) | no pause |
//! | `rate`, `warmup`, `shutdown` | none | — |

use alloc::format;
use alloc::string::String;
use core::fmt;
use core::time::Duration;

use super::limits::{Limits, RateLimit, Shutdown, Warmup};
use super::preset::{FailedLoginDelay, Preset};
use crate::time::Instant;

/// Longest duration accepted anywhere in a spec, in seconds (about 31
/// years): time is kept in nanoseconds in a `u64`, and this leaves room to
/// add durations together.
pub const MAX_SECONDS: f64 = 1e9;

/// A server's settings, as a person writes them: a limit left out is what
/// the preset's real server does out of the box, `0` is unlimited (vsftpd
/// 2000 clients and 50 per address, Pure-FTPd 50, pyftpdlib `max_cons` 512;
/// the preset's idle timeout and login attempts likewise).
///
/// ```
/// use ftpsim::admission::{Preset, ServerSpec};
///
/// let vsftpd = ServerSpec::preset(Preset::Vsftpd);
/// assert_eq!(vsftpd.limits().max_per_ip, Some(50));
/// let unlimited = ServerSpec { max_per_ip: Some(0), ..vsftpd };
/// assert_eq!(unlimited.limits().max_per_ip, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct ServerSpec {
    /// Which real server's replies, checks and defaults to reproduce.
    pub preset: Preset,
    /// Simultaneous control connections, logged in or not, counted the way
    /// the preset's server counts them (vsftpd `max_clients`, Pure-FTPd
    /// `-c`, ProFTPD `MaxInstances`, pyftpdlib `max_cons`, which counts its
    /// own listening socket).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_clients: Option<u32>,
    /// Simultaneous control connections from one client address (vsftpd
    /// `max_per_ip`, Pure-FTPd `-C`, ProFTPD `MaxConnectionsPerHost`,
    /// pyftpdlib `max_cons_per_ip`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_per_ip: Option<u32>,
    /// Simultaneous logged-in sessions, checked after PASS (ProFTPD
    /// `MaxClients`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_logged_in: Option<u32>,
    /// Simultaneous logged-in sessions under one user name (Pure-FTPd
    /// `-y`, ProFTPD `MaxClientsPerUser`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_per_user: Option<u32>,
    /// New connections admitted per client address within a sliding window.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub rate: Option<RateSpec>,
    /// Seconds without a command before a session is closed with the
    /// preset's idle reply.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub idle_timeout: Option<f64>,
    /// Wrong passwords before a session is closed.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_login_attempts: Option<u32>,
    /// Seconds the 530 of a wrong password is held, the same after every
    /// failure (vsftpd `delay_failed_login`, pyftpdlib
    /// `auth_failed_timeout`); not given: the preset's rule.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub failed_login_delay: Option<f64>,
    /// Seconds during which the server accepts no new connection after one
    /// of its sessions ends (ProFTPD's daemon, measured: 0.41 s); not
    /// given: the preset's. Real seconds, like `idle_timeout`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub accept_pause: Option<f64>,
    /// Seconds after the start during which a new client first gets
    /// `120 Service ready in nnn minutes.`, then its 220 when the warm-up
    /// ends.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub warmup: Option<f64>,
    /// A planned shutdown.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub shutdown: Option<ShutdownSpec>,
}

/// At most `max` new connections from one address within any `window`
/// seconds. Written `MAX/WINDOW` on the command line (`--rate 5/60`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RateSpec {
    pub max: u32,
    pub window: f64,
}

/// A planned shutdown, in seconds from the server's start: new connections
/// are refused from `refuse_from`, live sessions are ended at
/// `disconnect_at` with `message` in the reply.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ShutdownSpec {
    pub refuse_from: f64,
    pub disconnect_at: f64,
    /// The operator's text (ProFTPD's `ftpshut` message); one line.
    #[cfg_attr(feature = "serde", serde(default = "default_shutdown_message"))]
    pub message: String,
}

/// The shutdown message when none is given.
pub const DEFAULT_SHUTDOWN_MESSAGE: &str = "scheduled maintenance";

#[cfg(feature = "serde")]
fn default_shutdown_message() -> String {
    String::from(DEFAULT_SHUTDOWN_MESSAGE)
}

/// A setting that is out of range or inconsistent, named by its path
/// (`rate.window`, `arrivals.segments[2].rate`) so that a tool can point at
/// the line of a file. A [`ServerSpec`] and a whole
/// [`Scenario`](crate::sim::Scenario) report their errors with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Where, as a path: `arrivals.segments[2].rate`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, its path under `section` (`server.` + `rate.max`).
    pub fn within(self, section: &str) -> FieldError {
        FieldError {
            field: format!("{section}.{}", self.field),
            message: self.message,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl core::error::Error for FieldError {}

/// Checks a number of seconds: finite, at most [`MAX_SECONDS`], and above
/// zero (or zero too, with `allow_zero`).
pub fn check_seconds(field: &str, value: f64, allow_zero: bool) -> Result<(), FieldError> {
    let ok =
        value.is_finite() && value <= MAX_SECONDS && (value > 0.0 || (allow_zero && value == 0.0));
    if ok {
        Ok(())
    } else {
        let floor = if allow_zero { "0 or more" } else { "above 0" };
        Err(FieldError::new(
            field,
            format!("must be a number of seconds {floor} and at most {MAX_SECONDS:e}, not {value}"),
        ))
    }
}

impl ServerSpec {
    /// The preset's server as it comes out of the box.
    pub fn preset(preset: Preset) -> ServerSpec {
        ServerSpec {
            preset,
            ..ServerSpec::default()
        }
    }

    /// Checks every setting; the error names the first one at fault.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(rate) = &self.rate {
            if rate.max == 0 {
                return Err(FieldError::new(
                    "rate.max",
                    "must be at least 1 connection per window",
                ));
            }
            check_seconds("rate.window", rate.window, false)?;
        }
        if let Some(idle) = self.idle_timeout {
            check_seconds("idle_timeout", idle, true)?;
        }
        if let Some(warmup) = self.warmup {
            check_seconds("warmup", warmup, true)?;
        }
        if let Some(delay) = self.failed_login_delay {
            check_seconds("failed_login_delay", delay, true)?;
        }
        if let Some(pause) = self.accept_pause {
            check_seconds("accept_pause", pause, true)?;
        }
        if let Some(shutdown) = &self.shutdown {
            check_seconds("shutdown.refuse_from", shutdown.refuse_from, true)?;
            check_seconds("shutdown.disconnect_at", shutdown.disconnect_at, true)?;
            if shutdown.disconnect_at < shutdown.refuse_from {
                return Err(FieldError::new(
                    "shutdown.disconnect_at",
                    format!(
                        "live sessions are ended at {} s, before new ones are refused at {} s; \
                         disconnect_at must not come before refuse_from",
                        shutdown.disconnect_at, shutdown.refuse_from
                    ),
                ));
            }
            if shutdown.message.contains(['\r', '\n']) {
                return Err(FieldError::new(
                    "shutdown.message",
                    "must be one line (no CR or LF)",
                ));
            }
        }
        Ok(())
    }

    /// What the gate enforces: every limit resolved against the preset's
    /// defaults, `0` made unlimited, times made instants from the start.
    /// Call [`ServerSpec::validate`] first: out-of-range seconds are clamped
    /// here, not reported.
    pub fn limits(&self) -> Limits {
        let table = self.preset.table();
        let limit = |given: Option<u32>, default: Option<u32>| match given {
            Some(0) => None,
            Some(max) => Some(max),
            None => default,
        };
        Limits {
            max_clients: limit(self.max_clients, table.default_max_clients),
            max_per_ip: limit(self.max_per_ip, table.default_max_per_ip),
            rate: self.rate.as_ref().map(|rate| RateLimit {
                max: rate.max,
                window: duration(rate.window),
            }),
            max_logged_in: limit(self.max_logged_in, None),
            max_per_user: limit(self.max_per_user, None),
            shutdown: self.shutdown.as_ref().map(|s| Shutdown {
                refuse_from: Instant::from_secs_f64(s.refuse_from),
                disconnect_at: Instant::from_secs_f64(s.disconnect_at),
                message: s.message.clone(),
            }),
            warmup: self.warmup.filter(|&w| w > 0.0).map(|w| Warmup {
                ready_at: Instant::from_secs_f64(w),
            }),
        }
    }

    /// How long a session may stay silent; `None` for never.
    pub fn idle_timeout(&self) -> Option<Duration> {
        match self.idle_timeout {
            None => self.preset.default_idle_timeout(),
            Some(secs) if secs <= 0.0 => None,
            Some(secs) => Some(duration(secs)),
        }
    }

    /// How long no new connection is accepted after a session ends: the
    /// given seconds, else the preset's ([`Preset::accept_pause`]).
    pub fn accept_pause(&self) -> Duration {
        match self.accept_pause {
            None => self.preset.accept_pause(),
            Some(secs) => duration(secs),
        }
    }

    /// This server with the times it keeps by the clock (its accept pause
    /// and idle timeout) written in the time of a scenario played
    /// `time_scale` times as fast as real time (`ftpsim drive
    /// --time-scale`): `x` real seconds are `x / time_scale` scenario
    /// seconds, so that a simulation beside a drive sees the server the
    /// drive met. A scale that is not a positive number changes nothing.
    ///
    /// ```
    /// use ftpsim::admission::{Preset, ServerSpec};
    ///
    /// let played = ServerSpec::preset(Preset::Proftpd).in_scenario_time(0.1);
    /// assert_eq!(played.accept_pause.map(|s| (s * 1000.0).round()), Some(4100.0));
    /// assert_eq!(played.idle_timeout, Some(6000.0));
    /// ```
    pub fn in_scenario_time(&self, time_scale: f64) -> ServerSpec {
        if !(time_scale > 0.0 && time_scale.is_finite()) {
            return self.clone();
        }
        let scaled = |real: Duration| (real.as_secs_f64() / time_scale).min(MAX_SECONDS);
        ServerSpec {
            accept_pause: Some(scaled(self.accept_pause())),
            // Zero is "never", as written.
            idle_timeout: Some(self.idle_timeout().map_or(0.0, scaled)),
            ..self.clone()
        }
    }

    /// Wrong passwords before a session is closed; 0 for no limit.
    pub fn max_login_attempts(&self) -> u32 {
        self.max_login_attempts
            .unwrap_or_else(|| self.preset.default_max_login_attempts())
    }

    /// How long a wrong password's 530 is held: the given seconds after
    /// every failure, else the preset's rule.
    pub fn failed_login_delay(&self) -> FailedLoginDelay {
        match self.failed_login_delay {
            None => self.preset.default_failed_login_delay(),
            Some(secs) => FailedLoginDelay::fixed(duration(secs)),
        }
    }
}

fn duration(secs: f64) -> Duration {
    if secs.is_finite() && secs > 0.0 {
        Duration::from_secs_f64(secs.min(MAX_SECONDS))
    } else {
        Duration::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_limit_is_the_preset_default_and_zero_is_unlimited() {
        let vsftpd = ServerSpec::preset(Preset::Vsftpd);
        assert_eq!(vsftpd.limits().max_clients, Some(2000));
        assert_eq!(vsftpd.limits().max_per_ip, Some(50));
        assert_eq!(vsftpd.idle_timeout(), Some(Duration::from_secs(300)));
        assert_eq!(vsftpd.max_login_attempts(), 3);
        assert_eq!(
            vsftpd.failed_login_delay(),
            FailedLoginDelay::fixed(Duration::from_secs(1))
        );
        let unlimited = ServerSpec {
            max_clients: Some(0),
            max_per_ip: Some(0),
            idle_timeout: Some(0.0),
            ..vsftpd
        };
        assert_eq!(unlimited.limits().max_clients, None);
        assert_eq!(unlimited.limits().max_per_ip, None);
        assert_eq!(unlimited.idle_timeout(), None);
        let hurried = ServerSpec {
            failed_login_delay: Some(0.25),
            ..ServerSpec::preset(Preset::PureFtpd)
        };
        // An override is the same wait after every failure.
        assert_eq!(
            hurried.failed_login_delay().before_reply(4),
            Duration::from_millis(250)
        );
        let none = ServerSpec {
            failed_login_delay: Some(0.0),
            ..ServerSpec::preset(Preset::Pyftpdlib)
        };
        assert!(none.failed_login_delay().is_none());
        let rfc = ServerSpec::default();
        assert_eq!(rfc.limits(), Limits::none());
        assert_eq!(rfc.idle_timeout(), None);
    }

    #[test]
    fn the_accept_pause_is_the_presets_unless_given() {
        let proftpd = ServerSpec::preset(Preset::Proftpd);
        assert_eq!(proftpd.accept_pause(), Duration::from_millis(410));
        assert_eq!(
            ServerSpec::preset(Preset::Vsftpd).accept_pause(),
            Duration::ZERO
        );
        let without = ServerSpec {
            accept_pause: Some(0.0),
            ..proftpd.clone()
        };
        assert_eq!(without.accept_pause(), Duration::ZERO);
        let scaled = ServerSpec {
            accept_pause: Some(4.1),
            ..proftpd
        };
        assert_eq!(scaled.accept_pause(), Duration::from_millis(4100));
    }

    #[test]
    fn times_count_from_the_start() {
        let spec = ServerSpec {
            warmup: Some(2.5),
            shutdown: Some(ShutdownSpec {
                refuse_from: 10.0,
                disconnect_at: 12.0,
                message: "bye".into(),
            }),
            rate: Some(RateSpec {
                max: 3,
                window: 60.0,
            }),
            ..ServerSpec::default()
        };
        spec.validate().unwrap();
        let limits = spec.limits();
        assert_eq!(limits.warmup.unwrap().ready_at, Instant::from_millis(2500));
        let shutdown = limits.shutdown.unwrap();
        assert_eq!(shutdown.refuse_from, Instant::from_millis(10_000));
        assert_eq!(shutdown.disconnect_at, Instant::from_millis(12_000));
        assert_eq!(limits.rate.unwrap().window, Duration::from_secs(60));
    }

    #[test]
    fn errors_name_the_setting() {
        let bad = [
            (
                ServerSpec {
                    rate: Some(RateSpec {
                        max: 0,
                        window: 1.0,
                    }),
                    ..ServerSpec::default()
                },
                "rate.max",
            ),
            (
                ServerSpec {
                    idle_timeout: Some(f64::NAN),
                    ..ServerSpec::default()
                },
                "idle_timeout",
            ),
            (
                ServerSpec {
                    warmup: Some(-1.0),
                    ..ServerSpec::default()
                },
                "warmup",
            ),
            (
                ServerSpec {
                    failed_login_delay: Some(f64::INFINITY),
                    ..ServerSpec::default()
                },
                "failed_login_delay",
            ),
            (
                ServerSpec {
                    accept_pause: Some(-0.5),
                    ..ServerSpec::default()
                },
                "accept_pause",
            ),
            (
                ServerSpec {
                    shutdown: Some(ShutdownSpec {
                        refuse_from: 10.0,
                        disconnect_at: 5.0,
                        message: String::new(),
                    }),
                    ..ServerSpec::default()
                },
                "shutdown.disconnect_at",
            ),
            (
                ServerSpec {
                    shutdown: Some(ShutdownSpec {
                        refuse_from: 1.0,
                        disconnect_at: 5.0,
                        message: "two\nlines".into(),
                    }),
                    ..ServerSpec::default()
                },
                "shutdown.message",
            ),
        ];
        for (spec, field) in bad {
            assert_eq!(spec.validate().unwrap_err().field, field);
        }
    }
}
