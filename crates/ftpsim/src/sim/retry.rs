//! What a refused client does next, at run time: the scenario's `[retry]`
//! section or the client profile's rules, one per form of refusal.

use super::rng::Rng;
#[cfg(test)]
use super::scenario::RetrySpec;
use crate::clients::{Behaviour, RefusalForm, RetryRule};

/// A validated retry rule.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RetryPolicy {
    rule: RetryRule,
}

impl RetryPolicy {
    #[cfg(test)]
    pub(crate) fn new(spec: &RetrySpec) -> RetryPolicy {
        RetryPolicy::from_rule(spec.rule())
    }

    pub(crate) fn from_rule(rule: RetryRule) -> RetryPolicy {
        RetryPolicy { rule }
    }

    pub(crate) fn retries(&self) -> bool {
        self.rule.retries()
    }

    /// Seconds to wait after the `attempts`-th refused attempt, or `None`
    /// when the client gives up.
    #[inline]
    pub(crate) fn delay_after(&self, attempts: u32, rng: &mut Rng) -> Option<f64> {
        self.rule.delay(attempts, rng)
    }
}

/// A client's policies, indexed by [`RefusalForm`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reactions {
    policies: [RetryPolicy; 4],
}

impl Reactions {
    pub(crate) fn new(behaviour: &Behaviour) -> Reactions {
        Reactions {
            policies: RefusalForm::ALL.map(|form| RetryPolicy::from_rule(*behaviour.rule(form))),
        }
    }

    #[inline]
    pub(crate) fn policy(&self, form: RefusalForm) -> &RetryPolicy {
        &self.policies[form.index()]
    }

    pub(crate) fn retries(&self) -> bool {
        self.policies.iter().any(RetryPolicy::retries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::Jitter;

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

#[cfg(test)]
mod exponential_tests {
    use super::*;

    #[test]
    fn exponential_delays_have_the_mean_and_keep_trying() {
        let policy = RetryPolicy::new(&RetrySpec::Exponential {
            mean: 3.0,
            max_attempts: None,
        });
        let mut rng = Rng::seed_from_u64(9);
        let n = 100_000;
        let total: f64 = (1..=n)
            .map(|k| policy.delay_after(k, &mut rng).unwrap())
            .sum();
        let mean = total / f64::from(n);
        assert!((mean - 3.0).abs() < 0.05, "{mean}");
    }
}
