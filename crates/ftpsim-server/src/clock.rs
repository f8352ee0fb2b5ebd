//! The server's clock: tokio time, read as the core's [`Instant`] (nanoseconds
//! since the server started).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ftpsim::time::Instant;

/// Converts between tokio's clock and the core's time values.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    origin: tokio::time::Instant,
}

impl Clock {
    /// A clock whose origin is now.
    pub fn start() -> Clock {
        Clock {
            origin: tokio::time::Instant::now(),
        }
    }

    /// Now, as the core counts time.
    pub fn now(&self) -> Instant {
        self.to_core(tokio::time::Instant::now())
    }

    /// A tokio instant as the core counts time (zero before the origin).
    pub fn to_core(&self, at: tokio::time::Instant) -> Instant {
        let since = at.saturating_duration_since(self.origin);
        Instant::from_nanos(u64::try_from(since.as_nanos()).unwrap_or(u64::MAX))
    }

    /// A core instant as a tokio instant, for timers.
    pub fn to_tokio(&self, at: Instant) -> tokio::time::Instant {
        let since = at.saturating_duration_since(Instant::ZERO);
        // A deadline centuries away (Instant::MAX means "never") would
        // overflow tokio's clock; a year is as good as never here.
        let since = since.min(Duration::from_secs(365 * 24 * 3600));
        self.origin + since
    }
}

/// The UTC time of day now, as a duration since midnight: the greeting of
/// some presets quotes the local time, and the core cannot read a clock.
pub fn utc_time_of_day() -> Duration {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Duration::from_secs(since_epoch.as_secs() % 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn conversions_round_trip_and_saturate() {
        let clock = Clock::start();
        let later = clock.to_tokio(Instant::from_millis(1500));
        assert_eq!(clock.to_core(later), Instant::from_millis(1500));
        let far = clock.to_tokio(Instant::MAX);
        assert!(far > later);
        assert!(utc_time_of_day() < Duration::from_secs(86_400));
    }
}
