//! Users and their clients against theory and against the profiles' own
//! rules: Engset for a closed population, the retrial queue's exact
//! solution for clients that retry after exponential delays, Erlang B with
//! a longer holding time for ghost sessions, and the profiles' retry habits
//! played out one user at a time.

use ftpsim::admission::Preset;
use ftpsim::sim::{
    ArrivalSpec, ClientSpec, JobSpec, ReportSpec, RetrySpec, Scenario, ServerSpec, SessionSpec,
    Simulation, engset, erlang_b,
};

/// A scenario with nothing but a global limit of `servers`, no transcripts
/// and a timeline of one bucket.
fn base(servers: u32, duration: f64) -> Scenario {
    Scenario {
        duration,
        seed: 5,
        server: ServerSpec {
            max_clients: Some(servers),
            ..ServerSpec::default()
        },
        report: ReportSpec {
            timeline_buckets: 1,
            transcripts_greeted: 0,
            transcripts_refused: 0,
        },
        ..Scenario::default()
    }
}

/// `|simulated − predicted| / predicted`.
fn relative(simulated: f64, predicted: f64) -> f64 {
    (simulated - predicted).abs() / predicted
}

#[test]
fn a_closed_population_meets_engset_with_one_source_fewer() {
    // (users, servers, mean think, mean session): α = session / think.
    for (users, servers, think, session) in [(20, 5, 100.0, 30.0), (8, 3, 40.0, 20.0)] {
        let scenario = Scenario {
            arrivals: ArrivalSpec::Population {
                users,
                think: SessionSpec::Exponential { mean: think },
            },
            session: SessionSpec::Exponential { mean: session },
            ..base(servers, 400_000.0)
        };
        let report = Simulation::run(&scenario).unwrap();
        let predicted = engset(session / think, users - 1, servers).unwrap();
        assert_eq!(report.engset, Some(predicted));
        assert_eq!(report.engset_sources, Some(users - 1));
        assert_eq!(
            report.erlang_b_not_applicable.map(|r| r.key()),
            Some("closed_population")
        );
        let deviation = relative(report.blocking_probability, predicted);
        eprintln!(
            "Engset N={users} c={servers} a={}: simulated {:.5} over {} attempts, predicted {predicted:.5}, {:+.2}%",
            session / think,
            report.blocking_probability,
            report.attempts,
            100.0 * (report.blocking_probability - predicted) / predicted
        );
        // About 100,000 attempts: a few percent at most.
        assert!(
            deviation < 0.04,
            "N={users} c={servers}: simulated {} vs Engset {predicted} ({deviation})",
            report.blocking_probability
        );
        // With N sources instead of N − 1 the prediction is clearly off:
        // the test can tell the two apart.
        let wrong = engset(session / think, users, servers).unwrap();
        assert!(relative(report.blocking_probability, wrong) > 2.0 * deviation);
        // Every user comes back: nobody is left out of the count.
        let u = &report.users;
        assert_eq!(u.users, u.users_completed + u.users_failed + u.users_active);
    }
}

/// The first-attempt blocking of an M/M/c retrial queue (Poisson arrivals
/// at `lambda`, sessions at rate `mu`, each client in orbit retrying at rate
/// `theta` until admitted), from its Markov chain on (busy slots, orbit
/// size) with the orbit cut at `orbit_cap`: by PASTA, the probability that
/// all `c` slots are busy.
fn retrial_first_attempt_blocking(
    lambda: f64,
    mu: f64,
    theta: f64,
    c: usize,
    orbit_cap: usize,
) -> f64 {
    let states = (c + 1) * (orbit_cap + 1);
    let at = |busy: usize, orbit: usize| busy * (orbit_cap + 1) + orbit;
    // Balance equations πQ = 0, written as Qᵀπ = 0 with one row replaced by
    // Σπ = 1, solved by Gaussian elimination with partial pivoting.
    let mut q = vec![vec![0.0; states]; states];
    for busy in 0..=c {
        for orbit in 0..=orbit_cap {
            let from = at(busy, orbit);
            let mut moves = Vec::new();
            if busy < c {
                moves.push((at(busy + 1, orbit), lambda));
                if orbit > 0 {
                    moves.push((at(busy + 1, orbit - 1), orbit as f64 * theta));
                }
            } else if orbit < orbit_cap {
                moves.push((at(busy, orbit + 1), lambda));
            }
            if busy > 0 {
                moves.push((at(busy - 1, orbit), busy as f64 * mu));
            }
            for (to, rate) in moves {
                q[to][from] += rate;
                q[from][from] -= rate;
            }
        }
    }
    let mut rhs = vec![0.0; states];
    q[states - 1] = vec![1.0; states];
    rhs[states - 1] = 1.0;
    for col in 0..states {
        let pivot = (col..states)
            .max_by(|&a, &b| q[a][col].abs().total_cmp(&q[b][col].abs()))
            .unwrap();
        q.swap(col, pivot);
        rhs.swap(col, pivot);
        for row in col + 1..states {
            let factor = q[row][col] / q[col][col];
            if factor != 0.0 {
                let pivot_row = q[col].clone();
                for (cell, above) in q[row][col..].iter_mut().zip(&pivot_row[col..]) {
                    *cell -= factor * above;
                }
                rhs[row] -= factor * rhs[col];
            }
        }
    }
    let mut pi = vec![0.0; states];
    for row in (0..states).rev() {
        let known: f64 = (row + 1..states).map(|k| q[row][k] * pi[k]).sum();
        pi[row] = (rhs[row] - known) / q[row][row];
    }
    let tail: f64 = (0..=c).map(|busy| pi[at(busy, orbit_cap)]).sum();
    assert!(tail < 1e-9, "the orbit cap is too low: {tail}");
    (0..=orbit_cap).map(|orbit| pi[at(c, orbit)]).sum()
}

#[test]
fn exponential_retries_meet_the_retrial_queue() {
    // (λ, mean session, mean retry delay, c): loads from light to heavy.
    for (lambda, session, retry, c) in [
        (1.0, 1.5, 2.0, 2usize),
        (2.0, 1.0, 0.5, 3),
        (1.5, 1.0, 5.0, 2),
    ] {
        let scenario = Scenario {
            arrivals: ArrivalSpec::Poisson { rate: lambda },
            session: SessionSpec::Exponential { mean: session },
            retry: RetrySpec::Exponential {
                mean: retry,
                max_attempts: None,
            },
            ..base(c as u32, 150_000.0 / lambda)
        };
        let report = Simulation::run(&scenario).unwrap();
        let exact = retrial_first_attempt_blocking(lambda, 1.0 / session, 1.0 / retry, c, 120);
        let simulated = report.users.first_attempt_blocking.unwrap();
        let deviation = relative(simulated, exact);
        eprintln!(
            "retrial λ={lambda} h={session} retry={retry} c={c}: simulated {simulated:.5} over {} users, exact {exact:.5}, {:+.2}%",
            report.users.users,
            100.0 * (simulated - exact) / exact
        );
        assert!(
            deviation < 0.03,
            "λ={lambda} c={c}: simulated {simulated} vs exact {exact} ({deviation})"
        );
        // Retries make it worse than Erlang B: the orbit adds load.
        let erlang = erlang_b(lambda * session, c as u32).unwrap();
        assert!(exact > erlang * 1.05, "{exact} vs Erlang B {erlang}");
        assert!(
            relative(simulated, erlang) > 2.0 * deviation,
            "the check separates the retrial queue from Erlang B"
        );
        // Nobody gives up.
        assert_eq!(report.users.users_failed, 0);
        assert_eq!(
            report.erlang_b_not_applicable.map(|r| r.key()),
            Some("retries")
        );
    }
}

#[test]
fn ghost_sessions_hold_their_slot_until_the_idle_timeout() {
    // vsftpd's 300 s idle timeout; one session in five vanishes.
    let mut scenario = Scenario {
        arrivals: ArrivalSpec::Poisson { rate: 0.08 },
        session: SessionSpec::Exponential { mean: 60.0 },
        clients: ClientSpec {
            ghost_fraction: 0.2,
            ..ClientSpec::default()
        },
        ..base(10, 6_000_000.0)
    };
    scenario.server.preset = Preset::Vsftpd;
    scenario.server.max_per_ip = Some(0);
    let report = Simulation::run(&scenario).unwrap();
    let holding = 60.0 + 0.2 * 300.0;
    let load = 0.08 * holding;
    assert_eq!(report.offered_load, Some(load));
    let predicted = erlang_b(load, 10).unwrap();
    assert_eq!(report.erlang_b, Some(predicted));
    let deviation = relative(report.blocking_probability, predicted);
    eprintln!(
        "ghosts: simulated {:.5} over {} attempts, Erlang B({load}, 10) {predicted:.5}, {:+.2}%",
        report.blocking_probability,
        report.attempts,
        100.0 * (report.blocking_probability - predicted) / predicted
    );
    assert!(
        deviation < 0.04,
        "simulated {} vs Erlang B {predicted} ({deviation})",
        report.blocking_probability
    );
    // Without the idle timeout's share the prediction would be far off.
    let naive = erlang_b(0.08 * 60.0, 10).unwrap();
    assert!(relative(report.blocking_probability, naive) > 0.5);
}

/// One user arriving at 1 s, alone, with `profile`, against a server
/// whose per-address limit admits `per_ip`.
fn one_user(profile: &str, per_ip: u32, job: JobSpec) -> ftpsim::sim::Report {
    let scenario = Scenario {
        duration: 600.0,
        arrivals: ArrivalSpec::Explicit { times: vec![1.0] },
        session: SessionSpec::Constant { seconds: 30.0 },
        job,
        clients: ClientSpec {
            ips: 1,
            profile: profile.into(),
            ..ClientSpec::default()
        },
        server: ServerSpec {
            preset: Preset::PureFtpd,
            max_per_ip: Some(per_ip),
            ..ServerSpec::default()
        },
        ..base(50, 600.0)
    };
    Simulation::run(&scenario).unwrap()
}

#[test]
fn filezilla_finishes_on_two_connections_while_its_third_retries() {
    // A browsing connection and two transfers against 2 per address: the
    // third is refused and, as FileZilla's transfer queue does (measured
    // against `ftpsim serve`), tried again every 5 s without giving up;
    // the files arrive over the two it has meanwhile.
    let job = JobSpec::Transfer {
        files: 6,
        size: 10_000_000.0,
        bandwidth: 1_000_000.0,
    };
    let report = one_user("filezilla", 2, job);
    let u = &report.users;
    assert_eq!((u.users, u.users_completed, u.users_failed), (1, 1, 0));
    assert_eq!(u.first_attempt_blocking, Some(1.0));
    // Six files of 10 s over two connections: three rounds, from 1 s to
    // 31 s, with a retry every 5 s all along (at 1, 6, ..., 26 s at least).
    let done = u.time_to_complete.as_ref().unwrap();
    assert!((done.max - 30.0).abs() < 30.0 / 16.0, "{done:?}");
    assert!((6..=7).contains(&u.max_refusals), "{u:?}");
    assert_eq!(report.refused, u64::from(u.max_refusals));
    assert_eq!(report.clients.gave_up, 0);
}

#[test]
fn filezilla_with_no_connection_in_gives_up_after_one_retry() {
    // Two FileZilla users at once behind one address allowed 1: the first
    // gets its browsing connection in and its queue keeps retrying; the
    // second has none in, meets the refusals as FileZilla's browsing
    // connection does (one retry after 5 s, then "Could not connect to
    // server") and fails.
    let scenario = Scenario {
        duration: 600.0,
        arrivals: ArrivalSpec::Explicit {
            times: vec![1.0, 1.0],
        },
        session: SessionSpec::Constant { seconds: 30.0 },
        job: JobSpec::Transfer {
            files: 3,
            size: 10_000_000.0,
            bandwidth: 1_000_000.0,
        },
        clients: ClientSpec {
            ips: 1,
            profile: "filezilla".into(),
            ..ClientSpec::default()
        },
        server: ServerSpec {
            preset: Preset::PureFtpd,
            max_per_ip: Some(1),
            ..ServerSpec::default()
        },
        ..base(50, 600.0)
    };
    let report = Simulation::run(&scenario).unwrap();
    let u = &report.users;
    assert_eq!(
        (u.users, u.users_completed, u.users_failed),
        (2, 1, 1),
        "{u:?}"
    );
    // The second user's three connections each gave up after two refusals.
    assert_eq!(report.clients.gave_up, 3, "{report:?}");
    // The first user's files went over its one connection: 30 s.
    let done = u.time_to_complete.as_ref().unwrap();
    assert!((done.max - 30.0).abs() < 30.0 / 16.0, "{done:?}");
}

#[test]
fn several_connections_per_user_are_not_a_loss_system() {
    let scenario = Scenario {
        clients: ClientSpec {
            profile: "filezilla".into(),
            ..ClientSpec::default()
        },
        ..base(10, 1_000.0)
    };
    let report = Simulation::run(&scenario).unwrap();
    assert_eq!(
        report.erlang_b_not_applicable.map(|r| r.key()),
        Some("several_connections")
    );
    // Three connections per user, each counted as a client.
    assert_eq!(report.clients.clients, 3 * report.users.users);
}

#[test]
fn a_session_job_fails_when_a_client_gives_up_a_connection() {
    // curl with three parallel sessions (connections = 3) against 2 per
    // address: curl never retries, so the third session is lost.
    let scenario = Scenario {
        clients: ClientSpec {
            ips: 1,
            profile: "curl".into(),
            connections: Some(3),
            ..ClientSpec::default()
        },
        arrivals: ArrivalSpec::Explicit { times: vec![1.0] },
        server: ServerSpec {
            max_per_ip: Some(2),
            ..ServerSpec::default()
        },
        ..base(50, 100.0)
    };
    let report = Simulation::run(&scenario).unwrap();
    let u = &report.users;
    assert_eq!((u.users_completed, u.users_failed), (0, 1));
    assert_eq!(u.user_failure_probability, Some(1.0));
    assert_eq!(u.mean_retries, Some(0.0));
}

#[test]
fn retry_habits_differ_between_clients() {
    // A full server (max_clients 1, held by a first user for 500 s): what a
    // second user's client does is its profile's rule.
    let refused_by = |profile: &str| {
        let scenario = Scenario {
            duration: 400.0,
            arrivals: ArrivalSpec::Explicit {
                times: vec![0.0, 1.0],
            },
            session: SessionSpec::Constant { seconds: 500.0 },
            clients: ClientSpec {
                ips: 2,
                profile: profile.into(),
                // One connection each, to see the rule for one.
                connections: Some(1),
                ..ClientSpec::default()
            },
            ..base(1, 400.0)
        };
        Simulation::run(&scenario).unwrap().refused
    };
    // ftplib and curl: once. FileZilla: twice (one retry). ncftp: three
    // tries. wget: its 20 tries fit in 400 s (waits of 1, 2, … 10 s, then
    // 10 s: 145 s in all). lftp waits 15, 22, 33, 50, 75, 113 … s: tries
    // at 1, 16, 38, 71, 121, 196 and 309 s, the next at 479 s.
    assert_eq!(refused_by("ftplib"), 1);
    assert_eq!(refused_by("curl"), 1);
    assert_eq!(refused_by("filezilla"), 2);
    assert_eq!(refused_by("ncftp"), 3);
    assert_eq!(refused_by("wget"), 20);
    assert_eq!(refused_by("lftp"), 7);
}

#[test]
fn an_office_behind_one_address_shares_its_per_address_limit() {
    let office = |ips: u32| {
        let scenario = Scenario {
            duration: 20_000.0,
            arrivals: ArrivalSpec::Population {
                users: 40,
                think: SessionSpec::Exponential { mean: 600.0 },
            },
            session: SessionSpec::Exponential { mean: 120.0 },
            clients: ClientSpec {
                ips,
                ..ClientSpec::default()
            },
            server: ServerSpec {
                preset: Preset::PureFtpd,
                max_clients: Some(0),
                max_per_ip: Some(8),
                ..ServerSpec::default()
            },
            ..base(0, 20_000.0)
        };
        Simulation::run(&scenario).unwrap()
    };
    let nat = office(1);
    let spread = office(40);
    // 40 users, each connected a sixth of the time: about 6.7 at once on
    // average, often more than 8 behind one address.
    assert!(
        nat.users.first_attempt_blocking.unwrap() > 0.02,
        "{:?}",
        nat.users
    );
    assert!(nat.users.users_failed > 0);
    assert_eq!(spread.refused, 0);
    assert_eq!(spread.users.users_failed, 0);
}
