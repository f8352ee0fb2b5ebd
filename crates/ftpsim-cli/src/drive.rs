//! `ftpsim drive SCENARIO --target HOST:PORT`: the scenario's users played
//! against a running server, and beside it, with `--against-simulation`,
//! what the simulation of the same scenario predicts.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use ftpsim::sim::Simulation;
use ftpsim_client::drive::{DriveOptions, DriveReport, Interval, drive};
use ftpsim_client::net::{is_loopback, resolve};
use serde::Serialize;

use crate::error::CliError;
use crate::scenario_file;

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ftpsim drive scenarios/mmcc.toml --target 127.0.0.1:2121 \
--time-scale 0.1 --against-simulation\n\n\
Drive only servers you run: every user is a real connection."
)]
pub struct DriveArgs {
    /// The scenario file (TOML or JSON), as `ftpsim simulate` reads it.
    scenario: PathBuf,
    /// The server to drive, HOST:PORT.
    #[arg(long)]
    target: String,
    /// Multiply every duration of the scenario by this (0.1 plays it ten
    /// times faster); the server's own timeouts are not scaled.
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// Allow a target outside loopback (127.0.0.0/8, ::1).
    #[arg(long)]
    remote: bool,
    /// Attempts in all, retries included.
    #[arg(long, default_value_t = 2_000)]
    max_attempts: u32,
    /// Connections open at once.
    #[arg(long, default_value_t = 256)]
    max_open: u32,
    /// New connections per second, at most.
    #[arg(long, default_value_t = 100.0)]
    max_rate: f64,
    /// The longest any session or ghost is held, in seconds.
    #[arg(long, default_value_t = 600.0)]
    max_hold: f64,
    /// Seconds to wait for a connect or a reply.
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    /// Run the simulation of the same scenario and seed, and print both
    /// side by side with their 95 % intervals and a verdict.
    #[arg(long)]
    against_simulation: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Limits on the caps themselves: the driver is a test tool, not a flood.
const MAX_ATTEMPTS: u32 = 100_000;
const MAX_OPEN: u32 = 10_000;
const MAX_RATE: f64 = 2_000.0;
const REMOTE_MAX_RATE: f64 = 10.0;
const REMOTE_MAX_OPEN: u32 = 32;

#[derive(Serialize)]
struct Comparison {
    figure: &'static str,
    measured: Interval,
    simulated: Interval,
    verdict: &'static str,
    /// Measured minus simulated, in percentage points.
    difference_points: f64,
}

#[derive(Serialize)]
struct Output<'a> {
    drive: &'a DriveReport,
    comparison: Vec<Comparison>,
}

pub fn run(args: &DriveArgs) -> Result<(), CliError> {
    let scenario =
        scenario_file::load(&args.scenario).map_err(|e| CliError::usage(e.to_string()))?;
    let target = resolve(&args.target)
        .map_err(|e| CliError::usage(format!("cannot resolve {}: {e}", args.target)))?;
    let remote = !is_loopback(target.ip());
    if remote && !args.remote {
        return Err(CliError::usage(format!(
            "{target} is not on loopback: drive only servers you run, and say so with --remote"
        )));
    }
    let positive = |v: f64| v > 0.0 && v.is_finite();
    if !positive(args.time_scale) || !positive(args.max_hold) || !positive(args.timeout) {
        return Err(CliError::usage(
            "--time-scale, --max-hold and --timeout must be positive numbers",
        ));
    }
    if args.max_attempts > MAX_ATTEMPTS || args.max_open > MAX_OPEN || args.max_rate > MAX_RATE {
        return Err(CliError::usage(format!(
            "caps at most: --max-attempts {MAX_ATTEMPTS}, --max-open {MAX_OPEN}, --max-rate {MAX_RATE}"
        )));
    }
    let (max_rate, max_open) = if remote {
        (
            args.max_rate.min(REMOTE_MAX_RATE),
            args.max_open.min(REMOTE_MAX_OPEN),
        )
    } else {
        (args.max_rate, args.max_open)
    };
    let options = DriveOptions {
        target,
        time_scale: args.time_scale,
        max_attempts: args.max_attempts,
        max_open,
        max_rate,
        max_hold: Duration::from_secs_f64(args.max_hold),
        timeout: Duration::from_secs_f64(args.timeout),
    };
    let report = drive(&scenario, options).map_err(|e| CliError::usage(e.to_string()))?;
    let comparison = if args.against_simulation {
        // The server's own times (ProFTPD's accept pause, the idle timeout
        // that ends ghosts) are real seconds, not scaled by the drive.
        let mut simulated_scenario = scenario.clone();
        simulated_scenario.server = scenario.server.in_scenario_time(args.time_scale);
        let simulated =
            Simulation::run(&simulated_scenario).map_err(|e| CliError::usage(e.to_string()))?;
        let interval = |value: f64, ci: Option<(f64, f64)>, method: &'static str| {
            let (low, high) = ci.unwrap_or((value, value));
            Interval {
                value,
                low,
                high,
                method,
            }
        };
        let mut rows = vec![compare(
            "blocking probability",
            report.blocking_probability,
            interval(
                simulated.blocking_probability,
                simulated
                    .blocking_confidence_interval
                    .as_ref()
                    .map(|c| (c.low, c.high)),
                simulated
                    .blocking_confidence_interval
                    .as_ref()
                    .map_or("point", |c| c.method),
            ),
        )];
        if let Some(first) = simulated.users.first_attempt_blocking {
            // The simulator gives this one without an interval: Wilson's on
            // its own counts stands for it.
            let attempts = simulated.users.users.max(1);
            let refused = (first * attempts as f64).round() as u64;
            rows.push(compare(
                "first-attempt blocking",
                report.first_attempt_blocking,
                ftpsim_client::drive::wilson(refused, attempts),
            ));
        }
        rows
    } else {
        Vec::new()
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(
            &mut out,
            &Output {
                drive: &report,
                comparison,
            },
        )
        .map_err(|e| CliError::Failed(e.to_string()))?;
        writeln!(out)?;
    } else {
        write!(out, "{}", render(&report, &comparison))?;
    }
    Ok(())
}

fn compare(figure: &'static str, measured: Interval, simulated: Interval) -> Comparison {
    let overlap = measured.low <= simulated.high && simulated.low <= measured.high;
    Comparison {
        figure,
        measured,
        simulated,
        verdict: if overlap { "agree" } else { "differ" },
        difference_points: (measured.value - simulated.value) * 100.0,
    }
}

fn pct(i: &Interval) -> String {
    format!(
        "{:.1} % [{:.1}, {:.1}]",
        i.value * 100.0,
        i.low * 100.0,
        i.high * 100.0
    )
}

fn render(r: &DriveReport, comparison: &[Comparison]) -> String {
    let mut out = String::new();
    out += &format!(
        "Drove {} against {} (seed {}, time scale {}) in {:.1} s\n",
        r.scenario.as_deref().unwrap_or("the scenario"),
        r.target,
        r.seed,
        r.time_scale,
        r.wall_seconds
    );
    if r.distinct_sources {
        out += &format!(
            "Source addresses: {} loopback addresses, one per scenario address\n",
            r.source_addresses
        );
    } else {
        out += "Source addresses: every user shares this machine's address (the target is not on loopback): per-address limits are met sooner than in the scenario\n";
    }
    out += &format!(
        "Users {}  attempts {}  greeted {}  refused {}  failed {}  skipped by caps {}\n",
        r.users, r.attempts, r.greeted, r.refused, r.failed, r.skipped_by_cap
    );
    out += &format!(
        "Blocking probability {} (95 %, {})\n",
        pct(&r.blocking_probability),
        r.blocking_probability.method
    );
    out += &format!(
        "First-attempt blocking {}\n",
        pct(&r.first_attempt_blocking)
    );
    out += &format!(
        "Connections served {}, given up {}\n",
        r.connections_served, r.connections_gave_up
    );
    for (code, count) in &r.refused_by_code {
        out += &format!("  refused with {code}: {count}\n");
    }
    for form in &r.refusal_forms {
        out += &format!("  {} x{}: {:?}\n", form.form, form.count, form.bytes);
    }
    let spread = |name: &str, s: &Option<ftpsim_client::drive::Spread>| match s {
        Some(s) => format!(
            "{name}: p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms ({} values)\n",
            s.p50, s.p90, s.p99, s.max, s.count
        ),
        None => String::new(),
    };
    out += &spread("First byte of the first reply", &r.first_byte_ms);
    out += &spread("Whole first reply", &r.complete_reply_ms);
    out += &spread("Lateness of starts", &r.lateness_ms);
    if r.ghosts_closed_by_server + r.ghosts_ended_by_cap > 0 {
        out += &format!(
            "Ghost sessions: {} closed by the server, {} ended by --max-hold\n",
            r.ghosts_closed_by_server, r.ghosts_ended_by_cap
        );
        out += &spread("Ghost held", &r.ghost_hold_ms);
    }
    if !comparison.is_empty() {
        out += "\nMeasured beside simulated (95 % intervals):\n";
        for c in comparison {
            out += &format!(
                "  {:<24} measured {}  simulated {}  {} ({:+.1} points)\n",
                c.figure,
                pct(&c.measured),
                pct(&c.simulated),
                c.verdict,
                c.difference_points
            );
        }
    }
    out
}
