//! The client population: which IP address the next arrival comes from.

use core::net::{IpAddr, Ipv4Addr};

use super::distributions::Zipf;
use super::rng::Rng;
use super::scenario::{ClientSpec, Spread};

/// Client `index` (0-based) connects from `10.0.0.1 + index`: simulated
/// addresses are never real ones, and a number is cheaper to carry in an
/// event than an address.
#[inline]
pub fn client_ip(index: u32) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(0x0A00_0001u32.wrapping_add(index)))
}

/// Picks the address of each arrival.
#[derive(Clone, Debug)]
pub(crate) enum Population {
    /// A single address: no draw needed.
    One,
    Uniform {
        ips: u64,
    },
    Zipf(Zipf),
    /// Address 0 takes `fraction`; the others share the rest.
    Greedy {
        fraction: f64,
        ips: u64,
    },
}

impl Population {
    /// From a validated spec.
    pub(crate) fn new(spec: &ClientSpec) -> Population {
        let ips = u64::from(spec.ips.max(1));
        if ips == 1 {
            return Population::One;
        }
        match spec.spread {
            Spread::Uniform => Population::Uniform { ips },
            Spread::Zipf { exponent } => match Zipf::new(ips, exponent) {
                Ok(zipf) => Population::Zipf(zipf),
                Err(_) => Population::Uniform { ips },
            },
            Spread::Greedy { fraction } => Population::Greedy { fraction, ips },
        }
    }

    /// The index of the next arrival's address.
    #[inline]
    pub(crate) fn pick(&self, rng: &mut Rng) -> u32 {
        match *self {
            Population::One => 0,
            Population::Uniform { ips } => rng.below(ips) as u32,
            Population::Zipf(ref zipf) => (zipf.sample(rng) - 1) as u32,
            Population::Greedy { fraction, ips } => {
                if rng.open01() < fraction {
                    0
                } else {
                    1 + rng.below(ips - 1) as u32
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_start_at_10_0_0_1() {
        assert_eq!(client_ip(0), IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(client_ip(255), IpAddr::V4(Ipv4Addr::new(10, 0, 1, 0)));
    }

    #[test]
    fn a_greedy_address_takes_its_share() {
        let spec = ClientSpec {
            ips: 50,
            spread: Spread::Greedy { fraction: 0.3 },
            login_after: 0.0,
            ..ClientSpec::default()
        };
        let population = Population::new(&spec);
        let mut rng = Rng::seed_from_u64(8);
        let n = 100_000;
        let mut greedy = 0;
        for _ in 0..n {
            let i = population.pick(&mut rng);
            assert!(i < 50);
            if i == 0 {
                greedy += 1;
            }
        }
        let share = f64::from(greedy) / f64::from(n);
        assert!((share - 0.3).abs() < 0.01, "{share}");
    }

    #[test]
    fn every_spread_stays_within_the_population() {
        for spread in [
            Spread::Uniform,
            Spread::Zipf { exponent: 1.2 },
            Spread::Greedy { fraction: 0.9 },
        ] {
            for ips in [1, 2, 7] {
                let p = Population::new(&ClientSpec {
                    ips,
                    spread: spread.clone(),
                    login_after: 0.0,
                    ..ClientSpec::default()
                });
                let mut rng = Rng::seed_from_u64(2);
                assert!((0..2000).all(|_| p.pick(&mut rng) < ips));
            }
        }
    }
}
