fn main() {
    let args: Vec<String> = std::env::args().collect();
    let c: u32 = args[1].parse().unwrap();
    let ips: u32 = args[2].parse().unwrap();
    if args.get(3).is_some_and(|a| a == "bare") {
        println!("bare {:.2} M/s", bare(c as usize, c as f64, 5_000_000));
        return;
    }
    let s = ftpsim::sim::Scenario {
        duration: 5_000_000.0 / c as f64,
        server: ftpsim::sim::ServerSpec {
            max_clients: Some(c),
            ..Default::default()
        },
        clients: ftpsim::sim::ClientSpec {
            ips,
            ..Default::default()
        },
        arrivals: ftpsim::sim::ArrivalSpec::Poisson { rate: c as f64 },
        session: ftpsim::sim::SessionSpec::Exponential { mean: 1.0 },
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let r = ftpsim::sim::Simulation::run(&s).unwrap();
    let e = t.elapsed();
    println!(
        "{} attempts in {:?}: {:.2} M/s",
        r.attempts,
        e,
        r.attempts as f64 / e.as_secs_f64() / 1e6
    );
}

#[allow(dead_code)]
fn bare(servers: usize, load: f64, arrivals: u64) -> f64 {
    use std::cmp::Reverse;
    let mut rng = ftpsim::sim::Rng::seed_from_u64(1);
    let mean_gap = 1e9 / load;
    let mut departures: std::collections::BinaryHeap<Reverse<u64>> = Default::default();
    let mut now = 0u64;
    let mut refused = 0u64;
    let t = std::time::Instant::now();
    for _ in 0..arrivals {
        now += (-mean_gap * libm::log(rng.open01()) + 0.5) as u64;
        while departures.peek().is_some_and(|d| d.0 <= now) {
            departures.pop();
        }
        if departures.len() < servers {
            departures.push(Reverse(now + (-1e9 * libm::log(rng.open01()) + 0.5) as u64));
        } else {
            refused += 1;
        }
    }
    std::hint::black_box(refused);
    arrivals as f64 / t.elapsed().as_secs_f64() / 1e6
}
