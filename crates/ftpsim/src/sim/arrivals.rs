//! The arrival process at run time: when the next new client comes.

use alloc::vec::Vec;

use super::rng::Rng;
use super::scenario::ArrivalSpec;

const NANOS_PER_SECOND: f64 = 1e9;

/// Seconds to whole nanoseconds, rounded to the nearest (truncating would
/// shorten every gap by half a nanosecond on average and bias fast rates).
#[inline]
pub(crate) fn seconds_to_nanos(seconds: f64) -> u64 {
    round_nanos(seconds * NANOS_PER_SECOND)
}

/// Nanoseconds as a float to whole nanoseconds, rounded to the nearest.
/// `as` saturates: negative and NaN give 0, too large gives `u64::MAX`.
#[inline]
pub(crate) fn round_nanos(nanos: f64) -> u64 {
    (nanos + 0.5) as u64
}

/// A source of arrival instants, in nanoseconds from the start.
#[derive(Clone, Debug)]
pub(crate) enum ArrivalProcess {
    /// Exponential gaps with this mean, in nanoseconds.
    Poisson { mean_gap_nanos: f64 },
    /// A piecewise-constant rate: `(start in ns, arrivals per ns)`, sorted.
    /// Gaps are drawn by inversion of the integrated rate: an Exp(1) amount
    /// of "work" is spent across segments, so the process is exact (no
    /// thinning) and draws one number per arrival.
    Piecewise {
        segments: Vec<(u64, f64)>,
        current: usize,
    },
    /// Exactly these instants.
    Explicit { times: Vec<u64>, next: usize },
    /// A closed population: users come back by themselves (the engine
    /// schedules each one's next start), nobody arrives from outside.
    Closed,
}

impl ArrivalProcess {
    pub(crate) fn new(spec: &ArrivalSpec) -> ArrivalProcess {
        match spec {
            ArrivalSpec::Poisson { rate } => ArrivalProcess::Poisson {
                mean_gap_nanos: NANOS_PER_SECOND / rate,
            },
            ArrivalSpec::Piecewise { segments } => ArrivalProcess::Piecewise {
                segments: segments
                    .iter()
                    .map(|s| (seconds_to_nanos(s.from), s.rate / NANOS_PER_SECOND))
                    .collect(),
                current: 0,
            },
            ArrivalSpec::Explicit { times } => ArrivalProcess::Explicit {
                times: times.iter().map(|&t| seconds_to_nanos(t)).collect(),
                next: 0,
            },
            ArrivalSpec::Population { .. } => ArrivalProcess::Closed,
        }
    }

    /// The first arrival after `now`, or `None` when no more will come.
    #[inline]
    pub(crate) fn next_after(&mut self, now: u64, rng: &mut Rng) -> Option<u64> {
        match self {
            ArrivalProcess::Poisson { mean_gap_nanos } => {
                if mean_gap_nanos.is_infinite() {
                    return None;
                }
                let gap = -*mean_gap_nanos * libm::log(rng.open01());
                Some(now.saturating_add(round_nanos(gap)))
            }
            ArrivalProcess::Piecewise { segments, current } => {
                let mut work = -libm::log(rng.open01());
                let mut at = now;
                loop {
                    let (_, rate) = segments[*current];
                    let end = segments.get(*current + 1).map(|&(start, _)| start);
                    match end {
                        None => {
                            if rate <= 0.0 {
                                return None;
                            }
                            return Some(at.saturating_add(round_nanos(work / rate)));
                        }
                        Some(end) => {
                            let room = (end.saturating_sub(at)) as f64 * rate;
                            if rate > 0.0 && work <= room {
                                return Some(at.saturating_add(round_nanos(work / rate)));
                            }
                            work -= room;
                            at = at.max(end);
                            *current += 1;
                        }
                    }
                }
            }
            ArrivalProcess::Explicit { times, next } => {
                let t = times.get(*next).copied();
                *next += 1;
                t
            }
            ArrivalProcess::Closed => None,
        }
    }

    /// The rate is constant (a Poisson process in the strict sense).
    pub(crate) fn constant_rate(&self) -> bool {
        match self {
            ArrivalProcess::Poisson { .. } => true,
            ArrivalProcess::Piecewise { segments, .. } => {
                segments.windows(2).all(|w| w[0].1 == w[1].1)
            }
            ArrivalProcess::Explicit { .. } | ArrivalProcess::Closed => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::RateSegment;
    use alloc::vec;

    fn count_in(process: &mut ArrivalProcess, from: u64, to: u64, seed: u64) -> u64 {
        let mut rng = Rng::seed_from_u64(seed);
        let mut t = 0;
        let mut n = 0;
        while let Some(next) = process.next_after(t, &mut rng) {
            if next >= to {
                break;
            }
            if next >= from {
                n += 1;
            }
            t = next;
        }
        n
    }

    #[test]
    fn poisson_rate_is_respected() {
        let mut p = ArrivalProcess::new(&ArrivalSpec::Poisson { rate: 50.0 });
        let n = count_in(&mut p, 0, 1_000 * 1_000_000_000, 1);
        // 50,000 expected; the standard deviation is about 224.
        assert!((n as f64 - 50_000.0).abs() < 1_200.0, "{n}");
    }

    #[test]
    fn piecewise_rates_hold_in_their_segments() {
        let spec = ArrivalSpec::Piecewise {
            segments: vec![
                RateSegment {
                    from: 0.0,
                    rate: 1.0,
                },
                RateSegment {
                    from: 1000.0,
                    rate: 0.0,
                },
                RateSegment {
                    from: 2000.0,
                    rate: 10.0,
                },
            ],
        };
        let s = 1_000_000_000u64;
        let first = count_in(&mut ArrivalProcess::new(&spec), 0, 1000 * s, 3);
        let quiet = count_in(&mut ArrivalProcess::new(&spec), 1000 * s, 2000 * s, 3);
        let busy = count_in(&mut ArrivalProcess::new(&spec), 2000 * s, 3000 * s, 3);
        assert!((first as f64 - 1000.0).abs() < 150.0, "{first}");
        assert_eq!(quiet, 0);
        assert!((busy as f64 - 10_000.0).abs() < 500.0, "{busy}");
        assert!(!ArrivalProcess::new(&spec).constant_rate());
    }

    #[test]
    fn a_rate_that_falls_to_zero_ends_the_arrivals() {
        let spec = ArrivalSpec::Piecewise {
            segments: vec![
                RateSegment {
                    from: 0.0,
                    rate: 5.0,
                },
                RateSegment {
                    from: 10.0,
                    rate: 0.0,
                },
            ],
        };
        let mut p = ArrivalProcess::new(&spec);
        let mut rng = Rng::seed_from_u64(1);
        let mut t = 0;
        let mut n = 0;
        while let Some(next) = p.next_after(t, &mut rng) {
            assert!(next < 10_000_000_000);
            t = next;
            n += 1;
            assert!(n < 1_000);
        }
        assert!(n > 10);
        let zero = ArrivalSpec::Poisson { rate: 0.0 };
        assert_eq!(ArrivalProcess::new(&zero).next_after(0, &mut rng), None);
    }

    #[test]
    fn explicit_times_come_out_as_given() {
        let mut p = ArrivalProcess::new(&ArrivalSpec::Explicit {
            times: vec![0.0, 0.5, 0.5, 2.25],
        });
        let mut rng = Rng::seed_from_u64(1);
        let got: Vec<u64> = core::iter::from_fn(|| p.next_after(0, &mut rng)).collect();
        assert_eq!(got, vec![0, 500_000_000, 500_000_000, 2_250_000_000]);
    }

    #[test]
    fn nanosecond_conversion_rounds_and_clamps() {
        assert_eq!(seconds_to_nanos(1.5e-9), 2);
        assert_eq!(seconds_to_nanos(-1.0), 0);
        assert_eq!(seconds_to_nanos(f64::NAN), 0);
        assert_eq!(seconds_to_nanos(1e30), u64::MAX);
    }
}
