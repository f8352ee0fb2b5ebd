//! `ftpsim simulate`: play a connection-limit scenario through the
//! admission gate and report how many clients got 220 and how many 421.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant as WallClock};

use clap::Args;
use ftpsim::Lang;
use ftpsim::sim::report::{Report, Side};
use ftpsim::sim::{ArrivalSpec, Jitter, RetrySpec, Scenario, Simulation};

use crate::error::CliError;
use crate::scenario_file;
use crate::server_flags::ServerFlags;

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// A scenario file, JSON or TOML (see docs/scenarios.md). Without one,
    /// a default M/M/10/10 loss system at 10 erlangs for an hour.
    scenario: Option<PathBuf>,
    /// Poisson arrivals per second (replaces the file's arrival process).
    #[arg(long, value_name = "PER_SECOND")]
    arrival_rate: Option<f64>,
    /// Mean session length in seconds (keeps the file's distribution).
    #[arg(long, value_name = "SECONDS")]
    mean_session: Option<f64>,
    /// Simulated time in seconds.
    #[arg(long, value_name = "SECONDS")]
    duration: Option<f64>,
    /// Number of client IP addresses.
    #[arg(long, value_name = "N")]
    ips: Option<u32>,
    /// After a refusal (the custom client): none, fixed:SECONDS,
    /// backoff:BASE,MAX,ATTEMPTS or exponential:MEAN.
    #[arg(long, value_name = "POLICY", value_parser = parse_retry)]
    retry: Option<RetrySpec>,
    /// The client every user runs, with its connections and retry habits:
    /// filezilla, winscp, lftp, rclone, curl, wget, ncftp, tnftp, ftplib,
    /// or custom (one connection, --retry's rule). `ftpsim clients` lists
    /// them.
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Connections each user opens at once (overrides the profile's).
    #[arg(long, value_name = "N")]
    connections: Option<u32>,
    /// The share of sessions whose client vanishes without QUIT; the
    /// server holds each one until its idle timeout.
    #[arg(long, value_name = "FRACTION")]
    ghost_fraction: Option<f64>,
    /// Seed of the random numbers; the same seed gives the same report.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Print the full report as JSON.
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    server: ServerFlags,
}

/// `none`, `fixed:SECONDS`, `backoff:BASE,MAX,ATTEMPTS`.
pub fn parse_retry(s: &str) -> Result<RetrySpec, String> {
    let number = |text: &str, what: &str| -> Result<f64, String> {
        text.trim()
            .parse::<f64>()
            .map_err(|_| format!("{what} {text:?} is not a number"))
    };
    let (kind, rest) = s.split_once(':').unwrap_or((s, ""));
    match kind.trim() {
        "none" if rest.is_empty() => Ok(RetrySpec::None),
        "fixed" => Ok(RetrySpec::Fixed {
            delay: number(rest, "the delay")?,
            max_attempts: None,
        }),
        "backoff" => {
            let parts: Vec<&str> = rest.split(',').collect();
            let [base, max, attempts] = parts[..] else {
                return Err(format!(
                    "{s:?}: backoff needs three values, BASE,MAX,ATTEMPTS (e.g. backoff:1,60,6)"
                ));
            };
            let max_attempts = attempts
                .trim()
                .parse::<u32>()
                .map_err(|_| format!("ATTEMPTS {attempts:?} is not a whole number"))?;
            Ok(RetrySpec::Backoff {
                base: number(base, "BASE")?,
                max: number(max, "MAX")?,
                max_attempts,
                jitter: Jitter::Full,
            })
        }
        "exponential" => Ok(RetrySpec::Exponential {
            mean: number(rest, "the mean delay")?,
            max_attempts: None,
        }),
        _ => Err(format!(
            "{s:?} is not a retry policy; expected none, fixed:SECONDS, backoff:BASE,MAX,ATTEMPTS or exponential:MEAN"
        )),
    }
}

/// Applies the command-line overrides to `scenario`.
fn apply_overrides(args: &SimulateArgs, scenario: &mut Scenario) {
    scenario.server = args.server.apply(core::mem::take(&mut scenario.server));
    if let Some(rate) = args.arrival_rate {
        scenario.arrivals = ArrivalSpec::Poisson { rate };
    }
    if let Some(mean) = args.mean_session {
        scenario.session.set_mean(mean);
    }
    if let Some(duration) = args.duration {
        scenario.duration = duration;
    }
    if let Some(ips) = args.ips {
        scenario.clients.ips = ips;
    }
    if let Some(retry) = &args.retry {
        scenario.retry = retry.clone();
    }
    if let Some(profile) = &args.profile {
        scenario.clients.profile.clone_from(profile);
    }
    if args.connections.is_some() {
        scenario.clients.connections = args.connections;
    }
    if let Some(fraction) = args.ghost_fraction {
        scenario.clients.ghost_fraction = fraction;
    }
    if let Some(seed) = args.seed {
        scenario.seed = seed;
    }
}

pub fn run(args: &SimulateArgs) -> Result<(), CliError> {
    let mut scenario = match &args.scenario {
        Some(path) => scenario_file::load(path).map_err(|e| CliError::usage(e.to_string()))?,
        None => Scenario::default(),
    };
    apply_overrides(args, &mut scenario);
    let mut simulation = Simulation::new(&scenario).map_err(|e| {
        let origin = if args.scenario.is_some() {
            "after the command-line overrides"
        } else {
            "in the command-line options"
        };
        CliError::usage(format!("invalid scenario {origin}: {e}"))
    })?;
    let stderr = std::io::stderr();
    let mut progress = Progress::new(stderr.is_terminal());
    // Slices small enough to redraw the progress bar several times a
    // second, large enough that checking the clock costs nothing.
    while !simulation.step(250_000) {
        progress.show(simulation.progress());
    }
    progress.clear();
    let report = simulation.report();
    let mut text = Vec::new();
    if args.json {
        serde_json::to_writer_pretty(&mut text, &report)
            .map_err(|e| CliError::Failed(e.to_string()))?;
        writeln!(text)?;
    } else {
        write_summary(&mut text, &scenario, &report)?;
    }
    match std::io::stdout().lock().write_all(&text) {
        // A reader that stops early (`| head`) is not an error.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::from),
    }
}

/// A progress bar on stderr, drawn only on a terminal and only for runs
/// that last long enough to need one.
struct Progress {
    enabled: bool,
    started: WallClock,
    last_drawn: Option<WallClock>,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(300);
    const WIDTH: usize = 40;

    fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            started: WallClock::now(),
            last_drawn: None,
        }
    }

    fn show(&mut self, fraction: f64) {
        if !self.enabled || self.started.elapsed() < Self::DELAY {
            return;
        }
        if self
            .last_drawn
            .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last_drawn = Some(WallClock::now());
        let filled = ((fraction.clamp(0.0, 1.0) * Self::WIDTH as f64) as usize).min(Self::WIDTH);
        let _ = write!(
            std::io::stderr(),
            "\rsimulating [{}{}] {:>3.0}%",
            "#".repeat(filled),
            " ".repeat(Self::WIDTH - filled),
            fraction * 100.0
        );
    }

    fn clear(&mut self) {
        if self.last_drawn.is_some() {
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(Self::WIDTH + 20));
        }
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn limits_line(scenario: &Scenario) -> String {
    let limits = scenario.limits();
    let mut parts = Vec::new();
    let mut push = |name: &str, value: Option<u32>| {
        if let Some(v) = value {
            parts.push(format!("{name} {v}"));
        }
    };
    push("max_clients", limits.max_clients);
    push("max_per_ip", limits.max_per_ip);
    push("max_logged_in", limits.max_logged_in);
    if let Some(rate) = &limits.rate {
        parts.push(format!(
            "rate {} per {} s",
            rate.max,
            rate.window.as_secs_f64()
        ));
    }
    if let Some(shutdown) = &limits.shutdown {
        parts.push(format!(
            "shutdown: refuse from {}, disconnect at {}",
            shutdown.refuse_from, shutdown.disconnect_at
        ));
    }
    if let Some(warmup) = &limits.warmup {
        parts.push(format!("warm-up until {}", warmup.ready_at));
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

/// The per-user view, first: what people experienced, before what the
/// server counted.
fn write_users(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    let users = &report.users;
    write!(
        out,
        "Users:    {} of {} failed",
        users.users_failed, users.users
    )?;
    if users.users_active > 0 {
        write!(out, ", {} still at it", users.users_active)?;
    }
    match users.first_attempt_blocking {
        Some(share) => writeln!(
            out,
            "; {} refused at their first attempt",
            share_text(share)
        )?,
        None => writeln!(out)?,
    }
    writeln!(
        out,
        "          (the blocking probability below counts every attempt, retries included)"
    )?;
    Ok(())
}

/// A share as a percentage with the precision it deserves.
fn share_text(share: f64) -> String {
    let percent = share * 100.0;
    if percent == 0.0 || percent >= 10.0 {
        format!("{percent:.0} %")
    } else {
        format!("{percent:.1} %")
    }
}

fn seconds(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0} s")
    } else if value >= 1.0 {
        format!("{value:.1} s")
    } else {
        format!("{value:.3} s")
    }
}

fn write_summary(
    out: &mut impl Write,
    scenario: &Scenario,
    report: &Report,
) -> std::io::Result<()> {
    let title = report
        .scenario
        .as_deref()
        .unwrap_or("command-line scenario");
    writeln!(
        out,
        "Scenario: {title} (preset {}, seed {}, {} simulated)",
        report.preset,
        report.seed,
        seconds(report.simulated_seconds)
    )?;
    writeln!(out, "Limits:   {}", limits_line(scenario))?;
    if let Some(load) = report.offered_load {
        let holding = if scenario.clients.ghost_fraction > 0.0 {
            "mean session + ghost share x idle timeout"
        } else {
            "mean session"
        };
        writeln!(
            out,
            "Load:     {load:.2} erlangs offered (arrival rate x {holding})"
        )?;
    }
    write_users(out, report)?;
    writeln!(out)?;
    writeln!(out, "Attempts:        {:>10}", report.attempts)?;
    writeln!(
        out,
        "  greeted (220):  {:>10}  {}",
        report.greeted,
        percent(report.greeted, report.attempts)
    )?;
    writeln!(
        out,
        "  refused:        {:>10}  {}",
        report.refused,
        percent(report.refused, report.attempts)
    )?;
    for reason in &report.refused_by_reason {
        let code = reason
            .code
            .map_or("silent close".to_string(), |c| c.to_string());
        writeln!(
            out,
            "    {:<14} {:<24} {:>8}",
            code, reason.reason, reason.count
        )?;
    }
    if report.refused_after_greeting > 0 {
        writeln!(
            out,
            "    ({} of them after the 220, at login)",
            report.refused_after_greeting
        )?;
    }
    if report.awaiting_login > 0 {
        writeln!(out, "  awaiting login: {:>10}", report.awaiting_login)?;
    }
    if report.ended_by_shutdown > 0 {
        writeln!(
            out,
            "  sessions ended by the shutdown: {}",
            report.ended_by_shutdown
        )?;
    }
    writeln!(out)?;
    write!(
        out,
        "Blocking probability: {:.4}",
        report.blocking_probability
    )?;
    match &report.blocking_confidence_interval {
        Some(ci) => writeln!(out, "  (95% CI {:.4} to {:.4})", ci.low, ci.high)?,
        None => writeln!(out)?,
    }
    match (
        report.erlang_b,
        report.erlang_b_servers,
        report.offered_load,
    ) {
        (Some(b), Some(c), Some(load)) => {
            write!(out, "Erlang B prediction:  {b:.4}  (B({load:.2}, {c}))")?;
            match report.erlang_b_deviation() {
                Some(d) => writeln!(out, ", simulated is {:+.1}% off", d * 100.0)?,
                None => writeln!(out)?,
            }
        }
        _ => writeln!(
            out,
            "Erlang B prediction:  does not apply: {}",
            report
                .erlang_b_not_applicable
                .map_or("not a pure loss system", |reason| reason.describe(Lang::En))
        )?,
    }
    writeln!(
        out,
        "Concurrency: peak {}, time-averaged {:.2}",
        report.peak_concurrency, report.mean_concurrency
    )?;
    let clients = &report.clients;
    writeln!(out)?;
    writeln!(
        out,
        "Clients: {} arrived; {} served ({} at the first attempt), {} gave up, {} still trying",
        clients.clients,
        clients.served,
        clients.served_first_try,
        clients.gave_up,
        clients.still_trying
    )?;
    if let Some(mean) = clients.mean_attempts {
        writeln!(
            out,
            "  attempts per client: mean {mean:.2}, max {}",
            clients.max_attempts
        )?;
    }
    match &clients.time_to_first_220 {
        Some(wait) if wait.max == 0.0 => writeln!(
            out,
            "  time to first 220: no wait (every served client was greeted at once)"
        )?,
        Some(wait) => writeln!(
            out,
            "  time to first 220: mean {}, p50 {}, p90 {}, p99 {}, max {}",
            seconds(wait.mean),
            seconds(wait.p50),
            seconds(wait.p90),
            seconds(wait.p99),
            seconds(wait.max)
        )?,
        None => {}
    }
    writeln!(out)?;
    write_chart(out, report)?;
    for transcript in &report.transcripts {
        writeln!(out)?;
        writeln!(
            out,
            "Transcript: attempt {} from {} ({}, {})",
            transcript.attempt,
            transcript.client_ip,
            transcript.outcome,
            ended(transcript.kind)
        )?;
        if transcript.lines.is_empty() {
            writeln!(out, "  (connection closed without a byte)")?;
        }
        for line in &transcript.lines {
            let who = match line.from {
                Side::Client => "C>",
                Side::Server => "S>",
            };
            writeln!(
                out,
                "  {:>10.3}  {who} {}",
                line.at,
                line.text.trim_end_matches(['\r', '\n'])
            )?;
        }
    }
    Ok(())
}

/// How a sampled connection ended, in words.
fn ended(kind: &str) -> String {
    match kind {
        "quit" => "ended by QUIT".to_string(),
        "idle_timeout" => "ended by the idle timeout".to_string(),
        "shutdown" => "ended by the shutdown".to_string(),
        "open" => "still open".to_string(),
        reason => reason.replace('_', " "),
    }
}

/// Concurrency over time, one column per timeline bucket: `#` up to the
/// bucket's mean, `:` up to its maximum.
fn write_chart(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    const HEIGHT: u32 = 8;
    const WIDTH: usize = 60;
    let buckets = &report.timeline.buckets;
    if buckets.is_empty() {
        return Ok(());
    }
    // Merge buckets so the chart fits in WIDTH columns.
    let per_column = buckets.len().div_ceil(WIDTH);
    let columns: Vec<(f64, u32)> = buckets
        .chunks(per_column)
        .map(|chunk| {
            let mean = chunk.iter().map(|b| b.concurrency_mean).sum::<f64>() / chunk.len() as f64;
            let max = chunk.iter().map(|b| b.concurrency_max).max().unwrap_or(0);
            (mean, max)
        })
        .collect();
    let top = report.peak_concurrency.max(1);
    writeln!(
        out,
        "Concurrency over time ('#' mean, ':' peak of each stretch; top = {top}):"
    )?;
    for row in (1..=HEIGHT).rev() {
        let level = f64::from(top) * f64::from(row) / f64::from(HEIGHT);
        let label = if row == HEIGHT {
            format!("{top:>6}")
        } else {
            " ".repeat(6)
        };
        let line: String = columns
            .iter()
            .map(|&(mean, max)| {
                if mean >= level - 1e-9 {
                    '#'
                } else if f64::from(max) >= level - 1e-9 {
                    ':'
                } else {
                    ' '
                }
            })
            .collect();
        writeln!(out, "{label} |{}", line.trim_end())?;
    }
    writeln!(out, "{:>6} +{}", 0, "-".repeat(columns.len()))?;
    let start = "0 s".to_string();
    let end = seconds(report.simulated_seconds);
    let gap = (columns.len() + 1).saturating_sub(start.len() + end.len());
    writeln!(out, "{:>6}  {start}{}{end}", "", " ".repeat(gap))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_policies_parse() {
        assert_eq!(parse_retry("none"), Ok(RetrySpec::None));
        assert_eq!(
            parse_retry("fixed:2.5"),
            Ok(RetrySpec::Fixed {
                delay: 2.5,
                max_attempts: None
            })
        );
        assert_eq!(
            parse_retry("backoff:1,60,6"),
            Ok(RetrySpec::Backoff {
                base: 1.0,
                max: 60.0,
                max_attempts: 6,
                jitter: Jitter::Full
            })
        );
        assert!(
            parse_retry("backoff:1,60")
                .unwrap_err()
                .contains("three values")
        );
        assert!(
            parse_retry("fixed:soon")
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            parse_retry("forever")
                .unwrap_err()
                .contains("expected none")
        );
    }
}
