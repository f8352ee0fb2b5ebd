//! Random variates for the simulator, drawn with [`Rng`] and the `libm`
//! crate's `log`, `exp`, `pow` so that native and wasm32 builds produce the
//! same bits from the same seed (a platform's own libm may differ in the last
//! bit, and one bit is enough to make two reports differ).

use core::fmt;

use super::rng::Rng;

/// Why a distribution's parameters were rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum DistributionError {
    /// A parameter must be a finite number above zero.
    NotPositive { parameter: &'static str, value: f64 },
    /// A parameter must be a finite number at or above zero.
    Negative { parameter: &'static str, value: f64 },
    /// A Pareto distribution with shape ≤ 1 has an infinite mean, so it
    /// cannot be given one.
    ParetoShapeTooSmall { shape: f64 },
}

impl fmt::Display for DistributionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DistributionError::NotPositive { parameter, value } => {
                write!(
                    f,
                    "{parameter} must be a finite number above 0, not {value}"
                )
            }
            DistributionError::Negative { parameter, value } => {
                write!(
                    f,
                    "{parameter} must be a finite number of 0 or more, not {value}"
                )
            }
            DistributionError::ParetoShapeTooSmall { shape } => write!(
                f,
                "a Pareto shape of {shape} has no finite mean; the shape must be above 1 \
                 (1.5 to 2.5 gives the usual heavy tail)"
            ),
        }
    }
}

impl core::error::Error for DistributionError {}

fn positive(parameter: &'static str, value: f64) -> Result<f64, DistributionError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(DistributionError::NotPositive { parameter, value })
    }
}

fn non_negative(parameter: &'static str, value: f64) -> Result<f64, DistributionError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(DistributionError::Negative { parameter, value })
    }
}

/// A non-negative continuous distribution, ready to sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Distribution {
    /// Always the same value.
    Constant { value: f64 },
    /// Exponential with the given mean.
    Exponential { mean: f64 },
    /// Log-normal: `exp(mu + sigma Z)` with `Z` standard normal.
    LogNormal { mu: f64, sigma: f64 },
    /// Pareto (type I): `scale · U^(−1/shape)`, never below `scale`.
    Pareto { scale: f64, shape: f64 },
}

impl Distribution {
    /// A constant value (≥ 0).
    pub fn constant(value: f64) -> Result<Distribution, DistributionError> {
        Ok(Distribution::Constant {
            value: non_negative("value", value)?,
        })
    }

    /// Exponential with mean `mean` (> 0).
    pub fn exponential(mean: f64) -> Result<Distribution, DistributionError> {
        Ok(Distribution::Exponential {
            mean: positive("mean", mean)?,
        })
    }

    /// Log-normal with the given mean and `sigma`, the standard deviation of
    /// the underlying normal (the "shape"). `mu` is chosen so that the mean
    /// comes out right: `mu = ln(mean) − sigma²/2`. `sigma = 0` is a constant.
    pub fn log_normal_mean_sigma(mean: f64, sigma: f64) -> Result<Distribution, DistributionError> {
        let mean = positive("mean", mean)?;
        let sigma = non_negative("sigma", sigma)?;
        Ok(Distribution::LogNormal {
            mu: libm::log(mean) - sigma * sigma / 2.0,
            sigma,
        })
    }

    /// Log-normal with the given mean and coefficient of variation
    /// (standard deviation / mean, of the log-normal itself):
    /// `sigma² = ln(1 + cv²)`. `cv = 1` has the spread of an exponential.
    pub fn log_normal_mean_cv(mean: f64, cv: f64) -> Result<Distribution, DistributionError> {
        let cv = non_negative("cv", cv)?;
        let sigma = libm::sqrt(libm::log1p(cv * cv));
        Distribution::log_normal_mean_sigma(mean, sigma)
    }

    /// Pareto with the given shape (> 1) and mean: the scale (the minimum
    /// value) is `mean · (shape − 1) / shape`. Shapes at or below 2 have an
    /// infinite variance: sample means converge slowly.
    pub fn pareto(mean: f64, shape: f64) -> Result<Distribution, DistributionError> {
        let mean = positive("mean", mean)?;
        let shape = positive("shape", shape)?;
        if shape <= 1.0 {
            return Err(DistributionError::ParetoShapeTooSmall { shape });
        }
        Ok(Distribution::Pareto {
            scale: mean * (shape - 1.0) / shape,
            shape,
        })
    }

    /// The mean of the distribution.
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Constant { value } => value,
            Distribution::Exponential { mean } => mean,
            Distribution::LogNormal { mu, sigma } => libm::exp(mu + sigma * sigma / 2.0),
            Distribution::Pareto { scale, shape } => scale * shape / (shape - 1.0),
        }
    }

    /// One draw.
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match *self {
            Distribution::Constant { value } => value,
            Distribution::Exponential { mean } => exponential(rng, mean),
            Distribution::LogNormal { mu, sigma } => libm::exp(mu + sigma * standard_normal(rng)),
            Distribution::Pareto { scale, shape } => scale * libm::pow(rng.open01(), -1.0 / shape),
        }
    }
}

/// An exponential draw with mean `mean`, by inversion: `−mean · ln U`.
#[inline]
pub fn exponential(rng: &mut Rng, mean: f64) -> f64 {
    -mean * libm::log(rng.open01())
}

/// A standard normal draw (Box–Muller, one of the pair; the other is dropped
/// so that the generator has no hidden state between calls).
#[inline]
pub fn standard_normal(rng: &mut Rng) -> f64 {
    let radius = libm::sqrt(-2.0 * libm::log(rng.open01()));
    let angle = 2.0 * core::f64::consts::PI * rng.open01();
    radius * libm::cos(angle)
}

/// Ranks `1..=n` with probability proportional to `1 / rank^exponent`, drawn
/// in constant time by rejection-inversion (Hörmann and Derflinger, 1996),
/// without a table, so any population size costs the same memory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zipf {
    n: f64,
    exponent: f64,
    h_integral_x1: f64,
    h_integral_n: f64,
    s: f64,
}

impl Zipf {
    /// `n ≥ 1` ranks, `exponent ≥ 0` (0 is uniform; around 1 is typical of
    /// the busiest clients of a public server).
    pub fn new(n: u64, exponent: f64) -> Result<Zipf, DistributionError> {
        if n == 0 {
            return Err(DistributionError::NotPositive {
                parameter: "n",
                value: 0.0,
            });
        }
        let exponent = non_negative("exponent", exponent)?;
        let n = n as f64;
        let h_integral_x1 = h_integral(1.5, exponent) - 1.0;
        let h_integral_n = h_integral(n + 0.5, exponent);
        let s = 2.0 - h_integral_inverse(h_integral(2.5, exponent) - h(2.0, exponent), exponent);
        Ok(Zipf {
            n,
            exponent,
            h_integral_x1,
            h_integral_n,
            s,
        })
    }

    /// A rank in `1..=n`.
    pub fn sample(&self, rng: &mut Rng) -> u64 {
        // The acceptance rate is above 90% for every exponent; the bound only
        // guards against a pathological float case.
        let mut k = 1.0;
        for _ in 0..1_000 {
            let u = self.h_integral_n + rng.open01() * (self.h_integral_x1 - self.h_integral_n);
            let x = h_integral_inverse(u, self.exponent);
            k = libm::floor(x + 0.5).clamp(1.0, self.n);
            if k - x <= self.s || u >= h_integral(k + 0.5, self.exponent) - h(k, self.exponent) {
                return k as u64;
            }
        }
        k as u64
    }
}

fn h(x: f64, exponent: f64) -> f64 {
    libm::exp(-exponent * libm::log(x))
}

fn h_integral(x: f64, exponent: f64) -> f64 {
    let log_x = libm::log(x);
    expm1_over_x((1.0 - exponent) * log_x) * log_x
}

fn h_integral_inverse(x: f64, exponent: f64) -> f64 {
    let t = (x * (1.0 - exponent)).max(-1.0);
    libm::exp(log1p_over_x(t) * x)
}

/// `ln(1 + x) / x`, accurate near 0.
fn log1p_over_x(x: f64) -> f64 {
    if libm::fabs(x) > 1e-8 {
        libm::log1p(x) / x
    } else {
        1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }
}

/// `(e^x − 1) / x`, accurate near 0.
fn expm1_over_x(x: f64) -> f64 {
    if libm::fabs(x) > 1e-8 {
        libm::expm1(x) / x
    } else {
        1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_mean(d: &Distribution, n: u32, seed: u64) -> f64 {
        let mut rng = Rng::seed_from_u64(seed);
        (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / f64::from(n)
    }

    #[test]
    fn sample_means_match_the_requested_means() {
        let cases = [
            (Distribution::constant(3.0).unwrap(), 0.0),
            (Distribution::exponential(2.0).unwrap(), 0.02),
            (Distribution::log_normal_mean_cv(5.0, 1.0).unwrap(), 0.05),
            (Distribution::log_normal_mean_sigma(5.0, 0.5).unwrap(), 0.02),
            (Distribution::pareto(4.0, 3.0).unwrap(), 0.06),
        ];
        for (d, tolerance) in cases {
            let m = sample_mean(&d, 400_000, 11);
            let rel = (m - d.mean()).abs() / d.mean();
            assert!(rel <= tolerance + 1e-12, "{d:?}: mean {m} vs {}", d.mean());
        }
    }

    #[test]
    fn log_normal_cv_gives_the_requested_spread() {
        let d = Distribution::log_normal_mean_cv(10.0, 2.0).unwrap();
        let mut rng = Rng::seed_from_u64(5);
        let n = 400_000;
        let xs: alloc::vec::Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        let cv = libm::sqrt(var) / mean;
        assert!((cv - 2.0).abs() < 0.25, "cv {cv}");
        assert!((d.mean() - 10.0).abs() < 1e-9);
    }

    #[test]
    fn pareto_rejects_shapes_without_a_mean_and_never_goes_below_its_scale() {
        assert_eq!(
            Distribution::pareto(10.0, 1.0),
            Err(DistributionError::ParetoShapeTooSmall { shape: 1.0 })
        );
        assert!(Distribution::pareto(10.0, 0.5).is_err());
        assert!(
            Distribution::pareto(10.0, 1.0)
                .unwrap_err()
                .to_string()
                .contains("above 1")
        );
        let d = Distribution::pareto(10.0, 2.0).unwrap();
        let mut rng = Rng::seed_from_u64(1);
        assert!((0..10_000).all(|_| d.sample(&mut rng) >= 5.0));
    }

    #[test]
    fn bad_parameters_are_rejected_by_name() {
        let err = Distribution::exponential(0.0).unwrap_err();
        assert_eq!(
            err,
            DistributionError::NotPositive {
                parameter: "mean",
                value: 0.0
            }
        );
        assert!(Distribution::exponential(f64::NAN).is_err());
        assert!(Distribution::constant(-1.0).is_err());
        assert!(Distribution::log_normal_mean_cv(1.0, f64::INFINITY).is_err());
        assert!(Zipf::new(0, 1.0).is_err());
        assert!(Zipf::new(10, -1.0).is_err());
    }

    #[test]
    fn zipf_frequencies_follow_the_power_law() {
        for exponent in [0.0, 0.8, 1.0, 1.5] {
            let n = 20u64;
            let zipf = Zipf::new(n, exponent).unwrap();
            let mut rng = Rng::seed_from_u64(99);
            let mut counts = [0u32; 20];
            let draws = 200_000;
            for _ in 0..draws {
                let k = zipf.sample(&mut rng);
                assert!((1..=n).contains(&k));
                counts[(k - 1) as usize] += 1;
            }
            let norm: f64 = (1..=n).map(|k| libm::pow(k as f64, -exponent)).sum();
            for k in [1u64, 2, 5, 20] {
                let expected = f64::from(draws) * libm::pow(k as f64, -exponent) / norm;
                let got = f64::from(counts[(k - 1) as usize]);
                // Five binomial standard deviations.
                let sd = libm::sqrt(expected);
                assert!(
                    (got - expected).abs() < 5.0 * sd + 1.0,
                    "exponent {exponent}, rank {k}: {got} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn draws_are_bit_identical_for_a_seed() {
        // A fixed seed gives fixed bits: this pins the arithmetic so that a
        // change that would make native and wasm32 differ is seen here.
        let d = Distribution::exponential(1.0).unwrap();
        let mut rng = Rng::seed_from_u64(2024);
        let first = d.sample(&mut rng).to_bits();
        let mut rng = Rng::seed_from_u64(2024);
        assert_eq!(first, d.sample(&mut rng).to_bits());
        let u = Rng::seed_from_u64(2024).open01();
        assert_eq!(first, (-libm::log(u)).to_bits());
    }
}
