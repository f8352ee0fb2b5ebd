//! What a simulation found, ready to print or serialise.
//!
//! Every count is exact; every time is in seconds. The JSON form (with the
//! `serde` feature) is deterministic: the same scenario and seed give the
//! same bytes, so reports can be compared with `diff`.

use alloc::string::String;
use alloc::vec::Vec;

/// The outcome of a simulation run (or of the part run so far).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Report {
    /// The scenario's name, if it has one.
    pub scenario: Option<String>,
    /// The server preset simulated.
    pub preset: &'static str,
    pub seed: u64,
    /// Simulated seconds covered by this report.
    pub simulated_seconds: f64,
    /// The run reached the scenario's duration.
    pub finished: bool,
    /// Events processed: arrivals, retries, logins, departures.
    pub events: u64,
    /// Connection attempts, retries included.
    pub attempts: u64,
    /// Attempts admitted to a session: greeted with 220 (and, where the
    /// server checks a limit after PASS, past that check too).
    pub greeted: u64,
    /// Attempts refused, at connect or at login.
    pub refused: u64,
    /// Attempts greeted but still waiting to log in when the run ended;
    /// `greeted + refused + awaiting_login == attempts`.
    pub awaiting_login: u64,
    /// Of the refused: those refused after a 220 (ProFTPD's MaxClients
    /// sends 530 after PASS).
    pub refused_after_greeting: u64,
    /// Refusals by the gate's reason, with the code sent.
    pub refused_by_reason: Vec<ReasonCount>,
    /// Refusals by what the client saw: `"421"`, `"530"`, `"500"`, or
    /// `"silent_close"` (the connection closed without a byte).
    pub refused_by_code: Vec<CodeCount>,
    /// Live sessions ended by a shutdown.
    pub ended_by_shutdown: u64,
    /// `refused / attempts` (0 when there were no attempts).
    pub blocking_probability: f64,
    /// 95% confidence interval of `blocking_probability` by batch means.
    pub blocking_confidence_interval: Option<ConfidenceInterval>,
    /// Arrival rate × mean session length, in erlangs, for a constant rate.
    pub offered_load: Option<f64>,
    /// Erlang B's prediction of `blocking_probability`, when the scenario is
    /// a loss system: Poisson arrivals at a constant rate, one global limit
    /// checked at connect, no retries, no per-IP or rate limits, no
    /// shutdown or warm-up. `null` otherwise.
    pub erlang_b: Option<f64>,
    /// The limit used for the prediction (`c` in `B(E, c)`).
    pub erlang_b_servers: Option<u32>,
    /// Why Erlang B does not apply, when it does not.
    pub erlang_b_not_applicable: Option<&'static str>,
    /// Most simultaneous connections held at any instant.
    pub peak_concurrency: u32,
    /// Time-averaged number of connections held.
    pub mean_concurrency: f64,
    /// Connections still held when the report was made.
    pub final_concurrency: u32,
    /// What happened to each client (one arrival and its retries).
    pub clients: ClientOutcomes,
    /// Concurrency and outcomes over time.
    pub timeline: Timeline,
    /// Full exchanges for a few chosen connections.
    pub transcripts: Vec<Transcript>,
}

/// Refusals for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReasonCount {
    pub reason: &'static str,
    /// The reply code sent; `None` for a close without a reply.
    pub code: Option<u16>,
    pub count: u64,
}

/// Refusals by what the client saw.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CodeCount {
    pub code: String,
    pub count: u64,
}

/// A two-sided confidence interval.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConfidenceInterval {
    pub low: f64,
    pub high: f64,
    pub level: f64,
    /// How it was computed.
    pub method: &'static str,
}

/// Per-client outcomes, summarised.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ClientOutcomes {
    /// Clients that arrived (first attempts).
    pub clients: u64,
    /// Got a session in the end.
    pub served: u64,
    /// Got a session at the first attempt.
    pub served_first_try: u64,
    /// Were refused and stopped trying.
    pub gave_up: u64,
    /// Were waiting to try again (or to log in) when the run ended.
    pub still_trying: u64,
    /// Mean attempts of the clients whose outcome is known.
    pub mean_attempts: Option<f64>,
    pub max_attempts: u32,
    /// How many clients (served or gave up) made 1, 2, … attempts; the
    /// last entry counts 16 attempts or more.
    pub attempts_histogram: Vec<AttemptsCount>,
    /// From a client's first attempt to its 220, over served clients.
    pub time_to_first_220: Option<WaitSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AttemptsCount {
    pub attempts: u32,
    pub or_more: bool,
    pub clients: u64,
}

/// A distribution of waiting times in seconds (quantiles to within 1/16).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WaitSummary {
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

/// The run cut into equal stretches of time.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Timeline {
    pub bucket_seconds: f64,
    pub buckets: Vec<TimelineBucket>,
}

/// One stretch of the timeline.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TimelineBucket {
    pub start: f64,
    pub end: f64,
    pub concurrency_min: u32,
    pub concurrency_max: u32,
    /// Time-averaged over the bucket.
    pub concurrency_mean: f64,
    pub greeted: u64,
    pub refused: u64,
}

/// Who sent a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Direction {
    /// Client to server.
    Client,
    /// Server to client.
    Server,
}

/// One line of a transcript: what crossed the wire, CRLF included.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TranscriptLine {
    /// Seconds from the start of the run.
    pub at: f64,
    pub from: Direction,
    /// The bytes, as text (lossy for bytes that are not UTF-8).
    pub text: String,
}

/// The full exchange of one connection.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Transcript {
    /// The attempt's number in the run (1-based).
    pub attempt: u64,
    pub client_ip: String,
    /// `"greeted"` or `"refused"`.
    pub outcome: &'static str,
    pub lines: Vec<TranscriptLine>,
    /// The connection was closed (by either side) by the end of the run.
    pub closed: bool,
}

impl Report {
    /// The relative deviation of the simulated blocking probability from
    /// Erlang B, when both exist and the prediction is not zero.
    pub fn erlang_b_deviation(&self) -> Option<f64> {
        let predicted = self.erlang_b?;
        (predicted > 0.0).then(|| (self.blocking_probability - predicted) / predicted)
    }
}
