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

#[cfg(test)]
mod tests {
    use super::*;

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
