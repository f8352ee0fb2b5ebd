//! What a simulation found, ready to print or serialise.
//!
//! Every count is exact; every time is in seconds. The JSON form (with the
//! `serde` feature) is deterministic: the same scenario and seed give the
//! same bytes, so reports can be compared with `diff`.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

pub use crate::session::Side;
use crate::{Lang, Text};

/// The outcome of a simulation run (or of the part run so far).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
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
    /// Why Erlang B does not apply, when it does not. In JSON, its stable
    /// [`key`](NotALossSystem::key), e.g. `"retries"`.
    pub erlang_b_not_applicable: Option<NotALossSystem>,
    /// Most simultaneous connections held at any instant.
    pub peak_concurrency: u32,
    /// Time-averaged number of connections held.
    pub mean_concurrency: f64,
    /// Connections still held when the report was made.
    pub final_concurrency: u32,
    /// Engset's prediction of `blocking_probability` (call congestion,
    /// with `engset_sources` = users − 1 sources), when the scenario is a
    /// closed population of one-connection users who give up when refused,
    /// against one global limit.
    pub engset: Option<f64>,
    /// The sources of the Engset prediction (users − 1).
    pub engset_sources: Option<u32>,
    /// What happened to each user: its job done, or its client gave up.
    pub users: UserOutcomes,
    /// What happened to each connection a user opened (its first attempt
    /// and its retries).
    pub clients: ClientOutcomes,
    /// Concurrency and outcomes over time.
    pub timeline: Timeline,
    /// Full exchanges for a few chosen connections.
    pub transcripts: Vec<SampledSession>,
}

/// Refusals for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ReasonCount {
    pub reason: &'static str,
    /// The reply code sent; `None` for a close without a reply.
    pub code: Option<u16>,
    pub count: u64,
}

/// Refusals by what the client saw.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CodeCount {
    pub code: String,
    pub count: u64,
}

/// A two-sided confidence interval.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ConfidenceInterval {
    pub low: f64,
    pub high: f64,
    pub level: f64,
    /// How it was computed.
    pub method: &'static str,
}

/// Per-user outcomes, summarised. A user is one arrival (one job, for a
/// closed population each new job); it may open several connections.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct UserOutcomes {
    /// Users that arrived.
    pub users: u64,
    /// Users whose job was done: every connection admitted (a session job)
    /// or every file moved (a transfer job).
    pub users_completed: u64,
    /// Users whose client gave up before the job was done.
    pub users_failed: u64,
    /// Users still at work (or waiting to retry) when the run ended.
    pub users_active: u64,
    /// `users_failed / (users_completed + users_failed)`.
    pub user_failure_probability: Option<f64>,
    /// Users refused at the first attempt of some connection, over users:
    /// what a person sees at once. Unlike the per-attempt blocking
    /// probability, it does not count retries.
    pub first_attempt_blocking: Option<f64>,
    /// Refusals seen per user whose outcome is known.
    pub mean_refusals: Option<f64>,
    pub max_refusals: u32,
    /// Retries made per user (refusals followed by another try).
    pub mean_retries: Option<f64>,
    /// From a user's arrival to its job done, over completed users.
    pub time_to_complete: Option<WaitSummary>,
}

/// Per-client outcomes, summarised.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
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
#[non_exhaustive]
pub struct AttemptsCount {
    pub attempts: u32,
    pub or_more: bool,
    pub clients: u64,
}

/// A distribution of waiting times in seconds (quantiles to within 1/16).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
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
#[non_exhaustive]
pub struct Timeline {
    pub bucket_seconds: f64,
    pub buckets: Vec<TimelineBucket>,
}

/// One stretch of the timeline.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
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

/// One line of a sampled session: what crossed the wire, CRLF included.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct WireLine {
    /// Seconds from the start of the run.
    pub at: f64,
    pub from: Side,
    /// The bytes, as text (lossy for bytes that are not UTF-8).
    pub text: String,
}

/// One connection the simulator recorded, run through a real
/// [`Session`](crate::session::Session): its exchange as lines of text.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SampledSession {
    /// The attempt's number in the run (1-based).
    pub attempt: u64,
    pub client_ip: String,
    /// When the client connected, in seconds (a silent refusal has no
    /// line to say it).
    pub at: f64,
    /// `"greeted"` or `"refused"` (at connect, or after PASS).
    pub outcome: &'static str,
    /// How the connection ended, the kind it was sampled among: for a
    /// greeted session `"quit"`, `"idle_timeout"`, `"shutdown"`, or `"open"`
    /// while it runs; for a refusal (at connect or at login) the
    /// [`RefusalReason::key`](crate::admission::RefusalReason::key).
    pub kind: &'static str,
    pub lines: Vec<WireLine>,
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

/// Why a scenario is not a pure loss system, so that Erlang B does not
/// predict its refusals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NotALossSystem {
    /// Arrivals do not come at one constant Poisson rate.
    ArrivalsNotPoisson,
    /// Refused clients retry.
    Retries,
    /// A per-address connection rate limit is set.
    RateLimit,
    /// A shutdown is scheduled.
    Shutdown,
    /// A warm-up delays the greeting.
    Warmup,
    /// A per-user login limit is set.
    PerUserLimit,
    /// The login limit is checked after a delay, not at the greeting.
    DelayedLoginLimit,
    /// No limit on connections at all.
    NoLimit,
    /// A per-address limit is below the global one.
    PerAddressLimit,
    /// The offered load is not a finite number.
    LoadNotFinite,
    /// A closed population of users (Engset's case, not Erlang's).
    ClosedPopulation,
    /// Each user opens several connections at once.
    SeveralConnections,
    /// Users move files: a connection's holding time depends on the others.
    TransferJobs,
    /// The server accepts nothing for a while after each session ends
    /// (ProFTPD): arrivals wait, and are not decided as they come.
    AcceptPause,
}

impl NotALossSystem {
    pub const ALL: [NotALossSystem; 14] = [
        NotALossSystem::ArrivalsNotPoisson,
        NotALossSystem::Retries,
        NotALossSystem::RateLimit,
        NotALossSystem::Shutdown,
        NotALossSystem::Warmup,
        NotALossSystem::PerUserLimit,
        NotALossSystem::DelayedLoginLimit,
        NotALossSystem::NoLimit,
        NotALossSystem::PerAddressLimit,
        NotALossSystem::LoadNotFinite,
        NotALossSystem::ClosedPopulation,
        NotALossSystem::SeveralConnections,
        NotALossSystem::TransferJobs,
        NotALossSystem::AcceptPause,
    ];

    /// A stable machine-readable name, the form used in JSON reports.
    pub const fn key(self) -> &'static str {
        match self {
            NotALossSystem::ArrivalsNotPoisson => "arrivals_not_poisson",
            NotALossSystem::Retries => "retries",
            NotALossSystem::RateLimit => "rate_limit",
            NotALossSystem::Shutdown => "shutdown",
            NotALossSystem::Warmup => "warmup",
            NotALossSystem::PerUserLimit => "per_user_limit",
            NotALossSystem::DelayedLoginLimit => "delayed_login_limit",
            NotALossSystem::NoLimit => "no_limit",
            NotALossSystem::PerAddressLimit => "per_address_limit",
            NotALossSystem::LoadNotFinite => "load_not_finite",
            NotALossSystem::ClosedPopulation => "closed_population",
            NotALossSystem::SeveralConnections => "several_connections",
            NotALossSystem::TransferJobs => "transfer_jobs",
            NotALossSystem::AcceptPause => "accept_pause",
        }
    }

    /// The reason as a clause for a person, in `lang`, starting in lower
    /// case so it can follow "does not apply: ". The English text is the
    /// [`Display`](fmt::Display) form.
    pub const fn describe(self, lang: Lang) -> &'static str {
        self.text().of(lang)
    }

    /// The reason in every language.
    pub const fn text(self) -> Text {
        match self {
            NotALossSystem::ArrivalsNotPoisson => Text {
                en: "arrivals do not come at a constant Poisson rate",
                fr: "les arrivées ne suivent pas un processus de Poisson à débit constant",
            },
            NotALossSystem::Retries => Text {
                en: "refused clients come back, so arrivals are no longer Poisson",
                fr: "les clients refusés reviennent, donc les arrivées ne suivent plus un processus de Poisson",
            },
            NotALossSystem::RateLimit => Text {
                en: "a per-address rate limit refuses too",
                fr: "une limite de débit par adresse refuse aussi",
            },
            NotALossSystem::Shutdown => Text {
                en: "a shutdown refuses too",
                fr: "un arrêt refuse aussi",
            },
            NotALossSystem::Warmup => Text {
                en: "a warm-up delays the greeting",
                fr: "une mise en route retarde l'accueil",
            },
            NotALossSystem::PerUserLimit => Text {
                en: "a per-user login limit refuses too",
                fr: "une limite de sessions par utilisateur refuse aussi",
            },
            NotALossSystem::DelayedLoginLimit => Text {
                en: "the login limit is checked after a delay, not at the greeting",
                fr: "la limite de sessions authentifiées est vérifiée après un délai, pas à l'accueil",
            },
            NotALossSystem::NoLimit => Text {
                en: "there is no limit on connections: nobody is refused",
                fr: "aucune limite sur les connexions : personne n'est refusé",
            },
            NotALossSystem::PerAddressLimit => Text {
                en: "the per-address limit can refuse before the global one",
                fr: "la limite par adresse peut refuser avant la limite globale",
            },
            NotALossSystem::LoadNotFinite => Text {
                en: "the offered load is not a finite number",
                fr: "la charge offerte n'est pas un nombre fini",
            },
            NotALossSystem::ClosedPopulation => Text {
                en: "a closed population of users arrives less often as more of them are connected (Engset applies instead)",
                fr: "une population fermée d'utilisateurs arrive moins souvent quand davantage sont connectés (c'est Engset qui s'applique)",
            },
            NotALossSystem::SeveralConnections => Text {
                en: "each user opens several connections at once, so arrivals come in groups",
                fr: "chaque utilisateur ouvre plusieurs connexions à la fois, donc les arrivées viennent par groupes",
            },
            NotALossSystem::TransferJobs => Text {
                en: "users move files over their connections, so how long one is held depends on the others",
                fr: "les utilisateurs transfèrent des fichiers sur leurs connexions, donc la durée de l'une dépend des autres",
            },
            NotALossSystem::AcceptPause => Text {
                en: "the server accepts no connection for a while after each session ends, so arrivals wait before they are decided",
                fr: "le serveur n'accepte aucune connexion pendant un moment après chaque fin de session, donc les arrivées attendent avant d'être décidées",
            },
        }
    }
}

impl fmt::Display for NotALossSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe(Lang::En))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for NotALossSystem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeSet;

    #[test]
    fn every_reason_has_a_distinct_key_and_text_in_both_languages() {
        let keys: BTreeSet<&str> = NotALossSystem::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(keys.len(), NotALossSystem::ALL.len());
        for reason in NotALossSystem::ALL {
            let key = reason.key();
            assert!(
                !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{key:?}"
            );
            let en = reason.describe(Lang::En);
            let fr = reason.describe(Lang::Fr);
            assert!(!en.is_empty() && !fr.is_empty(), "{reason:?}");
            assert_ne!(en, fr, "{reason:?}");
            // Each follows "does not apply: ", so starts in lower case.
            for text in [en, fr] {
                assert!(text.starts_with(char::is_lowercase), "{text:?}");
            }
            // French typography: a space before a colon.
            assert_eq!(fr.matches(':').count(), fr.matches(" :").count(), "{fr:?}");
        }
    }

    #[test]
    fn a_run_names_what_breaks_the_model() {
        use crate::sim::{RetrySpec, Scenario, Simulation};
        let loss_system = Scenario::default();
        let report = Simulation::run(&loss_system).unwrap();
        assert!(report.erlang_b.is_some());
        assert_eq!(report.erlang_b_not_applicable, None);
        let with_retries = Scenario {
            retry: RetrySpec::Fixed {
                delay: 5.0,
                max_attempts: None,
            },
            ..Scenario::default()
        };
        let report = Simulation::run(&with_retries).unwrap();
        assert_eq!(report.erlang_b, None);
        assert_eq!(
            report.erlang_b_not_applicable,
            Some(NotALossSystem::Retries)
        );
    }
}
