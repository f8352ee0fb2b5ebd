//! What a client does when a server turns one of its connections away: for
//! each form the refusal takes, whether it tries again, after what delays,
//! and after how many tries it gives up. The simulator plays these rules;
//! the profiles in [`ALL`](super::ALL) carry them, each number with its
//! source.

use crate::sim::Rng;
use crate::sim::distributions::exponential;

/// How a refusal looks to the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RefusalForm {
    /// A 4yz reply (421) in place of the greeting or after the password.
    Transient,
    /// A 5yz reply in place of the greeting (ProFTPD's per-host 530, its
    /// shutdown 500).
    PermanentAtConnect,
    /// A 5yz reply after the password (ProFTPD's `MaxClients` 530).
    PermanentAfterLogin,
    /// The connection closed without a byte (ProFTPD's `MaxInstances`).
    SilentClose,
}

impl RefusalForm {
    pub const ALL: [RefusalForm; 4] = [
        RefusalForm::Transient,
        RefusalForm::PermanentAtConnect,
        RefusalForm::PermanentAfterLogin,
        RefusalForm::SilentClose,
    ];

    /// The form of a refusal with reply `code` (`None`: a silent close),
    /// sent at login (`after_login`) or in place of the greeting.
    pub fn of(code: Option<u16>, after_login: bool) -> RefusalForm {
        match code {
            None => RefusalForm::SilentClose,
            Some(code) if code / 100 == 4 => RefusalForm::Transient,
            Some(_) if after_login => RefusalForm::PermanentAfterLogin,
            Some(_) => RefusalForm::PermanentAtConnect,
        }
    }

    /// A stable key, as scenario files and reports write it.
    pub const fn key(self) -> &'static str {
        match self {
            RefusalForm::Transient => "421",
            RefusalForm::PermanentAtConnect => "530_at_connect",
            RefusalForm::PermanentAfterLogin => "530_after_pass",
            RefusalForm::SilentClose => "silent_close",
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// The delays between a refused try and the next.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Delays {
    /// No retry: the first refusal ends it.
    GiveUp,
    /// The same delay every time.
    Fixed { seconds: f64 },
    /// `first`, then each delay `factor` times the one before, at most
    /// `max` (rclone's pacer, curl `--retry`).
    Growing { first: f64, factor: f64, max: f64 },
    /// As `Growing`, but each delay cut down to whole seconds, as lftp's
    /// reconnect timer counts them (15, 22, 33 s for 15 × 1.5ⁿ).
    GrowingWholeSeconds { first: f64, factor: f64, max: f64 },
    /// `first`, then `step` more each time, at most `max` (wget's
    /// `--waitretry`).
    Linear { first: f64, step: f64, max: f64 },
    /// Random, exponential with this mean: the classic retrial queue.
    Exponential { mean: f64 },
}

/// How a delay is randomised, so that clients refused together do not all
/// come back at the same instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Jitter {
    /// Exactly the computed delay.
    None,
    /// Uniform between 0 and the computed delay ("full jitter").
    #[default]
    Full,
    /// Half the delay plus a uniform share of the other half.
    Equal,
}

/// What a client does after one form of refusal.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RetryRule {
    pub delays: Delays,
    pub jitter: Jitter,
    /// Tries in all, the first included; `None`: until the run ends.
    pub max_attempts: Option<u32>,
}

impl RetryRule {
    /// No retry at all.
    pub const GIVE_UP: RetryRule = RetryRule {
        delays: Delays::GiveUp,
        jitter: Jitter::None,
        max_attempts: Some(1),
    };

    /// Whether a refusal of this form may be followed by another try.
    pub fn retries(&self) -> bool {
        !matches!(self.delays, Delays::GiveUp) && self.max_attempts != Some(1)
    }

    /// The delay, before jitter, after the `attempts`-th refused try; `None`
    /// when the client gives up.
    pub fn nominal_delay(&self, attempts: u32) -> Option<f64> {
        if self.max_attempts.is_some_and(|max| attempts >= max) {
            return None;
        }
        let n = f64::from(attempts.saturating_sub(1));
        match self.delays {
            Delays::GiveUp => None,
            Delays::Fixed { seconds } => Some(seconds),
            Delays::Growing { first, factor, max } => {
                // Beyond 2^62 every delay is `max` anyway.
                Some((first * libm::pow(factor, n.min(62.0))).min(max))
            }
            Delays::GrowingWholeSeconds { first, factor, max } => Some(libm::floor(
                (first * libm::pow(factor, n.min(62.0))).min(max),
            )),
            Delays::Linear { first, step, max } => Some((first + step * n).min(max)),
            Delays::Exponential { mean } => Some(mean),
        }
    }
}

impl RetryRule {
    /// Seconds to wait after the `attempts`-th refused try, jitter and
    /// random delays drawn from `rng`; `None` when the client gives up. The
    /// simulator and `ftpsim drive` both draw their delays here.
    #[inline]
    pub fn delay(&self, attempts: u32, rng: &mut Rng) -> Option<f64> {
        let delay = self.nominal_delay(attempts)?;
        Some(match (self.delays, self.jitter) {
            (Delays::Exponential { mean }, _) => exponential(rng, mean),
            (_, Jitter::None) => delay,
            (_, Jitter::Full) => delay * rng.open01(),
            (_, Jitter::Equal) => delay * 0.5 * (1.0 + rng.open01()),
        })
    }
}

/// A client's rules for every form of refusal.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Behaviour {
    pub on_transient: RetryRule,
    pub on_permanent_at_connect: RetryRule,
    pub on_permanent_after_login: RetryRule,
    pub on_silent_close: RetryRule,
}

impl Behaviour {
    /// The same rule whatever the refusal looks like (the `custom` profile,
    /// driven by a scenario's `[retry]` section).
    pub const fn uniform(rule: RetryRule) -> Behaviour {
        Behaviour {
            on_transient: rule,
            on_permanent_at_connect: rule,
            on_permanent_after_login: rule,
            on_silent_close: rule,
        }
    }

    /// The rule for one form of refusal.
    pub fn rule(&self, form: RefusalForm) -> &RetryRule {
        match form {
            RefusalForm::Transient => &self.on_transient,
            RefusalForm::PermanentAtConnect => &self.on_permanent_at_connect,
            RefusalForm::PermanentAfterLogin => &self.on_permanent_after_login,
            RefusalForm::SilentClose => &self.on_silent_close,
        }
    }

    /// Whether any refusal may be followed by another try.
    pub fn retries(&self) -> bool {
        RefusalForm::ALL
            .iter()
            .any(|&form| self.rule(form).retries())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_follow_the_code_and_the_moment() {
        assert_eq!(RefusalForm::of(Some(421), false), RefusalForm::Transient);
        assert_eq!(RefusalForm::of(Some(421), true), RefusalForm::Transient);
        assert_eq!(
            RefusalForm::of(Some(530), false),
            RefusalForm::PermanentAtConnect
        );
        assert_eq!(
            RefusalForm::of(Some(530), true),
            RefusalForm::PermanentAfterLogin
        );
        assert_eq!(RefusalForm::of(None, false), RefusalForm::SilentClose);
    }

    #[test]
    fn delays_grow_as_written_and_stop_at_the_last_try() {
        let lftp = RetryRule {
            delays: Delays::GrowingWholeSeconds {
                first: 15.0,
                factor: 1.5,
                max: 300.0,
            },
            jitter: Jitter::None,
            max_attempts: Some(4),
        };
        assert_eq!(lftp.nominal_delay(1), Some(15.0));
        assert_eq!(lftp.nominal_delay(2), Some(22.0));
        assert_eq!(lftp.nominal_delay(3), Some(33.0));
        assert_eq!(lftp.nominal_delay(4), None);
        let wget = RetryRule {
            delays: Delays::Linear {
                first: 1.0,
                step: 1.0,
                max: 10.0,
            },
            jitter: Jitter::None,
            max_attempts: None,
        };
        assert_eq!(wget.nominal_delay(3), Some(3.0));
        assert_eq!(wget.nominal_delay(30), Some(10.0));
        assert!(!RetryRule::GIVE_UP.retries());
        assert_eq!(RetryRule::GIVE_UP.nominal_delay(1), None);
    }
}
