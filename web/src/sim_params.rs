//! The simulator's form: a handful of plain fields that a learner can read,
//! kept in the URL as `key=value` pairs, and turned into the core's
//! [`Scenario`]. The four ready scenarios are values of the same fields.
//!
//! The server's fields are the core's [`ServerSpec`], the model that the
//! simulator and `ftpsim serve` read too, so a limit means the same thing
//! everywhere: left empty it is the preset's default, `0` is unlimited.
//!
//! The form checks its own fields (bilingual messages, next to the field);
//! the core's [`Scenario::validate`] stays the last word on the scenario.

use ftpsim::Lang;
use ftpsim::admission::{DEFAULT_SHUTDOWN_MESSAGE, Preset};
use ftpsim::clients;
use ftpsim::sim::scenario::{CUSTOM_PROFILE, MAX_CONNECTIONS_PER_USER, MAX_USERS};
use ftpsim::sim::{
    ArrivalSpec, ClientSpec, Jitter, JobSpec, RateSegment, RateSpec, ReportSpec, RetrySpec,
    Scenario, ServerSpec, SessionSpec, ShutdownSpec, Spread,
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
    /// The server as the core models it, its times in seconds from the
    /// start (the form shows the shutdown window in minutes). Only the
    /// preset, the two connection limits, the rate and the shutdown are
    /// fields of the form; the rest keeps the preset's defaults.
    pub server: ServerSpec,
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
    /// The client program every user runs: a key of the core's
    /// [`clients::ALL`](ftpsim::clients::ALL), or
    /// [`CUSTOM_PROFILE`], driven by the retry fields below.
    pub client: &'static str,
    /// Connections each user opens at once; `None`: the client's default.
    pub connections: Option<u32>,
    /// Share of sessions (percent) that vanish without QUIT and hold their
    /// slot until the server's idle timeout.
    pub ghost: Option<f64>,
    /// A closed population of this many users in place of the arrival
    /// rate: each thinks `think` seconds on average between two jobs.
    pub users: Option<u32>,
    pub think: f64,
    /// Each user moves this many files (in place of holding a session of
    /// the mean length), `file_mb` megabytes each at `bandwidth` megabytes
    /// per second per connection.
    pub files: Option<u32>,
    pub file_mb: f64,
    pub bandwidth: f64,
    pub retry: Retry,
    pub retry_delay: f64,
    /// Attempts in all, the first included.
    pub retry_attempts: u32,
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
    FilezillaPerIp,
    RcloneDefaults,
    GhostSessions,
    OfficeNat,
    /// The servers view's own: one crowd whose refusals each server words
    /// and times its own way.
    SameCrowd,
}

impl Ready {
    /// The simulator's cards, in the order shown: four rows of two or two
    /// rows of four, never a card alone on its row.
    pub const ALL: [Ready; 8] = [
        Ready::QuietEvening,
        Ready::NineOClockRush,
        Ready::MaintenanceShutdown,
        Ready::OneGreedyIp,
        Ready::FilezillaPerIp,
        Ready::RcloneDefaults,
        Ready::GhostSessions,
        Ready::OfficeNat,
    ];

    /// The servers view's cards: scenarios where the servers differ.
    pub const SERVERS: [Ready; 4] = [
        Ready::SameCrowd,
        Ready::FilezillaPerIp,
        Ready::OfficeNat,
        Ready::NineOClockRush,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Ready::QuietEvening => "evening",
            Ready::NineOClockRush => "rush",
            Ready::MaintenanceShutdown => "shutdown",
            Ready::OneGreedyIp => "greedy",
            Ready::FilezillaPerIp => "filezilla",
            Ready::RcloneDefaults => "rclone",
            Ready::GhostSessions => "ghosts",
            Ready::OfficeNat => "office",
            Ready::SameCrowd => "crowd",
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
            (Ready::FilezillaPerIp, Lang::En) => "FileZilla vs 8 per address",
            (Ready::FilezillaPerIp, Lang::Fr) => "FileZilla contre 8 par adresse",
            (Ready::RcloneDefaults, Lang::En) => "rclone's defaults",
            (Ready::RcloneDefaults, Lang::Fr) => "rclone par défaut",
            (Ready::GhostSessions, Lang::En) => "Ghost sessions",
            (Ready::GhostSessions, Lang::Fr) => "Sessions fantômes",
            (Ready::OfficeNat, Lang::En) => "Office behind one address",
            (Ready::OfficeNat, Lang::Fr) => "Un bureau derrière une adresse",
            (Ready::SameCrowd, Lang::En) => "FileZilla users, five servers",
            (Ready::SameCrowd, Lang::Fr) => "Des utilisateurs de FileZilla, cinq serveurs",
        }
    }

    pub fn story(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Ready::QuietEvening, Lang::En) => {
                "Three new clients a minute, five-minute sessions, room for 20 and no other limit; nobody retries. A pure loss system: Erlang B predicts the share refused, and the run lands on it."
            }
            (Ready::QuietEvening, Lang::Fr) => {
                "Trois nouveaux clients par minute, des sessions de cinq minutes, 20 places et aucune autre limite ; personne ne réessaie. Un pur système à perte : Erlang B prédit la part des refus, et la simulation tombe dessus."
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
            (Ready::FilezillaPerIp, Lang::En) => {
                "Five colleagues behind one address upload with FileZilla's defaults (a browsing connection and 2 transfers each) to a Pure-FTPd that allows 8 per address: an idle server answers 421."
            }
            (Ready::FilezillaPerIp, Lang::Fr) => {
                "Cinq collègues derrière une adresse envoient avec FileZilla réglé par défaut (une connexion de navigation et 2 transferts chacun) vers un Pure-FTPd qui en accorde 8 par adresse : un serveur oisif répond 421."
            }
            (Ready::RcloneDefaults, Lang::En) => {
                "An rclone copy with its defaults opens 12 connections (4 transfers, 8 checkers) against 8 per address: 421 at once every time, yet every copy completes over the 8 admitted."
            }
            (Ready::RcloneDefaults, Lang::Fr) => {
                "Une copie rclone réglée par défaut ouvre 12 connexions (4 transferts, 8 vérificateurs) contre 8 par adresse : 421 d'emblée à chaque fois, et pourtant chaque copie aboutit par les 8 admises."
            }
            (Ready::GhostSessions, Lang::En) => {
                "One session in ten vanishes without QUIT and vsftpd keeps its slot for its 300 s idle timeout: one-minute sessions hold 90 s on average, and room for 12 fills up."
            }
            (Ready::GhostSessions, Lang::Fr) => {
                "Une session sur dix disparaît sans QUIT et vsftpd garde sa place jusqu'à son délai d'inactivité de 300 s : des sessions d'une minute en occupent 90 en moyenne, et les 12 places se remplissent."
            }
            (Ready::OfficeNat, Lang::En) => {
                "Forty people behind one NAT address, each connecting now and then with one connection, against 8 per address on a server with no global limit: the ninth person is refused, whoever it is."
            }
            (Ready::OfficeNat, Lang::Fr) => {
                "Quarante personnes derrière une adresse NAT, chacune se connectant de temps en temps avec une connexion, contre 8 par adresse sur un serveur sans limite globale : la neuvième est refusée, qui qu'elle soit."
            }
            (Ready::SameCrowd, Lang::En) => {
                "FileZilla users (3 connections each) from 20 addresses, a limit of 30 at once and 5 per address. After a 421 or a silent close FileZilla's queue tries a transfer connection again every 5 s while the user has another connection in, and otherwise once; it gives up on a 530."
            }
            (Ready::SameCrowd, Lang::Fr) => {
                "Des utilisateurs de FileZilla (3 connexions chacun) depuis 20 adresses, une limite de 30 à la fois et de 5 par adresse. Après un 421 ou une fermeture muette, la file de FileZilla réessaie une connexion de transfert toutes les 5 s tant que l'utilisateur a une autre connexion ouverte, et sinon une seule fois ; elle abandonne sur un 530."
            }
        }
    }

    pub fn from_key(key: &str) -> Option<Ready> {
        Ready::ALL
            .into_iter()
            .chain([Ready::SameCrowd])
            .find(|r| r.key() == key)
    }

    /// Every limit of a ready scenario is written out (none is left to a
    /// preset default), so that its numbers do not move if a default does.
    pub fn params(self) -> SimParams {
        let base = SimParams::default();
        let server = |preset: Preset, max: u32, per_ip: u32| ServerSpec {
            max_clients: Some(max),
            max_per_ip: Some(per_ip),
            ..ServerSpec::preset(preset)
        };
        match self {
            Ready::QuietEvening => base,
            Ready::NineOClockRush => SimParams {
                load: 2.0,
                peak: Some(12.0),
                duration: 60.0,
                retry: Retry::Fixed,
                retry_delay: 30.0,
                retry_attempts: 5,
                ..base
            },
            Ready::MaintenanceShutdown => SimParams {
                server: ServerSpec {
                    shutdown: Some(ShutdownSpec {
                        refuse_from: 40.0 * 60.0,
                        disconnect_at: 45.0 * 60.0,
                        message: DEFAULT_SHUTDOWN_MESSAGE.to_string(),
                    }),
                    ..server(Preset::Rfc, 20, 0)
                },
                load: 3.0,
                duration: 60.0,
                retry: Retry::Backoff,
                retry_delay: 10.0,
                retry_attempts: 6,
                ..base
            },
            Ready::OneGreedyIp => SimParams {
                server: server(Preset::Vsftpd, 50, 5),
                load: 6.0,
                session: 180.0,
                greedy: Some(40.0),
                duration: 60.0,
                ..base
            },
            Ready::FilezillaPerIp => SimParams {
                server: server(Preset::PureFtpd, 50, 8),
                ips: 1,
                client: "filezilla",
                users: Some(5),
                think: 600.0,
                files: Some(20),
                file_mb: 20.0,
                bandwidth: 0.5,
                duration: 480.0,
                seed: 8,
                ..base
            },
            Ready::RcloneDefaults => SimParams {
                server: server(Preset::PureFtpd, 50, 8),
                ips: 1,
                client: "rclone",
                users: Some(1),
                think: 8.0 * 3600.0,
                files: Some(200),
                file_mb: 5.0,
                bandwidth: 1.0,
                duration: 1440.0,
                seed: 12,
                ..base
            },
            Ready::GhostSessions => SimParams {
                server: server(Preset::Vsftpd, 12, 0),
                load: 6.0,
                session: 60.0,
                ips: 5000,
                ghost: Some(10.0),
                duration: 1440.0,
                seed: 300,
                ..base
            },
            Ready::OfficeNat => SimParams {
                server: server(Preset::PureFtpd, 0, 8),
                session: 120.0,
                ips: 1,
                client: "curl",
                users: Some(40),
                think: 600.0,
                duration: 480.0,
                seed: 40,
                ..base
            },
            Ready::SameCrowd => SimParams {
                server: server(Preset::Vsftpd, 30, 5),
                load: 2.0,
                session: 300.0,
                ips: 20,
                client: "filezilla",
                duration: 240.0,
                ..base
            },
        }
    }

    /// The ready scenario these fields are, if any.
    pub fn matching(params: &SimParams) -> Option<Ready> {
        Ready::ALL
            .into_iter()
            .chain([Ready::SameCrowd])
            .find(|r| r.params() == *params)
    }
}

impl Default for SimParams {
    /// The quiet evening: a pure loss system, M/M/20/20 at 15 erlangs.
    fn default() -> SimParams {
        SimParams {
            server: ServerSpec {
                max_clients: Some(20),
                max_per_ip: Some(0),
                ..ServerSpec::preset(Preset::Vsftpd)
            },
            load: 3.0,
            peak: None,
            peak_from: 5.0,
            peak_to: 25.0,
            session: 300.0,
            shape: Shape::Exponential,
            ips: 200,
            greedy: None,
            client: CUSTOM_PROFILE,
            connections: None,
            ghost: None,
            users: None,
            think: 600.0,
            files: None,
            file_mb: 10.0,
            bandwidth: 1.0,
            retry: Retry::None,
            retry_delay: 30.0,
            retry_attempts: 5,
            duration: 240.0,
            seed: 1,
        }
    }
}

/// The key that marks links written since an empty limit means the preset's
/// default. A link without it was written when an empty limit meant
/// unlimited, and is read that way: a link shows what its sender saw.
pub const FORMAT_KEY: &str = "v";
const FORMAT: &str = "2";

/// The server's fields, in the form's order.
const SERVER_KEYS: [&str; 7] = [
    "preset",
    "max",
    "per_ip",
    "rate_max",
    "rate_window",
    "shut_from",
    "shut_at",
];

/// The rate window a rate limit gets when its window is left empty,
/// seconds.
pub const DEFAULT_RATE_WINDOW: f64 = 60.0;

/// Fields that only count beside another (a rush's minutes, a population's
/// think time, a transfer's sizes, a retry's delay) or that have a default
/// worth keeping: left empty, they keep it.
const KEEP_WHEN_EMPTY: [&str; 11] = [
    "load",
    "peak_from",
    "peak_to",
    "think",
    "session",
    "file_mb",
    "bw",
    "client",
    "retry",
    "retry_delay",
    "retry_attempts",
];

/// Largest connection limit the form takes.
const MAX_LIMIT: u64 = 1_000_000;
/// Shortest and longest rate window, in seconds.
const RATE_WINDOW: (f64, f64) = (0.001, 86_400.0);
/// Latest minute of a shutdown window.
const MAX_MINUTE: f64 = 1e7;

/// The value a connection limit field (`max`, `per_ip`) takes when left
/// empty under `preset`: its server's default, `None` for unlimited.
pub fn preset_default(preset: Preset, key: &str) -> Option<u32> {
    let limits = preset.default_limits();
    match key {
        "max" => limits.max_clients,
        "per_ip" => limits.max_per_ip,
        _ => None,
    }
}

/// The largest seed the form takes: JavaScript's largest exact integer, so
/// that a scenario passes through the JS API unchanged.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// Sampled sessions kept with full transcripts, of each way a connection
/// ended: few enough for the chart's row of dots and a quick render.
pub const TRANSCRIPTS: u32 = 3;
/// Points in the concurrency chart.
pub const TIMELINE_BUCKETS: u32 = 120;

impl SimParams {
    /// The core's scenario for these fields.
    pub fn scenario(&self) -> Scenario {
        let per_second = |per_minute: f64| per_minute / 60.0;
        let arrivals = match (self.users, self.peak) {
            (Some(users), _) => ArrivalSpec::Population {
                users,
                think: SessionSpec::Exponential { mean: self.think },
            },
            (None, None) => ArrivalSpec::Poisson {
                rate: per_second(self.load),
            },
            (None, Some(peak)) => {
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
        // A client program brings its own retry habits; the core refuses a
        // `[retry]` section beside one.
        let retry = match self.retry {
            _ if self.client != CUSTOM_PROFILE => RetrySpec::None,
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
            server: self.server.clone(),
            clients: ClientSpec {
                ips: self.ips,
                spread: match self.greedy {
                    Some(percent) => Spread::Greedy {
                        fraction: percent / 100.0,
                    },
                    None => Spread::Uniform,
                },
                login_after: 0.0,
                profile: self.client.to_string(),
                connections: self.connections,
                ghost_fraction: self.ghost.map_or(0.0, |percent| percent / 100.0),
            },
            arrivals,
            session,
            job: match self.files {
                Some(files) => JobSpec::Transfer {
                    files,
                    size: self.file_mb * 1e6,
                    bandwidth: self.bandwidth * 1e6,
                },
                None => JobSpec::Session,
            },
            retry,
            report: ReportSpec {
                timeline_buckets: TIMELINE_BUCKETS,
                transcripts_greeted: TRANSCRIPTS,
                transcripts_refused: TRANSCRIPTS,
            },
        }
    }

    /// Every field as `(key, text)`: the URL's query and the form's inputs.
    /// An optional field that is off, or a limit left to the preset's
    /// default, is an empty text.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let opt = |v: Option<String>| v.unwrap_or_default();
        // A field that only means something beside another is written only
        // with it: an unused field is empty, not a live-looking default.
        let when = |used: bool, text: String| if used { text } else { String::new() };
        let server = &self.server;
        let rate = server.rate.as_ref();
        let shutdown = server.shutdown.as_ref();
        let rush = self.peak.is_some() && self.users.is_none();
        let custom = self.client == CUSTOM_PROFILE;
        let retries = custom && self.retry != Retry::None;
        vec![
            (FORMAT_KEY, FORMAT.to_string()),
            ("preset", server.preset.name().to_string()),
            ("max", opt(server.max_clients.map(|v| v.to_string()))),
            ("per_ip", opt(server.max_per_ip.map(|v| v.to_string()))),
            ("rate_max", opt(rate.map(|r| r.max.to_string()))),
            ("rate_window", opt(rate.map(|r| r.window.to_string()))),
            ("load", when(self.users.is_none(), self.load.to_string())),
            (
                "peak",
                when(self.users.is_none(), opt(self.peak.map(|v| v.to_string()))),
            ),
            ("peak_from", when(rush, self.peak_from.to_string())),
            ("peak_to", when(rush, self.peak_to.to_string())),
            ("users", opt(self.users.map(|v| v.to_string()))),
            ("think", when(self.users.is_some(), self.think.to_string())),
            ("duration", self.duration.to_string()),
            (
                "session",
                when(self.files.is_none(), self.session.to_string()),
            ),
            ("shape", self.shape.key().to_string()),
            ("files", opt(self.files.map(|v| v.to_string()))),
            (
                "file_mb",
                when(self.files.is_some(), self.file_mb.to_string()),
            ),
            ("bw", when(self.files.is_some(), self.bandwidth.to_string())),
            ("ips", self.ips.to_string()),
            ("greedy", opt(self.greedy.map(|v| v.to_string()))),
            ("ghost", opt(self.ghost.map(|v| v.to_string()))),
            ("client", self.client.to_string()),
            ("conns", opt(self.connections.map(|v| v.to_string()))),
            ("retry", when(custom, self.retry.key().to_string())),
            ("retry_delay", when(retries, self.retry_delay.to_string())),
            (
                "retry_attempts",
                when(retries, self.retry_attempts.to_string()),
            ),
            ("shut_from", opt(shutdown.map(|s| minutes(s.refuse_from)))),
            ("shut_at", opt(shutdown.map(|s| minutes(s.disconnect_at)))),
            ("seed", self.seed.to_string()),
        ]
    }

    /// Reads fields over the defaults. Unknown keys are ignored; a field
    /// that does not read keeps its default and is reported. Errors come in
    /// the form's order.
    pub fn from_pairs<'a, I>(pairs: I) -> (SimParams, Vec<FieldError>)
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        let legacy = !pairs
            .iter()
            .any(|&(key, text)| key == FORMAT_KEY && text.trim() == FORMAT);
        let mut params = SimParams::default();
        let mut problems = Vec::new();
        // The server's fields are read once all are known: the rate and the
        // shutdown are each two fields that only make a setting together.
        let mut server_texts = [None; SERVER_KEYS.len()];
        for &(key, text) in &pairs {
            if let Some(i) = SERVER_KEYS.iter().position(|k| *k == key) {
                server_texts[i] = Some(text.trim());
            } else if let Err(problem) = params.set(key, text) {
                // The last of a repeated key wins, as in a route.
                problems.retain(|(k, _): &(&str, Problem)| *k != key);
                problems.push((key, problem));
            }
        }
        problems.extend(params.read_server(server_texts, legacy));
        params.forget_unused();
        if let Err(problem) = params.check_together() {
            problems.push(problem);
        }
        let order = params.to_pairs();
        let place = |key: &str| order.iter().position(|(k, _)| *k == key);
        problems.sort_by_key(|(key, _)| place(key));
        let errors = problems
            .into_iter()
            .map(|(key, problem)| FieldError {
                key: key.to_string(),
                problem,
            })
            .collect();
        (params, errors)
    }

    /// Sets one field that is not the server's from its text.
    fn set(&mut self, key: &str, text: &str) -> Result<(), Problem> {
        let text = text.trim();
        // An empty field that only counts beside another keeps its
        // default: it is off, or left for the default to fill.
        if text.is_empty() && KEEP_WHEN_EMPTY.contains(&key) {
            return Ok(());
        }
        match key {
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
            "ghost" => self.ghost = optional(text, |t| number(t, 0.0, 100.0))?,
            "client" => {
                self.client = if text.is_empty() || text == CUSTOM_PROFILE {
                    CUSTOM_PROFILE
                } else {
                    clients::find(text).ok_or(Problem::Unknown)?.key
                }
            }
            "conns" => {
                let most = u64::from(MAX_CONNECTIONS_PER_USER);
                self.connections = optional(text, |t| whole(t, 1, most))?;
            }
            "users" => {
                let most = u64::from(MAX_USERS);
                self.users = optional(text, |t| whole(t, 1, most))?;
            }
            "files" => self.files = optional(text, |t| whole(t, 1, 1_000_000))?,
            "retry" => {
                self.retry = Retry::ALL
                    .into_iter()
                    .find(|r| r.key() == text)
                    .ok_or(Problem::Unknown)?
            }
            "retry_delay" => self.retry_delay = number(text, 0.001, 86_400.0)?,
            "retry_attempts" => self.retry_attempts = whole(text, 1, 1000)?,
            "think" => self.think = number(text, 0.001, 1e7)?,
            "file_mb" => self.file_mb = number(text, 0.000_001, 1e6)?,
            "bw" => self.bandwidth = number(text, 0.000_001, 1e6)?,
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

    /// Reads the server's fields (texts in [`SERVER_KEYS`] order, `None`
    /// for a key the input does not have, which keeps its current value)
    /// and returns what did not read.
    fn read_server(
        &mut self,
        texts: [Option<&str>; SERVER_KEYS.len()],
        legacy: bool,
    ) -> Vec<(&'static str, Problem)> {
        let [
            preset,
            max,
            per_ip,
            rate_max,
            rate_window,
            shut_from,
            shut_at,
        ] = texts;
        let mut problems = Vec::new();
        let server = &mut self.server;
        if let Some(text) = preset {
            match text.parse() {
                Ok(preset) => server.preset = preset,
                Err(_) => problems.push(("preset", Problem::Unknown)),
            }
        }
        let limit = |text: &str| match text {
            // Before the format key, an empty limit was unlimited.
            "" if legacy => Ok(Some(0)),
            "" => Ok(None),
            text => whole(text, 0, MAX_LIMIT).map(Some),
        };
        for (key, text, field) in [
            ("max", max, &mut server.max_clients),
            ("per_ip", per_ip, &mut server.max_per_ip),
        ] {
            match text.map(limit) {
                Some(Ok(value)) => *field = value,
                Some(Err(problem)) => problems.push((key, problem)),
                None => {}
            }
        }

        let rate = server.rate.as_ref();
        let max = read_or(rate_max, rate.map(|r| r.max), |t| whole(t, 1, MAX_LIMIT));
        let (low, high) = RATE_WINDOW;
        let window = read_or(rate_window, rate.map(|r| r.window), |t| {
            number(t, low, high)
        });
        let needed = Problem::Number {
            min: low,
            max: high,
        };
        let window = window.map(|w| w.or(Some(DEFAULT_RATE_WINDOW)));
        if let Some(rate) = pair(
            ("rate_max", max),
            ("rate_window", window),
            needed,
            &mut problems,
        ) {
            server.rate = rate.map(|(max, window)| RateSpec { max, window });
        }

        let shutdown = server.shutdown.as_ref();
        let minute = |t: &str| number(t, 0.0, MAX_MINUTE);
        let from = read_or(shut_from, shutdown.map(|s| s.refuse_from / 60.0), minute);
        // Without a minute to end live sessions, they run to the end of
        // the run (or are ended as soon as new ones are refused, if that
        // comes later).
        let end = self.duration;
        let at = read_or(shut_at, shutdown.map(|s| s.disconnect_at / 60.0), minute)
            .map(|at| at.or(Some(end)));
        let message = shutdown.map_or_else(
            || DEFAULT_SHUTDOWN_MESSAGE.to_string(),
            |s| s.message.clone(),
        );
        let needed = Problem::Number {
            min: 0.0,
            max: MAX_MINUTE,
        };
        if let Some(shutdown) = pair(("shut_from", from), ("shut_at", at), needed, &mut problems) {
            server.shutdown = shutdown.map(|(from, at): (f64, f64)| ShutdownSpec {
                refuse_from: from * 60.0,
                disconnect_at: if shut_at.is_none_or(str::is_empty) {
                    at.max(from) * 60.0
                } else {
                    at * 60.0
                },
                message,
            });
        }
        problems
    }

    /// Puts every field the scenario does not use back to its default, so
    /// that the same scenario is always the same fields (and a ready one
    /// is recognised whatever an unused field said).
    fn forget_unused(&mut self) {
        let base = SimParams::default();
        if self.users.is_some() {
            self.load = base.load;
            self.peak = None;
        } else {
            self.think = base.think;
        }
        if self.peak.is_none() {
            self.peak_from = base.peak_from;
            self.peak_to = base.peak_to;
        }
        if self.files.is_some() {
            self.session = base.session;
        } else {
            self.file_mb = base.file_mb;
            self.bandwidth = base.bandwidth;
        }
        if self.client != CUSTOM_PROFILE {
            self.retry = Retry::None;
        }
        if self.retry == Retry::None {
            self.retry_delay = base.retry_delay;
            self.retry_attempts = base.retry_attempts;
        }
    }

    /// The rules that tie two fields together.
    pub fn check_together(&self) -> Result<(), (&'static str, Problem)> {
        if self.peak.is_some() && self.peak_to <= self.peak_from {
            return Err(("peak_to", Problem::NotAfter("peak_from")));
        }
        if self
            .server
            .shutdown
            .as_ref()
            .is_some_and(|s| s.disconnect_at < s.refuse_from)
        {
            return Err(("shut_at", Problem::NotAfter("shut_from")));
        }
        Ok(())
    }

    /// The most clients the server holds at once, where the chart draws
    /// its limit line: the limit as the gate resolves it, less the sockets
    /// the preset's server counts besides clients (pyftpdlib's listener).
    pub fn client_slots(&self) -> Option<u32> {
        let preset = self.server.preset;
        self.server
            .limits()
            .max_clients
            .map(|max| max.saturating_sub(preset.sockets_counted_besides_clients()))
    }

    /// The shutdown window in seconds from the start: new connections
    /// refused from the first, live sessions ended at the second.
    pub fn shutdown_window(&self) -> Option<(f64, f64)> {
        self.server
            .shutdown
            .as_ref()
            .map(|s| (s.refuse_from, s.disconnect_at))
    }

    /// Users expected to arrive over the run, roughly.
    pub fn expected_users(&self) -> f64 {
        if let Some(users) = self.users {
            // Each user comes back after its think time and its job.
            let job = match self.files {
                Some(files) => {
                    let per_connection = self.file_mb / self.bandwidth;
                    f64::from(files) * per_connection / f64::from(self.connections_per_user())
                }
                None => self.session,
            };
            return f64::from(users) * self.duration * 60.0 / (self.think + job).max(1e-3);
        }
        let peak_minutes = (self.peak_to.min(self.duration) - self.peak_from).max(0.0);
        match self.peak {
            Some(peak) => self.load * (self.duration - peak_minutes) + peak * peak_minutes,
            None => self.load * self.duration,
        }
    }

    /// Connections each user opens at once.
    pub fn connections_per_user(&self) -> u32 {
        self.connections
            .unwrap_or_else(|| clients::find(self.client).map_or(1, |c| c.default_connections()))
    }

    /// The most attempts one connection may make: the retry fields, or
    /// the client's rule after a 421 (an unbounded one counted as 20).
    pub fn attempts_per_connection(&self) -> u32 {
        match clients::find(self.client) {
            Some(client) => client.behaviour.on_transient.max_attempts.unwrap_or(20),
            None if self.retry == Retry::None => 1,
            None => self.retry_attempts,
        }
    }

    /// The work a run may take, in connection attempts at most: users ×
    /// connections × attempts. How long a run takes depends on it.
    pub fn expected_attempts(&self) -> f64 {
        self.expected_users()
            * f64::from(self.connections_per_user())
            * f64::from(self.attempts_per_connection())
    }
}

/// A field's value: the current one when the input does not have the key,
/// `None` when its text is empty.
fn read_or<T>(
    text: Option<&str>,
    current: Option<T>,
    read: impl Fn(&str) -> Result<T, Problem>,
) -> Result<Option<T>, Problem> {
    match text {
        None => Ok(current),
        Some(text) => optional(text, read),
    }
}

/// Two fields that make one setting (a rate and its window, a shutdown's
/// two minutes): off when the first is empty, the second needed when the
/// first is given. `None` when they do not read, with the problems pushed.
fn pair<A, B>(
    (first_key, first): (&'static str, Result<Option<A>, Problem>),
    (second_key, second): (&'static str, Result<Option<B>, Problem>),
    needed: Problem,
    problems: &mut Vec<(&'static str, Problem)>,
) -> Option<Option<(A, B)>> {
    match (first, second) {
        (Ok(None), Ok(_)) => Some(None),
        (Ok(Some(a)), Ok(Some(b))) => Some(Some((a, b))),
        (Ok(Some(_)), Ok(None)) => {
            problems.push((second_key, needed));
            None
        }
        (first, second) => {
            if let Err(problem) = first {
                problems.push((first_key, problem));
            }
            if let Err(problem) = second {
                problems.push((second_key, problem));
            }
            None
        }
    }
}

/// Seconds as the form's minutes: the shortest decimal that reads back to
/// the same seconds. `seconds / 60` printed as it is can carry a last-digit
/// error (0.015 min is 0.8999999999999999 s, which divides back to
/// 0.015000000000000001), and a link would drift each time it is read.
fn minutes(seconds: f64) -> String {
    let exact = seconds / 60.0;
    (0..=17)
        .map(|digits| format!("{exact:.digits$}"))
        .find(|text| crate::format::parse_f64(text).is_some_and(|m| m * 60.0 == seconds))
        .unwrap_or_else(|| exact.to_string())
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
    let value =
        crate::format::parse_f64(&text.replace(',', ".")).ok_or(Problem::Number { min, max })?;
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
        for ready in Ready::ALL.into_iter().chain(Ready::SERVERS) {
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

    /// The links the playground wrote for the ready scenarios when an empty
    /// limit meant unlimited.
    const OLD_READY_LINKS: [(Ready, &str); 4] = [
        (
            Ready::QuietEvening,
            "#/sim?preset=vsftpd&max=20&per_ip=5&rate_max=&rate_window=60&load=2&peak=&peak_from=5&peak_to=25&session=300&shape=exp&ips=200&greedy=&retry=none&retry_delay=30&retry_attempts=5&shut_from=&shut_at=45&duration=60&seed=1&lang=en",
        ),
        (
            Ready::NineOClockRush,
            "#/sim?preset=vsftpd&max=20&per_ip=5&rate_max=&rate_window=60&load=2&peak=12&peak_from=5&peak_to=25&session=300&shape=exp&ips=200&greedy=&retry=fixed&retry_delay=30&retry_attempts=5&shut_from=&shut_at=45&duration=60&seed=1&lang=en",
        ),
        (
            Ready::MaintenanceShutdown,
            "#/sim?preset=rfc&max=20&per_ip=5&rate_max=&rate_window=60&load=3&peak=&peak_from=5&peak_to=25&session=300&shape=exp&ips=200&greedy=&retry=backoff&retry_delay=10&retry_attempts=6&shut_from=40&shut_at=45&duration=60&seed=1&lang=en",
        ),
        (
            Ready::OneGreedyIp,
            "#/sim?preset=vsftpd&max=50&per_ip=5&rate_max=&rate_window=60&load=6&peak=&peak_from=5&peak_to=25&session=180&shape=exp&ips=200&greedy=40&retry=none&retry_delay=30&retry_attempts=5&shut_from=&shut_at=45&duration=60&seed=1&lang=en",
        ),
    ];

    fn query(link: &str) -> Vec<(String, String)> {
        crate::url::parse_query(link.split_once('?').map_or("", |(_, q)| q))
    }

    #[test]
    fn old_links_to_ready_scenarios_keep_what_they_showed() {
        for (ready, link) in OLD_READY_LINKS {
            let (params, errors) = read(&query(link));
            assert!(errors.is_empty(), "{ready:?}: {errors:?}");
            // The per-address limit of 5 the old cards carried, unsaid.
            assert_eq!(params.server.max_per_ip, Some(5), "{link}");
            assert_eq!(params.duration, 60.0, "{link}");
        }
        // The greedy address's limit was its point, and still is.
        let (params, _) = read(&query(OLD_READY_LINKS[3].1));
        assert_eq!(Ready::matching(&params), Some(Ready::OneGreedyIp));
    }

    #[test]
    fn ready_scenarios_spell_out_their_limits() {
        // Written out, so the numbers do not move if a default does; a
        // per-address limit only where the story tells it.
        let expected = [
            (Ready::QuietEvening, Some(20), Some(0), None),
            (Ready::NineOClockRush, Some(20), Some(0), None),
            (
                Ready::MaintenanceShutdown,
                Some(20),
                Some(0),
                Some((2400.0, 2700.0)),
            ),
            (Ready::OneGreedyIp, Some(50), Some(5), None),
            (Ready::FilezillaPerIp, Some(50), Some(8), None),
            (Ready::RcloneDefaults, Some(50), Some(8), None),
            (Ready::GhostSessions, Some(12), Some(0), None),
            (Ready::OfficeNat, Some(0), Some(8), None),
            (Ready::SameCrowd, Some(30), Some(5), None),
        ];
        for (ready, max_clients, max_per_ip, shutdown) in expected {
            let params = ready.params();
            let limits = params.scenario().limits();
            assert_eq!(limits.rate, None, "{ready:?}");
            assert_eq!(limits.max_logged_in, None, "{ready:?}");
            assert_eq!(limits.max_per_user, None, "{ready:?}");
            assert_eq!(params.server.max_clients, max_clients, "{ready:?}");
            assert_eq!(params.server.max_per_ip, max_per_ip, "{ready:?}");
            assert_eq!(params.shutdown_window(), shutdown, "{ready:?}");
        }
    }

    #[test]
    fn the_default_is_a_pure_loss_system_that_refuses_someone() {
        let report = ftpsim::sim::Simulation::run(&SimParams::default().scenario()).unwrap();
        assert_eq!(report.erlang_b_not_applicable, None);
        let predicted = report.erlang_b.expect("Erlang B applies");
        assert!(predicted > 0.01, "{predicted}");
        assert!(report.refused > 0);
    }

    #[test]
    fn the_servers_default_crowd_meets_different_servers() {
        let base = Ready::SameCrowd.params();
        let outcome = |preset: Preset| {
            let params = SimParams {
                server: ServerSpec {
                    preset,
                    ..base.server.clone()
                },
                ..base.clone()
            };
            let report = ftpsim::sim::Simulation::run(&params.scenario()).unwrap();
            let codes: Vec<String> = report
                .refused_by_code
                .iter()
                .map(|c| c.code.clone())
                .collect();
            (report.users.users_failed, report.refused, codes)
        };
        let vsftpd = outcome(Preset::Vsftpd);
        let proftpd = outcome(Preset::Proftpd);
        let pyftpdlib = outcome(Preset::Pyftpdlib);
        assert!(vsftpd.1 > 0, "{vsftpd:?}");
        assert_eq!(vsftpd.2, ["421"]);
        // ProFTPD says no with 530 (per address) and a silent close, and
        // FileZilla gives up on a 530 where it retries a 421.
        assert!(proftpd.2.contains(&"530".to_string()), "{proftpd:?}");
        assert_ne!(proftpd.0, vsftpd.0, "{proftpd:?} {vsftpd:?}");
        // pyftpdlib's listener takes one of the 30.
        assert!(pyftpdlib.1 > vsftpd.1, "{pyftpdlib:?} {vsftpd:?}");
    }

    #[test]
    fn unused_fields_are_written_empty() {
        let written = pairs(&SimParams::default());
        let shown = |key: &str| written.iter().find(|(k, _)| k == key).unwrap().1.clone();
        for key in [
            "peak_from",
            "peak_to",
            "think",
            "file_mb",
            "bw",
            "retry_delay",
            "retry_attempts",
            "rate_window",
            "shut_at",
        ] {
            assert_eq!(shown(key), "", "{key}");
        }
        let office = pairs(&Ready::OfficeNat.params());
        let shown = |key: &str| office.iter().find(|(k, _)| k == key).unwrap().1.clone();
        assert_eq!(shown("load"), "");
        assert_eq!(shown("retry"), "");
        assert_eq!(shown("think"), "600");
        // Whatever an unused field says, the fields are the same scenario.
        let (params, errors) = SimParams::from_pairs([("peak_from", "7"), ("retry_delay", "3")]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(params, SimParams::default());
    }

    #[test]
    fn bad_fields_keep_their_default_and_say_why() {
        let input = [
            ("load", "-1"),
            ("max", "ten"),
            ("shape", "square"),
            ("seed", "7"),
        ];
        let (params, errors) = SimParams::from_pairs(input);
        assert_eq!(
            params.server.max_clients,
            SimParams::default().server.max_clients
        );
        assert_eq!(params.seed, 7);
        let keys: Vec<_> = errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["max", "load", "shape"], "in the form's order");
        assert_eq!(
            errors[0].problem.message(Lang::En),
            "a whole number from 0 to 1000000"
        );
        assert_eq!(
            errors[1].problem.message(Lang::Fr),
            "un nombre de 0 à 600000"
        );
    }

    #[test]
    fn an_empty_limit_is_the_preset_default_and_zero_is_unlimited() {
        let (params, errors) = SimParams::from_pairs([
            ("v", "2"),
            ("preset", "vsftpd"),
            ("max", ""),
            ("per_ip", "0"),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(params.server.max_clients, None);
        assert_eq!(params.server.max_per_ip, Some(0));
        let limits = params.scenario().limits();
        assert_eq!(limits.max_clients, Some(2000));
        assert_eq!(limits.max_per_ip, None);
        assert_eq!(params.client_slots(), Some(2000));
        // pyftpdlib's max_cons counts its listener.
        let (pyftpdlib, _) =
            SimParams::from_pairs([("v", "2"), ("preset", "pyftpdlib"), ("max", "")]);
        assert_eq!(pyftpdlib.client_slots(), Some(511));
        assert_eq!(preset_default(Preset::Vsftpd, "max"), Some(2000));
        assert_eq!(preset_default(Preset::Vsftpd, "per_ip"), Some(50));
        assert_eq!(preset_default(Preset::Proftpd, "max"), None);
        // The form writes what it read, and reads it back the same.
        let (back, _) = read(&pairs(&params));
        assert_eq!(back, params);
    }

    #[test]
    fn links_without_the_format_key_read_an_empty_limit_as_unlimited() {
        let (params, errors) = SimParams::from_pairs([("max", "2000"), ("per_ip", "")]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(params.server.max_per_ip, Some(0));
        assert_eq!(params.scenario().limits().max_per_ip, None);
        let written = pairs(&params);
        assert!(written.contains(&("v".to_string(), "2".to_string())));
        assert!(written.contains(&("per_ip".to_string(), "0".to_string())));
    }

    #[test]
    fn a_rate_or_a_shutdown_given_alone_takes_defaults_for_the_rest() {
        let (params, errors) = SimParams::from_pairs([("rate_max", "3"), ("rate_window", "")]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            params.server.rate,
            Some(RateSpec {
                max: 3,
                window: DEFAULT_RATE_WINDOW
            })
        );
        // Only "refuse new clients from minute 50": live sessions run to
        // the end of the run, whatever the default duration is.
        let (params, errors) = SimParams::from_pairs([("shut_from", "50"), ("shut_at", "")]);
        assert!(errors.is_empty(), "{errors:?}");
        let shutdown = params.server.shutdown.clone().unwrap();
        assert_eq!(shutdown.refuse_from, 3000.0);
        assert_eq!(shutdown.disconnect_at, params.duration * 60.0);
        let (params, errors) = SimParams::from_pairs([("shut_from", "500"), ("duration", "60")]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(params.server.shutdown.unwrap().disconnect_at, 30_000.0);
        // Off when the first field is empty; the second is still checked.
        let (params, errors) = SimParams::from_pairs([("rate_max", ""), ("rate_window", "soon")]);
        assert_eq!(params.server.rate, None);
        assert_eq!(errors[0].key, "rate_window");
    }

    #[test]
    fn shutdown_minutes_read_back_as_they_were_typed() {
        for typed in [
            "0", "0.015", "0.1", "12.345", "40", "45.5", "9999.999", "10000000",
        ] {
            let (params, errors) =
                SimParams::from_pairs([("shut_from", typed), ("shut_at", typed)]);
            assert!(errors.is_empty(), "{typed}: {errors:?}");
            let shutdown = params.server.shutdown.as_ref().unwrap();
            assert_eq!(shutdown.refuse_from, typed.parse::<f64>().unwrap() * 60.0);
            assert_eq!(shutdown.message, DEFAULT_SHUTDOWN_MESSAGE);
            let written = pairs(&params);
            let shown = |key: &str| written.iter().find(|(k, _)| k == key).unwrap().1.clone();
            let expected = typed.parse::<f64>().unwrap().to_string();
            assert_eq!(shown("shut_from"), expected);
            assert_eq!(shown("shut_at"), expected);
            assert_eq!(read(&written).0, params);
        }
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
    fn the_expected_work_follows_users_connections_and_attempts() {
        assert_eq!(SimParams::default().expected_attempts(), 720.0);
        let rush = Ready::NineOClockRush.params();
        assert_eq!(rush.expected_users(), 2.0 * 40.0 + 12.0 * 20.0);
        assert_eq!(rush.expected_attempts(), rush.expected_users() * 5.0);
        let filezilla = Ready::FilezillaPerIp.params();
        assert_eq!(filezilla.connections_per_user(), 3);
        assert_eq!(filezilla.attempts_per_connection(), 2);
        let office = Ready::OfficeNat.params();
        // 40 users, each back every 600 + 120 s, over 8 hours.
        assert_eq!(office.expected_users(), 40.0 * 28_800.0 / 720.0);
    }
}
