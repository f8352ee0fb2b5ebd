//! What to simulate: a server's limits, a client population, how clients
//! arrive, how long they stay, and what they do when refused.
//!
//! A [`Scenario`] is plain data (JSON or TOML with the `serde` feature; the
//! format is described in `docs/scenarios.md`). Times are seconds as numbers.
//! [`Scenario::validate`] checks it and names the offending field, e.g.
//! `session.shape`, so that a tool can point at the line of a file.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::distributions::{Distribution, DistributionError};
use crate::admission::{FieldError, Limits, MAX_SECONDS, ServerSpec, check_seconds};
use crate::clients::{Behaviour, ClientProfile, Delays, Jitter, RetryRule};

/// Longest simulated time accepted, in seconds (about 31 years): time is kept
/// in nanoseconds in a `u64`, and this leaves room for session lengths and
/// retries beyond the end.
pub const MAX_DURATION_SECONDS: f64 = MAX_SECONDS;
/// Most client IP addresses in a population (the size of 10.0.0.0/8).
pub const MAX_IPS: u32 = 1 << 24;
/// Most buckets in a report's timeline.
pub const MAX_TIMELINE_BUCKETS: u32 = 10_000;
/// Most transcripts of each kind a report may carry.
pub const MAX_TRANSCRIPTS: u32 = 32;
/// Most connections one user opens at once.
pub const MAX_CONNECTIONS_PER_USER: u32 = 1_000;
/// Most users in a closed population.
pub const MAX_USERS: u32 = 1_000_000;

/// A complete simulation scenario. Every section has a default, so the
/// smallest valid scenario is `{"duration": 60}` (an RFC-style server
/// admitting 10 clients, 0.2 arrivals per second, exponential sessions of
/// 50 s: an M/M/10/10 loss system at 10 erlangs). A `server` section that is
/// given is a [`ServerSpec`], read as `ftpsim serve` reads it: a limit it
/// leaves out is the preset's default, `0` is unlimited.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Scenario {
    /// A short name shown in reports.
    pub name: Option<String>,
    /// What the scenario illustrates.
    pub description: Option<String>,
    /// Simulated time, in seconds. Arrivals happen in `[0, duration)`.
    pub duration: f64,
    /// The seed: the same scenario and seed give the same report.
    pub seed: u64,
    /// The server: the one model that `ftpsim serve` and the playground read
    /// too.
    pub server: ServerSpec,
    /// Who connects: how many client IP addresses and how arrivals spread
    /// over them.
    pub clients: ClientSpec,
    /// When new clients arrive.
    pub arrivals: ArrivalSpec,
    /// How long an admitted client stays connected.
    pub session: SessionSpec,
    /// What each user came to do: hold sessions, or move files.
    pub job: JobSpec,
    /// What a refused client does.
    pub retry: RetrySpec,
    /// What the report contains.
    pub report: ReportSpec,
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario {
            name: None,
            description: None,
            duration: 3600.0,
            seed: 1,
            // Without a server section: the textbook M/M/10/10 example.
            server: ServerSpec {
                max_clients: Some(10),
                ..ServerSpec::default()
            },
            clients: ClientSpec::default(),
            arrivals: ArrivalSpec::default(),
            session: SessionSpec::default(),
            job: JobSpec::default(),
            retry: RetrySpec::default(),
            report: ReportSpec::default(),
        }
    }
}

/// The users: where they connect from and which client they run.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct ClientSpec {
    /// How many distinct client IP addresses (10.0.0.1 upwards). Fewer
    /// addresses than users puts users behind shared addresses (an office
    /// NAT): they share every per-address limit.
    pub ips: u32,
    /// How arrivals are spread over those addresses (a closed population
    /// puts user `k` behind address `k mod ips` instead).
    pub spread: Spread,
    /// Seconds between the 220 greeting and the client's PASS (when
    /// ProFTPD's MaxClients is checked). 0 logs in at once.
    pub login_after: f64,
    /// The client program every user runs: a key of
    /// [`clients::ALL`](crate::clients::ALL) (`"filezilla"`, `"lftp"`,
    /// `"rclone"`, …), whose connections and retry habits it takes, or
    /// `"custom"`: one connection, retried as the `[retry]` section says.
    pub profile: String,
    /// Connections each user opens at once, overriding the profile's
    /// (FileZilla's browsing connection plus its transfers, `lftp mirror
    /// --parallel`, rclone's transfers and checkers).
    pub connections: Option<u32>,
    /// The share of sessions that vanish without QUIT or TCP close (a
    /// crashed client, a dropped Wi-Fi): the server holds each one's slot
    /// until its idle timeout.
    pub ghost_fraction: f64,
}

/// The profile of a client driven by the scenario's own `[retry]` section.
pub const CUSTOM_PROFILE: &str = "custom";

impl Default for ClientSpec {
    fn default() -> ClientSpec {
        ClientSpec {
            ips: 100,
            spread: Spread::Uniform,
            login_after: 0.0,
            profile: String::from(CUSTOM_PROFILE),
            connections: None,
            ghost_fraction: 0.0,
        }
    }
}

impl ClientSpec {
    /// The profile named by `profile`; `None` for `custom`.
    pub fn client_profile(&self) -> Option<&'static ClientProfile> {
        crate::clients::find(&self.profile)
    }

    /// What a user does after each form of refusal: with one connection,
    /// and with each of several. The profile's rules, or `retry` (the
    /// scenario's `[retry]` section) for every form with the custom client.
    pub fn behaviours(&self, retry: &RetrySpec) -> (Behaviour, Behaviour) {
        match self.client_profile() {
            Some(profile) => (
                profile.behaviour,
                profile.parallel_behaviour.unwrap_or(profile.behaviour),
            ),
            None => {
                let custom = Behaviour::uniform(retry.rule());
                (custom, custom)
            }
        }
    }

    /// Whether a refused connection of a user with `connections` at once
    /// follows the job's rules (the second of [`ClientSpec::behaviours`]):
    /// only while `others_in` of its other connections are admitted, for
    /// the job goes on over them; with none in, the user meets the refusal
    /// as a lone client does. One rule for the simulator and `ftpsim drive`.
    pub const fn job_rules_apply(connections: u32, others_in: u32) -> bool {
        connections > 1 && others_in > 0
    }

    /// The rules of a refused connection of this user, with `others_in` of
    /// its other connections admitted: see [`ClientSpec::job_rules_apply`].
    pub fn behaviour(&self, retry: &RetrySpec, others_in: u32) -> Behaviour {
        let (alone, parallel) = self.behaviours(retry);
        if Self::job_rules_apply(self.connections_per_user(), others_in) {
            parallel
        } else {
            alone
        }
    }

    /// Connections each user opens at once.
    pub fn connections_per_user(&self) -> u32 {
        self.connections.unwrap_or_else(|| {
            self.client_profile()
                .map_or(1, ClientProfile::default_connections)
        })
    }
}

/// What a user came to do.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        tag = "kind",
        rename_all = "kebab-case",
        try_from = "super::scenario_format::RawJob"
    )
)]
#[non_exhaustive]
pub enum JobSpec {
    /// Each connection holds a session of the `[session]` length. The job
    /// is done once every connection has been admitted.
    #[default]
    Session,
    /// `files` files of `size` bytes, pulled from one queue by the user's
    /// connections, each moving `bandwidth` bytes per second. The job is
    /// done when the last file has arrived; it fails when no connection is
    /// left to move the rest.
    Transfer {
        files: u32,
        size: f64,
        bandwidth: f64,
    },
}

/// How arrivals are spread over the client addresses.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        tag = "kind",
        rename_all = "kebab-case",
        try_from = "super::scenario_format::RawSpread"
    )
)]
#[non_exhaustive]
pub enum Spread {
    /// Every address equally likely.
    #[default]
    Uniform,
    /// The k-th busiest address is chosen with weight `1 / k^exponent`.
    Zipf { exponent: f64 },
    /// One address (10.0.0.1) makes `fraction` of all arrivals; the others
    /// share the rest uniformly.
    Greedy { fraction: f64 },
}

/// When new clients arrive.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        tag = "kind",
        rename_all = "kebab-case",
        try_from = "super::scenario_format::RawArrivals"
    )
)]
#[non_exhaustive]
pub enum ArrivalSpec {
    /// A Poisson process: `rate` arrivals per second on average,
    /// independent of each other.
    Poisson { rate: f64 },
    /// A Poisson process whose rate changes at given times: each segment's
    /// `rate` holds from its `from` (seconds) until the next segment's. The
    /// first segment starts at 0.
    Piecewise { segments: Vec<RateSegment> },
    /// Arrivals at exactly these times (seconds, in increasing order).
    Explicit { times: Vec<f64> },
    /// A closed population of `users`: each thinks for a `think` time (a
    /// distribution, written like a `[session]` section), starts its job,
    /// and thinks again once the job is done or its client gave up.
    Population { users: u32, think: SessionSpec },
}

impl Default for ArrivalSpec {
    fn default() -> ArrivalSpec {
        ArrivalSpec::Poisson { rate: 0.2 }
    }
}

/// One piece of a piecewise-constant arrival rate.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RateSegment {
    /// Seconds from the start.
    pub from: f64,
    /// Arrivals per second from then on.
    pub rate: f64,
}

/// The length of an admitted session, in seconds.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        tag = "kind",
        rename_all = "kebab-case",
        try_from = "super::scenario_format::RawSession"
    )
)]
#[non_exhaustive]
pub enum SessionSpec {
    /// Every session lasts `seconds`.
    Constant { seconds: f64 },
    /// Exponential with the given mean.
    Exponential { mean: f64 },
    /// Log-normal with the given mean and exactly one of `sigma` (the
    /// standard deviation of the logarithm) or `cv` (standard deviation
    /// divided by mean, of the length itself).
    #[cfg_attr(feature = "serde", serde(rename = "lognormal", alias = "log-normal"))]
    LogNormal {
        mean: f64,
        #[cfg_attr(feature = "serde", serde(default))]
        sigma: Option<f64>,
        #[cfg_attr(feature = "serde", serde(default))]
        cv: Option<f64>,
    },
    /// Pareto with the given mean and shape (> 1): a heavy tail of very
    /// long sessions.
    Pareto { mean: f64, shape: f64 },
}

impl Default for SessionSpec {
    fn default() -> SessionSpec {
        SessionSpec::Exponential { mean: 50.0 }
    }
}

impl SessionSpec {
    /// Sets the mean length, keeping the shape (for a constant length, the
    /// length itself).
    pub fn set_mean(&mut self, new_mean: f64) {
        match self {
            SessionSpec::Constant { seconds } => *seconds = new_mean,
            SessionSpec::Exponential { mean }
            | SessionSpec::LogNormal { mean, .. }
            | SessionSpec::Pareto { mean, .. } => *mean = new_mean,
        }
    }

    /// The mean session length in seconds, as written.
    pub fn mean(&self) -> f64 {
        match *self {
            SessionSpec::Constant { seconds } => seconds,
            SessionSpec::Exponential { mean }
            | SessionSpec::LogNormal { mean, .. }
            | SessionSpec::Pareto { mean, .. } => mean,
        }
    }

    /// The distribution to sample, or the parameter at fault.
    pub fn distribution(&self) -> Result<Distribution, ScenarioError> {
        let at = |e: DistributionError| {
            let parameter = match &e {
                DistributionError::NotPositive { parameter, .. }
                | DistributionError::Negative { parameter, .. } => *parameter,
                DistributionError::ParetoShapeTooSmall { .. } => "shape",
            };
            let field = if parameter == "value" {
                "seconds"
            } else {
                parameter
            };
            ScenarioError::new(format!("session.{field}"), e.to_string())
        };
        match *self {
            SessionSpec::Constant { seconds } => Distribution::constant(seconds).map_err(at),
            SessionSpec::Exponential { mean } => Distribution::exponential(mean).map_err(at),
            SessionSpec::LogNormal { mean, sigma, cv } => match (sigma, cv) {
                (Some(sigma), None) => Distribution::log_normal_mean_sigma(mean, sigma).map_err(at),
                (None, Some(cv)) => Distribution::log_normal_mean_cv(mean, cv).map_err(at),
                _ => Err(ScenarioError::new(
                    "session",
                    "a lognormal session needs exactly one of `sigma` or `cv`",
                )),
            },
            SessionSpec::Pareto { mean, shape } => Distribution::pareto(mean, shape).map_err(at),
        }
    }
}

/// What a refused client does.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        tag = "kind",
        rename_all = "kebab-case",
        try_from = "super::scenario_format::RawRetry"
    )
)]
#[non_exhaustive]
pub enum RetrySpec {
    /// Gives up at the first refusal.
    #[default]
    None,
    /// Tries again `delay` seconds after each refusal, up to `max_attempts`
    /// attempts in all (the first included); without `max_attempts` it keeps
    /// trying until the simulation ends.
    Fixed {
        delay: f64,
        #[cfg_attr(feature = "serde", serde(default))]
        max_attempts: Option<u32>,
    },
    /// Exponential backoff: the n-th retry waits `min(max, base · 2^(n−1))`
    /// seconds, randomised by `jitter`, up to `max_attempts` attempts in all.
    Backoff {
        base: f64,
        max: f64,
        max_attempts: u32,
        #[cfg_attr(feature = "serde", serde(default))]
        jitter: Jitter,
    },
    /// Random delays, exponential with this `mean`, until admitted unless
    /// `max_attempts` (attempts in all) says otherwise: the classic
    /// retrial queue.
    Exponential {
        mean: f64,
        #[cfg_attr(feature = "serde", serde(default))]
        max_attempts: Option<u32>,
    },
}

impl RetrySpec {
    /// The section as a client rule: backoff doubles from `base` up to
    /// `max`; `max_attempts` counts the first try.
    pub fn rule(&self) -> RetryRule {
        match *self {
            RetrySpec::None => RetryRule::GIVE_UP,
            RetrySpec::Fixed {
                delay,
                max_attempts,
            } => RetryRule {
                delays: Delays::Fixed { seconds: delay },
                jitter: Jitter::None,
                max_attempts,
            },
            RetrySpec::Backoff {
                base,
                max,
                max_attempts,
                jitter,
            } => RetryRule {
                delays: Delays::Growing {
                    first: base,
                    factor: 2.0,
                    max,
                },
                jitter,
                max_attempts: Some(max_attempts),
            },
            RetrySpec::Exponential { mean, max_attempts } => RetryRule {
                delays: Delays::Exponential { mean },
                jitter: Jitter::None,
                max_attempts,
            },
        }
    }
}

/// What the report contains.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct ReportSpec {
    /// Buckets in the timeline; its memory does not grow with duration.
    pub timeline_buckets: u32,
    /// Full transcripts of greeted sessions, at most this many for each way
    /// a session ended (QUIT, idle timeout, shutdown, login refused for
    /// each reason), sampled across the run.
    pub transcripts_greeted: u32,
    /// Full transcripts of refused connections, at most this many for each
    /// reason of refusal, sampled across the run.
    pub transcripts_refused: u32,
}

impl Default for ReportSpec {
    fn default() -> ReportSpec {
        ReportSpec {
            timeline_buckets: 60,
            transcripts_greeted: 1,
            transcripts_refused: 1,
        }
    }
}

/// A scenario field that is out of range or inconsistent, named by its path.
pub type ScenarioError = FieldError;

fn seconds(field: &str, value: f64, allow_zero: bool) -> Result<(), ScenarioError> {
    check_seconds(field, value, allow_zero)
}

fn rate(field: &str, value: f64) -> Result<(), ScenarioError> {
    // A billion arrivals per second is already far beyond any server; the
    // bound keeps interarrival times representable in nanoseconds.
    if value.is_finite() && (0.0..=1e9).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError::new(
            field,
            format!("must be a rate between 0 and 1e9 per second, not {value}"),
        ))
    }
}

/// A number in `low..=high`.
fn between(field: &str, value: f64, low: f64, high: f64) -> Result<(), ScenarioError> {
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError::new(
            field,
            format!("must be between {low} and {high}, not {value}"),
        ))
    }
}

/// `retry.max_attempts` counts the first attempt, so 0 would mean never
/// connecting at all.
fn at_least_one_attempt(max_attempts: u32) -> Result<(), ScenarioError> {
    if max_attempts == 0 {
        return Err(ScenarioError::new(
            "retry.max_attempts",
            "counts the first attempt too, so it must be at least 1",
        ));
    }
    Ok(())
}

impl Scenario {
    /// A loss system (M/G/c/c): Poisson arrivals at `arrival_rate` per
    /// second from `ips` addresses, `servers` slots and nothing else, no
    /// retries and no transcripts, long enough for about `arrivals`
    /// arrivals. Erlang B applies to its report. Seed 1; set `seed` to vary.
    pub fn loss_system(
        servers: u32,
        arrival_rate: f64,
        session: SessionSpec,
        ips: u32,
        arrivals: f64,
    ) -> Scenario {
        Scenario {
            duration: arrivals / arrival_rate,
            server: ServerSpec {
                max_clients: Some(servers),
                ..ServerSpec::default()
            },
            clients: ClientSpec {
                ips,
                ..ClientSpec::default()
            },
            arrivals: ArrivalSpec::Poisson { rate: arrival_rate },
            session,
            retry: RetrySpec::None,
            report: ReportSpec {
                transcripts_greeted: 0,
                transcripts_refused: 0,
                ..ReportSpec::default()
            },
            ..Scenario::default()
        }
    }

    /// Checks every field; the error names the first one at fault.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        seconds("duration", self.duration, false)?;
        self.validate_server()?;
        self.validate_clients()?;
        self.validate_arrivals()?;
        self.session.distribution()?;
        self.validate_job()?;
        self.validate_retry()?;
        let report = &self.report;
        if !(1..=MAX_TIMELINE_BUCKETS).contains(&report.timeline_buckets) {
            return Err(ScenarioError::new(
                "report.timeline_buckets",
                format!(
                    "must be between 1 and {MAX_TIMELINE_BUCKETS}, not {}",
                    report.timeline_buckets
                ),
            ));
        }
        for (field, value) in [
            ("report.transcripts_greeted", report.transcripts_greeted),
            ("report.transcripts_refused", report.transcripts_refused),
        ] {
            if value > MAX_TRANSCRIPTS {
                return Err(ScenarioError::new(
                    field,
                    format!("at most {MAX_TRANSCRIPTS} transcripts, not {value}"),
                ));
            }
        }
        Ok(())
    }

    fn validate_server(&self) -> Result<(), ScenarioError> {
        self.server.validate().map_err(|e| e.within("server"))
    }

    fn validate_clients(&self) -> Result<(), ScenarioError> {
        let clients = &self.clients;
        if !(1..=MAX_IPS).contains(&clients.ips) {
            return Err(ScenarioError::new(
                "clients.ips",
                format!("must be between 1 and {MAX_IPS}, not {}", clients.ips),
            ));
        }
        match clients.spread {
            Spread::Uniform => {}
            Spread::Zipf { exponent } => between("clients.spread.exponent", exponent, 0.0, 10.0)?,
            Spread::Greedy { fraction } => between("clients.spread.fraction", fraction, 0.0, 1.0)?,
        }
        seconds("clients.login_after", clients.login_after, true)?;
        if clients.profile != CUSTOM_PROFILE && clients.client_profile().is_none() {
            let known: Vec<&str> = crate::clients::ALL.iter().map(|c| c.key).collect();
            return Err(ScenarioError::new(
                "clients.profile",
                format!(
                    "unknown client {:?}; expected \"{CUSTOM_PROFILE}\" or one of {}",
                    clients.profile,
                    known.join(", ")
                ),
            ));
        }
        if let Some(n) = clients.connections
            && !(1..=MAX_CONNECTIONS_PER_USER).contains(&n)
        {
            return Err(ScenarioError::new(
                "clients.connections",
                format!("must be between 1 and {MAX_CONNECTIONS_PER_USER}, not {n}"),
            ));
        }
        between("clients.ghost_fraction", clients.ghost_fraction, 0.0, 1.0)
    }

    fn validate_job(&self) -> Result<(), ScenarioError> {
        match self.job {
            JobSpec::Session => Ok(()),
            JobSpec::Transfer {
                files,
                size,
                bandwidth,
            } => {
                if files == 0 {
                    return Err(ScenarioError::new(
                        "job.files",
                        "a transfer job moves at least 1 file",
                    ));
                }
                between("job.size", size, 1.0, 1e15)?;
                between("job.bandwidth", bandwidth, 1.0, 1e12)?;
                // The time of one file must be representable.
                seconds("job.size", size / bandwidth, false)
            }
        }
    }

    fn validate_arrivals(&self) -> Result<(), ScenarioError> {
        match &self.arrivals {
            ArrivalSpec::Poisson { rate: r } => rate("arrivals.rate", *r),
            ArrivalSpec::Piecewise { segments } => {
                if segments.is_empty() {
                    return Err(ScenarioError::new(
                        "arrivals.segments",
                        "needs at least one segment, e.g. { from = 0, rate = 1.5 }",
                    ));
                }
                let mut previous = None;
                for (i, segment) in segments.iter().enumerate() {
                    let field = |name: &str| format!("arrivals.segments[{i}].{name}");
                    seconds(&field("from"), segment.from, true)?;
                    rate(&field("rate"), segment.rate)?;
                    if i == 0 && segment.from != 0.0 {
                        return Err(ScenarioError::new(
                            field("from"),
                            format!("the first segment must start at 0, not {}", segment.from),
                        ));
                    }
                    if let Some(before) = previous
                        && segment.from <= before
                    {
                        return Err(ScenarioError::new(
                            field("from"),
                            format!(
                                "segments must start in increasing order; {} does not come after {before}",
                                segment.from
                            ),
                        ));
                    }
                    previous = Some(segment.from);
                }
                Ok(())
            }
            ArrivalSpec::Explicit { times } => {
                let mut previous = 0.0;
                for (i, &t) in times.iter().enumerate() {
                    let field = format!("arrivals.times[{i}]");
                    seconds(&field, t, true)?;
                    if t < previous {
                        return Err(ScenarioError::new(
                            field,
                            format!("times must not decrease; {t} comes after {previous}"),
                        ));
                    }
                    previous = t;
                }
                Ok(())
            }
            ArrivalSpec::Population { users, think } => {
                if !(1..=MAX_USERS).contains(users) {
                    return Err(ScenarioError::new(
                        "arrivals.users",
                        format!("must be between 1 and {MAX_USERS}, not {users}"),
                    ));
                }
                think.distribution().map(|_| ()).map_err(|e| {
                    let field = e.field.replacen("session", "arrivals.think", 1);
                    ScenarioError::new(field, e.message)
                })
            }
        }
    }

    fn validate_retry(&self) -> Result<(), ScenarioError> {
        if self.retry != RetrySpec::None && self.clients.profile != CUSTOM_PROFILE {
            return Err(ScenarioError::new(
                "retry",
                format!(
                    "applies to the \"{CUSTOM_PROFILE}\" client only; {:?} retries by its own rules \
                     (leave [retry] out, or set clients.profile = \"{CUSTOM_PROFILE}\")",
                    self.clients.profile
                ),
            ));
        }
        match &self.retry {
            RetrySpec::None => Ok(()),
            RetrySpec::Exponential { mean, max_attempts } => {
                seconds("retry.mean", *mean, false)?;
                max_attempts.map_or(Ok(()), at_least_one_attempt)
            }
            RetrySpec::Fixed {
                delay,
                max_attempts,
            } => {
                seconds("retry.delay", *delay, false)?;
                max_attempts.map_or(Ok(()), at_least_one_attempt)
            }
            RetrySpec::Backoff {
                base,
                max,
                max_attempts,
                ..
            } => {
                seconds("retry.base", *base, false)?;
                seconds("retry.max", *max, false)?;
                if max < base {
                    return Err(ScenarioError::new(
                        "retry.max",
                        format!(
                            "the longest delay ({max} s) must not be below the first ({base} s)"
                        ),
                    ));
                }
                at_least_one_attempt(*max_attempts)
            }
        }
    }

    /// The gate's limits for this scenario (call after [`Scenario::validate`]).
    pub fn limits(&self) -> Limits {
        self.server.limits()
    }

    /// The offered load in erlangs (arrival rate × mean holding time) when
    /// the arrival rate is constant. A session holds its slot for its
    /// length, and a ghost's (a `ghost_fraction` of them) for the server's
    /// idle timeout more: `mean_session + ghost_fraction × idle_timeout`.
    pub fn offered_load(&self) -> Option<f64> {
        let rate = match &self.arrivals {
            ArrivalSpec::Poisson { rate } => *rate,
            ArrivalSpec::Piecewise { segments } if segments.len() == 1 => segments[0].rate,
            _ => return None,
        };
        let ghosts = self.clients.ghost_fraction;
        let ghost_hold = if ghosts > 0.0 {
            ghosts * self.server.idle_timeout()?.as_secs_f64()
        } else {
            0.0
        };
        Some(rate * (self.session.mean() + ghost_hold))
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_loss_system_is_valid_and_gets_the_erlang_b_prediction() {
        let scenario =
            Scenario::loss_system(10, 10.0, SessionSpec::Exponential { mean: 1.0 }, 7, 5_000.0);
        scenario.validate().unwrap();
        assert_eq!(scenario.duration, 500.0);
        assert_eq!(scenario.clients.ips, 7);
        let mut simulation = crate::sim::Simulation::new(&scenario).unwrap();
        simulation.run_until(crate::time::Instant::MAX);
        let report = simulation.report();
        assert_eq!(report.erlang_b_not_applicable, None);
        let predicted = report.erlang_b.unwrap();
        assert!((predicted - 0.2146).abs() < 1e-3, "{predicted}");
        assert!(report.transcripts.is_empty());
    }
    use super::*;
    use alloc::vec;

    #[test]
    fn the_default_scenario_is_valid() {
        Scenario::default().validate().unwrap();
        assert_eq!(Scenario::default().offered_load(), Some(10.0));
    }

    #[test]
    fn errors_name_the_field() {
        let mut s = Scenario {
            duration: 0.0,
            ..Scenario::default()
        };
        assert_eq!(s.validate().unwrap_err().field, "duration");
        s.duration = 10.0;
        s.session = SessionSpec::Pareto {
            mean: 10.0,
            shape: 0.9,
        };
        let err = s.validate().unwrap_err();
        assert_eq!(err.field, "session.shape");
        assert!(err.message.contains("above 1"), "{err}");
        s.session = SessionSpec::LogNormal {
            mean: 10.0,
            sigma: Some(1.0),
            cv: Some(1.0),
        };
        assert_eq!(s.validate().unwrap_err().field, "session");
        s.session = SessionSpec::Constant { seconds: -1.0 };
        assert_eq!(s.validate().unwrap_err().field, "session.seconds");
        s.session = SessionSpec::default();
        s.arrivals = ArrivalSpec::Piecewise {
            segments: vec![
                RateSegment {
                    from: 0.0,
                    rate: 1.0,
                },
                RateSegment {
                    from: 50.0,
                    rate: 2.0,
                },
                RateSegment {
                    from: 40.0,
                    rate: 2.0,
                },
            ],
        };
        assert_eq!(s.validate().unwrap_err().field, "arrivals.segments[2].from");
        s.arrivals = ArrivalSpec::Explicit {
            times: vec![1.0, f64::NAN],
        };
        assert_eq!(s.validate().unwrap_err().field, "arrivals.times[1]");
        s.arrivals = ArrivalSpec::default();
        s.retry = RetrySpec::Backoff {
            base: 5.0,
            max: 1.0,
            max_attempts: 3,
            jitter: Jitter::Full,
        };
        assert_eq!(s.validate().unwrap_err().field, "retry.max");
        s.retry = RetrySpec::None;
        s.server.shutdown = Some(crate::admission::ShutdownSpec {
            refuse_from: 10.0,
            disconnect_at: 5.0,
            message: "x".into(),
        });
        assert_eq!(
            s.validate().unwrap_err().field,
            "server.shutdown.disconnect_at"
        );
        s.server.shutdown = None;
        s.clients.ips = 0;
        assert_eq!(s.validate().unwrap_err().field, "clients.ips");
        s.clients.ips = 5;
        s.clients.spread = Spread::Greedy { fraction: 1.5 };
        let err = s.validate().unwrap_err();
        assert_eq!(err.field, "clients.spread.fraction");
        assert_eq!(err.message, "must be between 0 and 1, not 1.5");
        s.clients.spread = Spread::Greedy { fraction: f64::NAN };
        assert_eq!(s.validate().unwrap_err().field, "clients.spread.fraction");
        s.clients.spread = Spread::Greedy { fraction: 1.0 };
        s.validate().unwrap();
        s.clients.spread = Spread::Zipf { exponent: 11.0 };
        let err = s.validate().unwrap_err();
        assert_eq!(err.field, "clients.spread.exponent");
        assert_eq!(err.message, "must be between 0 and 10, not 11");
        s.clients.spread = Spread::Zipf { exponent: 0.0 };
        s.validate().unwrap();
        s.clients.spread = Spread::Uniform;
        for retry in [
            RetrySpec::Fixed {
                delay: 1.0,
                max_attempts: Some(0),
            },
            RetrySpec::Backoff {
                base: 1.0,
                max: 2.0,
                max_attempts: 0,
                jitter: Jitter::Full,
            },
        ] {
            s.retry = retry;
            let err = s.validate().unwrap_err();
            assert_eq!(err.field, "retry.max_attempts");
            assert!(err.message.contains("at least 1"), "{err}");
        }
        s.retry = RetrySpec::Fixed {
            delay: 1.0,
            max_attempts: None,
        };
        s.validate().unwrap();
        s.retry = RetrySpec::None;
        s.report.timeline_buckets = 0;
        assert_eq!(s.validate().unwrap_err().field, "report.timeline_buckets");
    }
}
