//! A small seeded random number generator that gives the same numbers on
//! every platform.
//!
//! xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64. Both are
//! pure integer arithmetic, so a seed produces the same stream natively and in
//! wasm32. It is fast, has a period of 2^256 − 1 and passes BigCrush; it is not
//! cryptographic, which a simulation does not need.

/// One step of splitmix64: the recommended way to expand a 64-bit seed into
/// xoshiro's 256-bit state (it never yields the all-zero state from a run
/// of four outputs).
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 52 high bits, centred in their interval: `(k + 0.5) / 2^52`. With 53
/// bits the top value `2^53 − 0.5` would round up to `2^53`, i.e. to 1.0.
#[inline]
fn open01_from_bits(bits: u64) -> f64 {
    ((bits >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
}

/// xoshiro256**: a seeded, portable pseudo-random generator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole stream is determined by `seed`.
    pub fn seed_from_u64(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s }
    }

    /// An independent stream derived from one seed: the simulator draws
    /// arrivals, session lengths, client choice and retry jitter from separate
    /// streams, so that changing e.g. the session distribution leaves the
    /// arrival times of the same seed untouched (common random numbers).
    pub fn stream(seed: u64, stream: u64) -> Rng {
        let mut sm = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        // One extra round decorrelates streams whose seeds differ in few bits.
        let mixed = splitmix64(&mut sm);
        Rng::seed_from_u64(mixed)
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform number strictly between 0 and 1, so that `ln(u)` is always
    /// finite.
    #[inline]
    pub fn open01(&mut self) -> f64 {
        open01_from_bits(self.next_u64())
    }

    /// A uniform integer in `0..n` (Lemire's multiply-shift; the bias for
    /// n < 2^32 is below 2^-32, far under anything a simulation can see).
    /// Returns 0 when `n` is 0.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_splitmix_and_xoshiro_outputs() {
        // splitmix64 from seed 0: the published first output.
        let mut sm = 0u64;
        assert_eq!(splitmix64(&mut sm), 0xE220_A839_7B1D_CDAF);
        // xoshiro256** from state [1, 2, 3, 4]: the reference implementation
        // gives 11520, 0, 1509978240, 1215971899390074240.
        let mut rng = Rng { s: [1, 2, 3, 4] };
        assert_eq!(rng.next_u64(), 11520);
        assert_eq!(rng.next_u64(), 0);
        assert_eq!(rng.next_u64(), 1_509_978_240);
        assert_eq!(rng.next_u64(), 1_215_971_899_390_074_240);
    }

    #[test]
    fn same_seed_same_stream_and_streams_differ() {
        let mut a = Rng::seed_from_u64(42);
        let mut b = Rng::seed_from_u64(42);
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut s0 = Rng::stream(42, 0);
        let mut s1 = Rng::stream(42, 1);
        let same = (0..64).filter(|_| s0.next_u64() == s1.next_u64()).count();
        assert_eq!(same, 0);
    }

    #[test]
    fn open01_never_reaches_the_ends_and_has_the_right_mean() {
        let mut rng = Rng::seed_from_u64(7);
        let n = 200_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = rng.open01();
            assert!(u > 0.0 && u < 1.0);
            sum += u;
        }
        let mean = sum / f64::from(n);
        // Standard error of the mean is 1/sqrt(12 n) ≈ 0.00065.
        assert!((mean - 0.5).abs() < 0.003, "mean {mean}");
        // The extreme raw values still land inside (0, 1).
        let lo = open01_from_bits(0);
        let hi = open01_from_bits(u64::MAX);
        assert!(lo > 0.0 && hi < 1.0, "{lo} {hi}");
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Rng::seed_from_u64(3);
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            let k = rng.below(7);
            seen[k as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c > 850 && c < 1150), "{seen:?}");
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.below(1), 0);
    }
}
