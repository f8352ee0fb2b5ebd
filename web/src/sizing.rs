//! The sizing view's numbers: how refusals fall as the limit on clients at
//! once grows, from Erlang B, with simulated points to check the curve, and
//! the smallest limit that keeps refusals at or under a target.
//!
//! Everything here is geometry and plumbing around the core:
//! [`erlang_b`] and [`servers_for`] give the theory, the simulator the
//! points.

use ftpsim::Lang;
use ftpsim::admission::Preset;
use ftpsim::sim::erlang::{erlang_b, servers_for};
use ftpsim::sim::{Report, Scenario, ServerSpec};

use crate::sim_params::SimParams;

/// What the sizing view asks: the load and the refusals one may accept.
#[derive(Clone, Debug, PartialEq)]
pub struct SizingParams {
    /// New clients per minute.
    pub load: f64,
    /// Mean session length, seconds.
    pub session: f64,
    /// The share of refused connections one may accept, percent.
    pub target: f64,
}

impl Default for SizingParams {
    /// The quiet evening's load: 15 erlangs, at most 1 % refused.
    fn default() -> SizingParams {
        SizingParams {
            load: 3.0,
            session: 300.0,
            target: 1.0,
        }
    }
}

/// Limits simulated to check the curve.
pub const SIMULATED_POINTS: usize = 5;
/// Simulated minutes for each point: long enough for an interval of a few
/// tenths of a percent at these loads, short enough to run as one types.
const SIMULATED_MINUTES: f64 = 2000.0;

impl SizingParams {
    /// Offered load in erlangs: arrivals per second times the mean session.
    pub fn erlangs(&self) -> f64 {
        self.load / 60.0 * self.session
    }

    /// The smallest limit with Erlang B at or under the target.
    pub fn smallest_limit(&self) -> Option<u32> {
        servers_for(self.erlangs(), self.target / 100.0)
    }

    /// The limits the curve spans: from 1 to a little past the answer.
    pub fn limits(&self) -> (u32, u32) {
        let end = self
            .smallest_limit()
            .unwrap_or(1)
            .max(self.erlangs().ceil() as u32)
            .saturating_mul(3)
            / 2;
        (1, end.clamp(4, 2000))
    }

    /// Erlang B at every limit of the span.
    pub fn curve(&self) -> Vec<(u32, f64)> {
        let (from, to) = self.limits();
        (from..=to)
            .filter_map(|c| erlang_b(self.erlangs(), c).map(|b| (c, b)))
            .collect()
    }

    /// The limits to simulate: spread over the span, the answer among them.
    pub fn simulated_limits(&self) -> Vec<u32> {
        let (from, to) = self.limits();
        let mut limits: Vec<u32> = (0..SIMULATED_POINTS as u32)
            .map(|i| from + (to - from) * (i + 1) / (SIMULATED_POINTS as u32 + 1))
            .collect();
        if let Some(answer) = self.smallest_limit() {
            limits.push(answer);
        }
        limits.sort_unstable();
        limits.dedup();
        limits
    }

    /// The loss system at `limit`: the playground's own form of it, so that
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
            duration: SIMULATED_MINUTES,
            ..SimParams::default()
        }
    }

    /// The scenarios of [`simulated_limits`](Self::simulated_limits).
    pub fn scenarios(&self) -> Vec<Scenario> {
        self.simulated_limits()
            .into_iter()
            .map(|limit| self.params_at(limit).scenario())
            .collect()
    }

    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("load", self.load.to_string()),
            ("session", self.session.to_string()),
            ("target", self.target.to_string()),
        ]
    }

    /// Reads the fields over the defaults; a field that does not read keeps
    /// its default (a link is user input).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> SizingParams {
        let mut params = SizingParams::default();
        for (key, text) in pairs {
            let value = text.trim().replace(',', ".").parse::<f64>().ok();
            let Some(value) = value.filter(|v| v.is_finite() && *v > 0.0) else {
                continue;
            };
            match key {
                "load" if value <= 100_000.0 => params.load = value,
                "session" if value <= 1e6 => params.session = value,
                "target" if value <= 100.0 => params.target = value,
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
    pub limit: u32,
    pub x: f64,
    pub y: f64,
    /// The interval's ends (`y` of the high and the low), when known.
    pub interval: Option<(f64, f64)>,
    pub blocking: f64,
}

/// The curve and points placed on shared scales: refusals (0 to the
/// largest shown, in percent) against the limit.
#[derive(Clone, Debug, PartialEq)]
pub struct SizingChart {
    pub curve: String,
    pub points: Vec<Point>,
    /// x of the smallest limit meeting the target, and y of the target.
    pub answer_x: Option<f64>,
    pub target_y: f64,
    pub x_ticks: Vec<(f64, u32)>,
    pub y_ticks: Vec<(f64, String)>,
}

/// Lays out the curve of `params` and the simulated `reports` (one per
/// limit of [`SizingParams::simulated_limits`], when done).
pub fn layout(params: &SizingParams, reports: &[(u32, &Report)], lang: Lang) -> SizingChart {
    let curve = params.curve();
    let (from, to) = params.limits();
    let top = curve
        .iter()
        .map(|&(_, b)| b)
        .chain(reports.iter().map(|(_, r)| r.blocking_probability))
        .fold(params.target / 100.0, f64::max)
        .clamp(0.01, 1.0);
    let x = |limit: u32| {
        LEFT + f64::from(limit - from) / f64::from((to - from).max(1)) * (WIDTH - LEFT - RIGHT)
    };
    let y = |p: f64| BOTTOM - (p / top).clamp(0.0, 1.0) * (BOTTOM - TOP);
    let points = reports
        .iter()
        .map(|&(limit, report)| Point {
            limit,
            x: x(limit),
            y: y(report.blocking_probability),
            interval: report
                .blocking_confidence_interval
                .as_ref()
                .map(|ci| (y(ci.high), y(ci.low))),
            blocking: report.blocking_probability,
        })
        .collect();
    let step = ((to - from) / 6).max(1);
    let x_ticks = (from..=to)
        .step_by(step as usize)
        .map(|c| (x(c), c))
        .collect();
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
        answer_x: params.smallest_limit().filter(|&c| c <= to).map(x),
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
        assert!(params.simulated_limits().contains(&answer));
        let (from, to) = params.limits();
        assert!(from < answer && answer < to);
    }

    #[test]
    fn simulated_points_are_loss_systems_that_land_near_the_curve() {
        let params = SizingParams::default();
        let scenarios = params.scenarios();
        assert_eq!(scenarios.len(), params.simulated_limits().len());
        let reports: Vec<Report> = scenarios
            .iter()
            .map(|s| Simulation::run(s).unwrap())
            .collect();
        for (limit, report) in params.simulated_limits().into_iter().zip(&reports) {
            let predicted = report.erlang_b.expect("a loss system");
            assert_eq!(predicted, erlang_b(15.0, limit).unwrap());
            assert!(
                (report.blocking_probability - predicted).abs() < 0.03,
                "{limit}: {} vs {predicted}",
                report.blocking_probability
            );
        }
        let pairs: Vec<(u32, &Report)> = params
            .simulated_limits()
            .into_iter()
            .zip(&reports)
            .collect();
        let chart = layout(&params, &pairs, Lang::En);
        assert_eq!(chart.points.len(), reports.len());
        for p in &chart.points {
            assert!((TOP..=BOTTOM).contains(&p.y) && (LEFT..=WIDTH - RIGHT).contains(&p.x));
        }
        assert!(chart.answer_x.is_some());
    }

    #[test]
    fn links_read_back_and_bad_fields_keep_defaults() {
        let params = SizingParams {
            load: 12.5,
            session: 60.0,
            target: 0.5,
        };
        let pairs = params.to_pairs();
        let back = SizingParams::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, params);
        let bad = SizingParams::from_pairs([("load", "-3"), ("target", "2,5"), ("session", "x")]);
        assert_eq!(bad.load, 3.0);
        assert_eq!(bad.target, 2.5);
        assert_eq!(bad.session, 300.0);
    }
}
