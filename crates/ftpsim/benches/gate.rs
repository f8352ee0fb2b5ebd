//! Gate decisions per second: one `on_connect` and, for each connection
//! welcomed, its `on_disconnect`, under each kind of limit.
//!
//! A deterministic stream of arrivals from `ips` addresses; each welcomed
//! connection is held until [`HELD`] more are open, then released, so the
//! limits are reached and both answers (welcome, refuse) are exercised.
//! `_untracked` gates are built with [`AddressTracking::WhenLimited`], as
//! the simulator builds its gate.
//! One element is one `on_connect` (and the `on_disconnect` of the
//! connection it welcomed, if any).
//!
//! `cargo bench -p ftpsim --bench gate`

use std::collections::VecDeque;
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ftpsim::admission::{AddressTracking, Gate, Limits, Preset, RateLimit};
use ftpsim::time::Instant;

const DECISIONS: u64 = 100_000;
/// Connections held open at once by the driver (more than any limit below,
/// so that the limits, not the driver, decide).
const HELD: usize = 64;

fn kinds() -> Vec<(&'static str, Limits, AddressTracking)> {
    let rate = RateLimit {
        max: 5,
        window: Duration::from_secs(1),
    };
    let max_clients = Limits {
        max_clients: Some(32),
        ..Limits::default()
    };
    vec![
        ("none", Limits::none(), AddressTracking::Always),
        (
            "none_untracked",
            Limits::none(),
            AddressTracking::WhenLimited,
        ),
        ("max_clients", max_clients.clone(), AddressTracking::Always),
        (
            "max_clients_untracked",
            max_clients,
            AddressTracking::WhenLimited,
        ),
        (
            "max_per_ip",
            Limits {
                max_per_ip: Some(2),
                ..Limits::default()
            },
            AddressTracking::Always,
        ),
        (
            "rate",
            Limits {
                rate: Some(rate),
                ..Limits::default()
            },
            AddressTracking::Always,
        ),
        (
            "all",
            Limits {
                max_clients: Some(32),
                max_per_ip: Some(2),
                rate: Some(rate),
                ..Limits::default()
            },
            AddressTracking::Always,
        ),
    ]
}

/// Runs the stream; returns the number welcomed.
fn decide(gate: &mut Gate, ips: u32, open: &mut VecDeque<IpAddr>) -> u64 {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut welcomed = 0;
    for step in 0..DECISIONS {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let ip = IpAddr::V4(Ipv4Addr::from(0x0A00_0000 + (state >> 32) as u32 % ips));
        // One arrival every 5 ms on average: a rate of 5 per second per
        // address binds for few addresses, not for many.
        let now = Instant::from_millis(step * 5);
        if gate.on_connect(ip, now).is_welcome() {
            welcomed += 1;
            open.push_back(ip);
        }
        if open.len() > HELD
            && let Some(oldest) = open.pop_front()
        {
            black_box(gate.on_disconnect(oldest, now));
        }
    }
    let end = Instant::from_millis(DECISIONS * 5);
    for ip in open.drain(..) {
        black_box(gate.on_disconnect(ip, end));
    }
    welcomed
}

fn bench_gate(c: &mut Criterion) {
    let mut group = c.benchmark_group("gate");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(3));
    group.warm_up_time(Duration::from_millis(500));
    group.throughput(Throughput::Elements(DECISIONS));
    for (kind, limits, tracking) in kinds() {
        for ips in [1u32, 1000] {
            let mut open = VecDeque::with_capacity(HELD + 1);
            group.bench_with_input(
                BenchmarkId::new(kind, format!("ips{ips}")),
                &limits,
                |b, limits| {
                    b.iter(|| {
                        let mut gate =
                            Gate::with_address_tracking(limits.clone(), Preset::Vsftpd, tracking);
                        black_box(decide(&mut gate, ips, &mut open))
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench_gate);
criterion_main!(benches);
