//! The concurrency chart as geometry: where every band, line, bar and dot
//! goes in the SVG's coordinate space. Pure, so that it is tested on the
//! host; the component only draws what this computes.

use ftpsim::sim::Report;
use ftpsim::sim::report::SampledSession;

/// The SVG's coordinate space (it scales to the page's width).
pub const WIDTH: f64 = 760.0;
pub const HEIGHT: f64 = 340.0;
const LEFT: f64 = 76.0;
const RIGHT: f64 = 14.0;
const PLOT_TOP: f64 = 14.0;
const PLOT_BOTTOM: f64 = 214.0;
/// The strip of refusal bars under the plot.
pub const REFUSALS_TOP: f64 = 226.0;
pub const REFUSALS_BOTTOM: f64 = 262.0;
/// The first row of sampled sessions.
pub const SESSIONS_Y: f64 = 282.0;
/// The baseline of the time labels, with one row of sessions.
pub const AXIS_LABEL_Y: f64 = 316.0;
/// Rows of sampled sessions at most; more dots share them, pushed apart.
const MAX_LANES: usize = 4;

/// How many times the run's peak a limit may be and still be drawn.
const LIMIT_REACH: u64 = 5;

/// Everything the chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Polygon points of the band between the least and the most
    /// connections held in each bucket.
    pub band: String,
    /// Polyline points of the time-averaged concurrency.
    pub mean: String,
    /// The y of the limit line, when there is a global limit within reach
    /// of the data.
    pub limit_y: Option<f64>,
    pub limit: Option<u32>,
    /// x from and to of the shutdown window.
    pub shutdown: Option<(f64, f64)>,
    pub refusal_bars: Vec<Bar>,
    /// The bars as one path: one node to draw and to update, not two per
    /// bar.
    pub refusal_path: String,
    /// Most refusals in one bucket (the strip's scale).
    pub max_refused: u64,
    pub sessions: Vec<SessionDot>,
    /// The drawing's height and the time labels' baseline: each row of
    /// sessions after the first adds [`DOT_SPACING`].
    pub height: f64,
    pub axis_label_y: f64,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub plot_left: f64,
    pub plot_right: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
    /// The scales: seconds at the right edge, sessions at the top.
    pub end: f64,
    pub y_max: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub refused: u64,
    /// Minutes, for the bar's tooltip.
    pub from_minute: f64,
    pub to_minute: f64,
}

/// One sampled session on the session row.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionDot {
    pub attempt: u64,
    pub x: f64,
    pub y: f64,
    pub greeted: bool,
    /// How the connection ended ([`SampledSession::kind`]).
    pub kind: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// x for time ticks, y for concurrency ticks.
    pub at: f64,
    pub label: String,
}

/// Lays out `report` with the scenario's global `limit` and shutdown
/// window (`refuse_from`, `disconnect_at`, in seconds).
pub fn layout(report: &Report, limit: Option<u32>, shutdown: Option<(f64, f64)>) -> Chart {
    let buckets = &report.timeline.buckets;
    let end = buckets
        .last()
        .map(|b| b.end)
        .unwrap_or(report.simulated_seconds)
        .max(f64::MIN_POSITIVE);
    // A limit far above what the run reached (a preset default of 2000
    // against a dozen clients) would flatten the data against the floor:
    // the scale then follows the data and the line is left out.
    let peak = report.peak_concurrency.max(1);
    let limit = limit.filter(|&l| u64::from(l) <= u64::from(peak) * LIMIT_REACH);
    let top_value = limit.unwrap_or(0).max(peak);
    let y_max = nice_ceiling(f64::from(top_value) * 1.1);
    let x = |seconds: f64| LEFT + (seconds / end).clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT);
    let y = |value: f64| PLOT_BOTTOM - (value / y_max).clamp(0.0, 1.0) * (PLOT_BOTTOM - PLOT_TOP);

    let mut upper = Vec::with_capacity(buckets.len() * 2);
    let mut lower = Vec::with_capacity(buckets.len() * 2);
    let mut mean = Vec::with_capacity(buckets.len());
    for b in buckets {
        upper.push(point(x(b.start), y(f64::from(b.concurrency_max))));
        upper.push(point(x(b.end), y(f64::from(b.concurrency_max))));
        lower.push(point(x(b.start), y(f64::from(b.concurrency_min))));
        lower.push(point(x(b.end), y(f64::from(b.concurrency_min))));
        mean.push(point(x((b.start + b.end) / 2.0), y(b.concurrency_mean)));
    }
    lower.reverse();
    upper.extend(lower);

    let max_refused = buckets.iter().map(|b| b.refused).max().unwrap_or(0);
    let strip = REFUSALS_BOTTOM - REFUSALS_TOP;
    let refusal_bars = buckets
        .iter()
        .filter(|b| b.refused > 0)
        .map(|b| {
            // At least 2 units high, so that one refusal is visible.
            let height = (b.refused as f64 / max_refused as f64 * strip).max(2.0);
            Bar {
                x: x(b.start),
                y: REFUSALS_BOTTOM - height,
                width: (x(b.end) - x(b.start) - 1.0).max(1.0),
                height,
                refused: b.refused,
                from_minute: b.start / 60.0,
                to_minute: b.end / 60.0,
            }
        })
        .collect::<Vec<Bar>>();
    let refusal_path = refusal_bars
        .iter()
        .map(|b| {
            format!(
                "M{:.1} {:.1}h{:.1}v{:.1}h{:.1}z",
                b.x, b.y, b.width, b.height, -b.width
            )
        })
        .collect::<String>();

    let mut sessions: Vec<SessionDot> = report
        .transcripts
        .iter()
        .map(|t| SessionDot {
            attempt: t.attempt,
            x: x(connected_at(t)),
            y: SESSIONS_Y,
            greeted: t.outcome == "greeted",
            kind: t.kind,
        })
        .collect();
    let lanes = in_lanes(&mut sessions, LEFT, WIDTH - RIGHT);
    let extra = (lanes.max(1) - 1) as f64 * DOT_SPACING;

    Chart {
        band: upper.join(" "),
        mean: mean.join(" "),
        limit_y: limit.map(|l| y(f64::from(l))),
        limit,
        shutdown: shutdown.map(|(from, to)| (x(from), x(to.max(from)))),
        refusal_bars,
        refusal_path,
        max_refused,
        sessions,
        height: HEIGHT + extra,
        axis_label_y: AXIS_LABEL_Y + extra,
        x_ticks: time_ticks(end)
            .into_iter()
            .map(|minutes| Tick {
                at: x(minutes * 60.0),
                label: format_minutes(minutes),
            })
            .collect(),
        y_ticks: value_ticks(y_max)
            .into_iter()
            .map(|v| Tick {
                at: y(v),
                label: format!("{v}"),
            })
            .collect(),
        plot_left: LEFT,
        plot_right: WIDTH - RIGHT,
        plot_top: PLOT_TOP,
        plot_bottom: PLOT_BOTTOM,
        end,
        y_max,
    }
}

impl Chart {
    /// Another run's average line on this chart's scales: the run before
    /// an edit, drawn faintly behind the new one.
    pub fn ghost_line(&self, other: &Report) -> String {
        let x = |seconds: f64| LEFT + (seconds / self.end).clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT);
        let y = |value: f64| {
            PLOT_BOTTOM - (value / self.y_max).clamp(0.0, 1.0) * (PLOT_BOTTOM - PLOT_TOP)
        };
        other
            .timeline
            .buckets
            .iter()
            .map(|b| point(x((b.start + b.end) / 2.0), y(b.concurrency_mean)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Least distance between two session dots' centres, in drawing units:
/// 24 CSS pixels once the drawing is shrunk to a 314-pixel-wide phone
/// screen, so that each dot's 24-pixel circle touches no other (WCAG 2.5.8,
/// target size by spacing).
pub const DOT_SPACING: f64 = 58.0;

/// Puts dots in rows, each at its own time where it can: a dot goes to the
/// first row whose last dot is [`DOT_SPACING`] to its left; when
/// [`MAX_LANES`] rows are full there, to the row that ends furthest left,
/// and the dots of each row are then pushed apart as little as needed,
/// within `left..=right`. Returns the number of rows.
fn in_lanes(dots: &mut [SessionDot], left: f64, right: f64) -> usize {
    dots.sort_unstable_by(|a, b| a.x.total_cmp(&b.x).then(a.attempt.cmp(&b.attempt)));
    let mut ends: Vec<f64> = Vec::new();
    let mut lane_of = Vec::with_capacity(dots.len());
    for dot in dots.iter() {
        let lane = match ends.iter().position(|&end| dot.x >= end + DOT_SPACING) {
            Some(lane) => lane,
            None if ends.len() < MAX_LANES => {
                ends.push(f64::NEG_INFINITY);
                ends.len() - 1
            }
            None => (0..ends.len())
                .min_by(|&a, &b| ends[a].total_cmp(&ends[b]))
                .unwrap_or(0),
        };
        ends[lane] = dot.x.max(ends[lane] + DOT_SPACING);
        lane_of.push(lane);
    }
    for lane in 0..ends.len() {
        let mut row: Vec<&mut SessionDot> = dots
            .iter_mut()
            .zip(&lane_of)
            .filter(|(_, l)| **l == lane)
            .map(|(d, _)| d)
            .collect();
        spread_apart(&mut row, left, right);
        for dot in row {
            dot.y = SESSIONS_Y + lane as f64 * DOT_SPACING;
        }
    }
    ends.len()
}

/// Moves the dots of one row (in order) sideways, as little as needed, so
/// that no two are closer than [`DOT_SPACING`] and all stay within
/// `left..=right`.
fn spread_apart(dots: &mut [&mut SessionDot], left: f64, right: f64) {
    if dots.is_empty() {
        return;
    }
    for i in 1..dots.len() {
        dots[i].x = dots[i].x.max(dots[i - 1].x + DOT_SPACING);
    }
    let last = dots.len() - 1;
    dots[last].x = dots[last].x.min(right);
    for i in (0..last).rev() {
        dots[i].x = dots[i].x.min(dots[i + 1].x - DOT_SPACING);
    }
    for dot in dots.iter_mut() {
        dot.x = dot.x.max(left);
    }
}

/// The timeline as CSV, one row per bucket, times in seconds: what the
/// chart draws, for a spreadsheet.
pub fn timeline_csv(report: &Report) -> String {
    let mut csv = String::from(
        "start_s,end_s,concurrency_min,concurrency_mean,concurrency_max,greeted,refused\n",
    );
    for b in &report.timeline.buckets {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            b.start,
            b.end,
            b.concurrency_min,
            b.concurrency_mean,
            b.concurrency_max,
            b.greeted,
            b.refused
        ));
    }
    csv
}

/// Colours of the chart when it leaves the page, whose style sheet it no
/// longer has.
const STANDALONE_STYLE: &str = "<style>text{fill:#555;font:11px sans-serif}\
.tick line,.axis{stroke:#ccc}.band{fill:#cfe6e8}.mean{fill:none;stroke:#155e63;stroke-width:2}\
.ghost{fill:none;stroke:#888;stroke-width:1.5;stroke-dasharray:3 3}\
.limit line{stroke:#b3261e;stroke-dasharray:6 4}.limit text{fill:#b3261e}.refusal{fill:#b3261e}\
.shutdown{fill:#fbe9c6}.session-dot .hit{fill:none}.session-dot.greeted .dot{fill:#1e7b34}\
.session-dot.refused .dot{fill:#b3261e}</style>";

/// The chart's SVG markup as drawn in the page, made a file of its own:
/// the SVG namespace and its colours inside.
pub fn standalone_svg(markup: &str) -> String {
    let Some(end) = markup.find('>') else {
        return markup.to_string();
    };
    let (open, rest) = markup.split_at(end);
    let namespace = if open.contains("xmlns=") {
        ""
    } else {
        " xmlns=\"http://www.w3.org/2000/svg\""
    };
    format!("{open}{namespace}>{STANDALONE_STYLE}{}", &rest[1..])
}

/// When the transcript's connection was opened: its first line's time.
pub fn connected_at(transcript: &SampledSession) -> f64 {
    transcript.lines.first().map(|l| l.at).unwrap_or(0.0)
}

fn point(x: f64, y: f64) -> String {
    format!("{x:.1},{y:.1}")
}

/// The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k)
/// at or above `value`: the top of the scale, close above the data.
fn nice_ceiling(value: f64) -> f64 {
    round_above(
        value,
        &[1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0],
    )
}

/// The smallest of 1, 2, 5 × 10^k at or above `value` (at least 1): a step
/// between labels.
fn nice_step(value: f64) -> f64 {
    round_above(value, &[1.0, 2.0, 5.0, 10.0])
}

fn round_above(value: f64, mantissas: &[f64]) -> f64 {
    let value = value.max(1.0);
    let magnitude = 10f64.powf(value.log10().floor());
    mantissas
        .iter()
        .map(|m| m * magnitude)
        .find(|&candidate| candidate >= value * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

/// A few round values from 0 to `max`.
fn value_ticks(max: f64) -> Vec<f64> {
    let step = nice_step(max / 5.0);
    (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|&v| v <= max + 1e-9)
        .collect()
}

/// Round minutes from 0 to the end (in seconds), about six of them.
fn time_ticks(end_seconds: f64) -> Vec<f64> {
    let minutes = end_seconds / 60.0;
    let step = nice_step(minutes / 6.0);
    (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|&m| m <= minutes + 1e-9)
        .take(20)
        .collect()
}

fn format_minutes(minutes: f64) -> String {
    if minutes.fract() == 0.0 {
        format!("{minutes:.0}")
    } else {
        format!("{minutes}")
    }
}

#[cfg(test)]
mod tests {
    use ftpsim::sim::Simulation;

    use super::*;
    use crate::sim_params::{Ready, TIMELINE_BUCKETS};

    fn report(ready: Ready) -> Report {
        Simulation::run(&ready.params().scenario()).unwrap()
    }

    #[test]
    fn scales_are_round_and_contain_the_data() {
        assert_eq!(nice_ceiling(22.0), 25.0);
        assert_eq!(nice_ceiling(20.0), 20.0);
        assert_eq!(nice_ceiling(0.3), 1.0);
        assert_eq!(nice_ceiling(2200.0), 2500.0);
        assert_eq!(value_ticks(50.0), [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(value_ticks(25.0), [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        assert_eq!(value_ticks(12.0), [0.0, 5.0, 10.0]);
        assert_eq!(
            time_ticks(3600.0),
            [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
        );
    }

    #[test]
    fn everything_lies_inside_the_drawing() {
        for ready in Ready::ALL {
            let report = report(ready);
            let params = ready.params();
            let chart = layout(&report, params.client_slots(), None);
            let points = chart.band.split(' ').chain(chart.mean.split(' '));
            for p in points {
                let (x, y) = p.split_once(',').unwrap();
                let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                assert!((LEFT..=WIDTH - RIGHT).contains(&x), "{ready:?} x {x}");
                assert!((PLOT_TOP..=PLOT_BOTTOM).contains(&y), "{ready:?} y {y}");
            }
            assert_eq!(chart.mean.split(' ').count(), TIMELINE_BUCKETS as usize);
            if let Some(limit_y) = chart.limit_y {
                assert!((PLOT_TOP..PLOT_BOTTOM).contains(&limit_y));
            }
            for (i, a) in chart.sessions.iter().enumerate() {
                for b in &chart.sessions[i + 1..] {
                    let apart = (a.x - b.x).hypot(a.y - b.y);
                    assert!(apart >= DOT_SPACING - 1e-9, "{ready:?}: {a:?} {b:?}");
                }
            }
            for dot in &chart.sessions {
                assert!(
                    (LEFT..=WIDTH - RIGHT).contains(&dot.x),
                    "{ready:?}: {dot:?}"
                );
                // The drawn dot (7 at most) clears the time labels' glyphs
                // (26 units high on a phone).
                assert!(
                    dot.y + 7.0 < chart.axis_label_y - 20.0,
                    "{ready:?}: {dot:?}"
                );
                assert!(chart.axis_label_y + 16.0 < chart.height);
            }
            for bar in &chart.refusal_bars {
                assert!(
                    bar.y >= REFUSALS_TOP - 1e-9 && bar.y + bar.height <= REFUSALS_BOTTOM + 1e-9
                );
            }
        }
    }

    #[test]
    fn refusals_and_sessions_are_marked() {
        let report = report(Ready::NineOClockRush);
        assert!(report.refused > 0);
        let chart = layout(&report, Some(20), None);
        let marked: u64 = chart.refusal_bars.iter().map(|b| b.refused).sum();
        assert_eq!(marked, report.refused);
        assert_eq!(
            chart.refusal_path.matches('M').count(),
            chart.refusal_bars.len()
        );
        assert_eq!(
            chart.refusal_path.matches('z').count(),
            chart.refusal_bars.len()
        );
        assert_eq!(chart.sessions.len(), report.transcripts.len());
        assert!(chart.sessions.iter().any(|s| s.greeted));
        assert!(chart.sessions.iter().any(|s| !s.greeted));
        // The rush is in minutes 5 to 25: that is where the bars are.
        for bar in &chart.refusal_bars {
            assert!(bar.from_minute >= 5.0 - 1e-9, "{bar:?}");
        }
    }

    #[test]
    fn a_limit_far_above_the_data_leaves_the_scale_to_the_data() {
        let report = report(Ready::QuietEvening);
        let near = layout(&report, Some(20), None);
        assert!(near.limit_y.is_some());
        let far = layout(&report, Some(2000), None);
        assert_eq!((far.limit, far.limit_y), (None, None));
        let top = far.y_ticks.last().unwrap().label.parse::<f64>().unwrap();
        assert!(top < 100.0, "{top}");
    }

    #[test]
    fn a_ghost_run_is_drawn_on_the_same_scales() {
        let now = report(Ready::QuietEvening);
        let before = report(Ready::NineOClockRush);
        let chart = layout(&now, Some(20), None);
        let ghost = chart.ghost_line(&before);
        assert_eq!(ghost.split(' ').count(), before.timeline.buckets.len());
        assert_eq!(chart.ghost_line(&now), chart.mean);
    }

    #[test]
    fn exports_stand_alone() {
        let report = report(Ready::QuietEvening);
        let csv = timeline_csv(&report);
        assert_eq!(csv.lines().count(), report.timeline.buckets.len() + 1);
        let refused: u64 = csv
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().parse::<u64>().unwrap())
            .sum();
        assert_eq!(refused, report.refused);
        let svg = standalone_svg("<svg viewBox=\"0 0 1 1\"><circle/></svg>");
        assert_eq!(
            svg,
            format!(
                "<svg viewBox=\"0 0 1 1\" xmlns=\"http://www.w3.org/2000/svg\">{STANDALONE_STYLE}<circle/></svg>"
            )
        );
    }

    fn dots(xs: &[f64]) -> Vec<SessionDot> {
        xs.iter()
            .enumerate()
            .map(|(i, &x)| SessionDot {
                attempt: i as u64 + 1,
                x,
                y: 0.0,
                greeted: true,
                kind: "quit",
            })
            .collect()
    }

    #[test]
    fn dots_close_in_time_take_rows_and_keep_their_time() {
        let mut row = dots(&[100.0, 100.0, 101.0, 300.0, 745.0]);
        let lanes = in_lanes(&mut row, LEFT, WIDTH - RIGHT);
        assert_eq!(lanes, 3);
        let placed: Vec<(f64, f64)> = row.iter().map(|d| (d.x, d.y)).collect();
        let lane = |k: f64| SESSIONS_Y + k * DOT_SPACING;
        assert_eq!(
            placed,
            [
                (100.0, lane(0.0)),
                (100.0, lane(1.0)),
                (101.0, lane(2.0)),
                (300.0, lane(0.0)),
                (745.0, lane(0.0))
            ]
        );
    }

    #[test]
    fn beyond_the_last_row_dots_are_pushed_apart_in_order() {
        let mut crowd = dots(&[200.0; 6]);
        assert_eq!(in_lanes(&mut crowd, LEFT, WIDTH - RIGHT), MAX_LANES);
        let first_row: Vec<f64> = crowd
            .iter()
            .filter(|d| d.y == SESSIONS_Y)
            .map(|d| d.x)
            .collect();
        assert_eq!(first_row, [200.0, 200.0 + DOT_SPACING]);
        // At the right edge, pushed back left.
        let mut edge = dots(&[746.0; 6]);
        in_lanes(&mut edge, LEFT, WIDTH - RIGHT);
        assert!(edge.iter().all(|d| d.x <= WIDTH - RIGHT));
    }

    #[test]
    fn a_shutdown_window_spans_its_minutes() {
        let report = report(Ready::MaintenanceShutdown);
        let chart = layout(&report, Some(20), Some((2400.0, 2700.0)));
        let (from, to) = chart.shutdown.unwrap();
        let minute = (WIDTH - LEFT - RIGHT) / 60.0;
        assert!((from - (LEFT + 40.0 * minute)).abs() < 1e-9);
        assert!((to - (LEFT + 45.0 * minute)).abs() < 1e-9);
    }
}
