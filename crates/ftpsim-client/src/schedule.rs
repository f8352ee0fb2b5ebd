//! A scenario's arrivals as a timetable: who connects when, from which
//! scenario address, with how many connections, for how long, and whether
//! the session vanishes without QUIT.
//!
//! The timetable is drawn from the scenario's own distributions with its
//! seed, through the core's generator and distributions, so the same
//! scenario drives the same schedule every time. It is the same *process*
//! as the simulation's, not the same draws (the simulator interleaves its
//! streams with its events): the two are compared statistically.

use ftpsim::sim::distributions::{Distribution, Zipf};
use ftpsim::sim::rng::Rng;
use ftpsim::sim::{ArrivalSpec, Scenario, Spread};

/// One user's arrival.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    /// Seconds from the start, in scenario time.
    pub at: f64,
    /// The scenario's client address, from 0 (10.0.0.1 in the simulator).
    pub address: u32,
    /// How long each of its sessions stays, in scenario seconds.
    pub hold: f64,
    /// The session leaves without QUIT: the server keeps it until its idle
    /// timeout.
    pub ghost: bool,
}

/// Why a scenario cannot be driven.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotDrivable(pub String);

impl std::fmt::Display for NotDrivable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotDrivable {}

/// The timetable of `scenario`, at most `max_arrivals` long.
pub fn timetable(scenario: &Scenario, max_arrivals: usize) -> Result<Vec<Arrival>, NotDrivable> {
    scenario
        .validate()
        .map_err(|e| NotDrivable(e.to_string()))?;
    let session: Distribution = scenario
        .session
        .distribution()
        .map_err(|e| NotDrivable(e.to_string()))?;
    // Streams apart from one another, so that a change in one draw (a
    // longer session) does not shift the arrivals.
    let mut arrivals_rng = Rng::stream(scenario.seed, 101);
    let mut address_rng = Rng::stream(scenario.seed, 102);
    let mut hold_rng = Rng::stream(scenario.seed, 103);
    let mut ghost_rng = Rng::stream(scenario.seed, 104);
    let times = arrival_times(scenario, &mut arrivals_rng, max_arrivals)?;
    let ips = u64::from(scenario.clients.ips.max(1));
    let zipf = match scenario.clients.spread {
        Spread::Zipf { exponent } => {
            Some(Zipf::new(ips, exponent).map_err(|e| NotDrivable(e.to_string()))?)
        }
        _ => None,
    };
    Ok(times
        .into_iter()
        .map(|at| {
            let address = match (&scenario.clients.spread, &zipf) {
                (_, Some(zipf)) => zipf.sample(&mut address_rng).saturating_sub(1),
                (Spread::Greedy { fraction }, _) => {
                    if address_rng.open01() < *fraction || ips == 1 {
                        0
                    } else {
                        1 + address_rng.below(ips - 1)
                    }
                }
                _ => address_rng.below(ips),
            } as u32;
            Arrival {
                at,
                address,
                hold: session.sample(&mut hold_rng),
                ghost: ghost_rng.open01() < scenario.clients.ghost_fraction,
            }
        })
        .collect())
}

fn arrival_times(scenario: &Scenario, rng: &mut Rng, max: usize) -> Result<Vec<f64>, NotDrivable> {
    let end = scenario.duration;
    let mut times = Vec::new();
    match &scenario.arrivals {
        ArrivalSpec::Poisson { rate } => {
            let mut t = 0.0;
            loop {
                t += ftpsim::sim::distributions::exponential(rng, 1.0 / rate);
                if t >= end || times.len() >= max {
                    break;
                }
                times.push(t);
            }
        }
        ArrivalSpec::Explicit { times: given } => {
            times.extend(given.iter().copied().filter(|&t| t < end).take(max));
        }
        ArrivalSpec::Piecewise { segments } => {
            // Each segment is a Poisson process of its own rate over its span.
            for (i, segment) in segments.iter().enumerate() {
                let until = segments.get(i + 1).map_or(end, |s| s.from).min(end);
                let mut t = segment.from;
                if segment.rate <= 0.0 {
                    continue;
                }
                loop {
                    t += ftpsim::sim::distributions::exponential(rng, 1.0 / segment.rate);
                    if t >= until || times.len() >= max {
                        break;
                    }
                    times.push(t);
                }
            }
        }
        ArrivalSpec::Population { .. } => {
            return Err(NotDrivable(
                "a closed population (arrivals.kind = \"population\") is not driven: its users' \
                 next starts depend on the server's answers; use Poisson, piecewise or explicit \
                 arrivals"
                    .into(),
            ));
        }
        other => {
            return Err(NotDrivable(format!(
                "arrivals of this kind are not driven yet: {other:?}"
            )));
        }
    }
    Ok(times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisson_timetable_has_the_scenarios_rate_and_is_repeatable() {
        let scenario = Scenario {
            duration: 2000.0,
            ..Scenario::default()
        };
        let a = timetable(&scenario, 100_000).unwrap();
        assert_eq!(a, timetable(&scenario, 100_000).unwrap());
        // 0.2 per second for 2000 s: 400 expected, sd 20.
        assert!((340..460).contains(&a.len()), "{}", a.len());
        assert!(a.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(a.iter().all(|x| x.address < 100 && !x.ghost));
        let mean_hold = a.iter().map(|x| x.hold).sum::<f64>() / a.len() as f64;
        assert!((40.0..60.0).contains(&mean_hold), "{mean_hold}");
        assert_eq!(timetable(&scenario, 10).unwrap().len(), 10);
    }
}
