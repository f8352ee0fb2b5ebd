//! The simulator's form: a handful of plain fields that a learner can read,
//! kept in the URL as `key=value` pairs, and turned into the core's
//! [`Scenario`]. The four ready scenarios are values of the same fields.
//!
//! The form checks its own fields (bilingual messages, next to the field);
//! the core's [`Scenario::validate`] stays the last word on the scenario.

use ftpsim::Lang;
use ftpsim::admission::Preset;
use ftpsim::sim::{
    ArrivalSpec, ClientSpec, Jitter, RateSegment, RateSpec, ReportSpec, RetrySpec, Scenario,
    ServerSpec, SessionSpec, ShutdownSpec, Spread,
};

/// The shape of the session-length distribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Exponential,
    Constant,
    /// Log-normal with a coefficient of variation of 1.5.
    LogNormal,
    /// Pareto with shape 1.5: a few very long sessions.
    Pareto,
}

impl Shape {
    pub const ALL: [Shape; 4] = [
        Shape::Exponential,
        Shape::Constant,
        Shape::LogNormal,
        Shape::Pareto,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Shape::Exponential => "exp",
            Shape::Constant => "const",
            Shape::LogNormal => "lognormal",
            Shape::Pareto => "pareto",
        }
    }
}

/// What a refused client does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    None,
    /// Again after the same delay each time.
    Fixed,
    /// Doubling delays from the given one (up to 16 times it), jittered.
    Backoff,
}

impl Retry {
    pub const ALL: [Retry; 3] = [Retry::None, Retry::Fixed, Retry::Backoff];

    pub fn key(self) -> &'static str {
        match self {
            Retry::None => "none",
            Retry::Fixed => "fixed",
            Retry::Backoff => "backoff",
        }
    }
}

/// Everything the form sets. Times are in the units a person thinks in:
/// the run and its windows in minutes, sessions and retries in seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct SimParams {
    pub preset: Preset,
    pub max_clients: Option<u32>,
    pub max_per_ip: Option<u32>,
    /// Connections per address within `rate_window` seconds.
    pub rate_max: Option<u32>,
    pub rate_window: f64,
    /// New clients per minute.
    pub load: f64,
    /// A busier stretch: clients per minute from `peak_from` to `peak_to`
    /// (minutes).
    pub peak: Option<f64>,
    pub peak_from: f64,
    pub peak_to: f64,
    /// Mean session length, seconds.
    pub session: f64,
    pub shape: Shape,
    pub ips: u32,
    /// Share of all arrivals (percent) made by one address, 10.0.0.1.
    pub greedy: Option<f64>,
    pub retry: Retry,
    pub retry_delay: f64,
    /// Attempts in all, the first included.
    pub retry_attempts: u32,
    /// New connections refused from this minute…
    pub shutdown_from: Option<f64>,
    /// …and live sessions ended at this one.
    pub shutdown_at: f64,
    /// Simulated minutes.
    pub duration: f64,
    pub seed: u64,
}

/// The ready scenarios, each a full set of fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ready {
    QuietEvening,
    NineOClockRush,
    MaintenanceShutdown,
    OneGreedyIp,
}

impl Ready {
    pub const ALL: [Ready; 4] = [
        Ready::QuietEvening,
        Ready::NineOClockRush,
        Ready::MaintenanceShutdown,
        Ready::OneGreedyIp,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Ready::QuietEvening => "evening",
            Ready::NineOClockRush => "rush",
            Ready::MaintenanceShutdown => "shutdown",
            Ready::OneGreedyIp => "greedy",
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Ready::QuietEvening, Lang::En) => "Quiet evening",
            (Ready::QuietEvening, Lang::Fr) => "Soirée calme",
            (Ready::NineOClockRush, Lang::En) => "9 o'clock rush",
            (Ready::NineOClockRush, Lang::Fr) => "La cohue de 9 heures",
            (Ready::MaintenanceShutdown, Lang::En) => "Maintenance shutdown",
            (Ready::MaintenanceShutdown, Lang::Fr) => "Arrêt pour maintenance",
            (Ready::OneGreedyIp, Lang::En) => "One greedy IP",
            (Ready::OneGreedyIp, Lang::Fr) => "Une adresse gourmande",
        }
    }

    pub fn story(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Ready::QuietEvening, Lang::En) => {
                "Two new clients a minute, five-minute sessions, room for 20: about 10 connections at a time, and almost everyone gets 220."
            }
            (Ready::QuietEvening, Lang::Fr) => {
                "Deux nouveaux clients par minute, des sessions de cinq minutes, 20 places : une dizaine de connexions à la fois, et presque tout le monde reçoit 220."
            }
            (Ready::NineOClockRush, Lang::En) => {
                "At 9:05 everyone logs in at once: twelve clients a minute for twenty minutes against a limit of 20. Refused clients retry every 30 s, which adds to the crowd."
            }
            (Ready::NineOClockRush, Lang::Fr) => {
                "À 9 h 05 tout le monde se connecte : douze clients par minute pendant vingt minutes pour une limite de 20. Les clients refusés réessaient toutes les 30 s, ce qui grossit la foule."
            }
            (Ready::MaintenanceShutdown, Lang::En) => {
                "The operator schedules maintenance: from minute 40 new connections are refused, at minute 45 the sessions still open are ended with 421."
            }
            (Ready::MaintenanceShutdown, Lang::Fr) => {
                "L'administrateur prévoit une maintenance : dès la minute 40 les nouvelles connexions sont refusées, à la minute 45 les sessions encore ouvertes sont closes par 421."
            }
            (Ready::OneGreedyIp, Lang::En) => {
                "One address (10.0.0.1) opens 40% of all connections. The server has room, but allows 5 per address: that one client meets 421 while the others do not."
            }
            (Ready::OneGreedyIp, Lang::Fr) => {
                "Une adresse (10.0.0.1) ouvre 40 % des connexions. Le serveur a de la place mais en accorde 5 par adresse : ce client-là reçoit 421, pas les autres."
            }
        }
    }

    pub fn from_key(key: &str) -> Option<Ready> {
        Ready::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn params(self) -> SimParams {
        let base = SimParams::default();
        match self {
            Ready::QuietEvening => base,
            Ready::NineOClockRush => SimParams {
                peak: Some(12.0),
                peak_from: 5.0,
                peak_to: 25.0,
                retry: Retry::Fixed,
                retry_delay: 30.0,
                retry_attempts: 5,
                ..base
            },
            Ready::MaintenanceShutdown => SimParams {
                preset: Preset::Rfc,
                load: 3.0,
                retry: Retry::Backoff,
                retry_delay: 10.0,
                retry_attempts: 6,
                shutdown_from: Some(40.0),
                shutdown_at: 45.0,
                ..base
            },
            Ready::OneGreedyIp => SimParams {
                max_clients: Some(50),
                max_per_ip: Some(5),
                load: 6.0,
                session: 180.0,
                greedy: Some(40.0),
                ..base
            },
        }
    }

    /// The ready scenario these fields are, if any.
    pub fn matching(params: &SimParams) -> Option<Ready> {
        Ready::ALL.into_iter().find(|r| r.params() == *params)
    }
}

impl Default for SimParams {
    /// The quiet evening.
    fn default() -> SimParams {
        SimParams {
            preset: Preset::Vsftpd,
            max_clients: Some(20),
            max_per_ip: Some(5),
            rate_max: None,
            rate_window: 60.0,
            load: 2.0,
            peak: None,
            peak_from: 5.0,
            peak_to: 25.0,
            session: 300.0,
            shape: Shape::Exponential,
            ips: 200,
            greedy: None,
            retry: Retry::None,
            retry_delay: 30.0,
            retry_attempts: 5,
            shutdown_from: None,
            shutdown_at: 45.0,
            duration: 60.0,
            seed: 1,
        }
    }
}

/// The largest seed the form takes: JavaScript's largest exact integer, so
/// that a scenario passes through the JS API unchanged.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// Sampled sessions kept with full transcripts, of each outcome.
pub const TRANSCRIPTS: u32 = 8;
/// Points in the concurrency chart.
pub const TIMELINE_BUCKETS: u32 = 120;

impl SimParams {
    /// The core's scenario for these fields.
    pub fn scenario(&self) -> Scenario {
        let per_second = |per_minute: f64| per_minute / 60.0;
        let arrivals = match self.peak {
            None => ArrivalSpec::Poisson {
                rate: per_second(self.load),
            },
            Some(peak) => {
                let (from, to) = (self.peak_from * 60.0, self.peak_to * 60.0);
                let mut segments = Vec::with_capacity(3);
                if from > 0.0 {
                    segments.push(RateSegment {
                        from: 0.0,
                        rate: per_second(self.load),
                    });
                }
                segments.push(RateSegment {
                    from,
                    rate: per_second(peak),
                });
                segments.push(RateSegment {
                    from: to,
                    rate: per_second(self.load),
                });
                ArrivalSpec::Piecewise { segments }
            }
        };
        let session = match self.shape {
            Shape::Exponential => SessionSpec::Exponential { mean: self.session },
            Shape::Constant => SessionSpec::Constant {
                seconds: self.session,
            },
            Shape::LogNormal => SessionSpec::LogNormal {
                mean: self.session,
                sigma: None,
                cv: Some(1.5),
            },
            Shape::Pareto => SessionSpec::Pareto {
                mean: self.session,
                shape: 1.5,
            },
        };
        let retry = match self.retry {
            Retry::None => RetrySpec::None,
            Retry::Fixed => RetrySpec::Fixed {
                delay: self.retry_delay,
                max_attempts: Some(self.retry_attempts),
            },
            Retry::Backoff => RetrySpec::Backoff {
                base: self.retry_delay,
                max: self.retry_delay * 16.0,
                max_attempts: self.retry_attempts,
                jitter: Jitter::Full,
            },
        };
        Scenario {
            name: Ready::matching(self).map(|r| r.key().to_string()),
            description: None,
            duration: self.duration * 60.0,
            seed: self.seed,
            server: ServerSpec {
                preset: self.preset,
                preset_defaults: false,
                max_clients: self.max_clients,
                max_per_ip: self.max_per_ip,
                max_logged_in: None,
                rate: self.rate_max.map(|max| RateSpec {
                    max,
                    window: self.rate_window,
                }),
                shutdown: self.shutdown_from.map(|from| ShutdownSpec {
                    refuse_from: from * 60.0,
                    disconnect_at: self.shutdown_at * 60.0,
                    message: "scheduled maintenance".to_string(),
                }),
                warmup: None,
            },
            clients: ClientSpec {
                ips: self.ips,
                spread: match self.greedy {
                    Some(percent) => Spread::Greedy {
                        fraction: percent / 100.0,
                    },
                    None => Spread::Uniform,
                },
                login_after: 0.0,
            },
            arrivals,
            session,
            retry,
            report: ReportSpec {
                timeline_buckets: TIMELINE_BUCKETS,
                transcripts_greeted: TRANSCRIPTS,
                transcripts_refused: TRANSCRIPTS,
            },
        }
    }

    /// Every field as `(key, text)`: the URL's query and the form's inputs.
    /// An optional field that is off is an empty text.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let opt = |v: Option<String>| v.unwrap_or_default();
        vec![
            ("preset", self.preset.name().to_string()),
            ("max", opt(self.max_clients.map(|v| v.to_string()))),
            ("per_ip", opt(self.max_per_ip.map(|v| v.to_string()))),
            ("rate_max", opt(self.rate_max.map(|v| v.to_string()))),
            ("rate_window", self.rate_window.to_string()),
            ("load", self.load.to_string()),
            ("peak", opt(self.peak.map(|v| v.to_string()))),
            ("peak_from", self.peak_from.to_string()),
            ("peak_to", self.peak_to.to_string()),
            ("session", self.session.to_string()),
            ("shape", self.shape.key().to_string()),
            ("ips", self.ips.to_string()),
            ("greedy", opt(self.greedy.map(|v| v.to_string()))),
            ("retry", self.retry.key().to_string()),
            ("retry_delay", self.retry_delay.to_string()),
            ("retry_attempts", self.retry_attempts.to_string()),
            ("shut_from", opt(self.shutdown_from.map(|v| v.to_string()))),
            ("shut_at", self.shutdown_at.to_string()),
            ("duration", self.duration.to_string()),
            ("seed", self.seed.to_string()),
        ]
    }

    /// Reads fields over the defaults. Unknown keys are ignored; a field
    /// that does not read keeps its default and is reported.
    pub fn from_pairs<'a, I>(pairs: I) -> (SimParams, Vec<FieldError>)
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut params = SimParams::default();
        let mut errors = Vec::new();
        for (key, text) in pairs {
            if let Err(problem) = params.set(key, text) {
                errors.retain(|e: &FieldError| e.key != key);
                errors.push(FieldError {
                    key: key.to_string(),
                    problem,
                });
            }
        }
        if let Err((key, problem)) = params.check_together() {
            errors.push(FieldError {
                key: key.to_string(),
                problem,
            });
        }
        (params, errors)
    }

    /// Sets one field from its text.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), Problem> {
        let text = text.trim();
        match key {
            "preset" => self.preset = text.parse().map_err(|_| Problem::Unknown)?,
            "max" => self.max_clients = optional(text, |t| whole(t, 1, 1_000_000))?,
            "per_ip" => self.max_per_ip = optional(text, |t| whole(t, 1, 1_000_000))?,
            "rate_max" => self.rate_max = optional(text, |t| whole(t, 1, 1_000_000))?,
            "rate_window" => self.rate_window = number(text, 0.001, 86_400.0)?,
            "load" => self.load = number(text, 0.0, 600_000.0)?,
            "peak" => self.peak = optional(text, |t| number(t, 0.0, 600_000.0))?,
            "peak_from" => self.peak_from = number(text, 0.0, 1e7)?,
            "peak_to" => self.peak_to = number(text, 0.0, 1e7)?,
            "session" => self.session = number(text, 0.001, 1e7)?,
            "shape" => {
                self.shape = Shape::ALL
                    .into_iter()
                    .find(|s| s.key() == text)
                    .ok_or(Problem::Unknown)?
            }
            "ips" => self.ips = whole(text, 1, 1 << 24)?,
            "greedy" => self.greedy = optional(text, |t| number(t, 0.0, 100.0))?,
            "retry" => {
                self.retry = Retry::ALL
                    .into_iter()
                    .find(|r| r.key() == text)
                    .ok_or(Problem::Unknown)?
            }
            "retry_delay" => self.retry_delay = number(text, 0.001, 86_400.0)?,
            "retry_attempts" => self.retry_attempts = whole(text, 1, 1000)?,
            "shut_from" => self.shutdown_from = optional(text, |t| number(t, 0.0, 1e7))?,
            "shut_at" => self.shutdown_at = number(text, 0.0, 1e7)?,
            "duration" => self.duration = number(text, 0.01, 1e7)?,
            "seed" => {
                let problem = Problem::Whole {
                    min: 0,
                    max: MAX_SEED,
                };
                self.seed = text.parse().map_err(|_| problem.clone())?;
                if self.seed > MAX_SEED {
                    return Err(problem);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The rules that tie two fields together.
    pub fn check_together(&self) -> Result<(), (&'static str, Problem)> {
        if self.peak.is_some() && self.peak_to <= self.peak_from {
            return Err(("peak_to", Problem::NotAfter("peak_from")));
        }
        if self
            .shutdown_from
            .is_some_and(|from| self.shutdown_at < from)
        {
            return Err(("shut_at", Problem::NotAfter("shut_from")));
        }
        Ok(())
    }

    /// Simulated connection attempts to expect, roughly: how long a run
    /// takes depends on it.
    pub fn expected_arrivals(&self) -> f64 {
        let peak_minutes = (self.peak_to.min(self.duration) - self.peak_from).max(0.0);
        match self.peak {
            Some(peak) => self.load * (self.duration - peak_minutes) + peak * peak_minutes,
            None => self.load * self.duration,
        }
    }
}

fn optional<T>(
    text: &str,
    read: impl Fn(&str) -> Result<T, Problem>,
) -> Result<Option<T>, Problem> {
    if text.is_empty() {
        Ok(None)
    } else {
        read(text).map(Some)
    }
}

fn whole(text: &str, min: u64, max: u64) -> Result<u32, Problem> {
    let problem = Problem::Whole { min, max };
    let value: u64 = text.parse().map_err(|_| problem.clone())?;
    if (min..=max).contains(&value) {
        u32::try_from(value).map_err(|_| problem)
    } else {
        Err(problem)
    }
}

fn number(text: &str, min: f64, max: f64) -> Result<f64, Problem> {
    let value: f64 = text
        .replace(',', ".")
        .parse()
        .map_err(|_| Problem::Number { min, max })?;
    if value.is_finite() && value >= min && value <= max {
        Ok(value)
    } else {
        Err(Problem::Number { min, max })
    }
}

/// A field the form cannot use, by its key.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub key: String,
    pub problem: Problem,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Whole {
        min: u64,
        max: u64,
    },
    Number {
        min: f64,
        max: f64,
    },
    /// Not one of the choices.
    Unknown,
    /// Must come after the field with this key.
    NotAfter(&'static str),
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::Whole { min, max }, Lang::En) => {
                format!("a whole number from {min} to {max}")
            }
            (Problem::Whole { min, max }, Lang::Fr) => {
                format!("un nombre entier de {min} à {max}")
            }
            (Problem::Number { min, max }, Lang::En) => format!("a number from {min} to {max}"),
            (Problem::Number { min, max }, Lang::Fr) => format!("un nombre de {min} à {max}"),
            (Problem::Unknown, Lang::En) => "not one of the choices".to_string(),
            (Problem::Unknown, Lang::Fr) => "ne fait pas partie des choix".to_string(),
            (Problem::NotAfter(_), Lang::En) => "must come after the start".to_string(),
            (Problem::NotAfter(_), Lang::Fr) => "doit venir après le début".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(params: &SimParams) -> Vec<(String, String)> {
        params
            .to_pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    fn read(pairs: &[(String, String)]) -> (SimParams, Vec<FieldError>) {
        SimParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    #[test]
    fn every_ready_scenario_is_valid_and_round_trips() {
        for ready in Ready::ALL {
            let params = ready.params();
            params
                .scenario()
                .validate()
                .unwrap_or_else(|e| panic!("{ready:?}: {e}"));
            let (back, errors) = read(&pairs(&params));
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(back, params);
            assert_eq!(Ready::matching(&back), Some(ready));
            assert_eq!(Ready::from_key(ready.key()), Some(ready));
        }
    }

    #[test]
    fn ready_scenarios_are_distinct() {
        for a in Ready::ALL {
            for b in Ready::ALL {
                assert_eq!(a == b, a.params() == b.params(), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn bad_fields_keep_their_default_and_say_why() {
        let input = [
            ("max", "ten"),
            ("load", "-1"),
            ("shape", "square"),
            ("seed", "7"),
        ];
        let (params, errors) = SimParams::from_pairs(input);
        assert_eq!(params.max_clients, SimParams::default().max_clients);
        assert_eq!(params.seed, 7);
        let keys: Vec<_> = errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["max", "load", "shape"]);
        assert_eq!(
            errors[0].problem.message(Lang::En),
            "a whole number from 1 to 1000000"
        );
        assert_eq!(
            errors[1].problem.message(Lang::Fr),
            "un nombre de 0 à 600000"
        );
    }

    #[test]
    fn empty_optional_fields_switch_limits_off() {
        let (params, errors) = SimParams::from_pairs([("max", ""), ("per_ip", " ")]);
        assert!(errors.is_empty());
        assert_eq!((params.max_clients, params.max_per_ip), (None, None));
        let scenario = params.scenario();
        assert_eq!(scenario.server.max_clients, None);
    }

    #[test]
    fn windows_must_end_after_they_start() {
        let (_, errors) =
            SimParams::from_pairs([("peak", "10"), ("peak_from", "20"), ("peak_to", "5")]);
        assert_eq!(errors[0].key, "peak_to");
        let (_, errors) = SimParams::from_pairs([("shut_from", "30"), ("shut_at", "20")]);
        assert_eq!(errors[0].key, "shut_at");
    }

    #[test]
    fn the_rush_has_a_peak_between_two_quiet_stretches() {
        let scenario = Ready::NineOClockRush.params().scenario();
        let ArrivalSpec::Piecewise { segments } = &scenario.arrivals else {
            panic!("{:?}", scenario.arrivals);
        };
        let rates: Vec<_> = segments.iter().map(|s| (s.from, s.rate)).collect();
        assert_eq!(
            rates,
            [(0.0, 2.0 / 60.0), (300.0, 0.2), (1500.0, 2.0 / 60.0)]
        );
        // A peak from minute 0 needs no quiet stretch before it.
        let params = SimParams {
            peak: Some(5.0),
            peak_from: 0.0,
            ..SimParams::default()
        };
        params.scenario().validate().unwrap();
    }

    #[test]
    fn expected_arrivals_follow_the_load() {
        assert_eq!(SimParams::default().expected_arrivals(), 120.0);
        let rush = Ready::NineOClockRush.params();
        assert_eq!(rush.expected_arrivals(), 2.0 * 40.0 + 12.0 * 20.0);
    }
}
