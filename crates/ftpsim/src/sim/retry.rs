//! What a refused client does next, at run time.

use super::rng::Rng;
use super::scenario::{Jitter, RetrySpec};

/// A validated retry policy.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RetryPolicy {
    GiveUp,
    Fixed {
        delay: f64,
        max_attempts: u32,
    },
    Backoff {
        base: f64,
        max: f64,
        max_attempts: u32,
        jitter: Jitter,
    },
}

impl RetryPolicy {
    pub(crate) fn new(spec: &RetrySpec) -> RetryPolicy {
        match *spec {
            RetrySpec::None => RetryPolicy::GiveUp,
            RetrySpec::Fixed {
                delay,
                max_attempts,
            } => RetryPolicy::Fixed {
                delay,
                max_attempts: max_attempts.unwrap_or(u32::MAX),
            },
            RetrySpec::Backoff {
                base,
                max,
                max_attempts,
                jitter,
            } => RetryPolicy::Backoff {
                base,
                max,
                max_attempts,
                jitter,
            },
        }
    }

    pub(crate) fn retries(&self) -> bool {
        !matches!(self, RetryPolicy::GiveUp)
    }

    /// Seconds to wait after the `attempts`-th refused attempt, or `None`
    /// when the client gives up.
    pub(crate) fn delay_after(&self, attempts: u32, rng: &mut Rng) -> Option<f64> {
        match *self {
            RetryPolicy::GiveUp => None,
            RetryPolicy::Fixed {
                delay,
                max_attempts,
            } => (attempts < max_attempts).then_some(delay),
            RetryPolicy::Backoff {
                base,
                max,
                max_attempts,
                jitter,
            } => {
                if attempts >= max_attempts {
                    return None;
                }
                // 2^(n−1) with the exponent capped: beyond 2^62 every delay
                // is `max` anyway.
                let doublings = attempts.saturating_sub(1).min(62);
                let delay = (base * (1u64 << doublings) as f64).min(max);
                Some(match jitter {
                    Jitter::None => delay,
                    Jitter::Full => delay * rng.open01(),
                    Jitter::Equal => delay * 0.5 * (1.0 + rng.open01()),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap_and_stops_after_the_last_attempt() {
        let policy = RetryPolicy::new(&RetrySpec::Backoff {
            base: 1.0,
            max: 5.0,
            max_attempts: 5,
            jitter: Jitter::None,
        });
        let mut rng = Rng::seed_from_u64(1);
        let delays: alloc::vec::Vec<Option<f64>> =
            (1..=5).map(|n| policy.delay_after(n, &mut rng)).collect();
        assert_eq!(delays, [Some(1.0), Some(2.0), Some(4.0), Some(5.0), None]);
        assert_eq!(policy.delay_after(1000, &mut rng), None);
    }

    #[test]
    fn jitter_stays_within_its_range() {
        let mut rng = Rng::seed_from_u64(4);
        for (jitter, low) in [(Jitter::Full, 0.0), (Jitter::Equal, 4.0)] {
            let policy = RetryPolicy::new(&RetrySpec::Backoff {
                base: 8.0,
                max: 8.0,
                max_attempts: 100,
                jitter,
            });
            for n in 1..50 {
                let d = policy.delay_after(n, &mut rng).unwrap();
                assert!(d > low && d < 8.0, "{jitter:?}: {d}");
            }
        }
    }

    #[test]
    fn fixed_delay_without_a_cap_keeps_trying() {
        let policy = RetryPolicy::new(&RetrySpec::Fixed {
            delay: 2.0,
            max_attempts: None,
        });
        let mut rng = Rng::seed_from_u64(1);
        assert_eq!(policy.delay_after(1_000_000, &mut rng), Some(2.0));
        let capped = RetryPolicy::new(&RetrySpec::Fixed {
            delay: 2.0,
            max_attempts: Some(2),
        });
        assert_eq!(capped.delay_after(1, &mut rng), Some(2.0));
        assert_eq!(capped.delay_after(2, &mut rng), None);
        assert!(!RetryPolicy::new(&RetrySpec::None).retries());
    }
}
