//! The simulator against theory (Erlang B), against itself (determinism),
//! and against the gate's limits (property tests).

use ftpsim::admission::Preset;
use ftpsim::sim::{
    ArrivalSpec, ClientSpec, Jitter, JobSpec, RateSegment, RateSpec, ReportSpec, RetrySpec,
    Scenario, ServerSpec, SessionSpec, ShutdownSpec, Simulation, Spread, client_ip,
};
use proptest::prelude::*;

/// An M/G/c/c loss system: Poisson arrivals at `load` per second, sessions
/// of mean 1 s, `servers` slots, about `arrivals` arrivals in all.
fn loss_system(
    load: f64,
    servers: u32,
    session: SessionSpec,
    arrivals: f64,
    seed: u64,
) -> Scenario {
    Scenario {
        seed,
        ..Scenario::loss_system(servers, load, session, 1000, arrivals)
    }
}

/// Simulated blocking agrees with Erlang B for several loads and limits,
/// with exponential and with log-normal sessions of the same mean (Erlang B
/// is insensitive to the distribution). About 300,000 arrivals per case;
/// the prediction must lie within 2.5 half-widths of the simulated value's
/// own 95% batch-means interval (about 5 standard errors: a fixed seed
/// cannot fail by chance later, and a bias of that size would show), and
/// the two must differ by less than 0.005 in absolute terms.
#[test]
fn blocking_agrees_with_erlang_b() {
    let cases = [(5.0, 5), (10.0, 10), (20.0, 15), (50.0, 60)];
    let sessions = [
        ("exponential", SessionSpec::Exponential { mean: 1.0 }),
        (
            "lognormal cv=2",
            SessionSpec::LogNormal {
                mean: 1.0,
                sigma: None,
                cv: Some(2.0),
            },
        ),
    ];
    let mut failures = Vec::new();
    for (load, servers) in cases {
        for (name, session) in &sessions {
            let scenario = loss_system(load, servers, session.clone(), 300_000.0, 7);
            let report = Simulation::run(&scenario).unwrap();
            let predicted = report.erlang_b.expect("a loss system gets a prediction");
            assert_eq!(report.erlang_b_servers, Some(servers));
            let interval = report.blocking_confidence_interval.clone().unwrap();
            let half = (interval.high - interval.low) / 2.0;
            let deviation = report.blocking_probability - predicted;
            let relative = deviation / predicted;
            println!(
                "E={load:>4} c={servers:>3} {name:<15} simulated {:.5} [{:.5}, {:.5}] Erlang B {predicted:.5} deviation {:+.5} ({:+.2}%)",
                report.blocking_probability,
                interval.low,
                interval.high,
                deviation,
                relative * 100.0
            );
            if deviation.abs() > 2.5 * half || deviation.abs() > 0.005 {
                failures.push((load, servers, *name, report.blocking_probability, predicted));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn pareto_sessions_also_follow_erlang_b() {
    // A heavy tail (shape 2.5: finite mean, finite variance) converges more
    // slowly; a longer run and a wider tolerance.
    let session = SessionSpec::Pareto {
        mean: 1.0,
        shape: 2.5,
    };
    let report = Simulation::run(&loss_system(10.0, 10, session, 600_000.0, 3)).unwrap();
    let predicted = report.erlang_b.unwrap();
    let relative = (report.blocking_probability - predicted) / predicted;
    assert!(
        relative.abs() < 0.05,
        "{} vs {predicted}",
        report.blocking_probability
    );
}

#[test]
fn the_same_seed_gives_the_same_report_and_another_seed_does_not() {
    let scenario = rich_scenario(42);
    let a = Simulation::run(&scenario).unwrap();
    let b = Simulation::run(&scenario).unwrap();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let c = Simulation::run(&rich_scenario(43)).unwrap();
    assert_ne!(a.attempts, 0);
    assert_ne!(format!("{a:?}"), format!("{c:?}"));
}

/// Steps of any size give the same report as one run.
#[test]
fn running_in_slices_changes_nothing() {
    let scenario = rich_scenario(5);
    let whole = Simulation::run(&scenario).unwrap();
    let mut sliced = Simulation::new(&scenario).unwrap();
    let mut slices = 0;
    while !sliced.step(37) {
        slices += 1;
    }
    assert!(slices > 10);
    assert_eq!(format!("{whole:?}"), format!("{:?}", sliced.report()));

    let mut by_time = Simulation::new(&scenario).unwrap();
    let end = by_time.end().as_nanos();
    let mut t = 0;
    while !by_time.is_finished() {
        t += end / 7;
        by_time.run_until(ftpsim::time::Instant::from_nanos(t));
        assert!(by_time.now().as_nanos() <= t.min(end));
        assert!(by_time.progress() <= 1.0);
    }
    assert_eq!(format!("{whole:?}"), format!("{:?}", by_time.report()));

    let mut to_the_end = Simulation::new(&scenario).unwrap();
    let end = to_the_end.end();
    assert!(to_the_end.run_until(end));
    assert_eq!(format!("{whole:?}"), format!("{:?}", to_the_end.report()));
}

#[test]
fn memory_follows_concurrency_not_duration() {
    for duration in [1_000.0, 200_000.0] {
        let mut scenario = loss_system(20.0, 15, SessionSpec::Exponential { mean: 1.0 }, 1.0, 1);
        scenario.duration = duration;
        scenario.report.timeline_buckets = 24;
        let mut simulation = Simulation::new(&scenario).unwrap();
        while !simulation.step(1_000) {
            // One departure per live session; nothing else waits.
            assert!(simulation.pending_events() <= 15);
        }
        let report = simulation.report();
        assert_eq!(report.timeline.buckets.len(), 24);
        assert!(report.peak_concurrency <= 15);
    }
}

#[test]
fn a_partial_report_covers_the_time_run_so_far() {
    let scenario = loss_system(
        10.0,
        10,
        SessionSpec::Exponential { mean: 1.0 },
        20_000.0,
        9,
    );
    let mut simulation = Simulation::new(&scenario).unwrap();
    simulation.run_until(ftpsim::time::Instant::from_secs_f64(
        scenario.duration / 2.0,
    ));
    let half = simulation.report();
    assert!(!half.finished);
    assert!((half.simulated_seconds - scenario.duration / 2.0).abs() < 1e-6);
    assert!(half.timeline.buckets.len() <= 31);
    assert!(half.blocking_confidence_interval.is_none());
    assert_eq!(half.attempts, half.greeted + half.refused);
    while !simulation.step(u64::MAX) {}
    let full = simulation.report();
    assert!(full.finished && full.attempts > half.attempts);
    assert_eq!(full.timeline.buckets.len(), 60);
}

#[test]
fn retries_turn_refusals_into_later_greetings() {
    let mut scenario = loss_system(
        12.0,
        10,
        SessionSpec::Exponential { mean: 1.0 },
        50_000.0,
        2,
    );
    let none = Simulation::run(&scenario).unwrap();
    scenario.retry = RetrySpec::Backoff {
        base: 0.5,
        max: 8.0,
        max_attempts: 6,
        jitter: Jitter::Full,
    };
    let retried = Simulation::run(&scenario).unwrap();
    assert_eq!(
        retried.erlang_b, None,
        "retries make it no longer a loss system"
    );
    assert!(retried.attempts > none.attempts);
    let served_share = |r: &ftpsim::sim::Report| r.clients.served as f64 / r.clients.clients as f64;
    assert!(served_share(&retried) > served_share(&none) + 0.1);
    assert!(retried.clients.max_attempts <= 6);
    let wait = retried.clients.time_to_first_220.clone().unwrap();
    assert!(wait.max > 0.0 && wait.p99 <= wait.max);
    assert_eq!(none.clients.max_attempts, 1);
}

#[test]
fn proftpd_refuses_with_530_after_pass_or_closes_silently() {
    let mut scenario = loss_system(10.0, 8, SessionSpec::Exponential { mean: 1.0 }, 20_000.0, 4);
    scenario.server = ServerSpec {
        preset: Preset::Proftpd,
        max_clients: None,
        max_logged_in: Some(8),
        // Without ProFTPD's accept pause, which makes arrivals wait.
        accept_pause: Some(0.0),
        ..ServerSpec::default()
    };
    scenario.report.transcripts_refused = 1;
    let report = Simulation::run(&scenario).unwrap();
    assert_eq!(report.refused, report.refused_after_greeting);
    assert_eq!(report.refused_by_code.len(), 1);
    assert_eq!(report.refused_by_code[0].code, "530");
    // Logins at the greeting: still a loss system with c = 8.
    assert_eq!(report.erlang_b_servers, Some(8));
    let relative =
        (report.blocking_probability - report.erlang_b.unwrap()) / report.erlang_b.unwrap();
    assert!(relative.abs() < 0.06, "{relative}");

    scenario.server.max_logged_in = None;
    scenario.server.max_clients = Some(8);
    let silent = Simulation::run(&scenario).unwrap();
    assert_eq!(silent.refused_by_code[0].code, "silent_close");
    assert_eq!(silent.refused_after_greeting, 0);
}

/// ProFTPD's daemon accepts nothing for 0.41 s after a session ends: a
/// connection that comes in that time waits for its greeting, and holds
/// its slot from then, which can turn away the next one.
#[test]
fn an_accept_pause_delays_the_next_greeting() {
    let scenario = |pause: Option<f64>| Scenario {
        duration: 5.0,
        server: ServerSpec {
            preset: Preset::Proftpd,
            max_clients: Some(1),
            accept_pause: pause,
            ..ServerSpec::default()
        },
        arrivals: ArrivalSpec::Explicit {
            times: vec![0.0, 0.6, 1.2, 3.0],
        },
        session: SessionSpec::Constant { seconds: 0.5 },
        ..loss_system(1.0, 1, SessionSpec::Constant { seconds: 0.5 }, 4.0, 1)
    };
    // Without a pause every session is over before the next arrival.
    let plain = Simulation::run(&scenario(Some(0.0))).unwrap();
    assert_eq!((plain.greeted, plain.refused), (4, 0));
    assert_eq!(plain.clients.time_to_first_220.unwrap().max, 0.0);
    // The first session ends at 0.5 s: the one that came at 0.6 s is
    // greeted at 0.91 s and holds its slot until 1.41 s, so the arrival at
    // 1.2 s is refused; by 3 s the server is accepting again.
    let paused = Simulation::run(&scenario(None)).unwrap();
    assert_eq!((paused.greeted, paused.refused), (3, 1));
    assert_eq!(paused.refused_by_code[0].code, "silent_close");
    let wait = paused.clients.time_to_first_220.unwrap();
    assert!((wait.max - 0.31).abs() < 1e-6, "{wait:?}");
    // Arrivals that wait are not decided as they come: no Erlang B, even
    // for Poisson arrivals against one limit.
    let mut poisson = loss_system(4.0, 4, SessionSpec::Exponential { mean: 1.0 }, 200.0, 1);
    poisson.server.preset = Preset::Proftpd;
    let poisson = Simulation::run(&poisson).unwrap();
    assert_eq!(
        poisson.erlang_b_not_applicable.map(|r| r.key()),
        Some("accept_pause")
    );
    // A pause of another length, as a scenario may set it (a drive played
    // ten times faster stands for ProFTPD's 0.41 s with 4.1 s).
    // 0.6 s and 1.2 s both wait until 2.5 s: the first is greeted, the
    // second refused; the session ending at 3.0 s pauses the server again,
    // and the arrival of that instant waits past the end of the run.
    let long = Simulation::run(&scenario(Some(2.0))).unwrap();
    assert_eq!((long.greeted, long.refused), (2, 1));
    assert_eq!(long.clients.time_to_first_220.unwrap().max, 1.9);
}

#[test]
fn a_shutdown_ends_sessions_and_refuses_newcomers() {
    let mut scenario = loss_system(5.0, 50, SessionSpec::Constant { seconds: 30.0 }, 5_000.0, 8);
    scenario.server.preset = Preset::Proftpd;
    scenario.server.shutdown = Some(ShutdownSpec {
        refuse_from: 600.0,
        disconnect_at: 610.0,
        message: "maintenance".into(),
    });
    scenario.report.transcripts_greeted = 32;
    let report = Simulation::run(&scenario).unwrap();
    assert!(report.ended_by_shutdown > 0);
    assert_eq!(report.final_concurrency, 0);
    assert_eq!(report.erlang_b, None);
    let shutting = report
        .refused_by_reason
        .iter()
        .find(|r| r.reason == "shutting_down")
        .unwrap();
    assert_eq!(shutting.code, Some(500));
    let last = report.timeline.buckets.last().unwrap();
    assert_eq!((last.concurrency_max, last.greeted), (0, 0));
}

#[test]
fn a_greedy_address_hits_the_per_ip_limit() {
    let mut scenario = loss_system(
        4.0,
        100,
        SessionSpec::Exponential { mean: 2.0 },
        20_000.0,
        6,
    );
    scenario.server.preset = Preset::Vsftpd;
    scenario.server.max_per_ip = Some(2);
    scenario.clients = ClientSpec {
        ips: 200,
        spread: Spread::Greedy { fraction: 0.5 },
        login_after: 0.0,
        ..ClientSpec::default()
    };
    scenario.report.transcripts_refused = 1;
    let report = Simulation::run(&scenario).unwrap();
    assert_eq!(report.erlang_b, None, "the per-IP limit binds");
    let per_ip = report
        .refused_by_reason
        .iter()
        .find(|r| r.reason == "too_many_from_address")
        .unwrap();
    assert!(per_ip.count as f64 > 0.2 * report.attempts as f64);
    let transcript = &report
        .transcripts
        .iter()
        .find(|t| t.outcome == "refused")
        .unwrap();
    assert_eq!(transcript.client_ip, client_ip(0).to_string());
    assert_eq!(
        transcript.lines[0].text,
        "421 There are too many connections from your internet address.\r\n"
    );
}

#[test]
fn a_rush_shows_up_in_the_timeline() {
    let scenario = Scenario {
        duration: 3.0 * 3600.0,
        arrivals: ArrivalSpec::Piecewise {
            segments: vec![
                RateSegment {
                    from: 0.0,
                    rate: 0.02,
                },
                RateSegment {
                    from: 3600.0,
                    rate: 0.5,
                },
                RateSegment {
                    from: 7200.0,
                    rate: 0.02,
                },
            ],
        },
        report: ReportSpec {
            timeline_buckets: 3,
            ..ReportSpec::default()
        },
        ..Scenario::default()
    };
    let report = Simulation::run(&scenario).unwrap();
    let buckets = &report.timeline.buckets;
    assert_eq!(buckets.len(), 3);
    assert!(buckets[1].refused > 10 * (buckets[0].refused + 1));
    assert_eq!(buckets[1].concurrency_max, 10);
    assert!(buckets[1].concurrency_mean > 3.0 * buckets[0].concurrency_mean);
    assert_eq!(report.erlang_b, None);
}

#[test]
fn warmup_delays_the_greeting() {
    // Fewer sessions than transcripts asked for: every one is kept, among
    // them those of the warm-up.
    let mut scenario = loss_system(0.3, 10, SessionSpec::Exponential { mean: 1.0 }, 27.0, 1);
    scenario.server.warmup = Some(60.0);
    scenario.report.transcripts_greeted = 32;
    let report = Simulation::run(&scenario).unwrap();
    assert!(report.greeted < 32);
    let transcript = report
        .transcripts
        .iter()
        .find(|t| t.outcome == "greeted")
        .unwrap();
    assert!(transcript.lines[0].text.starts_with("120 "));
    assert!(transcript.lines[1].text.starts_with("220 "));
    assert_eq!(transcript.lines[1].at, 60.0);
    let wait = report.clients.time_to_first_220.unwrap();
    assert!(wait.max > 50.0 && wait.max <= 60.0);
}

fn rich_scenario(seed: u64) -> Scenario {
    Scenario {
        name: Some("rich".into()),
        duration: 2_000.0,
        seed,
        server: ServerSpec {
            preset: Preset::PureFtpd,
            max_clients: Some(12),
            max_per_ip: Some(3),
            rate: Some(RateSpec {
                max: 5,
                window: 30.0,
            }),
            ..ServerSpec::default()
        },
        clients: ClientSpec {
            ips: 40,
            spread: Spread::Zipf { exponent: 1.1 },
            login_after: 0.0,
            ..ClientSpec::default()
        },
        arrivals: ArrivalSpec::Poisson { rate: 0.5 },
        session: SessionSpec::LogNormal {
            mean: 30.0,
            sigma: Some(1.0),
            cv: None,
        },
        retry: RetrySpec::Backoff {
            base: 1.0,
            max: 30.0,
            max_attempts: 5,
            jitter: Jitter::Equal,
        },
        report: ReportSpec {
            timeline_buckets: 20,
            transcripts_greeted: 2,
            transcripts_refused: 2,
        },
        ..Scenario::default()
    }
}

fn arbitrary_scenario() -> impl Strategy<Value = Scenario> {
    let preset = prop::sample::select(Preset::ALL.to_vec());
    let retry = prop_oneof![
        Just(RetrySpec::None),
        (0.1f64..5.0, prop::option::of(1u32..6)).prop_map(|(delay, max_attempts)| {
            RetrySpec::Fixed {
                delay,
                max_attempts,
            }
        }),
        (0.1f64..2.0, 1u32..5).prop_map(|(base, max_attempts)| RetrySpec::Backoff {
            base,
            max: base * 8.0,
            max_attempts,
            jitter: Jitter::Full,
        }),
    ];
    let session = prop_oneof![
        (0.5f64..20.0).prop_map(|mean| SessionSpec::Exponential { mean }),
        (0.0f64..20.0).prop_map(|seconds| SessionSpec::Constant { seconds }),
        (0.5f64..20.0, 1.1f64..3.0).prop_map(|(mean, shape)| SessionSpec::Pareto { mean, shape }),
    ];
    (
        (preset, prop::option::of(1u32..6), prop::option::of(1u32..4)),
        (
            prop::option::of(1u32..6),
            prop::option::of((1u32..4, 1.0f64..20.0)),
        ),
        prop::option::of((0.0f64..50.0, 0.0f64..30.0)),
        (1u32..6, 0.0f64..2.0, prop::option::of(0.0f64..20.0)),
        (0.05f64..3.0, session, retry, any::<u64>()),
        users(),
    )
        .prop_map(
            |(
                (preset, max_clients, max_per_ip),
                (max_logged_in, rate),
                shutdown,
                (ips, login_after, warmup),
                (rate_per_second, session, retry, seed),
                users,
            )| {
                let scenario = Scenario {
                    duration: 120.0,
                    seed,
                    server: ServerSpec {
                        preset,
                        max_clients,
                        max_per_ip,
                        max_logged_in,
                        rate: rate.map(|(max, window)| RateSpec { max, window }),
                        shutdown: shutdown.map(|(from, after)| ShutdownSpec {
                            refuse_from: from,
                            disconnect_at: from + after,
                            message: "bye".into(),
                        }),
                        warmup,
                        ..ServerSpec::default()
                    },
                    clients: ClientSpec {
                        ips,
                        spread: Spread::Zipf { exponent: 1.0 },
                        login_after,
                        ..ClientSpec::default()
                    },
                    arrivals: ArrivalSpec::Poisson {
                        rate: rate_per_second,
                    },
                    session,
                    retry,
                    report: ReportSpec {
                        timeline_buckets: 7,
                        transcripts_greeted: 1,
                        transcripts_refused: 1,
                    },
                    ..Scenario::default()
                };
                users.apply(scenario)
            },
        )
}

/// Who the users are: plain, or with a profile, several connections, a
/// transfer job, ghosts, a closed population.
#[derive(Clone, Debug)]
struct Users {
    profile: Option<&'static str>,
    connections: Option<u32>,
    ghost_fraction: f64,
    job: JobSpec,
    population: Option<(u32, f64)>,
}

impl Users {
    fn apply(self, mut scenario: Scenario) -> Scenario {
        if let Some(profile) = self.profile {
            scenario.clients.profile = profile.into();
            scenario.retry = RetrySpec::None;
        }
        scenario.clients.connections = self.connections;
        scenario.clients.ghost_fraction = self.ghost_fraction;
        scenario.job = self.job;
        if let Some((users, think)) = self.population {
            scenario.arrivals = ArrivalSpec::Population {
                users,
                think: SessionSpec::Exponential { mean: think },
            };
        }
        // Ghosts are held for the idle timeout: keep it inside the run.
        scenario.server.idle_timeout = Some(30.0);
        scenario
    }
}

fn users() -> impl Strategy<Value = Users> {
    let keys: Vec<&'static str> = ftpsim::clients::ALL.iter().map(|c| c.key).collect();
    (
        prop::option::of(prop::sample::select(keys)),
        prop::option::of(1u32..5),
        prop_oneof![Just(0.0), 0.0f64..0.5],
        prop_oneof![
            Just(JobSpec::Session),
            (1u32..6, 1.0f64..5.0).prop_map(|(files, seconds)| JobSpec::Transfer {
                files,
                size: seconds * 1000.0,
                bandwidth: 1000.0,
            }),
        ],
        prop::option::of((1u32..30, 1.0f64..30.0)),
    )
        .prop_map(
            |(profile, connections, ghost_fraction, job, population)| Users {
                profile,
                connections,
                ghost_fraction,
                job,
                population,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Event by event, the gate never holds more than its limits allow and
    /// the engine's count of connections matches the gate's; at the end
    /// every count adds up.
    #[test]
    fn counts_stay_within_limits_and_add_up(scenario in arbitrary_scenario()) {
        let limits = scenario.limits();
        let mut simulation = Simulation::new(&scenario).unwrap();
        let ips = scenario.clients.ips;
        let mut steps = 0u32;
        while !simulation.step(1) {
            steps += 1;
            prop_assert!(steps < 1_000_000);
            let gate = simulation.gate();
            prop_assert_eq!(gate.active(), simulation.concurrency());
            if let Some(max) = limits.max_clients {
                prop_assert!(gate.active() <= max);
            }
            if let Some(max) = limits.max_logged_in {
                prop_assert!(gate.logged_in() <= max);
            }
            if let Some(max) = limits.max_per_ip {
                for i in 0..ips {
                    prop_assert!(gate.active_from(client_ip(i)) <= max);
                }
            }
        }
        let r = simulation.report();
        prop_assert!(r.finished);
        prop_assert_eq!(r.greeted + r.refused + r.awaiting_login, r.attempts);
        prop_assert_eq!(r.refused_by_reason.iter().map(|c| c.count).sum::<u64>(), r.refused);
        prop_assert_eq!(r.refused_by_code.iter().map(|c| c.count).sum::<u64>(), r.refused);
        prop_assert!(r.refused_after_greeting <= r.refused);
        let c = &r.clients;
        prop_assert_eq!(c.served + c.gave_up + c.still_trying, c.clients);
        let u = &r.users;
        prop_assert_eq!(u.users_completed + u.users_failed + u.users_active, u.users);
        prop_assert!(u.users <= c.clients);
        prop_assert!(u.first_attempt_blocking.is_none_or(|b| (0.0..=1.0).contains(&b)));
        prop_assert!(u.user_failure_probability.is_none_or(|p| (0.0..=1.0).contains(&p)));
        prop_assert!(c.served <= r.greeted && c.served_first_try <= c.served);
        prop_assert_eq!(
            c.attempts_histogram.iter().map(|h| h.clients).sum::<u64>(),
            c.served + c.gave_up
        );
        prop_assert_eq!(r.timeline.buckets.len(), 7);
        prop_assert_eq!(r.timeline.buckets.iter().map(|b| b.greeted).sum::<u64>(), r.greeted);
        prop_assert_eq!(r.timeline.buckets.iter().map(|b| b.refused).sum::<u64>(), r.refused);
        for b in &r.timeline.buckets {
            prop_assert!(b.concurrency_min <= b.concurrency_max);
            prop_assert!(b.concurrency_max <= r.peak_concurrency);
            prop_assert!(b.concurrency_mean >= f64::from(b.concurrency_min) - 1e-9);
            prop_assert!(b.concurrency_mean <= f64::from(b.concurrency_max) + 1e-9);
        }
        if let Some(max) = limits.max_clients {
            prop_assert!(r.peak_concurrency <= max);
        }
        prop_assert!((0.0..=1.0).contains(&r.blocking_probability));
        prop_assert_eq!(r.final_concurrency, simulation.gate().active());
    }
}

#[test]
fn transcripts_come_from_the_session_both_ways() {
    let mut scenario = loss_system(20.0, 8, SessionSpec::Exponential { mean: 1.0 }, 2_000.0, 4);
    scenario.server = ServerSpec {
        preset: Preset::Proftpd,
        max_clients: None,
        max_logged_in: Some(8),
        ..ServerSpec::default()
    };
    scenario.report.transcripts_greeted = 32;
    let report = Simulation::run(&scenario).unwrap();
    let texts = |t: &ftpsim::sim::report::SampledSession| -> Vec<String> {
        t.lines
            .iter()
            .map(|l| {
                let who = match l.from {
                    ftpsim::sim::report::Side::Client => "C",
                    ftpsim::sim::report::Side::Server => "S",
                };
                format!("{who}: {}", l.text.trim_end())
            })
            .collect()
    };
    let served = report
        .transcripts
        .iter()
        .find(|t| t.outcome == "greeted")
        .unwrap();
    let served_lines = texts(served);
    assert_eq!(served_lines[1], "C: USER anonymous");
    assert!(served_lines[4].starts_with("S: 230 "), "{served_lines:?}");
    assert_eq!(served_lines[served_lines.len() - 2], "C: QUIT");
    assert_eq!(served_lines[served_lines.len() - 1], "S: 221 Goodbye.");
    assert!(served.closed);
    // 32 greetings at 20 erlangs against 8 login slots: some of them are
    // refused after PASS, with ProFTPD's MaxClients text.
    let refused = report
        .transcripts
        .iter()
        .find(|t| t.outcome == "refused")
        .expect("a login refusal among the recorded sessions");
    let last = texts(refused).pop().unwrap();
    assert_eq!(
        last,
        "S: 530 Sorry, the maximum number of allowed clients (8) are already connected."
    );
    // The recorded sessions released their slots like the others.
    assert_eq!(report.final_concurrency as usize, {
        let mut simulation = Simulation::new(&scenario).unwrap();
        while !simulation.step(u64::MAX) {}
        simulation.gate().active() as usize
    });
}

#[test]
fn a_shutdown_reaches_recorded_sessions() {
    let mut scenario = loss_system(2.0, 50, SessionSpec::Constant { seconds: 100.0 }, 400.0, 3);
    scenario.server.preset = Preset::Vsftpd;
    scenario.server.shutdown = Some(ShutdownSpec {
        refuse_from: 50.0,
        disconnect_at: 60.0,
        message: "maintenance".into(),
    });
    scenario.report.transcripts_greeted = 1;
    let report = Simulation::run(&scenario).unwrap();
    let transcript = &report.transcripts[0];
    let last = transcript.lines.last().unwrap();
    assert_eq!(last.at, 60.0);
    assert!(last.text.starts_with("421 "), "{last:?}");
    assert!(transcript.closed);
}

#[test]
fn a_login_delay_is_not_a_wait_for_the_greeting() {
    let mut scenario = loss_system(10.0, 8, SessionSpec::Exponential { mean: 1.0 }, 5_000.0, 12);
    scenario.server = ServerSpec {
        preset: Preset::Proftpd,
        max_logged_in: Some(8),
        accept_pause: Some(0.0),
        ..ServerSpec::default()
    };
    scenario.clients.login_after = 2.0;
    let report = Simulation::run(&scenario).unwrap();
    assert_eq!(report.erlang_b, None, "the login limit is checked later");
    assert!(report.refused_after_greeting > 0);
    assert_eq!(report.refused, report.refused_after_greeting);
    // Every client got its 220 at once; the 530 came at PASS.
    assert_eq!(report.clients.time_to_first_220.unwrap().max, 0.0);
    // Connections are held from the greeting, logins from PASS: more
    // connections than login slots are open at the peak.
    assert!(report.peak_concurrency > 8);
}
