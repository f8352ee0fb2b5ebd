//! `ftpsim serve` against vsftpd and Pure-FTPd: the same load from
//! `ftpsim-load` (the client crate's load generator) against each, with a
//! limit of one client, so that every attempt measures a refusal.

use std::collections::BTreeMap;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Command, Stdio};
use std::time::Duration;

use ftpsim_peers::servers::{self, RealLimits, RealServer, RealServerKind};
use serde_json::Value;

use super::report::{Doc, Row, ratio};
use super::{Plan, Started};
use crate::{cargo, run as run_command, target_dir};

#[derive(Debug)]
pub(super) struct ServerRuns {
    /// (server, concurrency) → the JSON reports of `ftpsim-load`.
    runs: BTreeMap<(String, usize), Vec<Value>>,
}

pub(super) fn comparison(plan: &Plan) -> Result<ServerRuns, String> {
    run_command(
        &cargo(),
        &[
            "build",
            "--release",
            "-p",
            "ftpsim-cli",
            "-p",
            "ftpsim-client",
            "--bins",
        ],
    )?;
    let release = target_dir().join("release");
    let limits = RealLimits {
        max_clients: 1,
        max_per_ip: 1,
        idle_timeout_secs: None,
    };

    let port = servers::free_port().map_err(|e| format!("no free port: {e}"))?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let log = target_dir().join("bench-ftpsim-serve.log");
    let log_file =
        fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
    let ftpsim = Started(
        Command::new(release.join("ftpsim"))
            .args(["serve", "--listen", &addr.to_string(), "--preset", "vsftpd"])
            .args(["--max-clients", "1", "--max-per-ip", "1"])
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start ftpsim serve: {e}"))?,
    );
    if !(0..250).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        servers::is_listening(addr)
    }) {
        return Err(format!("ftpsim serve did not listen on {addr}"));
    }

    let mut servers: Vec<(String, SocketAddr, u32, u64, Option<RealServer>)> = vec![(
        "ftpsim serve".into(),
        addr,
        ftpsim.0.id(),
        plan.ftpsim_attempts,
        None,
    )];
    for (kind, attempts) in [
        (RealServerKind::Vsftpd, plan.vsftpd_attempts),
        (RealServerKind::PureFtpd, plan.pure_ftpd_attempts),
    ] {
        match RealServer::start(kind, limits) {
            Ok(server) => servers.push((
                real_name(kind).into(),
                server.addr(),
                server.pid(),
                attempts,
                Some(server),
            )),
            Err(why) => eprintln!("bench: {} not measured: {why}", real_name(kind)),
        }
    }

    let load = release.join("ftpsim-load");
    let mut runs: BTreeMap<(String, usize), Vec<Value>> = BTreeMap::new();
    for &concurrency in plan.concurrencies {
        for round in 1..=plan.server_rounds {
            for (name, addr, pid, attempts, real) in &servers {
                eprintln!("==> round {round}, concurrency {concurrency}: {name}");
                if let Some(real) = real {
                    // The previous run's held connection must be gone.
                    real.wait_for_sessions(0, Duration::from_secs(5));
                } else {
                    std::thread::sleep(Duration::from_millis(300));
                }
                let output = Command::new(&load)
                    .arg(addr.to_string())
                    .args(["-n", &attempts.to_string()])
                    .args(["-c", &concurrency.to_string()])
                    .args(["--hold", "1", "--server-pid", &pid.to_string(), "--json"])
                    .output()
                    .map_err(|e| format!("cannot run {}: {e}", load.display()))?;
                if !output.status.success() {
                    return Err(format!(
                        "ftpsim-load against {name} failed: {}",
                        String::from_utf8_lossy(&output.stderr).trim()
                    ));
                }
                let report: Value = serde_json::from_slice(&output.stdout)
                    .map_err(|e| format!("ftpsim-load printed no JSON: {e}"))?;
                runs.entry((name.clone(), concurrency))
                    .or_default()
                    .push(report);
            }
        }
    }
    drop(servers);
    drop(ftpsim);
    Ok(ServerRuns { runs })
}

fn real_name(kind: RealServerKind) -> &'static str {
    match kind {
        RealServerKind::Vsftpd => "vsftpd",
        RealServerKind::PureFtpd => "Pure-FTPd",
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Medians over rounds: (refusals/s, first-byte p50 µs, p99 µs, failures
/// summed, server CPU time per attempt in µs).
fn summarize(reports: &[Value]) -> (f64, f64, f64, u64, f64) {
    let pick = |f: &dyn Fn(&Value) -> Option<f64>| median(reports.iter().filter_map(f).collect());
    let failures = reports
        .iter()
        .filter_map(|r| r["failures"].as_object())
        .flat_map(|f| f.values().filter_map(Value::as_u64))
        .sum();
    (
        pick(&|r| r["refusals_per_sec"].as_f64()),
        pick(&|r| r["first_byte"]["p50_us"].as_f64()),
        pick(&|r| r["first_byte"]["p99_us"].as_f64()),
        failures,
        pick(&|r| r["server_cpu_us_per_attempt"].as_f64()),
    )
}

pub(super) fn section(runs: &ServerRuns, plan: &Plan, doc: &mut Doc) {
    let mut rows = Vec::new();
    for &concurrency in plan.concurrencies {
        let Some(ours) = runs.runs.get(&("ftpsim serve".into(), concurrency)) else {
            continue;
        };
        let (rate, p50, p99, failures, cpu) = summarize(ours);
        let latency_target = doc.target(
            &format!("server p99 to the first byte of the 421 < 1 ms, concurrency {concurrency}"),
            format!("{p99:.0} µs"),
            p99 < 1000.0,
        );
        rows.push(Row {
            figure: format!("first byte of the 421, p50 / p99, concurrency {concurrency}"),
            ours: format!("{p50:.0} / {p99:.0} µs"),
            peer: "—".into(),
            ratio: "—".into(),
            target: latency_target,
        });
        for (peer, wanted) in [("vsftpd", 20.0), ("Pure-FTPd", 1.5)] {
            let Some(theirs) = runs.runs.get(&(peer.into(), concurrency)) else {
                continue;
            };
            let (their_rate, their_p50, their_p99, their_failures, their_cpu) = summarize(theirs);
            let times = rate / their_rate;
            let target = doc.target(
                &format!("server ≥ {wanted}× {peer}'s refusals/s, concurrency {concurrency}"),
                format!("{times:.2}×"),
                times >= wanted,
            );
            if times < wanted {
                doc.bounds.push(format!(
                    "**Server against {peer}, concurrency {concurrency}.** ftpsim refused \
                     {times:.2}× as many connections per second; its server CPU time per \
                     refusal was {cpu:.1} µs, {peer}'s {their_cpu:.1} µs. With few \
                     clients in flight ftpsim's rate is bounded by the round trip of each refusal \
                     (connect, accept, write, close, read: ftpsim's p50 to the first byte was \
                     {p50:.0} µs), not by the server's CPU; see the next paragraphs."
                ));
            }
            rows.push(Row {
                figure: format!("refusals/s vs {peer}, concurrency {concurrency}"),
                ours: format!("{rate:.0}/s"),
                peer: format!("{their_rate:.0}/s"),
                ratio: ratio(times),
                target,
            });
            rows.push(Row {
                figure: format!(
                    "{peer}: first byte p50 / p99, failures (ftpsim: {failures}), concurrency {concurrency}"
                ),
                ours: format!("{p50:.0} / {p99:.0} µs"),
                peer: format!("{their_p50:.0} / {their_p99:.0} µs, {their_failures} failed"),
                ratio: ratio(their_p99 / p99),
                target: "ratio: their p99 / ours".into(),
            });
            rows.push(Row {
                figure: format!("server CPU per refusal vs {peer}, concurrency {concurrency}"),
                ours: format!("{cpu:.1} µs"),
                peer: format!("{their_cpu:.1} µs"),
                ratio: ratio(their_cpu / cpu),
                target: "ratio: theirs / ours (varies less with the machine's load)".into(),
            });
        }
    }
    let section = doc.section(
        "Server refusals",
        "`ftpsim serve --preset vsftpd --max-clients 1 --max-per-ip 1` (logs on, to a \
         file), vsftpd (`max_clients=1`, `max_per_ip=1`) and Pure-FTPd (`-c 1 -C 1`) on \
         loopback, each started by `ftpsim-peers`. `ftpsim-load` holds the \
         one slot, then makes its attempts (fewer for vsftpd, which forks a process for \
         each), every one of which is refused; each run is bounded (a 5 s timeout per \
         attempt). The servers take turns; medians over the rounds.",
    );
    section.rows = rows;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(Vec::new()).is_nan());
    }
}
