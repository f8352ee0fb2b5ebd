//! Statistics the engine streams into fixed-size structures while it runs:
//! the timeline, the batches behind the confidence interval, and a
//! logarithmic histogram for waiting times. None of them grows with the
//! simulated duration.

use alloc::boxed::Box;
use alloc::vec::Vec;

/// The instant that splits `[0, end)` into `parts` equal pieces at `index`
/// (computed from the end each time, so rounding never accumulates).
#[inline]
pub(crate) fn split_point(end: u64, parts: u32, index: u32) -> u64 {
    (u128::from(end) * u128::from(index) / u128::from(parts.max(1))) as u64
}

/// Totals the engine keeps; a bucket or batch is the difference between two
/// snapshots of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    /// Time integral of concurrency, in connection-nanoseconds.
    pub area: u128,
    pub attempts: u64,
    pub greeted: u64,
    pub refused: u64,
}

/// One closed piece of the timeline, in engine units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawBucket {
    pub start: u64,
    pub end: u64,
    pub min: u32,
    pub max: u32,
    pub area: u128,
    pub greeted: u64,
    pub refused: u64,
}

/// The timeline: `count` buckets over `[0, end)`, filled as time passes.
#[derive(Clone, Debug)]
pub(crate) struct TimelineRecorder {
    end: u64,
    count: u32,
    /// Index of the bucket in progress.
    pub current: u32,
    closed: Vec<RawBucket>,
    at_start: Totals,
}

impl TimelineRecorder {
    pub(crate) fn new(end: u64, count: u32) -> TimelineRecorder {
        TimelineRecorder {
            end,
            count,
            current: 0,
            closed: Vec::with_capacity(count as usize),
            at_start: Totals::default(),
        }
    }

    /// How many buckets the timeline has.
    pub(crate) fn count(&self) -> u32 {
        self.count
    }

    /// When the bucket in progress ends (`u64::MAX` once all are closed).
    pub(crate) fn next_boundary(&self) -> u64 {
        if self.current >= self.count {
            u64::MAX
        } else {
            split_point(self.end, self.count, self.current + 1)
        }
    }

    /// Closes the bucket in progress with concurrency bounds `min..=max`
    /// and the totals at its end.
    pub(crate) fn close(&mut self, min: u32, max: u32, totals: Totals) {
        if self.current >= self.count {
            return;
        }
        self.closed
            .push(self.bucket(min, max, totals, self.next_boundary()));
        self.at_start = totals;
        self.current += 1;
    }

    fn bucket(&self, min: u32, max: u32, totals: Totals, end: u64) -> RawBucket {
        RawBucket {
            start: split_point(self.end, self.count, self.current),
            end,
            min,
            max,
            area: totals.area - self.at_start.area,
            greeted: totals.greeted - self.at_start.greeted,
            refused: totals.refused - self.at_start.refused,
        }
    }

    /// The closed buckets, plus the one in progress cut at `now` when the
    /// run is not over.
    pub(crate) fn buckets(&self, min: u32, max: u32, totals: Totals, now: u64) -> Vec<RawBucket> {
        let mut all = self.closed.clone();
        if self.current < self.count && now > split_point(self.end, self.count, self.current) {
            all.push(self.bucket(min, max, totals, now));
        }
        all
    }
}

/// Number of batches behind the confidence interval.
pub const BATCHES: u32 = 32;
/// Student's t quantile for a two-sided 95% interval with `BATCHES − 1`
/// degrees of freedom.
const T_QUANTILE_95_31_DF: f64 = 2.039_513;

/// Batch means for the blocking probability: the run is cut into
/// [`BATCHES`] equal stretches of time, and the spread of the refusal
/// fraction between them gives the interval. Stretches much longer than a
/// session are nearly independent even though consecutive connections are
/// not, which is why a naive binomial interval would be too narrow.
#[derive(Clone, Debug)]
pub(crate) struct Batches {
    end: u64,
    /// Index of the batch in progress.
    pub current: u32,
    attempts: [u64; BATCHES as usize],
    refused: [u64; BATCHES as usize],
    at_start: Totals,
}

impl Batches {
    pub(crate) fn new(end: u64) -> Batches {
        Batches {
            end,
            current: 0,
            attempts: [0; BATCHES as usize],
            refused: [0; BATCHES as usize],
            at_start: Totals::default(),
        }
    }

    pub(crate) fn next_boundary(&self) -> u64 {
        if self.current >= BATCHES {
            u64::MAX
        } else {
            split_point(self.end, BATCHES, self.current + 1)
        }
    }

    pub(crate) fn close(&mut self, totals: Totals) {
        if self.current >= BATCHES {
            return;
        }
        let i = self.current as usize;
        self.attempts[i] = totals.attempts - self.at_start.attempts;
        self.refused[i] = totals.refused - self.at_start.refused;
        self.at_start = totals;
        self.current += 1;
    }

    /// A 95% interval for the refused fraction, from the closed batches: the
    /// ratio estimator Σrefused / Σattempts with its delta-method variance,
    /// which copes with batches of unequal size (e.g. a rush hour).
    /// `None` until every batch is closed or when no attempt was made.
    pub(crate) fn interval(&self) -> Option<(f64, f64)> {
        if self.current < BATCHES {
            return None;
        }
        let k = f64::from(BATCHES);
        let total_attempts: u64 = self.attempts.iter().sum();
        if total_attempts == 0 {
            return None;
        }
        let total_refused: u64 = self.refused.iter().sum();
        let ratio = total_refused as f64 / total_attempts as f64;
        let mean_attempts = total_attempts as f64 / k;
        let sum_sq: f64 = self
            .attempts
            .iter()
            .zip(&self.refused)
            .map(|(&a, &r)| {
                let d = r as f64 - ratio * a as f64;
                d * d
            })
            .sum();
        let variance = sum_sq / (k - 1.0) / (k * mean_attempts * mean_attempts);
        let half = T_QUANTILE_95_31_DF * libm::sqrt(variance);
        Some(((ratio - half).max(0.0), (ratio + half).min(1.0)))
    }
}

const HISTOGRAM_BUCKETS: usize = 16 + 60 * 8;

/// Non-negative integers in logarithmic buckets with 8 steps per power of
/// two (relative error at most 1/16), exact below 16.
#[derive(Clone, Debug)]
pub(crate) struct LogHistogram {
    counts: Box<[u64; HISTOGRAM_BUCKETS]>,
    count: u64,
    sum: u128,
    max: u64,
}

impl LogHistogram {
    pub(crate) fn new() -> LogHistogram {
        LogHistogram {
            counts: Box::new([0; HISTOGRAM_BUCKETS]),
            count: 0,
            sum: 0,
            max: 0,
        }
    }

    fn index(value: u64) -> usize {
        if value < 16 {
            value as usize
        } else {
            let msb = 63 - value.leading_zeros() as usize;
            let sub = ((value >> (msb - 3)) & 7) as usize;
            16 + (msb - 4) * 8 + sub
        }
    }

    /// The middle of bucket `index`.
    fn representative(index: usize) -> u64 {
        if index < 16 {
            index as u64
        } else {
            let msb = (index - 16) / 8 + 4;
            let sub = ((index - 16) % 8) as u64;
            let low = (8 + sub) << (msb - 3);
            low + (1u64 << (msb - 3)) / 2
        }
    }

    #[inline]
    pub(crate) fn record(&mut self, value: u64) {
        self.counts[Self::index(value)] += 1;
        self.count += 1;
        self.sum += u128::from(value);
        self.max = self.max.max(value);
    }

    /// Records `value` `times` times.
    pub(crate) fn record_many(&mut self, value: u64, times: u64) {
        if times == 0 {
            return;
        }
        self.counts[Self::index(value)] += times;
        self.count += times;
        self.sum += u128::from(value) * u128::from(times);
        self.max = self.max.max(value);
    }

    pub(crate) fn count(&self) -> u64 {
        self.count
    }

    pub(crate) fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    pub(crate) fn max(&self) -> u64 {
        self.max
    }

    /// The value below which a fraction `q` of the records lie (to the
    /// bucket's resolution, never above the maximum seen).
    pub(crate) fn quantile(&self, q: f64) -> Option<u64> {
        if self.count == 0 {
            return None;
        }
        let rank = libm::ceil(q.clamp(0.0, 1.0) * self.count as f64).max(1.0) as u64;
        let mut seen = 0;
        for (index, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Some(Self::representative(index).min(self.max));
            }
        }
        Some(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_points_cover_the_range_exactly() {
        assert_eq!(split_point(1000, 3, 0), 0);
        assert_eq!(split_point(1000, 3, 3), 1000);
        assert_eq!(split_point(u64::MAX, 7, 7), u64::MAX);
    }

    #[test]
    fn histogram_buckets_are_monotone_and_tight() {
        let mut last = 0;
        for v in [
            0u64,
            1,
            15,
            16,
            17,
            100,
            1_000,
            123_456_789,
            u64::MAX / 3,
            u64::MAX,
        ] {
            let i = LogHistogram::index(v);
            assert!(i < HISTOGRAM_BUCKETS);
            assert!(i >= last);
            last = i;
            let r = LogHistogram::representative(i);
            let err = (r as f64 - v as f64).abs() / (v as f64).max(1.0);
            assert!(err <= 1.0 / 16.0 + 1e-12, "{v}: {r}");
        }
    }

    #[test]
    fn histogram_quantiles() {
        let mut h = LogHistogram::new();
        assert_eq!(h.quantile(0.5), None);
        for v in 1..=1000u64 {
            h.record(v * 1000);
        }
        let median = h.quantile(0.5).unwrap() as f64;
        assert!((median - 500_000.0).abs() / 500_000.0 < 0.07, "{median}");
        assert_eq!(
            h.quantile(1.0),
            Some(1_000_000).map(|m: u64| m.min(h.max()))
        );
        assert_eq!(h.count(), 1000);
        assert_eq!(h.mean(), Some(500_500.0));
    }

    #[test]
    fn batch_interval_covers_a_steady_ratio() {
        let mut b = Batches::new(32);
        let mut totals = Totals::default();
        for i in 0..BATCHES {
            totals.attempts += 100;
            totals.refused += if i % 2 == 0 { 18 } else { 22 };
            b.close(totals);
        }
        let (low, high) = b.interval().unwrap();
        assert!(low < 0.2 && high > 0.2 && high - low < 0.02, "{low} {high}");
    }

    #[test]
    fn timeline_keeps_a_fixed_number_of_buckets() {
        let mut t = TimelineRecorder::new(1_000, 4);
        let mut totals = Totals::default();
        for _ in 0..10 {
            totals.greeted += 1;
            t.close(0, 1, totals);
        }
        let buckets = t.buckets(0, 0, totals, 1_000);
        assert_eq!(buckets.len(), 4);
        assert_eq!(buckets[3].end, 1_000);
        assert_eq!(t.next_boundary(), u64::MAX);
    }
}
