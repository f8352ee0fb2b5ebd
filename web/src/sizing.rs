//! The sizing view's numbers: how refusals move with the limit on clients
//! at once, or with the load at a given limit, from theory, with
//! simulated points to check the curve, and the answers admins ask for:
//! the smallest limit that keeps refusals at or under a target, or the
//! most load a limit takes.
//!
//! An open stream of arrivals follows Erlang B; a closed population of
//! users who think between sessions follows Engset (an arriving user sees
//! the others, one source fewer). Everything here is geometry and plumbing
//! around the core: [`erlang_b`], [`engset`] and their inverses give the
//! theory, the simulator the points.

use ftpsim::Lang;
use ftpsim::admission::Preset;
use ftpsim::sim::erlang::{engset, engset_servers_for, erlang_b, servers_for};
use ftpsim::sim::{Report, Scenario, ServerSpec};

use crate::sim_params::SimParams;

/// What the chart runs along.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    /// Refusals against the limit on clients at once, the load fixed.
    #[default]
    Limit,
    /// Refusals against the load (new clients per minute, or users), the
    /// limit fixed.
    Load,
}

/// Which theory applies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Theory {
    /// An open stream: Erlang B at this many erlangs.
    ErlangB { erlangs: f64 },
    /// A closed population: Engset with the load one idle user offers and
    /// the other users.
    Engset { per_idle_source: f64, sources: u32 },
}

/// What the sizing view asks: the load and the refusals one may accept.
#[derive(Clone, Debug, PartialEq)]
pub struct SizingParams {
    /// New clients per minute (an open stream).
    pub load: f64,
    /// Mean session length, seconds.
    pub session: f64,
    /// The share of refused connections one may accept, percent.
    pub target: f64,
    /// A closed population of this many users in place of the stream.
    pub users: Option<u32>,
    /// A user's mean time between two sessions, seconds.
    pub think: f64,
    pub axis: Axis,
    /// The limit the load axis is drawn at.
    pub limit: u32,
}

impl Default for SizingParams {
    /// The quiet evening's load: 15 erlangs, at most 1 % refused.
    fn default() -> SizingParams {
        SizingParams {
            load: 3.0,
            session: 300.0,
            target: 1.0,
            users: None,
            think: 600.0,
            axis: Axis::Limit,
            limit: 20,
        }
    }
}

/// Points simulated to check the curve (besides the answer).
pub const SIMULATED_POINTS: usize = 5;
/// Simulated minutes for each point: long enough for an interval of a few
/// tenths of a percent at these loads, short enough to run as one types.
const SIMULATED_MINUTES: f64 = 2000.0;
/// Points of a curve along a continuous load.
const CURVE_STEPS: u32 = 60;
/// Users at most on the load axis of a population.
const MOST_USERS: u32 = 2000;

impl SizingParams {
    /// Offered load of the open stream in erlangs: arrivals per second
    /// times the mean session.
    pub fn erlangs(&self) -> f64 {
        self.load / 60.0 * self.session
    }

    pub fn theory(&self) -> Theory {
        match self.users {
            Some(users) => Theory::Engset {
                per_idle_source: self.session / self.think,
                sources: users.saturating_sub(1),
            },
            None => Theory::ErlangB {
                erlangs: self.erlangs(),
            },
        }
    }

    /// The share of connections refused at `limit`.
    pub fn refused_at(&self, limit: u32) -> Option<f64> {
        match self.theory() {
            Theory::ErlangB { erlangs } => erlang_b(erlangs, limit),
            Theory::Engset {
                per_idle_source,
                sources,
            } => engset(per_idle_source, sources, limit),
        }
    }

    /// The smallest limit with refusals at or under the target.
    pub fn smallest_limit(&self) -> Option<u32> {
        let target = self.target / 100.0;
        match self.theory() {
            Theory::ErlangB { erlangs } => servers_for(erlangs, target),
            Theory::Engset {
                per_idle_source,
                sources,
            } => engset_servers_for(per_idle_source, sources, target),
        }
    }

    /// These parameters with the load axis at `x`: clients per minute, or
    /// users.
    pub fn at_load(&self, x: f64) -> SizingParams {
        let mut params = self.clone();
        match self.users {
            Some(_) => params.users = Some((x.round() as u32).max(1)),
            None => params.load = x,
        }
        params
    }

    /// Where these parameters stand on the load axis.
    pub fn load_x(&self) -> f64 {
        match self.users {
            Some(users) => f64::from(users),
            None => self.load,
        }
    }

    /// The most load [`limit`](Self::limit) takes with refusals at or
    /// under the target: clients per minute (to a hundredth), or users.
    pub fn most_load(&self) -> Option<f64> {
        let target = self.target / 100.0;
        let fits = |x: f64| {
            self.at_load(x)
                .refused_at(self.limit)
                .is_some_and(|p| p <= target)
        };
        match self.users {
            Some(_) => {
                // Refusals grow with every user: the last that fits.
                let mut users = 1;
                while users < MOST_USERS && fits(f64::from(users + 1)) {
                    users += 1;
                }
                fits(f64::from(users)).then_some(f64::from(users))
            }
            None => {
                // Erlang B grows with the load: bisection, to 0.01 per minute.
                let (mut low, mut high) = (0.0, 1.0);
                while fits(high) {
                    high *= 2.0;
                    if high > 1e7 {
                        return None;
                    }
                }
                while high - low > 0.005 {
                    let mid = (low + high) / 2.0;
                    if fits(mid) {
                        low = mid;
                    } else {
                        high = mid;
                    }
                }
                Some((low * 100.0).floor() / 100.0)
            }
        }
    }

    /// The span of the x axis, from and to.
    pub fn span(&self) -> (f64, f64) {
        match (self.axis, self.users) {
            (Axis::Limit, _) => {
                let busy = match self.theory() {
                    Theory::ErlangB { erlangs } => erlangs,
                    // The slots the users would hold if none were refused.
                    Theory::Engset {
                        per_idle_source, ..
                    } => {
                        f64::from(self.users.unwrap_or(1)) * per_idle_source
                            / (1.0 + per_idle_source)
                    }
                };
                let mut end = self
                    .smallest_limit()
                    .unwrap_or(1)
                    .max(busy.ceil() as u32)
                    .saturating_mul(3)
                    / 2;
                if let Some(users) = self.users {
                    // Past one slot per user, nobody is refused.
                    end = end.min(users.max(4));
                }
                (1.0, f64::from(end.clamp(4, 2000)))
            }
            (Axis::Load, None) => {
                let top = self.most_load().unwrap_or(self.load).max(self.load);
                (0.0, (top * 2.0).max(0.1))
            }
            (Axis::Load, Some(users)) => {
                let top = self.most_load().unwrap_or(1.0).max(f64::from(users));
                (
                    1.0,
                    (top * 2.0)
                        .max(f64::from(self.limit + 2))
                        .min(f64::from(MOST_USERS)),
                )
            }
        }
    }

    /// Whether the x axis counts (limits, users) rather than measures.
    fn whole_x(&self) -> bool {
        self.axis == Axis::Limit || self.users.is_some()
    }

    /// The theory along the span.
    pub fn curve(&self) -> Vec<(f64, f64)> {
        let (from, to) = self.span();
        let xs: Vec<f64> = if self.whole_x() {
            let step = (((to - from) / 400.0).ceil() as usize).max(1);
            (from as u32..=to as u32)
                .step_by(step)
                .map(f64::from)
                .collect()
        } else {
            (0..=CURVE_STEPS)
                .map(|i| from + (to - from) * f64::from(i) / f64::from(CURVE_STEPS))
                .collect()
        };
        xs.into_iter()
            .filter_map(|x| self.theory_at(x).map(|p| (x, p)))
            .collect()
    }

    /// The theory at `x` on the current axis.
    pub fn theory_at(&self, x: f64) -> Option<f64> {
        match self.axis {
            Axis::Limit => self.refused_at(x as u32),
            Axis::Load => self.at_load(x).refused_at(self.limit),
        }
    }

    /// The answer on the current axis: the smallest limit, or the most load.
    pub fn answer(&self) -> Option<f64> {
        match self.axis {
            Axis::Limit => self.smallest_limit().map(f64::from),
            Axis::Load => self.most_load(),
        }
    }

    /// The x values to simulate: spread over the span, with the answer (on
    /// the limit axis) or the scenario's own load (on the load axis).
    pub fn simulated_xs(&self) -> Vec<f64> {
        let (from, to) = self.span();
        let mut xs: Vec<f64> = (0..SIMULATED_POINTS)
            .map(|i| from + (to - from) * (i + 1) as f64 / (SIMULATED_POINTS + 1) as f64)
            .map(|x| {
                if self.whole_x() {
                    x.floor()
                } else {
                    (x * 100.0).round() / 100.0
                }
            })
            .filter(|&x| x > 0.0)
            .collect();
        match self.axis {
            Axis::Limit => xs.extend(self.smallest_limit().map(f64::from)),
            Axis::Load => xs.push(self.load_x()),
        }
        xs.sort_unstable_by(f64::total_cmp);
        xs.dedup();
        xs
    }

    /// The scenario at `limit`: the playground's own form of it, so that
    /// the simulator view can open the same scenario.
    pub fn params_at(&self, limit: u32) -> SimParams {
        SimParams {
            server: ServerSpec {
                max_clients: Some(limit),
                max_per_ip: Some(0),
                ..ServerSpec::preset(Preset::Rfc)
            },
            load: self.load,
            session: self.session,
            users: self.users,
            think: self.think,
            duration: SIMULATED_MINUTES,
            ..SimParams::default()
        }
    }

    /// The form of the point at `x` on the current axis.
    pub fn params_at_x(&self, x: f64) -> SimParams {
        match self.axis {
            Axis::Limit => self.params_at(x as u32),
            Axis::Load => self.at_load(x).params_at(self.limit),
        }
    }

    /// The scenarios of [`simulated_xs`](Self::simulated_xs).
    pub fn scenarios(&self) -> Vec<Scenario> {
        self.simulated_xs()
            .into_iter()
            .map(|x| self.params_at_x(x).scenario())
            .collect()
    }

    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("load", self.load.to_string()),
            ("session", self.session.to_string()),
            ("target", self.target.to_string()),
        ];
        if let Some(users) = self.users {
            pairs.push(("users", users.to_string()));
            pairs.push(("think", self.think.to_string()));
        }
        if self.axis == Axis::Load {
            pairs.push(("x", "load".to_string()));
            pairs.push(("limit", self.limit.to_string()));
        }
        pairs
    }

    /// Reads the fields over the defaults; a field that does not read keeps
    /// its default (a link is user input).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> SizingParams {
        let mut params = SizingParams::default();
        for (key, text) in pairs {
            if key == "x" {
                params.axis = if text == "load" {
                    Axis::Load
                } else {
                    Axis::Limit
                };
                continue;
            }
            let value = crate::format::parse_f64(&text.trim().replace(',', "."));
            let Some(value) = value.filter(|v| v.is_finite() && *v > 0.0) else {
                continue;
            };
            let whole = (value.fract() == 0.0).then_some(value as u32);
            match key {
                "load" if value <= 100_000.0 => params.load = value,
                "session" if value <= 1e6 => params.session = value,
                "target" if value <= 100.0 => params.target = value,
                "think" if value <= 1e7 => params.think = value,
                "users" => {
                    if let Some(users) = whole.filter(|&u| u <= MOST_USERS) {
                        params.users = Some(users);
                    }
                }
                "limit" => {
                    if let Some(limit) = whole.filter(|&l| l <= 2000) {
                        params.limit = limit;
                    }
                }
                _ => {}
            }
        }
        params
    }
}

/// The sizing chart's drawing space.
pub const WIDTH: f64 = 760.0;
pub const HEIGHT: f64 = 320.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 270.0;

/// A simulated point and its interval, in drawing coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Where it stands on the axis: a limit, clients per minute or users.
    pub at: f64,
    pub x: f64,
    pub y: f64,
    /// The interval's ends (`y` of the high and the low), when known.
    pub interval: Option<(f64, f64)>,
    pub blocking: f64,
}

/// The curve and points placed on shared scales: refusals (0 to the
/// largest shown, in percent) against the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct SizingChart {
    pub curve: String,
    pub points: Vec<Point>,
    /// x of the answer, and y of the target.
    pub answer_x: Option<f64>,
    pub target_y: f64,
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
}

/// Lays out the curve of `params` and the simulated `reports` (each at its
/// x of [`SizingParams::simulated_xs`], when done).
pub fn layout(params: &SizingParams, reports: &[(f64, &Report)], lang: Lang) -> SizingChart {
    let curve = params.curve();
    let (from, to) = params.span();
    let top = curve
        .iter()
        .map(|&(_, b)| b)
        .chain(reports.iter().map(|(_, r)| r.blocking_probability))
        .fold(params.target / 100.0, f64::max)
        .clamp(0.01, 1.0);
    let x = |at: f64| {
        LEFT + ((at - from) / (to - from).max(1e-9)).clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT)
    };
    let y = |p: f64| BOTTOM - (p / top).clamp(0.0, 1.0) * (BOTTOM - TOP);
    let points = reports
        .iter()
        .map(|&(at, report)| Point {
            at,
            x: x(at),
            y: y(report.blocking_probability),
            interval: report
                .blocking_confidence_interval
                .as_ref()
                .map(|ci| (y(ci.high), y(ci.low))),
            blocking: report.blocking_probability,
        })
        .collect();
    let x_ticks = if params.whole_x() {
        let (from, to) = (from as u32, to as u32);
        let step = ((to - from) / 6).max(1);
        (from..=to)
            .step_by(step as usize)
            .map(|c| (x(f64::from(c)), c.to_string()))
            .collect()
    } else {
        (0..=6)
            .map(|i| {
                let at = from + (to - from) * f64::from(i) / 6.0;
                let digits = if to - from >= 30.0 {
                    0
                } else if to - from >= 3.0 {
                    1
                } else {
                    2
                };
                (x(at), crate::format::decimal(at, digits, lang))
            })
            .collect()
    };
    let y_ticks = (0..=4)
        .map(|i| {
            let p = top * f64::from(i) / 4.0;
            (y(p), crate::format::percent(p, lang))
        })
        .collect();
    SizingChart {
        curve: curve
            .iter()
            .map(|&(c, b)| format!("{:.1},{:.1}", x(c), y(b)))
            .collect::<Vec<_>>()
            .join(" "),
        points,
        answer_x: params.answer().filter(|&a| a <= to).map(x),
        target_y: y(params.target / 100.0),
        x_ticks,
        y_ticks,
    }
}

#[cfg(test)]
mod tests {
    use ftpsim::sim::Simulation;

    use super::*;

    #[test]
    fn the_answer_is_the_smallest_limit_meeting_the_target() {
        let params = SizingParams::default();
        assert_eq!(params.erlangs(), 15.0);
        let answer = params.smallest_limit().unwrap();
        let at = |c| erlang_b(15.0, c).unwrap();
        assert!(at(answer) <= 0.01);
        assert!(at(answer - 1) > 0.01);
        assert!(params.simulated_xs().contains(&f64::from(answer)));
        let (from, to) = params.span();
        assert!(from < f64::from(answer) && f64::from(answer) < to);
    }

    fn run_points(params: &SizingParams) -> Vec<(f64, Report)> {
        let scenarios = params.scenarios();
        assert_eq!(scenarios.len(), params.simulated_xs().len());
        params
            .simulated_xs()
            .into_iter()
            .zip(scenarios.iter().map(|s| Simulation::run(s).unwrap()))
            .collect()
    }

    fn chart_of(params: &SizingParams, runs: &[(f64, Report)]) -> SizingChart {
        let pairs: Vec<(f64, &Report)> = runs.iter().map(|(x, r)| (*x, r)).collect();
        let chart = layout(params, &pairs, Lang::En);
        assert_eq!(chart.points.len(), runs.len());
        for p in &chart.points {
            assert!((TOP..=BOTTOM).contains(&p.y) && (LEFT..=WIDTH - RIGHT).contains(&p.x));
        }
        assert!(chart.answer_x.is_some());
        chart
    }

    #[test]
    fn simulated_points_are_loss_systems_that_land_near_the_curve() {
        let params = SizingParams::default();
        let runs = run_points(&params);
        for (x, report) in &runs {
            let predicted = report.erlang_b.expect("a loss system");
            assert_eq!(predicted, erlang_b(15.0, *x as u32).unwrap());
            assert!(
                (report.blocking_probability - predicted).abs() < 0.03,
                "{x}: {} vs {predicted}",
                report.blocking_probability
            );
        }
        chart_of(&params, &runs);
    }

    #[test]
    fn a_population_follows_engset_along_the_limit() {
        let params = SizingParams {
            users: Some(40),
            think: 600.0,
            ..SizingParams::default()
        };
        let theory = params.theory();
        assert_eq!(
            theory,
            Theory::Engset {
                per_idle_source: 0.5,
                sources: 39
            }
        );
        // 40 users offer far less than 15 erlangs' worth of a stream.
        assert_eq!(params.smallest_limit(), Some(20));
        assert!(params.refused_at(20).unwrap() < erlang_b(40.0 * 0.5 / 1.5, 20).unwrap());
        let (_, to) = params.span();
        assert!(to <= 40.0);
        let runs = run_points(&params);
        for (x, report) in &runs {
            assert_eq!(report.erlang_b, None);
            let predicted = report.engset.expect("a closed population gets Engset");
            assert_eq!(predicted, engset(0.5, 39, *x as u32).unwrap());
            assert!(
                (report.blocking_probability - predicted).abs() < 0.02,
                "{x}: {} vs {predicted}",
                report.blocking_probability
            );
        }
        chart_of(&params, &runs);
    }

    #[test]
    fn along_the_load_the_answer_is_the_most_a_limit_takes() {
        let params = SizingParams {
            axis: Axis::Load,
            limit: 20,
            ..SizingParams::default()
        };
        let most = params.most_load().unwrap();
        let b = |per_minute: f64| erlang_b(per_minute / 60.0 * 300.0, 20).unwrap();
        assert!(b(most) <= 0.01 && b(most + 0.01) > 0.01, "{most}");
        let (from, to) = params.span();
        assert_eq!(from, 0.0);
        assert!(to >= 2.0 * most - 1e-9 && to >= params.load);
        let curve = params.curve();
        assert_eq!(curve.len(), CURVE_STEPS as usize + 1);
        assert!(
            curve.windows(2).all(|w| w[0].1 <= w[1].1),
            "rises with the load"
        );
        assert!(params.simulated_xs().contains(&params.load));
        let runs = run_points(&params);
        for (x, report) in &runs {
            assert_eq!(report.erlang_b_servers, Some(20));
            let predicted = b(*x);
            assert!(
                (report.blocking_probability - predicted).abs() < 0.03,
                "{x}"
            );
        }
        chart_of(&params, &runs);

        // A population: the most users 20 slots serve.
        let users = SizingParams {
            users: Some(40),
            ..params
        };
        let most = users.most_load().unwrap() as u32;
        assert!(engset(0.5, most - 1, 20).unwrap() <= 0.01);
        assert!(engset(0.5, most, 20).unwrap() > 0.01);
        assert!(users.simulated_xs().iter().all(|x| x.fract() == 0.0));
    }

    #[test]
    fn links_read_back_and_bad_fields_keep_defaults() {
        let params = SizingParams {
            load: 12.5,
            session: 60.0,
            target: 0.5,
            users: Some(30),
            think: 120.0,
            axis: Axis::Load,
            limit: 8,
        };
        let pairs = params.to_pairs();
        let back = SizingParams::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, params);
        let plain = SizingParams::default();
        assert_eq!(plain.to_pairs().len(), 3, "the old links stay as they were");
        let bad = SizingParams::from_pairs([
            ("load", "-3"),
            ("target", "2,5"),
            ("session", "x"),
            ("users", "2.5"),
            ("limit", "0"),
        ]);
        assert_eq!(bad.load, 3.0);
        assert_eq!(bad.target, 2.5);
        assert_eq!(bad.session, 300.0);
        assert_eq!((bad.users, bad.limit), (None, 20));
    }
}
