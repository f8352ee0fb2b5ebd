//! A scenario built in code, run in slices (as a user interface would, to
//! show progress), and its report next to Erlang B.
//!
//! `cargo run -p ftpsim --example simulate --release`

use ftpsim::sim::{ArrivalSpec, Scenario, ServerSpec, SessionSpec, Simulation, erlang_b};

fn main() -> Result<(), ftpsim::sim::ScenarioError> {
    // vsftpd with max_clients 10 (and no per-address limit, so that the
    // global limit alone refuses): one client every 5 s, sessions of 50 s
    // on average, ten simulated days.
    let scenario = Scenario {
        duration: 10.0 * 86_400.0,
        seed: 7,
        server: ServerSpec {
            max_clients: Some(10),
            max_per_ip: Some(0),
            ..ServerSpec::preset(ftpsim::admission::Preset::Vsftpd)
        },
        arrivals: ArrivalSpec::Poisson { rate: 0.2 },
        session: SessionSpec::LogNormal {
            mean: 50.0,
            sigma: None,
            cv: Some(2.0),
        },
        ..Scenario::default()
    };
    let mut simulation = Simulation::new(&scenario)?;
    while !simulation.step(20_000) {
        println!(
            "{:5.1} % simulated, {} connections open",
            simulation.progress() * 100.0,
            simulation.concurrency()
        );
    }
    let report = simulation.report();
    let predicted = erlang_b(0.2 * 50.0, 10).expect("a finite load");
    println!(
        "{} attempts, {} refused: blocking {:.4}; Erlang B(10, 10) = {predicted:.4} \
         (log-normal sessions: only the mean matters)",
        report.attempts, report.refused, report.blocking_probability
    );
    let interval = report.blocking_confidence_interval.expect("a finished run");
    println!("95 % interval {:.4} to {:.4}", interval.low, interval.high);
    assert_eq!(report.erlang_b, Some(predicted));
    assert!((report.blocking_probability - predicted).abs() < 0.02);
    Ok(())
}
