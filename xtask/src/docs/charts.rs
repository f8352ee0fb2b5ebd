//! Charts as hand-written SVG: refusal probability against offered load,
//! from Erlang B and from the simulator, and the limit a target refusal
//! rate needs.
//!
//! The simulated points come from `ftpsim::sim`, the engine behind
//! `ftpsim simulate`, with fixed seeds: the same code gives the same bytes,
//! so the committed charts are checked like every generated page.

use ftpsim::Lang;
use ftpsim::sim::erlang::{erlang_b, servers_for};
use ftpsim::sim::{ArrivalSpec, Scenario, ServerSpec, SessionSpec, Simulation};

use super::markdown::escape;

/// The limits drawn on the refusal chart.
pub const LIMITS: [u32; 4] = [5, 10, 20, 30];
/// Offered loads simulated for each limit, as multiples of the limit.
const LOAD_FACTORS: [f64; 5] = [0.5, 0.75, 1.0, 1.25, 1.5];
/// Mean session length of the simulated scenarios, in seconds.
pub const MEAN_SESSION: f64 = 60.0;
/// Arrivals per simulated point (on average), enough for a blocking
/// probability to within about a percentage point.
pub const ARRIVALS_PER_POINT: f64 = 20_000.0;
/// The seed of every simulated point.
pub const SEED: u64 = 7;
/// Largest offered load on the refusal chart, in erlangs.
const MAX_LOAD: f64 = 40.0;
/// Refusal rates drawn on the sizing chart.
const TARGETS: [(f64, &str); 3] = [(0.1, "10%"), (0.01, "1%"), (0.001, "0.1%")];
const MAX_SIZING_LOAD: f64 = 100.0;

const COLOURS: [&str; 4] = ["#0072b2", "#d55e00", "#009e73", "#cc79a7"];

/// One simulated point: the limit, the offered load and the fraction of
/// attempts refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub limit: u32,
    pub load: f64,
    pub refused: f64,
}

/// Simulates a loss system: Poisson arrivals at `load / MEAN_SESSION` per
/// second, exponential sessions, `limit` clients at most, no retries.
pub fn simulate(limit: u32, load: f64) -> Result<Point, String> {
    let rate = load / MEAN_SESSION;
    let scenario = Scenario {
        duration: (ARRIVALS_PER_POINT / rate).round(),
        seed: SEED,
        server: ServerSpec {
            max_clients: Some(limit),
            ..ServerSpec::default()
        },
        arrivals: ArrivalSpec::Poisson { rate },
        session: SessionSpec::Exponential { mean: MEAN_SESSION },
        ..Scenario::default()
    };
    let report = Simulation::run(&scenario)
        .map_err(|e| format!("chart scenario (limit {limit}, load {load}): {e}"))?;
    Ok(Point {
        limit,
        load,
        refused: report.blocking_probability,
    })
}

/// Every simulated point of the refusal chart.
pub fn simulated_points() -> Result<Vec<Point>, String> {
    let mut points = Vec::new();
    for limit in LIMITS {
        for factor in LOAD_FACTORS {
            let load = f64::from(limit) * factor;
            if load <= MAX_LOAD {
                points.push(simulate(limit, load)?);
            }
        }
    }
    Ok(points)
}

struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    x_max: f64,
    y_max: f64,
}

impl Frame {
    fn x(&self, value: f64) -> f64 {
        self.left + value / self.x_max * (self.width - self.left - self.right)
    }

    fn y(&self, value: f64) -> f64 {
        self.height - self.bottom - value / self.y_max * (self.height - self.top - self.bottom)
    }

    fn open(&self, out: &mut String, title: &str, description: &str) {
        out.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
             role=\"img\" aria-labelledby=\"title desc\" font-family=\"sans-serif\" font-size=\"12\">\n\
             <title id=\"title\">{t}</title>\n<desc id=\"desc\">{d}</desc>\n\
             <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n\
             <text x=\"{cx}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{t}</text>\n",
            w = self.width,
            h = self.height,
            t = escape(title),
            d = escape(description),
            cx = self.width / 2.0,
        ));
    }

    /// Grid lines, tick labels and axis titles.
    fn axes(
        &self,
        out: &mut String,
        x_ticks: &[f64],
        y_ticks: &[(f64, String)],
        x_title: &str,
        y_title: &str,
    ) {
        let (x0, x1) = (self.x(0.0), self.x(self.x_max));
        let (y0, y1) = (self.y(0.0), self.y(self.y_max));
        for &(value, ref label) in y_ticks {
            let y = self.y(value);
            out.push_str(&format!(
                "<line x1=\"{x0:.1}\" y1=\"{y:.1}\" x2=\"{x1:.1}\" y2=\"{y:.1}\" stroke=\"#e3e3e3\"/>\n\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
                x0 - 6.0,
                y + 4.0,
                escape(label)
            ));
        }
        for &value in x_ticks {
            let x = self.x(value);
            out.push_str(&format!(
                "<line x1=\"{x:.1}\" y1=\"{y0:.1}\" x2=\"{x:.1}\" y2=\"{y1:.1}\" stroke=\"#e3e3e3\"/>\n\
                 <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{value}</text>\n",
                y0 + 16.0
            ));
        }
        out.push_str(&format!(
            "<line x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x1:.1}\" y2=\"{y0:.1}\" stroke=\"#333333\"/>\n\
             <line x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x0:.1}\" y2=\"{y1:.1}\" stroke=\"#333333\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n\
             <text transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
            (x0 + x1) / 2.0,
            self.height - 10.0,
            escape(x_title),
            (y0 + y1) / 2.0,
            escape(y_title)
        ));
    }
}

fn polyline(out: &mut String, points: &[(f64, f64)], colour: &str, dashed: bool) {
    let coords: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let dash = if dashed {
        " stroke-dasharray=\"5 4\""
    } else {
        ""
    };
    out.push_str(&format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>\n",
        coords.join(" ")
    ));
}

fn percent(value: f64, lang: Lang) -> String {
    let sign = match lang {
        Lang::En => "%",
        Lang::Fr => "\u{a0}%",
    };
    format!("{}{sign}", (value * 100.0).round())
}

/// Refusal probability against offered load: Erlang B curves, simulated
/// dots.
pub fn refusal_chart(points: &[Point], lang: Lang) -> String {
    let frame = Frame {
        width: 680.0,
        height: 420.0,
        left: 56.0,
        right: 150.0,
        top: 40.0,
        bottom: 44.0,
        x_max: MAX_LOAD,
        y_max: 1.0,
    };
    let (title, description, x_title, y_title, limit_word, formula, simulated) = match lang {
        Lang::En => (
            "Refused connections against offered load",
            "Erlang B curves for a limit of 5, 10, 20 and 30 simultaneous clients, \
             with the blocking probability measured by the ftpsim simulator as dots.",
            "Offered load (erlangs: arrivals per second × mean session in seconds)",
            "Connections refused",
            "max_clients",
            "line: Erlang B",
            "dots: simulated",
        ),
        Lang::Fr => (
            "Connexions refusées selon la charge offerte",
            "Courbes d'Erlang B pour une limite de 5, 10, 20 et 30 clients simultanés, \
             avec en points la probabilité de blocage mesurée par le simulateur ftpsim.",
            "Charge offerte (erlangs : arrivées par seconde × durée moyenne de session en secondes)",
            "Connexions refusées",
            "max_clients",
            "trait : Erlang B",
            "points : simulation",
        ),
    };
    let mut out = String::new();
    frame.open(&mut out, title, description);
    let x_ticks: Vec<f64> = (0..=8).map(|i| f64::from(i) * 5.0).collect();
    let y_ticks: Vec<(f64, String)> = (0..=10)
        .map(|i| {
            let v = f64::from(i) / 10.0;
            (v, percent(v, lang))
        })
        .collect();
    frame.axes(&mut out, &x_ticks, &y_ticks, x_title, y_title);
    for (i, limit) in LIMITS.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let curve: Vec<(f64, f64)> = (0..=160)
            .map(|step| {
                let load = f64::from(step) * MAX_LOAD / 160.0;
                let b = erlang_b(load, *limit).unwrap_or(0.0).min(frame.y_max);
                (frame.x(load), frame.y(b))
            })
            .collect();
        polyline(&mut out, &curve, colour, false);
        for p in points.iter().filter(|p| p.limit == *limit) {
            out.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\" stroke=\"#ffffff\"/>\n",
                frame.x(p.load),
                frame.y(p.refused.min(frame.y_max))
            ));
        }
        let y = frame.top + 24.0 + 22.0 * i as f64;
        let x = frame.width - frame.right + 16.0;
        out.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n\
             <circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\">{limit_word} = {limit}</text>\n",
            x + 24.0,
            x + 12.0,
            x + 30.0,
            y + 4.0
        ));
    }
    let x = frame.width - frame.right + 16.0;
    let y = frame.top + 24.0 + 22.0 * LIMITS.len() as f64 + 10.0;
    out.push_str(&format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" fill=\"#555555\">{}</text>\n\
         <text x=\"{x:.1}\" y=\"{:.1}\" fill=\"#555555\">{}</text>\n</svg>\n",
        escape(formula),
        y + 18.0,
        escape(simulated)
    ));
    out
}

/// The limit Erlang B asks for, against offered load, for a few target
/// refusal rates.
pub fn sizing_chart(lang: Lang) -> String {
    let frame = Frame {
        width: 680.0,
        height: 420.0,
        left: 56.0,
        right: 150.0,
        top: 40.0,
        bottom: 44.0,
        x_max: MAX_SIZING_LOAD,
        y_max: 140.0,
    };
    let (title, description, x_title, y_title, at_most, equal) = match lang {
        Lang::En => (
            "The limit a target refusal rate needs",
            "The smallest max_clients for which Erlang B refuses at most 10%, 1% or 0.1% of \
             connections, against offered load; the dashed line is a limit equal to the load.",
            "Offered load (erlangs)",
            "max_clients needed",
            "refused ≤",
            "limit = load",
        ),
        Lang::Fr => (
            "La limite qu'exige un taux de refus visé",
            "Le plus petit max_clients pour lequel Erlang B refuse au plus 10 %, 1 % ou 0,1 % des \
             connexions, selon la charge offerte ; le pointillé est une limite égale à la charge.",
            "Charge offerte (erlangs)",
            "max_clients nécessaire",
            "refus ≤",
            "limite = charge",
        ),
    };
    let mut out = String::new();
    frame.open(&mut out, title, description);
    let x_ticks: Vec<f64> = (0..=10).map(|i| f64::from(i) * 10.0).collect();
    let y_ticks: Vec<(f64, String)> = (0..=7)
        .map(|i| (f64::from(i) * 20.0, (i * 20).to_string()))
        .collect();
    frame.axes(&mut out, &x_ticks, &y_ticks, x_title, y_title);
    polyline(
        &mut out,
        &[
            (frame.x(0.0), frame.y(0.0)),
            (frame.x(MAX_SIZING_LOAD), frame.y(MAX_SIZING_LOAD)),
        ],
        "#888888",
        true,
    );
    for (i, (target, label)) in TARGETS.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        // A staircase: the limit is a whole number that jumps as the load grows.
        let mut steps = Vec::new();
        let mut previous: Option<f64> = None;
        for step in 0..=400 {
            let load = f64::from(step) * MAX_SIZING_LOAD / 400.0;
            let servers = f64::from(servers_for(load, *target).unwrap_or(0));
            if let Some(p) = previous.filter(|p| *p != servers) {
                steps.push((frame.x(load), frame.y(p)));
            }
            steps.push((frame.x(load), frame.y(servers)));
            previous = Some(servers);
        }
        polyline(&mut out, &steps, colour, false);
        let label = match lang {
            Lang::En => label.to_string(),
            Lang::Fr => label.replace('.', ",").replace('%', "\u{a0}%"),
        };
        let y = frame.top + 24.0 + 22.0 * i as f64;
        let x = frame.width - frame.right + 16.0;
        out.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\">{} {}</text>\n",
            x + 24.0,
            x + 30.0,
            y + 4.0,
            escape(at_most),
            escape(&label)
        ));
    }
    let y = frame.top + 24.0 + 22.0 * TARGETS.len() as f64;
    let x = frame.width - frame.right + 16.0;
    out.push_str(&format!(
        "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#888888\" stroke-width=\"2\" stroke-dasharray=\"5 4\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\">{}</text>\n</svg>\n",
        x + 24.0,
        x + 30.0,
        y + 4.0,
        escape(equal)
    ));
    out
}

/// Every chart, keyed by its path relative to `docs/`.
pub fn charts() -> Result<Vec<(String, String)>, String> {
    let points = simulated_points()?;
    let mut out = Vec::new();
    for lang in Lang::ALL {
        out.push((
            format!("reference/charts/refusal-vs-load-{}.svg", lang.tag()),
            refusal_chart(&points, lang),
        ));
        out.push((
            format!("reference/charts/limit-for-target-{}.svg", lang.tag()),
            sizing_chart(lang),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_points_agree_with_erlang_b() {
        // Few points, the ones nearest the knee of each curve; the full set
        // is checked by the simulator's own tests.
        for limit in [5, 20] {
            let p = simulate(limit, f64::from(limit)).unwrap();
            let b = erlang_b(p.load, limit).unwrap();
            assert!(
                (p.refused - b).abs() < 0.02,
                "limit {limit}: simulated {} against Erlang B {b}",
                p.refused
            );
        }
    }

    #[test]
    fn charts_are_well_formed_svg_with_every_limit_and_target() {
        let points = vec![Point {
            limit: 10,
            load: 10.0,
            refused: 0.21,
        }];
        for lang in Lang::ALL {
            let svg = refusal_chart(&points, lang);
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(svg.ends_with("</svg>\n"));
            assert_eq!(svg.matches("<polyline").count(), LIMITS.len());
            for limit in LIMITS {
                assert!(svg.contains(&format!("max_clients = {limit}<")), "{limit}");
            }
            assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
            let sizing = sizing_chart(lang);
            assert_eq!(sizing.matches("<polyline").count(), TARGETS.len() + 1);
            assert!(!svg.contains("NaN") && !sizing.contains("NaN"));
        }
        // The one dot sits where 21% is on the y axis of a 0–100% frame.
        let svg = refusal_chart(&points, Lang::En);
        let y = 420.0 - 44.0 - 0.21 * (420.0 - 40.0 - 44.0);
        assert!(svg.contains(&format!("cy=\"{y:.1}\"")), "{svg}");
    }
}
