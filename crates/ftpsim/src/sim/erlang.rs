//! Erlang B: the probability that a connection is refused in a loss system.
//!
//! With Poisson arrivals at rate λ, sessions of mean length h, and room for
//! `c` simultaneous sessions (a refused connection is lost, not queued), the
//! long-run fraction of refused connections is `B(E, c)` with offered load
//! `E = λ·h` erlangs — whatever the distribution of session length, only its
//! mean matters (insensitivity).

/// `B(E, c)` by the recurrence `B(E, 0) = 1`,
/// `B(E, k) = E·B(E, k−1) / (k + E·B(E, k−1))`, which stays within
/// `[0, 1]` at every step and so never overflows, unlike the textbook ratio
/// of `E^c / c!` to a sum. Cost is `O(c)`.
///
/// Returns `None` when `offered_load` is negative or not finite.
pub fn erlang_b(offered_load: f64, servers: u32) -> Option<f64> {
    if !offered_load.is_finite() || offered_load < 0.0 {
        return None;
    }
    let mut b = 1.0;
    for k in 1..=servers {
        let eb = offered_load * b;
        b = eb / (f64::from(k) + eb);
    }
    Some(b)
}

/// Engset's call congestion: the fraction of connection attempts refused
/// when a closed population of `sources + 1` users, each idle for an
/// exponential time before it tries, meets `servers` slots and a refused
/// user goes back to idling. `per_idle_source` is the load one idle user
/// offers: mean holding time divided by mean idle (think) time. An arriving
/// user sees the other `sources` users, hence call congestion uses one
/// source fewer than the population.
///
/// Computed by the recurrence `E(0) = 1`,
/// `E(k) = (S − k + 1)·a·E(k−1) / (k + (S − k + 1)·a·E(k−1))`, the Engset
/// counterpart of Erlang B's. With `servers > sources` nobody is refused.
pub fn engset(per_idle_source: f64, sources: u32, servers: u32) -> Option<f64> {
    if !per_idle_source.is_finite() || per_idle_source < 0.0 {
        return None;
    }
    if servers > sources {
        return Some(0.0);
    }
    let mut e = 1.0;
    for k in 1..=servers {
        let offered = f64::from(sources - k + 1) * per_idle_source * e;
        e = offered / (f64::from(k) + offered);
    }
    Some(e)
}

/// The smallest number of servers `c` for which `B(E, c) ≤ target`, e.g. how
/// many clients a server must admit so that at most 1% are refused.
/// `None` for a target outside `(0, 1]`, a bad load, or more than
/// `u32::MAX` servers.
pub fn servers_for(offered_load: f64, target: f64) -> Option<u32> {
    let valid = target > 0.0 && target <= 1.0 && offered_load.is_finite() && offered_load >= 0.0;
    if !valid {
        return None;
    }
    let mut b = 1.0;
    let mut k: u32 = 0;
    while b > target {
        k = k.checked_add(1)?;
        let eb = offered_load * b;
        b = eb / (f64::from(k) + eb);
    }
    Some(k)
}

/// The smallest number of servers `c` for which Engset's call congestion
/// `engset(per_idle_source, sources, c)` is at or under `target`: how many
/// clients a server of a closed population must admit. At most `sources`
/// (with as many slots as other users, nobody is refused). `None` for a
/// target outside `(0, 1]` or a bad load.
pub fn engset_servers_for(per_idle_source: f64, sources: u32, target: f64) -> Option<u32> {
    let valid =
        target > 0.0 && target <= 1.0 && per_idle_source.is_finite() && per_idle_source >= 0.0;
    if !valid {
        return None;
    }
    // The same recurrence as `engset`, stopped at the first c that meets
    // the target.
    let mut e = 1.0;
    let mut k = 0;
    while e > target && k < sources {
        k += 1;
        let offered = f64::from(sources - k + 1) * per_idle_source * e;
        e = offered / (f64::from(k) + offered);
    }
    Some(if e > target { sources } else { k })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engset_matches_its_definition_and_tends_to_erlang_b() {
        // Direct sum: C(S, c) a^c / sum_k C(S, k) a^k.
        let binomial =
            |n: u32, k: u32| (0..k).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1));
        let direct = |a: f64, s: u32, c: u32| {
            let term = |k: u32| binomial(s, k) * libm::pow(a, f64::from(k));
            term(c) / (0..=c).map(term).sum::<f64>()
        };
        for (a, s, c) in [(0.1, 9, 3), (0.5, 19, 10), (2.0, 5, 2), (0.05, 199, 8)] {
            let got = engset(a, s, c).unwrap();
            assert!((got - direct(a, s, c)).abs() < 1e-12, "{a} {s} {c}: {got}");
        }
        // Many sources, each offering little: Erlang B with E = S·a.
        let e = engset(1e-5, 1_000_000, 10).unwrap();
        let b = erlang_b(10.0, 10).unwrap();
        assert!((e - b).abs() / b < 1e-3, "{e} vs {b}");
        assert_eq!(engset(1.0, 3, 4), Some(0.0));
        assert_eq!(engset(f64::NAN, 3, 1), None);
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn known_values() {
        assert_eq!(erlang_b(1.0, 1), Some(0.5));
        assert_eq!(erlang_b(3.0, 0), Some(1.0));
        assert_eq!(erlang_b(0.0, 4), Some(0.0));
        // Exact values (rational arithmetic on E^c/c! / Σ E^k/k!).
        let table = [
            (10.0, 10, 0.214_582),
            (5.0, 5, 0.284_868),
            (2.0, 3, 0.210_526),
            (20.0, 15, 0.329_997),
            (50.0, 60, 0.021_668),
            (100.0, 100, 0.075_700),
        ];
        for (load, servers, expected) in table {
            let b = erlang_b(load, servers).unwrap();
            assert!(close(b, expected, 5e-5), "B({load}, {servers}) = {b}");
        }
    }

    #[test]
    fn exact_small_case_matches_the_closed_form() {
        // B(2, 3) = (8/6) / (1 + 2 + 2 + 8/6) = 4/19.
        assert!(close(erlang_b(2.0, 3).unwrap(), 4.0 / 19.0, 1e-15));
    }

    #[test]
    fn huge_systems_stay_finite() {
        let b = erlang_b(10_000.0, 10_000).unwrap();
        assert!(b > 0.0 && b < 0.01, "{b}");
        assert!(erlang_b(1e6, 1).unwrap() < 1.0);
    }

    #[test]
    fn bad_loads_are_rejected() {
        assert_eq!(erlang_b(-1.0, 3), None);
        assert_eq!(erlang_b(f64::NAN, 3), None);
        assert_eq!(erlang_b(f64::INFINITY, 3), None);
    }

    #[test]
    fn engset_servers_for_inverts_engset() {
        for (a, s, target) in [
            (0.1, 39, 0.01),
            (0.5, 19, 0.05),
            (0.05, 199, 0.001),
            (2.0, 5, 0.2),
        ] {
            let c = engset_servers_for(a, s, target).unwrap();
            assert!(engset(a, s, c).unwrap() <= target, "{a} {s} {target}: {c}");
            if c > 0 {
                assert!(
                    engset(a, s, c - 1).unwrap() > target,
                    "{a} {s} {target}: {c}"
                );
            }
        }
        // 40 users idle 600 s between sessions of 300 s: a = 0.5, S = 39.
        // By the direct sum, E(0.5, 39, 19) = 0.0181 and E(0.5, 39, 20) =
        // 0.0090, so 20 slots keep refusals under 1 %.
        assert!(close(engset(0.5, 39, 20).unwrap(), 0.008_976, 1e-6));
        assert_eq!(engset_servers_for(0.5, 39, 0.01), Some(20));
        assert_eq!(engset_servers_for(1.0, 3, 1e-9), Some(3));
        assert_eq!(engset_servers_for(1.0, 3, 0.0), None);
        // Many small sources: Erlang B's answer.
        assert_eq!(
            engset_servers_for(1e-5, 1_000_000, 0.01),
            servers_for(10.0, 0.01)
        );
    }

    #[test]
    fn servers_for_inverts_erlang_b() {
        let c = servers_for(10.0, 0.01).unwrap();
        assert_eq!(c, 18);
        assert!(erlang_b(10.0, c).unwrap() <= 0.01);
        assert!(erlang_b(10.0, c - 1).unwrap() > 0.01);
        assert_eq!(servers_for(0.0, 0.5), Some(1));
        assert_eq!(servers_for(5.0, 1.0), Some(0));
        assert_eq!(servers_for(5.0, 0.0), None);
    }
}
