//! `ftpsim drive`: a scenario's users played against a running server in
//! real time.
//!
//! Open loop: a scheduler thread starts every arrival at its scheduled
//! moment, whatever the server is doing, on a thread of its own, and
//! records how late the start was, so a slow server never thins out the
//! load it is measured under (no coordinated omission). Each connection
//! reads its first reply with the core's parser, logs in when greeted,
//! holds its session, says QUIT; a refused one follows its client
//! profile's retry rule for that form of refusal (the scenario's `[retry]`
//! section for the `custom` profile), with the rule's jitter and, for
//! exponential delays, a random draw, each user from a seeded stream of its
//! own as the simulator draws them; a ghost keeps its
//! session open without a word until the server closes it, or the ghost
//! cap ends it.
//!
//! Every step has a bound: connect, each read and write, each hold (at
//! most [`DriveOptions::max_hold`]); the number of connections open at
//! once and the attempts in all are capped too.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use ftpsim::clients::{Behaviour, RefusalForm};
use ftpsim::reply::parser::Config;
use ftpsim::sim::Scenario;
use ftpsim::sim::rng::Rng;
use serde::Serialize;

use crate::net::{connect_from, loopback_source, send_command};
use crate::reply_reader::{ReadError, ReplyReader};
use crate::schedule::{Arrival, NotDrivable, timetable};

/// How a drive runs.
#[derive(Debug, Clone)]
pub struct DriveOptions {
    pub target: SocketAddr,
    /// Every scenario duration is multiplied by this (0.1: ten times
    /// faster).
    pub time_scale: f64,
    /// Attempts in all, retries included.
    pub max_attempts: u32,
    /// Connections open at once; an attempt beyond is counted as skipped.
    pub max_open: u32,
    /// New connections per second, at most (the timetable is refused when
    /// its busiest second passes it).
    pub max_rate: f64,
    /// The longest any session or ghost is held, in real seconds.
    pub max_hold: Duration,
    /// The bound on connect and on every read and write.
    pub timeout: Duration,
}

/// One refusal form as seen on the wire.
#[derive(Debug, Clone, Serialize)]
pub struct FormSeen {
    pub form: &'static str,
    pub count: u64,
    /// The bytes of the first one, as text.
    pub bytes: String,
}

/// Percentiles of a set of durations, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Spread {
    pub count: usize,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

/// A proportion with its 95 % interval.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Interval {
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub method: &'static str,
}

/// What a drive measured.
#[derive(Debug, Clone, Serialize)]
pub struct DriveReport {
    pub scenario: Option<String>,
    pub target: SocketAddr,
    pub seed: u64,
    pub time_scale: f64,
    /// Whether each scenario address had its own loopback source address;
    /// `false`: all users shared this machine's address.
    pub distinct_sources: bool,
    pub source_addresses: u32,
    pub users: u64,
    pub attempts: u64,
    pub greeted: u64,
    pub refused: u64,
    /// Connections that failed otherwise (connect error, timeout, malformed
    /// reply).
    pub failed: u64,
    /// Attempts not made because `max_open` connections were open.
    pub skipped_by_cap: u64,
    pub blocking_probability: Interval,
    /// Attempts that were first tries and were refused, over first tries.
    pub first_attempt_blocking: Interval,
    pub refused_by_code: BTreeMap<String, u64>,
    pub refusal_forms: Vec<FormSeen>,
    /// Connections greeted in the end, retries included.
    pub connections_served: u64,
    /// Connections whose client gave up (or failed) before a greeting.
    pub connections_gave_up: u64,
    pub first_byte_ms: Option<Spread>,
    pub complete_reply_ms: Option<Spread>,
    /// How late each start was against the schedule.
    pub lateness_ms: Option<Spread>,
    /// Ghost sessions the server closed by itself, and how long it took.
    pub ghosts_closed_by_server: u64,
    pub ghosts_ended_by_cap: u64,
    pub ghost_hold_ms: Option<Spread>,
    pub wall_seconds: f64,
}

#[derive(Default)]
struct Tally {
    attempts: u64,
    first_tries: u64,
    first_try_refused: u64,
    greeted: u64,
    refused: u64,
    failed: u64,
    skipped: u64,
    by_code: BTreeMap<String, u64>,
    forms: Vec<FormSeen>,
    users_completed: u64,
    users_failed: u64,
    first_byte: Vec<f64>,
    complete: Vec<f64>,
    lateness: Vec<f64>,
    ghosts_closed: u64,
    ghosts_capped: u64,
    ghost_hold: Vec<f64>,
}

struct Shared {
    options: DriveOptions,
    /// What a user's connection does after a refusal: alone, and as one of
    /// several connections of a user.
    alone: Behaviour,
    parallel: Behaviour,
    seed: u64,
    tally: Mutex<Tally>,
    open: AtomicU32,
    attempts_left: AtomicU32,
    origin: Instant,
}

/// How one attempt ended.
enum Outcome {
    Greeted,
    Refused(RefusalForm),
    Failed,
    Skipped,
}

/// Plays `scenario` against `options.target`; see the module docs.
pub fn drive(scenario: &Scenario, options: DriveOptions) -> Result<DriveReport, NotDrivable> {
    if !(options.time_scale > 0.0 && options.time_scale.is_finite()) {
        return Err(NotDrivable(
            "the time scale must be a positive number".into(),
        ));
    }
    let plan = timetable(scenario, options.max_attempts as usize)?;
    check_rate(&plan, &options)?;
    let distinct_sources = options.target.ip().is_loopback();
    let (alone, parallel) = scenario.clients.behaviours(&scenario.retry);
    let connections = scenario.clients.connections_per_user();
    let source_addresses = if distinct_sources {
        plan.iter().map(|a| a.address).max().map_or(0, |m| m + 1)
    } else {
        1
    };
    let shared = Arc::new(Shared {
        attempts_left: AtomicU32::new(options.max_attempts),
        options,
        alone,
        parallel,
        seed: scenario.seed,
        tally: Mutex::new(Tally::default()),
        open: AtomicU32::new(0),
        origin: Instant::now() + Duration::from_millis(50),
    });
    let mut handles = Vec::with_capacity(plan.len());
    for (index, arrival) in plan.iter().enumerate() {
        let due = shared.origin + scaled(arrival.at, shared.options.time_scale);
        sleep_until(due);
        for connection in 0..connections {
            let worker = Arc::clone(&shared);
            let arrival = arrival.clone();
            let source = distinct_sources
                .then(|| loopback_source(arrival.address))
                .flatten();
            let behaviour = if connections > 1 {
                shared.parallel
            } else {
                shared.alone
            };
            // Streams 1000 and up: the timetable's are below.
            let stream = 1000 + index as u64 * u64::from(connections) + u64::from(connection);
            let rng = Rng::stream(shared.seed, stream);
            let spawned = thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(move || user(&worker, &arrival, source, due, behaviour, rng));
            match spawned {
                Ok(handle) => handles.push(handle),
                Err(_) => lock(&shared.tally).skipped += 1,
            }
        }
    }
    let mut users_completed = 0;
    let mut users_failed = 0;
    for handle in handles {
        match handle.join() {
            Ok(true) => users_completed += 1,
            Ok(false) => users_failed += 1,
            Err(_) => users_failed += 1,
        }
    }
    let wall_seconds = shared.origin.elapsed().as_secs_f64();
    let shared = Arc::into_inner(shared).expect("every connection thread has ended");
    let mut t = shared.tally.into_inner().unwrap_or_else(|e| e.into_inner());
    t.users_completed = users_completed;
    t.users_failed = users_failed;
    let decided = t.greeted + t.refused;
    Ok(DriveReport {
        scenario: scenario.name.clone(),
        target: shared.options.target,
        seed: scenario.seed,
        time_scale: shared.options.time_scale,
        distinct_sources,
        source_addresses,
        users: plan.len() as u64,
        attempts: t.attempts,
        greeted: t.greeted,
        refused: t.refused,
        failed: t.failed,
        skipped_by_cap: t.skipped,
        blocking_probability: wilson(t.refused, decided),
        first_attempt_blocking: wilson(t.first_try_refused, t.first_tries),
        refused_by_code: t.by_code,
        refusal_forms: t.forms,
        connections_served: t.users_completed,
        connections_gave_up: t.users_failed,
        first_byte_ms: spread(&mut t.first_byte),
        complete_reply_ms: spread(&mut t.complete),
        lateness_ms: spread(&mut t.lateness),
        ghosts_closed_by_server: t.ghosts_closed,
        ghosts_ended_by_cap: t.ghosts_capped,
        ghost_hold_ms: spread(&mut t.ghost_hold),
        wall_seconds,
    })
}

/// Refuses a timetable whose busiest second opens more connections than
/// `max_rate` allows.
fn check_rate(plan: &[Arrival], options: &DriveOptions) -> Result<(), NotDrivable> {
    let window = options.time_scale;
    let mut start = 0;
    for (end, arrival) in plan.iter().enumerate() {
        while arrival.at - plan[start].at >= window {
            start += 1;
        }
        let in_one_second = (end - start + 1) as f64;
        if in_one_second > options.max_rate {
            return Err(NotDrivable(format!(
                "the schedule opens {in_one_second} connections within one second at t = {:.1} s, \
                 more than --max-rate {} allows",
                arrival.at, options.max_rate
            )));
        }
    }
    Ok(())
}

fn scaled(seconds: f64, scale: f64) -> Duration {
    Duration::from_secs_f64((seconds * scale).clamp(0.0, 1e9))
}

fn sleep_until(due: Instant) {
    // Sleep most of the way, then yield: a plain sleep may overshoot by a
    // scheduler tick, which would show as lateness that is the driver's own.
    loop {
        let now = Instant::now();
        if now >= due {
            return;
        }
        let left = due - now;
        if left > Duration::from_micros(1500) {
            thread::sleep(left - Duration::from_millis(1));
        } else {
            thread::yield_now();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// One user's connection: attempts until greeted or given up. Whether it
/// was greeted in the end.
fn user(
    shared: &Shared,
    arrival: &Arrival,
    source: Option<IpAddr>,
    mut due: Instant,
    behaviour: Behaviour,
    mut rng: Rng,
) -> bool {
    let mut tries = 0u32;
    loop {
        tries += 1;
        match attempt(shared, arrival, source, due, tries == 1) {
            Outcome::Greeted => return true,
            Outcome::Failed | Outcome::Skipped => return false,
            Outcome::Refused(form) => {
                let Some(delay) = behaviour.rule(form).delay(tries, &mut rng) else {
                    return false;
                };
                due = Instant::now() + scaled(delay, shared.options.time_scale);
                sleep_until(due);
            }
        }
    }
}

fn attempt(
    shared: &Shared,
    arrival: &Arrival,
    source: Option<IpAddr>,
    due: Instant,
    first: bool,
) -> Outcome {
    let options = &shared.options;
    if shared
        .attempts_left
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
        .is_err()
    {
        lock(&shared.tally).skipped += 1;
        return Outcome::Skipped;
    }
    if shared.open.fetch_add(1, Ordering::AcqRel) >= options.max_open {
        shared.open.fetch_sub(1, Ordering::AcqRel);
        lock(&shared.tally).skipped += 1;
        return Outcome::Skipped;
    }
    let started = Instant::now();
    let lateness = started.saturating_duration_since(due).as_secs_f64() * 1e3;
    let outcome = converse(shared, arrival, source, started);
    shared.open.fetch_sub(1, Ordering::AcqRel);
    let mut t = lock(&shared.tally);
    t.attempts += 1;
    t.lateness.push(lateness);
    if first {
        t.first_tries += 1;
    }
    match &outcome {
        Conversation::Greeted {
            first_byte,
            complete,
            ghost,
        } => {
            t.greeted += 1;
            t.first_byte.push(*first_byte);
            t.complete.push(*complete);
            if let Some((closed_by_server, held)) = ghost {
                if *closed_by_server {
                    t.ghosts_closed += 1;
                } else {
                    t.ghosts_capped += 1;
                }
                t.ghost_hold.push(*held);
            }
            Outcome::Greeted
        }
        Conversation::Refused {
            code,
            after_login,
            wire,
            first_byte,
            complete,
        } => {
            t.refused += 1;
            if first {
                t.first_try_refused += 1;
            }
            if let (Some(fb), Some(c)) = (first_byte, complete) {
                t.first_byte.push(*fb);
                t.complete.push(*c);
            }
            let form = RefusalForm::of(*code, *after_login);
            let key = code.map_or_else(|| "silent close".to_string(), |c| c.to_string());
            *t.by_code.entry(key).or_insert(0) += 1;
            match t.forms.iter_mut().find(|f| f.form == form.key()) {
                Some(seen) => seen.count += 1,
                None => t.forms.push(FormSeen {
                    form: form.key(),
                    count: 1,
                    bytes: wire.clone(),
                }),
            }
            Outcome::Refused(form)
        }
        Conversation::Failed => {
            t.failed += 1;
            Outcome::Failed
        }
    }
}

enum Conversation {
    Greeted {
        first_byte: f64,
        complete: f64,
        /// For a ghost: whether the server closed it, and after how long.
        ghost: Option<(bool, f64)>,
    },
    Refused {
        code: Option<u16>,
        after_login: bool,
        wire: String,
        first_byte: Option<f64>,
        complete: Option<f64>,
    },
    Failed,
}

fn converse(
    shared: &Shared,
    arrival: &Arrival,
    source: Option<IpAddr>,
    started: Instant,
) -> Conversation {
    let options = &shared.options;
    let Ok(mut stream) = connect_from(options.target, source, options.timeout) else {
        return Conversation::Failed;
    };
    let _ = stream.set_read_timeout(Some(options.timeout));
    let _ = stream.set_write_timeout(Some(options.timeout));
    let mut reader = ReplyReader::new(Config::lenient());
    let greeting = match reader.read_reply(&mut stream) {
        Ok(reply) => reply,
        Err(ReadError::Closed { partial }) if partial.is_empty() => {
            return Conversation::Refused {
                code: None,
                after_login: false,
                wire: String::new(),
                first_byte: None,
                complete: None,
            };
        }
        Err(_) => return Conversation::Failed,
    };
    let ms = |at: Instant| at.saturating_duration_since(started).as_secs_f64() * 1e3;
    let first_byte = ms(greeting.first_byte_at());
    let complete = ms(greeting.complete_at());
    // A 120 comes before the real greeting: wait for what follows.
    let greeting = if greeting.code() == 120 {
        match reader.read_reply(&mut stream) {
            Ok(reply) => reply,
            Err(_) => return Conversation::Failed,
        }
    } else {
        greeting
    };
    if greeting.code() != 220 {
        return Conversation::Refused {
            code: Some(greeting.code()),
            after_login: false,
            wire: String::from_utf8_lossy(greeting.wire()).into_owned(),
            first_byte: Some(first_byte),
            complete: Some(complete),
        };
    }
    // Log in, as the simulated user does: some servers count, or refuse,
    // only at login.
    match login(&mut stream, &mut reader) {
        Login::Ok => {}
        Login::Refused(code, wire) => {
            return Conversation::Refused {
                code: Some(code),
                after_login: true,
                wire,
                first_byte: Some(first_byte),
                complete: Some(complete),
            };
        }
        Login::Failed => return Conversation::Failed,
    }
    let hold = scaled(arrival.hold, options.time_scale).min(options.max_hold);
    let ghost = if arrival.ghost {
        Some(hold_ghost(&mut stream, &mut reader, options.max_hold))
    } else {
        thread::sleep(hold);
        let _ = send_command(&mut stream, "QUIT");
        let _ = reader.read_reply(&mut stream);
        None
    };
    let _ = stream.shutdown(std::net::Shutdown::Both);
    Conversation::Greeted {
        first_byte,
        complete,
        ghost,
    }
}

enum Login {
    Ok,
    Refused(u16, String),
    Failed,
}

fn login(stream: &mut TcpStream, reader: &mut ReplyReader) -> Login {
    let mut ask = |command: &str| {
        send_command(stream, command).ok()?;
        reader.read_reply(stream).ok()
    };
    let Some(user) = ask("USER anonymous") else {
        return Login::Failed;
    };
    let reply = match user.code() {
        331 => match ask("PASS drive@ftpsim.invalid") {
            Some(reply) => reply,
            None => return Login::Failed,
        },
        _ => user,
    };
    match reply.code() {
        230 => Login::Ok,
        code if code >= 400 => {
            Login::Refused(code, String::from_utf8_lossy(reply.wire()).into_owned())
        }
        _ => Login::Failed,
    }
}

/// Says nothing until the server closes (its idle timeout), at most
/// `cap`; whether the server closed, and the milliseconds held.
fn hold_ghost(stream: &mut TcpStream, reader: &mut ReplyReader, cap: Duration) -> (bool, f64) {
    let held = Instant::now();
    let step = Duration::from_millis(200);
    loop {
        let left = cap.saturating_sub(held.elapsed());
        if left.is_zero() {
            return (false, held.elapsed().as_secs_f64() * 1e3);
        }
        let _ = stream.set_read_timeout(Some(left.min(step)));
        match reader.read_reply(stream) {
            // The server's closing reply (421 Timeout.), then its close.
            Ok(_) => continue,
            Err(err) if err.is_timeout() => continue,
            Err(_) => return (true, held.elapsed().as_secs_f64() * 1e3),
        }
    }
}

/// Wilson's score interval at 95 %: unlike the normal approximation it
/// stays inside [0, 1] and is honest for counts near 0.
pub fn wilson(successes: u64, trials: u64) -> Interval {
    if trials == 0 {
        return Interval {
            value: 0.0,
            low: 0.0,
            high: 1.0,
            method: "wilson",
        };
    }
    let z = 1.959_963_984_540_054_f64;
    let n = trials as f64;
    let p = successes as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    Interval {
        value: p,
        // At the ends the bound is exactly 0 or 1; rounding would leave a
        // crumb.
        low: if successes == 0 {
            0.0
        } else {
            (centre - half).max(0.0)
        },
        high: if successes == trials {
            1.0
        } else {
            (centre + half).min(1.0)
        },
        method: "wilson",
    }
}

fn spread(values: &mut [f64]) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() as f64 - 1.0) * q).round() as usize];
    Some(Spread {
        count: values.len(),
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        max: values[values.len() - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftpsim::clients::Jitter;
    use ftpsim::sim::RetrySpec;

    #[test]
    fn wilson_intervals_hold_the_estimate_and_stay_in_bounds() {
        let i = wilson(20, 100);
        assert!(i.low < 0.2 && 0.2 < i.high);
        assert!(
            (i.low - 0.1334).abs() < 1e-3 && (i.high - 0.2888).abs() < 1e-3,
            "{i:?}"
        );
        let zero = wilson(0, 50);
        assert_eq!(zero.low, 0.0);
        assert!(zero.high > 0.05 && zero.high < 0.1);
        assert_eq!(wilson(0, 0).high, 1.0);
    }

    #[test]
    fn custom_retry_delays_follow_the_section_with_its_jitter() {
        let mut rng = Rng::stream(7, 1000);
        let backoff = RetrySpec::Backoff {
            base: 1.0,
            max: 4.0,
            max_attempts: 4,
            jitter: Jitter::Equal,
        }
        .rule();
        for (tries, nominal) in [(1, 1.0), (2, 2.0), (3, 4.0)] {
            let d = backoff.delay(tries, &mut rng).unwrap();
            assert!(d >= nominal / 2.0 && d <= nominal, "{tries}: {d}");
        }
        // The fourth try was the last.
        assert_eq!(backoff.delay(4, &mut rng), None);
        assert_eq!(RetrySpec::None.rule().delay(1, &mut rng), None);
        // Exponential delays are drawn, not their mean every time.
        let exp = RetrySpec::Exponential {
            mean: 2.0,
            max_attempts: None,
        }
        .rule();
        let draws: Vec<f64> = (0..2000).map(|_| exp.delay(1, &mut rng).unwrap()).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((1.8..2.2).contains(&mean), "{mean}");
        assert!(draws.iter().any(|&d| d < 0.5) && draws.iter().any(|&d| d > 5.0));
    }

    #[test]
    fn percentiles_come_from_the_sorted_values() {
        let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let s = spread(&mut v).unwrap();
        assert_eq!((s.count, s.p50, s.p99, s.max), (100, 51.0, 99.0, 100.0));
        assert!(spread(&mut []).is_none());
    }
}
