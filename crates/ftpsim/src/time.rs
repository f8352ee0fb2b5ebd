//! Time as a value.
//!
//! The core never asks the operating system what time it is. Drivers (the
//! tokio server, the simulator, the browser) pass an [`Instant`] into every
//! call that depends on time. An `Instant` counts nanoseconds from an origin
//! the driver chooses, e.g. the start of a simulation or of a server process.

use core::fmt;
use core::ops::{Add, AddAssign};
use core::time::Duration;

/// A point in time, in nanoseconds since an origin chosen by the driver.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Instant(u64);

impl Instant {
    /// The driver's origin of time.
    pub const ZERO: Instant = Instant(0);
    /// The latest representable instant; used as "never".
    pub const MAX: Instant = Instant(u64::MAX);

    pub const fn from_nanos(nanos: u64) -> Self {
        Instant(nanos)
    }

    pub const fn from_micros(micros: u64) -> Self {
        Instant(micros.saturating_mul(1_000))
    }

    pub const fn from_millis(millis: u64) -> Self {
        Instant(millis.saturating_mul(1_000_000))
    }

    /// Seconds as a float, rounded to the nearest nanosecond. Negative and
    /// NaN inputs map to [`Instant::ZERO`], too-large ones to [`Instant::MAX`].
    pub fn from_secs_f64(secs: f64) -> Self {
        let nanos = secs * 1e9;
        if nanos.is_nan() || nanos <= 0.0 {
            Instant::ZERO
        } else if nanos >= u64::MAX as f64 {
            Instant::MAX
        } else {
            Instant(libm::round(nanos) as u64)
        }
    }

    pub const fn as_nanos(self) -> u64 {
        self.0
    }

    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e9
    }

    /// The time elapsed since `earlier`, or zero when `earlier` is later.
    pub const fn saturating_duration_since(self, earlier: Instant) -> Duration {
        Duration::from_nanos(self.0.saturating_sub(earlier.0))
    }

    /// `self + duration`, saturating at [`Instant::MAX`].
    pub fn saturating_add(self, duration: Duration) -> Instant {
        let nanos = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
        Instant(self.0.saturating_add(nanos))
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;

    fn add(self, duration: Duration) -> Instant {
        self.saturating_add(duration)
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, duration: Duration) {
        *self = self.saturating_add(duration);
    }
}

impl fmt::Debug for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "t+{:.9}s", self.as_secs_f64())
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3}s", self.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates_instead_of_wrapping() {
        assert_eq!(Instant::MAX + Duration::from_secs(1), Instant::MAX);
        assert_eq!(
            Instant::ZERO.saturating_duration_since(Instant::from_millis(5)),
            Duration::ZERO
        );
        assert_eq!(
            Instant::from_millis(1500).saturating_duration_since(Instant::from_millis(500)),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn float_seconds_round_trip_and_clamp() {
        assert_eq!(Instant::from_secs_f64(1.5), Instant::from_millis(1500));
        assert_eq!(Instant::from_secs_f64(-3.0), Instant::ZERO);
        assert_eq!(Instant::from_secs_f64(f64::NAN), Instant::ZERO);
        assert_eq!(Instant::from_secs_f64(1e300), Instant::MAX);
        assert_eq!(Instant::from_millis(250).as_secs_f64(), 0.25);
    }
}
