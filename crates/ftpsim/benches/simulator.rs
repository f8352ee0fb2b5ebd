//! Simulator speed in arrivals per second, next to the floor: a bare loop
//! that draws the same exponential numbers (same generator, same `libm`
//! logarithm) and keeps a binary heap of departures, with no gate, no
//! statistics and no report.
//!
//! `cargo bench -p ftpsim --bench simulator`

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ftpsim::sim::{
    ArrivalSpec, ClientSpec, Jitter, JobSpec, RetrySpec, Rng, Scenario, ServerSpec, SessionSpec,
    Simulation,
};

/// Arrivals per measured run: enough that set-up is noise, few enough that
/// a sample takes a fraction of a second.
const ARRIVALS: f64 = 200_000.0;

fn loss_system(servers: u32, load: f64, ips: u32) -> Scenario {
    Scenario::loss_system(
        servers,
        load,
        SessionSpec::Exponential { mean: 1.0 },
        ips,
        ARRIVALS,
    )
}

fn retry_heavy() -> Scenario {
    let mut scenario = loss_system(10, 12.0, 1000);
    scenario.retry = RetrySpec::Backoff {
        base: 0.2,
        max: 5.0,
        max_attempts: 8,
        jitter: Jitter::Full,
    };
    scenario
}

/// Users with a job: `lftp mirror --parallel=5` moving 20 files of half a
/// second each, against 3 connections per address and 60 in all, from 100
/// addresses; refused connections retry by lftp's rule while the job goes
/// on over the others.
fn users_and_jobs() -> Scenario {
    let files = 20.0;
    let seconds_per_file = 0.5;
    // About 12 users busy at once: enough to fill the limits.
    let rate = 12.0 / (files * seconds_per_file / 3.0);
    Scenario {
        duration: 200_000.0 / rate / 5.0,
        server: ServerSpec {
            max_clients: Some(60),
            max_per_ip: Some(3),
            ..ServerSpec::default()
        },
        clients: ClientSpec {
            ips: 100,
            profile: "lftp".into(),
            connections: Some(5),
            ..ClientSpec::default()
        },
        arrivals: ArrivalSpec::Poisson { rate },
        job: JobSpec::Transfer {
            files: files as u32,
            size: seconds_per_file * 1000.0,
            bandwidth: 1000.0,
        },
        ..loss_system(60, 1.0, 100)
    }
}

/// The floor: M/M/c/c with nothing but the draws and the heap. Returns the
/// number of refusals so that nothing is optimised away.
fn bare_loop(servers: usize, load: f64, arrivals: u64, seed: u64) -> u64 {
    let mut rng = Rng::seed_from_u64(seed);
    let mean_gap = 1e9 / load;
    let mean_session = 1e9;
    let mut departures: BinaryHeap<Reverse<u64>> = BinaryHeap::with_capacity(servers);
    let mut now = 0u64;
    let mut refused = 0;
    for _ in 0..arrivals {
        now += (-mean_gap * libm::log(rng.open01()) + 0.5) as u64;
        while departures.peek().is_some_and(|d| d.0 <= now) {
            departures.pop();
        }
        if departures.len() < servers {
            let length = (-mean_session * libm::log(rng.open01()) + 0.5) as u64;
            departures.push(Reverse(now + length));
        } else {
            refused += 1;
        }
    }
    refused
}

fn simulate(scenario: &Scenario) -> u64 {
    let mut simulation = Simulation::new(scenario).expect("valid scenario");
    while !simulation.step(u64::MAX) {}
    simulation.report().attempts
}

fn bench_loss_systems(c: &mut Criterion) {
    let mut group = c.benchmark_group("loss_system");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.warm_up_time(Duration::from_secs(1));
    for (servers, load) in [(10u32, 10.0), (200, 200.0)] {
        for ips in [1u32, 1000] {
            let scenario = loss_system(servers, load, ips);
            let attempts = simulate(&scenario);
            group.throughput(Throughput::Elements(attempts));
            group.bench_with_input(
                BenchmarkId::new(
                    format!("simulator_M/M/{servers}/{servers}_ips{ips}"),
                    attempts,
                ),
                &scenario,
                |b, scenario| b.iter(|| black_box(simulate(scenario))),
            );
        }
        let arrivals = ARRIVALS as u64;
        group.throughput(Throughput::Elements(arrivals));
        group.bench_with_input(
            BenchmarkId::new(format!("bare_loop_M/M/{servers}/{servers}"), arrivals),
            &(servers as usize, load),
            |b, &(servers, load)| b.iter(|| black_box(bare_loop(servers, load, arrivals, 1))),
        );
    }
    group.finish();
}

fn bench_retry_heavy(c: &mut Criterion) {
    let mut group = c.benchmark_group("retry_heavy");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.warm_up_time(Duration::from_secs(1));
    let scenario = retry_heavy();
    let attempts = simulate(&scenario);
    group.throughput(Throughput::Elements(attempts));
    group.bench_with_input(
        BenchmarkId::new("simulator_backoff_E12_c10", attempts),
        &scenario,
        |b, scenario| b.iter(|| black_box(simulate(scenario))),
    );
    group.finish();
}

fn bench_users_and_jobs(c: &mut Criterion) {
    let mut group = c.benchmark_group("users_and_jobs");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.warm_up_time(Duration::from_secs(1));
    let scenario = users_and_jobs();
    let attempts = simulate(&scenario);
    group.throughput(Throughput::Elements(attempts));
    group.bench_with_input(
        BenchmarkId::new("simulator_lftp_parallel5_transfers", attempts),
        &scenario,
        |b, scenario| b.iter(|| black_box(simulate(scenario))),
    );
    group.finish();
}

criterion_group!(
    benches,
    bench_loss_systems,
    bench_retry_heavy,
    bench_users_and_jobs
);
criterion_main!(benches);
