//! The criterion benchmarks of the core, read back from criterion's JSON
//! files, and their sections of the report: simulator, reply parsing,
//! reply formatting, gate decisions.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use serde_json::Value;

use super::Plan;
use super::report::{Doc, Row, bytes_per_sec, ratio, si};
use crate::{cargo, run as run_command, target_dir};

/// One criterion benchmark's median, read back from its JSON files.
#[derive(Debug, Clone)]
pub(super) struct Estimate {
    /// `group/function` (criterion's ids, without the value).
    id: String,
    /// The benchmark's value (`BenchmarkId` parameter), if any.
    value: Option<String>,
    /// Median time per iteration, nanoseconds.
    median_ns: f64,
    /// Elements or bytes per iteration.
    per_iteration: f64,
}

impl Estimate {
    /// Elements (or bytes) per second.
    fn rate(&self) -> f64 {
        self.per_iteration / self.median_ns * 1e9
    }
}

pub(super) fn criterion_benches(plan: &Plan, started: SystemTime) -> Result<Vec<Estimate>, String> {
    let mut args = vec![
        "bench",
        "-p",
        "ftpsim",
        "--bench",
        "simulator",
        "--bench",
        "replies",
        "--bench",
        "gate",
        "--",
    ];
    if plan.quick {
        args.push("--quick");
    }
    run_command(&cargo(), &args)?;
    let mut estimates = Vec::new();
    collect_estimates(&target_dir().join("criterion"), started, &mut estimates)?;
    if estimates.is_empty() {
        return Err("criterion wrote no estimates under target/criterion".into());
    }
    estimates.sort_by(|a, b| a.id.cmp(&b.id).then(a.value.cmp(&b.value)));
    Ok(estimates)
}

/// Every `new/` directory written since `since` (older ones belong to
/// benchmarks that no longer exist or did not run).
fn collect_estimates(dir: &Path, since: SystemTime, out: &mut Vec<Estimate>) -> Result<(), String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) => return Ok(()),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            let estimates = path.join("estimates.json");
            let fresh = fs::metadata(&estimates)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since);
            if fresh {
                out.push(read_estimate(&path)?);
            }
        } else if path.file_name().is_none_or(|n| n != "report") {
            collect_estimates(&path, since, out)?;
        }
    }
    Ok(())
}

pub(super) fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_estimate(dir: &Path) -> Result<Estimate, String> {
    let benchmark = read_json(&dir.join("benchmark.json"))?;
    let estimates = read_json(&dir.join("estimates.json"))?;
    let field = |value: &Value, key: &str| value[key].as_str().map(str::to_owned);
    let group = field(&benchmark, "group_id").unwrap_or_default();
    let function = field(&benchmark, "function_id").unwrap_or_default();
    let per_iteration = ["Elements", "Bytes"]
        .iter()
        .find_map(|kind| benchmark["throughput"][kind].as_f64())
        .unwrap_or(1.0);
    let median_ns = estimates["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no median", dir.display()))?;
    Ok(Estimate {
        id: format!("{group}/{function}"),
        value: field(&benchmark, "value_str"),
        median_ns,
        per_iteration,
    })
}

fn find<'a>(estimates: &'a [Estimate], id: &str, value: Option<&str>) -> Option<&'a Estimate> {
    estimates
        .iter()
        .find(|e| e.id == id && value.is_none_or(|v| e.value.as_deref() == Some(v)))
}

/// Returns the arrivals per second of ftpsim and of the bare loop on the
/// M/M/10/10 loss system.
pub(super) fn simulator_section(
    estimates: &[Estimate],
    doc: &mut Doc,
) -> (Option<f64>, Option<f64>) {
    let mut rows = Vec::new();
    let mut mm10 = None;
    for servers in [10, 200] {
        let floor = find(
            estimates,
            &format!("loss_system/bare_loop_M/M/{servers}/{servers}"),
            None,
        );
        for ips in [1, 1000] {
            let Some(sim) = find(
                estimates,
                &format!("loss_system/simulator_M/M/{servers}/{servers}_ips{ips}"),
                None,
            ) else {
                continue;
            };
            let rate = sim.rate();
            if servers == 10 && ips == 1 {
                mm10 = Some(rate);
            }
            let speed = doc.target(
                &format!("simulator M/M/{servers}/{servers}, {ips} address(es) ≥ 10 M arrivals/s"),
                si(rate, "/s"),
                rate >= 10e6,
            );
            let (peer, slowdown, target) = match floor {
                Some(floor) => {
                    let slowdown = floor.rate() / rate;
                    let target = doc.target(
                        &format!("simulator M/M/{servers}/{servers}, {ips} address(es) within 1.5× of the bare loop"),
                        format!("{slowdown:.2}× its time"),
                        slowdown <= 1.5,
                    );
                    (si(floor.rate(), "/s"), ratio(slowdown), target)
                }
                None => ("—".into(), "—".into(), String::new()),
            };
            rows.push(Row {
                figure: format!("arrivals/s, M/M/{servers}/{servers}, {ips} address(es)"),
                ours: si(rate, "/s"),
                peer,
                ratio: slowdown,
                target: format!("{speed}; {target}"),
            });
        }
    }
    if let Some(retry) = find(estimates, "retry_heavy/simulator_backoff_E12_c10", None) {
        rows.push(Row {
            figure: "attempts/s, 12 Erlang on 10 slots, backoff retries".into(),
            ours: si(retry.rate(), "/s"),
            peer: "—".into(),
            ratio: "—".into(),
            target: String::new(),
        });
    }
    let section = doc.section(
        "Simulator",
        "Arrivals per second through `Simulation` driving the real gate (default preset, \
         `max_clients` only), next to the floor: a bare loop that draws the same \
         exponential numbers and keeps a binary heap of departures. The ratio is how many \
         times longer the simulator takes per arrival (lower is better).",
    );
    section.rows = rows;
    let floor = find(estimates, "loss_system/bare_loop_M/M/10/10", None).map(Estimate::rate);
    (mm10, floor)
}

pub(super) fn parsing_section(estimates: &[Estimate], doc: &mut Doc) {
    let mut rows = Vec::new();
    let mut targets = Vec::new();
    for corpus in ["greetings", "feat", "help", "busy_client"] {
        let Some(floor) = find(estimates, "parse/memchr_floor", Some(corpus)) else {
            continue;
        };
        for (way, label) in [
            ("parse", "`parse`"),
            ("decoder_whole", "`ReplyDecoder`, whole buffer"),
            ("decoder_chunks16", "`ReplyDecoder`, 16-byte chunks"),
        ] {
            let Some(ours) = find(estimates, &format!("parse/{way}"), Some(corpus)) else {
                continue;
            };
            let slowdown = floor.rate() / ours.rate();
            targets.push((
                format!("parsing {corpus} ({way}) within 2× of memchr"),
                format!("{slowdown:.0}× its time"),
                slowdown <= 2.0,
            ));
            rows.push(Row {
                figure: format!("{corpus}: {label}"),
                ours: bytes_per_sec(ours.rate()),
                peer: bytes_per_sec(floor.rate()),
                ratio: ratio(slowdown),
                target: "≤ 2×".into(),
            });
        }
    }
    for (what, measured, met) in targets {
        doc.target(&what, measured, met);
    }
    let section = doc.section(
        "Reply parsing",
        "Bytes per second over about 64 KiB of replies as a client receives them \
         (`crates/ftpsim/benches/replies.rs`: 220 greetings with Pure-FTPd's multiline \
         banner, FEAT lists, vsftpd's HELP, the replies of a busy client), against the \
         floor: `memchr` counting the line ends of the same bytes. The ratio is how many \
         times longer parsing takes.",
    );
    section.rows = rows;
}

pub(super) fn formatting_section(estimates: &[Estimate], doc: &mut Doc) {
    let rows = [
        ("write_single_421", "`write_single`, a 421 refusal"),
        ("write_lines_feat", "`write_lines`, a 10-line FEAT"),
        ("reply_write_to_help", "`Reply::write_to`, a 6-line HELP"),
    ]
    .into_iter()
    .filter_map(|(id, label)| {
        let e = find(estimates, &format!("format/{id}"), None)?;
        Some(Row {
            figure: label.into(),
            ours: format!("{:.0} ns", e.median_ns),
            peer: "—".into(),
            ratio: "—".into(),
            target: String::new(),
        })
    })
    .collect();
    let section = doc.section(
        "Reply formatting",
        "Time to append one reply to a reused buffer.",
    );
    section.rows = rows;
}

pub(super) fn gate_section(estimates: &[Estimate], doc: &mut Doc) {
    let mut rows = Vec::new();
    for kind in [
        "none",
        "none_untracked",
        "max_clients",
        "max_clients_untracked",
        "max_per_ip",
        "rate",
        "all",
    ] {
        for ips in ["ips1", "ips1000"] {
            let Some(e) = find(estimates, &format!("gate/{kind}"), Some(ips)) else {
                continue;
            };
            let (peer, relative) = match kind.strip_suffix("_untracked") {
                Some(tracked) => match find(estimates, &format!("gate/{tracked}"), Some(ips)) {
                    Some(p) => (si(p.rate(), "/s"), ratio(e.rate() / p.rate())),
                    None => ("—".into(), "—".into()),
                },
                None => ("—".into(), "—".into()),
            };
            rows.push(Row {
                figure: format!("{kind}, {} address(es)", &ips[3..]),
                ours: si(e.rate(), "/s"),
                peer,
                ratio: relative,
                target: String::new(),
            });
        }
    }
    let section = doc.section(
        "Gate decisions",
        "`on_connect` (and, for each welcome, its `on_disconnect`) per second under each \
         kind of limit (`crates/ftpsim/benches/gate.rs`). `_untracked` gates are built with \
         `AddressTracking::WhenLimited`, as the simulator builds its gate; their peer is the \
         same limit with every address tracked, and the ratio is how many times faster.",
    );
    section.rows = rows;
}
