//! Sampled sessions come from across the whole run and from every way a
//! connection ended, deterministically for a seed, and never more than the
//! scenario asks for of each kind.

use std::collections::BTreeMap;

use ftpsim::admission::Preset;
use ftpsim::sim::report::{SampledSession, Side};
use ftpsim::sim::{Scenario, ServerSpec, SessionSpec, ShutdownSpec, Simulation};
use proptest::prelude::*;

/// An hour at 10 erlangs against 12 slots, sessions of 5 minutes on
/// average; new connections refused from minute 40, the rest ended at 45.
fn maintenance(seed: u64, quota: u32) -> Scenario {
    let mut scenario = Scenario::loss_system(
        12,
        10.0 / 300.0,
        SessionSpec::Exponential { mean: 300.0 },
        200,
        120.0,
    );
    scenario.seed = seed;
    scenario.server.shutdown = Some(ShutdownSpec {
        refuse_from: 2400.0,
        disconnect_at: 2700.0,
        message: "maintenance".into(),
    });
    scenario.report.transcripts_greeted = quota;
    scenario.report.transcripts_refused = quota;
    scenario
}

fn kinds(transcripts: &[SampledSession]) -> BTreeMap<(&'static str, &'static str), usize> {
    let mut out = BTreeMap::new();
    for t in transcripts {
        *out.entry((t.outcome, t.kind)).or_default() += 1;
    }
    out
}

#[test]
fn the_shutdown_moment_of_a_maintenance_is_sampled() {
    let mut runs_with_a_shutdown = 0;
    for seed in 1..=20 {
        let scenario = maintenance(seed, 8);
        let report = Simulation::run(&scenario).unwrap();
        if report.ended_by_shutdown == 0 {
            // Every session ended before the shutdown came.
            continue;
        }
        runs_with_a_shutdown += 1;
        let ended: Vec<&SampledSession> = report
            .transcripts
            .iter()
            .filter(|t| t.kind == "shutdown")
            .collect();
        assert!(
            !ended.is_empty(),
            "seed {seed}: {:?}",
            kinds(&report.transcripts)
        );
        for t in &ended {
            assert_eq!(t.outcome, "greeted");
            let last = t.lines.last().unwrap();
            assert_eq!(last.at, 2700.0, "seed {seed}");
            assert_eq!(last.from, Side::Server);
            assert!(last.text.starts_with("421 "), "{last:?}");
            assert!(t.closed);
        }
        // Refusals of the shutdown window too.
        let refused: Vec<&SampledSession> = report
            .transcripts
            .iter()
            .filter(|t| t.kind == "shutting_down")
            .collect();
        assert!(!refused.is_empty(), "seed {seed}");
        assert!(refused.iter().all(|t| t.at >= 2400.0));
    }
    assert!(runs_with_a_shutdown >= 15, "{runs_with_a_shutdown}");
}

#[test]
fn samples_span_the_run_in_time_order() {
    let scenario = maintenance(3, 8);
    let report = Simulation::run(&scenario).unwrap();
    let times: Vec<f64> = report.transcripts.iter().map(|t| t.at).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    // Sessions that said QUIT, from each quarter of the time before the
    // shutdown: not just the first ones.
    let quit: Vec<f64> = report
        .transcripts
        .iter()
        .filter(|t| t.kind == "quit")
        .map(|t| t.at)
        .collect();
    assert_eq!(quit.len(), 8, "{quit:?}");
    for quarter in 0..4 {
        let (from, to) = (600.0 * f64::from(quarter), 600.0 * f64::from(quarter + 1));
        assert!(
            quit.iter().any(|at| (from..to).contains(at)),
            "none in {from}..{to}: {quit:?}"
        );
    }
    // Without a shutdown, greeted samples reach the last part of the run.
    let mut open_ended = maintenance(3, 8);
    open_ended.server.shutdown = None;
    let report = Simulation::run(&open_ended).unwrap();
    let last = report
        .transcripts
        .iter()
        .filter(|t| t.outcome == "greeted")
        .map(|t| t.at)
        .fold(0.0, f64::max);
    assert!(last > 0.75 * open_ended.duration, "{last}");
}

#[test]
fn every_way_a_connection_ends_is_covered() {
    // ProFTPD checks its login limit after PASS; some clients vanish and
    // are ended by the idle timeout; a shutdown comes at the end.
    let mut scenario = Scenario::loss_system(
        10,
        0.5,
        SessionSpec::Exponential { mean: 20.0 },
        50,
        3_000.0,
    );
    scenario.seed = 5;
    scenario.server = ServerSpec {
        preset: Preset::Proftpd,
        max_clients: None,
        max_logged_in: Some(10),
        idle_timeout: Some(60.0),
        shutdown: Some(ShutdownSpec {
            refuse_from: 5_800.0,
            disconnect_at: 5_810.0,
            message: "maintenance".into(),
        }),
        ..ServerSpec::default()
    };
    scenario.clients.ghost_fraction = 0.2;
    scenario.report.transcripts_greeted = 3;
    scenario.report.transcripts_refused = 3;
    let report = Simulation::run(&scenario).unwrap();
    let seen = kinds(&report.transcripts);
    for kind in [
        ("greeted", "quit"),
        ("greeted", "idle_timeout"),
        ("greeted", "shutdown"),
        ("refused", "too_many_logged_in"),
        ("refused", "shutting_down"),
    ] {
        assert!(seen.contains_key(&kind), "{kind:?} missing from {seen:?}");
    }
    let idle = report
        .transcripts
        .iter()
        .find(|t| t.kind == "idle_timeout")
        .unwrap();
    assert!(idle.lines.last().unwrap().text.starts_with("421 "));
    let login = report
        .transcripts
        .iter()
        .find(|t| t.kind == "too_many_logged_in")
        .unwrap();
    assert!(login.lines.iter().any(|l| l.text.starts_with("PASS ")));
    assert!(login.lines.last().unwrap().text.starts_with("530 "));
}

#[test]
fn sampling_leaves_the_run_untouched() {
    let without = Simulation::run(&maintenance(9, 0)).unwrap();
    let with = Simulation::run(&maintenance(9, 8)).unwrap();
    assert!(without.transcripts.is_empty());
    assert!(!with.transcripts.is_empty());
    assert_eq!(
        (without.attempts, without.greeted, without.refused),
        (with.attempts, with.greeted, with.refused)
    );
    assert_eq!(without.timeline, with.timeline);
    assert_eq!(without.ended_by_shutdown, with.ended_by_shutdown);
}

#[test]
fn a_kind_met_less_often_than_its_quota_is_recorded_every_time() {
    let mut scenario = maintenance(4, 32);
    scenario.duration = 600.0;
    scenario.server.shutdown = None;
    scenario.server.max_clients = Some(2);
    let report = Simulation::run(&scenario).unwrap();
    assert!(report.refused > 0 && report.greeted + report.refused <= 32);
    let refused = report
        .transcripts
        .iter()
        .filter(|t| t.outcome == "refused")
        .count() as u64;
    assert_eq!(refused, report.refused);
    let greeted = report
        .transcripts
        .iter()
        .filter(|t| t.outcome == "greeted")
        .count() as u64;
    assert_eq!(greeted, report.greeted);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The same seed samples the same connections; each kind keeps at most
    /// its quota; a sampled connection is one of the run's attempts.
    #[test]
    fn deterministic_and_bounded(seed in 0u64..1_000, quota in 1u32..6) {
        let scenario = maintenance(seed, quota);
        let first = Simulation::run(&scenario).unwrap();
        let again = Simulation::run(&scenario).unwrap();
        prop_assert_eq!(&first.transcripts, &again.transcripts);
        for ((outcome, kind), n) in kinds(&first.transcripts) {
            prop_assert!(n <= quota as usize, "{} {} {}", outcome, kind, n);
        }
        let mut attempts: Vec<u64> = first.transcripts.iter().map(|t| t.attempt).collect();
        attempts.sort_unstable();
        attempts.dedup();
        prop_assert_eq!(attempts.len(), first.transcripts.len());
        prop_assert!(attempts.iter().all(|&a| a >= 1 && a <= first.attempts));
    }
}

#[test]
fn another_seed_samples_other_connections() {
    let a = Simulation::run(&maintenance(1, 4)).unwrap();
    let b = Simulation::run(&maintenance(2, 4)).unwrap();
    let attempts =
        |r: &ftpsim::sim::Report| r.transcripts.iter().map(|t| t.attempt).collect::<Vec<_>>();
    assert_ne!(attempts(&a), attempts(&b));
}
